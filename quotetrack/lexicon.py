"""How common an Arabic word is in general text: one table for every stage.

A word nobody has listed can still be judged: ``الفضيلي`` and ``سولبرغ`` are
rare in general Arabic, ``الوزير`` and ``حاليا`` are common.  The entity
recogniser reads the frequency as a feature, the analyser uses it to choose a
segmentation (``لبنان`` is a word, ``لأوكرانيا`` is ل + أوكرانيا), and the
attribution ranker uses it for candidates no list holds.

The table (``quotetrack/data/ar_wordfreq.tsv.gz``) holds folded word forms
with their Zipf frequency ×10 (log10 of occurrences per billion words), made
from the `wordfreq` package's Arabic list (data CC BY-SA 4.0, Robyn Speer et
al.) by :func:`build_table` — rerun with ``quotetrack train-entities
--rebuild-lexicon``.  Forms under ``MIN_ZIPF`` are left out: they all read as
"rare".
"""
from __future__ import annotations

import gzip
import io
import math
import re
from importlib.metadata import version as _version
from functools import lru_cache
from pathlib import Path

from .errors import Errors, ModelError
from .normalize import fold

TABLE = Path(__file__).resolve().parent / "data" / "ar_wordfreq.tsv.gz"
MIN_ZIPF = 2.0
_ARABIC_WORD = re.compile("^[\u0621-\u064a\u0671-\u06d3]+$")


class Lexicon:
    """Zipf frequencies of folded words; 0.0 for a word the table does not hold."""

    def __init__(self, zipf10: dict[str, int]):
        self._zipf10 = zipf10

    def __len__(self) -> int:
        return len(self._zipf10)

    def zipf(self, folded: str) -> float:
        return self._zipf10.get(folded, 0) / 10

    def __contains__(self, folded: str) -> bool:
        return folded in self._zipf10

    def words(self, min_zipf: float = 0.0) -> list[str]:
        """The words at least this common, most common first."""
        floor = round(min_zipf * 10)
        return sorted((w for w, z in self._zipf10.items() if z >= floor), key=lambda w: -self._zipf10[w])

    @classmethod
    def read(cls, path: str | Path = TABLE) -> "Lexicon":
        try:
            with gzip.open(path, "rt", encoding="utf-8") as fh:
                table = {}
                for line in fh:
                    if line.startswith("#"):
                        continue
                    word, _, value = line.rstrip("\n").partition("\t")
                    table[word] = int(value)
        except (OSError, ValueError, EOFError) as err:
            raise ModelError(Errors.E080.format(path=path, detail=err)) from None
        return cls(table)


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The shipped table, read once per process (about 0.2 s)."""
    return Lexicon.read(TABLE)


def build_table(out: str | Path = TABLE, min_zipf: float = MIN_ZIPF) -> int:
    """Write the frequency table from the installed ``wordfreq`` package; returns its size.

    Spellings that fold together (أكد / اكد) add up their frequencies."""
    try:
        import wordfreq
    except ImportError:
        raise ModelError(Errors.E081.format(package="wordfreq")) from None
    freqs: dict[str, float] = {}
    for word, freq in wordfreq.get_frequency_dict("ar", wordlist="best").items():
        if _ARABIC_WORD.match(word):
            key = fold(word)
            freqs[key] = freqs.get(key, 0.0) + freq
    rows = sorted(((w, round(10 * (math.log10(f) + 9))) for w, f in freqs.items()
                   if math.log10(f) + 9 >= min_zipf), key=lambda r: (-r[1], r[0]))
    buf = io.StringIO()
    buf.write(f"# Arabic word frequencies (folded forms, Zipf x10) from wordfreq {_version('wordfreq')}\n")
    buf.write("# data: CC BY-SA 4.0, wordfreq by Robyn Speer et al. (https://github.com/rspeer/wordfreq)\n")
    for w, z in rows:
        buf.write(f"{w}\t{z}\n")
    data = gzip.compress(buf.getvalue().encode("utf-8"), compresslevel=9, mtime=0)
    Path(out).write_bytes(data)
    return len(rows)
