"""Request and response bodies. Secrets are accepted (write-only) and never returned.

Input is typed strictly (docs/api.md, "Input rules"): numbers are JSON integers, switches
JSON booleans, wallet addresses ``WalletAddress`` and times ``AwareDatetime`` (with an offset).
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    StrictBool,
    ValidationInfo,
    field_validator,
    model_validator,
)

from polycopy.accounts.types import AccountMode, Role
from polycopy.alerts.types import AlertKind
from polycopy.api.pagination import MAX_ROW_ID
from polycopy.auth.service import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH
from polycopy.auth.types import Scope
from polycopy.config import Mode
from polycopy.copying.settings import AccountLimits, RuleSettings
from polycopy.copying.types import DecisionAction, TradingState
from polycopy.kit.fields import StrictInt
from polycopy.leaders.drift import DriftKind
from polycopy.leaders.ranking import RankingSort
from polycopy.leaders.walk_forward_store import WalkForwardSort
from polycopy.markets.risk import RiskPartKey
from polycopy.notifications.types import DeliveryStatus, NotificationEvent
from polycopy.orders.outcome import CopyOutcome
from polycopy.orders.types import OrderStatus, OrderType
from polycopy.portfolio.attribution import PartKey
from polycopy.settlements.types import SettlementStatus
from polycopy.signals.types import FillSource, LeaderEventType, TradeSide
from polycopy.venues.polymarket.signing import checksum_address

_HEX_ADDRESS = re.compile(r"0x[0-9a-fA-F]{40}")


def _wallet_address(value: str) -> str:
    """Hex in one case (no checksum, as EIP-55 has it), or mixed case that is a valid EIP-55
    checksum (a typo in a checksummed address is caught, not followed); kept in lower case."""
    if not _HEX_ADDRESS.fullmatch(value):
        raise ValueError("not a wallet address (0x and 40 hex digits)")
    digits = value[2:]
    mixed = digits not in (digits.lower(), digits.upper())
    if mixed and checksum_address(value.lower()) != value:
        raise ValueError("not a wallet address: the EIP-55 checksum (its mixed case) is wrong")
    return value.lower()


WalletAddress = Annotated[
    str,
    AfterValidator(_wallet_address),
    Field(
        # The document declares the lower-case form; a checksummed one is accepted too.
        json_schema_extra={"pattern": "^0x[0-9a-f]{40}$"},
        description="0x and 40 hex digits: lower case (or upper), or mixed case with a valid "
        "EIP-55 checksum",
        examples=["0x56687bf447db6ffa42ffe2204a05edaa20f55839"],
    ),
]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class _Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


# Auth.
_EMAIL = Field(
    max_length=320,
    # What ``normalise_email`` takes: something before an "@", a dot after it, no spaces.
    pattern=r"^[^@\s]+@\S*\.\S*$",
    examples=["ada@example.com"],
)
_PASSWORD_RULES = (
    f"{MIN_PASSWORD_LENGTH} to {MAX_PASSWORD_LENGTH} characters, not only spaces, and not a "
    "commonly used password (checked against a list; 422 names the rule broken)"
)


class SignIn(_In):
    email: str = _EMAIL
    password: SecretStr = Field(max_length=MAX_PASSWORD_LENGTH)


class SignUp(SignIn):
    password: SecretStr = Field(
        min_length=MIN_PASSWORD_LENGTH, max_length=MAX_PASSWORD_LENGTH, description=_PASSWORD_RULES
    )


class SignUpAccepted(BaseModel):
    """The same for a new e-mail and a taken one: sign-up tells nobody which e-mails exist."""

    status: Literal["accepted"] = "accepted"
    message: str


class UserOut(_Out):
    id: int
    email: str
    role: Role
    created_at: dt.datetime


class SignedIn(BaseModel):
    user: UserOut
    csrf_token: str = Field(
        description="Send it back in the X-CSRF-Token header on every cookie-authenticated "
        "mutation (it is also in the polycopy_csrf cookie)"
    )


class MeOut(UserOut):
    authenticated_via: str
    scopes: list[str]
    server_mode: Mode = Field(
        description="What this server runs against: sim (the built-in emulator), paper (real "
        "market data, simulated fills) or live (real orders); each account has its own mode too"
    )


class PasswordChange(_In):
    current_password: SecretStr = Field(max_length=MAX_PASSWORD_LENGTH)
    new_password: SecretStr = Field(
        min_length=MIN_PASSWORD_LENGTH, max_length=MAX_PASSWORD_LENGTH, description=_PASSWORD_RULES
    )


class PasswordChanged(BaseModel):
    sessions_ended: int = Field(description="Your other browser sessions, now signed out")


class SessionOut(BaseModel):
    """A browser signed in to your polycopy account."""

    id: int
    created_at: dt.datetime
    expires_at: dt.datetime
    user_agent: str | None = Field(description="The browser, as it named itself")
    current: bool = Field(description="The session making this request")


class ApiTokenCreate(_In):
    name: str = Field(min_length=1, max_length=100)
    scopes: list[Scope] = Field(min_length=1)
    expires_at: AwareDatetime | None = Field(
        default=None, description="With a time zone offset (`Z` or `+02:00`)"
    )


class ApiTokenOut(_Out):
    id: int
    name: str
    prefix: str
    scopes: list[str]
    created_at: dt.datetime
    expires_at: dt.datetime | None
    last_used_at: dt.datetime | None
    revoked_at: dt.datetime | None


class ApiTokenCreated(ApiTokenOut):
    SHOWN_ONCE: ClassVar[tuple[str, ...]] = ("token",)

    token: str = Field(
        description="The token itself; shown this once, never again (empty in a response "
        "replayed for an Idempotency-Key)"
    )


# Follower accounts.
class AccountCredentials(_In):
    """Write-only: encrypted at once and never returned. Give a key or a session key."""

    private_key: SecretStr | None = Field(default=None, description="hex, 32 bytes")
    session_key: SecretStr | None = None
    deposit_wallet: WalletAddress | None = None
    session_valid_until: StrictInt | None = Field(default=None, gt=0, le=2**63 - 1)
    api_key: SecretStr | None = None
    api_secret: SecretStr | None = None
    api_passphrase: SecretStr | None = None

    @model_validator(mode="after")
    def _complete(self) -> AccountCredentials:
        if (self.private_key is None) == (self.session_key is None):
            raise ValueError("give exactly one of private_key and session_key")
        if self.session_key is not None and (
            self.deposit_wallet is None or self.session_valid_until is None
        ):
            raise ValueError("session_key needs deposit_wallet and session_valid_until")
        api = (self.api_key, self.api_secret, self.api_passphrase)
        if any(v is not None for v in api) and not all(v is not None for v in api):
            raise ValueError("give api_key, api_secret and api_passphrase together")
        return self

    def secrets(self) -> dict[str, str]:
        out: dict[str, str] = {}
        if self.private_key is not None:
            out["private_key"] = self.private_key.get_secret_value()
        if self.session_key is not None:
            out["session_key"] = self.session_key.get_secret_value()
            out["deposit_wallet"] = self.deposit_wallet or ""
            out["session_valid_until"] = str(self.session_valid_until)
        if self.api_key is not None and self.api_secret and self.api_passphrase:
            out["api_key"] = self.api_key.get_secret_value()
            out["secret"] = self.api_secret.get_secret_value()
            out["passphrase"] = self.api_passphrase.get_secret_value()
        return out


class AccountCreate(_In):
    label: str = Field(min_length=1, max_length=100)
    mode: AccountMode = Field(
        default=AccountMode.PAPER,
        description="paper (or sim); live is refused here: link in paper, then switch with "
        "POST /accounts/{id}/mode, confirmed and checked by the doctor",
    )
    signature_type: StrictInt = Field(
        ge=0, le=3, description="0 EOA, 1 proxy, 2 Safe, 3 deposit wallet (POLY_1271)"
    )
    wallet_address: WalletAddress | None = Field(
        default=None,
        description="The address that signs (the key's address, or the session key's); "
        "when left out, the key's address",
    )
    funder: WalletAddress | None = Field(
        default=None,
        description="The address holding the funds (proxy, Safe or deposit wallet); "
        "defaults to wallet_address, and is required for signature types 1-3",
    )
    credentials: AccountCredentials | None = Field(
        default=None,
        description="Leave out for a paper account without your key: polycopy makes a "
        "signing key for it (paper orders are signed, never sent); going live then needs "
        "your real key (PUT /accounts/{id}/credentials)",
    )


class AccountOut(_Out):
    id: int
    label: str
    mode: AccountMode
    signature_type: int
    wallet_address: str = Field(description="The signing address")
    funder: str
    trading_state: TradingState
    state_reason: str | None
    quarantined: bool = Field(
        description="Halted by the engine because of this account's own data (credentials, "
        "signer, the exchange refusing its key): state_reason says what to fix; replace the "
        "credentials, then resume"
    )
    limits: dict[str, Any]
    has_credentials: bool
    created_at: dt.datetime


class CredentialsReplace(_In):
    """New credentials for an account, checked like at linking; the funder stays."""

    wallet_address: WalletAddress | None = Field(
        default=None,
        description="The address that signs with the new credentials; defaults to the "
        "account's current signing address",
    )
    credentials: AccountCredentials


class AccountUpdate(_In):
    """Give what changes; limits replace the account's limits as a whole."""

    label: str | None = Field(default=None, min_length=1, max_length=100)
    limits: AccountLimits | None = Field(
        default=None, description="Limits over all of the account's rules together"
    )


