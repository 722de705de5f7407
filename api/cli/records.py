"""`credit-graph repair | withdraw | maintain`: credit repair, withdrawal and the daily job.

`repair` and `withdraw` read the record they change: each is logged in the query audit log like
an API read (api/cli/reads.py), with its `--purpose`.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date

import typer

from api.cli.reads import audited, checked_purpose, cli_user
from graph.ids import case_id
from graph.lifecycle.errors import RecordError
from graph.lifecycle.maintenance import maintain
from graph.lifecycle.records import repair, withdraw
from graph.lifecycle.repairs import RepairMethod
from graph.settings import GraphSettings
from graph.store import GraphStore
from ingest.catalogue import CatalogueError, ListCatalogue


def _record_id(record: str) -> str:
    """A node id (case:…, listing:…) or `处罚机关/决定书文号`."""
    if ":" in record.split("/", 1)[0]:
        return record
    authority, _, number = record.partition("/")
    if not number:
        raise typer.BadParameter("give a record id (case:…/listing:…) or 处罚机关/决定书文号")
    return case_id(authority, number)


def _who() -> str:
    return cli_user()


PURPOSE_HELP = "查询事由 (事由 + 项目编号/文号, e.g. 信用修复受理号), kept in the audit log"


def repair_command(
    record: str = typer.Argument(..., help="case:…/listing:… id, or 处罚机关/决定书文号"),
    on: str = typer.Option(..., "--date", help="repair date, YYYY-MM-DD"),
    source: str = typer.Option(..., "--source", help="who decided the repair (e.g. 信用中国 受理号)"),
    method: str = typer.Option(None, "--method", help="修复方式: " + "、".join(RepairMethod)),
    purpose: str = typer.Option(None, "--purpose", help=PURPOSE_HELP),
) -> None:
    """Record a credit repair: the record stops being shown and used from that date, and is kept."""
    if method is not None and method not in {m.value for m in RepairMethod}:
        raise typer.BadParameter("修复方式 is one of " + "、".join(RepairMethod))
    record_id, why = _record_id(record), checked_purpose(purpose)
    with audited("repair", [record_id], why), GraphStore.open(GraphSettings.from_env()) as store:
        try:
            repair(store, record_id, date.fromisoformat(on), source, _who(), method)
        except RecordError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(1) from exc
    typer.echo(f"repaired {record} from {on}")


def withdraw_command(
    record: str = typer.Argument(..., help="case:…/listing:… id, or 处罚机关/决定书文号"),
    reason: str = typer.Option(..., "--reason", help="why (e.g. 决定被复议撤销)"),
    on: str = typer.Option(None, "--date", help="withdrawal date (default today)"),
    revoked_on: str = typer.Option(None, "--revoked-on", help="when the decision was revoked or changed"),
    purpose: str = typer.Option(None, "--purpose", help=PURPOSE_HELP),
) -> None:
    """Withdraw a published record (行政处罚法 art. 48: within 3 days of the revocation)."""
    day = date.fromisoformat(on) if on else date.today()
    revoked = date.fromisoformat(revoked_on) if revoked_on else None
    record_id, why = _record_id(record), checked_purpose(purpose)
    with audited("withdraw", [record_id], why), GraphStore.open(GraphSettings.from_env()) as store:
        try:
            in_time = withdraw(store, record_id, reason, _who(), day, revoked)
        except RecordError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(1) from exc
    typer.echo(
        f"withdrew {record} on {day}" + ("" if in_time else " — LATE: more than 3 days after revocation")
    )


def maintain_command(
    as_json: bool = typer.Option(False, "--json", help="print one JSON object"),
    on: str = typer.Option(None, "--date", help="replay this day (YYYY-MM-DD; default today)"),
) -> None:
    """The daily job: classify new records, write listing windows; report ended windows and listings,
    late withdrawals, objection and repair-application SLA breaches."""
    day = date.fromisoformat(on) if on else date.today()
    settings = GraphSettings.from_env()
    try:
        catalogue = ListCatalogue.load(settings.home)  # + $CREDIT_GRAPH_HOME/lists.json
    except CatalogueError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from exc
    with GraphStore.open(settings) as store:
        report = maintain(store, day, catalogue.rule_for)
    result = asdict(report)
    if as_json:
        typer.echo(json.dumps(result, ensure_ascii=False, default=str))
        return
    typer.echo(f"classified: {report.classified or 'nothing new'}")
    typer.echo(f"as of {day}; listing windows written: {report.listing_windows_written}")
    for key, rows in result.items():
        if key in ("classified", "listing_windows_written"):
            continue
        typer.echo(f"{key}: {len(rows)}")
        for row in rows[:20]:
            typer.echo(f"  {row}")


def register(app: typer.Typer) -> None:
    app.command("repair")(repair_command)
    app.command("withdraw")(withdraw_command)
    app.command("maintain")(maintain_command)
