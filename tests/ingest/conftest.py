"""Ingest fixtures: run the pipeline in-process against the test graph with a private state file.

Input files are written by the tests themselves (synthetic, valid check digits via `tests.ingest.synth`)
or come from the bundled synthetic `sample/`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from graph.store import GraphStore
from ingest.kinds import Kind
from ingest.pipeline import FileReport, Ingest, Options
from ingest.quarantine import IngestState

SECRET = b"test-id-hash-key"
SAMPLE = Path(__file__).resolve().parents[2] / "sample"

Run = Callable[..., list[FileReport]]


@pytest.fixture
def state(tmp_path: Path) -> Iterator[IngestState]:
    st = IngestState(tmp_path / "ingest.sqlite")
    yield st
    st.close()


@pytest.fixture
def run(store: GraphStore, state: IngestState) -> Iterator[Run]:
    def _run(*paths: Path, kind: Kind | None = None, source: str | None = None,
             chunk_rows: int = 2000) -> list[FileReport]:
        options = Options(kind=kind, source=source, chunk_rows=chunk_rows)
        return Ingest(store, state, SECRET, options).run(list(paths))

    yield _run