class StateChange(_In):
    reason: str | None = Field(default=None, max_length=200)


class PositionBaselineOut(BaseModel):
    """Shares of a token at the venue accepted as the user's own (not polycopy's)."""

    account_id: int
    token_id: str
    baseline_micros: int = Field(description="Shares accepted as the user's own, signed")
    baseline: str = Field(description="baseline_micros in shares, a decimal string")


class PositionDriftOut(PositionBaselineOut):
    """Shares at the venue that neither polycopy's orders nor the baseline explain: the rules
    trading the token were halted until the user acknowledges the drift (or it clears)."""

    drift_micros: int = Field(description="Unexplained shares, signed")
    drift: str = Field(description="drift_micros in shares, a decimal string")
    updated_at: dt.datetime = Field(
        description="When the token's record last changed: the drift was raised then or since"
    )


class DoctorCheckOut(BaseModel):
    name: str
    status: str = Field(description="ok, warn, fail (blocks trading) or skipped")
    summary: str = Field(description="What the check found, in plain words")


class DoctorOut(BaseModel):
    account_id: int
    can_trade: bool
    checks: list[DoctorCheckOut]


class ModeChange(_In):
    """Move an account between paper and live trading; live orders spend real pUSD."""

    mode: AccountMode = Field(description="paper or live")
    confirm: StrictBool = Field(
        description="Must be true: the user confirmed the switch (live trades real money)"
    )


