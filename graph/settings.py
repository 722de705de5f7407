"""The graph part of the settings, read once from the environment into an object.

Where the graph lives, how it is written (batch size, ingest chunk) and the key of the ID-number
hash. Secrets (the Neo4j password, the ID key) are kept out of `repr`; `describe()` says only
where they come from.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class GraphSettings:
    """Where the graph lives. With `neo4j_uri` set every command uses that server; otherwise the
    embedded engine under `home` is started on demand."""

    home: Path
    neo4j_uri: str | None = None
    neo4j_user: str = "neo4j"
    neo4j_password: str | None = field(default=None, repr=False)
    database: str = "credit"
    bolt_port: int = 7687
    http_port: int = 2480
    engine_heap: str = "4g"
    batch_size: int = 5000
    tx_timeout_s: float = 30.0
    retry_s: float = 15.0  # how long managed transactions retry on transient errors
    call_timeout_s: float = 60.0  # client-side bound of one graph call (retries included)
    cool_down_s: float = 5.0  # after the graph was found unreachable, calls fail at once this long
    ingest_chunk: int = 2000  # rows per ingest checkpoint (writer flushed, quarantine committed)
    id_key: str | None = field(default=None, repr=False)  # else a key file kept under the home

    @property
    def embedded(self) -> bool:
        return self.neo4j_uri is None

    def id_secret(self) -> bytes:
        """The key of the ID-number hash: `id_key`, else a key file kept (0600) under the home."""
        return (self.id_key or secret_file(self.home, ID_KEY_FILE)).encode("utf-8")

    def describe(self) -> str:
        """For start-up logs: where the graph is and where the secrets come from, never their values."""
        where = self.neo4j_uri or f"embedded in {self.home}"
        key = "CREDIT_GRAPH_ID_KEY" if self.id_key else f"$CREDIT_GRAPH_HOME/{ID_KEY_FILE}"
        return f"graph {where}; ID-hash key from {key}"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> GraphSettings:
        env = os.environ if env is None else env
        home = Path(env.get("CREDIT_GRAPH_HOME") or Path.home() / ".credit-graph")
        uri = env.get("NEO4J_URI") or None
        return cls(
            home=home,
            neo4j_uri=uri,
            neo4j_user=env.get("NEO4J_USER", "neo4j"),
            neo4j_password=env.get("NEO4J_PASSWORD"),
            database=env.get("NEO4J_DATABASE", "neo4j" if uri else "credit"),
            bolt_port=int(env.get("CREDIT_GRAPH_BOLT_PORT", "7687")),
            http_port=int(env.get("CREDIT_GRAPH_ENGINE_HTTP_PORT", "2480")),
            engine_heap=env.get("CREDIT_GRAPH_ENGINE_HEAP", "4g"),
            batch_size=int(env.get("CREDIT_GRAPH_BATCH_SIZE", "5000")),
            tx_timeout_s=float(env.get("CREDIT_GRAPH_TX_TIMEOUT", "30")),
            retry_s=float(env.get("CREDIT_GRAPH_RETRY_S", "15")),
            call_timeout_s=float(env.get("CREDIT_GRAPH_CALL_TIMEOUT", "60")),
            cool_down_s=float(env.get("CREDIT_GRAPH_COOL_DOWN", "5")),
            ingest_chunk=int(env.get("CREDIT_GRAPH_INGEST_CHUNK", "2000")),
            id_key=env.get("CREDIT_GRAPH_ID_KEY") or None,
        )


ID_KEY_FILE = "id-hash.key"


def secret_file(home: Path, name: str, nbytes: int = 24) -> str:
    """Read a secret kept in `home/name`, creating it (mode 0600) on first use."""
    path = home / name
    if not path.exists():
        home.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(nbytes))
    return path.read_text().strip()
