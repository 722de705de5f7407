"""An exclusive lock on a graph home for the commands that write it in bulk (`ingest`).

Two ingests into one home interleave their checkpoints and batches; the second one now stops at
once and says who holds the home. The lock is `fcntl.flock` on `HOME/ingest.lock`, so it goes
away with the process that held it (a killed ingest leaves no stale lock); the file records the
holder's pid, command and start time for the message.
"""

from __future__ import annotations

import fcntl
import json
import os
import sys
import time
from pathlib import Path
from types import TracebackType
from typing import IO, ClassVar

from graph.errors import ErrorCode, GraphError

LOCK_FILE = "ingest.lock"


class HomeLocked(GraphError):
    """Another process holds the home."""

    code: ClassVar[ErrorCode] = ErrorCode.CONFLICT


class HomeLock:
    """`with HomeLock(home, "ingest a.csv"):` — raises `HomeLocked` when another process holds it."""

    def __init__(self, home: Path, command: str | None = None) -> None:
        self.path = home / LOCK_FILE
        self.command = command or " ".join(["credit-graph", *sys.argv[1:]])
        self._handle: IO[str] | None = None

    def holder(self) -> dict[str, object]:
        """What the lock file says about its holder (empty when unreadable)."""
        try:
            found = json.loads(self.path.read_text(encoding="utf-8") or "{}")
        except (OSError, ValueError):
            return {}
        return found if isinstance(found, dict) else {}

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = self.path.open("a+", encoding="utf-8")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            who = self.holder()
            pid, command = who.get("pid", "?"), who.get("command", "?")
            since = who.get("since", "?")
            raise HomeLocked(
                f"数据目录 {self.path.parent} 正被另一进程使用（pid {pid}：{command}，自 {since}），"
                "请等待其结束"
                f" / the home {self.path.parent} is held by another process (pid {pid}: {command}, "
                f"since {since}); wait for it to finish",
                home=str(self.path.parent),
                pid=pid,
                command=str(command),
            ) from None
        handle.seek(0)
        handle.truncate()
        since = time.strftime("%Y-%m-%dT%H:%M:%S%z")
        handle.write(
            json.dumps({"pid": os.getpid(), "command": self.command, "since": since}, ensure_ascii=False)
        )
        handle.flush()
        self._handle = handle

    def release(self) -> None:
        if self._handle is not None:
            self._handle.seek(0)
            self._handle.truncate()
            fcntl.flock(self._handle, fcntl.LOCK_UN)
            self._handle.close()
            self._handle = None

    def __enter__(self) -> HomeLock:
        self.acquire()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.release()
