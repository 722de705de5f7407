"""`credit-graph serve`: the API (and pages) over HTTP with uvicorn."""

from __future__ import annotations

import dataclasses
from typing import Any

import typer
import uvicorn

from api.app import create_app
from api.roles import Role
from api.settings import Settings
from graph.settings import secret_file

# A company of the bundled sample (sample/README.md), so the first query answers something.
EXAMPLE = '{ entity(uscc: "91350102MA2Y00108R") { name legalRepresentative { name } cases { decisionNo } } }'
LOOPBACK = ("127.0.0.1", "localhost", "::1")
LOCAL_KEY_FILE = "local-admin.key"


def with_local_key(settings: Settings, host: str) -> Settings:
    """With no keys configured and a loopback-only listener, the person at this machine gets an
    admin key kept (0600) in the home, so `make run` is usable at once. Never on other interfaces:
    there keys must be configured explicitly."""
    if settings.api_keys or host not in LOOPBACK:
        return settings
    key = secret_file(settings.graph.home, LOCAL_KEY_FILE)
    return dataclasses.replace(settings, api_keys={key: Role.ADMIN})


def proxy_options(settings: Settings) -> dict[str, Any]:
    """uvicorn's proxy-header options: forwarded headers only from CREDIT_GRAPH_TRUSTED_PROXIES.
    uvicorn trusts X-Forwarded-For from 127.0.0.1 by default, which lets any local client (or one
    behind a proxy that passes the header on) choose the address rate limits and the audit see."""
    trusted = list(settings.trusted_proxies)
    return {"proxy_headers": bool(trusted), "forwarded_allow_ips": trusted or ""}


def serve(
    host: str = typer.Option("127.0.0.1", help="interface to listen on"),
    port: int = typer.Option(8000, help="TCP port"),
) -> None:
    """Serve GraphQL at /graphql (GraphiQL in a browser), the pages, /healthz and /readyz."""
    configured = Settings.from_env()
    settings = with_local_key(configured, host)
    typer.echo(f"credit-graph on http://{host}:{port}/  (pages: /explore /bidders /review; API: /graphql)")
    typer.echo(f"settings: {settings.describe()}")
    if settings is not configured:
        path = settings.graph.home / LOCAL_KEY_FILE
        typer.echo(
            f"no CREDIT_GRAPH_API_KEYS set: log in at http://{host}:{port}/login with the admin key "
            f"in {path} (cat it; loopback only)"
        )
    typer.echo(f"example query: {EXAMPLE}")
    uvicorn.run(create_app(settings), host=host, port=port, log_level="info", **proxy_options(settings))
