"""The request limits, written into the SDL: each argument's description names the limit that applies to it.

The limits themselves are enforced elsewhere (StringLimits and the depth, alias and token
limiters in schema.py, the body limit in app.py, the resolvers for list sizes, pages and hops);
this module only tells client developers, in the schema they introspect or print.
"""

from __future__ import annotations

import strawberry
from graphql import (
    GraphQLArgument,
    GraphQLInputField,
    GraphQLInputObjectType,
    GraphQLList,
    GraphQLObjectType,
    GraphQLScalarType,
    get_named_type,
    get_nullable_type,
)

from api.settings import Settings

# Free-text arguments (reasons, resolutions, corrected values) may be longer than a name; the
# decision text of submitDecision is bounded by its own limit, checked in the resolver, and by
# the request body limit.
NOTES = frozenset({"reason", "resolution", "value"})
# The purpose of an association query (事由 + 项目编号/文号); api.gql.context.Context.set_purpose.
MAX_PURPOSE = 200
UNBOUNDED = frozenset({("submitDecision", "text"), ("submitRepair", "materials")})
# Fields whose maxHops is capped below `max_hops` by their resolver (check_hops(limit=…)).
HOP_CAPS = {"bidderCheck": 4, "associatedRisk": 4}
# Fields whose `first` is capped below `max_page` by their resolver.
FIRST_CAPS = {"suspectedRelations": 100}
_TEXT = frozenset({"String", "ID"})


def string_limit(settings: Settings, field: str, argument: str) -> int | None:
    """Characters allowed in a string argument (or an input field) named `argument` of `field`;
    None: bounded only by its own check (`max_decision_text`) and the body limit."""
    if (field, argument) in UNBOUNDED:
        return None
    if argument == "purpose":
        return MAX_PURPOSE
    return settings.max_note if argument in NOTES else settings.max_string


def _append(target: GraphQLArgument | GraphQLInputField, text: str) -> None:
    target.description = f"{target.description} {text}" if target.description else text


def _argument_note(settings: Settings, field: str, name: str, arg: GraphQLArgument) -> str | None:
    named = get_named_type(arg.type)
    if isinstance(named, GraphQLScalarType) and named.name in _TEXT:
        limit = string_limit(settings, field, name) or settings.max_decision_text
        each = " each" if isinstance(get_nullable_type(arg.type), GraphQLList) else ""
        blank = "blank or " if name == "purpose" else ""
        return f"At most {limit} characters{each} ({blank}longer: BAD_USER_INPUT)."
    if name == "first":
        cap = min(FIRST_CAPS.get(field, settings.max_page), settings.max_page)
        return f"Page size 1 to {cap} (otherwise BAD_USER_INPUT)."
    if name == "maxHops":
        cap = min(HOP_CAPS.get(field, settings.max_hops), settings.max_hops)
        return f"1 to {cap} hops (otherwise BAD_USER_INPUT)."
    return None


def describe_limits(schema: strawberry.Schema, settings: Settings) -> None:
    """Appends the limits to the descriptions of `schema`'s arguments, input fields and root types."""
    graphql_schema = schema._schema
    for type_ in graphql_schema.type_map.values():
        if type_.name.startswith("__"):
            continue
        if isinstance(type_, GraphQLObjectType):
            for field_name, field in type_.fields.items():
                for name, arg in field.args.items():
                    note = _argument_note(settings, field_name, name, arg)
                    if note:
                        _append(arg, note)
        elif isinstance(type_, GraphQLInputObjectType):
            for name, input_field in type_.fields.items():
                named = get_named_type(input_field.type)
                if isinstance(named, GraphQLScalarType) and named.name in _TEXT:
                    limit = string_limit(settings, "", name)
                    _append(input_field, f"At most {limit} characters (longer: BAD_USER_INPUT).")
    bidders = graphql_schema.query_type.fields.get("bidderCheck") if graphql_schema.query_type else None
    if bidders is not None and "usccs" in bidders.args:
        _append(bidders.args["usccs"], f"Between 2 and {settings.max_bidders} distinct USCCs.")
    check = graphql_schema.query_type.fields.get("creditCheck") if graphql_schema.query_type else None
    if check is not None and "usccs" in check.args:
        _append(check.args["usccs"], f"Between 1 and {settings.max_check_subjects} distinct USCCs.")
    request = (
        f"Request limits: query depth {settings.max_depth}, {settings.max_aliases} aliases and "
        f"{settings.max_tokens} tokens (GRAPHQL_VALIDATION_FAILED / GRAPHQL_PARSE_FAILED above), "
        f"request body {settings.max_body_bytes} bytes (HTTP 413 above); string arguments "
        f"{settings.max_string} characters, free texts ({', '.join(sorted(NOTES))}) {settings.max_note}."
    )
    for root in (graphql_schema.query_type, graphql_schema.mutation_type):
        if root is not None:
            root.description = f"{root.description}\n\n{request}" if root.description else request
