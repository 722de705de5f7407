"""Role cues, authority names, party forms, layouts and noise on forms of the genre written for
these tests (not copied from the development texts), masked names included."""

from __future__ import annotations

import pytest

from nlp import layout, recognise
from nlp.extract import Extractor
from nlp.text import repair_mojibake


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


def _names(extractor: Extractor, text: str) -> list[str | None]:
    return [p["name"] for p in extractor.extract(text, "x.txt").to_json()["parties"]]


@pytest.mark.parametrize(
    "name",
    ["大理市下关第三中学", "平阳县万全镇宋桥村村民委员会", "衡阳市喜洋洋庆典服务部", "某某县城东加气站",
     "某某市某某区某某小学", "某某县绿野山庄"],
)  # fmt: skip
def test_more_organisation_suffixes(name: str) -> None:
    assert recognise.is_organisation(name)


@pytest.mark.parametrize("name", ["中华人民共和国某某海关驻某某办事处", "某某区人民政府某某街道办事处"])
def test_office_authorities(name: str) -> None:
    assert recognise.is_authority(name)


@pytest.mark.parametrize(
    ("text", "party"),
    [
        ("经查,某某县某某砂石有限公司未经许可擅自在河道内采砂,依法处以罚款。", "某某县某某砂石有限公司"),
        ("经查明,欧某于2024年6月10日在某烧烤店内殴打他人。", "欧某"),
        ("现查明:陈**在某路段占道经营。", "陈**"),
    ],
)
def test_fact_subject_cue(text: str, party: str) -> None:
    assert [n.text for n in recognise.fact_subjects(text)] == [party]


def test_addressee_with_the_act_in_between() -> None:
    text = "某某市通信管理局近日对某某网络科技有限公司未落实网络安全保护义务的行为作出行政处罚,给予警告。"
    assert [n.text for n in recognise.addressed_parties(text)] == ["某某网络科技有限公司"]
    driver = "某某市公安局交通警察支队对驾驶人李某超速行驶的违法行为,处以罚款200元。"
    assert [(n.text, n.kind) for n in recognise.addressed_parties(driver)] == [("李某", "person")]


def test_agentless_passive_and_role_person() -> None:
    text = (
        "据某某中心支行官网披露,某某银行股份有限公司因未按规定履行客户身份识别义务,被罚款45万元;"
        "时任该行合规部负责人熊某因对此负有责任,被罚款2万元。"
    )
    assert [n.text for n in recognise.passive_parties(text)] == ["某某银行股份有限公司", "熊某"]
    shop = "近日,一家副食店因无证销售卷烟被某某区烟草专卖局依法查处。"
    assert recognise.passive_parties(shop) == []  # 一家…店 is a description, not a name


def test_authority_cues_with_time_words_and_passive_check() -> None:
    def found(text: str) -> str | None:
        span = recognise.narrative_authority(text)
        return None if span is None else text[span[0] : span[1]]

    assert found("某某省通信管理局近日对某某科技有限公司作出行政处罚。") == "某某省通信管理局"
    assert found("日前,某某县水利局对某某砂石有限公司作出处罚。") == "某某县水利局"
    assert found("一家副食店因无证销售卷烟被遂宁市某某区烟草专卖局依法查处。") == "遂宁市某某区烟草专卖局"
    assert (
        found(
            "日前,国家税务总局某某市税务局第二稽查局依法查处某某贸易有限公司虚开发票案件。稽查局依法对该公司处以罚款。"
        )
        == "国家税务总局某某市税务局第二稽查局"
    )


def test_news_prose_parties(extractor: Extractor) -> None:
    news = "某某市文化市场综合执法支队对某某区极速网吧接纳未成年人一案作出行政处罚,给予警告。"
    out = extractor.extract(news, "x.txt").to_json()
    assert [p["name"] for p in out["parties"]] == ["某某区极速网吧"]
    assert out["authority"] == "某某市文化市场综合执法支队"
    inline = "某某市某某区市场监督管理局某某分局对某某区好又多便利店(经营者:周某)销售过期食品的行为作出处罚。"
    assert _names(extractor, inline) == ["某某区好又多便利店"]


