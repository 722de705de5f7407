"""The ingest state under `$CREDIT_GRAPH_HOME/ingest.sqlite`: quarantine, warnings, row facts, checkpoints.

Nothing is lost: a rejected row is stored with file, row, field, reason and the raw cells. Every
table is keyed by (file, row[, field]) and written with INSERT OR REPLACE, so re-running a load
leaves the same state. `facts` keeps one line per row read (valid or not) for the quality report.

`versions` keeps every distinct version of a decision (authority + 文号) a 双公示 row ever stated:
keyed by the decision and a digest of the row's values, never forgotten when a file is reloaded,
so a department that re-sends a 文号 with a changed amount leaves both versions (重复报送).
`export_xlsx` writes the quarantine and the row warnings as a workbook, one sheet per source.
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from graph.ids import case_id
from graph.legal.docnumbers import canonical_number
from graph.legal.values import clean
from ingest.errors import Problem
from ingest.fields import Facts

# Kinds whose rows report a decision under a 文号 (the canonical field holding it).
DECISION_FIELDS = {"penalty": "decision_no", "licence": "doc_no"}

_SCHEMA = """
CREATE TABLE IF NOT EXISTS quarantine (
    file TEXT NOT NULL, row INTEGER NOT NULL, field TEXT NOT NULL, reason TEXT NOT NULL,
    kind TEXT, source TEXT, raw TEXT, seen TEXT, PRIMARY KEY (file, row, field));
CREATE TABLE IF NOT EXISTS warnings (
    file TEXT NOT NULL, row INTEGER NOT NULL, field TEXT NOT NULL, reason TEXT NOT NULL,
    kind TEXT, source TEXT, PRIMARY KEY (file, row, field));
CREATE TABLE IF NOT EXISTS facts (
    file TEXT NOT NULL, row INTEGER NOT NULL, source TEXT, kind TEXT, authority TEXT, ok INTEGER,
    decision_date TEXT, disclosed_on TEXT, uscc TEXT, uscc_state TEXT, name TEXT,
    PRIMARY KEY (file, row));
CREATE TABLE IF NOT EXISTS versions (
    decision TEXT NOT NULL, digest TEXT NOT NULL, source TEXT, kind TEXT, authority TEXT,
    decision_no TEXT, decision_date TEXT, file TEXT, row INTEGER, data TEXT, seen TEXT,
    PRIMARY KEY (decision, digest));
CREATE TABLE IF NOT EXISTS checkpoints (
    plan TEXT PRIMARY KEY, file_index INTEGER, rows_done INTEGER, probe TEXT);
