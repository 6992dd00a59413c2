"""Relayer transactions of proxy (signature type 1) and Safe (type 2) wallets.

Byte for byte as the official SDK (polymarket-client 0.14, ``_internal/actions/relayer``:
``gasless.py``, ``calls.py``, ``signing/proxy.py``, ``signing/safe.py``; addresses from
``environments.py``, wallet derivation from ``_internal/wallet.py``) builds them; the tests
compare every byte with the installed SDK.

- **Proxy wallet**: the calls go to the proxy wallet factory as ``proxy((uint8,address,
  uint256,bytes)[])`` (type code 1 = CALL). The owner signs, as an EIP-191 personal message,
  ``keccak256("rlx:" ‖ from ‖ to ‖ data ‖ relayerFee ‖ gasPrice ‖ gasLimit ‖ nonce ‖ relayHub
  ‖ relay)`` (addresses 20 bytes, numbers 32-byte words); nonce and relay address come from
  ``GET /relay-payload?type=PROXY``. The wallet is the factory's CREATE2 clone for the owner.
- **Safe**: one call is an EIP-712 ``SafeTx`` (domain: chain id and the Safe; gas fields and
  refund receiver zero, operation 0 = CALL) whose digest the owner signs as an EIP-191
  personal message (``eth_sign``), ``v`` raised by 4 (31/32) as Safe expects for that
  scheme; the nonce comes from ``GET /v1/account/transactions/params?type=SAFE``. The Safe
  is the Safe proxy factory's CREATE2 address for the owner (published init code hash).

The SDK estimates a proxy transaction's gas limit over RPC and falls back to 200,000 when it
cannot; polycopy has no RPC here and always signs the fallback, which the relayer accepts.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from polycopy.venues.polymarket.signing import (
    WalletCall,
    address_word,
    checksum_address,
    keccak256,
    parse_hex,
    parse_uint,
    recover_address,
)

PROXY_FACTORY = "0xaB45c5A4B0c941a2F231C04C3f49182e1A254052"
PROXY_IMPLEMENTATION = "0x44e999d5c2F66Ef0861317f9A4805AC2e90aEB4f"
SAFE_FACTORY = "0xaacFeEa03eb1561C4e67d661e40682Bd20E3541b"
SAFE_INIT_CODE_HASH = bytes.fromhex(
    "2bce2127ff07fb632d16c8347c4ebf501f4841168bed00d9e6ef715ddb6fcecf"
)
RELAY_HUB = "0xD216153c06E857cD7f72665E0aF1d7D82172F494"
ZERO_ADDRESS = "0x0000000000000000000000000000000000000000"
#: The SDK's proxy gas limit when it cannot estimate one.
PROXY_GAS_LIMIT = 200_000
METADATA = "polycopy"

_PROXY_CLONE = (
    "3d3d606380380380913d393d73{factory}5af4602a57600080fd5b602d8060366000396000f3363d3d373d"
    "3d3d363d73{impl}5af43d82803e903d91602b57fd5bf352e831dd" + "00" * 31 + "20" + "00" * 32
)
_PROXY_SELECTOR = keccak256(b"proxy((uint8,address,uint256,bytes)[])")[:4]
_PROXY_CALL = 1  # the factory's type code for a plain CALL
_RELAY_PREFIX = b"rlx:"
_PERSONAL_PREFIX = b"\x19Ethereum Signed Message:\n32"
_SAFE_DOMAIN_TYPE_HASH = keccak256(b"EIP712Domain(uint256 chainId,address verifyingContract)")
_SAFE_TX_TYPE_HASH = keccak256(
    b"SafeTx(address to,uint256 value,bytes data,uint8 operation,uint256 safeTxGas,"
    b"uint256 baseGas,uint256 gasPrice,address gasToken,address refundReceiver,uint256 nonce)"
)
_SAFE_ETH_SIGN_V_SHIFT = 4


def _word(value: int) -> bytes:
    return value.to_bytes(32, "big")


def _raw_address(addr: str) -> bytes:
    return bytes.fromhex(checksum_address(addr)[2:])


def _create2(factory: str, salt: bytes, init_code_hash: bytes) -> str:
    digest = keccak256(b"\xff" + _raw_address(factory) + salt + init_code_hash)
    return checksum_address("0x" + digest[12:].hex())


def proxy_wallet_address(owner: str) -> str:
    """The proxy wallet the factory deploys for ``owner`` (a clone; salt: the owner)."""
    clone = _PROXY_CLONE.format(
        factory=PROXY_FACTORY[2:].lower(), impl=PROXY_IMPLEMENTATION[2:].lower()
    )
    salt = keccak256(_raw_address(owner))
    return _create2(PROXY_FACTORY, salt, keccak256(bytes.fromhex(clone)))


def safe_wallet_address(owner: str) -> str:
    """The Safe the Safe proxy factory deploys for ``owner`` (salt: the owner as a word)."""
    return _create2(
        SAFE_FACTORY, keccak256(address_word(checksum_address(owner))), SAFE_INIT_CODE_HASH
    )


def _padded(data: bytes) -> bytes:
    return data + bytes(-len(data) % 32)


def encode_proxy_calls(calls: Sequence[WalletCall]) -> str:
    """Calldata of the factory's ``proxy`` for ``calls`` (each a CALL), as 0x hex."""
    heads: list[bytes] = []
    tails: list[bytes] = []
    offset = 32 * len(calls)
    for call in calls:
        data = parse_hex("data", call.data)
        tail = b"".join(
            (
                _word(_PROXY_CALL),
                address_word(checksum_address(call.target)),
                _word(call.value),
                _word(4 * 32),  # the bytes start after the tuple's four head words
                _word(len(data)),
                _padded(data),
            )
        )
        heads.append(_word(offset))
        tails.append(tail)
        offset += len(tail)
    body = _word(32) + _word(len(calls)) + b"".join(heads) + b"".join(tails)
    return "0x" + (_PROXY_SELECTOR + body).hex()


