"""Concurrent load over the served app (loopback only): 20 clients, then with oversized requests.

`python -m api.bench.load [--seconds S] [--clients N] [--oversized M] [--json]` starts a private
engine in a temporary home (the user's engine and data are never touched), loads `sample/`,
serves the app with `credit-graph serve` in a process of its own on a free loopback port, and
runs two phases of S seconds each:

1. N clients in a loop, alternating a bidder check (investigator key, 4 sample bidders) and a
   public credit profile; every answer must be HTTP 200 without errors;
2. the same N clients plus M clients sending oversized requests: half a ~9 MB body (refused
   with 413), half a 1.5 MB string variable inside the body limit (refused as BAD_USER_INPUT).

It prints p50/p95/max latency and the error count of the ordinary queries per phase, the
oversized requests' outcomes and the worst `/healthz` answer seen. Loops are bounded by time and
by a request cap per client.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

import httpx

from api.bench.engine import engine, free_port
from graph.store import GraphStore
from ingest.pipeline import Ingest, Options
from ingest.quarantine import IngestState, state_path

KEY = "load-investigator"
SAMPLE = Path(__file__).resolve().parents[2] / "sample"
MAX_REQUESTS = 100_000  # per client and phase: a bound besides the clock
BIDDER_CHECK = """query($usccs: [String!]!) {
  bidderCheck(usccs: $usccs, maxHops: 4, purpose: "压力测试 load-bench") {
  pairs { verdict legalBasis } listedBidders { entity { uscc } } } }"""
PROFILE = """query($uscc: String!) { entity(uscc: $uscc) { name uscc
  listings { listName listedOn } cases { decisionNo } } }"""
SEARCH = "query($name: String!) { searchEntities(name: $name, first: 3) { totalCount } }"


def _usccs() -> list[str]:
    with (SAMPLE / "registry_basic.csv").open(encoding="utf-8-sig") as handle:
        return [row["统一社会信用代码"] for row in csv.DictReader(handle)]


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else 0.0


class Phase:
    def __init__(self, url: str, usccs: list[str], seconds: float) -> None:
        self.url = url
        self.usccs = usccs
        self.deadline = time.monotonic() + seconds
        self.latencies: list[float] = []
        self.errors: Counter[str] = Counter()
        self.oversized: Counter[str] = Counter()
        self.health: Counter[str] = Counter()
        self.lock = threading.Lock()

    def ordinary(self, n: int) -> None:
        headers = {"Authorization": f"Bearer {KEY}"}
        with httpx.Client(timeout=120) as client:
            for i in range(MAX_REQUESTS):
                if time.monotonic() >= self.deadline:
                    return
                if (n + i) % 2:
                    bidders = [self.usccs[(n + i + k) % len(self.usccs)] for k in range(4)]
                    body: dict[str, Any] = {"query": BIDDER_CHECK, "variables": {"usccs": bidders}}
                    auth = headers
                else:
                    body = {"query": PROFILE, "variables": {"uscc": self.usccs[(n + i) % len(self.usccs)]}}
                    auth = {}
                started = time.perf_counter()
                try:
                    response = client.post(self.url + "/graphql", json=body, headers=auth)
                    took = (time.perf_counter() - started) * 1000
                    answer = response.json()
                    problem = (
                        None
                        if response.status_code == 200 and "errors" not in answer
                        else response.text[:120]
                    )
                except (httpx.HTTPError, ValueError) as exc:
                    took, problem = (time.perf_counter() - started) * 1000, type(exc).__name__
                with self.lock:
                    self.latencies.append(took)
                    if problem:
                        self.errors[problem] += 1

    def attacker(self, n: int) -> None:
        big = "建" * (3 * 1024 * 1024) if n % 2 == 0 else "x" * 1_500_000  # 9 MB body / 1.5 MB string
        payload = json.dumps({"query": SEARCH, "variables": {"name": big}}, ensure_ascii=False).encode()
        with httpx.Client(timeout=120) as client:
            for _ in range(MAX_REQUESTS):
                if time.monotonic() >= self.deadline:
                    return
                try:
                    response = client.post(
                        self.url + "/graphql", content=payload, headers={"Content-Type": "application/json"}
                    )
                    if response.status_code == 200:
                        codes = {e["extensions"]["code"] for e in response.json().get("errors", [])}
                        outcome = "200 " + ",".join(sorted(codes))
                    else:
                        outcome = str(response.status_code)
                except httpx.HTTPError as exc:
                    outcome = type(exc).__name__
                with self.lock:
                    self.oversized[outcome] += 1

    def watch(self) -> None:
        while time.monotonic() < self.deadline:
            try:
                status = httpx.get(self.url + "/healthz", timeout=5).json()["status"]
            except (httpx.HTTPError, ValueError, KeyError) as exc:
                status = type(exc).__name__
            with self.lock:
                self.health[status] += 1
            time.sleep(1)

    def run(self, clients: int, oversized: int) -> dict[str, Any]:
        threads = [threading.Thread(target=self.ordinary, args=(n,)) for n in range(clients)]
        threads += [threading.Thread(target=self.attacker, args=(n,)) for n in range(oversized)]
        threads.append(threading.Thread(target=self.watch))
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return {
            "requests": len(self.latencies),
            "errors": sum(self.errors.values()),
            "error_kinds": dict(self.errors.most_common(3)),
            "p50_ms": round(statistics.median(self.latencies), 1) if self.latencies else None,
            "p95_ms": round(_pct(self.latencies, 0.95), 1),
            "max_ms": round(max(self.latencies, default=0.0), 1),
            "oversized": dict(self.oversized),
            "healthz": dict(self.health),
        }


def _serve(home: Path, bolt: int, http: int) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {
        **os.environ,
        "CREDIT_GRAPH_HOME": str(home),
        "CREDIT_GRAPH_BOLT_PORT": str(bolt),
        "CREDIT_GRAPH_ENGINE_HTTP_PORT": str(http),
        "CREDIT_GRAPH_API_KEYS": f"{KEY}=investigator",
        "CREDIT_GRAPH_AUDIT_LOG": str(home / "audit.log"),
    }
    env.pop("NEO4J_URI", None)
    entry = "import sys; from api.cli.main import main; sys.argv[0] = 'credit-graph'; main()"
    command = [sys.executable, "-c", entry, "serve", "--host", "127.0.0.1", "--port", str(port)]
    with (home / "serve.log").open("ab") as log:
        proc = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(url + "/readyz", timeout=2).status_code == 200:
                return proc, url
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    proc.terminate()
    raise RuntimeError("the served app did not become ready")


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=100.0)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--oversized", type=int, default=8)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    with (
        tempfile.TemporaryDirectory(prefix="credit-graph-load-") as tmp,
        engine(Path(tmp), GraphStore, "2g") as (
            store,
            control,
        ),
    ):
        home = control.settings.home
        state = IngestState(state_path(home))
        try:
            Ingest(store, state, control.settings.id_secret(), Options()).run([SAMPLE])
        finally:
            state.close()
        proc, url = _serve(home, control.settings.bolt_port, control.settings.http_port)
        try:
            usccs = _usccs()
            Phase(url, usccs, 3).run(2, 0)  # warm-up
            plain = Phase(url, usccs, args.seconds).run(args.clients, 0)
            mixed = Phase(url, usccs, args.seconds).run(args.clients, args.oversized)
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    result = {"seconds": args.seconds, "clients": args.clients, "plain": plain, "with_oversized": mixed}
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        for name, phase in (("plain", plain), (f"+{args.oversized} oversized", mixed)):
            print(
                f"{name}: {phase['requests']} requests, {phase['errors']} errors, p50 {phase['p50_ms']} ms, "
                f"p95 {phase['p95_ms']} ms, max {phase['max_ms']} ms; oversized {phase['oversized']}; "
                f"healthz {phase['healthz']}"
            )
    return result


if __name__ == "__main__":
    main()
