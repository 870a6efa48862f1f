"""Build the default import weights of the effective-tariff-rate series in ``data/weights/``.

Source (read only, under ``../shared/data/third_party`` by default):

- ``us-imports-japan/us_imports_japan_2024_hts10.csv``: U.S. Census Bureau imports for
  consumption from Japan (CTY_CODE 5880), calendar year 2024, by 2024 HTS10 statistical
  reporting number, with the duty Census calculated (see the PROVENANCE.md there).
- ``yale-tariff-rate-tracker/resources/hts_concordance.csv``: The Budget Lab at Yale's
  revision-to-revision concordance of 10-digit codes (MIT licence, commit ``8315fffd``).
- ``data/hts/hts_lines.parquet`` and ``data/hts/revisions.csv`` of this repository: the
  10-digit lines in force in every shipped HTSUS revision of 2025-2026; and
  ``data/hts/changes/after_rev10.csv``, the lines retired and established by the revisions
  rebuilt from their change records (2026 Revisions 11-20).

Steps:

1. Keep the lines of chapters 01-97 with a value above zero; Chapter 98 (special
   classification provisions) and the Census low-value estimate ``9999950000`` are left out
   and recorded, since the tariff engine covers the goods of chapters 01-97.
2. For every revision period of 2025-2026, give each 2024 code's value to the line(s) in
   force in that period: the code itself when it is a line in force; otherwise its
   successor(s), found (a) for a code that a rebuilt revision's change record retired
   (``data/hts/changes/after_rev10.csv``: deleted, annotated or renumbered, even when the number
   was given to other goods), the lines the record transferred it to; for another code that
   ceased during 2025-2026, from the Yale concordance
   for that revision (successors in the same 8-digit subheading only), else the lines of the
   same subheading that appeared that day, else all lines of the subheading in force; (b) for
   a 2024 code never in force in 2025-2026, all 10-digit lines of its 8-digit subheading in
   force; (c) where the shipped table has no 10-digit line under the subheading (95
   chapter 91 watch subheadings), the subheading itself under the code ``<8 digits>00``.
   The value (and the Census duty) is split evenly across successors, in whole dollars.
3. Merge consecutive periods with identical rows into ``valid_from``/``valid_to`` ranges.

Writes ``data/weights/us_imports_japan_2024.csv``, ``.yaml`` and ``PROVENANCE.md``.
Deterministic: re-running on the same inputs gives identical files.

Usage: ``python scripts/build_weights.py [--source DIR] [--out DIR]``.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import math
from collections import Counter, defaultdict
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

import polars as pl
import yaml

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = REPO.parent / "shared" / "data" / "third_party"
BUILT_BY = "scripts/build_weights.py"
STEM = "us_imports_japan_2024"

CENSUS_FILE = Path("us-imports-japan") / "us_imports_japan_2024_hts10.csv"
CENSUS_SHA256 = "35c7f827b2d963fade9513f21fb0c39e29c7f3aa7551839d46ca37bf7df964cd"
CONCORDANCE_FILE = Path("yale-tariff-rate-tracker") / "resources" / "hts_concordance.csv"
YALE_REPO = "Budget-Lab-Yale/tariff-rate-tracker"
YALE_COMMIT = "8315fffd697c42559141ed5f8bf7c8fa3da47ae8"

# Figures of us-imports-japan/PROVENANCE.md, checked on every build.
EXPECTED_ROWS = 10_102
EXPECTED_TOTAL_USD = 151_340_030_810
EXPECTED_CH01_97_USD = 144_863_352_475
EXPECTED_DUTY_USD = 2_282_216_944
LOW_VALUE_CODE = "9999950000"

COLUMNS = (
    "hts10",
    "value_usd",
    "description",
    "calculated_duty_usd",
    "valid_from",
    "valid_to",
    "census_hts10",
    "mapping",
)
CHECK_DATES = (dt.date(2025, 1, 1), dt.date(2026, 6, 8), dt.date(2026, 7, 1))


@dataclass(frozen=True)
class CensusLine:
    """One row of the Census file."""

    code: str
    value: int
    description: str
    duty: int


@dataclass(frozen=True)
class Target:
    """Where (part of) a 2024 code's value goes in one revision period."""

    share: Fraction
    rule: str


