"""Build ``data/claims/``: per 2024 HTS10 line of goods of Japan, the share of value claiming each program.

Inputs (nothing from 2025 or later):

- Census 2024 imports for consumption from Japan by HTS10 with the duty Census calculated
  (``../shared/data/third_party/us-imports-japan/us_imports_japan_2024_hts10.csv``);
- the concordance of older codes (``data/hts/concordance.csv``, issue 15) for the HTSUS line(s)
  a 2024 code that is no line on 2025-01-01 is entered under, else the shipped import weights
  (``data/weights/us_imports_japan_2024.csv``), on 2025-01-01 (the first day of the shipped
  schedule, the one closest to 2024);
- the engine (the ``actual`` law on 2025-01-01, in force since 2024 for goods of Japan: column 1
  and the Section 232 duties of 2024), run on each line's 2024 value at the General rate and
  claiming each program of :data:`goldenage.tariffs.claims.PROGRAMS`.

Method (:func:`goldenage.tariffs.claims.estimate_shares`): the share of the line's value that
claims the program with the lowest duty is what brings the engine's General duty down to the
duty Census calculated. Where civil-aircraft use changes a line's duty in 2025 (9903.96.02)
or its Special column offers ``C``, but no lower column 1 rate than the General one, the duty
cannot tell a claim from none: the line takes the civil-aircraft share of its 6-digit
subheading (value claiming over value, over the lines where the share was identified), else of
its 4-digit heading, else none (column ``c_basis``). Chapter 98 lines are entered under a
Chapter 98 provision: share 1. The Census estimate of low-valued transactions
(9999.95.00.00) has no classification and no duty; its value is kept in the totals (the
collected basis counts it at no duty, as Census does).

Re-run after every change of the law that moves a 2024 duty (``make claims``); the output is
deterministic. Usage: ``python scripts/build_claims.py``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import yaml

from goldenage.outputs import atomic_path
from goldenage.tariffs.claims import CHAPTER_98, PROGRAMS, SHARE_COLUMNS, estimate_shares, pooled_share
from goldenage.tariffs.claims import claim_columns as program_columns
from goldenage.tariffs.concordance import concordance
from goldenage.tariffs.etr_segments import _amounts
from goldenage.tariffs.law import law_for
from goldenage.tariffs.rate_text import parse_special
from goldenage.tariffs.schedule import schedule
from script_common import commit  # scripts/

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "data" / "third_party" / "us-imports-japan"
CENSUS = SHARED / "us_imports_japan_2024_hts10.csv"
WEIGHTS = REPO / "data" / "weights" / "us_imports_japan_2024.csv"
OUT = REPO / "data" / "claims" / "claims_japan_2024.csv"
FIRST_DAY = dt.date(2025, 1, 1)
LOW_VALUE = "9999950000"
CIVIL = "C"
CIVIL_DAY = dt.date(2025, 10, 1)  # 9903.96.02 (EO 14345, from 2025-09-16) in force


def sha256(path: Path) -> str:
    """Return the sha256 of a file."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def census_lines() -> pl.DataFrame:
    """Return the 2024 Census lines with a value above zero."""
    frame = pl.read_csv(CENSUS, schema_overrides={"code": pl.Utf8})
    return frame.filter(pl.col("value_usd") > 0).rename({"code": "census_hts10"})


def entered_under(lines: pl.DataFrame) -> pl.DataFrame:
    """Return ``census_hts10, hts10, day, value_usd``: the line(s) each 2024 code is entered under.

    Chapters 01-97 through the shipped weights on the first day the code has a line in force
    (2025-01-01, or later for the few codes absent from the first revision); Chapter 98 codes
    as themselves on 2025-01-01.
    """
    weights = pl.read_csv(WEIGHTS, schema_overrides={"hts10": pl.Utf8, "census_hts10": pl.Utf8})
    weights = weights.with_columns(pl.col("valid_from", "valid_to").str.to_date())
    first = weights.group_by("census_hts10").agg(pl.col("valid_from").min().alias("first"))
    weights = weights.join(first, on="census_hts10").with_columns(
        pl.max_horizontal(pl.col("first"), pl.lit(FIRST_DAY)).alias("day")
    )
    rows = weights.filter(
        (pl.col("valid_from") <= pl.col("day"))
        & (pl.col("valid_to").is_null() | (pl.col("valid_to") >= pl.col("day")))
    ).select("census_hts10", "hts10", "day", pl.col("value_usd").cast(pl.Float64))
    rows = _through_concordance(lines, rows)
    chapter_98 = lines.filter(pl.col("census_hts10").str.starts_with("98")).select(
        "census_hts10",
        pl.col("census_hts10").alias("hts10"),
        pl.lit(FIRST_DAY).alias("day"),
        pl.col("value_usd").cast(pl.Float64),
    )
    return pl.concat([rows, chapter_98])


