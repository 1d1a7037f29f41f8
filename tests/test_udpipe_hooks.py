"""The resolver's use of the parse (udpipe backend): where it helps, and only there."""
from __future__ import annotations

TEXT = "واندلع حريق في المصفاة، وقالت حوله الشركة إنها احتوت حريقا محدودا في المصفاة."


def test_parse_subject_where_the_surface_finds_none(nlp, udpipe_nlp):
    # the surface reader cannot see past حوله; the parse's nsubj is الشركة
    [rules_q] = nlp(TEXT)._.quotes
    [ud_q] = udpipe_nlp(TEXT)._.quotes
    assert rules_q.resolution != "parse_subject"
    assert (ud_q.speaker, ud_q.resolution, ud_q.backend) == ("الشركة", "parse_subject", "udpipe")
    assert (ud_q.start, ud_q.end) == (rules_q.start, rules_q.end)


def test_surface_subject_wins_over_the_parse(nlp, udpipe_nlp, seed_text):
    # the weak model misparses دخل in فرح دخل الله as a verb; the surface reading is kept
    rules = {q.text: q for q in nlp(seed_text)._.quotes}
    ud = {q.text: q for q in udpipe_nlp(seed_text)._.quotes}
    assert rules.keys() == ud.keys()
    for text, q in rules.items():
        assert (ud[text].speaker, ud[text].resolution) == (q.speaker, q.resolution)
    assert all(q.backend == "udpipe" for q in ud.values())


def test_tagger_fills_missing_agreement_only(udpipe_nlp):
    doc = udpipe_nlp("وقال الوزير سامي خليل إن الوضع خطير، بحسب مصدر أمني.")
    by_text = {c.text: c for c in doc._.qt_cues}
    assert (by_text["وقال"].gender, by_text["وقال"].number) == ("m", "s")  # the form's own features