def sha256(path: Path) -> str:
    """Return the sha256 of a file."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_census(path: Path) -> list[CensusLine]:
    """Read the Census file and check it against its PROVENANCE figures."""
    digest = sha256(path)
    if digest != CENSUS_SHA256:
        msg = f"{path}: sha256 {digest} differs from the PROVENANCE.md value {CENSUS_SHA256}"
        raise SystemExit(msg)
    with path.open(encoding="utf-8", newline="") as handle:
        rows = [
            CensusLine(r["code"], int(r["value_usd"]), r["description"], int(r["calculated_duty_usd"]))
            for r in csv.DictReader(handle)
        ]
    codes = [r.code for r in rows]
    checks = {
        "rows": (len(rows), EXPECTED_ROWS),
        "distinct codes": (len(set(codes)), EXPECTED_ROWS),
        "total value": (sum(r.value for r in rows), EXPECTED_TOTAL_USD),
        "chapters 01-97 value": (sum(r.value for r in rows if int(r.code[:2]) <= 97), EXPECTED_CH01_97_USD),
        "total duty": (sum(r.duty for r in rows), EXPECTED_DUTY_USD),
    }
    for name, (got, expected) in checks.items():
        if got != expected:
            msg = f"{path}: {name} {got:,} differs from PROVENANCE.md {expected:,}"
            raise SystemExit(msg)
    if not all(len(c) == 10 and c.isdigit() for c in codes):
        msg = f"{path}: every code must have 10 digits"
        raise SystemExit(msg)
    return sorted(rows, key=lambda r: r.code)


def read_revisions(hts_dir: Path) -> list[tuple[str, dt.date]]:
    """Return (revision id, effective date) of the shipped HTSUS revisions, oldest first."""
    with (hts_dir / "revisions.csv").open(encoding="utf-8") as handle:
        revisions = [
            (r["revision"], dt.date.fromisoformat(r["effective_date"])) for r in csv.DictReader(handle)
        ]
    return sorted(revisions, key=lambda r: r[1])


class LineSets:
    """The 10-digit lines (and 8-digit subheadings without 10-digit lines) of each period."""

    def __init__(self, hts_dir: Path, starts: list[dt.date]) -> None:
        table = pl.read_parquet(hts_dir / "hts_lines.parquet").filter(pl.col("level").is_in([8, 10]))
        bounds = set(table["valid_from"].to_list())
        bounds |= {d + dt.timedelta(days=1) for d in table["valid_to"].to_list() if d is not None}
        if not bounds <= set(starts):
            msg = f"line versions change on dates that are not revision dates: {sorted(bounds - set(starts))}"
            raise SystemExit(msg)
        self.starts = starts
        self.ten: list[set[str]] = []
        self.leaf8: list[set[str]] = []
        for start in starts:
            live = table.filter(
                (pl.col("valid_from") <= start)
                & (pl.col("valid_to").is_null() | (pl.col("valid_to") >= start))
            )
            ten = set(live.filter(pl.col("level") == 10)["code"].to_list())
            parents = {code[:8] for code in ten}
            eight = set(live.filter(pl.col("level") == 8)["code"].to_list())
            self.ten.append(ten)
            self.leaf8.append({code for code in eight if code not in parents})
        self.children: list[dict[str, list[str]]] = []
        for ten in self.ten:
            by_parent: dict[str, list[str]] = defaultdict(list)
            for code in sorted(ten):
                by_parent[code[:8]].append(code)
            self.children.append(by_parent)

    def in_force(self, code: str, period: int) -> bool:
        """Return whether ``code`` is a line in force in ``period``.

        ``<8 digits>00`` stands for an 8-digit subheading that has no 10-digit line.
        """
        if code in self.ten[period]:
            return True
        return code.endswith("00") and code[:8] in self.leaf8[period]


class Mapper:
    """Resolve a 2024 code to the line(s) in force in each revision period.

    ``retired`` maps a code to the date a change record retired it, with the lines it was
    transferred to in ``concordance``: from that date the code's goods are those lines', even
    where the number itself was given to other goods (a renumbering).
    """

    def __init__(
        self,
        lines: LineSets,
        concordance: dict[tuple[str, dt.date], list[str]],
        retired: dict[str, dt.date] | None = None,
    ) -> None:
        self.lines = lines
        self.concordance = concordance
        self.retired = retired or {}
        self.rejected_links: set[tuple[str, str]] = set()
        self._memo: dict[tuple[str, int, bool], dict[str, Target]] = {}

    def subheading_fallback(self, code: str, period: int) -> tuple[list[str], str]:
        """Return all lines of the code's 8-digit subheading in force, or the subheading."""
        siblings = self.lines.children[period].get(code[:8], [])
        if siblings:
            return siblings, "parent8"
        if code[:8] in self.lines.leaf8[period]:
            return [code[:8] + "00"], "subheading"
        return [], "none"

    def successors(self, code: str, period: int) -> tuple[list[str], str]:
        """Return the successors of a code that ceased at the start of ``period``."""
        start = self.lines.starts[period]
        linked = self.concordance.get((code, start), [])
        same = sorted(s for s in linked if s[:8] == code[:8] and s in self.lines.ten[period])
        self.rejected_links |= {(code, s) for s in linked if s[:8] != code[:8]}
        if same:
            return same, "concordance"
        new = sorted(
            s for s in self.lines.children[period].get(code[:8], []) if s not in self.lines.ten[period - 1]
        )
        if new:
            return new, "parent8_new"
        return self.subheading_fallback(code, period)

    def resolve(self, code: str, period: int, fresh: bool = False) -> dict[str, Target]:
        """Return {line in force in ``period``: share of ``code``'s value, rule}.

        ``fresh``: ``code`` is a line a change record established (its goods are the new line's,
        whatever the number meant before).
        """
        key = (code, period, fresh)
        if key in self._memo:
            return self._memo[key]
        retired_on = None if fresh else self.retired.get(code)
        if retired_on is not None and self.lines.starts[period] >= retired_on:
            found = self.concordance[(code, retired_on)]
            result = {}
            for successor in found:
                for line, target in self.resolve(successor, period, fresh=True).items():
                    rule = "change_record" if target.rule == "identity" else f"change_record+{target.rule}"
                    share = target.share / len(found) + (result[line].share if line in result else 0)
                    result[line] = Target(share, rule)
        elif self.lines.in_force(code, period):
            result = {code: Target(Fraction(1), "identity")}
        else:
            last = next((p for p in range(period - 1, -1, -1) if self.lines.in_force(code, p)), None)
            if last is None:
                found, rule = self.subheading_fallback(code, period)
                result = {s: Target(Fraction(1, len(found)), rule) for s in found}
            else:
                found, rule = self.successors(code, last + 1)
                result = {}
                for successor in found:
                    for line, target in self.resolve(successor, period).items():
                        chained = rule if target.rule == "identity" else f"{rule}+{target.rule}"
                        share = target.share / len(found) + (result[line].share if line in result else 0)
                        result[line] = Target(share, chained)
        self._memo[key] = result
        return result


