"""The app: a read-only snapshot of one ledger (web/snapshot.py), its pages, and its JSON API.

Article text is hostile input: templates autoescape, and every response carries a Content-Security-
Policy that allows no inline script and nothing from another origin, so even markup that slipped
through could not run or call out. Static files come only from the package's `static` folder.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from newsledger import __version__
from newsledger.extract.event_types import load_event_types
from newsledger.store.queries import NotFound
from newsledger.store.search import SearchIndexMissing
from newsledger.web import api, pages
from newsledger.web.params import BadParameter
from newsledger.web.snapshot import REFRESH_SECONDS, START_LOCK_TIMEOUT, LedgerSnapshot

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]


def create_app(
    db_path: Path,
    *,
    refresh_seconds: float = REFRESH_SECONDS,
    lock_timeout: float = START_LOCK_TIMEOUT,
    memory_limit: str = "256MB",
) -> FastAPI:
    """The web app over the ledger at `db_path`, which it never writes.

    The first snapshot is taken here, so a missing or unreadable ledger fails now, with one clear
    message; the snapshot is refreshed while the app runs (its lifespan) and removed when it stops.
    """
    snapshot = LedgerSnapshot(
        db_path, refresh_seconds=refresh_seconds, lock_timeout=lock_timeout, memory_limit=memory_limit
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        snapshot.start()
        try:
            yield
        finally:
            snapshot.close()

    app = FastAPI(
        title="newsledger",
        version=__version__,
        description=(
            "Read-only JSON API over one newsledger ledger: events, articles, claims, comparisons and "
            "full-text search. Lists are paginated (`page`, `per_page` ≤ 200) as "
            "`{items, page, per_page, total}`. Ids accept their first digits (at least 4, unambiguous). "
            "Every error is `{status, detail}`: 404 for an unknown id or path, 422 for a parameter that "
            "cannot be used."
        ),
        docs_url=None,  # /docs is rendered by pages.py: Swagger UI and ReDoc load from a CDN
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.snapshot = snapshot
    app.state.ledger_name = Path(db_path).name
    app.state.packaged_event_types = sorted(load_event_types().types)
    app.state.event_types_by_snapshot = {}
    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(packages=[("newsledger.web", "static")]), name="static")
    app.include_router(api.router)
    app.include_router(pages.router)
    _install_error_handlers(app)
    return app


class SecurityHeaders:
    """Adds the security headers to every response (plain ASGI: no per-request task, unlike
    BaseHTTPMiddleware)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *SECURITY_HEADERS]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _install_error_handlers(app: FastAPI) -> None:
    """One error shape: `{status, detail}` for the API, the error page for HTML routes."""

    async def not_found(request: Request, error: Exception) -> Response:
        return _error(request, 404, str(error))

    async def bad_parameter(request: Request, error: Exception) -> Response:
        return _error(request, 422, str(error))

    async def invalid_request(request: Request, error: Exception) -> Response:
        assert isinstance(error, RequestValidationError)
        return _error(request, 422, "; ".join(_validation_message(e) for e in error.errors()))

    async def no_index(request: Request, error: Exception) -> Response:
        return _error(request, 503, str(error))

    async def http_error(request: Request, error: Exception) -> Response:
        assert isinstance(error, StarletteHTTPException)
        detail = "no such page" if error.status_code == 404 else str(error.detail)
        return _error(request, error.status_code, detail, getattr(error, "headers", None))

    app.add_exception_handler(NotFound, not_found)
    app.add_exception_handler(BadParameter, bad_parameter)
    app.add_exception_handler(RequestValidationError, invalid_request)
    app.add_exception_handler(SearchIndexMissing, no_index)
    app.add_exception_handler(StarletteHTTPException, http_error)


def _validation_message(error: Any) -> str:
    """`since: Input should be a valid date ... (got '2022-13-01')`: the parameter, the reason, the value."""
    name = str(error["loc"][-1]) if error.get("loc") else "request"
    message = f"{name}: {error['msg']}"
    if "input" in error and error["input"] is not None and error["type"] != "missing":
        message += f" (got {str(error['input'])[:80]!r})"
    return message


def _error(request: Request, status: int, detail: str, headers: dict[str, str] | None = None) -> Response:
    detail = detail.splitlines()[0] if detail else "error"
    if request.url.path.startswith("/api/") or request.url.path == "/openapi.json":
        return JSONResponse({"status": status, "detail": detail}, status_code=status, headers=headers)
    return pages.render(request, "error.html.j2", status_code=status, status=status, detail=detail)
