"""Build the product scope lists of the blanket Chapter 99 layers in ``data/tariffs/scopes/``.

Lists written (``<id>.csv`` + ``<id>.yaml``):

- ``ieepa_annex_ii``: goods exempt from the IEEPA reciprocal duties under heading 9903.01.32,
  U.S. note 2(v)(iii)(a) to subchapter III (EO 14257 Annex II as amended), dated row by row;
- ``ieepa_civil_aircraft_jp``: civil aircraft and parts of Japan, heading 9903.96.02, U.S. note
  35(b) (General Note 6 use required), from 2025-09-16;
- ``s122_exempt`` / ``s122_civil_aircraft``: U.S. note 2(aa)(ii) (heading 9903.03.03) and
  2(aa)(iv) (heading 9903.03.05), 2026-02-24 to 2026-07-23;
- ``s301_exempt`` / ``s301_civil_aircraft`` / ``s301_pharma_use``: U.S. note 52(b) (heading
  9903.05.86), 52(d) (9903.05.88, civil aircraft) and 52(e) (9903.05.89, articles for use in
  pharmaceutical applications), from 2026-07-24 (HTSUS 2026 Revision 13).

Sources (read only, under ``../shared/data/third_party`` by default):

- ``yale-tariff-rate-tracker/us_notes/chapter99_2026_rev_6.txt``: HTSUS 2026 Revision 6,
  Chapter 99 notes (USITC, public domain). Every list is parsed from it; it is the authority.
- ``yale-tariff-rate-tracker/resources/{ieepa,s122,floor}_exempt_products.csv``: The Budget Lab
  at Yale's lists (MIT, commit ``8315fffd``), only compared with the legal text; every
  difference is written to PROVENANCE.md.
- ``data/tariffs/sources/note52{b,d,e}_2026_rev13.txt`` (in this repository): the lists of
  note 52(b), (d) and (e) as printed in HTSUS 2026 Revision 13, which is not on this machine;
  transcribed from a third-party extraction (GitHub ``brendanxmac/hts-hero``, see
  ``data/tariffs/sources/PROVENANCE.md``), checked against expected counts and spot codes.
- ``data/hts/hts_lines.parquet`` (built from the USITC JSON exports): every row's prefix is
  checked to be a line of the HTSUS in force on the row's start date. The note 52 provisions
  postdate the newest revision there (2026 Rev 10): one that is absent from it is reported in
  PROVENANCE.md and kept, one that is present must be in force on 2026-07-24.

The Annex II history (which provisions were added or removed when) is not in the Revision 6
text, which shows only the final list. It is transcribed below as hand-checked constants, each
with its instrument, CBP message and the evidence used. Parsed lists are checked against
expected counts and spot codes, so a changed source fails loudly.

Writes the seven lists and the ``blanket`` block of ``data/tariffs/scopes/PROVENANCE.md`` (between
markers; the rest of that file is kept). Re-running gives identical files.

Usage: ``python scripts/scopes/build_blanket.py [--source DIR] [--out DIR]``.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from common import (
    DEFAULT_SOURCE,
    FR,
    PROVENANCE_HEADER,
    REPO,
    D,
    HtsLines,
    NoteText,
    Row,
    ScopeList,
    bullet,
    carry_to_successors,
    check_lines,
    cite,
    digits,
    expect,
    hts_note,
    list_section,
    notes_source,
    write_checked,
    write_provenance,
    yale_csv,
    yale_source,
)

BUILT_BY = "scripts/scopes/build_blanket.py"
HERO_REPO = "brendanxmac/hts-hero"
HERO_FILE = "tariffs/exclusion-lists.ts/reciprocal-tariff-exlcusions.ts"
HERO_SEPT = "3241a6bb00ee20aef55d2409470be4e8fe6d00af"  # Annex II as of 2025-09-08
HERO_NOV = "89c27e3dab74f00eba9b222ca8b43e86e173feb9"  # Annex II as of 2025-11-13
HERO_LICENCE = "no licence file; only facts (HTS numbers of U.S. Government instruments) taken, no code"
# U.S. note 52 (HTSUS 2026 Rev 13): transcribed from hts-hero into data/tariffs/sources/.
NOTE52_DIR = REPO / "data" / "tariffs" / "sources"
HERO52_COMMIT = "aa0e672c766cd6f2b4337f3c41ce2a9bb84528b3"
HERO52_FILE = "tariffs/engine-v2/data/lists/forced-labor-301.ts"
HERO52_NOTES_COMMIT = "01170bdcc736b22a50cf0ade7c021a5e3e972d9a"  # note text, 10-digit forms
HERO52_NOTES_FILE = "public/data/notes/sub-III-52.json"
HERO52_LICENCE = "public domain (HTSUS text; extraction by a third party)"

DAY = dt.timedelta(days=1)
IEEPA_START = D("2025-04-05")  # EO 14257 sec. 2; 12:01 a.m. EDT April 5, 2025
EO14346_DATE = D("2025-09-08")  # EO 14346 sec. 2(a); CBP CSMS #66151866
P10976_DATE = D("2025-10-14")  # Proc 10976 (90 FR 48127); CBP CSMS #66492057
EO14360_DATE = D("2025-11-13")  # EO 14360 secs. 1-2; CBP CSMS #66814923
JP_AIRCRAFT_START = D("2025-09-16")  # EO 14345; 90 FR 44638 (FR Doc 2025-17908)
S122_START = D("2026-02-24")  # Proc 11012; heading 9903.03.01, 12:01 a.m. EST Feb 24, 2026
S122_END = D("2026-07-23")  # 150 days (19 U.S.C. 2132(b)); not extended
S301_START = D("2026-07-24")  # USTR notice, 91 FR 47318 (FR Doc 2026-15181)

ALL_LISTS = (
    "ieepa_annex_ii",
    "ieepa_civil_aircraft_jp",
    "s122_exempt",
    "s122_civil_aircraft",
    "s301_exempt",
    "s301_civil_aircraft",
    "s301_pharma_use",
    "blanket_chapter_98",
)
# Chapter 98 provisions whose goods stay subject to the blanket layers: on the value of the
# repairs, alterations or processing (9802.00.40/.50/.60), or of the article assembled abroad
# less its U.S. components (9802.00.80). Notes 2(v)(i), 2(aa)(i) and 52(a) name these four.
CHAPTER_98_KEPT = ("9802.00.40", "9802.00.50", "9802.00.60", "9802.00.80")
CHAPTER_98_START = D("2025-01-01")  # every layer's own dates decide when it applies
HERO52_CR1 = (
    "tariffs/revision-diffs/2026HTSRev13/changes/"
    "01-approve-cr-1-establishes-u-s-note-52-a-through-k-to-subchapter-iii-o.md"
)


def _codes(text: str) -> tuple[str, ...]:
    """Return the dotted HTS provisions of a whitespace-separated block, without dots."""
    return tuple(code.replace(".", "") for code in text.split())


# --- hand-checked constants ---------------------------------------------------------------

# Presidential Memorandum of April 11, 2025 ("Clarification of Exceptions Under Executive Order
# 14257"), retroactive to 12:01 a.m. EDT April 5, 2025. The 20 provisions as reproduced in CBP
# CSMS #64724565 (2025-04-11); all printed in note 2(v)(iii)(a) of Rev 6. Note: 8541.41.00
# (LEDs) and 8541.42/.43 (photovoltaic) are NOT in it, although the project reference's
# shorthand "8541.10-8541.90" would read as if they were.
MEMO_2025_04_11 = _codes(
    """
8471 8473.30 8486 8517.13.00 8517.62.00 8523.51.00 8524 8528.52.00 8541.10.00 8541.21.00
8541.29.00 8541.30.00 8541.49.10 8541.49.70 8541.49.80 8541.49.95 8541.51.00 8541.59.00
8541.90.00 8542
"""
)

# EO 14346 of September 5, 2025, sec. 2(a): updated Annex II for entries from 12:01 a.m. EDT
# September 8, 2025 (CBP CSMS #66151866, which gives the date but not the codes). The 39
# additions and 8 removals: CBP-derived lists published by A.N. Deringer (anderinger.com,
# "Modified Reciprocal Tariffs Exclusion List", 2025-09-09) and hts-hero commit 3241a6bb
# (tariffs/announcements/reciprocal-changes-sept-5.ts); counts confirmed by Steptoe ("adds 39
# new HTSUS codes ... removes eight"). Every addition is printed in note 2(v)(iii)(a) of Rev 6;
# no removal is.
EO14346_ADDED = _codes(
    """
2504.10.10 2604.00.00 2609.00.00 2612.20.00 2613.90.00 2825.40.00 2833.24.00 2903.51.10
2924.29.01 2924.29.03 2924.29.23 2924.29.26 2924.29.28 2924.29.33 2924.29.57 2924.29.80
2926.90.50 2933.29.05 2933.29.60 4703.11.00 4703.21.00 4703.29.00 7108.11.00 7108.12.50
7108.13.10 7108.13.55 7108.13.70 7108.20.00 7115.90.05 7115.90.30 7202.60.00 7501.10.00
7502.10.00 7502.20.00 7503.00.00 7504.00.00 7903.90.30 8505.11.0070 8541.41.00
"""
)
EO14346_REMOVED = _codes(
    """
