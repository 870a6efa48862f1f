"""``goldenage serve``: run the web app (pages, charts and the JSON API) with uvicorn."""

from __future__ import annotations

import ipaddress
import re
import socket
import sys
from typing import Annotated

import typer

from goldenage.errors import GoldenageError, InputError

HOST_ACCEPTED = "an IP address of this machine (127.0.0.1, ::1, 0.0.0.0) or a host name that resolves"
_LABEL = re.compile(r"^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$")

HostOption = Annotated[
    str | None,
    typer.Option("--host", help="Address to bind (default 127.0.0.1, or GOLDENAGE_HOST)."),
]
PortOption = Annotated[
    int | None,
    typer.Option("--port", min=1, max=65535, help="Port to bind (default 8000, or GOLDENAGE_PORT)."),
]


def check_host(host: str, field: str = "--host") -> str:
    """Return ``host`` if it is an IP address or a host name that resolves, else raise InputError.

    Checked before the server starts, so a bad address exits 2 with one line (uvicorn itself
    would fail to bind it and exit 3 after starting the app).
    """
    text = host.strip()
    try:
        return str(ipaddress.ip_address(text.strip("[]")))
    except ValueError:
        pass
    labels = text.rstrip(".").split(".")
    if not text or len(text) > 253 or not all(_LABEL.match(label) for label in labels):
        msg = f"{host[:80]!r} is not an IP address or a host name"
        raise InputError(field, msg, HOST_ACCEPTED)
    if all(label.isdigit() for label in labels):
        msg = f"{host!r} is not a valid IPv4 address"
        raise InputError(field, msg, HOST_ACCEPTED)
    try:
        socket.getaddrinfo(text, None, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as err:
        msg = f"{host!r} does not resolve to an address ({err})"
        raise InputError(field, msg, HOST_ACCEPTED) from err
    return text


def serve_command(host: HostOption = None, port: PortOption = None) -> None:
    """Serve the web app: the calculators, charts, uploads, commitments and the API at /docs.

    Settings come from the environment: GOLDENAGE_API_TOKEN (enables writes),
    GOLDENAGE_MAX_UPLOAD_BYTES, GOLDENAGE_DB_URL and the others of docs/web.md.
    """
    import uvicorn  # noqa: PLC0415 - the web stack loads only for this command

    from goldenage.web import create_app  # noqa: PLC0415
    from goldenage.web.server import server_config  # noqa: PLC0415
    from goldenage.web.settings import WebSettings  # noqa: PLC0415

    try:
        settings = WebSettings()
    except ValueError as err:
        field = "GOLDENAGE_*"
        msg = f"invalid web settings: {err}".replace("\n", " ")
        raise InputError(field, msg, "the settings of docs/web.md") from err
    chosen_host = check_host(host or settings.host)
    chosen_port = port or settings.port
    settings = settings.model_copy(update={"host": chosen_host, "port": chosen_port})
    shown = f"[{chosen_host}]" if ":" in chosen_host else chosen_host
    sys.stdout.write(
        f"goldenage web app: http://{shown}:{chosen_port}/  (API docs: /docs; Ctrl+C stops it)\n"
    )
    if not settings.writes_enabled:
        sys.stdout.write(
            "note: GOLDENAGE_API_TOKEN is not set, so every write (commitment update) is refused\n"
        )
    sys.stdout.flush()
    server = uvicorn.Server(server_config(create_app(settings), settings))
    server.run()
    if not server.started:  # uvicorn logged why (the port is taken, say)
        msg = f"the server could not start on {shown}:{chosen_port} (see the message above)"
        raise GoldenageError(msg)
