"""``/api/tariff/...``: the JSON of ``goldenage tariff duty|explain|timeline|lookup|scenarios|etr|...``.

Each route calls the same engine function as the CLI command and returns the same JSON
object (``--json``), stamped as the CLI stamps it with how current its law is (``law_as_of``,
``hts_revision``, ``warnings``: :mod:`goldenage.tariffs.currency`); bad input is a 422 naming
the parameter.
"""

from __future__ import annotations

import datetime as dt
import inspect
import io
import json
import time
from dataclasses import replace
from pathlib import Path
from typing import Annotated, Any, Literal

import polars as pl
from anyio import CapacityLimiter, to_thread
from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from fastapi.responses import FileResponse, Response
from starlette.datastructures import QueryParams
from starlette.types import Receive, Scope, Send

from goldenage.errors import GoldenageError, InputError
from goldenage.spreadsheets import MEDIA_TYPES
from goldenage.tariffs.batch import Limits
from goldenage.tariffs.currency import law_currency
from goldenage.tariffs.etr import ORIGIN, etr_series
from goldenage.tariffs.etr_report import etr_report, report_frame, statutory_report
from goldenage.tariffs.inputs import parse_date, parse_value
from goldenage.tariffs.landed import landed_cost, parse_costs
from goldenage.tariffs.lookup import lookup
from goldenage.tariffs.origins import parse_origin
from goldenage.tariffs.result import DutyResult
from goldenage.tariffs.savings import savings
from goldenage.tariffs.scenarios import scenarios
from goldenage.tariffs.search import MAX_RESULTS, search
from goldenage.web.caches import ETR_START, etr_end
from goldenage.web.deps import JobsDep, ReportsDep, ResultsDep, SettingsDep
from goldenage.web.entries import (
    ENTRY_FIELDS,
    EntryQuery,
    QueryReader,
    ValueDefault,
    ValueRequired,
    compute_duty,
    compute_timeline,
    entry_of,
    entry_query,
    timeline_end,
)
from goldenage.web.responses import finite_json
from goldenage.web.uploads import estimate_upload, limits_of, run_batch_upload, save_upload

router = APIRouter(prefix="/api/tariff", tags=["tariff"])
COST_FIELDS = ("value", "freight", "insurance", "other_costs", "basis")  # the inputs' names in errors

Entry = Annotated[EntryQuery, Depends(entry_query)]
JSON = "application/json"


ENGINE_THREADS = 2


def engine_limiter(app: Any) -> CapacityLimiter:
    """Return the app's limit of duty computations at once (made in the running event loop).

    The engine holds the GIL: more threads than this would only take turns with the event loop
    and slow down every request answered from the cache.
    """
    limiter = getattr(app.state, "engine_limiter", None)
    if limiter is None:
        limiter = app.state.engine_limiter = CapacityLimiter(ENGINE_THREADS)
    return limiter


def dumps(payload: Any, field: str = "value") -> bytes:
    """Serialise as the CLI prints (``json.dumps(..., ensure_ascii=False)``), UTF-8, finite numbers only."""
    return finite_json(payload, field)


Money = Annotated[str | None, Query(max_length=64, description="US dollars >= 0 (for the landed cost).")]
BASIS_HELP = "How value is quoted: FOB (default, the customs value) or CIF."
Basis = Annotated[str | None, Query(max_length=8, description=BASIS_HELP)]
DUTY_QUERY = QueryReader(
    "DutyQuery",
    {
        **ENTRY_FIELDS,
        "value": (ValueRequired, inspect.Parameter.empty),
        **dict.fromkeys(("freight", "insurance", "other_costs"), (Money, None)),
        "basis": (Basis, None),
    },
)


INLINE_CPU_SECONDS = 0.002
INLINE_LINES = 65_536  # lines remembered as cheap, at most (then forgotten and learnt again)


def _plain_line(query: EntryQuery) -> tuple[str, str, str | None] | None:
    """Return the line of a plain entry (no declaration, preference or quantity), else ``None``."""
    if query.declared or query.preference or query.quantity or query.unit:
        return None
    return (query.hts, query.origin, query.scenario)


