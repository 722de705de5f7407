"""The web pages over real HTTP: login cookie, Excel export, and Debian Chromium driving the three pages.

Browser tests use the system Chromium (`make test` installs it) through Playwright's
`executable_path` — never a downloaded browser — and fail on any console error or page error.
They take the screenshots the README shows; those land in docs/screenshots/ only when asked
(`make screenshots`, i.e. CREDIT_GRAPH_SCREENSHOTS=DIR), else in pytest's temporary directory:
the suite never writes tracked files.
"""

from __future__ import annotations

import io
import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from openpyxl import load_workbook
from playwright.sync_api import Browser, Page, expect, sync_playwright
from pypdf import PdfReader

from api.audit import AuditLog
from api.settings import Settings
from graph.settings import GraphSettings
from graph.store import GraphStore
from tests.api.conftest import KEYS, serve
from tests.conftest import DATA, ROOT
from tests.queries.graphs import NAMES, USCC, build

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = "CREDIT_GRAPH_SCREENSHOTS"  # where to write them (`make screenshots`: docs/screenshots)
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]  # fmt: skip


@pytest.fixture(scope="module")
def site(graph_settings: GraphSettings, session_store: GraphStore) -> Iterator[str]:
    """The association fixture graph behind the served app; review tests add decisions through the pages."""
    session_store.delete_all()
    build(session_store)
    yield from serve(Settings(graph=graph_settings, api_keys=dict(KEYS)))


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The screenshots' folder: $CREDIT_GRAPH_SCREENSHOTS when set, else a temporary one."""
    asked = os.environ.get(SCREENSHOTS)
    folder = Path(asked) if asked else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail("/usr/bin/chromium is missing: `make test` installs Debian's chromium")
    with sync_playwright() as play:
        launched = play.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(
        viewport={"width": 1440, "height": 900}, locale="zh-CN", accept_downloads=True
    )
    # A Content-Security-Policy violation is an error like any other (the console listener).
    context.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => "
        "console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`))"
    )
    opened = context.new_page()
    problems: list[str] = []
    opened.on("console", lambda m: problems.append(f"console: {m.text}") if m.type == "error" else None)
    opened.on("pageerror", lambda e: problems.append(f"pageerror: {e}"))
    yield opened
    context.close()
    assert problems == []


PURPOSE = "页面测试 FZCG-TEST-001"


def login(page: Page, site: str, key: str, target: str, purpose: str | None = PURPOSE) -> None:
    """Signs in; with `purpose`, the browser session's 查询事由 is registered as the dialog would."""
    page.goto(f"{site}/login?next={target}")
    page.get_by_label("访问密钥").fill(key)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{site}{target}*")
    if purpose is not None:
        page.evaluate("p => sessionStorage.setItem('cg_purpose', p)", purpose)


def unlabelled(page: Page) -> list[str]:
    """Form controls without an associated <label> (hidden inputs excepted)."""
    return list(
        page.evaluate(
            """[...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
               .filter(e => !e.labels || e.labels.length === 0).map(e => e.id || e.name)"""
        )
    )


# -- without a browser ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("vendored", "package", "built"),
    [
        ("cytoscape.min.js", "cytoscape", "dist/cytoscape.min.js"),
        ("graphiql/graphiql.min.js", "graphiql", "graphiql.min.js"),
        ("graphiql/graphiql.min.css", "graphiql", "graphiql.min.css"),
        ("graphiql/react.production.min.js", "react", "umd/react.production.min.js"),
        ("graphiql/react-dom.production.min.js", "react-dom", "umd/react-dom.production.min.js"),
    ],
)
def test_vendored_files_are_the_locked_builds(vendored: str, package: str, built: str) -> None:
    installed = ROOT / "node_modules" / package / built
    assert installed.exists(), "run `npm ci` (make test does)"
    assert (ROOT / "api" / "static" / "vendor" / vendored).read_bytes() == installed.read_bytes()
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    pinned = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["dependencies"][package]
    assert lock["packages"][f"node_modules/{package}"]["version"] == pinned


def session(site: str, key: str = "inv-key") -> str:
    """Log in with `key`; the session id the cookie carries."""
    answer = httpx.post(f"{site}/login", data={"key": key, "next": "/explore"})
    assert answer.status_code == 303, answer.text
    return str(answer.cookies["cg_key"])


