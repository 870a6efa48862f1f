"""One router per area: pages (``/``, ``/tariff``, ``/batch``, ...) and the JSON API (``/api/...``)."""
