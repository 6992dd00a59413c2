"""The official unified SDK (``polymarket-client``) against the emulator, unchanged but for URLs.

The SDK has no public way to point at other hosts: ``Environment`` refuses to be
constructed ("Environment instances are provided by the SDK") and only ``PRODUCTION`` is
exported. Its own internal helper ``polymarket._internal.environment.create_environment``
builds one from a copy of the production config, and that is the only thing done here:
every request below is the SDK's own, signed by the SDK.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from polymarket import AsyncSecureClient
from polymarket._internal.environment import PRODUCTION_CONFIG, create_environment
from polymarket.environments import Environment

from polycopy.emulator.server import EmulatorServer, default_state
from polycopy.kit.money import MICRO
from polycopy.venues.polymarket.signing import PrivateKey, is_position_id

# Anvil's well-known development keys (never funded anywhere real).
TRADER_KEY = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d"


def emulator_environment(base_urls: dict[str, str]) -> Environment:
    """Production's config (chain, contracts) with the emulator's REST and socket URLs."""
    config = dataclasses.replace(
        PRODUCTION_CONFIG,
        clob_url=base_urls["clob"],
        data_url=base_urls["data"],
        gamma_url=base_urls["gamma"],
    )
    return create_environment(name="emulator", config=config)


async def test_sdk_derives_a_key_reads_a_book_and_trades() -> None:
    async with EmulatorServer(default_state(7), run_actors=False) as srv:
        state = srv.state
        market = next(iter(state.markets.values()))
        token_id = market.tokens[0][0]
        # The SDK signs a position id for Exchange V3, which the emulator does not verify.
        assert not is_position_id(token_id)
        trader = PrivateKey.from_hex(TRADER_KEY).address
        state.fund(trader, 1_000 * MICRO)

        client = await AsyncSecureClient.create(
            private_key=TRADER_KEY,
            wallet=trader,  # an EOA: no relayer, no deposit wallet
            environment=emulator_environment(srv.base_urls),
        )
        try:
            assert client.credentials.key  # derived (created) through L1 ClobAuth
            book = await client.get_order_book(token_id=str(token_id))
            assert book.asks, "the default scenario's liquidity provider quotes asks"
            best_ask = min(Decimal(str(level.price)) for level in book.asks)

            # A BUY at the best ask crosses it: the order is matched at once.
            answer = await client.place_limit_order(
                token_id=str(token_id), price=best_ask, size=Decimal(10), side="BUY"
            )
            assert answer.ok, answer
            order = await client.get_order(order_id=answer.order_id)
            assert order.id == answer.order_id
            assert Decimal(str(order.size_matched)) > 0
        finally:
            await client.close()
