"""Scope lists of the blanket layers: IEEPA Annex II, Japan civil aircraft, Section 122, 301.

Every membership asserted here was read by hand in the printed legal text: HTSUS 2026
Revision 6, Chapter 99 subchapter III (``shared/.../us_notes/chapter99_2026_rev_6.txt``), note
2(v)(iii)(a) on pages 99-III-6 to 99-III-11, note 2(aa)(ii) on 99-III-52 to 99-III-55, note
2(aa)(iv) on 99-III-56 to 99-III-58, note 35(b) on 99-III-357; and, for the Annex II history,
in the CBP messages named in the comments. Note 52 (Section 301, HTSUS 2026 Revision 13, not on
this machine) was read by hand in the third-party extraction GitHub brendanxmac/hts-hero
(``tariffs/engine-v2/data/lists/forced-labor-301.ts`` @ aa0e672c and the note text
``public/data/notes/sub-III-52.json`` @ 01170bdc; see ``data/tariffs/sources/PROVENANCE.md``).
"""

from __future__ import annotations

import datetime as dt

import pytest

from goldenage.tariffs.scopes import scope

D = dt.date.fromisoformat
BLANKET = (
    "ieepa_annex_ii",
    "ieepa_civil_aircraft_jp",
    "s122_exempt",
    "s122_civil_aircraft",
    "s301_exempt",
    "s301_civil_aircraft",
    "s301_pharma_use",
)


@pytest.mark.parametrize("list_id", BLANKET)
def test_lists_load_with_metadata(list_id: str) -> None:
    s = scope(list_id)
    assert s.entries
    assert s.metadata.built_by == "scripts/scopes/build_blanket.py"
    assert all(e.include and e.note for e in s.entries)
    assert all(len(e.prefix) in (4, 6, 8, 10) for e in s.entries)
    assert s.metadata.complete is True


# --- IEEPA Annex II (heading 9903.01.32, note 2(v)(iii)(a)) ---------------------------------


@pytest.mark.parametrize(
    ("code", "day", "exempt"),
    [
        # "8471" is printed whole in note 2(v)(iii)(a) (99-III-11): the electronics memorandum of
        # 2025-04-11, retroactive to entries from 2025-04-05 (CBP CSMS #64724565).
        ("8471300100", "2025-04-05", True),
        ("8471300100", "2025-04-04", False),
        ("8471300100", "2026-01-15", True),
        # 0201.30.80 (boneless beef) is printed in note 2(v)(iii)(a) (99-III-6) and is one of the
        # 237 agricultural classifications added by EO 14360 from 2025-11-13 (CSMS #66814923).
        ("0201308090", "2025-11-12", False),
        ("0201308090", "2025-11-13", True),
        # 0902.10.10 (green tea) likewise (99-III-6; CSMS #66814923).
        ("0902101050", "2025-11-12", False),
        ("0902101050", "2025-11-13", True),
        # 3004.90.92 (medicaments) printed in note 2(v)(iii)(a) (99-III-10); original Annex II.
        ("3004909201", "2025-04-05", True),
        # 8542.31.00 printed (99-III-11) and 8542 whole (memorandum).
        ("8542310015", "2025-04-05", True),
        # 8541.41.00 (LEDs) printed (99-III-11) but not in the memorandum's list (CSMS
        # #64724565); added by EO 14346 from 2025-09-08.
        ("8541410000", "2025-09-07", False),
        ("8541410000", "2025-09-08", True),
        # 8541.42 (photovoltaic cells) is not printed and was never in the memorandum.
        ("8541420010", "2025-09-08", False),
        # 8505.11.0070 (a statistical line) printed (99-III-11), added 2025-09-08 by EO 14346;
        # the other 8505.11.00 lines are not listed.
        ("8505110070", "2025-09-07", False),
        ("8505110070", "2025-09-08", True),
        ("8505110010", "2025-09-08", False),
        # 3907.30.00 (epoxide resins) removed by EO 14346 from 2025-09-08 (CSMS #66151866); not
        # printed in Rev 6.
        ("3907300000", "2025-09-07", True),
        ("3907300000", "2025-09-08", False),
        # 4407.11.00 (pine lumber) was in Annex II until Proc 10976 took Chapter 44 out from
        # 2025-10-14; not printed in Rev 6 (99-III-10 lists only 4407.21.00-4407.29.02 there).
        ("4407110001", "2025-10-13", True),
        ("4407110001", "2025-10-14", False),
        # 4407.21.00 (mahogany) is still printed (99-III-10): exempt throughout.
        ("4407210000", "2025-04-05", True),
        ("4407210000", "2025-12-01", True),
    ],
)
def test_annex_ii_membership(code: str, day: str, exempt: bool) -> None:
    assert scope("ieepa_annex_ii").contains(code, D(day)) is exempt


