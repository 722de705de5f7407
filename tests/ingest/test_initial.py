"""`ingest --initial`: an initial load (CREATE into an empty graph) followed by ordinary MERGE
ingests of the deltas gives the same graph as one ingest of everything (issue 20, acceptance 3).

Part A is the register and the first half of the 双公示 penalties, part B the other half, the
lists and the bids: A then B is the order one run of A + B loads them in (registry first), so
every node and property, provenance included, must come out equal — with subjects, authorities
and provisions that both parts mention, names of lower rank that become aliases, and the
generator's deliberately bad rows quarantined the same way.
"""

from __future__ import annotations

import csv
import shutil
import sqlite3
from pathlib import Path

import pytest

from api.bench.synth import generate
from graph.store import GraphStore
from ingest.errors import GraphNotEmpty
from ingest.pipeline import Ingest, Options
from ingest.quarantine import IngestState
from tests.conftest import SECRET
from tests.ingest.test_resume import _cli, dump

REGISTRY = ("registry_basic.csv", "registry_shareholders.csv", "registry_people.csv")


def _split(data: Path, a: Path, b: Path) -> None:
    a.mkdir()
    b.mkdir()
    for name in REGISTRY:
        shutil.copy(data / name, a / name)
    with (data / "penalties.csv").open(encoding="utf-8", newline="") as handle:
        header, *rows = list(csv.reader(handle))
    half = len(rows) // 2
    for part, chunk in ((a, rows[:half]), (b, rows[half:])):
        with (part / "penalties.csv").open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows([header, *chunk])
    for name in ("lists.csv", "bids.csv"):
        shutil.copy(data / name, b / name)


def _ingest(store: GraphStore, state: Path, paths: list[Path], initial: bool = False) -> list[int]:
    ingest_state = IngestState(state)
    try:
        options = Options(chunk_rows=150, resume=False, initial=initial)
        reports = Ingest(store, ingest_state, SECRET, options).run(paths)
    finally:
        ingest_state.close()
    assert all(r.error is None for r in reports)
    return [r.quarantined for r in reports]


def _state_rows(path: Path) -> dict[str, list[tuple[object, ...]]]:
    db = sqlite3.connect(path)
    try:
        return {
            table: sorted(db.execute(f"SELECT * FROM {table}").fetchall(), key=repr)
            for table in ("quarantine", "warnings", "facts")
        }
    finally:
        db.close()


def test_initial_load_then_delta_equals_one_ingest(store: GraphStore, tmp_path: Path) -> None:
    manifest = generate(tmp_path / "data", 300, seed=3, bad_rate=0.03)
    assert manifest["bad"], "the generator made no bad rows: the quarantine would go untested"
    a, b = tmp_path / "A", tmp_path / "B"
    _split(tmp_path / "data", a, b)

    quarantined = _ingest(store, tmp_path / "once.sqlite", [a, b])
    assert sum(quarantined) > 0
    once_counts, once = store.counts(), dump(store)
    assert once_counts["nodes"] > 1000 and once_counts["relationships"] > 1000

    store.delete_all()
    first = _ingest(store, tmp_path / "split.sqlite", [a], initial=True)
    second = _ingest(store, tmp_path / "split.sqlite", [b])
    assert first + second == quarantined
    assert store.counts() == once_counts
    assert dump(store) == once
    # the same validation: the same quarantine, warnings and per-row facts
    assert _state_rows(tmp_path / "split.sqlite") == _state_rows(tmp_path / "once.sqlite")


def test_initial_load_refuses_a_graph_that_is_not_empty(store: GraphStore, tmp_path: Path) -> None:
    generate(tmp_path / "data", 40, seed=4)
    a, b = tmp_path / "A", tmp_path / "B"
    _split(tmp_path / "data", a, b)
    _ingest(store, tmp_path / "s.sqlite", [a], initial=True)
    before = store.counts()
    with pytest.raises(GraphNotEmpty) as refused:
        _ingest(store, tmp_path / "s.sqlite", [b], initial=True)
    assert "图谱不是空的" in refused.value.message and "--initial" in refused.value.message
    assert store.counts() == before  # nothing was written


def test_cli_initial_refuses_a_graph_with_data_in_chinese(
    store: GraphStore, env_for_cli: dict[str, str], tmp_path: Path
) -> None:
    generate(tmp_path / "data", 30, seed=5)
    a, b = tmp_path / "A", tmp_path / "B"
    _split(tmp_path / "data", a, b)
    env = {**env_for_cli, "COLUMNS": "200"}
    first = _cli(env, "ingest", "--initial", str(a))
    _, err = first.communicate(timeout=600)
    assert first.returncode == 0, err
    loaded = store.counts()
    assert loaded["nodes"] > 0
    again = _cli(env, "ingest", "--initial", str(b))
    _, err = again.communicate(timeout=600)
    assert again.returncode == 1
    assert "图谱不是空的" in err and "db reset" in err
    assert store.counts() == loaded
