"""Named users (issue 16, 查询使用登记): personal keys issued once, stored as digests, named in the audit."""

from __future__ import annotations

import json
import secrets
import stat
from pathlib import Path

import httpx
from typer.testing import CliRunner

from api.audit import AuditLog
from api.cli.main import app
from api.roles import Role
from api.users import Users
from tests.api.conftest import Api
from tests.queries.graphs import USCC

CHECK = 'query($u: [String!]!) { bidderCheck(usccs: $u, purpose: "测试") { pairs { verdict } } }'


def test_users_add_list_disable_keep_only_a_digest(tmp_path: Path) -> None:
    env = {"CREDIT_GRAPH_HOME": str(tmp_path)}
    added = CliRunner().invoke(app, ["users", "add", "zhang.san", "--role", "investigator"], env=env)
    assert added.exit_code == 0, added.output
    key = added.output.strip().splitlines()[-1]
    assert key.startswith("cg_") and len(key) > 40
    stored = (tmp_path / "users.json").read_text(encoding="utf-8")
    assert key not in stored and json.loads(stored)["zhang.san"]["role"] == "investigator"
    assert stat.S_IMODE((tmp_path / "users.json").stat().st_mode) == 0o600
    again = CliRunner().invoke(app, ["users", "add", "zhang.san", "--role", "admin"], env=env)
    assert again.exit_code == 1 and "已存在" in again.output
    users = Users(tmp_path)
    found = users.authenticate(key)
    assert found is not None and found.name == "zhang.san" and found.role is Role.INVESTIGATOR
    assert users.authenticate(key[:-1] + ("A" if key[-1] != "A" else "B")) is None
    assert CliRunner().invoke(app, ["users", "disable", "zhang.san"], env=env).exit_code == 0
    listed = CliRunner().invoke(app, ["users", "list"], env=env).output
    assert "zhang.san" in listed and "已停用" in listed
    assert users.authenticate(key) is None  # the running reader sees the change


def test_a_named_user_is_named_in_the_audit_and_refused_once_disabled(api: Api) -> None:
    users, name = Users(api.settings.graph.home), f"li.si-{secrets.token_hex(3)}"
    key = users.add(name, Role.INVESTIGATOR)
    query = {"query": CHECK, "variables": {"u": [USCC["A"], USCC["B"]]}}
    answer = httpx.post(f"{api.url}/graphql", json=query, headers={"Authorization": f"Bearer {key}"}).json()
    assert answer["data"]["bidderCheck"]["pairs"][0]["verdict"] == "BARRED"
    last = AuditLog(api.settings.audit_path).entries()[-1]
    assert last.key_id == f"user:{name}" and last.role == "investigator"
    sid = httpx.post(f"{api.url}/login", data={"key": key}).cookies["cg_key"]
    by_page = httpx.post(
        f"{api.url}/graphql", json=query, cookies={"cg_key": sid}, headers={"Origin": api.url}
    ).json()
    assert "errors" not in by_page
    assert AuditLog(api.settings.audit_path).entries()[-1].key_id == f"user:{name}"
    users.disable(name)
    refused = httpx.post(f"{api.url}/graphql", json=query, headers={"Authorization": f"Bearer {key}"})
    assert refused.status_code == 401


def test_who_queried_a_subject_is_for_admins_only(api: Api) -> None:
    query = "query($u: String!) { whoQueried(uscc: $u) { at user role operation subjects } }"
    api.data(CHECK, Role.INVESTIGATOR, u=[USCC["A"], USCC["B"]])
    refused = api.post(query, Role.INVESTIGATOR, u=USCC["A"]).json()
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    rows = api.data(query, Role.ADMIN, u=USCC["A"])["whoQueried"]
    assert rows and rows[-1]["operation"] == "bidderCheck" and rows[-1]["role"] == "investigator"
    assert all(any(USCC["A"] in s for s in r["subjects"]) for r in rows)
    assert api.data(query, Role.ADMIN, u="NOSUCHSUBJECT")["whoQueried"] == []
