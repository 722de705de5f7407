"""Web hardening over real HTTP: security headers on every kind of response, the Origin check on
browser POSTs, introspection and GraphiQL per role, error codes and the limits in the SDL."""

from __future__ import annotations

from collections.abc import Iterator
from typing import cast

import httpx
import pytest

from api.roles import Role
from api.settings import CSP, Settings
from api.web import graphiql_policy
from graph.settings import GraphSettings
from graph.store import GraphStore
from tests.api.conftest import KEYS, TOKENS, Api, serve
from tests.queries.graphs import USCC

EVIL = "https://evil.example"
BEARER = {"Authorization": f"Bearer {TOKENS[Role.INVESTIGATOR]}"}
INTROSPECT = "{ __schema { queryType { name } } }"
ARGS = """{ __type(name: "Query") { description fields { name args { name description } } } }"""


def headers_ok(response: httpx.Response) -> None:
    if response.headers.get("content-type", "").startswith("text/html") and response.url.path == "/graphql":
        # GraphiQL's page: its run-time <style> allowed, nothing else
        assert response.headers["content-security-policy"] == graphiql_policy(CSP)
        assert "style-src 'self' 'unsafe-inline';" in graphiql_policy(CSP)
        assert graphiql_policy(CSP).replace(" 'unsafe-inline'", "") == CSP
    else:
        assert response.headers["content-security-policy"] == CSP, response.request.url
    assert "'unsafe-inline'" not in CSP and "script-src 'self'" in CSP and "frame-ancestors 'none'" in CSP
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["referrer-policy"] == "same-origin"


def test_every_kind_of_response_carries_the_security_headers(api: Api) -> None:
    url = api.url
    responses = {
        "page": httpx.get(f"{url}/explore"),
        "redirect": httpx.get(f"{url}/"),
        "static": httpx.get(f"{url}/static/style.css"),
        "vendored": httpx.get(f"{url}/static/vendor/graphiql/graphiql.min.js"),
        "graphql": httpx.post(f"{url}/graphql", json={"query": "{ __typename }"}),
        "graphql error": httpx.post(f"{url}/graphql", json={"query": "{"}),
        "graphiql": httpx.get(f"{url}/graphql", headers={"Accept": "text/html", **BEARER}),
        "health": httpx.get(f"{url}/healthz"),
        "not found": httpx.get(f"{url}/no-such-page"),
        "method": httpx.delete(f"{url}/explore"),
        "unknown key": httpx.post(
            f"{url}/graphql", json={"query": "{ __typename }"}, headers={"Authorization": "Bearer x"}
        ),
        "too large": httpx.post(f"{url}/graphql", content=b"x" * (api.settings.max_body_bytes + 1)),
        "cross-site": httpx.post(f"{url}/login", data={"key": "k"}, headers={"Origin": EVIL}),
    }  # fmt: skip
    statuses = {kind: r.status_code for kind, r in responses.items()}
    assert statuses == {
        "page": 200, "redirect": 307, "static": 200, "vendored": 200, "graphql": 200, "graphql error": 200,
        "graphiql": 200, "health": 200, "not found": 404, "method": 405, "unknown key": 401,
        "too large": 413, "cross-site": 403,
    }  # fmt: skip
    for response in responses.values():
        headers_ok(response)


def test_hsts_only_behind_a_tls_proxy(api: Api, graph_settings: GraphSettings) -> None:
    plain = [
        httpx.get(f"{api.url}/explore"),
        httpx.post(f"{api.url}/graphql", json={"query": "{ __typename }"}),
    ]
    assert all("strict-transport-security" not in r.headers for r in plain)
    settings = Settings(graph=graph_settings, api_keys=dict(KEYS), tls_proxy=True)
    for url in serve(settings):
        responses = [
            httpx.get(f"{url}/explore"),
            httpx.get(f"{url}/static/style.css"),
            httpx.post(f"{url}/graphql", json={"query": "{ __typename }"}),
            httpx.get(f"{url}/healthz"),
            httpx.get(f"{url}/no-such-page"),
            httpx.post(f"{url}/graphql", content=b"x" * (settings.max_body_bytes + 1)),
            httpx.post(f"{url}/login", data={"key": "k"}, headers={"Origin": EVIL}),
        ]
        assert [r.headers.get("strict-transport-security") for r in responses] == ["max-age=31536000"] * 7


class BrokenStore:
    """A store whose health check fails with a bug (not one of our errors): the app answers 500."""

    in_flight = 0

    def running_longer_than(self, seconds: float) -> int:
        raise RuntimeError("a bug")


