"""The extractor on held-out decisions (tests/nlp/fixtures/heldout, 201–228).

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

After the 0.3.0 fixes the 20 scored 1.000 — fit, no longer held out. So a second round (221–228:
a 公安交管 简易程序 ticket with a bare 编号, a company + principal 应急 decision, a 个人独资企业,
a 双公示 row flattened onto one line, 人社 with per-item 依据, a cut-off traditional text, 城管,
an 生态环境 decision that refers the case to 公安) was written and measured BEFORE touching the
rules again (nlp-rules/0.3.0 as first committed):

    field                  tp   fp   fn       P       R      F1
    decision_no             7    0    1   1.000   0.875   0.933
    authority               7    1    1   0.875   0.875   0.875
    decision_date           7    0    0   1.000   1.000   1.000
    party_name              8    0    1   1.000   0.889   0.941
    uscc                    5    0    1   1.000   0.833   0.909
    legal_rep               6    0    1   1.000   0.857   0.923
    penalty                10    1    0   0.909   1.000   0.952
    total_fine              7    0    0   1.000   1.000   1.000
    legal_basis            10    1    0   0.909   1.000   0.952
    violated_provisions     7    0    1   1.000   0.875   0.933
    micro                  74    3    6   0.961   0.925   0.943
    invented penalties on documents without one: 0

Its misses (bare ticket serial, a title kind word hiding the issuer line, item lists
第(一)项、第(二)项, the 罚款金额(万元) column, an addressee ending in 场, a provision cited for
the referred-to 公安) were fixed as genre rules; all 28 now score 1.000, which is fit again.
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


def test_item_lists_and_referred_provisions(extractor: Extractor) -> None:
    text = (
        "当事人的行为违反了《某某条例》第十二条第二款第(三)项、第(五)项的规定。"
        "依据《某某条例》第四十条的规定,决定处以罚款人民币800元。"
        "本案已移送公安机关,依照《某某法》第九条的规定对责任人员予以行政拘留。"
    )
    result = extractor.extract(text, "x.txt").to_json()
    assert result["violated_provisions"] == [
        "《某某条例》第十二条第二款第(三)项",
        "《某某条例》第十二条第二款第(五)项",
    ]
    assert result["legal_basis"] == ["《某某条例》第四十条"]


def test_simple_procedure_ticket_serial(extractor: Extractor) -> None:
    text = "某市公安局交通管理局\n公安交通管理简易程序处罚决定书\n编号:4401061000123456\n被处罚人:某某\n"
    result = extractor.extract(text, "x.txt")
    assert (result.decision_no, result.authority) == ("4401061000123456", "某市公安局交通管理局")
