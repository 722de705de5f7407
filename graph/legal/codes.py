"""Parsers and check-digit validators for structured rows: USCC, ID numbers, dates, money.

Each parser raises `Invalid(reason)` on a value that is present but wrong; an absent value
(empty, `-`, `无`) is None, never an error. Callers decide whether absence is fatal.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from stdnum.cn import uscc as std_uscc
from stdnum.exceptions import ValidationError


class Invalid(ValueError):
    """A value that is present but cannot be accepted; `reason` is what the quarantine shows."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


_ABSENT = {"", "-", "--", "—", "无", "null", "NULL", "None", "/", "暂无"}
OPEN_END = date(2099, 12, 31)  # 2099-12-31 is how publishers write 长期 (no end)


def clean(value: str | None) -> str | None:
    """Width-folded, trimmed text; placeholders for "nothing" become None."""
    if value is None:
        return None
    text = unicodedata.normalize("NFKC", value).strip()
    return None if text in _ABSENT else text


# -- USCC (GB 32100) and organisation code (GB 11714) -------------------------------------------

_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def _org_value(char: str) -> int:
    return int(char) if char.isdigit() else ord(char) - ord("A") + 10


def org_code_check(body: str) -> str:
    """GB 11714 check character of an 8-character organisation code body."""
    total = sum(_org_value(c) * w for c, w in zip(body, _ORG_WEIGHTS, strict=True))
    check = 11 - total % 11
    return "X" if check == 10 else "0" if check == 11 else str(check)


def is_masked(text: str) -> bool:
    return "*" in text or "＊" in text or "×" in text


_STDNUM_REASON = {"InvalidChecksum": "wrong check digit", "InvalidLength": "not 18 characters",
                  "InvalidFormat": "characters outside the GB 32100 alphabet"}


@lru_cache(maxsize=8192)  # authority and repeat-party codes recur row after row
def parse_uscc(value: str | None) -> str | None:
    """A valid USCC (upper case) or None when absent/masked; Invalid on a wrong code.

    python-stdnum checks length, alphabet and the GB 32100 check digit; the organisation code
    inside (characters 9–17) carries its own GB 11714 check, which stdnum does not verify.
    """
    text = clean(value)
    if text is None or is_masked(text):
        return None
    code = re.sub(r"[\s-]", "", text).upper()
    try:
        std_uscc.validate(code)
    except ValidationError as exc:
        raise Invalid(f"USCC {code!r}: {_STDNUM_REASON.get(type(exc).__name__, 'invalid')}") from exc
    org = code[8:17]
    if not re.fullmatch(r"[0-9A-Z]{8}[0-9X]", org) or org_code_check(org[:8]) != org[8]:
        raise Invalid(f"USCC {code!r}: organisation code {org} fails the GB 11714 check")
    return code


def parse_org_code(value: str) -> str:
    code = re.sub(r"[\s-]", "", value).upper()
    if not re.fullmatch(r"[0-9A-Z]{8}[0-9X]", code) or org_code_check(code[:8]) != code[8]:
        raise Invalid(f"organisation code {value!r} fails the GB 11714 check")
    return code


_CATEGORY_PREFIX = {"企业": ("91", "92", "93", "9"), "个体工商户": ("92",), "机关事业单位": ("11", "12")}


def category_warning(category: str | None, uscc: str | None) -> str | None:
    """A category that contradicts the USCC's type prefix: worth a warning, not a rejection."""
    if not category or not uscc:
        return None
    if "个体" in category and not uscc.startswith("92"):
        return f"category {category} but USCC prefix {uscc[:2]} (92 expected)"
    if "自然人" in category:
        return f"category {category} but a USCC {uscc[:2]}… is given"
    if category.startswith("法人") and uscc.startswith("92"):
        return f"category {category} but USCC prefix 92 (个体工商户)"
    if ("机关" in category or "事业单位" in category) and uscc[:2] not in ("11", "12", "13", "19"):
        return f"category {category} but USCC prefix {uscc[:2]}"
    return None


def entity_kind(uscc: str | None, category: str | None = None) -> str:
    """company | individual_business | organisation | unknown, from the USCC prefix first."""
    if uscc:
        if uscc.startswith("92"):
            return "individual_business"
        if uscc.startswith("9"):
            return "company"
        return "organisation"
    if category and "个体" in category:
        return "individual_business"
    return "unknown"


# -- ID numbers (GB 11643) ----------------------------------------------------------------------

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


@dataclass(frozen=True)
class IdNumber:
    """A person's ID as written: `full` when complete and valid, else only `masked`."""

    full: str | None
    masked: str


def mask(full: str) -> str:
    return full[:4] + "*" * (len(full) - 8) + full[-4:]


