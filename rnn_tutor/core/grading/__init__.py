"""Grading: reading an answer, torch's truth, and the verdict about it.

Owns: ``answers`` (the learner's text -> a parsed shape, count or "raises"), ``grader``
(a real forward pass; torch is imported inside functions only; ``cell_grader`` runs the
notebook's cells), ``exercise_error`` (the one refusal: a question that cannot be asked),
``verdict`` (the value the UI, the store and the CLI share), ``misconceptions`` (the
catalogue of wrong answers with stable ids) and ``explain`` (the words, made from the
exercise's own numbers).
Imports the call and exercises rooms; never progress, never textual.
"""