def _timed_duty(query: EntryQuery) -> tuple[DutyResult, float]:
    """Return the engine's result and the CPU time it took this thread (unaffected by other work)."""
    started = time.thread_time()
    result = compute_duty(query)
    return result, time.thread_time() - started


def _remember(lines: set[tuple[str, str, str | None]], line: tuple[str, str, str | None]) -> None:
    if len(lines) >= INLINE_LINES:
        lines.clear()
    lines.add(line)


async def duty_json(  # noqa: PLR0913 - the route's inputs
    app: Any,
    entry: EntryQuery,
    value: str,
    freight: str | None = None,
    insurance: str | None = None,
    other_costs: str | None = None,
    basis: str | None = None,
) -> bytes:
    """Return the JSON of ``/api/tariff/duty``: the app's kept answer, or the engine's.

    The engine runs in a worker thread, except for a plain entry of a line whose last answer
    took under :data:`INLINE_CPU_SECONDS` of CPU (from the law compiled ahead, with the line's
    declaration answers in memory: 0.2-0.6 ms): handing it to a thread and back cost more
    CPU than the answer itself (0.3-0.4 ms, the two threads taking turns with the GIL;
    docs/performance.md, issue 20). A line first answered slowly (the rules, a first request)
    stays in the thread.
    """
    costs = parse_costs(value, freight, insurance, other_costs, basis, fields=COST_FIELDS)
    query = replace(entry, value=repr(costs.customs_value))
    key = (query.key(), costs)
    cache = app.state.duty_cache
    body = cache.get(key)
    if body is None:
        line = _plain_line(query)
        if line is not None and line in app.state.cheap_lines:
            result = compute_duty(query)  # well under a millisecond: a thread would cost more
        else:
            result, cost = await to_thread.run_sync(_timed_duty, query, limiter=engine_limiter(app))
            if line is not None and cost < INLINE_CPU_SECONDS:
                _remember(app.state.cheap_lines, line)
        payload = result.to_json()
        if costs.given:
            payload["landed_cost"] = landed_cost(result, costs).to_json()
        body = dumps(law_currency(result.entry_date).stamp(payload))
        cache.put(key, body)
    return body


@router.get("/duty", summary="What one entry line pays (goldenage tariff duty --json)")
async def duty_route(  # noqa: PLR0913 - one parameter per input, as the CLI's options
    request: Request,
    entry: Entry,
    value: ValueRequired,
    freight: Money = None,
    insurance: Money = None,
    other_costs: Money = None,
    basis: Basis = None,
) -> Response:
    """Each duty with its heading, rate, amount and citation, the fees and, with costs, the landed cost.

    The CLI's JSON object (``goldenage tariff duty --json``); ``landed_cost`` is added when
    freight, insurance, other costs or a CIF basis are given.
    """
    body = await duty_json(request.app, entry, value, freight, insurance, other_costs, basis)
    return Response(body, media_type=JSON)


DUTY_PATH = "/api/tariff/duty"