def _through_concordance(lines: pl.DataFrame, rows: pl.DataFrame) -> pl.DataFrame:
    """Return ``rows`` with each 2024 code that is no line on 2025-01-01 entered as the concordance says.

    The concordance of older codes (``goldenage.tariffs.concordance``, issue 15) gives the
    line(s) in force; the code's value is split evenly across them (a subheading printed without
    statistical lines is given as ``<8 digits>00``, as in the weights). Codes it does not know
    keep the weights' mapping.
    """
    table = concordance()
    mapped = []
    for code, value in lines.select("census_hts10", "value_usd").iter_rows():
        found = table.resolve(code, FIRST_DAY)
        if found is None or not found.targets:
            continue
        targets = [target if len(target) == 10 else target + "00" for target in found.targets]  # noqa: PLR2004
        mapped += [(code, target, FIRST_DAY, value / len(targets)) for target in targets]
    if not mapped:
        return rows
    frame = pl.DataFrame(mapped, schema=rows.schema, orient="row")
    codes = frame.get_column("census_hts10").unique()
    return pl.concat([rows.filter(~pl.col("census_hts10").is_in(codes.implode())), frame])


def engine_duties(rows: pl.DataFrame) -> dict[str | None, tuple[np.ndarray, np.ndarray]]:
    """Return, per program (``None`` = General), the engine's duty of each row and whether it failed."""
    law = law_for("actual")
    value = rows.get_column("value_usd").to_numpy()
    out: dict[str | None, tuple[np.ndarray, np.ndarray]] = {}
    for symbol in (None, *(program.symbol for program in PROGRAMS)):
        columns = {} if symbol is None else program_columns(np.full(rows.height, symbol, dtype=object))
        result = _amounts(rows, value, law, **columns)
        out[symbol] = (np.nan_to_num(result.total), result.failed.copy())
    return out


def civil_aircraft_lines(rows: pl.DataFrame) -> set[str]:
    """Return the codes of ``rows`` whose duty a declaration of civil-aircraft use changes.

    A ``C`` claim certifies use in civil aircraft (General Note 6); from 2025-09-16 that use
    also removes Chapter 99 duties (9903.96.02, then 9903.03.05 and note 52's exemption). Lines
    whose General rate is Free print no Special column, so the scope is read from the law: the
    rows whose duty on :data:`CIVIL_DAY` (a day 9903.96.02 is in force) differs with and
    without the declaration, or whose Special column offers ``C``.
    """
    law = law_for("actual")
    day = rows.with_columns(pl.lit(CIVIL_DAY).alias("day"))
    value = rows.get_column("value_usd").to_numpy()
    plain = _amounts(day, value, law)
    declared = _amounts(day, value, law, civil_aircraft=np.ones(rows.height, dtype=bool))
    changed = ~plain.failed & ~declared.failed & (np.abs(plain.total - declared.total) > 0.005 * value)
    offered = set(rows.filter(pl.Series(changed)).get_column("hts10").to_list())
    return offered | _special_offers(rows, CIVIL)


def _special_offers(rows: pl.DataFrame, symbol: str) -> set[str]:
    """Return the codes of ``rows`` whose Special column (own or of their rate line) offers ``symbol``."""
    lines = schedule().lines.select("code", "rate_line", "special", "valid_from", "valid_to")
    asked = rows.select("hts10", "day").unique()

    def in_force(suffix: str = "") -> pl.Expr:
        start, end = pl.col("valid_from" + suffix), pl.col("valid_to" + suffix)
        return start.is_null() | ((start <= pl.col("day")) & (end.is_null() | (end >= pl.col("day"))))

    found = asked.join(lines, left_on="hts10", right_on="code", how="left").filter(in_force())
    rates = lines.rename({"code": "rate_code", "special": "rate_special"}).drop("rate_line")
    found = found.join(rates, left_on="rate_line", right_on="rate_code", how="left", suffix="_r")
    offered: set[str] = set()
    for code, own, inherited in (
        found.filter(in_force("_r")).select("hts10", "special", "rate_special").iter_rows()
    ):
        text = own or inherited
        if not text:
            continue
        try:
            programs = parse_special(text, line=code)
        except Exception:  # noqa: BLE001, S112 - an unreadable Special text offers nothing we can use
            continue
        if symbol in programs:
            offered.add(code)
    return offered


