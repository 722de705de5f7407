"""`credit-graph decisions submit` and `credit-graph review …` against the test graph."""

from __future__ import annotations

import json

import typer
from typer.testing import CliRunner

from api.cli import review as review_commands
from graph.store import GraphStore
from tests.conftest import DATA


def _app() -> typer.Typer:
    app = typer.Typer()
    review_commands.register(app)
    return app


def test_cli_submit_list_correct_reject(store: GraphStore, env_for_cli: dict[str, str]) -> None:
    env = {**env_for_cli, "USER": "tester", "CREDIT_GRAPH_ID_KEY": "test-key"}
    run = CliRunner()
    files = [str(DATA / "decisions" / n) for n in ("029.txt", "031.txt")]
    submitted = run.invoke(_app(), ["decisions", "submit", *files], env=env)
    assert submitted.exit_code == 0, submitted.output
    first, second = (line.split("\t")[0] for line in submitted.output.splitlines())
    listed = run.invoke(_app(), ["review", "list"], env=env)
    assert listed.output.startswith("2 extraction(s)") and first in listed.output

    refused = run.invoke(_app(), ["review", "correct", first, "--set", "decision_date=2025-13-01"], env=env)
    assert refused.exit_code == 2 and "BAD_CHANGE" in refused.output
    fixed = run.invoke(_app(), ["review", "correct", first, "--set", "total_fine_yuan=1000"], env=env)
    assert fixed.exit_code == 0 and "published as case:" in fixed.output
    rejected = run.invoke(_app(), ["review", "reject", second, "--reason", "scan of another case"], env=env)
    assert rejected.exit_code == 0 and "status rejected" in rejected.output

    shown = json.loads(run.invoke(_app(), ["review", "show", first], env=env).output)
    assert shown["status"] == "corrected" and shown["values"]["total_fine_yuan"] == 1000
    assert [(a["action"], a["by"]) for a in shown["log"]] == [
        ("submit", "cli:tester"),
        ("correct", "cli:tester"),
    ]
