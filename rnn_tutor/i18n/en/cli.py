"""cli messages (en): the top-level command line."""

MESSAGES: dict[str, str] = {
    "cli.description": "rnn-tutor: predict the tensor shapes of nn.RNN, nn.LSTM and nn.GRU, and learn why. Without a command it opens the tutor.",
    "cli.help.lang": "language of the tutor: en or ko (default: from LANG / LC_ALL, else English)",
    "cli.help.data_dir": "where progress is kept (default: $RNN_TUTOR_HOME, else your user data directory)",
    "cli.usage": "usage: ",
    "cli.heading.positionals": "commands and arguments",
    "cli.heading.options": "options",
    "cli.help.help": "show this help and exit",
    "cli.help.version": "show the version and exit",
    "cli.error": "{prog}: error: {message}",
    "cli.not_a_terminal": "rnn-tutor: the tutor is a full-screen app and needs a terminal, but {stream} is not one. Run it in a terminal; for the figures in a pipe or a file: rnn-tutor stats (text) or rnn-tutor stats --json (JSON).",
}
