"""Train and cross-validate the candidate scorer (`nlp.scorer`); `python -m nlp.train`.

Training data: the candidates of every training text, labelled positive when their canonical
form equals a gold party name (role party) or the gold authority (role authority).
Model: L2-regularised logistic regression, full-batch gradient descent in numpy from zero
weights for a fixed number of steps — deterministic, so retraining reproduces the weights.

Cross-validation (`cross_validate`): for each fold k of tests/nlp/folds.json, train on the other
folds of decisions-2 plus all of decisions, then score fold k with `nlp.evaluate.compare`. The
scorer only replaces party names and the authority of the rule extraction; every other field is
the rules' own, so the per-field tables differ from the rules' only in party_name and authority.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from nlp import components
from nlp.evaluate import FIELDS, Report, compare
from nlp.extract import Extractor
from nlp.readers import read_text
from nlp.scorer import Candidate, Scorer, featurize
from nlp.text import canonical

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"
FOLDS = ROOT / "tests" / "nlp" / "folds.json"
MODEL = Path(__file__).resolve().parent / "models" / "candidates.json"
L2 = 1.0
# Chosen among nine settings by their pooled CV (a mild selection on the folds; see the report).
STEPS = 600
RATE = 1.0
BALANCE = 0.1  # 0: unweighted; b > 0: positives weigh b × (negatives / positives)
THRESHOLD = 0.5
RATIO = 0.7


@dataclass
class Doc:
    set: str
    id: str
    gold: dict[str, Any]
    rules: dict[str, Any]  # the rule extraction (to_json)
    text: str  # normalised view
    verbatim: Any  # (start, end) -> original string
    cands: list[Candidate]


def load_set(directory: Path, name: str, extractor: Extractor) -> list[Doc]:
    golds = [json.loads(x) for x in (directory / "gold.jsonl").read_text(encoding="utf-8").splitlines() if x]
    golds.sort(key=lambda g: str(g["id"]))
    out = []
    for gold in golds:
        raw = read_text(directory / f"{gold['id']}.txt")
        doc = extractor.nlp(raw)
        norm = components.state(doc).norm
        rules = components_to_json(doc, f"{gold['id']}.txt")
        out.append(Doc(name, str(gold["id"]), gold, rules, norm.text, norm.verbatim, featurize(norm.text)))
    return out


def components_to_json(doc: Any, source: str) -> dict[str, Any]:
    from nlp.extract import to_extraction

    return to_extraction(doc, source).to_json()


def labels(doc: Doc) -> list[int]:
    names = {canonical(str(p["name"])) for p in doc.gold.get("parties") or [] if p.get("name")}
    auth = canonical(str(doc.gold["authority"])) if doc.gold.get("authority") else None
    out = []
    for c in doc.cands:
        value = canonical(doc.verbatim(c.start, c.end))
        out.append(int(value in names) if c.role == "party" else int(value == auth))
    return out


def train(
    docs: Sequence[Doc], steps: int = STEPS, l2: float = L2, rate: float = RATE, balance: float = BALANCE
) -> Scorer:
    """Logistic regression on the labelled candidates of `docs` (deterministic)."""
    rows: list[tuple[str, ...]] = []
    ys: list[int] = []
    for doc in docs:
        rows.extend(c.features for c in doc.cands)
        ys.extend(labels(doc))
    vocab = sorted({f for r in rows for f in r})
    index = {f: i for i, f in enumerate(vocab)}
    ri = np.asarray([i for i, r in enumerate(rows) for _ in r], dtype=np.int64)
    ci = np.asarray([index[f] for r in rows for f in r], dtype=np.int64)
    y = np.asarray(ys, dtype=np.float64)
    n, size = len(y), len(vocab)
    # Positives are rare (a few per document among hundreds of spans): weight them up.
    pos = max(1.0, float(y.sum()))
    weight = np.where(y > 0, balance * (n - pos) / pos, 1.0) if balance else np.ones(n)
    w = np.zeros(size)
    penalised = np.array([not f.endswith(":bias") for f in vocab], dtype=np.float64)
    scale = float(weight.sum())
    for _ in range(steps):
        z = np.bincount(ri, weights=w[ci], minlength=n)
        p = 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))
        g = (p - y) * weight
        grad = (np.bincount(ci, weights=g[ri], minlength=size) + l2 * w * penalised) / scale
        w -= rate * grad
    weights = {f: float(v) for f, v in zip(vocab, w, strict=True)}
    meta: dict[str, object] = {
        "docs": len(docs),
        "candidates": len(rows),
        "positives": int(y.sum()),
        "steps": steps,
        "l2": l2,
    }
    return Scorer(weights, THRESHOLD, RATIO, meta)


def apply(scorer: Scorer, doc: Doc) -> dict[str, Any]:
    """The rule extraction with the scorer's party names and authority."""
    authority, parties = scorer.predict(doc.text)
    pred = dict(doc.rules)
    pred["authority"] = None if authority is None else doc.verbatim(*authority)
    rows = [dict(p, name=None) for p in doc.rules.get("parties") or []]
    pred["parties"] = rows + [{"name": doc.verbatim(a, b)} for a, b in parties]
    return pred


