"""CLOB V2 order signing (EIP-712), byte-identical to the official ``py-clob-client-v2``.

Orders for Exchange V3 (position-id outcomes, domain version "3") are signed too, on request
(``OrderFields.exchange``), byte-identical to the unified SDK ``polymarket-client``.

The official client builds a generic typed-data dict and runs it through ``eth_account`` for
every order; that costs about a millisecond. Here the domain separators and type hashes are
computed once and each order is encoded by hand, hashed with pycryptodome's keccak and signed
with libsecp256k1 (coincurve), so a single core signs thousands of orders per second.
"""

from __future__ import annotations

import enum
import functools
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

import coincurve
import sha3
from coincurve._libsecp256k1 import ffi as _ffi
from coincurve._libsecp256k1 import lib as _lib
from coincurve.context import GLOBAL_CONTEXT as _SECP_CONTEXT

from polycopy.venues.polymarket.amounts import Side

if TYPE_CHECKING:
    from polycopy.venues.polymarket.relay_wallets import RelayTransaction

CHAIN_ID_POLYGON = 137
EXCHANGE_V2 = "0xE111180000d2663C0091e4f400237545B87B996B"
NEG_RISK_EXCHANGE_V2 = "0xe2222d279d744050d28e00520010520000310F59"
#: One contract for every position-id market (binary, neg-risk and combinatorial modules).
EXCHANGE_V3 = "0xe3333700cA9d93003F00f0F71f8515005F6c00Aa"
ZERO_BYTES32 = "0x" + "00" * 32

ORDER_TYPE = (
    "Order(uint256 salt,address maker,address signer,uint256 tokenId,"
    "uint256 makerAmount,uint256 takerAmount,uint8 side,uint8 signatureType,"
    "uint256 timestamp,bytes32 metadata,bytes32 builder)"
)
ORDER_TYPES = frozenset({"GTC", "GTD", "FOK", "FAK"})

_SECP256K1_N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141
_ADDRESS_RE = re.compile(r"0x[0-9a-fA-F]{40}")
_BYTES32_RE = re.compile(r"0x[0-9a-fA-F]{64}")
_UINT_RE = re.compile(r"[0-9]{1,78}")
_WORD_PAD = bytes(12)
_ZERO_WORD = bytes(32)
_SMALL_WORDS = tuple(i.to_bytes(32, "big") for i in range(4))  # side and signature type
_EIP712_PREFIX = b"\x19\x01"
_UINT256_MAX = 2**256 - 1
_UINT8_MAX = 2**8 - 1
_UINT_FIELDS = ("salt", "token_id", "maker_amount", "taker_amount", "timestamp_ms", "expiration")


def keccak256(data: bytes) -> bytes:
    """Ethereum's keccak-256 (not NIST SHA3-256), from safe-pysha3's C implementation."""
    digest: bytes = sha3.keccak_256(data).digest()
    return digest


_DOMAIN_TYPE_HASH = keccak256(
    b"EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"
)
_ORDER_TYPE_HASH = keccak256(ORDER_TYPE.encode())
_EXCHANGE_NAME_HASH = keccak256(b"Polymarket CTF Exchange")
_EXCHANGE_VERSION_HASHES = {2: keccak256(b"2"), 3: keccak256(b"3")}
# Position ids of the V3 exchange leave bits 40..103 zero (the SDK's ``is_v2_position_id``);
# the CTF token ids of V2 markets are keccak hashes, so they (almost) never do.
_POSITION_ID_RESERVED_MASK = ((1 << 64) - 1) << 40
# POLY_1271 (deposit wallets): the order is wrapped in an ERC-7739 ``TypedDataSign`` struct
# under the wallet's own domain, as the official ExchangeOrderBuilderV2 does.
_TYPED_DATA_SIGN_TYPE_HASH = keccak256(
    b"TypedDataSign(Order contents,string name,string version,uint256 chainId,"
    b"address verifyingContract,bytes32 salt)" + ORDER_TYPE.encode()
)
_DEPOSIT_WALLET_NAME_HASH = keccak256(b"DepositWallet")
_DEPOSIT_WALLET_VERSION_HASH = keccak256(b"1")
_1271_SUFFIX = ORDER_TYPE.encode() + len(ORDER_TYPE).to_bytes(2, "big")
# A session key's POLY_1271 signature is wrapped once more, as the unified SDK does
# (``polymarket/_internal/wallet.py::wrap_deposit_wallet_session_signer_signature``):
# ``abi.encode(bytes32 signerId, bytes32 0, bytes signature)`` followed by 32 bytes of the
# ERC-6492 detection suffix 0x6492…6492; ``signerId`` is the session key's address.
SESSION_SIGNATURE_MAGIC = bytes.fromhex("6492" * 16)
_SESSION_HEAD_OFFSET = (3 * 32).to_bytes(32, "big")  # the ``bytes`` tail starts after 3 words

