"""Reading articles: encodings, binary refusal, HTML text, .txt title/source, folders, globs, stdin."""
from __future__ import annotations

import codecs
import io
import os
import sys

import pytest

from quotetrack.inputs.articles import make_article
from quotetrack.inputs.decoding import decode, declared_charset, sniff_binary
from quotetrack.errors import InputError
from quotetrack.corpus.failures import Failures
from quotetrack.inputs.htmltext import extract, looks_like_html
from quotetrack.inputs.reading import InputOptions, expand, read_article, read_inputs

from .conftest import SEED

TEXT = SEED.read_text(encoding="utf-8")
SHORT = "قال الوزير «إن الوضع مستقر» في بيان.\nوأضاف أن الحكومة تتابع."
# what ISO-8859-6 cannot hold (guillemets, curly quotes, Arabic-Indic digits …) dropped from the seed
NOT_IN_ISO = {ord(c): None for c in set(TEXT) if c.encode("iso-8859-6", "ignore") == b""}


# (id, bytes, --encoding, expected note fragment: "" = no note)
DECODES = [
    ("utf-8", TEXT.encode("utf-8"), "auto", ""),
    ("utf-8 with BOM", codecs.BOM_UTF8 + TEXT.encode("utf-8"), "auto", ""),
    ("utf-16 LE with BOM", TEXT.encode("utf-16"), "auto", ""),
    ("utf-16 BE with BOM", codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "auto", ""),
    ("utf-32 with BOM", TEXT.encode("utf-32"), "auto", ""),
    ("utf-16 LE without BOM", TEXT.encode("utf-16-le"), "auto", "UTF-16-LE (no byte-order mark)"),
    ("windows-1256 detected", SHORT.encode("cp1256"), "auto", "Windows-1256"),
    ("windows-1256 chosen", SHORT.encode("cp1256"), "cp1256", ""),
    ("windows-1256 chosen by alias", SHORT.encode("cp1256"), "windows-1256", ""),
    ("iso-8859-6 chosen", SHORT.replace("«", "").replace("»", "").encode("iso-8859-6"), "iso-8859-6", ""),
    ("iso-8859-6 detected", SHORT.replace("«", "").replace("»", "").encode("iso-8859-6"), "auto", "ISO-8859-6"),
    ("iso-8859-6 detected in a long text", TEXT.translate(NOT_IN_ISO).encode("iso-8859-6"), "auto", "ISO-8859-6"),
    ("windows-1256 without ف ق ك غ still Windows-1256", "هو يعمل مع الناس".encode("cp1256"), "auto",
     "Windows-1256"),
    ("iso-8859-6 without و ي ه ى still ISO-8859-6", "قال الرئيس إن".encode("iso-8859-6"), "auto", "ISO-8859-6"),
    ("BOM wins over --encoding", codecs.BOM_UTF8 + SHORT.encode("utf-8"), "cp1256", ""),
    ("mojibake via Windows-1252 repaired", SHORT.encode("utf-8").decode("cp1252", "replace").encode("utf-8"),
     "auto", None),  # cp1252 lacks 0x81/0x8D…: 'replace' loses bytes → cannot be repaired → error
    ("mojibake via Latin-1 repaired", SHORT.encode("utf-8").decode("latin-1").encode("utf-8"), "auto",
     "repaired mojibake"),
    ("mojibake via Windows-1256 repaired", SHORT.encode("utf-8").decode("cp1256").encode("utf-8"), "auto",
     "repaired mojibake"),
]


@pytest.mark.parametrize("data,encoding,note", [pytest.param(d, e, n, id=i) for i, d, e, n in DECODES])
def test_decoding(data, encoding, note):
    if note is None:
        with pytest.raises(InputError, match=r"^\[QT033\] a\.txt: the text is mojibake"):
            decode(data, "a.txt", encoding)
        return
    text, got = decode(data, "a.txt", encoding)
    # a wrong code page gives other letters (mojibake), in none of these
    assert text in (TEXT, SHORT, SHORT.replace("«", "").replace("»", ""), TEXT.translate(NOT_IN_ISO),
                    "هو يعمل مع الناس", "قال الرئيس إن")
    assert (note in got) if note else got == ""


# (id, bytes, --encoding, code, fragments of the message)
UNDECODABLE = [
    ("damaged UTF-8 names the byte", TEXT.encode()[:1000] + b"\xff" + TEXT.encode()[1000:], "auto", "QT030",
     ["a.txt", "UTF-8 at byte 1000", "damaged"]),
    ("Latin-1 French is not guessed", "Déclaration du ministre à la presse. " .encode("latin-1") * 5, "auto", "QT030",
     ["at byte 1", "not Windows-1256 or ISO-8859-6 Arabic either", "--encoding"]),
    ("chosen encoding fails at its byte", b"abc " + SHORT.encode("utf-8"), "ascii", "QT030",
     ["cannot decode as ascii at byte 4"]),
    ("chosen UTF-8 on Windows-1256", SHORT.encode("cp1256"), "utf-8", "QT030", ["cannot decode as utf-8 at byte 0"]),
    ("unknown encoding", SHORT.encode(), "klingon", "QT037", ["'klingon'", "cp1256"]),
]


