"""The domain, with no user interface: importable without Textual, and without torch until
a function that needs it runs.

Rooms, each a package: ``call`` (the RNN constructor call and its closed-form rules),
``notebook`` (the interpreter for a learner's own cells), ``exercises`` (questions, skills,
the generator), ``grading`` (answers, torch's truth, verdicts, misconceptions,
explanations) and ``progress`` (the SQLite store, FSRS review, the review queue,
statistics). Imports flow call <- exercises <- grading <- progress, and the notebook
stands on call alone; ``safe_text`` (outside text made harmless) serves every room.
``tests/test_import_contracts.py`` enforces it; docs/architecture.md draws it.
"""
