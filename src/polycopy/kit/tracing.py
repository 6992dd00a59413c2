"""Traces and stage metrics of the copy pipeline: detect → decide → order → fill.

The stages run in separate transactions, and may run in separate processes, so no span
context travels between them in memory. Every stage instead derives the **trace id from the
leader fill's id** (stored with each decision, and reached from an order through its
decision): all spans of one leader fill form one trace, whichever process wrote them, with
no column to add and nothing to propagate. Each stage span is a child of a synthetic remote
root span (also derived from the fill id, never exported) and carries ``polycopy.leader_fill_id``
(and ``polycopy.order_id`` for the order and fill stages) as correlation attributes.

Tracing is off unless ``configure`` is given an exporter (setting ``trace_exporter``): then
every helper here returns at once, so the hot path pays one ``None`` check per stage.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Literal

from opentelemetry import trace
from opentelemetry.context import Context
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, ConsoleSpanExporter, SpanExporter
from opentelemetry.trace import NonRecordingSpan, SpanContext, TraceFlags
from prometheus_client import Counter, Histogram

from polycopy.kit.errors import ConfigError

TraceExporter = Literal["none", "console", "otlp"]
Stage = Literal["detect", "decide", "order", "fill"]

STAGE_LATENCY = Histogram(
    "polycopy_pipeline_stage_seconds",
    "Latency per pipeline stage: detect (leader fill time → stored), decide (stored → "
    "decided), order (one send request), fill (order created → its fill booked).",
    ["stage"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300),
)
ORDERS_ANSWERED = Counter(
    "polycopy_orders_answered_total", "Orders the venue answered, by outcome.", ["outcome"]
)
ORDERS_FILLED = Counter(
    "polycopy_orders_filled_total",
    "Answered orders that filled (fill rate: this over orders answered 'accepted').",
)

_tracer: trace.Tracer | None = None


def configure(exporter: TraceExporter) -> None:
    """Install the exporter the settings name (``none``: tracing off)."""
    if exporter == "none":
        use(None)
        return
    chosen: SpanExporter
    if exporter == "console":
        chosen = ConsoleSpanExporter()
    else:
        try:  # optional: installed by deployments that send traces to a collector
            from opentelemetry.exporter.otlp.proto.http.trace_exporter import (  # type: ignore[import-not-found]
                OTLPSpanExporter,
            )
        except ImportError as missing:
            raise ConfigError(
                "trace_exporter=otlp needs the opentelemetry-exporter-otlp-proto-http package"
            ) from missing
        chosen = OTLPSpanExporter()
    provider = TracerProvider(resource=Resource.create({"service.name": "polycopy"}))
    provider.add_span_processor(BatchSpanProcessor(chosen))
    use(provider)


def use(provider: TracerProvider | None) -> None:
    """Trace to ``provider`` (tests pass one with an in-memory exporter); None: off."""
    global _tracer
    _tracer = None if provider is None else provider.get_tracer("polycopy")


def enabled() -> bool:
    return _tracer is not None


def _derived(leader_fill_id: int, size: int) -> int:
    digest = hashlib.sha256(f"polycopy:leader_fill:{leader_fill_id}".encode()).digest()
    return int.from_bytes(digest[:size], "big") or 1


def trace_id_of(leader_fill_id: int) -> int:
    """The trace every span of this leader fill belongs to."""
    return _derived(leader_fill_id, 16)


def _root(leader_fill_id: int) -> Context:
    root = SpanContext(
        trace_id=trace_id_of(leader_fill_id),
        span_id=_derived(leader_fill_id, 8),
        is_remote=True,
        trace_flags=TraceFlags(TraceFlags.SAMPLED),
    )
    return trace.set_span_in_context(NonRecordingSpan(root))


def _nanos(moment: dt.datetime) -> int:
    return int(moment.timestamp() * 1_000_000_000)


@contextmanager
def stage_span(
    stage: Stage, leader_fill_id: int, *, order_id: int | None = None, **attributes: str | int
) -> Iterator[None]:
    """A span around a stage's work for one leader fill (or one of its orders)."""
    if _tracer is None:
        yield
        return
    with _tracer.start_as_current_span(
        f"polycopy.{stage}",
        context=_root(leader_fill_id),
        attributes=_attributes(leader_fill_id, order_id, attributes),
    ):
        yield


def record_span(
    stage: Stage,
    leader_fill_id: int,
    *,
    start: dt.datetime,
    end: dt.datetime,
    order_id: int | None = None,
    **attributes: str | int,
) -> None:
    """A span of a stage that already happened (a detection, a send shared by a batch)."""
    if _tracer is None:
        return
    span = _tracer.start_span(
        f"polycopy.{stage}",
        context=_root(leader_fill_id),
        attributes=_attributes(leader_fill_id, order_id, attributes),
        start_time=_nanos(start),
    )
    span.end(end_time=_nanos(end))


def _attributes(
    leader_fill_id: int, order_id: int | None, extra: dict[str, str | int]
) -> dict[str, str | int]:
    attributes = {f"polycopy.{name}": value for name, value in extra.items()}
    attributes["polycopy.leader_fill_id"] = leader_fill_id
    if order_id is not None:
        attributes["polycopy.order_id"] = order_id
    return attributes


def observe(stage: Stage, start: dt.datetime, end: dt.datetime) -> None:
    STAGE_LATENCY.labels(stage).observe(max(0.0, (end - start).total_seconds()))
