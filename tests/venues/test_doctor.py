"""``polycopy doctor`` against the emulator: each broken precondition gets its diagnosis."""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from typer.testing import CliRunner

from polycopy.accounts.doctor import (
    AccountSetup,
    DoctorReport,
    Endpoints,
    Status,
    diagnose,
)
from polycopy.emulator.server import EmulatorServer, default_state
from polycopy.kit.money import MICRO
from polycopy.venues.polymarket.signers import SealedKey, SessionKeySigner
from polycopy.venues.polymarket.signing import LocalOrderSigner, OrderSigner

# Well-known public test keys (anvil / hardhat accounts #0 and #1). Never real funds.
KEY_HEX = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"
SESSION_KEY_HEX = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d"
PROXY = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC"
SIGNER = LocalOrderSigner(SealedKey.from_hex(KEY_HEX))


@dataclass
class Venue:
    server: EmulatorServer
    http: httpx.AsyncClient

    @property
    def endpoints(self) -> Endpoints:
        urls = self.server.base_urls
        return Endpoints(clob=urls["clob"], geoblock=urls["geoblock"])

    async def admin(self, **body: Any) -> None:
        response = await self.http.post(f"{self.server.base_urls['admin']}/access", json=body)
        response.raise_for_status()

    async def diagnose(
        self, signature_type: int, funder: str, signer: OrderSigner = SIGNER, **kwargs: Any
    ) -> DoctorReport:
        setup = AccountSetup(funder=funder, signature_type=signature_type, signer=signer)
        return await diagnose(setup, http=self.http, endpoints=self.endpoints, **kwargs)


@pytest.fixture
async def venue() -> AsyncIterator[Venue]:
    async with (
        EmulatorServer(default_state(3), run_actors=False) as server,
        httpx.AsyncClient(timeout=10) as http,
    ):
        yield Venue(server, http)


def statuses(report: DoctorReport) -> dict[str, Status]:
    return {check.name: check.status for check in report.checks}


def failed(report: DoctorReport) -> set[str]:
    return {c.name for c in report.checks if c.status is Status.FAIL}


async def test_a_funded_eoa_account_can_trade(venue: Venue) -> None:
    venue.server.state.fund(SIGNER.address, 100 * MICRO)
    report = await venue.diagnose(0, SIGNER.address)
    assert report.can_trade, report.render()
    assert set(statuses(report).values()) == {Status.OK}
    assert "EOA" in report.render()
    assert report.to_dict()["checks"][-2]["balance_pusd"] == "100"


async def test_no_balance_is_diagnosed(venue: Venue) -> None:
    report = await venue.diagnose(0, SIGNER.address)
    assert failed(report) == {"balance"}
    balance = next(c for c in report.checks if c.name == "balance")
    assert "Deposit pUSD" in balance.summary


async def test_missing_allowance_is_diagnosed(venue: Venue) -> None:
    venue.server.state.fund(SIGNER.address, 100 * MICRO)
    await venue.admin(approved={SIGNER.address: False})
    report = await venue.diagnose(0, SIGNER.address)
    assert failed(report) == {"allowances"}
    allowances = next(c for c in report.checks if c.name == "allowances")
    assert "CTF Exchange V2" in allowances.summary
    assert allowances.detail["missing"] == [
        "CTF Exchange V2",
        "Neg Risk CTF Exchange V2",
        "Neg Risk collateral adapter",
    ]


@pytest.mark.parametrize(
    ("signature_type", "funder", "hint"),
    [
        (0, PROXY, "use signature type 1, 2 or 3"),
        (1, SIGNER.address, "the funder is the signer itself"),
        (3, SIGNER.address, "the funder is the signer itself"),
    ],
)
async def test_wrong_signature_type_is_diagnosed(
    venue: Venue, signature_type: int, funder: str, hint: str
) -> None:
    venue.server.state.fund(SIGNER.address, 100 * MICRO)
    report = await venue.diagnose(signature_type, funder)
    assert "wallet" in failed(report)
    wallet = next(c for c in report.checks if c.name == "wallet")
    assert hint in wallet.summary


async def test_geoblock_is_diagnosed(venue: Venue) -> None:
    venue.server.state.fund(SIGNER.address, 100 * MICRO)
    await venue.admin(geoblocked=True, country="US", region="NY")
    report = await venue.diagnose(0, SIGNER.address)
    assert failed(report) == {"region"}
    region = next(c for c in report.checks if c.name == "region")
    assert "US/NY" in region.summary
    assert region.detail["country"] == "US"


async def test_closed_only_is_diagnosed(venue: Venue) -> None:
    venue.server.state.fund(SIGNER.address, 100 * MICRO)
    await venue.admin(closed_only={SIGNER.address: True})
    report = await venue.diagnose(0, SIGNER.address)
    assert failed(report) == {"closed_only"}


async def test_clock_skew_is_diagnosed(venue: Venue) -> None:
    venue.server.state.fund(SIGNER.address, 100 * MICRO)
    report = await venue.diagnose(0, SIGNER.address, clock=lambda: time.time() - 120)
    assert failed(report) == {"clock"}
    slightly = await venue.diagnose(0, SIGNER.address, clock=lambda: time.time() + 3)
    assert statuses(slightly)["clock"] is Status.WARN
    assert slightly.can_trade


async def test_proxy_wallet_balance_is_read_from_the_linked_wallet(venue: Venue) -> None:
    venue.server.state.fund(PROXY, 50 * MICRO)
    await venue.admin(funders=[{"signer": SIGNER.address, "signature_type": 1, "wallet": PROXY}])
    assert (await venue.diagnose(1, PROXY)).can_trade
    # The same signer with another signature type reaches a wallet without funds.
    wrong_type = await venue.diagnose(2, PROXY)
    assert failed(wrong_type) == {"balance", "allowances"}
    balance = next(c for c in wrong_type.checks if c.name == "balance")
    assert "signature type is wrong" in balance.summary


