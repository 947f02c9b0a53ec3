"""`rnn-tutor grade`: grade answers against torch, for teachers' scripts and autograders.

``--jsonl`` reads one JSON request per line from stdin and writes one JSON verdict per
line, in order, flushing after each. This process reads and checks the requests and never
imports torch; each answer is graded in a kernel session forked for it alone
(``core.kernel.grading``), so an answer whose code crashes torch, hangs in C or passes the
memory limit gets a verdict whose ``error`` names the limit, and the lines after it are
graded as usual. A line that
cannot be read gets a verdict whose ``error`` says why, and the lines after it are still
graded; blank lines are skipped. Without ``--jsonl`` it grades the one answer given by
options and prints the verdict (``--json`` for the JSON object).

Request: {"model": "nn.RNN(10, 5, 1, batch_first=True)", "input": [1, 4, 10], "h0": null,
"c0": null, "lengths": null, "question": "output", "answer": "(1, 4, 5)"}; an "id" is echoed
back. Shapes may also be written as text ("1,4,10"). See rnn_tutor.core.grading.grader for what
the answer is when torch raises.

A cell (levels 6-8): {"program": "<cell code>", "question": "shape:<expr>" | "runs:<expr>" |
"blank", "answer": "<learner's text>"}; for "blank" the program holds ____ once and "expect"
is the reference expression the learner's must equal by value. The notebook interpreter runs
it (see rnn_tutor.core.grading.cell_grader); the per-axis marks carry the axis names it knows
(``output`` of an nn.RNN is (N, L, D*H_out), ``output[:, -1]`` (N, D*H_out)), else "axis k".
"""

from __future__ import annotations

import argparse
import io
import json
import sys
from typing import IO, Any

from rnn_tutor.commands._output import dumps, emit, write
from rnn_tutor.core.call.spec import (
    InputSpec,
    SpecError,
    check_count,
    parse_model,
    parse_shape_list,
)
from rnn_tutor.core.exercises.questions import Exercise, Question
from rnn_tutor.core.grading.verdict import Truth, Verdict
from rnn_tutor.core.kernel.grading import grade_in_kernel
from rnn_tutor.core.safe_text import QUOTE_LIMIT, visible
from rnn_tutor.i18n import t
from rnn_tutor.i18n.message import Message, msg

_SHAPE_FIELDS = ("input", "h0", "c0", "lengths")
_FIELDS = ("id", "model", "question", "answer", *_SHAPE_FIELDS)
"""Every key a request may have: a misspelt one ("h_0") is refused, not silently ignored."""
# A request line longer than this is refused (its start is never echoed back whole), and
# one that has not ended after MAX_SKIP_CHARS more ends the stream: it is not JSON lines.
MAX_LINE_CHARS = 1_000_000
MAX_SKIP_CHARS = 64_000_000


class RequestError(ValueError):
    """A request that cannot be graded; ``reason`` says why, for the person who wrote it."""

    def __init__(self, reason: Message) -> None:
        super().__init__(reason.key)
        self.reason = reason


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "grade",
        help=t("grade.help"),
        description=t("grade.description"),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--jsonl", action="store_true", help=t("grade.help.jsonl"))
    parser.add_argument("model", nargs="?", help=t("grade.help.model"))
    parser.add_argument("--input", metavar="SHAPE", help=t("grade.help.input"))
    parser.add_argument("--h0", metavar="SHAPE", help=t("shapes.help.h0"))
    parser.add_argument("--c0", metavar="SHAPE", help=t("shapes.help.c0"))
    parser.add_argument("--lengths", metavar="LENGTHS", help=t("shapes.help.lengths"))
    parser.add_argument("--question", default="output", help=t("grade.help.question"))
    parser.add_argument("--answer", help=t("grade.help.answer"))
    parser.add_argument("--json", action="store_true", help=t("grade.help.json"))


def _shape(field: str, value: Any) -> tuple[int, ...] | None:
    """A size field as text or a JSON list, under one rule for both (``check_count``)."""
    if value is None:
        return None
    if isinstance(value, str):
        try:
            return check_count(field, parse_shape_list(value))
        except SpecError as exc:
            if exc.key == "safety.too_many_values":
                raise RequestError(msg(exc.key, **exc.params)) from None
            shown = visible(value, limit=QUOTE_LIMIT)
            raise RequestError(msg("grade.request.shape", field=field, value=shown)) from None
    if (
        not isinstance(value, list)
        or not value
        or not all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in value)
    ):
        raise RequestError(
            msg(
                "grade.request.shape",
                field=field,
                value=visible(json.dumps(value), limit=QUOTE_LIMIT),
            )
        )
    try:
        return check_count(field, tuple(value))
    except SpecError as exc:
        raise RequestError(msg(exc.key, **exc.params)) from None


