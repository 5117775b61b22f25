"""Temporal expressions in Spanish and English news, as TIMEX3 values resolved against the
article's publication date.

    tag_timexes(text, language="es", published="2024-11-14") -> list[Timex]

How it works
------------
* The words are data (``data/temporal/<language>.yaml``); this module holds only the grammar
  that combines them. From a vocabulary it compiles, once per language, one regex per *family*
  of expressions (explicit dates, weekdays, relative periods, durations, ...) and a *scanner*,
  the union of all families.
* Matching runs on ``fold(text)`` (lower case, accents stripped, same offsets), so "Miércoles",
  "miercoles" and "MIÉRCOLES" are one word. The scanner passes over the text once; wherever it
  matches, every family is tried at that position and each match is resolved into a candidate.
  Overlapping candidates are settled longest first, so "el jueves 14 de noviembre" beats
  "el jueves" and "el pasado jueves" beats "en el pasado".
* Where the calendar leaves a choice ("el jueves", "en marzo"), the tense cue nearest to the
  expression in its sentence picks the past or the future reading. With no cue the past reading
  is taken for weekdays, because news mostly reports what already happened; a month or a day
  of a month without a cue is taken in the publication year.

TIMEX3 choices (TimeML 1.2.1 conventions unless said otherwise)
-----------------------------------------------------------------
* Extents leave out prepositions, which TimeML treats as signals: "durante tres años" is tagged
  "tres años", "a principios de 2023" is "principios de 2023", "in early 2023" is "early 2023".
  Words that make the meaning stay in: "hace dos semanas", "two weeks ago", "dentro de tres
  meses", and "en tres meses" / "in three months" when it is a future date.
* "desde 1949" / "since 1949" is the DATE "1949" with no mod: "desde" is a SIGNAL linking an
  event to the date, and mod AFTER would claim the expression itself means "after 1949".
* Weekdays: past reading = the latest such day on or before publication (the publication day
  itself when it matches); future reading = the next one after it. "el pasado jueves" /
  "el próximo jueves" are strictly before / after; "este jueves" is the one in the same ISO week.
  "el fin de semana" / "the weekend" works the same way: the latest weekend begun by
  publication, or in a future-tense clause the first one not yet over.
* "los últimos tres años" / "the last three years" is a DURATION (P3Y) anchored to publication:
  date_start..date_end = the three years up to the publication day. Without a number
  ("en los últimos años", "recent years") it is PXY and unanchored (TIMEX3 has no start for
  it). A possessive ("sus últimos meses en la Casa Blanca") ties the span to its holder, not to
  publication: PXM, unanchored.
* "hace años", "hace unos días", "years ago" are PAST_REF; sub-day offsets ("hace tres horas")
  are PAST_REF / FUTURE_REF, because publication times are not known.
* Parts of a period keep the period's value and add mod START / MID / END; date_start..date_end
  is then the first, middle or last third of the period (in months for a year, years for a
  decade or century, days for a month).
* Halves of a year are "2024-H1" / "2024-H2" ("el primer semestre", "the first half of 2024").
* A day of the month without its month ("el día 15", "el pasado día 5") and a weekday with one
  ("el lunes 11") are read near publication: the month by modifier or tense, and the weekday
  must fall on that day within three weeks, or the number is taken for a count.
* Dates known by a short name ("el 11-S", "9/11") are listed in the vocabulary with their day.
* Seasons are meteorological, northern hemisphere: SP Mar-May, SU Jun-Aug, FA Sep-Nov,
  WI Dec-Feb, and "2023-WI" is the winter that starts in December 2023.
* Decades written with two digits are in the 1900s ("los años 20" = 1920s): the 2020s are
  "esta década" in current news. Centuries follow TIMEX3: the 20th century is "19",
  1900-01-01..1999-12-31.
* A partial publication date resolves what it can: "el año pasado" needs only the year,
  "el mes pasado" the month, and day or week offsets ("ayer", "el jueves", "la semana
  pasada") need the full date. Otherwise the value stays underspecified ("XXXX-XX-XX",
  "XXXX-WXX", the weekday form "XXXX-WXX-4") with empty date_start/date_end. Offset zero keeps
  what is known: "hoy" with published "2024-08" is "2024-08-XX".
* Clock times ("a las 10:30", "10 a.m.") are TIME values without a date ("XXXX-XX-XXT10:30"):
  the day they belong to is rarely the publication day in news.
* Adjectives such as "actual" / "reciente" / "current" are not tagged: they modify a noun ("la
  actual administración") and give the timeline no date. Adverbs are ("actualmente", "ahora").
"""

from __future__ import annotations

import bisect
import copy
import datetime as dt
import functools
import math
import operator
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, NamedTuple

import numpy as np
import yaml

from analysis.text import Span, boundary_view, fold, split_sentences

__all__ = [
    "SUPPORTED_LANGUAGES",
    "TemporalVocabularyError",
    "Timex",
    "load_temporal_vocabulary",
    "tag_timexes",
]

SUPPORTED_LANGUAGES = ("en", "es")
_VOCABULARY_DIR = Path(__file__).resolve().parent.parent / "data" / "temporal"


@dataclass(frozen=True, slots=True)
class Timex:
    sentence: int  # index into split_sentences(text)
    start: int  # text[start:end] == surface always
    end: int
    surface: str
    type: str  # TIMEX3 type: DATE | TIME | DURATION | SET
    value: str  # TIMEX3 value: "2024-11-14", "2024-W45", "2023-FA", "199", "P3M", "PAST_REF", ...
    date_start: str  # first day the value covers (ISO), "" if not resolvable
    date_end: str  # last day the value covers (ISO), "" if not resolvable
    mod: str = ""  # TIMEX3 mod: START, MID, END, APPROX, MORE_THAN, ...


# --------------------------------------------------------------------------------------------
# Vocabulary: loading and validation
# --------------------------------------------------------------------------------------------


class TemporalVocabularyError(ValueError):
    """A temporal vocabulary file is missing, unreadable or malformed."""

    def __init__(self, path: Path, key: str, problem: str) -> None:
        self.path, self.key, self.problem = path, key, problem
        where = f"key {key!r}: " if key else ""
        super().__init__(f"{path}: {where}{problem}")


_UNIT_CODES = ("D", "W", "WE", "M", "Q", "Y", "DE", "CE", "H", "MIN")
_REQUIRED_UNITS = ("D", "W", "M", "Y")
_SEASON_CODES = ("SP", "SU", "FA", "WI")
_DAY_PART_CODES = ("MO", "MI", "AF", "EV", "NI")
_PART_MODS = ("START", "MID", "END")
_REF_VALUES = ("PRESENT_REF", "PAST_REF", "FUTURE_REF")
_APPROX_MODS = ("MORE_THAN", "LESS_THAN", "APPROX", "EQUAL_OR_MORE", "EQUAL_OR_LESS")
_BOOL_HINT = " (YAML reads unquoted yes/no/on/off as booleans: quote the word)"


def _is_word(item: Any) -> bool:
    return isinstance(item, str) and bool(item.strip())


def _describe(item: Any) -> str:
    hint = _BOOL_HINT if isinstance(item, bool) else ""
    return f"{item!r}{hint}"


def _check_words(value: Any) -> str | None:
    if not isinstance(value, list):
        return f"expected a list of words, got {type(value).__name__}"
    for item in value:
        if not _is_word(item):
            return f"expected a list of non-empty strings, found {_describe(item)}"
    return None


def _check_mapping(check_value: Callable[[Any], str | None], what: str):
    def check(value: Any) -> str | None:
        if not isinstance(value, dict):
            return f"expected a mapping of words to {what}, got {type(value).__name__}"
        for word, item in value.items():
            if not _is_word(word):
                return f"expected words as keys, found {_describe(word)}"
            problem = check_value(item)
            if problem:
                return f"{word!r}: {problem}"
        return None

    return check


def _int_between(low: int, high: int) -> Callable[[Any], str | None]:
    def check(item: Any) -> str | None:
        if isinstance(item, bool) or not isinstance(item, int) or not low <= item <= high:
            return f"expected a whole number from {low} to {high}, got {_describe(item)}"
        return None

    return check


def _one_of(choices: tuple[str, ...]) -> Callable[[Any], str | None]:
    def check(item: Any) -> str | None:
        if item not in choices:
            return f"expected one of {', '.join(map(repr, choices))}, got {_describe(item)}"
        return None

    return check


def _check_bool(item: Any) -> str | None:
    return None if isinstance(item, bool) else f"expected true or false, got {item!r}"


def _check_language(item: Any) -> str | None:
    return _one_of(SUPPORTED_LANGUAGES)(item)


def _check_offset_part(item: Any) -> str | None:
    if (
        not isinstance(item, list)
        or len(item) != 2
        or _int_between(-7, 7)(item[0])
        or item[1] not in _DAY_PART_CODES
    ):
        return f"expected [day offset, part of day {'/'.join(_DAY_PART_CODES)}], got {item!r}"
    return None


def _check_iso_date(item: Any) -> str | None:
    try:
        dt.date.fromisoformat(item if isinstance(item, str) and len(item) == 10 else "")
    except ValueError:
        return f"expected an ISO date such as 2001-09-11, got {_describe(item)}"
    return None


_DURATION_VALUE = re.compile(r"P(?:\d+(?:\.\d+)?(?:Y|M|W|D|DE|CE|Q)|T\d+(?:H|M))")


def _check_duration(item: Any) -> str | None:
    if not isinstance(item, str) or not _DURATION_VALUE.fullmatch(item):
        return f"expected a TIMEX3 duration such as P1D or P1W, got {_describe(item)}"
    return None


def _check_keyed_lists(codes: tuple[str, ...], required: tuple[str, ...] = ()):
    def check(value: Any) -> str | None:
        if not isinstance(value, dict):
            return f"expected a mapping of {'/'.join(codes)} to lists of words"
        for code, words in value.items():
            if code not in codes:
                return f"unknown code {code!r}: use one of {', '.join(codes)}"
            problem = _check_words(words)
            if problem:
                return f"{code}: {problem}"
        missing = [code for code in required if code not in value]
        return f"missing {', '.join(missing)}" if missing else None

    return check


def _check_units(value: Any) -> str | None:
    problem = _check_keyed_lists(_UNIT_CODES, _REQUIRED_UNITS)(value)
    if problem:
        return problem
    for code, words in value.items():
        if len(words) < 2:
            return f"{code}: list the singular form first, then the plural(s)"
    return None


def _check_guards(value: Any) -> str | None:
    if not isinstance(value, dict):
        return "expected a mapping of words to {not_followed_by: [...], not_preceded_by: [...]}"
    for word, guard in value.items():
        if not isinstance(guard, dict) or set(guard) - {"not_followed_by", "not_preceded_by"}:
            return f"{word!r}: expected not_followed_by and/or not_preceded_by lists"
        for side, words in guard.items():
            problem = _check_words(words)
            if problem:
                return f"{word!r}.{side}: {problem}"
    return None


_TENSE_KEYS = (
    "past_words",
    "past_suffixes",
    "past_suffix_exceptions",
    "past_auxiliaries",
    "participle_suffixes",
    "future_words",
    "future_suffixes",
)


def _check_tense(value: Any) -> str | None:
    if not isinstance(value, dict):
        return f"expected a mapping with the lists {', '.join(_TENSE_KEYS)}"
    for key in _TENSE_KEYS:
        if key not in value:
            return f"missing {key}"
        problem = _check_words(value[key])
        if problem:
            return f"{key}: {problem}"
    unknown = set(value) - set(_TENSE_KEYS)
    return f"unknown list {sorted(unknown)[0]!r}" if unknown else None


_SCHEMA: dict[str, Callable[[Any], str | None]] = {
    "language": _check_language,
    "numeric_date_order": _one_of(("dmy", "mdy")),
    "months": _check_mapping(_int_between(1, 12), "month numbers"),
    "month_abbreviations": _check_mapping(_int_between(1, 12), "month numbers"),
    "weekdays": _check_mapping(_int_between(1, 7), "ISO weekday numbers (Monday = 1)"),
    "weekday_plurals": _check_mapping(_int_between(1, 7), "ISO weekday numbers"),
    "set_weekday_articles": _check_words,
    "numbers": _check_mapping(_int_between(1, 1000), "numbers"),
    "bare_duration_exclusions": _check_words,
    "half_words": _check_words,
    "and_a_half": _check_words,
    "vague_quantities": _check_words,
    "decimal_separator": _one_of((",", ".")),
    "units": _check_units,
    "seasons": _check_mapping(_one_of(_SEASON_CODES), "season codes"),
    "bare_season_prepositions": _check_words,
    "day_parts": _check_mapping(_one_of(_DAY_PART_CODES), "part-of-day codes"),
    "day_part_links": _check_words,
    "day_part_of": _check_words,
    "day_offsets": _check_mapping(_int_between(-7, 7), "day offsets"),
    "day_part_phrases": _check_mapping(_check_offset_part, "[offset, part of day]"),
    "noun_guards": _check_mapping(_check_words, "lists of words"),
    "articles": _check_words,
    "possessives": _check_words,
    "this_words": _check_words,
    "last_words": _check_words,
    "next_words": _check_words,
    "recent_words": _check_words,
    "coming_words": _check_words,
    "ago_before": _check_words,
    "ago_after": _check_words,
    "later_before": _check_words,
    "later_after": _check_words,
    "in_before": _check_words,
    "since_ago": _check_words,
    "duration_prepositions": _check_words,
    "period_parts": _check_keyed_lists(_PART_MODS, _PART_MODS),
    "decade_intros": _check_words,
    "decade_short_intros": _check_words,
    "decade_words": _check_mapping(_int_between(10, 90), "decades (10..90)"),
    "decade_suffixes": _check_words,
    "decade_suffix_required": _check_bool,
    "century_words": _check_words,
    "century_number_first": _check_bool,
    "ordinal_suffixes": _check_words,
    "day_ordinal_words": _check_mapping(_int_between(1, 31), "days of the month"),
    "ordinal_words": _check_mapping(_int_between(1, 30), "ordinal numbers"),
    "year_words": _check_words,
    "year_articles": _check_words,
    "half_year_words": _check_words,
    "half_of_year_words": _check_words,
    "named_dates": _check_mapping(_check_iso_date, "ISO dates"),
    "date_links": _check_words,
    "range_starts": _check_words,
    "range_links": _check_words,
    "references": _check_keyed_lists(_REF_VALUES),
    "reference_guards": _check_guards,
    "approximators": _check_mapping(_one_of(_APPROX_MODS), "TIMEX3 mods"),
    "set_every": _check_words,
    "set_all": _check_words,
    "set_adverbs": _check_mapping(_check_duration, "TIMEX3 durations"),
    "clock_intros": _check_words,
    "clock_suffixes": _check_mapping(
        _one_of(("", "am", "pm", "zone")), '"", "am", "pm" or "zone"'
    ),
    "number_labels": _check_words,
    "counted_nouns": _check_words,
    "tense_cues": _check_tense,
}


