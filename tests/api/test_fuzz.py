"""A schemathesis GraphQL fuzz run over real HTTP finds no server errors (5xx), and every error it
provokes carries an `extensions.code` — with the default limits and with limits so tight that most
generated arguments exceed them (the limit paths are fuzzed too)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api.roles import Role
from tests.api.conftest import TOKENS, Api, serve

INVESTIGATOR = {"Authorization": f"Bearer {TOKENS[Role.INVESTIGATOR]}"}


@pytest.fixture(scope="module")
def tight(api: Api) -> Iterator[str]:
    """The same graph behind an app whose string, page, depth and token limits are tiny."""
    limits = dataclasses.replace(
        api.settings, max_string=8, max_note=12, max_page=3, max_depth=4, max_tokens=60, max_body_bytes=2048
    )
    yield from serve(limits)


def fuzz(api: Api, url: str, headers: dict[str, str], examples: int) -> tuple[list[str], set[str]]:
    """Fuzz `url` with the schema `api` introspects (as an investigator: the public role may not;
    the tight app's own limits would refuse the introspection query itself)."""
    schema = schemathesis.graphql.from_url(f"{api.url}/graphql", headers=INVESTIGATOR)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 8  # every root field is fuzzed
    failures: list[str] = []
    codes: set[str] = set()

    @given(case=st.one_of(*(op.as_strategy() for op in operations)))
    @settings(max_examples=examples, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def run(case: schemathesis.Case) -> None:
        response = case.call(base_url=f"{url}/graphql", headers=headers, timeout=30)
        if response.status_code >= 500:
            failures.append(f"{response.status_code}: {case.body!r:.300}")
        elif response.status_code == 200:
            found = [(e.get("extensions") or {}).get("code") for e in response.json().get("errors") or []]
            codes.update(c for c in found if c)
            if None in found:
                failures.append(f"an error without a code for {case.body!r:.300}")

    run()
    return failures, codes


def test_fuzzed_queries_never_cause_a_server_error(api: Api) -> None:
    failures, _ = fuzz(api, api.url, INVESTIGATOR, 120)
    assert not failures, "\n".join(failures[:5])


@pytest.mark.slow
def test_fuzzed_queries_under_tight_limits_never_cause_a_server_error(api: Api, tight: str) -> None:
    failures, codes = fuzz(api, tight, INVESTIGATOR, 80)
    public_failures, public_codes = fuzz(api, tight, {}, 40)
    assert not failures + public_failures, "\n".join((failures + public_failures)[:5])
    assert "BAD_USER_INPUT" in codes and "FORBIDDEN" in public_codes  # the limits and roles were reached
