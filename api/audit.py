"""The append-only audit log of queries about subjects (who, what, when, from where, outcome).

JSON Lines under the home directory. Each entry carries `mac`, the HMAC-SHA256 (key in
`audit.key` beside the log, mode 0600, never in the log) of its own content, which includes
`purpose` (查询事由, absent in lines written before it existed) and `prev`, the previous entry's
mac: an edited line fails its own MAC (reported as that line), a removed or inserted one breaks
the chain, and a re-chained file fails without the key. The count
and last mac are kept apart from the log in `audit.anchor` (written atomically, itself MAC'd), so
a cut tail is detected too. `credit-graph audit --verify` runs `AuditLog.verify`.
"""

from __future__ import annotations

import dataclasses
import fcntl
import hashlib
import hmac
import json
import os
import threading
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from graph.settings import secret_file

GENESIS = "0" * 64
KEY_FILE = "audit.key"


@dataclass(frozen=True)
class AuditEntry:
    at: str
    key_id: str
    role: str
    operation: str
    subjects: list[str]
    remote: str
    prev: str
    outcome: str = "ok"  # ok | FORBIDDEN | 401
    purpose: str = ""  # 查询事由 (事由 + 项目编号/文号) of an association query; absent in older lines
    mac: str = ""


@dataclass(frozen=True)
class AuditBreak:
    """Where verification failed: the 1-based line and why (for people: in Chinese)."""

    line: int
    reason: str

    def __str__(self) -> str:
        return f"第 {self.line} 行：{self.reason}"


