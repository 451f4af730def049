"""Glossary checks on seed sentences: term-missing, term-forbidden, term-source-variant, term-inconsistent."""

from __future__ import annotations

import pytest

from review_app.checks.base import CheckConfig, CheckContext, Side, Unit, run_checks
from review_app.checks.glossary import TermForbidden, TermInconsistent, TermMissing, TermSourceVariant
from review_app.checks.registry import CHECKS
from review_app.glossary import load_glossary
from review_app.glossary.model import Glossary
from review_app.models import Severity
from review_app.segment import parse_document
from tests.conftest import ROOT

GLOSSARY = load_glossary(ROOT / "glossary" / "musk-trump.tbx")

# Sentences of the seed article (verbatim) with good and bad translations.
EAGLE = "テキサス州の小さな国境の町、鷹潭にカウボーイハットをかぶって現れ、移民の集団が川を渡る様子をライブ配信した。"
PAC = ("米国連邦選挙委員会のデータによると、マスク氏は自身が設立した超党派政治活動委員会「アメリカンPAC」を通じて、"
       "トランプ氏を支持する団体に最大2億3850万ドルを寄付した。")
MAGA = ("ステージ上でマスク氏は「ご覧の通り、私は単なるMAGA(マジシャン)ではありません。"
        "『ダークMAGA』なのです」と宣言した。")
DOGE_FIRST = ("トランプ大統領は、政府支出の削減と官僚機構の効率化を目的とした独立諮問機関として、"
              "政府効率化局(DOGE)の設立を発表した。")
BILL_1 = "トランプ氏の「ビッグ・ビューティフル・ビル」(大規模な減税と歳出法案)を公然と非難した。"
BILL_2 = "この対立のきっかけとなったのは、前述の「大きく美しい法案」をめぐる論争だった。"
BILL_3 = "2025年初頭、トランプ政権は野心的な「ビッグ・ビューティフル・ビル(大きくて美しい法案)」を発表しました。"

FORBIDDEN_PAC = ("According to FEC data, Musk gave $238.5 million to Trump groups through his American PAC, "
                 "a bipartisan PAC.")

CASES = [
    # (check, source, target, expected [(concept, source text, target text)])
    (TermMissing, EAGLE, "He appeared in Eagle Pass, a small border town in Texas, wearing a cowboy hat.", []),
    (TermMissing, EAGLE, "He appeared in a small border town in Texas wearing a cowboy hat.",
     [("eagle-pass", "鷹潭", None)]),
    (TermMissing, PAC, "According to Federal Election Commission data, Musk gave up to $238.5 million to groups "
                       "backing Trump through America PAC, the super PAC he founded.", []),
    (TermMissing, PAC, "According to FEC data, Musk gave $238.5 million to Trump groups through his PAC.",
     [("super-pac", "超党派政治活動委員会", None), ("america-pac", "アメリカンPAC", None)]),
    # forbidden renderings in place of the term: term-missing alone reports the terms missing; with term-forbidden
    # in the run, its findings replace these (Check.supersedes; test_forbidden_renderings_are_reported_once)
    (TermMissing, PAC, FORBIDDEN_PAC, [("super-pac", "超党派政治活動委員会", None),
                                       ("america-pac", "アメリカンPAC", None)]),
    # nested concepts: "Wisconsin" inside "Wisconsin Supreme Court" still renders ウィスコンシン州
    (TermMissing, "ウィスコンシン州で行われた重要な最高裁判所補欠選挙において、民主党陣営は批判した。",
     "In a pivotal special election for the Wisconsin Supreme Court, Democrats objected.", []),
    (TermMissing, MAGA, "On stage Musk declared: \"As you can see, I'm not just MAGA, I'm Dark MAGA.\"", []),
    (TermMissing, MAGA, "On stage Musk declared: \"I'm not just a wizard, I'm a dark wizard.\"",
     [("maga", "MAGA", None), ("dark-maga", "ダークMAGA", None)]),
    (TermMissing, DOGE_FIRST, "Trump announced the creation of DOGE to cut spending.",
     [("doge", "政府効率化局", "DOGE")]),  # first mention must be expanded
    (TermMissing, DOGE_FIRST, "Trump announced the Department of Government Efficiency (DOGE).", []),
    (TermForbidden, EAGLE, "He appeared in Yingtan, a small border town in Texas.",
     [("eagle-pass", "鷹潭", "Yingtan")]),
    (TermForbidden, PAC, "Musk gave money through America PAC, a bipartisan PAC he set up.",
     [("super-pac", "超党派政治活動委員会", "bipartisan PAC")]),
    (TermForbidden, MAGA, "I'm not just MAGA (magician), I'm Dark MAGA.", [("maga", "MAGA", "magician")]),
    (TermForbidden, EAGLE, "He appeared in Eagle Pass.", []),
    # concept not in the source: "Yingtan" alone is not flagged
    (TermForbidden, "政府支出の削減を誓った。", "He vowed to cut spending, unlike Yingtan.", []),
    (TermSourceVariant, EAGLE, None, [("eagle-pass", "鷹潭", None)]),
    (TermSourceVariant, PAC, None, [("super-pac", "超党派政治活動委員会", None),
                                    ("america-pac", "アメリカンPAC", None)]),
    (TermSourceVariant, MAGA, None, [("maga", "マジシャン", None)]),
    (TermSourceVariant, DOGE_FIRST, None, [("doge", "政府効率化局", None)]),
    (TermSourceVariant, "マスク氏とトランプ氏は会った。", None, []),
]


