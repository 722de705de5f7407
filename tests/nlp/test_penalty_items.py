"""Penalty items, amounts and totals of the decision clause, on forms written for these tests.

Each case is a realistic clause of the genre (not copied from a development text): decision
clauses that mix corrective orders (not penalties) with penalties, labelled decision fields,
Arabic digits with Chinese units, a 罚没款 total (confiscations included, so not the fine
total) and items imposed on several parties 分别.
"""

from __future__ import annotations

import pytest

from nlp.extract import Extractor


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


def _items(extractor: Extractor, text: str) -> list[tuple[str, object]]:
    return [(p["type"], p["amount_yuan"]) for p in extractor.extract(text, "x.txt").to_json()["penalties"]]


@pytest.mark.parametrize(
    ("clause", "expected"),
    [
        ("对当事人作出责令改正、罚款人民币2000元的行政处罚。", [("罚款", 2000)]),
        ("对你公司作出责令限期改正、警告的行政处罚。", [("警告", None)]),
        ("处罚决定:警告,罚款人民币200元。", [("警告", None), ("罚款", 200)]),
        ("本局决定对当事人罚款5千元。", [("罚款", 5000)]),
        ("决定对当事人处以3.5千元罚款。", [("罚款", 3500)]),
    ],
)
def test_decision_clause_forms(extractor: Extractor, clause: str, expected: list[tuple[str, object]]) -> None:
    assert _items(extractor, clause) == expected


def test_items_imposed_on_several_parties_each(extractor: Extractor) -> None:
    text = (
        "当事人一:嘉兴市恒润物流有限公司\n当事人二:沈某某\n"
        "本局决定对嘉兴市恒润物流有限公司、沈某某分别处以警告,并处罚款人民币壹万元。"
    )
    result = extractor.extract(text, "x.txt").to_json()
    got = [(p["party"], p["type"], p["amount_yuan"] or 0) for p in result["penalties"]]
    assert sorted(got) == [
        ("嘉兴市恒润物流有限公司", "罚款", 10000),
        ("嘉兴市恒润物流有限公司", "警告", 0),
        ("沈某某", "罚款", 10000),
        ("沈某某", "警告", 0),
    ]
    assert result["total_fine_yuan"] == 20000


def test_items_for_a_party_and_its_responsible_person(extractor: Extractor) -> None:
    """One named party, but items addressed to two: the decision is multi-party, and a short
    form of the party's name is read as that party."""
    text = (
        "当事人:福建海峡银行股份有限公司宁德分行\n"
        "经查,宁德分行存在未按规定履行客户身份识别义务的行为。根据《中华人民共和国反洗钱法》第三十二条的规定,"
        "本行决定对福建海峡银行宁德分行处以罚款人民币25万元,对2名相关责任人处以罚款人民币1万元。"
    )
    result = extractor.extract(text, "x.txt").to_json()
    assert [(p["type"], p["amount_yuan"], p["party"]) for p in result["penalties"]] == [
        ("罚款", 250000, "福建海峡银行股份有限公司宁德分行"),
        ("罚款", 10000, "相关责任人"),
    ]


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (
            "| 行政相对人名称 | 宁波某某餐饮管理有限公司 |\n| 处罚类别 | 罚款 |\n| 罚款金额(万元) | 0.6 |\n"
            "| 没收违法所得、没收非法财物的金额(万元) | 0 |",
            [("罚款", 6000)],
        ),
        ("处罚种类:罚款\n罚款金额:12000元\n处罚机关:某某县市场监督管理局", [("罚款", 12000)]),
        ("处罚类别\n罚款\n罚款金额（万元）\n1.2\n处罚决定日期\n2024/03/06", [("罚款", 12000)]),
        ("处罚决定内容:\n1、警告\n2、罚款人民币2万元\n3、没收违法所得人民币800元", [
            ("警告", None), ("罚款", 20000), ("没收违法所得", 800)]),
    ],
)  # fmt: skip
def test_disclosure_rows_state_type_and_amount_apart(
    extractor: Extractor, row: str, expected: list[tuple[str, object]]
) -> None:
    assert _items(extractor, row) == expected


