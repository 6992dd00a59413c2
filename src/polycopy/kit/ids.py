"""Deterministic identifiers: the same inputs give the same id on every worker and restart."""

from __future__ import annotations

import hashlib


def idempotency_key(leader_fill_identity: str, copy_rule_id: int, rule_version: int) -> str:
    """The key of the one order a (leader fill, copy rule, rule version) may produce."""
    digest = hashlib.sha256(
        f"{leader_fill_identity}|{copy_rule_id}|{rule_version}".encode()
    ).hexdigest()
    return f"pc-{digest[:40]}"


def replacement_key(order_key: str, number: int) -> str:
    """The key of the ``number``-th order that replaces the order keyed ``order_key`` (a
    chase or a re-placed remainder): one replacement per number, whoever makes it."""
    digest = hashlib.sha256(f"{order_key}|replacement|{number}".encode()).hexdigest()
    return f"pc-{digest[:40]}"
