"""The tutor in browsers: textual-serve, with one learner profile per browser tab.

textual-serve starts one app process per browser tab (per websocket) and passes nothing
from the page's address to it. A class needs the learner's name to reach the app, so
this server adds one thing: ``/?learner=NAME`` makes the page connect to
``/ws/learner/NAME``, and that websocket starts the app with ``--learner NAME``. Without
a (valid) name the app starts with ``--ask-learner`` and asks for one. Names are checked
before they reach a command line, and the command is quoted as well.

textual-serve's page also asks Google Fonts for its terminal's font. A class may have no
internet, and the font's host would see every learner's address, so the page is served
with the Roboto Mono files textual-serve ships beside it instead (``offline_page``).
"""

from __future__ import annotations

import asyncio
import ipaddress
import re
import shlex
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

import aiohttp_jinja2
import jinja2
from aiohttp import hdrs, web
from textual_serve.server import Server, log, to_int

from rnn_tutor.core.progress.learners import LearnerNameError, check_learner_name
from rnn_tutor.core.safe_text import QUOTE_LIMIT, visible
from rnn_tutor.i18n import t
from rnn_tutor.serve_origin import Authority, OwnAddresses
from rnn_tutor.serve_tabs import QUIT_GRACE_S, TabService

LEARNER_ROUTE = "/ws/learner/{learner}"
# Distinct refused Hosts/Origins told on the console; past that, refusals are silent.
MAX_REFUSALS_TOLD = 50

# A stylesheet link to a web-font host in textual-serve's page template.
_WEB_FONT_LINK = re.compile(
    r"\s*<link\b[^>]*\bhref=[\"']https?://fonts\.(?:googleapis|gstatic)\.com\b[^>]*>",
    re.IGNORECASE,
)
# "Roboto Mono" (the terminal's first font choice) from textual-serve's own static folder;
# where those files are missing the terminal falls back to a local monospace font.
LOCAL_FONTS = """
    <style>
      @font-face {
        font-family: "Roboto Mono";
        src: url("{{ config.static.url }}fonts/RobotoMono-VariableFont_wght.ttf")
          format("truetype");
        font-weight: 100 700;
        font-style: normal;
      }
      @font-face {
        font-family: "Roboto Mono";
        src: url("{{ config.static.url }}fonts/RobotoMono-Italic-VariableFont_wght.ttf")
          format("truetype");
        font-weight: 100 700;
        font-style: italic;
      }
    </style>
  """


def is_wildcard(host: str) -> bool:
    """Whether ``host`` listens on every address of this computer (``0.0.0.0``, ``::``)."""
    try:
        return not host or ipaddress.ip_address(host).is_unspecified
    except ValueError:
        return False


