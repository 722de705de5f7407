"""The data-quality report (`credit-graph quality`) per 数据来源单位, month and authority.

A source is what `ingest.pipeline.source_name` made of a file: its path relative to the ingested
folder, or `--source`. The month is the month of the decision (处罚/许可决定日期); a row without
one counts in its source's main month (未知 when no row of the source is dated).

- 合规率 (compliance): rows loaded with no problem and no warning / rows read. A quarantined row
  and a loaded row with a warning (a mandatory item missing or invalid) are both 不合规.
- 及时率 (timeliness): of rows with a decision and a disclosure date, those disclosed within 7
  working days after the decision — statutory holidays and make-up working days counted
  (`graph.legal.calendar`); spans in years the calendar does not know are counted Mon–Fri and
  reported as `calendar_fallback`.
- 重错码率 (duplicate/wrong codes): per *subject* (code), not per row, over rows that name the
  holder of their code (not shareholder or officer rows, whose code is the company's): a code
  failing its check digit (错码), or a valid code under two different names in one source (重码).
- 上报率 (reporting): decisions reported / decisions the platform knows of for that source. Known
  but unreported (suspected 漏报): a Case in the graph stated by another source — the review
  workflow (`graph.review.crosscheck.SOURCE`) or any non-双公示 source — with no 双公示 row and
  7 working days past its decision date; and gaps in an authority's serial numbers per prefix
  and year (〔2024〕118号, 119号, 121号 → 120号). Gaps wider than `MAX_SERIAL_GAP` are taken
  for two numbering series, not 漏报. A gap is charged to the source that sent the number below it.
- 重复报送: a decision (authority + 文号) sent with different values; every version is kept in
  the ingest state (`versions`) and listed with the items that changed.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise
from pathlib import Path
from typing import Any

from graph.cypher import statement
from graph.ids import normalise
from graph.legal.calendar import CALENDAR_VERSION, add_working_days, in_calendar, working_days_after
from graph.legal.docnumbers import find_numbers
from graph.legal.numerals import fold_width
from graph.review.crosscheck import SOURCE as REVIEWED
from graph.store import GraphStore
from ingest.kinds import Kind
from ingest.quarantine import IngestState, decision_key, sheet_title, write_rows

DEADLINE_WORKING_DAYS = 7
MAX_SERIAL_GAP = 50
# Rows whose code and name belong to one subject (a shareholder row pairs the company's code
# with the shareholder's name; an officer row with the officer's).
SUBJECT_KINDS = tuple(k.value for k in Kind if k not in (Kind.REGISTRY_SHAREHOLDERS, Kind.REGISTRY_PEOPLE))
UNKNOWN_MONTH = "未知"
NO_SOURCE = "（无报送单位）"

KNOWN_CASES = statement(
    "MATCH (c:Case) WHERE c.decision_no IS NOT NULL AND c.authority IS NOT NULL "
    "RETURN c.authority AS authority, c.decision_no AS decision_no, "
    "c.decision_date AS decision_date, coalesce(c.sources, []) AS sources"
)


# The items of formats.md §1–2 by canonical field, for the departments' workbook.
_ITEMS = {
    "name": "行政相对人名称",
    "category": "行政相对人类别",
    "uscc": "统一社会信用代码",
    "legal_rep": "法定代表人",
    "id_type": "证件类型",
    "id_no": "证件号码",
    "decision_no": "行政处罚决定书文号",
    "violation_type": "违法行为类型",
    "facts": "违法事实",
    "basis": "处罚依据",
    "types": "处罚类别",
    "content": "处罚内容",
    "fine_wan": "罚款金额(万元)",
    "fine_yuan": "罚款金额(元)",
    "confiscated_wan": "没收违法所得、没收非法财物的金额(万元)",
    "licence_action": "暂扣或吊销证照名称及编号",
    "decision_date": "决定日期",
    "valid_until": "处罚有效期",
    "publicity_until": "公示截止期",
    "authority": "处罚/许可机关",
    "authority_uscc": "机关统一社会信用代码",
    "data_source": "数据来源单位",
    "data_source_uscc": "数据来源单位统一社会信用代码",
    "disclosed_on": "公示日期",
    "doc_no": "行政许可决定文书号",
    "doc_name": "行政许可决定文书名称",
    "licence_category": "许可类别",
    "licence_no": "许可编号",
    "valid_from": "有效期自",
    "valid_to": "有效期至",
    "note": "备注",
}


def item_name(canonical: str) -> str:
    return _ITEMS.get(canonical, canonical)


@dataclass(frozen=True)
class Missing:
    """A decision the platform knows of (or infers from a serial gap) without a 双公示 row."""

    authority: str
    decision_no: str
    why: str  # 复核决定书 / 其他来源 / 文号断号

    def as_dict(self) -> dict[str, str]:
        return {"authority": self.authority, "decision_no": self.decision_no, "why": self.why}


@dataclass(frozen=True)
class Version:
    file: str
    row: int
    source: str
    values: dict[str, str]


@dataclass(frozen=True)
class Resent:
    authority: str
    decision_no: str
    versions: tuple[Version, ...]
    changed: tuple[str, ...]  # the items whose value differs between versions

    def as_dict(self) -> dict[str, object]:
        return {
            "authority": self.authority,
            "decision_no": self.decision_no,
            "changed": list(self.changed),
            "versions": [v.__dict__ for v in self.versions],
        }


@dataclass
class QualityRow:
    source: str
    authority: str | None
    month: str = UNKNOWN_MONTH
    rows: int = 0
    valid: int = 0
    timed: int = 0
    on_time: int = 0
    calendar_fallback: int = 0  # timed rows counted Mon–Fri (year outside the calendar)
    subjects: set[str] = field(default_factory=set)
    bad_subjects: set[str] = field(default_factory=set)
    reported: set[str] = field(default_factory=set)
    missing: list[Missing] = field(default_factory=list)
    resent: list[Resent] = field(default_factory=list)

    @property
    def known(self) -> int:
        return len(self.reported) + len(self.missing)

    def as_dict(self) -> dict[str, object]:
        return {
            "source": self.source,
            "month": self.month,
            "authority": self.authority,
            "rows": self.rows,
            "valid": self.valid,
            "compliance_rate": _rate(self.valid, self.rows),
            "with_disclosure_date": self.timed,
            "on_time": self.on_time,
            "timeliness_rate": _rate(self.on_time, self.timed),
            "calendar_fallback": self.calendar_fallback,
            "with_uscc": len(self.subjects),
            "duplicate_or_wrong": len(self.bad_subjects),
            "code_error_rate": _rate(len(self.bad_subjects), len(self.subjects)),
            "bad_codes": sorted(self.bad_subjects),
            "reported": len(self.reported),
            "suspected_missing": [m.as_dict() for m in self.missing],
            "reporting_rate": _rate(len(self.reported), self.known),
            "resent": [r.as_dict() for r in self.resent],
        }


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _month(iso: str | None) -> str:
    return iso[:7] if iso else UNKNOWN_MONTH


class _Groups(dict[tuple[str, str, str | None], QualityRow]):
    usual: dict[tuple[str, str | None], str]

    def month(self, source: str, authority: str | None, decided: str | None) -> str:
        """The decision's month; undated rows count in the source's main month."""
        return (
            _month(decided) if decided else getattr(self, "usual", {}).get((source, authority), UNKNOWN_MONTH)
        )

    def at(self, source: str, month: str, authority: str | None) -> QualityRow:
        key = (source, month, authority)
        if key not in self:
            self[key] = QualityRow(source, authority, month)
        return self[key]


def quality_rows(
    state: IngestState,
    source: str | None = None,
    store: GraphStore | None = None,
    today: date | None = None,
) -> list[QualityRow]:
    """The report; with `store`, decisions known from the graph count towards 上报率."""
    groups = _Groups()
    _rows(state, groups)
    versions = _versions(state)
    _reported_and_resent(versions, groups)
    _serial_gaps(versions, groups)
    if store is not None:
        _unreported_cases(state, store, versions, groups, today or date.today())
    rows = [r for r in groups.values() if source is None or r.source == source]
    return sorted(rows, key=lambda r: (r.source, r.month, r.authority or ""))


def _rows(state: IngestState, groups: _Groups) -> None:
    facts = state.db.execute(
        "SELECT f.source, f.authority, f.ok, f.decision_date, f.disclosed_on, f.uscc, f.uscc_state, "
        "f.name, f.kind, EXISTS (SELECT 1 FROM warnings w WHERE w.file = f.file AND w.row = f.row) "
        "FROM facts f"
    ).fetchall()
    names: dict[tuple[str, str], set[str]] = defaultdict(set)
    for src, _, _, _, _, uscc, uscc_state, name, kind, _ in facts:
        if kind in SUBJECT_KINDS and uscc_state == "valid" and name:
            names[(src, uscc)].add(normalise(name))
    # A row without a (valid) decision date counts in its source's main month, not in a bucket
    # of its own: a 不合规 row must weigh on the month the department is judged by.
    months: dict[tuple[str, str | None], Counter[str]] = defaultdict(Counter)
    for src, authority, _, decided, *_ in facts:
        if decided:
            months[(src, authority)][_month(decided)] += 1
    groups.usual = {key: counts.most_common(1)[0][0] for key, counts in months.items()}
    for src, authority, ok, decided, disclosed, uscc, uscc_state, _, kind, warned in facts:
        row = groups.at(src, groups.month(src, authority, decided), authority)
        row.rows += 1
        row.valid += int(bool(ok) and not warned)
        if decided and disclosed:
            start, end = date.fromisoformat(decided), date.fromisoformat(disclosed)
            row.timed += 1
            span = working_days_after(start, end)
            row.on_time += int(span <= DEADLINE_WORKING_DAYS)
            row.calendar_fallback += int(not (in_calendar(start) and in_calendar(max(start, end))))
        if kind in SUBJECT_KINDS and uscc_state in ("valid", "wrong"):
            row.subjects.add(uscc)
            if uscc_state == "wrong" or len(names[(src, uscc)]) > 1:
                row.bad_subjects.add(uscc)


@dataclass(frozen=True)
class _Stored:
    digest: str
    source: str
    kind: str
    authority: str
    decision_no: str
    decision_date: str | None
    file: str
    row: int
    data: str


def _versions(state: IngestState) -> dict[str, list[_Stored]]:
    by_decision: dict[str, list[_Stored]] = defaultdict(list)
    query = (
        "SELECT digest, source, kind, authority, decision_no, decision_date, file, row, data "
        "FROM versions ORDER BY rowid"  # the order they were first sent
    )
    digests: dict[str, set[str]] = defaultdict(set)
    for values in state.db.execute(query):
        stored = _Stored(*values)
        key = decision_key(stored.authority, stored.decision_no)
        if stored.digest not in digests[key]:  # 〔2024〕 and [2024] stated alike: one version
            digests[key].add(stored.digest)
            by_decision[key].append(stored)
    return by_decision


def _reported_and_resent(versions: dict[str, list[_Stored]], groups: _Groups) -> None:
    for key, found in versions.items():
        for v in found:
            groups.at(
                v.source, groups.month(v.source, v.authority, v.decision_date), v.authority
            ).reported.add(key)
        if len(found) < 2:
            continue
        datas = [json.loads(v.data) for v in found]
        changed = sorted({k for d in datas for k in d if any(o.get(k) != d.get(k) for o in datas)})
        first = found[0]
        resent = Resent(
            first.authority,
            first.decision_no,
            tuple(Version(v.file, v.row, v.source, d) for v, d in zip(found, datas, strict=True)),
            tuple(changed),
        )
        for src in dict.fromkeys(v.source for v in found):
            month = groups.month(src, first.authority, first.decision_date)
            groups.at(src, month, first.authority).resent.append(resent)


def _serial_gaps(versions: dict[str, list[_Stored]], groups: _Groups) -> None:
    """Missing serials per (authority, prefix, year) among 双公示 penalty numbers."""
    series: dict[tuple[str, str, int], dict[int, _Stored]] = defaultdict(dict)
    for found in versions.values():
        v = found[0]
        if v.kind != "penalty":
            continue
        numbers = find_numbers(fold_width("".join(v.decision_no.split())))
        if len(numbers) == 1 and numbers[0].serial.isdigit():
            n = numbers[0]
            series[(v.authority, n.prefix, n.year)].setdefault(int(n.serial), v)
    for (authority, prefix, year), serials in series.items():
        ordered = sorted(serials)
        for low, high in pairwise(ordered):
            if high - low - 1 > MAX_SERIAL_GAP:
                continue
            below = serials[low]
            row = groups.at(
                below.source, groups.month(below.source, authority, below.decision_date), authority
            )
            for serial in range(low + 1, high):
                row.missing.append(Missing(authority, f"{prefix}〔{year}〕{serial}号", "文号断号"))


def _unreported_cases(
    state: IngestState, store: GraphStore, versions: dict[str, list[_Stored]], groups: _Groups, today: date
) -> None:
    """Cases another source states, with no 双公示 row 7 working days after their decision."""
    disclosing = {v.source for found in versions.values() for v in found}
    disclosing |= {s for (s,) in state.db.execute("SELECT DISTINCT source FROM facts WHERE kind = 'penalty'")}
    reporters: dict[str, list[str]] = defaultdict(list)
    for found in versions.values():
        for v in found:
            if v.source not in reporters[v.authority]:
                reporters[v.authority].append(v.source)
    for case in store.read(KNOWN_CASES):
        others = [s for s in case["sources"] if s not in disclosing]
        key = decision_key(case["authority"], case["decision_no"])
        decided = _as_date(case["decision_date"])
        if not others or key in versions or decided is None:
            continue
        if add_working_days(decided, DEADLINE_WORKING_DAYS) >= today:
            continue  # still inside the deadline: not yet 漏报
        why = "复核决定书" if REVIEWED in others else "其他来源"
        missing = Missing(case["authority"], case["decision_no"], why)
        for src in reporters.get(case["authority"]) or [NO_SOURCE]:
            groups.at(src, _month(decided.isoformat()), case["authority"]).missing.append(missing)


def _as_date(value: Any) -> date | None:
    if value is None:
        return None
    if isinstance(value, date):
        return value
    text = str(value)[:10]
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


# -- the workbook sent back to each department ---------------------------------------------------

QUALITY_HEADERS = (
    "月份",
    "处罚/许可机关",
    "报送行数",
    "合规行数",
    "合规率",
    "有公示日期行数",
    "按时公示行数",
    "及时率",
    "按周一至周五计算的行数",
    "主体代码数",
    "重码或错码主体数",
    "重错码率",
    "重错码",
    "已报送决定数",
    "疑似漏报数",
    "上报率",
    "疑似漏报文号",
    "重复报送文号",
)


RESENT_HEADERS = ("重复报送文号", "处罚/许可机关", "版本", "数据来源单位", "文件", "行号", "变化项及其值")


def _resent_lines(resent: Iterable[Resent]) -> Iterable[tuple[object, ...]]:
    for x in resent:
        for n, v in enumerate(x.versions, 1):
            changed = "；".join(f"{item_name(k)}={v.values.get(k, '')}" for k in x.changed)
            yield (x.decision_no, x.authority, n, v.source, v.file, v.row, changed)


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.2f}%"


def _sheet_row(r: QualityRow) -> list[object]:
    return [
        r.month,
        r.authority or "",
        r.rows,
        r.valid,
        _pct(_rate(r.valid, r.rows)),
        r.timed,
        r.on_time,
        _pct(_rate(r.on_time, r.timed)),
        r.calendar_fallback,
        len(r.subjects),
        len(r.bad_subjects),
        _pct(_rate(len(r.bad_subjects), len(r.subjects))),
        "、".join(sorted(r.bad_subjects)),
        len(r.reported),
        len(r.missing),
        _pct(_rate(len(r.reported), r.known)),
        "、".join(f"{m.decision_no}（{m.why}）" for m in r.missing),
        "；".join(
            f"{x.decision_no}：{len(x.versions)} 个版本，变化项 {'、'.join(map(item_name, x.changed))}"
            for x in r.resent
        ),
    ]


def write_xlsx(rows: Iterable[QualityRow], path: Path) -> list[str]:
    """One sheet per 数据来源单位 (Chinese headers); returns the sheet titles."""
    from openpyxl import Workbook  # only the export needs it

    by_source: dict[str, list[QualityRow]] = defaultdict(list)
    for r in rows:
        by_source[r.source].append(r)
    book = Workbook()
    book.remove(book.active)
    taken: set[str] = set()
    note = (
        f"及时率按 {DEADLINE_WORKING_DAYS} 个工作日计算，含法定节假日和调休（{CALENDAR_VERSION}）；"
        "日历未覆盖的年份按周一至周五计算。"
    )
    for source in sorted(by_source):
        sheet = book.create_sheet(sheet_title(source, taken))
        write_rows(
            sheet,
            [
                ("数据来源单位", source),
                ("说明", note),
                (),
                QUALITY_HEADERS,
                *map(_sheet_row, by_source[source]),
            ],
        )
    if not by_source:
        write_rows(book.create_sheet("数据质量"), [("说明", note), (), QUALITY_HEADERS])
    book.save(path)
    return list(book.sheetnames)
