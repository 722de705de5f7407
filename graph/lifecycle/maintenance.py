"""The daily job (`credit-graph maintain [--date D]`): classify new cases and write the listing
windows of the list catalogue's rules, then report what staff must act on — publicity windows and
listings that ended since the day before, withdrawals later than the rule allows, objections and
信用修复 applications past their time limits. `--date D` replays day D: every report is as of D."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from graph.cypher import statement
from graph.lifecycle.classification import classify_cases
from graph.lifecycle.listings import EndedListing, ListingRule, apply_listing_rules, ended_listings
from graph.lifecycle.objections import SlaBreach, sla_breaches
from graph.lifecycle.publicity import PublicityRules
from graph.lifecycle.repairs import RepairSlaBreach, repair_sla_breaches
from graph.store import GraphStore

ENDED_WINDOWS = statement(
    """
MATCH (c:Case) WITH c, coalesce(c.publicity_end, c.max_end) AS ended
WHERE ended IS NOT NULL AND ended <= $today AND ended > $since
RETURN c.id AS id, c.decision_no AS decision_no, c.severity AS severity, ended
ORDER BY ended LIMIT 1000
""",
    today=date(2026, 6, 1),
    since=date(2026, 5, 31),
)

LATE_WITHDRAWALS = statement(
    """
MATCH (r) WHERE (r:Case OR r:Listing) AND r.revoked_on IS NOT NULL
  AND coalesce(r.withdrawn_on, $today) > r.revoked_on + duration({days: $days})
RETURN r.id AS id, r.revoked_on AS revoked_on, r.withdrawn_on AS withdrawn_on
ORDER BY revoked_on LIMIT 1000
""",
    today=date(2026, 6, 1),
    days=3,
)


@dataclass(frozen=True)
class EndedWindow:
    id: str
    decision_no: str | None
    severity: str | None
    ended: date


@dataclass(frozen=True)
class LateWithdrawal:
    id: str
    revoked_on: date
    withdrawn_on: date | None  # None: still not withdrawn


@dataclass(frozen=True)
class Overdue:
    publicity_ended: list[EndedWindow]
    late_withdrawals: list[LateWithdrawal]


@dataclass(frozen=True)
class MaintenanceReport:
    classified: dict[str, int]  # newly classified cases per class
    publicity_ended: list[EndedWindow]
    late_withdrawals: list[LateWithdrawal]
    objection_sla_breaches: list[SlaBreach]
    listing_windows_written: int = 0  # listings whose window the rules changed
    listings_ended: tuple[EndedListing, ...] = ()
    repair_sla_breaches: tuple[RepairSlaBreach, ...] = ()


def overdue_report(store: GraphStore, today: date) -> Overdue:
    """Windows that ended since yesterday, and withdrawals later than the rule allows."""
    ended = store.read(ENDED_WINDOWS, today=today, since=today - timedelta(days=1))
    late = store.read(LATE_WITHDRAWALS, today=today, days=PublicityRules().withdraw_within_days)
    return Overdue(
        [EndedWindow(r["id"], r["decision_no"], r["severity"], r["ended"]) for r in ended],
        [LateWithdrawal(r["id"], r["revoked_on"], r["withdrawn_on"]) for r in late],
    )


def maintain(
    store: GraphStore, today: date, rule_for: Callable[[str], ListingRule | None] | None = None
) -> MaintenanceReport:
    """The daily job: classification and listing windows first, so the report sees today's windows.
    `rule_for` gives a list's rules (the list catalogue's `rule_for`); None leaves listings as loaded."""
    classified = classify_cases(store)
    written = apply_listing_rules(store, rule_for) if rule_for is not None else 0
    overdue = overdue_report(store, today)
    return MaintenanceReport(
        classified, overdue.publicity_ended, overdue.late_withdrawals, sla_breaches(store, today),
        written, tuple(ended_listings(store, today)), tuple(repair_sla_breaches(store, today)),
    )  # fmt: skip
