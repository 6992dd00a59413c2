"""Backtests: a leader's stored history replayed under your settings, as a job a worker runs."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, status

from polycopy.api.deps import DbSession, Idempotency, Principal, auth, mutation
from polycopy.api.errors import ApiError, not_found
from polycopy.api.pagination import RowId, RowIdFilter
from polycopy.api.repository import OwnedRepository
from polycopy.api.schemas import (
    BacktestJobOut,
    BacktestProgressOut,
    BacktestRequest,
    BacktestResultOut,
)
from polycopy.auth.types import Scope
from polycopy.backtest.core import refuse_consensus
from polycopy.backtest.repository import add_job, users_job, users_jobs
from polycopy.models import BacktestJob

router = APIRouter(prefix="/backtests", tags=["backtests"])

Reader = Annotated[Principal, auth(Scope.LEADERS_READ)]
# It stores a job row, but reads only what you trade: the leader-reading scope suffices.
Writer = Annotated[Idempotency, mutation(Scope.LEADERS_READ)]
RECENT = 20


def job_out(job: BacktestJob) -> BacktestJobOut:
    return BacktestJobOut(
        id=job.id,
        leader_id=job.leader_id,
        status=job.status,
        progress=BacktestProgressOut(done=job.progress_done, total=job.progress_total),
        error=job.error,
        requested_at=job.requested_at,
        started_at=job.started_at,
        finished_at=job.finished_at,
        request=BacktestRequest.model_validate(job.request),
        result=BacktestResultOut.model_validate(job.result) if job.result else None,
    )


@router.post("", status_code=status.HTTP_202_ACCEPTED, response_model=BacktestJobOut)
async def start_backtest(body: BacktestRequest, idem: Writer, session: DbSession) -> Any:
    """Replay the leader's stored history (detected and backfilled fills) through the live
    decision code under these settings; a worker runs it (``GET /backtests/{id}`` for its
    progress and report). Nothing but the job is stored."""

    async def handler() -> BacktestJobOut:
        refuse_consensus(body.settings)  # 422 naming the field, no job stored
        owned = OwnedRepository(session, idem.principal.user.id)
        if await owned.watched_leader(body.leader_id) is None:
            raise ApiError(
                404, "not_found", "leader_id: leader not on your list", field="leader_id"
            )
        if body.account_id is not None and await owned.account(body.account_id) is None:
            raise ApiError(
                404, "not_found", "account_id: follower account not found", field="account_id"
            )
        job = await add_job(
            session,
            idem.principal.user.id,
            body.leader_id,
            body.model_dump(mode="json"),
            idem.context.venue_clock(),
        )
        return job_out(job)

    return await idem.run(body, handler, status_code=202)


@router.get("", response_model=list[BacktestJobOut])
async def list_backtests(
    principal: Reader,
    session: DbSession,
    leader_id: RowIdFilter = None,
) -> list[BacktestJobOut]:
    """Your latest backtests (of one leader, with ``leader_id``), newest first, at most 20."""
    jobs = await users_jobs(session, principal.user.id, leader_id, RECENT)
    return [job_out(job) for job in jobs]


@router.get("/{job_id}", response_model=BacktestJobOut)
async def get_backtest(job_id: RowId, principal: Reader, session: DbSession) -> BacktestJobOut:
    """A backtest of yours: its progress while it runs, its report once done."""
    job = await users_job(session, principal.user.id, job_id)
    if job is None:
        raise not_found("backtest")
    return job_out(job)
