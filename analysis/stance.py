"""Stance: which actor shows which attitude toward which other actor, sentence by sentence.

The per-language vocabulary (cues, reporting verbs, negators, hedges and the closed-class words
the rules read) lives in ``data/stance_lexicon.yaml``; ``load_lexicon`` validates it and compiles
one Aho-Corasick automaton per language over case- and accent-folded text. ``extract_stances``
reads each sentence with positional rules (no parser is needed, and none is used: spaCy is
optional in the project and absent here), ``sentence_tones`` gives the tone that per-actor
portrayal averages, and the functions at the end aggregate the DESIGN.md tables.

How a stance is found (the linguistic choices, deliberately made)
- A cue is a lexicon match: a verb form, a noun, an evaluative adjective or a phrase, never part
  of an actor's name ("Organización del Tratado..."). Its kind (criticize, attack, support,
  aid...) fixes the event class (CAMEO QuadClass / PLOVER) and the sign; its strength the size.
  Spanish verbs are listed as infinitives and conjugated by rule (``es_verb_forms``), English
  verbs as base forms (``en_verb_forms``); nouns and adjectives get their plurals and genders.
- score = strength x sign x negation x hedge, in [-1, 1]. Negation ("no", "ni", "sin", "nunca",
  "not", "'t", "negó/denied" as the verb of the speech, a few tokens before the cue in its
  clause, not "no sólo"/"sin embargo") flips the sign and halves the score
  (``scoring.negation``): "Rusia no condenó a Irán" is weakly positive, since declining to
  condemn is a signal in diplomatic news. "no ... ningún" is one negation (Spanish concord).
  A negator belongs to the nearest cue after it and stops at "que"/"that" and at another
  actor: "India no condenó la invasión rusa" denies the condemnation, not the invasion.
  Hedges ("podría", "al parecer", "could", "reportedly", "no descarta") and the Spanish
  conditional multiply the score by their factor.
- Holder (the actor acting): the nearest actor mention before the cue in its clause that is in
  subject position, that is not governed by a preposition ("a Rusia", "contra Ucrania" are
  objects; "de China" is a genitive unless it owns an institution: "el Gobierno de China").
  Walking back, comma segments that are adjuncts or relative clauses are skipped, and a segment
  with another noun ("muchos observadores dicen") stops the walk. A clause with no subject
  (pro-drop: "... mientras hace la vista gorda") takes the subject of the clause before; a
  relative clause (", que ...") the mention it hangs from; an infinitive after an object
  ("instó a Israel a aceptar", "called on Israel to agree") that object. Passive participles
  take their "por X" / "by X" agent. A noun cue takes its own agent first: "el apoyo de Corea
  del Norte", "la invasión rusa", "Russia's aggression", "por parte de Putin", "su invasión".
- Targets (the actors acted upon): mentions after the cue in its clause that are objects ("a X",
  "hacia X", "con X", direct objects; "contra X"/"frente a X" only for conflict, "en X" only for
  material acts). A cue whose object is another cue ("Apoyo la invasión rusa", "agradecimiento
  por el apoyo de Corea del Norte") targets that cue's participants: its agent, and its partners
  when it is cooperation ("criticó la ayuda a Rusia" targets Russia; "condenó el ataque contra
  Ucrania" does not target Ukraine). A noun with an agent and no target is aimed at the clause
  subject ("Kiev recibió ayuda militar de Alemania"). Symmetric kinds (agree, cooperate,
  negotiate, meet, reduce_relations) and "mutuamente"/"each other" give both directions.
  Some verbs are cues only toward a target in one role, wherever it comes in the clause
  (``against_verbs``: "lanzó cientos de drones contra Israel"; ``with_verbs``: "se reunió el
  lunes en París con Lula"; ``to_verbs``: "recibió en Pekín al presidente ruso, Vladimir
  Putin", a name in apposition to a title taking the title's preposition). A demonym that only
  describes the person named after it ("su homólogo brasileño, Lula") or a state's opponents
  ("la oposición venezolana") is no participant of its own.
- Reported speech. Quotes («...», "...", “...”) are tracked across sentences (the splitter cuts
  inside them) but never across paragraphs, which also closes quotes a translation left open; a
  quote of three words or fewer is a scare quote. A quote or a "que"-clause belongs to the
  subject of a reporting verb before it ("Rutte dijo que “...") or after it ("“...”, escribió
  Borrell"), or to "según X". A verb with no named subject ("dijo", "el secretario general
  dijo", "he said") goes to the speaker of the last two sentences, else to the only person
  named in the sentence before; with no such person, nothing is attributed. Inside speech:
    * the speaker's own side acting (first person, pro-drop verbs, the speaker's body or
      country) gives speaker -> targets, with the cue's kind;
    * a third party acting with a negative cue ("Beijing ... hace la vista gorda") gives
      speaker -> that actor, kind criticize (the speaker blames it; kinds with blame: false,
      like fight, are exempt), plus the reported act itself (actor -> targets, not a quote);
    * a negative noun with no agent ("una amenaza directa", "Esto marca una escalada") is about
      something said before: the subject of the reported clause when it names actors; else,
      when the clause opens with a content noun phrase ("los intercambios de tecnología de
      misiles"), the latest of the ten sentences before that shares two of its content words;
      else (it opens with "esto"/"this", or has no subject) the sentence before. Of that
      sentence, the actors that take part in its events count (agents, and partners of
      cooperation), never the threatened party ("para Europa").
  What a speaker does is a verbal act, so speaker stances use the verbal class of their kind.
- Never emitted: a stance whose holder is its target, or between a person and the body they
  speak for (Rutte and NATO). Per sentence, holder, target, polarity and event class, only the
  strongest cue is kept.
Precision is preferred to recall: a stance needs a holder and a target that the rules can
justify; sentences with fewer than two actors and no reported speech are not read at all.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import operator
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import ahocorasick
import numpy as np
import yaml

from .actors import Mention
from .exceptions import ResourceError
from .text import Span, fold

__all__ = [
    "QUAD_CLASSES",
    "Kind",
    "LanguageLexicon",
    "LexiconError",
    "Stance",
    "StanceLexicon",
    "actor_portrayal",
    "cooperation_conflict_timeline",
    "es_verb_forms",
    "en_verb_forms",
    "extract_stances",
    "load_lexicon",
    "net_stance_matrix",
    "quotes_by_speaker",
    "sentence_tones",
    "stance_rows",
    "tone_rows",
]

DEFAULT_LEXICON = Path(__file__).resolve().parent.parent / "data" / "stance_lexicon.yaml"
QUAD_CLASSES = ("verbal_cooperation", "material_cooperation", "verbal_conflict", "material_conflict")
SUPPORTED_MORPHOLOGY = ("es", "en")


@dataclass(frozen=True, slots=True)
class Stance:
    """One holder -> target attitude in one sentence."""

    sentence: int
    holder_id: str
    holder_name: str
    target_id: str
    target_name: str
    polarity: str  # positive | negative
    score: float  # [-1, 1]
    cue: str
    evidence: str
    kind: str
    quad_class: str  # verbal_cooperation | material_cooperation | verbal_conflict | material_conflict
    quote: bool = False  # the holder was attributed through a quote / reported speech


# =============================================================================== the lexicon


class LexiconError(ResourceError):
    """The stance lexicon is invalid; the message names the file, the line and the fix."""


@dataclass(frozen=True, slots=True)
class Kind:
    name: str
    quad_class: str
    symmetric: bool = False
    blame: bool = True

    @property
    def polarity(self) -> int:
        return 1 if self.quad_class.endswith("cooperation") else -1

    @property
    def material(self) -> bool:
        return self.quad_class.startswith("material")


@dataclass(frozen=True, slots=True)
class _Form:
    """What one folded word form means; several lexicon entries may share it."""

    text: str
    kind: str | None = None  # stance kind, None when the form is not a cue
    strength: float = 0.0
    pos: frozenset = frozenset()  # v finite verb, c conditional, p participle, i infinitive/gerund, n noun, a adjective
    object_noun: bool = False
    needs: str = ""  # a cue only toward a target in this role: "against" (contra X), "partner" (con X), "object" (a X)
    lemma: str = ""
    line: int = 0
    report: bool = False  # a reporting verb
    according: bool = False  # "según", "according to"
    block: bool = False  # a not-cue phrase
    tone: int = 0  # tone-only polarity


@dataclass(frozen=True, eq=False)
class LanguageLexicon:
    """Everything the rules need for one language, compiled."""

    code: str
    forms: Mapping[str, _Form]
    automaton: object
    negators: tuple
    negation_exceptions: tuple
    negation_window: int
    hedges: Mapping[tuple, float]
    hedge_window: int
    auxiliaries: frozenset
    passive_auxiliaries: frozenset
    prepositions: Mapping[str, str]
    determiners: frozenset
    complementizers: frozenset
    coordinators: frozenset
    relative_pronouns: frozenset
    clause_breaks: Mapping[str, tuple]
    fillers: frozenset
    titles: frozenset
    pronouns: frozenset
    first_person: frozenset
    anaphors: frozenset
    institution_nouns: frozenset
    possessives: frozenset
    stopwords: frozenset
    attribution_sequences: frozenset
    not_cue_spellings: frozenset
    not_cue_folded: frozenset = frozenset()
    pronoun_words: frozenset = frozenset()
    break_words: frozenset = frozenset()
    verb_markers: frozenset = frozenset()
    control_markers: frozenset = frozenset()
    joint_verbs: frozenset = frozenset()  # forms of verbs whose subjects do their object's act together
    place_nouns: frozenset = frozenset()  # a part of a place takes the preposition before it: "contra el norte de Israel"
    dissent_nouns: frozenset = frozenset()  # a demonym after (es) or before (en) them is no state: "la oposición venezolana"
    negator_words: frozenset = frozenset()
    reciprocals: frozenset = frozenset()
    break_rules: Mapping = field(default_factory=dict)  # first token -> (tokens, shift, kind) (see _break_rules)
    link_words: frozenset = frozenset()  # what may stand between coordinated mentions
    intro_pattern: re.Pattern = re.compile(r"\s*:")
    negator_index: Mapping = field(default_factory=dict)
    exception_index: Mapping = field(default_factory=dict)
    hedge_index: Mapping = field(default_factory=dict)
    negator_scan: re.Pattern | None = None  # finds where a negator may be (see _sequence_scan)
    # Derived look-up tables, so the per-sentence rules test one dict or set instead of looping
    attribution_by_last: Mapping = field(default_factory=dict)  # last token -> attribution sequences
    may_break: frozenset = frozenset()  # tokens that may open a clause break (see _View.build)
    break_rules_by_next: Mapping = field(default_factory=dict)  # see _break_rules_by_next
    # what a comma segment before a verb may hold to be read as (see _View.subject) ...
    speaker_words: frozenset = frozenset()  # ... first person: first person, fillers, determiners
    empty_words: frozenset = frozenset()  # ... nothing: fillers, determiners, clause-break words
    title_words: frozenset = frozenset()  # ... a title: titles, determiners, genitive prepositions
    link_markers: frozenset = frozenset()  # coordinators, "-" and "/" (see _View._linked)
    determiners_titles: frozenset = frozenset()  # what _View._governor_at steps over


@dataclass(frozen=True, eq=False)
class StanceLexicon:
    path: str
    kinds: Mapping[str, Kind]
    scoring: Mapping[str, float]
    by_language: Mapping[str, LanguageLexicon]

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(self.by_language)

    def language(self, code: str) -> LanguageLexicon:
        try:
            return self.by_language[code]
        except KeyError:
            raise ValueError(
                f"language {code!r} is not supported by the stance lexicon; supported: {', '.join(self.by_language)}"
            ) from None


def load_lexicon(path: str | Path | None = None) -> StanceLexicon:
    """Load and validate the stance lexicon (``data/stance_lexicon.yaml`` by default).

    Cached per file and modification time, so an edited file is read again.
    """
    resolved = Path(path).resolve() if path is not None else DEFAULT_LEXICON
    try:
        stat = resolved.stat()
    except OSError as error:
        raise LexiconError(f"{resolved}: cannot read the stance lexicon ({error.strerror or error}); "
                           "fix: pass the path of an existing YAML file") from None
    return _cached_lexicon(str(resolved), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=8)
def _cached_lexicon(path: str, mtime_ns: int, size: int) -> StanceLexicon:
    return _Reader(Path(path)).lexicon()


# Words, clitics after an apostrophe ("Russia's" -> russia 's; "didn't" -> didn 't) and single
# punctuation marks. Kept free of backtracking: it runs over every sentence that is read.
_TOKEN = re.compile(r"\w+|'\w+|[^\w\s]")
_ENTRY = re.compile(r"^(?P<text>[^()@]+?)\s*(?:\((?P<notes>[^)]*)\))?\s*(?:@\s*(?P<strength>\S+))?$")
_VOWELS = "aeiou"
_LANGUAGE_KEYS = {
    "cues", "not_cues", "not_cue_spellings", "reporting_verbs", "attribution_phrases", "tone",
    "negators", "negation_exceptions", "negation_window", "hedges", "hedge_window", "auxiliaries",
    "passive_auxiliaries", "function_words", "irregular_verbs", "joint_verbs",
}
_REQUIRED_LANGUAGE_KEYS = ("cues", "reporting_verbs", "negators", "hedges", "function_words")
# verbs that are a cue only toward a target in one role (see ``_Form.needs``)
_ROLE_VERB_KEYS = {"against_verbs": "against", "with_verbs": "partner", "to_verbs": "object"}
_CUE_KEYS = {"strength", "verbs", *_ROLE_VERB_KEYS, "nouns", "object_nouns", "adjectives", "words"}
_ROLES = {"object", "against", "partner", "beneficiary", "genitive", "location", "agent", "between", "source", "other"}
_WORD_SETS = (
    "determiners", "complementizers", "coordinators", "relative_pronouns", "fillers", "titles",
    "first_person", "anaphors", "institution_nouns", "possessives", "stopwords", "verb_markers",
    "control_markers", "place_nouns", "dissent_nouns",
)
_FUNCTION_KEYS = {"prepositions", "clause_breaks", "pronouns", "reciprocals", *_WORD_SETS}


def _tokens(text: str) -> tuple[str, ...]:
    return tuple(_TOKEN.findall(fold(text)))


def _fold(text: str) -> str:
    """``text.fold`` (same length, same letters), lower-casing other scripts too."""
    low = text.lower()
    if len(low) != len(text):  # a character whose lower case is longer (Turkish İ)
        return fold(text)
    return fold(low)


# libyaml's parser when PyYAML has it: the same nodes and marks, several times faster. A file
# it rejects is read again by PyYAML, whose error messages are the ones users know.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _compose(text: str):
    try:
        return yaml.compose(text, Loader=_YAML_LOADER)
    except yaml.YAMLError:
        return yaml.compose(text)


class _Reader:
    """Walks the composed YAML tree, so that every error can name its line."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, node, message: str, fix: str):
        line = node.start_mark.line + 1 if node is not None else 1
        raise LexiconError(f"{self.path}:{line}: {message}; fix: {fix}")

    # ------------------------------------------------------------- YAML shapes
    def mapping(self, node, what: str, allowed: Iterable[str] | None = None) -> dict[str, tuple]:
        if not isinstance(node, yaml.MappingNode):
            self.fail(node, f"{what} must be a mapping", f"write {what} as 'key: value' lines")
        out: dict[str, tuple] = {}
        allowed = set(allowed) if allowed is not None else None
        for key_node, value_node in node.value:
            key = self.scalar(key_node, f"a key of {what}")
            if key in out:
                self.fail(key_node, f"{what} has '{key}' twice", "keep one of the two")
            if allowed is not None and key not in allowed:
                self.fail(key_node, f"unknown key '{key}' in {what}", f"use one of: {', '.join(sorted(allowed))}")
            out[key] = (key_node, value_node)
        return out

    def scalar(self, node, what: str) -> str:
        if not isinstance(node, yaml.ScalarNode) or not str(node.value).strip():
            self.fail(node, f"{what} must be a non-empty word or phrase", "write it as plain text")
        return str(node.value).strip()

    def sequence(self, node, what: str) -> list:
        if not isinstance(node, yaml.SequenceNode):
            self.fail(node, f"{what} must be a list", f"write {what} as [a, b, c] or as '- item' lines")
        return list(node.value)

    def words(self, node, what: str) -> list[tuple[str, object]]:
        return [(self.scalar(item, f"an entry of {what}"), item) for item in self.sequence(node, what)]

    def number(self, node, what: str, low: float, high: float) -> float:
        text = self.scalar(node, what)
        try:
            value = float(text)
        except ValueError:
            value = float("nan")
        if not low <= value <= high:
            self.fail(node, f"{what} is '{text}'", f"write a number between {low} and {high}")
        return value

    # ------------------------------------------------------------- the whole file
    def lexicon(self) -> StanceLexicon:
        try:
            root = _compose(self.path.read_text(encoding="utf-8"))
        except OSError as error:
            raise LexiconError(f"{self.path}: cannot read the stance lexicon ({error.strerror or error}); "
                               "fix: check the path") from None
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            where = f":{mark.line + 1}" if mark else ""
            raise LexiconError(f"{self.path}{where}: not valid YAML ({getattr(error, 'problem', error)}); "
                               "fix: check quotes, brackets and indentation there") from None
        if root is None:
            raise LexiconError(f"{self.path}:1: the stance lexicon is empty; fix: add 'kinds:' and language sections")
        top = self.mapping(root, "the stance lexicon")
        if "kinds" not in top:
            self.fail(root, "the stance lexicon has no 'kinds:' section", "add 'kinds:' mapping each kind to a quad_class")
        kinds = self.kinds(top["kinds"][1])
        scoring = {"negation": -0.5, "conditional": 0.7, "default_hedge": 0.6}
        if "scoring" in top:
            for key, (key_node, value) in self.mapping(top["scoring"][1], "scoring", scoring).items():
                low = -1.0 if key == "negation" else 0.0
                scoring[key] = self.number(value, f"scoring.{key}", low, 1.0)
        languages = {}
        for key, (key_node, value) in top.items():
            if key in ("version", "kinds", "scoring"):
                continue
            if key not in SUPPORTED_MORPHOLOGY:
                self.fail(key_node, f"unknown section '{key}'",
                          f"languages need inflection rules in analysis/stance.py; supported: {', '.join(SUPPORTED_MORPHOLOGY)}")
            languages[key] = self.language(key, value, kinds, scoring)
        if not languages:
            self.fail(root, "the stance lexicon has no language section", "add 'es:' and/or 'en:'")
        return StanceLexicon(path=str(self.path), kinds=kinds, scoring=scoring, by_language=languages)

    def kinds(self, node) -> dict[str, Kind]:
        kinds = {}
        for name, (key_node, value) in self.mapping(node, "kinds").items():
            fields = self.mapping(value, f"kind '{name}'", {"quad_class", "symmetric", "blame"})
            if "quad_class" not in fields:
                self.fail(value, f"kind '{name}' has no quad_class", f"add quad_class: one of {', '.join(QUAD_CLASSES)}")
            quad_node = fields["quad_class"][1]
            quad = self.scalar(quad_node, f"the quad_class of '{name}'")
            if quad not in QUAD_CLASSES:
                self.fail(quad_node, f"kind '{name}' has quad_class '{quad}'", f"use one of {', '.join(QUAD_CLASSES)}")
            flags = {}
            for flag in ("symmetric", "blame"):
                if flag in fields:
                    text = self.scalar(fields[flag][1], f"{flag} of '{name}'").lower()
                    if text not in ("true", "false"):
                        self.fail(fields[flag][1], f"{flag} of kind '{name}' is '{text}'", "write true or false")
                    flags[flag] = text == "true"
            kinds[name] = Kind(name, quad, **flags)
        if not kinds:
            self.fail(node, "no kind is defined", "add at least one kind")
        return kinds

    def language(self, code: str, node, kinds: Mapping[str, Kind], scoring) -> LanguageLexicon:
        section = self.mapping(node, f"section '{code}'", _LANGUAGE_KEYS)
        for key in _REQUIRED_LANGUAGE_KEYS:
            if key not in section:
                self.fail(node, f"section '{code}' has no '{key}'", f"add '{key}:' (see the header of this file)")
        irregular = {}
        if "irregular_verbs" in section:
            for lemma, (key_node, value) in self.mapping(section["irregular_verbs"][1], f"{code}.irregular_verbs").items():
                irregular[fold(lemma)] = tuple(fold(w) for w, _ in self.words(value, f"irregular forms of '{lemma}'"))
        builder = _FormBuilder(self, code, irregular)
        cues = self.mapping(section["cues"][1], f"{code}.cues")
        for kind_name, (key_node, value) in cues.items():
            if kind_name not in kinds:
                self.fail(key_node, f"cue kind '{kind_name}' is not defined under 'kinds:'",
                          f"add it to 'kinds:' or use one of {', '.join(kinds)}")
            fields = self.mapping(value, f"{code}.cues.{kind_name}", _CUE_KEYS)
            strength = 0.5
            if "strength" in fields:
                strength = self.number(fields["strength"][1], f"strength of {code}.cues.{kind_name}", 0.01, 1.0)
            for key in ("verbs", *_ROLE_VERB_KEYS, "nouns", "object_nouns", "adjectives", "words"):
                if key in fields:
                    for text, item in self.words(fields[key][1], f"{code}.cues.{kind_name}.{key}"):
                        builder.add_cue(key, text, item, kind_name, strength, kinds[kind_name])
        if "not_cues" in section:
            fields = self.mapping(section["not_cues"][1], f"{code}.not_cues", {"verbs", "nouns", "words", "adjectives"})
            for key, (key_node, value) in fields.items():
                for text, item in self.words(value, f"{code}.not_cues.{key}"):
                    builder.add_flag(key, text, item, block=True)
        for text, item in self.words(section["reporting_verbs"][1], f"{code}.reporting_verbs"):
            builder.add_flag("verbs", text, item, report=True)
        attribution = []
        if "attribution_phrases" in section:
            for text, item in self.words(section["attribution_phrases"][1], f"{code}.attribution_phrases"):
                builder.add_flag("words", text, item, according=True)
                attribution.append(_tokens(text))
        joint_verbs = set()
        for text, item in self.words(section["joint_verbs"][1], f"{code}.joint_verbs") if "joint_verbs" in section else ():
            forms_of, _, _ = builder.expand("verbs", text, item)
            joint_verbs.update(form for form, _ in forms_of if " " not in form)
        if "tone" in section:
            tone = self.mapping(section["tone"][1], f"{code}.tone", {"positive", "negative"})
            for sign_name, (key_node, value) in tone.items():
                sign = 1 if sign_name == "positive" else -1
                fields = self.mapping(value, f"{code}.tone.{sign_name}", {"verbs", "nouns", "adjectives", "words"})
                for key, (k, v) in fields.items():
                    for text, item in self.words(v, f"{code}.tone.{sign_name}.{key}"):
                        builder.add_flag(key, text, item, tone=sign)
        function = self.mapping(section["function_words"][1], f"{code}.function_words", _FUNCTION_KEYS)
        for key in ("prepositions", "determiners", "clause_breaks", "fillers"):
            if key not in function:
                self.fail(section["function_words"][1], f"{code}.function_words has no '{key}'", f"add '{key}:'")
        prepositions = {}
        for word, (key_node, value) in self.mapping(function["prepositions"][1], f"{code}.function_words.prepositions").items():
            role = self.scalar(value, f"the role of '{word}'")
            if role not in _ROLES:
                self.fail(value, f"preposition '{word}' has role '{role}'", f"use one of {', '.join(sorted(_ROLES))}")
            prepositions[fold(word)] = role
        sets = {}
        for key in _WORD_SETS:
            words = self.words(function[key][1], f"{code}.function_words.{key}") if key in function else []
            for text, item in words:
                if len(_tokens(text)) != 1:
                    self.fail(item, f"'{text}' in {code}.function_words.{key} is not one word", "split it or remove it")
            sets[key] = frozenset(fold(text) for text, _ in words)
        breaks: dict[str, list] = defaultdict(list)
        for text, item in self.words(function["clause_breaks"][1], f"{code}.function_words.clause_breaks"):
            sequence = _tokens(text)
            breaks[sequence[0]].append(sequence)
        pronouns = frozenset(_tokens(t) for t, _ in self.words(function["pronouns"][1], "pronouns")) if "pronouns" in function else frozenset()
        negators = tuple(_tokens(t) for t, _ in self.words(section["negators"][1], f"{code}.negators"))
        exceptions = tuple(
            _tokens(t) for t, _ in self.words(section["negation_exceptions"][1], f"{code}.negation_exceptions")
        ) if "negation_exceptions" in section else ()
        hedges = {}
        for text, (key_node, value) in self.mapping(section["hedges"][1], f"{code}.hedges").items():
            if isinstance(value, yaml.ScalarNode) and value.value in ("", "~", "null"):
                hedges[_tokens(text)] = scoring["default_hedge"]
            else:
                hedges[_tokens(text)] = self.number(value, f"the factor of hedge '{text}'", 0.0, 1.0)
        windows = {}
        for key in ("negation_window", "hedge_window"):
            windows[key] = int(self.number(section[key][1], f"{code}.{key}", 1, 8)) if key in section else 3
        word_lists = {}
        for key in ("auxiliaries", "passive_auxiliaries", "not_cue_spellings"):
            word_lists[key] = [t for t, _ in self.words(section[key][1], f"{code}.{key}")] if key in section else []
        automaton = ahocorasick.Automaton()
        forms = builder.forms()
        for text, form in forms.items():
            automaton.add_word(text, (len(text), form))
        if forms:
            automaton.make_automaton()
        return LanguageLexicon(
            code=code,
            forms=forms,
            automaton=automaton,
            negators=negators,
            negation_exceptions=exceptions,
            negation_window=windows["negation_window"],
            hedges=hedges,
            hedge_window=windows["hedge_window"],
            auxiliaries=frozenset(fold(w) for w in word_lists["auxiliaries"]),
            passive_auxiliaries=frozenset(fold(w) for w in word_lists["passive_auxiliaries"]),
            prepositions=prepositions,
            clause_breaks={first: tuple(seqs) for first, seqs in breaks.items()},
            pronouns=pronouns,
            attribution_sequences=frozenset(attribution),
            not_cue_spellings=frozenset(w.lower() for w in word_lists["not_cue_spellings"]),
            not_cue_folded=frozenset(fold(w) for w in word_lists["not_cue_spellings"]),
            pronoun_words=frozenset(p[0] for p in pronouns if len(p) == 1),
            reciprocals=frozenset(_tokens(t) for t, _ in self.words(function["reciprocals"][1], "reciprocals"))
            if "reciprocals" in function else frozenset(),
            intro_pattern=re.compile(
                r"\W{0,3}(?:\w+\W+){0,5}?(?:%s)\b|\s*:" % "|".join(
                    re.escape(w) for w in sorted(sets["complementizers"]) if w.isalpha()) if any(
                    w.isalpha() for w in sets["complementizers"]) else r"\s*:"),
            negator_index=_index(negators),
            negator_scan=_sequence_scan(negators),
            negator_words=frozenset(n[0] for n in negators if len(n) == 1),
            exception_index=_index(exceptions),
            hedge_index=_index(hedges),
            break_words=frozenset(t for seqs in breaks.values() for seq in seqs for t in seq if t.isalpha()),
            break_rules=_break_rules(breaks, sets["relative_pronouns"]),
            attribution_by_last=_index_by_last(attribution),
            may_break=frozenset(breaks) | {"para"},
            break_rules_by_next=_break_rules_by_next(_break_rules(breaks, sets["relative_pronouns"])),
            speaker_words=sets["first_person"] | sets["fillers"] | sets["determiners"],
            empty_words=sets["fillers"] | sets["determiners"] | frozenset(
                t for seqs in breaks.values() for seq in seqs for t in seq if t.isalpha()),
            title_words=sets["titles"] | sets["determiners"] | {w for w, r in prepositions.items() if r == "genitive"},
            link_words=sets["coordinators"] | sets["determiners"] | {",", "-", "/"},
            link_markers=sets["coordinators"] | {"-", "/"},
            determiners_titles=sets["determiners"] | sets["titles"],
            joint_verbs=frozenset(joint_verbs),
            **sets,
        )


