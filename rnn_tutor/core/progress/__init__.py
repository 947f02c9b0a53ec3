"""Progress: what lasts between sessions. ``store`` (SQLite attempts, cards, settings, export
and import; ``AttemptRecord.from_verdict`` is how a graded answer is kept), ``scheduler``
(one FSRS card per skill), ``review`` (the review queue: due skills, then mistakes to redo),
``stats`` (the figures the stats screen and ``stats --json`` share), ``paths`` (where the
data folder is), ``clock`` (aware UTC everywhere) and ``atomic_file`` (a file replaced whole
or not at all: the export and the "My code" cell).

Reads the call, exercises and grading rooms; never imports torch: history and statistics
must open without it.
"""
