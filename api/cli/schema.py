"""`credit-graph schema`: the GraphQL schema as SDL, for client developers working offline."""

from __future__ import annotations

import typer
from strawberry.printer import print_schema

from api.gql.schema import make_schema
from api.settings import Settings


def schema() -> None:
    """Print the API's schema in SDL (the schema the app serves, built from default settings)."""
    typer.echo(print_schema(make_schema(Settings.from_env({}))))