class _FormBuilder:
    """Expands lexicon entries into folded word forms and checks that they do not clash."""

    def __init__(self, reader: _Reader, code: str, irregular: Mapping[str, tuple[str, ...]]) -> None:
        self.reader = reader
        self.code = code
        self.irregular = irregular
        self.cues: dict[str, dict] = {}
        self.flags: dict[str, dict] = defaultdict(dict)

    def parse(self, text: str, node, key: str) -> tuple[str, list[str], float | None]:
        match = _ENTRY.match(text)
        if not match:
            self.reader.fail(node, f"cannot read the entry '{text}'",
                             "write 'word', 'word (notes)' or 'word @0.7' (strength between 0 and 1)")
        strength = None
        if match.group("strength"):
            try:
                strength = float(match.group("strength"))
            except ValueError:
                strength = -1.0
            if not 0 < strength <= 1:
                self.reader.fail(node, f"the strength in '{text}' is not a number in (0, 1]", "write e.g. '@0.6'")
        notes = [n.strip() for n in (match.group("notes") or "").split(",") if n.strip()]
        if notes and (key != "verbs" and key not in _ROLE_VERB_KEYS or self.code not in ("es", "en")):
            if key != "verbs" and key not in _ROLE_VERB_KEYS:
                self.reader.fail(node, f"'{text}' has inflection notes but is not a verb", "remove the brackets")
        return fold(match.group("text").strip()), notes, strength

    def expand(self, key: str, text: str, node) -> tuple[list[tuple[str, str]], float | None, bool]:
        """(form, pos) pairs for one entry, its strength override and whether it is an object noun."""
        phrase, notes, strength = self.parse(text, node, key)
        try:
            if key == "verbs" or key in _ROLE_VERB_KEYS:
                forms = (es_verb_forms if self.code == "es" else en_verb_forms)(phrase, notes, self.irregular)
                if self.code == "es" and phrase.endswith((" a", " de")):
                    # the article's contraction: "recibió al presidente", "se retiró del acuerdo"
                    forms += [(form + "l", pos) for form, pos in forms]
            elif key in ("nouns", "object_nouns"):
                forms = [(f, "n") for f in (_es_noun_forms(phrase) if self.code == "es" else _en_noun_forms(phrase))]
            elif key == "adjectives":
                forms = [(f, "a") for f in (_es_adjective_forms(phrase) if self.code == "es" else [phrase])]
            else:
                forms = [(phrase, _literal_pos(phrase))]
        except ValueError as error:
            self.reader.fail(node, f"cannot inflect '{text}': {error}",
                             "check the spelling and the notes in brackets (see the header of this file)")
        return forms, strength, key == "object_nouns"

    def add_cue(self, key, text, node, kind_name, default_strength, kind: Kind) -> None:
        forms, strength, object_noun = self.expand(key, text, node)
        line = node.start_mark.line + 1
        for form, pos in forms:
            previous = self.cues.get(form)
            if previous is None:
                self.cues[form] = {
                    "kind": kind_name, "strength": strength or default_strength, "pos": set(pos),
                    "object_noun": object_noun, "needs": _ROLE_VERB_KEYS.get(key, ""), "lemma": text, "line": line,
                    "polarity": kind.polarity,
                }
            elif previous["polarity"] != kind.polarity:
                self.reader.fail(
                    node,
                    f"'{form}' (from '{text}', {kind_name}) is also a form of '{previous['lemma']}' "
                    f"(line {previous['line']}, {previous['kind']}) with the opposite polarity",
                    "remove one of the two entries, or make the phrase longer so they differ",
                )
            elif previous["kind"] == kind_name:
                previous["pos"].update(pos)
                previous["object_noun"] = previous["object_noun"] or object_noun
                if previous["needs"] != _ROLE_VERB_KEYS.get(key, ""):
                    previous["needs"] = ""  # also a plain cue

    def add_flag(self, key, text, node, **flag) -> None:
        forms, _, _ = self.expand(key, text, node)
        for form, pos in forms:
            self.flags[form].update(flag)
            self.flags[form].setdefault("pos", set()).update(pos)
            self.flags[form].setdefault("lemma", text)

    def forms(self) -> dict[str, _Form]:
        out = {}
        for text in set(self.cues) | set(self.flags):
            cue = self.cues.get(text)
            flags = self.flags.get(text, {})
            if flags.get("block"):
                cue = None
            pos = set(cue["pos"]) if cue else set(flags.get("pos", ()))
            out[text] = _Form(
                text=text,
                kind=cue["kind"] if cue else None,
                strength=cue["strength"] if cue else 0.0,
                pos=frozenset(pos),
                object_noun=cue["object_noun"] if cue else False,
                needs=cue["needs"] if cue else "",
                lemma=cue["lemma"] if cue else flags.get("lemma", ""),
                line=cue["line"] if cue else 0,
                report=bool(flags.get("report")),
                according=bool(flags.get("according")),
                block=bool(flags.get("block")),
                tone=int(flags.get("tone", 0)),
            )
        return out


# =============================================================================== inflection

