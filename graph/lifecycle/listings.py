"""Listing rules per list (名单): the minimum period before repair, the maximum validity, who may repair.

The rules are data in the list catalogue (ingest/catalogue/lists.json, extended by the operator's
$CREDIT_GRAPH_HOME/lists.json); ingest writes each listing's window when it loads it, and the daily
job writes it again (a changed rule reaches listings already loaded). A listing stops counting on
`max_end` (列入日期 + maximum validity) even without a 移出日期, as it does after its 有效期至;
repair is refused before `min_end`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from graph.cypher import statement
from graph.lifecycle.publicity import add_months
from graph.store import GraphStore


class ListingState(StrEnum):
    """Where a listing stands at a day: counting, or why not."""

    IN_EFFECT = "in_effect"  # 有效
    REMOVED = "removed"  # 已移出 (移出日期 reached)
    EXPIRED = "expired"  # 期满: past 有效期至 or the list's maximum validity, without a 移出日期
    REPAIRED = "repaired"  # 已信用修复
    WITHDRAWN = "withdrawn"  # 已撤销 (an upheld objection or a correction)


def listing_state(
    in_effect: bool, at: date, removed_on: date | None, repaired_on: date | None, withdrawn_on: date | None
) -> ListingState:
    """The state of a listing at `at`, given whether it counts then (the query layer decides that)."""
    if withdrawn_on is not None and withdrawn_on <= at:
        return ListingState.WITHDRAWN
    if repaired_on is not None and repaired_on <= at:
        return ListingState.REPAIRED
    if in_effect:
        return ListingState.IN_EFFECT
    if removed_on is not None and removed_on <= at:
        return ListingState.REMOVED
    return ListingState.EXPIRED


@dataclass(frozen=True)
class ListingRule:
    repair_after_months: int | None = None  # 列入满 N 个月方可申请修复/移出; None: no minimum
    max_months: int | None = None  # 列入满 N 个月自动移出; None: until removed or 有效期至
    repaired_by: str | None = None  # who decides a repair or an early removal (认定部门, 人民法院 …)


@dataclass(frozen=True)
class ListingWindow:
    min_end: date | None
    max_end: date | None
    repaired_by: str | None


def listing_window(listed_on: date | None, rule: ListingRule | None) -> ListingWindow:
    """A listing's window under `rule`; no 列入日期 or no rule: no window."""
    if rule is None:
        return ListingWindow(None, None, None)
    if listed_on is None:
        return ListingWindow(None, None, rule.repaired_by)
    low, high = rule.repair_after_months, rule.max_months
    return ListingWindow(
        add_months(listed_on, low) if low else None,
        add_months(listed_on, high) if high else None,
        rule.repaired_by,
    )


LISTINGS = statement(
    "MATCH (l:Listing) RETURN l.id AS id, l.list_name AS list_name, l.listed_on AS listed_on, "
    "l.min_end AS min_end, l.max_end AS max_end, l.repaired_by AS repaired_by ORDER BY id"
)
SET_WINDOWS = statement(
    """
UNWIND $rows AS row
MATCH (l:Listing {id: row.id})
SET l.min_end = row.min_end, l.max_end = row.max_end, l.repaired_by = row.repaired_by
RETURN count(l) AS n
""",
    rows=[{"id": "listing:x", "min_end": "2025-01-01", "max_end": "2027-01-01", "repaired_by": "认定部门"}],
)
ENDED_LISTINGS = statement(
    """
MATCH (l:Listing) WHERE l.polarity = 'black' AND l.removed_on IS NULL
WITH l, CASE WHEN l.valid_until IS NULL THEN l.max_end
             WHEN l.max_end IS NULL OR l.valid_until + duration({days: 1}) < l.max_end
             THEN l.valid_until + duration({days: 1}) ELSE l.max_end END AS ended
WHERE ended IS NOT NULL AND ended <= $today AND ended > $since
RETURN l.id AS id, l.list_name AS list_name, ended ORDER BY ended, id LIMIT 1000
""",
    today=date(2026, 6, 1),
    since=date(2026, 5, 31),
)


@dataclass(frozen=True)
class EndedListing:
    """A black listing that stopped counting since yesterday (validity or maximum reached)."""

    id: str
    list_name: str
    ended: date


def apply_listing_rules(store: GraphStore, rule_for: Callable[[str], ListingRule | None]) -> int:
    """Write every listing's window under the current rules; returns how many changed."""
    changed = []
    for row in store.read(LISTINGS):
        window = listing_window(row["listed_on"], rule_for(str(row["list_name"] or "")))
        now = (window.min_end, window.max_end, window.repaired_by)
        if now != (row["min_end"], row["max_end"], row["repaired_by"]):
            changed.append({"id": row["id"], "min_end": now[0], "max_end": now[1], "repaired_by": now[2]})
    for start in range(0, len(changed), 5000):
        store.write(SET_WINDOWS, rows=changed[start : start + 5000])
    return len(changed)


def ended_listings(store: GraphStore, today: date) -> list[EndedListing]:
    rows = store.read(ENDED_LISTINGS, today=today, since=today - timedelta(days=1))
    return [EndedListing(r["id"], r["list_name"], r["ended"]) for r in rows]
