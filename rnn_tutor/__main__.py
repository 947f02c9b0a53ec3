"""`python -m rnn_tutor` runs the same entry point as the `rnn-tutor` script."""

from rnn_tutor.cli import main

raise SystemExit(main())
