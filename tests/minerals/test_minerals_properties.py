"""Invariants of the TTS/TTR programs, checked on random networks (hypothesis)."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from goldenage.minerals.lp import DisruptionModel
from goldenage.minerals.network import Edge, Network, Node, make_network
from goldenage.minerals.stockpile import size_stockpile
from goldenage.minerals.synthetic import generate_network
from goldenage.minerals.tts import full, survival, survival_all

amounts = st.floats(min_value=0, max_value=500, allow_nan=False, allow_infinity=False)
positive = st.floats(min_value=1, max_value=500, allow_nan=False, allow_infinity=False)


def single_tier(capacities: list[float], demand: float, stock: float) -> Network:
    nodes = [Node(f"S{i}", c) for i, c in enumerate(capacities)] + [
        Node("plant", demand=demand, inventory=stock)
    ]
    edges = [Edge(f"S{i}", "plant") for i in range(len(capacities))]
    return make_network("single tier", "month", nodes, edges)


@settings(max_examples=40, deadline=None)
@given(st.lists(amounts, min_size=1, max_size=5), positive, amounts, st.data())
def test_single_tier_closed_form(
    capacities: list[float], demand: float, stock: float, data: st.DataObject
) -> None:
    # critical_minerals.md section 7: TTS = s / max(0, d - sum of surviving capacity) and
    # lost(TTR) = max(0, (d - surviving) TTR - s).
    down = data.draw(st.sets(st.integers(0, len(capacities) - 1)))
    surviving = sum(c for i, c in enumerate(capacities) if i not in down)
    network = single_tier(capacities, demand, stock)
    result = survival(network, full(f"S{i}" for i in down), ttr=7.0)
    gap = demand - surviving
    if gap <= 0:
        assert result.tts is None
    else:
        assert result.tts is not None
        assert math.isclose(result.tts, stock / gap, rel_tol=1e-6, abs_tol=1e-7)
    assert math.isclose(result.lost_demand or 0.0, max(0.0, gap * 7.0 - stock), rel_tol=1e-6, abs_tol=1e-5)


def _tts_key(value: float | None) -> float:
    return math.inf if value is None else value


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 10_000), st.integers(0, 39), st.floats(0.0, 300.0), st.booleans())
def test_more_capacity_or_stock_never_lowers_tts(seed: int, pick: int, extra: float, as_stock: bool) -> None:
    network = generate_network(40, products=3, tiers=2, seed=seed)
    node = network.nodes[pick]
    disrupted = full([network.nodes[(pick + 7) % len(network.nodes)].id])
    before = survival(network, disrupted).tts
    if as_stock:
        richer = network.with_nodes({node.id: {"inventory": node.inventory + extra}})
    else:
        capacity = node.capacity if node.capacity is not None else 0.0
        richer = (
            network.with_nodes({node.id: {"capacity": capacity + extra}})
            if node.capacity is not None
            else network
        )
    after = survival(richer, disrupted).tts
    assert _tts_key(after) >= _tts_key(before) * (1 - 1e-7) - 1e-9


@settings(max_examples=20, deadline=None)
@given(st.integers(0, 10_000), st.floats(0.5, 40.0))
def test_tts_and_ttr_agree(seed: int, ttr: float) -> None:
    # A node is a risk (TTS < TTR) exactly when demand is lost within the TTR.
    network = generate_network(30, products=2, tiers=2, seed=seed)
    for node in network.nodes[:: max(1, len(network.nodes) // 6)]:
        result = survival(network, full([node.id]), ttr=ttr)
        tts = _tts_key(result.tts)
        if tts < ttr * (1 - 1e-6):
            assert (result.lost_demand or 0) > 1e-7
        elif tts > ttr * (1 + 1e-6):
            assert (result.lost_demand or 0) < 1e-5


@settings(max_examples=8, deadline=None)
@given(st.integers(0, 10_000), st.sampled_from([None, 6.0]))
def test_all_nodes_shortcuts_agree_with_single_solves(seed: int, ttr: float | None) -> None:
    network = generate_network(60, products=4, tiers=3, seed=seed)
    for result in survival_all(network, ttr):
        single = survival(network, result.disrupted, ttr)
        assert math.isclose(_tts_key(result.tts), _tts_key(single.tts), rel_tol=1e-6, abs_tol=1e-8)
        if ttr is not None:
            assert math.isclose(result.lost_demand or 0, single.lost_demand or 0, rel_tol=1e-6, abs_tol=1e-5)


@settings(max_examples=15, deadline=None)
@given(st.integers(0, 10_000), st.floats(1.0, 30.0))
def test_stockpile_closes_the_gap(seed: int, ttr: float) -> None:
    # One product, so stock at its plant can always cover the demand that falls short.
    network = generate_network(30, products=1, tiers=2, seed=seed)
    plant = network.nodes[0]
    disrupted = full([network.nodes[5].id])
    result = size_stockpile(network, plant.id, disrupted, ttr)
    stocked = network.with_nodes({plant.id: {"inventory": result.required}})
    assert _tts_key(survival(stocked, disrupted).tts) >= ttr * (1 - 1e-6)
    if result.extra > 1e-3:  # a little less is not enough
        short = network.with_nodes({plant.id: {"inventory": result.required - result.extra / 2}})
        assert _tts_key(survival(short, disrupted).tts) < ttr


def test_model_is_reused_without_drift() -> None:
    # Re-solving the same model many times gives the same answers as fresh models.
    network = generate_network(50, products=3, tiers=2, seed=3)
    model = DisruptionModel(network)
    first = [model.survive(full([n.id])) for n in network.nodes[:10]]
    again = [model.survive(full([n.id])) for n in network.nodes[:10]]
    assert first == again or all(
        math.isclose(_tts_key(a), _tts_key(b), rel_tol=1e-9) for a, b in zip(first, again, strict=True)
    )