async def test_deposit_wallet_with_a_session_key(venue: Venue) -> None:
    session = SessionKeySigner(
        SealedKey.from_hex(SESSION_KEY_HEX),
        deposit_wallet=PROXY,
        valid_until=int(time.time()) + 3600,
    )
    venue.server.state.fund(PROXY, 50 * MICRO)
    await venue.admin(funders=[{"signer": session.address, "signature_type": 3, "wallet": PROXY}])
    report = await venue.diagnose(3, PROXY, signer=session)
    assert report.can_trade, report.render()
    assert "deposit wallet" in report.render()
    other_wallet = await venue.diagnose(3, SIGNER.address, signer=session)
    assert "wallet" in failed(other_wallet)


async def test_api_key_failure_skips_the_account_checks(venue: Venue) -> None:
    class Broken:
        address = SIGNER.address

        def sign_order(self, *_: Any, **__: Any) -> Any:
            raise AssertionError

        def sign_clob_auth(self, *, timestamp: int, nonce: int) -> str:
            return "0x" + "11" * 65

    report = await venue.diagnose(0, SIGNER.address, signer=Broken())
    assert failed(report) == {"api_key"}
    assert {c.name for c in report.checks if c.status is Status.SKIPPED} == {
        "closed_only",
        "balance",
        "allowances",
    }


def test_cli_doctor_json_and_exit_code(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """``polycopy doctor --json`` on a stored account against the emulator reports every
    check; each precondition broken in turn (no balance, no allowance, geoblocked, wrong
    signature type) fails exactly its check and makes the exit code non-zero."""
    import asyncio
    import threading

    import sqlalchemy as sa
    from sqlalchemy.engine import URL

    from polycopy.cli import app
    from polycopy.demo import seed_follower
    from polycopy.kit import migrate
    from polycopy.kit.crypto import SecretBox
    from polycopy.kit.db import Database

    ready = threading.Event()
    stop: dict[str, Any] = {}

    async def serve() -> None:
        async with (
            EmulatorServer(default_state(3), run_actors=False) as server,
            httpx.AsyncClient(timeout=10) as http,
        ):
            stop["venue"], stop["event"] = Venue(server, http), asyncio.Event()
            ready.set()
            await stop["event"].wait()

    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_until_complete, args=(serve(),), daemon=True)
    thread.start()
    assert ready.wait(10)
    venue: Venue = stop["venue"]

    def on_venue(action: Any) -> None:
        """Run a coroutine on the emulator's loop and wait for it."""
        asyncio.run_coroutine_threadsafe(action, loop).result(10)

    async def fund() -> None:
        venue.server.state.fund(SIGNER.address, 100 * MICRO)

    url = URL.create("sqlite+aiosqlite", database=str(tmp_path / "doctor.sqlite"))

    async def set_signature_type(value: int) -> None:
        db = Database(url)
        async with db.transaction() as session:
            await session.execute(
                sa.text("UPDATE follower_accounts SET signature_type = :t"), {"t": value}
            )
        await db.dispose()

    def doctor() -> tuple[int, dict[str, Any]]:
        args = ["doctor", "--account", "1", "--json"]
        result = CliRunner().invoke(app, args)
        report = json.loads(result.stdout)
        assert {c["name"] for c in report["checks"]} == {
            "wallet",
            "clock",
            "region",
            "api_key",
            "closed_only",
            "balance",
            "allowances",
        }
        assert report["can_trade"] is (result.exit_code == 0)
        return result.exit_code, {c["name"]: c for c in report["checks"] if c["status"] == "fail"}

    try:
        migrate.upgrade(url)

        async def seed() -> None:
            db = Database(url)
            await seed_follower(
                db, SecretBox("doctor-secret"), leader_wallet=PROXY, key_hex=KEY_HEX
            )
            await db.dispose()

        asyncio.run(seed())
        monkeypatch.setenv("POLYCOPY_DATABASE_URL", f"sqlite:///{tmp_path / 'doctor.sqlite'}")
        monkeypatch.setenv("POLYCOPY_SECRET_KEY", "doctor-secret")
        monkeypatch.setenv("POLYCOPY_CLOB_URL", venue.server.base_urls["clob"])
        monkeypatch.setenv("POLYCOPY_GEOBLOCK_URL", venue.server.base_urls["geoblock"])

        code, failures = doctor()
        assert (code, set(failures)) == (1, {"balance"})
        assert "Deposit pUSD" in failures["balance"]["summary"]

        on_venue(fund())
        assert doctor() == (0, {})

        on_venue(venue.admin(approved={SIGNER.address: False}))
        code, failures = doctor()
        assert (code, set(failures)) == (1, {"allowances"})
        assert "CTF Exchange V2" in failures["allowances"]["missing"]
        on_venue(venue.admin(approved={SIGNER.address: True}))

        on_venue(venue.admin(geoblocked=True, country="US", region="NY"))
        code, failures = doctor()
        assert (code, set(failures)) == (1, {"region"})
        assert failures["region"]["country"] == "US"
        on_venue(venue.admin(geoblocked=False))

        # A proxy-wallet signature type with the EOA as its own funder.
        asyncio.run(set_signature_type(1))
        code, failures = doctor()
        assert code == 1
        assert "wallet" in failures
        assert "the funder is the signer itself" in failures["wallet"]["summary"]
        asyncio.run(set_signature_type(0))
        assert doctor() == (0, {})
    finally:
        loop.call_soon_threadsafe(stop["event"].set)
        thread.join(10)
