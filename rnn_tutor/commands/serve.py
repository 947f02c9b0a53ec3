"""`rnn-tutor serve`: the tutor for a class, in browsers (textual-serve; one process per tab)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from rnn_tutor.i18n import t

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "serve", help=t("serve.cli.help"), description=t("serve.cli.help")
    )
    parser.add_argument("--host", default=DEFAULT_HOST, help=t("serve.cli.host"))
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=t("serve.cli.port"))
    parser.add_argument("--public-url", metavar="URL", help=t("serve.cli.public_url"))
    # SUPPRESS: given after `serve` it sets the folder; otherwise the top-level one stands.
    parser.add_argument(
        "--data-dir", metavar="DIR", default=argparse.SUPPRESS, help=t("serve.cli.data_dir")
    )


def run(args: argparse.Namespace) -> int:
    from rnn_tutor.core.progress.paths import data_dir

    try:
        from rnn_tutor.serve import ClassServer, is_loopback
        from rnn_tutor.serve_origin import public_url_ok
    except ImportError as exc:
        print(t("serve.cli.missing", error=exc), file=sys.stderr)
        return 1
    if args.public_url is not None and not public_url_ok(args.public_url):
        from rnn_tutor.core.safe_text import visible

        print(
            t("serve.cli.bad_public_url", url=visible(args.public_url, limit=200)), file=sys.stderr
        )
        return 2
    folder = data_dir(getattr(args, "data_dir", None)).resolve()
    if not is_loopback(args.host):
        print(t("serve.cli.not_loopback", host=args.host), file=sys.stderr)
    server = ClassServer(
        folder,
        host=args.host,
        port=args.port,
        public_url=args.public_url,
        lang=getattr(args, "lang", None),
    )
    try:
        server.serve()
    except OSError as exc:  # the port is taken, or the address is not this machine's
        print(
            t(
                "serve.cli.cannot_listen",
                host=args.host,
                port=args.port,
                reason=exc.strerror or exc,
            ),
            file=sys.stderr,
        )
        return 1
    return 0
