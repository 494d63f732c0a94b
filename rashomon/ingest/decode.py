"""Bytes → text: BOMs, UTF-16 without a BOM, legacy encodings (whole files or single lines), and binary files.

Scraped news arrives in every encoding, often mislabelled: a feed dump that is UTF-8 except for one
record pasted from a Windows-1251 page, a page saved as Latin-1 that says `charset=utf-8`. Each
line that is valid UTF-8 is kept as such; the other lines are decoded with the one legacy encoding
guessed from all of them together (a guess from more text is a better guess); then text that went
through a wrong code page once ('CafÃ©') is repaired line by line with ftfy.
"""
from __future__ import annotations

import codecs

from rashomon.errors import InputError

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
BINARY = "binary file (not text in any known encoding)"


def decode_bytes(data: bytes) -> str:
    """Decode by BOM, UTF-16 byte pattern, then UTF-8 line by line with a guessed encoding for the rest.

    NUL characters are kept: the reader decides what they mean for its format (a bad record, a
    corrupted file). Raises InputError(BINARY) for data that is not text in any encoding.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _checked(data.decode(encoding, errors="replace"))
    if utf16 := _utf16_without_bom(data):
        return _checked(data.decode(utf16, errors="replace"))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = _decode_lines(data)
    return repair_mojibake(_checked(text))


def repair_mojibake(text: str) -> str:
    """UTF-8 that went through a legacy code page once ('CafÃ©', 'Ð¡Ð¾Ð¾...') is put back (ftfy).

    Only encoding damage is undone, and only on the lines ftfy judges damaged; quotes, dashes and
    the rest of the text stay as the outlet wrote them. ASCII lines cannot be damaged this way and
    are not looked at, and a long line is judged by its head: ftfy's check costs ~0.25 s a megabyte.
    """
    if text.isascii():
        return text
    return "\n".join(_repaired(line) for line in text.split("\n"))


_JUDGED = 65_536


def _repaired(line: str) -> str:
    import ftfy

    if line.isascii() or not ftfy.badness.is_bad(line[:_JUDGED]):
        return line
    return ftfy.fix_encoding(line)


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when NULs fill every other byte (Latin-script UTF-16 saved without a BOM)."""
    sample = data[:4096]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.7 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.7 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None


def _decode_lines(data: bytes) -> str:
    """UTF-8 lines stay UTF-8; the others are decoded together in the encoding guessed from all of them."""
    lines = data.split(b"\n")
    legacy: dict[int, bytes] = {}
    out: list[str] = []
    for i, line in enumerate(lines):
        try:
            out.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            legacy[i] = line
            out.append("")
    encoding = _guess(b"\n".join(legacy.values()))
    for i, line in legacy.items():
        out[i] = line.decode(encoding, errors="replace")
    return "\n".join(out)


# Where charset_normalizer finds several encodings equally plausible (short Latin text fits cp1250 as
# well as cp1252), the one more common on news sites wins.
_COMMON = ("cp1252", "latin_1", "cp1251", "cp1250", "iso8859_2", "cp1256", "cp1253", "cp1254", "koi8_r")


def _guess(data: bytes) -> str:
    from charset_normalizer import from_bytes

    matches = from_bytes(data[:200_000])
    best = matches.best()
    if best is None:
        raise InputError("", BINARY)
    tied = [m.encoding for m in matches if (m.chaos, m.coherence) == (best.chaos, best.coherence)]
    return min(tied, key=lambda e: _COMMON.index(e) if e in _COMMON else len(_COMMON))


def _checked(text: str) -> str:
    if _looks_binary(text.rstrip("\x00")):  # NUL padding after the text is a truncated copy: readers name it
        raise InputError("", BINARY)
    return text


def _looks_binary(text: str) -> bool:
    """Control characters in more than 5% of the head, or NULs in more than a third of it.

    A few NULs in text are the mark of a corrupted file, not of a binary one; readers name them.
    """
    sample = text[:8192]
    if not sample:
        return False
    nuls = sample.count("\x00")
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f\x00")
    return controls > 0.05 * len(sample) or nuls > len(sample) / 3
