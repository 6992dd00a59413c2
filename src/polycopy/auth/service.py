"""Sign-up, sign-in, sessions and API tokens. Services flush; the request commits.

Passwords are hashed with Argon2id (pwdlib); a hash made with older parameters is upgraded
at the next sign-in. Session and API tokens are random and stored only as SHA-256 hashes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher
from sqlalchemy.ext.asyncio import AsyncSession

from polycopy.accounts.repository import UserRepository
from polycopy.accounts.types import Role
from polycopy.audit.repository import AuditRepository
from polycopy.auth.repository import ApiTokenRepository, UserLookup, UserSessionRepository
from polycopy.auth.types import (
    API_TOKEN_PREFIX,
    SESSION_TOKEN_PREFIX,
    Scope,
    new_token,
    token_hash,
)
from polycopy.kit.errors import ConflictError, InvalidInputError, PolycopyError
from polycopy.models import ApiToken, User, UserSession

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 1024


class _Passwords:
    """The process's Argon2id parameters (a setting: small machines may need less memory).

    A stored hash made with other parameters still verifies and is re-hashed at sign-in.
    """

    def __init__(self, *, time_cost: int = 3, memory_kib: int = 65_536) -> None:
        self.configure(time_cost=time_cost, memory_kib=memory_kib)

    def configure(self, *, time_cost: int, memory_kib: int) -> None:
        self.hasher = PasswordHash((Argon2Hasher(time_cost=time_cost, memory_cost=memory_kib),))
        # Verified against when the e-mail is unknown, so both cases take the same time.
        self.dummy = self.hasher.hash("polycopy-timing-equaliser")


_HASHING = _Passwords()


def configure_password_hashing(*, time_cost: int, memory_kib: int) -> None:
    _HASHING.configure(time_cost=time_cost, memory_kib=memory_kib)


class AuthenticationError(PolycopyError):
    code = "invalid_credentials"


def normalise_email(email: str) -> str:
    value = email.strip().lower()
    local, _, domain = value.partition("@")
    if not local or "." not in domain or len(value) > 320 or any(c.isspace() for c in value):
        raise InvalidInputError("email: not an e-mail address")
    return value


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInputError(f"password: use at least {MIN_PASSWORD_LENGTH} characters")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise InvalidInputError(f"password: use at most {MAX_PASSWORD_LENGTH} characters")


async def sign_up(
    session: AsyncSession, email: str, password: str, *, admin_email: str | None
) -> User:
    """A new user with a password; ``admin_email`` (a setting) names the bootstrap admin."""
    address = normalise_email(email)
    check_password(password)
    users = UserRepository(session)
    if await users.get_by_email(address) is not None:
        raise ConflictError("email: an account with this e-mail already exists")
    is_admin = admin_email is not None and address == admin_email.strip().lower()
    user = await users.add(
        User(
            email=address,
            password_hash=_HASHING.hasher.hash(password),
            role=Role.ADMIN if is_admin else Role.USER,
        )
    )
    await AuditRepository(session).record(
        actor=f"user:{user.id}",
        entity_type="user",
        entity_id=user.id,
        action="signed_up",
        details={"email": address, "role": user.role.value},
    )
    return user


async def authenticate(session: AsyncSession, email: str, password: str) -> User:
    """The user these credentials belong to, or ``AuthenticationError`` (never saying which)."""
    try:
        address = normalise_email(email)
    except InvalidInputError:
        address = ""
    user = await UserRepository(session).get_by_email(address) if address else None
    if user is None or user.password_hash is None:
        _HASHING.hasher.verify(password, _HASHING.dummy)
        raise AuthenticationError("wrong e-mail or password")
    valid, new_hash = _HASHING.hasher.verify_and_update(password, user.password_hash)
    if not valid:
        raise AuthenticationError("wrong e-mail or password")
    if new_hash is not None:
        user.password_hash = new_hash
        await session.flush()
    return user


async def record_sign_in(
    session: AsyncSession, email: str, *, user: User | None, client: str | None
) -> None:
    """Audit a sign-in, or a failed one against a known e-mail (unknown ones: nothing)."""
    if user is None:
        try:
            user = await UserRepository(session).get_by_email(normalise_email(email))
        except InvalidInputError:
            return
        if user is None:
            return
        action, actor = "sign_in_failed", f"client:{client or 'unknown'}"
    else:
        action, actor = "signed_in", f"user:{user.id}"
    await AuditRepository(session).record(
        actor=actor,
        entity_type="user",
        entity_id=user.id,
        action=action,
        details={"client": client or ""},
    )


async def change_password(
    session: AsyncSession,
    user: User,
    current: str,
    new: str,
    *,
    keep_session: int | None,
    now: dt.datetime,
) -> int:
    """Check the current password, store the new one, end the user's other sessions.

    Returns how many sessions were ended. API tokens stay valid (revoke them separately).
    """
    if user.password_hash is None or not _HASHING.hasher.verify(current, user.password_hash):
        raise AuthenticationError("current_password: wrong password")
    check_password(new)
    user.password_hash = _HASHING.hasher.hash(new)
    ended = await UserSessionRepository(session).revoke_others(user.id, keep_session, now)
    await AuditRepository(session).record(
        actor=f"user:{user.id}",
        entity_type="user",
        entity_id=user.id,
        action="password_changed",
        details={"sessions_ended": ended},
    )
    return ended


async def start_session(
    session: AsyncSession,
    user: User,
    *,
    now: dt.datetime,
    lifetime: dt.timedelta,
    user_agent: str | None,
) -> str:
    """A new session for the user; returns the token (for the cookie), stores its hash."""
    token = new_token(SESSION_TOKEN_PREFIX)
    await UserSessionRepository(session).add(
        UserSession(
            user_id=user.id,
            token_hash=token_hash(token),
            expires_at=now + lifetime,
            user_agent=(user_agent or "")[:300] or None,
        )
    )
    return token


@dataclass(frozen=True, slots=True)
class SessionPrincipal:
    user: User
    session: UserSession


async def resolve_session(
    session: AsyncSession, token: str, *, now: dt.datetime
) -> SessionPrincipal | None:
    row = await UserSessionRepository(session).live_by_hash(token_hash(token), now)
    if row is None:
        return None
    user = await UserLookup(session).get(row.user_id)
    return None if user is None else SessionPrincipal(user, row)


async def end_session(session: AsyncSession, row: UserSession, *, now: dt.datetime) -> None:
    row.revoked_at = now
    await session.flush()


@dataclass(frozen=True, slots=True)
class TokenPrincipal:
    user: User
    token: ApiToken


async def resolve_api_token(
    session: AsyncSession, token: str, *, now: dt.datetime
) -> TokenPrincipal | None:
    row = await ApiTokenRepository(session).live_by_hash(token_hash(token), now)
    if row is None:
        return None
    user = await UserLookup(session).get(row.user_id)
    if user is None:
        return None
    row.last_used_at = now
    await session.flush()
    return TokenPrincipal(user, row)


async def create_api_token(
    session: AsyncSession,
    user: User,
    *,
    name: str,
    scopes: Iterable[Scope],
    expires_at: dt.datetime | None,
    now: dt.datetime,
) -> tuple[ApiToken, str]:
    """A new token; the plain token is returned once and never stored."""
    chosen = sorted({Scope(s).value for s in scopes})
    if not chosen:
        raise InvalidInputError("scopes: name at least one scope")
    if Scope.ADMIN.value in chosen and user.role is not Role.ADMIN:
        raise InvalidInputError("scopes: only an administrator may grant the admin scope")
    if expires_at is not None and expires_at <= now:
        raise InvalidInputError("expires_at: must be in the future")
    token = new_token(API_TOKEN_PREFIX)
    row = await ApiTokenRepository(session).add(
        ApiToken(
            user_id=user.id,
            name=name,
            token_hash=token_hash(token),
            prefix=token[:12],
            scopes=chosen,
            expires_at=expires_at,
        )
    )
    await AuditRepository(session).record(
        actor=f"user:{user.id}",
        entity_type="api_token",
        entity_id=row.id,
        action="created",
        details={"name": name, "scopes": chosen},
    )
    return row, token


async def list_api_tokens(
    session: AsyncSession, user: User, *, before: int | None, limit: int
) -> Sequence[ApiToken]:
    return await ApiTokenRepository(session).list_owned(user.id, before=before, limit=limit)


async def get_api_token(session: AsyncSession, user: User, token_id: int) -> ApiToken | None:
    return await ApiTokenRepository(session).owned(user.id, token_id)


async def revoke_api_token(
    session: AsyncSession, user: User, token: ApiToken, *, now: dt.datetime
) -> None:
    if token.revoked_at is None:
        token.revoked_at = now
        await AuditRepository(session).record(
            actor=f"user:{user.id}", entity_type="api_token", entity_id=token.id, action="revoked"
        )
    await session.flush()


async def credential_live(
    session: AsyncSession, *, session_id: int | None, token_id: int | None, now: dt.datetime
) -> bool:
    """Is the session or token a long-lived request authenticated with still valid?"""
    if session_id is not None:
        row = await session.get(UserSession, session_id, populate_existing=True)
        return row is not None and row.revoked_at is None and row.expires_at > now
    if token_id is not None:
        token = await session.get(ApiToken, token_id, populate_existing=True)
        return (
            token is not None
            and token.revoked_at is None
            and (token.expires_at is None or token.expires_at > now)
        )
    return False
