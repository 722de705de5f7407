"""Uploads in Chromium: an XLSX and a GBK CSV bidder list reach a verdict on /bidders, a bad row
is named; a .docx decision on the review desk shows its party-code warning before publishing,
and the link to the explorer opens the unverified firm it published (by id, it has no USCC).

The browser, page and site fixtures are those of test_pages.py (same Chromium, same rules: any
console or page error fails the test).
"""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from openpyxl import Workbook
from playwright.sync_api import Page, expect

from tests.api.test_pages import browser, login, page, site  # noqa: F401  (fixtures)
from tests.conftest import DATA
from tests.queries.graphs import NAMES, USCC

KEYS = "ABCDEFGH"


def check_reaches_a_verdict(page: Page) -> None:  # noqa: F811
    expect(page.locator("#usccs")).to_have_value("\n".join(USCC[k] for k in KEYS))
    page.get_by_role("button", name="开始核查").click()
    barred = page.locator("#verdicts tr[data-verdict=BARRED]")
    expect(barred).to_have_count(2)
    expect(barred.first).to_contain_text("禁止同标段投标")


@pytest.mark.browser
def test_an_xlsx_bidder_list_reaches_a_verdict(page: Page, site: str, tmp_path: Path) -> None:  # noqa: F811
    login(page, site, "inv-key", "/bidders")
    book = Workbook()
    book.active.append(["投标人名称", "投标人统一社会信用代码"])
    for key in KEYS:
        book.active.append([NAMES[key], USCC[key]])
    book.save(tmp_path / "投标人名单.xlsx")
    page.get_by_label("或上传代码列表").set_input_files(str(tmp_path / "投标人名单.xlsx"))
    expect(page.locator("#check-status")).to_contain_text("已从 投标人名单.xlsx 读入 8 个代码")
    check_reaches_a_verdict(page)


@pytest.mark.browser
def test_a_gbk_csv_bids_file_reaches_a_verdict_with_its_tender(page: Page, site: str, tmp_path: Path) -> None:  # noqa: F811
    login(page, site, "inv-key", "/bidders")
    rows = "".join(f"FZCG-2024-0088,1,{NAMES[k]},{USCC[k]}\r\n" for k in KEYS)
    (tmp_path / "bids.csv").write_bytes(
        ("项目编号,标段,投标人名称,投标人统一社会信用代码\r\n" + rows).encode("gbk")
    )
    page.get_by_label("或上传代码列表").set_input_files(str(tmp_path / "bids.csv"))
    expect(page.locator("#tender")).to_have_value("FZCG-2024-0088/1")
    check_reaches_a_verdict(page)


@pytest.mark.browser
def test_a_bad_row_of_a_bidder_list_is_named(page: Page, site: str, tmp_path: Path) -> None:  # noqa: F811
    login(page, site, "inv-key", "/bidders")
    text = f"投标人名称,统一社会信用代码\n{NAMES['A']},{USCC['A']}\n坏码公司,911100000000000000\n"
    (tmp_path / "bids.csv").write_bytes(text.encode("gbk"))
    page.get_by_label("或上传代码列表").set_input_files(str(tmp_path / "bids.csv"))
    expect(page.locator("#check-status")).to_contain_text("bids.csv 中有 1 处问题")
    expect(page.locator("#file-problems li")).to_have_text(
        ["第3行（坏码公司）：统一社会信用代码 911100000000000000 无效：校验码错误（GB 32100）"]
    )
    expect(page.locator("#usccs")).to_have_value("")


@pytest.mark.browser
def test_review_desk_reads_a_docx_warns_on_the_party_code_and_links_the_unverified_firm(
    page: Page,  # noqa: F811
    site: str,  # noqa: F811
    tmp_path: Path,
) -> None:
    login(page, site, "rev-key", "/review")
    document = docx.Document()
    for line in (DATA / "decisions" / "008.txt").read_text(encoding="utf-8").splitlines():
        document.add_paragraph(line)
    document.save(str(tmp_path / "醴陵应急罚.docx"))
    page.get_by_label("上传决定书文件").set_input_files(str(tmp_path / "醴陵应急罚.docx"))
    page.get_by_role("button", name="提交识别").click()
    expect(page.locator("#queue-status")).to_contain_text("已提交 1 份")
    expect(page.locator("#decision-meta")).to_contain_text("来源文件：醴陵应急罚.docx")
    warning = page.locator("#uscc-warning-0")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("91430281691828xxxx")
    expect(warning).to_contain_text("未核验主体")
    expect(page.get_by_label("统一社会信用代码")).to_have_attribute("aria-invalid", "true")
    page.get_by_role("button", name="批准发布").click()
    expect(page.locator("#action-status")).to_contain_text("未通过校验")
    page.get_by_label("理由").fill("原文代码已脱敏，按名称发布")
    page.get_by_role("button", name="批准发布").click()
    expect(page.locator("#action-status")).to_contain_text("已批准发布")
    page.get_by_role("link", name="在关联图谱中查看").click()
    page.wait_for_url("**/explore?id=e-u*")
    expect(page.locator("#profile h3").first).to_contain_text("醴陵市天喜鞭炮厂")
    expect(page.locator("#graph-status")).to_contain_text("已展开")
