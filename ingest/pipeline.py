"""Orchestration: files → tables → rows → records → the graph writer, with quarantine and checkpoints.

Order: within one run, files are loaded by kind (ingest.kinds.LOAD_ORDER: registry basic info first,
then the other registry tables, then 双公示, lists, bids) and by path within a kind, whatever the
order given, so links find their nodes. A shareholder/officer row whose company is not in the graph
yet is quarantined and retried at the end of the run (its company may come from a later file): two
runs of the same input give the same graph. After every table the reader's tally is checked: rows
read + continuation lines of multi-line rows = data lines of the file.

Rows are read one at a time and written in chunks; after each chunk the writer is flushed and,
in the same SQLite transaction as the chunk's quarantine and facts, a checkpoint of the *run* (the
ordered list of file fingerprints) is saved. The writer is pipelined (graph.store.GraphWriter):
it writes one chunk while the next is read and mapped, so a chunk's state and checkpoint are
committed once its writes are done — at the next chunk's flush, or at the end of the table.
`Options(initial=True)` (`ingest --initial`) refuses a graph that is not empty, never resumes,
and writes first sightings with CREATE; everything else is the same. With `neo4j_import` too,
there is no graph: graph/importwriter.py folds the records in memory and writes neo4j-admin's
CSVs, and the company check of shareholder/officer rows asks that writer (`existing_entities`).
Re-running the same command after a kill resumes at the last committed chunk: since every
write is an idempotent MERGE and the writes are replayed in the original order, the graph ends
as after an uninterrupted run.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from graph.batch import BatchWriter
from graph.cypher import statement
from graph.importwriter import ImportWriter
from graph.lifecycle.classification import classify_cases
from graph.model import Record
from graph.review.reviewer import Reviewer
from graph.store import GraphStore
from ingest import bids, licence, lists, penalty, registry
from ingest.catalogue import ListCatalogue
from ingest.errors import GraphNotEmpty, Problem, RowRejected, UnreadableFile
from ingest.fields import Context, Facts, Row
from ingest.kinds import LOAD_ORDER, Kind, column_map, detect
from ingest.quarantine import IngestState, Staged
from ingest.readers import SUPPORTED, Table, fingerprint, open_tables
from ingest.snapshots import STATED, SnapshotTracker

Mapper = Callable[[Row], Record]
MAPPERS: dict[Kind, tuple[Mapper, str]] = {
    Kind.PENALTY: (penalty.map_row, penalty.LOADER),
    Kind.LICENCE: (licence.map_row, licence.LOADER),
    Kind.LIST: (lists.map_list_row, lists.LOADER),
    Kind.DISHONEST: (lists.map_dishonest_row, lists.LOADER),
    Kind.REGISTRY_BASIC: (registry.map_basic_row, registry.LOADER),
    Kind.REGISTRY_SHAREHOLDERS: (registry.map_shareholder_row, registry.LOADER),
    Kind.REGISTRY_PEOPLE: (registry.map_people_row, registry.LOADER),
    Kind.BIDS: (bids.map_row, bids.LOADER),
}
_NEEDS_COMPANY = {Kind.REGISTRY_SHAREHOLDERS, Kind.REGISTRY_PEOPLE}

NODE_EXISTS = statement("MATCH (n {id: $id}) RETURN count(n) AS n", id="e:91350100M000100Y43")
ANY_NODES = statement("MATCH (n) WITH n LIMIT 1000 RETURN count(n) AS n")


@dataclass
class FileReport:
    file: str
    kind: str | None = None
    rows_read: int = 0
    written: int = 0
    quarantined: int = 0
    warnings: int = 0
    resumed_after: int = 0
    skipped: bool = False  # finished in the interrupted run this one resumes
    reasons: Counter[str] = field(default_factory=Counter)
    error: str | None = None
    lines: int = 0  # data lines in the file (XLSX/JSON: rows), as the reader counted them
    continued: int = 0  # extra lines of rows whose quoted field spans lines
    retried: int = 0  # rows deferred for a missing company that loaded at the end of the run

    @property
    def accounting(self) -> str:
        """The per-file check, in words: every data line is a row written, quarantined or continued."""
        done = self.resumed_after + self.written + self.quarantined + self.continued
        mark = "✓" if done == self.lines else "✗ 行数不符"
        resumed = f"续跑跳过{self.resumed_after} + " if self.resumed_after else ""
        return (
            f"数据行{self.lines} = {resumed}写入{self.written} + 隔离{self.quarantined}"
            f" + 续行{self.continued} {mark}"
        )


@dataclass(frozen=True)
class Options:
    kind: Kind | None = None
    source: str | None = None
    chunk_rows: int = 2000
    resume: bool = True
    snapshot: date | None = None  # registry extract date: dates the changes it shows (ingest/snapshots.py)
    lists: ListCatalogue | None = None  # list catalogue (ingest/catalogue); None: the product's own
    initial: bool = False  # into an empty graph only, first sightings with CREATE (GraphWriter)
    # With `initial`: no graph at all, the importer's CSVs into this directory (graph/importwriter.py),
    # folded in batches of `batch_size` rows as GraphWriter batches them (the store's batch size).
    neo4j_import: Path | None = None
    batch_size: int = 5000

    def __post_init__(self) -> None:
        if self.neo4j_import is not None and not (self.initial and self.snapshot is None):
            raise ValueError("neo4j_import is an initial load without a snapshot date")


Progress = Callable[[str, int, int], None]  # (file, done, total)


@dataclass
class _Planned:
    path: Path
    sha1: str = ""
    encoding: str = "utf-8"
    order: int = len(LOAD_ORDER)
    error: str | None = None


def expand(paths: Iterable[Path]) -> list[Path]:
    """Directories become their supported files (recursively, sorted); files stay as given."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out += sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED)
        else:
            out.append(path)
    return out