2818.30.00 3824.99.93 3907.29.00 3907.30.00 3907.61.00 3907.69.00 3907.99.50 3910.00.00
"""
)

# Proclamation 10976 of September 29, 2025 (timber and lumber), Annex: all Chapter 44
# provisions removed from Annex II of EO 14257 effective 12:01 a.m. EDT October 14, 2025, except
# twelve tropical-wood provisions that Rev 6 still prints (4403.42.00, 4403.49.02, 4407.21.00-
# 4407.29.02, 4408.31.01, 4408.39.02). Removal: Livingston, C.H. Robinson and International
# Trade Compliance Update summaries of the Annex. The 158 removed provisions: the Chapter 44
# lines of Annex II as encoded at hts-hero commit 3241a6bb (state of 2025-09-08), less those
# twelve; none is printed in Rev 6.
PROC10976_REMOVED = _codes(
    """
4401.11.00 4401.12.00 4401.21.00 4401.22.00 4401.31.00 4401.32.00 4401.39.42 4401.41.00
4401.49.00 4402.10.00 4402.20.00 4402.90.01 4403.11.00 4403.12.00 4403.21.01 4403.22.01
4403.23.01 4403.24.01 4403.25.01 4403.26.01 4403.91.00 4403.93.01 4403.94.01 4403.95.01
4403.96.01 4403.97.00 4403.98.00 4403.99.01 4404.10.00 4404.20.00 4405.00.00 4406.11.00
4406.12.00 4406.91.00 4406.92.00 4407.11.00 4407.12.00 4407.13.00 4407.14.00 4407.19.00
4407.91.00 4407.92.00 4407.93.00 4407.94.00 4407.95.00 4407.96.00 4407.97.00 4407.99.02
4408.10.01 4408.90.01 4409.10.05 4409.10.10 4409.10.20 4409.10.40 4409.10.45 4409.10.50
4409.10.60 4409.10.65 4409.10.90 4409.21.05 4409.21.90 4409.22.05 4409.22.10 4409.22.25
4409.22.40 4409.22.50 4409.22.60 4409.22.65 4409.22.90 4409.29.06 4409.29.11 4409.29.26
4409.29.41 4409.29.51 4409.29.61 4409.29.66 4409.29.91 4410.11.00 4410.12.00 4410.19.00
4410.90.00 4411.12.10 4411.12.20 4411.12.30 4411.12.60 4411.12.90 4411.13.10 4411.13.20
4411.13.30 4411.13.60 4411.13.90 4411.14.10 4411.14.20 4411.14.30 4411.14.60 4411.14.90
4411.92.10 4411.92.20 4411.92.30 4411.92.40 4411.93.10 4411.93.20 4411.93.30 4411.93.60
4411.93.90 4411.94.00 4412.10.05 4412.10.90 4412.31.06 4412.31.26 4412.31.42 4412.31.45
4412.31.48 4412.31.52 4412.31.61 4412.31.92 4412.33.06 4412.33.26 4412.33.32 4412.33.57
4412.34.26 4412.34.32 4412.34.57 4412.39.10 4412.39.30 4412.39.40 4412.39.50 4412.41.00
4412.42.00 4412.49.00 4412.51.10 4412.51.31 4412.51.41 4412.51.51 4412.52.10 4412.52.31
4412.52.41 4412.52.51 4412.59.80 4412.59.90 4412.59.95 4412.91.06 4412.91.10 4412.91.31
4412.91.41 4412.91.51 4412.92.07 4412.92.11 4412.92.31 4412.92.42 4412.92.52 4412.99.58
4412.99.61 4412.99.71 4412.99.81 4412.99.91 4412.99.97 4413.00.00
"""
)

# EO 14360 of November 14, 2025 ("Modifying the Scope of the Reciprocal Tariff With Respect to
# Certain Agricultural Products"), secs. 1-2: "237 agricultural HTSUS classifications" added to
# Annex II for entries from 12:01 a.m. EST November 13, 2025 (CBP CSMS #66814923; the same EO
# created note 2(v)(iii)(b), heading 9903.02.78, and re-lettered the list as (iii)(a), which
# 9903.01.32's text shows from HTS 2025 Rev 29). The 237: the "November 13th additions" of
# hts-hero commit 89c27e3d; the count equals the CSMS's and all 237 are printed in Rev 6.
EO14360_ADDED = _codes(
    """
0201.10.05 0201.10.10 0201.10.50 0201.20.02 0201.20.04 0201.20.06 0201.20.10 0201.20.30
0201.20.50 0201.20.80 0201.30.02 0201.30.04 0201.30.06 0201.30.10 0201.30.30 0201.30.50
0201.30.80 0202.10.05 0202.10.10 0202.10.50 0202.20.02 0202.20.04 0202.20.06 0202.20.10
0202.20.30 0202.20.50 0202.20.80 0202.30.02 0202.30.04 0202.30.06 0202.30.10 0202.30.30
0202.30.50 0202.30.80 0206.10.00 0206.21.00 0206.22.00 0206.29.00 0210.20.00 0702.00.20
0702.00.40 0702.00.60 0709.99.05 0709.99.10 0710.80.15 0711.90.30 0712.32.00 0712.34.10
0712.34.20 0713.34.20 0713.34.40 0714.10.10 0714.10.20 0714.40.10 0714.40.20 0714.40.50
0714.40.60 0714.50.10 0714.50.20 0714.50.60 0714.90.42 0714.90.44 0714.90.46 0714.90.48
0714.90.61 0801.11.00 0801.12.00 0801.19.01 0801.21.00 0801.22.00 0801.31.00 0801.32.00
0802.41.00 0802.42.00 0802.61.00 0802.62.00 0802.70.10 0802.70.20 0802.80.10 0802.80.20
0802.91.10 0802.91.90 0802.92.10 0802.92.90 0803.10.10 0803.10.20 0803.90.00 0804.30.20
0804.30.40 0804.30.60 0804.40.00 0804.50.40 0804.50.60 0804.50.80 0805.10.00 0805.50.30
0805.50.40 0807.20.00 0808.40.20 0808.40.40 0810.50.00 0810.60.00 0810.90.27 0810.90.46
0811.90.10 0811.90.25 0811.90.30 0811.90.40 0811.90.50 0811.90.52 0812.90.40 0901.11.00
0901.12.00 0901.21.00 0901.22.00 0901.90.10 0901.90.20 0902.10.10 0902.10.90 0902.20.10
0902.20.90 0902.30.00 0902.40.00 0903.00.00 0904.11.00 0904.12.00 0904.21.20 0904.21.40
0904.21.60 0904.21.80 0904.22.20 0904.22.40 0904.22.73 0904.22.76 0904.22.80 0905.10.00
0905.20.00 0906.11.00 0906.19.00 0906.20.00 0907.10.00 0907.20.00 0908.11.00 0908.12.00
0908.21.00 0908.22.20 0908.22.40 0908.31.00 0908.32.00 0909.21.00 0909.22.00 0909.31.00
0909.32.00 0909.61.00 0909.62.00 0910.11.00 0910.12.00 0910.20.00 0910.30.00 0910.91.00
0910.99.07 0910.99.10 0910.99.20 0910.99.40 0910.99.50 0910.99.60 1003.90.40 1008.30.00
1008.40.00 1008.60.00 1106.20.90 1106.30.20 1108.14.00 1108.19.00 1203.00.00 1207.91.00
1513.11.00 1513.19.00 1521.10.00 1521.90.20 1602.50.05 1602.50.07 1602.50.08 1602.50.21
1602.50.60 1602.50.90 1801.00.00 1802.00.00 1803.10.00 1803.20.00 1804.00.00 1805.00.00
1903.00.20 1903.00.40 2001.90.45 2005.91.60 2006.00.40 2007.99.40 2007.99.50 2008.19.15
2008.20.00 2008.91.00 2008.99.13 2008.99.15 2008.99.40 2008.99.45 2008.99.91 2009.11.00
2009.12.25 2009.12.45 2009.19.00 2009.39.20 2009.49.40 2101.11.29 2101.12.90 2101.20.20
2106.90.48 2202.99.30 2202.99.35 3101.00.00 3102.10.00 3102.21.00 3102.29.00 3102.30.00
3102.40.00 3102.50.00 3102.60.00 3102.80.00 3102.90.01 3103.11.00 3103.19.00 3103.90.01
3105.30.00 3105.40.00 3105.51.00 3105.59.00 3105.90.00
"""
)

# Categories named in EO 14257 Annex II as published (energy, pharmaceuticals, semiconductors,
# copper, lumber, certain critical minerals, bullion). Provisions dated 2025-04-05 outside these
# are listed in PROVENANCE.md as judgements (they are dated by elimination, see there).
ANNEX_II_CATEGORIES = {
    "25": "critical minerals",
    "26": "critical minerals (ores)",
    "27": "energy",
    "28": "critical minerals / pharmaceutical inputs",
    "29": "pharmaceutical ingredients",
    "30": "pharmaceuticals",
    "3818": "semiconductors (doped chemical elements)",
    "44": "lumber",
    "71": "bullion / precious metals",
    "7202": "critical minerals (ferroalloys)",
    "74": "copper",
    "75": "critical minerals (nickel)",
    "79": "critical minerals (zinc)",
    "80": "critical minerals (tin)",
    "81": "critical minerals (other base metals)",
    "8471": "electronics (memorandum)",
    "8473": "electronics (memorandum)",
    "8486": "semiconductors",
    "8517": "electronics (memorandum)",
    "8523": "electronics (memorandum)",
    "8524": "electronics (memorandum)",
    "8528": "electronics (memorandum)",
    "8541": "semiconductors",
    "8542": "semiconductors",
}

# Hand-checked sizes of the parsed Rev 6 lists and codes read in the printed text.
ANNEX_A_COUNT = 1082  # note 2(v)(iii)(a), 99-III-6 to 99-III-11
AA_II_COUNT = 1098  # note 2(aa)(ii), 99-III-52 to 99-III-55
AA_IV_COUNT = 546  # note 2(aa)(iv), 99-III-56 to 99-III-58
NOTE35B_COUNT = 554  # note 35(b), 99-III-357
III_B_COUNT = 11  # note 2(v)(iii)(b)(1)-(11)
# Examples the project reference (section 6) gives for note 52(b) and 52(d); the lists read
# from data/tariffs/sources/ are checked to contain them.
S301_EXEMPT_EXAMPLES = _codes("8471.30.01 8486.20.00 8542.31.00 3004.90.92 0201.30.80 0902.10.10")
S301_AIRCRAFT_EXAMPLES = _codes("8411.12.40 8411.12.80 8802.40.01 8507.60.00 8443.32.10")
# Hand-checked sizes of note 52(b), (d) and (e) of HTSUS 2026 Rev 13 (five provisions a printed
# row; the last row of (b) has three, of (d) one) and codes read in the printed tables: first and
# last entries, and every 10-digit provision of 52(b) (the hts-hero .ts file cuts these to 8).
NOTE52B_COUNT = 863
NOTE52D_COUNT = 541
NOTE52E_COUNT = 700
NOTE52B_TEN_DIGIT = _codes(
    "0712.90.8550 1204.00.0010 1205.10.0010 1205.90.0010 1206.00.0031 4407.99.0295 8505.11.0070"
)
NOTE52B_SPOT = _codes("0201.10.05 1001.11.00 7204.10.00 9706.90.00")
NOTE52D_SPOT = _codes("3917.21.00 8806.10.00 9818.00.07")
NOTE52E_SPOT = _codes("2804.10.00 2933.11.00 3914.00.60")


# --- parsing the Chapter 99 notes ---------------------------------------------------------

CODE = r"\d{4}\.\d{2}\.\d{4}|\d{4}\.\d{2}\.\d{2}|\d{4}\.\d{2}|\d{4}"
CODE_RE = re.compile(rf"\b(?:{CODE})\b")
TABLE_LINE = re.compile(rf"\s*(?:(?:{CODE})\s*)+")
NOTE52_CODE = re.compile(r"\d{4}\.\d{2}\.\d{2}(?:\d{2})?")
PAGE_LINE = re.compile(
    r"Harmonized Tariff Schedule of the United States|Annotated for Statistical"
    r"|^\s*XXII\s*$|99 - III - \d+"
)


def dotted(prefix: str) -> str:
    """Return a prefix in the HTSUS's dotted form (``84713001`` -> ``8471.30.01``)."""
    parts = [prefix[:4], prefix[4:6], prefix[6:]]
    return ".".join(p for p in parts if p)