# Leaders.
class LeaderCreate(_In):
    wallet: WalletAddress = Field(description="The leader's proxy/funder address")
    name: str | None = Field(
        default=None,
        max_length=200,
        description="Your name for the leader, seen by you only; another user adding the same "
        "wallet keeps theirs. Adding a leader again with a name renames it",
    )


class LeaderOut(BaseModel):
    id: int
    wallet: str
    name: str | None = Field(description="Your name for the leader (null: none given)")
    pseudonym: str | None = Field(description="The wallet's public Polymarket name, if known")
    created_at: dt.datetime


class LeaderFillOut(_Out):
    """A leader's fill (or other event) as detection recorded it."""

    id: int
    leader_id: int
    event_type: LeaderEventType
    transaction_hash: str
    log_index: int | None
    condition_id: str
    token_id: str | None
    outcome: str | None
    side: TradeSide | None
    price_micros: int
    size_micros: int
    usdc_micros: int
    occurred_at: dt.datetime
    first_seen_at: dt.datetime
    first_source: FillSource


class LeaderboardCategory(enum.StrEnum):
    OVERALL = "OVERALL"
    POLITICS = "POLITICS"
    SPORTS = "SPORTS"
    ESPORTS = "ESPORTS"
    CRYPTO = "CRYPTO"
    CULTURE = "CULTURE"
    MENTIONS = "MENTIONS"
    WEATHER = "WEATHER"
    ECONOMICS = "ECONOMICS"
    TECH = "TECH"
    FINANCE = "FINANCE"


class LeaderboardPeriod(enum.StrEnum):
    DAY = "DAY"
    WEEK = "WEEK"
    MONTH = "MONTH"
    ALL = "ALL"


class LeaderboardOrder(enum.StrEnum):
    PNL = "PNL"
    VOL = "VOL"


class LeaderCandidateOut(BaseModel):
    """A wallet on Polymarket's leaderboard, as a leader you could follow."""

    rank: int
    wallet: str
    name: str
    volume_micros: int
    pnl_micros: int
    verified: bool
    x_username: str
    leader_id: int | None = Field(description="Set when the wallet is on your leader list")


# Copy rules.
class RuleCreate(_In):
    account_id: StrictInt = Field(ge=1, le=MAX_ROW_ID)
    leader_wallet: WalletAddress
    settings: RuleSettings


class RuleUpdate(_In):
    settings: RuleSettings


class RuleOut(BaseModel):
    id: int
    account_id: int
    leader_id: int
    leader_wallet: str
    version: int
    status: TradingState
    status_reason: str | None
    settings: dict[str, Any]
    created_at: dt.datetime
    updated_at: dt.datetime


# Backtests (docs/backtest.md).
class BacktestRequest(_In):
    leader_id: StrictInt = Field(ge=1, le=MAX_ROW_ID, description="A leader on your list")
    settings: RuleSettings
    account_id: StrictInt | None = Field(
        default=None,
        ge=1,
        le=MAX_ROW_ID,
        description="Replay under this account's limits; null: no account limits",
    )
    delay_seconds: StrictInt = Field(
        default=0, ge=0, le=3600, description="Detection delay: seconds from a fill to its decision"
    )
    since: AwareDatetime | None = Field(default=None, description="First moment replayed")
    until: AwareDatetime | None = Field(default=None, description="Replay up to this moment")

    @field_validator("until")
    @classmethod
    def _after_since(cls, until: dt.datetime | None, info: ValidationInfo) -> dt.datetime | None:
        since = info.data.get("since")
        if until is not None and since is not None and until <= since:
            raise ValueError("must be later than since")
        return until


class BacktestProgressOut(BaseModel):
    done: int = Field(description="Stored fills replayed so far")
    total: int | None = Field(description="Stored fills the replay reads; null until it starts")


class BacktestEquityPointOut(BaseModel):
    at: dt.datetime = Field(description="End of the bucket")
    follower_micros: int
    leader_micros: int


class BacktestResultOut(BaseModel):
    """The report ``polycopy backtest --json`` prints, over the leader's stored history."""

    model_config = ConfigDict(populate_by_name=True)

    fills: int
    copies: int
    skips: int
    skips_by_reason: dict[str, int]
    events: dict[str, int] = Field(description="Non-trade rows of the history by type")
    redemptions: int
    capital_needed_micros: int
    spent_micros: int
    proceeds_micros: int
    payouts_micros: int
    fees_micros: int
    slippage_cost_micros: int
    tracking_error_bps: int | None
    copied_notional_at_leader_prices_micros: int
    realized_pnl_micros: int
    unrealized_pnl_micros: int
    pnl_micros: int
    lots_pnl_micros: int
    lots: int
    open_lots: int
    leader_pnl_micros: int
    from_: dt.datetime | None = Field(alias="from")
    to: dt.datetime | None
    equity: list[BacktestEquityPointOut]
    proportional: dict[str, int | str] | None = Field(
        description="Proportional sizing's inputs: budget, the leader's value, their ratio"
    )
    history_source: str = Field(description="Which stored fills the replay read, in words")


class BacktestJobOut(BaseModel):
    id: int
    leader_id: int
    status: Literal["queued", "running", "done", "failed"]
    progress: BacktestProgressOut
    error: str | None = Field(description="Why it failed, in words (null unless failed)")
    requested_at: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None
    request: BacktestRequest
    result: BacktestResultOut | None


class RulePreviewIn(_In):
    account_id: StrictInt = Field(ge=1, le=MAX_ROW_ID)
    leader_wallet: WalletAddress
    settings: RuleSettings


