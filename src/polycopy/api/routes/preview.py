"""Preview a copy rule: how its settings would have decided the leader's latest trades."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter

from polycopy.api.deps import Context, Idempotency, mutation
from polycopy.api.repository import OwnedRepository
from polycopy.api.routes.rules import rule_target
from polycopy.api.schemas import PreviewFillOut, RulePreviewIn, RulePreviewOut
from polycopy.auth.types import Scope
from polycopy.copying.preview import Preview, preview_rule
from polycopy.copying.types import DecisionAction

router = APIRouter(prefix="/rules", tags=["rules"])

# A POST because the settings are a body; it reads only (an Idempotency-Key is accepted).
Previewer = Annotated[Idempotency, mutation(Scope.RULES_READ)]


@router.post("/preview", response_model=RulePreviewOut)
async def preview_copy_rule(body: RulePreviewIn, idem: Previewer, context: Context) -> Any:
    """With these settings, the leader's last 20 trades would have been copied or skipped
    (and why), judged against the account's state now. Nothing is saved. Only leaders you
    follow have stored trades; the book is assumed deep at the leader's price."""

    async def handler() -> RulePreviewOut:
        owned = OwnedRepository(idem.session, idem.principal.user.id)
        account, wallet = await rule_target(owned, body.account_id, body.leader_wallet)
        leader_id = (await owned.watched_wallets({wallet})).get(wallet)
        preview = Preview([])
        if leader_id is not None:
            stale_after = dt.timedelta(seconds=context.settings.stale_buy_after_seconds)
            preview = await preview_rule(
                idem.session, account, leader_id, body.settings, stale_after=stale_after
            )
        items = [
            PreviewFillOut(
                leader_fill_id=p.fill.id,
                occurred_at=p.fill.occurred_at,
                side=p.fill.side,
                outcome=p.fill.outcome,
                price_micros=p.fill.price_micros,
                usdc_micros=p.fill.usdc_micros,
                action=DecisionAction.COPY if p.verdict.intent else DecisionAction.SKIP,
                reason=p.verdict.reason.value if p.verdict.reason else None,
                explanation=p.explanation,
                amount_micros=p.verdict.intent.amount_micros if p.verdict.intent else None,
                size_micros=p.verdict.intent.size_micros if p.verdict.intent else None,
            )
            for p in preview.fills
        ]
        return RulePreviewOut(
            leader_wallet=wallet,
            considered=len(items),
            copied=preview.copied,
            skipped=len(items) - preview.copied,
            reasons=preview.reasons,
            fills=items,
        )

    return await idem.run(body, handler, status_code=200)