def _validate_vocabulary(data: Any, path: Path, language: str) -> dict:
    if not isinstance(data, dict):
        raise TemporalVocabularyError(path, "", "expected a mapping of keys at the top level")
    for key, check in _SCHEMA.items():
        if key not in data:
            raise TemporalVocabularyError(
                path, key, "missing (every temporal vocabulary file has the same keys)"
            )
        problem = check(data[key])
        if problem:
            raise TemporalVocabularyError(path, key, problem)
    unknown = sorted(set(data) - set(_SCHEMA))
    if unknown:
        raise TemporalVocabularyError(path, str(unknown[0]), "unknown key: check its spelling")
    if data["language"] != language:
        raise TemporalVocabularyError(
            path, "language", f"says {data['language']!r} but the file is for {language!r}"
        )
    return data


def _check_language_code(language: Any) -> str:
    if language not in SUPPORTED_LANGUAGES:
        raise ValueError(
            f"unsupported language {language!r}: supported languages are "
            f"{', '.join(SUPPORTED_LANGUAGES)}"
        )
    return language


@functools.lru_cache(maxsize=None)
def _read_vocabulary(language: str) -> dict:
    path = _VOCABULARY_DIR / f"{language}.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise TemporalVocabularyError(path, "", f"cannot be read ({error.strerror})") from error
    except yaml.YAMLError as error:
        raise TemporalVocabularyError(path, "", f"is not valid YAML ({error})") from error
    return _validate_vocabulary(data, path, language)


def load_temporal_vocabulary(language: str) -> dict:
    """The validated vocabulary of ``language`` from data/temporal/<language>.yaml (cached).

    Returns a copy, so callers may change it without affecting the tagger.
    """
    return copy.deepcopy(_read_vocabulary(_check_language_code(language)))


# --------------------------------------------------------------------------------------------
# Calendar helpers: publication anchor, offsets, TIMEX3 values and the days they cover
# --------------------------------------------------------------------------------------------


class _Anchor(NamedTuple):
    """The publication date, as far as it is known."""

    year: int | None = None
    month: int | None = None
    day: dt.date | None = None


_FIRST_YEAR, _LAST_YEAR = 1000, 9000
_PUBLISHED = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:[T ].*)?")


def _parse_published(published: Any) -> _Anchor:
    # Anything that is not a (partial) ISO date is an unknown date, not an error: corpora carry
    # all sorts of strings in their date columns, and the loader reports those.
    if not isinstance(published, str):
        return _Anchor()
    match = _PUBLISHED.fullmatch(published.strip())
    if not match:
        return _Anchor()
    year, month, day = (int(part) if part else None for part in match.groups())
    if not _FIRST_YEAR <= year <= _LAST_YEAR:
        return _Anchor()  # not a news date; also keeps calendar arithmetic inside datetime's range
    if month is None:
        return _Anchor(year)
    if not 1 <= month <= 12:
        return _Anchor()
    if day is None:
        return _Anchor(year, month)
    try:
        return _Anchor(year, month, dt.date(year, month, day))
    except ValueError:
        return _Anchor()


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = _month_length(year, month + 1)
    return dt.date(year, month + 1, min(day.day, last))


def _month_length(year: int, month: int) -> int:
    if month == 12:
        return 31
    return (dt.date(year, month + 1, 1) - dt.timedelta(days=1)).day


_UNIT_MONTHS = {"M": 1, "Q": 3, "Y": 12, "DE": 120, "CE": 1200}


def _shift_date(day: dt.date, unit: str, amount: int) -> dt.date:
    if unit == "D":
        return day + dt.timedelta(days=amount)
    if unit in ("W", "WE"):
        return day + dt.timedelta(weeks=amount)
    return _add_months(day, _UNIT_MONTHS[unit] * amount)


def _year_with_weekday(year: int, month: int, day: int, weekday: int) -> int:
    """``year``, or the year before or after it when only that one puts the day on the named
    weekday: "el lunes 18 de noviembre" is in the year whose 18 November is a Monday, whatever
    the nearest verb suggests."""
    for candidate in (year, year - 1, year + 1):
        try:
            if dt.date(candidate, month, day).isoweekday() == weekday:
                return candidate
        except ValueError:
            continue  # 29 February
    return year


def _iso_week(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year:04d}-W{week:02d}"


def _relative_value(anchor: _Anchor, unit: str, offset: int) -> str:
    """TIMEX3 value of the ``unit`` that is ``offset`` units from publication."""
    try:
        value = _calendar_value(anchor, unit, offset)
    except (ValueError, OverflowError):
        value = "-"  # beyond the calendar datetime can count ("hace 1000000 días")
    if value.startswith("-"):
        # Before year 0 or past year 9999: only the direction is worth keeping.
        return "PAST_REF" if offset < 0 else "FUTURE_REF"
    return value


def _calendar_value(anchor: _Anchor, unit: str, offset: int) -> str:
    if unit in ("H", "MIN"):
        # Publication times are unknown, so hours ago can be today or yesterday.
        return "PAST_REF" if offset < 0 else "FUTURE_REF" if offset > 0 else "PRESENT_REF"
    if unit == "D":
        if anchor.day:
            return (anchor.day + dt.timedelta(days=offset)).isoformat()
        if offset == 0 and anchor.month:
            return f"{anchor.year:04d}-{anchor.month:02d}-XX"
        if offset == 0 and anchor.year:
            return f"{anchor.year:04d}-XX-XX"
        return "XXXX-XX-XX"
    if unit in ("W", "WE"):
        suffix = "-WE" if unit == "WE" else ""
        if anchor.day:
            return _iso_week(anchor.day + dt.timedelta(weeks=offset)) + suffix
        return "XXXX-WXX" + suffix
    if unit in ("M", "Q"):
        if anchor.month:
            index = anchor.year * 12 + anchor.month - 1 + offset * _UNIT_MONTHS[unit]
            year, month0 = divmod(index, 12)
            return (
                f"{year:04d}-{month0 + 1:02d}" if unit == "M" else f"{year:04d}-Q{month0 // 3 + 1}"
            )
        if offset == 0 and anchor.year:
            return f"{anchor.year:04d}-" + ("XX" if unit == "M" else "QX")
        return "XXXX-XX" if unit == "M" else "XXXX-QX"
    if anchor.year is None:
        return {"Y": "XXXX", "DE": "XXX", "CE": "XX"}[unit]
    if not 0 <= anchor.year + offset * {"Y": 1, "DE": 10, "CE": 100}[unit] <= 9999:
        raise ValueError("outside years 0-9999")
    if unit == "Y":
        return f"{anchor.year + offset:04d}"
    if unit == "DE":
        return f"{anchor.year // 10 + offset:03d}"
    return f"{anchor.year // 100 + offset:02d}"


_SEASON_ORDER = {"SP": 0, "SU": 1, "FA": 2, "WI": 3}
_SEASON_BY_INDEX = {index: code for code, index in _SEASON_ORDER.items()}
_SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11)}


def _season_index(year: int, month: int) -> int:
    # Winter runs from December into the next year and belongs to the year it starts in.
    if month <= 2:
        return (year - 1) * 4 + 3
    return year * 4 + (month - 3) // 3


def _value_range(value: str) -> tuple[dt.date, dt.date, str] | None:
    """First and last day covered by a resolved TIMEX3 value, and the sub-unit used to split it
    into thirds for START/MID/END; None for anything underspecified."""
    try:
        if m := _V_DAY.fullmatch(value):
            day = dt.date(int(m[1]), int(m[2]), int(m[3]))
            return day, day, ""
        if m := _V_WEEK.fullmatch(value):
            monday = dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
            if m[3] == "-WE":
                return monday + dt.timedelta(days=5), monday + dt.timedelta(days=6), "day"
            if m[3]:
                day = monday + dt.timedelta(days=int(m[3][1:]) - 1)
                return day, day, ""
            return monday, monday + dt.timedelta(days=6), "day"
        if m := _V_MONTH.fullmatch(value):
            year, month = int(m[1]), int(m[2])
            return dt.date(year, month, 1), dt.date(year, month, _month_length(year, month)), "day"
        if m := _V_QUARTER.fullmatch(value):
            year, first = int(m[1]), 3 * int(m[2]) - 2
            end = dt.date(year, first + 2, _month_length(year, first + 2))
            return dt.date(year, first, 1), end, "month"
        if m := _V_HALF.fullmatch(value):
            year, first = int(m[1]), 6 * int(m[2]) - 5
            end = dt.date(year, first + 5, _month_length(year, first + 5))
            return dt.date(year, first, 1), end, "month"
        if m := _V_SEASON.fullmatch(value):
            year = int(m[1])
            if m[2] == "WI":
                end = dt.date(year + 1, 3, 1) - dt.timedelta(days=1)
                return dt.date(year, 12, 1), end, "month"
            first, last = _SEASON_MONTHS[m[2]]
            return dt.date(year, first, 1), dt.date(year, last, _month_length(year, last)), "month"
        if re.fullmatch(r"\d{4}", value):
            year = int(value)
            return dt.date(year, 1, 1), dt.date(year, 12, 31), "month"
        if re.fullmatch(r"\d{3}", value):
            year = int(value) * 10
            return dt.date(year, 1, 1), dt.date(year + 9, 12, 31), "year"
        if re.fullmatch(r"\d{2}", value):
            year = int(value) * 100
            return dt.date(max(year, 1), 1, 1), dt.date(year + 99, 12, 31), "year"
    except ValueError:
        return None
    return None


_V_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:T.*)?")
_V_WEEK = re.compile(r"(\d{4})-W(\d{2})(-WE|-[1-7])?")
_V_MONTH = re.compile(r"(\d{4})-(\d{2})")
_V_QUARTER = re.compile(r"(\d{4})-Q([1-4])")
_V_HALF = re.compile(r"(\d{4})-H([12])")
_V_SEASON = re.compile(r"(\d{4})-(SP|SU|FA|WI)")


def _split_third(first: dt.date, last: dt.date, sub_unit: str, mod: str) -> tuple[dt.date, dt.date]:
    # START/MID/END as the first/middle/last third of the period, counted in whole sub-units
    # (round(n/3) of them at each end: 4+4+4 months, 3+4+3 years of a decade, 10+10+n days).
    if mod not in _PART_MODS or not sub_unit:
        return first, last
    if sub_unit == "day":
        count = (last - first).days + 1
        edge = round(count / 3)
        starts = (first, first + dt.timedelta(days=edge), last - dt.timedelta(days=edge - 1))
        ends = (starts[1] - dt.timedelta(days=1), starts[2] - dt.timedelta(days=1), last)
    else:
        months = 12 if sub_unit == "year" else 1
        count = ((last.year - first.year) * 12 + last.month - first.month + 1) // months
        edge = round(count / 3)
        mid_start = _add_months(first, edge * months)
        end_start = _add_months(first, (count - edge) * months)
        starts = (first, mid_start, end_start)
        ends = (mid_start - dt.timedelta(days=1), end_start - dt.timedelta(days=1), last)
    index = _PART_MODS.index(mod)
    return starts[index], ends[index]


# Cached: news mentions the same few dates again and again (publication day, last week, ...).
@functools.lru_cache(maxsize=1 << 14)
def _date_bounds(value: str, mod: str = "") -> tuple[str, str]:
    covered = _value_range(value)
    if covered is None:
        return "", ""
    first, last = _split_third(*covered, mod)
    return first.isoformat(), last.isoformat()


def _duration_value(amount: float | None, unit: str) -> str:
    if amount is None:
        number = "X"
    elif float(amount).is_integer():
        number = str(int(amount))
    else:
        number = f"{amount:g}"
    if unit == "H" and amount is not None and not float(amount).is_integer():
        hours, minutes = divmod(amount * 60, 60)
        if float(minutes).is_integer():  # "media hora" PT30M, "dos horas y media" PT2H30M
            return f"PT{int(hours)}H{int(minutes)}M" if hours else f"PT{int(minutes)}M"
    if unit in ("H", "MIN"):
        return f"PT{number}{'H' if unit == 'H' else 'M'}"
    if unit in ("DE", "CE") and amount is not None and not float(amount).is_integer():
        return _duration_value(amount * (10 if unit == "DE" else 100), "Y")  # half a century: P50Y
    return f"P{number}{unit}"


def _anchored_span(
    anchor: _Anchor, unit: str, amount: float | None, forward: bool
) -> tuple[str, str]:
    """Days covered by "the last/next N units" counted from the publication day."""
    if anchor.day is None or amount is None or not float(amount).is_integer() or amount <= 0:
        return "", ""  # "the last 0 weeks" covers no day
    try:
        return _anchored_days(anchor.day, unit, int(amount), forward)
    except (ValueError, OverflowError):
        return "", ""  # "los últimos 100000 años" reach beyond the calendar


