"""`rnn-tutor practice --jsonl`: practice without a terminal, one JSON object per line.

For a notebook widget, a learning platform or a script: the same exercises as the app's
practice (``practice_at`` at the learner's remembered level and track), graded the same way
and recorded in the same store, so review and the statistics count these answers as the
app's own. This process never imports torch: each answer is graded in a kernel session of
its own (``core.kernel.grading``), as ``grade --jsonl`` does.

The protocol (each line one JSON object, flushed as it is written):

- the tutor writes ``{"exercise": {...}}`` (the fields of ``exercises --json`` without the
  answer and its derivation) and waits;
- ``{"answer": "..."}``: an answer the parser cannot read gets ``{"error": ...}`` and the
  exercise stays open (as a typo under the answer box); a readable one is graded and
  recorded, the tutor writes ``{"verdict": {...}}`` (the fields of ``grade --jsonl``) and
  then the next exercise;
- ``{"hint": true}``: ``{"hint": {"number": k, "of": n, "text": ...}}``, the next rung;
- ``{"skip": true}``: graded as unanswered (recorded as a miss, as the app's ``s``), the
  verdict shows torch's answer, then the next exercise;
- ``{"quit": true}`` (or the end of input): ``{"bye": {"answered": n, "right": k}}``;
- anything else, a line that is not JSON included, gets ``{"error": ..., "error_id": ...}``
  and the stream goes on.

An ``"id"`` on a request is echoed back on its reply.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO, Any

from rnn_tutor.commands._output import dumps, write
from rnn_tutor.core.exercises.generator import practice_at
from rnn_tutor.core.exercises.questions import Exercise
from rnn_tutor.core.grading.answers import parse_answer
from rnn_tutor.core.grading.explain import hints, question_text
from rnn_tutor.core.kernel.grading import grade_in_kernel
from rnn_tutor.core.progress.clock import utc_now
from rnn_tutor.core.progress.store import AttemptRecord, Store
from rnn_tutor.core.safe_text import QUOTE_LIMIT, visible
from rnn_tutor.i18n.message import Message, msg

MAX_LINE_CHARS = 100_000
"""A request longer than this is refused: an answer is a few dozen characters."""
ACTIONS = ("answer", "hint", "skip", "quit")

Grader = Callable[[Exercise, "str | None"], "dict[str, Any] | Message"]


CELL_SHOWN = ("topic", "source", "question")
"""What a cell exercise shows: its stored form also holds the answer, torch's error, the
reference of a blank and the sizes it was written from."""


def exercise_item(number: int, exercise: Exercise, level: int) -> dict[str, Any]:
    """What the learner sees of an exercise: ``exercises --json``'s fields, no answer."""
    shown = exercise.to_dict()
    if "cell" in shown:
        shown["cell"] = {key: shown["cell"][key] for key in CELL_SHOWN}
    return {
        "number": number,
        "level": level,
        **shown,
        "code": exercise.code(),
        "prompt": question_text(exercise),
        "answer_kind": exercise.question.answer_kind,
    }


def _error(message: Message) -> dict[str, Any]:
    return {"error": message.text(), "error_id": message.to_json()}


