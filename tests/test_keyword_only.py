"""Constructors with more than three parameters take the rest by keyword (issue 15 item 4).

A call like `PacedAdapter(pacer, info, 10.0, url, None, (), bucket)` hides which argument is which and lets
two of a type be swapped unnoticed. The rule, read from the source with `ast`: a class whose constructor
(its `__init__`, or a dataclass's fields) has more than three parameters accepts at most three of them
positionally. CHECKED holds the whole of `bot/` to it.
"""

from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
MAX_POSITIONAL = 3
CHECKED = ["bot"]


def _dataclass_kw_only(node: ast.ClassDef) -> bool | None:
    """None: not a dataclass; else whether it is declared kw_only=True."""
    for deco in node.decorator_list:
        target = deco.func if isinstance(deco, ast.Call) else deco
        name = target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")
        if name != "dataclass":
            continue
        if isinstance(deco, ast.Call):
            return any(
                k.arg == "kw_only" and isinstance(k.value, ast.Constant) and k.value.value is True
                for k in deco.keywords
            )
        return False
    return None


def _is_classvar(annotation: ast.expr) -> bool:
    text = ast.unparse(annotation)
    return text.startswith(("ClassVar", "typing.ClassVar"))


def constructor_violations(source: str, filename: str) -> list[str]:
    """Classes in `source` whose constructor has more than three parameters, more than three positional."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.ClassDef):
            continue
        kw_only = _dataclass_kw_only(node)
        if kw_only is not None:
            fields = [
                s.target
                for s in node.body
                if isinstance(s, ast.AnnAssign)
                and isinstance(s.target, ast.Name)
                and not _is_classvar(s.annotation)
            ]
            total, positional = len(fields), 0 if kw_only else len(fields)
        else:
            init = next(
                (s for s in node.body if isinstance(s, ast.FunctionDef) and s.name == "__init__"), None
            )
            if init is None:
                continue
            args = init.args
            positional = len(args.posonlyargs) + len(args.args) - 1  # without self
            total = positional + len(args.kwonlyargs)
        if total > MAX_POSITIONAL and positional > MAX_POSITIONAL:
            found.append(f"{filename}:{node.lineno} {node.name} ({positional} of {total} positional)")
    return found


def test_the_check_catches_positional_constructors_and_passes_keyword_only_ones():
    source = """
from dataclasses import dataclass
from typing import ClassVar

class Wide:
    def __init__(self, a, b, c, d=None): ...

class Narrow:
    def __init__(self, a, b, *, c=None, d=None): ...

class Three:
    def __init__(self, a, b, c): ...

@dataclass
class Record:
    a: int
    b: int
    c: int
    d: int = 0

@dataclass(kw_only=True)
class Named:
    a: int
    b: int
    c: int
    d: int = 0

@dataclass(frozen=True)
class Small:
    a: int
    b: int
    c: int
    limit: ClassVar[int] = 3
"""
    found = constructor_violations(source, "x.py")
    assert [f.split()[1] for f in found] == ["Wide", "Record"]


def test_constructors_in_checked_modules_take_more_than_three_arguments_by_keyword():
    files = []
    for entry in CHECKED:
        path = REPO / entry
        assert path.exists(), f"{entry} is gone: update CHECKED"
        files += sorted(path.rglob("*.py")) if path.is_dir() else [path]
    found = [
        v
        for f in files
        for v in constructor_violations(f.read_text(encoding="utf-8"), str(f.relative_to(REPO)))
    ]
    assert not found, f"more than {MAX_POSITIONAL} positional constructor parameters: add a `*`: {found}"
