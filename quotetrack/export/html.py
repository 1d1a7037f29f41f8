"""Markdown and HTML reports, pure functions from results to strings.

The HTML report is one self-contained file (inline CSS, no script, no
external asset), right-to-left, with each quote, cue, speaker mention and
about-entity highlighted in the article text; a quote's row links to the quote
in the text and to the mention that names its speaker, however far before it
(``#a0-q06`` and ``#a0-q06-speaker``).  Headers and names are in the words of
``--labels`` (:mod:`quotetrack.export.labels`).  Highlights may overlap or nest
(an entity inside a quote, a speaker inside another quote's content), so the
text is cut at every span boundary into flat segments, each carrying the
classes of every span that covers it: no tag ever has to close inside another,
and every piece of text is escaped exactly once.
"""
from __future__ import annotations

import html
import re
from bisect import bisect_left, insort

from ..about import __version__
from .labels import Labels, is_unknown, plural
from .report import summary

TOP_ENTITIES = 8
MAX_NAMED = 12  # quote ids (and roles) a highlighted segment names; more are counted ("+5")
LAYERS = ("q", "cue", "spk", "about")  # CSS classes: quote content, cue, speaker mention, about-entity

CSS = """
body{font-family:"Noto Naskh Arabic","Amiri","DejaVu Sans","Arial",sans-serif;margin:2rem auto;max-width:60rem;
 padding:0 1rem;color:#222;background:#fff;line-height:1.6}
h1{font-size:1.5rem}h2{font-size:1.25rem;border-bottom:2px solid #ddd;padding-bottom:.3rem;margin-top:2.5rem}
h3{font-size:1.05rem;margin-bottom:.3rem}
.meta,.legend,.none{color:#555;font-size:.9rem}
.text{white-space:pre-wrap;line-height:2.1;border:1px solid #e5e5e5;border-radius:6px;padding:1rem;background:#fcfcfc}
.q{background:#fff4b8;border-bottom:2px solid #d9a400}
.cue{font-weight:bold;color:#a4000f;text-decoration:underline}
.spk{background:#d6e6ff;border-bottom:2px solid #2456b8}
.about{background:#cdeecd;outline:1px dotted #2e7d32}
.qs::before{content:attr(data-start);font-size:.7rem;color:#fff;background:#8a6d00;border-radius:3px;
 padding:0 .25rem;margin-inline-end:.2rem;vertical-align:super}
table{border-collapse:collapse;width:100%;font-size:.92rem;margin:.5rem 0}
th,td{border:1px solid #ddd;padding:.3rem .45rem;vertical-align:top;text-align:start}
th{background:#f3f3f3}
tr.unknown td{color:#777;font-style:italic}
td.quote{min-width:18rem}
.legend span{padding:0 .3rem;margin-inline-end:.5rem}
ul{margin:.2rem 0}
.warn{color:#8a4b00}
"""


def esc(s) -> str:
    return html.escape(str(s if s is not None else ""), quote=True)


def bdi(s) -> str:
    """Isolate a value's direction: a Latin name inside Arabic text keeps its own order, and a
    direction override in a title (U+202E) or a quote ends with the value instead of turning around
    what follows it (a count, the next cell's text).  Every string from an article goes through here."""
    return f"<bdi>{esc(s)}</bdi>"


def _spans(text: str, quotes) -> list[tuple[int, int, str, str]]:
    """(start, end, layer, quote id) of every highlight whose offsets fit the text."""
    out = []

    def add(start, end, layer, qid):
        if 0 <= start < end <= len(text):
            out.append((start, end, layer, qid))

    for q in quotes:
        add(q.start, q.end, "q", q.id)
        if q.cue is not None:
            add(q.cue.start, q.cue.end, "cue", q.id)
        if q.speaker_start >= 0 and q.speaker != "unknown":
            add(q.speaker_start, q.speaker_end, "spk", q.id)
        for a in q.about:
            add(a.start, a.end, "about", q.id)
    return out