def read_concordance(
    path: Path, revisions: list[tuple[str, dt.date]]
) -> dict[tuple[str, dt.date], list[str]]:
    """Return {(old code, date the new revision took effect): [new codes]}."""
    dates = dict(revisions)
    links: dict[tuple[str, dt.date], list[str]] = defaultdict(list)
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["old_hts10"] == "NA" or row["new_hts10"] == "NA":
                continue
            links[(row["old_hts10"], dates[row["revision_to"]])].append(row["new_hts10"])
    return {key: sorted(set(value)) for key, value in links.items()}


def read_change_records(
    path: Path, revisions: list[tuple[str, dt.date]]
) -> tuple[dict[tuple[str, dt.date], list[str]], dict[str, dt.date]]:
    """Return the transfers of the rebuilt revisions' change records and the date each code was retired.

    The transfers are ``{(retired code, date of the revision): [lines it was transferred to]}``.
    """
    dates = dict(revisions)
    links: dict[tuple[str, dt.date], list[str]] = {}
    retired: dict[str, dt.date] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["change"] == "established":
                continue
            code, on = row["item"].replace(".", ""), dates[row["revision"]]
            links[(code, on)] = sorted(c.replace(".", "") for c in row["related"].split())
            retired[code] = on
    return links, retired


def allocate(total: int, shares: dict[str, Fraction]) -> dict[str, int]:
    """Split whole dollars by shares (largest remainder, ties to the lower code)."""
    exact = {code: total * share for code, share in shares.items()}
    whole = {code: math.floor(amount) for code, amount in exact.items()}
    left = total - sum(whole.values())
    order = sorted(exact, key=lambda c: (-(exact[c] - whole[c]), c))
    for code in order[:left]:
        whole[code] += 1
    return whole


