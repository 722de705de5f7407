"""The 联合奖惩 credit check: the measures each subject triggers for one matter at `$asOf`.

One statement for any number of subjects: the listings in force (black and red: a removed,
expired, repaired or withdrawn listing, or one past its list's maximum validity, no longer
triggers) and the published penalty decisions in their publicity window; the measures catalogue
(ingest/catalogue/measures.json) turns them into measures with their basis.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from graph.cypher import statement
from graph.store import GraphStore
from ingest.catalogue.measures import Measure, MeasureCatalogue
from queries.common import IN_EFFECT_ANY_L, VISIBLE_C, Row

CHECK_SUBJECTS = statement(
    """
UNWIND $usccs AS u
MATCH (e:Entity {uscc: u})
RETURN u AS uscc, e.id AS id, e.name AS name,
  [(e)-[:LISTED_IN]->(l:Listing) WHERE """
    + IN_EFFECT_ANY_L
    + """ | {id: l.id, list_name: l.list_name, polarity: l.polarity, listed_on: l.listed_on,
           authority: l.authority}] AS listings,
  [(e)-[:PARTY_TO]->(c:Case) WHERE coalesce(c.status, 'published') = 'published' AND """
    + VISIBLE_C
    + """ | {id: c.id, decision_no: c.decision_no, authority: c.authority, decided_on: c.decision_date,
           severity: c.severity, types: [(c)-[:IMPOSES]->(s:Sanction) | s.type]}] AS cases
""",
    usccs=["91110000000000000X"],
    asOf=date(2026, 1, 1),
)


@dataclass(frozen=True)
class TriggerRecord:
    """The listing or penalty decision behind a measure."""

    kind: str  # listing | case
    id: str
    name: str  # the list's name, or the decision number
    authority: str | None
    since: date | None  # 列入日期 or 处罚决定日期

    @property
    def label(self) -> str:
        what = "名单" if self.kind == "listing" else "行政处罚"
        day = f"，{self.since.isoformat()}" if self.since else ""
        by = f"，{self.authority}" if self.authority else ""
        return f"{what}：{self.name}{by}{day}"


@dataclass(frozen=True)
class TriggeredMeasure:
    measure: Measure
    record: TriggerRecord


@dataclass(frozen=True)
class CheckResult:
    uscc: str
    entity_id: str | None  # None: the graph holds no entity with this USCC
    name: str | None
    measures: tuple[TriggeredMeasure, ...]


def _measures(row: Row, matter: str, as_of: date, catalogue: MeasureCatalogue) -> list[TriggeredMeasure]:
    found: list[TriggeredMeasure] = []
    for listing in sorted(row["listings"], key=lambda item: str(item["id"])):
        record = TriggerRecord(
            "listing",
            str(listing["id"]),
            str(listing["list_name"] or ""),
            listing.get("authority"),
            listing.get("listed_on"),
        )
        found += [TriggeredMeasure(m, record) for m in catalogue.for_list(record.name, matter)]
    for case in sorted(row["cases"], key=lambda item: str(item["id"])):
        record = TriggerRecord(
            "case",
            str(case["id"]),
            str(case.get("decision_no") or ""),
            case.get("authority"),
            case.get("decided_on"),
        )
        hits = catalogue.for_penalty(matter, case.get("severity"), case["types"], record.since, as_of)
        found += [TriggeredMeasure(m, record) for _, m in hits]
    return found


def credit_check(
    store: GraphStore, usccs: list[str], matter: str, as_of: date, catalogue: MeasureCatalogue
) -> list[CheckResult]:
    """One result per distinct USCC, in the order asked; `matter` is a catalogue matter."""
    wanted = list(dict.fromkeys(u.strip().upper() for u in usccs))
    rows = {row["uscc"]: row for row in store.read(CHECK_SUBJECTS, usccs=wanted, asOf=as_of)}
    results = []
    for code in wanted:
        row = rows.get(code)
        if row is None:
            results.append(CheckResult(code, None, None, ()))
            continue
        measures = tuple(_measures(row, matter, as_of, catalogue))
        results.append(CheckResult(code, str(row["id"]), row.get("name"), measures))
    return results