def exercise_from_request(request: Any) -> tuple[Any, str]:
    """(Exercise, answer text) from one request object; RequestError when it is malformed."""
    if not isinstance(request, dict):
        raise RequestError(msg("grade.request.not_object"))
    if "program" in request:
        return cell_from_request(request)
    unknown = [str(key) for key in request if key not in _FIELDS]
    if unknown:
        raise RequestError(
            msg(
                "grade.request.unknown_key",
                key=visible(unknown[0], limit=40),
                fields=", ".join(_FIELDS),
            )
        )
    for field in ("model", "question", "answer"):
        if field not in request:
            raise RequestError(msg("grade.request.missing", field=field))
    model, question_text, answer = request["model"], request["question"], request["answer"]
    if not isinstance(model, str):
        raise RequestError(msg("grade.request.not_string", field="model"))
    if not isinstance(question_text, str):
        raise RequestError(msg("grade.request.not_string", field="question"))
    if isinstance(answer, int) and not isinstance(answer, bool):
        answer = str(answer)  # a count written as a JSON number
    if not isinstance(answer, str):
        raise RequestError(msg("grade.request.not_string", field="answer"))
    try:
        parsed = parse_model(model)
    except SpecError as exc:
        raise RequestError(msg("grade.request.model", message=exc.message)) from None
    try:
        question = Question.parse(question_text.strip())
    except ValueError:
        raise RequestError(
            msg("grade.request.question", question=visible(question_text, limit=QUOTE_LIMIT))
        ) from None
    shapes = {field: _shape(field, request.get(field)) for field in _SHAPE_FIELDS}
    inp = None
    if shapes["input"] is not None:
        inp = InputSpec(shapes["input"], shapes["h0"], shapes["c0"], shapes["lengths"])
    elif any(shapes[field] is not None for field in ("h0", "c0", "lengths")):
        raise RequestError(msg("grade.request.state_without_input"))
    if shapes["c0"] is not None and parsed.call.kind != "LSTM":
        raise RequestError(msg("grade.request.c0_not_lstm", kind=parsed.call.kind))
    exercise = Exercise(call=parsed.call, input=inp, question=question, names=parsed.names)
    return exercise, answer


def _text_field(request: dict[str, Any], field: str) -> str:
    if field not in request:
        raise RequestError(msg("grade.request.missing", field=field))
    value = request[field]
    if isinstance(value, int) and not isinstance(value, bool) and field == "answer":
        value = str(value)  # a number written as a JSON number
    if not isinstance(value, str):
        raise RequestError(msg("grade.request.not_string", field=field))
    return value


def cell_from_request(request: dict[str, Any]) -> tuple[Any, str]:
    """(Exercise, answer text) for a cell request; RequestError when it is malformed."""
    from rnn_tutor.core.call.spec import ModelCall
    from rnn_tutor.core.exercises.cells import BLANK, Cell
    from rnn_tutor.core.exercises.questions import Exercise, Question

    program = _text_field(request, "program")
    question = _text_field(request, "question").strip()
    answer = _text_field(request, "answer")
    form, _, target = question.partition(":")
    if form in ("shape", "runs", "count") and target.strip():
        cell = Cell(topic="request", source=program, question=f"{form}:{target.strip()}")
    elif question == "blank":
        expect = _text_field(request, "expect").strip()
        if program.count(BLANK) != 1:
            raise RequestError(msg("cells.request.blank_count", blank=BLANK))
        if not expect:
            raise RequestError(msg("grade.request.missing", field="expect"))
        cell = Cell(topic="request", source=program, question="blank:expression", answer=expect)
    else:
        raise RequestError(
            msg("cells.request.question", question=visible(question, limit=QUOTE_LIMIT))
        )
    # The call is only a label here (cells are run by the interpreter, not built from it).
    exercise = Exercise(
        call=ModelCall("RNN", (1, 1)),
        input=None,
        question=Question("cell", cell.question),
        cell=cell,
    )
    return exercise, answer


def grade_request(request: Any) -> dict[str, Any]:
    """The verdict object for one request (any JSON value); never raises."""
    try:
        exercise, answer = exercise_from_request(request)
        graded = grade_in_kernel(exercise, answer)
        result = _refusal(graded) if isinstance(graded, Message) else graded
    except RequestError as exc:
        result = _refusal(exc.reason)
    except Exception as exc:  # a bug must cost one line, not the rest of the stream
        detail = f"{type(exc).__name__}: {exc}"
        result = _refusal(msg("grade.request.internal", detail=detail))
    if isinstance(request, dict) and "id" in request:
        result = {"id": request["id"], **result}
    return result


