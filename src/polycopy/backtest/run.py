"""The thin driver: a history file and a rule file in, a report out.

Everything it makes lives in a temporary directory that is gone when it returns: a backtest
stores nothing, so a bad file leaves nothing behind.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from polycopy.backtest.core import Backtest, Decision, DelayOf, Report, refuse_consensus
from polycopy.backtest.history import HistoryError, Spool, micros
from polycopy.backtest.pricing import RecordedBooks
from polycopy.copying.evaluate import BookView
from polycopy.copying.settings import AccountLimits, RuleSettings
from polycopy.emulator.recorded import RecordedFileError, load_payload
from polycopy.emulator.recorded_models import BookRecord
from polycopy.kit.errors import InvalidInputError
from polycopy.kit.money import MICRO

#: The rule a backtest uses when none is given: 10 pUSD per leader buy, defaults otherwise.
DEFAULT_RULE = RuleSettings(fixed_amount_micros=10 * MICRO)
#: How many points the equity curve has at most (one per bucket).
EQUITY_POINTS = 400

#: ``progress(phase, done, total)``: phase "read" (total unknown: None) or "replay".
Progress = Callable[[str, int, int | None], None]


class NoHistory(ValueError):
    """The file has no rows of the wallet (in the window asked for)."""


class RuleFileError(ValueError):
    """A rule file that cannot be read or does not validate (the message names the field)."""


def load_rule(path: Path) -> tuple[RuleSettings, AccountLimits]:
    """A TOML rule: the rule's settings at the top level, the account's limits in
    ``[account]`` (the field names of ``RuleSettings`` and ``AccountLimits``)."""
    try:
        raw: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise RuleFileError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise RuleFileError(f"{path}: not valid TOML: {exc}") from None
    account = raw.pop("account", {})
    try:
        rule = RuleSettings.model_validate(raw)
        limits = AccountLimits.model_validate(account)
        refuse_consensus(rule)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "rule"
        raise RuleFileError(f"{path}: {where}: {first['msg']}") from None
    except InvalidInputError as exc:
        raise RuleFileError(f"{path}: {exc}") from None
    return rule, limits


def load_books(paths: list[Path]) -> RecordedBooks:
    """Recorded CLOB ``GET /book`` bodies: a file holds one, an array of them, or JSON lines;
    each is validated with the emulator's ``BookRecord`` and kept by token and time."""
    series: dict[str, list[tuple[int, BookView]]] = {}
    for path in paths:
        try:
            payload = load_payload(path)
        except RecordedFileError as exc:
            raise HistoryError(str(exc)) from None
        for index, item in enumerate(payload if isinstance(payload, list) else [payload]):
            try:
                book = BookRecord.model_validate(item)
            except ValidationError as exc:
                first = exc.errors()[0]
                where = ".".join(str(p) for p in first["loc"])
                raise HistoryError(f"{path}: book {index}: {where}: {first['msg']}") from None
            view = BookView(
                bids=tuple((micros(lv.price), micros(lv.size)) for lv in reversed(book.bids)),
                asks=tuple((micros(lv.price), micros(lv.size)) for lv in reversed(book.asks)),
            )
            series.setdefault(book.asset_id, []).append((int(book.timestamp) // 1_000, view))
    return RecordedBooks(series)


def equity_bucket(first: int, last: int) -> int:
    """Seconds per point of the equity curve: at most ``EQUITY_POINTS`` points, a minute
    at least."""
    return max(60, (last - first) // EQUITY_POINTS + 1)


def run_backtest(
    path: Path,
    wallet: str,
    rule: RuleSettings = DEFAULT_RULE,
    limits: AccountLimits | None = None,
    *,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
    progress: Progress | None = None,
    **options: Any,
) -> tuple[Report, Backtest]:
    """Replay ``wallet``'s rows of ``path`` (``options``: those of ``replay_spool``). Raises
    ``HistoryError`` (a bad file, naming the row) or ``NoHistory``."""
    with Spool() as spool:
        spool.load(
            path,
            wallet,
            since=int(since.timestamp()) if since else None,
            until=int(until.timestamp()) if until else None,
            progress=(lambda n: progress("read", n, None)) if progress else None,
        )
        window = " in that window" if since or until else ""
        missing = f"{path}: no rows of wallet {wallet.lower()}{window}"
        return replay_spool(spool, rule, limits, missing=missing, progress=progress, **options)


def replay_spool(
    spool: Spool,
    rule: RuleSettings = DEFAULT_RULE,
    limits: AccountLimits | None = None,
    *,
    missing: str,
    delay_seconds: int = 0,
    delay_of: DelayOf | None = None,
    stale_after: dt.timedelta = dt.timedelta(seconds=300),
    fee_rate_bps: int = 0,
    books: RecordedBooks | None = None,
    keep_lots: bool = False,
    on_decision: Callable[[Decision], None] | None = None,
    progress: Progress | None = None,
    leader_value_micros: int | None = None,
) -> tuple[Report, Backtest]:
    """Replay a spooled history (a file's, or the Data API's); ``NoHistory(missing)`` when
    it holds no row."""
    if spool.count == 0 or spool.first is None or spool.last is None:
        raise NoHistory(missing)
    backtest = Backtest(
        rule,
        limits,
        delay_seconds=delay_seconds,
        delay_of=delay_of,
        stale_after=stale_after,
        books=books,
        fee_rate_bps=fee_rate_bps,
        bucket_seconds=equity_bucket(spool.first, spool.last),
        keep_lots=keep_lots,
        on_decision=on_decision,
        leader_value_micros=leader_value_micros,
    )
    for done, row in enumerate(spool, 1):
        backtest.feed(row)
        if progress is not None and done % 2_000 == 0:
            progress("replay", done, spool.count)
    report = backtest.finish()
    if progress is not None:
        progress("replay", spool.count, spool.count)
    return report, backtest


__all__ = [
    "HistoryError",
    "NoHistory",
    "RuleFileError",
    "Spool",
    "load_books",
    "load_rule",
    "replay_spool",
    "run_backtest",
]
