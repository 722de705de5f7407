"""controllers, ownership and beneficialOwners over real HTTP, on a registry ingested here:
persons only for investigators and up, ID numbers only masked (never the full number)."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from api.gql.schema import make_schema
from api.roles import Role
from graph.ids import entity_id_for_uscc
from graph.settings import GraphSettings
from graph.store import GraphStore
from ingest.pipeline import Ingest, Options
from ingest.quarantine import IngestState
from tests.api.conftest import Api, served_api
from tests.conftest import SECRET
from tests.ingest.synth import id_no, uscc, write_csv

A, H, B, Q = (uscc(8300 + i) for i in range(4))
NAME = {A: "甲穿透测试有限公司", H: "控股穿透测试有限公司", B: "乙穿透测试有限公司", Q: "丁穿透测试有限公司"}
PERSON = id_no(8301, birth="19750505")
MASKED = PERSON[:4] + "*" * 10 + PERSON[-4:]


def _ingest(store: GraphStore) -> None:
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        basic = write_csv(
            tmp / "basic.csv",
            ["统一社会信用代码", "企业名称", "企业类型", "法定代表人"],
            [[code, name, "有限责任公司", "某代表"] for code, name in NAME.items()],
        )
        holders = write_csv(
            tmp / "holders.csv",
            ["统一社会信用代码", "股东名称", "股东类型", "股东证照号码", "认缴出资额(万元)", "出资比例"],
            [
                [A, "赵控", "自然人股东", PERSON, 80, "80%"],
                [A, NAME[Q], "企业法人", Q, 20, "20%"],
                [H, "赵控", "自然人股东", PERSON, 100, "100%"],
                [B, NAME[H], "企业法人", H, 70, "70%"],
            ],
        )
        state = IngestState(tmp / "state.sqlite")
        reports = Ingest(store, state, SECRET, Options()).run([basic, holders])
        state.close()
        assert all(r.quarantined == 0 and not r.error for r in reports), reports


@pytest.fixture(scope="module")
def api(
    graph_settings: GraphSettings, session_store: GraphStore, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Api]:
    yield from served_api(graph_settings, session_store, tmp_path_factory, _ingest)


CONTROLLERS = """query($u: String!) { entity(uscc: $u) { controllers {
    subject { id kind name maskedId } kind declared effectiveShare
    path { nodes { id kind name maskedId } relationships { type start end ratio } } } } }"""

OWNERSHIP = """query($u: String!, $d: Int!) { entity(uscc: $u) { ownership(depth: $d) {
    root { name } truncated
    up { subject { kind name maskedId } relation ratio effectiveShare controls ultimateController
         children { subject { name } ratio effectiveShare } }
    down { subject { name } ratio effectiveShare controls } } } }"""

OWNERS = """query($u: String!, $t: Float) { beneficialOwners(uscc: $u, threshold: $t, purpose: "测试") {
    person { kind name maskedId } effectiveShare controls paths { nodes { name } } } }"""


def test_controllers_name_the_chain_with_persons_for_investigators(api: Api) -> None:
    for role in (Role.INVESTIGATOR, Role.ADMIN):
        response = api.post(CONTROLLERS, role, u=B)
        assert PERSON not in response.text  # the full number is never returned, not even to admins
        [top] = response.json()["data"]["entity"]["controllers"]
        assert top["subject"] == {
            "id": top["subject"]["id"],
            "kind": "Person",
            "name": "赵控",
            "maskedId": MASKED,
        }
        assert (top["kind"], top["declared"], top["effectiveShare"]) == ("实际控制人", False, 0.7)
        assert [n["name"] for n in top["path"]["nodes"]] == ["赵控", NAME[H], NAME[B]]
        assert [r["ratio"] for r in top["path"]["relationships"]] == [1.0, 0.7]

    [public] = api.data(CONTROLLERS, u=B)["entity"]["controllers"]
    assert public["subject"] == {"id": "", "kind": "Person", "name": None, "maskedId": None}
    assert [n["name"] for n in public["path"]["nodes"]] == [None, NAME[H], NAME[B]]
    assert public["path"]["relationships"][0]["start"] == ""
    assert public["effectiveShare"] == 0.7


def test_ownership_tree_up_and_down(api: Api) -> None:
    tree = api.data(OWNERSHIP, Role.INVESTIGATOR, u=H, d=2)["entity"]["ownership"]
    assert tree["root"] == {"name": NAME[H]} and tree["truncated"] is False
    assert tree["up"] == [
        {
            "subject": {"kind": "Person", "name": "赵控", "maskedId": MASKED},
            "relation": "SHAREHOLDER_OF",
            "ratio": 1.0,
            "effectiveShare": 1.0,
            "controls": True,
            "ultimateController": True,
            "children": [],
        }
    ]
    assert tree["down"] == [
        {"subject": {"name": NAME[B]}, "ratio": 0.7, "effectiveShare": 0.7, "controls": True}
    ]
    # Two levels up from B: H, and above it the person.
    up = api.data(OWNERSHIP, Role.INVESTIGATOR, u=B, d=2)["entity"]["ownership"]["up"]
    assert up[0]["subject"]["name"] == NAME[H]
    assert up[0]["children"] == [{"subject": {"name": "赵控"}, "ratio": 1.0, "effectiveShare": 0.7}]
    one = api.data(OWNERSHIP, Role.INVESTIGATOR, u=B, d=1)["entity"]["ownership"]["up"]
    assert one[0]["children"] == []
    public = api.data(OWNERSHIP, u=H, d=2)["entity"]["ownership"]["up"]
    assert public[0]["subject"] == {"kind": "Person", "name": None, "maskedId": None}
    too_deep = api.post(OWNERSHIP, Role.INVESTIGATOR, u=H, d=11).json()
    assert "须在 1 到 10 之间" in too_deep["errors"][0]["message"]


def test_beneficial_owners_for_investigators_only(api: Api) -> None:
    owners = api.data(OWNERS, Role.INVESTIGATOR, u=A, t=0.25)["beneficialOwners"]
    assert owners == [
        {
            "person": {"kind": "Person", "name": "赵控", "maskedId": MASKED},
            "effectiveShare": 0.8,
            "controls": True,
            "paths": [{"nodes": [{"name": "赵控"}, {"name": NAME[A]}]}],
        }
    ]
    # Through the holding company: 100 % × 70 %.
    [through] = api.data(OWNERS, Role.INVESTIGATOR, u=B, t=0.25)["beneficialOwners"]
    assert through["effectiveShare"] == 0.7
    assert [n["name"] for n in through["paths"][0]["nodes"]] == ["赵控", NAME[H], NAME[B]]
    refused = api.post(OWNERS, u=A, t=0.25).json()
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert api.post(OWNERS, Role.INVESTIGATOR, u=A, t=0).json()["errors"]


def test_the_sdl_documents_the_control_fields(api: Api) -> None:
    sdl = make_schema(api.settings).as_str()
    for text in (
        "Ultimate controllers at asOf",
        "股权穿透: the holding tree",
        "受益所有人信息管理办法",
        "控股股东",
    ):
        assert text in sdl, text
    assert entity_id_for_uscc(A).startswith("e:")
