"""Conditional Tokens calls (redeem, merge, split) as the relayer receives them.

Since the pUSD migration these calls go to a collateral adapter (the standard one, or the
neg-risk one for neg-risk markets) with pUSD as collateral, over the binary partition
``[1, 2]`` (reference §6.2). The ABI encoding is written out here, for the few static
layouts involved, so the emulator decodes exactly the bytes polycopy sends.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from polycopy.venues.polymarket.signing import keccak256

PUSD = "0xC011a7E12a19f7B1f670d46F03B03f3342E82DFB"
CTF_COLLATERAL_ADAPTER = "0xAdA100Db00Ca00073811820692005400218FcE1f"
NEG_RISK_COLLATERAL_ADAPTER = "0xadA2005600Dec949baf300f4C6120000bDB6eAab"
BINARY_INDEX_SETS = (1, 2)


class CtfAction(enum.StrEnum):
    REDEEM = "redeemPositions(address,bytes32,bytes32,uint256[])"
    MERGE = "mergePositions(address,bytes32,bytes32,uint256[],uint256)"
    SPLIT = "splitPosition(address,bytes32,bytes32,uint256[],uint256)"

    @property
    def selector(self) -> bytes:
        return keccak256(self.value.encode())[:4]


@dataclass(frozen=True, slots=True)
class CtfCall:
    """One decoded call: which action on which market, for how many shares (merge/split)."""

    action: CtfAction
    collateral: str
    condition_id: str
    index_sets: tuple[int, ...] = BINARY_INDEX_SETS
    amount: int = 0  # shares (micro-units); redeem always takes the whole balance


def adapter_for(*, neg_risk: bool) -> str:
    return NEG_RISK_COLLATERAL_ADAPTER if neg_risk else CTF_COLLATERAL_ADAPTER


def _word(value: int) -> bytes:
    return value.to_bytes(32, "big")


def encode(call: CtfCall) -> str:
    """Calldata as a 0x-hex string."""
    head = [
        _word(int(call.collateral, 16)),
        bytes(32),  # parent collection: the root
        bytes.fromhex(call.condition_id.removeprefix("0x")).rjust(32, b"\0"),
    ]
    with_amount = call.action is not CtfAction.REDEEM
    head.append(_word(32 * (5 if with_amount else 4)))  # offset of the index-set array
    if with_amount:
        head.append(_word(call.amount))
    tail = [_word(len(call.index_sets)), *(_word(i) for i in call.index_sets)]
    return "0x" + (call.action.selector + b"".join(head + tail)).hex()


def decode(data: str) -> CtfCall:
    """The call ``data`` encodes; ValueError for anything else."""
    try:
        raw = bytes.fromhex(data.removeprefix("0x"))
    except ValueError:
        raise ValueError("calldata is not hex") from None
    action = next((a for a in CtfAction if raw[:4] == a.selector), None)
    if action is None:
        raise ValueError("not a redeemPositions, mergePositions or splitPosition call")
    words = [int.from_bytes(raw[i : i + 32], "big") for i in range(4, len(raw), 32)]
    if (len(raw) - 4) % 32 or len(words) < 5:
        raise ValueError("malformed calldata")
    if words[1] != 0:
        raise ValueError("only root positions (parent collection 0) are supported")
    offset_word = words[3] // 32
    amount = words[4] if action is not CtfAction.REDEEM else 0
    if offset_word >= len(words):
        raise ValueError("malformed calldata")
    count = words[offset_word]
    sets = tuple(words[offset_word + 1 : offset_word + 1 + count])
    if len(sets) != count:
        raise ValueError("malformed calldata")
    return CtfCall(
        action=action,
        collateral="0x" + words[0].to_bytes(32, "big")[12:].hex(),
        condition_id="0x" + words[2].to_bytes(32, "big").hex(),
        index_sets=sets,
        amount=amount,
    )
