"""`credit-graph ingest PATH…`, `credit-graph quarantine list|export`, `credit-graph quality`."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeRemainingColumn
from rich.table import Table

from graph.errors import GraphError
from graph.export import admin_commands
from graph.homelock import HomeLock
from graph.settings import GraphSettings
from graph.store import GraphStore
from ingest.catalogue import CatalogueError, ListCatalogue
from ingest.errors import GraphNotEmpty
from ingest.kinds import Kind
from ingest.pipeline import FileReport, Ingest, Options
from ingest.quality import QualityRow, quality_rows, write_xlsx
from ingest.quarantine import IngestState, export_xlsx, state_path

quarantine_app = typer.Typer(no_args_is_help=True, help="Rows that failed validation")


def ingest(
    paths: Annotated[list[Path], typer.Argument(help="files or directories (CSV, XLSX, JSON, JSONL)")],
    kind: Annotated[Kind | None, typer.Option("--kind", help="force the kind, not detected")] = None,
    source: Annotated[
        str | None,
        typer.Option("--source", help="数据来源单位 (default: path relative to the folder, or file name)"),
    ] = None,
    restart: Annotated[bool, typer.Option("--restart", help="ignore a checkpoint")] = False,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="registry snapshot date YYYY-MM-DD: dates the changes it shows"),
    ] = None,
    initial: Annotated[
        bool,
        typer.Option(
            "--initial", help="first load into an EMPTY graph: CREATE instead of MERGE, much faster"
        ),
    ] = False,
    neo4j_import: Annotated[
        Path | None,
        typer.Option(
            "--neo4j-import",
            help="with --initial: no graph, write neo4j-admin import CSVs into this empty directory",
        ),
    ] = None,
) -> None:
    """Load structured files into the graph; bad rows go to quarantine.

    `--initial` refuses a graph that is not empty; validation, quarantine and quality facts are
    the same. `--initial --neo4j-import OUTDIR` touches no graph: it writes the CSVs of
    `neo4j-admin database import full` straight from the validated records. Later deltas: the
    ordinary `ingest` (MERGE). See docs/scaling.md."""
    settings = GraphSettings.from_env()
    console = Console(stderr=True)
    if neo4j_import is not None:
        refused = _import_refused(neo4j_import, initial, as_of)
        if refused:
            console.print(f"[red]error:[/red] {refused}")
            raise typer.Exit(1)
    state = IngestState(state_path(settings.home))
    try:
        with HomeLock(settings.home), _graph(settings, neo4j_import) as store, _progress(console) as bar:
            if store is not None:
                store.ensure_schema()
            tasks: dict[str, TaskID] = {}

            def advance(name: str, done: int, total: int) -> None:
                if name not in tasks:
                    tasks[name] = bar.add_task(name, total=total or None)
                bar.update(tasks[name], completed=done, total=total or None)

            snapshot = date.fromisoformat(as_of) if as_of else None
            options = Options(
                kind=kind,
                source=source,
                chunk_rows=settings.ingest_chunk,
                resume=not restart and not initial,
                snapshot=snapshot,
                lists=ListCatalogue.load(settings.home),  # + $CREDIT_GRAPH_HOME/lists.json
                initial=initial,
                neo4j_import=neo4j_import,
                batch_size=settings.batch_size,
            )
            loader = Ingest(store, state, settings.id_secret(), options, advance)
            reports = loader.run(paths)
    except (GraphError, CatalogueError, GraphNotEmpty) as exc:
        console.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(1) from exc
    finally:
        state.close()
    _summary(console, reports)
    if neo4j_import is not None:
        print_import(neo4j_import, loader.exported)
    if any(r.error for r in reports):
        raise typer.Exit(1)


def _import_refused(directory: Path, initial: bool, as_of: str | None) -> str | None:
    """Why `--neo4j-import DIRECTORY` cannot run with these options (a Chinese message), or None."""
    if not initial:
        return "--neo4j-import 只用于初始加载，请同时指定 --initial（之后的增量数据用普通 ingest 写入图谱）"
    if as_of:
        return "--neo4j-import 不能与 --as-of 同时使用：按快照日期结束旧关系需要读取图谱"
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        return f"输出目录 {directory} 不是空目录：--neo4j-import 只写入空目录或尚不存在的目录"
    return None


@contextmanager
def _graph(settings: GraphSettings, neo4j_import: Path | None) -> Iterator[GraphStore | None]:
    """The graph to load into; none for `--neo4j-import` (no engine is started or asked)."""
    if neo4j_import is not None:
        yield None
        return
    with GraphStore.open(settings) as store:
        yield store


def print_import(directory: Path, counts: dict[str, int]) -> None:
    """The files written for neo4j-admin (rows per file on stdout, as JSON) and what to run next."""
    typer.echo(json.dumps(counts, ensure_ascii=False))
    nodes = sum(n for name, n in counts.items() if name.startswith("nodes/"))
    rels = sum(n for name, n in counts.items() if name.startswith("relationships/"))
    console = Console(stderr=True, soft_wrap=True)
    console.print(f"写入 {directory}：节点 {nodes} 个，关系 {rels} 条 / {nodes} nodes, {rels} relationships")
    for command in admin_commands(directory):
        console.print(command, markup=False)


def _progress(console: Console) -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.percentage:>3.0f}%"),
        TimeRemainingColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    )


def _summary(console: Console, reports: list[FileReport]) -> None:
    table = Table(title="ingest summary")
    for column in ("file", "kind", "read", "written", "quarantined", "warnings", "notes"):
        table.add_column(
            column, justify="right" if column in ("read", "written", "quarantined", "warnings") else "left"
        )
    for r in reports:
        notes = "; ".join(f"{reason} ×{n}" for reason, n in r.reasons.most_common())
        if r.resumed_after:
            notes = f"resumed after row {r.resumed_after}; " + notes
        if r.skipped:
            notes = "done in the interrupted run"
        table.add_row(
            Path(r.file).name,
            r.kind or "-",
            str(r.rows_read),
            str(r.written),
            str(r.quarantined),
            str(r.warnings),
            notes,
        )
    Console().print(table)
    for r in reports:
        if not (r.error or r.skipped):
            Console(soft_wrap=True).print(f"{Path(r.file).name}: {r.accounting}")
    for r in reports:
        if r.error:
            console.print(f"[red]error:[/red] {r.file}: {r.error}")


@quarantine_app.command("list")
def quarantine_list(
    file: Annotated[str | None, typer.Option("--file", help="part of the file path")] = None,
    reason: Annotated[str | None, typer.Option("--reason", help="part of the reason")] = None,
    limit: Annotated[int, typer.Option("--limit")] = 100,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Quarantined rows: file, row, field, reason and the raw row."""
    state = IngestState(state_path(GraphSettings.from_env().home))
    try:
        rows = state.quarantined(file, reason, limit)
    finally:
        state.close()
    if as_json:
        typer.echo(json.dumps([r.__dict__ for r in rows], ensure_ascii=False, indent=1))
        return
    table = Table(title=f"quarantine ({len(rows)} shown)")
    for column in ("file", "row", "field", "reason", "raw"):
        table.add_column(column, overflow="fold")
    for r in rows:
        table.add_row(Path(r.file).name, str(r.row), r.field, r.reason, (r.raw or "")[:120])
    Console().print(table)


