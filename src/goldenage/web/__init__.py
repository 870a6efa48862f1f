"""The goldenage web app: server-rendered pages, charts and a JSON API over the engines.

The app only parses, calls the engines and translates their errors (``docs/web.md``):

- :mod:`.settings`: configuration from the environment (``GOLDENAGE_*``);
- :mod:`.main`: the app factory :func:`create_app`;
- :mod:`.security`, :mod:`.limits`: bearer token, CSRF tokens, security headers, upload limit;
- :mod:`.errors`: goldenage errors as 422 responses naming the field;
- :mod:`.routes`: one router per area (pages and ``/api``);
- :mod:`.charts`: Plotly figures as JSON for the page script; the Plotly bundle is served by
  the app itself, so nothing is loaded from another host.
"""

from goldenage.web.main import create_app

__all__ = ["create_app"]
