"""Modelling assumptions that fill gaps of the MOU's reported text (not law).

Read from ``data/investment/assumptions.yaml``; every result that relies on one lists it
under ``assumptions``. Law: none — the MOU's deemed rate (a benchmark plus a project
spread) is not public, so the default deemed rate is an assumption, never a parameter.
"""

from __future__ import annotations

from functools import cache

from pydantic import BaseModel, ConfigDict, Field

from goldenage.investment.datafile import load


class Assumption(BaseModel):
    """One assumption: its value, the sentence printed with results and where it comes from."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    value: float
    text: str = Field(min_length=20)
    source: str = Field(min_length=5)


class Assumptions(BaseModel):
    """The assumptions file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    default_deemed_rate: Assumption


@cache
def assumptions() -> Assumptions:
    """Return the shipped assumptions (``data/investment/assumptions.yaml``)."""
    return load("assumptions.yaml", Assumptions)


def one_line(text: str) -> str:
    """Return ``text`` with its white space folded (YAML folded blocks keep a trailing newline)."""
    return " ".join(text.split())
