"""Working days with statutory holidays and make-up days (chinese-calendar), Mon–Fri outside its years."""

from __future__ import annotations

from datetime import date

from graph.legal.calendar import add_working_days, in_calendar, is_working_day, working_days_after


def test_national_day_2024_holidays_and_make_up_days() -> None:
    # 2024-10-01..07 are holidays; Sunday 09-29 and Saturday 10-12 are make-up working days.
    assert not is_working_day(date(2024, 10, 1)) and not is_working_day(date(2024, 10, 4))
    assert is_working_day(date(2024, 9, 29)) and is_working_day(date(2024, 10, 12))
    assert not is_working_day(date(2024, 9, 28))  # an ordinary Saturday
    # (09-27, 10-09]: 09-29, 09-30, 10-08, 10-09 — Mon–Fri counting would say 8.
    assert working_days_after(date(2024, 9, 27), date(2024, 10, 9)) == 4
    assert add_working_days(date(2024, 9, 27), 7) == date(2024, 10, 12)


def test_plain_weeks_and_empty_spans() -> None:
    friday = date(2024, 3, 1)
    assert working_days_after(friday, date(2024, 3, 4)) == 1
    assert working_days_after(friday, date(2024, 3, 13)) == 8
    assert working_days_after(friday, friday) == 0
    assert working_days_after(date(2024, 3, 13), friday) == 0


def test_outside_the_published_years_falls_back_to_monday_to_friday() -> None:
    assert in_calendar(date(2024, 1, 1)) and not in_calendar(date(2031, 1, 1))
    assert is_working_day(date(2031, 1, 1))  # a Wednesday: no holiday data, so it counts
    assert not is_working_day(date(2031, 1, 4))  # a Saturday