def highlight(text: str, quotes, anchor: str = "") -> str:
    """The article text as escaped HTML, cut into flat segments at every highlight boundary.

    A segment inside quote ``q05`` carries ``data-q="q05"`` (space-separated
    when quotes overlap); the first segment of each quote has
    ``id="<anchor>-q05"`` and shows the quote id through CSS, so the text
    content of the page stays exactly the article text.

    One sweep over the boundaries, keeping the spans that cover the current
    segment: linear in the text and the spans (a scan of every span for
    every segment made a 2 MB article take minutes).  A segment names at most
    ``MAX_NAMED`` quotes and roles (then ``+N``): deeply nested quotes would
    otherwise make the page grow with the square of their number.
    """
    spans = _spans(text, quotes)
    opening: dict[int, list[int]] = {}
    closing: dict[int, list[int]] = {}
    for i, (s, e, _, _) in enumerate(spans):
        opening.setdefault(s, []).append(i)
        closing.setdefault(e, []).append(i)
    cuts = sorted({0, len(text), *opening, *closing})
    starts: dict[int, list[str]] = {}
    speakers: dict[int, list[str]] = {}
    for s, _, layer, qid in spans:
        if layer == "q":
            starts.setdefault(s, []).append(qid)
        elif layer == "spk":
            speakers.setdefault(s, []).append(qid)
    active: list[int] = []  # indices of the spans covering the segment, in span order
    layers = dict.fromkeys(LAYERS, 0)  # how many active spans of each layer
    out = []
    for a, b in zip(cuts, cuts[1:]):
        for i in closing.get(a, ()):
            del active[bisect_left(active, i)]
            layers[spans[i][2]] -= 1
        for i in opening.get(a, ()):
            insort(active, i)
            layers[spans[i][2]] += 1
        # an empty anchor per quote where its speaker is named: the row's speaker link lands there
        out.extend(f'<a id="{esc(anchor)}-{esc(qid)}-speaker"></a>' for qid in speakers.get(a, ()))
        piece = esc(text[a:b])
        if not active:
            out.append(piece)
            continue
        classes = [layer for layer in LAYERS if layers[layer]]
        in_quotes, roles = _named(spans, active)
        attrs = [f'class="{" ".join(classes)}{" qs" if a in starts else ""}"']
        if in_quotes:
            attrs.append(f'data-q="{esc(" ".join(in_quotes))}"')
        if a in starts:
            attrs.append(f'data-start="{esc(" ".join(starts[a][:MAX_NAMED]))}" id="{esc(anchor)}-{esc(starts[a][0])}"')
        attrs.append(f'title="{esc("; ".join(in_quotes + roles))}"')
        out.append(f"<span {' '.join(attrs)}>{piece}</span>")
    return "".join(out)


def _named(spans, active: list[int]) -> tuple[list[str], list[str]]:
    """The quote ids and the roles (``q05 cue``) a segment names, each once, at most ``MAX_NAMED`` of each."""
    quotes, roles = _Capped(), _Capped()
    for i in active:
        _, _, layer, qid = spans[i]
        if layer == "q":
            quotes.add(qid)
        else:  # once each: two entities may share a mention (الكرملين → Russia and the Kremlin)
            roles.add(f"{qid} {'cue' if layer == 'cue' else 'speaker' if layer == 'spk' else 'about'}")
    return quotes.shown("+{}"), roles.shown("+{} more")


class _Capped:
    """Distinct items in the order met, at most ``MAX_NAMED``, and how many more there were."""

    def __init__(self):
        self.items: dict[str, None] = {}
        self.more = 0

    def add(self, item: str) -> None:
        if item in self.items:
            return
        if len(self.items) < MAX_NAMED:
            self.items[item] = None
        else:
            self.more += 1

    def shown(self, more: str) -> list[str]:
        return list(self.items) + ([more.format(self.more)] if self.more else [])


AR = ' dir="rtl" lang="ar"'  # on what the article says (text, quotes, names): right to left whatever the labels


def _names(names, lb: Labels, arabic: bool | None = None) -> str:
    """A list of names as one run in the names' direction (Arabic: right to left, with Arabic commas),
    a name in the other script isolated: a list in the page's direction would reorder "مارك روتي (3)"."""
    arabic = lb.lang == "ar" if arabic is None else arabic
    sep = "، " if arabic else ", "
    run = sep.join(bdi(n) for n in names)  # each isolated: a name from an article may hold an override
    # &rlm; ends the run on a right-to-left letter: a renderer that embeds instead of isolating
    # (MuPDF, which makes the README's screenshot) would otherwise mirror the last "(1)" outwards
    return f"<span{AR}>{run}&rlm;</span>" if arabic and run else run


def _cue(cue, lb: Labels) -> str:
    """The cue as written and its lemma (Arabic), its gender and number in the labels' words below."""
    if cue is None:
        return "—"
    lemma = f" <small>({bdi(cue.lemma)})</small>" if cue.lemma and cue.lemma != cue.text else ""
    morph = lb.morphology(cue)
    return bdi(cue.text) + lemma + (f"<br><small>{bdi(morph)}</small>" if morph else "")


