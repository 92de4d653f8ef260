"""The databank's OpenAPI description tells the truth: schemathesis (every check) runs against a
live databank on SQLite and on PostgreSQL and finds nothing; and the points it once found are
pinned down one by one."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from lea_desktop.sync import protocol

# Cases per operation: the coverage phase (boundaries, every documented status) plus this many
# fuzzed ones, derandomised: the same cases every run, about a minute on a busy machine.
EXAMPLES = 40


@pytest.fixture(scope="module")
def bank(backend: str, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    from tests.integration.sync.conftest import Databank, _db_url

    workdir = tmp_path_factory.mktemp("contract")
    bank = Databank(_db_url(backend, workdir, "contract"), workdir, log_level="info")
    bank.start()
    yield bank
    bank.stop()


def _schemathesis() -> list[str]:
    found = shutil.which("st", path=str(Path(sys.executable).parent))
    assert found, "schemathesis is a test dependency: pip install -e '.[test]'"
    return [found]


@pytest.mark.slow
def test_schemathesis_finds_nothing(bank, tmp_path):
    """Every check schemathesis has (server errors, statuses and bodies as documented, schema
    violations refused, valid data taken, auth not ignored, Allow headers, …)."""
    _name, token = bank.token()
    report = tmp_path / "report.json"
    command = [
        *_schemathesis(), "run", f"{bank.url}/openapi.json",
        "--checks", "all",
        "--header", f"Authorization: Bearer {token}",
        "--max-examples", str(EXAMPLES),
        "--generation-deterministic",
        "--workers", "1",
        "--request-timeout", "30",
        "--no-color",
        "--report", "json", "--report-json-path", str(report),
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, cwd=tmp_path)
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-2000:]
    assert "No issues found" in done.stdout
    summary = json.loads(report.read_text())
    assert summary, "schemathesis wrote no report"
    log = bank.log.read_text(encoding="utf-8", errors="replace")
    assert "Traceback" not in log and '" 500' not in log
    assert token not in log


def test_the_description_names_the_bearer_scheme_and_every_error(bank):
    doc = httpx.get(f"{bank.url}/openapi.json").json()
    assert doc["components"]["securitySchemes"]["bearer"] == {
        "type": "http",
        "scheme": "bearer",
        "description": doc["components"]["securitySchemes"]["bearer"]["description"],
    }
    operations = {
        (path, method): op for path, ops in doc["paths"].items() for method, op in ops.items()
    }
    for (path, method), op in operations.items():
        statuses = set(op["responses"])
        if path == protocol.HEALTH:
            assert not op.get("security") and statuses == {"200"}
            continue
        if path == "/api/v1/public/map.geojson":  # public data: no token, a limit per address
            assert not op.get("security") and statuses == {"200", "304", "429"}
            assert op["responses"]["429"]["headers"]["Retry-After"]["required"]
            continue
        assert op["security"] == [{"bearer": []}], path
        assert {"200", "401", "429"} <= statuses, path
        assert op["responses"]["429"]["headers"]["Retry-After"]["required"]
        if method == "post":
            assert {"400", "413"} <= statuses, path
        elif path != protocol.WHOAMI:  # whoami takes no parameter
            assert "422" in statuses, path
        for status in statuses - {"200"}:
            schema = op["responses"][status]["content"]["application/json"]["schema"]
            assert schema == {"$ref": "#/components/schemas/Error"}, (path, status)
    assert "HTTPValidationError" not in doc["components"]["schemas"]
    envelope = doc["components"]["schemas"]["RecordBatchRequest"]["properties"]["device_id"]
    assert envelope["minLength"] == 1 and envelope["maxLength"] == 64


def test_a_422_has_the_documented_body(bank):
    _name, token = bank.token()
    answer = httpx.get(
        f"{bank.url}{protocol.EVENTS}",
        params={"since": "99999999999999999999"},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert answer.status_code == 422
    assert list(answer.json()) == ["detail"] and isinstance(answer.json()["detail"], str)


def test_an_empty_device_id_is_refused_as_the_schema_says(bank):
    _name, token = bank.token()
    answer = httpx.post(
        f"{bank.url}{protocol.TOMBSTONES}",
        json={"device_id": "", "ids": []},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert answer.status_code == 400 and "device_id is missing" in answer.json()["detail"]


def test_a_wrong_method_names_every_method_of_the_path(bank):
    answer = httpx.put(f"{bank.url}{protocol.TOMBSTONES}")
    assert answer.status_code == 405
    assert answer.headers["Allow"] == "GET, POST"
    assert httpx.delete(f"{bank.url}{protocol.HEALTH}").headers["Allow"] == "GET"


def test_no_api_docs_page_loads_anything_from_elsewhere(bank):
    """FastAPI's /docs and /redoc pages fetch Swagger UI and ReDoc from a CDN: none is served."""
    for page in ("/docs", "/redoc", "/docs/oauth2-redirect"):
        answer = httpx.get(f"{bank.url}{page}")
        assert answer.status_code == 404
        assert "cdn" not in answer.text.lower()
    assert httpx.get(f"{bank.url}/openapi.json").status_code == 200
