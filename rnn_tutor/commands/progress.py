"""`rnn-tutor progress export|import FILE`: move a learner's history between machines.

The file is JSON (format "rnn-tutor-progress", versioned). Import merges by attempt uuid,
so importing twice adds nothing, then rebuilds every review card by replaying all attempts
in time order. Exit codes: 0 done, 1 progress is off or the database failed, 2 the file
is missing, unreadable or not an export.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rnn_tutor.commands._output import write
from rnn_tutor.commands._profile import progress_folder
from rnn_tutor.core.progress.atomic_file import write_atomically
from rnn_tutor.core.progress.store import HistoryError, Store, StoreReadError
from rnn_tutor.core.safe_text import visible_json
from rnn_tutor.i18n import t

if TYPE_CHECKING:
    from rnn_tutor.core.progress.atomic_file import write_atomically

STDIO = "-"
# The largest file `progress import` reads (a year of daily practice is a few MB).
MAX_IMPORT_MB = 200


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "progress", help=t("progress.cli.help"), description=t("progress.cli.help")
    )
    actions = parser.add_subparsers(dest="progress_command", metavar="ACTION", required=True)
    export = actions.add_parser(
        "export", help=t("progress.cli.export.help"), description=t("progress.cli.export.help")
    )
    export.add_argument("file", metavar="FILE", help=t("progress.cli.file"))
    imported = actions.add_parser(
        "import", help=t("progress.cli.import.help"), description=t("progress.cli.import.help")
    )
    imported.add_argument("file", metavar="FILE", help=t("progress.cli.file"))


def run(args: argparse.Namespace) -> int:
    with Store.open(progress_folder(args)) as store:
        if store.notice is not None:
            print(store.notice.text(), file=sys.stderr)
        if not store.enabled:
            _error(t("progress.error.disabled"))
            return 1
        if args.progress_command == "export":
            return _export(store, args.file)
        return _import(store, args.file)


def _error(message: str) -> None:
    print(message, file=sys.stderr)


def _export(store: Store, file: str) -> int:
    try:
        history = store.export_history()
    except StoreReadError as exc:
        _error(t("safety.export.unreadable", reason=exc.reason, file=file))
        return 1
    if store.notice is not None and store.unreadable_rows:
        print(store.notice.text(), file=sys.stderr)
    text = json.dumps(history, ensure_ascii=False, indent=2) + "\n"
    if file == STDIO:
        write(sys.stdout, visible_json(text))
        return 0
    target = Path(file).expanduser()
    if target.is_symlink() or (target.exists() and not target.is_file()):
        _error(t("safety.export.not_regular", file=file))
        return 2
    missing = _attempts_only_in(target, history)
    if missing:
        _error(t("safety.export.would_lose", file=file, missing=missing))
        return 1
    try:
        write_atomically(target, text)
    except OSError as exc:
        _error(t("progress.error.write", file=file, reason=exc.strerror or str(exc)))
        return 2
    print(t("progress.export.done", attempts=len(history["attempts"]), file=file))
    return 0


def _attempts_only_in(target: Path, history: dict[str, Any]) -> int:
    """How many attempts an existing export at ``target`` holds that ``history`` lacks: a
    backup is never overwritten with less than it had. A file that is not an export (or
    cannot be read) holds none."""
    try:
        if target.stat().st_size > MAX_IMPORT_MB * 1024 * 1024:
            return 0
        old = json.loads(target.read_text(encoding="utf-8"))
        old_ids = {a["uuid"] for a in old["attempts"] if isinstance(a, dict)}
    except (OSError, ValueError, KeyError, TypeError, RecursionError):
        return 0
    new_ids = {a["uuid"] for a in history["attempts"]}
    return len({i for i in old_ids if isinstance(i, str)} - new_ids)


def _read_text(file: str) -> str | None:
    """The file's text, or None after printing why it cannot be had."""
    if file == STDIO:
        try:
            text = sys.stdin.read(MAX_IMPORT_MB * 1024 * 1024 + 1)
            if len(text) > MAX_IMPORT_MB * 1024 * 1024:
                _error(t("safety.import.too_large", file=file, limit=MAX_IMPORT_MB))
                return None
            return text
        except UnicodeDecodeError:
            _error(t("progress.error.not_utf8", file=file))
            return None
    path = Path(file).expanduser()
    try:
        if path.stat().st_size > MAX_IMPORT_MB * 1024 * 1024 or not path.is_file():
            if path.is_file():
                _error(t("safety.import.too_large", file=file, limit=MAX_IMPORT_MB))
                return None
            # A device or pipe (/dev/urandom): read at most the limit, never until memory ends.
            with path.open("rb") as stream:
                data = stream.read(MAX_IMPORT_MB * 1024 * 1024 + 1)
            if len(data) > MAX_IMPORT_MB * 1024 * 1024:
                _error(t("safety.import.too_large", file=file, limit=MAX_IMPORT_MB))
                return None
            return data.decode("utf-8")
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        _error(t("progress.error.missing_file", file=file))
    except UnicodeDecodeError:
        _error(t("progress.error.not_utf8", file=file))
    except OSError as exc:
        _error(t("progress.error.unreadable", file=file, reason=exc.strerror or str(exc)))
    return None


def _import(store: Store, file: str) -> int:
    text = _read_text(file)
    if text is None:
        return 2
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        _error(
            t(
                "progress.error.bad_json",
                file=file,
                line=exc.lineno,
                column=exc.colno,
                reason=exc.msg,
            )
        )
        return 2
    except RecursionError:  # json gives up on brackets nested a few thousand deep
        _error(t("progress.error.too_deep", file=file))
        return 2
    try:
        result = store.import_history(data)
    except HistoryError as exc:
        _error(t(exc.key, file=file, **exc.params))
        return 2
    except RecursionError:
        _error(t("progress.error.too_deep", file=file))
        return 2
    except sqlite3.Error as exc:
        _error(t("progress.error.database", reason=str(exc)))
        return 1
    if result.added:
        # The statistics' digest is made now, with the import, not at the next stats screen.
        from rnn_tutor.core.progress.digest import current_digest

        current_digest(store)
        print(t("progress.import.done", added=result.added, skipped=result.skipped, file=file))
    else:
        print(t("progress.import.nothing_new", skipped=result.skipped, file=file))
    return 0
