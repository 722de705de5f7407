"""One test per recogniser on real forms of the genre (short snippets, not whole dev files):
organisations, persons (masked too), deciding bodies, role cues and layouts."""

from __future__ import annotations

import pytest

from nlp import layout, recognise
from nlp.extract import Extractor


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


@pytest.mark.parametrize(
    "name",
    ["贵阳银行股份有限公司六盘水分行", "乐昌市永康大药房", "东坡区王世华诊所", "云阳县栖霞镇福星村卫生室",
     "牟定县老生百货店", "滴滴**公司", "励积电子(上海)有限公司", "盘山县保冠水泥制品厂",
     "某某旅行社", "城关镇东风网吧", "重庆黔江盛颐东蓝医院"],
)  # fmt: skip
def test_organisations_by_suffix(name: str) -> None:
    assert recognise.is_organisation(name)


def test_organisation_end_in_running_text() -> None:
    text = "中国银行股份有限公司晋中市分行在2016年10月1日至2018年9月4日"
    assert text[: recognise.organisation_end(text, 0)] == "中国银行股份有限公司晋中市分行"
    assert recognise.organisation_end("欧某在现场无法提供", 0) is None


@pytest.mark.parametrize("name", ["李某某", "陈**", "蔡XX", "欧某", "苏*忠", "刘建军", "欧阳某", "扶*兵"])
def test_persons_by_surname_and_mask(name: str) -> None:
    assert recognise.is_person(name)


@pytest.mark.parametrize("name", ["相关责任人", "现场检查", "北汽模塑有限公司"])
def test_not_persons(name: str) -> None:
    assert not recognise.is_person(name)


@pytest.mark.parametrize(
    "name",
    ["中国人民银行六盘水市中心支行", "西藏监管局", "大兴区消防救援支队", "云浮市烟草专卖局",
     "衡水市生态环境局", "乐昌市坪石镇人民政府", "中华人民共和国梅山海关", "眉山市东坡区卫生健康局"],
)  # fmt: skip
def test_authorities_by_name_grammar(name: str) -> None:
    assert recognise.is_authority(name)


def test_authority_from_role_cues() -> None:
    def found(text: str) -> str | None:
        span = recognise.narrative_authority(text)
        return None if span is None else text[span[0] : span[1]]

    assert (
        found("其中,中国人民银行某某市中心支行对某某银行某某分行给予警告。") == "中国人民银行某某市中心支行"
    )
    assert found("显示,某某有限公司在检查中,被某某县市场监督管理局处以8万元罚款。") == "某某县市场监督管理局"
    assert found("近日,某某市应急管理局向某某公司作出《行政处罚决定书》。") == "某某市应急管理局"
    assert found("公司于近日收到某某监管局《行政处罚决定书》。") == "某某监管局"
    # an alias resolves to the full name; a review body or a publisher is not the decision-maker
    assert found(
        "某某市烟草专卖局(以下简称某某市局)查获卷烟。某某市局依据《条例》第五条的规定,对当事人作出没收卷烟的行政处罚"
    ) == ("某某市烟草专卖局")
    assert found("某某市人民政府网站发布一条处罚信息。可向某某海关申请行政复议。") is None


def test_parties_from_role_cues() -> None:
    text = "某某局决定:对道衡投资责令改正,给予警告;对刘建军给予警告,并处以5万元罚款。道衡投资未告知。"
    assert [(n.text, n.kind) for n in recognise.addressed_parties(text)] == [
        ("道衡投资", None),
        ("刘建军", "person"),
    ]
    passive = "信息显示,某某银行股份有限公司某某分行在2016年,被中国人民银行某某中心支行处以8万元罚款。"
    assert [n.text for n in recognise.passive_parties(passive)] == ["某某银行股份有限公司某某分行"]
    driver = "经调查,发现出租汽车驾驶员李某某不按照规定使用计程计价设备。途经环市中路某停车场。"
    assert [n.text for n in recognise.masked_violators(driver)] == ["李某某"]


def test_party_without_a_colon_and_with_details_on_its_line(extractor: Extractor) -> None:
    one = extractor.extract(
        "经查,当事人滴滴出行科技有限公司通过平台派单,违反了《办法》第十七条的规定。", "x.txt"
    )
    assert [p["name"] for p in one.to_json()["parties"]] == ["滴滴出行科技有限公司"]
    two = extractor.extract(
        "某某海关\n行政处罚决定书\n某关缉违字〔2021〕0100号\n宜昌某某农业开发有限公司,法定代表人为:詹某华,联系地址:宜昌市。",
        "x.txt",
    )
    party = two.to_json()["parties"][0]
    assert (party["name"], party["legal_rep"]) == ("宜昌某某农业开发有限公司", "詹某华")


def test_penalties_per_party(extractor: Extractor) -> None:
    text = (
        "依据《证券法》第一百九十三条的规定,某某监管局决定:对甲乙投资责令改正,"
        "给予警告,并处以250万元罚款;对刘某某给予警告,"
        "并处以50万元罚款;对孙某处以60万元罚款。甲乙投资未告知。"
    )
    out = extractor.extract(text, "x.txt").to_json()
    assert [p["name"] for p in out["parties"]] == ["甲乙投资", "刘某某", "孙某"]
    assert out["penalties"] == [
        {"type": "警告", "amount_yuan": None, "party": "甲乙投资"},
        {"type": "罚款", "amount_yuan": 2500000, "party": "甲乙投资"},
        {"type": "警告", "amount_yuan": None, "party": "刘某某"},
        {"type": "罚款", "amount_yuan": 500000, "party": "刘某某"},
        {"type": "罚款", "amount_yuan": 600000, "party": "孙某"},
    ]
    assert out["total_fine_yuan"] == 3600000 and out["authority"] == "某某监管局"


