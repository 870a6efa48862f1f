"""Claims of lower-rate provisions: which share of each line's value claims what, as data.

The statutory rate charges every line at its General rate with no importer declaration. Real
entries claim lower-rate provisions: the US-Japan Trade Agreement rates (special program
indicator ``JP``, General Note 36), the Agreement on Trade in Civil Aircraft (``C``, General
Note 6), the Pharmaceutical Appendix (``K``, General Note 13), the dye intermediates (``L``,
General Note 14), and Chapter 98 provisions (U.S. goods returned and the like, which Census
reports under their own Chapter 98 numbers). :data:`PROGRAMS` lists the programs and what a
claim declares to the engine (a ``C`` claim is a declaration of civil-aircraft use under
General Note 6, which also reads the Chapter 99 exemptions for civil aircraft: 9903.96.02,
9903.03.05, note 52's).

The shipped estimate (``data/claims/claims_japan_2024.csv``, built by
``scripts/build_claims.py``, ``make claims``) gives, per 2024 Census HTS10 line of goods of
Japan, the share of value claiming each program, estimated from the duty Census calculated in
2024 against the engine's duty on the same value under the law of 2025-01-01
(:func:`estimate_shares` is the rule, documented there). Nothing in it comes from 2025 data.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from goldenage.errors import DataFileError, InputError
from goldenage.paths import data_dir

# The batch path imports this module for the claims column and never loads the parameters:
# the estimate's loader reads its .yaml on demand (``_shipped``).

SHIPPED = Path("claims") / "claims_japan_2024.csv"


@dataclass(frozen=True)
class Program:
    """A lower-rate provision an importer may claim (its special program indicator)."""

    symbol: str
    name: str
    cause: str  # the by_cause key of the collected basis its claims fall under
    civil_aircraft: bool  # a claim declares civil-aircraft use (General Note 6)
    reference: str


PROGRAMS: tuple[Program, ...] = (
    Program(
        "JP",
        "United States-Japan Trade Agreement",
        "jp_preference",
        civil_aircraft=False,
        reference="HTSUS General Note 36 (program symbol JP)",
    ),
    Program(
        "C",
        "Agreement on Trade in Civil Aircraft",
        "civil_aircraft",
        civil_aircraft=True,
        reference="HTSUS General Note 6 (program symbol C); a claim certifies use in civil aircraft",
    ),
    Program(
        "K",
        "Agreement on Trade in Pharmaceutical Products",
        "other",
        civil_aircraft=False,
        reference="HTSUS General Note 13 and the Pharmaceutical Appendix (program symbol K)",
    ),
    Program(
        "L",
        "Uruguay Round Concessions on Intermediate Chemicals for Dyes",
        "other",
        civil_aircraft=False,
        reference="HTSUS General Note 14 and the Intermediate Chemicals for Dyes Appendix (program symbol L)",
    ),
)
BY_SYMBOL = {program.symbol: program for program in PROGRAMS}
SHARE_COLUMNS = {program.symbol: f"share_{program.symbol.lower()}" for program in PROGRAMS}
CHAPTER_98 = "share_chapter_98"
ACCEPTED = "one of " + ", ".join(BY_SYMBOL) + " (the special program indicator claimed), or empty for none"


def parse_claim(text: object, field: str = "claims") -> str | None:
    """Return the program symbol of a declared claim (case and spaces ignored); ``None`` if empty.

    Raises :class:`InputError` naming ``field`` for anything else.
    """
    if text is None:
        return None
    symbol = str(text).strip().upper()
    if not symbol:
        return None
    if symbol not in BY_SYMBOL:
        msg = f"{text!r} is not a special program indicator goldenage models"
        raise InputError(field, msg, ACCEPTED)
    return symbol


def claim_columns(symbols: np.ndarray) -> dict[str, Any]:
    """Return the :class:`~goldenage.tariffs.kernel.frame.EntryFrame` columns of claimed programs.

    ``symbols`` holds one program symbol (or ``None``) per row: the row claims that program
    (``preference``) and, for ``C``, declares civil-aircraft use.
    """
    symbols = np.asarray(symbols, dtype=object)
    civil = np.zeros(len(symbols), dtype=bool)
    for program in PROGRAMS:
        if program.civil_aircraft:
            civil |= symbols == program.symbol
    return {"preference": symbols, "civil_aircraft": civil}


# --- estimating the shares (scripts/build_claims.py) --------------------------------------------


def estimate_shares(
    census: float, general: float, program_duties: dict[str, float], tolerance: float = 0.005
) -> dict[str, float]:
    """Return the share of a line's value claiming each program, from one year of duty.

    ``census`` is the duty Census calculated on the line's entries, ``general`` the engine's
    duty on the same value at the General rate (no claim), ``program_duties`` the engine's duty
    if every entry claimed each program the line offers. Claims lower the duty from ``general``
    towards a program's; the share of value claiming is what brings the General duty down to
    Census's:

    - programs whose duty is not below ``general`` (by more than ``tolerance`` of it) cannot be
      told from no claim by the duty, and get no share here (see :func:`pooled_share`);
    - the share goes to the program with the lowest duty (an importer able to claim two
      programs claims the cheaper; the shares then explain the gap with the least value
      claiming): ``share = (general - census) / (general - program)``, clipped to [0, 1];
    - programs with the same lowest duty are indistinguishable by the duty: they share it
      equally;
    - Census above ``general`` (a duty the engine does not charge in 2024, or rounding) is no
      claim: every share 0.
    """
    lower = {symbol: duty for symbol, duty in program_duties.items() if duty < general - tolerance * general}
    shares = dict.fromkeys(program_duties, 0.0)
    if not lower or census >= general:
        return shares
    cheapest = min(lower.values())
    tied = [symbol for symbol, duty in lower.items() if duty <= cheapest + tolerance * general]
    share = min(1.0, max(0.0, (general - census) / (general - cheapest)))
    for symbol in tied:
        shares[symbol] = share / len(tied)
    return shares


def pooled_share(claimed: float, value: float) -> float:
    """Return a pooled share: value claiming over the value of the lines whose share is known."""
    return 0.0 if value <= 0 else min(1.0, max(0.0, claimed / value))


# --- the shipped estimate ------------------------------------------------------------------------


@dataclass(frozen=True)
class Claims:
    """The shipped claim shares, one row per 2024 Census HTS10 line.

    ``frame`` has ``census_hts10`` and the share columns (:data:`SHARE_COLUMNS` values and
    :data:`CHAPTER_98`) as fractions of the line's value, plus ``value_usd``,
    ``calculated_duty_usd`` and the engine's 2024 duties the estimate rests on. ``metadata`` is
    the ``.yaml`` beside it (source, method, assumptions, totals).
    """

    frame: pl.DataFrame
    metadata: dict[str, Any]
    path: Path

    @property
    def source(self) -> str:
        """Return a one-line description of where the shares come from."""
        return str(self.metadata.get("citation", self.path.name))

    def shares(self, codes: pl.Series) -> pl.DataFrame:
        """Return the share columns of each 2024 code (0 for a code the estimate lacks)."""
        columns = [*SHARE_COLUMNS.values(), CHAPTER_98]
        found = pl.DataFrame({"census_hts10": codes}).join(
            self.frame.select("census_hts10", *columns), on="census_hts10", how="left"
        )
        return found.select([pl.col(name).fill_null(0.0) for name in columns])

    def chapter_98(self) -> pl.DataFrame:
        """Return ``census_hts10, value_usd`` of the lines entered under a Chapter 98 provision."""
        return self.frame.filter(pl.col(CHAPTER_98) > 0).select("census_hts10", "value_usd")

    def unclassified_value(self) -> float:
        """Return the 2024 value of the Census estimate of low-valued transactions (9999.95.00.00)."""
        return float(self.metadata["totals"]["low_value_estimate_usd"])


def load_claims() -> Claims:
    """Return the shipped claim shares (read once per file version and process)."""
    path = data_dir() / SHIPPED
    return _shipped(path, path.stat().st_mtime_ns if path.is_file() else 0)


@cache
def _shipped(path: Path, modified: int) -> Claims:  # noqa: ARG001 - part of the cache key
    if not path.is_file():
        msg = f"{path} is missing: build it with `make claims` (scripts/build_claims.py)"
        raise DataFileError(msg)
    text = dict.fromkeys(("census_hts10", "description", "entered_under", "c_basis", "status"), pl.Utf8)
    from goldenage.params.loader import read_yaml  # noqa: PLC0415 - see the imports

    frame = pl.read_csv(path, schema_overrides=text)
    metadata = read_yaml(path.with_suffix(".yaml"))
    columns = [*SHARE_COLUMNS.values(), CHAPTER_98]
    missing = [name for name in ("census_hts10", *columns) if name not in frame.columns]
    if missing:
        msg = f"{path}: missing column(s) {', '.join(missing)}; rebuild it with `make claims`"
        raise DataFileError(msg)
    total = frame.select(pl.sum_horizontal(columns).max()).item()
    if total is not None and total > 1 + 1e-9:
        msg = f"{path}: the shares of a line add up to more than 1 ({total}); rebuild it"
        raise DataFileError(msg)
    if metadata.get("rows") != frame.height:
        msg = f"{path}: {frame.height} rows, but its .yaml says {metadata.get('rows')}; rebuild it"
        raise DataFileError(msg)
    return Claims(frame, metadata, path)


__all__ = [
    "ACCEPTED",
    "BY_SYMBOL",
    "CHAPTER_98",
    "PROGRAMS",
    "SHARE_COLUMNS",
    "Claims",
    "Program",
    "claim_columns",
    "estimate_shares",
    "load_claims",
    "parse_claim",
    "pooled_share",
]
