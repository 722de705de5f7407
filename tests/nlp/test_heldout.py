"""The extractor on held-out decisions (tests/nlp/fixtures/heldout, 201–220).

Written by a reviewer who had not tuned the rules, as an honest check of generalisation: web
captures with navigation chrome and footers, 双公示 rows (pipe tables and labelled lines), 税务,
公安, 人社, 水利, 统计, 消防救援, 城管, 市场监管 (广告/价格/计量), 生态环境 with an 按日连续处罚
warning, 超限运输, 海关, numbers without a bracketed year (字第2024003号), 壹万元整 / 10,000.00元
/ 1万元 / 叁仟元（¥3000.00）, two and three parties (分别作出…处罚), four decisions without a penalty
(three 不予行政处罚, one 撤销), three cut-off texts, OCR noise (spaced USCC and names, line
breaks inside a USCC, full-width digits, 二零 years) and traditional characters.

Measured BEFORE any rule change (nlp-rules/0.2.0), verbatim from `credit-graph nlp-eval`:

    field                  tp   fp   fn       P       R      F1
    decision_no            18    1    2   0.947   0.900   0.923
    authority              19    0    0   1.000   1.000   1.000
    decision_date          17    0    0   1.000   1.000   1.000
    party_name             22    1    1   0.957   0.957   0.957
    uscc                   12    2    3   0.857   0.800   0.828
    legal_rep              13    2    2   0.867   0.867   0.867
    penalty                20    6    4   0.769   0.833   0.800
    total_fine             11    2    1   0.846   0.917   0.880
    legal_basis            22    1    1   0.957   0.957   0.957
    violated_provisions    17    0    0   1.000   1.000   1.000
    micro                 171   15   14   0.919   0.924   0.922
    invented penalties on documents without one: 1
"""

from __future__ import annotations

from pathlib import Path

import pytest

from nlp.evaluate import Report, evaluate
from nlp.extract import Extractor

HELDOUT = Path(__file__).resolve().parent / "fixtures" / "heldout"


@pytest.fixture(scope="module")
def report() -> Report:
    return evaluate(HELDOUT / "gold.jsonl", HELDOUT, Extractor())


def test_heldout_micro_f1_floor(report: Report) -> None:
    assert report.micro[2] >= 0.9, report.table() + "\n" + "\n".join(report.failures)


def test_heldout_no_invented_penalties(report: Report) -> None:
    assert report.invented_penalties == []


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


# The genre patterns behind the held-out fixes, in wordings that are not the fixtures' own.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "处罚类别:警告\n处罚内容:警告\n罚款金额(万元):0\n没收违法所得、没收非法财物的金额(万元):0\n",
            [("警告", None)],
        ),
        (
            "决定对张某、李某分别处以罚款人民币贰仟元。如不服本决定,可申请行政复议。",
            [("罚款", 2000), ("罚款", 2000)],
        ),
        (
            "东湖区市场监督管理局\n撤销行政处罚决定书\n东市监撤〔2022〕3号\n"
            "本局作出的行政处罚决定,决定对你店处以罚款人民币800元。现决定撤销。",
            [],
        ),
    ],
)
def test_genre_forms(extractor: Extractor, text: str, expected: list[tuple[str, object]]) -> None:
    got = extractor.extract(text, "x.txt").to_json()["penalties"]
    assert [(p["type"], p["amount_yuan"]) for p in got] == expected


def test_number_with_year_in_serial_and_revoked_reference(extractor: Extractor) -> None:
    text = "某县统计局\n行政处罚决定书\n某统罚字第2023118号\n"
    assert extractor.extract(text, "x.txt").decision_no == "某统罚字第2023118号"
    licence = "许可证编号:某食证字第2023118号\n"
    assert extractor.extract(licence, "x.txt").decision_no is None
    revoke = "撤销决定书\n某市监撤字〔2024〕7号\n本局决定撤销某市监罚〔2023〕9号行政处罚决定。"
    assert extractor.extract(revoke, "x.txt").decision_no == "某市监撤字〔2024〕7号"


def test_broken_and_spaced_identifiers(extractor: Extractor) -> None:
    text = "当事人:某某商贸有限公司\n统一社会信用代码:91350100M\nA2XYZ1234\n法定代表人:王 小 明\n经查,当事人…"
    party = extractor.extract(text, "x.txt").to_json()["parties"][0]
    assert party["uscc"] == "91350100M\nA2XYZ1234" and party["legal_rep"] == "王 小 明"
    table = (
        "| 行政相对人名称 | 某某餐饮店 |\n| 统一社会信用代码 | 92350100MA2XYZ1234 |\n"
        "| 法定代表人姓名 | 林某 |\n"
    )
    party = extractor.extract(table, "x.txt").to_json()["parties"][0]
    assert (party["name"], party["uscc"], party["legal_rep"]) == ("某某餐饮店", "92350100MA2XYZ1234", "林某")
