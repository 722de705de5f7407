"""The store: owns the driver, a batched writer and a read path returning plain values.

Only `graph/` imports `neo4j`. Driver exceptions are translated into `graph.errors` here.
"""

from __future__ import annotations

import contextvars
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

import neo4j
from neo4j import GraphDatabase, Query, RoutingControl
from neo4j.exceptions import DriverError, Neo4jError, ServiceUnavailable, SessionExpired

from graph.batch import BatchWriter, Row
from graph.cypher import Statement, statement
from graph.engine import Engine, engine_password
from graph.errors import GraphUnavailable, QueryFailed, QueryTimeout, SchemaMissing
from graph.model import Label, Rel
from graph.schema import CONSTRAINTS, INDEXES, SHOW_CONSTRAINTS
from graph.settings import GraphSettings
from graph.writes import CREATE_LINK, CREATE_NODE, MERGE_LINK, MERGE_NODE

COUNT_NODES = statement("MATCH (n) RETURN count(n) AS n")
COUNT_RELS = statement("MATCH ()-[r]->() RETURN count(r) AS n")
COUNT_NODE_PROPS = statement("MATCH (n) RETURN sum(size(keys(n))) AS n")
COUNT_REL_PROPS = statement("MATCH ()-[r]->() RETURN sum(size(keys(r))) AS n")
DELETE_BATCH = statement("MATCH (n) WITH n LIMIT $limit DETACH DELETE n RETURN count(*) AS n", limit=10000)

# Statements run in the current context (a request, a command): set a fresh counter to measure.
# A mutable cell, so runs in worker threads (which copy the context) add to the same count.
STATEMENTS: ContextVar[list[int] | None] = ContextVar("statements", default=None)


def _count(statements: int) -> None:
    counter = STATEMENTS.get()
    if counter is not None:
        counter[0] += statements


# The server stopped the transaction: past its timeout, or terminated (by an administrator, or
# by the server's own guard). Told by status code, never by the message.
_STOPPED = frozenset(
    {
        "Neo.ClientError.Transaction.TransactionTimedOut",
        "Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration",
        "Neo.ClientError.Transaction.Terminated",
        "Neo.TransientError.Transaction.Terminated",
        "Neo.TransientError.Transaction.LockClientStopped",
    }
)


def stopped_by_server(code: str | None) -> bool:
    """Whether a status code says the server stopped the transaction (timeout, termination)."""
    return code in _STOPPED


def _to_python(value: object) -> object:
    """Driver temporal types become `datetime.date`; everything else is already plain."""
    if isinstance(value, neo4j.time.Date):
        return value.to_native()
    if isinstance(value, neo4j.time.DateTime):
        return value.to_native()
    if isinstance(value, list):
        return [_to_python(v) for v in value]
    if isinstance(value, dict):
        return {k: _to_python(v) for k, v in value.items()}
    return value


T = TypeVar("T")


class Breaker:
    """A circuit breaker for the graph: after a failure that says the database is unreachable,
    calls fail at once for `cool_down_s`; then one call probes (a single round trip) while the
    others keep failing fast; a good probe closes the circuit again."""

    def __init__(self, cool_down_s: float) -> None:
        self.cool_down_s = cool_down_s
        self._open_until = 0.0  # 0: closed
        self._probing = False
        self._lock = threading.Lock()

    def admit(self) -> str:
        """ "closed": go ahead; "probe": go ahead, this call probes first; "open": fail now."""
        with self._lock:
            if not self._open_until:
                return "closed"
            if time.monotonic() < self._open_until or self._probing:
                return "open"
            self._probing = True
            return "probe"

    @property
    def closed(self) -> bool:
        return not self._open_until

    def failed(self) -> None:
        with self._lock:
            self._open_until = time.monotonic() + self.cool_down_s
            self._probing = False

    def succeeded(self) -> None:
        with self._lock:
            self._open_until = 0.0
            self._probing = False

    def retry_in(self) -> float:
        return max(0.0, self._open_until - time.monotonic())