def test_an_internal_error_carries_the_security_headers_too(graph_settings: GraphSettings) -> None:
    broken = cast(GraphStore, BrokenStore())
    for url in serve(Settings(graph=graph_settings), broken):
        response = httpx.get(f"{url}/healthz")
        assert response.status_code == 500 and "服务器内部错误" in response.text
        headers_ok(response)


def test_cross_site_form_posts_are_refused_in_chinese(api: Api) -> None:
    url, own = api.url, api.url
    form = {"usccs": f"{USCC['A']}\n{USCC['B']}"}
    for path, data in (("/login", {"key": "inv-key"}), ("/bidders/export.xlsx", form), ("/logout", {})):
        by_origin = httpx.post(f"{url}{path}", data=data, headers={"Origin": EVIL}, cookies={"cg_key": "s"})
        assert by_origin.status_code == 403 and "已拒绝跨站请求" in by_origin.text, path
        assert EVIL in by_origin.text and by_origin.headers["content-type"].startswith("text/plain")
        by_referer = httpx.post(f"{url}{path}", data=data, headers={"Referer": f"{EVIL}/page?x=1"})
        assert by_referer.status_code == 403 and "已拒绝跨站请求" in by_referer.text, path
        opaque = httpx.post(f"{url}{path}", data=data, headers={"Origin": "null"})
        assert opaque.status_code == 403, path
        cookie_only = httpx.post(f"{url}{path}", data=data, cookies={"cg_key": "s"})
        assert cookie_only.status_code == 403 and "既无 Origin 也无 Referer" in cookie_only.text, path
    same = httpx.post(f"{url}/login", data={"key": "inv-key"}, headers={"Origin": own})
    assert same.status_code == 303  # the login form posted from this site
    referred = httpx.post(f"{url}/login", data={"key": "wrong"}, headers={"Referer": f"{own}/login"})
    assert referred.status_code == 401  # from this site, refused only for the wrong key
    script = httpx.post(f"{url}/login", data={"key": "inv-key"})
    assert script.status_code == 303  # neither header and no cookie: not a browser on another site


def test_graphql_with_the_session_cookie_must_come_from_this_site(api: Api) -> None:
    url, query = api.url, {"query": "{ __typename }"}
    cross = httpx.post(f"{url}/graphql", json=query, headers={"Origin": EVIL}, cookies={"cg_key": "s"})
    assert cross.status_code == 403
    error = cross.json()["errors"][0]
    assert error["extensions"]["code"] == "FORBIDDEN_ORIGIN" and "已拒绝跨站请求" in error["message"]
    bare = httpx.post(f"{url}/graphql", json=query, cookies={"cg_key": "s"})
    assert bare.status_code == 403
    same = httpx.post(f"{url}/graphql", json=query, headers={"Origin": url}, cookies={"cg_key": "s"})
    assert same.status_code == 200 and same.json()["data"] == {"__typename": "Query"}
    # API clients: a key header and no cookie; an Origin they send does not matter.
    client = httpx.post(f"{url}/graphql", json=query, headers={"Origin": EVIL, **BEARER})
    assert client.status_code == 200 and client.json()["data"] == {"__typename": "Query"}
    assert httpx.post(f"{url}/graphql", json=query).status_code == 200


@pytest.fixture(scope="module")
def proxied(graph_settings: GraphSettings, session_store: GraphStore) -> Iterator[str]:
    """An app told its public origin (a proxy that rewrites Host) and open to public introspection."""
    settings = Settings(
        graph=graph_settings,
        api_keys=dict(KEYS),
        allowed_origins=("https://credit.example.gov.cn",),
        public_introspection=True,
    )
    yield from serve(settings)


def test_configured_origins_are_accepted(proxied: str) -> None:
    form = {"key": "inv-key"}
    public = httpx.post(f"{proxied}/login", data=form, headers={"Origin": "https://credit.example.gov.cn"})
    assert public.status_code == 303
    other = httpx.post(f"{proxied}/login", data=form, headers={"Origin": "https://example.gov.cn"})
    assert other.status_code == 403


