"""`rnn-tutor explain FILE.py|FILE.ipynb|-`: the learner's own notebook code, run and annotated.

Each cell runs in one notebook (names carry over, as in Jupyter) on the safe interpreter of
``rnn_tutor.core.notebook``, inside a kernel session (``rnn_tutor.core.kernel``): this
process never imports torch, and a cell that crashes torch, hangs in C or passes the memory
limit stops the kernel, not the command; the cell's error then names the limit. The code
comes back with each line's shapes beside it, the
prints and the Jupyter-style value under the cell. A refused or failing cell is explained
under the line that stopped it, the cells after it do not run, and the exit status is 2.
"""

from __future__ import annotations

import argparse
import sys
import unicodedata
from dataclasses import asdict
from pathlib import Path
from typing import Any

from rnn_tutor.commands import practice
from rnn_tutor.commands._output import dumps, emit
from rnn_tutor.core.grading.explain import misconception_text
from rnn_tutor.core.kernel.grading import shared_kernel
from rnn_tutor.core.notebook import CellsError, read_cells, split_cells
from rnn_tutor.core.notebook.results import shown_text
from rnn_tutor.core.notebook.sanitize import clean
from rnn_tutor.i18n import catalog, get_language, t

ANNOTATION_COLUMN = 48


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "explain", help=t("notebook.cli.help"), description=t("notebook.cli.description")
    )
    parser.add_argument("file", metavar="FILE", help=t("notebook.cli.help.file"))
    parser.add_argument("--json", action="store_true", help=t("notebook.cli.help.json"))
    parser.add_argument("--app", action="store_true", help=t("ui.mycode.cli.app"))


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def binding_text(binding: Any) -> str:
    """``output (1, 3, 1) = (N, L, D*H_out)`` for tensors, ``H = 7`` for plain values."""
    if binding.kind in ("tensor", "packed", "tuple"):
        return f"{binding.name} {binding.text}"
    return f"{binding.name} = {shown_text(binding)}"


def _shown(binding: Any) -> bool:
    text = binding.text
    return not (binding.kind == "other" and text.startswith(("module ", "function ", "class ")))


def error_lines(error: Any) -> list[str]:
    """A CellError in words: our explanation, torch's own line, the fix, the mix-up's name."""
    message = t(error.message_id, **error.params)
    # A kernel stop belongs to the cell, not to a line of it.
    lines = [
        t("notebook.cli.error_at", line=error.line, message=message) if error.line else message
    ]
    if error.torch_message:
        said = "notebook.cli.torch_said" if error.kind == "torch" else "notebook.cli.python_said"
        prefix = f"{error.exception}: " if error.exception else ""
        lines.append(t(said, message=clean(prefix + error.torch_message)))
    if error.fix_id:
        lines.append(t("notebook.cli.fix", fix=t(error.fix_id, **error.fix_params)))
    if error.misconception:
        # The catalogue's wording where this version has it, else its id alone.
        words = misconception_text(error.misconception)
        known = f"misconception.{error.misconception}" in catalog(get_language())
        name = f"{error.misconception} - {words}" if known else error.misconception
        lines.append(t("notebook.cli.misconception", name=name))
    return lines


def render_cell(number: int, source: str, run: Any) -> list[str]:
    """The cell's code with shapes beside its lines, then prints, Out and any error."""
    code = [clean(line.expandtabs(4), 400) for line in source.split("\n")]
    while code and not code[-1].strip():
        code.pop()
    notes: dict[int, list[str]] = {}
    for line, bindings in run.lines.items():
        texts = [binding_text(b) for b in bindings if _shown(b)]
        if texts:
            notes.setdefault(line, []).extend(texts)
    for statement in run.statements:
        if statement.line not in run.lines:  # imports, defs, classes, if/while blocks
            texts = [binding_text(b) for b in statement.bindings if _shown(b)]
            if texts:
                notes.setdefault(statement.line, []).extend(texts)
        texts = [t("notebook.cli.warning", message=w) for w in statement.warnings]
        notes.setdefault(statement.line, []).extend(texts)
    column = min(ANNOTATION_COLUMN, max((_width(line) for line in code), default=0) + 2)
    out = [f"# --- {t('notebook.cli.cell', number=number)} ---"]
    error_line = run.error.line if run.error is not None else None
    for index, line in enumerate(code, start=1):
        beside = notes.get(index)
        if beside:
            pad = " " * max(2, column - _width(line))
            out.append(f"{line}{pad}# {'; '.join(beside)}")
        else:
            out.append(line)
        if error_line == index:
            out.extend("  ^ " + text for text in error_lines(run.error))
    if run.error is not None and (error_line is None or error_line < 1 or error_line > len(code)):
        out.extend("  ^ " + text for text in error_lines(run.error))
    if run.stdout:
        out.append(t("notebook.cli.printed"))
        out.append(run.stdout.rstrip("\n"))
    if run.display is not None:
        out.append(t("notebook.cli.out"))
        out.append(run.display)
    out.append("")
    return out


def cell_json(number: int, run: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "cell": number,
        "ok": run.ok,
        "statements": [asdict(s) for s in run.statements],
        "lines": [
            {"line": line, "bindings": [asdict(b) for b in bindings]}
            for line, bindings in run.lines.items()
        ],
        "stdout": run.stdout,
        "display": run.display,
        "error": None,
    }
    if run.error is not None:
        error = run.error.to_dict()
        error["message"] = t(run.error.message_id, **run.error.params)
        error["fix"] = t(run.error.fix_id, **run.error.fix_params) if run.error.fix_id else None
        data["error"] = error
    return data


def load_cells(name: str) -> list[str] | None:
    if name == "-":
        try:  # pasted text: cells split on "# %%" lines, else one cell
            return split_cells(sys.stdin.read())
        except (OSError, UnicodeDecodeError):
            print(t("notebook.cli.no_file", path="-"), file=sys.stderr)
            return None
    try:
        return read_cells(Path(name))
    except CellsError as error:
        print(t(error.key, **error.params), file=sys.stderr)
        return None


def app_code(cells: list[str]) -> str:
    """The file's cells for the app's "My code" editor, ``# %%`` between them (it runs them
    as cells again, each showing its own last value)."""
    return "\n\n# %%\n".join(cell.strip("\n") for cell in cells if cell.strip()) + "\n"


def run(args: argparse.Namespace) -> int:
    if args.app and args.file == "-":  # the app reads its keys from the terminal
        print(t("ui.mycode.cli.app_stdin"), file=sys.stderr)
        return 2
    cells = load_cells(args.file)
    if cells is None:
        return 2
    if args.app:
        return practice.open_app(args, screen="mycode", code=app_code(cells))
    if not any(cell.strip() for cell in cells):
        print(t("notebook.cli.empty"), file=sys.stderr)
        return 0
    session = shared_kernel().session()
    try:
        for number, source in enumerate(cells, start=1):
            result = session.run_cell(source)
            if args.json:
                ok = emit(dumps(cell_json(number, result)))
            else:
                ok = emit("\n".join(render_cell(number, source, result)))
            if not ok:
                return 0
            if not result.ok:
                if not args.json:
                    emit(t("notebook.cli.stopped", number=number))
                return 2
        return 0
    finally:
        session.close()