@pytest.mark.parametrize(
    "code",
    [
        "8479500000",  # industrial robots: in no list of Rev 6
        "0805900100",  # etrogs: note 2(v)(iii)(b)(1), heading 9903.02.78, not 9903.01.32
        "3301295103",  # essential oils for religious use: note 2(v)(iii)(b)(11), same
        "9801001010",  # Chapter 98: exempt under note 2(v)(i), not under 9903.01.32
        "8802400120",  # civil aircraft: heading 9903.96.02 (note 35(b)), not Annex II
    ],
)
@pytest.mark.parametrize("day", ["2025-04-05", "2025-09-08", "2025-11-13", "2026-02-23"])
def test_never_in_annex_ii(code: str, day: str) -> None:
    assert not scope("ieepa_annex_ii").contains(code, D(day))


def test_annex_ii_dates_per_instrument() -> None:
    starts = {e.start for e in scope("ieepa_annex_ii").entries}
    assert starts == {D("2025-04-05"), D("2025-09-08"), D("2025-11-13")}
    ends = {e.end for e in scope("ieepa_annex_ii").entries}
    assert ends == {None, D("2025-09-07"), D("2025-10-13")}


# --- Japan civil aircraft (heading 9903.96.02, note 35(b)) ----------------------------------


@pytest.mark.parametrize(
    ("code", "day", "inside"),
    [
        # 8802.40.01 (airplanes > 15,000 kg) printed in note 35(b) (99-III-357); the heading
        # applies to entries from 2025-09-16 only (EO 14345; 90 FR 44638), not retroactively.
        ("8802400120", "2025-09-15", False),
        ("8802400120", "2025-09-16", True),
        ("8802400120", "2026-08-01", True),
        # 8411.12.40 (turbofans, civil aircraft) printed in note 35(b).
        ("8411124000", "2025-09-16", True),
        ("8411124000", "2025-08-07", False),
        # 8806.10.00 (unmanned aircraft) is printed in note 35(a) (UK) and 2(aa)(iv) but not in
        # 35(b): heading 9903.96.02 excludes unmanned aircraft.
        ("8806100000", "2025-09-16", False),
        ("8479500000", "2025-09-16", False),
    ],
)
def test_civil_aircraft_jp(code: str, day: str, inside: bool) -> None:
    assert scope("ieepa_civil_aircraft_jp").contains(code, D(day)) is inside


# --- Section 122 (note 2(aa)) ---------------------------------------------------------------

S122_DAY = D("2026-03-15")


