"""Records into batches of rows: what the graph writer and the import writer share.

A record becomes one row per node (`id`, `props`, provenance) and one per link (`source_id`,
`target_id`, `props`, provenance) — the rows graph/writes.py's statements take. Two rows of one
batch for one node or link are merged first (the later row's provenance, the props of both, the
later one's values winning): a statement's rows must have distinct keys. When a batch is full
(`batch_size` rows) it is flushed; what a flush does is the subclass's.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Self

from graph.model import LABEL_OF, Label, Link, Node, Provenance, Record, Rel

Row = dict[str, Any]
NodeRows = dict[Label, dict[str, Row]]
LinkRows = dict[Rel, dict[tuple[str, str], Row]]


def plain(value: object) -> object:
    if isinstance(value, tuple):
        return list(value)
    return value


def node_props(node: Node) -> dict[str, object]:
    """The node's known values: None and empty values are left out, never written as null."""
    props: dict[str, object] = {}
    for f in dataclasses.fields(node):
        if f.name == "id":
            continue
        value = getattr(node, f.name)
        if value is None or value == ():
            continue
        props[f.name] = plain(value)
    return props


def provenance_row(prov: Provenance) -> Row:
    return {"source": prov.source, "record": prov.record, "loader": prov.loader, "seen": prov.seen}


@dataclass
class WriteStats:
    nodes: int = 0
    links: int = 0
    batches: int = 0
    by_label: dict[str, int] = field(default_factory=lambda: defaultdict(int))


class BatchWriter:
    """Buffers records as rows, one batch at a time. Subclasses say what `flush` does with a
    batch (`_take` hands it over) and how `existing_entities` is answered."""

    def __init__(self, batch_size: int) -> None:
        self.batch_size = batch_size
        self.stats = WriteStats()
        self._nodes: NodeRows = defaultdict(dict)
        self._links: LinkRows = defaultdict(dict)
        self._pending = 0

    def add(self, record: Record) -> None:
        prov = provenance_row(record.provenance)
        for node in record.nodes:
            label = LABEL_OF[type(node)]
            row = {"id": node.id, "props": node_props(node), **prov}
            previous = self._nodes[label].get(node.id)
            if previous is not None:  # two rows of one batch for one node: merge what they know
                row["props"] = {**previous["props"], **row["props"]}
            else:
                self._pending += 1
            self._nodes[label][node.id] = row
        for link in record.links:
            self._add_link(link, prov)
        if self._pending >= self.batch_size:
            self.flush()

    def _add_link(self, link: Link, prov: Row) -> None:
        key = (link.source, link.target)
        props = {k: plain(v) for k, v in link.props.items() if v is not None}
        previous = self._links[link.type].get(key)
        if previous is not None:
            props = {**previous["props"], **props}
        else:
            self._pending += 1
        self._links[link.type][key] = {
            "source_id": link.source,
            "target_id": link.target,
            "props": props,
            **prov,
        }

    def add_all(self, records: Iterable[Record]) -> WriteStats:
        for record in records:
            self.add(record)
        self.sync()
        return self.stats

    def _take(self) -> tuple[NodeRows, LinkRows]:
        """The buffered batch, counted in `stats`; the buffers start again empty."""
        nodes, links = self._nodes, self._links
        for label, rows in nodes.items():
            self.stats.nodes += len(rows)
            self.stats.by_label[label.value] += len(rows)
        for rel, link_rows in links.items():
            self.stats.links += len(link_rows)
            self.stats.by_label[rel.value] += len(link_rows)
        self._nodes, self._links = defaultdict(dict), defaultdict(dict)
        self._pending = 0
        return nodes, links

    def flush(self) -> None:
        raise NotImplementedError

    def wait(self) -> None:
        """Wait for a flush in flight, if the writer has any."""

    def sync(self) -> None:
        """Flush and wait: everything added so far is written."""
        self.flush()
        self.wait()

    def close(self) -> None:
        self.sync()

    def abandon(self) -> None:
        """The load failed: release what the writer holds, write nothing more."""

    def existing_entities(self, ids: list[str]) -> set[str]:
        """Which of these entity ids are written (a flushed batch, not the one being buffered)."""
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self

    def __exit__(self, exc_type: object, *rest: object) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abandon()
