"""The API served over real HTTP (uvicorn on a free port) against the session's test graph."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
import uvicorn

from api.app import create_app
from api.cli.serve import proxy_options
from api.roles import Role
from api.settings import Settings
from graph.settings import GraphSettings
from graph.store import GraphStore
from tests.conftest import free_port
from tests.queries.graphs import build

KEYS = {"inv-key": Role.INVESTIGATOR, "rev-key": Role.REVIEWER, "adm-key": Role.ADMIN}
TOKENS = {Role.INVESTIGATOR: "inv-key", Role.REVIEWER: "rev-key", Role.ADMIN: "adm-key"}


@dataclass
class Api:
    url: str
    settings: Settings

    def post(self, query: str, role: Role = Role.PUBLIC, **variables: Any) -> httpx.Response:
        headers = {"Authorization": f"Bearer {TOKENS[role]}"} if role in TOKENS else {}
        return httpx.post(
            f"{self.url}/graphql", json={"query": query, "variables": variables}, headers=headers, timeout=60
        )

    def data(self, query: str, role: Role = Role.PUBLIC, **variables: Any) -> dict[str, Any]:
        body = self.post(query, role, **variables).json()
        assert "errors" not in body, body["errors"]
        return dict(body["data"])


def serve(settings: Settings, store: GraphStore | None = None) -> Iterator[str]:
    """The app on a free loopback port (its own store unless `store` is given)."""
    port = free_port()
    app = create_app(settings, store)
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", **proxy_options(settings))
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "the API did not start"
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def served_api(
    graph_settings: GraphSettings,
    store: GraphStore,
    tmp_path_factory: pytest.TempPathFactory,
    *more: Callable[[GraphStore], None],
) -> Iterator[Api]:
    """The association fixture graph (plus `more` builders) behind a served API, own audit log."""
    store.delete_all()
    for builder in (build, *more):
        builder(store)
    audit = tmp_path_factory.mktemp("audit") / "audit.log"
    settings = Settings(graph=graph_settings, api_keys=dict(KEYS), audit_log=audit)
    for url in serve(settings):
        yield Api(url, settings)


@pytest.fixture(scope="module")
def api(
    graph_settings: GraphSettings, session_store: GraphStore, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Api]:
    """Loaded once for the module."""
    yield from served_api(graph_settings, session_store, tmp_path_factory)
