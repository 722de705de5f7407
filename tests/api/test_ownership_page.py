"""The 股权穿透 page in Chromium, on a registry ingested through the real path: A holds 60 % of B,
B holds 60 % of C. From C's profile the page shows the chain upwards with each share, the
effective 36 %, and A marked as the ultimate controller; from A, the chain downwards.

Browser and page fixtures are those of test_pages.py (any console or page error fails the test).
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from api.settings import Settings
from graph.settings import GraphSettings
from graph.store import GraphStore
from ingest.pipeline import Ingest, Options
from ingest.quarantine import IngestState
from tests.api.conftest import KEYS, serve
from tests.api.test_pages import browser, login, page, shots  # noqa: F401  (fixtures)
from tests.conftest import SECRET
from tests.ingest.synth import uscc, write_csv

A, B, C = (uscc(8500 + i) for i in range(3))
NAME = {A: "甲穿透页测试有限公司", B: "乙穿透页测试有限公司", C: "丙穿透页测试有限公司"}


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
            [[B, NAME[A], "企业法人", A, 60, "60%"], [C, NAME[B], "企业法人", B, 60, "60%"]],
        )
        state = IngestState(tmp / "state.sqlite")
        reports = Ingest(store, state, SECRET, Options()).run([basic, holders])
        state.close()
        assert all(r.quarantined == 0 and not r.error for r in reports), reports


@pytest.fixture(scope="module")
def site(graph_settings: GraphSettings, session_store: GraphStore) -> Iterator[str]:
    session_store.delete_all()
    _ingest(session_store)
    yield from serve(Settings(graph=graph_settings, api_keys=dict(KEYS)))


@pytest.mark.browser
def test_ownership_view_from_the_profile_shows_the_chain_and_the_controller(
    page: Page,  # noqa: F811
    site: str,
    shots: Path,  # noqa: F811
) -> None:
    login(page, site, "inv-key", "/explore")
    page.goto(f"{site}/explore?id=e:{C}")
    expect(page.locator("#profile")).to_contain_text(NAME[C])
    page.get_by_role("link", name="查看股权穿透图").click()
    page.wait_for_url("**/ownership?id=*")
    up = page.locator("#owner-up")
    holder = up.locator(f"li[data-subject='e:{B}']")
    expect(holder).to_contain_text("持股 60%，穿透 60%")
    expect(holder.locator("> .badge")).to_have_text("控股")
    top = holder.locator(f"li[data-subject='e:{A}']")
    expect(top).to_contain_text("持股 60%，穿透 36%")
    expect(top).to_have_attribute("data-ultimate", "true")
    expect(top).to_contain_text("最终控制人")
    assert holder.get_attribute("data-ultimate") == "false"
    controllers = page.locator("#owner-controllers li.controller")
    expect(controllers).to_have_count(1)
    expect(controllers).to_contain_text(f"{NAME[A]}：实际控制人，穿透持股 36%")
    expect(controllers).to_contain_text(f"{NAME[A]} → {NAME[B]} → {NAME[C]}")
    page.screenshot(path=str(shots / "ownership.png"), full_page=True)
    page.get_by_label("企业统一社会信用代码或节点编号").fill(A)
    page.get_by_role("button", name="穿透查询").click()
    down = page.locator(f"#owner-down li[data-subject='e:{B}']")
    expect(down).to_contain_text("持股 60%")
    expect(down.locator(f"li[data-subject='e:{C}']")).to_contain_text("穿透 36%")
    expect(page.locator("#owner-controllers")).to_contain_text("没有持股超过 50% 的控股股东")
