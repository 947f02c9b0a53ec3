"""Command line: `rnn-tutor` opens the app; subcommands serve scripts, teachers and autograders.

Each subcommand lives in ``rnn_tutor.commands.<name>`` with ``add_parser(subparsers)`` and
``run(args) -> int``; they are imported only when chosen, so ``rnn-tutor --help`` and the
app's first frame never pay for torch.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Iterable, Sequence
from typing import Any, NoReturn

from rnn_tutor import __version__
from rnn_tutor.commands._output import guarded_streams
from rnn_tutor.commands._profile import learner_name
from rnn_tutor.core.progress.learners import LearnerNameError, claim_learner
from rnn_tutor.core.progress.paths import DataDirError, data_dir
from rnn_tutor.i18n import LANGUAGES, detect_language, set_language, t

# Subcommands, in the order `--help` lists them.
COMMANDS: tuple[str, ...] = (
    "practice",
    "quiz",
    "review",
    "stats",
    "shapes",
    "grade",
    "exercises",
    "progress",
    "explain",
    "serve",
    "classview",
)
# A command whose name is a Python keyword lives in a module of another name (COMMANDS
# lists modules; the module's add_parser names the command).
MODULES: dict[str, str] = {"class": "classview"}


def _early_language(argv: Sequence[str]) -> str:
    """The language for --help itself, before argparse has run."""
    cli_lang = None
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            cli_lang = argv[i + 1]
        elif arg.startswith("--lang="):
            cli_lang = arg.split("=", 1)[1]
    return detect_language(cli_lang)


class _HelpFormatter(argparse.HelpFormatter):
    """argparse's help, with its own words ("usage:") in the learner's language."""

    def add_usage(
        self,
        usage: str | None,
        actions: Iterable[argparse.Action],
        groups: Iterable[argparse._MutuallyExclusiveGroup],
        prefix: str | None = None,
    ) -> None:
        super().add_usage(usage, actions, groups, t("cli.usage") if prefix is None else prefix)


class TutorArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser whose headings, -h help and error line follow the catalogs.

    Subcommand parsers are made with the same class (argparse uses ``type(parent)``), so
    ``rnn-tutor quiz --help`` reads as Korean as ``rnn-tutor --help`` does. argparse's own
    detailed error texts ("invalid choice: ...") stay as argparse words them.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _HelpFormatter)
        super().__init__(*args, **kwargs)
        self._positionals.title = t("cli.heading.positionals")
        self._optionals.title = t("cli.heading.options")
        for action in self._actions:
            if isinstance(action, argparse._HelpAction):
                action.help = t("cli.help.help")

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, t("cli.error", prog=self.prog, message=message) + "\n")


def _refused_learner(args: argparse.Namespace) -> str | None:
    """``--learner`` checked against the class's profiles: why it is refused, or None.

    A served tab (``--ask-learner``) is checked by the app, which asks again and says why.
    """
    if args.learner is None or args.ask_learner:
        return None
    try:
        claim_learner(data_dir(args.data_dir), args.learner)
    except LearnerNameError as exc:
        return t("serve.cli.refused_learner", reason=t(exc.key, **exc.params))
    return None


# Options before the command that take a value: the word after them is not a command.
_VALUED_OPTIONS = ("--lang", "--data-dir", "--learner")


def _needed_modules(argv: Sequence[str]) -> tuple[str, ...]:
    """The command modules parsing ``argv`` needs: none to open the app, the chosen one for
    a command, every one for help or anything argparse must judge with every command in
    view. A command module imports what its command runs (some the grader, the notebook
    and the kernel client), so the app's first frame must not pay for all of them."""
    words = iter(argv)
    for word in words:
        if word in _VALUED_OPTIONS:
            next(words, None)
        elif word in ("-h", "--help", "--version", "--"):
            return COMMANDS
        elif not word.startswith("-"):
            module = MODULES.get(word, word)
            if module not in COMMANDS or word in MODULES.values():
                return COMMANDS  # not a command: argparse says so, listing them all
            rest = list(words)
            return COMMANDS if any(w in ("-h", "--help") for w in rest) else (module,)
    return ()


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser for ``argv`` (None: for any command line). Commands ``argv`` does not
    choose are named only, their modules not imported (``_needed_modules``)."""
    needed = COMMANDS if argv is None else _needed_modules(argv)
    names = {module: command for command, module in MODULES.items()}
    parser = TutorArgumentParser(prog="rnn-tutor", description=t("cli.description"))
    parser.add_argument(
        "--version",
        action="version",
        version=f"rnn-tutor {__version__}",
        help=t("cli.help.version"),
    )
    parser.add_argument("--lang", choices=LANGUAGES, help=t("cli.help.lang"))
    parser.add_argument("--data-dir", metavar="DIR", help=t("cli.help.data_dir"))
    parser.add_argument("--learner", metavar="NAME", type=learner_name, help=t("serve.cli.learner"))
    # Used by `rnn-tutor serve` for each browser tab that came without a name: ask for one.
    parser.add_argument("--ask-learner", action="store_true", help=argparse.SUPPRESS)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        if name in needed:
            importlib.import_module(f"rnn_tutor.commands.{name}").add_parser(subparsers)
        else:
            subparsers.add_parser(names.get(name, name))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    with guarded_streams():
        return _main(argv)


def _main(argv: Sequence[str] | None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    set_language(_early_language(args_list))
    parser = build_parser(args_list)
    args = parser.parse_args(args_list)
    set_language(detect_language(args.lang))

    try:
        refused = _refused_learner(args)
        if refused is not None:
            print(refused, file=sys.stderr)
            return 2
        if args.command is None:
            practice = importlib.import_module("rnn_tutor.commands.practice")
            return int(practice.open_app(args, screen="home"))
        module_name = MODULES.get(args.command, args.command)
        module = importlib.import_module(f"rnn_tutor.commands.{module_name}")
        return int(module.run(args))
    except DataDirError as exc:
        print(exc.text(), file=sys.stderr)
        return 2
