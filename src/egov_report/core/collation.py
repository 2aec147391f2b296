"""Vietnamese alphabetical order, for lists of names a reader scans (units in a tie).

Python's ``sorted`` compares code points: "Đ" (U+0110) then comes after "Z", "Â" after "Z",
"à" after "b". Vietnamese order is the alphabet a ă â b c d đ e ê g h i k l m n o ô ơ p q r s
t u ư v x y, letters compared first; then the tones, in dictionary order (none, huyền, hỏi,
ngã, sắc, nặng: a < à < ả < ã < á < ạ, as in Unicode CLDR); then lower before upper case.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"  # f, j, w, z only in foreign words
_WITH_MODIFIER = {  # breve, circumflex, horn on the base vowel
    ("a", "\u0306"): "ă", ("a", "\u0302"): "â", ("e", "\u0302"): "ê",
    ("o", "\u0302"): "ô", ("o", "\u031b"): "ơ", ("u", "\u031b"): "ư",
}
TONES = ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323")  # none, huyền, hỏi, ngã, sắc, nặng


@lru_cache(maxsize=4096)
def _character(char: str) -> tuple[tuple[int, int], int, bool]:
    """(place in the alphabet, tone, upper case) of one character."""
    decomposed = unicodedata.normalize("NFD", char)
    base, marks = decomposed[0], decomposed[1:]
    letter, tone = base.lower(), ""
    for mark in marks:
        if mark in TONES:
            tone = mark
        else:
            letter = _WITH_MODIFIER.get((letter, mark), letter)
    return _primary(letter), TONES.index(tone), base != base.lower()


def _primary(letter: str) -> tuple[int, int]:
    """Spaces, digits and signs (by code point) before letters (in alphabet order)."""
    index = ALPHABET.find(letter) if len(letter) == 1 else -1
    return (1, index) if index >= 0 else (0, ord(letter[0]))


def vietnamese_key(text: str) -> tuple:
    """Sort key: letters, then tones, then case, each compared over the whole text."""
    characters = [_character(char) for char in text]
    return (tuple(c[0] for c in characters), tuple(c[1] for c in characters), tuple(c[2] for c in characters))
