"""``goldenage serve``: run the web app (pages, charts and the JSON API) with uvicorn.

``--workers N`` (default: the number of cores) runs N server processes on one socket, each a
whole app: the law compiled ahead (``goldenage tariff compile``) is memory-mapped, so the
processes share its pages, and a plain entry line is answered from it without the rules.
What must be the same in every process is made once here and passed on: the key signing the
forms' CSRF tokens, the folder of result files (a batch run in one process is downloaded
through another) and the commitments database (migrated and seeded before they start).
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from goldenage.errors import InputError

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
SHARED = ("GOLDENAGE_SECRET_KEY", "GOLDENAGE_HOST", "GOLDENAGE_PORT", "GOLDENAGE_RESULTS_DIR")


def serve_command(host: HostOption = None, port: PortOption = None, workers: WorkersOption = None) -> None:
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
    if processes == 1:
        app = create_app(settings)
        uvicorn.run(app, host=chosen_host, port=chosen_port, log_level="info", access_log=False)
        return
    saved = {name: os.environ.get(name) for name in SHARED}
    made = _share(settings)
    try:
        uvicorn.run(
            APP_FACTORY,
            factory=True,
            workers=processes,
            host=chosen_host,
            port=chosen_port,
            log_level="info",
            access_log=False,
        )
    finally:
        for name, value in saved.items():  # the caller's environment as it was (serve in-process)
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        if made is not None:
            shutil.rmtree(made, ignore_errors=True)


def _share(settings: WebSettings) -> Path | None:
    """Put what every process must share in the environment they inherit.

    The CSRF key (a random one unless GOLDENAGE_SECRET_KEY is set), the results folder (a new
    one of this server unless GOLDENAGE_RESULTS_DIR is set: returned, to be removed when the
    server stops), the host and port; the commitments database is migrated and seeded once
    here, so that no two processes do it at the same time.
    """
    from goldenage.web.tracker import Tracker  # noqa: PLC0415

    os.environ["GOLDENAGE_SECRET_KEY"] = settings.secret_key.get_secret_value()
    os.environ["GOLDENAGE_HOST"] = settings.host
    os.environ["GOLDENAGE_PORT"] = str(settings.port)
    made = None
    if settings.results_dir is None:
        made = Path(tempfile.mkdtemp(prefix="goldenage-web-results-"))
        os.environ["GOLDENAGE_RESULTS_DIR"] = str(made)
    tracker = Tracker(settings.db_url)
    tracker.engine()
    tracker.close()
    return made
