"""The list catalogue (名单目录): which lists are black, red or watch lists, as data.

formats.md §4: an explicit 名单类别 wins; when it is blank the polarity comes from this catalogue,
looked up by 名单名称 (or an alias); a list the catalogue does not know, with a blank 名单类别, is
quarantined — a red entry shown as a black one harms an honest subject.

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

from ingest.errors import IngestError

PRODUCT = Path(__file__).with_name("lists.json")
OPERATOR_FILE = "lists.json"  # under $CREDIT_GRAPH_HOME
POLARITIES = ("black", "red", "watch")


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
                f"{where}（{item['name']}）：polarity 应为 black、red 或 watch，而不是 {polarity!r}",
            )
        aliases = item.get("aliases") or []
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise CatalogueError(str(path), f"{where}（{item['name']}）：aliases 应为名称列表")
        entries.append(
            ListEntry(
                name=item["name"].strip(),
                polarity=polarity,
                aliases=tuple(a.strip() for a in aliases if a.strip()),
                authority_kind=item.get("authority_kind"),
                source=item.get("source"),
                notes=item.get("notes"),
            )
        )
    return entries


_PRODUCT_CATALOGUE: ListCatalogue | None = None


def product_catalogue() -> ListCatalogue:
    """The product's own catalogue, read once per process (a mapper's default)."""
    global _PRODUCT_CATALOGUE
    if _PRODUCT_CATALOGUE is None:
        _PRODUCT_CATALOGUE = ListCatalogue.load()
    return _PRODUCT_CATALOGUE