# Spanish endings, tagged with the stem they take: S stressed (ie/ue/i diphthong), W the -ir
# raising stem (pidió, advirtiera, durmiendo), P plain; and with a part of speech.
_ES_ENDINGS = {
    "ar": [
        *[(e, s, "v") for e, s in zip(("o", "as", "a", "amos", "ais", "an"), "SSSPPS")],
        *[(e, "P", "v") for e in ("e", "aste", "o", "amos", "asteis", "aron")],
        *[(e, "P", "v") for e in ("aba", "abas", "abamos", "abais", "aban")],
        *[(e, s, "v") for e, s in zip(("e", "es", "emos", "eis", "en"), "SSPPS")],
        *[(e, "P", "v") for e in ("ara", "aras", "aramos", "arais", "aran", "ase", "ases", "asemos", "aseis", "asen")],
        *[(e, "P", "p") for e in ("ado", "ada", "ados", "adas")],
        ("ando", "P", "i"),
    ],
    "er": [
        *[(e, s, "v") for e, s in zip(("o", "es", "e", "emos", "eis", "en"), "SSSPPS")],
        *[(e, "P", "v") for e in ("i", "iste", "io", "imos", "isteis", "ieron")],
        *[(e, "P", "v") for e in ("ia", "ias", "iamos", "iais", "ian")],
        *[(e, s, "v") for e, s in zip(("a", "as", "amos", "ais", "an"), "SSPPS")],
        *[(e, "P", "v") for e in ("iera", "ieras", "ieramos", "ierais", "ieran", "iese", "ieses", "iesemos", "ieseis", "iesen")],
        *[(e, "P", "p") for e in ("ido", "ida", "idos", "idas")],
        ("iendo", "P", "i"),
    ],
    "ir": [
        *[(e, s, "v") for e, s in zip(("o", "es", "e", "imos", "is", "en"), "SSSPPS")],
        *[(e, s, "v") for e, s in zip(("i", "iste", "io", "imos", "isteis", "ieron"), "PPWPPW")],
        *[(e, "P", "v") for e in ("ia", "ias", "iamos", "iais", "ian")],
        *[(e, s, "v") for e, s in zip(("a", "as", "amos", "ais", "an"), "SSWWS")],
        *[(e, "W", "v") for e in ("iera", "ieras", "ieramos", "ierais", "ieran", "iese", "ieses", "iesemos", "ieseis", "iesen")],
        *[(e, "P", "p") for e in ("ido", "ida", "idos", "idas")],
        ("iendo", "W", "i"),
    ],
}
_CLITICS = ("lo", "la", "los", "las", "le", "les", "se", "nos", "me", "te")
_STEM_CHANGES = {"ie": ("ie", None), "ue": ("ue", None), "i": ("i", "i"), "ie,i": ("ie", "i"), "ue,u": ("ue", "u")}


def _change_stem(stem: str, change: str | None) -> str:
    if not change:
        return stem
    target = "o" if change in ("ue", "u") else "e"
    index = stem.rfind(target)
    if index < 0 and change == "ue":
        index = stem.rfind("u")  # jugar -> juega
    if index < 0:
        return stem
    return stem[:index] + change + stem[index + 1:]


def _es_join(stem: str, ending: str, infinitive: str) -> str:
    first = ending[0]
    if infinitive.endswith("car") and first == "e":
        stem = stem[:-1] + "qu"
    elif infinitive.endswith("gar") and first == "e":
        stem = stem[:-1] + "gu"
    elif infinitive.endswith("zar") and first == "e":
        stem = stem[:-1] + "c"
    elif infinitive.endswith("guir") and first in "ao":
        stem = stem[:-1]
    elif infinitive.endswith(("ger", "gir")) and first in "ao":
        stem = stem[:-1] + "j"
    elif infinitive.endswith(("cer", "cir")) and first in "ao":
        stem = stem[:-1] + ("zc" if stem[-2:-1] in _VOWELS else "z")
    if stem[-1:] in _VOWELS and not stem.endswith(("gu", "qu")) and ending.startswith(("ie", "io")):
        ending = "y" + ending[1:]  # destruyó, proveyeron, leyendo
    elif infinitive.endswith("uir") and not infinitive.endswith("guir") and first in "aeo":
        stem += "y"  # destruye, destruya
    return stem + ending


def es_verb_forms(phrase: str, notes: Sequence[str] = (), irregular: Mapping[str, Sequence[str]] | None = None) -> list[tuple[str, str]]:
    """Every common form of a Spanish verb (or verb-first phrase), folded, with its part of speech.

    Parts of speech: v finite, c conditional, p participle, i infinitive or gerund. Notes:
    "ie", "ue", "i", "ie,i", "ue,u" stem changes; "=base" conjugate like the irregular verb
    ``base`` with the rest as a prefix (oponer = o + poner); "pp=escrito" irregular participle.
    """
    irregular = irregular or {}
    words = fold(phrase).split()
    if not words:
        raise ValueError("empty entry")
    verb, rest = words[0], (" " + " ".join(words[1:])) if len(words) > 1 else ""
    reflexive = verb.endswith(("arse", "erse", "irse"))
    if reflexive:
        verb = verb[:-2]
    if not verb.endswith(("ar", "er", "ir")):
        raise ValueError(f"'{verb}' is not a Spanish infinitive (-ar, -er, -ir)")
    strong = weak = None
    base = participle = None
    for note in notes:
        if note in _STEM_CHANGES or note in ("u",):
            if note == "u":
                weak = "u"
            else:
                strong, weak_change = _STEM_CHANGES[note]
                weak = weak_change or weak
        elif note.startswith("="):
            base = fold(note[1:].strip())
        elif note.startswith("pp="):
            participle = fold(note[3:].strip())
        elif note == "zc":
            pass  # automatic for -ecer/-ocer/-ucir
        else:
            raise ValueError(f"unknown note '{note}' (use ie, ue, i, ie,i, ue,u, =base, pp=participle)")
    forms: list[tuple[str, str]] = []
    if base is not None or verb in irregular:
        base = base or verb
        if base not in irregular:
            raise ValueError(f"'{base}' is not listed under irregular_verbs")
        if not verb.endswith(base):
            raise ValueError(f"'{verb}' does not end in '{base}'")
        prefix = verb[: len(verb) - len(base)]
        for form in irregular[base]:
            pos = "p" if form.endswith(("ado", "ada", "ados", "adas", "ido", "ida", "idos", "idas", "to", "ta", "tos", "tas", "cho", "cha", "chos", "chas")) and form != base else "v"
            if form == base or form.endswith(("ando", "iendo", "yendo")):
                pos = "i"
            elif form.endswith(("ria", "rian", "riamos", "rias")):
                pos = "c"
            forms.append((prefix + form, pos))
        infinitive_forms = [prefix + base]
        gerunds = [prefix + f for f in irregular[base] if f.endswith(("ando", "iendo", "yendo"))]
    else:
        stem, group = verb[:-2], verb[-2:]
        for ending, slot, pos in _ES_ENDINGS[group]:
            change = strong if slot == "S" else weak if slot == "W" and group == "ir" else None
            if slot == "S" and strong == "i" and group != "ir":
                change = None
            form = _es_join(_change_stem(stem, change), ending, verb)
            if participle and pos == "p":
                continue
            forms.append((form, pos))
        for ending in ("e", "as", "a", "emos", "eis", "an"):
            forms.append((verb + ending, "v"))  # future
        for ending in ("ia", "ias", "iamos", "iais", "ian"):
            forms.append((verb + ending, "c"))  # conditional
        forms.append((verb, "i"))
        infinitive_forms = [verb]
        gerunds = [f for f, p in forms if p == "i" and f != verb]
    if participle:
        if not participle.endswith("o"):
            raise ValueError(f"the participle '{participle}' should end in -o")
        forms += [(participle[:-1] + e, "p") for e in ("o", "a", "os", "as")]
    if not rest:
        forms += [(f + clitic, "i") for f in infinitive_forms + gerunds for clitic in _CLITICS]
    elif reflexive:
        forms += [(f + "se", "i") for f in infinitive_forms + gerunds]
    seen = {}
    for form, pos in forms:
        seen.setdefault(form + rest, pos)
    return list(seen.items())


def _en_s(word: str) -> str:
    if word.endswith(("s", "x", "z", "ch", "sh", "o")):
        return word + "es"
    if word.endswith("y") and word[-2:-1] not in _VOWELS:
        return word[:-1] + "ies"
    return word + "s"


def _en_doubles(word: str) -> bool:
    return (len(word) >= 3 and word[-1] not in _VOWELS + "wxy" and word[-2] in _VOWELS
            and word[-3] not in _VOWELS)


def en_verb_forms(phrase: str, notes: Sequence[str] = (), irregular: Mapping[str, Sequence[str]] | None = None) -> list[tuple[str, str]]:
    """Base, -s, -ed and -ing forms of an English verb or verb-first phrase (folded).

    Doubling ("ban" -> "banned") is generated alongside the plain form; a form that is not a word
    never matches, so over-generating is harmless. Irregular pasts come from ``irregular``.
    """
    irregular = irregular or {}
    words = fold(phrase).split()
    if not words:
        raise ValueError("empty entry")
    verb, rest = words[0], (" " + " ".join(words[1:])) if len(words) > 1 else ""
    base = verb
    for note in notes:
        if note.startswith("="):
            base = fold(note[1:].strip())
            if base not in irregular:
                raise ValueError(f"'{base}' is not listed under irregular_verbs")
        else:
            raise ValueError(f"unknown note '{note}' (English verbs take only '=base')")
    forms = [(verb, "v"), (_en_s(verb), "v")]
    stem = verb[:-1] if verb.endswith("e") and not verb.endswith(("ee", "ye", "oe")) else verb
    if verb.endswith("ie"):
        stem = verb[:-2] + "y"
    forms.append((stem + "ing", "i"))
    if base in irregular:
        forms += [(f, "vp") for f in irregular[base]]
    else:
        if verb.endswith("e"):
            forms.append((verb + "d", "vp"))
        elif verb.endswith("y") and verb[-2:-1] not in _VOWELS:
            forms.append((verb[:-1] + "ied", "vp"))
        else:
            forms.append((verb + "ed", "vp"))
    if _en_doubles(verb):
        forms += [(verb + verb[-1] + "ed", "vp"), (verb + verb[-1] + "ing", "i")]
    out = {}
    for form, pos in forms:
        out.setdefault(form + rest, pos)
    return list(out.items())


_ES_FUNCTION = frozenset("de del la el los las a al en con y e o por para sin contra".split())


def _es_plural(word: str) -> str:
    if word.endswith(("s", "x")):
        return word
    if word.endswith("z"):
        return word[:-1] + "ces"
    if word[-1] in _VOWELS:
        return word + "s"
    return word + "es"


def _es_noun_forms(phrase: str) -> list[str]:
    words = phrase.split()
    forms = [phrase, " ".join([_es_plural(words[0]), *words[1:]])]
    head = []
    for word in words:
        if word in _ES_FUNCTION or head and len(head) < len(words) and word in _ES_FUNCTION:
            break
        head.append(word)
    if len(head) > 1:
        forms.append(" ".join([_es_plural(w) for w in head] + words[len(head):]))
    return list(dict.fromkeys(forms))


def _en_noun_forms(phrase: str) -> list[str]:
    words = phrase.split()
    last = words[-1]
    if last.endswith("s") and not last.endswith("ss"):
        return [phrase]
    return list(dict.fromkeys([phrase, " ".join([*words[:-1], _en_s(last)])]))


def _es_adjective_forms(phrase: str) -> list[str]:
    words = phrase.split()
    word, rest = words[0], (" " + " ".join(words[1:])) if len(words) > 1 else ""
    if word.endswith("o"):
        forms = [word, word[:-1] + "a", word + "s", word[:-1] + "as"]
    elif word.endswith(("e", "a", "i", "u")):
        forms = [word, word + "s"]
    elif word.endswith("z"):
        forms = [word, word[:-1] + "ces"]
    elif word.endswith("or"):
        forms = [word, word + "a", word + "es", word + "as"]
    else:
        forms = [word, word + "es"]
    return [f + rest for f in forms]


def _literal_pos(phrase: str) -> str:
    if phrase.endswith(("ado", "ada", "ados", "adas", "ido", "ida", "idos", "idas")) and " " not in phrase:
        return "p"
    return "nv"


# =============================================================================== matching


class _Hit:
    """A lexicon match: ``text[start:end]``. (A plain class: thousands are made per megabyte.)"""

    __slots__ = ("start", "end", "form")

    def __init__(self, start: int, end: int, form: _Form) -> None:
        self.start, self.end, self.form = start, end, form


def _find_hits(folded: str, text: str, lexicon: LanguageLexicon, start: int = 0, end: int | None = None) -> list[_Hit]:
    """Leftmost-longest lexicon matches on word boundaries (not-cue phrases included)."""
    end = len(folded) if end is None else end
    if not lexicon.forms or start >= end:
        return []
    candidates = []
    size = len(folded)
    for last, (length, form) in lexicon.automaton.iter(folded, start, end):
        first = last - length + 1
        if first > 0 and (folded[first - 1].isalnum() or folded[first - 1] == "_"):
            continue
        if last + 1 < size and (folded[last + 1].isalnum() or folded[last + 1] == "_"):
            continue
        candidates.append((first, -length, form))
    candidates.sort(key=_CANDIDATE_ORDER)
    hits = []
    taken = -1
    spellings = lexicon.not_cue_spellings
    for first, negative_length, form in candidates:
        if first < taken:
            continue
        stop = first - negative_length
        taken = stop
        if form.block:
            continue
        if spellings and form.text in lexicon.not_cue_folded and text[first:stop].lower() in spellings:
            continue
        hits.append(_Hit(first, stop, form))
    return hits


@functools.lru_cache(maxsize=4)
def _folded_hits(text: str, lexicon: LanguageLexicon) -> tuple[str, tuple[_Hit, ...]]:
    """Folded text and lexicon matches, shared by ``extract_stances`` and ``sentence_tones``
    when a pipeline calls both on the same article."""
    folded = _fold(text)
    return folded, tuple(_find_hits(folded, text, lexicon))


_CANDIDATE_ORDER = operator.itemgetter(0, 1)  # leftmost first, then longest


# Quotes. « “ „ open, » ” close; a straight quote toggles. A quote never crosses a line break
# (news files put one paragraph per line), which also closes quotes that the machine
# translation forgot to close.
_QUOTE_CHARS = re.compile(r"[«»“”„\"\n]")


# A token with the white space before it. Tokens cover every character that is not white
# space, so the pieces ``findall`` returns tile the text: token ends are running sums of their
# lengths. That is about twice as fast as reading offsets from ``finditer``'s match objects.
_SPACED_TOKEN = re.compile(r"\s*(?:\w+|'\w+|[^\w\s])")
_START = operator.attrgetter("start")


def _tokenize(folded: str, start: int, end: int) -> tuple[list[int], list[int], list[str]]:
    """Starts, ends and texts of the tokens of ``folded[start:end]``, as ``_TOKEN`` finds them."""
    pieces = _SPACED_TOKEN.findall(folded, start, end)
    ends = list(itertools.accumulate(map(len, pieces), initial=start))
    del ends[0]
    toks = list(map(str.lstrip, pieces))  # str.isspace is what \s matches
    return list(map(operator.sub, ends, map(len, toks))), ends, toks


def _positions(items: list, value) -> list[int]:
    """The indices where ``value`` stands in ``items``, in order (``list.index`` scans in C)."""
    found = []
    try:
        while True:
            found.append(items.index(value, found[-1] + 1 if found else 0))
    except ValueError:
        return found


def _count_tokens(text: str, start: int, end: int, limit: int) -> int:
    """How many tokens ``text[start:end]`` has, counting no further than ``limit``."""
    return sum(1 for _ in itertools.islice(_TOKEN.finditer(text, start, end), limit))


def _find_quotes(text: str) -> list[Span]:
    """Spans (open, close) of the outermost quotes; ``close`` is the closing mark or the line end."""
    quotes = []
    stack: list[str] = []
    opened = 0
    for match in _QUOTE_CHARS.finditer(text):
        char, at = match.group(), match.start()
        if char == "\n":
            if stack:
                quotes.append(Span(opened, at))
            stack.clear()
        elif char in "«“„":
            if stack and stack[-1] == "„" and char == "“":
                stack.pop()
            else:
                if not stack:
                    opened = at
                stack.append(char)
                continue
            if not stack:
                quotes.append(Span(opened, at))
        elif char in "»”":
            if stack:
                stack.pop()
                if not stack:
                    quotes.append(Span(opened, at))
        else:  # straight quote
            if stack and stack[-1] == '"':
                stack.pop()
                if not stack:
                    quotes.append(Span(opened, at))
            else:
                if not stack:
                    opened = at
                stack.append('"')
    if stack:
        quotes.append(Span(opened, len(text)))
    return quotes


# =============================================================================== sentence views

_SEGMENT_PUNCTUATION = frozenset(",.«»\"“”'()-")  # what a comma segment's words leave out
_SUBJECT_RELATIVES = frozenset({"que", "quien", "quienes", "cual", "cuales", "which", "who", "whom", "that"})
_UNKNOWN = object()  # not computed yet, in memo dictionaries whose values may be None
_SPEAKER = -1  # stands for the speaker in agent lists ("nuestro apoyo", "apoyaremos")


