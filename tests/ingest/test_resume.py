"""Idempotency and resumption: twice the same file, and a killed CLI run re-run, end in the same graph."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from graph.cypher import statement
from graph.store import GraphStore
from tests.conftest import Run
from tests.ingest import synth
from tests.ingest.test_corrupt import HEADER, _row

DUMP_NODES = statement("MATCH (n) RETURN labels(n) AS labels, properties(n) AS props")
DUMP_RELS = statement(
    "MATCH (a)-[r]->(b) RETURN type(r) AS type, a.id AS source, b.id AS target, properties(r) AS props"
)


def dump(store: GraphStore) -> list[str]:
    rows = [{"labels": sorted(r["labels"]), **r["props"]} for r in store.read(DUMP_NODES)]
    rows += [dict(r) for r in store.read(DUMP_RELS)]
    return sorted(json.dumps(r, sort_keys=True, default=str, ensure_ascii=False) for r in rows)


def _penalties(tmp_path: Path, n: int) -> Path:
    return synth.write_csv(tmp_path / "penalties.csv", HEADER, [_row(i) for i in range(1, n + 1)])


def test_same_file_twice_changes_nothing(run: Run, store: GraphStore, tmp_path: Path) -> None:
    path = _penalties(tmp_path, 120)
    run(path)
    first, first_dump = store.counts(), dump(store)
    run(path)
    assert store.counts() == first
    assert dump(store) == first_dump


def _cli(env: dict[str, str], *args: str) -> subprocess.Popen[str]:
    command = [str(Path(sys.executable).parent / "credit-graph"), *args]
    return subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _rows_done(home: Path) -> int:
    try:
        with sqlite3.connect(home / "ingest.sqlite") as db:
            row = db.execute("SELECT max(rows_done) FROM checkpoints").fetchone()
    except sqlite3.OperationalError:
        return 0
    return int(row[0] or 0)


@pytest.mark.slow  # three `credit-graph ingest` processes of its own, one killed
def test_killed_run_resumed_equals_clean_run(
    store: GraphStore, env_for_cli: dict[str, str], tmp_path: Path
) -> None:
    env = {**env_for_cli, "CREDIT_GRAPH_ID_KEY": "resume-test", "CREDIT_GRAPH_INGEST_CHUNK": "100"}
    home = Path(env["CREDIT_GRAPH_HOME"])
    path = _penalties(tmp_path, 1000)

    proc = _cli(env, "ingest", str(path))
    deadline = time.monotonic() + 90
    while _rows_done(home) < 200 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert proc.poll() is None, "the ingest finished before it could be killed"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    interrupted = store.counts()
    resumed = _cli(env, "ingest", str(path))
    out, err = resumed.communicate(timeout=300)
    assert resumed.returncode == 0, err
    assert "resumed" in out
    resumed_counts, resumed_dump = store.counts(), dump(store)
    assert resumed_counts["nodes"] > interrupted["nodes"]

    store.delete_all()
    clean = _cli(env, "ingest", "--restart", str(path))
    out, err = clean.communicate(timeout=300)
    assert clean.returncode == 0, err
    assert store.counts() == resumed_counts
    assert dump(store) == resumed_dump


def test_unreadable_file_exits_non_zero_naming_it(
    store: GraphStore, env_for_cli: dict[str, str], tmp_path: Path
) -> None:
    broken = tmp_path / "broken.jsonl.xlsx"
    broken.write_bytes(b"\x00\x01garbage")
    good = _penalties(tmp_path, 3)
    proc = _cli({**env_for_cli, "CREDIT_GRAPH_ID_KEY": "k"}, "ingest", str(broken), str(good))
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 1
    assert "broken.jsonl.xlsx" in err
    assert "penalties.csv" in out


def test_quarantine_and_quality_commands(
    store: GraphStore, env_for_cli: dict[str, str], tmp_path: Path
) -> None:
    bad = synth.write_penalties(
        tmp_path / "bad.csv", HEADER, [_row(1), [*_row(2)[:7], "2024-13-01", _row(2)[8]]]
    )
    env = {**env_for_cli, "CREDIT_GRAPH_ID_KEY": "k"}
    loading = _cli(env, "ingest", "--source", "cli-test", str(bad))
    loading.communicate(timeout=120)
    assert loading.returncode == 0  # a quarantined row is not a failure of the run
    listed, _ = _cli(env, "quarantine", "list", "--file", "bad.csv", "--json").communicate(timeout=60)
    rows = json.loads(listed)
    assert [(r["row"], r["field"]) for r in rows] == [(3, "处罚决定日期")]
    report, _ = _cli(env, "quality", "--source", "cli-test", "--json").communicate(timeout=60)
    (quality,) = json.loads(report)
    assert quality["rows"] == 2 and quality["compliance_rate"] == 0.5