class GraphStore:
    """One driver, one database. Create with `GraphStore.open(settings)`; close when done."""

    def __init__(
        self,
        driver: neo4j.Driver,
        database: str,
        batch_size: int = 5000,
        timeout_s: float = 30.0,
        call_timeout_s: float = 60.0,
        cool_down_s: float = 5.0,
    ):
        self._driver = driver
        self.database = database
        self.batch_size = batch_size
        self.timeout_s = timeout_s
        # The client-side bound: the embedded engine enforces no transaction timeout, and a
        # dropped Bolt message leaves the driver waiting on its socket for ever. A call runs in a
        # thread of its own and the caller gives up after `call_timeout_s`.
        self.call_timeout_s = call_timeout_s
        self.breaker = Breaker(cool_down_s)
        self._calls = ThreadPoolExecutor(max_workers=32, thread_name_prefix="graph-call")
        self._running: dict[object, float] = {}  # call → when it started
        self._count_lock = threading.Lock()

    @property
    def in_flight(self) -> int:
        """Graph calls started and not yet returned (including any stuck past their bound)."""
        return len(self._running)

    def running_longer_than(self, seconds: float) -> int:
        """Graph calls in flight for more than `seconds`: a busy pool is fine, a stuck one is not."""
        since = time.monotonic() - seconds
        with self._count_lock:
            return sum(1 for started in self._running.values() if started < since)

    def _bounded(self, what: str, fn: Callable[[], T]) -> T:
        """Run one driver call under the circuit breaker and the client-side time bound."""
        state = self.breaker.admit()
        if state == "open":
            raise GraphUnavailable(
                f"graph database unavailable (failing fast, next try in {self.breaker.retry_in():.1f}s)"
            )
        if state == "probe":
            if not self._probe():
                self.breaker.failed()
                raise GraphUnavailable("graph database unavailable (probe failed)")
            self.breaker.succeeded()

        def counted() -> T:
            token = object()
            with self._count_lock:
                self._running[token] = time.monotonic()
            try:
                return fn()
            finally:
                with self._count_lock:
                    del self._running[token]

        future = self._calls.submit(counted)
        try:
            result = future.result(timeout=self.call_timeout_s)
        except FutureTimeout:
            future.cancel()
            raise QueryTimeout(
                what, f"no answer within {self.call_timeout_s:.0f}s (client-side bound)"
            ) from None
        except GraphUnavailable:
            self.breaker.failed()
            raise
        return result

    def _probe(self) -> bool:
        try:
            with self._driver.session(database=self.database) as session:
                session.run(self._query(PING)).consume()
            return True
        except (DriverError, Neo4jError, OSError):
            return False

    @classmethod
    def open(cls, settings: GraphSettings, start_engine: bool = True) -> GraphStore:
        """Connect to Neo4j when configured, else to the embedded engine (started on demand)."""
        if settings.neo4j_uri:
            auth = (settings.neo4j_user, settings.neo4j_password or "")
            uri = settings.neo4j_uri
        else:
            engine = Engine(settings)
            if start_engine:
                engine.start()
            auth = ("root", engine_password(settings.home))
            uri = engine.bolt_uri
        driver = GraphDatabase.driver(
            uri, auth=auth, connection_acquisition_timeout=10.0, max_transaction_retry_time=settings.retry_s
        )
        return cls(
            driver,
            settings.database,
            settings.batch_size,
            settings.tx_timeout_s,
            settings.call_timeout_s,
            settings.cool_down_s,
        )

    def close(self) -> None:
        self._driver.close()
        self._calls.shutdown(wait=False, cancel_futures=True)

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- running statements -------------------------------------------------------------

    def _query(self, stmt: Statement) -> Query:
        return Query(stmt.text, timeout=self.timeout_s)

    def read(self, stmt: Statement, **params: object) -> list[dict[str, Any]]:
        """Run a read statement; records come back as dicts of plain Python values."""
        return self._run(stmt, RoutingControl.READ, params)

    def write(self, stmt: Statement, **params: object) -> list[dict[str, Any]]:
        """Run one write statement in its own managed transaction."""
        return self._run(stmt, RoutingControl.WRITE, params)

    def _run(
        self, stmt: Statement, routing: RoutingControl, params: dict[str, object]
    ) -> list[dict[str, Any]]:
        def call() -> list[neo4j.Record]:
            with self._errors(stmt):
                records, _, _ = self._driver.execute_query(
                    self._query(stmt), params, database_=self.database, routing_=routing
                )
            return records

        _count(1)
        records = self._bounded(stmt.text.splitlines()[0][:120], call)
        # A driver Record iterates over its values, so the keys are asked for explicitly.
        return [{k: _to_python(rec[k]) for k in rec.keys()} for rec in records]  # noqa: SIM118

    @contextmanager
    def _errors(self, stmt: Statement) -> Iterator[None]:
        try:
            yield
        except (ServiceUnavailable, SessionExpired) as exc:
            raise GraphUnavailable(f"graph database unavailable: {exc}") from exc
        except Neo4jError as exc:
            error = QueryTimeout if stopped_by_server(exc.code) else QueryFailed
            raise error(stmt.text.splitlines()[0][:120], exc.message or str(exc)) from exc
        except DriverError as exc:
            raise GraphUnavailable(f"graph driver error: {exc}") from exc

    def ping(self) -> bool:
        """One round trip without retries: readiness must answer now, not after the retry budget.

        It is the circuit breaker's probe too, whatever the cool-down: a good answer closes the
        circuit at once (the graph is back), a bad one keeps or opens it."""
        future = self._calls.submit(self._probe)
        try:
            ok = future.result(timeout=self.call_timeout_s)
        except FutureTimeout:
            future.cancel()
            ok = False
        if ok:
            self.breaker.succeeded()
        else:
            self.breaker.failed()
        return ok

    # -- schema ------------------------------------------------------------------------

    def ensure_schema(self) -> None:
        for stmt in [*CONSTRAINTS.values(), *INDEXES.values()]:
            self.write(stmt)

    def missing_constraints(self) -> list[str]:
        present = {row.get("name") for row in self.read(SHOW_CONSTRAINTS)}
        return sorted(name for name in CONSTRAINTS if name not in present)

    # -- writing -----------------------------------------------------------------------

    def writer(self, pipelined: bool = False, initial: bool = False) -> GraphWriter:
        """A batched writer (see GraphWriter for `pipelined` and `initial`); the schema must be there."""
        missing = self.missing_constraints()
        if missing:
            raise SchemaMissing(missing)
        return GraphWriter(self, pipelined, initial)

    def write_rows(self, stmt: Statement, rows: list[Row]) -> None:
        """One batch, one transaction: `UNWIND $rows …`."""
        self.write(stmt, rows=rows)

    def write_together(self, steps: list[tuple[Statement, dict[str, object]]]) -> None:
        """Several statements in one managed transaction (the benchmark's per-record baseline)."""

        def work(tx: neo4j.ManagedTransaction) -> None:
            for stmt, params in steps:
                tx.run(stmt.text, params).consume()

        def call() -> None:
            with self._errors(steps[0][0]), self._driver.session(database=self.database) as session:
                session.execute_write(work)

        _count(len(steps))
        self._bounded(steps[0][0].text.splitlines()[0][:120], call)

    # -- maintenance -------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        """Nodes, relationships and properties: what an idempotent re-run must leave unchanged."""
        return {
            "nodes": self.read(COUNT_NODES)[0]["n"],
            "relationships": self.read(COUNT_RELS)[0]["n"],
            "node_properties": self.read(COUNT_NODE_PROPS)[0]["n"] or 0,
            "relationship_properties": self.read(COUNT_REL_PROPS)[0]["n"] or 0,
        }

    def delete_all(self) -> None:
        """Remove every node (in batches); the schema stays. For `db reset` and tests."""
        while self.write(DELETE_BATCH, limit=10000)[0]["n"]:
            pass


