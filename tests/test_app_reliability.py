"""The app's part of issue 19: a database outage is one friendly line, the Settings glossary box opens only files
of the project folder, user names in captions are text (never Markdown links)."""

from __future__ import annotations

import contextlib
import selectors
import shutil
import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from review_app.models import Role
from review_app.review import Actor
from tests.conftest import GLOSSARY, SEED, start_app


class Proxy:
    """A TCP forwarder on 127.0.0.1 to the test PostgreSQL server, which the test can cut (a database outage)."""

    def __init__(self, port: int) -> None:
        self.target = ("127.0.0.1", port)
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.conns: list[socket.socket] = []
        self.running = True
        self.thread = threading.Thread(target=self._loop, daemon=True)
        self.thread.start()

    def _loop(self) -> None:
        sel = selectors.DefaultSelector()
        sel.register(self.server, selectors.EVENT_READ)
        pairs: dict[socket.socket, socket.socket] = {}
        while self.running:
            for key, _ in sel.select(timeout=0.1):
                sock = key.fileobj
                assert isinstance(sock, socket.socket)
                if sock is self.server:
                    client, _addr = self.server.accept()
                    upstream = socket.create_connection(self.target)
                    pairs[client], pairs[upstream] = upstream, client
                    self.conns += [client, upstream]
                    sel.register(client, selectors.EVENT_READ)
                    sel.register(upstream, selectors.EVENT_READ)
                    continue
                try:
                    data = sock.recv(65536)
                except OSError:
                    data = b""
                if not data:
                    other = pairs.pop(sock, None)
                    for s in (sock, other):
                        if s is not None:
                            with contextlib.suppress(Exception):
                                sel.unregister(s)
                            s.close()
                    continue
                with contextlib.suppress(OSError):
                    pairs[sock].sendall(data)
        sel.close()

    def stop(self) -> None:
        """Cut every connection and refuse new ones (the server is 'down')."""
        self.running = False
        self.thread.join(timeout=10)
        self.server.close()
        for s in self.conns:
            with contextlib.suppress(OSError):
                s.close()


@pytest.fixture
def proxied_team_project(pg_url: str, pg_schema: str, tmp_path: Path,
                         monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Path, Proxy]]:
    from sqlalchemy.engine import make_url

    from review_app.project import init_project

    real = make_url(pg_url)
    proxy = Proxy(real.port or 5432)
    url = real.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
    monkeypatch.setenv("REVIEW_APP_DATABASE_URL", f"{url}?options=-csearch_path%3D{pg_schema}")
    project = tmp_path / "team"
    init_project(project, source=SEED, name="outage")
    try:
        yield project, proxy
    finally:
        if proxy.running:
            proxy.stop()


def test_database_outage_is_one_friendly_line(proxied_team_project: tuple[Path, Proxy],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """On main a database that went away showed a Python traceback (with SQL) in the browser."""
    project, proxy = proxied_team_project
    app = start_app(monkeypatch, project, glossary=None, team=True)
    app.session_state["actor"] = Actor("ada", Role.ADMIN)
    app.run()
    assert not app.exception and not app.error, (app.exception, [e.value for e in app.error])
    proxy.stop()
    for page in ("dashboard", "document", "review"):
        app.switch_page(f"app_pages/{page}.py").run()
        assert not app.exception, (page, app.exception)
        errors = [e.value for e in app.error]
        assert len(errors) == 1 and "The database is not available right now" in errors[0], (page, errors)
        assert "Traceback" not in errors[0] and "SELECT" not in errors[0]


@pytest.fixture
def local_app(seed_project: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.delenv("REVIEW_APP_DATABASE_URL", raising=False)
    return start_app(monkeypatch, seed_project, glossary=None)


def _settings(app: AppTest) -> AppTest:
    app.run()
    app.switch_page("app_pages/settings.py").run()
    assert not app.exception, app.exception
    return app


def test_settings_glossary_box_opens_only_project_files(local_app: AppTest, seed_project: Path,
                                                        tmp_path: Path) -> None:
    """On main any user could make the server open any path (e.g. a file of another project or /etc/passwd)."""
    outside = tmp_path / "elsewhere.csv"
    outside.write_text("秘密,SECRET-TERM\n", encoding="utf-8")
    app = _settings(local_app)
    box = next(t for t in app.text_input if t.key == "glossary_path")
    for path in (str(outside), "/etc/passwd", "../elsewhere.csv", str(seed_project / "review.db")):
        box.set_value(path).run()
        assert not app.exception
        assert any("inside the project folder" in e.value or "no TBX" in e.value for e in app.error), path
        assert not any("SECRET" in c.value for c in app.caption)
        box = next(t for t in app.text_input if t.key == "glossary_path")
    inside = seed_project / "terms.tbx"
    shutil.copy(GLOSSARY, inside)
    box.set_value("terms.tbx").run()
    assert not app.error, [e.value for e in app.error]
    assert any("musk-trump" in c.value.lower() or "concepts" in c.value for c in app.caption), \
        [c.value for c in app.caption]


def test_user_names_are_text_in_captions(seed_project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """On main a user name such as [click](https://evil.example) was rendered as a link in the captions."""
    from review_app.project import open_project

    evil = "[click](https://evil.example)"
    op = open_project(seed_project)
    try:
        svc = op.service(Actor(evil, Role.ADMIN))
        seg = svc.list_segments(limit=1)[0]
        svc.save_target(seg.key, "A translation.", expected_version=seg.version, reason="[why](https://evil.example)")
        svc.add_comment(seg.key, "hello")
    finally:
        op.close()
    cfg = seed_project / "review-app.toml"
    cfg.write_text(cfg.read_text(encoding="utf-8").replace('user = "local"', f'user = "{evil}"'), encoding="utf-8")
    monkeypatch.delenv("REVIEW_APP_DATABASE_URL", raising=False)
    app = start_app(monkeypatch, seed_project, glossary=None)
    app.run()
    app.switch_page("app_pages/review.py").run()
    assert not app.exception, app.exception
    texts: list[Any] = [m.value for m in app.markdown] + [c.value for c in app.caption] + [
        m.value for m in app.sidebar.markdown]
    with_name = [t for t in texts if "click" in t]
    assert with_name, texts
    assert not [t for t in with_name if "](https://" in t.replace("\\]\\(", "")], with_name
    assert any("\\[click\\]\\(https" in t for t in with_name), with_name
