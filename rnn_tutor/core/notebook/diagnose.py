"""torch's errors explained: the message's numbers read back into plain words, a misconception
id where one fits (the shared catalogue), and the change that would make the line run.

Each rule matches torch's first message line (torch 2.x wording, see around-the-rnn.md) and
returns message ids with parameters; the words live in the ``notebook`` catalog area.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from rnn_tutor.core.notebook.sanitize import first_line
from rnn_tutor.core.notebook.stops import Stop

if TYPE_CHECKING:
    from rnn_tutor.core.notebook.walker import Walker


def _ints(text: str) -> list[int]:
    return [int(n) for n in re.findall(r"-?\d+", text)]


def _module(fn: Callable[..., Any]) -> Any:
    """The nn.Module a call went into (the module itself, or the owner of a bound forward)."""
    from torch import nn

    if isinstance(fn, nn.Module):
        return fn
    owner = getattr(fn, "__self__", None)
    return owner if isinstance(owner, nn.Module) else None


class Explanation:
    """What a rule found: our message, the catalogue id, the fix."""

    def __init__(
        self,
        message_id: str,
        params: Mapping[str, object] | None = None,
        misconception: str | None = None,
        fix_id: str | None = None,
        fix_params: Mapping[str, object] | None = None,
    ) -> None:
        self.message_id = message_id
        self.params = dict(params or {})
        self.misconception = misconception
        self.fix_id = fix_id
        self.fix_params = dict(fix_params or {})


Rule = Callable[[str, Callable[..., Any], Sequence[Any], "Walker"], "Explanation | None"]


def _linear_mismatch(
    message: str, fn: Callable[..., Any], args: Sequence[Any], walker: Walker
) -> Explanation | None:
    match = re.search(
        r"mat1 and mat2 shapes cannot be multiplied \((\d+)x(\d+) and (\d+)x(\d+)\)", message
    )
    if not match:
        return None
    rows, got, expected, out = (int(g) for g in match.groups())
    module = _module(fn)
    from torch import nn

    params = {"rows": rows, "got": got, "expected": expected, "out": out}
    if isinstance(module, nn.Linear) or module is None:
        misconception = "head_in_features_H" if got == 2 * expected else None
        return Explanation(
            "notebook.explain.linear_in_features"
            if isinstance(module, nn.Linear)
            else "notebook.explain.matmul",
            params,
            misconception,
            "notebook.fix.linear_in_features" if isinstance(module, nn.Linear) else None,
            {"in_features": got, "out_features": out},
        )
    return Explanation("notebook.explain.matmul", params)


def _input_size(
    message: str, fn: Callable[..., Any], args: Sequence[Any], walker: Walker
) -> Explanation | None:
    match = re.search(
        r"input\.size\(-1\) must be equal to input_size\. Expected (\d+), got (\d+)", message
    )
    if not match:
        return None
    expected, got = int(match.group(1)), int(match.group(2))
    module = _module(fn)
    kind = type(module).__name__ if module is not None else "RNN"
    return Explanation(
        "notebook.explain.input_size",
        {"kind": kind, "expected": expected, "got": got},
        None,
        "notebook.fix.input_size",
        {"kind": kind, "got": got},
    )


def _cell_input_size(
    message: str, fn: Callable[..., Any], args: Sequence[Any], walker: Walker
) -> Explanation | None:
    match = re.search(r"input has inconsistent input_size: got (\d+) expected (\d+)", message)
    if not match:
        return None
    got, expected = int(match.group(1)), int(match.group(2))
    module = _module(fn)
    kind = type(module).__name__ if module is not None else "RNNCell"
    return Explanation(
        "notebook.explain.input_size",
        {"kind": kind, "expected": expected, "got": got},
        None,
        "notebook.fix.input_size",
        {"kind": kind, "got": got},
    )


def _hidden_size(
    message: str, fn: Callable[..., Any], args: Sequence[Any], walker: Walker
) -> Explanation | None:
    match = re.search(
        r"Expected hidden(?:\[(\d)\])? size \(([\d, ]+)\), got \[([\d, ]+)\]", message
    )
    if not match:
        return None
    expected = tuple(_ints(match.group(2)))
    got = tuple(_ints(match.group(3)))
    which = "c_0" if match.group(1) == "1" else "h_0"
    params = {"which": which, "expected": _shape(expected), "got": _shape(got)}
    if (
        len(expected) == len(got)
        and len(got) >= 2
        and got[0] == 2 * expected[0]
        and got[1:] == expected[1:]
    ):
        layers = expected[0]
        return Explanation(
            "notebook.explain.decoder_bidir_hidden",
            {**params, "layers": layers},
            "decoder_takes_bidir_hidden",
            "notebook.fix.decoder_bidir_hidden",
            {"layers": layers, "rest": ", ".join(str(s) for s in got[1:])},
        )
    return Explanation(
        "notebook.explain.hidden_size",
        params,
        None,
        "notebook.fix.hidden_size",
        {"which": which, "expected": _shape(expected)},
    )


def _view(
    message: str, fn: Callable[..., Any], args: Sequence[Any], walker: Walker
) -> Explanation | None:
    if "view size is not compatible with input tensor's size and stride" in message:
        return Explanation(
            "notebook.explain.view_after_transpose",
            {},
            "view_after_transpose",
            "notebook.fix.reshape",
            {},
        )
    match = re.search(r"shape '\[([-\d, ]*)\]' is invalid for input of size (\d+)", message)
    if match:
        return Explanation(
            "notebook.explain.view_size",
            {"shape": "(" + match.group(1) + ")", "size": int(match.group(2))},
        )
    return None


def _embedding(
    message: str, fn: Callable[..., Any], args: Sequence[Any], walker: Walker
) -> Explanation | None:
    if (
        "Expected tensor for argument #1 'indices' to have one of the following scalar types"
        in message
    ):
        return Explanation(
            "notebook.explain.embedding_float",
            {},
            "embedding_float_indices",
            "notebook.fix.embedding_long",
            {},
        )
    from torch import nn

    module = _module(fn)
    if message.startswith("index out of range in self") and isinstance(module, nn.Embedding):
        biggest = None
        if args and hasattr(args[0], "max") and args[0].numel():
            biggest = int(args[0].max())
        return Explanation(
            "notebook.explain.embedding_range",
            {"num": module.num_embeddings, "biggest": biggest if biggest is not None else "?"},
            None,
            "notebook.fix.embedding_range",
            {
                "num": (biggest + 1) if biggest is not None else module.num_embeddings + 1,
                "dim": module.embedding_dim,
            },
        )
    return None


def _cell_dims(
    message: str, fn: Callable[..., Any], args: Sequence[Any], walker: Walker
) -> Explanation | None:
    match = re.search(
        r"(\w+Cell): Expected (input|hidden) to be 1D or 2D, got (\d)D instead", message
    )
    if not match:
        return None
    kind, what, dims = match.group(1), match.group(2), int(match.group(3))
    if what == "input":
        return Explanation(
            "notebook.explain.cell_sequence",
            {"kind": kind, "dims": dims},
            "cell_takes_sequence",
            "notebook.fix.cell_loop",
            {},
        )
    return Explanation(
        "notebook.explain.cell_hidden",
        {"kind": kind, "dims": dims},
        "cell_hidden_has_layer_axis",
        "notebook.fix.cell_hidden",
        {},
    )


def _rnn_dims(
    message: str, fn: Callable[..., Any], args: Sequence[Any], walker: Walker
) -> Explanation | None:
    match = re.search(r"(\w+): Expected input to be 2D or 3D, got (\d)D tensor instead", message)
    if not match:
        return None
    return Explanation(
        "notebook.explain.rnn_dims", {"kind": match.group(1), "dims": int(match.group(2))}
    )


def _sorted(
    message: str, fn: Callable[..., Any], args: Sequence[Any], walker: Walker
) -> Explanation | None:
    if "must be sorted in decreasing order when `enforce_sorted` is True" in message:
        return Explanation(
            "notebook.explain.lengths_sorted", {}, None, "notebook.fix.enforce_sorted", {}
        )
    return None


def _bmm(
    message: str, fn: Callable[..., Any], args: Sequence[Any], walker: Walker
) -> Explanation | None:
    match = re.search(r"batch(\d) must be a 3D tensor", message)
    if match:
        return Explanation(
            "notebook.explain.bmm_3d",
            {"which": int(match.group(1))},
            "bmm_operand_order",
            "notebook.fix.bmm_unsqueeze",
            {},
        )
    match = re.search(
        r"Expected size for first two dimensions of batch2 tensor to be: \[(\d+), (\d+)\] but got: \[(\d+), (\d+)\]",  # noqa: E501
        message,
    )
    if match:
        n, k, n2, k2 = (int(g) for g in match.groups())
        return Explanation(
            "notebook.explain.bmm_inner",
            {"expected": k, "got": k2, "n": n, "n2": n2},
            "bmm_operand_order",
            "notebook.fix.bmm_transpose",
            {},
        )
    return None


def _cat(
    message: str, fn: Callable[..., Any], args: Sequence[Any], walker: Walker
) -> Explanation | None:
    match = re.search(
        r"Sizes of tensors must match except in dimension (\d+)\. Expected size (\d+) but got size (\d+) for tensor number (\d+)",  # noqa: E501
        message,
    )
    if match:
        dim, expected, got, number = (int(g) for g in match.groups())
        return Explanation(
            "notebook.explain.cat_sizes",
            {"dim": dim, "expected": expected, "got": got, "number": number},
        )
    if "stack expects each tensor to be equal size" in message:
        return Explanation("notebook.explain.stack_sizes", {})
    return None


def _dim_range(
    message: str, fn: Callable[..., Any], args: Sequence[Any], walker: Walker
) -> Explanation | None:
    match = re.search(
        r"Dimension out of range \(expected to be in range of \[(-?\d+), (-?\d+)\], but got (-?\d+)\)",  # noqa: E501
        message,
    )
    if match:
        _low, high, got = (int(g) for g in match.groups())
        return Explanation(
            "notebook.explain.dim_range", {"ndim": high + 1, "got": got, "high": high}
        )
    match = re.search(
        r"index (-?\d+) is out of bounds for dimension (\d+) with size (\d+)", message
    )
    if match:
        index, dim, size = (int(g) for g in match.groups())
        return Explanation(
            "notebook.explain.index_range", {"index": index, "dim": dim, "size": size}
        )
    return None


def _broadcast(
    message: str, fn: Callable[..., Any], args: Sequence[Any], walker: Walker
) -> Explanation | None:
    match = re.search(
        r"The size of tensor a \((\d+)\) must match the size of tensor b \((\d+)\) at non-singleton dimension (\d+)",  # noqa: E501
        message,
    )
    if match:
        a, b, dim = (int(g) for g in match.groups())
        return Explanation("notebook.explain.broadcast", {"a": a, "b": b, "dim": dim})
    return None


def _no_attribute(
    message: str, fn: Callable[..., Any], args: Sequence[Any], walker: Walker
) -> Explanation | None:
    match = re.search(r"'(\w+)' object has no attribute '(\w+)'", message)
    if not match:
        return None
    kind, name = match.groups()
    if re.match(r"(weight|bias)_(ih|hh|hr)_l0$", name) and kind.endswith("Cell"):
        return Explanation(
            "notebook.explain.cell_params",
            {"kind": kind, "name": name},
            "cell_params_suffixed",
            "notebook.fix.cell_params",
            {"name": name.removesuffix("_l0")},
        )
    return Explanation("notebook.explain.no_attribute", {"kind": kind, "name": name})


RULES: tuple[Rule, ...] = (
    _linear_mismatch,
    _input_size,
    _cell_input_size,
    _hidden_size,
    _view,
    _embedding,
    _cell_dims,
    _rnn_dims,
    _sorted,
    _bmm,
    _cat,
    _dim_range,
    _broadcast,
    _no_attribute,
)


def _shape(shape: Sequence[int]) -> str:
    return "(" + ", ".join(str(s) for s in shape) + ("," if len(shape) == 1 else "") + ")"


def explain_exception(
    error: BaseException,
    fn: Callable[..., Any],
    args: Sequence[Any],
    kwargs: Mapping[str, Any],
    kind: str,
    where: str | None,
    walker: Walker,
) -> Stop:
    """An exception raised by torch or Python on the learner's line, as an explained Stop."""
    raw = (
        str(error) if not isinstance(error, KeyError) else repr(error.args[0] if error.args else "")
    )
    message = first_line(raw)
    call_args = list(args)
    module = _module(fn)
    if module is not None and fn is not module:
        call_args = list(args)
    for rule in RULES:
        try:
            found = rule(message, fn, call_args, walker)
        except Exception:  # a rule that cannot read this message gives way to the next
            found = None
        if found is not None:
            return Stop(
                "torch" if kind == "torch" else "python",
                found.message_id,
                found.params,
                exception=type(error).__name__,
                torch_message=message,
                misconception=found.misconception,
                fix_id=found.fix_id,
                fix_params=found.fix_params,
            )
    generic = (
        "notebook.explain.torch_generic" if kind == "torch" else "notebook.explain.python_generic"
    )
    return Stop(
        kind,
        generic,
        {"exception": type(error).__name__, "where": where or ""},
        exception=type(error).__name__,
        torch_message=message,
    )
