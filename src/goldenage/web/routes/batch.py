"""Batch and refunds: upload entry lines, get the results file, a summary and the refund estimate.

Both forms POST ``multipart/form-data`` with the CSRF token; the upload is size-limited
(:class:`~goldenage.web.limits.BodyLimitMiddleware`) and read by the batch engine's reader.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Any

import polars as pl
from fastapi import APIRouter, File, Form, HTTPException, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, HTMLResponse

from goldenage.errors import GoldenageError, InputError
from goldenage.spreadsheets import MEDIA_TYPES, write_table
from goldenage.tariffs.batch import OPTIONAL, REQUIRED, Limits
from goldenage.tariffs.currency import law_currency
from goldenage.tariffs.inputs import parse_date
from goldenage.tariffs.scenarios import scenarios
from goldenage.web.deps import JobsDep, ResultsDep, SettingsDep
from goldenage.web.errors import form_message, page_status
from goldenage.web.security import CSRF_FIELD, csrf_check
from goldenage.web.settings import WebSettings
from goldenage.web.templating import render
from goldenage.web.uploads import estimate_upload, limits_of, result_name, run_batch_upload, save_upload

router = APIRouter(include_in_schema=False)
STATIC = Path(__file__).resolve().parent.parent / "static"
SAMPLE = STATIC / "samples" / "entries_sample.csv"
PREVIEW_ROWS = 50
REFUND_LINES = 200
Csrf = Annotated[str | None, Form(alias=CSRF_FIELD)]


def _context(settings: WebSettings, **extra: Any) -> dict[str, Any]:
    return {
        "active": "batch",
        "title": "Batch and refunds",
        "limit_bytes": settings.max_upload_bytes,
        "limit_rows": settings.max_upload_rows,
        "required": REQUIRED,
        "optional": OPTIONAL,
        "scenarios": list(scenarios()),
        "error": None,
        **extra,
    }


@router.get("/batch", response_class=HTMLResponse)
def batch_page(request: Request, settings: SettingsDep) -> HTMLResponse:
    """Render the two upload forms."""
    return render(request, "batch.html", _context(settings))


def _no_file() -> InputError:
    msg = "no file was uploaded"
    field = "file"
    return InputError(field, msg, "a .csv or .parquet file")


def _refuse_forgery(request: Request, settings: WebSettings, token: str | None) -> None:
    problem = csrf_check(request, settings, token)
    if problem is not None:
        raise HTTPException(403, problem)


async def _accept(
    upload: UploadFile | None, folder: Path, settings: WebSettings, entries: bool = False
) -> Path:
    """Save the uploaded file into the run's folder (InputError: no file, too large, unreadable)."""
    if upload is None:
        raise _no_file()
    return await save_upload(upload, folder, settings, entries=entries)


@router.post("/batch", response_class=HTMLResponse)
async def batch_upload(  # noqa: PLR0913 - one parameter per form field
    request: Request,
    settings: SettingsDep,
    results: ResultsDep,
    jobs: JobsDep,
    file: Annotated[UploadFile | None, File()] = None,
    scenario: Annotated[str | None, Form()] = None,
    output: Annotated[str, Form()] = "csv",
    csrf_token: Csrf = None,
) -> HTMLResponse:
    """Compute every line of the upload; show the summary, a preview and the download link."""
    _refuse_forgery(request, settings, csrf_token)
    run_id, folder = results.new_run()
    try:
        source = await _accept(file, folder, settings)
        name = file.filename if file is not None else None
        arguments = (source, folder, scenario or None, output, name, limits_of(settings))
        run = await jobs.run(request, "the batch", run_batch_upload, *arguments)
    except GoldenageError as err:
        message, _ = form_message(err)
        kept = {"scenario": scenario, "output": output, "filename": file.filename if file else None}
        return render(request, "batch.html", _context(settings, error=message, **kept), page_status(err))
    preview = await run_in_threadpool(_preview, run.path)
    context = _context(
        settings,
        batch=run.summary_json(),
        law=run.summary.currency(),
        preview=preview,
        download=f"/batch/results/{run_id}/{run.path.name}",
        downloads={kind: f"/batch/results/{run_id}/{path.name}" for kind, path in run.files.items()},
        filename=file.filename,
        scenario=scenario or "actual",
        output=output,
    )
    return render(request, "batch.html", context)


