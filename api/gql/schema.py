"""The GraphQL schema: the root types merged from their modules, extensions and error masking.

Root fields (api/gql/public.py, associations.py, mutations.py, types/objection.py) parse
arguments, call one `queries/` function and convert its dataclasses to GraphQL types.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import strawberry
from graphql import (
    DocumentNode,
    FieldNode,
    GraphQLError,
    GraphQLResolveInfo,
    ListValueNode,
    ObjectValueNode,
    StringValueNode,
    ValueNode,
    VariableNode,
    Visitor,
    visit,
)
from graphql.validation import NoSchemaIntrospectionCustomRule
from strawberry.extensions import (
    MaskErrors,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    QueryDepthLimiter,
    SchemaExtension,
)
from strawberry.tools import merge_types

from api.gql.associations import AssociationQuery
from api.gql.audit import AuditQuery
from api.gql.context import Context
from api.gql.credit import CreditMutation, CreditQuery, SystemScope
from api.gql.errors import MASKED, ApiError, ApiErrorCode, ErrorCodes
from api.gql.limits import MAX_PURPOSE, NOTES, UNBOUNDED, describe_limits
from api.gql.public import PublicQuery
from api.gql.records import RecordMutation
from api.gql.repairs import RepairMutation, RepairQuery
from api.gql.review import ReviewMutation, ReviewQuery
from api.gql.types.enums import DOCUMENTED_ONLY
from api.roles import Role
from api.settings import Settings
from graph.store import STATEMENTS

# The roots, one class per theme in its own module: public profiles and search, association
# queries (investigators and up), the review queue, the audit, repair applications; mutations:
# review actions, objections and record administration, 信用修复 applications.
Query = merge_types(
    "Query", (PublicQuery, AssociationQuery, ReviewQuery, AuditQuery, RepairQuery, CreditQuery)
)
RootMutation = merge_types("RootMutation", (ReviewMutation, RecordMutation, RepairMutation, CreditMutation))


class StatementCount(SchemaExtension):
    """Reports how many database statements the operation ran (`extensions.statements`)."""

    def on_operation(self) -> Iterator[None]:
        self.counter = [0]
        token = STATEMENTS.set(self.counter)
        yield
        STATEMENTS.reset(token)

    def get_results(self) -> dict[str, Any]:
        return {"statements": self.counter[0]}


class AuditExtension(SchemaExtension):
    """Writes one audit entry per operation that touched any subject or was refused, whatever its
    outcome. `operation` names the root fields actually resolved (never the client's operation
    name, which a caller picks freely) and `purpose` the purpose the association fields were given
    (Context.set_purpose); a refusal (FORBIDDEN) is logged with outcome FORBIDDEN."""

    def on_operation(self) -> Iterator[None]:
        self.roots: list[str] = []
        yield
        ctx = self.execution_context.context
        if not isinstance(ctx, Context):
            return
        result = self.execution_context.result
        codes = {(e.extensions or {}).get("code") for e in (result.errors or [] if result else [])}
        refused = "FORBIDDEN" in codes
        if ctx.touched or refused:
            operation = ",".join(dict.fromkeys(self.roots)) or "none"
            outcome = "FORBIDDEN" if refused else "ok"
            ctx.audit.record(
                ctx.key_id,
                ctx.role.value,
                operation,
                sorted(ctx.touched),
                ctx.remote,
                outcome,
                purpose=ctx.purpose,
            )

    def resolve(self, _next: Any, root: Any, info: GraphQLResolveInfo[Any], *args: Any, **kwargs: Any) -> Any:
        if info.path.prev is None:
            self.roots.append(info.field_name)
        return _next(root, info, *args, **kwargs)


class StringLimits(SchemaExtension):
    """Refuses, before anything runs, a string argument or variable longer than its limit.

    Names, codes and ids: `max_string` characters; free texts (`reason`, `resolution`, `value`):
    `max_note`. A 9 MB search string therefore never reaches the database.
    """

    def __init__(self, max_string: int, max_note: int) -> None:
        self.max_string = max_string
        self.max_note = max_note

    def on_validate(self) -> Iterator[None]:
        ctx = self.execution_context
        if ctx.graphql_document is not None and ctx.pre_execution_errors is None:
            error = self._check(ctx.graphql_document, ctx.variables or {})
            if error is not None:
                ctx.pre_execution_errors = [error]
        yield

    def _limit(self, name: str) -> int:
        if name == "purpose":
            return MAX_PURPOSE
        return self.max_note if name in NOTES else self.max_string

    def _check(self, document: DocumentNode, variables: dict[str, Any]) -> ApiError | None:
        limits: dict[str, int | None] = {}  # variable → its tightest use (None: unbounded)
        found: list[ApiError] = []

        def literal(node: ValueNode, name: str, limit: int | None) -> None:
            if isinstance(node, VariableNode):
                previous = limits.get(node.name.value, -1)
                limits[node.name.value] = limit if previous == -1 or previous is None else previous
            elif isinstance(node, StringValueNode) and limit is not None and len(node.value) > limit:
                found.append(_too_long(name, len(node.value), limit))
            elif isinstance(node, ListValueNode):
                for item in node.values:
                    literal(item, name, limit)
            elif isinstance(node, ObjectValueNode):
                for field_node in node.fields:
                    sub = field_node.name.value
                    literal(field_node.value, sub, None if limit is None else self._limit(sub))

        class Arguments(Visitor):
            def enter_field(self, node: FieldNode, *_: Any) -> None:
                for arg in node.arguments or ():
                    name = arg.name.value
                    bound = None if (node.name.value, name) in UNBOUNDED else outer._limit(name)
                    literal(arg.value, name, bound)

        outer = self
        visit(document, Arguments())
        if found:
            return found[0]

        def value(item: object, name: str, limit: int | None) -> ApiError | None:
            if isinstance(item, str):
                return _too_long(name, len(item), limit) if limit is not None and len(item) > limit else None
            if isinstance(item, list):
                return next((e for e in (value(v, name, limit) for v in item) if e), None)
            if isinstance(item, dict):
                for key, sub in item.items():
                    error = value(sub, str(key), None if limit is None else self._limit(str(key)))
                    if error:
                        return error
            return None

        for name, item in variables.items():
            limit = limits.get(name, self._limit(name))
            error = value(item, name, limit)
            if error:
                return error
        return None


class Introspection(SchemaExtension):
    """Introspection (`__schema`, `__type`) for authenticated roles; for the public role only when
    `public_introspection` is set; for nobody when `introspection` is off. Refused introspection
    is a validation error (GRAPHQL_VALIDATION_FAILED)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def on_operation(self) -> Iterator[None]:
        ctx = self.execution_context
        role = getattr(ctx.context, "role", Role.PUBLIC)
        public = role is Role.PUBLIC and not self.settings.public_introspection
        if not self.settings.introspection or public:
            ctx.validation_rules = (*ctx.validation_rules, NoSchemaIntrospectionCustomRule)
        yield


