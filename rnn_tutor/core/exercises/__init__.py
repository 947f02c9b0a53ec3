"""Exercises: what is asked. ``questions`` holds the Exercise/Question values and the
skills (one FSRS card each); ``generator`` makes seeded exercises per level with sizes
chosen so that every misconception gives a different answer.

Imports the call room only; never grading, progress, torch or textual.
"""
