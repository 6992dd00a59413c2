"""Polygon JSON-RPC over HTTP (``/rpc``) and websocket (``/rpc/ws``), served from ``Chain``.

Enough of the Ethereum API for a log follower: ``eth_chainId``, ``eth_blockNumber``,
``eth_getBlockByNumber``/``ByHash``, ``eth_getLogs``, ``eth_getTransactionReceipt``/
``ByHash``, ``net_version``, ``eth_call`` of the pUSD contract's ``balanceOf(address)``
(a wallet's cash, for proportional sizing), and on the websocket ``eth_subscribe``
(``newHeads``, ``logs``) and ``eth_unsubscribe``. Batches work on both. Filters and their
error answers follow geth (the ``ethereum/execution-apis`` conformance cases), and
``eth_getLogs`` refuses ranges wider than ``max_log_range`` blocks the way hosted nodes do,
so clients must page.
"""

from __future__ import annotations

import json
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket

from polycopy.emulator.chain import (
    CHAIN_ID,
    OPERATOR,
    Block,
    Chain,
    ChainEvent,
    Log,
    LogsRemoved,
    NewHead,
    exchange_for,
    logs_bloom,
)
from polycopy.emulator.visibility import Shown, Visibility
from polycopy.emulator.wire import JSONResponse
from polycopy.emulator.ws import Channel, Connection
from polycopy.venues.polymarket.chain import BALANCE_OF
from polycopy.venues.polymarket.ctf import PUSD

PARSE_ERROR = -32700
INVALID_REQUEST = -32600
METHOD_NOT_FOUND = -32601
INVALID_PARAMS = -32602
SERVER_ERROR = -32000
LIMIT_EXCEEDED = -32005
EXECUTION_REVERTED = 3
MAX_TOPICS = 4
CLIENT_VERSION = "polycopy-emulator/bor-compatible"
_ADDRESS_RE = re.compile(r"0x[0-9a-fA-F]{40}")
_HASH_RE = re.compile(r"0x[0-9a-fA-F]{64}")
_QUANTITY_RE = re.compile(r"0x(0|[1-9a-fA-F][0-9a-fA-F]*)")


class RpcError(Exception):
    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True, slots=True)
class LogFilter:
    """Address set (None = any) and per-position topic sets (None = any), as in geth."""

    addresses: frozenset[str] | None = None
    topics: tuple[frozenset[str] | None, ...] = ()

    def matches(self, log: Log) -> bool:
        if self.addresses is not None and log.address not in self.addresses:
            return False
        if len(self.topics) > len(log.topics):
            return False
        pairs = zip(self.topics, log.topics, strict=False)  # the log may have more topics
        return all(want is None or have in want for want, have in pairs)


@dataclass(slots=True)
class _Session:
    """One websocket's subscriptions: id -> None (newHeads) or its log filter."""

    subscriptions: dict[str, LogFilter | None] = field(default_factory=dict)


Handler = Callable[[list[Any], "_Session | None"], object]


