"""The import-CSV export: headers neo4j-admin understands, closed id spaces, nothing lost."""

from __future__ import annotations

import csv
import re
from datetime import date
from pathlib import Path

from api.bench.synth import generate
from graph.export import export_graph
from graph.store import GraphStore
from ingest.pipeline import Ingest, Options
from ingest.quarantine import IngestState

TYPES = {"string", "string[]", "double", "long", "boolean", "date"}


def _read(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    return rows[0], rows[1:]


def _check_value(kind: str, value: str) -> None:
    if not value:
        return
    if kind == "double":
        float(value)
    elif kind == "long":
        int(value)
    elif kind == "boolean":
        assert value in ("true", "false")
    elif kind == "date":
        date.fromisoformat(value)


def test_export_round_trips_headers_and_id_spaces(tmp_path: Path, store: GraphStore) -> None:
    generate(tmp_path / "data", 120, seed=5)
    state = IngestState(tmp_path / "state.sqlite")
    Ingest(store, state, b"k", Options(resume=False)).run([tmp_path / "data"])
    state.close()
    counts = store.counts()

    out = tmp_path / "import"
    summary = export_graph(store, out, page=50)  # small pages: the keyset paging is exercised
    ids: dict[str, set[str]] = {}
    nodes = 0
    for path in sorted((out / "nodes").glob("*.csv")):
        header, rows = _read(path)
        space = re.fullmatch(r"id:ID\((\w+)\)", header[0])
        assert space, header[0]
        assert header[1] == ":LABEL"
        for column in header[2:]:
            name, _, kind = column.partition(":")
            assert name and kind in TYPES, column
        seen = ids.setdefault(space.group(1), set())
        for row in rows:
            assert row[0] not in seen, f"duplicate id {row[0]} in space {space.group(1)}"
            seen.add(row[0])
            assert path.stem in row[1].split(";")
            for column, value in zip(header[2:], row[2:], strict=True):
                _check_value(column.partition(":")[2], value)
        nodes += len(rows)
    assert {"Subject", "Case", "Address"} <= set(ids)
    assert "Entity" not in ids and "Person" not in ids  # both live in the Subject space

    rels = 0
    for path in sorted((out / "relationships").glob("*.csv")):
        header, rows = _read(path)
        start = re.fullmatch(r":START_ID\((\w+)\)", header[0])
        end = re.fullmatch(r":END_ID\((\w+)\)", header[1])
        assert start and end and header[2] == ":TYPE", header[:3]
        for row in rows:
            assert row[0] in ids[start.group(1)], (path.name, row[0])
            assert row[1] in ids[end.group(1)], (path.name, row[1])
            assert row[2] == path.stem
        rels += len(rows)

    assert (nodes, rels) == (counts["nodes"], counts["relationships"])
    assert sum(summary.values()) == nodes + rels
    args = (out / "import.args").read_text().splitlines()
    assert "--nodes=nodes/Entity.csv" in args and "--relationships=relationships/SHAREHOLDER_OF.csv" in args
    assert "CREATE CONSTRAINT entity_id" in (out / "schema.cypher").read_text()