class PreviewFillOut(BaseModel):
    leader_fill_id: int
    occurred_at: dt.datetime
    side: TradeSide | None
    outcome: str | None
    price_micros: int
    usdc_micros: int
    action: DecisionAction
    reason: str | None = Field(description="The skip reason code; null when copied")
    explanation: str
    amount_micros: int | None = Field(description="pUSD a copied buy would spend")
    size_micros: int | None = Field(description="Shares a copied sell would sell")


class RulePreviewOut(BaseModel):
    """How these settings would have decided the leader's latest trades (nothing is saved)."""

    leader_wallet: str
    considered: int
    copied: int
    skipped: int
    reasons: dict[str, int] = Field(description="Skips per reason code, most frequent first")
    fills: list[PreviewFillOut]
    backtest: BacktestResultOut | None = Field(
        default=None,
        description="The whole stored history replayed under these settings (null: none stored)",
    )


# Decisions.
class DecisionOut(BaseModel):
    id: int
    created_at: dt.datetime
    account_id: int
    rule_id: int
    rule_version: int
    leader_fill_id: int
    action: DecisionAction
    reason: str | None
    explanation: str = Field(
        description="Why, in plain words; for a copy whose order did not fill (killed, "
        "refused, given up, expired, partly filled), what became of it instead"
    )
    outcome: CopyOutcome | None = Field(
        description="What became of a copy's order (derived from the order's status): "
        "pending, filled, partially_filled, killed, expired, rejected or dead_lettered; "
        "null for a skip"
    )
    outcome_reason: str | None = Field(
        description="The venue's (or polycopy's) words for an order that did not fill"
    )
    filled_size_micros: int | None = Field(description="Shares the copy got (null for a skip)")
    filled_amount_micros: int | None = Field(description="pUSD the copy's fills came to")
    side: TradeSide | None
    token_id: str | None
    limit_price_micros: int | None
    size_micros: int | None
    amount_micros: int | None
    details: dict[str, Any]
    condition_id: str | None = Field(
        default=None, description="The market of the leader's fill (names: GET /markets)"
    )


class LeaderLookupOut(BaseModel):
    """What Polymarket knows of a wallet, before it is added to your list."""

    wallet: str
    leader_id: int | None = Field(description="The leader's id when it is on your list already")
    has_activity: bool = Field(description="Whether the wallet ever traded (Data API activity)")
    last_activity_at: dt.datetime | None = Field(description="Its latest activity, if any")


# Markets.
class MarketOutcomeOut(BaseModel):
    token_id: str
    outcome: str


class MarketOut(BaseModel):
    condition_id: str
    question: str = Field(description="The market's question, as Gamma words it")
    slug: str | None
    url: str | None = Field(description="The market's page on Polymarket")
    closed: bool
    outcomes: list[MarketOutcomeOut] = Field(description="In the market's order")
    risk_score: int | None = Field(
        default=None,
        description="The market's risk score, 0 (calm) to 100, from the stored figures "
        "(docs/market-risk.md); null: nothing known",
    )


class MarketRiskPartOut(BaseModel):
    key: RiskPartKey
    weight: int = Field(description="Its weight in the score (the weights add up to 100)")
    points: int | None = Field(description="0 (calm) to 100; null: unknown, left out")
    value: int | str | None = Field(
        description="The figure it read: pUSD or price micro-units, seconds, 1/0 for "
        "neg-risk, or the resolution status"
    )


class MarketRiskOut(BaseModel):
    condition_id: str
    question: str
    score: int | None = Field(description="0 (calm) to 100; null: no part known")
    parts: list[MarketRiskPartOut]
    read_at: dt.datetime | None = Field(description="When Gamma's figures were read")


# Orders.
class OrderEventOut(_Out):
    id: int
    from_status: OrderStatus | None
    to_status: OrderStatus
    details: dict[str, Any]
    created_at: dt.datetime


class OrderOut(BaseModel):
    id: int
    decision_id: int
    account_id: int
    leader_id: int
    condition_id: str
    token_id: str
    side: TradeSide
    order_type: OrderType
    status: OrderStatus
    limit_price_micros: int
    size_micros: int | None
    amount_micros: int | None
    order_hash: str | None
    filled_size_micros: int
    filled_amount_micros: int
    fee_micros: int
    attempts: int
    last_error: str | None
    expires_at: dt.datetime | None = Field(
        default=None, description="When a resting (GTC/GTD) order's time to live ends"
    )
    chase_of_id: int | None = Field(
        default=None, description="The order this one replaces (a chase or a kept remainder)"
    )
    created_at: dt.datetime
    updated_at: dt.datetime
    events: list[OrderEventOut]


# Portfolio.
class MarkOut(BaseModel):
    price_micros: int
    at: dt.datetime
    source: str = Field(description="`follower_fill` or `leader_fill`: where the price was seen")


class LeaderPositionOut(BaseModel):
    """An open position of the leader's wallet as Polymarket's Data API reports it."""

    condition_id: str
    token_id: str
    title: str = Field(description="The market's question")
    outcome: str
    size_micros: int = Field(description="Shares held")
    average_price_micros: int
    current_value_micros: int
    cash_pnl_micros: int = Field(description="Current value less what the shares cost")
    percent_pnl: str = Field(description="Cash PnL as a percentage of cost, a decimal string")


class LeaderPerformancePointOut(BaseModel):
    """The leader's running totals after one recorded trade (method: docs/api.md)."""

    at: dt.datetime
    volume_micros: int = Field(description="Cumulative pUSD traded, buys and sells")
    realized_pnl_micros: int = Field(
        description="Cumulative realised PnL, sales matched FIFO against recorded buys"
    )


