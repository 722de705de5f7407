"""The embedded engine's life cycle: idempotent start/stop/status, recovery after kill -9."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from graph.engine import Engine
from graph.errors import SchemaMissing
from graph.model import Entity, Provenance, Record
from graph.settings import GraphSettings
from graph.store import GraphStore
from tests.conftest import ROOT, free_port

pytestmark = pytest.mark.slow  # each test boots an engine of its own


@pytest.fixture
def own_settings(tmp_path: Path) -> GraphSettings:
    """A second engine of its own, so killing it leaves the session's engine alone."""
    return GraphSettings(
        home=tmp_path / "home", bolt_port=free_port(), http_port=free_port(), engine_heap="1g"
    )


def cli(settings: GraphSettings, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.update(
        CREDIT_GRAPH_HOME=str(settings.home),
        CREDIT_GRAPH_BOLT_PORT=str(settings.bolt_port),
        CREDIT_GRAPH_ENGINE_HTTP_PORT=str(settings.http_port),
        CREDIT_GRAPH_ENGINE_HEAP=settings.engine_heap,
    )
    env.pop("NEO4J_URI", None)
    return subprocess.run(
        [sys.executable, "-m", "api", *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=300
    )


def test_start_status_stop_are_idempotent_and_kill_9_recovers(own_settings: GraphSettings) -> None:
    assert cli(own_settings, "db", "status").returncode == 1  # not started yet

    first = cli(own_settings, "db", "start")
    assert first.returncode == 0, first.stderr
    pid = int((own_settings.home / "engine.pid").read_text())
    again = cli(own_settings, "db", "start")
    assert again.returncode == 0 and f"pid {pid}" in again.stdout  # same process, not a second one
    assert cli(own_settings, "db", "status").returncode == 0
    assert (own_settings.home / "engine.password").stat().st_mode & 0o777 == 0o600

    entity = Entity("e:TEST", "测试有限公司", "测试有限公司", uscc="TEST")
    with GraphStore.open(own_settings, start_engine=False) as store:
        with store.writer() as writer:
            writer.add(Record(Provenance("t", "t:1", "test", date(2026, 1, 1)), (entity,)))
        before = store.counts()
    assert before["nodes"] == 1

    os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while cli(own_settings, "db", "status").returncode == 0 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert cli(own_settings, "db", "status").returncode == 1

    restarted = cli(own_settings, "db", "start")
    assert restarted.returncode == 0, restarted.stderr + restarted.stdout
    with GraphStore.open(own_settings, start_engine=False) as store:
        assert store.counts() == before  # the data survived the crash

    assert cli(own_settings, "db", "stop").returncode == 0
    assert cli(own_settings, "db", "stop").returncode == 0
    assert cli(own_settings, "db", "status").returncode == 1
    assert not (own_settings.home / "engine.pid").exists()


def test_writer_refuses_without_schema(own_settings: GraphSettings) -> None:
    engine = Engine(own_settings)
    engine.start()
    try:
        with GraphStore.open(own_settings, start_engine=False) as store:
            with pytest.raises(SchemaMissing) as err:
                store.writer()
            assert "entity_id" in err.value.missing
            store.ensure_schema()
            store.ensure_schema()  # applying twice is harmless
            assert store.missing_constraints() == []
    finally:
        engine.stop()


def test_stop_closes_connected_clients_instead_of_waiting_for_them(own_settings: GraphSettings) -> None:
    """Issue 16 (6): with an API process connected, the engine's stop waited for its Bolt
    connections (60 s, then SIGKILL); it now closes them and stops cleanly in seconds."""
    engine = Engine(own_settings)
    engine.start()
    store = GraphStore.open(own_settings, start_engine=False)
    try:
        assert store.ping()
        started = time.monotonic()
        engine.stop()
        took = time.monotonic() - started
    finally:
        store.close()
    assert took < 15, f"stop took {took:.1f}s"
    log = (own_settings.home / "engine.log").read_text(errors="replace")
    assert "closed 1 bolt client connection(s)" in log and "engine stopped" in log
