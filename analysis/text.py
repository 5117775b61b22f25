"""Text utilities shared by every analysis: sentence spans, accent folding, word boundaries.

Everything here works on character offsets into the original text, so that any span an
analysis reports satisfies ``text[start:end] == surface``.
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from typing import NamedTuple

import numpy as np

__all__ = [
    "Span",
    "boundary_view",
    "fold",
    "folding_to",
    "is_word_char",
    "locate",
    "sentence_index",
    "sentence_starts",
    "split_sentences",
]


class Span(NamedTuple):
    start: int
    end: int


# Abbreviations after which a period does not end a sentence (lower-cased, without the period).
# Spanish and English news: titles, Latin and press abbreviations. Abbreviations that are also
# words that end sentences ("no", "mar", "may", "etc") are not here: "dijo que no. El..." ends one.
_ABBREVIATIONS = frozenset(
    """
    sr sra srta sres dr dra dres lic ing prof gral gen col cmdte tte sgto mr mrs ms jr
    nº núm num art arts pág págs pp vol ej p.ej aprox approx vs dept depto av avda
    ee.uu eeuu u.s u.k u.n a.c d.c a.m p.m inc ltd corp cía s.a esq fig figs
    ene feb abr jun jul ago sep sept oct nov dic jan apr aug
    """.split()
)
# Before a number these abbreviate ("No. 5", "art. 3", "p. 12") whatever follows.
_NUMBERING = frozenset("no nº núm num art arts p pp pág págs vol cap caps fig figs".split())

# A sentence ends at . ! ? … (optionally followed by closing quotes or brackets) when whitespace
# and an opening character (capital letter, digit, quote, ¿, ¡) follow; newlines always end one.
# That is the pattern
#     (?P<end>[.!?…]+["”»’')\]]*)(?P<gap>\s+)(?=OPENING) | (?P<nl>\s*\n\s*)
# written so that it starts with one class of characters, the only ones a match can start with:
# the regex engine then skips quickly to them instead of trying both branches at every
# position. The first branch matches where it did (the "end" part ends where "gap" starts); a
# line break matches, from a space or a newline, up to the end of the run of whitespace.
_BOUNDARY = re.compile(
    r"""[.!?…\s](?:"""
    r"""(?<=[.!?…])[.!?…]*["”»’')\]]*(?P<gap>\s+)(?=[¿¡"“«‘'(\[A-ZÁÉÍÓÚÑÜ0-9])"""
    r"""|(?<=\n)\s*|(?<=\s)\s*\n\s*)"""
)


def split_sentences(text: str) -> list[Span]:
    """Return the spans of the sentences of ``text``, stripped of surrounding whitespace.

    A rule-based splitter tuned for news prose: it keeps abbreviations ("EE.UU.", "Sr."),
    initials ("J. Biden") and decimals together, and treats every line break as a boundary,
    since news files put one paragraph, title or caption per line.
    """
    if not text:
        return []
    cuts: list[int] = [0]
    for match in _BOUNDARY.finditer(text):
        end, gap_end = match.start("gap"), match.end()
        if end < 0:  # a line break
            cuts.extend(match.span())
            continue
        if (
            text[match.start()] == "."
            and _is_abbreviation(text, match.start(), gap_end)
            and "\n" not in text[end:gap_end]  # a line break ends the sentence all the same
        ):
            continue
        cuts.extend((end, gap_end))
    cuts.append(len(text))
    spans = []
    for start, end in zip(cuts[::2], cuts[1::2]):
        # Most pieces have nothing to strip: the cuts are next to the punctuation and words.
        if start < end and not text[start].isspace() and not text[end - 1].isspace():
            spans.append(Span(start, end))
            continue
        span = _strip(text, start, end)
        if span is not None:
            spans.append(span)
    return spans


def _is_abbreviation(text: str, period: int, next_start: int) -> bool:
    """Whether the period at ``period`` ends an abbreviation or an initial rather than a
    sentence; ``next_start`` is where the next word starts."""
    token = _word_before(text, period).lower().strip("(«“\"'")
    return (
        token in _ABBREVIATIONS
        or (("." in token or len(token) == 1) and _is_initial(token))  # the cheap test first
        or (token in _NUMBERING and text[next_start:next_start + 1].isdigit())
    )


def _word_before(text: str, end: int) -> str:
    """The run of non-spaces that ends at ``end`` (at most 40 characters; a newline right
    before ``end`` is passed over, as ``(\\S+)$`` does)."""
    before = text[max(0, end - 40):end]
    if before.endswith("\n"):
        before = before[:-1]
    if not before or before[-1].isspace():
        return ""
    return before.rsplit(None, 1)[-1]


def _is_initial(token: str) -> bool:
    # "J" in "J. Biden", or "E.E.U.U" style chains of single letters.
    if "." not in token:
        return len(token) == 1 and token.isalpha()
    parts = token.split(".")
    return all(len(part) == 1 and part.isalpha() for part in parts if part) and bool(token)


def _strip(text: str, start: int, end: int) -> Span | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end) if end > start else None