def _run(check: type, units: list[Unit], glossary: Glossary | None = GLOSSARY, **options: object) -> list:
    cfg = CheckConfig(options={check.check_id: dict(options)}) if options else CheckConfig()
    return run_checks([check()], CheckContext(units, glossary=glossary, config=cfg))


def test_forbidden_renderings_are_reported_once() -> None:
    issues = run_checks([TermMissing(), TermForbidden()], CheckContext([Unit("u1", PAC, FORBIDDEN_PAC)],
                                                                      glossary=GLOSSARY))
    assert [(i.check, i.data["concept"], i.data["forbidden"]) for i in issues] == [
        ("term-forbidden", "america-pac", "American PAC"), ("term-forbidden", "super-pac", "bipartisan PAC")]


@pytest.mark.parametrize(("check", "source", "target", "expected"), CASES)
def test_checks_on_seed_sentences(check: type, source: str, target: str | None, expected: list) -> None:
    issues = _run(check, [Unit("u1", source, target)])
    got = [(i.data["concept"], source[slice(*i.source_span)] if i.source_span else None,
            target[slice(*i.target_span)] if i.target_span and target else None) for i in issues]
    assert got == expected
    for i in issues:
        assert i.check == check.check_id
        assert i.data["concept"] in GLOSSARY


def test_source_variant_severity_and_canonical_form() -> None:
    issues = _run(TermSourceVariant, [Unit("a", EAGLE), Unit("b", DOGE_FIRST)])
    by_concept = {i.data["concept"]: i for i in issues}
    assert by_concept["eagle-pass"].severity is Severity.MAJOR
    assert by_concept["eagle-pass"].data["canonical"] == "イーグルパス"
    assert "イーグルパス" in by_concept["eagle-pass"].message
    assert by_concept["doge"].severity is Severity.MINOR
    assert by_concept["doge"].data["canonical"] == "政府効率化省"
    assert by_concept["doge"].side is Side.SOURCE


