"""torch's errors explained: the message's numbers read back into plain words, a misconception
id where one fits (docs/misconceptions.md), and the change that would make the line run.

Each rule matches torch's first message line (torch 2.x wording, see around-the-rnn.md) and
returns message ids with parameters; the words live in the ``notebook`` catalog area.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rnn_tutor.core.notebook.sanitize import first_line
from rnn_tutor.core.notebook.stops import Stop


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


Rule = Callable[[str, Callable[..., Any], Sequence[Any]], "Explanation | None"]


@dataclass(frozen=True)
class Said:
    """A rule that needs only torch's words: where ``pattern`` matches, ``message_id`` with the
    pattern's named groups read by ``params`` (whole numbers by default), the catalogue id and
    the fix if one fits. Rules that look at the module or the arguments are functions below."""

    pattern: str
    message_id: str
    misconception: str | None = None
    fix_id: str | None = None
    params: Callable[[Mapping[str, str]], Mapping[str, object]] = lambda groups: {
        name: int(value) for name, value in groups.items()
    }

    def __call__(
        self, message: str, fn: Callable[..., Any], args: Sequence[Any]
    ) -> Explanation | None:
        match = re.search(self.pattern, message)
        if match is None:
            return None
        return Explanation(
            self.message_id, self.params(match.groupdict()), self.misconception, self.fix_id
        )


def _kind_and_dims(groups: Mapping[str, str]) -> Mapping[str, object]:
    return {"kind": groups["kind"], "dims": int(groups["dims"])}


def _linear_mismatch(
    message: str, fn: Callable[..., Any], args: Sequence[Any]
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


_INPUT_SIZE = (  # the layer's wording and the cell's, each with the kind to name by default
    (
        r"input\.size\(-1\) must be equal to input_size\. Expected (?P<expected>\d+), got (?P<got>\d+)",  # noqa: E501
        "RNN",
    ),
    (r"input has inconsistent input_size: got (?P<got>\d+) expected (?P<expected>\d+)", "RNNCell"),
)


def _input_size(message: str, fn: Callable[..., Any], args: Sequence[Any]) -> Explanation | None:
    for pattern, default_kind in _INPUT_SIZE:
        match = re.search(pattern, message)
        if match:
            expected, got = int(match["expected"]), int(match["got"])
            module = _module(fn)
            kind = type(module).__name__ if module is not None else default_kind
            return Explanation(
                "notebook.explain.input_size",
                {"kind": kind, "expected": expected, "got": got},
                None,
                "notebook.fix.input_size",
                {"kind": kind, "got": got},
            )
    return None


def _hidden_size(message: str, fn: Callable[..., Any], args: Sequence[Any]) -> Explanation | None:
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


def _embedding_range(
    message: str, fn: Callable[..., Any], args: Sequence[Any]
) -> Explanation | None:
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


def _no_attribute(message: str, fn: Callable[..., Any], args: Sequence[Any]) -> Explanation | None:
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
    _hidden_size,
    Said(
        re.escape("view size is not compatible with input tensor's size and stride"),
        "notebook.explain.view_after_transpose",
        "view_after_transpose",
        "notebook.fix.reshape",
    ),
    Said(
        r"shape '\[(?P<shape>[-\d, ]*)\]' is invalid for input of size (?P<size>\d+)",
        "notebook.explain.view_size",
        params=lambda groups: {"shape": f"({groups['shape']})", "size": int(groups["size"])},
    ),
    Said(
        re.escape(
            "Expected tensor for argument #1 'indices' to have one of the following scalar types"
        ),
        "notebook.explain.embedding_float",
        "embedding_float_indices",
        "notebook.fix.embedding_long",
    ),
    _embedding_range,
    Said(
        r"(?P<kind>\w+Cell): Expected input to be 1D or 2D, got (?P<dims>\d)D instead",
        "notebook.explain.cell_sequence",
        "cell_takes_sequence",
        "notebook.fix.cell_loop",
        _kind_and_dims,
    ),
    Said(
        r"(?P<kind>\w+Cell): Expected (?:hidden|hx\[0\]|hx\[1\]) to be 1D or 2D, got (?P<dims>\d)D instead",  # noqa: E501
        "notebook.explain.cell_hidden",
        "cell_hidden_has_layer_axis",
        "notebook.fix.cell_hidden",
        _kind_and_dims,
    ),
    Said(
        r"(?P<kind>\w+): Expected input to be 2D or 3D, got (?P<dims>\d)D tensor instead",
        "notebook.explain.rnn_dims",
        params=_kind_and_dims,
    ),
    Said(
        re.escape("must be sorted in decreasing order when `enforce_sorted` is True"),
        "notebook.explain.lengths_sorted",
        fix_id="notebook.fix.enforce_sorted",
    ),
    Said(
        r"batch(?P<which>\d) must be a 3D tensor",
        "notebook.explain.bmm_3d",
        "bmm_operand_order",
        "notebook.fix.bmm_unsqueeze",
    ),
    Said(
        r"Expected size for first two dimensions of batch2 tensor to be: \[(?P<n>\d+), (?P<expected>\d+)\] but got: \[(?P<n2>\d+), (?P<got>\d+)\]",  # noqa: E501
        "notebook.explain.bmm_inner",
        "bmm_operand_order",
        "notebook.fix.bmm_transpose",
    ),
    Said(
        r"Sizes of tensors must match except in dimension (?P<dim>\d+)\. Expected size (?P<expected>\d+) but got size (?P<got>\d+) for tensor number (?P<number>\d+)",  # noqa: E501
        "notebook.explain.cat_sizes",
    ),
    Said(re.escape("stack expects each tensor to be equal size"), "notebook.explain.stack_sizes"),
    Said(
        r"Dimension out of range \(expected to be in range of \[-?\d+, (?P<high>-?\d+)\], but got (?P<got>-?\d+)\)",  # noqa: E501
        "notebook.explain.dim_range",
        params=lambda groups: {
            "ndim": int(groups["high"]) + 1,
            "got": int(groups["got"]),
            "high": int(groups["high"]),
        },
    ),
    Said(
        r"index (?P<index>-?\d+) is out of bounds for dimension (?P<dim>\d+) with size (?P<size>\d+)",  # noqa: E501
        "notebook.explain.index_range",
    ),
    Said(
        r"The size of tensor a \((?P<a>\d+)\) must match the size of tensor b \((?P<b>\d+)\) at non-singleton dimension (?P<dim>\d+)",  # noqa: E501
        "notebook.explain.broadcast",
    ),
    _no_attribute,
)


def _shape(shape: Sequence[int]) -> str:
    return "(" + ", ".join(str(s) for s in shape) + ("," if len(shape) == 1 else "") + ")"


def explain_exception(
    error: BaseException,
    fn: Callable[..., Any],
    args: Sequence[Any],
    kind: str,
    where: str | None,
) -> Stop:
    """An exception raised by torch or Python on the learner's line, as an explained Stop."""
    raw = (
        str(error) if not isinstance(error, KeyError) else repr(error.args[0] if error.args else "")
    )
    message = first_line(raw)
    for rule in RULES:
        try:
            found = rule(message, fn, args)
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
