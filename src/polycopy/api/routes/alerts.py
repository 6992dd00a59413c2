"""Alert thresholds and the current state of your alerts (``polycopy.alerts``; which channel
or webhook gets which alert is its subscription to ``alert.<kind>`` events)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter

from polycopy.alerts.repository import AlertSettingsRepository
from polycopy.alerts.types import AlertSettings
from polycopy.api.deps import DbSession, Idempotency, Principal, auth, mutation
from polycopy.api.schemas import AlertStateOut
from polycopy.audit.repository import AuditRepository
from polycopy.auth.types import Scope

router = APIRouter(prefix="/alerts", tags=["notifications"])

Reader = Annotated[Principal, auth(Scope.NOTIFICATIONS_READ)]
Writer = Annotated[Idempotency, mutation(Scope.NOTIFICATIONS_WRITE)]


@router.get("", response_model=list[AlertStateOut])
async def list_alerts(principal: Reader, session: DbSession) -> list[AlertStateOut]:
    """Your alerts as last checked, firing ones first."""
    states = await AlertSettingsRepository(session, principal.user.id).states()
    return [AlertStateOut.model_validate(s) for s in states]


@router.get("/settings", response_model=AlertSettings)
async def get_alert_settings(principal: Reader, session: DbSession) -> AlertSettings:
    """Your alert thresholds (the defaults until you set them)."""
    return await AlertSettingsRepository(session, principal.user.id).get()


@router.put("/settings", response_model=AlertSettings)
async def put_alert_settings(body: AlertSettings, idem: Writer) -> Any:
    """Set every threshold at once (a field left out takes its default; ``null``: off)."""

    async def handler() -> AlertSettings:
        await AlertSettingsRepository(idem.session, idem.principal.user.id).put(body)
        await AuditRepository(idem.session).record(
            actor=idem.principal.actor,
            entity_type="user",
            entity_id=idem.principal.user.id,
            action="alert_settings_updated",
            details=body.model_dump(mode="json"),
        )
        return body

    return await idem.run(body, handler, status_code=200)
