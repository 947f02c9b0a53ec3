"""Reading what a learner types as an answer: a shape, a count, or "this raises".

Learners type shapes the way they saw them: as a tuple, as torch prints ``torch.Size``,
as ``1x3x1`` on paper, or with a Korean input method that produces full-width digits and
punctuation. The parser accepts all of these and never guesses beyond them: anything else
gets a message, in the learner's language, that shows a form that would have been read.

It is a small hand-written tokenizer on purpose: no ``eval``, and no regular expression
whose running time could explode on odd input. Every function here returns a
``ParseResult`` for every ``str``; none raises.
"""

from __future__ import annotations

import ast
import importlib
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from functools import cache

from rnn_tutor.i18n import LANGUAGES
from rnn_tutor.i18n.message import Message, msg

__all__ = [
    "ANSWER_KINDS",
    "MAX_AXES",
    "MAX_INPUT_CHARS",
    "MAX_VALUE",
    "Expression",
    "ParseResult",
    "Raises",
    "Runs",
    "parse_answer",
    "parse_count",
    "parse_expression",
    "parse_runs",
    "parse_shape",
]

MAX_VALUE = 10**9
"""Larger than any axis or parameter count the tutor asks about; beyond it a typo is likelier."""

MAX_INPUT_CHARS = 1000
"""Longer text is not an answer anyone types; refusing it early bounds the work done."""

MAX_AXES = 8
"""No tensor asked about here has more than 4 axes; a longer answer is not a shape to grade."""

ANSWER_KINDS: tuple[str, ...] = ("shape", "count", "runs", "expression")

# How much of the learner's own text a message quotes back.
_ECHO_CHARS = 40


@dataclass(frozen=True)
class Raises:
    """The learner's answer "this code raises an error"."""


@dataclass(frozen=True)
class Runs:
    """The learner's answer "this code runs", without the shape that comes out.

    Never right on its own (the question asks what comes out), and wrong where torch raises:
    graded, not refused, so the answer box does not tell which it is.
    """


@dataclass(frozen=True)
class Expression:
    """The learner's text for a fill-in blank (levels 6-8): one Python expression.

    Only parsed here; the notebook interpreter runs it inside the cell when grading.
    """

    text: str


@dataclass(frozen=True)
class ParseResult:
    """A parsed answer, or why it could not be read.

    Exactly one of ``value`` and ``reason`` is ``None``. ``reason`` is data (a catalog key
    and its parameters), worded by ``message`` in the current language when it is read.
    """

    value: tuple[int, ...] | int | Raises | Runs | Expression | None
    reason: Message | None = None

    @property
    def ok(self) -> bool:
        return self.value is not None

    @property
    def message(self) -> str | None:
        return None if self.reason is None else self.reason.text()

    @property
    def message_key(self) -> str | None:
        """The catalog key of ``message``: stable, so tests and JSON do not depend on wording."""
        return None if self.reason is None else self.reason.key


def _accept(value: tuple[int, ...] | int | Raises | Runs | Expression) -> ParseResult:
    return ParseResult(value=value)


def _reject(key: str, **params: object) -> ParseResult:
    return ParseResult(value=None, reason=msg(key, **params))


# --------------------------------------------------------------------------- normalising

# NFKC already folds full-width digits and （）［］，　 to ASCII; these it leaves alone.
_EXTRA_FOLDS = str.maketrans(
    {
        "、": ",",  # ideographic comma (the half-width ､ becomes this under NFKC)
        "×": "x",
        "✕": "x",
        "⨯": "x",
        "∗": "*",
        "−": "-",  # the minus sign, as pasted from formatted text
        "‘": "'",
        "’": "'",
    }
)


def _normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text).translate(_EXTRA_FOLDS).strip()


def _echo(text: str) -> str:
    """The learner's text as a message quotes it: one line, printable, not too long."""
    # Cut first: a 100-million-character answer is quoted by its start, not walked whole.
    shown = "".join(ch if ch.isprintable() else " " for ch in text.strip()[: _ECHO_CHARS + 1])
    if len(shown) > _ECHO_CHARS:
        shown = shown[: _ECHO_CHARS - 1] + "…"
    return shown


