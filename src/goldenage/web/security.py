"""Who may write, and forms that cannot be forged from another site.

Writes: ``Authorization: Bearer <token>`` (or, in an HTML form, the ``api_token`` field) must
equal ``GOLDENAGE_API_TOKEN``; no token: 401, a wrong one: 403, none configured: 403 saying
so. CSRF: a signed double-submit token. The server sets a cookie ``<nonce>.<time>.<hmac>``
(HMAC-SHA256 of nonce and time with ``GOLDENAGE_SECRET_KEY``) and puts the same value in every
form; a POST must carry the form field equal to the cookie, with a valid signature, not
older than :data:`CSRF_MAX_AGE`. Another site can neither read the cookie nor mint a signed
one, and the cookie is ``SameSite=Strict`` and ``HttpOnly``.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import Response

from goldenage.web.settings import WebSettings

CSRF_COOKIE = "goldenage_csrf"
CSRF_FIELD = "csrf_token"
CSRF_MAX_AGE = 12 * 3600
TOKEN_FIELD = "api_token"
NO_TOKEN_CONFIGURED = (
    "writes are disabled on this server: no API token is configured "
    "(set GOLDENAGE_API_TOKEN and restart to enable them)"
)


@dataclass(frozen=True)
class AuthFailure:
    """Why a write was refused: an HTTP status and a message."""

    status: int
    message: str


def _sign(key: str, payload: str) -> str:
    return hmac.new(key.encode(), payload.encode(), hashlib.sha256).hexdigest()


def new_csrf_token(settings: WebSettings, now: float | None = None) -> str:
    """Return a fresh signed token ``nonce.time.signature``."""
    nonce = secrets.token_urlsafe(18)
    stamp = str(int(time.time() if now is None else now))
    payload = f"{nonce}.{stamp}"
    return f"{payload}.{_sign(settings.secret_key.get_secret_value(), payload)}"


def csrf_valid(settings: WebSettings, token: str | None, now: float | None = None) -> bool:
    """Return whether ``token`` is well formed, signed with our key and not expired."""
    if not token or token.count(".") != 2:
        return False
    nonce, stamp, signature = token.split(".")
    expected = _sign(settings.secret_key.get_secret_value(), f"{nonce}.{stamp}")
    if not hmac.compare_digest(signature, expected) or not stamp.isdigit():
        return False
    age = (time.time() if now is None else now) - int(stamp)
    return 0 <= age <= CSRF_MAX_AGE


def csrf_token_for(request: Request, settings: WebSettings) -> str:
    """Return the request's valid CSRF cookie value, or a new token (set by :func:`set_csrf_cookie`)."""
    current = request.cookies.get(CSRF_COOKIE)
    if csrf_valid(settings, current):
        return current  # type: ignore[return-value]
    token = getattr(request.state, "new_csrf_token", None)
    if token is None:
        token = new_csrf_token(settings)
        request.state.new_csrf_token = token
    return token


def set_csrf_cookie(request: Request, response: Response, settings: WebSettings) -> None:
    """Set the cookie when the page minted a new token."""
    token = getattr(request.state, "new_csrf_token", None)
    if token is not None:
        response.set_cookie(
            CSRF_COOKIE,
            token,
            max_age=CSRF_MAX_AGE,
            httponly=True,
            samesite="strict",
            secure=settings.cookie_secure,
            path="/",
        )


def csrf_check(request: Request, settings: WebSettings, submitted: str | None) -> str | None:
    """Return why a form POST fails the CSRF check, or ``None`` when it passes."""
    cookie = request.cookies.get(CSRF_COOKIE)
    if not cookie or not submitted:
        return "the form has no CSRF token (cookies must be enabled); reload the page and submit again"
    if not hmac.compare_digest(cookie.encode(), submitted.encode()) or not csrf_valid(settings, cookie):
        return "the form's CSRF token is invalid or expired; reload the page and submit again"
    return None


def bearer_of(request: Request) -> str | None:
    """Return the token of an ``Authorization: Bearer`` header, if any."""
    header = request.headers.get("authorization")
    if not header:
        return None
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        return None
    return value.strip()


def check_token(settings: WebSettings, presented: str | None) -> AuthFailure | None:
    """Return why a write with token ``presented`` is refused, or ``None`` when allowed."""
    if not settings.writes_enabled:
        return AuthFailure(403, NO_TOKEN_CONFIGURED)
    if presented is None:
        return AuthFailure(401, "this write needs 'Authorization: Bearer <token>' (GOLDENAGE_API_TOKEN)")
    expected = settings.api_token.get_secret_value()  # type: ignore[union-attr]
    if not hmac.compare_digest(presented.encode(), expected.encode()):
        return AuthFailure(403, "the token does not match GOLDENAGE_API_TOKEN")
    return None
