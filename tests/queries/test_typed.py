"""The read side is typed: nothing `queries/` returns is, or contains, an untyped value.

Every public function of every queries module is checked: its return type, and recursively every
field of every dataclass it can reach, must be free of `Any` (so no `dict[str, Any]` rows leak).
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import pkgutil
import types
import typing
from typing import Any

import queries


def _modules() -> list[types.ModuleType]:
    return [importlib.import_module(f"queries.{m.name}") for m in pkgutil.iter_modules(queries.__path__)]


def _untyped(hint: object, seen: set[object], where: str) -> list[str]:
    if hint is Any:
        return [where]
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        if hint in seen:
            return []
        seen.add(hint)
        hints = typing.get_type_hints(hint)
        return [
            bad
            for f in dataclasses.fields(hint)
            for bad in _untyped(hints[f.name], seen, f"{hint.__name__}.{f.name}")
        ]
    return [bad for arg in typing.get_args(hint) for bad in _untyped(arg, seen, where)]


def test_queries_return_only_typed_values() -> None:
    checked, untyped = [], []
    for module in _modules():
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            if name.startswith("_") or fn.__module__ != module.__name__:
                continue
            checked.append(f"{module.__name__}.{name}")
            ret = typing.get_type_hints(fn)["return"]
            untyped += _untyped(ret, set(), f"{module.__name__}.{name}")
    assert "queries.bidders.run_bidder_check" in checked and "queries.profile.entity_profiles" in checked
    assert untyped == []


def test_read_models_are_frozen() -> None:
    for module in _modules():
        for _, cls in inspect.getmembers(module, dataclasses.is_dataclass):
            if cls.__module__ == module.__name__:
                assert cls.__dataclass_params__.frozen, cls
