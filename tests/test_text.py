"""Sentence spans and accent folding."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.text import boundary_view, fold, folding_to, locate, sentence_index, sentence_starts, split_sentences


@pytest.mark.parametrize(
    "text, sentences",
    [
        ("Rusia atacó. Ucrania respondió.", ["Rusia atacó.", "Ucrania respondió."]),
        ("¿Qué dijo? ¡Nada! Luego calló.", ["¿Qué dijo?", "¡Nada!", "Luego calló."]),
        ("Enviaron 12.000 soldados a Kursk.", ["Enviaron 12.000 soldados a Kursk."]),
        ("Lo dijo el Sr. Pérez. Y EE.UU. respondió.", ["Lo dijo el Sr. Pérez.", "Y EE.UU. respondió."]),
        ("Según J. Biden, no. Fin.", ["Según J. Biden, no.", "Fin."]),
        ("dijo que no. El presidente calló.", ["dijo que no.", "El presidente calló."]),
        ("por el mar. Luego volvieron.", ["por el mar.", "Luego volvieron."]),
        ("Véase el art. 5 del tratado. Fin.", ["Véase el art. 5 del tratado.", "Fin."]),
        ("Cosas, etc. El resto.", ["Cosas, etc.", "El resto."]),
        ("“Es grave.” Dijo Borrell.", ["“Es grave.”", "Dijo Borrell."]),
        ("Título\n\nPrimer párrafo. Segundo.\nOtro", ["Título", "Primer párrafo.", "Segundo.", "Otro"]),
        # a line break ends a sentence even after an abbreviation or an initial
        ("Sanciones de EE.UU.\nEl Kremlin calló.", ["Sanciones de EE.UU.", "El Kremlin calló."]),
        ("Firmado: J.\n\nOtro párrafo.", ["Firmado: J.", "Otro párrafo."]),
        ("Lo dijo el Sr. \nPérez.", ["Lo dijo el Sr.", "Pérez."]),
        ("  ", []),
        ("", []),
    ],
)
def test_split_sentences(text, sentences):
    assert [text[s.start:s.end] for s in split_sentences(text)] == sentences


@given(st.text(max_size=300))
def test_sentences_are_ordered_stripped_and_inside_the_text(text):
    spans = split_sentences(text)
    previous_end = 0
    for span in spans:
        assert previous_end <= span.start < span.end <= len(text)
        assert text[span.start:span.end] == text[span.start:span.end].strip()
        previous_end = span.end


def test_sentence_lookup():
    spans = split_sentences("Uno. Dos. Tres.")
    assert [sentence_index(spans, offset) for offset in (0, 5, 10, 14)] == [0, 1, 2, 2]
    assert locate(sentence_starts(spans), 6) == 1


@pytest.mark.parametrize(
    "text, folded",
    [("Moscú", "moscu"), ("ÑANDÚ", "nandu"), ("Pekín y Kíev", "pekin y kiev"), ("Erdoğan", "erdogan"),
     ("Türkiye", "turkiye"), ("“EE.UU.”", "“ee.uu.”"), ("北京", "北京")],
)
def test_fold(text, folded):
    assert fold(text) == folded


@given(st.text(max_size=200))
def test_fold_keeps_the_length(text):
    assert len(fold(text)) == len(text)


@pytest.mark.parametrize("letter, some", [("e", "eEéÉèÈëÊ"), ("n", "nNñÑ"), ("'", "'’‘"), ("-", "-–—")])
def test_folding_to_gives_every_character_that_folds_to_a_letter(letter, some):
    found = folding_to(letter)
    assert set(some) <= found
    assert all(fold(char) == letter for char in found)


@pytest.mark.parametrize(
    "folded, view",
    [
        ("ee.uu. y la ue", " ee uu  y la ue "),
        ("«putin», dijo", "  putin   dijo "),
        ("kim jong-un\n2024", " kim jong un 2024 "),
        ("beijing 北京 𝔘", " beijing 北京 𝔘 "),  # beyond the BMP: the regex path
        ("", "  "),
    ],
)
def test_boundary_view_turns_non_word_characters_into_spaces(folded, view):
    assert boundary_view(folded) == view
    assert len(boundary_view(folded)) == len(folded) + 2  # offsets shift by one
