"""JSON responses that never fail on a non-finite number.

An input at the edge of the float range (a customs value of 1e308) can make an engine's
amounts overflow to infinity, which JSON cannot carry. That is the input's fault, so it is
answered as a 422 naming the field (:class:`InputError`), not a server error.
"""

from __future__ import annotations

from typing import Any

from fastapi.responses import JSONResponse

from goldenage.outputs import json_text


def finite_json(payload: Any, field: str = "request") -> bytes:
    """Serialise as the CLI prints (:func:`goldenage.outputs.json_text`), refusing NaN and infinities."""
    return json_text(payload, field).encode()


class FiniteJSONResponse(JSONResponse):
    """The app's default JSON response (see the module docstring)."""

    def render(self, content: Any) -> bytes:
        """Return the JSON bytes of ``content``."""
        return finite_json(content)
