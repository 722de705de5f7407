"""Amount parser: real forms from decisions and round trips of generated amounts."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graph.legal.amounts import parse_amount, parse_chinese_integer


@pytest.mark.parametrize(
    ("text", "yuan"),
    [
        ("罚款人民币伍万贰仟壹佰贰拾元", Decimal(52120)),
        ("人民币伍万元整", Decimal(50000)),
        ("叁仟贰佰元(3200元)", Decimal(3200)),
        ("2.5万元", Decimal(25000)),
        ("0.84萬元", Decimal(8400)),
        ("5,000元", Decimal(5000)),
        ("５，０００元", Decimal(5000)),
        ("6164.1元", Decimal("6164.1")),
        ("处罚款人民币0.26万元整", Decimal(2600)),
        ("集体研究决定罚款二万元", Decimal(20000)),
        ("罚款人民币3000元整", Decimal(3000)),
        ("壹万零伍拾元", Decimal(10050)),
        ("叁佰元伍角", Decimal("300.5")),
    ],
)
def test_real_forms(text: str, yuan: Decimal) -> None:
    assert parse_amount(text) == yuan


@pytest.mark.parametrize("text", ["人民币0", "罚款", "货值金额", "二三元"])
def test_not_an_amount(text: str) -> None:
    assert parse_amount(text) is None


CAPITAL = "零壹贰叁肆伍陆柒捌玖"
LOWER = "零一二三四五六七八九"


def chinese(n: int, digits: str, units: tuple[str, str, str]) -> str:
    """Render 0 < n < 10^12 the way decisions write it (零 for gaps, 亿/万 sections)."""

    def section(v: int, leading: bool) -> str:
        out, zero = "", False
        for power, unit in ((1000, units[2]), (100, units[1]), (10, units[0]), (1, "")):
            d = v // power % 10
            if d == 0:
                zero = bool(out) or not leading
                continue
            if zero and (out or not leading):
                out += digits[0]
            zero = False
            out += digits[d] + unit
        return out

    parts = [(n // 10**8, "亿"), (n // 10**4 % 10**4, "万"), (n % 10**4, "")]
    text, started = "", False
    for value, big in parts:
        if value == 0:
            continue
        body = section(value, not started)
        if started and value < 1000 and not text.endswith(digits[0]):
            body = body if body.startswith(digits[0]) else digits[0] + body
        text += body + big
        started = True
    return text


amounts = st.integers(min_value=1, max_value=10**11 - 1)


@given(amounts)
def test_round_trip_arabic(n: int) -> None:
    assert parse_amount(f"{n}元") == n
    assert parse_amount(f"罚款人民币{n:,}元整") == n


@given(amounts)
def test_round_trip_capital(n: int) -> None:
    assert parse_amount("人民币" + chinese(n, CAPITAL, ("拾", "佰", "仟")) + "元整") == n


@given(amounts)
def test_round_trip_lowercase(n: int) -> None:
    assert parse_chinese_integer(chinese(n, LOWER, ("十", "百", "千"))) == n


@given(amounts)
def test_round_trip_mixed(n: int) -> None:
    assert parse_amount(f"{chinese(n, CAPITAL, ('拾', '佰', '仟'))}元({n}元)") == n


@given(st.integers(min_value=1, max_value=10**8), st.integers(min_value=0, max_value=3))
def test_round_trip_wan(n: int, places: int) -> None:
    value = Decimal(n).scaleb(-places)  # e.g. 0.26万元
    text = f"{value:f}万元"
    assert parse_amount(text) == value * 10000
    assert parse_amount(text.replace("万", "萬")) == value * 10000


@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=1, max_value=99))
def test_round_trip_decimal_yuan(n: int, cents: int) -> None:
    assert parse_amount(f"{n}.{cents:02d}元") == Decimal(f"{n}.{cents:02d}")
