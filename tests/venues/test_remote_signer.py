"""The separate signer process: same signatures, authenticated clients, no key on the wire."""

from __future__ import annotations

import asyncio
import contextlib
import os
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from polycopy.emulator.server import EmulatorServer, default_state
from polycopy.kit.errors import ConfigError
from polycopy.kit.money import MICRO
from polycopy.venues.directory import signer_from_credentials
from polycopy.venues.polymarket import remote_signer
from polycopy.venues.polymarket.amounts import Side
from polycopy.venues.polymarket.clob import ClobPublicClient, ClobTradingClient
from polycopy.venues.polymarket.remote_signer import (
    RemoteOrderSigner,
    SignerServer,
    load_key_file,
    load_or_create_token,
)
from polycopy.venues.polymarket.signers import SealedKey, SessionKeySigner, SignerError
from polycopy.venues.polymarket.signing import (
    ExchangeVersion,
    LocalOrderSigner,
    OrderFields,
    OrderSigner,
    PrivateKey,
    SignatureType,
    post_order_body,
)

# Well-known public test keys (anvil / hardhat accounts #0 and #1). Never real funds.
KEY_HEX = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"
OTHER_HEX = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d"
WALLET = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC"
TOKEN = "remote-signer-test-token-0123456789abcdef0123456789"
LOCAL = LocalOrderSigner(PrivateKey.from_hex(KEY_HEX))


class ServerThread:
    """A ``SignerServer`` on its own event loop, as if it were another process."""

    def __init__(self, signer: OrderSigner, path: Path, token: str = TOKEN) -> None:
        self.loop = asyncio.new_event_loop()
        self.server = SignerServer(signer, path, token=token, chain_id=137)
        self._thread = threading.Thread(target=self.loop.run_forever, daemon=True)

    def __enter__(self) -> ServerThread:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self.server.start(), self.loop).result(5)
        return self

    def __exit__(self, *_: object) -> None:
        asyncio.run_coroutine_threadsafe(self.server.close(), self.loop).result(5)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(5)
        self.loop.close()


@pytest.fixture
def sock(tmp_path: Path) -> Path:
    return tmp_path / "signer.sock"


@contextlib.contextmanager
def serving(signer: OrderSigner, path: Path) -> Iterator[RemoteOrderSigner]:
    with ServerThread(signer, path):
        client = RemoteOrderSigner(path, token=TOKEN)
        try:
            yield client
        finally:
            client.close()


def fields(signature_type: SignatureType = SignatureType.POLY_PROXY, **extra: Any) -> OrderFields:
    maker = LOCAL.address if signature_type is SignatureType.EOA else WALLET
    signer = WALLET if signature_type is SignatureType.POLY_1271 else LOCAL.address
    values: dict[str, Any] = {
        "salt": 99,
        "maker": maker,
        "signer": signer,
        "token_id": 2**200 + 17,
        "maker_amount": 5_000_000,
        "taker_amount": 10_000_000,
        "side": Side.SELL,
        "signature_type": signature_type,
        "timestamp_ms": 1_761_950_000_000,
    }
    values.update(extra)
    return OrderFields(**values)


@pytest.mark.parametrize("exchange", list(ExchangeVersion))
@pytest.mark.parametrize("neg_risk", [False, True])
@pytest.mark.parametrize("signature_type", list(SignatureType))
def test_remote_signatures_equal_local_ones(
    sock: Path, signature_type: SignatureType, neg_risk: bool, exchange: ExchangeVersion
) -> None:
    with serving(LocalOrderSigner(SealedKey.from_hex(KEY_HEX)), sock) as client:
        assert client.address == LOCAL.address
        order = fields(signature_type, exchange=exchange)
        assert client.sign_order(order, neg_risk=neg_risk) == LOCAL.sign_order(
            order, neg_risk=neg_risk
        )
        assert client.sign_clob_auth(timestamp=1_761_950_000, nonce=2) == LOCAL.sign_clob_auth(
            timestamp=1_761_950_000, nonce=2
        )


@pytest.mark.parametrize("exchange", [1, 4, "3", True])
def test_unknown_exchange_versions_are_refused(sock: Path, exchange: object) -> None:
    server = SignerServer(LOCAL, sock, token=TOKEN, chain_id=137)
    order = fields(SignatureType.EOA).to_wire()
    reply = server._answer({"op": "sign_order", "order": order, "exchange": exchange})
    assert reply["ok"] is False
    assert "exchange" in reply["error"] or "ExchangeVersion" in reply["error"]
    assert server._answer({"op": "sign_order", "order": order})["ok"] is True  # V2


