"""Dates: one grammar and one reader for free text and structured columns.

Forms: 2021年4月30日, 二〇二一年四月三十日, 2019年7月08日, 2023 年 4 月 13 日, ２０２０年０４月２８日,
2025-12-11, 2022/6/2, 2022.6.2; structured columns also 20220602 and a time after the date
(2022-06-02 10:11:12). Years are read digit by digit (二〇二一), months and days as numerals.

- `parse_date(text)`: the first plausible date (1949–2100) in free text, or None.
- `parse_date_match(m)`: the same for a match of `DATE_RE` (callers that search themselves).
- `parse_date_field(value)`: a whole structured value; None when absent, `Invalid` when wrong.
"""

from __future__ import annotations

import re
from datetime import date

from graph.legal.numerals import fold_width, parse_digits, parse_integer
from graph.legal.values import Invalid, clean

_NUM = r"[0-9０-９〇零○一二三四五六七八九十]"


def _grammar(gap: str, time: str = "") -> str:
    """The date grammar; `gap` is what may stand between its parts (OCR spaces in free text)."""
    n, g = _NUM, gap
    return (
        rf"(?P<y>{n}{g}{n}{g}{n}{g}{n}){g}年{g}(?P<m>{n}{{1,3}}){g}月{g}(?P<d>(?:{n}{g}){{1,3}})日"
        rf"|(?P<iy>\d{{4}}){g}[-/.]{g}(?P<im>\d{{1,2}}){g}[-/.]{g}(?P<id>\d{{1,2}})(?!\d){time}"
    )


# Free text: spaces may split a date (2023 年 4 月 13 日).
DATE_RE = re.compile(_grammar(r"\s*"))
# A structured value: one date of the grammar without gaps, a time after a numeric date, or
# the compact YYYYMMDD.
_FIELD_RE = re.compile(_grammar("", time=r"(?:[ T].*)?") + r"|(?P<cy>\d{4})(?P<cm>\d{2})(?P<cd>\d{2})")
_FIELD_SHAPE = re.compile(r".{4}年.{1,3}月.{1,3}日")  # the shape of a date, whatever its characters
OPEN_END = date(2099, 12, 31)  # 2099-12-31 is how publishers write 长期 (no end)


def _squeeze(text: str) -> str:
    return fold_width("".join(c for c in text if not c.isspace()))


def _ymd(m: re.Match[str]) -> tuple[int, int, int] | None:
    """Year, month, day of a match, or None when a part is not a number."""
    if m.group("iy"):
        return int(m.group("iy")), int(m.group("im")), int(m.group("id"))
    if m.re is _FIELD_RE and m.group("cy"):
        return int(m.group("cy")), int(m.group("cm")), int(m.group("cd"))
    year = parse_digits(_squeeze(m.group("y")))  # years are read digit by digit: 二〇二一
    month, day = parse_integer(_squeeze(m.group("m"))), parse_integer(_squeeze(m.group("d")))
    if year is None or month is None or day is None:
        return None
    return year, month, day


def parse_date_match(m: re.Match[str]) -> date | None:
    """The date of a `DATE_RE` match in free text; None when impossible (2月30日) or implausible."""
    parts = _ymd(m)
    if parts is None or not 1949 <= parts[0] <= 2100:
        return None
    try:
        return date(*parts)
    except ValueError:
        return None


def parse_date(text: str) -> date | None:
    """The first well-formed date in `text`, or None (impossible dates such as 2月30日 → None)."""
    for m in DATE_RE.finditer(text):
        value = parse_date_match(m)
        if value is not None:
            return value
    return None


def parse_date_field(value: str | None) -> date | None:
    """A structured date column (every format of formats.md); None when absent, else Invalid."""
    text = clean(value)
    if text is None:
        return None
    m = _FIELD_RE.fullmatch(text.replace("O", "〇"))  # NFKC turns a full-width Ｏ into a Latin O
    if m is None:
        kind = "impossible" if _FIELD_SHAPE.fullmatch(text) else "unrecognised"
        raise Invalid(f"{kind} date {text!r}", value=text)
    parts = _ymd(m)
    try:
        if parts is None:
            raise ValueError(text)
        return date(*parts)
    except ValueError as exc:
        raise Invalid(f"impossible date {text!r}", value=text) from exc