class LeaderBackfillOut(BaseModel):
    """Progress of reading the leader's whole history from the Data API (docs/detection.md)."""

    status: str = Field(description="pending, running, done or failed")
    rows: int = Field(description="Activity rows read so far (a resumed run re-reads a second)")
    fills_created: int = Field(description="Leader fills this backfill stored that were new")
    last_timestamp: int = Field(description="Newest second stored completely (unix seconds)")
    attempts: int
    error: str | None
    done: bool
    requested_at: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None


class StatisticsPeriod(enum.StrEnum):
    ALL = "all"
    DAYS_30 = "30d"
    DAYS_7 = "7d"


class StatOut(BaseModel):
    """One statistic: value (micro-units for money, decimal string for ratios), the number
    of observations behind it, and a 95 % bootstrap interval over closed positions."""

    value: int | str | None
    sample_size: int
    low: int | str | None = None
    high: int | str | None = None


class TopMarketOut(BaseModel):
    condition_id: str
    volume_micros: int


class LeaderStatisticsOut(BaseModel):
    """A leader's statistics for one period, from its stored fills (docs/leader-statistics.md)."""

    leader_id: int
    period: StatisticsPeriod
    computed_at: dt.datetime
    realized_pnl_micros: StatOut
    unrealized_pnl_micros: StatOut
    capital_deployed_micros: StatOut
    roi: StatOut
    win_rate: StatOut
    profit_factor: StatOut
    max_drawdown_micros: StatOut
    trades: StatOut
    markets: StatOut
    trade_size_p10_micros: StatOut
    trade_size_p50_micros: StatOut
    trade_size_p90_micros: StatOut
    holding_seconds_p50: StatOut
    holding_seconds_mean: StatOut
    maker_share: StatOut
    late_buy_share: StatOut
    top_market_share: StatOut
    unmatched_sells: StatOut
    unmatched_sell_micros: StatOut
    activity_by_hour: list[int] = Field(description="Trades per UTC hour, 0 to 23")
    tags: dict[str, int] = Field(description="Trades per market tag (Gamma), most first")
    top_markets: list[TopMarketOut]


class DriftSignalOut(BaseModel):
    """One way a leader can depart from its own history (docs/leader-statistics.md, "Drift")."""

    kind: DriftKind
    drifting: bool
    baseline: str = Field(
        description="The earlier history's figure: the median trade in micro-units (size), "
        "categories traded (categories), trades a day (frequency), win rate (win_rate); "
        "empty when too few observations"
    )
    recent: str = Field(
        description="The recent window's figure: median trade in micro-units, share of trades "
        "in new categories, trades a day, win rate; empty when too few observations"
    )
    threshold: str = Field(
        description="The factor (size, frequency), share (categories) or lowest win rate "
        "(win_rate) that is drift"
    )
    explanation: str = Field(description="What was compared, in words, with the numbers")


class LeaderDriftOut(BaseModel):
    """Whether a leader still trades like its own history, as of ``checked_at``."""

    checked_at: dt.datetime
    drifting: bool
    signals: list[DriftSignalOut]


# Ranking, comparison and the walk-forward check (docs/leader-statistics.md).
class CopyabilityPartOut(BaseModel):
    part: str = Field(description="copy rate, follower ROI, slippage share or sample size")
    value: str = Field(description="The figure, with what it was computed from")
    weight: str = Field(description="Points the part gives at its best (weights sum to 100)")
    points: str = Field(description="Points it gave to the score")
    source: str = Field(description="Which data and rule it comes from, and how it is scaled")


class CopyabilityOut(BaseModel):
    """How well copying the leader would have done: a backtest of its stored fills of the
    period at the default rule, scored 0..100."""

    score: str = Field(description="0 to 100, the sum of the parts' points")
    copy_rate: str = Field(description="Copies / leader trades decided")
    follower_roi: str | None = Field(description="Follower PnL / spent (null: no copy)")
    slippage_share: str | None = Field(
        description="Slippage cost / copied notional at the leader's prices (null: no copy)"
    )
    sample_size: int = Field(description="Leader trades the replay decided")
    rule: str = Field(description="The rule the replay used, in words")
    history: str = Field(description="The stored fills replayed, in words")
    explanation: list[CopyabilityPartOut]


class RankedLeaderOut(BaseModel):
    rank: int = Field(description="1 = best by the sort asked for")
    leader: LeaderOut
    statistics: LeaderStatisticsOut | None = Field(description="Null: no stored fills yet")
    copyability: CopyabilityOut | None
    last_trade_at: dt.datetime | None


class RankingOut(BaseModel):
    period: StatisticsPeriod
    sort: RankingSort
    rows: list[RankedLeaderOut]
    excluded: int = Field(description="Leaders of your list the filters removed")


class LeaderComparisonOut(BaseModel):
    leaders: list[RankedLeaderOut] = Field(description="In the order asked; rank by copyability")


class WalkForwardRowOut(BaseModel):
    leader_id: int
    wallet: str
    past_rank: int
    past_value: str = Field(description="The ranking figure before the split")
    next_rank: int
    next_value: str = Field(description="Follower ROI of the default rule after the split")


class WalkForwardOut(BaseModel):
    """Whether ranking on the period before the split predicted the copy results after it."""

    split_at: dt.datetime
    sort: WalkForwardSort
    leaders: int = Field(description="Leaders with a figure on both sides of the split")
    left_out: int = Field(description="Leaders of your list without both figures")
    rank_correlation: str | None = Field(description="Spearman, -1 to 1")
    baseline_mean: str | None = Field(description="Mean correlation with shuffled ranks")
    baseline_p95: str | None = Field(description="95th percentile of the shuffled ones")
    p_value: str | None = Field(
        description="Share of shuffles correlating at least as well (one-sided)"
    )
    verdict: str
    rows: list[WalkForwardRowOut]


