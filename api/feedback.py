"""Credit checks and the business systems' feedback on them (`credit-checks.sqlite`), with the KPI rate.

Every subject of a credit check is recorded (who asked — the department, i.e. the user's name or
the key id —, when, the matter, the subject and the measures it triggered); `reportMeasureApplied`
records what the business system did with one measure (applied or not and why, its own case or
project number). The KPI of the credit plans ("联合奖惩系统嵌入业务系统并常态化反馈有效案例的行业
部门比例") is read from it: per department and month, checks with feedback ÷ checks that
triggered a measure.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

FILE = "credit-checks.sqlite"

SCHEMA = """
CREATE TABLE IF NOT EXISTS checks (
  id TEXT PRIMARY KEY, at TEXT NOT NULL, department TEXT NOT NULL, matter TEXT NOT NULL,
  uscc TEXT NOT NULL, measures TEXT NOT NULL, purpose TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS checks_subject ON checks (department, uscc, matter, at);
CREATE TABLE IF NOT EXISTS feedback (
  id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, department TEXT NOT NULL,
  check_id TEXT NOT NULL REFERENCES checks (id), uscc TEXT NOT NULL, matter TEXT NOT NULL,
  measure TEXT NOT NULL, applied INTEGER NOT NULL, reason TEXT, case_no TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS feedback_check ON feedback (check_id);
"""


class FeedbackError(ValueError):
    """Feedback that cannot be recorded (the message is for people, in Chinese)."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Feedback:
    id: int
    check_id: str
    at: str
    purpose: str = ""  # the purpose the check was registered with (查询使用登记)


@dataclass(frozen=True)
class FeedbackRate:
    department: str
    month: str  # YYYY-MM of the checks
    triggered: int  # checks (one subject each) that triggered at least one measure
    with_feedback: int

    @property
    def rate(self) -> float:
        return self.with_feedback / self.triggered if self.triggered else 0.0


def department_of(key_id: str) -> str:
    """The department a caller stands for: a named user's name, else the key id."""
    return key_id.removeprefix("user:")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class CheckLog:
    def __init__(self, home: Path) -> None:
        home.mkdir(parents=True, exist_ok=True)
        self.path = home / FILE
        self._lock = threading.Lock()
        self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self._db.executescript(SCHEMA)

    def close(self) -> None:
        self._db.close()

    def record_check(
        self,
        department: str,
        matter: str,
        uscc: str,
        measures: list[str],
        purpose: str,
        at: str | None = None,
    ) -> str:
        """One checked subject; its id (returned to the caller as `checkId`)."""
        check_id = uuid.uuid4().hex
        with self._lock:
            self._db.execute(
                "INSERT INTO checks VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    check_id,
                    at or _now(),
                    department,
                    matter,
                    uscc,
                    json.dumps(measures, ensure_ascii=False),
                    purpose,
                ),
            )
        return check_id

    def _check_for(
        self, department: str, check_id: str | None, uscc: str, matter: str
    ) -> tuple[str, list[str], str]:
        """The check fed back on: its id, the measures it triggered and its registered purpose."""
        if check_id:
            row = self._db.execute(
                "SELECT id, uscc, matter, measures, department, purpose FROM checks WHERE id = ?", (check_id,)
            ).fetchone()
            if row is None:
                raise FeedbackError(f"核查编号 checkId {check_id} 不存在", "checkId")
            if (row[1], row[2], row[4]) != (uscc, matter, department):
                raise FeedbackError(
                    f"核查编号 {check_id} 属于 {row[4]} 对 {row[1]} 的「{row[2]}」核查，"
                    "与所报主体、事项或部门不符",
                    "checkId",
                )
            return str(row[0]), list(json.loads(row[3])), str(row[5])
        row = self._db.execute(
            "SELECT id, measures, purpose FROM checks WHERE department = ? AND uscc = ? AND matter = ? "
            "AND measures != '[]' ORDER BY at DESC, rowid DESC LIMIT 1",
            (department, uscc, matter),
        ).fetchone()
        if row is None:
            raise FeedbackError(
                f"{department} 没有对 {uscc} 在「{matter}」事项中触发措施的信用核查，无从反馈", "uscc"
            )
        return str(row[0]), list(json.loads(row[1])), str(row[2])

    def report(
        self,
        department: str,
        uscc: str,
        matter: str,
        measure: str,
        applied: bool,
        case_no: str,
        reason: str | None = None,
        check_id: str | None = None,
        at: str | None = None,
    ) -> Feedback:
        """What a business system did with one measure of one of its checks."""
        if not case_no.strip():
            raise FeedbackError("缺少业务系统的案件或项目编号 caseNo", "caseNo")
        if not applied and not (reason and reason.strip()):
            raise FeedbackError("未采取措施时须说明理由 reason", "reason")
        with self._lock:
            found, measures, purpose = self._check_for(department, check_id, uscc, matter)
            if measure not in measures:
                known = "、".join(measures) or "（无）"
                raise FeedbackError(
                    f"措施「{measure}」不是该次核查触发的措施；触发的措施：{known}", "measure"
                )
            when = at or _now()
            cursor = self._db.execute(
                "INSERT INTO feedback (at, department, check_id, uscc, matter, measure, applied, reason,"
                " case_no) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (when, department, found, uscc, matter, measure, int(applied), reason, case_no.strip()),
            )
            return Feedback(int(cursor.lastrowid or 0), found, when, purpose)

    def rates(self, since: str | None = None, until: str | None = None) -> list[FeedbackRate]:
        """Per department and month of the checks (days `since`..`until` inclusive, ISO dates)."""
        rows = self._db.execute(
            """
SELECT c.department, substr(c.at, 1, 7) AS month, count(*) AS triggered,
       sum(EXISTS (SELECT 1 FROM feedback f WHERE f.check_id = c.id)) AS fed
FROM checks c
WHERE c.measures != '[]' AND (? IS NULL OR substr(c.at, 1, 10) >= ?)
  AND (? IS NULL OR substr(c.at, 1, 10) <= ?)
GROUP BY c.department, month ORDER BY c.department, month
""",
            (since, since, until, until),
        ).fetchall()
        return [FeedbackRate(str(d), str(m), int(t), int(f or 0)) for d, m, t, f in rows]
