"""The tariff calculator page: search a line, compute its duty, see why and how it moved."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from goldenage.errors import GoldenageError
from goldenage.tariffs.scenarios import scenarios
from goldenage.tariffs.search import search
from goldenage.web import charts
from goldenage.web.entries import EntryQuery, compute_duty, compute_timeline, required, timeline_end
from goldenage.web.errors import form_message
from goldenage.web.responses import finite_json
from goldenage.web.templating import render

router = APIRouter(include_in_schema=False)
Text = Annotated[str | None, Query(max_length=200)]
FIELDS = ("hts", "date", "value", "origin", "scenario", "transport", "quantity", "unit", "preference")
EXAMPLE = {"hts": "8703.23.01.90", "date": "2025-10-01", "value": "30000", "scenario": "actual"}


@router.get("/tariff", response_class=HTMLResponse)
def tariff_page(  # noqa: PLR0913 - one parameter per form field
    request: Request,
    hts: Text = None,
    date: Text = None,
    value: Text = None,
    origin: Text = None,
    scenario: Text = None,
    transport: Text = None,
    quantity: Text = None,
    unit: Text = None,
    preference: Text = None,
    q: Text = None,
) -> HTMLResponse:
    """Render the calculator; with ``hts`` the duty, explain path and timeline; with ``q`` a search."""
    given = (hts, date, value, origin, scenario, transport, quantity, unit, preference, q)
    form = {name: (text or "").strip() for name, text in zip((*FIELDS, "q"), given, strict=True)}
    context: dict[str, Any] = {
        "active": "tariff",
        "title": "Tariff calculator",
        "form": form,
        "scenarios": list(scenarios().values()),
        "example": "/tariff?" + urlencode(EXAMPLE),
        "error": None,
        "error_field": None,
    }
    status = 200
    try:
        if form["q"]:
            day = form["date"] or dt.date.today()
            found = search(form["q"], day, 30, field="q", scenario=form["scenario"] or None)
            context["search"], context["hits"] = found, list(found.hits)
        if form["hts"] or form["value"]:
            context |= _calculate(form)
    except GoldenageError as err:
        context["error"], context["error_field"] = form_message(err)
        status = 422
    return render(request, "tariff.html", context, status)


def _calculate(form: dict[str, str]) -> dict[str, Any]:
    query = EntryQuery(
        hts=required(form["hts"], "--hts", "an HTS code such as 8703.23.01.90"),
        value=required(form["value"], "--value", "a positive amount of US dollars, e.g. 30000"),
        origin=form["origin"] or "JP",
        date=form["date"] or None,
        scenario=form["scenario"] or None,
        transport=form["transport"] or None,
        quantity=form["quantity"] or None,
        unit=form["unit"] or None,
        preference=form["preference"] or None,
    )
    result = compute_duty(query)
    finite_json(result.to_json(), "value")  # an overflowing value is the input's fault: 422
    end = max(timeline_end(), result.entry_date)
    points = compute_timeline(replace(query, date=None), None, end.isoformat())
    api = {k: v for k, v in form.items() if v and k in FIELDS}
    return {
        "result": result,
        "points": points,
        "timeline_chart": charts.timeline_figure(points, end),
        "api_url": "/api/tariff/duty?" + urlencode(api),
        "explain_url": "/api/tariff/explain?" + urlencode(api),
    }