@pytest.mark.parametrize("data,encoding,code,fragments", [pytest.param(*c[1:], id=c[0]) for c in UNDECODABLE])
def test_undecodable_input_is_a_coded_error(data, encoding, code, fragments):
    with pytest.raises(InputError) as info:
        decode(data, "a.txt", encoding)
    assert str(info.value).startswith(f"[{code}]")
    for fragment in fragments:
        assert fragment in str(info.value)


BINARIES = [
    ("pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF document"),
    ("png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG image"),
    ("jpeg", b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG image"),
    ("gif", b"GIF89a\x01\x00\x01\x00", "GIF image"),
    ("docx (zip)", b"PK\x03\x04\x14\x00\x06\x00word/document.xml", "zip archive"),
    ("old .doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 50, "Office 97-2003"),
    ("gzip", b"\x1f\x8b\x08\x00" + bytes(range(40)), "gzip"),
    ("NUL-heavy", b"abc\x00\x00\x00def\x00" * 40, "NUL bytes"),
    ("control bytes", bytes(range(1, 9)) * 50, "control bytes"),
]


@pytest.mark.parametrize("data,kind", [pytest.param(d, k, id=i) for i, d, k in BINARIES])
def test_binary_files_are_refused(data, kind):
    assert kind in sniff_binary(data)
    with pytest.raises(InputError, match=r"^\[QT031\] a\.txt: looks like a binary file \(.*" + kind):
        decode(data, "a.txt")
    with pytest.raises(InputError, match=r"^\[QT031\]"):
        decode(data, "a.txt", "cp1256")  # a chosen encoding does not make a PDF text


@pytest.mark.parametrize("data", [TEXT.encode(), TEXT.encode("utf-16"), TEXT.encode("utf-16-be"), b"",
                                  "plain ASCII, tabs\tand\fform feeds\r\n".encode()])
def test_text_is_not_binary(data):
    assert sniff_binary(data) == ""


PAGE = """<!DOCTYPE html><html lang="ar"><head><meta charset="utf-8"><title>عنوان الصفحة | الموقع</title>
<meta property="og:site_name" content="وكالة الأنباء"><meta property="article:published_time" content="2024-11-21">
<link rel="canonical" href="https://example.org/a?b=1&amp;c=2"><style>p { color: red }</style>
<script>var s = "«لا تقرأ هذا»";</script></head>
<body><nav><a href="/">الرئيسية</a></nav><article><h1>الناتو يجتمع</h1>
<p>وقال   الأمين
العام &laquo;إن الحلف سيرد&raquo; على&nbsp;الهجوم &amp; الدعم.</p><div>وأضاف أن<br>الدعم مستمر</div>
<aside>«اقتباس مكرر»</aside><pre>سطر ١
سطر ٢</pre></article><footer>حقوق النشر</footer></body></html>"""


def test_html_text_extraction():
    page = extract(PAGE)
    assert page.text == ("الناتو يجتمع\nوقال الأمين العام «إن الحلف سيرد» على\u00a0الهجوم & الدعم.\nوأضاف أن\n"
                         "الدعم مستمر\nسطر ١\nسطر ٢")
    assert (page.title, page.source, page.date, page.url) == (
        "عنوان الصفحة | الموقع", "وكالة الأنباء", "2024-11-21", "https://example.org/a?b=1&c=2")


@pytest.mark.parametrize("text,is_html", [
    (PAGE, True), ("<html><body>نص</body></html>", True), ("  \n<p>قال الوزير</p>", True),
    ("<div>نص<br>سطر</div>", True), (SHORT, False), ("قال: <p> ليست وسما", False),
    ("<لا> ليس وسما", False), ("<3 قلب", False)])
def test_plainly_html(text, is_html):
    assert looks_like_html(text) is is_html


def test_html_offsets_refer_to_the_extracted_text(nlp):
    article = make_article("page", PAGE, "page.html", fmt="html")
    assert "offsets refer to the extracted text" in article.note
    doc = nlp(article.text)
    assert doc._.quotes, "the page's quote is found in the extracted text"
    for q in doc._.quotes:
        assert article.text[q.start:q.end] == q.text


def test_html_in_windows_1256_declared_by_the_page(tmp_path):
    page = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-6"></head>' \
           '<body><p>قال الوزير إن الوضع مستقر</p></body></html>'
    data = page.encode("iso-8859-6")
    assert declared_charset(data) == "iso8859-6"
    f = tmp_path / "p.htm"
    f.write_bytes(data)
    article = read_article(str(f))
    assert article.text == "قال الوزير إن الوضع مستقر" and "declared by the page" in article.note


# (id, text, options, title, source)
TITLES = [
    ("seed: title and source", TEXT, {}, TEXT.split("\n")[0], "وكالة المغرب الكبير للأنباء"),
    ("no source line", TEXT, {"source_line": False}, TEXT.split("\n")[0], ""),
    ("no title line", TEXT, {"title_line": False}, "", ""),
    ("second line is a sentence", "عنوان\nقال الوزير إن الوضع مستقر.", {}, "عنوان", ""),
    ("second line too long", "عنوان\n" + "كلمة " * 9, {}, "عنوان", ""),
    ("second line one huge word", "عنوان\n" + "ك" * 500, {}, "عنوان", ""),
    ("one giant line has no title", "قال الوزير إن " * 100, {}, "", ""),
]


@pytest.mark.parametrize("text,options,title,source", [pytest.param(*c[1:], id=c[0]) for c in TITLES])
def test_txt_title_and_source_heuristic(tmp_path, text, options, title, source):
    f = tmp_path / "a.txt"
    f.write_text(text, encoding="utf-8")
    article = read_article(str(f), InputOptions(**options))
    assert (article.id, article.title, article.source, article.text) == ("a", title, source, text)


@pytest.mark.parametrize("content,note", [(b"", "empty file"), (b" \n\t\n", "empty file"),
                                          (b"Hello, English only.", "no Arabic text"),
                                          (codecs.BOM_UTF8, "empty file")])
def test_empty_and_non_arabic_files_give_a_note(tmp_path, content, note):
    f = tmp_path / "a.txt"
    f.write_bytes(content)
    assert read_article(str(f)).note == note


def test_size_limit(tmp_path):
    f = tmp_path / "big.txt"
    f.write_bytes(SHORT.encode() * 10)
    size = f"{f.stat().st_size:,}"
    with pytest.raises(InputError, match=rf"^\[QT038\] .*big\.txt: {size} bytes is more than the 1,000-byte limit"):
        read_article(str(f), InputOptions(max_bytes=1000))


@pytest.fixture
def tree(tmp_path):
    root = tmp_path / "news"
    (root / "2024" / "b").mkdir(parents=True)
    (root / ".git").mkdir()
    for rel in ["z.txt", "a.txt", "2024/b/c.html", "2024/d.htm", "noext", "scan.pdf", "notes.md", "quotes.csv",
                "recs.jsonl", ".hidden.txt", ".git/x.txt", "2024/.quotetrack-1.tmp"]:
        (root / rel).write_text("قال", encoding="utf-8")
    return root


def test_folders_give_articles_and_documents_recursively_sorted(tree):
    opts = InputOptions()
    got = [p[len(str(tree)) + 1:] for p in expand([str(tree)], opts)]
    assert got == ["a.txt", "noext", "scan.pdf", "z.txt", "2024/d.htm", "2024/b/c.html"]
    assert opts.skipped == {str(tree): 3}  # notes.md, quotes.csv, recs.jsonl


def test_globs_named_files_stdin_and_duplicates(tree):
    failures = Failures(stream=io.StringIO())
    got = list(expand([str(tree / "*.jsonl"), str(tree / "a.txt"), str(tree), "-", "-", str(tree / "*.nothing"),
                       str(tree / "missing.txt")], InputOptions(), failures))
    assert got[:2] == [str(tree / "recs.jsonl"), str(tree / "a.txt")]
    assert got.count(str(tree / "a.txt")) == 1 and got.count("-") == 1
    assert [f.code for f in failures.items] == ["QT039", "QT032"]


def test_outputs_are_left_out_of_folders(tree):
    got = list(expand([str(tree)], InputOptions(exclude=frozenset({str((tree / "z.txt").resolve())}))))
    assert str(tree / "z.txt") not in got


def test_stdin(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(SHORT.encode("cp1256"))))
    (article,) = list(read_inputs(["-"]))
    assert (article.id, article.path, article.text) == ("stdin", "-", SHORT)
    assert "Windows-1256" in article.note


def test_without_a_collector_bad_inputs_raise(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"%PDF-1.4")
    with pytest.raises(InputError, match=r"^\[QT031\]"):
        list(read_inputs([str(tmp_path)]))


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_a_file_under_several_names_is_read_once_and_outputs_by_any_path_left_out(tmp_path):
    real = tmp_path / "real"
    real.mkdir()
    for name in ("a.txt", "out.txt"):
        (real / name).write_text("قال", encoding="utf-8")
    (real / "b.txt").symlink_to(real / "a.txt")  # the same article under a second name
    (tmp_path / "link").symlink_to(real, target_is_directory=True)
    exclude = frozenset({str(tmp_path / "link" / "out.txt")})  # the output, named through the link
    got = list(expand([str(real), str(tmp_path / "link" / "a.txt")], InputOptions(exclude=exclude)))
    assert got == [str(real / "a.txt")]