def test_inconsistent_bill_renderings_across_the_document() -> None:
    units = [
        Unit("a", BILL_1, "Musk denounced Trump's \"One Big Beautiful Bill\".", index=0),
        Unit("b", BILL_2, "The trigger was the One Big Beautiful Bill mentioned above.", index=1),
        Unit("c", BILL_3, "The administration unveiled its \"Big Beautiful Bill\".", index=2),
    ]
    issues = _run(TermInconsistent, units)
    assert [(i.unit, units[2].target[slice(*i.target_span)]) for i in issues] == [("c", "Big Beautiful Bill")]
    assert issues[0].data["majority"] == "One Big Beautiful Bill"
    assert issues[0].source_span is not None
    assert BILL_3[slice(*issues[0].source_span)] == "ビッグ・ビューティフル・ビル"
    # Consistent document: nothing.
    units[2].target = "The administration unveiled its One Big Beautiful Bill."
    assert _run(TermInconsistent, units) == []


def test_inconsistent_only_for_single_rendering_concepts_unless_configured() -> None:
    units = [Unit("a", "マスク氏は述べた。", "Musk said."), Unit("b", "マスク氏は述べた。", "Elon said.", index=1)]
    assert _run(TermInconsistent, units) == []
    issues = _run(TermInconsistent, units, all_concepts=True)
    assert [i.data["concept"] for i in issues] == ["elon-musk"]


def test_no_glossary_no_issues_and_ignore_flags() -> None:
    units = [Unit("u1", EAGLE, "Yingtan")]
    for check in (TermMissing, TermForbidden, TermSourceVariant, TermInconsistent):
        assert _run(check, units, glossary=None) == []
    flagged = [Unit("u1", EAGLE, "Yingtan", flags=frozenset({"ignore:term-forbidden"}))]
    assert _run(TermForbidden, flagged) == []
    assert _run(TermMissing, [Unit("u1", EAGLE, "")]) == []  # empty target: nothing to check yet


def test_forbidden_anywhere_option() -> None:
    units = [Unit("u1", "政府支出の削減を誓った。", "He vowed cuts, unlike Yingtan.")]
    issues = _run(TermForbidden, units, anywhere=True)
    assert [i.data["concept"] for i in issues] == ["eagle-pass"]
    assert issues[0].source_span is None


def test_registered() -> None:
    for cid in ("term-missing", "term-forbidden", "term-source-variant", "term-inconsistent"):
        cls = CHECKS.get(cid)
        assert cls.check_id == cid
        assert cls.description and cls.name


def test_seed_source_with_empty_target(seed_text: str) -> None:
    """On the whole seed with no targets only term-source-variant fires — exactly the source's wrong terms."""
    doc = parse_document(seed_text)
    units = [Unit(s.key, s.text, None, s.index) for s in doc.segments]
    checks = [CHECKS.get(c)() for c in ("term-missing", "term-forbidden", "term-source-variant", "term-inconsistent")]
    issues = run_checks(checks, CheckContext(units, glossary=GLOSSARY))
    assert {i.check for i in issues} == {"term-source-variant"}
    found = sorted({(i.data["concept"], units[[u.id for u in units].index(i.unit)].source[slice(*i.source_span)])
                    for i in issues})
    assert found == [("america-pac", "アメリカンPAC"), ("bull-artist", "ブル・アーティスト"),
                     ("business-advisory-councils", "経済顧問"), ("deep-state", "ディープガバメント"),
                     ("deputy-chief-of-staff", "副大統領首席補佐官"), ("doge", "政府効率化委員会"),
                     ("doge", "政府効率化局"), ("eagle-pass", "鷹潭"), ("gun-rights", "銃規制"), ("maga", "マジシャン"),
                     ("pork", "豚肉"), ("super-pac", "超党派政治活動委員会"), ("trump-musk-alliance", "テマ同盟"),
                     ("wisconsin-supreme-court-election", "最高裁判所補欠選挙")]


def _corpus_units(name: str) -> list[Unit]:
    from review_app.formats import read_bilingual
    from tests.conftest import CORPUS

    path = CORPUS / name
    if not path.exists():
        pytest.skip(f"{path} not present")
    return [Unit(u.id, u.source, u.target, i) for i, u in enumerate(read_bilingual(path).units)]


