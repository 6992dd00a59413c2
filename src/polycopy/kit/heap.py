"""Garbage-collector settings for the worker, a long-running process that allocates in bursts.

Why: a fan-out of one fill to 1,000 followers allocates hundreds of thousands of short-lived
objects (ORM rows, requests, answers). With CPython's default threshold (a young collection
every 700 net allocations) that is about 300 collections, and their scans of the long-lived
heap (accounts' keys, markets, caches) took about a fifth of the worker's CPU. Objects alive
after start-up are moved out of the collector's sight, and young collections run every
50,000 allocations. Reference counting still frees almost everything at once; cycles are
still collected, just less often.
"""

from __future__ import annotations

import gc

YOUNG_COLLECTION_EVERY = 50_000


def settle_after_startup() -> None:
    """Call once the process has built what it keeps for its lifetime."""
    gc.collect()
    gc.freeze()
    _, middle, old = gc.get_threshold()
    gc.set_threshold(YOUNG_COLLECTION_EVERY, middle, old)
