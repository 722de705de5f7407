"""The extractor on the 40 hand-labelled decisions (shared/data): the acceptance threshold."""

from __future__ import annotations

import pytest

from nlp.evaluate import Report, evaluate
from nlp.extract import Extractor
from tests.conftest import DATA

DECISIONS = DATA / "decisions"


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


@pytest.fixture(scope="module")
def report(extractor: Extractor) -> Report:
    return evaluate(DECISIONS / "gold.jsonl", DECISIONS, extractor)


def test_micro_f1_meets_threshold(report: Report) -> None:
    assert report.micro[2] >= 0.93, report.table() + "\n" + "\n".join(report.failures)


def test_no_invented_penalties(report: Report) -> None:
    assert report.invented_penalties == []


def test_evaluation_is_deterministic(report: Report, extractor: Extractor) -> None:
    again = evaluate(DECISIONS / "gold.jsonl", DECISIONS, extractor)
    assert again.table() == report.table() and again.failures == report.failures


def test_distractors_do_not_become_penalties(extractor: Extractor) -> None:
    text = (
        "依据《中华人民共和国食品安全法》第一百二十四条“处五万元以上十万元以下罚款”的规定,"
        "当事人货值金额3000元,违法所得500元,已退还货款1000元。每日按罚款数额的3%加处罚款。"
    )
    assert extractor.extract(text, "x.txt").penalties == []


def test_several_items_and_total(extractor: Extractor) -> None:
    text = (
        "违反了《中华人民共和国产品质量法》第三十二条的规定。依据《中华人民共和国产品质量法》第五十条的规定,"
        "本局决定给予以下行政处罚:\n1、警告;\n2、没收违法所得人民币壹仟元整;\n3、罚款人民币叁仟贰佰元(3200元)。\n"
        "如不服本决定,可于六十日内申请行政复议。"
    )
    result = extractor.extract(text, "x.txt").to_json()
    assert result["penalties"] == [
        {"type": "警告", "amount_yuan": None},
        {"type": "没收违法所得", "amount_yuan": 1000},
        {"type": "罚款", "amount_yuan": 3200},
    ]
    assert result["total_fine_yuan"] == 3200
    assert result["violated_provisions"] == ["《中华人民共和国产品质量法》第三十二条"]
    assert result["legal_basis"] == ["《中华人民共和国产品质量法》第五十条"]


def test_spans_point_into_the_original(extractor: Extractor) -> None:
    text = (DECISIONS / "004.txt").read_text(encoding="utf-8")
    result = extractor.extract(text, "004.txt").to_json()
    start, end = result["spans"]["decision_no"]
    assert text[start:end] == result["decision_no"] == "豫0523環罰決字〔2025〕9號"
    name = result["spans"]["parties"][0]["name"]
    assert text[name[0] : name[1]] == "湯陰縣英海建材有限公司"
