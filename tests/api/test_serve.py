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


def test_the_settings_log_line_names_no_secret(tmp_path: Path) -> None:
    env = {
        "CREDIT_GRAPH_HOME": str(tmp_path),
        "CREDIT_GRAPH_API_KEYS": "key-secret-1=admin",
        "CREDIT_GRAPH_ID_KEY": "id-secret-2",
        "NEO4J_PASSWORD": "pw-secret-3",
    }
    settings = Settings.from_env(env)
    assert settings.graph.id_secret() == b"id-secret-2" and settings.graph.ingest_chunk == 2000
    for text in (settings.describe(), repr(settings)):
        assert not any(secret in text for secret in ("key-secret-1", "id-secret-2", "pw-secret-3"))
    assert "1 API keys (roles: admin)" in settings.describe()
