"""Simchi-Levi TTS/TTR programs on small networks solved by hand.

The worked example is the one of the issue and of critical_minerals.md section 7: suppliers A
(120/month) and B (40/month) feed a plant with demand 100/month and 300 units in stock.
"""

from __future__ import annotations

import pytest

from goldenage.errors import InputError
from goldenage.minerals.network import Edge, Node, make_network
from goldenage.minerals.tts import full, survival, survival_all


def example(stock: float = 300.0):
    nodes = [Node("A", 120), Node("B", 40), Node("plant", demand=100, inventory=stock)]
    return make_network("example", "month", nodes, [Edge("A", "plant"), Edge("B", "plant")])


def test_a_disrupted_survives_five_months() -> None:
    # With A down only B's 40/month arrives: 100 t <= 300 + 40 t  =>  t <= 300 / (100 - 40) = 5.
    result = survival(example(), full(["A"]))
    assert result.tts == pytest.approx(5.0)
    assert not result.unbounded


def test_b_disrupted_is_unbounded() -> None:
    # A alone delivers 120/month >= 100/month: demand is met indefinitely.
    result = survival(example(), full(["B"]))
    assert result.tts is None
    assert result.unbounded


def test_a_disrupted_ttr_6_loses_60() -> None:
    # Lost within 6 months: 6 x 100 - 6 x 40 - 300 = 600 - 240 - 300 = 60.
    result = survival(example(), full(["A"]), ttr=6)
    assert result.lost_demand == pytest.approx(60.0)
    assert result.at_risk  # TTS 5 < TTR 6


@pytest.mark.parametrize(
    ("ttr", "lost"),
    [
        (3, 0.0),  # 300 - 3 x 60 = 120 left in stock: nothing lost
        (8, 180.0),  # 8 x 100 - 8 x 40 - 300 = 180
        (12, 420.0),  # 12 x 100 - 12 x 40 - 300 = 420
    ],
)
def test_lost_demand_within_ttr(ttr: float, lost: float) -> None:
    assert survival(example(), full(["A"]), ttr=ttr).lost_demand == pytest.approx(lost)


def test_no_stock_no_survival() -> None:
    # 100 t <= 0 + 40 t only at t = 0.
    assert survival(example(stock=0), full(["A"])).tts == 0.0


def test_both_suppliers_down_lives_on_stock() -> None:
    # 100 t <= 300  =>  t = 3.
    assert survival(example(), full(["A", "B"])).tts == pytest.approx(3.0)


def test_partial_disruption() -> None:
    # A keeps a quarter: 30 + 40 = 70/month; t = 300 / (100 - 70) = 10.
    assert survival(example(), {"A": 0.25}).tts == pytest.approx(10.0)


def test_bill_of_materials_the_scarcest_input_binds() -> None:
    # The plant needs 2 units of m1 (from M, 80/month) and 1 unit of m2 (from N, 100/month) per
    # unit: at most min(80 / 2, 100 / 1) = 40/month. Demand 50/month, stock 100:
    # 50 t <= 100 + 40 t  =>  t = 10. With N down and 20 units of m2 at N: the plant makes
    # 20 units in all, so 50 t <= 100 + 20  =>  t = 2.4.
    nodes = [
        Node("M", 80, material="m1"),
        Node("N", 100, material="m2", inventory=20),
        Node("plant", demand=50, inventory=100),
    ]
    network = make_network("bom", "month", nodes, [Edge("M", "plant", 2.0), Edge("N", "plant", 1.0)])
    assert survival(network, {}).tts == pytest.approx(10.0)
    assert survival(network, full(["N"])).tts == pytest.approx(2.4)


def test_two_tiers_with_stock_upstream() -> None:
    # mine (50/month) -> refinery (ratio 2 t ore per t, capacity 30) -> plant (demand 30):
    # the refinery gets 50 / 2 = 25/month, so 5/month short; 40 t of refined stock at the
    # refinery lasts 40 / 5 = 8 months. Mine down: 30 t <= 40  =>  t = 4/3.
    nodes = [
        Node("mine", 50),
        Node("refinery", 30, inventory=40),
        Node("plant", demand=30),
    ]
    edges = [Edge("mine", "refinery", 2.0), Edge("refinery", "plant")]
    network = make_network("tiers", "month", nodes, edges)
    assert survival(network, {}).tts == pytest.approx(8.0)
    assert survival(network, full(["mine"])).tts == pytest.approx(40 / 30)


def test_every_node_in_one_call_matches_single_solves() -> None:
    results = {next(iter(r.disrupted)): r for r in survival_all(example(), ttr=6)}
    assert results["A"].tts == pytest.approx(5.0)
    assert results["B"].tts is None
    assert results["plant"].tts == pytest.approx(3.0)  # plant down: 300 / 100
    assert results["A"].lost_demand == pytest.approx(60.0)
    assert results["plant"].lost_demand == pytest.approx(300.0)  # 6 x 100 - 300


def test_unknown_or_bad_disruption_is_refused() -> None:
    with pytest.raises(InputError, match="unknown node 'X'"):
        survival(example(), full(["X"]))
    with pytest.raises(InputError, match="outside"):
        survival(example(), {"A": 1.5})
    with pytest.raises(InputError, match="no capacity"):
        survival(example(), {"plant": 0.5})
    with pytest.raises(InputError, match="--ttr"):
        survival(example(), full(["A"]), ttr=0)