def _anchored_days(day: dt.date, unit: str, amount: int, forward: bool) -> tuple[str, str]:
    if unit in ("H", "MIN"):
        days = -(-amount * (60 if unit == "H" else 1) // (24 * 60))
        other = day + dt.timedelta(days=days if forward else -days)
    elif forward:
        other = _shift_date(day, unit, amount) - dt.timedelta(days=1)
    else:
        other = _shift_date(day, unit, -amount) + dt.timedelta(days=1)
    first, last = (day, other) if forward else (other, day)
    return first.isoformat(), last.isoformat()


_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}


def _roman(numeral: str) -> int | None:
    total = 0
    for char, following in zip(numeral, numeral[1:] + " "):
        value = _ROMAN[char]
        total += -value if _ROMAN.get(following, 0) > value else value
    # Reject non-canonical strings ("iiii", "vx") that are more likely words or typos.
    return total if total and _to_roman(total) == numeral else None


def _to_roman(number: int) -> str:
    digits = []
    for value, numeral in (
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ):
        while number >= value:
            digits.append(numeral)
            number -= value
    return "".join(digits)


# --------------------------------------------------------------------------------------------
# Grammar: the families of expressions, compiled once per language
# --------------------------------------------------------------------------------------------


_WORD = re.compile(r"\w+")
_LATIN1_DIGITS = "".join(char for char in map(chr, range(256)) if char.isdigit())  # 0-9 ¹²³


# Cached: the resolvers look up the same few matched words ("el", "pasado", "jueves") all the time.
@functools.lru_cache(maxsize=1 << 16)
def _key(phrase: str) -> str:
    return " ".join(fold(phrase).split())


def _alt(phrases) -> str:
    """A regex alternation of folded phrases, any whitespace between words. Built as a trie:
    it matches what a longest-first list would (of two phrases that fit at one place, one
    starts the other, and the trie tries the longer first) with far fewer failed branches."""
    keys = sorted({_key(p) for p in phrases if p.strip()})
    if not keys:
        return r"(?!)"
    return "(?:" + _trie(keys, space=r"\s+") + ")"


def _trie(words: list[str], space: str = r"\ ") -> str:
    """An alternation of ``words`` factored by common prefixes: Python's regex engine tries the
    branches of an alternation one by one, so a trie is much faster than a flat list."""
    root: dict = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict) -> str:
        branches = [
            (space if char == " " else re.escape(char)) + emit(child)
            for char, child in sorted(node.items())
            if char
        ]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(root) or r"(?!)"


def _endings_regex(endings: set[str]) -> str:
    """A regex for ``endings`` at the end of a word with two more characters before them:
    ``(?<=\\w\\w)(?:endings as a trie)(?!\\w)``, written as one branch per first character with
    the lookbehind after that character. Every branch then starts with a literal, and the
    regex engine skips in C to where one of them stands instead of trying the lookbehind at
    every character (twice as fast on the tense windows)."""
    by_first: dict[str, list[str]] = {}
    for ending in sorted(endings):
        by_first.setdefault(ending[0], []).append(ending[1:])
    branches = []
    for first, rests in by_first.items():
        rest = _trie([r for r in rests if r]) if any(rests) else ""
        if rest and "" in rests:
            rest = f"(?:{rest})?"
        first = re.escape(first)
        branches.append(rf"{first}(?<=\w\w{first}){rest}")
    return rf"(?:{'|'.join(branches)})(?!\w)" if branches else r"(?!)"


