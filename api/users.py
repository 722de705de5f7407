"""Named users with personal keys: issued once, kept only as a keyed digest in `users.json`.

The file lives in the graph home (mode 0600); writes hold an exclusive file lock and replace the
file atomically. A key is `cg_` + 32 random bytes; what is stored is its HMAC-SHA256 under
`users.key` (beside the file, 0600), so a lookup is one digest and a constant-time compare, and a
copy of `users.json` alone lets nobody log in. The server reads the file again when it changes,
so `users add` / `users disable` take effect without a restart.
"""

from __future__ import annotations

import fcntl
import hashlib
import hmac
import json
import os
import re
import secrets
import threading
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from api.roles import Role
from graph.settings import secret_file

FILE = "users.json"
KEY_FILE = "users.key"
NAME = re.compile(r"^[\w.\-@]{1,64}$")


@dataclass(frozen=True)
class User:
    name: str
    role: Role
    digest: str
    created: str
    disabled: bool = False


class UserError(ValueError):
    """A user command that cannot be done (the message is for people)."""


class Users:
    def __init__(self, home: Path) -> None:
        self.home = home
        self.path = home / FILE
        self._lock = threading.Lock()
        self._seen: tuple[int, int] | None = None
        self._by_digest: dict[str, User] = {}

    def _digest(self, key: str) -> str:
        secret = secret_file(self.home, KEY_FILE, 32).encode()
        return hmac.new(secret, key.encode(), hashlib.sha256).hexdigest()

    def _read(self) -> dict[str, User]:
        if not self.path.exists():
            return {}
        raw = json.loads(self.path.read_text(encoding="utf-8"))
        return {n: User(**{**u, "role": Role(u["role"])}) for n, u in raw.items()}

    def _write(self, users: dict[str, User]) -> None:
        tmp = self.path.with_name(FILE + ".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump({n: asdict(u) for n, u in users.items()}, handle, ensure_ascii=False, indent=1)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, self.path)

    def _change(self, name: str, role: Role | None, disable: bool) -> str:
        self.home.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.home / (FILE + ".lock"), os.O_WRONLY | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            users = self._read()
            if disable:
                if name not in users:
                    raise UserError(f"用户 {name} 不存在")
                users[name] = User(**{**asdict(users[name]), "disabled": True})
                key = ""
            else:
                if not NAME.match(name):
                    raise UserError(f"用户名 {name!r} 无效：1–64 个字母、数字或 . - _ @")
                if name in users and not users[name].disabled:
                    raise UserError(f"用户 {name} 已存在（先 disable 再重新 add 可换发密钥）")
                key = "cg_" + secrets.token_urlsafe(32)
                at = datetime.now(UTC).isoformat(timespec="seconds")
                assert role is not None
                users[name] = User(name, role, self._digest(key), at)
            self._write(users)
            return key
        finally:
            os.close(fd)

    def add(self, name: str, role: Role) -> str:
        """Issue `name` a personal key with `role`; the key (shown once, never stored)."""
        return self._change(name, role, disable=False)

    def disable(self, name: str) -> None:
        self._change(name, None, disable=True)

    def list(self) -> list[User]:
        return sorted(self._read().values(), key=lambda u: u.name)

    def authenticate(self, key: str) -> User | None:
        """The enabled user whose key this is, else None."""
        if not key.startswith("cg_"):
            return None
        with self._lock:
            try:
                stat = self.path.stat()
            except FileNotFoundError:
                return None
            seen = (stat.st_mtime_ns, stat.st_size)
            if seen != self._seen:
                self._by_digest = {u.digest: u for u in self._read().values()}
                self._seen = seen
            digest = self._digest(key)
            for known, user in self._by_digest.items():
                if hmac.compare_digest(known, digest) and not user.disabled:
                    return user
            return None
