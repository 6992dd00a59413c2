"""Vocabulary of settlements: redeeming, merging and splitting a follower's positions."""

from __future__ import annotations

import enum


class SettlementStatus(enum.StrEnum):
    OFFERED = "offered"  # a merge polycopy proposes; runs only when the user accepts
    PENDING = "pending"  # to be sent to the venue (a redeem also while it is being sent)
    SENDING = "sending"  # a merge sent, answer not booked yet (never sent twice)
    DONE = "done"  # confirmed; the lots are closed or opened accordingly
    FAILED = "failed"  # refused by the venue; a redemption is tried again next round
    DECLINED = "declined"  # a merge offer the user turned down