def test_login_sets_a_strict_httponly_session_cookie_that_graphql_accepts(site: str) -> None:
    refused = httpx.post(f"{site}/login", data={"key": "nope", "next": "/bidders"})
    assert refused.status_code == 401 and "cg_key" not in refused.headers.get("set-cookie", "")
    ok = httpx.post(f"{site}/login", data={"key": "inv-key", "next": "//evil.example/x"})
    assert ok.status_code == 303 and ok.headers["location"] == "/explore"  # no open redirect
    cookie, sid = ok.headers["set-cookie"], ok.cookies["cg_key"]
    assert "inv-key" not in cookie and len(sid) >= 40  # a session id, never the key
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/" in cookie
    assert "Max-Age=28800" in cookie and "Secure" not in cookie  # plain HTTP, no TLS proxy set
    query = {"query": "query($u: [String!]!, $p: String!) { bidderCheck(usccs: $u, purpose: $p) {"
                      " pairs { verdict } } }",
             "variables": {"u": [USCC["A"], USCC["B"]], "p": "测试"}}  # fmt: skip
    same_site = {"Origin": site}  # a browser on this site sends it (the Origin check)
    as_investigator = httpx.post(
        f"{site}/graphql", json=query, cookies={"cg_key": sid}, headers=same_site
    ).json()
    assert as_investigator["data"]["bidderCheck"]["pairs"][0]["verdict"] == "BARRED"
    raw_key = httpx.post(
        f"{site}/graphql", json=query, cookies={"cg_key": "inv-key"}, headers=same_site
    ).json()
    assert raw_key["errors"][0]["extensions"]["code"] == "FORBIDDEN"  # the key as a cookie is nobody
    page = httpx.get(f"{site}/bidders", cookies={"cg_key": sid}).text
    assert "当前身份：调查人员" in page and "不构成对违法行为的认定" in page
    out = httpx.post(f"{site}/logout", cookies={"cg_key": sid}, headers=same_site)
    assert out.status_code == 303 and 'cg_key=""' in out.headers["set-cookie"]
    after = httpx.post(f"{site}/graphql", json=query, cookies={"cg_key": sid}, headers=same_site).json()
    assert after["errors"][0]["extensions"]["code"] == "FORBIDDEN"  # logout deleted the session


@pytest.mark.slow
def test_the_session_cookie_is_secure_behind_a_tls_proxy(graph_settings: GraphSettings) -> None:
    for url in serve(Settings(graph=graph_settings, api_keys=dict(KEYS), tls_proxy=True)):
        cookie = httpx.post(f"{url}/login", data={"key": "inv-key"}).headers["set-cookie"]
        assert "Secure" in cookie and "HttpOnly" in cookie


def test_excel_export_respects_the_role(site: str) -> None:
    form = {"usccs": "\n".join(USCC[k] for k in "ABCDEFGH"), "asOf": "2026-01-01", "purpose": PURPOSE}
    public = httpx.post(f"{site}/bidders/export.xlsx", data=form)
    assert public.status_code == 403
    answer = httpx.post(
        f"{site}/bidders/export.xlsx", data=form, cookies={"cg_key": session(site)}, headers={"Origin": site}
    )
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("application/vnd.openxml")
    sheet = load_workbook(io.BytesIO(answer.content))["关联核查"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=5) if row[0].value]
    pairs = {frozenset((r[1], r[3])): r[4] for r in rows}
    assert pairs[frozenset((USCC["A"], USCC["B"]))] == "禁止同标段投标"
    assert pairs[frozenset((USCC["E"], USCC["F"]))] == "视为串通投标"
    assert "第三十四条" in rows[0][5]


# -- in Chromium ------------------------------------------------------------------------------


@pytest.mark.browser
def test_bidder_check_shows_a_barred_pair_with_its_graph(
    page: Page, site: str, tmp_path: Path, shots: Path
) -> None:
    login(page, site, "inv-key", "/bidders")
    listing = tmp_path / "bidders.csv"
    listing.write_text(
        "投标人名称,投标人统一社会信用代码\n" + "".join(f"{NAMES[k]},{USCC[k]}\n" for k in "ABCDEFGH"),
        encoding="utf-8",
    )
    page.get_by_label("或上传代码列表").set_input_files(str(listing))
    expect(page.locator("#usccs")).to_have_value("\n".join(USCC[k] for k in "ABCDEFGH"))
    page.get_by_role("button", name="开始核查").click()
    barred = page.locator("#verdicts tr[data-verdict=BARRED]")
    expect(barred).to_have_count(2)
    expect(barred.first).to_contain_text("禁止同标段投标")
    expect(barred.first).to_contain_text("第三十四条")
    expect(page.locator("#disclaimer")).to_contain_text("不构成对违法行为的认定")
    assert page.evaluate("window.cgGraph.nodes('.bidder').length") == 8
    assert page.evaluate("window.cgGraph.nodes('.listed').length") >= 1  # A is black-listed
    barred.first.get_by_role("button", name="在图中查看").click()
    assert page.evaluate("window.cgGraph.elements('.onpath').length") >= 3
    page.locator("#result").scroll_into_view_if_needed()
    page.screenshot(path=str(shots / "bidders.png"), full_page=True)
    with page.expect_download() as download:
        page.get_by_role("button", name="导出 Excel").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    book = load_workbook(io.BytesIO(download.value.path().read_bytes()))
    assert "禁止同标段投标" in [c.value for c in book["关联核查"]["E"]]
    assert unlabelled(page) == []