def test_trade_name_of_an_individual_business(extractor: Extractor) -> None:
    text = "当事人:徐某某(个体工商户,字号:某某区宠爱动物诊所)\n经查,当事人未取得动物诊疗许可证。"
    party = extractor.extract(text, "x.txt").to_json()["parties"][0]
    assert (party["name"], party["legal_rep"], party["kind"]) == (
        "某某区宠爱动物诊所",
        "徐某某",
        "individual_business",
    )


def test_person_introduced_in_the_head_and_addressed(extractor: Extractor) -> None:
    text = (
        "某某监管局\n行政处罚决定书\n〔2023〕45号\n当事人:某某星海股份有限公司,住所:某某市。\n"
        "楼某某,男,1970年出生,时任某某星海股份有限公司董事长。\n"
        "依据《证券法》第一百九十七条的规定,我局决定:对某某星海股份有限公司给予警告,并处以300万元罚款;"
        "对楼某某给予警告,并处以150万元罚款。"
    )
    assert _names(extractor, text) == ["某某星海股份有限公司", "楼某某"]


def test_labels_of_disclosure_forms(extractor: Extractor) -> None:
    table = (
        "| 被处罚当事人姓名或名称 | 某某银行股份有限公司某某分行 |\n| 行政处罚决定 | 罚款30万元 |\n"
        "| 作出处罚决定的机关名称 | 某某银保监分局 |\n"
    )
    out = extractor.extract(table, "x.txt").to_json()
    assert [p["name"] for p in out["parties"]] == ["某某银行股份有限公司某某分行"]
    assert out["authority"] == "某某银保监分局"
    lines = "违法单位:某某砂石料场\n执法单位:某某市农业综合行政执法支队\n处罚结果:罚款800元"
    out = extractor.extract(lines, "x.txt").to_json()
    assert [p["name"] for p in out["parties"]] == ["某某砂石料场"]
    assert out["authority"] == "某某市农业综合行政执法支队"


def test_flattened_table_with_several_records(extractor: Extractor) -> None:
    text = (
        "序号\n当事人名称\n主要违法违规行为\n行政处罚内容\n作出决定机关\n"
        "1\n某某银行股份有限公司某某支行\n贷前调查不尽职\n罚款25万元\n国家金融监督管理总局某某监管分局\n"
        "2\n王某某\n对上述行为负有直接责任\n警告\n国家金融监督管理总局某某监管分局\n"
    )
    out = extractor.extract(text, "x.txt").to_json()
    assert [p["name"] for p in out["parties"]] == ["某某银行股份有限公司某某支行", "王某某"]
    assert out["authority"] == "国家金融监督管理总局某某监管分局"


def test_table_kept_as_rows() -> None:
    text = (
        "序号 | 当事人 | 违法行为 | 处罚机关\n"
        "1 | 某某汽车修理厂 | 未按规定贮存危险废物 | 某某市生态环境局某某分局\n"
    )
    cells = {h: text[a:b] for h, a, b in layout.column_cells(text)}
    assert cells["当事人"] == "某某汽车修理厂" and cells["处罚机关"] == "某某市生态环境局某某分局"


def test_signature_with_seal(extractor: Extractor) -> None:
    text = (
        "行政处罚决定书\n当事人:某某客栈\n决定给予罚款人民币伍仟元整的处罚。\n"
        "某某区消防救援大队(印章)\n2024年4月9日"
    )
    assert extractor.extract(text, "x.txt").authority == "某某区消防救援大队"


