"""The domain, with no user interface: importable without Textual, and without torch until
a function that needs it runs.

Rooms, each a package: ``call`` (the RNN constructor call and its closed-form rules),
``exercises`` (questions, skills, the generator), ``grading`` (answers, torch's truth,
verdicts, misconceptions, explanations) and ``progress`` (the SQLite store, FSRS review,
statistics). Imports flow call <- exercises <- grading, and progress reads all three;
``tests/test_import_contracts.py`` enforces it.
"""
