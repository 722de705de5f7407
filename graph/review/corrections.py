"""Field-level corrections of extracted values, checked as ingest checks values, and the facts a
re-extraction is compared on."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from graph.legal import penalties
from graph.legal.codes import parse_uscc
from graph.legal.values import Invalid
from graph.review.errors import BadChange

# What a re-extraction is compared on: the facts, not spans, confidence or wording of warnings.
FACTS = ("decision_no", "authority", "decision_date", "parties", "violation", "legal_basis",
         "violated_provisions", "penalties", "total_fine_yuan")  # fmt: skip
PARTY_KEYS = ("name", "kind", "uscc", "legal_rep", "id_number", "address")
PENALTY_KEYS = ("type", "amount_yuan")
KINDS = (None, "company", "individual_business", "organisation", "person")


@dataclass(frozen=True)
class Change:
    field: str
    old: Any
    new: Any


def _number(value: Any, where: str) -> float | int | None:
    if value is None or value == "":
        return None
    try:
        number = float(value)
    except (TypeError, ValueError) as exc:
        raise BadChange(f"{where}：不是数字：{value!r}", where) from exc
    return int(number) if number.is_integer() else number


def _checked(key: str, value: Any, where: str) -> Any:
    """Values are checked as ingest checks them: a date, an amount, a valid USCC, a known kind."""
    if key in ("total_fine_yuan", "amount_yuan"):
        return _number(value, where)
    if value is None or value == "":
        return None
    if key == "decision_date":
        try:
            return date.fromisoformat(str(value)).isoformat()
        except ValueError as exc:
            raise BadChange(f"{where}：日期格式应为 YYYY-MM-DD", where) from exc
    if key == "uscc":
        try:
            return parse_uscc(str(value))
        except Invalid as exc:
            raise BadChange(f"{where}: {exc.reason}", where) from exc
    if key == "kind" and value not in KINDS:
        raise BadChange(f"{where}：主体类型只能是 {'、'.join(k for k in KINDS if k)} 之一", where)
    if key in ("legal_basis", "violated_provisions"):
        if not isinstance(value, list):
            raise BadChange(f"{where}：应为条文引用的列表", where)
        return [str(v) for v in value]
    if key in ("parties", "penalties"):
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise BadChange(f"{where}：应为对象列表", where)
        keys = PARTY_KEYS if key == "parties" else PENALTY_KEYS
        return [{k: _checked(k, item.get(k), f"{where}.{k}") for k in keys} for item in value]
    return str(value)


def apply_changes(
    values: dict[str, Any], changes: list[tuple[str, Any]]
) -> tuple[dict[str, Any], list[Change]]:
    """`field` is a key (`total_fine_yuan`) or a path into a list (`parties.0.uscc`; index = length adds)."""
    out = json.loads(json.dumps(values))
    done: list[Change] = []
    for path, value in changes:
        parts = path.split(".")
        if parts[0] not in FACTS:
            raise BadChange(f"{path}：不是可更正的字段（可更正：{'、'.join(FACTS)}）", path)
        if len(parts) == 1:
            new = _checked(parts[0], value, path)
            old, out[parts[0]] = out.get(parts[0]), new
        elif len(parts) == 3 and parts[0] in ("parties", "penalties") and parts[1].isdigit():
            items, index, key = out.setdefault(parts[0], []), int(parts[1]), parts[2]
            if key not in (PARTY_KEYS if parts[0] == "parties" else PENALTY_KEYS) or index > len(items):
                raise BadChange(f"{path}：没有这一项或这个字段", path)
            if index == len(items):
                items.append({})
            new = _checked(key, value, path)
            old, items[index][key] = items[index].get(key), new
        else:
            raise BadChange(f"{path}：字段路径应为 FIELD 或 parties|penalties.N.FIELD", path)
        done.append(Change(path, old, new))
    return out, done


def facts(values: dict[str, Any]) -> dict[str, Any]:
    return {k: values.get(k) for k in FACTS}


def diff(old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    return [Change(k, old.get(k), new.get(k)) for k in FACTS if old.get(k) != new.get(k)]


def _fine_items(values: dict[str, Any]) -> list[int]:
    return [
        i
        for i, item in enumerate(values.get("penalties") or [])
        if "罚款" in (penalties.penalty_types(item.get("type")) or [])
    ]


def reconcile_fines(values: dict[str, Any], done: list[Change]) -> tuple[dict[str, Any], list[Change]]:
    """Keep the 罚款 total and the 罚款 items saying the same thing after a correction.

    Items changed: the total follows them. The total changed alone: a single 罚款 item follows it;
    several items that add up to something else are refused (the reviewer must say which item).
    The derived change is logged like the reviewer's own.
    """
    touched = {c.field.split(".")[0] for c in done}
    items = _fine_items(values)
    amounts = [values["penalties"][i].get("amount_yuan") for i in items]
    more: list[Change] = []
    if "penalties" in touched and items and None not in amounts:
        total = _number(sum(a for a in amounts if a is not None), "total_fine_yuan")
        if total != values.get("total_fine_yuan"):
            more.append(Change("total_fine_yuan", values.get("total_fine_yuan"), total))
            values["total_fine_yuan"] = total
    elif "total_fine_yuan" in touched and items:
        total = values.get("total_fine_yuan")
        if len(items) == 1 and amounts[0] != total:
            more.append(Change(f"penalties.{items[0]}.amount_yuan", amounts[0], total))
            values["penalties"][items[0]]["amount_yuan"] = total
        elif len(items) > 1 and None not in amounts and sum(a for a in amounts if a is not None) != total:
            raise BadChange(
                f"total_fine_yuan: {total} 与各罚款项之和不一致，请同时改正 penalties.N.amount_yuan",
                "total_fine_yuan",
            )
    return values, done + more
