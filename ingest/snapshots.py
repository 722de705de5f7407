"""Registry snapshots: an extract taken on a known day (`ingest --as-of D`) dates the changes it shows.

A registry table lists who is legal representative, shareholder or officer of each company *now*.
Loaded with its snapshot date, every such relationship of a company in the table that the snapshot
no longer shows gets `until = D`, and a relationship that replaces one gets `since = D`; queries
evaluated at an earlier `asOf` then still see the earlier people (queries/common.py `DATED_R`).
Snapshots are to be loaded in date order. Without `--as-of` nothing is closed: the rows are facts
without a date. After a resumed (killed) run, re-run the snapshot with --restart so that every
company of the table is reconciled.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from graph.cypher import Statement, statement
from graph.model import Record, Rel
from graph.store import GraphStore
from ingest.kinds import Kind

_D = date(2026, 1, 1)
_ROWS = [{"company": "e:91110000000000000X", "holders": ["p:1"]}]

# Per relationship type: close what the snapshot no longer shows, then date what replaced it.
_CLOSE_TAIL = (
    " WHERE NOT p.id IN r.holders AND x.until IS NULL AND (x.since IS NULL OR x.since < $asOf)"
    " SET x.until = $asOf RETURN count(x) AS n"
)
_OPEN_TAIL = (
    " WHERE p.id IN r.holders AND x.since IS NULL AND x.until IS NULL"
    " AND EXISTS { MATCH (e)<-[y]-(q) WHERE type(y) = type(x) AND y.until = $asOf AND NOT q.id IN r.holders }"
    " SET x.since = $asOf RETURN count(x) AS n"
)
_HEAD = "UNWIND $rows AS r MATCH (e:Entity {id: r.company})"
CLOSE: dict[Rel, Statement] = {
    Rel.LEGAL_REP_OF: statement(_HEAD + "<-[x:LEGAL_REP_OF]-(p:Person)" + _CLOSE_TAIL, rows=_ROWS, asOf=_D),
    Rel.SHAREHOLDER_OF: statement(
        _HEAD + "<-[x:SHAREHOLDER_OF]-(p:Subject)" + _CLOSE_TAIL, rows=_ROWS, asOf=_D
    ),
    Rel.OFFICER_OF: statement(_HEAD + "<-[x:OFFICER_OF]-(p:Person)" + _CLOSE_TAIL, rows=_ROWS, asOf=_D),
    Rel.ACTUAL_CONTROLLER_OF: statement(
        _HEAD + "<-[x:ACTUAL_CONTROLLER_OF]-(p:Subject)" + _CLOSE_TAIL, rows=_ROWS, asOf=_D
    ),
}
OPEN: dict[Rel, Statement] = {
    Rel.LEGAL_REP_OF: statement(_HEAD + "<-[x:LEGAL_REP_OF]-(p:Person)" + _OPEN_TAIL, rows=_ROWS, asOf=_D),
    Rel.SHAREHOLDER_OF: statement(
        _HEAD + "<-[x:SHAREHOLDER_OF]-(p:Subject)" + _OPEN_TAIL, rows=_ROWS, asOf=_D
    ),
    Rel.OFFICER_OF: statement(_HEAD + "<-[x:OFFICER_OF]-(p:Person)" + _OPEN_TAIL, rows=_ROWS, asOf=_D),
    Rel.ACTUAL_CONTROLLER_OF: statement(
        _HEAD + "<-[x:ACTUAL_CONTROLLER_OF]-(p:Subject)" + _OPEN_TAIL, rows=_ROWS, asOf=_D
    ),
}

# Which relationship a registry table states completely for each company it names.
STATED: dict[Kind, Rel] = {
    Kind.REGISTRY_BASIC: Rel.LEGAL_REP_OF,
    Kind.REGISTRY_SHAREHOLDERS: Rel.SHAREHOLDER_OF,
    Kind.REGISTRY_PEOPLE: Rel.OFFICER_OF,
}
# Further relationships a table states completely beside its main one: 企业基本信息 names each
# company's 实际控制人 (none named: the earlier ones are closed).
ALSO_STATED: dict[Rel, tuple[Rel, ...]] = {Rel.LEGAL_REP_OF: (Rel.ACTUAL_CONTROLLER_OF,)}


@dataclass
class SnapshotTracker:
    """Collects, for one table, every company it names and the holders it states for each."""

    rel: Rel
    holders: dict[str, set[str]] = field(default_factory=dict)
    also: dict[Rel, dict[str, set[str]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.also = {rel: {} for rel in ALSO_STATED.get(self.rel, ())}

    def add(self, record: Record) -> None:
        for link in record.links:
            if link.type is self.rel:
                self.holders.setdefault(link.target, set()).add(link.source)
        companies = {link.target for link in record.links if link.type is self.rel or link.type in self.also}
        for rel, holders in self.also.items():
            for company in companies:
                holders.setdefault(company, set())
            for link in record.links:
                if link.type is rel:
                    holders[link.target].add(link.source)

    def apply(self, store: GraphStore, as_of: date, batch: int = 2000) -> int:
        """Date the changes; returns how many relationships were closed."""
        closed = 0
        for rel, stated in ((self.rel, self.holders), *self.also.items()):
            rows = [{"company": c, "holders": sorted(h)} for c, h in sorted(stated.items())]
            for start in range(0, len(rows), batch):
                chunk = rows[start : start + batch]
                closed += store.write(CLOSE[rel], rows=chunk, asOf=as_of)[0]["n"]
                store.write(OPEN[rel], rows=chunk, asOf=as_of)
            stated.clear()
        return int(closed)