@pytest.mark.browser
def test_the_pages_ask_for_the_purpose_once_and_the_audit_keeps_it(
    page: Page, site: str, graph_settings: GraphSettings
) -> None:
    audit = AuditLog(Settings(graph=graph_settings).audit_path)  # the site's log (default: in the home)
    login(page, site, "inv-key", "/bidders", purpose=None)
    posted: list[str] = []
    page.on("request", lambda r: posted.append(r.url) if r.url.endswith("/graphql") else None)
    page.locator("#usccs").fill(f"{USCC['A']}\n{USCC['B']}")
    page.get_by_role("button", name="开始核查").click()
    dialog = page.get_by_role("dialog", name="登记查询事由")
    expect(dialog).to_be_visible()
    assert posted == []  # nothing is asked of the server before the purpose is given
    dialog.get_by_role("button", name="确定").click()  # blank: refused in the dialog
    expect(dialog.get_by_role("alert")).to_contain_text("请填写查询事由")
    dialog.get_by_label("查询事由").fill("  投标人资格审查 FZCG-2026-0202  ")
    dialog.get_by_role("button", name="确定").click()
    expect(page.locator("#check-status")).to_contain_text("核查完成")
    expect(page.locator("#purpose-change")).to_contain_text("投标人资格审查 FZCG-2026-0202")
    assert audit.entries()[-1].purpose == "投标人资格审查 FZCG-2026-0202"
    # Asked once per browser session: the next check, and the explorer, send it without asking.
    count = len(audit.entries())
    page.get_by_role("button", name="开始核查").click()
    expect(page.locator("#check-status")).to_contain_text("核查完成")
    page.goto(f"{site}/explore?q={USCC['A']}")
    expect(page.locator("#graph-status")).to_contain_text("已展开")
    expect(page.get_by_role("dialog")).to_have_count(0)
    later = audit.entries()[count:]
    assert [e.operation for e in later if e.operation != "entity"][:2] == ["bidderCheck", "neighbourhood"]
    assert all(e.purpose == "投标人资格审查 FZCG-2026-0202" for e in later if e.operation != "entity")
    # Changeable from the header; the Excel export carries it too.
    page.goto(f"{site}/bidders")
    page.locator("#purpose-change").click()
    page.get_by_role("dialog").get_by_label("查询事由").fill("复核 闽发改〔2026〕9号")
    page.get_by_role("dialog").get_by_role("button", name="确定").click()
    page.locator("#usccs").fill(f"{USCC['A']}\n{USCC['B']}")
    with page.expect_download():
        page.get_by_role("button", name="导出 Excel").click()
    entry = audit.entries()[-1]
    assert entry.operation == "bidderCheck" and entry.purpose == "复核 闽发改〔2026〕9号"
    assert audit.verify() is None


@pytest.mark.browser
def test_explorer_profile_graph_expand_and_path(page: Page, site: str, shots: Path) -> None:
    login(page, site, "inv-key", "/explore")
    page.get_by_label("企业名称、人员姓名或统一社会信用代码").fill(USCC["A"])
    page.get_by_role("button", name="搜索").click()
    expect(page.locator("#profile")).to_contain_text("王强（4101**********1234）")
    expect(page.locator("#profile")).to_contain_text("严重失信主体名单")
    expect(page.locator("#graph-status")).to_contain_text("已展开")
    before = page.evaluate("window.cgGraph.nodes().length")
    assert page.evaluate(f"window.cgGraph.getElementById('{USCC['B']}').length") == 0  # B is 2 hops away
    # A real click on 王强's node: its rendered position inside the canvas (scrolled into view).
    # Panels above the graph may still grow while the page settles and move the canvas between
    # measuring and clicking, so the position is measured again before each of a few attempts.
    for _ in range(5):
        page.locator("#graph").scroll_into_view_if_needed()
        at = page.evaluate("(({x, y}) => [x, y])(window.cgGraph.getElementById('p:wang').renderedPosition())")
        box = page.locator("#graph").bounding_box()
        assert box is not None
        page.mouse.click(box["x"] + at[0], box["y"] + at[1])
        if "王强" in page.locator("#node-panel").inner_text():
            break
        page.wait_for_timeout(300)
    expect(page.locator("#node-panel")).to_contain_text("王强")
    page.wait_for_function(f"() => window.cgGraph.nodes().length > {before}")  # a function: no eval (CSP)
    names = page.evaluate("window.cgGraph.nodes().map(n => n.data('name'))")
    assert NAMES["B"] in names
    page.get_by_label("终点").fill(USCC["I"])
    page.get_by_label("起点").fill(USCC["H"])
    page.get_by_role("button", name="查找路径").click()
    expect(page.locator("#graph-status")).to_contain_text("找到 1 条最短路径，长度 4")
    assert page.evaluate("window.cgGraph.nodes('.listed').map(n => n.data('name'))") == [NAMES["A"]]
    page.screenshot(path=str(shots / "explore.png"), full_page=True)
    assert unlabelled(page) == []


