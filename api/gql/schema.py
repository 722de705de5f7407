"""The GraphQL schema: the root types merged from their modules, extensions and error masking.

Root fields (api/gql/public.py, associations.py, mutations.py, types/objection.py) parse
arguments, call one `queries/` function and convert its dataclasses to GraphQL types.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import strawberry
from graphql import GraphQLError, GraphQLResolveInfo
from graphql.validation import NoSchemaIntrospectionCustomRule
from strawberry.extensions import (
    AddValidationRules,
    MaskErrors,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    QueryDepthLimiter,
    SchemaExtension,
)
from strawberry.tools import merge_types

from api.gql.associations import AssociationQuery
from api.gql.context import Context
from api.gql.errors import ApiError
from api.gql.public import PublicQuery
from api.gql.records import RecordMutation
from api.gql.review import ReviewMutation, ReviewQuery
from api.settings import Settings
from graph.store import STATEMENTS

# The roots, one class per theme in its own module: public profiles and search, association
# queries (investigators and up), the review queue; mutations: review actions, objections and
# record administration.
Query = merge_types("Query", (PublicQuery, AssociationQuery, ReviewQuery))
RootMutation = merge_types("RootMutation", (ReviewMutation, RecordMutation))


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
    name, which a caller picks freely); a refusal (FORBIDDEN) is logged with outcome FORBIDDEN."""

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
            ctx.audit.record(ctx.key_id, ctx.role.value, operation, sorted(ctx.touched), ctx.remote, outcome)

    def resolve(self, _next: Any, root: Any, info: GraphQLResolveInfo[Any], *args: Any, **kwargs: Any) -> Any:
        if info.path.prev is None:
            self.roots.append(info.field_name)
        return _next(root, info, *args, **kwargs)


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
        lambda: MaskErrors(should_mask_error=_is_internal, error_message="internal error"),
        AuditExtension,
        StatementCount,
    ]
    if not settings.introspection:
        extensions.append(lambda: AddValidationRules([NoSchemaIntrospectionCustomRule]))
    return CreditSchema(query=Query, mutation=RootMutation, extensions=extensions)
