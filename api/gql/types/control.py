"""Controllers, the 股权穿透 tree and beneficial owners as GraphQL.

Natural persons are shown to investigators and up only: for other roles a person on a control path
or in the tree is an anonymous `Person` node (no id, no name). ID numbers appear only masked
(`PathNode.maskedId`, as in paths): full numbers are never stored.
"""

from __future__ import annotations

import strawberry

from api.gql.context import Context
from api.gql.errors import bad_input
from api.gql.types.path import Path, PathNode
from api.roles import ASSOCIATIONS
from queries import control
from queries.common import NodeRef, PathResult, RelRef

Info = strawberry.Info[Context, None]

_ANONYMOUS = NodeRef("", ("Person",), None)


def check_depth(depth: int) -> control.Depth:
    if not 1 <= depth <= max(control.Depth):
        raise bad_input(f"参数 depth（穿透层数）须在 1 到 {max(control.Depth)} 之间，收到 {depth}")
    return control.Depth(depth)


def _shown(ref: NodeRef, info: Info) -> NodeRef:
    if ref.kind == "Person" and info.context.role not in ASSOCIATIONS:
        return _ANONYMOUS
    return ref


def _path(path: PathResult, info: Info) -> Path:
    if info.context.role in ASSOCIATIONS:
        return Path.from_result(path, info)
    hidden = {n.id for n in path.nodes if n.kind == "Person"}
    rels = tuple(
        RelRef(
            r.type,
            "" if r.start in hidden else r.start,
            "" if r.end in hidden else r.end,
            r.role,
            r.ratio,
            r.source,
        )
        for r in path.rels
    )
    return Path.from_result(PathResult(tuple(_shown(n, info) for n in path.nodes), rels), info)


@strawberry.type(description="An ultimate controller of a company: no one controls it in turn.")
class Controller:
    subject: PathNode = strawberry.field(description="The person or organisation (persons: investigators).")
    kind: str = strawberry.field(
        description="控股股东: holds more than 50 % itself; 实际控制人: controls through a chain of "
        "companies each holding more than 50 % of the next, or is declared so by the registry."
    )
    declared: bool = strawberry.field(description="Named as 实际控制人 in the registry (企业基本信息).")
    effective_share: float = strawberry.field(
        description="Product of the ratios along each shareholding path, summed over the paths (0–1)."
    )
    path: Path = strawberry.field(description="The shortest control path, controller first.")

    @classmethod
    def of(cls, found: control.Controller, info: Info) -> Controller:
        return cls(
            subject=PathNode.from_ref(_shown(found.subject, info), info),
            kind=found.kind,
            declared=found.declared,
            effective_share=found.effective_share,
            path=_path(found.path, info),
        )


@strawberry.type(description="One step of the 股权穿透 tree: a subject and its relationship to its parent.")
class OwnershipNode:
    subject: PathNode
    relation: str = strawberry.field(description="SHAREHOLDER_OF or ACTUAL_CONTROLLER_OF.")
    ratio: float | None = strawberry.field(description="This step's own share (0–1).")
    effective_share: float = strawberry.field(description="Product of the ratios from the root to here.")
    controls: bool = strawberry.field(description="More than 50 %, or a declared 实际控制人.")
    ultimate_controller: bool = strawberry.field(
        description="An ultimate controller of the root (to highlight)."
    )
    children: list[OwnershipNode]

    @classmethod
    def of(cls, node: control.OwnershipNode, top: frozenset[str], info: Info) -> OwnershipNode:
        return cls(
            subject=PathNode.from_ref(_shown(node.subject, info), info),
            relation=node.relation,
            ratio=node.ratio,
            effective_share=node.effective_share,
            controls=node.controls,
            ultimate_controller=node.subject.id in top,
            children=[OwnershipNode.of(c, top, info) for c in node.children],
        )


@strawberry.type(description="The 股权穿透 of a subject: who holds it (up) and what it holds (down).")
class Ownership:
    root: PathNode
    up: list[OwnershipNode] = strawberry.field(description="Holders and declared controllers, and theirs.")
    down: list[OwnershipNode] = strawberry.field(description="Companies held, and theirs.")
    truncated: bool = strawberry.field(description="A walk stopped at its path cap (a large group).")

    @classmethod
    def of(cls, tree: control.Ownership, info: Info) -> Ownership:
        top = frozenset(tree.controllers)
        return cls(
            root=PathNode.from_ref(_shown(tree.root, info), info),
            up=[OwnershipNode.of(n, top, info) for n in tree.up],
            down=[OwnershipNode.of(n, top, info) for n in tree.down],
            truncated=tree.truncated,
        )


@strawberry.type(
    description="A natural person whose effective share reaches the threshold, or who controls the "
    "company (《受益所有人信息管理办法》第六条)."
)
class BeneficialOwner:
    person: PathNode
    effective_share: float
    controls: bool
    paths: list[Path] = strawberry.field(description="Holder first; shareholding paths before declarations.")

    @classmethod
    def of(cls, owner: control.BeneficialOwner, info: Info) -> BeneficialOwner:
        return cls(
            person=PathNode.from_ref(owner.person, info),
            effective_share=owner.effective_share,
            controls=owner.controls,
            paths=[Path.from_result(p, info) for p in owner.paths],
        )
