"""Parties (当事人) and their identifiers, from the head of a decision.

Forms seen in the genre: labelled lines (当事人:X / 被处罚单位:X(统一社会信用代码:…)), one
run-on sentence (X,法定代表人:Y,统一社会信用代码:Z), an addressee line (X:), a bare name line
under the number, a case name (案件名称: X允许…案) and 、-separated lists of many parties.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from graph.legal import codes
from graph.legal.values import Invalid
from nlp import layout, recognise
from nlp.resources import Found, regex
from nlp.text import Normalized

_BOUNDARY = "\n,;。:、(|》"
_COLON = ":|"  # captured HTML tables give "| 统一社会信用代码 | 9144… |"
_NAME_STOP = re.compile(r"[\n,;。:|]")
_MASKED = re.compile(r"[0-9A-Za-z*×]{3,25}")
_CODE_CHAR = re.compile(r"[0-9A-Za-z*×]")
_PERSON = re.compile(r"[\u4e00-\u9fff·*xX某]{1,10}")
HEAD_CHARS = 700  # party details follow the party line closely; facts start after


@dataclass
class Party:
    name: Found
    kind: str | None = None
    uscc: Found | None = None
    legal_rep: Found | None = None
    id_number: Found | None = None
    address: Found | None = None
    context: str = field(default="", repr=False)


def _at_boundary(norm: Normalized, pos: int) -> bool:
    return pos == 0 or norm.text[pos - 1] in _BOUNDARY or norm.gap[pos]


def _labelled(norm: Normalized, label: str, start: int, end: int) -> list[tuple[int, int]]:
    """(label start, value start) of `label` occurrences in [start, end) at a field boundary."""
    out = []
    for m in regex("labels.jsonl", "label", label).finditer(norm.text, start, end):
        if not _at_boundary(norm, m.start()):
            continue
        value = m.end()
        paren = re.match(r"\([^()\n]{0,8}[\u4e00-\u9fff][^()\n]{0,8}\)", norm.text[value:])
        if paren:
            value += paren.end()
        if norm.text.startswith("姓名", value):  # 双公示 columns: 法定代表人(负责人)姓名
            value += 2
        if norm.text.startswith("为:", value):  # 法定代表人为:Y
            value += 1
        out.append((m.start(), value))
    return out


def _letter_spaced(norm: Normalized, start: int, i: int) -> bool:
    """曾 国 良: a value whose every character so far is set apart by a space (spaced layout or
    OCR) continues over the next space while single characters keep following."""
    return (
        i - start <= 4
        and all(norm.gap[k] for k in range(start + 1, i))
        and re.match(r"[\u4e00-\u9fff]", norm.text[i]) is not None
        and (i + 1 >= len(norm.text) or norm.gap[i + 1] or norm.text[i + 1] in "\n,;。")
    )


_FIELD_AHEAD = re.compile(r"[\u4e00-\u9fff()]{2,10}[:|]")


def _pdf_spaced(norm: Normalized, start: int, i: int, person: bool = False) -> bool:
    """某某 有限 公司 / 张 三: PDF extraction sets spaces between CJK characters of one name. The
    value continues over such a space while what is read so far is not yet a whole name (an
    organisation with its suffix, a person) and no new field (法定代表人:) begins there."""
    text = norm.text
    start = max(start, text.rfind("、", start, i) + 1)  # a 、-list: the item being read
    value = text[start:i]
    if not (
        0 < i - start < 40
        and re.match(r"[\u4e00-\u9fff]", text[i]) is not None
        and re.search(r"[\u4e00-\u9fff)]$", value) is not None
        and not recognise.is_organisation(value)
        and regex("labels.jsonl", "label", "REP").match(text, i) is None
    ):
        return False
    ahead = _FIELD_AHEAD.match(text, i)
    if ahead is not None and not any(norm.gap[k] for k in range(i + 1, ahead.end())):
        return False  # 法定代表 人: a new field (its own spaces aside: those are checked above)
    org_end = None if person else recognise.organisation_end(text, start)
    if org_end is not None and org_end > i:
        return True  # 武汉明 凯建筑 工程有 限公司: the name runs on to its suffix
    return not (recognise.is_person(value) and (len(value) >= 3 or text[i] in "男女汉"))


def _value_end(
    norm: Normalized,
    start: int,
    limit: int,
    stop: re.Pattern[str] = _NAME_STOP,
    parens: bool = False,
    code: bool = False,
    name: bool = False,
    person: bool = False,
) -> int:
    """`parens`: addresses keep (…) and inner spaces; `code`: an identifier split by an OCR
    space (9133000070 45882L3A) continues while the characters are code characters."""
    text = norm.text
    i = start
    while i < min(limit, len(text)):
        if code and _CODE_CHAR.match(text[i]) is None:
            break
        if (
            i > start
            and norm.gap[i]
            and not code
            and not _letter_spaced(norm, start, i)
            and not (name and _pdf_spaced(norm, start, i, person))
            and (not parens or re.match(r"[\u4e00-\u9fff]{2,6}:", text[i:]))
        ):
            break
        if stop.match(text[i]):
            break
        if text[i] == "(" and not parens:
            close = text.find(")", i)
            # (北京)有限公司 is part of a name; (统一社会信用代码…) and (个体经营者) are not
            if close < 0 or close + 1 >= len(text) or not re.match(r"[\u4e00-\u9fff]", text[close + 1]):
                break
            i = close + 1
            continue
        i += 1
    return i


def _code_continues(norm: Normalized, start: int, end: int) -> int:
    """A USCC is 18 characters; PDF/OCR captures break it over a line (91430302MA4 / L8KQ21X).
    The next line continues it when it holds exactly the missing code characters."""
    text = norm.text
    missing = 18 - (end - start)
    if not 0 < missing < 18 or not text.startswith("\n", end):
        return end
    tail = re.match(r"[0-9A-Z]+(?=\n|$)", text[end + 1 :])
    return end + 1 + missing if tail and len(tail.group()) == missing else end


def _found(norm: Normalized, start: int, end: int) -> Found | None:
    while end > start and norm.text[end - 1] in " ),.":
        if norm.text[end - 1] == ")" and norm.text.count("(", start, end) >= norm.text.count(")", start, end):
            break
        end -= 1
    if end <= start:
        return None
    return Found(norm.verbatim(start, end), start, end)


def _names_from_label(norm: Normalized) -> list[tuple[Found, int]]:
    """Names after the first party label; a 、-list gives several names on one label."""
    for _, value in _party_labels(norm):
        start = value + len(re.match(r"[:|]*", norm.text[value:]).group())  # type: ignore[union-attr]
        end = _value_end(norm, start, start + 4000, re.compile(r"[\n,;。:|]"), name=True)
        if norm.text.startswith("|", end) and regex("labels.jsonl", "label", "HEADER").fullmatch(
            norm.text, start, end
        ):
            continue  # 当事人 | 违法行为 | …: a header row; the values are in the rows below
        out, pos = [], start
        for part in norm.text[start:end].split("、"):
            found = _found(norm, pos, pos + len(part))
            if found:
                out.append((found, end))
            pos += len(part) + 1
        if out:
            return out
    return []


def _party_labels(norm: Normalized) -> list[tuple[int, int]]:
    """(label start, colon position) of every party label followed by a colon."""
    return [
        (label, value)
        for label, value in _labelled(norm, "PARTY", 0, len(norm.text))
        if value < len(norm.text) and (norm.text[value] in _COLON or _spaced_value(norm, label, value))
    ]


def _spaced_value(norm: Normalized, label: int, value: int) -> bool:
    """行政相对人名称 某某超市: a summary row whose label and value are set apart by a space; the
    label opens its line and the value is a whole name on its own (当事人 应当自… is prose)."""
    text = norm.text
    if not norm.gap[value] or not (label == 0 or text[label - 1] in "\n|"):
        return False
    found = recognise.party_at(text, value)
    return found is not None and found.kind is not None and text[found.end : found.end + 1] in ("", "\n", "|")


def _more_parties(norm: Normalized, first: Found, after: int) -> list[tuple[Found, int, int]]:
    """当事人一:X … 当事人二:Y: every further label at a line start before the facts begins its
    own block; (name, name end, block end) for all parties, the first one included."""
    text = norm.text
    blocks: list[tuple[Found, int, int]] = []
    current, current_after = first, after
    for label, value in _party_labels(norm):
        if label <= first.start or label >= _head_end(text, current_after):
            continue
        if label > 0 and text[label - 1] != "\n":
            continue
        start = value + 1
        found = _found(norm, start, _value_end(norm, start, start + 200, name=True))
        if found is None or found.value == current.value:
            continue
        blocks.append((current, current_after, label))
        current, current_after = found, found.end
    blocks.append((current, current_after, _head_end(text, current_after)))
    return blocks


def _names_fallback(norm: Normalized) -> list[tuple[Found, int]]:
    text = norm.text
    org = regex("organisations.jsonl", "kind", "org_suffix").pattern
    # An addressee line "X:" in the head.
    # Tax and customs add the identifier: X(纳税人识别号:91…):
    for m in re.finditer(r"(?m)^([^\s:,。|()]{2,60})(?:\([^()\n]{4,40}\))?:$", text[:1500]):
        name = m.group(1)
        # 蔡XX:\n你于…: a person addressed as 你 on the next line
        person = recognise.is_person(name) and text.startswith("\n你", m.end())
        if re.search(f"{org}$", name) or person:
            return [(Found(norm.verbatim(m.start(1), m.end(1)), m.start(1), m.end(1)), m.end())]
    # A heading "当事人基本情况" with the person on the next line: 戴**,男,汉族,身份证:…
    for m in re.finditer(r"当事人(?:的)?基本(?:情况|信息):?\n([^\n,,(]{1,30})[,,(]", text):
        return [(Found(norm.verbatim(m.start(1), m.end(1)), m.start(1), m.end(1)), m.end(1))]
    # A case name "X(违法行为)案": the longest leading name ending in an organisation suffix.
    for _, value in _labelled(norm, "CASE_NAME", 0, len(text)):
        start = value + len(re.match(r"[:|\n]*", text[value:]).group())  # type: ignore[union-attr]
        line = text[start : text.find("\n", start) if "\n" in text[start:] else len(text)]
        best = None
        for m in re.finditer(org, line):
            if m.end() < len(line) - 1:
                best = m.end()
        if best:
            return [(Found(norm.verbatim(start, start + best), start, start + best), start + best)]
    # A name opening a line, then its details: X,法定代表人为:Y / X(统一社会信用代码:…).
    details = r"(?=[,(\n](?:法定代表人|负责人|经营者|统一社会信用|住所|地址))"
    for m in re.finditer(rf"(?m)^(?:名称:)?([\u4e00-\u9fff()]{{3,40}}?{org}){details}", text[:1500]):
        start = m.start(1) + recognise.without_actor(m.group(1))  # X局对Y(经营者:…): Y
        return [(Found(norm.verbatim(start, m.end(1)), start, m.end(1)), m.end(1))]
    # 当事人X公司通过… : the label without a colon, directly before an organisation name.
    for m in re.finditer(r"当事人(?=[\u4e00-\u9fff])", text):
        end = recognise.organisation_end(text, m.end())
        if (
            end is not None
            and recognise.is_organisation(text[m.end() : end])
            and not recognise.starts_with_verb(text, m.end())
        ):
            return [(Found(norm.verbatim(m.end(), end), m.end(), end), end)]
    # A bare name line right under the decision number.
    for m in re.finditer(rf"(?m)^([\u4e00-\u9fff()]{{4,40}}{org})$", text[:1500]):
        prev = text[: m.start()].rstrip("\n").rsplit("\n", 1)[-1]
        if re.search(r"号$", prev):
            return [(Found(norm.verbatim(m.start(1), m.end(1)), m.start(1), m.end(1)), m.end())]
    return []


def _field(
    norm: Normalized, label: str, start: int, end: int, value_re: re.Pattern[str], name: bool = False
) -> Found | None:
    """The first value of `label` in [start, end). Without a colon, a name must be short and
    closed by punctuation (投资人方再文,), so 法定代表人身份证复印件 is not read as a name."""
    for label_start, value in _labelled(norm, label, start, end):
        del label_start
        # 证件种类及号码:居民身份证 33…; never across a line end (…主要负责人\n\n经查,)
        lead = re.match(r"[:(|]*(?:居民身份证:?)?", norm.text[value:])
        colon = bool(lead and lead.group())
        vstart = value + (lead.end() if lead else 0)
        m = value_re.match(norm.text, vstart)
        if m is None:
            continue
        vend = _value_end(
            norm,
            vstart,
            m.end(),
            parens=label == "ADDRESS",
            code=label in ("USCC", "ID"),
            name=label == "REP",
            person=True,
        )
        if label == "USCC":
            vend = _code_continues(norm, vstart, vend)
        if (
            name
            and not colon
            and (vend >= len(norm.text) or norm.text[vend] not in ",,;。\n(" or vend - vstart > 4)
        ):
            continue  # without a colon only a short value closed by punctuation is a value
        if vend > vstart and not re.match(r"身份|居民|职务|联系|电话|名字|姓名", norm.text[vstart:]):
            return _found(norm, vstart, vend)
    return None


def _head_end(text: str, after: int) -> int:
    """The party block ends at the first long line (the facts) or after HEAD_CHARS."""
    limit = min(len(text), after + HEAD_CHARS)
    pos = text.find("\n", after)
    while 0 <= pos < limit:
        nxt = text.find("\n", pos + 1)
        line_end = len(text) if nxt < 0 else nxt
        if line_end - pos > 80:
            return pos
        pos = nxt
    return limit


_USCC_SHAPE = re.compile(r"(?<![0-9A-Z])[0-9A-HJ-NP-RTUWY]{2}\d{6}[0-9A-HJ-NP-RTUWXY]{10}(?![0-9A-Z])")


def _valid_uscc(norm: Normalized, lo: int, hi: int) -> Found | None:
    """A code whose label is mangled (…登记证号91440281MA54NNJP3G): any 18 characters in the party
    block that pass the GB 32100 and GB 11714 checks are the party's USCC."""
    for m in _USCC_SHAPE.finditer(norm.text, lo, hi):
        try:
            if codes.parse_uscc(m.group()):
                return Found(norm.verbatim(m.start(), m.end()), m.start(), m.end())
        except Invalid:
            continue
    return None


