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
class Table:
    """One table of a file (a CSV, a sheet, a JSON list): its headers and a row iterator."""

    file: Path
    name: str  # what the quarantine and the record ids call it: the file name, plus sheet
    headers: list[str]
    rows: Iterator[RawRow]
    position: Any = None  # () -> (done, total) for the progress bar
    extra: dict[str, Any] = field(default_factory=dict)


def fingerprint(path: Path) -> tuple[str, str]:
    """(sha1 of the bytes, text encoding): one streaming pass. GBK is read as its superset GB18030."""
    digest = hashlib.sha1()
    decoder: codecs.IncrementalDecoder | None = codecs.getincrementaldecoder("utf-8")()
    with path.open("rb") as handle:
        head = handle.read(3)
        encoding = "utf-8-sig" if head == codecs.BOM_UTF8 else "utf-8"
        handle.seek(0)
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
            if decoder is not None:
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError:
                    decoder, encoding = None, "gb18030"
    return digest.hexdigest(), encoding


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
    return f"wrong column count: row has {cells} cells, the header has {headers}"


def _blank(cells: list[str]) -> bool:
    return all(not c.strip() for c in cells)


# -- CSV -----------------------------------------------------------------------------------------


def _csv_table(path: Path, encoding: str) -> Table:
    binary = path.open("rb")
    text = io.TextIOWrapper(binary, encoding=encoding, newline="")
    first = text.readline()
    if not first.strip():
        binary.close()
        raise UnreadableFile(str(path), "empty file or blank header line")
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    headers = next(csv.reader([first], delimiter=delimiter))
    size = path.stat().st_size

    def rows() -> Iterator[RawRow]:
        reader = csv.reader(text, delimiter=delimiter)
        try:
            for cells in reader:
                number = reader.line_num + 1  # the header line was read before the reader
                if _blank(cells):
                    continue
                if len(cells) > len(headers) and _blank(cells[len(headers) :]):
                    cells = cells[: len(headers)]  # trailing separators only
                if len(cells) != len(headers):
                    problem = Problem("(row)", _count_reason(len(cells), len(headers)))
                    yield RawRow(number, {}, problem, cells)
                    continue
                yield RawRow(number, dict(zip(headers, cells, strict=True)), None, cells)
        except csv.Error as exc:
            raise UnreadableFile(str(path), f"CSV error near line {reader.line_num + 1}: {exc}") from exc
        finally:
            binary.close()

    return Table(
        path, path.name, headers, rows(), lambda: (binary.tell() if not binary.closed else size, size)
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

            yield Table(path, name, headers, rows(), lambda s=state, t=total: (s["done"], t))
    finally:
        book.close()


# -- JSON ----------------------------------------------------------------------------------------


def _json_tables(path: Path, encoding: str) -> Iterator[Table]:
    with path.open(encoding=encoding) as handle:
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
    with path.open(encoding=encoding) as handle:
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
    with path.open(encoding=encoding) as handle:
        for number, line in enumerate(handle, start=1):
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

    return Table(path, name, headers, chained())
