"""The "around the RNN" misconceptions (levels 6-8) as rules over a cell's configuration.

Each rule reads the exercise's :class:`~rnn_tutor.core.exercises.cells.Cell` (its topic
and the sizes it was written from, never torch) and yields the answers a learner holding
that misconception gives: a shape or a number, ``CAUSE`` when the cell raises for this
very reason and the learner gave shapes anyway, or an :class:`WrongExpression` for a
fill-in blank (the grader runs it in the cell and compares by value). The first rule
whose prediction reproduces the answer names it; random wrong answers get no id.

Ids and their order are the second section of shared/domain/misconceptions.md. A few
first-release ids (a dropped direction factor, missing gate rows, a transposed weight)
and the call ids of that section (``padded_time_is_L``) name answers here too, and
``expects_success_on_error`` stays the fallback for a refused cell.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

from rnn_tutor.core.exercises.cells import Cell, CellValue

__all__ = [
    "CAUSE",
    "CELL_MISCONCEPTION_IDS",
    "CELL_RULES",
    "WrongExpression",
    "cell_predictions",
    "diagnose_cell",
]

# The catalogue's "about the code around the RNN" ids, in its order.
CELL_MISCONCEPTION_IDS: tuple[str, ...] = (
    "last_step_wrong_axis",
    "h_n_first_is_last",
    "bidir_last_step_is_backward_final",
    "bidir_concat_wrong",
    "head_in_features_H",
    "head_sees_sequence",
    "view_after_transpose",
    "packed_has_shape",
    "pad_packed_batch_first_remembered",
    "padded_last_is_real_last",
    "embedding_float_indices",
    "embedding_dim_mismatch",
    "cell_takes_sequence",
    "cell_hidden_has_layer_axis",
    "cell_params_suffixed",
    "stack_cat_confused",
    "decoder_takes_bidir_hidden",
    "squeeze_removes_batch",
    "bmm_operand_order",
)


class _Cause:
    """A prediction every shape reproduces: the cell raises for this rule's reason."""

    def __repr__(self) -> str:
        return "CAUSE"


CAUSE = _Cause()


@dataclass(frozen=True)
class WrongExpression:
    """A wrong way to fill a blank; it names the answer when their values are equal."""

    text: str


Prediction = tuple[int, ...] | int | _Cause | WrongExpression


@dataclass(frozen=True)
class _Ctx:
    cell: Cell

    @property
    def topic(self) -> str:
        return self.cell.topic

    @property
    def config(self) -> Mapping[str, CellValue]:
        return self.cell.config

    def int(self, name: str) -> int:
        value = self.config.get(name, 0)
        return value if isinstance(value, int) else 0

    def flag(self, name: str) -> bool:
        return bool(self.config.get(name, False))

    def text(self, name: str) -> str:
        return str(self.config.get(name, ""))

    @property
    def raises(self) -> bool:
        return self.cell.raises is not None

    @property
    def question(self) -> str:
        return self.cell.question


Rule = Callable[[_Ctx], Iterator[Prediction]]


def _sequence_shape(c: _Ctx, last: int) -> tuple[int, int, int]:
    """(N, L, last) or (L, N, last) by the RNN's batch_first."""
    n, length = c.int("N"), c.int("L")
    return (n, length, last) if c.flag("bf") else (length, n, last)


def last_step_wrong_axis(c: _Ctx) -> Iterator[Prediction]:
    if c.topic == "last_step":
        yield (c.int("L"), c.int("DH")) if c.flag("picks_time") else (c.int("N"), c.int("DH"))
    elif c.topic == "last_step_blank":
        yield WrongExpression("output[-1]" if c.flag("bf") else "output[:, -1]")
    elif c.topic == "padded_last":
        yield WrongExpression("padded[-1]")


def h_n_first_is_last(c: _Ctx) -> Iterator[Prediction]:
    if c.topic in ("last_step_blank", "h_n_final") and c.int("D") * c.int("K") > 1:
        yield WrongExpression("h_n[0]")


def bidir_last_step_is_backward_final(c: _Ctx) -> Iterator[Prediction]:
    if c.int("D") != 2:
        return
    step = "output[:, -1" if c.flag("bf") else "output[-1, :"
    if c.topic == "h_n_final" and c.text("direction") == "backward":
        yield WrongExpression(f"{step}, {c.int('H_out')}:]")
        yield WrongExpression(f"{step}]")
    elif c.topic == "last_step_blank":
        yield WrongExpression("h_n[-1]")


def bidir_concat_wrong(c: _Ctx) -> Iterator[Prediction]:
    n, h = c.int("N"), c.int("H_out")
    if c.topic == "bidir_summary":
        if c.int("dim") == 1:
            yield (n, h)
            yield (2 * n, h)
        else:
            yield (n, 2 * h)
            yield (n, h)
    elif c.topic == "net_class" and c.text("variant") == "one_direction":
        yield CAUSE


