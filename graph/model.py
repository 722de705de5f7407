"""The domain: frozen dataclasses for every node kind and one table of relationship types.

Pure Python on purpose (like followthemoney's model): no driver, NLP or API imports, so
loaders, the extractor and the query layer can all speak it. Events are nodes: a penalty
decision is a `Case` linked to its `Sanction` items; a blacklist entry is a dated `Listing`.
Every record carries `Provenance`, written onto the node or relationship it produces.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import ClassVar, Final, get_args


class Label(StrEnum):
    ENTITY = "Entity"
    PERSON = "Person"
    CASE = "Case"
    SANCTION = "Sanction"
    LISTING = "Listing"
    LICENCE = "Licence"
    AUTHORITY = "Authority"
    PROVISION = "Provision"
    ADDRESS = "Address"
    PHONE = "Phone"
    EMAIL = "Email"
    TENDER = "Tender"
    BID = "Bid"
    IDENTIFIER = "Identifier"
    # The review workflow's own nodes: never linked to public nodes, so no public query reaches them.
    EXTRACTION = "Extraction"
    REVIEW_ACTION = "ReviewAction"
    # An objection (异议) to a published Case or Listing; written by graph/lifecycle/objections.py.
    OBJECTION = "Objection"
    # A 信用修复 application by the subject of a Case or Listing; graph/lifecycle/repairs.py.
    REPAIR_APPLICATION = "RepairApplication"


class EntityKind(StrEnum):
    """What kind of legal entity (from the USCC prefix first: graph.legal.codes.entity_kind)."""

    COMPANY = "company"
    INDIVIDUAL_BUSINESS = "individual_business"  # 个体工商户
    ORGANISATION = "organisation"  # 机关、事业单位、社会组织
    UNKNOWN = "unknown"


class Polarity(StrEnum):
    """Which side of the credit system a list is on."""

    BLACK = "black"  # 失信 / 严重失信主体名单
    RED = "red"  # 守信激励（红名单）
    WATCH = "watch"  # 重点关注名单: never counted as a black list


# Entities and persons also carry this label, so a relationship whose source may be either
# (a shareholder, a party to a case) is matched through one unique index.
SUBJECT: Final = "Subject"
SUBJECT_LABELS = frozenset({Label.ENTITY, Label.PERSON})


@dataclass(frozen=True)
class Provenance:
    """Where a fact came from: dataset or document, the record or span, and which code made it."""

    source: str
    record: str
    loader: str
    seen: date


@dataclass(frozen=True)
class Entity:
    """A legal entity (enterprise, individual business, public body). Key: a valid USCC."""

    label: ClassVar[Label] = Label.ENTITY
    id: str
    name: str
    name_norm: str
    uscc: str | None = None
    kind: str = EntityKind.COMPANY  # an EntityKind value
    verified: bool = True  # False: identified by name + region only (formats.md identity rules)
    other_codes: tuple[str, ...] = ()
    region: str | None = None
    enterprise_type: str | None = None
    status: str | None = None
    founded_on: date | None = None
    registered_capital_yuan: float | None = None
    registry_authority: str | None = None
    extra_json: str | None = None
    # Which kind of source said `name` (graph.identity.NameRank): a lower one never renames.
    name_rank: int | None = None


@dataclass(frozen=True)
class Person:
    """A natural person. Only a keyed hash and a masked form of the ID number are kept."""

    label: ClassVar[Label] = Label.PERSON
    id: str
    name: str
    name_norm: str
    id_hash: str | None = None
    masked_id: str | None = None
    verified: bool = False  # True only when identified by a full, valid ID number
    scope: str | None = None  # the record an unidentified person is scoped to
    name_rank: int | None = None  # as Entity.name_rank


@dataclass(frozen=True)
class Authority:
    label: ClassVar[Label] = Label.AUTHORITY
    id: str
    name: str
    uscc: str | None = None


@dataclass(frozen=True)
class Case:
    """An administrative penalty decision (行政处罚决定). Key: authority + decision number."""

    label: ClassVar[Label] = Label.CASE
    id: str
    decision_no: str
    authority: str
    decision_date: date | None = None
    case_name: str | None = None
    violation_type: str | None = None
    facts: str | None = None
    basis_text: str | None = None
    content: str | None = None
    total_fine_yuan: float | None = None
    confiscated_yuan: float | None = None
    licence_action: str | None = None
    valid_until: date | None = None
    publicity_until: date | None = None
    disclosed_on: date | None = None
    data_source: str | None = None
    status: str = "published"
    extra_json: str | None = None


@dataclass(frozen=True)
class Sanction:
    """One penalty item of a case, typed by the 行政处罚法 (2021) art. 9 vocabulary."""

    label: ClassVar[Label] = Label.SANCTION
    id: str
    type: str
    amount_yuan: float | None = None
    text: str | None = None


@dataclass(frozen=True)
class Provision:
    """A cited legal provision: 《law》第article条第paragraph款第item项."""

    label: ClassVar[Label] = Label.PROVISION
    id: str
    law: str
    article: str | None = None
    paragraph: str | None = None
    item: str | None = None
    citation: str = ""


@dataclass(frozen=True)
class Listing:
    """A dated entry on a red or black list. Key: list + subject + listed_on."""

    label: ClassVar[Label] = Label.LISTING
    id: str
    list_name: str
    polarity: str  # a Polarity value
    polarity_basis: str | None = None  # 名单类别 (stated in the row) | 名单目录 (the list catalogue)
    listed_on: date | None = None
    valid_until: date | None = None  # 有效期至: the listing stops counting after this day
    removed_on: date | None = None
    reason: str | None = None
    removal_reason: str | None = None
    authority: str | None = None
    court: str | None = None
    case_no: str | None = None
    basis_no: str | None = None
    obligation: str | None = None
    performance: str | None = None
    behaviour: str | None = None
    published_on: date | None = None
    # The list's rules (graph/lifecycle/listings.py): repair from min_end; stops counting on max_end.
    min_end: date | None = None
    max_end: date | None = None
    repaired_by: str | None = None


@dataclass(frozen=True)
class Licence:
    """An administrative licence (行政许可) disclosure. Key: authority + licence document number."""

    label: ClassVar[Label] = Label.LICENCE
    id: str
    doc_no: str
    authority: str
    doc_name: str | None = None
    category: str | None = None
    cert_name: str | None = None
    licence_no: str | None = None
    content: str | None = None
    decided_on: date | None = None
    valid_from: date | None = None
    valid_to: date | None = None  # None with indefinite=True means 长期
    indefinite: bool = False
    status: str | None = None


@dataclass(frozen=True)
class Address:
    label: ClassVar[Label] = Label.ADDRESS
    id: str
    text: str


@dataclass(frozen=True)
class Phone:
    label: ClassVar[Label] = Label.PHONE
    id: str
    number: str


@dataclass(frozen=True)
class Email:
    label: ClassVar[Label] = Label.EMAIL
    id: str
    address: str


@dataclass(frozen=True)
class Tender:
    label: ClassVar[Label] = Label.TENDER
    id: str
    project_no: str
    lot: str | None = None


@dataclass(frozen=True)
class Bid:
    label: ClassVar[Label] = Label.BID
    id: str
    ip: str | None = None


@dataclass(frozen=True)
class Identifier:
    """A bid artefact two bids may share: deposit account, file machine code, lock serial …"""

    label: ClassVar[Label] = Label.IDENTIFIER
    id: str
    kind: str
    value: str


@dataclass(frozen=True)
class DecisionExtraction:
    """One submitted decision document and what the machine read in it, awaiting or after review.

    Key: a hash of the text, so resubmitting the same document changes nothing. The extraction,
    the reviewed values and the cross-check are JSON strings: they are shown, never queried into.
    """

    label: ClassVar[Label] = Label.EXTRACTION
    id: str
    status: str  # pending | approved | corrected | rejected | changed_by_extractor
    source_name: str
    text: str
    extractor_version: str
    extraction_json: str
    values_json: str  # what a reviewer sees and publishes: the extraction plus corrections
    priority: float = 0.0
    crosscheck_json: str | None = None
    conflicts: int = 0
    decision_no: str | None = None
    authority: str | None = None
    submitted_by: str | None = None
    submitted_at: str | None = None


@dataclass(frozen=True)
class ReviewAction:
    """One entry of the append-only review log: created once, never updated."""

    label: ClassVar[Label] = Label.REVIEW_ACTION
    id: str
    extraction_id: str
    action: str  # submit | approve | correct | reject | requeue
    by: str
    at: str
    reason: str | None = None
    changes_json: str | None = None
    status_before: str | None = None
    status_after: str | None = None


@dataclass(frozen=True)
class Objection:
    """An objection (异议) to a published record: submitted → under_review → upheld | rejected."""

    label: ClassVar[Label] = Label.OBJECTION
    id: str
    subject: str
    record: str
    reason: str
    contact: str
    state: str = "submitted"
    filed_on: date | None = None
    review_due: date | None = None
    correction_due: date | None = None


@dataclass(frozen=True)
class RepairApplication:
    """A 信用修复 application: submitted → under_review → approved | rejected (graph/lifecycle/repairs.py)."""

    label: ClassVar[Label] = Label.REPAIR_APPLICATION
    id: str
    subject: str
    record: str
    method: str
    contact: str
    state: str = "submitted"
    submitted_on: date | None = None
    accept_due: date | None = None
    decide_due: date | None = None


Node = (
    Entity
    | Person
    | Authority
    | Case
    | Sanction
    | Provision
    | Listing
    | Licence
    | Address
    | Phone
    | Email
    | Tender
    | Bid
    | Identifier
    | DecisionExtraction
    | ReviewAction
    | Objection
    | RepairApplication
)

# Each node class declares its label; the two directions of that one table.
LABEL_OF: dict[type, Label] = {cls: cls.label for cls in get_args(Node)}
CLASS_OF: dict[Label, type] = {label: cls for cls, label in LABEL_OF.items()}


class Rel(StrEnum):
    LEGAL_REP_OF = "LEGAL_REP_OF"
    SHAREHOLDER_OF = "SHAREHOLDER_OF"
    OFFICER_OF = "OFFICER_OF"
    PARTY_TO = "PARTY_TO"
    DECIDED_BY = "DECIDED_BY"
    IMPOSES = "IMPOSES"
    VIOLATED = "VIOLATED"
    APPLIED = "APPLIED"
    LISTED_IN = "LISTED_IN"
    LISTED_BY = "LISTED_BY"
    HOLDS = "HOLDS"
    ISSUED_BY = "ISSUED_BY"
    LOCATED_AT = "LOCATED_AT"
    HAS_PHONE = "HAS_PHONE"
    HAS_EMAIL = "HAS_EMAIL"
    SUBMITTED = "SUBMITTED"
    BID_FOR = "BID_FOR"
    MANAGED_BY = "MANAGED_BY"
    CONTACT = "CONTACT"
    VIA_AGENT = "VIA_AGENT"
    USED = "USED"
    REVIEW_OF = "REVIEW_OF"
    OBJECTS_TO = "OBJECTS_TO"
    REPAIR_OF = "REPAIR_OF"
    # 实际控制人 (formats.md §5): a person or an organisation declared to control the company.
    ACTUAL_CONTROLLER_OF = "ACTUAL_CONTROLLER_OF"


_S = (Label.ENTITY, Label.PERSON)

# type -> (source labels, target labels): the one table of relationship types.
RELATIONSHIPS: dict[Rel, tuple[tuple[Label, ...], tuple[Label, ...]]] = {
    Rel.LEGAL_REP_OF: ((Label.PERSON,), (Label.ENTITY,)),
    Rel.SHAREHOLDER_OF: (_S, (Label.ENTITY,)),
    Rel.OFFICER_OF: ((Label.PERSON,), (Label.ENTITY,)),
    Rel.PARTY_TO: (_S, (Label.CASE,)),
    Rel.DECIDED_BY: ((Label.CASE,), (Label.AUTHORITY,)),
    Rel.IMPOSES: ((Label.CASE,), (Label.SANCTION,)),
    Rel.VIOLATED: ((Label.CASE,), (Label.PROVISION,)),
    Rel.APPLIED: ((Label.CASE,), (Label.PROVISION,)),
    Rel.LISTED_IN: (_S, (Label.LISTING,)),
    Rel.LISTED_BY: ((Label.LISTING,), (Label.AUTHORITY,)),
    Rel.HOLDS: (_S, (Label.LICENCE,)),
    Rel.ISSUED_BY: ((Label.LICENCE,), (Label.AUTHORITY,)),
    Rel.LOCATED_AT: (_S, (Label.ADDRESS,)),
    Rel.HAS_PHONE: (_S, (Label.PHONE,)),
    Rel.HAS_EMAIL: (_S, (Label.EMAIL,)),
    Rel.SUBMITTED: ((Label.ENTITY,), (Label.BID,)),
    Rel.BID_FOR: ((Label.BID,), (Label.TENDER,)),
    Rel.MANAGED_BY: ((Label.BID,), (Label.PERSON,)),
    Rel.CONTACT: ((Label.BID,), (Label.PERSON,)),
    Rel.VIA_AGENT: ((Label.BID,), (Label.ENTITY,)),
    Rel.USED: ((Label.BID,), (Label.IDENTIFIER,)),
    Rel.REVIEW_OF: ((Label.REVIEW_ACTION,), (Label.EXTRACTION,)),
    Rel.OBJECTS_TO: ((Label.OBJECTION,), (Label.CASE, Label.LISTING)),
    Rel.REPAIR_OF: ((Label.REPAIR_APPLICATION,), (Label.CASE, Label.LISTING)),
    Rel.ACTUAL_CONTROLLER_OF: (_S, (Label.ENTITY,)),
}


@dataclass(frozen=True)
class Link:
    """A relationship between two nodes by id, with its own properties (ratio, role, dates)."""

    type: Rel
    source: str
    target: str
    props: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Record:
    """What one input row or one reviewed decision contributes to the graph."""

    provenance: Provenance
    nodes: tuple[Node, ...] = ()
    links: tuple[Link, ...] = ()
