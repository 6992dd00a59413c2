"""The worker's garbage-collector settings (``polycopy.kit.heap``)."""

from __future__ import annotations

import gc

from polycopy.kit.heap import YOUNG_COLLECTION_EVERY, settle_after_startup


def test_after_startup_the_long_lived_heap_is_frozen_and_young_collections_are_rarer() -> None:
    before = gc.get_threshold()
    frozen = gc.get_freeze_count()
    kept = [object() for _ in range(1_000)]  # what a process keeps for its lifetime
    try:
        settle_after_startup()
        assert gc.get_freeze_count() >= frozen + len(kept)
        assert gc.get_threshold() == (YOUNG_COLLECTION_EVERY, before[1], before[2])
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)
