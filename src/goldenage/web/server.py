"""The uvicorn configuration of ``goldenage serve``: a fast HTTP parser, timeouts for slow clients.

Requests are parsed by httptools (llhttp, in C) on uvloop's event loop: uvicorn's pure-Python
h11 parser cost about 0.5 ms of CPU a request, a fifth of what the duty API costs
(docs/performance.md, issue 20). uvicorn times out idle keep-alive connections but not a
request whose headers never finish ("slowloris": a client sends a few header bytes, then
nothing, and holds the connection forever). :class:`TimedHttpProtocol` closes a connection
whose request headers have not all arrived within ``GOLDENAGE_HEADER_TIMEOUT_SECONDS`` of its
first byte (or of the connection), answering ``408``, and refuses a request line and headers
longer than :data:`MAX_HEADER_BYTES` with ``400`` (llhttp itself sets no such bound); the app's
middleware times out half-sent bodies (:class:`goldenage.web.limits.BodyLimitMiddleware`).
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
from functools import cache
from typing import Any

import uvicorn
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from goldenage.web.settings import WebSettings

MAX_HEADER_BYTES = 16 * 1024
KEEP_ALIVE_SECONDS = 5
_TIMEOUT_TEXT = b"the request headers did not arrive in time (GOLDENAGE_HEADER_TIMEOUT_SECONDS)\n"
TIMEOUT_RESPONSE = (
    b"HTTP/1.1 408 Request Timeout\r\ncontent-type: text/plain; charset=utf-8\r\nconnection: close\r\n"
    + f"content-length: {len(_TIMEOUT_TEXT)}\r\n\r\n".encode()
    + _TIMEOUT_TEXT
)


@cache
def _environment_timeout() -> float:
    return WebSettings().header_timeout_seconds


def no_delay(transport: asyncio.BaseTransport) -> None:
    """Turn Nagle's algorithm off on a TCP connection (TCP_NODELAY).

    asyncio does so only for sockets made with the TCP protocol number; the socket uvicorn makes
    for several processes (``goldenage serve --workers N``) has protocol 0, so each small answer
    on a kept-alive connection waited for the client's delayed acknowledgement: about 40 ms a
    request with two processes against 2.5 ms with one (docs/performance.md, issue 20).
    """
    sock = transport.get_extra_info("socket")
    if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


class HeadersTooLongError(ValueError):
    """A request line and headers longer than :data:`MAX_HEADER_BYTES`."""


class TimedHttpProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol with a deadline and a size limit for the request headers.

    See the module docstring. ``header_timeout`` is set by :func:`protocol_for`; named by its
    import path (server processes that uvicorn starts anew, ``--workers N``) the class takes it
    from the environment, ``GOLDENAGE_HEADER_TIMEOUT_SECONDS``. The size is counted twice:
    exactly, the bytes of the target and of every header name and value of a request as the
    parser hands them over (a request over the limit is refused before the app sees it), and
    as the bytes received while a request's headers are still incomplete, which bounds what the
    parser holds for a header line that never ends.
    """

    header_timeout: float | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._header_timer: asyncio.TimerHandle | None = None
        self._timeout = self.header_timeout if self.header_timeout is not None else _environment_timeout()
        self._header_bytes = 0  # of the current request, as parsed
        self._pending_bytes = 0  # received while its headers were incomplete

    def _in_request(self) -> bool:
        return self.cycle is not None and not self.cycle.response_complete

    def _arm(self) -> None:
        if self._header_timer is None and not self._in_request():
            self._header_timer = self.loop.call_later(self._timeout, self._expire)

    def _disarm(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def _expire(self) -> None:
        self._header_timer = None
        if not self._in_request() and not self.transport.is_closing():
            self.transport.write(TIMEOUT_RESPONSE)
            self.transport.close()

    def _count(self, size: int) -> None:
        self._header_bytes += size
        if self._header_bytes > MAX_HEADER_BYTES:
            raise HeadersTooLongError(MAX_HEADER_BYTES)  # the parser refuses the request: 400

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        """Answer without Nagle's delay (:func:`no_delay`) and start the headers' deadline."""
        no_delay(transport)
        super().connection_made(transport)
        self._arm()

    def data_received(self, data: bytes) -> None:
        """Start the deadline on the first bytes of a request; stop it once its headers are in."""
        self._arm()
        super().data_received(data)
        if self._in_request():
            self._disarm()
            self._pending_bytes = 0
        elif not self.transport.is_closing():
            self._pending_bytes += len(data)
            if self._pending_bytes > MAX_HEADER_BYTES:
                self.send_400_response("Invalid HTTP request received.")

    def on_message_begin(self) -> None:
        """Start counting the request's header bytes."""
        self._header_bytes = 0
        super().on_message_begin()

    def on_url(self, url: bytes) -> None:
        """Count the request target's bytes."""
        self._count(len(url))
        super().on_url(url)

    def on_header(self, name: bytes, value: bytes) -> None:
        """Count the header's bytes."""
        self._count(len(name) + len(value) + 4)  # ": " and the line's end
        super().on_header(name, value)

    def connection_lost(self, exc: Exception | None) -> None:
        """Stop the deadline."""
        self._disarm()
        super().connection_lost(exc)


def protocol_for(settings: WebSettings) -> type[TimedHttpProtocol]:
    """Return the protocol class with the settings' header timeout."""
    return type(
        "GoldenageHttpProtocol", (TimedHttpProtocol,), {"header_timeout": settings.header_timeout_seconds}
    )


def server_options(settings: WebSettings, *, spawned: bool = False) -> dict[str, Any]:
    """Return uvicorn's options for the app: address, timeouts, header limits.

    ``spawned``: for server processes that uvicorn starts itself (``workers`` > 1, the app
    given as an import string), which cannot receive a class made here: the protocol is named
    by its import path and reads its timeout from the environment they inherit.
    """
    protocol = f"{__name__}:TimedHttpProtocol" if spawned else protocol_for(settings)
    return {
        "host": settings.host,
        "port": settings.port,
        "http": protocol,
        "loop": "uvloop",
        "timeout_keep_alive": KEEP_ALIVE_SECONDS,
        "log_level": "info",
        "access_log": False,
    }


def server_config(app: Any, settings: WebSettings, **extra: Any) -> uvicorn.Config:
    """Return the uvicorn configuration of the app (:func:`server_options`, then ``extra``)."""
    return uvicorn.Config(app, **(server_options(settings) | extra))


__all__ = [
    "MAX_HEADER_BYTES",
    "TimedHttpProtocol",
    "no_delay",
    "protocol_for",
    "server_config",
    "server_options",
]
