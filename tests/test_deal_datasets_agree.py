"""The deal's datasets never contradict one another on the facts they share.

Three datasets describe the same events: the commitments tracker (``data/commitments/``), the
fund's projects (``data/investment/projects.yaml``) with the MOU's terms
(``data/params/investment/``), and the minerals data (``data/minerals/``: China's measures as
dated parameters, the scenarios, the sources). Each check below reads a fact from two of them
and returns a line per contradiction; the shipped data must give none, and a contradiction put
in on purpose must be caught. The data audit of 2026-12-06 found two (the SMR sites Tennessee
and Idaho against Tennessee and Alabama; No. 72's end date taken as No. 70's).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from goldenage.commitments.seed import SeedCommitment, SeedFile, load_seed
from goldenage.investment.projects import Project, ProjectFile, project_file
from goldenage.minerals.scenarios import ScenarioFile, legal_parameters, load_scenario, scenario_names
from goldenage.minerals.tables import metadata as minerals_metadata
from goldenage.minerals.tables import sources as minerals_sources
from goldenage.params import ParameterSet
from goldenage.paths import data_dir
from goldenage.provenance.dataset import dataset_metadata

STATES = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "FL": "Florida", "GA": "Georgia",
    "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois", "IN": "Indiana", "IA": "Iowa", "KS": "Kansas",
    "KY": "Kentucky", "LA": "Louisiana", "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts",
    "MI": "Michigan", "MN": "Minnesota", "MS": "Mississippi", "MO": "Missouri", "MT": "Montana",
    "NE": "Nebraska", "NV": "Nevada", "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico",
    "NY": "New York", "NC": "North Carolina", "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma",
    "OR": "Oregon", "PA": "Pennsylvania", "RI": "Rhode Island", "SC": "South Carolina",
    "SD": "South Dakota", "TN": "Tennessee", "TX": "Texas", "UT": "Utah", "VT": "Vermont",
    "VA": "Virginia", "WA": "Washington", "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming",
}  # fmt: skip
BILLIONS = re.compile(r"\$(\d+(?:\.\d+)?) billion")
TOLERANCE = 0.02  # "about $33 billion" for $33.3B (Lutnick's figure): within 2%
TRANCHE_COMMITMENTS = {1: "INV-06", 2: "INV-07"}
SUSPENSIONS = {"APEC-01": "cn.mofcom.announcement_2025_70", "APEC-01B": "cn.mofcom.announcement_2025_72"}
MOFCOM_SOURCES = {  # commitments source key -> minerals source id, for the same instrument
    "P11-MOFCOM": "MOFCOM-2025-70",
    "P11-MOFCOM-72": "MOFCOM-2025-72",
}
NOT_SUSPENDED_BY_70 = ("cn.mofcom.announcement_2025_18", "cn.mofcom.announcement_2026_1")


@dataclass(frozen=True)
class Deal:
    """The three datasets, as loaded (a test may swap any part for a changed copy)."""

    seed: SeedFile
    projects: ProjectFile
    mou: ParameterSet
    minerals: ParameterSet
    scenarios: dict[str, ScenarioFile]

    def commitment(self, commitment_id: str) -> SeedCommitment:
        return next(c for c in self.seed.commitments if c.id == commitment_id)


@pytest.fixture(scope="module")
def deal() -> Deal:
    return Deal(
        seed=load_seed(),
        projects=project_file(),
        mou=ParameterSet(data_dir() / "params" / "investment"),
        minerals=legal_parameters(),
        scenarios={name: load_scenario(name) for name in scenario_names()},
    )


def _amounts(text: str) -> list[float]:
    return [float(x) * 1e9 for x in BILLIONS.findall(text)]


def _close(value: float, amounts: list[float]) -> bool:
    return any(abs(a - value) <= TOLERANCE * value for a in amounts)


def _states_named(text: str) -> set[str]:
    names = {code for code, name in STATES.items() if re.search(rf"\b{name}\b", text)}
    # "West Virginia" contains "Virginia": count a state only where no longer name covers it.
    return {code for code in names if not any(STATES[code] in STATES[o] and o != code for o in names)}


def check_tranches(deal: Deal) -> Iterator[str]:
    """Tranche dates, totals, sites, sponsors and amounts: projects vs INV-06 and INV-07."""
    for tranche in deal.projects.tranches:
        item = deal.commitment(TRANCHE_COMMITMENTS[tranche.tranche])
        rows = [p for p in deal.projects.projects if p.tranche == tranche.tranche]
        words = f"{item.title} {item.text}"
        if item.made_on.isoformat() != tranche.announced:
            yield f"{item.id} made {item.made_on}, tranche {tranche.tranche} announced {tranche.announced}"
        if not _close(tranche.amount_usd, _amounts(item.title)):
            total = tranche.amount_usd / 1e9
            yield f"{item.id} title {item.title!r} vs tranche {tranche.tranche} ${total:g}B"
        states = {s for p in rows for s in p.states}
        if _states_named(item.text) != states:
            yield f"{item.id} names states {sorted(_states_named(item.text))}, the projects {sorted(states)}"
        for project in rows:
            if project.announced != tranche.announced:
                yield f"{project.id} announced {project.announced}, its tranche {tranche.announced}"
            if project.amount_usd is not None and not _close(project.amount_usd, _amounts(words)):
                yield f"{item.id} gives no amount near {project.id}'s ${project.amount_usd / 1e9:g}B"
            sponsor = (project.sponsor or "").split(" (")[0]
            if sponsor and sponsor not in item.text:
                yield f"{item.id} does not name {project.id}'s sponsor {sponsor!r}"


def check_fund_totals(deal: Deal) -> Iterator[str]:
    """INV-01: the commitment, its end date and what was selected, against the MOU and the projects."""
    item = deal.commitment("INV-01")
    end = deal.mou["commitment.end_date"].at(item.made_on)
    if item.rule().due_date() != end:
        yield f"INV-01 due {item.rule().due_date()}, the MOU's commitment period ends {end}"
    selected = sum(p.amount_usd or 0 for p in deal.projects.projects if p.status == "selected")
    latest = max(item.evidence, key=lambda e: e.date)
    if not _close(selected, _amounts(latest.summary)):
        yield f"INV-01's latest evidence gives no amount near the ${selected / 1e9:g}B selected"
    total = deal.mou["commitment.total_usd"].at(item.made_on)
    if not _close(total, _amounts(item.title + item.text)):
        yield f"INV-01 does not state the ${total / 1e9:g}B commitment"


def check_funding_window(deal: Deal) -> Iterator[str]:
    """INV-04: the window's length, day count and notice date against the MOU terms and tranche 1."""
    item = deal.commitment("INV-04")
    rule = item.rule()
    days = deal.mou["funding.window_days"].at(item.made_on)
    count = deal.mou["funding.window_day_count"].at(item.made_on)
    kind = "business_days_after" if count == "business" else "within_days"
    if (rule.kind, getattr(rule, "days", None)) != (kind, days):
        yield f"INV-04 rule {rule.kind} {getattr(rule, 'days', None)}, the MOU terms {days} {count} days"
    tranche_1 = next(t for t in deal.projects.tranches if t.tranche == 1)
    anchor = getattr(rule, "anchor", None)
    if anchor != dt.date.fromisoformat(tranche_1.announced):
        yield f"INV-04 counts from {anchor}, tranche 1 was announced {tranche_1.announced}"


