"""Segmentation: the seed article and hostile text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from review_app.models import BlockKind
from review_app.segment import (
    block_counts,
    classify_block,
    parse_document,
    split_sentences_en,
    split_sentences_ja,
)


def test_seed_rebuilds_byte_for_byte(seed_path):
    raw = seed_path.read_bytes()
    doc = parse_document(raw.decode("utf-8"))
    assert doc.rebuild().encode("utf-8") == raw


def test_seed_block_counts(seed_text):
    doc = parse_document(seed_text)
    assert block_counts(doc) == {"heading": 7, "paragraph": 78, "list-item": 13}
    assert len(doc.segments) == 326


def test_seed_headings_are_the_section_titles(seed_text):
    doc = parse_document(seed_text)
    headings = [b.text for b in doc.blocks if b.kind is BlockKind.HEADING]
    assert headings[0] == "主要なタイムラインの概要"
    assert "疎外から同盟へ:マスク氏の右傾化" in headings
    assert headings[-1] == "その後と展望: 転覆した船を安定させることができるか?"
    # the lede ends in 。 and is a paragraph, not a heading
    assert doc.blocks[0].kind is BlockKind.PARAGRAPH


def test_seed_timeline_items_keep_date_lead(seed_text):
    doc = parse_document(seed_text)
    items = [b for b in doc.blocks if b.kind is BlockKind.LIST_ITEM]
    assert len(items) == 13
    for b in items:
        assert b.prefix == "- "
        assert b.segments[0].text[:4].isdigit()  # "2024年7月13日:…" stays at the start of the item
    # the 2024-11-06 bullet has two sentences: it is one list item with two segments
    nov6 = next(b for b in items if b.segments[0].text.startswith("2024年11月6日"))
    assert len(nov6.segments) == 3


def test_seed_quotes_never_split(seed_text):
    doc = parse_document(seed_text)
    for seg in doc.segments:
        depth = 0
        for ch in seg.text:
            depth += {"「": 1, "」": -1}.get(ch, 0)
            assert depth >= 0, seg.text
        assert depth == 0, f"segment ends inside an open 「: {seg.text}"


def test_seed_keys_are_unique_and_stable(seed_text):
    a = parse_document(seed_text)
    b = parse_document(seed_text)
    keys = [s.key for s in a.segments]
    assert len(set(keys)) == len(keys)
    assert keys == [s.key for s in b.segments]


def test_editing_one_paragraph_does_not_renumber_others(seed_text):
    before = parse_document(seed_text)
    edited = seed_text.replace("鷹潭にカウボーイハット", "イーグルパスにカウボーイハット")
    after = parse_document(edited)
    changed = [(x.key, y.key) for x, y in zip(before.segments, after.segments, strict=True) if x.key != y.key]
    assert len(changed) == 1
    # inserting a paragraph at the top keeps every other key
    inserted = parse_document("新しい段落です。\n\n" + seed_text)
    assert [s.key for s in inserted.segments[1:]] == [s.key for s in before.segments]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("今日は晴れ。明日は雨。", ["今日は晴れ。", "明日は雨。"]),
        ("彼は「行く。すぐ戻る。」と言った。次の文。", ["彼は「行く。すぐ戻る。」と言った。", "次の文。"]),
        ("『本当に?』と聞いた。", ["『本当に?』と聞いた。"]),
        ("（注：これは。例です）続き。", ["（注：これは。例です）続き。"]),
        ("本当ですか？はい！", ["本当ですか？", "はい！"]),
        ("まさか!?そうだ。", ["まさか!?", "そうだ。"]),
        ("終わりに句点なし", ["終わりに句点なし"]),
        ("「これは武器です!」 興味深いことに、彼も来た。", ["「これは武器です!」", "興味深いことに、彼も来た。"]),
        ("“Quote。inside”のあと。", ["“Quote。inside”のあと。"]),
        ("「閉じない引用。次の文。", ["「閉じない引用。", "次の文。"]),
        ("Yahoo!ニュースによると、そうだ。", ["Yahoo!ニュースによると、そうだ。"]),
        ("２０２４年７月１３日、事件が起きた。ｶﾀｶﾅ文。", ["２０２４年７月１３日、事件が起きた。", "ｶﾀｶﾅ文。"]),
        ("文一。　文二。", ["文一。", "文二。"]),
        ("価格は2.4兆ドル。以上。", ["価格は2.4兆ドル。", "以上。"]),
    ],
)
def test_split_ja_table(body, expected):
    pairs = split_sentences_ja(body)
    assert [t for t, _ in pairs] == expected
    assert "".join(t + g for t, g in pairs) == body


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("主要なタイムラインの概要", BlockKind.HEADING),
        ("底流とギャップ:貿易戦争からAI規制まで", BlockKind.HEADING),
        ("その後と展望: 転覆した船を安定させることができるか?", BlockKind.HEADING),
        ("本当にそうなのか?", BlockKind.PARAGRAPH),
        ("- 2024年7月13日:事件。", BlockKind.LIST_ITEM),
        ("・項目です", BlockKind.LIST_ITEM),
        ("短い文です。", BlockKind.PARAGRAPH),
        ("「引用だけの行」", BlockKind.PARAGRAPH),
        ("-", BlockKind.HEADING),
        ("x" * 80, BlockKind.PARAGRAPH),
    ],
)
def test_classify_table(line, kind):
    assert classify_block(line)[0] is kind


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\n",
        "\ufeff見出し\r\n\r\n本文です。二文目。\r\n",
        "本文。\n\n\n\n- 項目一。\n- 項目二\n\n",
        "  字下げ。  \n\t\n末尾に改行なし",
        "\r旧Mac改行。\r次。",
        "全角　スペース。　次の文。\n",
        "「入れ子『引用。』のテスト。」終わり。",
        "。。。！！？？",
        "\u2028段落区切り文字。\u2029",
    ],
)
def test_hostile_text_is_lossless(text):
    doc = parse_document(text)
    assert doc.rebuild() == text


def test_bom_and_crlf_preserved():
    text = "\ufeffタイトル\r\n\r\n一文目。二文目。\r\n- 項目\r\n"
    doc = parse_document(text)
    assert doc.bom == "\ufeff"
    assert [b.kind for b in doc.blocks] == [BlockKind.HEADING, BlockKind.PARAGRAPH, BlockKind.LIST_ITEM]
    assert doc.blocks[1].sep_before == "\r\n\r\n"
    assert doc.rebuild() == text


def test_one_megabyte_paragraph():
    para = "これは長い段落の文です、" * 30 + "。"
    text = para * (1_000_000 // len(para.encode("utf-8")) + 1)
    assert len(text.encode("utf-8")) > 1_000_000
    doc = parse_document(text)
    assert len(doc.blocks) == 1
    assert len(doc.segments) == text.count("。")
    assert doc.rebuild() == text


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab 　\n\r\t-・。！？!?「」『』（）()“”.:：\ufeff漢カナ")), max_size=200))
def test_property_lossless_on_adversarial_alphabet(text):
    doc = parse_document(text)
    assert doc.rebuild() == text
    for block in doc.blocks:
        assert block.segments, "every block has at least one segment"


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_property_lossless_on_any_unicode(text):
    assert parse_document(text).rebuild() == text
    assert parse_document(text, lang="en").rebuild() == text


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Musk left. Trump stayed.", ["Musk left.", "Trump stayed."]),
        ("Rep. Tony Gonzales spoke. He was angry.", ["Rep. Tony Gonzales spoke.", "He was angry."]),
        ("The U.S. Senate voted. It passed.", ["The U.S. Senate voted.", "It passed."]),
        ('He said, "It is over." Then he left.', ['He said, "It is over."', "Then he left."]),
        ("It cost $2.4 trillion. That is a lot.", ["It cost $2.4 trillion.", "That is a lot."]),
        ("On Jan. 20 he was sworn in.", ["On Jan. 20 he was sworn in."]),
        # A quotation holding several sentences stays one sentence, as 「…。…。」 does in Japanese.
        (
            "“Elon and I had a great relationship. I don’t know if we will anymore,” Trump said. He left.",
            ["“Elon and I had a great relationship. I don’t know if we will anymore,” Trump said.", "He left."],
        ),
        ('He said, "It is over. We lost." Then he left.', ['He said, "It is over. We lost."', "Then he left."]),
        ("It passed (by 51. A record.) Then it stalled.", ["It passed (by 51. A record.)", "Then it stalled."]),
        # An opening quote never closed in the block (a quotation running on to the next paragraph) is plain.
        ("“It is over. We lost. Then he left.", ["“It is over.", "We lost.", "Then he left."]),
        ('An odd " mark. Then more.', ['An odd " mark.', "Then more."]),
    ],
)
def test_split_en_table(body, expected):
    pairs = split_sentences_en(body)
    assert [t for t, _ in pairs] == expected
    assert "".join(t + g for t, g in pairs) == body
