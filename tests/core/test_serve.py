"""`rnn-tutor serve`'s own parts: loopback by default, names carried safely from URL to app."""

from __future__ import annotations

import re
import shlex
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer

from rnn_tutor import cli
from rnn_tutor.serve import ClassServer, app_command, is_loopback, learner_from, offline_page


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
    # A served tab may still be asked for a name: when this one reads like another's.
    assert argv[1:] == [*expected, "--learner", "김민아", "--ask-learner"]
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


WEB_FONT_HOSTS = ("fonts.googleapis.com", "fonts.gstatic.com")


async def test_the_page_asks_no_font_host_and_its_fonts_are_served_here(tmp_path: Path) -> None:
    """A class may have no internet, and a font host would see every learner's address."""
    server = ClassServer(tmp_path, host="127.0.0.1", port=8000)
    async with TestClient(TestServer(await server._make_app())) as client:
        for params in ({}, {"learner": "mina"}):
            page = await (await client.get("/", params=params)).text()
            assert not [host for host in WEB_FONT_HOSTS if host in page]
            assert "<head>" in page and "data-session-websocket-url" in page
            fonts = re.findall(r'url\("http://127\.0\.0\.1:8000(/static/fonts/[^"]+)"\)', page)
            assert len(fonts) == 2
            for font in fonts:
                response = await client.get(font)
                assert response.status == 200
                assert len(await response.read()) > 10_000  # the font file itself


def test_offline_page_drops_any_web_font_link_and_keeps_the_rest() -> None:
    template = (
        "<html><head>\n"
        '<link rel="stylesheet" href="{{ config.static.url }}css/xterm.css" />\n'
        "<link rel=\"preconnect\" href='https://fonts.gstatic.com' crossorigin>\n"
        '<link\n  rel=stylesheet\n  href="https://fonts.googleapis.com/css?family=X"\n/>\n'
        "<style>body {}</style></head><body></body></html>"
    )
    page = offline_page(template)
    assert not [host for host in WEB_FONT_HOSTS if host in page]
    assert '<link rel="stylesheet" href="{{ config.static.url }}css/xterm.css" />' in page
    assert page.count("@font-face") == 2 and page.index("@font-face") < page.index("</head>")
    assert "<style>body {}</style>" in page and page.endswith("<body></body></html>")


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
