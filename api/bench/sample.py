"""Regenerates the synthetic sample bundle (`python -m api.bench.sample [DIR] [--today D]`).

Deterministic output. Without `--today` the bundle is written as committed in `sample/` (fixed
dates, which the tests read); with it, every date is moved so that `REFERENCE` falls on that day
(`api.bench.rebase`), which is what `make run` loads: live penalties, listings in effect and a
barred bidder pair on any day.

Every company, person, code and number here is invented; USCCs and ID numbers are generated
with correct check digits (GB 32100 + GB 11714, GB 11643) so they pass validation
(`api.bench.codes`, organisation-code series `MA2Y`, region 350102 福州市鼓楼区).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from openpyxl import Workbook

from api.bench.codes import id_no, uscc

DEFAULT = Path("sample")  # the output folder; the command line may name another
# The day the bundle describes: penalties of 2024 inside their windows, 2023's partly ended.
REFERENCE = date(2024, 7, 1)
REGION, SERIES = "350102", "MA2Y"

LIN_HAI = id_no(11, "19780315", REGION)  # legal rep of two firms, also personally penalised
CHEN_JG = id_no(23, "19650802", REGION)
HUANG_LI = id_no(42, "19820611", REGION)
WU_MIN = id_no(55, "19900105", REGION)
ZHENG_YI = id_no(67, "19751120", REGION)
XU_FENG = id_no(79, "19880930", REGION)

ADDR_SHARED = "福州市鼓楼区五四路100号示例大厦8层"
PHONE_SHARED = "0591-87650001"
AUTH_SAMR = ("福州市市场监督管理局", uscc(901, "11", "350100", SERIES))
AUTH_TAX = ("国家税务总局福州市税务局", uscc(902, "11", "350100", SERIES))
AUTH_HOUSING = ("福州市城乡建设局", uscc(903, "11", "350100", SERIES))

# n, name, type, legal rep, rep ID, founded, capital 万元, address, phone, email
COMPANIES = [
    (
        1,
        "福州榕信建设工程有限公司",
        "有限责任公司",
        "林海",
        LIN_HAI,
        "2012-04-18",
        5000,
        "福州市鼓楼区湖东路12号",
        "0591-87001001",
        "rx@example.com",
    ),
    (
        2,
        "福州闽安建材贸易有限公司",
        "有限责任公司",
        "林海",
        LIN_HAI,
        "2016-09-02",
        800,
        "福州市鼓楼区东街33号",
        "0591-87001002",
        "",
    ),
    (
        3,
        "福州海峡示例控股集团有限公司",
        "有限责任公司",
        "陈建国",
        CHEN_JG,
        "2005-01-10",
        20000,
        "福州市台江区江滨路1号",
        "0591-87001003",
        "hx@example.com",
    ),
    (
        4,
        "福州海峡示例路桥工程有限公司",
        "有限责任公司",
        "黄丽",
        HUANG_LI,
        "2010-07-21",
        3000,
        "福州市台江区江滨路1号",
        "0591-87001004",
        "",
    ),
    (
        5,
        "福州海峡示例市政工程有限公司",
        "有限责任公司",
        "吴敏",
        WU_MIN,
        "2013-03-05",
        2000,
        "福州市仓山区南江滨路8号",
        "0591-87001005",
        "",
    ),
    (6, "福州鼓楼陈记五金店", "个体工商户", "陈小明", "", "2018-11-11", 10, "福州市鼓楼区杨桥路66号", "", ""),
    (
        7,
        "福州示例餐饮管理有限公司",
        "有限责任公司",
        "郑毅",
        ZHENG_YI,
        "2019-05-20",
        100,
        ADDR_SHARED,
        PHONE_SHARED,
        "",
    ),
    (
        8,
        "福州示例商务咨询有限公司",
        "有限责任公司",
        "许峰",
        XU_FENG,
        "2020-08-08",
        50,
        ADDR_SHARED,
        PHONE_SHARED,
        "",
    ),
    (
        9,
        "福州示例物业服务有限公司",
        "有限责任公司",
        "刘洋",
        "",
        "2015-02-14",
        300,
        "福州市晋安区福新路20号",
        "0591-87001009",
        "",
    ),
    (
        10,
        "福州启明示例工程有限公司",
        "有限责任公司",
        "王强",
        "",
        "2017-06-30",
        1000,
        "福州市晋安区连江路5号",
        "0591-87001010",
        "",
    ),
    (
        11,
        "福州远航示例建设有限公司",
        "有限责任公司",
        "赵磊",
        "",
        "2018-12-01",
        1200,
        "福州市仓山区首山路9号",
        "0591-87001011",
        "",
    ),
    (
        12,
        "福州鼎盛示例工程有限公司",
        "有限责任公司",
        "孙杰",
        "",
        "2014-10-10",
        1500,
        "福州市马尾区罗星路3号",
        "0591-87001012",
        "",
    ),
    (
        13,
        "福州示例医疗器械有限公司",
        "有限责任公司",
        "周芳",
        "",
        "2011-03-03",
        500,
        "福州市鼓楼区华林路40号",
        "0591-87001013",
        "",
    ),
    (
        14,
        "福州示例纺织有限公司",
        "有限责任公司",
        "何军",
        "",
        "2009-09-09",
        600,
        "福州市长乐区航城路2号",
        "0591-87001014",
        "",
    ),
    (
        15,
        "福州示例食品有限公司",
        "有限责任公司",
        "郭静",
        "",
        "2016-01-15",
        200,
        "福州市闽侯县甘蔗街道1号",
        "0591-87001015",
        "",
    ),
    (
        16,
        "福州示例环保科技有限公司",
        "有限责任公司",
        "马超",
        "",
        "2021-04-01",
        300,
        "福州市鼓楼区铜盘路18号",
        "0591-87001016",
        "",
    ),
    (
        17,
        "福州示例软件有限公司",
        "有限责任公司",
        "林涛",
        "",
        "2019-07-07",
        100,
        "福州市鼓楼区软件大道89号",
        "0591-87001017",
        "sw@example.com",
    ),
    (
        18,
        "福州示例物流有限公司",
        "有限责任公司",
        "蔡伟",
        "",
        "2012-12-12",
        800,
        "福州市仓山区盖山路7号",
        "0591-87001018",
        "",
    ),
    (
        19,
        "福州示例印务有限公司",
        "有限责任公司",
        "叶青",
        "",
        "2008-08-18",
        150,
        "福州市台江区宁化路11号",
        "0591-87001019",
        "",
    ),
    (
        20,
        "福州示例招标代理有限公司",
        "有限责任公司",
        "黄敏",
        "",
        "2010-10-01",
        300,
        "福州市鼓楼区五一北路77号",
        "0591-87001020",
        "",
    ),
]


def code(n: int) -> str:
    return uscc(n, "92" if n == 6 else "91", REGION, SERIES)


def write_csv(
    out: Path, name: str, header: list[str], rows: Sequence[Sequence[object]], encoding: str = "utf-8"
) -> None:
    with (out / name).open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows([["" if v is None else v for v in row] for row in rows])


def registry(out: Path) -> None:
    write_csv(
        out,
        "registry_basic.csv",
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
                code(n),
                name,
                kind,
                rep,
                rep_id,
                founded,
                cap,
                "存续",
                addr,
                phone,
                mail,
                "福州市鼓楼区市场监督管理局",
            ]
            for n, name, kind, rep, rep_id, founded, cap, addr, phone, mail in COMPANIES
        ],
        encoding="utf-8-sig",
    )
    write_csv(
        out,
        "registry_shareholders.csv",
        ["统一社会信用代码", "股东名称", "股东类型", "股东证照号码", "认缴出资额(万元)", "出资比例"],
        [
            [code(3), "陈建国", "自然人股东", CHEN_JG, 14000, "70%"],
            [code(3), "黄丽", "自然人股东", HUANG_LI, 6000, "30%"],
            [code(4), "福州海峡示例控股集团有限公司", "企业法人", code(3), 1800, "60%"],
            [code(4), "黄丽", "自然人股东", HUANG_LI, 1200, "40%"],
            [code(5), "福州海峡示例控股集团有限公司", "企业法人", code(3), 1020, "0.51"],
            [code(5), "吴敏", "自然人股东", WU_MIN, 980, "49"],
            [code(1), "林海", "自然人股东", LIN_HAI, 4000, "80%"],
            [code(1), "周强", "自然人股东", "3501**********1234", 1000, "20%"],
            [code(2), "林海", "自然人股东", LIN_HAI, 800, "100%"],
            [code(7), "郑毅", "自然人股东", ZHENG_YI, 100, "100%"],
            [code(8), "许峰", "自然人股东", XU_FENG, 50, "100%"],
        ],
    )
    people = []
    for n, _name, _kind, rep, rep_id, *_ in COMPANIES:
        people.append([code(n), rep, "执行董事兼总经理", rep_id])
        people.append([code(n), f"监事{n:02d}号", "监事", ""])
    people.append(
        [code(10), "王强", "财务负责人", ""]
    )  # same name as the legal rep: one person (company scope)
    write_csv(out, "registry_people.csv", ["统一社会信用代码", "姓名", "职务", "证件号码"], people)


def lists(out: Path) -> None:
    write_csv(
        out,
        "lists_black_red.csv",
        [
            "名单名称",
            "名单类别",
            "主体名称",
            "统一社会信用代码",
            "法定代表人",
            "列入原因",
            "认定部门",
            "列入日期",
            "移出日期",
            "移出原因",
        ],
        [
            [
                "严重失信主体名单",
                "黑名单",
                COMPANIES[11][1],
                code(12),
                "孙杰",
                "拒不履行行政处罚决定",
                AUTH_SAMR[0],
                "2024-03-15",
                "",
                "",
            ],
            [
                "经营异常名录",
                "黑名单",
                COMPANIES[5][1],
                code(6),
                "陈小明",
                "未按规定报送年度报告",
                "福州市鼓楼区市场监督管理局",
                "2022/05/10",
                "2023/01/20",
                "补报年度报告",
            ],
            [
                "政府采购严重违法失信行为记录名单",
                "黑名单",
                COMPANIES[12][1],
                code(13),
                "周芳",
                "提供虚假材料谋取中标",
                "福州市财政局",
                "2023年9月1日",
                "",
                "",
            ],
            [
                "纳税信用A级纳税人",
                "红名单",
                COMPANIES[2][1],
                code(3),
                "陈建国",
                "纳税信用评价A级",
                AUTH_TAX[0],
                "20240401",
                "",
                "",
            ],
        ],
    )
    with (out / "dishonest_debtors.json").open("w", encoding="utf-8") as handle:
        json.dump(
            [
                {
                    "被执行人姓名/名称": COMPANIES[13][1],
                    "性别": None,
                    "年龄": None,
                    "身份证号码/组织机构代码": code(14),
                    "法定代表人或者负责人姓名": "何军",
                    "执行法院": "福州市中级人民法院",
                    "省份": "福建",
                    "执行依据文号": "(2022)闽01民初1234号",
                    "立案时间": "2023-02-10",
                    "案号": "(2023)闽01执567号",
                    "做出执行依据单位": "福州市中级人民法院",
                    "生效法律文书确定的义务": "支付货款人民币120万元及利息",
                    "被执行人的履行情况": "全部未履行",
                    "失信被执行人行为具体情形": "有履行能力而拒不履行生效法律文书确定义务",
                    "发布时间": "2023-06-01",
                },
                {
                    "被执行人姓名/名称": "张伟",
                    "性别": "男",
                    "年龄": "45",
                    "身份证号码/组织机构代码": "3501**********2318",
                    "法定代表人或者负责人姓名": None,
                    "执行法院": "福州市鼓楼区人民法院",
                    "省份": "福建",
                    "执行依据文号": "(2021)闽0102民初88号",
                    "立案时间": "2022-03-01",
                    "案号": "(2022)闽0102执99号",
                    "做出执行依据单位": "福州市鼓楼区人民法院",
                    "生效法律文书确定的义务": "返还借款5万元",
                    "被执行人的履行情况": "全部未履行",
                    "失信被执行人行为具体情形": "违反财产报告制度",
                    "发布时间": "2022-08-15",
                    "移除时间": "2023-08-15",
                },
            ],
            handle,
            ensure_ascii=False,
            indent=1,
        )


PENALTY_HEADER = [
    "行政相对人名称",
    "行政相对人类别",
    "行政相对人代码_1(统一社会信用代码)",
    "法定代表人",
    "证件类型",
    "证件号码",
    "行政处罚决定书文号",
    "违法行为类型",
    "违法事实",
    "处罚依据",
    "处罚类别",
    "处罚内容",
    "罚款金额(万元)",
    "没收违法所得、没收非法财物的金额(万元)",
    "处罚决定日期",
    "处罚有效期",
    "公示截止期",
    "处罚机关",
    "处罚机关统一社会信用代码",
    "数据来源单位",
    "公示日期",
]


def penalty_row(
    n: int,
    no: str,
    facts: str,
    basis: str,
    types: str,
    content: str,
    fine: object,
    conf: object,
    day: str,
    auth: tuple[str, str],
    shown: str,
) -> list[object]:
    name, rep = COMPANIES[n - 1][1], COMPANIES[n - 1][3]
    category = "个体工商户" if n == 6 else "法人及非法人组织"
    return [
        name,
        category,
        code(n),
        rep,
        "",
        "",
        no,
        facts[:10],
        facts,
        basis,
        types,
        content,
        fine,
        conf,
        day,
        "2099-12-31",
        "2027-12-31",
        auth[0],
        auth[1],
        auth[0],
        shown,
    ]


def penalties(out: Path) -> None:
    rows = [
        penalty_row(
            1,
            "榕市监罚〔2023〕101号",
            "当事人违反《中华人民共和国产品质量法》第三十九条，销售不合格建材。",
            "依据《中华人民共和国产品质量法》第五十条",
            "罚款;没收违法所得",
            "罚款2万元，没收违法所得0.35万元",
            2,
            0.35,
            "2023-05-12",
            AUTH_SAMR,
            "2023-05-18",
        ),
        penalty_row(
            12,
            "榕市监罚〔2023〕188号",
            "未按规定公示年度报告且拒不改正。",
            "《企业信息公示暂行条例》第十八条第一款",
            "警告、罚款",
            "警告并处罚款0.5万元",
            0.5,
            "",
            "2023-08-01",
            AUTH_SAMR,
            "2023-08-30",
        ),
        penalty_row(
            6,
            "鼓市监罚〔2022〕33号",
            "销售超过保质期的食品。",
            "《中华人民共和国食品安全法》第一百二十四条第一款第（二）项",
            "罚款",
            "罚款0.2万元",
            0.2,
            "",
            "2022-04-06",
            ("福州市鼓楼区市场监督管理局", uscc(904, "11", REGION, SERIES)),
            "2022-04-08",
        ),
        penalty_row(
            10,
            "榕建罚〔2024〕12号",
            "施工现场未按规定设置安全防护设施。",
            "《建设工程安全生产管理条例》第六十五条第（四）项",
            "罚款;责令停产停业",
            "罚款5万元，责令停业整顿15日",
            5,
            "",
            "2024-02-20",
            AUTH_HOUSING,
            "2024-02-23",
        ),
        penalty_row(
            13,
            "榕市监罚〔2024〕45号",
            "经营无合格证明的医疗器械。",
            "《医疗器械监督管理条例》第八十六条第一款第（三）项",
            "没收非法财物;罚款",
            "没收涉案器械并处罚款3万元",
            3,
            1.2,
            "二〇二四年三月十一日",
            AUTH_SAMR,
            "2024-03-29",
        ),
    ]
    rows.append(
        [
            "林海",
            "自然人",
            "",
            "",
            "身份证",
            LIN_HAI.lower() if LIN_HAI.endswith("X") else LIN_HAI,
            "榕建罚〔2024〕13号",
            "个人违法",
            "作为项目经理未履行安全管理职责。",
            "《建设工程安全生产管理条例》第五十八条",
            "罚款",
            "罚款1万元",
            1,
            "",
            "2024-02-20",
            "",
            "",
            AUTH_HOUSING[0],
            AUTH_HOUSING[1],
            AUTH_HOUSING[0],
            "2024-02-26",
        ]
    )
    write_csv(out, "penalties_current.csv", PENALTY_HEADER, rows)
    book = Workbook()
    sheet = book.active
    sheet.title = "行政处罚"
    sheet.append(PENALTY_HEADER)
    sheet.append(
        penalty_row(
            15,
            "榕市监罚〔2024〕77号",
            "生产经营标签不符合规定的预包装食品。",
            "依据《中华人民共和国食品安全法》第一百二十五条第一款第（二）项",
            "警告",
            "警告",
            "",
            "",
            "2024-06-03",
            AUTH_SAMR,
            "2024-06-07",
        )
    )
    book.save(out / "penalties_2024.xlsx")
    legacy = [
        {
            "CF_WSH": "榕税罚〔2019〕8号",
            "CF_AJMC": "虚开发票案",
            "CF_CFLB1": "罚款",
            "CF_CFLB2": "没收违法所得",
            "CF_SY": "违反《中华人民共和国发票管理办法》第二十二条",
            "CF_YJ": "《中华人民共和国发票管理办法》第三十七条第一款",
            "CF_JG": "罚款10万元，没收违法所得",
            "CF_XDR_MC": COMPANIES[17][1],
            "CF_XDR_SHXYM": code(18),
            "CF_FR": "蔡伟",
            "CF_JDRQ": "2019/11/05",
            "CF_XZJG": AUTH_TAX[0],
            "CF_ZT": "正常",
            "DFBM": "350100",
            "CF_SJC": "2019-11-06 10:00:00",
        },
        {
            "CF_WSH": "榕税罚〔2020〕21号",
            "CF_AJMC": "逾期申报案",
            "CF_CFLB1": "罚款",
            "CF_CFLB2": "",
            "CF_SY": "未按期办理纳税申报",
            "CF_YJ": "《中华人民共和国税收征收管理法》第六十二条",
            "CF_JG": "罚款0.2万元",
            "CF_XDR_MC": COMPANIES[18][1],
            "CF_XDR_SHXYM": code(19),
            "CF_FR": "叶青",
            "CF_JDRQ": "20200315",
            "CF_XZJG": AUTH_TAX[0],
            "CF_ZT": "正常",
            "DFBM": "350100",
        },
        {
            "CF_WSH": "榕环罚〔2018〕5号",
            "CF_AJMC": "超标排放案",
            "CF_CFLB1": "暂扣或者吊销许可证、暂扣或者吊销执照",
            "CF_CFLB2": "罚款",
            "CF_SY": "超标排放水污染物",
            "CF_YJ": "《中华人民共和国水污染防治法》第八十三条第（二）项",
            "CF_JG": "罚款20万元，暂扣排污许可证三个月",
            "CF_XDR_MC": COMPANIES[13][1],
            "CF_XDR_SHXYM": code(14),
            "CF_FR": "何军",
            "CF_JDRQ": "2018年7月9日",
            "CF_XZJG": "福州市生态环境局",
            "CF_ZT": "正常",
            "DFBM": "350100",
        },
        {
            "CF_WSH": "榕市监罚〔2017〕66号",
            "CF_AJMC": "无照经营案",
            "CF_CFLB1": "警告",
            "CF_CFLB2": "",
            "CF_SY": "未取得营业执照从事经营",
            "CF_YJ": "《无证无照经营查处办法》第十三条",
            "CF_JG": "警告",
            "CF_XDR_MC": "福州某某小吃店",
            "CF_XDR_SHXYM": "",
            "CF_FR": "",
            "CF_JDRQ": "2017-10-30",
            "CF_XZJG": AUTH_SAMR[0],
            "CF_ZT": "正常",
            "DFBM": "350102",
        },
    ]
    with (out / "penalties_legacy.jsonl").open("w", encoding="utf-8") as handle:
        for item in legacy:
            handle.write(json.dumps(item, ensure_ascii=False) + "\n")


def licences(out: Path) -> None:
    header = [
        "XK_XDR_MC",
        "XK_XDR_LB",
        "XK_XDR_SHXYM",
        "XK_FRDB",
        "XK_XKWS",
        "XK_WSH",
        "XK_XKLB",
        "XK_XKZS",
        "XK_XKBH",
        "XK_NR",
        "XK_JDRQ",
        "XK_YXQZ",
        "XK_YXQZI",
        "XK_XKJG",
        "XK_XKJGDM",
        "XK_ZT",
    ]
    write_csv(
        out,
        "licences.csv",
        header,
        [
            [
                COMPANIES[0][1],
                "法人及非法人组织",
                code(1),
                "林海",
                "建筑业企业资质证书",
                "榕建许〔2021〕301号",
                "认可",
                "建筑业企业资质证书",
                "D335000001",
                "市政公用工程施工总承包三级",
                "2021-06-01",
                "2021-06-01",
                "2026-05-31",
                AUTH_HOUSING[0],
                AUTH_HOUSING[1],
                "有效",
            ],
            [
                COMPANIES[6][1],
                "法人及非法人组织",
                code(7),
                "郑毅",
                "食品经营许可决定书",
                "榕市监许〔2020〕1188号",
                "普通",
                "食品经营许可证",
                "JY23501020001188",
                "餐饮服务",
                "2020-07-15",
                "2020-07-15",
                "2099-12-31",
                AUTH_SAMR[0],
                AUTH_SAMR[1],
                "有效",
            ],
            [
                COMPANIES[9][1],
                "法人及非法人组织",
                code(10),
                "王强",
                "安全生产许可证",
                "(闽)JZ安许证字〔2019〕000123",
                "普通",
                "安全生产许可证",
                "(闽)JZ安许证字〔2019〕000123",
                "建筑施工",
                "2019/03/01",
                "2019/03/01",
                "2022/02/28",
                "福建省住房和城乡建设厅",
                "",
                "有效",
            ],
        ],
    )


def bids(out: Path) -> None:
    header = [
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
    ]
    agent = COMPANIES[19][1]
    write_csv(
        out,
        "bids_fzcg_2024_0088.csv",
        header,
        [
            [
                "FZCG-2024-0088",
                "1",
                COMPANIES[0][1],
                code(1),
                "林海",
                LIN_HAI,
                "李娜",
                "13800000001",
                agent,
                "6217000000000000011",
                "MC-1A2B-3C4D-0001",
                "FID-0001",
                "LOCK-1001",
                "10.1.1.11",
            ],
            [
                "FZCG-2024-0088",
                "1",
                COMPANIES[1][1],
                code(2),
                "吴敏",
                WU_MIN,
                "李娜",
                "13800000002",
                agent,
                "6217000000000000022",
                "MC-1A2B-3C4D-0002",
                "FID-0002",
                "LOCK-1002",
                "10.1.1.12",
            ],
            [
                "FZCG-2024-0088",
                "1",
                COMPANIES[9][1],
                code(10),
                "王强",
                "",
                "赵敏",
                "13800000010",
                agent,
                "6217000000000000100",
                "MC-7F3A-91D2-0C55",
                "FID-0010",
                "LOCK-1010",
                "10.1.2.10",
            ],
            [
                "FZCG-2024-0088",
                "1",
                COMPANIES[10][1],
                code(11),
                "赵磊",
                "",
                "钱勇",
                "13800000011",
                agent,
                "6217000000000000110",
                "MC-7F3A-91D2-0C55",
                "FID-0011",
                "LOCK-1011",
                "10.1.3.11",
            ],
            [
                "FZCG-2024-0088",
                "1",
                COMPANIES[11][1],
                code(12),
                "孙杰",
                "",
                "孙丽",
                "13800000012",
                agent,
                "6217000000000000120",
                "MC-5E6F-7A8B-0012",
                "FID-0012",
                "LOCK-1012",
                "10.1.4.12",
            ],
        ],
    )


def write_bundle(out: Path = DEFAULT) -> None:
    """Write every file of the bundle into `out` (created)."""
    out.mkdir(parents=True, exist_ok=True)
    registry(out)
    lists(out)
    penalties(out)
    licences(out)
    bids(out)


def main(argv: Sequence[str]) -> None:
    import argparse

    from api.bench.rebase import rebase

    parser = argparse.ArgumentParser(prog="python -m api.bench.sample", description=__doc__)
    parser.add_argument("out", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--today", type=date.fromisoformat, help="rebase the dates onto this day")
    args = parser.parse_args(argv)
    write_bundle(args.out)
    if args.today:
        rebase(args.out, REFERENCE, args.today)


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