@quarantine_app.command("export")
def quarantine_export(
    output: Annotated[Path, typer.Argument(help="the workbook to write (.xlsx)")],
) -> None:
    """The quarantine and the row warnings as Excel, one sheet per 数据来源单位, reasons in Chinese."""
    state = IngestState(state_path(GraphSettings.from_env().home))
    try:
        counts = export_xlsx(state, output)
    finally:
        state.close()
    for source, n in sorted(counts.items()):
        typer.echo(f"{source}: {n}")
    typer.echo(f"wrote {output} ({len(counts)} sources, {sum(counts.values())} rows)")


def quality(
    source: Annotated[str | None, typer.Option("--source", help="one 数据来源单位")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
    xlsx: Annotated[
        Path | None, typer.Option("--xlsx", help="also write a workbook, one sheet per 数据来源单位")
    ] = None,
) -> None:
    """合规率, 及时率, 重错码率, 上报率 and 重复报送 per 数据来源单位, month and authority."""
    settings = GraphSettings.from_env()
    state = IngestState(state_path(settings.home))
    try:
        with GraphStore.open(settings) as store:
            rows = quality_rows(state, source, store)
    except GraphError as exc:
        Console(stderr=True).print(
            f"[yellow]graph unavailable ({exc}): 上报率 without known decisions[/yellow]"
        )
        rows = quality_rows(state, source)
    finally:
        state.close()
    if xlsx is not None:
        write_xlsx(rows, xlsx)
        Console(stderr=True).print(f"wrote {xlsx}")
    if as_json:
        typer.echo(json.dumps([r.as_dict() for r in rows], ensure_ascii=False, indent=1))
        return
    _quality_table(rows)


def _quality_table(rows: list[QualityRow]) -> None:
    table = Table(title="data quality (及时率: 7 working days, statutory holidays and 调休 counted)")
    for column in (
        "source",
        "month",
        "authority",
        "rows",
        "合规率",
        "及时率",
        "重错码率",
        "上报率",
        "重复报送",
    ):
        table.add_column(column)
    for r in rows:
        d = r.as_dict()
        table.add_row(
            r.source,
            r.month,
            r.authority or "-",
            str(r.rows),
            _pct(d["compliance_rate"]),
            _pct(d["timeliness_rate"]),
            _pct(d["code_error_rate"]),
            _pct(d["reporting_rate"]),
            str(len(r.resent)),
        )
    Console().print(table)


def _pct(value: object) -> str:
    return "-" if value is None else f"{float(str(value)) * 100:.1f}%"


def register(app: typer.Typer) -> None:
    """Adds `ingest`, `quality` and `quarantine …` to the root CLI (one line in api/cli.py)."""
    app.command("ingest")(ingest)
    app.command("quality")(quality)
    app.add_typer(quarantine_app, name="quarantine")
