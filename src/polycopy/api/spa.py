"""The web app (``web/dist``, built by ``make web``) served by the API process.

Files under the build directory are served as they are; any other path outside the API is a
client-side route and gets ``index.html``. Paths under the API prefix are never answered here,
so an unknown API path stays a JSON 404.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse, HTMLResponse, Response

from polycopy.api.errors import error_response

WEB_DIST = Path(__file__).resolve().parents[3] / "web" / "dist"
# Vite names files under assets/ by content hash, so they never change.
_IMMUTABLE = {"cache-control": "public, max-age=31536000, immutable"}
_PAGE_HEADERS = {
    "cache-control": "no-cache",
    "content-security-policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
        "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
    ),
}
_NOT_BUILT = (
    "<!doctype html><title>polycopy</title><h1>The web app is not built</h1>"
    "<p>Run <code>make web</code> (or <code>npm ci && npm run build</code> in "
    "<code>web/</code>), then reload. The API is at <a href='{api}/docs'>{api}/docs</a>.</p>"
)


def mount_web_app(app: FastAPI, *, api_prefix: str, dist: Path = WEB_DIST) -> None:
    """Serve the built web app at ``/`` with an ``index.html`` fallback for client routes."""
    root = dist.resolve()

    @app.get("/{path:path}", include_in_schema=False, response_model=None)
    async def web_app(path: str) -> Response:
        if f"/{path}".startswith(api_prefix + "/") or f"/{path}" == api_prefix:
            return error_response(404, "not_found", "API path not found")
        index = root / "index.html"
        if not index.is_file():
            return HTMLResponse(_NOT_BUILT.format(api=api_prefix), status_code=503)
        candidate = (root / path).resolve()
        if path and candidate.is_file() and candidate.is_relative_to(root):
            headers = _IMMUTABLE if candidate.parent == root / "assets" else _PAGE_HEADERS
            return FileResponse(candidate, headers=headers)
        return FileResponse(index, headers=_PAGE_HEADERS)
