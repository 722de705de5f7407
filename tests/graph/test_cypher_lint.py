"""Every Cypher statement the code registers passes Neo4j's own linter (errors and deprecations)."""

from __future__ import annotations

import importlib
import json
import pkgutil
import shutil
import subprocess
from datetime import date

import pytest

from graph.cypher import REGISTRY, Statement
from tests.conftest import ROOT

PACKAGES = ("graph", "ingest", "nlp", "queries", "api")
LINTER = ROOT / "tests" / "lint_cypher.cjs"


def import_everything() -> None:
    """Importing a module registers its statements."""
    for name in PACKAGES:
        package = importlib.import_module(name)
        for info in pkgutil.walk_packages(package.__path__, prefix=f"{name}."):
            if not info.name.endswith("__main__"):
                importlib.import_module(info.name)


def _json_safe(value: object) -> object:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_safe(v) for v in value]
    return value


def lint(statements: list[Statement]) -> list[dict[str, object]]:
    node = shutil.which("node")
    assert node, "node is required for the Cypher lint test"
    payload = [{"origin": s.origin, "text": s.text, "params": _json_safe(s.example)} for s in statements]
    proc = subprocess.run(
        [node, str(LINTER)], input=json.dumps(payload), capture_output=True, text=True, cwd=ROOT, check=True
    )
    return list(json.loads(proc.stdout))


def problems(results: list[dict[str, object]]) -> list[str]:
    """Severity 1 is an error, 2 a warning (deprecations come as warnings): both fail."""
    found = []
    for result in results:
        for diag in result["diagnostics"]:  # type: ignore[attr-defined]
            found.append(f"{result['origin']}: {diag['message']}\n    {result['text'][:200]}")
    return found


def test_every_registered_statement_passes_the_neo4j_linter() -> None:
    import_everything()
    assert len(REGISTRY) >= 40, "the registry should hold the schema, writer and query statements"
    found = problems(lint(REGISTRY))
    assert not found, "\n".join(found)


@pytest.mark.parametrize(
    ("text", "params", "expected"),
    [
        ("MATCH (n:Entity) RETURN m", {}, "not defined"),
        ("MATCH (n:Entity) WHERE id(n) = 1 RETURN n", {}, "deprecated"),
        ("MATCH (n:Entity {id: $id}) RETURN n", {}, "Parameter $id is not defined"),
        ("MATCH (n:Entity RETURN n", {}, ""),
    ],
)
def test_the_lint_test_catches_broken_statements(text: str, params: dict[str, object], expected: str) -> None:
    found = problems(lint([Statement(text, params, "test")]))
    assert found, f"the linter accepted a broken statement: {text}"
    assert expected in "\n".join(found)
