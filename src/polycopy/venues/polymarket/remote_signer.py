"""A separate signer process (``polycopy signer``) and its client, over a local unix socket.

The key never leaves the signer process: requests carry the order to sign (or the L1
``ClobAuth`` timestamp and nonce), replies carry a signature. The signer computes every
digest itself from typed fields, so it cannot be made to sign arbitrary data.

Who may ask: the socket file is created mode 0600 and, on Linux, the peer must run as the
same user (``SO_PEERCRED``); the first frame must carry the token from a 0600 token file.
The client checks every signature it gets back (order hash and recovered signer) before it
is used, so a misconfigured signer (wrong key, wrong chain) is caught at once.

Frames are a 4-byte big-endian length followed by a UTF-8 JSON object.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import hmac
import json
import os
import secrets
import signal
import socket
import stat
import struct
import threading
from pathlib import Path
from typing import Any

import structlog

from polycopy.kit.errors import ConfigError
from polycopy.venues.polymarket.relay_wallets import (
    ProxyTransaction,
    RelayTransaction,
    SafeTransaction,
    recover_relay_signer,
)
from polycopy.venues.polymarket.signers import SealedKey, SignerError
from polycopy.venues.polymarket.signing import (
    CHAIN_ID_POLYGON,
    ExchangeVersion,
    OrderFields,
    OrderSigner,
    SignedOrder,
    WalletBatch,
    WalletCall,
    clob_auth_digest,
    order_fields_from_wire,
    order_hash,
    parse_hex,
    recover_address,
    recover_order_signer,
    recover_wallet_batch_signer,
)

log = structlog.get_logger(__name__)

MAX_FRAME = 64 * 1024
_HEADER = struct.Struct(">I")
_SO_PEERCRED = getattr(socket, "SO_PEERCRED", None)
_UCRED = struct.Struct("3i")


def _frame(message: dict[str, Any]) -> bytes:
    body = json.dumps(message, separators=(",", ":")).encode()
    return _HEADER.pack(len(body)) + body


def _parse_frame(body: bytes) -> dict[str, Any]:
    try:
        message = json.loads(body)
    except ValueError:
        raise SignerError("signer frame is not JSON") from None
    if not isinstance(message, dict):
        raise SignerError("signer frame is not a JSON object")
    return message


def _check_private(path: Path, what: str) -> None:
    mode = path.stat().st_mode
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise ConfigError(f"{what} {path} must be readable by its owner only (chmod 600)")


def load_key_file(path: Path) -> SealedKey:
    """A hex private key from a file that only its owner can read."""
    _check_private(path, "key file")
    return SealedKey.from_hex(path.read_text().strip())


def load_or_create_token(path: Path) -> str:
    """The shared client token: read it, or create a random one with mode 0600."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        _check_private(path, "token file")
        token = path.read_text().strip()
        if len(token) < 32:
            raise ConfigError(f"token file {path} holds no usable token") from None
        return token
    token = secrets.token_urlsafe(32)
    with os.fdopen(fd, "w") as handle:
        handle.write(token + "\n")
    return token


