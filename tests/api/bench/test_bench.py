"""The benchmark's machinery at a tiny size: every key present, values sane. Not a timed test."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from api.bench.run import run
from api.bench.sizes import Size
from api.cli.bench import END, START, TARGETS, table, write_markdown

pytestmark = pytest.mark.slow  # the run boots three engines of its own

KEYS = {
    "ingest_records_per_s",
    "raw_unwind_rows_per_s",
    "ingest_vs_raw",
    "naive_per_row_records_per_s",
    "ingest_vs_naive",
    "nlp_decisions_per_s",
    "bidder_check_p50_ms",
    "bidder_check_p95_ms",
    "linking_reps_ms",
    "path_p95_ms",
    "controllers_group_ms",
    "ownership_group_ms",
    "graphql_vs_cypher",
    "graph_nodes",
    "graph_relationships",
    "graph_entities",
    "graph_persons",
    "peak_rss_python_mb",
    "peak_rss_engine_mb",
    "initial_vs_ingest",
    "import_csv_rows_per_s",
    "import_csv_vs_ingest",
}


@pytest.fixture(scope="module")
def result() -> dict[str, Any]:
    return run(
        Size(entities=200, naive_records=10, bidder_runs=3, path_runs=4, nlp_repeat=1),
        seed=2,
        log=lambda _: None,
    )


def test_every_key_with_a_sane_value(result: dict[str, Any]) -> None:
    assert set(result) >= KEYS
    json.dumps(result)  # one JSON object, as `bench --json` prints it
    for key in (
        "ingest_records_per_s",
        "raw_unwind_rows_per_s",
        "naive_per_row_records_per_s",
        "ingest_vs_raw",
        "ingest_vs_naive",
        "graphql_vs_cypher",
        "nlp_decisions_per_s",  # shared/data/decisions is beside the project: never skipped here
        "peak_rss_engine_mb",
        "initial_vs_ingest",
        "import_csv_vs_ingest",
    ):
        assert result[key] > 0, key
    assert result["quarantined"] == 0
    assert result["graph_entities"] >= 200 and result["graph_relationships"] > result["graph_entities"]
    assert 0 < result["bidder_check_p50_ms"] <= result["bidder_check_p95_ms"]
    assert result["path_p95_ms"] > 0 and result["linking_reps_ms"] > 0
    assert result["controllers_group_ms"] > 0 and result["ownership_group_ms"] > 0


def test_markdown_table_replaces_only_its_block(result: dict[str, Any], tmp_path: Path) -> None:
    doc = tmp_path / "benchmarks.md"
    doc.write_text(f"# Benchmarks\n\nprose before\n\n{START}\nold\n{END}\n\nprose after\n", encoding="utf-8")
    write_markdown(doc, result)
    text = doc.read_text(encoding="utf-8")
    assert "prose before" in text and "prose after" in text and "old" not in text
    assert all(label in text for _, label, _, _ in TARGETS)
    assert result["machine"] in table(result) and result["date"] in table(result)
