"""Penalty types: the 行政处罚法 (2021) art. 9 vocabulary and the wordings that name each type.

`ART9` is the closed list every reading maps onto. `penalty_types` reads a structured 处罚类别
value (警告;罚款 …, legacy 1996 wordings included). The free-text wordings of decisions
(罚款人民币…, 责令停业整顿, 暂扣…许可证) are rows `{"type", "pattern"}` of
`nlp/patterns/penalties.jsonl`, checked against this vocabulary by tests/graph/legal: every row
names an `ART9` type, every type but 其他 has a row, and each type's wording is read as that type
by both tables.
"""

from __future__ import annotations

import re

ART9 = (
    "警告",
    "通报批评",
    "罚款",
    "没收违法所得",
    "没收非法财物",
    "暂扣许可证件",
    "降低资质等级",
    "吊销许可证件",
    "限制开展生产经营活动",
    "责令停产停业",
    "责令关闭",
    "限制从业",
    "行政拘留",
    "其他",
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