class _Cue:
    __slots__ = (
        "hit", "form", "kind", "tok", "tok_end", "nominal", "adjective", "passive", "passive_aux",
        "factor", "polarity", "sign", "score", "introduces", "agents_memo", "patients_memo", "region",
        "negated", "clause", "region_span",
    )

    def __init__(self, hit: _Hit, kind: Kind, tok: int, tok_end: int) -> None:
        self.hit = hit
        self.form = hit.form
        self.kind = kind
        self.tok = tok
        self.tok_end = tok_end
        self.nominal = False
        self.adjective = False
        self.passive: list[int] = []
        self.passive_aux = False
        self.factor = 1.0
        self.sign = kind.polarity  # the kind's sign; ``polarity`` is flipped by negation
        self.polarity = self.sign
        self.score = 0.0  # set by ``_View._score``
        self.negated = False
        self.introduces = False
        self.agents_memo: list[int] | None = None
        self.patients_memo: list[int] | None = None
        self.region = None
        # token bounds of the cue's clause and of its speech region (or of the stretch between
        # regions), set by ``_View.build`` once the breaks are known: every rule reads them
        self.clause: tuple[int, int] = (0, 0)
        self.region_span: tuple[int, int] = (0, 0)


@dataclass
class _Speech:
    """Reported speech: who said it, and where it is."""

    speaker: Mention
    attribution: int  # sentence of the reporting verb / "según"
    first: int  # first sentence the speech touches
    last: int
    start: int  # content span (absolute offsets)
    end: int
    topic: tuple[int, int] | None = None  # offsets of the reported clause's subject
    verb: _Hit | None = None
    introduced: bool = False  # the verb governs the content ("advirtió que ...", "..., advirtió")


def _infinitive(token: str) -> bool:
    """A Spanish infinitive, bare or reflexive: "retirar", "defenderse"."""
    return len(token) > 4 and token.endswith(("ar", "er", "ir", "arse", "erse", "irse"))


_CONTROL_WORDS = frozenset({"a", "de", "por", "of", "for", "to"})  # the prepositions ``_controlled_at`` reads


def _controlled_at(view: _View, k: int) -> int | None:
    """The mention that is to do what the verb after a preposition at ``k`` says, when the
    preposition follows the object of a verb (object control): "acusó a Rusia de atacar",
    "instó a Israel a permitir", "criticó a Hungría por bloquear"; "accused Russia of attacking",
    "urged Israel to allow". None otherwise."""
    toks = view.toks
    if k < 1 or k + 1 >= len(toks) or k + 1 in view.m_at:
        return None
    mi = view.m_at.get(k - 1)
    if mi is None:
        return None
    word, verb = toks[k], toks[k + 1]
    j = view.m_first[mi] - 1
    while j >= 0 and toks[j] in view.lx.determiners:
        j -= 1
    if view.doc.language == "es":
        # the object is marked by "a": "a Rusia", "a la OTAN", "al Gobierno"
        ok = word in ("a", "de", "por") and _infinitive(verb) and j >= 0 and toks[j] in ("a", "al")
    else:
        # the object follows its verb: a cue ends right before it
        ok = (word in ("of", "for") and verb.endswith("ing") or word == "to" and verb.isalpha()) and any(
            c.tok_end == j + 1 and not c.nominal for c in view.cues)
    return mi if ok else None


def _without_appositive_demonyms(mentions: list[Mention], folded: str, titles: frozenset) -> list[Mention]:
    """The mentions without a demonym that only describes the person named right after it
    (titles may come between): "su homólogo brasileño, Lula", "el primer ministro israelí
    Benjamin Netanyahu" and "the Russian president, Vladimir Putin" name one participant each."""
    kept = []
    for mention, after in zip(mentions, [*mentions[1:], None]):
        if (after is not None and mention.method == "demonym" and after.actor_type == "person"
                and after.affiliation == mention.actor_id
                and titles.issuperset(folded[mention.end:after.start].replace(",", " ").split())):
            continue
        kept.append(mention)
    return kept


def _describes_dissent(mention: Mention, folded: str, lx: LanguageLexicon) -> bool:
    """A demonym of the people who oppose a state, not of the state: "la oposición venezolana",
    "the Iranian protesters", "los disidentes rusos"."""
    if mention.method != "demonym":
        return False
    if lx.code == "en":
        word = re.match(r"\W*(\w+)", folded[mention.end:mention.end + 30])
    else:
        word = re.search(r"(\w+)\W*$", folded[max(0, mention.start - 30):mention.start])
    return word is not None and word.group(1) in lx.dissent_nouns


class _View:
    """One sentence: tokens, mentions, cues and clauses, in folded text."""

    def __init__(self, doc: _Document, index: int, base: _View | None = None) -> None:
        self.doc = doc
        self.index = index
        span = doc.sentences[index]
        self.start, self.end = span.start, span.end
        lx = doc.lexicon
        self.lx = lx
        self.region_toks: list[tuple[int, int, _Speech]] = []
        self.cues: list[_Cue] = []
        self.breaks: list[int] = [0]
        self.break_type: dict[int, str] = {0: "start"}
        if base is not None:  # tokens, mentions and their roles do not depend on speech
            self.tok_s, self.tok_e, self.toks = base.tok_s, base.tok_e, base.toks
            self.mentions, self.m_first, self.m_last, self.m_at = base.mentions, base.m_first, base.m_last, base.m_at
            self.gov_memo, self.coord_memo = base.gov_memo, base.coord_memo
            self.commas, self.plain = base.commas, base.plain
            return
        self.tok_s, self.tok_e, self.toks = _tokenize(doc.folded, self.start, self.end)
        seen = set()
        self.mentions: list[Mention] = []
        for mention in doc.mentions_by_sentence.get(index, ()):
            if (mention.start, mention.end) in seen or mention.start < self.start or mention.end > self.end:
                continue
            seen.add((mention.start, mention.end))
            self.mentions.append(mention)
        self.mentions.sort(key=_START)
        self.mentions = _without_appositive_demonyms(self.mentions, doc.folded, lx.titles)
        if lx.dissent_nouns:
            self.mentions = [m for m in self.mentions if not _describes_dissent(m, doc.folded, lx)]
        # first and last token of each mention (``tok_index`` inlined), and the mention at each token
        tok_s, after = self.tok_s, bisect.bisect_right
        self.m_first, self.m_last, self.m_at = [], [], {}
        for mi, mention in enumerate(self.mentions):
            first = max(after(tok_s, mention.start) - 1, 0)
            last = max(after(tok_s, mention.end - 1) - 1, first)
            self.m_first.append(first)
            self.m_last.append(last)
            for t in range(first, last + 1):
                self.m_at[t] = mi
        self.gov_memo: dict[int, str | None] = {}
        self.coord_memo: dict[int, list[int]] = {}
        toks = self.toks
        self.commas = _positions(toks, ",")  # see ``subject``
        # per token: a word that is no part of a mention nor punctuation (see ``subject``)
        self.plain = [t not in _SEGMENT_PUNCTUATION for t in toks]
        for t in self.m_at:
            if t < len(toks):  # (a sentence with no tokens still maps its mentions to token 0)
                self.plain[t] = False

    # ------------------------------------------------------------- offsets
    def tok_index(self, offset: int) -> int:
        """The token that holds ``offset`` (the one before it in white space; 0 before the first)."""
        after = bisect.bisect_right(self.tok_s, offset)
        return after - 1 if after else 0

    # ------------------------------------------------------------- building
    def build(self, hits: Sequence[_Hit], speeches: Sequence[_Speech]) -> None:
        lx, kinds = self.lx, self.doc.kinds
        for speech in speeches:
            lo = self.tok_index(max(speech.start, self.start)) if speech.start > self.start else 0
            if speech.start > self.start and self.tok_s[lo] < speech.start:
                lo += 1
            hi = bisect.bisect_left(self.tok_s, min(speech.end, self.end))
            if lo < hi:
                self.region_toks.append((lo, hi, speech))
                self._add_break(lo, "speech")
                if hi < len(self.toks):
                    self._add_break(hi, "speech-end")
        toks = self.toks
        n = len(toks)
        rules = lx.break_rules_by_next
        for i in itertools.compress(range(n), map(lx.may_break.__contains__, toks)):
            tok = toks[i]
            if tok in rules:
                by_next, singles = rules[tok]
                for words, shift, kind in by_next.get(toks[i + 1], singles) if i + 1 < n else singles:
                    if toks[i:i + len(words)] == words:
                        self._add_break(i + shift, kind)
            # Not an ``elif``: "para" also opens the rule "para que", and then the purpose clause
            # "para mantener a raya a ..." was never cut from the verb before it.
            if tok == "para" and i + 1 < n and len(toks[i + 1]) > 4 and toks[i + 1].endswith(("ar", "er", "ir")):
                self._add_break(i, "conj")
        self.breaks.sort()
        mention_spans = [(m.start, m.end) for m in self.mentions]
        for hit in hits:
            form = hit.form
            if form.kind is None:
                continue
            if any(start < hit.end and hit.start < end for start, end in mention_spans):
                continue  # part of an actor's name: "Organización del Tratado del Atlántico Norte"
            tok = self.tok_index(hit.start)
            tok_end = bisect.bisect_left(self.tok_s, hit.end)
            if form.needs and not self._role_follows(tok_end, form.needs):
                continue  # "lanzó una campaña", "el comité se reunió en la sede": nobody acted upon
            cue = _Cue(hit, kinds[form.kind], tok, max(tok_end, tok + 1))
            for lo, hi, speech in self.region_toks:
                if lo <= tok < hi:
                    cue.region = speech
            cue.clause = self.clause_bounds(tok)
            cue.region_span = self.region_bounds(tok)
            self._classify(cue)
            self.cues.append(cue)
        if self.cues:
            # Most sentences hold no negator and no hedge at all: then no cue needs to look for one
            may_negate = not lx.negator_index.keys().isdisjoint(toks)
            may_hedge = not lx.hedge_index.keys().isdisjoint(toks)
            reach = 0  # a negator or hedge belongs to the first cue after it (see ``_score``)
            for cue in self.cues:
                self._score(cue, may_negate, may_hedge, reach)
                reach = max(reach, cue.tok)

    def _role_follows(self, tok: int, role: str) -> bool:
        """Whether a mention in ``role`` follows within the clause: the verbs that are cues only
        then ("lanzó cientos de drones contra Israel", "se reunió el lunes en París con Macron")."""
        lo, hi = self.clause_bounds(tok)
        return any(self.governor(mi) == role for mi in self.mentions_between(tok, min(hi, tok + 15)))

    def _add_break(self, at: int, kind: str) -> None:
        if 0 < at <= len(self.toks) and at not in self.break_type:
            self.breaks.append(at)
            self.break_type[at] = kind

    def clause_bounds(self, tok: int) -> tuple[int, int]:
        index = bisect.bisect_right(self.breaks, tok) - 1
        lo = self.breaks[index]
        hi = self.breaks[index + 1] if index + 1 < len(self.breaks) else len(self.toks)
        return lo, hi

    def region_bounds(self, cue_or_tok) -> tuple[int, int]:
        tok = cue_or_tok if isinstance(cue_or_tok, int) else cue_or_tok.tok
        for lo, hi, _ in self.region_toks:
            if lo <= tok < hi:
                return lo, hi
        # outside speech: the part of the sentence between speech regions
        lo, hi = 0, len(self.toks)
        for r_lo, r_hi, _ in self.region_toks:
            if r_hi <= tok:
                lo = max(lo, r_hi)
            elif r_lo > tok:
                hi = min(hi, r_lo)
        return lo, hi

    # ------------------------------------------------------------- cue reading
    def _classify(self, cue: _Cue) -> None:
        lx, toks, pos = self.lx, self.toks, cue.form.pos
        before = toks[cue.tok - 1] if cue.tok > 0 else ""
        after_mention = self.m_at.get(cue.tok - 1)
        verb_like = pos & {"v", "c", "i"}
        noun_like = "n" in pos
        if pos == {"a"}:
            cue.nominal = cue.adjective = True
        elif "p" in pos and before in lx.auxiliaries:
            cue.nominal = False  # "ha condenado", "has condemned"
        elif "p" in pos and self._passive_agent(cue):
            cue.passive = self._passive_agent(cue)
            cue.passive_aux = before in lx.passive_auxiliaries or (
                cue.tok > 1 and toks[cue.tok - 2] in lx.passive_auxiliaries)
            cue.nominal = not cue.passive_aux
        elif pos == {"p"}:
            cue.nominal = True  # an adjectival participle: "las zonas ocupadas"
        elif noun_like and not verb_like:
            cue.nominal = True
        elif noun_like and verb_like:
            nominal_context = before in lx.determiners or before in lx.prepositions or before in lx.possessives
            if lx.verb_markers:
                # English: "aid", "attack", "support" are verbs only after a subject, a modal,
                # "to" or "not"; elsewhere ("received aid", "launched attacks") they are nouns
                subject_before = after_mention is not None and (
                    not cue.form.text.split()[0] == cue.form.lemma.split()[0].lower()  # "attacks", "backed"
                    or len(self.coordinated(after_mention)) > 1)  # "Russia and China support"
                nominal_context = not (before in lx.verb_markers or subject_before or before.endswith("ly"))
            if after_mention is not None and self.mentions[after_mention].method == "demonym":
                nominal_context = True  # "Russian attacks", "North Korean support"
            if before in lx.auxiliaries and self.doc.language == "es":
                nominal_context = False
            cue.nominal = nominal_context
        else:
            cue.nominal = False

    def _passive_agent(self, cue: _Cue) -> list[int]:
        toks = self.toks
        j = cue.tok_end
        limit = min(len(toks), cue.tok_end + 3)
        while j < limit and toks[j] not in self.lx.prepositions:
            j += 1
        if j >= limit or self.lx.prepositions.get(toks[j]) != "agent":
            return []
        k = j + 1
        while k < len(toks) and toks[k] in self.lx.determiners:
            k += 1
        if toks[j] == "por" and k + 1 < len(toks) and toks[k] == "parte" and toks[k + 1] in ("de", "del"):
            k += 2
            while k < len(toks) and toks[k] in self.lx.determiners:
                k += 1
        mi = self.m_at.get(k)
        return self.coordinated(mi) if mi is not None else []

    def _score(self, cue: _Cue, may_negate: bool = True, may_hedge: bool = True, reach: int = 0) -> None:
        """The cue's polarity and score; ``may_negate``/``may_hedge`` False when the sentence has
        no token that begins a negator/hedge.

        A negator or hedge belongs to the nearest cue after it: one that ends before ``reach``,
        where the cue before starts, is that cue's. "India no condenó la invasión rusa de
        Ucrania" denies the condemnation, not the invasion, which stays an attack; "se negó a
        condenar" still negates "condenar", although "negó" is a cue of its own."""
        lx, toks = self.lx, self.toks
        lo = cue.clause[0]
        subject = bisect.bisect_left(self.m_first, cue.tok) - 1  # the last mention before the cue
        if subject >= 0:
            # a mention between a negator and the cue starts another predicate: "Germany does
            # not want Russia to attack Poland" does not deny the attack
            reach = max(reach, self.m_first[subject] + 1)
        scoring = self.doc.scoring
        factor = 1.0
        denied = cue.region is not None and cue.region.verb is not None \
            and cue.region.verb.form.text in lx.negator_words  # "Irán negó que haya suministrado..."
        if denied or (may_negate and _before(toks, lo, cue.tok, lx.negator_index, lx.negation_window,
                                             lx.exception_index, reach)):
            factor *= scoring["negation"]  # Spanish negative concord: "no ... ningún" is one negation
            cue.negated = True
        if may_hedge:
            hedges = _before(toks, lo, cue.tok, lx.hedge_index, lx.hedge_window, reach=reach)
            if hedges:
                factor *= min(lx.hedges[h] for h in hedges)
        if "c" in cue.form.pos and not cue.nominal and self.doc.language == "es":
            factor *= scoring["conditional"]
        cue.factor = factor
        cue.polarity = cue.sign * (-1 if cue.negated else 1)
        # Clamped and rounded as in stances.csv, once per cue rather than once per stance.
        cue.score = round(max(-1.0, min(1.0, cue.form.strength * cue.sign * factor)), 4)

    # ------------------------------------------------------------- mentions and roles
    def coordinated(self, mi: int) -> list[int]:
        """The mention and those coordinated with it ("Corea del Norte y Rusia", "X, Y e Z")."""
        group = self.coord_memo.get(mi)
        if group is None:
            group = self.coord_memo[mi] = self._coordinated(mi)
        return list(group)

    def _coordinated(self, mi: int) -> list[int]:
        group = [mi]
        j = mi
        while j > 0 and self._linked(j - 1):
            group.insert(0, j - 1)
            j -= 1
        j = mi
        while j + 1 < len(self.mentions) and self._linked(j):
            group.append(j + 1)
            j += 1
        return group

    def _linked(self, mi: int) -> bool:
        """Is mention ``mi`` coordinated with the next one? A bare comma only counts inside a
        list ("Japón, Corea del Sur y ..."), not before a new subject ("en Ucrania, Estados
        Unidos quiere")."""
        lx, toks = self.lx, self.toks
        between = toks[self.m_last[mi] + 1:self.m_first[mi + 1]]
        if not between or not lx.link_words.issuperset(between):
            return False
        if not lx.link_markers.isdisjoint(between):
            return True
        after = self.m_last[mi + 1] + 1
        if after < len(toks) and toks[after] in lx.coordinators:
            return True
        if after < len(toks) and toks[after] == "," and mi + 2 < len(self.mentions) \
                and self.m_first[mi + 2] == after + 1:
            return self._linked(mi + 1)
        return False


    def governor(self, mi: int) -> str | None:
        """The role of the preposition that governs a mention; None for a subject or object.

        A conjunct takes the role of the first one: "para Japón, Corea del Sur y ..." are all
        governed by "para".
        """
        role = self.gov_memo.get(mi, _UNKNOWN)
        if role is _UNKNOWN:
            group = self.coordinated(mi)
            head = group[0]
            mention = self.mentions[head]
            role = self._governor_at(self.m_first[head], mention.method == "demonym")
            for member in group:
                self.gov_memo[member] = role
            role = self.gov_memo[mi]
        return role

    def _governor_at(self, tok: int, demonym: bool, depth: int = 0) -> str | None:
        lx, toks = self.lx, self.toks
        j = tok - 1
        skipped = 0
        while j >= 0:
            t = toks[j]
            if t in lx.determiners_titles:
                j -= 1
                continue
            if demonym and skipped < 2 and t.isalpha() and t not in lx.prepositions and j not in self.m_at \
                    and t not in lx.coordinators and t not in lx.break_words:
                skipped += 1  # the noun a demonym modifies: "contra el ejército ruso", "la región fronteriza rusa"
                j -= 1
                continue
            break
        if j > 0 and toks[j] == "," and j == tok - 1 and depth == 0:
            role = self._title_apposition(j)
            if role is not None:
                return role
        if j < 0:
            return None
        for sequence in lx.attribution_by_last.get(toks[j], ()):
            n = len(sequence)
            if j + 1 >= n and tuple(toks[j - n + 1:j + 1]) == sequence:
                return "source"  # "según X", "according to X"
        role = lx.prepositions.get(toks[j])
        if role is not None and j > 0 and lx.prepositions.get(toks[j - 1]) in ("against", "partner", "beneficiary") \
                and toks[j - 1] != toks[j]:
            return lx.prepositions[toks[j - 1]]  # "frente a X", "junto a X", "a favor de X", "en contra de X"
        if role == "genitive" and depth < 2:
            if j >= 2 and toks[j - 1] == "parte" and toks[j - 2] == "por":
                return "agent"
            k = j - 1
            while k >= 0 and toks[k] in lx.determiners:
                k -= 1
            # skip one modifier between the institution and "de": "el Ministerio ruso de Defensa"
            for k2 in (k, k - 1, k - 2):
                if 0 <= k2 and (toks[k2] in lx.institution_nouns or toks[k2] in lx.place_nouns):
                    return self._governor_at(k2, False, depth + 1)
        return role

    def _title_apposition(self, comma: int) -> str | None:
        """The role of the preposition before a title that a name after ``comma`` stands in
        apposition to: "recibió al presidente ruso, Vladimir Putin" (object), "con su homólogo
        brasileño, Lula" (partner). None when no title comes before the comma."""
        lx, toks = self.lx, self.toks
        j, title = comma - 1, False
        while j >= 0 and comma - j <= 6:
            t = toks[j]
            if t in lx.titles:
                title = True
            elif lx.prepositions.get(t) == "genitive" and j > 0 and toks[j - 1] in lx.titles:
                pass  # inside the title: "ministro de Exteriores", "secretario de Estado"
            elif t in lx.prepositions:
                return lx.prepositions[t] if title else None
            elif not (t in lx.determiners or t in lx.possessives or t.isalpha() and j not in self.m_at):
                return None
            j -= 1
        return None

    def capable(self, mi: int) -> bool:
        return self.governor(mi) is None

    def mentions_between(self, lo: int, hi: int) -> range:
        return range(bisect.bisect_left(self.m_first, lo), bisect.bisect_left(self.m_first, hi))

    def subject(self, tok: int, lo: int, exclude: frozenset = frozenset()) -> tuple[str, list[int]]:
        """The subject before token ``tok`` (walking back to ``lo``), by comma segments.

        Returns (status, mentions): found | speaker (first person) | prodrop (nothing but
        fillers and adjuncts) | title | pronoun | blocked (a non-actor subject such as
        "muchos observadores").
        """
        lx, toks, commas = self.lx, self.toks, self.commas
        m_first, m_last, governor = self.m_first, self.m_last, self.governor
        hi = tok
        while hi > lo:
            last_comma = bisect.bisect_left(commas, hi) - 1  # the comma that opens the segment, if any
            j = commas[last_comma] if last_comma >= 0 and commas[last_comma] >= lo else lo - 1
            seg_lo = j + 1
            if j >= lo and seg_lo < hi and toks[seg_lo] in lx.relative_pronouns:
                hi = j  # ", que visitó Moscú,": a relative clause inside the subject's clause
                continue
            candidates = [mi for mi in self.mentions_between(seg_lo, hi) if mi not in exclude and m_last[mi] < tok]
            capable = [mi for mi in candidates if governor(mi) is None or self._after_complementizer(mi)]
            if capable:
                nearest = max(capable, key=m_first.__getitem__)
                return "found", [m for m in self.coordinated(nearest)
                                 if m not in exclude and (governor(m) is None or m == nearest)]
            words = list(itertools.compress(toks[seg_lo:hi], self.plain[seg_lo:hi]))
            if not lx.first_person.isdisjoint(words) and lx.speaker_words.issuperset(words):
                return "speaker", [_SPEAKER]
            if lx.empty_words.issuperset(words):
                hi = j if j >= lo else lo
                continue
            first = words[0] if words else ""
            if first in lx.prepositions or first in lx.relative_pronouns or candidates:
                hi = j if j >= lo else lo  # an adjunct or a parenthetical: look further back
                continue
            content = [t for t in words if t not in lx.fillers]
            if tuple(content) in lx.pronouns or (content and lx.pronoun_words.issuperset(content)):
                return "pronoun", []
            if content and lx.title_words.issuperset(content):
                return "title", []
            if j >= lo:
                appositive = self._appositive(lo, j, tok, exclude)
                if appositive:
                    return "found", appositive
            return "blocked", []
        return "prodrop", []

    def _appositive(self, lo: int, comma: int, tok: int, exclude: frozenset) -> list[int]:
        """The actor of a comma segment that holds nothing else, before ``comma``: the subject
        of a predicate that follows it ("El canciller alemán, Olaf Scholz, prometió más ayuda")."""
        before = bisect.bisect_left(self.commas, comma) - 1
        seg_lo = self.commas[before] + 1 if before >= 0 and self.commas[before] >= lo else lo
        inside = [mi for mi in self.mentions_between(seg_lo, comma)
                  if mi not in exclude and self.m_last[mi] < tok and self.governor(mi) is None]
        words = itertools.compress(self.toks[seg_lo:comma], self.plain[seg_lo:comma])
        if not inside or not self.lx.determiners.issuperset(words):
            return []
        return [m for m in self.coordinated(inside[-1]) if m not in exclude]

    def _after_complementizer(self, mi: int) -> bool:
        first = self.m_first[mi]
        j = first - 1
        while j >= 0 and self.toks[j] in self.lx.determiners:
            j -= 1
        return j >= 0 and self.toks[j] in self.lx.complementizers and self.governor(mi) is None


