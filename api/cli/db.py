"""`credit-graph db start|stop|status|reset`: the embedded engine's life cycle."""

from __future__ import annotations

import typer

from graph.engine import Engine
from graph.errors import EngineError
from graph.settings import GraphSettings
from graph.store import GraphStore

app = typer.Typer(no_args_is_help=True, help="Start, stop and inspect the embedded graph engine")


def _engine() -> Engine:
    settings = GraphSettings.from_env()
    if not settings.embedded:
        typer.echo(f"NEO4J_URI is set ({settings.neo4j_uri}): the embedded engine is not used")
        raise typer.Exit(0)
    return Engine(settings)


@app.command()
def start() -> None:
    """Start the engine (no-op when it already runs) and apply the schema."""
    engine = _engine()
    try:
        status = engine.start()
    except EngineError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from exc
    with GraphStore.open(engine.settings, start_engine=False) as store:
        store.ensure_schema()
    typer.echo(f"engine {status.describe()}")


@app.command()
def stop() -> None:
    """Stop the engine (no-op when it is not running)."""
    _engine().stop()
    typer.echo("engine stopped")


@app.command()
def status() -> None:
    """Print whether the engine runs and answers over Bolt; exit 1 when it does not."""
    current = _engine().status()
    typer.echo(f"engine {current.describe()}")
    if not current.healthy:
        raise typer.Exit(1)


@app.command()
def reset(yes: bool = typer.Option(False, "--yes", help="really delete every node")) -> None:
    """Delete all data (the schema stays)."""
    if not yes:
        typer.echo("refusing without --yes", err=True)
        raise typer.Exit(2)
    with GraphStore.open(GraphSettings.from_env()) as store:
        store.delete_all()
    typer.echo("graph emptied")
