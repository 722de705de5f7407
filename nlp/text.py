"""Normalised view of a decision text with a map back to the original characters.

Rules match on one canonical form (half-width, simplified, no spaces, no Pinyin glosses) while
every extracted value is cut from the original text, so a reviewer sees the verbatim string
(traditional characters, stray spaces and all) and its offsets.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import opencc

# Mirrors inject tone-marked Pinyin after characters: 生產(chǎn), 監(jiān). A gloss needs at least
# one tone letter, so ordinary Latin in parentheses (GB11652-2012, FOB价) is kept.
_GLOSS = re.compile(r"\([a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]*\)")
_HSPACE = frozenset(" \t\r\u3000\u00a0\u2002\u2003\u2009\u200b\ufeff")
# NFKC would also rewrite 〔〕 lookalikes and ligatures; we only fold the ASCII block and a few
# punctuation marks whose half-width twin the rules use.
_PUNCT = str.maketrans(
    {"（": "(", "）": ")", "：": ":", "，": ",", "；": ";", "　": " ", "﹝": "〔", "﹞": "〕"}
)


@lru_cache(maxsize=1)
def _pinyin_words() -> tuple[re.Pattern[str], dict[str, str]]:
    """Sites that censor keywords write them in Pinyin (xingzhengchufa决定书): word → Hanzi."""
    from nlp.resources import load

    table = {str(r["word"]): str(r["hanzi"]) for r in load("noise.jsonl") if r.get("kind") == "pinyin_word"}
    alternation = "|".join(sorted(map(re.escape, table), key=len, reverse=True))
    return re.compile(rf"(?<![A-Za-z])(?:{alternation})(?![A-Za-z])"), table


def _depinyin(text: str) -> str:
    pattern, table = _pinyin_words()
    return pattern.sub(lambda m: table[m.group()], text)


@lru_cache(maxsize=1)
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def fold_width(text: str) -> str:
    """Full-width ASCII → half-width; everything else unchanged (length-preserving)."""
    out = []
    for ch in text:
        code = ord(ch)
        if 0xFF01 <= code <= 0xFF5E:
            out.append(chr(code - 0xFEE0))
        else:
            out.append(ch)
    return "".join(out).translate(_PUNCT)


def to_simplified(text: str) -> str:
    """t2s; falls back to character-wise conversion when a phrase rule changes the length."""
    converted: str = _converter().convert(text)
    if len(converted) == len(text):
        return converted
    return "".join(c if len(c := _converter().convert(ch)) == 1 else ch for ch in text)


def canonical(text: str) -> str:
    """The comparison form used by the evaluation: width-fold, t2s, glosses and whitespace removed."""
    folded = to_simplified(fold_width(unicodedata.normalize("NFC", text)))
    folded = _depinyin(_GLOSS.sub("", folded))
    return "".join(ch for ch in folded if not ch.isspace())


@dataclass(frozen=True)
class Normalized:
    """`text` is the rule view; `origin[i]` is the index in `original` of `text[i]`.

    Horizontal whitespace is dropped (OCR splits numbers and words with spaces) but remembered
    in `gap[i]` (a space preceded `text[i]`), which name rules use as a field boundary.
    """

    original: str
    text: str
    origin: tuple[int, ...]
    gap: tuple[bool, ...]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original [start, end) of the normalised range [start, end)."""
        if end <= start:
            pos = self.origin[start] if start < len(self.origin) else len(self.original)
            return pos, pos
        return self.origin[start], self.origin[end - 1] + 1

    def verbatim(self, start: int, end: int) -> str:
        a, b = self.span(start, end)
        return self.original[a:b]


_CN_ZERO = re.compile(r"(?<=[〇零一二三四五六七八九])0(?=[〇零一二三四五六七八九])")


