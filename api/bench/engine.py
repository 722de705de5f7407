"""Private engines for the benchmarks: free ports, a throw-away engine in a home of its own, and the
peak memory of a process. The user's engine and data are never touched."""

from __future__ import annotations

import resource
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from graph.engine import Engine
from graph.settings import GraphSettings
from graph.store import GraphStore


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def peak_rss_mb(pid: int | None = None) -> float:
    """VmHWM of a process (the engine), or this process's own maximum RSS."""
    if pid is None:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


@contextmanager
def engine(home: Path, store_class: type[GraphStore], heap: str) -> Iterator[tuple[GraphStore, Engine]]:
    """An engine in `home` on free ports, and a `store_class` store on it with the schema applied."""
    settings = GraphSettings(
        home=home,
        bolt_port=free_port(),
        http_port=free_port(),
        engine_heap=heap,
        batch_size=5000,
        tx_timeout_s=600,
    )
    control = Engine(settings)
    control.start()
    try:
        with store_class.open(settings, start_engine=False) as store:
            store.ensure_schema()
            yield store, control
    finally:
        control.stop()