def _rep_in_body(norm: Normalized) -> Found | None:
    """Structured pages name the operator only in the facts: 向经营者(何龙萍)进行询问."""
    m = re.search(r"(?:经营者|法定代表人|负责人)\(([\u4e00-\u9fff]{2,4})\)", norm.text)
    return _found(norm, m.start(1), m.end(1)) if m else None


def _kind(party: Party) -> str | None:
    name = str(party.name.value)
    uscc = str(party.uscc.value) if party.uscc else ""
    if uscc.startswith("92") or regex("organisations.jsonl", "kind", "individual_word").search(party.context):
        return "individual_business"
    if uscc.startswith("91") or regex("organisations.jsonl", "kind", "company_word").search(name):
        return "company"
    org = regex("organisations.jsonl", "kind", "org_suffix")
    if party.id_number is not None or re.search(r"[,,](?:男|女)[,,]", party.context):
        return "person" if not org.search(name) else None
    if re.fullmatch(r"[\u4e00-\u9fff]{2,3}|[\u4e00-\u9fff][*xX某]{1,3}|\*+", name) and not party.uscc:
        return "person"
    return None


_ROLE_NOTE = re.compile(r"\((?:时任|系|为|曾任|原)[^()\n]{1,30}\)")


def _names_from_columns(norm: Normalized) -> list[tuple[Found, int]]:
    """A flattened table: the value cell under a party header (被处罚人 | … | 韦文聚 |)."""
    label = regex("labels.jsonl", "label", "PARTY")
    out: list[tuple[Found, int]] = []
    for header, start, end in layout.column_cells(norm.text):  # a table of several records: all
        role = _ROLE_NOTE.search(norm.text, start, end)  # 陆某某(时任该行信贷部总经理)
        if role and role.end() == end and recognise.is_person(norm.text[start : role.start()]):
            end = role.start()
        found = _found(norm, start, end) if label.fullmatch(header) else None
        if found and found.value not in {f.value for f, _ in out}:
            out.append((found, end))
    return out


