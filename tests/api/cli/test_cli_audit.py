"""CLI reads of subjects are logged like API reads (issue 16): `review show`, `repair` and
`withdraw` append an audit entry naming `cli:$USER`, the command, the subjects and the `--purpose`."""

from __future__ import annotations

import re
from pathlib import Path

import typer
from typer.testing import CliRunner

from api.audit import AuditLog
from api.cli import records as record_commands
from api.cli import review as review_commands
from graph.store import GraphStore
from tests.conftest import DATA


def _app() -> typer.Typer:
    app = typer.Typer()
    review_commands.register(app)
    record_commands.register(app)
    return app


def test_review_show_repair_and_withdraw_are_audited_with_their_purpose(
    store: GraphStore, env_for_cli: dict[str, str], tmp_path: Path
) -> None:
    log_path = tmp_path / "audit.log"
    env = {**env_for_cli, "USER": "tester", "CREDIT_GRAPH_ID_KEY": "test-key"}
    env["CREDIT_GRAPH_AUDIT_LOG"] = str(log_path)
    run = CliRunner()

    def cli(*args: str) -> str:
        result = run.invoke(_app(), list(args), env=env)
        assert result.exit_code == 0, result.output
        return result.output

    xid = cli("decisions", "submit", str(DATA / "decisions" / "029.txt")).split("\t")[0]
    found = re.search(
        r"published as (case:\S+)", cli("review", "correct", xid, "--set", "total_fine_yuan=1000")
    )
    assert found is not None
    case = found.group(1)
    log = AuditLog(log_path)
    assert log.entries() == []  # submitting and correcting are actions, logged on the extraction

    cli("review", "show", xid, "--purpose", "  复核 闽市监〔2026〕3号 ")
    cli(
        "repair",
        case,
        "--date",
        "2099-01-01",
        "--source",
        "某市发改委",
        "--purpose",
        "信用修复 受理号 XF-2026-01",
    )
    cli("withdraw", case, "--reason", "决定被复议撤销")
    shown, repaired, withdrawn = log.entries()
    assert (shown.key_id, shown.role, shown.operation) == ("cli:tester", "cli", "review show")
    assert shown.subjects == sorted([xid, case]) and shown.purpose == "复核 闽市监〔2026〕3号"
    assert (repaired.operation, repaired.subjects, repaired.outcome) == ("repair", [case], "ok")
    assert repaired.purpose == "信用修复 受理号 XF-2026-01" and repaired.key_id == "cli:tester"
    assert (withdrawn.operation, withdrawn.subjects, withdrawn.purpose) == ("withdraw", [case], "")

    # A refused read is logged too; a blank or overlong purpose is refused before anything is read.
    missing = run.invoke(_app(), ["review", "show", "extraction:none", "--purpose", "复核"], env=env)
    assert missing.exit_code == 1
    assert (log.entries()[-1].subjects, log.entries()[-1].outcome) == (["extraction:none"], "error")
    for bad in ("   ", "事" * 201):
        refused = run.invoke(_app(), ["review", "show", xid, "--purpose", bad], env=env)
        assert refused.exit_code == 2 and "查询事由" in refused.output, refused.output
    assert len(log.entries()) == 4
    assert AuditLog(log_path).verify() is None
    listed = run.invoke(_app(), ["review", "show", xid], env=env)
    assert listed.exit_code == 0 and log.entries()[-1].purpose == ""
