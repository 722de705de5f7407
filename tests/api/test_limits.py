"""Issue 16, findings 1, 6, 7 and 10 over the served app: bounded bodies and strings, health that
notices a full worker pool, fail-fast 503 while the graph is down, long decision texts refused
with their limit, and throttled failed authentications."""

from __future__ import annotations

import dataclasses
import threading
import time
from collections.abc import Iterator

import httpx
import pytest
import uvicorn

from api.app import create_app
from api.roles import Role
from api.settings import Settings
from graph.settings import GraphSettings
from graph.store import GraphStore
from tests.api.conftest import KEYS, Api, serve
from tests.conftest import free_port

SEARCH = "query($name: String!) { searchEntities(name: $name, first: 3) { totalCount } }"
SUBMIT = """mutation($text: String!, $name: String!) { submitDecision(text: $text, sourceName: $name) {
  __typename ... on Submitted { created } ... on ReviewError { code message } } }"""


def serve_app(settings: Settings, store: GraphStore | None = None) -> Iterator[str]:
    """Like conftest's `serve`, with a store of the test's own."""
    port = free_port()
    app = create_app(settings, store)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def api(graph_settings: GraphSettings, session_store: GraphStore) -> Iterator[Api]:
    settings = Settings(graph=graph_settings, api_keys=dict(KEYS))
    for url in serve(settings):
        yield Api(url, settings)


def test_an_oversized_body_is_refused_with_413_before_the_graph(api: Api) -> None:
    name = "建" * (3 * 1024 * 1024)  # ~9 MB in UTF-8: the red team's hang
    started = time.monotonic()
    response = httpx.post(
        f"{api.url}/graphql", json={"query": SEARCH, "variables": {"name": name}}, timeout=30
    )
    assert response.status_code == 413, response.text[:200]
    assert response.json()["limit"] == api.settings.max_body_bytes
    assert time.monotonic() - started < 10
    assert httpx.get(f"{api.url}/healthz").json()["status"] == "ok"


def test_a_long_string_argument_is_bad_input_naming_the_limit(api: Api) -> None:
    for body in (
        {"query": SEARCH, "variables": {"name": "x" * 5000}},
        {"query": '{ searchEntities(name: "%s") { totalCount } }' % ("y" * 5000)},
    ):
        result = httpx.post(f"{api.url}/graphql", json=body, timeout=30).json()
        error = result["errors"][0]
        assert error["extensions"]["code"] == "BAD_USER_INPUT", result
        assert error["extensions"]["limit"] == api.settings.max_string and "name" in error["message"]
        assert result.get("data") is None
    ok = api.data(SEARCH, name="建设")
    assert ok["searchEntities"]["totalCount"] >= 0


def test_a_decision_text_over_the_limit_is_bad_input(api: Api) -> None:
    limit = api.settings.max_decision_text
    started = time.monotonic()
    result = api.post(SUBMIT, Role.REVIEWER, text="罚" * (limit + 1), name="long.txt").json()
    error = result["errors"][0]
    assert error["extensions"]["code"] == "BAD_USER_INPUT", result
    assert error["extensions"]["limit"] == limit and str(limit) in error["message"]
    assert time.monotonic() - started < 10  # refused before spaCy reads it


def test_healthz_reports_busy_when_every_worker_waits_on_the_graph(
    graph_settings: GraphSettings, session_store: GraphStore
) -> None:
    settings = Settings(graph=graph_settings, api_keys=dict(KEYS), worker_threads=2, busy_after_s=0.2)
    store = GraphStore.open(graph_settings, start_engine=False)
    release = threading.Event()
    try:
        for url in serve_app(settings, store):
            assert httpx.get(f"{url}/healthz").json()["status"] == "ok"
            stuck = [threading.Thread(target=store._bounded, args=("stuck", release.wait)) for _ in range(2)]
            for thread in stuck:
                thread.start()
            time.sleep(0.5)
            busy = httpx.get(f"{url}/healthz", timeout=5)
            assert busy.status_code == 503 and busy.json()["status"] == "busy"
            release.set()
            for thread in stuck:
                thread.join()
            assert httpx.get(f"{url}/healthz").status_code == 200
    finally:
        release.set()
        store.close()


def test_a_graph_outage_answers_503_and_then_fails_fast(tmp_path_factory: pytest.TempPathFactory) -> None:
    dead = GraphSettings(
        home=tmp_path_factory.mktemp("dead"),
        neo4j_uri=f"bolt://127.0.0.1:{free_port()}",
        neo4j_password="x",
        retry_s=2.0,
        cool_down_s=30.0,
    )
    settings = Settings(graph=dead, api_keys=dict(KEYS))
    for url in serve_app(settings):
        first = httpx.post(
            f"{url}/graphql", json={"query": SEARCH, "variables": {"name": "建设"}}, timeout=60
        )
        assert first.status_code == 503, first.text
        assert first.json()["errors"][0]["extensions"]["code"] == "UNAVAILABLE"
        assert first.headers["retry-after"]
        started = time.monotonic()
        again = httpx.post(
            f"{url}/graphql", json={"query": SEARCH, "variables": {"name": "建设"}}, timeout=60
        )
        assert again.status_code == 503
        assert time.monotonic() - started < 1.0, "the circuit is open: no second retry window"
        assert httpx.get(f"{url}/readyz", timeout=5).status_code == 503


def test_failed_authentications_are_throttled_per_address(
    graph_settings: GraphSettings, caplog: pytest.LogCaptureFixture
) -> None:
    settings = dataclasses.replace(Settings(graph=graph_settings, api_keys=dict(KEYS)), auth_failures=10)
    for url in serve_app(settings):
        codes = []
        for n in range(30):
            response = httpx.post(
                f"{url}/graphql",
                json={"query": "{ __typename }"},
                headers={"Authorization": f"Bearer wrong-{n}"},
            )
            codes.append(response.status_code)
        assert codes[:10] == [401] * 10 and set(codes[10:]) == {429}, codes
        assert int(response.headers["retry-after"]) > 0
        # the right key is refused too while the address is throttled: guessing stays slow
        right = httpx.post(
            f"{url}/graphql", json={"query": "{ __typename }"}, headers={"Authorization": "Bearer inv-key"}
        )
        assert right.status_code == 429
        login = httpx.post(f"{url}/login", data={"key": "guess"})
        assert login.status_code == 429
        # the public role (no key) is not an authentication and is never throttled
        assert httpx.post(f"{url}/graphql", json={"query": "{ __typename }"}).status_code == 200
    assert sum("authentication failed" in r.getMessage() for r in caplog.records) == 10