class RpcHub:
    """The JSON-RPC method table over one ``Chain``, for HTTP requests and websockets."""

    def __init__(
        self,
        chain: Chain,
        channel: Channel,
        *,
        max_log_range: int = 1000,
        visibility: Visibility | None = None,
    ) -> None:
        self.chain = chain
        self.channel = channel
        self.max_log_range = max_log_range
        self.visibility = visibility
        self._sessions: dict[Connection, _Session] = {}
        self._methods: dict[str, Handler] = {
            "eth_chainId": lambda p, s: hex(CHAIN_ID),
            "net_version": lambda p, s: str(CHAIN_ID),
            "web3_clientVersion": lambda p, s: CLIENT_VERSION,
            "eth_blockNumber": lambda p, s: hex(self.chain.head.number),
            "eth_getBlockByNumber": self._get_block_by_number,
            "eth_getBlockByHash": self._get_block_by_hash,
            "eth_getLogs": self._get_logs,
            "eth_getTransactionReceipt": self._get_receipt,
            "eth_getTransactionByHash": self._get_transaction,
            "eth_call": self._call,
            "eth_subscribe": self._subscribe,
            "eth_unsubscribe": self._unsubscribe,
        }
        chain.listeners.append(self.on_chain_event)

    # --- transports -----------------------------------------------------------------------

    async def http_endpoint(self, request: Request) -> Response:
        try:
            payload = json.loads(await request.body())
        except ValueError:
            return JSONResponse(_error(None, PARSE_ERROR, "parse error"))
        answer = self.handle(payload, None)
        if answer is None:
            return Response(status_code=200)
        return JSONResponse(answer)

    async def ws_endpoint(self, websocket: WebSocket) -> None:
        connection = Connection(websocket, self.channel)
        self._sessions[connection] = _Session()
        try:
            await connection.serve(lambda text: self._on_text(connection, text))
        finally:
            self._sessions.pop(connection, None)

    def _on_text(self, connection: Connection, text: str) -> None:
        try:
            payload = json.loads(text)
        except ValueError:
            connection.send(_error(None, PARSE_ERROR, "parse error"))
            return
        answer = self.handle(payload, self._sessions[connection])
        if answer is not None:
            connection.send(answer)

    def handle(self, payload: object, session: _Session | None) -> object | None:
        """Answer one request or a batch; None when nothing is owed (only notifications)."""
        if isinstance(payload, list):
            if not payload:
                return _error(None, INVALID_REQUEST, "empty batch")
            answers = [a for a in (self._one(p, session) for p in payload) if a is not None]
            return answers or None
        return self._one(payload, session)

    def _one(self, request: object, session: _Session | None) -> dict[str, object] | None:
        if not isinstance(request, dict):
            return _error(None, INVALID_REQUEST, "invalid request")
        request_id = request.get("id")
        method = request.get("method")
        if request.get("jsonrpc") != "2.0" or not isinstance(method, str):
            return _error(request_id, INVALID_REQUEST, "invalid request")
        params = request.get("params", [])
        handler = self._methods.get(method)
        try:
            if handler is None:
                raise RpcError(
                    METHOD_NOT_FOUND, f"the method {method} does not exist/is not available"
                )
            if params is None:
                params = []
            if not isinstance(params, list):
                raise RpcError(INVALID_PARAMS, "non-array args")
            result = handler(params, session)
        except RpcError as exc:
            return _error(request_id, exc.code, exc.message)
        if "id" not in request:
            return None
        return {"jsonrpc": "2.0", "id": request_id, "result": result}

    # --- methods --------------------------------------------------------------------------

    def _get_block_by_number(self, params: list[Any], _: _Session | None) -> object:
        number = self._block_number(_param(params, 0), 0)
        block = self.chain.block(number)
        return None if block is None else _block_json(block, bool(_param(params, 1, False)))

    def _get_block_by_hash(self, params: list[Any], _: _Session | None) -> object:
        block_hash = _hash(_param(params, 0), 0)
        block = self.chain.block_by_hash(block_hash)
        return None if block is None else _block_json(block, bool(_param(params, 1, False)))

    def _get_logs(self, params: list[Any], _: _Session | None) -> object:
        query = _param(params, 0)
        if not isinstance(query, dict):
            raise RpcError(INVALID_PARAMS, "invalid argument 0: filter must be an object")
        flt = _log_filter(query)
        if query.get("blockHash") is not None:
            if query.get("fromBlock") is not None or query.get("toBlock") is not None:
                raise RpcError(
                    INVALID_PARAMS,
                    "invalid argument 0: cannot specify both BlockHash and FromBlock/ToBlock, "
                    "choose one or the other",
                )
            block = self.chain.block_by_hash(_hash(query["blockHash"], 0))
            if block is None:
                raise RpcError(SERVER_ERROR, "unknown block")
            logs: list[Log] = list(block.logs)
        else:
            head = self.chain.head.number
            first = self._block_number(query.get("fromBlock"), 0)
            last = self._block_number(query.get("toBlock"), 0)
            if last > head:
                raise RpcError(INVALID_PARAMS, "block range extends beyond current head block")
            if first > head:
                raise RpcError(INVALID_PARAMS, "invalid block range params")
            if first > last:
                raise RpcError(SERVER_ERROR, "invalid block range params")
            if last - first + 1 > self.max_log_range:
                raise RpcError(LIMIT_EXCEEDED, f"exceed maximum block range: {self.max_log_range}")
            logs = self.chain.logs_between(first, last)
        return [log.to_json() for log in logs if flt.matches(log)]

    def _get_receipt(self, params: list[Any], _: _Session | None) -> object:
        tx_hash = _hash(_param(params, 0), 0)
        block = self.chain.block_of_transaction(tx_hash)
        if block is None:
            return None
        index = block.transactions.index(tx_hash)
        logs = [log for log in block.logs if log.transaction_hash == tx_hash]
        return {
            "transactionHash": tx_hash,
            "transactionIndex": hex(index),
            "blockHash": block.hash,
            "blockNumber": hex(block.number),
            "from": OPERATOR,
            "to": exchange_for(block.matches[index][0]),
            "cumulativeGasUsed": hex(200_000 * (index + 1)),
            "gasUsed": hex(200_000),
            "effectiveGasPrice": hex(30_000_000_000),
            "contractAddress": None,
            "logs": [log.to_json() for log in logs],
            "logsBloom": logs_bloom(logs),
            "status": "0x1",
            "type": "0x2",
        }

    def _get_transaction(self, params: list[Any], _: _Session | None) -> object:
        tx_hash = _hash(_param(params, 0), 0)
        block = self.chain.block_of_transaction(tx_hash)
        if block is None:
            return None
        return _transaction_json(block, block.transactions.index(tx_hash))

    def _call(self, params: list[Any], _: _Session | None) -> object:
        """Only pUSD's ``balanceOf(address)``: the wallet's pUSD, as a uint256 word. Any
        other call reverts, as a call to a contract without that function would."""
        call = _param(params, 0)
        if not isinstance(call, dict):
            raise RpcError(INVALID_PARAMS, "invalid argument 0: call must be an object")
        self._block_number(_param(params, 1), 1)
        to, data = call.get("to"), call.get("input", call.get("data"))
        if not isinstance(to, str) or not _ADDRESS_RE.fullmatch(to):
            raise RpcError(INVALID_PARAMS, "invalid argument 0: invalid address")
        if not isinstance(data, str) or not data.startswith("0x"):
            raise RpcError(INVALID_PARAMS, "invalid argument 0: input must be hex data")
        body = data[2:].lower()
        if to.lower() != PUSD.lower() or not body.startswith(BALANCE_OF) or len(body) != 72:
            raise RpcError(EXECUTION_REVERTED, "execution reverted")
        wallet = self.chain.state.wallets.get("0x" + body[-40:])
        return "0x" + (wallet.pusd if wallet else 0).to_bytes(32, "big").hex()

    def _subscribe(self, params: list[Any], session: _Session | None) -> object:
        if session is None:
            raise RpcError(METHOD_NOT_FOUND, "notifications not supported")
        kind = _param(params, 0)
        if kind == "newHeads":
            flt: LogFilter | None = None
        elif kind == "logs":
            query = _param(params, 1, {})
            if not isinstance(query, dict):
                raise RpcError(INVALID_PARAMS, "invalid argument 1: filter must be an object")
            flt = _log_filter(query)
        else:
            raise RpcError(INVALID_PARAMS, f"no {kind!s} subscription in eth namespace")
        subscription_id = "0x" + secrets.token_hex(16)
        session.subscriptions[subscription_id] = flt
        return subscription_id

    def _unsubscribe(self, params: list[Any], session: _Session | None) -> object:
        if session is None:
            raise RpcError(METHOD_NOT_FOUND, "notifications not supported")
        subscription_id = str(_param(params, 0))
        if subscription_id not in session.subscriptions:
            return False
        del session.subscriptions[subscription_id]
        return True

    # --- subscriptions --------------------------------------------------------------------

    def on_chain_event(self, event: ChainEvent) -> None:
        if isinstance(event, NewHead) and self.visibility is not None:
            for log in event.block.logs:
                self.visibility.shown(Shown.CHAIN, log.transaction_hash)
        for connection, session in list(self._sessions.items()):
            for subscription_id, flt in list(session.subscriptions.items()):
                if isinstance(event, NewHead):
                    if flt is None:
                        _notify(connection, subscription_id, event.block.header())
                    else:
                        for log in event.block.logs:
                            if flt.matches(log):
                                _notify(connection, subscription_id, log.to_json())
                elif isinstance(event, LogsRemoved) and flt is not None:
                    for log in event.logs:
                        if flt.matches(log):
                            _notify(connection, subscription_id, log.to_json(removed=True))

    # --- parameters -----------------------------------------------------------------------

    def _block_number(self, tag: object, position: int) -> int:
        """A block tag or quantity as a number (may lie beyond the head)."""
        head, genesis = self.chain.head.number, self.chain.genesis.number
        if tag is None or tag in ("latest", "pending"):
            return head
        if tag == "earliest":
            return genesis
        if tag in ("safe", "finalized"):
            return max(genesis, head - self.chain.confirmations)
        if isinstance(tag, str) and _QUANTITY_RE.fullmatch(tag):
            return int(tag, 16)
        raise RpcError(INVALID_PARAMS, f"invalid argument {position}: invalid block number {tag!r}")