def _phrases_in(value: Any):
    """Every string in a (nested) vocabulary value: list items and mapping keys."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _phrases_in(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _phrases_in(key)
            yield from _phrases_in(item)


# Vocabulary entries that map a TIMEX3 code to its words ({"Y": [año, años]}); the others map
# words to values ({enero: 1}) or list words.
_KEYED_LISTS = ("units", "period_parts", "references")
# Dispatch keys of the words that start with a digit, by the number of digits in a row at their
# start (0 for "²", 5 for five or more).
_NUMBER_KEYS = tuple(f"digits{n}" for n in range(6))


def _words_listed(v: dict, key: str) -> list[str]:
    """The phrases of vocabulary entry ``key``: neither the codes nor the values they map to."""
    value = v[key]
    if key in _KEYED_LISTS:
        return [phrase for phrases in value.values() for phrase in phrases]
    return list(value)  # a list, or the keys of a mapping


def _unnamed(pattern: str) -> str:
    return re.sub(r"\(\?P<\w+>", "(?:", pattern)


class _Found(NamedTuple):
    start: int
    end: int
    type: str
    value: str
    mod: str
    date_start: str
    date_end: str


def _date(start: int, end: int, value: str, mod: str = "", type_: str = "DATE") -> _Found:
    return _Found(start, end, type_, value, mod, *_date_bounds(value, mod))


class _Family(NamedTuple):
    name: str
    regex: re.Pattern
    resolve: Callable[["_Context", re.Match], list[_Found]]
    # Where the timexes of a match will lie, (low, high), known before resolving it; None when
    # it depends on the resolution (then the match is resolved straight away).
    extent: Callable[[re.Match], tuple[int, int] | None]


def _from_group(group: str) -> Callable[[re.Match], tuple[int, int]]:
    """Extent of a family whose timexes start at ``group`` (the words before it are signals)."""

    def extent(m: re.Match) -> tuple[int, int]:
        return m.start(group), m.end()

    return extent


def _depends_on_resolution(m: re.Match) -> None:
    return None


# Families whose resolvers do not return exactly (m.start(), m.end()): keep in step with them.
_EXTENTS: dict[str, Callable[[re.Match], tuple[int, int] | None]] = {
    "day_range": _from_group("d1"),
    "month_range": _from_group("m1"),
    "clock": _from_group("hour"),
    "duration": _from_group("surface"),
    "bare_plural": _from_group("surface"),
    "in_time": _depends_on_resolution,  # a DURATION without "en" unless the tense is future
    "named_date": _depends_on_resolution,  # "el 11-S" keeps its article, "the 9/11 attacks" not
}


class _Grammar:
    """Word tables and compiled families of one language."""

    def __init__(self, vocabulary: dict) -> None:
        v = vocabulary
        self.language = v["language"]
        self.vocabulary = v
        folded = lambda mapping: {_key(word): value for word, value in mapping.items()}
        self.months = folded(v["months"])
        self.month_abbreviations = folded(v["month_abbreviations"])
        self.weekdays = folded(v["weekdays"])
        self.weekday_plurals = folded(v["weekday_plurals"])
        self.set_weekday_articles = {_key(w) for w in v["set_weekday_articles"]}
        self.numbers = folded(v["numbers"])
        self.vague = {_key(w) for w in v["vague_quantities"]}
        self.bare_exclusions = {_key(w) for w in v["bare_duration_exclusions"]}
        self.units = {}
        for code, words in v["units"].items():
            for position, word in enumerate(words):
                self.units[_key(word)] = (code, position > 0)
        self.seasons = folded(v["seasons"])
        self.bare_season_prepositions = {_key(w) for w in v["bare_season_prepositions"]}
        self.day_parts = folded(v["day_parts"])
        self.day_offsets = folded(v["day_offsets"])
        self.day_part_phrases = folded(v["day_part_phrases"])
        self.noun_guards = {
            _key(w): {_key(g) for g in guards} for w, guards in v["noun_guards"].items()
        }
        self.day_part_of = {_key(w) for w in v["day_part_of"]}
        self.date_links = {_key(w) for w in v["date_links"]}
        self.this_words = {_key(w) for w in v["this_words"]}
        self.last_words = {_key(w) for w in v["last_words"]}
        self.next_words = {_key(w) for w in v["next_words"]}
        self.coming_words = {_key(w) for w in v["coming_words"]}
        self.possessives = {_key(w) for w in v["possessives"]}
        self.parts = {_key(w): mod for mod, words in v["period_parts"].items() for w in words}
        self.decade_words = folded(v["decade_words"])
        self.decade_short_intros = {_key(w) for w in v["decade_short_intros"]}
        self.ordinal_words = folded(v["ordinal_words"])
        self.day_ordinal_words = folded(v["day_ordinal_words"])
        self.references = {_key(w): ref for ref, words in v["references"].items() for w in words}
        self.reference_guards = {
            _key(word): {side: {_key(w) for w in words} for side, words in guard.items()}
            for word, guard in v["reference_guards"].items()
        }
        self.approximators = folded(v["approximators"])
        self.set_adverbs = folded(v["set_adverbs"])
        self.clock_suffixes = folded(v["clock_suffixes"])
        self.half_year_words = {_key(w) for w in v["half_year_words"]}
        self.half_of_year_words = {_key(w) for w in v["half_of_year_words"]}
        self.named_dates = {_key(name): (name, date) for name, date in v["named_dates"].items()}
        self.decimal_separator = v["decimal_separator"]
        self.day_first = v["numeric_date_order"] == "dmy"
        self._build_patterns(v)
        self._build_guards(v)
        self._build_tense_cues(v["tense_cues"])

    # -- patterns ---------------------------------------------------------------------------

    def _build_patterns(self, v: dict) -> None:
        A = _alt
        art = A(v["articles"])
        ART = rf"(?:{art}\s+)?"
        this, last, nxt = A(v["this_words"]), A(v["last_words"]), A(v["next_words"])
        any_mod = rf"(?:{this}|{last}|{nxt})"
        after_mod = rf"(?:{last}|{nxt})"
        link = A(v["date_links"])
        unit_words = [w for words in v["units"].values() for w in words]
        singular_relative = [
            words[0]
            for code, words in v["units"].items()
            if code in ("W", "WE", "M", "Q", "Y", "DE", "CE")
        ]
        plural_units = [w for words in v["units"].values() for w in words[1:]]
        UNIT, UNIT_REL, UNIT_PL = A(unit_words), A(singular_relative), A(plural_units)
        YEAR_UNIT = A(v["units"]["Y"][:1])
        MONTH_UNIT = A(v["units"]["M"][:1])
        QUARTER_UNIT = A(v["units"].get("Q", [])[:1])
        decimal = re.escape(self.decimal_separator)
        NUM = (
            rf"(?:\d{{1,3}}(?:[.,]\d{{3}})+(?!{decimal}\d)|\d+(?:{decimal}\d+)?|{A(v['numbers'])})"
        )
        VAGUE = A(v["vague_quantities"])
        QUANT = rf"(?:{NUM}|{VAGUE})"
        approx = A(v["approximators"])

        def qual(name: str) -> str:
            return rf"(?:(?P<{name}>{approx})\s+)?"

        ordsuf = A(v["ordinal_suffixes"])
        DAY = rf"(?:(?:3[01]|[12]\d|0?[1-9])(?!\d)(?:{ordsuf})?|{A(v['day_ordinal_words'])})"
        MONTH = A(v["months"])
        MON = rf"(?:{MONTH}|{A(v['month_abbreviations'])}\.?)"
        YEAR4 = r"(?:1\d{3}|20\d{2}|2100)(?!\d)(?![.,]\d)"
        REL_YEAR = rf"(?:{art}\s+)?(?:{any_mod}\s+{YEAR_UNIT}(?:\s+{after_mod})?|{YEAR_UNIT}\s+{after_mod})"
        YEARX = rf"(?:{YEAR4}|{REL_YEAR})"

        def year_slot(name: str = "year") -> str:
            # A comma may stand before a written year ("November 14, 2024") but not before a
            # relative one: in "este verano, el año pasado" the two are separate expressions.
            return rf"(?:(?:,\s*(?=(?:{link}\s+)?\d)|\s+)(?:{link}\s+)?(?P<{name}>{YEARX}))"

        WD, WDPL = A(v["weekdays"]), A(v["weekday_plurals"])
        SEASON = A(v["seasons"])
        DAYPART, DPLINK, DPOF = A(v["day_parts"]), A(v["day_part_links"]), A(v["day_part_of"])
        DAYOFF = A(v["day_offsets"])
        RSTART, RLINK = A(v["range_starts"]), A(v["range_links"])
        single_parts = [
            p for words in v["period_parts"].values() for p in words if " " not in p.strip()
        ]
        PART1 = A(single_parts)

        DAY_WORD = A(v["units"]["D"][:1])  # "el día 15 de marzo"
        p: dict[str, str] = {}
        p["numeric"] = (
            r"(?<![\d/.,-])(?:(?P<iy>\d{4})-(?P<im>\d\d)-(?P<id>\d\d)"
            r"|(?P<a>\d{1,2})(?P<sep>[/.-])(?P<b>\d{1,2})[/.-](?P<c>\d{4}|\d\d))(?![/-]?\d)"
        )
        p["day_range"] = (
            rf"(?:{RSTART})\s+(?P<d1>{DAY})\s+(?:{RLINK})\s+(?P<d2>{DAY})(?:\s+{link})?\s+"
            rf"(?P<mon>{MON}){year_slot()}?"
        )
        p["month_range"] = (
            rf"(?:{RSTART})\s+(?P<m1>{MONTH})\s+(?:{RLINK})\s+(?P<m2>{MONTH}){year_slot()}?"
        )
        p["date_dmy"] = (
            rf"{ART}(?:(?P<dmod>{any_mod})\s+)?(?:(?P<wd>{WD}),?\s+{ART})?(?:{DAY_WORD}\s+)?"
            rf"(?P<day>{DAY})"
            rf"(?:\s+{link})?\s+(?P<mon>{MON})"
            rf"(?:{year_slot()}|\s+(?P<dmod2>{after_mod})(?!\s+{DAYOFF}))?"
        )
        p["date_mdy"] = (
            rf"(?:(?P<wd>{WD}),?\s+)?(?P<mon>{MON})\s+(?P<day>{DAY})(?:,?\s+(?P<year>{YEAR4}))?"
        )
        p["daypart_of"] = (
            rf"(?:(?:{art}|{this})\s+)?(?P<part>{DAYPART})\s+(?:{DPOF})\s+"
            rf"(?P<rest>{ART}(?:{any_mod}\s+)?{WD}"  # "la madrugada de este jueves"
            rf"|{_unnamed(p['date_dmy'])}|{_unnamed(p['date_mdy'])}|{DAYOFF})"
        )
        # "el día 15", "el pasado día 5": a day of the month without the month.
        p["month_day"] = rf"{art}\s+(?:(?P<mod>{any_mod})\s+)?{DAY_WORD}\s+(?P<day>{DAY})"
        # "el lunes 11", "el pasado martes 12": a weekday and its day of the month.
        p["weekday_day"] = (
            rf"{ART}(?:(?P<mod>{any_mod})\s+)?(?P<wd>{WD})\s+(?P<day>{DAY})"
            rf"(?:\s+(?:{DPLINK}\s+)?(?P<part>{DAYPART}))?"
        )
        set_articles = A(list(v["articles"]) + list(v["set_weekday_articles"]))
        p["weekday"] = (
            rf"(?:(?P<art>{set_articles})\s+)?(?:(?P<mod1>{any_mod})\s+)?(?P<wd>{WD}|{WDPL})"
            rf"(?:\s+(?P<mod2>{after_mod}))?(?:\s+(?:{DPLINK}\s+)?(?P<part>{DAYPART}))?"
        )
        p["month_year"] = (
            rf"{ART}(?:{MONTH_UNIT}\s+(?:{link}\s+)?)?(?P<mon>{MON}),?\s+(?:{link}\s+)?"
            rf"(?P<year>{YEARX})"
        )
        # Quarters and halves of a year: "el primer trimestre de 2024", "el segundo semestre",
        # "la primera mitad del año", "the first half of 2024" ("la primera mitad" alone is
        # too often of something else: the resolver wants the year).
        half_units = A(list(v["half_year_words"]) + list(v["half_of_year_words"]))
        p["quarter"] = (
            rf"{ART}(?P<ord>{A(v['ordinal_words'])}|[1-4](?:{ordsuf})?)\s+"
            rf"(?P<qunit>{QUARTER_UNIT}|{half_units})(?:{year_slot()}|\s+{link}\s+{ART}"
            rf"(?P<this_year>{YEAR_UNIT})(?:\s+(?P<year2>{YEAR4}))?)?"
        )
        p["season"] = (
            rf"{ART}(?:(?P<mod1>{any_mod})\s+)?(?P<season>{SEASON})(?:\s+(?P<mod2>{after_mod}))?"
            rf"{year_slot()}?"
        )
        decade_intro = A(list(v["decade_intros"]) + list(v["decade_short_intros"]))
        p["decade"] = (
            rf"(?:(?P<art>{art})\s+)?(?:(?P<part>{PART1})(?:\s+|\s*-\s*))?(?:(?P<intro>{decade_intro})\s+)?"
            rf"(?P<num>\d{{4}}|'?\d\d|{A(v['decade_words'])})(?P<suffix>{A(v['decade_suffixes'])})?"
        )
        century = A(v["century_words"])
        if v["century_number_first"]:
            p["century"] = (
                rf"{ART}(?:(?P<part>{PART1})(?:\s+|\s*-\s*))?"
                rf"(?P<num>\d{{1,2}}(?:{ordsuf})|{A(v['ordinal_words'])})(?:\s+|-){century}"
            )
        else:
            p["century"] = (
                rf"{ART}(?:(?P<part>{PART1})(?:\s+|\s*-\s*))?{century}\s+"
                rf"(?P<num>[ivxlc]+|\d{{1,2}}(?:{ordsuf})?)"
            )
        possessive = A(v["possessives"])
        recent = A(list(v["recent_words"]) + list(v["coming_words"]))
        p["recent"] = (
            rf"(?:(?P<det>{art}|{possessive}|{this})\s+)?(?:(?P<num1>{NUM})\s+)?(?P<dir>{recent})"
            rf"\s+{qual('qual')}(?:(?P<num>{QUANT})\s+)?(?P<unit>{UNIT})"
        )
        p["relative"] = (
            rf"{ART}(?:(?P<mod1>{any_mod})\s+(?P<unit1>{UNIT_REL})(?:\s+(?P<mod3>{after_mod}))?"
            rf"|(?P<unit2>{UNIT_REL})\s+(?P<mod2>{after_mod}))"
        )
        # "el fin de semana" / "the weekend" on its own: the last or the next one, by tense.
        p["weekend"] = rf"{art}\s+{A(v['units'].get('WE', [])[:1])}"
        p["named_date"] = rf"(?:{art}\s+)?(?P<named>{A(v['named_dates'])})"
        p["year"] = (
            rf"(?:{ART}(?P<yw>{A(v['year_words'])})\s+|{A(v['year_articles'])}\s+)?"
            rf"(?P<year>{YEAR4})"
        )
        p["month"] = (
            rf"{ART}(?:(?P<mod1>{any_mod})\s+)?(?:{MONTH_UNIT}\s+(?:{link}\s+)?)?(?P<mon>{MONTH})"
            rf"(?:\s+(?P<mod2>{after_mod}))?"
        )
        target = "|".join(
            _unnamed(p[name])
            for name in (
                "month_year",
                "season",
                "decade",
                "century",
                "relative",
                "quarter",
                "month",
                "year",
            )
        )
        # A bare month or year unit is the current one: "a finales de mes", "principios del
        # año", "the end of the year".
        bare_unit = A(v["units"]["M"][:1] + v["units"]["Y"][:1])
        p["part"] = (
            rf"(?P<part>{A(self.parts)})(?:\s+|\s*-\s*)"
            rf"(?P<target>{target}|{ART}(?P<unit>{bare_unit}))"
        )
        p["day_part_phrase"] = rf"(?P<phrase>{A(v['day_part_phrases'])})"
        # "ayer domingo", "hoy, jueves,": the weekday only confirms the day.
        p["day_offset"] = (
            rf"(?P<offset>{DAYOFF})(?:,?\s+(?P<wd>{WD}))?"
            rf"(?:\s+(?:{DPLINK}\s+)?(?P<part>{DAYPART}))?"
        )
        p["ago"] = (
            rf"(?:(?P<pre>{A(v['ago_before'])})\s+{qual('q1')}(?:(?P<num>{QUANT})\s+)?(?P<unit>{UNIT})"
            rf"|{qual('q2')}(?:(?P<num2>{QUANT})\s+)?(?P<unit2>{UNIT})\s+{A(v['ago_after'])})"
        )
        p["later"] = (
            rf"(?:{A(v['later_before'])}\s+{qual('q1')}(?P<num>{QUANT})\s+(?P<unit>{UNIT})"
            rf"|{qual('q2')}(?P<num2>{QUANT})\s+(?P<unit2>{UNIT})\s+{A(v['later_after'])})"
        )
        p["since_ago"] = (
            rf"{A(v['since_ago'])}\s+{qual('qual')}(?:(?P<num>{QUANT})\s+)?(?P<unit>{UNIT})"
        )
        p["in_time"] = (
            rf"{A(v['in_before'])}\s+(?P<body>{qual('qual')}(?P<num>{QUANT})\s+(?P<unit>{UNIT}))"
        )
        p["set"] = (
            rf"(?:{A(v['set_every'])})\s+(?:(?P<num>{NUM})\s+)?(?P<unit>{UNIT}|{WD})"
            rf"|(?:{A(v['set_all'])})\s+(?P<unit2>{UNIT}|{WD}|{WDPL})"
            rf"|(?P<adverb>{A(v['set_adverbs'])})"
        )
        clock_suffix = A(v["clock_suffixes"])
        p["clock"] = (
            rf"(?:(?P<intro>{A(v['clock_intros'])})\s+)?(?P<hour>[01]?\d|2[0-3])"
            rf"(?:(?P<sep>[:.])(?P<minute>[0-5]\d))?(?!\d)(?:\s*(?P<suffix>{clock_suffix}))?"
        )
        p["reference"] = rf"(?P<ref>{A(self.references)})"
        # "medio siglo", "un año y medio", "two and a half years", "a year and a half"
        HALF, AND_HALF = A(v["half_words"]), A(v["and_a_half"])
        p["duration"] = (
            rf"(?:(?P<prep>{A(v['duration_prepositions'])})\s+)?(?P<surface>{qual('qual')}"
            rf"(?:(?P<num>{QUANT})(?:\s+(?P<half1>{AND_HALF}))?|(?P<half>{HALF}))(?:\s+|-)"
            rf"(?P<unit>{UNIT})(?:\s+(?P<half2>{AND_HALF}))?)"
        )
        p["bare_plural"] = (
            rf"(?:{A(v['duration_prepositions'])})\s+(?P<surface>(?P<unit>{UNIT_PL}))"
        )

        # Candidates that tie on length are settled by this order.
        order = (
            "numeric",
            "day_range",
            "month_range",
            "date_dmy",
            "date_mdy",
            "daypart_of",
            "month_day",
            "weekday_day",
            "weekday",
            "month_year",
            "quarter",
            "season",
            "decade",
            "century",
            "recent",
            "relative",
            "weekend",
            "part",
            "day_part_phrase",
            "day_offset",
            "ago",
            "later",
            "since_ago",
            "in_time",
            "set",
            "named_date",
            "month",
            "year",
            "clock",
            "reference",
            "duration",
            "bare_plural",
        )
        self.patterns = p
        self.families = [
            _Family(
                name,
                re.compile(rf"(?<!\w)(?:{p[name]})(?!\w)"),
                getattr(self, f"_resolve_{name}"),
                _EXTENTS.get(name, re.Match.span),  # most timexes are the whole match
            )
            for name in order
        ]
        self.by_name = {family.name: family for family in self.families}
        self._build_triggers(v)
        self._build_dispatch(v)

    # The vocabulary lists an expression of each family can start with ("digits" and
    # "apostrophe" stand for tokens such as "2024", "14th" and "'90s"). Trying only these
    # families at a position, instead of all of them, halves the tagger's time.
    _FIRST_WORDS = {
        "numeric": ("digits",),
        "day_range": ("range_starts",),
        "month_range": ("range_starts",),
        "date_dmy": (
            "articles",
            "this_words",
            "last_words",
            "next_words",
            "weekdays",
            "day_ordinal_words",
            "digits",
        ),
        "date_mdy": ("weekdays", "months", "month_abbreviations"),
        "daypart_of": ("articles", "this_words", "day_parts"),
        "weekday_day": ("articles", "this_words", "last_words", "next_words", "weekdays"),
        "month_day": ("articles",),
        "weekday": (
            "articles",
            "set_weekday_articles",
            "this_words",
            "last_words",
            "next_words",
            "weekdays",
            "weekday_plurals",
        ),
        "month_year": ("articles", "units", "months", "month_abbreviations"),
        "quarter": ("articles", "ordinal_words", "digits"),
        "season": ("articles", "this_words", "last_words", "next_words", "seasons"),
        "decade": (
            "articles",
            "period_parts",
            "decade_intros",
            "decade_short_intros",
            "decade_words",
            "digits",
            "apostrophe",
        ),
        "century": ("articles", "period_parts", "century_words", "ordinal_words", "digits"),
        "recent": (
            "articles",
            "possessives",
            "this_words",
            "numbers",
            "recent_words",
            "coming_words",
            "digits",
        ),
        "relative": ("articles", "this_words", "last_words", "next_words", "units"),
        "weekend": ("articles",),
        "part": ("period_parts",),
        "day_part_phrase": ("day_part_phrases",),
        "day_offset": ("day_offsets",),
        "ago": ("ago_before", "approximators", "numbers", "vague_quantities", "units", "digits"),
        "later": ("later_before", "approximators", "numbers", "vague_quantities", "digits"),
        "since_ago": ("since_ago",),
        "in_time": ("in_before",),
        "set": ("set_every", "set_all", "set_adverbs"),
        "month": ("articles", "this_words", "last_words", "next_words", "units", "months"),
        "named_date": ("articles", "digits"),
        "year": ("articles", "year_words", "digits"),
        "clock": ("clock_intros", "digits"),
        "reference": ("references",),
        "duration": (
            "duration_prepositions",
            "approximators",
            "half_words",
            "numbers",
            "vague_quantities",
            "digits",
        ),
        "bare_plural": ("duration_prepositions",),
    }

    def _build_dispatch(self, v: dict) -> None:
        dispatch: dict[str, list[tuple[int, _Family]]] = {}
        for rank, family in enumerate(self.families):
            for source in self._first_word_sources(family.name, v):
                if source == "digits":
                    words = {_NUMBER_KEYS[n] for n in self._NUMBER_LENGTHS.get(family.name, range(6))}
                elif source == "apostrophe":
                    words = {source}
                else:
                    words = {_key(phrase).split(" ")[0] for phrase in _words_listed(v, source)}
                for word in words:
                    dispatch.setdefault(word, []).append((rank, family))
        self._build_core_gates(v)
        bits = self.family_bits
        self.dispatch = {
            word: tuple(
                (rank, family, bits.get(family.name, 0))
                for rank, family in sorted(set(entries), key=lambda e: e[0])
            )
            for word, entries in dispatch.items()
        }
        self.dispatch_gates = {
            word: functools.reduce(operator.or_, (gate for _, _, gate in entries), 0)
            for word, entries in self.dispatch.items()
        }
        self._open_cache: dict[tuple[str, int], tuple[tuple[int, _Family], ...]] = {}
        # Every family, none skipped, so that tests can check the dispatch and the gates.
        self.all_families = tuple(enumerate(self.families))

    # How many digits a match that starts at a number starts with, for the families where
    # that is fixed: "14/11/2024" or "2024-11-14", a day, a year, an hour. At other numbers
    # these families are not tried. (Like the first words above, this counts on no
    # vocabulary word starting with a digit.)
    _NUMBER_LENGTHS = {
        "numeric": (1, 2, 4),
        "date_dmy": (1, 2),
        "year": (4,),
        "clock": (1, 2),
    }

    def _first_word_sources(self, name: str, v: dict) -> tuple[str, ...]:
        sources = self._FIRST_WORDS[name]
        if name == "decade" and v["decade_intros"]:
            # Where a decade needs its intro ("los años 90", "los noventa"), _resolve_decade
            # rejects every match that starts at the number: most of them are years ("2023").
            sources = tuple(s for s in sources if s not in ("digits", "apostrophe", "decade_words"))
        return sources

    def _core_phrases(self, v: dict) -> dict[str, list[str] | None]:
        """For each gated family, the phrases one of which every match contains (None: a number).

        Before that core word a match holds only vocabulary words and numbers: articles,
        modifiers, quantities ("el próximo [jueves]", "hace más de dos [años]").
        """
        last_words = lambda phrases: [_key(phrase).split(" ")[-1] for phrase in phrases]
        months = list(v["months"])
        month_or_abbreviation = months + list(v["month_abbreviations"])
        units = [word for words in v["units"].values() for word in words]
        return {
            "numeric": None,
            "day_range": month_or_abbreviation,
            "month_range": months,
            "date_dmy": month_or_abbreviation,
            "date_mdy": month_or_abbreviation,
            "daypart_of": list(v["day_parts"]),
            "weekday_day": list(v["weekdays"]),
            "month_day": v["units"]["D"][:1],
            "weekday": list(v["weekdays"]) + list(v["weekday_plurals"]),
            "month_year": month_or_abbreviation,
            "quarter": v["units"].get("Q", [])[:1]
            + list(v["half_year_words"])
            + list(v["half_of_year_words"]),
            "season": list(v["seasons"]),
            "decade": [None] + list(v["decade_words"]),  # "los años 90", "los noventa"
            "century": list(v["century_words"]),
            "recent": units,
            "relative": units,
            "weekend": v["units"].get("WE", [])[:1],
            "ago": units,
            "later": units,
            "since_ago": units,
            "in_time": units,
            # A phrase's last word: "el día de [hoy]", "en el [pasado]".
            "day_offset": last_words(v["day_offsets"]),
            "month": months,
            "named_date": None,
            "year": None,
            "clock": None,
            "reference": last_words(_words_listed(v, "references")),
            "duration": units,
            "bare_plural": units,
        }

    def _build_core_gates(self, v: dict) -> None:
        # Most family tries fail: "el" starts a dozen families, and "el jueves" can only be a
        # weekday or a date. Each gated family gets a bit; each word the bits of the families
        # whose core phrases start with it. Walking the words from a start up to the first one
        # no expression can hold gives the families worth trying there: a family whose core
        # word is not among them cannot match (see _core_phrases).
        # A family with a second core (_second_core_phrases) gets a bit for each, and is tried
        # only where both are among the words.
        self.family_bits: dict[str, int] = {}
        self.core_families: dict[str, int] = {}  # word -> bits
        self.number_families = 0  # bits of the families whose core is a number
        cores = list(self._core_phrases(v).items()) + list(self._second_core_phrases(v).items())
        for index, (name, phrases) in enumerate(cores):
            bit = 1 << index
            self.family_bits[name] = self.family_bits.get(name, 0) | bit
            for phrase in [None] if phrases is None else phrases:
                if phrase is None:
                    self.number_families |= bit
                    continue
                first = _WORD.search(_key(phrase))
                if first:
                    word = first.group()
                    self.core_families[word] = self.core_families.get(word, 0) | bit
        self.expression_words = {
            word for value in v.values() for phrase in _phrases_in(value)
            for word in _WORD.findall(_key(phrase))
        }

    def _second_core_phrases(self, v: dict) -> dict[str, list[str | None]]:
        """For a few gated families that fail most of their tries on the first core alone
        ("3 años" is rarely "3 años atrás"), a second list one phrase of which every match
        also contains: the word that makes the expression what it is (None: a number)."""
        modifiers = list(v["this_words"]) + list(v["last_words"]) + list(v["next_words"])
        day = [None] + list(v["day_ordinal_words"])
        quantity = [None] + list(v["numbers"]) + list(v["vague_quantities"])
        return {
            "relative": modifiers,  # "la semana pasada", "este mes"
            "month_year": [None] + list(v["units"]["Y"][:1]),  # "marzo de 2024", "... del año pasado"
            "date_dmy": day,
            "date_mdy": day,
            "weekday_day": day,
            "month_day": day,
            "ago": list(v["ago_before"]) + list(v["ago_after"]),
            "later": list(v["later_before"]) + list(v["later_after"]),
            "recent": list(v["recent_words"]) + list(v["coming_words"]),
            "in_time": quantity,  # "en tres meses", not "en los últimos meses"
            "day_range": day,  # "del 5 al 7 de octubre", not "de octubre"
        }

    def families_ahead(self, folded: str, position: int) -> tuple[int, int]:
        """Bits of the gated families whose core word is in the run of words that starts at
        ``position`` and ends with the first word no expression can contain; and the offset
        of that last word (the text's length if there is none)."""
        bits = 0
        for m in _WORD.finditer(folded, position):
            word = m.group()
            bits |= self.core_families.get(word, 0)
            if word[0].isdigit():
                bits |= self.number_families
                continue
            if word not in self.expression_words:
                return bits, m.start()
        return bits, len(folded)

    def families_in(self, word: str) -> int:
        """Bits of the gated families whose core word is in ``word`` (a lead word)."""
        parts = (word,) if word.isalnum() else _WORD.findall(word)  # mostly a single \w run
        bits = 0
        for part in parts:
            bits |= self.core_families.get(part, 0)
            if part[0].isdigit():
                bits |= self.number_families
        return bits

    @staticmethod
    def dispatch_word(token: str) -> str:
        """The key of ``token`` (a folded word) in the dispatch table."""
        if token[0].isdigit():
            digits = len(token) - len(token.lstrip("0123456789"))  # "2024" 4, "14th" 2
            return _NUMBER_KEYS[min(digits, 5)]
        if token[0] == "'":
            return "apostrophe"
        return token

    def gated_at(self, word: str) -> int:
        """Bits of the gated families among those of ``word`` (a dispatch key); 0: none."""
        return self.dispatch_gates.get(word, 0)

    def families_open(self, word: str, bits: int) -> tuple[tuple[int, _Family], ...]:
        """The families of ``word`` (a dispatch key) left to try when ``bits`` are the gate
        bits of the words around: the gated-out ones dropped once per (word, bits) instead
        of at every start (most family tries used to be skipped one by one here)."""
        bits &= self.dispatch_gates.get(word, 0)  # fewer distinct keys, same choice
        key = (word, bits)
        families = self._open_cache.get(key)
        if families is None:
            families = tuple(
                (rank, family)
                for rank, family, gate in self.dispatch.get(word, ())
                if gate & bits == gate  # every core of the family is among the words
            )
            self._open_cache[key] = families
        return families

    def _build_triggers(self, v: dict) -> None:
        # Every expression contains a digit or a *trigger*: a content word such as a month, a
        # weekday, a unit or "ahora". Triggers are rare in prose, so the text is scanned for
        # them alone, with one trie-shaped regex (fast in Python's engine), and the families
        # are tried only at the trigger and at the vocabulary words just before it ("la
        # semana pasada" is found from "semana", "a finales de 2023" from "2023").
        single_keys = (
            "months",
            "month_abbreviations",
            "weekdays",
            "weekday_plurals",
            "seasons",
            "day_parts",
            "day_offsets",
            "day_part_phrases",
            "decade_words",
            "century_words",
            "set_adverbs",
            "half_year_words",
            "half_of_year_words",
        )
        phrases = [phrase for key in single_keys for phrase in v[key]]
        phrases += [word for words in v["units"].values() for word in words]
        phrases += [word for words in v["references"].values() for word in words]
        function_keys = (
            "articles",
            "possessives",
            "date_links",
            "range_starts",
            "range_links",
            "duration_prepositions",
            "in_before",
            "day_part_links",
            "day_part_of",
            "clock_intros",
            "set_all",
            "set_every",
            "this_words",
            "vague_quantities",
            "numbers",
            "approximators",
        )
        function_words = {
            word for key in function_keys for phrase in v[key] for word in _key(phrase).split(" ")
        }
        triggers = set()
        for phrase in phrases:
            words = _key(phrase).split(" ")
            if len(words) == 1:
                triggers.add(words[0])
                continue
            # One word per phrase is enough: the longest one that is not a function word.
            content = [word for word in words if word not in function_words] or words
            triggers.add(max(content, key=len))
        # Any digits at the start of a word trigger too ("2023", "1990s", "14th", "10:30"); the
        # trigger is then those digits, whose number tells the families worth trying there.
        # Lookarounds instead of \b (a fifth faster to scan): the same thing here, as every
        # trigger begins and ends with a word character.
        odd = sorted(word for word in triggers if not re.fullmatch(r"\w(?:.*\w)?", word))
        if odd:
            raise ValueError(f"triggers must begin and end with a letter or digit: {odd}")
        self.trigger_scanner = re.compile(rf"(?<!\w)(?:(?:{_trie(sorted(triggers))})(?!\w)|\d+)")
        # The same scan over the boundary view (see text.boundary_view), where a trigger is the
        # word after a space: a pattern that starts with a literal lets the regex engine skip
        # from space to space in C instead of trying the lookbehind at every character (a
        # third faster). A trigger with a non-word character inside ("o'clock") would look
        # different in the view, so such a vocabulary keeps the plain scan.
        self.view_scanner = (
            re.compile(rf" ((?:{_trie(sorted(triggers))})(?!\w)|\d+)")
            if all(re.fullmatch(r"\w+", word) for word in triggers)
            else None
        )
        # Words that may stand between the start of an expression and its trigger.
        self.lead_words = {
            word
            for value in v.values()
            for phrase in _phrases_in(value)
            for word in _key(phrase).split(" ")
        }
        # One step of the walk back from a trigger (_lead_starts), on the reversed text: a gap
        # of spaces, commas, periods and hyphens, then a whole word (letters, digits and
        # apostrophes) that is a lead word or starts with a digit or an apostrophe. The word
        # test is part of the regex so that the walk's last, failing step stays in C. (An
        # apostrophe after the gap always begins the word; lead words with other characters,
        # such as "a.m.", are never one such word.)
        letter = r"[\w'ºª°]"
        reversed_leads = sorted(w[::-1] for w in self.lead_words if re.fullmatch(f"{letter}+", w))
        self.lead_before = re.compile(
            rf"[\s,.-]*((?:{_trie(reversed_leads)})(?!{letter})"
            rf"|{letter}*[{_LATIN1_DIGITS}'](?!{letter}))"
        )

    def triggers(self, folded: str) -> list[tuple[int, str]]:
        """(offset, word) of every match of ``trigger_scanner`` in ``folded``, in order."""
        if self.view_scanner is None:
            return [(m.start(), m.group()) for m in self.trigger_scanner.finditer(folded)]
        view = boundary_view(folded)  # offsets shift by one
        return [(m.start(1) - 1, m.group(1)) for m in self.view_scanner.finditer(view)]

    def _build_guards(self, v: dict) -> None:
        # Checks around a 4-digit number: a label before it ("artículo 1949") or a counted noun
        # after it ("1500 soldados") makes it a number, not a year.
        labels = _alt(v["number_labels"])
        self.label_before = re.compile(rf"(?<!\w){labels}\.?\s*$")
        counted = _alt(v["counted_nouns"])
        self.counted_after = re.compile(rf"\s*(?:{counted})(?!\w)")

    def _build_tense_cues(self, cues: dict) -> None:
        words = lambda key: _alt(cues[key])
        suffix = lambda key: (
            "(?:" + "|".join(re.escape(s.lower()) for s in cues[key]) + ")"
            if cues[key]
            else r"(?!)"
        )
        participle = suffix("participle_suffixes")
        # Whole words and auxiliary + participle run on the folded sentence ...
        self.tense_words = re.compile(
            rf"(?<!\w)(?:(?P<past>{words('past_words')}|{words('past_auxiliaries')}\s+(?:\w+\s+)?\w+{participle})"
            rf"|(?P<future>{words('future_words')}))(?!\w)"
        )
        # ... and endings are checked on the lower-cased original, where "afirmó" and
        # "afirmo" differ.
        # Literal endings anchored at a word's end are found fast; the word itself is only
        # read back for the few that match (exceptions, length). A match is the whole rest of
        # its word, so the ending it is tells its tense (future where a list has it twice).
        self.future_endings = {x.lower() for x in cues["future_suffixes"]}
        self.tense_endings = re.compile(
            _endings_regex(self.future_endings | {x.lower() for x in cues["past_suffixes"]})
        )
        self.past_exceptions = {_key(w) for w in cues["past_suffix_exceptions"]}

    # -- small readers ----------------------------------------------------------------------

    def number(self, phrase: str | None) -> float | None:
        """Numeric value of a quantity; None for vague ones ("varios", "a few")."""
        if phrase is None:
            return None
        key = _key(phrase)
        if key in self.numbers:
            return float(self.numbers[key])
        if key in self.vague:
            return None
        digits = key
        if re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+", digits) and not re.fullmatch(
            rf"\d+{re.escape(self.decimal_separator)}\d+", digits
        ):
            return float(re.sub(r"[.,]", "", digits))
        amount = float(digits.replace(self.decimal_separator, "."))
        return amount if math.isfinite(amount) else None  # "9999…9 años": no usable count

    def unit(self, phrase: str) -> str:
        return self.units[_key(phrase)][0]

    def direction(self, phrase: str | None) -> str | None:
        if phrase is None:
            return None
        key = _key(phrase)
        if key in self.this_words:
            return "this"
        if key in self.last_words:
            return "last"
        if key in self.next_words or key in self.coming_words:
            return "next"
        return None

    def month(self, phrase: str) -> int:
        key = _key(phrase).rstrip(".")
        return self.months.get(key) or self.month_abbreviations[key]

    def day(self, phrase: str) -> int:
        key = _key(phrase)
        if key in self.day_ordinal_words:
            return self.day_ordinal_words[key]
        return int(re.match(r"\d+", key).group())

    # -- resolvers: each returns the timexes of one family match, or [] to reject it ----------

    def _resolve_numeric(self, ctx: "_Context", m: re.Match) -> list[_Found]:
        if m["iy"]:
            year, month, day = int(m["iy"]), int(m["im"]), int(m["id"])
        else:
            a, b, c = int(m["a"]), int(m["b"]), m["c"]
            if m["sep"] == "." and len(c) == 2:
                return []  # "5.10.24" is more often a version or a score than a date
            day, month = (a, b) if self.day_first else (b, a)
            if month > 12 and day <= 12:
                day, month = month, day  # only one reading is a date
            year = int(c) if len(c) == 4 else (2000 + int(c) if int(c) <= 50 else 1900 + int(c))
        try:
            value = dt.date(year, month, day).isoformat()
        except ValueError:
            return []
        return [_date(m.start(), m.end(), value)]

    def _day_month_value(
        self,
        ctx: "_Context",
        day: int,
        month: int,
        year_text: str | None,
        start: int,
        end: int,
        direction: str | None = None,
        weekday: int | None = None,
    ) -> str | None:
        if day > 31 or (month == 2 and day > 29) or (month in (4, 6, 9, 11) and day > 30):
            return None
        if year_text is not None:
            year = ctx.year_of(year_text)
        else:
            # "el pasado 12 de octubre" says which way to look; otherwise the verb does.
            direction = direction or ctx.tense(start, end)
            year = ctx.year_for(month, day, direction, explicit=direction in ("last", "next"))
            if year is not None and weekday is not None:
                year = _year_with_weekday(year, month, day, weekday)
        if year is None:
            return f"XXXX-{month:02d}-{day:02d}"
        try:
            return dt.date(year, month, day).isoformat()
        except ValueError:
            return None

    def _resolve_date_dmy(self, ctx: "_Context", m: re.Match) -> list[_Found]:
        weekday = self.weekdays[_key(m["wd"])] if m["wd"] else None
        value = self._day_month_value(
            ctx,
            self.day(m["day"]),
            self.month(m["mon"]),
            m["year"],
            m.start(),
            m.end(),
            # "el pasado 3 de marzo", "el 3 de marzo pasado"
            self.direction(m["dmod"] or m["dmod2"]) if "dmod" in m.re.groupindex else None,
            weekday,
        )
        return [_date(m.start(), m.end(), value)] if value else []

    def _resolve_date_mdy(self, ctx: "_Context", m: re.Match) -> list[_Found]:
        if not ctx.month_is_a_date(m.start("mon"), bare=False):
            return []
        return self._resolve_date_dmy(ctx, m)

    def _resolve_day_range(self, ctx: "_Context", m: re.Match) -> list[_Found]:
        month = self.month(m["mon"])
        second = self._day_month_value(ctx, self.day(m["d2"]), month, m["year"], m.start(), m.end())
        if not second:
            return []
        first = second[:8] + f"{self.day(m['d1']):02d}"
        if _value_range(first) is None and not first.startswith("X"):
            return []
        return [_date(m.start("d1"), m.end("d1"), first), _date(m.start("d2"), m.end(), second)]

    def _resolve_month_range(self, ctx: "_Context", m: re.Match) -> list[_Found]:
        if not (
            ctx.month_is_a_date(m.start("m1"), bare=False)
            and ctx.month_is_a_date(m.start("m2"), bare=False)
        ):
            return []
        first_month, second_month = self.month(m["m1"]), self.month(m["m2"])
        if m["year"] is not None:
            year = ctx.year_of(m["year"])
        else:
            year = ctx.year_for(second_month, None, ctx.tense(m.start(), m.end()))
        if year is None:
            return [
                _date(m.start("m1"), m.end("m1"), f"XXXX-{first_month:02d}"),
                _date(m.start("m2"), m.end(), f"XXXX-{second_month:02d}"),
            ]
        first_year = year if first_month <= second_month else year - 1
        return [
            _date(m.start("m1"), m.end("m1"), f"{first_year:04d}-{first_month:02d}"),
            _date(m.start("m2"), m.end(), f"{year:04d}-{second_month:02d}"),
        ]

    def _resolve_daypart_of(self, ctx: "_Context", m: re.Match) -> list[_Found]:
        day_value = ctx.resolve_day(m.start("rest"), m.end("rest"))
        if day_value is None:
            return []
        value = f"{day_value}T{self.day_parts[_key(m['part'])]}"
        return [_Found(m.start(), m.end(), "TIME", value, "", *_date_bounds(day_value))]

    def _resolve_weekday(self, ctx: "_Context", m: re.Match) -> list[_Found]:
        key = _key(m["wd"])
        weekday = self.weekdays.get(key) or self.weekday_plurals[key]
        article = _key(m["art"]) if m["art"] else ""
        if key in self.weekday_plurals or (article in self.set_weekday_articles and not m["mod1"]):
            return [_Found(m.start(), m.end(), "SET", f"XXXX-WXX-{weekday}", "", "", "")]
        direction = (
            self.direction(m["mod1"] or m["mod2"]) or ctx.tense(m.start(), m.end()) or "past"
        )
        value = ctx.weekday_value(weekday, direction)
        if m["part"]:
            time_value = f"{value}T{self.day_parts[_key(m['part'])]}"
            return [_Found(m.start(), m.end(), "TIME", time_value, "", *_date_bounds(value))]
        return [_date(m.start(), m.end(), value)]

    def _resolve_month_day(self, ctx: "_Context", m: re.Match) -> list[_Found]:
        # The month is the publication's or a neighbour, as the modifier or the verb says:
        # "el pasado día 5" is the latest 5th before publication, "el día 20" in a future
        # clause the next 20th.
        day_number = self.day(m["day"])
        if ctx.anchor.day is None or ctx.grammar.counted_after.match(ctx.folded, m.end()):
            return []
        direction = self.direction(m["mod"]) or ctx.tense(m.start(), m.end()) or "past"
        today = ctx.anchor.day
        strict = direction in ("last", "next")
        step = 1 if direction in ("next", "future") else -1
        for months in range(0, 3 * step, step):
            month_first = _add_months(today.replace(day=1), months)
            if day_number > _month_length(month_first.year, month_first.month):
                continue
            day = month_first.replace(day=day_number)
            if direction == "this" or (day - today).days * step > (0 if strict else -1):
                return [_date(m.start(), m.end(), day.isoformat())]
        return []

    def _resolve_weekday_day(self, ctx: "_Context", m: re.Match) -> list[_Found]:
        # The number is a day only if that weekday falls on it close to publication: in "el
        # lunes 15 soldados murieron" it is a count (and 15 November 2024 is a Friday).
        if ctx.anchor.day is None or ctx.grammar.counted_after.match(ctx.folded, m.end()):
            return []
        weekday, day = self.weekdays[_key(m["wd"])], self.day(m["day"])
        direction = self.direction(m["mod"]) or ctx.tense(m.start(), m.end()) or "past"
        reading = dt.date.fromisoformat(ctx.weekday_value(weekday, direction))
        near = [
            reading + dt.timedelta(weeks=weeks)
            for weeks in (0, -1, 1, -2, 2, -3, 3)
            if (reading + dt.timedelta(weeks=weeks)).day == day
        ]
        if not near:
            return []
        value = near[0].isoformat()
        if m["part"]:
            time_value = f"{value}T{self.day_parts[_key(m['part'])]}"
            return [_Found(m.start(), m.end(), "TIME", time_value, "", *_date_bounds(value))]
        return [_date(m.start(), m.end(), value)]

    def _resolve_month_year(self, ctx: "_Context", m: re.Match) -> list[_Found]:
        if not ctx.month_is_a_date(m.start("mon"), bare=False):
            return []
        year = ctx.year_of(m["year"])
        month = self.month(m["mon"])
        value = f"{year:04d}-{month:02d}" if year is not None else f"XXXX-{month:02d}"
        return [_date(m.start(), m.end(), value)]

    def _resolve_quarter(self, ctx: "_Context", m: re.Match) -> list[_Found]:
        key = _key(m["ord"])
        quarter = self.ordinal_words.get(key) or int(key[0])
        unit = _key(m["qunit"])
        if unit in self.half_of_year_words and not (m["year"] or m["this_year"]):
            return []
        code = "H" if unit in self.half_of_year_words or unit in self.half_year_words else "Q"
        if not 1 <= quarter <= (2 if code == "H" else 4):
            return []
        if m["year"] or m["year2"]:
            year = ctx.year_of(m["year"] or m["year2"])
        else:
            year = ctx.anchor.year  # "el primer trimestre", "... del año": the current year
        value = f"{year:04d}-{code}{quarter}" if year is not None else f"XXXX-{code}{quarter}"
        return [_date(m.start(), m.end(), value)]

    def _resolve_season(self, ctx: "_Context", m: re.Match) -> list[_Found]:
        code = self.seasons[_key(m["season"])]
        modifier = m["mod1"] or m["mod2"]
        if m["year"] is not None:
            year = ctx.year_of(m["year"])
            return [
                _date(
                    m.start(), m.end(), f"{year:04d}-{code}" if year is not None else f"XXXX-{code}"
                )
            ]
        if modifier is None:
            if (
                ctx.word_before(m.start()) not in self.bare_season_prepositions
                and not ctx.in_target
            ):
                return []
            if ctx.capitalised_mid_sentence(m.start("season")):
                return []  # "la Primavera Árabe", "the Arab Spring"
        direction = self.direction(modifier) or ctx.tense(m.start(), m.end())
        # "esta primavera" in November is as far from the spring gone as from the next one:
        # the verb decides ("habrá elecciones": the next).
        tie = ctx.tense(m.start(), m.end()) if direction == "this" else None
        return [_date(m.start(), m.end(), ctx.season_value(code, direction, tie))]

    def _resolve_decade(self, ctx: "_Context", m: re.Match) -> list[_Found]:
        raw = _key(m["num"])
        intro = _key(m["intro"]) if m["intro"] else None
        if intro is None and m["art"] and _key(m["art"]) in self.decade_short_intros:
            intro = _key(m["art"])  # "los 90": the article is the short intro
        if raw in self.decade_words:
            year = 1900 + self.decade_words[raw]
            if intro is None and m.start() == m.start("num"):
                return []  # "nineties" needs "the"; "noventa" needs "los"
        else:
            digits = raw.lstrip("'")
            if not digits.endswith("0"):
                return []
            if len(digits) == 4:
                year = int(digits)
                if not 1000 <= year <= 2090:
                    return []
            else:
                year = 1900 + int(digits) if digits != "00" else 2000
            if self.vocabulary["decade_suffix_required"] and not m["suffix"]:
                return []  # "the 1990" is not a decade; "the 1990s" is
        if self.vocabulary["decade_intros"] and intro is None:
            return []  # Spanish needs "los años", "la década de": a bare "1990" is a year
        if (
            intro in self.decade_short_intros
            and not ctx.in_target
            and not ctx.followed_by_punctuation(m.end())
        ):
            return []  # "los 90 soldados" is a number; "los 90." / "los noventa," is a decade
        mod = self.parts.get(_key(m["part"]), "") if m["part"] else ""
        return [_date(m.start(), m.end(), f"{year // 10:03d}", mod)]

    def _resolve_century(self, ctx: "_Context", m: re.Match) -> list[_Found]:
        raw = _key(m["num"])
        if raw in self.ordinal_words:
            number = self.ordinal_words[raw]
        elif raw[0].isdigit():
            number = int(re.match(r"\d+", raw).group())
        else:
            number = _roman(raw)
        if not number or not 1 <= number <= 30:
            return []
        mod = self.parts.get(_key(m["part"]), "") if m["part"] else ""
        return [_date(m.start(), m.end(), f"{number - 1:02d}", mod)]

    def _resolve_recent(self, ctx: "_Context", m: re.Match) -> list[_Found]:
        unit_code, plural = self.units[_key(m["unit"])]
        raw_number = m["num1"] or m["num"]
        determiner = _key(m["det"]) if m["det"] else None
        if not plural and determiner is None and raw_number is None:
            return []  # "last week" is a date (relative family); "the last week" is a duration
        if unit_code == "CE" and not plural and raw_number is None:
            return []  # "the last century" is the 20th century (relative family), not 100 years
        amount = self.number(raw_number) if raw_number else (None if plural else 1.0)
        forward = self.direction(m["dir"]) == "next" and _key(m["dir"]) in self.coming_words
        mod = self.approximators.get(_key(m["qual"]), "") if m["qual"] else ""
        value = _duration_value(amount, unit_code)
        anchored = determiner not in self.possessives and not ctx.followed_by_date_link(m.end())
        bounds = _anchored_span(ctx.anchor, unit_code, amount, forward) if anchored else ("", "")
        return [_Found(m.start(), m.end(), "DURATION", value, mod, *bounds)]

    def _resolve_relative(self, ctx: "_Context", m: re.Match) -> list[_Found]:
        unit_code = self.unit(m["unit1"] or m["unit2"])
        modifiers = [self.direction(x) for x in (m["mod1"], m["mod2"], m["mod3"]) if x]
        direction = modifiers[0]
        offset = {"this": 0, "last": -1, "next": 1}[direction]
        return [_date(m.start(), m.end(), _relative_value(ctx.anchor, unit_code, offset))]

    def _resolve_weekend(self, ctx: "_Context", m: re.Match) -> list[_Found]:
        if ctx.followed_by_date_link(m.end()):
            return []  # "el fin de semana del 5 de octubre": the date says which
        day = ctx.anchor.day
        if day is None:
            return [_date(m.start(), m.end(), "XXXX-WXX-WE")]
        # Past: the latest weekend begun by publication; future: the first not yet over.
        saturday = day + dt.timedelta(days=6 - day.isoweekday())  # this ISO week's
        if ctx.tense(m.start(), m.end()) != "future" and saturday > day:
            saturday -= dt.timedelta(weeks=1)
        return [_date(m.start(), m.end(), _iso_week(saturday) + "-WE")]

    def _resolve_part(self, ctx: "_Context", m: re.Match) -> list[_Found]:
        mod = self.parts[_key(m["part"])]
        if m["unit"]:
            value = _relative_value(ctx.anchor, self.unit(m["unit"]), 0)
            return [_date(m.start(), m.end(), value, mod)]
        inner = ctx.resolve_target(m.start("target"), m.end("target"))
        if inner is None:
            return []
        return [_date(m.start(), m.end(), inner.value, mod)]

    def _resolve_day_part_phrase(self, ctx: "_Context", m: re.Match) -> list[_Found]:
        offset, part = self.day_part_phrases[_key(m["phrase"])]
        day_value = _relative_value(ctx.anchor, "D", offset)
        return [
            _Found(m.start(), m.end(), "TIME", f"{day_value}T{part}", "", *_date_bounds(day_value))
        ]

    def _resolve_day_offset(self, ctx: "_Context", m: re.Match) -> list[_Found]:
        key = _key(m["offset"])
        if key in self.noun_guards and (
            ctx.word_before(m.start()) in self.noun_guards[key]
            or ctx.word_after(m.end("offset")) in self.day_part_of
        ):
            return []  # "la mañana", "esta mañana": the morning, not tomorrow
        day_value = _relative_value(ctx.anchor, "D", self.day_offsets[key])
        if m["part"]:
            value = f"{day_value}T{self.day_parts[_key(m['part'])]}"
            return [_Found(m.start(), m.end(), "TIME", value, "", *_date_bounds(day_value))]
        return [_date(m.start(), m.end(), day_value)]

    def _offset_date(self, ctx: "_Context", m: re.Match, sign: int) -> list[_Found]:
        raw = m["num"] if m["num"] is not None else m["num2"]
        unit_code = self.unit(m["unit"] or m["unit2"])
        qualifier = m["q1"] or m["q2"]
        mod = self.approximators.get(_key(qualifier), "") if qualifier else ""
        # On a date the qualifier moves the point: "hace más de dos años" is before 2022,
        # "dentro de menos de un año" is before 2025-11.
        if mod in ("MORE_THAN", "EQUAL_OR_MORE"):
            mod = "BEFORE" if sign < 0 else "AFTER"
        elif mod in ("LESS_THAN", "EQUAL_OR_LESS"):
            mod = "AFTER" if sign < 0 else "BEFORE"
        amount = self.number(raw) if raw is not None else None
        if amount is None or not amount.is_integer():
            value = "PAST_REF" if sign < 0 else "FUTURE_REF"
        else:
            value = _relative_value(ctx.anchor, unit_code, sign * int(amount))
        return [_date(m.start(), m.end(), value, mod)]

    def _resolve_ago(self, ctx: "_Context", m: re.Match) -> list[_Found]:
        return self._offset_date(ctx, m, -1)

    def _resolve_later(self, ctx: "_Context", m: re.Match) -> list[_Found]:
        return self._offset_date(ctx, m, +1)

    def _resolve_since_ago(self, ctx: "_Context", m: re.Match) -> list[_Found]:
        unit_code = self.unit(m["unit"])
        amount = self.number(m["num"]) if m["num"] is not None else None
        mod = self.approximators.get(_key(m["qual"]), "") if m["qual"] else ""
        bounds = _anchored_span(ctx.anchor, unit_code, amount, forward=False)
        return [
            _Found(m.start(), m.end(), "DURATION", _duration_value(amount, unit_code), mod, *bounds)
        ]

    def _resolve_in_time(self, ctx: "_Context", m: re.Match) -> list[_Found]:
        unit_code = self.unit(m["unit"])
        amount = self.number(m["num"])
        mod = self.approximators.get(_key(m["qual"]), "") if m["qual"] else ""
        if ctx.tense(m.start(), m.end()) == "future":
            if amount is None or not amount.is_integer():
                return [_date(m.start(), m.end(), "FUTURE_REF", mod)]
            return [
                _date(m.start(), m.end(), _relative_value(ctx.anchor, unit_code, int(amount)), mod)
            ]
        value = _duration_value(amount, unit_code)
        return [_Found(m.start("body"), m.end(), "DURATION", value, mod, "", "")]

    def _resolve_set(self, ctx: "_Context", m: re.Match) -> list[_Found]:
        if m["adverb"]:
            return [
                _Found(m.start(), m.end(), "SET", self.set_adverbs[_key(m["adverb"])], "", "", "")
            ]
        word = _key(m["unit"] or m["unit2"])
        weekday = self.weekdays.get(word) or self.weekday_plurals.get(word)
        if weekday:
            value = f"XXXX-WXX-{weekday}"
        else:
            amount = self.number(m["num"]) if m["num"] else 1.0
            value = _duration_value(amount, self.units[word][0])
            if value == "P1WE":
                value = "XXXX-WXX-WE"  # every weekend: TIMEX3 has no weekend duration
        return [_Found(m.start(), m.end(), "SET", value, "", "", "")]

    def _resolve_month(self, ctx: "_Context", m: re.Match) -> list[_Found]:
        modifier = m["mod1"] or m["mod2"]
        if not ctx.month_is_a_date(m.start("mon"), bare=modifier is None):
            return []
        month = self.month(m["mon"])
        direction = self.direction(modifier) or ctx.tense(m.start(), m.end())
        year = ctx.year_for(month, None, direction, explicit=modifier is not None)
        value = f"{year:04d}-{month:02d}" if year is not None else f"XXXX-{month:02d}"
        return [_date(m.start(), m.end(), value)]

    def _resolve_named_date(self, ctx: "_Context", m: re.Match) -> list[_Found]:
        spelling, value = self.named_dates[_key(m["named"])]
        if ctx.text[m.start("named") : m.end("named")] != spelling:
            return []  # written as listed: "11-S", not "11-s"
        # A Spanish article belongs to the date ("el 11-S", like "el 5 de octubre"); an English
        # one to the noun after it ("the 9/11 attacks").
        start = m.start("named") if self.language == "en" else m.start()
        return [_date(start, m.end(), value)]

    def _resolve_year(self, ctx: "_Context", m: re.Match) -> list[_Found]:
        if not m["yw"] and not ctx.plausible_year(m.start("year"), m.end("year")):
            return []
        return [_date(m.start(), m.end(), m["year"])]

    def _resolve_clock(self, ctx: "_Context", m: re.Match) -> list[_Found]:
        suffix = self.clock_suffixes.get(_key(m["suffix"])) if m["suffix"] else None
        # am/pm, or a time zone after hours and minutes ("10.30 hora local", "14:00 GMT"),
        # make a number a clock time on its own; "10 horas" is a duration, "10 a.m." a time.
        marked = suffix in ("am", "pm") or (suffix == "zone" and m["minute"] is not None)
        if m["intro"] is None and not marked:
            return []
        if m["minute"] is None and suffix is None:
            return []  # "a las 10" alone is too often something else ("a las 10 personas")
        if m["sep"] == "." and m["intro"] is None and not marked:
            return []  # "10.30" alone is a number; "a las 10.30" is how Spanish writes the time
        hour = int(m["hour"])
        if suffix == "pm" and hour < 12:
            hour += 12
        elif suffix == "am" and hour == 12:
            hour = 0
        if suffix in ("am", "pm") and int(m["hour"]) > 12:
            return []
        value = f"XXXX-XX-XXT{hour:02d}:{m['minute'] or '00'}"
        # The extent starts at the hour: "a las" / "at" are signals, like other prepositions.
        return [_Found(m.start("hour"), m.end(), "TIME", value, "", "", "")]

    def _resolve_reference(self, ctx: "_Context", m: re.Match) -> list[_Found]:
        key = _key(m["ref"])
        guard = self.reference_guards.get(key)
        if guard and (
            ctx.word_after(m.end()) in guard.get("not_followed_by", ())
            or ctx.word_before(m.start()) in guard.get("not_preceded_by", ())
        ):
            return []
        return [_Found(m.start(), m.end(), "DATE", self.references[key], "", "", "")]

    def _resolve_duration(self, ctx: "_Context", m: re.Match) -> list[_Found]:
        if ctx.text[m.start("unit")].isupper() and ctx.capitalised_mid_sentence(m.start("unit")):
            return []  # a name: "la Guerra de los Seis Días", "Cien Años de Soledad"
        whole = not (m["half1"] or m["half2"])  # "a year" is excluded, "a year and a half" not
        if m["prep"] is None and whole and _key(f"{m['num']} {m['unit']}") in self.bare_exclusions:
            return []
        if m["half"]:
            amount = 0.5
        else:
            amount = self.number(m["num"])
            if amount is not None and (m["half1"] or m["half2"]):
                amount += 0.5
        unit_code = self.unit(m["unit"])
        mod = self.approximators.get(_key(m["qual"]), "") if m["qual"] else ""
        value = _duration_value(amount, unit_code)
        return [_Found(m.start("surface"), m.end(), "DURATION", value, mod, "", "")]

    def _resolve_bare_plural(self, ctx: "_Context", m: re.Match) -> list[_Found]:
        value = _duration_value(None, self.unit(m["unit"]))
        return [_Found(m.start("surface"), m.end(), "DURATION", value, "", "", "")]


