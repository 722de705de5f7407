"""Bidder check for one tender: every associated pair of bidders, graded by its legal basis.

Verdicts, strongest first:
- BARRED: same 单位负责人 (legal representative), or control between the two bidders: one holds
  more than 50 % of the other, directly or through a chain of companies each holding more than 50 %
  of the next, or is its declared 实际控制人 (queries/control.py). 《招标投标法实施条例》第三十四条
  第二款 (控股、管理关系); 《政府采购法实施条例》第十八条第一款 covers only 直接控股.
- DEEMED_COLLUSION: bid data shows the same 项目负责人/联系人, agent, deposit account, or files
  made on one machine / with one lock. 《招标投标法实施条例》第四十条; 财政部令第87号第三十七条.
- SUSPECTED: one controller of both (common controller, same 实际控制人: sister companies are not
  barred by art. 34, whose text covers control *between* the bidders); shared phone, e-mail,
  address or bidding IP; one person officer/shareholder of both. Exactly 50 % is not 控股.
- CONNECTED: any other association path within `maxHops`.
Evaluated at `$asOf` (dated roles and holdings, listings in effect). Association is a lead for
the people who decide, never proof of wrongdoing: every answer carries the disclaimer.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import Enum
from itertools import combinations

from graph.cypher import Statement, digits, statement, statements
from graph.store import GraphStore
from queries.common import (
    DATED_PATH,
    DATED_R,
    IN_EFFECT_L,
    NODE_VIEW,
    PATH_VIEW,
    REL_VIEW,
    Hops,
    ListingRecord,
    PathResult,
    RelRef,
    Row,
    to_path,
)
from queries.control import BIDDER_DEPTH, COMMON_CONTROLLER, CONTROL_BETWEEN, top_down
from queries.paths import ASSOCIATION, CROWDED, FANOUT, HUB, SEARCH_COST
from queries.profile import entity_ids_by_uscc

MAX_BIDDERS = 50
DISCLAIMER = (
    "关联关系是依据公开信用信息和投标数据给出的核查线索，不构成对违法行为的认定；"
    "是否存在串通投标等违法情形，应由有权机关依法调查认定。"
)


class Verdict(Enum):
    BARRED = 1
    DEEMED_COLLUSION = 2
    SUSPECTED = 3
    CONNECTED = 4


LEGAL_BASIS: dict[Verdict, str] = {
    Verdict.BARRED: (
        "《中华人民共和国招标投标法实施条例》第三十四条第二款：单位负责人为同一人或者存在控股、管理关系的不同单位，"
        "不得参加同一标段投标或者未划分标段的同一招标项目投标。"
        "《中华人民共和国政府采购法实施条例》第十八条第一款：单位负责人为同一人或者存在直接控股、管理关系的不同供应商，"
        "不得参加同一合同项下的政府采购活动。"
        "政府采购中该款仅及于直接控股：通过多层持股形成的间接控股不在其文义之内，应作为串通线索核实。"
        "控股指持股比例超过百分之五十（《中华人民共和国公司法》第二百六十五条），恰为百分之五十不构成控股。"
    ),
    Verdict.DEEMED_COLLUSION: (
        "《中华人民共和国招标投标法实施条例》第四十条：不同投标人的投标文件由同一单位或者个人编制；"
        "委托同一单位或者个人办理投标事宜；载明的项目管理成员为同一人；投标保证金从同一单位或者个人的账户转出的，"
        "视为投标人相互串通投标。《政府采购货物和服务招标投标管理办法》（财政部令第87号）第三十七条：……项目管理成员"
        "或者联系人员为同一人的，视为投标人串通投标。"
    ),
    Verdict.SUSPECTED: (
        "《中华人民共和国招标投标法》第三十二条第一款：投标人不得相互串通投标报价。共同的控股股东或实际控制人、"
        "共同的联系方式、地址、投标IP或人员不是法定的禁止或视为串通情形（《招标投标法实施条例》第三十四条"
        "只及于投标人之间的控股、管理关系），是需要结合其他证据核实的线索。"
    ),
    Verdict.CONNECTED: "无对应的法定禁止或视为串通情形；关联路径仅供核查参考。",
}

# Evidence kind -> (verdict, description template). Bid artefact kinds come from Identifier.kind.
EVIDENCE: dict[str, tuple[Verdict, str]] = {
    "same_legal_rep": (Verdict.BARRED, "法定代表人（单位负责人）为同一人：{via}"),
    "holding": (Verdict.BARRED, "控股关系：{via}"),
    "actual_control": (Verdict.BARRED, "实际控制关系：{via}"),
    "common_controller": (Verdict.SUSPECTED, "同一控制人：{via}"),
    "MANAGED_BY": (Verdict.DEEMED_COLLUSION, "投标文件载明的项目负责人为同一人：{via}"),
    "CONTACT": (Verdict.DEEMED_COLLUSION, "投标文件载明的联系人为同一人：{via}"),
    "VIA_AGENT": (Verdict.DEEMED_COLLUSION, "委托同一代理机构办理投标事宜：{via}"),
    "deposit_account": (Verdict.DEEMED_COLLUSION, "投标保证金从同一账户转出：{via}"),
    "machine_code": (Verdict.DEEMED_COLLUSION, "投标文件制作机器码相同（同一单位或个人编制）：{via}"),
    "file_id": (Verdict.DEEMED_COLLUSION, "投标文件创建标识码相同（同一单位或个人编制）：{via}"),
    "lock_serial": (Verdict.DEEMED_COLLUSION, "加密锁序列号相同（同一单位或个人编制）：{via}"),
    "ip": (Verdict.SUSPECTED, "投标IP地址相同：{via}"),
    "same_contact_name": (Verdict.SUSPECTED, "投标文件联系人同名（身份未经证件核实）：{via}"),
    "same_manager_name": (Verdict.SUSPECTED, "项目负责人同名（身份未经证件核实）：{via}"),
    "HAS_PHONE": (Verdict.SUSPECTED, "联系电话相同：{via}"),
    "HAS_EMAIL": (Verdict.SUSPECTED, "电子邮箱相同：{via}"),
    "LOCATED_AT": (Verdict.SUSPECTED, "住所相同：{via}"),
    "shared_person": (Verdict.SUSPECTED, "同一人在两家单位任职或持股：{via}"),
    "path": (Verdict.CONNECTED, "{via}"),
}

_D = date(2026, 1, 1)
_IDS = ["e:91110000000000000X", "e:91110000000000001X"]
_RETURN = " RETURN a.id AS a, b.id AS b, " + PATH_VIEW

# Two bidders that meet at one node in the middle (their legal representative, a controller, a
# person): the pattern (a)<-[r1]-(m)-[r2]->(b) walks every edge of m, and m is often a hub (a
# holding group with thousands of subsidiaries, a person representing dozens of firms): up to
# 2.2 s per check at 20k firms. So each bidder's own few in-edges are read (from the low-degree
# side, as the writer does) and paired per middle node: same rows, p50 30 → 5 ms, worst 562 → 94 ms.
_PAIR_BY_MIDDLE = (
    " WITH m, collect(e) AS firms, collect(r) AS edges WHERE size(firms) >= 2"
    " UNWIND range(0, size(firms) - 1) AS i UNWIND range(0, size(firms) - 1) AS j"
    " WITH m, firms[i] AS a, edges[i] AS r1, firms[j] AS b, edges[j] AS r2 WHERE a.id < b.id"
)
_MIDDLE_VIEW = (
    " RETURN a.id AS a, b.id AS b, [n IN [a, m, b] | " + NODE_VIEW + "] AS nodes,"
    " [x IN [r1, r2] | " + REL_VIEW + "] AS rels"
)

SAME_LEGAL_REP = statement(
    "UNWIND $ids AS bid MATCH (e:Entity {id: bid})<-[r:LEGAL_REP_OF]-(m:Person) WHERE "
    + DATED_R
    + _PAIR_BY_MIDDLE
    + _MIDDLE_VIEW
    + ", 'same_legal_rep' AS kind, m.name AS via",
    ids=_IDS,
    asOf=_D,
)

BID_ARTEFACTS = statement(
    "UNWIND $ids AS aid "
    "MATCH path = (a:Entity {id: aid})-[:SUBMITTED]->(ba:Bid)-[u1:USED|MANAGED_BY|CONTACT|VIA_AGENT]->(x)"
    "<-[u2:USED|MANAGED_BY|CONTACT|VIA_AGENT]-(bb:Bid)<-[:SUBMITTED]-(b:Entity) "
    "WHERE b.id IN $ids AND aid < b.id AND type(u1) = type(u2) "
    # An agent named on every bid of the tender is the tendering agent (招标代理), not one the
    # bidders entrusted (条例 art. 40 (二)): it is evidence only when some bid does not use it.
    "AND (type(u1) <> 'VIA_AGENT' OR EXISTS { MATCH (ba)-[:BID_FOR]->(:Tender)<-[:BID_FOR]-(other:Bid) "
    "WHERE NOT (other)-[:VIA_AGENT]->(x) }) "
    "AND ($tender IS NULL OR (EXISTS { MATCH (ba)-[:BID_FOR]->(:Tender {id: $tender}) } "
    "AND EXISTS { MATCH (bb)-[:BID_FOR]->(:Tender {id: $tender}) })) "
    "WITH a, b, path, CASE type(u1) WHEN 'USED' THEN x.kind ELSE type(u1) END AS kind, "
    "coalesce(x.name, x.value) AS via" + _RETURN + ", kind, via",
    ids=_IDS,
    tender="tender:x",
)

# Two bids naming people of the same name whose identity cannot be confirmed (no or different
# ID numbers): never treated as one person (formats.md identity rules), but worth a look.
SAME_NAMES_ON_BIDS = statement(
    "UNWIND $ids AS aid "
    "MATCH pa = (a:Entity {id: aid})-[:SUBMITTED]->(:Bid)-[u1:MANAGED_BY|CONTACT]->(p1:Person) "
    "MATCH pb = (p2:Person {name_norm: p1.name_norm})"
    "<-[u2:MANAGED_BY|CONTACT]-(:Bid)<-[:SUBMITTED]-(b:Entity) "
    "WHERE b.id IN $ids AND aid < b.id AND type(u1) = type(u2) AND p1.id <> p2.id "
    "WITH a, b, nodes(pa) + nodes(pb) AS ns, relationships(pa) + relationships(pb) AS rs, p1.name AS via, "
    "CASE type(u1) WHEN 'CONTACT' THEN 'same_contact_name' ELSE 'same_manager_name' END AS kind "
    "RETURN a.id AS a, b.id AS b, [n IN ns | " + NODE_VIEW + "] AS nodes, "
    "[x IN rs | " + REL_VIEW + "] AS rels, kind, via",
    ids=_IDS,
)

CONTACT_POINTS = statement(
    "UNWIND $ids AS aid "
    "MATCH path = (a:Entity {id: aid})-[u1:HAS_PHONE|HAS_EMAIL|LOCATED_AT]->(x)"
    "<-[u2:HAS_PHONE|HAS_EMAIL|LOCATED_AT]-(b:Entity) "
    "WHERE b.id IN $ids AND aid < b.id AND type(u1) = type(u2) AND "
    + DATED_R.replace("r.", "u1.")
    + " AND "
    + DATED_R.replace("r.", "u2.")
    + " WITH a, b, path, type(u1) AS kind, coalesce(x.number, x.address, x.text) AS via,"
    " COUNT { (x)<-[:HAS_PHONE|HAS_EMAIL|LOCATED_AT]-(:Entity) } AS firms" + _RETURN + ", kind, via, firms",
    ids=_IDS,
    asOf=_D,
)
# A shared contact point that more than CROWDED other firms also use (集中登记地址, an agent's
# phone) stays evidence, but its description says how many firms registered it.
_CROWDED_NOTE = {
    "LOCATED_AT": "（该住所共登记 {firms} 家企业，可能为集中登记地或商务秘书地址，关联意义有限）",
    "HAS_PHONE": "（该电话共登记 {firms} 家企业，可能为代理机构电话，关联意义有限）",
    "HAS_EMAIL": "（该邮箱共登记 {firms} 家企业，可能为代理机构邮箱，关联意义有限）",
}

SHARED_PEOPLE = statement(
    "UNWIND $ids AS bid MATCH (e:Entity {id: bid})<-[r:OFFICER_OF|SHAREHOLDER_OF|LEGAL_REP_OF]-(m:Subject) "
    "WHERE "
    + DATED_R
    + _PAIR_BY_MIDDLE
    + " AND NOT (type(r1) = 'LEGAL_REP_OF' AND type(r2) = 'LEGAL_REP_OF')"
    + _MIDDLE_VIEW
    + ", 'shared_person' AS kind, m.name AS via",
    ids=_IDS,
    asOf=_D,
)

_PAIR_PATH = (
    "UNWIND $pairs AS pair MATCH (a:Entity {id: pair[0]}) MATCH (b:Entity {id: pair[1]}) "
    "MATCH path = shortestPath((a)-[:" + ASSOCIATION
)
_PAIR_TAIL = (
    "]-(b))"
    + DATED_PATH
    + " WITH a, b, path, 'path' AS kind, toString(length(path)) + ' 步关联' AS via"
    + _RETURN
    + ", kind, via"
)
_PAIRS = {"pairs": [_IDS], "asOf": _D}
CONNECTED: dict[Hops, Statement] = statements(
    Hops, lambda h: _PAIR_PATH + "*.." + digits(h) + _PAIR_TAIL, **_PAIRS
)

LISTED_BIDDERS = statement(
    "UNWIND $ids AS aid MATCH (e:Entity {id: aid})-[:LISTED_IN]->(l:Listing) WHERE " + IN_EFFECT_L + " "
    "WITH e, collect(properties(l)) AS listings RETURN e.id AS id, listings ORDER BY id",
    ids=_IDS,
    asOf=_D,
)

BIDDER_NAMES = statement(
    "UNWIND $ids AS aid MATCH (e:Entity {id: aid}) RETURN e.id AS id, e.uscc AS uscc, e.name AS name",
    ids=_IDS,
)


@dataclass(frozen=True)
class Evidence:
    kind: str
    verdict: Verdict
    description: str
    path: PathResult
    via: str = ""  # the shared thing itself (a name, a number): the API masks it where it must


@dataclass(frozen=True)
class PairResult:
    a: str
    b: str
    evidence: tuple[Evidence, ...]

    @property
    def verdict(self) -> Verdict:
        return min((e.verdict for e in self.evidence), key=lambda v: v.value)

    @property
    def legal_basis(self) -> str:
        return LEGAL_BASIS[self.verdict]


@dataclass(frozen=True)
class Bidder:
    id: str
    uscc: str | None
    name: str


@dataclass(frozen=True)
class BidderCheckResult:
    as_of: date
    bidders: dict[str, Bidder]
    unknown: list[str]
    pairs: list[PairResult]
    listed: dict[str, tuple[ListingRecord, ...]]  # bidder id -> its listings in effect
    disclaimer: str = DISCLAIMER


def _step(rel: RelRef, names: dict[str, str]) -> str:
    holder, company = names.get(rel.start, rel.start), names.get(rel.end, rel.end)
    if rel.type == "ACTUAL_CONTROLLER_OF":
        return f"{holder} 为 {company} 的实际控制人"
    share = "" if rel.ratio is None else f" {round(rel.ratio * 1000) / 10.0}%"
    return f"{holder} 持有 {company}{share}"


def _chain_text(rels: Iterable[RelRef], names: dict[str, str]) -> str:
    return "，".join(_step(rel, names) for rel in rels)


def _control_row(row: Row) -> tuple[str, str, PathResult]:
    """A control chain (bidder a above bidder b): its kind, every step named, holder first."""
    path = top_down(to_path(row))
    names = {n.id: n.name or n.id for n in path.nodes}
    kind = "holding" if all(r.type == "SHAREHOLDER_OF" for r in path.rels) else "actual_control"
    return kind, _chain_text(path.rels, names), path


def _common_row(row: Row) -> tuple[str, str, PathResult]:
    """One controller of both bidders: the path a → … → controller → … → b, named both ways down."""
    path = to_path(row)
    names = {n.id: n.name or n.id for n in path.nodes}
    middle = next(i for i, n in enumerate(path.nodes) if n.id == row["controller"])
    to_a = list(reversed(path.rels[:middle]))
    to_b = list(path.rels[middle:])
    text = f"{row['via']}（{_chain_text(to_a, names)}；{_chain_text(to_b, names)}）"
    return "common_controller", text, path


def _collect(rows: list[Row], found: dict[tuple[str, str], list[Evidence]]) -> None:
    """Add evidence rows to their pairs: one item per (kind, via), the first path found kept."""
    for row in sorted(rows, key=lambda r: len(r["rels"])):  # shortest paths first
        a, b = sorted((row["a"], row["b"]))
        evidence = found.setdefault((a, b), [])
        via: str = row["via"] or ""
        kind: str = row["kind"]
        if kind == "control":
            kind, text, path = _control_row(row)
        elif kind == "common_controller":
            if any(e.kind == kind and e.via == via for e in evidence):
                continue  # one item per controller: its shortest paths
            _, text, path = _common_row(row)
        else:
            text, path = via, to_path(row)
            if row["a"] != a:  # searched from the other end
                path = path.reversed()
        verdict, template = EVIDENCE.get(kind, (Verdict.SUSPECTED, "{via}"))
        description = template.format(via=text)
        firms = int(row.get("firms") or 0)
        if kind in _CROWDED_NOTE and firms > CROWDED + 2:  # the two bidders and more than CROWDED others
            description += _CROWDED_NOTE[kind].format(firms=firms)
        if any(e.description == description for e in evidence):
            continue
        # A person already shown as the common legal representative or controller is not
        # listed again merely for also being an officer or shareholder of both.
        if kind == "shared_person" and any(
            e.kind in ("same_legal_rep", "common_controller") and e.via == via for e in evidence
        ):
            continue
        evidence.append(Evidence(kind, verdict, description, path, via))


def bidder_check(
    store: GraphStore,
    ids: list[str],
    as_of: date,
    hops: Hops = Hops.FOUR,
    tender: str | None = None,
) -> tuple[dict[tuple[str, str], PairResult], dict[str, tuple[ListingRecord, ...]]]:
    """All associated pairs among the bidders (entity ids) and the listed ones, at `as_of`."""
    ids = sorted(set(ids))
    found: dict[tuple[str, str], list[Evidence]] = {}
    control = (CONTROL_BETWEEN[BIDDER_DEPTH], COMMON_CONTROLLER[BIDDER_DEPTH])
    for stmt in (SAME_LEGAL_REP, *control, SHARED_PEOPLE):
        _collect(store.read(stmt, ids=ids, asOf=as_of), found)
    _collect(store.read(BID_ARTEFACTS, ids=ids, tender=tender), found)
    _collect(store.read(CONTACT_POINTS, ids=ids, asOf=as_of), found)
    _collect(store.read(SAME_NAMES_ON_BIDS, ids=ids), found)
    # Only pairs with no direct evidence need a path search.
    rest = [[a, b] for a, b in combinations(ids, 2) if (a, b) not in found]
    if rest:
        # Each search starts at the pair's cheaper end (queries/paths.py: SEARCH_COST); _collect
        # turns a path found from b back to a.
        ends = store.read(SEARCH_COST, ids=sorted({i for pair in rest for i in pair}), hub=HUB, fanout=FANOUT)
        cost = {row["id"]: row["cost"] for row in ends}
        rest = [[b, a] if cost.get(b, 0) < cost.get(a, 0) else [a, b] for a, b in rest]
        _collect(store.read(CONNECTED[hops], pairs=rest, asOf=as_of), found)
    pairs = {key: PairResult(key[0], key[1], tuple(evidence)) for key, evidence in found.items()}
    listed = {
        row["id"]: tuple(ListingRecord.from_props(p) for p in row["listings"])
        for row in store.read(LISTED_BIDDERS, ids=ids, asOf=as_of)
    }
    return pairs, listed


def run_bidder_check(
    store: GraphStore, usccs: list[str], as_of: date, hops: Hops = Hops.FOUR, tender: str | None = None
) -> BidderCheckResult:
    wanted = [u.strip().upper() for u in usccs]
    found = entity_ids_by_uscc(store, wanted)
    ids = list(found.values())
    bidders = {
        row["id"]: Bidder(row["id"], row["uscc"], row["name"]) for row in store.read(BIDDER_NAMES, ids=ids)
    }
    pairs, listed = bidder_check(store, ids, as_of, hops, tender)
    ordered = sorted(pairs.values(), key=lambda p: (p.verdict.value, p.a, p.b))
    return BidderCheckResult(as_of, bidders, [u for u in wanted if u not in found], ordered, listed)
