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


def test_basis_keeps_discretion_standards_but_not_remedies() -> None:
    """decisions-2/README: a discretion standard cited in the grounding clause is part of the
    basis; the payment citation of the remedies and the publishing notice after a title are not."""
    _, basis = _cite(
        "依照《中华人民共和国海关行政处罚实施条例》第十五条第(一)项、《中华人民共和国海关行政处罚裁量基准(一)》"
        "(海关总署公告2023年第182号)第九条第(二)项之规定,决定处罚款人民币0.1万元。"
        "根据《中华人民共和国行政处罚法》第四十四条的规定,履行上述处罚决定。"
    )
    assert basis == [
        "《中华人民共和国海关行政处罚实施条例》第十五条第(一)项",
        "《中华人民共和国海关行政处罚裁量基准(一)》第九条第(二)项",
    ]
    _, basis = _cite(
        "根据《中华人民共和国行政处罚法》和《罚没财物管理办法》的规定,限你单位十五日内缴清罚款。"
    )
    assert basis == []


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


# -- citation grammar on forms written for these tests (not copied from the development texts) --


def test_paragraph_list_repeats_the_article() -> None:
    violated, basis = _cite(
        "当事人的行为违反了《中华人民共和国水污染防治法》第三十九条第二款、第三款的规定。"
        "依据《中华人民共和国水污染防治法》第八十三条第一款第(二)项、第(三)项之规定,决定罚款二十万元。"
    )
    law = "《中华人民共和国水污染防治法》"
    assert violated == [law + "第三十九条第二款", law + "第三十九条第三款"]
    assert basis == [law + "第八十三条第一款第(二)项", law + "第八十三条第一款第(三)项"]


def test_compact_paragraph_and_item_lists_are_split() -> None:
    violated, basis = _cite(
        "违反了《建设工程质量管理条例》第二十八条第一、二款的规定,"
        "依照《建设工程质量管理条例》第六十四条第(一)、(二)项的规定,决定罚款。"
    )
    law = "《建设工程质量管理条例》"
    assert violated == [law + "第二十八条第一款", law + "第二十八条第二款"]
    assert basis == [law + "第六十四条第(一)项", law + "第六十四条第(二)项"]


def test_items_joined_by_and_and_article_suffix() -> None:
    violated, basis = _cite(
        "违反了《中华人民共和国安全生产法》第四十一条之一的规定,"
        "依据《中华人民共和国安全生产法》第九十九条第一款第二项和第五项的规定,决定罚款三万元。"
    )
    law = "《中华人民共和国安全生产法》"
    assert violated == [law + "第四十一条之一"]
    assert basis == [law + "第九十九条第一款第二项", law + "第九十九条第一款第五项"]


@pytest.mark.parametrize(
    ("reference", "law"),
    [
        ("该法", "《中华人民共和国产品质量法》"),
        ("同法", "《中华人民共和国产品质量法》"),
        ("上述法律", "《中华人民共和国产品质量法》"),
        ("该条例", "《工业产品生产许可证管理条例》"),
    ],
)
def test_references_resolve_to_the_last_law_of_their_kind(reference: str, law: str) -> None:
    violated, basis = _cite(
        "当事人违反了《中华人民共和国产品质量法》第十三条第二款和《工业产品生产许可证管理条例》第五条的规定,"
        f"依据{reference}第四十九条的规定,决定没收违法生产的产品。"
    )
    assert violated == ["《中华人民共和国产品质量法》第十三条第二款", "《工业产品生产许可证管理条例》第五条"]
    assert basis == [law + "第四十九条"]


def test_scope_continues_after_a_provision_when_another_law_follows() -> None:
    _, basis = _cite(
        "依据《中华人民共和国价格法》第四十二条的规定和《价格违法行为行政处罚规定》第十三条第(一)项的规定,"
        "以及《江苏省市场监管行政处罚裁量权适用办法》第十二条,决定罚款五千元。"
    )
    assert basis == [
        "《中华人民共和国价格法》第四十二条",
        "《价格违法行为行政处罚规定》第十三条第(一)项",
        "《江苏省市场监管行政处罚裁量权适用办法》第十二条",
    ]


def test_scope_is_the_clause_not_a_fixed_window() -> None:
    """A long quoted paragraph does not cut off the law after it, and a later clause with a
    citation that is no basis (构成…所列情形) is not swept in."""
    quoted_law = "从事危险废物经营活动的单位未按照规定制定意外事故防范措施和应急预案的," * 8
    _, basis = _cite(
        f"依据《危险废物经营许可证管理办法》第二十二条“{quoted_law}”和《固体废物污染环境防治条例》第五十一条的规定,"
        "决定罚款五万元。"
    )
    assert basis == ["《危险废物经营许可证管理办法》第二十二条", "《固体废物污染环境防治条例》第五十一条"]
    violated, _ = _cite(
        "当事人违反了《中华人民共和国海关法》第二十四条第一款,构成《中华人民共和国海关法》第八十六条第三项所列情形。"
    )
    assert violated == ["《中华人民共和国海关法》第二十四条第一款"]