@functools.lru_cache(maxsize=None)
def _grammar(language: str) -> _Grammar:
    return _Grammar(_read_vocabulary(_check_language_code(language)))


# --------------------------------------------------------------------------------------------
# Folding for matching
# --------------------------------------------------------------------------------------------

# The vocabulary is Latin-1 once folded, so the tagger matches on a Latin-1 copy of the text:
# fold() where that gives a Latin-1 character, and elsewhere (Cyrillic, CJK, curly quotes, ...)
# a stand-in of the same class (letter -> "x", space -> " ", other -> DEL), so word boundaries
# and offsets stay where they are. One table over UTF-16 code units, applied with numpy, does
# it at over 100 MB/s; characters beyond the BMP (two code units) take the slow path.
_LATIN1_FOLD = bytes(
    ord(folded) if len(folded) == 1 and ord(folded) < 256 else code
    for code, folded in ((code, fold(chr(code))) for code in range(256))
)
_BEYOND_LATIN1 = re.compile(r"[^\x00-\xff]+")


@functools.lru_cache(maxsize=4096)
def _stand_in(char: str) -> str:
    folded = fold(char)
    if len(folded) == 1 and ord(folded) < 256:
        return folded
    if char.isalnum():
        return "x"
    return " " if char.isspace() else "\x7f"


