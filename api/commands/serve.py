"""`credit-graph serve`: the API (and pages) over HTTP with uvicorn."""

from __future__ import annotations

import typer
import uvicorn

from api.app import create_app
from api.settings import Settings

# A company of the bundled sample (sample/README.md), so the first query answers something.
EXAMPLE = '{ entity(uscc: "91350102MA2Y0001X6") { name legalRepresentative { name } cases { decisionNo } } }'


def serve(
    host: str = typer.Option("127.0.0.1", help="interface to listen on"),
    port: int = typer.Option(8000, help="TCP port"),
) -> None:
    """Serve GraphQL at /graphql (GraphiQL in a browser), /healthz and /readyz."""
    settings = Settings.from_env()
    typer.echo(f"credit-graph API on http://{host}:{port}/graphql  ({settings.describe()})")
    typer.echo(f"example query: {EXAMPLE}")
    uvicorn.run(create_app(settings), host=host, port=port, log_level="info")
