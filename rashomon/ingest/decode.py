"""Bytes → text: BOMs, UTF-16, legacy encodings and binary files."""
from __future__ import annotations

import codecs

from rashomon.errors import InputError

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def decode_bytes(data: bytes) -> str:
    """Decode by BOM, then strict UTF-8, then the best guess of charset_normalizer.

    Raises InputError("binary file") for data that is not text in any encoding.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = _guess(data)
    if _looks_binary(text):
        raise InputError("", "binary file (not text in any known encoding)")
    return repair_mojibake(text)


def repair_mojibake(text: str) -> str:
    """UTF-8 that went through a legacy code page once ('CafÃ©', 'Ð¡Ð¾Ð¾...') is put back (ftfy).

    Only encoding damage is undone; quotes, dashes and the rest of the text stay as the outlet wrote them.
    """
    import ftfy

    return ftfy.fix_encoding(text) if ftfy.badness.is_bad(text) else text


def _guess(data: bytes) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is None:
        raise InputError("", "binary file (not text in any known encoding)")
    return data.decode(best.encoding, errors="replace")


def _looks_binary(text: str) -> bool:
    sample = text[:8192]
    if not sample:
        return False
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f")
    return "\x00" in sample or controls > 0.05 * len(sample)
