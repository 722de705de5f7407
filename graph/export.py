"""The graph as CSV files for Neo4j's offline importer (`neo4j-admin database import full`).

For initial loads of tens of millions of subjects the importer writes the store files directly,
an order of magnitude faster than any transactional load (docs/scaling.md). Layout:
- `nodes/<Label>.csv`: `id:ID(<space>)`, `:LABEL`, then one typed column per property (the
  model's fields, what the writes add — `WRITTEN_TYPES` — and the provenance);
- `relationships/<TYPE>.csv`: `:START_ID(<space>)`, `:END_ID(<space>)`, `:TYPE`, then properties;
- `import.args` (the importer's command line) and `schema.cypher` (constraints and indexes to
  create once the import is done: the importer builds no uniqueness constraints of ours).
ID spaces: entities and persons share `Subject` (a shareholder or a party may be either, and
their ids never collide: `e:` vs `p:`); every other label is its own space. Arrays use `;`.
The files come from a graph (`export_graph`) or straight from records (graph/importwriter.py),
both through `ImportFiles`.
"""

from __future__ import annotations

import csv
import dataclasses
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

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


# Properties the writes add to what the model's dataclass holds: the name precedence of subjects
# (graph/writes.py) and the publicity classification of cases (graph/lifecycle/classification.py).
_NAMES = {"name_from": "string", "aliases": "string[]", "alias_from": "string[]"}
WRITTEN_TYPES: dict[Label, dict[str, str]] = {
    Label.ENTITY: _NAMES,
    Label.PERSON: _NAMES,
    Label.CASE: {
        "severity": "string",
        "publicity_start": "date",
        "min_end": "date",
        "max_end": "date",
        "publicity_end": "date",
        "rule_version": "string",
    },
}


def node_columns(label: Label) -> dict[str, str]:
    """Property → importer type: the model's dataclass for the label, what the writes add, provenance."""
    columns = {f.name: _csv_type(str(f.type)) for f in dataclasses.fields(CLASS_OF[label]) if f.name != "id"}
    return {**columns, **WRITTEN_TYPES.get(label, {}), **PROVENANCE_TYPES}


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


class ImportFiles:
    """The importer's files under one directory, written row by row: the one CSV path of both
    `export_graph` (from a graph) and graph/importwriter.py (from records, no graph).

    A file is opened at its first row, so a label or type with no rows has no file. `rel_keys`:
    the property keys each relationship type has (its columns, sorted). `close` writes
    `import.args` and `schema.cypher` and returns the rows written per file."""

    def __init__(self, directory: Path, rel_keys: Mapping[str, Iterable[str]]) -> None:
        self.directory = directory
        self.counts: dict[str, int] = {}
        self._rel_keys = {rel: sorted(keys) for rel, keys in rel_keys.items()}
        self._handles: list[IO[str]] = []
        self._nodes: dict[Label, tuple[Any, list[str], str]] = {}
        self._rels: dict[str, tuple[Any, list[str]]] = {}
        (directory / "nodes").mkdir(parents=True, exist_ok=True)
        (directory / "relationships").mkdir(parents=True, exist_ok=True)

    def _open(self, name: str, header: list[str]) -> Any:
        handle = (self.directory / name).open("w", encoding="utf-8", newline="")
        self._handles.append(handle)
        writer = csv.writer(handle)
        writer.writerow(header)
        self.counts[name] = 0
        return writer

    def node(self, label: Label, node_id: str, props: Mapping[str, Any]) -> None:
        if label not in self._nodes:
            columns = node_columns(label)
            header = [f"id:ID({id_space(label)})", ":LABEL", *(f"{k}:{t}" for k, t in columns.items())]
            labels = f"{label.value};{SUBJECT}" if label in SUBJECT_LABELS else label.value
            self._nodes[label] = (self._open(f"nodes/{label.value}.csv", header), list(columns), labels)
        writer, keys, labels = self._nodes[label]
        writer.writerow([node_id, labels, *(_cell(props.get(k)) for k in keys)])
        self.counts[f"nodes/{label.value}.csv"] += 1

    def link(self, rel: str, start: str, end: str, props: Mapping[str, Any]) -> None:
        if rel not in self._rels:
            keys = self._rel_keys[rel]
            start_space, end_space = rel_spaces(Rel(rel))
            header = [f":START_ID({start_space})", f":END_ID({end_space})", ":TYPE"]
            header += [f"{k}:{REL_TYPES.get(k, PROVENANCE_TYPES.get(k, 'string'))}" for k in keys]
            self._rels[rel] = (self._open(f"relationships/{rel}.csv", header), keys)
        writer, keys = self._rels[rel]
        writer.writerow([start, end, rel, *(_cell(props.get(k)) for k in keys)])
        self.counts[f"relationships/{rel}.csv"] += 1

    def close(self) -> dict[str, int]:
        for handle in self._handles:
            handle.close()
        self._handles.clear()
        _write_args(self.directory, self.counts)
        return self.counts

    def abandon(self) -> None:
        for handle in self._handles:
            handle.close()
        self._handles.clear()


def export_graph(store: GraphStore, directory: Path, page: int = PAGE) -> dict[str, int]:
    """Write every node and relationship; returns the rows written per file."""
    rel_keys: dict[str, list[str]] = {}
    for row in store.read(REL_KEYS):
        rel_keys.setdefault(row["type"], []).append(row["key"])
    files = ImportFiles(directory, rel_keys)
    try:
        for label in EXPORTED:
            after = ""
            while rows := store.read(NODE_PAGE[label], after=after, limit=page):
                for row in rows:
                    files.node(label, row["id"], row["props"])
                for link in store.read(OUT_LINKS[label], ids=[r["id"] for r in rows]):
                    files.link(link["type"], link["start"], link["end"], link["props"])
                after = rows[-1]["id"]
    except BaseException:
        files.abandon()
        raise
    return files.close()


def admin_commands(directory: Path) -> list[str]:
    """What to run once the files are written (docs/scaling.md §1)."""
    return [
        f"cd {directory} && neo4j-admin database import full credit @import.args   # database offline",
        f"cypher-shell -d credit -f {directory / 'schema.cypher'}   # constraints and indexes, then online",
    ]


def _write_args(directory: Path, counts: dict[str, int]) -> None:
    """The importer's arguments (`neo4j-admin database import full @import.args`) and the schema."""
    lines = ["--array-delimiter=;", "--id-type=string", "--overwrite-destination=true"]
    lines += [f"--nodes={name}" for name in sorted(counts) if name.startswith("nodes/")]
    lines += [f"--relationships={name}" for name in sorted(counts) if name.startswith("relationships/")]
    (directory / "import.args").write_text("\n".join(lines) + "\n", encoding="utf-8")
    schema = [s.text + ";" for s in [*CONSTRAINTS.values(), *INDEXES.values()]]
    (directory / "schema.cypher").write_text("\n".join(schema) + "\n", encoding="utf-8")
