"""What each layer may import: core never textual, nothing torch at import time, and the
app's first frame (home, and the first practice exercise) without torch or torchinfo.

Each check runs in a fresh interpreter: this test process has long since imported torch.
"""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import rnn_tutor
import rnn_tutor.core

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("torch", "torchinfo", "numpy")


def run_python(code: str, tmp_path: Path) -> dict[str, object]:
    """Run ``code`` in a fresh interpreter; it prints one JSON object as its last line."""
    env = {"PYTHONPATH": str(ROOT), "RNN_TUTOR_HOME": str(tmp_path / "home"), "LANG": "C.UTF-8"}
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    loaded: dict[str, object] = json.loads(result.stdout.strip().splitlines()[-1])
    return loaded


def all_modules(package: object) -> list[str]:
    path = getattr(package, "__path__", [])
    prefix = getattr(package, "__name__", "") + "."
    return sorted(info.name for info in pkgutil.walk_packages(path, prefix))


def test_core_imports_neither_textual_nor_torch(tmp_path: Path) -> None:
    modules = all_modules(rnn_tutor.core)
    assert "rnn_tutor.core.grading.grader" in modules
    code = f"""
import importlib, json, sys
for name in {modules!r}:
    importlib.import_module(name)
print(json.dumps({{m: m in sys.modules for m in ("textual", *{HEAVY!r})}}))
"""
    assert run_python(code, tmp_path) == {"textual": False, **dict.fromkeys(HEAVY, False)}


def test_no_module_of_the_package_imports_torch_when_imported(tmp_path: Path) -> None:
    modules = [
        m for m in all_modules(rnn_tutor) if ".__main__" not in m and "__snapshots__" not in m
    ]
    code = f"""
import importlib, json, sys
for name in {modules!r}:
    importlib.import_module(name)
print(json.dumps({{m: m in sys.modules for m in {HEAVY!r}}}))
"""
    assert run_python(code, tmp_path) == dict.fromkeys(HEAVY, False)


FIRST_FRAME = """
import asyncio, json, sys
from rnn_tutor.ui.app import RnnTutorApp

async def main():
    app = RnnTutorApp(lang="en", seed=3, warm_up=False)
    seen = {}
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        seen["home"] = type(app.screen).__name__
        seen["home_torch"] = [m for m in ("torch", "torchinfo") if m in sys.modules]
        await pilot.press("p")
        await pilot.pause()
        seen["practice"] = type(app.screen).__name__
        seen["exercise"] = app.screen.exercise is not None
        seen["practice_torch"] = [m for m in ("torch", "torchinfo") if m in sys.modules]
    print(json.dumps(seen))

asyncio.run(main())
"""


def test_home_and_the_first_exercise_show_without_torch(tmp_path: Path) -> None:
    assert run_python(FIRST_FRAME, tmp_path) == {
        "home": "HomeScreen",
        "home_torch": [],
        "practice": "PracticeScreen",
        "exercise": True,
        "practice_torch": [],
    }


WARM_UP = """
import asyncio, json, sys
from rnn_tutor.core.kernel.grading import shared_kernel
from rnn_tutor.ui.app import RnnTutorApp

async def main():
    app = RnnTutorApp(lang="en", warm_up=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        ready = app.torch_ready.wait(60)
        loaded = {m: m in sys.modules for m in ("torch", "torchinfo")}
        kernel = shared_kernel().pid is not None
        print(json.dumps({"ready": ready, "error": app.torch_error, "kernel": kernel, **loaded}))

asyncio.run(main())
"""


def test_the_kernel_starts_in_the_background_and_torch_stays_out_of_the_app(
    tmp_path: Path,
) -> None:
    """After the first frame the kernel is started (torch imported there, so the first
    answer does not wait for it); the app process itself never imports torch (issue 17)."""
    assert run_python(WARM_UP, tmp_path) == {
        "ready": True,
        "error": None,
        "kernel": True,
        "torch": False,
        "torchinfo": False,
    }


SCREEN_MODULES_FIRST = """
import importlib, json
names = ("practice", "quiz", "results", "review", "stats", "mycode")
for name in names:
    importlib.import_module(f"rnn_tutor.ui.screens.{name}")
from rnn_tutor.ui.app import RnnTutorApp

made = {}
for table in (RnnTutorApp.SCREENS, RnnTutorApp.VISITS):
    for key, factory in table.items():
        made[key] = callable(factory) and not hasattr(factory, "__path__")
print(json.dumps(made))
"""


def test_screen_factories_survive_their_modules_being_imported_first(tmp_path: Path) -> None:
    """A factory named like its module would be replaced by the module on import."""
    made = run_python(SCREEN_MODULES_FIRST, tmp_path)
    assert made and all(made.values()), made
    import rnn_tutor.ui.screens as screens

    factories = [name for name in vars(screens) if name.endswith("_screen")]
    modules = {info.name.rsplit(".", 1)[-1] for info in pkgutil.iter_modules(screens.__path__)}
    assert not modules & set(factories)