def test_layout_pipe_columns() -> None:
    text = (
        "|\n序号 |\n处罚文号 |\n被处罚人 |\n"
        "处罚结果 |\n|\n1 |\n第Z001号 |\n"
        "韦某聚 |\n罚款人民币叁仟元整。 |\n"
    )
    cells = {h: text[a:b] for h, a, b in layout.column_cells(text)}
    assert cells["被处罚人"] == "韦某聚" and cells["处罚结果"] == "罚款人民币叁仟元整。"


def test_layout_header_block(extractor: Extractor) -> None:
    text = (
        "案件名称\n行政相对人名称\n处罚内容\n处罚机关\n"
        "某诊所违规案\n东坡区某某诊所\n警告、罚款0.21万元人民币\n"
        "眉山市东坡区卫生健康局\n"
    )
    out = extractor.extract(text, "x.txt").to_json()
    assert [p["name"] for p in out["parties"]] == ["东坡区某某诊所"]
    assert out["authority"] == "眉山市东坡区卫生健康局"
    assert out["penalties"] == [{"type": "警告", "amount_yuan": None}, {"type": "罚款", "amount_yuan": 2100}]


def test_layout_label_then_pipe_cell(extractor: Extractor) -> None:
    text = "行政相对人名称: | 乐昌市某某大药房 |\n法人代表姓名: | 陈** |\n处罚类别: | 警告 |\n"
    out = extractor.extract(text, "x.txt").to_json()
    assert out["parties"][0]["name"] == "乐昌市某某大药房"
    assert out["penalties"] == [{"type": "警告", "amount_yuan": None}]


def test_noise_pinyin_keyword_and_mixed_zero(extractor: Extractor) -> None:
    text = (
        "中华人民共和国某某海关xingzhengchufa决定书甬某关缉违字〔2024〕127号\n"
        "当事人:某某环保科技有限公司。\n决定对当事人作出如下xingzhengchufa:\n"
        "处以罚款人民币100000元。。\n如不服本决定,可申请行政复议。\n某某县林业和草原局\n"
        "二0二三年二月十三日"
    )
    out = extractor.extract(text, "x.txt").to_json()
    assert out["authority"] == "中华人民共和国某某海关"
    assert out["penalties"] == [{"type": "罚款", "amount_yuan": 100000}]
    assert out["decision_date"] == "2023-02-13"


def test_calculated_fines_and_appendix(extractor: Extractor) -> None:
    text = (
        "本机关决定给予以下行政处罚:\n1、处以697㎡×11元/㎡=7667元(柒仟陆佰陆拾柒元整)的罚款;"
        "\n2、责令限期恢复原状。\n如不服,可申请复议。\n附:自由裁量标准\n处罚标准:给予警告;"
        "单位违法的,并处5000元罚款。"
    )
    out = extractor.extract(text, "x.txt").to_json()
    assert out["penalties"] == [{"type": "罚款", "amount_yuan": 7667}]


def test_alias_and_check_digit_uscc(extractor: Extractor) -> None:
    text = (
        "显示,某某银行股份有限公司(以下简称“某某银行”,601997.SH)某某分行存在违规行为。"
        "某某中心支行对某某银行某某分行给予警告,并处罚款人民币3万元。\n"
        "行政相对人名称: | 乐昌市某某大药房 |\n"
        "行政相对人代码: | 统一社会信用代码工商注册号91440281MA54NNJP3G |\n"
    )
    out = extractor.extract(text, "x.txt").to_json()
    assert (
        out["parties"][0]["name"] == "乐昌市某某大药房" and out["parties"][0]["uscc"] == "91440281MA54NNJP3G"
    )
    narrative = extractor.extract(text.split("\n")[0], "x.txt").to_json()
    assert narrative["parties"][0]["name"] == "某某银行股份有限公司某某分行"


def test_basis_heading_and_item_after_quote(extractor: Extractor) -> None:
    text = (
        "处罚依据\n《中华人民共和国食品安全法》第一百二十四条第一款“违反本法规定,有下列情形之一的,"
        "由县级以上人民政府食品安全监督管理部门没收违法所得”第五项“生产经营超过保质期的食品;”\n"
        "处罚内容\n罚款:1000元。"
    )
    out = extractor.extract(text, "x.txt").to_json()
    assert out["legal_basis"] == ["《中华人民共和国食品安全法》第一百二十四条第一款第五项"]


def test_representative_without_a_named_party(extractor: Extractor) -> None:
    text = "决定书文号 (杭某)市管罚处字〔2018〕50号\n处罚决定日期 2019-01-04\n法定代表人 袁大铭\n备注 无。"
    out = extractor.extract(text, "x.txt").to_json()
    assert [(p["name"], p["legal_rep"]) for p in out["parties"]] == [(None, "袁大铭")]