class DutyFastPath:
    """ASGI middleware: ``GET /api/tariff/duty`` answered without FastAPI's routing and reading.

    FastAPI's matching of the app's routes, its reading of the 37 declared query parameters
    one by one and its per-request machinery cost more than the engine's answer from the table
    (docs/performance.md, issue 20). This middleware, innermost of the app's own, reads the
    query in one validation (:data:`DUTY_QUERY`: the same fields, annotations and defaults)
    and answers with :func:`duty_json` and the same response as the route. Every other request
    goes on to the app, and so does a duty query that does not validate or that the engine
    refuses: the route then answers it as declared, with the same 422 naming the field. The
    route stays the one the OpenAPI document describes.
    """

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Answer a valid duty query; pass every other request on."""
        if scope["type"] == "http" and scope["path"] == DUTY_PATH and scope["method"] == "GET":
            given = DUTY_QUERY.read(QueryParams(scope["query_string"]))
            if given is not None:
                costs = {name: given[name] for name in ("freight", "insurance", "other_costs", "basis")}
                try:
                    body = await duty_json(scope["app"], entry_of(given), given["value"], **costs)
                except GoldenageError:  # the route answers it as before (the error handlers)
                    pass
                else:
                    await Response(body, media_type=JSON)(scope, receive, send)
                    return
        await self.app(scope, receive, send)


@router.get("/explain", summary="The decision path of one entry line (goldenage tariff explain --json)")
def explain_route(entry: Entry, value: ValueDefault = "10000") -> Response:
    """Every authority considered, whether it applied and why, with citations, plus the duty."""
    result = compute_duty(replace(entry, value=value))
    return Response(dumps(law_currency(result.entry_date).stamp(result.explain_json())), media_type=JSON)


@router.get("/timeline", summary="The duty rate of one line over time (goldenage tariff timeline --json)")
def timeline_route(
    entry: Entry,
    value: ValueDefault = "10000",
    start: Annotated[str | None, Query(alias="from", description="First date (default 2025-01-01).")] = None,
    end: Annotated[str | None, Query(alias="to", description="Last date (default today).")] = None,
) -> Response:
    """Change points of the line's duty, each with the instruments behind the change."""
    query = replace(entry, value=value)
    points = compute_timeline(query, start, end)
    first = points[0].result
    payload = {
        "hts10": first.hts10 if first else None,
        "origin": query.origin.upper(),
        "scenario": first.scenario if first else query.scenario,
        "customs_value": parse_value(query.value),
        "points": [p.to_json() for p in points],
    }
    last = parse_date(end, "to") if end else timeline_end()
    return Response(dumps(law_currency(points[0].date, last).stamp(payload)), media_type=JSON)


@router.get("/lookup", summary="An HTS line as in force on a date (goldenage tariff lookup --json)")
def lookup_route(
    code: Annotated[str, Query(description="HTS code, 8 or 10 digits, dots optional.", max_length=64)],
    date: Annotated[str | None, Query(description="Date YYYY-MM-DD (default today).")] = None,
) -> Response:
    """Return the description path, units, rate columns and Chapter 99 references of the line."""
    day = parse_date(date, "date") if date else dt.date.today()
    return Response(dumps(law_currency(day).stamp(lookup(code, day).to_json())), media_type=JSON)


@router.get(
    "/search",
    summary="HTS lines by relevance, with the total rate for goods of Japan (goldenage tariff search --json)",
)
def search_route(
    q: Annotated[
        str, Query(description="Words of the description, or the first digits of a code.", max_length=200)
    ],
    date: Annotated[str | None, Query(description="Lines in force on this date (default today).")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_RESULTS, description="Most lines returned.")] = 20,
    scenario: Annotated[
        str | None, Query(description="Scenario of the total rates (default actual).")
    ] = None,
) -> dict[str, Any]:
    """Lines in force on the date, most relevant first, each with the total duty rate of goods of Japan."""
    day = parse_date(date, "date") if date else dt.date.today()
    return law_currency(day).stamp(search(q, day, limit, field="q", scenario=scenario).to_json())


@router.get("/scenarios", summary="The scenarios (goldenage tariff scenarios --json)")
def scenarios_route() -> dict[str, Any]:
    """``{scenarios: [...]}``: each with its description, assumptions, citations and overridden parameters."""
    return law_currency().stamp({"scenarios": [s.to_json() for s in scenarios().values()]})


