"""The grading engine: torch is the judge.

For every exercise the real module is built by calling torch's own constructor with the
learner's arguments (so torch decides what ``nn.LSTM(20, 300, 5, True)`` means), a real
forward pass runs on CPU under ``torch.no_grad()``, and the truth is read off the
tensors, ``named_parameters()``, torchinfo's ``summary(model, verbose=0).total_params``
and ``len(model.all_weights)``, or is the exception torch raised. The closed form in
:mod:`rnn_tutor.core.call.rules` only names axes and explains; tests keep the two equal.

torch and torchinfo are imported inside functions: importing this module is free, and
:func:`warm_up` pays for torch in a worker thread when the UI wants it.

What counts as a question's answer when torch raises:
- ``runs``: the exception is the answer ("it raises").
- ``param:<name>`` for a parameter this module does not have (``bias_ih_l0`` with
  ``bias=False``): ``rnn.<name>`` raises AttributeError, and that is the answer.
- any other question about a model torch cannot build, or a forward pass torch refuses
  (``output`` of a wrong-size input): the request itself is wrong (there is no tensor to
  ask about), so the verdict carries ``error`` together with torch's message as
  ``expected``; only a ``runs`` question grades answers about that error.
"""

from __future__ import annotations

import re
import threading
import warnings
from collections import OrderedDict
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from rnn_tutor.core.call.rules import (
    RunError,
    forward_shapes,
    packed_lengths_problem,
    parameter_rule,
)
from rnn_tutor.core.call.spec import (
    BASE_PARAMETERS,
    ConstructorError,
    InputSpec,
    ModelCall,
    ModelSpec,
    bind,
    positional_names,
)
from rnn_tutor.core.exercises.questions import Exercise, Question
from rnn_tutor.core.grading.answers import parse_or_claim
from rnn_tutor.core.grading.cell_grader import cell_truth, grade_cell
from rnn_tutor.core.grading.exercise_error import ExerciseError
from rnn_tutor.core.grading.explain import (
    explanation_lines,
    failure_advice,
    lengths_message,
)
from rnn_tutor.core.grading.explain import (
    format_shape as _fmt,
)
from rnn_tutor.core.grading.misconceptions import diagnose
from rnn_tutor.core.grading.verdict import AxisMark, Truth, Verdict, mark_axes
from rnn_tutor.core.safe_text import QUOTE_LIMIT, first_line, visible
from rnn_tutor.i18n.message import msg

if TYPE_CHECKING:
    from torch import nn

Shape = tuple[int, ...]

PARAM_NAME = re.compile(r"(weight_ih|weight_hh|bias_ih|bias_hh|weight_hr)_l(\d+)(_reverse)?")
"""What a parameter of nn.RNN / nn.LSTM / nn.GRU can be called."""

# Requests come from scripts too: refuse what would take the machine down instead of
# grading it. Generated exercises are far below these (a few thousand parameters).
MAX_PARAMETERS = 20_000_000
MAX_TENSOR_ELEMENTS = 5_000_000
MAX_FORWARD_WORK = 2_000_000_000  # time steps x batch x parameters, about a second of CPU
# torch builds every layer and direction as separate tensors: thousands of tiny layers take
# minutes to build while the parameter count stays small, so layers are capped on their own.
MAX_LAYERS = 64

CACHE_SIZE = 256
"""Built modules kept (by constructor call); they are small and rebuilding costs the most."""


@dataclass(frozen=True)
class ModelTruth:
    """Everything torch says about one exercise's code.

    ``constructor_error`` is set when torch's constructor raised (and nothing else is);
    ``run_error`` when the forward pass (or packing the input) raised.
    """

    constructor_error: str | None
    parameters: tuple[tuple[str, Shape], ...] = ()
    total_params: int | None = None
    all_weights_len: int | None = None
    output: Shape | None = None
    h_n: Shape | None = None
    c_n: Shape | None = None
    run_error: str | None = None
    run_error_type: str | None = None
    config: tuple[tuple[str, Any], ...] = ()  # the module's own attributes

    @property
    def raises(self) -> str | None:
        return self.constructor_error or self.run_error

    @property
    def ran(self) -> bool:
        return self.output is not None


