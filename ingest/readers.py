"""Streaming readers: CSV (UTF-8, UTF-8-BOM, GBK), XLSX and JSON / JSON Lines, as tables of rows.

Every reader yields `RawRow`s one at a time (constant memory) keyed by the file's own headers;
a row that cannot be read as a row (wrong cell count, broken JSON line) still comes out, with a
`problem`, so the pipeline can quarantine it and the counts add up to the rows read.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import json
import zipfile
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ingest.errors import Problem, UnreadableFile

CSV_SUFFIXES = {".csv", ".tsv"}
XLSX_SUFFIXES = {".xlsx", ".xlsm"}
JSON_SUFFIXES = {".json", ".jsonl", ".ndjson"}
SUPPORTED = CSV_SUFFIXES | XLSX_SUFFIXES | JSON_SUFFIXES

csv.field_size_limit(16 * 1024 * 1024)  # 违法事实 can be long; the default 128 KiB is not enough


@dataclass
class RawRow:
    number: int
    values: dict[str, str | None]
    problem: Problem | None = None
    raw: Any = None


@dataclass
class Tally:
    """Where every line of a table went, filled in as its rows are read.

    `rows` counts the rows the reader yielded (good or with a problem), `continued` the extra
    lines of rows whose quoted field spans lines, `blank` the blank lines, `physical` the lines
    after the header. Rows read + continued = data lines (physical − blank), checked per file.
    """

    physical: int = 0
    rows: int = 0
    continued: int = 0
    blank: int = 0

    @property
    def lines(self) -> int:
        return self.physical - self.blank

    @property
    def balanced(self) -> bool:
        return self.rows + self.continued == self.lines


@dataclass
class Table:
    """One table of a file (a CSV, a sheet, a JSON list): its headers and a row iterator."""

    file: Path
    name: str  # what the quarantine and the record ids call it: the file name, plus sheet
    headers: list[str]
    rows: Iterator[RawRow]
    position: Any = None  # () -> (done, total) for the progress bar
    extra: dict[str, Any] = field(default_factory=dict)
    tally: Tally = field(default_factory=lambda: Tally())


SAMPLE_BYTES = 1 << 20  # the encoding of a file is decided on its first MiB (whole lines)
MAX_SPAN = 100  # a quoted field longer than this many lines is an unclosed quote, not a long 违法事实
_LABEL = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8", "gb18030": "GBK/GB18030"}


def fingerprint(path: Path) -> tuple[str, str]:
    """(sha1 of the bytes, text encoding): one streaming pass; the encoding is decided on a sample.

    UTF-8 with a BOM, UTF-8, or GBK (read as its superset GB18030), whichever most non-ASCII lines
    of the sample decode as: one bad line no longer turns a UTF-8 file into a GB18030 one (every
    line is decoded on its own later, and a line that does not decode is quarantined).
    """
    digest = hashlib.sha1()
    with path.open("rb") as handle:
        sample = handle.read(SAMPLE_BYTES)
        digest.update(sample)
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest(), sample_encoding(sample, complete=len(sample) < SAMPLE_BYTES)


def sample_encoding(sample: bytes, complete: bool = True) -> str:
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if not complete and b"\n" in sample:
        sample = sample[: sample.rindex(b"\n")]  # whole lines only
    try:
        sample.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    utf8 = other = 0
    for line in sample.split(b"\n"):
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
            utf8 += 1
        except UnicodeDecodeError:
            other += 1
    return "utf-8" if utf8 > other else "gb18030"


def encoding_label(encoding: str) -> str:
    return _LABEL.get(encoding, encoding.upper())


def _decode_problem(number: int, encoding: str, exc: UnicodeDecodeError) -> Problem:
    return Problem(
        "(row)",
        f"第{number}行无法按{encoding_label(encoding)}解码（第{exc.start + 1}字节起：{exc.reason}），"
        "已隔离此行，其余行照常读入",
    )


def _raw_line(line: bytes) -> str:
    return line.rstrip(b"\r\n").decode("utf-8", errors="backslashreplace")


def open_tables(path: Path, encoding: str) -> Iterator[Table]:
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        yield _csv_table(path, encoding)
    elif suffix in XLSX_SUFFIXES:
        yield from _xlsx_tables(path)
    elif suffix in JSON_SUFFIXES:
        yield from _json_tables(path, encoding)
    else:
        raise UnreadableFile(str(path), f"unsupported file type {suffix or '(none)'}")


def _cell(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime | date):
        return value.isoformat()[:10]
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _count_reason(cells: int, headers: int) -> str:
    return (
        f"列数不符：该行有{cells}列，表头有{headers}列"
        f"（wrong column count: row has {cells} cells, the header has {headers}）"
    )


def _blank(cells: list[str]) -> bool:
    return all(not c.strip() for c in cells)


# -- CSV -----------------------------------------------------------------------------------------


class _Runaway(Exception):
    """A quoted field ran past MAX_SPAN lines."""


class _Feed:
    """The decoded physical lines of a CSV for `csv.reader`, each remembered with its line number.

    A line that does not decode is set aside as a quarantined row (its neighbours go on); lines
    of a record found broken are pushed back and read again by a fresh reader.
    """

    def __init__(self, binary: io.BufferedReader, encoding: str, tally: Tally) -> None:
        self.binary = binary
        self.encoding = encoding
        self.tally = tally
        self.number = 1  # the header line
        self.back: deque[tuple[int, str]] = deque()
        self.taken: list[tuple[int, str]] = []  # the lines of the record being read
        self.failed: list[RawRow] = []

    def __iter__(self) -> _Feed:
        return self

    def __next__(self) -> str:
        if len(self.taken) >= MAX_SPAN:
            raise _Runaway
        if self.back:
            item = self.back.popleft()
        else:
            while True:
                line = self.binary.readline()
                if not line:
                    raise StopIteration
                self.number += 1
                self.tally.physical += 1
                try:
                    item = (self.number, line.decode(self.encoding))
                    break
                except UnicodeDecodeError as exc:
                    problem = _decode_problem(self.number, self.encoding, exc)
                    self.failed.append(RawRow(self.number, {}, problem, _raw_line(line)))
        self.taken.append(item)
        return item[1]


def _swallowed(cells: list[str], lines: list[tuple[int, str]], width: int, delimiter: str) -> bool:
    """A record over several lines whose cells do not fit the header, or whose continuation lines
    look like whole rows of their own: an opening quote that was never closed."""
    if len(cells) > width and _blank(cells[width:]):
        cells = cells[:width]
    if len(cells) != width:
        return True
    return width >= 4 and any('"' not in text and text.count(delimiter) >= width - 1 for _, text in lines[1:])


def _csv_table(path: Path, encoding: str) -> Table:
    binary = path.open("rb")
    head = binary.readline()
    try:
        first = head.decode(encoding)
    except UnicodeDecodeError as exc:
        binary.close()
        raise UnreadableFile(str(path), f"表头行无法按{encoding_label(encoding)}解码：{exc.reason}") from exc
    if not first.strip():
        binary.close()
        raise UnreadableFile(str(path), "empty file or blank header line")
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    headers = next(csv.reader([first], delimiter=delimiter))
    width = len(headers)
    size = path.stat().st_size
    tally = Tally()
    feed = _Feed(binary, encoding, tally)

    def broken_row(lines: list[tuple[int, str]], why: str) -> RawRow:
        number, text = lines[0]
        feed.back.extendleft(reversed(lines[1:]))  # read again: only the broken line is lost
        reason = f"第{number}行{why}，仅隔离此行，后续行照常读入"
        return RawRow(number, {}, Problem("(row)", reason), text.rstrip("\r\n"))

    def rows() -> Iterator[RawRow]:
        reader = csv.reader(feed, delimiter=delimiter)
        try:
            while True:
                feed.taken = []
                cells: list[str] | None = None
                why: str | None = None
                try:
                    cells = next(reader)
                except StopIteration:
                    pass
                except _Runaway:
                    why = f"引号未闭合：字段跨越{MAX_SPAN}行仍未结束"
                except csv.Error as exc:
                    why = f"无法按CSV解析（{exc}）"
                for failed in feed.failed:
                    tally.rows += 1
                    yield failed
                feed.failed.clear()
                lines = feed.taken
                if cells is None and why is None:
                    break
                if (
                    why is None
                    and cells is not None
                    and len(lines) > 1
                    and _swallowed(cells, lines, width, delimiter)
                ):
                    why = "引号未闭合：与其后各行合并后不成一行"
                if why is not None:
                    reader = csv.reader(feed, delimiter=delimiter)
                    if lines:
                        tally.rows += 1
                        yield broken_row(lines, why)
                    continue
                assert cells is not None
                if _blank(cells):
                    tally.blank += len(lines)
                    continue
                tally.rows += 1
                tally.continued += len(lines) - 1
                number = lines[0][0]
                if len(cells) > width and _blank(cells[width:]):
                    cells = cells[:width]  # trailing separators only
                if len(cells) != width:
                    problem = Problem("(row)", _count_reason(len(cells), width))
                    yield RawRow(number, {}, problem, cells)
                    continue
                yield RawRow(number, dict(zip(headers, cells, strict=True)), None, cells)
        finally:
            binary.close()

    return Table(
        path,
        path.name,
        headers,
        rows(),
        lambda: (binary.tell() if not binary.closed else size, size),
        tally=tally,
    )


# -- XLSX ----------------------------------------------------------------------------------------


def _xlsx_tables(path: Path) -> Iterator[Table]:
    from openpyxl import load_workbook  # imported here: only XLSX files pay its import time

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
        raise UnreadableFile(str(path), f"not a readable XLSX workbook: {exc}") from exc
    try:
        for sheet in book.worksheets:
            it = sheet.iter_rows(values_only=True)
            header_row = next(it, None)
            if header_row is None or all(v is None for v in header_row):
                continue
            headers = [_cell(v) or f"column{i + 1}" for i, v in enumerate(header_row)]
            total = sheet.max_row or 0
            name = path.name if len(book.worksheets) == 1 else f"{path.name}!{sheet.title}"
            state = {"done": 1}

            def rows(
                it: Iterator[tuple[Any, ...]] = it,
                headers: list[str] = headers,
                state: dict[str, int] = state,
            ) -> Iterator[RawRow]:
                for number, values in enumerate(it, start=2):
                    state["done"] = number
                    cells = [_cell(v) or "" for v in values]
                    if _blank(cells):
                        continue
                    cells = (cells + [""] * len(headers))[: max(len(headers), len(cells))]
                    if len(cells) > len(headers):
                        if _blank(cells[len(headers) :]):
                            cells = cells[: len(headers)]
                        else:
                            problem = Problem("(row)", _count_reason(len(cells), len(headers)))
                            yield RawRow(number, {}, problem, cells)
                            continue
                    yield RawRow(number, dict(zip(headers, cells, strict=True)), None, cells)

            tally = Tally()
            yield Table(
                path,
                name,
                headers,
                _counted(rows(), tally),
                lambda s=state, t=total: (s["done"], t),
                tally=tally,
            )
    finally:
        book.close()


# -- JSON ----------------------------------------------------------------------------------------


def _counted(rows: Iterator[RawRow], tally: Tally) -> Iterator[RawRow]:
    """XLSX and JSON rows are their own lines: each row read is one data line accounted for."""
    for raw in rows:
        tally.physical += 1
        tally.rows += 1
        yield raw


def _json_tables(path: Path, encoding: str) -> Iterator[Table]:
    try:
        yield from _json_tables_strict(path, encoding)
    except UnicodeDecodeError as exc:
        raise UnreadableFile(str(path), f"JSON无法按{encoding_label(encoding)}解码：{exc.reason}") from exc


def _json_tables_strict(path: Path, encoding: str) -> Iterator[Table]:
    with path.open(encoding=encoding, errors="replace") as handle:
        start = handle.read(4096).lstrip()
    if path.suffix.lower() in {".jsonl", ".ndjson"} or (start.startswith("{") and _is_lines(path, encoding)):
        yield _peeked(path, path.name, _json_lines(path, encoding))
    elif start.startswith("["):
        yield _peeked(path, path.name, _json_array(path, encoding))
    else:
        try:
            with path.open(encoding=encoding) as handle:
                document = json.load(handle)
        except json.JSONDecodeError as exc:
            raise UnreadableFile(str(path), f"invalid JSON: {exc}") from exc
        found = list(_lists_of_objects(document, ""))
        if not found:
            raise UnreadableFile(str(path), "no list of row objects found in the JSON document")
        for where, items in found:
            name = path.name if len(found) == 1 else f"{path.name}#{where}"
            yield _peeked(path, name, (_object_row(i + 1, item) for i, item in enumerate(items)))


def _is_lines(path: Path, encoding: str) -> bool:
    with path.open(encoding=encoding, errors="replace") as handle:
        first = handle.readline()
    try:
        return isinstance(json.loads(first), dict)
    except json.JSONDecodeError:
        return False


def _lists_of_objects(node: Any, where: str) -> Iterator[tuple[str, list[Any]]]:
    """Row lists inside an API response wrapper such as {"data": {"rows": [...]}}."""
    if isinstance(node, list) and node and all(isinstance(i, dict) for i in node):
        yield where or "$", node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _lists_of_objects(value, f"{where}.{key}" if where else key)


def _object_row(number: int, item: Any) -> RawRow:
    if not isinstance(item, dict):
        return RawRow(number, {}, Problem("(row)", "not a JSON object"), item)
    return RawRow(number, {str(k): _cell(v) for k, v in item.items()}, None, item)


def _json_lines(path: Path, encoding: str) -> Iterator[RawRow]:
    with path.open("rb") as handle:
        for number, data in enumerate(handle, start=1):
            try:
                line = data.decode(encoding)
            except UnicodeDecodeError as exc:
                yield RawRow(number, {}, _decode_problem(number, encoding, exc), _raw_line(data))
                continue
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except json.JSONDecodeError as exc:
                yield RawRow(number, {}, Problem("(row)", f"invalid JSON line: {exc.msg}"), line.rstrip("\n"))
                continue
            yield _object_row(number, item)


def _json_array(path: Path, encoding: str) -> Iterator[RawRow]:
    """Objects of a top-level array, decoded one at a time from a sliding buffer."""
    decoder = json.JSONDecoder()
    with path.open(encoding=encoding) as handle:
        buffer, number, eof = "", 0, False
        buffer = handle.read(1 << 16).lstrip()[1:]  # past the opening bracket
        while True:
            buffer = buffer.lstrip().lstrip(",").lstrip()
            if len(buffer) < (1 << 15) and not eof:
                more = handle.read(1 << 16)
                eof = not more
                buffer += more
                continue
            if buffer.startswith("]") or (eof and not buffer):
                return
            try:
                item, end = decoder.raw_decode(buffer)
            except json.JSONDecodeError as exc:
                if eof:
                    raise UnreadableFile(str(path), f"invalid JSON after row {number}: {exc.msg}") from exc
                more = handle.read(1 << 20)
                eof = not more
                buffer += more
                continue
            number += 1
            buffer = buffer[end:]
            yield _object_row(number, item)


def _peeked(path: Path, name: str, rows: Iterator[RawRow]) -> Table:
    """JSON has no header line: the keys of the first object stand in for it."""
    first = next(rows, None)
    headers = list(first.values) if first is not None else []

    def chained() -> Iterator[RawRow]:
        if first is not None:
            yield first
        yield from rows

    tally = Tally()
    return Table(path, name, headers, _counted(chained(), tally), tally=tally)
