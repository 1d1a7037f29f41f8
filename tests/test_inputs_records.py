"""Record files: JSON lines, CSV/TSV and JSON, one article per record; a bad record is one failure."""
from __future__ import annotations

import codecs
import csv
import io
import json
import sys

import pytest

from quotetrack.corpus.failures import Failures
from quotetrack.inputs.reading import InputOptions, read_inputs

A = "قال الوزير «إن الوضع مستقر» في بيان."
B = "وأكدت الوزيرة أن الحكومة تتابع الملف.\nوأضافت أن «الحل قريب»."


def read(path, failures=None, **options):
    failures = failures if failures is not None else Failures(stream=io.StringIO())
    return list(read_inputs([str(path)], InputOptions(**options), failures)), failures


def jsonl(path, *records, encoding="utf-8"):
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records]
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    return path


def csv_file(path, rows, delimiter=",", encoding="utf-8"):
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator="\n").writerows(rows)
    path.write_bytes(buf.getvalue().encode(encoding))
    return path


def test_jsonl_records_with_metadata_and_fallback_ids(tmp_path):
    f = jsonl(tmp_path / "feed.jsonl",
              {"id": "x1", "text": A, "title": "عنوان", "source": "وكالة", "date": "2024-11-21", "url": "https://a.b"},
              {"text": B, "extra": [1, 2]}, "", {"id": 7, "text": A, "date": None})
    articles, failures = read(f)
    assert [(a.id, a.title, a.source, a.date, a.url) for a in articles] == [
        ("x1", "عنوان", "وكالة", "2024-11-21", "https://a.b"), ("feed:2", "", "", "", ""), ("7", "", "", "", "")]
    assert [a.text for a in articles] == [A, B, A] and not failures.items


# (id, the bad line, code, fragments)
BAD_LINES = [
    ("invalid JSON", "{'text': 'x'}", "QT034", ["line 2: not valid JSON", "column 2"]),
    ("not an object", json.dumps([A]), "QT034", ["line 2: a record must be a JSON object, not list"]),
    ("no text field", json.dumps({"body": A, "lang": "ar"}), "QT034", ["line 2: no 'text' field (fields: body, lang)",
                                                                     "--text-column"]),
    ("text not a string", json.dumps({"text": 3}), "QT034", ["line 2: 'text' is a int, not a string"]),
    ("undecodable line", b'{"text": "\xff\xfe\xfd"}', "QT030", ["line 2: cannot decode as UTF-8 at byte"]),
    ("a 5,000-digit number", '{"text": "x", "n": ' + "7" * 5000 + "}", "QT034",
     ["line 2: JSON that cannot be read", "5000 digits"]),
    ("100,000 nested brackets", '{"text": "x", "n": ' + "[" * 100_000 + "]" * 100_000 + "}", "QT034",
     ["line 2: JSON nested too deeply"]),
    ("a lone surrogate in the text", '{"text": "\\ud800 قال"}', "QT034",
     ["line 2: 'text' holds an invalid character at 0 (a lone surrogate, U+D800)"]),
    ("a lone surrogate in the id", '{"id": "a\\udfff", "text": "قال"}', "QT034", ["'id' holds an invalid character"]),
    ("a lone surrogate in the title", '{"text": "قال", "title": "\\udc80"}', "QT034",
     ["'title' holds an invalid character"]),
]


@pytest.mark.parametrize("bad,code,fragments", [pytest.param(*c[1:], id=c[0]) for c in BAD_LINES])
def test_a_bad_record_is_one_failure_and_reading_goes_on(tmp_path, bad, code, fragments):
    f = tmp_path / "feed.jsonl"
    good = json.dumps({"text": A}, ensure_ascii=False).encode()
    f.write_bytes(good + b"\n" + (bad if isinstance(bad, bytes) else bad.encode()) + b"\n" + good + b"\n")
    articles, failures = read(f)
    assert [a.id for a in articles] == ["feed:1", "feed:3"]
    (failure,) = failures.items
    assert (failure.article, failure.path, failure.code) == ("feed:2", str(f), code)
    for fragment in fragments:
        assert fragment in failure.problem


def test_undecodable_line_names_its_byte_offset(tmp_path):
    first = json.dumps({"text": A}, ensure_ascii=False).encode() + b"\n"
    f = tmp_path / "feed.jsonl"
    f.write_bytes(first + b'{"text": "ok \xff"}\n')
    _articles, failures = read(f)
    assert f"at byte {len(first) + 13}" in failures.items[0].problem


