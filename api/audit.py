"""The append-only audit log of queries about subjects (who, what, when, from where).

JSON Lines under the home directory; each entry carries the SHA-256 of the previous line, so a
removed or edited entry breaks the chain and `credit-graph audit --verify` finds it.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

GENESIS = "0" * 64


@dataclass(frozen=True)
class AuditEntry:
    at: str
    key_id: str
    role: str
    operation: str
    subjects: list[str]
    remote: str
    prev: str


class AuditLog:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        path.parent.mkdir(parents=True, exist_ok=True)
        self._last = self._tail_hash()

    def _tail_hash(self) -> str:
        last = GENESIS
        for line in self._lines():
            last = _digest(line)
        return last

    def _lines(self) -> Iterator[str]:
        if not self.path.exists():
            return
        with self.path.open(encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    yield line.rstrip("\n")

    def record(self, key_id: str, role: str, operation: str, subjects: list[str], remote: str) -> AuditEntry:
        with self._lock:
            entry = AuditEntry(
                at=datetime.now(UTC).isoformat(timespec="milliseconds"),
                key_id=key_id,
                role=role,
                operation=operation,
                subjects=sorted(set(subjects)),
                remote=remote,
                prev=self._last,
            )
            line = json.dumps(asdict(entry), ensure_ascii=False, sort_keys=True)
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            try:
                os.write(fd, (line + "\n").encode("utf-8"))
                os.fsync(fd)
            finally:
                os.close(fd)
            self._last = _digest(line)
            return entry

    def entries(self) -> list[AuditEntry]:
        return [AuditEntry(**json.loads(line)) for line in self._lines()]

    def verify(self) -> int | None:
        """The 1-based line number where the chain breaks, or None when intact."""
        previous = GENESIS
        for number, line in enumerate(self._lines(), start=1):
            if json.loads(line).get("prev") != previous:
                return number
            previous = _digest(line)
        return None


def _digest(line: str) -> str:
    return hashlib.sha256(line.encode("utf-8")).hexdigest()
