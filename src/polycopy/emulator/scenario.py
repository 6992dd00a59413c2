"""Scenario files: the emulator's world described in TOML (``docs/emulator-scenarios.md``).

A scenario names markets, events, wallets, initial books, liquidity providers, synthetic and
replayed leaders, recorded payloads to import, the clock and HTTP faults. ``load_scenario``
validates the whole file first (an error names the file and the bad field, e.g.
``markets[1].tick_size``), then builds a fresh ``EmulatorState``; nothing is returned, and
nothing outside the new state is touched, unless every step succeeded.

Identifiers a scenario leaves out (condition ids, token ids, addresses) derive from the seed,
so the same file and seed give the same world.
"""

from __future__ import annotations

import hashlib
import logging
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from polycopy.emulator.book import OrderType
from polycopy.emulator.clock import EmulatorClock
from polycopy.emulator.faults import FaultSettings
from polycopy.emulator.recorded import (
    EventDraft,
    MarketDraft,
    RecordedFileError,
    Recording,
    read_activity,
    read_book,
    read_gamma_events,
    read_gamma_markets,
    read_leaderboard,
    read_positions,
)
from polycopy.emulator.replay import (
    UNLISTED,
    ReplayLeader,
    ReplayStep,
    counterparty_funding,
    funding,
    snap_to_tick,
)
from polycopy.emulator.state import (
    EmulatorState,
    GammaEvent,
    Market,
    OrderRequest,
    Profile,
    RequestRefused,
)
from polycopy.emulator.synthetic import LiquidityProvider, SyntheticLeader
from polycopy.kit.errors import InvalidInputError
from polycopy.kit.money import MICRO, MoneyError, from_micros, to_micros
from polycopy.venues.polymarket.amounts import Side, round_config
from polycopy.venues.polymarket.signing import checksum_address

log = logging.getLogger(__name__)

DEFAULT_SCENARIO = "default.toml"
_DEFAULT_END_DATE = "2030-12-31T12:00:00Z"
_BOOK_WALLET = "book-maker"
_COUNTERPARTY_WALLET = "replay-counterparty"


class ScenarioError(InvalidInputError, ValueError):
    """A scenario that cannot be loaded; the message names the file and the field."""

    code = "invalid_scenario"


# --- schema ------------------------------------------------------------------------------------


def _micros(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int | Decimal | str):
        raise ValueError(f"expected a decimal number, got {type(value).__name__}")
    try:
        return to_micros(value)
    except MoneyError:
        raise ValueError(f"{value} is not a decimal number with at most 6 decimals") from None


def _price(value: Any) -> int:
    micros = _micros(value)
    if not 0 < micros < MICRO:
        raise ValueError("a price must be strictly between 0 and 1")
    return micros


def _tick(value: Any) -> int:
    micros = _micros(value)
    try:
        round_config(from_micros(micros))
    except ValueError:
        raise ValueError("not a CLOB tick size (0.1, 0.01, 0.005, 0.0025, 0.001, 0.0001)") from None
    return micros


Micros = Annotated[int, BeforeValidator(_micros)]
PositiveMicros = Annotated[int, BeforeValidator(_micros), Field(gt=0)]
NonNegativeMicros = Annotated[int, BeforeValidator(_micros), Field(ge=0)]
Price = Annotated[int, BeforeValidator(_price)]
Tick = Annotated[int, BeforeValidator(_tick)]
Key = Annotated[str, Field(min_length=1, pattern=r"^[A-Za-z0-9_.:-]+$")]


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ScenarioMeta(_Spec):
    name: str = ""
    description: str = ""
    seed: int = 0


class ClockSpec(_Spec):
    mode: Literal["realtime", "accelerated"] = "realtime"
    factor: Decimal = Field(default=Decimal(1), gt=0)
    """Emulated seconds per wall second (accelerated mode only)."""
    start: datetime | Literal["now", "recorded"] = "now"
    """When emulator time begins: now, a date-time, or the first replayed row's time."""

    @model_validator(mode="after")
    def _factor_matches_mode(self) -> ClockSpec:
        if self.mode == "realtime" and self.factor != 1:
            raise ValueError("factor applies to mode = 'accelerated' only")
        return self

    @field_validator("start")
    @classmethod
    def _aware(cls, value: datetime | str) -> datetime | str:
        if isinstance(value, datetime) and value.tzinfo is None:
            raise ValueError("give the start with a UTC offset, e.g. 2026-07-14T18:00:00Z")
        return value


