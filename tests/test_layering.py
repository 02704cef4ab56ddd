"""The shape of bot/ (issue 15): module size, no import cycles, and imports that only go down the layers.

Everything here reads the source with `ast` (nothing is imported), so it is fast. Only module-level
imports count: those inside a module-level `try`/`if` do, those under `if TYPE_CHECKING:` (never runs) or
`if __name__ == "__main__":` (runs only as a script) do not. An import inside a function is the escape
hatch: it runs only when called, so it makes no cycle at load time and drags no higher layer in at import.
These checks do not see such imports; bot/ had 97 function-local imports of bot modules when this was written.
"""

from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BOT = REPO / "bot"

MAX_LINES = 1200
# Files already over the limit (issue 15): split them rather than grow them; add new code in new modules.
# Each must still be over the limit, so the list stays true: take a file off when it shrinks under.
OVERSIZED_ALLOWED: set[str] = set()

# Highest layer first. A module may import (at module level) its own layer and any layer below it, never
# one above. Every module under bot/ must be placed here: a new module fails the test until it is.
LAYERS: list[tuple[str, set[str]]] = [
    (
        "cli",
        {
            # the command line, in one package (issue 13); the `python -m` entry points hand over to it
            "bot.cli",
            "bot.cli.__main__",
            "bot.cli.bench",
            "bot.cli.daemon",
            "bot.cli.db",
            "bot.cli.ops",
            "bot.cli.options",
            "bot.cli.policy",
            "bot.cli.replay",
            "bot.cli.sandbox",
            "bot.cli.score",
            "bot.cli.scoring",
            "bot.cli.web",
            "bot.__main__",
            "bot.sandbox.__main__",
        },
    ),
    ("benchmarks, deployment files", {"bot.deploy", "bot.bench", "bot.replay_bench", "bot.context_bench"}),
    (
        "daemon, web, demo",
        {
            "bot.daemon",
            "bot.demo",
            "bot.web",
            "bot.web.app",
            "bot.web.charts",
            "bot.web.decisions",
            "bot.web.demo",
            "bot.web.followup",
            "bot.web.item_context",
            "bot.web.metrics",
            "bot.web.proxy",
            "bot.web.replay_page",
            "bot.web.security",
            "bot.web.server",
            "bot.web.shared",
            "bot.web.stats",
            "bot.web.views",
            "bot.web.views.admin",
            "bot.web.views.auth",
            "bot.web.views.decisions",
            "bot.web.views.health",
            "bot.web.views.queue",
            "bot.web.views.records",
            "bot.web.views.stats",
        },
    ),
    ("pipeline", {"bot.pipeline", "bot.replay"}),
    (
        "actions, moderation, alerts, export",
        {
            "bot.actions",
            "bot.moderation",
            "bot.alerts",
            "bot.escalation",
            "bot.export",
            "bot.score_jsonl",
            "bot.transparency",
            "bot.media",
            "bot.health",
            "bot.logging_setup",
        },
    ),
    (
        "platforms, policy, scoring",
        {
            "bot.platforms",
            "bot.platforms._common",
            "bot.platforms._http",
            "bot.platforms.base",
            "bot.platforms.facebook",
            "bot.platforms.graph",
            "bot.platforms.instagram",
            "bot.platforms.pacing",
            "bot.platforms.reddit",
            "bot.platforms.x",
            # the sandbox stands in for the platforms' servers
            "bot.sandbox",
            "bot.sandbox.media",
            "bot.sandbox.sandbox",
            "bot.sandbox.seeds",
            "bot.sandbox.servers",
            "bot.sandbox.servers.base",
            "bot.sandbox.servers.facebook",
            "bot.sandbox.servers.graph",
            "bot.sandbox.servers.instagram",
            "bot.sandbox.servers.reddit",
            "bot.sandbox.servers.x",
            "bot.sandbox.standalone",
            "bot.sandbox.state",
            "bot.policy",
            "bot.policy.engine",
            "bot.policy.explain",
            "bot.policy.schema",
            "bot.scoring",
            "bot.scoring.base",
            "bot.scoring.bench",
            "bot.scoring.corpus",
            "bot.scoring.default",
            "bot.scoring.detoxify_backend",
            "bot.scoring.encoder",
            "bot.scoring.evaluate",
            "bot.scoring.families",
            "bot.scoring.families_community",
            "bot.scoring.families_veiled",
            "bot.scoring.families_violence",
            "bot.scoring.features",
            "bot.scoring.model",
            "bot.scoring.normalize",
            "bot.scoring.registry",
            "bot.scoring.rules",
            "bot.scoring.rule_kit",
            "bot.scoring.rules_places",
            "bot.scoring.rules_spam",
            "bot.scoring.train",
        },
    ),
    (
        "store, config",
        {
            "bot.store",
            "bot.store.alerts",
            "bot.store.archive",
            "bot.store.backup",
            "bot.store.context",
            "bot.store.core",
            "bot.store.history",
            "bot.store.journal",
            "bot.store.media",
            "bot.store.ops",
            "bot.store.pages",
            "bot.store.queue",
            "bot.store.reviews",
            "bot.store.rows",
            "bot.store.schema",
            "bot.store.textmatch",
            "bot.store.users",
            "bot.store.verdicts",
            "bot.config",
        },
    ),
    ("domain", {"bot", "bot.domain", "bot.paths", "bot.sd_notify"}),
]

