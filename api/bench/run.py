"""The benchmark: one process, one run, one generated dataset, every layer measured.

Everything runs in a private home (a temp dir) on free ports with engines this module starts and
stops (`api.bench.engine`), never the user's data; `api.bench.sizes` says how big a run is. Phases, in order:
1. generate the synthetic dataset (`api.bench.synth`);
2. engine B: the *naive* loader (one transaction per record) on the first records, then, on the
   emptied graph, the *raw* limit: the same pipeline, but every batch goes to the bare
   `UNWIND … MERGE … SET x += r.props` (no provenance) and only the time inside those writes counts;
3. engine A: the full ingest path (`ingest.pipeline.Ingest`), timed end to end;
4. on A's graph: bidder checks (10 bidders, ≤ 4 hops), linking representatives, shortest paths,
   and bidderCheck through the served GraphQL API against the bare `run_bidder_check`;
5. engine D: the initial load (`ingest --initial`: CREATE into the empty graph) of the same data,
   timed end to end; its graph must count the same nodes, relationships and properties as A's;
6. the NLP extractor on one core; graph size, store size and peak memory of both processes.
"""

from __future__ import annotations

import os
import platform
import shutil
import tempfile
import time
from collections.abc import Callable
from contextlib import suppress
from datetime import date
from pathlib import Path
from typing import Any

from api.bench.engine import engine, peak_rss_mb
from api.bench.queries import measure_queries
from api.bench.sizes import Size
from api.bench.synth import generate
from graph.batch import Row, node_props
from graph.cypher import Statement, statement
from graph.model import LABEL_OF, Record
from graph.store import GraphStore, GraphWriter
from graph.writes import MERGE_LINK, MERGE_NODE
from ingest.pipeline import Ingest, Options
from ingest.quarantine import IngestState

SECRET = b"bench-id-hash-key"
# the project root is three levels up (api/bench/run.py); shared/ stands beside it
DECISIONS = Path(__file__).resolve().parents[3] / "shared" / "data" / "decisions"
_BARE_TAIL = " SET x += r.props RETURN count(*) AS written"

# The engine's limit for the same rows: the writer's own match/merge shapes, provenance left out.
# (For subjects that is the create-missing shape: the literal two-label MERGE scans on this engine,
# see graph/writes.py, and would be no limit at all.)
BARE: dict[str, Statement] = {
    s.text: statement(s.text.split("\nON CREATE SET")[0].split("\nSET x +=")[0] + _BARE_TAIL, **s.example)
    for s in [*MERGE_NODE.values(), *MERGE_LINK.values()]
}
COUNT_ENTITIES = statement("MATCH (n:Entity) RETURN count(n) AS n")
COUNT_PERSONS = statement("MATCH (n:Person) RETURN count(n) AS n")


class TimedStore(GraphStore):
    """Counts rows and the time spent inside batch writes; `bare` sends them to BARE instead."""

    bare = False
    rows = 0
    write_s = 0.0

    def write_rows(self, stmt: Statement, rows: list[Row]) -> None:
        start = time.perf_counter()
        super().write_rows(BARE[stmt.text] if self.bare else stmt, rows)
        self.write_s += time.perf_counter() - start
        self.rows += len(rows)


class _Enough(Exception):
    pass


class NaiveWriter(GraphWriter):
    """The loader most projects start with: each record in its own transaction, row by row."""

    def __init__(self, store: GraphStore, limit: int) -> None:
        super().__init__(store)
        self.limit, self.records = limit, 0

    def add(self, record: Record) -> None:
        prov = {
            "source": record.provenance.source,
            "record": record.provenance.record,
            "loader": record.provenance.loader,
            "seen": record.provenance.seen,
        }
        steps: list[tuple[Statement, dict[str, object]]] = [
            (MERGE_NODE[LABEL_OF[type(n)]], {"rows": [{"id": n.id, "props": node_props(n), **prov}]})
            for n in record.nodes
        ]
        steps += [
            (
                MERGE_LINK[link.type],
                {
                    "rows": [
                        {
                            "source_id": link.source,
                            "target_id": link.target,
                            "props": dict(link.props),
                            **prov,
                        }
                    ]
                },
            )
            for link in record.links
        ]
        if steps:
            self.store.write_together(steps)
        self.records += 1
        if self.records >= self.limit:
            raise _Enough


class NaiveStore(GraphStore):
    limit = 0
    naive: NaiveWriter | None = None

    def writer(self, pipelined: bool = False, initial: bool = False) -> GraphWriter:
        self.naive = NaiveWriter(self, self.limit)
        return self.naive


def _ingest(
    store: GraphStore | None, data: Path, state: Path, initial: bool = False, csv: Path | None = None
) -> tuple[int, int]:
    """Run the pipeline over the dataset; returns (records read, records quarantined). With `csv`
    (and no store) it is `ingest --initial --neo4j-import csv`: neo4j-admin's files, no graph."""
    ingest_state = IngestState(state)
    options = Options(resume=False, initial=initial or csv is not None, neo4j_import=csv)
    try:
        reports = Ingest(store, ingest_state, SECRET, options).run([data])
    finally:
        ingest_state.close()
    return sum(r.rows_read for r in reports), sum(r.quarantined for r in reports)


