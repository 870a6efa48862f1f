"""Plotly figures as JSON for the page script (``static/app.js`` draws them with the local bundle).

Each function takes engine results and returns ``fig.to_json()``; nothing here computes law
or money, it only lays out what the engines returned.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import plotly.graph_objects as go

from goldenage.tariffs.etr import EtrSeries
from goldenage.tariffs.labels import authority_label
from goldenage.tariffs.scenarios import get_scenario
from goldenage.tariffs.timeline import ChangePoint

# Changes of the ETR under this (a fraction) are not drawn as steps (as the CLI's table).
ETR_TOLERANCE = 0.00005
COLORS = ("#1f4e79", "#c0392b", "#27864a", "#8e44ad", "#d68910", "#5d6d7e", "#16a085", "#7f8c8d")
BASE_LAYOUT: dict[str, Any] = {
    "template": "plotly_white",
    "margin": {"l": 60, "r": 20, "t": 40, "b": 50},
    "height": 380,
    "font": {"family": "system-ui, sans-serif", "size": 13},
    "legend": {"orientation": "h", "y": -0.2},
    "hovermode": "x unified",
}


def _figure(data: Sequence[Any], title: str, **layout: Any) -> str:
    figure = go.Figure(data=list(data), layout={**BASE_LAYOUT, "title": {"text": title}, **layout})
    return figure.to_json()


def _steps(series: EtrSeries) -> tuple[list[str], list[float | None]]:
    points = series.change_points(ETR_TOLERANCE)
    dates = [p.date.isoformat() for p in points]
    rates = [p.etr for p in points]
    last = series.point(len(series) - 1)
    dates.append(last.date.isoformat())
    rates.append(last.etr)
    return dates, rates


def etr_figure(series: Mapping[str, EtrSeries]) -> str:
    """Return the ETR of goods of Japan over time, one step line per scenario."""
    traces = []
    for number, (name, one) in enumerate(series.items()):
        dates, rates = _steps(one)
        traces.append(
            go.Scatter(
                x=dates,
                y=rates,
                name=get_scenario(name).label,
                mode="lines",
                line={"shape": "hv", "width": 3 if name == "actual" else 1.5, "color": COLORS[number % 8]},
                hovertemplate="%{y:.2%}",
            )
        )
    return _figure(
        traces,
        "Effective tariff rate on goods of Japan (import-weighted), actual vs scenarios",
        yaxis={"tickformat": ".0%", "title": {"text": "duty / customs value"}, "rangemode": "tozero"},
        height=420,
    )


def collected_figure(report: Mapping[str, Any]) -> str:
    """Return the monthly statutory and collected rates of goods of Japan and the Census actual.

    ``report`` is a monthly collected report (:func:`goldenage.tariffs.etr_report.etr_report`).
    """
    points = report["series"]
    months = [point["month"] for point in points]
    census = [None if point["census"] is None else point["census"]["meanweighted"] for point in points]
    lines = (
        (
            "Statutory (the law's defaults)",
            [p["statutory"] for p in points],
            {"color": COLORS[1], "dash": "dot"},
        ),
        (
            "Collected (claims, chapter 98, goods in transit)",
            [p["etr"] for p in points],
            {"color": COLORS[0]},
        ),
    )
    traces = [
        go.Scatter(x=months, y=rates, name=name, mode="lines+markers", line=line, hovertemplate="%{y:.2%}")
        for name, rates, line in lines
    ]
    traces.append(
        go.Scatter(
            x=months,
            y=census,
            name="Census: duty actually calculated (2024 weights)",
            mode="markers",
            marker={"color": COLORS[2], "size": 9, "symbol": "diamond"},
            hovertemplate="%{y:.2%}",
        )
    )
    return _figure(
        traces,
        "What importers of goods of Japan paid, by month: statutory, collected and Census",
        yaxis={"tickformat": ".0%", "title": {"text": "duty / customs value"}, "rangemode": "tozero"},
        height=420,
    )


def commitment_figure(totals: Mapping[str, Any]) -> str:
    """Return the $550 billion commitment against the selected, candidate and expressed amounts."""
    labels = ["Commitment", "Selected projects", "Remaining", "Candidates (priced)", "Expressed interest"]
    keys = ["commitment_usd", "selected_usd", "remaining_usd", "candidate_usd", "expressed_interest_usd"]
    values = [totals[k] / 1e9 for k in keys]
    bar = go.Bar(
        x=values,
        y=labels,
        orientation="h",
        marker={"color": ["#1f4e79", "#27864a", "#a9cce3", "#d68910", "#bdc3c7"]},
        text=[f"${v:,.1f}B" for v in values],
        textposition="auto",
        hovertemplate="%{y}: $%{x:,.1f}B<extra></extra>",
    )
    return _figure(
        [bar],
        "The $550 billion fund: projects against the commitment",
        xaxis={"title": {"text": "US$ billion"}},
        yaxis={"autorange": "reversed"},
        hovermode="closest",
        showlegend=False,
    )


def timeline_figure(points: Sequence[ChangePoint], end: dt.date) -> str:
    """Return one line's duty rate over time, stacked by authority (steps at each change point)."""
    authorities: list[str] = []
    for point in points:
        for component in point.result.duties if point.result else ():
            if component.amount and component.authority not in authorities:  # exemptions draw nothing
                authorities.append(component.authority)
    dates = [p.date.isoformat() for p in points] + [end.isoformat()]
    traces = []
    for number, authority in enumerate(authorities):
        rates: list[float | None] = []
        for point in points:
            if point.result is None:
                rates.append(None)
                continue
            amount = sum(d.amount for d in point.result.duties if d.authority == authority)
            rates.append(amount / point.result.customs_value)
        rates.append(rates[-1])
        traces.append(
            go.Scatter(
                x=dates,
                y=rates,
                name=authority_label(authority),
                stackgroup="duty",
                line={"shape": "hv", "color": COLORS[number % 8]},
                hovertemplate="%{y:.2%}",
            )
        )
    return _figure(
        traces,
        "Duty rate of this line over time, by authority",
        yaxis={"tickformat": ".0%", "title": {"text": "duty / customs value"}, "rangemode": "tozero"},
    )


