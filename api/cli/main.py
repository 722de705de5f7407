"""`credit-graph`: the command line. Each command parses options, calls one package, prints."""

from __future__ import annotations

import typer

from api.cli import audit, credit, db, schema, serve, users
from api.cli import bench as bench_commands
from api.cli import ingest as ingest_commands
from api.cli import nlp as nlp_commands
from api.cli import records as records_commands
from api.cli import review as review_commands

app = typer.Typer(no_args_is_help=True, add_completion=False, help="Credit knowledge graph")
app.add_typer(db.app, name="db")
app.add_typer(users.app, name="users")
app.command("serve")(serve.serve)
app.command("audit")(audit.audit)
app.command("schema")(schema.schema)
app.command("report")(credit.report)
app.command("feedback")(credit.feedback)
nlp_commands.register(app)
ingest_commands.register(app)
bench_commands.register(app)
review_commands.register(app)
records_commands.register(app)


def main() -> None:
    app()