def build_rows(kept: list[CensusLine], mapper: Mapper, starts: list[dt.date]) -> list[dict[str, str]]:
    """Return the weight rows, one per (line, 2024 code, run of periods with equal weight)."""
    rows: list[dict[str, str]] = []
    for line in kept:
        runs: dict[str, list[Any]] = {}
        for period in range(len(starts)):
            targets = mapper.resolve(line.code, period)
            shares = {code: t.share for code, t in targets.items()}
            values = allocate(line.value, shares)
            duties = allocate(line.duty, shares)
            current = {code: (values[code], duties[code], targets[code].rule) for code in targets}
            for code, state in list(runs.items()):
                if current.get(code) != state[0]:
                    rows.append(_row(line, code, state, starts[period] - dt.timedelta(days=1)))
                    del runs[code]
            for code, payload in current.items():
                if code not in runs:
                    runs[code] = [payload, starts[period]]
        for code, state in runs.items():
            rows.append(_row(line, code, state, None))
    return sorted(rows, key=lambda r: (r["hts10"], r["census_hts10"], r["valid_from"]))


def _row(line: CensusLine, code: str, state: list[Any], valid_to: dt.date | None) -> dict[str, str]:
    (value, duty, rule), valid_from = state
    return {
        "hts10": code,
        "value_usd": str(value),
        "description": line.description,
        "calculated_duty_usd": str(duty),
        "valid_from": valid_from.isoformat(),
        "valid_to": valid_to.isoformat() if valid_to else "",
        "census_hts10": line.code,
        "mapping": rule,
    }


def weights_on(rows: list[dict[str, str]], day: dt.date) -> list[dict[str, str]]:
    """Return the rows in force on ``day``."""
    text = day.isoformat()
    return [r for r in rows if r["valid_from"] <= text and (not r["valid_to"] or text <= r["valid_to"])]


def remap_summary(kept: list[CensusLine], mapper: Mapper, lines: LineSets) -> dict[str, Any]:
    """Count the 2024 codes that are not lines in force on the check dates, by rule."""
    summary: dict[str, Any] = {}
    values = {c.code: c.value for c in kept}
    for day in CHECK_DATES:
        period = max(i for i, start in enumerate(lines.starts) if start <= day)
        moved = [
            c
            for c in kept
            if not lines.in_force(c.code, period) or mapper.retired.get(c.code, dt.date.max) <= day
        ]
        by_rule: Counter[str] = Counter()
        by_rule_value: Counter[str] = Counter()
        for census in moved:
            rules = {t.rule for t in mapper.resolve(census.code, period).values()} or {"none"}
            rule = "/".join(sorted(rules))
            by_rule[rule] += 1
            by_rule_value[rule] += values[census.code]
        summary[day.isoformat()] = {
            "codes_not_in_force": len(moved),
            "value_usd_moved": sum(values[c.code] for c in moved),
            "by_rule": {
                rule: {"codes": by_rule[rule], "value_usd": by_rule_value[rule]} for rule in sorted(by_rule)
            },
        }
    return summary


