"""The review statuses, their transitions as data, the refusals, and the package's import boundary."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from graph.errors import CreditGraphError, ErrorCode
from graph.review import errors
from graph.review.crosscheck import CrossCheck
from graph.review.status import OPEN, PUBLISHED, TRANSITIONS, ReviewStatus, ReviewStep, after, allowed

ROOT = Path(__file__).resolve().parents[3]
S = ReviewStatus


def test_every_status_is_reached_and_left_as_the_table_says() -> None:
    reached = {to for targets in TRANSITIONS.values() for to in targets.values() if to is not None}
    assert reached == set(ReviewStatus)
    assert allowed(ReviewStep.APPROVE) == OPEN == (S.PENDING, S.CHANGED)
    assert allowed(ReviewStep.CORRECT) == (*OPEN, *PUBLISHED)
    assert allowed(ReviewStep.REQUEUE) == PUBLISHED == (S.APPROVED, S.CORRECTED)
    assert S.REJECTED not in {s for step in ReviewStep for s in allowed(step)}  # rejected is final


def test_after() -> None:
    assert after(ReviewStep.SUBMIT, None) is S.PENDING
    assert after(ReviewStep.APPROVE, S.CHANGED) is S.APPROVED
    assert after(ReviewStep.CORRECT, S.APPROVED) is S.CORRECTED
    assert after(ReviewStep.REJECT, S.PENDING) is S.REJECTED
    # A re-queued reading rejected: back to what was published, as it was published.
    assert after(ReviewStep.REJECT, S.CHANGED, S.CORRECTED) is S.CORRECTED
    assert after(ReviewStep.REJECT, S.CHANGED) is S.APPROVED
    # From a status the step does not start from: its usual target (the guarded write refuses).
    assert after(ReviewStep.APPROVE, S.REJECTED) is S.APPROVED


@pytest.mark.parametrize(
    ("error", "refusal", "code"),
    [
        (errors.ExtractionNotFound("x:1"), "NOT_FOUND", ErrorCode.NOT_FOUND),
        (errors.WrongState("x:1", "rejected", OPEN), "WRONG_STATE", ErrorCode.CONFLICT),
        (errors.ConflictNeedsReason(CrossCheck("case:1", True)), "CONFLICT_NEEDS_REASON", ErrorCode.CONFLICT),
        (errors.Unpublishable(["authority"]), "INCOMPLETE", ErrorCode.BAD_USER_INPUT),
        (errors.BadChange("spans: not a correctable field", "spans"), "BAD_CHANGE", ErrorCode.BAD_USER_INPUT),
        (errors.ReasonRequired("rejecting"), "REASON_REQUIRED", ErrorCode.BAD_USER_INPUT),
    ],
)
def test_refusals_carry_a_code_and_fields(error: errors.ReviewFailed, refusal: str, code: ErrorCode) -> None:
    assert isinstance(error, CreditGraphError) and error.refusal == refusal and error.code is code
    assert error.fields and error.message == str(error)


def test_wrong_state_says_what_was_expected() -> None:
    error = errors.WrongState("x:1", "rejected", OPEN)
    assert "x:1" in error.message and "rejected" in error.message
    assert "pending, changed_by_extractor" in error.message
    assert error.fields == {
        "extraction_id": "x:1",
        "status": "rejected",
        "expected": "pending, changed_by_extractor",
    }


@pytest.mark.parametrize("package", ["graph/review", "graph/lifecycle"])
def test_workflow_packages_import_no_reader_api_or_framework(package: str) -> None:
    """graph/ depends on no layer around it: not nlp (the extractor is passed in), ingest, queries, api."""
    for path in sorted((ROOT / package).glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = {
            alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names
        }
        imported |= {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
        roots = {name.split(".")[0] for name in imported}
        assert not roots & {"nlp", "ingest", "queries", "api", "strawberry", "typer", "spacy"}, (path, roots)
