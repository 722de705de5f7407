"""Working days of the PRC calendar: statutory holidays and make-up working days (调休).

The State Council publishes each year's holidays late in the year before; `chinese-calendar`
carries them for the years it knows (2004–2026 in 1.11.0). Outside that range there is nothing
to look up, so a day counts as a working day when it is Monday–Friday, and callers can tell
(`in_calendar`) so a report says which figures rest on that fallback.

Deadlines of the credit plans ("7 个工作日内") count the working days after the start day:
the decision day itself is day 0, the next working day is day 1.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import chinese_calendar

CALENDAR_VERSION = "chinese-calendar " + str(getattr(chinese_calendar, "__version__", "?"))
_KNOWN_YEARS: tuple[int, int] = (
    min(chinese_calendar.holidays).year,
    max(chinese_calendar.holidays).year,
)


def in_calendar(day: date) -> bool:
    """True when `day`'s year has published holidays; else `is_working_day` falls back to Mon–Fri."""
    return _KNOWN_YEARS[0] <= day.year <= _KNOWN_YEARS[1]


@lru_cache(maxsize=8192)  # a report asks for the same few hundred days again and again
def is_working_day(day: date) -> bool:
    """A statutory working day: Mon–Fri except holidays, plus make-up Saturdays/Sundays."""
    if in_calendar(day):
        return bool(chinese_calendar.is_workday(day))
    return day.weekday() < 5


def working_days_after(start: date, end: date) -> int:
    """Working days in (start, end]; 0 when `end` is not after `start` (disclosed before deciding)."""
    count = 0
    day = start + timedelta(days=1)
    while day <= end:
        count += is_working_day(day)
        day += timedelta(days=1)
    return count


def add_working_days(start: date, days: int) -> date:
    """The day on which `days` working days after `start` have passed (a deadline's last day)."""
    day = start
    while days > 0:
        day += timedelta(days=1)
        days -= is_working_day(day)
    return day


def span_in_calendar(start: date, end: date) -> bool:
    """True when every day of [start, end] lies in the published calendar (no Mon–Fri fallback)."""
    return in_calendar(start) and in_calendar(max(start, end))
