"""A synthetic, realistically shaped credit dataset in the input formats of formats.md.

`generate(out, entities=N, seed=S)` writes the registry's three tables, 双公示 penalties, black/red
lists and bids as CSV, plus `synth.manifest` (JSON: row counts, deliberately bad rows, 10-bidder sets
for the benchmark). Same seed, same bytes. The shape is what makes graph queries slow in real
data, so it is deliberate:
- a few holding groups own thousands of subsidiaries (power law), ≥ 51 % each;
- legal representatives are drawn with a heavy-tailed law, so some persons represent dozens;
- registered-agent addresses (and some of their phones) are shared by hundreds of firms;
- 1–3 % of firms are on a black list, with dates, some already removed;
- penalties carry log-normal fine amounts in 万元; tenders have colluding groups (same legal rep,
  one holding group, same project manager, one machine code or deposit account).
Every code carries correct check digits (`api.bench.codes`, series `T`); `bad_rate` corrupts
that share of penalty, list and bid rows (a wrong USCC check digit) so exactly those rows are
quarantined.
"""

from __future__ import annotations

import csv
import json
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from api.bench.codes import bad_check, id_no, uscc

REGIONS = [
    ("110105", "北京市朝阳区"),
    ("310115", "上海市浦东新区"),
    ("440305", "深圳市南山区"),
    ("330106", "杭州市西湖区"),
    ("410102", "郑州市中原区"),
    ("350102", "福州市鼓楼区"),
    ("510107", "成都市武侯区"),
    ("420106", "武汉市武昌区"),
    ("320106", "南京市鼓楼区"),
    ("370102", "济南市历下区"),
]
_BRAND = "华信达盛通宏泰安恒源鑫隆丰瑞祥德嘉新兴昌建中天金海利永广富博汇景启明远航鼎诚"
_TRADE = [
    "建设工程",
    "建材贸易",
    "商务咨询",
    "餐饮管理",
    "物业服务",
    "科技",
    "环保科技",
    "医疗器械",
    "物流",
    "食品",
    "纺织",
    "印务",
    "软件",
    "市政工程",
    "路桥工程",
    "装饰工程",
]
_SURNAME = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蔡蒋余于杜叶"
_GIVEN = [
    "伟",
    "芳",
    "娜",
    "敏",
    "静",
    "丽",
    "强",
    "磊",
    "军",
    "洋",
    "勇",
    "艳",
    "杰",
    "涛",
    "明",
    "超",
    "秀英",
    "建国",
    "建华",
    "志强",
    "海燕",
    "晓东",
    "丽娟",
    "国庆",
    "春梅",
    "文博",
    "子涵",
    "浩然",
]
_ROADS = ["人民路", "解放路", "中山路", "建设路", "和平路", "新华路", "文化路", "滨江路"]
_BUREAUS = ["市场监督管理局", "生态环境局", "应急管理局", "税务局", "城市管理局", "交通运输局"]
_LAWS = [
    ("中华人民共和国产品质量法", "五十"),
    ("中华人民共和国食品安全法", "一百二十四"),
    ("中华人民共和国环境保护法", "五十九"),
    ("中华人民共和国安全生产法", "九十九"),
    ("中华人民共和国广告法", "五十五"),
    ("企业信息公示暂行条例", "十八"),
]
_LISTS = ["严重失信主体名单", "经营异常名录", "重大税收违法失信主体", "政府采购严重违法失信行为记录名单"]

