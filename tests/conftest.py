"""Test fixtures.

Fixture policy (as yente writes it down): tests run against a real database over real Bolt —
the embedded engine, started once per test session in a temporary home on free ports, or a
real Neo4j when NEO4J_TEST_URI (+ NEO4J_TEST_USER / NEO4J_TEST_PASSWORD / NEO4J_TEST_DATABASE)
is set. Nothing is mocked. Each test that takes `store` starts from an empty graph with the
schema applied. Input fixtures are small and real: the hand-labelled decisions in
../shared/data, or files written by the test itself in the formats of shared/formats.md.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from graph.engine import Engine
from graph.settings import GraphSettings
from graph.store import GraphStore
from ingest.kinds import Kind
from ingest.pipeline import FileReport, Ingest, Options
from ingest.quarantine import IngestState

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
DATA = SHARED / "data"

# Ingest in-process against the test graph with a private state file.
SECRET = b"test-id-hash-key"
SAMPLE = ROOT / "sample"

Run = Callable[..., list[FileReport]]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def graph_settings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GraphSettings]:
    """Settings of the test graph; the embedded engine lives for the whole session."""
    home = tmp_path_factory.mktemp("credit-graph-home")
    uri = os.environ.get("NEO4J_TEST_URI")
    if uri:
        yield GraphSettings(
            home=home,
            neo4j_uri=uri,
            neo4j_user=os.environ.get("NEO4J_TEST_USER", "neo4j"),
            neo4j_password=os.environ.get("NEO4J_TEST_PASSWORD", ""),
            database=os.environ.get("NEO4J_TEST_DATABASE", "neo4j"),
            batch_size=500,
        )
        return
    settings = GraphSettings(
        home=home, bolt_port=free_port(), http_port=free_port(), engine_heap="2g", batch_size=500
    )
    engine = Engine(settings)
    engine.start()
    try:
        yield settings
    finally:
        engine.stop()


@pytest.fixture(scope="session")
def session_store(graph_settings: GraphSettings) -> Iterator[GraphStore]:
    store = GraphStore.open(graph_settings, start_engine=False)
    store.ensure_schema()
    yield store
    store.close()


@pytest.fixture
def store(session_store: GraphStore) -> GraphStore:
    """The test graph, emptied (schema kept) before the test."""
    session_store.delete_all()
    return session_store


@pytest.fixture
def env_for_cli(graph_settings: GraphSettings, tmp_path: Path) -> dict[str, str]:
    """Environment for running `credit-graph` as a subprocess against the test graph."""
    env = dict(os.environ)
    env.update(
        {
            "CREDIT_GRAPH_HOME": str(graph_settings.home),
            "CREDIT_GRAPH_BOLT_PORT": str(graph_settings.bolt_port),
            "CREDIT_GRAPH_ENGINE_HTTP_PORT": str(graph_settings.http_port),
            "CREDIT_GRAPH_BATCH_SIZE": str(graph_settings.batch_size),
        }
    )
    if graph_settings.neo4j_uri:
        env.update(
            {
                "NEO4J_URI": graph_settings.neo4j_uri,
                "NEO4J_USER": graph_settings.neo4j_user,
                "NEO4J_PASSWORD": graph_settings.neo4j_password or "",
                "NEO4J_DATABASE": graph_settings.database,
            }
        )
    return env


@pytest.fixture
def state(tmp_path: Path) -> Iterator[IngestState]:
    st = IngestState(tmp_path / "ingest.sqlite")
    yield st
    st.close()


@pytest.fixture
def run(store: GraphStore, state: IngestState) -> Iterator[Run]:
    def _run(
        *paths: Path, kind: Kind | None = None, source: str | None = None, chunk_rows: int = 2000
    ) -> list[FileReport]:
        options = Options(kind=kind, source=source, chunk_rows=chunk_rows)
        return Ingest(store, state, SECRET, options).run(list(paths))

    yield _run
