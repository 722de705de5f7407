"""`credit-graph audit`: list (and verify) the append-only query audit log."""

from __future__ import annotations

import json

import typer

from api.audit import AuditLog
from api.settings import Settings


def audit(
    last: int = typer.Option(50, help="show the last N entries"),
    verify: bool = typer.Option(
        False, "--verify", help="check the keyed chain and its anchor; exit 1 when edited, cut or re-chained"
    ),
    as_json: bool = typer.Option(False, "--json", help="one JSON object per line"),
) -> None:
    """Who queried which subjects, when and from where."""
    log = AuditLog(Settings.from_env().audit_path)
    if verify:
        broken = log.verify()
        if broken is not None:
            typer.echo(f"audit log chain broken at line {broken.line}: {broken.reason}", err=True)
            raise typer.Exit(1)
        typer.echo("audit log intact")
        return
    for entry in log.entries()[-last:]:
        if as_json:
            typer.echo(json.dumps(entry.__dict__, ensure_ascii=False))
        else:
            subjects = ",".join(entry.subjects[:5]) + (" …" if len(entry.subjects) > 5 else "")
            who = f"{entry.role:<12} {entry.key_id:<16} {entry.remote:<15}"
            outcome = "" if entry.outcome == "ok" else f" [{entry.outcome}]"
            typer.echo(f"{entry.at}  {who} {entry.operation}{outcome}  {subjects}")
