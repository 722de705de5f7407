"""The closed vocabularies of the SDL as GraphQL enums, each registered from the one module that defines it.

Wire values stay what they were as strings (member values as GraphQL names, `graphql_name_from=
"value"`) wherever those are valid GraphQL names; severity's values are Chinese, so its enum uses
the member names (MINOR, GENERAL, SERIOUS) and the string field stays beside it.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TypeVar

import strawberry

from api.gql.errors import ERROR_CODE_MEANINGS, ApiErrorCode
from graph.lifecycle.listings import ListingState
from graph.lifecycle.objections import ObjectionState, Outcome
from graph.lifecycle.publicity import Severity
from graph.model import EntityKind, Label, Polarity, Rel
from graph.review.errors import Refusal

E = TypeVar("E", bound=StrEnum)


def _listed(enum: type[StrEnum], labels: dict[str, str]) -> str:
    return "; ".join(f"{m.value} = {labels[m.value]}" for m in enum if m.value in labels)


strawberry.enum(
    EntityKind,
    description="主体类型: "
    + _listed(
        EntityKind,
        {"company": "企业", "individual_business": "个体工商户", "organisation": "机关、事业单位、社会组织",
         "unknown": "未能判定"},
    ),
    graphql_name_from="value",
)  # fmt: skip
strawberry.enum(
    Polarity,
    description="名单类别: "
    + _listed(
        Polarity,
        {"black": "黑名单（失信）", "red": "红名单（守信）", "watch": "重点关注名单（不计入黑名单）"},
    ),
    graphql_name_from="value",
)
strawberry.enum(
    Severity,
    description="失信严重程度（公示分类）: " + "; ".join(f"{m.name} = {m.value}" for m in Severity),
)
strawberry.enum(
    ObjectionState,
    description="异议办理状态: submitted = 已提交; under_review = 审查中; upheld = 成立; rejected = 不成立",
    graphql_name_from="value",
)
strawberry.enum(
    Outcome,
    name="ObjectionOutcome",
    description="异议成立后的处理: corrected = 已更正; withdrawn = 已撤销",
    graphql_name_from="value",
)
strawberry.enum(
    Label,
    name="NodeKind",
    description="图中节点的种类（explorer 按此着色、展开）.",
    graphql_name_from="value",
)
strawberry.enum(
    Refusal, name="ReviewRefusal", description="Why a review action was refused (nothing changed)."
)
strawberry.enum(
    Rel,
    name="RelType",
    description="关系类型 (graph.model.Rel): LEGAL_REP_OF 法定代表人, SHAREHOLDER_OF 股东, "
    "OFFICER_OF 主要人员, PARTY_TO 当事人, LISTED_IN 列入名单, LOCATED_AT 同地址, "
    "HAS_PHONE 同电话, HAS_EMAIL 同邮箱, "
    "SUBMITTED/BID_FOR 投标, USED 使用（同一机器码等）, ACTUAL_CONTROLLER_OF 实际控制人 …",
    graphql_name_from="value",
)
strawberry.enum(
    ListingState,
    description="名单条目在查询日的状态: "
    + "; ".join(f"{m.value}" for m in ListingState)
    + " (in_effect = 有效; removed = 已移出; expired = 期满不再计入; repaired = 已信用修复; "
    "withdrawn = 已撤销).",
    graphql_name_from="value",
)
strawberry.enum(
    ApiErrorCode,
    name="ErrorCode",
    description="The values of `errors[].extensions.code` (none is ever null): "
    + "; ".join(f"{code.value} = {meaning}" for code, meaning in ERROR_CODE_MEANINGS.items()),
)

# Enums no field returns: added to the schema so the SDL documents them.
DOCUMENTED_ONLY: list[type] = [ApiErrorCode]


def member(enum: type[E], value: str | None) -> E | None:
    """`value` as a member of `enum`; None for None or a value outside the vocabulary."""
    if value is None:
        return None
    try:
        return enum(value)
    except ValueError:
        return None


__all__ = ["DOCUMENTED_ONLY", "member"]
