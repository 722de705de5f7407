"""Review actions: approve, correct, reject, and re-review after the extractor changed.

Every action is one guarded transition that appends a `ReviewAction` in the same statement, so
two reviewers acting on one extraction cannot both succeed: the statement first writes to the
node (which takes its write lock on Neo4j), then checks the status it expects.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from graph.cypher import statement
from graph.legal.codes import parse_uscc
from graph.legal.values import Invalid
from graph.review.crosscheck import CrossCheck, cross_check
from graph.review.decisions import (
    OPEN,
    PUBLISHED,
    ExtractorLike,
    Status,
    Unpublishable,
    action_props,
    dumps,
    now,
    priority,
    publish,
)
from graph.store import GraphStore

LOAD = statement("MATCH (x:Extraction {id: $id}) RETURN properties(x) AS x", id="x:1")

TRANSITION = statement(
    """
MATCH (x:Extraction {id: $id})
SET x.last_attempt_at = $action.at
WITH x, x.status AS before
WHERE before IN $from
SET x += $props, x.status = $to
CREATE (a:ReviewAction {id: $action.id})
SET a += $action, a.status_before = before, a.status_after = $to
CREATE (a)-[:REVIEW_OF]->(x)
RETURN before
""",
    id="x:1",
    to="approved",
    props={"priority": 0.0},
    action={"id": "ra:1", "action": "approve", "by": "cli:me", "at": "2024-01-01T00:00:00+00:00"},
    **{"from": ["pending"]},
)

MARK_PUBLISHED = statement(
    "MATCH (x:Extraction {id: $id}) SET x.case_id = $case_id, x.published_at = $at, "
    "x.published_json = $values, x.published_status = x.status RETURN x.id AS id",
    id="x:1",
    case_id="case:abc",
    at="2024-01-01T00:00:00+00:00",
    values="{}",
)

OLDER_VERSION = statement(
    "MATCH (x:Extraction) WHERE x.status IN $statuses AND x.extractor_version <> $version "
    "RETURN properties(x) AS x ORDER BY x.id",
    statuses=["approved"],
    version="nlp-rules/0.2.0",
)
REFRESH = statement(
    "MATCH (x:Extraction {id: $id}) SET x += $props RETURN x.id AS id", id="x:1", props={"priority": 1.0}
)

# What a re-extraction is compared on: the facts, not spans, confidence or wording of warnings.
FACTS = ("decision_no", "authority", "decision_date", "parties", "violation", "legal_basis",
         "violated_provisions", "penalties", "total_fine_yuan")  # fmt: skip
PARTY_KEYS = ("name", "kind", "uscc", "legal_rep", "id_number", "address")
PENALTY_KEYS = ("type", "amount_yuan")
KINDS = (None, "company", "individual_business", "organisation", "person")


class ReviewFailed(Exception):
    """A review action that cannot be done; `code` is stable, `check` explains a conflict."""

    def __init__(self, code: str, message: str, check: CrossCheck | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.check = check


@dataclass(frozen=True)
class Change:
    field: str
    old: Any
    new: Any


def load(store: GraphStore, xid: str) -> dict[str, Any]:
    rows = store.read(LOAD, id=xid)
    if not rows:
        raise ReviewFailed("NOT_FOUND", f"no extraction {xid}")
    return dict(rows[0]["x"])


def _transition(
    store: GraphStore,
    xid: str,
    allowed: tuple[Status, ...],
    to: str,
    action: dict[str, object],
    props: dict[str, object],
) -> None:
    rows = store.write(
        TRANSITION, id=xid, to=to, props=props, action=action, **{"from": [s.value for s in allowed]}
    )
    if not rows:
        current = load(store, xid)["status"]  # raises NOT_FOUND when it is gone
        raise ReviewFailed(
            "WRONG_STATE",
            f"extraction {xid} is {current}; expected one of " + ", ".join(s.value for s in allowed),
        )


def _publish_checked(
    store: GraphStore,
    xid: str,
    x: dict[str, Any],
    values: dict[str, Any],
    by: str,
    secret: bytes,
    reason: str | None,
    action: str,
    allowed: tuple[Status, ...],
    changes: list[Change],
) -> str:
    """Cross-check, claim the extraction, publish, and note what the graph now holds."""
    check = cross_check(store, values)
    if check.conflicts and not (reason and reason.strip()):
        raise ReviewFailed(
            "CONFLICT_NEEDS_REASON",
            f"{check.conflicts} field(s) disagree with the 双公示 "
            "record of this decision: give a reason to publish anyway",
            check,
        )
    missing = [k for k in ("decision_no", "authority") if not values.get(k)]
    if missing:
        raise ReviewFailed("INCOMPLETE", str(Unpublishable(missing)))
    at = now()
    status = Status.CORRECTED if changes else Status.APPROVED
    record = action_props(
        xid,
        action,
        by,
        at,
        reason=reason,
        crosscheck_json=check.to_json(),
        changes_json=dumps([asdict(c) for c in changes]) if changes else None,
    )
    props = {
        "values_json": dumps(values),
        "crosscheck_json": check.to_json(),
        "conflicts": check.conflicts,
        "decision_no": values.get("decision_no"),
        "authority": values.get("authority"),
        "reviewed_by": by,
        "reviewed_at": at,
    }
    _transition(store, xid, allowed, status.value, record, {k: v for k, v in props.items() if v is not None})
    case_id = publish(store, xid, values, by, secret, previous_case=x.get("case_id"))
    store.write(MARK_PUBLISHED, id=xid, case_id=case_id, at=now(), values=dumps(values))
    return case_id


def approve(store: GraphStore, xid: str, by: str, secret: bytes, reason: str | None = None) -> str:
    """Publish the values as they stand; returns the Case id."""
    x = load(store, xid)
    values = json.loads(x["values_json"])
    return _publish_checked(store, xid, x, values, by, secret, reason, "approve", OPEN, [])


def correct(
    store: GraphStore,
    xid: str,
    changes: list[tuple[str, Any]],
    by: str,
    secret: bytes,
    reason: str | None = None,
) -> str:
    """Apply field-level changes (old and new value kept in the log), then publish."""
    x = load(store, xid)
    if not changes:
        raise ReviewFailed("BAD_CHANGE", "no changes given")
    values, done = apply_changes(json.loads(x["values_json"]), changes)
    return _publish_checked(store, xid, x, values, by, secret, reason, "correct", (*OPEN, *PUBLISHED), done)


def reject(store: GraphStore, xid: str, by: str, reason: str) -> str:
    """Pending → rejected. A re-queued one goes back to what is published: the new reading is dropped."""
    if not reason.strip():
        raise ReviewFailed("REASON_REQUIRED", "rejecting needs a reason")
    x = load(store, xid)
    status, props = Status.REJECTED.value, {}
    if x["status"] == Status.CHANGED:
        status = x.get("published_status") or Status.APPROVED.value
        props = {"values_json": x.get("published_json") or x["values_json"]}
    record = action_props(xid, "reject", by, now(), reason=reason)
    _transition(store, xid, OPEN, status, record, props)
    return status


# -- corrections -----------------------------------------------------------------------------


def _number(value: Any, where: str) -> float | int | None:
    if value is None or value == "":
        return None
    try:
        number = float(value)
    except (TypeError, ValueError) as exc:
        raise ReviewFailed("BAD_CHANGE", f"{where}: not a number: {value!r}") from exc
    return int(number) if number.is_integer() else number


def _checked(key: str, value: Any, where: str) -> Any:
    """Values are checked as ingest checks them: a date, an amount, a valid USCC, a known kind."""
    if key in ("total_fine_yuan", "amount_yuan"):
        return _number(value, where)
    if value is None or value == "":
        return None
    if key == "decision_date":
        try:
            return date.fromisoformat(str(value)).isoformat()
        except ValueError as exc:
            raise ReviewFailed("BAD_CHANGE", f"{where}: expected YYYY-MM-DD") from exc
    if key == "uscc":
        try:
            return parse_uscc(str(value))
        except Invalid as exc:
            raise ReviewFailed("BAD_CHANGE", f"{where}: {exc.reason}") from exc
    if key == "kind" and value not in KINDS:
        raise ReviewFailed("BAD_CHANGE", f"{where}: kind is one of {', '.join(k for k in KINDS if k)}")
    if key in ("legal_basis", "violated_provisions"):
        if not isinstance(value, list):
            raise ReviewFailed("BAD_CHANGE", f"{where}: expected a list of citations")
        return [str(v) for v in value]
    if key in ("parties", "penalties"):
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise ReviewFailed("BAD_CHANGE", f"{where}: expected a list of objects")
        keys = PARTY_KEYS if key == "parties" else PENALTY_KEYS
        return [{k: _checked(k, item.get(k), f"{where}.{k}") for k in keys} for item in value]
    return str(value)


def apply_changes(
    values: dict[str, Any], changes: list[tuple[str, Any]]
) -> tuple[dict[str, Any], list[Change]]:
    """`field` is a key (`total_fine_yuan`) or a path into a list (`parties.0.uscc`; index = length adds)."""
    out = json.loads(json.dumps(values))
    done: list[Change] = []
    for path, value in changes:
        parts = path.split(".")
        if parts[0] not in FACTS:
            raise ReviewFailed("BAD_CHANGE", f"{path}: not a correctable field ({', '.join(FACTS)})")
        if len(parts) == 1:
            new = _checked(parts[0], value, path)
            old, out[parts[0]] = out.get(parts[0]), new
        elif len(parts) == 3 and parts[0] in ("parties", "penalties") and parts[1].isdigit():
            items, index, key = out.setdefault(parts[0], []), int(parts[1]), parts[2]
            if key not in (PARTY_KEYS if parts[0] == "parties" else PENALTY_KEYS) or index > len(items):
                raise ReviewFailed("BAD_CHANGE", f"{path}: no such item or field")
            if index == len(items):
                items.append({})
            new = _checked(key, value, path)
            old, items[index][key] = items[index].get(key), new
        else:
            raise ReviewFailed("BAD_CHANGE", f"{path}: expected FIELD or parties|penalties.N.FIELD")
        done.append(Change(path, old, new))
    return out, done


# -- re-review -------------------------------------------------------------------------------


def facts(values: dict[str, Any]) -> dict[str, Any]:
    return {k: values.get(k) for k in FACTS}


def diff(old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    return [Change(k, old.get(k), new.get(k)) for k in FACTS if old.get(k) != new.get(k)]


def rereview(store: GraphStore, extractor: ExtractorLike, version: str, by: str | None = None) -> list[str]:
    """Re-extract everything read by another extractor version; returns the re-queued ids.

    A published decision goes back to the queue, marked changed_by_extractor, when the new
    reading differs both from the old reading and from what a person published; the published
    facts stay in the graph until a person approves or rejects the new reading. Open ones just
    get the new reading.
    """
    who = by or f"extractor:{version}"
    requeued = []
    statuses = [s.value for s in (*OPEN, *PUBLISHED)]
    for row in store.read(OLDER_VERSION, statuses=statuses, version=version):
        x = row["x"]
        new = extractor.extract(x["text"], x["source_name"]).to_json()
        old = json.loads(x["extraction_json"])
        published = json.loads(x.get("published_json") or x["values_json"])
        base = {"extractor_version": version, "extraction_json": dumps(new)}
        if x["status"] in OPEN:
            check = cross_check(store, new)
            props = {
                **base,
                "values_json": dumps(new),
                "crosscheck_json": check.to_json(),
                "conflicts": check.conflicts,
                "priority": priority(new, check, changed=x["status"] == Status.CHANGED),
            }
            store.write(REFRESH, id=x["id"], props=props)
            continue
        changes = diff(facts(published), facts(new))
        if not diff(facts(old), facts(new)) or not changes:
            store.write(REFRESH, id=x["id"], props=base)
            continue
        check = cross_check(store, new)
        props = {
            **base,
            "values_json": dumps(new),
            "crosscheck_json": check.to_json(),
            "conflicts": check.conflicts,
            "priority": priority(new, check, changed=True),
        }
        action = action_props(
            x["id"],
            "requeue",
            who,
            now(),
            reason=f"re-extracted by {version}",
            changes_json=dumps([asdict(c) for c in changes]),
        )
        _transition(store, x["id"], PUBLISHED, Status.CHANGED.value, action, props)
        requeued.append(x["id"])
    return requeued
