"""The "My code" cell kept in the data folder: written whole, read back, never raising."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from rnn_tutor.core.progress.code_file import (
    CODE_FILENAME,
    MAX_CODE_CHARS,
    code_file,
    load_code,
    save_code,
)


def test_saved_code_reads_back_exactly(tmp_path: Path) -> None:
    text = "import torch\n# 입력데이터(배치크기, 시퀀스길이)\nx = torch.randn(1, 3, 10)\n"
    assert save_code(tmp_path / "data", text)
    assert code_file(tmp_path / "data") == tmp_path / "data" / CODE_FILENAME
    assert load_code(tmp_path / "data") == text


def test_no_file_means_no_code(tmp_path: Path) -> None:
    assert load_code(tmp_path) is None


def test_saving_replaces_the_old_cell_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    save_code(tmp_path, "a = 1\n")
    save_code(tmp_path, "b = 2\n")
    assert load_code(tmp_path) == "b = 2\n"
    assert os.listdir(tmp_path) == [CODE_FILENAME]


def test_a_failed_write_keeps_the_old_cell(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    save_code(tmp_path, "a = 1\n")

    def broken_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    assert not save_code(tmp_path, "b = 2\n")
    monkeypatch.undo()
    assert load_code(tmp_path) == "a = 1\n"
    assert os.listdir(tmp_path) == [CODE_FILENAME]


def test_an_unwritable_folder_is_reported_not_raised(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert not save_code(blocker / "data", "a = 1\n")


def test_oversized_code_is_neither_kept_nor_loaded(tmp_path: Path) -> None:
    assert not save_code(tmp_path, "x" * (MAX_CODE_CHARS + 1))
    code_file(tmp_path).write_text("y" * (MAX_CODE_CHARS + 1), encoding="utf-8")
    assert load_code(tmp_path) is None


def test_windows_line_ends_and_bad_bytes_read_as_text(tmp_path: Path) -> None:
    code_file(tmp_path).write_bytes(b"a = 1\r\nb = 2\r\n\xff\n")
    assert load_code(tmp_path) == "a = 1\nb = 2\n\ufffd\n"