@dataclass
class PracticeStream:
    """One learner's practice over a pair of text streams (state between requests)."""

    store: Store
    level: int
    seed: int
    track: str | None = None
    grader: Grader = grade_in_kernel
    clock: Callable[[], float] = time.monotonic
    index: int = 0
    answered: int = 0
    right: int = 0
    hints_used: int = 0
    shown_at: float = 0.0
    exercise: Exercise = field(init=False)

    def __post_init__(self) -> None:
        self.exercise = self._make(self.index)

    def _make(self, index: int) -> Exercise:
        return practice_at(self.level, self.seed, index, self.track)

    def shown(self) -> dict[str, Any]:
        """The open exercise's line; its time starts now."""
        self.shown_at = self.clock()
        return {"exercise": exercise_item(self.index + 1, self.exercise, self.level)}

    def reply(self, line: str) -> tuple[list[dict[str, Any]], bool]:
        """The lines that answer one request line, and whether the stream ends."""
        try:
            request = json.loads(line)
        except ValueError as exc:
            detail = visible(exc, limit=QUOTE_LIMIT)
            return [_error(msg("grade.request.json", detail=detail))], False
        except RecursionError:
            return [_error(msg("grade.request.too_deep"))], False
        if not isinstance(request, dict):
            return [_error(msg("practice.jsonl.request", actions=", ".join(ACTIONS)))], False
        asked = [key for key in request if key != "id"]
        if len(asked) != 1 or asked[0] not in ACTIONS:
            replies = [_error(msg("practice.jsonl.request", actions=", ".join(ACTIONS)))]
            return self._with_id(request, replies), False
        action = asked[0]
        value = request[action]
        if action == "answer":
            if isinstance(value, int) and not isinstance(value, bool):
                value = str(value)  # a count written as a JSON number
            if not isinstance(value, str):
                replies = [_error(msg("grade.request.not_string", field="answer"))]
            else:
                replies = self._answer(value)
        elif value is not True:
            replies = [_error(msg("practice.jsonl.flag", action=action))]
        elif action == "hint":
            replies = [self._hint()]
        elif action == "skip":
            replies = self._answer(None)
        else:
            return self._with_id(request, [self.bye()]), True
        return self._with_id(request, replies), False

    @staticmethod
    def _with_id(request: dict[str, Any], replies: list[dict[str, Any]]) -> list[dict[str, Any]]:
        if "id" in request and replies:
            replies[0] = {"id": request["id"], **replies[0]}
        return replies

    def bye(self) -> dict[str, Any]:
        return {"bye": {"answered": self.answered, "right": self.right}}

    def _hint(self) -> dict[str, Any]:
        rungs = hints(self.exercise)
        if self.hints_used >= len(rungs):
            return _error(msg("ui.notify.no_more_hints"))
        self.hints_used += 1
        return {
            "hint": {
                "number": self.hints_used,
                "of": len(rungs),
                "text": rungs[self.hints_used - 1],
            }
        }

    def _answer(self, text: str | None) -> list[dict[str, Any]]:
        exercise = self.exercise
        if text is not None:
            parsed = parse_answer(exercise.question.answer_kind, text)
            if not parsed.ok and parsed.reason is not None:
                return [_error(parsed.reason)]  # a typo loses nothing: the exercise stays open
        seconds = self.clock() - self.shown_at
        at = utc_now()
        try:
            verdict = self.grader(exercise, text)
        except Exception as exc:  # a bug, or no kernel: this answer only, the stream goes on
            detail = visible(f"{type(exc).__name__}: {exc}", limit=QUOTE_LIMIT)
            return [_error(msg("grade.request.internal", detail=detail))]
        if isinstance(verdict, Message):  # the kernel stopped: said, nothing recorded
            return [_error(verdict)]
        if verdict.get("error"):
            return [{"verdict": verdict}]
        self.store.record_attempt(
            AttemptRecord(
                exercise=exercise.to_dict(),
                question=exercise.question.id,
                skills=exercise.skills,
                answer=text or "",
                correct=bool(verdict["correct"]),
                expected=verdict["expected"],
                misconception=verdict["misconception"],
                hints_used=self.hints_used,
                seconds=round(max(0.0, seconds), 3),
                mode="practice",
                at=at,
            )
        )
        self.answered += text is not None
        self.right += bool(verdict["correct"])
        self.index += 1
        self.hints_used = 0
        self.exercise = self._make(self.index)
        return [{"verdict": verdict}, self.shown()]


def practice_stream(
    stream: PracticeStream, source: IO[str], sink: IO[str], ascii_only: bool = False
) -> int:
    """Run the protocol until quit or the end of input; exit code 0 (the reader going away
    ends it quietly, as ``grade --jsonl``)."""

    def send(line: dict[str, Any]) -> bool:
        return write(sink, dumps(line, ascii_only=ascii_only) + "\n")

    if not send(stream.shown()):
        return 0
    number = 0
    while True:
        line = source.readline(MAX_LINE_CHARS + 1)
        number += 1
        if not line:
            send(stream.bye())
            return 0
        if len(line) > MAX_LINE_CHARS and not line.endswith("\n"):
            while line and not line.endswith("\n"):  # the rest of the overlong line
                line = source.readline(MAX_LINE_CHARS)
            replies = [_error(msg("safety.input.line_too_long", line=number, limit=MAX_LINE_CHARS))]
            done = False
        elif not line.strip():
            continue
        else:
            replies, done = stream.reply(line)
        for reply in replies:
            if not send(reply):
                return 0
        if done:
            return 0
