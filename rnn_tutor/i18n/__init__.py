"""Message catalogs: every text a learner reads comes from here, in English or Korean.

A catalog is a package per language (``rnn_tutor.i18n.en``, ``rnn_tutor.i18n.ko``) whose
area modules (see AREAS) each hold a ``MESSAGES`` dict. Keys are shared between languages;
placeholders use ``str.format`` names and must match across languages (a test enforces
both). A Korean text writes a particle after a placeholder in its neutral form
(``{name}은(는)``); ``tr`` picks the form from the filled-in value (``particles.py``). An
English count names its noun as ``{count} {count:answer|answers}`` (``plurals.py``).
Pure Python: importable from core, CLI and UI alike.
"""

from __future__ import annotations

import importlib
import os
import re
from collections.abc import Mapping
from functools import cache

from rnn_tutor.i18n.formatting import format_message
from rnn_tutor.i18n.particles import resolve

LANGUAGES: tuple[str, ...] = ("en", "ko")
DEFAULT_LANGUAGE = "en"
AREAS: tuple[str, ...] = (
    "engine",
    "explain",
    "answers",
    "ui",
    "modes",
    "progress",
    "cli",
    "safety",
    "feedback",
    "notebook",
    "mycode",
    "serve",
    "classview",
    "cells",
    "notebook_guard",
    "cellui",
    "picture",
    "settings",
    "beliefs",
    "kernel",
    "mastery",
    "mixups",
)

_current = DEFAULT_LANGUAGE
# Languages whose catalogs write neutral particles after placeholders (see particles.py).
_PARTICLE_LANGUAGES = frozenset({"ko"})


@cache
def catalog(lang: str) -> Mapping[str, str]:
    """All messages of one language, merged from its area modules."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; choose from {', '.join(LANGUAGES)}")
    merged: dict[str, str] = {}
    for area in AREAS:
        module = importlib.import_module(f"rnn_tutor.i18n.{lang}.{area}")
        for key, text in module.MESSAGES.items():
            if key in merged:
                raise KeyError(f"message {key!r} is defined twice in the {lang} catalog")
            merged[key] = text
    return merged


def set_language(lang: str) -> None:
    global _current
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; choose from {', '.join(LANGUAGES)}")
    _current = lang


def get_language() -> str:
    return _current


def tr(lang: str, key: str, /, **params: object) -> str:
    """The message ``key`` in ``lang`` with its placeholders filled.

    An unknown key falls back to English, then to the key itself, so a missing
    translation shows something readable instead of crashing a learner's session;
    the catalog tests make sure that never ships.
    """
    text = catalog(lang).get(key)
    if text is None:
        text = catalog(DEFAULT_LANGUAGE).get(key, key)
    particles = lang in _PARTICLE_LANGUAGES
    if not params:
        return resolve(text) if particles else text
    return format_message(text, params, particles=particles)


def t(key: str, /, **params: object) -> str:
    """The message ``key`` in the current language."""
    return tr(_current, key, **params)


def detect_language(cli_lang: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    """``--lang`` first, then the locale variables (LC_ALL, LC_MESSAGES, LANG), else English.

    The first locale variable that is set decides, as in POSIX. Its language part
    (``ko`` of ``ko_KR.UTF-8``) is looked up in LANGUAGES, so a new language is detected
    from its ``LANGUAGES`` entry alone; a locale of a language we lack (or ``C``) is English.
    """
    if cli_lang:
        lang = cli_lang.strip().lower()
        if lang in LANGUAGES:
            return lang
    env = os.environ if environ is None else environ
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var, "")
        if value:
            return _locale_language(value)
    return DEFAULT_LANGUAGE


def _locale_language(locale_name: str) -> str:
    """``ko_KR.UTF-8``, ``ko-KR`` or ``ko@euro`` -> ``ko`` when we have it, else English."""
    language = re.split(r"[_.@-]", locale_name.strip(), maxsplit=1)[0].lower()
    return language if language in LANGUAGES else DEFAULT_LANGUAGE