"""


@dataclass(frozen=True)
class QuarantinedRow:
    file: str
    row: int
    field: str
    reason: str
    kind: str | None
    source: str | None
    raw: str | None


@dataclass(frozen=True)
class Staged:
    """Buffered state rows and the checkpoint they reach, taken out to be committed together."""

    quarantine: list[tuple[Any, ...]]
    warnings: list[tuple[Any, ...]]
    facts: list[tuple[Any, ...]]
    versions: list[tuple[Any, ...]]
    plan: str | None
    file_index: int
    rows_done: int
    probe: str | None


def state_path(home: Path) -> Path:
    return home / "ingest.sqlite"


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def decision_key(authority: str, decision_no: str) -> str:
    """One key per decision, bracket-insensitive: 〔2024〕 and [2024] are the same number."""
    return case_id(clean(authority) or "", canonical_number(clean(decision_no) or ""))


class IngestState:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.db = sqlite3.connect(path)
        self.db.executescript(_SCHEMA)
        self._quarantine: list[tuple[Any, ...]] = []
        self._warnings: list[tuple[Any, ...]] = []
        self._facts: list[tuple[Any, ...]] = []
        self._versions: list[tuple[Any, ...]] = []

    def close(self) -> None:
        self.db.close()

    # -- buffered per chunk, committed together with the checkpoint --------------------------

    def quarantine(
        self,
        file: str,
        row: int,
        problems: Iterable[Problem],
        kind: str,
        source: str,
        raw: object,
        seen: date,
    ) -> None:
        text = json.dumps(raw, ensure_ascii=False, default=str)
        for p in problems:
            self._quarantine.append((file, row, p.field, p.reason, kind, source, text, seen.isoformat()))

    def warn(self, file: str, row: int, problems: Iterable[Problem], kind: str, source: str) -> None:
        for p in problems:
            self._warnings.append((file, row, p.field, p.reason, kind, source))

    def fact(
        self,
        file: str,
        row: int,
        source: str,
        kind: str,
        ok: bool,
        facts: Facts,
        values: Mapping[str, str | None] | None = None,
    ) -> None:
        if values is not None and kind in DECISION_FIELDS:
            self._version(file, row, source, kind, facts, values)
        self._facts.append(
            (
                file,
                row,
                source,
                kind,
                facts.authority,
                int(ok),
                _iso(facts.decision_date),
                _iso(facts.disclosed_on),
                facts.uscc,
                facts.uscc_state,
                facts.name,
            )
        )

    def _version(
        self, file: str, row: int, source: str, kind: str, facts: Facts, values: Mapping[str, str | None]
    ) -> None:
        # Cheap on the ingest path (per row): raw text only; the report folds bracket variants.
        data = {k: v for k, raw in values.items() if raw and (v := raw.strip())}
        number, authority = data.get(DECISION_FIELDS[kind]), data.get("authority")
        if not number or not authority:
            return
        text = json.dumps(data, ensure_ascii=False, sort_keys=True)
        digest = hashlib.sha1(text.encode()).hexdigest()
        dated = _iso(facts.decision_date)
        stated = f"{authority}\x1f{number}"
        self._versions.append((stated, digest, source, kind, authority, number, dated, file, row, text))

    def stage(
        self, plan: str | None = None, file_index: int = 0, rows_done: int = 0, probe: str | None = None
    ) -> Staged:
        """Take what is buffered (and the checkpoint it reaches) to commit later, once the graph
        writes it follows are done (the ingest's writer runs one flush behind the reader)."""
        staged = Staged(
            self._quarantine, self._warnings, self._facts, self._versions, plan, file_index, rows_done, probe
        )
        self._quarantine, self._warnings, self._facts, self._versions = [], [], [], []
        return staged

    def commit(
        self, plan: str | None = None, file_index: int = 0, rows_done: int = 0, probe: str | None = None
    ) -> None:
        self.commit_staged(self.stage(plan, file_index, rows_done, probe))

    def commit_staged(self, staged: Staged) -> None:
        with self.db:
            self.db.executemany(
                "INSERT OR REPLACE INTO quarantine VALUES (?,?,?,?,?,?,?,?)", staged.quarantine
            )
            self.db.executemany("INSERT OR REPLACE INTO warnings VALUES (?,?,?,?,?,?)", staged.warnings)
            self.db.executemany("INSERT OR REPLACE INTO facts VALUES (?,?,?,?,?,?,?,?,?,?,?)", staged.facts)
            # The first sighting of a version stays: a reload of the same file adds nothing.
            self.db.executemany(
                "INSERT OR IGNORE INTO versions VALUES (?,?,?,?,?,?,?,?,?,?,datetime('now'))", staged.versions
            )
            if staged.plan is not None:
                self.db.execute(
                    "INSERT OR REPLACE INTO checkpoints VALUES (?,?,?,?)",
                    (staged.plan, staged.file_index, staged.rows_done, staged.probe),
                )

    def forget_file(self, file: str) -> None:
        """A row that was bad last time may be fixed now: drop the file's old verdicts first."""
        with self.db:
            for table in ("quarantine", "warnings", "facts"):
                self.db.execute(f"DELETE FROM {table} WHERE file = ?", (file,))  # fixed table names

    def release(self, file: str, row: int) -> None:
        """A deferred row loaded after all (its company came later in the run): out of quarantine."""
        with self.db:
            self.db.execute("DELETE FROM quarantine WHERE file = ? AND row = ?", (file, row))

    # -- checkpoints -----------------------------------------------------------------------

    def checkpoint(self, plan: str) -> tuple[int, int, str | None] | None:
        """(file index, rows done in that file, id of a node the last batch wrote)."""
        row = self.db.execute(
            "SELECT file_index, rows_done, probe FROM checkpoints WHERE plan = ?", (plan,)
        ).fetchone()
        return (int(row[0]), int(row[1]), row[2]) if row else None

    def clear_checkpoint(self, plan: str) -> None:
        with self.db:
            self.db.execute("DELETE FROM checkpoints WHERE plan = ?", (plan,))

    # -- reading ---------------------------------------------------------------------------

    def quarantined(
        self, file: str | None = None, reason: str | None = None, limit: int = 100
    ) -> list[QuarantinedRow]:
        rows = self.db.execute(
            "SELECT file, row, field, reason, kind, source, raw FROM quarantine "
            "WHERE (? IS NULL OR file LIKE '%' || ? || '%') AND (? IS NULL OR reason LIKE '%' || ? || '%') "
            "ORDER BY file, row, field LIMIT ?",
            (file, file, reason, reason, limit),
        ).fetchall()
        return [QuarantinedRow(*r) for r in rows]

    def count_quarantined_rows(self, file: str) -> int:
        query = "SELECT count(DISTINCT row) FROM quarantine WHERE file = ?"
        return int(self.db.execute(query, (file,)).fetchone()[0])

    def warned(self) -> list[QuarantinedRow]:
        rows = self.db.execute(
            "SELECT file, row, field, reason, kind, source, NULL FROM warnings ORDER BY file, row, field"
        ).fetchall()
        return [QuarantinedRow(*r) for r in rows]


# -- sending it back: a workbook per 数据来源单位 ----------------------------------------------

# Reasons are written in English for operators; departments read Chinese. Phrases, longest first,
# so an unknown reason still comes out readable with its values intact.
_PHRASES = (
    ("company not in the graph: load its 企业基本信息 first", "企业不在图谱中：请先报送其企业基本信息"),
    ("registry rows are keyed by it", "登记信息以其为键"),
    ("fails the GB 11714 check", "未通过 GB 11714 校验"),
    ("not 18 characters of digits/X", "不是 18 位数字或 X"),
    ("party name is masked", "行政相对人名称被遮蔽"),
    ("impossible birth date", "出生日期不存在"),
    ("wrong check digit", "校验位错误"),
    ("organisation code", "组织机构代码"),
    ("unrecognised date", "无法识别的日期"),
    ("impossible date", "不存在的日期"),
    ("not an amount:", "不是金额："),
    ("negative amount:", "金额为负："),
    ("ratio out of range:", "比例超出范围："),
    ("not a ratio:", "不是比例："),
    ("out of range", "超出范围"),
    ("birth date", "出生日期"),
    ("ID number", "证件号码"),
    ("category", "行政相对人类别"),
    ("but USCC prefix", "与统一社会信用代码前缀不符"),
    ("expected", "应为"),
    ("before listed", "早于列入日期"),
    ("before valid from", "早于有效期自"),
    ("valid to", "有效期至"),
    ("removed", "移出日期"),
    ("missing ", "缺少"),
    ("invalid", "无效"),
    ("USCC", "统一社会信用代码"),
    ("of the company", "（企业）"),
    (" and ", "和"),
)
_PAREN_GLOSS = re.compile(
    r" \((?:party|decision|company|subject|list|licensing|shareholder|debtor|bidder|"
    r"project|court|authority|name)[^)]*\)"
)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def reason_zh(reason: str) -> str:
    """The reason in Chinese for the department that sent the row (values kept as written)."""
    text = _PAREN_GLOSS.sub("", reason)
    for english, chinese in _PHRASES:
        text = text.replace(english, chinese)
    return text


def safe_text(value: object) -> str:
    """A cell's text that no spreadsheet runs as a formula (issue 16: = + - @ tab CR)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def sheet_title(source: str, taken: set[str]) -> str:
    """An Excel sheet name (≤ 31 characters, none of []:*?/\\) unique in the workbook."""
    base = re.sub(r"[\[\]:*?/\\]", "_", source).strip("'") or "未命名来源"
    title, n = base[:31], 1
    while title in taken:
        n += 1
        title = f"{base[: 31 - len(str(n)) - 1]}~{n}"
    taken.add(title)
    return title


def write_rows(sheet: Any, rows: Iterable[Iterable[object]]) -> None:
    """Append rows; every text cell is a string cell, never a formula."""
    for values in rows:
        sheet.append([v if isinstance(v, int | float) else safe_text(v) for v in values])
    for line in sheet.iter_rows():
        for cell in line:
            if isinstance(cell.value, str):
                cell.data_type = "s"


QUARANTINE_HEADERS = ("数据来源单位", "文件", "行号", "数据项", "原因", "处理结果", "原因（原文）")


def export_xlsx(state: IngestState, path: Path) -> dict[str, int]:
    """The quarantine and the row warnings, one sheet per source; returns rows written per source."""
    from openpyxl import Workbook  # only the export needs it

    by_source: dict[str, list[tuple[object, ...]]] = {}
    for outcome, found in (
        ("已隔离，未加载", state.quarantined(limit=-1)),
        ("已加载，不合规", state.warned()),
    ):
        for r in found:
            source = r.source or "未知来源"
            line = (source, r.file, r.row, r.field, reason_zh(r.reason), outcome, r.reason)
            by_source.setdefault(source, []).append(line)
    book = Workbook()
    book.remove(book.active)
    taken: set[str] = set()
    for source in sorted(by_source):
        sheet = book.create_sheet(sheet_title(source, taken))
        lines = sorted(by_source[source], key=lambda r: (str(r[1]), int(str(r[2])), str(r[3])))
        write_rows(sheet, [QUARANTINE_HEADERS, *lines])
    if not by_source:
        write_rows(book.create_sheet("隔离区"), [QUARANTINE_HEADERS])
    book.save(path)
    return {s: len(lines) for s, lines in by_source.items()}