def check_china_suspensions(deal: Deal) -> Iterator[str]:
    """APEC-01/01B: each suspension's end date and issue date against the minerals parameters."""
    for commitment_id, parameter_id in SUSPENSIONS.items():
        item = deal.commitment(commitment_id)
        [period] = deal.minerals[parameter_id].periods
        if item.rule().due_date() != period.end:
            yield f"{commitment_id} due {item.rule().due_date()}, {parameter_id} runs until {period.end}"
        if item.made_on > period.start:
            yield f"{commitment_id} made {item.made_on}, after {parameter_id} was issued ({period.start})"
    for key, source_id in MOFCOM_SOURCES.items():
        source = deal.seed.sources[key]
        parameter_id = SUSPENSIONS["APEC-01" if key == "P11-MOFCOM" else "APEC-01B"]
        issued = deal.minerals[parameter_id].periods[0].start
        listed = minerals_sources()[source_id].published
        if source.published != issued or listed != issued.isoformat():
            yield f"{key} dated {source.published}, {source_id} {listed}, {parameter_id} issued {issued}"


def check_scenarios(deal: Deal) -> Iterator[str]:
    """Each actual scenario's date: its instruments in force, as the commitments date them."""
    dual_use = deal.scenarios["cn_2026_01_japan_dual_use"]
    start = deal.minerals["cn.mofcom.announcement_2026_1"].periods[0].start
    if dual_use.date != start.isoformat():
        yield f"cn_2026_01_japan_dual_use dated {dual_use.date}, No. 1 (2026) issued {start}"
    for name, spec in deal.scenarios.items():
        if spec.kind != "actual":
            continue
        on = dt.date.fromisoformat(spec.date)
        for parameter_id in spec.instruments:
            if parameter_id in SUSPENSIONS.values() and not deal.minerals[parameter_id].in_force(on):
                yield f"{name} ({on}) relies on {parameter_id}, not in force that day"
    for commitment_id, parameter_id in SUSPENSIONS.items():
        suspension = deal.scenarios["cn_2025_11_suspension"]
        if parameter_id not in suspension.instruments:
            yield f"cn_2025_11_suspension leaves out {parameter_id} ({commitment_id})"
    for parameter_id in NOT_SUSPENDED_BY_70:  # a measure No. 70 never touched stays open-ended
        if deal.minerals[parameter_id].periods[-1].end is not None:
            yield f"{parameter_id} ends, though no source ends it"


def check_rare_earth_projects(deal: Deal) -> Iterator[str]:
    """CM-08 says no rare-earth project was selected, put forward or floated: the projects agree."""
    item = deal.commitment("CM-08")
    found = [
        p.id
        for p in deal.projects.projects
        if p.status != "expressed_interest" and "rare" in f"{p.project} {p.sector}".lower()
    ]
    if found and item.status == "unknown":
        yield f"CM-08 is 'unknown' with no rare-earth project, but projects.yaml has {found}"


