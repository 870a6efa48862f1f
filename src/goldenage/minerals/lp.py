"""Simchi-Levi's time-to-survive (TTS) and time-to-recover (TTR) linear programs, with HiGHS.

Model: Simchi-Levi et al. (2015), *Interfaces* 45(5):375-390, multi-tier form as reproduced in
the Databricks "supply-chain-stress-test" appendix (R29, R30 of ``critical_minerals.md``):

    BOM       u_j - sum_{e in P_jk} y_e / r_e <= 0          for j with inputs, each material k
    balance   sum_{e out of i} y_e - u_i <= s_i             (shipments <= production + stock)
    demand    u_j + s_j + l_j >= d_j t                      (lost demand l_j; 0 in the TTS model)
    loss      0 <= l_j <= d_j t                             (a node loses at most its own demand)
    capacity  u_j <= c_j t;  u_j = 0 if j is disrupted

Here every variable is divided by the horizon t (sigma = 1/t, u' = u/t, ...), which makes the
capacities plain column bounds and keeps the TTS program bounded:

    balance   sum_{e out of i} y'_e - u'_i - s_i sigma - l'_i <= -d_i
    TTS       l' = 0, minimise sigma: TTS = 1/sigma* (sigma* = 0: demand is met indefinitely,
              "unbounded"; infeasible: not even an instant can be covered, TTS = 0)
    TTR(T)    sigma = 1/T, 0 <= l'_j <= d_j, minimise sum_j f_j l'_j; the demand lost within T
              is T * sum_j l'_j
    pro rata  second stage of TTR(T): with sum_j f_j l'_j held at its optimum (the "face" row),
              the split l' minimising sum_j (f_j / d_j) l'_j^2, i.e. the lost shares l'_j / d_j
              closest to one common share. Unique (strictly convex in l'), so --all and a
              single --disrupt give the same split; found by Wolfe's nearest-point method with
              the LP as oracle (:mod:`goldenage.minerals.prorata`, ``docs/minerals.md``)

A disruption only changes the bounds of some u', so one model is built per network and
re-solved from the previous basis for each disruption (:meth:`DisruptionModel.survive`).
A node's inventory stays usable when the node itself is disrupted, as in the reproduced model.
"""

from __future__ import annotations

import math
import os
import pickle
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass

import highspy
import numpy as np
from scipy.sparse import coo_matrix

from goldenage.errors import InputError
from goldenage.minerals.errors import NotOptimalError
from goldenage.minerals.network import Network
from goldenage.minerals.prorata import nearest_point

INF = math.inf
# sigma below this means TTS above 1e10 time units: reported as unbounded.
UNBOUNDED_SIGMA = 1e-10
# HiGHS's primal feasibility tolerance (its default is 1e-7). A plan may break a row by this
# much, so with the default a node making 1.2e-7 a time unit was taken for idle by a shortcut of
# DisruptionModel._each (1.1e-6 t over a 9-month TTR); 1e-9 keeps such slack far below what is
# reported, at no cost in iterations. The dual tolerance stays at HiGHS's 1e-7: at 1e-9 the
# re-solves of the benchmark network take twice the simplex iterations.
FEASIBILITY_TOLERANCE = 1e-9
DUAL_TOLERANCE = 1e-7
# The face row of the pro rata stage holds the weighted loss to its optimum plus this share.
FACE_SLACK = 1e-9


@dataclass(frozen=True)
class Skeleton:
    """The constraint matrix of one network, without sigma (see the module docstring).

    Columns of ``matrix``: u' of every node, then y' of every edge, then l' of every demand node.
    Rows: the BOM rows, then one balance row per node that ships or has demand.
    """

    matrix: coo_matrix
    row_upper: np.ndarray
    row_inventory: np.ndarray  # s_i of the node of each balance row (0 on BOM rows)
    row_names: tuple[str, ...]
    u_upper: np.ndarray  # c_j, inf (limited by inputs), or 0 (no inputs, no capacity)
    demand_nodes: np.ndarray  # node positions with d_j > 0, in the order of the l' columns
    balance_row: dict[int, int]  # node position -> row

    @property
    def width(self) -> int:
        """Return the number of columns (u', y', l')."""
        return int(self.matrix.shape[1])


