"""The pages speak Chinese: Chromium renders each page (and the states a user reaches: a profile,
a bidder check, a refused query, an invalid code) and no visible text holds an English sentence."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.api.test_pages import browser, login, page, site  # noqa: F401  (the browser fixtures)
from tests.queries.graphs import USCC

# Four or more English words in a row: a sentence, not an identifier, a code or a unit.
SENTENCE = re.compile(r"[A-Za-z]{2,}(?:[ ,'’-]+[A-Za-z]{2,}){3,}")


def english(shown: Page) -> list[str]:
    """Visible text lines holding an English sentence (code, pre and the GraphiQL editor excepted)."""
    text: str = shown.evaluate(
        """() => {
          const skip = 'code, pre, script, style, .graphiql-container';
          const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
          const out = [];
          for (let n = walker.nextNode(); n; n = walker.nextNode()) {
            const parent = n.parentElement;
            if (parent && !parent.closest(skip) && parent.checkVisibility()) out.push(n.textContent);
          }
          return out.join('\\n');
        }"""
    )
    return sorted({line.strip() for line in text.splitlines() if SENTENCE.search(line)})


@pytest.mark.browser
def test_no_page_shows_an_english_sentence(page: Page, site: str) -> None:  # noqa: F811
    page.goto(f"{site}/login")
    expect(page.locator("#key")).to_be_visible()
    found = {"/login": english(page)}
    # The scan sees what a user sees: a sentence planted in the page is found, one in <code> is not.
    page.evaluate(
        "() => { const p = document.createElement('p'); p.textContent = 'Your role may not do this'; "
        "const c = document.createElement('code'); c.textContent = 'query all the things now'; "
        "document.body.append(p, c); }"
    )
    assert english(page) == ["Your role may not do this"]
    page.goto(f"{site}/bidders")  # public: the refusal a visitor reads
    page.locator("#usccs").fill(f"{USCC['A']}\n{USCC['B']}")
    page.get_by_role("button", name="开始核查").click()
    expect(page.locator("#check-status")).to_contain_text("权限")
    found["/bidders (public)"] = english(page)
    page.goto(f"{site}/review")
    expect(page.locator("#queue-status")).to_contain_text("密钥")
    found["/review (public)"] = english(page)
    login(page, site, "adm-key", "/explore")
    page.get_by_label("企业名称、人员姓名或统一社会信用代码").fill(USCC["A"])
    page.get_by_role("button", name="搜索").click()
    expect(page.locator("#graph-status")).to_contain_text("已展开")
    found["/explore (profile)"] = english(page)
    page.get_by_label("企业名称、人员姓名或统一社会信用代码").fill(USCC["A"][:-1] + "0")  # wrong check digit
    page.get_by_role("button", name="搜索").click()
    page.wait_for_load_state("networkidle")
    found["/explore (invalid code)"] = english(page)
    page.goto(f"{site}/bidders")
    page.locator("#usccs").fill("\n".join(USCC[k] for k in "ABCD"))
    page.get_by_role("button", name="开始核查").click()
    expect(page.locator("#verdicts tr[data-verdict=BARRED]").first).to_be_visible()
    found["/bidders (check)"] = english(page)
    page.goto(f"{site}/review")
    expect(page.locator("#queue-status")).to_be_visible()
    page.wait_for_load_state("networkidle")
    found["/review"] = english(page)
    assert {where: lines for where, lines in found.items() if lines} == {}
