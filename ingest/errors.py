"""Errors at the ingest boundary: they carry where (file, row, field) and why."""

from __future__ import annotations

from dataclasses import dataclass

from graph.errors import InvalidInput


@dataclass(frozen=True)
class Problem:
    """One reason a row is quarantined (or, as a warning, merely flagged)."""

    field: str
    reason: str


class IngestError(InvalidInput):
    """Base of ingest errors."""


class UnreadableFile(IngestError):
    """A whole file cannot be read or its kind cannot be told; the other files still load."""

    def __init__(self, file: str, reason: str) -> None:
        super().__init__(f"{file}: {reason}", file=file, reason=reason)
        self.file = file
        self.reason = reason


class RowRejected(IngestError):
    """A row failed validation; it goes to quarantine with every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        message = "; ".join(f"{p.field}: {p.reason}" for p in problems)
        super().__init__(message, field=", ".join(p.field for p in problems))
        self.problems = problems


class GraphNotEmpty(IngestError):
    """`ingest --initial` writes with CREATE and must start from an empty graph."""

    def __init__(self, nodes: int) -> None:
        super().__init__(
            f"图谱不是空的（已有 {nodes} 个节点）：初始加载（--initial）只能写入空图谱。"
            "请先执行 `credit-graph db reset --yes` 清空图谱，或去掉 --initial 以增量方式（MERGE）导入。"
            f" / the graph is not empty ({nodes} nodes): --initial loads only into an empty graph",
            nodes=nodes,
        )
        self.nodes = nodes
