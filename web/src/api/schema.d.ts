// Generated from the polycopy OpenAPI document by `npm run gen` (web/scripts/gen-api.mjs).
// Do not edit by hand: `npm run gen:check` fails when this file is stale.
export interface paths {
    "/api/v1/accounts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Accounts
         * @description Your follower accounts, newest first.
         */
        get: operations["accounts-list_accounts"];
        put?: never;
        /**
         * Create Account
         * @description Link a Polymarket account. Credentials are checked, encrypted at once and never
         *     returned; the signing address is the key's unless given. Without credentials, polycopy
         *     makes a paper signing key. An account is linked in paper (or sim) mode: live is reached
         *     only through ``POST /accounts/{id}/mode``, confirmed and checked by the doctor.
         */
        post: operations["accounts-create_account"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/accounts/{account_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get Account
         * @description One of your follower accounts (never its credentials).
         */
        get: operations["accounts-get_account"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Update Account
         * @description Rename the account or replace its limits (an audit event records the change).
         */
        patch: operations["accounts-update_account"];
        trace?: never;
    };
    "/api/v1/accounts/{account_id}/credentials": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Replace Account Credentials
         * @description Replace the account's credentials (a new API key, key or session key), checked as
         *     at linking and audited (without them). A quarantined account stays halted until you
         *     resume it; workers use the new credentials from the account's next order on.
         */
        put: operations["accounts-replace_account_credentials"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/accounts/{account_id}/doctor": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Run Doctor
         * @description The checks of ``polycopy doctor``: wallet setup, clock, region, API key, restrictions,
         *     balance and approvals, each in plain words. A ``fail`` blocks trading; nothing changes.
         */
        get: operations["accounts-run_doctor"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/accounts/{account_id}/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Export Account
         * @description Download one of your accounts' fills, lots, decisions or orders, in the order recorded.
         *
         *     Fills by when they filled, decisions and orders by when they were made; a lot when it
         *     was held during the period (opened before its end, not closed before its start).
         */
        get: operations["exports-export_account"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/accounts/{account_id}/halt": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Halt Account
         * @description The account's kill switch: copy nothing more until resumed.
         */
        post: operations["accounts-halt_account"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/accounts/{account_id}/merge-offers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Merge Offers
         * @description Merges offered for one of your accounts, answered or not, newest first.
         */
        get: operations["accounts-list_merge_offers"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/accounts/{account_id}/merge-offers/{offer_id}/accept": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Accept Merge Offer
         * @description Merge these complete sets back into pUSD; the worker sends it in its next round.
         */
        post: operations["accounts-accept_merge_offer"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/accounts/{account_id}/merge-offers/{offer_id}/decline": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Decline Merge Offer
         * @description Keep holding both outcomes; this market's merge is not offered again.
         */
        post: operations["accounts-decline_merge_offer"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/accounts/{account_id}/mode": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Switch Mode
         * @description Switch between paper and live, confirmed (``confirm: true``) and audited. Going live
         *     runs the doctor first and is refused (409) while a check fails or credentials are missing.
         */
        post: operations["accounts-switch_mode"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/accounts/{account_id}/position-drifts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Position Drifts
         * @description Shares at the venue that nothing explains, raised by the reconciler (the rules trading
         *     the token are halted), by token; acknowledge one to accept it as your own.
         */
        get: operations["accounts-list_position_drifts"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/accounts/{account_id}/position-drifts/{token_id}/acknowledge": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Acknowledge Position Drift
         * @description Accept a raised drift as your own shares: it joins the token's baseline and is not
         *     raised again (audited). The halted rules stay halted until you resume them. 422 when no
         *     drift of this token is raised.
         */
        post: operations["accounts-acknowledge_position_drift"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/accounts/{account_id}/resume": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Resume Account
         * @description Copy again (entries and exits).
         */
        post: operations["accounts-resume_account"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/accounts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List All Accounts
         * @description Every follower account (never its credentials), newest first.
         */
        get: operations["admin-list_all_accounts"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/accounts/{account_id}/halt": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Halt Any Account
         * @description Any account's kill switch; the owner sees it in their audit log.
         */
        post: operations["admin-halt_any_account"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/accounts/{account_id}/resume": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Resume Any Account
         * @description Let any account copy again.
         */
        post: operations["admin-resume_any_account"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List All Audit Events
         * @description The whole audit log, newest first.
         */
        get: operations["admin-list_all_audit_events"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/dead-letters": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Dead Letters
         * @description Orders that ran out of attempts, newest first, with their history and last error.
         */
        get: operations["admin-list_dead_letters"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/dead-letters/{order_id}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Retry Dead Lettered Order
         * @description Send a dead-lettered order again: the same signed bytes, fresh attempts.
         */
        post: operations["admin-retry_dead_lettered_order"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/kill-switch": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get Kill Switch
         * @description Is the global kill switch on?
         */
        get: operations["admin-get_kill_switch"];
        /**
         * Set Kill Switch
         * @description The global kill switch: while on, nothing is copied for anyone.
         */
        put: operations["admin-set_kill_switch"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/queue": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get Queue
         * @description The order queue: orders per status, how many are due, held, dead-lettered.
         */
        get: operations["admin-get_queue"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/runtime": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get Runtime
         * @description Circuit breakers and venue rate limits as each worker last reported them.
         */
        get: operations["admin-get_runtime"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/sources": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get Detection Sources
         * @description Detection health per source: reports, first reports, latency, read positions.
         */
        get: operations["admin-get_detection_sources"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Users
         * @description Every user, newest first, with how many follower accounts each has.
         */
        get: operations["admin-list_users"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/alerts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Alerts
         * @description Your alerts as last checked, firing ones first.
         */
        get: operations["notifications-list_alerts"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/alerts/settings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get Alert Settings
         * @description Your alert thresholds (the defaults until you set them).
         */
        get: operations["notifications-get_alert_settings"];
        /**
         * Put Alert Settings
         * @description Set every threshold at once (a field left out takes its default; ``null``: off).
         */
        put: operations["notifications-put_alert_settings"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Audit Events
         * @description Newest first. An administrator's actions on your accounts are here too.
         */
        get: operations["audit-list_audit_events"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/sign-in": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sign In
         * @description Sign in with e-mail and password (sets the session cookies).
         *
         *     Attempts are counted per e-mail and client address before the password is checked:
         *     after ``sign_in_max_failures`` the next one must wait (429 with ``Retry-After``, right
         *     password or not), from ``sign_in_delay_seconds``, doubling up to
         *     ``sign_in_lockout_seconds``. A success clears the count.
         */
        post: operations["auth-sign_in"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/sign-out": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sign Out
         * @description End this browser session (needs the CSRF header like every cookie mutation).
         */
        post: operations["auth-sign_out"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/sign-up": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sign Up
         * @description Create a user with e-mail and password; then sign in.
         *
         *     The answer is the same 202 whether the e-mail was new or already had an account (which
         *     keeps its password), so sign-up tells nobody which e-mails exist. A password the policy
         *     refuses is 422, for any e-mail.
         */
        post: operations["auth-sign_up"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/backtests": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Backtests
         * @description Your latest backtests (of one leader, with ``leader_id``), newest first, at most 20.
         */
        get: operations["backtests-list_backtests"];
        put?: never;
        /**
         * Start Backtest
         * @description Replay the leader's stored history (detected and backfilled fills) through the live
         *     decision code under these settings; a worker runs it (``GET /backtests/{id}`` for its
         *     progress and report). Nothing but the job is stored.
         */
        post: operations["backtests-start_backtest"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/backtests/{job_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get Backtest
         * @description A backtest of yours: its progress while it runs, its report once done.
         */
        get: operations["backtests-get_backtest"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/billing/admin/invoices": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Admin List Invoices
         * @description Everyone's invoices, newest first (by default the unpaid ones).
         */
        get: operations["billing-admin_list_invoices"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/billing/admin/invoices/{invoice_id}/paid": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Mark Paid
         * @description Mark an invoice paid offline, with a note (the manual payment provider).
         */
        post: operations["billing-mark_paid"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/billing/admin/plans": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Admin List Plans
         * @description Every plan, withdrawn ones too.
         */
        get: operations["billing-admin_list_plans"];
        put?: never;
        /**
         * Create Plan
         * @description Define a plan (its code is for ever; ``active: false`` withdraws it from sale).
         */
        post: operations["billing-create_plan"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/billing/admin/plans/{code}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Update Plan
         * @description Replace a plan's price and limits (subscribers get them at once).
         */
        put: operations["billing-update_plan"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/billing/admin/users/{user_id}/extend": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Extend
         * @description Add days to a user's period (an expired or past-due one becomes active).
         */
        post: operations["billing-extend"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/billing/admin/users/{user_id}/grant": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Grant
         * @description Put a user on a plan, nothing to pay, for ``days`` (default: one period).
         */
        post: operations["billing-grant"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/billing/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Cancel
         * @description Cancel at the period's end (the plan holds until then); open invoices are voided.
         */
        post: operations["billing-cancel"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/billing/change": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Change Plan
         * @description Switch plans now; the rest of the period is prorated (charged, or credited).
         */
        post: operations["billing-change_plan"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/billing/invoices": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Invoices
         * @description Your invoices, newest first, with how to pay the open ones.
         */
        get: operations["billing-list_invoices"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/billing/plans": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Plans
         * @description The plans on offer, cheapest first (the free plan, from settings, is not a row).
         */
        get: operations["billing-list_plans"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/billing/subscribe": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Subscribe
         * @description Subscribe to a plan: a trial, or a first invoice to pay (the plan applies at once).
         */
        post: operations["billing-subscribe"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/billing/subscription": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get Subscription
         * @description Your subscription; 404 when you have none (the free plan's limits apply).
         */
        get: operations["billing-get_subscription"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/decisions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Decisions
         * @description Every copy or skip for your rules, newest first, with the reason explained.
         */
        get: operations["decisions-list_decisions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/decisions/{decision_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get Decision
         * @description One decision, with its reason explained.
         */
        get: operations["decisions-get_decision"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/decisions/summary": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Summarize Decisions
         * @description Copies, copies not filled, skips by reason and filled orders, counted over every
         *     stored decision (a mirrored split or merge counts as a copy).
         */
        get: operations["decisions-summarize_decisions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/events/stream": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Stream Events
         * @description Your leaders' fills, your decisions and your orders' state changes, as they happen.
         */
        get: operations["events-stream_events"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/ingest/fills": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Ingest Fills
         * @description Record leader fills an outside provider reports, signed with its shared secret.
         *
         *     They enter the same pipeline as the built-in sources: same identity, one row per fill
         *     with a sighting per source, decided and copied like any other fill. Fills of wallets
         *     nobody follows are ignored. A replay within the signature window changes nothing.
         */
        post: operations["ingest-ingest_fills"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/leaders": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Leaders
         * @description Your leader list: leaders you added or have rules for, newest first.
         */
        get: operations["leaders-list_leaders"];
        put?: never;
        /**
         * Add Leader
         * @description Add a leader by wallet address to your list (no copying until a rule says so).
         *
         *     ``name`` is yours alone; adding a leader on your list again with a name renames it.
         *     The wallet's history is read in the background (``GET /leaders/{id}/backfill``).
         */
        post: operations["leaders-add_leader"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/leaders/{leader_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get Leader
         * @description A leader on your list.
         */
        get: operations["leaders-get_leader"];
        put?: never;
        post?: never;
        /**
         * Unfollow Leader
         * @description Take a leader off your list (its fills stay recorded). Refused (409
         *     ``leader_has_rules``) while a rule of yours copies it: delete those rules first, so
         *     nothing copies a leader you no longer see.
         */
        delete: operations["leaders-unfollow_leader"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/leaders/{leader_id}/attribution": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get Leader Attribution
         * @description The same for each of your rules that copies this leader (one per account).
         */
        get: operations["attribution-get_leader_attribution"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/leaders/{leader_id}/backfill": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get Leader Backfill
         * @description Progress of reading the leader's whole history (leaders on your list only).
         */
        get: operations["leaders-get_leader_backfill"];
        put?: never;
        /**
         * Start Leader Backfill
         * @description Read the leader's history again from where the last read stopped (a worker runs it);
         *     a read already waiting or running is left as it is.
         */
        post: operations["leaders-start_leader_backfill"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/leaders/{leader_id}/drift": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get Leader Drift
         * @description Whether the leader still trades like its own history: its last days against the time
         *     before, by trade size, new categories, frequency and win rate (docs/leader-statistics.md).
         *
         *     The worker's latest check; when the leader has newer fills, or none was made yet, one
         *     computed now (nothing stored: the worker's check is the one rules act on).
         */
        get: operations["leaders-get_leader_drift"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/leaders/{leader_id}/fills": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Leader Fills
         * @description The leader's fills polycopy detected, newest first (leaders on your list only).
         */
        get: operations["leaders-list_leader_fills"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/leaders/{leader_id}/performance": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Leader Performance
         * @description The leader's cumulative volume and realised PnL over the fills polycopy recorded.
         *
         *     Sales are matched FIFO against recorded buys at the leader's own prices; the part of a
         *     sale with no recorded buy adds volume only. One point per trade, oldest first.
         */
        get: operations["leaders-leader_performance"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/leaders/{leader_id}/positions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Leader Positions
         * @description The leader's open positions now, from the Data API (leaders on your list only).
         *
         *     Figures are Polymarket's own; money is in micro-units of pUSD, rounded toward zero.
         */
        get: operations["leaders-list_leader_positions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/leaders/{leader_id}/statistics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get Leader Statistics
         * @description The leader's statistics over a period, from its stored fills (docs/leader-statistics.md).
         *
         *     Stored; recomputed when the leader has fills newer than them (a worker also refreshes
         *     them after a backfill and as detection adds fills).
         */
        get: operations["leaders-get_leader_statistics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/leaders/compare": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Compare Leaders
         * @description Up to four leaders of your list side by side, in the order asked, each ranked among
         *     them by copyability.
         */
        get: operations["leaders-compare_leaders"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/leaders/discover": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Discover Leaders
         * @description Candidates from Polymarket's leaderboard (Data API), marking those already on your list.
         *
         *     Money is in micro-units of pUSD, rounded toward zero.
         */
        get: operations["leaders-discover_leaders"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/leaders/lookup": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Look Up Wallet
         * @description Whether a wallet ever traded on Polymarket (its latest Data API activity) and whether it
         *     is on your list, without adding it: a mistyped or unused address can be caught first.
         */
        get: operations["leaders-look_up_wallet"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/leaders/ranking": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Rank Leaders
         * @description Your leaders ranked by their stored statistics of the period or by copyability at the
         *     default rule, after filters (docs/leader-statistics.md, "Ranking").
         *
         *     Figures are those stored (the worker refreshes them as fills arrive; ``computed_at``
         *     says when); a leader never computed is computed now. ``tag`` is a market category the
         *     leader traded; the trade-size range applies to the median trade; a leader lacking a
         *     figure a filter needs is filtered out. Leaders without the sort's figure come last.
         */
        get: operations["leaders-rank_leaders"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/leaders/walk-forward": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Walk Forward Check
         * @description Rank your leaders on their fills of the ``split_days`` before the split (``split_days``
         *     ago), measure the copy results after it (follower ROI of a backtest at the default rule),
         *     and say whether the past rank predicted them: Spearman rank correlation against a seeded
         *     shuffled baseline (docs/leader-statistics.md, "Walk-forward check"). Replays the fills
         *     of both windows on each request.
         */
        get: operations["leaders-walk_forward_check"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/markets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Markets
         * @description Names and outcomes of these markets (public data; any signed-in user or token).
         *
         *     A market polycopy has not stored yet is fetched from Gamma once and stored; one Gamma
         *     cannot describe is left out of the answer.
         */
        get: operations["markets-list_markets"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/markets/{condition_id}/risk": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get Market Risk
         * @description The market's risk score with each part (docs/market-risk.md), from Gamma's figures
         *     read now (when a Gamma is configured) and the trades polycopy saw in the last day.
         */
        get: operations["markets-get_market_risk"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get Me
         * @description The signed-in user, how they authenticated, what they may do, and the server's mode.
         */
        get: operations["me-get_me"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Change Password
         * @description A new password; every other session of yours ends (this one stays signed in).
         */
        post: operations["me-change_password"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Sessions
         * @description Your browsers still signed in, newest first (browser sessions only, like tokens).
         */
        get: operations["me-list_sessions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/sessions/{session_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * End Other Session
         * @description Sign one of your browsers out (this one too: it then needs to sign in again).
         */
        delete: operations["me-end_other_session"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/notification-channels": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Channels
         * @description Your notification channels (their URLs are never returned), newest first.
         */
        get: operations["notifications-list_channels"];
        put?: never;
        /**
         * Create Channel
         * @description Notify an apprise URL of some events. The URL is encrypted and never shown again.
         */
        post: operations["notifications-create_channel"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/notification-channels/{channel_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Delete Channel
         * @description Stop notifying this channel.
         */
        delete: operations["notifications-delete_channel"];
        options?: never;
        head?: never;
        /**
         * Update Channel
         * @description Rename it, change its events, or pause it (``active``).
         */
        patch: operations["notifications-update_channel"];
        trace?: never;
    };
    "/api/v1/notification-channels/{channel_id}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Test Channel
         * @description Send a test message to the channel now (paused or not) and say whether it went.
         */
        post: operations["notifications-test_channel"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orders": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Orders
         * @description Your orders, newest first, each with its state history.
         */
        get: operations["orders-list_orders"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orders/{order_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get Order
         * @description One order with its state history.
         */
        get: operations["orders-get_order"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/portfolio": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get Portfolio
         * @description Open positions per account, leader and token, marked; PnL, fees and exposure.
         */
        get: operations["portfolio-get_portfolio"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/portfolio/equity": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get Equity Curve
         * @description Cumulative realised PnL, fees and open cost at the end of each hour or day with fills
         *     or settlements (a split's lots count at what they cost, as in the portfolio).
         *
         *     Past points carry no unrealised PnL (no price history is kept); ``now`` marks today's
         *     open positions.
         */
        get: operations["portfolio-get_equity_curve"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/portfolio/fills": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Exchange Fills
         * @description Fills of your orders as the venue reported them, newest first.
         */
        get: operations["portfolio-list_exchange_fills"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/portfolio/leaders": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Compare Leaders
         * @description Per account and leader: your result, and how it compares with the leader's prices.
         */
        get: operations["portfolio-compare_leaders"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/portfolio/lots": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Lots
         * @description Lots (shares bought for one leader), newest first.
         */
        get: operations["portfolio-list_lots"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/portfolio/performance": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get Performance
         * @description Daily, weekly or monthly PnL bars, cumulative equity with drawdown, win/loss, profit
         *     factor and expectancy, and PnL per market, category and leader (realised in the period,
         *     plus open positions now).
         */
        get: operations["portfolio-get_performance"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/rules": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Rules
         * @description Your copy rules (deleted ones hidden), newest first.
         */
        get: operations["rules-list_rules"];
        put?: never;
        /**
         * Create Copy Rule
         * @description Copy a leader into one of your accounts, from now on, under these settings.
         */
        post: operations["rules-create_copy_rule"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/rules/{rule_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get Rule
         * @description One copy rule with its current settings and version.
         */
        get: operations["rules-get_rule"];
        put?: never;
        post?: never;
        /**
         * Delete Rule
         * @description Stop copying and hide the rule; its decisions and orders stay in your history.
         */
        delete: operations["rules-delete_rule"];
        options?: never;
        head?: never;
        /**
         * Update Copy Rule
         * @description New settings make a new version; earlier decisions keep naming the version they used.
         */
        patch: operations["rules-update_copy_rule"];
        trace?: never;
    };
    "/api/v1/rules/{rule_id}/attribution": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get Rule Attribution
         * @description Why this rule's result differs from its leader's over the period, part by part.
         */
        get: operations["attribution-get_rule_attribution"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/rules/{rule_id}/pause": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Pause Rule
         * @description Stop copying this leader (entries and exits) until resumed.
         */
        post: operations["rules-pause_rule"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/rules/{rule_id}/resume": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Resume Rule
         * @description Copy this leader again.
         */
        post: operations["rules-resume_rule"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/rules/preview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Preview Copy Rule
         * @description With these settings, the leader's stored history (detected and backfilled fills)
         *     replayed through the backtest engine under the account's limits, starting from its state
         *     now, against the recorded or modelled book of each moment: the last 20 trades one by one,
         *     and the report over all of them (``backtest``). Nothing is saved. Only leaders on your
         *     list have stored trades.
         */
        post: operations["rules-preview_copy_rule"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Tokens
         * @description Your API tokens (without the tokens themselves), newest first.
         */
        get: operations["tokens-list_tokens"];
        put?: never;
        /**
         * Create Token
         * @description Create a personal API token with scopes; the token is in this response only.
         */
        post: operations["tokens-create_token"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tokens/{token_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Revoke Token
         * @description Revoke a token; it stops working at once.
         */
        delete: operations["tokens-revoke_token"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Webhooks
         * @description Your webhooks (without their secrets), newest first.
         */
        get: operations["webhooks-list_webhooks"];
        put?: never;
        /**
         * Create Webhook
         * @description A webhook for some events. The signing secret is in this response only.
         */
        post: operations["webhooks-create_webhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks/{webhook_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get Webhook
         * @description One of your webhooks.
         */
        get: operations["webhooks-get_webhook"];
        put?: never;
        post?: never;
        /**
         * Delete Webhook
         * @description Delete a webhook and its delivery log.
         */
        delete: operations["webhooks-delete_webhook"];
        options?: never;
        head?: never;
        /**
         * Update Webhook
         * @description Change the URL, the events or the description, or pause it (``active``).
         */
        patch: operations["webhooks-update_webhook"];
        trace?: never;
    };
    "/api/v1/webhooks/{webhook_id}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Deliveries
         * @description The delivery log: every event sent (or being retried) to this webhook, newest first.
         */
        get: operations["webhooks-list_deliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks/{webhook_id}/ping": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Ping Webhook
         * @description Queue a signed ``ping`` delivery to this webhook (to test the receiver).
         */
        post: operations["webhooks-ping_webhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Healthz
         * @description The process answers (liveness).
         */
        get: operations["ops-healthz"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Metrics
         * @description Prometheus metrics; queue, fills and breakers are read from the database now.
         */
        get: operations["ops-metrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Readyz
         * @description The process and its database answer (readiness).
         */
        get: operations["ops-readyz"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /** AccountCreate */
        AccountCreate: {
            /** @description Leave out for a paper account without your key: polycopy makes a signing key for it (paper orders are signed, never sent); going live then needs your real key (PUT /accounts/{id}/credentials) */
            credentials?: components["schemas"]["AccountCredentials"] | null;
            /**
             * Funder
             * @description The address holding the funds (proxy, Safe or deposit wallet); defaults to wallet_address, and is required for signature types 1-3
             */
            funder?: string | null;
            /** Label */
            label: string;
            /**
             * @description paper (or sim); live is refused here: link in paper, then switch with POST /accounts/{id}/mode, confirmed and checked by the doctor
             * @default paper
             */
            mode?: components["schemas"]["AccountMode"];
            /**
             * Signature Type
             * @description 0 EOA, 1 proxy, 2 Safe, 3 deposit wallet (POLY_1271)
             */
            signature_type: number;
            /**
             * Wallet Address
             * @description The address that signs (the key's address, or the session key's); when left out, the key's address
             */
            wallet_address?: string | null;
        };
        /**
         * AccountCredentials
         * @description Write-only: encrypted at once and never returned. Give a key or a session key.
         */
        AccountCredentials: {
            /** Api Key */
            api_key?: string | null;
            /** Api Passphrase */
            api_passphrase?: string | null;
            /** Api Secret */
            api_secret?: string | null;
            /** Deposit Wallet */
            deposit_wallet?: string | null;
            /**
             * Private Key
             * @description hex, 32 bytes
             */
            private_key?: string | null;
            /** Session Key */
            session_key?: string | null;
            /** Session Valid Until */
            session_valid_until?: number | null;
        };
        /**
         * AccountLimits
         * @description Limits over everything a follower account copies, from all leaders together.
         */
        AccountLimits: {
            /** Daily Loss Stop Micros */
            daily_loss_stop_micros?: number | null;
            /** Drawdown Stop Micros */
            drawdown_stop_micros?: number | null;
            /** Max Daily Spend Micros */
            max_daily_spend_micros?: number | null;
            /** Max Open Positions */
            max_open_positions?: number | null;
            /** Max Total Exposure Micros */
            max_total_exposure_micros?: number | null;
        };
        /**
         * AccountMode
         * @description Per follower account: where its orders go. Paper is the safe default.
         * @enum {string}
         */
        AccountMode: "live" | "paper" | "sim";
        /** AccountOut */
        AccountOut: {
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Funder */
            funder: string;
            /** Has Credentials */
            has_credentials: boolean;
            /** Id */
            id: number;
            /** Label */
            label: string;
            /** Limits */
            limits: {
                [key: string]: unknown;
            };
            mode: components["schemas"]["AccountMode"];
            /**
             * Quarantined
             * @description Halted by the engine because of this account's own data (credentials, signer, the exchange refusing its key): state_reason says what to fix; replace the credentials, then resume
             */
            quarantined: boolean;
            /** Signature Type */
            signature_type: number;
            /** State Reason */
            state_reason: string | null;
            trading_state: components["schemas"]["TradingState"];
            /**
             * Wallet Address
             * @description The signing address
             */
            wallet_address: string;
        };
        /**
         * AccountUpdate
         * @description Give what changes; limits replace the account's limits as a whole.
         */
        AccountUpdate: {
            /** Label */
            label?: string | null;
            /** @description Limits over all of the account's rules together */
            limits?: components["schemas"]["AccountLimits"] | null;
        };
        /** AdminAccountOut */
        AdminAccountOut: {
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Funder */
            funder: string;
            /** Has Credentials */
            has_credentials: boolean;
            /** Id */
            id: number;
            /** Label */
            label: string;
            /** Limits */
            limits: {
                [key: string]: unknown;
            };
            mode: components["schemas"]["AccountMode"];
            /**
             * Quarantined
             * @description Halted by the engine because of this account's own data (credentials, signer, the exchange refusing its key): state_reason says what to fix; replace the credentials, then resume
             */
            quarantined: boolean;
            /** Signature Type */
            signature_type: number;
            /** State Reason */
            state_reason: string | null;
            trading_state: components["schemas"]["TradingState"];
            /** User Id */
            user_id: number;
            /**
             * Wallet Address
             * @description The signing address
             */
            wallet_address: string;
        };
        /** AdminUserOut */
        AdminUserOut: {
            /** Accounts */
            accounts: number;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Email */
            email: string;
            /** Id */
            id: number;
            role: components["schemas"]["Role"];
        };
        /**
         * AlertKind
         * @enum {string}
         */
        AlertKind: "drawdown" | "daily_loss" | "tracking_error" | "leader_drift" | "circuit_breaker" | "dead_letters" | "low_balance" | "worker_down" | "source_down";
        /**
         * AlertSettings
         * @description A user's alert thresholds (``None`` or ``false``: that alert is off). Amounts are pUSD
         *     micro-units; the defaults suit a small account and are documented in docs/alerts.md.
         */
        AlertSettings: {
            /**
             * Circuit Breaker
             * @default true
             */
            circuit_breaker?: boolean;
            /**
             * Cooldown Seconds
             * @default 900
             */
            cooldown_seconds?: number;
            /**
             * Daily Loss Micros
             * @default 25000000
             */
            daily_loss_micros?: number | null;
            /**
             * Dead Letters
             * @default 1
             */
            dead_letters?: number | null;
            /**
             * Drawdown Micros
             * @default 50000000
             */
            drawdown_micros?: number | null;
            /**
             * Leader Drift
             * @default true
             */
            leader_drift?: boolean;
            /**
             * Low Balance
             * @default true
             */
            low_balance?: boolean;
            /**
             * Source Silent Seconds
             * @default 900
             */
            source_silent_seconds?: number | null;
            /**
             * Tracking Error Micros
             * @default 10000000
             */
            tracking_error_micros?: number | null;
            /**
             * Tracking Window Days
             * @default 7
             */
            tracking_window_days?: number;
            /**
             * Worker Stale Seconds
             * @default 180
             */
            worker_stale_seconds?: number | null;
        };
        /**
         * AlertStateOut
         * @description One alert of yours for one subject (docs/alerts.md): firing now or not, and since when.
         */
        AlertStateOut: {
            /**
             * Episode
             * @description How many times it started (each start is told once)
             */
            episode: number;
            /** Firing */
            firing: boolean;
            kind: components["schemas"]["AlertKind"];
            /** Last Notified At */
            last_notified_at: string | null;
            /**
             * Notified
             * @description Whether this episode was sent (false: rate-limited)
             */
            notified: boolean;
            /** Since */
            since: string | null;
            /**
             * Subject
             * @description What it is about: "account:3", "rule:7", "worker:w1", ...
             */
            subject: string;
            /** Text */
            text: string;
        };
        /**
         * AllocationMode
         * @description How a leader's trade is turned into the follower's trade size.
         * @enum {string}
         */
        AllocationMode: "fixed" | "percentage" | "proportional" | "range";
        /** ApiTokenCreate */
        ApiTokenCreate: {
            /**
             * Expires At
             * @description With a time zone offset (`Z` or `+02:00`)
             */
            expires_at?: string | null;
            /** Name */
            name: string;
            /** Scopes */
            scopes: components["schemas"]["Scope"][];
        };
        /** ApiTokenCreated */
        ApiTokenCreated: {
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Expires At */
            expires_at: string | null;
            /** Id */
            id: number;
            /** Last Used At */
            last_used_at: string | null;
            /** Name */
            name: string;
            /** Prefix */
            prefix: string;
            /** Revoked At */
            revoked_at: string | null;
            /** Scopes */
            scopes: string[];
            /**
             * Token
             * @description The token itself; shown this once, never again (empty in a response replayed for an Idempotency-Key)
             */
            token: string;
        };
        /** ApiTokenOut */
        ApiTokenOut: {
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Expires At */
            expires_at: string | null;
            /** Id */
            id: number;
            /** Last Used At */
            last_used_at: string | null;
            /** Name */
            name: string;
            /** Prefix */
            prefix: string;
            /** Revoked At */
            revoked_at: string | null;
            /** Scopes */
            scopes: string[];
        };
        /**
         * AttributionOut
         * @description Why a rule's result differs from its leader's over a period: the parts add up to
         *     ``gap_micros`` exactly.
         */
        AttributionOut: {
            /** Account Id */
            account_id: number;
            /** Copied */
            copied: number;
            /**
             * Follower Result Micros
             * @description Your copies' result, marked the same way
             */
            follower_result_micros: number;
            /**
             * Gap Micros
             * @description leader_result_micros − follower_result_micros
             */
            gap_micros: number;
            /** Leader Id */
            leader_id: number;
            /**
             * Leader Result Micros
             * @description The leader's trades in the period, scaled to the notional you copied, at the leader's prices, no fees, marked at the period's end
             */
            leader_result_micros: number;
            /** Leader Wallet */
            leader_wallet: string;
            /** Parts */
            parts: components["schemas"]["AttributionPartOut"][];
            /** Rule Id */
            rule_id: number;
            /**
             * Scale Denominator Micros
             * @description ... over the leader's, on those trades
             */
            scale_denominator_micros: number;
            /**
             * Scale Numerator Micros
             * @description The notional you copied ...
             */
            scale_numerator_micros: number;
            /**
             * Since
             * @description Start of the period (trades from then on)
             */
            since: string | null;
            /**
             * Trades
             * @description Leader trades the rule decided in the period
             */
            trades: number;
            /**
             * Until
             * Format: date-time
             * @description End of the period; results are marked here
             */
            until: string;
        };
        /** AttributionPartOut */
        AttributionPartOut: {
            /**
             * Key
             * @enum {string}
             */
            key: "skipped" | "sizing_and_caps" | "unmatched_and_dust" | "detection_delay" | "slippage" | "fees" | "redemption_timing";
            /**
             * Micros
             * @description What this part cost you: positive when your result is that much below the leader's (docs/analytics.md)
             */
            micros: number;
            /**
             * Reason
             * @description The skip reason, for `skipped`
             */
            reason: string | null;
        };
        /** AuditEventOut */
        AuditEventOut: {
            /** Action */
            action: string;
            /**
             * Actor
             * @description `user:<id>`, `system` or a worker name
             */
            actor: string;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Details */
            details: {
                [key: string]: unknown;
            };
            /** Entity Id */
            entity_id: string;
            /** Entity Type */
            entity_type: string;
            /** Id */
            id: number;
        };
        /** BacktestEquityPointOut */
        BacktestEquityPointOut: {
            /**
             * At
             * Format: date-time
             * @description End of the bucket
             */
            at: string;
            /** Follower Micros */
            follower_micros: number;
            /** Leader Micros */
            leader_micros: number;
        };
        /** BacktestJobOut */
        BacktestJobOut: {
            /**
             * Error
             * @description Why it failed, in words (null unless failed)
             */
            error: string | null;
            /** Finished At */
            finished_at: string | null;
            /** Id */
            id: number;
            /** Leader Id */
            leader_id: number;
            progress: components["schemas"]["BacktestProgressOut"];
            request: components["schemas"]["BacktestRequest"];
            /**
             * Requested At
             * Format: date-time
             */
            requested_at: string;
            result: components["schemas"]["BacktestResultOut"] | null;
            /** Started At */
            started_at: string | null;
            /**
             * Status
             * @enum {string}
             */
            status: "queued" | "running" | "done" | "failed";
        };
        /** BacktestProgressOut */
        BacktestProgressOut: {
            /**
             * Done
             * @description Stored fills replayed so far
             */
            done: number;
            /**
             * Total
             * @description Stored fills the replay reads; null until it starts
             */
            total: number | null;
        };
        /** BacktestRequest */
        BacktestRequest: {
            /**
             * Account Id
             * @description Replay under this account's limits; null: no account limits
             */
            account_id?: number | null;
            /**
             * Delay Seconds
             * @description Detection delay: seconds from a fill to its decision
             * @default 0
             */
            delay_seconds?: number;
            /**
             * Leader Id
             * @description A leader on your list
             */
            leader_id: number;
            settings: components["schemas"]["RuleSettings"];
            /**
             * Since
             * @description First moment replayed
             */
            since?: string | null;
            /**
             * Until
             * @description Replay up to this moment
             */
            until?: string | null;
        };
        /**
         * BacktestResultOut
         * @description The report ``polycopy backtest --json`` prints, over the leader's stored history.
         */
        BacktestResultOut: {
            /** Capital Needed Micros */
            capital_needed_micros: number;
            /** Copied Notional At Leader Prices Micros */
            copied_notional_at_leader_prices_micros: number;
            /** Copies */
            copies: number;
            /** Equity */
            equity: components["schemas"]["BacktestEquityPointOut"][];
            /**
             * Events
             * @description Non-trade rows of the history by type
             */
            events: {
                [key: string]: number;
            };
            /** Fees Micros */
            fees_micros: number;
            /** Fills */
            fills: number;
            /** From */
            from: string | null;
            /**
             * History Source
             * @description Which stored fills the replay read, in words
             */
            history_source: string;
            /** Leader Pnl Micros */
            leader_pnl_micros: number;
            /** Lots */
            lots: number;
            /** Lots Pnl Micros */
            lots_pnl_micros: number;
            /** Open Lots */
            open_lots: number;
            /** Payouts Micros */
            payouts_micros: number;
            /** Pnl Micros */
            pnl_micros: number;
            /** Proceeds Micros */
            proceeds_micros: number;
            /**
             * Proportional
             * @description Proportional sizing's inputs: budget, the leader's value, their ratio
             */
            proportional: {
                [key: string]: number | string;
            } | null;
            /** Realized Pnl Micros */
            realized_pnl_micros: number;
            /** Redemptions */
            redemptions: number;
            /** Skips */
            skips: number;
            /** Skips By Reason */
            skips_by_reason: {
                [key: string]: number;
            };
            /** Slippage Cost Micros */
            slippage_cost_micros: number;
            /** Spent Micros */
            spent_micros: number;
            /** To */
            to: string | null;
            /** Tracking Error Bps */
            tracking_error_bps: number | null;
            /** Unrealized Pnl Micros */
            unrealized_pnl_micros: number;
        };
        /**
         * BarPeriod
         * @enum {string}
         */
        BarPeriod: "day" | "week" | "month";
        /**
         * BelowMinimum
         * @description What to do when a copy comes out smaller than the market's minimum order.
         * @enum {string}
         */
        BelowMinimum: "skip" | "round_up";
        /** BreakerOut */
        BreakerOut: {
            /** Failures */
            failures: number;
            /** Name */
            name: string;
            /** Opened Until */
            opened_until: string | null;
            /** Openings */
            openings: number;
            /** State */
            state: string;
        };
        /**
         * Bucket
         * @enum {string}
         */
        Bucket: "hour" | "day";
        /** ChannelCreate */
        ChannelCreate: {
            /** Events */
            events: components["schemas"]["NotificationEvent"][];
            /** Label */
            label: string;
            /**
             * Url
             * Format: password
             * @description An apprise URL (tgram://, discord://, slack://, mailto://, json://, ...); write-only: it holds bot tokens and passwords. A host it names (a mail server, a self-hosted service) must be public unless the operator allows it
             */
            url: string;
        };
        /** ChannelOut */
        ChannelOut: {
            /** Active */
            active: boolean;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Events */
            events: string[];
            /** Id */
            id: number;
            /** Label */
            label: string;
            /** Scheme */
            scheme: string;
        };
        /** ChannelTestOut */
        ChannelTestOut: {
            /**
             * Message
             * @description What happened, in plain words
             */
            message: string;
            /**
             * Sent
             * @description Whether the channel's service accepted the test message
             */
            sent: boolean;
        };
        /**
         * ChannelUpdate
         * @description Give what changes; ``active: false`` stops notifying the channel until set again.
         */
        ChannelUpdate: {
            /** Active */
            active?: boolean | null;
            /** Events */
            events?: components["schemas"]["NotificationEvent"][] | null;
            /** Label */
            label?: string | null;
        };
        /**
         * Consensus
         * @description Consensus signals: copy a buy only when at least ``min_leaders`` of a group bought the
         *     same outcome within ``window_seconds`` before it, sized × agreeing ÷ ``min_leaders``.
         *
         *     The group is ``wallets``, or (empty) the leaders this rule's account follows. The rule's
         *     own leader counts as one of them when it is in the group (docs/copy-rules.md).
         */
        Consensus: {
            /** Min Leaders */
            min_leaders: number;
            /**
             * Wallets
             * @default []
             */
            wallets?: string[];
            /** Window Seconds */
            window_seconds: number;
        };
        /**
         * Conviction
         * @description Conviction sizing: scale the allocation by how big this trade is for the leader.
         *
         *     The copy is the allocation mode's amount × (the leader's trade ÷ the leader's median
         *     trade), clamped to [``min_micros``, ``max_micros``]. The median is that of the leader's
         *     last ``sizing.CONVICTION_LOOKBACK`` trades before this one (docs/copy-rules.md).
         */
        Conviction: {
            /** Max Micros */
            max_micros: number;
            /** Min Micros */
            min_micros: number;
        };
        /**
         * CopyabilityOut
         * @description How well copying the leader would have done: a backtest of its stored fills of the
         *     period at the default rule, scored 0..100.
         */
        CopyabilityOut: {
            /**
             * Copy Rate
             * @description Copies / leader trades decided
             */
            copy_rate: string;
            /** Explanation */
            explanation: components["schemas"]["CopyabilityPartOut"][];
            /**
             * Follower Roi
             * @description Follower PnL / spent (null: no copy)
             */
            follower_roi: string | null;
            /**
             * History
             * @description The stored fills replayed, in words
             */
            history: string;
            /**
             * Rule
             * @description The rule the replay used, in words
             */
            rule: string;
            /**
             * Sample Size
             * @description Leader trades the replay decided
             */
            sample_size: number;
            /**
             * Score
             * @description 0 to 100, the sum of the parts' points
             */
            score: string;
            /**
             * Slippage Share
             * @description Slippage cost / copied notional at the leader's prices (null: no copy)
             */
            slippage_share: string | null;
        };
        /** CopyabilityPartOut */
        CopyabilityPartOut: {
            /**
             * Part
             * @description copy rate, follower ROI, slippage share or sample size
             */
            part: string;
            /**
             * Points
             * @description Points it gave to the score
             */
            points: string;
            /**
             * Source
             * @description Which data and rule it comes from, and how it is scaled
             */
            source: string;
            /**
             * Value
             * @description The figure, with what it was computed from
             */
            value: string;
            /**
             * Weight
             * @description Points the part gives at its best (weights sum to 100)
             */
            weight: string;
        };
        /**
         * CopyOutcome
         * @enum {string}
         */
        CopyOutcome: "pending" | "filled" | "partially_filled" | "killed" | "expired" | "rejected" | "dead_lettered";
        /**
         * CredentialsReplace
         * @description New credentials for an account, checked like at linking; the funder stays.
         */
        CredentialsReplace: {
            credentials: components["schemas"]["AccountCredentials"];
            /**
             * Wallet Address
             * @description The address that signs with the new credentials; defaults to the account's current signing address
             */
            wallet_address?: string | null;
        };
        /**
         * DecisionAction
         * @enum {string}
         */
        DecisionAction: "copy" | "skip";
        /** DecisionOut */
        DecisionOut: {
            /** Account Id */
            account_id: number;
            action: components["schemas"]["DecisionAction"];
            /** Amount Micros */
            amount_micros: number | null;
            /**
             * Condition Id
             * @description The market of the leader's fill (names: GET /markets)
             */
            condition_id?: string | null;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Details */
            details: {
                [key: string]: unknown;
            };
            /**
             * Explanation
             * @description Why, in plain words; for a copy whose order did not fill (killed, refused, given up, expired, partly filled), what became of it instead
             */
            explanation: string;
            /**
             * Filled Amount Micros
             * @description pUSD the copy's fills came to
             */
            filled_amount_micros: number | null;
            /**
             * Filled Size Micros
             * @description Shares the copy got (null for a skip)
             */
            filled_size_micros: number | null;
            /** Id */
            id: number;
            /** Leader Fill Id */
            leader_fill_id: number;
            /** Limit Price Micros */
            limit_price_micros: number | null;
            /** @description What became of a copy's order (derived from the order's status): pending, filled, partially_filled, killed, expired, rejected or dead_lettered; null for a skip */
            outcome: components["schemas"]["CopyOutcome"] | null;
            /**
             * Outcome Reason
             * @description The venue's (or polycopy's) words for an order that did not fill
             */
            outcome_reason: string | null;
            /** Reason */
            reason: string | null;
            /** Rule Id */
            rule_id: number;
            /** Rule Version */
            rule_version: number;
            side: components["schemas"]["TradeSide"] | null;
            /** Size Micros */
            size_micros: number | null;
            /** Token Id */
            token_id: string | null;
        };
        /**
         * DecisionSummaryOut
         * @description Counts over every stored decision (not a page of them).
         */
        DecisionSummaryOut: {
            /**
             * Copied
             * @description Copies that filled, partly filled or are still on their way, and mirrored splits and merges
             */
            copied: number;
            /** Decisions */
            decisions: number;
            /**
             * Not Filled
             * @description Copies the venue killed, expired or refused
             */
            not_filled: number;
            /**
             * Orders Filled
             * @description Orders that got every share they asked for
             */
            orders_filled: number;
            /** Skipped */
            skipped: number;
            /** Skipped By Reason */
            skipped_by_reason: {
                [key: string]: number;
            };
        };
        /** DeliveryOut */
        DeliveryOut: {
            /** Attempts */
            attempts: number;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Delivered At */
            delivered_at: string | null;
            /** Event Key */
            event_key: string;
            /** Event Type */
            event_type: string;
            /** Id */
            id: number;
            /**
             * Last Error
             * @description Why the last attempt failed, as a category (never the receiver's text): refused_destination (an internal address; nothing sent), connect_error, timeout, network_error, http_3xx (redirects are not followed), http_4xx, http_5xx (older rows may hold free text)
             */
            last_error: string | null;
            /** Last Status Code */
            last_status_code: number | null;
            /** Next Attempt At */
            next_attempt_at: string | null;
            /** Payload */
            payload: {
                [key: string]: unknown;
            };
            status: components["schemas"]["DeliveryStatus"];
            /** Webhook Id */
            webhook_id: number;
        };
        /**
         * DeliveryStatus
         * @enum {string}
         */
        DeliveryStatus: "pending" | "delivered" | "failed";
        /** DoctorCheckOut */
        DoctorCheckOut: {
            /** Name */
            name: string;
            /**
             * Status
             * @description ok, warn, fail (blocks trading) or skipped
             */
            status: string;
            /**
             * Summary
             * @description What the check found, in plain words
             */
            summary: string;
        };
        /** DoctorOut */
        DoctorOut: {
            /** Account Id */
            account_id: number;
            /** Can Trade */
            can_trade: boolean;
            /** Checks */
            checks: components["schemas"]["DoctorCheckOut"][];
        };
        /**
         * DriftAction
         * @description What a rule does when its leader drifts from its own history (``leaders/drift.py``).
         * @enum {string}
         */
        DriftAction: "alert" | "pause" | "ignore";
        /**
         * DriftKind
         * @enum {string}
         */
        DriftKind: "size" | "categories" | "frequency" | "win_rate";
        /**
         * DriftSignalOut
         * @description One way a leader can depart from its own history (docs/leader-statistics.md, "Drift").
         */
        DriftSignalOut: {
            /**
             * Baseline
             * @description The earlier history's figure: the median trade in micro-units (size), categories traded (categories), trades a day (frequency), win rate (win_rate); empty when too few observations
             */
            baseline: string;
            /** Drifting */
            drifting: boolean;
            /**
             * Explanation
             * @description What was compared, in words, with the numbers
             */
            explanation: string;
            kind: components["schemas"]["DriftKind"];
            /**
             * Recent
             * @description The recent window's figure: median trade in micro-units, share of trades in new categories, trades a day, win rate; empty when too few observations
             */
            recent: string;
            /**
             * Threshold
             * @description The factor (size, frequency), share (categories) or lowest win rate (win_rate) that is drift
             */
            threshold: string;
        };
        /** EquityOut */
        EquityOut: {
            /** Bucket */
            bucket: string;
            now: components["schemas"]["PortfolioTotals"];
            /** Points */
            points: components["schemas"]["EquityPointOut"][];
        };
        /** EquityPointOut */
        EquityPointOut: {
            /**
             * At
             * Format: date-time
             * @description End of the bucket
             */
            at: string;
            /** Fees Micros */
            fees_micros: number;
            /** Open Cost Micros */
            open_cost_micros: number;
            /** Realized Pnl Micros */
            realized_pnl_micros: number;
            /** Volume Micros */
            volume_micros: number;
        };
        /** ErrorBody */
        ErrorBody: {
            error: components["schemas"]["ErrorDetail"];
        };
        /** ErrorDetail */
        ErrorDetail: {
            /** Code */
            code: string;
            /** Field */
            field?: string | null;
            /** Message */
            message: string;
        };
        /** ExchangeFillOut */
        ExchangeFillOut: {
            /** Account Id */
            account_id: number;
            /** Amount Micros */
            amount_micros: number;
            /** Fee Micros */
            fee_micros: number;
            /**
             * Filled At
             * Format: date-time
             */
            filled_at: string;
            /** Id */
            id: number;
            /** Order Id */
            order_id: number;
            /** Price Micros */
            price_micros: number;
            /** Realized Pnl Micros */
            realized_pnl_micros: number;
            side: components["schemas"]["TradeSide"];
            /** Size Micros */
            size_micros: number;
            /** Token Id */
            token_id: string;
            /** Transaction Hash */
            transaction_hash: string | null;
            /** Venue Trade Id */
            venue_trade_id: string;
        };
        /**
         * ExpiryPolicy
         * @description What happens to a resting order whose time to live ends unfilled.
         * @enum {string}
         */
        ExpiryPolicy: "cancel" | "chase";
        /**
         * ExportFormat
         * @enum {string}
         */
        ExportFormat: "csv" | "json";
        /**
         * ExportKind
         * @enum {string}
         */
        ExportKind: "fills" | "lots" | "decisions" | "orders";
        /** ExposureBreakdown */
        ExposureBreakdown: {
            /** By Event */
            by_event: components["schemas"]["ExposureOut"][];
            /** By Leader */
            by_leader: components["schemas"]["ExposureOut"][];
            /** By Market */
            by_market: components["schemas"]["ExposureOut"][];
        };
        /** ExposureOut */
        ExposureOut: {
            /** Cost Micros */
            cost_micros: number;
            /**
             * Key
             * @description The market's condition id, the event slug or the leader id
             */
            key: string;
            /** Positions */
            positions: number;
            /** Value Micros */
            value_micros: number;
        };
        /**
         * FillSource
         * @description Independent feeds that can report the same leader fill.
         * @enum {string}
         */
        FillSource: "data_api" | "rtds" | "chain" | "external";
        /** Health */
        Health: {
            /** Status */
            status: string;
        };
        /**
         * IngestBatch
         * @description Every fill of each transaction it touches (occurrences are numbered per request).
         */
        IngestBatch: {
            /** Fills */
            fills: components["schemas"]["IngestFill"][];
        };
        /**
         * IngestFill
         * @description One leader fill (or other leader event) in the Data API's terms.
         */
        IngestFill: {
            /** Condition Id */
            condition_id: string;
            /** @default TRADE */
            event_type?: components["schemas"]["LeaderEventType"];
            /**
             * Outcome
             * @default
             */
            outcome?: string;
            /** Price */
            price: number | string;
            side?: components["schemas"]["TradeSide"] | null;
            /**
             * Size
             * @description Shares
             */
            size: number | string;
            /**
             * Timestamp
             * @description Unix seconds of the fill
             */
            timestamp: number;
            /**
             * Token Id
             * @default
             */
            token_id?: string;
            /** Transaction Hash */
            transaction_hash: string;
            /** Usdc Size */
            usdc_size: number | string;
            /**
             * Wallet
             * @description The leader's proxy wallet
             */
            wallet: string;
        };
        /** IngestResult */
        IngestResult: {
            /**
             * Created
             * @description New leader fills
             */
            created: number;
            /**
             * Duplicates
             * @description Fills already known (from any source)
             */
            duplicates: number;
            /**
             * Ignored
             * @description Fills of wallets nobody follows: not stored
             */
            ignored: number;
            /** Received */
            received: number;
        };
        /** InvoiceOut */
        InvoiceOut: {
            /** Amount Micros */
            amount_micros: number;
            /** Description */
            description: string;
            /**
             * Due At
             * Format: date-time
             */
            due_at: string;
            /** Id */
            id: number;
            /**
             * Instructions
             * @description How to pay it (open invoices)
             * @default
             */
            instructions?: string;
            /** Note */
            note: string;
            /** Paid At */
            paid_at: string | null;
            /** Provider */
            provider: string | null;
            /**
             * Reference
             * @description Unique; quote it with the payment
             */
            reference: string;
            /**
             * Status
             * @description open, paid or void
             */
            status: string;
        };
        /** InvoicePayment */
        InvoicePayment: {
            /**
             * Note
             * @description How it was paid
             */
            note: string;
        };
        /** KillSwitchOut */
        KillSwitchOut: {
            /**
             * On
             * @description While on, no rule copies anything (exits included)
             */
            on: boolean;
        };
        /** KillSwitchSet */
        KillSwitchSet: {
            /** On */
            on: boolean;
        };
        /**
         * LeaderBackfillOut
         * @description Progress of reading the leader's whole history from the Data API (docs/detection.md).
         */
        LeaderBackfillOut: {
            /** Attempts */
            attempts: number;
            /** Done */
            done: boolean;
            /** Error */
            error: string | null;
            /**
             * Fills Created
             * @description Leader fills this backfill stored that were new
             */
            fills_created: number;
            /** Finished At */
            finished_at: string | null;
            /**
             * Last Timestamp
             * @description Newest second stored completely (unix seconds)
             */
            last_timestamp: number;
            /**
             * Requested At
             * Format: date-time
             */
            requested_at: string;
            /**
             * Rows
             * @description Activity rows read so far (a resumed run re-reads a second)
             */
            rows: number;
            /** Started At */
            started_at: string | null;
            /**
             * Status
             * @description pending, running, done or failed
             */
            status: string;
        };
        /**
         * LeaderboardCategory
         * @enum {string}
         */
        LeaderboardCategory: "OVERALL" | "POLITICS" | "SPORTS" | "ESPORTS" | "CRYPTO" | "CULTURE" | "MENTIONS" | "WEATHER" | "ECONOMICS" | "TECH" | "FINANCE";
        /**
         * LeaderboardOrder
         * @enum {string}
         */
        LeaderboardOrder: "PNL" | "VOL";
        /**
         * LeaderboardPeriod
         * @enum {string}
         */
        LeaderboardPeriod: "DAY" | "WEEK" | "MONTH" | "ALL";
        /**
         * LeaderCandidateOut
         * @description A wallet on Polymarket's leaderboard, as a leader you could follow.
         */
        LeaderCandidateOut: {
            /**
             * Leader Id
             * @description Set when the wallet is on your leader list
             */
            leader_id: number | null;
            /** Name */
            name: string;
            /** Pnl Micros */
            pnl_micros: number;
            /** Rank */
            rank: number;
            /** Verified */
            verified: boolean;
            /** Volume Micros */
            volume_micros: number;
            /** Wallet */
            wallet: string;
            /** X Username */
            x_username: string;
        };
        /** LeaderComparisonOut */
        LeaderComparisonOut: {
            /**
             * Leaders
             * @description In the order asked; rank by copyability
             */
            leaders: components["schemas"]["RankedLeaderOut"][];
        };
        /** LeaderCreate */
        LeaderCreate: {
            /**
             * Name
             * @description Your name for the leader, seen by you only; another user adding the same wallet keeps theirs. Adding a leader again with a name renames it
             */
            name?: string | null;
            /**
             * Wallet
             * @description The leader's proxy/funder address
             * @example 0x56687bf447db6ffa42ffe2204a05edaa20f55839
             */
            wallet: string;
        };
        /**
         * LeaderDriftOut
         * @description Whether a leader still trades like its own history, as of ``checked_at``.
         */
        LeaderDriftOut: {
            /**
             * Checked At
             * Format: date-time
             */
            checked_at: string;
            /** Drifting */
            drifting: boolean;
            /** Signals */
            signals: components["schemas"]["DriftSignalOut"][];
        };
        /**
         * LeaderEventType
         * @description Data API activity types that matter for copying.
         * @enum {string}
         */
        LeaderEventType: "TRADE" | "REDEEM" | "MERGE" | "SPLIT" | "CONVERSION";
        /**
         * LeaderFillOut
         * @description A leader's fill (or other event) as detection recorded it.
         */
        LeaderFillOut: {
            /** Condition Id */
            condition_id: string;
            event_type: components["schemas"]["LeaderEventType"];
            /**
             * First Seen At
             * Format: date-time
             */
            first_seen_at: string;
            first_source: components["schemas"]["FillSource"];
            /** Id */
            id: number;
            /** Leader Id */
            leader_id: number;
            /** Log Index */
            log_index: number | null;
            /**
             * Occurred At
             * Format: date-time
             */
            occurred_at: string;
            /** Outcome */
            outcome: string | null;
            /** Price Micros */
            price_micros: number;
            side: components["schemas"]["TradeSide"] | null;
            /** Size Micros */
            size_micros: number;
            /** Token Id */
            token_id: string | null;
            /** Transaction Hash */
            transaction_hash: string;
            /** Usdc Micros */
            usdc_micros: number;
        };
        /**
         * LeaderLookupOut
         * @description What Polymarket knows of a wallet, before it is added to your list.
         */
        LeaderLookupOut: {
            /**
             * Has Activity
             * @description Whether the wallet ever traded (Data API activity)
             */
            has_activity: boolean;
            /**
             * Last Activity At
             * @description Its latest activity, if any
             */
            last_activity_at: string | null;
            /**
             * Leader Id
             * @description The leader's id when it is on your list already
             */
            leader_id: number | null;
            /** Wallet */
            wallet: string;
        };
        /** LeaderOut */
        LeaderOut: {
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Id */
            id: number;
            /**
             * Name
             * @description Your name for the leader (null: none given)
             */
            name: string | null;
            /**
             * Pseudonym
             * @description The wallet's public Polymarket name, if known
             */
            pseudonym: string | null;
            /** Wallet */
            wallet: string;
        };
        /**
         * LeaderPerformancePointOut
         * @description The leader's running totals after one recorded trade (method: docs/api.md).
         */
        LeaderPerformancePointOut: {
            /**
             * At
             * Format: date-time
             */
            at: string;
            /**
             * Realized Pnl Micros
             * @description Cumulative realised PnL, sales matched FIFO against recorded buys
             */
            realized_pnl_micros: number;
            /**
             * Volume Micros
             * @description Cumulative pUSD traded, buys and sells
             */
            volume_micros: number;
        };
        /**
         * LeaderPositionOut
         * @description An open position of the leader's wallet as Polymarket's Data API reports it.
         */
        LeaderPositionOut: {
            /** Average Price Micros */
            average_price_micros: number;
            /**
             * Cash Pnl Micros
             * @description Current value less what the shares cost
             */
            cash_pnl_micros: number;
            /** Condition Id */
            condition_id: string;
            /** Current Value Micros */
            current_value_micros: number;
            /** Outcome */
            outcome: string;
            /**
             * Percent Pnl
             * @description Cash PnL as a percentage of cost, a decimal string
             */
            percent_pnl: string;
            /**
             * Size Micros
             * @description Shares held
             */
            size_micros: number;
            /**
             * Title
             * @description The market's question
             */
            title: string;
            /** Token Id */
            token_id: string;
        };
        /** LeaderResultOut */
        LeaderResultOut: {
            /** Account Id */
            account_id: number;
            /** Bought Micros */
            bought_micros: number;
            /**
             * Copied
             * @description Leader fills this account decided to copy: filled + partly_filled + killed + failed + pending
             */
            copied: number;
            /**
             * Failed
             * @description Copies whose order was refused or given up after retries
             */
            failed: number;
            /** Fees Micros */
            fees_micros: number;
            /**
             * Filled
             * @description Copies whose order got every share it asked for
             */
            filled: number;
            /** Fills */
            fills: number;
            /**
             * Killed
             * @description Copies that got nothing: the venue killed the FOK/FAK order (the book moved), or a resting order ended unfilled
             */
            killed: number;
            /** Leader Id */
            leader_id: number;
            /** Leader Wallet */
            leader_wallet: string;
            /** Open Cost Micros */
            open_cost_micros: number;
            /**
             * Partly Filled
             * @description Copies that got some shares, not all
             */
            partly_filled: number;
            /**
             * Pending
             * @description Copies whose order is on its way or resting
             */
            pending: number;
            /**
             * Pnl At Leader Prices Micros
             * @description The follower's PnL had the same trades filled at the leader's prices without fees: realised + unrealised + slippage cost + fees
             */
            pnl_at_leader_prices_micros: number;
            /** Realized Pnl Micros */
            realized_pnl_micros: number;
            /**
             * Skipped
             * @description Leader fills this account skipped
             */
            skipped: number;
            /** Slippage Bps */
            slippage_bps: number | null;
            /**
             * Slippage Cost Micros
             * @description Over the copied fills: what trading at the follower's prices cost against the leader's prices for the same sizes (positive: the follower did worse)
             */
            slippage_cost_micros: number;
            /** Sold Micros */
            sold_micros: number;
            /** Unrealized Pnl Micros */
            unrealized_pnl_micros: number;
        };
        /**
         * LeaderStatisticsOut
         * @description A leader's statistics for one period, from its stored fills (docs/leader-statistics.md).
         */
        LeaderStatisticsOut: {
            /**
             * Activity By Hour
             * @description Trades per UTC hour, 0 to 23
             */
            activity_by_hour: number[];
            capital_deployed_micros: components["schemas"]["StatOut"];
            /**
             * Computed At
             * Format: date-time
             */
            computed_at: string;
            holding_seconds_mean: components["schemas"]["StatOut"];
            holding_seconds_p50: components["schemas"]["StatOut"];
            late_buy_share: components["schemas"]["StatOut"];
            /** Leader Id */
            leader_id: number;
            maker_share: components["schemas"]["StatOut"];
            markets: components["schemas"]["StatOut"];
            max_drawdown_micros: components["schemas"]["StatOut"];
            period: components["schemas"]["StatisticsPeriod"];
            profit_factor: components["schemas"]["StatOut"];
            realized_pnl_micros: components["schemas"]["StatOut"];
            roi: components["schemas"]["StatOut"];
            /**
             * Tags
             * @description Trades per market tag (Gamma), most first
             */
            tags: {
                [key: string]: number;
            };
            top_market_share: components["schemas"]["StatOut"];
            /** Top Markets */
            top_markets: components["schemas"]["TopMarketOut"][];
            trade_size_p10_micros: components["schemas"]["StatOut"];
            trade_size_p50_micros: components["schemas"]["StatOut"];
            trade_size_p90_micros: components["schemas"]["StatOut"];
            trades: components["schemas"]["StatOut"];
            unmatched_sell_micros: components["schemas"]["StatOut"];
            unmatched_sells: components["schemas"]["StatOut"];
            unrealized_pnl_micros: components["schemas"]["StatOut"];
            win_rate: components["schemas"]["StatOut"];
        };
        /** LotOut */
        LotOut: {
            /** Account Id */
            account_id: number;
            /** Closed At */
            closed_at: string | null;
            /** Condition Id */
            condition_id: string;
            /**
             * Cost Micros
             * @description Cost of the remaining shares, fees included
             */
            cost_micros: number;
            /** Id */
            id: number;
            /** Leader Id */
            leader_id: number;
            /**
             * Opened At
             * Format: date-time
             */
            opened_at: string;
            /**
             * Opened By Fill Id
             * @description The buy fill that opened the lot
             */
            opened_by_fill_id: number | null;
            /**
             * Opened By Settlement Id
             * @description The mirrored split that opened the lot (one lot per outcome)
             */
            opened_by_settlement_id: number | null;
            /** Outcome */
            outcome: string | null;
            /** Realized Pnl Micros */
            realized_pnl_micros: number;
            /** Remaining Size Micros */
            remaining_size_micros: number;
            /** Size Micros */
            size_micros: number;
            /** Token Id */
            token_id: string;
        };
        /** MarketOut */
        MarketOut: {
            /** Closed */
            closed: boolean;
            /** Condition Id */
            condition_id: string;
            /**
             * Outcomes
             * @description In the market's order
             */
            outcomes: components["schemas"]["MarketOutcomeOut"][];
            /**
             * Question
             * @description The market's question, as Gamma words it
             */
            question: string;
            /**
             * Risk Score
             * @description The market's risk score, 0 (calm) to 100, from the stored figures (docs/market-risk.md); null: nothing known
             */
            risk_score?: number | null;
            /** Slug */
            slug: string | null;
            /**
             * Url
             * @description The market's page on Polymarket
             */
            url: string | null;
        };
        /** MarketOutcomeOut */
        MarketOutcomeOut: {
            /** Outcome */
            outcome: string;
            /** Token Id */
            token_id: string;
        };
        /** MarketRiskOut */
        MarketRiskOut: {
            /** Condition Id */
            condition_id: string;
            /** Parts */
            parts: components["schemas"]["MarketRiskPartOut"][];
            /** Question */
            question: string;
            /**
             * Read At
             * @description When Gamma's figures were read
             */
            read_at: string | null;
            /**
             * Score
             * @description 0 (calm) to 100; null: no part known
             */
            score: number | null;
        };
        /** MarketRiskPartOut */
        MarketRiskPartOut: {
            key: components["schemas"]["RiskPartKey"];
            /**
             * Points
             * @description 0 (calm) to 100; null: unknown, left out
             */
            points: number | null;
            /**
             * Value
             * @description The figure it read: pUSD or price micro-units, seconds, 1/0 for neg-risk, or the resolution status
             */
            value: number | string | null;
            /**
             * Weight
             * @description Its weight in the score (the weights add up to 100)
             */
            weight: number;
        };
        /** MarkOut */
        MarkOut: {
            /**
             * At
             * Format: date-time
             */
            at: string;
            /** Price Micros */
            price_micros: number;
            /**
             * Source
             * @description `follower_fill` or `leader_fill`: where the price was seen
             */
            source: string;
        };
        /** MeOut */
        MeOut: {
            /** Authenticated Via */
            authenticated_via: string;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Email */
            email: string;
            /** Id */
            id: number;
            role: components["schemas"]["Role"];
            /** Scopes */
            scopes: string[];
            /** @description What this server runs against: sim (the built-in emulator), paper (real market data, simulated fills) or live (real orders); each account has its own mode too */
            server_mode: components["schemas"]["Mode"];
        };
        /**
         * MergeOfferOut
         * @description Two rules left the account holding every outcome of a market: merging the complete
         *     sets returns 1 pUSD per set. It runs only if the user accepts.
         */
        MergeOfferOut: {
            /** Account Id */
            account_id: number;
            /** Condition Id */
            condition_id: string;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Error */
            error: string | null;
            /** Id */
            id: number;
            /**
             * Payout Micros
             * @description pUSD the merge paid (once done)
             */
            payout_micros: number;
            /** Question */
            question: string | null;
            /** Realized Pnl Micros */
            realized_pnl_micros: number;
            /** Settled At */
            settled_at: string | null;
            /**
             * Shares Micros
             * @description Complete sets to merge: shares of every outcome
             */
            shares_micros: number;
            /** @description `offered` (waiting for an answer), `pending`/`sending` (accepted, being merged), `done`, `failed` or `declined` */
            status: components["schemas"]["SettlementStatus"];
            /** Transaction Hash */
            transaction_hash: string | null;
            /**
             * Updated At
             * Format: date-time
             */
            updated_at: string;
        };
        /**
         * Mode
         * @description Where market data comes from and where orders go (see docs/modes.md).
         * @enum {string}
         */
        Mode: "live" | "paper" | "sim";
        /**
         * ModeChange
         * @description Move an account between paper and live trading; live orders spend real pUSD.
         */
        ModeChange: {
            /**
             * Confirm
             * @description Must be true: the user confirmed the switch (live trades real money)
             */
            confirm: boolean;
            /** @description paper or live */
            mode: components["schemas"]["AccountMode"];
        };
        /**
         * NotificationEvent
         * @description Events a webhook or a channel can subscribe to.
         * @enum {string}
         */
        NotificationEvent: "order.filled" | "order.failed" | "decision.skipped" | "state.changed" | "leader.drift" | "ping" | "alert.drawdown" | "alert.daily_loss" | "alert.tracking_error" | "alert.leader_drift" | "alert.circuit_breaker" | "alert.dead_letters" | "alert.low_balance" | "alert.worker_down" | "alert.source_down";
        /** OrderEventOut */
        OrderEventOut: {
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Details */
            details: {
                [key: string]: unknown;
            };
            from_status: components["schemas"]["OrderStatus"] | null;
            /** Id */
            id: number;
            to_status: components["schemas"]["OrderStatus"];
        };
        /** OrderOut */
        OrderOut: {
            /** Account Id */
            account_id: number;
            /** Amount Micros */
            amount_micros: number | null;
            /** Attempts */
            attempts: number;
            /**
             * Chase Of Id
             * @description The order this one replaces (a chase or a kept remainder)
             */
            chase_of_id?: number | null;
            /** Condition Id */
            condition_id: string;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Decision Id */
            decision_id: number;
            /** Events */
            events: components["schemas"]["OrderEventOut"][];
            /**
             * Expires At
             * @description When a resting (GTC/GTD) order's time to live ends
             */
            expires_at?: string | null;
            /** Fee Micros */
            fee_micros: number;
            /** Filled Amount Micros */
            filled_amount_micros: number;
            /** Filled Size Micros */
            filled_size_micros: number;
            /** Id */
            id: number;
            /** Last Error */
            last_error: string | null;
            /** Leader Id */
            leader_id: number;
            /** Limit Price Micros */
            limit_price_micros: number;
            /** Order Hash */
            order_hash: string | null;
            order_type: components["schemas"]["OrderType"];
            side: components["schemas"]["TradeSide"];
            /** Size Micros */
            size_micros: number | null;
            status: components["schemas"]["OrderStatus"];
            /** Token Id */
            token_id: string;
            /**
             * Updated At
             * Format: date-time
             */
            updated_at: string;
        };
        /**
         * OrderStatus
         * @enum {string}
         */
        OrderStatus: "created" | "signed" | "submitting" | "live" | "partially_filled" | "filled" | "cancelled" | "rejected" | "expired" | "unknown" | "dead_lettered";
        /**
         * OrderType
         * @enum {string}
         */
        OrderType: "FOK" | "FAK" | "GTC" | "GTD";
        /** Page[AccountOut] */
        Page_AccountOut_: {
            /** Items */
            items: components["schemas"]["AccountOut"][];
            /** Next Cursor */
            next_cursor?: string | null;
        };
        /** Page[AdminAccountOut] */
        Page_AdminAccountOut_: {
            /** Items */
            items: components["schemas"]["AdminAccountOut"][];
            /** Next Cursor */
            next_cursor?: string | null;
        };
        /** Page[AdminUserOut] */
        Page_AdminUserOut_: {
            /** Items */
            items: components["schemas"]["AdminUserOut"][];
            /** Next Cursor */
            next_cursor?: string | null;
        };
        /** Page[ApiTokenOut] */
        Page_ApiTokenOut_: {
            /** Items */
            items: components["schemas"]["ApiTokenOut"][];
            /** Next Cursor */
            next_cursor?: string | null;
        };
        /** Page[AuditEventOut] */
        Page_AuditEventOut_: {
            /** Items */
            items: components["schemas"]["AuditEventOut"][];
            /** Next Cursor */
            next_cursor?: string | null;
        };
        /** Page[ChannelOut] */
        Page_ChannelOut_: {
            /** Items */
            items: components["schemas"]["ChannelOut"][];
            /** Next Cursor */
            next_cursor?: string | null;
        };
        /** Page[DecisionOut] */
        Page_DecisionOut_: {
            /** Items */
            items: components["schemas"]["DecisionOut"][];
            /** Next Cursor */
            next_cursor?: string | null;
        };
        /** Page[DeliveryOut] */
        Page_DeliveryOut_: {
            /** Items */
            items: components["schemas"]["DeliveryOut"][];
            /** Next Cursor */
            next_cursor?: string | null;
        };
        /** Page[ExchangeFillOut] */
        Page_ExchangeFillOut_: {
            /** Items */
            items: components["schemas"]["ExchangeFillOut"][];
            /** Next Cursor */
            next_cursor?: string | null;
        };
        /** Page[LeaderFillOut] */
        Page_LeaderFillOut_: {
            /** Items */
            items: components["schemas"]["LeaderFillOut"][];
            /** Next Cursor */
            next_cursor?: string | null;
        };
        /** Page[LeaderOut] */
        Page_LeaderOut_: {
            /** Items */
            items: components["schemas"]["LeaderOut"][];
            /** Next Cursor */
            next_cursor?: string | null;
        };
        /** Page[LotOut] */
        Page_LotOut_: {
            /** Items */
            items: components["schemas"]["LotOut"][];
            /** Next Cursor */
            next_cursor?: string | null;
        };
        /** Page[MergeOfferOut] */
        Page_MergeOfferOut_: {
            /** Items */
            items: components["schemas"]["MergeOfferOut"][];
            /** Next Cursor */
            next_cursor?: string | null;
        };
        /** Page[OrderOut] */
        Page_OrderOut_: {
            /** Items */
            items: components["schemas"]["OrderOut"][];
            /** Next Cursor */
            next_cursor?: string | null;
        };
        /** Page[RuleOut] */
        Page_RuleOut_: {
            /** Items */
            items: components["schemas"]["RuleOut"][];
            /** Next Cursor */
            next_cursor?: string | null;
        };
        /** Page[WebhookOut] */
        Page_WebhookOut_: {
            /** Items */
            items: components["schemas"]["WebhookOut"][];
            /** Next Cursor */
            next_cursor?: string | null;
        };
        /** PasswordChange */
        PasswordChange: {
            /**
             * Current Password
             * Format: password
             */
            current_password: string;
            /**
             * New Password
             * Format: password
             * @description 10 to 1024 characters, not only spaces, and not a commonly used password (checked against a list; 422 names the rule broken)
             */
            new_password: string;
        };
        /** PasswordChanged */
        PasswordChanged: {
            /**
             * Sessions Ended
             * @description Your other browser sessions, now signed out
             */
            sessions_ended: number;
        };
        /** PerformanceBarOut */
        PerformanceBarOut: {
            /**
             * Closes
             * @description Sales, redemptions and merges that realised PnL
             */
            closes: number;
            /** Fees Micros */
            fees_micros: number;
            /** Losses */
            losses: number;
            /**
             * Realized Pnl Micros
             * @description PnL realised by the period's closes
             */
            realized_pnl_micros: number;
            /**
             * Start
             * Format: date-time
             * @description Start of the day, week (Monday) or month, UTC
             */
            start: string;
            /** Wins */
            wins: number;
        };
        /** PerformanceEquityOut */
        PerformanceEquityOut: {
            /**
             * At
             * Format: date-time
             * @description The bar's start; the figures are at its end
             */
            at: string;
            /**
             * Drawdown Micros
             * @description equity − peak: 0 at a new high, else negative
             */
            drawdown_micros: number;
            /**
             * Equity Micros
             * @description Cumulative realised PnL from the period's start
             */
            equity_micros: number;
            /** Peak Micros */
            peak_micros: number;
        };
        /** PerformanceGroupOut */
        PerformanceGroupOut: {
            /** Closes */
            closes: number;
            /**
             * Key
             * @description Condition id, category (first market tag) or leader id
             */
            key: string;
            /** Leader Id */
            leader_id?: number | null;
            /** Losses */
            losses: number;
            /**
             * Name
             * @description The market's question, or the leader's wallet; null when not known
             */
            name: string | null;
            /** Pnl Micros */
            pnl_micros: number;
            /**
             * Realized Pnl Micros
             * @description Realised in the period
             */
            realized_pnl_micros: number;
            /**
             * Unrealized Pnl Micros
             * @description Open positions now
             */
            unrealized_pnl_micros: number;
            /** Wins */
            wins: number;
        };
        /**
         * PerformanceOut
         * @description Your results over a period, aggregated by the server (docs/analytics.md).
         */
        PerformanceOut: {
            /** Bars */
            bars: components["schemas"]["PerformanceBarOut"][];
            /** Best Markets */
            best_markets: components["schemas"]["PerformanceGroupOut"][];
            /** Categories */
            categories: components["schemas"]["PerformanceGroupOut"][];
            /** Equity */
            equity: components["schemas"]["PerformanceEquityOut"][];
            /** Leaders */
            leaders: components["schemas"]["PerformanceGroupOut"][];
            /** Markets */
            markets: components["schemas"]["PerformanceGroupOut"][];
            /** Period */
            period: string;
            /** Since */
            since: string | null;
            statistics: components["schemas"]["PerformanceStatsOut"];
            /** Until */
            until: string | null;
            /** Worst Markets */
            worst_markets: components["schemas"]["PerformanceGroupOut"][];
        };
        /** PerformanceStatsOut */
        PerformanceStatsOut: {
            /** Average Loss Micros */
            average_loss_micros: number | null;
            /** Average Win Micros */
            average_win_micros: number | null;
            /** Best Close Micros */
            best_close_micros: number | null;
            /** Closes */
            closes: number;
            /**
             * Expectancy Micros
             * @description Mean realised PnL per close
             */
            expectancy_micros: number | null;
            /** Fees Micros */
            fees_micros: number;
            /** Gross Loss Micros */
            gross_loss_micros: number;
            /** Gross Profit Micros */
            gross_profit_micros: number;
            /** Losses */
            losses: number;
            /**
             * Max Drawdown Micros
             * @description Deepest fall of cumulative realised PnL from a peak, close by close
             */
            max_drawdown_micros: number;
            /**
             * Profit Factor Bps
             * @description Gross profit over gross loss × 10,000 (15,000 = 1.5); null without losses
             */
            profit_factor_bps: number | null;
            /** Realized Pnl Micros */
            realized_pnl_micros: number;
            /**
             * Unrealized Pnl Micros
             * @description Open positions now, at their marks
             */
            unrealized_pnl_micros: number;
            /**
             * Win Rate Bps
             * @description Wins over wins + losses × 10,000
             */
            win_rate_bps: number | null;
            /** Wins */
            wins: number;
            /** Worst Close Micros */
            worst_close_micros: number | null;
        };
        /** PeriodExtension */
        PeriodExtension: {
            /** Days */
            days: number;
        };
        /** PlanChoice */
        PlanChoice: {
            /** Plan Code */
            plan_code: string;
        };
        /** PlanGrant */
        PlanGrant: {
            /**
             * Days
             * @description Default: one period
             */
            days?: number | null;
            /** Plan Code */
            plan_code: string;
        };
        /**
         * PlanIn
         * @description A plan as the admin defines it. Prices are micro-units per period.
         */
        PlanIn: {
            /**
             * Active
             * @default true
             */
            active?: boolean;
            /** Code */
            code: string;
            /**
             * Live Mode
             * @default true
             */
            live_mode?: boolean;
            /** Max Api Tokens */
            max_api_tokens?: number | null;
            /** Max Follower Accounts */
            max_follower_accounts?: number | null;
            /** Max Leaders */
            max_leaders?: number | null;
            /** Max Monthly Notional Micros */
            max_monthly_notional_micros?: number | null;
            /** Max Rules */
            max_rules?: number | null;
            /** Name */
            name: string;
            /** Performance Fee Bps */
            performance_fee_bps?: number | null;
            /**
             * Period Days
             * @default 30
             */
            period_days?: number;
            /** Price Micros */
            price_micros: number;
            /**
             * Trial Days
             * @default 0
             */
            trial_days?: number;
        };
        /**
         * PlanOut
         * @description A plan and its limits (``null``: unlimited). Prices are pUSD micro-units per period.
         */
        PlanOut: {
            /** Active */
            active: boolean;
            /** Code */
            code: string;
            /** Live Mode */
            live_mode: boolean;
            /** Max Api Tokens */
            max_api_tokens: number | null;
            /** Max Follower Accounts */
            max_follower_accounts: number | null;
            /** Max Leaders */
            max_leaders: number | null;
            /** Max Monthly Notional Micros */
            max_monthly_notional_micros: number | null;
            /** Max Rules */
            max_rules: number | null;
            /** Name */
            name: string;
            /** Performance Fee Bps */
            performance_fee_bps: number | null;
            /** Period Days */
            period_days: number;
            /** Price Micros */
            price_micros: number;
            /** Trial Days */
            trial_days: number;
        };
        /** PortfolioOut */
        PortfolioOut: {
            exposure: components["schemas"]["ExposureBreakdown"];
            /** Positions */
            positions: components["schemas"]["PositionOut"][];
            totals: components["schemas"]["PortfolioTotals"];
            /**
             * Valuation
             * @description How open positions are valued
             */
            valuation: string;
            /**
             * Valued At
             * Format: date-time
             */
            valued_at: string;
        };
        /** PortfolioTotals */
        PortfolioTotals: {
            /** Cost Micros */
            cost_micros: number;
            /** Fees Micros */
            fees_micros: number;
            /** Open Positions */
            open_positions: number;
            /** Realized Pnl Micros */
            realized_pnl_micros: number;
            /**
             * Unmarked Positions
             * @description Positions valued at cost (no known price)
             */
            unmarked_positions: number;
            /** Unrealized Pnl Micros */
            unrealized_pnl_micros: number;
            /** Value Micros */
            value_micros: number;
        };
        /**
         * PositionBaselineOut
         * @description Shares of a token at the venue accepted as the user's own (not polycopy's).
         */
        PositionBaselineOut: {
            /** Account Id */
            account_id: number;
            /**
             * Baseline
             * @description baseline_micros in shares, a decimal string
             */
            baseline: string;
            /**
             * Baseline Micros
             * @description Shares accepted as the user's own, signed
             */
            baseline_micros: number;
            /** Token Id */
            token_id: string;
        };
        /**
         * PositionDriftOut
         * @description Shares at the venue that neither polycopy's orders nor the baseline explain: the rules
         *     trading the token were halted until the user acknowledges the drift (or it clears).
         */
        PositionDriftOut: {
            /** Account Id */
            account_id: number;
            /**
             * Baseline
             * @description baseline_micros in shares, a decimal string
             */
            baseline: string;
            /**
             * Baseline Micros
             * @description Shares accepted as the user's own, signed
             */
            baseline_micros: number;
            /**
             * Drift
             * @description drift_micros in shares, a decimal string
             */
            drift: string;
            /**
             * Drift Micros
             * @description Unexplained shares, signed
             */
            drift_micros: number;
            /** Token Id */
            token_id: string;
            /**
             * Updated At
             * Format: date-time
             * @description When the token's record last changed: the drift was raised then or since
             */
            updated_at: string;
        };
        /** PositionOut */
        PositionOut: {
            /** Account Id */
            account_id: number;
            /** Average Price Micros */
            average_price_micros: number;
            /** Condition Id */
            condition_id: string;
            /**
             * Cost Micros
             * @description What the open shares cost, fees included
             */
            cost_micros: number;
            /** Leader Id */
            leader_id: number;
            /** Lots */
            lots: number;
            /** @description Null when no trade price is known: valued at cost */
            mark: components["schemas"]["MarkOut"] | null;
            /** Outcome */
            outcome: string | null;
            /** Size Micros */
            size_micros: number;
            /** Token Id */
            token_id: string;
            /** Unrealized Pnl Micros */
            unrealized_pnl_micros: number;
            /** Value Micros */
            value_micros: number;
        };
        /** PreviewFillOut */
        PreviewFillOut: {
            action: components["schemas"]["DecisionAction"];
            /**
             * Amount Micros
             * @description pUSD a copied buy would spend
             */
            amount_micros: number | null;
            /** Explanation */
            explanation: string;
            /** Leader Fill Id */
            leader_fill_id: number;
            /**
             * Occurred At
             * Format: date-time
             */
            occurred_at: string;
            /** Outcome */
            outcome: string | null;
            /** Price Micros */
            price_micros: number;
            /**
             * Reason
             * @description The skip reason code; null when copied
             */
            reason: string | null;
            side: components["schemas"]["TradeSide"] | null;
            /**
             * Size Micros
             * @description Shares a copied sell would sell
             */
            size_micros: number | null;
            /** Usdc Micros */
            usdc_micros: number;
        };
        /** QueueOut */
        QueueOut: {
            /** By Status */
            by_status: {
                [key: string]: number;
            };
            /** Dead Lettered */
            dead_lettered: number;
            /**
             * Due Now
             * @description Orders waiting to be sent that are due
             */
            due_now: number;
            /**
             * Leased
             * @description Orders a worker holds right now
             */
            leased: number;
            /** Oldest Due At */
            oldest_due_at: string | null;
        };
        /** RankedLeaderOut */
        RankedLeaderOut: {
            copyability: components["schemas"]["CopyabilityOut"] | null;
            /** Last Trade At */
            last_trade_at: string | null;
            leader: components["schemas"]["LeaderOut"];
            /**
             * Rank
             * @description 1 = best by the sort asked for
             */
            rank: number;
            /** @description Null: no stored fills yet */
            statistics: components["schemas"]["LeaderStatisticsOut"] | null;
        };
        /** RankingOut */
        RankingOut: {
            /**
             * Excluded
             * @description Leaders of your list the filters removed
             */
            excluded: number;
            period: components["schemas"]["StatisticsPeriod"];
            /** Rows */
            rows: components["schemas"]["RankedLeaderOut"][];
            sort: components["schemas"]["RankingSort"];
        };
        /**
         * RankingSort
         * @enum {string}
         */
        RankingSort: "copyability" | "roi" | "realized_pnl" | "win_rate" | "profit_factor" | "max_drawdown" | "trades";
        /**
         * RemainderPolicy
         * @description What happens to the unfilled rest of a partly filled order.
         * @enum {string}
         */
        RemainderPolicy: "drop" | "rest";
        /**
         * RiskPartKey
         * @enum {string}
         */
        RiskPartKey: "liquidity" | "spread" | "volume" | "time_to_end" | "volatility" | "neg_risk" | "resolution";
        /**
         * Role
         * @enum {string}
         */
        Role: "user" | "admin";
        /** RuleCreate */
        RuleCreate: {
            /** Account Id */
            account_id: number;
            /**
             * Leader Wallet
             * @description 0x and 40 hex digits: lower case (or upper), or mixed case with a valid EIP-55 checksum
             * @example 0x56687bf447db6ffa42ffe2204a05edaa20f55839
             */
            leader_wallet: string;
            settings: components["schemas"]["RuleSettings"];
        };
        /** RuleOut */
        RuleOut: {
            /** Account Id */
            account_id: number;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Id */
            id: number;
            /** Leader Id */
            leader_id: number;
            /** Leader Wallet */
            leader_wallet: string;
            /** Settings */
            settings: {
                [key: string]: unknown;
            };
            status: components["schemas"]["TradingState"];
            /** Status Reason */
            status_reason: string | null;
            /**
             * Updated At
             * Format: date-time
             */
            updated_at: string;
            /** Version */
            version: number;
        };
        /** RulePreviewIn */
        RulePreviewIn: {
            /** Account Id */
            account_id: number;
            /**
             * Leader Wallet
             * @description 0x and 40 hex digits: lower case (or upper), or mixed case with a valid EIP-55 checksum
             * @example 0x56687bf447db6ffa42ffe2204a05edaa20f55839
             */
            leader_wallet: string;
            settings: components["schemas"]["RuleSettings"];
        };
        /**
         * RulePreviewOut
         * @description How these settings would have decided the leader's latest trades (nothing is saved).
         */
        RulePreviewOut: {
            /** @description The whole stored history replayed under these settings (null: none stored) */
            backtest?: components["schemas"]["BacktestResultOut"] | null;
            /** Considered */
            considered: number;
            /** Copied */
            copied: number;
            /** Fills */
            fills: components["schemas"]["PreviewFillOut"][];
            /** Leader Wallet */
            leader_wallet: string;
            /**
             * Reasons
             * @description Skips per reason code, most frequent first
             */
            reasons: {
                [key: string]: number;
            };
            /** Skipped */
            skipped: number;
        };
        /**
         * RuleSettings
         * @description One copy rule: follower account × leader.
         */
        RuleSettings: {
            /** @default fixed */
            allocation?: components["schemas"]["AllocationMode"];
            /**
             * Allow Keywords
             * @default []
             */
            allow_keywords?: string[];
            /**
             * Allow Tags
             * @default []
             */
            allow_tags?: string[];
            /** @default skip */
            below_minimum?: components["schemas"]["BelowMinimum"];
            /** Budget Micros */
            budget_micros?: number | null;
            consensus?: components["schemas"]["Consensus"] | null;
            conviction?: components["schemas"]["Conviction"] | null;
            /** Daily Loss Stop Micros */
            daily_loss_stop_micros?: number | null;
            /**
             * Deny Keywords
             * @default []
             */
            deny_keywords?: string[];
            /**
             * Deny Tags
             * @default []
             */
            deny_tags?: string[];
            /** Drawdown Stop Micros */
            drawdown_stop_micros?: number | null;
            /** Fixed Amount Micros */
            fixed_amount_micros?: number | null;
            /**
             * Inverse
             * @default false
             */
            inverse?: boolean;
            /** Leader Budget Micros */
            leader_budget_micros?: number | null;
            /**
             * Max Chases
             * @default 3
             */
            max_chases?: number;
            /** Max Event Exposure Micros */
            max_event_exposure_micros?: number | null;
            /** Max Market Exposure Micros */
            max_market_exposure_micros?: number | null;
            /** Max Market Risk */
            max_market_risk?: number | null;
            /** Max Seconds To End */
            max_seconds_to_end?: number | null;
            /** Max Slippage Bps */
            max_slippage_bps?: number | null;
            /** Max Slippage Cents */
            max_slippage_cents?: number | null;
            /** Max Spread Micros */
            max_spread_micros?: number | null;
            /** Max Trade Micros */
            max_trade_micros?: number | null;
            /** Min Book Depth Micros */
            min_book_depth_micros?: number | null;
            /** Min Leader Trade Micros */
            min_leader_trade_micros?: number | null;
            /** Min Seconds To End */
            min_seconds_to_end?: number | null;
            /** Min Trade Micros */
            min_trade_micros?: number | null;
            /**
             * Mirror Open Positions
             * @default false
             */
            mirror_open_positions?: boolean;
            /**
             * Multiplier Bps
             * @default 10000
             */
            multiplier_bps?: number;
            /** @default cancel */
            on_expiry?: components["schemas"]["ExpiryPolicy"];
            /** @default alert */
            on_leader_drift?: components["schemas"]["DriftAction"];
            /**
             * Order Ttl Seconds
             * @default 60
             */
            order_ttl_seconds?: number;
            /** @default FOK */
            order_type?: components["schemas"]["OrderType"];
            /** Percentage Bps */
            percentage_bps?: number | null;
            /** Price Max Micros */
            price_max_micros?: number | null;
            /** Price Min Micros */
            price_min_micros?: number | null;
            /** Range Max Micros */
            range_max_micros?: number | null;
            /** Range Min Micros */
            range_min_micros?: number | null;
            /** @default drop */
            remainder?: components["schemas"]["RemainderPolicy"];
            /** @default both */
            sides?: components["schemas"]["SideMode"];
        };
        /** RuleUpdate */
        RuleUpdate: {
            settings: components["schemas"]["RuleSettings"];
        };
        /** RuntimeOut */
        RuntimeOut: {
            /**
             * Api Rate Limits
             * @description This API process's own request limits (per user, per IP, sign-in)
             */
            api_rate_limits: {
                [key: string]: unknown;
            };
            /** Workers */
            workers: components["schemas"]["WorkerRuntimeOut"][];
        };
        /**
         * Scope
         * @description What a personal API token may do; a browser session may do everything.
         * @enum {string}
         */
        Scope: "accounts:read" | "accounts:write" | "leaders:read" | "leaders:write" | "rules:read" | "rules:write" | "decisions:read" | "orders:read" | "portfolio:read" | "audit:read" | "events:read" | "notifications:read" | "notifications:write" | "admin";
        /**
         * SessionOut
         * @description A browser signed in to your polycopy account.
         */
        SessionOut: {
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /**
             * Current
             * @description The session making this request
             */
            current: boolean;
            /**
             * Expires At
             * Format: date-time
             */
            expires_at: string;
            /** Id */
            id: number;
            /**
             * User Agent
             * @description The browser, as it named itself
             */
            user_agent: string | null;
        };
        /**
         * SettlementStatus
         * @enum {string}
         */
        SettlementStatus: "offered" | "pending" | "sending" | "done" | "failed" | "declined";
        /**
         * SideMode
         * @enum {string}
         */
        SideMode: "both" | "buy_only" | "sell_only";
        /** SignedIn */
        SignedIn: {
            /**
             * Csrf Token
             * @description Send it back in the X-CSRF-Token header on every cookie-authenticated mutation (it is also in the polycopy_csrf cookie)
             */
            csrf_token: string;
            user: components["schemas"]["UserOut"];
        };
        /** SignIn */
        SignIn: {
            /**
             * Email
             * @example ada@example.com
             */
            email: string;
            /**
             * Password
             * Format: password
             */
            password: string;
        };
        /** SignUp */
        SignUp: {
            /**
             * Email
             * @example ada@example.com
             */
            email: string;
            /**
             * Password
             * Format: password
             * @description 10 to 1024 characters, not only spaces, and not a commonly used password (checked against a list; 422 names the rule broken)
             */
            password: string;
        };
        /**
         * SignUpAccepted
         * @description The same for a new e-mail and a taken one: sign-up tells nobody which e-mails exist.
         */
        SignUpAccepted: {
            /** Message */
            message: string;
            /**
             * Status
             * @default accepted
             * @constant
             */
            status?: "accepted";
        };
        /** SourceHealthOut */
        SourceHealthOut: {
            /**
             * Cursors
             * @description Leaders this source keeps a read position for
             */
            cursors: number;
            /**
             * First Reports
             * @description Leader fills this source reported first
             */
            first_reports: number;
            /** Last Seen At */
            last_seen_at: string | null;
            /**
             * Latency P50 Ms
             * @description From the fill's time to this source's report
             */
            latency_p50_ms: number | null;
            /** Latency P95 Ms */
            latency_p95_ms: number | null;
            /**
             * Latency Sample
             * @description Newest sightings the percentiles are over
             */
            latency_sample: number;
            /**
             * Oldest Cursor At
             * @description The read position furthest behind (back-fill starts there)
             */
            oldest_cursor_at: string | null;
            /**
             * Sightings
             * @description Reports of leader fills by this source
             */
            sightings: number;
            /** Source */
            source: string;
        };
        /** StateChange */
        StateChange: {
            /** Reason */
            reason?: string | null;
        };
        /**
         * StatisticsPeriod
         * @enum {string}
         */
        StatisticsPeriod: "all" | "30d" | "7d";
        /**
         * StatOut
         * @description One statistic: value (micro-units for money, decimal string for ratios), the number
         *     of observations behind it, and a 95 % bootstrap interval over closed positions.
         */
        StatOut: {
            /** High */
            high?: number | string | null;
            /** Low */
            low?: number | string | null;
            /** Sample Size */
            sample_size: number;
            /** Value */
            value: number | string | null;
        };
        /** SubscriptionChangeOut */
        SubscriptionChangeOut: {
            /** @description What the change costs, if anything */
            invoice: components["schemas"]["InvoiceOut"] | null;
            /**
             * Paused
             * @description What a smaller plan paused (nothing is deleted)
             */
            paused: string[];
            subscription: components["schemas"]["SubscriptionOut"];
        };
        /** SubscriptionOut */
        SubscriptionOut: {
            /** Credit Micros */
            credit_micros: number;
            /**
             * Grace Until
             * @description past_due: the plan holds until then
             */
            grace_until: string | null;
            /**
             * Period End
             * Format: date-time
             */
            period_end: string;
            /**
             * Period Start
             * Format: date-time
             */
            period_start: string;
            /** Plan Code */
            plan_code: string;
            /**
             * Status
             * @description trialing, active, past_due, cancelled or expired
             */
            status: string;
        };
        /** TopMarketOut */
        TopMarketOut: {
            /** Condition Id */
            condition_id: string;
            /** Volume Micros */
            volume_micros: number;
        };
        /**
         * TradeSide
         * @enum {string}
         */
        TradeSide: "BUY" | "SELL";
        /**
         * TradingState
         * @description Nautilus Trader's trading states, per rule, per account and globally.
         * @enum {string}
         */
        TradingState: "active" | "reducing" | "halted";
        /** UserOut */
        UserOut: {
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Email */
            email: string;
            /** Id */
            id: number;
            role: components["schemas"]["Role"];
        };
        /**
         * WalkForwardOut
         * @description Whether ranking on the period before the split predicted the copy results after it.
         */
        WalkForwardOut: {
            /**
             * Baseline Mean
             * @description Mean correlation with shuffled ranks
             */
            baseline_mean: string | null;
            /**
             * Baseline P95
             * @description 95th percentile of the shuffled ones
             */
            baseline_p95: string | null;
            /**
             * Leaders
             * @description Leaders with a figure on both sides of the split
             */
            leaders: number;
            /**
             * Left Out
             * @description Leaders of your list without both figures
             */
            left_out: number;
            /**
             * P Value
             * @description Share of shuffles correlating at least as well (one-sided)
             */
            p_value: string | null;
            /**
             * Rank Correlation
             * @description Spearman, -1 to 1
             */
            rank_correlation: string | null;
            /** Rows */
            rows: components["schemas"]["WalkForwardRowOut"][];
            sort: components["schemas"]["WalkForwardSort"];
            /**
             * Split At
             * Format: date-time
             */
            split_at: string;
            /** Verdict */
            verdict: string;
        };
        /** WalkForwardRowOut */
        WalkForwardRowOut: {
            /** Leader Id */
            leader_id: number;
            /** Next Rank */
            next_rank: number;
            /**
             * Next Value
             * @description Follower ROI of the default rule after the split
             */
            next_value: string;
            /** Past Rank */
            past_rank: number;
            /**
             * Past Value
             * @description The ranking figure before the split
             */
            past_value: string;
            /** Wallet */
            wallet: string;
        };
        /**
         * WalkForwardSort
         * @enum {string}
         */
        WalkForwardSort: "roi" | "copyability";
        /** WebhookCreate */
        WebhookCreate: {
            /** Description */
            description?: string | null;
            /** Events */
            events: components["schemas"]["NotificationEvent"][];
            /**
             * Url
             * @description Public addresses only: loopback, private, link-local and other internal hosts are refused (422) unless the operator allows them (POLYCOPY_OUTBOUND_ALLOW_HOSTS)
             * @example https://example.com/hooks/polycopy
             */
            url: string;
        };
        /** WebhookCreated */
        WebhookCreated: {
            /** Active */
            active: boolean;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Description */
            description: string | null;
            /** Events */
            events: string[];
            /** Id */
            id: number;
            /**
             * Secret
             * @description The signing secret (HMAC-SHA256, see docs/api.md); shown this once (empty in a response replayed for an Idempotency-Key)
             */
            secret: string;
            /**
             * Updated At
             * Format: date-time
             */
            updated_at: string;
            /** Url */
            url: string;
        };
        /** WebhookOut */
        WebhookOut: {
            /** Active */
            active: boolean;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Description */
            description: string | null;
            /** Events */
            events: string[];
            /** Id */
            id: number;
            /**
             * Updated At
             * Format: date-time
             */
            updated_at: string;
            /** Url */
            url: string;
        };
        /** WebhookUpdate */
        WebhookUpdate: {
            /** Active */
            active?: boolean | null;
            /** Description */
            description?: string | null;
            /** Events */
            events?: components["schemas"]["NotificationEvent"][] | null;
            /**
             * Url
             * @description Public addresses only: loopback, private, link-local and other internal hosts are refused (422) unless the operator allows them (POLYCOPY_OUTBOUND_ALLOW_HOSTS)
             */
            url?: string | null;
        };
        /** WorkerRuntimeOut */
        WorkerRuntimeOut: {
            /** Breakers */
            breakers: components["schemas"]["BreakerOut"][];
            /** Rate Limits */
            rate_limits: {
                [key: string]: {
                    [key: string]: unknown;
                };
            };
            /** Reported At */
            reported_at: string | null;
            /** Worker */
            worker: string;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    "accounts-list_accounts": {
        parameters: {
            query?: {
                /** @description `next_cursor` of the previous page (`v1.` and a number) */
                cursor?: string | null;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_AccountOut_"];
                };
            };
            /** @description not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description request too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "accounts-create_account": {
        parameters: {
            query?: never;
            header?: {
                /** @description 1 to 255 visible ASCII characters (no spaces). Send the same key with the same request again, within the idempotency window (24 h by default), to get the first response back instead of doing it twice; a secret shown once comes back empty */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AccountCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AccountOut"];
                };
            };
            /** @description bad request: the body could not be read (not UTF-8 text) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description plan limit: your plan allows no more */
            402: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description request too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "accounts-get_account": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                account_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AccountOut"];
                };
            };
            /** @description not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description request too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "accounts-update_account": {
        parameters: {
            query?: never;
            header?: {
                /** @description 1 to 255 visible ASCII characters (no spaces). Send the same key with the same request again, within the idempotency window (24 h by default), to get the first response back instead of doing it twice; a secret shown once comes back empty */
                "Idempotency-Key"?: string | null;
            };
            path: {
                account_id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AccountUpdate"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AccountOut"];
                };
            };
            /** @description bad request: the body could not be read (not UTF-8 text) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description request too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "accounts-replace_account_credentials": {
        parameters: {
            query?: never;
            header?: {
                /** @description 1 to 255 visible ASCII characters (no spaces). Send the same key with the same request again, within the idempotency window (24 h by default), to get the first response back instead of doing it twice; a secret shown once comes back empty */
                "Idempotency-Key"?: string | null;
            };
            path: {
                account_id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CredentialsReplace"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AccountOut"];
                };
            };
            /** @description bad request: the body could not be read (not UTF-8 text) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description request too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "accounts-run_doctor": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                account_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DoctorOut"];
                };
            };
            /** @description not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description request too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "exports-export_account": {
        parameters: {
            query: {
                format?: components["schemas"]["ExportFormat"];
                /** @description From this moment on (ISO 8601; no zone means UTC) */
                from?: string | null;
                /** @description Before this moment (ISO 8601; no zone means UTC) */
                to?: string | null;
                /** @description What to export; `lots` is a tax-lot report */
                what: components["schemas"]["ExportKind"];
            };
            header?: never;
            path: {
                account_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The export, as an attachment */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": string;
                    "text/csv": string;
                };
            };
            /** @description not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description request too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "accounts-halt_account": {
        parameters: {
            query?: never;
            header?: {
                /** @description 1 to 255 visible ASCII characters (no spaces). Send the same key with the same request again, within the idempotency window (24 h by default), to get the first response back instead of doing it twice; a secret shown once comes back empty */
                "Idempotency-Key"?: string | null;
            };
            path: {
                account_id: number;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["StateChange"] | null;
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AccountOut"];
                };
            };
            /** @description bad request: the body could not be read (not UTF-8 text) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description request too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "accounts-list_merge_offers": {
        parameters: {
            query?: {
                /** @description `next_cursor` of the previous page (`v1.` and a number) */
                cursor?: string | null;
                limit?: number;
                /** @description Only offers in this state (`offered`: unanswered) */
                status?: components["schemas"]["SettlementStatus"] | null;
            };
            header?: never;
            path: {
                account_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_MergeOfferOut_"];
                };
            };
            /** @description not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description request too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "accounts-accept_merge_offer": {
        parameters: {
            query?: never;
            header?: {
                /** @description 1 to 255 visible ASCII characters (no spaces). Send the same key with the same request again, within the idempotency window (24 h by default), to get the first response back instead of doing it twice; a secret shown once comes back empty */
                "Idempotency-Key"?: string | null;
            };
            path: {
                account_id: number;
                offer_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MergeOfferOut"];
                };
            };
            /** @description not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description request too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "accounts-decline_merge_offer": {
        parameters: {
            query?: never;
            header?: {
                /** @description 1 to 255 visible ASCII characters (no spaces). Send the same key with the same request again, within the idempotency window (24 h by default), to get the first response back instead of doing it twice; a secret shown once comes back empty */
                "Idempotency-Key"?: string | null;
            };
            path: {
                account_id: number;
                offer_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MergeOfferOut"];
                };
            };
            /** @description not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description request too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "accounts-switch_mode": {
        parameters: {
            query?: never;
            header?: {
                /** @description 1 to 255 visible ASCII characters (no spaces). Send the same key with the same request again, within the idempotency window (24 h by default), to get the first response back instead of doing it twice; a secret shown once comes back empty */
                "Idempotency-Key"?: string | null;
            };
            path: {
                account_id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ModeChange"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AccountOut"];
                };
            };
            /** @description bad request: the body could not be read (not UTF-8 text) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description plan limit: your plan allows no more */
            402: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description request too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "accounts-list_position_drifts": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                account_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PositionDriftOut"][];
                };
            };
            /** @description not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description request too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "accounts-acknowledge_position_drift": {
        parameters: {
            query?: never;
            header?: {
                /** @description 1 to 255 visible ASCII characters (no spaces). Send the same key with the same request again, within the idempotency window (24 h by default), to get the first response back instead of doing it twice; a secret shown once comes back empty */
                "Idempotency-Key"?: string | null;
            };
            path: {
                account_id: number;
                /** @description The outcome token's id (a decimal string) */
                token_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PositionBaselineOut"];
                };
            };
            /** @description not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description request too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "accounts-resume_account": {
        parameters: {
            query?: never;
            header?: {
                /** @description 1 to 255 visible ASCII characters (no spaces). Send the same key with the same request again, within the idempotency window (24 h by default), to get the first response back instead of doing it twice; a secret shown once comes back empty */
                "Idempotency-Key"?: string | null;
            };
            path: {
                account_id: number;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["StateChange"] | null;
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AccountOut"];
                };
            };
            /** @description bad request: the body could not be read (not UTF-8 text) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description request too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "admin-list_all_accounts": {
        parameters: {
            query?: {
                /** @description `next_cursor` of the previous page (`v1.` and a number) */
                cursor?: string | null;
                limit?: number;
                /** @description Only this user's accounts */
                user_id?: number | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_AdminAccountOut_"];
                };
            };
            /** @description not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description request too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "admin-halt_any_account": {
        parameters: {
            query?: never;
            header?: {
                /** @description 1 to 255 visible ASCII characters (no spaces). Send the same key with the same request again, within the idempotency window (24 h by default), to get the first response back instead of doing it twice; a secret shown once comes back empty */
                "Idempotency-Key"?: string | null;
            };
            path: {
                account_id: number;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["StateChange"] | null;
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdminAccountOut"];
                };
            };
            /** @description bad request: the body could not be read (not UTF-8 text) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description request too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "admin-resume_any_account": {
        parameters: {
            query?: never;
            header?: {
                /** @description 1 to 255 visible ASCII characters (no spaces). Send the same key with the same request again, within the idempotency window (24 h by default), to get the first response back instead of doing it twice; a secret shown once comes back empty */
                "Idempotency-Key"?: string | null;
            };
            path: {
                account_id: number;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["StateChange"] | null;
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdminAccountOut"];
                };
            };
            /** @description bad request: the body could not be read (not UTF-8 text) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description request too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "admin-list_all_audit_events": {
        parameters: {
            query?: {
                actor?: string | null;
                /** @description `next_cursor` of the previous page (`v1.` and a number) */
                cursor?: string | null;
                entity_id?: string | null;
                entity_type?: string | null;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_AuditEventOut_"];
                };
            };
            /** @description not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description request too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "admin-list_dead_letters": {
        parameters: {
            query?: {
                /** @description `next_cursor` of the previous page (`v1.` and a number) */
                cursor?: string | null;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_OrderOut_"];
                };
            };
            /** @description not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description request too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "admin-retry_dead_lettered_order": {
        parameters: {
            query?: never;
            header?: {
                /** @description 1 to 255 visible ASCII characters (no spaces). Send the same key with the same request again, within the idempotency window (24 h by default), to get the first response back instead of doing it twice; a secret shown once comes back empty */
                "Idempotency-Key"?: string | null;
            };
            path: {
                order_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OrderOut"];
                };
            };
            /** @description not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description request too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "admin-get_kill_switch": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["KillSwitchOut"];
                };
            };
            /** @description not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description request too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "admin-set_kill_switch": {
        parameters: {
            query?: never;
            header?: {
                /** @description 1 to 255 visible ASCII characters (no spaces). Send the same key with the same request again, within the idempotency window (24 h by default), to get the first response back instead of doing it twice; a secret shown once comes back empty */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["KillSwitchSet"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["KillSwitchOut"];
                };
            };
            /** @description bad request: the body could not be read (not UTF-8 text) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description request too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "admin-get_queue": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["QueueOut"];
                };
            };
            /** @description not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description request too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "admin-get_runtime": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RuntimeOut"];
                };
            };
            /** @description not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description request too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "admin-get_detection_sources": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SourceHealthOut"][];
                };
            };
            /** @description not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description request too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "admin-list_users": {
        parameters: {
            query?: {
                /** @description `next_cursor` of the previous page (`v1.` and a number) */
                cursor?: string | null;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_AdminUserOut_"];
                };
            };
            /** @description not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description request too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "notifications-list_alerts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AlertStateOut"][];
                };
            };
            /** @description not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description request too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "notifications-get_alert_settings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AlertSettings"];
                };
            };
            /** @description not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description request too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "notifications-put_alert_settings": {
        parameters: {
            query?: never;
            header?: {
                /** @description 1 to 255 visible ASCII characters (no spaces). Send the same key with the same request again, within the idempotency window (24 h by default), to get the first response back instead of doing it twice; a secret shown once comes back empty */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AlertSettings"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AlertSettings"];
                };
            };
            /** @description bad request: the body could not be read (not UTF-8 text) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description request too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "audit-list_audit_events": {
        parameters: {
            query?: {
                /** @description `next_cursor` of the previous page (`v1.` and a number) */
                cursor?: string | null;
                entity_id?: string | null;
                entity_type?: string | null;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_AuditEventOut_"];
                };
            };
            /** @description not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description request too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "auth-sign_in": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SignIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SignedIn"];
                };
            };
            /** @description bad request: the body could not be read (not UTF-8 text) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description request too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "auth-sign_out": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description request too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "auth-sign_up": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SignUp"];
            };
        };
        responses: {
            /** @description Successful Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SignUpAccepted"];
                };
            };
            /** @description bad request: the body could not be read (not UTF-8 text) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description signup_closed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description request too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "backtests-list_backtests": {
        parameters: {
            query?: {
                leader_id?: number | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BacktestJobOut"][];
                };
            };
            /** @description not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description request too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "backtests-start_backtest": {
        parameters: {
            query?: never;
            header?: {
                /** @description 1 to 255 visible ASCII characters (no spaces). Send the same key with the same request again, within the idempotency window (24 h by default), to get the first response back instead of doing it twice; a secret shown once comes back empty */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["BacktestRequest"];
            };
        };
        responses: {
            /** @description Successful Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BacktestJobOut"];
                };
            };
            /** @description bad request: the body could not be read (not UTF-8 text) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description request too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "backtests-get_backtest": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                job_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BacktestJobOut"];
                };
            };
            /** @description not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description request too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "billing-admin_list_invoices": {
        parameters: {
            query?: {
                open_only?: boolean;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InvoiceOut"][];
                };
            };
            /** @description not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description request too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "billing-mark_paid": {
        parameters: {
            query?: never;
            header?: {
                /** @description 1 to 255 visible ASCII characters (no spaces). Send the same key with the same request again, within the idempotency window (24 h by default), to get the first response back instead of doing it twice; a secret shown once comes back empty */
                "Idempotency-Key"?: string | null;
            };
            path: {
                invoice_id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["InvoicePayment"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InvoiceOut"];
                };
            };
            /** @description bad request: the body could not be read (not UTF-8 text) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description request too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "billing-admin_list_plans": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PlanOut"][];
                };
            };
            /** @description not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description request too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "billing-create_plan": {
        parameters: {
            query?: never;
            header?: {
                /** @description 1 to 255 visible ASCII characters (no spaces). Send the same key with the same request again, within the idempotency window (24 h by default), to get the first response back instead of doing it twice; a secret shown once comes back empty */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PlanIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PlanOut"];
                };
            };
            /** @description bad request: the body could not be read (not UTF-8 text) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description request too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "billing-update_plan": {
        parameters: {
            query?: never;
            header?: {
                /** @description 1 to 255 visible ASCII characters (no spaces). Send the same key with the same request again, within the idempotency window (24 h by default), to get the first response back instead of doing it twice; a secret shown once comes back empty */
                "Idempotency-Key"?: string | null;
            };
            path: {
                code: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PlanIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PlanOut"];
                };
            };
            /** @description bad request: the body could not be read (not UTF-8 text) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description request too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "billing-extend": {
        parameters: {
            query?: never;
            header?: {
                /** @description 1 to 255 visible ASCII characters (no spaces). Send the same key with the same request again, within the idempotency window (24 h by default), to get the first response back instead of doing it twice; a secret shown once comes back empty */
                "Idempotency-Key"?: string | null;
            };
            path: {
                user_id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PeriodExtension"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SubscriptionChangeOut"];
                };
            };
            /** @description bad request: the body could not be read (not UTF-8 text) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description request too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "billing-grant": {
        parameters: {
            query?: never;
            header?: {
                /** @description 1 to 255 visible ASCII characters (no spaces). Send the same key with the same request again, within the idempotency window (24 h by default), to get the first response back instead of doing it twice; a secret shown once comes back empty */
                "Idempotency-Key"?: string | null;
            };
            path: {
                user_id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PlanGrant"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SubscriptionChangeOut"];
                };
            };
            /** @description bad request: the body could not be read (not UTF-8 text) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description request too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "billing-cancel": {
        parameters: {
            query?: never;
            header?: {
                /** @description 1 to 255 visible ASCII characters (no spaces). Send the same key with the same request again, within the idempotency window (24 h by default), to get the first response back instead of doing it twice; a secret shown once comes back empty */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SubscriptionChangeOut"];
                };
            };
            /** @description not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description request too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "billing-change_plan": {
        parameters: {
            query?: never;
            header?: {
                /** @description 1 to 255 visible ASCII characters (no spaces). Send the same key with the same request again, within the idempotency window (24 h by default), to get the first response back instead of doing it twice; a secret shown once comes back empty */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PlanChoice"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SubscriptionChangeOut"];
                };
            };
            /** @description bad request: the body could not be read (not UTF-8 text) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description request too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "billing-list_invoices": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InvoiceOut"][];
                };
            };
            /** @description not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description request too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "billing-list_plans": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PlanOut"][];
                };
            };
            /** @description not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description request too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "billing-subscribe": {
        parameters: {
            query?: never;
            header?: {
                /** @description 1 to 255 visible ASCII characters (no spaces). Send the same key with the same request again, within the idempotency window (24 h by default), to get the first response back instead of doing it twice; a secret shown once comes back empty */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PlanChoice"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SubscriptionChangeOut"];
                };
            };
            /** @description bad request: the body could not be read (not UTF-8 text) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description request too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "billing-get_subscription": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SubscriptionOut"];
                };
            };
            /** @description not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description request too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "decisions-list_decisions": {
        parameters: {
            query?: {
                account_id?: number | null;
                /** @description `next_cursor` of the previous page (`v1.` and a number) */
                cursor?: string | null;
                limit?: number;
                rule_id?: number | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_DecisionOut_"];
                };
            };
            /** @description not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description request too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "decisions-get_decision": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                decision_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DecisionOut"];
                };
            };
            /** @description not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description request too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "decisions-summarize_decisions": {
        parameters: {
            query?: {
                account_id?: number | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DecisionSummaryOut"];
                };
            };
            /** @description not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description request too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "events-stream_events": {
        parameters: {
            query?: {
                /** @description How often to look */
                poll_ms?: number;
            };
            header?: {
                /** @description Resume after this event */
                "Last-Event-ID"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description An endless `text/event-stream`. Events: `ready` (data: the position), `leader_fill` (LeaderFillOut), `decision` (DecisionOut), `order` (OrderUpdateOut), `end` (the session or token ended). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": string;
                };
            };
            /** @description not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description request too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "ingest-ingest_fills": {
        parameters: {
            query?: never;
            header?: {
                "Polycopy-Provider"?: string;
                /** @description t=<unix time>,v1=<hex HMAC-SHA256 of '<t>.<raw body>'> */
                "Polycopy-Signature"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["IngestBatch"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IngestResult"];
                };
            };
            /** @description bad request: the body could not be read (not UTF-8 text) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description request too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "leaders-list_leaders": {
        parameters: {
            query?: {
                /** @description `next_cursor` of the previous page (`v1.` and a number) */
                cursor?: string | null;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_LeaderOut_"];
                };
            };
            /** @description not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description request too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "leaders-add_leader": {
        parameters: {
            query?: never;
            header?: {
                /** @description 1 to 255 visible ASCII characters (no spaces). Send the same key with the same request again, within the idempotency window (24 h by default), to get the first response back instead of doing it twice; a secret shown once comes back empty */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["LeaderCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LeaderOut"];
                };
            };
            /** @description bad request: the body could not be read (not UTF-8 text) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description request too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "leaders-get_leader": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                leader_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LeaderOut"];
                };
            };
            /** @description not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description request too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "leaders-unfollow_leader": {
        parameters: {
            query?: never;
            header?: {
                /** @description 1 to 255 visible ASCII characters (no spaces). Send the same key with the same request again, within the idempotency window (24 h by default), to get the first response back instead of doing it twice; a secret shown once comes back empty */
                "Idempotency-Key"?: string | null;
            };
            path: {
                leader_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description rules of yours still copy it */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description request too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "attribution-get_leader_attribution": {
        parameters: {
            query?: {
                account_id?: number | null;
                /** @description Leader trades from this moment on (ISO 8601; UTC) */
                from?: string | null;
                /** @description ... before this moment, marked here (default: now) */
                to?: string | null;
            };
            header?: never;
            path: {
                leader_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AttributionOut"][];
                };
            };
            /** @description not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description request too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "leaders-get_leader_backfill": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                leader_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LeaderBackfillOut"];
                };
            };
            /** @description not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description request too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "leaders-start_leader_backfill": {
        parameters: {
            query?: never;
            header?: {
                /** @description 1 to 255 visible ASCII characters (no spaces). Send the same key with the same request again, within the idempotency window (24 h by default), to get the first response back instead of doing it twice; a secret shown once comes back empty */
                "Idempotency-Key"?: string | null;
            };
            path: {
                leader_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LeaderBackfillOut"];
                };
            };
            /** @description not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description request too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "leaders-get_leader_drift": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                leader_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LeaderDriftOut"];
                };
            };
            /** @description not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description request too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "leaders-list_leader_fills": {
        parameters: {
            query?: {
                /** @description `next_cursor` of the previous page (`v1.` and a number) */
                cursor?: string | null;
                limit?: number;
            };
            header?: never;
            path: {
                leader_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_LeaderFillOut_"];
                };
            };
            /** @description not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description request too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "leaders-leader_performance": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                leader_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LeaderPerformancePointOut"][];
                };
            };
            /** @description not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description request too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "leaders-list_leader_positions": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                leader_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LeaderPositionOut"][];
                };
            };
            /** @description not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description request too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the Data API did not answer */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "leaders-get_leader_statistics": {
        parameters: {
            query?: {
                period?: components["schemas"]["StatisticsPeriod"];
            };
            header?: never;
            path: {
                leader_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LeaderStatisticsOut"];
                };
            };
            /** @description not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description request too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "leaders-compare_leaders": {
        parameters: {
            query: {
                /** @description 1 to 4 distinct leader ids, comma-separated */
                ids: string;
                period?: components["schemas"]["StatisticsPeriod"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LeaderComparisonOut"];
                };
            };
            /** @description not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description request too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "leaders-discover_leaders": {
        parameters: {
            query?: {
                category?: components["schemas"]["LeaderboardCategory"];
                limit?: number;
                offset?: number;
                order_by?: components["schemas"]["LeaderboardOrder"];
                period?: components["schemas"]["LeaderboardPeriod"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LeaderCandidateOut"][];
                };
            };
            /** @description not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description request too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the Data API did not answer */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "leaders-look_up_wallet": {
        parameters: {
            query: {
                /** @description The wallet's address */
                wallet: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LeaderLookupOut"];
                };
            };
            /** @description not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description request too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description the Data API did not answer */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "leaders-rank_leaders": {
        parameters: {
            query?: {
                active_within_days?: number | null;
                max_drawdown_micros?: number | null;
                max_trade_micros?: number | null;
                min_trade_micros?: number | null;
                min_trades?: number | null;
                period?: components["schemas"]["StatisticsPeriod"];
                sort?: components["schemas"]["RankingSort"];
                tag?: string | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RankingOut"];
                };
            };
            /** @description not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description request too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "leaders-walk_forward_check": {
        parameters: {
            query?: {
                sort?: components["schemas"]["WalkForwardSort"];
                split_days?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WalkForwardOut"];
                };
            };
            /** @description not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description request too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "markets-list_markets": {
        parameters: {
            query: {
                /** @description Condition ids of the markets (up to 100) */
                condition_id: string[];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MarketOut"][];
                };
            };
            /** @description not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description request too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "markets-get_market_risk": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                condition_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MarketRiskOut"];
                };
            };
            /** @description not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description request too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "me-get_me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MeOut"];
                };
            };
            /** @description not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description request too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "me-change_password": {
        parameters: {
            query?: never;
            header?: {
                /** @description 1 to 255 visible ASCII characters (no spaces). Send the same key with the same request again, within the idempotency window (24 h by default), to get the first response back instead of doing it twice; a secret shown once comes back empty */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PasswordChange"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PasswordChanged"];
                };
            };
            /** @description bad request: the body could not be read (not UTF-8 text) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description request too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "me-list_sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SessionOut"][];
                };
            };
            /** @description not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description request too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "me-end_other_session": {
        parameters: {
            query?: never;
            header?: {
                /** @description 1 to 255 visible ASCII characters (no spaces). Send the same key with the same request again, within the idempotency window (24 h by default), to get the first response back instead of doing it twice; a secret shown once comes back empty */
                "Idempotency-Key"?: string | null;
            };
            path: {
                session_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description request too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "notifications-list_channels": {
        parameters: {
            query?: {
                /** @description `next_cursor` of the previous page (`v1.` and a number) */
                cursor?: string | null;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_ChannelOut_"];
                };
            };
            /** @description not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description request too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "notifications-create_channel": {
        parameters: {
            query?: never;
            header?: {
                /** @description 1 to 255 visible ASCII characters (no spaces). Send the same key with the same request again, within the idempotency window (24 h by default), to get the first response back instead of doing it twice; a secret shown once comes back empty */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ChannelCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ChannelOut"];
                };
            };
            /** @description bad request: the body could not be read (not UTF-8 text) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description request too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "notifications-delete_channel": {
        parameters: {
            query?: never;
            header?: {
                /** @description 1 to 255 visible ASCII characters (no spaces). Send the same key with the same request again, within the idempotency window (24 h by default), to get the first response back instead of doing it twice; a secret shown once comes back empty */
                "Idempotency-Key"?: string | null;
            };
            path: {
                channel_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description request too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "notifications-update_channel": {
        parameters: {
            query?: never;
            header?: {
                /** @description 1 to 255 visible ASCII characters (no spaces). Send the same key with the same request again, within the idempotency window (24 h by default), to get the first response back instead of doing it twice; a secret shown once comes back empty */
                "Idempotency-Key"?: string | null;
            };
            path: {
                channel_id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ChannelUpdate"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ChannelOut"];
                };
            };
            /** @description bad request: the body could not be read (not UTF-8 text) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description request too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "notifications-test_channel": {
        parameters: {
            query?: never;
            header?: {
                /** @description 1 to 255 visible ASCII characters (no spaces). Send the same key with the same request again, within the idempotency window (24 h by default), to get the first response back instead of doing it twice; a secret shown once comes back empty */
                "Idempotency-Key"?: string | null;
            };
            path: {
                channel_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ChannelTestOut"];
                };
            };
            /** @description not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description request too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "orders-list_orders": {
        parameters: {
            query?: {
                account_id?: number | null;
                /** @description `next_cursor` of the previous page (`v1.` and a number) */
                cursor?: string | null;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_OrderOut_"];
                };
            };
            /** @description not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description request too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "orders-get_order": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                order_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OrderOut"];
                };
            };
            /** @description not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description request too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "portfolio-get_portfolio": {
        parameters: {
            query?: {
                /** @description Only this follower account */
                account_id?: number | null;
                /** @description Only this leader */
                leader_id?: number | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PortfolioOut"];
                };
            };
            /** @description not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description request too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "portfolio-get_equity_curve": {
        parameters: {
            query?: {
                /** @description Only this follower account */
                account_id?: number | null;
                bucket?: components["schemas"]["Bucket"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EquityOut"];
                };
            };
            /** @description not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description request too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "portfolio-list_exchange_fills": {
        parameters: {
            query?: {
                /** @description Only this follower account */
                account_id?: number | null;
                /** @description `next_cursor` of the previous page (`v1.` and a number) */
                cursor?: string | null;
                limit?: number;
                /** @description Only this order's fills */
                order_id?: number | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_ExchangeFillOut_"];
                };
            };
            /** @description not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description request too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "portfolio-compare_leaders": {
        parameters: {
            query?: {
                /** @description Only this follower account */
                account_id?: number | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LeaderResultOut"][];
                };
            };
            /** @description not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description request too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "portfolio-list_lots": {
        parameters: {
            query?: {
                /** @description Only this follower account */
                account_id?: number | null;
                /** @description `next_cursor` of the previous page (`v1.` and a number) */
                cursor?: string | null;
                /** @description Only this leader */
                leader_id?: number | null;
                limit?: number;
                /** @description Only lots with shares left */
                open?: boolean;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_LotOut_"];
                };
            };
            /** @description not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description request too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "portfolio-get_performance": {
        parameters: {
            query?: {
                /** @description Only this follower account */
                account_id?: number | null;
                /** @description From this moment on (ISO 8601) */
                from?: string | null;
                period?: components["schemas"]["BarPeriod"];
                /** @description Before this moment (ISO 8601) */
                to?: string | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PerformanceOut"];
                };
            };
            /** @description not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description request too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "rules-list_rules": {
        parameters: {
            query?: {
                account_id?: number | null;
                /** @description `next_cursor` of the previous page (`v1.` and a number) */
                cursor?: string | null;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_RuleOut_"];
                };
            };
            /** @description not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description request too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "rules-create_copy_rule": {
        parameters: {
            query?: never;
            header?: {
                /** @description 1 to 255 visible ASCII characters (no spaces). Send the same key with the same request again, within the idempotency window (24 h by default), to get the first response back instead of doing it twice; a secret shown once comes back empty */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RuleCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RuleOut"];
                };
            };
            /** @description bad request: the body could not be read (not UTF-8 text) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description plan limit: your plan allows no more */
            402: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description request too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "rules-get_rule": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                rule_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RuleOut"];
                };
            };
            /** @description not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description request too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "rules-delete_rule": {
        parameters: {
            query?: never;
            header?: {
                /** @description 1 to 255 visible ASCII characters (no spaces). Send the same key with the same request again, within the idempotency window (24 h by default), to get the first response back instead of doing it twice; a secret shown once comes back empty */
                "Idempotency-Key"?: string | null;
            };
            path: {
                rule_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description request too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "rules-update_copy_rule": {
        parameters: {
            query?: never;
            header?: {
                /** @description 1 to 255 visible ASCII characters (no spaces). Send the same key with the same request again, within the idempotency window (24 h by default), to get the first response back instead of doing it twice; a secret shown once comes back empty */
                "Idempotency-Key"?: string | null;
            };
            path: {
                rule_id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RuleUpdate"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RuleOut"];
                };
            };
            /** @description bad request: the body could not be read (not UTF-8 text) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description request too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "attribution-get_rule_attribution": {
        parameters: {
            query?: {
                /** @description Leader trades from this moment on (ISO 8601; UTC) */
                from?: string | null;
                /** @description ... before this moment, marked here (default: now) */
                to?: string | null;
            };
            header?: never;
            path: {
                rule_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AttributionOut"];
                };
            };
            /** @description not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description request too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "rules-pause_rule": {
        parameters: {
            query?: never;
            header?: {
                /** @description 1 to 255 visible ASCII characters (no spaces). Send the same key with the same request again, within the idempotency window (24 h by default), to get the first response back instead of doing it twice; a secret shown once comes back empty */
                "Idempotency-Key"?: string | null;
            };
            path: {
                rule_id: number;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["StateChange"] | null;
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RuleOut"];
                };
            };
            /** @description bad request: the body could not be read (not UTF-8 text) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description request too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "rules-resume_rule": {
        parameters: {
            query?: never;
            header?: {
                /** @description 1 to 255 visible ASCII characters (no spaces). Send the same key with the same request again, within the idempotency window (24 h by default), to get the first response back instead of doing it twice; a secret shown once comes back empty */
                "Idempotency-Key"?: string | null;
            };
            path: {
                rule_id: number;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["StateChange"] | null;
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RuleOut"];
                };
            };
            /** @description bad request: the body could not be read (not UTF-8 text) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description request too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "rules-preview_copy_rule": {
        parameters: {
            query?: never;
            header?: {
                /** @description 1 to 255 visible ASCII characters (no spaces). Send the same key with the same request again, within the idempotency window (24 h by default), to get the first response back instead of doing it twice; a secret shown once comes back empty */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RulePreviewIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RulePreviewOut"];
                };
            };
            /** @description bad request: the body could not be read (not UTF-8 text) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description request too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "tokens-list_tokens": {
        parameters: {
            query?: {
                /** @description `next_cursor` of the previous page (`v1.` and a number) */
                cursor?: string | null;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_ApiTokenOut_"];
                };
            };
            /** @description not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description request too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "tokens-create_token": {
        parameters: {
            query?: never;
            header?: {
                /** @description 1 to 255 visible ASCII characters (no spaces). Send the same key with the same request again, within the idempotency window (24 h by default), to get the first response back instead of doing it twice; a secret shown once comes back empty */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ApiTokenCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiTokenCreated"];
                };
            };
            /** @description bad request: the body could not be read (not UTF-8 text) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description plan limit: your plan allows no more */
            402: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description request too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "tokens-revoke_token": {
        parameters: {
            query?: never;
            header?: {
                /** @description 1 to 255 visible ASCII characters (no spaces). Send the same key with the same request again, within the idempotency window (24 h by default), to get the first response back instead of doing it twice; a secret shown once comes back empty */
                "Idempotency-Key"?: string | null;
            };
            path: {
                token_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description request too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "webhooks-list_webhooks": {
        parameters: {
            query?: {
                /** @description `next_cursor` of the previous page (`v1.` and a number) */
                cursor?: string | null;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_WebhookOut_"];
                };
            };
            /** @description not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description request too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "webhooks-create_webhook": {
        parameters: {
            query?: never;
            header?: {
                /** @description 1 to 255 visible ASCII characters (no spaces). Send the same key with the same request again, within the idempotency window (24 h by default), to get the first response back instead of doing it twice; a secret shown once comes back empty */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WebhookCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookCreated"];
                };
            };
            /** @description bad request: the body could not be read (not UTF-8 text) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description request too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "webhooks-get_webhook": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                webhook_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookOut"];
                };
            };
            /** @description not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description request too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "webhooks-delete_webhook": {
        parameters: {
            query?: never;
            header?: {
                /** @description 1 to 255 visible ASCII characters (no spaces). Send the same key with the same request again, within the idempotency window (24 h by default), to get the first response back instead of doing it twice; a secret shown once comes back empty */
                "Idempotency-Key"?: string | null;
            };
            path: {
                webhook_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description request too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "webhooks-update_webhook": {
        parameters: {
            query?: never;
            header?: {
                /** @description 1 to 255 visible ASCII characters (no spaces). Send the same key with the same request again, within the idempotency window (24 h by default), to get the first response back instead of doing it twice; a secret shown once comes back empty */
                "Idempotency-Key"?: string | null;
            };
            path: {
                webhook_id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WebhookUpdate"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookOut"];
                };
            };
            /** @description bad request: the body could not be read (not UTF-8 text) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description request too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "webhooks-list_deliveries": {
        parameters: {
            query?: {
                /** @description `next_cursor` of the previous page (`v1.` and a number) */
                cursor?: string | null;
                limit?: number;
            };
            header?: never;
            path: {
                webhook_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_DeliveryOut_"];
                };
            };
            /** @description not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description request too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "webhooks-ping_webhook": {
        parameters: {
            query?: never;
            header?: {
                /** @description 1 to 255 visible ASCII characters (no spaces). Send the same key with the same request again, within the idempotency window (24 h by default), to get the first response back instead of doing it twice; a secret shown once comes back empty */
                "Idempotency-Key"?: string | null;
            };
            path: {
                webhook_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description request too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description invalid input */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description rate limited */
            429: {
                headers: {
                    /** @description Seconds to wait */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description internal error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    "ops-healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
        };
    };
    "ops-metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/plain": string;
                };
            };
        };
    };
    "ops-readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
            /** @description the database does not answer */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
        };
    };
}
