"""Login sessions for the pages: a random session id in the cookie, the role kept server-side.

The cookie never holds the API key. Sessions live in memory (a restart logs everyone out, which
is acceptable: logging in again takes a key) and end after `idle_s` without use or `max_s` after
login, whichever comes first; logout deletes the session.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace

from api.roles import Role


def key_id(key: str) -> str:
    """Who asked, without writing the key itself into the audit log."""
    return "key:" + hashlib.sha256(key.encode()).hexdigest()[:12]


@dataclass(frozen=True)
class Session:
    role: Role
    who: str  # the audit's key id (or user name) of whoever logged in
    created: float
    used: float


class SessionStore:
    def __init__(self, idle_s: float, max_s: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.idle_s = idle_s
        self.max_s = max_s
        self._clock = clock
        self._sessions: dict[str, Session] = {}
        self._lock = threading.Lock()

    def create(self, role: Role, who: str) -> str:
        """A new session; its id (for the cookie), 256 random bits."""
        sid = secrets.token_urlsafe(32)
        now = self._clock()
        with self._lock:
            self._expire(now)
            self._sessions[sid] = Session(role, who, now, now)
        return sid

    def get(self, sid: str) -> Session | None:
        """The live session `sid` (its idle clock restarts), or None when unknown or expired."""
        if not sid:
            return None
        now = self._clock()
        with self._lock:
            session = self._sessions.get(sid)
            if session is None:
                return None
            if self._expired(session, now):
                del self._sessions[sid]
                return None
            session = self._sessions[sid] = replace(session, used=now)
            return session

    def delete(self, sid: str) -> None:
        with self._lock:
            self._sessions.pop(sid, None)

    def __len__(self) -> int:
        with self._lock:
            return len(self._sessions)

    def _expired(self, session: Session, now: float) -> bool:
        return now - session.used > self.idle_s or now - session.created > self.max_s

    def _expire(self, now: float) -> None:
        for sid in [s for s, session in self._sessions.items() if self._expired(session, now)]:
            del self._sessions[sid]
