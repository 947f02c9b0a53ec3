"""Learner profiles: one progress folder per learner under a shared data folder.

A class served from one machine keeps each learner's history in its own database,
``<data>/learners/<name>/progress.sqlite3``, so one learner's answers never land in, or
are read from, another's file. Names come from people (a form in a browser, a URL, a
command line) and become folder names, so they are checked strictly: letters (Hangul
included), digits, ``-`` and ``_``; nothing that could name another folder.

A name must also not read like another learner's: ``аlice`` (a Cyrillic а), ``Alice`` or
``a\u3164lice`` (an invisible Hangul filler) beside ``alice`` would be a second profile the
teacher cannot tell from the first, or (on a file system that ignores case) the same
folder. Names are compared after NFKC, and with and without case folding, through
Unicode's confusable skeleton (``confusables.py``). A new name that reads like an existing
profile is refused (``claim_learner``); the existing name itself always opens its own
profile. Two profiles that already read alike (made before this check, or copied in by
hand) both keep working, and the class view tells them apart (``Profile.reads_like``).
"""

from __future__ import annotations

import contextlib
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from rnn_tutor.core.progress.confusables import is_default_ignorable, skeleton
from rnn_tutor.core.progress.paths import data_dir, progress_file

LEARNERS_FOLDER = "learners"
MAX_NAME_LENGTH = 32
_PUNCTUATION = frozenset("-_")


class LearnerNameError(ValueError):
    """A name that cannot be a profile; ``key`` is the catalog message saying why."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


def _allowed(char: str) -> bool:
    # isalpha() covers Hangul syllables and jamo as well as Latin letters; digits are
    # ASCII only (no superscripts or other scripts' digits that look alike).
    return char.isalpha() or char in "0123456789" or char in _PUNCTUATION


def check_learner_name(text: str) -> str:
    """The profile name for ``text`` (NFC, trimmed), or :class:`LearnerNameError`.

    NFC first: a Korean IME and a pasted name may spell the same syllables differently
    (composed or as separate jamo), and they must find the same folder.
    """
    name = unicodedata.normalize("NFC", text).strip()
    if not name:
        raise LearnerNameError("serve.name.empty")
    if len(name) > MAX_NAME_LENGTH:
        raise LearnerNameError("serve.name.long", limit=MAX_NAME_LENGTH)
    if any(is_default_ignorable(char) for char in name):
        # The Hangul fillers are letters to Python, and show as nothing.
        raise LearnerNameError("serve.name.invisible")
    if not all(_allowed(char) for char in name):
        raise LearnerNameError("serve.name.chars")
    if name[0] in _PUNCTUATION:
        # "-x" would read as an option on a command line.
        raise LearnerNameError("serve.name.start")
    return name


def learners_root(base: Path) -> Path:
    """The folder holding every profile of a data folder."""
    return base / LEARNERS_FOLDER


def learner_dir(base: Path, name: str) -> Path:
    """The progress folder of the learner ``name`` (checked again here; never trust callers)."""
    return learners_root(base) / check_learner_name(name)


def look_alike_keys(name: str) -> tuple[str, str]:
    """What two names that read alike share: the skeleton of the name, and of it case-folded.

    Both, since each misses what the other finds: folding case first hides that ``I``
    reads as ``l``, and without it ``Alice`` and ``alice`` differ.
    """
    compatible = unicodedata.normalize("NFKC", name)
    return skeleton(compatible), skeleton(unicodedata.normalize("NFKC", compatible.casefold()))


def read_alike(first: str, second: str) -> bool:
    """Whether two names read alike (one of their look-alike keys is the same)."""
    return any(a == b for a, b in zip(look_alike_keys(first), look_alike_keys(second), strict=True))


def look_alikes(name: str, others: Iterable[str]) -> tuple[str, ...]:
    """The names among ``others`` that read like ``name`` (``name`` itself left out)."""
    return tuple(other for other in others if other != name and read_alike(name, other))


@dataclass(frozen=True)
class Profile:
    """A learner found on disk: the name, their database file, and the profiles whose name
    reads like theirs (made before names were compared, or copied in by hand)."""

    name: str
    database: Path
    reads_like: tuple[str, ...] = ()


def profile_names(base: Path) -> tuple[str, ...]:
    """Every profile folder's name under ``base``, database or not (a folder holding only a
    "My code" cell is someone's too); symlinks and folders that are not names are not."""
    root = learners_root(base)
    try:
        entries = sorted(root.iterdir())
    except OSError:
        return ()
    names = []
    for entry in entries:
        try:
            name = check_learner_name(entry.name)
        except LearnerNameError:
            continue
        # A symlink could point into someone else's folder: profiles are real folders only.
        if name == entry.name and not entry.is_symlink() and entry.is_dir():
            names.append(name)
    return tuple(names)


def reading_alike(names: Sequence[str]) -> dict[str, tuple[str, ...]]:
    """For each of ``names``, the others that read like it (each name's keys made once)."""
    sharing: dict[tuple[int, str], list[str]] = {}
    for name in names:
        for which, key in enumerate(look_alike_keys(name)):
            sharing.setdefault((which, key), []).append(name)
    alike: dict[str, dict[str, None]] = {name: {} for name in names}
    for group in sharing.values():
        for name in group:
            alike[name].update((other, None) for other in group if other != name)
    return {name: tuple(sorted(others)) for name, others in alike.items()}


def profiles(base: Path) -> tuple[Profile, ...]:
    """Every learner with a database under ``base``, by name; other entries are ignored."""
    names = profile_names(base)
    root = learners_root(base)
    alike = reading_alike(names)
    return tuple(
        Profile(name, progress_file(root / name), alike[name])
        for name in names
        if progress_file(root / name).is_file()
    )


@contextlib.contextmanager
def _names_locked(root: Path) -> Iterator[None]:
    """One claim at a time per class: two tabs naming ``alice`` and ``аlice`` at once must
    not both find the other missing. Where there is no ``fcntl`` (Windows) claims are not
    serialised; the class view still tells look-alikes apart."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        yield
        return
    root.mkdir(parents=True, exist_ok=True)
    with (root / ".names.lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def claim_learner(base: Path, text: str) -> str:
    """The profile name for ``text`` in the class at ``base``, its folder made if new.

    Refused (:class:`LearnerNameError`, ``serve.name.look_alike``) when it is new and reads
    like an existing profile's name; an existing name is always its own profile. A folder
    that cannot be written is still checked; making the profile is then left to the store,
    which says why progress is off.
    """
    name = check_learner_name(text)
    try:
        with _names_locked(learners_root(base)):
            _claim(base, name, make=True)
    except OSError:
        _claim(base, name, make=False)
    return name


def _claim(base: Path, name: str, *, make: bool) -> None:
    existing = profile_names(base)
    if name in existing:
        return
    alike = look_alikes(name, existing)
    if alike:
        raise LearnerNameError("serve.name.look_alike", name=name, existing=alike[0])
    if make:
        (learners_root(base) / name).mkdir(parents=True, exist_ok=True)


def progress_folder(cli_value: str | None = None, learner: str | None = None) -> Path:
    """Where a run keeps progress: the data folder, or the learner's own folder inside it."""
    base = data_dir(cli_value)
    return base if learner is None else learner_dir(base, learner)