class BlanketNoteText(NoteText):
    """The Chapter 99 notes text, with the list parsers of this script (markers are plain text)."""

    def find(self, marker: str, after: int = 0) -> int:
        """Return the index of the first line at or after ``after`` containing ``marker``."""
        for i in range(after, len(self.lines)):
            if marker in self.lines[i]:
                return i
        msg = f"{self.path.name}: no line contains {marker!r} after line {after + 1}"
        raise SystemExit(msg)

    def table_codes(self, start: str, end: str) -> list[str]:
        """Return the codes printed in the table rows (lines holding only codes) of a block.

        The PDF extraction sometimes puts a row after the running head "U.S. Notes (con.)" on
        the same line, so that head is cut off before the line is tested.
        """
        lo, hi = self.block(start, end)
        out: list[str] = []
        for line in self.lines[lo + 1 : hi]:
            text = line.replace("U.S. Notes (con.)", "")
            if PAGE_LINE.search(text) or not TABLE_LINE.fullmatch(text):
                continue
            out.extend(digits(c) for c in CODE_RE.findall(text))
        return out

    def prose_codes(self, start: str, end: str, after: str) -> list[str]:
        """Return the 8-digit codes named in a prose list, reading from ``after`` on."""
        lo, hi = self.block(start, end)
        text = " ".join(line for line in self.lines[lo:hi] if not PAGE_LINE.search(line))
        _, found, tail = text.partition(after)
        if not found:
            msg = f"{self.path.name}: {after!r} not found in block {start!r}"
            raise SystemExit(msg)
        return [digits(c) for c in re.findall(r"\b\d{4}\.\d{2}\.\d{2}\b", tail)]


@dataclass(frozen=True)
class LegalLists:
    """The lists printed in HTSUS 2026 Rev 6 that the scope lists follow."""

    annex_a: list[str]  # note 2(v)(iii)(a), heading 9903.01.32
    iii_b: list[str]  # subheadings named in note 2(v)(iii)(b), heading 9903.02.78
    aa_ii: list[str]  # note 2(aa)(ii), heading 9903.03.03
    aa_iii: list[str]  # subheadings named in note 2(aa)(iii), heading 9903.03.04
    aa_iv: list[str]  # note 2(aa)(iv), heading 9903.03.05
    note35a: list[str]  # note 35(a), heading 9903.96.01 (United Kingdom), for comparison
    note35b: list[str]  # note 35(b), heading 9903.96.02


def parse_notes(notes: BlanketNoteText) -> LegalLists:
    """Parse the lists of notes 2(v)(iii), 2(aa)(ii)-(iv) and 35(b) and check them."""
    annex_a = expect(
        "note 2(v)(iii)(a)",
        notes.table_codes(
            "(a) As provided for in heading 9903.01.32", "(b) As provided in heading 9903.02.78"
        ),
        ANNEX_A_COUNT,
        # read in the printed list: first and last entries, the 4-/6-/10-digit provisions
        ("02011005", "02013080", "09021010", "8471", "847330", "8505110070", "85429000"),
    )
    lo, hi = notes.block("(b) As provided in heading 9903.02.78", "(iv) As provided in 9903.01.26")
    iii_b = expect(
        "note 2(v)(iii)(b)",
        [digits(c) for c in re.findall(r"subheading\s+(\d{4}\.\d{2}\.\d{2})", " ".join(notes.lines[lo:hi]))],
        III_B_COUNT,
        ("08059001", "33012951"),
    )
    aa_ii = expect(
        "note 2(aa)(ii)",
        notes.table_codes(
            "(ii) As provided in heading 9903.03.03", "(iii) As provided in heading 9903.03.04"
        ),
        AA_II_COUNT,
        ("02013080", "09021010", "30049092", "84713001", "84862000", "85423100", "8505110070"),
    )
    lo, hi = notes.block("(iii) As provided in heading 9903.03.04", "(iv) As provided in heading 9903.03.05")
    aa_iii = expect(
        "note 2(aa)(iii)",
        [digits(c) for c in re.findall(r"subheading\s+(\d{4}\.\d{2}\.\d{2})", " ".join(notes.lines[lo:hi]))],
        III_B_COUNT,
        ("08059001", "33012951"),
    )
    aa_iv = expect(
        "note 2(aa)(iv)",
        notes.table_codes("(iv) As provided in heading 9903.03.05", "(v) As provided in heading 9903.03.06"),
        AA_IV_COUNT,
        ("39172100", "84111240", "84111280", "88024001", "85076000", "84433210", "88061000"),
    )
    note35b = expect(
        "note 35(b)",
        notes.prose_codes("(b) As provided in heading 9903.96.02", "36. [Note deleted.]", "subcolumn:"),
        NOTE35B_COUNT,
        ("39172100", "84111240", "88024001", "85076000", "84433210", "98020060", "98180007"),
    )
    if any(c.startswith("8806") for c in note35b):
        msg = "note 35(b) should exclude unmanned aircraft (8806); the parse found some"
        raise SystemExit(msg)
    note35a = notes.prose_codes(
        "(a) As provided in heading 9903.96.01", "(b) As provided in heading 9903.96.02", "subcolumn:"
    )
    return LegalLists(annex_a, iii_b, aa_ii, aa_iii, aa_iv, note35a, note35b)


# --- the lists ----------------------------------------------------------------------------


def hero_source(commit: str) -> dict[str, str]:
    """Return a source entry for the hts-hero encoding of Annex II at one commit."""
    return {"repository": HERO_REPO, "commit": commit, "file": HERO_FILE, "licence": HERO_LICENCE}


