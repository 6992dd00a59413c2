"""Orders signed per second: polycopy's signers vs the official py-clob-client-v2.

Run: ``.venv/bin/python bench/signing.py [--seconds S] [--json]``. Single-threaded, so the
figures are per core. Before timing, both sides sign the same orders and the signatures
and hashes are compared; the run stops if they differ.

Cases:
- ``sign``: sign a ready order (EIP-712 hash + secp256k1), the headline figure;
- ``sign_sealed``: the same with the key sealed in memory (how accounts trade);
- ``end_to_end``: size and price to the POST /order body text (amounts, order, signature,
  body, JSON), against the official ``build_order`` + ``order_to_json_v2``.

Each side runs in alternating rounds and its best round counts, which keeps the figures
steady on a busy machine. ``--json`` prints ``{"polycopy_per_s", "official_per_s",
"ratio"}`` for the ``sign`` case, plus every case under ``cases``.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import time
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from py_clob_client_v2.clob_types import CreateOrderOptions, OrderArgsV2
from py_clob_client_v2.order_builder.builder import OrderBuilder
from py_clob_client_v2.order_utils import ExchangeOrderBuilderV2, OrderDataV2, SignatureTypeV2
from py_clob_client_v2.order_utils import Side as OfficialSide
from py_clob_client_v2.order_utils.model.order_data_v2 import order_to_json_v2
from py_clob_client_v2.signer import Signer

from polycopy.venues.polymarket.amounts import Side, limit_order_amounts
from polycopy.venues.polymarket.auth import serialize_body
from polycopy.venues.polymarket.signers import SealedKey
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
ROUNDS = 5

Work = Callable[[int], object]


def best_rate(run_once: Work, seconds: float) -> float:
    """Calls per second of ``run_once(i)`` in its best ~``seconds``-long round."""
    counter = itertools.count()
    for _ in range(20):
        run_once(next(counter))
    calls = 0
    start = time.perf_counter()
    deadline = start + seconds
    while time.perf_counter() < deadline:
        for _ in range(25):
            run_once(next(counter))
        calls += 25
    return calls / (time.perf_counter() - start)


def compare(ours: Work, official: Work, seconds: float) -> dict[str, float]:
    """Alternate rounds of both sides; the best round of each counts."""
    ours_best = official_best = 0.0
    for _ in range(ROUNDS):
        ours_best = max(ours_best, best_rate(ours, seconds / ROUNDS))
        official_best = max(official_best, best_rate(official, seconds / ROUNDS))
    return {
        "polycopy_per_s": round(ours_best),
        "official_per_s": round(official_best),
        "ratio": round(ours_best / official_best, 2),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="per side and case")
    parser.add_argument("--json", action="store_true", help="print JSON")
    args = parser.parse_args()

    key = PrivateKey.from_hex(KEY_HEX)
    clear = LocalOrderSigner(key)
    sealed = LocalOrderSigner(SealedKey.from_hex(KEY_HEX))
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

    def official_sign(salt: int) -> object:
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
        return builder.build_signed_order(data)

    prebuilt = [our_fields(salt) for salt in range(1, 4097)]
    hasher = ExchangeOrderBuilderV2(EXCHANGE_V2, 137, official_signer)
    for salt in range(1, 33):
        official: Any = official_sign(salt)
        official_hash = hasher.build_order_hash(hasher.build_order_typed_data(official))
        for signer in (clear, sealed):
            ours = signer.sign_order(prebuilt[salt - 1], neg_risk=False)
            if ours.signature != official.signature or ours.order_hash != official_hash:
                print("signatures differ from the official client", file=sys.stderr)
                return 1

    official_builder = OrderBuilder(official_signer, SignatureTypeV2.POLY_PROXY, FUNDER)
    options = CreateOrderOptions(tick_size=str(TICK), neg_risk=False)

    def ours_end_to_end(i: int) -> str:
        maker, taker = limit_order_amounts(Side.BUY, SIZE, PRICE, TICK)
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
            post_order_body(clear.sign_order(fields, neg_risk=False), OWNER, "GTC")
        )

    def official_end_to_end(_: int) -> str:
        order_args = OrderArgsV2(token_id=TOKEN, price=float(PRICE), size=float(SIZE), side="BUY")
        signed = official_builder.build_order(order_args, options)
        body = order_to_json_v2(signed, OWNER, "GTC")
        return json.dumps(body, separators=(",", ":"), ensure_ascii=False)

    n = len(prebuilt)
    cases = {
        "sign": compare(
            lambda i: clear.sign_order(prebuilt[i % n], neg_risk=False),
            lambda i: official_sign(i + 1),
            args.seconds,
        ),
        "sign_sealed": compare(
            lambda i: sealed.sign_order(prebuilt[i % n], neg_risk=False),
            lambda i: official_sign(i + 1),
            args.seconds,
        ),
        "end_to_end": compare(ours_end_to_end, official_end_to_end, args.seconds),
    }
    if args.json:
        print(json.dumps({**cases["sign"], "cases": cases}, indent=2))
        return 0
    print("signatures and hashes identical to the official client (32 samples, both keys)")
    for name, figures in cases.items():
        print(
            f"{name:<12} polycopy {figures['polycopy_per_s']:>8,} orders/s   "
            f"official {figures['official_per_s']:>6,} orders/s   ratio {figures['ratio']:.1f}x"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