def test_introspection_and_graphiql_are_for_authenticated_roles_by_default(api: Api, proxied: str) -> None:
    public = api.post(INTROSPECT).json()
    assert public["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert "introspection" in public["errors"][0]["message"]
    assert api.data(INTROSPECT, Role.INVESTIGATOR)["__schema"]["queryType"]["name"] == "Query"
    assert api.post("{ __typename }").json()["data"] == {"__typename": "Query"}  # not introspection
    page = httpx.get(f"{api.url}/graphql", headers={"Accept": "text/html"})
    assert page.status_code == 303 and page.headers["location"] == "/login?next=/graphql"
    ide = httpx.get(f"{api.url}/graphql", headers={"Accept": "text/html", **BEARER})
    assert ide.status_code == 200 and "/static/vendor/graphiql/graphiql.min.js" in ide.text
    assert "<script>" not in ide.text and "unpkg" not in ide.text and "https://" not in ide.text
    opened = httpx.post(f"{proxied}/graphql", json={"query": INTROSPECT}).json()
    assert opened["data"]["__schema"]["queryType"]["name"] == "Query"  # public_introspection=True
    assert httpx.get(f"{proxied}/graphql", headers={"Accept": "text/html"}).status_code == 200


def test_off_means_no_introspection_and_no_graphiql_for_anyone(
    graph_settings: GraphSettings, session_store: GraphStore
) -> None:
    for url in serve(Settings(graph=graph_settings, api_keys=dict(KEYS), introspection=False)):
        refused = httpx.post(f"{url}/graphql", json={"query": INTROSPECT}, headers=BEARER).json()
        assert refused["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
        assert httpx.get(f"{url}/graphql", headers={"Accept": "text/html", **BEARER}).status_code == 404


def test_parser_validation_and_scalar_errors_carry_a_code(api: Api) -> None:
    def code(query: str, **variables: object) -> str:
        errors = api.post(query, Role.INVESTIGATOR, **variables).json()["errors"]
        return str(errors[0]["extensions"]["code"])

    assert code("{ entity(uscc: ") == "GRAPHQL_PARSE_FAILED"
    assert code("{ " + "__typename " * 4000 + "}") == "GRAPHQL_PARSE_FAILED"  # the token limit
    assert code("{ noSuchField }") == "GRAPHQL_VALIDATION_FAILED"
    assert code("{ entity(uscc: 1) { name } }") == "BAD_USER_INPUT"  # a literal of the wrong type
    assert code('{ entity(uscc: "x", asOf: "not a date") { name } }') == "BAD_USER_INPUT"
    dated = 'query($d: Date) { entity(uscc: "x", asOf: $d) { name } }'
    assert code(dated, d="2026-13-40") == "BAD_USER_INPUT"  # a variable its scalar refuses
    assert (
        code('query($n: Int!) { searchEntities(name: "a", first: $n) { totalCount } }', n="x")
        == "BAD_USER_INPUT"
    )
    nested = "legalRepresentative { roles { entity { "
    deep = '{ entity(uscc: "x") { ' + nested * 5 + "name" + " } } }" * 5 + " } }"
    assert code(deep) == "GRAPHQL_VALIDATION_FAILED"  # the depth limit
    assert code('{ searchEntities(name: "%s") { totalCount } }' % ("长" * 301)) == "BAD_USER_INPUT"


def test_the_sdl_names_the_limits_of_each_argument(api: Api) -> None:
    query = api.data(ARGS, Role.INVESTIGATOR)["__type"]
    args = {(f["name"], a["name"]): a["description"] or "" for f in query["fields"] for a in f["args"]}
    limits = api.settings
    assert f"At most {limits.max_string} characters" in args[("searchEntities", "name")]
    assert f"Page size 1 to {limits.max_page}" in args[("searchEntities", "first")]
    assert f"At most {limits.max_string} characters each" in args[("bidderCheck", "usccs")]
    assert f"Between 2 and {limits.max_bidders} distinct USCCs" in args[("bidderCheck", "usccs")]
    assert "1 to 4 hops" in args[("bidderCheck", "maxHops")]
    for field in ("bidderCheck", "path", "neighbourhood", "person", "beneficialOwners"):
        assert "At most 200 characters (blank or longer: BAD_USER_INPUT)" in args[(field, "purpose")]
        assert "查询事由" in args[(field, "purpose")]
    assert f"1 to {limits.max_hops} hops" in args[("path", "maxHops")]
    assert f"query depth {limits.max_depth}" in query["description"]
    assert f"request body {limits.max_body_bytes} bytes" in query["description"]
    root = api.data(ARGS.replace('"Query"', '"RootMutation"'), Role.ADMIN)["__type"]
    margs = {(f["name"], a["name"]): a["description"] or "" for f in root["fields"] for a in f["args"]}
    assert f"At most {limits.max_decision_text} characters" in margs[("submitDecision", "text")]
    reasons = [d for (_, name), d in margs.items() if name == "reason"]
    assert reasons and all(f"At most {limits.max_note} characters" in d for d in reasons)
