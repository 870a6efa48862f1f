"""Jinja2 templates: the common layout, number formats and the CSRF token of every form."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from markupsafe import Markup

from goldenage.tariffs.hts_code import format_code
from goldenage.web.security import CSRF_FIELD, csrf_token_for, set_csrf_cookie
from goldenage.web.settings import WebSettings

TEMPLATES = Path(__file__).resolve().parent / "templates"
NAVIGATION = (
    ("overview", "/", "Overview"),
    ("tariff", "/tariff", "Tariff calculator"),
    ("batch", "/batch", "Batch and refunds"),
    ("investment", "/investment", "Investment"),
    ("minerals", "/minerals", "Minerals"),
    ("commitments", "/commitments", "Commitments"),
    ("docs", "/docs", "API"),
)


def money(amount: float | None, digits: int = 2) -> str:
    """Format US dollars: ``4500`` -> ``$4,500.00``; ``None`` -> an em dash."""
    if amount is None:
        return "—"
    sign = "-" if amount < 0 else ""
    return f"{sign}${abs(amount):,.{digits}f}"


def billions(amount: float | None) -> str:
    """Format US dollars in billions: ``5.5e11`` -> ``$550.0B``."""
    return "—" if amount is None else f"${amount / 1e9:,.1f}B"


def percent(fraction: float | None, digits: int = 2) -> str:
    """Format a fraction as a percentage: ``0.15`` -> ``15.00%``."""
    return "—" if fraction is None else f"{fraction * 100:.{digits}f}%"


def hts(code: str | None) -> str:
    """Format HTS digits as printed: ``8703230190`` -> ``8703.23.01.90``."""
    return "" if not code else format_code(code)


def chart_data(figure_json: str) -> Markup:
    """Return a figure's JSON safe to embed in a ``<script type="application/json">`` block."""
    safe = figure_json.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(safe)  # JSON with <, > and & escaped cannot close the script element


def tojson_attr(value: Any) -> str:
    """Return compact JSON (for a data attribute; Jinja escapes it)."""
    return json.dumps(value, separators=(",", ":"))


templates = Jinja2Templates(directory=str(TEMPLATES))
templates.env.filters.update(money=money, billions=billions, percent=percent, hts=hts, chart=chart_data)
templates.env.globals.update(navigation=NAVIGATION, csrf_field=CSRF_FIELD)


def render(
    request: Request,
    name: str,
    context: dict[str, Any],
    status: int = 200,
    headers: dict[str, str] | None = None,
) -> HTMLResponse:
    """Render template ``name`` with the layout's context (CSRF token, settings, active page)."""
    settings: WebSettings = request.app.state.settings
    full = {
        "csrf_token": csrf_token_for(request, settings),
        "settings": settings,
        "active": context.get("active", ""),
        **context,
    }
    response = templates.TemplateResponse(request, name, full, status_code=status, headers=headers)
    set_csrf_cookie(request, response, settings)
    return response
