"""The read side of the benchmark: bidder checks, linking representatives, paths, GraphQL overhead.

Inputs come from the generator's manifest (its 10-bidder sets, colluding groups included) and
from seeded random pairs, so two runs with one seed ask the same questions. Every timed call is
preceded by warm-up calls: the numbers are for a warm engine, as a served API would see.
"""

from __future__ import annotations

import random
import statistics
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from functools import partial
from typing import Any

import httpx
import uvicorn

from api.app import create_app
from api.bench.engine import free_port
from api.bench.sizes import Size
from api.roles import Role
from api.settings import Settings
from graph.ids import entity_id_for_uscc
from graph.settings import GraphSettings
from graph.store import GraphStore
from queries.bidders import run_bidder_check
from queries.common import Hops, Page
from queries.control import Depth, controllers, ownership
from queries.linking import linking_reps
from queries.paths import shortest_paths
from queries.profile import entity_profiles

AS_OF = date(2026, 1, 1)
BIDDER_CHECK = """
query($usccs: [String!]!, $asOf: Date) {
  bidderCheck(usccs: $usccs, asOf: $asOf, maxHops: 4, purpose: "基准测试 bench") {
    asOf unknownUsccs
    pairs { a { uscc name } b { uscc name } verdict legalBasis
            evidence { kind description } paths { length nodes { id kind name } relationships { type } } }
    listedBidders { entity { uscc name } listings { listName listedOn } }
  }
}"""


def _ms(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def _check(store: GraphStore, usccs: list[str]) -> Callable[[], object]:
    return partial(run_bidder_check, store, usccs, AS_OF, Hops.FOUR)


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


@contextmanager
def served(store: GraphStore, graph: GraphSettings, key: str) -> Iterator[str]:
    """The real app over real HTTP (uvicorn in a thread, as the API tests do), on the bench store."""
    settings = Settings(graph=graph, api_keys={key: Role.INVESTIGATOR})
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(settings, store), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}/graphql"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def measure_queries(
    store: GraphStore, graph: GraphSettings, manifest: dict[str, Any], size: Size, log: Callable[[str], None]
) -> dict[str, Any]:
    rng = random.Random(manifest["seed"])
    sets: list[list[str]] = manifest["bidder_sets"]
    runs = [sets[i % len(sets)] for i in range(size.bidder_runs)] if sets else []
    out: dict[str, Any] = {}
    for usccs in runs[:3]:
        run_bidder_check(store, usccs, AS_OF, Hops.FOUR)  # warm-up
    bidder = [_ms(_check(store, usccs)) for usccs in runs]
    if bidder:
        out["bidder_check_p50_ms"] = statistics.median(bidder)
        out["bidder_check_p95_ms"] = _pct(bidder, 0.95)
    log(
        f"bidder check: p50 {out.get('bidder_check_p50_ms', 0):.0f} ms, "
        f"p95 {out.get('bidder_check_p95_ms', 0):.0f} ms"
    )

    linking_reps(store, 2, AS_OF, Page(0, 50))
    out["linking_reps_ms"] = statistics.median(
        [_ms(lambda: linking_reps(store, 2, AS_OF, Page(0, 50))) for _ in range(5)]
    )
    log(f"linking reps: {out['linking_reps_ms']:.0f} ms")

    # Paths: half between firms of one holding group (a path exists), half between random firms.
    everyone = [u for s in sets for u in s]
    groups = list(manifest["holding_groups"])
    pairs = []
    for i in range(size.path_runs):
        a = rng.choice(everyone)
        b = rng.choice(groups) if i % 2 == 0 else rng.choice(everyone)
        pairs.append((entity_id_for_uscc(a), entity_id_for_uscc(b)))
    if pairs:
        paths = [_ms(partial(shortest_paths, store, a, b, Hops.FOUR, AS_OF)) for a, b in pairs]
        out["path_p50_ms"] = statistics.median(paths)
        out["path_p95_ms"] = _pct(paths, 0.95)
        log(f"paths: p95 {out['path_p95_ms']:.0f} ms")
    # Subject profiles (the 信用档案 page's read): random bidders, and the largest holding group.
    ids = [entity_id_for_uscc(rng.choice(everyone)) for _ in range(size.path_runs)] if everyone else []
    if ids:
        if groups:
            ids[0] = entity_id_for_uscc(max(groups, key=lambda u: manifest["holding_groups"][u]))
        entity_profiles(store, ids[:3], AS_OF)  # warm-up
        profile = [_ms(partial(entity_profiles, store, [i], AS_OF)) for i in ids]
        out["profile_p50_ms"] = statistics.median(profile)
        out["profile_p95_ms"] = _pct(profile, 0.95)
        log(f"profiles: p50 {out['profile_p50_ms']:.0f} ms, p95 {out['profile_p95_ms']:.0f} ms")
    if groups:  # control on the largest holding group (thousands of subsidiaries): issue 15
        sizes: dict[str, int] = manifest["holding_groups"]
        top = entity_id_for_uscc(max(sizes, key=lambda u: sizes[u]))
        out["controllers_group_ms"] = statistics.median(
            [_ms(partial(controllers, store, top, AS_OF)) for _ in range(5)]
        )
        out["ownership_group_ms"] = statistics.median(
            [_ms(partial(ownership, store, top, Depth.TWO, AS_OF)) for _ in range(3)]
        )
        log(
            f"controllers of the largest group: {out['controllers_group_ms']:.0f} ms, "
            f"its ownership (2 levels): {out['ownership_group_ms']:.0f} ms"
        )
    if runs:
        out.update(graphql_overhead(store, graph, runs))
    return out


def graphql_overhead(store: GraphStore, graph: GraphSettings, runs: list[list[str]]) -> dict[str, Any]:
    """bidderCheck through HTTP + GraphQL vs. `run_bidder_check` on the same inputs, interleaved
    (so engine warmth and machine load drift hit both alike); the ratio of medians."""
    key = "bench-investigator"
    api: list[float] = []
    bare: list[float] = []
    with served(store, graph, key) as url, httpx.Client(timeout=120) as client:
        headers = {"Authorization": f"Bearer {key}"}

        def ask(usccs: list[str]) -> None:
            body = client.post(
                url,
                json={"query": BIDDER_CHECK, "variables": {"usccs": usccs, "asOf": AS_OF.isoformat()}},
                headers=headers,
            ).json()
            if "errors" in body:
                raise RuntimeError(f"bidderCheck failed: {body['errors'][0].get('message')}")

        ask(runs[0])  # warm-up: schema, first connection
        for usccs in runs:
            bare.append(_ms(_check(store, usccs)))
            api.append(_ms(partial(ask, usccs)))
    return {
        "graphql_bidder_check_p50_ms": statistics.median(api),
        "graphql_vs_cypher": statistics.median(api) / statistics.median(bare),
    }
