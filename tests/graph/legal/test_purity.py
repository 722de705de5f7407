"""graph.legal is pure: a vocabulary of values, importable without a database, spaCy or GraphQL."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import graph.legal

HEAVY = ("neo4j", "spacy", "strawberry", "arcadedb_embedded", "starlette", "jpype", "nlp", "ingest", "api")


def test_the_package_imports_no_engine_no_nlp_no_api() -> None:
    package = Path(graph.legal.__file__).parent
    modules = sorted(f"graph.legal.{p.stem}" for p in package.glob("*.py") if p.stem != "__init__")
    assert {
        "graph.legal.codes",
        "graph.legal.numerals",
        "graph.legal.amounts",
        "graph.legal.dates",
        "graph.legal.citations",
        "graph.legal.penalties",
        "graph.legal.docnumbers",
    } <= set(modules)
    probe = "; ".join(f"import {m}" for m in modules) + (
        "; import sys; print(' '.join(sorted({m.split('.')[0] for m in sys.modules})))"
    )
    root = str(package.parents[1])
    env = {**os.environ, "PYTHONPATH": root}
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=root, env=env
    )
    loaded = set(out.stdout.split())
    assert not loaded & set(HEAVY), loaded & set(HEAVY)