EO14257 = cite(
    "Executive Order 14257 of April 2, 2025 (Regulating Imports With a Reciprocal Tariff To"
    " Rectify Trade Practices ...)",
    "90 FR 15041, FR Doc 2025-06063",
    "sec. 3(b); Annex II",
    FR + "2025-06063",
)
MEMO = cite(
    "Presidential Memorandum of April 11, 2025 (Clarification of Exceptions Under Executive Order"
    " 14257 of April 2, 2025, as amended)",
    "CBP CSMS #64724565 (2025-04-11), which reproduces its list",
    "the 20 HTSUS provisions; retroactive to entries from 12:01 a.m. EDT April 5, 2025",
)
EO14346 = cite(
    "Executive Order 14346 of September 5, 2025 (Modifying the Scope of Reciprocal Tariffs and"
    " Establishing Procedures for Implementing Trade and Security Agreements)",
    "DCPD-202500896; CBP CSMS #66151866",
    "sec. 2(a) and updated Annex II (39 provisions added, 8 removed), entries from 2025-09-08",
)
P10976 = cite(
    "Proclamation 10976 of September 29, 2025 (Adjusting Imports of Timber, Lumber, and Their"
    " Derivative Products into the United States)",
    "90 FR 48127, FR Doc 2025-19482",
    "Annex: Chapter 44 provisions removed from Annex II of EO 14257, entries from 2025-10-14",
    FR + "2025-19482",
)
EO14360 = cite(
    "Executive Order 14360 of November 14, 2025 (Modifying the Scope of the Reciprocal Tariff"
    " With Respect to Certain Agricultural Products)",
    "DCPD-202501123; CBP CSMS #66814923",
    "secs. 1-2 and Annex I (237 HTSUS classifications added), entries from 2025-11-13",
)
EO14345 = cite(
    "Executive Order 14345 of September 4, 2025 (implementing the United States-Japan"
    " agreement); HTSUS modifications published by the ITA",
    "90 FR 44638, FR Doc 2025-17908",
    "heading 9903.96.02 and U.S. note 35(b); entries from 12:01 a.m. EDT September 16, 2025",
    FR + "2025-17908",
)
P11012 = cite(
    "Proclamation 11012 of February 20, 2026 (Section 122 temporary import surcharge, 19 U.S.C. 2132)",
    "91 FR 9339, FR Doc 2026-03824",
    "headings 9903.03.01-9903.03.11 and U.S. note 2(aa); 150 days from 2026-02-24",
    FR + "2026-03824",
)
USTR301 = cite(
    "USTR, Notice of Actions in Section 301 Investigations (forced-labor investigations); CBP CSMS #69326983",
    "91 FR 47318, FR Doc 2026-15181",
    "headings 9903.05.86 (note 52(b)), 9903.05.88 (note 52(d)) and 9903.05.89 (note 52(e));"
    " entries from 2026-07-24",
    FR + "2026-15181",
)


def in_category(prefix: str) -> str | None:
    """Return the Annex II category a provision falls in, or ``None``."""
    for key in (prefix[:4], prefix[:2]):
        if key in ANNEX_II_CATEGORIES:
            return ANNEX_II_CATEGORIES[key]
    return None


def wrap(codes: Iterable[str]) -> str:
    """Return dotted codes as one space-separated string."""
    return " ".join(dotted(c) for c in codes)