def test_only_a_fine_amount_field_makes_a_fine(extractor: Extractor) -> None:
    assert _items(extractor, "罚款金额: 3000元\n处罚类别: 警告") == [("罚款", 3000), ("警告", None)]
    assert _items(extractor, "罚没金额: 20000元\n处罚类别: 警告") == [("警告", None)]  # confiscations too
    assert _items(extractor, "拟罚款金额: 20000元\n处罚类别: 警告") == [("警告", None)]  # a proposal


@pytest.mark.parametrize(
    "text",
    [
        "当事人的行为违反了《医疗废物管理条例》第十六条的规定。《医疗废物管理条例》第四十六条规定:医疗卫生机构违反"
        "本条例规定,有下列情形之一的,由县级以上地方人民政府卫生行政主管部门责令限期改正,给予警告,可以并处5000元"
        "以下的罚款。",
        "依据《中华人民共和国食品安全法》第一百二十四条第一款的规定:违反本法规定,由县级以上人民政府食品安全监督管理"
        "部门没收违法所得和违法生产经营的食品,并处五万元以上十万元以下罚款;情节严重的,吊销许可证。",
        "经查,当事人曾于2022年因同类违法行为被我局给予警告并处罚款2000元。现当事人再次",
    ],
)
def test_recited_statute_and_past_penalties_are_not_items(extractor: Extractor, text: str) -> None:
    assert _items(extractor, text) == []


def test_decision_after_a_recited_provision_in_one_sentence(extractor: Extractor) -> None:
    text = (
        "根据《中华人民共和国消防法》第六十条第一款第(一)项“消防设施、器材或者消防安全标志的配置、设置不符合国家标准,"
        "由住房和城乡建设主管部门责令改正,处五千元以上五万元以下罚款”的规定,决定给予你单位罚款人民币伍仟元整的处罚。"
        "当事人曾于2021年被给予警告。"
    )
    assert _items(extractor, text) == [("罚款", 5000)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("近日,某某建材有限公司因未按规定落实扬尘防治措施被区生态环境局罚款3万元。", [("罚款", 30000)]),
        ("某某药房因销售劣药被罚款5000元,并被没收违法所得320元。", [("罚款", 5000), ("没收违法所得", 320)]),
    ],
)
def test_news_passive_forms(extractor: Extractor, text: str, expected: list[tuple[str, object]]) -> None:
    assert _items(extractor, text) == expected


def test_fine_of_the_responsible_person_as_a_share_of_income(extractor: Extractor) -> None:
    text = (
        "决定对你单位处以罚款人民币叁万元整;对你单位主要负责人王某处以上一年年收入百分之四十的罚款,"
        "计人民币28,000元。"
    )
    assert _items(extractor, text) == [("罚款", 30000), ("罚款", 28000)]


def test_fine_written_with_a_currency_sign_only(extractor: Extractor) -> None:
    assert _items(extractor, "处罚结果:警告;罚款¥2,500.00") == [("警告", None), ("罚款", 2500)]


def test_confiscated_gain_amount_from_its_own_field(extractor: Extractor) -> None:
    row = (
        "| 处罚类别 | 罚款;没收违法所得 |\n| 罚款金额(万元) | 1.5 |\n"
        "| 没收违法所得、没收非法财物的金额(万元) | 0.12 |"
    )
    assert sorted(_items(extractor, row)) == [("没收违法所得", 1200), ("罚款", 15000)]


def test_fine_amount_after_its_calculation(extractor: Extractor) -> None:
    text = "决定对当事人处以罚款,罚款金额按违法建设工程造价的百分之五计算,即人民币12,500元。"
    assert _items(extractor, text) == [("罚款", 12500)]
    # a stated total after a bare 罚款 is not read as the item's own amount
    text = (
        "决定对你单位给予警告,并处罚款合计人民币3万元。"
        "其中,依据第一项处罚款人民币1万元,依据第二项处罚款人民币2万元。"
    )
    assert sorted(_items(extractor, text), key=str) == [("罚款", 10000), ("罚款", 20000), ("警告", None)]
