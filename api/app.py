"""The Starlette application: GraphQL at /graphql (GraphiQL for browsers), health and readiness.

The store is created and closed in the lifespan; settings come in as an object.
"""

from __future__ import annotations

import asyncio
import json
import logging
import math
import threading
import time
from collections import deque
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request, cookie_parser
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL

from api.audit import AuditLog
from api.checks import credit_check_routes
from api.gql.context import Context, run
from api.gql.schema import make_schema
from api.pages import COOKIE, page_routes
from api.reportpages import report_routes
from api.roles import Role
from api.sessions import SessionStore, key_id
from api.settings import Settings
from api.uploads import upload_routes
from api.users import Users
from api.web import OriginCheck, SecurityHeaders, graphiql_page, security_headers
from graph.store import GraphStore

log = logging.getLogger("credit_graph.api")


class BodyLimitMiddleware:
    """Refuses a request body over `max_body_bytes` with 413 and a JSON error, before the app
    reads it: by Content-Length when given, else while the body streams in (it is buffered, at
    most the limit, and handed on)."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.limit = settings.max_body_bytes

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        message = f"请求体过大，上限 {self.limit} 字节 / request body too large: limit {self.limit} bytes"
        response = JSONResponse({"error": message, "limit": self.limit}, status_code=413)
        await response(scope, receive, send)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = dict(scope["headers"]).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.limit):
            await self._refuse(scope, receive, send)
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.limit:
                await self._refuse(scope, receive, send)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


class AuthThrottle:
    """Failed authentications per client address: after `limit` within `window_s`, further
    attempts from that address get 429 with Retry-After until the oldest failure ages out."""

    def __init__(self, limit: int, window_s: float) -> None:
        self.limit = limit
        self.window_s = window_s
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, address: str, now: float) -> deque[float]:
        failures = self._failures.setdefault(address, deque())
        while failures and failures[0] <= now - self.window_s:
            failures.popleft()
        return failures

    def retry_after(self, address: str) -> int:
        """Seconds until `address` may try again; 0 when it may now."""
        now = time.monotonic()
        with self._lock:
            failures = self._recent(address, now)
            if len(failures) < self.limit:
                if not failures:
                    self._failures.pop(address, None)
                return 0
            return max(1, math.ceil(failures[0] + self.window_s - now))

    def failed(self, address: str) -> int:
        """Count one failure; the failures of the window so far."""
        now = time.monotonic()
        with self._lock:
            failures = self._recent(address, now)
            failures.append(now)
            if len(self._failures) > 10_000:  # bounded memory under a spray of addresses
                for stale in [a for a, f in self._failures.items() if not f or f[-1] <= now - self.window_s]:
                    del self._failures[stale]
            return len(failures)


class AuthMiddleware:
    """`Authorization: Bearer KEY` → role. No key is the public role; an unknown key is a 401.

    Without the header, the pages' `cg_key` cookie (a session id set by /login) is read instead;
    an unknown or expired session is the public role, so a stale cookie still reaches the login page.
    """

    def __init__(self, app: ASGIApp, settings: Settings, sessions: SessionStore, users: Users) -> None:
        self.app = app
        self.keys = settings.api_keys
        self.sessions = sessions
        self.users = users
        self.throttle = AuthThrottle(settings.auth_failures, settings.auth_window_s)

    def _identify(self, key: str) -> tuple[Role, str] | None:
        """A key → (role, who for the audit): `CREDIT_GRAPH_API_KEYS` (automation) by key id, a
        personal key by `user:NAME`; None when unknown or disabled."""
        if key in self.keys:
            return self.keys[key], key_id(key)
        user = self.users.authenticate(key)
        return (user.role, f"user:{user.name}") if user else None

    def _failed(self, address: str, what: str) -> None:
        count = self.throttle.failed(address)
        log.warning(
            "authentication failed (%s) from %s: %d in %.0fs", what, address, count, self.throttle.window_s
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        header = headers.get(b"authorization", b"").decode("latin-1").strip()
        address = scope["client"][0] if scope.get("client") else ""
        login = scope["path"] == "/login" and scope["method"] == "POST"
        if header or login:
            wait = self.throttle.retry_after(address)
            if wait:
                message = (
                    f"认证失败次数过多，请 {wait} 秒后再试 / "
                    f"too many failed authentications: retry in {wait}s"
                )
                response = JSONResponse(
                    {"error": message}, status_code=429, headers={"Retry-After": str(wait)}
                )
                await response(scope, receive, send)
                return
        role, who = Role.PUBLIC, "anonymous"
        if header:
            scheme, _, key = header.partition(" ")
            known = self._identify(key.strip()) if scheme.lower() == "bearer" else None
            if known is None:
                self._failed(address, "unknown API key")
                audit, client = getattr(scope["app"].state, "audit", None), scope.get("client") or ("",)
                if audit is not None:  # a refused key is audited too (issue 16)
                    audit.record("unknown-key", "none", scope["path"], [], client[0], "401")
                response = JSONResponse({"error": "API 密钥无效 / unknown API key"}, status_code=401)
                await response(scope, receive, send)
                return
            role, who = known
        else:
            cookie = cookie_parser(headers.get(b"cookie", b"").decode("latin-1")).get(COOKIE, "")
            session = self.sessions.get(cookie)
            if session is not None:
                role, who = session.role, session.who
        scope.setdefault("state", {})
        scope["state"]["role"] = role
        scope["state"]["key_id"] = who
        if not login:
            await self.app(scope, receive, send)
            return

        async def watch(message: Message) -> None:  # /login answers 401 for a wrong key
            if message["type"] == "http.response.start" and message["status"] == 401:
                self._failed(address, "login")
            await send(message)

        await self.app(scope, receive, watch)


class UnavailableStatus:
    """A GraphQL response whose every error is UNAVAILABLE and that carries no data is an outage,
    not an answer: it goes out as 503 with Retry-After, so clients and balancers can tell."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] != "/graphql":
            await self.app(scope, receive, send)
            return
        start: Message | None = None
        chunks: list[bytes] = []

        async def hold(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
                return
            if message["type"] != "http.response.body" or start is None:
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body", False):
                return
            body = b"".join(chunks)
            if start["status"] == 200 and _outage(body):
                headers = [(k, v) for k, v in start["headers"] if k.lower() != b"content-length"]
                headers += [(b"content-length", str(len(body)).encode()), (b"retry-after", b"5")]
                start = {**start, "status": 503, "headers": headers}
            await send(start)
            await send({"type": "http.response.body", "body": body, "more_body": False})

        await self.app(scope, receive, hold)


def _outage(body: bytes) -> bool:
    try:
        result = json.loads(body)
    except ValueError:
        return False
    if not isinstance(result, dict) or not result.get("errors"):
        return False
    data = result.get("data")
    empty = data is None or (isinstance(data, dict) and all(v is None for v in data.values()))
    codes = {(e.get("extensions") or {}).get("code") for e in result["errors"] if isinstance(e, dict)}
    return empty and codes == {"UNAVAILABLE"}


class GraphQLApp(GraphQL[Context, None]):
    def __init__(self, settings: Settings) -> None:
        super().__init__(make_schema(settings), graphql_ide="graphiql" if settings.introspection else None)
        self.settings = settings

    async def render_graphql_ide(self, request: Request) -> Response:
        """Our own GraphiQL page (vendored, CSP-clean), not strawberry's CDN one."""
        return graphiql_page(request, self.settings)

    async def get_context(self, request: Request | WebSocket, response: Response | WebSocket) -> Context:
        state = request.app.state
        client = request.client
        return Context(
            store=state.store,
            settings=self.settings,
            audit=state.audit,
            role=getattr(request.state, "role", Role.PUBLIC),
            key_id=getattr(request.state, "key_id", "anonymous"),
            remote=client.host if client else "",
        )


def create_app(settings: Settings, store: GraphStore | None = None) -> Starlette:
    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        own = store is None
        asyncio.get_running_loop().set_default_executor(ThreadPoolExecutor(settings.pool_size))
        app.state.store = store or GraphStore.open(settings.graph)
        app.state.audit = AuditLog(settings.audit_path)
        try:
            yield
        finally:
            if own:
                app.state.store.close()

    async def healthz(request: Request) -> Response:
        """Ok unless every worker thread for graph calls is held by a call running longer than
        `busy_after_s` (stuck on the graph): then 503 "busy", which a supervisor should treat as
        unhealthy. A pool that is merely full under load still answers ok."""
        store = request.app.state.store
        stuck = store.running_longer_than(settings.busy_after_s)
        body = {"inFlight": store.in_flight, "stuck": stuck, "workers": settings.pool_size}
        if stuck >= settings.pool_size:
            return JSONResponse({"status": "busy", **body}, status_code=503)
        return JSONResponse({"status": "ok", **body})

    async def readyz(request: Request) -> Response:
        ok = await run(request.app.state.store.ping)
        return JSONResponse({"graph": "ok" if ok else "unavailable"}, status_code=200 if ok else 503)

    async def index(request: Request) -> Response:
        return RedirectResponse("/explore")

    graphql = GraphQLApp(settings)
    sessions = SessionStore(settings.session_idle_s, settings.session_max_s)
    users = Users(settings.graph.home)
    routes: list[Any] = [
        Route("/", index),
        Route("/healthz", healthz),
        Route("/readyz", readyz),
        Route("/graphql", graphql, methods=["GET", "POST"]),
        *page_routes(graphql, settings, sessions, users),
        *upload_routes(settings),
        *credit_check_routes(graphql),
        *report_routes(settings),
    ]

    async def internal_error(request: Request, exc: Exception) -> Response:
        # Outside the middleware stack: the security headers are set here.
        return PlainTextResponse(
            "服务器内部错误 / internal server error", status_code=500, headers=security_headers(settings)
        )

    return Starlette(
        routes=routes,
        lifespan=lifespan,
        exception_handlers={500: internal_error},
        middleware=[
            Middleware(SecurityHeaders, settings=settings),
            Middleware(BodyLimitMiddleware, settings=settings),
            Middleware(OriginCheck, settings=settings),
            Middleware(AuthMiddleware, settings=settings, sessions=sessions, users=users),
            Middleware(UnavailableStatus),
        ],
    )
