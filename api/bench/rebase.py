"""Moves a generated bundle in time: every date in its files shifted by the same number of days.

The sample bundle is written with fixed dates (tests read it as it is). `make run` loads a copy
rebased so that the bundle's reference day is today: the publicity windows, listings and tenders
then look on any day as they looked on the reference day — live penalties, listings in effect, a
barred bidder pair. Dates are found in every form the bundle writes (2024-03-11, 2024/03/11,
20240311, 2024年3月11日, 二〇二四年三月十一日, with a time after it or not) and written back in
the same form. Digits inside longer numbers (ID numbers, accounts, codes) are never dates; the
"no end" date 2099-12-31 stays as it is.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

from openpyxl import load_workbook

from graph.legal.dates import OPEN_END
from graph.legal.numerals import parse_digits, parse_integer

_ARABIC = re.compile(r"(?<![0-9A-Za-z])(\d{4})([-/年]?)(\d{1,2})([-/月]?)(\d{1,2})(日?)(?![0-9])")
_CN = "〇一二三四五六七八九"
_CHINESE = re.compile(rf"([{_CN}零]{{4}})年([{_CN}十]{{1,3}})月([{_CN}十]{{1,3}})日")


def _valid(year: int, month: int, day: int) -> date | None:
    try:
        found = date(year, month, day)
    except ValueError:
        return None
    return found if 1950 <= year <= 2089 else None


def _cn_number(n: int) -> str:
    tens, ones = divmod(n, 10)
    return ("" if tens == 0 else ("十" if tens == 1 else _CN[tens] + "十")) + (_CN[ones] if ones else "")


def shift_dates(text: str, days: int) -> str:
    """`text` with every date moved by `days`, each written back in its own form."""

    def arabic(m: re.Match[str]) -> str:
        year, sep1, month, sep2, day, suffix = m.groups()
        if (sep1, sep2, suffix) not in {("-", "-", ""), ("/", "/", ""), ("", "", ""), ("年", "月", "日")}:
            return m.group(0)
        if not sep1 and (len(month) != 2 or len(day) != 2):
            return m.group(0)
        found = _valid(int(year), int(month), int(day))
        if found is None or found == OPEN_END:
            return m.group(0)
        moved = found + timedelta(days=days)
        pad = 2 if len(month) == 2 or not sep1 else 1
        return f"{moved.year}{sep1}{moved.month:0{pad}d}{sep2}{moved.day:0{pad}d}{suffix}"

    def chinese(m: re.Match[str]) -> str:
        year, month, day = parse_digits(m.group(1)), parse_integer(m.group(2)), parse_integer(m.group(3))
        found = _valid(year, month, day) if year and month and day else None
        if found is None:
            return m.group(0)
        moved = found + timedelta(days=days)
        spelled = "".join(_CN[int(d)] for d in str(moved.year))
        return f"{spelled}年{_cn_number(moved.month)}月{_cn_number(moved.day)}日"

    return _ARABIC.sub(arabic, _CHINESE.sub(chinese, text))


def rebase(folder: Path, reference: date, today: date) -> int:
    """Shift every date in the bundle's files in `folder` so that `reference` becomes `today`;
    returns the number of files rewritten."""
    days = (today - reference).days
    count = 0
    for path in sorted(folder.iterdir()):
        if path.suffix in {".csv", ".json", ".jsonl"}:
            raw = path.read_bytes()
            encoding = "utf-8-sig" if raw.startswith(b"\xef\xbb\xbf") else "utf-8"
            try:
                text = raw.decode(encoding)
            except UnicodeDecodeError:
                encoding = "gb18030"
                text = raw.decode(encoding)
            path.write_bytes(shift_dates(text, days).encode(encoding))
        elif path.suffix == ".xlsx":
            book = load_workbook(path)
            for sheet in book.worksheets:
                for row in sheet.iter_rows():
                    for cell in row:
                        if isinstance(cell.value, str):
                            cell.value = shift_dates(cell.value, days)
                        elif isinstance(cell.value, date):  # datetime too
                            cell.value = cell.value + timedelta(days=days)
            book.save(path)
        else:
            continue
        count += 1
    return count
