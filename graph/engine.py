"""The embedded graph engine: ArcadeDB with its Neo4j-Bolt plugin, in a process of its own.

The JVM runs in a child process, never inside the API or test process: a JVM started in-process
crashed with SIGSEGV inside libpython when the server stopped (seen on this machine). The
controller below keeps a pid file, a random root password (0600) and the ports under the home
directory; start/stop/status are idempotent and a Bolt round trip is the health check.

`python -m graph.engine HOME` is the child's entry point.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graph.errors import EngineError
from graph.settings import GraphSettings, secret_file

START_TIMEOUT_S = 120.0
STOP_TIMEOUT_S = 60.0


@dataclass(frozen=True)
class EngineStatus:
    running: bool
    pid: int | None
    bolt_uri: str
    healthy: bool

    def describe(self) -> str:
        if self.running and self.healthy:
            return f"running (pid {self.pid}) at {self.bolt_uri}"
        if self.running:
            return f"starting or unhealthy (pid {self.pid}) at {self.bolt_uri}"
        return "stopped"


def engine_password(home: Path) -> str:
    return secret_file(home, "engine.password")


class Engine:
    """Controls the engine child process for one home directory."""

    def __init__(self, settings: GraphSettings) -> None:
        self.settings = settings
        self.home = settings.home
        self.pid_file = self.home / "engine.pid"
        self.log_file = self.home / "engine.log"
        self.config_file = self.home / "engine.json"

    @property
    def bolt_uri(self) -> str:
        return f"bolt://127.0.0.1:{self.settings.bolt_port}"

    def _pid(self) -> int | None:
        try:
            pid = int(self.pid_file.read_text().strip())
        except (FileNotFoundError, ValueError):
            return None
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return None
        except PermissionError:
            return pid
        if _is_zombie(pid):
            return None
        return pid

    def healthy(self) -> bool:
        # Imported here: the driver is only needed by the controller, not by the child.
        from neo4j import GraphDatabase
        from neo4j.exceptions import Neo4jError, ServiceUnavailable

        try:
            # A session run, not execute_query: no retries, so a down engine answers at once.
            auth = ("root", engine_password(self.home))
            with (
                GraphDatabase.driver(self.bolt_uri, auth=auth, connection_timeout=2.0) as driver,
                driver.session(database=self.settings.database) as session,
            ):
                session.run(HEALTH_CHECK).consume()
            return True
        except (ServiceUnavailable, Neo4jError, OSError):
            return False

    def status(self) -> EngineStatus:
        pid = self._pid()
        return EngineStatus(pid is not None, pid, self.bolt_uri, pid is not None and self.healthy())

    def start(self) -> EngineStatus:
        current = self.status()
        if current.healthy:
            return current
        if current.running:
            return self._wait_healthy(current.pid)
        self.check_ports()
        self.home.mkdir(parents=True, exist_ok=True)
        engine_password(self.home)
        self.config_file.write_text(
            json.dumps(
                {
                    "bolt_port": self.settings.bolt_port,
                    "http_port": self.settings.http_port,
                    "database": self.settings.database,
                    "heap": self.settings.engine_heap,
                }
            )
        )
        with self.log_file.open("ab") as log:
            proc = subprocess.Popen(
                [sys.executable, "-m", "graph.engine", str(self.home)],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # survives the CLI that started it, and its ^C
                cwd=self.home,  # the engine writes its log/ folder into its working directory
            )
        self.pid_file.write_text(str(proc.pid))
        return self._wait_healthy(proc.pid)

    def check_ports(self) -> None:
        """Refuse to start when a port is taken (often by another home's engine): say which port
        and which variable chooses another, instead of the engine's Java stack trace."""
        for port, variable in (
            (self.settings.bolt_port, "CREDIT_GRAPH_BOLT_PORT"),
            (self.settings.http_port, "CREDIT_GRAPH_ENGINE_HTTP_PORT"),
        ):
            if not port_free(port):
                raise EngineError(
                    f"端口 {port} 已被占用（可能是另一个数据目录的引擎），请设置 {variable} 为其他端口"
                    f" / port {port} on 127.0.0.1 is already in use (perhaps by another home's engine):"
                    f" set {variable} to a free port"
                )

    def _wait_healthy(self, pid: int | None) -> EngineStatus:
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self._pid() is None:
                raise EngineError("the engine process exited during start", self._log_tail())
            if self.healthy():
                return EngineStatus(True, pid, self.bolt_uri, True)
            time.sleep(0.5)
        raise EngineError(f"the engine did not answer on {self.bolt_uri} within {START_TIMEOUT_S:.0f}s")

    def stop(self) -> EngineStatus:
        pid = self._pid()
        if pid is None:
            self.pid_file.unlink(missing_ok=True)
            return EngineStatus(False, None, self.bolt_uri, False)
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + STOP_TIMEOUT_S
        while time.monotonic() < deadline and self._pid() is not None:
            time.sleep(0.2)
        if self._pid() is not None:
            os.kill(pid, signal.SIGKILL)
        self.pid_file.unlink(missing_ok=True)
        return EngineStatus(False, None, self.bolt_uri, False)

    def _log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_file.read_text(errors="replace").splitlines()[-lines:])
        except FileNotFoundError:
            return ""


