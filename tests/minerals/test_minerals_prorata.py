"""The pro rata split of a loss (docs/minerals.md, "Who loses what"), worked by hand.

When several plans lose the same weighted demand, the engine takes the one whose lost shares
l_j / (d_j T) are closest to one common share: it minimises sum_j (f_j / d_j) l_j^2 over the plans
with the least weighted loss sum_j f_j l_j. Every figure below is worked from that rule.
"""

from __future__ import annotations

import numpy as np
import pytest

from goldenage.minerals.network import Edge, Node, make_network
from goldenage.minerals.prorata import nearest_point
from goldenage.minerals.tts import survival, survival_all


def shared_supplier(w1: float = 1.0, w2: float = 1.0):
    # S makes 6 a month for U1 (demand 4) and U2 (demand 8); no stock anywhere.
    nodes = [Node("S", 6), Node("U1", demand=4, weight=w1), Node("U2", demand=8, weight=w2)]
    return make_network("shared", "month", nodes, [Edge("S", "U1"), Edge("S", "U2")])


def test_a_shared_shortage_is_split_pro_rata() -> None:
    # 3 months: demand 12 + 24 = 36, supply 18, 18 lost whoever gets S's output (every split ties
    # at weight 1). Pro rata: each loses 18 / 36 = half of its demand: U1 6, U2 12.
    alone = survival(shared_supplier(), {}, 3.0)
    assert alone.lost_demand == pytest.approx(18.0)
    assert alone.lost_by_node == pytest.approx({"U1": 6.0, "U2": 12.0})


def test_every_node_in_turn_gives_the_same_split() -> None:
    results = {next(iter(r.disrupted)): r for r in survival_all(shared_supplier(), 3.0)}
    # Disrupting a user node stops what it makes from its input (it has no capacity of its own):
    # U1 loses its 12, and U2 gets all of S: 24 - 18 = 6. The network leaves no other split.
    assert results["U1"].lost_by_node == pytest.approx({"U1": 12.0, "U2": 6.0})
    assert results["U2"].lost_by_node == pytest.approx({"U1": 0.0, "U2": 24.0})
    assert results["S"].lost_by_node == pytest.approx({"U1": 12.0, "U2": 24.0})
    # S is needed by both, so no node is idle: each result is its own solve, and equal to --disrupt.
    for node, result in results.items():
        assert result.lost_by_node == pytest.approx(
            survival(shared_supplier(), {node: 0.0}, 3.0).lost_by_node
        )


def test_weights_come_first() -> None:
    # U1 weighs 2: serving it first loses least weight (2 x 0 + 1 x 6 a month, against 1 x 6 + ...
    # any other split): U1 gets its 4, U2 the other 2 and loses 6 a month, 18 over 3 months.
    # The optimum is unique, so pro rata does not enter.
    result = survival(shared_supplier(w1=2.0), {}, 3.0)
    assert result.lost_by_node == pytest.approx({"U1": 0.0, "U2": 18.0})


def test_as_close_to_pro_rata_as_the_network_allows() -> None:
    # S1 (8 a month) serves only U1; S2 (2 a month) serves U1 and U2; demand 10 each. A month:
    # 20 - 10 = 10 lost in every optimal plan; U2 can get only S2's 2, so it loses at least 8.
    # Pro rata would be 5 each; the closest the network allows: S2 all to U2, U1 loses 10 - 8 = 2,
    # U2 loses 8 (of the split (10 - a, a), a in [8, 10], a = 8 minimises (10 - a)^2 + a^2).
    nodes = [Node("S1", 8), Node("S2", 2), Node("U1", demand=10), Node("U2", demand=10)]
    edges = [Edge("S1", "U1"), Edge("S2", "U1"), Edge("S2", "U2")]
    network = make_network("limited", "month", nodes, edges)
    assert survival(network, {}, 2.0).lost_by_node == pytest.approx({"U1": 4.0, "U2": 16.0})
    # Each node in turn, over 2 months:
    # S1 down: U1 and U2 share S2's 2 a month against 20, each losing 9 of its 10 a month;
    # S2 down: U2 gets nothing (20 lost), U1 gets S1's 8 (2 a month lost);
    # U1 down: U1 loses its 20, U2 gets S2's 2 (16 lost); U2 down: U1 gets 8 + 2 (0 lost).
    expected = {
        "S1": {"U1": 18.0, "U2": 18.0},
        "S2": {"U1": 4.0, "U2": 20.0},
        "U1": {"U1": 20.0, "U2": 16.0},
        "U2": {"U1": 0.0, "U2": 20.0},
    }
    for result in survival_all(network, 2.0):
        node = next(iter(result.disrupted))
        assert result.lost_by_node == pytest.approx(expected[node]), node
        assert survival(network, {node: 0.0}, 2.0).lost_by_node == pytest.approx(expected[node]), node