def skeleton(network: Network) -> Skeleton:
    """Build the BOM and balance rows of ``network`` (names ``{node}-bom-{material}-upper``)."""
    n, m = len(network.nodes), len(network.edges)
    index = network.index
    demand = np.array([node.demand for node in network.nodes])
    demand_nodes = np.flatnonzero(demand > 0)
    lost_col = {int(j): n + m + k for k, j in enumerate(demand_nodes)}
    rows: list[int] = []
    cols: list[int] = []
    values: list[float] = []
    upper: list[float] = []
    inventory: list[float] = []
    names: list[str] = []
    groups: dict[tuple[int, str], list[int]] = defaultdict(list)
    outgoing: dict[int, list[int]] = defaultdict(list)
    for e, edge in enumerate(network.edges):
        groups[(index[edge.target], network.material_of(edge))].append(e)
        outgoing[index[edge.source]].append(e)
    for (j, material), edge_ids in sorted(groups.items()):
        row = len(upper)
        rows.append(row)
        cols.append(j)
        values.append(1.0)
        for e in edge_ids:
            rows.append(row)
            cols.append(n + e)
            values.append(-1.0 / network.edges[e].ratio)
        upper.append(0.0)
        inventory.append(0.0)
        names.append(f"{network.nodes[j].id}-bom-{material or 'input'}-upper")
    balance_row: dict[int, int] = {}
    for i, node in enumerate(network.nodes):
        if not outgoing[i] and node.demand <= 0:
            continue
        row = len(upper)
        balance_row[i] = row
        for e in outgoing[i]:
            rows.append(row)
            cols.append(n + e)
            values.append(1.0)
        rows.append(row)
        cols.append(i)
        values.append(-1.0)
        if i in lost_col:
            rows.append(row)
            cols.append(lost_col[i])
            values.append(-1.0)
        upper.append(-node.demand)
        inventory.append(node.inventory)
        names.append(f"{node.id}-balance-upper")
    has_inputs = {j for j, _ in groups}
    u_upper = np.array(
        [
            node.capacity if node.capacity is not None else (INF if j in has_inputs else 0.0)
            for j, node in enumerate(network.nodes)
        ]
    )
    width = n + m + len(demand_nodes)
    matrix = coo_matrix((values, (rows, cols)), shape=(len(upper), width))
    return Skeleton(
        matrix, np.array(upper), np.array(inventory), tuple(names), u_upper, demand_nodes, balance_row
    )


def disrupted_upper(network: Network, base: np.ndarray, disrupted: Mapping[str, float]) -> dict[int, float]:
    """Return the u' upper bounds of the disrupted nodes: ``remaining`` share of the capacity.

    ``disrupted`` maps node id -> remaining share of capacity (0 = fully down, 0.25 = a quarter
    left). A partial share needs a finite capacity.
    """
    changed: dict[int, float] = {}
    for node_id, remaining in disrupted.items():
        j = network.index.get(node_id)
        if j is None:
            network.node(node_id)  # raises InputError naming the known ids
            continue
        if not 0 <= remaining <= 1 or math.isnan(remaining):
            field = "--disrupt"
            msg = f"remaining share {remaining!r} of node {node_id!r} is outside [0, 1]"
            raise InputError(field, msg, "0 (fully disrupted) to 1 (not disrupted)")
        if remaining == 0:
            changed[j] = 0.0
        elif remaining < 1:
            if not math.isfinite(base[j]):
                field = "--disrupt"
                msg = f"node {node_id!r} has no capacity, so a partial disruption has no meaning"
                raise InputError(field, msg, "a remaining share of 0 for nodes without a capacity")
            changed[j] = remaining * base[j]
    return changed


_PARALLEL_FROM = 64  # re-solves below this are not worth a second process


