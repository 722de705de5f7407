"""Layouts that hide the label-value pairing: disclosure tables flattened one cell per line.

A captured HTML table often arrives as its header cells, one per line ("被处罚人 |"), a lone
"|" closing the row, then the value cells in the same order. `column_cells` pairs them again,
so the label rules can read "被处罚人" → "韦文聚" as they read "被处罚人:韦文聚".
"""

from __future__ import annotations

import re
from functools import lru_cache

from nlp.resources import regex

_CELL = re.compile(r"([^|\n]*)\|$")
# Where the decision ends and quoted material begins: an appendix (附:相关行政职权目录, 附件:
# 裁量标准) or commentary (三、法律解说 / 相关规定: / 法条链接) quotes ranges and law.
_AFTERWORD = re.compile(
    r"(?m)^(?:附[::]|附件[::\d一二三四五六七八九十]"
    r"|(?:[一二三四五六七八九十]+、)?(?:法律解说|法律解读|相关规定|法条链接|相关法条|律师说法)[::]?$)"
)


def body_end(text: str) -> int:
    """The end of the decision proper (len(text) when nothing follows it)."""
    m = _AFTERWORD.search(text)
    return len(text) if m is None else m.start()


def _lines(text: str) -> list[tuple[int, str]]:
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, line))
        pos += len(line) + 1
    return out


def column_cells(text: str, min_columns: int = 4) -> list[tuple[str, int, int]]:
    """See `_column_cells` (cached: header, party and citation rules all ask for the same text)."""
    return list(_column_cells(text, min_columns))


@lru_cache(maxsize=16)
def _column_cells(text: str, min_columns: int) -> tuple[tuple[str, int, int], ...]:
    """(header, value start, value end) for every flattened table row found in `text`: pipe
    cells ("被处罚人 |" … "|" … "韦文聚 |") or a block of header lines (案件名称\n行政相对人名称
    \n处罚内容…) followed by as many value lines."""
    lines = _lines(text)
    out: list[tuple[str, int, int]] = _header_block(lines) + _header_row(lines)
    i = 0
    while i < len(lines):
        if lines[i][1].strip() != "|":
            i += 1
            continue
        headers: list[str] = []
        j = i + 1
        while j < len(lines) and lines[j][1].strip() != "|" and (m := _CELL.fullmatch(lines[j][1].strip())):
            headers.append(m.group(1).strip())
            j += 1
        if len(headers) < min_columns or j >= len(lines) or lines[j][1].strip() != "|":
            i = j if j > i else i + 1
            continue
        values = lines[j + 1 : j + 1 + len(headers)]
        if len(values) == len(headers) and all(line.rstrip().endswith("|") for _, line in values):
            for header, (pos, line) in zip(headers, values, strict=True):
                value = line.rstrip()[:-1].rstrip()
                lead = len(line) - len(line.lstrip())
                out.append((header, pos + lead, pos + len(value)))
        i = j + 1 + len(values)
    return tuple(out)


def _header_block(lines: list[tuple[int, str]], min_columns: int = 3) -> list[tuple[str, int, int]]:
    header = regex("labels.jsonl", "label", "HEADER")
    out: list[tuple[str, int, int]] = []
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and header.fullmatch(lines[j][1].strip()):
            j += 1
        k = j - i
        rows = 0
        # one record after the header, or several (序号 1 … 序号 2 …): each as many lines as headers
        while k >= min_columns:
            start = j + rows * k
            values = [(pos, line) for pos, line in lines[start : start + k] if line.strip()]
            if len(values) != k or any(header.fullmatch(v.strip()) for _, v in values):
                break
            if rows and not _same_shape(lines[j : j + k], values):
                break
            for (_, name), (pos, line) in zip(lines[i:j], values, strict=True):
                lead = len(line) - len(line.lstrip())
                out.append((name.strip(), pos + lead, pos + len(line.rstrip())))
            rows += 1
        i = j + rows * k if rows else max(j, i + 1)
    return out


def _same_shape(first: list[tuple[int, str]], row: list[tuple[int, str]]) -> bool:
    """A further record of a flattened table opens like the first (its 序号 cell is a number
    when the first one is), so the prose after a one-record table is not read as a record."""
    a, b = first[0][1].strip(), row[0][1].strip()
    return a.isdigit() == b.isdigit()


def _cells(line: str) -> list[tuple[int, int]]:
    """[start, end) of each cell of a `a | b | c` line; outer pipes optional, empty cells kept."""
    out, pos = [], 0
    for part in line.split("|"):
        lead = len(part) - len(part.lstrip())
        out.append((pos + lead, pos + lead + len(part.strip())))
        pos += len(part) + 1
    if out and out[0][0] == out[0][1]:
        out = out[1:]  # | a | b |: the empty text before the first pipe
    if out and out[-1][0] == out[-1][1]:
        out = out[:-1]
    return out


def _header_row(lines: list[tuple[int, str]], min_columns: int = 3) -> list[tuple[str, int, int]]:
    """A table kept as rows: `序号 | 当事人 | 违法行为 | 处罚机关` then value rows of as many cells."""
    header = regex("labels.jsonl", "label", "HEADER")
    party = regex("labels.jsonl", "label", "PARTY")
    out: list[tuple[str, int, int]] = []
    i = 0
    while i < len(lines):
        _, line = lines[i]
        if line.count("|") < min_columns - 1:
            i += 1
            continue
        names = [line[a:b] for a, b in _cells(line)]
        if len(names) < min_columns or not all(names):
            i += 1
            continue
        if not all(header.fullmatch(n) or party.fullmatch(n) for n in names):
            i += 1
            continue
        j = i + 1
        while j < len(lines) and len(cells := _cells(lines[j][1])) == len(names):
            pos = lines[j][0]
            out.extend((name, pos + a, pos + b) for name, (a, b) in zip(names, cells, strict=True) if b > a)
            j += 1
        i = j
    return out
