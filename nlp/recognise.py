"""Recognisers for the things a decision is about, independent of any label or layout.

- organisations by their suffix grammar (…有限公司, …分行, …诊所, …店, masked 滴滴**公司),
- persons by the surname list and masked forms (李某某, 陈**, 蔡XX, 欧某),
- deciding bodies by the grammar of authority names (region + 局/海关/中心支行/人民政府 …),

and the role cues of narrative and summary texts that decide which of them is the party and
which the decision-maker: `X(近日)对Y(…的行为)作出/给予/处以…`, `Y因…被(X)处以/查处…` (the
clause nearest before 被 first; a person after a role word: 时任董事长周某某), `经查,Y…`,
`Y于2024年…` opening the facts, `收到X《行政处罚决定书》`, `不服X作出的…决定`. A body named only
as 复议机关, as an inspecting unit (X执法人员) or as publisher (发布/公布) carries none of them.
Vocabularies are data (nlp/patterns/names.jsonl, organisations.jsonl); this is the machinery.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from nlp.resources import load, regex, words

_RUN = re.compile(r"[\u4e00-\u9fff()*×＊A-Za-z]{2,60}")  # XX市某某有限公司, 欢乐谷KTV: masks, Latin
# Verbs that end a name inside an unpunctuated run: X公司作出…, Y因…被…
_NAME_STOP = re.compile(
    r"作出|给予|处以|责令|被|因|存在|违反|涉嫌|未按|未经|擅自|依法|决定|于\d|在|对|把|将|向(?!阳)"
)
_PENALTY_CUE = r"(?:依法)?(?:作出|给予|处以|并处|处罚款|罚款|警告|责令|没收|予以)"
_AUTHORITY_CUE = r"(?:依法)?(?:对|决定|作出|给予|处以|查处|立案查处)"

# Time words between the body and its act: X近日对Y…, X于2024年3月对Y…
_WHEN = r"(?:近日|日前|近期|今年|此前|于[\d〇零一二三四五六七八九十]{2,4}年[^,;。对]{0,10}?)?"
_LEAD_WORDS = r"经|由|现|并由|后|但|被"  # not 遂/故: 遂宁市, 故城县
# What opens the facts: 经查,Y… / 现查明:Y… / 经调查,Y…
_FACTS_CUE = re.compile(
    r"(?:经查明?|现查明|经调查(?:核实)?|经核查|经检查|调查发现|检查发现|查明|(?:中|时)发现)[,:]?"
)
# Acts that follow a party in a sentence of facts or of a decision
_ACT_AFTER = re.compile(
    r"于|在|未|因|擅自|存在|违反|涉嫌|不按|没有|无证|超|将|把|从事|销售|经营|生产|使用|接纳|拒|对|作为|系|是|被|给予|处以|并处|作出|罚款|警告"
)


@cache
def _lead() -> re.Pattern[str]:
    """Words before a body's name at a clause start (经, 由, 日前, 近日…): not part of the name."""
    data = regex("organisations.jsonl", "kind", "lead").pattern
    return re.compile(rf"^(?:(?:{_LEAD_WORDS}|{data}),?)+")


@dataclass(frozen=True)
class Name:
    text: str
    start: int
    end: int
    kind: str | None  # "company", "person" or None (a short name: 道衡投资)


@cache
def _surnames() -> tuple[frozenset[str], tuple[str, ...]]:
    single = "".join(str(r["chars"]) for r in load("names.jsonl") if r.get("kind") == "surnames")
    return frozenset(single), words("names.jsonl", "compound_surnames")


@cache
def _person_re() -> re.Pattern[str]:
    single, compound = _surnames()
    mask = regex("names.jsonl", "kind", "mask").pattern
    head = "|".join([*compound, "[" + "".join(sorted(single)) + "]"])
    given = rf"(?:{mask})|[\u4e00-\u9fff](?:{mask})|[\u4e00-\u9fff]{{1,2}}"
    return re.compile(rf"(?:{head})(?:{given})")


def is_person(name: str) -> bool:
    """李某某, 陈**, 蔡XX, 欧某, 苏*忠, 刘建军: a surname and a (masked) given name, 2-4 chars."""
    if not 2 <= len(name) <= 5:
        return False
    masked = re.fullmatch(rf"[\u4e00-\u9fff](?:{regex('names.jsonl', 'kind', 'mask').pattern})", name)
    return _person_re().fullmatch(name) is not None or (masked is not None and "某" not in name[0])