def _names_narrative(norm: Normalized) -> list[tuple[Found, str | None]]:
    """News and summaries: the addressees of `对Y给予…` or the subject of `Y…被X处以…`."""
    text = norm.text
    found = (
        recognise.addressed_parties(text)
        or recognise.passive_parties(text)
        or recognise.fact_subjects(text)
        or recognise.masked_violators(text)
    )
    return [(Found(_unalias(norm, n.start, n.end), n.start, n.end), n.kind) for n in found]


_ALIAS = re.compile(
    r"([\u4e00-\u9fff()]{2,40}?)\((?:以下)?简称:?[“\"「『]([\u4e00-\u9fff]{2,12})[”\"」』][^()\n]{0,20}\)"
)


def _unalias(norm: Normalized, start: int, end: int) -> str:
    """贵阳银行股份有限公司(以下简称“贵阳银行”)六盘水分行 … 对贵阳银行六盘水分行: the full name
    (matched on the simplified view, returned verbatim: a Traditional copy stays Traditional)."""
    name = norm.text[start:end]
    for m in _ALIAS.finditer(norm.text):
        full, short = m.group(1), m.group(2)
        if name.startswith(short) and name != short and recognise.is_organisation(full):
            return norm.verbatim(m.start(1), m.end(1)) + norm.verbatim(start + len(short), end)
    return norm.verbatim(start, end)


