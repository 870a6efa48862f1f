"""``goldenage serve``: run the web app (pages, charts and the JSON API) with uvicorn."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from goldenage.errors import InputError

HostOption = Annotated[
    str | None,
    typer.Option("--host", help="Address to bind (default 127.0.0.1, or GOLDENAGE_HOST)."),
]
PortOption = Annotated[
    int | None,
    typer.Option("--port", min=1, max=65535, help="Port to bind (default 8000, or GOLDENAGE_PORT)."),
]


def serve_command(host: HostOption = None, port: PortOption = None) -> None:
    """Serve the web app: the calculators, charts, uploads, commitments and the API at /docs.

    Settings come from the environment: GOLDENAGE_API_TOKEN (enables writes),
    GOLDENAGE_MAX_UPLOAD_BYTES, GOLDENAGE_DB_URL and the others of docs/web.md.
    """
    import uvicorn  # noqa: PLC0415 - the web stack loads only for this command

    from goldenage.web import create_app  # noqa: PLC0415
    from goldenage.web.settings import WebSettings  # noqa: PLC0415

    try:
        settings = WebSettings()
    except ValueError as err:
        field = "GOLDENAGE_*"
        msg = f"invalid web settings: {err}".replace("\n", " ")
        raise InputError(field, msg, "the settings of docs/web.md") from err
    chosen_host = host or settings.host
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
    uvicorn.run(create_app(settings), host=chosen_host, port=chosen_port, log_level="info", access_log=False)
