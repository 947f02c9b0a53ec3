"""Where the project's shared domain notes are: next to the checkout, or $RNN_TUTOR_SHARED.

A git worktree sits one level deeper than the main checkout, so its tests can be pointed
at the notes with the variable instead of being skipped.
"""

import os
from pathlib import Path

SHARED = Path(os.environ.get("RNN_TUTOR_SHARED") or Path(__file__).resolve().parents[2] / "shared")
