"""Browser fixtures: Debian's chromium driven by Playwright's Python package (never `playwright install`)."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import IN_CI, ROOT

SCREENSHOTS_ENV = "REVIEW_APP_SCREENSHOTS"
"""Where the screenshots go: ``REVIEW_APP_SCREENSHOTS=docs/images`` (relative to the repository) regenerates the
user guide's images (``make screenshots``); by default they are test artifacts."""
ARTIFACTS = ROOT / (os.environ.get(SCREENSHOTS_ENV) or "test-artifacts")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium_path() -> str:
    path = shutil.which("chromium")
    if not path:
        if IN_CI:
            pytest.fail("chromium is not installed; .ci/run installs it with apt (package 'chromium')")
        pytest.skip("chromium not installed (apt-get install chromium fonts-noto-cjk)")
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class AppServer:
    def __init__(self, project: Path, port: int, proc: subprocess.Popen[bytes], log: Path) -> None:
        self.project = project
        self.port = port
        self.proc = proc
        self.log = log
        self.url = f"http://127.0.0.1:{port}"


@pytest.fixture
def serve_app(tmp_path: Path):
    servers: list[AppServer] = []

    def _serve(project: Path) -> AppServer:
        port = free_port()
        log = tmp_path / f"streamlit-{port}.log"
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        with log.open("wb") as fh:
            proc = subprocess.Popen(
                [sys.executable, "-m", "review_app.cli", "serve", str(project), "--port", str(port)],
                stdout=fh,
                stderr=subprocess.STDOUT,
                env=env,
                cwd=ROOT,
                start_new_session=True,  # `serve` runs streamlit as a child: stop the whole group afterwards
            )
        server = AppServer(project, port, proc, log)
        servers.append(server)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(f"streamlit exited: {log.read_text(errors='replace')}")
            try:
                with urllib.request.urlopen(f"{server.url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        return server
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"streamlit did not start: {log.read_text(errors='replace')}")

    yield _serve
    for s in servers:
        _stop_group(s.proc)


def _stop_group(proc: subprocess.Popen[bytes]) -> None:
    """Stop `review-app serve` and the streamlit process it started (one process group)."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(10)
            time.sleep(0.5)  # let the group's other members exit too
        except subprocess.TimeoutExpired:
            continue
        try:
            os.killpg(proc.pid, 0)
        except ProcessLookupError:
            return


@pytest.fixture
def browser_page(tmp_path: Path) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    exe = chromium_path()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=exe,
            args=CHROMIUM_FLAGS,  # Playwright gives each launch a fresh empty profile itself
        )
        context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="ja-JP", accept_downloads=True)
        page = context.new_page()
        try:
            yield page
        finally:
            context.close()
            browser.close()
