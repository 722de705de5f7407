"""Document-number and citation parsers with nlp's rule data and normaliser, on real forms.

The pure parser tests (dates, bracket keys) live in tests/graph/legal."""

from __future__ import annotations

import pytest

from graph.legal.citations import classify
from graph.legal.docnumbers import find_numbers, is_penalty_number
from nlp.resources import words
from nlp.text import normalize, quote_mask, title_mask


def _numbers(text: str) -> list[str]:
    norm = normalize(text)
    reject = words("numbers.jsonl", "reject")
    return [norm.verbatim(n.start, n.end) for n in find_numbers(norm.text) if is_penalty_number(n, reject)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("岳环罚决字〔2021〕136号", "岳环罚决字〔2021〕136号"),
        ("醴陵市应急管理局行政处罚决定书(湘株醴)应急罚〔2023〕125 号", "(湘株醴)应急罚〔2023〕125 号"),
        (
            "益阳市食品药品监督管理局 行政处罚决定书 ((益)食药监行罚〔2018〕21号 )",
            "(益)食药监行罚〔2018〕21号",
        ),
        ("黔建字[2026]8号", "黔建字[2026]8号"),
        ("石新市监 处罚〔 2025 〕xxx号", "石新市监 处罚〔 2025 〕xxx号"),
        ("(湘怀沅)应急罚〔2025〕执法二中队-9号", "(湘怀沅)应急罚〔2025〕执法二中队-9号"),
        ("行政处罚决定书文号: 罗农(农药)罚〔 2025 〕5号", "罗农(农药)罚〔 2025 〕5号"),
        ("五市監處罰〔2025〕95號", "五市監處罰〔2025〕95號"),
        ("京朝市监罚﹝2022﹞12号", "京朝市监罚﹝2022﹞12号"),
        ("沪市监罚【2022】3号", "沪市监罚【2022】3号"),
        ("穗市监罚(2022)31号", "穗市监罚(2022)31号"),
        ("益执罚决字〔202330018号", "益执罚决字〔202330018号"),
    ],
)
def test_decision_numbers(text: str, expected: str) -> None:
    assert _numbers(text) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "岳环罚告字〔2021〕136号",
        "豫0923环责改字〔2024〕14号",
        "眉彭市监强制[2024]38号",
        "湘食药监稽函[2018]03130号",
    ],
)
def test_other_documents_are_not_decisions(text: str) -> None:
    assert _numbers(text) == []


def _cite(text: str) -> tuple[list[str], list[str]]:
    quoted = quote_mask(normalize(text).text)
    found = classify(
        quoted,
        title_mask(quoted),
        words("citations.jsonl", "exclude_law"),
        words("citations.jsonl", "not_basis"),
        words("citations.jsonl", "classifying"),
    )
    return [c.text for c in found if c.role == "violated"], [c.text for c in found if c.role == "basis"]


def test_compact_article_list_is_split() -> None:
    violated, _ = _cite(
        "其行为涉嫌违反《中华人民共和国药品管理法》(以下简称药品管理法)第四十一、五十一、七十四条的规定"
    )
    assert violated == [f"《中华人民共和国药品管理法》第{n}条" for n in ("四十一", "五十一", "七十四")]


def test_law_carries_over_quotes_and_version_qualifier_is_kept() -> None:
    violated, _ = _cite(
        "违反了《中华人民共和国土地管理法》(2004年8月28日第二次修正)第二条第三款“任何单位不得侵占土地。”"
        "和第四十四条第一款“建设占用土地…”的规定"
    )
    law = "《中华人民共和国土地管理法》(2004年8月28日第二次修正)"
    assert violated == [law + "第二条第三款", law + "第四十四条第一款"]


def test_basis_excludes_discretion_tables_and_remedies() -> None:
    _, basis = _cite(
        "依照《中华人民共和国海关行政处罚实施条例》第十五条第(一)项、《中华人民共和国海关行政处罚裁量基准(一)》"
        "第九条第(二)项之规定,决定处罚款人民币0.1万元。根据《中华人民共和国行政处罚法》第四十四条的规定,履行上述处罚决定。"
    )
    assert basis == ["《中华人民共和国海关行政处罚实施条例》第十五条第(一)项"]


def test_ocr_spaces_and_arabic_articles() -> None:
    violated, _ = _cite(
        "其行为违 反了《超限运输车辆行驶公路管理规定》第三条第一款第(五)项、第二十 七条第一款之规定"
    )
    assert violated == [
        "《超限运输车辆行驶公路管理规定》第三条第一款第(五)项",
        "《超限运输车辆行驶公路管理规定》第二十七条第一款",
    ]
    violated, _ = _cite("不再具備《建筑施工企業安全生產許可證管理規定》第4條規定的安全生產條件")
    assert violated == ["《建筑施工企业安全生产许可证管理规定》第4条"]


def test_seizure_basis_is_not_penalty_basis() -> None:
    _, basis = _cite("依据《中华人民共和国食品安全法》第一百一十条第(四)项的规定,对超过保质期的食品予以扣押")
    assert basis == []


def test_normalized_offsets_map_back() -> None:
    text = "當(dāng)事人: 湯陰縣　英海"
    norm = normalize(text)
    assert norm.text == "当事人:汤阴县英海"
    start = norm.text.index("汤")
    assert norm.verbatim(start, len(norm.text)) == "湯陰縣　英海"
