"""``polycopy doctor``: can this account trade on Polymarket, and if not, why not?

Each check explains in plain words what it found, because the usual failures (a wrong
signature type, a funder that is not the wallet holding the pUSD, missing approvals, a
blocked region) all surface at the exchange as the same terse rejection. A check that
fails blocks trading; a warning does not.
"""

from __future__ import annotations

import enum
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from polycopy.accounts.repository import FollowerAccountRepository
from polycopy.config import Settings
from polycopy.kit.crypto import DecryptionError, SecretBox
from polycopy.kit.db import Database
from polycopy.kit.errors import ConfigError, NotFoundError, PolycopyError
from polycopy.kit.money import micros_str
from polycopy.models import FollowerAccount
from polycopy.venues.directory import credentials_context, signer_from_credentials
from polycopy.venues.polymarket.auth import ApiCreds
from polycopy.venues.polymarket.clob import ClobPublicClient, ClobTradingClient
from polycopy.venues.polymarket.errors import VenueError
from polycopy.venues.polymarket.http import VenueHttp, parse
from polycopy.venues.polymarket.models import GeoblockStatus
from polycopy.venues.polymarket.ratelimit import GEOBLOCK_LIMITS
from polycopy.venues.polymarket.signers import SessionKeySigner
from polycopy.venues.polymarket.signing import (
    EXCHANGE_V2,
    NEG_RISK_EXCHANGE_V2,
    OrderSigner,
    SignatureType,
    checksum_address,
)

#: Contracts that must be allowed to move the funder's pUSD for V2 orders to settle.
V2_SPENDERS = {
    EXCHANGE_V2: "CTF Exchange V2",
    NEG_RISK_EXCHANGE_V2: "Neg Risk CTF Exchange V2",
    "0xadA2005600Dec949baf300f4C6120000bDB6eAab": "Neg Risk collateral adapter",
}
MIN_BALANCE_MICROS = 1_000_000  # a market buy needs about $1 (reference §4.5)
CLOCK_WARN_S = 2.0
CLOCK_FAIL_S = 30.0

_WALLETS = {
    SignatureType.EOA: "an externally owned account (EOA): the signer's own address holds "
    "the pUSD and signs the orders",
    SignatureType.POLY_PROXY: "a Polymarket proxy wallet (accounts made with e-mail or Google "
    "login): the proxy holds the pUSD, the signer EOA signs for it",
    SignatureType.POLY_GNOSIS_SAFE: "a Gnosis Safe (accounts made with a browser wallet): the "
    "Safe holds the pUSD, its owner EOA signs for it",
    SignatureType.POLY_1271: "a deposit wallet (accounts made since May 2026): the deposit "
    "wallet holds the pUSD and checks signatures itself (ERC-1271), made by its owner or by a "
    "scoped session key",
}


class Status(enum.StrEnum):
    OK = "ok"
    WARN = "warn"
    FAIL = "fail"
    SKIPPED = "skipped"


@dataclass(frozen=True, slots=True)
class Check:
    name: str
    status: Status
    summary: str
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class DoctorReport:
    funder: str
    signer: str
    signature_type: int
    checks: list[Check]

    @property
    def can_trade(self) -> bool:
        return all(check.status is not Status.FAIL for check in self.checks)

    def to_dict(self) -> dict[str, Any]:
        return {
            "funder": self.funder,
            "signer": self.signer,
            "signature_type": self.signature_type,
            "can_trade": self.can_trade,
            "checks": [
                {"name": c.name, "status": c.status.value, "summary": c.summary, **c.detail}
                for c in self.checks
            ],
        }

    def render(self) -> str:
        marks = {
            Status.OK: "ok  ",
            Status.WARN: "warn",
            Status.FAIL: "FAIL",
            Status.SKIPPED: "skip",
        }
        lines = [
            f"account {self.funder} (signer {self.signer}, signature type {self.signature_type})"
        ]
        lines += [f"  [{marks[c.status]}] {c.name}: {c.summary}" for c in self.checks]
        verdict = "can trade" if self.can_trade else "cannot trade until the failures are fixed"
        lines.append(f"verdict: {verdict}")
        return "\n".join(lines)


@dataclass(frozen=True, slots=True)
class AccountSetup:
    """What polycopy knows of an account: its funder, signature type, signer, stored creds."""

    funder: str
    signature_type: int
    signer: OrderSigner
    creds: ApiCreds | None = None


@dataclass(frozen=True, slots=True)
class Endpoints:
    clob: str
    geoblock: str

    @classmethod
    def of(cls, settings: Settings) -> Endpoints:
        return cls(clob=settings.venue("clob_url"), geoblock=settings.venue("geoblock_url"))


