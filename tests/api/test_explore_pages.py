"""The explorer in Chromium (issue 18): every node kind expands, the details panel of a case, the
as-of control, relationship filters, a stable layout, PNG / CSV / JSON export, homonyms styled
apart, 疑似关系 and red listings in effect on the profile.

The browser and page fixtures are those of test_pages.py (same Chromium, same rules: any console
or page error fails the test). The graph is the association fixture plus a classified penalty
case, a licence, an email and a red listing, written through the graph writer.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from api.bench.codes import uscc
from api.settings import Settings
from graph.ids import authority_id, case_id, entity_id_for_uscc, make_id
from graph.lifecycle.classification import classify_cases
from graph.model import (
    Address,
    Authority,
    Case,
    Email,
    Entity,
    Licence,
    Link,
    Listing,
    Provenance,
    Record,
    Rel,
    Sanction,
)
from graph.settings import GraphSettings
from graph.store import GraphStore
from queries.paths import CROWDED
from tests.api.conftest import KEYS, serve
from tests.api.test_pages import PURPOSE, browser, login, page, session, shots  # noqa: F401  (fixtures)
from tests.queries.graphs import NAMES, USCC, build, eid

TODAY = date.today()
AUTHORITY, DECISION = "某市市场监督管理局", "某市监罚〔2026〕88号"
CASE_ID = case_id(AUTHORITY, DECISION)
LICENCE_ID = make_id("licence", "某市住房和城乡建设局", "建施〔2026〕5号")
RED = "守信激励对象名单"
SOURCE = Provenance("双公示行政处罚.csv", "第 7 行", "tests/explore", TODAY - timedelta(days=30))


def extras(store: GraphStore) -> None:
    """A fined case of A (一般: inside its window today), a licence of A, an email G and J share,
    a red listing of H in effect."""
    decided = TODAY - timedelta(days=30)
    authority = Authority(authority_id(AUTHORITY), AUTHORITY)
    case = Case(CASE_ID, DECISION, AUTHORITY, decision_date=decided, total_fine_yuan=50000.0,
                violation_type="未按规定公示年度报告")  # fmt: skip
    fine = Sanction(make_id("sanction", CASE_ID, "罚款"), "罚款", 50000.0)
    licence = Licence(LICENCE_ID, "建施〔2026〕5号", "某市住房和城乡建设局", doc_name="建筑工程施工许可证",
                      category="普通", cert_name="建筑工程施工许可证", decided_on=decided)  # fmt: skip
    email = Email(make_id("email", "bid@example.cn"), "bid@example.cn")
    red = Listing(
        make_id("listing", RED, USCC["H"]), RED, "red", listed_on=date(2025, 1, 1), reason="纳税信用A级"
    )
    links = [
        Link(Rel.PARTY_TO, eid("A"), CASE_ID),
        Link(Rel.DECIDED_BY, CASE_ID, authority.id),
        Link(Rel.IMPOSES, CASE_ID, fine.id),
        Link(Rel.HOLDS, eid("A"), LICENCE_ID),
        Link(Rel.HAS_EMAIL, eid("G"), email.id),
        Link(Rel.HAS_EMAIL, eid("J"), email.id),
        Link(Rel.LISTED_IN, eid("H"), red.id),
    ]
    nodes = (authority, case, fine, licence, email, red)
    store.writer().add_all([Record(SOURCE, nodes, tuple(links))])  # type: ignore[arg-type]
    classify_cases(store, ids=[CASE_ID])


# A firm at a cluster-registration address with CROWDED + 1 other firms, apart from the fixture.
CROWDED_FIRM = uscc(0, region="440000", series="CX")
CROWDED_ADDRESS = "某市某路99号商务中心"


def crowded(store: GraphStore) -> None:
    codes = [uscc(i, region="440000", series="CX") for i in range(CROWDED + 2)]
    firms = [Entity(entity_id_for_uscc(c), f"集中登记样本{i}号有限公司", f"集中登记样本{i}号有限公司", uscc=c)
             for i, c in enumerate(codes)]  # fmt: skip
    hub = Address(make_id("addr", CROWDED_ADDRESS), CROWDED_ADDRESS)
    links = tuple(Link(Rel.LOCATED_AT, f.id, hub.id) for f in firms)
    store.writer().add_all([Record(SOURCE, (*firms, hub), links)])


@pytest.fixture(scope="module")
def site(graph_settings: GraphSettings, session_store: GraphStore) -> Iterator[str]:
    session_store.delete_all()
    build(session_store)
    extras(session_store)
    crowded(session_store)
    yield from serve(Settings(graph=graph_settings, api_keys=dict(KEYS)))


def open_subject(view: Page, site: str, key: str) -> None:
    """Search the fixture firm `key` (or a USCC) and wait for its graph."""
    login(view, site, "inv-key", "/explore")
    view.get_by_label("企业名称、人员姓名或统一社会信用代码").fill(USCC.get(key, key))
    view.get_by_role("button", name="搜索").click()
    expect(view.locator("#graph-status")).to_contain_text("已展开")


def tap(view: Page, node_id: str) -> None:
    """A real click on a node: its rendered position inside the canvas (scrolled into view).

    The canvas can still move while the page settles (panels above it fill in), so the position
    is measured again for each of a few attempts, until the node panel names the node."""
    label = json.dumps(
        view.evaluate(f"(n => n.data('label') || n.id())(window.cgGraph.getElementById('{node_id}'))")
    )
    shown = f"() => document.getElementById('node-panel').textContent.includes({label})"
    for _ in range(6):
        view.locator("#graph").scroll_into_view_if_needed()
        at = view.evaluate(
            f"(({{x, y}}) => [x, y])(window.cgGraph.getElementById('{node_id}').renderedPosition())"
        )
        box = view.locator("#graph").bounding_box()
        assert box is not None
        view.mouse.click(box["x"] + at[0], box["y"] + at[1])
        try:
            view.wait_for_function(shown, timeout=1500)
            return
        except PlaywrightTimeout:
            continue
    raise AssertionError(f"clicking {node_id} never selected it")


def names(view: Page) -> list[str]:
    return list(view.evaluate("window.cgGraph.nodes().map(n => n.data('name'))"))


def node_of(view: Page, kind: str) -> str:
    return str(view.evaluate(f"window.cgGraph.nodes().filter(n => n.data('kind') === '{kind}')[0].id()"))


@pytest.mark.browser
def test_expanding_an_address_reaches_the_second_firm_there(page: Page, site: str, shots: Path) -> None:  # noqa: F811
    open_subject(page, site, "H")
    assert NAMES["J"] not in names(page)  # J shares H's address: two steps away
    address = node_of(page, "Address")
    before = page.evaluate("window.cgGraph.nodes().length")
    tap(page, address)
    page.wait_for_function(f"() => window.cgGraph.nodes().length > {before}")
    assert NAMES["J"] in names(page)
    expect(page.locator("#graph-status")).to_contain_text("已展开")
    page.screenshot(path=str(shots / "explore-address.png"), full_page=True)


@pytest.mark.browser
def test_the_details_panel_of_a_case_and_of_a_licence(page: Page, site: str, shots: Path) -> None:  # noqa: F811
    open_subject(page, site, "A")
    tap(page, CASE_ID)
    details = page.locator("#details")
    expect(details).to_contain_text(DECISION)
    expect(details).to_contain_text("罚款金额（元）50000")
    expect(details).to_contain_text(f"处罚机关{AUTHORITY}")
    expect(details).to_contain_text("失信严重程度（分类）一般")
    expect(details).to_contain_text("停止公示日")
    expect(details).to_contain_text("处罚决定日期" + (TODAY - timedelta(days=30)).isoformat())
    expect(details).to_contain_text("来源数据双公示行政处罚.csv")
    expect(details).to_contain_text("来源记录第 7 行")
    expect(details).to_contain_text("首次发现" + SOURCE.seen.isoformat())
    expect(details).not_to_contain_text("其他字段")  # every stored key has its Chinese name
    page.screenshot(path=str(shots / "explore-case-details.png"), full_page=True)
    tap(page, LICENCE_ID)
    expect(details).to_contain_text("节点详情：行政许可 建筑工程施工许可证")
    expect(details).to_contain_text("许可类别普通")
    label = page.evaluate(f"window.cgGraph.getElementById('{LICENCE_ID}').data('label')")
    assert label == "建筑工程施工许可证"  # not the raw id


@pytest.mark.browser
def test_the_as_of_date_changes_the_answer(page: Page, site: str) -> None:  # noqa: F811
    """李娜 represented G until 2025-06-30 and E from 2025-07-01 on."""
    login(page, site, "inv-key", "/explore")
    page.goto(f"{site}/explore?id=p:li")
    expect(page.locator("#graph-status")).to_contain_text("已展开")
    expect(page.locator("#profile")).to_contain_text(NAMES["E"])
    assert NAMES["E"] in names(page) and NAMES["G"] not in names(page)
    page.get_by_label("查询基准日").fill("2025-01-01")
    expect(page.locator("#profile")).to_contain_text(NAMES["G"])
    page.wait_for_function(f"() => window.cgGraph.nodes().map(n => n.data('name')).includes('{NAMES['G']}')")
    assert NAMES["E"] not in names(page)
    assert "asOf=2025-01-01" in page.url


@pytest.mark.browser
def test_layout_is_stable_filters_hide_and_exports_download(page: Page, site: str, tmp_path: Path) -> None:  # noqa: F811
    open_subject(page, site, "H")
    placed = (
        "Object.fromEntries(window.cgGraph.nodes().map(n => [n.id(), [n.position('x'), n.position('y')]]))"
    )
    before = page.evaluate(placed)
    address = node_of(page, "Address")
    page.evaluate(f"window.cgGraph.getElementById('{address}').emit('tap')")  # the handler, not a hit test
    j = f"e:{USCC['J']}"
    page.wait_for_function(f"() => window.cgGraph.getElementById('{j}').length > 0")
    after = page.evaluate(placed)
    assert {k: after[k] for k in before} == before  # existing nodes stay put
    parent = after[address]
    assert abs(after[j][0] - parent[0]) + abs(after[j][1] - parent[1]) < 400  # placed near its parent
    page.get_by_label("地址", exact=True).uncheck()
    expect(page.locator("#graph-status")).to_contain_text("已隐藏")
    page.wait_for_function(f"() => !window.cgGraph.getElementById('{j}').visible()", timeout=5000)
    assert page.evaluate("window.cgGraph.edges(':visible').map(e => e.data('type'))").count("LOCATED_AT") == 0
    with page.expect_download() as png:
        page.get_by_role("button", name="导出图片（PNG）").click()
    assert png.value.suggested_filename.endswith(".png")
    assert Path(png.value.path()).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with page.expect_download() as table:
        page.get_by_role("button", name="导出 CSV").click()
    rows = list(csv.reader(io.StringIO(Path(table.value.path()).read_text(encoding="utf-8-sig"))))
    assert rows[0][:4] == ["记录", "编号", "类型", "名称"]
    shown = {r[3] for r in rows if r[0] == "节点"}
    assert NAMES["H"] in shown and NAMES["J"] not in shown  # the visible subgraph only
    with page.expect_download() as data:
        page.get_by_role("button", name="导出 JSON").click()
    body = json.loads(Path(data.value.path()).read_text(encoding="utf-8"))
    assert "LOCATED_AT" in body["hiddenTypes"] and all(e["type"] != "LOCATED_AT" for e in body["edges"])
    assert {n["name"] for n in body["nodes"]} == shown
    page.get_by_label("地址", exact=True).check()
    page.get_by_role("button", name="固定位置").click()  # the address node is selected
    expect(page.get_by_role("button", name="取消固定")).to_be_visible()
    assert page.evaluate(f"window.cgGraph.getElementById('{address}').locked()")
    pinned = page.evaluate(placed)[address]
    page.evaluate(f"window.cgGraph.getElementById('{j}').emit('tap')")  # expands J: a new layout
    page.wait_for_function(f"() => window.cgGraph.nodes().length > {len(after)}")
    assert page.evaluate(placed)[address] == pinned


@pytest.mark.browser
def test_homonyms_are_grouped_and_styled_apart_never_merged(page: Page, site: str, shots: Path) -> None:  # noqa: F811
    login(page, site, "inv-key", "/explore")
    page.get_by_label("企业名称、人员姓名或统一社会信用代码").fill("张伟")
    page.get_by_role("button", name="搜索").click()
    group = page.locator("#hits li.hit-group")
    expect(group).to_contain_text("同名人员「张伟」2 个")
    expect(group.locator("button[data-identity=scoped]")).to_have_count(2)
    expect(group.locator("button").first).to_contain_text("未核验，仅限本条记录")
    group.locator("button").first.click()
    expect(page.locator("#graph-status")).to_contain_text("已展开")
    page.get_by_label("企业名称、人员姓名或统一社会信用代码").fill(USCC["A"])
    page.get_by_role("button", name="搜索").click()
    expect(page.locator("#profile")).to_contain_text("身份已核验")
    page.wait_for_function("() => window.cgGraph.getElementById('p:wang').length > 0")
    assert page.evaluate("window.cgGraph.getElementById('p:wang').hasClass('verified')")
    style = "n => [n.style('border-style'), n.style('background-color')]"
    wang = page.evaluate(f"({style})(window.cgGraph.getElementById('p:wang'))")
    page.goto(f"{site}/explore?q={USCC['C']}")
    expect(page.locator("#graph-status")).to_contain_text("已展开")
    zhang = page.evaluate(
        "window.cgGraph.nodes('.person').map(n => [n.id(), n.hasClass('scoped'), n.data('label')])"
    )
    assert [z[1:] for z in zhang] == [[True, "张伟（未核验）"]]
    assert page.evaluate(f"({style})(window.cgGraph.getElementById('{zhang[0][0]}'))") != wang
    tap(page, zhang[0][0])
    expect(page.locator("#details [data-identity=scoped]")).to_contain_text("未核验，仅限本条记录")
    title = page.locator("#graph").get_attribute("title") or ""
    assert "同名者不合并" in title  # the reason on hover
    page.screenshot(path=str(shots / "explore-homonym.png"), full_page=True)


@pytest.mark.browser
def test_a_red_listing_is_shown_in_effect_even_to_the_public(page: Page, site: str) -> None:  # noqa: F811
    page.goto(f"{site}/explore?id=e:{USCC['H']}")
    red = page.locator("#profile tr[data-polarity=red]")
    expect(red).to_contain_text(RED)
    expect(red).to_contain_text("有效")
    expect(red).not_to_contain_text("已移出")
    expect(page.locator("#profile h3").first).to_contain_text("在列守信激励对象")
    expect(page.locator("#suspected")).to_contain_text("需要调查人员及以上权限")  # no association data


@pytest.mark.browser
def test_suspected_relations_list_firms_sharing_contacts_with_counts(page: Page, site: str) -> None:  # noqa: F811
    open_subject(page, site, "H")
    listed = page.locator("#suspected li")
    expect(listed).to_have_count(2)
    expect(page.locator(f"#suspected li[data-entity='e:{USCC['G']}']")).to_contain_text("同电话 1")
    expect(page.locator(f"#suspected li[data-entity='e:{USCC['J']}']")).to_contain_text("同地址 1")
    expect(page.locator(f"#suspected li[data-entity='e:{USCC['G']}']")).to_contain_text(
        "138****8000"
    )  # masked


@pytest.mark.browser
def test_a_cluster_registration_address_is_counted_not_listed(page: Page, site: str) -> None:  # noqa: F811
    open_subject(page, site, CROWDED_FIRM)
    note = page.locator("#suspected .crowded")
    expect(note).to_contain_text("未逐一列为疑似关系")
    expect(note).to_contain_text(f"地址：{CROWDED_ADDRESS}（另有 {CROWDED + 1} 家企业）")
    expect(page.locator("#suspected li[data-entity]")).to_have_count(0)
    expect(page.locator("#suspected")).to_contain_text("未发现共用地址、电话或邮箱的其他企业")
    open_subject(page, site, "H")  # an ordinary firm: no such note
    expect(page.locator("#suspected li[data-entity]")).to_have_count(2)
    expect(page.locator("#suspected .crowded")).to_have_count(0)


@pytest.mark.browser
def test_messages_on_the_pages_are_chinese(page: Page, site: str) -> None:  # noqa: F811
    """A refused input reads in Chinese (the Chinese half of the API's bilingual message); an
    English-only message is replaced by what its code means."""
    login(page, site, "inv-key", "/explore")
    page.get_by_label("企业名称、人员姓名或统一社会信用代码").fill("某" * 400)
    page.get_by_role("button", name="搜索").click()
    status = page.locator("#search-status")
    expect(status).to_contain_text("参数 name 过长：400 字符，上限 300")
    expect(status).not_to_contain_text("too long")
    shown = page.evaluate(
        """import('/static/common.js').then(m => [
             m.chineseMessage({message: 'maxHops must be between 1 and 6',
                               extensions: {code: 'BAD_USER_INPUT'}}),
             m.chineseMessage({message: 'internal error', extensions: {code: 'INTERNAL_SERVER_ERROR'}})])"""
    )
    assert shown == ["输入有误：参数的值不符合要求。", "服务器内部错误，请稍后重试或联系管理员。"]


DETAILS = """query($id: ID!, $p: String!) { node(id: $id, purpose: $p) { kind name
  properties { key value } provenance { source record firstSeen lastSeen } } }"""


def details_as(site: str, key: str | None, node: str) -> dict[str, object]:
    cookies = {"cg_key": session(site, key)} if key else {}
    answer = httpx.post(
        f"{site}/graphql",
        json={"query": DETAILS, "variables": {"id": node, "p": PURPOSE}},
        cookies=cookies,
        headers={"Origin": site},
    )
    return dict(answer.json())


def test_node_details_follow_the_role(site: str) -> None:
    """Association data for investigators and up only; phones masked below admin; the ID-number
    hash and internal keys never leave the server."""
    phone = make_id("phone", "13800138000")
    refused = details_as(site, None, phone)
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"  # type: ignore[index]
    shown = details_as(site, "inv-key", phone)["data"]["node"]  # type: ignore[index]
    assert shown["name"] == "138****8000" and {"key": "number", "value": "138****8000"} in shown["properties"]
    full = details_as(site, "adm-key", phone)["data"]["node"]  # type: ignore[index]
    assert full["name"] == "13800138000"
    wang = details_as(site, "inv-key", "p:wang")["data"]["node"]  # type: ignore[index]
    keys = {p["key"]: p["value"] for p in wang["properties"]}
    assert keys["masked_id"] == "4101**********1234" and keys["verified"] == "是"
    assert not {"id_hash", "name_norm", "id"} & set(keys)
    assert wang["provenance"] == {"source": "fixture", "record": "graphs.py", "firstSeen": "2026-01-01",
                                  "lastSeen": "2026-01-01"}  # fmt: skip
    hidden = details_as(site, "inv-key", CASE_ID.replace("case:", "case:0"))["data"]  # type: ignore[index]
    assert hidden == {"node": None}
