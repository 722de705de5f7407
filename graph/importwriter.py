"""The importer's CSVs straight from the records (`ingest --initial --neo4j-import OUTDIR`): no graph.

`ImportWriter` takes records as `GraphWriter` does (graph/batch.py: the same rows, the same
merge of two rows of one batch) and, at each flush, folds the batch into memory as the MERGE
statements of graph/writes.py would write it into a graph: nodes before links; a node's
once-only provenance on creation, then `x += props`, `last_seen`, the distinct `sources`; for
subjects the name precedence with its aliases; a link only when both its ends exist (the MATCH
of its statement), keyed by (type, source, target). At `close` the cases are classified as
`classify_cases` does after an ingest, and graph/export.py's `ImportFiles` writes the files.

Everything is held in memory until `close` (docs/scaling.md §1 has the measured size).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from graph.batch import BatchWriter, Row
from graph.export import EXPORTED, ImportFiles
from graph.lifecycle.classification import classification_updates
from graph.lifecycle.publicity import PublicityRules
from graph.model import SUBJECT, SUBJECT_LABELS, Label, Rel
from graph.writes import LINK_ENDS

Props = dict[str, Any]


def _coalesce(*values: Any) -> Any:
    return next((value for value in values if value is not None), None)


def _set(x: Props, key: str, value: Any) -> None:
    """Cypher's `SET x.key = value`: a null removes the property."""
    if value is None:
        x.pop(key, None)
    else:
        x[key] = value


def _once(r: Row) -> Props:
    """What a node or relationship gets on creation only (`ON CREATE SET`, `_ONCE`)."""
    return {"first_seen": r["seen"], "source": r["source"], "record": r["record"], "loader": r["loader"]}


def _seen(x: Props, r: Row) -> None:
    """`SET x += r.props, x.last_seen = r.seen, x.sources = …` of `_PROVENANCE` and `_UPDATE`."""
    x.update(r["props"])
    x["last_seen"] = r["seen"]
    sources = _coalesce(x.get("sources"), [])
    if r["source"] not in sources:
        x["sources"] = [*sources, r["source"]]


def fold(x: Props | None, r: Row) -> Props:
    """One row into a node or relationship as `MERGE … _PROVENANCE` writes it."""
    if x is None:
        x = _once(r)
    _seen(x, r)
    return x


def fold_subject(x: Props | None, r: Row) -> Props:
    """One row into an entity or person as `_merge_node` writes it: create with `_ONCE` when
    missing, then `_UPDATE` — ported line by line, each WITH's values taken before the SET."""
    if x is None:
        x = _once(r)
    props = r["props"]
    wins = _coalesce(props.get("name_rank"), 0) >= _coalesce(x.get("name_rank"), 0)
    old, old_norm, old_rank, old_from = (
        x.get("name"),
        x.get("name_norm"),
        x.get("name_rank"),
        x.get("name_from"),
    )
    new_from = r["source"] + "|" + r["record"] + "|" + r["loader"]
    lost = old if wins else props.get("name")
    lost_from = old_from if wins else new_from
    # coalesce(old_norm = r.props.name_norm, false): a comparison with null is null
    same = old_norm is not None and props.get("name_norm") is not None and old_norm == props["name_norm"]
    keep = lost is not None and not same and lost not in _coalesce(x.get("aliases"), [])
    _seen(x, r)
    _set(x, "name", props.get("name") if wins else old)
    _set(x, "name_norm", props.get("name_norm") if wins else old_norm)
    _set(x, "name_rank", props.get("name_rank") if wins else old_rank)
    _set(x, "name_from", new_from if wins else old_from)
    if keep:
        x["aliases"] = [*_coalesce(x.get("aliases"), []), lost]
        x["alias_from"] = [*_coalesce(x.get("alias_from"), []), lost_from]
    return x