CLOB_AUTH_MESSAGE = "This message attests that I control the given wallet"
_CLOB_DOMAIN_TYPE_HASH = keccak256(b"EIP712Domain(string name,string version,uint256 chainId)")
_CLOB_AUTH_TYPE_HASH = keccak256(
    b"ClobAuth(address address,string timestamp,uint256 nonce,string message)"
)
_CLOB_AUTH_MESSAGE_HASH = keccak256(CLOB_AUTH_MESSAGE.encode())


class ExchangeVersion(enum.IntEnum):
    """Which exchange an order is signed for: its EIP-712 domain ``version``.

    ``V2``: the CTF Exchange V2 (the neg-risk one for neg-risk markets), CTF token ids.
    ``V3``: Exchange V3 for position-id outcomes (the SDK's "protocol v2"); the same order
    struct under domain version "3" and one verifying contract, ``EXCHANGE_V3``, for every
    market, so ``neg_risk`` plays no part in signing it.
    """

    V2 = 2
    V3 = 3


def is_position_id(token_id: int) -> bool:
    """Whether ``token_id`` is a position id of Exchange V3, by the SDK's own test.

    The SDK signs an order for Exchange V3 exactly when this holds for its token id;
    ``exchange_for_token`` gives the matching ``ExchangeVersion``.
    """
    return token_id & _POSITION_ID_RESERVED_MASK == 0


def exchange_for_token(token_id: int) -> ExchangeVersion:
    """The exchange the official SDK signs an order for this token id for."""
    return ExchangeVersion.V3 if is_position_id(token_id) else ExchangeVersion.V2


class SignatureType(enum.IntEnum):
    """How the exchange verifies the order signature (``uint8 signatureType``)."""

    EOA = 0
    POLY_PROXY = 1
    POLY_GNOSIS_SAFE = 2
    POLY_1271 = 3


@functools.lru_cache(maxsize=4096)
def checksum_address(addr: str) -> str:
    """EIP-55 form of ``addr``; a mixed-case input must already carry a valid checksum."""
    if not isinstance(addr, str) or not _ADDRESS_RE.fullmatch(addr):
        raise ValueError(f"not an address (0x + 40 hex digits): {addr!r}")
    body = addr[2:]
    digest = keccak256(body.lower().encode()).hex()
    checksummed = "0x" + "".join(
        c.upper() if int(digest[i], 16) >= 8 else c.lower() for i, c in enumerate(body)
    )
    if body != body.lower() and body != body.upper() and addr != checksummed:
        raise ValueError(f"address has an invalid EIP-55 checksum: {addr}")
    return checksummed


def _bytes32_hex(name: str, value: str) -> str:
    if not isinstance(value, str) or not _BYTES32_RE.fullmatch(value):
        raise ValueError(f"{name} must be 0x + 64 hex digits, got {value!r}")
    return value.lower()


def _uint(name: str, value: object, maximum: int = _UINT256_MAX) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= maximum:
        raise ValueError(f"{name} must be an integer in [0, {maximum}], got {value!r}")
    return value


def parse_uint(name: str, value: object, maximum: int = _UINT256_MAX) -> int:
    """An unsigned integer sent as a JSON number or a digit string (the wire uses both)."""
    if isinstance(value, str) and _UINT_RE.fullmatch(value):
        value = int(value)
    return _uint(name, value, maximum)


