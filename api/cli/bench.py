"""`credit-graph synth`, `credit-graph bench` and `credit-graph export-neo4j-import`."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

TARGETS: list[tuple[str, str, str, float]] = [  # key, label, comparison, target
    ("ingest_vs_raw", "ingest ÷ raw UNWIND MERGE (graph rows/s)", ">=", 0.7),
    ("ingest_vs_naive", "ingest ÷ naive one-tx-per-record", ">=", 10),
    ("graphql_vs_cypher", "GraphQL bidderCheck ÷ bare Cypher (median)", "<=", 1.3),
    ("nlp_decisions_per_s", "NLP decisions/s, one core", ">=", 200),
    ("bidder_check_p95_ms", "bidder check p95 (10 bidders, ≤ 4 hops), ms", "<=", 200),
    ("initial_vs_ingest", "initial load ÷ ingest (graph rows/s)", ">=", 3),
]
OTHER = [
    ("ingest_records_per_s", "ingest, input records/s"),
    ("ingest_graph_rows_per_s", "ingest, graph rows/s"),
    ("raw_unwind_rows_per_s", "raw UNWIND MERGE, graph rows/s"),
    ("initial_load_graph_rows_per_s", "initial load (`ingest --initial`), graph rows/s"),
    ("initial_load_s", "initial load wall time, s"),
    ("import_csv_rows_per_s", "records → neo4j-admin CSVs (`--neo4j-import`, no graph), rows/s"),
    ("import_csv_vs_ingest", "records → CSVs ÷ ingest (rows/s; neo4j-admin's own time not included)"),
    ("naive_per_row_records_per_s", "naive, records/s"),
    ("bidder_check_p50_ms", "bidder check p50, ms"),
    ("linking_reps_ms", "linking representatives (≥ 2 listed firms), ms"),
    ("path_p50_ms", "shortest path p50, ms"),
    ("path_p95_ms", "shortest path p95 (≤ 4 hops), ms"),
    ("controllers_group_ms", "controllers of the largest 控股集团, ms"),
    ("ownership_group_ms", "股权穿透 of the largest 控股集团 (2 levels), ms"),
    ("records", "input records"),
    ("quarantined", "quarantined records"),
    ("ingest_s", "ingest wall time, s"),
    ("profile_p50_ms", "subject profile p50, ms"),
    ("profile_p95_ms", "subject profile p95, ms"),
    ("load", "1-minute load average at the end"),
    ("graph_entities", "entities"),
    ("graph_persons", "persons"),
    ("graph_nodes", "nodes"),
    ("graph_relationships", "relationships"),
    ("store_mb", "store on disk, MB"),
    ("peak_rss_python_mb", "peak RSS, Python, MB"),
    ("peak_rss_engine_mb", "peak RSS, engine, MB"),
    ("elapsed_s", "whole benchmark, s"),
]
START, END = "<!-- bench:start -->", "<!-- bench:end -->"
GROWTH_START, GROWTH_END = "<!-- growth:start -->", "<!-- growth:end -->"
# The growth table: one row per size, the cost of each layer as the graph grows.
GROWTH: list[tuple[str, str]] = [
    ("entities_generated", "firms"),
    ("graph_rows", "graph rows"),
    ("ingest_graph_rows_per_s", "ingest rows/s"),
    ("initial_load_graph_rows_per_s", "initial rows/s"),
    ("initial_vs_ingest", "initial ÷ ingest"),
    ("import_csv_vs_ingest", "CSVs ÷ ingest"),
    ("ingest_vs_raw", "ingest ÷ raw"),
    ("bidder_check_p50_ms", "bidder p50 ms"),
    ("bidder_check_p95_ms", "bidder p95 ms"),
    ("linking_reps_ms", "linking ms"),
    ("path_p50_ms", "path p50 ms"),
    ("path_p95_ms", "path p95 ms"),
    ("profile_p50_ms", "profile p50 ms"),
    ("profile_p95_ms", "profile p95 ms"),
    ("ownership_group_ms", "股权穿透 group ms"),
    ("peak_rss_engine_mb", "engine RSS MB"),
    ("store_mb", "disk MB"),
    ("load", "load avg"),
]


def synth(
    out: Annotated[Path, typer.Option("--out", help="directory to write into")],
    entities: Annotated[int, typer.Option("--entities", help="number of firms")] = 10_000,
    seed: Annotated[int, typer.Option("--seed")] = 1,
    bad_rate: Annotated[float, typer.Option("--bad-rate", help="share of deliberately bad rows")] = 0.0,
) -> None:
    """Write a synthetic, realistically shaped dataset in the input formats."""
    from api.bench.synth import generate

    manifest = generate(out, entities, seed, bad_rate)
    typer.echo(json.dumps({"rows": manifest["rows"], "bad": manifest["bad"]}, ensure_ascii=False))


def bench(
    quick: Annotated[bool, typer.Option("--quick", help="small size: a few minutes")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="end with one JSON object")] = False,
    entities: Annotated[int | None, typer.Option("--entities", help="override the size")] = None,
    seed: Annotated[int, typer.Option("--seed")] = 1,
    markdown: Annotated[Path | None, typer.Option("--markdown", help="write the table here")] = None,
    growth: Annotated[
        str | None,
        typer.Option("--growth", help="smaller sizes to run first for the growth table, e.g. 4000,25000"),
    ] = None,
) -> None:
    """Generate data, then measure ingest, queries, the API and NLP in one run (private engines)."""
    from dataclasses import replace

    from api.bench.run import run
    from api.bench.sizes import FULL, QUICK

    size = QUICK if quick else FULL
    if entities:
        size = replace(size, entities=entities)
    sizes = [int(n) for n in growth.split(",") if n.strip()] if growth else []
    log = lambda line: print(line, file=sys.stderr, flush=True)  # noqa: E731
    results = [run(replace(size, entities=n), seed, log=log) for n in sizes]
    result = run(size, seed, log=log)
    results.append(result)
    if markdown:
        write_markdown(markdown, result)
        if len(results) > 1:
            write_growth(markdown, results)
    if as_json:
        typer.echo(json.dumps(result, ensure_ascii=False))
    else:
        typer.echo(table(result))


def export_neo4j_import(
    directory: Annotated[Path, typer.Argument(help="where to write the CSVs")],
) -> None:
    """Write the graph as CSVs for `neo4j-admin database import full` (see docs/scaling.md)."""
    from api.cli.ingest import print_import
    from graph.export import export_graph
    from graph.settings import GraphSettings
    from graph.store import GraphStore

    with GraphStore.open(GraphSettings.from_env()) as store:
        summary = export_graph(store, directory)
    print_import(directory, summary)


def _met(value: Any, op: str, target: float) -> str:
    if not isinstance(value, int | float):
        return "not measured"
    return "met" if (value >= target if op == ">=" else value <= target) else "**not met**"


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:,.2f}" if abs(value) < 100 else f"{value:,.0f}"
    if isinstance(value, int):
        return f"{value:,}"
    return "–" if value is None else str(value)


def table(result: dict[str, Any]) -> str:
    lines = [
        f"Machine: {result.get('machine')} · date {result.get('date')} · "
        f"{result.get('entities_generated'):,} generated firms, seed {result.get('seed')}",
        "",
        "| target | measured | goal | status |",
        "|---|---:|---:|---|",
    ]
    for key, label, op, goal in TARGETS:
        value = result.get(key)
        lines.append(f"| {label} | {_fmt(value)} | {op} {_fmt(goal)} | {_met(value, op, goal)} |")
    lines += ["", "| measure | value |", "|---|---:|"]
    lines += [f"| {label} | {_fmt(result.get(key))} |" for key, label in OTHER]
    return "\n".join(lines)


def write_markdown(path: Path, result: dict[str, Any]) -> None:
    """Replace the table between the bench markers; the prose around it is kept."""
    block = f"{START}\n{table(result)}\n{END}"
    text = path.read_text(encoding="utf-8") if path.exists() else f"# Benchmarks\n\n{START}\n{END}\n"
    if START not in text:
        text += f"\n{START}\n{END}\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        re.sub(re.escape(START) + ".*?" + re.escape(END), lambda _: block, text, flags=re.S), encoding="utf-8"
    )


def growth_table(results: list[dict[str, Any]]) -> str:
    """One row per size (smallest first): what each layer costs as the graph grows."""
    lines = ["| " + " | ".join(label for _, label in GROWTH) + " |", "|" + "---:|" * len(GROWTH)]
    for result in sorted(results, key=lambda r: int(r.get("entities_generated", 0))):
        lines.append("| " + " | ".join(_fmt(result.get(key)) for key, _ in GROWTH) + " |")
    return "\n".join(lines)


def write_growth(path: Path, results: list[dict[str, Any]]) -> None:
    """Replace the growth table between its markers (appended when the file has none)."""
    block = f"{GROWTH_START}\n{growth_table(results)}\n{GROWTH_END}"
    text = path.read_text(encoding="utf-8")
    if GROWTH_START not in text:
        text += f"\n{GROWTH_START}\n{GROWTH_END}\n"
    path.write_text(
        re.sub(re.escape(GROWTH_START) + ".*?" + re.escape(GROWTH_END), lambda _: block, text, flags=re.S),
        encoding="utf-8",
    )


def register(app: typer.Typer) -> None:
    app.command("synth")(synth)
    app.command("bench")(bench)
    app.command("export-neo4j-import")(export_neo4j_import)
