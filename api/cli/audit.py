"""`credit-graph audit`: list, filter, count, export (and verify) the append-only query audit log."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Annotated

import typer
from openpyxl import Workbook

from api.audit import AuditEntry, AuditLog, matching
from api.excel import append_row
from api.settings import Settings

HEADERS = ["时间 (UTC)", "用户", "角色", "查询", "事由", "主体", "来源地址", "结果"]


def export(entries: list[AuditEntry], path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "查询使用登记"
    append_row(sheet, HEADERS)
    for e in entries:
        append_row(
            sheet,
            [e.at, e.key_id, e.role, e.operation, e.purpose, "、".join(e.subjects), e.remote, e.outcome],
        )
    book.save(path)


def audit(
    last: int = typer.Option(50, help="show the last N matching entries (0: all)"),
    verify: bool = typer.Option(
        False, "--verify", help="check the keyed chain and its anchor; exit 1 when edited, cut or re-chained"
    ),
    as_json: bool = typer.Option(False, "--json", help="one JSON object per line"),
    user: str | None = typer.Option(None, "--user", help="only this user (NAME or user:NAME) or key id"),
    subject: str | None = typer.Option(None, "--subject", help="only entries naming this USCC (or id part)"),
    purpose: str | None = typer.Option(
        None, "--purpose", help="only entries whose purpose (事由) contains this text"
    ),
    since: str | None = typer.Option(None, "--since", help="from this day (YYYY-MM-DD, UTC)"),
    until: str | None = typer.Option(None, "--until", help="to this day inclusive (YYYY-MM-DD, UTC)"),
    counts: bool = typer.Option(False, "--counts", help="entries per user (of those matching)"),
    xlsx: Annotated[
        Path | None, typer.Option("--xlsx", help="write the matching entries to this Excel file")
    ] = None,
) -> None:
    """Who queried which subjects, when, why (事由) and from where."""
    log = AuditLog(Settings.from_env().audit_path)
    if verify:
        broken = log.verify()
        if broken is not None:
            typer.echo(f"audit log chain broken at line {broken.line}: {broken.reason}", err=True)
            raise typer.Exit(1)
        typer.echo("audit log intact")
        return
    entries = matching(log.entries(), user, subject, since, until, purpose)
    if xlsx is not None:
        export(entries, xlsx)
        typer.echo(f"{len(entries)} 条记录已导出到 {xlsx}")
        return
    if counts:
        for who, count in Counter(e.key_id for e in entries).most_common():
            typer.echo(json.dumps({"user": who, "count": count}) if as_json else f"{count:>8}  {who}")
        return
    for entry in entries[-last:] if last else entries:
        if as_json:
            typer.echo(json.dumps(entry.__dict__, ensure_ascii=False))
        else:
            subjects = ",".join(entry.subjects[:5]) + (" …" if len(entry.subjects) > 5 else "")
            who = f"{entry.role:<12} {entry.key_id:<16} {entry.remote:<15}"
            outcome = "" if entry.outcome == "ok" else f" [{entry.outcome}]"
            why = f"  事由：{entry.purpose}" if entry.purpose else ""
            typer.echo(f"{entry.at}  {who} {entry.operation}{outcome}  {subjects}{why}")