@pytest.mark.parametrize(
    ("code", "exempt"),
    [
        ("8471300100", True),  # 8471.30.01 printed in 2(aa)(ii) (99-III-55)
        ("8486200000", True),  # 8486.20.00 (99-III-55)
        ("8542310015", True),  # 8542.31.00 (99-III-55)
        ("3004909201", True),  # 3004.90.92
        ("0201308090", True),  # 0201.30.80 (99-III-52)
        ("0902101050", True),  # 0902.10.10
        ("8471410150", True),  # 8471.41.01 printed in 2(aa)(ii) (99-III-55), unconditional
        ("8479500000", False),  # 8479.50.00: in no list of note 2(aa)
        ("8411124000", False),  # 8411.12.40: civil aircraft only, note 2(aa)(iv) (99-III-57)
        ("8802400120", False),  # 8802.40.01: civil aircraft only, note 2(aa)(iv)
        ("8507600010", False),  # 8507.60.00: civil aircraft only, note 2(aa)(iv)
        ("0805900100", False),  # etrogs: particular article, note 2(aa)(iii)(1), 9903.03.04
    ],
)
def test_s122_exempt(code: str, exempt: bool) -> None:
    assert scope("s122_exempt").contains(code, S122_DAY) is exempt


@pytest.mark.parametrize(
    ("code", "inside"),
    [
        ("8411124000", True),  # 8411.12.40 printed in note 2(aa)(iv)
        ("8802400120", True),  # 8802.40.01
        ("8507600010", True),  # 8507.60.00
        ("8443321010", True),  # 8443.32.10
        ("8806100000", True),  # 8806.10.00: (aa)(iv) covers any civil aircraft, incl. unmanned
        # 8471.41.01 is in 35(b) but not in (aa)(iv): (aa)(ii) exempts it unconditionally.
        ("8471410150", False),
        ("8479500000", False),
    ],
)
def test_s122_civil_aircraft(code: str, inside: bool) -> None:
    assert scope("s122_civil_aircraft").contains(code, S122_DAY) is inside


@pytest.mark.parametrize("list_id", ["s122_exempt", "s122_civil_aircraft"])
def test_s122_dates(list_id: str) -> None:
    # Proc 11012: 9903.03.01 from 2026-02-24 for 150 days, to 2026-07-23.
    code = "8471300100" if list_id == "s122_exempt" else "8802400120"
    s = scope(list_id)
    assert not s.contains(code, D("2026-02-23"))
    assert s.contains(code, D("2026-02-24"))
    assert s.contains(code, D("2026-07-23"))
    assert not s.contains(code, D("2026-07-24"))


def test_s122_lists_are_disjoint() -> None:
    exempt = {e.prefix for e in scope("s122_exempt").entries}
    aircraft = {e.prefix for e in scope("s122_civil_aircraft").entries}
    assert not exempt & aircraft


# --- Section 301 (note 52(b), (d), (e); HTSUS 2026 Rev 13) ---------------------------------

S301_DAY = D("2026-08-15")


@pytest.mark.parametrize(
    "code",
    # the reference's note 52(b) examples: 8471.30.01, 8486.20.00, 8542.31.00, 3004.90.92,
    # 0201.30.80, 0902.10.10 (all printed in 52(b))
    ["8471300100", "8486200000", "8542310015", "3004909201", "0201308090", "0902101050"],
)
def test_s301_exempt_reference_examples(code: str) -> None:
    s = scope("s301_exempt")
    assert not s.contains(code, D("2026-07-23"))
    assert s.contains(code, D("2026-07-24"))
    assert s.contains(code, D("2026-12-31"))


@pytest.mark.parametrize(
    ("code", "exempt"),
    [
        # Provisions of 52(b) that were not in note 2(aa)(ii) (the proxy): 1001.11.00 (durum
        # wheat seed), 1005.10.00 (maize seed), 7204.10.00 and 7204.49.00 (ferrous scrap),
        # 9701.21.00 (paintings over 100 years old), 9031.49.70 (semiconductor inspection).
        ("1001110000", True),
        ("1005100010", True),
        ("7204100000", True),
        ("7204490020", True),
        ("9701210000", True),
        ("9031497000", True),
        # 1204.00.0010 (flaxseed for sowing) is printed with its statistical suffix (the hts-hero
        # .ts list cuts it to 1204.00.00): only that line is listed, not other flaxseed.
        ("1204000010", True),
        ("1204000035", False),
        # 8505.11.0070 (sintered NdFeB magnets) likewise; other 8505.11.00 lines are not listed.
        ("8505110070", True),
        ("8505110010", False),
        # Chapter 29 chemicals of 2(aa)(ii) that 52(b) does not list: 2933.11.00 (phenazone) and
        # 2924.29.01 are printed in 52(e) (pharmaceutical use only, heading 9903.05.89);
        # 2941.10.10 (ampicillin) is printed in 52(b).
        ("2933110000", False),
        ("2924290100", False),
        ("2941101000", True),
        # Civil aircraft (52(d)) and a robot (no list of note 52) are not in 52(b).
        ("8411124000", False),
        ("8479500000", False),
    ],
)
def test_s301_exempt(code: str, exempt: bool) -> None:
    assert scope("s301_exempt").contains(code, S301_DAY) is exempt


