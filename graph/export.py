"""The graph as CSV files for Neo4j's offline importer (`neo4j-admin database import full`).

For initial loads of tens of millions of subjects the importer writes the store files directly,
an order of magnitude faster than any transactional load (docs/scaling.md). Layout:
- `nodes/<Label>.csv`: `id:ID(<space>)`, `:LABEL`, then one typed column per property;
- `relationships/<TYPE>.csv`: `:START_ID(<space>)`, `:END_ID(<space>)`, `:TYPE`, then properties;
- `import.args` (the importer's command line) and `schema.cypher` (constraints and indexes to
  create once the import is done: the importer builds no uniqueness constraints of ours).
ID spaces: entities and persons share `Subject` (a shareholder or a party may be either, and
their ids never collide: `e:` vs `p:`); every other label is its own space. Arrays use `;`.
"""

from __future__ import annotations

import csv
import dataclasses
from datetime import date, datetime
from pathlib import Path
from typing import Any

from graph.cypher import statement, statements
from graph.model import CLASS_OF, RELATIONSHIPS, SUBJECT, SUBJECT_LABELS, Label, Rel
from graph.schema import CONSTRAINTS, INDEXES
from graph.store import GraphStore

PAGE = 5000
_PAGE = " RETURN n.id AS id, properties(n) AS props ORDER BY n.id LIMIT $limit"
_OUT = " RETURN n.id AS start, type(r) AS type, m.id AS end, properties(r) AS props"
_P = {"after": "", "limit": PAGE}
_I = {"ids": ["e:91350100M000100Y43"]}

# The workflows' own nodes (the review queue and log, objections) are the live graph's working
# state, not data to load elsewhere: every other label of the model is exported.
NOT_EXPORTED = frozenset({Label.EXTRACTION, Label.REVIEW_ACTION, Label.OBJECTION, Label.REPAIR_APPLICATION})
EXPORTED = [label for label in Label if label not in NOT_EXPORTED]

# Keyset paging on the unique id (no SKIP: each page is an index range, not a rescan).
NODE_PAGE = statements(
    EXPORTED, lambda label: "MATCH (n:" + label.value + ") WHERE n.id > $after" + _PAGE, **_P
)
# Each relationship is written once, from its start node's page.
OUT_LINKS = statements(
    EXPORTED, lambda label: "UNWIND $ids AS id MATCH (n:" + label.value + " {id: id})-[r]->(m)" + _OUT, **_I
)
REL_KEYS = statement("MATCH ()-[r]->() UNWIND keys(r) AS key RETURN DISTINCT type(r) AS type, key")

PROVENANCE_TYPES = {
    "first_seen": "date",
    "last_seen": "date",
    "source": "string",
    "record": "string",
    "loader": "string",
    "sources": "string[]",
}
# Relationship properties come from the mappers, not the model; these are the non-string ones.
REL_TYPES = {"ratio": "double", "subscribed_yuan": "double", "since": "date", "until": "date"}


def id_space(label: Label) -> str:
    return SUBJECT if label in SUBJECT_LABELS else label.value


def rel_spaces(rel: Rel) -> tuple[str, str]:
    sources, targets = RELATIONSHIPS[rel]
    return id_space(sources[0]), id_space(targets[0])


def _csv_type(annotation: str) -> str:
    """The importer's column type for a model field's annotation (a string: postponed annotations)."""
    if annotation.startswith("tuple"):
        return "string[]"
    for name, kind in (("bool", "boolean"), ("float", "double"), ("int", "long"), ("date", "date")):
        if annotation.split(" |")[0] == name:
            return kind
    return "string"


def node_columns(label: Label) -> dict[str, str]:
    """Property → importer type, from the model's dataclass for the label plus provenance."""
    columns = {f.name: _csv_type(str(f.type)) for f in dataclasses.fields(CLASS_OF[label]) if f.name != "id"}
    return {**columns, **PROVENANCE_TYPES}


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return ";".join(_cell(v) for v in value)
    return str(value)


def export_graph(store: GraphStore, directory: Path, page: int = PAGE) -> dict[str, int]:
    """Write every node and relationship; returns the rows written per file."""
    (directory / "nodes").mkdir(parents=True, exist_ok=True)
    (directory / "relationships").mkdir(parents=True, exist_ok=True)
    rel_columns: dict[str, list[str]] = {}
    for row in store.read(REL_KEYS):
        rel_columns.setdefault(row["type"], []).append(row["key"])
    handles = []
    rel_writers: dict[str, tuple[Any, list[str]]] = {}
    for rel in Rel:
        if rel.value not in rel_columns:
            continue  # no such relationship in the graph: no file
        handle = (directory / "relationships" / f"{rel.value}.csv").open("w", encoding="utf-8", newline="")
        handles.append(handle)
        start, end = rel_spaces(rel)
        keys = sorted(rel_columns[rel.value])
        writer = csv.writer(handle)
        writer.writerow(
            [
                f":START_ID({start})",
                f":END_ID({end})",
                ":TYPE",
                *(f"{k}:{REL_TYPES.get(k, PROVENANCE_TYPES.get(k, 'string'))}" for k in keys),
            ]
        )
        rel_writers[rel.value] = (writer, keys)
    counts: dict[str, int] = {}
    try:
        for label in EXPORTED:
            for name, n in _export_label(store, directory, label, page, rel_writers).items():
                counts[name] = counts.get(name, 0) + n
    finally:
        for handle in handles:
            handle.close()
    _write_args(directory, counts)
    return counts


def _export_label(
    store: GraphStore, directory: Path, label: Label, page: int, rel_writers: dict[str, tuple[Any, list[str]]]
) -> dict[str, int]:
    columns = node_columns(label)
    labels = f"{label.value};{SUBJECT}" if label in SUBJECT_LABELS else label.value
    counts = {f"nodes/{label.value}.csv": 0}
    path = directory / "nodes" / f"{label.value}.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([f"id:ID({id_space(label)})", ":LABEL", *(f"{k}:{t}" for k, t in columns.items())])
        after = ""
        while rows := store.read(NODE_PAGE[label], after=after, limit=page):
            for row in rows:
                props = row["props"]
                writer.writerow([row["id"], labels, *(_cell(props.get(k)) for k in columns)])
            counts[f"nodes/{label.value}.csv"] += len(rows)
            for link in store.read(OUT_LINKS[label], ids=[r["id"] for r in rows]):
                out, keys = rel_writers[link["type"]]
                props = link["props"]
                out.writerow([link["start"], link["end"], link["type"], *(_cell(props.get(k)) for k in keys)])
                name = f"relationships/{link['type']}.csv"
                counts[name] = counts.get(name, 0) + 1
            after = rows[-1]["id"]
    if not counts[path.relative_to(directory).as_posix()]:
        path.unlink()
        counts.pop(f"nodes/{label.value}.csv")
    return counts


def _write_args(directory: Path, counts: dict[str, int]) -> None:
    """The importer's arguments (`neo4j-admin database import full @import.args`) and the schema."""
    lines = ["--array-delimiter=;", "--id-type=string", "--overwrite-destination=true"]
    lines += [f"--nodes={name}" for name in sorted(counts) if name.startswith("nodes/")]
    lines += [f"--relationships={name}" for name in sorted(counts) if name.startswith("relationships/")]
    (directory / "import.args").write_text("\n".join(lines) + "\n", encoding="utf-8")
    schema = [s.text + ";" for s in [*CONSTRAINTS.values(), *INDEXES.values()]]
    (directory / "schema.cypher").write_text("\n".join(schema) + "\n", encoding="utf-8")
