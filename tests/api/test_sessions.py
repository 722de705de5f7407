"""Login sessions: ids, idle and absolute expiry, deletion (a hand-driven clock, no waiting)."""

from __future__ import annotations

from api.roles import Role
from api.sessions import SessionStore, key_id


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_session_id_is_random_and_names_the_role_and_key_id() -> None:
    store = SessionStore(idle_s=60, max_s=600, clock=Clock())
    one, two = store.create(Role.INVESTIGATOR, key_id("k")), store.create(Role.ADMIN, key_id("k2"))
    assert one != two and len(one) >= 40 and one != "k"
    session = store.get(one)
    assert session is not None and session.role is Role.INVESTIGATOR and session.who == key_id("k")
    assert store.get("guess") is None and store.get("") is None


def test_a_session_ends_when_idle_and_when_old_and_on_delete() -> None:
    clock = Clock()
    store = SessionStore(idle_s=60, max_s=150, clock=clock)
    idle, kept, gone = (store.create(Role.INVESTIGATOR, "x") for _ in range(3))
    clock.now += 50
    assert store.get(kept) is not None  # use restarts the idle clock
    clock.now += 50  # idle: 100 s unused
    assert store.get(idle) is None and store.get(kept) is not None
    store.delete(gone)
    assert store.get(gone) is None
    clock.now += 51  # 151 s after login: over the absolute limit (used 51 s ago, within idle)
    assert store.get(kept) is None
    assert len(store) == 0
