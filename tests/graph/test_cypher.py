"""The per-label, per-relationship and per-depth statements are generated from the model's enums
at import: every member has its statement, every one is registered (and so linted), and the
generated texts keep the exact shapes the writer's performance was measured on."""

from __future__ import annotations

from enum import IntEnum

import pytest

from graph.cypher import REGISTRY, digits, statements
from graph.export import EXPORTED, NODE_PAGE, NOT_EXPORTED, OUT_LINKS
from graph.model import CLASS_OF, LABEL_OF, RELATIONSHIPS, SUBJECT_LABELS, Label, Rel
from graph.schema import CONSTRAINTS, INDEXES
from graph.writes import FROM_TARGET, MERGE_LINK, MERGE_NODE, WRITTEN_BY_OTHERS

_TAIL = """
ON CREATE SET x.first_seen = r.seen, x.source = r.source, x.record = r.record, x.loader = r.loader
SET x += r.props, x.last_seen = r.seen,
    x.sources = CASE WHEN r.source IN coalesce(x.sources, []) THEN x.sources
                     ELSE coalesce(x.sources, []) + r.source END
RETURN count(*) AS written"""

# The subjects' update (no once-only provenance: CREATE set it), with the name precedence of
# issue 14: the name changes only for a rank at least the stored one; the loser becomes an alias.
_SUBJECT_TAIL = """
WITH r, x, coalesce(r.props.name_rank, 0) >= coalesce(x.name_rank, 0) AS wins,
     x.name AS old, x.name_norm AS old_norm, x.name_rank AS old_rank, x.name_from AS old_from,
     r.source + '|' + r.record + '|' + r.loader AS new_from
WITH r, x, wins, old, old_norm, old_rank, old_from, new_from,
     CASE WHEN wins THEN old ELSE r.props.name END AS lost,
     CASE WHEN wins THEN old_from ELSE new_from END AS lost_from,
     coalesce(old_norm = r.props.name_norm, false) AS same
WITH r, x, wins, old, old_norm, old_rank, old_from, new_from, lost, lost_from,
     lost IS NOT NULL AND NOT same AND NOT lost IN coalesce(x.aliases, []) AS keep
SET x += r.props, x.last_seen = r.seen,
    x.sources = CASE WHEN r.source IN coalesce(x.sources, []) THEN x.sources
                     ELSE coalesce(x.sources, []) + r.source END,
    x.name = CASE WHEN wins THEN r.props.name ELSE old END,
    x.name_norm = CASE WHEN wins THEN r.props.name_norm ELSE old_norm END,
    x.name_rank = CASE WHEN wins THEN r.props.name_rank ELSE old_rank END,
    x.name_from = CASE WHEN wins THEN new_from ELSE old_from END,
    x.aliases = CASE WHEN keep THEN coalesce(x.aliases, []) + lost ELSE x.aliases END,
    x.alias_from = CASE WHEN keep THEN coalesce(x.alias_from, []) + lost_from ELSE x.alias_from END
RETURN count(*) AS written"""


def test_every_label_and_relationship_has_its_generated_statements() -> None:
    assert set(MERGE_NODE) == set(Label) - WRITTEN_BY_OTHERS
    # Every relationship whose ends are one label each (or "a subject") is written by the writer;
    # OBJECTS_TO and REPAIR_OF (to a case or a listing) only through objections and repair applications.
    assert set(MERGE_LINK) == set(Rel) - {Rel.OBJECTS_TO, Rel.REPAIR_OF}
    assert set(NODE_PAGE) == set(OUT_LINKS) == set(EXPORTED) == set(Label) - NOT_EXPORTED
    assert set(CONSTRAINTS) == {f"{label.name.lower()}_id" for label in Label} | {"subject_id"}
    generated = [*MERGE_NODE.values(), *MERGE_LINK.values(), *NODE_PAGE.values(), *OUT_LINKS.values()]
    generated += [*CONSTRAINTS.values(), *INDEXES.values()]
    registered = {id(s) for s in REGISTRY}
    assert all(id(s) in registered for s in generated), "a generated statement escaped the linter"


