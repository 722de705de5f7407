"""Cross-check of an extracted decision against the 双公示 record of the same decision.

The 双公示 row and the decision document describe one event under one key (authority + decision
number, `graph.ids.case_id`). Where both state a field and they differ (fine in the decision ≠
罚款金额(万元) × 10,000, another party USCC), the extraction is flagged and approving it needs a
reason. Only facts another source gave count as "recorded": what an earlier review published
from a decision document is not a second opinion.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

from graph.cypher import statement
from graph.ids import case_id
from graph.legal import penalties as legal
from graph.legal.codes import parse_uscc
from graph.legal.values import Invalid
from graph.store import GraphStore

# Provenance `source` of everything the review workflow publishes (graph.review.publication uses it).
SOURCE = "reviewed-decisions"
FINE_TOLERANCE_YUAN = 0.5  # 万元 with four decimals is exact to the yuan; allow rounding only

RECORDED_CASE = statement(
    """
MATCH (c:Case {id: $id})
WHERE any(s IN coalesce(c.sources, []) WHERE s <> $source)
RETURN properties(c) AS case,
  [(p:Subject)-[r:PARTY_TO]->(c) WHERE any(s IN coalesce(r.sources, []) WHERE s <> $source) | p.uscc]
    AS usccs,
  [(c)-[r:IMPOSES]->(s:Sanction) WHERE any(x IN coalesce(r.sources, []) WHERE x <> $source) | s.type]
    AS types
""",
    id="case:abc",
    source=SOURCE,
)


@dataclass(frozen=True)
class FieldCheck:
    field: str
    extracted: str | None
    recorded: str | None
    agrees: bool | None  # None: one side does not state the field


@dataclass(frozen=True)
class CrossCheck:
    case_id: str | None
    found: bool
    fields: list[FieldCheck] = field(default_factory=list)

    @property
    def conflicts(self) -> int:
        return sum(1 for f in self.fields if f.agrees is False)

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str | None) -> CrossCheck | None:
        if not text:
            return None
        data = json.loads(text)
        return cls(data["case_id"], data["found"], [FieldCheck(**f) for f in data["fields"]])


def extracted_case_id(values: dict[str, Any]) -> str | None:
    if values.get("authority") and values.get("decision_no"):
        return case_id(str(values["authority"]), str(values["decision_no"]))
    return None


def valid_usccs(values: dict[str, Any]) -> list[str]:
    """Party USCCs that pass the check digit: masked ones (9143…XXXX) say nothing."""
    found = []
    for party in values.get("parties") or []:
        try:
            code = parse_uscc(party.get("uscc"))
        except Invalid:
            code = None
        if code and code not in found:
            found.append(code)
    return found


def penalty_kinds(values: dict[str, Any]) -> list[str]:
    kinds: list[str] = []
    for item in values.get("penalties") or []:
        for kind in legal.penalty_types(item.get("type")):
            if kind not in kinds:
                kinds.append(kind)
    return kinds


def _show(value: object) -> str | None:
    if value is None or value == []:
        return None
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _check(name: str, extracted: object, recorded: object, agrees: bool) -> FieldCheck:
    known = extracted not in (None, []) and recorded not in (None, [])
    return FieldCheck(name, _show(extracted), _show(recorded), agrees if known else None)


def compare(
    values: dict[str, Any], recorded: dict[str, Any], usccs: list[str], types: list[str]
) -> list[FieldCheck]:
    """Field by field: total fine, party USCCs, decision date, penalty types."""
    fine, other_fine = values.get("total_fine_yuan"), recorded.get("total_fine_yuan")
    fine_agrees = (
        fine is not None
        and other_fine is not None
        and abs(float(fine) - float(other_fine)) <= (FINE_TOLERANCE_YUAN)
    )
    ours = valid_usccs(values)
    theirs = sorted({u for u in usccs if u})
    date, other_date = values.get("decision_date"), recorded.get("decision_date")
    kinds, other_kinds = penalty_kinds(values), sorted(set(types))
    return [
        _check("total_fine_yuan", fine, other_fine, fine_agrees),
        _check("party_uscc", sorted(ours), theirs, set(ours) == set(theirs)),
        _check("decision_date", date, other_date, str(date) == str(other_date)),
        _check("penalty_types", sorted(kinds), other_kinds, set(kinds) == set(other_kinds)),
    ]


def cross_check(store: GraphStore, values: dict[str, Any]) -> CrossCheck:
    """Compare with the ingested Case of the same key; `found=False` when there is none."""
    key = extracted_case_id(values)
    if key is None:
        return CrossCheck(None, False)
    rows = store.read(RECORDED_CASE, id=key, source=SOURCE)
    if not rows:
        return CrossCheck(key, False)
    row = rows[0]
    return CrossCheck(key, True, compare(values, row["case"], row["usccs"], row["types"]))