class MarketSpec(_Spec):
    key: Key
    question: str = Field(min_length=1)
    slug: str = ""
    outcomes: list[str] = Field(default=["Yes", "No"], min_length=2)
    token_ids: list[Annotated[str, Field(pattern=r"^[0-9]+$")]] | None = None
    condition_id: Annotated[str, Field(pattern=r"^0x[0-9a-fA-F]{64}$")] | None = None
    tick_size: Tick = 10_000
    min_order_size: PositiveMicros = 5 * MICRO
    fee_rate_bps: int = Field(default=0, ge=0, le=10_000)
    neg_risk: bool = False
    event: str = ""
    """Slug of the Gamma event the market belongs to (default: the market's own slug)."""
    end_date: datetime | None = None
    category: str = ""
    tags: list[str] = []
    gamma_id: Annotated[str, Field(pattern=r"^[0-9]+$")] | None = None
    icon: str = ""
    prices: list[Price] | None = None
    """Last trade price per outcome (default 0.5)."""

    @model_validator(mode="after")
    def _per_outcome(self) -> MarketSpec:
        for name in ("token_ids", "prices"):
            given = getattr(self, name)
            if given is not None and len(given) != len(self.outcomes):
                raise ValueError(f"{name} needs one entry per outcome ({len(self.outcomes)})")
        if len(set(self.outcomes)) != len(self.outcomes):
            raise ValueError("outcomes must be distinct")
        return self


class EventSpec(_Spec):
    slug: str = Field(min_length=1)
    title: str = Field(min_length=1)
    gamma_id: Annotated[str, Field(pattern=r"^[0-9]+$")] | None = None
    neg_risk: bool = False
    category: str = ""
    tags: list[str] = []
    description: str = ""


class PositionSpec(_Spec):
    market: str
    outcome: str
    size: PositiveMicros
    avg_price: Annotated[int, BeforeValidator(_micros), Field(ge=0, le=MICRO)] = 0


class WalletSpec(_Spec):
    key: Key
    address: str | None = None
    pusd: NonNegativeMicros = 0
    positions: list[PositionSpec] = []
    name: str = ""
    pseudonym: str = ""
    bio: str = ""
    profile_image: str = ""
    x_username: str = ""
    verified: bool = False
    pnl: Micros = 0
    """Leaderboard PnL earned before the scenario (all-time boards add it)."""
    volume: NonNegativeMicros = 0

    @field_validator("address")
    @classmethod
    def _address(cls, value: str | None) -> str | None:
        if value is None:
            return None
        try:
            return checksum_address(value.lower()).lower()
        except ValueError:
            raise ValueError("not an address (0x + 40 hex digits)") from None

    @property
    def has_profile(self) -> bool:
        return bool(self.name or self.pseudonym or self.bio or self.profile_image) or bool(
            self.x_username or self.verified or self.pnl or self.volume
        )


Level = tuple[Price, PositiveMicros]


class BookSpec(_Spec):
    market: str
    outcome: str
    wallet: str = _BOOK_WALLET
    """Who rests the levels; credited with exactly the collateral they need."""
    bids: list[Level] = []
    asks: list[Level] = []


class SyntheticLeaderSpec(_Spec):
    kind: Literal["synthetic"]
    wallet: str
    market: str
    interval: Decimal = Field(default=Decimal(3), gt=0)
    min_size: PositiveMicros = 5 * MICRO
    max_size: PositiveMicros = 50 * MICRO
    buy_share: Decimal = Field(default=Decimal("0.7"), ge=0, le=1)
    slippage_ticks: int = Field(default=3, ge=0)
    seed: int | None = None

    @model_validator(mode="after")
    def _sizes(self) -> SyntheticLeaderSpec:
        if self.min_size > self.max_size:
            raise ValueError("min_size must not exceed max_size")
        if (self.buy_share * 100) % 1:
            raise ValueError("buy_share is a whole percentage (e.g. 0.7)")
        return self


