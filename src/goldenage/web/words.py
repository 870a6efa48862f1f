"""Human words on the pages: field labels for the engines' CLI option names, inline code, history.

The engines name the input at fault as the CLI does (``--hts``, ``--cash-flow``) and sometimes
point to a CLI command (`goldenage commitments list`). A page shows the label of the form's
field instead, and the API the parameter's name; nothing here changes what an error means.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from markupsafe import Markup, escape

from goldenage.commitments.statuses import status_label
from goldenage.tariffs.declarations import REGISTRY
from goldenage.tariffs.labels import declaration_label, humanize_ids

# The label of every form field of the pages, by API parameter name.
FIELD_LABELS = {
    "hts": "HTS code",
    "date": "Entry date",
    "value": "Customs value",
    "origin": "Origin",
    "scenario": "Scenario",
    "transport": "Transport",
    "quantity": "Quantity",
    "unit": "Unit",
    "preference": "Preference claimed",
    "from": "From",
    "to": "To",
    "q": "Search",
    "query": "Search",
    "compare_date": "Compare with the date",
    "compare_scenario": "Compare with the scenario",
    "file": "File",
    "output": "Results as",
    "as_of": "Interest to",
    "amount": "Japan funds at time 0",
    "cash_flow": "Distributable cash per year",
    "years": "Years",
    "deemed_rate": "Deemed rate",
    "paths": "Paths",
    "seed": "Seed",
    "sigma": "σ of the cash level",
    "volatility": "Year-to-year volatility",
    "year": "Network year",
    "ttr": "TTR",
    "disrupt": "Disrupted node",
    "status": "Status",
    "party": "Party",
    "due_before": "Due before",
    "evidence": "Evidence URL",
    "note": "What the evidence shows",
    "evidence_date": "Evidence date",
    "by": "Your name",
    "id": "Commitment",
}
FIELD_LABELS.update({d.field: declaration_label(d.name) for d in REGISTRY})
# CLI commands named in engine messages -> where the same thing is on the pages.
COMMANDS = {
    "goldenage commitments list": "the commitments page",
    "goldenage tariff scenarios": "the scenario list of the calculator",
    "goldenage tariff search": "the search of the tariff calculator",
    "goldenage tariff lookup": "the search of the tariff calculator",
    "goldenage tariff batch": "the batch page",
    "goldenage tariff compile": "the server's compiled law",
    "goldenage minerals scenario": "the scenario list of the minerals page",
}
_FLAG = re.compile(r"(?<![\w-])--([a-z][a-z0-9]*(?:-[a-z0-9]+)*)")
_LISTING = re.compile(r"\(--([a-z][a-z0-9]*(?:-[a-z0-9]+)*) (?=[a-z0-9])")
_COMMAND = re.compile(r"`(goldenage [a-z0-9 _-]+?)`")
_BACKTICKS = re.compile(r"``([^`\n]+)``|`([^`\n]+)`")
# Paths of the project's own working files (not for readers: they cannot open them).
_PATH = r"\b(?:\.\./)?(?:shared|work|data)/[\w./-]+\.(?:md|txt|csv|yaml|json|parquet)\b"
_INTERNAL_PATH = re.compile(rf"\s*\(\s*{_PATH}\s*\)|{_PATH}[,;:]?\s*")


def api_name(flag: str) -> str:
    """Return the API parameter of a CLI option name (``cash-flow`` -> ``cash_flow``)."""
    return flag.replace("-", "_")


def field_label(name: str, labels: Mapping[str, str] | None = None) -> str:
    """Return the label of a form field by its API name (the name itself when unknown)."""
    known = labels if labels is not None else FIELD_LABELS
    return known.get(name, FIELD_LABELS.get(name, name.replace("_", " ")))


def web_text(text: str, *, for_api: bool = False, labels: Mapping[str, str] | None = None) -> str:
    """Return an engine message in the web's words.

    CLI options become the page's field labels (the API's parameter names with ``for_api``),
    CLI commands the page that does the same, authority ids their labels.
    """

    def command(match: re.Match[str]) -> str:
        return COMMANDS.get(match.group(1).strip(), "the command line tool")

    def flag(match: re.Match[str]) -> str:
        name = api_name(match.group(1))
        return name if for_api else f"“{field_label(name, labels)}”"

    def listing(match: re.Match[str]) -> str:  # "(--unit liter, bbl)" -> "(“Unit”: liter, bbl)"
        name = api_name(match.group(1))
        return f"({name} " if for_api else f"(“{field_label(name, labels)}”: "

    text = _COMMAND.sub(command, text)
    text = _LISTING.sub(listing, text)
    text = _FLAG.sub(flag, text)
    return text if for_api else humanize_ids(text)


def inline_code(text: str | None) -> Markup:
    """Return ``text`` escaped, with `backticked` (or ``double``) spans as ``<code>`` (the docs' markup)."""
    if not text:
        return Markup("")
    escaped = str(escape(text))
    return Markup(_BACKTICKS.sub(lambda m: f"<code>{m.group(1) or m.group(2)}</code>", escaped))


def public_text(text: str | None) -> str:
    """Return ``text`` without the paths of the project's working files (readers cannot open them)."""
    if not text:
        return ""
    cleaned = _INTERNAL_PATH.sub("", text).strip()
    cleaned = re.sub(r"\(\s*[,;]?\s*\)", "", cleaned)
    cleaned = re.sub(r"^[\s;:,-]+|[\s;:,(-]+$", "", cleaned)
    if cleaned.startswith("(") and cleaned.endswith(")"):
        cleaned = cleaned[1:-1]
    return cleaned


HISTORY_FIELDS = {
    "title": "title",
    "text": "text",
    "party": "party",
    "category": "category",
    "made_on": "date made",
    "deadline_kind": "deadline rule",
    "deadline_count": "deadline",
    "deadline_anchor": "deadline counted from",
    "deadline_date": "deadline date",
    "deadline_quote": "deadline as worded",
    "deadline_note": "deadline note",
    "due_on": "due date",
    "notes": "notes",
    "status": "status",
    "sources": "sources",
    "publisher": "publisher",
    "published": "published",
    "url": "address",
    "other_urls": "other addresses",
    "via": "read via",
    "note": "note",
}
SHORT = 80


def _value(name: str, value: Any) -> str:
    if value is None or value == "" or value == []:
        return "none"
    if name == "status":
        return status_label(str(value))
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    text = str(value)
    return text if len(text) <= SHORT else text[: SHORT - 1] + "…"


def history_changes(
    action: str, before: Mapping[str, Any] | None, after: Mapping[str, Any] | None
) -> list[str]:
    """Return an audit entry as sentences: what changed, from what to what (no raw JSON)."""
    before, after = before or {}, after or {}
    if action == "create":
        status = _value("status", after.get("status"))
        due = after.get("due_on")
        return [f"Added to the tracker: status {status}" + (f", due {due}" if due else ", no due date") + "."]
    if action == "add_evidence":
        date, source = after.get("date"), after.get("source")
        return [f"Evidence of {date} added" + (f" from source [{source}]" if source else "") + "."]
    lines = []
    evidence = after.get("evidence") if isinstance(after.get("evidence"), Mapping) else None
    for name in [*before, *(k for k in after if k not in before)]:
        if name == "evidence":
            continue
        label = HISTORY_FIELDS.get(name, name.replace("_", " "))
        old, new = before.get(name), after.get(name)
        if old == new:
            continue
        lines.append(f"{label[:1].upper()}{label[1:]}: {_value(name, old)} → {_value(name, new)}.")
    if evidence:
        lines.append(f"Evidence of {evidence.get('date')} added: {evidence.get('url')}.")
    if action == "seed_sync":
        lines.insert(0, "Updated from the shipped dataset.")
    return lines or [f"{action.replace('_', ' ').capitalize()}."]
