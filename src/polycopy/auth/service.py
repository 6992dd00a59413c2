"""Sign-up, sign-in, sessions and API tokens. Services flush; the request commits.

Passwords are hashed with Argon2id (pwdlib) on worker threads, never on the event loop; a
hash made with older parameters is upgraded at the next sign-in. A new password must be long
enough and not guessable by zxcvbn (common passwords, words, keyboard patterns, repeats, the
e-mail itself). Session and API tokens are random and stored only as SHA-256 hashes.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TypeVar

from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from zxcvbn import zxcvbn

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
from polycopy.kit.errors import InvalidInputError, PolycopyError
from polycopy.models import ApiToken, User, UserSession

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 1024
# zxcvbn's score (0-4): 3 is "safely unguessable" (over 10^8 guesses).
MIN_PASSWORD_SCORE = 3
# zxcvbn's work grows fast with length: only this many leading characters are scored.
SCORED_PASSWORD_LENGTH = 50

_T = TypeVar("_T")


class _Passwords:
    """The process's Argon2id parameters (a setting: small machines may need less memory).

    A stored hash made with other parameters still verifies and is re-hashed at sign-in.
    Hashing and scoring run on a few worker threads: tens of milliseconds of CPU (and 64 MiB
    per hash) each, which on the event loop would stall every other request.
    """

    def __init__(self, *, time_cost: int = 3, memory_kib: int = 65_536) -> None:
        self.pool = ThreadPoolExecutor(
            max_workers=min(4, os.cpu_count() or 1), thread_name_prefix="polycopy-password"
        )
        self.configure(time_cost=time_cost, memory_kib=memory_kib)

    def configure(self, *, time_cost: int, memory_kib: int) -> None:
        self.hasher = PasswordHash((Argon2Hasher(time_cost=time_cost, memory_cost=memory_kib),))
        # Verified against when the e-mail is unknown, so both cases take the same time.
        self.dummy = self.hasher.hash("polycopy-timing-equaliser")

    async def run(self, work: Callable[..., _T], *args: object) -> _T:
        return await asyncio.get_running_loop().run_in_executor(self.pool, work, *args)

    async def hash(self, password: str) -> str:
        return await self.run(self.hasher.hash, password)

    async def verify(self, password: str, stored: str | None) -> bool:
        """Whether ``password`` matches; with nothing stored, as slow as a mismatch."""
        valid = await self.run(self.hasher.verify, password, stored or self.dummy)
        return valid and stored is not None

    async def verify_and_update(self, password: str, stored: str) -> tuple[bool, str | None]:
        return await self.run(self.hasher.verify_and_update, password, stored)


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


def _guessability(password: str, hints: list[str]) -> str | None:
    """Why zxcvbn finds the password guessable, or None when it is not."""
    result = zxcvbn(password[:SCORED_PASSWORD_LENGTH], user_inputs=hints)
    if result["score"] >= MIN_PASSWORD_SCORE:
        return None
    warning = str(result["feedback"]["warning"] or "").rstrip(".")
    return warning or "it is easy to guess"


async def check_password(password: str, *, email: str | None = None) -> None:
    """The password policy: length, then not guessable (the e-mail counts as known)."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInputError(f"password: use at least {MIN_PASSWORD_LENGTH} characters")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise InvalidInputError(f"password: use at most {MAX_PASSWORD_LENGTH} characters")
    hints = [email, email.partition("@")[0]] if email else []
    reason = await _HASHING.run(_guessability, password, [*hints, "polycopy"])
    if reason is not None:
        raise InvalidInputError(
            f"password: too easy to guess ({reason}); a few uncommon words make a strong one"
        )


async def sign_up(
    session: AsyncSession, email: str, password: str, *, admin_email: str | None
) -> User | None:
    """A new user with a password, or None when the e-mail is taken (callers answer both
    alike, so sign-up tells nobody which e-mails exist). ``admin_email`` (a setting) names
    the bootstrap admin."""
    address = normalise_email(email)
    await check_password(password, email=address)
    password_hash = await _HASHING.hash(password)  # also for a taken e-mail: same time
    users = UserRepository(session)
    existing = await users.get_by_email(address)
    if existing is not None:
        await _record_repeated_sign_up(session, existing)
        return None
    is_admin = admin_email is not None and address == admin_email.strip().lower()
    try:
        async with session.begin_nested():
            user = await users.add(
                User(
                    email=address,
                    password_hash=password_hash,
                    role=Role.ADMIN if is_admin else Role.USER,
                )
            )
    except IntegrityError:  # a parallel sign-up took it first
        return None
    await AuditRepository(session).record(
        actor=f"user:{user.id}",
        entity_type="user",
        entity_id=user.id,
        action="signed_up",
        details={"email": address, "role": user.role.value},
    )
    return user


async def _record_repeated_sign_up(session: AsyncSession, user: User) -> None:
    """The owner (and an admin) can see that someone tried to sign up with their e-mail."""
    await AuditRepository(session).record(
        actor="anonymous",
        entity_type="user",
        entity_id=user.id,
        action="sign_up_refused",
        details={"reason": "email_taken"},
    )


@dataclass(frozen=True, slots=True)
class StoredPassword:
    """What a sign-in checks the password against, read before the (slow) check."""

    user_id: int | None
    password_hash: str | None


async def stored_password(session: AsyncSession, email: str) -> StoredPassword:
    try:
        address = normalise_email(email)
    except InvalidInputError:
        return StoredPassword(None, None)
    user = await UserRepository(session).get_by_email(address)
    if user is None:
        return StoredPassword(None, None)
    return StoredPassword(user.id, user.password_hash)


@dataclass(frozen=True, slots=True)
class PasswordCheck:
    user_id: int
    new_hash: str | None  # the password hashed with today's parameters, when they changed


async def check_credentials(stored: StoredPassword, password: str) -> PasswordCheck:
    """The user whose password this is, or ``AuthenticationError`` (never saying which part
    was wrong; an unknown e-mail costs the same time). Holds no database connection."""
    if stored.user_id is None or stored.password_hash is None:
        await _HASHING.verify(password, None)
        raise AuthenticationError("wrong e-mail or password")
    valid, new_hash = await _HASHING.verify_and_update(password, stored.password_hash)
    if not valid:
        raise AuthenticationError("wrong e-mail or password")
    return PasswordCheck(stored.user_id, new_hash)


async def signed_in_user(session: AsyncSession, check: PasswordCheck) -> User | None:
    """The user a successful check names, with an upgraded hash stored."""
    user = await UserLookup(session).get(check.user_id)
    if user is not None and check.new_hash is not None:
        user.password_hash = check.new_hash
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
    if not await _HASHING.verify(current, user.password_hash):
        raise AuthenticationError("current_password: wrong password")
    await check_password(new, email=user.email)
    user.password_hash = await _HASHING.hash(new)
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


async def live_sessions(
    session: AsyncSession, user: User, *, now: dt.datetime
) -> Sequence[UserSession]:
    return await UserSessionRepository(session).live_of(user.id, now)


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
