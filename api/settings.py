"""The application's settings: one object, read from the environment (prefix CREDIT_GRAPH_)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from api.roles import Role
from graph.settings import GraphSettings

# No inline script and no other origin: every script, style and font is a file the app serves
# (GraphiQL included). data: fonts and images are GraphiQL's embedded icons/fonts and the pages'
# empty favicon; blob: images are the graph pictures the explorer exports.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "font-src 'self' data:; connect-src 'self'; object-src 'none'; frame-ancestors 'none'; "
    "base-uri 'self'; form-action 'self'"
)


@dataclass(frozen=True)
class Settings:
    graph: GraphSettings
    api_keys: dict[str, Role] = field(default_factory=dict, repr=False)  # secrets: never logged
    introspection: bool = True  # off: no caller may introspect, and there is no GraphiQL
    public_introspection: bool = False  # introspection and GraphiQL for the public role too
    max_depth: int = 12
    max_aliases: int = 30
    max_tokens: int = 3000
    max_page: int = 500
    max_bidders: int = 50
    max_check_subjects: int = 100  # USCCs in one credit check (creditCheck, POST /api/v1/credit-check)
    max_hops: int = 6
    audit_log: Path | None = None  # default: audit.log in the graph home
    # Addresses of reverse proxies whose X-Forwarded-For / -Proto are trusted; none by default, so a
    # client cannot pick the address the rate limits and the audit log see.
    trusted_proxies: tuple[str, ...] = ()
    max_body_bytes: int = 2 * 1024 * 1024  # request bodies above this are refused (413)
    max_string: int = 300  # characters of any string argument (names, codes, reasons …)
    max_note: int = 5000  # characters of a free-text argument (reason, resolution, corrected value)
    max_decision_text: int = 200_000  # characters of one decision text (submitDecision, CLI)
    auth_failures: int = 10  # failed authentications per client address …
    auth_window_s: float = 60.0  # … within this window before further attempts get 429
    busy_after_s: float = 10.0  # /healthz: a graph call running longer than this holds its worker
    worker_threads: int = 0  # threads for blocking graph calls; 0: asyncio's default (cpu + 4)
    content_security_policy: str = CSP  # sent with every response
    # same-origin, not no-referrer: with no-referrer a browser sends `Origin: null` on the pages'
    # own POSTs, which the Origin check could not tell from a cross-site one; same-origin still
    # sends nothing (no searched USCC in a URL) to any other site.
    referrer_policy: str = "same-origin"
    # Origins besides the request's own (scheme://Host) whose browser POSTs are accepted, e.g. the
    # public https://… URL when a proxy rewrites Host.
    allowed_origins: tuple[str, ...] = ()
    session_idle_s: float = 1800.0  # a login session ends after this long unused …
    session_max_s: float = 8 * 3600.0  # … or this long after login
    tls_proxy: bool = False  # served behind a TLS-terminating proxy: the session cookie is Secure

    @property
    def pool_size(self) -> int:
        """How many blocking graph calls can run at once (the worker threads)."""
        return self.worker_threads or min(32, (os.cpu_count() or 1) + 4)

    @property
    def audit_path(self) -> Path:
        return self.audit_log or self.graph.home / "audit.log"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        return cls(
            graph=GraphSettings.from_env(env),
            api_keys=parse_api_keys(env.get("CREDIT_GRAPH_API_KEYS", "")),
            introspection=env.get("CREDIT_GRAPH_INTROSPECTION", "1") not in ("0", "false", "no"),
            public_introspection=env.get("CREDIT_GRAPH_PUBLIC_INTROSPECTION", "0") in ("1", "true", "yes"),
            audit_log=Path(env["CREDIT_GRAPH_AUDIT_LOG"]) if env.get("CREDIT_GRAPH_AUDIT_LOG") else None,
            trusted_proxies=tuple(
                p.strip() for p in env.get("CREDIT_GRAPH_TRUSTED_PROXIES", "").split(",") if p.strip()
            ),
            max_body_bytes=int(env.get("CREDIT_GRAPH_MAX_BODY_BYTES", str(2 * 1024 * 1024))),
            max_string=int(env.get("CREDIT_GRAPH_MAX_STRING", "300")),
            max_decision_text=int(env.get("CREDIT_GRAPH_MAX_DECISION_TEXT", "200000")),
            auth_failures=int(env.get("CREDIT_GRAPH_AUTH_FAILURES", "10")),
            worker_threads=int(env.get("CREDIT_GRAPH_WORKER_THREADS", "0")),
            content_security_policy=env.get("CREDIT_GRAPH_CSP", CSP),
            allowed_origins=tuple(
                o.strip().rstrip("/").lower()
                for o in env.get("CREDIT_GRAPH_ALLOWED_ORIGINS", "").split(",")
                if o.strip()
            ),
            session_idle_s=float(env.get("CREDIT_GRAPH_SESSION_IDLE_S", "1800")),
            session_max_s=float(env.get("CREDIT_GRAPH_SESSION_MAX_S", str(8 * 3600))),
            tls_proxy=env.get("CREDIT_GRAPH_TLS_PROXY", "0") in ("1", "true", "yes"),
        )

    def describe(self) -> str:
        """For start-up logs: key ids and roles, never the keys themselves."""
        roles = ", ".join(sorted({r.value for r in self.api_keys.values()})) or "none"
        return f"{len(self.api_keys)} API keys (roles: {roles}); {self.graph.describe()}"


def parse_api_keys(text: str) -> dict[str, Role]:
    """`key=role,key=role` → {key: Role}. An unknown role is an error, not a silent downgrade."""
    keys: dict[str, Role] = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        key, _, role = item.partition("=")
        if not key or not role:
            raise ValueError(f"CREDIT_GRAPH_API_KEYS: expected key=role, got {item[:4]}…")
        keys[key.strip()] = Role(role.strip().lower())
    return keys
