"""`rnn-tutor serve` answers only requests addressed to it, from its own pages (else 403)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp.test_utils import TestClient, TestServer

from rnn_tutor import serve_tabs
from rnn_tutor.i18n import set_language, t
from rnn_tutor.serve import ClassServer
from rnn_tutor.serve_origin import Authority, OwnAddresses, parse_authority, parse_origin

LOOPBACK = Authority("127.0.0.1", 8000)
CLASSROOM = Authority("10.0.0.5", 8000)  # a wildcard server, reached at its LAN address


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    set_language("en")
    yield
    set_language("en")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("127.0.0.1:8000", Authority("127.0.0.1", 8000)),
        ("LocalHost:8000", Authority("localhost", 8000)),
        ("[::1]:8000", Authority("::1", 8000)),
        ("example.org", Authority("example.org", 80)),
        ("example.org.:81", Authority("example.org", 81)),
        ("", None),
        ("a:b", None),
        ("a:99999", None),
        ("user@127.0.0.1:8000", None),
        ("127.0.0.1:8000/x", None),
        ("ех.example:8000", None),  # not ASCII: no browser sends it so
    ],
)
def test_authorities_are_read_strictly(text: str, expected: Authority | None) -> None:
    assert parse_authority(text) == expected


def test_origins_are_http_or_https_pages() -> None:
    assert parse_origin("http://127.0.0.1:8000") == ("http", LOOPBACK)
    assert parse_origin("https://class.example.org") == (
        "https",
        Authority("class.example.org", 443),
    )
    for text in ("null", "file://", "ws://127.0.0.1:8000", "chrome-extension://abc", ""):
        assert parse_origin(text) is None


LOOPBACK_CASES = [
    # (Host, Origin, refusal)
    ("127.0.0.1:8000", None, None),  # curl, a script: no Origin, our Host
    ("127.0.0.1:8000", "http://127.0.0.1:8000", None),
    ("127.0.0.1:8000", "http://localhost:8000", None),  # the page opened as localhost
    ("localhost:8000", "http://localhost:8000", None),
    ("127.0.0.1:8000", "http://evil.example", "origin"),
    ("127.0.0.1:8000", "http://127.0.0.1:9000", "origin"),  # another port, another site
    ("127.0.0.1:8000", "https://127.0.0.1:8000", "origin"),  # we serve no https
    ("127.0.0.1:8000", "null", "origin"),
    ("evil.example:8000", "http://evil.example:8000", "host"),  # DNS rebinding
    ("evil.example:8000", None, "host"),
    ("127.0.0.1:9000", None, "host"),
    ("10.0.0.5:8000", None, "host"),  # not the address this connection reached
    ("", None, "host"),
    (None, None, "host"),
]


@pytest.mark.parametrize(("host", "origin", "refusal"), LOOPBACK_CASES)
def test_a_loopback_server_answers_its_own_address_only(
    host: str | None, origin: str | None, refusal: str | None
) -> None:
    own = OwnAddresses.for_server("127.0.0.1", None)
    assert own.refusal(host, origin, LOOPBACK) == refusal


def test_a_wildcard_server_answers_the_address_it_was_reached_at() -> None:
    own = OwnAddresses.for_server("0.0.0.0", None)
    assert own.refusal("10.0.0.5:8000", "http://10.0.0.5:8000", CLASSROOM) is None
    assert own.refusal("10.0.0.6:8000", None, CLASSROOM) == "host"
    assert own.refusal("localhost:8000", None, CLASSROOM) == "host"  # not over loopback
    assert own.refusal("class.evil.example:8000", None, CLASSROOM) == "host"
    mapped = Authority("::ffff:10.0.0.5", 8000)  # a dual-stack socket's view of IPv4
    assert own.refusal("10.0.0.5:8000", None, mapped) is None


def test_the_machines_own_name_and_the_public_url_are_ours() -> None:
    own = OwnAddresses(names=frozenset({"teacher-pc", "teacher-pc.local"}))
    assert own.refusal("teacher-pc:8000", "http://teacher-pc.local:8000", CLASSROOM) is None
    public = OwnAddresses.for_server("127.0.0.1", "https://class.example.org/")
    assert public.refusal("class.example.org", "https://class.example.org", LOOPBACK) is None
    # A proxy that rewrites Host to the backend's address keeps the public Origin.
    assert public.refusal("127.0.0.1:8000", "https://class.example.org", LOOPBACK) is None
    assert public.refusal("127.0.0.1:8000", "http://class.example.org", LOOPBACK) == "origin"
    assert public.refusal("class.example.org:8443", None, LOOPBACK) == "host"


class Started:
    """Counts the app processes the server tried to start (none are, in these tests)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0

        async def start(service: Any, width: int, height: int) -> None:
            self.count += 1

        monkeypatch.setattr(serve_tabs.TabService, "start", start)


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> Started:
    return Started(monkeypatch)


async def test_a_foreign_origin_gets_403_and_no_app_starts(
    tmp_path: Path, started: Started
) -> None:
    server = ClassServer(tmp_path, host="127.0.0.1", port=8000, lang="en")
    async with TestClient(TestServer(await server._make_app())) as client:
        for path in ("/ws", "/ws/learner/mina"):
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await client.ws_connect(path, headers={"Origin": "http://evil.example"})
            assert refused.value.status == 403
        page = await client.get("/", headers={"Origin": "http://evil.example"})
        assert page.status == 403
        assert await page.text() == t("serve.refused.origin") + "\n"
        assert started.count == 0
        # The server's own page (its Origin as the browser sends it) is let in.
        own = f"http://127.0.0.1:{client.port}"
        websocket = await client.ws_connect("/ws/learner/mina", headers={"Origin": own})
        await websocket.close()
        assert started.count == 1
    assert not any(tmp_path.iterdir())


async def test_a_foreign_host_gets_403_whatever_the_path(tmp_path: Path, started: Started) -> None:
    server = ClassServer(tmp_path, host="127.0.0.1", port=8000, lang="ko")
    set_language("ko")
    async with TestClient(TestServer(await server._make_app())) as client:
        rebinding = {"Host": f"evil.example:{client.port}"}
        for path in ("/", "/?learner=mina", "/static/js/textual.js", "/download/x"):
            response = await client.get(path, headers=rebinding)
            assert response.status == 403, path
        assert (await response.text()).startswith("403: 이 서버는")
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await client.ws_connect("/ws/learner/mina", headers=rebinding)
        assert refused.value.status == 403
        assert started.count == 0
        assert (await client.get("/")).status == 200


async def test_a_wildcard_servers_page_names_the_address_the_browser_used(
    tmp_path: Path,
) -> None:
    """With --host 0.0.0.0 and no --public-url, "ws://0.0.0.0:8000" would reach nobody."""
    server = ClassServer(tmp_path, host="0.0.0.0", port=8000)
    async with TestClient(TestServer(await server._make_app(), host="127.0.0.1")) as client:
        page = await (await client.get("/", params={"learner": "mina"})).text()
        port = client.port
    assert f'data-session-websocket-url="ws://127.0.0.1:{port}/ws/learner/mina"' in page


@pytest.mark.parametrize(
    "url", ["class.example.org", "ftp://x", "https://", "http://a:b", "http://x/?q"]
)
def test_a_public_url_browsers_cannot_use_is_refused_before_serving(
    url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from rnn_tutor import cli

    assert (
        cli.main(["--lang", "en", "serve", "--public-url", url, "--data-dir", str(tmp_path)]) == 2
    )
    assert "Not an address browsers can use" in capsys.readouterr().err