def main() -> None:
    """Build the weights files."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--out", type=Path, default=REPO / "data" / "weights")
    args = parser.parse_args()

    census_path = args.source / CENSUS_FILE
    concordance_path = args.source / CONCORDANCE_FILE
    hts_dir = REPO / "data" / "hts"
    census = read_census(census_path)
    revisions = read_revisions(hts_dir)
    starts = [date for _, date in revisions]
    lines = LineSets(hts_dir, starts)
    concordance = read_concordance(concordance_path, revisions)
    changes_path = hts_dir / "changes" / "after_rev10.csv"
    transfers, retired = read_change_records(changes_path, revisions)
    mapper = Mapper(lines, {**concordance, **transfers}, retired)

    chapter98 = [c for c in census if c.code.startswith("98")]
    low_value = [c for c in census if c.code == LOW_VALUE_CODE]
    goods = [c for c in census if int(c.code[:2]) <= 97]
    zero = [c for c in goods if c.value == 0]
    kept = [c for c in goods if c.value > 0]
    if len(chapter98) + len(low_value) + len(goods) != len(census):
        msg = "a Census line is neither in chapters 01-97, Chapter 98 nor 9999950000"
        raise SystemExit(msg)

    rows = build_rows(kept, mapper, starts)
    kept_total = sum(c.value for c in kept)
    gaps = _gaps(rows, starts, kept_total)
    summary = remap_summary(kept, mapper, lines)
    ever_moved = sorted({r["census_hts10"] for r in rows if r["mapping"] != "identity"})

    args.out.mkdir(parents=True, exist_ok=True)
    csv_path = args.out / f"{STEM}.csv"
    with csv_path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)

    facts = {
        "census": census,
        "kept": kept,
        "chapter98": chapter98,
        "low_value": low_value,
        "zero": zero,
        "rows": rows,
        "gaps": gaps,
        "summary": summary,
        "ever_moved": ever_moved,
        "values": {c.code: c.value for c in kept},
        "rejected": sorted(mapper.rejected_links),
        "census_sha": sha256(census_path),
        "concordance_sha": sha256(concordance_path),
        "hts_sha": sha256(hts_dir / "hts_lines.parquet"),
        "changes_sha": sha256(changes_path),
        "latest": revisions[-1],
    }
    metadata = _metadata(facts)
    with (args.out / f"{STEM}.yaml").open("w", encoding="utf-8") as handle:
        yaml.safe_dump(metadata, handle, sort_keys=False, allow_unicode=True, width=105)
    (args.out / "PROVENANCE.md").write_text(_provenance(facts), encoding="utf-8")
    print(f"wrote {csv_path} ({len(rows)} rows); {len(kept)} Census lines kept, ${kept_total:,}")
    for day, figures in summary.items():
        moved = figures["value_usd_moved"]
        print(f"{day}: {figures['codes_not_in_force']} codes not in force, ${moved:,} moved")


def _gaps(rows: list[dict[str, str]], starts: list[dt.date], kept_total: int) -> list[dict[str, Any]]:
    """Return the periods whose weights do not add up to the kept total (no successor line)."""
    gaps = []
    for period, start in enumerate(starts):
        live = weights_on(rows, start)
        total = sum(int(r["value_usd"]) for r in live)
        if total != kept_total:
            present = {r["census_hts10"] for r in live}
            end = starts[period + 1] - dt.timedelta(days=1) if period + 1 < len(starts) else None
            gaps.append({"from": start, "to": end, "missing_usd": kept_total - total, "present": present})
    return gaps


def _missing_codes(facts: dict[str, Any], gap: dict[str, Any]) -> list[str]:
    return sorted(set(facts["values"]) - gap["present"])


def _metadata(facts: dict[str, Any]) -> dict[str, Any]:
    kept, census, rows = facts["kept"], facts["census"], facts["rows"]
    latest_id, latest_date = facts["latest"]
    gaps = [
        {
            "from": g["from"].isoformat(),
            "to": g["to"].isoformat() if g["to"] else None,
            "census_hts10": _missing_codes(facts, g),
            "value_usd": g["missing_usd"],
        }
        for g in facts["gaps"]
    ]
    ever_value = sum(facts["values"][c] for c in facts["ever_moved"])
    return {
        "description": (
            "Default import weights of the effective-tariff-rate (ETR) series: US imports for consumption "
            "from Japan in calendar year 2024 (customs value, USD), by HTS10, for the goods of chapters "
            "01-97, each 2024 code's value given to the HTSUS line(s) in force on each day of 2025-2026."
        ),
        "columns": {
            "hts10": (
                "10-digit HTSUS line (no dots) in force from valid_from to valid_to; '<8 digits>00' where "
                "the shipped table has no 10-digit line under the subheading (mapping 'subheading')"
            ),
            "value_usd": "2024 customs value in whole US dollars (the share of census_hts10 given to hts10)",
            "description": "Census short description of census_hts10 (2024)",
            "calculated_duty_usd": "Census calculated duty of census_hts10 (2024), split like value_usd",
            "valid_from": "first day the row applies (inclusive, YYYY-MM-DD)",
            "valid_to": "last day the row applies (inclusive); empty = open-ended",
            "census_hts10": "the 2024 Census HTS10 code the value comes from",
            "mapping": (
                "identity (census_hts10 is the line); concordance, parent8_new, parent8 or subheading "
                "(the successor rule, see design); '+' joins the rules of a chain of changes"
            ),
        },
        "source": {
            "title": "U.S. Census Bureau, International Trade API (timeseries/intltrade/imports/hs)",
            "publisher": "U.S. Census Bureau, Foreign Trade Division",
            "href": "https://api.census.gov/data/timeseries/intltrade/imports/hs",
            "query": (
                "get=CTY_NAME,CON_VAL_YR,CAL_DUT_YR,I_COMMODITY,I_COMMODITY_SDESC; time=2024-12; "
                "COMM_LVL=HS10; CTY_CODE=5880"
            ),
            "citation": (
                "U.S. Census Bureau, International Trade API (imports/hs), 2024, as retrieved in "
                "tradewartracker/trade-war-redux-2025"
            ),
            "retrieved_via": {
                "repository": "tradewartracker/trade-war-redux-2025",
                "file": "data/2024-hs10-imports5880.parquet",
                "added_in_commit": "e38e38d8c572efca8ec8d4b2182105a9c79b1995",
                "added_on": "2025-06-23",
                "read_at_commit": "726c5958e1e43eb08ac076a1e602ae3149164b03",
                "licence": "MIT (c) 2025 tradewartracker",
            },
            "local_file": "shared/data/third_party/us-imports-japan/us_imports_japan_2024_hts10.csv",
            "sha256": facts["census_sha"],
            "licence": (
                "Census trade statistics: work of the US federal government, public domain in the US "
                "(17 U.S.C. 105); the upstream repository is MIT-licensed"
            ),
            "edition": (
                "calendar year 2024 (December 2024 year to date), 2024 HTSUS statistical numbers, as of the "
                "upstream retrieval on or before 2025-06-23 (probably after Census's June 2025 annual "
                "revision); later Census revisions are not reflected"
            ),
            "flow": "imports for consumption (CON_VAL_YR), customs value (not CIF)",
        },
        "mapping_sources": [
            {
                "repository": YALE_REPO,
                "commit": YALE_COMMIT,
                "file": "resources/hts_concordance.csv",
                "licence": "MIT (c) The Budget Lab at Yale",
                "sha256": facts["concordance_sha"],
                "use": (
                    "successors of codes that ceased at 2025 Rev 16 and 2026 Rev 2; only successors in the "
                    "same 8-digit subheading are used"
                ),
            },
            {
                "file": "data/hts/hts_lines.parquet",
                "licence": "USITC, public domain (17 U.S.C. 105)",
                "sha256": facts["hts_sha"],
                "use": f"10-digit lines in force in each revision, 2025 Basic Edition to {latest_id}",
            },
            {
                "file": "data/hts/changes/after_rev10.csv",
                "licence": "USITC change records, public domain (17 U.S.C. 105); third-party transcription",
                "sha256": facts["changes_sha"],
                "use": "the lines each code retired by 2026 Revisions 11-20 was transferred to",
            },
        ],
        "built_by": BUILT_BY,
        "rows": len(rows),
        "first_date": "2025-01-01",
        "newest_revision": {"id": latest_id, "effective_date": latest_date.isoformat()},
        "totals": {
            "census_rows": len(census),
            "census_value_usd": sum(c.value for c in census),
            "census_calculated_duty_usd": sum(c.duty for c in census),
            "chapters_01_97_value_usd": sum(c.value for c in census if int(c.code[:2]) <= 97),
            "kept_lines": len(kept),
            "kept_value_usd": sum(c.value for c in kept),
            "kept_calculated_duty_usd": sum(c.duty for c in kept),
        },
        "excluded": [
            {
                "what": "Chapter 98 special classification provisions",
                "lines": len(facts["chapter98"]),
                "value_usd": sum(c.value for c in facts["chapter98"]),
                "calculated_duty_usd": sum(c.duty for c in facts["chapter98"]),
                "why": (
                    "the engine covers the goods of chapters 01-97; chapter 98 lines (mostly 9801.00.10, "
                    "US goods returned) classify by circumstance, not by good, and have no ordinary rate"
                ),
            },
            {
                "what": "9999950000, Census estimate of low-valued transactions",
                "lines": len(facts["low_value"]),
                "value_usd": sum(c.value for c in facts["low_value"]),
                "calculated_duty_usd": sum(c.duty for c in facts["low_value"]),
                "why": "an estimate without an HTS classification",
            },
            {
                "what": "chapters 01-97 lines with a value of 0",
                "lines": len(facts["zero"]),
                "value_usd": 0,
                "calculated_duty_usd": sum(c.duty for c in facts["zero"]),
                "why": "no weight",
            },
        ],
        "remapping": {
            "not_in_force_on": facts["summary"],
            "codes_remapped_on_some_day": len(facts["ever_moved"]),
            "value_usd_of_codes_remapped_on_some_day": ever_value,
            "concordance_links_rejected": {
                "count": len(facts["rejected"]),
                "why": "successor in another 8-digit subheading (a statistical change cannot move goods "
                "across legal subheadings)",
                "links": [f"{old}->{new}" for old, new in facts["rejected"]],
            },
            "days_without_a_line": gaps,
        },
        "design": (
            "One row per (hts10, census_hts10, run of days with the same weight). valid_from/valid_to bound "
            "each row to days on which hts10 is a line in force in the shipped HTSUS table, so the rows "
            "with valid_from <= day <= valid_to (empty valid_to = open) are the weights of that day and "
            "refer only to lines in force that day. Summed over a day they give the kept 2024 total, except "
            "on days_without_a_line. Several 2024 codes can give weight to the same line (merges): add "
            "their values. Periods follow the shipped revisions' effective dates; the last row of each "
            f"code is open-ended from {latest_date.isoformat()} ({latest_id}), the newest revision shipped."
        ),
        "assumptions": [
            "A 2024 code's value is split evenly across its successor lines (no information on how the "
            "goods divide); whole dollars, the remainder going to the lowest codes.",
            "A successor is a line of the same 8-digit subheading: for a code retired by a change record "
            "of 2026 Revisions 11-20, the lines the record transferred it to (even where its number was "
            "given to other goods); else the Yale concordance's same-subheading successors at that "
            "revision, else the subheading's lines that appeared that day, else all its lines in force.",
            "A 2024 code that is not a line in the 2025 Basic Edition (statistical changes of 2024-2025; no "
            "2024 schedule is on this machine) goes evenly to all 10-digit lines of its subheading in force.",
            "The 2024 value is the weight of every day of 2025-2026: trade shifts since 2024 are ignored.",
        ],
        "caveats": [
            "Chapter 91 (watches): the USITC JSON exports of 2025-2026 print no statistical lines under 95 "
            "subheadings, so the shipped table has only the 8-digit subheading; those weights use hts10 "
            "'<8 digits>00' (mapping 'subheading') and the engine must be given the 8 digits "
            "(goldenage.tariffs.calc.duty refuses the 10-digit form as an unknown line).",
            "4420.19.00.00 is missing from the 2025 Basic Edition export (restored in 2025 Rev 1): its "
            "weight is absent from 2025-01-01 to 2025-01-26 (days_without_a_line).",
            "7602.00.00.35 is absent from 2026 Rev 2 only (2026-01-30 to 2026-02-11): its weight goes to "
            "the lines of 7602.00.00 that appeared that day, then back to 7602.00.00.35.",
            "us-imports-japan/PROVENANCE.md gives 9999950000 as $1,315,082,997; the file holds "
            "$1,315,081,997 (its total and chapter 01-97 figures agree with the file).",
            "Imports for consumption, not general imports; customs value, not CIF.",
        ],
    }


# The dataset this folder declares for `goldenage data status` (goldenage.datasets.manifest):
# its edition and as-of date are read from the YAML written beside it.
FRONT_MATTER = """---
datasets:
  - id: import_weights
    name: Import weights of the effective tariff rate (US imports from Japan, 2024)
    files: [us_imports_japan_2024.csv, us_imports_japan_2024.yaml]
    source: U.S. Census Bureau, International Trade API (imports/hs), 2024, as retrieved in \
