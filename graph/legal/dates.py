"""Dates: 2021年4月30日, 二〇二一年四月三十日, 2019年7月08日, 2025-12-11, with stray spaces."""

from __future__ import annotations

import re
from datetime import date

from graph.legal.amounts import parse_chinese_integer

_NUM = r"[0-9０-９〇零○一二三四五六七八九十]"
DATE_RE = re.compile(
    rf"(?P<y>{_NUM}\s*{_NUM}\s*{_NUM}\s*{_NUM})\s*年\s*(?P<m>{_NUM}{{1,3}})\s*月\s*(?P<d>(?:{_NUM}\s*){{1,3}})日"
    r"|(?P<iy>\d{4})\s*[-/.]\s*(?P<im>\d{1,2})\s*[-/.]\s*(?P<id>\d{1,2})(?!\d)"
)
_YEAR_DIGITS = {
    "〇": 0,
    "零": 0,
    "○": 0,
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}


def _part(text: str) -> int | None:
    text = "".join(chr(ord(c) - 0xFEE0) if 0xFF10 <= ord(c) <= 0xFF19 else c for c in text if not c.isspace())
    if text.isdigit():
        return int(text)
    return parse_chinese_integer(text.replace("〇", "零").replace("○", "零"))


def _year(text: str) -> int | None:
    text = "".join(c for c in text if not c.isspace())
    text = "".join(chr(ord(c) - 0xFEE0) if 0xFF10 <= ord(c) <= 0xFF19 else c for c in text)
    if text.isdigit():
        return int(text)
    digits = [_YEAR_DIGITS.get(c) for c in text]  # years are read digit by digit: 二〇二一
    if any(d is None for d in digits):
        return None
    return int("".join(str(d) for d in digits))


def parse_date_match(m: re.Match[str]) -> date | None:
    if m.group("iy"):
        y, mo, d = int(m.group("iy")), int(m.group("im")), int(m.group("id"))
    else:
        yy, mm, dd = _year(m.group("y")), _part(m.group("m")), _part(m.group("d"))
        if yy is None or mm is None or dd is None:
            return None
        y, mo, d = yy, mm, dd
    if not 1949 <= y <= 2100:
        return None
    try:
        return date(y, mo, d)
    except ValueError:
        return None


def parse_date(text: str) -> date | None:
    """The first well-formed date in `text`, or None (impossible dates such as 2月30日 → None)."""
    for m in DATE_RE.finditer(text):
        value = parse_date_match(m)
        if value is not None:
            return value
    return None
