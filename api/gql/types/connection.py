"""Relay-style connections with opaque offset cursors."""

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


def page(info: strawberry.Info[Context, None], first: int | None, after: str | None) -> Page:
    limit = 50 if first is None else first
    if not 1 <= limit <= info.context.settings.max_page:
        raise bad_input(
            f"每页条数（first）须在 1 到 {info.context.settings.max_page} 之间 / "
            f"first must be between 1 and {info.context.settings.max_page}"
        )
    offset = 0
    if after:
        try:
            offset = int(base64.urlsafe_b64decode(after.encode()).decode().removeprefix("o:")) + 1
        except ValueError as exc:
            raise bad_input("翻页游标（after）无效 / after is not a cursor this API issued") from exc
    return Page(offset, limit)


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
