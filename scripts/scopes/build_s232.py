"""Build the Section 232 product scope lists in ``data/tariffs/scopes/`` from their sources.

Sources (read only, under ``../shared/data/third_party`` by default):

- ``yale-tariff-rate-tracker/us_notes/chapter99_2026_rev_6.txt``: text of the HTSUS 2026
  Revision 6 Chapter 99 notes (USITC, public domain). The product lists of U.S. notes 16, 19,
  33, 37, 38 and 39 to subchapter III are parsed from it; the legal text is the authority.
- ``yale-tariff-rate-tracker/resources/s232_*.csv|txt``: The Budget Lab at Yale's scope lists
  (MIT licence, commit ``8315fffd``). Used where the note text is not on this machine (copper
  note 36, steel derivatives of old note 16) and to date the derivative inclusions; every
  other Yale list is only compared with the legal text and the differences are reported.
- ``usitc-hts/hts_<year>_<rev>.json.gz``: USITC JSON exports, for Chapter 99 heading texts
  (first revision carrying each heading, the old steel quota-category headings used to check
  the old steel-article scope) and the 10-digit lines under the semiconductor subheadings.
- ``yale-tariff-rate-tracker/resources/metal_content_shares_bea_hs10.csv``: modelled BEA
  input-output metal shares, written (filtered and clipped) to
  ``data/tariffs/metal_content_shares.csv``.

Constants that had to be transcribed by hand (lists whose note text is not in Revision 6, or
that are printed in prose) sit below with a comment citing the note; parsed lists are
checked against expected counts and spot codes so a changed source fails loudly.

Writes ``data/tariffs/scopes/s232_*.csv|yaml``, ``data/tariffs/metal_content_shares.csv|yaml``
and the Section 232 block of ``data/tariffs/scopes/PROVENANCE.md`` (between markers; the rest
of that file is left as it is). Output is deterministic: re-running gives identical files.

Usage: ``python scripts/scopes/build_s232.py [--source DIR] [--out DIR]``.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import gzip
import json
import re
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml
from common import (
    DEFAULT_SOURCE,
    FR,
    HTS_HREF,
    REPO,
    YALE_COMMIT,
    YALE_LICENCE,
    YALE_REPO,
    D,
    NoteText,
    Row,
    ScopeList,
    carry_to_successors,
    cite,
    digits,
    expect,
    hts_note,
    notes_source,
    write_provenance,
    write_scope,
    yale_csv,
    yale_source,
)

BUILT_BY = "scripts/scopes/build_s232.py"
HTS_REPO = "arifshehab/tariff-rate-tracker"
HTS_COMMIT = "9919812fe16ad61d72318dc7b96d387cc6c226da"
HTS_LICENCE = "USITC data, public domain (17 U.S.C. 105)"

AUTOS_START = D("2025-04-03")  # Proc 10908 cl. 1; heading 9903.94.01 text "on or after April 3, 2025"
PARTS_START = D("2025-05-03")  # Proc 10908; heading 9903.94.05 text "on or after May 3, 2025"
OLD_METALS_START = D("2025-03-12")  # Procs 10895/10896; note 19(a) compiler's note
# Aluminum articles were already subject to +10% under heading 9903.85.01 on 2025-01-01
# (Proclamation 9704 of 2018; HTSUS 2025 Basic Edition, 9903.85.01 and 9903.85.06: headings
# 7601, 7604-7609 and 7616.99.51; Japan is not among the excepted countries).
ALUMINUM_2018_START = D("2025-01-01")
OLD_METALS_END = D("2026-04-05")  # Proc 11021 terminated 9903.81.87-.93, 9903.85.02-.09
COPPER_START = D("2025-08-01")  # Proc 10962
WOOD_START = D("2025-10-14")  # Proc 10976
MHD_START = D("2025-11-01")  # Proc 10984
SEMI_START = D("2026-01-15")  # Proc 11002
ANNEX_START = D("2026-04-06")  # Proc 11021; U.S. note 16 as in Rev 5-7
MOBILE_START = D("2026-06-08")  # Proc 11032; headings 9903.82.20-.26 first in 2026 Rev 10
BIS_INCLUSIONS = D("2025-08-18")  # FR Doc 2025-15819

ALL_LISTS = (
    "s232_vehicles",
    "s232_auto_parts",
    "s232_mhd_vehicles",
    "s232_buses",
    "s232_mhd_parts",
    "s232_semiconductors",
    "s232_lumber",
    "s232_wood_products",
    "s232_steel_articles",
    "s232_aluminum_articles",
    "s232_steel_derivatives",
    "s232_aluminum_derivatives",
    "s232_copper",
    "s232_metals_50",
    "s232_metals_25",
    "s232_metals_floor15",
    "s232_mobile_equipment",
)

# --- hand-verified constants --------------------------------------------------------------

# Old U.S. note 16(j) to subchapter III (scope of heading 9903.81.87, steel articles, entries
# 2025-03-12..2026-04-06; = Proclamation 9705 cl. 1 "7206.10 through 7216.50, 7216.99 through
# 7301.10, 7302.10, 7302.40 through 7302.90, and 7304.10 through 7306.90"). The note text is
# not in 2026 Rev 6 (note 16 was replaced on 2026-04-06); transcribed from the note as
# printed through 2026 Rev 4, subdivisions (j)(i)-(v). Checked below against the product
# subheadings named in the old steel quota-category headings 9903.81.01-.80 (2025 Basic).
STEEL_ARTICLES_16J: tuple[tuple[str, bool, str], ...] = (
    *((h, True, "16(j)(i) flat-rolled") for h in ("7208", "7209", "7210", "7211", "7212")),
    *((h, True, "16(j)(i) flat-rolled") for h in ("7225", "7226")),
    *((h, True, "16(j)(ii) bars and rods") for h in ("7213", "7214", "7215", "7227", "7228")),
    ("7216", True, "16(j)(ii) angles, shapes and sections"),
    ("721661", False, "16(j)(ii) excepts 7216.61.00"),
    ("721669", False, "16(j)(ii) excepts 7216.69.00"),
    ("721691", False, "16(j)(ii) excepts 7216.91.00"),
    ("7217", True, "16(j)(ii) wire"),
    ("7229", True, "16(j)(ii) wire"),
    ("73011000", True, "16(j)(ii) sheet piling"),
    ("730210", True, "16(j)(ii) rails"),
    ("73024000", True, "16(j)(ii) fish-plates and sole plates"),
    ("730290", True, "16(j)(ii) other railway track material"),
    *((h, True, "16(j)(iii) tubes, pipes and hollow profiles") for h in ("7304", "7305", "7306")),
    *((h, True, "16(j)(iv) ingots, primary forms, semi-finished") for h in ("7206", "7207")),
    ("7224", True, "16(j)(iv) ingots, primary forms, semi-finished"),
    *((h, True, "16(j)(v) stainless") for h in ("7218", "7219", "7220", "7221", "7222", "7223")),
)

# Old U.S. note 16(l) (heading 9903.81.89, the 2020 steel derivatives of Proclamation 9980),
# transcribed from the note as printed through 2026 Rev 4: (A) 7317.00.30; (B) statistical
# numbers 7317.00.5503/.5505/.5507/.5560/.5580 and 7317.00.6560 only; (C) 8708.10.30 bumper
# stampings of steel; (D) 8708.29.21 body stampings of steel for agricultural tractors.
STEEL_DERIVATIVES_16L = (
    "73170030",
    "7317005503",
    "7317005505",
    "7317005507",
    "7317005560",
    "7317005580",
    "7317006560",
    "87081030",
    "87082921",
)

# U.S. note 19(g) (heading 9903.85.02), printed in prose in Rev 6: headings 7601, 7604, 7605,
# 7606, 7607, 7608, 7609 and "castings and forgings of aluminum provided for in subheading
# 7616.99.51" (19(g)(vii); the same words in 19(b)(v) for the 2018 action, 9903.85.01). The
# castings and forgings are the statistical lines 7616.99.51.60 ("Castings") and .70
# ("Forgings") in every revision 2025-2026 (USITC JSON), which the 2026 annex (note 16(c)(i))
# also prints; the other lines of 7616.99.51 (ladders, blinds, "Other" .90...) are not covered.
# Each code is checked to occur in the text.
ALUMINUM_ARTICLES_19G = ("7601", "7604", "7605", "7606", "7607", "7608", "7609", "7616995160", "7616995170")
# Steel derivatives of the 2025 regime marked in the USITC JSON: from 2025 Revision 5 (published
# 2025-03-05, for entries from 2025-03-12) to 2026 Revision 4 the lines of old note 16(m)
# (chapter 73, heading 9903.81.90) and 16(n) (other chapters, 9903.81.91) carry the footnote
# "See U.S. note 16 to subchapter III, chapter 99"; the note's own text is not on this machine.
FOOTNOTE_REVISIONS = ("hts_2025_rev_5.json.gz", "hts_2026_rev_4.json.gz")

# Aluminum derivatives added to note 19(j)/(k) by the BIS notice "Implementation of Duties on
# Aluminum Derivatives Beer and Empty Aluminum Cans" (90 FR 14786, April 4, 2025; CBP CSMS
# #64639013), entries from 12:01 a.m. EDT April 4, 2025: 7612.90.10 empty aluminum cans (19(j))
# and 2203.00.00 beer (19(k)). Both are in the Rev 6 note text; the Yale file lacks them.
ALUMINUM_INCLUSIONS_20250404 = {"76129010": D("2025-04-04"), "22030000": D("2025-04-04")}

# U.S. note 16(c)(xi) "mobile industrial equipment" (Proc 11032, from 2026-06-08; Japan under
# 9903.82.22). Not in Rev 6 and its note text is not on this machine: taken from
# shared/reference/us_tariffs_japan.md section 7.4 (HTS+ reading of 2026 Rev 10), then checked
# to be lines of 16(c)(vii) in Rev 6. Heading 8427, heading 8429 (incl. 8429.52.10/.50),
# 8431.20, 8431.42, 8431.49.90, 8701.10, 8701.30.50, 8701.91-.95 ".50" lines, 8705.10, 8705.20.
MOBILE_EQUIPMENT_XI = (
    "8427",
    "8429",
    "84312000",
    "84314200",
    "84314990",
    "87011001",
    "87013050",
    "87019150",
    "87019250",
    "87019350",
    "87019450",
    "87019550",
    "87051000",
    "87052000",
)
# Same source: 8701.92.10 left 16(c)(vii) (25%) for 16(c)(x) (15% floor) on 2026-06-08.
MOVED_VII_TO_X = ("87019210",)

# --- parsing the note text ----------------------------------------------------------------

CODE = r"(?<![\d.])\d{4}(?:\.\d{2}(?:\.\d{2,4})?)?(?!\d)(?!\.\d)"
CODE_RE = re.compile(CODE)
TABLE_LINE = re.compile(rf"\s*(?:{CODE}[\s;]*)+")
PAGE_LINE = re.compile(
    r"Harmonized Tariff Schedule of the United States|Annotated for Statistical"
    r"|^\s*XXII\s*$|99 - III - \d+|^\s*U\.S\. Notes \(con\.\)\s*$"
)


class S232NoteText(NoteText):
    """The Chapter 99 notes text, with the list parsers of this script (markers are regexes)."""

    def table_codes(self, start: str, end: str) -> list[str]:
        """Return the codes printed in table rows (lines holding only codes) of a block."""
        lo, hi = self.block(start, end)
        out: list[str] = []
        for line in self.lines[lo:hi]:
            if PAGE_LINE.search(line) or not TABLE_LINE.fullmatch(line):
                continue
            out.extend(digits(c) for c in CODE_RE.findall(line))
        return out

    def prose_codes(self, start: str, end: str) -> list[str]:
        """Return the codes named in a prose block, leaving out Chapter 99 headings."""
        lo, hi = self.block(start, end)
        text = " ".join(line for line in self.lines[lo:hi] if not PAGE_LINE.search(line))
        return [digits(c) for c in CODE_RE.findall(text) if not c.startswith("99")]


SUBDIV = re.compile(r"\((i|ii|iii|iv|v|vi|vii|viii|ix|x)\) (?:Articles|Derivative) [a-z ]+:")
NOTE16_TITLES = {
    "i": "articles of aluminum",
    "ii": "derivative aluminum",
    "iii": "articles of steel",
    "iv": "derivative steel",
    "v": "articles of copper",
    "vi": "derivative aluminum",
    "vii": "derivative steel",
    "viii": "articles of copper",
    "ix": "derivative aluminum",
    "x": "derivative steel",
}
NOTE16_COUNTS = {
    "i": 9,
    "ii": 17,
    "iii": 39,
    "iv": 139,
    "v": 76,
    "vi": 105,
    "vii": 301,
    "viii": 4,
    "ix": 13,
    "x": 35,
}


def parse_note16(notes: S232NoteText) -> dict[str, list[str]]:
    """Parse the lists (c)(i)-(x) of U.S. note 16 (2026 Rev 6) by subdivision.

    The PDF-to-text layout interleaves two columns on page 99-III-65: the end of (iii), all of
    (iv) "Derivative steel articles" and all of (v) "Articles of copper". On that page a code of
    chapter 74 belongs to (v) and any other code to (iv); (iii) ends with 7306 on page 64.
    """
    lo, hi = notes.block(r"^\(c\) Headings 9903\.82\.02", r"^\(d\) Headings 9903\.82\.04")
    page65 = notes.find(r"99 - III - 65", lo)
    page66 = notes.find(r"99 - III - 66", lo)
    out: dict[str, list[str]] = {k: [] for k in NOTE16_TITLES}
    current: str | None = None
    token = re.compile(rf"{SUBDIV.pattern}|{CODE}")
    for i in range(lo, hi):
        line = notes.lines[i]
        if "U.S. Notes (con.)" in line:
            line = line.split("(con.)", 1)[1]  # codes of the (iv) column share this line
        elif PAGE_LINE.search(line):
            continue
        for m in token.finditer(line):
            if m.group(1):
                current = m.group(1)
                continue
            code = m.group(0)
            if code.startswith("99") or current is None:
                continue
            sub = current
            if page65 < i < page66 and sub in ("iii", "iv", "v"):
                sub = "v" if code.startswith("74") else "iv"
            out[sub].append(digits(code))
    for sub, count in NOTE16_COUNTS.items():
        expect(f"note 16(c)({sub})", out[sub], count)
    # spot checks read off the printed note
    for sub, code in (
        ("iii", "7208"),
        ("iii", "7306"),
        ("iv", "7216910010"),
        ("iv", "76141010"),
        ("v", "74081160"),
        ("vii", "8482105004"),
        ("vii", "84295210"),
        ("x", "84571000"),
        ("x", "85042300"),
        ("ix", "90139080"),
    ):
        if code not in out[sub]:
            msg = f"note 16(c)({sub}) parse lacks {code}"
            raise SystemExit(msg)
    return out


# --- rows, lists, comparisons --------------------------------------------------------------


def covers(prefix: str, code: str) -> bool:
    """Return whether an HTS prefix covers a code (or a code covers the prefix)."""
    return code.startswith(prefix) or prefix.startswith(code)


def compare(name: str, legal: Iterable[str], other: Iterable[str]) -> list[str]:
    """Describe how a third-party list differs from the legal list (both sets of prefixes)."""
    legal_set, other_set = set(legal), set(other)
    findings: list[str] = []
    only_other = sorted(p for p in other_set - legal_set)
    broader = [p for p in only_other if any(c.startswith(p) for c in legal_set)]
    narrower = [p for p in only_other if p not in broader and any(p.startswith(c) for c in legal_set)]
    extra = [p for p in only_other if p not in broader and p not in narrower]
    missing = sorted(c for c in legal_set - other_set if not any(covers(p, c) for p in other_set))
    split = sorted(
        c for c in legal_set - other_set if c not in missing and any(covers(p, c) for p in other_set)
    )
    if broader:
        findings.append(
            f"{name} gives {len(broader)} prefix(es) coarser than the legal text (the legal text"
            f" names statistical or 8-digit lines under them, possibly not all; the legal lines"
            f" are used): {', '.join(broader)}"
        )
    if narrower:
        findings.append(
            f"{name} gives {len(narrower)} prefix(es) narrower than a provision the legal text"
            f" lists whole (legal provision used): {', '.join(narrower)}"
        )
    if extra:
        findings.append(
            f"{name} has {len(extra)} code(s) not in the legal text (left out): {', '.join(extra)}"
        )
    if missing:
        findings.append(
            f"the legal text has {len(missing)} provision(s) missing from {name} (included):"
            f" {', '.join(missing)}"
        )
    if split and not (broader or narrower):
        findings.append(f"{name} gives other granularity for: {', '.join(split)}")
    if not findings:
        findings.append(f"{name} agrees with the legal text ({len(legal_set)} provisions).")
    return findings


def hts_source(name: str) -> dict[str, str]:
    """Return a source entry for a USITC JSON export."""
    return {
        "repository": HTS_REPO,
        "commit": HTS_COMMIT,
        "file": f"data/hts_archives/{name}",
        "licence": HTS_LICENCE,
    }


P10908 = (
    "Proclamation 10908 of March 26, 2025 (Adjusting Imports of Automobiles and Automobile Parts"
    " into the United States)"
)
P10984 = (
    "Proclamation 10984 of October 17, 2025 (Section 232: medium- and heavy-duty trucks, their"
    " parts, and buses)"
)
P10976 = (
    "Proclamation 10976 of September 29, 2025 (Section 232: timber, lumber and their derivative products)"
)
P11021 = (
    "Proclamation 11021 of April 2, 2026 (Section 232: restructuring of the aluminum, steel and"
    " copper actions); CBP CSMS #68253075, #68554727"
)


# --- the lists --------------------------------------------------------------------------


class Builder:
    """Builds every Section 232 list from the sources."""

    def __init__(self, source: Path) -> None:
        self.yale = source / "yale-tariff-rate-tracker"
        self.hts_dir = source / "usitc-hts"
        self.notes = S232NoteText(self.yale / "us_notes" / "chapter99_2026_rev_6.txt")
        self.note16 = parse_note16(self.notes)
        self.lists: dict[str, ScopeList] = {}
        self.general: list[str] = []
        self.overlaps: list[str] = []
        self._hts_cache: dict[str, list[dict[str, Any]]] = {}

    # helpers
    def hts(self, name: str) -> list[dict[str, Any]]:
        """Return the rows of a USITC JSON export."""
        if name not in self._hts_cache:
            with gzip.open(self.hts_dir / name, "rt", encoding="utf-8") as handle:
                self._hts_cache[name] = json.load(handle)
        return self._hts_cache[name]

    def heading_text(self, name: str, heading: str) -> str:
        """Return ``general | description`` of a Chapter 99 heading in a JSON export."""
        for row in self.hts(name):
            if row["htsno"] == heading:
                return f"{row['general']} | {row['description']}"
        msg = f"{name}: heading {heading} not found"
        raise SystemExit(msg)

    def yale_lines(self, name: str) -> list[str]:
        """Return the codes of a one-code-a-line Yale file."""
        text = (self.yale / "resources" / name).read_text(encoding="utf-8")
        return [line.strip() for line in text.splitlines() if line.strip()]

    def new(self, list_id: str, **kwargs: Any) -> ScopeList:
        """Register a new list."""
        scope = ScopeList(id=list_id, **kwargs)
        self.lists[list_id] = scope
        return scope

    # autos (note 33)
    def vehicles(self) -> None:
        """Note 33(b): passenger vehicles and light trucks (9903.94.01)."""
        codes = expect(
            "note 33(b)",
            self.notes.table_codes(
                r"^\(b\) The rates of duty set forth in headings 9903\.94\.01",
                r"^\(c\) Heading 9903\.94\.02 applies",
            ),
            17,
            ("87032301", "87032401", "87038000", "87042101"),
        )
        s = self.new(
            "s232_vehicles",
            title="Passenger vehicles and light trucks (note 33(b))",
            description=(
                "Section 232 automobiles: passenger vehicles (sedans, SUVs, crossovers, minivans,"
                " cargo vans) and light trucks classifiable in the provisions of U.S. note 33(b)"
                " to subchapter III of chapter 99. Heading 9903.94.01 (+25%); goods of Japan from"
                " 2025-09-16 under 9903.94.40 (column 1 >= 15%, no additional duty) or 9903.94.41"
                " (column 1 + additional = 15%). Articles in these provisions that are not such"
                " vehicles fall under 9903.94.02 (no duty); vehicles 25+ years old 9903.94.04."
            ),
            reference=[
                hts_note("U.S. note 33(a), (b), (k)"),
                cite(P10908, "90 FR 14705, FR Doc 2025-05930", "clause 1; Annex", FR + "2025-05930"),
            ],
            sources=[notes_source()],
            complete=True,
            note=(
                "List as printed in 2026 Rev 6, applied from 2025-04-03 (the 9903.94.01 heading"
                " text in every revision since 2025 Rev 6 names entries on or after April 3, 2025)."
                " Membership is by classification; the vehicle-type test of note 33(a) is not"
                " encoded."
            ),
            legal_text="HTSUS 2026 Rev 6, U.S. note 33(b) to subchapter III",
        )
        for c in codes:
            s.add(c, AUTOS_START, "33(b); 9903.94.01 (JP 9903.94.40/.41 from 2025-09-16)")
        s.findings.append(
            "Heading 9903.94.01 in 2025 Rev 6 JSON: "
            + self.heading_text("hts_2025_rev_6.json.gz", "9903.94.01")
        )

    def auto_parts(self) -> None:
        """Note 33(g): automobile parts (9903.94.05)."""
        codes = expect(
            "note 33(g)",
            self.notes.table_codes(
                r"^\(g\) Subject to a manufacturer's import adjustment offset",
                r"^\(h\) Heading 9903\.94\.06 applies",
            ),
            130,
            ("40111010", "87084011", "850760", "8471", "94012000"),
        )
        s = self.new(
            "s232_auto_parts",
            title="Automobile parts (note 33(g))",
            description=(
                "Section 232 automobile parts: parts of passenger vehicles and light trucks"
                " classifiable in the provisions of U.S. note 33(g) to subchapter III (heading"
                " 9903.94.05, +25%, subject to the Proc 10925 offset). Goods of Japan from"
                " 2025-09-16: 9903.94.42 (column 1 >= 15%, no additional duty) or 9903.94.43"
                " (column 1 + additional = 15%). Articles in these provisions that are not"
                " vehicle parts, or USMCA-qualifying, fall under 9903.94.06 (no duty)."
            ),
            reference=[
                hts_note("U.S. note 33(f), (g), (h), (l)"),
                cite(P10908, "90 FR 14705, FR Doc 2025-05930", "Annex I (parts)", FR + "2025-05930"),
            ],
            sources=[notes_source(), yale_source("resources/s232_auto_parts.txt")],
            complete=True,
            note=(
                "Parsed from note 33(g) as printed in 2026 Rev 6 and applied from 2025-05-03;"
                " earlier revisions of the note text are not on this machine, so later changes"
                " to the list (if any) are not dated. Parts certified under note 33(p)/(r)"
                " (9903.94.07, Japan 9903.94.54/.55) are not in this list."
            ),
            legal_text="HTSUS 2026 Rev 6, U.S. note 33(g) to subchapter III",
        )
        for c in codes:
            s.add(c, PARTS_START, "33(g); 9903.94.05 (JP 9903.94.42/.43 from 2025-09-16)")
        s.findings += compare("s232_auto_parts.txt", codes, self.yale_lines("s232_auto_parts.txt"))

    # medium- and heavy-duty vehicles (note 38)
    def mhd(self) -> None:
        """Note 38(b), (c), (i): MHD vehicles, buses, MHD parts."""
        vehicles = expect(
            "note 38(b)",
            self.notes.table_codes(
                r"^\s*\(b\) The rate of duty set forth in heading 9903\.74\.01",
                r"^\s*\(c\) Heading 9903\.74\.02 applies",
            ),
            25,
            ("87012100", "8705900080", "87091900"),
        )
        buses = expect(
            "note 38(c)",
            self.notes.table_codes(r"^\s*\(c\) Heading 9903\.74\.02 applies", r"^\(d\) Heading 9903\.74\.03"),
            10,
            ("87021031", "87029061"),
        )
        parts = expect(
            "note 38(i)",
            self.notes.table_codes(
                r"^\(i\) The rates of duty set forth in heading 9903\.74\.08",
                r"^\(j\) Heading 9903\.74\.09",
            ),
            182,
            ("4009120020", "8708994850", "94012000"),
        )
        common = {
            "sources": [notes_source()],
            "complete": True,
        }
        proc_cite = cite(P10984, "90 FR 48451, FR Doc 2025-19639", "Annexes", FR + "2025-19639")
        s = self.new(
            "s232_mhd_vehicles",
            title="Medium- and heavy-duty vehicles (note 38(b))",
            description=(
                "Section 232 medium- and heavy-duty vehicles classifiable in the provisions of"
                " U.S. note 38(b) to subchapter III: heading 9903.74.01, +25% on the full value;"
                " no Japan-specific rate. Non-MHD articles in these provisions: 9903.74.05;"
                " USMCA U.S.-content split 9903.74.03/.06; 25+ years old 9903.74.07."
            ),
            reference=[hts_note("U.S. note 38(a), (b)"), proc_cite],
            note="Parsed from 2026 Rev 6; headings 9903.74.xx first appear in 2025 Rev 26.",
            legal_text="HTSUS 2026 Rev 6, U.S. note 38(b) to subchapter III",
            **common,
        )
        for c in vehicles:
            s.add(c, MHD_START, "38(b); 9903.74.01")
        s = self.new(
            "s232_buses",
            title="Buses (note 38(c))",
            description=(
                "Section 232 buses and other vehicles of heading 8702 classifiable in the"
                " provisions of U.S. note 38(c) to subchapter III: heading 9903.74.02, +10% on"
                " the full value; no Japan-specific rate."
            ),
            reference=[hts_note("U.S. note 38(a), (c)"), proc_cite],
            note="Parsed from 2026 Rev 6.",
            legal_text="HTSUS 2026 Rev 6, U.S. note 38(c) to subchapter III",
            **common,
        )
        for c in buses:
            s.add(c, MHD_START, "38(c); 9903.74.02")
        s = self.new(
            "s232_mhd_parts",
            title="Medium- and heavy-duty vehicle parts (note 38(i))",
            description=(
                "Section 232 parts of medium- and heavy-duty vehicles classifiable in the"
                " provisions of U.S. note 38(i) to subchapter III: heading 9903.74.08, +25% on"
                " the full value; no Japan-specific rate. Not-MHD-parts in these provisions:"
                " 9903.74.11; USMCA-qualifying: 9903.74.10. Certified parts under note 38(j)"
                " (9903.74.09) are not in this list."
            ),
            reference=[hts_note("U.S. note 38(h), (i)"), proc_cite],
            note="Parsed from 2026 Rev 6.",
            legal_text="HTSUS 2026 Rev 6, U.S. note 38(i) to subchapter III",
            sources=[notes_source(), yale_source("resources/s232_mhd_parts.txt")],
            complete=True,
        )
        for c in parts:
            s.add(c, MHD_START, "38(i); 9903.74.08")
        s.findings += compare("s232_mhd_parts.txt", parts, self.yale_lines("s232_mhd_parts.txt"))

    # semiconductors (note 39)
    def semiconductors(self) -> None:
        """Note 39(b): semiconductor articles (9903.79.01)."""
        codes = expect(
            "note 39(b)",
            self.notes.table_codes(
                r'^\s*\(b\) For the purposes of this note, "semiconductor articles"',
                r"^\s*To be included within the definition of semiconductor articles",
            ),
            3,
            ("847150", "847180", "847330"),
        )
        s = self.new(
            "s232_semiconductors",
            title="Semiconductor articles (note 39(b))",
            description=(
                "Provisions in which Section 232 semiconductor articles are classifiable (U.S."
                " note 39(b) to subchapter III): heading 9903.79.01, +25% on the full value,"
                " only for logic integrated circuits (or articles containing one) meeting the TPP"
                " and DRAM-bandwidth windows of note 39(b); other goods in these provisions:"
                " 9903.79.02; end-use exemptions 9903.79.03-.09. No Japan-specific rate."
            ),
            reference=[
                hts_note("U.S. note 39(a)-(d)"),
                cite(
                    "Proclamation 11002 of January 14, 2026 (Section 232: semiconductors); CBP"
                    " CSMS #67400472",
                    "Proclamation 11002 (FR page not verified offline)",
                    "Annex; heading 9903.79.01",
                ),
            ],
            sources=[
                notes_source(),
                yale_source("resources/s232_semi_products.csv"),
                hts_source("hts_2026_rev_1.json.gz"),
            ],
            complete=True,
            note=(
                "The list is the classification condition only: membership here does not make"
                " an article a semiconductor article; the technical test and end-use exemptions"
                " are inputs the engine must take from the importer."
            ),
            legal_text="HTSUS 2026 Rev 6, U.S. note 39(b) to subchapter III",
        )
        for c in codes:
            s.add(c, SEMI_START, "39(b); 9903.79.01 (technical parameters required)")
        lines = sorted(
            digits(r["htsno"])
            for r in self.hts("hts_2026_rev_1.json.gz")
            if len(digits(r["htsno"])) == 10 and digits(r["htsno"]).startswith(tuple(codes))
        )
        yale = sorted(r["hts10"] for r in yale_csv(self.yale, "s232_semi_products.csv"))
        if lines == yale:
            s.findings.append(
                f"s232_semi_products.csv lists exactly the {len(yale)} statistical lines under"
                " 8471.50, 8471.80 and 8473.30 in 2026 Rev 1; the legal text names the 6-digit"
                " subheadings, which are used."
            )
        else:
            s.findings.append(
                "s232_semi_products.csv differs from the 10-digit lines under the note 39(b)"
                f" subheadings in 2026 Rev 1: Yale-only {sorted(set(yale) - set(lines))},"
                f" HTS-only {sorted(set(lines) - set(yale))}"
            )

    # wood (note 37)
    def wood(self) -> None:
        """Note 37(b), (d), (f): lumber and wood products."""
        lumber = expect(
            "note 37(b)",
            self.notes.table_codes(
                r"^\(b\) The rates of duty set forth in heading 9903\.76\.01",
                r"^\(c\) Heading 9903\.76\.02 provides",
            ),
            15,
            ("44071100", "44031100"),
        )
        seats = expect(
            "note 37(d)",
            self.notes.table_codes(
                r"^\(d\) The rates of duty set forth in headings 9903\.76\.02",
                r"^\(e\) Except for as provided by 9903\.76\.04",
            ),
            4,
            ("9401614011",),
        )
        cabinets = expect(
            "note 37(f)",
            self.notes.table_codes(
                r"^\(f\) Except for as provided by 9903\.76\.04, the rates",
                r"^\(g\) Heading 9903\.76\.04 applies",
            ),
            3,
            ("9403608093",),
        )
        proc_cite = cite(P10976, "90 FR 48127, FR Doc 2025-19482", "Annex", FR + "2025-19482")
        s = self.new(
            "s232_lumber",
            title="Softwood timber and lumber (note 37(b))",
            description=(
                "Section 232 softwood timber and lumber classifiable in the provisions of U.S."
                " note 37(b) to subchapter III: heading 9903.76.01, +10% on the full value;"
                " no Japan-specific rate."
            ),
            reference=[hts_note("U.S. note 37(a), (b)"), proc_cite],
            sources=[notes_source()],
            complete=True,
            note="Parsed from 2026 Rev 6; headings 9903.76.xx first appear in 2025 Rev 25.",
            legal_text="HTSUS 2026 Rev 6, U.S. note 37(b) to subchapter III",
        )
        for c in lumber:
            s.add(c, WOOD_START, "37(b); 9903.76.01")
        s = self.new(
            "s232_wood_products",
            title="Upholstered wooden seats and kitchen cabinets/vanities (note 37(d), (f))",
            description=(
                "Section 232 wood products: upholstered wooden seats (U.S. note 37(d)) and"
                " completed kitchen cabinets and vanities and their parts (note 37(f)). Others:"
                " 9903.76.02 (seats) / 9903.76.03 (cabinets), +25%; goods of Japan: 9903.76.21,"
                " column 1 + additional = 15% ('15%', collected in lieu of any special rate)."
                " Articles in the (f) provisions that are not wooden cabinets/vanities or parts:"
                " 9903.76.04 (no duty)."
            ),
            reference=[hts_note("U.S. note 37(c)-(g), (i)"), proc_cite],
            sources=[notes_source()],
            complete=True,
            note=(
                "Statistical lines as printed in 2026 Rev 6. The wood-or-not test of 37(g) is"
                " not encoded. Scheduled 2026-01-01 increases were postponed (reference 7.5)."
            ),
            legal_text="HTSUS 2026 Rev 6, U.S. note 37(d), (f) to subchapter III",
        )
        for c in seats:
            s.add(c, WOOD_START, "37(d) upholstered wooden seats; 9903.76.02 (JP 9903.76.21)")
        for c in cabinets:
            s.add(c, WOOD_START, "37(f) kitchen cabinets/vanities; 9903.76.03 (JP 9903.76.21)")
        s.findings.append(
            "Heading 9903.76.21 in 2025 Rev 25 JSON: "
            + self.heading_text("hts_2025_rev_25.json.gz", "9903.76.21")
        )

    # old metals regime
    def steel_articles(self) -> None:
        """Old note 16(j): steel articles (9903.81.87), 2025-03-12..2026-04-05."""
        s = self.new(
            "s232_steel_articles",
            title="Steel articles, 2025 regime (old note 16(j))",
            description=(
                "Section 232 steel articles of the 2025 regime (Proclamation 9705 as amended by"
                " Procs 10896 and 10947): products of iron or steel in the provisions of old U.S."
                " note 16(j) to subchapter III, heading 9903.81.87 (+25% from 2025-03-12, +50%"
                " from 2025-06-04; FTZ twin 9903.81.88). Derivative products of 9903.81.89-.91"
                " are excepted from 9903.81.87. Terminated for entries from 2026-04-06."
            ),
            reference=[
                {
                    "title": "Harmonized Tariff Schedule of the United States, heading 9903.81.87",
                    "document": "HTSUS 2025 Revision 20, Chapter 99 (USITC JSON export)",
                    "section": "heading 9903.81.87; U.S. note 16(j) to subchapter III (as printed"
                    " through 2026 Revision 4)",
                    "href": HTS_HREF,
                    "edition": "2025 Revision 20",
                },
                cite(
                    "Proclamation 10896 of February 10, 2025 (Section 232: steel)",
                    "90 FR 9817",
                    "Annex; steel articles as defined in Proclamation 9705 clause 1",
                ),
                cite(
                    "Proclamation 10947 of June 3, 2025 (Section 232: aluminum and steel at 50%)",
                    "90 FR 24199",
                    "50% from June 4, 2025",
                ),
            ],
            sources=[hts_source("hts_2025_rev_20.json.gz"), hts_source("hts_2025_basic.json.gz")],
            complete=True,
            note=(
                "Old note 16 is not in 2026 Rev 6 and no earlier note text is on this machine;"
                " the 16(j) provisions are hand-transcribed constants (see the script), checked"
                " against the subheadings named in the old steel quota-category headings"
                " 9903.81.01-.80 of the 2025 Basic JSON export. Per old note 16(i) (not on this"
                " machine; secondary sources) chapter 73 articles pay on the steel content."
            ),
            legal_text="old U.S. note 16(j) to subchapter III (HTSUS 2025 Basic - 2026 Rev 4)",
        )
        for prefix, include, note in STEEL_ARTICLES_16J:
            s.rows.append(Row(prefix, OLD_METALS_START, OLD_METALS_END, f"{note}; 9903.81.87", include))
        # check: every product subheading in the old quota-category headings is in scope
        named: set[str] = set()
        for row in self.hts("hts_2025_basic.json.gz"):
            h = row["htsno"]
            if h.startswith("9903.81.") and "01" <= h[-2:] <= "80":
                text = re.sub(r"statistical reporting numbers? [\d., or]+", "", row["description"])
                named |= {digits(c) for c in CODE_RE.findall(text) if not c.startswith("99")}
        misprints = sorted(c for c in named if not c.startswith("72") and not c.startswith("73"))
        probe = Scope1(s.rows)
        outside = sorted(c for c in named if c not in misprints and not probe.contains(c, OLD_METALS_START))
        s.findings.append(
            f"{len(named)} product subheadings named in headings 9903.81.01-.80 (2025 Basic);"
            f" outside the 16(j) constants: {outside or 'none'}; not of chapter 72/73 (misprints,"
            f" e.g. 9213.91.45 for 7213.91.45): {misprints or 'none'}."
        )
        if outside:
            msg = f"steel articles: quota-category subheadings outside 16(j): {outside}"
            raise SystemExit(msg)

    def aluminum_articles(self) -> None:
        """Note 19(g): aluminum articles (9903.85.02), 2025-03-12..2026-04-05."""
        lo, hi = self.notes.block(
            r"^\(g\) The rates of duty set forth in heading 9903\.85\.02",
            r"^\(h\) Except as provided in heading 9903\.96\.02",
        )
        text = " ".join(self.notes.lines[lo:hi])
        for c in ("7601", "7604", "7605", "7606", "7607", "7608", "7609", "7616.99.51"):
            if c not in text:
                msg = f"note 19(g): {c} not found in the text"
                raise SystemExit(msg)
        derivatives_19j = self.note19_list("j")
        s = self.new(
            "s232_aluminum_articles",
            title="Aluminum articles, 2025 regime (note 19(g))",
            description=(
                "Section 232 aluminum articles: provisions of U.S. note 19(g) to subchapter III,"
                " heading 9903.85.01 (+10%, Proclamation 9704 of 2018) until 2025-03-11, then"
                " 9903.85.02 (+25% from 2025-03-12, +50% from 2025-06-04). Per note 19(f), for"
                " goods of chapter 76 (all of this list) the duty applies only to the declared"
                " value of the aluminum content. Terminated for entries from 2026-04-06."
            ),
            reference=[
                hts_note("U.S. note 19(f), (g); heading 9903.85.02"),
                cite(
                    "Proclamation 10895 of February 10, 2025 (Section 232: aluminum)",
                    "90 FR 9807",
                    "Annex",
                ),
            ],
            sources=[notes_source()],
            complete=True,
            note=(
                "Note 19 (old regime) is still printed in 2026 Rev 6 with a compiler's note that"
                " its headings terminated on 2026-04-06. The statistical lines of 7616.99.51 that"
                " note 19(j) names as derivatives (9903.85.07) are carved out here."
            ),
            legal_text="HTSUS 2026 Rev 6, U.S. note 19(f), (g) to subchapter III",
        )
        if "castings and forgings of aluminum provided for in subheading 7616.99.51" not in " ".join(
            text.split()
        ):
            msg = "note 19(g): the castings and forgings of 7616.99.51 were not found"
            raise SystemExit(msg)
        for c in ALUMINUM_ARTICLES_19G:
            note = "19(g); 9903.85.02 (9903.85.01 at +10% before 2025-03-12)"
            if c.startswith("76169951"):
                note = "19(g)(vii) castings and forgings of 7616.99.51; " + note
            s.rows.append(Row(c, ALUMINUM_2018_START, OLD_METALS_END, note))
        inside = [c for c in derivatives_19j if c.startswith("76169951")]
        s.findings.append(
            "7616.99.51 is covered only for its castings (.60) and forgings (.70), as notes 19(b)(v) and"
            f" 19(g)(vii) say; the lines of it that 19(j) names ({', '.join(inside)}) are derivatives"
            " under 9903.85.07 (s232_aluminum_derivatives), and the rest (e.g. .90 'Other') is in no list."
        )

    def note19_list(self, sub: str) -> list[str]:
        """Return the codes of old note 19(i), (j) or (k) as printed in 2026 Rev 6."""
        spec = {
            "i": (
                r"^\(i\) The rates of duty set forth in heading 9903\.85\.04",
                r"^\(j\) The rates of duty set forth in heading 9903\.85\.07",
                6,
            ),
            "j": (
                r"^\(j\) The rates of duty set forth in heading 9903\.85\.07",
                r"^\(k\) The rates of duty in heading 9903\.85\.08",
                24,
            ),
            "k": (
                r"^\(k\) The rates of duty in heading 9903\.85\.08",
                r"^For any derivative aluminum product that is classified",
                224,
            ),
        }[sub]
        codes = self.notes.prose_codes(spec[0], spec[1])
        if sub == "i":  # prose names "heading 8701 to 8705"; the list is "(described in ...)"
            lo, hi = self.notes.block(spec[0], spec[1])
            text = " ".join(self.notes.lines[lo:hi])
            codes = [digits(c) for c in re.findall(rf"described\s+in\s+subheading\s+({CODE})", text)]
        return expect(f"note 19({sub})", codes, spec[2])

    def aluminum_derivatives(self) -> None:
        """Build the aluminum derivatives of notes 19(i), (j), (k) (9903.85.04/.07/.08)."""
        yale = [r for r in yale_csv(self.yale, "s232_derivative_products.csv")]
        s = self.new(
            "s232_aluminum_derivatives",
            title="Aluminum derivatives, 2025 regime (note 19(i), (j), (k))",
            description=(
                "Section 232 derivative aluminum articles of the 2025 regime (U.S. note 19 to"
                " subchapter III): 19(i) heading 9903.85.04 (the 2020 derivatives; +25%/+50%),"
                " 19(j) heading 9903.85.07 (chapter 76 derivatives; +25%/+50%), 19(k) heading"
                " 9903.85.08 (+25%/+50% of the value of the aluminum content). Per note 19(h),"
                " for chapter 76 goods 9903.85.04/.07 also apply only to the aluminum content;"
                " 8708.10.30 and 8708.29.21 under 9903.85.04 pay on the full value. Aluminum"
                " smelted and cast in the United States: 9903.85.09 (no duty). The ch99 heading"
                " of each row is in its note. Terminated for entries from 2026-04-06."
            ),
            reference=[
                hts_note("U.S. note 19(h)-(k)"),
                cite(
                    "Proclamation 10895 of February 10, 2025 (Section 232: aluminum)",
                    "90 FR 9807",
                    "Annex (derivatives from March 12, 2025)",
                ),
                cite(
                    "Bureau of Industry and Security: Adoption and Procedures of the Section 232"
                    " Steel and Aluminum Tariff Inclusions Process",
                    "90 FR (August 19, 2025), FR Doc 2025-15819",
                    "Annexes (407 HTSUS codes added from August 18, 2025)",
                    FR + "2025-15819",
                ),
            ],
            sources=[notes_source(), yale_source("resources/s232_derivative_products.csv")],
            complete=True,
            note=(
                "Scope parsed from note 19(i)-(k) as printed in 2026 Rev 6 (i.e. after the"
                " August 2025 inclusions); start dates from s232_derivative_products.csv (blank"
                " date = original derivative, 2025-03-12). Codes of 19(k) absent from the Yale"
                " file are dated 2025-03-12, except beer and cans (2025-04-04; see"
                " PROVENANCE.md)."
            ),
            legal_text="HTSUS 2026 Rev 6, U.S. note 19(i), (j), (k) to subchapter III",
        )
        heading = {"i": "9903.85.04", "j": "9903.85.07", "k": "9903.85.08"}
        undated: list[str] = []
        seen: dict[str, str] = {}
        for sub in ("i", "j", "k"):
            ch99 = heading[sub]
            ymatch = [r for r in yale if r["ch99_code"] == ch99]
            legal = self.note19_list(sub)
            for c in legal:
                if c in seen:
                    s.findings.append(f"{c} is listed in both {seen[c]} and 19({sub}); first kept.")
                    continue
                seen[c] = f"19({sub})"
                dates = sorted({r["effective_date"] for r in ymatch if covers(r["hts_prefix"], c)})
                if c in ALUMINUM_INCLUSIONS_20250404:
                    start = ALUMINUM_INCLUSIONS_20250404[c]
                    s.findings.append(
                        f"{c}: dated {start} by the BIS beer/cans notice (90 FR 14786); Yale"
                        f" dates: {dates or 'none'}."
                    )
                elif not dates:
                    undated.append(f"{c} ({ch99})")
                    start = OLD_METALS_START
                else:
                    start = D(dates[0]) if dates[0] else OLD_METALS_START
                    if len(dates) > 1:
                        s.findings.append(
                            f"{c}: Yale gives several rows dated {dates}; the earliest is used"
                            " (blank = original derivative)."
                        )
                s.add(c, start, f"{ch99}; 19({sub})", OLD_METALS_END)
            s.findings += compare(
                f"s232_derivative_products.csv [{ch99}]",
                legal,
                [r["hts_prefix"] for r in ymatch],
            )
        if undated:
            s.findings.append(
                f"{len(undated)} code(s) of the legal text have no row in the Yale file and"
                f" were dated 2025-03-12 (inclusion date not verified): {', '.join(undated)}"
            )
        s.findings.append(
            "8708.10.30 is listed in 19(i) (9903.85.04, full value) while its statistical line"
            " 8708.10.3050 is listed in 19(k) (9903.85.08, aluminum content): the longer prefix"
            " (19(k)) wins for 8708.10.30.50."
        )

    def steel_derivatives(self) -> None:
        """Old note 16(l)-(n): steel derivatives (9903.81.89-.93)."""
        yale = [
            r for r in yale_csv(self.yale, "s232_derivative_products.csv") if r["derivative_type"] == "steel"
        ]
        s = self.new(
            "s232_steel_derivatives",
            title="Steel derivatives, 2025 regime (old note 16(l), (m), (n))",
            description=(
                "Section 232 derivative iron or steel articles of the 2025 regime: old U.S. note"
                " 16(l) heading 9903.81.89 (the 2020 derivatives: nails, bumper and body"
                " stampings; +25%/+50%), 16(m) heading 9903.81.90 (+25%/+50%) and 16(n) heading"
                " 9903.81.91 (+25%/+50% of the value of the steel content); FTZ twin 9903.81.93;"
                " U.S.-melted steel 9903.81.92 (no duty). The ch99 heading of each row is in its"
                " note. Terminated for entries from 2026-04-06."
            ),
            reference=[
                {
                    "title": "Harmonized Tariff Schedule of the United States, headings"
                    " 9903.81.89-9903.81.93",
                    "document": "HTSUS 2025 Revision 20, Chapter 99 (USITC JSON export)",
                    "section": "headings 9903.81.89-.93; old U.S. note 16(l)-(n)",
                    "href": HTS_HREF,
                    "edition": "2025 Revision 20",
                },
                cite(
                    "Proclamation 10896 of February 10, 2025 (Section 232: steel)",
                    "90 FR 9817",
                    "Annex (derivatives from March 12, 2025)",
                ),
                cite(
                    "Bureau of Industry and Security: Adoption and Procedures of the Section 232"
                    " Steel and Aluminum Tariff Inclusions Process",
                    "90 FR (August 19, 2025), FR Doc 2025-15819",
                    "Annexes (407 HTSUS codes added from August 18, 2025)",
                    FR + "2025-15819",
                ),
            ],
            sources=[
                yale_source("resources/s232_derivative_products.csv"),
                hts_source("hts_2025_rev_20.json.gz"),
            ],
            complete=False,
            note=(
                "The note 16(l) lines are hand-transcribed (9903.81.89, from 2025-03-12); the lines of"
                " old notes 16(m) (9903.81.90, chapter 73, full value) and 16(n) (9903.81.91, steel"
                " content) in force from 2025-03-12 are the lines the USITC JSON of 2025 Rev 5 marks"
                " 'See U.S. note 16' (the note text itself is not on this machine: where 16(m) named"
                " only some statistical lines of a footnoted subheading, the row is broader); the BIS"
                " inclusions of 2025-08-18 are the Yale list (HTS8), narrowed to the 10-digit lines"
                " that note 19(k) prints under a Yale row; elsewhere the Yale 8-digit rows may be"
                " broader than the BIS annex (FR Doc 2025-15819, not on this machine). The 2026"
                " annexes are no evidence for the 2025 granularity: they left out the note 33(g)"
                " auto-part lines on purpose (e.g. 8482.10.50.44/.48)."
            ),
            legal_text="old U.S. note 16(l)-(n) (not on this machine except 16(l))",
        )
        for c in STEEL_DERIVATIVES_16L:
            s.add(c, OLD_METALS_START, "9903.81.89; 16(l)", OLD_METALS_END)
        constants = set(STEEL_DERIVATIVES_16L)
        # The same BIS inclusions were published for aluminum, whose list the legal text
        # prints at 10 digits (note 19(k)). Where Yale's 8-digit steel row has 19(k) lines
        # only at 10 digits under it (e.g. 3004.90.92 vs 3004.90.9244), the 8-digit row
        # would cover far more than BIS named; keep the 10-digit lines instead.
        aluminum_19k = self.note19_list("k")
        narrowed = []
        for r in yale:
            p = r["hts_prefix"]
            if p in constants:
                s.findings.append(f"{p} is in 16(l) and in the Yale list ({r['ch99_code']}); 16(l) kept.")
                continue
            start = D(r["effective_date"]) if r["effective_date"] else OLD_METALS_START
            finer = sorted(c for c in aluminum_19k if c.startswith(p) and len(c) > len(p))
            if len(p) == 8 and finer and p not in aluminum_19k:
                for c in finer:
                    note = f"{r['ch99_code']}; BIS inclusion (Yale {p}, narrowed to the 19(k) line)"
                    s.add(c, start, note, OLD_METALS_END)
                narrowed.append(f"{p} -> {', '.join(finer)}")
                continue
            s.add(p, start, f"{r['ch99_code']}; BIS inclusion (Yale list)", OLD_METALS_END)
        if narrowed:
            s.findings.append(
                f"{len(narrowed)} Yale 8-digit steel rows narrowed to the 10-digit lines that note"
                f" 19(k) names for the same BIS inclusion: {'; '.join(narrowed)}."
            )
        dates = sorted({r["effective_date"] or "blank" for r in yale})
        codes = sorted({r["ch99_code"] for r in yale})
        s.findings.append(
            f"Yale steel derivative rows: {len(yale)}, headings {codes}, dates {dates}; none for"
            " 9903.81.89/.90 and none dated 2025-03-12 (the Yale model covers chapters 72-73 by"
            " a blanket rule instead)."
        )
        self.steel_derivatives_from_footnotes(s, constants)

    def footnoted(self, name: str, note: str) -> list[str]:
        """Return the lines (digits) of a USITC JSON export with a footnote naming ``U.S. note <note>``."""
        rx = re.compile(rf"note {note}\b")
        return sorted(
            digits(r["htsno"])
            for r in self.hts(name)
            if any(rx.search(f.get("value", "")) for f in r.get("footnotes") or [])
        )

    def steel_derivatives_from_footnotes(self, s: ScopeList, constants: set[str]) -> None:
        """Add the old note 16(m)/(n) lines the USITC JSON marks, 2025-03-12..2026-04-05.

        Every line footnoted "See U.S. note 16" in 2025 Revision 5 that is neither a steel article
        of 16(j) (s232_steel_articles) nor a 16(l) line: chapter 73 under 16(m) (heading 9903.81.90,
        +25%/+50% of the full value), the others under 16(n) (9903.81.91, of the steel content).
        Lines no longer footnoted in 2026 Revision 4, the last revision of the regime, are reported.
        """
        first, last = (self.footnoted(name, "16") for name in FOOTNOTE_REVISIONS)
        gone = sorted(set(first) - set(last))
        if gone:
            s.findings.append(
                f"footnoted in {FOOTNOTE_REVISIONS[0]} but not in {FOOTNOTE_REVISIONS[1]}: {', '.join(gone)}"
                " (a steel article of 16(j) in both; not a derivative)."
            )
        articles = Scope1(self.lists["s232_steel_articles"].rows)
        listed = Scope1(list(s.rows))
        added = {"m": 0, "n": 0}
        already = []
        for c in first:
            if articles.contains(c.ljust(10, "0"), OLD_METALS_START):
                continue
            if any(k.startswith(c) or c.startswith(k) for k in constants):  # 16(l) names the lines
                continue
            if listed.contains(c.ljust(10, "0"), OLD_METALS_START):
                already.append(c)
                continue
            sub, heading = ("m", "9903.81.90") if c.startswith("73") else ("n", "9903.81.91")
            s.add(
                c,
                OLD_METALS_START,
                f"{heading}; 16({sub}), footnoted 'See U.S. note 16' (USITC JSON)",
                OLD_METALS_END,
            )
            added[sub] += 1
        if (added["m"], added["n"]) != (152, 12):  # as counted when the list was first built
            msg = f"note 16(m)/(n) lines footnoted in 2025 Rev 5: {added}, expected 152 and 12"
            raise SystemExit(msg)
        s.sources.append(hts_source(FOOTNOTE_REVISIONS[0]))
        s.sources.append(hts_source(FOOTNOTE_REVISIONS[1]))
        s.findings.append(
            f"{added['m']} chapter 73 lines (16(m), 9903.81.90) and {added['n']} other lines (16(n),"
            " 9903.81.91) added from the USITC JSON footnotes 'See U.S. note 16' of 2025 Rev 5 (present"
            f" to 2026 Rev 4), in force 2025-03-12 to 2026-04-05; {len(already)} footnoted lines were"
            " already listed. The footnote sits on the provision as the annex named it (8 or 10"
            " digits); where 16(m) named only some statistical lines of a footnoted subheading the"
            " row is broader than the note, whose text is not on this machine. CBP CSMS #64384423"
            " certified 9903.81.90 from 2025-03-12; for 16(n) (outside chapters 73 and 76) CBP CSMS"
            " #64348411 left the start 'to be certified in the Federal Register' (no certification on"
            " this machine): the rows follow the Revision 5 text (2025-03-12), as the 19(k) rows do."
        )

    def copper(self) -> None:
        """Old note 36(b): copper (9903.78.01), 2025-08-01..2026-04-05."""
        yale = [r["hts10"] for r in yale_csv(self.yale, "s232_copper_products.csv")]
        new_copper = self.note16["v"] + self.note16["viii"]
        s = self.new(
            "s232_copper",
            title="Semi-finished copper and intensive copper derivatives (old note 36(b))",
            description=(
                "Section 232 copper of the 2025 regime: semi-finished copper and intensive copper"
                " derivative products of old U.S. note 36(b) to subchapter III, heading"
                " 9903.78.01, +50% on the value of the copper content. Non-covered articles"
                " 9903.78.02. Terminated for entries from 2026-04-06 (copper moved to note 16)."
            ),
            reference=[
                {
                    "title": "Harmonized Tariff Schedule of the United States, heading 9903.78.01",
                    "document": "HTSUS 2025 Revision 17, Chapter 99 (USITC JSON export)",
                    "section": "heading 9903.78.01; old U.S. note 36(b) to subchapter III",
                    "href": HTS_HREF,
                    "edition": "2025 Revision 17",
                },
                cite(
                    "Proclamation 10962 of July 30, 2025 (Section 232: copper)",
                    "FR Doc 2025-14893",
                    "Annex; heading 9903.78.01",
                    FR + "2025-14893",
                ),
            ],
            sources=[
                yale_source("resources/s232_copper_products.csv"),
                hts_source("hts_2025_rev_17.json.gz"),
            ],
            complete=True,
            note=(
                "Note 36 is '[Note deleted.]' in 2026 Rev 6, so the list is Yale's transcription"
                " of note 36(b) (80 HTS8 lines); it equals the copper lists (c)(v) and (c)(viii)"
                " of the new note 16 (see PROVENANCE.md)."
            ),
            legal_text="old U.S. note 36(b) (not on this machine); new note 16(c)(v), (viii)",
        )
        for c in yale:
            s.add(c, COPPER_START, "9903.78.01; 36(b)", OLD_METALS_END)
        s.findings += compare("s232_copper_products.csv vs new note 16(c)(v)+(viii)", new_copper, yale)

    # new metals regime (note 16 of 2026)
    def annex(self) -> None:
        """Build one list per rate class of new note 16(c) from 2026-04-06, and (c)(xi)."""
        classes = {
            "s232_metals_50": (("i", "ii", "iii", "iv", "v"), "9903.82.02"),
            "s232_metals_25": (("vi", "vii", "viii"), "9903.82.09"),
            "s232_metals_floor15": (("ix", "x"), "9903.82.10/.11"),
        }
        texts = {
            "s232_metals_50": (
                "Metals annex regime, 50% class: articles of aluminum, steel and copper and"
                " derivative aluminum/steel articles of U.S. note 16(c)(i)-(v) to subchapter III"
                " (Proc 11021 Annex I-A). Heading 9903.82.02, +50% on the full customs value;"
                " for articles outside chapters 72, 73, 74 and 76 only where the listed metal is"
                " at least 15% of the article's weight (else 9903.82.03, no duty); articles with"
                " no aluminum, steel or copper: 9903.82.01 (no duty). No Japan-specific rate."
            ),
            "s232_metals_25": (
                "Metals annex regime, 25% class: derivative aluminum/steel articles and articles"
                " of copper of U.S. note 16(c)(vi)-(viii) (Proc 11021 Annex I-B). Heading"
                " 9903.82.09, +25% on the full customs value; 15%-by-weight rule of note 16(c)"
                " (9903.82.03); >=95% U.S.-melted/smelted metal per 16(e): 9903.82.06 (+10%)."
                " No Japan-specific rate. Mobile industrial equipment left this class for Japan"
                " on 2026-06-08 (see s232_mobile_equipment)."
            ),
            "s232_metals_floor15": (
                "Metals annex regime, 15% floor class: derivative aluminum/steel articles of U.S."
                " note 16(c)(ix)-(x) (Proc 11021 Annex III). Headings 9903.82.10 (column 1 <"
                " 15%: column 1 + additional = 15%) / 9903.82.11 (column 1 >= 15%: no"
                " additional), per note 16(f), on the full customs value; with >=95%"
                " U.S.-melted/smelted metal (16(e)) 9903.82.07/.08 (10% floor) instead; GN 3(b)"
                " countries 9903.82.12. 15%-by-weight rule of note 16(c) applies. Applies to"
                " goods of every country, Japan included."
            ),
        }
        proc_cite = cite(
            P11021,
            "FR Doc 2026-06960",
            "Annexes I-A, I-B, III; U.S. note 16 to subchapter III",
        )
        moved = set(MOBILE_EQUIPMENT_XI) | set(MOVED_VII_TO_X)
        vii = set(self.note16["vii"])
        for code in moved:
            if not any(c.startswith(code) for c in vii):
                msg = f"mobile equipment constant {code} is not a line of note 16(c)(vii)"
                raise SystemExit(msg)
        for list_id, (subs, heading) in classes.items():
            s = self.new(
                list_id,
                title=f"Metals annex regime, note 16(c)({subs[0]})-({subs[-1]})",
                description=texts[list_id],
                reference=[
                    hts_note(f"U.S. note 16(a)-(f); headings {heading}"),
                    proc_cite,
                ],
                sources=[notes_source(), yale_source("resources/s232_annex_products.csv")],
                complete=True,
                note=(
                    "Parsed from note 16(c) as printed in 2026 Rev 6 (lists unchanged by Rev 7's"
                    " corrections to 16(a)/(e) and the new 9903.82.01). Each row's note gives the"
                    " heading and the subdivision(s), whose title names the applicable metal"
                    " for the 15%-by-weight test (several subdivisions: aggregate weight)."
                ),
                legal_text=f"HTSUS 2026 Rev 6, U.S. note 16(c)({subs[0]})-({subs[-1]})",
            )
            where: dict[str, list[str]] = {}
            for sub in subs:
                for c in self.note16[sub]:
                    where.setdefault(c, []).append(f"16(c)({sub}) {NOTE16_TITLES[sub]}")
            for c in sorted(where):
                note = f"{heading}; {' + '.join(where[c])}"
                end = None
                if list_id == "s232_metals_25" and c.startswith(tuple(moved)):
                    end = MOBILE_START - dt.timedelta(days=1)
                    note += "; left for 16(c)(xi)/(x) on 2026-06-08 (Proc 11032)"
                s.add(c, ANNEX_START, note, end)
                if len(where[c]) > 1:
                    s.findings.append(f"{c} is printed in {len(where[c])} lists: {where[c]}.")
            if list_id == "s232_metals_floor15":
                for c in MOVED_VII_TO_X:
                    s.add(c, MOBILE_START, "9903.82.10/.11; 16(c)(x) from 2026-06-08 (Proc 11032)")
                s.complete = False
                s.note += (
                    " 8701.92.10 is added from 2026-06-08 on the reading of 2026 Rev 10 in the"
                    " reference file (note text not on this machine); other Rev 10 changes to"
                    " (ix)-(x), and the parts list 16(k) (9903.82.23-.26), are not verified."
                )
            if list_id == "s232_metals_25":
                s.complete = False
                s.note += (
                    " Lines that moved to 16(c)(xi) on 2026-06-08 end 2026-06-07 here (for goods"
                    " of countries without a 9903.82.22 rate they stay at 25% under 9903.82.09);"
                    " further Rev 10 moves (e.g. into the parts list 16(k)) are not verified."
                )
        vii = self.note16["vii"]
        bearings = sorted(c for c in vii if c.startswith("84821050"))
        self.lists["s232_metals_25"].findings.append(
            f"16(c)(vii) lists the ball-bearing lines {', '.join(bearings)} but not 8482.10.5044"
            " or 8482.10.5048 (the note 33(g) auto-part lines), so 8482.10.50.48 is outside the"
            " annex regime from 2026-04-06 (contrary to worked example E15 of the reference)."
        )
        yale = yale_csv(self.yale, "s232_annex_products.csv")
        groups = {
            "1a": ("i", "ii", "iii", "iv", "v"),
            "1b": ("vi", "vii", "viii"),
            "3": ("ix", "x"),
        }
        target = {"1a": "s232_metals_50", "1b": "s232_metals_25", "3": "s232_metals_floor15"}
        for annex, subs in groups.items():
            legal = {c for sub in subs for c in self.note16[sub]}
            other = [r["hts_prefix"] for r in yale if r["annex"] == annex]
            self.lists[target[annex]].findings += compare(
                f"s232_annex_products.csv annex {annex}", legal, other
            )
        removed = sorted(r["hts_prefix"] for r in yale if r["annex"] == "2")
        self.general.append(
            f"s232_annex_products.csv annex 2 ('removed from scope', {len(removed)} prefixes) has"
            " no counterpart in note 16(c) and is not used."
        )
        # (c)(xi)
        s = self.new(
            "s232_mobile_equipment",
            title="Mobile industrial equipment (note 16(c)(xi), from 2026-06-08)",
            description=(
                "Metals annex regime, mobile industrial equipment of U.S. note 16(c)(xi) added by"
                " Proc 11032 from 2026-06-08: goods of Japan (and of Argentina, Ecuador, El"
                " Salvador, Guatemala, Korea, Liechtenstein, Switzerland, Taiwan, the United"
                " Kingdom and the EU) under heading 9903.82.22, '15%': column 1 + additional ="
                " 15% (inclusive floor, full customs value); other countries stay at 9903.82.09"
                " (+25%). USMCA content split 9903.82.20/.21 (note 16(j))."
            ),
            reference=[
                {
                    "title": "Harmonized Tariff Schedule of the United States, heading 9903.82.22",
                    "document": "HTSUS 2026 Revision 10, Chapter 99 (USITC JSON export)",
                    "section": "headings 9903.82.09, 9903.82.20-.26; U.S. note 16(c)(xi)",
                    "href": HTS_HREF,
                    "edition": "2026 Revision 10",
                },
                cite(
                    "Proclamation 11032 (Section 232: metals annex amendment, mobile industrial equipment)",
                    "FR Doc 2026-11314",
                    "Annex; entries from June 8, 2026",
                ),
            ],
            sources=[hts_source("hts_2026_rev_10.json.gz"), notes_source()],
            complete=False,
            note=(
                "INCOMPLETE/UNVERIFIED: the note 16(c)(xi) text (2026 Rev 10) is not on this"
                " machine. Provisions taken from shared/reference/us_tariffs_japan.md section 7.4"
                " (HTS+ reading); every one is a line of 16(c)(vii) in Rev 6. The Rev 10 JSON"
                " confirms only the headings 9903.82.20-.26 and their texts."
            ),
            legal_text="U.S. note 16(c)(xi) (2026 Rev 10; not on this machine)",
        )
        for c in MOBILE_EQUIPMENT_XI:
            s.add(c, MOBILE_START, "9903.82.22 (JP 15% total); 16(c)(xi) derivative steel")
        for h in ("9903.82.09", "9903.82.20", "9903.82.22", "9903.82.23", "9903.82.25"):
            s.findings.append(f"2026 Rev 10 {h}: {self.heading_text('hts_2026_rev_10.json.gz', h)}")

    # cross-checks
    def exclusivity(self) -> None:
        """Report codes in more than one annex-regime list at once (note 16(a))."""
        ids = ("s232_metals_50", "s232_metals_25", "s232_metals_floor15", "s232_mobile_equipment")
        for i, a in enumerate(ids):
            for b in ids[i + 1 :]:
                for ra in self.lists[a].rows:
                    for rb in self.lists[b].rows:
                        if not covers(ra.prefix, rb.prefix):
                            continue
                        a_end = ra.end or dt.date.max
                        b_end = rb.end or dt.date.max
                        if ra.start <= b_end and rb.start <= a_end:
                            self.overlaps.append(
                                f"overlap {a}:{ra.prefix} and {b}:{rb.prefix} on {max(ra.start, rb.start)}"
                            )

    def build(self) -> None:
        """Build every list."""
        self.vehicles()
        self.auto_parts()
        self.mhd()
        self.semiconductors()
        self.wood()
        self.steel_articles()
        self.aluminum_articles()
        self.aluminum_derivatives()
        self.steel_derivatives()
        self.copper()
        self.annex()
        self.exclusivity()
        missing = set(ALL_LISTS) ^ set(self.lists)
        if missing:
            msg = f"lists built do not match ALL_LISTS: {sorted(missing)}"
            raise SystemExit(msg)


class Scope1:
    """Minimal longest-prefix matcher over rows (for checks inside this script)."""

    def __init__(self, rows: list[Row]) -> None:
        self.rows = rows

    def contains(self, code: str, on: dt.date) -> bool:
        """Return whether ``code`` is in scope on ``on``."""
        best: Row | None = None
        for r in self.rows:
            if code.startswith(r.prefix) and r.start <= on and (r.end is None or on <= r.end):
                if best is None or len(r.prefix) > len(best.prefix):
                    best = r
        return best is not None and best.include


# --- writing --------------------------------------------------------------------------------


def write_shares(source: Path, data_out: Path, builder: Builder) -> list[str]:
    """Write the metal content shares of the HTS10 codes covered by the metal lists."""
    lists = [
        builder.lists[i]
        for i in (
            "s232_steel_derivatives",
            "s232_aluminum_derivatives",
            "s232_copper",
            "s232_metals_50",
            "s232_metals_25",
            "s232_metals_floor15",
            "s232_mobile_equipment",
        )
    ]
    prefixes = tuple(sorted({r.prefix for s in lists for r in s.rows if r.include}))
    path = source / "yale-tariff-rate-tracker" / "resources" / "metal_content_shares_bea_hs10.csv"
    kept: list[tuple[str, ...]] = []
    clipped = 0
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            code = row["hs10"]
            if not code.startswith(prefixes):
                continue
            values = []
            for key in ("steel_share", "aluminum_share", "copper_share"):
                value = float(row[key])
                if value > 1.0 or value < 0.0:
                    clipped += 1
                values.append(f"{min(max(value, 0.0), 1.0):.6f}")
            kept.append((code, *values))
    kept.sort()
    with (data_out / "metal_content_shares.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(("hts10", "steel_share", "aluminum_share", "copper_share"))
        writer.writerows(kept)
    meta = {
        "description": (
            "Estimated steel, aluminum and copper shares of the customs value per HTS10 code,"
            " for the codes covered by the Section 232 derivative, copper and metals-annex scope"
            " lists. A modelled ESTIMATE (BEA input-output based), not a legal value: the legal"
            " base of content-based duties is the importer's declared metal content; use these"
            " shares only as a documented default when no content is declared."
        ),
        "columns": {
            "hts10": "10-digit HTSUS statistical reporting number (no dots)",
            "steel_share": "estimated steel content as a share of customs value, 0..1",
            "aluminum_share": "estimated aluminum content as a share of customs value, 0..1",
            "copper_share": "estimated copper content as a share of customs value, 0..1",
        },
        "source": {
            "repository": YALE_REPO,
            "commit": YALE_COMMIT,
            "file": "resources/metal_content_shares_bea_hs10.csv",
            "licence": YALE_LICENCE,
        },
        "method": (
            "Yale computed the shares from the BEA Detail input-output table (matching the"
            " Tariff-ETRs 'detail' granularity) and mapped them to HTS10 through each code's"
            " NAICS / BEA detail industry, so every code of an industry has the same shares"
            " (Yale docs/assumptions.md section 2; Yale states that no official guidance sets a"
            " metal-content method). Source values above 1 (e.g. steel mill products) show the"
            " shares are input coefficients rather than measured content. This build keeps"
            " only HTS10 codes that start with an including prefix of s232_steel_derivatives,"
            " s232_aluminum_derivatives, s232_copper, s232_metals_50, s232_metals_25,"
            " s232_metals_floor15 or s232_mobile_equipment (any date), rounds to 6 decimals"
            " and clips values to [0, 1]"
            f" ({clipped} source values above 1 were clipped to 1)."
        ),
        "estimate": True,
        "rows": len(kept),
        "built_by": BUILT_BY,
    }
    text = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=100)
    (data_out / "metal_content_shares.yaml").write_text(text, encoding="utf-8")
    return [f"metal_content_shares: {len(kept)} HTS10 codes kept, {clipped} values clipped to 1."]


BEGIN = "<!-- s232:begin (generated by scripts/scopes/build_s232.py; edit the script) -->"
END = "<!-- s232:end -->"
HEADER = """# Provenance of the product scope lists

