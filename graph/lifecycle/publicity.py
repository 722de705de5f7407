"""Publicity windows and credit repair (信用修复): which records may be shown and used, and until when.

Sources (verify before changing the rules; bump RULE_VERSION when you do):
- 《信用修复管理办法》(国家发展改革委令, adopted 2025-11-19, in force 2026-04-01): 失信信息 is
  轻微 (in principle not published; where an authority deems it necessary, at most 3 months),
  一般 (published at least 3 months, at most 1 year) or 严重 (at least 1 year, at most 3 years),
  counted from the day the decision was made (认定之日). After the minimum period the subject may
  apply for repair; at the maximum the record stops being published automatically. Repair means
  终止公示 + 停止共享和使用: the record no longer counts anywhere, but is kept with its history.
- 国务院办公厅《关于进一步完善信用修复制度的实施方案》 (cited in the issue as 国办发〔2025〕22号;
  the number was not verified here): the same three classes.
- 《行政处罚法》(2021) art. 51: 简易程序 (on-the-spot) fines — up to 200 yuan for a citizen, up to
  3,000 yuan for an organisation — or a 警告; such penalties are 轻微 under the 办法.
- 《行政处罚法》(2021) art. 48: a decision changed, revoked or found void must be withdrawn from
  publication within 3 days, with reasons.
- formats.md §1: a record is public until the earlier of its own 公示截止期 (the last day shown)
  and the latest end its class allows; `publicity_end` is the first day it is no longer shown.
Thresholds are configuration (`PublicityRules`); the version is written onto every classified record.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

RULE_VERSION = "credit-repair-2026-04-01/2"  # /2: the record's own 公示截止期


class Severity(StrEnum):
    MINOR = "轻微"
    GENERAL = "一般"
    SERIOUS = "严重"


@dataclass(frozen=True)
class PublicityRules:
    version: str = RULE_VERSION
    # 行政处罚法 art. 51 简易程序 ceilings.
    minor_fine_person_yuan: float = 200.0
    minor_fine_org_yuan: float = 3000.0
    # 巨额罚款: no national figure exists; sector rules differ. A configurable default.
    serious_fine_yuan: float = 1_000_000.0
    minor_types: frozenset[str] = frozenset({"警告", "通报批评"})
    serious_types: frozenset[str] = frozenset({"吊销许可证件", "限制从业", "责令关闭", "行政拘留"})
    # (minimum, maximum) publicity in months per class; 轻微 is not published by default.
    windows: dict[Severity, tuple[int, int]] = field(
        default_factory=lambda: {
            Severity.MINOR: (0, 0),
            Severity.GENERAL: (3, 12),
            Severity.SERIOUS: (12, 36),
        }
    )
    withdraw_within_days: int = 3


@dataclass(frozen=True)
class Classification:
    severity: Severity
    publicity_start: date | None
    min_end: date | None
    max_end: date | None
    rule_version: str
    publicity_end: date | None = None  # min(公示截止期 + 1 day, max_end): the first day not shown


def add_months(day: date, months: int) -> date:
    """Calendar months; the 31st of a shorter month falls back to its last day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise ValueError(day)


def publicity_end(max_end: date | None, own_until: date | None) -> date | None:
    """The first day a record is no longer shown: its 公示截止期 is the last day it is (formats.md §1)."""
    own_end = own_until + timedelta(days=1) if own_until else None
    ends = [d for d in (max_end, own_end) if d is not None]
    return min(ends) if ends else None


def classify(
    types: list[str],
    fines_yuan: float,
    person: bool,
    start: date | None,
    rules: PublicityRules,
    own_until: date | None = None,
) -> Classification:
    """The class of one penalty decision from its sanction types and the sum of its fines; its
    window ends at the class maximum or after its own 公示截止期 (`own_until`), whichever is first."""
    kinds = set(types) or {"其他"}
    ceiling = rules.minor_fine_person_yuan if person else rules.minor_fine_org_yuan
    if kinds & rules.serious_types or fines_yuan >= rules.serious_fine_yuan:
        severity = Severity.SERIOUS
    elif kinds <= rules.minor_types | {"罚款"} and fines_yuan <= ceiling:
        severity = Severity.MINOR
    else:
        severity = Severity.GENERAL
    low, high = rules.windows[severity]
    if start is None:
        return Classification(severity, None, None, None, rules.version, publicity_end(None, own_until))
    high_end = add_months(start, high)
    return Classification(
        severity, start, add_months(start, low), high_end, rules.version, publicity_end(high_end, own_until)
    )
