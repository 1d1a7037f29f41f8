"""Record files: one article per JSON line, CSV/TSV row or JSON array item, streamed.

A record has the article text in a ``text`` field and, optionally, ``id``,
``title``, ``source``, ``date`` and ``url`` (each name configurable:
``--text-column body --column date=published``; a name also matches another
case).  ``article_id`` is the record's id, else ``<file stem>:<line>`` (the
line the record starts on; ``<stem>:<n>`` = n-th item of a ``.json`` array).

A bad record (invalid JSON, a number or a nesting JSON cannot read, no text
field, undecodable bytes, a lone surrogate, a line longer than the 64 MiB limit
of one article) is one failed article: it is reported and the next record is
read.  A whole file fails only when it cannot be read at all (binary, no text
column, encoding).  Memory stays bounded whatever the input: a line is never
read beyond the limit, and a CSV stream on standard input is spooled to disk
(its encoding is checked over the whole stream before the first row).
"""
from __future__ import annotations

import codecs
import csv
import io
import json
import shutil
import sys
import tempfile
from typing import Iterator

from .articles import Article, make_article
from .decoding import CODE_PAGES, SNIFF_BYTES, bom_of, canonical, decode, repair_mojibake, sniff_binary, utf16_without_bom
from ..display import has_surrogates
from ..errors import Errors, InputError
from .reading import MAX_ARTICLE_BYTES, InputOptions, article_id_of, fail, read_bytes

VALIDATE_BLOCK = 1 << 20  # bytes decoded at a time when checking a CSV file's encoding
CP1256_SAMPLE = 4 << 20  # bytes looked at to decide which Arabic code page a non-UTF-8 CSV file is in
SKIP_BLOCK = 1 << 20  # bytes read at a time while skipping the rest of an over-long line
# an article is one field: the default 128 KiB limit is far too small, and no field may hold more than an article
csv.field_size_limit(MAX_ARTICLE_BYTES)


def _lines(fh, limit: int) -> Iterator[tuple]:
    """``(line, 0)`` for each line of ``fh`` (bytes or text) up to ``limit`` long, else ``(None, its length)``.

    A longer line is read on to its end in blocks and dropped, never held: an
    endless line on standard input costs no more memory than a short one.
    """
    while True:
        line = fh.readline(limit + 1)
        if not line:
            return
        newline = "\n" if isinstance(line, str) else b"\n"
        if len(line) <= limit or (len(line) == limit + 1 and line.endswith(newline)):
            yield line, 0
            continue
        length = len(line)
        while not line.endswith(newline):
            line = fh.readline(SKIP_BLOCK)
            if not line:
                break
            length += len(line)
        yield None, length


def _too_long(path: str, lineno: int, length: int, limit: int, unit: str = "bytes") -> str:
    return Errors.E034.format(path=path, where=f"line {lineno}", detail=(
        f"a line of {length:,} {unit} is more than the {limit:,}-{unit[:-1]} limit for one record"))


def read_records(path: str, fmt: str, options: InputOptions, failures=None) -> Iterator[Article]:
    reader = {"jsonl": _jsonl, "csv": _csv, "tsv": _csv, "json": _json}[fmt]
    count, failed = 0, len(failures) if failures is not None else 0
    for article in reader(path, fmt, options, failures):
        count += 1
        yield article
    if count == 0 and failures is not None and len(failures) == failed:
        # nothing lost silently, and no empty article either: an empty record file is a note, and a
        # file whose every record failed is in the failures (then no input at all may be QT051)
        failures.note(path, "no records", article_id_of(path), path)


def _field(record: dict, name: str):
    if name in record:
        return name
    folded = name.strip().casefold()
    return next((k for k in record if isinstance(k, str) and k.strip().casefold() == folded), None)


def _scalar(value) -> str:
    if value is None or isinstance(value, (dict, list)):
        return ""
    return str(value).strip()


