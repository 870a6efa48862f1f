"""Code health of data/minerals: every row cited, tags consistent, the loaders strict."""

from __future__ import annotations

from pathlib import Path

import pytest

from goldenage.errors import DataFileError
from goldenage.minerals import tables
from goldenage.minerals.scenarios import legal_parameters, load_scenario, scenario_names
from goldenage.minerals.shipped import node_rows, price, shipped_network

TABLES = [
    ("shares.csv", tables.ShareRow),
    ("nodes.csv", tables.NodeRow),
    ("capacities.csv", tables.QuantityRow),
    ("edges.csv", tables.EdgeRow),
    ("prices.csv", tables.PriceRow),
    ("projects.csv", tables.ProjectRow),
]


@pytest.mark.parametrize(("name", "model"), TABLES)
def test_every_row_is_cited_and_tagged(name: str, model: type[tables.Cited]) -> None:
    rows = tables.table(name, model)
    assert rows
    for row in rows:
        assert row.source_id in tables.sources()
        assert len(row.citation) >= 5
        if row.value_tag == "A":
            assert row.assumption


def test_every_source_has_provenance() -> None:
    for source in tables.sources().values():
        assert source.licence
        assert source.retrieved
        assert source.href or source.source_id == "GA-ASSUMPTION"


def test_provenance_file_lists_every_table() -> None:
    text = (tables.minerals_dir() / "PROVENANCE.md").read_text(encoding="utf-8")
    for name, _ in TABLES:
        assert name in text
    assert "sources.csv" in text


def test_every_scenario_loads_and_every_legal_value_is_cited() -> None:
    assert len(scenario_names()) >= 3
    for name in scenario_names():
        load_scenario(name)
    for parameter in legal_parameters():
        for period in parameter.periods:
            assert period.reference.href or period.reference.document


def test_every_year_builds() -> None:
    for year in range(2024, 2031):
        network = shipped_network(year)
        assert {n.id for n in network.nodes} == {r.node_id for r in node_rows()}


def test_shipped_figures_in_monthly_units() -> None:
    # capacities.csv: US demand 4,800 t/yr (400 t a month in 2024), Lynas Malaysia 10,500 t/yr,
    # Japanese stock 1,060.5 t = 6,456 x 60 / 365.25.
    network = shipped_network(2025)
    assert network.node("USA-magnet-users").demand == pytest.approx(400.0)
    assert network.node("MYS-lynas-malaysia").capacity == pytest.approx(10_500 / 12)
    assert network.node("JPN-magnet-users").inventory == pytest.approx(6_456 * 60 / 365.25, abs=0.05)
    assert network.node("USA-mp-independence").capacity == 0.0  # counted from 2026
    assert shipped_network(2026).node("USA-mp-independence").capacity == pytest.approx(1_000 / 12)
    assert network.node("USA-magnet-users").capacity is None  # limited by its inputs


def test_prices() -> None:
    # USGS MCS 2026: NdPr oxide $69/kg in 2025e, $55/kg in 2024.
    assert price("ndpr_oxide", 2025).usd_per_kg == 69
    assert price("ndpr_oxide", 2024).usd_per_kg == 55
    # US$2.86 billion / 58,152 t = US$49.18/kg.
    assert price("ndfeb_magnet_export", 2026).usd_per_kg == pytest.approx(2.86e9 / 58_152_000, abs=0.005)
    with pytest.raises(DataFileError, match="no price"):
        price("ndpr_oxide", 2019)


def test_bad_tables_name_file_line_and_column(tmp_path: Path) -> None:
    header = (
        "node_id,quantity,from_year,value,unit,basis,figure_year,value_tag,assumption,source_id,citation\n"
    )
    bad = tmp_path / "capacities.csv"
    bad.write_text(header + "USA-x,capacity,2025,-3,t/yr,output,2025,F,false,MP-FY2025,a figure\n")
    with pytest.raises(DataFileError, match=r"line 2, column 'value'"):
        tables.read_table(bad, tables.QuantityRow)
    bad.write_text(header + "USA-x,capacity,2025,3,t/yr,output,2025,A,false,MP-FY2025,a figure\n")
    with pytest.raises(DataFileError, match="assumption = true"):
        tables.read_table(bad, tables.QuantityRow)
    bad.write_text(header + "USA-x,capacity,2025,,t/yr,output,2025,F,false,MP-FY2025,a figure\n")
    with pytest.raises(DataFileError, match="value is empty"):
        tables.read_table(bad, tables.QuantityRow)
    bad.write_text("node_id,quantity\nUSA-x,capacity\n")
    with pytest.raises(DataFileError, match="columns differ"):
        tables.read_table(bad, tables.QuantityRow)