def parties(norm: Normalized) -> list[Party]:
    names = _names_from_label(norm) or _names_fallback(norm) or _names_from_columns(norm)
    if not names:
        told = []
        for name, kind in _names_narrative(norm):
            party = _finish(Party(name))
            party.kind = party.kind or kind
            told.append(party)
        if not told and (rep := _field(norm, "REP", 0, len(norm.text), _PERSON, name=True)):
            # A 双公示 row that names the representative but not the party (法定代表人 | 袁大铭)
            anonymous = Party(Found(None, rep.start, rep.start), kind="company", legal_rep=rep)
            told.append(anonymous)
        return told
    if len(names) != 1:
        # A 、-list of many parties on one label: no per-party details to attach.
        return [_finish(Party(name)) for name, _ in names]
    out: list[Party] = []
    for name, _after, hi in _more_parties(norm, *names[0]):
        party = Party(name)
        lo = name.start
        party.context = norm.text[lo:hi]
        party.uscc = _field(norm, "USCC", lo, hi, _MASKED) or (_valid_uscc(norm, lo, hi) if not out else None)
        party.legal_rep = _field(norm, "REP", lo, hi, _PERSON, name=True)
        if party.legal_rep is None and not out:
            party.legal_rep = _rep_in_body(norm)
        if party.legal_rep is None:  # 老生百货店(李xx)经营…案: the operator in parentheses
            op = re.match(r"\(([^()\n]{2,6})\)", norm.text[name.end : name.end + 10])
            if op and recognise.is_person(op.group(1)):
                party.legal_rep = Found(
                    norm.verbatim(name.end + 1, name.end + op.end() - 1),
                    name.end + 1,
                    name.end + op.end() - 1,
                )
                party.kind = "individual_business"
        party.address = _field(norm, "ADDRESS", lo, hi, re.compile(r"[^\n,;。]{2,80}"))
        ident = _field(norm, "ID", lo, hi, _MASKED)
        rep_id = ident and re.search(
            r"(?:法定代表人|负责人)\S{0,3}$", norm.text[max(0, ident.start - 12) : ident.start]
        )
        party.id_number = None if rep_id else ident
        out.append(_finish(_trade_name(norm, party)))
    return out + _further_addressees(norm, out)


