"""Unique constraints and indexes, applied idempotently at start; the writer checks them.

One unique `id` constraint per label of the model (and one on `Subject`, the label entities and
persons share), generated at import; the property indexes from a table of (label, property).
"""

from __future__ import annotations

from typing import LiteralString

from graph.cypher import Statement, statement, statements
from graph.model import SUBJECT, SUBJECT_LABELS, Label


def _unique_id(name: LiteralString, label: LiteralString) -> LiteralString:
    return "CREATE CONSTRAINT " + name + " IF NOT EXISTS FOR (n:" + label + ") REQUIRE n.id IS UNIQUE"


def _unique_ids() -> dict[LiteralString, LiteralString]:
    """Constraint name → label, in the order they are created: `Subject` right after its labels."""
    last_subject = max(SUBJECT_LABELS, key=list(Label).index)
    names: dict[LiteralString, LiteralString] = {}
    for label in Label:
        names[label.name.lower() + "_id"] = label.value
        if label is last_subject:
            names[SUBJECT.lower() + "_id"] = SUBJECT
    return names


_UNIQUE_IDS = _unique_ids()
CONSTRAINTS: dict[LiteralString, Statement] = statements(
    _UNIQUE_IDS, lambda name: _unique_id(name, _UNIQUE_IDS[name])
)

# name → (label, property)
_INDEXED: dict[LiteralString, tuple[Label, LiteralString]] = {
    "entity_uscc": (Label.ENTITY, "uscc"),
    "entity_name": (Label.ENTITY, "name_norm"),
    "person_name": (Label.PERSON, "name_norm"),
    "person_hash": (Label.PERSON, "id_hash"),
    "case_no": (Label.CASE, "decision_no"),
    "listing_name": (Label.LISTING, "list_name"),
    "extraction_status": (Label.EXTRACTION, "status"),
}


def _index(name: LiteralString) -> LiteralString:
    label, prop = _INDEXED[name]
    return "CREATE INDEX " + name + " IF NOT EXISTS FOR (n:" + label.value + ") ON (n." + prop + ")"


INDEXES: dict[LiteralString, Statement] = statements(_INDEXED, _index)

SHOW_CONSTRAINTS = statement("SHOW CONSTRAINTS")
