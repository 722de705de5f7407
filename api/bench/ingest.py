"""Ingest throughput: the full path (read → validate → map → batched MERGE) against the engine's raw
`UNWIND … MERGE` rate on the same rows, in the same run.

`python -m api.bench.ingest [ROWS [BATCH]]` starts a throw-away embedded engine in a temporary home on free
ports, measures, prints JSON and stops it. `measure(store, …)` EMPTIES the store it is given.
"""

from __future__ import annotations

import csv
import json
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from api.bench.codes import uscc
from api.bench.engine import free_port
from graph.cypher import statement
from graph.engine import Engine
from graph.settings import GraphSettings
from graph.store import GraphStore
from ingest.pipeline import Ingest, Options
from ingest.quarantine import IngestState

RAW_MERGE = statement(
    "UNWIND $rows AS r MERGE (x:Case {id: r.id}) SET x += r.props RETURN count(*) AS n",
    rows=[{"id": "case:1", "props": {"decision_no": "x"}}],
)
HEADER = [
    "行政相对人名称",
    "行政相对人类别",
    "行政相对人代码_1(统一社会信用代码)",
    "法定代表人",
    "行政处罚决定书文号",
    "违法事实",
    "处罚依据",
    "处罚类别",
    "处罚内容",
    "罚款金额(万元)",
    "处罚决定日期",
    "处罚机关",
    "公示日期",
]
AUTHORITIES = 200  # realistic spread: one authority per ~500 cases, not one hub for all


@dataclass(frozen=True)
class BenchResult:
    rows: int
    full_seconds: float
    full_rows_per_s: float
    raw_seconds: float
    raw_rows_per_s: float
    batch_size: int


def write_penalties(path: Path, rows: int) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for i in range(rows):
            authority = f"示例市第{i % AUTHORITIES}市场监督管理局"
            writer.writerow(
                [
                    f"示例公司{i}",
                    "法人及非法人组织",
                    uscc(i, region="350102", series="B"),
                    f"法人{i}",
                    f"示罚〔2024〕{i}号",
                    "销售不合格产品。",
                    f"依据《中华人民共和国产品质量法》第{49 + i % 5}条",
                    "罚款;警告",
                    "警告并处罚款",
                    "0.5",
                    "2024-03-01",
                    authority,
                    "2024-03-06",
                ]
            )
    return path


def _raw_rows(path: Path) -> list[dict[str, object]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return [{"id": f"raw:{r['处罚机关']}:{r['行政处罚决定书文号']}", "props": dict(r)} for r in reader]


def measure(store: GraphStore, rows: int, workdir: Path) -> BenchResult:
    """Deletes everything in `store`, loads `rows` penalty rows both ways, deletes again."""
    path = write_penalties(workdir / "bench_penalties.csv", rows)
    store.ensure_schema()
    store.delete_all()
    state = IngestState(workdir / "bench.sqlite")
    started = time.perf_counter()
    Ingest(store, state, b"bench-key", Options(chunk_rows=10_000, resume=False)).run([path])
    full = time.perf_counter() - started
    state.close()
    store.delete_all()

    raw = _raw_rows(path)
    started = time.perf_counter()
    for start in range(0, len(raw), store.batch_size):
        store.write(RAW_MERGE, rows=raw[start : start + store.batch_size])
    raw_seconds = time.perf_counter() - started
    store.delete_all()
    return BenchResult(
        rows,
        round(full, 2),
        round(rows / full, 1),
        round(raw_seconds, 2),
        round(rows / raw_seconds, 1),
        store.batch_size,
    )


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    batch = int(sys.argv[2]) if len(sys.argv) > 2 else GraphSettings.batch_size
    with tempfile.TemporaryDirectory(prefix="ingest-bench-") as tmp:
        settings = GraphSettings(
            home=Path(tmp), bolt_port=free_port(), http_port=free_port(), batch_size=batch
        )
        engine = Engine(settings)
        engine.start()
        try:
            with GraphStore.open(settings, start_engine=False) as store:
                result = measure(store, rows, Path(tmp))
        finally:
            engine.stop()
    print(json.dumps(asdict(result), indent=1))


if __name__ == "__main__":
    main()
