"""Document numbers (文号): 岳环罚决字〔2021〕136号 and every bracket and OCR variant.

Works on the normalised view (no spaces, half-width, simplified). The grammar: a prefix of
issuer/kind characters, a bracketed year, a serial and 号. Brackets come as 〔〕 [] () ﹝﹞ 【】
{} or lose their closing half in OCR (益执罚决字〔202330018号); the serial may be masked (xxx)
or carry a unit (执法二中队-9).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

_OPEN = "〔[(【{<"
_CLOSE = "〕])】}>"
CORE_RE = re.compile(
    r"[" + re.escape(_OPEN) + r"](?P<year>(?:19|20)\d{2})(?:[" + re.escape(_CLOSE) + r"]|(?=\d))"
    r"第?(?P<serial>[0-9A-Za-z*×\-\u4e00-\u9fff]{1,12}?)号"
)
# Some issuers write the year into the serial instead of brackets: 潭统执罚字第2024003号. Only
# accepted with a penalty word in the prefix (罚/处/违), so 卫食证字第2024003号 licences stay out.
NO_BRACKET_RE = re.compile(r"第(?P<year>(?:19|20)\d{2})(?P<serial>\d{2,6})号")
_PENALTY_PREFIX = re.compile(r"[罚处违]")
_PREFIX_CHAR = re.compile(r"[\u4e00-\u9fff0-9A-Za-z()]")
# A title or label ends right before a number starts: …决定书(湘株醴)应急罚…, 文号:…
# A verb before a number makes it the object of a sentence (本局决定撤销X罚〔2023〕386号): the
# verb is not part of the prefix, and `decision_number` treats such numbers as references.
_PREFIX_CUT = ("决定书", "告知书", "书", "号", "文号", "编号", "决定", "撤销", "变更", "作出")


@dataclass(frozen=True)
class DocNumber:
    start: int  # in the normalised text
    end: int
    prefix: str
    year: int
    serial: str


def _trim_prefix(prefix: str) -> str:
    for cut in _PREFIX_CUT:
        pos = prefix.rfind(cut)
        if pos >= 0:
            prefix = prefix[pos + len(cut) :]
    # An unmatched '(' belongs to the surrounding text: 决定书((益)食药监行罚〔…〕…号)
    depth_open: list[int] = []
    last_unmatched = -1
    for i, ch in enumerate(prefix):
        if ch == "(":
            depth_open.append(i)
        elif ch == ")":
            if depth_open:
                depth_open.pop()
            else:
                last_unmatched = i
    if depth_open:
        last_unmatched = max(last_unmatched, depth_open[-1])
    return prefix[last_unmatched + 1 :]


def find_numbers(text: str, max_prefix: int = 20) -> list[DocNumber]:
    """Every document number in `text` (normalised view), in order."""
    found: list[DocNumber] = []
    matches = [(m, False) for m in CORE_RE.finditer(text)]
    matches += [(m, True) for m in NO_BRACKET_RE.finditer(text)]
    for m, bare in sorted(matches, key=lambda pair: pair[0].start()):
        start = m.start()
        while start > 0 and m.start() - start < max_prefix and _PREFIX_CHAR.match(text[start - 1]):
            start -= 1
        prefix = _trim_prefix(text[start : m.start()])
        if not prefix or not re.search(r"[\u4e00-\u9fff]", prefix):
            continue
        if bare and not _PENALTY_PREFIX.search(prefix):
            continue
        serial = m.group("serial")
        if re.search(r"[\u4e00-\u9fff]", serial) and not re.search(r"[0-9xX*]", serial):
            continue  # 〔2021〕年度号 and the like: not a serial
        found.append(DocNumber(m.start() - len(prefix), m.end(), prefix, int(m.group("year")), serial))
    return found


def is_penalty_number(number: DocNumber, reject: Sequence[str]) -> bool:
    """False for numbers of other documents (告知书, 责令改正, 强制措施, 函, 发文 …)."""
    return not any(word in number.prefix for word in reject)


def canonical_number(text: str) -> str:
    """Bracket-insensitive comparison key: 黔建字[2026]8号 and 黔建字〔2026〕8号 → same key."""
    folded = re.sub(r"\s+", "", text)
    return re.sub(
        r"[" + re.escape(_OPEN + "﹝") + r"]",
        "〔",
        re.sub(r"[" + re.escape(_CLOSE + "﹞") + r"]", "〕", folded),
    )