def decode_proxy_calls(data: str) -> tuple[WalletCall, ...]:
    """The CALLs ``data`` makes through the proxy factory; ValueError for anything that is
    not exactly ``encode_proxy_calls``' canonical output (so one request has one encoding)."""
    raw = parse_hex("data", data)
    if raw[:4] != _PROXY_SELECTOR:
        raise ValueError("not a proxy((uint8,address,uint256,bytes)[]) call")

    def word(at: int) -> int:
        chunk = raw[4 + at : 4 + at + 32]
        if len(chunk) != 32:
            raise ValueError("proxy calldata is truncated")
        return int.from_bytes(chunk, "big")

    base = word(0) + 32
    count = word(base - 32)
    if count > 64:
        raise ValueError("too many calls")
    calls = []
    for i in range(count):
        start = base + word(base + 32 * i)
        if word(start) != _PROXY_CALL:
            raise ValueError("only CALL (type code 1) is supported")
        length = word(start + word(start + 96))
        body = raw[4 + start + 160 : 4 + start + 160 + length]
        target = "0x" + word(start + 32).to_bytes(32, "big")[12:].hex()
        calls.append(WalletCall(checksum_address(target), "0x" + body.hex(), word(start + 64)))
    decoded = tuple(calls)
    if encode_proxy_calls(decoded) != "0x" + raw.hex():
        raise ValueError("proxy calldata is not canonically encoded")
    return decoded


def _personal(digest: bytes) -> bytes:
    """EIP-191 ``personal_sign`` hash of a 32-byte message, as ``encode_defunct`` builds it."""
    return keccak256(_PERSONAL_PREFIX + digest)


@dataclass(frozen=True, slots=True)
class ProxyTransaction:
    """What a proxy wallet's owner signs for the relayer (``owner`` is the envelope's ``from``)."""

    owner: str
    data: str  # the factory's ``proxy`` calldata
    nonce: int
    relay: str
    gas_limit: int = PROXY_GAS_LIMIT
    relayer_fee: int = 0
    gas_price: int = 0

    def relay_hash(self) -> bytes:
        """The hash the relay hub checks (``rlx:`` ‖ packed fields)."""
        return keccak256(
            _RELAY_PREFIX
            + _raw_address(self.owner)
            + _raw_address(PROXY_FACTORY)
            + parse_hex("data", self.data)
            + _word(self.relayer_fee)
            + _word(self.gas_price)
            + _word(self.gas_limit)
            + _word(self.nonce)
            + _raw_address(RELAY_HUB)
            + _raw_address(self.relay)
        )

    def signing_digest(self, chain_id: int) -> bytes:
        del chain_id  # the relay hash does not name the chain
        return _personal(self.relay_hash())

    def pack_signature(self, signature: bytes) -> bytes:
        return signature

    def unpack_signature(self, signature: bytes) -> bytes:
        return signature


@dataclass(frozen=True, slots=True)
class SafeTransaction:
    """A Safe's ``SafeTx`` with zero gas fields and refund receiver, as the SDK signs it."""

    safe: str
    to: str
    data: str
    nonce: int
    value: int = 0
    operation: int = 0  # 0 = CALL; 1 = DELEGATECALL (the SDK's MultiSend for several calls)

    def safe_tx_hash(self, chain_id: int) -> bytes:
        """The EIP-712 digest the Safe computes (``getTransactionHash``)."""
        domain = keccak256(
            _SAFE_DOMAIN_TYPE_HASH + _word(chain_id) + address_word(checksum_address(self.safe))
        )
        zero = address_word(ZERO_ADDRESS)
        struct = keccak256(
            _SAFE_TX_TYPE_HASH
            + address_word(checksum_address(self.to))
            + _word(self.value)
            + keccak256(parse_hex("data", self.data))
            + _word(self.operation)
            + _word(0) * 3  # safeTxGas, baseGas, gasPrice
            + zero  # gasToken
            + zero  # refundReceiver
            + _word(self.nonce)
        )
        return keccak256(b"\x19\x01" + domain + struct)

    def signing_digest(self, chain_id: int) -> bytes:
        return _personal(self.safe_tx_hash(chain_id))

    def pack_signature(self, signature: bytes) -> bytes:
        """``v`` 27/28 becomes 31/32: Safe's marker for an ``eth_sign`` signature."""
        return signature[:64] + bytes((signature[64] + _SAFE_ETH_SIGN_V_SHIFT,))

    def unpack_signature(self, signature: bytes) -> bytes:
        if len(signature) != 65 or signature[64] not in (31, 32):
            raise ValueError("a Safe eth_sign signature is 65 bytes with v 31 or 32")
        return signature[:64] + bytes((signature[64] - _SAFE_ETH_SIGN_V_SHIFT,))


