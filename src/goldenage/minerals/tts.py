"""Time-to-survive and demand lost within a time-to-recover, for one disruption or every node.

Model: Simchi-Levi, Schmidt, Wei et al. (2015), "Identifying Risks and Mitigating Disruptions in
the Automotive Supply Chain", *Interfaces* 45(5):375-390; TTS and TTR as defined in Simchi-Levi,
Schmidt and Wei (2014), *HBR* 92(1-2). A node is a risk when TTS < TTR. The programs themselves
are in :mod:`goldenage.minerals.lp`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from goldenage.minerals.lp import DisruptionModel
from goldenage.minerals.network import Network


@dataclass(frozen=True)
class SurvivalResult:
    """TTS of one disruption, and the demand lost within TTR when a TTR was given.

    ``tts`` is in the network's time unit; ``None`` when demand can be met indefinitely
    (``unbounded``). ``lost_by_node`` maps each demand node to its lost units.
    """

    disrupted: dict[str, float]
    tts: float | None
    time_unit: str
    ttr: float | None = None
    lost_demand: float | None = None
    lost_by_node: dict[str, float] | None = None

    @property
    def unbounded(self) -> bool:
        """Return whether demand can be met indefinitely."""
        return self.tts is None

    @property
    def at_risk(self) -> bool | None:
        """Return whether TTS < TTR (Simchi-Levi's risk test); ``None`` without a TTR."""
        if self.ttr is None:
            return None
        return self.tts is not None and self.tts < self.ttr

    def to_json(self) -> dict[str, object]:
        """Return the CLI's JSON object (``lost_demand`` only when a TTR was given)."""
        payload: dict[str, object] = {
            "disrupted": sorted(self.disrupted),
            "tts": self.tts,
            "unbounded": self.unbounded,
            "time_unit": self.time_unit,
        }
        partial = {k: v for k, v in self.disrupted.items() if v > 0}
        if partial:
            payload["remaining_share"] = dict(sorted(partial.items()))
        if self.ttr is not None:
            payload["ttr"] = self.ttr
            payload["lost_demand"] = self.lost_demand
            payload["lost_by_node"] = self.lost_by_node
            payload["at_risk"] = self.at_risk
        return payload


def _evaluate(model: DisruptionModel, disrupted: Mapping[str, float], ttr: float | None) -> SurvivalResult:
    tts = model.survive(disrupted)
    network = model.network
    if ttr is None:
        return SurvivalResult(dict(disrupted), tts, network.time_unit)
    total, lost = model.lose(disrupted, ttr)
    by_node = {network.nodes[j].id: float(v) for j, v in zip(model.skeleton.demand_nodes, lost, strict=True)}
    return SurvivalResult(dict(disrupted), tts, network.time_unit, ttr, total, by_node)


def full(nodes: Iterable[str]) -> dict[str, float]:
    """Return a disruption that takes every named node fully down (remaining share 0)."""
    return dict.fromkeys(nodes, 0.0)


def survival(network: Network, disrupted: Mapping[str, float], ttr: float | None = None) -> SurvivalResult:
    """Return the TTS of one disruption and, with ``ttr``, the demand lost within it.

    ``disrupted`` maps node id -> remaining share of its capacity (0 = down). The loss is the
    least weighted loss, split between demand nodes pro rata as far as the network allows
    (:meth:`~goldenage.minerals.lp.DisruptionModel.lose`): the same split as :func:`survival_all`.
    """
    return _evaluate(DisruptionModel(network), disrupted, ttr)


def survival_all(network: Network, ttr: float | None = None) -> list[SurvivalResult]:
    """Return TTS (and lost demand within ``ttr``) for the disruption of each node in turn.

    One model is built and re-solved from the previous basis for each node, with the exact
    shortcuts of :meth:`~goldenage.minerals.lp.DisruptionModel.survive_each`; each result,
    split of the loss included, is the one :func:`survival` gives that node alone.
    """
    model = DisruptionModel(network)
    survive = model.survive_each()
    ids = [network.nodes[j].id for j in model.skeleton.demand_nodes]
    if ttr is None:
        return [
            SurvivalResult({n.id: 0.0}, t, network.time_unit)
            for n, t in zip(network.nodes, survive, strict=True)
        ]
    losses = model.lose_each(ttr)
    return [
        SurvivalResult(
            {n.id: 0.0}, t, network.time_unit, ttr, total, dict(zip(ids, map(float, lost), strict=True))
        )
        for n, t, (total, lost) in zip(network.nodes, survive, losses, strict=True)
    ]