class PositionOut(BaseModel):
    account_id: int
    leader_id: int
    condition_id: str
    token_id: str
    outcome: str | None
    size_micros: int
    cost_micros: int = Field(description="What the open shares cost, fees included")
    average_price_micros: int
    lots: int
    mark: MarkOut | None = Field(description="Null when no trade price is known: valued at cost")
    value_micros: int
    unrealized_pnl_micros: int


class ExposureOut(BaseModel):
    key: str = Field(description="The market's condition id, the event slug or the leader id")
    cost_micros: int
    value_micros: int
    positions: int


class ExposureBreakdown(BaseModel):
    by_market: list[ExposureOut]
    by_event: list[ExposureOut]
    by_leader: list[ExposureOut]


class PortfolioTotals(BaseModel):
    open_positions: int
    cost_micros: int
    value_micros: int
    unrealized_pnl_micros: int
    realized_pnl_micros: int
    fees_micros: int
    unmarked_positions: int = Field(description="Positions valued at cost (no known price)")


class PortfolioOut(BaseModel):
    valued_at: dt.datetime
    valuation: str = Field(description="How open positions are valued")
    totals: PortfolioTotals
    positions: list[PositionOut]
    exposure: ExposureBreakdown


class LotOut(_Out):
    id: int
    account_id: int = Field(validation_alias="follower_account_id")
    leader_id: int
    condition_id: str
    token_id: str
    outcome: str | None
    opened_by_fill_id: int | None = Field(description="The buy fill that opened the lot")
    opened_by_settlement_id: int | None = Field(
        description="The mirrored split that opened the lot (one lot per outcome)"
    )
    size_micros: int
    remaining_size_micros: int
    cost_micros: int = Field(description="Cost of the remaining shares, fees included")
    realized_pnl_micros: int
    opened_at: dt.datetime
    closed_at: dt.datetime | None


class ExchangeFillOut(_Out):
    id: int
    order_id: int
    account_id: int = Field(validation_alias="follower_account_id")
    venue_trade_id: str
    token_id: str
    side: TradeSide
    price_micros: int
    size_micros: int
    amount_micros: int
    fee_micros: int
    realized_pnl_micros: int
    transaction_hash: str | None
    filled_at: dt.datetime


class EquityPointOut(BaseModel):
    at: dt.datetime = Field(description="End of the bucket")
    realized_pnl_micros: int
    fees_micros: int
    open_cost_micros: int
    volume_micros: int


class EquityOut(BaseModel):
    bucket: str
    points: list[EquityPointOut]
    now: PortfolioTotals


class LeaderResultOut(BaseModel):
    account_id: int
    leader_id: int
    leader_wallet: str
    copied: int = Field(
        description="Leader fills this account decided to copy: filled + partly_filled + "
        "killed + failed + pending"
    )
    filled: int = Field(description="Copies whose order got every share it asked for")
    partly_filled: int = Field(description="Copies that got some shares, not all")
    killed: int = Field(
        description="Copies that got nothing: the venue killed the FOK/FAK order (the book "
        "moved), or a resting order ended unfilled"
    )
    failed: int = Field(description="Copies whose order was refused or given up after retries")
    pending: int = Field(description="Copies whose order is on its way or resting")
    skipped: int = Field(description="Leader fills this account skipped")
    fills: int
    bought_micros: int
    sold_micros: int
    fees_micros: int
    realized_pnl_micros: int
    unrealized_pnl_micros: int
    open_cost_micros: int
    slippage_cost_micros: int = Field(
        description="Over the copied fills: what trading at the follower's prices cost "
        "against the leader's prices for the same sizes (positive: the follower did worse)"
    )
    slippage_bps: int | None
    pnl_at_leader_prices_micros: int = Field(
        description="The follower's PnL had the same trades filled at the leader's prices "
        "without fees: realised + unrealised + slippage cost + fees"
    )


class MergeOfferOut(_Out):
    """Two rules left the account holding every outcome of a market: merging the complete
    sets returns 1 pUSD per set. It runs only if the user accepts."""

    id: int
    account_id: int = Field(validation_alias="follower_account_id")
    condition_id: str
    question: str | None
    status: SettlementStatus = Field(
        description="`offered` (waiting for an answer), `pending`/`sending` (accepted, being "
        "merged), `done`, `failed` or `declined`"
    )
    shares_micros: int = Field(description="Complete sets to merge: shares of every outcome")
    payout_micros: int = Field(description="pUSD the merge paid (once done)")
    realized_pnl_micros: int
    transaction_hash: str | None
    error: str | None
    created_at: dt.datetime
    updated_at: dt.datetime
    settled_at: dt.datetime | None


# Audit.
class AuditEventOut(_Out):
    id: int
    created_at: dt.datetime
    actor: str = Field(description="`user:<id>`, `system` or a worker name")
    entity_type: str
    entity_id: str
    action: str
    details: dict[str, Any]


# Admin.
class AdminUserOut(UserOut):
    accounts: int


class AdminAccountOut(AccountOut):
    user_id: int


class KillSwitchOut(BaseModel):
    on: bool = Field(description="While on, no rule copies anything (exits included)")


class KillSwitchSet(_In):
    on: StrictBool


class QueueOut(BaseModel):
    by_status: dict[str, int]
    due_now: int = Field(description="Orders waiting to be sent that are due")
    leased: int = Field(description="Orders a worker holds right now")
    oldest_due_at: dt.datetime | None
    dead_lettered: int


