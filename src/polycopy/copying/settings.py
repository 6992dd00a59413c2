"""What a follower configures: a copy rule's allocation and limits, and account-wide limits.

Every limit is optional (``None`` = no limit). Amounts are pUSD micro-units, prices are
micro-units of 1.0, rates are basis points. Numbers are JSON integers and switches JSON
booleans (``true`` is no number, ``1`` no switch, ``"5"`` and ``5.0`` neither). Amounts are
at most ``MAX_MICROS``. Validation errors name the field, and an invalid rule is never stored.
"""

from __future__ import annotations

from typing import Annotated, Any, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StringConstraints,
    model_validator,
)

from polycopy.copying.types import AllocationMode, BelowMinimum, DriftAction, SideMode
from polycopy.kit.fields import StrictInt
from polycopy.kit.money import MICRO
from polycopy.orders.types import ExpiryPolicy, OrderType, RemainderPolicy

#: The largest amount any setting takes: 10^15 micro-units, one billion pUSD. Far above any
#: real allocation, far below what the database's 64-bit integers hold.
MAX_MICROS = 10**15
#: The longest time span a setting takes (ten years), and the most words a tag or keyword
#: list holds.
MAX_SECONDS = 10 * 365 * 86_400
MAX_WORDS = 200
Micros = StrictInt
Words = Annotated[
    frozenset[Annotated[str, StringConstraints(max_length=200)]],
    Field(max_length=MAX_WORDS),
]
#: The venue refuses a GTD order expiring sooner than 60 s after it arrives; 30 s more
#: leave room for the send (and a retry) between signing and arrival.
MIN_GTD_TTL_SECONDS = 90
#: The slippage a rule allows when it names none: 2 % of the leader's price, and never less
#: than one tick (``sizing.worst_price``), so a copy may pay 0.41 for a leader's 0.40.
DEFAULT_SLIPPAGE_BPS = 200
PositiveMicros = Field(default=None, gt=0, le=MAX_MICROS)


class _Settings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    def snapshot(self) -> dict[str, Any]:
        return self.model_dump(mode="json")


class Conviction(_Settings):
    """Conviction sizing: scale the allocation by how big this trade is for the leader.

    The copy is the allocation mode's amount × (the leader's trade ÷ the leader's median
    trade), clamped to [``min_micros``, ``max_micros``]. The median is that of the leader's
    last ``sizing.CONVICTION_LOOKBACK`` trades before this one (docs/copy-rules.md).
    """

    min_micros: Micros = Field(gt=0, le=MAX_MICROS)
    max_micros: Micros = Field(gt=0, le=MAX_MICROS)

    @model_validator(mode="after")
    def _clamp(self) -> Self:
        _ordered(self, "min_micros", "max_micros")
        return self


Wallet = Annotated[
    str, StringConstraints(strip_whitespace=True, to_lower=True, pattern=r"^0x[0-9a-f]{40}$")
]


class Consensus(_Settings):
    """Consensus signals: copy a buy only when at least ``min_leaders`` of a group bought the
    same outcome within ``window_seconds`` before it, sized × agreeing ÷ ``min_leaders``.

    The group is ``wallets``, or (empty) the leaders this rule's account follows. The rule's
    own leader counts as one of them when it is in the group (docs/copy-rules.md).
    """

    min_leaders: StrictInt = Field(ge=1, le=1_000)
    window_seconds: StrictInt = Field(gt=0, le=MAX_SECONDS)
    wallets: Annotated[frozenset[Wallet], Field(max_length=1_000)] = frozenset()

    @model_validator(mode="after")
    def _reachable(self) -> Self:
        if self.wallets and self.min_leaders > len(self.wallets):
            raise ValueError(
                f"min_leaders ({self.min_leaders}) is more than the {len(self.wallets)} "
                "wallets of the group"
            )
        return self


