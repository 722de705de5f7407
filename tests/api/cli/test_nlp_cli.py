"""`credit-graph extract` writes one JSON object per file; `nlp-eval` prints the table."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from typer.testing import CliRunner

from api.cli import nlp as nlp_commands
from tests.conftest import DATA


def _app() -> typer.Typer:
    app = typer.Typer()
    nlp_commands.register(app)
    return app


def test_extract_writes_json_lines(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    files = [str(DATA / "decisions" / name) for name in ("001.txt", "026.txt")]
    result = CliRunner().invoke(_app(), ["extract", *files, "--output", str(out)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["source_file"] for r in rows] == files
    assert rows[0]["penalties"] == [{"type": "罚款", "amount_yuan": 52120}]
    assert rows[1]["penalties"] == [{"type": "警告", "amount_yuan": None}]
    assert rows[0]["extractor_version"].startswith("nlp-rules/")


def test_nlp_eval_prints_fields() -> None:
    decisions = DATA / "decisions"
    result = CliRunner().invoke(_app(), ["nlp-eval", str(decisions / "gold.jsonl"), str(decisions)])
    assert result.exit_code == 0, result.output
    assert "micro" in result.output and "violated_provisions" in result.output
