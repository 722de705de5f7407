"""Error messages people read are in Chinese: a catalogue of refused requests over real HTTP, each
answered with a code of the `ErrorCode` enum and a message in Chinese (the GraphQL library's own
English words only after a Chinese lead)."""

from __future__ import annotations

import re

import pytest

from api.gql.errors import ApiErrorCode
from api.roles import Role
from tests.api.conftest import Api
from tests.queries.graphs import USCC, eid

CJK = re.compile(r"[\u4e00-\u9fff]")
ENGLISH_LEAD = re.compile(r"^[A-Za-z'\"]+(?: [A-Za-z'\",]+){2,}")  # starts with an English sentence

CATALOGUE: list[tuple[str, str, Role, dict[str, object], ApiErrorCode]] = [
    ("syntax", "{ entity(uscc: ", Role.PUBLIC, {}, ApiErrorCode.GRAPHQL_PARSE_FAILED),
    ("unknown field", "{ nothingHere }", Role.PUBLIC, {}, ApiErrorCode.GRAPHQL_VALIDATION_FAILED),
    (
        "literal type",
        '{ searchEntities(name: "福州", first: "x") { totalCount } }',
        Role.PUBLIC,
        {},
        ApiErrorCode.BAD_USER_INPUT,
    ),
    (
        "variable type",
        'query($f: Int) { searchEntities(name: "福州", first: $f) { totalCount } }',
        Role.PUBLIC,
        {"f": "many"},
        ApiErrorCode.BAD_USER_INPUT,
    ),
    (
        "page size",
        '{ searchEntities(name: "福州", first: 100000) { totalCount } }',
        Role.PUBLIC,
        {},
        ApiErrorCode.BAD_USER_INPUT,
    ),
    (
        "cursor",
        f'{{ entity(uscc: "{USCC["A"]}") {{ casesConnection(after: "zz") {{ totalCount }} }} }}',
        Role.PUBLIC,
        {},
        ApiErrorCode.BAD_USER_INPUT,
    ),
    (
        "invalid uscc",
        '{ entity(uscc: "91350102MA2Y00108X") { name } }',
        Role.PUBLIC,
        {},
        ApiErrorCode.BAD_USER_INPUT,
    ),
    (
        "hops",
        '{ path(from: "a", to: "b", maxHops: 50, purpose: "测试") { length } }',
        Role.INVESTIGATOR,
        {},
        ApiErrorCode.BAD_USER_INPUT,
    ),
    (
        "one bidder",
        f'{{ bidderCheck(usccs: ["{USCC["A"]}"], purpose: "测试") {{ asOf }} }}',
        Role.INVESTIGATOR,
        {},
        ApiErrorCode.BAD_USER_INPUT,
    ),
    (
        "blank purpose",
        f'{{ neighbourhood(id: "{eid("A")}", purpose: " ") {{ total }} }}',
        Role.INVESTIGATOR,
        {},
        ApiErrorCode.BAD_USER_INPUT,
    ),
    (
        "public association",
        f'{{ neighbourhood(id: "{eid("A")}", purpose: "测试") {{ total }} }}',
        Role.PUBLIC,
        {},
        ApiErrorCode.FORBIDDEN,
    ),
    (
        "audit mode",
        f'{{ entity(uscc: "{USCC["A"]}") {{ cases(audit: true) {{ id }} }} }}',
        Role.INVESTIGATOR,
        {},
        ApiErrorCode.FORBIDDEN,
    ),
    (
        "depth",
        '{ entity(uscc: "x") { ' + "shareholders { entity { " * 25 + "name" + " } }" * 25 + " } }",
        Role.INVESTIGATOR,
        {},
        ApiErrorCode.GRAPHQL_VALIDATION_FAILED,
    ),
    (
        "unknown objection",
        'mutation { decideObjection(id: "objection:none", decision: REJECT) { id } }',
        Role.REVIEWER,
        {},
        ApiErrorCode.BAD_USER_INPUT,
    ),
    (
        "objection without contact",
        'mutation { fileObjection(subject: "a", record: "b", reason: "x", contact: " ") { id } }',
        Role.PUBLIC,
        {},
        ApiErrorCode.BAD_USER_INPUT,
    ),
]


@pytest.mark.parametrize(
    ("query", "role", "variables", "code"), [c[1:] for c in CATALOGUE], ids=[c[0] for c in CATALOGUE]
)
def test_every_refusal_names_its_code_and_says_why_in_chinese(
    api: Api, query: str, role: Role, variables: dict[str, object], code: ApiErrorCode
) -> None:
    body = api.post(query, role, **variables).json()
    assert body.get("errors"), body
    for error in body["errors"]:
        assert error["extensions"]["code"] == code.value, error
        assert CJK.search(error["message"]), error["message"]
        assert not ENGLISH_LEAD.match(error["message"]), error["message"]


def test_a_refused_review_action_says_why_in_chinese(api: Api) -> None:
    query = 'mutation { approveExtraction(id: "x:none") { ... on ReviewError { code message } } }'
    refused = api.data(query, Role.REVIEWER)["approveExtraction"]
    assert refused["code"] == "NOT_FOUND"
    assert CJK.search(refused["message"]) and "x:none" in refused["message"]