# Module-level imports that break the rules today, each with why it is tolerated: (importer, imported).
# None yet. A new entry needs a reason; fixing one means deleting it here (the test checks it still holds).
KNOWN_CYCLES: dict[frozenset[str], str] = {}
KNOWN_LAYER_VIOLATIONS: dict[tuple[str, str], str] = {}


# The command line is one package (issue 13): nothing outside it imports it, in any form (also inside a
# function, under TYPE_CHECKING or `if __name__ == "__main__":`), and only it uses click. The `python -m`
# entry points are its other doors: they only hand over to it.
CLI_PACKAGE = "bot.cli"
CLI_ENTRY_POINTS = {"bot.__main__", "bot.sandbox.__main__"}


def module_files() -> dict[str, Path]:
    """Dotted module name -> file, for every module under bot/."""
    found = {}
    for path in sorted(BOT.rglob("*.py")):
        parts = list(path.relative_to(REPO).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _never_runs_on_import(node: ast.If) -> bool:
    """`if TYPE_CHECKING:` (never runs) or `if __name__ == "__main__":` (runs only as a script)."""
    test = node.test
    if isinstance(test, ast.Compare) and isinstance(test.left, ast.Name) and test.left.id == "__name__":
        return True
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _top_level_imports(body: list[ast.stmt]) -> list[ast.Import | ast.ImportFrom]:
    found: list[ast.Import | ast.ImportFrom] = []
    for node in body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            found.append(node)
        elif isinstance(node, ast.If):
            if not _never_runs_on_import(node):
                found += _top_level_imports(node.body) + _top_level_imports(node.orelse)
        elif isinstance(node, ast.Try):
            for block in (node.body, node.orelse, node.finalbody, *(h.body for h in node.handlers)):
                found += _top_level_imports(block)
    return found


def import_graph(modules: dict[str, Path]) -> dict[str, set[str]]:
    """Module -> the bot modules it imports at module level (a `from pkg import sub` names pkg.sub)."""

    def owner(name: str) -> str | None:
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name or None

    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        deps: set[str | None] = set()
        for node in _top_level_imports(ast.parse(path.read_text(encoding="utf-8")).body):
            if isinstance(node, ast.Import):
                deps.update(owner(a.name) for a in node.names if a.name.split(".")[0] == "bot")
                continue
            base = node.module or ""
            if node.level:
                up = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(up + ([base] if base else []))
            if base.split(".")[0] != "bot":
                continue
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                deps.add(sub if sub in modules else owner(base))
        deps.discard(None)
        deps.discard(name)
        graph[name] = {d for d in deps if d is not None}
    return graph


def imports_anywhere(name: str, path: Path) -> set[str]:
    """Every module the file imports anywhere (module level, functions, any `if`), and every module named
    as a string to importlib.import_module; `from a import b` names both a and a.b."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1] + ([base] if base else []))
            found.add(base)
            found.update(f"{base}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Call) and node.args:
            func = node.func
            called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            first = node.args[0]
            if called == "import_module" and isinstance(first, ast.Constant) and isinstance(first.value, str):
                found.add(first.value)
    return found


def _within(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def importers_outside(package: str, imported: str, modules: dict[str, Path]) -> set[str]:
    """Modules outside `package` (entry points aside) that import `imported` or anything in it."""
    return {
        name
        for name, path in modules.items()
        if not _within(name, package)
        and name not in CLI_ENTRY_POINTS
        and any(_within(m, imported) for m in imports_anywhere(name, path))
    }


def cycles(graph: dict[str, set[str]]) -> list[frozenset[str]]:
    """The strongly connected components with more than one module (Tarjan), i.e. the import cycles."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[frozenset[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = set()
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.add(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(frozenset(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def layer_violations(graph: dict[str, set[str]], layers: list[tuple[str, set[str]]]) -> set[tuple[str, str]]:
    """(importer, imported) pairs where the imported module sits in a higher layer than the importer."""
    rank = {module: i for i, (_, members) in enumerate(layers) for module in members}  # 0 is the highest
    return {
        (module, dep)
        for module, deps in graph.items()
        for dep in deps
        if module in rank and dep in rank and rank[dep] < rank[module]
    }


# --- self-checks: the checks above can fail ---


def test_the_checks_catch_a_cycle_and_an_upward_import_in_a_synthetic_graph():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    assert cycles(graph) == [frozenset({"a", "b", "c"})]
    assert cycles({"a": {"b"}, "b": set()}) == []
    layers = [("top", {"a"}), ("bottom", {"d", "e"})]
    assert layer_violations({"a": {"d"}, "d": {"a"}, "e": set()}, layers) == {("d", "a")}


def test_the_import_graph_reads_module_level_imports_only(tmp_path):
    pkg = tmp_path / "bot"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "sub" / "__init__.py").write_text("from bot.sub import leaf\n")
    (pkg / "sub" / "leaf.py").write_text("")
    (pkg / "low.py").write_text(
        "from typing import TYPE_CHECKING\n"
        "from bot import sub\n"
        "from .sub.leaf import x\n"
        "try:\n    import bot.high\nexcept ImportError:\n    pass\n"
        "if TYPE_CHECKING:\n    from bot import cli\n"
        "def later():\n    from bot import cli\n"
        "if __name__ == '__main__':\n    from bot import cli\n"
    )
    (pkg / "high.py").write_text("")
    (pkg / "cli.py").write_text("")
    modules = {
        "bot": pkg / "__init__.py",
        "bot.sub": pkg / "sub" / "__init__.py",
        "bot.sub.leaf": pkg / "sub" / "leaf.py",
        "bot.low": pkg / "low.py",
        "bot.high": pkg / "high.py",
        "bot.cli": pkg / "cli.py",
    }
    graph = import_graph(modules)
    assert graph["bot.low"] == {"bot.sub", "bot.sub.leaf", "bot.high"}
    assert graph["bot.sub"] == {"bot.sub.leaf"}


def test_the_cli_check_sees_every_form_of_import_and_only_the_cli_package(tmp_path):
    pkg = tmp_path / "bot"
    (pkg / "cli").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "cli" / "__init__.py").write_text("from bot.cli import web\n")
    (pkg / "cli" / "web.py").write_text("import click\nfrom bot import cli\n")
    (pkg / "__main__.py").write_text("from bot.cli import main\n")
    files = {
        "late.py": "def later():\n    from bot.cli.web import serve\n",
        "typed.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from . import cli\n",
        "script.py": "if __name__ == '__main__':\n    import bot.cli\n",
        "dynamic.py": "import importlib\nweb = importlib.import_module('bot.cli.web')\n",
        "client.py": "import bot.client_library\nfrom bot import clients\n",
        "clicky.py": "from click import echo\n",
    }
    for file, text in files.items():
        (pkg / file).write_text(text)
    modules = {
        "bot": pkg / "__init__.py",
        "bot.cli": pkg / "cli" / "__init__.py",
        "bot.cli.web": pkg / "cli" / "web.py",
        "bot.__main__": pkg / "__main__.py",
        **{f"bot.{file[:-3]}": pkg / file for file in files},
    }
    assert importers_outside(CLI_PACKAGE, CLI_PACKAGE, modules) == {
        "bot.late",
        "bot.typed",
        "bot.script",
        "bot.dynamic",
    }
    assert importers_outside(CLI_PACKAGE, "click", modules) == {"bot.clicky"}


# --- the rules on the real bot/ ---


def test_no_module_under_bot_exceeds_the_size_limit():
    sizes = {
        str(p.relative_to(REPO)): len(p.read_text(encoding="utf-8").splitlines()) for p in BOT.rglob("*.py")
    }
    too_big = sorted(
        f"{f} ({n} lines)" for f, n in sizes.items() if n > MAX_LINES and f not in OVERSIZED_ALLOWED
    )
    assert not too_big, f"over {MAX_LINES} lines: split them, or put new code in a new module: {too_big}"
    stale = sorted(f for f in OVERSIZED_ALLOWED if sizes.get(f, 0) <= MAX_LINES)
    assert not stale, f"no longer over {MAX_LINES} lines (or gone): take them off OVERSIZED_ALLOWED: {stale}"


def test_bot_modules_do_not_import_each_other_in_a_circle():
    found = set(cycles(import_graph(module_files())))
    new = sorted(sorted(c) for c in found - KNOWN_CYCLES.keys())
    assert not new, f"module-level import cycles (move one import into the function that needs it): {new}"
    fixed = sorted(sorted(c) for c in KNOWN_CYCLES.keys() - found)
    assert not fixed, f"these cycles are gone: delete them from KNOWN_CYCLES: {fixed}"


def test_every_bot_module_is_placed_in_exactly_one_layer():
    placed = [m for _, members in LAYERS for m in members]
    twice = sorted({m for m in placed if placed.count(m) > 1})
    assert not twice, f"placed in more than one layer: {twice}"
    modules = set(module_files())
    unplaced = sorted(modules - set(placed))
    assert not unplaced, f"new modules: place them in LAYERS in tests/test_layering.py: {unplaced}"
    gone = sorted(set(placed) - modules)
    assert not gone, f"modules that no longer exist: take them out of LAYERS: {gone}"


def test_bot_modules_import_only_their_own_layer_or_lower():
    found = layer_violations(import_graph(module_files()), LAYERS)
    new = sorted(found - KNOWN_LAYER_VIOLATIONS.keys())
    assert not new, f"(importer, imported) reaching up a layer (import inside the function instead?): {new}"
    fixed = sorted(KNOWN_LAYER_VIOLATIONS.keys() - found)
    assert not fixed, f"fixed: delete them from KNOWN_LAYER_VIOLATIONS: {fixed}"


def test_nothing_outside_bot_cli_imports_it():
    modules = module_files()
    assert CLI_PACKAGE in modules and modules.keys() >= CLI_ENTRY_POINTS
    found = sorted(importers_outside(CLI_PACKAGE, CLI_PACKAGE, modules))
    assert not found, f"import the CLI only from bot/cli/ (move what they need into the library): {found}"


def test_the_python_m_entry_points_only_hand_over_to_the_cli():
    modules = module_files()
    for name in sorted(CLI_ENTRY_POINTS):
        bot_imports = {m for m in imports_anywhere(name, modules[name]) if _within(m, "bot")}
        assert bot_imports and all(_within(m, CLI_PACKAGE) for m in bot_imports), (name, bot_imports)


def test_only_bot_cli_uses_click():
    found = sorted(importers_outside(CLI_PACKAGE, "click", module_files()))
    assert not found, f"library modules take an `echo` callable instead of importing click: {found}"
