"""The list catalogue (名单目录): which lists are black, red or watch lists, as data.

formats.md §4: an explicit 名单类别 wins; when it is blank the polarity comes from this catalogue,
looked up by 名单名称 (or an alias); a list the catalogue does not know, with a blank 名单类别, is
quarantined — a red entry shown as a black one harms an honest subject.

Each entry may carry the list's rules (graph/lifecycle/listings.py): `repair_after_months` (the
minimum period before repair or early removal), `max_months` (the maximum validity: the listing
stops counting then, 移出日期 or not), `repaired_by` (who decides a repair), with `rules_source`.

The product's catalogue is `lists.json` next to this file. An operator extends or corrects it with
a file of the same shape (`$CREDIT_GRAPH_HOME/lists.json`, read by `credit-graph ingest`): an
entry there replaces the product's entry for any name or alias it shares.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from graph.lifecycle.listings import ListingRule
from graph.model import Polarity
from ingest.errors import IngestError

PRODUCT = Path(__file__).with_name("lists.json")
OPERATOR_FILE = "lists.json"  # under $CREDIT_GRAPH_HOME
POLARITIES = tuple(p.value for p in Polarity)


class CatalogueError(IngestError):
    """A catalogue file that cannot be used: the error names the file and the entry."""

    def __init__(self, file: str, reason: str) -> None:
        super().__init__(f"{file}: {reason}", file=file, reason=reason)
        self.file = file
        self.reason = reason


@dataclass(frozen=True)
class ListEntry:
    name: str
    polarity: str  # black | red | watch
    aliases: tuple[str, ...] = ()
    authority_kind: str | None = None
    source: str | None = None  # the legal source, by its name
    notes: str | None = None
    rule: ListingRule | None = None  # minimum before repair, maximum validity, who repairs


_YEAR = re.compile(r"^\d{4}年度?")


def list_key(name: str) -> str:
    """Names are matched after NFKC, without white space, 《》 or a leading year (2023年度…)."""
    text = "".join(unicodedata.normalize("NFKC", name).split()).strip("《》<>\"'")
    return _YEAR.sub("", text).upper()


@dataclass(frozen=True)
class ListCatalogue:
    entries: dict[str, ListEntry]  # list_key(name or alias) -> entry

    def lookup(self, list_name: str) -> ListEntry | None:
        return self.entries.get(list_key(list_name))

    def rule_for(self, list_name: str) -> ListingRule | None:
        entry = self.lookup(list_name)
        return entry.rule if entry is not None else None

    def extended(self, more: list[ListEntry]) -> ListCatalogue:
        entries = dict(self.entries)
        for entry in more:
            for name in (entry.name, *entry.aliases):
                entries[list_key(name)] = entry
        return ListCatalogue(entries)

    @classmethod
    def load(cls, home: Path | None = None) -> ListCatalogue:
        """The product's catalogue, extended by `home/lists.json` when that file exists."""
        catalogue = cls({}).extended(read_entries(PRODUCT))
        operator = home / OPERATOR_FILE if home is not None else None
        if operator is not None and operator.is_file():
            catalogue = catalogue.extended(read_entries(operator))
        return catalogue


def read_entries(path: Path) -> list[ListEntry]:
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CatalogueError(str(path), f"名单目录无法读取：{exc}") from exc
    items = data.get("lists") if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise CatalogueError(str(path), '名单目录应为 {"lists": [...]} 或一个列表')
    entries: list[ListEntry] = []
    for number, item in enumerate(items, 1):
        where = f"第 {number} 项"
        if not isinstance(item, dict) or not isinstance(item.get("name"), str) or not item["name"].strip():
            raise CatalogueError(str(path), f"{where}：缺少名单名称 name")
        polarity = item.get("polarity")
        if polarity not in POLARITIES:
            raise CatalogueError(
                str(path),
                f"{where}（{item['name']}）：polarity 应为 {'、'.join(POLARITIES)} 之一，而不是 {polarity!r}",
            )
        aliases = item.get("aliases") or []
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise CatalogueError(str(path), f"{where}（{item['name']}）：aliases 应为名称列表")
        entries.append(
            ListEntry(
                rule=_rule(item, f"{where}（{item['name']}）", str(path)),
                name=item["name"].strip(),
                polarity=polarity,
                aliases=tuple(a.strip() for a in aliases if a.strip()),
                authority_kind=item.get("authority_kind"),
                source=item.get("source"),
                notes=item.get("notes"),
            )
        )
    return entries


RULE_KEYS = ("repair_after_months", "max_months", "repaired_by")


def _rule(item: dict[str, object], where: str, file: str) -> ListingRule | None:
    if not any(item.get(k) is not None for k in RULE_KEYS):
        return None
    months: list[int | None] = []
    for key in RULE_KEYS[:2]:
        value = item.get(key)
        if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
            raise CatalogueError(file, f"{where}：{key} 应为不小于 0 的整数（月），而不是 {value!r}")
        months.append(value)
    low, high = months
    if low is not None and high is not None and low > high:
        raise CatalogueError(file, f"{where}：repair_after_months（{low}）大于 max_months（{high}）")
    by = item.get("repaired_by")
    return ListingRule(low, high, str(by) if by else None)


_PRODUCT_CATALOGUE: ListCatalogue | None = None


def product_catalogue() -> ListCatalogue:
    """The product's own catalogue, read once per process (a mapper's default)."""
    global _PRODUCT_CATALOGUE
    if _PRODUCT_CATALOGUE is None:
        _PRODUCT_CATALOGUE = ListCatalogue.load()
    return _PRODUCT_CATALOGUE
