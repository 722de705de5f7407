"""Connection settings for the graph, read once from the environment into an object."""

from __future__ import annotations

import os
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

    @property
    def embedded(self) -> bool:
        return self.neo4j_uri is None

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
        )
