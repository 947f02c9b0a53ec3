"""Subcommands of `rnn-tutor`; each module has add_parser(subparsers) and run(args)."""