@functools.lru_cache(maxsize=None)
def _matching_codes() -> np.ndarray:
    """The Latin-1 code of every BMP character in the matching copy (built on first use)."""
    bmp = "".join(map(chr, range(0x10000)))
    matching = "".join(
        folded if ord(folded) < 256 else "x" if char.isalnum() else " " if char.isspace() else "\x7f"
        for char, folded in zip(bmp, fold(bmp))
    )  # what _stand_in gives, for every character at once
    return np.frombuffer(matching.encode("latin-1"), dtype=np.uint8)


def _fold_for_matching(text: str) -> str:
    if text.isascii():
        return text.lower()  # in ASCII the table only lower-cases A-Z
    units = np.frombuffer(text.encode("utf-16-le", "surrogatepass"), dtype=np.uint16)
    if len(units) == len(text):
        return _matching_codes()[units].tobytes().decode("latin-1")
    text = _BEYOND_LATIN1.sub(lambda m: "".join(map(_stand_in, m.group())), text)
    return text.encode("latin-1").translate(_LATIN1_FOLD).decode("latin-1")


# --------------------------------------------------------------------------------------------
# Per-document context: the text, its anchor, sentences and tense cues
# --------------------------------------------------------------------------------------------

_TENSE_WINDOW = 160  # characters read on each side of an expression for its tense
_WORD_BEFORE = re.compile(r"([\w'.ºª°]+)[^\w]*$")
_WORD_AFTER = re.compile(r"\W*?(\w+)")
_OPENERS = "\"'“”«»‘’¿¡([—–-"


