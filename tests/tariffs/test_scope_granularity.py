"""Audit of the scope lists defined at 8 digits against the legal texts (issue 15, item 3).

A list row of 8 digits covers every statistical line of the subheading. That is right only
where the legal text names the subheading as such; where it names some statistical lines, or
qualifies the subheading by a description ("castings and forgings of aluminum provided for in
subheading 7616.99.51"), the row is too broad. Each shipped list is audited here, one test per
list: every list must have a verdict below (a new list fails until audited), and:

- ``printed``: lists parsed from the note text as printed; each 8-digit row must occur at 8
  digits (not as the start of a 10-digit number) in the legal texts on this machine (HTSUS 2026
  Rev 6 Chapter 99 text, the note 52 transcriptions shipped in data/tariffs/sources, the notes
  after Rev 10), checked when those texts are present;
- ``secondary``: lists taken in part from a secondary source at 8 digits, where the legal text is
  not on this machine; the list must say so (``complete: false`` or a note naming the risk);
- the narrowings the audit made are asserted by hand, each with its legal text.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from pathlib import Path

import pytest

from goldenage.paths import data_dir
from goldenage.tariffs.scopes import scope

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared" / "data" / "third_party"
REV6 = SHARED / "yale-tariff-rate-tracker" / "us_notes" / "chapter99_2026_rev_6.txt"
D = dt.date.fromisoformat

PRINTED, SECONDARY = "printed", "secondary"
AUDIT = {
    "blanket_chapter_98": PRINTED,  # headings 98xx and the four 9802 subheadings of note 2(v)(i)
    "ieepa_annex_ii": PRINTED,  # note 2(v)(iii)(a): provisions without descriptions
    "ieepa_civil_aircraft_jp": PRINTED,  # note 35(b)
    "s122_civil_aircraft": PRINTED,  # note 2(aa)(iv)
    "s122_exempt": PRINTED,  # note 2(aa)(ii)
    "s201_quartz_other": PRINTED,
    "s201_quartz_slabs": PRINTED,
    "s232_aluminum_articles": PRINTED,  # note 19(g); 7616.99.51 narrowed (see below)
    "s232_aluminum_derivatives": PRINTED,  # note 19(i)-(k) as printed in Rev 6
    "s232_auto_parts": PRINTED,  # note 33(g)
    "s232_buses": PRINTED,  # note 38
    "s232_copper": PRINTED,  # note 36 deleted in Rev 6; the 80 provisions are printed in 16(c)(v), (viii)
    "s232_lumber": PRINTED,  # note 37
    "s232_metals_25": PRINTED,  # note 16(c)
    "s232_metals_50": PRINTED,
    "s232_metals_floor15": PRINTED,
    "s232_mhd_parts": PRINTED,  # note 38(i)
    "s232_mhd_vehicles": PRINTED,
    "s232_mobile_equipment": PRINTED,  # note 16(c)(xi)
    "s232_pharmaceuticals": PRINTED,  # note 40(c), 10-digit
    "s232_polysilicon": PRINTED,
    "s232_polysilicon_mip_cells": PRINTED,
    "s232_polysilicon_mip_modules": PRINTED,
    "s232_polysilicon_mip_silicon": PRINTED,
    "s232_polysilicon_mip_wafers": PRINTED,
    "s232_semiconductors": PRINTED,  # note 39
    "s232_steel_articles": PRINTED,  # note 16(j) (old quota categories)
    "s232_steel_derivatives": SECONDARY,  # 16(m)/(n) from the JSON footnotes, BIS rows from Yale
    "s232_uas_aircraft": PRINTED,
    "s232_uas_dual_use": PRINTED,
    "s232_uas_small": PRINTED,
    "s232_vehicles": PRINTED,  # note 33(b)
    "s232_wood_products": PRINTED,
    "s301_civil_aircraft": PRINTED,  # note 52(d)
    "s301_exempt": PRINTED,  # note 52(b)
    "s301_particular": PRINTED,  # note 52(c): provision + described article (declared)
    "s301_pharma_use": PRINTED,  # note 52(e)
}
SHIPPED = sorted(p.stem for p in (data_dir() / "tariffs" / "scopes").glob("*.csv"))


@cache
def _printed_codes() -> frozenset[str]:
    """Return every code printed in the legal texts on this machine, as digits at its printed length."""
    texts = [REV6.read_text(encoding="latin-1")]
    texts += [
        p.read_text(encoding="utf-8") for p in sorted((data_dir() / "tariffs" / "sources").glob("*.txt"))
    ]
    texts += [
        p.read_text(encoding="utf-8", errors="replace")
        for p in sorted((SHARED / "ch99-notes-after-rev10").glob("*.*"))
    ]
    found: set[str] = set()
    for text in texts:
        for match in re.finditer(r"(?<![\d.])(\d{4})\.(\d{2})(?:\.(\d{2})(?:\.?(\d{2}))?)?(?![\d])", text):
            found.add("".join(part for part in match.groups() if part))
        for match in re.finditer(r"(?<![\d.])(\d{8}|\d{10})(?![\d.])", text):
            found.add(match.group(1))
    return frozenset(found)


def test_every_shipped_list_has_an_audit_verdict() -> None:
    assert sorted(AUDIT) == SHIPPED


@pytest.mark.parametrize("list_id", SHIPPED)
def test_eight_digit_rows_follow_the_legal_text(list_id: str) -> None:
    listed = scope(list_id)
    eight = sorted({e.prefix for e in listed.entries if e.include and len(e.prefix) == 8})  # noqa: PLR2004
    if AUDIT.get(list_id) == SECONDARY:
        said = (listed.metadata.note or "") + listed.metadata.description
        assert not listed.metadata.complete or "broader" in said, (
            f"{list_id}: the secondary source is not flagged"
        )
        return
    if not eight:
        return
    if not REV6.is_file():
        pytest.skip("HTSUS Chapter 99 text (shared third-party data) not on this machine")
    missing = [p for p in eight if p not in _printed_codes()]
    assert not missing, f"{list_id}: 8-digit rows not printed at 8 digits in the legal texts: {missing}"


def test_the_2018_aluminum_action_covers_castings_and_forgings_of_7616_99_51_only() -> None:
    # Notes 19(b)(v) and 19(g)(vii): "castings and forgings of aluminum provided for in subheading
    # 7616.99.51"; statistical lines .60 Castings, .70 Forgings (HTSUS 2025 Basic Edition).
    on = D("2025-01-02")
    assert scope("s232_aluminum_articles").contains("7616995160", on)
    assert scope("s232_aluminum_articles").contains("7616995170", on)
    for other in ("7616995120", "7616995130", "7616995175", "7616995190"):
        assert not scope("s232_aluminum_articles").contains(other, on)
    # From 2025-03-12, 19(j) names 7616.99.5130/.5140/.5190 as derivatives (9903.85.07).
    assert scope("s232_aluminum_derivatives").contains("7616995190", D("2025-03-12"))
    assert not scope("s232_aluminum_derivatives").contains("7616995190", D("2025-03-11"))


def test_the_16m_lines_are_the_footnoted_chapter_73_lines() -> None:
    # USITC JSON 2025 Rev 5: 7326.90.86, 7318.15.80, 7318.16.00 and 7315.11.00 carry "See U.S. note
    # 16"; 16(l) names only some lines of 7317.00.55 (7317.00.5503 ...), which stay as printed.
    derivatives = scope("s232_steel_derivatives")
    for code in ("7326908688", "7318158066", "7318160085", "7315110060"):
        assert derivatives.contains(code, D("2025-03-12")), code
        assert not derivatives.contains(code, D("2025-03-11")), code
        assert not derivatives.contains(code, D("2026-04-06")), code
    assert not derivatives.contains("7317005518", D("2025-10-01"))
