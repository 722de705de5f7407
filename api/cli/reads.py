"""Audit entries for the CLI's reads of subjects (`review show`, `repair`, `withdraw`), like the API's."""

from __future__ import annotations

import getpass
import os
from collections.abc import Iterator
from contextlib import contextmanager

import typer

from api.audit import AuditLog
from api.gql.limits import MAX_PURPOSE
from api.settings import Settings

ROLE = "cli"  # whoever runs the CLI holds the home (its keys and password): the operator
REMOTE = "local"


def cli_user() -> str:
    """`cli:` and the OS user ($USER first), as the review log and the record history name them."""
    return "cli:" + (os.environ.get("USER") or getpass.getuser())


def checked_purpose(purpose: str | None) -> str:
    """The `--purpose` given (trimmed), or "" without one; over `MAX_PURPOSE` characters is refused."""
    text = (purpose or "").strip()
    if purpose is not None and not text:
        raise typer.BadParameter(
            "查询事由（--purpose）不能为空：请填写事由及项目编号/文号", param_hint="--purpose"
        )
    if len(text) > MAX_PURPOSE:
        raise typer.BadParameter(
            f"查询事由（--purpose）过长：{len(text)} 字符，上限 {MAX_PURPOSE}", param_hint="--purpose"
        )
    return text


@contextmanager
def audited(command: str, subjects: list[str], purpose: str) -> Iterator[list[str]]:
    """One audit entry for the block, written when it ends: `cli_user()`, `command`, the subjects
    (the block may add those it finds), outcome ok or error (it raised, or exited non-zero)."""
    touched = list(subjects)
    outcome = "error"
    try:
        yield touched
        outcome = "ok"
    except typer.Exit as exc:
        outcome = "ok" if exc.exit_code == 0 else "error"
        raise
    finally:
        log = AuditLog(Settings.from_env().audit_path)
        log.record(cli_user(), ROLE, command, [s for s in touched if s], REMOTE, outcome, purpose=purpose)