tradewartracker/trade-war-redux-2025
    edition: {file: us_imports_japan_2024.yaml, key: source.edition}
    as_of: {file: us_imports_japan_2024.yaml, key: source.retrieved_via.added_on}
---

"""


def _provenance(facts: dict[str, Any]) -> str:
    kept = facts["kept"]
    value = sum(c.value for c in kept)
    early, late, rebuilt = (facts["summary"][d.isoformat()] for d in CHECK_DATES)
    chapter98 = facts["chapter98"]
    low_value = sum(c.value for c in facts["low_value"])
    return f"""{FRONT_MATTER}# Provenance: `data/weights/`

| file | what it is |
|---|---|
| `{STEM}.csv` | {len(facts["rows"]):,} rows: the 2024 US imports for consumption from Japan of \
chapters 01-97 ({len(kept):,} HTS10 lines, ${value:,}), each given to the HTSUS line(s) in force \
from `valid_from` to `valid_to`; columns `{",".join(COLUMNS)}` |
| `{STEM}.yaml` | description, source, licence, edition, sha256 of the inputs, totals, left-out \
lines, remapping counts, design, assumptions and caveats |

- **Source:** U.S. Census Bureau, International Trade API (`timeseries/intltrade/imports/hs`,
  `CON_VAL_YR`, `CAL_DUT_YR`, `time=2024-12`, `COMM_LVL=HS10`, `CTY_CODE=5880`), as retrieved
  in GitHub `tradewartracker/trade-war-redux-2025` (`data/2024-hs10-imports5880.parquet`, added
  2025-06-23 in `e38e38d8`), read from `shared/data/third_party/us-imports-japan/`
  (sha256 `{facts["census_sha"]}`; see the PROVENANCE.md there).