# --------------------------------------------------------------------------- tokenizer


class _Kind(Enum):
    NUM = "number"  # ASCII digits, with Python-style single underscores between them
    FLOAT = "float"  # digits with a decimal point: read, so the message can name it
    NEG = "negative"  # a minus sign before a number
    COMMA = ","
    TIMES = "x"
    OPEN = "open"
    CLOSE = "close"
    WORD = "word"  # letters, dots and underscores: torch.Size, 개, error
    BAD = "bad"  # anything else, including malformed numbers such as 5__920


@dataclass(frozen=True)
class _Token:
    kind: _Kind
    text: str


_DIGITS = frozenset("0123456789")
_TIMES_CHARS = frozenset("*")
_TIMES_WORDS = frozenset({"x", "X"})
_BRACKETS = {"(": ")", "[": "]"}
_CLOSERS = frozenset(_BRACKETS.values())
_ATOMS = frozenset({_Kind.NUM, _Kind.FLOAT, _Kind.NEG})
_SIZE_WORDS = frozenset({"torch.size", "size"})


def _scan_digits(text: str, start: int) -> tuple[int, bool]:
    """End of the digit run at ``start`` (underscores allowed) and whether it is well formed.

    Well formed as in Python: at least one digit, every underscore between two digits.
    """
    end = start
    well_formed = True
    previous = ""
    while end < len(text) and (text[end] in _DIGITS or text[end] == "_"):
        if text[end] == "_" and previous != "digit":
            well_formed = False
        previous = "digit" if text[end] in _DIGITS else "_"
        end += 1
    if previous != "digit":
        well_formed = False
    return end, well_formed


def _scan_number(text: str, start: int) -> tuple[_Token, int]:
    """A number starting at ``start`` (a digit, or a dot followed by a digit)."""
    end, well_formed = _scan_digits(text, start) if text[start] != "." else (start, True)
    is_float = False
    # "1.5", "5." and ".5" are decimals; "5.shape" is not, so a letter after the dot stops it.
    if end < len(text) and text[end] == "." and not _is_word_char(text, end + 1):
        is_float = True
        end += 1
        if end < len(text) and text[end] in _DIGITS:
            end, fraction_ok = _scan_digits(text, end)
            well_formed = well_formed and fraction_ok
    kind = _Kind.FLOAT if is_float else _Kind.NUM
    if not well_formed:
        kind = _Kind.BAD
    return _Token(kind, text[start:end]), end


def _is_word_char(text: str, index: int) -> bool:
    return index < len(text) and (text[index].isalpha() or text[index] in "._'")


