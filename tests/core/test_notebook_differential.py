"""The interpreter against plain Python: 600 generated cells, the same shapes (or the same error).

The reference runs the same cells as ordinary Python with torch in a subprocess used only by
this test (the product never runs learner text that way). Every tensor, PackedSequence and
tuple of tensors a cell binds is compared by shape, and every int; a cell that raises must
raise the same exception type on both sides.
"""

from __future__ import annotations

import inspect
import json
import subprocess
import sys
import textwrap
from typing import Any

import pytest

from rnn_tutor.core.notebook import Notebook
from tests.core.notebook_cells import cells

COUNT = 600


def shapes_of(names: dict[str, Any]) -> dict[str, Any]:
    """What the comparison looks at: shapes of tensors (and inside tuples), ints, list lengths."""
    import torch
    from torch.nn.utils.rnn import PackedSequence

    def one(value: Any, depth: int = 0) -> Any:
        if isinstance(value, PackedSequence):
            return ["packed", list(value.data.shape), value.batch_sizes.tolist()]
        if isinstance(value, torch.Tensor):
            return ["tensor", list(value.shape), str(value.dtype)]
        if isinstance(value, torch.Size):
            return ["size", list(value)]
        if isinstance(value, bool):
            return ["bool", value]
        if isinstance(value, int):
            return ["int", value]
        if isinstance(value, (tuple, list)) and depth < 2:
            return ["seq", len(value), [one(v, depth + 1) for v in value[:6]]]
        if isinstance(value, dict) and depth < 2:
            return ["dict", sorted((str(k), one(v, depth + 1)) for k, v in value.items())]
        if isinstance(value, torch.nn.Module):
            return ["module", sum(p.numel() for p in value.parameters())]
        return None

    out = {}
    for name, value in names.items():
        if name.startswith("_"):
            continue
        described = one(value)
        if described is not None:
            out[name] = described
    return out


def interpreted_cells(
    cells: list[str], *, error: str = "exception"
) -> tuple[dict[str, Any], list[str | None]]:
    """The cells run one by one in one Notebook, as My code runs them: the final names as
    ``shapes_of`` describes them (through JSON, as the reference's come back) and, per cell,
    the error's ``exception`` type (or another field, such as ``message_id``), None if it ran."""
    notebook = Notebook()
    errors: list[str | None] = []
    for cell in cells:
        run = notebook.run_cell(cell)
        errors.append(None if run.error is None else getattr(run.error, error))
    return json.loads(json.dumps(shapes_of(notebook.names))), errors


# Plain Python on the same cells, in one subprocess: each notebook's cells share its names,
# as one Jupyter kernel would; a fresh namespace per notebook.
REFERENCE = """
import contextlib, io, json, sys, warnings
from typing import Any
warnings.simplefilter("ignore")
{shapes_of}
notebooks = json.loads(sys.stdin.read())
results = []
for cells in notebooks:
    names = {{}}
    errors = []
    for source in cells:
        error = None
        with contextlib.redirect_stdout(io.StringIO()):
            try:
                exec(compile(source, "<cell>", "exec"), names)
            except Exception as exc:
                error = type(exc).__name__
        errors.append(error)
    names.pop("__builtins__", None)
    results.append({{"shapes": shapes_of(names), "errors": errors}})
print(json.dumps(results))
"""


def reference_notebooks(notebooks: list[list[str]]) -> list[dict[str, Any]]:
    """Plain Python's run of each notebook: its final shapes and each cell's exception type."""
    code = REFERENCE.format(shapes_of=textwrap.dedent(inspect.getsource(shapes_of)))
    done = subprocess.run(
        [sys.executable, "-c", code],
        input=json.dumps(notebooks),
        capture_output=True,
        text=True,
        timeout=900,
        check=True,
    )
    loaded: list[dict[str, Any]] = json.loads(done.stdout)
    return loaded


def reference(sources: list[str]) -> list[dict[str, Any]]:
    """Plain Python's run of each source as a notebook of one cell."""
    return [
        {"shapes": run["shapes"], "error": run["errors"][0]}
        for run in reference_notebooks([[source] for source in sources])
    ]


def interpreted(source: str) -> dict[str, Any]:
    notebook = Notebook()
    run = notebook.run_cell(source)
    error = None
    if run.error is not None:
        assert run.error.kind in ("torch", "python"), (run.error, source)
        error = run.error.exception
    return {"shapes": json.loads(json.dumps(shapes_of(notebook.names))), "error": error}


@pytest.fixture(scope="module")
def generated() -> tuple[list[str], list[dict[str, Any]]]:
    sources = cells(COUNT, seed=11)
    return sources, reference(sources)


def test_the_generated_cells_cover_every_construct(
    generated: tuple[list[str], list[dict[str, Any]]],
) -> None:
    sources, expected = generated
    text = "\n".join(sources)
    for construct in (
        "nn.RNN(", "nn.LSTM(", "nn.GRU(", "nn.RNNCell(", "nn.GRUCell(", "nn.LSTMCell(",
        "bidirectional=True", "proj_size=", "batch_first=True", "bias=False", "num_layers=3",
        "pack_padded_sequence", "pad_packed_sequence", "total_length", "enforce_sorted=False",
        "pad_sequence", "pack_sequence", "nn.Embedding", "nn.Linear", "nn.Sequential",
        "nn.LayerNorm", "nn.Dropout", "class Net(nn.Module)", "super().__init__()", "def make",
        "for t in range(L)", "enumerate(", "zip(", "[v * 2 for v in range(N)", "{name: tuple",
        "torch.cat(", "torch.stack(", "torch.bmm(", ".view(", ".reshape(", ".permute(",
        ".transpose(", ".squeeze(", ".unsqueeze(", ".contiguous()", "torch.arange(N), lengths - 1",
        "F.softmax", "torch.randint", "torch.tensor(", "torch.full(", "@", "+=", "elif",
        "all_weights", "named_parameters()", ".numel()", "x[..., 0]", "torch.chunk",
    ):  # fmt: skip
        assert construct in text, construct
    errors = [e["error"] for e in expected if e["error"]]
    assert len(errors) > 40  # cells that raise are compared too
    assert len(errors) < len(expected) // 2


def test_interpreter_shapes_equal_plain_torch(
    generated: tuple[list[str], list[dict[str, Any]]],
) -> None:
    sources, expected = generated
    mismatches = []
    for index, (source, want) in enumerate(zip(sources, expected, strict=True)):
        got = interpreted(source)
        if got != want:
            mismatches.append((index, source, want, got))
    assert not mismatches, (
        "\n\n".join(
            f"cell {i}:\n{src}\nplain: {w}\nnotebook: {g}" for i, src, w, g in mismatches[:3]
        )
        + f"\n\n{len(mismatches)} of {len(sources)} differ"
    )
