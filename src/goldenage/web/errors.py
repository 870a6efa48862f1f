"""goldenage errors at the web boundary: bad input is a 422 naming the field, never a 500.

API responses keep FastAPI's validation shape, ``{"detail": [{"loc", "msg", "type"}]}``, with
``msg`` starting with the parameter's name; pages show the message next to the form.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException

from goldenage.commitments.errors import DatabaseError
from goldenage.errors import DataFileError, GoldenageError, InputError
from goldenage.web.jobs import BusyError, ClientGoneError, JobFailedError
from goldenage.web.templating import render
from goldenage.web.words import field_label, web_text

log = logging.getLogger("goldenage.web")

# CLI option names the engines put in errors -> the API parameter names.
FILE_FIELDS = {"INPUT": "file", "ENTRIES": "file", "--file": "file", "--network": "file"}


def api_field(field: str) -> str:
    """Return the API parameter named by an engine's ``field`` (``--hts`` -> ``hts``)."""
    if field in FILE_FIELDS:
        return FILE_FIELDS[field]
    if field.startswith("--"):
        return field[2:].replace("-", "_")
    if field.isupper():
        return field.lower()
    return field


def pydantic_input_error(err: ValidationError, field: str, accepted: str) -> InputError:
    """Return an engine model's validation error as an :class:`InputError` naming the first key."""
    first = err.errors()[0]
    where = ".".join(str(part) for part in first["loc"]) or field
    message = str(first["msg"]).removeprefix("Value error, ")
    return InputError(field, f"{where}: {message}", accepted)


def form_message(err: GoldenageError) -> tuple[str, str | None]:
    """Return the message a page shows next to its form, and the field it is about (if any).

    The field is named by its label on the form ("Customs value: ..."), and CLI option names
    inside the message by theirs (:func:`goldenage.web.words.web_text`).
    """
    if isinstance(err, InputError):
        name = api_field(err.field)
        expected = f" (expected {web_text(err.accepted)})" if err.accepted else ""
        return f"{field_label(name)}: {web_text(err.message)}{expected}", name
    return web_text(str(err)), None


def is_api(request: Request) -> bool:
    """Return whether the request is for the JSON API (errors as JSON, not pages)."""
    return request.url.path.startswith("/api/")


def error_detail(err: GoldenageError, location: str) -> list[dict[str, Any]]:
    """Return the 422 ``detail`` list for a goldenage error raised on bad input."""
    if isinstance(err, InputError):
        name = api_field(err.field)
        text = err.message + (f" (expected {err.accepted})" if err.accepted else "")
        text = web_text(text, for_api=True)
        return [{"loc": [location, name], "msg": f"{name}: {text}", "type": "input_error"}]
    return [{"loc": [location], "msg": web_text(str(err), for_api=True), "type": "cannot_compute"}]


def _location(request: Request) -> str:
    return "query" if request.method in ("GET", "HEAD") else "body"


def status_of(err: GoldenageError) -> int:
    """Return the HTTP status of a goldenage error.

    Bad input (an unknown id: 404) and results the engines cannot compute for the input given
    (a rate needing data the entry lacks, an infeasible program) are the client's: 4xx. Broken
    shipped data (500), an unreachable database, a busy server and a worker that died (503)
    are the server's; a client that left gets 499 (it never reads it).
    """
    if isinstance(err, DataFileError):
        return 500
    if isinstance(err, DatabaseError | BusyError | JobFailedError):
        return 503
    if isinstance(err, ClientGoneError):
        return 499
    if isinstance(err, LookupError):
        return 404
    return 422


def page_status(err: GoldenageError) -> int:
    """Return the status of a page whose form failed: 422, or the server's 5xx (busy, database)."""
    status = status_of(err)
    return status if status >= 500 else 422  # noqa: PLR2004


def public_message(err: GoldenageError) -> str:
    """Return what a server error may tell an anonymous user: nothing internal.

    The database's URL, user, host and port, file paths and the like stay in the server log.
    """
    if isinstance(err, DatabaseError):
        return "the commitments database is unavailable; try again later"
    if isinstance(err, BusyError | JobFailedError):
        return str(err)  # our own words: limits and settings, nothing of the machine
    return "the server cannot answer this request (its shipped data could not be read); see the server log"


async def goldenage_error(request: Request, err: GoldenageError) -> Response:
    """Answer a goldenage error with :func:`status_of` and a message naming the field."""
    status = status_of(err)
    headers = {"Retry-After": str(BusyError.retry_after)} if isinstance(err, BusyError) else None
    if status >= 500:  # noqa: PLR2004 - server errors
        log.error("%s: %s", type(err).__name__, err)
        detail: Any = public_message(err)
        message = detail
    else:
        detail = error_detail(err, _location(request))
        message = detail[0]["msg"]
    if is_api(request):
        return JSONResponse({"detail": detail}, status_code=status, headers=headers)
    if status < 500:  # noqa: PLR2004 - the page names the field by its label
        message, _ = form_message(err)
    titles = {404: "Not found", 422: "Bad input", 503: "Unavailable"}
    context = {"title": titles.get(status, "Server error"), "message": message}
    return render(request, "error.html", context, status, headers=headers)


async def validation_error(request: Request, err: RequestValidationError) -> Response:
    """Answer FastAPI's own validation errors, each message starting with the field's name."""
    detail = []
    for item in err.errors():
        loc = [str(part) for part in item.get("loc", ())]
        name = loc[-1] if loc else "request"
        detail.append({"loc": loc, "msg": f"{name}: {item.get('msg', 'invalid')}", "type": item.get("type")})
    if is_api(request):
        return JSONResponse({"detail": detail}, status_code=422)
    message = "; ".join(d["msg"] for d in detail)
    return render(request, "error.html", {"title": "Bad input", "message": message}, 422)


async def http_error(request: Request, err: StarletteHTTPException) -> Response:
    """Answer HTTP errors as JSON under /api and as pages elsewhere."""
    headers = getattr(err, "headers", None)
    if is_api(request):
        return JSONResponse({"detail": err.detail}, status_code=err.status_code, headers=headers)
    titles = {401: "Token needed", 403: "Refused", 404: "Not found", 405: "Method not allowed"}
    context = {"title": titles.get(err.status_code, "Error"), "message": str(err.detail)}
    return render(request, "error.html", context, err.status_code, headers=headers)


def install_error_handlers(app: FastAPI) -> None:
    """Register the handlers on ``app``."""
    app.add_exception_handler(GoldenageError, goldenage_error)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, validation_error)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, http_error)  # type: ignore[arg-type]
