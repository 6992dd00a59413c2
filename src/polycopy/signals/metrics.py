"""Prometheus metrics of leader detection, labelled by source."""

from __future__ import annotations

from prometheus_client import Counter, Histogram

DETECTION_LATENCY = Histogram(
    "polycopy_detection_latency_seconds",
    "From a fill's time on chain (or in the emulator) to a source reporting it.",
    ["source"],
    buckets=(0.25, 0.5, 1, 2, 3, 5, 10, 20, 30, 60, 120, 300, 900),
)
FILLS_FIRST_SEEN = Counter(
    "polycopy_detection_fills_total",
    "Leader fills (and other leader events) a source reported first.",
    ["source"],
)
SIGHTINGS = Counter(
    "polycopy_detection_sightings_total", "Reports of leader fills per source.", ["source"]
)
DUPLICATES_COLLAPSED = Counter(
    "polycopy_detection_duplicates_collapsed_total",
    "Reports of a fill another source (or an earlier read) had already recorded.",
    ["source"],
)
GAPS_BACKFILLED = Counter(
    "polycopy_detection_gaps_backfilled_total",
    "Fills first found by a catch-up read (after a restart, reconnect or outage).",
    ["source"],
)
REORGED = Counter(
    "polycopy_detection_reorged_total", "Fills whose chain log a reorganisation removed."
)
SOURCE_RECONNECTS = Counter(
    "polycopy_detection_source_restarts_total",
    "Times a source was reconnected or restarted (watchdog, errors).",
    ["source"],
)
