"""A bidder list for the bidder check: CSV or XLSX through the ingest readers, or a TXT list.

A table (a bids file of formats.md §6, or any table with a 统一社会信用代码 column) gives one bidder
per row, and the tender when its 项目编号/标段 are the same on every row; a table without such a
column, or a .txt file, is read as a list of one bidder per line. Every code is checked (GB 32100);
each row that cannot be used is named in a Chinese problem, and the list is refused when there
are any, so no bidder silently drops out of a check.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from graph.legal.codes import is_masked, parse_uscc, uscc_problem
from ingest.errors import UnreadableFile
from ingest.kinds import Kind, column_map, norm_header
from ingest.readers import CSV_SUFFIXES, XLSX_SUFFIXES, RawRow, fingerprint, open_tables, sample_encoding

SUFFIXES = (*sorted(CSV_SUFFIXES), *sorted(XLSX_SUFFIXES), ".txt")
_CODE = re.compile(r"(?<![0-9A-Z])[0-9A-Z*＊]{18}(?![0-9A-Z])")
_SHOWN = 20  # problems listed; the rest are counted
_READER_REASONS = {  # the readers' own words, for the person uploading
    "not a readable XLSX workbook": "无法读取 XLSX 工作簿：文件已损坏或不是 Excel 文件",
    "empty file or blank header line": "文件为空，或第1行（表头）为空",
}


@dataclass(frozen=True)
class Bidder:
    row: int  # the file's line (CSV, TXT) or the sheet's row (XLSX); the header is row 1
    uscc: str
    name: str | None = None


@dataclass(frozen=True)
class BidderList:
    file: str
    bidders: tuple[Bidder, ...]  # distinct codes, in file order
    tender: str | None
    problems: tuple[str, ...]  # 第N行：…; the list is usable only when there are none

    @property
    def usccs(self) -> list[str]:
        return [b.uscc for b in self.bidders]


def read_bidders(path: Path, limit: int, name: str | None = None) -> BidderList:
    """The bidders of `path` (its suffix says the format); `limit` is the check's bidder limit.
    `name` is how messages call the file (an upload's own name). UnreadableFile when the file
    as a whole cannot be read."""
    shown = name or path.name
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise UnreadableFile(shown, "不支持旧版 Excel 格式（.xls）：请另存为 .xlsx 或 CSV 后上传")
    if suffix not in SUFFIXES:
        kind = suffix or "无扩展名"
        raise UnreadableFile(shown, f"不支持的文件类型（{kind}）：请上传 CSV、XLSX 或 TXT 文件")
    rows: list[tuple[int, str, str | None]] = []  # (row, code cell, name)
    tender: str | None = None
    problems: list[tuple[int, str]] = []  # (row, problem)
    if suffix == ".txt":
        rows, problems = _lines(path)
    else:
        rows, tender, problems = _table(path, shown)
    return _checked(shown, rows, tender, problems, limit)


def _lines(path: Path) -> tuple[list[tuple[int, str, str | None]], list[tuple[int, str]]]:
    data = path.read_bytes()
    encoding = sample_encoding(data)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise UnreadableFile(path.name, f"无法按 UTF-8 或 GBK 解码（第{exc.start + 1}字节起）") from exc
    rows: list[tuple[int, str, str | None]] = []
    problems: list[tuple[int, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        codes = _CODE.findall(line.upper())
        if not codes:
            problems.append((number, f"第{number}行：没有找到18位统一社会信用代码（“{line.strip()[:30]}”）"))
        rows += [(number, code, None) for code in codes]
    return rows, problems


def _table(
    path: Path, shown: str
) -> tuple[list[tuple[int, str, str | None]], str | None, list[tuple[int, str]]]:
    _, encoding = fingerprint(path)
    try:
        tables = [(t.headers, list(t.rows)) for t in open_tables(path, encoding)]
    except UnreadableFile as exc:
        raise UnreadableFile(shown, _READER_REASONS.get(exc.reason.split(":")[0], exc.reason)) from exc
    if not tables:
        raise UnreadableFile(shown, "文件为空：没有表头行")
    headers, raws = next(((h, r) for h, r in tables if _code_column(h)), tables[0])
    column = _code_column(headers)
    if column is None:  # no header: every row (the first line included) is one bidder
        return _unlabelled(headers, raws), None, []
    mapping, _ = column_map(Kind.BIDS, headers)
    by_field = {canonical: header for header, canonical in mapping.items()}
    names = by_field.get("bidder") or next((h for h in headers if "名称" in norm_header(h)), None)
    rows: list[tuple[int, str, str | None]] = []
    problems: list[tuple[int, str]] = []
    tenders: set[str] = set()
    for raw in raws:
        if raw.problem is not None:
            problems.append((raw.number, f"第{raw.number}行：{raw.problem.reason}"))
            continue
        code = (raw.values.get(column) or "").strip()
        bidder = ((raw.values.get(names) or "").strip() or None) if names else None
        if not code:
            problems.append(
                (raw.number, f"第{raw.number}行：{bidder or ''}缺少统一社会信用代码（“{column}”列为空）")
            )
            continue
        rows.append((raw.number, code, bidder))
        parts = [raw.values.get(by_field[f]) or "" for f in ("project_no", "lot") if f in by_field]
        tenders.add("/".join(p.strip() for p in parts if p.strip()))
    tender = next(iter(tenders)) if len(tenders) == 1 else None
    return rows, tender or None, problems


def _code_column(headers: Iterable[str]) -> str | None:
    return next((h for h in headers if "统一社会信用代码" in norm_header(h)), None)


def _unlabelled(headers: list[str], raws: list[RawRow]) -> list[tuple[int, str, str | None]]:
    rows: list[tuple[int, str, str | None]] = [
        (1, cell, None) for cell in headers if _CODE.fullmatch(cell.strip().upper())
    ]
    for raw in raws:
        cells = [str(c) for c in raw.raw] if isinstance(raw.raw, list) else list(raw.values.values())
        rows += [(raw.number, c.strip(), None) for c in cells if c and _CODE.fullmatch(c.strip().upper())]
    return rows


def _checked(
    file: str,
    rows: list[tuple[int, str, str | None]],
    tender: str | None,
    found: list[tuple[int, str]],
    limit: int,
) -> BidderList:
    bidders: dict[str, Bidder] = {}
    for number, cell, name in rows:
        code = cell.strip().upper()
        who = f"（{name}）" if name else ""
        if is_masked(code):
            found.append((number, f"第{number}行{who}：统一社会信用代码 {code} 已脱敏，无法核查"))
            continue
        problem = uscc_problem(code)
        valid = None if problem else parse_uscc(code)
        if valid is None:
            found.append((number, f"第{number}行{who}：统一社会信用代码 {code} 无效：{problem or '为空'}"))
            continue
        bidders.setdefault(valid, Bidder(number, valid, name))
    problems = [text for _, text in sorted(found, key=lambda p: p[0])]
    if not problems and not bidders:
        problems.append("文件中没有找到统一社会信用代码")
    elif not problems and len(bidders) < 2:
        problems.append(f"文件中只有 {len(bidders)} 个投标人，关联核查至少需要 2 个")
    if len(bidders) > limit:
        problems.append(f"文件中有 {len(bidders)} 个投标人，超过单次核查上限 {limit} 个，请分批核查")
    if len(problems) > _SHOWN:
        problems = [*problems[:_SHOWN], f"……另有 {len(problems) - _SHOWN} 处问题未列出"]
    return BidderList(file, tuple(bidders.values()), tender, tuple(problems))