def head_in_features_H(c: _Ctx) -> Iterator[Prediction]:
    if c.topic == "head_blank":
        if c.int("D") == 2:
            yield c.int("H_out")
        if c.int("proj"):
            yield c.int("H")
            yield c.int("D") * c.int("H")
    elif (c.topic == "head_runs" and c.raises) or (
        c.topic == "net_class" and c.text("variant") == "bad_head"
    ):
        yield CAUSE


def head_sees_sequence(c: _Ctx) -> Iterator[Prediction]:
    if c.topic not in ("head", "net_class") or c.raises:
        return
    if c.flag("on_last"):
        yield _sequence_shape(c, c.int("C"))
    else:
        yield (c.int("N"), c.int("C"))


def view_after_transpose(c: _Ctx) -> Iterator[Prediction]:
    if c.topic == "view_transpose" and c.text("how") == "view":
        yield CAUSE


def packed_has_shape(c: _Ctx) -> Iterator[Prediction]:
    if c.topic != "packed_runs":
        return
    if c.raises:
        yield CAUSE
        return
    dh = c.int("DH")
    yield _sequence_shape(c, dh)
    yield (c.int("N"), c.int("max_len"), dh)
    yield (c.int("L"), c.int("N"), dh)


def _padded_time(c: _Ctx) -> int:
    return c.int("total_length") or c.int("max_len")


def pad_packed_batch_first_remembered(c: _Ctx) -> Iterator[Prediction]:
    if c.topic == "pad_packed" and not c.flag("out_bf") and c.flag("bf"):
        yield (c.int("N"), _padded_time(c), c.int("DH"))


def padded_time_is_L(c: _Ctx) -> Iterator[Prediction]:
    if c.topic != "pad_packed" or c.int("total_length"):
        return
    n, length, dh = c.int("N"), c.int("L"), c.int("DH")
    yield (n, length, dh) if c.flag("out_bf") else (length, n, dh)


def padded_last_is_real_last(c: _Ctx) -> Iterator[Prediction]:
    if c.topic == "padded_last":
        yield WrongExpression("padded[:, -1]")


def embedding_float_indices(c: _Ctx) -> Iterator[Prediction]:
    if c.topic == "embedding_runs" and c.text("variant") == "float":
        yield CAUSE


def embedding_dim_mismatch(c: _Ctx) -> Iterator[Prediction]:
    if c.topic == "embedding" and c.question == "shape:x":
        yield (c.int("N"), c.int("L"))
        yield (c.int("N"), c.int("E"))
    elif c.topic == "embedding_runs" and c.text("variant") == "dim":
        yield CAUSE


def cell_takes_sequence(c: _Ctx) -> Iterator[Prediction]:
    if c.topic == "cell_loop" and c.question == "shape:h":
        yield (c.int("N"), c.int("L"), c.int("H"))
    elif c.topic == "cell_runs" and c.text("variant") == "sequence":
        yield CAUSE
    elif c.topic == "cell_runs" and not c.raises:
        # One step of one layer, yet a time axis expected in what comes back.
        yield (c.int("N"), c.int("L"), c.int("H"))


def cell_hidden_has_layer_axis(c: _Ctx) -> Iterator[Prediction]:
    if c.topic == "cell_loop" and c.question == "shape:h":
        yield (1, c.int("N"), c.int("H"))
    elif c.topic == "cell_runs":
        if c.text("variant") == "hidden":
            yield CAUSE
        elif not c.raises:
            yield (1, c.int("N"), c.int("H"))


def cell_params_suffixed(c: _Ctx) -> Iterator[Prediction]:
    if c.topic == "cell_params" and c.raises:
        yield CAUSE


def stack_cat_confused(c: _Ctx) -> Iterator[Prediction]:
    if c.topic != "cell_loop":
        return
    n, length, h = c.int("N"), c.int("L"), c.int("H")
    join = c.text("join")
    if join in ("stack0", "cat1"):
        yield (n, length, h)
    elif join == "stack1":
        yield (n, length * h)
        yield (length, n, h)


def decoder_takes_bidir_hidden(c: _Ctx) -> Iterator[Prediction]:
    if c.topic != "enc_dec":
        return
    if c.raises:
        yield CAUSE
    elif c.question == "shape:h0":
        yield (2 * c.int("K"), c.int("N"), c.int("H"))


def squeeze_removes_batch(c: _Ctx) -> Iterator[Prediction]:
    if c.topic == "squeeze" and c.text("squeeze") == "all":
        yield (c.int("N"), c.int("H_out"))


