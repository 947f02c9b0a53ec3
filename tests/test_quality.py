"""ruff and mypy are part of the test suite, so "clean" is checked on every run, not remembered.

The Pythons the project supports are stated once, as ``requires-python`` in pyproject.toml:
mypy runs for the oldest and the newest of them, ruff reads its target from there, and the
classifiers and the README are checked against it. Every supported Python found on this
machine also compiles every source file, which catches syntax mypy's version flag does not.
"""

from __future__ import annotations

import glob
import os
import re
import shutil
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest
from packaging.specifiers import SpecifierSet

if sys.version_info >= (3, 11):
    import tomllib
else:  # mypy installs tomli on 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ("rnn_tutor", "tests", "benchmarks")
# A learner's notebook kept as test data is learner text: never compiled (ruff skips it too).
NOT_SOURCE = ROOT / "tests" / "core" / "notebook_data"


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=600
    )


@cache
def supported_pythons() -> tuple[str, ...]:
    """Every "3.N" that ``requires-python`` admits, oldest first."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    spec = SpecifierSet(project["requires-python"])
    found = tuple(f"3.{minor}" for minor in range(40) if spec.contains(f"3.{minor}"))
    assert found, f"requires-python {spec} admits no Python 3"
    assert spec.contains(f"{found[-1]}.99"), "requires-python must admit a minor version whole"
    return found


def test_ruff_is_clean() -> None:
    result = _run("ruff", "check", *SOURCES)
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_is_clean() -> None:
    result = _run("ruff", "format", "--check", *SOURCES)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("end", ["oldest", "newest"])
def test_mypy_is_clean_for_the_oldest_and_the_newest_python(end: str) -> None:
    pythons = supported_pythons()
    version = pythons[0] if end == "oldest" else pythons[-1]
    result = _run("mypy", "--python-version", version)
    assert result.returncode == 0, f"mypy --python-version {version}\n{result.stdout}"


def test_the_range_is_stated_in_pyproject_only() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    pythons = supported_pythons()
    classifiers = pyproject["project"]["classifiers"]
    listed = [c.rsplit(" :: ", 1)[1] for c in classifiers if re.fullmatch(r".* :: 3\.\d+", c)]
    assert listed == list(pythons), "the classifiers must name exactly requires-python's range"
    assert "python_version" not in pyproject["tool"]["mypy"], "mypy's versions come from here"
    assert "target-version" not in pyproject["tool"]["ruff"], "ruff reads requires-python"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    stated = re.findall(r"Python (3\.\d+) to (3\.\d+)", readme)
    assert stated == [(pythons[0], pythons[-1])], "README.md names the range once, as here"


def _interpreter(version: str) -> str | None:
    """A working ``python3.N`` on this machine (pyenv's shims exist for versions that are not
    selected, and fail: each candidate is asked its version)."""
    if f"{sys.version_info.major}.{sys.version_info.minor}" == version:
        return sys.executable
    pyenv = os.environ.get("PYENV_ROOT", str(Path.home() / ".pyenv"))
    candidates = [shutil.which(f"python{version}")]
    candidates += sorted(glob.glob(f"{pyenv}/versions/{version}.*/bin/python{version}"))
    for candidate in filter(None, candidates):
        probe = subprocess.run(
            [candidate, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
            capture_output=True,
            text=True,
            timeout=60,
        )
        if probe.returncode == 0 and probe.stdout.strip() == version:
            return candidate
    return None


# Compiles the project's own source files (never learner text) and writes no bytecode.
_COMPILE_ALL = """
import sys
failed = []
for path in sys.stdin.read().split("\\n"):
    try:
        with open(path, encoding="utf-8") as handle:
            compile(handle.read(), path, "exec", dont_inherit=True)
    except SyntaxError as exc:
        failed.append(f"{path}:{exc.lineno}: {exc.msg}")
print("\\n".join(failed))
sys.exit(1 if failed else 0)
"""


def test_every_supported_python_on_this_machine_compiles_the_sources() -> None:
    paths = [p for top in SOURCES for p in sorted((ROOT / top).rglob("*.py"))]
    files = "\n".join(str(p) for p in paths if NOT_SOURCE not in p.parents)
    missing = []
    for version in supported_pythons():
        python = _interpreter(version)
        if python is None:
            missing.append(version)
            continue
        result = subprocess.run(
            [python, "-I", "-c", _COMPILE_ALL],
            input=files,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, f"Python {version} cannot compile:\n{result.stdout}"
    if missing:
        pytest.skip(f"no interpreter here for Python {', '.join(missing)} (the others compiled)")
