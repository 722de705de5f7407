"""The data-quality report (`credit-graph quality`), per source and authority, from the row facts.

- 合规率 (compliance): rows that passed validation / rows read.
- 及时率 (timeliness): of rows with both a decision date and a disclosure date, those disclosed
  within 7 working days after the decision. Working days are Monday–Friday; public holidays and
  make-up working days (调休) are not modelled, so the rate is slightly generous around holidays.
- 重错码率 (duplicate/wrong codes): of rows carrying a USCC, those whose code fails its check
  (错码) or that share a valid code with a different normalised name in the same source (重码).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from graph.ids import normalise
from ingest.quarantine import IngestState

DEADLINE_WORKING_DAYS = 7


def working_days_after(start: date, end: date) -> int:
    """Mon–Fri days in (start, end]; negative spans count as 0 (disclosed before deciding)."""
    if end <= start:
        return 0
    days = (end - start).days
    weeks, rest = divmod(days, 7)
    count = weeks * 5
    for offset in range(1, rest + 1):
        if (start + timedelta(days=weeks * 7 + offset)).weekday() < 5:
            count += 1
    return count


@dataclass
class QualityRow:
    source: str
    authority: str | None
    rows: int = 0
    valid: int = 0
    timed: int = 0
    on_time: int = 0
    coded: int = 0
    bad_codes: int = 0

    def as_dict(self) -> dict[str, object]:
        return {
            "source": self.source,
            "authority": self.authority,
            "rows": self.rows,
            "valid": self.valid,
            "compliance_rate": _rate(self.valid, self.rows),
            "with_disclosure_date": self.timed,
            "on_time": self.on_time,
            "timeliness_rate": _rate(self.on_time, self.timed),
            "with_uscc": self.coded,
            "duplicate_or_wrong": self.bad_codes,
            "code_error_rate": _rate(self.bad_codes, self.coded),
        }


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def quality_rows(state: IngestState, source: str | None = None) -> list[QualityRow]:
    query = (
        "SELECT source, authority, ok, decision_date, disclosed_on, uscc, uscc_state, name FROM facts "
        "WHERE (? IS NULL OR source = ?)"
    )
    facts = state.db.execute(query, (source, source)).fetchall()
    names: dict[tuple[str, str], set[str]] = defaultdict(set)
    for src, _, _, _, _, uscc, uscc_state, name in facts:
        if uscc_state == "valid" and name:
            names[(src, uscc)].add(normalise(name))
    groups: dict[tuple[str, str | None], QualityRow] = {}
    for src, authority, ok, decided, disclosed, uscc, uscc_state, _ in facts:
        row = groups.setdefault((src, authority), QualityRow(src, authority))
        row.rows += 1
        row.valid += int(ok)
        if decided and disclosed:
            row.timed += 1
            span = working_days_after(date.fromisoformat(decided), date.fromisoformat(disclosed))
            row.on_time += int(span <= DEADLINE_WORKING_DAYS)
        if uscc_state in ("valid", "wrong"):
            row.coded += 1
            duplicate = uscc_state == "valid" and len(names[(src, uscc)]) > 1
            row.bad_codes += int(uscc_state == "wrong" or duplicate)
    return sorted(groups.values(), key=lambda r: (r.source, r.authority or ""))
