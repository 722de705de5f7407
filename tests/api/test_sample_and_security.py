"""The bundled sample (files in the formats of formats.md) loaded by ingest and served over HTTP;
security: masking for the public role, audit entries, limits, readiness."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from api.audit import AuditLog
from api.roles import Role
from api.settings import Settings
from graph.settings import GraphSettings
from graph.store import GraphStore
from ingest.pipeline import Ingest, Options
from ingest.quarantine import IngestState
from tests.api.conftest import KEYS, Api, serve
from tests.conftest import ROOT

SAMPLE = ROOT / "sample"
BIDS = SAMPLE / "bids_fzcg_2024_0088.csv"
ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])|\d{6}\*{4,}\d{3}[\dXx]|\d{4}\*{6,}")
MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


@pytest.fixture(scope="module")
def sample_api(
    graph_settings: GraphSettings, session_store: GraphStore, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Api]:
    session_store.delete_all()
    state = IngestState(tmp_path_factory.mktemp("ingest") / "state.sqlite")
    reports = Ingest(session_store, state, b"sample-key", Options()).run([SAMPLE])
    state.close()
    assert all(not r.error for r in reports)
    audit = tmp_path_factory.mktemp("api") / "audit.log"
    settings = Settings(graph=graph_settings, api_keys=dict(KEYS), audit_log=audit)
    for url in serve(settings):
        yield Api(url, settings)


def bidders() -> list[str]:
    with BIDS.open(encoding="utf-8") as handle:
        return [row["投标人统一社会信用代码"] for row in csv.DictReader(handle)]


CHECK = """query($u: [String!]!) { bidderCheck(usccs: $u, purpose: "测试 FZCG-TEST-001") {
  pairs { a { name } b { name } verdict legalBasis evidence { kind description } }
  listedBidders { entity { name } listings { listName } } disclaimer } }"""


def test_sample_bidder_check_finds_the_planted_associations(sample_api: Api) -> None:
    result = sample_api.data(CHECK, Role.INVESTIGATOR, u=bidders())["bidderCheck"]
    found = {p["verdict"] for p in result["pairs"]}
    assert {"BARRED", "DEEMED_COLLUSION"} <= found
    barred = next(p for p in result["pairs"] if p["verdict"] == "BARRED")
    assert any(e["kind"] == "same_legal_rep" for e in barred["evidence"])
    assert len(result["listedBidders"]) == 1
    # The tendering agent is named on every bid: it does not make every pair associated.
    assert not any(e["kind"] == "VIA_AGENT" for p in result["pairs"] for e in p["evidence"])


def test_public_responses_carry_no_id_numbers_or_phones(sample_api: Api) -> None:
    usccs = bidders()
    bodies = []
    for uscc in usccs:
        query = """query($u: String!) { entity(uscc: $u) { name phones addresses
            legalRepresentative { name maskedId } shareholders { name person { maskedId } }
            officers { role person { name maskedId } } listings { listName } } }"""
        bodies.append(sample_api.post(query, u=uscc).text)
    bodies.append(
        sample_api.post('{ searchEntities(name: "福州") { edges { node { name maskedId } } } }').text
    )
    bodies.append(sample_api.post(CHECK, u=usccs).text)  # refused for the public role
    text = "\n".join(bodies)
    assert "FORBIDDEN" in text
    assert not ID_NUMBER.findall(text), ID_NUMBER.findall(text)[:3]
    assert not MOBILE.findall(text), MOBILE.findall(text)[:3]
    # The same questions as an investigator: masked IDs appear, full ones never.
    inv = sample_api.post(CHECK, Role.INVESTIGATOR, u=usccs).text
    assert not re.findall(r"(?<!\d)\d{17}[\dXx](?!\d)", inv)
    assert not MOBILE.findall(inv), MOBILE.findall(inv)[:3]


def test_every_subject_query_is_audited(sample_api: Api) -> None:
    log = AuditLog(sample_api.settings.audit_path)
    before = len(log.entries())
    uscc = bidders()[0]
    sample_api.data("query($u: String!) { entity(uscc: $u) { name } }", u=uscc)
    sample_api.data(CHECK, Role.INVESTIGATOR, u=bidders())
    entries = log.entries()[before:]
    assert [e.operation for e in entries] == ["entity", "bidderCheck"]
    assert entries[0].role == "public" and f"e:{uscc}" in entries[0].subjects
    assert entries[1].role == "investigator" and entries[1].key_id.startswith("key:")
    assert len(entries[1].subjects) == len(set(bidders()))
    assert "inv-key" not in sample_api.settings.audit_path.read_text()
    assert log.verify() is None


def test_limits_reject_abusive_queries_and_the_server_stays_up(sample_api: Api) -> None:
    deep = '{ entity(uscc: "x") { ' + "shareholders { entity { " * 25 + "name" + " } }" * 25 + " } }"
    aliases = "{ " + " ".join(f'a{i}: entity(uscc: "x") {{ name }}' for i in range(1000)) + " }"
    some_aliases = "{ " + " ".join(f"a{i}: __typename" for i in range(100)) + " }"
    huge_page = '{ searchEntities(name: "福州", first: 100000) { totalCount } }'
    for query, expected in (
        (deep, "exceeds maximum operation depth"),
        (aliases, "more than 3000 tokens"),
        (some_aliases, "aliases found"),
        (huge_page, "参数 first"),
    ):
        response = sample_api.post(query, Role.INVESTIGATOR)
        assert response.status_code in (200, 400)
        assert expected in response.json()["errors"][0]["message"], response.text[:300]
    hops = sample_api.post(
        '{ path(from: "a", to: "b", maxHops: 50, purpose: "测试") { length } }', Role.INVESTIGATOR
    )
    assert "参数 maxHops" in hops.json()["errors"][0]["message"]
    too_many = sample_api.post(CHECK, Role.INVESTIGATOR, u=[f"X{i}" for i in range(60)])
    assert "2 至 50 个" in too_many.json()["errors"][0]["message"]
    assert httpx.get(sample_api.url + "/healthz").status_code == 200
    assert sample_api.data('{ searchEntities(name: "福州", first: 1) { totalCount } }')["searchEntities"]


def test_unknown_key_is_refused_and_errors_are_masked(sample_api: Api) -> None:
    response = httpx.post(
        sample_api.url + "/graphql",
        json={"query": "{ __typename }"},
        headers={"Authorization": "Bearer wrong"},
    )
    assert response.status_code == 401
    body = sample_api.post("{ nosuchfield }").json()
    assert body["errors"] and "Traceback" not in str(body)


def test_readiness_reports_an_unavailable_graph(tmp_path: Path) -> None:
    """A graph that is not there: /readyz is 503, queries get a clear error, health stays 200."""
    from tests.conftest import free_port

    settings = Settings(
        graph=GraphSettings(
            home=tmp_path, neo4j_uri=f"bolt://127.0.0.1:{free_port()}", neo4j_password="x", retry_s=1.0
        )
    )
    for url in serve(settings):
        assert httpx.get(url + "/healthz").status_code == 200
        assert httpx.get(url + "/readyz").status_code == 503
        body = httpx.post(
            url + "/graphql", json={"query": '{ entity(uscc: "91350102MA2Y00108R") { name } }'}, timeout=30
        ).json()
        assert body["errors"][0]["extensions"]["code"] == "UNAVAILABLE"


@pytest.mark.slow  # an engine of its own, stopped and started under the API
def test_the_server_recovers_when_the_graph_comes_back(tmp_path: Path) -> None:
    """Stop the engine under a running API, then start it again: no restart of the API needed."""
    from graph.engine import Engine
    from tests.conftest import free_port

    graph = GraphSettings(
        home=tmp_path / "home", bolt_port=free_port(), http_port=free_port(), engine_heap="1g", retry_s=1.0
    )
    engine = Engine(graph)
    engine.start()
    try:
        for url in serve(Settings(graph=graph)):
            query = {"query": '{ searchEntities(name: "x") { totalCount } }'}
            assert httpx.get(url + "/readyz").status_code == 200
            engine.stop()
            assert httpx.get(url + "/readyz").status_code == 503
            down = httpx.post(url + "/graphql", json=query, timeout=30).json()
            assert down["errors"][0]["extensions"]["code"] == "UNAVAILABLE"
            engine.start()
            assert httpx.get(url + "/readyz").status_code == 200
            assert httpx.post(url + "/graphql", json=query, timeout=30).json()["data"]["searchEntities"] == {
                "totalCount": 0
            }
    finally:
        engine.stop()
