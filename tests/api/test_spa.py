"""The web app served by the API process: files, client routes, and never the API's paths."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from polycopy.api.app import API_PREFIX
from polycopy.api.spa import mount_web_app


@pytest.fixture
def dist(tmp_path: Path) -> Path:
    (tmp_path / "assets").mkdir()
    (tmp_path / "index.html").write_text("<!doctype html><div id=root></div>")
    (tmp_path / "assets" / "index-abc123.js").write_text("console.log('app')")
    (tmp_path / "favicon.svg").write_text("<svg/>")
    (tmp_path.parent / "secret.txt").write_text("not for the web")
    return tmp_path


def client_for(dist: Path) -> httpx.AsyncClient:
    app = FastAPI()

    @app.get(f"{API_PREFIX}/me")
    async def me() -> dict[str, str]:
        return {"route": "api"}

    mount_web_app(app, api_prefix=API_PREFIX, dist=dist)
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver")


async def test_client_routes_get_the_page_and_assets_are_cached_for_good(dist: Path) -> None:
    async with client_for(dist) as client:
        for path in ("/", "/rules/12", "/portfolio?account=1"):
            page = await client.get(path)
            assert page.status_code == 200
            assert "id=root" in page.text
            assert page.headers["cache-control"] == "no-cache"
            assert "default-src 'self'" in page.headers["content-security-policy"]
        asset = await client.get("/assets/index-abc123.js")
        assert asset.text == "console.log('app')"
        assert "immutable" in asset.headers["cache-control"]
        icon = await client.get("/favicon.svg")
        assert icon.text == "<svg/>"
        assert "immutable" not in icon.headers["cache-control"]


async def test_api_paths_are_never_answered_with_the_page(dist: Path) -> None:
    async with client_for(dist) as client:
        assert (await client.get(f"{API_PREFIX}/me")).json() == {"route": "api"}
        for path in (f"{API_PREFIX}/nope", f"{API_PREFIX}", f"{API_PREFIX}/rules/1/nope"):
            response = await client.get(path)
            assert response.status_code == 404, path
            assert response.headers["content-type"].startswith("application/json")


async def test_files_outside_the_build_are_not_served(dist: Path) -> None:
    async with client_for(dist) as client:
        for path in ("/../secret.txt", "/%2e%2e/secret.txt", "/assets/../../secret.txt"):
            response = await client.get(path)
            assert "not for the web" not in response.text, path


async def test_an_unbuilt_app_says_how_to_build_it(tmp_path: Path) -> None:
    async with client_for(tmp_path / "missing") as client:
        response = await client.get("/leaders")
        assert response.status_code == 503
        assert "make web" in response.text


async def test_the_api_app_mounts_it_after_its_own_routes(
    client_factory: Callable[[], httpx.AsyncClient],
) -> None:
    client = client_factory()
    unknown = await client.get(f"{API_PREFIX}/no-such-thing")
    assert unknown.status_code == 404
    assert unknown.json()["error"]["code"] == "not_found"
    me = await client.get(f"{API_PREFIX}/me")
    assert me.status_code == 401
    assert (await client.get(f"{API_PREFIX}/openapi.json")).json()["info"]["title"] == "polycopy"
