"""查询使用登记 over the served app: every association field requires `purpose: String!`; a blank
or overlong one is BAD_USER_INPUT; the purpose given lands in the request's audit entry, under
the entry's MAC, and older entries without it still verify (issue 16)."""

from __future__ import annotations

import json

import pytest

from api.audit import AuditLog
from api.roles import Role
from tests.api.conftest import Api
from tests.queries.graphs import USCC, eid

PURPOSE = "投标人资格审查 FZCG-2026-0101"

# Each association root field, with the arguments it needs besides `purpose`.
FIELDS = {
    "bidderCheck": f'usccs: ["{USCC["A"]}", "{USCC["B"]}"]',
    "path": f'from: "{USCC["H"]}", to: "{USCC["I"]}"',
    "neighbourhood": f'id: "{eid("H")}"',
    "person": 'id: "p:wang"',
    "legalRepresentativesLinkingBlacklistedFirms": 'minFirms: 1, asOf: "2026-01-01"',
    "beneficialOwners": f'uscc: "{USCC["A"]}"',
}
SELECTION = {
    "bidderCheck": "{ asOf }",
    "path": "{ length }",
    "neighbourhood": "{ total }",
    "person": "{ name }",
    "legalRepresentativesLinkingBlacklistedFirms": "{ totalCount }",
    "beneficialOwners": "{ effectiveShare }",
}


def query(field: str, purpose: str | None) -> str:
    given = "" if purpose is None else f", purpose: {json.dumps(purpose, ensure_ascii=False)}"
    return f"{{ {field}({FIELDS[field]}{given}) {SELECTION[field]} }}"


def codes(body: dict[str, object]) -> list[object]:
    errors = body.get("errors") or []
    assert isinstance(errors, list)
    return [e["extensions"]["code"] for e in errors]


@pytest.mark.parametrize("field", sorted(FIELDS))
def test_an_association_query_without_a_purpose_is_refused_by_validation(api: Api, field: str) -> None:
    body = api.post(query(field, None), Role.INVESTIGATOR).json()
    assert codes(body) == ["GRAPHQL_VALIDATION_FAILED"], body
    assert "purpose" in body["errors"][0]["message"]
    assert body.get("data") is None


@pytest.mark.parametrize("field", sorted(FIELDS))
def test_a_blank_purpose_is_bad_user_input_in_chinese(api: Api, field: str) -> None:
    before = len(AuditLog(api.settings.audit_path).entries())
    body = api.post(query(field, "  \t "), Role.INVESTIGATOR).json()
    assert codes(body) == ["BAD_USER_INPUT"], body
    assert (
        "查询事由" in body["errors"][0]["message"]
        and body["errors"][0]["extensions"]["argument"] == "purpose"
    )
    assert len(AuditLog(api.settings.audit_path).entries()) == before  # nothing was read


def test_a_purpose_over_200_characters_is_bad_user_input(api: Api) -> None:
    for given in ("事" * 201, "事" * 250 + " "):  # within the generic string limit (300) too
        body = api.post(query("bidderCheck", given), Role.INVESTIGATOR).json()
        assert codes(body) == ["BAD_USER_INPUT"], body
        assert "200" in body["errors"][0]["message"] and "purpose" in body["errors"][0]["message"]
    padded = "  " + "事" * 200 + "  "  # trimmed first: 200 characters are allowed
    assert "errors" not in api.post(query("bidderCheck", padded[2:-2]), Role.INVESTIGATOR).json()


@pytest.mark.parametrize("field", sorted(FIELDS))
def test_the_audit_entry_carries_the_purpose(api: Api, field: str) -> None:
    body = api.post(query(field, f"  {PURPOSE} {field}  "), Role.INVESTIGATOR).json()
    assert "errors" not in body, body
    log = AuditLog(api.settings.audit_path)
    entry = log.entries()[-1]
    assert entry.operation == field and entry.purpose == f"{PURPOSE} {field}"  # trimmed
    assert not any(s.startswith("purpose:") for s in entry.subjects)  # not smuggled in as a subject
    line = json.loads(api.settings.audit_path.read_text(encoding="utf-8").splitlines()[-1])
    assert line["purpose"] == f"{PURPOSE} {field}"
    assert log.verify() is None


def test_two_fields_with_two_purposes_are_both_recorded(api: Api) -> None:
    both = (
        f'{{ a: person(id: "p:wang", purpose: "{PURPOSE}") {{ name }} '
        f'b: neighbourhood(id: "{eid("H")}", purpose: "复核 文号2026-7") {{ total }} }}'
    )
    assert "errors" not in api.post(both, Role.INVESTIGATOR).json()
    entry = AuditLog(api.settings.audit_path).entries()[-1]
    assert entry.purpose == f"{PURPOSE}；复核 文号2026-7"


def test_the_purpose_is_under_the_mac_and_older_lines_without_it_verify(api: Api) -> None:
    api.data(query("person", PURPOSE), Role.INVESTIGATOR)
    path = api.settings.audit_path
    lines = path.read_text(encoding="utf-8").splitlines()
    edited = json.loads(lines[-1])
    assert edited["purpose"] == PURPOSE
    edited["purpose"] = "随便看看"
    tampered = path.with_name("tampered.log")
    tampered.write_text(
        "\n".join([*lines[:-1], json.dumps(edited, ensure_ascii=False)]) + "\n", encoding="utf-8"
    )
    tampered.with_name("tampered.log.anchor").write_bytes(path.with_name(path.name + ".anchor").read_bytes())
    broken = AuditLog(tampered, key_path=path.parent / "audit.key").verify()
    assert broken is not None and broken.line == len(lines)

    # A log written before the purpose existed: its lines have no `purpose` key, MAC'd without it.
    old_path = path.with_name("old.log")
    old = AuditLog(old_path, key_path=path.parent / "audit.key")
    old.record("key:old", "investigator", "bidderCheck", ["e:1"], "127.0.0.1")
    entry = json.loads(old_path.read_text(encoding="utf-8"))
    del entry["purpose"], entry["mac"]
    entry["mac"] = old._mac(entry)  # as the earlier code computed it, over the fields it had
    old_path.write_text(json.dumps(entry, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
    old = AuditLog(old_path, key_path=path.parent / "audit.key")
    old._write_anchor()
    assert old.verify() is None and old.entries()[0].purpose == ""
    old.record("user:new", "investigator", "person", ["p:wang"], "127.0.0.1", purpose=PURPOSE)
    assert old.verify() is None and [e.purpose for e in old.entries()] == ["", PURPOSE]
