"""The domain model stays free of driver, NLP and API imports."""

from __future__ import annotations

import subprocess
import sys

from graph.model import LABEL_OF, RELATIONSHIPS, Label, Rel
from tests.conftest import ROOT


def test_model_imports_no_driver_nlp_or_api() -> None:
    code = (
        "import sys, graph.model\n"
        "bad = [m for m in ('neo4j', 'spacy', 'strawberry', 'starlette') if m in sys.modules]\n"
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "", f"graph.model pulled in: {out.stdout}"


def test_every_label_has_a_dataclass_and_every_relationship_known_labels() -> None:
    assert set(LABEL_OF.values()) == set(Label)
    assert set(RELATIONSHIPS) == set(Rel)
    for sources, targets in RELATIONSHIPS.values():
        assert sources and targets
        assert set(sources) <= set(Label) and set(targets) <= set(Label)