def _article(record, where: str, path: str, options: InputOptions, failures, note: str = "") -> Article | None:
    stem = article_id_of(path)
    fallback = f"{stem}:{where.split()[-1]}"
    if not isinstance(record, dict):
        fail(failures, Errors.E034.format(path=path, where=where, detail=f"a record must be a JSON object, "
                                          f"not {type(record).__name__}"), fallback, path)
        return None
    key = _field(record, options.column("id"))
    art_id = _scalar(record[key]) if key is not None else ""
    art_id = art_id or fallback
    key = _field(record, options.column("text"))
    if key is None:
        fields = ", ".join(map(str, record)) or "none"
        fail(failures, Errors.E034.format(path=path, where=where, detail=(
            f"no {options.column('text')!r} field (fields: {fields}); name it with --text-column")), art_id, path)
        return None
    text = record[key] if record[key] is not None else ""
    if not isinstance(text, str):
        fail(failures, Errors.E034.format(path=path, where=where, detail=(
            f"{key!r} is a {type(text).__name__}, not a string")), art_id, path)
        return None
    try:
        text, repaired = repair_mojibake(text, f"{path} {where}")
    except InputError as err:
        fail(failures, str(err), art_id, path)
        return None
    meta = {}
    for name in ("title", "source", "date", "url"):
        k = _field(record, options.column(name))
        meta[name] = _scalar(record[k]) if k is not None else ""
    for name, value in (("id", art_id), ("text", text), *meta.items()):
        at = has_surrogates(value)
        if at >= 0:  # "\ud800" in JSON: a character no output file can hold
            fail(failures, Errors.E034.format(path=path, where=where, detail=(
                f"{options.column(name)!r} holds an invalid character at {at} (a lone surrogate, "
                f"U+{ord(value[at]):04X})")), fallback if name == "id" else art_id, path)
            return None
    article = make_article(art_id, text, path, fmt="record", meta=meta, note=note)
    article.add_note(repaired)
    return article


def _open(path: str):
    return sys.stdin.buffer if path == "-" else open(path, "rb")


def _wide(head: bytes, options: InputOptions) -> str:
    """The codec when the file is UTF-16/32 (lines cannot be split as bytes then), else ''."""
    _skip, codec, _label = bom_of(head)
    if codec.startswith(("utf-16", "utf-32")):
        return codec[:6]  # 'utf-16'/'utf-32' read and drop the mark themselves
    if options.encoding not in ("", "auto"):
        name = canonical(options.encoding)
        return name if name.startswith(("utf-16", "utf-32")) else ""
    return utf16_without_bom(head) if 0 in head else ""


def _jsonl(path: str, fmt: str, options: InputOptions, failures) -> Iterator[Article]:
    fh = _open(path)
    try:
        head = fh.peek(SNIFF_BYTES)[:SNIFF_BYTES] if hasattr(fh, "peek") else b""
        kind = sniff_binary(head)
        if kind:
            raise InputError(Errors.E031.format(path=path, kind=kind))
        wide = _wide(head, options)
        if wide:
            yield from _jsonl_text(_lines(io.TextIOWrapper(fh, encoding=wide), options.max_bytes), path, wide,
                                   options, failures)
            return
        offset = 0
        for lineno, (raw, long) in enumerate(_lines(fh, options.max_bytes), 1):
            if raw is None:
                offset += long
                fail(failures, _too_long(path, lineno, long, options.max_bytes), f"{article_id_of(path)}:{lineno}",
                     path)
                continue
            start, offset = offset, offset + len(raw)
            if not raw.strip():
                continue
            where = f"line {lineno}"
            try:
                line, note = decode(raw, f"{path} {where}", options.encoding, base=start, repair=False)
            except InputError as err:
                fail(failures, str(err), f"{article_id_of(path)}:{lineno}", path)
                continue
            article = _parse_line(line, where, path, options, failures, note)
            if article is not None:
                yield article
    finally:
        if fh is not sys.stdin.buffer:
            fh.close()


def _jsonl_text(lines, path: str, codec: str, options: InputOptions, failures) -> Iterator[Article]:
    lineno = 0
    try:
        for lineno, (line, long) in enumerate(lines, 1):
            if line is None:
                fail(failures, _too_long(path, lineno, long, options.max_bytes, "characters"),
                     f"{article_id_of(path)}:{lineno}", path)
            elif line.strip():
                article = _parse_line(line, f"line {lineno}", path, options, failures)
                if article is not None:
                    yield article
    except UnicodeDecodeError as err:
        fail(failures, Errors.E030.format(path=f"{path} line {lineno + 1}", encoding=codec, offset=err.start,
                                          detail=f"{err.reason} (offset within the line's block); the rest of "
                                                 f"the file was not read"), article_id_of(path), path)


def _parse_line(line: str, where: str, path: str, options: InputOptions, failures, note: str = ""):
    try:
        record = json.loads(line)
    except (ValueError, RecursionError) as err:  # a 5,000-digit number, 100,000 nested brackets: this record only
        fail(failures, Errors.E034.format(path=path, where=where, detail=_json_problem(err)),
             f"{article_id_of(path)}:{where.split()[-1]}", path)
        return None
    return _article(record, where, path, options, failures, note)


def _json_problem(err: BaseException) -> str:
    if isinstance(err, json.JSONDecodeError):
        return f"not valid JSON: {err.msg} at column {err.colno}"
    if isinstance(err, RecursionError):
        return "JSON nested too deeply to read"
    return f"JSON that cannot be read: {' '.join(str(err).split())[:200]}"