def _sequence_scan(sequences: Iterable[tuple[str, ...]]) -> re.Pattern:
    """A regex that finds, in a stretch of folded text, every place where one of the token
    ``sequences`` could be in ``_TOKEN.findall`` over that stretch (and a few more places: it
    is a cheap test before tokenizing). Tokens are separated by spaces or by nothing; a
    sequence that begins (ends) with a word character has none just before (after) it."""
    bounded, free = [], []
    for sequence in sorted(set(sequences), key=lambda q: (-len(" ".join(q)), q)):
        body = r"\s*".join(map(re.escape, sequence))
        if re.match(r"\w", sequence[0]) and re.search(r"\w$", sequence[-1]):
            bounded.append(body)
        else:
            before = r"(?<!\w)" if re.match(r"\w", sequence[0]) else ""
            after = r"(?!\w)" if re.search(r"\w$", sequence[-1]) else ""
            free.append(before + body + after)
    alternatives = [r"(?<!\w)(?:%s)(?!\w)" % "|".join(bounded)] if bounded else []
    return re.compile("|".join(alternatives + free) or "(?!)")


def _break_rules(breaks: Mapping[str, list], relative_pronouns: frozenset) -> dict[str, tuple]:
    """Per first token, the clause breaks that begin with it: (tokens as a list, where the new
    clause starts relative to the first token, the kind of break)."""
    rules = {}
    for first, sequences in breaks.items():
        out = []
        for sequence in sequences:
            if len(sequence) == 1 and sequence[0] in ";:?!":
                out.append((list(sequence), 1, "punct"))
            elif sequence[0] == ",":
                out.append((list(sequence), 1, "relative" if sequence[-1] in relative_pronouns else "conj"))
            else:
                out.append((list(sequence), 0, "conj"))
        rules[first] = tuple(out)
    return rules


def _break_rules_by_next(rules: Mapping[str, tuple]) -> dict[str, tuple[dict, tuple]]:
    """``rules`` (see ``_break_rules``) narrowed by the token after the first one: per first token,
    (next token -> the rules that may match there, the rules that need no next token), each in
    the order of ``rules``. "," and "de" are frequent and "," opens a dozen rules: this spares
    trying them all at every comma."""
    narrowed = {}
    for first, first_rules in rules.items():
        singles = tuple(rule for rule in first_rules if len(rule[0]) == 1)
        by_next = {}
        for words, _, _ in first_rules:
            if len(words) > 1 and words[1] not in by_next:
                by_next[words[1]] = tuple(rule for rule in first_rules if len(rule[0]) == 1 or rule[0][1] == words[1])
        narrowed[first] = (by_next, singles)
    return narrowed


def _index(sequences: Iterable[tuple[str, ...]]) -> dict[str, list[tuple[str, ...]]]:
    index: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for sequence in sequences:
        index[sequence[0]].append(sequence)
    return dict(index)


def _index_by_last(sequences: Iterable[tuple[str, ...]]) -> dict[str, list[tuple[str, ...]]]:
    index: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for sequence in sequences:
        index[sequence[-1]].append(sequence)
    return dict(index)


_SCOPE_ENDS = frozenset({",", ";", ":", "que", "that"})  # what negators and hedges do not reach across


def _before(toks: Sequence[str], lo: int, tok: int, index: Mapping[str, list], window: int,
            exceptions: Mapping[str, list] | None = None, reach: int = 0) -> list[tuple[str, ...]]:
    """The sequences of ``index`` that end at most ``window`` tokens before ``tok`` and after
    token ``reach``, after the last comma or complementizer and not inside an exception ("no
    sólo", "sin embargo"). A negated main verb does not turn the act of its "que" clause into
    its opposite: "Alemania no quiere que Rusia ataque a Polonia" is no friendly attack."""
    first = max(lo, tok - window - 4)
    if index.keys().isdisjoint(toks[first:tok]):
        return []  # the common case, decided in C
    found = []
    for i in range(first, tok):
        candidates = index.get(toks[i])
        if toks[i] in _SCOPE_ENDS:
            found.clear()
            continue
        if not candidates:
            continue
        for sequence in candidates:
            n = len(sequence)
            if i + n > tok or i + n <= reach or tok - (i + n) > window or tuple(toks[i:i + n]) != sequence:
                continue
            if exceptions and any(tuple(toks[i:i + len(e)]) == e for e in exceptions.get(toks[i], ())):
                continue
            found.append(sequence)
    return found


# =============================================================================== the document