@router.get(
    "/etr", summary="Import-weighted effective tariff rate per day or month (goldenage tariff etr --json)"
)
async def etr_route(  # noqa: PLR0913 - one parameter per documented option
    request: Request,
    reports: ReportsDep,
    jobs: JobsDep,
    origin: Annotated[str, Query(description="JP (only Japan is modelled).")] = ORIGIN,
    start: Annotated[str | None, Query(alias="from", description="First date (default 2025-01-01).")] = None,
    end: Annotated[str | None, Query(alias="to", description="Last date (default today).")] = None,
    scenario: Annotated[str | None, Query(description="Scenario (default actual).", max_length=64)] = None,
    basis: Annotated[
        Literal["statutory", "collected"],
        Query(
            description="statutory (the law's defaults) or collected (claims, chapter 98, in-transit goods)."
        ),
    ] = "statutory",
    monthly: Annotated[bool, Query(description="Aggregate days of entry into calendar months.")] = False,
    ocean_share: Annotated[
        float | None, Query(ge=0, le=1, description="Collected basis: share of value by sea (sensitivity).")
    ] = None,
    format: Annotated[  # noqa: A002 - the query parameter's name
        Literal["json", "csv", "xlsx"],
        Query(description="json (default), csv or xlsx (Excel): one row per day (or month)."),
    ] = "json",
) -> Response:
    """Return the ETR of goods of Japan split by authority (and, collected, by cause): the CLI's JSON.

    ``format=csv`` or ``xlsx`` gives the table of ``goldenage tariff etr --output``, one row per
    day (or month). A report is computed in a worker process (time-limited, cancelled when the
    client leaves) and its JSON kept for later requests of the same query.
    """
    code = parse_origin(origin, "--origin").code if origin else ORIGIN
    if code != ORIGIN:
        msg = f"the effective tariff rate is modelled for goods of Japan only, not {code}"
        field = "--origin"
        raise InputError(field, msg, ORIGIN)
    first, last = start or ETR_START, end or etr_end()
    query = (first, last, scenario, basis, monthly, ocean_share)
    if format != "json":  # in a worker process (goldenage.web.jobs): a cold series takes seconds
        frame, name = await jobs.run(request, "the ETR series", _etr_table, *query)
        buffer = io.BytesIO()
        if format == "csv":
            frame.write_csv(buffer)
        else:
            frame.write_excel(buffer, worksheet="etr", autofit=True, freeze_panes=(1, 0))
        headers = {"Content-Disposition": f'attachment; filename="{name}.{format}"'}
        return Response(buffer.getvalue(), media_type=MEDIA_TYPES[f".{format}"], headers=headers)
    key = ("etr", str(first), str(last), scenario, basis, monthly, ocean_share)
    body = reports.get(key)
    if body is None:
        report = await jobs.run(request, "the ETR series", _etr_report, *query)
        body = dumps(report)
        reports.put(key, body)
    return Response(body, media_type=JSON)


def _etr_table(  # noqa: PLR0913 - the query's fields
    first: str | dt.date,
    last: str | dt.date,
    scenario: str | None,
    basis: str,
    monthly: bool,
    ocean_share: float | None,
) -> tuple[pl.DataFrame, str]:
    """Return the table of the query (as ``goldenage tariff etr --output`` writes it) and a file name."""
    if basis == "statutory" and not monthly and ocean_share is None:
        series = etr_series(start=first, end=last, scenario=scenario)
        frame = series.to_frame()
        return frame, f"etr-{series.scenario}-{frame['date'][0]}-{frame['date'][-1]}"
    report = etr_report(first, last, scenario, basis, monthly, ocean_share=ocean_share)
    frame = report_frame(report)
    return frame, f"etr-{report['scenario']}-{basis}{'-monthly' if monthly else ''}-{first}-{last}"


def _etr_report(  # noqa: PLR0913 - the query's fields
    first: str | dt.date,
    last: str | dt.date,
    scenario: str | None,
    basis: str,
    monthly: bool,
    ocean_share: float | None,
) -> dict[str, Any]:
    """Return the report of the query as the CLI's ``--json`` prints it (with how current the law is)."""
    if basis == "statutory" and not monthly and ocean_share is None:
        report = statutory_report(etr_series(start=first, end=last, scenario=scenario), False)
    else:
        report = etr_report(first, last, scenario, basis, monthly, ocean_share=ocean_share)
    return law_currency(parse_date(first, "--from"), parse_date(last, "--to")).stamp(report)


def _savings(first: str | dt.date, last: str | dt.date, basis: str) -> dict[str, Any]:
    """Return the savings as the CLI's ``--json`` prints them (with how current the law is)."""
    report = savings(first, last, basis)
    return law_currency(parse_date(first, "--from"), parse_date(last, "--to")).stamp(report)


