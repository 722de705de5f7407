"""The layout's rules, read from the source with `ast` (nothing is imported):

- no import cycle between modules of graph/ ingest/ nlp/ queries/ api/, counting every import —
  at the top, inside functions and under `TYPE_CHECKING` (a cycle is a cycle for the reader and
  for mypy even where Python happens to survive it);
- the legal vocabulary (graph/legal/) reaches no driver, NLP or API library, not even through
  other modules of the tree. (graph/model.py is held to the same by tests/graph/test_model.py,
  at run time.)
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

from tests.conftest import ROOT

PACKAGES = ("graph", "ingest", "nlp", "queries", "api")
HEAVY = ("neo4j", "spacy", "strawberry", "starlette")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for package in PACKAGES for p in sorted((ROOT / package).rglob("*.py"))}


def _imported(tree: ast.Module, name: str, is_package: bool) -> Iterator[str]:
    """Every dotted name this module imports; `from pkg import x` yields `pkg.x` as well as `pkg`
    (the caller keeps whichever is a module)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: from the module's package (itself, for an __init__)
                anchor = name.split(".")
                anchor = anchor[: len(anchor) - node.level + (1 if is_package else 0)]
                base = ".".join([*anchor, *([node.module] if node.module else [])])
            else:
                base = node.module or ""
            yield base
            yield from (f"{base}.{alias.name}" for alias in node.names if alias.name != "*")


def _resolve(dotted: str, modules: dict[str, Path]) -> str | None:
    """The most specific module of the tree that `dotted` names (None: outside the tree)."""
    parts = dotted.split(".")
    while parts:
        if ".".join(parts) in modules:
            return ".".join(parts)
        parts.pop()
    return None


def import_graph() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """(module → modules of the tree it imports, module → top-level outside packages it imports).

    Importing `a.b.c` also runs `a` and `a.b`: those packages are edges too, except the importer's
    own enclosing packages (already being initialised when it runs)."""
    modules = _modules()
    edges: dict[str, set[str]] = {name: set() for name in modules}
    outside: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        own = {".".join(name.split(".")[:i]) for i in range(1, name.count(".") + 1)}
        for dotted in _imported(tree, name, path.name == "__init__.py"):
            target = _resolve(dotted, modules)
            if target is None:
                if dotted.split(".")[0] not in PACKAGES:
                    outside[name].add(dotted.split(".")[0])
                continue
            parts = target.split(".")
            for i in range(1, len(parts) + 1):
                step = ".".join(parts[:i])
                if step in modules and step != name and step not in own:
                    edges[name].add(step)
    return edges, outside


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each as one cycle
    through it, from its first module back to it, then any other members of the component."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for succ in sorted(edges[node]):
            if succ not in index:
                visit(succ)
                low[node] = min(low[node], low[succ])
            elif succ in on_stack:
                low[node] = min(low[node], index[succ])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                loop = _loop(sorted(component), edges)
                found.append([*loop, *(f"(and {m})" for m in sorted(set(component) - set(loop)))])

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return sorted(found)


def _loop(component: list[str], edges: dict[str, set[str]]) -> list[str]:
    """One closed path through the component, from its first module back to it (breadth first)."""
    start, members = component[0], set(component)
    previous: dict[str, str] = {}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for succ in sorted(edges[node] & members):
            if succ == start:
                path = [node]
                while path[-1] != start:
                    path.append(previous[path[-1]])
                return [*reversed(path), start]
            if succ not in previous:
                previous[succ] = node
                queue.append(succ)
    raise AssertionError(f"not a cycle: {component}")


def test_no_import_cycles() -> None:
    found = cycles(import_graph()[0])
    assert not found, "import cycles:\n" + "\n".join(" → ".join(loop) for loop in found)


def test_the_cycle_check_sees_every_kind_of_import() -> None:
    """The check itself: function-level, TYPE_CHECKING and `from pkg import module` imports count."""
    modules = {"p": Path(), "p.a": Path(), "p.b": Path(), "p.c": Path()}
    a = ast.parse("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from p.b import X\n")
    b = ast.parse("def f():\n    from p import c\n")
    c = ast.parse("from . import a\n")
    assert _resolve("p.b.X", modules) == "p.b"
    assert {_resolve(d, modules) for d in _imported(a, "p.a", False)} >= {"p.b"}
    assert {_resolve(d, modules) for d in _imported(b, "p.b", False)} == {"p", "p.c"}
    assert {_resolve(d, modules) for d in _imported(c, "p.c", False)} == {"p", "p.a"}
    assert cycles({"p.a": {"p.b"}, "p.b": {"p.c"}, "p.c": {"p.a"}, "p.d": {"p.a"}}) == [
        ["p.a", "p.b", "p.c", "p.a"]
    ]


def test_legal_vocabulary_reaches_no_driver_nlp_or_api_library() -> None:
    edges, outside = import_graph()
    legal = [name for name in edges if name == "graph.legal" or name.startswith("graph.legal.")]
    assert "graph.legal.codes" in legal
    for name in legal:
        reached, todo = {name}, [name]
        while todo:
            for succ in edges[todo.pop()] - reached:
                reached.add(succ)
                todo.append(succ)
        heavy = {f"{m} imports {lib}" for m in reached for lib in outside[m] & set(HEAVY)}
        assert not heavy, f"{name} reaches: {sorted(heavy)}"


def test_every_module_is_listed_in_docs_layout() -> None:
    """docs/layout.md (and through it the README's Architecture section) names every module."""
    listed: set[str] = set()
    package = ""
    for line in (ROOT / "docs" / "layout.md").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith(" ") and "/  — " in line:
            package = line.split("/  — ")[0]
        elif line.startswith("  ") and line.split()[0].endswith(".py"):
            listed.add(f"{package}/{line.split()[0]}")
    modules = {
        str(path.relative_to(ROOT))
        for name in PACKAGES
        for path in (ROOT / name).rglob("*.py")
        if path.name != "__init__.py"
    }
    assert modules - listed == set(), "modules missing from docs/layout.md"
    assert listed - modules == set(), "docs/layout.md lists modules that do not exist"