def _tokenize(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        nxt = text[i + 1] if i + 1 < n else ""
        if ch.isspace():
            i += 1
        elif ch in _DIGITS or (ch == "." and nxt in _DIGITS):
            token, i = _scan_number(text, i)
            tokens.append(token)
        elif ch == "-" and (nxt in _DIGITS or (nxt == "." and text[i + 2 : i + 3] in _DIGITS)):
            token, i = _scan_number(text, i + 1)
            tokens.append(_Token(_Kind.NEG, "-" + token.text))
        elif ch == ",":
            tokens.append(_Token(_Kind.COMMA, ch))
            i += 1
        elif ch in _TIMES_CHARS:
            tokens.append(_Token(_Kind.TIMES, ch))
            i += 1
        elif ch in _BRACKETS:
            tokens.append(_Token(_Kind.OPEN, ch))
            i += 1
        elif ch in _CLOSERS:
            tokens.append(_Token(_Kind.CLOSE, ch))
            i += 1
        elif ch.isalpha() or ch == "_":
            end = i + 1
            while _is_word_char(text, end):
                end += 1
            word = text[i:end]
            kind = _Kind.TIMES if word in _TIMES_WORDS else _Kind.WORD
            tokens.append(_Token(kind, word))
            i = end
        else:
            tokens.append(_Token(_Kind.BAD, ch))
            i += 1
    return tokens


# --------------------------------------------------------------------------- structure


@dataclass(frozen=True)
class _Structure:
    """A shape's layout before its numbers are checked: the atoms in order."""

    atoms: tuple[_Token, ...]


# Structural failures, named by the suffix of their message key.
_UNREADABLE = "unreadable"
_UNBALANCED = "unbalanced"
_MIXED = "mixed_separators"
_NO_AXES = "no_axes"


def _brackets_balance(tokens: list[_Token]) -> bool:
    stack: list[str] = []
    for token in tokens:
        if token.kind is _Kind.OPEN:
            stack.append(_BRACKETS[token.text])
        elif token.kind is _Kind.CLOSE and (not stack or stack.pop() != token.text):
            return False
    return not stack


def _strip_group(body: list[_Token]) -> list[_Token] | None:
    """The inside of ``body`` when one bracket pair encloses all of it, else ``None``."""
    if (
        len(body) >= 2
        and body[0].kind is _Kind.OPEN
        and body[-1].kind is _Kind.CLOSE
        and _brackets_balance(body[1:-1])
    ):
        return body[1:-1]
    return None


def _shape_structure(tokens: list[_Token]) -> _Structure | str:
    """The atoms of a shape written in one of the accepted layouts, or the failure's name."""
    if not _brackets_balance(tokens):
        return _UNBALANCED
    body = tokens
    if body and body[0].kind is _Kind.WORD and body[0].text.casefold() in _SIZE_WORDS:
        call = _strip_group(body[1:])
        if call is None or body[1].text != "(":
            return _UNREADABLE
        # torch.Size([1, 3]) and torch.Size((1, 3)); torch.Size(1, 3) too, its intent is plain.
        inner = _strip_group(call)
        body = call if inner is None else inner
    else:
        inside = _strip_group(body)
        if inside is not None:
            body = inside
        elif body and body[0].kind is _Kind.OPEN:
            return _UNREADABLE
    if not body:
        return _NO_AXES
    return _flat_list(body)


def _flat_list(body: list[_Token]) -> _Structure | str:
    """Atoms separated all by commas, all by x, or all by spaces; a trailing comma is allowed."""
    atoms: list[_Token] = []
    separators: set[_Kind | None] = set()  # None: atoms side by side, i.e. spaces between them
    pending: _Kind | None = None  # the separator since the last atom, counted once one follows
    for token in body:
        if token.kind in _ATOMS:
            if atoms:
                separators.add(pending)
            atoms.append(token)
            pending = None
        elif token.kind in (_Kind.COMMA, _Kind.TIMES):
            if not atoms or pending is not None:
                return _UNREADABLE
            pending = token.kind
        else:
            return _UNREADABLE
    if not atoms or pending is _Kind.TIMES:
        return _UNREADABLE
    if len(separators) > 1:
        return _MIXED
    if pending is _Kind.COMMA and separators - {_Kind.COMMA}:
        return _UNREADABLE  # "1x3x1," or "1 3 1,": a trailing comma belongs to a tuple
    return _Structure(tuple(atoms))


def _atom_value(token: _Token, family: str, shown: str | None = None) -> int | ParseResult:
    """The value of one number, or the rejection naming what is wrong with it.

    ``shown`` is what the message quotes; by default the number itself.
    """
    number = _echo(token.text if shown is None else shown)
    if token.kind is _Kind.FLOAT:
        return _reject(f"answer.{family}.not_whole", number=number)
    if token.kind is _Kind.NEG:
        return _reject(f"answer.{family}.negative", number=number)
    digits = token.text.replace("_", "").lstrip("0") or "0"
    # Checking the length first keeps int() off huge digit strings (and its 4300-digit limit).
    if len(digits) > len(str(MAX_VALUE)) or int(digits) > MAX_VALUE:
        return _reject(f"answer.{family}.too_large", number=number, limit=f"{MAX_VALUE:,}")
    return int(digits)


# --------------------------------------------------------------------------- shapes


def parse_shape(text: str) -> ParseResult:
    """A shape with at least one axis, e.g. ``(1, 3, 1)``, ``torch.Size([1, 3, 1])``, ``1x3x1``."""
    return _parse_shape(text, "shape")


def _parse_shape(text: str, family: str) -> ParseResult:
    if len(text) > MAX_INPUT_CHARS:
        return _reject(f"answer.{family}.unreadable", text=_echo(text))
    normalised = _normalise(text)
    if not normalised:
        return _reject(f"answer.{family}.empty")
    structure = _shape_structure(_tokenize(normalised))
    if isinstance(structure, str):
        # Only "unreadable" differs by question: a runs answer may also be "error".
        key_family = family if structure == _UNREADABLE else "shape"
        return _reject(f"answer.{key_family}.{structure}", text=_echo(text))
    if len(structure.atoms) > MAX_AXES:
        return _reject("answer.shape.too_many_axes", limit=MAX_AXES)
    dims: list[int] = []
    for atom in structure.atoms:
        value = _atom_value(atom, "shape")
        if isinstance(value, ParseResult):
            return value
        dims.append(value)
    return _accept(tuple(dims))


# --------------------------------------------------------------------------- counts

# "5920개" is how a count is said in Korean; the unit word changes nothing.
_COUNT_UNITS = frozenset({"개"})


def parse_count(text: str) -> ParseResult:
    """One whole number, e.g. ``5920``, ``5,920``, ``5 920``, ``5_920``, ``５９２０``."""
    if len(text) > MAX_INPUT_CHARS:
        return _reject("answer.count.unreadable", text=_echo(text))
    normalised = _normalise(text)
    if not normalised:
        return _reject("answer.count.empty")
    tokens = _tokenize(normalised)
    if tokens and tokens[-1].kind is _Kind.WORD and tokens[-1].text in _COUNT_UNITS:
        tokens = tokens[:-1]
    looks_like_shape = any(
        token.kind in (_Kind.OPEN, _Kind.CLOSE, _Kind.TIMES)
        or (token.kind is _Kind.WORD and token.text.casefold() in _SIZE_WORDS)
        for token in tokens
    ) or (bool(tokens) and tokens[-1].kind is _Kind.COMMA)  # "5," is a one-axis tuple
    structure = _flat_list(tokens)
    if looks_like_shape:
        if isinstance(_shape_structure(tokens), _Structure):
            return _reject("answer.count.shape_given")
        return _reject("answer.count.unreadable", text=_echo(text))
    if not isinstance(structure, _Structure):
        return _reject("answer.count.unreadable", text=_echo(text))
    atoms = structure.atoms
    if len(atoms) == 1:
        value = _atom_value(atoms[0], "count")
        return value if isinstance(value, ParseResult) else _accept(value)
    # Several atoms can only be digit groups of one number: "5,920" or "5 920".
    for atom in atoms:
        if atom.kind is not _Kind.NUM:
            value = _atom_value(atom, "count", shown=text)
            if isinstance(value, ParseResult):
                return value
    groups = [atom.text for atom in atoms]
    well_grouped = (
        1 <= len(groups[0]) <= 3
        and all(len(group) == 3 for group in groups[1:])
        and all("_" not in group for group in groups)
    )
    if not well_grouped:
        return _reject("answer.count.grouping", text=_echo(text))
    value = _atom_value(_Token(_Kind.NUM, "".join(groups)), "count")
    return value if isinstance(value, ParseResult) else _accept(value)


# --------------------------------------------------------------------------- runs / raises

_QUOTES_AND_STOPS = "\"'“”‘’「」『』.!。"  # not "?": "error?" is a guess (see _hedged)


class _Claim(Enum):
    RAISES = "raises"
    RUNS = "runs"
    NONE = "none"


def _compact(text: str) -> str:
    """An answer as claims are compared: folded, casefolded, no spaces, no quotes around."""
    lowered = _normalise(text).casefold().strip(_QUOTES_AND_STOPS + " ")
    return "".join(ch for ch in lowered if not ch.isspace())


@cache
def _claim_words() -> dict[_Claim, frozenset[str]]:
    """Every language's whole-answer claims (``rnn_tutor.i18n.<lang>.claims``)."""
    found: dict[_Claim, set[str]] = {_Claim.RAISES: set(), _Claim.RUNS: set()}
    for lang in LANGUAGES:
        module = importlib.import_module(f"rnn_tutor.i18n.{lang}.claims")
        found[_Claim.RAISES].update(_compact(phrase) for phrase in module.RAISES)
        found[_Claim.RUNS].update(_compact(phrase) for phrase in module.RUNS)
    return {claim: frozenset(words) for claim, words in found.items()}


def _pasted_exception(normalised: str) -> bool:
    """torch's own line pasted as the answer: ``RuntimeError`` or ``RuntimeError: ...``."""
    head, _, _ = normalised.partition(":")
    return (
        len(head) > len("Error") and head.isidentifier() and head.endswith(("Error", "Exception"))
    )


def _claim(normalised: str) -> _Claim:
    """Whether the whole answer says the code raises, says it runs (without a shape), or
    neither. Only a clear answer counts: "error" alone, in any language's words, or torch's
    exception pasted; "maybe error", "(1, 3, 1) error" and "terror" are neither."""
    compact = _compact(normalised)
    words = _claim_words()
    if compact in words[_Claim.RAISES] or _pasted_exception(normalised):
        return _Claim.RAISES
    if compact in words[_Claim.RUNS]:
        return _Claim.RUNS
    return _Claim.NONE


def parse_runs(text: str) -> ParseResult:
    """``Raises()`` when the learner says the code raises, else the shape that comes out.

    A shape is tried first, so a shape is never mistaken for a claim; then the words.
    """
    if len(text) > MAX_INPUT_CHARS:
        return _reject("answer.runs.unreadable", text=_echo(text))
    normalised = _normalise(text)
    if not normalised:
        return _reject("answer.runs.empty")
    as_shape = _parse_shape(text, "runs")
    if as_shape.ok:
        return as_shape
    claim = _claim(normalised)
    if claim is _Claim.RAISES:
        return _accept(Raises())
    if claim is _Claim.RUNS:
        return _accept(Runs())
    return as_shape


_BLANK = "____"


def parse_expression(text: str) -> ParseResult:
    """One Python expression on one line, for a fill-in blank; never run here."""
    if len(text) > MAX_INPUT_CHARS:
        return _reject("answer.expression.unreadable", text=_echo(text))
    stripped = text.strip()
    if not stripped:
        return _reject("answer.expression.empty")
    if "\n" in stripped or "\r" in stripped:
        return _reject("answer.expression.one_line")
    if _BLANK in stripped:
        return _reject("answer.expression.blank")
    try:
        ast.parse(stripped, mode="eval")  # parsed to check it is one expression; not run
    except (SyntaxError, ValueError):
        return _reject("answer.expression.unreadable", text=_echo(stripped))
    return _accept(Expression(stripped))


# --------------------------------------------------------------------------- dispatch

_PARSERS: dict[str, Callable[[str], ParseResult]] = {
    "shape": parse_shape,
    "count": parse_count,
    "runs": parse_runs,
    "expression": parse_expression,
}


def parse_answer(kind: str, text: str) -> ParseResult:
    """Parse ``text`` as the answer to a question of ``kind`` ("shape", "count" or "runs").

    An answer ending in a question mark (``(12, 6, 13)?``, ``error?``) is a guess asked back,
    not an answer: every kind refuses it alike, with a message to type it plainly.
    An unknown ``kind`` is a programming error, not a learner's, so it raises ``ValueError``.
    """
    try:
        parser = _PARSERS[kind]
    except KeyError:
        raise ValueError(
            f"unknown answer kind {kind!r}; choose from {', '.join(ANSWER_KINDS)}"
        ) from None
    if len(text) <= MAX_INPUT_CHARS and _hedged(text):
        return _reject("answer.hedged", text=_echo(text.strip().rstrip("?？ ")))
    return parser(text)


def _hedged(text: str) -> bool:
    """An answer that ends in a question mark (inside closing quotes too)."""
    return _normalise(text).rstrip(" \"'.”’」』。").endswith("?")


def parse_or_claim(kind: str, text: str, *, claim: bool) -> ParseResult:
    """``text`` as the answer to a question of ``kind``; where that cannot be read and
    ``claim`` allows it, a clear "it raises" instead (so "error" is graded, not refused)."""
    parsed = parse_answer(kind, text)
    if parsed.ok or not claim or parsed.message_key == "answer.hedged":
        return parsed
    as_claim = parse_runs(text)
    return as_claim if isinstance(as_claim.value, Raises) else parsed
