"""Bytes → text: byte-order marks, Arabic code pages, binary refusal, mojibake repair.

Scrapers hand us whatever they saved.  The rules, in order (README, "Inputs and errors"):

1. a byte-order mark decides: UTF-8, UTF-16 LE/BE, UTF-32 LE/BE (the mark is dropped);
2. a known binary signature (PDF, PNG, JPEG, GIF, zip/docx, …) or many NUL/control
   bytes → :data:`Errors.E031`, never a text full of garbage;
3. valid UTF-8 is UTF-8;
4. otherwise, if the bytes read as Windows-1256 or ISO-8859-6 give mostly Arabic
   letters, the reading with more ``ال`` is taken, with a note (an ISO-8859-6
   file read as Windows-1256 would be mojibake).  A file that is *mostly* valid
   UTF-8 Arabic with a few broken bytes is not re-read in a code page (that
   would turn every word into mojibake): it is refused with the byte offset of
   the first bad byte;
5. with ``--encoding NAME`` only that codec is tried, strictly.

Text that decodes but is itself mojibake (UTF-8 Arabic once read as Latin-1,
Windows-1252 or Windows-1256 and saved again: ``Ø§Ù„`` or ``ط§ظ„``) is repaired
when the repair gives clean Arabic, with a note.
"""
from __future__ import annotations

import codecs
import re

from ..errors import Errors, InputError

SNIFF_BYTES = 64 * 1024  # binary signatures and NUL counts are read from the head only
ARABIC_SHARE = 0.6  # share of letters that must be Arabic to accept a code page's reading
# Arabic code pages tried on text that is not UTF-8.  ISO-8859-6 read as Windows-1256 gives letters that
# look Arabic (its ل is Windows-1256's ن) mixed with Latin ones (its ي is ê): the reading with more ال wins.
CODE_PAGES = (("cp1256", "Windows-1256"), ("iso8859_6", "ISO-8859-6"))
UTF8_DAMAGE_RATIO = 10  # Arabic letters per broken sequence above which a file is damaged UTF-8
NUL_SHARE = 0.005  # more NUL bytes than this in the head (and no UTF-16/32 shape): binary
CONTROL_SHARE = 0.05  # C0 control bytes other than tab/newline/CR/FF/ESC

BOMS = (  # longest first: the UTF-32 LE mark begins with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32 LE"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32 BE"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16 LE"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16 BE"),
)
SIGNATURES = (
    (b"%PDF-", "PDF document"),
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"), (b"GIF89a", "GIF image"),
    (b"PK\x03\x04", "zip archive: also .docx, .xlsx, .odt, .epub"),
    (b"PK\x05\x06", "empty zip archive"),
    (b"\x1f\x8b", "gzip archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"BZh91AY&SY", "bzip2 archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "Microsoft Office 97-2003 document: .doc, .xls"),
    (b"{\\rtf", "RTF document"),
    (b"\x7fELF", "executable"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"II*\x00", "TIFF image"), (b"MM\x00*", "TIFF image"),
    (b"RIFF", "RIFF media: WebP, WAV, AVI"),
    (b"OggS", "Ogg media"), (b"ID3", "MP3 audio"),
    (b"wOFF", "web font"), (b"wOF2", "web font"),
)
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))
_ARABIC = re.compile("[\u0621-\u064a\u0671-\u06d3\u06fa-\u06ff]")
_LETTER = re.compile(r"[^\W\d_]")


def canonical(encoding: str) -> str:
    """The codec's canonical name, or :data:`Errors.E037` (a usage error)."""
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        raise InputError(Errors.E037.format(name=encoding)) from None


def bom_of(data: bytes) -> tuple[int, str, str]:
    """(length, codec, label) of the byte-order mark ``data`` starts with, or (0, "", "")."""
    for mark, codec, label in BOMS:
        if data.startswith(mark):
            return len(mark), codec, label
    return 0, "", ""


