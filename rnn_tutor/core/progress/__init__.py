"""Progress: what lasts between sessions. ``store`` (SQLite attempts, cards, settings, export
and import), ``scheduler`` (FSRS cards per skill and the review queue), ``stats`` (the
figures the stats screen and ``stats --json`` share), ``paths`` (where the data folder is)
and ``clock`` (aware UTC everywhere).

Never imports torch: history and statistics must open without it.
"""