@pytest.mark.browser
def test_profile_page_issues_a_credit_report_pdf(page: Page, site: str) -> None:
    login(page, site, "inv-key", "/explore")
    page.get_by_label("企业名称、人员姓名或统一社会信用代码").fill(USCC["A"])
    page.get_by_role("button", name="搜索").click()
    page.get_by_label("核查事项").select_option("招标投标")
    with page.expect_download() as download:
        page.get_by_role("button", name="出具信用报告（PDF）").click()
    path = download.value.path()
    assert download.value.suggested_filename.startswith("XYBG-")
    text = "\n".join(p.extract_text() or "" for p in PdfReader(str(path)).pages)
    assert NAMES["A"] in text and USCC["A"] in text and PURPOSE in text and "限制参与招标投标活动" in text
    assert unlabelled(page) == []


@pytest.mark.browser
def test_public_pages_show_login_prompts_not_data(page: Page, site: str) -> None:
    page.goto(f"{site}/review")
    expect(page.locator("#queue-status")).to_contain_text("需要审核人员或管理员密钥")
    page.goto(f"{site}/bidders")
    page.locator("#usccs").fill(f"{USCC['A']}\n{USCC['B']}")
    page.get_by_role("button", name="开始核查").click()
    expect(page.locator("#check-status")).to_contain_text("需要调查人员及以上权限")
    expect(page.get_by_role("link", name="登录")).to_be_visible()


def upload(page: Page, tmp_path: Path, *names: str) -> None:
    files = [shutil.copy(DATA / "decisions" / n, tmp_path / n) for n in names]
    page.get_by_label("上传决定书文件").set_input_files([str(f) for f in files])
    page.get_by_role("button", name="提交识别").click()
    expect(page.locator("#queue-status")).to_contain_text(f"已提交 {len(names)} 份")


@pytest.mark.browser
def test_review_desk_correct_approve_and_see_it_in_the_explorer(
    page: Page, site: str, tmp_path: Path, shots: Path
) -> None:
    login(page, site, "rev-key", "/review")
    upload(page, tmp_path, "011.txt", "029.txt")
    expect(page.locator("#queue li")).to_have_count(2)
    expect(page.locator("#field-list [data-field]").first).to_be_visible()  # the first one opens by itself
    page.locator("#queue button", has_text="晋城市监处罚〔2026〕7号").click()
    expect(page.locator("#decision-title")).to_contain_text("晋城市监处罚〔2026〕7号")
    expect(page.locator("#text mark[data-path=decision_no]")).to_have_text("晋城市监处罚〔2026〕7号")
    expect(page.locator("#text mark[data-path='parties.0.uscc']")).to_have_text("92140502MA0HN7218F")
    date_field = page.get_by_label("决定日期（YYYY-MM-DD）")
    expect(date_field).to_have_value("")  # the document does not state it legibly
    date_field.fill("2026-03-02")
    page.screenshot(path=str(shots / "review.png"), full_page=True)
    page.get_by_role("button", name="更正并发布").click()
    expect(page.locator("#action-status")).to_contain_text("已更正并发布")
    expect(page.locator("#decision-meta")).to_contain_text("状态：已更正")

    page.locator("#queue button", has_text="鄂建罚字〔2025〕11号").click()
    expect(page.locator("#decision-title")).to_contain_text("鄂建罚字〔2025〕11号")
    expect(page.locator("#text mark[data-path=authority]")).to_have_text("湖北省住房和城乡建设厅")
    page.get_by_role("button", name="批准发布").click()
    expect(page.locator("#action-status")).to_contain_text("已批准发布")
    expect(page.locator("#queue li")).to_have_count(0)
    page.get_by_role("link", name="在关联图谱中查看").click()
    page.wait_for_url("**/explore?id=*")
    expect(page.locator("#profile li[data-decision]")).to_contain_text("鄂建罚字〔2025〕11号")
    page.goto(f"{site}/explore?q=92140502MA0HN7218F")
    expect(page.locator("#profile li[data-decision]")).to_contain_text("2026-03-02")


