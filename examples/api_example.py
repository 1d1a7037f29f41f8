#!/usr/bin/env python3
"""quotetrack's Python API in a few lines: load, run on a text, read quotes, build the graph.

    python examples/api_example.py
"""
import quotetrack
from quotetrack.inputs.articles import Article
from quotetrack.export.graph import build_graph, collapse
from quotetrack.corpus.runner import run

TEXT = (
    "الناتو يدين الهجوم\n"
    "وقال الأمين العام لحلف شمال الأطلسي مارك روتي إن \"روسيا تصعّد الحرب في أوكرانيا\".\n"
    "وأكدت وزارة الخارجية الأوكرانية أن كييف ستواصل الدفاع عن أراضيها.\n"
)

nlp = quotetrack.load()  # the embedded Arabic pipeline, no model download

# One text: doc._.quotes holds Quote records with character offsets into the text.
doc = nlp(TEXT)
for q in doc._.quotes:
    assert TEXT[q.start:q.end] == q.text
    about = ", ".join(a.name for a in q.about) or "-"
    print(f"{q.id} {q.type:<8} {q.speaker} ({q.speaker_latin}) via {q.cue.text if q.cue else '-'}: "
          f"«{q.text}» about: {about}")

# Many articles: runner.run streams Results (article, quotes, warnings); the graph joins them.
results = list(run(nlp, [Article("example", TEXT, title=TEXT.split("\n")[0])]))
G = build_graph(results)
print(f"graph: {G.number_of_nodes()} nodes, {G.number_of_edges()} edges")
for u, v, n in collapse(G).edges(data="count"):
    print(f"  {G.nodes[u]['label_latin']} -> {G.nodes[v]['label_latin']}: {n} quote(s)")