class SourceHealthOut(BaseModel):
    source: str
    sightings: int = Field(description="Reports of leader fills by this source")
    first_reports: int = Field(description="Leader fills this source reported first")
    last_seen_at: dt.datetime | None
    latency_sample: int = Field(description="Newest sightings the percentiles are over")
    latency_p50_ms: int | None = Field(description="From the fill's time to this source's report")
    latency_p95_ms: int | None
    cursors: int = Field(description="Leaders this source keeps a read position for")
    oldest_cursor_at: dt.datetime | None = Field(
        description="The read position furthest behind (back-fill starts there)"
    )


class BreakerOut(BaseModel):
    name: str
    state: str
    failures: int
    openings: int
    opened_until: dt.datetime | None


class WorkerRuntimeOut(BaseModel):
    worker: str
    reported_at: dt.datetime | None
    breakers: list[BreakerOut]
    rate_limits: dict[str, dict[str, Any]]


class RuntimeOut(BaseModel):
    workers: list[WorkerRuntimeOut]
    api_rate_limits: dict[str, Any] = Field(
        description="This API process's own request limits (per user, per IP, sign-in)"
    )


# Live updates (server-sent events).
class OrderUpdateOut(BaseModel):
    """An order changed state (the ``order`` event of the live stream)."""

    order_id: int
    account_id: int
    decision_id: int
    side: TradeSide
    token_id: str
    status: OrderStatus
    filled_size_micros: int
    filled_amount_micros: int
    event: OrderEventOut


# Webhooks and notification channels.
_PUBLIC_URL = (
    "Public addresses only: loopback, private, link-local and other internal hosts are refused "
    "(422) unless the operator allows them (POLYCOPY_OUTBOUND_ALLOW_HOSTS)"
)


class WebhookCreate(_In):
    url: str = Field(
        min_length=8,
        max_length=2000,
        examples=["https://example.com/hooks/polycopy"],
        description=_PUBLIC_URL,
    )
    events: list[NotificationEvent] = Field(min_length=1)
    description: str | None = Field(default=None, max_length=200)


class WebhookUpdate(_In):
    url: str | None = Field(default=None, min_length=8, max_length=2000, description=_PUBLIC_URL)
    events: list[NotificationEvent] | None = Field(default=None, min_length=1)
    description: str | None = Field(default=None, max_length=200)
    active: StrictBool | None = None


class WebhookOut(_Out):
    id: int
    url: str
    description: str | None
    events: list[str]
    active: bool
    created_at: dt.datetime
    updated_at: dt.datetime


class WebhookCreated(WebhookOut):
    SHOWN_ONCE: ClassVar[tuple[str, ...]] = ("secret",)

    secret: str = Field(
        description="The signing secret (HMAC-SHA256, see docs/api.md); shown this once "
        "(empty in a response replayed for an Idempotency-Key)"
    )


class DeliveryOut(_Out):
    id: int
    webhook_id: int
    event_type: str
    event_key: str
    payload: dict[str, Any]
    status: DeliveryStatus
    attempts: int
    next_attempt_at: dt.datetime | None
    last_status_code: int | None
    last_error: str | None = Field(
        description="Why the last attempt failed, as a category (never the receiver's text): "
        "refused_destination (an internal address; nothing sent), connect_error, timeout, "
        "network_error, http_3xx (redirects are not followed), http_4xx, http_5xx (older rows may "
        "hold free text)"
    )
    delivered_at: dt.datetime | None
    created_at: dt.datetime


class ChannelCreate(_In):
    label: str = Field(min_length=1, max_length=100)
    url: SecretStr = Field(
        max_length=2000,
        description="An apprise URL (tgram://, discord://, slack://, mailto://, json://, ...); "
        "write-only: it holds bot tokens and passwords. A host it names (a mail server, a "
        "self-hosted service) must be public unless the operator allows it",
    )
    events: list[NotificationEvent] = Field(min_length=1)


class ChannelUpdate(_In):
    """Give what changes; ``active: false`` stops notifying the channel until set again."""

    label: str | None = Field(default=None, min_length=1, max_length=100)
    events: list[NotificationEvent] | None = Field(default=None, min_length=1)
    active: StrictBool | None = None


class ChannelTestOut(BaseModel):
    sent: bool = Field(description="Whether the channel's service accepted the test message")
    message: str = Field(description="What happened, in plain words")


class ChannelOut(_Out):
    id: int
    label: str
    scheme: str
    events: list[str]
    active: bool
    created_at: dt.datetime


class AlertStateOut(_Out):
    """One alert of yours for one subject (docs/alerts.md): firing now or not, and since when."""

    kind: AlertKind
    subject: str = Field(description='What it is about: "account:3", "rule:7", "worker:w1", ...')
    firing: bool
    episode: int = Field(description="How many times it started (each start is told once)")
    notified: bool = Field(description="Whether this episode was sent (false: rate-limited)")
    since: dt.datetime | None
    last_notified_at: dt.datetime | None
    text: str


class AttributionPartOut(BaseModel):
    key: PartKey
    reason: str | None = Field(description="The skip reason, for `skipped`")
    micros: int = Field(
        description="What this part cost you: positive when your result is that much below "
        "the leader's (docs/analytics.md)"
    )