def _quote_row(q, anchor: str, lb: Labels) -> str:
    spk = bdi(q.speaker) if not is_unknown(q) else esc(lb.word("unknown"))
    if not is_unknown(q) and q.speaker_start >= 0:
        spk = f'<a href="#{esc(anchor)}-{esc(q.id)}-speaker" title="{esc(lb.word("speaker_link"))}">{spk}</a>'
    if q.speaker_latin and lb.lang == "latin" and not is_unknown(q):
        spk += f"<br><small>{bdi(q.speaker_latin)}</small>"
    if q.channel:
        spk += f"<br><small>{esc(lb.word('via'))} {bdi(q.channel)}</small>"
    unknown = " unknown" if is_unknown(q) else ""  # greyed: no speaker was defensible
    return (f'<tr class="{esc(q.type)}{unknown}"><td><a href="#{esc(anchor)}-{esc(q.id)}">{esc(q.id)}</a></td>'
            f"<td>{esc(lb.quote_type(q.type))}</td><td{AR}>{_cue(q.cue, lb)}</td><td{AR}>{spk}</td>"
            f"<td{AR}>{bdi(lb.role(q)) if lb.role(q) else '—'}</td><td>{esc(lb.resolution(q.resolution))}</td>"
            f"<td>{q.confidence:.2f}</td><td>{_names(lb.entities(q), lb) or '—'}</td>"
            f'<td class="quote"{AR}>{bdi(q.text)}</td></tr>')


COLUMNS = ("col_id", "col_type", "col_cue", "col_speaker", "col_role", "col_resolution", "col_confidence",
           "col_about", "col_quote")


def _counts(items, lb: Labels, arabic: bool | None = None) -> str:
    return _names([f"{n} ({c})" for n, c in items], lb, arabic)


def article_html(r, index: int, labels: Labels | None = None) -> str:
    lb = labels or Labels()
    a = r.article
    anchor = f"a{index}"
    out = [f'<section class="article" id="{anchor}">',
           f'<h2 dir="auto">{bdi(a.title or a.id)}</h2>',
           # <bdi>: in a right-to-left paragraph an id like 000_39457 would otherwise print as 39457_000
           '<p class="meta">' + " · ".join(bdi(x) for x in (a.id, a.source, a.date, a.url) if x) + "</p>"]
    if a.note:
        out.append(f'<p class="meta"><bdi>{esc(lb.word("note"))}: {esc(a.note)}</bdi></p>')
    s = summary(r.quotes, lb)
    out.append(f"<h3>{esc(lb.word('summary'))} ({len(r.quotes)} {esc(lb.word('quotes'))})</h3><ul>")
    # speakers by their Arabic names whatever the labels; entities in the labels' script
    out.append(f"<li>{esc(lb.word('speakers'))}: {_counts(s['speakers'], lb, arabic=True) or '—'}</li>")
    out.append(f"<li>{esc(lb.word('talked_about'))}: {_counts(s['entities'][:TOP_ENTITIES], lb) or '—'}</li></ul>")
    if r.warnings:
        out.append(f"<h3>{esc(lb.word('warnings'))}</h3><ul>")
        out.extend(f'<li class="warn"><bdi>{esc(w.message)}</bdi></li>' for w in r.warnings)
        out.append("</ul>")
    if r.quotes:
        out.append(f"<h3>{esc(lb.word('quote_table'))}</h3><table><thead><tr>"
                   + "".join(f"<th>{esc(lb.word(c))}</th>" for c in COLUMNS) + "</tr></thead><tbody>")
        out.extend(_quote_row(q, anchor, lb) for q in r.quotes)
        out.append("</tbody></table>")
    else:
        out.append(f'<p class="none">{esc(lb.word("none"))}</p>')
    out.append(f"<h3>{esc(lb.word('text'))}</h3>")
    out.append(f'<div class="text"{AR}>{highlight(a.text, r.quotes, anchor)}</div>')
    out.append("</section>")
    return "\n".join(out)


