"""Invented identifiers with correct check digits: the one maker for every generator and test.

The check digits come from the legal vocabulary (`graph.legal.codes`: GB 11714 organisation code,
GB 11643 ID number) and stdnum (GB 32100 USCC), so a made-up code passes exactly the validation a
real one does. Each generator draws from its own `series` of organisation-code bodies (the
synthetic dataset `T…`, the sample bundle `MA2Y…`, the ingest benchmark `B…`), so their codes
never collide.
"""

from __future__ import annotations

from stdnum.cn.uscc import calc_check_digit

from graph.legal.codes import id_check_char, org_code_check

_BODY = 8  # characters of an organisation-code body (its check character makes 9)


def uscc(n: int, prefix: str = "91", region: str = "410102", series: str = "T") -> str:
    """A valid USCC for number `n`: `prefix` (registration authority and kind: 91 a company, 92 a
    个体工商户, 11 an authority), `region`, then the organisation code `series` + `n` zero-padded
    with its GB 11714 check character, then the GB 32100 check character."""
    body = f"{series}{n:0{_BODY - len(series)}d}"
    if len(body) != _BODY:
        raise ValueError(f"number {n} does not fit the organisation-code series {series!r}")
    code = prefix + region + body + org_code_check(body)
    return code + calc_check_digit(code)


def id_no(n: int, birth: str = "19700101", region: str = "410102") -> str:
    """A valid 18-digit ID number: `region`, `birth` (YYYYMMDD), sequence `n % 1000`, check char."""
    body = f"{region}{birth}{n % 1000:03d}"
    return body + id_check_char(body)


def bad_check(code: str) -> str:
    """The same code with a wrong last character."""
    return code[:-1] + ("1" if code[-1] != "1" else "2")