_DECIDED = re.compile(r"决定[:,]?(?=对)|(?:作出|给予)如下(?:行政)?处罚[:,]?")
_TRADE_NAME = re.compile(r"字号(?:名称)?(?:为|是)?[:]?")


def _trade_name(norm: Normalized, party: Party) -> Party:
    """徐某某(个体工商户,字号:某某诊所): the party of an individual business is its trade name;
    the operator is its 经营者 (legal_rep), as in a 个体工商户's register entry."""
    text = norm.text
    name = party.name
    if name.value is None or not recognise.is_person(text[name.start : name.end]):
        return party
    m = _TRADE_NAME.search(text, name.end, min(len(text), name.end + 30))
    if m is None or "\n" in text[name.end : m.start()]:
        return party
    end = recognise.organisation_end(text, m.end())
    if end is None:
        return party
    party.legal_rep = party.legal_rep or name
    party.name = Found(norm.verbatim(m.end(), end), m.end(), end)
    party.kind = "individual_business"
    return party


def _further_addressees(norm: Normalized, found: list[Party]) -> list[Party]:
    """当事人:X … 楼某某,男,… 决定:对X…;对楼某某…: a person or organisation introduced in the
    head (named at least twice) and addressed by the decision clause is a party too."""
    if len(found) != 1 or found[0].name.value is None:
        return []
    text = norm.text
    decided = _DECIDED.search(text, found[0].name.end)
    if decided is None:
        return []
    known = {str(p.name.value) for p in found} | {str(p.legal_rep.value) for p in found if p.legal_rep}
    out: list[Party] = []
    for n in recognise.addressed_parties(text, decided.start(), recognise.sentence_end(text, decided.end())):
        if n.kind is None or n.text in known or any(n.text in k for k in known) or text.count(n.text) < 2:
            continue
        known.add(n.text)
        out.append(_finish(Party(Found(norm.verbatim(n.start, n.end), n.start, n.end), kind=n.kind)))
    return out


def _finish(party: Party) -> Party:
    party.kind = party.kind or _kind(party)
    if party.kind == "company":
        party.id_number = None  # a company's representative's ID is not the party's
    return party