class Builder:
    """Builds every list from the sources."""

    def __init__(self, source: Path, hts: HtsLines, note52_dir: Path = NOTE52_DIR) -> None:
        self.yale = source / "yale-tariff-rate-tracker"
        self.legal = parse_notes(BlanketNoteText(self.yale / "us_notes" / "chapter99_2026_rev_6.txt"))
        self.hts = hts
        self.note52_dir = note52_dir
        self.lists: dict[str, ScopeList] = {}
        # (list id, prefix) of provisions of later revisions absent from the HTSUS table (kept)
        self.unlisted: set[tuple[str, str]] = set()

    def build(self) -> None:
        """Build all lists."""
        self.annex_ii()
        self.civil_aircraft_jp()
        self.section_122()
        self.section_301()
        self.chapter_98()

    # -- IEEPA Annex II -------------------------------------------------------------------

    def annex_ii(self) -> None:
        """Date every provision of note 2(v)(iii)(a), plus the provisions removed before Rev 6."""
        legal = self.legal
        annex = set(legal.annex_a)
        for name, group, inside in (
            ("EO 14346 additions", EO14346_ADDED, True),
            ("EO 14360 additions", EO14360_ADDED, True),
            ("memorandum provisions", MEMO_2025_04_11, True),
            ("EO 14346 removals", EO14346_REMOVED, False),
            ("Proc 10976 removals", PROC10976_REMOVED, False),
        ):
            wrong = sorted(c for c in group if (c in annex) != inside)
            if wrong or len(set(group)) != len(group):
                where = "missing from" if inside else "still in"
                msg = f"{name}: {wrong} {where} note 2(v)(iii)(a) of Rev 6, or duplicated"
                raise SystemExit(msg)
        if len(EO14346_ADDED) != 39 or len(EO14346_REMOVED) != 8 or len(EO14360_ADDED) != 237:
            msg = "EO 14346 / EO 14360 constants do not have the counts their sources state"
            raise SystemExit(msg)
        s = ScopeList(
            id="ieepa_annex_ii",
            title="IEEPA reciprocal duties: Annex II exemption, heading 9903.01.32",
            description=(
                "HTSUS provisions whose goods are exempt from the IEEPA reciprocal duties"
                " (9903.01.25, 9903.01.35, 9903.01.39, 9903.01.63, 9903.02.01-9903.02.73, incl."
                " Japan's 9903.01.53 and 9903.02.30/.72/.73) under heading 9903.01.32: U.S. note"
                " 2(v)(iii)(a) to subchapter III of Chapter 99 (EO 14257 Annex II as amended),"
                " dated by the instrument that added or removed each provision."
            ),
            reference=[
                hts_note("U.S. note 2(v)(iii)(a); heading 9903.01.32"),
                EO14257,
                MEMO,
                EO14346,
                P10976,
                EO14360,
            ],
            sources=[
                notes_source(),
                hero_source(HERO_SEPT),
                hero_source(HERO_NOV),
                yale_source("resources/ieepa_exempt_products.csv"),
            ],
            complete=True,
            note=(
                "Rows are the provisions as printed in note 2(v)(iii)(a) of HTSUS 2026 Revision 6"
                " (4-, 6-, 8- or 10-digit prefixes), plus 166 provisions that were in Annex II"
                " from 2025-04-05 and were removed before Revision 6 (end dates set). The dating"
                " of each row is in its note; the evidence is in PROVENANCE.md. Rows have no end"
                " date after the last change: the reciprocal duties themselves end with entries"
                " of 2026-02-23 (EO 14389; parameter exempt_annex_ii_heading), which the engine"
                " handles. Not included: the particular articles of note 2(v)(iii)(b) (heading"
                " 9903.02.78, from 2025-11-13), which are described by use/kind, not by"
                " subheading; Chapter 98 entries (exempt under note 2(v)(i), not 9903.01.32);"
                " country-specific exemptions (Brazil, India, EU/CH/KR deal lists)."
            ),
            legal_text=(
                "HTSUS 2026 Revision 6, Chapter 99 subchapter III, U.S. note 2(v)(iii)(a)"
                " (heading 9903.01.32); history from EO 14257 Annex II, the memorandum of"
                " 2025-04-11, EO 14346, Proclamation 10976 and EO 14360"
            ),
        )
        added_sept, added_nov, memo = set(EO14346_ADDED), set(EO14360_ADDED), set(MEMO_2025_04_11)
        for p in legal.annex_a:
            if p in added_nov:
                start, note = (
                    EO14360_DATE,
                    "Added to Annex II by EO 14360 (agricultural products) for entries from"
                    " 2025-11-13 (CBP CSMS #66814923; one of its 237 classifications)",
                )
            elif p in added_sept:
                start, note = (
                    EO14346_DATE,
                    "Added to Annex II by EO 14346 for entries from 2025-09-08 (CBP CSMS"
                    " #66151866; one of its 39 additions)",
                )
            elif p in memo:
                start, note = (
                    IEEPA_START,
                    "Electronics memorandum of 2025-04-11, retroactive to entries from"
                    " 2025-04-05 (CBP CSMS #64724565)",
                )
            else:
                start, note = (
                    IEEPA_START,
                    "EO 14257 Annex II as issued, from 2025-04-05 (in Annex II before the EO 14346"
                    " and EO 14360 additions; still in note 2(v)(iii)(a) of Rev 6)",
                )
            s.rows.append(Row(p, start, None, note))
        for p in EO14346_REMOVED:
            s.rows.append(
                Row(
                    p,
                    IEEPA_START,
                    EO14346_DATE - DAY,
                    "EO 14257 Annex II from 2025-04-05; removed by EO 14346 for entries from"
                    " 2025-09-08 (CBP CSMS #66151866); not in note 2(v)(iii)(a) of Rev 6",
                )
            )
        for p in PROC10976_REMOVED:
            s.rows.append(
                Row(
                    p,
                    IEEPA_START,
                    P10976_DATE - DAY,
                    "EO 14257 Annex II from 2025-04-05 (Chapter 44); removed by the Annex of Proc"
                    " 10976 for entries from 2025-10-14; not in note 2(v)(iii)(a) of Rev 6",
                )
            )
        groups = (
            ("from 2025-04-05: EO 14257 Annex II as issued", "EO 14257 Annex II as issued"),
            ("from 2025-04-05: electronics memorandum of 2025-04-11 (retroactive)", "Electronics"),
            ("from 2025-09-08: EO 14346 additions", "Added to Annex II by EO 14346"),
            ("from 2025-11-13: EO 14360 agricultural additions", "Added to Annex II by EO 14360"),
            ("2025-04-05 to 2025-09-07: removed by EO 14346", "EO 14257 Annex II from 2025-04-05;"),
            (
                "2025-04-05 to 2025-10-13: Chapter 44, removed by Proc 10976",
                "EO 14257 Annex II from 2025-04-05 (Chapter 44)",
            ),
        )
        for label, lead in groups:
            n = sum(1 for r in s.rows if r.note.startswith(lead))
            s.dating.append(f"{n} rows {label}")
        if sum(int(d.split()[0]) for d in s.dating) != len(s.rows):
            msg = "ieepa_annex_ii: dating groups do not add up to the rows"
            raise SystemExit(msg)
        outside = sorted(
            r.prefix
            for r in s.rows
            if r.start == IEEPA_START and r.prefix not in memo and in_category(r.prefix) is None
        )
        s.dating.append(
            f"Judgement: {len(outside)} provisions dated 2025-04-05 lie outside the categories"
            f" EO 14257 names for Annex II (energy, pharmaceuticals, semiconductors, copper,"
            f" lumber, certain critical minerals, bullion). They are dated by evidence, not by"
            f" category: each is in Annex II as encoded before 2025-09-08 (hts-hero"
            f" {HERO_SEPT[:8]}), none is among the 39 EO 14346 or the 237 EO 14360 additions,"
            f" and no other instrument added provisions to Annex II between 2025-04-05 and"
            f" 2026-02-23; {len(set(outside) & set(EO14346_REMOVED))} of them end 2025-09-07"
            f" (EO 14346 removals): {wrap(outside)}"
        )
        s.findings += self.compare_ieepa_csv()
        self.lists[s.id] = s

    def compare_ieepa_csv(self) -> list[str]:
        """Compare Yale's undated HTS10 list with the dated legal list."""
        legal = self.legal
        rows = [r["hts10"] for r in yale_csv(self.yale, "ieepa_exempt_products.csv")]
        current = legal.annex_a
        sept_removed, wood_removed = EO14346_REMOVED, PROC10976_REMOVED
        classes: dict[str, list[str]] = {k: [] for k in ("agree", "sept", "wood", "iii_b", "ch98", "other")}
        for code in rows:
            if any(code.startswith(p) for p in current):
                classes["agree"].append(code)
            elif any(code.startswith(p) for p in sept_removed):
                classes["sept"].append(code)
            elif any(code.startswith(p) for p in wood_removed):
                classes["wood"].append(code)
            elif any(code.startswith(p) for p in legal.iii_b):
                classes["iii_b"].append(code)
            elif code.startswith("98"):
                classes["ch98"].append(code)
            else:
                classes["other"].append(code)

        def hts8(codes: list[str]) -> str:
            return wrap(sorted({c[:8] for c in codes}))

        uncovered = [p for p in current if not any(c.startswith(p) for c in rows)]
        out = [
            f"Yale `ieepa_exempt_products.csv` has {len(rows)} HTS10 codes, undated;"
            f" {len(classes['agree'])} fall under a provision of note 2(v)(iii)(a) of Rev 6"
            f" (agree). Every Rev 6 provision has at least one Yale code"
            f" ({len(uncovered)} without).",
            f"{len(classes['sept'])} Yale codes fall under the 8 provisions EO 14346 removed"
            f" from 2025-09-08; Yale keeps them exempt without a date (legal text used: exempt"
            f" only 2025-04-05 to 2025-09-07): {hts8(classes['sept'])}",
            f"{len(classes['wood'])} Yale codes fall under Chapter 44 provisions removed by Proc"
            f" 10976 from 2025-10-14; Yale keeps them exempt without a date (legal text used:"
            f" exempt only 2025-04-05 to 2025-10-13): {hts8(classes['wood'])}",
            f"{len(classes['iii_b'])} Yale codes fall under the subheadings named in note"
            f" 2(v)(iii)(b) (heading 9903.02.78, particular articles only, e.g. 'for religious"
            f" purposes only', from 2025-11-13); Yale treats the whole subheadings as Annex II"
            f" (left out of this list): {hts8(classes['iii_b'])}",
            f"{len(classes['ch98'])} Yale codes are Chapter 98 provisions (exempt under note"
            f" 2(v)(i) when entry under Chapter 98 is claimed, not under 9903.01.32; left out):"
            f" {hts8(classes['ch98'])}",
            f"{len(classes['other'])} Yale codes ({len({c[:8] for c in classes['other']})} HTS8)"
            f" are not under any provision of note 2(v)(iii)(a) at any date (Yale's merged"
            f" country-specific and deal lists: EU/CH/KR aligned-partner and civil-aircraft"
            f" lists, Brazil/India carve-outs, and 8505.11.00 lines other than 8505.11.0070;"
            f" left out): {hts8(classes['other'])}",
        ]
        return out

    # -- Japan civil aircraft -------------------------------------------------------------

    def civil_aircraft_jp(self) -> None:
        """Build note 35(b): civil aircraft, engines and parts of Japan (heading 9903.96.02)."""
        legal = self.legal
        s = ScopeList(
            id="ieepa_civil_aircraft_jp",
            title="Civil aircraft and parts of Japan, heading 9903.96.02",
            description=(
                "HTSUS provisions under which civil aircraft (other than military and unmanned"
                " aircraft), their engines, parts, components, subassemblies and ground flight"
                " simulators of Japan are exempt, under heading 9903.96.02 and U.S. note 35(b),"
                " from the Japan reciprocal duties (9903.02.72/.73) and from the Section 232"
                " metals duties (9903.82.02, 9903.82.04-.17; old-regime headings before"
                " 2026-04-06). Applies only to goods that meet General Note 6 (civil aircraft"
                " use): the engine asks the importer for that declaration; this list gives the"
                " provisions."
            ),
            reference=[hts_note("U.S. note 35(b); heading 9903.96.02"), EO14345],
            sources=[notes_source(), yale_source("resources/floor_exempt_products.csv")],
            complete=True,
            note=(
                "Provisions as printed in note 35(b) of HTSUS 2026 Revision 6, all from"
                " 2025-09-16 (not retroactive; the Japan 15% reciprocal structure was"
                " retroactive to 2025-08-07 but this heading was not). The text of note 35(b) as"
                " first published (2025 Rev 23) is not on this machine; the Rev 6 list is used"
                " for the whole period (it equals the Korea civil-aircraft list of 2025 Rev 32,"
                " and the EU list of 2025 Rev 24 except 4504.90.00). No end date: the heading is"
                " still in force for the metals duties after the reciprocal duties ended."
            ),
            legal_text="HTSUS 2026 Revision 6, Chapter 99 subchapter III, U.S. note 35(b)",
        )
        for p in legal.note35b:
            s.rows.append(
                Row(
                    p,
                    JP_AIRCRAFT_START,
                    None,
                    "Note 35(b) provision (heading 9903.96.02), from 2025-09-16; civil aircraft"
                    " use under General Note 6 required",
                )
            )
        s.dating.append(f"{len(s.rows)} rows from {JP_AIRCRAFT_START}")
        jp = sorted(
            r["hts8"]
            for r in yale_csv(self.yale, "floor_exempt_products.csv")
            if r["country_group"] == "japan"
        )
        note = set(legal.note35b)
        per_revision = sorted((self.yale / "us_notes").glob("floor_exempt_*.csv"))
        same = []
        for path in per_revision:
            with path.open(encoding="utf-8", newline="") as handle:
                rows = sorted(r["hts8"] for r in csv.DictReader(handle) if r["country_group"] == "japan")
            same.append(rows == jp)
        s.findings.append(
            f"Yale `floor_exempt_products.csv` has {len(jp)} Japan civil-aircraft rows"
            f" (9903.96.02) against {len(note)} provisions in note 35(b);"
            f" {len([c for c in jp if c in note])} agree ({wrap(c for c in jp if c in note)});"
            f" not in note 35(b) (left out): {wrap(c for c in jp if c not in note)}."
            f" {sum(same)} of the {len(per_revision)} per-revision files us_notes/floor_exempt_*.csv"
            f" hold the same Japan rows: a gap in that list (the 7 steel codes look like a"
            f" mis-parse), not a legal difference."
        )
        only_a = sorted(set(legal.note35a) - note)
        only_b = sorted(note - set(legal.note35a))
        s.findings.append(
            f"Note 35(b) against note 35(a) (United Kingdom, 9903.96.01, {len(legal.note35a)}"
            f" provisions): only in 35(a): {wrap(only_a) or 'none'} (35(b) excludes unmanned"
            f" aircraft); only in 35(b): {wrap(only_b) or 'none'}."
        )
        for file, group in (("floor_exempt_rev_24.csv", "eu"), ("floor_exempt_rev_32.csv", "korea")):
            with (self.yale / "us_notes" / file).open(encoding="utf-8", newline="") as handle:
                other = {
                    r["hts8"]
                    for r in csv.DictReader(handle)
                    if r["country_group"] == group and r["category"] == "civil_aircraft"
                }
            s.findings.append(
                f"Yale us_notes/{file}, {group} civil-aircraft rows ({len(other)}): only there:"
                f" {wrap(sorted(other - note)) or 'none'}; only in note 35(b):"
                f" {wrap(sorted(note - other)) or 'none'} (the same list serves every agreement;"
                f" supports using the Rev 6 list of 35(b) from 2025-09-16)."
            )
        self.lists[s.id] = s

    # -- Section 122 ----------------------------------------------------------------------

    def section_122(self) -> None:
        """Build the lists of notes 2(aa)(ii) (listed goods) and 2(aa)(iv) (civil aircraft)."""
        legal = self.legal
        exempt = ScopeList(
            id="s122_exempt",
            title="Section 122 surcharge: listed exemptions, heading 9903.03.03",
            description=(
                "HTSUS provisions whose goods (of any country) are exempt from the Section 122"
                " surcharge (9903.03.01) under heading 9903.03.03 and U.S. note 2(aa)(ii)"
                " (energy, minerals, agricultural products, pharmaceuticals, electronics)."
            ),
            reference=[hts_note("U.S. note 2(aa)(ii); heading 9903.03.03"), P11012],
            sources=[notes_source(), yale_source("resources/s122_exempt_products.csv")],
            complete=True,
            note=(
                "Provisions as printed in note 2(aa)(ii) of HTSUS 2026 Revision 6, for the whole"
                " life of the surcharge, 2026-02-24 to 2026-07-23. Not included: the civil"
                " aircraft provisions of note 2(aa)(iv) (list s122_civil_aircraft; exempt only"
                " for General Note 6 use) and the eleven particular articles of note 2(aa)(iii)"
                " (heading 9903.03.04, described by kind or use)."
            ),
            legal_text="HTSUS 2026 Revision 6, Chapter 99 subchapter III, U.S. note 2(aa)(ii)",
        )
        for p in legal.aa_ii:
            exempt.rows.append(
                Row(
                    p,
                    S122_START,
                    S122_END,
                    "Note 2(aa)(ii) provision (heading 9903.03.03), whole Section 122 period",
                )
            )
        aircraft = ScopeList(
            id="s122_civil_aircraft",
            title="Section 122 surcharge: civil aircraft, heading 9903.03.05",
            description=(
                "HTSUS provisions under which civil aircraft (all aircraft other than military),"
                " their engines, parts, components, subassemblies and ground flight simulators of"
                " any country are exempt from the Section 122 surcharge under heading 9903.03.05"
                " and U.S. note 2(aa)(iv), when they meet General Note 6 (civil aircraft use, a"
                " declaration the engine asks for)."
            ),
            reference=[hts_note("U.S. note 2(aa)(iv); heading 9903.03.05"), P11012],
            sources=[notes_source(), yale_source("resources/s122_exempt_products.csv")],
            complete=True,
            note=(
                "Provisions as printed in note 2(aa)(iv) of HTSUS 2026 Revision 6, 2026-02-24 to"
                " 2026-07-23. The list leaves out the provisions that note 2(aa)(ii) exempts"
                " unconditionally (e.g. 8471.41.01, 8517.13.00, 8528.52.00, 8108.90.60): those"
                " are in s122_exempt. Unlike note 35(b) it keeps unmanned aircraft (8806)."
            ),
            legal_text="HTSUS 2026 Revision 6, Chapter 99 subchapter III, U.S. note 2(aa)(iv)",
        )
        for p in legal.aa_iv:
            aircraft.rows.append(
                Row(
                    p,
                    S122_START,
                    S122_END,
                    "Note 2(aa)(iv) provision (heading 9903.03.05); General Note 6 civil aircraft"
                    " use required",
                )
            )
        for lst in (exempt, aircraft):
            lst.dating.append(f"{len(lst.rows)} rows {S122_START} to {S122_END}")
        rows = [r["hts8"] for r in yale_csv(self.yale, "s122_exempt_products.csv")]
        ii, iv, iii = set(legal.aa_ii), set(legal.aa_iv), set(legal.aa_iii)

        def under(code: str, group: set[str]) -> bool:
            return any(code.startswith(p) or p.startswith(code) for p in group)

        in_ii = [c for c in rows if under(c, ii)]
        in_iv = [c for c in rows if c not in in_ii and under(c, iv)]
        in_iii = [c for c in rows if c in iii]
        rest = [c for c in rows if c not in in_ii and c not in in_iv and c not in in_iii]
        missing_ii = [p for p in legal.aa_ii if not any(under(c, {p}) for c in rows)]
        missing_iv = [p for p in legal.aa_iv if not any(under(c, {p}) for c in rows)]
        exempt.findings += [
            f"Yale `s122_exempt_products.csv` has {len(rows)} codes: {len(in_ii)} are note"
            f" 2(aa)(ii) provisions (agree; {len(missing_ii)} (ii) provisions missing from it);"
            f" the 8505.11.0070 provision is stored as a 10-digit value in its hts8 column.",
            f"{len(in_iv)} of its codes are the civil-aircraft provisions of note 2(aa)(iv),"
            f" exempt only for General Note 6 use (left out here, put in s122_civil_aircraft;"
            f" {len(missing_iv)} (iv) provisions missing from it).",
            f"{len(in_iii)} of its codes are the subheadings of the particular articles of note"
            f" 2(aa)(iii) (heading 9903.03.04; only the described articles are exempt; left out):"
            f" {wrap(in_iii)}",
            f"{len(rest)} of its codes are in no list of note 2(aa) of Rev 6 (left out; possibly"
            f" a later amendment not on this machine): {wrap(rest)}",
        ]
        aircraft.findings.append(
            f"All {len(legal.aa_iv)} note 2(aa)(iv) provisions are in Yale's"
            f" `s122_exempt_products.csv`, mixed with the unconditional (aa)(ii) list without a"
            f" flag (project reference, section 5)."
        )
        self.lists[exempt.id] = exempt
        self.lists[aircraft.id] = aircraft

    # -- Section 301 (U.S. note 52) ---------------------------------------------------------

    def note52(self, letter: str, count: int, members: Iterable[str]) -> list[str]:
        """Read the list of note 52(``letter``) from ``data/tariffs/sources/`` and check it."""
        path = self.note52_dir / f"note52{letter}_2026_rev13.txt"
        lines = path.read_text(encoding="utf-8").splitlines()
        if not lines or not lines[0].startswith("# "):
            msg = f"{path.name}: the first line must be the header comment naming the source"
            raise SystemExit(msg)
        printed = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
        bad = [c for c in printed if not NOTE52_CODE.fullmatch(c)]
        codes = [digits(c) for c in printed]
        if bad or codes != sorted(codes):
            msg = f"{path.name}: not dotted HTS provisions in printed (ascending) order: {bad[:5]}"
            raise SystemExit(msg)
        return expect(f"note 52({letter})", codes, count, members)

    def check_note52(self, s: ScopeList) -> None:
        """Check every row against the HTSUS table; report (and keep) provisions absent from it."""
        absent = [r.prefix for r in s.rows if r.prefix not in self.hts.spans]
        stale = [
            r.prefix
            for r in s.rows
            if r.prefix in self.hts.spans and not self.hts.in_force(r.prefix, r.start)
        ]
        if stale:
            msg = f"{s.id}: provisions in the HTSUS table but not in force on {S301_START}: {stale}"
            raise SystemExit(msg)
        self.unlisted |= {(s.id, p) for p in absent}
        s.findings.append(
            f"All {len(s.rows) - len(absent)} provisions found in the HTSUS table"
            f" (data/hts/hts_lines.parquet, newest revision on this machine 2026 Rev 10) are"
            f" lines in force on {S301_START}. Absent from the table (kept; created after Rev 10"
            f" or not a line): {wrap(absent) or 'none'}."
        )

    def section_301(self) -> None:
        """Build the lists of notes 52(b), 52(d) and 52(e) (HTSUS 2026 Rev 13)."""
        legal = self.legal
        note_b = self.note52("b", NOTE52B_COUNT, S301_EXEMPT_EXAMPLES + NOTE52B_TEN_DIGIT + NOTE52B_SPOT)
        note_d = self.note52("d", NOTE52D_COUNT, S301_AIRCRAFT_EXAMPLES + NOTE52D_SPOT)
        note_e = self.note52("e", NOTE52E_COUNT, NOTE52E_SPOT)
        ten = sorted(c for c in note_b + note_d + note_e if len(c) == 10)
        if ten != sorted(NOTE52B_TEN_DIGIT):
            msg = f"note 52: 10-digit provisions {ten}, expected those of 52(b) {NOTE52B_TEN_DIGIT}"
            raise SystemExit(msg)
        b, d, e = set(note_b), set(note_d), set(note_e)
        if b & d or b & e or d & e:
            msg = f"note 52: (b), (d) and (e) should be disjoint: {sorted((b & d) | (b & e) | (d & e))}"
            raise SystemExit(msg)

        def sources(letter: str, name: str) -> list[dict[str, str]]:
            out = [
                {
                    "file": f"data/tariffs/sources/note52{letter}_2026_rev13.txt",
                    "licence": "public domain (17 U.S.C. 105); HTSUS text transcribed in this repository",
                },
                {
                    "repository": HERO_REPO,
                    "commit": HERO52_COMMIT,
                    "file": f"{HERO52_FILE} (list {name})",
                    "licence": HERO52_LICENCE,
                },
            ]
            if letter == "b":
                out.append(
                    {
                        "repository": HERO_REPO,
                        "commit": HERO52_NOTES_COMMIT,
                        "file": f"{HERO52_NOTES_FILE} (printed 10-digit provisions)",
                        "licence": HERO52_LICENCE,
                    }
                )
            return out

        rev13 = "2026 Revision 13"
        legal_text = (
            "HTSUS 2026 Revision 13, Chapter 99 subchapter III, U.S. note {} (not on this machine;"
            " third-party extraction, see data/tariffs/sources/PROVENANCE.md)"
        )
        exempt = ScopeList(
            id="s301_exempt",
            title="Section 301 (2026 forced-labor action): listed exemptions, heading 9903.05.86",
            description=(
                "HTSUS provisions whose goods are exempt from the 2026 Section 301 duties"
                " (headings 9903.05.20-9903.05.84; 9903.05.48/.49 for Japan) under heading"
                " 9903.05.86 and U.S. note 52(b) to subchapter III of Chapter 99 (energy,"
                " minerals and metals, agricultural products, pharmaceuticals, electronics,"
                " semiconductors, works of art)."
            ),
            reference=[hts_note("U.S. note 52(b); heading 9903.05.86", rev13), USTR301],
            sources=sources("b", "forcedLabor52b"),
            complete=True,
            note=(
                "Provisions as printed in note 52(b) of HTSUS 2026 Revision 13 (8- or 10-digit),"
                " from 2026-07-24, open-ended. Revision 13 is not on this machine: the list is a"
                " transcription of a third-party extraction, checked against its count and against"
                " the examples the project reference names. Not included: the particular articles"
                " of note 52(c) (heading 9903.05.87, described by kind or use), the civil aircraft"
                " provisions of note 52(d) (list s301_civil_aircraft; General Note 6 use) and the"
                " pharmaceutical-use articles of note 52(e) (list s301_pharma_use; end use)."
            ),
            legal_text=legal_text.format("52(b)"),
        )
        aircraft = ScopeList(
            id="s301_civil_aircraft",
            title="Section 301 (2026 forced-labor action): civil aircraft, heading 9903.05.88",
            description=(
                "HTSUS provisions under which civil aircraft (all aircraft other than military),"
                " their engines, parts, components, subassemblies and ground flight simulators are"
                " exempt from the 2026 Section 301 duties under heading 9903.05.88 and U.S. note"
                " 52(d), when they meet General Note 6 (civil aircraft use, a declaration the"
                " engine asks for)."
            ),
            reference=[hts_note("U.S. note 52(d); heading 9903.05.88", rev13), USTR301],
            sources=sources("d", "forcedLabor52d"),
            complete=True,
            note=(
                "Provisions as printed in note 52(d) of HTSUS 2026 Revision 13, from 2026-07-24,"
                " open-ended; General Note 6 civil aircraft use required. Revision 13 is not on"
                " this machine: the list is a transcription of a third-party extraction, checked"
                " against its count and the project reference's examples. It leaves out the"
                " provisions that note 52(b) exempts unconditionally (list s301_exempt) and keeps"
                " unmanned aircraft (8806)."
            ),
            legal_text=legal_text.format("52(d)"),
        )
        pharma = ScopeList(
            id="s301_pharma_use",
            title=(
                "Section 301 (2026 forced-labor action): articles for use in pharmaceutical"
                " applications, heading 9903.05.89"
            ),
            description=(
                "HTSUS provisions under which articles for use in pharmaceutical applications are"
                " exempt from the 2026 Section 301 duties under heading 9903.05.89 and U.S. note"
                " 52(e). An end-use condition: only goods the importer declares to be for"
                " pharmaceutical use are exempt; other goods of these provisions pay the duties."
            ),
            reference=[hts_note("U.S. note 52(e); heading 9903.05.89", rev13), USTR301],
            sources=sources("e", "forcedLabor52e"),
            complete=True,
            note=(
                "Provisions as printed in note 52(e) of HTSUS 2026 Revision 13, from 2026-07-24,"
                " open-ended; exempt only for use in pharmaceutical applications (an end use the"
                " importer must declare). Revision 13 is not on this machine: the list is a"
                " transcription of a third-party extraction, checked against its count. The"
                " engine does not read this list yet (no pharmaceutical-use declaration exists):"
                " goods of these provisions are not exempted from Section 301."
            ),
            legal_text=legal_text.format("52(e)"),
        )
        examples, air_examples = set(S301_EXEMPT_EXAMPLES), set(S301_AIRCRAFT_EXAMPLES)
        for p in note_b:
            mark = "; example named for note 52(b) in the project reference" if p in examples else ""
            exempt.rows.append(
                Row(p, S301_START, None, f"Note 52(b) provision (heading 9903.05.86), from 2026-07-24{mark}")
            )
        for p in note_d:
            mark = "; example named for note 52(d) in the project reference" if p in air_examples else ""
            aircraft.rows.append(
                Row(
                    p,
                    S301_START,
                    None,
                    f"Note 52(d) provision (heading 9903.05.88), from 2026-07-24; General Note 6 civil"
                    f" aircraft use required{mark}",
                )
            )
        for p in note_e:
            pharma.rows.append(
                Row(
                    p,
                    S301_START,
                    None,
                    "Note 52(e) provision (heading 9903.05.89), from 2026-07-24; exempt only for use"
                    " in pharmaceutical applications (declared end use)",
                )
            )
        for lst in (exempt, aircraft, pharma):
            lst.dating.append(f"{len(lst.rows)} rows from {S301_START}")
            self.check_note52(lst)
        exempt.findings.append(
            "Checked present: the reference's note 52(b) examples " + wrap(S301_EXEMPT_EXAMPLES) + "."
        )
        aircraft.findings.append(
            "Checked present: the reference's note 52(d) examples " + wrap(S301_AIRCRAFT_EXAMPLES) + "."
        )
        exempt.findings.append(
            "The hts-hero .ts list prints the seven 10-digit provisions of 52(b) as 8-digit"
            f" subheadings ({wrap(c[:8] for c in NOTE52B_TEN_DIGIT)}), which would exempt the whole"
            " subheading; the note text in the same repository prints them with their statistical"
            f" suffix ({wrap(NOTE52B_TEN_DIGIT)}), which this list follows. Otherwise the two"
            " extractions agree provision for provision for 52(b), (d) and (e)."
        )
        ii, iv = set(legal.aa_ii), set(legal.aa_iv)
        gone, added = sorted(ii - b), sorted(b - ii)
        exempt.findings.append(
            f"Against note 2(aa)(ii) (Section 122, Rev 6; {len(ii)} provisions, the proxy this list"
            f" replaced): {len(gone)} of its provisions are not in 52(b)"
            f" ({sum(1 for c in gone if c.startswith('29'))} of them Chapter 29);"
            f" {len([c for c in gone if c in e])} of those are in note 52(e) (pharmaceutical use"
            f" only) and {len([c for c in gone if c not in e])} in no list of note 52: "
            f"{wrap(c for c in gone if c not in e) or 'none'}. {len(added)} provisions of 52(b) are"
            f" not in 2(aa)(ii): {wrap(added)}."
        )
        aircraft.findings.append(
            f"Against note 2(aa)(iv) (Section 122 civil aircraft, Rev 6; {len(iv)} provisions, the"
            f" proxy this list replaced): only in 2(aa)(iv): {wrap(sorted(iv - d)) or 'none'}"
            f" ({len([c for c in iv - d if c in b])} of them moved to 52(b), unconditional);"
            f" only in 52(d): {wrap(sorted(d - iv)) or 'none'}."
        )
        pharma.findings.append(
            f"Against note 2(aa)(ii) (Section 122, Rev 6): {len(e & ii)} of the {len(e)} provisions"
            f" were exempt there unconditionally ({sum(1 for c in e & ii if c.startswith('29'))} of"
            f" them Chapter 29); {len(e - ii)} were in no list of note 2(aa)."
        )
        self.lists[exempt.id] = exempt
        self.lists[aircraft.id] = aircraft
        self.lists[pharma.id] = pharma

    # --- checks against the HTSUS table -------------------------------------------------------

    # -- Chapter 98 ------------------------------------------------------------------------

    def chapter_98(self) -> None:
        """Chapter 98 goods are outside the IEEPA, Section 122 and Section 301 duties, but four provisions.

        The same sentence closes U.S. notes 2(v)(i) (IEEPA reciprocal), 2(aa)(i) (Section 122)
        and 52(a) (Section 301): the additional duties "shall not apply to goods for which entry
        is properly claimed under a provision of chapter 98 ... except for goods entered under
        heading 9802.00.80; and subheadings 9802.00.40, 9802.00.50, and 9802.00.60". The first
        two are read in Revision 6; note 52(a) in the hts-hero transcription of Revision 13.
        """
        lines = BlanketNoteText(self.yale / "us_notes" / "chapter99_2026_rev_6.txt").lines
        text = " ".join(" ".join(lines).split())
        sentence = (
            "shall not apply to goods for which entry is properly claimed under a provision of chapter 98"
        )
        if text.count("The additional duties imposed by these headings " + sentence) < 1:
            msg = "note 2(v)(i): the chapter 98 sentence was not found"
            raise SystemExit(msg)
        if text.count("The additional duty imposed by this heading " + sentence) < 1:
            msg = "note 2(aa)(i): the chapter 98 sentence was not found"
            raise SystemExit(msg)
        for code in CHAPTER_98_KEPT:
            if code not in text:
                msg = f"notes 2(v)(i)/2(aa)(i): {code} not found"
                raise SystemExit(msg)
        s = ScopeList(
            id="blanket_chapter_98",
            title="Chapter 98 goods outside the blanket layers (notes 2(v)(i), 2(aa)(i), 52(a))",
            description=(
                "Goods for which entry is properly claimed under a provision of chapter 98 (U.S."
                " goods returned, goods repaired abroad, personal and professional goods...) pay no"
                " IEEPA reciprocal duty (U.S. note 2(v)(i)), no Section 122 surcharge (2(aa)(i)) and"
                " no Section 301 duty (52(a)), except goods entered under 9802.00.40, 9802.00.50,"
                " 9802.00.60 (the duty applies to the value of the repairs, alterations or"
                " processing) and 9802.00.80 (to the value of the article assembled abroad less its"
                " U.S. components)."
            ),
            reference=[
                hts_note("U.S. note 2(v)(i)"),
                hts_note("U.S. note 2(aa)(i)"),
                {
                    "title": "Harmonized Tariff Schedule of the United States, Chapter 99, subchapter III",
                    "document": "HTSUS 2026 Revision 13 (change record CR-1, U.S. note 52(a)-(k))",
                    "section": "U.S. note 52(a)",
                    "href": "https://hts.usitc.gov/",
                    "edition": "2026 Revision 13",
                },
                EO14257,
                P11012,
                USTR301,
            ],
            sources=[
                notes_source(),
                {
                    "repository": HERO_REPO,
                    "commit": HERO52_COMMIT,
                    "file": HERO52_CR1,
                    "licence": HERO52_LICENCE,
                },
            ],
            complete=True,
            note=(
                "Every heading of chapter 98 in the HTSUS table from 2025-01-01 (each layer applies"
                " only on its own dates),"
                " less the four provisions the notes keep. Their column 1 rates need the value of"
                " the repairs, processing or foreign assembly, which an entry line does not give, so"
                " the engine refuses those lines anyway. The Section 232 notes (16, 19, 33, 36-40)"
                " do not exclude chapter 98 goods (they stay 'subject to the terms of such"
                " provision', 9802.00.60 on the full value); their lists name chapters 1-97 only."
            ),
            legal_text=(
                "HTSUS 2026 Revision 6, U.S. notes 2(v)(i) and 2(aa)(i); 2026 Revision 13, U.S. note 52(a)"
            ),
        )
        headings = sorted(p for p in self.hts.spans if len(p) == 4 and p.startswith("98"))  # noqa: PLR2004
        for heading in headings:
            start = max(CHAPTER_98_START, min(lo for lo, _ in self.hts.spans[heading]))
            s.rows.append(Row(heading, start, None, "chapter 98 heading (notes 2(v)(i), 2(aa)(i), 52(a))"))
        for code in CHAPTER_98_KEPT:
            s.rows.append(
                Row(
                    digits(code),
                    CHAPTER_98_START,
                    None,
                    f"{code}: the blanket layers apply (to the value of the work or foreign content)",
                    include=False,
                )
            )
        s.dating.append(f"{len(s.rows)} rows from {CHAPTER_98_START}, open-ended")
        self.lists[s.id] = s


