"""Shared set-up for the adapter tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import structlog


@pytest.fixture(autouse=True)
def _default_logging() -> Iterator[None]:
    """CLI tests configure structlog to print to the stderr their runner captured, and that
    stream is closed once they end; the adapters log, so give them structlog's defaults."""
    structlog.reset_defaults()
    yield
    structlog.reset_defaults()