class AttributionOut(BaseModel):
    """Why a rule's result differs from its leader's over a period: the parts add up to
    ``gap_micros`` exactly."""

    rule_id: int
    account_id: int
    leader_id: int
    leader_wallet: str
    since: dt.datetime | None = Field(description="Start of the period (trades from then on)")
    until: dt.datetime = Field(description="End of the period; results are marked here")
    leader_result_micros: int = Field(
        description="The leader's trades in the period, scaled to the notional you copied, "
        "at the leader's prices, no fees, marked at the period's end"
    )
    follower_result_micros: int = Field(description="Your copies' result, marked the same way")
    gap_micros: int = Field(description="leader_result_micros − follower_result_micros")
    scale_numerator_micros: int = Field(description="The notional you copied ...")
    scale_denominator_micros: int = Field(description="... over the leader's, on those trades")
    trades: int = Field(description="Leader trades the rule decided in the period")
    copied: int
    parts: list[AttributionPartOut]


class PerformanceBarOut(BaseModel):
    start: dt.datetime = Field(description="Start of the day, week (Monday) or month, UTC")
    realized_pnl_micros: int = Field(description="PnL realised by the period's closes")
    fees_micros: int
    closes: int = Field(description="Sales, redemptions and merges that realised PnL")
    wins: int
    losses: int


class PerformanceEquityOut(BaseModel):
    at: dt.datetime = Field(description="The bar's start; the figures are at its end")
    equity_micros: int = Field(description="Cumulative realised PnL from the period's start")
    peak_micros: int
    drawdown_micros: int = Field(description="equity − peak: 0 at a new high, else negative")


class PerformanceStatsOut(BaseModel):
    closes: int
    wins: int
    losses: int
    realized_pnl_micros: int
    unrealized_pnl_micros: int = Field(description="Open positions now, at their marks")
    fees_micros: int
    gross_profit_micros: int
    gross_loss_micros: int
    profit_factor_bps: int | None = Field(
        description="Gross profit over gross loss × 10,000 (15,000 = 1.5); null without losses"
    )
    win_rate_bps: int | None = Field(description="Wins over wins + losses × 10,000")
    expectancy_micros: int | None = Field(description="Mean realised PnL per close")
    average_win_micros: int | None
    average_loss_micros: int | None
    best_close_micros: int | None
    worst_close_micros: int | None
    max_drawdown_micros: int = Field(
        description="Deepest fall of cumulative realised PnL from a peak, close by close"
    )


class PerformanceGroupOut(BaseModel):
    key: str = Field(description="Condition id, category (first market tag) or leader id")
    name: str | None = Field(
        description="The market's question, or the leader's wallet; null when not known"
    )
    leader_id: int | None = None
    realized_pnl_micros: int = Field(description="Realised in the period")
    unrealized_pnl_micros: int = Field(description="Open positions now")
    pnl_micros: int
    closes: int
    wins: int
    losses: int


class PerformanceOut(BaseModel):
    """Your results over a period, aggregated by the server (docs/analytics.md)."""

    period: str
    since: dt.datetime | None
    until: dt.datetime | None
    bars: list[PerformanceBarOut]
    equity: list[PerformanceEquityOut]
    statistics: PerformanceStatsOut
    best_markets: list[PerformanceGroupOut]
    worst_markets: list[PerformanceGroupOut]
    markets: list[PerformanceGroupOut]
    categories: list[PerformanceGroupOut]
    leaders: list[PerformanceGroupOut]


class DecisionSummaryOut(BaseModel):
    """Counts over every stored decision (not a page of them)."""

    decisions: int
    copied: int = Field(
        description="Copies that filled, partly filled or are still on their way, and "
        "mirrored splits and merges"
    )
    not_filled: int = Field(description="Copies the venue killed, expired or refused")
    skipped: int
    skipped_by_reason: dict[str, int]
    orders_filled: int = Field(description="Orders that got every share they asked for")


# Billing (docs/billing.md).
class PlanOut(_Out):
    """A plan and its limits (``null``: unlimited). Prices are pUSD micro-units per period."""

    code: str
    name: str
    price_micros: int
    period_days: int
    trial_days: int
    max_follower_accounts: int | None
    max_rules: int | None
    max_leaders: int | None
    max_api_tokens: int | None
    max_monthly_notional_micros: int | None
    live_mode: bool
    performance_fee_bps: int | None
    active: bool


class InvoiceOut(_Out):
    id: int
    reference: str = Field(description="Unique; quote it with the payment")
    amount_micros: int
    status: str = Field(description="open, paid or void")
    description: str
    due_at: dt.datetime
    paid_at: dt.datetime | None
    provider: str | None
    note: str
    instructions: str = Field(default="", description="How to pay it (open invoices)")


class SubscriptionOut(_Out):
    plan_code: str
    status: str = Field(description="trialing, active, past_due, cancelled or expired")
    period_start: dt.datetime
    period_end: dt.datetime
    grace_until: dt.datetime | None = Field(description="past_due: the plan holds until then")
    credit_micros: int


class SubscriptionChangeOut(BaseModel):
    subscription: SubscriptionOut
    invoice: InvoiceOut | None = Field(description="What the change costs, if anything")
    paused: list[str] = Field(description="What a smaller plan paused (nothing is deleted)")


class PlanChoice(BaseModel):
    model_config = ConfigDict(extra="forbid")

    plan_code: str = Field(min_length=1, max_length=40)


class PlanGrant(PlanChoice):
    days: int | None = Field(default=None, ge=1, le=3660, description="Default: one period")


class PeriodExtension(BaseModel):
    model_config = ConfigDict(extra="forbid")

    days: int = Field(ge=1, le=3660)


class InvoicePayment(BaseModel):
    model_config = ConfigDict(extra="forbid")

    note: str = Field(min_length=1, max_length=500, description="How it was paid")