def _too_long(name: str, length: int, limit: int) -> ApiError:
    return ApiError(
        f"参数 {name} 过长：{length} 字符，上限 {limit} / "
        f"argument {name} too long: {length} characters, limit {limit}",
        ApiErrorCode.BAD_USER_INPUT,
        {"argument": name, "length": length, "limit": limit},
    )


def _root_fields(query: str | None) -> str:
    from graphql import OperationDefinitionNode, parse

    try:
        document = parse(query or "")
    except GraphQLError:
        return "unparsable"
    names = [
        sel.name.value
        for d in document.definitions
        if isinstance(d, OperationDefinitionNode)
        for sel in d.selection_set.selections
        if hasattr(sel, "name")
    ]
    return ",".join(names) or "anonymous"


def _is_internal(error: GraphQLError) -> bool:
    """Show our own errors and GraphQL validation errors; mask everything else."""
    original = error.original_error
    return original is not None and not isinstance(original, ApiError | GraphQLError)


class CreditSchema(strawberry.Schema):
    def process_errors(self, errors: list[GraphQLError], execution_context: Any = None) -> None:
        """Log only what is masked: caller errors (forbidden, bad input) are not server faults."""
        super().process_errors([e for e in errors if _is_internal(e)], execution_context)


def make_schema(settings: Settings) -> strawberry.Schema:
    extensions: list[Any] = [
        lambda: QueryDepthLimiter(max_depth=settings.max_depth),
        lambda: MaxAliasesLimiter(max_alias_count=settings.max_aliases),
        lambda: MaxTokensLimiter(max_token_count=settings.max_tokens),
        lambda: StringLimits(max_string=settings.max_string, max_note=settings.max_note),
        lambda: Introspection(settings),
        SystemScope,
        ErrorCodes,  # before MaskErrors: it runs after it, and codes the masked errors too
        lambda: MaskErrors(should_mask_error=_is_internal, error_message=MASKED),
        AuditExtension,
        StatementCount,
    ]
    schema = CreditSchema(query=Query, mutation=RootMutation, extensions=extensions, types=DOCUMENTED_ONLY)
    describe_limits(schema, settings)
    return schema