async def diagnose(
    setup: AccountSetup,
    *,
    http: httpx.AsyncClient,
    endpoints: Endpoints,
    clock: Callable[[], float] = time.time,
) -> DoctorReport:
    """Run every check against the venue and return the report (nothing is changed)."""
    checks = [_wallet_check(setup)]
    public = ClobPublicClient(http, endpoints.clob)
    checks.append(await _clock_check(public, clock))
    checks.append(await _geoblock_check(http, endpoints.geoblock))
    creds, key_check = await _api_key_check(public, setup)
    checks.append(key_check)
    if creds is None:
        reason = "needs a working API key"
        checks += [Check(name, Status.SKIPPED, reason) for name in _L2_CHECKS]
    else:
        trading = ClobTradingClient(
            http, endpoints.clob, creds=creds, signer_address=setup.signer.address, clock=clock
        )
        checks.append(await _closed_only_check(trading))
        checks += await _funds_checks(trading, setup)
    return DoctorReport(
        funder=checksum_address(setup.funder),
        signer=setup.signer.address,
        signature_type=setup.signature_type,
        checks=checks,
    )


_L2_CHECKS = ("closed_only", "balance", "allowances")


def _wallet_check(setup: AccountSetup) -> Check:
    try:
        kind = SignatureType(setup.signature_type)
    except ValueError:
        return Check("wallet", Status.FAIL, f"unknown signature type {setup.signature_type}")
    funder, signer = checksum_address(setup.funder), setup.signer.address
    detail = {"wallet_type": kind.name, "funder": funder, "signer": signer}
    text = f"signature type {int(kind)} ({kind.name}) means {_WALLETS[kind]}"
    if kind is SignatureType.EOA and funder != signer:
        return Check(
            "wallet",
            Status.FAIL,
            f"{text}, but the funder {funder} is not the signer {signer}. If the pUSD sits in "
            "a proxy, Safe or deposit wallet, use signature type 1, 2 or 3; otherwise set the "
            "funder to the signer's address",
            detail,
        )
    if kind is not SignatureType.EOA and funder == signer:
        return Check(
            "wallet",
            Status.FAIL,
            f"{text}, but the funder is the signer itself. Set the funder to the wallet shown "
            "in your Polymarket profile, or use signature type 0 if the EOA holds the pUSD",
            detail,
        )
    if isinstance(setup.signer, SessionKeySigner) and (
        kind is not SignatureType.POLY_1271 or setup.signer.deposit_wallet != funder
    ):
        return Check(
            "wallet",
            Status.FAIL,
            f"a session key trades only for its deposit wallet {setup.signer.deposit_wallet} "
            "with signature type 3",
            detail,
        )
    return Check("wallet", Status.OK, f"{text}; funder {funder}, signer {signer}", detail)


async def _clock_check(public: ClobPublicClient, clock: Callable[[], float]) -> Check:
    try:
        before = clock()
        server = await public.server_time()
        local = (before + clock()) / 2
    except VenueError as exc:
        return Check("clock", Status.FAIL, f"cannot read the CLOB's clock: {exc}")
    skew = round(local - server, 1)
    detail = {"skew_seconds": skew}
    if abs(skew) >= CLOCK_FAIL_S:
        return Check(
            "clock",
            Status.FAIL,
            f"this machine's clock is {skew:+} s off the exchange's; signed requests carry "
            "timestamps and will be refused. Enable time synchronisation (NTP)",
            detail,
        )
    if abs(skew) >= CLOCK_WARN_S:
        return Check(
            "clock", Status.WARN, f"clock is {skew:+} s off the exchange's; enable NTP", detail
        )
    return Check("clock", Status.OK, f"clock agrees with the exchange ({skew:+} s)", detail)


async def _geoblock_check(http: httpx.AsyncClient, url: str) -> Check:
    try:
        payload = await VenueHttp(http, url, GEOBLOCK_LIMITS).request("GET", "/api/geoblock")
        status = parse(GeoblockStatus, payload, what="geoblock answer")
    except VenueError as exc:
        return Check("region", Status.WARN, f"could not check the region block: {exc}")
    where = "/".join(part for part in (status.country, status.region) if part) or "unknown"
    detail = {"ip": status.ip, "country": status.country, "region": status.region}
    if status.blocked:
        return Check(
            "region",
            Status.FAIL,
            f"Polymarket blocks trading from this machine's location ({where}, IP "
            f"{status.ip}); orders would be refused with 403",
            detail,
        )
    return Check("region", Status.OK, f"trading is allowed from {where}", detail)