def grade_stream(source: IO[str], sink: IO[str], ascii_only: bool = False) -> int:
    """One verdict line per non-blank request line, in order, flushed as it is written.

    ``ascii_only`` escapes non-ASCII text (Korean messages) for sinks that cannot encode it.
    """
    number = 0
    while True:
        line = source.readline(MAX_LINE_CHARS + 1)
        if not line:
            break
        number += 1
        if len(line) > MAX_LINE_CHARS and not line.endswith("\n"):
            refusal = _refusal(msg("safety.input.line_too_long", line=number, limit=MAX_LINE_CHARS))
            if not _skip_rest_of_line(source):  # no end in sight (/dev/zero): stop here
                write(sink, _verdict_line(refusal, ascii_only))
                return 2
            verdict = refusal
        elif not line.strip():
            continue
        else:
            verdict = _verdict_for_line(line)
        if not write(sink, _verdict_line(verdict, ascii_only)):
            break  # the reader is gone (`... | head`): nobody reads the rest
    return 0


def _skip_rest_of_line(source: IO[str]) -> bool:
    """Read past the rest of an overlong line; False when it has not ended within
    MAX_SKIP_CHARS (then the stream is not JSON lines at all)."""
    skipped = 0
    while skipped < MAX_SKIP_CHARS:
        chunk = source.readline(MAX_LINE_CHARS)
        if not chunk or chunk.endswith("\n"):
            return True
        skipped += len(chunk)
    return False


def _verdict_for_line(line: str) -> dict[str, Any]:
    try:
        request = json.loads(line)
    except ValueError as exc:
        return _refusal(msg("grade.request.json", detail=visible(exc, limit=QUOTE_LIMIT)))
    except RecursionError:  # brackets nested thousands deep: json gives up
        return _refusal(msg("grade.request.too_deep"))
    return grade_request(request)


def _refusal(reason: Message) -> dict[str, Any]:
    return Verdict(False, Truth(None), None, error_message=reason).to_json()


def _verdict_line(verdict: dict[str, Any], ascii_only: bool) -> str:
    try:
        return dumps(verdict, ascii_only=ascii_only) + "\n"
    except RecursionError:  # an "id" that json could read but cannot write back
        return dumps(_refusal(msg("grade.request.too_deep")), ascii_only=ascii_only) + "\n"


def _human(verdict: dict[str, Any]) -> str:
    """One outcome: "Cannot grade" (exit 2) or right / not right (exit 0 / 1), never both."""
    lines = []
    if verdict["error"]:
        lines.append(t("grade.out.error", error=verdict["error"]))
        if verdict["expected"] is not None:
            lines.append(t("grade.out.expected", expected=_show(verdict["expected"])))
    else:
        lines.append(t("grade.out.correct") if verdict["correct"] else t("grade.out.wrong"))
        lines.append(t("grade.out.expected", expected=_show(verdict["expected"])))
        lines.append(t("grade.out.parsed", parsed=_show(verdict["parsed"])))
    wrong_axes = [mark for mark in verdict["axes"] if not mark["ok"]]
    for mark in wrong_axes:
        lines.append(
            t(
                "grade.out.axis",
                name=mark["name"],
                expected="-" if mark["expected"] is None else mark["expected"],
                given="-" if mark["given"] is None else mark["given"],
            )
        )
    if verdict["misconception"]:
        text = verdict["misconception_text"] or ""
        lines.append(t("grade.out.misconception", id=verdict["misconception"], text=text))
    if verdict["explanation"]:
        lines.append(verdict["explanation"])
    return "\n".join(lines)


def _show(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, dict):
        if "runs" in value:
            return t("grade.out.says_runs")
        if "expression" in value:
            return visible(str(value["expression"]), limit=QUOTE_LIMIT)
        if value.get("raises") is True:
            return t("grade.out.says_raises")
        return t("grade.out.raises", message=value.get("raises"))
    if isinstance(value, list):
        return "(" + ", ".join(str(v) for v in value) + ("," if len(value) == 1 else "") + ")"
    return str(value)


def run(args: argparse.Namespace) -> int:
    if args.jsonl:
        if isinstance(sys.stdin, io.TextIOWrapper):
            sys.stdin.reconfigure(errors="replace")  # a stray byte costs one line, not the run
        encoding = (getattr(sys.stdout, "encoding", None) or "").lower().replace("-", "")
        return grade_stream(sys.stdin, sys.stdout, ascii_only=not encoding.startswith("utf"))
    if args.model is None or args.answer is None:
        print(t("grade.usage"), file=sys.stderr)
        return 2
    request = {
        "model": args.model,
        "question": args.question,
        "answer": args.answer,
        **{field: getattr(args, field) for field in _SHAPE_FIELDS},
    }
    verdict = grade_request(request)
    emit(dumps(verdict) if args.json else _human(verdict))
    if verdict["error"]:
        return 2
    return 0 if verdict["correct"] else 1
