"""L1/L2 auth headers compared byte for byte with the official py-clob-client-v2."""

from __future__ import annotations

import base64
from types import SimpleNamespace
from typing import Any
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from py_clob_client_v2 import ClobClient  # type: ignore[import-untyped]
from py_clob_client_v2.clob_types import (  # type: ignore[import-untyped]
    ApiCreds as OfficialCreds,
)
from py_clob_client_v2.clob_types import OrderMarketCancelParams, OrderPayload, RequestArgs
from py_clob_client_v2.headers import headers as official_headers  # type: ignore[import-untyped]
from py_clob_client_v2.signer import Signer  # type: ignore[import-untyped]
from py_clob_client_v2.signing.hmac import (  # type: ignore[import-untyped]
    build_hmac_signature,
)

from polycopy.venues.polymarket.auth import (
    ApiCreds,
    hmac_signature,
    l1_headers,
    l2_headers,
    recover_l1_signer,
    serialize_body,
    signer_l1_headers,
)
from polycopy.venues.polymarket.signers import SealedKey
from polycopy.venues.polymarket.signing import LocalOrderSigner, PrivateKey

# Well-known public test key (anvil / hardhat account #0). Never real funds.
KEY_HEX = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"
KEY_ADDRESS = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"
KEY = PrivateKey.from_hex(KEY_HEX)
SECRET = base64.urlsafe_b64encode(bytes(range(32))).decode()
CREDS = ApiCreds(
    api_key="00000000-1111-2222-3333-444444444444",
    secret=SECRET,
    passphrase="pass-phrase-0123456789abcdef",
)
OFFICIAL_CREDS = OfficialCreds(CREDS.api_key, CREDS.secret, CREDS.passphrase)
HEADER_TS = 1_761_950_000


@pytest.mark.parametrize("chain_id", [137, 80002])
@pytest.mark.parametrize("nonce", [0, 1, 7, 2**64])
@pytest.mark.parametrize("timestamp", [0, HEADER_TS, 10**12])
def test_l1_headers_match_official(chain_id: int, nonce: int, timestamp: int) -> None:
    official = official_headers.create_level_1_headers(
        Signer(KEY_HEX, chain_id), nonce=nonce, timestamp=timestamp
    )
    ours = l1_headers(KEY, timestamp=timestamp, nonce=nonce, chain_id=chain_id)
    assert ours == official
    assert list(ours) == list(official)
    assert recover_l1_signer(ours, chain_id=chain_id) == KEY_ADDRESS


@settings(max_examples=1_000, deadline=None)
@given(
    secret=st.integers(1, 2**256 - 2**129),
    timestamp=st.integers(0, 2**40),
    nonce=st.integers(0, 2**256 - 1),
    chain_id=st.sampled_from([137, 80002]),
)
def test_l1_headers_of_random_keys_match_official(
    secret: int, timestamp: int, nonce: int, chain_id: int
) -> None:
    key_hex = "0x" + secret.to_bytes(32, "big").hex()
    official = official_headers.create_level_1_headers(
        Signer(key_hex, chain_id), nonce=nonce, timestamp=timestamp
    )
    key = PrivateKey.from_hex(key_hex)
    assert l1_headers(key, timestamp=timestamp, nonce=nonce, chain_id=chain_id) == official
    signer = LocalOrderSigner(SealedKey.from_hex(key_hex), chain_id)
    assert signer_l1_headers(signer, timestamp=timestamp, nonce=nonce) == official


def test_l1_recovery_accepts_any_header_case_and_default_nonce() -> None:
    headers = l1_headers(KEY, timestamp=HEADER_TS)
    lowered = {name.lower(): value for name, value in headers.items() if name != "POLY_NONCE"}
    assert recover_l1_signer(lowered) == KEY_ADDRESS


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"POLY_TIMESTAMP": str(HEADER_TS + 1)}, "was not made by POLY_ADDRESS"),
        ({"POLY_NONCE": "1"}, "was not made by POLY_ADDRESS"),
        ({"POLY_ADDRESS": "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"}, "was not made by"),
        ({"POLY_ADDRESS": "0x1234"}, "address"),
        ({"POLY_NONCE": "-1"}, "POLY_NONCE"),
        ({"POLY_SIGNATURE": "0xzz"}, "POLY_SIGNATURE"),
        ({"POLY_SIGNATURE": "0x" + "11" * 64}, "signature"),
    ],
)
def test_bad_l1_headers_are_refused(change: dict[str, str], message: str) -> None:
    headers = {**l1_headers(KEY, timestamp=HEADER_TS), **change}
    with pytest.raises(ValueError, match=message):
        recover_l1_signer(headers)


@pytest.mark.parametrize("missing", ["POLY_ADDRESS", "POLY_SIGNATURE", "POLY_TIMESTAMP"])
def test_missing_l1_header_is_refused(missing: str) -> None:
    headers = l1_headers(KEY, timestamp=HEADER_TS)
    del headers[missing]
    with pytest.raises(ValueError, match=f"missing header {missing}"):
        recover_l1_signer(headers)


