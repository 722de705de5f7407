"""`credit-graph decisions submit|rereview` and `credit-graph review list|show|approve|correct|reject`.

The reviewer recorded in the log and in the published facts is `cli:$USER`; `review show` is
logged in the query audit log like an API read (api/cli/reads.py).
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from api.cli.reads import audited, checked_purpose, cli_user
from api.settings import Settings
from graph.errors import GraphError
from graph.review import queue as review
from graph.review.errors import ReviewFailed
from graph.review.reviewer import Reviewer
from graph.review.status import ReviewStatus
from graph.settings import GraphSettings
from graph.store import GraphStore
from nlp.extract import EXTRACTOR_VERSION, Extractor
from nlp.readers import UnsupportedFile, read_text

decisions_app = typer.Typer(no_args_is_help=True, help="Submit penalty decision documents for review")
review_app = typer.Typer(no_args_is_help=True, help="Review machine-extracted decisions")


T = TypeVar("T")


def reviewer() -> str:
    return cli_user()


@contextmanager
def _store(settings: GraphSettings | None = None) -> Iterator[GraphStore]:
    try:
        with GraphStore.open(settings or GraphSettings.from_env()) as store:
            store.ensure_schema()
            yield store
    except GraphError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from exc


@contextmanager
def _reviewer() -> Iterator[Reviewer]:
    """The user as reviewer (`cli:$USER`), with the ID-hash key of the graph's settings."""
    settings = GraphSettings.from_env()
    with _store(settings) as store:
        yield Reviewer(store, settings.id_secret(), by=reviewer())


def _act(fn: Callable[[], T]) -> T:
    try:
        return fn()
    except ReviewFailed as exc:
        typer.echo(f"refused ({exc.refusal}): {exc.message}", err=True)
        for check in exc.check.fields if exc.check else []:
            if check.agrees is False:
                typer.echo(f"  {check.field}: decision {check.extracted} ≠ 双公示 {check.recorded}", err=True)
        raise typer.Exit(2) from exc


@decisions_app.command("submit")
def submit(
    paths: Annotated[list[Path], typer.Argument(help=".txt (UTF-8/GBK), .docx or .pdf decisions")],
) -> None:
    """Extract each document and store it as a pending extraction (resubmitting is a no-op)."""
    extractor = Extractor()
    limit = Settings.from_env().max_decision_text
    with _reviewer() as acting:
        for path in paths:
            try:
                text = read_text(path)  # the reader of the review desk's uploads too
            except UnsupportedFile as exc:
                typer.echo(f"error: {path}: {exc.reason}", err=True)
                raise typer.Exit(1) from exc
            except OSError as exc:
                typer.echo(f"error: {path}: {exc}", err=True)
                raise typer.Exit(1) from exc
            if len(text) > limit:
                typer.echo(
                    f"error: {path}: 决定书文本过长（{len(text)} 字符，"
                    f"上限 {limit}，CREDIT_GRAPH_MAX_DECISION_TEXT）"
                    f" / decision text too long ({len(text)} characters, limit {limit})",
                    err=True,
                )
                raise typer.Exit(1)
            xid, created = acting.submit(extractor, text, path.name)
            typer.echo(f"{xid}\t{'submitted' if created else 'already submitted'}\t{path}")


@decisions_app.command("rereview")
def rereview() -> None:
    """Re-extract decisions read by an older extractor; changed published ones go back to the queue."""
    with _reviewer() as acting:
        requeued = acting.rereview(Extractor(), EXTRACTOR_VERSION)
    typer.echo(f"{len(requeued)} re-queued as {ReviewStatus.CHANGED}")
    for xid in requeued:
        typer.echo(f"  {xid}")


@review_app.command("list")
def list_(
    status: Annotated[
        list[ReviewStatus] | None, typer.Option("--status", help="default: pending and changed")
    ] = None,
    first: Annotated[int, typer.Option("--first")] = 50,
) -> None:
    """The queue, most in need of a person first."""
    with _store() as store:
        items, total = review.queue(store, 0, first, status)
    typer.echo(f"{total} extraction(s)")
    for item in items:
        conf = "-" if item.lowest_confidence is None else f"{item.lowest_confidence:.2f}"
        cells = [item.id, item.status, f"priority {item.priority:g}", f"conflicts {item.conflicts}",
                 f"confidence {conf}", f"warnings {len(item.warnings)}", item.decision_no or "?",
                 item.source_name]  # fmt: skip
        typer.echo("\t".join(cells))


@review_app.command("show")
def show(
    extraction_id: str,
    purpose: Annotated[
        str | None, typer.Option("--purpose", help="查询事由 (事由 + 项目编号/文号), kept in the audit log")
    ] = None,
) -> None:
    """Values, cross-check and the review log of one extraction, as JSON (logged in the audit)."""
    why = checked_purpose(purpose)
    with audited("review show", [extraction_id], why) as touched, _store() as store:
        detail = review.show(store, extraction_id)
        if detail is None:
            typer.echo(f"no extraction {extraction_id}", err=True)
            raise typer.Exit(1)
        touched.append(detail.case_id or "")
    out: dict[str, Any] = {
        "id": detail.item.id, "status": detail.item.status, "source": detail.item.source_name,
        "priority": detail.item.priority, "values": detail.values, "published": detail.published,
        "cross_check": dataclasses.asdict(detail.cross_check) if detail.cross_check else None,
        "case_id": detail.case_id,
        "log": [a.__dict__ for a in detail.actions],
    }  # fmt: skip
    typer.echo(json.dumps(out, ensure_ascii=False, indent=2, default=str))


@review_app.command("approve")
def approve(extraction_id: str, reason: Annotated[str | None, typer.Option("--reason")] = None) -> None:
    """Publish as read (a cross-check conflict needs --reason)."""
    with _reviewer() as acting:
        case = _act(lambda: acting.approve(extraction_id, reason))
    typer.echo(f"published as {case}")


def _value(text: str) -> object:
    """`--set total_fine_yuan=5000`, `--set decision_date=2024-01-02`, `--set parties.0.uscc=null`."""
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return text


@review_app.command("correct")
def correct(
    extraction_id: str,
    changes: Annotated[list[str], typer.Option("--set", help="FIELD=VALUE (VALUE as JSON or text)")],
    reason: Annotated[str | None, typer.Option("--reason")] = None,
) -> None:
    """Change fields (old and new value are logged), then publish."""
    pairs = []
    for change in changes:
        field, sep, value = change.partition("=")
        if not sep:
            typer.echo(f"expected FIELD=VALUE, got {change}", err=True)
            raise typer.Exit(2)
        pairs.append((field.strip(), _value(value)))
    with _reviewer() as acting:
        case = _act(lambda: acting.correct(extraction_id, pairs, reason))
    typer.echo(f"corrected and published as {case}")


@review_app.command("reject")
def reject(extraction_id: str, reason: Annotated[str, typer.Option("--reason")]) -> None:
    """Reject with a reason: nothing reaches the public graph."""
    with _reviewer() as acting:
        status = _act(lambda: acting.reject(extraction_id, reason))
    typer.echo(f"rejected; status {status}")


def register(app: typer.Typer) -> None:
    app.add_typer(decisions_app, name="decisions")
    app.add_typer(review_app, name="review")
