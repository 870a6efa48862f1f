"""Refunds of duties deposited without legal basis (the IEEPA duties) and the interest on them.

goldenage estimates, per entry line, the IEEPA duty deposited under the law as in force and the
interest CBP owes on it to an as-of date (see ``docs/refunds.md``). It is not legal advice.
"""

from goldenage.tariffs.refunds.interest import (
    InterestRateUnavailableError,
    overpayment_interest,
    overpayment_interest_many,
    overpayment_rate_id,
    overpayment_rates,
)
from goldenage.tariffs.refunds.rates import QuarterRate

__all__ = [
    "InterestRateUnavailableError",
    "QuarterRate",
    "overpayment_interest",
    "overpayment_interest_many",
    "overpayment_rate_id",
    "overpayment_rates",
]
