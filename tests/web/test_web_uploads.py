"""Uploads: CSV and Parquet through the batch engine, refund estimates, limits and bad files."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import polars as pl
import pytest
from fastapi.testclient import TestClient

from goldenage.web import create_app
from goldenage.web.settings import WebSettings

# The sample, worked by hand (rates of the law as in force):
#  E-0001 car 8703.23.01.90, 2025-10-01, $30,000: 2.5% + 12.5% (9903.94.41)  = $4,500.00
#  E-0002 toy 9503.00.00.90, 2025-06-01, $10,000: IEEPA 10% baseline          = $1,000.00
#  E-0003 toy 9503.00.00.90, 2025-09-01, $20,000: IEEPA 15% inclusive (free)  = $3,000.00
#  E-0004 car 8703.23.01.90, 2025-05-01, $40,000: 2.5% + 25% Section 232      = $11,000.00
#  E-0005 1234.56.78.90: no such line, an error row
SAMPLE_DUTY = 4_500.00 + 1_000.00 + 3_000.00 + 11_000.00
SAMPLE_IEEPA = 1_000.00 + 3_000.00


def csrf_of(page: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert match
    return match.group(1)


def test_api_batch_returns_the_results_file(client: TestClient, sample_csv: Path) -> None:
    files = {"file": ("entries.csv", sample_csv.read_bytes(), "text/csv")}
    response = client.post("/api/tariff/batch", files=files, data={"output": "csv"})
    assert response.status_code == 200, response.text
    table = pl.read_csv(io.BytesIO(response.content), infer_schema_length=0)
    assert table.height == 5
    duties = dict(zip(table["entry_number"], table["duty_total"], strict=True))
    assert float(duties["E-0001"]) == pytest.approx(4500.00)
    assert float(duties["E-0004"]) == pytest.approx(11000.00)
    assert table.filter(pl.col("entry_number") == "E-0005")["error"][0].startswith("hts10:")
    summary = json.loads(response.headers["x-goldenage-summary"])
    assert summary["rows"] == 5
    assert summary["errors"] == 1
    assert summary["duty"] == pytest.approx(SAMPLE_DUTY)


def test_api_batch_reads_parquet(client: TestClient, sample_csv: Path) -> None:
    buffer = io.BytesIO()
    pl.read_csv(sample_csv, infer_schema_length=0).write_parquet(buffer)
    files = {"file": ("entries.parquet", buffer.getvalue(), "application/octet-stream")}
    response = client.post("/api/tariff/batch", files=files, data={"output": "parquet"})
    assert response.status_code == 200, response.text
    table = pl.read_parquet(io.BytesIO(response.content))
    assert table["duty_total"].sum() == pytest.approx(SAMPLE_DUTY)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("entries.xlsx", b"PK\x03\x04", "neither .csv nor .parquet"),
        ("entries.csv", b"", "is empty"),
        ("entries.csv", b"a,b\n1,2\n", "lacks the column"),
        ("entries.parquet", b"hts10,origin\n", "not a Parquet file"),
        ("entries.parquet", b"PAR1garbage", "cannot be read"),
        ("entries.csv", b"\xff\xfe\x00bad", ""),
    ],
)
def test_bad_files_get_a_clear_422(client: TestClient, name: str, content: bytes, message: str) -> None:
    response = client.post("/api/tariff/batch", files={"file": (name, content, "application/octet-stream")})
    assert response.status_code == 422, response.text
    detail = response.json()["detail"][0]
    assert detail["loc"][-1] == "file"
    assert message in detail["msg"]
    assert "/tmp" not in detail["msg"]  # the server's paths are not shown


def test_api_refunds_is_the_cli_json(client: TestClient, sample_csv: Path) -> None:
    from typer.testing import CliRunner  # noqa: PLC0415

    from goldenage.cli.app import app as cli_app  # noqa: PLC0415

    files = {"file": ("entries.csv", sample_csv.read_bytes(), "text/csv")}
    response = client.post("/api/tariff/refunds", files=files, data={"as_of": "2026-03-31"})
    assert response.status_code == 200, response.text
    cli = CliRunner().invoke(
        cli_app, ["tariff", "refunds", str(sample_csv), "--as-of", "2026-03-31", "--json"]
    )
    assert response.json() == json.loads(cli.stdout)
    assert response.json()["ieepa_total"] == pytest.approx(SAMPLE_IEEPA)


def test_uploads_over_the_limit_get_413(tmp_path: Path, sample_csv: Path) -> None:
    settings = WebSettings(max_upload_bytes=1024, db_url=f"sqlite:///{tmp_path / 'c.db'}", warm_etr=False)
    with TestClient(create_app(settings)) as client:
        big = sample_csv.read_bytes() + b"E-9,2025-06-01,9503.00.00.90,JP,1\n" * 5000
        response = client.post("/api/tariff/batch", files={"file": ("big.csv", big, "text/csv")})
        assert response.status_code == 413
        assert "limit is 1,024 bytes" in response.json()["detail"]
        page = client.post("/batch", files={"file": ("big.csv", big, "text/csv")})
        assert page.status_code == 413
        assert "Upload too large" in page.text


def test_parquet_with_too_many_rows_is_refused(tmp_path: Path) -> None:
    settings = WebSettings(max_upload_rows=10, db_url=f"sqlite:///{tmp_path / 'c.db'}", warm_etr=False)
    frame = pl.DataFrame(
        {
            "hts10": ["9503000090"] * 50,
            "origin": ["JP"] * 50,
            "entry_date": ["2025-06-01"] * 50,
            "customs_value": [1.0] * 50,
        }
    )
    buffer = io.BytesIO()
    frame.write_parquet(buffer)
    with TestClient(create_app(settings)) as client:
        response = client.post(
            "/api/tariff/batch", files={"file": ("many.parquet", buffer.getvalue(), "x/y")}
        )
        assert response.status_code == 422
        assert "over the limit of 10" in response.json()["detail"][0]["msg"]


def test_batch_page_upload_shows_the_summary_and_the_download(client: TestClient, sample_csv: Path) -> None:
    page = client.get("/batch")
    form = {"csrf_token": csrf_of(page.text), "scenario": "actual", "output": "csv"}
    files = {"file": ("entries.csv", sample_csv.read_bytes(), "text/csv")}
    response = client.post("/batch", data=form, files=files)
    assert response.status_code == 200, response.text
    assert "$19,500.00" in response.text  # total duty of the sample, by hand
    link = re.search(r'href="(/batch/results/[^"]+)" id="batch-download"', response.text)
    assert link
    download = client.get(link.group(1))
    assert download.status_code == 200
    assert pl.read_csv(io.BytesIO(download.content))["duty_total"].sum() == pytest.approx(SAMPLE_DUTY)
    assert client.get("/batch/results/not-a-run-id-at-all/results.csv").status_code == 404
    assert client.get("/batch/results/../../etc/passwd").status_code == 404


def test_refunds_page_shows_the_estimate(client: TestClient, sample_csv: Path) -> None:
    page = client.get("/batch")
    form = {"csrf_token": csrf_of(page.text)}
    files = {"file": ("entries.csv", sample_csv.read_bytes(), "text/csv")}
    response = client.post("/refunds", data=form, files=files)
    assert response.status_code == 200, response.text
    assert "$4,000.00" in response.text  # IEEPA deposited on E-0002 and E-0003


def test_refunds_page_marks_the_quarters_carried_forward(client: TestClient, sample_csv: Path) -> None:
    page = client.get("/batch")
    form = {"csrf_token": csrf_of(page.text), "as_of": "2026-12-06"}
    files = {"file": ("entries.csv", sample_csv.read_bytes(), "text/csv")}
    response = client.post("/refunds", data=form, files=files)
    assert response.status_code == 200, response.text
    # Q2 2026 (Rev. Rul. 2026-5) is the last shipped quarter: Q3 and Q4 2026 carry it forward.
    assumed = re.search(r'id="refunds-assumed">(.*?)</ul>', response.text, re.S)
    assert assumed
    assert "2026-Q3 (2026-07-01 to 2026-09-30)" in assumed.group(1)
    assert "2026-Q4 (2026-10-01 to 2026-12-05)" in assumed.group(1)
    assert 'id="refunds-rates"' in response.text


def test_page_uploads_need_the_csrf_token(client: TestClient, sample_csv: Path) -> None:
    files = {"file": ("entries.csv", sample_csv.read_bytes(), "text/csv")}
    assert client.post("/batch", files=files).status_code == 403
    assert client.post("/refunds", files=files, data={"csrf_token": "x.y.z"}).status_code == 403


def test_two_processes_sharing_the_key_and_the_folder_serve_each_other(
    tmp_path: Path, sample_csv: Path
) -> None:
    # What goldenage serve --workers N shares between its processes: a form made by one app is
    # accepted by another, and a result made by one is downloaded through the other.
    database = f"sqlite:///{tmp_path / 'c.db'}"
    shared = {"secret_key": "one-key-for-every-process", "results_dir": tmp_path / "results"}
    first = create_app(WebSettings(db_url=database, warm_etr=False, preload=False, **shared))  # type: ignore[arg-type]
    second = create_app(WebSettings(db_url=database, warm_etr=False, preload=False, **shared))  # type: ignore[arg-type]
    with TestClient(first) as one, TestClient(second) as other:
        form = {"csrf_token": csrf_of(one.get("/batch").text), "scenario": "actual", "output": "csv"}
        other.cookies.update(one.cookies)
        files = {"file": ("entries.csv", sample_csv.read_bytes(), "text/csv")}
        response = other.post("/batch", data=form, files=files)
        assert response.status_code == 200, response.text
        link = re.search(r'href="(/batch/results/[^"]+)" id="batch-download"', response.text)
        assert link
        assert one.get(link.group(1)).status_code == 200
    assert (tmp_path / "results").is_dir()  # the apps stopped; the folder is the server's to remove


def test_results_never_land_in_the_working_folder(
    tmp_path: Path, sample_csv: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Result files of uploads once landed in a folder named "None" of the checkout: an unset
    # results folder turned into the relative path str(None). Without GOLDENAGE_RESULTS_DIR they
    # go to a private temporary folder; a relative one (such as "None") is refused up front.
    workdir = tmp_path / "cwd"
    workdir.mkdir()
    monkeypatch.chdir(workdir)
    monkeypatch.delenv("GOLDENAGE_RESULTS_DIR", raising=False)
    settings = WebSettings(db_url=f"sqlite:///{tmp_path / 'c.db'}", warm_etr=False, preload=False)
    assert settings.results_dir is None
    with TestClient(create_app(settings)) as client:
        form = {"csrf_token": csrf_of(client.get("/batch").text), "scenario": "actual", "output": "csv"}
        files = {"file": ("entries.csv", sample_csv.read_bytes(), "text/csv")}
        response = client.post("/batch", data=form, files=files)
        assert response.status_code == 200, response.text
        folder = client.app.state.results.root  # type: ignore[attr-defined]
        assert folder.is_absolute()
        assert any(path.is_file() for path in folder.rglob("*"))  # the run's files are there
    assert list(workdir.iterdir()) == []
    for relative in ("None", "results", "./out"):
        monkeypatch.setenv("GOLDENAGE_RESULTS_DIR", relative)
        with pytest.raises(ValueError, match="GOLDENAGE_RESULTS_DIR must be an absolute folder path"):
            WebSettings()
    monkeypatch.setenv("GOLDENAGE_RESULTS_DIR", "")
    assert WebSettings().results_dir is None