def id_check_char(body17: str) -> str:
    return _ID_CHECK[sum(int(c) * w for c, w in zip(body17, _ID_WEIGHTS, strict=True)) % 11]


def parse_id_number(value: str | None) -> IdNumber | None:
    """Check digit and birth date only: the region code is a hint (see ARCHITECTURE.md pitfalls —
    stdnum.cn.ric rejects real numbers whose county was created after the birth year)."""
    text = clean(value)
    if text is None:
        return None
    code = re.sub(r"\s", "", text).upper()
    if is_masked(code):
        return IdNumber(None, code.replace("＊", "*"))
    if re.fullmatch(r"\d{15}", code):  # first-generation number: 2-digit year, no check digit
        body = code[:6] + "19" + code[6:]
        code = body + id_check_char(body)
    if not re.fullmatch(r"\d{17}[\dX]", code):
        raise Invalid(f"ID number {mask(code) if len(code) > 8 else code!r}: not 18 characters of digits/X")
    try:
        born = date(int(code[6:10]), int(code[10:12]), int(code[12:14]))
    except ValueError as exc:
        raise Invalid(f"ID number {mask(code)}: impossible birth date") from exc
    if born.year < 1880 or born > date.today():
        raise Invalid(f"ID number {mask(code)}: birth date {born} out of range")
    if id_check_char(code[:17]) != code[17]:
        raise Invalid(f"ID number {mask(code)}: wrong check digit")
    return IdNumber(code, mask(code))


# -- dates ---------------------------------------------------------------------------------------

_CN_DIGITS = {"〇": 0, "零": 0, "○": 0, "O": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}


def cn_number(text: str) -> int:
    """Small Chinese numerals (一 … 九十九, 一百二十三); digits pass through."""
    if text.isdigit():
        return int(text)
    total, current = 0, 0
    for char in text:
        if char in _CN_DIGITS:
            current = _CN_DIGITS[char]
        elif char == "十":
            total += (current or 1) * 10
            current = 0
        elif char == "百":
            total += (current or 1) * 100
            current = 0
        elif char == "千":
            total += (current or 1) * 1000
            current = 0
        else:
            raise Invalid(f"not a number: {text!r}")
    return total + current


_ISO = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T].*)?")
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")
_CN_DATE = re.compile(r"(.{4})年(.{1,3})月(.{1,3})日")


def parse_date(value: str | None) -> date | None:
    """Every format of formats.md: ISO, slashes, YYYYMMDD, 年月日, Chinese numerals."""
    text = clean(value)
    if text is None:
        return None
    text = text.replace(" ", " ")
    try:
        if m := _ISO.fullmatch(text):
            return date(int(m[1]), int(m[2]), int(m[3]))
        if m := _COMPACT.fullmatch(text):
            return date(int(m[1]), int(m[2]), int(m[3]))
        if m := _CN_DATE.fullmatch(text):
            year = m[1] if m[1].isdigit() else "".join(str(_CN_DIGITS.get(c, "x")) for c in m[1])
            return date(int(year), cn_number(m[2]), cn_number(m[3]))
    except (ValueError, Invalid) as exc:
        raise Invalid(f"impossible date {text!r}") from exc
    raise Invalid(f"unrecognised date {text!r}")


# -- money and ratios ---------------------------------------------------------------------------

_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def parse_amount(value: str | None, unit_wan: bool) -> float | None:
    """Yuan. Structured 双公示 columns are in 万元 (`0.2` → 2000); a value that says 元 is yuan."""
    text = clean(value)
    if text is None:
        return None
    compact = text.replace(",", "").replace(" ", "")
    if compact.endswith("万元") or compact.endswith("万"):
        compact, unit_wan = compact.rstrip("万元"), True
    elif compact.endswith("元"):
        compact, unit_wan = compact[:-1], False
    if not _NUMBER.fullmatch(compact):
        raise Invalid(f"not an amount: {text!r}")
    amount = float(compact)
    if amount < 0:
        raise Invalid(f"negative amount: {text!r}")
    return round(amount * 10000, 2) if unit_wan else round(amount, 2)


def parse_ratio(value: str | None) -> float | None:
    """A fraction 0..1 from `35%`, `0.35` or `35` (a bare number above 1 is a percentage)."""
    text = clean(value)
    if text is None:
        return None
    percent = text.endswith("%")
    number = text.rstrip("%").strip()
    if not _NUMBER.fullmatch(number):
        raise Invalid(f"not a ratio: {text!r}")
    ratio = float(number)
    if percent or ratio > 1:
        ratio /= 100
    if not 0 <= ratio <= 1:
        raise Invalid(f"ratio out of range: {text!r}")
    return round(ratio, 6)
