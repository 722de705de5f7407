"""Relay-style connections with opaque offset cursors."""

# A cursor is the base64 of "o:<offset>": opaque to clients (they pass back an endCursor), checked
# on the way in. Lists already in memory (a profile's cases …) are cut with `sliced`.

from __future__ import annotations

import base64
from typing import Generic, TypeVar

import strawberry

from api.gql.context import Context
from api.gql.errors import bad_input
from queries.common import Page

T = TypeVar("T")


@strawberry.type
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type
class Edge(Generic[T]):
    cursor: str
    node: T


@strawberry.type
class Connection(Generic[T]):
    edges: list[Edge[T]]
    page_info: PageInfo
    total_count: int


def cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"o:{offset}".encode()).decode()


BAD_CURSOR = "参数 after 不是本接口签发的游标：请传入上一页 pageInfo.endCursor 的值"


def _offset(after: str) -> int:
    try:
        text = base64.urlsafe_b64decode(after.encode("ascii")).decode("ascii")
        if not text.startswith("o:") or not text[2:].isdigit():
            raise ValueError(text)
        return int(text[2:])
    except ValueError as exc:  # binascii.Error and UnicodeError are ValueErrors
        raise bad_input(BAD_CURSOR) from exc


def page(info: strawberry.Info[Context, None], first: int | None, after: str | None) -> Page:
    limit = 50 if first is None else first
    if not 1 <= limit <= info.context.settings.max_page:
        raise bad_input(
            f"参数 first（每页条数）须在 1 到 {info.context.settings.max_page} 之间，收到 {limit}"
        )
    return Page(_offset(after) + 1 if after else 0, limit)


def connection(nodes: list[T], total: int, at: Page) -> Connection[T]:
    edges = [Edge(cursor=cursor(at.offset + i), node=n) for i, n in enumerate(nodes)]
    return Connection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=at.offset + len(nodes) < total,
            has_previous_page=at.offset > 0,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
        total_count=total,
    )


def sliced(
    items: list[T], info: strawberry.Info[Context, None], first: int | None, after: str | None
) -> Connection[T]:
    """One page of a list already at hand."""
    at = page(info, first, after)
    return connection(items[at.offset : at.offset + at.limit], len(items), at)
