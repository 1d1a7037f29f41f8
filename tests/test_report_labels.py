"""Readable reports: plain words in one language (--labels latin|ar), cue morphology in words, no speaker
printed twice, about-entities in one script, and the HTML row's link to where its speaker is named."""
from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from quotetrack.inputs.articles import Article
from quotetrack.cli import cli
from quotetrack.export.html import render_html, render_markdown
from quotetrack.export.labels import Labels
from quotetrack.export.report import render_text
from quotetrack.records import About, Cue, Quote
from quotetrack.corpus.runner import Result

from .conftest import SEED
from .test_export_html import Page

LATIN = re.compile(r"[A-Za-z]")
ARABIC = re.compile(r"[\u0621-\u064a]")


@pytest.fixture(scope="module")
def seed_results(nlp):
    from quotetrack.inputs.reading import read_inputs
    from quotetrack.corpus.runner import run

    return list(run(nlp, read_inputs([str(SEED)])))


@pytest.fixture(scope="module")
def arabic():
    return Labels.load("ar")


@pytest.mark.parametrize("lang, gender, number, words", [
    ("latin", "m", "s", "masculine singular"), ("latin", "f", "s", "feminine singular"),
    ("latin", "m", "p", "masculine plural"), ("latin", "f", "d", "feminine dual"), ("latin", "f", "", "feminine"),
    ("latin", "", "p", "plural"), ("latin", "", "", ""),
    ("ar", "m", "s", "مفرد مذكر"), ("ar", "f", "p", "جمع مؤنث"), ("ar", "m", "d", "مثنى مذكر"), ("ar", "", "", ""),
])
def test_cue_morphology_in_words(lang, gender, number, words):
    cue = Cue(0, 4, "وقال", "قال", "verb", gender=gender, number=number)
    lb = Labels(lang)
    assert lb.morphology(cue) == words
    assert lb.cue(cue) == (f"وقال (قال{lb.word('sep')}{words})" if words else "وقال (قال)")


@pytest.mark.parametrize("speaker, role, shown", [
    ("مصدر", "مصدر", ""), ("مصدر أمني", "مصدر", ""), ("المتحدث باسم الناتو", "المتحدث باسم الناتو", ""),
    ("الْمتحدث", "المتحدث", ""),  # diacritics do not make a different role
    ("فرح دخل الله", "المتحدث باسم الناتو", "المتحدث باسم الناتو"), ("مارك روتي", "", ""),
])
def test_a_role_that_repeats_the_name_is_not_shown(speaker, role, shown):
    assert Labels.role(Quote(0, 1, "x", "direct", speaker=speaker, speaker_role=role)) == shown


@pytest.mark.parametrize("about, latin, arabic_name", [
    (About("ukraine", "Ukraine", "country", 0, 9, "لأوكرانيا"), "Ukraine", "أوكرانيا"),
    (About("nato_members", "NATO members", "group", 0, 12, "حلفاء الناتو"), "NATO members", "حلفاء الناتو"),
    (About("place:كييف", "كييف", "place", 0, 4, "كييف"), "Kiyf", "كييف"),
    (About("ar:الكرملين", "الكرملين", "organisation", 0, 8, "الكرملين"), "Al-Karmlin", "الكرملين"),
    # the targets stage's records: the Arabic name always, the registry's Latin name where there is one
    (About("syria", "سوريا", "country", 0, 8, "السوريين", "سوريا", "Syria"), "Syria", "سوريا"),
    (About("ar:هاني_الفضيلي", "هاني الفضيلي", "person", 0, 7, "الفضيلي", "هاني الفضيلي"), "Hani Al-Fudaili",
     "هاني الفضيلي"),
    (About("unheard_of", "Somewhere", "place", 0, 5, "مكانٍ"), "Somewhere", "مكانٍ"),  # no Arabic name: the text
])
def test_an_entity_is_named_in_one_script(arabic, about, latin, arabic_name):
    assert Labels().entity(about) == latin
    assert arabic.entity(about) == arabic_name


def test_text_report_in_plain_words_with_about_entities_in_one_script(seed_results, arabic):
    latin_text, arabic_text = render_text(seed_results), render_text(seed_results, arabic)
    for text, foreign in ((latin_text, ARABIC), (arabic_text, LATIN)):
        about = [line.split(": ", 1)[1] for line in text.splitlines() if line.strip().startswith(("About:", "عمّ"))]
        assert len(about) == 8
        assert not [line for line in about if foreign.search(line)]
    assert "Speech verb: وأشاروا (أشار, masculine plural)" in latin_text
    assert "فعل القول: مؤكدة (أكد، مفرد مؤنث)" in arabic_text
    assert not re.search(r"\b(ms|mp|fs|fp)\b", latin_text + arabic_text)  # no bare codes
    assert "explicit_subject" not in latin_text and "named right after the verb" in latin_text
    assert "مذكور بعد فعل القول" in arabic_text