def score(docs: Sequence[Doc], scorer: Scorer | None) -> Report:
    report = Report()
    for doc in docs:
        gold = dict(doc.gold, id=f"{doc.set}/{doc.id}")
        compare(gold, doc.rules if scorer is None else apply(scorer, doc), report)
    return report


def fold_ids() -> dict[str, list[str]]:
    folds = json.loads(FOLDS.read_text(encoding="utf-8"))["folds"]
    return {k: [str(i) for i in v["ids"]] for k, v in sorted(folds.items())}


def load_all(extractor: Extractor | None = None) -> tuple[list[Doc], list[Doc]]:
    extractor = extractor or Extractor()
    return load_set(DATA / "decisions", "decisions", extractor), load_set(
        DATA / "decisions-2", "decisions-2", extractor
    )


def cross_validate(set1: Sequence[Doc], set2: Sequence[Doc]) -> dict[str, tuple[Report, Report]]:
    """Per fold: (rules' current report, scorer trained without the fold). Plus 'pooled'."""
    out: dict[str, tuple[Report, Report]] = {}
    pooled_rules, pooled_model = Report(), Report()
    for fold, ids in fold_ids().items():
        held = [d for d in set2 if d.id in ids]
        scorer = train([*set1, *(d for d in set2 if d.id not in ids)])
        rules, model = score(held, None), score(held, scorer)
        for total, part in ((pooled_rules, rules), (pooled_model, model)):
            for name in FIELDS:
                total.counts[name] = [
                    a + b for a, b in zip(total.counts[name], part.counts[name], strict=True)
                ]
            total.failures.extend(part.failures)
        out[fold] = (rules, model)
    out["pooled"] = (pooled_rules, pooled_model)
    return out


def coverage(docs: Sequence[Doc]) -> tuple[int, int, int, int]:
    """(gold party names among candidates, gold party names, authorities found, authorities)."""
    pn = pt = an = at = 0
    for doc in docs:
        values = {(c.role, canonical(doc.verbatim(c.start, c.end))) for c in doc.cands}
        for p in doc.gold.get("parties") or []:
            if p.get("name"):
                pt += 1
                pn += ("party", canonical(str(p["name"]))) in values
        if doc.gold.get("authority"):
            at += 1
            an += ("authority", canonical(str(doc.gold["authority"]))) in values
    return pn, pt, an, at


def _row(name: str, counts: list[int]) -> str:
    f = Report.prf(*counts)[2]
    return f"{name:<20}{counts[0]:>4}{counts[1]:>4}{counts[2]:>4}{f:>7.3f}"


def cv_table(results: dict[str, tuple[Report, Report]], fields: Sequence[str] = FIELDS) -> str:
    lines = [f"{'':<20}{'rules (fit: read every fold)':<30}| scorer (trained without the fold)"]
    for fold, (rules, model) in results.items():
        lines.append(f"-- {fold}")
        lines.append(
            f"{'field':<20}{'tp':>4}{'fp':>4}{'fn':>4}{'F1':>7}       | {'tp':>4}{'fp':>4}{'fn':>4}{'F1':>7}"
        )
        for name in fields:
            lines.append(f"{_row(name, rules.counts[name])}       | {_row(name, model.counts[name])[20:]}")
        micro = [[sum(c[i] for c in r.counts.values()) for i in range(3)] for r in (rules, model)]
        lines.append(f"{_row('micro', micro[0])}       | {_row('micro', micro[1])[20:]}")
    return "\n".join(lines)


def record(results: dict[str, tuple[Report, Report]]) -> str:
    """The CV counts (tp, fp, fn per field) of the rules and the scorer, per fold and pooled."""
    rows = {fold: {"rules": rules.counts, "scorer": model.counts} for fold, (rules, model) in results.items()}
    return json.dumps(rows, ensure_ascii=False, sort_keys=True, indent=1) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m nlp.train", description=__doc__.splitlines()[0])
    parser.add_argument("--cv", action="store_true", help="cross-validate on tests/nlp/folds.json")
    parser.add_argument("--record", type=Path, default=None, help="write the CV counts as JSON")
    parser.add_argument("--output", type=Path, default=None, help="write the weights trained on all dev data")
    args = parser.parse_args(argv)
    set1, set2 = load_all()
    if args.cv:
        pn, pt, an, at = coverage(set2)
        print(f"candidate coverage on decisions-2: party names {pn}/{pt}, authorities {an}/{at}")
        results = cross_validate(set1, set2)
        print(cv_table(results))
        if args.record is not None:
            args.record.write_text(record(results), encoding="utf-8")
    if args.output is not None:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(train([*set1, *set2]).to_json(), encoding="utf-8")
        print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
