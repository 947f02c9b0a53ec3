"""Imports inside functions only at the boundaries docs/architecture.md names.

An import inside a function hides what a module needs, and it can hide a circle between
two modules that would otherwise be found at once (verdict <-> explain was one). So each
place that keeps one is a row of the table in the section "Imports inside functions" of
docs/architecture.md, with its reason; this test reads that table. A new import inside a
function fails here until it moves to the top of its module or gets a row; a row that no
longer matches any import fails too, so the table stays the code's.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "rnn_tutor"
DOC = ROOT / "docs" / "architecture.md"
SECTION = "## Imports inside functions"


@dataclass(frozen=True)
class Inner:
    """One import statement inside a function: where, what, and the line to look at."""

    module: str
    imported: str
    line: int

    def __str__(self) -> str:
        path = self.module.replace(".", "/")
        return f"{path}.py:{self.line} imports {self.imported}"


@dataclass(frozen=True)
class Row:
    """A row of the doc's table: modules (fnmatch patterns) allowed to import others inside
    functions, with the reason the doc gives."""

    where: tuple[str, ...]
    imports: tuple[str, ...]
    why: str

    def allows(self, inner: Inner) -> bool:
        return any(fnmatchcase(inner.module, w) for w in self.where) and any(
            fnmatchcase(inner.imported, i) for i in self.imports
        )


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _absolute(module: str, is_package: bool, node: ast.ImportFrom) -> str:
    if node.level == 0:
        return node.module or ""
    base = module.split(".") if is_package else module.split(".")[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


class _Finder(ast.NodeVisitor):
    def __init__(self, module: str, is_package: bool) -> None:
        self.module, self.is_package = module, is_package
        self.depth = 0
        self.found: list[Inner] = []

    def _function(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> None:
        self.depth += 1
        self.generic_visit(node)
        self.depth -= 1

    visit_FunctionDef = visit_AsyncFunctionDef = visit_Lambda = _function

    def visit_Import(self, node: ast.Import) -> None:
        if self.depth:
            for alias in node.names:
                self.found.append(Inner(self.module, alias.name, node.lineno))

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if self.depth:
            imported = _absolute(self.module, self.is_package, node)
            self.found.append(Inner(self.module, imported, node.lineno))


def inner_imports(package: Path = PACKAGE) -> list[Inner]:
    """Every import statement inside a function (or method, or lambda) under ``package``."""
    found: list[Inner] = []
    for path in sorted(package.rglob("*.py")):
        finder = _Finder(module_name(path), path.name == "__init__.py")
        finder.visit(ast.parse(path.read_text(encoding="utf-8"), str(path)))
        found.extend(finder.found)
    return found


def documented_rows(text: str | None = None) -> list[Row]:
    """The table of docs/architecture.md's section "Imports inside functions"."""
    text = DOC.read_text(encoding="utf-8") if text is None else text
    section = text.split(SECTION, 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if not line.startswith("|") or len(cells) != 3 or not cells[0].startswith("`"):
            continue
        where, imports = (tuple(re.findall(r"`([^`]+)`", cell)) for cell in cells[:2])
        rows.append(Row(where, imports, cells[2]))
    return rows


def test_every_import_inside_a_function_is_at_a_documented_boundary() -> None:
    rows = documented_rows()
    undocumented = [inner for inner in inner_imports() if not any(r.allows(inner) for r in rows)]
    assert not undocumented, (
        "imports inside functions that docs/architecture.md does not name (move each to the "
        f"top of its module, or add a row with its reason under '{SECTION}'):\n"
        + "\n".join(f"  {inner}" for inner in undocumented)
    )


def test_every_row_of_the_table_still_matches_an_import() -> None:
    found = inner_imports()
    stale = [row for row in documented_rows() if not any(row.allows(i) for i in found)]
    assert not stale, (
        f"rows of '{SECTION}' in docs/architecture.md that match no import any more "
        "(delete them):\n" + "\n".join(f"  {row.where} -> {row.imports}" for row in stale)
    )


def test_every_row_says_why() -> None:
    rows = documented_rows()
    assert rows, f"no table found under '{SECTION}'"
    assert all(row.where and row.imports and len(row.why) > 20 for row in rows), rows


def test_a_new_import_inside_a_function_is_caught(tmp_path: Path) -> None:
    """The finder sees methods, nested functions and relative imports, and a row allows
    only what it names."""
    package = tmp_path / "rnn_tutor" / "pkg"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "mod.py").write_text(
        "import os\n"
        "class A:\n"
        "    def m(self):\n"
        "        def inner():\n"
        "            from .other import x\n"
        "        import json\n"
    )
    # module_name is relative to the real root; name the probe's modules by hand.
    finder = _Finder("rnn_tutor.pkg.mod", False)
    finder.visit(ast.parse((package / "mod.py").read_text()))
    assert [(i.imported, i.line) for i in finder.found] == [
        ("rnn_tutor.pkg.other", 5),
        ("json", 6),
    ]
    doc = (
        f"{SECTION}\n\n| where | imports | why |\n|---|---|---|\n"
        "| `rnn_tutor.pkg.*` | `json` | a reason long enough to read as one |\n\n## Next\n"
    )
    (row,) = documented_rows(doc)
    assert [row.allows(i) for i in finder.found] == [False, True]
