"""Request and response bodies. Secrets are accepted (write-only) and never returned."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, SecretStr, model_validator

from polycopy.accounts.types import AccountMode, Role
from polycopy.auth.types import Scope
from polycopy.copying.settings import RuleSettings
from polycopy.copying.types import DecisionAction, TradingState
from polycopy.orders.types import OrderStatus, OrderType
from polycopy.signals.types import TradeSide


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class _Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


# Auth.
class SignUp(_In):
    email: str = Field(max_length=320, examples=["ada@example.com"])
    password: SecretStr = Field(max_length=1024)


class SignIn(SignUp):
    pass


class UserOut(_Out):
    id: int
    email: str
    role: Role
    created_at: dt.datetime


class SignedIn(BaseModel):
    user: UserOut
    csrf_token: str = Field(
        description="Send it back in the X-CSRF-Token header on every cookie-authenticated "
        "mutation (it is also in the polycopy_csrf cookie)"
    )


class MeOut(UserOut):
    authenticated_via: str
    scopes: list[str]


class ApiTokenCreate(_In):
    name: str = Field(min_length=1, max_length=100)
    scopes: list[Scope] = Field(min_length=1)
    expires_at: dt.datetime | None = None


class ApiTokenOut(_Out):
    id: int
    name: str
    prefix: str
    scopes: list[str]
    created_at: dt.datetime
    expires_at: dt.datetime | None
    last_used_at: dt.datetime | None
    revoked_at: dt.datetime | None


class ApiTokenCreated(ApiTokenOut):
    token: str = Field(description="The token itself; shown this once, never again")


# Follower accounts.
class AccountCredentials(_In):
    """Write-only: encrypted at once and never returned. Give a key or a session key."""

    private_key: SecretStr | None = Field(default=None, description="hex, 32 bytes")
    session_key: SecretStr | None = None
    deposit_wallet: str | None = None
    session_valid_until: int | None = Field(default=None, gt=0)
    api_key: SecretStr | None = None
    api_secret: SecretStr | None = None
    api_passphrase: SecretStr | None = None

    @model_validator(mode="after")
    def _complete(self) -> AccountCredentials:
        if (self.private_key is None) == (self.session_key is None):
            raise ValueError("give exactly one of private_key and session_key")
        if self.session_key is not None and (
            self.deposit_wallet is None or self.session_valid_until is None
        ):
            raise ValueError("session_key needs deposit_wallet and session_valid_until")
        api = (self.api_key, self.api_secret, self.api_passphrase)
        if any(v is not None for v in api) and not all(v is not None for v in api):
            raise ValueError("give api_key, api_secret and api_passphrase together")
        return self

    def secrets(self) -> dict[str, str]:
        out: dict[str, str] = {}
        if self.private_key is not None:
            out["private_key"] = self.private_key.get_secret_value()
        if self.session_key is not None:
            out["session_key"] = self.session_key.get_secret_value()
            out["deposit_wallet"] = self.deposit_wallet or ""
            out["session_valid_until"] = str(self.session_valid_until)
        if self.api_key is not None and self.api_secret and self.api_passphrase:
            out["api_key"] = self.api_key.get_secret_value()
            out["secret"] = self.api_secret.get_secret_value()
            out["passphrase"] = self.api_passphrase.get_secret_value()
        return out


class AccountCreate(_In):
    label: str = Field(min_length=1, max_length=100)
    mode: AccountMode = AccountMode.PAPER
    signature_type: int = Field(
        ge=0, le=3, description="0 EOA, 1 proxy, 2 Safe, 3 deposit wallet (POLY_1271)"
    )
    wallet_address: str = Field(
        description="The address that signs (the key's address, or the session key's)"
    )
    funder: str | None = Field(
        default=None,
        description="The address holding the funds (proxy, Safe or deposit wallet); "
        "defaults to wallet_address, and is required for signature types 1-3",
    )
    credentials: AccountCredentials


class AccountOut(_Out):
    id: int
    label: str
    mode: AccountMode
    signature_type: int
    wallet_address: str = Field(description="The signing address")
    funder: str
    trading_state: TradingState
    state_reason: str | None
    limits: dict[str, Any]
    has_credentials: bool
    created_at: dt.datetime


class StateChange(_In):
    reason: str | None = Field(default=None, max_length=200)


# Leaders.
class LeaderCreate(_In):
    wallet: str = Field(description="The leader's proxy/funder address")
    name: str | None = Field(default=None, max_length=200)


class LeaderOut(_Out):
    id: int
    wallet: str
    name: str | None
    pseudonym: str | None
    created_at: dt.datetime


# Copy rules.
class RuleCreate(_In):
    account_id: int
    leader_wallet: str
    settings: RuleSettings


class RuleUpdate(_In):
    settings: RuleSettings


class RuleOut(BaseModel):
    id: int
    account_id: int
    leader_id: int
    leader_wallet: str
    version: int
    status: TradingState
    status_reason: str | None
    settings: dict[str, Any]
    created_at: dt.datetime
    updated_at: dt.datetime


# Decisions.
class DecisionOut(BaseModel):
    id: int
    created_at: dt.datetime
    account_id: int
    rule_id: int
    rule_version: int
    leader_fill_id: int
    action: DecisionAction
    reason: str | None
    explanation: str
    side: TradeSide | None
    token_id: str | None
    limit_price_micros: int | None
    size_micros: int | None
    amount_micros: int | None
    details: dict[str, Any]


# Orders.
class OrderEventOut(_Out):
    id: int
    from_status: OrderStatus | None
    to_status: OrderStatus
    details: dict[str, Any]
    created_at: dt.datetime


class OrderOut(BaseModel):
    id: int
    decision_id: int
    account_id: int
    leader_id: int
    condition_id: str
    token_id: str
    side: TradeSide
    order_type: OrderType
    status: OrderStatus
    limit_price_micros: int
    size_micros: int | None
    amount_micros: int | None
    order_hash: str | None
    filled_size_micros: int
    filled_amount_micros: int
    fee_micros: int
    attempts: int
    last_error: str | None
    created_at: dt.datetime
    updated_at: dt.datetime
    events: list[OrderEventOut]