class AuditLog:
    def __init__(self, path: Path, key_path: Path | None = None) -> None:
        self.path = path
        self.key_path = key_path or path.parent / KEY_FILE
        self.anchor_path = path.with_name(path.name + ".anchor")
        self._lock = threading.Lock()
        path.parent.mkdir(parents=True, exist_ok=True)
        self._key_bytes: bytes | None = None
        self._count, self._last = self._tail()
        self._size = path.stat().st_size if path.exists() else 0

    def _key(self) -> bytes:
        if self._key_bytes is None:
            self._key_bytes = secret_file(self.key_path.parent, self.key_path.name, 32).encode()
        return self._key_bytes

    def _mac(self, content: dict[str, Any]) -> str:
        text = json.dumps(
            {k: v for k, v in content.items() if k != "mac"}, ensure_ascii=False, sort_keys=True
        )
        return hmac.new(self._key(), text.encode("utf-8"), hashlib.sha256).hexdigest()

    def _tail(self) -> tuple[int, str]:
        count, last = 0, GENESIS
        for line in self._lines():
            count += 1
            try:
                last = str(json.loads(line).get("mac", ""))
            except ValueError:
                last = ""
        return count, last

    def _lines(self) -> Iterator[str]:
        if not self.path.exists():
            return
        with self.path.open(encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    yield line.rstrip("\n")

    def record(
        self,
        key_id: str,
        role: str,
        operation: str,
        subjects: list[str],
        remote: str,
        outcome: str = "ok",
        purpose: str = "",
    ) -> AuditEntry:
        with self._lock:
            fields = AuditEntry(
                at=datetime.now(UTC).isoformat(timespec="milliseconds"),
                key_id=key_id,
                role=role,
                operation=operation,
                subjects=sorted(set(subjects)),
                remote=remote,
                prev=self._last,
                outcome=outcome,
                purpose=purpose,
            )
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            try:
                # Another process (a CLI command) may append too: the file lock orders the writers,
                # and a log grown since our last write is read again for its tail.
                fcntl.flock(fd, fcntl.LOCK_EX)
                if os.fstat(fd).st_size != self._size:
                    self._count, self._last = self._tail()
                content = asdict(dataclasses.replace(fields, prev=self._last))
                entry = AuditEntry(**{**content, "mac": self._mac(content)})
                line = json.dumps(asdict(entry), ensure_ascii=False, sort_keys=True)
                os.write(fd, (line + "\n").encode("utf-8"))
                os.fsync(fd)
                self._count, self._last = self._count + 1, entry.mac
                self._size = os.fstat(fd).st_size
                self._write_anchor()
            finally:
                os.close(fd)  # releases the lock
            return entry

    def _anchor_mac(self, count: int, last: str) -> str:
        return hmac.new(self._key(), f"anchor:{count}:{last}".encode(), hashlib.sha256).hexdigest()

    def _write_anchor(self) -> None:
        """Count and last mac, apart from the log; replaced atomically (a reader sees old or new)."""
        anchor = {"count": self._count, "last": self._last, "mac": self._anchor_mac(self._count, self._last)}
        tmp = self.anchor_path.with_name(self.anchor_path.name + ".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            os.write(fd, json.dumps(anchor).encode())
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, self.anchor_path)

    def entries(self) -> list[AuditEntry]:
        return [AuditEntry(**json.loads(line)) for line in self._lines()]

    def verify(self) -> AuditBreak | None:
        """The first line where the log was edited, cut or re-chained, or None when intact."""
        lines = list(self._lines())
        if lines and not self.key_path.exists():
            return AuditBreak(1, f"密钥文件 {self.key_path} 不存在，无法校验")
        previous, macs = GENESIS, []
        for number, line in enumerate(lines, start=1):
            try:
                content = json.loads(line)
                mac = content.get("mac") if isinstance(content, dict) else None
            except ValueError:
                return AuditBreak(number, "不是有效的 JSON（该行被改动）")
            if not isinstance(mac, str) or not hmac.compare_digest(mac, self._mac(content)):
                return AuditBreak(number, "内容与其 MAC 不符（该行被改动或整份日志被重新链接）")
            if content.get("prev") != previous:
                return AuditBreak(number, "与上一行不相接（此前有行被删除或插入）")
            previous = mac
            macs.append(mac)
        return self._check_anchor(macs)

    def _check_anchor(self, macs: list[str]) -> AuditBreak | None:
        if not self.anchor_path.exists():
            # The key is made with the first entry: with a key and no anchor, the log was removed.
            written = macs or self.key_path.exists()
            return AuditBreak(1, f"锚点文件 {self.anchor_path} 不存在") if written else None
        try:
            anchor = json.loads(self.anchor_path.read_text())
            count, last = int(anchor["count"]), str(anchor["last"])
            valid = hmac.compare_digest(str(anchor["mac"]), self._anchor_mac(count, last))
        except (ValueError, KeyError, TypeError):
            valid, count, last = False, 0, ""
        if not valid:
            return AuditBreak(1, f"锚点文件 {self.anchor_path} 被改动（MAC 不符）")
        # Entries past the anchor are allowed (a crash between the append and the anchor update);
        # each carries a valid MAC, which needs the key.
        if len(macs) < count:
            return AuditBreak(len(macs) + 1, f"日志只有 {len(macs)} 行，锚点记录 {count} 行：尾部被截断")
        if count and macs[count - 1] != last:
            return AuditBreak(count, "与锚点记录的最后一行不符（该行被改写）")
        return None


REFUSED = frozenset({"FORBIDDEN", "401"})  # outcomes that are refusals (not CLI errors)


@dataclass(frozen=True)
class UserCount:
    """One user's (and role's) share of the log: entries, distinct subjects, refusals, latest."""

    user: str
    role: str
    queries: int
    subjects: int
    refusals: int
    last_at: str


def counts(entries: list[AuditEntry]) -> list[UserCount]:
    """Per user and role (a user whose role changed has a row per role), most queries first."""
    groups: dict[tuple[str, str], list[AuditEntry]] = {}
    for entry in entries:
        groups.setdefault((entry.key_id, entry.role), []).append(entry)
    found = [
        UserCount(
            user=user,
            role=role,
            queries=len(group),
            subjects=len({s for e in group for s in e.subjects}),
            refusals=sum(e.outcome in REFUSED for e in group),
            last_at=max(e.at for e in group),
        )
        for (user, role), group in groups.items()
    ]
    return sorted(found, key=lambda c: (-c.queries, c.user, c.role))


def matching(
    entries: list[AuditEntry],
    user: str | None,
    subject: str | None,
    since: str | None,
    until: str | None,
    purpose: str | None = None,
) -> list[AuditEntry]:
    """Entries of `user` (exact, or its name without `user:`), naming a subject containing
    `subject` (a USCC or id), whose purpose contains `purpose`, at or after `since` and before
    the end of `until` (ISO dates)."""
    found = []
    for entry in entries:
        if user and user not in (entry.key_id, entry.key_id.removeprefix("user:")):
            continue
        if subject and not any(subject.upper() in s.upper() for s in entry.subjects):
            continue
        if purpose and purpose.strip().casefold() not in entry.purpose.casefold():
            continue
        day = entry.at[:10]
        if (since and day < since) or (until and day > until):
            continue
        found.append(entry)
    return found
