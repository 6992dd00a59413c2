"""Master-key rotation: reseal every stored secret under the current secret key.

Set ``POLYCOPY_SECRET_KEY`` to the new key and ``POLYCOPY_PREVIOUS_SECRET_KEYS`` to the old
ones, restart the API and workers (they open blobs under any of the keys), run ``polycopy
rotate-keys`` while they run, then drop the previous keys. Each batch commits on its own;
running it again after an interruption continues where it stopped (resealed blobs are
skipped).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from polycopy.config import Settings
from polycopy.kit.crypto import SecretBox
from polycopy.kit.db import Database
from polycopy.models import FollowerAccount, IdempotencyRecord, NotificationChannel, Webhook
from polycopy.notifications.service import channel_url_context, webhook_secret_context
from polycopy.venues.directory import credentials_context

BATCH = 200


def box_from_settings(settings: Settings) -> SecretBox:
    return SecretBox(
        settings.secret_key.get_secret_value(),
        previous=[key.get_secret_value() for key in settings.previous_secret_keys],
    )


@dataclass(frozen=True, slots=True)
class _Column:
    name: str
    model: Any
    attribute: str
    context: Callable[[Any], str]


# Every encrypted column and the context its blobs are bound to.
SEALED_COLUMNS = (
    _Column(
        "follower_accounts.encrypted_credentials",
        FollowerAccount,
        "encrypted_credentials",
        credentials_context,
    ),
    _Column(
        "idempotency_records.encrypted_response",
        IdempotencyRecord,
        "encrypted_response",
        lambda r: f"idempotency:{r.user_id}:{r.key}",
    ),
    _Column(
        "webhooks.encrypted_secret",
        Webhook,
        "encrypted_secret",
        lambda r: webhook_secret_context(r.id),
    ),
    _Column(
        "notification_channels.encrypted_url",
        NotificationChannel,
        "encrypted_url",
        lambda r: channel_url_context(r.id),
    ),
)


async def rotate_keys(db: Database, box: SecretBox) -> dict[str, int]:
    """Reseal every blob not yet under the current key; returns how many per column."""
    counts: dict[str, int] = {}
    for column in SEALED_COLUMNS:
        resealed = 0
        after = 0
        while True:
            async with db.transaction() as session:
                rows = (
                    await session.scalars(
                        select(column.model)
                        .where(column.model.id > after)
                        .order_by(column.model.id)
                        .limit(BATCH)
                        .with_for_update()
                    )
                ).all()
                for row in rows:
                    blob = getattr(row, column.attribute)
                    if blob is None:
                        continue
                    fresh = box.reseal(bytes(blob), context=column.context(row))
                    if fresh is not None:
                        setattr(row, column.attribute, fresh)
                        resealed += 1
            if len(rows) < BATCH:
                break
            after = rows[-1].id
        counts[column.name] = resealed
    return counts
