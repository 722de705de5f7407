"""Issue 16, finding 8: operator accidents get a clear message, not a Cypher error or a Java trace."""

from __future__ import annotations

import socket
import time
from pathlib import Path

import typer
from typer.testing import CliRunner

from api.cli import db
from api.cli import ingest as ingest_commands
from api.cli import review as review_commands
from graph.homelock import HomeLock
from graph.settings import GraphSettings
from graph.store import GraphStore
from tests.conftest import free_port


def _ingest_app() -> typer.Typer:
    app = typer.Typer()
    ingest_commands.register(app)
    return app


def test_a_second_ingest_into_one_home_says_who_holds_it(
    graph_settings: GraphSettings, env_for_cli: dict[str, str], tmp_path: Path
) -> None:
    rows = tmp_path / "listings.csv"
    rows.write_text("统一社会信用代码,主体名称\n", encoding="utf-8")
    with HomeLock(graph_settings.home, "credit-graph ingest big.csv"):
        result = CliRunner().invoke(_ingest_app(), ["ingest", str(rows)], env=env_for_cli)
    assert result.exit_code == 1, result.output
    text = " ".join(result.output.split())
    assert "正被另一进程使用" in text and "held by another process" in text
    assert "credit-graph ingest big.csv" in text and "pid" in text
    # the holder gone, the lock is free again (flock dies with its holder: no stale lock)
    with HomeLock(graph_settings.home, "next"):
        pass


def test_db_start_on_a_taken_port_names_the_port_and_the_variable(tmp_path: Path) -> None:
    with socket.socket() as other:  # another home's engine, say
        other.bind(("127.0.0.1", 0))
        other.listen()
        taken = other.getsockname()[1]
        env = {
            "CREDIT_GRAPH_HOME": str(tmp_path / "home"),
            "CREDIT_GRAPH_BOLT_PORT": str(taken),
            "CREDIT_GRAPH_ENGINE_HTTP_PORT": str(free_port()),
            "NEO4J_URI": "",
        }
        started = time.monotonic()
        result = CliRunner().invoke(db.app, ["start"], env=env)
    assert result.exit_code == 1, result.output
    assert f"port {taken}" in result.output and "CREDIT_GRAPH_BOLT_PORT" in result.output
    assert "已被占用" in result.output and "Exception" not in result.output
    assert time.monotonic() - started < 10
    assert not (tmp_path / "home" / "engine.pid").exists()


def test_decisions_submit_refuses_a_text_over_the_limit(
    store: GraphStore, env_for_cli: dict[str, str], tmp_path: Path
) -> None:
    """Issue 16 (7): the CLI names the file, the length and the limit (and its variable)."""
    long = tmp_path / "long.txt"
    long.write_text("行政处罚决定书" + "罚" * 1000, encoding="utf-8")
    env = {**env_for_cli, "USER": "tester", "CREDIT_GRAPH_MAX_DECISION_TEXT": "1000"}
    app = typer.Typer()
    review_commands.register(app)
    result = CliRunner().invoke(app, ["decisions", "submit", str(long)], env=env)
    assert result.exit_code == 1, result.output
    text = " ".join(result.output.split())
    assert (
        "long.txt" in text
        and "1007" in text
        and "上限 1000" in text
        and "CREDIT_GRAPH_MAX_DECISION_TEXT" in text
    )
