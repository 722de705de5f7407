"""Money amounts → yuan: one number reader (`numerals.parse_number`) for free text and columns.

Free text (decisions): 人民币伍万贰仟壹佰贰拾元整, 叁仟贰佰元(3200元), 2.5万元, 0.84萬元, 5,000元, 5千元,
¥5,000.00, 6164.1元, 二万元, 1.1万元, 叁佰元伍角 — traditional or full-width too (the parser folds width).
Structured columns (双公示): Arabic numbers in the column's unit (`0.2` in a 万元 column → 2000),
unless the value names its own unit (`3万元`, `1,000.5元`).

- `parse_amount(text)`: yuan (Decimal) of the first amount in free text, or None.
- `parse_amount_field(value, unit_wan)`: yuan (float) of a column value; None when absent, else Invalid.
"""

from __future__ import annotations

import re
from decimal import Decimal

from graph.legal.numerals import CN_CHARS, DIGITS, fold_width, parse_number
from graph.legal.values import Invalid, clean

# One amount, Arabic or Chinese, with its currency words; used by the penalty rules too.
# ¥5,000.00 with no 元 is an amount too (`bare`).
AMOUNT_RE = re.compile(
    r"(?:人民币|¥|￥)?(?:"
    r"(?P<num>\d[\d,，]*(?:[.．]\d+)?\s*(?:[万萬亿億千仟百佰]\s*(?:\d+(?:[.．]\d+)?\s*[千仟百佰]?\s*)?)?"
    r"|(?<![\d.])[" + CN_CHARS + r"]+)"
    r"\s*(?:元|圆)(?P<frac>(?:[" + CN_CHARS + r"\d]角)?(?:[" + CN_CHARS + r"\d]分)?)(?:整|正)?"
    r"|(?<=[¥￥])(?P<bare>\d[\d,，]*(?:[.．]\d+)?)(?![\d.,，]|\s*[万萬元圆]))"
)


def parse_amount(text: str) -> Decimal | None:
    """Yuan in the first amount of `text`; a bracketed Arabic repeat (3200元) is ignored."""
    m = AMOUNT_RE.search(fold_width(text))
    if m is None:
        return None
    value = parse_number(m.group("num") or m.group("bare"))
    if value is None:
        return None
    frac = m.group("frac") or ""
    for unit, scale in (("角", Decimal("0.1")), ("分", Decimal("0.01"))):
        if unit in frac:
            part = frac.split(unit)[0][-1]
            digit = int(part) if part.isdigit() else DIGITS.get(part)
            if digit is None:
                return None
            value += digit * scale
            frac = frac.split(unit, 1)[1]
    return value


_COLUMN_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")  # columns carry Arabic numbers only


def parse_amount_field(value: str | None, unit_wan: bool) -> float | None:
    """Yuan. Structured 双公示 columns are in 万元 (`0.2` → 2000); a value that says 元 is yuan."""
    text = clean(value)
    if text is None:
        return None
    compact = text.replace(",", "").replace(" ", "")
    if compact.endswith("万元") or compact.endswith("万"):
        compact, unit_wan = compact.rstrip("万元"), True
    elif compact.endswith("元"):
        compact, unit_wan = compact[:-1], False
    number = parse_number(compact.removeprefix("-")) if _COLUMN_NUMBER.fullmatch(compact) else None
    if number is None:
        raise Invalid(f"not an amount: {text!r}", value=text)
    if compact.startswith("-") and number != 0:
        raise Invalid(f"negative amount: {text!r}", value=text)
    amount = float(number)
    return round(amount * 10000, 2) if unit_wan else round(amount, 2)


def as_number(value: Decimal) -> int | float:
    """JSON-friendly: integral yuan as int, otherwise float."""
    return int(value) if value == value.to_integral_value() else float(value)