class ReplayLeaderSpec(_Spec):
    kind: Literal["replay"]
    file: str
    """Recorded Data API activity or trades: JSON (v1 / v2) or CSV with Data API columns."""
    wallet: str | None = None
    """Replay only this wallet's rows (required when the rows carry no wallet)."""
    types: list[str] | None = None
    """Row types to replay (default: all); TRADE rows are matched, others are recorded."""
    tick_size: Tick = 10_000
    """Tick of markets the recording does not describe (trade prices snap to it)."""
    delay: Decimal = Field(default=Decimal(0), ge=0)
    """Emulator seconds from the scenario's start to the first replayed row."""
    counterparty: str = _COUNTERPARTY_WALLET
    follower_depth: NonNegativeMicros = 0
    """Shares the counterparty leaves at the recorded price after each fill, for followers."""
    depth_seconds: Decimal = Field(default=Decimal(0), ge=0)
    """Emulator seconds that depth rests before it is cancelled."""

    @model_validator(mode="after")
    def _depth_has_a_window(self) -> ReplayLeaderSpec:
        if bool(self.follower_depth) != bool(self.depth_seconds):
            raise ValueError("follower_depth and depth_seconds go together (both > 0)")
        return self


LeaderSpec = Annotated[SyntheticLeaderSpec | ReplayLeaderSpec, Field(discriminator="kind")]


class LiquiditySpec(_Spec):
    wallet: str
    market: str
    interval: Decimal = Field(default=Decimal(1), gt=0)
    mid: Price = MICRO // 2
    levels: int = Field(default=5, ge=1)
    level_size: PositiveMicros = 200 * MICRO
    half_spread_ticks: int = Field(default=1, ge=1)
    mid_bounds: tuple[Price, Price] = (100_000, 900_000)
    seed: int | None = None


class RecordedSpec(_Spec):
    """Recorded payload files to import (paths relative to the scenario file)."""

    gamma_markets: list[str] = []
    gamma_events: list[str] = []
    books: list[str] = []
    positions: list[str] = []
    leaderboard: list[str] = []


class ScenarioSpec(_Spec):
    scenario: ScenarioMeta = ScenarioMeta()
    clock: ClockSpec = ClockSpec()
    markets: list[MarketSpec] = []
    events: list[EventSpec] = []
    wallets: list[WalletSpec] = []
    books: list[BookSpec] = []
    liquidity: list[LiquiditySpec] = []
    leaders: list[LeaderSpec] = []
    recorded: RecordedSpec = RecordedSpec()
    faults: FaultSettings = FaultSettings()


# --- entry points --------------------------------------------------------------------------


@dataclass
class Scenario:
    """A built scenario: the state, its replays, and the recorded rows it could not use."""

    state: EmulatorState
    spec: ScenarioSpec
    replays: list[ReplayLeader] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def load_scenario(
    path: str | Path,
    *,
    seed: int | None = None,
    clock: Callable[[], float] | None = None,
) -> EmulatorState:
    """The world a scenario file describes (what ``polycopy sim --scenario PATH`` serves).

    ``seed`` overrides the file's seed; ``clock`` replaces the file's clock (tests).
    """
    return build_scenario(path, seed=seed, clock=clock).state


def build_scenario(
    path: str | Path,
    *,
    seed: int | None = None,
    clock: Callable[[], float] | None = None,
) -> Scenario:
    """Like ``load_scenario``, keeping the replays and skipped recorded rows for inspection."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ScenarioError(f"{path}: cannot read: {exc.strerror or exc}") from None
    spec = parse_scenario(text, source=str(path))
    return _Builder(spec, source=str(path), base=path.parent, seed=seed, clock=clock).build()


def parse_scenario(text: str, *, source: str = "<scenario>") -> ScenarioSpec:
    """Validate scenario TOML; numbers are read as ``Decimal``, so money stays exact."""
    try:
        raw = tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(f"{source}: not valid TOML: {exc}") from None
    try:
        return ScenarioSpec.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise ScenarioError(f"{source}: {_where(first['loc'])}: {first['msg']}") from None


def default_scenario_path() -> Path:
    """The shipped scenario that ``default_state`` builds."""
    return Path(str(resources.files("polycopy.emulator") / "scenarios" / DEFAULT_SCENARIO))


def derived_address(seed: int, label: str) -> str:
    """A stable, valid-looking lower-case address for a wallet the scenario did not pin."""
    return "0x" + _digest(seed, f"address:{label}")[:20].hex()


def _digest(seed: int, label: str) -> bytes:
    return hashlib.sha256(f"polycopy-demo:{seed}:{label}".encode()).digest()


def _where(loc: Iterable[int | str]) -> str:
    """``('markets', 1, 'tick_size')`` -> ``markets[1].tick_size``."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        elif part in ("synthetic", "replay"):
            continue  # the discriminated union's branch name adds nothing
        else:
            text += f".{part}" if text else str(part)
    return text or "scenario"


# --- builder -----------------------------------------------------------------------------------


