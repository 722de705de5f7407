"""`credit-graph audit --verify` against a tampered log: the edited line itself, the last line, a
cut tail, a log re-chained without the key, a removed anchor (issue 16, acceptance 3)."""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from api.audit import AuditLog
from api.cli import audit as audit_command


def _app() -> typer.Typer:
    app = typer.Typer()
    app.command("audit")(audit_command.audit)
    app.command("other")(lambda: None)  # two commands: typer keeps `audit` as a sub-command
    return app


@pytest.fixture
def log(tmp_path: Path) -> Path:
    """Five entries written by the server's AuditLog."""
    path = tmp_path / "audit.log"
    audit = AuditLog(path)
    for n in range(5):
        audit.record(f"key:{n:012d}", "investigator", "bidderCheck", [f"e:9111{n}"], "127.0.0.1")
    return path


def verify(log: Path) -> tuple[int, int | None, str]:
    env = {"CREDIT_GRAPH_HOME": str(log.parent), "CREDIT_GRAPH_AUDIT_LOG": str(log)}
    result = CliRunner().invoke(_app(), ["audit", "--verify"], env=env)
    found = re.search(r"line (\d+)", result.output)
    return result.exit_code, int(found.group(1)) if found else None, result.output


def edit(log: Path, number: int, **changes: object) -> None:
    lines = log.read_text(encoding="utf-8").splitlines()
    entry = json.loads(lines[number - 1])
    entry.update(changes)
    lines[number - 1] = json.dumps(entry, ensure_ascii=False, sort_keys=True)
    log.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_an_intact_log_verifies(log: Path) -> None:
    assert verify(log)[:2] == (0, None)


def test_a_middle_edit_is_reported_at_the_edited_line(log: Path) -> None:
    edit(log, 3, remote="10.0.0.9")
    code, line, output = verify(log)
    assert code == 1 and line == 3, output


def test_an_edit_of_the_last_line_is_detected(log: Path) -> None:
    edit(log, 5, subjects=["e:someone-else"])
    code, line, output = verify(log)
    assert code == 1 and line == 5, output


def test_a_cut_tail_is_detected(log: Path) -> None:
    lines = log.read_text(encoding="utf-8").splitlines()
    log.write_text("\n".join(lines[:3]) + "\n", encoding="utf-8")
    code, line, output = verify(log)
    assert code == 1 and line == 4 and "截断" in output, output


def test_a_log_re_chained_without_the_key_is_detected(log: Path) -> None:
    """The attacker drops entry 2 and links every line again: `prev` is the SHA-256 of the line
    before (as the unkeyed chain was) and `mac` an HMAC under a key of their own."""
    entries = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    del entries[1]
    previous, relinked = "0" * 64, []
    for entry in entries:
        entry["prev"] = previous
        body = json.dumps({k: v for k, v in entry.items() if k != "mac"}, ensure_ascii=False, sort_keys=True)
        entry["mac"] = hmac.new(b"guessed", body.encode(), hashlib.sha256).hexdigest()
        text = json.dumps(entry, ensure_ascii=False, sort_keys=True)
        relinked.append(text)
        previous = hashlib.sha256(text.encode()).hexdigest()
    log.write_text("\n".join(relinked) + "\n", encoding="utf-8")
    code, line, output = verify(log)
    assert code == 1 and line == 1, output


def test_a_removed_anchor_is_detected_and_the_key_stays_private(log: Path) -> None:
    assert (log.parent / "audit.key").stat().st_mode & 0o777 == 0o600
    assert (log.parent / "audit.key").read_text().strip() not in log.read_text()
    log.with_name("audit.log.anchor").unlink()
    code, line, output = verify(log)
    assert code == 1 and line == 1, output


def test_a_removed_log_with_its_anchor_is_detected(log: Path) -> None:
    log.unlink()
    log.with_name("audit.log.anchor").unlink()
    code, line, output = verify(log)
    assert code == 1 and line == 1, output


def test_two_writers_keep_one_chain(log: Path) -> None:
    """The server and a CLI command append to the same log: each sees the other's entries."""
    server, cli = AuditLog(log), AuditLog(log)
    for n in range(3):
        server.record("key:server", "admin", "entity", [f"e:{n}"], "127.0.0.1")
        cli.record("cli:tester", "admin", "review show", [f"e:{n}"], "")
    assert verify(log)[:2] == (0, None) and len(server.entries()) == 11


# -- 查询使用登记和审查: filters, counts, Excel ------------------------------------------------


def test_audit_filters_by_user_subject_purpose_and_day_counts_and_exports(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = tmp_path / "audit.log"
    audit = AuditLog(path)
    check = "招标资格审查 FZCG-2024-0088"
    audit.record(
        "user:zhang", "investigator", "bidderCheck", ["e:91110000A", "e:91110000B"], "10.0.0.1", purpose=check
    )
    audit.record(
        "user:li", "investigator", "person", ["=cmd|x"], "10.0.0.2", purpose="案件调查 闽市监〔2026〕3号"
    )
    audit.record("user:zhang", "investigator", "path", ["e:91110000A"], "10.0.0.1")
    env = {"CREDIT_GRAPH_HOME": str(tmp_path), "CREDIT_GRAPH_AUDIT_LOG": str(path)}

    def run(*args: str) -> list[str]:
        result = CliRunner().invoke(_app(), ["audit", *args], env=env)
        assert result.exit_code == 0, result.output
        return result.output.strip().splitlines()

    lines = run("--user", "zhang")
    assert lines[0].endswith(f"事由：{check}") and lines[1].split()[-2] == "path"
    assert [line.split()[-4] for line in run("--purpose", "fzcg-2024")] == ["bidderCheck"]  # case-blind
    assert len(run("--purpose", "〔2026〕3号")) == 1 and run("--purpose", "无此事由") == []
    assert len(run("--subject", "91110000a")) == 2 and len(run("--subject", "91110000B")) == 1
    assert run("--since", "2999-01-01") == [] and len(run("--until", "2999-01-01")) == 3
    assert [line.split() for line in run("--counts")] == [["2", "user:zhang"], ["1", "user:li"]]
    out = tmp_path / "review.xlsx"
    assert "2 条记录" in run("--user", "user:zhang", "--xlsx", str(out))[0]
    rows = [[c.value for c in r] for r in load_workbook(out).active.iter_rows()]
    assert rows[0][1] == "用户" and [r[1] for r in rows[1:]] == ["user:zhang", "user:zhang"]
    assert rows[0][4] == "事由" and [r[4] for r in rows[1:]] == [check, None]
    run("--user", "li", "--xlsx", str(out))
    cell = load_workbook(out).active["F2"]
    assert cell.data_type == "s" and cell.value == "'=cmd|x"  # neutralised, not a formula
    assert audit.verify() is None
