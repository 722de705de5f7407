"""The 联合奖惩 credit check (creditCheck, POST /api/v1/credit-check) and its feedback, over real HTTP
against the test graph: black, clean, red, repaired and expired subjects built from model records."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import httpx
import pytest

from api.audit import AuditLog
from api.bench.codes import uscc
from api.feedback import CheckLog
from api.roles import Role
from api.settings import Settings
from graph.ids import entity_id_for_uscc, make_id
from graph.lifecycle.records import repair
from graph.model import Case, Entity, Link, Listing, Provenance, Record, Rel, Sanction
from graph.settings import GraphSettings
from graph.store import GraphStore
from tests.api.conftest import serve

NAMES = ("black", "clean", "red", "repaired", "expired", "stopped")
PROV = Provenance("fixture", "test_credit_check.py", "t/1", date(2026, 1, 1))
CODES = {k: uscc(100 + i, region="350102", series="MA") for i, k in enumerate(NAMES)}
KEYS = {"sys-key": Role.SYSTEM, "inv-key": Role.INVESTIGATOR, "rev-key": Role.REVIEWER}
AS_OF = "2026-11-30"
QUERY = """query($u: [String!]!, $m: String!, $p: String!, $d: Date) {
  creditCheck(usccs: $u, matter: $m, purpose: $p, asOf: $d) {
    checkId subject { uscc name found } matter catalogueVersion
    measures { measure kind basis mandatory record { kind name since label } }
  }
}"""


def listing(key: str, name: str, polarity: str, listed_on: date, max_end: date | None = None) -> Listing:
    return Listing(
        make_id("listing", name, CODES[key]),
        name,
        polarity,
        listed_on=listed_on,
        max_end=max_end,
        reason="测试",
    )


def build(store: GraphStore) -> None:
    nodes: list[object] = [
        Entity(entity_id_for_uscc(c), f"{k}示例有限公司", f"{k}示例有限公司", uscc=c)
        for k, c in CODES.items()
    ]
    links: list[Link] = []
    for key, item in (
        ("black", listing("black", "严重失信主体名单", "black", date(2026, 3, 15))),
        ("red", listing("red", "A级纳税人", "red", date(2026, 4, 1))),  # an alias of 纳税信用A级纳税人
        ("repaired", listing("repaired", "严重失信主体名单", "black", date(2024, 1, 1))),
        (
            "expired",
            listing("expired", "严重失信主体名单", "black", date(2021, 1, 1), max_end=date(2024, 1, 1)),
        ),
    ):
        nodes.append(item)
        links.append(Link(Rel.LISTED_IN, entity_id_for_uscc(CODES[key]), item.id))
    case = Case(
        make_id("case", "某局", "某罚〔2026〕1号"), "某罚〔2026〕1号", "某局", decision_date=date(2026, 2, 1)
    )
    sanction = Sanction(make_id("sanction", case.id, "1"), "责令停产停业")
    nodes += [case, sanction]
    links += [
        Link(Rel.PARTY_TO, entity_id_for_uscc(CODES["stopped"]), case.id),
        Link(Rel.IMPOSES, case.id, sanction.id),
    ]
    store.writer().add_all([Record(PROV, tuple(nodes), tuple(links))])  # type: ignore[arg-type]
    repair(
        store, make_id("listing", "严重失信主体名单", CODES["repaired"]), date(2025, 6, 1), "测试", "tester"
    )


class Client:
    def __init__(self, url: str, audit: Path) -> None:
        self.url = url
        self.audit = audit

    def gql(self, key: str | None, query: str, **variables: object) -> dict[str, object]:
        headers = {"Authorization": f"Bearer {key}"} if key else {}
        response = httpx.post(
            f"{self.url}/graphql", json={"query": query, "variables": variables}, headers=headers, timeout=60
        )
        return dict(response.json())

    def check(
        self, key: str, usccs: list[str], matter: str = "招标投标", **more: object
    ) -> list[dict[str, object]]:
        body = self.gql(key, QUERY, u=usccs, m=matter, p="某项目资格审查", d=AS_OF, **more)
        assert "errors" not in body, body
        return list(body["data"]["creditCheck"])  # type: ignore[index]

    def json(self, key: str | None, body: object, **headers: str) -> httpx.Response:
        auth = {"Authorization": f"Bearer {key}"} if key else {}
        return httpx.post(
            f"{self.url}/api/v1/credit-check", json=body, headers={**auth, **headers}, timeout=60
        )


@pytest.fixture(scope="module")
def client(
    graph_settings: GraphSettings, session_store: GraphStore, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Client]:
    session_store.delete_all()
    build(session_store)
    audit = tmp_path_factory.mktemp("audit") / "audit.log"
    settings = Settings(graph=graph_settings, api_keys=dict(KEYS), audit_log=audit)
    for url in serve(settings, session_store):
        yield Client(url, audit)


def test_black_listed_firm_gets_the_catalogues_measures_with_basis(client: Client) -> None:
    (item,) = client.check("sys-key", [CODES["black"]])
    assert item["subject"] == {"uscc": CODES["black"], "name": "black示例有限公司", "found": True}
    measures = item["measures"]
    assert [m["measure"] for m in measures] == ["限制参与招标投标活动"]  # type: ignore[index]
    first = measures[0]  # type: ignore[index]
    assert first["kind"] == "惩戒" and first["mandatory"] is False
    assert "全国失信惩戒措施基础清单" in first["basis"]
    assert first["record"] == {
        "kind": "listing",
        "name": "严重失信主体名单",
        "since": "2026-03-15",
        "label": "名单：严重失信主体名单，2026-03-15",
    }


def test_clean_and_unknown_firms_get_none(client: Client) -> None:
    unknown = uscc(999, region="350102", series="MA")
    clean, missing = client.check("inv-key", [CODES["clean"], unknown])
    assert clean["measures"] == [] and clean["subject"]["found"] is True  # type: ignore[index]
    assert missing["measures"] == [] and missing["subject"] == {"uscc": unknown, "name": None, "found": False}


def test_red_listed_firm_gets_its_incentives(client: Client) -> None:
    (item,) = client.check("sys-key", [CODES["red"]], matter="行政审批")
    measures = item["measures"]
    assert [m["measure"] for m in measures] == ["容缺受理、绿色通道"]  # type: ignore[index]
    assert measures[0]["kind"] == "激励"  # type: ignore[index]
    (bidding,) = client.check("sys-key", [CODES["red"]], matter="招标投标")
    assert bidding["measures"] == []  # no 惩戒 for a red list, and no incentive defined there


def test_repaired_and_expired_listings_no_longer_trigger(client: Client) -> None:
    repaired, expired = client.check("sys-key", [CODES["repaired"], CODES["expired"]])
    assert repaired["measures"] == [] and expired["measures"] == []


def test_a_penalty_class_triggers_in_government_procurement(client: Client) -> None:
    (item,) = client.check("sys-key", [CODES["stopped"]], matter="政府采购")
    (measure,) = item["measures"]  # type: ignore[misc]
    assert measure["mandatory"] is True and "第二十二条" in measure["basis"]
    assert measure["record"]["kind"] == "case" and measure["record"]["name"] == "某罚〔2026〕1号"


def test_unknown_matter_is_bad_input_listing_the_known_matters(client: Client) -> None:
    body = client.gql("sys-key", QUERY, u=[CODES["black"]], m="月球采矿", p="x", d=AS_OF)
    (error,) = body["errors"]  # type: ignore[misc]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert (
        "招标投标" in error["message"] and "政府采购" in error["message"] and "月球采矿" in error["message"]
    )


def test_roles_and_limits(client: Client) -> None:
    refused = client.gql("rev-key", QUERY, u=[CODES["black"]], m="招标投标", p="x", d=AS_OF)
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"  # type: ignore[index]
    public = client.gql(None, QUERY, u=[CODES["black"]], m="招标投标", p="x", d=AS_OF)
    assert public["errors"][0]["extensions"]["code"] == "FORBIDDEN"  # type: ignore[index]
    profile = client.gql("sys-key", "query($u: String!) { entity(uscc: $u) { name } }", u=CODES["black"])
    assert profile["errors"][0]["extensions"]["code"] == "FORBIDDEN"  # type: ignore[index]
    assert "data" not in profile or profile["data"] is None
    many = [uscc(2000 + i, region="350102", series="MA") for i in range(101)]
    too_many = client.gql("sys-key", QUERY, u=many, m="招标投标", p="x", d=AS_OF)
    assert too_many["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"  # type: ignore[index]
    blank = client.gql("sys-key", QUERY, u=[CODES["black"]], m="招标投标", p="  ", d=AS_OF)
    assert blank["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"  # type: ignore[index]


def test_the_subject_limit_is_written_in_the_sdl(client: Client) -> None:
    query = '{ __type(name: "Query") { fields { name args { name description } } } }'
    fields = client.gql("inv-key", query)["data"]["__type"]["fields"]  # type: ignore[index]
    (check,) = [f for f in fields if f["name"] == "creditCheck"]
    (usccs,) = [a for a in check["args"] if a["name"] == "usccs"]
    assert "Between 1 and 100 distinct USCCs" in usccs["description"]


def test_checks_are_audited_with_their_purpose(client: Client) -> None:
    client.check("sys-key", [CODES["clean"]])
    entry = [e for e in AuditLog(client.audit).entries() if e.operation == "creditCheck"][-1]
    assert entry.key_id != "anonymous" and entry.role == "system"
    assert entry.purpose == "某项目资格审查"
    assert entity_id_for_uscc(CODES["clean"]) in entry.subjects


def test_json_endpoint_over_http(client: Client) -> None:
    body = {
        "usccs": [CODES["black"], CODES["clean"]],
        "matter": "招标投标",
        "purpose": "公共资源交易资格审查",
        "asOf": AS_OF,
    }
    answer = client.json("sys-key", body)
    assert answer.status_code == 200, answer.text
    black, clean = answer.json()["creditCheck"]
    assert black["measures"][0]["measure"] == "限制参与招标投标活动" and black["measures"][0]["basis"]
    assert clean["measures"] == [] and clean["subject"]["uscc"] == CODES["clean"]
    entry = [e for e in AuditLog(client.audit).entries() if e.operation == "creditCheck"][-1]
    assert entry.purpose == "公共资源交易资格审查"

    anonymous = client.json(None, body)
    assert anonymous.status_code == 401 and "密钥" in anonymous.json()["error"]
    assert client.json("wrong-key", body).status_code == 401
    refused = client.json("rev-key", body)
    assert refused.status_code == 403 and refused.json()["code"] == "FORBIDDEN"
    unknown = client.json("sys-key", {**body, "matter": "月球采矿"})
    assert unknown.status_code == 400 and "已知事项" in unknown.json()["error"]
    missing = client.json("sys-key", {"usccs": [CODES["black"]], "matter": "招标投标"})
    assert missing.status_code == 400 and "purpose" in missing.json()["error"]
    bad_day = client.json("sys-key", {**body, "asOf": "2026-13-40"})
    assert bad_day.status_code == 400 and bad_day.json()["code"] == "BAD_USER_INPUT"
    bad = httpx.post(
        f"{client.url}/api/v1/credit-check",
        content=b"{not json",
        headers={"Authorization": "Bearer sys-key"},
        timeout=30,
    )
    assert bad.status_code == 400 and "JSON" in bad.json()["error"]
    # An API client (key header, no session cookie) is not a browser form: any Origin header passes.
    assert client.json("sys-key", body, Origin="https://business.example").status_code == 200
    huge = client.json("sys-key", {**body, "purpose": "x" * (3 * 1024 * 1024)})
    assert huge.status_code == 413


def test_a_system_key_cannot_sign_in_to_the_pages(client: Client) -> None:
    answer = httpx.post(f"{client.url}/login", data={"key": "sys-key", "next": "/explore"}, timeout=30)
    assert answer.status_code == 403 and "业务系统密钥" in answer.text and "set-cookie" not in answer.headers


def test_feedback_over_graphql(client: Client) -> None:
    (item,) = client.check("sys-key", [CODES["black"]])
    mutation = """mutation($u: String!, $c: ID, $a: Boolean!, $r: String) {
      reportMeasureApplied(uscc: $u, matter: "招标投标", measure: "限制参与招标投标活动", applied: $a,
                           caseNo: "FZCG-2026-0001", reason: $r, checkId: $c) { id checkId }
    }"""
    done = client.gql("sys-key", mutation, u=CODES["black"], c=item["checkId"], a=True, r=None)
    assert "errors" not in done, done
    assert done["data"]["reportMeasureApplied"]["checkId"] == item["checkId"]  # type: ignore[index]
    # Audited under the check's registered purpose, with the business system's case number.
    entry = [e for e in AuditLog(client.audit).entries() if e.operation == "reportMeasureApplied"][-1]
    assert entry.purpose == "某项目资格审查（反馈 FZCG-2026-0001）"
    assert entry.subjects == [entity_id_for_uscc(CODES["black"])]
    no_reason = client.gql("sys-key", mutation, u=CODES["black"], c=None, a=False, r=None)
    assert no_reason["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"  # type: ignore[index]
    nothing = client.gql("sys-key", mutation, u=CODES["clean"], c=None, a=True, r=None)
    assert "没有" in nothing["errors"][0]["message"]  # type: ignore[index]


def test_feedback_rates_on_known_inputs(tmp_path: Path) -> None:
    log = CheckLog(tmp_path)
    a = "91350102MA2Y00124F"
    # 住建局, November: three checks that triggered measures, one without; two got feedback.
    ids = [
        log.record_check(
            "住建局", "招标投标", a, ["限制参与招标投标活动"], "p", at=f"2026-11-0{i}T09:00:00+00:00"
        )
        for i in (1, 2, 3)
    ]
    log.record_check("住建局", "招标投标", a, [], "p", at="2026-11-04T09:00:00+00:00")
    log.report("住建局", a, "招标投标", "限制参与招标投标活动", True, "P-1", check_id=ids[0])
    log.report(
        "住建局",
        a,
        "招标投标",
        "限制参与招标投标活动",
        False,
        "P-2",
        reason="非依法必须招标项目",
        check_id=ids[1],
    )
    log.report(
        "住建局", a, "招标投标", "限制参与招标投标活动", True, "P-2b", check_id=ids[1]
    )  # twice: one check
    # 财政局, December: one check, no feedback.
    log.record_check("财政局", "政府采购", a, ["拒绝参与政府采购活动"], "p", at="2026-12-01T09:00:00+00:00")
    rates = {(r.department, r.month): (r.triggered, r.with_feedback, round(r.rate, 3)) for r in log.rates()}
    assert rates == {("住建局", "2026-11"): (3, 2, 0.667), ("财政局", "2026-12"): (1, 0, 0.0)}
    assert [r.department for r in log.rates(since="2026-12-01")] == ["财政局"]
    with pytest.raises(ValueError, match="不是该次核查触发的措施"):
        log.report("住建局", a, "招标投标", "别的措施", True, "P-3", check_id=ids[2])
    log.close()


def test_feedback_command_prints_rates_per_department_and_month(
    graph_settings: GraphSettings, tmp_path: Path
) -> None:
    from typer.testing import CliRunner

    from api.cli.main import app

    log = CheckLog(tmp_path)
    a = "91350102MA2Y00124F"
    first = log.record_check(
        "住建局", "招标投标", a, ["限制参与招标投标活动"], "p", at="2026-10-05T08:00:00+00:00"
    )
    log.record_check("住建局", "招标投标", a, ["限制参与招标投标活动"], "p", at="2026-10-06T08:00:00+00:00")
    log.record_check("财政局", "政府采购", a, ["拒绝参与政府采购活动"], "p", at="2026-11-01T08:00:00+00:00")
    log.report("住建局", a, "招标投标", "限制参与招标投标活动", True, "P-9", check_id=first)
    log.close()
    env = {"CREDIT_GRAPH_HOME": str(tmp_path)}
    shown = CliRunner().invoke(app, ["feedback"], env=env)
    assert shown.exit_code == 0, shown.output
    lines = shown.output.splitlines()
    assert any(line.startswith("住建局") and "2026-10" in line and "50.0%" in line for line in lines), lines
    assert any(line.startswith("财政局") and "2026-11" in line and "0.0%" in line for line in lines), lines
    assert "1/3 次核查有反馈" in shown.output and "有反馈的部门 1/2" in shown.output
    later = CliRunner().invoke(app, ["feedback", "--since", "2026-11-01"], env=env)
    assert "住建局" not in later.output and "财政局" in later.output
    bad = CliRunner().invoke(app, ["feedback", "--since", "11/2026"], env=env)
    assert bad.exit_code == 1
