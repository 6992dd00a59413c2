"""An API client per user against the app on a migrated database (SQLite and PostgreSQL)."""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from polycopy.api.app import create_app
from polycopy.config import Settings
from polycopy.kit.db import Database
from polycopy.venues.polymarket.signers import SealedKey

SECRET_KEY = "test-secret-key-for-the-api-tests"
PASSWORD = "correct horse battery staple"
_counter = itertools.count(1)


def private_key(n: int) -> str:
    return "0x" + f"{n:02x}" * 32


def key_address(key: str) -> str:
    return SealedKey.from_hex(key).address


@dataclass
class User:
    client: httpx.AsyncClient
    email: str
    id: int
    csrf: str

    async def post(self, url: str, json: Any = None, **kw: Any) -> httpx.Response:
        return await self.client.post(url, json=json, headers=self._headers(kw), **kw)

    async def patch(self, url: str, json: Any = None, **kw: Any) -> httpx.Response:
        return await self.client.patch(url, json=json, headers=self._headers(kw), **kw)

    async def delete(self, url: str, **kw: Any) -> httpx.Response:
        return await self.client.delete(url, headers=self._headers(kw), **kw)

    async def get(self, url: str, **kw: Any) -> httpx.Response:
        return await self.client.get(url, **kw)

    def _headers(self, kw: dict[str, Any]) -> dict[str, str]:
        return {"X-CSRF-Token": self.csrf, **kw.pop("headers", {})}

    async def account(self, **overrides: Any) -> dict[str, Any]:
        key = overrides.get("credentials", {}).get("private_key") or private_key(
            next(_counter) % 200 + 1
        )
        body = {
            "label": "main",
            "mode": "paper",
            "signature_type": 0,
            "wallet_address": key_address(key),
            "credentials": {"private_key": key},
        } | overrides
        response = await self.post("/api/v1/accounts", body)
        assert response.status_code == 201, response.text
        return dict(response.json())

    async def rule(self, account_id: int, leader: str, **settings: Any) -> dict[str, Any]:
        response = await self.post(
            "/api/v1/rules",
            {
                "account_id": account_id,
                "leader_wallet": leader,
                "settings": {"allocation": "fixed", "fixed_amount_micros": 5_000_000} | settings,
            },
        )
        assert response.status_code == 201, response.text
        return dict(response.json())


async def register(
    client: httpx.AsyncClient, email: str, password: str = PASSWORD
) -> httpx.Response:
    """Sign up, then sign in (sign-up answers 202 without a session whether or not the
    e-mail was new); the sign-in's answer, its cookies kept by the client."""
    credentials = {"email": email, "password": password}
    accepted = await client.post("/api/v1/auth/sign-up", json=credentials)
    assert accepted.status_code == 202, accepted.text
    signed_in = await client.post("/api/v1/auth/sign-in", json=credentials)
    assert signed_in.status_code == 200, signed_in.text
    return signed_in


def api_settings(**overrides: Any) -> Settings:
    # Cheap password hashes keep the suite fast; test_auth checks the default parameters.
    cheap = {"password_hash_time_cost": 1, "password_hash_memory_kib": 1024}
    return Settings(secret_key=SECRET_KEY, mode="sim", **(cheap | overrides))


ADMIN_EMAIL = "root@example.com"


@pytest.fixture
def app(db: Database) -> FastAPI:
    return create_app(api_settings(admin_email=ADMIN_EMAIL), database=db)


@pytest.fixture
async def client_factory(
    app: FastAPI,
) -> AsyncIterator[Callable[[], httpx.AsyncClient]]:
    clients: list[httpx.AsyncClient] = []

    def make() -> httpx.AsyncClient:
        client = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://testserver"
        )
        clients.append(client)
        return client

    yield make
    for client in clients:
        await client.aclose()


@pytest.fixture
def sign_up(
    client_factory: Callable[[], httpx.AsyncClient],
) -> Callable[..., Awaitable[User]]:
    async def _sign_up(email: str | None = None) -> User:
        client = client_factory()
        address = email or f"user{next(_counter)}@example.com"
        response = await register(client, address)
        body = response.json()
        return User(client, address, body["user"]["id"], body["csrf_token"])

    return _sign_up


LEADER = "0x" + "ab" * 20
OTHER_LEADER = "0x" + "cd" * 20
