"""The ingest state under `$CREDIT_GRAPH_HOME/ingest.sqlite`: quarantine, warnings, row facts, checkpoints.

Nothing is lost: a rejected row is stored with file, row, field, reason and the raw cells. Every
table is keyed by (file, row[, field]) and written with INSERT OR REPLACE, so re-running a load
leaves the same state. `facts` keeps one line per row read (valid or not) for the quality report.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ingest.errors import Problem
from ingest.fields import Facts

_SCHEMA = """
CREATE TABLE IF NOT EXISTS quarantine (
    file TEXT NOT NULL, row INTEGER NOT NULL, field TEXT NOT NULL, reason TEXT NOT NULL,
    kind TEXT, source TEXT, raw TEXT, seen TEXT, PRIMARY KEY (file, row, field));
CREATE TABLE IF NOT EXISTS warnings (
    file TEXT NOT NULL, row INTEGER NOT NULL, field TEXT NOT NULL, reason TEXT NOT NULL,
    kind TEXT, source TEXT, PRIMARY KEY (file, row, field));
CREATE TABLE IF NOT EXISTS facts (
    file TEXT NOT NULL, row INTEGER NOT NULL, source TEXT, kind TEXT, authority TEXT, ok INTEGER,
    decision_date TEXT, disclosed_on TEXT, uscc TEXT, uscc_state TEXT, name TEXT,
    PRIMARY KEY (file, row));
CREATE TABLE IF NOT EXISTS checkpoints (
    plan TEXT PRIMARY KEY, file_index INTEGER, rows_done INTEGER, probe TEXT);
"""


@dataclass(frozen=True)
class QuarantinedRow:
    file: str
    row: int
    field: str
    reason: str
    kind: str | None
    source: str | None
    raw: str | None


def state_path(home: Path) -> Path:
    return home / "ingest.sqlite"


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


class IngestState:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.db = sqlite3.connect(path)
        self.db.executescript(_SCHEMA)
        self._quarantine: list[tuple[Any, ...]] = []
        self._warnings: list[tuple[Any, ...]] = []
        self._facts: list[tuple[Any, ...]] = []

    def close(self) -> None:
        self.db.close()

    # -- buffered per chunk, committed together with the checkpoint --------------------------

    def quarantine(
        self,
        file: str,
        row: int,
        problems: Iterable[Problem],
        kind: str,
        source: str,
        raw: object,
        seen: date,
    ) -> None:
        text = json.dumps(raw, ensure_ascii=False, default=str)
        for p in problems:
            self._quarantine.append((file, row, p.field, p.reason, kind, source, text, seen.isoformat()))

    def warn(self, file: str, row: int, problems: Iterable[Problem], kind: str, source: str) -> None:
        for p in problems:
            self._warnings.append((file, row, p.field, p.reason, kind, source))

    def fact(self, file: str, row: int, source: str, kind: str, ok: bool, facts: Facts) -> None:
        self._facts.append(
            (
                file,
                row,
                source,
                kind,
                facts.authority,
                int(ok),
                _iso(facts.decision_date),
                _iso(facts.disclosed_on),
                facts.uscc,
                facts.uscc_state,
                facts.name,
            )
        )

    def commit(
        self, plan: str | None = None, file_index: int = 0, rows_done: int = 0, probe: str | None = None
    ) -> None:
        with self.db:
            self.db.executemany(
                "INSERT OR REPLACE INTO quarantine VALUES (?,?,?,?,?,?,?,?)", self._quarantine
            )
            self.db.executemany("INSERT OR REPLACE INTO warnings VALUES (?,?,?,?,?,?)", self._warnings)
            self.db.executemany("INSERT OR REPLACE INTO facts VALUES (?,?,?,?,?,?,?,?,?,?,?)", self._facts)
            if plan is not None:
                self.db.execute(
                    "INSERT OR REPLACE INTO checkpoints VALUES (?,?,?,?)",
                    (plan, file_index, rows_done, probe),
                )
        self._quarantine.clear()
        self._warnings.clear()
        self._facts.clear()

    def forget_file(self, file: str) -> None:
        """A row that was bad last time may be fixed now: drop the file's old verdicts first."""
        with self.db:
            for table in ("quarantine", "warnings", "facts"):
                self.db.execute(f"DELETE FROM {table} WHERE file = ?", (file,))  # fixed table names

    def release(self, file: str, row: int) -> None:
        """A deferred row loaded after all (its company came later in the run): out of quarantine."""
        with self.db:
            self.db.execute("DELETE FROM quarantine WHERE file = ? AND row = ?", (file, row))

    # -- checkpoints -----------------------------------------------------------------------

    def checkpoint(self, plan: str) -> tuple[int, int, str | None] | None:
        """(file index, rows done in that file, id of a node the last batch wrote)."""
        row = self.db.execute(
            "SELECT file_index, rows_done, probe FROM checkpoints WHERE plan = ?", (plan,)
        ).fetchone()
        return (int(row[0]), int(row[1]), row[2]) if row else None

    def clear_checkpoint(self, plan: str) -> None:
        with self.db:
            self.db.execute("DELETE FROM checkpoints WHERE plan = ?", (plan,))

    # -- reading ---------------------------------------------------------------------------

    def quarantined(
        self, file: str | None = None, reason: str | None = None, limit: int = 100
    ) -> list[QuarantinedRow]:
        rows = self.db.execute(
            "SELECT file, row, field, reason, kind, source, raw FROM quarantine "
            "WHERE (? IS NULL OR file LIKE '%' || ? || '%') AND (? IS NULL OR reason LIKE '%' || ? || '%') "
            "ORDER BY file, row, field LIMIT ?",
            (file, file, reason, reason, limit),
        ).fetchall()
        return [QuarantinedRow(*r) for r in rows]

    def count_quarantined_rows(self, file: str) -> int:
        query = "SELECT count(DISTINCT row) FROM quarantine WHERE file = ?"
        return int(self.db.execute(query, (file,)).fetchone()[0])