# The configuration torch keeps on a built module (its constructor parameters but device/dtype).
_CONFIG_NAMES = BASE_PARAMETERS[: BASE_PARAMETERS.index("device")]


class _Built:
    """A constructed module (or torch's refusal); what is read from it, read once when asked."""

    def __init__(self, module: nn.RNNBase | None, error: str | None) -> None:
        self.module = module
        self.error = error
        self._parameters: tuple[tuple[str, Shape], ...] | None = None
        self._total_params: int | None = None

    @property
    def parameters(self) -> tuple[tuple[str, Shape], ...]:
        if self._parameters is None:
            assert self.module is not None
            self._parameters = tuple(
                (name, tuple(p.shape)) for name, p in self.module.named_parameters()
            )
        return self._parameters

    @property
    def all_weights_len(self) -> int:
        assert self.module is not None
        return len(self.module.all_weights)

    @property
    def config(self) -> tuple[tuple[str, Any], ...]:
        module = self.module
        return tuple((name, getattr(module, name)) for name in _CONFIG_NAMES)

    @property
    def total_params(self) -> int:
        """torchinfo's count, as summary(model) prints it."""
        if self._total_params is None:
            from torchinfo import summary

            assert self.module is not None
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                self._total_params = int(summary(self.module, verbose=0).total_params)
        return self._total_params


_lock = threading.RLock()
_cache: OrderedDict[tuple[object, ...], _Built] = OrderedDict()
_cache_size = CACHE_SIZE


def set_cache_size(size: int) -> None:
    """How many built modules to keep; 0 turns the cache off (benchmarks compare both)."""
    global _cache_size
    with _lock:
        _cache_size = max(0, size)
        while len(_cache) > _cache_size:
            _cache.popitem(last=False)


def cache_clear() -> None:
    with _lock:
        _cache.clear()


def warm_up() -> None:
    """Import torch and torchinfo and run one tiny pass, so the first grade is quick."""
    run_model(
        Exercise(
            call=ModelCall("RNN", (2, 3)),
            input=InputSpec((1, 1, 2)),
            question=Question("output"),
        )
    )


def _typed(value: object) -> tuple[str, object]:
    # True == 1 == 1.0 to Python, but not to torch's constructor.
    return (type(value).__name__, value)


def _cache_key(call: ModelCall) -> tuple[object, ...]:
    return (
        call.kind,
        tuple(_typed(a) for a in call.args),
        tuple((name, _typed(value)) for name, value in call.kwargs),
    )


def _parameter_bound(spec: ModelSpec) -> int:
    """rules.total_params in O(1) (biases always counted): a cheap guard before building."""
    rows, h_out, extra = (
        spec.gates * spec.hidden_size,
        spec.H_out,
        spec.proj_size * spec.hidden_size,
    )
    first = rows * (spec.input_size + h_out + 2) + extra
    deeper = rows * (spec.D * h_out + h_out + 2) + extra
    return spec.D * (first + (spec.num_layers - 1) * deeper)


def _layers_given(call: ModelCall) -> object:
    """num_layers as the call gives it (third positional for all three kinds, or by keyword)."""
    if len(call.args) > 2:
        return call.args[2]
    return dict(call.kwargs).get("num_layers", 1)


def _check_size(call: ModelCall) -> None:
    """Refuse what torch would take too long (or too much memory) to build."""
    layers = _layers_given(call)
    if isinstance(layers, int) and not isinstance(layers, bool) and layers > MAX_LAYERS:
        raise ExerciseError(msg("grade.error.too_many_layers", layers=layers, limit=MAX_LAYERS))
    try:
        bound = _parameter_bound(bind(call))
    except ConstructorError:
        # torch refuses it too, quickly, except what bind() refuses on purpose (a
        # positional proj_size on nn.GRU): judge that one by its largest number.
        numbers = [v for v in (*call.args, *(v for _, v in call.kwargs)) if isinstance(v, int)]
        bound = max(numbers, default=0) ** 2
    if bound > MAX_PARAMETERS:
        name, value = _largest_size(call)
        raise ExerciseError(
            msg("safety.too_large_size", name=name, value=f"{value:,}", limit=f"{MAX_PARAMETERS:,}")
        )


