"""Jinja2 templates: the common layout, number formats and the CSRF token of every form."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from markupsafe import Markup

from goldenage.commitments.statuses import status_label
from goldenage.tariffs.currency import law_currency
from goldenage.tariffs.hts_code import format_code
from goldenage.tariffs.labels import authority_label, fee_label, scenario_label
from goldenage.web.minerals_view import BASIS_LABELS, ELEMENT_GROUPS, STAGE_LABELS, country_name, words
from goldenage.web.security import CSRF_FIELD, csrf_token_for, set_csrf_cookie
from goldenage.web.settings import WebSettings
from goldenage.web.tariff_view import short_title
from goldenage.web.words import history_changes, inline_code, public_text, web_text

TEMPLATES = Path(__file__).resolve().parent / "templates"
# (page key, path, label, label on a phone)
NAVIGATION = (
    ("overview", "/", "Overview", "Overview"),
    ("tariff", "/tariff", "Tariff calculator", "Tariffs"),
    ("batch", "/batch", "Batch and refunds", "Batch"),
    ("investment", "/investment", "Investment", "Investment"),
    ("minerals", "/minerals", "Minerals", "Minerals"),
    ("commitments", "/commitments", "Commitments", "Commitments"),
    ("docs", "/docs", "API", "API"),
)


def money(amount: float | None, digits: int = 2) -> str:
    """Format US dollars: ``4500`` -> ``$4,500.00``; ``None`` -> an em dash."""
    if amount is None:
        return "—"
    sign = "-" if amount < 0 else ""
    return f"{sign}${abs(amount):,.{digits}f}"


def signed_money(amount: float | None) -> str:
    """Format a difference of US dollars with its sign: ``-3750`` -> ``−$3,750.00``; 0 -> an em dash."""
    if amount is None or round(amount, 2) == 0:
        return "—"
    return ("+" if amount > 0 else "−") + money(abs(amount))


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
templates.env.filters.update(
    money=money,
    signed_money=signed_money,
    billions=billions,
    percent=percent,
    hts=hts,
    chart=chart_data,
    authority=authority_label,
    fee=fee_label,
    words=web_text,
    scenario=scenario_label,
    markup=inline_code,
    public=public_text,
    status=status_label,
    instrument=short_title,
    country=country_name,
    stage=lambda value: words(value, STAGE_LABELS),
    elements=lambda value: words(value, ELEMENT_GROUPS),
    basis=lambda value: words(value, BASIS_LABELS),
)
templates.env.globals.update(history_changes=history_changes)
templates.env.globals.update(navigation=NAVIGATION, csrf_field=CSRF_FIELD)


def render(
    request: Request,
    name: str,
    context: dict[str, Any],
    status: int = 200,
    headers: dict[str, str] | None = None,
) -> HTMLResponse:
    """Render template ``name`` with the layout's context (CSRF token, settings, active page).

    Every page shows how current the tariff law is (``law_status``, in the layout's footer); a
    page about dates passes ``law`` (a :class:`~goldenage.tariffs.currency.LawCurrency`) and the
    layout shows its warning when a date is after ``law_as_of``.
    """
    settings: WebSettings = request.app.state.settings
    full = {
        "csrf_token": csrf_token_for(request, settings),
        "settings": settings,
        "active": context.get("active", ""),
        "law_status": law_currency(),
        "law": None,
        **context,
    }
    response = templates.TemplateResponse(request, name, full, status_code=status, headers=headers)
    set_csrf_cookie(request, response, settings)
    return response
