"""Penalty types onto the 行政处罚法 (2021) art. 9 vocabulary, and 《法》第X条第X款第X项 citations."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from graph.ids import make_id, normalise
from graph.legal.codes import Invalid, cn_number
from graph.model import Provision

ART9 = (
    "警告", "通报批评", "罚款", "没收违法所得", "没收非法财物", "暂扣许可证件", "降低资质等级",
    "吊销许可证件", "限制开展生产经营活动", "责令停产停业", "责令关闭", "限制从业", "行政拘留", "其他",
)

_SPLIT = re.compile(r"[;；、,，/|]+|\^")

# Ordered: the first matching pattern decides. Legacy (1996 law) wording maps onto art. 9.
_RULES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"通报批评"), "通报批评"),
    (re.compile(r"警告"), "警告"),
    (re.compile(r"罚款|罚金"), "罚款"),
    (re.compile(r"没收.*违法所得"), "没收违法所得"),
    (re.compile(r"没收"), "没收非法财物"),
    (re.compile(r"降低资质"), "降低资质等级"),
    (re.compile(r"限制开展生产经营"), "限制开展生产经营活动"),
    (re.compile(r"停产停业|责令停业|责令停产|停止营业"), "责令停产停业"),
    (re.compile(r"责令关闭|关闭"), "责令关闭"),
    (re.compile(r"限制从业|禁止从业"), "限制从业"),
    (re.compile(r"拘留"), "行政拘留"),
    (re.compile(r"吊销"), "吊销许可证件"),
    (re.compile(r"暂扣"), "暂扣许可证件"),
]


def penalty_types(text: str | None, content: str | None = None) -> list[str]:
    """Distinct art. 9 types in order of mention; unknown wording becomes 其他.

    The legacy category 暂扣或者吊销许可证/执照 names two measures: the decision text (处罚内容)
    tells which; when it does not, 暂扣许可证件 — the milder one, so a penalty is never overstated.
    """
    found: list[str] = []
    for part in _SPLIT.split(text or ""):
        part = part.strip()
        if not part:
            continue
        if "暂扣或" in part and "吊销" in part:
            said = content or ""
            kind = "吊销许可证件" if "吊销" in said and "暂扣" not in said else "暂扣许可证件"
        elif part.startswith("没收") and "违法所得" in part and ("非法财物" in part or "和" in part):
            found.extend(t for t in ("没收违法所得", "没收非法财物") if t not in found)
            continue
        else:
            kind = next((t for pattern, t in _RULES if pattern.search(part)), "其他")
        if kind not in found:
            found.append(kind)
    return found


_LAW = re.compile(r"《([^》]{2,80})》")
_CLAUSE = re.compile(
    r"第([一二三四五六七八九十百千零〇\d]+)条(?:之([一二三四五六七八九十\d]+))?"
    r"(?:第([一二三四五六七八九十\d]+)款)?(?:第[(（]?([一二三四五六七八九十\d]+)[)）]?项)?"
)
_JOIN = re.compile(r"[\s、，,和及以及或(（]*(?:\d{4}年[^)）]*[)）])?[\s、，,和及以及或]*")


@dataclass(frozen=True)
class Citation:
    law: str
    article: str | None
    paragraph: str | None
    item: str | None

    @property
    def text(self) -> str:
        parts = [f"《{self.law}》"]
        if self.article:
            parts.append(f"第{self.article}条")
        if self.paragraph:
            parts.append(f"第{self.paragraph}款")
        if self.item:
            parts.append(f"第{self.item}项")
        return "".join(parts)


def _num(text: str | None) -> str | None:
    if not text:
        return None
    try:
        return str(cn_number(text))
    except Invalid:
        return text


def law_key(law: str) -> str:
    """One law under its long and short title: 《中华人民共和国药品管理法》 = 《药品管理法》."""
    return normalise(law).removeprefix("中华人民共和国")


@lru_cache(maxsize=4096)  # 处罚依据 texts repeat across an authority's decisions
def citations(text: str | None) -> tuple[Citation, ...]:
    """Every 《law》 and the articles that follow it (`第七十四条、第七十五条第二款`)."""
    out: list[Citation] = []
    if not text:
        return ()
    laws = list(_LAW.finditer(text))
    for index, law in enumerate(laws):
        end = laws[index + 1].start() if index + 1 < len(laws) else len(text)
        tail, position, clauses = text[law.end() : end], 0, 0
        while True:
            gap = _JOIN.match(tail, position)
            position = gap.end() if gap else position
            clause = _CLAUSE.match(tail, position)
            if clause is None:
                break
            article = _num(clause[1]) + (f"-{_num(clause[2])}" if clause[2] else "")  # type: ignore[operator]
            out.append(Citation(law[1], article, _num(clause[3]), _num(clause[4])))
            position, clauses = clause.end(), clauses + 1
        if clauses == 0:
            out.append(Citation(law[1], None, None, None))
    unique: dict[tuple[str, str | None, str | None, str | None], Citation] = {}
    for c in out:
        unique.setdefault((law_key(c.law), c.article, c.paragraph, c.item), c)
    return tuple(unique.values())


def provision(citation: Citation) -> Provision:
    return Provision(
        id=make_id("prov", law_key(citation.law), citation.article, citation.paragraph, citation.item),
        law=citation.law, article=citation.article, paragraph=citation.paragraph, item=citation.item,
        citation=citation.text,
    )
