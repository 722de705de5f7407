"""The Starlette application: GraphQL at /graphql (GraphiQL for browsers), health and readiness.

The store is created and closed in the lifespan; settings come in as an object.
"""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request, cookie_parser
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL

from api.audit import AuditLog
from api.gql.context import Context, run
from api.gql.schema import make_schema
from api.pages import COOKIE, page_routes
from api.roles import Role
from api.settings import Settings
from graph.store import GraphStore


def key_id(key: str) -> str:
    """Who asked, without writing the key itself into the audit log."""
    return "key:" + hashlib.sha256(key.encode()).hexdigest()[:12]


class AuthMiddleware:
    """`Authorization: Bearer KEY` → role. No key is the public role; an unknown key is a 401.

    Without the header, the pages' `cg_key` cookie (set by /login) is read instead; an unknown
    cookie is the public role, so a stale cookie still reaches the login page.
    """

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.keys = settings.api_keys

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        header = headers.get(b"authorization", b"").decode("latin-1").strip()
        role, who = Role.PUBLIC, "anonymous"
        if header:
            scheme, _, key = header.partition(" ")
            if scheme.lower() != "bearer" or key.strip() not in self.keys:
                audit, client = getattr(scope["app"].state, "audit", None), scope.get("client") or ("",)
                if audit is not None:  # a refused key is audited too (issue 16)
                    audit.record("unknown-key", "none", scope["path"], [], client[0], "401")
                response = JSONResponse({"error": "unknown API key"}, status_code=401)
                await response(scope, receive, send)
                return
            role, who = self.keys[key.strip()], key_id(key.strip())
        else:
            cookie = cookie_parser(headers.get(b"cookie", b"").decode("latin-1")).get(COOKIE, "")
            if cookie in self.keys:
                role, who = self.keys[cookie], key_id(cookie)
        scope.setdefault("state", {})
        scope["state"]["role"] = role
        scope["state"]["key_id"] = who
        await self.app(scope, receive, send)


class GraphQLApp(GraphQL[Context, None]):
    def __init__(self, settings: Settings) -> None:
        super().__init__(make_schema(settings), graphql_ide="graphiql" if settings.introspection else None)
        self.settings = settings

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
        app.state.store = store or GraphStore.open(settings.graph)
        app.state.audit = AuditLog(settings.audit_path)
        try:
            yield
        finally:
            if own:
                app.state.store.close()

    async def healthz(request: Request) -> Response:
        return JSONResponse({"status": "ok"})

    async def readyz(request: Request) -> Response:
        ok = await run(request.app.state.store.ping)
        return JSONResponse({"graph": "ok" if ok else "unavailable"}, status_code=200 if ok else 503)

    async def index(request: Request) -> Response:
        return RedirectResponse("/explore")

    graphql = GraphQLApp(settings)
    routes: list[Any] = [
        Route("/", index),
        Route("/healthz", healthz),
        Route("/readyz", readyz),
        Route("/graphql", graphql, methods=["GET", "POST"]),
        *page_routes(graphql, settings.api_keys),
    ]
    return Starlette(
        routes=routes, lifespan=lifespan, middleware=[Middleware(AuthMiddleware, settings=settings)]
    )