def _json(path: str, fmt: str, options: InputOptions, failures) -> Iterator[Article]:
    text, note = decode(read_bytes(path, options.max_bytes), path, options.encoding, repair=False)
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as err:
        where = f"line {err.lineno}" if isinstance(err, json.JSONDecodeError) else "top level"
        raise InputError(Errors.E034.format(path=path, where=where, detail=_json_problem(err))) from None
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        raise InputError(Errors.E034.format(path=path, where="top level",
                                            detail="a .json input must be one record or a list of records"))
    for n, record in enumerate(data, 1):
        article = _article(record, f"record {n}", path, options, failures, note)
        if article is not None:
            yield article


def _validate(fh, codec: str, path: str, label: str) -> None:
    """Decode the whole (seekable) file once, in blocks: QT030 with the absolute byte offset."""
    decoder = codecs.getincrementaldecoder(codec)("strict")
    base = 0
    fh.seek(0)
    while True:
        block = fh.read(VALIDATE_BLOCK)
        pending = len(decoder.getstate()[0])
        try:
            decoder.decode(block, final=not block)
        except UnicodeDecodeError as err:
            raise InputError(Errors.E030.format(path=path, encoding=label, offset=base - pending + err.start,
                                                detail=err.reason)) from None
        if not block:
            break
        base += len(block)
    fh.seek(0)


def _csv_codec(fh, head: bytes, path: str, options: InputOptions) -> tuple[str, str]:
    """(codec, note) for a CSV file, checked over the whole file."""
    _skip, bom_codec, label = bom_of(head)
    if bom_codec:
        codec = {"utf-8": "utf-8-sig"}.get(bom_codec, bom_codec[:6])
        _validate(fh, codec, path, label)
        return codec, ""
    if options.encoding not in ("", "auto"):
        codec = canonical(options.encoding)
        _validate(fh, codec, path, options.encoding)
        return codec, ""
    wide = utf16_without_bom(head) if 0 in head else ""
    if wide:
        _validate(fh, wide, path, wide.upper())
        return wide, f"decoded as {wide.upper()} (no byte-order mark)"
    try:
        _validate(fh, "utf-8", path, "UTF-8")
        return "utf-8", ""
    except InputError:
        fh.seek(0)
        sample = fh.read(CP1256_SAMPLE)
        fh.seek(0)
        _text, note = decode(sample, path, repair=False)  # raises the offset when it is no Arabic code page
        codec, label = next(((codec, label) for codec, label in CODE_PAGES if label in note), ("", ""))
        if codec:
            _validate(fh, codec, path, label)  # the sample was the head: ISO-8859-6 has undefined bytes
            return codec, note
        raise


def _seekable(raw):
    """``raw``, or a copy of the stream on disk (not in memory) when it cannot seek (stdin, a pipe)."""
    if raw.seekable():
        return raw
    spool = tempfile.TemporaryFile()
    shutil.copyfileobj(raw, spool, VALIDATE_BLOCK)
    spool.seek(0)
    return spool


class _LongLine(Exception):
    def __init__(self, length: int):
        self.length = length


def _csv_lines(stream, limit: int) -> Iterator[str]:
    for line, long in _lines(stream, limit):
        if line is None:
            raise _LongLine(long)
        yield line


def _csv(path: str, fmt: str, options: InputOptions, failures) -> Iterator[Article]:
    raw = _open(path)
    fh = _seekable(raw)
    try:
        head = fh.read(SNIFF_BYTES)
        fh.seek(0)
        kind = sniff_binary(head)
        if kind:
            raise InputError(Errors.E031.format(path=path, kind=kind))
        codec, note = _csv_codec(fh, head, path, options)
        stream = io.TextIOWrapper(fh, encoding=codec, newline="")
        reader = csv.reader(_csv_lines(stream, options.max_bytes), delimiter="\t" if fmt == "tsv" else ",")
        try:
            header = next(reader, None)
        except _LongLine as err:
            raise InputError(_too_long(path, 1, err.length, options.max_bytes, "characters")) from None
        if header is None:
            return
        header = [h.strip() for h in header]
        if _field(dict.fromkeys(header), options.column("text")) is None:
            raise InputError(Errors.E035.format(path=path, column=options.column("text"),
                                                columns=", ".join(header) or "none"))
        last = reader.line_num
        try:
            for row in reader:
                start, last = last + 1, reader.line_num
                if not any(cell.strip() for cell in row):
                    continue
                article = _article(dict(zip(header, row)), f"line {start}", path, options, failures, note)
                if article is not None:
                    yield article
        except (csv.Error, _LongLine) as err:
            detail = (f"a line of {err.length:,} characters is more than the {options.max_bytes:,}-character "
                      f"limit for one record" if isinstance(err, _LongLine) else str(err))
            fail(failures, Errors.E034.format(path=path, where=f"line {last + 1}",
                                              detail=f"{detail}; the rest of the file was not read"),
                 f"{article_id_of(path)}:{last + 1}", path)
    finally:
        if fh is not raw:
            fh.close()
        if raw is not sys.stdin.buffer:
            raw.close()