def utf16_without_bom(head: bytes) -> str:
    """'utf-16-le'/'utf-16-be' when ``head`` has the shape of BOM-less UTF-16 text, else ''.

    Arabic and Latin text in UTF-16 has, in one byte of every pair, almost only
    0x00 (Latin, digits, spaces) or 0x06 (Arabic); binary data has no such column.
    """
    if len(head) < 16:
        return ""
    n = len(head) // 2 * 2
    for codec, column in (("utf-16-le", head[1:n:2]), ("utf-16-be", head[0:n:2])):
        if (column.count(0) + column.count(6)) >= 0.9 * len(column) and column.count(0) < len(column):
            return codec
    return ""


def sniff_binary(head: bytes) -> str:
    """What kind of binary file ``head`` (the first bytes) starts, or '' for text."""
    if bom_of(head)[0]:
        return ""
    for signature, kind in SIGNATURES:
        if head.startswith(signature):
            return kind
    if len(head) >= 12 and head[4:8] == b"ftyp":
        return "MP4/HEIC media"
    if not head:
        return ""
    if utf16_without_bom(head):  # its 0x06 and 0x00 bytes are letters, not control bytes
        return ""
    if head.count(0) > NUL_SHARE * len(head):
        return "binary data: NUL bytes"
    controls = sum(head.count(c) for c in _CONTROL) - head.count(0)
    if controls > CONTROL_SHARE * len(head):
        return "binary data: control bytes"
    return ""


def arabic_share(text: str) -> tuple[int, float]:
    """(Arabic letters, their share of all letters) in ``text``."""
    arabic = len(_ARABIC.findall(text))
    letters = len(_LETTER.findall(text))
    return arabic, (arabic / letters if letters else 0.0)


def _strict(data: bytes, codec: str, path: str, label: str, base: int) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as err:
        raise InputError(Errors.E030.format(path=path, encoding=label, offset=base + err.start,
                                            detail=err.reason)) from None


def decode(data: bytes, path: str, encoding: str = "auto", base: int = 0, repair: bool = True) -> tuple[str, str]:
    """Decode ``data`` (read from ``path``) → (text, note); ``base`` = byte offset of ``data`` in the file.

    Raises :class:`InputError` with QT030 (undecodable, with the byte offset) or
    QT031 (binary).  The note is "" or says what was guessed or repaired.  ``repair``
    =False leaves mojibake alone (record files repair each text field instead).
    """
    kind = sniff_binary(data[:SNIFF_BYTES])
    if kind:
        raise InputError(Errors.E031.format(path=path, kind=kind))
    skip, bom_codec, bom_label = bom_of(data)
    if bom_codec:  # a byte-order mark cannot be there by accident: it wins over --encoding
        return _strict(data[skip:], bom_codec, path, bom_label, base + skip), ""
    if encoding not in ("", "auto"):
        return _strict(data, canonical(encoding), path, encoding, base), ""
    guessed = utf16_without_bom(data[:SNIFF_BYTES]) if 0 in data[:SNIFF_BYTES] else ""
    if guessed:
        text = _strict(data, guessed, path, guessed.upper(), base)
        return text, f"decoded as {guessed.upper()} (no byte-order mark)"
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        return _not_utf8(data, path, base, err)
    return repair_mojibake(text, path) if repair else (text, "")


def _not_utf8(data: bytes, path: str, base: int, err: UnicodeDecodeError) -> tuple[str, str]:
    loose = data.decode("utf-8", errors="replace")
    arabic_utf8, _share = arabic_share(loose)
    damaged = loose.count("\ufffd")
    first = base + err.start
    if arabic_utf8 >= UTF8_DAMAGE_RATIO * damaged:
        raise InputError(Errors.E030.format(
            path=path, encoding="UTF-8", offset=first,
            detail=f"{err.reason}; the rest is UTF-8 Arabic, so the file is damaged there "
                   f"({damaged} broken sequence{'s' if damaged != 1 else ''})"))
    best = None
    for codec, label in CODE_PAGES:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:  # ISO-8859-6 leaves many bytes undefined (ف ق ك of Windows-1256 among them)
            continue
        arabic, share = arabic_share(text)
        if arabic and share >= ARABIC_SHARE:
            score = (text.count("\u0627\u0644"), share)  # the article ال: the right code page is full of it
            if best is None or score > best[0]:
                best = (score, text, label)
    if best is not None:
        return best[1], f"decoded as {best[2]} (not valid UTF-8)"
    raise InputError(Errors.E030.format(
        path=path, encoding="UTF-8", offset=first,
        detail=f"{err.reason}; not Windows-1256 or ISO-8859-6 Arabic either: give the encoding with --encoding"))


