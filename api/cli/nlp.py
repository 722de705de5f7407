"""`credit-graph extract` and `credit-graph nlp-eval`: the penalty-decision extractor."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from nlp.evaluate import evaluate, fold_ids
from nlp.extract import Extractor
from nlp.readers import UnsupportedFile, read_text


def extract(
    paths: Annotated[list[Path], typer.Argument(help=".txt (UTF-8/GBK), .docx or .pdf decisions")],
    output: Annotated[Path | None, typer.Option("--output", "-o", help="JSON Lines (default stdout)")] = None,
) -> None:
    """Extract decision number, parties, provisions and penalties; one JSON object per file."""
    items = []
    for path in paths:
        try:
            items.append((read_text(path), str(path)))
        except (OSError, UnsupportedFile) as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(1) from exc
    out = output.open("w", encoding="utf-8") if output else sys.stdout
    try:
        for result in Extractor().extract_many(items):
            out.write(json.dumps(result.to_json(), ensure_ascii=False) + "\n")
    finally:
        if output:
            out.close()


def nlp_eval(
    gold: Annotated[Path, typer.Argument(help="gold.jsonl")],
    directory: Annotated[Path, typer.Argument(help="folder with the NNN.txt decisions")],
    ids: Annotated[str | None, typer.Option("--ids", help="only these ids, comma-separated")] = None,
    folds: Annotated[Path | None, typer.Option("--folds", help="folds file (tests/nlp/folds.json)")] = None,
    fold: Annotated[str | None, typer.Option("--fold", help="score only this fold of --folds")] = None,
    table_only: Annotated[
        bool, typer.Option("--table-only", help="no failure lines (scoring a fold before reading it)")
    ] = False,
) -> None:
    """Per-field precision/recall/F1 against hand labels, then every failure."""
    chosen: list[str] | None = None
    if (folds is None) != (fold is None):
        typer.echo("error: --folds and --fold go together", err=True)
        raise typer.Exit(2)
    try:
        if folds is not None and fold is not None:
            chosen = fold_ids(folds, fold)
        if ids is not None:
            listed = [i.strip() for i in ids.split(",") if i.strip()]
            chosen = listed if chosen is None else [i for i in chosen if i in listed]
        report = evaluate(gold, directory, ids=chosen)
    except KeyError as exc:
        typer.echo(f"error: {exc.args[0]}", err=True)
        raise typer.Exit(2) from exc
    typer.echo(report.table())
    if table_only:
        return
    typer.echo("\nfailures:")
    for line in report.failures:
        typer.echo(f"  {line}")
    for doc in report.invented_penalties:
        typer.echo(f"  {doc} invented penalty")


def register(app: typer.Typer) -> None:
    """Top-level commands: `credit-graph extract`, `credit-graph nlp-eval`."""
    app.command("extract")(extract)
    app.command("nlp-eval")(nlp_eval)
