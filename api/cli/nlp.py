"""`credit-graph extract` and `credit-graph nlp-eval`: the penalty-decision extractor."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from nlp.evaluate import evaluate
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
) -> None:
    """Per-field precision/recall/F1 against hand labels, then every failure."""
    report = evaluate(gold, directory)
    typer.echo(report.table())
    typer.echo("\nfailures:")
    for line in report.failures:
        typer.echo(f"  {line}")
    for doc in report.invented_penalties:
        typer.echo(f"  {doc} invented penalty")


def register(app: typer.Typer) -> None:
    """Top-level commands: `credit-graph extract`, `credit-graph nlp-eval`."""
    app.command("extract")(extract)
    app.command("nlp-eval")(nlp_eval)
