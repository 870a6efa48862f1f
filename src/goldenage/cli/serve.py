"""``goldenage serve``: run the web app (pages, charts and the JSON API) with uvicorn.

``--workers N`` (default: the number of cores) runs N server processes on one socket, each a
whole app: the law compiled ahead (``goldenage tariff compile``) is memory-mapped, so the
processes share its pages, and a plain entry line is answered from it without the rules.
What must be the same in every process is made once here and passed on: the key signing the
forms' CSRF tokens, the folder of result files (a batch run in one process is downloaded
through another) and the commitments database (migrated and seeded before they start).
"""

from __future__ import annotations

import ipaddress
import os
import re
import socket
import sys
from typing import TYPE_CHECKING, Annotated

import typer

from goldenage.errors import GoldenageError, InputError

HOST_ACCEPTED = "an IP address of this machine (127.0.0.1, ::1, 0.0.0.0) or a host name that resolves"
_LABEL = re.compile(r"^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$")

if TYPE_CHECKING:
    from goldenage.web.settings import WebSettings

HostOption = Annotated[
    str | None,
    typer.Option("--host", help="Address to bind (default 127.0.0.1, or GOLDENAGE_HOST)."),
]
PortOption = Annotated[
    int | None,
    typer.Option("--port", min=1, max=65535, help="Port to bind (default 8000, or GOLDENAGE_PORT)."),
]
WorkersOption = Annotated[
    int | None,
    typer.Option(
        "--workers",
        min=1,
        max=64,
        help="Server processes (default: the number of cores). Each answers requests on its own.",
    ),
]
APP_FACTORY = "goldenage.web.main:create_app"
SHARED = ("GOLDENAGE_SECRET_KEY", "GOLDENAGE_HOST", "GOLDENAGE_PORT")  # what _share sets


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


def serve_command(host: HostOption = None, port: PortOption = None, workers: WorkersOption = None) -> None:
    """Serve the web app: the calculators, charts, uploads, commitments and the API at /docs.

    Settings come from the environment: GOLDENAGE_API_TOKEN (enables writes),
    GOLDENAGE_MAX_UPLOAD_BYTES, GOLDENAGE_DB_URL and the others of docs/web.md.
    """
    import uvicorn  # noqa: PLC0415 - the web stack loads only for this command

    from goldenage.web import create_app  # noqa: PLC0415
    from goldenage.web.server import server_config, server_options  # noqa: PLC0415
    from goldenage.web.settings import WebSettings  # noqa: PLC0415

    try:
        settings = WebSettings()
    except ValueError as err:
        field = "GOLDENAGE_*"
        msg = f"invalid web settings: {err}".replace("\n", " ")
        raise InputError(field, msg, "the settings of docs/web.md") from err
    chosen_host = check_host(host or settings.host)
    chosen_port = port or settings.port
    processes = workers or os.cpu_count() or 1
    settings = settings.model_copy(update={"host": chosen_host, "port": chosen_port})
    shown = f"[{chosen_host}]" if ":" in chosen_host else chosen_host
    sys.stdout.write(
        f"goldenage web app: http://{shown}:{chosen_port}/  ({processes} process"
        f"{'es' if processes > 1 else ''}; API docs: /docs; Ctrl+C stops it)\n"
    )
    if not settings.writes_enabled:
        sys.stdout.write(
            "note: GOLDENAGE_API_TOKEN is not set, so every write (commitment update) is refused\n"
        )
    sys.stdout.flush()
    if processes > 1:
        saved = {name: os.environ.get(name) for name in SHARED}
        _share(settings)
        try:
            # Each process is a new interpreter running create_app() from the environment, so
            # it has the same limits, time limits, job workers and results folder as one process.
            uvicorn.run(
                APP_FACTORY, factory=True, workers=processes, **server_options(settings, spawned=True)
            )
        finally:
            for name, value in saved.items():  # the caller's environment as it was (serve in-process)
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value
        return
    server = uvicorn.Server(server_config(create_app(settings), settings))
    server.run()
    if not server.started:  # uvicorn logged why (the port is taken, say)
        msg = f"the server could not start on {shown}:{chosen_port} (see the message above)"
        raise GoldenageError(msg)


def _share(settings: WebSettings) -> None:
    """Put what every process must share in the environment they inherit.

    The CSRF key (a random one unless GOLDENAGE_SECRET_KEY is set), the host and port; the
    results folder is one for all already (GOLDENAGE_RESULTS_DIR or its default, see
    :mod:`goldenage.web.results`: a run made by one process is downloaded through another).
    The commitments database is migrated and seeded once here, so that no two processes do
    it at the same time.
    """
    from goldenage.web.tracker import Tracker  # noqa: PLC0415

    os.environ["GOLDENAGE_SECRET_KEY"] = settings.secret_key.get_secret_value()
    os.environ["GOLDENAGE_HOST"] = settings.host
    os.environ["GOLDENAGE_PORT"] = str(settings.port)
    tracker = Tracker(settings.db_url)
    tracker.engine()
    tracker.close()