# What the continuation bytes 0x80–0xBF of UTF-8 become when read as a code page:
# Arabic in UTF-8 is a lead byte 0xD8–0xDB followed by one of them.
_TAIL = {c: bytes(range(0x80, 0xC0)).decode(c, errors="ignore") for c in ("cp1252", "cp1256")}
_TAIL["latin-1"] = bytes(range(0x80, 0xC0)).decode("latin-1")
_TELLTALE = {
    "latin": re.compile("[\u00d8\u00d9\u00da\u00db][" + re.escape(_TAIL["cp1252"] + _TAIL["latin-1"]) + "]"),
    "cp1256": re.compile("[\u0637\u0638\u0639\u063a][" + re.escape(_TAIL["cp1256"]) + "]"),
}
_LEADS = {"latin": re.compile("[\u00d8\u00d9\u00da\u00db]"), "cp1256": re.compile("[\u0637\u0638\u0639\u063a]")}
MOJIBAKE_SHARE = 0.5  # telltale pairs per lead letter: ~1 in mojibake; in Arabic ط ظ ع غ are mostly inside words
_CODEC_NAMES = {"cp1252": "Windows-1252", "latin-1": "Latin-1", "cp1256": "Windows-1256"}


def repair_mojibake(text: str, path: str = "") -> tuple[str, str]:
    """Undo one round of UTF-8-read-as-a-code-page when the text is plainly that.

    Genuine Arabic never has ``Ø``/``Ù`` before a Latin-1 symbol, nor ``ط``/``ظ``
    before a Persian letter or punctuation at every other character; the repair is
    kept only when it is valid UTF-8 and mostly Arabic.
    """
    sample = text[:SNIFF_BYTES]
    for family, codecs_ in (("latin", ("cp1252", "latin-1")), ("cp1256", ("cp1256",))):
        hits = len(_TELLTALE[family].findall(sample))
        leads = len(_LEADS[family].findall(sample))
        if hits < 4 or hits < MOJIBAKE_SHARE * leads:
            continue
        for codec in codecs_:
            try:
                fixed = _encode_mixed(text, codec).decode("utf-8")
            except (UnicodeEncodeError, UnicodeDecodeError):
                continue
            arabic, share = arabic_share(fixed)
            if arabic and share >= ARABIC_SHARE:
                return fixed, (f"repaired mojibake (UTF-8 text that had been read as "
                               f"{_CODEC_NAMES[codec]} and saved again)")
        raise InputError(Errors.E033.format(path=path, detail=(
            "the text is mojibake (UTF-8 Arabic that was read with a wrong code page and saved again, "
            f"e.g. {sample[_TELLTALE[family].search(sample).start():][:12]!r}) and some bytes were lost, so it "
            "cannot be repaired; fetch the article again")))
    return text, ""


def _encode_mixed(text: str, codec: str) -> bytes:
    # Windows-1252 leaves five bytes undefined; a Latin-1 reader keeps them as U+0080–U+009F
    try:
        return text.encode(codec)
    except UnicodeEncodeError:
        pass
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode(codec)
        except UnicodeEncodeError:
            if ord(ch) < 256:
                out.append(ord(ch))
            else:
                raise
    return bytes(out)


_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)


def declared_charset(head: bytes) -> str:
    """The charset an HTML page declares in its first bytes (``<meta charset=…>``), or ''."""
    m = _CHARSET.search(head[:8192])
    if not m:
        return ""
    try:
        return codecs.lookup(m.group(1).decode("ascii")).name
    except LookupError:
        return ""


def decode_html(data: bytes, path: str, encoding: str = "auto") -> tuple[str, str]:
    """:func:`decode`, then — for a page that is not UTF-8 — the charset the page declares."""
    try:
        return decode(data, path, encoding)
    except InputError as err:
        declared = declared_charset(data) if encoding in ("", "auto") and "[QT030]" in str(err) else ""
        if not declared or declared == "utf-8":
            raise
        try:
            return data.decode(declared), f"decoded as {declared} (declared by the page)"
        except UnicodeDecodeError:
            raise err from None