def sentence_index(spans: list[Span], offset: int) -> int:
    """Index of the sentence that contains ``offset`` (or the nearest one before it).

    For many lookups in one text use ``sentence_starts`` once and ``locate``.
    """
    return locate(sentence_starts(spans), offset)


def sentence_starts(spans: list[Span]) -> list[int]:
    return [span.start for span in spans]


def locate(starts: list[int], offset: int) -> int:
    """Index of the sentence containing ``offset``, given the sentences' start offsets."""
    return max(bisect.bisect_right(starts, offset) - 1, 0)


def _fold_char(char: str) -> str:
    base = unicodedata.normalize("NFD", char)[0].lower()
    return base if len(base) == 1 else char


# Folding keeps one character per character, so offsets in folded text are offsets in the
# original: "Moscú" -> "moscu", "ÑANDÚ" -> "nandu". Only Latin letters (up to U+024F) are folded;
# other scripts pass through unchanged.
_FOLD_TABLE = {
    code: folded
    for code in range(0x00C0, 0x0250)
    if (folded := _fold_char(chr(code))) != chr(code)
} | {code: chr(code).lower() for code in range(ord("A"), ord("Z") + 1)}
_FOLD_TABLE.update(
    {
        ord("’"): "'",
        ord("‘"): "'",
        ord("–"): "-",
        ord("—"): "-",
        ord("\u00a0"): " ",
    }
)


# Every analysis folds every article, so fold() must be fast. str.translate with a dict runs
# at about 10 MB/s; the same table as an array over UTF-16 code units, applied with numpy, runs
# at about 200 MB/s. Code units of characters beyond the BMP (surrogates) map to themselves.
_FOLD_CODES = np.arange(0x10000, dtype=np.uint16)
for _code, _folded in _FOLD_TABLE.items():
    _FOLD_CODES[_code] = ord(_folded)
_SHORT = 64  # below this many characters, translate() beats numpy's set-up cost


def fold(text: str) -> str:
    """Lower-case ``text`` and strip accents, keeping its length (offsets stay valid)."""
    if text.isascii():
        return text.lower()  # in ASCII, only A-Z change
    if len(text) < _SHORT:
        return text.translate(_FOLD_TABLE)
    units = np.frombuffer(text.encode("utf-16-le", "surrogatepass"), dtype=np.uint16)
    folded = _FOLD_CODES[units].tobytes().decode("utf-16-le", "surrogatepass")
    # Two lone surrogates side by side would decode as one character: keep the exact path.
    return folded if len(folded) == len(text) else text.translate(_FOLD_TABLE)


def folding_to(letter: str) -> set[str]:
    """Every character that ``fold`` turns into ``letter`` (``letter`` included)."""
    return {letter} | {chr(code) for code, folded in _FOLD_TABLE.items() if folded == letter}


def is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


_NON_WORD = re.compile(r"[^\w ]")


def boundary_view(folded: str) -> str:
    """``folded`` with every character that is not a word character turned into a space, and
    a space added at both ends: in the view a word stands between spaces, so a pattern (or an
    automaton key) written with a leading space matches only at the start of a word, and
    offsets are those of ``folded`` shifted by one."""
    encoded = folded.encode("utf-16-le", "surrogatepass")
    if len(encoded) != 2 * len(folded):
        # Characters beyond the BMP take two code units: the table cannot tell them apart.
        return " " + _NON_WORD.sub(" ", folded) + " "
    # The same as the line above, ~4x faster: one table look-up per UTF-16 code unit in numpy.
    units = _view_codes()[np.frombuffer(encoded, dtype=np.uint16)]
    return " " + units.tobytes().decode("utf-16-le", "surrogatepass") + " "


@functools.cache
def _view_codes() -> np.ndarray:
    """For every BMP code point, itself if it is a word character, else a space."""
    codes = np.arange(0x10000, dtype=np.uint16)
    for code in range(0x10000):
        if not 0xD800 <= code < 0xE000 and not is_word_char(chr(code)):
            codes[code] = ord(" ")
    return codes
