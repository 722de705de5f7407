"""The association graph of graphs.py, built into the (emptied) test store."""

from __future__ import annotations

import pytest

from graph.store import GraphStore
from tests.queries.graphs import build


@pytest.fixture
def graph(store: GraphStore) -> GraphStore:
    build(store)
    return store
