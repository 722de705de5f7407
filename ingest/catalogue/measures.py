"""The measures catalogue (联合奖惩措施目录): the measures a list or penalty class triggers per matter.

The product's catalogue is `measures.json` next to this file, with its sources and version. An
operator extends or corrects it with a file of the same shape (`$CREDIT_GRAPH_HOME/measures.json`):
its measures for one list (or penalty rule) in one matter replace the product's for that list and
matter; new matters and matter aliases are added. Every list name must be known to the list
catalogue (lists.json, by name or alias): a measure that can never trigger is an error.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from graph.lifecycle.publicity import add_months
from ingest.catalogue import CatalogueError, ListCatalogue, list_key

PRODUCT = Path(__file__).with_name("measures.json")
OPERATOR_FILE = "measures.json"  # under $CREDIT_GRAPH_HOME
KINDS = ("惩戒", "激励")


@dataclass(frozen=True)
class Measure:
    matter: str
    kind: str  # 惩戒 | 激励
    measure: str
    basis: str
    mandatory: bool  # 依法必须 (True) or discretionary
    basis_note: str | None = None


@dataclass(frozen=True)
class PenaltyRule:
    """A measure triggered by a penalty decision in its publicity window, by class or sanction type."""

    name: str
    measure: Measure
    severity: str | None = None  # 轻微 | 一般 | 严重
    sanction_types: frozenset[str] = frozenset()
    within_months: int | None = None  # counted from the decision date

    def applies(self, severity: str | None, types: Iterable[str], decided: date | None, as_of: date) -> bool:
        matched = (self.severity is not None and severity == self.severity) or bool(
            self.sanction_types & set(types)
        )
        if not matched:
            return False
        if self.within_months is None:
            return True
        return decided is not None and add_months(decided, self.within_months) > as_of


@dataclass(frozen=True)
class MeasureCatalogue:
    version: str
    matters: dict[str, str]  # matter or alias -> matter
    by_list: dict[tuple[str, str], tuple[Measure, ...]]  # (canonical list name, matter) -> measures
    penalties: tuple[PenaltyRule, ...]
    lists: ListCatalogue = field(repr=False)

    def matter(self, text: str) -> str | None:
        """The catalogue's matter for `text` (a matter or one of its aliases); None when unknown."""
        return self.matters.get("".join(text.split()))

    @property
    def known_matters(self) -> list[str]:
        return list(dict.fromkeys(self.matters.values()))

    def for_list(self, list_name: str, matter: str) -> tuple[Measure, ...]:
        """Measures of a listing on `list_name` (any alias the list catalogue knows) in `matter`."""
        entry = self.lists.lookup(list_name)
        name = entry.name if entry is not None else list_name.strip()
        return self.by_list.get((name, matter), ())

    def for_penalty(
        self, matter: str, severity: str | None, types: Iterable[str], decided: date | None, as_of: date
    ) -> list[tuple[PenaltyRule, Measure]]:
        kinds = tuple(types)
        return [
            (rule, rule.measure)
            for rule in self.penalties
            if rule.measure.matter == matter and rule.applies(severity, kinds, decided, as_of)
        ]

    @classmethod
    def load(cls, home: Path | None = None, lists: ListCatalogue | None = None) -> MeasureCatalogue:
        """The product's catalogue, extended by `home/measures.json` when that file exists."""
        known = lists or ListCatalogue.load(home)
        catalogue = _read(PRODUCT, known, None)
        operator = home / OPERATOR_FILE if home is not None else None
        if operator is not None and operator.is_file():
            catalogue = _read(operator, known, catalogue)
        return catalogue


def _fail(path: Path, reason: str) -> CatalogueError:
    return CatalogueError(str(path), reason)


def _measure(path: Path, where: str, item: Any, matters: dict[str, str]) -> Measure:
    if not isinstance(item, dict):
        raise _fail(path, f"{where}：应为一个对象")
    for key in ("matter", "measure", "basis"):
        if not isinstance(item.get(key), str) or not item[key].strip():
            raise _fail(path, f"{where}：缺少 {key}")
    matter = matters.get("".join(item["matter"].split()))
    if matter is None:
        raise _fail(path, f"{where}：事项「{item['matter']}」不在 matters 中")
    if item.get("kind") not in KINDS:
        raise _fail(path, f"{where}：kind 应为 惩戒 或 激励，而不是 {item.get('kind')!r}")
    if not isinstance(item.get("mandatory"), bool):
        raise _fail(path, f"{where}：mandatory 应为 true（依法必须）或 false（裁量）")
    note = item.get("basis_note")
    return Measure(
        matter, item["kind"], item["measure"].strip(), item["basis"].strip(), item["mandatory"], note
    )


def _read(path: Path, lists: ListCatalogue, base: MeasureCatalogue | None) -> MeasureCatalogue:
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _fail(path, f"措施目录无法读取：{exc}") from exc
    if not isinstance(data, dict):
        raise _fail(path, '措施目录应为 {"version": …, "matters": {…}, "lists": {…}}')
    version = data.get("version") or (base.version if base else None)
    if not isinstance(version, str):
        raise _fail(path, "缺少 version（措施目录的版本）")
    matters = dict(base.matters) if base else {}
    for matter, aliases in (data.get("matters") or {}).items():
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise _fail(path, f"事项「{matter}」：别名应为名称列表")
        for name in (matter, *aliases):
            matters["".join(name.split())] = matter
    by_list = dict(base.by_list) if base else {}
    replaced: set[tuple[str, str]] = set()
    for list_name, items in (data.get("lists") or {}).items():
        entry = lists.lookup(list_name)
        if entry is None:
            raise _fail(path, f"名单「{list_name}」不在名单目录（lists.json）中")
        if not isinstance(items, list):
            raise _fail(path, f"名单「{list_name}」：措施应为列表")
        for number, item in enumerate(items, 1):
            measure = _measure(path, f"名单「{list_name}」第 {number} 项", item, matters)
            key = (entry.name, measure.matter)
            if key not in replaced:  # the operator's measures replace the product's for list + matter
                by_list[key] = ()
                replaced.add(key)
            by_list[key] = (*by_list[key], measure)
    penalties = list(base.penalties) if base else []
    for number, item in enumerate(data.get("penalties") or [], 1):
        where = f"处罚规则第 {number} 项"
        measure = _measure(path, where, item, matters)
        types = item.get("sanction_types") or []
        if item.get("severity") is None and not types:
            raise _fail(path, f"{where}：应给出 severity 或 sanction_types")
        months = item.get("within_months")
        if months is not None and (not isinstance(months, int) or months <= 0):
            raise _fail(path, f"{where}：within_months 应为正整数（月）")
        name = str(item.get("name") or measure.measure)
        penalties = [p for p in penalties if not (p.name == name and p.measure.matter == measure.matter)]
        penalties.append(PenaltyRule(name, measure, item.get("severity"), frozenset(types), months))
    return MeasureCatalogue(version, matters, by_list, tuple(penalties), lists)


def lists_without_measures(catalogue: MeasureCatalogue) -> list[str]:
    """Lists of the list catalogue that trigger no measure in any matter (for checks and docs)."""
    names = {e.name for e in catalogue.lists.entries.values()}
    covered = {name for name, _ in catalogue.by_list}
    return sorted(names - covered, key=list_key)
