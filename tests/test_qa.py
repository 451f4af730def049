"""``review-app qa`` (file and project mode) and the QA service: JSON contract, exit codes, formats,
configuration, stored issues and persistent dismissals on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from review_app.checks.base import CheckConfig
from review_app.cli import main
from review_app.errors import InputError, NotFoundError, PermissionDenied
from review_app.models import Role, Severity
from review_app.project import import_document
from review_app.review import Actor, ReviewService
from review_app.segment import parse_document
from review_app.store.schema import ProjectRow, utcnow
from tests.conftest import INTEROP, shared_dir

ROWS = [
    ("u1", "トランプ氏を支持する団体に最大2億3850万ドルを寄付した。",
     "He gave up to $23.85 million to groups backing Trump."),
    ("u2", "2024年7月13日、ペンシルベニア州バトラーで集会が開かれた。",
     "On July 13, 2024, a rally was held in Butler, Pennsylvania."),
    ("u3", "マスク氏は「X」に投稿した。", "Musk posted on 「X」."),
    ("u4", "マスク氏は語った。", ""),
]


def _csv(path: Path, rows: list[tuple[str, str, str]] = ROWS) -> Path:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["id", "source", "target"])
    w.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def qa(*args: object, code: int | None = 0) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["qa", *[str(a) for a in args]], catch_exceptions=False)
    if code is not None:
        assert result.exit_code == code, result.output + result.stderr
    return result.exit_code, result.stdout, result.stderr


def test_json_contract(tmp_path: Path) -> None:
    f = _csv(tmp_path / "a.csv")
    _, out, _ = qa(f, "--format", "json")
    data = json.loads(out)
    assert set(data) == {"file", "checks", "issues"} and data["file"] == str(f)
    assert "number-mismatch" in data["checks"] and "untranslated" in data["checks"]
    for issue in data["issues"]:
        assert list(issue) == ["unit", "check", "severity", "side", "message", "source_span", "target_span"]
        assert issue["side"] in ("source", "target")
        assert issue["source_span"] is None or (isinstance(issue["source_span"], list)
                                                and len(issue["source_span"]) == 2)
    got = [(i["unit"], i["check"], i["severity"]) for i in data["issues"]]
    assert got == [("u1", "number-mismatch", "critical"), ("u3", "fullwidth-punctuation", "minor"),
                   ("u3", "fullwidth-punctuation", "minor"), ("u4", "empty-target", "major")]
    slip = data["issues"][0]
    assert "10× slip" in slip["message"] and "expected $238.5 million" in slip["message"]
    assert slip["source_span"] == [13, 24] and ROWS[0][2][slice(*slip["target_span"])] == "up to $23.85 million"


@pytest.mark.parametrize(("fail_on", "code"), [(None, 0), ("critical", 1), ("major", 1), ("minor", 1)])
def test_fail_on_exit_codes(tmp_path: Path, fail_on: str | None, code: int) -> None:
    f = _csv(tmp_path / "a.csv")
    qa(f, *(["--fail-on", fail_on] if fail_on else []), code=code)


def test_fail_on_clean_file_exits_zero(tmp_path: Path) -> None:
    f = _csv(tmp_path / "ok.csv", [("1", "マスク氏は語った。", "Musk said.")])
    _, out, _ = qa(f, "--fail-on", "minor")
    assert "0 issue(s)" in out


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p / "missing.csv", "no such file"),
        (lambda p: p, "not a project"),
        (lambda p: _write(p / "bad.xlf", "<xliff"), "bad.xlf"),
        (lambda p: _write(p / "bad.csv", "id,source,target\n1,a\n\xff"), "bad.csv"),
    ],
)
def test_unusable_input_exits_2(tmp_path: Path, make, message: str) -> None:  # type: ignore[no-untyped-def]
    _, _, err = qa(make(tmp_path), code=2)
    assert message in err and err.startswith("error:")


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ('disabled = ["no-such-check"]', "unknown check id(s) in 'disabled': no-such-check"),
        ('[severity]\nuntranslated = "fatal"', "is not one of minor, major, critical"),
        ("colour = 1", "unknown key(s) colour"),
        ("disabled = [", "not valid TOML"),
    ],
)
def test_bad_config_exits_2(tmp_path: Path, config: str, message: str) -> None:
    f = _csv(tmp_path / "a.csv")
    cfg = tmp_path / "qa.toml"
    cfg.write_text(config, encoding="utf-8")
    _, _, err = qa(f, "--config", cfg, code=2)
    assert message in err and "qa.toml" in err


def test_config_disables_and_overrides(tmp_path: Path) -> None:
    f = _csv(tmp_path / "a.csv")
    cfg = tmp_path / "qa.json"
    cfg.write_text(json.dumps({"disabled": ["fullwidth-punctuation"], "severity": {"empty-target": "critical"}}),
                   encoding="utf-8")
    data = json.loads(qa(f, "--config", cfg, "--format", "json")[1])
    assert "fullwidth-punctuation" not in data["checks"]
    assert [(i["check"], i["severity"]) for i in data["issues"]] == [("number-mismatch", "critical"),
                                                                     ("empty-target", "critical")]


def test_config_ignore_table(tmp_path: Path) -> None:
    f = _csv(tmp_path / "a.csv")
    cfg = tmp_path / "qa.toml"
    cfg.write_text('[ignore]\nu1 = ["number-mismatch"]\nu3 = ["all"]\n', encoding="utf-8")
    data = json.loads(qa(f, "--config", cfg, "--format", "json")[1])
    assert [(i["unit"], i["check"]) for i in data["issues"]] == [("u4", "empty-target")]
    cfg.write_text('[ignore]\nu1 = ["no-such"]\n', encoding="utf-8")
    assert "'ignore' must map unit ids" in qa(f, "--config", cfg, code=2)[2]


def test_text_csv_html_formats(tmp_path: Path) -> None:
    f = _csv(tmp_path / "a.csv", [*ROWS, ("u5", "彼は<b>と書いた。", "He wrote <script>alert(1)</script>  =1.")])
    text = qa(f)[1]
    assert "u1: critical number-mismatch (target): 10× slip" in text and "u5: minor double-space" in text
    assert "5 issue(s) from" in text and "(1 critical, 1 major, 3 minor)" in text
    rows = list(csv.reader(io.StringIO(qa(f, "--format", "csv")[1])))
    assert rows[0] == ["unit", "check", "severity", "side", "message", "source_span", "target_span", "category"]
    assert rows[1][:4] == ["u1", "number-mismatch", "critical", "target"] and rows[1][6] == "8-28"
    html = qa(f, "--format", "html")[1]
    assert html.startswith("<!DOCTYPE html>") and "<script>" not in html and "&lt;script&gt;" in html
    assert "<mark>up to $23.85 million</mark>" in html
    out = tmp_path / "report.html"
    qa(f, "--format", "html", "-o", out)
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_xliff_and_tmx_interop_files_run() -> None:
    for name in ("xliff12_xcode16_keepingyouawake_en-ja.xliff", "xliff20_memsource_en-ja.xlf",
                 "tmx14_olifant_props-bom_en-fr.tmx"):
        path = shared_dir(INTEROP) / name
        data = json.loads(qa(path, "--format", "json")[1])
        assert data["file"] == str(path) and isinstance(data["issues"], list)


def test_generated_xliff_roundtrip(tmp_path: Path) -> None:
    from review_app.formats import BilingualFile, BilingualUnit, write_bilingual

    bf = BilingualFile([BilingualUnit(id=i, source=s, target=t) for i, s, t in ROWS[:2]], source_lang="ja",
                       target_lang="en")
    for ext in ("xlf", "tmx"):
        path = tmp_path / f"file.{ext}"
        write_bilingual(bf, path)
        data = json.loads(qa(path, "--format", "json")[1])
        assert [(i["unit"], i["check"]) for i in data["issues"]] == [("u1", "number-mismatch")]


def test_glossary_option(tmp_path: Path) -> None:
    f = _csv(tmp_path / "g.csv", [("1", "スーン氏は述べた。", "Soon said so.")])
    g = tmp_path / "glossary.csv"
    g.write_text("スーン,John Thune\n", encoding="utf-8")
    data = json.loads(qa(f, "--glossary", g, "--format", "json")[1])
    assert [i["check"] for i in data["issues"] if "John Thune" in i["message"]] == ["term-missing"]
    _, _, err = qa(f, "--glossary", tmp_path / "nope.tbx", code=2)
    assert "glossary file not found" in err


def test_unit_note_ignore_flags(tmp_path: Path) -> None:
    from review_app.formats import BilingualFile, BilingualUnit, write_bilingual

    bf = BilingualFile([BilingualUnit(id="a", source=ROWS[0][1], target=ROWS[0][2],
                                      notes=["qa:ignore:number-mismatch"])], source_lang="ja", target_lang="en")
    path = tmp_path / "n.xlf"
    write_bilingual(bf, path)
    assert json.loads(qa(path, "--format", "json")[1])["issues"] == []


# -- project mode: service on SQLite and PostgreSQL ----------------------------------------------------

def _project(db: object, text: str) -> ReviewService:
    with db.session() as s:  # type: ignore[attr-defined]
        row = ProjectRow(name="p", source_lang="ja", target_lang="en", settings={}, created_at=utcnow())
        s.add(row)
        s.flush()
        pid = row.id
    import_document(db, pid, parse_document(text, name="a.txt"), name="a.txt", source_path=None)  # type: ignore[arg-type]
    return ReviewService(db, "p", Actor("rev", Role.REVIEWER))  # type: ignore[arg-type]


ARTICLE = "マスク氏は最大2億3850万ドルを寄付した。トランプ氏は喜んだ。\n\n2024年7月13日、集会が開かれた。\n"


def test_run_store_dismiss_and_rerun(database: object) -> None:
    from review_app import qa as service

    svc = _project(database, ARTICLE)
    segs = svc.list_segments()
    texts = ["Musk gave up to $23.85 million.", "Trump was pleased.", "On July 31, 2024, a rally was held."]
    for seg, t in zip(segs, texts, strict=True):
        svc.save_target(seg.key, t, expected_version=seg.version)
    stored = service.run_project(svc, config=CheckConfig())
    assert [(s.issue.unit, s.issue.check) for s in stored] == [(segs[0].key, "number-mismatch"),
                                                                (segs[2].key, "date-mismatch")]
    assert service.list_issues(svc) and all(not s.dismissed for s in stored)
    # dismiss the date issue: hidden on re-runs while the text is unchanged
    fp = stored[1].fingerprint
    service.dismiss(svc, fp, reason="the source is wrong")
    assert [s.issue.check for s in service.list_issues(svc)] == ["number-mismatch"]
    rerun = service.run_project(svc, config=CheckConfig())
    assert [(s.issue.check, s.dismissed) for s in rerun] == [("number-mismatch", False), ("date-mismatch", True)]
    assert [s.issue.check for s in service.list_issues(svc, include_dismissed=True)] == ["number-mismatch",
                                                                                      "date-mismatch"]
    # editing the segment brings a (new) finding back
    seg = svc.get_segment(segs[2].key)
    svc.save_target(seg.key, "On July 30, 2024, a rally was held.", expected_version=seg.version)
    assert [s.issue.check for s in service.list_issues(svc)] == ["number-mismatch", "date-mismatch"]
    again = service.run_project(svc, config=CheckConfig())
    assert [(s.issue.check, s.dismissed) for s in again] == [("number-mismatch", False), ("date-mismatch", False)]
    assert service.undismiss(svc, fp) is True and service.undismiss(svc, fp) is False
    with pytest.raises(NotFoundError, match="no QA issue with fingerprint"):
        service.dismiss(svc, "0" * 24)


def test_translators_cannot_dismiss(database: object) -> None:
    from review_app import qa as service

    svc = _project(database, ARTICLE)
    seg = svc.list_segments()[0]
    svc.save_target(seg.key, "Musk gave up to $23.85 million.", expected_version=seg.version)
    stored = service.run_project(svc, config=CheckConfig())
    translator = ReviewService(svc.db, "p", Actor("tr", Role.TRANSLATOR))
    with pytest.raises(PermissionDenied):
        service.dismiss(translator, stored[0].fingerprint)


def test_project_settings_config(database: object) -> None:
    from review_app import qa as service

    svc = _project(database, ARTICLE)
    with svc.db.session() as s:
        s.get(ProjectRow, svc.project_id).settings = {"qa": {"disabled": ["empty-target"], "severity": {
            "number-mismatch": "minor"}}}
    cfg = service.project_config(svc)
    assert cfg.disabled == frozenset({"empty-target"}) and cfg.severity == {"number-mismatch": Severity.MINOR}
    assert service.run_project(svc) == []  # every target empty, empty-target disabled
    with svc.db.session() as s:
        s.get(ProjectRow, svc.project_id).settings = {"qa": {"disabled": "all"}}
    with pytest.raises(InputError, match="must be a list of check ids"):
        service.project_config(svc)


def test_cli_project_mode(tmp_path: Path, seed_project: Path) -> None:
    runner = CliRunner()
    segs = json.loads(runner.invoke(main, ["segments", str(seed_project), "--format", "json",
                                           "--search", "2億3850万ドル"]).stdout)
    key = segs[0]["id"]
    assert runner.invoke(main, ["edit", str(seed_project), key, "Musk gave up to $23.85 million."]).exit_code == 0
    code, out, _ = qa(seed_project, "--format", "json", "--config", _cfg(tmp_path), code=None)
    data = json.loads(out)
    mine = [i for i in data["issues"] if i["unit"] == key]
    assert [i["check"] for i in mine] == ["number-mismatch"] and len(mine[0]["fingerprint"]) == 24
    assert code == 0
    _, msg, _ = qa(seed_project, "--dismiss", mine[0]["fingerprint"], "--reason", "checked")
    assert "dismissed number-mismatch" in msg
    data = json.loads(qa(seed_project, "--format", "json", "--config", _cfg(tmp_path))[1])
    assert [i for i in data["issues"] if i["unit"] == key] == []
    qa(seed_project, "--config", _cfg(tmp_path), "--fail-on", "critical", code=0)
    qa(tmp_path / "a.csv", "--dismiss", "x", code=2)


def _cfg(tmp_path: Path) -> Path:
    cfg = tmp_path / "only-numbers.toml"
    cfg.write_text('enabled = ["number-mismatch"]\n', encoding="utf-8")
    return cfg