def waterfall_figure(periods: Sequence[Mapping[str, Any]]) -> str:
    """Return Japan's and the US's receipts per period (stacked bars) and Japan's balance (line)."""
    labels = [str(row.get("date", row["period"])) for row in periods]
    japan = go.Bar(
        x=labels, y=[row["japan"] for row in periods], name="Japan receives", marker_color=COLORS[0]
    )
    us = go.Bar(x=labels, y=[row["us"] for row in periods], name="US receives", marker_color=COLORS[1])
    balance = go.Scatter(
        x=labels,
        y=[row["balance_end"] for row in periods],
        name="Japan's balance not yet recouped",
        mode="lines+markers",
        line={"color": COLORS[2], "width": 2},
        yaxis="y2",
    )
    return _figure(
        [japan, us, balance],
        "Waterfall: who receives the distributable cash each period, and Japan's balance",
        barmode="stack",
        xaxis={"title": {"text": "period"}, "type": "category"},
        yaxis={"title": {"text": "US$ received"}, "tickformat": "$,.3s"},
        yaxis2={
            "title": {"text": "balance, US$"},
            "overlaying": "y",
            "side": "right",
            "tickformat": "$,.3s",
            "rangemode": "tozero",
            "showgrid": False,
        },
        height=440,
    )


def histogram_figure(values: np.ndarray, title: str, axis: str, bins: int = 40) -> str:
    """Return a histogram of the finite ``values`` (binned here; the page gets counts, not paths)."""
    finite = values[np.isfinite(values)]
    if finite.size == 0:
        return _figure([], title)
    counts, edges = np.histogram(finite, bins=bins)
    centers = (edges[:-1] + edges[1:]) / 2
    bar = go.Bar(
        x=centers.tolist(),
        y=counts.tolist(),
        width=float(edges[1] - edges[0]),
        marker_color=COLORS[0],
        hovertemplate="%{x:.2%}: %{y} paths<extra></extra>",
    )
    return _figure(
        [bar],
        title,
        xaxis={"tickformat": ".1%", "title": {"text": axis}},
        yaxis={"title": {"text": "paths"}},
        hovermode="closest",
        bargap=0.02,
        showlegend=False,
    )


def bar_figure(labels: Sequence[str], values: Sequence[float | None], title: str, **layout: Any) -> str:
    """Return a simple bar chart (one bar per label)."""
    bar = go.Bar(x=list(labels), y=list(values), marker_color=COLORS[0])
    return _figure([bar], title, hovermode="closest", showlegend=False, **layout)


def sankey_figure(  # noqa: PLR0913 - the parts of a Sankey
    labels: Sequence[str],
    sources: Sequence[int],
    targets: Sequence[int],
    values: Sequence[float],
    title: str,
    colors: Sequence[str] | None = None,
    link_colors: Sequence[str] | None = None,
    x: Sequence[float] | None = None,
    y: Sequence[float] | None = None,
    hover: Sequence[str] | None = None,
    height: int = 560,
    pad: int = 12,
) -> str:
    """Return a Sankey diagram of flows between labelled nodes (at ``x``/``y`` when given)."""
    link: dict[str, Any] = {"source": list(sources), "target": list(targets), "value": list(values)}
    if link_colors:
        link["color"] = list(link_colors)
    node: dict[str, Any] = {"label": list(labels), "pad": pad, "thickness": 14}
    if colors:
        node["color"] = list(colors)
    if x is not None and y is not None:
        node["x"], node["y"] = list(x), list(y)
    if hover:
        node["customdata"] = list(hover)
        node["hovertemplate"] = "%{customdata}<br>%{value:,.0f}<extra></extra>"
    sankey = go.Sankey(
        arrangement="fixed" if x is not None else "snap",
        node=node,
        link=link,
        textfont={"size": 11},
    )
    return _figure(
        [sankey], title, height=height, hovermode="closest", margin={"l": 10, "r": 10, "t": 40, "b": 20}
    )