def normalize(original: str) -> Normalized:
    # 二0二三年: an Arabic zero typed among Chinese numerals is 〇 (length-preserving)
    simple = _CN_ZERO.sub("〇", to_simplified(fold_width(original)))
    keep = [True] * len(simple)
    for m in _GLOSS.finditer(simple):
        for i in range(m.start(), m.end()):
            keep[i] = False
    chars: list[str] = []
    origin: list[int] = []
    gap: list[bool] = []
    pending_gap = False
    words, table = _pinyin_words()
    replaced = {m.start(): m for m in words.finditer(simple)} if "a" in simple or "e" in simple else {}
    skip_to = 0
    for i, ch in enumerate(simple):
        if i < skip_to or not keep[i]:
            continue
        if i in replaced:  # a Pinyin keyword: its Hanzi, spread over the word's characters
            m = replaced[i]
            hanzi = table[m.group()]
            last = len(hanzi) - 1
            for k, h in enumerate(hanzi):
                chars.append(h)
                origin.append(i + (k * (len(m.group()) - 1)) // max(1, last))
                gap.append(pending_gap and k == 0)
            pending_gap = False
            skip_to = m.end()
            continue
        if ch in _HSPACE:
            pending_gap = True
            continue
        chars.append(ch)
        origin.append(i)
        gap.append(pending_gap)
        pending_gap = False
    return Normalized(original, "".join(chars), tuple(origin), tuple(gap))


_QUOTE_OPENERS = frozenset(":,、(条款项“")
_STATUTE_WORDS = re.compile(r"[罚元处条款项规定依法责令没收吊销暂扣拘留应当的,;。…]")


def _statute_like(inner: str) -> bool:
    """Quoted law is a clause; a quoted name is short and has none of the clause words."""
    return len(inner) > 12 or _STATUTE_WORDS.search(inner) is not None


def quote_mask(text: str) -> str:
    """Replace quoted statute text (“…”, "…", 「…」) by '□' so rules do not read quoted law as
    the decision itself (ranges like 一万元以上三万元以下罚款 live there). Length-preserving.

    Straight quotes are paired heuristically: one opens only after a colon, comma or a
    citation (第X条"…); a stray closing quote from a cut-off page is left alone.
    """
    out = list(text)
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        close = {"“": "”", "「": "」"}.get(ch)
        if close is None and ch == '"' and i > 0 and text[i - 1] in _QUOTE_OPENERS:
            close = '"'
        if close is None:
            i += 1
            continue
        j = text.find(close, i + 1)
        if j < 0:  # an open quote at a cut-off runs to the end of its paragraph (a stray one too)
            j = text.find("\n", i + 1)
            j = n - 1 if j < 0 else j - 1
        if not _statute_like(text[i + 1 : j]):
            i = j + 1  # a product, brand or project name: 没收“复方甘草片”48盒 stays readable
            continue
        for k in range(i, j + 1):
            out[k] = "□"
        i = j + 1
    return "".join(out)


def title_mask(text: str) -> str:
    """Replace the inside of 《…》 by '＿' (law names must not feed penalty or scope rules)."""
    return re.sub(r"《[^《》\n]{1,80}》", lambda m: "《" + "＿" * (len(m.group()) - 2) + "》", text)


# Mojibake: UTF-8 bytes decoded as GBK (浜烘皯 for 人民) or as Latin-1/cp1252 (äººæ°' for 人民).
_GBK_RUN = re.compile(r"[^\x00-\x7f\s]{3,}")
_CP1252 = "\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122"
_LATIN_RUN = re.compile(rf"[\u0080-\u00ff{_CP1252}]{{2,}}")
_HANZI = re.compile(r"[\u4e00-\u9fff]")


def _redecode(run: str, encoding: str) -> str | None:
    """The run's bytes in `encoding` read as UTF-8, when that succeeds strictly and yields Hanzi."""
    try:
        head = run[:2].encode(encoding)
        # UTF-8 Hanzi start with E3-E9 then a continuation byte: most runs fail here, cheaply
        if not (0xE3 <= head[0] <= 0xE9 and 0x80 <= head[1] <= 0xBF):
            return None
        fixed = run.encode(encoding).decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return None
    return fixed if len(_HANZI.findall(fixed)) >= 2 and len(fixed) < len(run) else None


def repair_mojibake(text: str) -> tuple[str, int]:
    """Undo UTF-8 read as GBK or Latin-1 where the repair is unambiguous: a whole run of
    non-ASCII characters re-decodes strictly (a lossy run with '?' or a lone byte is left as
    it is, since its true characters cannot be known). Returns the text and the number of runs
    repaired. Ordinary Chinese text practically never re-decodes as a whole run."""
    count = 0
    for pattern, encodings in ((_LATIN_RUN, ("cp1252", "latin-1")), (_GBK_RUN, ("gbk",))):
        pieces: list[str] = []
        last = 0
        for m in pattern.finditer(text):
            fixed = next((f for e in encodings if (f := _redecode(m.group(), e)) is not None), None)
            if fixed is not None:
                pieces.append(text[last : m.start()] + fixed)
                last = m.end()
                count += 1
        if pieces:
            text = "".join(pieces) + text[last:]
    return text, count
