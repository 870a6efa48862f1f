"""Errors of the critical-minerals engine."""

from __future__ import annotations

from goldenage.errors import GoldenageError


class MineralsError(GoldenageError):
    """Base class of the errors of :mod:`goldenage.minerals`."""


class NotOptimalError(MineralsError):
    """HiGHS ended without an optimal (or proven infeasible) answer; no result is guessed."""

    def __init__(self, problem: str, status: str) -> None:
        self.problem = problem
        self.status = status
        super().__init__(f"{problem}: HiGHS ended with status '{status}', not an optimal solution")