def _largest_size(call: ModelCall) -> tuple[str, int]:
    """The size argument that makes a layer too large, by its name (``proj_size``, ...)."""
    named = list(zip(positional_names(call.kind), call.args, strict=False)) + list(call.kwargs)
    sizes = [
        (name, value)
        for name, value in named
        if name in ("input_size", "hidden_size", "proj_size")
        and isinstance(value, int)
        and not isinstance(value, bool)
    ]
    return max(sizes, key=lambda pair: pair[1], default=("hidden_size", 0))


def _leaves_cpu(call: ModelCall) -> bool:
    """A device or dtype argument other than the default: nothing to teach there, and a
    meta or CUDA device would change what "running it" means."""
    first = 9 if call.kind == "RNN" else 8  # where device sits among the positionals
    given = dict(zip(("device", "dtype"), call.args[first:], strict=False))
    given.update((name, value) for name, value in call.kwargs if name in ("device", "dtype"))
    return given.get("device") not in (None, "cpu") or given.get("dtype") is not None


def _build(call: ModelCall) -> _Built:
    from torch import nn

    if _leaves_cpu(call):
        raise ExerciseError(msg("grade.error.device"))
    _check_size(call)
    cls = {"RNN": nn.RNN, "LSTM": nn.LSTM, "GRU": nn.GRU}[call.kind]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # dropout with one layer only warns
        try:
            module = cls(*call.args, **dict(call.kwargs))
        except Exception as exc:  # torch's refusal is the truth, whatever its type
            return _Built(None, first_line(exc))
    module.eval()
    return _Built(module, None)


def _built(call: ModelCall) -> _Built:
    key = _cache_key(call)
    with _lock:
        entry = _cache.get(key)
        if entry is not None:
            _cache.move_to_end(key)
            return entry
        entry = _build(call)
        if _cache_size:
            _cache[key] = entry
            while len(_cache) > _cache_size:
                _cache.popitem(last=False)
        return entry


def _numel(shape: Shape) -> int:
    """Elements of a shape for the caps, with a size-0 axis counted as 1: otherwise one 0
    lets any other axis through (``10000000,0,1`` "has" no elements, yet torch walks
    ten million time steps)."""
    total = 1
    for size in shape:
        total *= max(size, 1)
    return total


def _check_input(call: ModelCall, inp: InputSpec, entry: _Built) -> None:
    """Refuse inputs too big to run, and packed lengths torch would read past the tensor."""
    for shape in (inp.shape, inp.h0, inp.c0):
        if shape is not None and _numel(shape) > MAX_TENSOR_ELEMENTS:
            raise ExerciseError(
                msg("grade.error.too_large_input", limit=f"{MAX_TENSOR_ELEMENTS:,}")
            )
    steps = _numel(inp.shape[:-1]) if inp.shape else 0
    try:
        weights = _parameter_bound(bind(call))
    except ConstructorError:  # built by torch all the same (a positional proj_size)
        weights = sum(_numel(s) for _, s in entry.parameters)
    if steps * weights > MAX_FORWARD_WORK:
        raise ExerciseError(msg("grade.error.too_large_input", limit=f"{MAX_TENSOR_ELEMENTS:,}"))
    if inp.packed and entry.module is not None:
        module = entry.module
        batch_first = bool(module.batch_first)
        spec = ModelSpec("RNN", 1, 1, batch_first=batch_first)
        problem = packed_lengths_problem(spec, inp)
        if problem is not None:
            raise ExerciseError(lengths_message(problem, inp, batch_first))
        if module.mode == "LSTM" and (inp.h0 is not None or inp.c0 is not None):
            # LSTM checks no state on the packed path, and a wrong one can crash the
            # process (torch 2.13 segfaults on too many layers): check it here instead.
            layers = module.num_layers * (2 if module.bidirectional else 1)
            batch = len(inp.lengths or ())
            h_shape = (layers, batch, module.proj_size or module.hidden_size)
            c_shape = (layers, batch, module.hidden_size)
            if (inp.h0, inp.c0) != (h_shape, c_shape):
                raise ExerciseError(
                    msg("grade.error.packed_lstm_state", h=_fmt(h_shape), c=_fmt(c_shape))
                )


