"""The project's own corpus of real public RNN code, run by the interpreter and by plain Python.

Each file in tests/corpus/ is a notebook: a header naming its exact source (repository, commit,
path), its license, which cells or lines were kept and every edit (data loading replaced by
tensors of the same form, epochs cut, files not written), then cells split by ``# %%``. The
authors' code is otherwise verbatim, so what stops here is what stops a learner pasting it.
The interpreter runs the cells one by one in one Notebook, as My code does; the reference runs
the same cells as plain Python with torch in a subprocess used only by this test (the product
never runs learner text that way).

A file "runs" when no cell was refused or stopped at a limit, every cell raised the same
exception type (or none) on both sides, and the final names agree by shape. expected.json is a
ratchet: every file it lists under "runs" must keep running, and a file that starts to run must
be added (``python -m tests.core.test_corpus --update``), so "N of M run" can only go up. The
"stops" it records (cell, line, message id) say where each other file stops today; they are
rewritten by ``--update`` and not asserted, because other work moves lines and ids.
"""

from __future__ import annotations

import json
import sys
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from rnn_tutor.core.notebook import Notebook
from tests.core.test_notebook_differential import reference_notebooks, shapes_of

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
EXPECTED = CORPUS / "expected.json"


def files() -> list[Path]:
    return sorted(CORPUS.glob("*.py"))


def cells_of(path: Path) -> tuple[list[str], list[str]]:
    """The header lines (before the first ``# %%``) and the cells."""
    parts = path.read_text(encoding="utf-8").split("# %%\n")
    return parts[0].splitlines(), [part for part in parts[1:] if part.strip()]


@cache
def reference() -> dict[str, dict[str, Any]]:
    """Plain Python's result for every corpus file, in one subprocess."""
    paths = files()
    runs = reference_notebooks([cells_of(path)[1] for path in paths])
    return dict(zip((p.name for p in paths), runs, strict=True))


def interpreted(path: Path) -> dict[str, Any]:
    """The interpreter's run: per-cell exception types, final shapes, and the first stop."""
    notebook = Notebook()
    errors: list[str | None] = []
    stop: dict[str, Any] | None = None
    for index, source in enumerate(cells_of(path)[1], start=1):
        run = notebook.run_cell(source)
        error = run.error
        if error is not None and error.kind in ("refused", "limit"):
            if stop is None:
                stop = {"cell": index, "line": error.line, "reason": error.message_id}
            errors.append("stopped")
        else:
            errors.append(None if error is None else error.exception)
    shapes = json.loads(json.dumps(shapes_of(notebook.names)))
    return {"shapes": shapes, "errors": errors, "stop": stop}


def outcome(path: Path) -> dict[str, Any]:
    """``{"runs": True}``, or where and why it stops (or that it disagrees with plain Python)."""
    got = interpreted(path)
    want = reference()[path.name]
    if got["stop"] is not None:
        return {"runs": False, **got["stop"]}
    if got["errors"] != want["errors"]:
        return {
            "runs": False,
            "reason": "errors differ",
            "plain": want["errors"],
            "got": got["errors"],
        }
    if got["shapes"] != want["shapes"]:
        names = sorted(n for n in set(got["shapes"]) | set(want["shapes"])
                       if got["shapes"].get(n) != want["shapes"].get(n))  # fmt: skip
        return {"runs": False, "reason": "shapes differ", "names": names[:6]}
    return {"runs": True}


def expected() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(EXPECTED.read_text(encoding="utf-8"))
    return loaded


def test_the_corpus_has_forty_four_notebooks_each_with_source_and_license() -> None:
    paths = files()
    assert len(paths) >= 44
    for path in paths:
        header, cells = cells_of(path)
        assert any(line.startswith("# source: ") for line in header), path.name
        assert any(line.startswith("# license: ") for line in header), path.name
        assert cells, path.name


def test_plain_python_runs_every_corpus_file_to_its_end() -> None:
    """The corpus is runnable code: plain Python gets through every cell of most files (the
    Q&A files raise their question's error on purpose, in their last cell only)."""
    for name, result in reference().items():
        assert all(e is None for e in result["errors"][:-1]), (name, result["errors"])


@pytest.mark.parametrize("path", files(), ids=lambda p: p.stem)
def test_the_ratchet_holds(path: Path) -> None:
    """A file listed as running still runs and agrees with plain Python; a file that has
    started to run must be recorded, so the count cannot fall back unnoticed."""
    runs = set(expected()["runs"])
    result = outcome(path)
    if path.name in runs:
        assert result["runs"], result
    else:
        assert not result["runs"], (
            f"{path.name} now runs: record it with `python -m tests.core.test_corpus --update`"
        )


def update() -> None:
    """Rewrite expected.json from today's interpreter and print "N of M run"."""
    outcomes = {path.name: outcome(path) for path in files()}
    runs = sorted(name for name, result in outcomes.items() if result["runs"])
    stops = {name: result for name, result in outcomes.items() if not result["runs"]}
    old = set(expected()["runs"]) if EXPECTED.exists() else set()
    lost = sorted(old - set(runs))
    EXPECTED.write_text(
        json.dumps({"runs": runs, "stops": stops}, indent=1, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    print(
        f"{len(runs)} of {len(outcomes)} corpus notebooks run"
        + (f"; no longer: {lost}" if lost else "")
    )


if __name__ == "__main__":
    if sys.argv[1:] == ["--update"]:
        update()