def parse_hex(name: str, value: str) -> bytes:
    """Bytes of a 0x-prefixed hex string, with an error that names the field."""
    if not isinstance(value, str) or value[:2] != "0x":
        raise ValueError(f"{name} must be a 0x-prefixed hex string")
    try:
        return bytes.fromhex(value[2:])
    except ValueError:
        raise ValueError(f"{name} is not valid hex") from None


@dataclass(frozen=True, slots=True)
class OrderFields:
    """The signed order struct plus ``expiration`` (sent in JSON, not signed) and ``exchange``.

    ``exchange`` picks the EIP-712 domain the order is signed under (``ExchangeVersion.V3``
    for position-id outcomes); the struct and the JSON ``order`` object are the same for
    both, so it is not part of ``to_wire``.

    Validated and normalised on construction (EIP-55 addresses, lowercase bytes32) so an
    invalid order fails here, with a clear message, and never reaches the signer.
    """

    salt: int
    maker: str
    signer: str
    token_id: int
    maker_amount: int
    taker_amount: int
    side: Side
    signature_type: SignatureType
    timestamp_ms: int
    metadata: str = ZERO_BYTES32
    builder: str = ZERO_BYTES32
    expiration: int = 0
    exchange: ExchangeVersion = ExchangeVersion.V2

    def __post_init__(self) -> None:
        # Hot path (every order): cheap exact-type checks first, the full checks (which
        # also produce the error messages) only for values that are not plainly valid.
        for name in _UINT_FIELDS:
            value = getattr(self, name)
            if type(value) is not int or not 0 <= value <= _UINT256_MAX:
                _uint(name, value)
        setattr_ = object.__setattr__
        if type(self.side) is not Side:
            setattr_(self, "side", Side(self.side))
        if type(self.signature_type) is not SignatureType:
            setattr_(self, "signature_type", SignatureType(self.signature_type))
        if type(self.exchange) is not ExchangeVersion:
            setattr_(self, "exchange", ExchangeVersion(self.exchange))
        setattr_(self, "maker", checksum_address(self.maker))
        setattr_(self, "signer", checksum_address(self.signer))
        if self.metadata != ZERO_BYTES32:
            setattr_(self, "metadata", _bytes32_hex("metadata", self.metadata))
        if self.builder != ZERO_BYTES32:
            setattr_(self, "builder", _bytes32_hex("builder", self.builder))

    def to_wire(self) -> dict[str, object]:
        """The unsigned ``order`` JSON object (``order_fields_from_wire`` reads it back)."""
        return {
            "salt": self.salt,
            "maker": self.maker,
            "signer": self.signer,
            "tokenId": str(self.token_id),
            "makerAmount": str(self.maker_amount),
            "takerAmount": str(self.taker_amount),
            "side": self.side.name,
            "expiration": str(self.expiration),
            "signatureType": int(self.signature_type),
            "timestamp": str(self.timestamp_ms),
            "metadata": self.metadata,
            "builder": self.builder,
        }


@dataclass(frozen=True, slots=True)
class SignedOrder:
    """An order with its signature and EIP-712 hash (the server's ``orderID``), 0x-hex."""

    fields: OrderFields
    signature: str
    order_hash: str

    def to_wire(self) -> dict[str, object]:
        """The ``order`` object of POST /order, key order and types as the official client."""
        wire = self.fields.to_wire()
        wire["signature"] = self.signature
        return wire


def post_order_body(
    signed: SignedOrder,
    owner: str,
    order_type: str,
    post_only: bool = False,
    defer_exec: bool = False,
) -> dict[str, object]:
    """Full POST /order body; ``owner`` is the L2 API key. Refuses what the server refuses."""
    if order_type not in ORDER_TYPES:
        raise ValueError(
            f"unknown order type {order_type!r}; expected one of {sorted(ORDER_TYPES)}"
        )
    if post_only and order_type in ("FOK", "FAK"):
        raise ValueError("post_only is not supported for FOK/FAK orders")
    return {
        "order": signed.to_wire(),
        "owner": owner,
        "orderType": order_type,
        "deferExec": defer_exec,
        "postOnly": post_only,
    }


