"""The graph part of the one settings object: read once from the environment, secrets masked."""

from __future__ import annotations

from pathlib import Path

from graph.settings import ID_KEY_FILE, GraphSettings


def test_the_id_key_and_the_ingest_chunk_come_from_the_environment(tmp_path: Path) -> None:
    env = {
        "CREDIT_GRAPH_HOME": str(tmp_path),
        "CREDIT_GRAPH_ID_KEY": "k-secret-1",
        "CREDIT_GRAPH_INGEST_CHUNK": "100",
    }
    settings = GraphSettings.from_env(env)
    assert settings.ingest_chunk == 100 and settings.id_secret() == b"k-secret-1"
    assert GraphSettings.from_env({"CREDIT_GRAPH_HOME": str(tmp_path)}).ingest_chunk == 2000
    assert not (tmp_path / ID_KEY_FILE).exists()


def test_without_a_configured_key_one_is_kept_in_the_home(tmp_path: Path) -> None:
    settings = GraphSettings.from_env({"CREDIT_GRAPH_HOME": str(tmp_path)})
    key = settings.id_secret()
    assert len(key) >= 24 and key == settings.id_secret()  # the same key on every use
    assert (tmp_path / ID_KEY_FILE).stat().st_mode & 0o777 == 0o600


def test_secrets_are_never_in_repr_or_logs(tmp_path: Path) -> None:
    env = {
        "CREDIT_GRAPH_HOME": str(tmp_path),
        "CREDIT_GRAPH_ID_KEY": "k-secret-1",
        "NEO4J_PASSWORD": "pw-secret-2",
    }
    settings = GraphSettings.from_env(env)
    for text in (repr(settings), str(settings), settings.describe()):
        assert "k-secret-1" not in text and "pw-secret-2" not in text
    assert "CREDIT_GRAPH_ID_KEY" in settings.describe()
