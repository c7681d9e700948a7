"""The shape of the package: no import cycles, arrows pointing down (app -> loaders -> graph), and every
function-local import of a project module explained by a comment.

The import graph is built with ``ast`` from the source files (module-level and function-level imports),
so nothing is imported and a cycle hidden inside a function still counts.
"""
import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("graph", "loaders", "app", "queries")
# A lower layer never imports a higher one: graph < loaders < app.
LAYER = {"graph": 0, "loaders": 1, "app": 2}


def module_name(path: Path) -> str:
    """The dotted module name of a source file under ROOT (``graph/model/__init__.py`` -> ``graph.model``)."""
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def collect_modules() -> dict[str, Path]:
    """Every project module name mapped to its file."""
    return {module_name(p): p for pkg in PACKAGES for p in sorted((ROOT / pkg).rglob("*.py"))}


def resolve(target: str, modules: dict[str, Path]) -> str | None:
    """The longest project module that ``target`` names (``graph.model.records.Paper`` -> ``graph.model.records``)."""
    parts = target.split(".")
    while parts:
        name = ".".join(parts)
        if name in modules:
            return name
        parts.pop()
    return None


def project_imports(name: str, path: Path, modules: dict[str, Path]):
    """Yield ``(imported module, line, is function-local)`` for every project import in one file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    local_nodes = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for inner in ast.walk(node):
                if isinstance(inner, (ast.Import, ast.ImportFrom)):
                    local_nodes.add(id(inner))
    for node in ast.walk(tree):
        targets = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join(anchor + ([base] if base else []))
            # ``from pkg import sub`` names a submodule when one exists, else a name in pkg.
            targets = [f"{base}.{alias.name}" for alias in node.names]
        for target in targets:
            found = resolve(target, modules)
            if found and found != name and not name.startswith(found + "."):  # a package's own __init__ is not a dependency
                yield found, node.lineno, id(node) in local_nodes


def build_graph(modules: dict[str, Path]):
    """The import graph ``{module: {imported module, ...}}`` and the list of function-local imports."""
    graph, local = {name: set() for name in modules}, []
    for name, path in modules.items():
        for target, line, is_local in project_imports(name, path, modules):
            graph[name].add(target)
            if is_local:
                local.append((name, path, line, target))
    return graph, local


def find_cycles(graph: dict[str, set[str]], members) -> list[list[str]]:
    """The strongly connected components (Tarjan) of the graph restricted to ``members`` that hold a cycle."""
    members = set(members)
    index, low, stack, on_stack, out, counter = {}, {}, [], set(), [], [0]

    def visit(node):
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node] & members):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                item = stack.pop()
                on_stack.discard(item)
                component.append(item)
                if item == node:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for node in sorted(members):
        if node not in index:
            visit(node)
    return out


MODULES = collect_modules()
GRAPH, LOCAL = build_graph(MODULES)


def in_package(*roots):
    return [m for m in MODULES if m.split(".")[0] in roots]


def test_the_scanner_sees_a_known_import():
    """Guard against a scanner that finds nothing: the store's base is imported by the embedded store."""
    assert "graph.store.base" in GRAPH["graph.store.embedded.store"]
    assert len(MODULES) > 100


def test_no_import_cycles_in_graph_and_loaders():
    cycles = find_cycles(GRAPH, in_package("graph", "loaders", "queries"))
    assert cycles == [], "import cycles: " + "; ".join(" <-> ".join(c) for c in cycles)


# ---- app/ (helper h26a's part of issue 26, merged): the whole package, app included ----
def test_no_import_cycles_in_app():
    cycles = find_cycles(GRAPH, list(MODULES))
    assert cycles == [], "import cycles: " + "; ".join(" <-> ".join(c) for c in cycles)


def test_arrows_point_down():
    upward = [
        f"{src} imports {dst}"
        for src, targets in GRAPH.items()
        for dst in targets
        if src.split(".")[0] in LAYER and dst.split(".")[0] in LAYER
        and LAYER[dst.split(".")[0]] > LAYER[src.split(".")[0]]
    ]
    assert upward == []


def explained(path: Path, line: int) -> bool:
    """True when the import line or the line just above carries a comment."""
    lines = path.read_text(encoding="utf-8").splitlines()
    here = lines[line - 1]
    above = lines[line - 2].strip() if line >= 2 else ""
    return "#" in here or above.startswith("#")


def unexplained_local_imports(*roots):
    return [
        f"{path.relative_to(ROOT)}:{line} imports {target}"
        for name, path, line, target in LOCAL
        if name.split(".")[0] in roots and not explained(path, line)
    ]


def test_function_local_imports_are_explained_in_graph_and_loaders():
    assert unexplained_local_imports("graph", "loaders", "queries") == []


# ---- app/ (helper h26a's part of issue 26, merged) ----
def test_function_local_imports_are_explained_in_app():
    assert unexplained_local_imports("app") == []


@pytest.mark.parametrize("source, expected", [
    ({"a": {"b"}, "b": {"a"}, "c": {"a"}}, [["a", "b"]]),
    ({"a": {"b"}, "b": {"c"}, "c": set()}, []),
])
def test_find_cycles_on_known_graphs(source, expected):
    assert find_cycles(source, source) == expected