def _preview(path: Path) -> dict[str, Any]:
    """Return the first rows of a results file, the ``error`` column first (bad rows stand out)."""
    if path.suffix == ".csv":
        table = pl.read_csv(path, n_rows=PREVIEW_ROWS, infer_schema=False)
    else:  # Parquet, or the Parquet file written beside an Excel one (the same rows)
        table = pl.read_parquet(path.with_suffix(".parquet"), n_rows=PREVIEW_ROWS).cast(pl.Utf8)
    if "error" in table.columns:
        table = table.select("error", pl.exclude("error"))
    return {"columns": table.columns, "rows": table.rows(), "error_column": "error" in table.columns}


@router.post("/refunds", response_class=HTMLResponse)
async def refunds_upload(  # noqa: PLR0913 - one parameter per form field
    request: Request,
    settings: SettingsDep,
    results: ResultsDep,
    jobs: JobsDep,
    file: Annotated[UploadFile | None, File()] = None,
    as_of: Annotated[str | None, Form()] = None,
    corporate: Annotated[bool, Form()] = False,
    csrf_token: Csrf = None,
) -> HTMLResponse:
    """Estimate the IEEPA duty deposited on the uploaded entries and the interest on its refund."""
    _refuse_forgery(request, settings, csrf_token)
    run_id, folder = results.new_run()
    try:
        source = await _accept(file, folder, settings, entries=True)
        day = parse_date(as_of, "--as-of") if as_of else None
        name = file.filename if file is not None else None
        arguments = (source, day, corporate, limits_of(settings), folder, name)
        summary = await jobs.run(request, "the refund estimate", refund_lines, *arguments)
    except GoldenageError as err:
        message, field = form_message(err)
        kept = {"as_of": as_of, "corporate": corporate, "refund_field": field}
        kept["refund_filename"] = file.filename if file else None
        context = _context(settings, refund_error=message, **kept)
        return render(request, "batch.html", context, page_status(err))
    files = summary.pop("files")
    refunds = {
        **summary,
        "corporate": corporate,
        "download": f"/batch/results/{run_id}/{files['csv']}",
        "downloads": {kind: f"/batch/results/{run_id}/{name}" for kind, name in files.items()},
        "filename": file.filename,
    }
    kept = {"as_of": as_of, "corporate": corporate}
    law = refunds.pop("law")
    return render(request, "batch.html", _context(settings, refunds=refunds, law=law, **kept))


def refund_lines(  # noqa: PLR0913 - one argument per input of the estimate
    source: Path, as_of: dt.date | None, corporate: bool, limits: Limits, folder: Path, filename: str | None
) -> dict[str, Any]:
    """Estimate the refunds of an upload, write its lines (CSV and Excel) and return the page's summary.

    Run in a job worker; only the summary and the first :data:`REFUND_LINES` lines come back.
    """
    estimate = estimate_upload(source, as_of, corporate, limits)
    lines = estimate.lines
    files = {kind: folder / result_name(filename, "refunds", kind) for kind in ("csv", "xlsx")}
    for path in files.values():
        write_table(lines, path, "file", (), "refunds")
    return {
        "as_of": estimate.as_of,
        "ieepa_total": estimate.ieepa_total,
        "interest_total": estimate.interest_total,
        "lines": lines.head(REFUND_LINES).rows(named=True),
        "count": lines.height,
        "errors": lines.filter(pl.col("error").is_not_null()).height,
        "rates": estimate.rates,
        "warnings": estimate.warnings(),
        "law": law_currency(*(estimate.entry_dates or (None, None))),
        "files": {kind: path.name for kind, path in files.items()},
    }


@router.get("/batch/results/{run_id}/{name}")
def download(run_id: str, name: str, results: ResultsDep) -> FileResponse:
    """Send a result file of an earlier upload (kept for GOLDENAGE_RESULTS_TTL_SECONDS)."""
    path = results.file(run_id, name)
    if path is None:
        raise HTTPException(404, "no such result file (results are kept for an hour); upload the file again")
    kind = MEDIA_TYPES.get(path.suffix, "application/octet-stream")
    return FileResponse(path, media_type=kind, filename=name)


@router.get("/batch/sample.csv")
def sample() -> FileResponse:
    """Send a small sample of entry lines (works for the batch and the refund estimate)."""
    return FileResponse(SAMPLE, media_type="text/csv", filename="entries_sample.csv")