def _in_two_processes(
    work: Callable[[list[int]], dict[int, tuple[float, np.ndarray]]], nodes: list[int]
) -> dict[int, tuple[float, np.ndarray]]:
    """Return ``work(nodes)``, the second half of the nodes solved by a forked copy of this process.

    The child inherits the solver and its basis (fork copies the process; HiGHS runs with one
    thread, so no thread is lost in the copy), solves its half and sends the results back
    through a pipe; the parent solves the first half meanwhile. Every result is exact either
    way (each node is one solve of the same program); only the shortcuts found in one half are
    not used by the other. Without fork, one core or few nodes, everything runs here.
    """
    if len(nodes) < _PARALLEL_FROM or not hasattr(os, "fork") or (os.cpu_count() or 1) < 2:  # noqa: PLR2004
        return work(nodes)
    half = len(nodes) // 2
    read_end, write_end = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the forked process
        status = 0
        try:
            os.close(read_end)
            with os.fdopen(write_end, "wb") as sink:
                pickle.dump(work(nodes[half:]), sink, protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException:  # noqa: BLE001 - any failure is reported by the exit status
            status = 1
        finally:
            os._exit(status)
    os.close(write_end)
    try:
        mine = work(nodes[:half])
    finally:
        with os.fdopen(read_end, "rb") as source:
            data = source.read()
        _, status = os.waitpid(child, 0)
    if status != 0 or not data:
        return mine | work(nodes[half:])  # the child failed: solve its half here
    return mine | pickle.loads(data)  # noqa: S301 - our own child process


class DisruptionModel:
    """The TTS/TTR program of one network in one HiGHS instance (module docstring).

    Columns: sigma, then the :class:`Skeleton` columns. Not thread-safe: one solve at a time.
    """

    def __init__(self, network: Network) -> None:
        self.network = network
        self.skeleton = sk = skeleton(network)
        n, m = len(network.nodes), len(network.edges)
        self.u0 = 1
        self.l0 = 1 + n + m
        self.n_lost = len(sk.demand_nodes)
        width = 1 + sk.width
        sigma = coo_matrix(
            (-sk.row_inventory, (np.arange(len(sk.row_upper)), np.zeros(len(sk.row_upper), dtype=int))),
            shape=(len(sk.row_upper), 1),
        )
        matrix = coo_matrix(
            (
                np.concatenate([sigma.data, sk.matrix.data]),
                (np.concatenate([sigma.row, sk.matrix.row]), np.concatenate([sigma.col, sk.matrix.col + 1])),
            ),
            shape=(len(sk.row_upper), width),
        ).tocsc()
        matrix.eliminate_zeros()
        self.col_upper = np.concatenate([[INF], sk.u_upper, np.full(m, INF), np.zeros(self.n_lost)])
        self.weights = np.array([network.nodes[j].weight for j in sk.demand_nodes])
        self.demands = np.array([network.nodes[j].demand for j in sk.demand_nodes], dtype=float)
        self.highs = highs = highspy.Highs()
        highs.setOptionValue("output_flag", False)
        highs.setOptionValue("presolve", "off")
        highs.setOptionValue("threads", 1)
        # Serial dual simplex with Dantzig pricing: re-solves after one bound change take tens of
        # iterations, and steepest-edge weights cost more to rebuild than they save (benchmark).
        highs.setOptionValue("simplex_strategy", 1)
        highs.setOptionValue("dual_simplex_edge_weight_strategy", 0)
        highs.setOptionValue("primal_feasibility_tolerance", FEASIBILITY_TOLERANCE)
        highs.setOptionValue("dual_feasibility_tolerance", DUAL_TOLERANCE)
        cost = np.zeros(width)
        cost[0] = 1.0
        lower = np.zeros(width)
        status = highs.passModel(
            width,
            len(sk.row_upper),
            matrix.nnz,
            1,  # column-wise matrix
            1,  # minimise
            0.0,
            cost,
            lower,
            self.col_upper.copy(),
            np.full(len(sk.row_upper), -INF),
            sk.row_upper.astype(float),
            matrix.indptr.astype(np.int32),
            matrix.indices.astype(np.int32),
            matrix.data.astype(float),
            np.zeros(width, dtype=np.int32),  # continuous columns
        )
        if status == highspy.HighsStatus.kError:
            problem = f"building the TTS model of {network.name}"
            raise NotOptimalError(problem, str(status))
        self.lost_cols = np.arange(self.l0, self.l0 + self.n_lost, dtype=np.int32)
        # The face row sum_j f_j l'_j <= optimum of the pro rata stage; free until then.
        self._face = highs.getNumRow()
        highs.addRow(-INF, INF, self.n_lost, self.lost_cols, self.weights)
        self._mode = "tts"
        self._ttr: float | None = None

    # -- modes -----------------------------------------------------------------------------
    def _tts_mode(self) -> None:
        if self._mode == "tts":
            return
        highs = self.highs
        highs.changeColBounds(0, 0.0, INF)
        highs.changeColCost(0, 1.0)
        if self.n_lost:
            cols = self.lost_cols
            highs.changeColsBounds(self.n_lost, cols, np.zeros(self.n_lost), np.zeros(self.n_lost))
            highs.changeColsCost(self.n_lost, cols, np.zeros(self.n_lost))
        self._mode, self._ttr = "tts", None

    def _ttr_mode(self, ttr: float, allow_loss: bool = True) -> None:
        if not math.isfinite(ttr) or ttr <= 0:
            field = "--ttr"
            msg = f"{ttr!r} is not a positive duration"
            raise InputError(field, msg, f"a number of {self.network.time_unit}s > 0")
        highs = self.highs
        highs.changeColBounds(0, 1.0 / ttr, 1.0 / ttr)
        highs.changeColCost(0, 0.0)
        if self.n_lost:
            cols = self.lost_cols
            # A node loses at most its own demand (l_j <= d_j T): without the bound, a node with
            # demand that also ships could "lose" more than its demand and ship the difference.
            loss_upper = self.demands if allow_loss else np.zeros(self.n_lost)
            highs.changeColsBounds(self.n_lost, cols, np.zeros(self.n_lost), loss_upper)
            highs.changeColsCost(self.n_lost, cols, self.weights if allow_loss else np.zeros(self.n_lost))
        self._mode, self._ttr = ("ttr" if allow_loss else "ttr-no-loss"), ttr

    @contextmanager
    def _disrupted(self, disrupted: Mapping[str, float]) -> Iterator[None]:
        changed = disrupted_upper(self.network, self.skeleton.u_upper, disrupted)
        for j, upper in changed.items():
            self.highs.changeColBounds(self.u0 + j, 0.0, upper)
        try:
            yield
        finally:
            for j in changed:
                self.highs.changeColBounds(self.u0 + j, 0.0, float(self.col_upper[self.u0 + j]))

    def _run(self, problem: str) -> str:
        self.highs.run()
        status = self.highs.getModelStatus()
        if status == highspy.HighsModelStatus.kOptimal:
            return "optimal"
        if status in (highspy.HighsModelStatus.kInfeasible, highspy.HighsModelStatus.kUnboundedOrInfeasible):
            # sigma >= 0 is minimised, so the program is never unbounded: this is infeasible.
            pass
            return "infeasible"
        raise NotOptimalError(problem, self.highs.modelStatusToString(status))

    # -- solves ----------------------------------------------------------------------------
    def survive(self, disrupted: Mapping[str, float]) -> float | None:
        """Return the TTS of a disruption: time units, ``None`` if unbounded, 0 if none."""
        self._tts_mode()
        with self._disrupted(disrupted):
            status = self._run(f"TTS of {self.network.name} with {sorted(disrupted)} disrupted")
            if status == "infeasible":
                return 0.0
            sigma = float(self.highs.getSolution().col_value[0])
        return None if sigma <= UNBOUNDED_SIGMA else 1.0 / sigma

    def _each(self, objective: str, ttr: float | None) -> list[tuple[float, np.ndarray]]:
        """Solve the disruption of every node in turn; return (objective, l') per node.

        For ``"TTR"`` the l' of each node is the pro rata split (:meth:`_pro_rata`), the one a
        single :meth:`lose` gives. Exact shortcuts, each a consequence of "a disruption only
        tightens bounds" (for TTR, "the answer" is the weighted optimum and its split, and
        a solution gives the answer when it has the optimal weighted loss and that split: the
        disrupted optimal plans are then a subset of the undisrupted ones that still holds
        the nearest point):

        1. a node whose production is already fixed at 0 shares the undisrupted answer;
        2. so does a node that produces nothing in some undisrupted solution giving the
           answer: that solution stays feasible, hence gives the answer, when the node is
           removed. Such solutions are searched for on purpose (:meth:`_cover_alternatives`);
        3. when a disruption leaves the answer unchanged, its solution gives the undisrupted
           answer too, and every node idle in it is covered by (2) as well.
        """
        network = self.network
        n = len(network.nodes)
        lost = slice(self.l0, self.l0 + self.n_lost)

        def solve(disrupted: Mapping[str, float]) -> tuple[float, np.ndarray, np.ndarray | None]:
            with self._disrupted(disrupted):
                status = self._run(f"{objective} of {network.name} with {sorted(disrupted)} disrupted")
                if status == "infeasible":
                    return INF, np.zeros(self.n_lost), None
                value = float(self.highs.getObjectiveValue())
                values = np.asarray(self.highs.getSolution().col_value).copy()
                if objective == "TTR":
                    values = self._pro_rata(values)
                return value, values[lost].copy(), values
            raise AssertionError  # pragma: no cover - the context manager never swallows

        base, base_lost, values = solve({})
        covered = np.zeros(n, dtype=bool)
        covered |= self.skeleton.u_upper == 0

        def cover(values: np.ndarray | None) -> None:
            if values is not None:
                covered[values[self.u0 : self.u0 + n] <= 1e-9] = True

        def unchanged(value: float, lost_j: np.ndarray) -> bool:
            if value - base > 1e-10 + 1e-9 * abs(base):
                return False
            return objective != "TTR" or bool(np.all(np.abs(lost_j - base_lost) <= 1e-9 * (1 + base_lost)))

        cover(values)
        if base < INF:
            self._cover_alternatives(base, covered, objective, base_lost)

        def solve_nodes(nodes: list[int]) -> dict[int, tuple[float, np.ndarray]]:
            found: dict[int, tuple[float, np.ndarray]] = {}
            for j in nodes:
                if covered[j]:  # covered by an earlier unchanged answer (shortcut 3)
                    continue
                value, lost_j, values = solve({network.nodes[j].id: 0.0})
                if unchanged(value, lost_j):
                    cover(values)
                found[j] = (value, lost_j)
            return found

        solved = _in_two_processes(solve_nodes, np.flatnonzero(~covered).tolist())
        return [solved.get(j, (base, base_lost)) for j in range(n)]

    def _cover_alternatives(
        self, base: float, covered: np.ndarray, objective: str, split: np.ndarray
    ) -> None:
        """Find other undisrupted solutions giving the answer that leave uncovered nodes idle (shortcut 2).

        With the answer held (TTS: sigma at its optimum; TTR: every l' at the pro rata
        ``split``, which fixes the weighted loss too), minimise the production of the nodes not
        yet covered (each divided by its capacity); every node idle in the answer is covered.
        Repeated while a round covers at least 1% more of the nodes (8 rounds at most).
        """
        highs, n = self.highs, len(self.network.nodes)
        u_cols = np.arange(self.u0, self.u0 + n, dtype=np.int32)
        if objective == "TTS":
            highs.changeColBounds(0, 0.0, base + 1e-10 + 1e-9 * abs(base))
            highs.changeColCost(0, 0.0)
        else:
            fixed = np.clip(split, 0.0, self.demands)
            highs.changeColsBounds(self.n_lost, self.lost_cols, fixed, fixed)
            highs.changeColsCost(self.n_lost, self.lost_cols, np.zeros(self.n_lost))
        scale = 1.0 / np.maximum(
            np.where(np.isfinite(self.skeleton.u_upper), self.skeleton.u_upper, 1.0), 1e-9
        )
        try:
            for _ in range(8):
                before = int(covered.sum())
                if before == n:
                    break
                highs.changeColsCost(n, u_cols, np.where(covered, 0.0, scale))
                if self._run(f"alternative optima of {self.network.name}") != "optimal":
                    break
                values = np.asarray(highs.getSolution().col_value)
                covered[values[self.u0 : self.u0 + n] <= 1e-9] = True
                if covered.sum() - before < max(1, n // 100):
                    break
        finally:
            highs.changeColsCost(n, u_cols, np.zeros(n))
            if objective == "TTS":
                highs.changeColBounds(0, 0.0, INF)
                highs.changeColCost(0, 1.0)
            else:
                highs.changeColsBounds(self.n_lost, self.lost_cols, np.zeros(self.n_lost), self.demands)
                highs.changeColsCost(self.n_lost, self.lost_cols, self.weights)

    def survive_each(self) -> list[float | None]:
        """Return the TTS of the disruption of each node in turn (see :meth:`_each`)."""
        self._tts_mode()
        return [
            0.0 if sigma == INF else (None if sigma <= UNBOUNDED_SIGMA else 1.0 / sigma)
            for sigma, _ in self._each("TTS", None)
        ]

    def lose_each(self, ttr: float) -> list[tuple[float, np.ndarray]]:
        """Return the demand lost within ``ttr`` (total, per demand node) for each node in turn.

        Each split is the pro rata one :meth:`lose` gives that disruption alone (:meth:`_each`).
        """
        self._ttr_mode(ttr)
        return [
            (float(np.maximum(lost, 0).sum() * ttr), np.maximum(lost, 0) * ttr)
            for _, lost in self._each("TTR", ttr)
        ]

    def lose(self, disrupted: Mapping[str, float], ttr: float) -> tuple[float, np.ndarray]:
        """Return the demand lost within ``ttr`` (total, per demand node), split pro rata.

        The weighted loss is minimised, then split as :meth:`_pro_rata` describes.
        """
        self._ttr_mode(ttr)
        with self._disrupted(disrupted):
            self._run(f"TTR of {self.network.name} with {sorted(disrupted)} disrupted")
            values = self._pro_rata(np.asarray(self.highs.getSolution().col_value))
        lost = np.maximum(values[self.l0 : self.l0 + self.n_lost], 0.0) * ttr
        return float(lost.sum()), lost

    def _pro_rata(self, values: np.ndarray) -> np.ndarray:
        """Return the optimal plan whose loss is split closest to pro rata (module docstring).

        ``values`` is an optimal solution of the TTR program under the current bounds. With
        the weighted loss held at its optimum (the face row), Wolfe's method
        (:func:`~goldenage.minerals.prorata.nearest_point`) minimises
        ``sum_j (f_j / d_j) l'_j^2`` over the optimal plans: when the network lets every
        demand node lose the same share of its demand, each does; otherwise the shares are
        as close to one another as the network allows (demand-weighted least squares). The
        answer is a convex combination of optimal plans, itself an optimal plan. With one
        demand node or no loss the split is already unique and ``values`` is returned.
        """
        lost = slice(self.l0, self.l0 + self.n_lost)
        optimum = float(np.dot(self.weights, values[lost]))
        if self.n_lost < 2 or optimum <= 0.0:  # noqa: PLR2004 - one node or no loss: unique
            return values
        highs = self.highs
        highs.changeRowBounds(self._face, -INF, optimum * (1.0 + FACE_SLACK))
        problem = f"pro rata split of the TTR loss of {self.network.name}"

        def oracle(cost: np.ndarray) -> np.ndarray | None:
            highs.changeColsCost(self.n_lost, self.lost_cols, cost)
            if self._run(problem) != "optimal":
                return None
            return np.asarray(highs.getSolution().col_value).copy()

        try:
            return nearest_point(values, oracle, lost, self.weights / self.demands)
        finally:
            highs.changeColsCost(self.n_lost, self.lost_cols, self.weights)
            highs.changeRowBounds(self._face, -INF, INF)

    def stock_needed(self, disrupted: Mapping[str, float], ttr: float, node_id: str) -> float | None:
        """Return the extra inventory at ``node_id`` that makes TTS >= ``ttr`` (``None``: none can).

        Adds a column x' (extra stock / T) to the node's balance row, fixes sigma = 1/T and
        l' = 0, and minimises x'; the extra stock is T x'*.
        """
        j = self.network.index.get(node_id)
        if j is None:
            self.network.node(node_id)
        row = self.skeleton.balance_row.get(int(j)) if j is not None else None
        if row is None:
            return None
        self._ttr_mode(ttr, allow_loss=False)
        highs = self.highs
        highs.changeColCost(0, 0.0)
        width = highs.getNumCol()
        highs.addCol(1.0, 0.0, INF, 1, np.array([row], dtype=np.int32), np.array([-1.0]))
        try:
            with self._disrupted(disrupted):
                status = self._run(f"stockpile at {node_id} in {self.network.name}")
                extra = float(highs.getSolution().col_value[width]) if status == "optimal" else None
        finally:
            highs.deleteCols(1, np.array([width], dtype=np.int32))
        return None if extra is None else max(extra, 0.0) * ttr
