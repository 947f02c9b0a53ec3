"""The class view reads learners' files through the store's public reading (issue 13's
leftover): no module of core/progress reaches into another's private names, and
``read_tables`` reads a file opened elsewhere as the Store reads its own."""

from __future__ import annotations

import ast
import sqlite3
from pathlib import Path

from rnn_tutor.core.progress.paths import DB_FILENAME
from rnn_tutor.core.progress.store import Store, read_tables
from tests.core.test_progress_cli import fill

PROGRESS = Path(__file__).resolve().parents[2] / "rnn_tutor" / "core" / "progress"


def _private_uses(path: Path) -> list[str]:
    """``from rnn_tutor... import _name`` and ``module._name`` on an imported rnn_tutor module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    modules: set[str] = set()
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("rnn_tutor"):
            for alias in node.names:
                if alias.name.startswith("_") and not alias.name.startswith("__"):
                    found.append(f"{node.module}.{alias.name}")
                else:
                    modules.add(alias.asname or alias.name)
        elif isinstance(node, ast.Import):
            modules.update(a.asname or a.name for a in node.names if a.name.startswith("rnn_"))
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in modules
            and node.attr.startswith("_")
            and not node.attr.startswith("__")
        ):
            found.append(f"{node.value.id}.{node.attr}")
    return found


def test_no_progress_module_uses_another_modules_private_names() -> None:
    uses = {
        path.name: found for path in sorted(PROGRESS.glob("*.py")) if (found := _private_uses(path))
    }
    assert uses == {}


def test_read_tables_reads_a_file_opened_elsewhere_as_the_store_does(tmp_path: Path) -> None:
    fill(tmp_path, range(4))
    conn = sqlite3.connect(tmp_path / DB_FILENAME)
    conn.execute("PRAGMA ignore_check_constraints = ON")
    conn.execute("UPDATE attempts SET at = 'not a time' WHERE id = 2")
    conn.execute("INSERT INTO cards (skill, card, updated_at) VALUES ('broken', '{', 'x')")
    conn.commit()
    conn.close()
    with Store.open(tmp_path) as store:
        attempts = store.attempts()
        cards = store.cards()
        assert store.unreadable_rows == 1
    uri = f"{(tmp_path / DB_FILENAME).as_uri()}?mode=ro"
    conn = sqlite3.connect(uri, uri=True)
    try:
        tables = read_tables(conn)
    finally:
        conn.close()
    assert tables.skipped_rows == 1
    assert sorted(tables.attempts, key=lambda r: r.id) == sorted(attempts, key=lambda r: r.id)
    assert len(tables.attempts) == 3
    assert dict(tables.cards) == cards and "broken" not in tables.cards
