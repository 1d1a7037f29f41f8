"""HTML and Markdown reports: every quote's span highlighted, escaped, right to left, self-contained."""
from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
from html.parser import HTMLParser

import pytest

from quotetrack.inputs.articles import Article
from quotetrack.export.html import highlight, render_html, render_markdown
from quotetrack.records import About, Cue, DocWarning, Quote
from quotetrack.corpus.runner import Result

from .conftest import SEED, shared_path


class Page(HTMLParser):
    """Collects the article text, the text of each quote's highlighted segments, tags and table rows."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict]] = []
        self.text = ""  # everything inside <div class="text">
        self.quote_text: dict[str, str] = {}
        self.classes: dict[str, set] = {}  # quote id → highlight classes seen inside it
        self.parts: dict[tuple[str, str], str] = {}  # (quote id, cue|speaker|about) → highlighted text
        self.tags: list[tuple[str, dict]] = []
        self.rows = 0
        self.root: dict = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if tag == "html":
            self.root = attrs
        if tag == "tr" and any(t == "tbody" for t, _ in self.stack):
            self.rows += 1
        self.stack.append((tag, attrs))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        if not any(t == "div" and a.get("class") == "text" for t, a in self.stack):
            return
        self.text += data
        span = next((a for t, a in reversed(self.stack) if t == "span"), None)
        for item in (span or {}).get("title", "").split("; "):
            if " " in item:
                key = tuple(item.split(" ", 1))
                self.parts[key] = self.parts.get(key, "") + data
        for qid in (span or {}).get("data-q", "").split():
            self.quote_text[qid] = self.quote_text.get(qid, "") + data
            self.classes.setdefault(qid, set()).update(span["class"].split())


def parse(html: str) -> Page:
    p = Page()
    p.feed(html)
    p.close()
    return p


HOSTILE = 'قال الوزير: «لا <script>alert("x")</script> & لا» ثم أضاف أن "روسيا\nستدفع الثمن" وتابع'


def hostile_result():
    """Overlapping and nested spans over text full of HTML metacharacters."""
    t = HOSTILE
    q1s, q1e = t.index("لا <"), t.index("»")
    q2s, q2e = t.index("روسيا"), t.index('" وتابع')
    q1 = Quote(q1s, q1e, t[q1s:q1e], "direct", Cue(0, 3, t[0:3], "قال", "verb"), id="q01", speaker="الوزير",
               speaker_start=4, speaker_end=10, resolution="explicit_subject", confidence=0.9)
    # q02's cue (أضاف) lies outside it, its about-entity (روسيا) starts exactly where it starts
    c = t.index("أضاف")
    q2 = Quote(q2s, q2e, t[q2s:q2e], "indirect", Cue(c, c + 4, "أضاف", "أضاف", "verb"), id="q02",
               speaker="الوزير", speaker_start=4, speaker_end=10, resolution="zero_anaphora", confidence=0.7,
               about=[About("russia", "Russia", "country", q2s, q2s + 5, "روسيا")])
    # a third quote overlapping q01's end, and an offset past the text that must be ignored, not crash
    q3 = Quote(q1e - 3, q1e + 4, t[q1e - 3:q1e + 4], "mixed", None, id="q03", speaker="unknown",
               resolution="unknown", about=[About("x", "X", "place", 900, 905, "?")])
    art = Article("hostile", t, title="<b>title</b> & co")
    return Result(art, [q1, q2, q3], [DocWarning("QT103", "[QT103] closing mark '<' & co", 5)])


def test_highlight_keeps_the_text_and_every_quote_span_exactly():
    r = hostile_result()
    p = parse(f'<div class="text">{highlight(r.article.text, r.quotes, "a0")}</div>')
    assert p.text == r.article.text  # nothing lost, nothing added, everything unescaped once
    for q in r.quotes:
        assert p.quote_text[q.id] == q.text
    assert not any(t == "script" for t, _ in p.tags)
    assert {"q", "about"} <= p.classes["q02"] and "spk" not in p.classes["q02"]


def test_html_report_is_self_contained_rtl_and_escaped():
    from quotetrack.export.labels import Labels

    r = hostile_result()
    arabic = parse(render_html([r], Labels("ar"))).root
    assert (arabic.get("dir"), arabic.get("lang")) == ("rtl", "ar")
    html = render_html([r])  # English labels: the page reads left to right, what the article says right to left
    p = parse(html)
    assert (p.root.get("dir"), p.root.get("lang")) == ("ltr", "en")
    assert '<div class="text" dir="rtl" lang="ar">' in html and '<td class="quote" dir="rtl" lang="ar">' in html
    assert not any(t in ("script", "link", "img", "iframe") for t, _ in p.tags)
    assert not any("src" in a or (a.get("href", "#")[:1] != "#") for _, a in p.tags)
    assert "<style>" in html and "<b>title</b>" not in html and "&lt;b&gt;title&lt;/b&gt; &amp; co" in html
    assert "closing mark &#x27;&lt;&#x27; &amp; co" in html  # the warning, escaped
    assert p.rows == 3
    assert re.search(r'<tr class="mixed unknown">', html)  # q03 has no speaker: greyed
    for q in r.quotes:
        assert p.quote_text[q.id] == q.text


@pytest.fixture(scope="module")
def seed_results(nlp):
    from quotetrack.inputs.reading import read_inputs
    from quotetrack.corpus.runner import run

    return list(run(nlp, read_inputs([str(SEED)])))


def test_seed_html_highlights_every_quote_with_its_cue_speaker_and_entities(seed_results):
    (r,) = seed_results
    p = parse(render_html(seed_results))
    assert p.text == r.article.text
    assert p.rows == len(r.quotes) > 0
    text = r.article.text
    for q in r.quotes:
        assert p.quote_text[q.id] == q.text
        assert p.parts[(q.id, "cue")] == q.cue.text
        assert p.parts[(q.id, "speaker")] == text[q.speaker_start:q.speaker_end]
        # the characters of the entity mentions, each once, in text order (mentions may nest: لكييف ⊃ كييف)
        covered = sorted({i for a in q.about for i in range(a.start, a.end)})
        assert p.parts.get((q.id, "about"), "") == "".join(text[i] for i in covered)
    summary = re.sub(r"<[^>]+>", "", re.search(r"Speakers: (.*?)</li>", render_html(seed_results)).group(1))
    assert "مارك روتي (3)" in summary


@pytest.mark.shared
def test_dev_corpus_highlights_keep_every_text_and_quote(nlp):
    from quotetrack.inputs.reading import read_inputs
    from quotetrack.corpus.runner import run

    found = list(run(nlp, read_inputs([str(shared_path("corpus", "dev", "articles"))])))
    assert sum(len(r.quotes) for r in found) > 100
    for r in found:  # real articles: nested marks, overlapping quotes, entities inside speakers
        p = parse(f'<div class="text">{highlight(r.article.text, r.quotes, "a")}</div>')
        assert p.text == r.article.text, r.article.id
        for q in r.quotes:
            assert p.quote_text.get(q.id, "") == q.text, (r.article.id, q.id)


def test_markdown_has_one_row_per_quote_with_its_text(seed_results):
    (r,) = seed_results
    md = render_markdown(seed_results)
    rows = [line for line in md.splitlines() if re.match(r"^\| q\d+ \|", line)]
    assert len(rows) == len(r.quotes)
    for q, row in zip(r.quotes, rows):
        assert row.startswith(f"| {q.id} | {q.type} |")
        assert row.endswith(" |") and row.count(" | ") >= 8
    mdit = pytest.importorskip("markdown_it", reason="markdown-it-py renders the table to check its cells")
    page = parse('<div class="text">' + mdit.MarkdownIt("commonmark").enable("table").render(md) + "</div>")
    for q in r.quotes:
        assert " ".join(q.text.split()) in " ".join(page.text.split())


def test_markdown_cells_survive_pipes_newlines_and_tags():
    r = hostile_result()
    r.quotes[0].text = "أ | ب\nج <i>د</i> *هـ*"
    md = render_markdown([r])
    row = next(line for line in md.splitlines() if line.startswith("| q01 |"))
    assert row.count(" | ") == 8  # the pipe in the text is escaped, not a new column
    assert "<i>" not in row and "\n" not in row


def chromium() -> str | None:
    return next((p for p in (shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome")) if p), None)


@pytest.mark.slow
def test_html_renders_in_headless_chromium(seed_results, tmp_path):
    exe = chromium()
    if exe is None:
        pytest.skip("no chromium on PATH (apt-get install -y chromium) to render the HTML report")
    page, png = tmp_path / "report.html", tmp_path / "report.png"
    page.write_text(render_html(seed_results), encoding="utf-8")
    cmd = [exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--disable-component-update", "--no-first-run", f"--user-data-dir={tmp_path / 'profile'}",
           "--window-size=1100,2400", f"--screenshot={png}", page.as_uri()]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=120, env={**os.environ, "HOME": str(tmp_path)})
    assert png.exists(), f"no screenshot: {r.returncode}\n{r.stderr[-2000:]}"
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (1100, 2400)
    # a blank page of this size compresses to a few kB; the report is text, tables and colours
    assert len(data) > 50_000, f"screenshot only {len(data)} bytes: blank page?"


def test_deeply_nested_quotes_name_a_bounded_number_of_quotes_per_segment():
    from quotetrack.export.html import MAX_NAMED

    text = "«" * 30 + "نص" + "»" * 30
    quotes = [Quote(i, len(text) - i, text[i:len(text) - i], "direct", id=f"q{i + 1:02d}") for i in range(30)]
    p = parse(f'<div class="text">{highlight(text, quotes, "a0")}</div>')
    assert p.text == text
    inner = re.search(r'data-q="([^"]*)"[^>]*>«نص»<', highlight(text, quotes, "a0")).group(1).split()
    assert inner[:MAX_NAMED] == [f"q{i:02d}" for i in range(1, MAX_NAMED + 1)] and inner[-1] == f"+{30 - MAX_NAMED}"
    for q in quotes[:MAX_NAMED]:  # the outer quotes are named in every segment they cover
        assert p.quote_text[q.id] == q.text
