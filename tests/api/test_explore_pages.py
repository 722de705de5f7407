"""The explorer in Chromium (issue 18): every node kind expands, the details panel of a case, the
as-of control, relationship filters, a stable layout, PNG / CSV / JSON export, homonyms styled
apart, 疑似关系 and red listings in effect on the profile.

The browser and page fixtures are those of test_pages.py (same Chromium, same rules: any console
or page error fails the test). The graph is the association fixture plus a classified penalty
case, a licence, an email and a red listing, written through the graph writer.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from api.settings import Settings
from graph.ids import authority_id, case_id, make_id
from graph.lifecycle.classification import classify_cases
from graph.model import Authority, Case, Email, Licence, Link, Listing, Provenance, Record, Rel, Sanction
from graph.settings import GraphSettings
from graph.store import GraphStore
from tests.api.conftest import KEYS, serve
from tests.api.test_pages import browser, login, page, shots  # noqa: F401  (fixtures)
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


@pytest.fixture(scope="module")
def site(graph_settings: GraphSettings, session_store: GraphStore) -> Iterator[str]:
    session_store.delete_all()
    build(session_store)
    extras(session_store)
    yield from serve(Settings(graph=graph_settings, api_keys=dict(KEYS)))


def open_subject(view: Page, site: str, key: str) -> None:
    login(view, site, "inv-key", "/explore")
    view.get_by_label("企业名称、人员姓名或统一社会信用代码").fill(USCC[key])
    view.get_by_role("button", name="搜索").click()
    expect(view.locator("#graph-status")).to_contain_text("已展开")


def tap(view: Page, node_id: str) -> None:
    """A real click on a node: its rendered position inside the canvas."""
    at = view.evaluate(
        f"(({{x, y}}) => [x, y])(window.cgGraph.getElementById('{node_id}').renderedPosition())"
    )
    box = view.locator("#graph").bounding_box()
    assert box is not None
    view.mouse.click(box["x"] + at[0], box["y"] + at[1])


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
