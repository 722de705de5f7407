"""`credit-graph serve` on a fresh machine: a local admin key only when nothing is configured and
only on loopback."""

from __future__ import annotations

from pathlib import Path

from api.cli.serve import LOCAL_KEY_FILE, with_local_key
from api.roles import Role
from api.settings import Settings
from graph.settings import GraphSettings


def test_a_local_admin_key_only_on_loopback_and_only_without_configured_keys(tmp_path: Path) -> None:
    bare = Settings(graph=GraphSettings(home=tmp_path))
    local = with_local_key(bare, "127.0.0.1")
    key = (tmp_path / LOCAL_KEY_FILE).read_text().strip()
    assert local.api_keys == {key: Role.ADMIN} and len(key) >= 24
    assert (tmp_path / LOCAL_KEY_FILE).stat().st_mode & 0o777 == 0o600
    assert with_local_key(bare, "127.0.0.1").api_keys == local.api_keys  # stable across restarts
    assert with_local_key(bare, "0.0.0.0").api_keys == {}
    configured = Settings(graph=GraphSettings(home=tmp_path), api_keys={"k": Role.INVESTIGATOR})
    assert with_local_key(configured, "127.0.0.1") is configured
