"""The extractor on synthetic decisions of the whole genre (tests/nlp/fixtures/genre).

The 40 development decisions are mostly cut off before the penalty and cover few domains; these
fixtures were written (not copied) to cover what they lack: 税务, 公安, multi-party decisions,
individuals, 个体工商户, 吊销/降低资质等级/通报批评/责令关闭/限制从业/行政拘留, thousands
separators, 萬元, OCR spaces, traditional characters, a 告知书 and a 不予处罚 decision.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from nlp.evaluate import Report, evaluate
from nlp.extract import Extractor

GENRE = Path(__file__).resolve().parent / "fixtures" / "genre"


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


@pytest.fixture(scope="module")
def report(extractor: Extractor) -> Report:
    return evaluate(GENRE / "gold.jsonl", GENRE, extractor)


def test_genre_micro_f1_floor(report: Report) -> None:
    assert report.micro[2] >= 0.9, report.table() + "\n" + "\n".join(report.failures)


def test_genre_no_invented_penalties(report: Report) -> None:
    assert report.invented_penalties == []


def test_each_party_gets_its_own_details(extractor: Extractor) -> None:
    text = (GENRE / "118.txt").read_text(encoding="utf-8")
    parties = extractor.extract(text, "118.txt").to_json()["parties"]
    assert [(p["name"], p["uscc"], p["legal_rep"]) for p in parties] == [
        ("深圳华瑞房地产开发有限公司", "91440300MA5G2K6E16", "陈海波"),
        ("湖北中天建工集团有限公司", "91420106MA4K7P3L8A", "吴志刚"),
    ]


def test_company_and_person_in_one_decision(extractor: Extractor) -> None:
    text = (GENRE / "103.txt").read_text(encoding="utf-8")
    parties = extractor.extract(text, "103.txt").to_json()["parties"]
    assert [(p["name"], p["kind"], p["id_number"]) for p in parties] == [
        ("淄博鑫达化工有限公司", "company", None),
        ("刘德胜", "person", "370303197503120018"),
    ]


@pytest.mark.parametrize(
    ("clause", "expected"),
    [
        ("决定对当事人处以罚款人民币5,000元。", [("罚款", 5000)]),
        ("决定对刘某行政拘留十日,并处罚款伍佰元。", [("行政拘留", None), ("罚款", 500)]),
        (
            "决定给予如下处罚:\n(一)吊销《食品经营许可证》;\n(二)罚款0.84萬元。\n",
            [("吊销许可证件", None), ("罚款", 8400)],
        ),
        ("决定对当事人处少缴税款百分之五十的罚款,计12,345.67元。", [("罚款", 12345.67)]),
        (
            "本局决定作出如下处罚决定:\n1.没收侵权商品1,200双;\n2.罚款人民币 3 0 万元。\n",
            [("没收非法财物", None), ("罚款", 300000)],
        ),
        ("决定给予通报批评,并处罚款人民币壹万元整。", [("通报批评", None), ("罚款", 10000)]),
        (
            "报经人民政府批准,决定:\n一、责令关闭;\n二、十年内禁止其从事药品生产经营活动。\n",
            [("责令关闭", None), ("限制从业", None)],
        ),
        ("本局拟作出如下行政处罚:罚款人民币叁万元整。", []),
        ("决定对当事人不予行政处罚。", []),
        ("依据该条,应处十万元以上一百万元以下的罚款。逾期不缴纳罚款的,每日按罚款数额的3%加处罚款。", []),
    ],
)
def test_decision_clause_forms(extractor: Extractor, clause: str, expected: list[tuple[str, object]]) -> None:
    got = extractor.extract(clause, "x.txt").to_json()["penalties"]
    assert [(p["type"], p["amount_yuan"]) for p in got] == expected


def test_violation_is_verbatim_with_span(extractor: Extractor) -> None:
    for path in sorted(GENRE.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        result = extractor.extract(text, path.name).to_json()
        if result["violation"] is not None:
            start, end = result["spans"]["violation"]
            assert text[start:end] == result["violation"]
    text = (GENRE / "101.txt").read_text(encoding="utf-8")
    assert extractor.extract(text, "101.txt").violation == "经营超过保质期食品"


def test_notice_has_no_decision_date_or_penalty(extractor: Extractor) -> None:
    text = (GENRE / "116.txt").read_text(encoding="utf-8")
    result = extractor.extract(text, "116.txt").to_json()
    assert result["decision_date"] is None and result["decision_no"] is None and result["penalties"] == []
