"""Amounts and numerals: real forms from decisions and columns, round trips of generated amounts."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graph.legal import numerals
from graph.legal.amounts import parse_amount, parse_amount_field
from graph.legal.numerals import parse_integer, parse_ratio
from graph.legal.values import Invalid


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
    assert parse_integer(chinese(n, LOWER, ("十", "百", "千"))) == n


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


# -- structured columns (moved from test_codes.py) ----------------------------------------------


def test_amounts_and_ratios() -> None:
    assert parse_amount_field("0.2", unit_wan=True) == 2000
    assert parse_amount_field("1,000.5元", unit_wan=True) == 1000.5
    assert parse_amount_field("3万元", unit_wan=False) == 30000
    assert [parse_ratio(t) for t in ("35%", "0.35", "35")] == [0.35, 0.35, 0.35]
    with pytest.raises(Invalid):
        parse_ratio("135%")
    with pytest.raises(Invalid):
        parse_amount_field("-1", unit_wan=True)


def test_column_amounts_are_arabic_only() -> None:
    with pytest.raises(Invalid, match="not an amount: '一点五'"):
        parse_amount_field("一点五", unit_wan=True)
    with pytest.raises(Invalid, match="negative amount"):
        parse_amount_field("-0.5万元", unit_wan=False)
    assert parse_amount_field("无", unit_wan=True) is None


# -- one parser, both forms ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("column", "unit_wan", "sentence", "yuan"),
    [
        ("0.2", True, "处罚款人民币0.2万元整", 2000),
        ("3万元", False, "罚款3万元", 30000),
        ("1,000.5元", True, "罚款人民币1,000.5元", 1000.5),
        ("５，０００元", False, "罚款５，０００元", 5000),
        ("6164.1", False, "没收违法所得6164.1元", 6164.1),
    ],
)
def test_one_parser_reads_columns_and_free_text(
    column: str, unit_wan: bool, sentence: str, yuan: float
) -> None:
    free = parse_amount(sentence)
    assert free is not None
    assert parse_amount_field(column, unit_wan=unit_wan) == float(free) == yuan


def test_both_forms_go_through_the_one_number_reader(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []
    real = numerals.parse_number

    def spy(text: str) -> Decimal | None:
        seen.append(text)
        return real(text)

    monkeypatch.setattr("graph.legal.amounts.parse_number", spy)
    assert parse_amount_field("2.5万元", unit_wan=False) == float(parse_amount("罚款2.5万元") or 0) == 25000
    assert seen == ["2.5", "2.5万"]


def test_numerals_read_capitals_zero_two_and_years() -> None:
    assert [parse_integer(t) for t in ("壹万零伍拾", "两千", "一百零五", "十", "124", "二三")] == [
        10050,
        2000,
        105,
        10,
        124,
        None,
    ]
    assert numerals.parse_digits("二〇二四") == 2024 and numerals.parse_digits("二O二四") == 2024
    assert numerals.parse_number("3.5万") == Decimal(35000)


@pytest.mark.parametrize(
    ("text", "yuan"),
    [
        ("罚款5千元", Decimal(5000)),
        ("罚款3.5千元", Decimal(3500)),
        ("罚款12万5千元", Decimal(125000)),
        ("罚款12万5000元", Decimal(125000)),
    ],
)
def test_arabic_digits_with_chinese_units(text: str, yuan: Decimal) -> None:
    """5千元 is five thousand, not the 千元 after the digit."""
    assert parse_amount(text) == yuan


def test_currency_sign_without_yuan() -> None:
    assert parse_amount("罚款¥5,000.00") == Decimal("5000.00")
    assert parse_amount("处罚款￥3000。") == Decimal(3000)
