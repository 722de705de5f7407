# ruff: noqa: E501  (rows of Chinese test data read better unbroken)
"""Every kind of formats.md, in CSV, XLSX and JSON, loads into the documented graph shape."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from graph.cypher import statement
from graph.store import GraphStore
from tests.conftest import Run
from tests.ingest import synth

Writer = Callable[[Path, list[str], list[list[object]]], Path]
FORMATS: dict[str, Writer] = {
    "csv": synth.write_csv,
    "xlsx": synth.write_xlsx,
    "json": synth.write_json,
}

CASE_SHAPE = statement(
    "MATCH (s:Subject)-[:PARTY_TO]->(c:Case)-[:DECIDED_BY]->(a:Authority) "
    "OPTIONAL MATCH (c)-[:IMPOSES]->(x:Sanction) "
    "WITH s, c, a, collect(x) AS items "
    "RETURN s.id AS subject, labels(s) AS labels, c.decision_no AS no, c.decision_date AS decided, "
    "c.total_fine_yuan AS fine, a.name AS authority, "
    "[i IN items | [i.type, i.amount_yuan]] AS sanctions, "
    "COUNT { (c)-[:APPLIED]->(:Provision) } AS provisions ORDER BY no"
)
PROVISIONS = statement(
    "MATCH (:Case)-[:APPLIED]->(p:Provision) RETURN DISTINCT p.law AS law, p.article AS article, "
    "p.paragraph AS paragraph ORDER BY law, article"
)
LISTING_SHAPE = statement(
    "MATCH (s:Subject)-[:LISTED_IN]->(l:Listing) OPTIONAL MATCH (l)-[:LISTED_BY]->(a:Authority) "
    "RETURN s.id AS subject, l.list_name AS list, l.polarity AS polarity, l.listed_on AS listed_on, "
    "l.removed_on AS removed_on, l.court AS court, l.case_no AS case_no, a.name AS authority ORDER BY list"
)
LICENCE_SHAPE = statement(
    "MATCH (s:Subject)-[:HOLDS]->(l:Licence)-[:ISSUED_BY]->(a:Authority) "
    "RETURN s.id AS subject, l.doc_no AS doc_no, l.valid_to AS valid_to, l.indefinite AS indefinite, "
    "a.name AS authority ORDER BY doc_no"
)
REGISTRY_SHAPE = statement(
    "MATCH (e:Entity {id: $id}) "
    "RETURN e.name AS name, e.registered_capital_yuan AS capital, e.founded_on AS founded, "
    "[(p:Person)-[:LEGAL_REP_OF]->(e) | p.id] AS reps, "
    "[(h)-[r:SHAREHOLDER_OF]->(e) | [h.id, r.ratio, r.subscribed_yuan]] AS holders, "
    "[(p:Person)-[r:OFFICER_OF]->(e) | [p.id, r.role]] AS officers, "
    "[(e)-[:LOCATED_AT]->(a:Address) | a.text] AS addresses, "
    "[(e)-[:HAS_PHONE]->(t:Phone) | t.number] AS phones, "
    "[(e)-[:HAS_EMAIL]->(m:Email) | m.address] AS emails",
    id="e:91410102T00000016X",
)
BID_SHAPE = statement(
    "MATCH (e:Entity)-[:SUBMITTED]->(b:Bid)-[:BID_FOR]->(t:Tender) "
    "RETURN e.id AS bidder, t.project_no AS project, t.lot AS lot, "
    "[(b)-[:MANAGED_BY]->(p:Person) | p.name] AS managers, [(b)-[:CONTACT]->(p:Person) | p.name] AS contacts, "
    "[(b)-[:VIA_AGENT]->(g:Entity) | g.verified] AS agents, "
    "[(b)-[:USED]->(i:Identifier) | i.kind + '=' + i.value] AS used, "
    "[(e)-[:HAS_PHONE]->(p:Phone) | p.number] AS phones ORDER BY bidder"
)
A, B = synth.uscc(1), synth.uscc(2)


def _write(fmt: str, tmp: Path, stem: str, header: list[str], rows: list[list[object]]) -> Path:
    return FORMATS[fmt](tmp / f"{stem}.{fmt}", header, rows)


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_penalties_both_generations(fmt: str, run: Run, store: GraphStore, tmp_path: Path) -> None:
    current = _write(
        fmt,
        tmp_path,
        "current",
        [
            "行政相对人名称",
            "行政相对人类别",
            "行政相对人代码_1（统一社会信用代码）",
            "法定代表人",
            "行政处罚决定书文号",
            "处罚依据",
            "处罚类别",
            "罚款金额（万元）",
            "没收违法所得、没收非法财物的金额(万元)",
            "处罚决定日期",
            "处罚机关",
            "自定义列",
        ],
        [
            [
                "甲公司",
                "法人及非法人组织",
                A,
                "王一",
                "郑市监罚〔2023〕1号",
                "依据《中华人民共和国产品质量法》第五十条、第五十一条第二款",
                "罚款；没收违法所得",
                "0.2",
                "0.05",
                "2023年6月2日",
                "郑州市市场监督管理局",
                "kept",
            ],
            [
                "李四",
                "自然人",
                "",
                "",
                "郑市监罚〔2023〕2号",
                "《食品安全法》第一百二十四条",
                "警告",
                "",
                "",
                "二〇二三年六月二日",
                "郑州市市场监督管理局",
                "",
            ],
        ],
    )
    legacy = _write(
        fmt,
        tmp_path,
        "legacy",
        [
            "CF_WSH",
            "CF_XDR_MC",
            "CF_XDR_SHXYM",
            "CF_FR",
            "CF_CFLB1",
            "CF_CFLB2",
            "CF_YJ",
            "CF_JG",
            "CF_JDRQ",
            "CF_XZJG",
            "DFBM",
        ],
        [
            [
                "郑环罚〔2018〕5号",
                "乙公司",
                B,
                "赵二",
                "暂扣或者吊销许可证、暂扣或者吊销执照",
                "罚款",
                "《水污染防治法》第八十三条",
                "罚款20万元，吊销排污许可证",
                "20180709",
                "郑州市环境保护局",
                "410100",
            ],
        ],
    )
    reports = run(current, legacy)
    assert [(r.kind, r.rows_read, r.written, r.quarantined) for r in reports] == [
        ("penalty", 2, 2, 0),
        ("penalty", 1, 1, 0),
    ]
    cases = {c["no"]: c for c in store.read(CASE_SHAPE)}
    first = cases["郑市监罚[2023]1号".replace("[", "〔").replace("]", "〕")]
    assert first["subject"] == f"e:{A}" and first["fine"] == 2000.0
    assert str(first["decided"]) == "2023-06-02" and first["provisions"] == 2
    assert sorted(map(tuple, first["sanctions"])) == [("没收违法所得", 500.0), ("罚款", 2000.0)]
    second = cases["郑市监罚〔2023〕2号"]
    assert "Person" in second["labels"] and second["sanctions"] == [["警告", None]]
    third = cases["郑环罚〔2018〕5号"]
    assert sorted(t for t, _ in third["sanctions"]) == ["吊销许可证件", "罚款"]
    assert str(third["decided"]) == "2018-07-09"
    laws = {(p["law"], p["article"], p["paragraph"]) for p in store.read(PROVISIONS)}
    assert ("中华人民共和国产品质量法", "51", "2") in laws and ("食品安全法", "124", None) in laws


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_lists_dishonest_and_licences(fmt: str, run: Run, store: GraphStore, tmp_path: Path) -> None:
    lists = _write(
        fmt,
        tmp_path,
        "lists",
        [
            "名单名称",
            "名单类别",
            "主体名称",
            "统一社会信用代码",
            "列入原因",
            "认定部门",
            "列入日期",
            "移出日期",
        ],
        [
            ["经营异常名录", "", "甲公司", A, "未报年报", "郑州市市场监督管理局", "2021/05/10", "2022/01/20"],
            ["纳税信用A级纳税人", "红名单", "乙公司", B, "A级", "国家税务总局郑州市税务局", "20240401", ""],
        ],
    )
    dishonest = _write(
        fmt,
        tmp_path,
        "dishonest",
        [
            "被执行人姓名/名称",
            "性别",
            "年龄",
            "身份证号码/组织机构代码",
            "法定代表人或者负责人姓名",
            "执行法院",
            "省份",
            "案号",
            "立案时间",
            "发布时间",
            "失信被执行人行为具体情形",
        ],
        [
            [
                "张伟",
                "男",
                "40",
                "4101**********1234",
                "",
                "郑州市中原区人民法院",
                "河南",
                "(2023)豫0102执1号",
                "2023-01-05",
                "2023-03-01",
                "违反财产报告制度",
            ],
            [
                "甲公司",
                "",
                "",
                A,
                "王一",
                "郑州市中级人民法院",
                "河南",
                "(2023)豫01执2号",
                "2023-02-05",
                "2023-04-01",
                "拒不履行",
            ],
        ],
    )
    licences = _write(
        fmt,
        tmp_path,
        "licences",
        [
            "行政相对人名称",
            "行政相对人代码_1(统一社会信用代码)",
            "行政许可决定文书号",
            "许可证书名称",
            "许可决定日期",
            "有效期自",
            "有效期至",
            "许可机关",
        ],
        [
            [
                "甲公司",
                A,
                "郑市监许〔2020〕9号",
                "食品经营许可证",
                "2020-07-15",
                "2020-07-15",
                "2099-12-31",
                "郑州市市场监督管理局",
            ],
            [
                "乙公司",
                B,
                "郑建许〔2021〕3号",
                "安全生产许可证",
                "2021-03-01",
                "2021-03-01",
                "2024-02-29",
                "河南省住房和城乡建设厅",
            ],
        ],
    )
    reports = run(lists, dishonest, licences)
    assert [(r.kind, r.written, r.quarantined) for r in reports] == [
        ("licence", 2, 0),
        ("list", 2, 0),
        ("dishonest", 2, 0),
    ]
    listings = store.read(LISTING_SHAPE)
    by_list = {(x["list"], x["subject"]): x for x in listings}
    abnormal = by_list[("经营异常名录", f"e:{A}")]
    assert str(abnormal["removed_on"]) == "2022-01-20" and abnormal["polarity"] == "black"
    assert by_list[("纳税信用A级纳税人", f"e:{B}")]["polarity"] == "red"
    debtors = [x for x in listings if x["list"] == "失信被执行人"]
    assert len(debtors) == 2 and all(x["court"] == x["authority"] for x in debtors)
    assert any(x["subject"].startswith("p-s:") for x in debtors)  # masked ID: scoped person
    licences_found = store.read(LICENCE_SHAPE)
    assert [(x["indefinite"], x["valid_to"] is None) for x in licences_found] == [
        (True, True),
        (False, False),
    ]


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_registry_three_tables(fmt: str, run: Run, store: GraphStore, tmp_path: Path) -> None:
    company, parent = synth.uscc(16), synth.uscc(17)
    rep_id = synth.id_no(7)
    basic = _write(
        fmt,
        tmp_path,
        "basic",
        [
            "统一社会信用代码",
            "企业名称",
            "企业类型",
            "法定代表人",
            "法定代表人证件号码",
            "成立日期",
            "注册资本(万元)",
            "登记状态",
            "住所",
            "联系电话",
            "电子邮箱",
            "登记机关",
        ],
        [
            [
                company,
                "丙有限公司",
                "有限责任公司",
                "王五",
                "",
                "2010-01-02",
                "500",
                "存续",
                "郑州市中原区建设路1号",
                "0371-6000 0001",
                "Info@Example.com",
                "郑州市市场监督管理局",
            ],
            [
                parent,
                "丁集团有限公司",
                "有限责任公司",
                "钱六",
                rep_id,
                "2001-01-02",
                "8000",
                "存续",
                "郑州市中原区建设路1号",
                "0371-60000001",
                "",
                "郑州市市场监督管理局",
            ],
        ],
    )
    holders = _write(
        fmt,
        tmp_path,
        "holders",
        ["统一社会信用代码", "股东名称", "股东类型", "股东证照号码", "认缴出资额(万元)", "出资比例"],
        [
            [company, "丁集团有限公司", "企业法人", parent, "300", "60%"],
            [company, "王五", "自然人股东", "4101**********0011", "200", "0.4"],
        ],
    )
    people = _write(
        fmt,
        tmp_path,
        "people",
        ["统一社会信用代码", "姓名", "职务", "证件号码"],
        [
            [company, "王五", "执行董事", ""],
            [company, "孙七", "监事", ""],
        ],
    )
    reports = run(people, holders, basic)  # given out of order: the pipeline sorts by kind
    assert [r.kind for r in reports] == ["registry-basic", "registry-shareholders", "registry-people"]
    assert all(r.quarantined == 0 for r in reports)
    found = store.read(REGISTRY_SHAPE, id=f"e:{company}")[0]
    assert found["capital"] == 5_000_000.0 and str(found["founded"]) == "2010-01-02"
    assert sorted((h[1], h[2]) for h in found["holders"]) == [(0.4, 2_000_000.0), (0.6, 3_000_000.0)]
    assert found["addresses"] == ["郑州市中原区建设路1号"] and found["phones"] == ["037160000001"]
    assert found["emails"] == ["info@example.com"]
    officers = dict((pid, role) for pid, role in found["officers"])
    assert officers[found["reps"][0]] == "执行董事"  # legal rep and 执行董事 are one person (company scope)


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_bids(fmt: str, run: Run, store: GraphStore, tmp_path: Path) -> None:
    bids = _write(
        fmt,
        tmp_path,
        "bids",
        [
            "项目编号",
            "标段",
            "投标人名称",
            "投标人统一社会信用代码",
            "项目负责人",
            "项目负责人证件号码",
            "联系人",
            "联系电话",
            "代理机构",
            "保证金缴纳账户",
            "文件制作机器码",
            "文件创建标识码",
            "加密锁序列号",
            "投标IP",
        ],
        [
            [
                "ZZCG-1",
                "2",
                "甲公司",
                A,
                "王一",
                synth.id_no(1),
                "李娜",
                "13800000001",
                "某招标代理有限公司",
                "6217001",
                "mc-01",
                "F1",
                "L1",
                "10.0.0.1",
            ],
            [
                "ZZCG-1",
                "2",
                "乙公司",
                B,
                "赵二",
                "",
                "李娜",
                "13800000001",
                "某招标代理有限公司",
                "6217002",
                "MC-01",
                "F2",
                "L2",
                "10.0.0.2",
            ],
        ],
    )
    assert run(bids)[0].written == 2
    found = store.read(BID_SHAPE)
    assert [(b["project"], b["lot"]) for b in found] == [("ZZCG-1", "2")] * 2
    assert all("machine_code=MC-01" in b["used"] for b in found)
    assert all(b["agents"] == [False] and b["phones"] == ["13800000001"] for b in found)
    assert found[0]["contacts"] == ["李娜"]
