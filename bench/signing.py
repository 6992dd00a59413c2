"""Orders signed per second: polycopy's LocalOrderSigner vs the official py-clob-client-v2.

Run: ``.venv/bin/python bench/bench_signing.py [seconds-per-case]``. Single-threaded, so the
figures are per core. Two cases each: signing a ready order (EIP-712 hash + secp256k1), and
the whole path from size/price to the POST /order body text. Prints figures, no assertions.
"""

from __future__ import annotations

import itertools
import json
import sys
import time
from collections.abc import Callable
from decimal import Decimal

from py_clob_client_v2.clob_types import CreateOrderOptions, OrderArgsV2
from py_clob_client_v2.order_builder.builder import OrderBuilder
from py_clob_client_v2.order_utils import ExchangeOrderBuilderV2, OrderDataV2, SignatureTypeV2
from py_clob_client_v2.order_utils import Side as OfficialSide
from py_clob_client_v2.order_utils.model.order_data_v2 import order_to_json_v2
from py_clob_client_v2.signer import Signer

from polycopy.venues.polymarket.amounts import Side, limit_order_amounts
from polycopy.venues.polymarket.auth import serialize_body
from polycopy.venues.polymarket.signing import (
    EXCHANGE_V2,
    LocalOrderSigner,
    OrderFields,
    PrivateKey,
    SignatureType,
    post_order_body,
)

# Well-known public test key (anvil / hardhat account #0). Never real funds.
KEY_HEX = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"
FUNDER = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC"
TOKEN = "71321045679252212594626385532706912750332728571942532289631379312455583992563"
OWNER = "00000000-1111-2222-3333-444444444444"
TIMESTAMP_MS = 1_761_950_000_000
SIZE, PRICE, TICK = Decimal("123.45"), Decimal("0.43"), Decimal("0.01")


def rate(name: str, run_once: Callable[[int], object], seconds: float) -> float:
    """Calls per second of ``run_once(i)`` over about ``seconds`` (after a short warm-up)."""
    for i in range(20):
        run_once(i)
    calls, counter = 0, itertools.count()
    start = time.perf_counter()
    deadline = start + seconds
    while time.perf_counter() < deadline:
        for _ in range(50):
            run_once(next(counter))
        calls += 50
    per_second = calls / (time.perf_counter() - start)
    print(f"  {name:<34} {per_second:>10,.0f} orders/s  ({1e6 / per_second:,.1f} µs/order)")
    return per_second


def main() -> None:
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 2.0
    key = PrivateKey.from_hex(KEY_HEX)
    ours = LocalOrderSigner(key)
    official_signer = Signer(KEY_HEX, 137)

    def our_fields(salt: int) -> OrderFields:
        return OrderFields(
            salt=salt,
            maker=FUNDER,
            signer=key.address,
            token_id=int(TOKEN),
            maker_amount=5_000_000,
            taker_amount=10_000_000,
            side=Side.BUY,
            signature_type=SignatureType.POLY_PROXY,
            timestamp_ms=TIMESTAMP_MS,
        )

    def official_sign(salt: int) -> str:
        builder = ExchangeOrderBuilderV2(
            EXCHANGE_V2, 137, official_signer, generate_salt=lambda: str(salt)
        )
        data = OrderDataV2(
            maker=FUNDER,
            tokenId=TOKEN,
            makerAmount="5000000",
            takerAmount="10000000",
            side=OfficialSide.BUY,
            signer=official_signer.address(),
            signatureType=SignatureTypeV2.POLY_PROXY,
            timestamp=str(TIMESTAMP_MS),
        )
        return str(builder.build_signed_order(data).signature)

    prebuilt = [our_fields(salt) for salt in range(1, 4097)]
    identical = all(
        ours.sign_order(prebuilt[s - 1], neg_risk=False).signature == official_sign(s)
        for s in range(1, 21)
    )
    print(f"signatures identical to the official client (20 samples): {identical}")

    print("sign a ready order (hash + signature):")
    ours_sign = rate(
        "polycopy LocalOrderSigner",
        lambda i: ours.sign_order(prebuilt[i % len(prebuilt)], neg_risk=False),
        seconds,
    )
    official_sign_rate = rate(
        "official ExchangeOrderBuilderV2", lambda i: official_sign(i + 1), seconds
    )
    print(f"  ratio: {ours_sign / official_sign_rate:.1f}x")

    print("size/price -> POST /order body text:")
    official_builder = OrderBuilder(official_signer, SignatureTypeV2.POLY_PROXY, FUNDER)
    options = CreateOrderOptions(tick_size=str(TICK), neg_risk=False)

    def ours_end_to_end(i: int) -> str:
        maker, taker = limit_order_amounts(
            Side.BUY, Decimal("123.45"), Decimal("0.43"), Decimal("0.01")
        )
        fields = OrderFields(
            salt=i + 1,
            maker=FUNDER,
            signer=key.address,
            token_id=int(TOKEN),
            maker_amount=maker,
            taker_amount=taker,
            side=Side.BUY,
            signature_type=SignatureType.POLY_PROXY,
            timestamp_ms=TIMESTAMP_MS,
        )
        return serialize_body(
            post_order_body(ours.sign_order(fields, neg_risk=False), OWNER, "GTC")
        )

    def official_end_to_end(_: int) -> str:
        args = OrderArgsV2(token_id=TOKEN, price=float(PRICE), size=float(SIZE), side="BUY")
        signed = official_builder.build_order(args, options)
        body = order_to_json_v2(signed, OWNER, "GTC")
        return json.dumps(body, separators=(",", ":"), ensure_ascii=False)

    ours_full = rate("polycopy amounts+sign+body", ours_end_to_end, seconds)
    official_full = rate("official build_order+order_to_json", official_end_to_end, seconds)
    print(f"  ratio: {ours_full / official_full:.1f}x")


if __name__ == "__main__":
    main()
