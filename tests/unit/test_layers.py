"""The layer rules, read from the source with `ast` (imports inside functions, under
`if TYPE_CHECKING:` and through `importlib.import_module("…")` all count):

- only lea_desktop/ui/ may import Qt (PySide6 or shiboken6): the CLI, the databank server, exports
  and storage must run on machines without a display and be testable without Qt;
- the packages import down the chain
  `domain ← storage ← {formkit, printing, exports, sync, scanning} ← usecases ← {ui, commands}`
  (docs/architecture.md), never up; a lazy import for start-up speed is fine when it points down;
- the databank imports neither storage, the use cases nor the GUI (nor they it);
- the package import graph has no cycle.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

import lea_desktop

PACKAGE = Path(lea_desktop.__file__).resolve().parent
QT_MODULES = ("PySide6", "shiboken6", "PyQt5", "PyQt6", "PySide2")

# Each package or top-level module of lea_desktop ("unit") in its layer, lowest first. A unit may
# import units of its own layer or a lower one. `__init__` is lea_desktop itself (`__version__`).
LAYERS: tuple[frozenset[str], ...] = (
    frozenset({"__init__", "domain", "paths", "reference", "logs"}),
    frozenset({"storage"}),
    frozenset({"formkit", "printing", "exports", "sync", "scanning"}),
    frozenset({"usecases"}),
    frozenset({"ui", "commands", "cli", "__main__", "databank"}),
)
# The databank server runs without the laptop's database, use cases and GUI.
APART = {"databank": frozenset({"storage", "usecases", "ui", "commands", "cli", "__main__"})}


def rank(unit: str) -> int:
    for i, layer in enumerate(LAYERS):
        if unit in layer:
            return i
    raise KeyError(f"lea_desktop.{unit} is in no layer: add it to LAYERS (and the docs)")


def _where(path: Path, root: Path) -> str:
    return str(path.relative_to(root.parent)) if root.parent in path.parents else str(path)


def imported_names(path: Path, module: str) -> list[tuple[int, str]]:
    """(line, absolute module name) of every import in the file, at any depth. For
    `from x import a` both `x` and `x.a` are listed (`a` may be a module)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)]
                name = ".".join([*base, *([node.module] if node.module else [])])
            else:
                name = node.module or ""
            found.append((node.lineno, name))
            found += [(node.lineno, f"{name}.{alias.name}") for alias in node.names]
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", ""))
            in ("import_module", "__import__")
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            found.append((node.lineno, node.args[0].value))
    return found


def qt_imports(path: Path) -> list[str]:
    """`module:line` for each import of a Qt binding in the file."""
    found: dict[int, str] = {}  # one per statement
    for line, name in imported_names(path, "lea_desktop._probe"):
        if name.split(".")[0] in QT_MODULES:
            found.setdefault(line, f"{_where(path, PACKAGE)}:{line} imports {name}")
    return list(found.values())