@pytest.mark.parametrize(
    ("code", "inside"),
    [
        # the reference's note 52(d) examples: 8411.12.40/.80, 8802.40.01, 8507.60.00, 8443.32.10
        ("8411124000", True),
        ("8411128000", True),
        ("8802400120", True),
        ("8507600010", True),
        ("8443321010", True),
        ("8806100000", True),  # 8806.10.00: 52(d) keeps unmanned aircraft
        # 9031.80.40 was in 2(aa)(iv); note 52 prints it in (b) (unconditional), not in (d).
        ("9031804000", False),
        ("8471300100", False),  # in 52(b), unconditional
        ("8479500000", False),
    ],
)
def test_s301_civil_aircraft(code: str, inside: bool) -> None:
    s = scope("s301_civil_aircraft")
    assert s.contains(code, S301_DAY) is inside
    if inside:
        assert not s.contains(code, D("2026-07-23"))
        assert not scope("s301_exempt").contains(code, S301_DAY)


@pytest.mark.parametrize(
    ("code", "inside"),
    [
        ("2933110000", True),  # 2933.11.00 (phenazone), printed in 52(e), not in 52(b)
        ("2924290100", True),  # 2924.29.01, printed in 52(e)
        ("2804100000", True),  # 2804.10.00 (hydrogen), first entry of 52(e)
        ("3914006000", True),  # 3914.00.60, last entry of 52(e)
        ("2941101000", False),  # 2941.10.10 is in 52(b), not (e)
        ("3004909201", False),  # 3004.90.92 is in 52(b)
    ],
)
def test_s301_pharma_use(code: str, inside: bool) -> None:
    s = scope("s301_pharma_use")
    assert s.contains(code, S301_DAY) is inside
    if inside:
        assert not s.contains(code, D("2026-07-23"))
        assert not scope("s301_exempt").contains(code, S301_DAY)


def test_s301_lists_are_disjoint_and_sized() -> None:
    lists = {
        i: {e.prefix for e in scope(i).entries}
        for i in ("s301_exempt", "s301_civil_aircraft", "s301_pharma_use")
    }
    # counts of the printed tables of note 52(b), (d), (e) in the extraction
    assert {i: len(p) for i, p in lists.items()} == {
        "s301_exempt": 863,
        "s301_civil_aircraft": 541,
        "s301_pharma_use": 700,
    }
    exempt, aircraft, pharma = lists.values()
    assert not exempt & aircraft
    assert not exempt & pharma
    assert not aircraft & pharma


def test_s301_lists_cite_the_notice_and_note_52() -> None:
    for list_id, sub in (
        ("s301_exempt", "52(b)"),
        ("s301_civil_aircraft", "52(d)"),
        ("s301_pharma_use", "52(e)"),
    ):
        meta = scope(list_id).metadata
        assert meta.note is not None
        assert "PROXY" not in meta.note
        documents = [c.document or "" for c in meta.reference]
        sections = [c.section or "" for c in meta.reference]
        assert any("91 FR 47318" in d and "2026-15181" in d for d in documents)
        assert any(f"U.S. note {sub}" in s for s in sections)
        assert any(src.repository == "brendanxmac/hts-hero" for src in meta.sources)