RelayTransaction = ProxyTransaction | SafeTransaction


def recover_relay_signer(tx: RelayTransaction, signature: str, chain_id: int) -> str:
    """The EOA that signed ``tx``; whether it owns the wallet is for the caller to check."""
    raw = tx.unpack_signature(parse_hex("signature", signature))
    return recover_address(tx.signing_digest(chain_id), raw)


def proxy_envelope(tx: ProxyTransaction, signature: str) -> dict[str, object]:
    """The ``PROXY`` envelope for ``POST /submit``, field for field as the SDK builds it."""
    return {
        "type": "PROXY",
        "from": checksum_address(tx.owner),
        "to": PROXY_FACTORY,
        "proxyWallet": proxy_wallet_address(tx.owner),
        "data": tx.data,
        "nonce": str(tx.nonce),
        "signature": signature,
        "metadata": METADATA,
        "signatureParams": {
            "gasLimit": str(tx.gas_limit),
            "gasPrice": str(tx.gas_price),
            "relay": tx.relay,
            "relayHub": RELAY_HUB,
            "relayerFee": str(tx.relayer_fee),
        },
    }


def safe_envelope(owner: str, tx: SafeTransaction, signature: str) -> dict[str, object]:
    """The ``SAFE`` envelope for ``POST /submit``, field for field as the SDK builds it."""
    envelope: dict[str, object] = {
        "type": "SAFE",
        "from": checksum_address(owner),
        "to": tx.to,
        "proxyWallet": tx.safe,
        "data": tx.data,
        "nonce": str(tx.nonce),
        "signature": signature,
        "metadata": METADATA,
        "signatureParams": {
            "baseGas": "0",
            "gasPrice": "0",
            "gasToken": ZERO_ADDRESS,
            "operation": str(tx.operation),
            "refundReceiver": ZERO_ADDRESS,
            "safeTxnGas": "0",
        },
    }
    if tx.value > 0:
        envelope["value"] = str(tx.value)
    return envelope


def proxy_transaction_from(envelope: Mapping[str, object]) -> ProxyTransaction:
    """The transaction a ``PROXY`` envelope carries (what its signature must cover)."""
    params = envelope["signatureParams"]
    if not isinstance(params, Mapping):
        raise ValueError("signatureParams must be an object")
    if str(envelope["to"]).lower() != PROXY_FACTORY.lower():
        raise ValueError("a PROXY transaction goes to the proxy wallet factory")
    if str(params["relayHub"]).lower() != RELAY_HUB.lower():
        raise ValueError("unknown relay hub")
    return ProxyTransaction(
        owner=checksum_address(str(envelope["from"])),
        data=str(envelope["data"]),
        nonce=parse_uint("nonce", envelope["nonce"]),
        relay=str(params["relay"]),
        gas_limit=parse_uint("gasLimit", params["gasLimit"]),
        relayer_fee=parse_uint("relayerFee", params["relayerFee"]),
        gas_price=parse_uint("gasPrice", params["gasPrice"]),
    )


def safe_transaction_from(envelope: Mapping[str, object]) -> SafeTransaction:
    """The ``SafeTx`` a ``SAFE`` envelope carries; gas and refund fields must be zero, as
    the SDK signs them (the digest assumes it)."""
    params = envelope["signatureParams"]
    if not isinstance(params, Mapping):
        raise ValueError("signatureParams must be an object")
    for name in ("baseGas", "gasPrice", "safeTxnGas"):
        if parse_uint(name, params[name]) != 0:
            raise ValueError(f"{name} must be 0")
    for name in ("gasToken", "refundReceiver"):
        if str(params[name]).lower() != ZERO_ADDRESS:
            raise ValueError(f"{name} must be the zero address")
    return SafeTransaction(
        safe=checksum_address(str(envelope["proxyWallet"])),
        to=checksum_address(str(envelope["to"])),
        data=str(envelope["data"]),
        nonce=parse_uint("nonce", envelope["nonce"]),
        value=parse_uint("value", envelope.get("value", "0")),
        operation=parse_uint("operation", params["operation"], maximum=1),
    )
