"""A schemathesis GraphQL fuzz run over real HTTP finds no server errors (5xx)."""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api.roles import Role
from tests.api.conftest import TOKENS, Api


def test_fuzzed_queries_never_cause_a_server_error(api: Api) -> None:
    schema = schemathesis.graphql.from_url(f"{api.url}/graphql")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 8  # every root field is fuzzed
    headers = {"Authorization": f"Bearer {TOKENS[Role.INVESTIGATOR]}"}
    failures: list[str] = []

    @given(case=st.one_of(*(op.as_strategy() for op in operations)))
    @settings(max_examples=120, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def run(case: schemathesis.Case) -> None:
        response = case.call(headers=headers, timeout=30)
        if response.status_code >= 500:
            failures.append(f"{response.status_code}: {case.body!r:.300}")

    run()
    assert not failures, "\n".join(failures[:5])
