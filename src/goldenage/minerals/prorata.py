"""The pro rata split of a shortage: the point of a polytope nearest to the origin, by Wolfe's method.

When several plans lose the same (weighted) demand, the lost-demand program has many optima that
split the loss differently between users. :mod:`goldenage.minerals.lp` makes the split unique
with a second stage: among the optimal plans, the one whose lost shares are closest to an equal
(pro rata) share, i.e. the point ``l`` of the optimal face minimising ``sum_j (f_j / d_j) l_j^2``
(demand ``d_j``, weight ``f_j``; ``docs/minerals.md``). The face is only known through a linear
program, so the nearest point is found with Wolfe's minimum-norm-point algorithm (P. Wolfe, 1976,
"Finding the nearest point in a polytope", *Mathematical Programming* 11:128-149), which needs
nothing but a linear-minimisation oracle over the face and ends in finitely many steps with the
unique nearest point, written as a convex combination of a few vertices (a "corral").

A function of its own so that it can be tested apart from the solver.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

# Wolfe's stopping test: x is taken as optimal when <x, x - v> <= GAP * <x, x> for the oracle's
# v. The nearest point x* then lies within sqrt(GAP) * |x| of x: |x - x*|^2 <= <x, x - x*> (as
# <x*, x - x*> >= 0) <= <x, x - v> (as v minimises <x, .>).
GAP = 1e-12
# The oracle is a linear program solved to a feasibility tolerance, so the "same" vertex can come
# back a little different (1e-9 apart) and Wolfe's method would chase that noise: a vertex this
# close (relative, max norm) to one already in the corral, or a step that shortens x by less
# than this share of its squared norm, ends the search.
SAME_VERTEX = 1e-8
NO_PROGRESS = 1e-12
# A barycentric weight at or below this is zero (the vertex leaves the corral).
_ZERO = 1e-12
# More major cycles than a corral ever needs on these programs; a guard, not a limit.
_MAJOR_CYCLES = 200


def _affine_minimiser(points: np.ndarray, metric: np.ndarray) -> np.ndarray:
    """Return the weights ``a`` (summing to 1) of the point of the affine hull nearest to 0.

    ``points`` holds one point per column; minimise ``|points a|_M^2`` subject to ``sum(a) = 1``
    through its optimality system ``[G 1; 1' 0] [a; mu] = [0; 1]`` with ``G = P' M P``.
    """
    count = points.shape[1]
    gram = points.T @ (metric[:, None] * points)
    system = np.zeros((count + 1, count + 1))
    system[:count, :count] = gram
    system[:count, count] = system[count, :count] = 1.0
    rhs = np.zeros(count + 1)
    rhs[count] = 1.0
    solution = np.linalg.lstsq(system, rhs, rcond=None)[0]
    return solution[:count]


def nearest_point(
    start: np.ndarray,
    oracle: Callable[[np.ndarray], np.ndarray | None],
    part: slice,
    metric: np.ndarray,
) -> np.ndarray:
    """Return the point of a polytope whose ``part`` is nearest to 0 in the norm ``sum_i M_i x_i^2``.

    ``start`` is a vertex of the polytope (a full solution vector); ``oracle(c)`` returns a
    vertex minimising ``c . x[part]`` over the polytope (``None`` if it cannot: the search stops
    at the best point so far). The answer is a convex combination of vertices, so every other
    coordinate of it (the plan that delivers the split) is feasible too. ``x[part]`` of the
    answer is unique when ``metric > 0``; the rest of the vector need not be.
    """
    vertices = [np.asarray(start, dtype=float)]
    weights = np.ones(1)
    best = vertices[0]

    def norm2(point: np.ndarray) -> float:
        return float(np.dot(metric * point[part], point[part]))

    for _ in range(_MAJOR_CYCLES):
        size = norm2(best)
        if size <= 0.0:
            break
        vertex = oracle(metric * best[part])
        if vertex is None:
            break
        if size - float(np.dot(metric * best[part], vertex[part])) <= GAP * size:
            break
        scale = 1.0 + np.abs(vertex[part]).max()
        if any(np.abs(vertex[part] - v[part]).max() <= SAME_VERTEX * scale for v in vertices):
            break
        vertices.append(np.asarray(vertex, dtype=float))
        weights = np.append(weights, 0.0)
        while True:  # minor cycles: each drops at least one vertex, so they end
            corral = np.column_stack([v[part] for v in vertices])
            target = _affine_minimiser(corral, metric)
            if np.all(target > _ZERO):
                weights = target
                break
            falling = target < weights
            steps = weights[falling] / (weights[falling] - target[falling])
            step = min(1.0, float(steps.min())) if steps.size else 1.0
            weights = step * target + (1.0 - step) * weights
            keep = weights > _ZERO
            vertices = [v for v, k in zip(vertices, keep, strict=True) if k]
            weights = weights[keep] / weights[keep].sum()
        point = np.sum([w * v for w, v in zip(weights, vertices, strict=True)], axis=0)
        if norm2(point) >= size:  # no progress (rounding): the last point is the answer
            break
        best = point
        if norm2(point) > (1.0 - NO_PROGRESS) * size:
            break
    return best
