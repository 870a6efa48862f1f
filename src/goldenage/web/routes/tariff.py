"""The tariff calculator page: search a line, compute its duty, see why and how it moved.

A plain ``GET`` form: the address of any calculation (every field, the declarations and the
comparison included) is the calculation, so it can be bookmarked and shared. With
``compare_date`` or ``compare_scenario`` the same line is computed a second time on that date or
under that scenario and both are shown side by side. The importer's declarations are the fields
of the registry (:data:`goldenage.tariffs.declarations.REGISTRY`, named as the API's); after a
calculation the form shows those that can change the answer for the line, with the answer
under each value.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from goldenage.errors import GoldenageError, InputError
from goldenage.tariffs.currency import law_currency
from goldenage.tariffs.declarations import REGISTRY
from goldenage.tariffs.labels import description_path
from goldenage.tariffs.landed import Costs, landed_cost, parse_costs
from goldenage.tariffs.result import DutyResult
from goldenage.tariffs.scenarios import get_scenario, scenarios
from goldenage.tariffs.search import search
from goldenage.web import charts
from goldenage.web.entries import (
    TIMELINE_START,
    EntryQuery,
    compute_duty,
    compute_timeline,
    required,
    timeline_end,
)
from goldenage.web.errors import form_message
from goldenage.web.responses import finite_json
from goldenage.web.routes.api_tariff import COST_FIELDS
from goldenage.web.tariff_view import (
    PROGRAM,
    address,
    compare,
    declaration_fields,
    declared_values,
    preference_field,
    timeline_rows,
)
from goldenage.web.templating import render

router = APIRouter(include_in_schema=False)
Text = Annotated[str | None, Query(max_length=200)]
FIELDS = ("hts", "date", "value", "origin", "scenario", "transport", "quantity", "unit", "preference")
COSTS = ("freight", "insurance", "other_costs", "basis")  # the landed cost (goldenage.tariffs.landed)
COMPARE = ("compare_date", "compare_scenario")
EXAMPLE = {"hts": "8703.23.01.90", "date": "2025-10-01", "value": "30000", "scenario": "actual"}
EXAMPLE_COMPARE = {**EXAMPLE, "date": "2025-04-04", "compare_date": "2025-10-01"}


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
    freight: Text = None,
    insurance: Text = None,
    other_costs: Text = None,
    basis: Text = None,
    compare_date: Text = None,
    compare_scenario: Text = None,
    q: Text = None,
) -> HTMLResponse:
    """Render the calculator; with ``hts`` the duty, explain path and timeline; with ``q`` a search."""
    given = (hts, date, value, origin, scenario, transport, quantity, unit, preference)
    given += (freight, insurance, other_costs, basis, compare_date, compare_scenario, q)
    names = (*FIELDS, *COSTS, *COMPARE, "q")
    form = {name: (text or "").strip() for name, text in zip(names, given, strict=True)}
    context: dict[str, Any] = {
        "declarations": [],
        "active": "tariff",
        "title": "Tariff calculator",
        "form": form,
        "scenarios": list(scenarios().values()),
        "example": "/tariff?" + urlencode(EXAMPLE),
        "example_compare": "/tariff?" + urlencode(EXAMPLE_COMPARE),
        "error": None,
        "error_field": None,
    }
    status = 200
    try:
        form |= declared_values(request.query_params)
        if form["q"]:
            day = form["date"] or dt.date.today()
            found = search(form["q"], day, 30, field="q", scenario=form["scenario"] or None)
            context["search"], context["hits"] = found, list(found.hits)
        if form["hts"] or form["value"]:
            context |= _calculate(form)
    except GoldenageError as err:
        context["error"], context["error_field"] = form_message(err)
        kept = preference_field(None, None, form["preference"], lambda name, value: "")
        context["declarations"] = [*([kept] if kept else []), *declaration_fields([], form, lambda n, v: "")]
        status = 422
    return render(request, "tariff.html", context, status)


def _costs(form: dict[str, str]) -> Costs:
    """Return the price as quoted and the freight, insurance and other costs of the form."""
    price = required(form["value"], "value", "a positive amount of US dollars, e.g. 30000")
    return parse_costs(price, *(form[name] for name in COSTS), fields=COST_FIELDS)


def _query(form: dict[str, str], costs: Costs) -> EntryQuery:
    return EntryQuery(
        hts=required(form["hts"], "--hts", "an HTS code such as 8703.23.01.90"),
        value=repr(costs.customs_value),
        origin=form["origin"] or "JP",
        date=form["date"] or None,
        scenario=form["scenario"] or None,
        transport=form["transport"] or None,
        quantity=form["quantity"] or None,
        unit=form["unit"] or None,
        preference=form["preference"] or None,
        declared=tuple((d.field, form[d.field]) for d in REGISTRY if form.get(d.field)),
    )


def _second(query: EntryQuery, form: dict[str, str]) -> EntryQuery | None:
    """Return the entry to compare with (another date or scenario), or ``None``."""
    if not form["compare_date"] and not form["compare_scenario"]:
        return None
    if form["compare_scenario"]:
        get_scenario(form["compare_scenario"], "compare_scenario")
    other = replace(
        query,
        date=form["compare_date"] or query.date,
        scenario=form["compare_scenario"] or query.scenario,
    )
    if str(other.entry_date()) == str(query.entry_date()) and get_scenario(other.scenario) == get_scenario(
        query.scenario
    ):
        msg = "is the same date and scenario as the entry: nothing to compare"
        field = "compare_date"
        raise InputError(field, msg, "another date or another scenario")
    return other


def _claimed_otherwise(query: EntryQuery) -> DutyResult | None:
    """Return the result with the preference claimed the other way round (``None`` if refused)."""
    try:
        return compute_duty(replace(query, preference=None if query.preference else PROGRAM))
    except InputError:
        return None


def _timeline_start(query: EntryQuery) -> str | None:
    """Return the first day of the timeline: the default, or a declared loading date after it.

    A date declaration that may not be later than the entry (``not_after_entry``: the date the
    goods were loaded) makes every earlier entry date impossible.
    """
    facts = query.declarations()
    dates = [getattr(facts, d.name) for d in REGISTRY if d.not_after_entry and getattr(facts, d.name)]
    start = max([dt.date.fromisoformat(TIMELINE_START), *dates])
    return start.isoformat() if dates else None


def _calculate(form: dict[str, str]) -> dict[str, Any]:
    costs = _costs(form)
    query = _query(form, costs)
    result = compute_duty(query)
    finite_json(result.to_json(), "value")  # an overflowing value is the input's fault: 422
    other = _second(query, form)
    second = None
    if other is not None:
        try:
            second = compute_duty(other)
        except InputError as err:  # the date or scenario compared with is at fault: name its field
            field = {"--date": "compare_date", "--scenario": "compare_scenario"}.get(err.field)
            if field is None:
                raise
            raise InputError(field, err.message, err.accepted) from err
    end = max(timeline_end(), result.entry_date)
    points = compute_timeline(replace(query, date=None), _timeline_start(query), end.isoformat())
    declared = tuple(d.field for d in REGISTRY)
    api = {k: v for k, v in form.items() if v and k in (*FIELDS, *declared)}

    def link(name: str, value: str) -> str:
        return address("/tariff", {**form, name: value}, (*FIELDS, *COSTS, *declared, *COMPARE))

    fields = declaration_fields([result, second] if second else [result], form, link)
    claim = preference_field(result, _claimed_otherwise(query), form["preference"], link)
    return {
        "declarations": [claim, *fields] if claim else fields,
        "result": result,
        "landed": landed_cost(result, costs) if costs.given else None,
        "law": law_currency(result.entry_date),
        "path": description_path(result.hts10, result.entry_date),
        "second": second,
        "compared": compare(result, second) if second else None,
        "points": timeline_rows(points),
        "timeline_chart": charts.timeline_figure(points, end),
        "share_url": address("/tariff", form, (*FIELDS, *COSTS, *declared, *COMPARE)),
        "api_url": "/api/tariff/duty?" + urlencode(api),
        "explain_url": "/api/tariff/explain?" + urlencode(api),
    }