def source_name(path: Path, roots: Iterable[Path], explicit: str | None = None) -> str:
    """The 数据来源单位 of a file: `--source`, else its path relative to the folder given to
    ingest (two departments' penalties.csv stay apart), else its bare name for a file given alone."""
    if explicit:
        return explicit
    resolved = path.resolve()
    for root in roots:
        if root.is_dir() and resolved.is_relative_to(root.resolve()):
            return resolved.relative_to(root.resolve()).as_posix()
    return path.name


def _plan(paths: list[Path], options: Options) -> list[_Planned]:
    planned: list[_Planned] = []
    for path in paths:
        item = _Planned(path)
        try:
            item.sha1, item.encoding = fingerprint(path)
            kinds = [options.kind or detect(t.headers) for t in open_tables(path, item.encoding)]
            item.order = min((LOAD_ORDER.index(k) for k in kinds if k), default=len(LOAD_ORDER))
        except (OSError, UnreadableFile, UnicodeDecodeError) as exc:
            item.error = exc.reason if isinstance(exc, UnreadableFile) else str(exc)
        planned.append(item)
    return sorted(planned, key=lambda p: (p.order, str(p.path)))  # the given order does not matter


def _table_key(table: Table) -> str:
    suffix = table.name[len(table.file.name) :]
    return str(table.file.resolve()) + suffix


