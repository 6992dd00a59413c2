"""Preview a copy rule: how its settings would have decided the leader's latest trades."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter

from polycopy.api.deps import Context, Idempotency, mutation
from polycopy.api.repository import OwnedRepository
from polycopy.api.routes.rules import rule_target
from polycopy.api.schemas import (
    BacktestResultOut,
    PreviewFillOut,
    RulePreviewIn,
    RulePreviewOut,
)
from polycopy.auth.types import Scope
from polycopy.copying.preview import Preview, preview_rule
from polycopy.copying.types import DecisionAction

router = APIRouter(prefix="/rules", tags=["rules"])

# A POST because the settings are a body; it reads only (an Idempotency-Key is accepted).
Previewer = Annotated[Idempotency, mutation(Scope.RULES_READ)]


@router.post("/preview", response_model=RulePreviewOut)
async def preview_copy_rule(body: RulePreviewIn, idem: Previewer, context: Context) -> Any:
    """With these settings, the leader's stored history (detected and backfilled fills)
    replayed through the backtest engine under the account's limits, starting from its state
    now, against the recorded or modelled book of each moment: the last 20 trades one by one,
    and the report over all of them (``backtest``). Nothing is saved. Only leaders on your
    list have stored trades."""

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
                action=DecisionAction.COPY if p.copied else DecisionAction.SKIP,
                reason=p.reason,
                explanation=p.explanation,
                amount_micros=p.amount_micros,
                size_micros=p.size_micros,
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
            backtest=BacktestResultOut.model_validate(preview.backtest)
            if preview.backtest
            else None,
        )

    return await idem.run(body, handler, status_code=200)