def sign_recoverable(secret: bytes | bytearray, digest: bytes) -> bytes:
    """65-byte ``r || s || v`` (v = 27/28, low s, RFC 6979 nonce) of a 32-byte digest.

    Calls libsecp256k1 (through coincurve's bindings) straight from the secret buffer, so a
    sealed key can sign from a scratch ``bytearray`` that is wiped afterwards; the result
    is the same as coincurve's ``sign_recoverable`` (and eth_account's).
    """
    if len(digest) != 32:
        raise ValueError("digest must be 32 bytes")
    raw = _ffi.new("secp256k1_ecdsa_recoverable_signature *")
    if not _lib.secp256k1_ecdsa_sign_recoverable(
        _SECP_CONTEXT.ctx, raw, digest, _ffi.from_buffer(secret), _ffi.NULL, _ffi.NULL
    ):
        raise ValueError("signing failed: the private key is invalid")
    out = _ffi.new("unsigned char[64]")
    recid = _ffi.new("int *")
    _lib.secp256k1_ecdsa_recoverable_signature_serialize_compact(_SECP_CONTEXT.ctx, out, recid, raw)
    signature: bytes = _ffi.buffer(out)[:] + bytes((recid[0] + 27,))
    return signature


def check_secret(secret: bytes | bytearray) -> str:
    """Validate a raw 32-byte private key and return its checksummed address."""
    if len(secret) != 32:
        raise ValueError("private key must be 32 bytes")
    if not 0 < int.from_bytes(secret, "big") < _SECP256K1_N:
        raise ValueError("private key is out of the secp256k1 range")
    public = coincurve.PublicKey.from_secret(bytes(secret)).format(compressed=False)
    return checksum_address("0x" + keccak256(public[1:])[-20:].hex())


def secret_from_hex(hex_key: str) -> bytearray:
    """Parse a 64-hex-digit key, with or without ``0x``, into a buffer the caller can wipe."""
    body = hex_key[2:] if hex_key[:2] in ("0x", "0X") else hex_key
    if len(body) != 64:
        raise ValueError("private key must be 64 hex digits")
    try:
        return bytearray.fromhex(body)
    except ValueError:
        raise ValueError("private key is not valid hex") from None


class SigningKey(Protocol):
    """A secp256k1 key that signs digests; ``address`` is its Ethereum address."""

    address: str

    def sign_digest(self, digest: bytes) -> bytes: ...


class PrivateKey:
    """A secp256k1 private key held in clear in this process (tests, the emulator, benches).

    Accounts trade through a ``SealedKey`` instead, which is decrypted only while it signs.
    The key never shows itself in reprs, logs or error messages.
    """

    __slots__ = ("_secret", "address")

    def __init__(self, secret: bytes) -> None:
        self.address: str = check_secret(secret)
        self._secret = bytes(secret)

    @classmethod
    def from_hex(cls, hex_key: str) -> PrivateKey:
        """Parse a 64-hex-digit key, with or without ``0x``."""
        return cls(bytes(secret_from_hex(hex_key)))

    def sign_digest(self, digest: bytes) -> bytes:
        """65-byte Ethereum signature ``r || s || v`` (v = 27/28, low s) of a 32-byte digest."""
        return sign_recoverable(self._secret, digest)

    def __repr__(self) -> str:
        return f"PrivateKey(address={self.address})"

    __str__ = __repr__


