"""`rnn-tutor practice --jsonl`: practice for notebook widgets and scripts (issue 21).

The stream gives the app's own exercises at the learner's remembered level, grades each
answer in the kernel (the command never imports torch), records it in the same store the
app reads, and answers every malformed line with an error while the stream goes on.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from rnn_tutor.commands.practice_stream import PracticeStream, exercise_item, practice_stream
from rnn_tutor.core.exercises.generator import practice_at
from rnn_tutor.core.exercises.questions import Exercise
from rnn_tutor.core.grading.explain import answer_text, hints
from rnn_tutor.core.progress.learners import learner_dir
from rnn_tutor.core.progress.practice_setting import SETTING_LEVEL
from rnn_tutor.core.progress.store import Store
from rnn_tutor.i18n import set_language
from rnn_tutor.i18n.message import Message, msg

ROOT = Path(__file__).resolve().parents[2]
SEED = 11


def lines(*requests: Any) -> str:
    return "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in requests)


def run_cli(args: list[str], stdin: str, home: Path) -> subprocess.CompletedProcess[str]:
    """The command in a fresh Python that reports whether torch was ever imported there."""
    script = (
        "import sys\nfrom rnn_tutor.cli import main\nrc = main(sys.argv[1:])\n"
        "print('TORCH', 'torch' in sys.modules, 'RC', rc, file=sys.stderr)\n"
    )
    return subprocess.run(
        [sys.executable, "-c", script, *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "RNN_TUTOR_HOME": str(home), "LANG": "C.UTF-8"},
        timeout=240,
        check=False,
    )


def replies(out: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in out.splitlines()]


def test_a_session_in_the_kernel_recorded_where_the_app_reads_it(tmp_path: Path) -> None:
    folder = learner_dir(tmp_path, "kim")
    with Store.open(folder) as store:
        store.set_setting(SETTING_LEVEL, "2")  # chosen in the app earlier
    first, second = practice_at(2, SEED, 0, "call"), practice_at(2, SEED, 1, "call")
    done = run_cli(
        ["--data-dir", str(tmp_path), "practice", "--jsonl", "--learner", "kim", "--seed", "11"],
        lines({"hint": True}, {"answer": answer_text(first)}, {"skip": True}, {"quit": True}),
        tmp_path / "home",
    )
    assert "TORCH False RC 0" in done.stderr, done.stderr
    shown, hint, right, after, skipped, third, bye = replies(done.stdout)
    # The app's own exercises at the remembered level, no answer given away.
    assert shown == {"exercise": exercise_item(1, first, 2)}
    assert "answer" not in shown["exercise"] and "explanation" not in shown["exercise"]
    assert hint == {"hint": {"number": 1, "of": 3, "text": hints(first)[0]}}
    assert right["verdict"]["correct"] is True and right["verdict"]["error"] is None
    assert after == {"exercise": exercise_item(2, second, 2)}
    assert skipped["verdict"]["correct"] is False and skipped["verdict"]["parsed"] is None
    assert skipped["verdict"]["expected"] is not None  # torch's answer, shown
    assert third["exercise"]["number"] == 3
    assert bye == {"bye": {"answered": 1, "right": 1}}
    with Store.open(folder) as store:
        rows = store.attempts()
    assert [(r.correct, r.mode, r.hints_used, r.question) for r in rows] == [
        (True, "practice", 1, first.question.id),
        (False, "practice", 0, second.question.id),
    ]
    assert not (tmp_path / "progress.sqlite3").exists()  # the learner's own folder only


class FakeStore:
    """A store that keeps what it is given (the protocol tests need no SQLite)."""

    def __init__(self) -> None:
        self.recorded: list[Any] = []

    def record_attempt(self, record: Any) -> None:
        self.recorded.append(record)


def fake_grader(exercise: Exercise, answer: str | None) -> dict[str, Any] | Message:
    right = answer is not None and answer == answer_text(exercise)
    return {"correct": right, "expected": [1], "misconception": None, "error": None}


def stream(store: FakeStore | None = None) -> PracticeStream:
    return PracticeStream(store or FakeStore(), 1, SEED, "call", grader=fake_grader)  # type: ignore[arg-type]


def talk(requests: str, practice: PracticeStream | None = None) -> list[dict[str, Any]]:
    sink = io.StringIO()
    assert practice_stream(practice or stream(), io.StringIO(requests), sink) == 0
    return replies(sink.getvalue())


@pytest.mark.parametrize(
    ("line", "error_id"),
    [
        ("not json", "grade.request.json"),
        ("[1, 2]", "practice.jsonl.request"),
        ('{"answer": "(1, 2)", "hint": true}', "practice.jsonl.request"),
        ('{"guess": "(1, 2)"}', "practice.jsonl.request"),
        ('{"hint": 1}', "practice.jsonl.flag"),
        ('{"answer": ["1"]}', "grade.request.not_string"),
        ('{"answer": "(1, 2"}', "answer.shape.unbalanced"),
        ("[" * 100_000, "grade.request.too_deep"),
    ],
)
def test_a_malformed_line_gets_an_error_and_the_exercise_stays_open(
    line: str, error_id: str
) -> None:
    store = FakeStore()
    _shown, error, again_right, _next, _bye = talk(
        lines(line, {"answer": answer_text(practice_at(1, SEED, 0, "call"))}), stream(store)
    )
    assert error["error_id"]["id"] == error_id and error["error"]
    assert "verdict" not in error and "exercise" not in error
    assert again_right["verdict"]["correct"] is True  # the same exercise, answered after
    assert len(store.recorded) == 1


def test_an_overlong_line_is_refused_and_the_stream_goes_on() -> None:
    _shown, error, bye = talk("x" * 300_000 + "\n" + lines({"quit": True}))
    assert error["error_id"]["id"] == "safety.input.line_too_long"
    assert bye == {"bye": {"answered": 0, "right": 0}}


def test_hints_run_out_with_a_message_and_ids_are_echoed() -> None:
    out = talk(lines(*({"id": n, "hint": True} for n in range(4)), {"id": "q", "quit": True}))
    assert [o["hint"]["number"] for o in out[1:4]] == [1, 2, 3]
    assert [o["id"] for o in out[1:]] == [0, 1, 2, 3, "q"]
    assert out[4]["error_id"]["id"] == "ui.notify.no_more_hints"
    assert out[5] == {"id": "q", "bye": {"answered": 0, "right": 0}}


def test_a_kernel_stop_costs_the_answer_nothing_recorded() -> None:
    store = FakeStore()

    def stopped(exercise: Exercise, answer: str | None) -> Message:
        return msg("kernel.grade.stopped", why=msg("kernel.why.wall", seconds=1))

    practice = PracticeStream(store, 1, SEED, "call", grader=stopped)  # type: ignore[arg-type]
    _shown, error, bye = talk(lines({"answer": "(1, 2, 3)"}, {"quit": True}), practice)
    assert error["error_id"]["id"] == "kernel.grade.stopped"
    assert store.recorded == [] and bye == {"bye": {"answered": 0, "right": 0}}


def test_errors_in_the_learners_language() -> None:
    set_language("ko")
    try:
        _shown, error, _bye = talk(lines("{}", {"quit": True}))
    finally:
        set_language("en")
    assert error["error"].startswith("연습 요청은")


def test_the_end_of_input_ends_the_stream_with_a_summary() -> None:
    assert talk("")[-1] == {"bye": {"answered": 0, "right": 0}}


def walk_keys(value: Any) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {key for item in value.values() for key in walk_keys(item)}
    if isinstance(value, list):
        return {key for item in value for key in walk_keys(item)}
    return set()


@pytest.mark.parametrize("level", [6, 7, 8])
def test_a_cell_exercise_line_gives_no_answer_away(level: int) -> None:
    """The stored form of a cell holds its answer, torch's error, a blank's reference and
    the sizes it was written from: none of it may reach the learner before the answer."""
    for index in range(20):
        exercise = practice_at(level, SEED, index, "around")
        item = exercise_item(index + 1, exercise, level)
        assert set(item["cell"]) == {"topic", "source", "question"}
        assert not walk_keys(item) & {"answer", "raises", "expect", "axes", "config"}


def test_a_grading_error_costs_that_answer_only() -> None:
    calls: list[str | None] = []

    def broken(exercise: Exercise, answer: str | None) -> dict[str, Any] | Message:
        calls.append(answer)
        if len(calls) == 1:
            raise RuntimeError("the kernel process did not start")
        return fake_grader(exercise, answer)

    store = FakeStore()
    practice = PracticeStream(store, 1, SEED, "call", grader=broken)  # type: ignore[arg-type]
    right = answer_text(practice_at(1, SEED, 0, "call"))
    _shown, error, verdict, _next, bye = talk(
        lines({"answer": right}, {"answer": right}, {"quit": True}), practice
    )
    assert error["error_id"]["id"] == "grade.request.internal"
    assert "did not start" in error["error"]
    assert verdict["verdict"]["correct"] is True  # the same exercise, graded the second time
    assert len(store.recorded) == 1 and bye == {"bye": {"answered": 1, "right": 1}}
