"""Batch and refund results on the web: named after the upload, as CSV, Excel and Parquet; errors first."""

from __future__ import annotations

import io
import re
from pathlib import Path

import polars as pl
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from goldenage.web.uploads import result_name


def _csrf(page: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert match
    return match.group(1)


def test_result_files_are_named_after_the_upload() -> None:
    assert result_name("entries.csv", "duties", "xlsx") == "entries.duties.xlsx"
    assert result_name("../../etc/pass wd.csv", "duties", "csv") == "pass_wd.duties.csv"
    assert result_name(None, "refunds", "csv") == "upload.refunds.csv"


def test_batch_page_offers_every_format_and_shows_errors_first(client: TestClient, sample_csv: Path) -> None:
    page = client.get("/batch")
    form = {"csrf_token": _csrf(page.text), "scenario": "actual", "output": "xlsx"}
    response = client.post(
        "/batch", data=form, files={"file": ("my entries.csv", sample_csv.read_bytes(), "text/csv")}
    )
    assert response.status_code == 200, response.text
    links = dict(re.findall(r'href="(/batch/results/[^"]+)" id="batch-download-(\w+)"', response.text))
    by_kind = {kind: url for url, kind in links.items()}
    assert sorted(by_kind) == ["csv", "parquet", "xlsx"]
    assert by_kind["xlsx"].endswith("/my_entries.duties.xlsx")
    excel = client.get(by_kind["xlsx"])
    assert excel.headers["content-type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(excel.content), read_only=True).active
    header = next(sheet.iter_rows(values_only=True))
    assert "ch99_headings" in header
    parquet = pl.read_parquet(io.BytesIO(client.get(by_kind["parquet"]).content))
    assert parquet.height == 5
    preview = response.text.split('id="batch-preview"', 1)[1].split("</table>", 1)[0]
    assert re.search(r"<thead><tr><th>error</th>", preview)
    assert preview.count('class="row-error"') == 1  # E-0005, the code that is no line


def test_refund_lines_download_as_excel(client: TestClient, sample_csv: Path) -> None:
    page = client.get("/batch")
    form = {"csrf_token": _csrf(page.text), "as_of": "2026-06-30"}
    response = client.post(
        "/refunds", data=form, files={"file": ("entries.csv", sample_csv.read_bytes(), "text/csv")}
    )
    assert response.status_code == 200, response.text
    link = re.search(r'href="(/batch/results/[^"]+)" id="refunds-download-xlsx"', response.text)
    assert link
    assert link.group(1).endswith("/entries.refunds.xlsx")
    rows = list(
        load_workbook(io.BytesIO(client.get(link.group(1)).content), read_only=True).active.iter_rows(
            values_only=True
        )
    )
    assert len(rows) == 1 + 5
