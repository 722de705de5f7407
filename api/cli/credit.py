"""`credit-graph report` (信用报告 PDF; `report verify FILE.pdf`) and `credit-graph feedback` (KPI rate)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import typer

from api.audit import AuditLog
from api.cli.reads import REMOTE, ROLE, cli_user
from api.feedback import CheckLog
from api.gql.limits import MAX_PURPOSE
from api.report import ReportError, ReportRequest, issue
from api.settings import Settings
from api.verification import verify_pdf
from graph.legal.codes import parse_uscc
from graph.store import GraphStore
from ingest.catalogue import CatalogueError
from ingest.catalogue.measures import MeasureCatalogue


def _fail(message: str) -> typer.Exit:
    typer.echo(message, err=True)
    return typer.Exit(1)


def report(
    target: str = typer.Argument(None, help="the subject's USCC, or `verify` to check a report"),
    file: Path = typer.Argument(None, help="with `verify`: the PDF to check"),  # noqa: B008
    purpose: str = typer.Option(None, "--purpose", help="查询用途 (required for a report; audited)"),
    output: Path = typer.Option(None, "--output", help="where to write the PDF"),  # noqa: B008
    as_of: str = typer.Option(None, "--as-of", help="data as of this day (YYYY-MM-DD, default today)"),
    matter: str = typer.Option(None, "--matter", help="the matter for the measures verdict (招标投标 …)"),
    tender: str = typer.Option(None, "--tender", help="a 项目编号: one PDF, one section per bidder"),
) -> None:
    """Issue a 信用报告 as PDF (one subject, or every bidder of --tender), or `report verify FILE.pdf`."""
    settings = Settings.from_env()
    home = settings.graph.home
    if target == "verify":
        if file is None or not file.is_file():
            raise _fail("用法：credit-graph report verify FILE.pdf（文件不存在）")
        result = verify_pdf(home, file.read_bytes())
        typer.echo(result.message)
        if not result.genuine:
            raise typer.Exit(1)
        return
    if not purpose or not purpose.strip() or len(purpose.strip()) > MAX_PURPOSE:
        raise _fail(f"须用 --purpose 说明查询用途（不超过 {MAX_PURPOSE} 字）")
    if output is None:
        raise _fail("须用 --output 给出 PDF 文件")
    if (target is None) == (tender is None):
        raise _fail("须给出一个统一社会信用代码，或 --tender 项目编号（二者只能其一）")
    code = parse_uscc(target.strip().upper()) if target else None
    if target and code is None:
        raise _fail(f"统一社会信用代码 {target} 无效")
    try:
        day = date.fromisoformat(as_of) if as_of else date.today()
        catalogue = MeasureCatalogue.load(home)
    except ValueError as error:
        raise _fail(f"--as-of {as_of} 不是日期（YYYY-MM-DD）") from error
    except CatalogueError as error:
        raise _fail(str(error)) from error
    known = catalogue.matter(matter) if matter else None
    if matter and known is None:
        raise _fail(f"未知事项「{matter}」；已知事项：{'、'.join(catalogue.known_matters)}")
    who = cli_user()
    request = ReportRequest([code] if code else [], purpose.strip(), who, day, known, tender)
    with GraphStore.open(settings.graph) as store:
        try:
            made = issue(store, home, request, catalogue, AuditLog(settings.audit_path), (who, ROLE, REMOTE))
        except ReportError as error:
            raise _fail(str(error)) from error
    output.write_bytes(made.pdf)
    typer.echo(
        f"信用报告 {made.issued.report_no} 已写入 {output}（{len(made.pdf)} 字节），验证码 {made.issued.code}"
    )


def feedback(
    since: str = typer.Option(None, "--since", help="checks from this day (YYYY-MM-DD, UTC)"),
    until: str = typer.Option(None, "--until", help="checks to this day inclusive (YYYY-MM-DD, UTC)"),
) -> None:
    """Per department and month: checks with feedback ÷ checks that triggered a measure (the KPI)."""
    for value, name in ((since, "--since"), (until, "--until")):
        if value:
            try:
                date.fromisoformat(value)
            except ValueError as error:
                raise _fail(f"{name} {value} 不是日期（YYYY-MM-DD）") from error
    log = CheckLog(Settings.from_env().graph.home)
    try:
        rates = log.rates(since, until)
    finally:
        log.close()
    if not rates:
        typer.echo("没有触发措施的信用核查记录")
        return
    typer.echo(f"{'部门':<20}{'月份':<10}{'触发措施的核查':>14}{'已反馈':>8}{'反馈率':>10}")
    for r in rates:
        typer.echo(f"{r.department:<20}{r.month:<10}{r.triggered:>14}{r.with_feedback:>8}{r.rate:>10.1%}")
    triggered = sum(r.triggered for r in rates)
    fed = sum(r.with_feedback for r in rates)
    departments = {r.department for r in rates}
    active = {r.department for r in rates if r.with_feedback}
    typer.echo(
        f"合计：{fed}/{triggered} 次核查有反馈（{fed / triggered:.1%}）；"
        f"有反馈的部门 {len(active)}/{len(departments)}（{len(active) / len(departments):.1%}）"
    )