@pytest.mark.parametrize("encoding,note", [("utf-8", ""), ("utf-8-sig", ""), ("utf-16", ""), ("cp1256", "Windows-1256")])
def test_jsonl_encodings(tmp_path, encoding, note):
    f = jsonl(tmp_path / "feed.jsonl", {"id": "a", "text": A}, {"id": "b", "text": B}, encoding=encoding)
    articles, failures = read(f)
    assert [a.text for a in articles] == [A, B] and not failures.items
    assert all(note in a.note for a in articles)


def test_column_names_are_configurable_and_case_insensitive(tmp_path):
    f = jsonl(tmp_path / "feed.jsonl", {"GUID": "g1", "Body": A, "headline": "ع", "published": "2024"})
    (article,), _ = read(f, columns=(("text", "body"), ("id", "guid"), ("title", "headline"), ("date", "published")))
    assert (article.id, article.text, article.title, article.date) == ("g1", A, "ع", "2024")


def test_csv_records_with_multiline_text_and_line_ids(tmp_path):
    f = csv_file(tmp_path / "feed.csv", [["id", "Text", "url"], ["c1", B, "https://a.b"], ["", A, ""], ["", "", ""],
                                         ["", A, ""]])
    articles, failures = read(f)
    # B spans lines 2-3, so the second record starts on line 4; the blank row (line 5) is skipped
    assert [(a.id, a.url) for a in articles] == [("c1", "https://a.b"), ("feed:4", ""), ("feed:6", "")]
    assert [a.text for a in articles] == [B, A, A] and not failures.items


@pytest.mark.parametrize("encoding,note", [("utf-8-sig", ""), ("utf-16", ""), ("cp1256", "Windows-1256")])
def test_csv_encodings(tmp_path, encoding, note):
    f = csv_file(tmp_path / "feed.csv", [["text"], [A], [B]], encoding=encoding)
    articles, failures = read(f)
    assert [a.text for a in articles] == [A, B] and not failures.items
    assert all(note in a.note for a in articles)


def test_tsv_and_big_fields(tmp_path):
    big = A * 20_000  # 740,000 characters in one field: over the csv module's default limit
    f = csv_file(tmp_path / "feed.tsv", [["id", "text"], ["t1", big]], delimiter="\t")
    (article,), failures = read(f)
    assert article.text == big and not failures.items


def test_csv_without_the_text_column_fails_as_a_whole(tmp_path):
    f = csv_file(tmp_path / "feed.csv", [["id", "body"], ["1", A]])
    articles, failures = read(f)
    assert articles == []
    assert failures.items[0].code == "QT035" and "no 'text' column" in failures.items[0].problem
    assert "(columns: id, body)" in failures.items[0].problem


def test_csv_damaged_utf8_names_the_byte(tmp_path):
    f = tmp_path / "feed.csv"
    head = ("text\n" + A + "\n").encode()
    f.write_bytes(head + A.encode()[:7] + b"\xff" + A.encode()[7:] + b"\n")  # after "قال " (7 bytes)
    _articles, failures = read(f)
    assert failures.items[0].code == "QT030" and f"at byte {len(head) + 7}" in failures.items[0].problem


def test_json_array_and_single_record(tmp_path):
    (tmp_path / "arr.json").write_text(json.dumps([{"text": A}, {"id": "k", "text": B}, 5]), encoding="utf-8")
    (tmp_path / "one.json").write_text(json.dumps({"text": A, "title": "ت"}), encoding="utf-8")
    articles, failures = read(tmp_path / "arr.json")
    assert [a.id for a in articles] == ["arr:1", "k"] and failures.items[0].article == "arr:3"
    (article,), _ = read(tmp_path / "one.json")
    assert article.title == "ت"


def test_records_holding_html_and_mojibake(tmp_path):
    mojibake = A.encode("utf-8").decode("latin-1")
    f = jsonl(tmp_path / "feed.jsonl", {"text": "<html><body><p>" + A + "</p><script>x</script></body></html>"},
              {"text": mojibake})
    articles, _ = read(f)
    assert [a.text for a in articles] == [A, A]
    assert "HTML" in articles[0].note and "repaired mojibake" in articles[1].note