def test_each_statement_names_its_own_label_or_type() -> None:
    for label, stmt in MERGE_NODE.items():
        assert f"(x:{label.value} {{id: r.id}})" in stmt.text
        assert stmt.origin.endswith(f"[{label.value}]")
    for rel, stmt in MERGE_LINK.items():
        assert f"[x:{rel.value}]" in stmt.text
    for label in EXPORTED:
        assert f"(n:{label.value})" in NODE_PAGE[label].text
        assert f"(n:{label.value} {{id: id}})" in OUT_LINKS[label].text


def test_the_generated_shapes_are_the_measured_ones() -> None:
    """Two-label subjects: create the missing ones, then update; relationships: from the low side."""
    assert MERGE_NODE[Label.PERSON].text == (
        "UNWIND $rows AS r OPTIONAL MATCH (e:Person {id: r.id}) WITH r, e "
        "FOREACH (_ IN CASE WHEN e IS NULL THEN [1] ELSE [] END | CREATE (:Person:Subject "
        "{id: r.id, first_seen: r.seen, source: r.source, record: r.record, loader: r.loader}))"
        " WITH r MATCH (x:Person {id: r.id})" + _SUBJECT_TAIL
    )
    assert MERGE_NODE[Label.CASE].text == "UNWIND $rows AS r MERGE (x:Case {id: r.id})" + _TAIL
    assert MERGE_LINK[Rel.SHAREHOLDER_OF].text == (
        "UNWIND $rows AS r MATCH (b:Entity {id: r.target_id}) MATCH (a:Subject {id: r.source_id}) "
        "MERGE (b)<-[x:SHAREHOLDER_OF]-(a)" + _TAIL
    )
    assert MERGE_LINK[Rel.LOCATED_AT].text == (
        "UNWIND $rows AS r MATCH (a:Subject {id: r.source_id}) MATCH (b:Address {id: r.target_id}) "
        "MERGE (a)-[x:LOCATED_AT]->(b)" + _TAIL
    )
    assert CONSTRAINTS["review_action_id"].text == (
        "CREATE CONSTRAINT review_action_id IF NOT EXISTS FOR (n:ReviewAction) REQUIRE n.id IS UNIQUE"
    )
    assert list(CONSTRAINTS)[:3] == ["entity_id", "person_id", "subject_id"]
    for rel in MERGE_LINK:
        sources = RELATIONSHIPS[rel][0]
        start = "(b)<-[" if rel in FROM_TARGET else "(a)-["
        assert f"MERGE {start}x:{rel.value}]" in MERGE_LINK[rel].text
        if frozenset(sources) == SUBJECT_LABELS:
            assert "(a:Subject {id: r.source_id})" in MERGE_LINK[rel].text


def test_labels_and_classes_are_one_table() -> None:
    assert set(CLASS_OF) == set(Label) and len(LABEL_OF) == len(Label)
    assert all(LABEL_OF[cls] is label and cls.label is label for label, cls in CLASS_OF.items())


class Depth(IntEnum):
    ONE = 1
    TWO = 2
    TWELVE = 12


def test_one_statement_per_allowed_depth() -> None:
    before = len(REGISTRY)
    by_depth = statements(
        Depth, lambda d: "MATCH p = (a:Subject {id: $id})-[*.." + digits(d) + "]-(b) RETURN p", id="e:1"
    )
    assert [s.text for s in by_depth.values()] == [
        "MATCH p = (a:Subject {id: $id})-[*..1]-(b) RETURN p",
        "MATCH p = (a:Subject {id: $id})-[*..2]-(b) RETURN p",
        "MATCH p = (a:Subject {id: $id})-[*..12]-(b) RETURN p",
    ]
    assert REGISTRY[before:] == list(by_depth.values()) and by_depth[Depth.TWO].example == {"id": "e:1"}
    assert __file__ in by_depth[Depth.ONE].origin
    del REGISTRY[before:]  # made by this test, not by the product
    assert digits(0) == "0" and digits(2026) == "2026"
    with pytest.raises(ValueError):
        digits(-1)
