"""Build the scope lists of the Chapter 99 actions after HTSUS 2026 Revision 10.

Lists written (``<id>.csv`` + ``<id>.yaml`` in ``data/tariffs/scopes/``):

- ``s232_pharmaceuticals``: the provisions of U.S. note 40(c) (Section 232 pharmaceuticals,
  headings 9903.04.60-.70), from 2026-07-31: the 131 provisions printed in 2026 Revision 14 and
  the 149 printed in 2026 Revision 20 (from 2026-09-29). Twelve Revision 14 provisions are
  statistical lines that 2026 Revision 11 had already replaced on 2026-07-01; the script checks
  that the Revision 20 list is exactly the Revision 14 list read through the transfers of the
  Revision 11 change record (``data/hts/changes/after_rev10.csv``), so the Revision 20 lines
  are in scope from 2026-07-31 (the lines in force that day), the retired numbers never are;
- ``s201_quartz_slabs`` / ``s201_quartz_other``: the provisions of U.S. note 41(a) (Section 201
  quartz surface products, 9903.45.30/.31), 2026-08-15 to 2030-08-14, split by whether the
  statistical line itself describes agglomerated quartz slabs (6810.99.00.20/.40) or is the
  catch-all "other articles of glass" (7020.00.60.00), where the product test of note 41(a)
  is left to the importer;
- ``s232_uas_aircraft`` / ``s232_uas_small`` / ``s232_uas_dual_use``: U.S. note 43(c) (Section
  232 unmanned aircraft systems, 9903.08.20-.26), from 2026-09-03: unmanned aircraft over 25 kg
  ((c)(1)), unmanned aircraft of 25 kg or less ((c)(3) with thermal imaging, (c)(4) without),
  and the general-purpose provisions that are in scope only when for use with an unmanned
  aircraft system (docking stations of (c)(1), parts for systems over 25 kg of (c)(2));
- ``s232_polysilicon`` and ``s232_polysilicon_mip_{silicon,wafers,cells,modules}``: the
  products of the Section 232 polysilicon action (U.S. note 42 of the proclamation's Annex II,
  provisional headings 9903.45.30-.36), from 2026-12-04;
- ``s301_particular``: the subheadings of the particular articles of U.S. note 52(c) (heading
  9903.05.87), from 2026-07-24, each row's note giving the article the note describes.

Sources (read only):

- ``../shared/data/third_party/ch99-notes-after-rev10/`` (third-party transcriptions of the
  USITC Chapter 99 text, see its PROVENANCE.md): note 40(c) of Revision 14, note 41, note 43(c);
- ``data/tariffs/sources/note40c_2026_rev20.txt``, ``note52c_2026_rev13.csv`` and
  ``polysilicon_annex_2026-08-06.csv`` (transcriptions in this repository, with their sources);
- ``data/hts/hts_lines.parquet``: every row's prefix must be a line in force on its start date.

Writes the lists and the ``after-rev10`` block of ``data/tariffs/scopes/PROVENANCE.md``.
Re-running gives identical files.

Usage: ``python scripts/scopes/build_after_rev10.py [--source DIR] [--out DIR]``.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

from common import (
    DEFAULT_SOURCE,
    PROVENANCE_HEADER,
    REPO,
    D,
    HtsLines,
    ScopeList,
    check_lines,
    cite,
    digits,
    expect,
    hts_note,
    list_section,
    write_checked,
    write_provenance,
)

BUILT_BY = "scripts/scopes/build_after_rev10.py"
NOTES_DIR = "ch99-notes-after-rev10"
SOURCES = REPO / "data" / "tariffs" / "sources"
CHANGES = REPO / "data" / "hts" / "changes" / "after_rev10.csv"
HERO = "brendanxmac/hts-hero"
HERO_LICENCE = "no licence file; only facts (HTS numbers and rates of U.S. Government instruments) taken"
YALE = "Budget-Lab-Yale/tariff-rate-tracker"

PHARMA_START, PHARMA_REV20 = D("2026-07-31"), D("2026-09-29")
QUARTZ_START, QUARTZ_END = D("2026-08-15"), D("2030-08-14")
UAS_START = D("2026-09-03")
POLY_START = D("2026-12-04")
S301_START = D("2026-07-24")

ALL_LISTS = (
    "s232_pharmaceuticals",
    "s201_quartz_slabs",
    "s201_quartz_other",
    "s232_uas_aircraft",
    "s232_uas_small",
    "s232_uas_dual_use",
    "s232_polysilicon",
    "s232_polysilicon_mip_silicon",
    "s232_polysilicon_mip_wafers",
    "s232_polysilicon_mip_cells",
    "s232_polysilicon_mip_modules",
    "s301_particular",
)


def shared_source(file: str, repository: str, commit: str, path: str) -> dict[str, str]:
    """Return the source entry of a file of ``../shared/data/third_party/ch99-notes-after-rev10``."""
    return {
        "repository": repository,
        "commit": commit,
        "file": f"{path} (as {NOTES_DIR}/{file} of the shared third-party data)",
        "licence": HERO_LICENCE,
    }


def repo_source(file: str, licence: str) -> dict[str, str]:
    """Return the source entry of a transcription kept in this repository."""
    return {"file": f"data/tariffs/sources/{file}", "licence": licence}


def data_lines(path: Path) -> list[str]:
    """Return the lines of a transcription that are not its '#' header."""
    return [
        line.strip()
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]


def csv_rows(path: Path) -> list[dict[str, str]]:
    """Return the rows of a transcription CSV after its '#' header line(s)."""
    return list(csv.DictReader(data_lines(path)))


def rev11_successors() -> dict[str, tuple[str, ...]]:
    """Return, for every line the Rev 11 change record retires, the lines it was transferred to."""
    with CHANGES.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return {
        digits(r["item"]): tuple(digits(c) for c in r["related"].split())
        for r in rows
        if r["revision"] == "2026_rev_11" and r["change"] != "established"
    }


class Builder:
    """The lists of this script, built from their sources with the checks described above."""

    def __init__(self, source: Path) -> None:
        self.notes = source / NOTES_DIR
        self.lists: dict[str, ScopeList] = {}

    def build(self) -> None:
        """Build every list."""
        self.pharmaceuticals()
        self.quartz()
        self.uas()
        self.polysilicon()
        self.particular()

    # -- Section 232 pharmaceuticals, note 40(c) ----------------------------------------------

    def pharmaceuticals(self) -> None:
        """Note 40(c) of Revision 14 read through the Rev 11 transfers, checked against Revision 20."""
        rev14 = expect(
            "note 40(c), 2026 Rev 14",
            [digits(c) for c in data_lines(self.notes / "note40c_pharmaceuticals_2026_rev14.txt")],
            131,
            ("2918993000", "2922190900", "3004909225", "3004909276"),
        )
        rev20 = expect(
            "note 40(c), 2026 Rev 20",
            [digits(c) for c in data_lines(SOURCES / "note40c_2026_rev20.txt")],
            149,
            ("2918993000", "2922190910", "2922190990", "3004909226", "3004909276"),
        )
        successors = rev11_successors()
        mapped: list[str] = []
        for code in rev14:
            mapped.extend(successors.get(code, (code,)))
        if mapped != rev20:
            msg = "note 40(c): the Rev 20 list is not the Rev 14 list read through the Rev 11 transfers"
            raise SystemExit(msg)
        renumbered = [c for c in rev14 if c in successors]
        s = ScopeList(
            id="s232_pharmaceuticals",
            title="Section 232 pharmaceuticals: the provisions of U.S. note 40(c), headings 9903.04.60-.70",
            description=(
                "HTSUS provisions whose pharmaceutical articles (finished products, active ingredients and"
                " their key starting materials; note 40(c)(i)) are subject to the Section 232 pharmaceutical"
                " headings 9903.04.60-9903.04.70 of U.S. note 40 (Proclamation 11020). Which heading applies"
                " (patented, generic, not a pharmaceutical article, ...) is declared by the importer."
            ),
            reference=[
                hts_note("U.S. note 40(c)", "2026 Revision 14"),
                hts_note("U.S. note 40(c) as modified from 2026-09-29", "2026 Revision 20"),
                cite(
                    "Proclamation 11020 (Section 232: pharmaceuticals); CBP CSMS #69395344",
                    "Proclamation 11020 (FR page not verified offline)",
                    "U.S. note 40(c); entries from July 31, 2026",
                ),
            ],
            sources=[
                shared_source(
                    "note40c_pharmaceuticals_2026_rev14.txt",
                    HERO,
                    "e845da6aed8104352ca5a0da3840c241d112b05d",
                    "tariffs/engine-v2/data/lists/pharmaceuticals.ts",
                ),
                repo_source(
                    "note40c_2026_rev20.txt", "public domain (17 U.S.C. 105); transcribed in this repository"
                ),
            ],
            complete=True,
            note=(
                f"The {len(rev20)} provisions printed in 2026 Revision 20, from 2026-07-31. Revision 14"
                f" printed"
                f" 131 provisions, {len(renumbered)} of them statistical lines that 2026 Revision 11 had"
                " replaced on 2026-07-01 (no longer lines when the duty began); read through the transfers"
                " of the Revision 11 change record they give exactly the Revision 20 list, which the Notice"
                " effective 2026-09-29 printed. Both are third-party transcriptions of the USITC text."
            ),
            legal_text="HTSUS 2026 Revisions 14 and 20, Chapter 99 subchapter III, U.S. note 40(c)",
        )
        for code in rev20:
            printed = (
                "printed in Rev 14 and Rev 20"
                if code in rev14
                else "printed in Rev 20 (Rev 11 successor of a Rev 14 provision)"
            )
            s.add(code, PHARMA_START, f"Note 40(c) provision, {printed}")
        s.findings.append(
            f"Revision 14 provisions retired by 2026 Revision 11 (read through their successors):"
            f" {', '.join(renumbered)}."
        )
        s.findings.append(
            "The Revision 14 list of the shared third-party file equals the table printed in the note text"
            " transcription of the same project (revision-diffs/2026HTSRev14, change 08, context), provision"
            " for provision (checked by script once)."
        )
        self.lists[s.id] = s

    # -- Section 201 quartz surface products, note 41 -----------------------------------------

    def quartz(self) -> None:
        """Note 41(a) provisions, split by whether the statistical line describes quartz slabs."""
        with (self.notes / "note41_quartz_safeguard_2026_rev16.csv").open(encoding="utf-8") as handle:
            rows = list(csv.DictReader(line for line in handle if not line.startswith("#")))
        provisions = expect(
            "note 41(a)", [digits(r["provision"]) for r in rows], 3, ("6810990020", "7020006000")
        )
        if {(r["heading_in_quota"], r["heading_over_quota"]) for r in rows} != {("9903.45.30", "9903.45.31")}:
            msg = "note 41: unexpected headings in the shared file"
            raise SystemExit(msg)
        reference = [
            hts_note("U.S. note 41(a)-(e); headings 9903.45.30, 9903.45.31", "2026 Revision 16"),
            cite(
                "Proclamation 11051 (Section 201 safeguard: quartz surface products)",
                "Proclamation 11051 (FR page not verified offline)",
                "U.S. note 41; entries from August 15, 2026 to August 14, 2030",
            ),
        ]
        sources = [
            shared_source(
                "note41_quartz_safeguard_2026_rev16.csv",
                HERO,
                "0a0f81f54e3bf3ee13fa543ee70d474f074ed893",
                "tariffs/engine-v2/data/headings/201-quartz.ts",
            )
        ]
        slabs = ScopeList(
            id="s201_quartz_slabs",
            title="Section 201 quartz surface products: agglomerated quartz slab lines of note 41(a)",
            description=(
                "Statistical lines of U.S. note 41(a) whose own description is agglomerated quartz slabs of"
                " the"
                " type used for countertops: quartz surface products unless the importer declares otherwise."
                " Duty 9903.45.30 (in quota) / 9903.45.31 (over quota), cumulative with every other duty."
            ),
            reference=reference,
            sources=sources,
            complete=True,
            note="Note 41(a) defines the product (silica with a resin binder, not quarried stone); these"
            " lines"
            " print 'Agglomerated quartz slabs of the type used for countertops'.",
            legal_text="HTSUS 2026 Revision 16, Chapter 99 subchapter III, U.S. note 41(a)",
        )
        other = ScopeList(
            id="s201_quartz_other",
            title="Section 201 quartz surface products: the catch-all glass line of note 41(a)",
            description=(
                "The statistical line of U.S. note 41(a) that is the catch-all 'other articles of glass': its"
                " goods are quartz surface products (9903.45.30/.31) only when the importer declares that"
                " they meet the definition of note 41(a)."
            ),
            reference=reference,
            sources=sources,
            complete=True,
            note="7020.00.60.00 covers every other article of glass; note 41(a) reaches only quartz surface"
            " products classified there.",
            legal_text="HTSUS 2026 Revision 16, Chapter 99 subchapter III, U.S. note 41(a)",
        )
        for code in provisions:
            target = slabs if code.startswith("6810") else other
            target.add(code, QUARTZ_START, "Note 41(a) provision; 9903.45.30/.31", QUARTZ_END)
        self.lists[slabs.id] = slabs
        self.lists[other.id] = other

    # -- Section 232 unmanned aircraft systems, note 43(c) ---------------------------------------

    def uas(self) -> None:
        """Note 43(c): unmanned aircraft over 25 kg, of 25 kg or less, and the general-purpose provisions."""
        with (self.notes / "note43c_uas_2026_rev18.csv").open(encoding="utf-8") as handle:
            rows = list(csv.DictReader(line for line in handle if not line.startswith("#")))
        expect(
            "note 43(c)", [digits(r["provision"]) for r in rows], 16, ("88062400", "8504409580", "88079090")
        )
        reference = [
            hts_note("U.S. note 43(a)-(d); headings 9903.08.20-9903.08.26", "2026 Revision 18"),
            cite(
                "Proclamation 11055 of August 13, 2026 (Section 232: unmanned aircraft systems)",
                "Proclamation 11055 (FR page not verified offline)",
                "U.S. note 43(c); entries from September 3, 2026",
            ),
        ]
        sources = [
            shared_source(
                "note43c_uas_2026_rev18.csv",
                HERO,
                "01170bdcc736b22a50cf0ade7c021a5e3e972d9a",
                "tariffs/engine-v2/data/lists/uas.ts",
            )
        ]
        specs = {
            "s232_uas_aircraft": (
                "Section 232 unmanned aircraft systems: unmanned aircraft over 25 kg (note 43(c)(1))",
                "Unmanned aircraft of U.S. note 43(c)(1) (maximum take-off weight over 25 kg): 9903.08.21"
                " (+100%)"
                " unless the importer declares a heading of note 43(d) or an onshoring plan"
                " (9903.08.24-.26).",
            ),
            "s232_uas_small": (
                "Section 232 unmanned aircraft systems: unmanned aircraft of 25 kg or less (note"
                " 43(c)(3)/(4))",
                "Unmanned aircraft of U.S. note 43(c)(3) (with thermal imaging: 9903.08.21, +100%) and (c)(4)"
                " (without: 9903.08.22, +25%), the same provisions; thermal imaging is declared by the"
                " importer.",
            ),
            "s232_uas_dual_use": (
                "Section 232 unmanned aircraft systems: general-purpose provisions of note 43(c)(1)-(2)",
                "Provisions of U.S. note 43(c)(1) (docking stations for unmanned aircraft and their parts)"
                " and"
                " (c)(2) (parts for unmanned aircraft systems over 25 kg other than for retail delivery,"
                " agricultural use or sale to the Department of War): in scope only when the importer"
                " declares"
                " the article is for use in or with such a system; otherwise 9903.08.20 (no duty).",
            ),
        }
        lists = {
            list_id: ScopeList(
                id=list_id,
                title=title,
                description=description,
                reference=reference,
                sources=sources,
                complete=True,
                note="Provisions as printed in note 43(c) of HTSUS 2026 Revision 18, from 2026-09-03. The"
                " Annex III components phase (from 2027-02-09) is not in the note yet.",
                legal_text="HTSUS 2026 Revision 18, Chapter 99 subchapter III, U.S. note 43(c)",
            )
            for list_id, (title, description) in specs.items()
        }
        for r in rows:
            code = digits(r["provision"])
            if r["subdivision"] == "43(c)(3)/(4)":
                target = "s232_uas_small"
            elif code.startswith("8806"):
                target = "s232_uas_aircraft"
            else:
                target = "s232_uas_dual_use"
            lists[target].add(code, UAS_START, f"Note {r['subdivision']}: {r['what']}")
        for list_id, s in lists.items():
            self.lists[list_id] = s

    # -- Section 232 polysilicon, note 42 of Annex II -------------------------------------------

    def polysilicon(self) -> None:
        """Build the ad valorem layer (wafers, cells, modules) and the four minimum-import-price lists."""
        rows = csv_rows(SOURCES / "polysilicon_annex_2026-08-06.csv")
        reference = [
            cite(
                "Proclamation of August 6, 2026 (Adjusting Imports of Polysilicon and its Derivatives into"
                " the"
                " United States), Annexes I and II",
                "Proclamation of 2026-08-06 (number and FR citation not found offline)",
                "U.S. note 42 and headings 9903.45.30-9903.45.36 (provisional numbers); entries from"
                " December 4, 2026",
                "https://www.whitehouse.gov/presidential-actions/2026/08/adjusting-imports-of-polysilicon-and-its-derivatives-into-the-united-states/",  # noqa: E501
            )
        ]
        sources = [
            repo_source("polysilicon_annex_2026-08-06.csv", "facts from an MIT-licensed third-party review"),
            {
                "repository": YALE,
                "commit": "04bd7d620dcf4440e04c364d3c970c737aac4af8",
                "file": "docs/internal/polysilicon_232_review_2026-08-06.md",
                "licence": "MIT (c) The Budget Lab at Yale; facts only",
            },
        ]
        titles = {
            "ad_valorem": (
                "s232_polysilicon",
                "Section 232 polysilicon: wafers, solar cells and solar modules (ad valorem layer)",
                "Polysilicon derivatives of the proclamation's U.S. note 42: 9903.45.30 (+15%), for goods"
                " of Japan"
                " 9903.45.31 (column 1 plus the duty total 15%). Raw polysilicon (2804.61) is not in this"
                " layer.",
            ),
            "mip_silicon": (
                "s232_polysilicon_mip_silicon",
                "Section 232 polysilicon: minimum import price, polysilicon",
                "9903.45.33, $21 per kg",
            ),
            "mip_wafers": (
                "s232_polysilicon_mip_wafers",
                "Section 232 polysilicon: minimum import price, wafers",
                "9903.45.34, $100 per kg",
            ),
            "mip_cells": (
                "s232_polysilicon_mip_cells",
                "Section 232 polysilicon: minimum import price, solar cells",
                "9903.45.35, $0.22 per watt",
            ),
            "mip_modules": (
                "s232_polysilicon_mip_modules",
                "Section 232 polysilicon: minimum import price, solar modules",
                "9903.45.36, $0.38 per watt",
            ),
        }
        for layer, (list_id, title, what) in titles.items():
            description = (
                what
                if layer == "ad_valorem"
                else (
                    f"Products of the minimum-import-price layer of the polysilicon action (note 42(a)):"
                    f" {what}, owed"
                    " only when the importer does not document resale at or above the minimum price"
                    " (declared)."
                )
            )
            s = ScopeList(
                id=list_id,
                title=title,
                description=description,
                reference=reference,
                sources=sources,
                complete=True,
                note="PROVISIONAL headings: no HTSUS revision codifying the action was found through 2026"
                " Revision"
                " 20, and 9903.45.30/.31 are the quartz safeguard's since Revision 16; the products are"
                " those the"
                " third-party review reads in Annexes I and II.",
                legal_text="Proclamation of 2026-08-06, Annex II (U.S. note 42), as read by a third party",
            )
            for r in rows:
                if r["layer"] == layer:
                    s.add(digits(r["provision"]), POLY_START, f"{r['headings']}: {r['what']}")
            if not s.rows:
                msg = f"{list_id}: no provision in the source"
                raise SystemExit(msg)
            self.lists[list_id] = s

    # -- Section 301, note 52(c) ------------------------------------------------------------------

    def particular(self) -> None:
        """Build the list of the sixteen particular articles of note 52(c)."""
        rows = csv_rows(SOURCES / "note52c_2026_rev13.csv")
        expect("note 52(c)", [digits(r["provision"]) for r in rows], 16, ("08059001", "44123357"))
        s = ScopeList(
            id="s301_particular",
            title="Section 301: particular articles of U.S. note 52(c), heading 9903.05.87",
            description=(
                "Subheadings of the particular articles of U.S. note 52(c), exempt from the Section 301"
                " duties"
                " under heading 9903.05.87 only when the good is the article the note describes (e.g. seeds"
                " 'for sowing', goods 'for religious purposes only'): a fact the importer declares. Each"
                " row's"
                " note gives the description."
            ),
            reference=[
                hts_note("U.S. note 52(c); heading 9903.05.87", "2026 Revision 13"),
                cite(
                    "USTR, Notice of Actions in Section 301 Investigations (forced labor); CBP CSMS"
                    " #69326983",
                    "91 FR 47318, FR Doc 2026-15181",
                    "heading 9903.05.87, U.S. note 52(c); entries from 2026-07-24",
                    "https://www.federalregister.gov/d/2026-15181",
                ),
            ],
            sources=[
                repo_source(
                    "note52c_2026_rev13.csv", "public domain (17 U.S.C. 105); transcribed in this repository"
                )
            ],
            complete=True,
            note="Subheadings and descriptions as printed in note 52(c) of HTSUS 2026 Revision 13"
            " (third-party"
            " transcription), from 2026-07-24, open-ended.",
            legal_text="HTSUS 2026 Revision 13, Chapter 99 subchapter III, U.S. note 52(c)",
        )
        for r in rows:
            s.add(digits(r["provision"]), S301_START, f"{r['subdivision']}: {r['description']}")
        self.lists[s.id] = s


BEGIN = "<!-- after-rev10:begin (generated by scripts/scopes/build_after_rev10.py; edit the script) -->"
END = "<!-- after-rev10:end -->"


def provenance_block(builder: Builder) -> str:
    """Return the generated block of PROVENANCE.md (one section per list)."""
    parts = [BEGIN, ""]
    for list_id in ALL_LISTS:
        parts += [*list_section(builder.lists[list_id], BUILT_BY), ""]
    parts.append(END)
    return "\n".join(parts) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Build the lists."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--out", type=Path, default=REPO / "data" / "tariffs" / "scopes")
    parser.add_argument("--hts", type=Path, default=REPO / "data" / "hts" / "hts_lines.parquet")
    args = parser.parse_args(argv)
    builder = Builder(args.source)
    builder.build()
    check_lines(builder.lists, HtsLines(args.hts))
    args.out.mkdir(parents=True, exist_ok=True)
    for list_id in ALL_LISTS:
        write_checked(args.out, builder.lists[list_id], BUILT_BY)
    write_provenance(args.out, provenance_block(builder), begin=BEGIN, end=END, header=PROVENANCE_HEADER)
    for list_id in ALL_LISTS:
        print(f"{list_id}: {len(builder.lists[list_id].rows)} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main())