def _forward(entry: _Built, inp: InputSpec) -> tuple[Shape, Shape, Shape | None] | RunError:
    """One real forward pass, exactly as the exercise's code does it."""
    import torch
    from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

    module = entry.module
    assert module is not None
    is_lstm = isinstance(module, torch.nn.LSTM)
    try:
        with torch.no_grad(), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            data: Any = torch.zeros(inp.shape)
            if inp.packed:
                data = pack_padded_sequence(
                    data,
                    torch.tensor(inp.lengths, dtype=torch.int64),
                    batch_first=bool(module.batch_first),
                    enforce_sorted=False,
                )
            states = [torch.zeros(s) for s in (inp.h0, inp.c0) if s is not None]
            hx: Any = None
            if is_lstm and len(states) == 2:
                hx = (states[0], states[1])
            elif states:
                hx = states[0]
            result = module(data) if hx is None else module(data, hx)
            output, hidden = result
            if inp.packed:
                output, _ = pad_packed_sequence(output, batch_first=bool(module.batch_first))
    except Exception as exc:  # whatever torch raises is the answer to "does it run?"
        return RunError(first_line(exc), type(exc).__name__)
    if is_lstm:
        h_n, c_n = hidden
        return tuple(output.shape), tuple(h_n.shape), tuple(c_n.shape)
    return tuple(output.shape), tuple(hidden.shape), None


def run_model(exercise: Exercise) -> ModelTruth:
    """Build the exercise's module with torch and run its code; what torch says, in full.

    Raises :class:`ExerciseError` for what is refused before torch sees it (too large,
    device / dtype arguments, packed lengths that do not fit the tensor, a packed LSTM's
    wrong state): torch does not check the last two and may read past memory or crash.
    """
    with _lock:
        entry = _built(exercise.call)
        if entry.module is None:
            return ModelTruth(constructor_error=entry.error)
        common: dict[str, Any] = {
            "constructor_error": None,
            "parameters": entry.parameters,
            "total_params": entry.total_params,
            "all_weights_len": entry.all_weights_len,
            "config": entry.config,
        }
        if exercise.input is None:
            return ModelTruth(**common)
        _check_input(exercise.call, exercise.input, entry)
        forward = _forward(entry, exercise.input)
    if isinstance(forward, RunError):
        return ModelTruth(**common, run_error=forward.message, run_error_type=forward.exception)
    output, h_n, c_n = forward
    return ModelTruth(**common, output=output, h_n=h_n, c_n=c_n)


def _param_truth(entry: _Built, name: str) -> Truth:
    if not PARAM_NAME.fullmatch(name):
        raise ExerciseError(msg("grade.error.param_name", name=visible(name, limit=QUOTE_LIMIT)))
    for candidate, shape in entry.parameters:
        if candidate == name:
            return Truth(shape)
    try:
        getattr(entry.module, name)  # torch's own words for a parameter that is not there
    except AttributeError as exc:
        return Truth(None, first_line(exc))
    raise ExerciseError(msg("grade.error.param_name", name=visible(name, limit=QUOTE_LIMIT)))


def _sentence(message: str | None) -> str:
    """torch's message inside our sentence, without its own final period ("'relu'.. Only")."""
    return (message or "").rstrip().rstrip(".")


def truth(exercise: Exercise) -> Truth:
    """The answer to ``exercise.question``, from torch.

    Raises :class:`ExerciseError` when the question cannot be asked of this code (see the
    module docstring); its ``truth`` still holds torch's message where there is one.
    """
    if exercise.cell is not None:  # levels 6-8: the notebook interpreter runs the cell
        return cell_truth(exercise)
    question = exercise.question
    kind = question.kind
    with _lock:
        entry = _built(exercise.call)
        if entry.module is None:
            found = Truth(None, entry.error)
            if kind == "runs":
                return found
            raise ExerciseError(
                msg("grade.error.constructor", message=_sentence(entry.error)), found
            )
        if kind == "total_params":
            return Truth(entry.total_params)
        if kind == "all_weights_len":
            return Truth(entry.all_weights_len)
        if kind == "param":
            return _param_truth(entry, question.param or "")
        if kind == "c_n" and entry.module.mode != "LSTM":
            raise ExerciseError(msg("grade.error.c_n_not_lstm", kind=exercise.call.kind))
        if exercise.input is None:
            raise ExerciseError(msg("grade.error.no_input"))
        _check_input(exercise.call, exercise.input, entry)
        forward = _forward(entry, exercise.input)
    if isinstance(forward, RunError):
        found = Truth(None, forward.message)
        if kind == "runs":
            return found
        raise ExerciseError(
            msg("grade.error.run_raises", message=_sentence(forward.message)), found
        )
    output, h_n, c_n = forward
    value = {"output": output, "runs": output, "h_n": h_n, "c_n": c_n}[kind]
    return Truth(value)