def bmm_operand_order(c: _Ctx) -> Iterator[Prediction]:
    if c.topic != "attention":
        return
    n, length = c.int("N"), c.int("L")
    if c.raises:
        yield CAUSE
    elif c.question == "shape:scores":
        yield (n, length)
        if c.text("variant") == "query_first":
            yield (n, length, 1)
        else:
            yield (n, 1, length)


# First-release ids that name answers about cells too.


def direction_factor_missing(c: _Ctx) -> Iterator[Prediction]:
    if c.int("D") != 2:
        return
    h = c.int("H_out")
    if c.topic == "last_step":
        first = c.int("N") if c.flag("picks_time") else c.int("L")
        yield (first, h)
    elif c.topic == "pad_packed":
        time, n = _padded_time(c), c.int("N")
        yield (n, time, h) if c.flag("out_bf") else (time, n, h)


def gate_rows_missing(c: _Ctx) -> Iterator[Prediction]:
    if c.topic == "cell_params" and not c.raises and c.int("g") > 1:
        columns = c.int("I") if c.text("param") == "weight_ih" else c.int("H")
        yield (c.int("H"), columns)


def weight_transposed(c: _Ctx) -> Iterator[Prediction]:
    if c.topic == "cell_params" and not c.raises:
        columns = c.int("I") if c.text("param") == "weight_ih" else c.int("H")
        yield (columns, c.int("gH"))


def expects_success_on_error(c: _Ctx) -> Iterator[Prediction]:
    if c.raises:
        yield CAUSE


CELL_RULES: tuple[tuple[str, Rule], ...] = (
    ("last_step_wrong_axis", last_step_wrong_axis),
    ("h_n_first_is_last", h_n_first_is_last),
    ("bidir_last_step_is_backward_final", bidir_last_step_is_backward_final),
    ("bidir_concat_wrong", bidir_concat_wrong),
    ("head_in_features_H", head_in_features_H),
    ("head_sees_sequence", head_sees_sequence),
    ("view_after_transpose", view_after_transpose),
    ("packed_has_shape", packed_has_shape),
    ("pad_packed_batch_first_remembered", pad_packed_batch_first_remembered),
    ("padded_time_is_L", padded_time_is_L),
    ("padded_last_is_real_last", padded_last_is_real_last),
    ("embedding_float_indices", embedding_float_indices),
    ("embedding_dim_mismatch", embedding_dim_mismatch),
    ("cell_takes_sequence", cell_takes_sequence),
    ("cell_hidden_has_layer_axis", cell_hidden_has_layer_axis),
    ("cell_params_suffixed", cell_params_suffixed),
    ("stack_cat_confused", stack_cat_confused),
    ("decoder_takes_bidir_hidden", decoder_takes_bidir_hidden),
    ("squeeze_removes_batch", squeeze_removes_batch),
    ("bmm_operand_order", bmm_operand_order),
    ("direction_factor_missing", direction_factor_missing),
    ("gate_rows_missing", gate_rows_missing),
    ("weight_transposed", weight_transposed),
    ("expects_success_on_error", expects_success_on_error),
)
"""Rules in the order they are tried: the catalogue's, then the older ids, then the fallback."""


def cell_predictions(cell: Cell) -> dict[str, list[Prediction]]:
    """Every id with the wrong answers it predicts for this cell (the stated answer left out)."""
    c = _Ctx(cell)
    result: dict[str, list[Prediction]] = {}
    for name, rule in CELL_RULES:
        found = [p for p in rule(c) if _counts(p, cell)]
        if found:
            result[name] = list(dict.fromkeys(found))
    return result


def _counts(prediction: Prediction, cell: Cell) -> bool:
    """A prediction equal to the right answer is no mistake; CAUSE only where the cell raises."""
    if isinstance(prediction, _Cause):
        return cell.raises is not None
    if cell.raises is not None:
        return False
    if isinstance(prediction, WrongExpression):
        return prediction.text != cell.answer
    return prediction != cell.answer


def diagnose_cell(
    cell: Cell,
    parsed: object,
    same_value: Callable[[str], bool] | None = None,
) -> str | None:
    """The first id whose rule reproduces ``parsed``, else None.

    ``parsed`` is a shape, a number or the learner's blank text; ``same_value(text)`` says
    whether a wrong expression gives the learner's value when run in the cell (the grader
    supplies it; without it, the text itself must match).
    """
    if parsed is None:
        return None
    for name, predicted in cell_predictions(cell).items():
        for prediction in predicted:
            if isinstance(prediction, _Cause):
                if isinstance(parsed, tuple):
                    return name
            elif isinstance(prediction, WrongExpression):
                if not isinstance(parsed, str):
                    continue
                if _same_text(prediction.text, parsed) or (
                    same_value is not None and same_value(prediction.text)
                ):
                    return name
            elif prediction == parsed and type(prediction) is type(parsed):
                return name
    return None


def _same_text(a: str, b: str) -> bool:
    return "".join(a.split()) == "".join(b.split())
