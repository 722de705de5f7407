"""The README's GraphQL examples are valid against the schema as served (a renamed field fails here)."""

from __future__ import annotations

import re
from pathlib import Path

from graphql import parse, validate

from api.gql.schema import make_schema
from api.settings import Settings
from tests.conftest import ROOT


def test_every_graphql_example_in_the_readme_validates(tmp_path: Path) -> None:
    blocks = re.findall(r"```graphql\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S)
    assert len(blocks) >= 2  # the profile example and the bidder check
    schema = make_schema(Settings.from_env({"CREDIT_GRAPH_HOME": str(tmp_path)}))
    for block in blocks:
        assert validate(schema._schema, parse(block)) == [], block