def _module_name(path: Path, root: Path) -> str:
    parts = path.relative_to(root.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _unit_of(name: str, root: Path) -> str | None:
    """The unit a module name belongs to; None outside the package. `lea_desktop.x` where x is
    no module (an attribute such as `__version__`) is lea_desktop itself."""
    parts = name.split(".")
    if parts[0] != root.name:
        return None
    if len(parts) == 1:
        return "__init__"
    head = parts[1]
    if (root / head).is_dir() or (root / f"{head}.py").is_file():
        return head
    return "__init__"


def import_graph(root: Path = PACKAGE) -> dict[tuple[str, str], list[str]]:
    """(importing unit, imported unit) → where ("file:line module"), for every import between
    two different units of the package under `root`."""
    edges: dict[tuple[str, str], list[str]] = defaultdict(list)
    for path in sorted(root.rglob("*.py")):
        module = _module_name(path, root)
        source = _unit_of(module, root) if module != root.name else "__init__"
        assert source is not None
        for line, name in imported_names(path, module):
            target = _unit_of(name, root)
            if target is None or target == source or name == root.name:
                continue
            place = f"{_where(path, root)}:{line}"
            # `from x import a` lists x and x.a: one entry per statement
            if not any(p.split(" ")[0] == place for p in edges[(source, target)]):
                edges[(source, target)].append(f"{place} {name}")
    return dict(edges)


def layer_violations(edges: dict[tuple[str, str], list[str]]) -> list[str]:
    """Every import that points up the chain or crosses the databank's fence."""
    bad = []
    for (source, target), places in sorted(edges.items()):
        fenced = target in APART.get(source, ()) or source in APART.get(target, ())
        if fenced or rank(target) > rank(source):
            bad += [f"{place}  ({source} → {target})" for place in places]
    return bad


def cycles(pairs: Iterable[tuple[str, str]]) -> list[list[str]]:
    """The strongly connected groups of more than one unit (Tarjan), each sorted."""
    graph: dict[str, set[str]] = defaultdict(set)
    for a, b in pairs:
        graph[a].add(b)
        graph.setdefault(b, set())
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                group.append(top)
                if top == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


# -- the rules, on the real package --------------------------------------------------------


def test_only_the_ui_package_imports_qt():
    """Every module outside lea_desktop/ui/ is free of Qt imports."""
    ui = PACKAGE / "ui"
    offenders = [
        hit
        for path in sorted(PACKAGE.rglob("*.py"))
        if ui not in path.parents
        for hit in qt_imports(path)
    ]
    assert offenders == []


def test_every_unit_has_a_layer():
    """A new package or top-level module must be placed in the chain before it is used."""
    units = {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    units |= {p.stem for p in PACKAGE.glob("*.py")}
    for unit in sorted(units):
        rank(unit)


def test_imports_point_down_the_layers():
    """No import, at any depth, reaches up the chain or across the databank's fence."""
    assert layer_violations(import_graph()) == []


def test_the_package_graph_has_no_cycle():
    assert cycles(import_graph()) == []


# -- the checker itself (so the rules above cannot pass vacuously) -------------------------


def test_the_check_sees_every_form_of_qt_import(tmp_path):
    """The checker finds plain, from-, nested and importlib imports, and ignores names that
    merely look alike."""
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import PySide6.QtCore\n"
        "from PySide6.QtWidgets import QWidget\n"
        "def later():\n"
        "    import shiboken6\n"
        "    importlib.import_module('PySide6.QtGui')\n"
        "import pyside_helpers\n",
        encoding="utf-8",
    )
    assert len(qt_imports(sample)) == 4
    assert qt_imports(PACKAGE / "ui" / "main_window.py")


def _fake_package(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "lea_desktop"
    for name, text in {"__init__.py": "__version__ = '0'\n", **files}.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def test_the_check_counts_every_kind_of_import_between_units(tmp_path):
    """Top-level, inside functions, under TYPE_CHECKING, relative, `from lea_desktop import x`
    and importlib imports all make an edge; importing an attribute of lea_desktop itself
    points at the package root, and an import inside one unit makes none."""
    root = _fake_package(
        tmp_path,
        {
            "domain/__init__.py": "",
            "domain/clock.py": "from . import other\n",
            "paths.py": "",
            "storage/__init__.py": "",
            "storage/a.py": (
                "from typing import TYPE_CHECKING\n"
                "import lea_desktop.domain.clock\n"
                "from lea_desktop import paths, __version__\n"
                "if TYPE_CHECKING:\n"
                "    from lea_desktop.usecases import followers\n"
                "def later():\n"
                "    from ..sync import engine\n"
                "    importlib.import_module('lea_desktop.ui.app')\n"
                "    from lea_desktop.storage import b\n"
            ),
            "sync/__init__.py": "",
            "usecases/__init__.py": "",
            "ui/__init__.py": "",
        },
    )
    edges = import_graph(root)
    assert sorted(edges) == [
        ("storage", "__init__"),
        ("storage", "domain"),
        ("storage", "paths"),
        ("storage", "sync"),
        ("storage", "ui"),
        ("storage", "usecases"),
    ]
    assert edges[("storage", "usecases")] == ["lea_desktop/storage/a.py:5 lea_desktop.usecases"]
    bad = layer_violations(edges)
    assert [b.split("  ")[1] for b in bad] == [
        "(storage → sync)",
        "(storage → ui)",
        "(storage → usecases)",
    ]


def test_the_databank_fence_and_cycles_are_caught(tmp_path):
    root = _fake_package(
        tmp_path,
        {
            "databank/__init__.py": "from lea_desktop.storage import Store\n",
            "storage/__init__.py": "",
            "exports/__init__.py": "def f():\n    from lea_desktop import printing\n",
            "printing/__init__.py": "from lea_desktop.exports import x\n",
        },
    )
    edges = import_graph(root)
    assert layer_violations(edges) == [
        "lea_desktop/databank/__init__.py:1 lea_desktop.storage  (databank → storage)"
    ]
    assert cycles(edges) == [["exports", "printing"]]
    assert cycles([("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")]) == [["a", "b", "c"]]


# SQL is written in lea_desktop/storage/ only, in functions named for what they answer; the
# databank has its own SQLAlchemy layer (lea_desktop/databank/). Nothing else is allowed: a module
# that must keep a query of its own goes here, with the reason.
SQL_HOMES = ("storage", "databank")
SQL_ALLOWED: dict[str, str] = {}
_SQL_CALLS = {"execute", "executemany", "executescript", "query"}


def _is_text(node: ast.expr) -> bool:
    """A string literal, f-string or an expression built from them ("SELECT " + where)."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, ast.JoinedStr):
        return True
    return isinstance(node, ast.BinOp) and (_is_text(node.left) or _is_text(node.right))


def sql_calls(root: Path = PACKAGE) -> list[str]:
    """`file:line` of every `.execute(`/`.query(`… called with SQL text outside the SQL homes."""
    found = []
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root)
        if rel.parts[0] in SQL_HOMES or str(rel) in SQL_ALLOWED:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in _SQL_CALLS
                and node.args
                and _is_text(node.args[0])
            ):
                found.append(f"{_where(path, root)}:{node.lineno}")
    return found


def test_sql_is_written_only_in_storage_and_the_databank():
    assert sql_calls() == []


def test_the_sql_check_sees_every_form_of_query(tmp_path):
    package = _fake_package(
        tmp_path,
        {
            "storage/rows.py": 'def n(db):\n    return db.execute("SELECT 1")\n',
            "commands/a.py": 'def a(db):\n    db.execute("SELECT 1")\n',
            "commands/b.py": 'def b(db, t):\n    db.query(f"SELECT * FROM {t}")\n',
            "usecases/c.py": 'def c(db):\n    db.executemany("INSERT" + " x", [])\n',
            "ui/d.py": "def d(pool, job):\n    pool.execute(job)\n",
        },
    )
    assert [s.split("/", 1)[1] for s in sql_calls(package)] == [
        "commands/a.py:2",
        "commands/b.py:2",
        "usecases/c.py:2",
    ]
