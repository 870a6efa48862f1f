"""Writes need the bearer token; forms need the CSRF token; responses carry security headers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from goldenage.web import create_app
from goldenage.web.security import CSRF_COOKIE, NO_TOKEN_CONFIGURED, csrf_valid, new_csrf_token
from goldenage.web.settings import WebSettings


def other_status(current: str) -> str:
    return "disputed" if current != "disputed" else "pending"


def test_a_write_without_a_token_is_401(client: TestClient, open_commitment: dict) -> None:
    item = open_commitment
    response = client.post(
        f"/api/commitments/{item['id']}/status", json={"status": other_status(item["status"])}
    )
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert "Authorization: Bearer" in response.json()["detail"]


def test_a_write_with_a_wrong_token_is_403(client: TestClient, open_commitment: dict) -> None:
    item = open_commitment
    response = client.post(
        f"/api/commitments/{item['id']}/status",
        json={"status": other_status(item["status"])},
        headers={"Authorization": "Bearer not-the-token"},
    )
    assert response.status_code == 403
    assert client.get(f"/api/commitments/{item['id']}").json()["status"] == item["status"]


def test_a_write_with_the_token_succeeds_and_is_audited(
    client: TestClient, token: str, open_commitment: dict
) -> None:
    item = open_commitment
    new = other_status(item["status"])
    response = client.post(
        f"/api/commitments/{item['id']}/status",
        json={"status": new, "by": "api test"},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 200, response.text
    assert response.json()["before"] == item["status"]
    assert response.json()["after"] == new
    assert client.get(f"/api/commitments/{item['id']}").json()["status"] == new
    last = client.get(f"/api/commitments/{item['id']}/history").json()[-1]
    assert last["by"] == "api test"
    assert last["after"]["status"] == new


def test_a_bad_update_writes_nothing(client: TestClient, token: str, open_commitment: dict) -> None:
    item = open_commitment
    before = client.get(f"/api/commitments/{item['id']}/history").json()
    headers = {"Authorization": f"Bearer {token}"}
    bad = client.post(f"/api/commitments/{item['id']}/status", json={"status": "done"}, headers=headers)
    assert bad.status_code == 422  # closing needs evidence
    assert bad.json()["detail"][0]["loc"][-1] == "evidence"
    url = client.post(
        f"/api/commitments/{item['id']}/status",
        json={"status": "done", "evidence": "not a url", "note": "x"},
        headers=headers,
    )
    assert url.status_code == 422
    assert client.get(f"/api/commitments/{item['id']}/history").json() == before


def test_writes_are_refused_when_no_token_is_configured(tmp_path: Path) -> None:
    settings = WebSettings(api_token=None, db_url=f"sqlite:///{tmp_path / 'c.db'}", warm_etr=False)
    with TestClient(create_app(settings)) as client:
        item = client.get("/api/commitments").json()[0]
        response = client.post(
            f"/api/commitments/{item['id']}/status",
            json={"status": "pending"},
            headers={"Authorization": "Bearer anything"},
        )
        assert response.status_code == 403
        assert response.json()["detail"] == NO_TOKEN_CONFIGURED
        page = client.get(f"/commitments/{item['id']}")
        assert "none is configured on this server" in page.text


def csrf_of(page: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert match, "the form has no CSRF token"
    return match.group(1)


def test_the_update_form_needs_the_csrf_token(client: TestClient, token: str, open_commitment: dict) -> None:
    item = open_commitment
    client.cookies.clear()
    page = client.get(f"/commitments/{item['id']}")
    form = {"status": other_status(item["status"]), "api_token": token}
    # No token at all (a forged cross-site form): refused.
    assert client.post(f"/commitments/{item['id']}/status", data=form).status_code == 403
    # A token that is not the cookie's (another visitor's, or made up): refused.
    forged = {**form, "csrf_token": csrf_of(page.text)[:-2] + "00"}
    refused = client.post(f"/commitments/{item['id']}/status", data=forged)
    assert refused.status_code == 403
    assert "CSRF" in refused.text
    # The page's token without the cookie (the attacker cannot send it): refused.
    jar = dict(client.cookies)
    client.cookies.clear()
    nocookie = client.post(
        f"/commitments/{item['id']}/status", data={**form, "csrf_token": csrf_of(page.text)}
    )
    assert nocookie.status_code == 403
    for name, value in jar.items():
        client.cookies.set(name, value)


def test_the_update_form_with_both_tokens_updates_and_redirects(
    client: TestClient, token: str, open_commitment: dict
) -> None:
    item = open_commitment
    page = client.get(f"/commitments/{item['id']}")
    new = other_status(item["status"])
    form = {"status": new, "api_token": token, "csrf_token": csrf_of(page.text), "by": "form test"}
    response = client.post(f"/commitments/{item['id']}/status", data=form, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith(f"/commitments/{item['id']}?updated=")
    done = client.get(response.headers["location"])
    assert "Status updated" in done.text
    assert client.get(f"/api/commitments/{item['id']}").json()["status"] == new


@pytest.mark.parametrize(("given", "status"), [(None, 401), ("wrong", 403)])
def test_the_update_form_needs_the_api_token(
    client: TestClient, open_commitment: dict, given: str | None, status: int
) -> None:
    item = open_commitment
    page = client.get(f"/commitments/{item['id']}")
    form = {"status": other_status(item["status"]), "csrf_token": csrf_of(page.text)}
    if given is not None:
        form["api_token"] = given
    response = client.post(f"/commitments/{item['id']}/status", data=form)
    assert response.status_code == status
    assert client.get(f"/api/commitments/{item['id']}").json()["status"] == item["status"]


def test_csrf_tokens_are_signed_and_expire() -> None:
    settings = WebSettings(secret_key="k", warm_etr=False)
    token = new_csrf_token(settings, now=1_000_000)
    assert csrf_valid(settings, token, now=1_000_100)
    assert not csrf_valid(settings, token, now=1_000_000 + 13 * 3600)
    assert not csrf_valid(WebSettings(secret_key="other", warm_etr=False), token, now=1_000_100)
    assert not csrf_valid(settings, "a.b.c")


def test_the_csrf_cookie_is_strict_and_http_only(client: TestClient) -> None:
    client.cookies.clear()
    response = client.get("/batch")
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{CSRF_COOKIE}=")
    assert "HttpOnly" in cookie
    assert "SameSite=strict" in cookie or "samesite=strict" in cookie.lower()


def test_every_response_has_the_security_headers(client: TestClient) -> None:
    for path in ("/", "/api/tariff/scenarios", "/static/app.css", "/nope"):
        headers = client.get(path).headers
        csp = headers["content-security-policy"]
        assert "default-src 'self'" in csp
        assert "script-src 'self'" in csp
        assert "http" not in csp  # no other host is allowed to serve anything
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["x-frame-options"] == "DENY"