async def _api_key_check(
    public: ClobPublicClient, setup: AccountSetup
) -> tuple[ApiCreds | None, Check]:
    try:
        derived = await public.derive_api_creds(setup.signer)
    except (VenueError, ValueError) as exc:
        return setup.creds, Check(
            "api_key",
            Status.FAIL,
            f"the exchange did not give the signer {setup.signer.address} an API key "
            f"(L1 ClobAuth): {exc}",
        )
    detail = {"api_key": derived.api_key}
    if setup.creds is not None and setup.creds.api_key != derived.api_key:
        return setup.creds, Check(
            "api_key",
            Status.WARN,
            f"the stored API key {setup.creds.api_key} differs from the one the signer derives "
            f"({derived.api_key}); the stored key is used",
            detail,
        )
    return setup.creds or derived, Check(
        "api_key", Status.OK, f"API key {derived.api_key} derived for the signer", detail
    )


async def _closed_only_check(trading: ClobTradingClient) -> Check:
    try:
        restricted = await trading.closed_only()
    except VenueError as exc:
        return Check("closed_only", Status.FAIL, f"could not read the account status: {exc}")
    if restricted:
        return Check(
            "closed_only",
            Status.FAIL,
            "the account is in closed-only mode: Polymarket lets it reduce positions only, "
            "so copied buys would be refused",
            {"closed_only": True},
        )
    return Check("closed_only", Status.OK, "no trading restriction", {"closed_only": False})


async def _funds_checks(trading: ClobTradingClient, setup: AccountSetup) -> list[Check]:
    try:
        funds = await trading.balance_allowance(signature_type=setup.signature_type)
    except VenueError as exc:
        failed = f"could not read balance and allowances: {exc}"
        return [Check("balance", Status.FAIL, failed), Check("allowances", Status.SKIPPED, "")]
    balance = funds.balance
    detail = {"balance_pusd": micros_str(balance)}
    if balance < MIN_BALANCE_MICROS:
        hint = (
            " If the pUSD is in another wallet, the funder or the signature type is wrong."
            if setup.signature_type != SignatureType.EOA
            else ""
        )
        balance_check = Check(
            "balance",
            Status.FAIL,
            f"the exchange sees {micros_str(balance)} pUSD for this account; at least "
            f"{micros_str(MIN_BALANCE_MICROS)} is needed to place an order. Deposit pUSD to "
            f"{checksum_address(setup.funder)}.{hint}",
            detail,
        )
    else:
        balance_check = Check("balance", Status.OK, f"{micros_str(balance)} pUSD available", detail)
    allowances = {checksum_address(k): v for k, v in funds.allowances.items()}
    missing = [name for spender, name in V2_SPENDERS.items() if allowances.get(spender, 0) <= 0]
    if missing:
        allowance_check = Check(
            "allowances",
            Status.FAIL,
            f"pUSD is not approved for {', '.join(missing)}: orders fail with 'not enough "
            "balance / allowance'. Approve them (Polymarket does it on your first trade on "
            "polymarket.com), then refresh the balance",
            {"missing": missing},
        )
    else:
        allowance_check = Check(
            "allowances", Status.OK, "pUSD is approved for the V2 exchanges", {"missing": []}
        )
    return [balance_check, allowance_check]


async def load_account(db: Database, box: SecretBox, account_id: int) -> AccountSetup:
    """The stored account, its signer and API credentials (decrypted here only)."""
    async with db.transaction() as session:
        account = await FollowerAccountRepository(session).get(account_id)
        if account is None or account.encrypted_credentials is None:
            raise NotFoundError(f"follower account {account_id} has no credentials")
        return account_setup(account, box)


class UnusableCredentialsError(PolycopyError):
    """Stored credentials that do not decrypt with this server's keys, or name no signer."""

    code = "credentials_unusable"


def account_setup(account: FollowerAccount, box: SecretBox) -> AccountSetup:
    """The account's signer and API credentials; it must have credentials."""
    assert account.encrypted_credentials is not None
    secrets: dict[str, Any] = {}
    try:
        secrets = json.loads(
            box.decrypt(account.encrypted_credentials, context=credentials_context(account))
        )
        signer = signer_from_credentials(secrets)
        creds = (
            ApiCreds(secrets["api_key"], secrets["secret"], secrets["passphrase"])
            if "api_key" in secrets
            else None
        )
    except (DecryptionError, ConfigError, ValueError, KeyError, TypeError):
        raise UnusableCredentialsError(
            f"the stored credentials of account {account.id} cannot be used (they do not "
            "decrypt with this server's keys, or name no valid signer): replace them"
        ) from None
    finally:
        secrets.clear()
    return AccountSetup(
        funder=account.wallet_address,
        signature_type=account.signature_type,
        signer=signer,
        creds=creds,
    )