class _Document:
    def __init__(self, text: str, language: str, sentences: Sequence[Span], mentions: Sequence[Mention],
                 lexicon: StanceLexicon) -> None:
        self.text = text
        self.language = language
        self.lexicon = lexicon.language(language)
        self.folded, hits = _folded_hits(text, self.lexicon)
        self.sentences = list(sentences)
        self.starts = [s.start for s in self.sentences]
        self.lx = self.lexicon
        self.kinds = lexicon.kinds
        self.scoring = lexicon.scoring
        # ``sentence_of`` inlined: thousands of mentions and hits per article
        starts, after = self.starts, bisect.bisect_right
        self.mentions_by_sentence: dict[int, list[Mention]] = defaultdict(list)
        for mention in mentions:
            self.mentions_by_sentence[max(after(starts, mention.start) - 1, 0)].append(mention)
        self.hits_by_sentence: dict[int, list[_Hit]] = defaultdict(list)
        # the same hits narrowed to what ``attribute`` and ``extract_stances`` look for
        self.reporting_by_sentence: dict[int, list[_Hit]] = defaultdict(list)  # reporting verbs, "según"
        self.cue_sentences: set[int] = set()  # sentences with a stance cue
        for hit in hits:
            index = max(after(starts, hit.start) - 1, 0)
            self.hits_by_sentence[index].append(hit)
            form = hit.form
            if form.report or form.according:
                self.reporting_by_sentence[index].append(hit)
            if form.kind:
                self.cue_sentences.add(index)
        self.views: dict[int, _View] = {}
        self.bare_views: dict[int, _View] = {}
        self.speeches_by_sentence: dict[int, list[_Speech]] = defaultdict(list)
        self.stems_memo: dict[int, set[str]] = {}

    def close(self) -> None:
        """Drop the sentence views once the article is read.

        Each view points back at its document, so the document, its views, their tokens and
        cues form a reference cycle that reference counting cannot free: every article left
        about 850 objects for the cyclic garbage collector to find (on 200 benchmark articles,
        245 young and 23 middle-generation collections instead of 147 and 13). Without the
        views, the rest is freed as soon as the article is done.
        """
        self.views.clear()
        self.bare_views.clear()

    def sentence_of(self, offset: int) -> int:
        after = bisect.bisect_right(self.starts, offset)
        return after - 1 if after else 0

    def view(self, index: int) -> _View:
        view = self.views.get(index)
        if view is None:
            view = _View(self, index, self._bare_view(index))
            view.build(self.hits_by_sentence.get(index, ()), self.speeches_by_sentence.get(index, ()))
            self.views[index] = view
        return view

    # ------------------------------------------------------------- attribution of speech
    def attribute(self) -> None:
        quotes = [q for q in _find_quotes(self.text) if _count_tokens(self.text, q.start + 1, q.end, 4) >= 4]
        quote_sentences = [self.sentence_of(q.start) for q in quotes]
        last_speaker: tuple[Mention, int] | None = None
        quote_index = 0
        used_verbs: set[int] = set()
        # Only sentences where a quote starts or that hold a reporting verb have anything to do
        for index in sorted({*quote_sentences, *self.reporting_by_sentence}):
            while quote_index < len(quotes) and quote_sentences[quote_index] == index:
                q = quotes[quote_index]
                quote_index += 1
                found = self._attribute_quote(q, last_speaker, used_verbs)
                if found:
                    last_speaker = (found.speaker, found.attribution)
            for hit in self.reporting_by_sentence.get(index, ()):
                if hit.start not in used_verbs:
                    if any(q.start < hit.start < q.end for q in quotes):
                        continue
                    if any(sp.start <= hit.start < sp.end for sp in self.speeches_by_sentence.get(index, ())):
                        continue  # a verb inside reported speech does not open speech of its own
                    if not self._may_introduce(hit):
                        continue
                    found = self._attribute_reported(index, hit, last_speaker)
                    if found:
                        used_verbs.add(hit.start)
                        last_speaker = (found.speaker, found.attribution)

    def _may_introduce(self, hit: _Hit) -> bool:
        """A cheap look at the text around a reporting verb before reading the sentence."""
        if hit.form.according or self.lx.intro_pattern.match(self.folded, hit.end, hit.end + 80):
            return True
        if self.folded[max(0, hit.start - 3):hit.start].rstrip().endswith(","):
            return True  # "..., dijo Rutte."
        return self.language == "en" and not hit.form.kind

    def _register(self, speech: _Speech) -> None:
        for s in range(speech.first, speech.last + 1):
            self.speeches_by_sentence[s].append(speech)

    def _fallback_speaker(self, index: int, last_speaker) -> Mention | None:
        if last_speaker and 0 <= index - last_speaker[1] <= 2:
            return last_speaker[0]
        if index > 0:
            people = {m.actor_id: m for m in self.mentions_by_sentence.get(index - 1, ()) if m.actor_type == "person"}
            if len(people) == 1:
                return next(iter(people.values()))
        return None

    def _speaker_of(self, view: _View, hit: _Hit, last_speaker, *, lo_tok: int = 0, postposed_first: bool = False) -> Mention | None:
        lx, toks = self.lx, view.toks
        tok = view.tok_index(hit.start)
        tok_end = bisect.bisect_left(view.tok_s, hit.end)
        if hit.form.according:
            limit = min(len(toks), tok_end + 9)
            found = []
            for mi in view.mentions_between(tok_end, limit):
                between = [t for i, t in enumerate(toks[tok_end:view.m_first[mi]], tok_end) if i not in view.m_at]
                # "según el ministro de Exteriores, Lavrov,": titles and commas may come first
                if view.governor(mi) in (None, "source") and all(
                        t in lx.titles or t in lx.determiners or t in lx.institution_nouns or t in (",", "de", "del")
                        or t[:1].isupper() for t in between):
                    found.append(mi)
            if not found:
                return None
            people = [mi for mi in found if view.mentions[mi].actor_type == "person"]
            return view.mentions[(people or found)[0]]

        def after() -> Mention | None:
            limit = min(len(toks), tok_end + 7)
            stops = {",", ".", ":", ";", "«", "“", '"'} | lx.complementizers
            j = tok_end
            found = []
            while j < limit and toks[j] not in stops:
                mi = view.m_at.get(j)
                if mi is not None and view.governor(mi) is None:
                    found.append(mi)
                j += 1
            people = [mi for mi in found if view.mentions[mi].actor_type == "person"]
            return view.mentions[(people or found)[0]] if found else None

        if postposed_first:
            mention = after()
            if mention:
                return mention
        status, found = view.subject(tok, lo_tok)
        if status == "found":
            people = [mi for mi in found if view.mentions[mi].actor_type == "person"]
            return view.mentions[(people or found)[-1]]
        if not postposed_first and status == "prodrop" and self.language != "en":
            mention = after()  # "dijo el ministro Lavrov que ..." (English inverts only after a quote)
            if mention:
                return mention
        if status in ("prodrop", "title", "pronoun"):
            return self._fallback_speaker(view.index, last_speaker)
        return None

    def _attribute_quote(self, q: Span, last_speaker, used_verbs: set[int]) -> _Speech | None:
        first = self.sentence_of(q.start)
        last = self.sentence_of(max(q.end - 1, q.start))
        before = [h for h in self.hits_by_sentence.get(first, ())
                  if (h.form.report or h.form.according) and h.end <= q.start]
        speaker = verb = None
        at_start = not self.folded[self.sentences[first].start:q.start].strip(" ,.:;-—")
        close_sentence = self.sentence_of(min(q.end, len(self.text) - 1))
        after_hits = [h for h in self.hits_by_sentence.get(close_sentence, ())
                      if h.form.report and h.start >= q.end
                      and _count_tokens(self.folded, q.end + 1, h.start, 5) <= 4
                      and not re.search(r"[.;!?]", self.folded[q.end + 1:h.start])]
        attribution = first
        if before and not at_start:
            verb = before[-1]
            speaker = self._speaker_of(self._bare_view(first), verb, last_speaker)
        if speaker is None and after_hits:
            verb = after_hits[0]
            tail = self._bare_view(close_sentence)
            lo = tail.tok_index(q.end) + 1 if q.end < tail.end else 0
            speaker = self._speaker_of(tail, verb, last_speaker, lo_tok=lo, postposed_first=True)
            attribution = close_sentence
        if speaker is None:
            colon = re.search(r"(\S)\s*:\s*$", self.text[self.sentences[first].start:q.start])
            if colon:
                end = self.sentences[first].start + colon.end(1)
                for mention in self.mentions_by_sentence.get(first, ()):
                    if mention.end == end:
                        speaker, verb = mention, None
        if speaker is None:
            return None
        if verb is not None:
            used_verbs.add(verb.start)
        start = q.start + 1
        if verb is not None and verb.end <= q.start and not re.search(r"[«“„\"]", self.text[verb.end:q.start]):
            between = _TOKEN.findall(self.folded, verb.end, q.start)
            if any(t in self.lx.complementizers for t in between[:6]):
                start = verb.end  # "advirtió que los intercambios ... representaban “una amenaza...”"
        introduced = verb is not None and (start == verb.end or verb.start >= q.end)
        speech = _Speech(speaker=speaker, attribution=attribution, first=min(first, attribution),
                         last=max(last, attribution), start=start, end=q.end, verb=verb, introduced=introduced)
        speech.topic = self._topic(speech)
        self._register(speech)
        return speech

    def _attribute_reported(self, index: int, hit: _Hit, last_speaker) -> _Speech | None:
        """Reported speech without quotes: "X dijo que ...", "según X, ...", "..., dijo X"."""
        # (a verb that needs a role, "talk", "lanzar", is no cue yet: "The Kremlin said Beijing
        # and Washington must talk" attributes nothing)
        if not any(c.start > hit.end or c.end < hit.start for c in self.hits_by_sentence.get(index, ())
                   if c.form.kind and not c.form.needs):
            return None  # nothing to attribute
        view = self._bare_view(index)
        lx, toks = self.lx, view.toks
        tok = view.tok_index(hit.start)
        tok_end = bisect.bisect_left(view.tok_s, hit.end)
        speaker = self._speaker_of(view, hit, last_speaker)
        if speaker is None:
            return None
        sentence = self.sentences[index]
        if hit.form.according:
            comma = None
            for j in range(tok_end, len(toks)):
                if toks[j] == ",":
                    comma = j
                    break
            if tok <= 1 and comma is not None and comma + 1 < len(toks):
                start, end = view.tok_s[comma + 1], sentence.end
            elif tok > 1:
                start, end = sentence.start, view.tok_s[tok]
            else:
                return None
        else:
            start = None
            for j in range(tok_end, min(len(toks), tok_end + 6)):
                if toks[j] in lx.complementizers:
                    start = view.tok_e[j]
                    break
                if toks[j] in ".;":
                    break
            if start is None and self.language == "en" and not hit.form.kind and tok_end < len(toks) \
                    and toks[tok_end] not in lx.prepositions and toks[tok_end] not in ",.;:" \
                    and view.subject(tok, 0)[0] in ("found", "pronoun", "title"):
                start = view.tok_s[tok_end]  # English drops "that": "Rutte said China must..."
            if start is None:
                rest = toks[tok_end:]
                objects = any(lx.prepositions.get(t) in ("object", "partner", "beneficiary") for t in rest)
                comma = view.tok_s[tok - 1] if tok > 0 else 0
                said = any(h.end <= comma and h.form.kind and not h.form.needs for h in self.hits_by_sentence.get(index, ()))
                # (something must be said before the comma: "Israel atacará a Irán, advirtió
                # Netanyahu"; "El presidente turco, Erdogan, criticó ..." only names the subject)
                if tok > 0 and toks[tok - 1] == "," and len(rest) <= 8 and not objects and said:
                    # "..., dijo Rutte.": the speaker is named after the verb (or in a sentence
                    # before); not "Maduro, que ha sido acusado de ..., denunció una conspiración",
                    # where what the commas hold describes the subject
                    speaker = self._speaker_of(view, hit, last_speaker, postposed_first=True)
                    if speaker is None or sentence.start <= speaker.start < hit.start:
                        return None
                    start, end = sentence.start, view.tok_s[tok - 1]
                else:
                    return None
            else:
                end = sentence.end
        if end <= start:
            return None
        speech = _Speech(speaker=speaker, attribution=index, first=index, last=index, start=start, end=end, verb=hit,
                         introduced=True)
        speech.topic = self._topic(speech)
        self._register(speech)
        return speech

    def _bare_view(self, index: int) -> _View:
        """A view without speech regions or cues, for attribution (before regions are known)."""
        view = self.bare_views.get(index)
        if view is None:
            view = self.bare_views[index] = _View(self, index)
        return view

    def _topic(self, speech: _Speech) -> tuple[int, int] | None:
        """The reported clause's subject: from its start to the first comma, quote or cue."""
        folded = self.folded
        start = speech.start
        while True:
            while start < speech.end and folded[start] in " «“\"„:":
                start += 1
            word = re.match(r"\w+", folded[start:start + 20])
            if word and word.group() in self.lx.complementizers:
                start += word.end()
                continue
            break
        end = min(speech.end, self.sentences[self.sentence_of(start)].end)
        match = re.compile(r"[,;:.«»“”\"]").search(folded, start, end)
        if match:
            end = match.start()
        words = list(re.finditer(r"\w+", folded[start:end]))[:8]
        if not words:
            return None
        return (start, start + words[-1].end())

    # ------------------------------------------------------------- participants of a sentence
    def participants(self, index: int, side: frozenset, *, all_actors: bool) -> list[Mention]:
        """Actors that take part in the events of a sentence (for quotes about it)."""
        if index < 0:
            return []
        view = self.view(index)
        found: list[Mention] = []
        for cue in view.cues:
            if cue.introduces:
                continue
            for mi in _participants(view, cue):
                if mi != _SPEAKER:
                    found.append(view.mentions[mi])
        out = _unique(m for m in found if not _on_side(m, side))
        if not out and all_actors:
            out = _unique(m for i, m in enumerate(view.mentions) if view.governor(i) != "source" and not _on_side(m, side))
        return out

    def topic_antecedent(self, speech: _Speech, cue_sentence: int, side: frozenset) -> list[Mention]:
        """What an agentless negative cue in a quote is about (see the module docstring)."""
        lx = self.lx
        if speech.topic and self.sentence_of(speech.topic[0]) == cue_sentence:
            t_start, t_end = speech.topic
            view = self._bare_view(cue_sentence)
            inside = [m for i, m in enumerate(view.mentions)
                      if t_start <= m.start < t_end and not _on_side(m, side) and view.governor(i) is None]
            if inside:
                return inside  # "the Russian attack on Kyiv": Russia, not Kyiv
            words = _TOKEN.findall(self.folded, t_start, t_end)
            if words and words[0] not in lx.anaphors:
                stems = {_stem(w) for w in words if w.isalpha() and len(w) >= 4
                         and w not in lx.stopwords and w not in lx.anaphors}
                if stems:
                    return self._lexical_antecedent(speech.first, stems, side)
        first = min(speech.first, cue_sentence)
        return self.participants(first - 1, side, all_actors=False) if cue_sentence == speech.first else \
            self.participants(cue_sentence - 1, side, all_actors=False)

    def _stems(self, index: int) -> set[str]:
        stems = self.stems_memo.get(index)
        if stems is None:
            span = self.sentences[index]
            stems = self.stems_memo[index] = {
                _stem(w) for w in _TOKEN.findall(self.folded, span.start, span.end) if w.isalpha()
            }
        return stems

    def _lexical_antecedent(self, before: int, stems: set[str], side: frozenset) -> list[Mention]:
        need = min(2, len(stems))
        best, best_score = None, 0
        for index in range(before - 1, max(before - 11, -1), -1):
            if not self.mentions_by_sentence.get(index):
                continue
            score = len(stems & self._stems(index))
            if score >= need and score > best_score:
                best, best_score = index, score
        if best is None:
            return []
        return self.participants(best, side, all_actors=True)


def _unique(mentions: Iterable[Mention]) -> list[Mention]:
    return list({m.actor_id: m for m in reversed(list(mentions))}.values())[::-1]


def _stem(word: str) -> str:
    if word.endswith("es") and len(word) > 4 and word[-3] not in _VOWELS:
        word = word[:-2]
    elif word.endswith("s") and len(word) > 3:
        word = word[:-1]
    return word[:6]


def _on_side(mention: Mention, side: frozenset) -> bool:
    return mention.actor_id in side or bool(mention.affiliation and mention.affiliation in side)


# =============================================================================== roles of a cue


def _agents(view: _View, cue: _Cue) -> list[int]:
    """Mention indices acting in ``cue`` (``_SPEAKER`` for the speaker's first person)."""
    if cue.agents_memo is not None:
        return cue.agents_memo
    cue.agents_memo = []  # guards against cycles
    lx, toks = view.lx, view.toks
    region_lo, region_hi = cue.region_span
    lo, hi = cue.clause
    lo = max(lo, region_lo)
    agents: list[int] = []
    if cue.passive:
        agents = list(cue.passive)
    elif cue.nominal:
        agents = _own_agents(view, cue)
        possessive = cue.tok > 0 and toks[cue.tok - 1] in lx.possessives
        first_person = cue.tok > 0 and toks[cue.tok - 1] in lx.first_person
        if first_person and not agents:
            agents = [_SPEAKER]
        elif not agents and possessive:
            # "su invasión", "its support": the possessor is the last actor named before
            before = [mi for mi in view.mentions_between(lo, cue.tok) if view.governor(mi) not in ("source", "agent")]
            agents = view.coordinated(before[-1]) if before else _clause_subject(view, cue, lo)
        elif not agents and not cue.adjective and not _nested(view, cue) and not _between_after(view, cue):
            agents = _clause_subject(view, cue, lo)
    else:
        controller = _controlled_at(view, cue.tok - 1)
        agents = view.coordinated(controller) if controller is not None else _clause_subject(view, cue, lo)
    cue.agents_memo = agents
    return agents


def _own_agents(view: _View, cue: _Cue) -> list[int]:
    """A noun's own agent: "el apoyo de X", "la invasión rusa", "Russia's aggression", "by X"."""
    lx, toks = view.lx, view.toks
    n = len(toks)
    inside = [mi for mi in view.mentions_between(cue.tok, cue.tok_end) if view.mentions[mi].method == "demonym"]
    if inside:
        return inside  # a cue phrase that holds its own agent: "Russian aggression"
    passive = _agent_phrase(view, cue)
    if passive:
        return passive  # "las sanciones impuestas por Estados Unidos", "ataques por parte de Rusia"
    if cue.adjective:
        return []  # an adjective judges; whom it judges is found elsewhere
    if view.doc.language == "en":
        # "Russia's (brutal) invasion", "Russian (military) aid", "the Iran deal"
        j = cue.tok - 1
        adjective = j >= 0 and j not in view.m_at and toks[j] not in lx.determiners and toks[j] != "'s" \
            and toks[j].isalpha() and toks[j] not in lx.prepositions
        if adjective:
            j -= 1
        if j >= 0 and toks[j] == "'s":
            j -= 1
            if j in view.m_at:
                return view.coordinated(view.m_at[j])
        elif j in view.m_at and (not adjective or view.mentions[view.m_at[j]].method == "demonym"):
            return view.coordinated(view.m_at[j])
        for k in range(cue.tok_end, min(n, cue.tok_end + 3)):
            if toks[k] in ("by", "from"):
                m = k + 1
                while m < n and toks[m] in lx.determiners:
                    m += 1
                if m in view.m_at:
                    return view.coordinated(view.m_at[m])
                break
        return []
    # Spanish: a demonym right after the noun ("la invasión rusa", "el apoyo militar norcoreano")
    for k in (cue.tok_end, cue.tok_end + 1):
        mi = view.m_at.get(k)
        if mi is not None and view.mentions[mi].method == "demonym" and view.m_first[mi] == k:
            return [mi]
        if k < n and (toks[k] in lx.prepositions or k in view.m_at):
            break
    if cue.form.object_noun:
        # "la invasión de Ucrania por parte de Putin": "de X" is the target; the agent comes later
        for k in range(cue.tok_end, min(n, cue.tok_end + 8)):
            mi = view.m_at.get(k)
            if mi is not None and view.m_first[mi] == k and view.governor(mi) == "agent":
                return view.coordinated(mi)
        return []
    # "de X", or "de <noun> de X": "el despliegue de tropas de Corea del Norte"; an adjective
    # may come first: "el lanzamiento de misiles balísticos de Corea del Norte"
    k = cue.tok_end
    if k + 1 < n and k not in view.m_at and toks[k].isalpha() and toks[k] not in lx.prepositions \
            and lx.prepositions.get(toks[k + 1]) == "genitive":
        k += 1
    for _hop in range(2):
        if k >= n or lx.prepositions.get(toks[k]) != "genitive":
            return []
        k += 1
        while k < n and toks[k] in lx.determiners:
            k += 1
        if k in view.m_at and view.m_first[view.m_at[k]] == k:
            return view.coordinated(view.m_at[k])
        if k < n and toks[k].isalpha() and toks[k] not in lx.prepositions:
            k += 1  # the intermediate noun
        else:
            return []
    return []


def _next_cue(view: _View, cue: _Cue) -> _Cue | None:
    _, hi = cue.clause
    for other in view.cues:
        if other.tok >= cue.tok_end and other.tok < hi and not other.introduces:
            return other
    return None