def check_same_document_same_date(deal: Deal) -> Iterator[str]:
    """A document cited by two datasets at the same URL has the same publication date in both."""
    dates: dict[str, set[tuple[str, str]]] = {}

    def add(url: object, published: object, where: str) -> None:
        if url and published:
            dates.setdefault(str(url).rstrip("/"), set()).add((str(published), where))

    for key, source in deal.seed.sources.items():
        add(source.url, source.published, f"commitments {key}")
    for key, source in deal.projects.sources.items():
        add(source.href, source.published, f"projects {key}")
    for source_id, row in minerals_sources().items():
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", row.published):
            add(row.href, row.published, f"minerals {source_id}")
    for parameters, label in ((deal.mou, "params"), (deal.minerals, "minerals params")):
        for parameter in parameters:
            for period in parameter.periods:
                add(period.reference.href, period.reference.published, f"{label} {parameter.id}")
    for url, found in sorted(dates.items()):
        if len({d for d, _ in found}) > 1:
            yield f"{url}: " + "; ".join(f"{where} {d}" for d, where in sorted(found))


CHECKS: tuple[Callable[[Deal], Iterator[str]], ...] = (
    check_tranches,
    check_fund_totals,
    check_funding_window,
    check_china_suspensions,
    check_scenarios,
    check_rare_earth_projects,
    check_same_document_same_date,
)


def contradictions(deal: Deal) -> list[str]:
    """Return every contradiction between the datasets (empty when they agree)."""
    return [line for check in CHECKS for line in check(deal)]


def test_the_shipped_datasets_agree(deal: Deal) -> None:
    assert contradictions(deal) == []


def test_every_dataset_states_its_edition_and_as_of_date() -> None:
    # The `dataset:` block read by `goldenage data status` (goldenage.provenance.dataset).
    files = [
        data_dir() / "commitments" / "commitments.yaml",
        data_dir() / "investment" / "projects.yaml",
        data_dir() / "minerals" / "dataset.yaml",
    ]
    blocks = [dataset_metadata(path) for path in files]
    assert blocks[2] == minerals_metadata()
    for block in blocks:
        assert block.as_of == dt.date(2026, 12, 6)
        assert block.newest_source <= block.as_of
        assert (data_dir().parent / block.provenance).is_file()


def _with_commitment(deal: Deal, commitment_id: str, **changes: object) -> Deal:
    items = tuple(c.model_copy(update=changes) if c.id == commitment_id else c for c in deal.seed.commitments)
    return replace(deal, seed=deal.seed.model_copy(update={"commitments": items}))


def _with_project(deal: Deal, project_id: str, **changes: object) -> Deal:
    rows: list[Project] = [
        p.model_copy(update=changes) if p.id == project_id else p for p in deal.projects.projects
    ]
    return replace(deal, projects=deal.projects.model_copy(update={"projects": rows}))


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        # The audit's contradiction: the SMR sites of the fund projects were Tennessee and Idaho.
        (lambda d: _with_project(d, "bwrx300-smr", states=["TN", "ID"]), "INV-07 names states"),
        # Another amount for a selected project.
        (lambda d: _with_project(d, "tx-gulflink-crude-terminal", amount_usd=2.5e9), "tx-gulflink"),
        # The Ga/Ge/Sb suspension dated like No. 70 (the audit's second contradiction).
        (
            lambda d: _with_commitment(
                d, "APEC-01B", deadline={"kind": "by_date", "date": "2026-11-10", "quote": "one year"}
            ),
            "APEC-01B due 2026-11-10",
        ),
        # The funding window counted in calendar days in one dataset only.
        (
            lambda d: _with_commitment(
                d, "INV-04", deadline={"kind": "within_days", "days": 45, "from": "2026-02-17"}
            ),
            "INV-04 rule within_days",
        ),
        # A rare-earth project floated while CM-08 says none is.
        (
            lambda d: _with_project(d, "floated-copper-smelter", project="Rare-earth separation plant"),
            "CM-08",
        ),
    ],
)
def test_a_contradiction_is_caught(deal: Deal, change: Callable[[Deal], Deal], expected: str) -> None:
    found = contradictions(change(deal))
    assert any(expected in line for line in found), found


def test_one_document_with_two_dates_is_caught(deal: Deal) -> None:
    sources = dict(deal.seed.sources)
    sources["S19"] = sources["S19"].model_copy(update={"published": dt.date(2026, 3, 9)})
    changed = replace(deal, seed=deal.seed.model_copy(update={"sources": sources}))
    found = list(check_same_document_same_date(changed))
    assert any("20260308-315057" in line for line in found), found


def test_state_names_are_read_whole() -> None:
    assert _states_named("plants in West Virginia and Texas") == {"WV", "TX"}
    assert _states_named("Tennessee and Alabama (about $40 billion)") == {"TN", "AL"}
    assert _amounts("about $33 billion and $2.1 billion") == [33e9, 2.1e9]
    assert Path(__file__).name == "test_deal_datasets_agree.py"  # named in the PROVENANCE files
