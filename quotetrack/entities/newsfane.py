"""Reading NewsFANE Gold and rebuilding text that looks like what the pipeline reads.

NewsFANE Gold (Alotaibi & Lee, COLING 2014; CC BY-SA 3.0) is Arabic newswire
in CoNLL form (``token<TAB>tag``) with 50 fine classes, its text normalised and
clitic-split (``و قال``، ``اجهزت ها``).  ``rebuild`` glues the clitics back
(``و`` + ``المسلمين`` → ``والمسلمين``, the entity still starting after the و)
and puts punctuation against its word, so the recogniser trains on the forms
it will meet.
"""
from __future__ import annotations

import random
from pathlib import Path

from ..errors import Errors, ModelError

# NewsFANE's fine classes → the labels the pipeline uses.  Products, works and vehicles
# (Book, Movie, Software, Air …) never speak and are rarely what news quotes are about: O.
COARSE = {
    "PER": ("Politician", "Athlete", "Other_PER", "Artist", "Religious_PER", "Scientist", "Businessperson",
            "Police", "Lawyer", "Engineer"),
    "ORG": ("Non-Governmental", "Sports", "Government", "Media", "Commercial", "Educational",
            "Medical-Science", "Entertainment", "Religious_ORG"),
    "GPE": ("Nation", "Population-Center", "State-or-Province", "GPE-Cluster", "County-or-District"),
    "LOC": ("Continent", "Water-Body", "Land", "Land-Region-Natural", "Path", "Celestial", "Building-Grounds",
            "Airport", "Subarea-Facility"),
    "GRP": ("Group",),
}
FINE_TO_COARSE = {fine: coarse for coarse, fines in COARSE.items() for fine in fines}
PROCLITIC_TOKENS = {"و", "ف", "ب", "ل", "ك", "س"}
ENCLITIC_TOKENS = {"ه", "ها", "هم", "هما", "هن", "ك", "كم", "كن", "نا", "ني", "ي"}
CLOSING = set(".،,:;؛!?؟)]}%")
OPENING = set("([{")
BLOCK = 20  # consecutive sentences kept together when splitting


# -- reading ------------------------------------------------------------------------------------
def read_conll(path: str | Path, limit: int = 0) -> list[list[tuple[str, str]]]:
    """Sentences of (token, coarse BIO tag); unknown or unused classes become O."""
    sents, cur = [], []
    try:
        fh = open(path, encoding="utf-8-sig")
    except OSError as err:
        raise ModelError(Errors.E083.format(path=path, detail=err)) from None
    with fh:
        for lineno, line in enumerate(fh, 1):
            line = line.rstrip("\r\n").replace("\u200e", "").replace("\u200f", "")
            if not line.strip():
                if cur:
                    sents.append(cur)
                    cur = []
                    if limit and len(sents) >= limit:
                        break
                continue
            token, sep, tag = line.partition("\t")
            if not sep:
                raise ModelError(Errors.E082.format(path=path, line=lineno, detail="no tab"))
            tag = tag.strip()
            if tag != "O" and not tag[:2] in ("B-", "I-"):
                raise ModelError(Errors.E082.format(path=path, line=lineno, detail=f"tag {tag!r}"))
            if token.startswith("==="):
                continue  # a file separator line
            coarse = FINE_TO_COARSE.get(tag[2:]) if tag != "O" else None
            cur.append((token.strip(), f"{tag[:2]}{coarse}" if coarse else "O"))
    if cur:
        sents.append(cur)
    if not sents:
        raise ModelError(Errors.E082.format(path=path, line=0, detail="no sentences"))
    return sents


def rebuild(sentences: list[list[tuple[str, str]]]) -> tuple[str, list[tuple[int, int, str]]]:
    """Text of consecutive sentences as an article would print them, and the entities' char spans."""
    pieces: list[str] = []
    pos = 0
    spans: list[list] = []
    for sent in sentences:
        glue = False  # the next token joins the previous one (after a proclitic or an opening bracket)
        for k, (tok, tag) in enumerate(sent):
            nxt = sent[k + 1][0] if k + 1 < len(sent) else ""
            proclitic = tok in PROCLITIC_TOKENS and tag == "O" and nxt[:1].isalpha() and len(nxt) > 1
            enclitic = tok in ENCLITIC_TOKENS and tag == "O" and pieces and pieces[-1][-1:].isalpha() \
                and not proclitic  # ك ما is كما (a proclitic), اجهزت ها is اجهزتها (an enclitic)
            if pieces and not glue and tok not in CLOSING and not enclitic:
                pieces.append(" ")
                pos += 1
            begin = pos
            pieces.append(tok)
            pos += len(tok)
            if tag.startswith("B-") or (tag.startswith("I-") and (not spans or spans[-1][3] is not True)):
                spans.append([begin, pos, tag[2:], True])
            elif tag.startswith("I-"):
                spans[-1][1] = pos
            elif spans and spans[-1][3] is True:
                spans[-1][3] = False
            glue = proclitic or tok in OPENING
        if spans:
            spans[-1][3] = False
    return "".join(pieces), [(s, e, lab) for s, e, lab, _ in spans]


def blocks(sentences: list, size: int = BLOCK) -> list[list]:
    return [sentences[i:i + size] for i in range(0, len(sentences), size)]


def split(items: list, seed: int) -> tuple[list, list, list]:
    """80 / 10 / 10 with a fixed seed."""
    order = list(range(len(items)))
    random.Random(seed).shuffle(order)
    n = len(items)
    n_test = max(1, n // 10) if n >= 3 else 0
    n_dev = max(1, n // 10) if n >= 3 else 0
    test = [items[i] for i in sorted(order[:n_test])]
    dev = [items[i] for i in sorted(order[n_test:n_test + n_dev])]
    train = [items[i] for i in sorted(order[n_test + n_dev:])]
    return train, dev, test


