"""Live number and date fixes (issue 18 item 5): the editor offers the source's number or date for the unsaved
editor text, as it offers the glossary's term (quickfix.value_fix; the checks are review_app/checks/numbers.py and
dates.py)."""

from __future__ import annotations

import pytest

from review_app import qa
from review_app.checks.base import Unit
from review_app.quickfix import value_fix
from tests.test_app import GLOSSARY, Project, get, review, seg_key


def fixes(source: str, target: str) -> list[tuple[str, str]]:
    out = []
    for i in qa.run_units([Unit(id="u", source=source, target=target)]):
        fix = value_fix(i.check, i.data, source=source, target=target, source_span=i.source_span,
                        target_span=i.target_span)
        if fix is not None:
            out.append((fix.label, fix.apply(target)))
    return out


@pytest.mark.parametrize(("source", "target", "fixed"), [
    ("売上は2億3850万円だった。", "Sales were 23.85 million yen.", "Sales were 238.5 million yen."),  # 10× slip
    ("3兆円の予算", "a budget of 3 billion yen", "a budget of 3 trillion yen"),
    ("参加者は120人だった。", "There were 210 participants.", "There were 120 participants."),
    ("2万5000人が参加した。", "2,500 people took part.", "25,000 people took part."),
    ("価格は5%上昇した。", "Prices rose 50%.", "Prices rose 5%."),
    ("約30分後に戻った。", "He came back about 13 minutes later.", "He came back about 30 minutes later."),
    ("2024年7月13日に発表した。", "It was announced on July 31, 2024.", "It was announced on July 13, 2024."),
    ("7月13日に発表した。", "It was announced on 13 June.", "It was announced on 13 July."),
    ("2024年7月13日に発表した。", "It was announced on 2024/7/13.", "It was announced on July 13, 2024."),
    ("２０２５年４月６日に始まった。", "It began on 2025 April 6.", "It began on April 6, 2025."),
])
def test_the_source_value_in_the_targets_own_wording(source, target, fixed):
    assert [after for _, after in fixes(source, target)] == [fixed]


def test_no_fix_where_the_span_moved_or_the_unit_differs():
    source, target = "参加者は120人だった。", "There were 210 participants."
    finding = next(i for i in qa.run_units([Unit(id="u", source=source, target=target)])
                   if i.check == "number-mismatch")
    # the text changed since the check: the span no longer holds the number it read
    assert value_fix(finding.check, finding.data, source=source, target="There were many participants.",
                     source_span=finding.source_span, target_span=finding.target_span) is None
    data = {**finding.data, "target_unit": "USD"}  # yen rendered as dollars is no number slip to fix blindly
    assert value_fix(finding.check, data, source=source, target=target, source_span=finding.source_span,
                     target_span=finding.target_span) is None
    assert value_fix("term-forbidden", finding.data, source=source, target=target,
                     target_span=finding.target_span) is None


def test_the_editor_offers_the_sources_date_before_saving(app, seed_project):
    key = seg_key(seed_project, "バトラー")
    review(app, "バトラー")
    assert app.selectbox(key="review_key").value == key
    typed = ("July 31, 2024: At a Trump campaign rally in Butler, Pennsylvania, an apparent assassination attempt "
             "took place.")
    app.text_area(key=f"editor-{key}").input(typed).run()
    assert not app.exception, app.exception
    offered = [b for b in app.button if b.key in ("first_fix",) or (b.key or "").startswith("live_fix-")]
    assert [b.label for b in offered] == ["Apply: July 31, 2024 → July 13, 2024"]
    offered[0].click().run()
    assert app.text_area(key=f"editor-{key}").value == typed.replace("July 31", "July 13")
    assert get(seed_project, key).version == 1  # offered and applied in the editor, nothing saved
    assert not [b for b in app.button if b.key == "first_fix"]  # the date is right now: no fix left


def test_cli_lists_and_applies_number_fixes_on_request(seed_project):
    from click.testing import CliRunner

    from review_app.cli import main

    key = seg_key(seed_project, "バトラー")
    with Project(seed_project) as p:
        p.svc().save_target(key, "July 31, 2024: An apparent assassination attempt at a Trump rally in Butler, "
                                 "Pennsylvania.", expected_version=1)

    def run(*args: str) -> str:
        res = CliRunner().invoke(main, [*args])
        assert res.exit_code == 0, res.output
        return res.output

    run("qa", str(seed_project), "--glossary", str(GLOSSARY))
    assert "July 31, 2024 → July 13, 2024" not in run("fixes", str(seed_project), key)  # only on request
    assert f"{key} #" in run("fixes", str(seed_project), key, "--numbers") and \
        "target: July 31, 2024 → July 13, 2024" in run("fixes", str(seed_project), key, "--numbers")
    assert "applied 1 of 1" in run("fixes", str(seed_project), key, "--numbers", "--apply", "--side", "target")
    assert get(seed_project, key).target.startswith("July 13, 2024: An apparent assassination attempt")