Each list in this folder is `<id>.csv` (columns `prefix,include,start,end,note`) plus
`<id>.yaml` (description, legal reference, sources, building script, completeness). One `##`
section per list below records its sources, the legal text it follows, the script that built
it and every disagreement found between a third-party list and the legal text (the legal text
wins). Third-party files: GitHub `Budget-Lab-Yale/tariff-rate-tracker`, commit
`8315fffd697c42559141ed5f8bf7c8fa3da47ae8`, MIT licence (c) The Budget Lab at Yale; USITC
HTSUS JSON exports (public domain) as recorded in
`shared/data/third_party/usitc-hts/PROVENANCE.md`.
"""


def provenance_block(builder: Builder, extra: list[str]) -> str:
    """Return the generated Section 232 block of PROVENANCE.md."""
    parts = [BEGIN, ""]
    parts.append(
        f"The Section 232 lists below are built by `{BUILT_BY}` (re-run it to refresh this block)."
        " Findings that concern several lists:"
    )
    parts.append("")
    for finding in builder.general + builder.overlaps + extra:
        parts.append(f"- {finding}")
    if not builder.overlaps:
        parts.append("- No code is in two annex-regime lists on the same date (note 16(a)).")
    parts.append("")
    for list_id in ALL_LISTS:
        s = builder.lists[list_id]
        parts.append(f"## {s.id}")
        parts.append("")
        parts.append(f"{s.title}. {len(s.rows)} rows; complete: {'yes' if s.complete else 'NO'}.")
        parts.append("")
        parts.append(f"- Legal text: {s.legal_text}.")
        for src in s.sources:
            repo = src.get("repository") or "-"
            commit = src.get("commit") or ""
            parts.append(f"- Source: `{src['file']}` ({repo} @ `{commit}`; {src['licence']}).")
        parts.append(f"- Built by: `{BUILT_BY}`.")
        parts.append(f"- Note: {s.note}")
        for finding in s.findings:
            parts.append(f"- Check: {finding}")
        parts.append("")
    parts.append(END)
    return "\n".join(parts) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Build the lists."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--out", type=Path, default=REPO / "data" / "tariffs")
    args = parser.parse_args(argv)
    builder = Builder(args.source)
    builder.build()
    scopes_out = args.out / "scopes"
    scopes_out.mkdir(parents=True, exist_ok=True)
    for list_id in ALL_LISTS:
        carry_to_successors(builder.lists[list_id])
        write_scope(scopes_out, builder.lists[list_id], BUILT_BY)
    extra = write_shares(args.source, args.out, builder)
    write_provenance(scopes_out, provenance_block(builder, extra), begin=BEGIN, end=END, header=HEADER)
    for list_id in ALL_LISTS:
        s = builder.lists[list_id]
        print(f"{list_id}: {len(s.rows)} rows, complete={s.complete}")
        for finding in s.findings:
            print(f"    {finding}")
    for finding in builder.general + builder.overlaps + extra:
        print(f"  * {finding}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