class _Context:
    """One document being tagged: its text, folded copy, publication anchor and sentences."""

    def __init__(
        self, grammar: _Grammar, text: str, folded: str, anchor: _Anchor, sentences: list[Span]
    ) -> None:
        self.grammar = grammar
        self.text = text
        self.folded = folded
        self.anchor = anchor
        self.sentences = sentences
        self.sentence_starts = [span.start for span in sentences]
        self.in_target = False

    # -- neighbourhood ------------------------------------------------------------------------

    def sentence_of(self, offset: int) -> int:
        return max(bisect.bisect_right(self.sentence_starts, offset) - 1, 0)

    def word_before(self, start: int) -> str:
        window = self.folded[max(0, start - 40) : start]
        match = _WORD_BEFORE.search(window)
        return match.group(1).strip(".") if match else ""

    def word_after(self, end: int) -> str:
        match = _WORD_AFTER.match(self.folded, end, min(len(self.folded), end + 40))
        return match.group(1) if match else ""

    def followed_by_punctuation(self, end: int) -> bool:
        rest = self.folded[end : end + 3].lstrip(" \t")
        return not rest or not (rest[0].isalnum())

    def followed_by_date_link(self, end: int) -> bool:
        # "la última semana de octubre", "los últimos años de la Unión Soviética": the span is
        # inside another period, not counted back from publication.
        return self.word_after(end) in self.grammar.date_links

    def capitalised_mid_sentence(self, start: int) -> bool:
        if not self.text[start].isupper():
            return False
        index = start - 1
        while index >= 0 and (self.text[index].isspace() or self.text[index] in _OPENERS):
            index -= 1
        return index >= 0 and self.text[index] not in ".!?…:;\n"

    def month_is_a_date(self, start: int, *, bare: bool) -> bool:
        if self.grammar.language == "en":
            # English months are capitalised; "may" and "march" in lower case are verbs.
            return self.text[start].isupper()
        # Spanish months are lower case: a capitalised one inside a sentence is a name
        # ("Plaza de Mayo"), unless a day or year makes it a date anyway.
        return not (bare and self.capitalised_mid_sentence(start))

    def plausible_year(self, start: int, end: int) -> bool:
        before = self.folded[max(0, start - 25) : start]
        if self.grammar.label_before.search(before):
            return False
        if self.grammar.counted_after.match(self.folded, end):
            return False
        previous = self.text[start - 1] if start else ""
        if previous in "$€£¥#":
            return False
        if previous == "/" and start >= 2 and self.text[start - 2].isdigit():
            return False  # a number and its year: "Ley 20/2022", "Real Decreto 1/2024"
        if previous == "-" and start >= 2 and self.text[start - 2].isalpha():
            # "F-1949", "A-2020" are model names; "mid-2023" is a date.
            if self.word_before(start - 1) not in self.grammar.lead_words:
                return False
        following = self.text[end : end + 2].lstrip()
        return not following.startswith(("%", "€", "$"))

    # -- tense ----------------------------------------------------------------------------------

    def _cues(self, start: int, end: int) -> list[tuple[int, int, str]]:
        """Tense cues (start, end, 'past'|'future') between two offsets of one sentence."""
        grammar = self.grammar
        cues = []
        for m in grammar.tense_words.finditer(self.folded, start, end):
            cues.append((m.start(), m.end(), "past" if m["past"] else "future"))
        lowered = self.text[start:end].lower()
        if len(lowered) == end - start:  # lower() can lengthen rare characters; skip then
            for m in grammar.tense_endings.finditer(lowered):
                tense = "future" if m.group() in grammar.future_endings else "past"
                word_start = m.start()
                while word_start and lowered[word_start - 1].isalnum():
                    word_start -= 1
                if m.end() - word_start < 4:
                    continue  # "fue", "ha" are listed as words; short endings are noise
                if tense == "past" and _key(lowered[word_start : m.end()]) in grammar.past_exceptions:
                    continue
                cues.append(
                    (start + word_start, start + m.end(), tense)
                )
        return cues

    def tense(self, start: int, end: int) -> str | None:
        """'past' or 'future' from the nearest tense cue in the sentence, None without one.

        Only a window of the sentence around the expression is read: the verb an expression
        modifies is close to it, and long run-on sentences of machine translation would
        otherwise offer cues from unrelated clauses.
        """
        if self.sentences:
            span = self.sentences[self.sentence_of(start)]
            low, high = span.start, span.end
        else:
            low, high = 0, len(self.text)
        low = max(low, start - _TENSE_WINDOW)
        high = min(high, end + _TENSE_WINDOW)
        # Move the window edges to word boundaries so that no cue is cut in half.
        while low > 0 and self.text[low - 1].isalnum() and low < start:
            low += 1
        while high < len(self.text) and self.text[high].isalnum() and high > end:
            high -= 1
        best = None
        for cue_start, cue_end, tense in self._cues(low, high):
            if cue_start < end and cue_end > start:
                continue  # inside the expression itself
            distance = cue_start - end if cue_start >= end else start - cue_end
            if best is None or distance < best[0]:
                best = (distance, tense)
        return best[1] if best else None

    # -- resolution helpers ----------------------------------------------------------------

    def year_of(self, phrase: str) -> int | None:
        """The year written in a year slot: digits or a relative year ("el año pasado")."""
        key = _key(phrase)
        if key.isdigit():
            return int(key)
        m = self.grammar.by_name["relative"].regex.fullmatch(key)
        direction = self.grammar.direction(m["mod1"] or m["mod2"]) if m else None
        offset = {"this": 0, "last": -1, "next": 1}.get(direction, 0)
        value = _relative_value(self.anchor, "Y", offset)
        return int(value) if value.isdigit() else None

    def year_for(
        self, month: int, day: int | None, direction: str | None, explicit: bool = False
    ) -> int | None:
        """Year of a month (and day) written without one, read in ``direction``."""
        anchor = self.anchor
        if anchor.year is None:
            return None
        if anchor.month is None:
            # Without the publication month nothing can be compared: the publication year for
            # a plain mention, unknown for an explicit "el pasado marzo".
            return None if explicit and direction in ("last", "next") else anchor.year
        here = (anchor.month, anchor.day.day if anchor.day else None)
        there = (month, day)
        if here[1] is None or day is None:
            # A day is unknown on one side: compare months only, so a mention of the
            # publication month reads as the publication year in the past and future readings.
            here, there = (here[0],), (there[0],)
        if direction == "last":
            return anchor.year if there < here else anchor.year - 1
        if direction == "next":
            return anchor.year if there > here else anchor.year + 1
        if direction == "past":
            return anchor.year if there <= here else anchor.year - 1
        if direction == "future":
            return anchor.year if there >= here else anchor.year + 1
        return anchor.year

    def weekday_value(self, weekday: int, direction: str) -> str:
        day = self.anchor.day
        if day is None:
            return f"XXXX-WXX-{weekday}"
        today = day.isoweekday()
        if direction == "this":
            target = day + dt.timedelta(days=weekday - today)
        elif direction == "last":
            target = day - dt.timedelta(days=(today - weekday) % 7 or 7)
        elif direction in ("next", "future"):
            target = day + dt.timedelta(days=(weekday - today) % 7 or 7)
        else:
            target = day - dt.timedelta(days=(today - weekday) % 7)
        return target.isoformat()

    def season_value(self, code: str, direction: str | None, tie: str | None = None) -> str:
        anchor = self.anchor
        if anchor.month is None:
            if anchor.year is not None and direction in (None, "this"):
                return f"{anchor.year:04d}-{code}"
            return f"XXXX-{code}"
        current = _season_index(anchor.year, anchor.month)
        wanted = _SEASON_ORDER[code]
        below = current - (current - wanted) % 4  # latest index <= current with this season
        above = current + (wanted - current) % 4  # earliest index >= current
        if direction == "last":
            index = below if below < current else below - 4
        elif direction == "next":
            index = above if above > current else above + 4
        elif direction == "past":
            index = below
        elif direction == "future":
            index = above
        elif current - below == above - current:
            index = above if tie == "future" else below
        else:
            index = below if current - below < above - current else above
        return f"{index // 4:04d}-{_SEASON_BY_INDEX[index % 4]}"

    def resolve_target(self, start: int, end: int) -> _Found | None:
        """Resolve the period inside a part-of-period phrase ("finales de [los años ochenta]")."""
        self.in_target = True
        try:
            for name in (
                "month_year",
                "season",
                "decade",
                "century",
                "relative",
                "quarter",
                "month",
                "year",
            ):
                family = self.grammar.by_name[name]
                m = family.regex.fullmatch(self.folded, start, end)
                if m:
                    found = family.resolve(self, m)
                    if found:
                        return found[0]
            return None
        finally:
            self.in_target = False

    def resolve_day(self, start: int, end: int) -> str | None:
        """The day value inside "la mañana del jueves" / "the night of November 5"."""
        for name in ("date_dmy", "date_mdy", "weekday", "day_offset"):
            family = self.grammar.by_name[name]
            m = family.regex.fullmatch(self.folded, start, end)
            if m:
                found = family.resolve(self, m)
                if found:
                    return found[0].value.split("T")[0]
        return None