def build() -> tuple[pl.DataFrame, dict[str, Any]]:
    """Return the claims table and its metadata."""
    lines = census_lines()
    rows = entered_under(lines)
    duties = engine_duties(rows)
    offers_c = civil_aircraft_lines(rows)
    per_row = rows.with_columns(
        *(pl.Series(_column(symbol), duties[symbol][0]) for symbol in duties),
        pl.Series("failed", np.any([failed for _, failed in duties.values()], axis=0)),
        pl.col("hts10").is_in(list(offers_c)).alias("offers_c"),
    )
    per_code = per_row.group_by("census_hts10").agg(
        *(pl.col(_column(symbol)).sum() for symbol in duties),
        pl.col("failed").any(),
        pl.col("offers_c").any(),
        pl.col("hts10").unique().sort().str.join(" ").alias("entered_under"),
    )
    table = lines.join(per_code, on="census_hts10", how="left").sort("census_hts10")
    table = _shares(table)
    return table, _metadata(table, lines)


def _column(symbol: str | None) -> str:
    return "engine_general_usd" if symbol is None else f"engine_{symbol.lower()}_usd"


def _shares(table: pl.DataFrame) -> pl.DataFrame:
    """Add the share columns, ``c_basis`` and ``status`` (see the module docstring)."""
    symbols = [program.symbol for program in PROGRAMS]
    shares = {symbol: [] for symbol in symbols}
    status, c_basis = [], []
    for row in table.iter_rows(named=True):
        code = row["census_hts10"]
        empty = dict.fromkeys(symbols, 0.0)
        if code == LOW_VALUE:
            found, why = empty, "low-value estimate (no classification, no duty)"
        elif code.startswith("98"):
            found, why = empty, "chapter 98 provision"
        elif row["failed"] or row["engine_general_usd"] is None:
            found, why = empty, "not computed (a rate that needs a quantity, or no line)"
        else:
            general = float(row["engine_general_usd"])
            programs = {symbol: float(row[_column(symbol)]) for symbol in symbols}
            found = estimate_shares(float(row["calculated_duty_usd"]), general, programs)
            why = "claims" if any(found.values()) else "no claim identified"
        for symbol in symbols:
            shares[symbol].append(found[symbol])
        status.append(why)
        identified = (
            why in ("claims", "no claim identified")
            and row["engine_c_usd"] is not None
            and float(row["engine_c_usd"]) < 0.995 * float(row["engine_general_usd"])
        )
        c_basis.append(
            "line"
            if identified
            else ("pooled" if row["offers_c"] and why != "chapter 98 provision" else "none")
        )
    table = table.with_columns(
        *(pl.Series(SHARE_COLUMNS[symbol], shares[symbol], dtype=pl.Float64) for symbol in symbols),
        pl.Series("status", status),
        pl.Series("c_basis", c_basis),
    )
    table = _pool_civil_aircraft(table)
    return table.with_columns(pl.col("census_hts10").str.starts_with("98").cast(pl.Float64).alias(CHAPTER_98))


def _pool_civil_aircraft(table: pl.DataFrame) -> pl.DataFrame:
    """Give the lines whose C claims the duty cannot show the C share of their subheading, else heading."""
    share = SHARE_COLUMNS[CIVIL]
    known = table.filter(pl.col("c_basis") == "line")
    pools = {}
    for digits in (6, 4):
        grouped = known.group_by(pl.col("census_hts10").str.slice(0, digits).alias("group")).agg(
            (pl.col(share) * pl.col("value_usd")).sum().alias("claimed"),
            pl.col("value_usd").sum().alias("value"),
        )
        pools[digits] = {group: pooled_share(claimed, value) for group, claimed, value in grouped.iter_rows()}
    values, bases = table.get_column(share).to_list(), table.get_column("c_basis").to_list()
    for index, code in enumerate(table.get_column("census_hts10").to_list()):
        if bases[index] != "pooled":
            continue
        for digits, label in ((6, "subheading"), (4, "heading")):
            found = pools[digits].get(code[:digits])
            if found is not None:
                values[index], bases[index] = found, label
                break
        else:
            bases[index] = "none"
    return table.with_columns(pl.Series(share, values, dtype=pl.Float64), pl.Series("c_basis", bases))


