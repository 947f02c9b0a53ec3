"""`rnn-tutor serve`'s own parts: loopback by default, names carried safely from URL to app."""

from __future__ import annotations

import shlex
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer

from rnn_tutor import cli
from rnn_tutor.serve import ClassServer, app_command, is_loopback, learner_from


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("localhost", True),
        ("::1", True),
        ("0.0.0.0", False),
        ("10.0.0.5", False),
    ],
)
def test_loopback(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_the_default_host_is_loopback_and_another_is_a_choice_said_in_the_help(
    capsys: pytest.CaptureFixture[str],
) -> None:
    args = cli.build_parser().parse_args(["serve"])
    assert (args.host, args.port) == ("127.0.0.1", 8000)
    with pytest.raises(SystemExit):
        cli.main(["--lang", "en", "serve", "--help"])
    assert "explicit choice" in capsys.readouterr().out


def test_names_from_the_url_are_checked() -> None:
    assert learner_from("mina") == "mina"
    assert learner_from("김민아") == "김민아"
    assert learner_from("../x") is None
    assert learner_from("a; rm -rf ~") is None
    assert learner_from("") is None and learner_from(None) is None


def test_the_app_command_is_quoted_and_names_the_profile(tmp_path: Path) -> None:
    folder = tmp_path / "a class; echo no"
    argv = shlex.split(app_command(folder, "김민아", "ko"))
    expected = ["-m", "rnn_tutor", "--data-dir", str(folder), "--lang", "ko"]
    assert argv[1:] == [*expected, "--learner", "김민아"]
    assert shlex.split(app_command(folder, None))[-1] == "--ask-learner"


async def test_the_page_connects_to_the_learners_websocket(tmp_path: Path) -> None:
    server = ClassServer(tmp_path, host="127.0.0.1", port=8000)
    async with TestClient(TestServer(await server._make_app())) as client:
        page = await (await client.get("/", params={"learner": "김민아"})).text()
        assert 'data-session-websocket-url="ws://127.0.0.1:8000/ws/learner/%EA%B9%80' in page
        page = await (await client.get("/", params={"learner": "../x"})).text()
        assert 'data-session-websocket-url="ws://127.0.0.1:8000/ws"' in page
        page = await (await client.get("/")).text()
        assert 'data-session-websocket-url="ws://127.0.0.1:8000/ws"' in page


async def test_a_public_url_is_used_for_the_websocket(tmp_path: Path) -> None:
    server = ClassServer(
        tmp_path, host="0.0.0.0", port=8000, public_url="https://class.example.org/"
    )
    async with TestClient(TestServer(await server._make_app())) as client:
        page = await (await client.get("/", params={"learner": "mina"})).text()
    assert 'data-session-websocket-url="wss://class.example.org/ws/learner/mina"' in page


def test_a_taken_port_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        command = [sys.executable, "-m", "rnn_tutor", "--lang", "en", "serve"]
        done = subprocess.run(
            [*command, "--port", str(port), "--data-dir", str(tmp_path)],
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert done.returncode == 1
    assert f"Cannot listen on 127.0.0.1:{port}" in done.stderr
    assert "Traceback" not in done.stderr