PING = statement("RETURN 1 AS ok")


class GraphWriter(BatchWriter):
    """Buffers records and writes them in batches: all pending nodes before any link.

    `pipelined`: `flush` hands the batches to one writer thread and returns, so the caller maps
    the next chunk while the engine writes this one (one flush in flight: `flush` first waits for
    the previous one, so when it returns every earlier flush is written; `sync` waits for all).
    Order is kept: one lane, first in, first written. An error of a batch is raised by the next
    `flush`/`sync`. `close` (or the `with` block) syncs and stops the thread.

    `initial`: the graph was empty when the writer started (`ingest --initial`). The writer
    remembers which node ids and relationship keys it sent (as hashes: a collision only sends a
    new row down the MERGE path, which is always right), and writes first sightings with
    CREATE_NODE / CREATE_LINK — no lookup, no edge walk — and later ones with the usual MERGE.
    """

    def __init__(self, store: GraphStore, pipelined: bool = False, initial: bool = False) -> None:
        super().__init__(store.batch_size)
        self.store = store
        self.initial = initial
        self._sent_nodes: dict[Label, set[int]] = defaultdict(set)
        self._sent_links: dict[Rel, set[int]] = defaultdict(set)
        self._lane = (
            ThreadPoolExecutor(max_workers=1, thread_name_prefix="graph-writer") if pipelined else None
        )
        self._in_flight: Future[None] | None = None

    def _jobs(self) -> list[tuple[Statement, list[Row]]]:
        """The buffered rows as (statement, rows), nodes first; the buffers are emptied."""
        jobs: list[tuple[Statement, list[Row]]] = []
        nodes, links = self._take()
        for label, rows in nodes.items():
            if self.initial:
                sent = self._sent_nodes[label]
                fresh: list[Row] = []
                again: list[Row] = []
                for node_id, row in rows.items():
                    (again if hash(node_id) in sent else fresh).append(row)
                sent.update(hash(node_id) for node_id in rows)
                jobs += [(CREATE_NODE[label], fresh), (MERGE_NODE[label], again)]
            else:
                jobs.append((MERGE_NODE[label], list(rows.values())))
        for rel, link_rows in links.items():
            if self.initial:
                sent_links = self._sent_links[rel]
                fresh, again = [], []
                for key, row in link_rows.items():
                    (again if hash(key) in sent_links else fresh).append(row)
                sent_links.update(hash(key) for key in link_rows)
                jobs += [(CREATE_LINK[rel], fresh), (MERGE_LINK[rel], again)]
            else:
                jobs.append((MERGE_LINK[rel], list(link_rows.values())))
        return [(stmt, rows) for stmt, rows in jobs if rows]

    def flush(self) -> None:
        """Send what is buffered; pipelined, this returns once the *previous* flush is written."""
        jobs = self._jobs()
        self.wait()
        if self._lane is None:
            self._write(jobs)
        elif jobs:
            self._in_flight = self._lane.submit(contextvars.copy_context().run, self._write, jobs)

    def wait(self) -> None:
        """Wait for the flush in flight (pipelined) and raise its error, if any."""
        if self._in_flight is not None:
            in_flight, self._in_flight = self._in_flight, None
            in_flight.result()

    def close(self) -> None:
        try:
            self.sync()
        finally:
            self.abandon()

    def abandon(self) -> None:
        if self._lane is not None:
            self._lane.shutdown(wait=True)

    def existing_entities(self, ids: list[str]) -> set[str]:
        """Asks the graph (a flush still in flight may not be there yet: `sync` first to be sure)."""
        found: set[str] = set()
        for at in range(0, len(ids), 5000):
            found |= {row["id"] for row in self.store.read(EXISTING_ENTITIES, ids=ids[at : at + 5000])}
        return found

    def _write(self, jobs: list[tuple[Statement, list[Row]]]) -> None:
        size = self.store.batch_size
        for stmt, rows in jobs:
            for start in range(0, len(rows), size):
                self.store.write_rows(stmt, rows[start : start + size])
                self.stats.batches += 1


EXISTING_ENTITIES = statement(
    "UNWIND $ids AS id MATCH (e:Entity {id: id}) RETURN e.id AS id", ids=["e:91350100M000100Y43"]
)
