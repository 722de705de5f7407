"""Format perturbations of a labelled set, to measure how far the extractor carries to new formats.

Each transform is deterministic (no randomness: positions are chosen by counting characters) and
keeps the gold field VALUES valid. Scoring compares values after `nlp.text.canonical`, the same
normalisation the extractor's rules read through (width fold, t2s, Pinyin glosses and whitespace
removed), so a Traditional copy is scored against the simplified gold by mapping the prediction
back with t2s, and an injected gloss or space is not an error. A transform that removes text
(the header) also drops the gold values that no longer occur in the transformed text: the
extractor is never asked for a value the text does not state.

`python -m nlp.perturb GOLD DIR [--aggregate]` prints per-field F1 per transform (only the
micro line with `--aggregate`, for a held-out set whose details must stay unread).
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import opencc

from nlp.evaluate import FIELDS, Report, compare
from nlp.extract import Extractor
from nlp.readers import read_text
from nlp.text import canonical

_CJK = re.compile(r"[\u4e00-\u9fff]")
# Tone-marked readings a mirror injects; which reading is irrelevant to the rules (they drop it).
_GLOSSES = ("(jiān)", "(chǔ)", "(fá)", "(shì)", "(gōng)", "(sī)", "(rén)")
_LABELS = ("当事人", "被处罚人", "行政相对人")
_LABEL_AT = re.compile(r"(当事人|被处罚人|行政相对人)(?=[:：|])")
_TITLE_LINE = re.compile(r"决定书\s*$")
_PIPE_ROW = re.compile(r"^\s*\|(.+)\|\s*$")


@cache
def _s2t() -> opencc.OpenCC:
    return opencc.OpenCC("s2t")


def traditional(text: str) -> str:
    """Simplified → Traditional (opencc s2t); values are compared after t2s."""
    converted: str = _s2t().convert(text)
    return converted


def pinyin(text: str, every: int = 5) -> str:
    """A tone-marked reading after every `every`-th CJK character: 監(jiān)."""
    out, n = [], 0
    for ch in text:
        out.append(ch)
        if _CJK.match(ch):
            n += 1
            if n % every == 0:
                out.append(_GLOSSES[(n // every) % len(_GLOSSES)])
    return "".join(out)


def spaced(text: str, every: int = 3) -> str:
    """PDF spacing: a space between every `every`-th pair of adjacent CJK characters."""
    out, n = [], 0
    for i, ch in enumerate(text):
        out.append(ch)
        if _CJK.match(ch) and i + 1 < len(text) and _CJK.match(text[i + 1]):
            n += 1
            if n % every == 0:
                out.append(" ")
    return "".join(out)


def labels(text: str) -> str:
    """当事人 → 被处罚人 → 行政相对人 → 当事人 where the word is a field label (before : or |)."""
    return _LABEL_AT.sub(lambda m: _LABELS[(_LABELS.index(m.group(1)) + 1) % len(_LABELS)], text)


def body_only(text: str) -> str:
    """The copy without its header: everything up to and including the title line is dropped,
    and so is the number line right under it."""
    lines = text.split("\n")
    for i, line in enumerate(lines[:15]):
        if _TITLE_LINE.search(line):
            rest = lines[i + 1 :]
            if rest and re.search(r"号\s*$", rest[0]) and len(rest[0]) < 40:
                rest = rest[1:]
            return "\n".join(rest)
    return text


def flattened(text: str) -> str:
    """`| 名称 | 值 |` rows flattened one cell per line."""
    out = []
    for line in text.split("\n"):
        m = _PIPE_ROW.match(line)
        if m is None:
            out.append(line)
            continue
        out.extend(cell.strip() for cell in m.group(1).split("|") if cell.strip())
    return "\n".join(out)


TRANSFORMS: dict[str, Callable[[str], str]] = {
    "none": lambda text: text,
    "traditional": traditional,
    "pinyin": pinyin,
    "spaced": spaced,
    "labels": labels,
    "body_only": body_only,
    "flattened": flattened,
}


def _still_stated(gold: dict[str, Any], original: str, text: str) -> dict[str, Any]:
    """Gold without the string values the original stated but the transformed text no longer
    contains (values rebuilt by the labeller, such as split article lists, are kept)."""
    before, seen = canonical(original), canonical(text)

    def ok(value: Any) -> bool:
        v = None if value is None else canonical(str(value))
        return v is None or v in seen or v not in before

    out = dict(gold)
    for key in ("decision_no", "authority"):
        if not ok(out.get(key)):
            out[key] = None
    parties = []
    for party in gold.get("parties") or []:
        row = dict(party)
        for key in ("uscc", "legal_rep"):
            if not ok(row.get(key)):
                row[key] = None
        if ok(row.get("name")):
            parties.append(row)
    out["parties"] = parties
    for key in ("legal_basis", "violated_provisions"):
        out[key] = [v for v in gold.get(key) or [] if ok(v)]
    return out


def evaluate_transform(
    gold_path: Path, directory: Path, transform: Callable[[str], str], extractor: Extractor
) -> Report:
    golds = [json.loads(line) for line in gold_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    golds.sort(key=lambda g: str(g["id"]))
    originals = [read_text(directory / f"{g['id']}.txt") for g in golds]
    texts = [transform(text) for text in originals]
    report = Report()
    items = [(text, f"{g['id']}.txt") for g, text in zip(golds, texts, strict=True)]
    for gold, original, text, result in zip(
        golds, originals, texts, extractor.extract_many(items), strict=True
    ):
        compare(_still_stated(gold, original, text), result.to_json(), report)
    return report


def table(reports: dict[str, Report], aggregate: bool = False) -> str:
    """One column of F1 per transform; rows are the fields (only micro when `aggregate`)."""
    names = list(reports)
    lines = [f"{'field':<20}" + "".join(f"{n:>12}" for n in names)]
    rows = ["micro"] if aggregate else [*FIELDS, "micro"]
    for row in rows:
        cells = []
        for n in names:
            r = reports[n]
            f1 = r.micro[2] if row == "micro" else r.prf(*r.counts[row])[2]
            cells.append(f"{f1:>12.3f}")
        lines.append(f"{row:<20}" + "".join(cells))
    invented = "".join(f"{len(reports[n].invented_penalties):>12}" for n in names)
    lines.append(f"{'invented penalties':<20}" + invented)
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    aggregate = "--aggregate" in argv
    args = [a for a in argv if a != "--aggregate"]
    if len(args) != 2:
        print("usage: python -m nlp.perturb GOLD DIR [--aggregate]", file=sys.stderr)
        return 2
    extractor = Extractor()
    reports = {
        n: evaluate_transform(Path(args[0]), Path(args[1]), t, extractor) for n, t in TRANSFORMS.items()
    }
    print(table(reports, aggregate))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