def recover_address(digest: bytes, signature: bytes) -> str:
    """Checksummed signer of a 65-byte ``r || s || v`` signature, as the exchange checks it.

    Like OpenZeppelin's ECDSA (used on chain): v must be 27/28 and s in the lower half order.
    """
    if len(signature) != 65:
        raise ValueError(f"signature must be 65 bytes, got {len(signature)}")
    r = int.from_bytes(signature[:32], "big")
    s = int.from_bytes(signature[32:64], "big")
    v = signature[64]
    if v not in (27, 28):
        raise ValueError(f"signature v must be 27 or 28, got {v}")
    if not (0 < r < _SECP256K1_N and 0 < s <= _SECP256K1_N // 2):
        raise ValueError("signature r/s out of range (or non-canonical high s)")
    try:
        public = coincurve.PublicKey.from_signature_and_message(
            signature[:64] + bytes((v - 27,)), digest, hasher=None
        )
    except ValueError:
        raise ValueError("signature does not recover to a public key") from None
    return checksum_address("0x" + keccak256(public.format(compressed=False)[1:])[-20:].hex())


@functools.lru_cache(maxsize=4096)
def address_word(addr: str) -> bytes:
    """An address as an ABI/EIP-712 word (left-padded to 32 bytes); cached, as a follower
    signs every order with the same maker and signer."""
    return _WORD_PAD + bytes.fromhex(addr[2:])


@functools.lru_cache(maxsize=1024)
def _bytes32_word(value: str) -> bytes:
    """A validated 0x bytes32 as raw bytes (metadata and builder repeat across orders)."""
    return bytes.fromhex(value[2:])


@functools.cache
def _exchange_domain(
    chain_id: int, neg_risk: bool, exchange: ExchangeVersion = ExchangeVersion.V2
) -> bytes:
    """EIP-712 domain separator of the (neg-risk) CTF Exchange V2, or of Exchange V3."""
    if exchange is ExchangeVersion.V3:
        contract = EXCHANGE_V3
    else:
        contract = NEG_RISK_EXCHANGE_V2 if neg_risk else EXCHANGE_V2
    return keccak256(
        _DOMAIN_TYPE_HASH
        + _EXCHANGE_NAME_HASH
        + _EXCHANGE_VERSION_HASHES[exchange]
        + chain_id.to_bytes(32, "big")
        + address_word(contract)
    )


def _struct_hash(f: OrderFields) -> bytes:
    """EIP-712 ``hashStruct(Order)``; also the ``contentsHash`` of a POLY_1271 wrapper."""
    return keccak256(
        b"".join(
            (
                _ORDER_TYPE_HASH,
                f.salt.to_bytes(32, "big"),
                address_word(f.maker),
                address_word(f.signer),
                f.token_id.to_bytes(32, "big"),
                f.maker_amount.to_bytes(32, "big"),
                f.taker_amount.to_bytes(32, "big"),
                _SMALL_WORDS[f.side],
                _SMALL_WORDS[f.signature_type],
                f.timestamp_ms.to_bytes(32, "big"),
                _bytes32_word(f.metadata),
                _bytes32_word(f.builder),
            )
        )
    )


def _wrapped_1271_digest(domain: bytes, contents_hash: bytes, wallet: str, chain_id: int) -> bytes:
    """Digest the deposit wallet's owner signs: ``TypedDataSign`` over the order hash."""
    typed_data_sign = keccak256(
        _TYPED_DATA_SIGN_TYPE_HASH
        + contents_hash
        + _DEPOSIT_WALLET_NAME_HASH
        + _DEPOSIT_WALLET_VERSION_HASH
        + chain_id.to_bytes(32, "big")
        + address_word(wallet)
        + _ZERO_WORD
    )
    return keccak256(_EIP712_PREFIX + domain + typed_data_sign)


_CALL_TYPE = "Call(address target,uint256 value,bytes data)"
_CALL_TYPE_HASH = keccak256(_CALL_TYPE.encode())
_BATCH_TYPE_HASH = keccak256(
    ("Batch(address wallet,uint256 nonce,uint256 deadline,Call[] calls)" + _CALL_TYPE).encode()
)


@dataclass(frozen=True, slots=True)
class WalletCall:
    """One call a deposit wallet makes in a relayer batch (``data``: 0x calldata)."""

    target: str
    data: str
    value: int = 0


@dataclass(frozen=True, slots=True)
class WalletBatch:
    """A deposit wallet's ``Batch``: what its owner signs for the relayer to execute."""

    wallet: str
    nonce: int
    deadline: int
    calls: tuple[WalletCall, ...]


def wallet_batch_digest(batch: WalletBatch, chain_id: int = CHAIN_ID_POLYGON) -> bytes:
    """EIP-712 digest of a ``Batch`` in the deposit wallet's own domain (``DepositWallet``
    version 1, verifying contract the wallet), as the SDK's relayer client signs it."""
    domain = keccak256(
        _DOMAIN_TYPE_HASH
        + _DEPOSIT_WALLET_NAME_HASH
        + _DEPOSIT_WALLET_VERSION_HASH
        + chain_id.to_bytes(32, "big")
        + address_word(checksum_address(batch.wallet))
    )
    calls = b"".join(
        keccak256(
            _CALL_TYPE_HASH
            + address_word(checksum_address(call.target))
            + call.value.to_bytes(32, "big")
            + keccak256(parse_hex("data", call.data))
        )
        for call in batch.calls
    )
    struct = keccak256(
        _BATCH_TYPE_HASH
        + address_word(checksum_address(batch.wallet))
        + batch.nonce.to_bytes(32, "big")
        + batch.deadline.to_bytes(32, "big")
        + keccak256(calls)
    )
    return keccak256(_EIP712_PREFIX + domain + struct)


def recover_wallet_batch_signer(
    batch: WalletBatch, signature: str, chain_id: int = CHAIN_ID_POLYGON
) -> str:
    """The EOA that signed the batch: the wallet's owner, or a session key (whose wrapper
    names it); whether it may act for the wallet is for the caller to check."""
    sig = parse_hex("signature", signature)
    session_key = None
    if sig.endswith(SESSION_SIGNATURE_MAGIC):
        session_key, sig = unwrap_session_signature(sig)
    if len(sig) != 65:
        raise ValueError("a batch signature is 65 bytes")
    recovered = recover_address(wallet_batch_digest(batch, chain_id), sig)
    if session_key is not None and recovered != session_key:
        raise ValueError("session-key signature was not made by the session key it names")
    return recovered


def order_hash(fields: OrderFields, *, neg_risk: bool, chain_id: int = CHAIN_ID_POLYGON) -> bytes:
    """EIP-712 digest of the order (its hex is the ``orderID`` the server reports)."""
    domain = _exchange_domain(chain_id, neg_risk, fields.exchange)
    return keccak256(_EIP712_PREFIX + domain + _struct_hash(fields))


def recover_order_signer(
    fields: OrderFields,
    signature: str,
    *,
    neg_risk: bool,
    chain_id: int = CHAIN_ID_POLYGON,
) -> str:
    """Address whose key produced ``signature`` for this order.

    For POLY_1271 the wrapper is checked against the order and the result is the EOA that
    signed for the deposit wallet: its owner, or a session key (whose wrapper names it);
    whether that EOA may sign for the wallet is for the caller to check.
    """
    sig = parse_hex("signature", signature)
    domain = _exchange_domain(chain_id, neg_risk, fields.exchange)
    contents = _struct_hash(fields)
    if fields.signature_type is not SignatureType.POLY_1271:
        return recover_address(keccak256(_EIP712_PREFIX + domain + contents), sig)
    session_key = None
    if sig.endswith(SESSION_SIGNATURE_MAGIC):
        session_key, sig = unwrap_session_signature(sig)
    if sig[65:] != domain + contents + _1271_SUFFIX:
        raise ValueError("POLY_1271 signature wrapper does not match this order")
    recovered = recover_address(
        _wrapped_1271_digest(domain, contents, fields.signer, chain_id), sig[:65]
    )
    if session_key is not None and recovered != session_key:
        raise ValueError("session-key signature was not made by the session key it names")
    return recovered


def wrap_session_signature(session_key: str, signature: bytes) -> bytes:
    """A deposit-wallet session key's POLY_1271 ``signature``, wrapped as the SDK sends it."""
    padding = bytes(-len(signature) % 32)
    return b"".join(
        (
            address_word(session_key),
            _ZERO_WORD,
            _SESSION_HEAD_OFFSET,
            len(signature).to_bytes(32, "big"),
            signature,
            padding,
            SESSION_SIGNATURE_MAGIC,
        )
    )


def unwrap_session_signature(wrapped: bytes) -> tuple[str, bytes]:
    """``(session key address, inner signature)`` of ``wrap_session_signature``'s output.

    Strict: only the exact canonical encoding is accepted, so one order has one signature.
    """
    body = wrapped[: -len(SESSION_SIGNATURE_MAGIC)]
    if len(body) < 4 * 32 or not wrapped.endswith(SESSION_SIGNATURE_MAGIC):
        raise ValueError("session-key signature wrapper is truncated")
    signer_word, zero, offset, length_word = (body[i : i + 32] for i in range(0, 128, 32))
    length = int.from_bytes(length_word, "big")
    padded = length + (-length % 32)
    if (
        signer_word[:12] != _WORD_PAD
        or zero != _ZERO_WORD
        or offset != _SESSION_HEAD_OFFSET
        or len(body) != 128 + padded
        or any(body[128 + length :])
    ):
        raise ValueError("session-key signature wrapper is malformed")
    return checksum_address("0x" + signer_word[12:].hex()), body[128 : 128 + length]


class OrderSigner(Protocol):
    """Anything that signs for one EOA: orders, and the L1 ``ClobAuth`` that proves control
    of the EOA when API credentials are created or derived.

    Implementations: ``LocalOrderSigner`` (a key in this process, clear or sealed), the
    session-key signer for deposit wallets and the client of a separate signer process.
    ``address`` is the EOA (``POLY_ADDRESS``, the owner of the API key).
    """

    address: str

    def sign_order(self, fields: OrderFields, *, neg_risk: bool) -> SignedOrder: ...

    def sign_clob_auth(self, *, timestamp: int, nonce: int) -> str: ...

    def sign_wallet_batch(self, batch: WalletBatch) -> str:
        """0x signature of a deposit wallet's relayer ``Batch`` (redeem, merge, split)."""
        ...

    def sign_relay_transaction(self, tx: RelayTransaction) -> str:
        """0x signature of a proxy wallet's or a Safe's relayer transaction, as its owner."""
        ...


@functools.cache
def _clob_auth_domain(chain_id: int) -> bytes:
    """``ClobAuthDomain`` separator (no verifying contract)."""
    return keccak256(
        _CLOB_DOMAIN_TYPE_HASH
        + keccak256(b"ClobAuthDomain")
        + keccak256(b"1")
        + chain_id.to_bytes(32, "big")
    )


def clob_auth_digest(address: str, timestamp: str, nonce: int, chain_id: int) -> bytes:
    """EIP-712 digest of the L1 ``ClobAuth`` message; the timestamp is signed as a *string*."""
    struct = keccak256(
        _CLOB_AUTH_TYPE_HASH
        + address_word(address)
        + keccak256(timestamp.encode())
        + nonce.to_bytes(32, "big")
        + _CLOB_AUTH_MESSAGE_HASH
    )
    return keccak256(_EIP712_PREFIX + _clob_auth_domain(chain_id) + struct)


class LocalOrderSigner:
    """Signs with a key held in this process: a clear ``PrivateKey`` or a ``SealedKey``
    (decrypted only while it signs). Domain separators are computed once."""

    __slots__ = ("_chain_id", "_domains", "_key", "_v3_domain", "address")

    def __init__(self, key: SigningKey, chain_id: int = CHAIN_ID_POLYGON) -> None:
        self._key = key
        self._chain_id = chain_id
        self._domains = (
            _exchange_domain(chain_id, False),
            _exchange_domain(chain_id, True),
        )
        self._v3_domain = _exchange_domain(chain_id, False, ExchangeVersion.V3)
        self.address: str = key.address

    def sign_clob_auth(self, *, timestamp: int, nonce: int) -> str:
        """0x signature of ``ClobAuth`` for this key's address (the L1 ``POLY_SIGNATURE``)."""
        digest = clob_auth_digest(self.address, str(timestamp), nonce, self._chain_id)
        return "0x" + self._key.sign_digest(digest).hex()

    def sign_wallet_batch(self, batch: WalletBatch) -> str:
        """0x signature of the batch, as the wallet's owner (65 bytes, as the SDK sends it)."""
        return "0x" + self._key.sign_digest(wallet_batch_digest(batch, self._chain_id)).hex()

    def sign_relay_transaction(self, tx: RelayTransaction) -> str:
        """0x signature of a proxy or Safe relayer transaction, packed as the SDK sends it."""
        return (
            "0x" + tx.pack_signature(self._key.sign_digest(tx.signing_digest(self._chain_id))).hex()
        )

    def sign_order(self, fields: OrderFields, *, neg_risk: bool) -> SignedOrder:
        """Sign ``fields``. Except for POLY_1271, ``fields.signer`` must be this key's address.

        POLY_1271 orders have the deposit wallet as ``signer`` (and normally as ``maker``);
        this key signs as the wallet's owner, as in the official client. Orders for
        Exchange V3 (``fields.exchange``) ignore ``neg_risk``: it has a single contract.
        """
        if fields.exchange is ExchangeVersion.V3:
            domain = self._v3_domain
        else:
            domain = self._domains[neg_risk]
        contents = _struct_hash(fields)
        digest = keccak256(_EIP712_PREFIX + domain + contents)
        if fields.signature_type is SignatureType.POLY_1271:
            wrapped = _wrapped_1271_digest(domain, contents, fields.signer, self._chain_id)
            raw = self._key.sign_digest(wrapped) + domain + contents + _1271_SUFFIX
        elif fields.signer != self.address:
            raise ValueError(
                f"order signer {fields.signer} is not this key's address {self.address}"
            )
        else:
            raw = self._key.sign_digest(digest)
        return SignedOrder(
            fields=fields, signature="0x" + raw.hex(), order_hash="0x" + digest.hex()
        )

    def __repr__(self) -> str:
        return f"LocalOrderSigner(address={self.address}, chain_id={self._chain_id})"

    __str__ = __repr__


def order_fields_from_wire(
    order: Mapping[str, object], *, exchange: ExchangeVersion = ExchangeVersion.V2
) -> OrderFields:
    """Parse the JSON ``order`` object of POST /order (numbers as JSON ints or digit strings).

    The object does not say which exchange it was signed for: ``exchange`` does.
    """
    if not isinstance(order, Mapping):
        # ValueError, not TypeError: to callers any malformed request body is bad input.
        raise ValueError(f"order must be a JSON object, got {type(order).__name__}")
    side = _wire_str(order, "side")
    if side not in ("BUY", "SELL"):
        raise ValueError(f"order.side must be 'BUY' or 'SELL', got {side!r}")
    return OrderFields(
        salt=_wire_uint(order, "salt"),
        maker=_wire_str(order, "maker"),
        signer=_wire_str(order, "signer"),
        token_id=_wire_uint(order, "tokenId"),
        maker_amount=_wire_uint(order, "makerAmount"),
        taker_amount=_wire_uint(order, "takerAmount"),
        side=Side[side],
        signature_type=SignatureType(_wire_uint(order, "signatureType", _UINT8_MAX)),
        timestamp_ms=_wire_uint(order, "timestamp"),
        metadata=_wire_str(order, "metadata"),
        builder=_wire_str(order, "builder"),
        expiration=_wire_uint(order, "expiration"),
        exchange=exchange,
    )


def _wire_field(order: Mapping[str, object], key: str) -> object:
    try:
        return order[key]
    except KeyError:
        raise ValueError(f"order.{key} is missing") from None


def _wire_str(order: Mapping[str, object], key: str) -> str:
    value = _wire_field(order, key)
    if not isinstance(value, str):
        raise ValueError(f"order.{key} must be a string, got {value!r}")
    return value


def _wire_uint(order: Mapping[str, object], key: str, maximum: int = _UINT256_MAX) -> int:
    return parse_uint(f"order.{key}", _wire_field(order, key), maximum)


def new_salt() -> int:
    """Random order salt below 2**53, so JSON readers that use doubles keep it exact."""
    return secrets.randbits(53)
