"""Who a row is about, by the identity rules of formats.md, and the shared contact nodes.

- An entity with a valid USCC is `e:<USCC>`; without one it is keyed by normalised name + region
  and marked unverified (never merged with a USCC-bearing entity on the name alone).
- A person with a full, valid ID number is keyed by an HMAC of it (only the hash and a masked
  form are stored); with a masked or no ID the person is scoped to one record, so two rows
  naming 张伟 make two persons.
"""

from __future__ import annotations

import re
from enum import IntEnum

from graph.ids import (
    authority_id,
    entity_id_for_uscc,
    entity_id_unverified,
    keyed_hash,
    make_id,
    normalise,
    person_id_for_hash,
    person_id_scoped,
)
from graph.legal.codes import IdNumber, entity_kind
from graph.model import Address, Authority, Email, Entity, Person, Phone


class NameRank(IntEnum):
    """Whose word a subject's name is (issue 14): registry > 双公示 > lists > bids.

    The writer keeps the name of the highest rank seen (the latest among equals: a registry
    rename is a rename); a lower source's different name is kept as an alias with its provenance.
    A name mentioned by the registry about another subject (a corporate shareholder) ranks just
    below that subject's own 企业基本信息. Unranked writes (None) rank below every source.
    """

    BIDS = 10
    LISTS = 20
    DISCLOSURE = 30  # 双公示 行政处罚 / 行政许可
    REGISTRY_MENTION = 35
    REGISTRY = 40


def entity(
    name: str,
    uscc: str | None,
    region: str | None = None,
    category: str | None = None,
    name_rank: NameRank | None = None,
    **props: object,
) -> Entity:
    rank = int(name_rank) if name_rank is not None else None
    if uscc:
        return Entity(
            id=entity_id_for_uscc(uscc),
            name=name,
            name_norm=normalise(name),
            uscc=uscc,
            kind=entity_kind(uscc, category),
            region=uscc[2:8],
            name_rank=rank,
            **props,  # type: ignore[arg-type]
        )
    return Entity(
        id=entity_id_unverified(name, region),
        name=name,
        name_norm=normalise(name),
        kind=entity_kind(None, category),
        verified=False,
        region=region,
        name_rank=rank,
        **props,  # type: ignore[arg-type]
    )


def person(
    name: str, id_number: IdNumber | None, scope: str, secret: bytes, name_rank: NameRank | None = None
) -> Person:
    """`scope` is used only when the ID is masked or absent (e.g. `file.csv:12`, `uscc:<USCC>`)."""
    rank = int(name_rank) if name_rank is not None else None
    if id_number is not None and id_number.full:
        digest = keyed_hash(secret, id_number.full)
        return Person(
            id=person_id_for_hash(digest),
            name=name,
            name_norm=normalise(name),
            id_hash=digest,
            masked_id=id_number.masked,
            verified=True,
            name_rank=rank,
        )
    return Person(
        id=person_id_scoped(name, scope),
        name=name,
        name_norm=normalise(name),
        masked_id=id_number.masked if id_number else None,
        scope=scope,
        name_rank=rank,
    )


def authority(name: str, uscc: str | None = None) -> Authority:
    return Authority(id=authority_id(name), name=name, uscc=uscc)


def region_of(code: str | None) -> str | None:
    """The 6-digit division code inside an authority's USCC (chars 3–8), a region hint."""
    if code and len(code) == 18 and code[2:8].isdigit():
        return code[2:8]
    return None


def address(text: str) -> Address:
    return Address(id=make_id("addr", text), text=normalise(text))


_PHONE_SPLIT = re.compile(r"[;；,，/、]+")


def phones(text: str) -> list[Phone]:
    """Digits only (and an extension dash), country prefix dropped: `0371-6555 1234` = `037165551234`."""
    found: list[Phone] = []
    for part in _PHONE_SPLIT.split(text):
        digits = re.sub(r"[^\d]", "", part)
        if digits.startswith("86") and len(digits) == 13:
            digits = digits[2:]
        if len(digits) >= 7:
            found.append(Phone(id=make_id("phone", digits), number=digits))
    return found


def email(text: str) -> Email:
    value = normalise(text).lower()
    return Email(id=make_id("email", value), address=value)