# --------------------------------------------------------------------------- verdicts


def axis_names(exercise: Exercise, shape: Shape) -> tuple[str, ...]:
    """The closed form's name for each axis of the true shape ("D*num_layers", "4*H"...).

    Falls back to "axis i" where the closed form does not give this very shape.
    """
    generic = tuple(f"axis {i}" for i in range(len(shape)))
    try:
        spec = bind(exercise.call)
    except ConstructorError:
        return generic
    question = exercise.question
    rule = None
    if question.kind == "param":
        param = parameter_rule(spec, question.param or "")
        rule = param.rule if param else None
    elif exercise.input is not None and question.kind in ("output", "runs", "h_n", "c_n"):
        shapes = forward_shapes(spec, exercise.input)
        rule = {"output": shapes.output, "runs": shapes.output, "h_n": shapes.h_n}.get(
            question.kind, shapes.c_n
        )
    if rule is None or rule.shape != shape:
        return generic
    return tuple(axis.name for axis in rule.axes)


def grade(exercise: Exercise, answer: str) -> Verdict:
    """Grade one answer against torch. Thread-safe; never raises for any answer text.

    The verdict is data: the explanation and any error are message ids with their
    numbers, worded when shown (see :mod:`rnn_tutor.core.grading.explain`).
    """
    if exercise.cell is not None:  # levels 6-8: the notebook interpreter runs the cell
        return grade_cell(exercise, answer)
    try:
        expected = truth(exercise)
        request_error = None
    except ExerciseError as exc:
        expected, request_error = exc.truth, exc.reason
    # A clear "it raises" is read for every question, so "error" answered about a parameter
    # torch has is graded wrong (not refused as unreadable), and right where it does not exist.
    read = (
        parse_or_claim(
            exercise.question.answer_kind, answer, claim=exercise.question.kind != "runs"
        )
        if isinstance(answer, str)
        else None
    )
    parsed = read.value if read is not None else None
    if request_error is not None:
        advice = failure_advice(exercise, expected.raises) if expected.raises else None
        return Verdict(
            correct=False,
            expected=expected,
            parsed=parsed,
            explanation_lines=() if advice is None else (advice,),
            error_message=request_error,
        )
    lines = explanation_lines(exercise)
    if read is None or read.value is None:
        reason = read.reason if read is not None else None
        return Verdict(
            False,
            expected,
            None,
            explanation_lines=lines,
            error_message=reason or msg("grade.error.answer_type"),
        )
    correct = expected.accepts(parsed)
    axes: tuple[AxisMark, ...] = ()
    if isinstance(expected.value, tuple) and isinstance(parsed, tuple):
        axes = mark_axes(expected.value, axis_names(exercise, expected.value), parsed)
    misconception = None if correct else diagnose(exercise, parsed, expected)
    return Verdict(
        correct=correct,
        expected=expected,
        parsed=parsed,
        axes=axes,
        misconception=misconception,
        explanation_lines=lines,
    )


def grade_unanswered(exercise: Exercise) -> Verdict:
    """An exercise left unanswered (skipped, or its time ran out): wrong, with torch's answer.

    Not knowing is a weak spot too: recorded as a miss, the concept comes back in review.
    Only a question that cannot be asked of this code at all keeps its error.
    """
    verdict = grade(exercise, "")
    if not verdict.expected.known:
        return verdict
    return replace(
        verdict,
        correct=False,
        parsed=None,
        axes=(),
        misconception=None,
        error_message=None,
    )


def model_total(call: ModelCall) -> int | None:
    """torchinfo's Total params of the module ``grade`` just built (kept in the cache: no
    second forward pass); None when torch refuses the constructor."""
    with _lock:
        try:
            entry = _built(call)
        except ExerciseError:
            return None
        return None if entry.module is None else entry.total_params
