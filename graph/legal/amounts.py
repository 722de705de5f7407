"""Money amounts as written in decisions → yuan.

Forms: 人民币伍万贰仟壹佰贰拾元整, 叁仟贰佰元(3200元), 2.5万元, 0.84萬元, 5,000元, 6164.1元,
二万元, 1.1万元, 叁佰元伍角. Input may be traditional or full-width (callers normalise first,
but the parser folds width itself so it is safe on raw strings).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

DIGITS = {
    "零": 0, "〇": 0, "○": 0, "Ｏ": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "貳": 2, "两": 2, "兩": 2,
    "三": 3, "叁": 3, "參": 3, "叄": 3, "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6,
    "陸": 6, "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9,
}  # fmt: skip
SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
BIG_UNITS = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}
CN_CHARS = "".join(DIGITS) + "".join(SMALL_UNITS) + "".join(BIG_UNITS)

# One amount, Arabic or Chinese, with its currency words; used by the penalty rules too.
AMOUNT_RE = re.compile(
    r"(?:人民币|¥|￥)?"
    r"(?P<num>\d[\d,，]*(?:[.．]\d+)?\s*(?:[万萬亿億]\s*)?|[" + CN_CHARS + r"]+)"
    r"\s*(?:元|圆)(?P<frac>(?:[" + CN_CHARS + r"\d]角)?(?:[" + CN_CHARS + r"\d]分)?)(?:整|正)?"
)


def _fold(text: str) -> str:
    return "".join(chr(ord(c) - 0xFEE0) if 0xFF01 <= ord(c) <= 0xFF5E else c for c in text)


def parse_chinese_integer(text: str) -> int | None:
    """二万零五百 → 20500; 伍万贰仟壹佰贰拾 → 52120; 十二 → 12. None when not a numeral."""
    if not text or any(ch not in CN_CHARS for ch in text):
        return None
    total = 0  # completed 亿 / 万 sections
    section = 0  # value below the current big unit
    digit: int | None = None
    for ch in text:
        if ch in DIGITS:
            if digit is not None and DIGITS[ch] != 0:
                return None  # 二三 is not a numeral in this genre
            digit = DIGITS[ch] if DIGITS[ch] != 0 or digit is None else digit
            if DIGITS[ch] == 0:
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


def parse_number(text: str) -> Decimal | None:
    """A number without currency: '5,000', '2.5万', '二万', '0.84萬', '6164.1'."""
    text = _fold(text).replace(" ", "").replace(",", "").replace("，", "").replace("．", ".")
    if not text:
        return None
    multiplier = 1
    if text[-1] in BIG_UNITS and re.fullmatch(r"\d+(?:\.\d+)?[万萬亿億]", text):
        multiplier = BIG_UNITS[text[-1]]
        text = text[:-1]
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        try:
            return Decimal(text) * multiplier
        except InvalidOperation:  # pragma: no cover - guarded by the regex
            return None
    value = parse_chinese_integer(text)
    return None if value is None else Decimal(value)


def parse_amount(text: str) -> Decimal | None:
    """Yuan in the first amount of `text`; a bracketed Arabic repeat (3200元) is ignored."""
    m = AMOUNT_RE.search(_fold(text))
    if m is None:
        return None
    value = parse_number(m.group("num"))
    if value is None:
        return None
    frac = m.group("frac")
    for unit, scale in (("角", Decimal("0.1")), ("分", Decimal("0.01"))):
        if unit in frac:
            part = frac.split(unit)[0][-1]
            digit = int(part) if part.isdigit() else DIGITS.get(part)
            if digit is None:
                return None
            value += digit * scale
            frac = frac.split(unit, 1)[1]
    return value


def as_number(value: Decimal) -> int | float:
    """JSON-friendly: integral yuan as int, otherwise float."""
    return int(value) if value == value.to_integral_value() else float(value)