def _governs(view: _View, outer: _Cue, inner: _Cue) -> bool:
    """Is ``inner`` the object of ``outer``? ("apoyo la invasión", "agradecimiento por el
    apoyo", "condenó el ataque"), not a coordinated act ("el despliegue ... y otras formas de
    ayuda"), not an adjunct ("antes de la visita") and not too far."""
    if _next_cue(view, outer) is not inner or inner.tok - outer.tok_end > 10:
        return False
    lx, toks = view.lx, view.toks
    for j in range(outer.tok_end, inner.tok):
        t = toks[j]
        if j in view.m_at:
            continue
        if lx.prepositions.get(t) in ("other", "source"):
            return False
        if t in lx.coordinators and (j + 1 == inner.tok or toks[j + 1] in lx.determiners):
            return False  # "el despliegue ... y otras formas de ayuda": two acts, not one inside the other
    j = inner.tok - 1
    while j > outer.tok_end and toks[j] in lx.determiners:
        j -= 1
    # "un acuerdo con la mediación de Qatar", "gracias al apoyo de Irán": the helper's act is
    # a circumstance of the outer one, and the helper no party to it
    return not (lx.prepositions.get(toks[j]) == "partner" or toks[j] in ("a", "al", "to") and toks[j - 1] in ("gracias", "thanks"))


def _agent_phrase(view: _View, cue: _Cue) -> list[int]:
    """A passive agent right after a noun: "impuestas por X", "por parte de X", "by X"."""
    toks = view.toks
    for k in range(cue.tok_end, min(len(toks), cue.tok_end + 6)):
        mi = view.m_at.get(k)
        if mi is not None:
            if view.m_first[mi] == k and view.governor(mi) == "agent":
                return view.coordinated(mi)
            return []
        if toks[k] in ",;:" or (toks[k] in view.lx.prepositions and view.lx.prepositions[toks[k]] != "agent"
                                 and toks[k] not in ("de", "del")):
            return []
    return []


def _between_after(view: _View, cue: _Cue) -> bool:
    """A symmetric noun followed by "entre X y Y" names its two sides: "la preocupación por el
    acercamiento entre Moscú y Pyongyang" is no rapprochement of the one worried."""
    if not cue.kind.symmetric:
        return False
    k = cue.tok_end
    while k < len(view.toks) and k not in view.m_at and view.toks[k] not in view.lx.prepositions and k < cue.tok_end + 2:
        k += 1  # an adjective: "el acercamiento militar entre ..."
    return k < len(view.toks) and view.lx.prepositions.get(view.toks[k]) == "between"


def _nested(view: _View, cue: _Cue) -> bool:
    """Is the cue the object of the cue before it? Then it cannot take the clause subject."""
    lo, _ = cue.clause
    return any(other is not cue and lo <= other.tok < cue.tok and not other.introduces and _governs(view, other, cue)
               for other in view.cues)


def _clause_subject(view: _View, cue: _Cue, lo: int) -> list[int]:
    """The subject of the cue's clause; a clause without one borrows it (pro-drop, relatives)."""
    controller = _object_control(view, cue, lo)
    if controller:
        return controller
    region_lo, _ = cue.region_span
    exclude = set()
    for other in view.cues:
        if other is not cue and other.tok < cue.tok and not other.nominal and other.patients_memo:
            exclude.update(mi for mi in other.patients_memo
                           if mi != _SPEAKER and view.governor(mi) is None and not view._after_complementizer(mi))
    status, found = view.subject(cue.tok, lo, frozenset(exclude))
    if status in ("found", "speaker"):
        return found
    if status != "prodrop":
        return []
    # pro-drop: walk back through the clauses of the same region
    tok = lo
    while tok > region_lo:
        kind = view.break_type.get(tok, "start")
        if kind in ("speech", "start", "punct", "speech-end"):
            return []
        prev_lo, _ = view.clause_bounds(tok - 1)
        prev_lo = max(prev_lo, region_lo)
        if kind == "relative":
            if view.toks[tok] not in _SUBJECT_RELATIVES:
                return []  # ", donde ...", ", cuando ...": the clause has its own subject
            j = tok - 2
            if j >= 0 and j in view.m_at:
                return [view.m_at[j]]  # the antecedent of "que"/"quien": "Kim, que visitó..."

        status, found = view.subject(tok, prev_lo, frozenset(exclude))
        if status in ("found", "speaker"):
            return found
        if status != "prodrop":
            return []
        tok = prev_lo
    return []


def _object_control(view: _View, cue: _Cue, lo: int) -> list[int]:
    """The object of the verb before acts in the infinitive after it: "instó a Israel a aceptar",
    "called on Israel to agree", "ayudar a Moscú a hacer retroceder"."""
    if cue.nominal or cue.tok < 2 or view.toks[cue.tok - 1] not in view.lx.control_markers:
        return []
    earlier = [c for c in view.cues if lo <= c.tok and c.tok_end < cue.tok and not c.nominal and not c.introduces]
    if not earlier:
        return []
    previous = earlier[-1]
    patients = [mi for mi in _patients(view, previous) if mi != _SPEAKER and view.m_last[mi] < cue.tok]
    if not patients or cue.tok - view.m_last[patients[-1]] > 2:
        return []
    return view.coordinated(patients[-1])


def _patients(view: _View, cue: _Cue) -> list[int]:
    """Mention indices acted upon by ``cue`` (see the module docstring for nesting)."""
    if cue.patients_memo is not None:
        return cue.patients_memo
    cue.patients_memo = []
    lx, toks = view.lx, view.toks
    _, region_hi = cue.region_span
    _, hi = cue.clause
    hi = min(hi, region_hi)
    agents = set(_agents(view, cue))
    nxt = _next_cue(view, cue)
    stop = nxt.tok if nxt and nxt.tok < hi else hi
    # "instó a Rusia a retirar sus tropas de Ucrania": what the object is to do is not the verb's
    controlled = next((k for k in range(cue.tok_end + 1, stop)
                       if toks[k] in _CONTROL_WORDS and _controlled_at(view, k) is not None), None)
    if controlled is not None:
        stop = controlled
    k = cue.tok_end
    if cue.kind.symmetric and not cue.nominal and k < stop and k not in view.m_at and (
            _infinitive(toks[k]) and toks[k] not in lx.determiners and toks[k] not in lx.fillers
            if view.doc.language == "es" else toks[k] == "to" and k + 1 < len(toks)
            and k + 1 not in view.m_at and toks[k + 1].isalpha() and toks[k + 1] not in lx.determiners):
        # "Alemania acordó aumentar su ayuda a Ucrania": what was agreed on is the infinitive's
        # act, and Ukraine no party to the agreement
        stop = k
        controlled = k
    following = nxt  # the next cue, whether or not it is our object
    if nxt is not None and (not _governs(view, cue, nxt) or controlled is not None or cue.form.needs):
        nxt = None  # (an act "contra X" acts on X alone: "disparó cohetes ... en solidaridad con Hamás")
    out: list[int] = []
    for mi in view.mentions_between(cue.tok_end, stop):
        if mi in agents:
            continue
        if view.m_first[mi] > cue.tok_end + 14:
            break
        if following is not None and not following.nominal and view.m_last[mi] + 1 == following.tok \
                and view.m_first[mi] > 0 and (toks[view.m_first[mi] - 1] == "," or toks[view.m_first[mi] - 1] in lx.coordinators):
            continue  # the next verb's subject: "Rusia atacó Kiev, Zelenski denunció el ataque"
        role = view.governor(mi)
        if role == "agent" and _authored(view, cue, mi):
            role = "genitive"  # "vetó la resolución presentada por Estados Unidos": its author
        if role in ("agent", "source", "other"):
            continue
        if role is None and cue.nominal and view.m_first[mi] > cue.tok_end + 2:
            continue  # a noun's target hangs from a preposition; a bare actor later is another verb's object
        if role == "location" and not cue.kind.material:
            continue
        if role == "against" and cue.sign > 0:
            continue  # "su asociación estratégica frente a Estados Unidos": the rival, not the partner
        if cue.form.needs and role != cue.form.needs:
            continue  # "Irán lanzó drones contra Israel" names its target; "lanzó drones a Rusia" does not
        out.append(mi)
    if cue.passive and cue.passive_aux:
        status, found = view.subject(cue.tok, cue.clause[0])
        if status == "found":
            out = [mi for mi in found if mi not in agents] + out
    elif cue.passive:
        out = _absorbed(view, cue) + out
    if nxt is not None:
        if nxt.passive and not nxt.passive_aux:
            if nxt.tok > 0 and toks[nxt.tok - 1] == ",":
                pass  # an appositive participle ("..., apoyada por Irán") is not our object
            else:
                absorbed = set(_absorbed(view, nxt))
                out = [mi for mi in out if mi not in absorbed]
                out += [mi for mi in _participants(view, nxt) if mi not in agents]
        elif nxt.nominal:
            out += [mi for mi in _participants(view, nxt) if mi not in agents]
    if not out and cue.nominal and not cue.adjective and agents and not _nested(view, cue) \
            and set(agents) == set(_own_agents(view, cue)):
        lo, _ = cue.clause
        status, found = view.subject(cue.tok, max(lo, cue.region_span[0]))
        if status == "found":
            out = [mi for mi in found if mi not in agents]  # "Kiev recibió ayuda militar de Alemania"
    out = list(dict.fromkeys(out))
    cue.patients_memo = out
    return out


def _word_before(view: _View, tok: int) -> int:
    """The token before ``tok``, past determiners and possessives ("por [el] suministro")."""
    j = tok - 1
    while j > 0 and (view.toks[j] in view.lx.determiners or view.toks[j] in view.lx.possessives):
        j -= 1
    return max(j, 0)


def _authored(view: _View, cue: _Cue, mi: int) -> bool:
    """Whether "por X" names the author of the cue's object through a participle that is no
    cue: "la resolución presentada por Estados Unidos", "el plan propuesto por Egipto"."""
    j = _word_before(view, view.m_first[mi])
    if j < 2 or view.toks[j] not in ("por", "by"):
        return False
    participle = view.toks[j - 1]
    return j - 1 >= cue.tok_end and participle.endswith(("ado", "ada", "ados", "adas", "ido", "ida", "idos", "idas",
                                                         "ed")) and not any(c.tok <= j - 1 < c.tok_end for c in view.cues)


def _absorbed(view: _View, cue: _Cue) -> list[int]:
    """Mentions a bare passive participle modifies: "las zonas de Ucrania [ocupadas por Rusia]"."""
    lo, _ = cue.clause
    for other in view.cues:
        if other is not cue and other.tok_end <= cue.tok:
            lo = max(lo, other.tok_end)
    for j in range(cue.tok - 1, lo - 1, -1):
        if view.toks[j] == ",":
            lo = j + 1
            break
    return [mi for mi in view.mentions_between(lo, cue.tok)]


def _participants(view: _View, cue: _Cue) -> list[int]:
    """Who takes part in the event of a cue: its agents, and its partners for cooperation."""
    agents = [a for a in _agents(view, cue)]
    if cue.sign > 0:
        return list(dict.fromkeys(agents + _patients(view, cue)))
    return agents


# =============================================================================== stances


class _Collector:
    """Builds Stance rows, skipping self-stances and person/affiliation pairs, one per attitude.

    Several cues may propose the same attitude; only the strongest survives, so the ``Stance``
    objects (slow to build: a frozen dataclass) are made once, for the survivors, in ``stances``.
    """

    def __init__(self, doc: _Document) -> None:
        self.doc = doc
        # key -> [order of first proposal, score, arguments of the strongest proposal]
        self.best: dict[tuple, list] = {}
        self.order = 0

    def add(self, sentence: int, holder: Mention, target: Mention, cue: _Cue, *, score: float, kind: str,
            quad: str, quote: bool, evidence: str) -> None:
        holder_id, target_id = holder.actor_id, target.actor_id
        if holder_id == target_id:
            return
        if (holder.affiliation and holder.affiliation == target_id) or (
                target.affiliation and target.affiliation == holder_id):
            return
        # ``score`` is a cue's: already clamped to [-1, 1] and rounded (see ``_View._score``)
        if score == 0:
            return
        polarity = "positive" if score > 0 else "negative"
        key = (sentence, holder_id, target_id, polarity, quad)
        previous = self.best.get(key)
        if previous is None:
            self.order += 1
            self.best[key] = [self.order, score, (holder, target, cue.hit, kind, evidence, quote)]
        elif abs(score) > abs(previous[1]):
            self.order += 1
            previous[1] = score
            previous[2] = (holder, target, cue.hit, kind, evidence, quote)

    def stances(self) -> list[Stance]:
        text = self.doc.text
        out = []
        for (sentence, _, _, polarity, quad), (order, score, (holder, target, hit, kind, evidence, quote)) in sorted(
                self.best.items(), key=lambda item: (item[0][0], item[1][0])):
            out.append(Stance(
                sentence=sentence, holder_id=holder.actor_id, holder_name=holder.actor_name,
                target_id=target.actor_id, target_name=target.actor_name, polarity=polarity, score=score,
                cue=text[hit.start:hit.end], evidence=evidence, kind=kind, quad_class=quad, quote=quote,
            ))
        return out


def _verbal(quad: str) -> str:
    return quad.replace("material_", "verbal_")


def _sentence_stances(doc: _Document, index: int, out: _Collector) -> None:
    view = doc.view(index)
    if not view.cues:
        return
    sentence_text = doc.text[view.start:view.end]
    for cue in view.cues:
        if cue.hit.form.report and _introduces(view, cue):
            cue.introduces = True
    for cue in view.cues:
        _patients(view, cue)  # fill patients in order, so later subjects can skip earlier objects
    for cue in view.cues:
        if cue.introduces:
            continue
        if cue.region is None:
            _plain_stances(view, cue, out, sentence_text)
        else:
            _speech_stances(view, cue, out)
    for speech in {id(s): s for s in doc.speeches_by_sentence.get(index, ())}.values():
        if speech.verb is not None and speech.attribution == index and speech.introduced:
            for cue in view.cues:
                if cue.hit is speech.verb or (cue.hit.start == speech.verb.start and cue.form.kind):
                    cue.introduces = True
                    _reporting_stances(view, cue, speech, out)


def _mutual(view: _View, cue: _Cue) -> bool:
    """"mutuamente", "each other" right after the cue make any kind reciprocal."""
    following = view.toks[cue.tok_end:cue.tok_end + 3]
    return any(tuple(following[:len(r)]) == r for r in view.lx.reciprocals)


def _introduces(view: _View, cue: _Cue) -> bool:
    speeches = view.doc.speeches_by_sentence.get(view.index, ())
    return any(s.verb is not None and s.introduced and s.verb.start == cue.hit.start for s in speeches)


def _evidence(doc: _Document, speech: _Speech | None, index: int) -> str:
    span = doc.sentences[index]
    if speech is None or speech.attribution == index:
        return doc.text[span.start:span.end]
    first = min(speech.attribution, index)
    last = max(speech.attribution, index)
    return doc.text[doc.sentences[first].start:doc.sentences[last].end]


def _plain_stances(view: _View, cue: _Cue, out: _Collector, evidence: str) -> None:
    if cue.adjective:
        return  # evaluative adjectives only count as a speaker's judgement
    mentions = view.mentions
    agents = [a for a in _agents(view, cue) if a != _SPEAKER]
    patients = _patients(view, cue)
    if not agents:
        if cue.kind.symmetric and cue.nominal:
            nxt = _next_cue(view, cue)
            own = [mi for mi in patients if nxt is None or view.m_first[mi] < nxt.tok]
            between = [mi for mi in own if view.governor(mi) in ("between", None)]
            if len(between) >= 2:
                for a in between:
                    for b in between:
                        out.add(view.index, mentions[a], mentions[b], cue, score=cue.score, kind=cue.kind.name,
                                quad=cue.kind.quad_class, quote=False, evidence=evidence)
        return
    targets = [p for p in patients if p not in agents]
    possessed = cue.tok > 0 and view.toks[cue.tok - 1] in view.lx.possessives  # "China y Rusia ... su asociación"
    if cue.nominal and not possessed:
        # "Washington y Pekín reanudaron el diálogo", "mantienen una estrecha cooperación"
        lx, toks, j = view.lx, view.toks, cue.tok - 1
        if j > 0 and toks[j].isalpha() and toks[j] not in lx.determiners and toks[j] not in lx.joint_verbs:
            j -= 1  # an adjective
        while j > 0 and toks[j] in lx.determiners:
            j -= 1
        possessed = j >= 0 and toks[j] in lx.joint_verbs
    if not targets and len(agents) >= 2 and (_mutual(view, cue) or cue.kind.symmetric and (
            not cue.nominal or possessed or set(agents) == set(_own_agents(view, cue)))):
        # "X y Y firmaron un acuerdo", "X e Y se acusan mutuamente"; not "X e Y piden un alto el fuego"
        targets = agents
    for a in agents:
        for t in targets:
            out.add(view.index, mentions[a], mentions[t], cue, score=cue.score, kind=cue.kind.name,
                    quad=cue.kind.quad_class, quote=False, evidence=evidence)
            if cue.kind.symmetric:
                out.add(view.index, mentions[t], mentions[a], cue, score=cue.score, kind=cue.kind.name,
                        quad=cue.kind.quad_class, quote=False, evidence=evidence)


