"""The GraphQL contract over real HTTP: every root field, homonyms, removed listings, verdicts, paging."""

from __future__ import annotations

from api.roles import Role
from tests.api.conftest import Api
from tests.queries.graphs import NAMES, USCC, eid

BIDDERS = """
query($usccs: [String!]!, $asOf: Date) {
  bidderCheck(usccs: $usccs, asOf: $asOf, purpose: "测试 FZCG-TEST-001") {
    asOf disclaimer unknownUsccs
    pairs { a { uscc name } b { uscc name } verdict legalBasis
            evidence { kind description } paths { length nodes { id kind name } relationships { type } } }
    listedBidders { entity { uscc name } listings { listName listedOn } }
  }
}"""


def verdicts(result: dict[str, object]) -> dict[frozenset[str], str]:
    return {frozenset((p["a"]["uscc"], p["b"]["uscc"])): p["verdict"] for p in result["pairs"]}  # type: ignore


def test_entity_profile_fields(api: Api) -> None:
    query = """query($u: String!) { entity(uscc: $u) { uscc name legalRepresentative { name maskedId }
        shareholders { name ratio } officers { role } cases { decisionNo } licences { docNo }
        listings { listName polarity listedOn removedOn reason inEffect } } }"""
    data = api.data(query, Role.INVESTIGATOR, u=USCC["A"])["entity"]
    assert data["name"] == NAMES["A"]
    assert data["legalRepresentative"] == {"name": "王强", "maskedId": "4101**********1234"}
    assert data["listings"] == [
        {
            "listName": "严重失信主体名单",
            "polarity": "black",
            "listedOn": "2024-01-01",
            "removedOn": None,
            "reason": "测试",
            "inEffect": True,
        }
    ]
    holder = api.data(query, Role.INVESTIGATOR, u=USCC["D"])["entity"]["shareholders"]
    assert holder == [{"name": NAMES["C"], "ratio": 0.6}]
    assert api.data(query, u="91350102MA2Y00108R")["entity"] is None  # valid, not in the graph


def test_public_sees_no_ids_and_no_removed_listings(api: Api) -> None:
    query = """query($u: String!) { entity(uscc: $u) { legalRepresentative { name maskedId }
        listings { listName inEffect } } }"""
    public = api.data(query, u=USCC["B"])["entity"]
    assert public["legalRepresentative"] == {"name": "王强", "maskedId": None}
    assert public["listings"] == []  # B's listing was removed in 2025
    investigator = api.data(query, Role.INVESTIGATOR, u=USCC["B"])["entity"]
    assert investigator["listings"] == [{"listName": "严重失信主体名单", "inEffect": False}]


def test_bidder_check_grades_every_verdict(api: Api) -> None:
    usccs = [USCC[k] for k in "ABCDEFGHI"]
    result = api.data(BIDDERS, Role.INVESTIGATOR, usccs=usccs, asOf="2026-01-01")["bidderCheck"]
    found = verdicts(result)
    assert found[frozenset((USCC["A"], USCC["B"]))] == "BARRED"
    assert found[frozenset((USCC["C"], USCC["D"]))] == "BARRED"
    assert found[frozenset((USCC["E"], USCC["F"]))] == "DEEMED_COLLUSION"
    assert found[frozenset((USCC["G"], USCC["H"]))] == "SUSPECTED"
    assert found[frozenset((USCC["H"], USCC["I"]))] == "CONNECTED"
    assert frozenset((USCC["A"], USCC["C"])) not in found  # not associated: no pair at all
    barred = next(p for p in result["pairs"] if p["verdict"] == "BARRED")
    assert "第三十四条" in barred["legalBasis"]
    assert [n["kind"] for n in barred["paths"][0]["nodes"]] == ["Entity", "Person", "Entity"]
    deemed = next(p for p in result["pairs"] if p["verdict"] == "DEEMED_COLLUSION")
    assert "第四十条" in deemed["legalBasis"] and "机器码" in deemed["evidence"][0]["description"]
    assert "不构成" in result["disclaimer"]
    suspected = next(p for p in result["pairs"] if p["verdict"] == "SUSPECTED")
    assert suspected["evidence"][0]["description"] == "联系电话相同：138****8000"  # masked below admin
    admin = api.data(BIDDERS, Role.ADMIN, usccs=[USCC["G"], USCC["H"]], asOf="2026-01-01")["bidderCheck"]
    assert admin["pairs"][0]["evidence"][0]["description"] == "联系电话相同：13800138000"
    listed = {b["entity"]["uscc"]: [x["listName"] for x in b["listings"]] for b in result["listedBidders"]}
    assert listed == {
        USCC["A"]: ["严重失信主体名单"],
        USCC["C"]: ["失信被执行人"],
        USCC["D"]: ["失信被执行人"],
    }


