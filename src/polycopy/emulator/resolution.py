"""Market resolution and the gasless relayer that redeems, merges and splits positions.

An admin step resolves a market with a winning outcome (``EmulatorState.resolve``); Gamma,
the CLOB and the Data API then show it closed and its positions redeemable. Wallets redeem
through the relayer (``POST /relayer/submit``), as the SDK does: a ``redeemPositions`` call to
the collateral adapter, inside a ``WALLET`` envelope authenticated with relayer-key headers
(``RELAYER_API_KEY`` and ``RELAYER_API_KEY_ADDRESS``). The emulator accepts as relayer key any
API key it issued to that address, and checks the envelope as the deposit wallet would: its
``to`` is the deposit wallet factory, its nonce the wallet's next one (served by
``GET /v1/account/transactions/params``), its deadline not passed, and its signature the
EIP-712 ``Batch`` signed by the sender (the wallet's owner, or a session key in its
wrapper), who must control the wallet; anything else is refused with ``{"error": …}`` and
never runs. Proxy and Safe wallets send ``PROXY`` and ``SAFE`` envelopes (``relay_wallets``),
checked as their contracts would: the wallet must be the one the official factory derives
from the sender (CREATE2), the nonce the wallet's next one (``GET /relay-payload`` for a
proxy, which also names the emulator's relay; the params endpoint with ``type=SAFE`` for a
Safe), and the signature must recover to the sender over the relay hash or the ``SafeTx``.
Not modelled: gas, relay fees, and batches of more than one call (a Safe's MultiSend
DELEGATECALL included). The admin routes also let
a synthetic leader redeem, merge or split directly, so its REDEEM, MERGE and SPLIT rows
appear in its activity.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from polycopy.emulator.chain import CHAIN_ID
from polycopy.emulator.state import EmulatorState, Market, RequestRefused
from polycopy.emulator.wire import JSONResponse, error
from polycopy.kit.money import micros_str, to_micros
from polycopy.venues.polymarket.ctf import BINARY_INDEX_SETS, PUSD, CtfAction, adapter_for, decode
from polycopy.venues.polymarket.relay_wallets import (
    ProxyTransaction,
    SafeTransaction,
    decode_proxy_calls,
    proxy_transaction_from,
    proxy_wallet_address,
    recover_relay_signer,
    safe_transaction_from,
    safe_wallet_address,
)
from polycopy.venues.polymarket.relayer import DEPOSIT_WALLET_FACTORY
from polycopy.venues.polymarket.signing import (
    WalletBatch,
    WalletCall,
    parse_uint,
    recover_wallet_batch_signer,
)

STATE_CONFIRMED = "STATE_CONFIRMED"
STATE_FAILED = "STATE_FAILED"
#: The EOA the emulator's relayer names as its relay for proxy transactions.
RELAY_ADDRESS = "0x7eA1Ae1a7EA1ae1A7ea1aE1A7eA1aE1A7eA1Ae1a"


def resolution_admin_routes(state: EmulatorState) -> list[Route]:
    """``POST /admin/markets/{condition_id}/resolve`` with ``{"winner": "<token id>"}`` or
    ``{"outcome": "Yes"}``; ``POST /admin/wallets/{address}/redeem`` with
    ``{"condition_id": …}``, ``/merge`` and ``/split`` with ``{"condition_id": …, "shares": …}``.
    """

    async def resolve(request: Request) -> Response:
        condition_id = request.path_params["condition_id"].lower()
        market = state.markets.get(condition_id)
        if market is None:
            return error("market not found", 404)
        try:
            body = json.loads(await request.body() or b"{}")
            winner = _winner(market, body)
            state.resolve(condition_id, winner)
        except RequestRefused as exc:
            return error(exc.message, exc.status)
        except (ValueError, KeyError, TypeError):
            return error('body must be {"winner": "<token id>"} or {"outcome": "<name>"}', 400)
        return JSONResponse({"condition_id": condition_id, "winner": str(winner)})

    async def wallet_action(request: Request) -> Response:
        address = request.path_params["address"].lower()
        action = request.path_params["action"]
        if action not in ("redeem", "merge", "split"):
            return error("not found", 404)
        try:
            body = json.loads(await request.body(), parse_float=Decimal)
            condition_id = str(body["condition_id"]).lower()
            if condition_id not in state.markets:
                return error("market not found", 404)
            if action == "redeem":
                tx_hash, paid = state.redeem(address, condition_id)
                return JSONResponse({"transaction_hash": tx_hash, "payout": micros_str(paid)})
            shares = to_micros(body["shares"])
            tx_hash = (state.merge if action == "merge" else state.split)(
                address, condition_id, shares
            )
        except RequestRefused as exc:
            return error(exc.message, exc.status)
        except (ValueError, KeyError, TypeError):
            return error('body must be {"condition_id": "0x…", "shares": <decimal>}', 400)
        return JSONResponse({"transaction_hash": tx_hash})

    return [
        Route("/markets/{condition_id}/resolve", resolve, methods=["POST"]),
        Route("/wallets/{address}/{action:str}", wallet_action, methods=["POST"]),
    ]


def _winner(market: Market, body: Mapping[str, Any]) -> int:
    if "winner" in body:
        return int(str(body["winner"]))
    wanted = str(body["outcome"]).lower()
    for token_id, outcome in market.tokens:
        if outcome.lower() == wanted:
            return token_id
    raise ValueError(wanted)


def relayer_app(state: EmulatorState) -> Starlette:
    transactions: dict[str, dict[str, object]] = {}
    nonces: dict[str, int] = {}  # wallet (lower-case) -> its next nonce

    async def params(request: Request) -> Response:
        address = request.query_params.get("address", "").lower()
        kind = request.query_params.get("type")
        if kind not in ("WALLET", "SAFE") or not address:
            return error("the emulator's relayer serves WALLET or SAFE params for an address", 400)
        wallet = _wallet_of(state, address) if kind == "WALLET" else _safe_of(address)
        return JSONResponse({"address": wallet, "nonce": str(nonces.get(wallet, 0))})

    async def relay_payload(request: Request) -> Response:
        address = request.query_params.get("address", "")
        if request.query_params.get("type") != "PROXY" or not address:
            return error("the emulator's relayer serves PROXY relay payloads for an address", 400)
        try:
            wallet = proxy_wallet_address(address).lower()
        except ValueError:
            return error("invalid address", 400)
        return JSONResponse({"address": RELAY_ADDRESS, "nonce": str(nonces.get(wallet, 0))})

    async def submit(request: Request) -> Response:
        try:
            envelope = json.loads(await request.body())
            batch = _authorised(state, request.headers, envelope)
            expected = nonces.get(batch.wallet, 0)
            if batch.nonce != expected:
                raise RequestRefused(
                    f"batch nonce {batch.nonce} does not match on-chain nonce {expected}"
                )
        except RequestRefused as exc:
            return error(exc.message, exc.status)
        except (ValueError, KeyError, TypeError, AttributeError):
            return error("invalid relayer transaction", 400)
        transaction_id = f"{len(transactions) + 1:08d}-relayer"
        record: dict[str, object] = {"transaction_id": transaction_id, "error_msg": None}
        try:
            calls = [(c.target.lower(), c.data) for c in batch.calls]
            record["transaction_hash"] = _execute(state, batch.wallet, calls)
            record["state"] = STATE_CONFIRMED
            nonces[batch.wallet] = expected + 1
        except RequestRefused as exc:  # reverted on chain: the relayer reports it failed
            record.update(transaction_hash=None, state=STATE_FAILED, error_msg=exc.message)
        transactions[transaction_id] = record
        return JSONResponse(
            {
                "transactionID": transaction_id,
                "transactionHash": record["transaction_hash"] or "",
                "state": record["state"],
            }
        )

    async def transaction(request: Request) -> Response:
        found = transactions.get(request.path_params["transaction_id"])
        if found is None:
            return error("transaction not found", 404)
        return JSONResponse(found)

    return Starlette(
        routes=[
            Route("/submit", submit, methods=["POST"]),
            Route("/v1/account/transactions/params", params),
            Route("/relay-payload", relay_payload),
            Route("/v1/account/transactions/{transaction_id}", transaction),
        ]
    )


def _wallet_of(state: EmulatorState, signer: str) -> str:
    """The deposit wallet a signer controls (itself when none is linked)."""
    linked = [w for (s, kind), w in state.access.funders.items() if s == signer and kind == 3]
    owned = [w for (s, _), w in state.access.funders.items() if s == signer]
    return (linked or owned or [signer])[0]


def _safe_of(owner: str) -> str:
    try:
        return safe_wallet_address(owner).lower()
    except ValueError:
        raise RequestRefused("invalid address", 400) from None


def _authorised(
    state: EmulatorState, headers: Mapping[str, str], envelope: Mapping[str, Any]
) -> WalletBatch:
    """The calls to run for the envelope's wallet, once its sender, wallet, nonce source and
    signature are checked (as a batch; the nonce is compared by the caller)."""
    key = state.api_keys.get(headers.get("RELAYER_API_KEY", ""))
    address = headers.get("RELAYER_API_KEY_ADDRESS", "").lower()
    if key is None or key.address != address:
        raise RequestRefused("invalid relayer api key", 401)
    sender = str(envelope["from"]).lower()
    if sender != address:
        raise RequestRefused("the transaction sender must own the relayer api key", 401)
    kind = envelope.get("type")
    if kind == "PROXY":
        batch = _authorised_proxy(sender, envelope)
    elif kind == "SAFE":
        batch = _authorised_safe(sender, envelope)
    elif kind == "WALLET":
        batch = _authorised_batch(state, sender, envelope)
    else:
        raise RequestRefused("the emulator's relayer accepts WALLET, PROXY and SAFE transactions")
    if len(batch.calls) != 1:
        raise RequestRefused("the emulator's relayer runs exactly one call per transaction")
    return batch


def _authorised_proxy(sender: str, envelope: Mapping[str, Any]) -> WalletBatch:
    wallet = proxy_wallet_address(sender).lower()
    if str(envelope["proxyWallet"]).lower() != wallet:
        raise RequestRefused("the proxy wallet is not the sender's", 401)
    try:
        tx = proxy_transaction_from(envelope)
    except ValueError as exc:
        raise RequestRefused(f"invalid proxy transaction: {exc}") from None
    if tx.relay.lower() != RELAY_ADDRESS.lower():
        raise RequestRefused("the transaction is not signed for this relay")
    if tx.relayer_fee or tx.gas_price:
        raise RequestRefused("the emulator's relayer takes no fee: relayerFee and gasPrice are 0")
    _check_relay_signature(tx, envelope, sender)
    try:
        calls = decode_proxy_calls(tx.data)
    except ValueError as exc:
        raise RequestRefused(f"invalid proxy transaction: {exc}") from None
    return WalletBatch(wallet, tx.nonce, 0, calls)


def _authorised_safe(sender: str, envelope: Mapping[str, Any]) -> WalletBatch:
    wallet = _safe_of(sender)
    if str(envelope["proxyWallet"]).lower() != wallet:
        raise RequestRefused("the Safe is not the sender's", 401)
    try:
        tx = safe_transaction_from(envelope)
    except ValueError as exc:
        raise RequestRefused(f"invalid Safe transaction: {exc}") from None
    if tx.operation != 0:
        raise RequestRefused("the emulator's relayer runs CALL Safe transactions only")
    _check_relay_signature(tx, envelope, sender)
    return WalletBatch(wallet, tx.nonce, 0, (WalletCall(tx.to, tx.data, tx.value),))


def _check_relay_signature(
    tx: ProxyTransaction | SafeTransaction, envelope: Mapping[str, Any], sender: str
) -> None:
    try:
        signer = recover_relay_signer(tx, str(envelope["signature"]), CHAIN_ID)
    except ValueError:
        raise RequestRefused("invalid signature: it does not verify") from None
    if signer.lower() != sender:
        raise RequestRefused("invalid signature: not signed by the sender")


def _authorised_batch(
    state: EmulatorState, sender: str, envelope: Mapping[str, Any]
) -> WalletBatch:
    """A deposit wallet's batch (or an EOA's own), its deadline and signature checked."""
    params = envelope["depositWalletParams"]
    wallet = str(params["depositWallet"]).lower()
    owned = {w for (signer, _), w in state.access.funders.items() if signer == sender}
    if wallet != sender and wallet not in owned:
        raise RequestRefused("the sender does not control this wallet", 401)
    if str(envelope.get("to", "")).lower() != DEPOSIT_WALLET_FACTORY.lower():
        raise RequestRefused("a WALLET transaction goes to the deposit wallet factory")
    batch = WalletBatch(
        wallet=wallet,
        nonce=parse_uint("nonce", envelope["nonce"]),
        deadline=parse_uint("deadline", params["deadline"]),
        calls=tuple(
            WalletCall(str(c["target"]), str(c["data"]), parse_uint("value", c["value"]))
            for c in params["calls"]
        ),
    )
    if batch.deadline < state.now():
        raise RequestRefused("the batch deadline has passed")
    try:
        signer = recover_wallet_batch_signer(batch, str(envelope["signature"]), CHAIN_ID)
    except ValueError:
        raise RequestRefused("invalid batch signature: it does not verify") from None
    if signer.lower() != sender:
        raise RequestRefused("invalid batch signature: not signed by the sender")
    return batch


def _execute(state: EmulatorState, wallet: str, calls: list[tuple[str, str]]) -> str:
    target, data = calls[0]
    try:
        call = decode(data)
    except ValueError as exc:
        raise RequestRefused(f"execution reverted: {exc}") from None
    market = state.markets.get(call.condition_id)
    if market is None:
        raise RequestRefused("execution reverted: unknown condition")
    if target != adapter_for(neg_risk=market.neg_risk).lower():
        raise RequestRefused("execution reverted: wrong collateral adapter for this market")
    if call.collateral.lower() != PUSD.lower() or call.index_sets != BINARY_INDEX_SETS:
        raise RequestRefused("execution reverted: collateral must be pUSD, partition [1, 2]")
    if call.action is CtfAction.REDEEM:
        return state.redeem(wallet, call.condition_id)[0]
    if call.action is CtfAction.MERGE:
        return state.merge(wallet, call.condition_id, call.amount)
    return state.split(wallet, call.condition_id, call.amount)