@router.get(
    "/savings",
    summary="What the deal saved, in dollars, by month and product group (goldenage tariff savings)",
)
async def savings_route(
    request: Request,
    reports: ReportsDep,
    jobs: JobsDep,
    start: Annotated[str | None, Query(alias="from", description="First date (default 2025-01-01).")] = None,
    end: Annotated[str | None, Query(alias="to", description="Last date (default today).")] = None,
    basis: Annotated[
        Literal["statutory", "collected"], Query(description="Basis of the rates (default collected).")
    ] = "collected",
) -> Response:
    """Duty under the law as it is against no_deal, liberation_day and ieepa_upheld: the CLI's JSON.

    Four series are computed (several seconds, cold) in a worker process (time-limited,
    cancelled when the client leaves; they held the server's GIL in a thread) and kept.
    """
    first, last = start or ETR_START, end or etr_end()
    key = ("savings", str(first), str(last), basis)
    body = reports.get(key)
    if body is None:
        report = await jobs.run(request, "the savings", _savings, first, last, basis)
        body = dumps(report)
        reports.put(key, body)
    return Response(body, media_type=JSON)


@router.post("/batch", summary="Duty of every line of an uploaded file (goldenage tariff batch)")
async def batch_route(  # noqa: PLR0913 - one parameter per form field
    request: Request,
    settings: SettingsDep,
    results: ResultsDep,
    jobs: JobsDep,
    file: Annotated[
        UploadFile, File(description="CSV or Parquet: hts10, origin, entry_date, customs_value.")
    ],
    scenario: Annotated[str | None, Form(description="Scenario (default actual).")] = None,
    output: Annotated[
        Literal["csv", "xlsx", "parquet"], Form(description="Format of the results file (xlsx: Excel).")
    ] = "csv",
) -> FileResponse:
    """Return the results file (input columns plus duty columns, Chapter 99 headings and ``error``).

    Named after the upload (``entries.csv`` -> ``entries.duties.xlsx``).

    The summary (rows, errors by kind, totals) is in the ``X-Goldenage-Summary`` header as JSON.
    """
    _, folder = results.new_run()
    source = await save_upload(file, folder, settings)
    arguments = (source, folder, scenario or None, output, file.filename, limits_of(settings))
    run = await jobs.run(request, "the batch", run_batch_upload, *arguments)
    return FileResponse(
        run.path,
        media_type=MEDIA_TYPES[run.path.suffix],
        filename=run.path.name,
        headers={"X-Goldenage-Summary": json.dumps(run.summary_json())},
    )


def refunds_json(source: Path, as_of: dt.date | None, corporate: bool, limits: Limits) -> bytes:
    """Return the JSON bytes of a refund estimate with its law's currency (a job)."""
    estimate = estimate_upload(source, as_of, corporate, limits)
    currency = law_currency(*(estimate.entry_dates or (None, None)))
    return dumps(currency.stamp(estimate.to_json()))


@router.post(
    "/refunds", summary="IEEPA refund estimate of uploaded entries (goldenage tariff refunds --json)"
)
async def refunds_route(  # noqa: PLR0913 - one parameter per form field
    request: Request,
    settings: SettingsDep,
    results: ResultsDep,
    jobs: JobsDep,
    file: Annotated[UploadFile, File(description="entry_number, entry_date, hts10, origin, customs_value.")],
    as_of: Annotated[
        str | None,
        Form(description="Interest to this date (default today; quarters without a shipped rate: assumed)."),
    ] = None,
    corporate: Annotated[bool, Form(description="Corporate overpayment rate.")] = False,
) -> Response:
    """``{as_of, ieepa_total, interest_total, rates, warnings, lines: [...]}`` as the CLI prints it.

    ``rates`` lists the overpayment rate of each quarter; a quarter whose rate is not shipped takes
    the last published one (``assumed: true``) and has a line in ``warnings``.
    """
    _, folder = results.new_run()
    source = await save_upload(file, folder, settings, entries=True)
    day = parse_date(as_of, "--as-of") if as_of else None
    arguments = (source, day, corporate, limits_of(settings))
    return Response(await jobs.run(request, "the refund estimate", refunds_json, *arguments), media_type=JSON)