def test_l1_signature_for_another_chain_is_refused() -> None:
    with pytest.raises(ValueError, match="was not made by"):
        recover_l1_signer(l1_headers(KEY, timestamp=HEADER_TS, chain_id=80002), chain_id=137)


@settings(max_examples=1_000, deadline=None)
@given(
    secret=st.binary(min_size=1, max_size=64).map(lambda b: base64.urlsafe_b64encode(b).decode()),
    timestamp=st.one_of(st.integers(0, 2**40), st.text(alphabet="0123456789", max_size=12)),
    method=st.sampled_from(["GET", "POST", "DELETE", "PUT"]),
    request_path=st.sampled_from(["/order", "/orders", "/data/orders", "/v1/heartbeats"]),
    body=st.one_of(st.none(), st.just(""), st.text()),
)
def test_hmac_matches_official(
    secret: str, timestamp: int | str, method: str, request_path: str, body: str | None
) -> None:
    official = build_hmac_signature(secret, timestamp, method, request_path, body)
    assert hmac_signature(secret, timestamp, method, request_path, body) == official


@settings(max_examples=1_000, deadline=None)
@given(
    body=st.recursive(
        st.one_of(st.none(), st.booleans(), st.integers(), st.text()),
        lambda children: (
            st.lists(children, max_size=4)
            | st.dictionaries(st.text(max_size=8), children, max_size=4)
        ),
        max_leaves=12,
    ),
    method=st.sampled_from(["POST", "DELETE"]),
)
def test_l2_headers_match_official(body: Any, method: str) -> None:
    serialized = serialize_body(body)
    official = official_headers.create_level_2_headers(
        Signer(KEY_HEX, 137),
        OFFICIAL_CREDS,
        RequestArgs(method=method, request_path="/order", body=body, serialized_body=serialized),
        timestamp=HEADER_TS,
    )
    ours = l2_headers(
        CREDS,
        KEY_ADDRESS.lower(),
        method=method,
        request_path="/order",
        body=serialized,
        timestamp=HEADER_TS,
    )
    assert ours == official
    assert list(ours) == list(official)


class CapturingClient(ClobClient):  # type: ignore[misc]
    """The official client with its requests captured instead of sent."""

    def __init__(self) -> None:
        super().__init__("http://clob.invalid", chain_id=137, key=KEY_HEX, creds=OFFICIAL_CREDS)
        self.sent: list[tuple[str, str, dict[str, str], str | None]] = []

    def _post(
        self, endpoint: str, headers: Any = None, data: Any = None, params: Any = None
    ) -> Any:
        self.sent.append(("POST", endpoint.removeprefix(self.host), headers, data))
        return {}

    def _delete(
        self, endpoint: str, headers: Any = None, data: Any = None, params: Any = None
    ) -> Any:
        self.sent.append(("DELETE", endpoint.removeprefix(self.host), headers, data))
        return {}


@pytest.mark.parametrize(
    ("call", "body"),
    [
        (lambda c: c.post_heartbeat("hb-1"), {"heartbeat_id": "hb-1"}),
        (lambda c: c.cancel_order(OrderPayload(orderID="0xab")), {"orderID": "0xab"}),
        (lambda c: c.cancel_orders(["0x01", "0x02"]), ["0x01", "0x02"]),
        (
            lambda c: c.cancel_market_orders(OrderMarketCancelParams(market="0xc0", asset_id="1")),
            {"market": "0xc0", "asset_id": "1"},
        ),
        (lambda c: c.cancel_all(), None),
    ],
)
def test_requests_of_the_official_client_are_reproduced(call: Any, body: Any) -> None:
    """Body text and headers of real official-client requests, including bodiless ones."""
    client = CapturingClient()
    clock = SimpleNamespace(now=lambda: SimpleNamespace(timestamp=lambda: float(HEADER_TS)))
    with mock.patch.object(official_headers, "datetime", clock):
        call(client)
    [(method, path, headers, sent_body)] = client.sent
    ours_body = None if body is None else serialize_body(body)
    assert ours_body == sent_body
    ours = l2_headers(
        CREDS, KEY_ADDRESS, method=method, request_path=path, body=ours_body, timestamp=HEADER_TS
    )
    assert ours == headers


def test_serialize_body_is_compact_and_keeps_unicode() -> None:
    assert serialize_body({"a": [1, "é"], "b": None}) == '{"a":[1,"é"],"b":null}'


def test_bad_secret_is_refused_without_echoing_it() -> None:
    with pytest.raises(ValueError, match="API secret") as excinfo:
        hmac_signature("not-base64!", HEADER_TS, "GET", "/", None)
    assert "not-base64!" not in str(excinfo.value)


def test_creds_repr_hides_secret_and_passphrase() -> None:
    for text in (repr(CREDS), str(CREDS), f"{CREDS}"):
        assert CREDS.api_key in text
        assert CREDS.secret not in text
        assert CREDS.passphrase not in text
