"""Finds the core messages in the source: what ``app.i18n.tr`` is called with, and ``N_``.

Used by ``test_catalogue.py``. The scan is static (``ast``), so a message is found where it
is written, whether or not a test happens to run the line that translates it:

- ``tr("literal", ...)`` (implicitly concatenated literals are one constant in the tree),
  with ``tr`` imported from ``app.i18n`` under any name, or called as ``i18n.tr``;
- ``N_("literal")``: the no-op marker of ``app.i18n`` (or of ``drivers.messages``, since the
  drivers never import the app) for a message that reaches ``tr`` through a variable;
- every other ``tr(expression)`` is an *indirect* site. It is accepted when the expression
  is a name (or ``name[key]``, ``name.get(key, ...)``) whose every assignment in the
  enclosing function or module is marked: each string in it sits inside ``N_(...)``
  (a dict's keys excepted: they are codes, not messages). Anything else must be listed by
  the test with the messages that can reach it.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
I18N_MODULES = {"app.i18n", "i18n", "drivers.messages", "messages"}


@dataclass(frozen=True)
class Use:
    """One message written in the source (a ``tr`` literal or an ``N_`` mark)."""

    message: str
    path: str
    line: int
    keywords: frozenset[str] | None = None  # what ``tr`` fills in; None: not known here
    marked: bool = False  # an ``N_`` mark, not a ``tr`` call

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass
class Scan:
    """What one pass over the source found."""

    uses: list[Use] = field(default_factory=list)
    indirect: list[tuple[str, int, str]] = field(default_factory=list)  # path, line, expr
    unchecked: list[tuple[str, int, str]] = field(default_factory=list)  # not provable
    formatted: list[tuple[str, int, str]] = field(default_factory=list)  # tr(f"...")

    @property
    def messages(self) -> set[str]:
        return {u.message for u in self.uses}


def source_files() -> Iterator[Path]:
    """Every module of ``app`` (app.ui too: it may call the core ``tr`` for core text) and
    ``drivers``."""
    for package in ("app", "drivers"):
        yield from sorted((ROOT / package).rglob("*.py"))


def _is_i18n(module: str | None, level: int) -> bool:
    if module is None:
        return False
    return module in I18N_MODULES if level else module in {"app.i18n", "drivers.messages"}


class _Names(ast.NodeVisitor):
    """The local names under which a module sees ``tr`` and ``N_`` (and the i18n module)."""

    def __init__(self) -> None:
        self.tr: set[str] = set()
        self.mark: set[str] = set()
        self.modules: set[str] = set()

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if _is_i18n(node.module, node.level):
            for alias in node.names:
                target = {"tr": self.tr, "N_": self.mark}.get(alias.name)
                if target is not None:
                    target.add(alias.asname or alias.name)
        elif node.module in {"app", "drivers", None}:
            for alias in node.names:
                if alias.name in {"i18n", "messages"}:
                    self.modules.add(alias.asname or alias.name)

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            if alias.name in {"app.i18n", "drivers.messages"} and alias.asname:
                self.modules.add(alias.asname)


def _called(node: ast.Call, names: set[str], modules: set[str], attr: str) -> bool:
    func = node.func
    if isinstance(func, ast.Name):
        return func.id in names
    return (
        isinstance(func, ast.Attribute)
        and func.attr == attr
        and isinstance(func.value, ast.Name)
        and func.value.id in modules
    )


def _literal(node: ast.expr | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


class _Module:
    """One parsed module: its marks, its ``tr`` calls and the scopes that resolve names."""

    def __init__(self, path: Path, root: Path = ROOT) -> None:
        self.rel = path.relative_to(root).as_posix()
        self.tree = ast.parse(path.read_text(encoding="utf-8"), filename=self.rel)
        names = _Names()
        names.visit(self.tree)
        self.names = names
        self.parents: dict[ast.AST, ast.AST] = {}
        for parent in ast.walk(self.tree):
            for child in ast.iter_child_nodes(parent):
                self.parents[child] = parent

    def is_tr(self, node: ast.Call) -> bool:
        return _called(node, self.names.tr, self.names.modules, "tr")

    def is_mark(self, node: ast.Call) -> bool:
        return _called(node, self.names.mark, self.names.modules, "N_")

    def marked(self, value: ast.expr) -> bool:
        """True when every string in ``value`` is inside an ``N_`` call (dict keys aside)
        and there is at least one."""
        if isinstance(value, ast.Call) and self.is_mark(value):
            return _literal(value.args[0] if value.args else None) is not None
        if isinstance(value, ast.Dict):
            return bool(value.values) and all(self.marked(v) for v in value.values)
        if isinstance(value, ast.Tuple | ast.List | ast.Set):
            return bool(value.elts) and all(self.marked(v) for v in value.elts)
        if isinstance(value, ast.IfExp):
            return self.marked(value.body) and self.marked(value.orelse)
        return False

    def _scope(self, node: ast.AST) -> ast.AST:
        while node in self.parents:
            node = self.parents[node]
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
                return node
        return self.tree

    def _assignments(self, scope: ast.AST, name: str) -> list[ast.expr] | None:
        """The values ``name`` is assigned in ``scope`` (not in nested functions); None
        when it is also bound otherwise there (a parameter, a loop or ``with`` target...),
        since then its values cannot be read from the source."""
        values: list[ast.expr] = []
        plain: set[int] = set()
        stores: set[int] = set()
        if isinstance(scope, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            arguments = scope.args
            every = [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]
            every += [a for a in (arguments.vararg, arguments.kwarg) if a is not None]
            if any(a.arg == name for a in every):
                return None
        for node in ast.walk(scope):
            if node is not scope and self._scope(node) is not scope:
                continue
            if isinstance(node, ast.Name) and node.id == name and isinstance(node.ctx, ast.Store):
                stores.add(id(node))
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    if isinstance(target, ast.Name) and target.id == name:
                        values.append(node.value)
                        plain.add(id(target))
            elif (
                isinstance(node, ast.AnnAssign)
                and isinstance(node.target, ast.Name)
                and node.target.id == name
                and node.value is not None
            ):
                values.append(node.value)
                plain.add(id(node.target))
        return values if stores <= plain else None

    def resolves(self, call: ast.Call, expr: ast.expr) -> bool:
        """True when ``expr`` is a marked name, ``name[key]`` or ``name.get(key, ...)``."""
        if isinstance(expr, ast.Subscript):
            expr = expr.value
        elif (
            isinstance(expr, ast.Call)
            and isinstance(expr.func, ast.Attribute)
            and expr.func.attr == "get"
        ):
            expr = expr.func.value
        if not isinstance(expr, ast.Name):
            return False
        scope = self._scope(call)
        for where in (scope, self.tree) if scope is not self.tree else (self.tree,):
            values = self._assignments(where, expr.id)
            if values is None:
                return False
            if values:
                return all(self.marked(v) for v in values)
        return False

    def scan_into(self, scan: Scan) -> None:
        for node in ast.walk(self.tree):
            if not isinstance(node, ast.Call):
                continue
            first = node.args[0] if node.args else None
            if self.is_mark(node):
                text = _literal(first)
                assert text is not None, f"{self.rel}:{node.lineno}: N_() needs a literal"
                scan.uses.append(Use(text, self.rel, node.lineno, marked=True))
            elif self.is_tr(node) and first is not None:
                text = _literal(first)
                if text is not None:
                    names = {k.arg for k in node.keywords}
                    known = None if None in names else frozenset(str(n) for n in names)
                    scan.uses.append(Use(text, self.rel, node.lineno, known))
                    continue
                site = (self.rel, node.lineno, ast.unparse(first))
                if isinstance(first, ast.JoinedStr):
                    scan.formatted.append(site)
                elif self.resolves(node, first):
                    scan.indirect.append(site)
                else:
                    scan.unchecked.append(site)


def scan_source(paths: Iterable[Path] | None = None, root: Path = ROOT) -> Scan:
    """Scan every source file once (or ``paths``, named relative to ``root``)."""
    scan = Scan()
    for path in source_files() if paths is None else paths:
        _Module(path, root).scan_into(scan)
    return scan