def port_free(port: int) -> bool:
    """Whether nothing listens on 127.0.0.1:`port` (the engine binds loopback only)."""
    with socket.socket() as probe:
        probe.settimeout(1.0)
        return probe.connect_ex(("127.0.0.1", port)) != 0


def _is_zombie(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().split(") ", 1)[1].startswith("Z")
    except (FileNotFoundError, IndexError):
        return False


HEALTH_CHECK = "RETURN 1 AS ok"


def _serve(home: Path) -> None:
    """Child process: run the server until SIGTERM, then stop it cleanly."""
    import arcadedb_embedded

    config = json.loads((home / "engine.json").read_text())
    server = arcadedb_embedded.ArcadeDBServer(
        root_path=str(home / "databases"),
        root_password=engine_password(home),
        config={
            "http_port": config["http_port"],
            "server_plugins": "Bolt:com.arcadedb.bolt.BoltProtocolPlugin",
            "bolt_port": config["bolt_port"],
        },
        jvm_kwargs={"heap_size": config["heap"]},
    )
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM, signal.SIGINT})
    server.start()
    server.create_database(config["database"])  # idempotent: creates if missing
    print(f"engine ready on bolt port {config['bolt_port']}", flush=True)
    signal.sigwait({signal.SIGTERM, signal.SIGINT})
    closed = _close_bolt_clients(server)
    print(f"closed {closed} bolt client connection(s)", flush=True)
    server.stop()
    print("engine stopped", flush=True)


def _close_bolt_clients(server: Any) -> int:
    """Close the Bolt listener and every client socket before stopping the server.

    ArcadeDB's Bolt listener closes only its server socket on stop; each client connection's
    thread stays blocked reading its socket, and the server's stop waits for them (62 s with one
    connected API process). The plugin offers no call for it, so its fields are reached by
    reflection; if that fails (another engine version) the stop is merely slow, as before.
    """
    try:
        java_server = server._java_server
        closed = 0
        for plugin in java_server.getPlugins():
            if plugin.getClass().getSimpleName() != "BoltProtocolPlugin":
                continue
            listener = _field(plugin, "listener")
            if listener is None:
                continue
            listener.close()  # no new connections
            for executor in list(_field(listener, "activeConnections").toArray()):
                client = _field(executor, "socket")
                if client is not None:
                    client.close()
                    closed += 1
        return closed
    except Exception as exc:  # best effort: the stop goes on either way
        print(f"could not close bolt clients: {exc}", flush=True)
        return 0


def _field(obj: Any, name: str) -> Any:
    field = obj.getClass().getDeclaredField(name)
    field.setAccessible(True)
    return field.get(obj)


if __name__ == "__main__":
    _serve(Path(sys.argv[1]))
