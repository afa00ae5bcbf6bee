"""The application layer's modules import one way and keep out of each other's private names.

Read from the source with ``ast``, so the rules hold for every module without importing
it: the import graph of ``fastresp/app``, type-only imports included, has no cycle and
runs application → call → pipeline → sending → contents; no module of ``fastresp/app`` or ``fastresp/plugins``
reads another module's private attribute (``call._responded`` and the like); and the
HTTP value parsers live in ``fastresp/http`` once each.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import fastresp

PACKAGE = Path(fastresp.__file__).parent
APP = PACKAGE / "app"
#: The sending chain, outermost first: a module may import only modules after it.
CHAIN = ("application", "call", "pipeline", "sending", "contents")


def _sibling_imports(path: Path, *, type_only: bool) -> set[str]:
    """The sibling modules ``path`` imports: when run (at any depth but ``if TYPE_CHECKING:``),
    or with ``type_only`` the ones under ``if TYPE_CHECKING:`` as well."""
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test) and not type_only:
                for other in child.orelse:
                    visit(other)
                continue  # annotations only: never executed
            if isinstance(child, ast.ImportFrom) and child.level == 1:
                if child.module:
                    found.add(child.module.split(".")[0])
                else:
                    found.update(alias.name for alias in child.names)
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    return found


def app_graph(*, type_only: bool = False) -> dict[str, set[str]]:
    """Module name -> the ``fastresp.app`` modules it imports at run time (and for annotations)."""
    modules = {path.stem: path for path in APP.glob("*.py")}
    return {
        name: _sibling_imports(path, type_only=type_only) & modules.keys() for name, path in modules.items()
    }


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """A cycle of ``graph`` as a list of names (first repeated last), or None."""
    state: dict[str, int] = {}  # 1 on the current path, 2 finished
    path: list[str] = []

    def visit(name: str) -> list[str] | None:
        state[name] = 1
        path.append(name)
        for target in sorted(graph.get(name, ())):
            if state.get(target) == 1:
                return [*path[path.index(target) :], target]
            if target not in state and (cycle := visit(target)):
                return cycle
        path.pop()
        state[name] = 2
        return None

    for name in sorted(graph):
        if name not in state and (cycle := visit(name)):
            return cycle
    return None


def test_find_cycle_finds_one():
    """The checker itself: a two-module circle is reported, a chain is not."""
    assert find_cycle({"a": {"b"}, "b": {"a"}}) == ["a", "b", "a"]
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": set()}) is None


def test_app_import_graph_is_acyclic():
    """No module of ``fastresp.app`` imports, directly or not, a module that imports it."""
    assert find_cycle(app_graph()) is None


def test_sending_chain_runs_one_way():
    """application → call → pipeline → sending → contents: never back up the chain."""
    graph = app_graph()
    for rank, name in enumerate(CHAIN):
        upstream = set(CHAIN[:rank])
        assert not graph[name] & upstream, f"{name} imports {sorted(graph[name] & upstream)}"


def test_type_only_imports_are_found(tmp_path):
    """The checker itself: an import under ``if TYPE_CHECKING:`` counts for annotations only."""
    module = tmp_path / "contents.py"
    module.write_text(
        "from typing import TYPE_CHECKING\nfrom .headers import X\n"
        "if TYPE_CHECKING:\n    from .call import ApplicationCall\n",
        encoding="utf-8",
    )
    assert _sibling_imports(module, type_only=False) == {"headers"}
    assert _sibling_imports(module, type_only=True) == {"headers", "call"}


def test_type_only_imports_run_one_way_too():
    """Annotations name a module above in the chain through ``roles``' Protocols, never by import."""
    graph = app_graph(type_only=True)
    assert find_cycle(graph) is None
    for rank, name in enumerate(CHAIN):
        upstream = set(CHAIN[:rank])
        assert not graph[name] & upstream, f"{name} imports {sorted(graph[name] & upstream)} for annotations"


def _own_private_names(tree: ast.AST) -> set[str]:
    """Private names a module defines: functions, classes, globals, ``self._x`` and ``__slots__``."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
            if isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"):
                names.add(node.attr)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == "__slots__" for target in node.targets
        ):
            names.update(
                item.value for item in ast.walk(node.value) if isinstance(item, ast.Constant)
            )
    return {name for name in names if isinstance(name, str) and name.startswith("_")}


def private_reaches(path: Path) -> list[str]:
    """``obj._name`` reads in ``path`` of private names that another module defines."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    own = _own_private_names(tree)
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Attribute):
            continue
        name = node.attr
        if not name.startswith("_") or name.startswith("__") or name in own:
            continue
        if isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"):
            continue
        found.append(f"{path.name}:{node.lineno}: {ast.unparse(node)}")
    return found


def test_private_reach_is_detected(tmp_path):
    """The checker itself: ``call._responded`` from another module is reported."""
    module = tmp_path / "plugin.py"
    module.write_text("def hook(call):\n    call._responded = False\n", encoding="utf-8")
    assert private_reaches(module) == ["plugin.py:2: call._responded"]


def test_no_module_reaches_into_another_modules_private_names():
    """StatusPages, the application and the call use public APIs of each other."""
    paths = [*APP.glob("*.py"), *(PACKAGE / "plugins").glob("*.py")]
    found = [reach for path in sorted(paths) for reach in private_reaches(path)]
    assert found == []


def test_http_value_parsers_live_once_in_fastresp_http():
    """The qvalue rule and the token characters are written once, in ``fastresp.http``."""
    qvalue = r"(?:0(?:\.[0-9]{0,3})?|1(?:\.0{0,3})?)"
    holders = [
        path.relative_to(PACKAGE).as_posix()
        for path in sorted(PACKAGE.rglob("*.py"))
        if qvalue in path.read_text(encoding="utf-8") or "!#$%&'*+.^_`|~" in path.read_text(encoding="utf-8")
    ]
    assert holders == ["http/accept.py"]


def test_responded_is_public_and_guarded():
    """``call.responded`` says whether a respond began; reopening is refused once the head is out."""
    from fastresp.app.application import Application
    from fastresp.app.call import ApplicationCall
    from fastresp.app.errors import ResponseAlreadySentError

    call = ApplicationCall(Application(), {"type": "http", "method": "GET"}, None, None)
    assert call.responded is False
    call.responded = True
    call.responded = False  # a plugin may let the call answer again before the head
    call.response.headers.append("X-Dropped", "1")
    call.reset_response()
    assert len(call.response.headers) == 0 and call.responded is False
    call.response.is_committed = True
    with pytest.raises(ResponseAlreadySentError):
        call.responded = False
