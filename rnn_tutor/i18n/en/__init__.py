"""The en catalog: one area module per part of the app (see rnn_tutor.i18n)."""
