"""ASGI middleware: request-body limits, security headers, HEAD, relative redirects.

- The body limit answers 413 before the app reads an oversized upload: at once when
  ``Content-Length`` is over the limit, otherwise as soon as the bytes received pass it (the
  app then sees a disconnect and its own response is dropped). A client that stops sending
  its body for ``GOLDENAGE_BODY_TIMEOUT_SECONDS`` gets 408 (half-sent bodies never hold a
  request open). Half-sent *headers* are timed out by the server itself
  (:mod:`goldenage.web.server`).
- Every response carries :data:`SECURITY_HEADERS`.
- ``HEAD`` is answered for every ``GET`` route: the ``GET`` response without its body.
- A redirect never names a host: an absolute ``Location`` is cut to its path and query, so
  a forged ``Host`` header cannot send a user elsewhere.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import anyio

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

# Everything is served by the app itself: no other host appears in any directive.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; "
    "object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
)
SECURITY_HEADERS = (
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
)
FORM_OVERHEAD_BYTES = 64 * 1024  # multipart boundaries and the small form fields
BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})


def _relative(location: bytes) -> bytes:
    """Return a ``Location`` cut to its path, query and fragment (no scheme, no host)."""
    parts = urlsplit(location.decode("latin-1"))
    path = parts.path if parts.path.startswith("/") else "/" + parts.path
    return urlunsplit(("", "", path, parts.query, parts.fragment)).encode("latin-1")


class SecurityHeadersMiddleware:
    """Add :data:`SECURITY_HEADERS` to every HTTP response; make every redirect relative."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on; add the headers to the response start."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [
                    (name, _relative(value) if name.lower() == b"location" else value)
                    for name, value in message.get("headers", [])
                ]
                present = {name for name, _ in headers}
                extra = [(name, value) for name, value in SECURITY_HEADERS if name not in present]
                message["headers"] = [*headers, *extra]
            await send(message)

        await self.app(scope, receive, send_with_headers)


class HeadAsGetMiddleware:
    """Answer ``HEAD`` as ``GET`` without the body (the headers, length included, are the same)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Run a HEAD request as GET and drop the body of its response."""
        if scope["type"] != "http" or scope.get("method") != "HEAD":
            await self.app(scope, receive, send)
            return

        async def send_headers_only(message: Message) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, send_headers_only)


def _too_large_body(path: str, limit: int) -> tuple[bytes, bytes]:
    text = (
        f"upload too large: the limit is {limit:,} bytes ({limit / (1 << 20):.0f} MiB, "
        "GOLDENAGE_MAX_UPLOAD_BYTES); split the file or use `goldenage tariff batch`"
    )
    if path.startswith("/api/"):
        return json.dumps({"detail": text}).encode(), b"application/json"
    page = (
        "<!doctype html><html lang=en><head><meta charset=utf-8><title>Upload too large</title>"
        f'<link rel=stylesheet href="/static/app.css"></head><body><main><h1>Upload too large</h1>'
        f'<p class="error">{text}</p><p><a href="/batch">Back to batch and refunds</a></p>'
        "</main></body></html>"
    )
    return page.encode(), b"text/html; charset=utf-8"


class BodyLimitMiddleware:
    """Refuse request bodies over ``limit`` bytes (plus :data:`FORM_OVERHEAD_BYTES`) with 413.

    A body that stops arriving for ``timeout`` seconds is refused with 408.
    """

    def __init__(self, app: ASGIApp, limit: int, timeout: float = 30.0) -> None:
        self.app = app
        self.limit = limit
        self.allowed = limit + FORM_OVERHEAD_BYTES
        self.timeout = timeout

    async def _refuse(self, scope: Scope, send: Send, status: int = 413) -> None:
        if status == 413:  # noqa: PLR2004
            body, kind = _too_large_body(scope.get("path", ""), self.limit)
        else:
            text = (
                f"the request body did not arrive within {self.timeout:g} s (GOLDENAGE_BODY_TIMEOUT_SECONDS)"
            )
            body, kind = json.dumps({"detail": text}).encode(), b"application/json"
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [
                    (b"content-type", kind),
                    (b"content-length", str(len(body)).encode()),
                    (b"connection", b"close"),
                    *SECURITY_HEADERS,
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Answer 413 for an oversized body, else pass the request on with a counting receive."""
        if scope["type"] != "http" or scope.get("method") not in BODY_METHODS:
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.allowed:
            await self._refuse(scope, send)
            return
        received = 0
        refused = False

        async def counting_receive() -> Message:
            nonlocal received, refused
            if refused:
                return {"type": "http.disconnect"}
            message = None
            with anyio.move_on_after(self.timeout):
                message = await receive()
            if message is None:  # the client stopped sending
                refused = True
                await self._refuse(scope, send, 408)
                return {"type": "http.disconnect"}
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.allowed:
                    refused = True
                    await self._refuse(scope, send)
                    return {"type": "http.disconnect"}
            return message

        async def guarded_send(message: Message) -> None:
            if not refused:
                await send(message)

        try:
            await self.app(scope, counting_receive, guarded_send)
        except Exception:
            if not refused:
                raise