def _speech_stances(view: _View, cue: _Cue, out: _Collector) -> None:
    doc, speech = view.doc, cue.region
    speaker = speech.speaker
    side = frozenset(x for x in (speaker.actor_id, speaker.affiliation) if x)
    evidence = _evidence(doc, speech, view.index)
    mentions = view.mentions
    agents = _agents(view, cue)
    patients = [p for p in _patients(view, cue) if p not in agents]
    verbal_quad = _verbal(cue.kind.quad_class)
    score = cue.score

    def speaker_to(targets: Iterable[Mention], kind: str, quad: str) -> None:
        for target in targets:
            if not _on_side(target, side):
                out.add(view.index, speaker, target, cue, score=score, kind=kind, quad=quad, quote=True,
                        evidence=evidence)

    explicit = [a for a in agents if a != _SPEAKER]
    if not agents:
        if not cue.nominal and not cue.passive:
            speaker_to((mentions[p] for p in patients), cue.kind.name, verbal_quad)  # pro-drop: the speaker acts
        elif cue.polarity > 0 and patients and not cue.adjective:
            speaker_to((mentions[p] for p in patients), cue.kind.name, verbal_quad)
        elif (cue.polarity < 0 or cue.adjective) and not _nested(view, cue):
            kind = "criticize" if cue.polarity < 0 else "praise"
            kind = kind if kind in doc.kinds else cue.kind.name
            speaker_to(doc.topic_antecedent(speech, view.index, side), kind,
                       _verbal(doc.kinds[kind].quad_class) if kind in doc.kinds else verbal_quad)
        return
    if _SPEAKER in agents or any(_on_side(mentions[a], side) for a in explicit):
        speaker_to((mentions[p] for p in patients), cue.kind.name, verbal_quad)
        for a in explicit:
            if mentions[a].actor_id != speaker.actor_id and not cue.adjective:
                for p in patients:
                    out.add(view.index, mentions[a], mentions[p], cue, score=score, kind=cue.kind.name,
                            quad=cue.kind.quad_class, quote=False, evidence=evidence)
        return
    if not cue.adjective:
        for a in explicit:
            for p in patients:
                out.add(view.index, mentions[a], mentions[p], cue, score=score, kind=cue.kind.name,
                        quad=cue.kind.quad_class, quote=False, evidence=evidence)
                if cue.kind.symmetric:
                    out.add(view.index, mentions[p], mentions[a], cue, score=score, kind=cue.kind.name,
                            quad=cue.kind.quad_class, quote=False, evidence=evidence)
    if cue.polarity < 0 and (cue.kind.blame or cue.negated or cue.adjective):
        kind = "criticize" if "criticize" in doc.kinds else cue.kind.name
        speaker_to((mentions[a] for a in explicit), kind, _verbal(doc.kinds[kind].quad_class))
    elif cue.polarity > 0 and cue.adjective:
        kind = "praise" if "praise" in doc.kinds else cue.kind.name
        speaker_to((mentions[a] for a in explicit), kind, _verbal(doc.kinds[kind].quad_class))


def _reporting_stances(view: _View, cue: _Cue, speech: _Speech, out: _Collector) -> None:
    """A stance verb that introduces speech ("advirtió que", "condenó que"): speaker -> the
    actors the reported clause is about."""
    doc = view.doc
    speaker = speech.speaker
    side = frozenset(x for x in (speaker.actor_id, speaker.affiliation) if x)
    # Whom the verb addresses, between it and what is reported: "advirtió a Israel que ...",
    # "exigió a Rusia y China que ...". The warning or demand is made to them.
    lo = next((lo for lo, _, s in view.region_toks if s is speech), len(view.toks))
    addressed = [mi for mi in _patients(view, cue) if view.m_first[mi] < lo and not _on_side(view.mentions[mi], side)]
    for mi in addressed:
        out.add(view.index, speaker, view.mentions[mi], cue, score=cue.score, kind=cue.kind.name,
                quad=_verbal(cue.kind.quad_class), quote=False, evidence=_evidence(doc, speech, view.index))
    targets: list[Mention] = []
    for c in view.cues:
        if c.region is speech and not c.introduces:
            for a in _agents(view, c):
                if a != _SPEAKER and not _on_side(view.mentions[a], side):
                    targets.append(view.mentions[a])
    # With no act in what is reported, its first actor is what it is about; unless the verb
    # addressed someone: "urgió a Israel a permitir la entrada de ayuda de Egipto"
    if not targets and not addressed:
        lo, hi = next(((lo, hi) for lo, hi, s in view.region_toks if s is speech), (0, 0))
        first = [mi for mi in view.mentions_between(lo, hi) if view.capable(mi) and not _on_side(view.mentions[mi], side)]
        if first:
            targets = [view.mentions[m] for m in view.coordinated(first[0])]
    if not targets and not addressed:
        targets = doc.topic_antecedent(speech, view.index, side)
    for target in {t.actor_id: t for t in targets}.values():
        if not _on_side(target, side):
            out.add(view.index, speaker, target, cue, score=cue.score, kind=cue.kind.name,
                    quad=_verbal(cue.kind.quad_class), quote=True, evidence=_evidence(doc, speech, view.index))


def extract_stances(text: str, *, language: str, sentences: list[Span], mentions: list[Mention],
                    lexicon: StanceLexicon) -> list[Stance]:
    """Holder -> target stances of one article, in sentence order (see the module docstring)."""
    lexicon.language(language)  # raises ValueError naming the supported languages
    if not text or not text.strip() or not sentences or not mentions:
        return []
    doc = _Document(text, language, sentences, mentions, lexicon)
    if not doc.hits_by_sentence:
        return []
    try:
        doc.attribute()
        out = _Collector(doc)
        for index in sorted(doc.cue_sentences):
            actors = {m.actor_id for m in doc.mentions_by_sentence.get(index, ())}
            if len(actors) >= 2 or doc.speeches_by_sentence.get(index):
                _sentence_stances(doc, index, out)
        return out.stances()
    finally:
        doc.close()


# =============================================================================== tone


_WORD = re.compile(r"\w+")


def sentence_tones(text: str, *, language: str, sentences: list[Span], lexicon: StanceLexicon) -> list[float]:
    """One tone per sentence: 100 x (positive - negative lexicon hits) / words.

    Like GDELT's tone. A hit is a stance cue (its sign flipped when negated) or a tone-only word;
    reporting verbs and not-cue phrases count for nothing. A sentence with no words has tone 0.
    """
    lx = lexicon.language(language)
    if not sentences:
        return []
    folded, hits = _folded_hits(text, lx)
    starts = [s.start for s in sentences]
    balance = [0] * len(sentences)
    signs = {name: kind.polarity for name, kind in lexicon.kinds.items()}
    for hit in hits:
        form = hit.form
        if form.needs:
            continue  # "lanzar", "reunirse": no attitude without "contra X" / "con X"
        if form.kind is not None:
            sign = signs[form.kind]
        elif form.tone:
            sign = form.tone
        else:
            continue
        index = bisect.bisect_right(starts, hit.start) - 1
        if index < 0:
            continue
        lo = max(sentences[index].start, hit.start - 40)
        # Most windows hold no negator at all: look for one before tokenizing the window.
        if lx.negator_scan is None or lx.negator_scan.search(folded[lo:hit.start]):
            window = _TOKEN.findall(folded, lo, hit.start)
            if _before(window, 0, len(window), lx.negator_index, lx.negation_window, lx.exception_index):
                sign = -sign
        balance[index] += sign
    tones = []
    for value, words in zip(balance, _word_counts(text, sentences)):
        tones.append(100.0 * value / words if words else 0.0)
    return tones


@functools.lru_cache(maxsize=1)
def _bmp_word_chars():
    """For every character of the Basic Multilingual Plane: is it one that ``\\w`` matches?"""
    return np.array([chr(code).isalnum() for code in range(0x10000)]) | (np.arange(0x10000) == ord("_"))


def _word_counts(text: str, sentences: Sequence[Span]) -> list[int]:
    """``len(_WORD.findall(text, span.start, span.end))`` for every sentence, in one numpy pass.

    A sentence's words are the word characters that start a word (follow a non-word
    character) inside it, plus one for a word that it cuts at its start.
    """
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    if len(codes) != len(text) or (len(codes) and codes.max() > 0xFFFF):  # rare: read them one by one
        return [len(_WORD.findall(text, span.start, span.end)) for span in sentences]
    word = _bmp_word_chars()[codes]
    begins = word.copy()
    begins[1:] &= ~word[:-1]
    begun = np.concatenate(([0], np.cumsum(begins)))  # words begun before each offset
    size = len(text)
    if not size:
        return [0] * len(sentences)
    starts = np.array([span.start for span in sentences], dtype=np.int64).clip(0, size)
    ends = np.array([span.end for span in sentences], dtype=np.int64).clip(None, size)
    first = np.minimum(starts, size - 1)
    cut = word[first] & ~begins[first]  # the sentence starts inside a word
    counts = begun[np.maximum(ends, starts)] - begun[starts] + cut
    return np.where(starts < ends, counts, 0).tolist()


# =============================================================================== tables and aggregations


def stance_rows(article_id: str, stances: Iterable[Stance]) -> list[dict]:
    """Rows of ``stances.csv`` (DESIGN.md columns plus kind, quad_class and quote)."""
    return [
        {"article_id": article_id, "sentence": s.sentence, "holder_id": s.holder_id, "holder_name": s.holder_name,
         "target_id": s.target_id, "target_name": s.target_name, "polarity": s.polarity, "score": s.score,
         "cue": s.cue, "evidence": s.evidence, "kind": s.kind, "quad_class": s.quad_class, "quote": s.quote}
        for s in stances
    ]


def tone_rows(article_id: str, tones: Sequence[float]) -> list[dict]:
    """Rows of the sentence tone table that ``actor_portrayal`` reads."""
    return [{"article_id": article_id, "sentence": i, "tone": tone} for i, tone in enumerate(tones)]


def net_stance_matrix(stances, *, by: str = "name", value: str = "sum", min_count: int = 1):
    """Holder x target net stance: the sum (or mean) of scores, 0 where there is none.

    ``by`` is "name" (actor names) or "id"; pairs seen fewer than ``min_count`` times are left
    out. Rows and columns are ordered by how many stances the actor has, then by name.
    """
    import pandas as pd

    if by not in ("name", "id") or value not in ("sum", "mean"):
        raise ValueError("by must be 'name' or 'id'; value must be 'sum' or 'mean'")
    holder, target = f"holder_{by}", f"target_{by}"
    if stances is None or len(stances) == 0:
        return pd.DataFrame(dtype=float)
    grouped = stances.groupby([holder, target])["score"].agg(["sum", "mean", "count"]).reset_index()
    grouped = grouped[grouped["count"] >= min_count]
    matrix = grouped.pivot(index=holder, columns=target, values=value).fillna(0.0)
    counts = pd.concat([stances[holder], stances[target]]).value_counts()
    order = lambda names: sorted(names, key=lambda n: (-counts.get(n, 0), str(n)))  # noqa: E731
    matrix = matrix.reindex(index=order(matrix.index), columns=order(matrix.columns))
    matrix.index.name, matrix.columns.name = "holder", "target"
    return matrix


def actor_portrayal(mentions, tones):
    """Per actor: the mean tone of the sentences that mention it (each sentence counted once).

    ``mentions`` is the mentions table, ``tones`` has article_id, sentence, tone (``tone_rows``).
    Columns: actor_id, actor_name, sentences, articles, tone (mean), positive, negative (how
    many of its sentences have tone above / below zero). Sorted by sentences, most first.
    """
    import pandas as pd

    columns = ["actor_id", "actor_name", "sentences", "articles", "tone", "positive", "negative"]
    if mentions is None or len(mentions) == 0 or tones is None or len(tones) == 0:
        return pd.DataFrame(columns=columns)
    keys = mentions[["article_id", "sentence", "actor_id", "actor_name"]].drop_duplicates(["article_id", "sentence", "actor_id"])
    joined = keys.merge(tones[["article_id", "sentence", "tone"]], on=["article_id", "sentence"], how="inner")
    if joined.empty:
        return pd.DataFrame(columns=columns)
    table = joined.groupby(["actor_id", "actor_name"]).agg(
        sentences=("tone", "size"), articles=("article_id", "nunique"), tone=("tone", "mean"),
        positive=("tone", lambda t: int((t > 0).sum())), negative=("tone", lambda t: int((t < 0).sum())),
    ).reset_index()
    return table.sort_values(["sentences", "actor_name"], ascending=[False, True]).reset_index(drop=True)[columns]


_FREQ = {"year": 4, "month": 7, "day": 10}


def cooperation_conflict_timeline(stances, articles, *, freq: str = "month"):
    """Stances per period and event class, with cooperation, conflict and net = coop - conflict.

    The period is the article's ``published`` date (partial ISO dates allowed) cut to ``freq``
    ("year", "month" or "day"). A negated cue (positive polarity on a conflict kind, or the
    reverse) is not an event of its class and is not counted. Rows whose date is missing or less
    precise than ``freq`` ("2024-08" by day) are not placed in a period; they are counted in
    ``result.attrs["excluded"]`` by reason, so nothing disappears silently.
    """
    import pandas as pd

    if freq not in _FREQ:
        raise ValueError(f"freq must be one of {', '.join(_FREQ)}")
    columns = ["period", *QUAD_CLASSES, "cooperation", "conflict", "net"]
    result = pd.DataFrame(columns=columns)
    result.attrs["excluded"] = {}
    if stances is None or len(stances) == 0:
        return result
    dated = stances.merge(articles[["article_id", "published"]], on="article_id", how="left")
    is_cooperation = dated["quad_class"].str.endswith("cooperation")
    agrees = (is_cooperation & (dated["polarity"] == "positive")) | (~is_cooperation & (dated["polarity"] == "negative"))
    published = dated["published"].fillna("").astype(str).str.strip()
    pattern = {"year": r"^\d{4}", "month": r"^\d{4}-\d{2}", "day": r"^\d{4}-\d{2}-\d{2}"}[freq]
    precise = published.str.match(pattern)
    excluded = {}
    if (~agrees).sum():
        excluded["negated"] = int((~agrees).sum())
    missing = agrees & (published == "")
    coarse = agrees & ~precise & (published != "")
    if missing.sum():
        excluded["no published date"] = int(missing.sum())
    if coarse.sum():
        excluded[f"date less precise than {freq}"] = int(coarse.sum())
    kept = dated[agrees & precise].copy()
    kept["period"] = published[agrees & precise].str.slice(0, _FREQ[freq])
    if kept.empty:
        result.attrs["excluded"] = excluded
        return result
    table = kept.pivot_table(index="period", columns="quad_class", values="score", aggfunc="size", fill_value=0)
    table = table.reindex(columns=list(QUAD_CLASSES), fill_value=0).astype(int)
    table["cooperation"] = table["verbal_cooperation"] + table["material_cooperation"]
    table["conflict"] = table["verbal_conflict"] + table["material_conflict"]
    table["net"] = table["cooperation"] - table["conflict"]
    result = table.reset_index()[columns].sort_values("period").reset_index(drop=True)
    result.columns.name = None
    result.attrs["excluded"] = excluded
    return result


def quotes_by_speaker(stances):
    """Per speaker (holder of quote stances): quotes (distinct sentences), stances, positive,
    negative, net score and the targets most spoken about ("China (3), Russia (2)")."""
    import pandas as pd

    columns = ["holder_id", "holder_name", "quotes", "stances", "positive", "negative", "net", "targets"]
    if stances is None or len(stances) == 0:
        return pd.DataFrame(columns=columns)
    quoted = stances[stances["quote"].astype(bool)]
    if quoted.empty:
        return pd.DataFrame(columns=columns)
    quoted = quoted.assign(_key=quoted["article_id"].astype(str) + "#" + quoted["sentence"].astype(str))

    def top_targets(names) -> str:
        counts = names.value_counts()
        ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:5]
        return ", ".join(f"{name} ({count})" for name, count in ordered)

    table = quoted.groupby(["holder_id", "holder_name"]).agg(
        quotes=("_key", "nunique"), stances=("score", "size"),
        positive=("polarity", lambda p: int((p == "positive").sum())),
        negative=("polarity", lambda p: int((p == "negative").sum())),
        net=("score", "sum"), targets=("target_name", top_targets),
    ).reset_index()
    return table.sort_values(["quotes", "holder_name"], ascending=[False, True]).reset_index(drop=True)[columns]
