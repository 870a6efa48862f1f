"""The user network file: strict reading, errors that name the line."""

from __future__ import annotations

from pathlib import Path

import pytest

from goldenage.errors import InputError
from goldenage.minerals.network_yaml import load_network
from goldenage.minerals.tts import full, survival


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "net.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_example_reads() -> None:
    network = load_network(Path(__file__).parent / "fixtures" / "example.yaml")
    assert network.name == "example"
    assert network.time_unit == "month"
    assert [n.id for n in network.nodes] == ["A", "B", "plant"]
    assert network.node("plant").inventory == 300
    assert network.node("A").line == 4


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        (
            "name: x\ntime_unit: month\nnodes:\n  - {id: A, capacity: 1, colour: red}\n",
            4,
            "unknown key 'colour'",
        ),
        ("name: x\ntime_unit: month\nnodes:\n  - {id: A}\n  - {id: A}\n", 5, "duplicate node id 'A'"),
        ("name: x\ntime_unit: month\ntime_unit: year\nnodes: []\n", 3, "duplicate key 'time_unit'"),
        (
            "name: x\ntime_unit: month\nnodes:\n  - {id: A, capacity: lots}\n",
            4,
            "capacity 'lots' is not a number",
        ),
        ("name: x\ntime_unit: month\nnodes:\n  - {capacity: 1}\n", 4, "without an id"),
        ("name: x\ntime_unit: month\nnodes:\n  - {id: A}\nedges:\n  - [A]\n", 6, "edge has 1 items"),
        (
            "name: x\ntime_unit: month\nnodes:\n  - {id: A}\n  - {id: B}\nedges:\n  - [A, B, 0]\n",
            7,
            "ratio 0.0",
        ),
        ("name: x\ntime_unit: month\nnodes:\n  - {id: A}\nedges:\n  - [A, A]\n", 6, "supplying itself"),
        ("name: x\nnodes: []\n", 1, "missing key 'time_unit'"),
        ("name: x\ntime_unit: month\nnodes: {}\n", 3, "nodes is not a list"),
        ("name: x\ntime_unit: [month\n", 3, "not valid YAML"),
        ("", 1, "empty"),
        ("name: x\ntime_unit: month\nnodes:\n  - {id: A, demand: -1}\n", 4, "demand -1.0 is negative"),
    ],
)
def test_bad_files_name_the_line(tmp_path: Path, text: str, line: int, words: str) -> None:
    with pytest.raises(InputError) as info:
        load_network(write(tmp_path, text))
    message = str(info.value)
    assert f"line {line}" in message
    assert words in message
    assert "expected" in message


def test_cycles_only_when_allowed_and_never_creating_material(tmp_path: Path) -> None:
    # A recycling loop: allowed with allow_cycles, and only with ratios >= 1 on the cycle.
    loop = "nodes:\n  - {id: A, capacity: 5}\n  - {id: B}\nedges:\n  - [A, B]\n  - [B, A, %s]\n"
    allowed = "name: x\ntime_unit: month\nallow_cycles: true\n"
    network = load_network(write(tmp_path, allowed + loop % "1"))
    assert network.allow_cycles
    with pytest.raises(InputError, match="material from nothing"):
        load_network(write(tmp_path, allowed + loop % "0.5"))
    with pytest.raises(InputError, match="cycles are not allowed"):
        load_network(write(tmp_path, "name: x\ntime_unit: month\n" + loop % "1"))


def test_mapping_edges_and_materials(tmp_path: Path) -> None:
    text = (
        "name: x\ntime_unit: year\nnodes:\n  - {id: M, capacity: 80}\n  - {id: N, capacity: 100}\n"
        "  - {id: P, demand: 50}\nedges:\n  - {from: M, to: P, ratio: 2, material: m1}\n"
        "  - {from: N, to: P, material: m2}\n"
    )
    network = load_network(write(tmp_path, text))
    assert [network.material_of(e) for e in network.edges] == ["m1", "m2"]
    assert network.edges[0].ratio == 2.0


@pytest.mark.parametrize(
    ("node", "edge", "words"),
    [
        ("{id: A, capacity: 1.0e+308}", "[A, B]", "capacity 1e+308 is over the limit of 1e+12"),
        ("{id: A, capacity: 1}", "[A, B, 1.0e+300]", "ratio 1e+300 is over the limit of 1e+06"),
        ("{id: A, price: 1.0e+16}", "[A, B]", "price 1e+16 is over the limit of 1e+15"),
        ("{id: A, weight: 1.0e+7}", "[A, B]", "weight 10000000.0 is over the limit of 1e+06"),
    ],
)
def test_numbers_beyond_the_solvers_range_are_refused(
    tmp_path: Path, node: str, edge: str, words: str
) -> None:
    # Issue 17, item 10: a capacity of 1e308 passed the file's checks and ended in a HiGHS
    # error (exit 1). HiGHS takes 1e20 and more as infinite: the network's bounds keep every
    # quantity times a ratio below it (goldenage.minerals.network.LIMITS).
    text = f"name: x\ntime_unit: month\nnodes:\n  - {node}\n  - {{id: B, demand: 1}}\nedges:\n  - {edge}\n"
    with pytest.raises(InputError) as info:
        load_network(write(tmp_path, text))
    assert words in str(info.value)
    assert "at most" in str(info.value)


def test_the_largest_numbers_allowed_still_solve(tmp_path: Path) -> None:
    # At every bound at once, the model still solves: A's stock of 1e12 covers one month of the
    # plant's demand of 1e12 a month (one unit of A per unit made), so disrupting A gives a TTS
    # of 1 month (stock / demand), by hand.
    text = (
        "name: x\ntime_unit: month\nnodes:\n  - {id: A, capacity: 1.0e+12}\n"
        "  - {id: plant, demand: 1.0e+12, inventory: 1.0e+12, price: 1.0e+15, weight: 1.0e+6}\n"
        "edges:\n  - [A, plant, 1]\n"
    )
    network = load_network(write(tmp_path, text))
    assert survival(network, full(["A"])).tts == pytest.approx(1.0)
