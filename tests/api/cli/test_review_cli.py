"""`credit-graph decisions submit` and `credit-graph review …` against the test graph."""

from __future__ import annotations

import io
import json
from pathlib import Path

import docx
import typer
from pypdf import PdfWriter
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


def test_cli_submit_reads_gbk_text_and_docx_and_names_a_pdf_without_text(
    store: GraphStore, env_for_cli: dict[str, str], tmp_path: Path
) -> None:
    env = {**env_for_cli, "USER": "tester", "CREDIT_GRAPH_ID_KEY": "test-key"}
    text = (DATA / "decisions" / "030.txt").read_text(encoding="utf-8")
    (tmp_path / "030-gbk.txt").write_bytes(text.encode("gb18030"))
    document = docx.Document()
    for line in (DATA / "decisions" / "031.txt").read_text(encoding="utf-8").splitlines():
        document.add_paragraph(line)
    document.save(str(tmp_path / "031.docx"))
    files = [str(tmp_path / n) for n in ("030-gbk.txt", "031.docx")]
    submitted = CliRunner().invoke(_app(), ["decisions", "submit", *files], env=env)
    assert submitted.exit_code == 0, submitted.output
    ids = [line.split("\t")[0] for line in submitted.output.splitlines()]
    shown = [json.loads(CliRunner().invoke(_app(), ["review", "show", i], env=env).output) for i in ids]
    assert shown[0]["values"]["decision_no"] and shown[1]["values"]["decision_no"]
    scan = io.BytesIO()
    writer = PdfWriter()
    writer.add_blank_page(width=400, height=300)
    writer.write(scan)
    (tmp_path / "scan.pdf").write_bytes(scan.getvalue())
    refused = CliRunner().invoke(_app(), ["decisions", "submit", str(tmp_path / "scan.pdf")], env=env)
    assert refused.exit_code == 1 and "scan.pdf" in refused.output and "没有文字层" in refused.output