class RuleSettings(_Settings):
    """One copy rule: follower account × leader."""

    allocation: AllocationMode = AllocationMode.FIXED
    fixed_amount_micros: Micros | None = PositiveMicros
    percentage_bps: StrictInt | None = Field(default=None, gt=0, le=1_000_000)
    # Proportional sizing's budget, and a hard cap on what the rule holds for the leader.
    budget_micros: Micros | None = PositiveMicros
    range_min_micros: Micros | None = PositiveMicros
    range_max_micros: Micros | None = PositiveMicros
    multiplier_bps: StrictInt = Field(default=10_000, gt=0, le=1_000_000)
    # Scale the allocation by the leader's trade ÷ its median trade (None: off).
    conviction: Conviction | None = None
    # Copy a buy only when enough leaders of a group agree (None: off).
    consensus: Consensus | None = None
    below_minimum: BelowMinimum = BelowMinimum.SKIP

    min_trade_micros: Micros | None = PositiveMicros
    max_trade_micros: Micros | None = PositiveMicros
    max_market_exposure_micros: Micros | None = PositiveMicros
    max_event_exposure_micros: Micros | None = PositiveMicros
    leader_budget_micros: Micros | None = PositiveMicros
    daily_loss_stop_micros: Micros | None = PositiveMicros
    drawdown_stop_micros: Micros | None = PositiveMicros
    price_min_micros: Micros | None = Field(default=None, gt=0, lt=MICRO)
    price_max_micros: Micros | None = Field(default=None, gt=0, lt=MICRO)
    # How much worse than the leader's price a copy may trade: basis points of that price,
    # or whole cents; exactly one (neither: DEFAULT_SLIPPAGE_BPS). See ``sizing.worst_price``.
    max_slippage_bps: StrictInt | None = Field(default=None, ge=0, le=10_000)
    max_slippage_cents: StrictInt | None = Field(default=None, ge=0, le=99)
    max_spread_micros: Micros | None = Field(default=None, gt=0, lt=MICRO)
    min_book_depth_micros: Micros | None = PositiveMicros
    # The highest market risk score (0-100, docs/market-risk.md) a buy may have; a market
    # whose score is unknown passes (the decision says so).
    max_market_risk: StrictInt | None = Field(default=None, ge=0, le=100)
    min_seconds_to_end: StrictInt | None = Field(default=None, ge=0, le=MAX_SECONDS)
    max_seconds_to_end: StrictInt | None = Field(default=None, gt=0, le=MAX_SECONDS)
    allow_tags: Words = frozenset()
    deny_tags: Words = frozenset()
    allow_keywords: Words = frozenset()
    deny_keywords: Words = frozenset()
    min_leader_trade_micros: Micros | None = PositiveMicros
    sides: SideMode = SideMode.BOTH
    inverse: StrictBool = False
    # Copy the leader's open positions, at today's prices and within these limits, once
    # when the rule is created (``polycopy.copying.mirroring``).
    mirror_open_positions: StrictBool = False

    # How the copy is placed (docs/copy-rules.md, "Order types"). FOK keeps today's
    # all-or-nothing behaviour; GTC/GTD rest at the leader's price for ``order_ttl_seconds``.
    order_type: OrderType = OrderType.FOK
    order_ttl_seconds: StrictInt = Field(default=60, ge=5, le=7 * 24 * 3600)
    on_expiry: ExpiryPolicy = ExpiryPolicy.CANCEL
    max_chases: StrictInt = Field(default=3, ge=1, le=20)
    remainder: RemainderPolicy = RemainderPolicy.DROP

    # When the leader departs from its own history (docs/copy-rules.md, "Leader drift").
    on_leader_drift: DriftAction = DriftAction.ALERT

    @model_validator(mode="before")
    @classmethod
    def _one_slippage(cls, data: Any) -> Any:
        """Exactly one slippage unit; the default is written into the rule, so a later change
        of the default never changes a stored rule."""
        if not isinstance(data, dict):
            return data
        bps, cents = data.get("max_slippage_bps"), data.get("max_slippage_cents")
        if bps is not None and cents is not None:
            raise ValueError("give max_slippage_bps or max_slippage_cents, not both")
        if bps is None and cents is None:
            return {**data, "max_slippage_bps": DEFAULT_SLIPPAGE_BPS}
        return data

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        required = {
            AllocationMode.FIXED: ("fixed_amount_micros",),
            AllocationMode.PERCENTAGE: ("percentage_bps",),
            AllocationMode.PROPORTIONAL: ("budget_micros",),
            AllocationMode.RANGE: ("percentage_bps", "range_min_micros", "range_max_micros"),
        }[self.allocation]
        missing = [name for name in required if getattr(self, name) is None]
        if missing:
            raise ValueError(f"allocation {self.allocation.value!r} needs {', '.join(missing)}")
        _ordered(self, "range_min_micros", "range_max_micros")
        _ordered(self, "min_trade_micros", "max_trade_micros")
        _ordered(self, "price_min_micros", "price_max_micros")
        _ordered(self, "min_seconds_to_end", "max_seconds_to_end")
        if self.allow_tags & self.deny_tags:
            raise ValueError("a tag cannot be both allowed and denied")
        _order_policy(self)
        return self


class AccountLimits(_Settings):
    """Limits over everything a follower account copies, from all leaders together."""

    max_total_exposure_micros: Micros | None = PositiveMicros
    max_open_positions: StrictInt | None = Field(default=None, gt=0, le=1_000_000)
    max_daily_spend_micros: Micros | None = PositiveMicros
    daily_loss_stop_micros: Micros | None = PositiveMicros
    drawdown_stop_micros: Micros | None = PositiveMicros


def _order_policy(settings: RuleSettings) -> None:
    """Refuse policies that could never apply to the chosen order type."""
    kind = settings.order_type
    if kind is OrderType.GTD and settings.order_ttl_seconds < MIN_GTD_TTL_SECONDS:
        raise ValueError(
            f"order_ttl_seconds must be at least {MIN_GTD_TTL_SECONDS} for GTD orders "
            "(the venue refuses a GTD order that expires within a minute)"
        )
    if kind is OrderType.FOK and settings.remainder is RemainderPolicy.REST:
        raise ValueError("remainder 'rest' needs FAK, GTC or GTD: a FOK order has no remainder")
    resting = kind.rests or settings.remainder is RemainderPolicy.REST
    if settings.on_expiry is ExpiryPolicy.CHASE and not resting:
        raise ValueError(
            "on_expiry 'chase' needs an order that rests: GTC or GTD, or FAK with remainder 'rest'"
        )


def _ordered(settings: BaseModel, low: str, high: str) -> None:
    lo, hi = getattr(settings, low), getattr(settings, high)
    if lo is not None and hi is not None and lo > hi:
        raise ValueError(f"{low} must not be greater than {high}")