def test_weighted_tie_gives_equal_shares() -> None:
    # S makes 1 a month; U1 (weight 2) needs 2 of it per unit, U2 (weight 1) 1 per unit; demand
    # 1 each. A unit of S saves 0.5 x 2 = 1 weighted unit at U1 and 1 x 1 at U2: with a of it to
    # U1, the weighted loss 2 (1 - a/2) + a = 2 whatever a. Equal shares: 1 - a/2 = a, a = 2/3,
    # each loses 2/3 a month (the minimum of 2 (1 - a/2)^2 + a^2 is at a = 2/3 too).
    nodes = [Node("S", 1), Node("U1", demand=1, weight=2), Node("U2", demand=1)]
    network = make_network("tie", "month", nodes, [Edge("S", "U1", 2.0), Edge("S", "U2", 1.0)])
    result = survival(network, {}, 3.0)
    assert result.lost_by_node == pytest.approx({"U1": 2.0, "U2": 2.0})
    assert result.lost_demand == pytest.approx(4.0)


def test_a_demand_node_that_ships_shares_the_loss_with_its_customer() -> None:
    # magnet (demand 2, 6 in stock, makes nothing) ships to user (demand 2, no stock) one for one.
    # 3 months: demand 12, stock 6, 6 lost in every plan; pro rata 3 each (magnet keeps 3 and
    # ships 3), whether magnet is disrupted or not (it has no capacity to lose).
    network = make_network(
        "ships",
        "month",
        [Node("magnet", demand=2, inventory=6), Node("user", demand=2)],
        [Edge("magnet", "user")],
    )
    assert survival(network, {"magnet": 0.0}, 3.0).lost_by_node == pytest.approx({"magnet": 3.0, "user": 3.0})
    each = {next(iter(r.disrupted)): r for r in survival_all(network, 3.0)}
    assert each["magnet"].lost_by_node == pytest.approx({"magnet": 3.0, "user": 3.0})
    # user down: it cannot use what it receives, so it loses its 6 and magnet keeps its stock.
    assert each["user"].lost_by_node == pytest.approx({"magnet": 0.0, "user": 6.0})


def _vertex_oracle(vertices: np.ndarray):
    def oracle(cost: np.ndarray) -> np.ndarray:
        return vertices[int(np.argmin(vertices @ cost))]

    return oracle


def test_nearest_point_of_a_segment_and_a_triangle() -> None:
    # Segment (2, 0)-(0, 2): nearest to 0 is (1, 1); with the metric (1, 2), a^2 + 2 b^2 on
    # a + b = 2 is least at a = 2b: (4/3, 2/3).
    segment = np.array([[2.0, 0.0], [0.0, 2.0]])
    whole = slice(0, 2)
    assert nearest_point(segment[0], _vertex_oracle(segment), whole, np.ones(2)) == pytest.approx([1.0, 1.0])
    assert nearest_point(segment[0], _vertex_oracle(segment), whole, np.array([1.0, 2.0])) == pytest.approx(
        [4 / 3, 2 / 3]
    )
    # Triangle e1, e2, e3 (with an extra vertex far out): nearest is (1/3, 1/3, 1/3).
    triangle = np.vstack([np.eye(3), [[5.0, 5.0, 5.0]]])
    found = nearest_point(triangle[3], _vertex_oracle(triangle), slice(0, 3), np.ones(3))
    assert found == pytest.approx([1 / 3, 1 / 3, 1 / 3])


def test_nearest_point_keeps_the_rest_of_the_plan() -> None:
    # The part measured is the first coordinate; the second (the plan) is combined with the same
    # weights: vertices (2, 10) and (-2, 30) give the point 0 = (2 + -2) / 2, plan (10 + 30) / 2.
    vertices = np.array([[2.0, 10.0], [-2.0, 30.0]])

    def oracle(cost: np.ndarray) -> np.ndarray:
        return vertices[int(np.argmin(vertices[:, :1] @ cost))]

    assert nearest_point(vertices[0], oracle, slice(0, 1), np.ones(1)) == pytest.approx([0.0, 20.0])