class _Builder:
    """Turns a validated spec into a state; every failure is a ``ScenarioError``."""

    def __init__(
        self,
        spec: ScenarioSpec,
        *,
        source: str,
        base: Path,
        seed: int | None,
        clock: Callable[[], float] | None,
    ) -> None:
        self.spec = spec
        self.source = source
        self.base = base
        self.seed = spec.scenario.seed if seed is None else seed
        self.clock = clock
        self.drafts: dict[str, MarketDraft] = {}
        self.keys: dict[str, str] = {}
        """Market key -> condition id."""
        self.events: dict[str, EventDraft] = {}
        self.wallet_keys: dict[str, str] = {}
        """Wallet key -> address."""
        self.recordings: list[tuple[str, Recording]] = []
        self.replay_rows: list[tuple[int, ReplayLeaderSpec, Recording]] = []
        self.skipped: list[str] = []

    def fail(self, where: str, message: str) -> ScenarioError:
        return ScenarioError(f"{self.source}: {where}: {message}")

    def build(self) -> Scenario:
        self._read_recordings()
        self._collect_markets()
        state = self._state()
        scenario = Scenario(state, self.spec, skipped=self.skipped)
        self._add_markets(state)
        self._add_events(state)
        self._add_wallets(state)
        self._add_recorded_holdings(state)
        self._add_books(state)
        self._add_liquidity(state)
        scenario.replays = self._add_leaders(state)
        state.faults.apply(self.spec.faults)
        for reason in self.skipped:
            log.info("scenario %s: skipped %s", self.source, reason)
        return scenario

    # --- inputs --------------------------------------------------------------------------

    def _path(self, raw: str) -> Path:
        path = Path(raw)
        return path if path.is_absolute() else self.base / path

    def _read_recordings(self) -> None:
        readers: dict[str, Callable[[Path], Recording]] = {
            "gamma_markets": read_gamma_markets,
            "gamma_events": read_gamma_events,
            "books": read_book,
            "positions": read_positions,
            "leaderboard": read_leaderboard,
        }
        for name, read in readers.items():
            for index, raw in enumerate(getattr(self.spec.recorded, name)):
                where = f"recorded.{name}[{index}]"
                self.recordings.append((where, self._read(where, read, self._path(raw))))
        for index, leader in enumerate(self.spec.leaders):
            if isinstance(leader, ReplayLeaderSpec):
                where = f"leaders[{index}].file"
                path = self._path(leader.file)
                recording = self._read(where, read_activity, path, wallet=leader.wallet)
                if leader.types is not None:
                    recording.rows = [r for r in recording.rows if r.type in leader.types]
                self.recordings.append((where, recording))
                self.replay_rows.append((index, leader, recording))

    def _read(
        self, where: str, read: Callable[..., Recording], path: Path, **options: Any
    ) -> Recording:
        try:
            recording = read(path, **options)
        except RecordedFileError as exc:
            raise self.fail(where, str(exc)) from None
        self.skipped += recording.skipped
        return recording

    def _collect_markets(self) -> None:
        """Merge every description of every market; explicit ``[[markets]]`` win."""
        for index, spec in enumerate(self.spec.markets):
            if spec.key in self.keys:
                raise self.fail(f"markets[{index}].key", f"duplicate market key {spec.key!r}")
            draft = self._explicit_draft(spec)
            self.keys[spec.key] = draft.condition_id
            self._merge(f"markets[{index}]", draft)
        for where, recording in self.recordings:
            for draft in recording.markets:
                self._merge(where, draft)
            for row in recording.rows:
                if row.market is not None:
                    self._merge(where, row.market)
            for event in recording.events:
                known = self.events.get(event.slug)
                self.events[event.slug] = event if known is None else _merge_event(known, event)
        for _, recording in self.recordings:
            for book in recording.books:  # a book names its token, not the token's outcome
                draft = self.drafts[book.market.condition_id]
                if book.token_id not in draft.tokens.values():
                    free = next(i for i in range(len(draft.tokens) + 1) if i not in draft.tokens)
                    draft.add_token(free, book.token_id)

    def _merge(self, where: str, draft: MarketDraft) -> None:
        known = self.drafts.get(draft.condition_id)
        if known is None:
            self.drafts[draft.condition_id] = MarketDraft(condition_id=draft.condition_id)
            known = self.drafts[draft.condition_id]
        try:
            known.merge(draft)
        except RecordedFileError as exc:
            raise self.fail(where, str(exc)) from None

    def _explicit_draft(self, spec: MarketSpec) -> MarketDraft:
        condition = spec.condition_id or "0x" + _digest(self.seed, f"market:{spec.key}").hex()
        slug = spec.slug or _slugify(spec.question)
        draft = MarketDraft(
            condition_id=condition.lower(),
            question=spec.question,
            slug=slug,
            outcomes=dict(enumerate(spec.outcomes)),
            tick_size=spec.tick_size,
            min_order_size=spec.min_order_size,
            neg_risk=spec.neg_risk,
            fee_rate_bps=spec.fee_rate_bps,
            event_slug=spec.event or slug,
            end_date=_iso(spec.end_date) if spec.end_date else _DEFAULT_END_DATE,
            gamma_id=spec.gamma_id or "",
            icon=spec.icon,
            category=spec.category,
            tags=tuple(spec.tags),
            prices=dict(enumerate(spec.prices or ())),
        )
        for index, token in enumerate(spec.token_ids or ()):
            draft.tokens[index] = int(token)
        return draft

    # --- state -----------------------------------------------------------------------------

    def _state(self) -> EmulatorState:
        clock_spec = self.spec.clock
        if self.clock is not None:
            state = EmulatorState(self.seed, clock=self.clock)
            if isinstance(self.clock, EmulatorClock):
                state.time_factor = self.clock.factor
            return state
        start: float | None
        if clock_spec.start == "recorded":
            times = [r.timestamp for _, _, rec in self.replay_rows for r in rec.rows]
            if not times:
                raise self.fail("clock.start", "'recorded' needs a replayed leader with rows")
            start = float(min(times))
        elif isinstance(clock_spec.start, datetime):
            start = clock_spec.start.timestamp()
        else:
            start = None
        emulator_clock = EmulatorClock(float(clock_spec.factor), start)
        state = EmulatorState(self.seed, clock=emulator_clock)
        state.time_factor = emulator_clock.factor
        return state

    def _add_markets(self, state: EmulatorState) -> None:
        replay_ticks = {
            row.condition_id: spec.tick_size
            for _, spec, recording in self.replay_rows
            for row in recording.rows
        }
        explicit = {cid: f"markets[{i}]" for i, cid in enumerate(self.keys.values())}
        gamma_base = 500_000 + self.seed % 100_000
        for index, draft in enumerate(self.drafts.values()):
            cid = draft.condition_id
            where = explicit.get(cid, f"market {cid}")
            tokens = tuple(
                (draft.tokens.get(i) or self._derived_token(cid, i), name)
                for i, name in enumerate(_complete_outcomes(draft))
            )
            if len({token for token, _ in tokens}) != len(tokens):
                raise self.fail(where, "two outcomes share a token id")
            for token, _ in tokens:
                other = state.market_for_token(token)
                if other is not None:
                    raise self.fail(where, f"token {token} belongs to market {other.condition_id}")
            market = Market(
                condition_id=cid,
                question=draft.question or cid,
                slug=draft.slug or cid,
                tokens=tokens,
                tick_size=draft.tick_size or replay_ticks.get(cid, 10_000),
                min_order_size=draft.min_order_size or 5 * MICRO,
                neg_risk=bool(draft.neg_risk),
                fee_rate_bps=draft.fee_rate_bps or 0,
                event_slug=draft.event_slug,
                end_date=draft.end_date or _DEFAULT_END_DATE,
                gamma_id=draft.gamma_id or str(gamma_base + index),
                icon=draft.icon,
                category=draft.category,
                tags=draft.tags,
            )
            try:
                state.add_market(market)
            except ValueError as exc:
                raise self.fail(f"{where}.tick_size", str(exc)) from None
            for outcome_index, price in draft.prices.items():
                if 0 <= outcome_index < len(tokens) and 0 < price < MICRO:
                    state.last_trade_price[tokens[outcome_index][0]] = price

    def _add_events(self, state: EmulatorState) -> None:
        declared = {e.slug: e for e in self.spec.events}
        slugs = dict.fromkeys(
            [*declared, *self.events, *(m.event_slug for m in state.markets.values())]
        )
        for index, slug in enumerate(s for s in slugs if s):
            spec = declared.get(slug)
            recorded = self.events.get(slug, EventDraft(slug=slug))
            members = [m for m in state.markets.values() if m.event_slug == slug]
            first = members[0] if members else None
            state.gamma_events[slug] = GammaEvent(
                slug=slug,
                title=(spec.title if spec else recorded.title)
                or (first.question if first else slug),
                gamma_id=(spec.gamma_id if spec else None)
                or recorded.gamma_id
                or str(900_000 + self.seed % 100_000 + index),
                neg_risk=spec.neg_risk
                if spec
                else bool(recorded.neg_risk or any(m.neg_risk for m in members)),
                category=(spec.category if spec else recorded.category)
                or (first.category if first else ""),
                tags=tuple(spec.tags) if spec else recorded.tags,
                description=spec.description if spec else recorded.description,
            )

    def _add_wallets(self, state: EmulatorState) -> None:
        for index, spec in enumerate(self.spec.wallets):
            if spec.key in self.wallet_keys:
                raise self.fail(f"wallets[{index}].key", f"duplicate wallet key {spec.key!r}")
            address = spec.address or derived_address(self.seed, spec.key)
            self.wallet_keys[spec.key] = address
            wallet = state.wallet(address)
            if spec.pusd:
                state.fund(address, spec.pusd)
            if spec.has_profile:
                wallet.profile = Profile(
                    name=spec.name,
                    pseudonym=spec.pseudonym,
                    bio=spec.bio,
                    profile_image=spec.profile_image,
                    x_username=spec.x_username,
                    verified=spec.verified,
                    prior_pnl=spec.pnl,
                    prior_volume=spec.volume,
                )
            for p_index, position in enumerate(spec.positions):
                where = f"wallets[{index}].positions[{p_index}]"
                market = self._market(state, position.market, f"{where}.market")
                token = self._token(market, position.outcome, f"{where}.outcome")
                cost = position.size * position.avg_price // MICRO
                _seed_position(state, address, token, position.size, cost)

    def _add_recorded_holdings(self, state: EmulatorState) -> None:
        for _, recording in self.recordings:
            for pos in recording.positions:
                _seed_position(state, pos.wallet, pos.token_id, pos.size, pos.cost)
            profiles = [(s.wallet, s.profile) for s in recording.standings]
            profiles += [(row.wallet, row.profile) for row in recording.rows]
            for address, profile in profiles:
                if profile != Profile():
                    wallet = state.wallet(address)
                    wallet.profile = _merge_profile(wallet.profile, profile)

    def _add_books(self, state: EmulatorState) -> None:
        books: list[_Book] = []
        for index, spec in enumerate(self.spec.books):
            where = f"books[{index}]"
            market = self._market(state, spec.market, f"{where}.market")
            token = self._token(market, spec.outcome, f"{where}.outcome")
            address = self._wallet(spec.wallet)
            books.append(_Book(where, address, market, token, tuple(spec.bids), tuple(spec.asks)))
        for where, recording in self.recordings:
            for rec in recording.books:
                market = state.markets[rec.market.condition_id]
                address = self._wallet(_BOOK_WALLET)
                books.append(_Book(where, address, market, rec.token_id, rec.bids, rec.asks))
                if rec.last_trade_price:
                    state.last_trade_price[rec.token_id] = rec.last_trade_price
        for book in books:
            self._stock(state, book)

    def _stock(self, state: EmulatorState, book: _Book) -> None:
        """Rest the levels from the book's wallet, funding it with exactly what they lock."""
        where, address, market = book.where, book.address, book.market
        bids, asks = book.bids, book.asks
        tick, minimum = market.tick_size, market.min_order_size
        for name, levels in (("bids", bids), ("asks", asks)):
            for level_index, (price, size) in enumerate(levels):
                at = f"{where}.{name}[{level_index}]"
                if price % tick or not tick <= price <= MICRO - tick:
                    raise self.fail(
                        at, f"price {from_micros(price)} is off the tick {from_micros(tick)}"
                    )
                if size < minimum:
                    raise self.fail(
                        at, f"size {from_micros(size)} is below the minimum {from_micros(minimum)}"
                    )
        if bids and asks and max(p for p, _ in bids) >= min(p for p, _ in asks):
            raise self.fail(where, "the book is crossed (best bid >= best ask)")
        fee_bound = -(-sum(s for _, s in bids) * market.fee_rate_bps // 40_000)
        cash = sum(-(-p * s // MICRO) for p, s in bids) + fee_bound
        shares = sum(s for _, s in asks)
        if cash + shares:
            state.fund(address, cash + shares)
        if shares:
            state.split(address, market.condition_id, shares)
        owner = state.derive_api_key(address, 0).api_key
        for side, levels in ((Side.SELL, asks), (Side.BUY, bids)):
            for price, size in levels:
                try:
                    state.place_order(
                        OrderRequest(
                            order_id=state.internal_order_id(),
                            owner=owner,
                            maker=address,
                            signer=address,
                            token_id=book.token_id,
                            side=side,
                            price=price,
                            size=size,
                            order_type=OrderType.GTC,
                        )
                    )
                except RequestRefused as exc:
                    raise self.fail(where, exc.message) from None

    def _add_liquidity(self, state: EmulatorState) -> None:
        for index, spec in enumerate(self.spec.liquidity):
            where = f"liquidity[{index}]"
            market = self._market(state, spec.market, f"{where}.market")
            low, high = spec.mid_bounds
            if not low <= spec.mid <= high:
                raise self.fail(f"{where}.mid", "mid must lie within mid_bounds")
            provider = LiquidityProvider(
                state,
                self._wallet(spec.wallet, f"{where}.wallet"),
                market,
                seed=self.seed + len(state.actors) if spec.seed is None else spec.seed,
                interval=float(spec.interval),
                mid=spec.mid,
                levels=spec.levels,
                level_size=spec.level_size,
                half_spread_ticks=spec.half_spread_ticks,
                mid_bounds=spec.mid_bounds,
            )
            provider.step()
            state.actors.append(provider)

    def _add_leaders(self, state: EmulatorState) -> list[ReplayLeader]:
        replays: list[ReplayLeader] = []
        origin = min((r.timestamp for _, _, rec in self.replay_rows for r in rec.rows), default=0)
        start = state.now()
        for index, spec in enumerate(self.spec.leaders):
            where = f"leaders[{index}]"
            if isinstance(spec, SyntheticLeaderSpec):
                market = self._market(state, spec.market, f"{where}.market")
                state.actors.append(
                    SyntheticLeader(
                        state,
                        self._wallet(spec.wallet, f"{where}.wallet"),
                        market,
                        seed=self.seed + len(state.actors) if spec.seed is None else spec.seed,
                        interval=float(spec.interval),
                        min_shares=spec.min_size,
                        max_shares=spec.max_size,
                        buy_percent=int(spec.buy_share * 100),
                        slippage_ticks=spec.slippage_ticks,
                    )
                )
                continue
            recording = next(rec for i, _, rec in self.replay_rows if i == index)
            steps = self._steps(state, recording, origin, spec.delay)
            if not steps:
                raise self.fail(f"{where}.file", "no rows to replay")
            replays.append(self._replay(state, steps, spec, start, where))
        state.actors.extend(replays)
        return replays

    def _steps(
        self, state: EmulatorState, recording: Recording, origin: int, delay: Decimal
    ) -> list[ReplayStep]:
        rows = list(recording.rows)
        if len(rows) > 1 and rows[0].timestamp >= rows[-1].timestamp:
            rows.reverse()  # Data API feeds are newest first; equal times keep feed order
        rows.sort(key=lambda r: r.timestamp)
        steps: list[ReplayStep] = []
        for row in rows:
            market = state.markets[row.condition_id] if row.condition_id else UNLISTED
            token = self._row_token(market, row.token_id, row.outcome_index)
            price = int(row.price * MICRO)
            if row.type == "TRADE":
                if token is None or row.side is None or row.size <= 0:
                    self.skipped.append(f"{row.wallet} trade at {row.timestamp}: no token or side")
                    continue
                price = snap_to_tick(price, market.tick_size)
            steps.append(
                ReplayStep(
                    offset=float(delay) + row.timestamp - origin,
                    wallet=row.wallet,
                    kind=row.type,
                    market=market,
                    token_id=token,
                    side=row.side,
                    size=row.size,
                    price=price,
                    usdc_size=row.usdc_size,
                    transaction_hash=row.transaction_hash,
                )
            )
        return steps

    def _replay(
        self,
        state: EmulatorState,
        steps: list[ReplayStep],
        spec: ReplayLeaderSpec,
        start: float,
        where: str,
    ) -> ReplayLeader:
        counterparty = self._wallet(spec.counterparty)
        pusd, opening = funding(steps)
        for wallet, amount in pusd.items():
            if amount:
                state.fund(wallet, amount)
        for (wallet, token), shares in opening.items():
            first_sell = next(s for s in steps if s.wallet == wallet and s.token_id == token)
            _seed_position(state, wallet, token, shares, shares * first_sell.price // MICRO)
        needed = counterparty_funding(steps, spec.follower_depth)
        if needed:
            state.fund(counterparty, needed)
        counts: dict[str, int] = {}
        for step in steps:
            counts[step.wallet] = counts.get(step.wallet, 0) + 1
        primary = max(counts, key=lambda w: counts[w])
        if primary == counterparty:
            raise self.fail(f"{where}.counterparty", "the counterparty is a replayed wallet")
        return ReplayLeader(
            state,
            steps,
            counterparty=counterparty,
            start=start,
            address=primary,
            follower_depth=spec.follower_depth,
            depth_seconds=float(spec.depth_seconds),
        )

    # --- references ------------------------------------------------------------------------

    def _market(self, state: EmulatorState, ref: str, where: str) -> Market:
        condition = self.keys.get(ref, ref.lower())
        market = state.markets.get(condition)
        if market is None:
            raise self.fail(where, f"unknown market {ref!r} (a [[markets]] key or a condition id)")
        return market

    def _token(self, market: Market, outcome: str, where: str) -> int:
        for token, name in market.tokens:
            if name == outcome:
                return token
        names = ", ".join(name for _, name in market.tokens)
        raise self.fail(where, f"market {market.slug!r} has no outcome {outcome!r} ({names})")

    def _wallet(self, ref: str, where: str | None = None) -> str:
        """A ``[[wallets]]`` key, an address, or (for built-in roles) a derived wallet."""
        if ref in self.wallet_keys:
            return self.wallet_keys[ref]
        if ref.startswith("0x"):
            try:
                return checksum_address(ref.lower()).lower()
            except ValueError:
                pass
        if where is None:
            return derived_address(self.seed, ref)
        raise self.fail(where, f"unknown wallet {ref!r} (a [[wallets]] key or an address)")

    def _row_token(self, market: Market, token: int | None, index: int | None) -> int | None:
        if market is UNLISTED:
            return None
        if token is not None:
            return token
        if index is not None and index < len(market.tokens):
            return market.tokens[index][0]
        return None

    def _derived_token(self, condition_id: str, index: int) -> int:
        return int.from_bytes(_digest(self.seed, f"token:{condition_id}:{index}"))


# --- helpers ---------------------------------------------------------------------------------


def _seed_position(state: EmulatorState, address: str, token: int, size: int, cost: int) -> None:
    """An opening position: shares held when the scenario starts, with their cost basis."""
    wallet = state.wallet(address)
    wallet.positions[token] = wallet.positions.get(token, 0) + size
    held, paid = wallet.opening.get(token, (0, 0))
    wallet.opening[token] = (held + size, paid + cost)


def _complete_outcomes(draft: MarketDraft) -> list[str]:
    """Outcome names by index, filling the gaps of a market only partly seen in recordings."""
    count = max([2, *(i + 1 for i in draft.outcomes), *(i + 1 for i in draft.tokens)])
    known = set(draft.outcomes.values())
    return [
        draft.outcomes.get(index) or _partner(index, known) or f"Outcome {index}"
        for index in range(count)
    ]


def _partner(index: int, known: set[str]) -> str | None:
    """The conventional name of a binary market's unseen side ("No" beside "Yes")."""
    if index > 1:
        return None
    if not known:
        return ("Yes", "No")[index]
    return next((pair[index] for pair in _PAIRS if pair[1 - index] in known), None)


_PAIRS = (("Yes", "No"), ("Up", "Down"), ("Over", "Under"))


@dataclass(frozen=True, slots=True)
class _Book:
    where: str
    address: str
    market: Market
    token_id: int
    bids: tuple[tuple[int, int], ...]
    asks: tuple[tuple[int, int], ...]


def _merge_event(known: EventDraft, other: EventDraft) -> EventDraft:
    return EventDraft(
        slug=known.slug,
        title=known.title or other.title,
        gamma_id=known.gamma_id or other.gamma_id,
        neg_risk=known.neg_risk if known.neg_risk is not None else other.neg_risk,
        category=known.category or other.category,
        tags=known.tags or other.tags,
        description=known.description or other.description,
    )


def _merge_profile(known: Profile | None, other: Profile) -> Profile:
    if known is None:
        return other
    return Profile(
        name=known.name or other.name,
        pseudonym=known.pseudonym or other.pseudonym,
        bio=known.bio or other.bio,
        profile_image=known.profile_image or other.profile_image,
        x_username=known.x_username or other.x_username,
        verified=known.verified or other.verified,
        created_at=known.created_at or other.created_at,
        prior_pnl=known.prior_pnl or other.prior_pnl,
        prior_volume=known.prior_volume or other.prior_volume,
    )


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _slugify(text: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in text.lower()).split())