def run(size: Size, seed: int = 1, heap: str = "4g", log: Callable[[str], None] = print) -> dict[str, Any]:
    """The whole benchmark; returns one flat dict of results (see the module docstring)."""
    began = time.perf_counter()
    root = Path(tempfile.mkdtemp(prefix="credit-graph-bench-"))
    out: dict[str, Any] = {"entities_generated": size.entities, "seed": seed}
    try:
        data = root / "data"
        manifest = generate(data, size.entities, seed)
        log(f"generated {sum(manifest['rows'].values())} rows in {time.perf_counter() - began:.0f}s")
        engine_peak = 0.0
        with engine(root / "b", NaiveStore, heap) as (naive, control):
            assert isinstance(naive, NaiveStore)
            naive.limit = size.naive_records
            start = time.perf_counter()
            with suppress(_Enough):  # stop after `naive_records`: the rate is clear long before the end
                _ingest(naive, data, root / "naive.sqlite")
            done = naive.naive.records if naive.naive else 0
            out["naive_per_row_records_per_s"] = done / (time.perf_counter() - start)
            naive.delete_all()
            log(f"naive: {out['naive_per_row_records_per_s']:.0f} records/s")
        with engine(root / "c", TimedStore, heap) as (raw, control):
            assert isinstance(raw, TimedStore)
            raw.bare = True
            _ingest(raw, data, root / "raw.sqlite")
            out["raw_unwind_rows_per_s"] = raw.rows / raw.write_s
            engine_peak = max(engine_peak, peak_rss_mb(control.status().pid))
            log(f"raw: {out['raw_unwind_rows_per_s']:.0f} rows/s ({raw.rows} rows)")
        with engine(root / "a", TimedStore, heap) as (store, control):
            assert isinstance(store, TimedStore)
            start = time.perf_counter()
            records, quarantined = _ingest(store, data, root / "ingest.sqlite")
            ingest_s = time.perf_counter() - start
            out.update(
                records=records,
                quarantined=quarantined,
                graph_rows=store.rows,
                ingest_s=round(ingest_s, 1),
                ingest_write_s=round(store.write_s, 1),
                ingest_records_per_s=records / ingest_s,
                ingest_graph_rows_per_s=store.rows / ingest_s,
            )
            out["ingest_vs_raw"] = out["ingest_graph_rows_per_s"] / out["raw_unwind_rows_per_s"]
            out["ingest_vs_naive"] = out["ingest_records_per_s"] / out["naive_per_row_records_per_s"]
            log(f"ingest: {records} records in {ingest_s:.0f}s ({out['ingest_records_per_s']:.0f}/s)")
            out.update(graph_size(store, root / "a"))
            store_counts = store.counts()
            out.update(measure_queries(store, control.settings, manifest, size, log))
            engine_peak = max(engine_peak, peak_rss_mb(control.status().pid))
        with engine(root / "d", TimedStore, heap) as (first, control):
            assert isinstance(first, TimedStore)
            start = time.perf_counter()
            _ingest(first, data, root / "initial.sqlite", initial=True)
            initial_s = time.perf_counter() - start
            out.update(
                initial_load_s=round(initial_s, 1),
                initial_load_graph_rows_per_s=first.rows / initial_s,
                initial_load_records_per_s=out["records"] / initial_s,
            )
            out["initial_vs_ingest"] = out["initial_load_graph_rows_per_s"] / out["ingest_graph_rows_per_s"]
            if first.counts() != store_counts:
                raise RuntimeError(f"initial load made another graph: {first.counts()} vs {store_counts}")
            engine_peak = max(engine_peak, peak_rss_mb(control.status().pid))
            log(f"initial load: {initial_s:.0f}s ({out['initial_vs_ingest']:.2f}× the ingest's graph rows/s)")
        # The first half of the initial load on Neo4j: the records straight to neo4j-admin's CSVs
        # (no engine). Rows in the ingest's unit (rows sent to a writer, same data); the import
        # itself is not included: there is no Neo4j here.
        start = time.perf_counter()
        _ingest(None, data, root / "csv.sqlite", csv=root / "csv")
        csv_s = time.perf_counter() - start
        out.update(import_csv_s=round(csv_s, 1), import_csv_rows_per_s=out["graph_rows"] / csv_s)
        out["import_csv_vs_ingest"] = out["import_csv_rows_per_s"] / out["ingest_graph_rows_per_s"]
        log(f"records to neo4j-admin CSVs: {csv_s:.0f}s ({out['import_csv_vs_ingest']:.2f}× ingest's rows/s)")
        out["nlp_decisions_per_s"] = nlp_rate(size.nlp_repeat)
        out["peak_rss_engine_mb"] = round(engine_peak)
        out["peak_rss_python_mb"] = round(peak_rss_mb())
    finally:
        shutil.rmtree(root, ignore_errors=True)
    out.update(machine=machine(), date=date.today().isoformat(), elapsed_s=round(time.perf_counter() - began))
    out["load"] = os.getloadavg()[0]  # the 1-minute load average at the end: how shared the machine was
    return {k: round(v, 3) if isinstance(v, float) else v for k, v in out.items()}


def graph_size(store: GraphStore, home: Path) -> dict[str, Any]:
    counts = store.counts()
    disk = sum(p.stat().st_size for p in (home / "databases").rglob("*") if p.is_file())
    return {
        "graph_entities": store.read(COUNT_ENTITIES)[0]["n"],
        "graph_persons": store.read(COUNT_PERSONS)[0]["n"],
        "graph_nodes": counts["nodes"],
        "graph_relationships": counts["relationships"],
        "store_mb": round(disk / 2**20, 1),
    }


def nlp_rate(repeat: int) -> float | None:
    if not DECISIONS.is_dir():
        return None
    from api.bench.nlp import decisions_per_s

    return decisions_per_s(DECISIONS, repeat=repeat)


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} × {cpu}, {mem:.0f} GiB RAM, {platform.system()} {platform.release()}"
