"""The minerals page: the magnet chain as a Sankey, a disruption scenario's TTS, stockpiles, concentration."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from goldenage.errors import GoldenageError, InputError
from goldenage.inputs import parse_whole
from goldenage.minerals.inputs import parse_horizon
from goldenage.minerals.scenarios import load_scenario, run_scenario, scenario_names
from goldenage.minerals.shipped import check_year, shipped_network
from goldenage.minerals.stockpile import size_stockpile
from goldenage.minerals.tts import survival_all
from goldenage.web import charts
from goldenage.web.errors import form_message, page_status
from goldenage.web.minerals_view import concentration_summary, sankey, scenario_title, short_name
from goldenage.web.templating import render

router = APIRouter(include_in_schema=False)
Text = Annotated[str | None, Query(max_length=64)]
DEFAULT_SCENARIO = "cn_export_halt"
USERS = ("USA", "JPN")


def known_scenario(name: str | None, field: str = "scenario") -> str:
    """Return a shipped scenario's name (never a path), or raise :class:`InputError`."""
    names = scenario_names()
    chosen = (name or "").strip() or (DEFAULT_SCENARIO if DEFAULT_SCENARIO in names else names[0])
    if chosen not in names:
        msg = f"unknown scenario {chosen!r}"
        raise InputError(field, msg, "one of " + ", ".join(names))
    return chosen


def concentration_overview() -> dict[str, Any]:
    """Return the overview's concentration part (latest year per stage)."""
    return concentration_summary()


@router.get("/minerals", response_class=HTMLResponse)
def minerals_page(
    request: Request, scenario: Text = None, year: Text = None, ttr: Text = None
) -> HTMLResponse:
    """Render the chain, the chosen scenario's outcome, TTS per node and the stockpiles needed."""
    context: dict[str, Any] = {
        "active": "minerals",
        "title": "The rare-earth magnet chain",
        "scenarios": [(n, load_scenario(n)) for n in scenario_names()],
        "scenario_title": scenario_title,
        "form": {"scenario": scenario or "", "year": year or "", "ttr": ttr or ""},
        "concentration": concentration_summary(),
        "error": None,
        "error_field": None,
    }
    status = 200
    try:
        jobs = request.app.state.jobs
        context |= jobs.call("the scenario's linear programs", _analysis, scenario, year, ttr)
    except GoldenageError as err:
        context["error"], context["error_field"] = form_message(err)
        status = page_status(err)
    return render(request, "minerals.html", context, status)


def _analysis(scenario: str | None, year: str | None, ttr: str | None) -> dict[str, Any]:
    name = known_scenario(scenario)
    spec = load_scenario(name)
    network_year = check_year(parse_whole(year, "year", "a year such as 2025", 1, 9999)) if year else None
    given = parse_horizon(ttr, "ttr", "month") if ttr else None
    report = run_scenario(name, network_year, ttr=given)  # the TTR shown is the one computed with
    network = shipped_network(report.year)
    horizon = report.result.ttr
    per_node = survival_all(network, horizon)
    disrupted = {d.node: d.remaining for d in spec.disrupt}
    stockpiles = []
    if disrupted and horizon is not None:
        for node in network.nodes:
            if node.demand > 0 and node.country in USERS:
                try:
                    stockpiles.append(
                        {"node": node, "result": size_stockpile(network, node.id, disrupted, horizon)}
                    )
                except InputError as err:
                    stockpiles.append({"node": node, "error": err.message})
    labels = [f"{short_name(n.name or n.id)} ({n.country})" for n in network.nodes]
    tts_values = [r.tts for r in per_node]
    cap = max([t for t in tts_values if t is not None] + [horizon or 0.0, 1.0]) * 1.2
    return {
        "scenario": name,
        "spec": spec,
        "report": report.to_json(),
        "network": network,
        "node_names": {n.id: n.name or n.id for n in network.nodes},
        "sankey": sankey(network),
        "horizon": horizon,
        "per_node": list(zip(network.nodes, per_node, strict=True)),
        "tts_chart": charts.bar_figure(
            labels,
            [cap if t is None else t for t in tts_values],
            f"Time to survive if each node alone goes down ({network.time_unit}s; top bars: unbounded)",
            yaxis={"title": {"text": f"TTS, {network.time_unit}s"}, "range": [0, cap]},
            xaxis={"tickangle": -40},
            height=460,
        ),
        "stockpiles": stockpiles,
    }