class SignerServer:
    """Serves one ``OrderSigner`` on a unix socket to clients that hold the token."""

    def __init__(self, signer: OrderSigner, socket_path: Path, *, token: str, chain_id: int):
        self._signer = signer
        self._path = socket_path
        self._token = token
        self._chain_id = chain_id
        self._server: asyncio.Server | None = None
        self._connections: set[asyncio.Task[None]] = set()

    async def start(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            if stat.S_ISSOCK(self._path.stat().st_mode):
                self._path.unlink()  # a stale socket from a previous run
        old_umask = os.umask(0o177)
        try:
            self._server = await asyncio.start_unix_server(
                self._serve, path=str(self._path), limit=MAX_FRAME + _HEADER.size
            )
        finally:
            os.umask(old_umask)
        log.info("signer.listening", socket=str(self._path), address=self._signer.address)

    async def close(self) -> None:
        """Stop listening and drop the open connections (clients reconnect on their own)."""
        if self._server is not None:
            self._server.close()
        for task in list(self._connections):
            task.cancel()
        await asyncio.gather(*self._connections, return_exceptions=True)
        if self._server is not None:
            await self._server.wait_closed()
        with contextlib.suppress(FileNotFoundError):
            self._path.unlink()

    async def __aenter__(self) -> SignerServer:
        await self.start()
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.close()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None  # a stream handler always runs as a task
        self._connections.add(task)
        try:
            if not _same_user(writer.get_extra_info("socket")):
                log.warning("signer.refused_peer", reason="other user")
                return
            hello = await _read_frame(reader)
            if hello.get("op") != "hello" or not hmac.compare_digest(
                str(hello.get("token", "")).encode(), self._token.encode()
            ):
                log.warning("signer.refused_peer", reason="bad token")
                writer.write(_frame({"ok": False, "error": "unauthorized"}))
                await writer.drain()
                return
            writer.write(
                _frame({"ok": True, "address": self._signer.address, "chain_id": self._chain_id})
            )
            await writer.drain()
            while True:
                request = await _read_frame(reader)
                writer.write(_frame(self._answer(request)))
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, SignerError):
            pass  # the client went away or spoke garbage: drop the connection
        finally:
            self._connections.discard(task)
            writer.close()
            with contextlib.suppress(ConnectionError):
                await writer.wait_closed()

    def _answer(self, request: dict[str, Any]) -> dict[str, Any]:
        op = request.get("op")
        try:
            if op == "sign_order":
                order = request.get("order")
                if not isinstance(order, dict):
                    raise ValueError("order must be a JSON object")
                exchange = request.get("exchange", 2)  # absent: V2 (older clients)
                if type(exchange) is not int:
                    raise ValueError("exchange must be an integer")
                fields = order_fields_from_wire(order, exchange=ExchangeVersion(exchange))
                signed = self._signer.sign_order(fields, neg_risk=bool(request.get("neg_risk")))
                log.info("signer.signed_order", order_hash=signed.order_hash)
                return {"ok": True, "signature": signed.signature, "order_hash": signed.order_hash}
            if op == "sign_clob_auth":
                timestamp, nonce = request.get("timestamp"), request.get("nonce", 0)
                if not isinstance(timestamp, int) or not isinstance(nonce, int):
                    raise ValueError("timestamp and nonce must be integers")
                signature = self._signer.sign_clob_auth(timestamp=timestamp, nonce=nonce)
                log.info("signer.signed_clob_auth", timestamp=timestamp, nonce=nonce)
                return {"ok": True, "signature": signature}
            if op == "sign_wallet_batch":
                batch = _batch_from_wire(request.get("batch"))
                signature = self._signer.sign_wallet_batch(batch)
                log.info("signer.signed_wallet_batch", wallet=batch.wallet, nonce=batch.nonce)
                return {"ok": True, "signature": signature}
            if op == "sign_relay_transaction":
                tx = _relay_tx_from_wire(request.get("tx"))
                signature = self._signer.sign_relay_transaction(tx)
                log.info("signer.signed_relay_transaction", kind=type(tx).__name__, nonce=tx.nonce)
                return {"ok": True, "signature": signature}
        except (ValueError, SignerError) as exc:
            return {"ok": False, "error": str(exc)}
        return {"ok": False, "error": f"unknown op {op!r}"}


async def _read_frame(reader: asyncio.StreamReader) -> dict[str, Any]:
    (size,) = _HEADER.unpack(await reader.readexactly(_HEADER.size))
    if size > MAX_FRAME:
        raise SignerError("signer frame too large")
    return _parse_frame(await reader.readexactly(size))


def _same_user(sock: socket.socket | None) -> bool:
    """True when the peer runs as this user (checked where the OS can tell)."""
    if sock is None or _SO_PEERCRED is None:
        return True
    _pid, uid, _gid = _UCRED.unpack(sock.getsockopt(socket.SOL_SOCKET, _SO_PEERCRED, _UCRED.size))
    return bool(uid == os.getuid())


