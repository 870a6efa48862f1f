"""The names a person reads for the engine's ids: one registry for every page and table.

The engine names each duty layer by a short id (``s232_autos``, the key of the JSON contract
and the batch columns); people read "Section 232 — autos and parts". Each label is the legal
authority (the statute or program) and, after the dash, what it covers, so that a phrase
such as "subject to Section 232 (s232_autos)" reads "subject to Section 232 (autos and parts)".

Law behind the names: 19 U.S.C. 1862 (Section 232), 19 U.S.C. 2251 (Section 201), 50 U.S.C.
1701 (IEEPA), 19 U.S.C. 2132 (Section 122), 19 U.S.C. 2411 (Section 301), HTSUS General Notes
(column 1); the fees 19 U.S.C. 58c (MPF) and 26 U.S.C. 4461 (HMF).
"""

from __future__ import annotations

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
