"""Browser hardening: security headers, an Origin check on state-changing requests, the offline GraphiQL page.

The pages' session cookie is ambient authority: a browser attaches it to a request another site
starts. SameSite=Strict already keeps it off cross-site requests; the Origin check is the second,
server-side line (old browsers, same-site sibling hosts, a cookie set without SameSite).
"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from starlette.datastructures import Headers
from starlette.requests import Request, cookie_parser
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.pages import COOKIE, templates
from api.roles import Role
from api.settings import Settings

log = logging.getLogger("credit_graph.api")

UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})


HSTS = "max-age=31536000"  # one year; no includeSubDomains: the app cannot speak for sibling hosts


def security_headers(settings: Settings) -> dict[str, str]:
    """The headers every response carries (a response that sets one itself keeps its own).
    `Strict-Transport-Security` only behind a TLS proxy (`tls_proxy`): over plain HTTP a browser
    ignores it, and pinning HTTPS on a host that serves none would lock people out."""
    headers = {
        "Content-Security-Policy": settings.content_security_policy,
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Referrer-Policy": settings.referrer_policy,
        "Cross-Origin-Opener-Policy": "same-origin",
    }
    if settings.tls_proxy:
        headers["Strict-Transport-Security"] = HSTS
    return headers


class SecurityHeaders:
    """Adds `security_headers` to every HTTP response: pages, static files, GraphQL, errors."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.headers = [(k.lower().encode(), v.encode()) for k, v in security_headers(settings).items()]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def add(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in self.headers if k not in present]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, add)


def _origin_of(url: str | None) -> str | None:
    """scheme://host[:port] of a Referer; None when there is none or it is not a URL."""
    if not url:
        return None
    parts = urlsplit(url)
    if not parts.scheme or not parts.netloc:
        return "null"
    return f"{parts.scheme}://{parts.netloc.rpartition('@')[2]}".lower()


class OriginCheck:
    """Refuses (403) a state-changing request a browser sent from another site.

    Checked: every POST/PUT/PATCH/DELETE to the pages (/login, /logout, /bidders/export.xlsx …),
    and to /graphql and the JSON endpoints under /api/ when they carry the session cookie. The
    request's `Origin` (else the origin of its `Referer`) must be this site (scheme://Host) or one
    of `allowed_origins`; `Origin: null` is refused. A request with neither header passes only
    without the session cookie: that is an API client (key in the Authorization header), which no
    other site can make a browser send.
    """

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.allowed = frozenset(o.rstrip("/").lower() for o in settings.allowed_origins)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in UNSAFE:
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        cookie = COOKIE in cookie_parser(headers.get("cookie", ""))
        graphql = scope["path"] == "/graphql"
        api = scope["path"].startswith("/api/")  # JSON endpoints for business systems (api/checks.py)
        if (graphql or api) and not cookie:
            await self.app(scope, receive, send)
            return
        source = headers.get("origin") or _origin_of(headers.get("referer"))
        own = f"{scope.get('scheme', 'http')}://{headers.get('host', '')}".lower()
        if source is None:
            if not cookie:
                await self.app(scope, receive, send)
                return
            message = (
                "已拒绝请求：携带登录 Cookie 的请求既无 Origin 也无 Referer，无法确认来自本站页面。"
                "请在本站页面上操作。 / request refused: the session cookie without Origin or Referer"
            )
        elif source.lower().rstrip("/") in self.allowed | {own}:
            await self.app(scope, receive, send)
            return
        else:
            source = source[:200]
            message = (
                f"已拒绝跨站请求：请求来源 {source} 不是本站（{own}）。请在本站页面上操作。"
                f" / cross-site request refused: origin {source} is not {own}"
            )
        client = scope.get("client") or ("",)
        log.warning(
            "origin check refused %s %s from %s (origin %s)",
            scope["method"],
            scope["path"],
            client[0],
            source,
        )
        response: Response
        if graphql:
            error = {"message": message, "extensions": {"code": "FORBIDDEN_ORIGIN"}}
            response = JSONResponse({"data": None, "errors": [error]}, status_code=403)
        elif api:
            response = JSONResponse({"error": message, "code": "FORBIDDEN_ORIGIN"}, status_code=403)
        else:
            response = PlainTextResponse(message, status_code=403)
        await response(scope, receive, send)


def graphiql_policy(policy: str) -> str:
    """The CSP of the GraphiQL page: the app's, with inline *styles* allowed. GraphiQL's dialogs
    (react-remove-scroll) inject a <style> with computed sizes at run time, which neither a file
    nor a hash can replace and whose nonce the bundle keeps private; scripts stay 'self' only."""
    directives = [d.strip() for d in policy.split(";") if d.strip()]
    styles = [d for d in directives if d.startswith("style-src")]
    if not styles:
        return policy
    relaxed = [
        f"{d} 'unsafe-inline'" if d in styles and "'unsafe-inline'" not in d else d for d in directives
    ]
    return "; ".join(relaxed)


def graphiql_page(request: Request, settings: Settings) -> Response:
    """GraphiQL from the vendored build (no CDN; its script a static file, so script-src 'self'
    holds). The public role gets the login page instead unless `public_introspection` is set."""
    role = getattr(request.state, "role", Role.PUBLIC)
    if role is Role.PUBLIC and not settings.public_introspection:
        return RedirectResponse("/login?next=/graphql", status_code=303)
    policy = {"Content-Security-Policy": graphiql_policy(settings.content_security_policy)}
    return templates.TemplateResponse(request, "graphiql.html", {"role": role.value}, headers=policy)
