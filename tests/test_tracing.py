"""One copied leader fill leaves a detect → decide → order → fill trace, stage metrics and
its correlation id in the logs."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest
import structlog
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from prometheus_client import REGISTRY
from sqlalchemy import select

from polycopy.kit import tracing
from polycopy.kit.db import Database
from polycopy.models import Decision, LeaderFill, Order
from tests.pipeline_support import running_sim

STAGES = ("detect", "decide", "order", "fill")


@pytest.fixture
def exporter() -> Iterator[InMemorySpanExporter]:
    spans = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(spans))
    tracing.use(provider)
    try:
        yield spans
    finally:
        tracing.use(None)


def _stage_count(stage: str) -> float:
    value = REGISTRY.get_sample_value("polycopy_pipeline_stage_seconds_count", {"stage": stage})
    return value or 0.0


def _filled() -> float:
    return REGISTRY.get_sample_value("polycopy_orders_filled_total") or 0.0


async def test_a_copied_fill_is_one_trace_across_the_stages(
    db: Database, exporter: InMemorySpanExporter
) -> None:
    before = {stage: _stage_count(stage) for stage in STAGES}
    filled_before = _filled()
    async with running_sim(db) as sim:
        sim.leader_trades(buy=True, shares=10)
        with structlog.testing.capture_logs(
            processors=[structlog.contextvars.merge_contextvars]
        ) as logs:
            await sim.engine().step()
    async with db.transaction() as session:
        fill = (await session.scalars(select(LeaderFill))).one()
        order = (
            await session.scalars(
                select(Order).join(Decision).where(Decision.leader_fill_id == fill.id)
            )
        ).one()

    spans: dict[str, ReadableSpan] = {}
    for span in exporter.get_finished_spans():
        spans.setdefault(span.name.removeprefix("polycopy."), span)
    assert set(STAGES) <= set(spans)
    chain = [spans[stage] for stage in STAGES]
    for span in chain:
        assert span.context is not None
        assert span.attributes is not None
        assert span.context.trace_id == tracing.trace_id_of(fill.id)
        assert span.attributes["polycopy.leader_fill_id"] == fill.id
    assert spans["order"].attributes is not None
    assert spans["fill"].attributes is not None
    assert spans["order"].attributes["polycopy.order_id"] == order.id
    assert spans["fill"].attributes["polycopy.order_id"] == order.id
    # In order: each stage starts once the one before it has ended.
    for earlier, later in itertools.pairwise(chain):
        assert earlier.end_time is not None
        assert later.start_time is not None
        assert earlier.end_time <= later.start_time, (earlier.name, later.name)

    for stage in STAGES:
        assert _stage_count(stage) > before[stage], stage
    assert _filled() > filled_before
    decided = [e for e in logs if e["event"] == "decide.decision"]
    sent = [e for e in logs if e["event"] == "order.sent"]
    assert decided
    assert all(e["leader_fill_id"] == fill.id for e in decided)
    assert sent
    assert all(e["leader_fill_id"] == fill.id for e in sent)
