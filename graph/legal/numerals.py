"""Numbers as legal texts write them: Chinese numerals (lower case, capitals 壹贰叁, 〇/零, 两),
years read digit by digit (二〇二四), Arabic numbers with a 万/亿 multiplier (3.5万), ratios.

The one reader of Chinese numerals: amounts, dates and citation numbers all go through
`parse_integer`. (`cn2an` was tried and dropped: it reads 二三 as 23 and rejects a bare 百, both
differences that would change what the parsers accept, and it is ten times slower.)
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from graph.legal.values import Invalid, clean

DIGITS = {
    "零": 0, "〇": 0, "○": 0, "Ｏ": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "貳": 2, "两": 2, "兩": 2,
    "三": 3, "叁": 3, "參": 3, "叄": 3, "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6,
    "陸": 6, "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9,
}  # fmt: skip
SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
BIG_UNITS = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}
# The numeral characters grammars may match (amounts, dates, citations).
CN_CHARS = "".join(DIGITS) + "".join(SMALL_UNITS) + "".join(BIG_UNITS)
# A Latin O is how NFKC leaves a full-width Ｏ typed for 〇 (二O二二年): read as zero, but kept
# out of CN_CHARS so no grammar matches on a letter.
_READ_AS = {**DIGITS, "O": 0}


def fold_width(text: str) -> str:
    """Full-width ASCII (１２，Ａ) to half-width; nothing else changes."""
    return "".join(chr(ord(c) - 0xFEE0) if 0xFF01 <= ord(c) <= 0xFF5E else c for c in text)


def parse_integer(text: str) -> int | None:
    """An integer numeral: 十二 → 12, 二万零五百 → 20500, 伍万贰仟壹佰贰拾 → 52120, 一百零五 → 105;
    Arabic digits pass through. None when `text` is not a numeral (二三 is not one in this genre)."""
    if text.isdecimal():
        return int(text)
    if not text or any(ch not in _READ_AS and ch not in SMALL_UNITS and ch not in BIG_UNITS for ch in text):
        return None
    total = 0  # completed 亿 / 万 sections
    section = 0  # value below the current big unit
    digit: int | None = None
    for ch in text:
        if ch in _READ_AS:
            value = _READ_AS[ch]
            if digit is not None and value != 0:
                return None
            digit = value if value != 0 or digit is None else digit
            if value == 0:
                digit = None
        elif ch in SMALL_UNITS:
            section += (1 if digit is None else digit) * SMALL_UNITS[ch]
            digit = None
        else:
            unit = BIG_UNITS[ch]
            section += digit or 0
            digit = None
            if unit > 10_000:
                total = (total + section) * unit
            else:
                total += section * unit
            section = 0
    return total + section + (digit or 0)


def parse_digits(text: str) -> int | None:
    """A number read digit by digit, as years are written: 二〇二一 → 2021; Arabic passes through."""
    if text.isdecimal():
        return int(text)
    digits = [_READ_AS.get(c) for c in text]
    if not digits or any(d is None or d > 9 for d in digits):
        return None
    return int("".join(str(d) for d in digits))


_ARABIC = re.compile(r"\d+(?:\.\d+)?")
_ARABIC_BIG = re.compile(r"\d+(?:\.\d+)?[万萬亿億]")
# Arabic digits with Chinese units: 5千, 3.5千, 12万5千, 12万5000, 1亿2000万.
_UNITS = {**SMALL_UNITS, **BIG_UNITS}
_MIXED = re.compile(r"(\d+(?:\.\d+)?)([千仟百佰万萬亿億])(?:(\d+(?:\.\d+)?)([千仟百佰万萬]?))?")


def _mixed(text: str) -> Decimal | None:
    m = _MIXED.fullmatch(text)
    if m is None:
        return None
    high = _UNITS[m[2]]
    value = Decimal(m[1]) * high
    if m[3]:
        low = _UNITS[m[4]] if m[4] else 1
        if low >= high:
            return None
        value += Decimal(m[3]) * low
    return value


def parse_number(text: str) -> Decimal | None:
    """A number without currency: '5,000', '2.5万', '二万', '0.84萬', '6164.1', '3.5千', '12万5千'.
    None if not one."""
    text = fold_width(text).replace(" ", "").replace(",", "").replace("，", "").replace("．", ".")
    if not text:
        return None
    multiplier = 1
    if text[-1] in BIG_UNITS and _ARABIC_BIG.fullmatch(text):
        multiplier = BIG_UNITS[text[-1]]
        text = text[:-1]
    if _ARABIC.fullmatch(text):
        try:
            return Decimal(text) * multiplier
        except InvalidOperation:  # pragma: no cover - guarded by the regex
            return None
    if text[0].isdigit():
        return _mixed(text)  # 3.5千 / 12万5千 (a plain 2.5万 was read above)
    value = parse_integer(text)
    return None if value is None else Decimal(value)


_SIGNED = re.compile(r"-?\d+(?:\.\d+)?")


def parse_ratio(value: str | None) -> float | None:
    """A fraction 0..1 from `35%`, `0.35` or `35` (a bare number above 1 is a percentage)."""
    text = clean(value)
    if text is None:
        return None
    percent = text.endswith("%")
    number = text.rstrip("%").strip()
    if not _SIGNED.fullmatch(number):
        raise Invalid(f"not a ratio: {text!r}", value=text)
    ratio = float(number)
    if percent or ratio > 1:
        ratio /= 100
    if not 0 <= ratio <= 1:
        raise Invalid(f"ratio out of range: {text!r}", value=text)
    return round(ratio, 6)
