"""`ingest --initial --neo4j-import OUTDIR`: the importer's CSVs written straight from the records
equal those exported from a graph the same input was ingested into (issue 20, "for Neo4j").

The input: the generator's 300 firms (subjects named again by 双公示, lists and bids rows;
persons in several firms; cases of every class; deliberately bad rows, quarantined), test_order's
folder (a shareholder and an officer of a company first seen in a 双公示 file: deferred, then
retried at the end of the run; one that never finds its company) and test_name_precedence's
company (renamed by a second register file, named lower by a list and by bids: aliases).
A: ingested into the test graph and exported with `export_graph`. B: the CLI, as a user runs
it, in a home of its own with no engine. Every file must have the same header and the same rows
(in any order); the quarantine, warnings, row facts and per-file accounting must be the same.
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

from api.bench.synth import generate
from graph.cypher import statement
from graph.export import export_graph, node_columns
from graph.model import Label
from graph.store import GraphStore
from ingest.pipeline import Ingest, Options
from ingest.quarantine import IngestState
from tests.conftest import SECRET, free_port
from tests.ingest import synth
from tests.ingest.test_initial import _state_rows
from tests.ingest.test_name_precedence import A, _list, _registry
from tests.ingest.test_order import _folder
from tests.ingest.test_resume import _cli

CHUNK = 150
Files = dict[str, tuple[list[str], Counter[tuple[str, ...]]]]
NODE_KEYS = statement("MATCH (n) UNWIND keys(n) AS key RETURN DISTINCT labels(n) AS labels, key")


def _files(directory: Path) -> Files:
    """Every file under `directory`: its header and its rows as a multiset."""
    out: Files = {}
    for path in sorted(directory.rglob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            header, *rows = list(csv.reader(handle))
        out[path.relative_to(directory).as_posix()] = (header, Counter(tuple(row) for row in rows))
    return out


def _names(root: Path) -> Path:
    """One company renamed by a second register file, named otherwise by a list and by two bids
    rows of one batch (merged before they are written: the later name only)."""
    (root / "a").mkdir(parents=True)
    (root / "b").mkdir()
    _registry(root / "a")
    _registry(root / "b", "甲建设集团有限公司")
    _list(root)
    header = ["项目编号", "标段", "投标人名称", "投标人统一社会信用代码", "联系电话"]
    rows = [["ZB-2024-1", "1", "甲建设公司", A, "0371-65550001"], ["ZB-2024-2", "1", "甲建设有限公司", A, ""]]
    synth.write_csv(root / "bids.csv", header, rows)
    return root


def _files_after_export(
    store: GraphStore, directory: Path
) -> dict[str, tuple[list[str], Counter[tuple[str, ...]]]]:
    """Export the graph; first check that no property of a node is left out of its file."""
    exported = export_graph(store, directory, page=100)
    for row in store.read(NODE_KEYS):
        label = next(Label(name) for name in row["labels"] if name != "Subject")
        if row["key"] != "id" and f"nodes/{label.value}.csv" in exported:
            assert row["key"] in node_columns(label), (label, row["key"])
    return _files(directory)


def test_neo4j_import_equals_ingest_then_export(
    store: GraphStore, env_for_cli: dict[str, str], tmp_path: Path
) -> None:
    manifest = generate(tmp_path / "data", 300, seed=3, bad_rate=0.03)
    assert manifest["bad"]
    _folder(tmp_path / "order")
    inputs = [tmp_path / "data", tmp_path / "order", _names(tmp_path / "names")]

    state = IngestState(tmp_path / "a.sqlite")
    try:
        reports = Ingest(store, state, SECRET, Options(chunk_rows=CHUNK, resume=False)).run(inputs)
    finally:
        state.close()
    assert all(r.error is None for r in reports)
    # the input exercises what the fold must get right
    assert sum(r.quarantined for r in reports) > 0 and sum(r.retried for r in reports) == 2
    a = _files_after_export(store, tmp_path / "A")
    entities = a["nodes/Entity.csv"]
    aliases = entities[0].index("aliases:string[]")
    assert sum(n for row, n in entities[1].items() if row[aliases]) >= 1
    severity = a["nodes/Case.csv"][0].index("severity:string")
    assert {row[severity] for row in a["nodes/Case.csv"][1]} >= {"轻微", "一般"}

    home = tmp_path / "home-b"  # no engine in it, and none on its ports
    env = {
        **env_for_cli,
        "CREDIT_GRAPH_HOME": str(home),
        "CREDIT_GRAPH_BOLT_PORT": str(free_port()),
        "CREDIT_GRAPH_ENGINE_HTTP_PORT": str(free_port()),
        "CREDIT_GRAPH_ID_KEY": SECRET.decode(),
        "CREDIT_GRAPH_INGEST_CHUNK": str(CHUNK),
        "COLUMNS": "200",
    }
    out_b = tmp_path / "B"
    proc = _cli(env, "ingest", "--initial", "--neo4j-import", str(out_b), *map(str, inputs))
    stdout, stderr = proc.communicate(timeout=600)
    assert proc.returncode == 0, stderr
    assert not (home / "engine.pid").exists() and not (home / "databases").exists()

    b = _files(out_b)
    assert sorted(b) == sorted(a)
    for name in a:
        assert b[name][0] == a[name][0], name
        assert b[name][1] == a[name][1], (name, (b[name][1] - a[name][1]), (a[name][1] - b[name][1]))
    for name in ("import.args", "schema.cypher"):
        assert (out_b / name).read_text() == (tmp_path / "A" / name).read_text()
    assert _state_rows(home / "ingest.sqlite") == _state_rows(tmp_path / "a.sqlite")
    for r in reports:
        assert f"{Path(r.file).name}: {r.accounting}" in stdout
    nodes = sum(sum(rows.values()) for name, (_, rows) in a.items() if name.startswith("nodes/"))
    assert f"节点 {nodes} 个" in stderr and "neo4j-admin database import full" in stderr


def test_neo4j_import_refusals_in_chinese(env_for_cli: dict[str, str], tmp_path: Path) -> None:
    generate(tmp_path / "data", 20, seed=6)
    env = {**env_for_cli, "CREDIT_GRAPH_HOME": str(tmp_path / "home"), "COLUMNS": "200"}
    full = tmp_path / "full"
    full.mkdir()
    (full / "x.csv").write_text("x\n")
    for args, message in [
        (["--neo4j-import", str(tmp_path / "out")], "请同时指定 --initial"),
        (["--initial", "--as-of", "2024-01-01", "--neo4j-import", str(tmp_path / "out")], "--as-of"),
        (["--initial", "--neo4j-import", str(full)], "不是空目录"),
    ]:
        proc = _cli(env, "ingest", *args, str(tmp_path / "data"))
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 1 and message in err, err
    assert not (tmp_path / "out").exists()
