"""The `Extraction` node: what a machine read from one decision text, waiting for a person.

Its id comes from the exact text (the same document submitted twice is one extraction); its
priority says how much it needs a person. The reader itself is passed in by the caller (any
object with `extract(text, source_file)`, e.g. `nlp.extract.Extractor`): graph/ never imports nlp.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any, Protocol

from graph.cypher import statement
from graph.review.crosscheck import CrossCheck
from graph.review.status import ReviewStatus


class Extracted(Protocol):
    def to_json(self) -> dict[str, Any]: ...


class ExtractorLike(Protocol):
    """`nlp.extract.Extractor` or anything that reads a decision the same way."""

    def extract(self, text: str, source_file: str = "") -> Extracted: ...


def extraction_id(text: str) -> str:
    """From the exact text: the same document submitted twice is one extraction."""
    return "x:" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


def priority(values: dict[str, Any], check: CrossCheck | None, changed: bool = False) -> float:
    """Higher needs a person more: cross-check conflicts, then low confidence and warnings."""
    confidence = values.get("confidence") or {}
    lowest = min((float(c) for c in confidence.values()), default=0.0)
    missing = sum(1 for key in ("decision_no", "authority", "parties", "penalties") if not values.get(key))
    conflicts = check.conflicts if check else 0
    score = (50.0 + 10 * conflicts if conflicts else 0.0) + (30.0 if changed else 0.0)
    score += 40 * (1 - lowest) + 10 * min(len(values.get("warnings") or []), 3) + 5 * missing
    return round(score, 2)


def dumps(values: object) -> str:
    return json.dumps(values, ensure_ascii=False, sort_keys=True)


def reading(values: dict[str, Any], check: CrossCheck, changed: bool = False) -> dict[str, object]:
    """The properties a (new) reading sets: values, cross-check and the priority they give."""
    return {
        "values_json": dumps(values),
        "crosscheck_json": check.to_json(),
        "conflicts": check.conflicts,
        "priority": priority(values, check, changed),
    }


CREATE_EXTRACTION = statement(
    """
MERGE (x:Extraction {id: $id})
ON CREATE SET x += $props, x.created_by = $action_id
RETURN x.status AS status, x.created_by = $action_id AS fresh
""",
    id="x:1",
    props={"status": ReviewStatus.PENDING.value},
    action_id="ra:1",
)