async def serve_signer(
    signer: OrderSigner,
    socket_path: Path,
    *,
    token_file: Path,
    chain_id: int = CHAIN_ID_POLYGON,
    stop: asyncio.Event | None = None,
) -> None:
    """Run the signer until ``stop`` is set, or SIGTERM / SIGINT arrive."""
    token = load_or_create_token(token_file)
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop.add_signal_handler(signum, stop.set)  # the main thread only
    async with SignerServer(signer, socket_path, token=token, chain_id=chain_id):
        await stop.wait()


class RemoteOrderSigner:
    """``OrderSigner`` whose key lives in a ``polycopy signer`` process.

    Blocking by design, like the in-process signers: one request is a local round trip of
    well under a millisecond, bounded by ``timeout``. One connection, reopened once if the
    signer restarted; signing is deterministic, so repeating a request is harmless.
    """

    def __init__(
        self,
        socket_path: Path,
        *,
        token: str,
        chain_id: int = CHAIN_ID_POLYGON,
        timeout: float = 2.0,
    ) -> None:
        self._path = socket_path
        self._token = token
        self._chain_id = chain_id
        self._timeout = timeout
        self._lock = threading.Lock()
        self._sock: socket.socket | None = None
        self.address: str = ""
        with self._lock:
            self._connect()

    def _connect(self) -> socket.socket:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(self._timeout)
        try:
            sock.connect(str(self._path))
            hello = _exchange(sock, {"op": "hello", "token": self._token})
        except (OSError, SignerError) as exc:
            sock.close()
            raise SignerError(f"signer at {self._path} is not reachable: {exc}") from None
        if not hello.get("ok"):
            sock.close()
            raise SignerError(f"signer at {self._path} refused this client: {hello.get('error')}")
        if hello.get("chain_id") != self._chain_id:
            sock.close()
            raise SignerError(
                f"signer at {self._path} signs for chain {hello.get('chain_id')}, "
                f"not {self._chain_id}"
            )
        address = str(hello.get("address", ""))
        if self.address and address != self.address:
            sock.close()
            raise SignerError(f"signer at {self._path} now signs for another address {address}")
        self.address = address
        self._sock = sock
        return sock

    def _call(self, request: dict[str, Any]) -> dict[str, Any]:
        with self._lock:
            for attempt in (1, 2):
                sock = self._sock or self._connect()
                try:
                    reply = _exchange(sock, request)
                    break
                except (OSError, SignerError) as exc:
                    self.close_locked()
                    if attempt == 2:
                        raise SignerError(f"signer at {self._path} failed: {exc}") from None
        if not reply.get("ok"):
            raise SignerError(f"signer refused: {reply.get('error')}")
        return reply

    def sign_order(self, fields: OrderFields, *, neg_risk: bool) -> SignedOrder:
        request: dict[str, object] = {
            "op": "sign_order",
            "order": fields.to_wire(),
            "neg_risk": neg_risk,
        }
        if fields.exchange is not ExchangeVersion.V2:
            request["exchange"] = int(fields.exchange)  # absent means V2 (older signers)
        reply = self._call(request)
        signed = SignedOrder(
            fields=fields,
            signature=str(reply.get("signature", "")),
            order_hash=str(reply.get("order_hash", "")),
        )
        expected = "0x" + order_hash(fields, neg_risk=neg_risk, chain_id=self._chain_id).hex()
        try:
            recovered = recover_order_signer(
                fields, signed.signature, neg_risk=neg_risk, chain_id=self._chain_id
            )
        except ValueError as exc:
            raise SignerError(f"signer returned an unusable signature: {exc}") from None
        if signed.order_hash != expected or recovered != self.address:
            raise SignerError("signer returned a signature that does not verify for this order")
        return signed

    def sign_clob_auth(self, *, timestamp: int, nonce: int) -> str:
        reply = self._call({"op": "sign_clob_auth", "timestamp": timestamp, "nonce": nonce})
        signature = str(reply.get("signature", ""))
        digest = clob_auth_digest(self.address, str(timestamp), nonce, self._chain_id)
        try:
            valid = recover_address(digest, parse_hex("signature", signature)) == self.address
        except ValueError:
            valid = False
        if not valid:
            raise SignerError("signer returned a ClobAuth signature that does not verify")
        return signature

    def sign_wallet_batch(self, batch: WalletBatch) -> str:
        reply = self._call({"op": "sign_wallet_batch", "batch": _batch_to_wire(batch)})
        signature = str(reply.get("signature", ""))
        try:
            valid = recover_wallet_batch_signer(batch, signature, self._chain_id) == self.address
        except ValueError:
            valid = False
        if not valid:
            raise SignerError("signer returned a batch signature that does not verify")
        return signature

    def sign_relay_transaction(self, tx: RelayTransaction) -> str:
        reply = self._call({"op": "sign_relay_transaction", "tx": _relay_tx_to_wire(tx)})
        signature = str(reply.get("signature", ""))
        try:
            valid = recover_relay_signer(tx, signature, self._chain_id) == self.address
        except ValueError:
            valid = False
        if not valid:
            raise SignerError("signer returned a relay signature that does not verify")
        return signature

    def close_locked(self) -> None:
        if self._sock is not None:
            self._sock.close()
            self._sock = None

    def close(self) -> None:
        with self._lock:
            self.close_locked()

    def __repr__(self) -> str:
        return f"RemoteOrderSigner(address={self.address}, socket={self._path})"

    __str__ = __repr__