def is_loopback(host: str) -> bool:
    """Whether only this computer can reach ``host`` (the default; anything else is a choice)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def learner_from(value: str | None) -> str | None:
    """A checked learner name, or None when there is none or it is not a valid name."""
    if not value:
        return None
    try:
        return check_learner_name(value)
    except LearnerNameError:
        return None


def app_argv(data_dir: Path, learner: str | None, lang: str | None = None) -> list[str]:
    """The command one browser tab's app runs (no shell: each argument is one word).

    Always ``--ask-learner``: with the address's name the app opens that profile, or, when
    the name reads like another learner's, asks for one and says why.
    """
    argv = [sys.executable, "-m", "rnn_tutor", "--data-dir", str(data_dir)]
    if lang is not None:
        argv += ["--lang", lang]
    return argv + (["--learner", learner] if learner is not None else []) + ["--ask-learner"]


def app_command(data_dir: Path, learner: str | None, lang: str | None = None) -> str:
    """``app_argv`` as one shell-quoted line (textual-serve's form, shown in its log)."""
    return shlex.join(app_argv(data_dir, learner, lang))


def offline_page(template: str) -> str:
    """textual-serve's page template without a web-font request: the fonts are local."""
    return _WEB_FONT_LINK.sub("", template).replace("</head>", LOCAL_FONTS + "</head>", 1)


class _OfflinePageLoader(jinja2.FileSystemLoader):
    """textual-serve's templates, read through ``offline_page``."""

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        source, filename, uptodate = super().get_source(environment, template)
        return offline_page(source), filename, uptodate


class ClassServer(Server):
    """textual-serve's Server, with the learner's name carried from the URL to the app.

    Every request passes ``_own_address`` first (403 for a foreign Host or Origin), and
    every tab's app runs in a ``TabService`` (killed with its process group once the tab
    is closed); ``tabs`` holds the running ones.
    """

    def __init__(
        self,
        data_dir: Path,
        *,
        host: str,
        port: int,
        public_url: str | None = None,
        lang: str | None = None,
        quit_grace: float = QUIT_GRACE_S,
    ) -> None:
        self.data_dir = data_dir
        self.lang = lang
        self.quit_grace = quit_grace
        self.tabs: set[TabService] = set()
        self.own = OwnAddresses.for_server(host, public_url)
        # With a wildcard address (0.0.0.0) and no --public-url, pages name the address the
        # browser used (checked by _own_address); "http://0.0.0.0:8000" reaches nobody.
        self._page_base_from_request = public_url is None and is_wildcard(host)
        self._refusals_told: set[tuple[str, str]] = set()
        super().__init__(
            app_command(data_dir, None, lang),
            host=host,
            port=port,
            title="rnn-tutor",
            public_url=public_url.rstrip("/") if public_url else None,
        )

    async def _make_app(self) -> web.Application:
        app = await super()._make_app()
        app.middlewares.append(self._own_address)
        aiohttp_jinja2.setup(app, loader=_OfflinePageLoader(self.templates_path))
        app.router.add_get(LEARNER_ROUTE, self.handle_websocket, name="learner-websocket")
        return app

    @web.middleware
    async def _own_address(
        self, request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        """403 for a request not addressed to this server or not from its own pages."""
        reason = self.own.refusal(
            request.headers.get(hdrs.HOST), request.headers.get(hdrs.ORIGIN), _reached(request)
        )
        if reason is None:
            return await handler(request)
        header = hdrs.HOST if reason == "host" else hdrs.ORIGIN
        value = visible(request.headers.get(header, ""), limit=QUOTE_LIMIT)
        if len(self._refusals_told) < MAX_REFUSALS_TOLD and (reason, value) not in (
            self._refusals_told
        ):
            self._refusals_told.add((reason, value))  # told once each: a page may retry forever
            self.console.print(
                t(f"serve.log.refused.{reason}", value=value, path=visible(request.path, limit=80)),
                highlight=False,
                markup=False,
            )
        return web.Response(status=403, text=t(f"serve.refused.{reason}") + "\n")

    async def on_startup(self, app: web.Application) -> None:
        self.console.print(
            t("serve.cli.starting", url=self.public_url, folder=self.data_dir),
            highlight=False,
            markup=False,
        )

    async def on_shutdown(self, app: web.Application) -> None:
        """The server stops: every tab's app gets "quit", then its group is killed."""
        await asyncio.gather(*(tab.stop() for tab in list(self.tabs)))

    def _page_base(self, request: web.Request) -> str:
        if self._page_base_from_request:
            return f"http://{request.host}"
        return self.public_url

    @aiohttp_jinja2.template("app_index.html")
    async def handle_index(self, request: web.Request) -> dict[str, Any]:
        """textual-serve's page, whose websocket carries the learner's name when it has one."""
        learner = learner_from(request.query.get("learner"))
        if learner is None:
            ws_path = str(request.app.router["websocket"].url_for())
        else:
            ws_path = LEARNER_ROUTE.replace("{learner}", quote(learner, safe=""))
        base = self._page_base(request)
        ws_scheme = "wss:" if base.startswith("https") else "ws:"
        static_url = request.app.router["static"].url_for(filename="/")
        return {
            "font_size": to_int(request.query.get("fontsize", "16"), 16),
            "app_websocket_url": ws_scheme + f"{base}{ws_path}".split(":", 1)[1],
            "config": {"static": {"url": f"{base}{static_url}".rstrip("/") + "/"}},
            "application": {"name": self.title},
        }

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """One browser tab: its own app process, for the learner its address names.

        As textual-serve's own handler, with the command chosen per connection and the
        app ended for sure when the tab goes (``TabService.stop``).
        """
        learner = learner_from(request.match_info.get("learner"))
        websocket = web.WebSocketResponse(heartbeat=15)
        width = to_int(request.query.get("width", "80"), 80)
        height = to_int(request.query.get("height", "24"), 24)
        tab: TabService | None = None
        try:
            await websocket.prepare(request)
            tab = TabService(
                app_argv(self.data_dir, learner, self.lang),
                write_bytes=websocket.send_bytes,
                write_str=websocket.send_str,
                close=websocket.close,
                download_manager=self.download_manager,
                debug=self.debug,
                quit_grace=self.quit_grace,
            )
            self.tabs.add(tab)
            await tab.start(width, height)
            await self._process_messages(websocket, tab)
        except Exception as error:  # one tab's failure must not stop the class's server
            log.exception(error)
        finally:
            if tab is not None:
                await tab.stop()
                self.tabs.discard(tab)
        return websocket


def _reached(request: web.Request) -> Authority | None:
    """The address and port this request's connection reached (this server's own)."""
    transport = request.transport
    sockname = None if transport is None else transport.get_extra_info("sockname")
    if not sockname:
        return None
    return Authority(str(sockname[0]).lower(), int(sockname[1]))
