"""Which requests a served class answers: only those addressed to this server, from its pages.

A browser lets any web page open a websocket to any address, the teacher's own loopback
server included, and tells the server which page asked in the ``Origin`` header. And a page
whose host name its owner points at the teacher's address (DNS rebinding) reaches the
server with that foreign name in the ``Host`` header. So every request, the page and the
websocket alike, must name this server in ``Host`` and, when it has one, in ``Origin``;
anything else is answered 403 before any app process starts.

"This server" is the address the connection actually reached (the socket's own address
and port, so a wildcard ``--host 0.0.0.0`` is reached at whatever address the classroom
uses, and never at an address this machine does not have), written as an IP address or as
one of the names that cannot be an attacker's DNS name: ``localhost`` on a loopback
connection, and this machine's own host names. ``--public-url`` adds one more address,
exactly as given (a proxy in front of the server).
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket
from dataclasses import dataclass
from functools import cache
from urllib.parse import urlsplit

DEFAULT_PORTS = {"http": 80, "https": 443}


@dataclass(frozen=True)
class Authority:
    """A host (lower case; an IPv6 address without brackets) and a port."""

    host: str
    port: int


def _ip(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """The address ``host`` spells, with an IPv4-mapped IPv6 address read as the IPv4 one."""
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def parse_authority(text: str, scheme: str = "http") -> Authority | None:
    """``host[:port]`` as a Host header or a URL writes it; None for anything else."""
    if not text or any(ch in text for ch in "/\\?#@ \t") or not text.isascii():
        return None
    try:
        parts = urlsplit(f"{scheme}://{text}")
        port = parts.port
    except ValueError:  # a port that is not a number, or out of range
        return None
    host = (parts.hostname or "").rstrip(".")
    if not host:
        return None
    return Authority(host, port if port is not None else DEFAULT_PORTS.get(scheme, 80))


def parse_origin(text: str) -> tuple[str, Authority] | None:
    """An ``Origin`` header's scheme and authority; None for ``null`` or anything else."""
    scheme, separator, rest = text.strip().partition("://")
    scheme = scheme.lower()
    if not separator or scheme not in DEFAULT_PORTS:
        return None
    authority = parse_authority(rest, scheme)
    return None if authority is None else (scheme, authority)


def public_url_ok(url: str) -> bool:
    """Whether ``url`` is an address browsers can use: ``http(s)://host[:port][/path]``."""
    parts = urlsplit(url.strip())
    return parse_origin(f"{parts.scheme}://{parts.netloc}") is not None and not (
        parts.query or parts.fragment
    )


@cache
def machine_names() -> frozenset[str]:
    """This computer's own host names: a learner may type them, and no one else owns them."""
    names = {socket.gethostname()}
    with contextlib.suppress(OSError):  # the resolver refused: the short name stands
        names.add(socket.getfqdn())
    found = {name.lower().rstrip(".") for name in names if name}
    found |= {f"{name.split('.')[0]}.local" for name in found}  # its mDNS name
    # "localhost" (some resolvers' fully qualified name here) is ours on loopback only.
    return frozenset(
        name for name in found if name and _ip(name) is None and name.split(".")[0] != "localhost"
    )


@dataclass(frozen=True)
class OwnAddresses:
    """The addresses a served class answers to; see the module's docstring."""

    public_scheme: str | None = None
    public: Authority | None = None
    names: frozenset[str] = frozenset()

    @classmethod
    def for_server(cls, host: str, public_url: str | None) -> OwnAddresses:
        """For a server listening on ``host``, reached by ``public_url`` when given."""
        names = set(machine_names())
        if _ip(host) is None and host:
            names.add(host.lower().rstrip("."))  # --host some-name.lan
        if public_url is None:
            return cls(names=frozenset(names))
        parts = urlsplit(public_url)
        origin = parse_origin(f"{parts.scheme}://{parts.netloc}")
        if origin is None:
            return cls(names=frozenset(names))
        return cls(origin[0], origin[1], frozenset(names))

    def host_allowed(self, host: Authority, local: Authority) -> bool:
        """Whether ``host`` names this server, for a connection that reached ``local``."""
        if self.public is not None and host == self.public:
            return True
        if host.port != local.port:
            return False
        address, reached = _ip(host.host), _ip(local.host)
        if address is not None:
            return address == reached
        if host.host == "localhost":
            return reached is not None and reached.is_loopback
        return host.host in self.names

    def origin_allowed(self, origin: tuple[str, Authority], local: Authority) -> bool:
        """Whether a page at ``origin`` is one of this server's own pages."""
        scheme, authority = origin
        if self.public is not None and (scheme, authority) == (self.public_scheme, self.public):
            return True
        return scheme == "http" and self.host_allowed(authority, local)

    def refusal(
        self, host_header: str | None, origin_header: str | None, local: Authority | None
    ) -> str | None:
        """Why a request is refused (``"host"`` or ``"origin"``), or None when it is ours.

        A missing ``Origin`` is allowed when the ``Host`` is ours. Browsers send ``Origin``
        with every websocket handshake (and every cross-site request that matters), so a
        request without one comes from a program such as curl or a script, not from a web
        page: no page can make a browser drop the header. Such a program could as well open
        the page and type into the tutor like any learner on the network, which the server
        offers to whoever can reach it; refusing it would protect nothing and break
        monitoring and the tests' own clients. ``Origin: null`` (a sandboxed frame, a
        ``file:`` page) is a browser hiding where it came from, and is refused.
        """
        if local is None:
            return "host"
        host = parse_authority(host_header or "")
        # A Host without a port means the scheme's own: 443 behind an https --public-url.
        public_host = parse_authority(host_header or "", self.public_scheme or "http")
        if host is None or not (
            self.host_allowed(host, local) or (self.public and public_host == self.public)
        ):
            return "host"
        if origin_header is None:
            return None
        origin = parse_origin(origin_header)
        if origin is None or not self.origin_allowed(origin, local):
            return "origin"
        return None