def test_empty_record_file_gives_a_note_and_no_article(tmp_path):
    (tmp_path / "none.jsonl").write_text("\n\n", encoding="utf-8")
    articles, failures = read(tmp_path / "none.jsonl")
    assert articles == [] and not failures.items
    assert failures.notes == 1 and list(failures.recent_notes) == [f"{tmp_path / 'none.jsonl'}: no records"]


def test_a_record_file_whose_every_record_failed_has_no_note_only_failures(tmp_path):
    f = jsonl(tmp_path / "bad.jsonl", {"id": 1}, "not json")
    articles, failures = read(f)
    assert articles == [] and [x.code for x in failures.items] == ["QT034", "QT034"] and failures.notes == 0


def test_binary_record_file_is_refused(tmp_path):
    (tmp_path / "feed.jsonl").write_bytes(b"PK\x03\x04" + bytes(100))
    articles, failures = read(tmp_path / "feed.jsonl")
    assert articles == [] and failures.items[0].code == "QT031"


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_records_from_stdin(monkeypatch, fmt):
    data = (json.dumps({"text": A}, ensure_ascii=False) + "\n" if fmt == "jsonl" else f'text\n"{A}"\n').encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(codecs.BOM_UTF8 + data)))
    (article,), failures = read("-", fmt=fmt)
    assert (article.id, article.text) == ("stdin:1" if fmt == "jsonl" else "stdin:2", A) and not failures.items


def test_a_json_file_with_a_number_json_cannot_read_is_one_failure(tmp_path):
    f = tmp_path / "feed.json"
    f.write_text('[{"text": "قال", "n": ' + "1" * 5000 + "}]", encoding="utf-8")
    articles, failures = read(f)
    assert articles == [] and [x.code for x in failures.items] == ["QT034"]
    assert "JSON that cannot be read" in failures.items[0].problem


LONG = "x" * 5000  # over the limit the tests below set: 1,000 bytes per record


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_a_line_over_the_limit_is_one_failure_and_reading_goes_on(tmp_path, encoding):
    f = jsonl(tmp_path / "feed.jsonl", {"text": A}, {"text": LONG}, {"text": B}, encoding=encoding)
    articles, failures = read(f, max_bytes=1000)
    assert [a.text for a in articles] == [A, B]
    [failure] = failures.items
    assert failure.code == "QT034" and "line 2: a line of" in failure.problem
    assert "more than the 1,000-" in failure.problem and failure.article == "feed:2"


def test_an_endless_line_on_stdin_is_refused_at_the_limit(monkeypatch):
    def endless():  # what `yes | tr -d '\n'` would give: the test stops it after a few megabytes
        yield b'{"text": "'
        for _ in range(4):
            yield b"a" * (1 << 20)
    stream = io.BufferedReader(io.BytesIO(b"".join(endless()) + b"\n" + json.dumps({"text": A}).encode() + b"\n"))
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(stream))
    articles, failures = read("-", fmt="jsonl", max_bytes=1 << 20)
    assert [a.text for a in articles] == [A]
    assert [f.code for f in failures.items] == ["QT034"] and "4,194,315 bytes" in failures.items[0].problem


def test_a_csv_line_over_the_limit_stops_that_file_with_a_failure(tmp_path):
    f = csv_file(tmp_path / "feed.csv", [["id", "text"], ["a", A], ["b", LONG], ["c", B]])
    articles, failures = read(f, max_bytes=1000)
    assert [a.id for a in articles] == ["a"]
    assert [x.code for x in failures.items] == ["QT034"]
    assert "line 3" in failures.items[0].problem and "the rest of the file was not read" in failures.items[0].problem


def test_a_csv_stream_on_stdin_is_read_from_a_spool(monkeypatch):
    import quotetrack.inputs.records as rf

    rows = io.StringIO()
    csv.writer(rows, lineterminator="\n").writerows([["id", "text"], ["a", A], ["b", B]])
    stream = io.BufferedReader(io.BytesIO(rows.getvalue().encode("cp1256")))
    stream.seekable = lambda: False  # a pipe
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(stream))
    spools = []
    real = rf.tempfile.TemporaryFile
    monkeypatch.setattr(rf.tempfile, "TemporaryFile", lambda *a, **k: spools.append(real(*a, **k)) or spools[-1])
    articles, failures = read("-", fmt="csv")
    assert [(a.id, a.text) for a in articles] == [("a", A), ("b", B)] and not failures.items
    assert len(spools) == 1 and spools[0].closed  # on disk, not in memory, and closed after
