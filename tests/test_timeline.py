"""Tests of analysis.timeline: TIMEX3 tagging of Spanish and English news.

Each table row is a sentence and the timexes a careful annotator would mark in it, as
(surface, type, value, mod). Unless a row says otherwise, the article was published on
Thursday 2024-11-14, like the project's first seed article.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import timeline
from analysis.text import fold, split_sentences
from analysis.timeline import (
    SUPPORTED_LANGUAGES,
    TemporalVocabularyError,
    Timex,
    load_temporal_vocabulary,
    tag_timexes,
)

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
THURSDAY = "2024-11-14"


def tagged(text: str, language: str = "es", published: str | None = THURSDAY) -> list[tuple]:
    return [
        (t.surface, t.type, t.value, t.mod)
        for t in tag_timexes(text, language=language, published=published)
    ]


def seed(file_name: str) -> tuple[str, str]:
    rows = {
        row["file"]: row for row in csv.DictReader((SEEDS / "metadata.csv").open(encoding="utf-8"))
    }
    return (SEEDS / file_name).read_text(encoding="utf-8"), rows[file_name]["published"]


# --------------------------------------------------------------------------------------------
# The seed articles
# --------------------------------------------------------------------------------------------

NATO_SEED = "000_5cbbeaf474436774.txt"  # published 2024-11-14, a Thursday
DIPLOMAT_SEED = "004_527e663e24d0a76b.txt"  # published 2024-08, day unknown

# Every temporal expression of the seeds, in order. Adjectives ("su reciente viaje", "el
# contexto geopolítico actual", "la actual Resultado") are left out on purpose: see the
# module docstring.
NATO_EXPECTED = [
    ("1949", "DATE", "1949", ""),
    ("La semana pasada", "DATE", "2024-W45", ""),
    ("la semana pasada", "DATE", "2024-W45", ""),
    (
        "el jueves",
        "DATE",
        "2024-11-14",
        "",
    ),  # "Durante una visita a Letonia el jueves, Rutte advirtió"
    ("ahora", "DATE", "PRESENT_REF", ""),
    (
        "El miércoles",
        "DATE",
        "2024-11-13",
        "",
    ),  # "El miércoles, tras conversar..., Rutte también afirmó"
    ("el jueves", "DATE", "2024-11-14", ""),  # "publicada el jueves, ... Borrell, detalló"
    ("el miércoles", "DATE", "2024-11-13", ""),  # "quien también habló con Blinken el miércoles"
    ("esta semana", "DATE", "2024-W46", ""),
    ("sus últimos meses", "DURATION", "PXM", ""),  # Biden's last months in office: unanchored
    ("el próximo año", "DATE", "2025", ""),
]
DIPLOMAT_EXPECTED = [
    ("los últimos años", "DURATION", "PXY", ""),  # "en los últimos años": TimeML's "recent years"
    ("décadas", "DURATION", "PXDE", ""),  # "su política de décadas"
    ("ahora", "DATE", "PRESENT_REF", ""),
    ("El año pasado", "DATE", "2023", ""),
    ("septiembre de 2023", "DATE", "2023-09", ""),
    ("el otoño de 2023", "DATE", "2023-FA", ""),
]


@pytest.mark.parametrize(
    "file_name, expected", [(NATO_SEED, NATO_EXPECTED), (DIPLOMAT_SEED, DIPLOMAT_EXPECTED)]
)
def test_seed_articles_are_tagged_completely_and_only_there(file_name, expected):
    text, published = seed(file_name)
    assert tagged(text, published=published) == expected


@pytest.mark.parametrize(
    "file_name, surface, value",
    [
        (NATO_SEED, "1949", "1949"),
        (NATO_SEED, "la semana pasada", "2024-W45"),
        (NATO_SEED, "el jueves", "2024-11-14"),
        (NATO_SEED, "El miércoles", "2024-11-13"),
        (NATO_SEED, "el miércoles", "2024-11-13"),
        (NATO_SEED, "esta semana", "2024-W46"),
        (NATO_SEED, "el próximo año", "2025"),
        (NATO_SEED, "ahora", "PRESENT_REF"),
        (NATO_SEED, "sus últimos meses", "PXM"),
        (DIPLOMAT_SEED, "septiembre de 2023", "2023-09"),
        (DIPLOMAT_SEED, "el otoño de 2023", "2023-FA"),
        (DIPLOMAT_SEED, "El año pasado", "2023"),
        (DIPLOMAT_SEED, "los últimos años", "PXY"),
        (DIPLOMAT_SEED, "ahora", "PRESENT_REF"),
    ],
)
def test_seed_expression(file_name, surface, value):
    text, published = seed(file_name)
    values = {
        t.value
        for t in tag_timexes(text, language="es", published=published)
        if t.surface == surface
    }
    assert values == {value}


@pytest.mark.parametrize(
    "file_name, number",
    [
        (NATO_SEED, "12.000"),
        (DIPLOMAT_SEED, "427"),
        (DIPLOMAT_SEED, "38"),
        (DIPLOMAT_SEED, "artículo 3"),
        (DIPLOMAT_SEED, "(artículo 4)"),
        (DIPLOMAT_SEED, "artículo 8"),
    ],
)
def test_seed_numbers_are_not_timexes(file_name, number):
    text, published = seed(file_name)
    start = text.index(number)
    end = start + len(number)
    for t in tag_timexes(text, language="es", published=published):
        assert t.end <= start or t.start >= end, t


def test_seed_ranges_and_sentences():
    text, published = seed(NATO_SEED)
    sentences = split_sentences(text)
    timexes = tag_timexes(text, language="es", published=published)
    week45 = [t for t in timexes if t.value == "2024-W45"]
    assert [(t.date_start, t.date_end) for t in week45] == [("2024-11-04", "2024-11-10")] * 2
    for t in timexes:
        span = sentences[t.sentence]
        assert span.start <= t.start and t.end <= span.end
    fall = [
        t
        for t in tag_timexes(*seed(DIPLOMAT_SEED)[:1], language="es", published="2024-08")
        if t.value == "2023-FA"
    ]
    assert (fall[0].date_start, fall[0].date_end) == ("2023-09-01", "2023-11-30")


# --------------------------------------------------------------------------------------------
# Hand-written sentences: (language, published, text, expected)
# --------------------------------------------------------------------------------------------

# fmt: off
CASES = [
    # Explicit dates
    ("es", THURSDAY, "El 14 de noviembre de 2024 se firmó el acuerdo.",
     [("El 14 de noviembre de 2024", "DATE", "2024-11-14", "")]),
    ("es", THURSDAY, "El tratado entró en vigor el 1 de enero del 2020.",
     [("el 1 de enero del 2020", "DATE", "2020-01-01", "")]),
    ("es", THURSDAY, "Se reunieron el 5 de octubre.",
     [("el 5 de octubre", "DATE", "2024-10-05", "")]),
    ("es", THURSDAY, "Se reunirán el 5 de octubre.",
     [("el 5 de octubre", "DATE", "2025-10-05", "")]),
    ("es", THURSDAY, "El acuerdo se firmó en noviembre de 2024.",
     [("noviembre de 2024", "DATE", "2024-11", "")]),
    ("es", THURSDAY, "Las relaciones se establecieron en 1949.", [("1949", "DATE", "1949", "")]),
    ("es", THURSDAY, "El 2023 fue el año más cálido desde el 2014; llegaron el 2000 soldados.",
     [("El 2023", "DATE", "2023", ""), ("el 2014", "DATE", "2014", "")]),
    ("es", THURSDAY, "La fecha del tratado es 5/10/2024.",
     [("5/10/2024", "DATE", "2024-10-05", "")]),
    ("es", THURSDAY, "Publicado el 2024-11-14 en Madrid.",
     [("2024-11-14", "DATE", "2024-11-14", "")]),
    ("es", THURSDAY, "El jueves 14 de noviembre habló Rutte.",
     [("El jueves 14 de noviembre", "DATE", "2024-11-14", "")]),
    ("es", THURSDAY, "Del 5 al 7 de octubre se celebró la cumbre.",
     [("5", "DATE", "2024-10-05", ""), ("7 de octubre", "DATE", "2024-10-07", "")]),
    ("es", THURSDAY, "Los días 5 y 6 de diciembre y el 9 y 10 de enero habrá huelga.",
     [("5", "DATE", "2024-12-05", ""), ("6 de diciembre", "DATE", "2024-12-06", ""),
      ("9", "DATE", "2025-01-09", ""), ("10 de enero", "DATE", "2025-01-10", "")]),
    ("es", THURSDAY, "El primer trimestre de 2024 fue bueno.",
     [("El primer trimestre de 2024", "DATE", "2024-Q1", "")]),
    ("es", THURSDAY, "En el segundo semestre de 2023 cayó, y en el primer semestre del año subió.",
     [("el segundo semestre de 2023", "DATE", "2023-H2", ""),
      ("el primer semestre del año", "DATE", "2024-H1", "")]),
    ("es", THURSDAY, "En la primera mitad del año ganó la primera mitad del partido.",
     [("la primera mitad del año", "DATE", "2024-H1", "")]),
    ("es", THURSDAY, "El primer trimestre del año 2023 y el tercer semestre.",
     [("El primer trimestre del año 2023", "DATE", "2023-Q1", "")]),
    ("es", THURSDAY, "La reunión será a las 10:30 de la mañana.",
     [("10:30 de la mañana", "TIME", "XXXX-XX-XXT10:30", "")]),
    ("es", THURSDAY, "El primero de mayo de 2023 hubo marchas.",
     [("El primero de mayo de 2023", "DATE", "2023-05-01", "")]),
    ("es", THURSDAY, "El pasado 12 de octubre miles de personas marcharon.",
     [("El pasado 12 de octubre", "DATE", "2024-10-12", "")]),
    ("es", THURSDAY, "Se firmará el 3 de marzo pasado mañana no.",
     [("el 3 de marzo", "DATE", "2025-03-03", ""), ("pasado mañana", "DATE", "2024-11-16", "")]),
    ("es", THURSDAY, "El 3 de marzo pasado se firmará, dicen, el 20 de enero próximo.",
     [("El 3 de marzo pasado", "DATE", "2024-03-03", ""),
      ("el 20 de enero próximo", "DATE", "2025-01-20", "")]),
    ("es", THURSDAY, "El próximo 20 de enero asumirá el cargo.",
     [("El próximo 20 de enero", "DATE", "2025-01-20", "")]),
    ("es", THURSDAY, "Desde el pasado 20 de diciembre, nada; se reunirán otra vez.",
     [("el pasado 20 de diciembre", "DATE", "2023-12-20", "")]),
    # A weekday settles the year the verb would get wrong ("será celebrada" has no cue).
    ("es", THURSDAY, "La cumbre, que fue aplazada, será el lunes 18 de noviembre.",
     [("el lunes 18 de noviembre", "DATE", "2024-11-18", "")]),
    ("es", THURSDAY, "Ya lo dijeron el viernes 15 de noviembre de 2019.",
     [("el viernes 15 de noviembre de 2019", "DATE", "2019-11-15", "")]),
    # A day of the month without the month: the publication's or a neighbour, by tense
    ("es", THURSDAY, "El pasado día 5 detuvieron a dos hombres; el día 20 se votará.",
     [("El pasado día 5", "DATE", "2024-11-05", ""), ("el día 20", "DATE", "2024-11-20", "")]),
    ("es", THURSDAY, "El día 20 se votó y el próximo día 2 se repetirá.",
     [("El día 20", "DATE", "2024-10-20", ""), ("el próximo día 2", "DATE", "2024-12-02", "")]),
    ("es", THURSDAY, "El día 15 de marzo se votó; el día 15 personas murieron.",
     [("El día 15 de marzo", "DATE", "2024-03-15", "")]),
    # A weekday and a day of the month close to publication
    ("es", THURSDAY, "El lunes 11 y el martes 12 hubo huelga.",
     [("El lunes 11", "DATE", "2024-11-11", ""), ("el martes 12", "DATE", "2024-11-12", "")]),
    ("es", THURSDAY, "El pasado martes 5, la policía detuvo a dos hombres.",
     [("El pasado martes 5", "DATE", "2024-11-05", "")]),
    ("es", THURSDAY, "El próximo lunes 18 por la tarde habrá elecciones.",
     [("El próximo lunes 18 por la tarde", "TIME", "2024-11-18TAF", "")]),
    ("es", THURSDAY, "El lunes 15 murieron.", [("El lunes", "DATE", "2024-11-11", "")]),
    ("es", THURSDAY, "El lunes 11 soldados murieron.", [("El lunes", "DATE", "2024-11-11", "")]),
    ("es", None, "El lunes 11 hubo huelga.", [("El lunes", "DATE", "XXXX-WXX-1", "")]),
    ("es", THURSDAY, "El ataque empezó a las 10.30 hora local.",
     [("10.30 hora local", "TIME", "XXXX-XX-XXT10:30", "")]),
    ("es", THURSDAY, "La tregua empieza a las 18.00 horas GMT.",
     [("18.00 horas GMT", "TIME", "XXXX-XX-XXT18:00", "")]),
    ("es", THURSDAY, "Sonaron sirenas (04:00 GMT).", [("04:00 GMT", "TIME", "XXXX-XX-XXT04:00", "")]),
    ("es", THURSDAY, "El índice subió 10.30 puntos.", []),
    ("es", THURSDAY, "Tras el 11-S y los atentados del 11-M, todo cambió.",
     [("el 11-S", "DATE", "2001-09-11", ""), ("11-M", "DATE", "2004-03-11", "")]),
    ("es", THURSDAY, "Ganó por 7-0 y el 11-s no es un nombre.", []),
    # Weekdays and tense
    ("es", THURSDAY, "El jueves se reunieron los ministros.",
     [("El jueves", "DATE", "2024-11-14", "")]),
    ("es", THURSDAY, "El jueves la cumbre terminará sin acuerdo.",
     [("El jueves", "DATE", "2024-11-21", "")]),
    ("es", THURSDAY, "El lunes habló el presidente.", [("El lunes", "DATE", "2024-11-11", "")]),
    ("es", THURSDAY, "El lunes hablará el presidente.", [("El lunes", "DATE", "2024-11-18", "")]),
    ("es", THURSDAY, "El lunes, reunión del consejo.", [("El lunes", "DATE", "2024-11-11", "")]),
    ("es", THURSDAY, "La votación está prevista para el 5 de octubre.",
     [("el 5 de octubre", "DATE", "2025-10-05", "")]),
    ("es", THURSDAY, "La votación, prevista para el 5 de octubre, fue suspendida.",
     [("el 5 de octubre", "DATE", "2024-10-05", "")]),
    ("es", THURSDAY, "Ha dicho el lunes que no irá.", [("el lunes", "DATE", "2024-11-11", "")]),
    ("es", THURSDAY, "El pasado jueves se reunieron; el próximo martes volverán.",
     [("El pasado jueves", "DATE", "2024-11-07", ""),
      ("el próximo martes", "DATE", "2024-11-19", "")]),
    ("es", THURSDAY, "Este viernes se votará.", [("Este viernes", "DATE", "2024-11-15", "")]),
    ("es", THURSDAY, "El jueves por la mañana hubo protestas.",
     [("El jueves por la mañana", "TIME", "2024-11-14TMO", "")]),
    ("es", THURSDAY, "La mañana del jueves hubo protestas.",
     [("La mañana del jueves", "TIME", "2024-11-14TMO", "")]),
    # Relative days, weeks, months, years
    ("es", THURSDAY, "Hoy el ministro habló; ayer no quiso; mañana hablará otra vez.",
     [("Hoy", "DATE", "2024-11-14", ""), ("ayer", "DATE", "2024-11-13", ""),
      ("mañana", "DATE", "2024-11-15", "")]),
    ("es", THURSDAY, "Pasado mañana votarán, y anteayer se reunieron.",
     [("Pasado mañana", "DATE", "2024-11-16", ""), ("anteayer", "DATE", "2024-11-12", "")]),
    ("es", THURSDAY, "Esta mañana llovió y anoche nevó.",
     [("Esta mañana", "TIME", "2024-11-14TMO", ""), ("anoche", "TIME", "2024-11-13TNI", "")]),
    ("es", THURSDAY, "Trabajó toda la mañana.", []),
    ("es", "2024-11-18", "Ayer domingo votaron; hoy, lunes, cuentan; mañana martes por la tarde, no.",
     [("Ayer domingo", "DATE", "2024-11-17", ""), ("hoy, lunes", "DATE", "2024-11-18", ""),
      ("mañana martes por la tarde", "TIME", "2024-11-19TAF", "")]),
    ("es", THURSDAY, "En la madrugada de este jueves y la noche del pasado martes.",
     [("la madrugada de este jueves", "TIME", "2024-11-14TMO", ""),
      ("la noche del pasado martes", "TIME", "2024-11-12TNI", "")]),
    ("es", THURSDAY, "La semana pasada y esta semana.",
     [("La semana pasada", "DATE", "2024-W45", ""), ("esta semana", "DATE", "2024-W46", "")]),
    ("es", THURSDAY, "La próxima semana y la semana que viene.",
     [("La próxima semana", "DATE", "2024-W47", ""),
      ("la semana que viene", "DATE", "2024-W47", "")]),
    ("es", THURSDAY, "El mes pasado hubo elecciones y el año pasado también.",
     [("El mes pasado", "DATE", "2024-10", ""), ("el año pasado", "DATE", "2023", "")]),
    ("es", THURSDAY, "El próximo año y el año que viene.",
     [("El próximo año", "DATE", "2025", ""), ("el año que viene", "DATE", "2025", "")]),
    ("es", THURSDAY, "Hace dos semanas llegaron; dentro de tres meses se irán.",
     [("Hace dos semanas", "DATE", "2024-W44", ""),
      ("dentro de tres meses", "DATE", "2025-02", "")]),
    ("es", THURSDAY, "Hace dos años que no llueve.", [("Hace dos años", "DATE", "2022", "")]),
    ("es", THURSDAY, "Hace más de dos años que no llueve.",
     [("Hace más de dos años", "DATE", "2022", "BEFORE")]),
    ("es", THURSDAY, "Hace unos días lo anunció.", [("Hace unos días", "DATE", "PAST_REF", "")]),
    ("es", THURSDAY, "Este fin de semana habrá elecciones.",
     [("Este fin de semana", "DATE", "2024-W46-WE", "")]),
    ("es", THURSDAY, "Durante el fin de semana hubo combates.",
     [("el fin de semana", "DATE", "2024-W45-WE", "")]),
    ("es", THURSDAY, "El fin de semana habrá elecciones.",
     [("El fin de semana", "DATE", "2024-W46-WE", "")]),
    ("es", "2024-11-17", "El fin de semana hubo elecciones.",
     [("El fin de semana", "DATE", "2024-W46-WE", "")]),
    ("es", THURSDAY, "El fin de semana del 5 de octubre llovió.",
     [("5 de octubre", "DATE", "2024-10-05", "")]),
    ("es", THURSDAY, "Se manifiestan cada fin de semana.",
     [("cada fin de semana", "SET", "XXXX-WXX-WE", "")]),
    ("es", THURSDAY, "En tres meses terminará la obra.",
     [("En tres meses", "DATE", "2025-02", "")]),
    ("es", THURSDAY, "Construyeron el puente en tres meses.",
     [("tres meses", "DURATION", "P3M", "")]),
    # Parts of periods, seasons, decades, centuries
    ("es", THURSDAY, "A principios de 2023 la guerra se estancó.",
     [("principios de 2023", "DATE", "2023", "START")]),
    ("es", THURSDAY, "A finales de septiembre cambió.",
     [("finales de septiembre", "DATE", "2024-09", "END")]),
    ("es", THURSDAY, "A finales del año pasado subieron los precios.",
     [("finales del año pasado", "DATE", "2023", "END")]),
    ("es", THURSDAY, "Los salarios se pagarán a finales de mes.",
     [("finales de mes", "DATE", "2024-11", "END")]),
    ("es", THURSDAY, "A principios del año hubo elecciones.",
     [("principios del año", "DATE", "2024", "START")]),
    ("es", THURSDAY, "A finales de año 2023 y en la cena de fin de año.",
     [("finales de año 2023", "DATE", "2023", "END"), ("fin de año", "DATE", "2024", "END")]),
    ("es", THURSDAY, "Pasó un fin de semana en Roma.", [("un fin de semana", "DURATION", "P1WE", "")]),
    ("es", THURSDAY, "A mediados de los 90 la economía creció.",
     [("mediados de los 90", "DATE", "199", "MID")]),
    ("es", THURSDAY, "A finales de los años ochenta cayó el muro.",
     [("finales de los años ochenta", "DATE", "198", "END")]),
    ("es", THURSDAY, "Llegó en el otoño de 2023.", [("el otoño de 2023", "DATE", "2023-FA", "")]),
    ("es", THURSDAY, "Este verano hizo calor; en invierno hará frío.",
     [("Este verano", "DATE", "2024-SU", ""), ("invierno", "DATE", "2024-WI", "")]),
    ("es", THURSDAY, "Esta primavera habrá elecciones.",
     [("Esta primavera", "DATE", "2025-SP", "")]),
    ("es", THURSDAY, "Esta primavera hubo elecciones.",
     [("Esta primavera", "DATE", "2024-SP", "")]),
    ("es", THURSDAY, "Este otoño habrá elecciones.", [("Este otoño", "DATE", "2024-FA", "")]),
    ("es", "2024-05-18", "Este verano hizo calor.", [("Este verano", "DATE", "2024-SU", "")]),
    ("es", THURSDAY, "El verano pasado fue seco.", [("El verano pasado", "DATE", "2024-SU", "")]),
    ("es", THURSDAY, "En los años 90 y en la década de 1990.",
     [("los años 90", "DATE", "199", ""), ("la década de 1990", "DATE", "199", "")]),
    ("es", THURSDAY, "Cumplió los noventa años.", [("noventa años", "DURATION", "P90Y", "")]),
    ("es", THURSDAY, "Todo cambió en los noventa.", [("los noventa", "DATE", "199", "")]),
    ("es", THURSDAY, "Como en el siglo XX y en el siglo XXI.",
     [("el siglo XX", "DATE", "19", ""), ("el siglo XXI", "DATE", "20", "")]),
    ("es", THURSDAY, "El siglo pasado fue violento.", [("El siglo pasado", "DATE", "19", "")]),
    ("es", THURSDAY, "A mediados del siglo XX se firmó.",
     [("mediados del siglo XX", "DATE", "19", "MID")]),
    # Durations
    ("es", THURSDAY, "Durante tres años negociaron.", [("tres años", "DURATION", "P3Y", "")]),
    ("es", THURSDAY, "En las últimas décadas todo cambió.",
     [("las últimas décadas", "DURATION", "PXDE", "")]),
    ("es", THURSDAY, "En los últimos tres años invirtieron menos.",
     [("los últimos tres años", "DURATION", "P3Y", "")]),
    ("es", THURSDAY, "En los próximos años invertirán más.",
     [("los próximos años", "DURATION", "PXY", "")]),
    ("es", THURSDAY, "Desde hace cinco años viven aquí.",
     [("Desde hace cinco años", "DURATION", "P5Y", "")]),
    ("es", THURSDAY, "Durante años nadie lo supo.", [("años", "DURATION", "PXY", "")]),
    ("es", THURSDAY, "Un hombre de 45 años murió tras 3 días en el hospital.",
     [("45 años", "DURATION", "P45Y", ""), ("3 días", "DURATION", "P3D", "")]),
    ("es", THURSDAY, "La guerra duró 1,5 años.", [("1,5 años", "DURATION", "P1.5Y", "")]),
    ("es", THURSDAY, "Tras medio siglo de dictadura y dos años y medio de guerra.",
     [("medio siglo", "DURATION", "P50Y", ""), ("dos años y medio", "DURATION", "P2.5Y", "")]),
    ("es", THURSDAY, "Negociaron durante un año y medio, y esperaron media hora.",
     [("un año y medio", "DURATION", "P1.5Y", ""), ("media hora", "DURATION", "PT30M", "")]),
    ("es", THURSDAY, "La reunión duró dos horas y media.",
     [("dos horas y media", "DURATION", "PT2H30M", "")]),
    ("es", THURSDAY, "La media de edad de la clase media subió.", []),
    # Ranges
    ("es", THURSDAY, "Desde 1949 su relación es estrecha.", [("1949", "DATE", "1949", "")]),
    ("es", THURSDAY, "Entre 2020 y 2022 la inflación subió.",
     [("2020", "DATE", "2020", ""), ("2022", "DATE", "2022", "")]),
    ("es", THURSDAY, "De enero a marzo de 2024 bajó.",
     [("enero", "DATE", "2024-01", ""), ("marzo de 2024", "DATE", "2024-03", "")]),
    ("es", THURSDAY, "De noviembre a febrero de 2024 llovió.",
     [("noviembre", "DATE", "2023-11", ""), ("febrero de 2024", "DATE", "2024-02", "")]),
    # Present, past and future references; sets
    ("es", THURSDAY, "Actualmente, en la actualidad y hoy en día, todo va bien; en el futuro, no.",
     [("Actualmente", "DATE", "PRESENT_REF", ""), ("en la actualidad", "DATE", "PRESENT_REF", ""),
      ("hoy en día", "DATE", "PRESENT_REF", ""), ("en el futuro", "DATE", "FUTURE_REF", "")]),
    ("es", THURSDAY, "Antes de la visita, dijo que antes era distinto; anteriormente, también.",
     [("antes", "DATE", "PAST_REF", ""), ("anteriormente", "DATE", "PAST_REF", "")]),
    ("es", THURSDAY, "Hasta el momento no hay víctimas; de momento, a día de hoy, nada.",
     [("Hasta el momento", "DATE", "PRESENT_REF", ""), ("de momento", "DATE", "PRESENT_REF", ""),
      ("a día de hoy", "DATE", "PRESENT_REF", "")]),
    ("es", THURSDAY, "Llegó el momento de votar, y lo harán en breve.",
     [("en breve", "DATE", "FUTURE_REF", "")]),
    ("es", THURSDAY, "Dos días antes lo había advertido.", [("Dos días", "DURATION", "P2D", "")]),
    ("es", THURSDAY, "En el pasado jueves hubo huelga.",
     [("el pasado jueves", "DATE", "2024-11-07", "")]),
    ("es", THURSDAY, "Se reúnen cada semana, todos los días y los jueves.",
     [("cada semana", "SET", "P1W", ""), ("todos los días", "SET", "P1D", ""),
      ("los jueves", "SET", "XXXX-WXX-4", "")]),
    ("es", THURSDAY, "Las elecciones se celebran cada cuatro años.",
     [("cada cuatro años", "SET", "P4Y", "")]),
    # Things that are not timexes
    ("es", THURSDAY, "Hasta 12.000 soldados llegaron a la frontera.", []),
    ("es", THURSDAY, "Según el artículo 3 y el número 427 de la serie.", []),
    ("es", THURSDAY, "Los dos países firmaron un acuerdo.", []),
    ("es", THURSDAY, "Pagaron 1500 dólares por 2000 toneladas.", []),
    ("es", THURSDAY, "Lo regula la Ley 20/2022 y el Real Decreto 1/2024.", []),
    ("es", THURSDAY, "Lo prevé la ley 1949 y el artículo 2024.", []),
    ("es", THURSDAY, "Más de 1500 personas huyeron.", []),
    ("es", THURSDAY, "Las Madres de Plaza de Mayo marcharon.", []),
    ("es", THURSDAY, "La Primavera Árabe cambió la región.", []),
    ("es", THURSDAY, "La Guerra de los Seis Días y la de los Cien Años.", []),
    ("es", THURSDAY, "Los 90 soldados llegaron.", []),
    ("es", THURSDAY, "Un día volverá la paz.", []),
    ("es", THURSDAY, "En primer lugar, hay que hablar.", []),
    ("es", THURSDAY, "Llegó a las 10 personas de la lista.", []),
    ("es", THURSDAY, "El modelo F-2020 vuela.", []),
    # English
    ("en", THURSDAY, "On Thursday, Rutte warned that last week was difficult.",
     [("Thursday", "DATE", "2024-11-14", ""), ("last week", "DATE", "2024-W45", "")]),
    ("en", THURSDAY, "He spoke on Monday.", [("Monday", "DATE", "2024-11-11", "")]),
    ("en", THURSDAY, "The vote is scheduled for Oct. 5.", [("Oct. 5", "DATE", "2025-10-05", "")]),
    ("en", THURSDAY, "The vote, scheduled for Oct. 5, was held.",
     [("Oct. 5", "DATE", "2024-10-05", "")]),
    ("en", THURSDAY, "He will speak on Monday.", [("Monday", "DATE", "2024-11-18", "")]),
    ("en", THURSDAY, "Last Thursday they met; next Monday they meet again.",
     [("Last Thursday", "DATE", "2024-11-07", ""), ("next Monday", "DATE", "2024-11-18", "")]),
    ("en", THURSDAY, "Next year they will meet again; two weeks ago they met in Brussels.",
     [("Next year", "DATE", "2025", ""), ("two weeks ago", "DATE", "2024-W44", "")]),
    ("en", THURSDAY, "In three months the treaty will expire.",
     [("In three months", "DATE", "2025-02", "")]),
    ("en", THURSDAY, "It was drafted in three months.", [("three months", "DURATION", "P3M", "")]),
    ("en", THURSDAY, "In early 2023 prices fell.", [("early 2023", "DATE", "2023", "START")]),
    ("en", THURSDAY, "In mid-2023 prices fell.", [("mid-2023", "DATE", "2023", "MID")]),
    ("en", THURSDAY, "By the end of 2023 and late last year.",
     [("the end of 2023", "DATE", "2023", "END"), ("late last year", "DATE", "2023", "END")]),
    ("en", THURSDAY, "In the 1990s, the nineties and the '90s.",
     [("the 1990s", "DATE", "199", ""), ("the nineties", "DATE", "199", ""),
      ("the '90s", "DATE", "199", "")]),
    ("en", THURSDAY, "By the end of the year and the middle of the month.",
     [("the end of the year", "DATE", "2024", "END"),
      ("the middle of the month", "DATE", "2024-11", "MID")]),
    ("en", THURSDAY, "The late 1990s were calm.", [("The late 1990s", "DATE", "199", "END")]),
    ("en", THURSDAY, "During the 20th century and the last century.",
     [("the 20th century", "DATE", "19", ""), ("the last century", "DATE", "19", "")]),
    ("en", THURSDAY, "They negotiated for three years.", [("three years", "DURATION", "P3Y", "")]),
    ("en", THURSDAY, "They negotiated for years.", [("years", "DURATION", "PXY", "")]),
    ("en", THURSDAY, "The 2024 election.", [("2024", "DATE", "2024", "")]),
    ("en", THURSDAY, "Since 1949 the two countries have been allies.",
     [("1949", "DATE", "1949", "")]),
    ("en", THURSDAY, "They may meet in May or on May 5, 2024.",
     [("May", "DATE", "2024-05", ""), ("May 5, 2024", "DATE", "2024-05-05", "")]),
    ("en", THURSDAY, "It happened on 14 November 2024.",
     [("14 November 2024", "DATE", "2024-11-14", "")]),
    ("en", THURSDAY, "It happened on November 14th.",
     [("November 14th", "DATE", "2024-11-14", "")]),
    ("en", THURSDAY, "The fall of Kabul came in the fall of 2021.",
     [("the fall of 2021", "DATE", "2021-FA", "")]),
    ("en", THURSDAY, "Yesterday morning and tonight; tomorrow they vote.",
     [("Yesterday morning", "TIME", "2024-11-13TMO", ""), ("tonight", "TIME", "2024-11-14TNI", ""),
      ("tomorrow", "DATE", "2024-11-15", "")]),
    ("en", THURSDAY, "Over the past three years and in recent years, prices rose.",
     [("the past three years", "DURATION", "P3Y", ""), ("recent years", "DURATION", "PXY", "")]),
    ("en", THURSDAY, "The meeting is at 10:30 a.m. and ends at 5 pm.",
     [("10:30 a.m.", "TIME", "XXXX-XX-XXT10:30", ""), ("5 pm", "TIME", "XXXX-XX-XXT17:00", "")]),
    ("en", THURSDAY, "The summit will be held on Monday, Nov. 18.",
     [("Monday, Nov. 18", "DATE", "2024-11-18", "")]),
    ("en", THURSDAY, "Over the weekend, fighting intensified.",
     [("the weekend", "DATE", "2024-W45-WE", "")]),
    ("en", THURSDAY, "The attack began at 10:30 local time, or 07:30 GMT.",
     [("10:30 local time", "TIME", "XXXX-XX-XXT10:30", ""),
      ("07:30 GMT", "TIME", "XXXX-XX-XXT07:30", "")]),
    ("en", THURSDAY, "Currently, nothing; previously, everything. Now it is over.",
     [("Currently", "DATE", "PRESENT_REF", ""), ("previously", "DATE", "PAST_REF", ""),
      ("Now", "DATE", "PRESENT_REF", "")]),
    ("en", THURSDAY, "After more than two and a half years, half a century of rule ended.",
     [("more than two and a half years", "DURATION", "P2.5Y", "MORE_THAN"),
      ("half a century", "DURATION", "P50Y", "")]),
    ("en", THURSDAY, "A year and a half later it ended.",
     [("A year and a half", "DURATION", "P1.5Y", "")]),
    ("en", THURSDAY, "After 9/11 and the 9/11 attacks.",
     [("9/11", "DATE", "2001-09-11", ""), ("9/11", "DATE", "2001-09-11", "")]),
    ("en", THURSDAY, "To date, the list is not up to date.",
     [("To date", "DATE", "PRESENT_REF", "")]),
    ("en", THURSDAY, "Every Thursday and every two weeks, and daily.",
     [("Every Thursday", "SET", "XXXX-WXX-4", ""), ("every two weeks", "SET", "P2W", ""),
      ("daily", "SET", "P1D", "")]),
    ("en", THURSDAY, "The summit ran from January to March 2024.",
     [("January", "DATE", "2024-01", ""), ("March 2024", "DATE", "2024-03", "")]),
    ("en", THURSDAY, "It was signed on 5/10/2024.", [("5/10/2024", "DATE", "2024-05-10", "")]),
    ("en", THURSDAY, "It was signed on 14/11/2024.", [("14/11/2024", "DATE", "2024-11-14", "")]),
    ("en", THURSDAY, "The first quarter of 2024 and last quarter.",
     [("The first quarter of 2024", "DATE", "2024-Q1", ""),
      ("last quarter", "DATE", "2024-Q3", "")]),
    ("en", THURSDAY, "A three-year plan ended within a year.",
     [("three-year", "DURATION", "P3Y", ""), ("a year", "DURATION", "P1Y", "")]),
    ("en", THURSDAY, "In the first half of the year, not the first half of the match.",
     [("the first half of the year", "DATE", "2024-H1", "")]),
    ("en", THURSDAY, "This week and this month.",
     [("This week", "DATE", "2024-W46", ""), ("this month", "DATE", "2024-11", "")]),
    ("en", THURSDAY, "Some 1500 troops and 2,000 civilians left; see article 3 and No. 427.", []),
    ("en", THURSDAY, "The two countries may agree to march together.", []),
    ("en", THURSDAY, "The Arab Spring changed the region.", []),
    ("es", '2024-08', "El jueves, el año pasado, ayer, hoy, el mes pasado, esta semana.",
     [("El jueves", "DATE", "XXXX-WXX-4", ""), ("el año pasado", "DATE", "2023", ""),
      ("ayer", "DATE", "XXXX-XX-XX", ""), ("hoy", "DATE", "2024-08-XX", ""),
      ("el mes pasado", "DATE", "2024-07", ""), ("esta semana", "DATE", "XXXX-WXX", "")]),
    ("es", '2024-08', "Se reunieron en octubre.", [("octubre", "DATE", "2023-10", "")]),
    ("es", '2024-08', "Se reunirán en octubre.", [("octubre", "DATE", "2024-10", "")]),
    ("es", '2024-08', "El próximo año habrá elecciones.", [("El próximo año", "DATE", "2025", "")]),
    ("es", '2024', "Este mes, el mes pasado y en marzo.",
     [("Este mes", "DATE", "2024-XX", ""), ("el mes pasado", "DATE", "XXXX-XX", ""),
      ("marzo", "DATE", "2024-03", "")]),
    ("es", None, "El jueves, el año pasado, ayer y el 5 de octubre.",
     [("El jueves", "DATE", "XXXX-WXX-4", ""), ("el año pasado", "DATE", "XXXX", ""),
      ("ayer", "DATE", "XXXX-XX-XX", ""), ("el 5 de octubre", "DATE", "XXXX-10-05", "")]),
    ("es", None, "El 14 de noviembre de 2024 y en 1949.",
     [("El 14 de noviembre de 2024", "DATE", "2024-11-14", ""), ("1949", "DATE", "1949", "")]),
    ("es", '', "Hoy.", [("Hoy", "DATE", "XXXX-XX-XX", "")]),
    ("es", 'garbage', "Ayer, el jueves.",
     [("Ayer", "DATE", "XXXX-XX-XX", ""), ("el jueves", "DATE", "XXXX-WXX-4", "")]),
    ("es", '2024-13-45', "Ayer.", [("Ayer", "DATE", "XXXX-XX-XX", "")]),
    ("en", '2024-02-30', "Yesterday.", [("Yesterday", "DATE", "XXXX-XX-XX", "")]),
]
# fmt: on


@pytest.mark.parametrize("language, published, text, expected", CASES)
def test_sentences(language, published, text, expected):
    assert tagged(text, language, published) == expected


@pytest.mark.parametrize("language, published, text, expected", CASES)
def test_first_word_dispatch_finds_what_trying_every_family_finds(
    monkeypatch, language, published, text, expected
):
    fast = tag_timexes(text, language=language, published=published)
    monkeypatch.setattr(timeline, "_EXHAUSTIVE", True)
    assert tag_timexes(text, language=language, published=published) == fast


@pytest.mark.parametrize(
    "language, published, text, first, last",
    [
        ("es", THURSDAY, "la semana pasada", "2024-11-04", "2024-11-10"),
        ("es", THURSDAY, "esta semana", "2024-11-11", "2024-11-17"),
        ("es", THURSDAY, "septiembre de 2023", "2023-09-01", "2023-09-30"),
        ("es", THURSDAY, "el otoño de 2023", "2023-09-01", "2023-11-30"),
        ("es", THURSDAY, "el invierno de 2023", "2023-12-01", "2024-02-29"),
        ("es", THURSDAY, "los años 90", "1990-01-01", "1999-12-31"),
        ("es", THURSDAY, "el siglo XX", "1900-01-01", "1999-12-31"),
        ("es", THURSDAY, "a principios de 2023", "2023-01-01", "2023-04-30"),
        ("es", THURSDAY, "a mediados de 2023", "2023-05-01", "2023-08-31"),
        ("es", THURSDAY, "a finales de septiembre de 2023", "2023-09-21", "2023-09-30"),
        ("es", THURSDAY, "a finales de los años ochenta", "1987-01-01", "1989-12-31"),
        ("es", THURSDAY, "el primer trimestre de 2024", "2024-01-01", "2024-03-31"),
        ("es", THURSDAY, "ayer", "2024-11-13", "2024-11-13"),
        ("es", THURSDAY, "el segundo semestre de 2023", "2023-07-01", "2023-12-31"),
        ("es", THURSDAY, "este fin de semana", "2024-11-16", "2024-11-17"),
        ("es", THURSDAY, "los últimos tres años", "2021-11-15", "2024-11-14"),
        ("es", THURSDAY, "en los próximos dos meses", "2024-11-14", "2025-01-13"),
        ("es", THURSDAY, "desde hace cinco años", "2019-11-15", "2024-11-14"),
        ("es", THURSDAY, "durante tres años", "", ""),
        ("es", THURSDAY, "sus últimos meses", "", ""),
        ("es", THURSDAY, "las últimas décadas", "", ""),
        ("es", "2024-08", "el año pasado", "2023-01-01", "2023-12-31"),
        ("es", "2024-08", "ayer", "", ""),
        ("es", "2024-08", "hoy", "", ""),
        ("es", "2024-08", "los últimos tres años", "", ""),
        ("es", None, "el 5 de octubre", "", ""),
        ("en", THURSDAY, "last week", "2024-11-04", "2024-11-10"),
        ("en", THURSDAY, "the late 1990s", "1997-01-01", "1999-12-31"),
    ],
)
def test_days_covered(language, published, text, first, last):
    (timex,) = tag_timexes(text, language=language, published=published)
    assert (timex.date_start, timex.date_end) == (first, last)


# --------------------------------------------------------------------------------------------
# API contract and bad input
# --------------------------------------------------------------------------------------------


def test_timex_record():
    (timex,) = tag_timexes("Hola. Lo dijo ayer.", language="es", published=THURSDAY)
    assert timex == Timex(1, 14, 18, "ayer", "DATE", "2024-11-13", "2024-11-13", "2024-11-13", "")


def test_empty_text():
    assert tag_timexes("", language="es", published=THURSDAY) == []
    assert tag_timexes("   \n ", language="en", published=None) == []


@pytest.mark.parametrize("language", ["fr", "ES", "", None, "spanish"])
def test_unsupported_language_names_the_supported_ones(language):
    with pytest.raises(ValueError) as error:
        tag_timexes("ayer", language=language, published=THURSDAY)
    for supported in SUPPORTED_LANGUAGES:
        assert repr(supported) in str(error.value) or supported in str(error.value)
    with pytest.raises(ValueError):
        load_temporal_vocabulary(language)


@pytest.mark.parametrize(
    "text, published, expected",
    [
        ("hace 1000000 días", THURSDAY, [("hace 1000000 días", "DATE", "PAST_REF", "")]),
        ("hace 5000 años", THURSDAY, [("hace 5000 años", "DATE", "PAST_REF", "")]),
        (
            "dentro de 99999999 siglos",
            THURSDAY,
            [("dentro de 99999999 siglos", "DATE", "FUTURE_REF", "")],
        ),
        (
            "los últimos 100000 años",
            THURSDAY,
            [("los últimos 100000 años", "DURATION", "P100000Y", "")],
        ),
        (
            "durante " + "9" * 400 + " años",
            THURSDAY,
            [("9" * 400 + " años", "DURATION", "PXY", "")],
        ),
        ("mañana", "9999-12-31", [("mañana", "DATE", "XXXX-XX-XX", "")]),  # not a news date
        ("el jueves", "0001-01-01", [("el jueves", "DATE", "XXXX-WXX-4", "")]),
    ],
)
def test_numbers_and_dates_beyond_the_calendar_do_not_crash(text, published, expected):
    assert tagged(text, published=published) == expected


def test_given_sentences_are_used_as_they_are():
    text = "Lo dijo ayer. Y hoy."
    spans = split_sentences(text)
    assert tag_timexes(text, language="es", published=THURSDAY, sentences=spans) == tag_timexes(
        text, language="es", published=THURSDAY
    )
    assert [t.sentence for t in tag_timexes(text, language="es", published=THURSDAY)] == [0, 1]


def test_vocabulary_is_loaded_validated_and_copied():
    vocabulary = load_temporal_vocabulary("es")
    assert vocabulary["months"]["noviembre"] == 11
    assert vocabulary["seasons"]["otoño"] == "FA"
    vocabulary["months"].clear()
    assert load_temporal_vocabulary("es")["months"]["noviembre"] == 11
    assert load_temporal_vocabulary("en")["weekdays"]["thursday"] == 4


@pytest.mark.parametrize(
    "change, key",
    [
        (lambda v: v.pop("months"), "months"),
        (lambda v: v["months"].update({"brumario": 13}), "months"),
        (lambda v: v.update(number_labels=["artículo", False]), "number_labels"),
        (lambda v: v["units"].pop("Y"), "units"),
        (lambda v: v["seasons"].update({"monzón": "MO"}), "seasons"),
        (lambda v: v["tense_cues"].pop("future_words"), "tense_cues"),
        (lambda v: v.update(language="en"), "language"),
        (lambda v: v.update(extra_key=[]), "extra_key"),
    ],
)
def test_vocabulary_errors_name_the_file_and_the_key(tmp_path, monkeypatch, change, key):
    import yaml

    vocabulary = load_temporal_vocabulary("es")
    change(vocabulary)
    (tmp_path / "es.yaml").write_text(
        yaml.safe_dump(vocabulary, allow_unicode=True), encoding="utf-8"
    )
    monkeypatch.setattr(timeline, "_VOCABULARY_DIR", tmp_path)
    timeline._read_vocabulary.cache_clear()
    try:
        with pytest.raises(TemporalVocabularyError) as error:
            load_temporal_vocabulary("es")
        assert str(tmp_path / "es.yaml") in str(error.value)
        assert repr(key) in str(error.value)
    finally:
        timeline._read_vocabulary.cache_clear()


def test_unquoted_yaml_boolean_gets_a_hint(tmp_path, monkeypatch):
    text = (ROOT / "data" / "temporal" / "es.yaml").read_text(encoding="utf-8")
    (tmp_path / "es.yaml").write_text(text.replace('"no", ley', "no, ley"), encoding="utf-8")
    monkeypatch.setattr(timeline, "_VOCABULARY_DIR", tmp_path)
    timeline._read_vocabulary.cache_clear()
    try:
        with pytest.raises(TemporalVocabularyError, match="number_labels.*quote"):
            load_temporal_vocabulary("es")
    finally:
        timeline._read_vocabulary.cache_clear()


def test_missing_vocabulary_file(tmp_path, monkeypatch):
    monkeypatch.setattr(timeline, "_VOCABULARY_DIR", tmp_path)
    timeline._read_vocabulary.cache_clear()
    try:
        with pytest.raises(TemporalVocabularyError, match="en.yaml"):
            load_temporal_vocabulary("en")
    finally:
        timeline._read_vocabulary.cache_clear()


# --------------------------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------------------------

# fmt: off
_WORDS = [
    "el", "la", "los", "de", "del", "a", "en", "hace", "dentro", "desde", "durante", "jueves",
    "miércoles", "semana", "pasada", "próximo", "año", "años", "mes", "meses", "otoño", "siglo",
    "XX", "principios", "finales", "mediados", "mañana", "ayer", "hoy", "ahora", "antes",
    "últimos", "noviembre", "mayo", "Mayo", "1949", "2023", "12.000", "90", "5", "14", "10:30",
    "artículo", "the", "last", "next", "week", "year", "ago", "in", "early", "late", "mid",
    "1990s", "'90s", "Thursday", "May", "March", "fall", "of", "century", "20th", "for", "three",
    "tres", "dos", "every", "cada", "todos", "días", "a.m.", "por", "tarde", "noche", "y", "al",
    ",", ".", "-", "/", "\n", "“", "»", "İ", "ß", "Путин", "٣", "1000000", "9" * 30, "2100", "0",
]
# fmt: on
_vocabulary_text = st.lists(st.sampled_from(_WORDS), max_size=30).map(" ".join)
_any_text = st.text(max_size=120)
_published = st.one_of(
    st.none(),
    st.sampled_from(
        [
            "2024-11-14",
            "2024-08",
            "2024",
            "",
            "garbage",
            "2024-02-29",
            "0000-00-00",
            "9999-12-31",
            "1000-01-01",
            "9000-12-31",
            "2024-11-14T10:00:00Z",
        ]
    ),
    st.text(max_size=12),
)


@settings(max_examples=300, deadline=None)
@given(
    text=st.one_of(
        _vocabulary_text, _any_text, st.tuples(_vocabulary_text, _any_text).map("".join)
    ),
    language=st.sampled_from(SUPPORTED_LANGUAGES),
    published=_published,
)
def test_never_crashes_and_spans_are_sound(text, language, published):
    timexes = tag_timexes(text, language=language, published=published)
    sentences = split_sentences(text)
    previous_end = 0
    for timex in timexes:
        assert text[timex.start : timex.end] == timex.surface
        assert timex.start >= previous_end  # sorted, non-overlapping
        assert timex.end > timex.start
        previous_end = timex.end
        assert 0 <= timex.sentence < max(len(sentences), 1)
        assert timex.type in ("DATE", "TIME", "DURATION", "SET")
        assert bool(timex.date_start) == bool(timex.date_end)
        assert timex.date_start <= timex.date_end


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(_any_text, _vocabulary_text))
def test_matching_copy_agrees_with_fold_wherever_fold_gives_ascii(text):
    matching = timeline._fold_for_matching(text)
    folded = fold(text)
    assert len(matching) == len(text)
    for mine, theirs, original in zip(matching, folded, text):
        if theirs.isascii():
            assert mine == theirs
        else:
            assert mine.isalnum() == original.isalnum()
            assert mine.isspace() == original.isspace()


@settings(max_examples=300, deadline=None)
@given(
    text=st.one_of(_any_text, _vocabulary_text, st.tuples(_vocabulary_text, _any_text).map("".join)),
    language=st.sampled_from(SUPPORTED_LANGUAGES),
)
def test_triggers_found_on_the_boundary_view_are_those_of_the_plain_scan(text, language):
    grammar = timeline._grammar(language)
    matching = timeline._fold_for_matching(text)
    plain = [(m.start(), m.group()) for m in grammar.trigger_scanner.finditer(matching)]
    assert grammar.view_scanner is not None
    assert grammar.triggers(matching) == plain


def test_a_trigger_with_a_non_word_character_keeps_the_plain_scan():
    vocabulary = load_temporal_vocabulary("en")
    vocabulary["set_adverbs"] = {**vocabulary["set_adverbs"], "o'nightly": "P1D"}
    grammar = timeline._Grammar(vocabulary)
    assert grammar.view_scanner is None
    text = "He left (o'nightly), on 3 May."
    assert grammar.triggers(timeline._fold_for_matching(text)) == [
        (9, "o'nightly"), (24, "3"), (26, "may"),
    ]


def _lead_starts_word_by_word(grammar, reversed_text: str, position: int) -> list[tuple[int, str]]:
    """_lead_starts with nothing tried yet, as a plain loop over the words before ``position``."""
    gap_then_word = re.compile(r"[\s,.'-]*?([\w'ºª°]+)")
    starts = [(position, "trigger")]
    cursor = len(reversed_text) - position
    for _ in range(timeline._MAX_LEAD_WORDS):
        m = gap_then_word.match(reversed_text, cursor)
        if m is None:
            break
        word = m.group(1)[::-1]
        if word not in grammar.lead_words and not word[0].isdigit() and word[0] != "'":
            break
        cursor = m.end()
        starts.append((len(reversed_text) - cursor, word))
    return starts


_LEAD_WORDS = _WORDS + ["'90s", "l'année", "x'", "º1", "²3", "1_000", "a.m.", "—", "(", "…", ":"]


@settings(max_examples=300, deadline=None)
@given(
    text=st.one_of(
        _any_text,
        st.lists(st.sampled_from(_LEAD_WORDS), max_size=30).map(" ".join),
        st.lists(st.sampled_from(_LEAD_WORDS + [",", ".", "-", "'", " "]), max_size=40).map("".join),
    ),
    language=st.sampled_from(SUPPORTED_LANGUAGES),
)
def test_the_walk_back_from_a_trigger_takes_the_lead_words_a_word_by_word_loop_takes(text, language):
    grammar = timeline._grammar(language)
    reversed_text = timeline._fold_for_matching(text)[::-1]
    for position in range(len(text) + 1):
        assert timeline._lead_starts(
            grammar, reversed_text, position, "trigger", set()
        ) == _lead_starts_word_by_word(grammar, reversed_text, position)


@settings(max_examples=300, deadline=None)
@given(
    endings=st.sets(st.text(alphabet="abó-", min_size=1, max_size=4), max_size=6),
    text=st.text(alphabet="abó- x_\n", max_size=40),
)
def test_endings_regex_finds_what_a_lookbehind_and_a_plain_alternation_find(endings, text):
    plain = re.compile(
        r"(?<=\w\w)(?:" + "|".join(map(re.escape, sorted(endings, key=len, reverse=True))) + r")(?!\w)"
        if endings else r"(?!)"
    )
    fast = re.compile(timeline._endings_regex(endings))
    assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)]
