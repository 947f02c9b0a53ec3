"""Learner profiles: names that can be folder names, and nothing that can reach another's file."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rnn_tutor import cli
from rnn_tutor.core.progress.learners import (
    LearnerNameError,
    check_learner_name,
    claim_learner,
    learner_dir,
    profile_names,
    profiles,
    read_alike,
)
from rnn_tutor.core.progress.store import Store
from rnn_tutor.i18n import set_language, t


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


# ---- names that read alike ---------------------------------------------------------


def test_a_name_with_an_invisible_letter_is_refused() -> None:
    for text in ("a\u3164lice", "\u115fmina", "mina\uffa0"):
        with pytest.raises(LearnerNameError) as caught:
            check_learner_name(text)
        assert caught.value.key == "serve.name.invisible"


def profile(base: Path, name: str) -> None:
    """A profile folder made as an older version would have: no name compared."""
    Store.open(base / "learners" / name).close()


@pytest.mark.parametrize(
    "look_alike",
    ["\u0430lice", "Alice", "ALICE", "ａｌｉｃｅ", "a\u200blice", "aIice", "\u0251lice"],
)
def test_a_new_name_that_reads_like_a_profile_is_refused_with_the_reason(
    tmp_path: Path, look_alike: str
) -> None:
    profile(tmp_path, "alice")
    try:
        name = claim_learner(tmp_path, look_alike)
    except LearnerNameError as caught:
        if caught.key != "serve.name.look_alike":  # "a\u200blice": refused as it is written
            assert caught.key in ("serve.name.chars", "serve.name.invisible")
            return
        assert caught.params["existing"] == "alice"
        text = t(caught.key, **caught.params)
        assert "'alice'" in text and "choose another name" in text
    else:
        raise AssertionError(f"{name!r} was let in beside 'alice'")
    assert profile_names(tmp_path) == ("alice",)  # no folder made for the refused name


def test_the_existing_name_and_names_that_differ_open_their_own_profiles(
    tmp_path: Path,
) -> None:
    profile(tmp_path, "alice")
    assert claim_learner(tmp_path, " alice ") == "alice"
    for name in ("alicia", "bob", "김민아", "김민하", "mina"):
        assert claim_learner(tmp_path, name) == name
    with pytest.raises(LearnerNameError):
        claim_learner(tmp_path, "rnina")  # reads like mina
    assert set(profile_names(tmp_path)) == {"alice", "alicia", "bob", "김민아", "김민하", "mina"}


def test_two_profiles_that_already_read_alike_both_keep_working_and_are_named(
    tmp_path: Path,
) -> None:
    profile(tmp_path, "alice")
    profile(tmp_path, "\u0430lice")  # made before names were compared
    assert claim_learner(tmp_path, "alice") == "alice"
    assert claim_learner(tmp_path, "\u0430lice") == "\u0430lice"
    with pytest.raises(LearnerNameError):
        claim_learner(tmp_path, "Alice")
    found = {p.name: p.reads_like for p in profiles(tmp_path)}
    assert found == {"alice": ("\u0430lice",), "\u0430lice": ("alice",)}


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet=st.characters(categories=["Ll", "Lu", "Lo", "Nd"]), max_size=6))
def test_reading_alike_is_symmetric_and_every_name_reads_like_itself(text: str) -> None:
    try:
        name = check_learner_name(text)
    except LearnerNameError:
        return
    assert read_alike(name, name)
    for other in ("alice", name.upper(), name.casefold()):
        assert read_alike(name, other) == read_alike(other, name)


def test_learner_option_refuses_a_look_alike_in_english_and_korean(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(cli, "COMMANDS", ("stats",))
    profile(tmp_path, "alice")
    command = ["--data-dir", str(tmp_path), "--learner", "\u0430lice", "stats"]
    try:
        assert cli.main(["--lang", "en", *command]) == 2
        assert "reads like 'alice'" in capsys.readouterr().err
        assert cli.main(["--lang", "ko", *command]) == 2
        assert "처럼 보여서 쓸 수 없습니다" in capsys.readouterr().err
    finally:
        set_language("en")
    assert profile_names(tmp_path) == ("alice",)
