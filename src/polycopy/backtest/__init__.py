"""Copyability backtest: a leader's history replayed through the live decision code.

``history`` streams an export into a sorted on-disk spool, ``pricing`` prices the copies
(recorded books, or the documented depth model), ``core`` is the pure replay over
``copying.evaluate`` and the lot accounting, and ``run`` is the thin driver the CLI calls.
See docs/backtest.md.
"""
