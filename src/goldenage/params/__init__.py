"""Dated legal parameters with a citation on every value.

Each legal number lives in one YAML file under ``data/params/``; its id mirrors its path
(``data/params/us/cbp/mpf/rate.yaml`` is ``us.cbp.mpf.rate``). Use :func:`get` to read one.
"""

from goldenage.params.errors import (
    NoValueInForceError,
    ParameterFileError,
    ParameterNotFoundError,
)
from goldenage.params.loader import ParameterSet, get, load_parameter_file, parameters
from goldenage.params.timeline import Parameter, Period

__all__ = [
    "NoValueInForceError",
    "Parameter",
    "ParameterFileError",
    "ParameterNotFoundError",
    "ParameterSet",
    "Period",
    "get",
    "load_parameter_file",
    "parameters",
]
