"""Market resolution and the relayer on the emulator, over HTTP, with polycopy's clients and
the official SDK's call encoders as the wire-format reference."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import AsyncIterator

import httpx
import pytest
from polymarket._internal.actions.relayer.calls import (
    ctf_merge_positions_call,
    ctf_redeem_positions_call,
)

from polycopy.emulator.book import OrderType
from polycopy.emulator.server import EmulatorServer, default_state
from polycopy.emulator.state import EmulatorState, Market, OrderRequest, RequestRefused
from polycopy.kit.http import http_client
from polycopy.kit.money import MICRO
from polycopy.venues.base import SettlementAction, SubmitOutcome
from polycopy.venues.polymarket.amounts import Side
from polycopy.venues.polymarket.auth import ApiCreds
from polycopy.venues.polymarket.clob import PolymarketVenue
from polycopy.venues.polymarket.ctf import (
    CTF_COLLATERAL_ADAPTER,
    PUSD,
    CtfAction,
    CtfCall,
    decode,
    encode,
)
from polycopy.venues.polymarket.data_api import DataApiClient
from polycopy.venues.polymarket.gamma import GammaClient
from polycopy.venues.polymarket.relayer import RelayerClient
from polycopy.venues.polymarket.signing import LocalOrderSigner, PrivateKey

CONDITION = "0x" + "ab" * 32


def test_calls_encode_as_the_official_sdk_does() -> None:
    redeem = ctf_redeem_positions_call(
        ctf=CTF_COLLATERAL_ADAPTER,  # type: ignore[arg-type]
        collateral=PUSD,  # type: ignore[arg-type]
        condition_id=CONDITION,
    )
    assert encode(CtfCall(CtfAction.REDEEM, PUSD, CONDITION)) == redeem.data
    merge = ctf_merge_positions_call(
        target=CTF_COLLATERAL_ADAPTER,  # type: ignore[arg-type]
        collateral=PUSD,  # type: ignore[arg-type]
        condition_id=CONDITION,
        amount=12_340_000,
    )
    call = CtfCall(CtfAction.MERGE, PUSD, CONDITION, amount=12_340_000)
    assert encode(call) == merge.data
    assert decode(merge.data) == CtfCall(
        CtfAction.MERGE, PUSD.lower(), CONDITION, amount=12_340_000
    )
    with pytest.raises(ValueError, match="not a redeemPositions"):
        decode("0xdeadbeef" + "00" * 160)


@pytest.fixture
async def served() -> AsyncIterator[tuple[EmulatorServer, httpx.AsyncClient]]:
    async with (
        EmulatorServer(default_state(seed=5), run_actors=False) as server,
        http_client(10) as http,
    ):
        yield server, http


def _holder(state: EmulatorState, market: Market, yes: int, no: int) -> LocalOrderSigner:
    """A wallet holding ``yes`` and ``no`` shares (split, then the surplus side given away),
    and its signer."""
    signer = LocalOrderSigner(PrivateKey.from_hex("0x" + secrets.token_hex(32)))
    address = signer.address
    state.fund(address, 1_000 * MICRO)
    state.split(address, market.condition_id, max(yes, no))
    wallet = state.wallet(address)
    (yes_token, _), (no_token, _) = market.tokens
    wallet.positions[yes_token] = yes
    wallet.positions[no_token] = no
    return signer


def _venue(
    server: EmulatorServer, http: httpx.AsyncClient, signer: LocalOrderSigner
) -> PolymarketVenue:
    address = signer.address
    key = server.state.derive_api_key(address, 0)
    urls = server.base_urls
    return PolymarketVenue(
        http,
        urls["clob"],
        creds=ApiCreds(key.api_key, key.secret, key.passphrase),
        signer_address=address,
        now=lambda: dt.datetime.now(dt.UTC),
        relayer=RelayerClient(
            http,
            urls["relayer"],
            api_key=key.api_key,
            signer=signer,
            wallet_address=address,
        ),
    )


async def test_resolution_shows_on_gamma_and_positions_become_redeemable(
    served: tuple[EmulatorServer, httpx.AsyncClient],
) -> None:
    server, http = served
    state = server.state
    market = next(iter(state.markets.values()))
    (yes, _), (no, _) = market.tokens
    holder = _holder(state, market, 8 * MICRO, 3 * MICRO).address
    gamma = GammaClient(http, server.base_urls["gamma"])
    before = await gamma.market_by_condition(market.condition_id)
    assert before is not None
    assert not before.closed

    admin = server.base_urls["admin"]
    answer = await http.post(
        f"{admin}/markets/{market.condition_id}/resolve", json={"outcome": "yes"}
    )
    assert answer.status_code == 200, answer.text
    again = await http.post(f"{admin}/markets/{market.condition_id}/resolve", json={"winner": "1"})
    assert again.status_code == 400  # not one of the market's tokens
    assert state.resolutions[market.condition_id] == yes

    after = await gamma.market_by_condition(market.condition_id)
    assert after is not None
    assert after.closed
    assert after.accepting_orders is False
    assert [str(p) for p in after.outcome_prices] == ["1", "0"]
    open_only = await gamma.markets(condition_ids=[market.condition_id], closed=False)
    assert open_only == []

    data = DataApiClient(http, server.base_urls["data"])
    rows = [row async for row in data.positions_v1(holder)]
    assert {(row.token_id, row.redeemable) for row in rows} == {(str(yes), True), (str(no), True)}
    statuses = (
        await http.get(f"{server.base_urls['data']}/v2/positions", params={"user": holder})
    ).json()["data"]
    assert {p["token_id"]: p["status"] for p in statuses} == {
        str(yes): "REDEEMABLE",
        str(no): "REDEEMABLE_LOST",
    }

    # No more trading in a resolved market: resting orders are gone, new ones refused.
    book = await http.get(f"{server.base_urls['clob']}/book", params={"token_id": str(yes)})
    assert book.json()["bids"] == []
    with pytest.raises(RequestRefused, match="resolved"):
        state.place_order(
            OrderRequest(
                order_id=state.internal_order_id(),
                owner=state.derive_api_key(holder, 0).api_key,
                maker=holder.lower(),
                signer=holder.lower(),
                token_id=yes,
                side=Side.SELL,
                price=990_000,
                size=5 * MICRO,
                order_type=OrderType.GTC,
            )
        )


async def test_the_relayer_redeems_merges_and_refuses_strangers(
    served: tuple[EmulatorServer, httpx.AsyncClient],
) -> None:
    server, http = served
    state = server.state
    market = next(iter(state.markets.values()))
    (yes, _), (no, _) = market.tokens
    signer = _holder(state, market, 8 * MICRO, 3 * MICRO)
    holder = signer.address
    venue = _venue(server, http, signer)
    pusd = state.wallet(holder).pusd

    # Before resolution: a merge of complete sets pays 1 pUSD a set.
    merged = await venue.settle(
        SettlementAction.MERGE, market.condition_id, neg_risk=False, shares_micros=2 * MICRO
    )
    assert merged.outcome is SubmitOutcome.ACCEPTED, merged.error
    assert state.wallet(holder).positions[yes] == 6 * MICRO
    assert state.wallet(holder).positions[no] == 1 * MICRO
    assert state.wallet(holder).pusd == pusd + 2 * MICRO
    too_many = await venue.settle(
        SettlementAction.MERGE, market.condition_id, neg_risk=False, shares_micros=5 * MICRO
    )
    assert too_many.outcome is SubmitOutcome.REJECTED  # reverted: only 1 NO share left
    early = await venue.settle(SettlementAction.REDEEM, market.condition_id, neg_risk=False)
    assert early.outcome is SubmitOutcome.REJECTED  # not resolved yet
    wrong_adapter = await venue.settle(
        SettlementAction.MERGE, market.condition_id, neg_risk=True, shares_micros=MICRO
    )
    assert wrong_adapter.outcome is SubmitOutcome.REJECTED

    state.resolve(market.condition_id, no)
    redeemed = await venue.settle(SettlementAction.REDEEM, market.condition_id, neg_risk=False)
    assert redeemed.outcome is SubmitOutcome.ACCEPTED, redeemed.error
    assert redeemed.transaction_hash
    assert state.wallet(holder).positions == {}
    assert state.wallet(holder).pusd == pusd + 2 * MICRO + 1 * MICRO  # the one NO share won
    rows = (
        await http.get(
            f"{server.base_urls['data']}/v2/activity", params={"user": holder, "type": "REDEEM"}
        )
    ).json()["data"]
    assert sorted((r["token_id"], r["usdc_size"]) for r in rows) == sorted(
        [(str(yes), 0), (str(no), 1)]
    )
    assert {r["transaction_hash"] for r in rows} == {redeemed.transaction_hash}
    twice = await venue.settle(SettlementAction.REDEEM, market.condition_id, neg_risk=False)
    assert twice.outcome is SubmitOutcome.ACCEPTED  # nothing left: pays 0, as on chain
    assert state.wallet(holder).pusd == pusd + 3 * MICRO

    # Someone else's relayer key cannot act on this wallet.
    stranger = LocalOrderSigner(PrivateKey.from_hex("0x" + secrets.token_hex(32)))
    other_key = state.derive_api_key(stranger.address, 0)
    forged = RelayerClient(
        http,
        server.base_urls["relayer"],
        api_key=other_key.api_key,
        signer=stranger,
        wallet_address=holder,
    )
    refused = await http.post(
        f"{server.base_urls['relayer']}/submit",
        json={"type": "WALLET", "from": stranger.address},
        headers={"RELAYER_API_KEY": "nope", "RELAYER_API_KEY_ADDRESS": stranger.address},
    )
    assert refused.status_code == 401
    with pytest.raises(Exception, match="does not control"):
        await forged.execute(
            CtfCall(CtfAction.REDEEM, PUSD, market.condition_id), neg_risk=False, deadline=0
        )