def _metadata(table: pl.DataFrame, lines: pl.DataFrame) -> dict[str, Any]:
    value = table.get_column("value_usd").cast(pl.Float64)
    totals: dict[str, Any] = {
        "census_lines": lines.height,
        "census_value_usd": int(lines.get_column("value_usd").sum()),
        "census_calculated_duty_usd": int(lines.get_column("calculated_duty_usd").sum()),
        "chapter_98_value_usd": int(
            lines.filter(pl.col("census_hts10").str.starts_with("98"))["value_usd"].sum()
        ),
        "low_value_estimate_usd": int(lines.filter(pl.col("census_hts10") == LOW_VALUE)["value_usd"].sum()),
    }
    for program in PROGRAMS:
        column = SHARE_COLUMNS[program.symbol]
        totals[f"value_claiming_{program.symbol}_usd"] = round(float((table[column] * value).sum()))
    statuses = Counter(table.get_column("status").to_list())
    bases = Counter(table.get_column("c_basis").to_list())
    return {
        "description": "Share of the value of each 2024 HTS10 line of US imports for consumption from Japan "
        "that claimed each lower-rate provision (special program indicators JP, C, K, L; Chapter 98), "
        "estimated from the duty Census calculated in 2024 against goldenage's duty on the same value.",
        "citation": "goldenage data/claims/claims_japan_2024.csv (scripts/build_claims.py): U.S. Census "
        "Bureau, "
        "International Trade API (imports/hs), 2024 calculated duty by HTS10 for Japan, against goldenage's "
        "2024 rates",
        "built_by": "scripts/build_claims.py",
        "built_at_commit": commit(),
        "law": {
            "scenario": "actual",
            "day": FIRST_DAY.isoformat(),
            "why": "the first day of the shipped "
            "HTSUS; no measure on goods of Japan changed between 2024 and that day",
        },
        "inputs": {
            "census": {
                "file": "shared/data/third_party/us-imports-japan/us_imports_japan_2024_hts10.csv",
                "sha256": sha256(CENSUS),
                "provenance": "shared/data/third_party/us-imports-japan/PROVENANCE.md",
            },
            "weights": {
                "file": "data/weights/us_imports_japan_2024.csv",
                "sha256": sha256(WEIGHTS),
                "use": "the HTSUS line(s) each 2024 code is entered under on 2025-01-01",
            },
        },
        "programs": {
            p.symbol: {"name": p.name, "reference": p.reference, "cause": p.cause} for p in PROGRAMS
        },
        "method": [
            "share = (engine duty at the General rate - Census calculated duty) / (General duty - duty "
            "claiming the program with the lowest duty), clipped to [0, 1]; programs with the same lowest "
            "duty share it equally (goldenage.tariffs.claims.estimate_shares)",
            "a line whose duty civil-aircraft use changes (or whose Special column offers C) at no lower "
            "column 1 rate: the value-weighted C share of its 6-digit subheading over the lines where it "
            "was identified, else of its 4-digit heading, else 0 (c_basis)",
            "Chapter 98 lines: share_chapter_98 = 1 (entered under a chapter 98 provision)",
        ],
        "assumptions": [
            "claims of 2024 hold in 2025-2026 (the share of each line's value that claims a program does not "
            "change with the duties)",
            "a program is claimed only where it lowers the duty; Census below the engine is explained by "
            "claims "
            "alone (other causes, e.g. per-entry rounding or provisions not modelled, end up in the shares)",
            "Census above the engine (duties the engine does not charge in 2024) is no claim",
        ],
        "rows": table.height,
        "totals": totals,
        "status": dict(sorted(statuses.items())),
        "c_basis": dict(sorted(bases.items())),
    }


COLUMNS = (
    "census_hts10",
    "description",
    "value_usd",
    "calculated_duty_usd",
    "entered_under",
    "engine_general_usd",
    *(f"engine_{p.symbol.lower()}_usd" for p in PROGRAMS),
    *SHARE_COLUMNS.values(),
    CHAPTER_98,
    "c_basis",
    "status",
)


def write(table: pl.DataFrame, metadata: dict[str, Any]) -> None:
    """Write the CSV and its .yaml through temporary files and atomic renames."""
    OUT.parent.mkdir(parents=True, exist_ok=True)
    rounded = table.select(COLUMNS).with_columns(
        pl.col(r"^engine_.*_usd$").round(2), pl.col(r"^share_.*$").round(6)
    )
    with atomic_path(OUT, "OUT") as partial:
        rounded.write_csv(partial)
    with atomic_path(OUT.with_suffix(".yaml"), "OUT") as partial:
        Path(partial).write_text(yaml.safe_dump(metadata, sort_keys=False, width=110), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Build and write (or check) the claims dataset."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.parse_args(argv)
    table, metadata = build()
    write(table, metadata)
    totals = metadata["totals"]
    sys.stdout.write(f"{OUT.relative_to(REPO)}: {table.height:,} lines\n")
    for program in PROGRAMS:
        sys.stdout.write(
            f"  value claiming {program.symbol}: ${totals[f'value_claiming_{program.symbol}_usd']:,}\n"
        )
    sys.stdout.write(f"  status: {metadata['status']}\n  c_basis: {metadata['c_basis']}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
