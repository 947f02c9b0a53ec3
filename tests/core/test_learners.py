"""Learner profiles: names that can be folder names, and nothing that can reach another's file."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rnn_tutor import cli
from rnn_tutor.core.progress.learners import (
    LearnerNameError,
    check_learner_name,
    learner_dir,
    profiles,
)
from rnn_tutor.core.progress.store import Store


@pytest.mark.parametrize("name", ["mina", "Kim_Mina-2", "김민아", "학생7", "a", "x" * 32])
def test_good_names_are_kept(name: str) -> None:
    assert check_learner_name(f"  {name} ") == name


def test_decomposed_hangul_finds_the_same_profile() -> None:
    composed = "김민아"
    decomposed = unicodedata.normalize("NFD", composed)
    assert decomposed != composed
    assert check_learner_name(decomposed) == composed


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("", "serve.name.empty"),
        ("   ", "serve.name.empty"),
        ("x" * 33, "serve.name.long"),
        ("../mina", "serve.name.chars"),
        ("a/b", "serve.name.chars"),
        ("a\\b", "serve.name.chars"),
        ("..", "serve.name.chars"),
        ("mina.bak", "serve.name.chars"),
        ("a b", "serve.name.chars"),
        ("a\x00b", "serve.name.chars"),
        ("a\x1b[31m", "serve.name.chars"),
        ("-rf", "serve.name.start"),
        ("_x", "serve.name.start"),
    ],
)
def test_bad_names_are_refused_with_a_reason(text: str, key: str) -> None:
    with pytest.raises(LearnerNameError) as caught:
        check_learner_name(text)
    assert caught.value.key == key


@given(st.text(max_size=40))
def test_a_checked_name_is_always_one_folder_inside_the_class(text: str) -> None:
    base = Path("/class")
    try:
        folder = learner_dir(base, text)
    except LearnerNameError:
        return
    assert folder.parent == base / "learners"
    assert folder.name == check_learner_name(text)
    assert folder.name not in (".", "..") and "/" not in folder.name


def test_profiles_lists_learners_with_a_database_only(tmp_path: Path) -> None:
    for name in ("mina", "준호"):
        Store.open(learner_dir(tmp_path, name)).close()
    (tmp_path / "learners" / "empty").mkdir()
    (tmp_path / "learners" / "not a name").mkdir()
    (tmp_path / "learners" / "link").symlink_to(tmp_path / "learners" / "mina")
    assert [p.name for p in profiles(tmp_path)] == sorted(["mina", "준호"])


def test_learner_option_keeps_progress_in_the_profile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(cli, "COMMANDS", ("stats",))
    assert cli.main(["--data-dir", str(tmp_path), "--learner", "mina", "stats", "--json"]) == 0
    capsys.readouterr()
    assert (tmp_path / "learners" / "mina" / "progress.sqlite3").is_file()
    assert not (tmp_path / "progress.sqlite3").exists()


def test_learner_option_refuses_a_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(cli, "COMMANDS", ("stats",))
    with pytest.raises(SystemExit) as caught:
        cli.main(["--lang", "en", "--data-dir", str(tmp_path), "--learner", "../x", "stats"])
    assert caught.value.code == 2
    assert "Not a learner name" in capsys.readouterr().err
    assert not any(tmp_path.iterdir())


def test_each_learner_keeps_their_own_cell_and_the_old_shared_one_stays_the_defaults(
    tmp_path: Path,
) -> None:
    from rnn_tutor.core.progress.code_file import load_code, save_code
    from rnn_tutor.core.progress.learners import progress_folder

    save_code(tmp_path, "before_profiles = 1\n")  # a mycode.py from before profiles
    alice = progress_folder(str(tmp_path), "alice")
    bora = progress_folder(str(tmp_path), "bora")
    assert len({alice, bora, tmp_path}) == 3
    assert load_code(alice) is None and load_code(bora) is None
    assert save_code(alice, "alices_cell = 1\n")
    assert load_code(alice) == "alices_cell = 1\n"
    assert load_code(bora) is None
    assert load_code(progress_folder(str(tmp_path))) == "before_profiles = 1\n"
    assert (tmp_path / "learners" / "alice" / "mycode.py").is_file()
