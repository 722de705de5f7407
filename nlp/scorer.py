"""A candidate scorer for party names and deciding authorities (experiment, not in the pipeline).

The rule recognisers propose candidates — every organisation-shaped, person-shaped and
authority-shaped span of the normalised text — and a logistic regression scores each one from
generic features of its context: the characters before and after it, the label or cue in front
of it, its suffix class, where it sits in the document, whether it repeats, whether its line is a
table row, a title or a signature line, the distance to 处罚/决定 words. No feature names a text
id or quotes a string of one document; weights are learned per fold by `nlp.train`.

The feature *design* was made by someone who could read every development text: it is generic
by construction, but not blind. See `nlp/train.py` for the cross-validation that decides
whether the scorer is used.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from graph.legal.dates import DATE_RE
from nlp import recognise
from nlp.resources import regex

Role = str  # "party" or "authority"
_BOUNDARY = set("\n,;。:、|()》《“”\"' ")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_RUN_BACK = 30
_PENALTY_WORD = re.compile(r"处罚|决定|罚款|警告|没收")
_ACT_AFTER = re.compile(r"^(?:依法)?(?:对|作出|给予|处以|决定|向|依据|根据|依照)")
_ACT_BEFORE = re.compile(r"(?:被|收到|经)$")
_REVIEW = re.compile(r"复议|诉讼|发布|公布|来源|转载")


@dataclass(frozen=True)
class Candidate:
    role: Role
    start: int
    end: int
    text: str
    features: tuple[str, ...] = field(default=(), compare=False)


def _char_class(ch: str) -> str:
    if ch == "":
        return "^"
    if ch == "\n":
        return "nl"
    if ch in ":|":
        return "colon"
    if ch in ",;、。":
        return "punct"
    if ch in "()《》“”\"'":
        return "bracket"
    if ch.isdigit():
        return "digit"
    if _CJK.match(ch):
        return "cjk"
    return "other"


def _bucket(value: float, edges: Iterable[float]) -> int:
    return sum(1 for e in edges if value >= e)


@cache
def _suffixes() -> tuple[re.Pattern[str], re.Pattern[str]]:
    org = regex("organisations.jsonl", "kind", "org_suffix")
    auth = regex("organisations.jsonl", "kind", "authority_suffix")
    return re.compile(f"(?:{org.pattern})$"), re.compile(f"(?:{auth.pattern})$")


def _suffix_class(name: str, pattern: re.Pattern[str]) -> str:
    m = pattern.search(name)
    return "none" if m is None else m.group()[-2:]


def _line_of(text: str, start: int) -> tuple[int, int]:
    a = text.rfind("\n", 0, start) + 1
    b = text.find("\n", start)
    return a, len(text) if b < 0 else b


def _starts(text: str, end: int, ok: object) -> list[int]:
    """Start positions of a name ending at `end`: the CJK run back to a boundary, every start."""
    out = []
    lo = end
    while lo > 0 and end - lo < _RUN_BACK and text[lo - 1] not in _BOUNDARY:
        lo -= 1
    for s in range(lo, end - 1):
        if callable(ok) and ok(text[s:end]):
            out.append(s)
    return out


def candidates(text: str) -> list[Candidate]:
    """Every organisation-, person- and authority-shaped span of `text` (the normalised view)."""
    found: dict[tuple[Role, int, int], None] = {}
    org = regex("organisations.jsonl", "kind", "org_suffix")
    auth = regex("organisations.jsonl", "kind", "authority_suffix")
    for m in re.finditer(f"(?=({org.pattern}))", text):
        e = m.start() + len(m.group(1))
        for s in _starts(text, e, recognise.is_organisation):
            found[("party", s, e)] = None
    for m in recognise._person_re().finditer(text):
        s, e = m.start(), m.end()
        for end in range(s + 2, e + 1):
            if recognise.is_person(text[s:end]):
                found[("party", s, end)] = None
    for m in re.finditer(f"(?=({auth.pattern}))", text):
        e = m.start() + len(m.group(1))
        for s in _starts(text, e, recognise.is_authority):
            found[("authority", s, e)] = None
    return [Candidate(role, s, e, text[s:e]) for role, s, e in found]


def features(text: str, cand: Candidate, rank: int) -> tuple[str, ...]:
    """Generic features of one candidate (strings; weights are learned per feature)."""
    s, e, name = cand.start, cand.end, cand.text
    org_end, auth_end = _suffixes()
    r = cand.role
    f = [f"{r}:bias"]
    before = text[max(0, s - 2) : s]
    after = text[e : e + 2]
    f.append(f"{r}:b1={before[-1:]}")
    f.append(f"{r}:b2={before}")
    f.append(f"{r}:a1={after[:1]}")
    f.append(f"{r}:a2={after}")
    f.append(f"{r}:bclass={_char_class(before[-1:])}")
    f.append(f"{r}:aclass={_char_class(after[:1])}")
    f.append(f"{r}:len={_bucket(len(name), (3, 4, 6, 9, 13, 20))}")
    f.append(f"{r}:pos={_bucket(s / max(1, len(text)), (0.05, 0.1, 0.2, 0.4, 0.7))}")
    f.append(f"{r}:abs={_bucket(s, (50, 150, 300, 600, 1000))}")
    f.append(f"{r}:rank={min(rank, 5)}")
    f.append(f"{r}:repeat={min(text.count(name), 4)}")
    if recognise.is_organisation(name):
        f.append(f"{r}:org_suffix={_suffix_class(name, org_end)}")
    if recognise.is_person(name):
        f.append(f"{r}:person")
        f.append(f"{r}:masked={bool(re.search(r'[*×xX某]', name))}")
    if recognise.is_authority(name):
        f.append(f"{r}:auth_suffix={_suffix_class(name, auth_end)}")
    a, b = _line_of(text, s)
    line = text[a:b]
    f.append(f"{r}:line_table={'|' in line}")
    f.append(f"{r}:line_alone={line.strip('|: ') == name}")
    f.append(f"{r}:line_start={s == a}")
    f.append(f"{r}:line_title={'决定书' in line}")
    nxt = text[b + 1 : text.find(chr(10), b + 1) if text.find(chr(10), b + 1) > 0 else len(text)]
    f.append(f"{r}:next_date={DATE_RE.fullmatch(nxt.strip()) is not None}")
    for label in ("PARTY", "AUTHORITY", "REP"):
        lab = regex("labels.jsonl", "label", label)
        if any(m.end() >= s - 3 for m in lab.finditer(text, max(0, s - 14), s)):
            f.append(f"{r}:label={label}")
    f.append(f"{r}:act_after={_ACT_AFTER.search(text[e : e + 6]) is not None}")
    f.append(f"{r}:act_before={_ACT_BEFORE.search(text[max(0, s - 3) : s]) is not None}")
    f.append(f"{r}:review_near={_REVIEW.search(text[max(0, s - 8) : e + 8]) is not None}")
    near = [abs(m.start() - s) for m in _PENALTY_WORD.finditer(text, max(0, s - 200), e + 200)]
    f.append(f"{r}:penalty_dist={_bucket(min(near) if near else 999, (5, 15, 40, 100, 200))}")
    f.append(f"{r}:in_quote={text.rfind('《', 0, s) > text.rfind('》', 0, s)}")
    return tuple(f)


def featurize(text: str) -> list[Candidate]:
    out: list[Candidate] = []
    ranks: dict[Role, int] = {}
    for cand in sorted(candidates(text), key=lambda c: (c.start, c.end, c.role)):
        rank = ranks.get(cand.role, 0)
        ranks[cand.role] = rank + 1
        out.append(Candidate(cand.role, cand.start, cand.end, cand.text, features(text, cand, rank)))
    return out


@dataclass
class Scorer:
    """Logistic regression over candidate features; `weights` maps feature → weight."""

    weights: dict[str, float]
    threshold: float = 0.5
    ratio: float = 0.5
    meta: dict[str, object] = field(default_factory=dict)

    def probability(self, cand: Candidate) -> float:
        z = sum(self.weights.get(x, 0.0) for x in cand.features)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def predict(self, text: str) -> tuple[tuple[int, int] | None, list[tuple[int, int]]]:
        """(authority range or None, party ranges) in `text`."""
        scored = [(self.probability(c), c) for c in featurize(text)]
        auth = [(p, c) for p, c in scored if c.role == "authority"]
        authority = None
        if auth:
            p, best = max(auth, key=lambda pc: (pc[0], -pc[1].start))
            if p >= self.threshold:
                authority = (best.start, best.end)
        # Parties: the best candidate when it clears the threshold, then every other distinct,
        # non-overlapping name within `ratio` of it (multi-party decisions).
        chosen: list[tuple[float, Candidate]] = []
        seen: set[str] = set()
        ranked = sorted(
            ((p, c) for p, c in scored if c.role == "party"), key=lambda pc: (-pc[0], pc[1].start)
        )
        top = ranked[0][0] if ranked else 0.0
        for p, c in ranked:
            if p < self.threshold or p < top * self.ratio or c.text in seen:
                continue
            if any(c.start < o.end and o.start < c.end for _, o in chosen):
                continue
            chosen.append((p, c))
            seen.add(c.text)
        return authority, [(c.start, c.end) for _, c in sorted(chosen, key=lambda pc: pc[1].start)]

    def to_json(self) -> str:
        rows = {k: round(v, 6) for k, v in sorted(self.weights.items()) if abs(v) >= 1e-6}
        data = {"meta": self.meta, "ratio": self.ratio, "threshold": self.threshold, "weights": rows}
        return json.dumps(data, ensure_ascii=False, indent=0, sort_keys=True) + "\n"

    @classmethod
    def load(cls, path: Path) -> Scorer:
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(dict(data["weights"]), float(data["threshold"]), float(data["ratio"]), dict(data["meta"]))
