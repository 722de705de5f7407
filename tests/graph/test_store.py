"""The batched writer: idempotent, provenance on every node and relationship, nothing erased."""

from __future__ import annotations

import threading
import time
from datetime import date
from pathlib import Path

import pytest

from graph.cypher import statement
from graph.errors import GraphUnavailable, QueryFailed, QueryTimeout
from graph.model import Entity, Link, Person, Provenance, Record, Rel
from graph.settings import GraphSettings
from graph.store import PING, GraphStore
from tests.conftest import free_port

PROV_A = Provenance("registry", "basic.csv:2", "ingest.registry/0.1", date(2026, 1, 5))
PROV_B = Provenance("penalties", "cf.csv:7", "ingest.penalty/0.1", date(2026, 2, 1))

ENTITY_PROPS = statement(
    "MATCH (n:Entity {id: $id}) RETURN properties(n) AS p, labels(n) AS labels", id="e:1"
)
LINK_PROPS = statement(
    "MATCH (:Person {id: $person})-[r:LEGAL_REP_OF]->(:Entity {id: $entity}) RETURN properties(r) AS p",
    person="p:1",
    entity="e:1",
)


def batch(n: int) -> list[Record]:
    records = []
    for i in range(n):
        uscc = f"9100000000000{i:05d}"
        entity = Entity(f"e:{uscc}", f"公司{i}", f"公司{i}", uscc=uscc, founded_on=date(2020, 1, 1))
        person = Person(f"p:{i}", f"人{i}", f"人{i}", masked_id="4101**********1234")
        link = Link(Rel.LEGAL_REP_OF, person.id, entity.id, {"since": date(2021, 1, 1)})
        records.append(Record(PROV_A, (entity, person), (link,)))
    return records


def test_writing_the_same_batch_twice_changes_nothing(store: GraphStore) -> None:
    records = batch(1200)  # more than one batch of the test store (500)
    stats = store.writer().add_all(records)
    assert stats.nodes == 2400 and stats.links == 1200 and stats.batches >= 6
    first = store.counts()
    assert first["nodes"] == 2400 and first["relationships"] == 1200
    store.writer().add_all(records)
    assert store.counts() == first


def test_provenance_and_sources_are_kept_and_nulls_never_erase(store: GraphStore) -> None:
    full = Entity("e:1", "甲公司", "甲公司", uscc="1", founded_on=date(2020, 1, 1))
    sparse = Entity("e:1", "甲公司", "甲公司", uscc="1")  # knows no founding date
    person = Person("p:1", "张伟", "张伟")
    store.writer().add_all(
        [Record(PROV_A, (full, person), (Link(Rel.LEGAL_REP_OF, "p:1", "e:1", {"role": "法定代表人"}),))]
    )
    store.writer().add_all([Record(PROV_B, (sparse,))])

    row = store.read(ENTITY_PROPS, id="e:1")[0]
    props = row["p"]
    assert props["founded_on"] == date(2020, 1, 1)
    assert props["source"] == "registry" and props["record"] == "basic.csv:2"
    assert props["first_seen"] == date(2026, 1, 5) and props["last_seen"] == date(2026, 2, 1)
    assert props["sources"] == ["registry", "penalties"]
    assert set(row["labels"]) == {"Entity", "Subject"}

    link = store.read(LINK_PROPS, person="p:1", entity="e:1")[0]["p"]
    assert link["role"] == "法定代表人" and link["loader"] == "ingest.registry/0.1"


def test_a_stuck_call_is_bounded_on_the_client_side(session_store: GraphStore) -> None:
    """Issue 16 (1): the embedded engine enforces no transaction timeout and a dropped Bolt
    message leaves the driver waiting for ever; the store gives up after `call_timeout_s`."""
    store = GraphStore(session_store._driver, session_store.database, call_timeout_s=0.5)
    release = threading.Event()
    started = time.monotonic()
    with pytest.raises(QueryTimeout, match="client-side bound"):
        store._bounded("stuck", release.wait)
    assert time.monotonic() - started < 2
    assert store.in_flight == 1  # still counted until it returns: /healthz sees it
    release.set()
    deadline = time.monotonic() + 5
    while store.in_flight and time.monotonic() < deadline:
        time.sleep(0.05)
    assert store.in_flight == 0


def test_an_unreachable_graph_fails_fast_then_probes(tmp_path: Path, session_store: GraphStore) -> None:
    """Issue 16 (6): after one failure the circuit opens (calls fail at once); after the cool-down
    one probe goes through, and a reachable graph closes the circuit."""
    dead = GraphSettings(
        home=tmp_path,
        neo4j_uri=f"bolt://127.0.0.1:{free_port()}",
        neo4j_password="x",
        retry_s=1.0,
        cool_down_s=0.5,
    )
    with GraphStore.open(dead) as store:
        with pytest.raises(GraphUnavailable):
            store.read(PING)
        started = time.monotonic()
        for _ in range(20):
            with pytest.raises(GraphUnavailable, match="failing fast"):
                store.read(PING)
        assert time.monotonic() - started < 0.5
        time.sleep(0.6)
        with pytest.raises(GraphUnavailable, match="probe failed"):
            store.read(PING)
        assert not store.breaker.closed
    # a graph that answers again: the probe closes the circuit, even if the call itself then fails
    back = GraphStore(session_store._driver, session_store.database, cool_down_s=0.2)
    back.breaker.failed()
    with pytest.raises(GraphUnavailable, match="failing fast"):
        back.read(PING)
    time.sleep(0.3)

    def broken() -> None:
        raise QueryFailed("RETURN", "the call itself fails")

    with pytest.raises(QueryFailed):
        back._bounded("broken", broken)
    assert back.breaker.closed and back.read(PING) == [{"ok": 1}]