# --------------------------------------------------------------------------------------------
# Public entry point
# --------------------------------------------------------------------------------------------


def tag_timexes(
    text: str,
    *,
    language: str,
    published: str | None,
    sentences: list[Span] | None = None,
) -> list[Timex]:
    """Temporal expressions of ``text`` as TIMEX3, resolved against ``published``.

    language: 'es' or 'en' (anything else: ValueError listing the supported ones).
    published: the article's publication date, full or partial ISO: '2024-11-14', '2024-08',
    '2024' (a time after the date is ignored), or None/''. Anything else, including years
    outside 1000-9000, is treated as an unknown date, not an error.
    sentences: split_sentences(text), if the caller already has it.
    Returns timexes sorted by start, non-overlapping (longest match wins).
    """
    grammar = _grammar(language)
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}")
    if not text:
        return []
    folded = _fold_for_matching(text)
    spans = list(sentences) if sentences is not None else split_sentences(text)
    ctx = _Context(grammar, text, folded, _parse_published(published), spans)

    candidates: list[_Candidate] = []
    tried: set[int] = set()
    reversed_text = folded[::-1]
    run_bits, run_end = 0, -1  # the last run of words read ahead, see below
    for position, trigger in grammar.triggers(folded):
        starts = _lead_starts(grammar, reversed_text, position, trigger, tried)
        # Gate bits of the words from each start on: the trigger and what follows it (read
        # when first needed), then each lead word in turn, walking back.
        ahead = None
        lead_bits = 0
        for index, (start, token) in enumerate(starts):
            if index:
                lead_bits |= grammar.families_in(token)
            if start in tried:
                continue
            tried.add(start)
            if _EXHAUSTIVE:
                families = grammar.all_families
            else:
                word = grammar.dispatch_word(token)
                if grammar.gated_at(word) and ahead is None:
                    # A trigger inside the run read for an earlier one shares its end, so
                    # that run's bits hold all of its own (and maybe more, which only
                    # costs a try): the words are read once per run, not per trigger.
                    if position >= run_end:
                        run_bits, run_end = grammar.families_ahead(folded, position)
                    ahead = run_bits
                # A gated family without its core words from the start on cannot match here.
                families = grammar.families_open(word, (ahead or 0) | lead_bits)
            for rank, family in families:
                m = family.regex.match(folded, start)
                if m is not None:
                    candidate = _candidate(ctx, rank, family, m)
                    if candidate is not None:
                        candidates.append(candidate)
    return _select(candidates, text, ctx)


class _Candidate(NamedTuple):
    minus_length: int  # low - high: in ascending order the longest come first
    rank: int  # the family's place in the tie-break order
    low: int
    high: int
    family: _Family
    match: re.Match
    found: list[_Found] | None  # None: not resolved yet


def _candidate(ctx: "_Context", rank: int, family: _Family, m: re.Match) -> _Candidate | None:
    # Resolving (tense, calendar arithmetic) costs more than matching, and about half of the
    # matches lose to a longer overlapping one, so a match is resolved only once _select
    # needs it, where its extent is known beforehand.
    extent = family.extent(m)
    if extent is not None:
        low, high = extent
        return _Candidate(low - high, rank, low, high, family, m, None)
    found = family.resolve(ctx, m)
    if not found:
        return None
    low, high = _span_of(found)
    return _Candidate(low - high, rank, low, high, family, m, found)


def _span_of(found: list[_Found]) -> tuple[int, int]:
    return min(f.start for f in found), max(f.end for f in found)


# Walking back from a trigger runs on the reversed text, where "the word before" is a match
# anchored at the current position (_Grammar.lead_before).
_MAX_LEAD_WORDS = 6


def _lead_starts(
    grammar: _Grammar, reversed_text: str, position: int, trigger: str, tried: set[int]
) -> list[tuple[int, str]]:
    """The trigger and the vocabulary words right before it, as (offset, folded word).

    The walk stops at a word already tried: the walk that tried it, from an earlier trigger
    closer to it, went on from there at least as far back as this one would.
    """
    starts = [(position, trigger)]
    length = len(reversed_text)
    cursor = length - position
    lead_before = grammar.lead_before
    for _ in range(_MAX_LEAD_WORDS):
        m = lead_before.match(reversed_text, cursor)
        if m is None:
            break  # no word right before, or not one an expression can hold
        cursor = m.end()
        if length - cursor in tried:
            break
        starts.append((length - cursor, m.group(1)[::-1]))
    return starts


# Tests set this to try every family at every position, to check the first-word dispatch.
_EXHAUSTIVE = False


# Longest first, then family rank, then leftmost (itemgetter builds the key tuples in C).
_SELECTION_ORDER = operator.itemgetter(0, 1, 2)  # minus_length, rank, low


def _select(candidates, text: str, ctx: _Context) -> list[Timex]:
    # Longest first, then family rank, then leftmost: greedy non-overlapping choice.
    # A match the resolver rejects takes no room, so resolving it only when it is reached
    # (and does not overlap what was taken) chooses exactly what resolving all of them would.
    candidates.sort(key=_SELECTION_ORDER)
    taken_starts: list[int] = []
    taken_ends: list[int] = []
    chosen: list[_Found] = []
    for candidate in candidates:
        low, high = candidate.low, candidate.high
        index = bisect.bisect_left(taken_starts, low)
        if index > 0 and taken_ends[index - 1] > low:
            continue
        if index < len(taken_starts) and taken_starts[index] < high:
            continue
        found = candidate.found
        if found is None:
            found = candidate.family.resolve(ctx, candidate.match)
            if not found:
                continue
            if found[0].start != low or found[-1].end != high:
                raise AssertionError(f"{candidate.family.name}: _EXTENTS is out of step")
        taken_starts.insert(index, low)
        taken_ends.insert(index, high)
        chosen.extend(found)
    chosen.sort(key=lambda f: f.start)
    return [
        Timex(
            sentence=ctx.sentence_of(f.start),
            start=f.start,
            end=f.end,
            surface=text[f.start : f.end],
            type=f.type,
            value=f.value,
            date_start=f.date_start,
            date_end=f.date_end,
            mod=f.mod,
        )
        for f in chosen
    ]