def test_bidder_check_as_of_follows_dated_legal_representatives(api: Api) -> None:
    # 李娜 represented G until 2025-07-01 and E from then on: never both at once.
    before = api.data(BIDDERS, Role.INVESTIGATOR, usccs=[USCC["E"], USCC["G"]], asOf="2025-01-01")
    after = api.data(BIDDERS, Role.INVESTIGATOR, usccs=[USCC["E"], USCC["G"]], asOf="2026-01-01")
    assert before["bidderCheck"]["pairs"] == [] and after["bidderCheck"]["pairs"] == []
    # Before its removal in 2025, B's listing counted.
    listed = api.data(BIDDERS, Role.INVESTIGATOR, usccs=[USCC["A"], USCC["B"]], asOf="2024-06-01")
    assert {b["entity"]["uscc"] for b in listed["bidderCheck"]["listedBidders"]} == {USCC["A"], USCC["B"]}


def test_homonyms_never_link_firms_and_paging(api: Api) -> None:
    query = """query($min: Int!, $first: Int, $after: String) {
      legalRepresentativesLinkingBlacklistedFirms(
          minFirms: $min, asOf: "2026-01-01", first: $first, after: $after, purpose: "测试") {
        totalCount pageInfo { hasNextPage endCursor }
        edges { cursor node { person { name maskedId } firms { uscc name listings { listName } } } } } }"""
    two = api.data(query, Role.INVESTIGATOR, min=2)["legalRepresentativesLinkingBlacklistedFirms"]
    assert two["totalCount"] == 0  # the two 张伟 are two persons; 王强's second firm (B) was delisted
    one = api.data(query, Role.INVESTIGATOR, min=1, first=2)["legalRepresentativesLinkingBlacklistedFirms"]
    assert one["totalCount"] == 3 and one["pageInfo"]["hasNextPage"] is True
    rest = api.data(query, Role.INVESTIGATOR, min=1, first=2, after=one["pageInfo"]["endCursor"])
    page2 = rest["legalRepresentativesLinkingBlacklistedFirms"]
    assert len(page2["edges"]) == 1 and page2["pageInfo"]["hasNextPage"] is False
    names = [e["node"]["person"]["name"] for e in one["edges"] + page2["edges"]]
    assert sorted(names) == ["张伟", "张伟", "王强"]
    assert sum(len(e["node"]["firms"]) for e in one["edges"] + page2["edges"]) == 3


def test_path_search_neighbourhood_person_and_case(api: Api) -> None:
    query = 'query($a: ID!, $b: ID!) { path(from: $a, to: $b, maxHops: 4, purpose: "测试") {'
    query += " length nodes { kind name } } }"
    paths = api.data(query, Role.INVESTIGATOR, a=USCC["H"], b=USCC["I"])["path"]
    assert paths and paths[0]["length"] == 4
    assert [n["kind"] for n in paths[0]["nodes"]] == ["Entity", "Address", "Entity", "Address", "Entity"]
    hits = api.data('{ searchEntities(name: "建设", first: 3) { totalCount edges { node { name uscc } } } }')
    assert hits["searchEntities"]["totalCount"] == 10 and len(hits["searchEntities"]["edges"]) == 3
    query = 'query($id: ID!) { neighbourhood(id: $id, first: 1, purpose: "测试") {'
    query += " total more items { nodes { kind } } } }"
    around = api.data(query, Role.INVESTIGATOR, id=eid("H"))["neighbourhood"]
    assert around["total"] == 2 and around["more"] == 1 and len(around["items"]) == 1
    person = api.data(
        '{ person(id: "p:wang", purpose: "测试") { name maskedId roles { role entity { name } } } }',
        Role.INVESTIGATOR,
    )["person"]
    assert sorted(r["entity"]["name"] for r in person["roles"]) == [NAMES["A"], NAMES["B"]]
    assert api.data('{ case(authority: "无", decisionNo: "无") { decisionNo } }')["case"] is None


def test_no_n_plus_one(api: Api) -> None:
    """Ten entities with nested profiles cost the same statements as one: DataLoaders batch them."""

    def statements(keys: str) -> int:
        fields = " ".join(
            f'e{i}: entity(uscc: "{USCC[k]}") {{ name legalRepresentative {{ name }} listings {{ listName }} '
            f"shareholders {{ entity {{ name listings {{ listName }} }} }} }}"
            for i, k in enumerate(keys)
        )
        body = api.post("{ " + fields + " }").json()
        assert "errors" not in body
        assert [body["data"][f"e{i}"]["name"] for i in range(len(keys))] == [NAMES[k] for k in keys]
        return int(body["extensions"]["statements"])

    one, ten = statements("A"), statements("ABCDEFGHIJ")
    assert one >= 2
    assert ten <= one + 10  # one id lookup per root field, profiles batched per level