def test_bare_laws_in_a_list_and_items_without_an_article() -> None:
    _, basis = _cite(
        "依据《城镇排水与污水处理条例》、《四川省城镇排水条例》第五十二条、《成都市排水管理行政处罚裁量基准》"
        "及《成都市排水管理行政处罚裁量细则》第4项的规定,决定罚款一万元。"
    )
    assert basis == [
        "《城镇排水与污水处理条例》",
        "《四川省城镇排水条例》第五十二条",
        "《成都市排水管理行政处罚裁量基准》",
        "《成都市排水管理行政处罚裁量细则》第4项",
    ]


def test_citation_broken_over_lines() -> None:
    violated, basis = _cite(
        "违反了《中华人民共和国消防法》 第\n二十八条、 第\n十六条第一款第(二)\n项的规定,"
        "依据《中华人民共和国消防法》\n"
        "第六十条第一款第(一) 项的规定,决定罚款五千元。"
    )
    law = "《中华人民共和国消防法》"
    assert violated == [law + "第二十八条", law + "第十六条第一款第(二)项"]
    assert basis == [law + "第六十条第一款第(一)项"]


def test_second_edition_of_one_law_after_a_comma() -> None:
    _, basis = _cite(
        "依据2014年《证券法》第一百九十三条第一款、第三款,2019年《证券法》第一百九十七条第二款的规定,决定:"
    )
    assert basis == [
        "《证券法》第一百九十三条第一款",
        "《证券法》第一百九十三条第三款",
        "《证券法》第一百九十七条第二款",
    ]


def test_law_named_without_title_marks() -> None:
    violated, basis = _cite(
        "违法行为:违反了中华人民共和国道路运输条例第二十四条的规定\n"
        "处罚依据:中华人民共和国道路运输条例第六十八条、道路运输从业人员管理规定第四十五条"
    )
    assert violated == ["中华人民共和国道路运输条例第二十四条"]
    assert basis == ["中华人民共和国道路运输条例第六十八条", "道路运输从业人员管理规定第四十五条"]
    _, basis = _cite("依据上述规定第五条和有关法律规定第三条,决定罚款。")
    assert basis == []


def test_police_cues_yi_and_chufan() -> None:
    violated, basis = _cite(
        "其行为触犯了《中华人民共和国治安管理处罚法》第二十三条第一款第(一)项的规定,"
        "依《中华人民共和国治安管理处罚法》第二十三条第一款第(一)项之规定,决定对其行政拘留五日。"
    )
    law = "《中华人民共和国治安管理处罚法》"
    assert violated == [law + "第二十三条第一款第(一)项"]
    assert basis == [law + "第二十三条第一款第(一)项"]


def test_disclosure_row_labels_give_the_role() -> None:
    violated, basis = _cite(
        "定性依据:《中华人民共和国食品安全法》第三十四条第(十)项\n"
        "违法依据:《食品经营许可和备案管理办法》第二十七条\n"
        "处罚依据:《中华人民共和国食品安全法》第一百二十四条第一款第(五)项"
    )
    assert violated == [
        "《中华人民共和国食品安全法》第三十四条第(十)项",
        "《食品经营许可和备案管理办法》第二十七条",
    ]
    assert basis == ["《中华人民共和国食品安全法》第一百二十四条第一款第(五)项"]


def test_a_standard_joined_to_the_basis_clause() -> None:
    _, basis = _cite(
        "依据《中华人民共和国水法》第六十九条第(二)项的规定,结合《浙江省水利行政处罚裁量基准》第八条,决定罚款五万元。"
    )
    assert basis == ["《中华人民共和国水法》第六十九条第(二)项", "《浙江省水利行政处罚裁量基准》第八条"]


def test_an_cue_before_a_title() -> None:
    _, basis = _cite("按《中华人民共和国道路交通安全法》第九十条的规定,处以罚款200元。")
    assert basis == ["《中华人民共和国道路交通安全法》第九十条"]


def test_a_page_cut_inside_the_article_keeps_the_law() -> None:
    violated, _ = _cite(
        "当事人的上述行为违反了《中华人民共和国安全生产法》第三十六条第一款,依据《中华人民共和国安全生产法》第九十"
    )
    assert violated == ["《中华人民共和国安全生产法》第三十六条第一款"]
    _, basis = _cite("依据《中华人民共和国安全生产法》第九十")
    assert basis == ["《中华人民共和国安全生产法》"]
