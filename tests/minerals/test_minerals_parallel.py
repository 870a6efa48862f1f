"""TTS for every node, with the re-solves split over two processes, equals the one-process run."""

from __future__ import annotations

import pytest

from goldenage.minerals import lp
from goldenage.minerals.synthetic import generate_network
from goldenage.minerals.tts import SurvivalResult, survival_all


def _close(left: list[SurvivalResult], right: list[SurvivalResult]) -> bool:
    """Same answers up to the solver's last digits (each half re-solves from another basis)."""

    def split(results: list[SurvivalResult]) -> tuple[list[object], list[float]]:
        labels: list[object] = []
        numbers: list[float] = []
        for result in results:
            data = result.to_json()
            labels += [tuple(data["disrupted"]), data["unbounded"], data["tts"] is None]
            numbers += [data["tts"] or 0.0, data.get("lost_demand") or 0.0]
            lost = sorted(data.get("lost_by_node", {}).items())
            labels += [name for name, _ in lost]
            numbers += [value for _, value in lost]
        return labels, numbers

    (labels, numbers), (other_labels, other_numbers) = split(left), split(right)
    return labels == other_labels and numbers == pytest.approx(other_numbers, rel=1e-9, abs=1e-9)


def test_two_processes_give_the_same_answers_as_one(monkeypatch: pytest.MonkeyPatch) -> None:
    network = generate_network(size=400, products=10, seed=7)
    split = survival_all(network, ttr=6.0)  # more re-solves than lp._PARALLEL_FROM: forked
    monkeypatch.setattr(lp, "_PARALLEL_FROM", 10**9)  # everything in this process
    alone = survival_all(network, ttr=6.0)
    assert _close(split, alone)


def test_a_failed_child_is_solved_again_here(monkeypatch: pytest.MonkeyPatch) -> None:
    network = generate_network(size=400, products=10, seed=7)
    expected = survival_all(network)
    real_fork = lp.os.fork

    def broken_fork() -> int:
        child = real_fork()
        if child == 0:  # the child dies at once, as if killed
            lp.os._exit(3)
        return child

    monkeypatch.setattr(lp.os, "fork", broken_fork)
    assert _close(survival_all(network), expected)
