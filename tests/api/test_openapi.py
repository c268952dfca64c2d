"""The OpenAPI document tells the truth: schemathesis (--checks all) against a live server finds nothing."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import httpx
from fastapi.testclient import TestClient

from tests.api.conftest import WRITER_TOKEN

ROOT = Path(__file__).resolve().parents[2]


def _schemathesis(url: str, cwd: Path, *extra: str) -> None:
    runner = shutil.which("schemathesis", path=str(Path(sys.executable).parent)) or "schemathesis"
    # The server's first scan builds the scanner once (bench/first_run.py times it); on a loaded
    # machine that took longer than schemathesis's 10 s per request. Built here first, every request
    # schemathesis sends is held to its default time limit.
    warm = httpx.post(f"{url}/api/scan", json={"text": "Генпрокуратура признала нежелательной Meduza."}, timeout=300)
    assert warm.status_code == 200, warm.text
    # Bounded and deterministic: under a minute. One worker: CPython 3.11's ast module is not
    # safe across threads, and hypothesis parses lambdas with it.
    r = subprocess.run([runner, "--config-file", str(ROOT / "schemathesis.toml"), "run", f"{url}/openapi.json",
                        "--checks", "all", "--max-examples", "20", "--generation-deterministic", "--workers", "1",
                        *extra], cwd=cwd, capture_output=True, text=True, timeout=900)
    summary = r.stdout[r.stdout.find("SUMMARY"):]
    assert r.returncode == 0, r.stdout[-6000:] + r.stderr[-2000:]
    assert " passed" in summary and "failure" not in summary and "error" not in summary.lower(), summary


def test_schemathesis_finds_nothing(live_server: str, tmp_path: Path) -> None:
    _schemathesis(live_server, tmp_path)  # no token on the server: every write answers 403


def test_schemathesis_finds_nothing_in_the_writes(live_writer: str, tmp_path: Path) -> None:
    _schemathesis(live_writer, tmp_path, "--header", f"Authorization: Bearer {WRITER_TOKEN}")


def test_every_error_is_documented_with_its_body(client: TestClient) -> None:
    doc = client.get("/openapi.json").json()
    assert doc["components"]["securitySchemes"]["bearerToken"]["scheme"] == "bearer"
    for path, item in doc["paths"].items():
        for method, op in item.items():
            codes = set(op["responses"])
            assert {"400", "503", "504"} <= codes, (method, path)
            if "{" in path:
                assert "404" in codes, (method, path)
            for code, response in op["responses"].items():
                if code >= "400":
                    schema = response["content"]["application/json"]["schema"]["$ref"]
                    assert schema.endswith(("/ErrorResponse", "/HTTPValidationError")), (method, path, code)
    writes = [(p, m) for p, item in doc["paths"].items() for m, op in item.items() if "security" in op]
    assert ("/api/updates", "post") in writes and ("/api/webhooks", "get") in writes
    assert all({"401", "403"} <= set(doc["paths"][p][m]["responses"]) for p, m in writes)
    assert ("/api/entities", "get") not in writes
    validation = doc["components"]["schemas"]["HTTPValidationError"]
    assert set(validation["required"]) >= {"detail", "status", "error", "problems"}
    entities = {p["name"]: p["schema"] for p in doc["paths"]["/api/entities"]["get"]["parameters"]}
    assert entities["listed_from"]["format"] == "date"  # formats, enums and lengths the server enforces
    assert entities["registry"]["enum"] == ["ru-undesirable", "ru-foreign-agents", "ru-extremist", "ru-terrorist"]
    assert entities["q"]["anyOf"][0]["maxLength"] == 1000


def test_head_405_allow_and_integer_overflow(live_server: str) -> None:
    with httpx.Client(base_url=live_server) as http:
        get = http.get("/api/registries")
        head = http.head("/api/registries")
        assert head.status_code == 200 and head.content == b""
        assert head.headers["content-length"] == get.headers["content-length"]
        assert http.head("/entities/ru-undesirable-001").status_code == 200
        wrong = http.put("/api/watches")
        assert wrong.status_code == 405 and wrong.headers["allow"] == "DELETE, GET, HEAD, POST"
        assert http.post("/api/registries").headers["allow"] == "GET, HEAD"
        for path in ("/api/events/9223372036854775808", "/api/events/9007199254740992", "/api/events/-1",
                     "/api/events/0"):
            assert http.get(path).status_code == 422
        assert http.get("/api/events/9007199254740991").status_code == 404