def organisation_end(text: str, start: int, limit: int = 60) -> int | None:
    """End of the organisation name starting at `start`: the last organisation suffix in the
    unpunctuated run there (中国银行股份有限公司晋中市分行在… → …分行), or None."""
    run = _RUN.match(text, start, min(len(text), start + limit))
    if run is None:
        return None
    stop = _NAME_STOP.search(text, start + 2, run.end())
    end = stop.start() if stop else run.end()
    suffix = regex("organisations.jsonl", "kind", "org_suffix")
    best = None
    for m in re.finditer(rf"(?=({suffix.pattern}))", text[start:end]):
        best = start + m.start() + len(m.group(1))
    if best is None or best - start < 3 or text.count("(", start, best) != text.count(")", start, best):
        return None
    return best


def starts_with_verb(text: str, pos: int) -> bool:
    """当事人委托…公司 / 当事人在…场: what follows a role word is an act, not a name."""
    return (
        any(text.startswith(w, pos) for w in words("names.jsonl", "verb"))
        or text[pos] in "在于因未已将对向从与和被系是为经的所以"
    )


def is_organisation(name: str) -> bool:
    return organisation_end(name, 0, len(name)) == len(name)


def is_authority(name: str) -> bool:
    suffix = regex("organisations.jsonl", "kind", "authority_suffix")
    bad = regex("organisations.jsonl", "kind", "not_authority")
    return (
        re.fullmatch(r"[\u4e00-\u9fff]{3,40}", name) is not None
        and re.search(f"{suffix.pattern}$", name) is not None
        and bad.search(name) is None
    )


def _not_party(name: str) -> bool:
    return any(name.startswith(w) for w in words("names.jsonl", "not_party")) or name[0] in "于此该各本我被"


def classify(text: str, name: str, start: int, end: int) -> Name | None:
    """A span in a party role: an organisation, a person, or a short name used again."""
    if not name or _not_party(name) or (is_authority(name) and not is_organisation(name)):
        return None
    if is_organisation(name):
        return Name(name, start, end, "company")
    if is_person(name):
        return Name(name, start, end, "person")
    if re.fullmatch(r"[\u4e00-\u9fff]{3,8}", name) and text.count(name) >= 2:
        return Name(name, start, end, None)
    return None


@cache
def _roles() -> re.Pattern[str]:
    alternation = "|".join(sorted(words("names.jsonl", "person_role"), key=len, reverse=True))
    return re.compile(f"(?:时任|原|现任)?(?:该公司|公司|该行)?(?:{alternation})(?!的)")


def _role_word_end(text: str, pos: int) -> int:
    """驾驶人李某 / 经营者周某: skip a role word before a name."""
    m = _roles().match(text, pos)
    return pos if m is None else m.end()


_PLACE = re.compile(r"(?:[\u4e00-\u9fff]{1,8}?(?:省|市|县|区|镇|乡|街道|村)){1,4}(?=[\u4e00-\u9fff])")


def party_at(text: str, pos: int) -> Name | None:
    """The organisation or person whose name starts at `pos` (after a role word), or None.
    A person must be closed by punctuation or by an act (欧某在…, 王伟于…, 李某超速…)."""
    pos = _role_word_end(text, pos)
    end = organisation_end(text, pos)
    if end is not None:
        return classify(text, text[pos:end], pos, end)
    m = _person_re().match(text, pos)
    if m is None and (place := _PLACE.match(text, pos)):  # 某某县某某镇张某某因…: a person of a place
        pos = place.end()
        m = _person_re().match(text, pos)
    if m is None:
        return None
    for stop in range(m.end(), pos + 1, -1):
        name = text[pos:stop]
        closed = stop >= len(text) or text[stop] in ",;。:、()\n" or _ACT_AFTER.match(text, stop)
        if closed and is_person(name) and not _not_party(name):
            return Name(name, pos, stop, "person")
    return None


def _role_person(text: str, lo: int, hi: int) -> Name | None:
    """时任该行合规部负责人熊某因…: a person named right after a role word inside a clause."""
    for role in words("names.jsonl", "person_role"):
        at = text.find(role, lo, hi)
        if at >= 0 and (found := party_at(text, at)) is not None and found.kind == "person":
            return found
    return None


def sentence_end(text: str, pos: int) -> int:
    return min((i for c in "。\n" if (i := text.find(c, pos)) >= 0), default=len(text))