class Ingest:
    """`store` may be None with `Options.neo4j_import`: that load reads and writes no graph."""

    def __init__(
        self,
        store: GraphStore | None,
        state: IngestState,
        secret: bytes,
        options: Options,
        progress: Progress | None = None,
    ) -> None:
        self.store = store
        self.state = state
        self.secret = secret
        self.options = options
        self.progress = progress
        self.seen = date.today()
        self._tracker: SnapshotTracker | None = None
        self._roots: list[Path] = []
        self._deferred: list[_Deferred] = []
        self._staged: Staged | None = None  # a chunk's state, committed once its writes are done
        self.exported: dict[str, int] = {}  # Options.neo4j_import: rows written per file

    def run(self, paths: Iterable[Path]) -> list[FileReport]:
        paths = list(paths)
        self._roots = [p for p in paths if p.is_dir()]
        planned = _plan(expand(paths), self.options)
        plan_key = hashlib.sha1(
            json.dumps(
                [[p.sha1, str(p.path)] for p in planned] + [self.options.kind, self.options.source]
            ).encode()
        ).hexdigest()
        importing = self.options.neo4j_import is not None  # no graph: nothing to find empty
        if self.options.initial and not importing and (nodes := self._graph.read(ANY_NODES)[0]["n"]):
            raise GraphNotEmpty(nodes)
        resume = self.state.checkpoint(plan_key) if self.options.resume and not self.options.initial else None
        if resume and resume[2] and not self._graph.read(NODE_EXISTS, id=resume[2])[0]["n"]:
            resume = None  # the graph was reset since: the checkpoint no longer describes it
        reports: list[FileReport] = []
        with self._writer() as writer:
            for index, item in enumerate(planned):
                report = FileReport(str(item.path))
                reports.append(report)
                if item.error:
                    report.error = item.error
                    continue
                if resume and index < resume[0]:
                    report.skipped = True
                    continue
                start = resume[1] if resume and index == resume[0] else 0
                try:
                    self._load(item, index, start, plan_key, writer, report)
                except UnreadableFile as exc:
                    report.error = exc.reason
                    self._sync(writer)
                    self.state.commit(plan_key, index + 1, 0)
            self._retry(writer)
        self._commit_staged()  # the writer is closed: every write is done
        self.state.clear_checkpoint(plan_key)
        if isinstance(writer, ImportWriter):
            self.exported = writer.written
            # The import writer classified the cases in memory before writing its files; and an
            # initial load starts from no graph, so no decision is in review to recheck.
            return reports
        classify_cases(self._graph)  # new cases get their publicity class and window at once
        # A 双公示 row may settle (or contradict) a decision in review.
        Reviewer(self._graph, self.secret, by="ingest", today=self.seen).recheck_open()
        return reports

    @property
    def _graph(self) -> GraphStore:
        if self.store is None:
            raise ValueError("this ingest has no graph: only Options.neo4j_import runs without one")
        return self.store

    def _writer(self) -> BatchWriter:
        if self.options.neo4j_import is not None:
            return ImportWriter(self.options.neo4j_import, self.options.batch_size)
        return self._graph.writer(pipelined=True, initial=self.options.initial)

    def _load(
        self, item: _Planned, index: int, start: int, plan: str, writer: BatchWriter, report: FileReport
    ) -> None:
        ordinal = 0
        report.resumed_after = start
        for table in open_tables(item.path, item.encoding):
            kind = self.options.kind or detect(table.headers)
            if kind is None:
                raise UnreadableFile(
                    str(item.path),
                    f"cannot tell the kind of {table.name} from its headers {table.headers[:8]} (use --kind)",
                )
            report.kind = kind.value if report.kind in (None, kind.value) else "mixed"
            mapper, loader = MAPPERS[kind]
            mapping, extras = column_map(kind, table.headers)
            source = source_name(item.path, self._roots, self.options.source)
            ctx = Context(source, table.name, loader, self.seen, self.secret, self.options.lists)
            key = _table_key(table)
            table_start = ordinal
            if start == 0:
                self.state.forget_file(key)
            pending: list[tuple[Row, Record]] = []
            probe: str | None = None
            if self.options.snapshot and kind in STATED:
                self._tracker = SnapshotTracker(STATED[kind])
            for raw in table.rows:
                ordinal += 1
                if ordinal <= start:
                    continue
                report.rows_read += 1
                if raw.problem is not None:
                    self._reject(key, raw.number, [raw.problem], kind, ctx, raw.raw, report, None)
                else:
                    row = Row(raw.number, raw.values, mapping, extras, ctx)
                    try:
                        record = mapper(row)
                    except RowRejected as exc:
                        self._reject(key, raw.number, exc.problems, kind, ctx, raw.values, report, row)
                    else:
                        if kind in _NEEDS_COMPANY:
                            pending.append((row, record))
                        else:
                            self._accept(key, row, record, kind, writer, report)
                        probe = record.nodes[0].id if record.nodes else probe
                if ordinal % self.options.chunk_rows == 0:
                    self._settle(key, pending, kind, writer, report)
                    writer.flush()  # returns when the previous chunk's writes are done …
                    self._commit_staged()  # … so its quarantine, facts and checkpoint can commit
                    self._staged = self.state.stage(plan, index, ordinal, probe)
                    if self.progress and table.position:
                        self.progress(table.name, *table.position())
            self._settle(key, pending, kind, writer, report)
            self._sync(writer)
            self._account(item, table, ordinal - table_start, report)
            if self._tracker is not None and self.options.snapshot:
                self._tracker.apply(self._graph, self.options.snapshot)
                self._tracker = None
            self.state.commit(plan, index, ordinal, probe)
            if self.progress and table.position:
                self.progress(table.name, *table.position())
        self.state.commit(plan, index + 1, 0, None)

    def _accept(
        self, key: str, row: Row, record: Record, kind: Kind, writer: BatchWriter, report: FileReport
    ) -> None:
        writer.add(record)
        if self._tracker is not None:
            self._tracker.add(record)
        report.written += 1
        if row.warnings:
            report.warnings += 1
            self.state.warn(key, row.number, row.warnings, kind.value, row.ctx.source)
        self.state.fact(key, row.number, row.ctx.source, kind.value, True, row.facts, row.values)

    def _reject(
        self,
        key: str,
        number: int,
        problems: list[Problem],
        kind: Kind,
        ctx: Context,
        raw: object,
        report: FileReport,
        row: Row | None,
    ) -> None:
        report.quarantined += 1
        report.reasons[_reason_class(problems[0])] += 1
        self.state.quarantine(key, number, problems, kind.value, ctx.source, raw, self.seen)
        if row is not None:
            self.state.fact(key, number, ctx.source, kind.value, False, row.facts, row.values)
        else:
            self.state.fact(key, number, ctx.source, kind.value, False, Facts())

    def _settle(
        self, key: str, pending: list[tuple[Row, Record]], kind: Kind, writer: BatchWriter, report: FileReport
    ) -> None:
        """Shareholder/officer rows whose company is not in the graph go to quarantine, not nowhere."""
        if not pending:
            return
        needed = sorted(set().union(*(registry.companies_needed(r) for _, r in pending)))
        found = writer.existing_entities(needed)
        if len(found) < len(needed):  # maybe written by a flush still in flight: wait, ask again
            self._sync(writer)
            found = writer.existing_entities(needed)
        for row, record in pending:
            missing = registry.companies_needed(record) - found
            if missing:
                problem = Problem(row.header("uscc"), "company not in the graph: load its 企业基本信息 first")
                self._reject(key, row.number, [problem], kind, row.ctx, row.values, report, row)
                self._deferred.append(_Deferred(key, row, record, kind, report, _reason_class(problem)))
            else:
                self._accept(key, row, record, kind, writer, report)
        pending.clear()

    def _sync(self, writer: BatchWriter) -> None:
        """Everything added is in the graph; the staged chunk state commits."""
        writer.sync()
        self._commit_staged()

    def _commit_staged(self) -> None:
        if self._staged is not None:
            self.state.commit_staged(self._staged)
            self._staged = None

    def _account(self, item: _Planned, table: Table, rows: int, report: FileReport) -> None:
        """After a table: rows read + continuation lines = data lines, or the file is in error."""
        tally = table.tally
        report.lines += tally.lines
        report.continued += tally.continued
        if rows != tally.rows or not tally.balanced:
            report.error = (
                f"{table.name}: 行数不符：数据行{tally.lines}，读出{tally.rows}行"
                f"（其中本次处理{rows}行）+ 续行{tally.continued}；请检查文件"
            )

    def _retry(self, writer: BatchWriter) -> None:
        """Rows deferred for a company not in the graph, once more now that every file is loaded."""
        if not self._deferred:
            return
        self._sync(writer)
        self.state.commit()
        needed = sorted(set().union(*(registry.companies_needed(d.record) for d in self._deferred)))
        found = writer.existing_entities(needed)
        for d in self._deferred:
            if registry.companies_needed(d.record) - found:
                continue  # still missing: it stays quarantined with its reason
            self.state.release(d.key, d.row.number)
            d.report.quarantined -= 1
            d.report.reasons[d.reason] -= 1
            if d.report.reasons[d.reason] <= 0:
                del d.report.reasons[d.reason]
            d.report.retried += 1
            self._accept(d.key, d.row, d.record, d.kind, writer, d.report)
        self._deferred.clear()
        self._sync(writer)
        self.state.commit()


@dataclass
class _Deferred:
    key: str
    row: Row
    record: Record
    kind: Kind
    report: FileReport
    reason: str


_VALUE = re.compile(r" ?'[^']*'| ?[0-9A-Z*]{6,}")
_WHERE = re.compile(r"第\d+(?=行|字节)")


def _reason_class(problem: Problem) -> str:
    """A countable reason: the field and the reason without the offending value or line number."""
    return f"{problem.field}: {_WHERE.sub('第N', _VALUE.sub('', problem.reason, count=1))}"