def _param(params: list[Any], index: int, default: object = None) -> Any:
    return params[index] if index < len(params) else default


def _hash(value: object, position: int) -> str:
    if not isinstance(value, str) or not _HASH_RE.fullmatch(value):
        raise RpcError(INVALID_PARAMS, f"invalid argument {position}: hex string of 32 bytes")
    return value.lower()


def _log_filter(query: dict[str, Any]) -> LogFilter:
    """``address`` (one or a list) and ``topics`` (null, a hash, or a list = OR) of a filter."""
    raw_address = query.get("address")
    addresses: frozenset[str] | None = None
    if raw_address is not None:
        items = raw_address if isinstance(raw_address, list) else [raw_address]
        if not all(isinstance(a, str) and _ADDRESS_RE.fullmatch(a) for a in items):
            raise RpcError(INVALID_PARAMS, "invalid argument 0: invalid address")
        addresses = frozenset(a.lower() for a in items) or None
    raw_topics = query.get("topics")
    if raw_topics is None:
        raw_topics = []
    if not isinstance(raw_topics, list):
        raise RpcError(INVALID_PARAMS, "invalid argument 0: topics must be an array")
    if len(raw_topics) > MAX_TOPICS:
        raise RpcError(INVALID_PARAMS, "invalid argument 0: too many topics (max 4)")
    topics: list[frozenset[str] | None] = []
    for position in raw_topics:
        options = position if isinstance(position, list) else [position]
        if position is None or (isinstance(position, list) and not position):
            topics.append(None)
            continue
        if not all(isinstance(t, str) and _HASH_RE.fullmatch(t) for t in options):
            raise RpcError(INVALID_PARAMS, "invalid argument 0: topic must be a 32-byte hex")
        topics.append(frozenset(t.lower() for t in options))
    return LogFilter(addresses, tuple(topics))


