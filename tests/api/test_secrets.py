"""Envelope encryption, key rotation (service and CLI), and no secret in clear anywhere."""

from __future__ import annotations

import json
import os
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import select, text
from typer.testing import CliRunner

from polycopy import cli
from polycopy.admin.keys import rotate_keys
from polycopy.kit import migrate
from polycopy.kit.crypto import DecryptionError, SecretBox, _derive
from polycopy.kit.db import Database
from polycopy.models import FollowerAccount, IdempotencyRecord, Webhook
from polycopy.notifications.service import webhook_secret_context
from polycopy.venues.directory import credentials_context
from tests.api.conftest import SECRET_KEY, User, private_key

SignUp = Callable[..., Awaitable[User]]
NEW_KEY = "a-brand-new-master-key-for-the-rotation"


def test_envelope_blobs_are_bound_to_their_context_and_key() -> None:
    box = SecretBox("first key")
    blob = box.encrypt(b"0xsecret", context="follower_account:1")
    assert blob[:1] == b"\x02"
    assert b"0xsecret" not in blob
    assert box.key_id_of(blob) == box.current_key_id
    assert box.decrypt(blob, context="follower_account:1") == b"0xsecret"
    # Two seals of the same secret share nothing (fresh data key and nonce).
    assert box.encrypt(b"0xsecret", context="c") != box.encrypt(b"0xsecret", context="c")
    with pytest.raises(DecryptionError):
        box.decrypt(blob, context="follower_account:2")
    tampered = blob[:-1] + bytes([blob[-1] ^ 1])
    with pytest.raises(DecryptionError):
        box.decrypt(tampered, context="follower_account:1")
    with pytest.raises(DecryptionError, match="previous key"):
        SecretBox("another key").decrypt(blob, context="follower_account:1")
    # A rotated box opens old blobs and reseals them under the new key.
    rotated = SecretBox("second key", previous=["first key"])
    assert rotated.decrypt(blob, context="follower_account:1") == b"0xsecret"
    fresh = rotated.reseal(blob, context="follower_account:1")
    assert fresh is not None
    assert rotated.reseal(fresh, context="follower_account:1") is None
    assert SecretBox("second key").decrypt(fresh, context="follower_account:1") == b"0xsecret"


def test_first_format_blobs_still_open() -> None:
    """Blobs sealed directly with the master key (format 1) keep working and can be moved."""
    nonce = os.urandom(12)
    legacy = b"\x01" + nonce + AESGCM(_derive("old key")).encrypt(nonce, b"s3cret", b"ctx")
    assert SecretBox("old key").decrypt(legacy, context="ctx") == b"s3cret"
    box = SecretBox("new key", previous=["old key"])
    assert box.key_id_of(legacy) is None
    moved = box.reseal(legacy, context="ctx")
    assert moved is not None
    assert SecretBox("new key").decrypt(moved, context="ctx") == b"s3cret"


async def test_rotation_reseals_every_secret_column(db: Database, sign_up: SignUp) -> None:
    user = await sign_up()
    key = private_key(123)
    account = await user.account(credentials={"private_key": key})
    await user.post(
        "/api/v1/webhooks",
        {"url": "http://hooks.invalid/x", "events": ["ping"]},
        headers={"Idempotency-Key": "hook-1"},
    )
    await user.post(
        "/api/v1/notification-channels",
        {"label": "x", "url": "json://hooks.invalid/y", "events": ["ping"]},
    )
    old, new = SecretBox(SECRET_KEY), SecretBox(NEW_KEY, previous=[SECRET_KEY])
    counts = await rotate_keys(db, new)
    assert counts == {
        "follower_accounts.encrypted_credentials": 1,
        "idempotency_records.encrypted_response": 1,
        "webhooks.encrypted_secret": 1,
        "notification_channels.encrypted_url": 1,
    }
    assert set((await rotate_keys(db, new)).values()) == {0}  # nothing left to move
    only_new = SecretBox(NEW_KEY)
    async with db.transaction() as session:
        row = await session.get(FollowerAccount, account["id"])
        assert row is not None
        blob = bytes(row.encrypted_credentials or b"")
        assert json.loads(only_new.decrypt(blob, context=credentials_context(row))) == {
            "private_key": key
        }
        with pytest.raises(DecryptionError):
            old.decrypt(blob, context=credentials_context(row))
        hook = (await session.scalars(select(Webhook))).one()
        secret = only_new.decrypt(hook.encrypted_secret, context=webhook_secret_context(hook.id))
        assert secret.startswith(b"whsec_")
        record = (await session.scalars(select(IdempotencyRecord))).one()
        assert only_new.key_id_of(record.encrypted_response) == only_new.current_key_id


async def test_no_secret_in_any_column_in_clear(db: Database, sign_up: SignUp) -> None:
    user = await sign_up()
    key = private_key(124)
    await user.account(
        credentials={
            "private_key": key,
            "api_key": "clear-api-key-1",
            "api_secret": "clear-api-secret-2AA",
            "api_passphrase": "clear-passphrase-3",
        }
    )
    token = (await user.post("/api/v1/tokens", {"name": "t", "scopes": ["orders:read"]})).json()
    hook = (
        await user.post("/api/v1/webhooks", {"url": "http://hooks.invalid/x", "events": ["ping"]})
    ).json()
    await user.post(
        "/api/v1/notification-channels",
        {"label": "x", "url": "tgram://123456:bot-token-abc/987", "events": ["ping"]},
    )
    secrets = [
        key,
        key[2:],
        "clear-api-key-1",
        "clear-api-secret-2AA",
        "clear-passphrase-3",
        token["token"],
        hook["secret"],
        "bot-token-abc",
        "correct horse battery staple",  # the password
    ]
    async with db.transaction() as session:
        tables = (
            "users",
            "user_sessions",
            "api_tokens",
            "follower_accounts",
            "idempotency_records",
            "webhooks",
            "webhook_deliveries",
            "notification_channels",
            "audit_events",
            "system_settings",
        )
        dumped = " ".join(
            [
                repr(tuple(r))
                for t in tables
                for r in (await session.execute(text(f"SELECT * FROM {t}"))).all()
            ]
        )
    for secret in secrets:
        assert secret not in dumped


def test_rotate_keys_command(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    env = {"POLYCOPY_DATABASE_URL": url, "POLYCOPY_SECRET_KEY": NEW_KEY}
    from sqlalchemy.engine import make_url

    migrate.upgrade(make_url(url).set(drivername="sqlite+aiosqlite"))
    runner = CliRunner()
    result = runner.invoke(
        cli.app,
        ["rotate-keys", "--json"],
        env={**env, "POLYCOPY_PREVIOUS_SECRET_KEYS": json.dumps([SECRET_KEY])},
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["resealed"]["webhooks.encrypted_secret"] == 0