def write_checked_scope(out: Path, s: ScopeList) -> None:
    """Write a list of this script and load it back (:func:`common.write_checked`)."""
    write_checked(out, s, BUILT_BY)


BEGIN = "<!-- blanket:begin (generated by scripts/scopes/build_blanket.py; edit the script) -->"
END = "<!-- blanket:end -->"


def provenance_block(builder: Builder) -> str:
    """Return the generated block of PROVENANCE.md (one section per list)."""
    parts = [BEGIN, ""]
    for list_id in ALL_LISTS:
        s = builder.lists[list_id]
        parts += list_section(s, BUILT_BY)
        if s.id == "ieepa_annex_ii":
            for item in ANNEX_II_EVIDENCE:
                parts.append(bullet(f"Evidence: {item}"))
        parts.append("")
    parts.append(END)
    return "\n".join(parts) + "\n"


ANNEX_II_EVIDENCE = (
    "Revision 6 prints only the final list of note 2(v)(iii)(a); no USITC JSON export carries"
    " the notes, and the Chapter 99 heading rows only show that 9903.01.32's text changed from"
    " 'subdivision (v)(iii)' to '(v)(iii)(a)' in 2025 Rev 29 (the EO 14360 restructuring). The"
    " history was therefore rebuilt from the instruments' own counts and dates (CBP CSMS"
    " #64724565, #66151866, #66814923) and from public encodings of the list, all secondary:"
    " hts-hero (GitHub brendanxmac/hts-hero) file"
    f" `{HERO_FILE}` at commits {HERO_SEPT[:8]} (Annex II after 2025-09-08, with the 8 EO 14346"
    f" removals commented out) and {HERO_NOV[:8]} (after 2025-11-13, with a block of 237"
    " 'November 13th additions' and Chapter 44 cut to twelve tropical-wood lines), and law-firm"
    " and broker summaries (A.N. Deringer, Steptoe, KPMG, PwC for EO 14346; Livingston, C.H."
    " Robinson for Proc 10976).",
    "Cross-checks that hold: the 237 EO 14360 additions equal the CSMS count and are all printed"
    " in Rev 6; the 39 EO 14346 additions equal the count Steptoe gives and are all in Rev 6;"
    " none of the 8 removals nor of the 158 removed Chapter 44 lines is in Rev 6; the hts-hero"
    f" list at {HERO_NOV[:8]} equals note 2(v)(iii)(a) of Rev 6 provision for provision (1,082;"
    " checked by script once, by hand transcription), and its state at"
    f" {HERO_SEPT[:8]} differs from that only by the 158 Chapter 44 lines, the commented-out"
    " EO 14346 removals and the absent EO 14360 block (compared by eye); every provision of every"
    " row is an HTSUS line in force on its start date (data/hts/hts_lines.parquet).",
    "Ambiguity: the project reference writes the memorandum's semiconductors as"
    " '8541.10-8541.90'. The memorandum (CSMS #64724565) lists 8541.10.00, .21, .29, .30,"
    " 8541.49.10/.70/.80/.95, .51, .59, .90 and not 8541.41.00 (LEDs) nor 8541.42/.43"
    " (photovoltaic): 8541.41.00 is dated 2025-09-08 (EO 14346), 8541.42/.43 are never exempt.",
    "Ambiguity: 8505.11.0070 (a statistical line) was added by EO 14346 on 2025-09-08; the"
    " other 8505.11.00 lines are not in Annex II (Yale lists all of them).",
    "Ambiguity: Proc 10976's Annex is described by secondary sources as removing Chapter 44"
    " 'except those flagged in EO 14346 for aligned partners' (Livingston); Rev 6 keeps exactly"
    " twelve Chapter 44 lines, which this list follows. The Proc 10976 Annex text itself was not"
    " available; if the Nov 13 re-issue of Annex II (EO 14360) rather than Proc 10976 made some"
    " of these removals, the affected rows would end 2025-11-12 instead of 2025-10-13.",
    "Not dated here: EO 14257 sec. 3(b) also excluded goods subject to Section 232 (9903.01.33)"
    " and Berman-amendment informational materials (9903.01.31); those are other headings. Note"
    " 2(v)(iii)(b) (9903.02.78, from 2025-11-13) is a separate, description-based exemption.",
)


def main(argv: list[str] | None = None) -> int:
    """Build the lists."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--out", type=Path, default=REPO / "data" / "tariffs" / "scopes")
    parser.add_argument("--hts", type=Path, default=REPO / "data" / "hts" / "hts_lines.parquet")
    args = parser.parse_args(argv)
    hts = HtsLines(args.hts)
    builder = Builder(args.source, hts)
    builder.build()
    check_lines(builder.lists, hts, builder.unlisted)
    args.out.mkdir(parents=True, exist_ok=True)
    for list_id in ALL_LISTS:
        carry_to_successors(builder.lists[list_id])
        write_checked_scope(args.out, builder.lists[list_id])
    write_provenance(args.out, provenance_block(builder), begin=BEGIN, end=END, header=PROVENANCE_HEADER)
    for list_id in ALL_LISTS:
        s = builder.lists[list_id]
        print(f"{list_id}: {len(s.rows)} rows, complete={s.complete}")
        for item in s.dating:
            print(f"    {item[:160]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