class ImportWriter(BatchWriter):
    """Folds every batch into memory; `close` classifies the cases and writes `directory`."""

    def __init__(self, directory: Path, batch_size: int, rules: PublicityRules | None = None) -> None:
        super().__init__(batch_size)
        self.directory = directory
        self.rules = rules or PublicityRules()
        self.nodes: dict[Label, dict[str, Props]] = defaultdict(dict)
        self.links: dict[Rel, dict[tuple[str, str], Props]] = defaultdict(dict)
        self.written: dict[str, int] = {}  # rows per file, once closed
        self.classified: dict[str, int] = {}  # cases per publicity class, once closed

    def flush(self) -> None:
        nodes, links = self._take()
        for label, rows in nodes.items():
            merge = fold_subject if label in SUBJECT_LABELS else fold
            known = self.nodes[label]
            for node_id, row in rows.items():
                known[node_id] = merge(known.get(node_id), row)
        for rel, link_rows in links.items():
            source, target = LINK_ENDS[rel]
            known_links = self.links[rel]
            for key, row in link_rows.items():
                if self._exists(source, key[0]) and self._exists(target, key[1]):
                    known_links[key] = fold(known_links.get(key), row)
        self.stats.batches += 1

    def _exists(self, match: str, node_id: str) -> bool:
        """Whether `MATCH (n:<match> {id: node_id})` finds a node (`Subject`: an entity or a person)."""
        labels: Iterable[Label] = SUBJECT_LABELS if match == SUBJECT else (Label(match),)
        return any(node_id in self.nodes[label] for label in labels)

    def existing_entities(self, ids: list[str]) -> set[str]:
        entities = self.nodes[Label.ENTITY]
        return {entity_id for entity_id in ids if entity_id in entities}

    def close(self) -> None:
        self.flush()
        self.classified = self._classify()
        rel_keys: dict[str, set[str]] = defaultdict(set)
        for rel, links in self.links.items():
            for props in links.values():
                rel_keys[rel.value].update(props)
        files = ImportFiles(self.directory, rel_keys)
        try:
            for label in EXPORTED:
                for node_id in sorted(self.nodes.get(label, {})):
                    files.node(label, node_id, self.nodes[label][node_id])
            for rel, links in self.links.items():
                for (start, end), props in links.items():
                    files.link(rel.value, start, end, props)
        except BaseException:
            files.abandon()
            raise
        self.written = files.close()

    def _classify(self) -> dict[str, int]:
        """`classify_cases` on the cases in memory, each read as `_CLASSIFY_RETURN` reads it from
        a graph: its start, own 公示截止期, sanction types, fines and whether its parties are
        persons only. In an initial load every case is new, so every case is classified."""
        imposed: dict[str, list[Props]] = defaultdict(list)
        sanctions = self.nodes[Label.SANCTION]
        for case_id, sanction_id in self.links[Rel.IMPOSES]:
            imposed[case_id].append(sanctions[sanction_id])
        parties: dict[str, set[Label]] = defaultdict(set)
        persons = self.nodes[Label.PERSON]
        for subject_id, case_id in self.links[Rel.PARTY_TO]:
            parties[case_id].add(Label.PERSON if subject_id in persons else Label.ENTITY)
        rows = []
        for case_id, case in self.nodes[Label.CASE].items():
            items = imposed[case_id]
            fines = 0.0
            for item in items:
                if item.get("type") == "罚款":
                    fines += _coalesce(item.get("amount_yuan"), 0.0)
            start = _coalesce(
                case.get("decision_date"), _coalesce(case.get("disclosed_on"), case["first_seen"])
            )
            rows.append(
                {
                    "id": case_id,
                    "start": start,
                    "own_until": case.get("publicity_until"),
                    "types": [item["type"] for item in items],
                    "fines": fines,
                    "person": parties[case_id] == {Label.PERSON},
                }
            )
        counts: dict[str, int] = {}
        cases = self.nodes[Label.CASE]
        for update in classification_updates(rows, self.rules, counts):
            case = cases[update.pop("id")]
            for key, value in update.items():
                _set(case, key, value)
        return counts