def test_mojibake_repaired_with_a_warning(extractor: Extractor) -> None:
    garbled = "惠民超市".encode().decode("gbk")  # UTF-8 bytes read as GBK
    assert repair_mojibake(f"当事人:{garbled}\n") == ("当事人:惠民超市\n", 1)
    latin = "朝阳区惠民超市".encode().decode("latin-1")
    assert repair_mojibake(latin) == ("朝阳区惠民超市", 1)
    assert repair_mojibake("当事人:某某有限公司……“某某”") == ("当事人:某某有限公司……“某某”", 0)
    out = extractor.extract(f"当事人:{garbled}\n经查,当事人销售过期食品。", "x.txt")
    assert out.to_json()["parties"][0]["name"] == "惠民超市"
    assert any("乱码" in w for w in out.warnings)


def test_region_names_that_look_like_shops() -> None:
    assert recognise.is_authority("太原市小店区城市管理局")  # 小店区 is a district, not a 店
    assert not recognise.is_authority("某某区好又多便利店")


def test_short_body_name_resolved_to_its_full_form() -> None:
    text = (
        "2024年2月,某某市城关区综合行政执法局接到群众举报。经查,某某饺子馆未安装油烟净化设施。"
        "城关区综合行政执法局依据《大气污染防治法》第一百一十八条,对某某饺子馆处以罚款5000元。"
    )
    span = recognise.narrative_authority(text)
    assert span is not None and text[span[0] : span[1]] == "某某市城关区综合行政执法局"


def test_responsible_person_after_the_company_in_news(extractor: Extractor) -> None:
    text = (
        "某某化工有限公司因未按规定对重大危险源进行辨识,被某某区应急管理局处以罚款人民币3万元,"
        "公司主要负责人刘某某被处以罚款1.2万元。"
    )
    assert _names(extractor, text) == ["某某化工有限公司", "刘某某"]


def test_pipe_table_rows_with_an_empty_cell(extractor: Extractor) -> None:
    text = (
        "| 序号 | 行政相对人名称 | 统一社会信用代码 | 处罚结果 | 处罚机关 |\n"
        "| 1 | 某某百佳超市 | 92520103MA6XXXXX2E | 罚款3000元 | 某某市某某区市场监督管理局 |\n"
        "| 2 | 杨某 | | 警告 | 某某市某某区市场监督管理局 |\n"
    )
    out = extractor.extract(text, "x.txt").to_json()
    assert [p["name"] for p in out["parties"]] == ["某某百佳超市", "杨某"]
    assert out["authority"] == "某某市某某区市场监督管理局"


def test_employer_label(extractor: Extractor) -> None:
    text = "用人单位名称:某某建筑劳务有限公司\n法定代表人:覃某某\n经查,你单位拖欠农民工工资。"
    party = extractor.extract(text, "x.txt").to_json()["parties"][0]
    assert (party["name"], party["legal_rep"]) == ("某某建筑劳务有限公司", "覃某某")


def test_cities_ending_in_men_shi_are_not_shops(extractor: Extractor) -> None:
    assert not recognise.is_organisation("厦门市") and recognise.is_organisation("某某建材门市")
    text = "被 处罚单 位:厦门市 思明区 悦来客 栈\n负责人:郑 某某\n经查,该单位疏散通道堵塞。"
    assert _names(extractor, text) == ["厦门市 思明区 悦来客 栈"]


def test_trade_name_under_pinyin_glosses(extractor: Extractor) -> None:
    text = "当事人:徐某(fá)某(个体工商户,字号:某某区宠爱动物诊所)\n经查,当事人未取得许可。"
    party = extractor.extract(text, "x.txt").to_json()["parties"][0]
    assert (party["name"], party["kind"]) == ("某某区宠爱动物诊所", "individual_business")


def test_latin_letters_in_names_and_the_subordinate_customs_office(extractor: Extractor) -> None:
    news = "近日,某某市某某区消防救援大队对某某区欢乐谷KTV消防设施未保持完好有效的行为处以罚款1.5万元。"
    assert _names(extractor, news) == ["某某区欢乐谷KTV"]
    customs = "某某海关所属某某机场海关近日对一名旅客作出处罚。某某机场海关依据条例对黄某某作出没收的处罚。"
    span = recognise.narrative_authority(customs)
    assert span is not None and customs[span[0] : span[1]] == "某某机场海关"


