"""One row's fields, by canonical name, with parsers that collect problems instead of raising.

A mapper asks for `row.date("decision_date")`, `row.uscc("uscc")` …; a wrong value records a
`Problem` naming the file's own column header and returns None, so one pass reports every bad
field of the row. `row.reject_if_errors()` then raises `RowRejected` before any record is built.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar

from graph.legal import codes
from graph.legal.amounts import parse_amount_field
from graph.legal.dates import OPEN_END, parse_date_field
from graph.legal.numerals import parse_ratio
from graph.legal.values import Invalid, clean
from graph.model import Link, Node, Provenance, Record
from ingest.catalogue import ListCatalogue, product_catalogue
from ingest.errors import Problem, RowRejected

T = TypeVar("T")

# Warnings about mandatory items (formats.md §1) start so: the quality report counts a row with
# one as not 合规, and the quarantine export sends it back to its 数据来源单位 with the item named.
MANDATORY = "必填项"


@dataclass(frozen=True)
class Context:
    """What a mapper needs beyond the row: naming, provenance and the ID-hash key."""

    source: str
    table: str  # file name (plus sheet or JSON path): record ids are `table:row`
    loader: str
    seen: date
    secret: bytes
    lists: ListCatalogue | None = None  # the list catalogue; None: the product's own

    @property
    def catalogue(self) -> ListCatalogue:
        return self.lists or product_catalogue()


@dataclass
class Facts:
    """What the quality report needs of a row, valid or not."""

    authority: str | None = None
    decision_date: date | None = None
    disclosed_on: date | None = None
    uscc: str | None = None
    uscc_state: str = "absent"  # absent | valid | wrong
    name: str | None = None
    missing: list[str] = field(default_factory=list)  # mandatory items missing or invalid, by name


class Row:
    def __init__(
        self,
        number: int,
        values: dict[str, str | None],
        mapping: dict[str, str],
        extras: list[str],
        ctx: Context,
    ) -> None:
        self.number = number
        self.ctx = ctx
        self.headers = {canonical: header for header, canonical in mapping.items()}
        self.values = {canonical: values.get(header) for header, canonical in mapping.items()}
        self.extra = {h: values[h] for h in extras if clean(values.get(h)) is not None}
        self._clean: dict[str, str | None] = {}
        self.errors: list[Problem] = []
        self.warnings: list[Problem] = []
        self.facts = Facts()

    @property
    def scope(self) -> str:
        """The record a person without a full ID is scoped to (formats.md identity rules)."""
        return f"{self.ctx.table}:{self.number}"

    def provenance(self) -> Provenance:
        return Provenance(self.ctx.source, self.scope, self.ctx.loader, self.ctx.seen)

    def record(self, nodes: list[Node], links: list[Link]) -> Record:
        self.reject_if_errors()
        return Record(self.provenance(), tuple(nodes), tuple(links))

    def header(self, key: str) -> str:
        return self.headers.get(key, key)

    def text(self, key: str) -> str | None:
        if key not in self._clean:  # mappers ask for a field more than once; NFKC is not free
            self._clean[key] = clean(self.values.get(key))
        return self._clean[key]

    def required(self, key: str, what: str) -> str:
        value = self.text(key)
        if value is None:
            self.error(key, f"missing {what}")
            return ""
        return value

    def _parse(self, key: str, parser: Callable[[str | None], T]) -> T | None:
        try:
            return parser(self.values.get(key))
        except Invalid as exc:
            self.error(key, exc.reason)
            return None

    def date(self, key: str) -> dt.date | None:
        return self._parse(key, parse_date_field)

    def end_date(self, key: str) -> tuple[dt.date | None, bool]:
        """(date, open-ended): 2099-12-31 means 长期."""
        value = self.date(key)
        return (None, True) if value == OPEN_END else (value, False)

    def wan(self, key: str) -> float | None:
        return self._parse(key, lambda s: parse_amount_field(s, unit_wan=True))

    def yuan(self, key: str) -> float | None:
        return self._parse(key, lambda s: parse_amount_field(s, unit_wan=False))

    def ratio(self, key: str) -> float | None:
        return self._parse(key, parse_ratio)

    def uscc(self, key: str) -> str | None:
        code = self._parse(key, codes.parse_uscc)
        if code:
            self.facts.uscc, self.facts.uscc_state = code, "valid"
        elif self.text(key) and not codes.is_masked(self.text(key) or ""):
            self.facts.uscc, self.facts.uscc_state = self.text(key), "wrong"
        return code

    def id_number(self, key: str) -> codes.IdNumber | None:
        return self._parse(key, codes.parse_id_number)

    def uscc_soft(self, key: str) -> str | None:
        """A code that only describes (an authority's): a wrong one is a warning, not a rejection."""
        try:
            return codes.parse_uscc(self.values.get(key))
        except Invalid as exc:
            self.warn(key, exc.reason)
            return None

    def error(self, key: str, reason: str) -> None:
        self.errors.append(Problem(self.header(key), reason))

    def warn(self, key: str, reason: str | None) -> None:
        if reason:
            self.warnings.append(Problem(self.header(key), reason))

    def mandatory(self, key: str, item: str, why: str | None = None) -> None:
        """A mandatory item (formats.md §1) missing, or invalid (`why`): a warning naming the item,
        on the file's own column (the item's name when the file has no such column). It replaces
        any other warning on that column, whose reason it carries: one line per (row, column)."""
        column = self.headers.get(key, item)
        earlier = [w.reason for w in self.warnings if w.field == column]
        self.warnings = [w for w in self.warnings if w.field != column]
        reason = f"{MANDATORY}「{item}」" + (f"无效：{why}" if why else "缺失")
        if earlier and why not in earlier:
            reason += "（" + "；".join(earlier) + "）"
        self.warnings.append(Problem(column, reason))
        self.facts.missing.append(item)

    def extra_json(self, **more: object) -> str | None:
        data = {**self.extra, **{k: val for k, val in more.items() if val is not None}}
        return json.dumps(data, ensure_ascii=False, sort_keys=True) if data else None

    def reject_if_errors(self) -> None:
        if self.errors:
            raise RowRejected(list(self.errors))


@dataclass
class Mapped:
    record: Record
    warnings: list[Problem] = field(default_factory=list)