def render_html(results, labels: Labels | None = None) -> str:
    """One self-contained right-to-left HTML page for all articles (words and names: ``labels``)."""
    lb = labels or Labels()
    results = list(results)
    n = sum(len(r.quotes) for r in results)
    legend = ('<p class="legend">' + " ".join(f'<span class="{cls}">{esc(lb.word(key))}</span>' for cls, key in (
        ("q", "legend_quote"), ("cue", "legend_cue"), ("spk", "legend_speaker"), ("about", "legend_about")))
        + "</p>")
    toc = "".join(f'<li><a href="#a{i}">{bdi(r.article.title or r.article.id)}</a> ({len(r.quotes)})</li>'
                  for i, r in enumerate(results)) if len(results) > 1 else ""
    body = "\n".join(article_html(r, i, lb) for i, r in enumerate(results))
    counts = (f"{plural(len(results), 'article')}, {plural(n, 'quote')}" if lb.lang == "latin"
              else f"{lb.word('articles')}: {len(results)}، {lb.word('quotes')}: {n}")
    # the page reads in the labels' direction; what the articles say is right to left in either (AR)
    page = 'dir="rtl" lang="ar"' if lb.lang == "ar" else 'dir="ltr" lang="en"'
    return ("<!DOCTYPE html>\n"
            f'<html {page}>\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<meta name="generator" content="quotetrack {esc(__version__)}">\n'
            f"<title>quotetrack — {esc(counts)}</title>\n"
            f"<style>{CSS}</style>\n</head>\n<body>\n"
            f"<h1>{esc(lb.word('title'))} — quotetrack</h1>\n"
            f'<p class="meta"><bdi>{esc(counts)}</bdi></p>\n{legend}\n'
            + (f"<ul>{toc}</ul>\n" if toc else "")
            + body + "\n</body>\n</html>\n")


# ---------------------------------------------------------------------------
# Markdown
# ---------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|#<>])")


def md(s) -> str:
    """A table-cell-safe Markdown string: special characters backslash-escaped, newlines as <br>."""
    s = _MD_SPECIAL.sub(r"\\\1", str(s if s is not None else ""))
    s = s.replace("&", "&amp;")
    return "<br>".join(line.strip() for line in s.replace("\r\n", "\n").replace("\r", "\n").split("\n"))


def article_markdown(r, labels: Labels | None = None) -> str:
    lb = labels or Labels()
    a = r.article
    out = [f"## {md(a.id)}: {md(a.title)}", ""]
    meta = " · ".join(md(x) for x in (a.source, a.date, a.url) if x)
    if meta:
        out += [meta, ""]
    if a.note:
        out += [f"*{md(lb.word('note'))}: {md(a.note)}*", ""]
    s = summary(r.quotes, lb)
    sep = lb.word("sep")
    out.append(f"- **{len(r.quotes)} {md(lb.word('quotes'))}**")
    out.append(f"- {md(lb.word('speakers'))}: " + (sep.join(f"{md(n)} ({c})" for n, c in s["speakers"]) or "—"))
    out.append(f"- {md(lb.word('talked_about'))}: "
               + (sep.join(f"{md(n)} ({c})" for n, c in s["entities"][:TOP_ENTITIES]) or "—"))
    out.append("")
    if r.quotes:
        out.append("| " + " | ".join(md(lb.word(c)) for c in COLUMNS) + " |")
        out.append("|" + "---|" * len(COLUMNS))
        for q in r.quotes:
            spk = md(lb.speaker(q))
            out.append(f"| {md(q.id)} | {md(lb.quote_type(q.type))} | {md(lb.cue(q.cue))} | {spk} | "
                       f"{md(lb.role(q)) or '—'} | {md(lb.resolution(q.resolution))} | {q.confidence:.2f} | "
                       f"{md(sep.join(lb.entities(q))) or '—'} | {md(q.text)} |")
        out.append("")
    else:
        out += [md(lb.word("none")), ""]
    if r.warnings:
        out.append(f"**{md(lb.word('warnings'))}**")
        out.append("")
        out.extend(f"- {md(w.message)}" for w in r.warnings)
        out.append("")
    return "\n".join(out)


def render_markdown(results, labels: Labels | None = None) -> str:
    """Markdown report: per article a summary, a table with one row per quote, the warnings.

    Wrapped in ``<div dir="rtl">`` so renderers that keep HTML (GitHub,
    GitLab) lay the Arabic out right to left.
    """
    lb = labels or Labels()
    parts = ['<div dir="rtl" lang="ar">', "", f"# quotetrack — {md(lb.word('title'))}", ""]
    parts += [article_markdown(r, lb) for r in results]
    parts += ["</div>", ""]
    return "\n".join(parts)
