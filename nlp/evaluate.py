"""Field-level evaluation against gold.jsonl (data/README.md annotation rules).

Scoring: per document, each field is a multiset of normalised values; a null gold or prediction
contributes nothing (so a correct null is neither rewarded nor punished). Strings are compared
after `nlp.text.canonical` (width-fold, t2s, Pinyin glosses and all whitespace removed), so
traditional vs simplified and OCR spaces are not errors. Amounts compare to the cent.
Micro F1 sums TP/FP/FN over all fields. Output is sorted, so runs are byte-identical.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nlp.extract import Extractor
from nlp.readers import read_text
from nlp.text import canonical

FIELDS = ("decision_no", "authority", "decision_date", "party_name", "uscc", "legal_rep",
          "penalty", "total_fine", "legal_basis", "violated_provisions")  # fmt: skip


def _amount(value: Any) -> str:
    return "?" if value is None else f"{float(value):.2f}"


def values(record: dict[str, Any], name: str) -> Counter[str]:
    """The normalised multiset of one field of a gold or predicted record."""
    parties = record.get("parties") or []
    raw: Iterable[Any]
    if name in ("decision_no", "authority", "decision_date"):
        raw = [record.get(name)]
    elif name == "party_name":
        raw = [p.get("name") for p in parties]
    elif name in ("uscc", "legal_rep"):
        raw = [p.get(name) for p in parties]
    elif name == "penalty":
        return Counter(f"{p['type']}:{_amount(p.get('amount_yuan'))}" for p in record.get("penalties") or [])
    elif name == "total_fine":
        total = record.get("total_fine_yuan")
        return Counter() if total is None else Counter([_amount(total)])
    else:
        raw = record.get(name) or []
    return Counter(canonical(str(v)) for v in raw if v)


@dataclass
class Report:
    counts: dict[str, list[int]] = field(default_factory=lambda: {f: [0, 0, 0] for f in FIELDS})
    failures: list[str] = field(default_factory=list)
    invented_penalties: list[str] = field(default_factory=list)

    @staticmethod
    def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
        p = tp / (tp + fp) if tp + fp else 1.0
        r = tp / (tp + fn) if tp + fn else 1.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    @property
    def micro(self) -> tuple[float, float, float]:
        tp, fp, fn = (sum(c[i] for c in self.counts.values()) for i in range(3))
        return self.prf(tp, fp, fn)

    def table(self) -> str:
        lines = [f"{'field':<20}{'tp':>5}{'fp':>5}{'fn':>5}{'P':>8}{'R':>8}{'F1':>8}"]
        for name in FIELDS:
            tp, fp, fn = self.counts[name]
            p, r, f = self.prf(tp, fp, fn)
            lines.append(f"{name:<20}{tp:>5}{fp:>5}{fn:>5}{p:>8.3f}{r:>8.3f}{f:>8.3f}")
        tp, fp, fn = (sum(c[i] for c in self.counts.values()) for i in range(3))
        p, r, f = self.micro
        lines.append(f"{'micro':<20}{tp:>5}{fp:>5}{fn:>5}{p:>8.3f}{r:>8.3f}{f:>8.3f}")
        lines.append(f"invented penalties on documents without one: {len(self.invented_penalties)}")
        return "\n".join(lines)


def compare(gold: dict[str, Any], pred: dict[str, Any], report: Report) -> None:
    doc = str(gold.get("id"))
    for name in FIELDS:
        g, p = values(gold, name), values(pred, name)
        tp = sum((g & p).values())
        fp = sum((p - g).values())
        fn = sum((g - p).values())
        c = report.counts[name]
        c[0], c[1], c[2] = c[0] + tp, c[1] + fp, c[2] + fn
        for v in sorted((p - g).elements()):
            report.failures.append(f"{doc} {name} FP {v}")
        for v in sorted((g - p).elements()):
            report.failures.append(f"{doc} {name} FN {v}")
    if not gold.get("penalties") and pred.get("penalties"):
        report.invented_penalties.append(doc)


def fold_ids(folds_path: Path, fold: str) -> list[str]:
    """The document ids of one fold of a folds file ({"folds": {name: {"ids": [...]}}})."""
    folds = json.loads(folds_path.read_text(encoding="utf-8"))["folds"]
    if fold not in folds:
        raise KeyError(f"{fold!r} is not a fold of {folds_path} (folds: {', '.join(sorted(folds))})")
    return [str(i) for i in folds[fold]["ids"]]


def evaluate(
    gold_path: Path, directory: Path, extractor: Extractor | None = None, ids: Collection[str] | None = None
) -> Report:
    """`ids`: score only these documents (a cross-validation fold); every id must be in gold."""
    golds = [json.loads(line) for line in gold_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    if ids is not None:
        wanted = {str(i) for i in ids}
        missing = wanted - {str(g["id"]) for g in golds}
        if missing:
            raise KeyError(f"not in {gold_path}: {', '.join(sorted(missing))}")
        golds = [g for g in golds if str(g["id"]) in wanted]
    golds.sort(key=lambda g: str(g["id"]))
    extractor = extractor or Extractor()
    items = [(read_text(directory / f"{g['id']}.txt"), f"{g['id']}.txt") for g in golds]
    report = Report()
    for gold, result in zip(golds, extractor.extract_many(items), strict=True):
        compare(gold, result.to_json(), report)
    return report