def _findings(units: list[Unit]) -> dict[str, list[tuple[int, str]]]:
    checks = [CHECKS.get(c)() for c in ("term-missing", "term-forbidden", "term-source-variant", "term-inconsistent")]
    index = {u.id: u.index for u in units}
    out: dict[str, list[tuple[int, str]]] = {}
    for i in run_checks(checks, CheckContext(units, glossary=GLOSSARY)):
        out.setdefault(i.check, []).append((index[i.unit] + 1, i.data["concept"]))
    return out


def test_reference_translation_is_almost_clean() -> None:
    """The professional reference: no forbidden, missing or inconsistently rendered term; the glossary
    findings left are on the (machine-translated) source."""
    found = _findings(_corpus_units("reference.tmx"))
    assert "term-forbidden" not in found
    # The reference corrects the source's factual slips (issue 17): where the source names the wrong thing
    # (Iowa for Butler, Rep. Greene), the English rightly leaves the source's term out, and a readers' note
    # (corpus/musk-trump/readers-notes.json) tells readers what the source said. Nothing else is missing.
    import json

    from tests.conftest import CORPUS

    units = _corpus_units("reference.tmx")
    noted = {n["segment"] for n in json.loads((CORPUS / "readers-notes.json").read_text(encoding="utf-8"))["notes"]
             if n["kind"] == "correction"}
    missing = found.get("term-missing", [])
    assert all(units[pos - 1].id in noted for pos, _ in missing), missing
    assert sorted(missing) == [(143, "iowa"), (308, "marjorie-taylor-greene"), (308, "representative")]
    assert found.get("term-inconsistent", []) == []
    # the source's garbled and wrong forms (鷹潭, アメリカンPAC, 副大統領首席補佐官, 豚肉, テマ同盟, …): the glossary
    # forbids them, so the check flags them on the source (test_seed_source_with_empty_target lists them)
    assert len(found["term-source-variant"]) == 17


def test_literal_candidate_is_caught() -> None:
    """The literal MT-style draft: the traps of the issue are found (Yingtan, bipartisan PAC, magician, …)."""
    found = _findings(_corpus_units("candidates/literal.xlf"))
    forbidden = set(found["term-forbidden"])
    for expected in [(78, "eagle-pass"), (115, "super-pac"), (144, "maga"), (33, "gun-rights"), (27, "doge")]:
        assert expected in forbidden, expected
    assert len(forbidden) >= 30


def test_term_missing_says_when_case_is_the_only_difference():
    # Bug 6 of issue 18: the fluent draft writes "Government Efficiency Commission" where the glossary admits
    # the case-sensitive 'government efficiency commission' (Musk's proposal, before DOGE had its name)
    source = ("ライブ配信中、マスク氏はトランプ氏が選挙に勝利した場合、「政府効率化委員会」を設立し、"
              "自らが主導して官僚機構の無駄を削減すべきだと示唆した。")
    target = ("During the livestream, Musk suggested that if Trump won the election, he should set up a "
              "“Government Efficiency Commission,” with Musk himself leading it to cut waste in the bureaucracy.")
    unit = Unit(id="s558dd1ac69", source=source, target=target)
    ctx = CheckContext(units=[unit], glossary=GLOSSARY, source_lang="ja", target_lang="en")
    found = [i for i in run_checks([TermMissing()], ctx) if i.data.get("concept") == "doge"]
    assert len(found) == 1
    message = found[0].message
    assert "'government efficiency commission'" in message
    assert "'Government Efficiency Commission'" in message and "only in case" in message
    start, end = found[0].target_span or (0, 0)
    assert target[start:end] == "Government Efficiency Commission"
    # a target without any form of the term gets no case remark
    bare = Unit(id="x", source=source, target="Musk suggested a new agency to cut waste.")
    ctx = CheckContext(units=[bare], glossary=GLOSSARY, source_lang="ja", target_lang="en")
    (other,) = [i for i in run_checks([TermMissing()], ctx) if i.data.get("concept") == "doge"]
    assert "case" not in other.message and other.target_span is None