def test_socket_is_private_and_key_never_crosses_it(
    sock: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    frames: list[bytes] = []
    real_frame = remote_signer._frame

    def recording(message: dict[str, Any]) -> bytes:
        frames.append(real_frame(message))
        return frames[-1]

    monkeypatch.setattr(remote_signer, "_frame", recording)
    with serving(LocalOrderSigner(SealedKey.from_hex(KEY_HEX)), sock) as client:
        assert stat.S_IMODE(sock.stat().st_mode) == 0o600
        client.sign_order(fields(), neg_risk=False)
        client.sign_clob_auth(timestamp=1, nonce=0)
        assert KEY_HEX[2:] not in repr(client)
    assert len(frames) == 6  # hello, two requests and their answers
    wire = b"".join(frames).lower()
    for secret in (KEY_HEX[2:], KEY_HEX[2:18], KEY_HEX[-16:]):
        assert secret.encode() not in wire
    assert not sock.exists()


def test_wrong_token_is_refused(sock: Path) -> None:
    with ServerThread(LOCAL, sock), pytest.raises(SignerError, match="refused this client"):
        RemoteOrderSigner(sock, token="not-the-token")


def test_unreachable_signer_is_a_signer_error(sock: Path) -> None:
    with pytest.raises(SignerError, match="not reachable"):
        RemoteOrderSigner(sock, token=TOKEN)


def test_signature_that_does_not_verify_is_refused(sock: Path) -> None:
    """A signer announcing one address but signing with another key is caught."""

    class Impostor:
        address = LOCAL.address

        def __init__(self) -> None:
            self._other = LocalOrderSigner(PrivateKey.from_hex(OTHER_HEX))

        def sign_order(self, order: OrderFields, *, neg_risk: bool) -> Any:
            return self._other.sign_order(order, neg_risk=neg_risk)

        def sign_clob_auth(self, *, timestamp: int, nonce: int) -> str:
            return self._other.sign_clob_auth(timestamp=timestamp, nonce=nonce)

    with serving(Impostor(), sock) as client:
        with pytest.raises(SignerError, match="does not verify"):
            client.sign_order(fields(SignatureType.POLY_1271), neg_risk=False)
        with pytest.raises(SignerError, match="does not verify"):
            client.sign_clob_auth(timestamp=1, nonce=0)


def test_refusals_of_a_scoped_signer_reach_the_client(sock: Path) -> None:
    scoped = SessionKeySigner(
        SealedKey.from_hex(KEY_HEX), deposit_wallet=WALLET, valid_until=int(time.time()) + 3600
    )
    with serving(scoped, sock) as client:
        order = fields(SignatureType.POLY_1271)
        # The session-key wrapper comes through intact and verifies on the client side.
        assert client.sign_order(order, neg_risk=False) == scoped.sign_order(order, neg_risk=False)
        with pytest.raises(SignerError, match="signs only deposit-wallet orders"):
            client.sign_order(fields(SignatureType.POLY_PROXY), neg_risk=False)


def test_client_reconnects_after_a_signer_restart(sock: Path) -> None:
    signer = LocalOrderSigner(SealedKey.from_hex(KEY_HEX))
    with ServerThread(signer, sock):
        client = RemoteOrderSigner(sock, token=TOKEN)
        first = client.sign_order(fields(), neg_risk=False)
    with ServerThread(signer, sock):
        assert client.sign_order(fields(), neg_risk=False) == first
    client.close()


def test_token_and_key_files_must_be_private(tmp_path: Path) -> None:
    token_file = tmp_path / "token"
    token = load_or_create_token(token_file)
    assert stat.S_IMODE(token_file.stat().st_mode) == 0o600
    assert load_or_create_token(token_file) == token
    token_file.chmod(0o644)
    with pytest.raises(ConfigError, match="chmod 600"):
        load_or_create_token(token_file)
    key_file = tmp_path / "key"
    key_file.write_text(KEY_HEX + "\n")
    key_file.chmod(0o640)
    with pytest.raises(ConfigError, match="chmod 600") as excinfo:
        load_key_file(key_file)
    assert KEY_HEX[2:] not in str(excinfo.value)
    key_file.chmod(0o600)
    assert load_key_file(key_file).address == LOCAL.address


async def test_account_with_a_remote_signer_trades_on_the_emulator(
    sock: Path, tmp_path: Path
) -> None:
    token_file = tmp_path / "token"
    token_file.write_text(TOKEN)
    with ServerThread(LocalOrderSigner(SealedKey.from_hex(KEY_HEX)), sock):
        signer = signer_from_credentials(
            {"remote_signer_socket": str(sock), "remote_signer_token_file": str(token_file)}
        )
        assert isinstance(signer, RemoteOrderSigner)
        async with (
            EmulatorServer(default_state(6), run_actors=False) as server,
            httpx.AsyncClient(timeout=10) as http,
        ):
            market = next(iter(server.state.markets.values()))
            server.state.fund(signer.address, 100 * MICRO)
            clob = server.base_urls["clob"]
            creds = await ClobPublicClient(http, clob).derive_api_creds(signer)
            trading = ClobTradingClient(http, clob, creds=creds, signer_address=signer.address)
            order = fields(
                SignatureType.EOA,
                token_id=market.tokens[0][0],
                side=Side.BUY,
                maker_amount=2_000_000,
                taker_amount=10_000_000,
            )
            signed = signer.sign_order(order, neg_risk=market.neg_risk)
            answer = await trading.post_order(post_order_body(signed, creds.api_key, "GTC"))
            assert answer.success
            assert answer.order_id == signed.order_hash


def test_polycopy_signer_command(tmp_path: Path) -> None:
    """``polycopy signer`` as its own process, reached by a client over its socket."""
    key_file, token_file, path = tmp_path / "key", tmp_path / "token", tmp_path / "s.sock"
    key_file.write_text(KEY_HEX)
    key_file.chmod(0o600)
    env = {**os.environ, "POLYCOPY_LOG_JSON": "false"}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "polycopy",
            "signer",
            "--socket",
            str(path),
            "--key-file",
            str(key_file),
            "--token-file",
            str(token_file),
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 20
        while not path.exists():
            assert process.poll() is None, process.communicate()[1].decode()
            assert time.monotonic() < deadline, "signer did not start"
            time.sleep(0.05)
        client = RemoteOrderSigner(path, token=token_file.read_text().strip())
        assert client.sign_order(fields(), neg_risk=True) == LOCAL.sign_order(
            fields(), neg_risk=True
        )
        client.close()
    finally:
        process.terminate()
        _, stderr = process.communicate(timeout=10)
    assert process.returncode == 0, stderr.decode()
    assert not path.exists()  # SIGTERM is a clean stop: the socket is removed
    assert KEY_HEX[2:] not in stderr.decode()