- **Licence:** Census statistics are public domain in the US (17 U.S.C. 105); the upstream
  repository is MIT (c) 2025 tradewartracker. Cite: "U.S. Census Bureau, International Trade
  API (imports/hs), 2024, as retrieved in tradewartracker/trade-war-redux-2025".
- **Concordance:** `resources/hts_concordance.csv` of `{YALE_REPO}`
  at `{YALE_COMMIT}`, MIT (c) The Budget Lab at Yale
  (sha256 `{facts["concordance_sha"]}`), for codes that ceased
  in 2025 Rev 16 and 2026 Rev 2; only successors in the same 8-digit subheading are used.
- **HTSUS lines:** `data/hts/hts_lines.parquet`
  (sha256 `{facts["hts_sha"]}`), USITC, public domain; for the lines retired on 2026-07-01 by
  2026 Revision 11 (rebuilt from its change record), the transfers of
  `data/hts/changes/after_rev10.csv` (sha256 `{facts["changes_sha"]}`).
- **Built by:** `{BUILT_BY}` (deterministic; re-run to rebuild).
- **Edition:** calendar year 2024, 2024 HTSUS statistical numbers, as retrieved on or before
  2025-06-23; mapped to the HTSUS revisions in force from 2025-01-01 to the newest shipped,
  {facts["latest"][0]} ({facts["latest"][1].isoformat()}).
- **Left out:** Chapter 98 ({len(chapter98)} lines, ${sum(c.value for c in chapter98):,}),
  `9999950000` (${low_value:,}) and {len(facts["zero"])} lines with a value of 0.
- **Remapped:** on 2025-01-01, {early["codes_not_in_force"]} codes (${early["value_usd_moved"]:,})
  are not lines in force; on 2026-06-08, {late["codes_not_in_force"]} (${late["value_usd_moved"]:,});
  on 2026-07-01, {rebuilt["codes_not_in_force"]} (${rebuilt["value_usd_moved"]:,}, including the codes
  renumbered by the Revision 11 change record).
  Their value is split evenly across successor lines of the same 8-digit subheading (see the
  yaml `design` and `assumptions`).
- **Known limits:** the 2024 weights are used for every day of 2025-2026; chapter 91 watch
  subheadings carry `<8 digits>00` codes (no statistical lines in the shipped table);
  4420.19.00.00 has no line from 2025-01-01 to 2025-01-26 (absent from the 2025 Basic Edition
  export).
"""


if __name__ == "__main__":
    main()