def test_person_addressee_line_and_found_during_patrol(extractor: Extractor) -> None:
    ticket = "蔡XX:\n你于2024年3月9日驾驶货车违反禁令标志指示,决定对你处以罚款100元。"
    assert _names(extractor, ticket) == ["蔡XX"]
    patrol = "某某街道办事处在巡查中发现,某某区吴某建材店在人行道上堆放建材,对该店处以罚款300元。"
    assert _names(extractor, patrol) == ["某某区吴某建材店"]


def test_authority_label_without_decision_word(extractor: Extractor) -> None:
    text = "行政相对人:某某烟酒商行\n处罚结果:罚款人民币2200元\n作出处罚的机关:某某市烟草专卖局\n"
    assert extractor.extract(text, "x.txt").authority == "某某市烟草专卖局"


def test_issuer_under_a_bare_title_and_the_body_whose_decision_is_contested(extractor: Extractor) -> None:
    text = "行政处罚决定书\n某某市某某区城市管理局\n某城管罚字〔2024〕第031号\n当事人:某某餐饮有限公司\n"
    assert extractor.extract(text, "x.txt").authority == "某某市某某区城市管理局"
    review = "当事人不服某某市某某区自然资源局作出的行政处罚决定,向某某市人民政府申请复议。"
    span = recognise.narrative_authority(review)
    assert span is not None and review[span[0] : span[1]] == "某某市某某区自然资源局"


def test_role_note_after_a_name_in_a_table_cell(extractor: Extractor) -> None:
    text = (
        "序号 | 当事人名称 | 行政处罚内容 | 作出决定机关\n"
        "1 | 某某农村商业银行股份有限公司 | 罚款80万元 | 某某监管分局\n"
        "2 | 陆某某(时任该行信贷部总经理) | 警告 | 某某监管分局\n"
    )
    assert _names(extractor, text) == ["某某农村商业银行股份有限公司", "陆某某"]


def test_space_separated_summary_row_and_a_dated_facts_line(extractor: Extractor) -> None:
    row = "行政相对人名称 某某便民超市\n处罚内容 罚款500元\n处罚机关 某某县市场监督管理局"
    out = extractor.extract(row, "x.txt").to_json()
    assert [p["name"] for p in out["parties"]] == ["某某便民超市"]
    assert out["authority"] == "某某县市场监督管理局"
    body = (
        "某某县市场监督管理局\n行政处罚决定书\n张某某于2024年3月5日在某某路销售过期食品。\n决定罚款2000元。"
    )
    assert _names(extractor, body) == ["张某某"]


def test_label_word_opening_prose_is_not_a_row(extractor: Extractor) -> None:
    prose = "决定罚款2000元。\n当事人 应当自收到本决定书之日起十五日内缴纳罚款。"
    assert _names(extractor, prose) == []


def test_officers_and_persons_of_a_place(extractor: Extractor) -> None:
    text = (
        "某某监管局对某某科技股份有限公司给予警告,并处以100万元罚款;"
        "对时任董事长周某某给予警告,并处以50万元罚款。"
    )
    assert [n.text for n in recognise.addressed_parties(text)] == ["某某科技股份有限公司", "周某某"]
    news = "其中,某某县某某镇某某副食店因销售过期食品被罚款1000元,某某县蓝口镇张某某因无照经营被给予警告。"
    assert [n.text for n in recognise.passive_parties(news)] == ["某某县某某镇某某副食店", "张某某"]


def test_officer_of_a_branch_is_not_the_branch(extractor: Extractor) -> None:
    text = (
        "某某保险股份有限公司某某分公司因虚列费用,被某某监管局罚款32万元,"
        "时任该分公司总经理李某被警告并罚款5万元。"
    )
    assert [n.text for n in recognise.passive_parties(text)] == ["某某保险股份有限公司某某分公司", "李某"]