_SENTENCE_PENALTY = re.compile(r"作出|给予|处以|并处|罚款|处罚|警告|没收|责令|吊销|暂扣|拘留")


def addressed_parties(text: str, lo: int = 0, hi: int | None = None) -> list[Name]:
    """`对Y作出/给予/处以/责令…` in [lo, hi): every Y that is an organisation or a person, also
    when the act comes between (对Y销售过期食品的行为作出…, 对Y…一案依法作出…)."""
    found_at: dict[int, Name] = {}
    hi = len(text) if hi is None else hi
    pattern = re.compile(rf"(?:对|向)([^,;。:、\n对()]{{2,30}}?){_PENALTY_CUE}")
    for m in pattern.finditer(text, lo, hi):
        found = classify(text, m.group(1), m.start(1), m.end(1))
        if found:
            found_at.setdefault(m.start(), found)
    for m in re.finditer(r"(?:(?<![反针相绝面])对|查处)(?!于|此|其|该|上述|当事人|你|一)", text[:hi]):
        if m.start() < lo or m.start() in found_at:
            continue
        found = party_at(text, m.end())
        if found is None or found.kind is None:
            continue
        if m.group() == "查处" or _SENTENCE_PENALTY.search(text, found.end, sentence_end(text, found.end)):
            found_at[m.start()] = found
    out: list[Name] = []
    for _, found in sorted(found_at.items()):
        if found.text not in {n.text for n in out}:
            out.append(found)
    return out


def without_actor(name: str) -> int:
    """`X对Y…`: the offset of Y in a span that starts with the acting body X (0 if none)."""
    for m in re.finditer("对", name):
        if m.start() >= 3 and is_authority(_lead().sub("", name[: m.start()])):
            return m.end()
    return 0


def fact_subjects(text: str) -> list[Name]:
    """`经查,Y于…` / `现查明,Y未…`: the organisation or person opening the facts."""
    for m in _FACTS_CUE.finditer(text):
        found = party_at(text, m.end())
        if found is not None and found.kind is not None:
            return [found]
    for m in _DATED_LINE.finditer(text):  # 某某商行于2024年3月…: a paragraph of facts opens with Y
        found = party_at(text, m.start())
        if found is not None and found.kind is not None and text.startswith("于", found.end):
            return [found]
    return []


_DATED_LINE = re.compile(r"(?m)^(?=[\u4e00-\u9fff*]{2,40}?于(?:19|20)\d\d年)")


def passive_parties(text: str) -> list[Name]:
    """`Y在…/因…,被X处以…`: the organisation or person opening a clause of that sentence."""
    out: list[Name] = []
    passive = r"被(?:[\u4e00-\u9fff]{2,40}?)?(?:依法)?(?:处以|给予|罚款|处罚|作出|责令|查处|立案)"
    for m in re.finditer(passive, text):
        sentence = max(text.rfind(c, 0, m.start()) for c in "。\n") + 1
        # the clause nearest before 被 first: `X公布…,Y因…被处以` names X only as the publisher
        starts = [c.start() for c in re.finditer(r"(?:^|(?<=[,:]))", text[sentence : m.start()])]
        for clause in reversed(starts):
            pos = sentence + clause
            if pos >= m.start():
                continue
            pos += lead.end() if (lead := _lead().match(text, pos)) else 0
            found = party_at(text, pos) or _role_person(text, pos, m.start())
            if found is not None and found.kind is not None:
                if found.text not in {n.text for n in out}:
                    out.append(found)
                break
    return out


def masked_violators(text: str) -> list[Name]:
    """驾驶员李某某…不按照规定…: a masked person (李某某, 陈**) whose sentence states the
    violation. Masking is what publication does to a party's name, not to a witness's."""
    single, compound = _surnames()
    mask = regex("names.jsonl", "kind", "mask").pattern
    head = "|".join([*compound, "[" + "".join(sorted(single)) + "]"])
    person = re.compile(rf"(?:{head})(?:{mask})")
    roles = words("names.jsonl", "person_role")
    for m in person.finditer(text):
        end = m.end()
        inside = m.start() > 0 and re.match(r"[\u4e00-\u9fff]", text[m.start() - 1]) is not None
        if inside and not any(text.endswith(r, 0, m.start()) for r in roles):
            continue  # 环市中路某停车场: a surname character inside a word
        sentence_end = min((i for c in "。\n" if (i := text.find(c, end)) >= 0), default=len(text))
        if re.search(r"违法|违反|不按照?规定|未按规定|擅自|涉嫌", text[end:sentence_end]):
            return [Name(text[m.start() : end], m.start(), end, "person")]
    return []


