"""Document numbers (文号): the pure parts (moved from tests/nlp/test_parsers.py)."""

from __future__ import annotations

from graph.legal.docnumbers import canonical_number


def test_bracket_forms_share_a_key() -> None:
    assert canonical_number("黔建字[2026]8号") == canonical_number("黔建字〔2026〕8号")
