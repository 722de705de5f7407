"""A penalty decision by its natural key (authority + decision number), with its parties."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from graph.cypher import statement
from graph.ids import case_id
from graph.store import GraphStore
from queries.common import VISIBLE_C, NodeRef
from queries.profile import CaseView

CASE_BY_ID = statement(
    """
MATCH (c:Case {id: $id})
RETURN properties(c) AS case, """
    + VISIBLE_C
    + """ AS visible,
  [(c)-[:DECIDED_BY]->(a:Authority) | a.name] AS authority,
  [(c)-[:IMPOSES]->(s:Sanction) | properties(s)] AS sanctions,
  [(c)-[:APPLIED]->(pr:Provision) | properties(pr)] AS provisions,
  [(c)-[:VIOLATED]->(pr:Provision) | properties(pr)] AS violated,
  [(p:Subject)-[:PARTY_TO]->(c) | {id: p.id, name: p.name, uscc: p.uscc, masked_id: p.masked_id,
                                  labels: labels(p)}] AS parties
""",
    id="case:abc",
    asOf=date(2026, 1, 1),
)


@dataclass(frozen=True)
class CaseDetail:
    view: CaseView
    parties: tuple[NodeRef, ...]


def find_case(store: GraphStore, authority: str, decision_no: str, as_of: date) -> CaseDetail | None:
    return case_by_id(store, case_id(authority, decision_no), as_of)


def case_by_id(store: GraphStore, id: str, as_of: date) -> CaseDetail | None:
    """The case with its parties, by node id (as a review's publication answers it)."""
    rows = store.read(CASE_BY_ID, id=id, asOf=as_of)
    if not rows:
        return None
    row = rows[0]
    return CaseDetail(CaseView.from_row(row), tuple(NodeRef.from_row(p) for p in row["parties"]))
