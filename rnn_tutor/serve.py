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

import ipaddress
import re
import shlex
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

import aiohttp_jinja2
import jinja2
from aiohttp import web
from textual_serve.app_service import AppService
from textual_serve.server import Server, log, to_int

from rnn_tutor.core.progress.learners import LearnerNameError, check_learner_name
from rnn_tutor.i18n import t

LEARNER_ROUTE = "/ws/learner/{learner}"

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


def app_command(data_dir: Path, learner: str | None, lang: str | None = None) -> str:
    """The shell command textual-serve runs for one browser tab."""
    argv = [sys.executable, "-m", "rnn_tutor", "--data-dir", str(data_dir)]
    if lang is not None:
        argv += ["--lang", lang]
    argv += ["--ask-learner"] if learner is None else ["--learner", learner]
    return shlex.join(argv)


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
    """textual-serve's Server, with the learner's name carried from the URL to the app."""

    def __init__(
        self,
        data_dir: Path,
        *,
        host: str,
        port: int,
        public_url: str | None = None,
        lang: str | None = None,
    ) -> None:
        self.data_dir = data_dir
        self.lang = lang
        super().__init__(
            app_command(data_dir, None, lang),
            host=host,
            port=port,
            title="rnn-tutor",
            public_url=public_url.rstrip("/") if public_url else None,
        )

    async def _make_app(self) -> web.Application:
        app = await super()._make_app()
        aiohttp_jinja2.setup(app, loader=_OfflinePageLoader(self.templates_path))
        app.router.add_get(LEARNER_ROUTE, self.handle_websocket, name="learner-websocket")
        return app

    async def on_startup(self, app: web.Application) -> None:
        self.console.print(
            t("serve.cli.starting", url=self.public_url, folder=self.data_dir),
            highlight=False,
            markup=False,
        )

    @aiohttp_jinja2.template("app_index.html")
    async def handle_index(self, request: web.Request) -> dict[str, Any]:
        """textual-serve's page, whose websocket carries the learner's name when it has one."""
        learner = learner_from(request.query.get("learner"))
        if learner is None:
            ws_path = str(request.app.router["websocket"].url_for())
        else:
            ws_path = LEARNER_ROUTE.replace("{learner}", quote(learner, safe=""))
        ws_scheme = "wss:" if self.public_url.startswith("https") else "ws:"
        static_url = request.app.router["static"].url_for(filename="/")
        return {
            "font_size": to_int(request.query.get("fontsize", "16"), 16),
            "app_websocket_url": ws_scheme + f"{self.public_url}{ws_path}".split(":", 1)[1],
            "config": {"static": {"url": f"{self.public_url}{static_url}".rstrip("/") + "/"}},
            "application": {"name": self.title},
        }

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """One browser tab: its own app process, for the learner its address names.

        As textual-serve's own handler, with the command chosen per connection.
        """
        learner = learner_from(request.match_info.get("learner"))
        websocket = web.WebSocketResponse(heartbeat=15)
        width = to_int(request.query.get("width", "80"), 80)
        height = to_int(request.query.get("height", "24"), 24)
        app_service: AppService | None = None
        try:
            await websocket.prepare(request)
            app_service = AppService(
                app_command(self.data_dir, learner, self.lang),
                write_bytes=websocket.send_bytes,
                write_str=websocket.send_str,
                close=websocket.close,  # type: ignore[arg-type]  # as textual-serve does
                download_manager=self.download_manager,
                debug=self.debug,
            )
            await app_service.start(width, height)
            try:
                await self._process_messages(websocket, app_service)
            finally:
                await app_service.stop()
        except Exception as error:  # one tab's failure must not stop the class's server
            log.exception(error)
        finally:
            if app_service is not None:
                await app_service.stop()
        return websocket
