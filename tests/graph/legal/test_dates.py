"""Dates: one grammar and one reader for structured columns and free text."""

from __future__ import annotations

from datetime import date

import pytest

from graph.legal import dates
from graph.legal.dates import OPEN_END, parse_date, parse_date_field
from graph.legal.values import Invalid

# -- structured columns -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "2022-06-02",
        "2022/6/2",
        "20220602",
        "2022年6月2日",
        "二〇二二年六月二日",
        "2022-06-02 10:11:12",
        "２０２２－０６－０２",
    ],
)
def test_column_dates(text: str) -> None:
    assert parse_date_field(text) == date(2022, 6, 2)


def test_bad_dates_and_long_term() -> None:
    with pytest.raises(Invalid):
        parse_date_field("2022-02-30")
    with pytest.raises(Invalid):
        parse_date_field("next tuesday")
    assert parse_date_field("2099/12/31") == OPEN_END


def test_column_reasons_and_fields() -> None:
    with pytest.raises(Invalid, match="impossible date '2024-02-30'") as impossible:
        parse_date_field("2024-02-30")
    assert impossible.value.fields == {"value": "2024-02-30"} and impossible.value.code == "BAD_USER_INPUT"
    with pytest.raises(Invalid, match="unrecognised date"):
        parse_date_field("next tuesday")
    assert parse_date_field(" - ") is None and parse_date_field(None) is None
    assert parse_date_field("二O二二年六月二日") == date(2022, 6, 2)  # NFKC leaves Ｏ as a Latin O
    assert parse_date_field("1900-01-01") == date(1900, 1, 1)  # columns keep any real date


# -- free text (moved from tests/nlp/test_parsers.py) --------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2021年4月30日", date(2021, 4, 30)),
        ("二〇二一年四月三十日", date(2021, 4, 30)),
        ("二○二○年十二月三十一日", date(2020, 12, 31)),
        ("2019年7月08日", date(2019, 7, 8)),
        ("2023 年 4 月 13 日", date(2023, 4, 13)),
        ("２０２０年０４月２８日", date(2020, 4, 28)),
        ("发文日期 | 2025-12-11 |", date(2025, 12, 11)),
    ],
)
def test_dates(text: str, expected: date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["20231119日", "2021年2月30日", "2024623日"])
def test_damaged_dates_are_not_guessed(text: str) -> None:
    assert parse_date(text) is None


# -- one parser, both forms ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("column", "sentence", "expected"),
    [
        ("2024-03-05", "本局于2024-03-05作出决定", date(2024, 3, 5)),
        ("2024/3/5", "日期:2024/3/5。", date(2024, 3, 5)),
        ("2024年3月5日", "当事人于2024年3月5日到场", date(2024, 3, 5)),
        ("二〇二四年三月十一日", "二〇二四年三月十一日", date(2024, 3, 11)),
        ("２０２０年０４月２８日", "落款:２０２０年０４月２８日", date(2020, 4, 28)),
    ],
)
def test_one_parser_reads_columns_and_free_text(column: str, sentence: str, expected: date) -> None:
    assert parse_date_field(column) == parse_date(sentence) == expected


def test_both_forms_go_through_the_one_reader(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []
    real = dates._ymd

    def spy(m: object) -> tuple[int, int, int] | None:
        seen.append(m.group())  # type: ignore[attr-defined]
        return real(m)  # type: ignore[arg-type]

    monkeypatch.setattr(dates, "_ymd", spy)
    assert parse_date_field("2024年3月5日") == parse_date("于2024年3月5日作出") == date(2024, 3, 5)
    assert seen == ["2024年3月5日", "2024年3月5日"]
