"""Review introduces a due skill by a name that gives nothing away.

Two skill names state the answer ("What torch refuses": the cell raises; "Silent batch/time
swap": it runs, wrongly) and one states the rule ("h_n ignores batch_first"). Review's header
is shown before the answer, so it uses the neutral heading; the statistics keep the full name.
"""

from __future__ import annotations

import pytest

from rnn_tutor.core.exercises.questions import SKILLS
from rnn_tutor.core.grading.words import skill_heading, skill_name
from rnn_tutor.i18n import set_language

GIVEAWAYS = {
    "en": ("refuse", "raise", "error", "silent", "swap", "ignores", "runs", "fails"),
    "ko": ("거부", "오류", "에러", "조용히", "뒤바뀜", "실행됨", "상관없이", "무시"),
}


@pytest.fixture(autouse=True)
def english_after() -> object:
    yield
    set_language("en")


@pytest.mark.parametrize("lang", sorted(GIVEAWAYS))
def test_no_heading_says_whether_the_cell_runs_or_states_the_rule(lang: str) -> None:
    set_language(lang)
    told = {
        skill: word
        for skill in SKILLS
        for word in GIVEAWAYS[lang]
        if word in skill_heading(skill).lower()
    }
    assert told == {}


def test_the_full_names_do_give_it_away_which_is_why_review_does_not_show_them() -> None:
    set_language("en")
    assert "refuses" in skill_name("input_checks")
    assert "Silent" in skill_name("silent_batch_mismatch")
    assert "ignores" in skill_name("hn_ignores_batch_first")
    assert skill_heading("output_layout") == skill_name("output_layout")  # neutral names kept
