"""The bundled synthetic sample loads completely and has the shape the association queries rely on."""

from __future__ import annotations

from graph.cypher import statement
from graph.store import GraphStore
from tests.conftest import SAMPLE, Run

SHARED_LEGAL_REP = statement(
    "MATCH (p:Person)-[:LEGAL_REP_OF]->(e:Entity) WITH p, count(e) AS firms WHERE firms >= 2 "
    "RETURN p.name AS name, p.verified AS verified, firms"
)
HOLDINGS = statement(
    "MATCH (a:Entity)-[s:SHAREHOLDER_OF]->(b:Entity) WHERE s.ratio >= $min "
    "RETURN b.name AS name, s.ratio AS ratio ORDER BY name",
    min=0.5,
)
SHARED_ADDRESS = statement(
    "MATCH (a:Entity)-[:LOCATED_AT]->(x:Address)<-[:LOCATED_AT]-(b:Entity) WHERE a.id < b.id "
    "RETURN a.name AS a, b.name AS b, x.text AS address"
)
LISTINGS = statement(
    "MATCH (s:Subject)-[:LISTED_IN]->(l:Listing) OPTIONAL MATCH (l)-[:LISTED_BY]->(a:Authority) "
    "RETURN s.name AS subject, l.list_name AS list, l.polarity AS polarity, l.listed_on AS listed_on, "
    "l.removed_on AS removed_on, a.name AS authority ORDER BY list, subject"
)
BIDDERS = statement(
    "MATCH (e:Entity)-[:SUBMITTED]->(b:Bid)-[:BID_FOR]->(t:Tender {project_no: $no}) "
    "RETURN count(DISTINCT e) AS bidders",
    no="FZCG-2024-0088",
)
SHARED_MACHINE_CODE = statement(
    "MATCH (b1:Bid)-[:USED]->(i:Identifier {kind: 'machine_code'})<-[:USED]-(b2:Bid) WHERE b1.id < b2.id "
    "RETURN i.value AS value"
)
PERSON_CASES = statement(
    "MATCH (p:Person)-[:PARTY_TO]->(c:Case) MATCH (p)-[:LEGAL_REP_OF]->(e:Entity) "
    "RETURN DISTINCT p.name AS name, c.decision_no AS case"
)


def test_sample_loads_without_quarantine(run: Run, store: GraphStore) -> None:
    reports = run(SAMPLE)
    assert [r.error for r in reports if r.error] == []
    assert sum(r.quarantined for r in reports) == 0, [r.reasons for r in reports]
    kinds = {r.kind for r in reports}
    assert kinds >= {
        "registry-basic",
        "registry-shareholders",
        "registry-people",
        "penalty",
        "licence",
        "list",
        "dishonest",
        "bids",
    }

    reps = store.read(SHARED_LEGAL_REP)
    assert [(r["name"], r["verified"], r["firms"]) for r in reps] == [("林海", True, 2)]
    holdings = store.read(HOLDINGS, min=0.5)
    assert {h["name"] for h in holdings} >= {"福州海峡示例路桥工程有限公司", "福州海峡示例市政工程有限公司"}
    shared = {(r["a"], r["b"]) for r in store.read(SHARED_ADDRESS)}
    assert ("福州示例餐饮管理有限公司", "福州示例商务咨询有限公司") in shared
    listings = store.read(LISTINGS)
    removed = [x for x in listings if x["removed_on"] is not None]
    assert any(x["list"] == "经营异常名录" for x in removed)
    assert any(x["list"] == "失信被执行人" for x in listings)
    assert any(x["polarity"] == "red" for x in listings)
    assert store.read(BIDDERS, no="FZCG-2024-0088")[0]["bidders"] == 5
    assert [r["value"] for r in store.read(SHARED_MACHINE_CODE)] == ["MC-7F3A-91D2-0C55"]
    # 林海 is penalised in person (自然人 row, same full ID) and is the legal rep of two firms
    assert store.read(PERSON_CASES)[0]["name"] == "林海"
