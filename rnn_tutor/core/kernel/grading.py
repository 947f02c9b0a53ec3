"""Answers graded in the kernel: the parent parses the request, a fresh session grades it.

``grade_in_kernel`` is the one function ``grade --jsonl`` (and one-off ``grade``) calls in
place of ``grader.grade``: the exercise crosses the pipe as wire values, the verdict comes
back as the JSON object ``Verdict.to_json`` makes, in the parent's language. Every answer
is graded in a session forked for it alone, so a crash, a hang or a memory blow-up costs
that answer and nothing after it, and no answer can read what an earlier one left in freed
memory (issue 17: two requests, the second read the first's 1,024 numbers).
"""

from __future__ import annotations

import threading
from typing import Any

from rnn_tutor.core.exercises.questions import Exercise
from rnn_tutor.core.grading.verdict import Verdict
from rnn_tutor.core.kernel.client import Kernel, KernelError, KernelStop
from rnn_tutor.core.kernel.wire import WireError, encode
from rnn_tutor.i18n import get_language
from rnn_tutor.i18n.message import Message, msg

_shared: Kernel | None = None
_shared_lock = threading.Lock()


def shared_kernel() -> Kernel:
    """This process's kernel, started on first use and ended at exit (one zygote for all)."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = Kernel()
        return _shared


def stop_reason(stop: KernelStop) -> Message:
    """What a grader reads when the kernel stopped on an answer: which limit, and that the
    answers after it are graded as usual."""
    return msg(
        "kernel.grade.stopped",
        why=msg(f"kernel.why.{stop.reason if stop.reason in _WHY else 'other'}", **stop.params),
    )


_WHY = ("cpu", "wall", "memory", "crash", "signal", "file", "zygote")


def grade_in_kernel(
    exercise: Exercise, answer: str | None, kernel: Kernel | None = None
) -> dict[str, Any] | Message:
    """The verdict object for one answer, or the Message saying why the kernel gave none.

    ``answer`` None is a question left unanswered (``grader.grade_unanswered``: wrong,
    with torch's answer), as a skip in the app.

    Raises KernelError when the kernel answered with an error (a bug in grading), so the
    caller reports it as it reports an in-process one.
    """
    kernel = kernel or shared_kernel()
    try:
        body = {"op": "grade", "exercise": encode(exercise), "answer": answer}
    except WireError as error:  # pragma: no cover - every exercise field is a wire value
        raise KernelError(str(error)) from None
    body["language"] = get_language()
    result = kernel.run_once(body)
    if isinstance(result, KernelStop):
        return stop_reason(result)
    if not isinstance(result, dict):
        return stop_reason(KernelStop("protocol"))
    return result


def grade_verdict(
    exercise: Exercise, answer: str | None, *, total: bool = False, kernel: Kernel | None = None
) -> tuple[Verdict, int | None] | Message:
    """The app's grading: the Verdict (and torchinfo's total when ``total``), graded in a
    session forked for this answer, or the Message saying why the kernel gave none.

    The app process never imports torch: practice, quiz and review send every answer here
    (issue 17), as My code sends its cells. A session per answer costs a fork of the
    zygote, which holds torch and the grader imported once (benchmarks/bench_grading.py).
    Raises KernelError when the kernel answered with an error (a bug in grading).
    """
    kernel = kernel or shared_kernel()
    body = {
        "op": "grade",
        "exercise": encode(exercise),
        "answer": answer,
        "form": "verdict",
        "total": total,
        "language": get_language(),
    }
    result = kernel.run_once(body)
    if isinstance(result, KernelStop):
        return stop_reason(result)
    if (
        not isinstance(result, tuple)
        or len(result) != 2
        or not isinstance(result[0], Verdict)
        or not (result[1] is None or isinstance(result[1], int))
    ):
        return stop_reason(KernelStop("protocol"))
    return result[0], result[1]
