"""Practice, quiz and review grade in the kernel: the app process never imports torch.

Issue 17: learner code was bounded by the operating system only in My code, explain and
grade; the app's own answering screens still built and ran the layer in the app process,
which therefore held torch (twice the memory per served tab, and a crash in torch took the
tab). Here an answer is graded end to end in a fresh process, and torch is never in that
process's modules; a kernel that stops on an answer is said in the feedback and the answer
is kept.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from rnn_tutor.core.grading.explain import answer_text
from rnn_tutor.core.kernel import KernelStop
from rnn_tutor.core.kernel.grading import stop_reason
from rnn_tutor.i18n import t
from rnn_tutor.ui.screens import answering
from rnn_tutor.ui.screens.practice import PracticeScreen
from tests.ui.test_app_flows import feedback_text, make_app, open_practice, type_text
from tests.ui.test_quit_while_grading import run_app_script

STOP = KernelStop("crash", signal="SIGSEGV")

ANSWER_WITHOUT_TORCH = """
import sys, time
from rnn_tutor.core.grading.explain import answer_text
from rnn_tutor.ui.app import RnnTutorApp
app = RnnTutorApp(data_dir=sys.argv[1], lang="en", screen="practice", seed=11)
seen = {}
async def pilot(p):
    for _ in range(600):
        if getattr(p.app.screen, "exercise", None) is not None:
            break
        await p.pause(0.1)
    screen = p.app.screen
    await p.press(*answer_text(screen.exercise), "enter")
    for _ in range(1200):
        if screen.graded:
            break
        await p.pause(0.1)
    seen["correct"] = screen.verdict is not None and screen.verdict.correct
    seen["torch"] = [m for m in ("torch", "torchinfo", "numpy") if m in sys.modules]
    await p.press("ctrl+q")
app.run(headless=True, auto_pilot=pilot, size=(100, 30))
print("SEEN", seen["correct"], seen["torch"], flush=True)
"""


def test_an_answer_is_graded_with_no_torch_in_the_app_process(tmp_path: Path) -> None:
    done = run_app_script(ANSWER_WITHOUT_TORCH, tmp_path / "home")
    assert "SEEN True []" in done.stdout, done.stdout + done.stderr


async def test_a_kernel_stop_on_an_answer_is_said_and_the_answer_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def stopped(*args: Any, **kwargs: Any) -> Any:
        return stop_reason(STOP)

    monkeypatch.setattr(answering, "grade_verdict", stopped)
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        practice = await open_practice(pilot)
        assert isinstance(practice, PracticeScreen) and practice.exercise is not None
        typed = answer_text(practice.exercise)
        await type_text(pilot, typed)
        await pilot.press("enter")
        said = t("ui.feedback.kernel_stopped", error=stop_reason(STOP).text())
        for _ in range(200):
            await pilot.pause(0.05)
            if said in feedback_text(practice):
                break
        assert said in feedback_text(practice)
        assert "torch crashed (SIGSEGV)" in said
        assert not practice.graded and practice.answer_box.input.value == typed
