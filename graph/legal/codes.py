"""Codes: USCC (GB 32100), organisation code (GB 11714), ID numbers (GB 11643), masking, entity kind.

Each parser raises `Invalid(reason)` on a value that is present but wrong; an absent value
(empty, `-`, `无`) is None, never an error. Callers decide whether absence is fatal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from stdnum.cn import ric as std_ric
from stdnum.cn import uscc as std_uscc
from stdnum.exceptions import ValidationError

from graph.legal.values import Invalid, clean
from graph.model import EntityKind

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


_STDNUM_REASON = {
    "InvalidChecksum": "wrong check digit",
    "InvalidLength": "not 18 characters",
    "InvalidFormat": "characters outside the GB 32100 alphabet",
}


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
        reason = _STDNUM_REASON.get(type(exc).__name__, "invalid")
        raise Invalid(f"USCC {code!r}: {reason}", value=code) from exc
    org = code[8:17]
    if not re.fullmatch(r"[0-9A-Z]{8}[0-9X]", org) or org_code_check(org[:8]) != org[8]:
        raise Invalid(f"USCC {code!r}: organisation code {org} fails the GB 11714 check", value=code)
    return code


def parse_org_code(value: str) -> str:
    code = re.sub(r"[\s-]", "", value).upper()
    if not re.fullmatch(r"[0-9A-Z]{8}[0-9X]", code) or org_code_check(code[:8]) != code[8]:
        raise Invalid(f"organisation code {value!r} fails the GB 11714 check", value=value)
    return code


# What a person reads when a USCC fails (the API's BAD_USER_INPUT, the review desk's warning).
_USCC_PROBLEM_ZH = {
    "wrong check digit": "校验码错误（GB 32100）",
    "not 18 characters": "不是18位",
    "characters outside the GB 32100 alphabet": "含有代码字符集以外的字符（GB 32100 不用 I、O、Z、S、V）",
    "fails the GB 11714 check": "其中的组织机构代码校验码错误（GB 11714）",
}


def uscc_problem(value: str | None) -> str | None:
    """Why `value` is not a valid USCC, in Chinese; None when it is valid, absent or masked."""
    if value and re.search(r"x|X{3,}", value.strip()):  # 91430281691828xxxx: masked with x
        return "似已用 x 遮盖部分字符，无法核验"
    try:
        parse_uscc(value)
    except Invalid as exc:
        return next((zh for en, zh in _USCC_PROBLEM_ZH.items() if exc.reason.endswith(en)), "格式错误")
    return None


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


def entity_kind(uscc: str | None, category: str | None = None) -> EntityKind:
    """The kind of entity, from the USCC prefix first."""
    if uscc:
        if uscc.startswith("92"):
            return EntityKind.INDIVIDUAL_BUSINESS
        if uscc.startswith("9"):
            return EntityKind.COMPANY
        return EntityKind.ORGANISATION
    if category and "个体" in category:
        return EntityKind.INDIVIDUAL_BUSINESS
    return EntityKind.UNKNOWN


# -- ID numbers (GB 11643) ----------------------------------------------------------------------


@dataclass(frozen=True)
class IdNumber:
    """A person's ID as written: `full` when complete and valid, else only `masked`."""

    full: str | None
    masked: str


def mask(full: str) -> str:
    return full[:4] + "*" * (len(full) - 8) + full[-4:]


def id_check_char(body17: str) -> str:
    """GB 11643 check character of the first 17 digits (python-stdnum's MOD 11-2; stdnum's
    `calc_check_digit` takes the number with a placeholder check digit)."""
    return str(std_ric.calc_check_digit(body17 + "0"))


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
    shown = mask(code) if len(code) > 8 else code  # never a full number in a reason or a field
    if not re.fullmatch(r"\d{17}[\dX]", code):
        reason = f"ID number {mask(code) if len(code) > 8 else code!r}: not 18 characters of digits/X"
        raise Invalid(reason, value=shown)
    try:
        born = date(int(code[6:10]), int(code[10:12]), int(code[12:14]))
    except ValueError as exc:
        raise Invalid(f"ID number {shown}: impossible birth date", value=shown) from exc
    if born.year < 1880 or born > date.today():
        raise Invalid(f"ID number {shown}: birth date {born} out of range", value=shown)
    if id_check_char(code[:17]) != code[17]:
        raise Invalid(f"ID number {shown}: wrong check digit", value=shown)
    return IdNumber(code, mask(code))
