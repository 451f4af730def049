"""Line-aligned plain text (review_app.formats.lines): real WMT files and hostile input."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from review_app.errors import EncodingError, InputError
from review_app.formats.lines import file_label, read_aligned, read_lines, split_lines, unique_labels
from review_app.textio import assumed_encoding
from tests.conftest import SHARED, shared_dir

WMT22 = SHARED / "realworld" / "wmt22-ja-en"


def _sacrebleu_lines(path: Path) -> list[str]:
    """How sacrebleu's CLI reads a file (sacrebleu.utils.smart_open + line.rstrip())."""
    with path.open(encoding="utf-8", newline="\n") as fh:
        return [line.rstrip() for line in fh]


def test_wmt22_source_reference_and_every_system() -> None:
    folder = shared_dir(WMT22)
    hyps = sorted((folder / "hyp").glob("*.en"))
    aligned = read_aligned(folder / "src.ja", [folder / "ref.en", *hyps], strip=True)
    assert len(aligned) == 2008
    assert len(aligned.others) == 15
    names = [f.name for f in aligned.others]
    assert names[0] == "ref"
    assert "Online-B" in names and "NAIST-NICT-TIT" in names
    for f in (aligned.source, *aligned.others):
        assert list(f.lines) == _sacrebleu_lines(f.path), f.path


def test_line_count_mismatch_names_the_file_and_both_counts(tmp_path: Path) -> None:
    src = tmp_path / "src.ja"
    src.write_text("一。\n二。\n三。\n", encoding="utf-8")
    good = tmp_path / "good.en"
    good.write_text("One.\nTwo.\nThree.\n", encoding="utf-8")
    short = tmp_path / "short.en"
    short.write_text("One.\nTwo.\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_aligned(src, [good, short])
    msg = str(err.value)
    assert str(short) in msg and "2 lines" in msg and "has 3" in msg and "\n" not in msg
    assert err.value.exit_code == 2


@pytest.mark.parametrize(
    ("text", "expected", "stripped"),
    [
        ("", [], []),
        ("a", ["a"], ["a"]),
        ("a\n", ["a"], ["a"]),
        ("a\n\n", ["a", ""], ["a", ""]),
        ("a\r\nb\r\n", ["a", "b"], ["a", "b"]),
        ("\ufeffa\nb", ["a", "b"], ["a", "b"]),
        ("a\rb\n", ["a\rb"], ["a\rb"]),  # a lone CR is not a line break (sacrebleu: newline="\n")
        ("a\u2028b\nc", ["a\u2028b", "c"], ["a\u2028b", "c"]),
        ("東京　\n x \n", ["東京　", " x "], ["東京", " x"]),  # rstrip removes U+3000 as sacrebleu does
        ("\n\n", ["", ""], ["", ""]),
    ],
)
def test_split_lines_like_sacrebleu(tmp_path: Path, text: str, expected: list[str], stripped: list[str]) -> None:
    assert split_lines(text) == expected
    assert split_lines(text, strip=True) == stripped
    f = tmp_path / "f.txt"
    f.write_bytes(text.encode("utf-8"))
    sb = _sacrebleu_lines(f)
    if text.startswith("\ufeff"):
        sb[0] = sb[0].removeprefix("\ufeff")
    assert split_lines(text, strip=True) == sb


def test_gzip_and_encoding(tmp_path: Path) -> None:
    gz = tmp_path / "sys.en.gz"
    gz.write_bytes(gzip.compress(b"One.\nTwo.\n"))
    assert read_lines(gz) == ["One.", "Two."]
    assert file_label(gz) == "sys"
    sjis = tmp_path / "src.ja"
    sjis.write_bytes("東京都。\n大阪府。\n".encode("cp932"))
    with pytest.raises(EncodingError, match="iconv -f CP932"):
        read_lines(sjis)
    with pytest.raises(EncodingError, match="--encoding cp932"), assumed_encoding(None):  # in a command with it
        read_lines(sjis)
    assert read_lines(sjis, encoding="cp932") == ["東京都。", "大阪府。"]
    bad = tmp_path / "bad.gz"
    bad.write_bytes(b"not gzip")
    with pytest.raises(InputError, match="gzip"):
        read_lines(bad)


@pytest.mark.parametrize(
    ("path", "label"),
    [
        ("hyp/Online-B.en", "Online-B"),
        ("out.deepl.en.txt", "out.deepl"),
        ("NAIST-NICT-TIT.en", "NAIST-NICT-TIT"),
        ("system.txt", "system"),
        ("en", "en"),
        ("newstest2021.ja-en.hyp.en", "newstest2021.ja-en"),
    ],
)
def test_file_label(path: str, label: str) -> None:
    assert file_label(path) == label


def test_same_file_names_in_different_folders_get_their_folder(tmp_path: Path) -> None:
    for d in ("deepl", "google"):
        (tmp_path / d).mkdir()
        (tmp_path / d / "out.en").write_text("x\n", encoding="utf-8")
    assert unique_labels([tmp_path / "deepl" / "out.en", tmp_path / "google" / "out.en"]) == [
        "deepl/out",
        "google/out",
    ]
    with pytest.raises(InputError, match="both named"):
        unique_labels([tmp_path / "deepl" / "out.en", tmp_path / "deepl" / "out.en"])


def test_empty_source_and_missing_file(tmp_path: Path) -> None:
    empty = tmp_path / "src.ja"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(InputError, match="empty"):
        read_aligned(empty, [])
    with pytest.raises(InputError, match="no such file"):
        read_aligned(tmp_path / "nope.ja", [])
