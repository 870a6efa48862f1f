"""Which announced and candidate projects buy the most resilience under a budget (MILP, HiGHS).

Binary x_p picks project p (``projects.csv``: capacity a_p added to a node, or stock b_p, cost
c_p) among those online by the target year with a known US-dollar cost; sum_p c_p x_p <= budget.

``min-tts`` (maximise the minimum TTS over the scenarios): for a horizon T, every scenario k
must meet all demand up to T (the TTS program of :mod:`goldenage.minerals.lp`, unscaled, one
copy of the flows per scenario, the capacity of a node f_kj (c_j + sum_p a_p x_p) T and its
stock s_j + sum_p b_p x_p). Feasibility falls as T grows, so the largest feasible T is found by
bisection (relative precision 1e-4), each step one MILP that also minimises the cost; if a
choice meets demand indefinitely in every scenario (the rate problem with no stock is feasible),
the cheapest such choice is returned. The TTS of each scenario is then recomputed exactly.

``non-allied``: with every non-allied node down, minimise the share of demand that cannot be
met at any time (the rate problem: sum_j l_j / sum_j d_j), then the cost of reaching it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import highspy
import numpy as np
from scipy.sparse import coo_matrix

from goldenage.errors import InputError
from goldenage.minerals.errors import NotOptimalError
from goldenage.minerals.lp import skeleton
from goldenage.minerals.network import Network
from goldenage.minerals.scenarios import load_scenario, scenario_names
from goldenage.minerals.shipped import check_year, price, project_rows, shipped_network
from goldenage.minerals.tables import ProjectRow
from goldenage.minerals.tts import survival

INF = math.inf
OBJECTIVES = ("min-tts", "non-allied")


@dataclass(frozen=True)
class Option:
    """A project the optimiser may pick, with its cost in US dollars."""

    row: ProjectRow
    cost_usd: float


def options(year: int) -> tuple[list[Option], list[tuple[str, str]]]:
    """Return the eligible projects for ``year`` and the excluded ones with the reason."""
    eligible: list[Option] = []
    excluded: list[tuple[str, str]] = []
    for row in project_rows():
        if row.node_id is None:
            excluded.append((row.project_id, "not a node of the TTS network (concentration only)"))
        elif row.online_year is None:
            excluded.append((row.project_id, "no online date in the sources"))
        elif row.online_year > year:
            excluded.append((row.project_id, f"online in {row.online_year}, after {year}"))
        elif row.cost_usd is not None:
            eligible.append(Option(row, row.cost_usd))
        elif row.price_product is not None:
            eligible.append(Option(row, row.adds * 1000 * price(row.price_product, year).usd_per_kg))
        else:
            excluded.append((row.project_id, f"no cost in US dollars ({row.cost_basis})"))
    return eligible, excluded


@dataclass(frozen=True)
class Case:
    """A disruption the chosen projects must withstand: remaining share by node id."""

    name: str
    disrupted: dict[str, float]


def default_cases() -> list[Case]:
    """Return the shipped scenarios that disrupt something."""
    cases = []
    for name in scenario_names():
        spec = load_scenario(name)
        if spec.disrupt:
            cases.append(Case(name, {d.node: d.remaining for d in spec.disrupt}))
    return cases


class _Milp:
    """The MILP of one network, set of cases and projects (module docstring)."""

    def __init__(self, network: Network, cases: Sequence[Case], chosen: Sequence[Option]) -> None:
        self.network, self.cases, self.options = network, list(cases), list(chosen)
        self.sk = skeleton(network)
        n = len(network.nodes)
        self.index = network.index
        self.cap_add = np.zeros((n, len(chosen)))
        self.stock_add = np.zeros((n, len(chosen)))
        for p, option in enumerate(chosen):
            j = self.index[option.row.node_id or ""]
            target = self.cap_add if option.row.quantity == "capacity" else self.stock_add
            per = 12.0 if option.row.quantity == "capacity" else 1.0  # t/yr -> t/month
            target[j, p] += option.row.adds / per
        self.remaining = [self._remaining(case) for case in self.cases]

    def _remaining(self, case: Case) -> np.ndarray:
        share = np.ones(len(self.network.nodes))
        for node_id, value in case.disrupted.items():
            share[self.index[self.network.node(node_id).id]] = value
        return share

    def solve(  # noqa: C901 - one model, built block by block
        self, horizon: float | None, budget: float, objective: str = "cost", loss_cap: float | None = None
    ) -> tuple[bool, np.ndarray, float]:
        """Build and solve; ``horizon`` None is the rate problem (demand met indefinitely).

        ``objective``: "cost" minimises the cost of a choice that meets all demand; "loss"
        minimises the lost demand (rate, with ``horizon`` None); "cost-with-loss" minimises
        the cost with the lost demand at most ``loss_cap``. Returns (feasible, x, objective).
        """
        sk, n_opt = self.sk, len(self.options)
        n = len(self.network.nodes)
        width = sk.width
        rows: list[np.ndarray] = []
        cols: list[np.ndarray] = []
        vals: list[np.ndarray] = []
        lower_rows: list[float] = []
        upper_rows: list[float] = []
        col_lower: list[float] = [0.0] * n_opt
        col_upper: list[float] = [1.0] * n_opt
        cost = [0.0 if objective == "loss" else o.cost_usd for o in self.options]
        integrality = [1] * n_opt
        row = 0
        t = 1.0 if horizon is None else horizon
        for k, share in enumerate(self.remaining):
            offset = n_opt + k * width
            block = sk.matrix
            rows.append(block.row + row)
            cols.append(block.col + offset)
            vals.append(block.data)
            stock = np.zeros(len(sk.row_upper)) if horizon is None else sk.row_inventory
            upper = stock + sk.row_upper * t
            for j, r in sk.balance_row.items():  # stock added by projects: - sum_p b_p x_p
                for p in np.flatnonzero(self.stock_add[j]):
                    if horizon is not None:
                        rows.append(np.array([row + r]))
                        cols.append(np.array([p]))
                        vals.append(np.array([-self.stock_add[j, p]]))
            lower_rows += [-INF] * len(upper)
            upper_rows += list(upper)
            row += len(upper)
            u_upper = np.where(
                np.isfinite(sk.u_upper), np.nan_to_num(sk.u_upper, posinf=0.0) * share * t, INF
            )
            for j in range(n):
                added = np.flatnonzero(self.cap_add[j])
                if len(added) and math.isfinite(sk.u_upper[j]):
                    rows.append(np.full(len(added) + 1, row))
                    cols.append(np.concatenate([[offset + j], added]))
                    vals.append(np.concatenate([[1.0], -self.cap_add[j, added] * share[j] * t]))
                    lower_rows.append(-INF)
                    upper_rows.append(float(u_upper[j]))
                    row += 1
                    u_upper[j] = INF
            lost_upper = np.full(len(sk.demand_nodes), 0.0 if objective == "cost" else INF)
            col_lower += [0.0] * width
            col_upper += [*u_upper, *([INF] * len(self.network.edges)), *lost_upper]
            lost_cost = [1.0] * len(sk.demand_nodes) if objective == "loss" else [0.0] * len(sk.demand_nodes)
            cost += [0.0] * (n + len(self.network.edges)) + lost_cost
            integrality += [0] * width
        rows.append(np.full(n_opt, row))
        cols.append(np.arange(n_opt))
        vals.append(np.array([o.cost_usd for o in self.options]))
        lower_rows.append(-INF)
        upper_rows.append(budget)
        row += 1
        if loss_cap is not None:
            first_lost = n + len(self.network.edges)
            lost_cols = [
                n_opt + k * width + first_lost + i
                for k in range(len(self.cases))
                for i in range(len(sk.demand_nodes))
            ]
            rows.append(np.full(len(lost_cols), row))
            cols.append(np.array(lost_cols))
            vals.append(np.ones(len(lost_cols)))
            lower_rows.append(-INF)
            upper_rows.append(loss_cap)
        matrix = coo_matrix(
            (np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
            shape=(len(upper_rows), len(col_upper)),
        ).tocsc()
        highs = highspy.Highs()
        highs.setOptionValue("output_flag", False)
        highs.setOptionValue("threads", 1)
        highs.setOptionValue("mip_rel_gap", 1e-9)
        status = highs.passModel(
            len(col_upper),
            len(upper_rows),
            matrix.nnz,
            1,
            1,
            0.0,
            np.array(cost, dtype=float),
            np.array(col_lower, dtype=float),
            np.array(col_upper, dtype=float),
            np.array(lower_rows, dtype=float),
            np.array(upper_rows, dtype=float),
            matrix.indptr.astype(np.int32),
            matrix.indices.astype(np.int32),
            matrix.data.astype(float),
            np.array(integrality, dtype=np.int32),
        )
        if status == highspy.HighsStatus.kError:
            problem = "building the investment MILP"
            raise NotOptimalError(problem, str(status))
        highs.run()
        model_status = highs.getModelStatus()
        if model_status == highspy.HighsModelStatus.kInfeasible:
            return False, np.zeros(n_opt), INF
        if model_status != highspy.HighsModelStatus.kOptimal:
            problem = "investment MILP"
            raise NotOptimalError(problem, highs.modelStatusToString(model_status))
        x = np.round(np.asarray(highs.getSolution().col_value)[:n_opt])
        return True, x, float(highs.getObjectiveValue())


@dataclass(frozen=True)
class Plan:
    """The chosen projects and what they achieve."""

    objective: str
    year: int
    budget: float
    chosen: tuple[Option, ...]
    eligible: tuple[Option, ...]
    excluded: tuple[tuple[str, str], ...]
    case_tts: dict[str, float | None]
    min_tts: float | None
    non_allied_share: float | None
    baseline_min_tts: float | None
    baseline_non_allied_share: float | None

    @property
    def cost_usd(self) -> float:
        """Return the total cost of the chosen projects."""
        return float(sum(o.cost_usd for o in self.chosen))

    def to_json(self) -> dict[str, object]:
        """Return a JSON-ready dict."""

        def project(o: Option) -> dict[str, object]:
            r = o.row
            return {
                "project": r.project_id,
                "name": r.name,
                "node": r.node_id,
                "adds": r.adds,
                "unit": r.unit,
                "online_year": r.online_year,
                "status": r.status,
                "cost_usd": o.cost_usd,
                "cost_basis": r.cost_basis,
                "source_id": r.source_id,
            }

        return {
            "objective": self.objective,
            "year": self.year,
            "budget_usd": self.budget,
            "cost_usd": self.cost_usd,
            "chosen": [project(o) for o in self.chosen],
            "eligible": [project(o) for o in self.eligible],
            "excluded": [{"project": p, "reason": why} for p, why in self.excluded],
            "min_tts": self.min_tts,
            "unbounded": self.objective == "min-tts" and self.min_tts is None,
            "tts_by_scenario": self.case_tts,
            "non_allied_share": self.non_allied_share,
            "baseline_min_tts": self.baseline_min_tts,
            "baseline_non_allied_share": self.baseline_non_allied_share,
            "time_unit": "month",
        }


def _min_tts(network: Network, cases: Sequence[Case]) -> tuple[dict[str, float | None], float | None]:
    by_case = {case.name: survival(network, case.disrupted).tts for case in cases}
    finite = [t for t in by_case.values() if t is not None]
    return by_case, (min(finite) if finite else None)


def _non_allied_share(network: Network) -> float:
    """Return the share of demand that cannot be met at any time with every non-allied node down."""
    down = {node.id: 0.0 for node in network.nodes if node.allied is False}
    feasible, _, lost = _Milp(network, [Case("non-allied down", down)], []).solve(None, INF, "loss")
    total = sum(node.demand for node in network.nodes)
    return lost / total if feasible and total > 0 else 0.0


def _bisect(milp: _Milp, budget: float, low: float, high: float) -> np.ndarray:
    """Return the cheapest choice meeting demand up to the largest feasible horizon in [low, high]."""
    best = milp.solve(low, budget)[1]
    while high - low > 1e-4 * max(high, 1e-9):
        middle = (low + high) / 2
        feasible, x, _ = milp.solve(middle, budget)
        if feasible:
            low, best = middle, x
        else:
            high = middle
    return best


def optimise(
    budget: float, year: int, objective: str = "min-tts", cases: Sequence[Case] | None = None
) -> Plan:
    """Pick projects within ``budget`` (US$) online by ``year`` for the given objective."""
    check_year(year)
    if not math.isfinite(budget) or budget < 0:
        field = "--budget"
        msg = f"{budget!r} is not a non-negative amount"
        raise InputError(field, msg, "US dollars >= 0, e.g. 500000000")
    if objective not in OBJECTIVES:
        field = "--objective"
        msg = f"unknown objective {objective!r}"
        raise InputError(field, msg, "one of " + ", ".join(OBJECTIVES))
    network = shipped_network(year)
    eligible, excluded = options(year)
    cases = list(cases) if cases is not None else default_cases()
    base_cases, base_min = _min_tts(network, cases)
    base_share = _non_allied_share(network)
    if objective == "non-allied":
        down = Case("non-allied down", {node.id: 0.0 for node in network.nodes if node.allied is False})
        loss_milp = _Milp(network, [down], eligible)
        best = loss_milp.solve(None, budget, "loss")[2]
        x = _cheapest_at_loss(loss_milp, budget, best)
    else:
        milp = _Milp(network, cases, eligible)
        rate_ok, x_rate, _ = milp.solve(None, budget)
        if rate_ok:
            x = x_rate
        else:
            full = shipped_network(year, [o.row.project_id for o in eligible])
            _, upper = _min_tts(full, cases)
            high = upper if upper is not None else max(base_min or 1.0, 1.0)
            while upper is None and milp.solve(high, budget)[0] and high < 1e6:
                high *= 2
            x = _bisect(milp, budget, 0.0, high)
    chosen = tuple(o for o, pick in zip(eligible, x, strict=True) if pick > 0.5)
    final = shipped_network(year, [o.row.project_id for o in chosen])
    case_tts, min_tts = _min_tts(final, cases)
    return Plan(
        objective,
        year,
        budget,
        chosen,
        tuple(eligible),
        tuple(excluded),
        case_tts,
        min_tts,
        _non_allied_share(final),
        base_min,
        base_share,
    )


def _cheapest_at_loss(milp: _Milp, budget: float, loss: float) -> np.ndarray:
    """Return the cheapest choice whose lost demand rate is at most ``loss`` (plus a tolerance)."""
    feasible, x, _ = milp.solve(None, budget, "cost-with-loss", loss_cap=loss * (1 + 1e-7) + 1e-9)
    if not feasible:  # pragma: no cover - the loss-minimising choice is itself feasible
        problem = "investment MILP at the optimal loss"
        raise NotOptimalError(problem, "infeasible")
    return x