def one_quote_result(**speaker) -> Result:
    text = "قال مصدر: «الوضع هادئ تماما في المدينة»"
    s = text.index("الوضع")
    fields = {"id": "q01", "speaker_start": 4, "speaker_end": 8, "speaker_text": "مصدر",
              "resolution": "explicit_subject", "confidence": 0.94, **speaker}
    q = Quote(s, len(text) - 1, text[s:-1], "direct", Cue(0, 3, "قال", "قال", "verb", gender="m", number="s"),
              **fields)
    return Result(Article("a", text, title="عنوان"), [q])


def test_the_speaker_is_not_printed_twice_when_the_role_is_the_name():
    r = one_quote_result(speaker="مصدر", speaker_role="مصدر", speaker_kind="unnamed_source")
    text = render_text([r])
    assert "Said by: مصدر — unnamed source; named right after the verb; confidence 0.94" in text
    assert text.count("مصدر") == 2  # the speaker line and the speakers summary, each once
    html = render_html([r])
    assert "<td>—</td>" in html  # the role cell is empty, not مصدر again


HEADERS = {"latin": ["#", "Kind", "Speech verb", "Said by", "Role", "How the speaker was found", "Confidence",
                     "About", "Quote"],
           "ar": ["#", "النوع", "فعل القول", "القائل", "الصفة", "كيف عُرف القائل", "الثقة", "عمّ يتحدث", "الاقتباس"]}


class Anchors(Page):
    """Also the header cells and where each empty anchor stands in the article text."""

    def __init__(self):
        super().__init__()
        self.headers: list[str] = []
        self.at: dict[str, int] = {}
        self.links: dict[str, str] = {}  # quote id → its speaker cell's link target

    def handle_starttag(self, tag, attrs):
        super().handle_starttag(tag, attrs)
        a = dict(attrs)
        if tag == "a" and "id" in a:
            self.at[a["id"]] = len(self.text)
        if tag == "a" and a.get("href", "").endswith("-speaker"):
            self.links[a["href"].rsplit("-", 2)[1]] = a["href"][1:]

    def handle_data(self, data):
        if self.stack and self.stack[-1][0] == "th":
            self.headers.append(data)
        super().handle_data(data)


def anchors(html: str) -> Anchors:
    p = Anchors()
    p.feed(html)
    p.close()
    return p


@pytest.mark.parametrize("lang", ["latin", "ar"])
def test_html_headers_are_plain_words_in_one_language(seed_results, lang):
    lb = Labels.load(lang)
    html = render_html(seed_results, lb)
    p = anchors(html)
    assert p.headers == HEADERS[lang]
    assert "explicit_subject" not in html and "resolution" not in html
    cells = re.findall(r"<td>([^<]*)</td>", html)
    assert lb.resolution("zero_anaphora") in cells and lb.quote_type("indirect") in cells


def test_html_row_links_to_the_speakers_mention_even_paragraphs_away(seed_results):
    (r,) = seed_results
    text = r.article.text
    p = anchors(render_html(seed_results))
    far = 0
    for q in r.quotes:
        target = p.links[q.id]
        assert target == f"a0-{q.id}-speaker"
        pos = p.at[target]
        assert pos == q.speaker_start and text[pos:q.speaker_end] == q.speaker_text
        far += "\n" in text[q.speaker_end:q.start]
    assert far >= 2  # zero anaphora: the speaker was named in an earlier paragraph


def test_an_unknown_speaker_has_no_link_and_says_check_by_hand():
    r = one_quote_result(speaker="unknown", resolution="unknown", confidence=0.0)
    html = render_html([r])
    assert "-speaker" not in html and "unknown — check by hand" in html


def test_markdown_uses_the_same_words(seed_results, arabic):
    md = render_markdown(seed_results, arabic)
    assert "| \\# | " + " | ".join(HEADERS["ar"][1:]) + " |" in md  # \# is Markdown for a plain #


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_cli_labels_option(tmp_path, fmt):
    r = CliRunner().invoke(cli, ["report", str(SEED), "--format", fmt, "--labels", "ar", "-q", "-j", "1"])
    assert r.exit_code == 0, r.output
    assert "أوكرانيا" in r.stdout and "Ukraine" not in r.stdout
    r = CliRunner().invoke(cli, ["report", str(SEED), "--format", fmt, "--labels", "xx", "-q"])
    assert r.exit_code == 2 and "xx" in r.output