_SUBORDINATE = re.compile(r"所属|下属|隶属|辖属")


def narrative_authority(text: str) -> tuple[int, int] | None:
    """The decision-maker of a narrative or summary: `X对Y给予…`, `X决定:`, `被X处以…`,
    `收到X《行政处罚决定书》`. Range in `text`, or None."""
    patterns = (
        rf"(?:^|(?<=[,。;:\n]))([\u4e00-\u9fff]{{3,40}}?){_WHEN}{_AUTHORITY_CUE}",
        rf"(?:^|(?<=[,。;:\n]))([\u4e00-\u9fff]{{3,40}}?){_WHEN}向[^,;。]{{2,30}}?作出",
        r"(?:^|(?<=[,。;:\n]))([\u4e00-\u9fff]{3,40}?)(?:依据|根据|依照)[^。]{0,120}?对[^,;。]{1,30}?(?:作出|给予|处以)",
        r"(?:^|(?<=[,。;:\n]))([\u4e00-\u9fff]{3,40}?)(?:依据|根据|依照)《[^。]{0,120}?(?:决定|作出|给予|处以|没收|并处)",
        r"被([\u4e00-\u9fff]{3,40}?)(?:依法)?(?:处以|给予|罚款|处罚|作出|责令|决定|查处|立案)",
        r"收到([\u4e00-\u9fff]{3,40}?)(?:作出的|出具的|下发的)?《?(?:行政)?处罚决定书",
        # 当事人不服X作出的…处罚决定,向Y申请复议: X decided, Y only reviews
        r"不服([\u4e00-\u9fff]{3,40}?)(?:于[^,。;]{0,14}?)?作出的",
        # a body-only copy: the body that opened the case decides it (X于2025年11月6日立案调查)
        r"(?:^|(?<=[,。;:\n]))([\u4e00-\u9fff]{3,40}?)(?:依法)?(?:于[\d〇零一二三四五六七八九十]{2,4}年[^,。;]{0,12}?)?(?:立案调查|立案)",
    )
    best: tuple[int, int] | None = None
    for pattern in patterns:
        for m in re.finditer(pattern, text):
            start = m.start(1) + (lead.end() if (lead := _lead().match(m.group(1))) else 0)
            if is_authority(text[start : m.end(1)]):
                if best is None or start < best[0]:
                    best = (start, m.end(1))
                break
    if best is not None and (sub := _SUBORDINATE.search(text, best[0], best[1])):
        best = (sub.end(), best[1])  # 某某海关所属某某机场海关: the subordinate office acts
    if best is not None:  # 云浮市烟草专卖局(以下简称云浮市局)…云浮市局依据…: the full name
        short = re.escape(text[best[0] : best[1]])
        full = re.search(rf"([\u4e00-\u9fff]{{3,40}})\((?:以下)?简称:?[“\"「『]?{short}[”\"」』]?\)", text)
        if full and is_authority(full.group(1)):
            return full.start(1), full.end(1)
        return _full_name(text, best)
    return best


def _full_name(text: str, found: tuple[int, int]) -> tuple[int, int]:
    """城关区综合行政执法局依据…: the same body is named in full elsewhere (兰州市城关区综合行政执法局
    接到举报…); the longest clause-initial form that ends in the short name is its name."""
    short = text[found[0] : found[1]]
    best = found
    for m in re.finditer(re.escape(short), text):
        lo = m.start()
        while lo > 0 and re.match(r"[\u4e00-\u9fff]", text[lo - 1]) and m.start() - lo < 12:
            lo -= 1
        if lo > 0 and re.match(r"[\u4e00-\u9fff]", text[lo - 1]):
            continue  # inside a longer run: no clause start found
        lead = _lead().match(text[lo : m.start()])
        lo += lead.end() if lead else 0
        prefix = text[lo : m.start()]
        if re.search(r"[被因对向由经将在于为的和与及]", prefix) or _SUBORDINATE.search(prefix):
            continue  # …收费被X / 因…对X: words of a sentence, not of a region
        if m.end() - lo > best[1] - best[0] and is_authority(text[lo : m.end()]):
            best = (lo, m.end())
    return best
