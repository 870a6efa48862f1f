"""The names a person reads for the engine's ids: one registry for every page, table and CLI text.

The engine names each duty layer by a short id (``s232_autos``, the key of the JSON contract
and the batch columns); people read "Section 232 — autos and parts". Each label is the legal
authority (the statute or program) and, after the dash, what it covers, so that a phrase
such as "subject to Section 232 (s232_autos)" reads "subject to Section 232 (autos and parts)".

Law behind the names: 19 U.S.C. 1862 (Section 232), 19 U.S.C. 2251 (Section 201), 50 U.S.C.
1701 (IEEPA), 19 U.S.C. 2132 (Section 122), 19 U.S.C. 2411 (Section 301), HTSUS General Notes
(column 1); the fees 19 U.S.C. 58c (MPF) and 26 U.S.C. 4461 (HMF).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Label:
    """An authority's name: the law and what it covers (``topic`` may be empty)."""

    law: str
    topic: str = ""

    @property
    def text(self) -> str:
        """Return the full label, e.g. ``Section 232 — autos and parts``."""
        return f"{self.law} — {self.topic}" if self.topic else self.law


# Every authority of the engine (kernel.layout.AUTHORITIES) has a label; a test checks it.
AUTHORITY_LABELS: dict[str, Label] = {
    "mfn": Label("Column 1 general rate (MFN)"),
    "s232_semiconductors": Label("Section 232", "semiconductors"),
    "s232_autos": Label("Section 232", "autos and parts"),
    "s232_mhd": Label("Section 232", "trucks, buses and their parts"),
    "s232_pharma": Label("Section 232", "pharmaceuticals"),
    "s232_uas": Label("Section 232", "unmanned aircraft systems"),
    "s232_polysilicon": Label("Section 232", "polysilicon and its derivatives"),
    "s232_wood": Label("Section 232", "timber, lumber and wood products"),
    "s232_metals": Label("Section 232", "steel, aluminum and copper"),
    "s232_polysilicon_mip": Label("Section 232", "polysilicon minimum import price"),
    "s201_quartz": Label("Section 201", "quartz surface products safeguard"),
    "ieepa_reciprocal": Label("IEEPA", "reciprocal tariff"),
    "s122": Label("Section 122", "temporary import surcharge"),
    "s301": Label("Section 301", "2026 action on goods of Japan"),
}
FEE_LABELS = {
    "mpf": "Merchandise processing fee (MPF)",
    "hmf": "Harbor maintenance fee (HMF)",
}
# The causes that take the collected ETR away from the statutory one (tariffs.collected.CAUSES).
CAUSE_LABELS = {
    "in_transit": "In transit",
    "as_filed": "As filed",
    "jp_preference": "JP preference",
    "civil_aircraft": "Civil aircraft",
    "chapter_98": "Chapter 98",
    "other": "Other",
}
# Words of declaration names that read better otherwise ("uas_use" -> "UAS use").
_NAME_WORDS = {"uas": "UAS", "mip": "minimum import price", "s301": "Section 301", "15pct": "15%"}
# Between the levels of a line's description path (heading › subheading › statistical line).
PATH_SEPARATOR = " › "
_ID = re.compile(r"\b(" + "|".join(sorted(AUTHORITY_LABELS, key=len, reverse=True)) + r")\b")
_IN_LAW = re.compile(r"\b(Section \d+|IEEPA) \(([a-z0-9_]+)\)")


def authority_label(authority: str) -> str:
    """Return the label of an authority id (the id itself when it has none)."""
    label = AUTHORITY_LABELS.get(authority)
    return label.text if label else authority


def fee_label(name: str) -> str:
    """Return the label of a fee (``mpf`` -> ``Merchandise processing fee (MPF)``)."""
    return FEE_LABELS.get(name, name.upper())


def humanize_ids(text: str) -> str:
    """Return ``text`` with the authority ids in it replaced by their labels.

    "subject to Section 232 (s232_autos)" -> "subject to Section 232 (autos and parts)": where
    the law is already named before the id, only the topic is added.
    """

    def within_law(match: re.Match[str]) -> str:
        label = AUTHORITY_LABELS.get(match.group(2))
        if label is None or label.law != match.group(1) or not label.topic:
            return match.group(0)
        return f"{match.group(1)} ({label.topic})"

    return _ID.sub(lambda m: authority_label(m.group(1)), _IN_LAW.sub(within_law, text))


def declaration_label(name: str) -> str:
    """Return a declaration's short name from its registry name (``civil_aircraft`` -> ``Civil aircraft``)."""
    words = " ".join(_NAME_WORDS.get(word, word) for word in name.split("_"))
    return words[:1].upper() + words[1:]


def cause_label(cause: str) -> str:
    """Return the label of a cause of the collected ETR (``jp_preference`` -> ``JP preference``)."""
    return CAUSE_LABELS.get(cause, cause.replace("_", " "))


def scenario_label(name: str | None) -> str:
    """Return the title of a tariff scenario (``no_deal`` -> ``No US–Japan deal``); unknown names as given."""
    from goldenage.errors import InputError  # noqa: PLC0415 - the scenarios load parameters: only when asked
    from goldenage.tariffs.scenarios import get_scenario  # noqa: PLC0415

    try:
        return get_scenario(name).label
    except InputError:
        return name or ""


def description_path(hts10: str, on: dt.date) -> tuple[str, ...]:
    """Return the description path of a line on a date, each level without its trailing colon."""
    from goldenage.tariffs.schedule import schedule  # noqa: PLC0415 - the schedule loads only when asked

    line = schedule().find(hts10, on)
    if line is None:
        return ()
    return tuple(level.rstrip().rstrip(":").strip() for level in line.description_path)


def description_title(hts10: str, on: dt.date, fallback: str = "") -> str:
    """Return a line's title: its full description path, heading › subheading › statistical line.

    ``fallback`` (e.g. the line's own description) when the schedule has no such line on ``on``.
    """
    return PATH_SEPARATOR.join(description_path(hts10, on)) or fallback