# Not a suffix ingest reads, so `credit-graph ingest DIR` takes the data files only.
MANIFEST = "synth.manifest"
BASIC = [
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
]
HOLDERS = ["统一社会信用代码", "股东名称", "股东类型", "股东证照号码", "认缴出资额(万元)", "出资比例"]
PEOPLE = ["统一社会信用代码", "姓名", "职务", "证件号码"]
PENALTY = [
    "行政相对人名称",
    "行政相对人类别",
    "行政相对人代码_1(统一社会信用代码)",
    "法定代表人",
    "法定代表人证件号码",
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
]
LISTS = [
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
]
BIDS = [
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


def person_id(i: int) -> str:
    """A distinct, valid ID number per person index: birth day and sequence spread the index."""
    birth = (date(1950, 1, 1) + timedelta(days=i % 18000)).strftime("%Y%m%d")
    return id_no(i // 18000, birth, REGIONS[i % len(REGIONS)][0])


def person_name(i: int) -> str:
    # Few names for many people, as in life: 张伟 is many persons, told apart only by ID.
    return _SURNAME[(i * 7) % len(_SURNAME)] + _GIVEN[(i * 13 + i // 41) % len(_GIVEN)]


def brand(n: int) -> str:
    chars = []
    while True:
        n, digit = divmod(n, len(_BRAND))
        chars.append(_BRAND[digit])
        if n == 0:
            break
    return "".join(reversed(chars)).rjust(2, "中")


@dataclass
class Firm:
    uscc: str
    name: str
    rep: int  # person index
    rep_has_id: bool
    phone: str


@dataclass
class _Out:
    writers: dict[str, Any] = field(default_factory=dict)
    handles: list[Any] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)
    bad: dict[str, int] = field(default_factory=dict)

    def open(self, out: Path, name: str, header: list[str]) -> None:
        handle = (out / name).open("w", encoding="utf-8", newline="")
        self.handles.append(handle)
        self.writers[name] = csv.writer(handle)
        self.writers[name].writerow(header)
        self.rows[name], self.bad[name] = 0, 0

    def row(self, name: str, values: list[object], bad: bool = False) -> None:
        self.writers[name].writerow(["" if v is None else v for v in values])
        self.rows[name] += 1
        self.bad[name] += bad

    def close(self) -> None:
        for handle in self.handles:
            handle.close()


class _World:
    def __init__(self, entities: int, seed: int, bad_rate: float) -> None:
        self.n = entities
        self.rng = random.Random(seed)
        self.bad_rate = bad_rate
        self.groups = 3 + entities // 50_000  # holding groups are firms 0..groups-1
        self.rep_pool = max(10, int(entities * 0.75))
        self.agents = max(3, entities // 400)  # registered-agent addresses
        self.firms: list[Firm] = []
        self.subsidiaries: dict[int, list[int]] = {g: [] for g in range(self.groups)}

    def zipf(self, size: int, skew: float = 1.6) -> int:
        """Index in [0, size): low indices are drawn far more often (heavy tail of degrees)."""
        return min(size - 1, int(size * self.rng.random() ** skew))

    def bad(self) -> bool:
        return self.bad_rate > 0 and self.rng.random() < self.bad_rate


def _registry(w: _World, out: _Out) -> None:
    rng = w.rng
    for k in range(w.n):
        region, place = REGIONS[k % len(REGIONS)]
        individual = k >= w.groups and rng.random() < 0.08
        code = uscc(k, "92" if individual else "91", region)
        trade = _TRADE[k % len(_TRADE)]
        if k < w.groups:
            name = f"{place[:3]}{brand(k)}控股集团有限公司"
        elif individual:
            name = f"{place}{brand(k)}{trade}经营部"
        else:
            name = f"{place[:3]}{brand(k)}{trade}有限公司"
        rep = w.zipf(w.rep_pool)
        has_id = rng.random() < 0.8
        at_agent = rng.random() < 0.2
        agent = w.zipf(w.agents, 2.0)
        if at_agent:
            agent_place = REGIONS[agent % len(REGIONS)][1]  # the agent's city, not the firm's
            address = f"{agent_place}{_ROADS[agent % 8]}{agent + 1}号商务中心{agent % 30 + 1}层"
        else:
            address = f"{place}{_ROADS[k % 8]}{k + 1}号"
        phone = f"0{rng.randint(20, 99)}-{k:08d}"
        if at_agent and rng.random() < 0.5:
            phone = f"0{agent % 80 + 20}-9{agent:07d}"  # the agent's number, shared
        elif rng.random() < 0.15:
            phone = ""
        mail = f"info{k}@example.com" if rng.random() < 0.2 else ""
        founded = date(1995, 1, 1) + timedelta(days=rng.randrange(10_500))
        capital = round(10 ** rng.uniform(1, 5) if k >= w.groups else 200_000, 1)
        kind = "个体工商户" if individual else "有限责任公司"
        out.row(
            "registry_basic.csv",
            [
                code,
                name,
                kind,
                person_name(rep),
                person_id(rep) if has_id else "",
                founded.isoformat(),
                capital,
                "存续",
                address,
                phone,
                mail,
                f"{place}市场监督管理局",
            ],
        )
        w.firms.append(Firm(code, name, rep, has_id, phone))
        _holders(w, out, k, capital)
        if rng.random() < 0.4:
            out.row(
                "registry_people.csv",
                [code, person_name(rep), "执行董事兼总经理", person_id(rep) if has_id else ""],
            )
        if rng.random() < 0.5:
            sup = w.rep_pool + w.n + rng.randrange(w.n)
            out.row(
                "registry_people.csv",
                [code, person_name(sup), "监事", person_id(sup) if rng.random() < 0.7 else ""],
            )


def _holders(w: _World, out: _Out, k: int, capital: float) -> None:
    rng, firm = w.rng, w.firms[k]
    name = "registry_shareholders.csv"
    if k < w.groups:
        share = rng.uniform(0.5, 0.9)
        ident = person_id(firm.rep) if firm.rep_has_id else ""
        out.row(
            name,
            [
                firm.uscc,
                person_name(firm.rep),
                "自然人股东",
                ident,
                round(capital * share, 1),
                f"{share:.0%}",
            ],
        )
        return
    ratio = 1.0
    if rng.random() < 0.15:  # a subsidiary: Zipf over groups, so the first has thousands
        group = min(w.groups - 1, int(w.groups * rng.random() ** 2.5))
        w.subsidiaries[group].append(k)
        ratio = rng.choice([1.0, 1.0, 0.51, 0.6, 0.8])
        out.row(
            name,
            [
                firm.uscc,
                w.firms[group].name,
                "企业法人",
                w.firms[group].uscc,
                round(capital * ratio, 1),
                f"{ratio:.2f}",
            ],
        )
        ratio = round(1 - ratio, 2)
    elif k > w.groups and rng.random() < 0.1:
        other = w.firms[rng.randrange(w.groups, k)]
        part = round(rng.uniform(0.2, 0.49), 2)
        out.row(
            name, [firm.uscc, other.name, "企业法人", other.uscc, round(capital * part, 1), f"{part:.2f}"]
        )
        ratio = round(1 - part, 2)
    if ratio <= 0:
        return
    rep_share = ratio if rng.random() < 0.5 else round(ratio * rng.uniform(0.5, 0.9), 2)
    ident = person_id(firm.rep) if firm.rep_has_id else f"{firm.uscc[2:6]}**********{k % 10_000:04d}"
    out.row(
        name,
        [
            firm.uscc,
            person_name(firm.rep),
            "自然人股东",
            ident,
            round(capital * rep_share, 1),
            f"{rep_share * 100:.0f}%",
        ],
    )
    if ratio - rep_share > 0.005:
        other_person = w.rep_pool + rng.randrange(w.n)
        out.row(
            name,
            [
                firm.uscc,
                person_name(other_person),
                "自然人股东",
                person_id(other_person),
                round(capital * (ratio - rep_share), 1),
                f"{(ratio - rep_share):.2f}",
            ],
        )


def _fine(rng: random.Random) -> float:
    return max(0.01, round(rng.lognormvariate(0.0, 1.6) * 0.8, 2))  # 万元: mostly 0.1–10, tail to 100s


def _penalties(w: _World, out: _Out) -> None:
    rng, seq = w.rng, 0
    for k in range(w.n):
        if rng.random() >= 0.06:
            continue
        firm = w.firms[k]
        region, place = REGIONS[k % len(REGIONS)]
        for _ in range(1 + (rng.random() < 0.25)):
            seq += 1
            b = rng.randrange(len(_BUREAUS))
            law, article = _LAWS[rng.randrange(len(_LAWS))]
            fine = _fine(rng)
            conf: float | None = None
            kinds, content = "罚款", f"罚款{fine}万元"
            roll = rng.random()
            if roll < 0.15:
                kinds, fine, content = "警告", 0.0, "警告"
            elif roll < 0.35:
                conf = round(fine * rng.uniform(0.1, 1.0), 2)
                kinds, content = "罚款;没收违法所得", f"罚款{fine}万元，没收违法所得{conf}万元"
            day = date(2019, 1, 1) + timedelta(days=rng.randrange(2400))
            bad = w.bad()
            body = f"{place}{_BUREAUS[b]}"
            out.row(
                "penalties.csv",
                [
                    firm.name,
                    "个体工商户" if firm.uscc.startswith("92") else "法人及非法人组织",
                    bad_check(firm.uscc) if bad else firm.uscc,
                    person_name(firm.rep) if firm.rep_has_id else "",
                    person_id(firm.rep) if firm.rep_has_id else "",
                    f"{place[:2]}{_BUREAUS[b][:2]}罚〔{day.year}〕{seq}号",
                    "违反" + law[:8],
                    f"当事人违反《{law}》的规定。",
                    f"依据《{law}》第{article}条",
                    kinds,
                    content,
                    fine if fine else "",
                    conf,
                    day.isoformat(),
                    "2099-12-31",
                    (day + timedelta(days=1095)).isoformat(),
                    body,
                    uscc(900 + b, "11", region),
                    body,
                ],
                bad,
            )


def _lists(w: _World, out: _Out) -> None:
    rng = w.rng
    black = rng.uniform(0.01, 0.03)
    for k in range(w.groups, w.n):
        roll = rng.random()
        if roll >= black + 0.005:
            continue
        firm, red = w.firms[k], roll >= black
        listed = date(2018, 1, 1) + timedelta(days=rng.randrange(2900))
        removed = listed + timedelta(days=rng.randrange(90, 900)) if not red and rng.random() < 0.3 else None
        removed = removed if removed and removed < date(2025, 12, 31) else None
        bad = w.bad()
        out.row(
            "lists.csv",
            [
                "纳税信用A级纳税人" if red else _LISTS[rng.randrange(len(_LISTS))],
                "红名单" if red else "黑名单",
                firm.name,
                bad_check(firm.uscc) if bad else firm.uscc,
                "",
                "纳税信用评价A级" if red else "严重违法失信",
                f"{REGIONS[k % len(REGIONS)][1]}市场监督管理局",
                listed.isoformat(),
                removed.isoformat() if removed else "",
                "信用修复" if removed else "",
            ],
            bad,
        )


def _colluders(w: _World, size: int) -> list[int]:
    """Firms tied by a fact the bidder check must find: one holding group or one legal rep."""
    rng = w.rng
    big = [g for g, subs in w.subsidiaries.items() if len(subs) >= size]
    if big and rng.random() < 0.5:
        return rng.sample(w.subsidiaries[rng.choice(big)], size)
    rep = w.firms[w.groups + rng.randrange(w.n - w.groups)].rep
    same = [k for k in range(w.groups, min(w.n, w.groups + 20_000)) if w.firms[k].rep == rep][:size]
    return same if len(same) >= 2 else rng.sample(range(w.groups, w.n), size)


def _bids(w: _World, out: _Out) -> list[list[str]]:
    rng, sets, bid_no = w.rng, [], 0
    for t in range(max(20, w.n // 150)):
        project = f"ZB-{2020 + t % 6}-{t:06d}"
        count = rng.randint(10, 12) if t % 3 == 0 else rng.randint(3, 9)
        firms = rng.sample(range(w.groups, w.n), count)
        shared: dict[str, int] = {}
        if rng.random() < 0.2:  # a colluding group inside this tender
            group = _colluders(w, rng.randint(2, 3))
            firms = [*group, *(f for f in firms if f not in group)][:count]
            trait = rng.choice(["machine", "deposit", "manager", "none"])
            shared = {trait: t}
        usccs = []
        for i, k in enumerate(firms):
            bid_no += 1
            firm, colluding = w.firms[k], i < 3 and bool(shared)
            manager = w.rep_pool + 2 * w.n + (t if colluding and "manager" in shared else bid_no)
            bad = w.bad()
            out.row(
                "bids.csv",
                [
                    project,
                    "1",
                    firm.name,
                    bad_check(firm.uscc) if bad else firm.uscc,
                    person_name(manager),
                    person_id(manager),
                    person_name(bid_no),
                    firm.phone,
                    "",
                    f"62170{shared['deposit'] if colluding and 'deposit' in shared else bid_no:014d}",
                    f"MC-{shared['machine'] if colluding and 'machine' in shared else bid_no:08d}",
                    f"FID-{bid_no:08d}",
                    f"LOCK-{bid_no:08d}",
                    f"10.{bid_no // 65536 % 256}.{bid_no // 256 % 256}.{bid_no % 256}",
                ],
                bad,
            )
            usccs.append(firm.uscc)
        if len(usccs) >= 10:
            sets.append(usccs[:10])
    return sets


def generate(out: Path, entities: int, seed: int = 1, bad_rate: float = 0.0) -> dict[str, Any]:
    """Write the dataset into `out` (created); returns the manifest (also written to `MANIFEST`)."""
    out.mkdir(parents=True, exist_ok=True)
    world, files = _World(max(entities, 20), seed, bad_rate), _Out()
    for name, header in [
        ("registry_basic.csv", BASIC),
        ("registry_shareholders.csv", HOLDERS),
        ("registry_people.csv", PEOPLE),
        ("penalties.csv", PENALTY),
        ("lists.csv", LISTS),
        ("bids.csv", BIDS),
    ]:
        files.open(out, name, header)
    try:
        _registry(world, files)
        _penalties(world, files)
        _lists(world, files)
        sets = _bids(world, files)
    finally:
        files.close()
    manifest: dict[str, Any] = {
        "seed": seed,
        "entities": world.n,
        "bad_rate": bad_rate,
        "rows": files.rows,
        "bad": files.bad,
        "holding_groups": {world.firms[g].uscc: len(s) for g, s in world.subsidiaries.items()},
        "bidder_sets": sets[:200],
    }
    (out / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return manifest
