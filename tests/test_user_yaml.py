"""YAML files users supply are read within bounds (issue 17, item 1): no alias bomb, size, depth."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from goldenage.errors import InputError
from goldenage.minerals.network_yaml import load_network
from goldenage.user_yaml import MAX_BYTES, MAX_DEPTH, load

# 350 bytes: seven levels of nine aliases stand for 9**7 (4.8 million) list items; the
# attack of the issue (272 bytes, more levels) took 68 s and 805 MB in the CLI and froze the
# web server. Each level more multiplies the time by nine.
BOMB = (
    "name: x\ntime_unit: month\nnodes:\n"
    + "".join(f"- &l{i} [{','.join([f'*l{i - 1}'] * 9) if i else ','.join(['1'] * 9)}]\n" for i in range(7))
    + "edges: []\n"
)


def test_an_alias_bomb_is_refused_at_once(tmp_path: Path) -> None:
    path = tmp_path / "bomb.yaml"
    path.write_text(BOMB, encoding="utf-8")
    assert len(BOMB.encode()) < 400
    started = time.perf_counter()
    with pytest.raises(InputError, match="anchors and aliases") as caught:
        load_network(path)
    assert time.perf_counter() - started < 1.0
    assert caught.value.field == f"{path}, line 4"
    with pytest.raises(InputError, match="anchors and aliases"):
        load(path, "--file", "a mapping")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("a: &x 1\nb: 2\n", "anchors and aliases"),  # an anchor alone is refused too
        ("a: " + "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1) + "\n", "nested more than"),
        ("a: 1\na: 2\n", "duplicate key"),
        ("a: [1,\n", "not valid YAML"),
    ],
)
def test_other_hostile_yaml_is_an_input_error(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "f.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        load(path, "--file", "a mapping")


def test_size_encoding_and_bom(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"a: " + b"x" * MAX_BYTES + b"\n")
    with pytest.raises(InputError, match="over the limit"):
        load(big, "--file", "a mapping")
    latin = tmp_path / "latin.yaml"
    latin.write_bytes(b"name: caf\xe9\n")
    with pytest.raises(InputError, match="not UTF-8"):
        load(latin, "--file", "a mapping")
    bom = tmp_path / "bom.yaml"
    bom.write_bytes(b"\xef\xbb\xbfname: x\n")
    assert load(bom, "--file", "a mapping") == {"name": "x"}


def test_a_network_over_the_node_limit_is_refused(tmp_path: Path) -> None:
    from goldenage.minerals.network_yaml import MAX_NODES

    path = tmp_path / "big.yaml"
    nodes = "".join(f"- {{id: n{i}, capacity: 1}}\n" for i in range(MAX_NODES + 1))
    path.write_text(f"time_unit: month\nnodes:\n{nodes}edges: []\n", encoding="utf-8")
    with pytest.raises(InputError, match="over the limit"):
        load_network(path)
