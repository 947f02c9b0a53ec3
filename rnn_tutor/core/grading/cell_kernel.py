"""The kernel every cell exercise runs in: a fresh notebook that has run the first cell."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rnn_tutor.core.exercises.cells import PRELUDE

if TYPE_CHECKING:
    from rnn_tutor.core.notebook import Notebook


def fresh_notebook() -> Notebook:
    """A fresh kernel that has run the notebook's first cell (imports, a fixed seed)."""
    # Imported here, so the prelude's imports do not count against the cell's time limit.
    import torch.nn.utils.rnn  # noqa: F401

    from rnn_tutor.core.notebook import Notebook

    notebook = Notebook()
    first = notebook.run_cell(PRELUDE)
    if not first.ok:  # pragma: no cover - the prelude is ours
        raise RuntimeError(f"the notebook prelude failed: {first.error}")
    return notebook