def _exchange(sock: socket.socket, message: dict[str, Any]) -> dict[str, Any]:
    sock.sendall(_frame(message))
    (size,) = _HEADER.unpack(_recv_exactly(sock, _HEADER.size))
    if size > MAX_FRAME:
        raise SignerError("signer frame too large")
    return _parse_frame(_recv_exactly(sock, size))


def _recv_exactly(sock: socket.socket, size: int) -> bytes:
    chunks = bytearray()
    while len(chunks) < size:
        chunk = sock.recv(size - len(chunks))
        if not chunk:
            raise SignerError("signer closed the connection")
        chunks += chunk
    return bytes(chunks)


def _batch_to_wire(batch: WalletBatch) -> dict[str, Any]:
    return {
        "wallet": batch.wallet,
        "nonce": batch.nonce,
        "deadline": batch.deadline,
        "calls": [{"target": c.target, "value": c.value, "data": c.data} for c in batch.calls],
    }


def _batch_from_wire(raw: object) -> WalletBatch:
    if not isinstance(raw, dict) or not isinstance(raw.get("calls"), list):
        raise ValueError("batch must be a JSON object with a list of calls")
    numbers = [raw.get("nonce"), raw.get("deadline")]
    calls = raw["calls"]
    if any(type(n) is not int or n < 0 for n in numbers) or not all(
        isinstance(c, dict) and type(c.get("value")) is int for c in calls
    ):
        raise ValueError("batch nonce, deadline and call values must be integers")
    return WalletBatch(
        wallet=str(raw.get("wallet", "")),
        nonce=int(raw["nonce"]),
        deadline=int(raw["deadline"]),
        calls=tuple(
            WalletCall(str(c.get("target", "")), str(c.get("data", "")), int(c["value"]))
            for c in calls
        ),
    )


_RELAY_KINDS: dict[str, type[ProxyTransaction] | type[SafeTransaction]] = {
    "proxy": ProxyTransaction,
    "safe": SafeTransaction,
}


def _relay_tx_to_wire(tx: RelayTransaction) -> dict[str, Any]:
    kind = "proxy" if isinstance(tx, ProxyTransaction) else "safe"
    return {"kind": kind} | {f.name: getattr(tx, f.name) for f in dataclasses.fields(tx)}


def _relay_tx_from_wire(raw: object) -> RelayTransaction:
    if not isinstance(raw, dict) or raw.get("kind") not in _RELAY_KINDS:
        raise ValueError("tx must be a JSON object of kind proxy or safe")
    cls = _RELAY_KINDS[raw["kind"]]
    values: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        value = raw.get(f.name)
        if f.type == "int" and (type(value) is not int or value < 0):
            raise ValueError(f"tx {f.name} must be an unsigned integer")
        if f.type == "str" and not isinstance(value, str):
            raise ValueError(f"tx {f.name} must be a string")
        values[f.name] = value
    return cls(**values)