def _block_json(block: Block, full: bool) -> dict[str, object]:
    body = block.header()
    body["transactions"] = (
        [_transaction_json(block, i) for i in range(len(block.matches))]
        if full
        else list(block.transactions)
    )
    body["uncles"] = []
    body["size"] = hex(600 + 400 * len(block.matches))
    return body


def _transaction_json(block: Block, index: int) -> dict[str, object]:
    match = block.matches[index]
    return {
        "hash": match[0].transaction_hash,
        "blockHash": block.hash,
        "blockNumber": hex(block.number),
        "transactionIndex": hex(index),
        "from": OPERATOR,
        "to": exchange_for(match[0]),
        "input": "0x",
        "value": "0x0",
        "gas": hex(500_000),
        "gasPrice": hex(30_000_000_000),
        "nonce": hex(index),
        "type": "0x2",
        "chainId": hex(CHAIN_ID),
    }


def _notify(connection: Connection, subscription_id: str, result: object) -> None:
    connection.send(
        {
            "jsonrpc": "2.0",
            "method": "eth_subscription",
            "params": {"subscription": subscription_id, "result": result},
        }
    )


def _error(request_id: object, code: int, message: str) -> dict[str, object]:
    return {"jsonrpc": "2.0", "id": request_id, "error": {"code": code, "message": message}}