@pytest.mark.browser
def test_review_form_is_usable_from_the_keyboard(page: Page, site: str, tmp_path: Path) -> None:
    login(page, site, "rev-key", "/review")
    upload(page, tmp_path, "030.txt")
    expect(page.locator("#field-list [data-field]").first).to_be_visible()
    assert unlabelled(page) == []
    page.get_by_label("决定书文号").focus()
    expect(page.locator("#text mark[data-path=decision_no]")).to_have_class("active")
    seen: list[str] = []
    for _ in range(40):
        seen.append(str(page.evaluate("document.activeElement.id")))
        if seen[-1] == "reject":
            break
        page.keyboard.press("Tab")
    wanted = {"f-decision_no", "f-parties-0-name", "f-total_fine_yuan", "reason", "approve", "correct"}
    assert wanted <= set(seen)
    page.keyboard.press("Enter")  # 驳回 without a reason: refused, focus goes to the reason
    expect(page.locator("#action-status")).to_contain_text("驳回必须填写理由")
    page.keyboard.type("与纸质文件重复")
    for _ in range(5):
        if page.evaluate("document.activeElement.id") == "reject":
            break
        page.keyboard.press("Tab")
    page.keyboard.press("Space")
    expect(page.locator("#action-status")).to_contain_text("已驳回")


@pytest.mark.browser
def test_every_page_runs_under_the_csp_without_a_violation(page: Page, site: str) -> None:
    login(page, site, "adm-key", "/explore")
    for path, ready in (("/explore", "#q"), ("/bidders", "#usccs"), ("/review", "#queue-status"),
                        ("/login", "#key"), ("/graphql", ".graphiql-container")):  # fmt: skip
        response = page.goto(f"{site}{path}")
        assert response is not None and "script-src 'self'" in response.headers["content-security-policy"]
        expect(page.locator(ready).first).to_be_visible()
        page.wait_for_load_state("networkidle")
    page.goto(f"{site}/explore?q={USCC['A']}")  # the graph drawn (cytoscape) under the policy
    expect(page.locator("#graph-status")).to_contain_text("已展开")
    # the fixture fails the test on any "CSP violation" reported to the console


@pytest.mark.browser
def test_graphiql_works_offline_and_runs_a_query(page: Page, site: str, shots: Path) -> None:
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(f"{site}/graphql")
    page.wait_for_url(f"{site}/login?next=/graphql")  # the public role gets no GraphiQL
    login(page, site, "inv-key", "/graphql")
    expect(page.locator(".graphiql-container")).to_be_visible()
    page.get_by_role("button", name="Execute query (Ctrl-Enter)").click()
    expect(page.locator(".result-window")).to_contain_text('"totalCount"')
    expect(page.locator(".result-window")).not_to_contain_text('"errors"')
    page.get_by_role("button", name="Show Documentation Explorer").click()  # from introspection
    expect(page.locator(".graphiql-doc-explorer")).to_contain_text("Query")
    page.get_by_role("button", name="Open settings dialog").click()  # a dialog, under the CSP too
    expect(page.get_by_role("dialog")).to_be_visible()
    page.keyboard.press("Escape")
    page.screenshot(path=str(shots / "graphiql.png"))
    outside = [u for u in requested if not u.startswith(site) and not u.startswith(("data:", "blob:"))]
    assert outside == []
    assert any(u.endswith("/static/vendor/graphiql/graphiql.min.js") for u in requested)


@pytest.mark.browser
def test_review_desk_says_when_a_published_case_is_already_outside_its_window(
    page: Page, site: str, tmp_path: Path
) -> None:
    """019 was decided on 2025-01-03 and imposes no art. 9 type the rules name (一般: 12 months)."""
    login(page, site, "rev-key", "/review")
    upload(page, tmp_path, "019.txt")
    page.locator("#queue button", has_text="渝巫溪市监处罚〔2025〕11号").click()
    expect(page.locator("#decision-title")).to_contain_text("渝巫溪市监处罚〔2025〕11号")
    page.get_by_role("button", name="批准发布").click()
    expect(page.locator("#action-status")).to_have_text("已发布，公示期已于 2026-01-03 届满，公众不可见。")
    expect(page.locator("#action-status")).not_to_contain_text("已进入公开图谱")
