"""Tests of analysis.stance: tables of tiny literal examples, then the seed articles.

Mentions are built by hand (offsets found with str.find), so these tests exercise the stance
rules alone; the seed tests at the end use the real actor matcher.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.actors import Mention
from analysis.exceptions import ResourceError
from analysis.stance import (
    QUAD_CLASSES,
    LexiconError,
    Stance,
    actor_portrayal,
    cooperation_conflict_timeline,
    en_verb_forms,
    es_verb_forms,
    extract_stances,
    load_lexicon,
    net_stance_matrix,
    quotes_by_speaker,
    sentence_tones,
    stance_rows,
    tone_rows,
)
from analysis.text import sentence_index, split_sentences

ROOT = Path(__file__).resolve().parent.parent

# surface -> (id, canonical name, type, method, affiliation)
ACTORS = {
    # countries and their metonyms / demonyms
    "Rusia": ("RUS", "Russia", "country", "alias", ""),
    "Russia": ("RUS", "Russia", "country", "alias", ""),
    "Moscú": ("RUS", "Russia", "country", "metonym", ""),
    "Moscow": ("RUS", "Russia", "country", "metonym", ""),
    "rusa": ("RUS", "Russia", "country", "demonym", ""),
    "rusas": ("RUS", "Russia", "country", "demonym", ""),
    "Russian": ("RUS", "Russia", "country", "demonym", ""),
    "Ucrania": ("UKR", "Ukraine", "country", "alias", ""),
    "Ukraine": ("UKR", "Ukraine", "country", "alias", ""),
    "Kiev": ("UKR", "Ukraine", "country", "metonym", ""),
    "Kyiv": ("UKR", "Ukraine", "country", "metonym", ""),
    "China": ("CHN", "China", "country", "alias", ""),
    "Beijing": ("CHN", "China", "country", "metonym", ""),
    "Pekín": ("CHN", "China", "country", "metonym", ""),
    "Kremlin": ("RUS", "Russia", "country", "metonym", ""),
    "White House": ("USA", "United States", "country", "metonym", ""),
    "Italia": ("ITA", "Italy", "country", "alias", ""),
    "Italy": ("ITA", "Italy", "country", "alias", ""),
    "Hungary": ("HUN", "Hungary", "country", "alias", ""),
    "Corea del Norte": ("PRK", "North Korea", "country", "alias", ""),
    "North Korea": ("PRK", "North Korea", "country", "alias", ""),
    "North Korean": ("PRK", "North Korea", "country", "demonym", ""),
    "Pyongyang": ("PRK", "North Korea", "country", "metonym", ""),
    "Corea del Sur": ("KOR", "South Korea", "country", "alias", ""),
    "Japón": ("JPN", "Japan", "country", "alias", ""),
    "Filipinas": ("PHL", "Philippines", "country", "alias", ""),
    "Hungría": ("HUN", "Hungary", "country", "alias", ""),
    "Egipto": ("EGY", "Egypt", "country", "alias", ""),
    "Japan": ("JPN", "Japan", "country", "alias", ""),
    "Estados Unidos": ("USA", "United States", "country", "alias", ""),
    "United States": ("USA", "United States", "country", "alias", ""),
    "Washington": ("USA", "United States", "country", "metonym", ""),
    "Irán": ("IRN", "Iran", "country", "alias", ""),
    "Iran": ("IRN", "Iran", "country", "alias", ""),
    "Israel": ("ISR", "Israel", "country", "alias", ""),
    "Líbano": ("LBN", "Lebanon", "country", "alias", ""),
    "Lebanon": ("LBN", "Lebanon", "country", "alias", ""),
    "Francia": ("FRA", "France", "country", "alias", ""),
    "France": ("FRA", "France", "country", "alias", ""),
    "Alemania": ("DEU", "Germany", "country", "alias", ""),
    "Germany": ("DEU", "Germany", "country", "alias", ""),
    "Polonia": ("POL", "Poland", "country", "alias", ""),
    "Poland": ("POL", "Poland", "country", "alias", ""),
    "Turquía": ("TUR", "Turkey", "country", "alias", ""),
    "Turkey": ("TUR", "Turkey", "country", "alias", ""),
    "India": ("IND", "India", "country", "alias", ""),
    "Pakistán": ("PAK", "Pakistan", "country", "alias", ""),
    "Pakistan": ("PAK", "Pakistan", "country", "alias", ""),
    "Venezuela": ("VEN", "Venezuela", "country", "alias", ""),
    "Cuba": ("CUB", "Cuba", "country", "alias", ""),
    "Siria": ("SYR", "Syria", "country", "alias", ""),
    "Syria": ("SYR", "Syria", "country", "alias", ""),
    "Taiwán": ("TWN", "Taiwan", "country", "alias", ""),
    "Taiwan": ("TWN", "Taiwan", "country", "alias", ""),
    "Marruecos": ("MAR", "Morocco", "country", "alias", ""),
    "Argelia": ("DZA", "Algeria", "country", "alias", ""),
    "Letonia": ("LVA", "Latvia", "country", "alias", ""),
    "Grecia": ("GRC", "Greece", "country", "alias", ""),
    "Greece": ("GRC", "Greece", "country", "alias", ""),
    "España": ("ESP", "Spain", "country", "alias", ""),
    "Irlanda": ("IRL", "Ireland", "country", "alias", ""),
    "Estado de Palestina": ("PSE", "Palestine", "country", "alias", ""),
    # organisations
    "OTAN": ("NATO", "NATO", "organization", "alias", ""),
    "NATO": ("NATO", "NATO", "organization", "alias", ""),
    "Unión Europea": ("EU", "European Union", "organization", "alias", ""),
    "UE": ("EU", "European Union", "organization", "alias", ""),
    "EU": ("EU", "European Union", "organization", "alias", ""),
    "Hezbolá": ("HEZBOLLAH", "Hezbollah", "organization", "alias", ""),
    "Hamás": ("HAMAS", "Hamas", "organization", "alias", ""),
    "Hamas": ("HAMAS", "Hamas", "organization", "alias", ""),
    "Organización del Tratado del Atlántico Norte": ("NATO", "NATO", "organization", "alias", ""),
    # people, with the body they speak for
    "Mark Rutte": ("mark-rutte", "Mark Rutte", "person", "alias", "NATO"),
    "Rutte": ("mark-rutte", "Mark Rutte", "person", "surname", "NATO"),
    "Putin": ("vladimir-putin", "Vladimir Putin", "person", "surname", "RUS"),
    "Lavrov": ("sergey-lavrov", "Sergey Lavrov", "person", "surname", "RUS"),
    "Zelenski": ("volodymyr-zelensky", "Volodymyr Zelensky", "person", "surname", "UKR"),
    "Zelensky": ("volodymyr-zelensky", "Volodymyr Zelensky", "person", "surname", "UKR"),
    "Macron": ("emmanuel-macron", "Emmanuel Macron", "person", "surname", "FRA"),
    "Trump": ("donald-trump", "Donald Trump", "person", "surname", "USA"),
    "Netanyahu": ("benjamin-netanyahu", "Benjamin Netanyahu", "person", "surname", "ISR"),
    "Guterres": ("antonio-guterres", "António Guterres", "person", "surname", "UN"),
    "Kim": ("kim-jong-un", "Kim Jong Un", "person", "surname", "PRK"),
    "Borrell": ("josep-borrell", "Josep Borrell", "person", "surname", "EU"),
    "Blinken": ("antony-blinken", "Antony Blinken", "person", "surname", "USA"),
    "Arabia Saudí": ("SAU", "Saudi Arabia", "country", "alias", ""),
    "Qatar": ("QAT", "Qatar", "country", "alias", ""),
    "alemán": ("DEU", "Germany", "country", "demonym", ""),
    "israelí": ("ISR", "Israel", "country", "demonym", ""),
    "brasileño": ("BRA", "Brazil", "country", "demonym", ""),
    "Olaf Scholz": ("olaf-scholz", "Olaf Scholz", "person", "alias", "DEU"),
    "Benjamin Netanyahu": ("benjamin-netanyahu", "Benjamin Netanyahu", "person", "alias", "ISR"),
    "Lula": ("lula-da-silva", "Luiz Inácio Lula da Silva", "person", "alias", "BRA"),
    "Biden": ("joe-biden", "Joe Biden", "person", "surname", "USA"),
    "G7": ("G7", "Group of Seven", "organization", "alias", ""),
    "Erdogan": ("recep-tayyip-erdogan", "Recep Tayyip Erdoğan", "person", "surname", "TUR"),
    "The Washington Post": ("WAPO", "The Washington Post", "organization", "alias", ""),
    "Xi": ("xi-jinping", "Xi Jinping", "person", "surname", "CHN"),
    "Casa Blanca": ("USA", "United States", "country", "metonym", ""),
    "ruso": ("RUS", "Russia", "country", "demonym", ""),
    "Vladimir Putin": ("vladimir-putin", "Vladimir Putin", "person", "alias", "RUS"),
    "Maduro": ("nicolas-maduro", "Nicolás Maduro", "person", "surname", "VEN"),
    "venezolana": ("VEN", "Venezuela", "country", "demonym", ""),
    "Venezuelan": ("VEN", "Venezuela", "country", "demonym", ""),
    "Sudáfrica": ("ZAF", "South Africa", "country", "alias", ""),
    "Corte Internacional de Justicia": ("ICJ", "International Court of Justice", "organization", "alias", ""),
    "Corte Penal Internacional": ("ICC", "International Criminal Court", "organization", "alias", ""),
}


def mentions_in(text: str) -> tuple[list, list[Mention]]:
    """Sentences and hand-built mentions: every ACTORS surface, longest first, found with str.find."""
    sentences = split_sentences(text)
    taken: list[tuple[int, int]] = []
    for surface in sorted(ACTORS, key=len, reverse=True):
        start = text.find(surface)
        while start >= 0:
            end = start + len(surface)
            bounded = (start == 0 or not text[start - 1].isalnum()) and (end == len(text) or not text[end].isalnum())
            if bounded and not any(s < end and start < e for s, e in taken):
                taken.append((start, end))
            start = text.find(surface, start + 1)
    mentions = []
    for start, end in sorted(taken):
        actor_id, name, actor_type, method, affiliation = ACTORS[text[start:end]]
        mentions.append(Mention(sentence_index(sentences, start), start, end, text[start:end],
                                actor_id, name, actor_type, method, affiliation))
    return sentences, mentions


@pytest.fixture(scope="module")
def lexicon():
    return load_lexicon()


def stances_of(text: str, language: str, lexicon) -> list[Stance]:
    sentences, mentions = mentions_in(text)
    return extract_stances(text, language=language, sentences=sentences, mentions=mentions, lexicon=lexicon)


def short(stances) -> set[str]:
    """"HOLDER>TARGET+" / "HOLDER>TARGET-": one glance tells who is for or against whom."""
    return {f"{s.holder_id}>{s.target_id}{'+' if s.polarity == 'positive' else '-'}" for s in stances}


# ============================================================================ the lexicon


def test_default_lexicon_loads_both_languages_with_hundreds_of_entries(lexicon):
    assert set(lexicon.languages) == {"es", "en"}
    for code in ("es", "en"):
        lemmas = {form.lemma for form in lexicon.language(code).forms.values() if form.kind}
        assert len(lemmas) >= 300, code
    assert {kind.quad_class for kind in lexicon.kinds.values()} == set(QUAD_CLASSES)


@pytest.mark.parametrize(
    "kind, quad_class",
    [
        ("criticize", "verbal_conflict"), ("condemn", "verbal_conflict"), ("threaten", "verbal_conflict"),
        ("sanction", "material_conflict"), ("attack", "material_conflict"), ("deploy", "material_conflict"),
        ("support", "verbal_cooperation"), ("praise", "verbal_cooperation"), ("agree", "verbal_cooperation"),
        ("aid", "material_cooperation"), ("cooperate", "material_cooperation"),
    ],
)
def test_kinds_map_to_event_classes(lexicon, kind, quad_class):
    assert lexicon.kinds[kind].quad_class == quad_class


@pytest.mark.parametrize(
    "language, form, kind",
    [
        ("es", "condeno", "condemn"),  # condenó, folded
        ("es", "amenazas", "threaten"),
        ("es", "sanciones", "sanction"),
        ("es", "agradecimiento", "thank"),
        ("es", "escalada", "escalate"),
        ("es", "invasion", "attack"),
        ("es", "alianza", "cooperate"),
        ("es", "asociaciones", "cooperate"),
        ("es", "advirtio", "warn"),
        ("es", "apoyaran", "support"),
        ("es", "hace la vista gorda", "reject"),
        ("en", "criticised", "criticize"),
        ("en", "threatened", "threaten"),
        ("en", "banned", "sanction"),
        ("en", "struck a deal", "agree"),
    ],
)
def test_inflected_forms_are_in_the_lexicon(lexicon, language, form, kind):
    assert lexicon.language(language).forms[form].kind == kind


SPANISH_IRREGULAR = {"poner": ("pongo", "pone", "puso", "pusieron", "puesto", "poner")}


@pytest.mark.parametrize(
    "lemma, notes, form",
    [
        ("condenar", (), "condeno"),          # condenó
        ("condenar", (), "condenaria"),       # conditional
        ("condenar", (), "condenandolos"),    # gerund with an enclitic
        ("criticar", (), "critique"),         # c -> qu before e
        ("amenazar", (), "amenace"),          # z -> c before e
        ("castigar", (), "castiguen"),        # g -> gu before e
        ("exigir", (), "exija"),              # g -> j before a
        ("agradecer", (), "agradezco"),       # c -> zc
        ("destruir", (), "destruyeron"),      # -uir -> y
        ("advertir", ("ie,i",), "advierte"),
        ("advertir", ("ie,i",), "advirtio"),
        ("desplegar", ("ie",), "despliegue"),
        ("pedir", ("i",), "pidieron"),
        ("acordar", ("ue",), "acuerdan"),
        ("oponer", ("=poner",), "opuso"),
        ("escribir", ("pp=escrito",), "escritas"),
        ("reunirse con", (), "reunio con"),
    ],
)
def test_spanish_verb_forms(lemma, notes, form):
    assert form in {f for f, _ in es_verb_forms(lemma, notes, SPANISH_IRREGULAR)}


@pytest.mark.parametrize(
    "lemma, irregular, form",
    [
        ("ban", {}, "banned"),
        ("criticize", {}, "criticizes"),
        ("supply", {}, "supplied"),
        ("deploy", {}, "deploys"),
        ("condemn", {}, "condemning"),
        ("strike a deal", {"strike": ("struck",)}, "struck a deal"),
    ],
)
def test_english_verb_forms(lemma, irregular, form):
    assert form in {f for f, _ in en_verb_forms(lemma, (), irregular)}


# ============================================================================ stances, Spanish

SPANISH = [
    # plain verbs: subject before, object after
    ("China apoya a Rusia.", {"CHN>RUS+"}),
    ("Washington acusó a Beijing de espionaje.", {"USA>CHN-"}),
    ("Venezuela expulsó al embajador de Estados Unidos.", {"VEN>USA-"}),
    ("Israel bombardeó el sur del Líbano.", {"ISR>LBN-"}),
    ("Hamás lanzó misiles contra Israel.", {"HAMAS>ISR-"}),
    ("La Unión Europea impuso sanciones a Rusia.", {"EU>RUS-"}),
    ("Israel atacó posiciones de Hezbolá en el Líbano.", {"ISR>HEZBOLLAH-", "ISR>LBN-"}),
    ("Rusia atacó Kiev y amenazó a Polonia.", {"RUS>UKR-", "RUS>POL-"}),
    # a noun cue inside another cue: its agent is the target
    ("Rusia condenó el ataque de Ucrania contra Kursk.", {"RUS>UKR-"}),
    ("Turquía rechazó las críticas de Estados Unidos.", {"TUR>USA-"}),
    ("Taiwán denunció las maniobras militares de China.", {"TWN>CHN-"}),
    ("Estados Unidos y la Unión Europea condenaron el lanzamiento de misiles de Corea del Norte.",
     {"USA>PRK-", "EU>PRK-"}),
    ("Pekín expresó su firme apoyo a Moscú.", {"CHN>RUS+"}),
    # the object of "instar a X a ..." acts in the infinitive
    ("Israel instó a Hamás a aceptar el alto el fuego.", {"ISR>HAMAS-"}),
    ("Siria agradeció a Irán su apoyo.", {"SYR>IRN+"}),
    ("Estados Unidos criticó a China por su apoyo a Rusia.", {"USA>CHN-", "USA>RUS-", "CHN>RUS+"}),
    # the agent of a noun: "de X", "por parte de X", passive "por X"
    ("Kiev recibió ayuda militar de Alemania.", {"DEU>UKR+"}),
    ("Rusia fue sancionada por la Unión Europea.", {"EU>RUS-"}),
    ("Las sanciones impuestas por Estados Unidos a Irán entraron en vigor.", {"USA>IRN-"}),
    ("Putin destruyó el orden mundial con su invasión de Ucrania.", {"vladimir-putin>UKR-"}),
    # symmetric kinds: both directions
    ("Corea del Norte y Rusia firmaron un acuerdo de cooperación militar.", {"PRK>RUS+", "RUS>PRK+"}),
    ("Irán firmó un acuerdo con Rusia.", {"IRN>RUS+", "RUS>IRN+"}),
    ("India y Pakistán acordaron un alto el fuego.", {"IND>PAK+", "PAK>IND+"}),
    ("Cuba y Venezuela estrecharon lazos.", {"CUB>VEN+", "VEN>CUB+"}),
    ("Israel y Hamás se acusan mutuamente de violar la tregua.", {"ISR>HAMAS-", "HAMAS>ISR-"}),
    ("Rusia y Ucrania intercambiaron prisioneros tras semanas de negociaciones.", {"RUS>UKR+", "UKR>RUS+"}),
    ("China y Rusia reafirmaron su asociación estratégica frente a Estados Unidos.", {"CHN>RUS+", "RUS>CHN+"}),
    ("Corea del Sur y Japón acordaron reforzar su cooperación frente a Corea del Norte.", {"KOR>JPN+", "JPN>KOR+"}),
    ("Francia e Italia piden a Israel un alto el fuego inmediato.", set()),  # asking is not agreeing
    ("Marruecos y Argelia rompieron relaciones.", {"MAR>DZA-", "DZA>MAR-"}),
    ("La cooperación entre Corea del Norte y Rusia ya ha tenido impacto.", {"PRK>RUS+", "RUS>PRK+"}),
    # negation flips, hedges weaken
    ("Rusia no condenó a Irán.", {"RUS>IRN+"}),
    ("Irán nunca ha amenazado a Turquía.", {"IRN>TUR+"}),
    ("Ucrania resiste sin apoyo de Estados Unidos.", {"USA>UKR-"}),
    ("Estados Unidos no apoya la ofensiva de Israel.", {"USA>ISR-"}),
    ("Irán negó que haya suministrado drones a Rusia.", {"IRN>RUS-"}),  # a denied act is negated
    ("Francia podría sancionar a Irán.", {"FRA>IRN-"}),
    ("Alemania suspendió la venta de armas a Israel.", {"DEU>ISR-"}),  # an act called off is negated
    ("Rusia suspendió los ataques contra Ucrania.", {"RUS>UKR+"}),
    ("Rusia habría atacado a Ucrania.", {"RUS>UKR-"}),
    # a negator belongs to the nearest cue after it, and stops at "que" and at another subject
    ("India no condenó la invasión rusa de Ucrania.", {"IND>RUS+", "RUS>UKR-"}),
    ("India se negó a condenar la invasión rusa de Ucrania.", {"IND>RUS+", "RUS>UKR-"}),
    ("China no condenó el ataque de Rusia contra Ucrania.", {"CHN>RUS+", "RUS>UKR-"}),
    ("Alemania no quiere que Rusia ataque a Polonia.", {"RUS>POL-"}),
    ("Estados Unidos no descarta sancionar a China.", {"USA>CHN-"}),  # not ruled out: possible, not denied
    ("Rusia no ha descartado atacar a Polonia.", {"RUS>POL-"}),
    ("Arabia Saudí e Irán restablecieron relaciones diplomáticas.", {"SAU>IRN+", "IRN>SAU+"}),
    ("La Corte Penal Internacional emitió una orden de arresto contra Netanyahu.", {"ICC>benjamin-netanyahu-"}),
    # a subject with a title in apposition is no speech reported before a comma
    ("El presidente turco, Erdogan, criticó duramente la ofensiva israelí en Gaza.", {"recep-tayyip-erdogan>ISR-"}),
    # a name right before the next verb, after a comma or "y", is that verb's subject
    ("Rusia atacó Kiev, Zelenski denunció el ataque.", {"RUS>UKR-"}),
    ("Rusia atacó Kiev y Zelenski denunció el ataque.", {"RUS>UKR-"}),
    # a demonym that describes the person named right after it is no participant of its own
    ("Biden recibió al primer ministro israelí Benjamin Netanyahu.",
     {"joe-biden>benjamin-netanyahu+", "benjamin-netanyahu>joe-biden+"}),
    ("Macron se reunió con su homólogo brasileño, Lula, en París.",
     {"emmanuel-macron>lula-da-silva+", "lula-da-silva>emmanuel-macron+"}),
    # an appositive subject set off by commas ("prometió más ayuda": a noun after a quantity)
    ("El canciller alemán, Olaf Scholz, prometió más ayuda a Ucrania.", {"olaf-scholz>UKR+"}),
    # the officials of a body speak for it; an adjective may stand between a noun and its "de X"
    ("Los ministros de Exteriores del G7 condenaron el lanzamiento de misiles balísticos de Corea del Norte.",
     {"G7>PRK-"}),
    # agreeing to do something: the infinitive's target is no party to the agreement
    ("Alemania acordó aumentar su ayuda a Ucrania.", {"DEU>UKR+"}),
    # some verbs make their coordinated subjects the two sides of the act their object names
    ("Washington y Pekín reanudaron el diálogo militar tras meses de tensiones.", {"USA>CHN+", "CHN>USA+"}),
    # whoever put forward what is rejected is its target
    ("Rusia vetó la resolución presentada por Estados Unidos.", {"RUS>USA-"}),
    # a part of a place takes the preposition before it; an attack "contra X" hits X alone
    ("Hezbolá disparó cohetes contra el norte de Israel en solidaridad con Hamás.", {"HEZBOLLAH>ISR-"}),
    # "ante" names where, not whom
    ("Sudáfrica denunció a Israel ante la Corte Internacional de Justicia.", {"ZAF>ISR-"}),
    # a demonym of those who oppose a state is no stance on the state
    ("Maduro acusó a Estados Unidos de financiar a la oposición venezolana.", {"nicolas-maduro>USA-"}),
    ("Japón y Filipinas firmaron un pacto de defensa para contrarrestar a China.",
     {"JPN>PHL+", "PHL>JPN+", "JPN>CHN-", "PHL>CHN-"}),
    # a symmetric noun followed by "entre X y Y" names its two sides, not the clause subject
    ("La Casa Blanca expresó su preocupación por el acercamiento entre Moscú y Pyongyang.", {"RUS>PRK+", "PRK>RUS+"}),
    # a mediator is no party to the agreement it helped to reach
    ("Israel y Hamás alcanzaron un acuerdo de alto el fuego con la mediación de Qatar.",
     {"ISR>HAMAS+", "HAMAS>ISR+", "QAT>ISR+", "ISR>QAT+", "QAT>HAMAS+", "HAMAS>QAT+"}),
    ("Arabia Saudí e Irán firmaron un acuerdo gracias a la mediación de China.",
     {"SAU>IRN+", "IRN>SAU+", "CHN>SAU+", "SAU>CHN+", "CHN>IRN+", "IRN>CHN+"}),
    # some verbs are meetings only with a partner named by "con", wherever it comes
    ("Macron se reunió este lunes en el Elíseo con Zelenski.",
     {"emmanuel-macron>volodymyr-zelensky+", "volodymyr-zelensky>emmanuel-macron+"}),
    ("Putin habló por teléfono con Erdogan.", {"vladimir-putin>recep-tayyip-erdogan+", "recep-tayyip-erdogan>vladimir-putin+"}),
    ("El comité se reunió en la sede de la OTAN.", set()),
    # a visit received: only with a guest named by "a X"; a name in apposition to a title takes
    # the title's preposition
    ("Xi recibió en Pekín al presidente ruso, Vladimir Putin.", {"xi-jinping>vladimir-putin+", "vladimir-putin>xi-jinping+"}),
    # some verbs are acts of war only against a target named by "contra"
    ("Irán lanzó cientos de drones y misiles contra Israel.", {"IRN>ISR-"}),
    ("Ucrania usó misiles de Estados Unidos contra Rusia.", {"UKR>RUS-"}),
    ("Rusia lanzó una campaña de propaganda en Ucrania.", set()),
    ("Estados Unidos envió misiles a Ucrania.", {"USA>UKR+"}),
    # the one told, helped or accused is the one to do what the infinitive says (object control)
    ("Francia instó a Rusia a retirar sus tropas de Ucrania.", {"FRA>RUS-"}),
    ("La OTAN acusó a Rusia de atacar a Ucrania.", {"NATO>RUS-", "RUS>UKR-"}),
    ("Estados Unidos acusó a China de ayudar a Rusia.", {"USA>CHN-", "CHN>RUS+"}),
    ("Alemania criticó a Hungría por bloquear la ayuda a Ucrania.", {"DEU>HUN-", "HUN>UKR-"}),
    ("Estados Unidos urgió a Israel a permitir la entrada de ayuda de Egipto.", {"USA>ISR-"}),
    ("Estados Unidos ayudó a Ucrania a defenderse de Rusia.", {"USA>UKR+", "UKR>RUS-"}),
    ("Rusia volvió a atacar a Ucrania.", {"RUS>UKR-"}),
    # a purpose clause's objects are not the verb's; its own cue keeps the verb's subject
    ("Francia criticó a Alemania para contentar a Italia.", {"FRA>DEU-"}),
    ("Turquía presionó a Polonia para obtener aviones de Estados Unidos.", {"TUR>POL-"}),
    ("Irán suministra drones a Rusia para atacar a Ucrania.", {"IRN>RUS+", "IRN>UKR-"}),
    # subjects: apposition, relative clauses, a list before the verb
    ("El presidente de Francia, Macron, elogió a Alemania.", {"emmanuel-macron>DEU+"}),
    ("Kim, que visitó Moscú, criticó a Estados Unidos.", {"kim-jong-un>RUS+", "RUS>kim-jong-un+", "kim-jong-un>USA-"}),
    # reported speech: según X, X dijo que, quotes before and after the verb
    ("Según el ministro de Exteriores, Lavrov, la OTAN amenaza a Rusia.", {"NATO>RUS-", "sergey-lavrov>NATO-"}),
    ("Alemania anunció que enviará armas a Ucrania.", {"DEU>UKR+"}),
    ("Macron dijo que Francia apoyará a Ucrania.", {"emmanuel-macron>UKR+", "FRA>UKR+"}),
    ("Polonia denunció que Rusia viola su espacio aéreo.", {"POL>RUS-"}),
    ("«Rusia es una amenaza para Europa», dijo Zelenski.", {"volodymyr-zelensky>RUS-"}),
    ("«Apoyaremos a Ucrania», afirmó Trump.", {"donald-trump>UKR+"}),
    # a reporting verb after a comma: its speaker is named after it, and what the commas hold
    # before it describes a subject named before it, not speech
    ("Israel atacará a Irán, advirtió Netanyahu.", {"ISR>IRN-", "benjamin-netanyahu>IRN-"}),
    ("Kim, que fue criticado por Estados Unidos, denunció una conspiración.", set()),  # not Kim>USA
    # a speech verb that addresses someone: the warning, demand or thanks goes to them
    ("Irán advirtió a Israel que responderá a cualquier ataque.", {"IRN>ISR-"}),
    ("Irán advirtió este martes a Israel de que responderá.", {"IRN>ISR-"}),
    ("China exigió a Japón y a Filipinas que retiren sus buques.", {"CHN>JPN-", "CHN>PHL-"}),
    ("Zelenski agradeció a Alemania que enviara más defensas aéreas.", {"volodymyr-zelensky>DEU+"}),
    # a speaker named by title or pronoun in the sentence before
    ("Netanyahu visitó la frontera norte. El primer ministro advirtió que Hezbolá amenaza a Israel.",
     {"HEZBOLLAH>ISR-", "benjamin-netanyahu>HEZBOLLAH-"}),
    ("Zelenski visitó Polonia. Él afirmó que Rusia atacó Kiev.",
     {"volodymyr-zelensky>POL+", "POL>volodymyr-zelensky+", "RUS>UKR-", "volodymyr-zelensky>RUS-"}),
    # meetings by telephone, joint statements
    ("Zelenski mantuvo una conversación telefónica con Macron.",
     {"volodymyr-zelensky>emmanuel-macron+", "emmanuel-macron>volodymyr-zelensky+"}),
    ("Turquía y Grecia emitieron un comunicado conjunto.", {"TUR>GRC+", "GRC>TUR+"}),
    # recognition, and a lawsuit
    ("España e Irlanda reconocieron oficialmente al Estado de Palestina.", {"ESP>PSE+", "IRL>PSE+"}),
    ("Estados Unidos no reconoce la victoria de Maduro.", {"USA>nicolas-maduro-"}),
    ("Sudáfrica demandó a Israel ante la Corte Internacional de Justicia.", {"ZAF>ISR-"}),
    # nothing to say: one actor, a cue with no target, a cue-free sentence
    ("Rusia condenó el ataque.", set()),
    ("Rusia condenó el ataque contra Ucrania.", set()),  # condemning an attack on Ukraine is not against Ukraine
    ("Rusia y China celebraron el aniversario en Moscú.", set()),
    ("La guerra fría entre Rusia y Estados Unidos terminó en 1991.", set()),
]


@pytest.mark.parametrize("text, expected", SPANISH)
def test_spanish_stances(lexicon, text, expected):
    assert short(stances_of(text, "es", lexicon)) == expected


# ============================================================================ stances, English

ENGLISH = [
    ("China criticised the United States.", {"CHN>USA-"}),
    ("Russia condemned Ukraine's attack on Kursk.", {"RUS>UKR-"}),
    ("Russia condemned the attack on Ukraine.", set()),
    ("Poland condemned Russia's invasion of Ukraine.", {"POL>RUS-", "RUS>UKR-"}),
    ("Israel was attacked by Hamas.", {"HAMAS>ISR-"}),
    ("Syria is backed by Iran.", {"IRN>SYR+"}),
    ("North Korean support for Russia worries Japan.", {"PRK>RUS+"}),
    ("Lebanon received aid from France.", {"FRA>LBN+"}),
    ("Russian forces shelled Kyiv on Monday.", {"RUS>UKR-"}),
    ("Iran and Russia signed an agreement.", {"IRN>RUS+", "RUS>IRN+"}),
    ("Israel and Hamas agreed to a ceasefire.", {"ISR>HAMAS+", "HAMAS>ISR+"}),
    ("Russia and China held joint exercises.", {"RUS>CHN+", "CHN>RUS+"}),
    ("Venezuela severed ties with the United States.", {"VEN>USA-", "USA>VEN-"}),
    ("Iran did not condemn Russia.", {"IRN>RUS+"}),
    ("India refused to condemn Russia's invasion of Ukraine.", {"IND>RUS+", "RUS>UKR-"}),
    ("Germany does not want Russia to attack Poland.", {"RUS>POL-"}),
    ("Iran fired hundreds of missiles at Israel.", {"IRN>ISR-"}),
    ("The United States did not rule out sanctions against China.", {"USA>CHN-"}),
    ("Germany agreed to increase its aid to Ukraine.", {"DEU>UKR+"}),
    ("Washington and Beijing resumed military talks.", {"USA>CHN+", "CHN>USA+"}),
    ("Xi hosted in Beijing the Russian president, Vladimir Putin.", {"xi-jinping>vladimir-putin+", "vladimir-putin>xi-jinping+"}),
    ("Biden spoke by phone on Monday with Erdogan.", {"joe-biden>recep-tayyip-erdogan+", "recep-tayyip-erdogan>joe-biden+"}),
    ("Russia vetoed the resolution drafted by the United States.", {"RUS>USA-"}),
    ("Maduro accused Russia of funding the Venezuelan opposition.", {"nicolas-maduro>RUS-"}),
    ("Russia launched a campaign in Ukraine.", set()),
    ("Iran denied supplying drones to Russia.", {"IRN>RUS-"}),
    ("Hungary blocked EU aid to Ukraine.", {"HUN>EU-", "HUN>UKR-", "EU>UKR+"}),
    ("The White House called the Russian attack on Kyiv unacceptable.", {"RUS>UKR-", "USA>RUS-"}),
    ("France and Italy called on Israel to agree to a ceasefire.", {"FRA>ISR-", "ITA>ISR-"}),
    ("Israel and Hamas accused each other of violating the truce.", {"ISR>HAMAS-", "HAMAS>ISR-"}),
    ("China and Russia reaffirmed their strategic partnership against the United States.", {"CHN>RUS+", "RUS>CHN+"}),
    ("Germany will not send weapons to Ukraine.", {"DEU>UKR-"}),
    ("The United States could sanction Turkey.", {"USA>TUR-"}),
    ("China has reportedly supplied drones to Russia.", {"CHN>RUS+"}),
    ("India praised France for its help.", {"IND>FRA+"}),
    ("Pakistan accused India of supporting terrorism.", {"PAK>IND-"}),
    ("NATO warned Russia against escalation.", {"NATO>RUS-"}),
    ("Iran warned Israel that it would respond to any attack.", {"IRN>ISR-"}),
    ("Germany suspended arms sales to Israel.", {"DEU>ISR-"}),
    ("NATO accused Russia of attacking Ukraine.", {"NATO>RUS-", "RUS>UKR-"}),  # object control
    ("Germany criticized Hungary for blocking aid to Ukraine.", {"DEU>HUN-", "HUN>UKR-"}),
    ("China praised Russia for supporting Iran.", {"CHN>RUS+", "RUS>IRN+"}),
    ("The United States halted military aid to Ukraine.", {"USA>UKR-"}),
    ("Turkey rejected the EU's criticism.", {"TUR>EU-"}),
    ("Rutte said Russia threatened Poland.", {"RUS>POL-", "mark-rutte>RUS-"}),
    ("According to Zelensky, Russia attacked Kyiv.", {"RUS>UKR-", "volodymyr-zelensky>RUS-"}),
    ("“We will support Ukraine,” Trump said.", {"donald-trump>UKR+"}),
    ('"Russia is a threat to Europe," Zelensky told reporters.', {"volodymyr-zelensky>RUS-"}),
    ("Trump criticized Iran. He said Iran threatens Israel.", {"donald-trump>IRN-", "IRN>ISR-"}),
    ("Turkey and Greece issued a joint statement.", {"TUR>GRC+", "GRC>TUR+"}),
    ("Zelensky held a phone call with Macron.",
     {"volodymyr-zelensky>emmanuel-macron+", "emmanuel-macron>volodymyr-zelensky+"}),
    ("Russia condemned the attack.", set()),
]


@pytest.mark.parametrize("text, expected", ENGLISH)
def test_english_stances(lexicon, text, expected):
    assert short(stances_of(text, "en", lexicon)) == expected


# ============================================================================ scores, kinds, quotes


@pytest.mark.parametrize(
    "language, text, holder, target, score, kind, quad_class",
    [
        ("es", "China apoya a Rusia.", "CHN", "RUS", 0.6, "support", "verbal_cooperation"),
        ("es", "Rusia no condenó a Irán.", "RUS", "IRN", 0.4, "condemn", "verbal_conflict"),  # 0.8 x -0.5
        ("es", "Francia podría sancionar a Irán.", "FRA", "IRN", -0.35, "sanction", "material_conflict"),  # 0.7 x 0.5
        ("es", "Rusia habría atacado a Ucrania.", "RUS", "UKR", -0.54, "attack", "material_conflict"),  # 0.9 x 0.6
        ("es", "Ucrania resiste sin apoyo de Estados Unidos.", "USA", "UKR", -0.3, "support", "verbal_cooperation"),
        ("es", "Kiev recibió ayuda militar de Alemania.", "DEU", "UKR", 0.7, "aid", "material_cooperation"),
        ("en", "The United States could sanction Turkey.", "USA", "TUR", -0.35, "sanction", "material_conflict"),
        ("en", "Iran did not condemn Russia.", "IRN", "RUS", 0.4, "condemn", "verbal_conflict"),
    ],
)
def test_scores_are_strength_times_sign_negation_and_hedge(lexicon, language, text, holder, target, score, kind, quad_class):
    [stance] = [s for s in stances_of(text, language, lexicon) if (s.holder_id, s.target_id) == (holder, target)]
    assert stance.score == pytest.approx(score)
    assert (stance.kind, stance.quad_class) == (kind, quad_class)
    assert stance.polarity == ("positive" if score > 0 else "negative")


@pytest.mark.parametrize(
    "language, text, holder, target, quote",
    [
        ("es", "China apoya a Rusia.", "CHN", "RUS", False),
        ("es", "«Apoyaremos a Ucrania», afirmó Trump.", "donald-trump", "UKR", True),
        ("es", "Macron dijo que Francia apoyará a Ucrania.", "emmanuel-macron", "UKR", True),
        ("es", "Macron dijo que Francia apoyará a Ucrania.", "FRA", "UKR", False),  # the reported act itself
        ("en", "According to Zelensky, Russia attacked Kyiv.", "volodymyr-zelensky", "RUS", True),
        ("en", "According to Zelensky, Russia attacked Kyiv.", "RUS", "UKR", False),
    ],
)
def test_quote_flag_marks_holders_found_through_reported_speech(lexicon, language, text, holder, target, quote):
    [stance] = [s for s in stances_of(text, language, lexicon) if (s.holder_id, s.target_id) == (holder, target)]
    assert stance.quote is quote


def test_a_speaker_acting_through_a_quote_performs_a_verbal_act(lexicon):
    [stance] = [s for s in stances_of("Alemania anunció que enviará armas a Ucrania.", "es", lexicon)]
    assert (stance.kind, stance.quad_class, stance.quote) == ("aid", "verbal_cooperation", True)


def test_a_quote_spanning_sentences_keeps_its_speaker_and_shows_the_attribution(lexicon):
    text = "Guterres dijo: «La situación es grave. Israel debe detener los ataques contra el Líbano»."
    stances = stances_of(text, "es", lexicon)
    assert short(stances) == {"ISR>LBN-", "antonio-guterres>ISR-"}
    [quoted] = [s for s in stances if s.quote]
    assert quoted.sentence == 1
    assert quoted.evidence.startswith("Guterres dijo") and quoted.evidence.endswith("Líbano».")


def test_an_unclosed_quote_ends_with_its_paragraph(lexicon):
    text = ("Rutte dijo que “China tiene una responsabilidad aquí. Beijing hace la vista gorda.\n"
            "Beijing hace la vista gorda, según Rusia.")
    stances = stances_of(text, "es", lexicon)
    # the second paragraph is not Rutte's: its speaker is "según Rusia"
    assert [(s.sentence, s.holder_id, s.target_id) for s in stances if s.quote] == [
        (1, "mark-rutte", "CHN"), (2, "RUS", "CHN")]


def test_the_threatened_party_is_not_the_speakers_target(lexicon):
    stances = stances_of("«Rusia es una amenaza para Europa y para Japón», dijo Zelenski.", "es", lexicon)
    assert "volodymyr-zelensky>JPN-" not in short(stances)


# ============================================================================ invariants and bad input


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "No hay ningún actor en esta frase.",
        "Rusia condenó el ataque.",
        "Putin criticó a Rusia.",              # a person and the country he speaks for
        "Rutte elogió a la OTAN.",              # a person and his organisation
        "Rusia apoya a Moscú.",                 # holder and target are the same actor
    ],
)
def test_no_stance_without_two_distinct_sides(lexicon, text):
    assert stances_of(text, "es", lexicon) == []


def test_a_verb_that_needs_a_partner_it_lacks_opens_no_speech(lexicon):
    # "talk" is a meeting only "with X": here it is no cue, so the Kremlin said nothing to
    # attribute, and the next sentence is not put in its mouth
    text = ("The Kremlin said Beijing and Washington must talk. "
            "The Washington Post reported that Michael Smith visited Poland.")
    assert "RUS" not in {s.holder_id for s in stances_of(text, "en", lexicon)}


def test_no_mentions_gives_no_stance(lexicon):
    text = "China apoya a Rusia."
    assert extract_stances(text, language="es", sentences=split_sentences(text), mentions=[], lexicon=lexicon) == []


def test_unsupported_language_names_the_supported_ones(lexicon):
    with pytest.raises(ValueError, match=r"supported: es, en"):
        extract_stances("Le Japon soutient la France.", language="fr", sentences=[], mentions=[], lexicon=lexicon)
    with pytest.raises(ValueError, match=r"supported: es, en"):
        sentence_tones("x", language="fr", sentences=[], lexicon=lexicon)


ALL_TEXTS = [text for text, _ in SPANISH] + [text for text, _ in ENGLISH]


@pytest.mark.parametrize("text", ALL_TEXTS)
def test_every_stance_is_well_formed(lexicon, text):
    language = "en" if text in {t for t, _ in ENGLISH} else "es"
    sentences, mentions = mentions_in(text)
    affiliation = {m.actor_id: m.affiliation for m in mentions}
    for stance in extract_stances(text, language=language, sentences=sentences, mentions=mentions, lexicon=lexicon):
        assert stance.holder_id != stance.target_id
        assert affiliation[stance.holder_id] != stance.target_id and affiliation[stance.target_id] != stance.holder_id
        assert -1 <= stance.score <= 1 and stance.score != 0
        assert stance.polarity == ("positive" if stance.score > 0 else "negative")
        assert stance.cue in stance.evidence and stance.evidence in text
        assert stance.quad_class in QUAD_CLASSES


_WORDS = ["Rusia", "China", "Rutte", "Putin", "apoya", "condena", "no", "a", "y", "contra", "dijo", "que",
          "«", "»", "“", "”", ",", ".", "según", "la", "ayuda", "de", "sin", "amenaza", "\n", "Moscú", "OTAN"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), max_size=40))
def test_random_word_salad_never_breaks_the_invariants(words):
    lexicon = load_lexicon()
    text = " ".join(words)
    sentences, mentions = mentions_in(text)
    for stance in extract_stances(text, language="es", sentences=sentences, mentions=mentions, lexicon=lexicon):
        assert stance.holder_id != stance.target_id
        assert -1 <= stance.score <= 1
        assert stance.evidence in text


# ============================================================================ lexicon validation

GOOD_KINDS = """\
kinds:
  support: {quad_class: verbal_cooperation}
  attack: {quad_class: material_conflict}
"""
GOOD_FUNCTION_WORDS = """\
  function_words:
    prepositions: {a: object, de: genitive}
    determiners: [el, la]
    clause_breaks: [";"]
    fillers: [ya]
"""


def write_lexicon(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "lexicon.yaml"
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


def spanish_section(cues: str) -> str:
    return GOOD_KINDS + "es:\n  cues:\n" + cues + "  reporting_verbs: [decir]\n  negators: [no]\n  hedges: {podría: 0.5}\n" + GOOD_FUNCTION_WORDS


def test_a_small_valid_lexicon_loads(tmp_path):
    path = write_lexicon(tmp_path, spanish_section("    support:\n      verbs: [apoyar]\n"))
    lexicon = load_lexicon(path)
    assert lexicon.language("es").forms["apoyo"].kind == "support"


@pytest.mark.parametrize(
    "cues, line, message",
    [
        ("    support:\n      verbs: [apoyar, \"hablar (xy)\"]\n", 7, "unknown note"),
        ("    support:\n      verbs: [apoyo]\n", 7, "not a Spanish infinitive"),
        ("    support:\n      nouns: [\"apoyo @2\"]\n", 7, "strength"),
        ("    support:\n      strength: fuerte\n", 7, "strength"),
        ("    threaten:\n      nouns: [amenaza]\n", 6, "not defined under 'kinds:'"),
        ("    support:\n      colours: [rojo]\n", 7, "unknown key 'colours'"),
        ("    support:\n      nouns: [ataque]\n    attack:\n      nouns: [ataque]\n", 9, "opposite polarity"),
    ],
)
def test_a_bad_entry_is_reported_with_file_line_and_fix(tmp_path, cues, line, message):
    path = write_lexicon(tmp_path, spanish_section(cues))
    with pytest.raises(LexiconError) as error:
        load_lexicon(path)
    text = str(error.value)
    assert text.startswith(f"{path}:{line}:"), text
    assert message in text and "fix:" in text
    assert isinstance(error.value, ResourceError)


@pytest.mark.parametrize(
    "body, message",
    [
        ("kinds:\n  support: {quad_class: friendship}\n", "quad_class"),
        ("kinds:\n  support: {quad_class: verbal_cooperation}\nfr:\n  cues: {}\n", "unknown section 'fr'"),
        ("kinds:\n  support: {quad_class: verbal_cooperation}\nes:\n  cues: {}\n", "has no 'reporting_verbs'"),
        ("kinds: [support\n", "not valid YAML"),
    ],
)
def test_a_bad_file_is_reported(tmp_path, body, message):
    with pytest.raises(LexiconError, match=re.escape(message)):
        load_lexicon(write_lexicon(tmp_path, body))


def test_a_missing_lexicon_file_is_an_error(tmp_path):
    with pytest.raises(LexiconError, match="cannot read"):
        load_lexicon(tmp_path / "nowhere.yaml")


def test_an_edited_lexicon_is_read_again(tmp_path):
    path = write_lexicon(tmp_path, spanish_section("    support:\n      verbs: [apoyar]\n"))
    assert "respaldo" not in load_lexicon(path).language("es").forms
    path.write_text(path.read_text(encoding="utf-8").replace("[apoyar]", "[apoyar, respaldar]"), encoding="utf-8")
    assert load_lexicon(path).language("es").forms["respaldo"].kind == "support"


# ============================================================================ tone


@pytest.mark.parametrize(
    "language, text, sign",
    [
        ("es", "La paz y la cooperación traen estabilidad y prosperidad.", 1),
        ("es", "La guerra y la violencia provocan muerte y destrucción.", -1),
        ("es", "El comité se reunió en la sede.", 0),
        ("es", "No hubo ningún ataque.", 1),   # a negated negative word counts for the other side
        ("en", "The agreement brings peace and stability.", 1),
        ("en", "The war brought death and destruction.", -1),
    ],
)
def test_sentence_tone_sign(lexicon, language, text, sign):
    [tone] = sentence_tones(text, language=language, sentences=split_sentences(text), lexicon=lexicon)
    assert (tone > 0) - (tone < 0) == sign


def test_one_tone_per_sentence_scaled_by_length(lexicon):
    text = "Rusia amenaza. Rusia amenaza a los países vecinos de la región este año.\nSin palabras"
    tones = sentence_tones(text, language="es", sentences=split_sentences(text), lexicon=lexicon)
    assert len(tones) == 3
    assert tones[0] == pytest.approx(-100 / 2)  # (0 - 1) / 2 words x 100
    assert tones[0] < tones[1] < 0
    assert sentence_tones("", language="es", sentences=[], lexicon=lexicon) == []


# ============================================================================ aggregations


@pytest.fixture
def stances_table(lexicon):
    rows = []
    for article, text in [("a1", "China apoya a Rusia. Estados Unidos criticó a China."),
                          ("a2", "China apoya a Rusia. «Apoyaremos a Ucrania», afirmó Trump."),
                          ("a3", "Rusia no condenó a Irán.")]:
        rows += stance_rows(article, stances_of(text, "es", lexicon))
    return pd.DataFrame(rows)


def test_stance_rows_have_the_design_columns(stances_table):
    assert {"article_id", "sentence", "holder_id", "holder_name", "target_id", "target_name", "polarity", "score",
            "cue", "evidence", "kind", "quad_class", "quote"} <= set(stances_table.columns)


def test_net_stance_matrix(stances_table):
    matrix = net_stance_matrix(stances_table)
    assert matrix.loc["China", "Russia"] == pytest.approx(1.2)
    assert matrix.loc["United States", "China"] == pytest.approx(-0.6)
    assert matrix.loc["China", "Iran"] == 0
    by_id = net_stance_matrix(stances_table, by="id", value="mean")
    assert by_id.loc["CHN", "RUS"] == pytest.approx(0.6)
    assert net_stance_matrix(stances_table.iloc[0:0]).empty


def test_cooperation_conflict_timeline_uses_partial_dates(stances_table):
    articles = pd.DataFrame({"article_id": ["a1", "a2", "a3"], "published": ["2024-11-14", "2024-08", ""]})
    by_month = cooperation_conflict_timeline(stances_table, articles, freq="month")
    assert list(by_month["period"]) == ["2024-08", "2024-11"]
    assert by_month.set_index("period").loc["2024-11", "verbal_cooperation"] == 1
    assert by_month.set_index("period").loc["2024-11", "verbal_conflict"] == 1
    assert by_month.set_index("period").loc["2024-08", "net"] == 2
    assert by_month.attrs["excluded"] == {"negated": 1}  # "no condenó" is not a conflict event
    by_day = cooperation_conflict_timeline(stances_table, articles, freq="day")
    assert list(by_day["period"]) == ["2024-11-14"]
    assert by_day.attrs["excluded"]["date less precise than day"] == 2
    with pytest.raises(ValueError, match="freq"):
        cooperation_conflict_timeline(stances_table, articles, freq="week")


def test_quotes_by_speaker(stances_table):
    table = quotes_by_speaker(stances_table)
    assert list(table["holder_name"]) == ["Donald Trump"]
    assert table.loc[0, "quotes"] == 1 and table.loc[0, "targets"] == "Ukraine (1)"


def test_actor_portrayal_averages_the_tone_of_sentences_that_mention_the_actor(lexicon):
    mention_rows, tone_table = [], []
    for article, text in [("a1", "La paz con China trae estabilidad. La guerra de Rusia trae destrucción."),
                          ("a2", "China y Rusia firmaron la paz.")]:
        sentences, mentions = mentions_in(text)
        mention_rows += [{"article_id": article, "sentence": m.sentence, "actor_id": m.actor_id,
                          "actor_name": m.actor_name} for m in mentions]
        tone_table += tone_rows(article, sentence_tones(text, language="es", sentences=sentences, lexicon=lexicon))
    table = actor_portrayal(pd.DataFrame(mention_rows), pd.DataFrame(tone_table)).set_index("actor_id")
    assert table.loc["CHN", "sentences"] == 2 and table.loc["CHN", "articles"] == 2
    assert table.loc["CHN", "tone"] > 0 > table.loc["RUS", "tone"] - table.loc["CHN", "tone"]
    assert table.loc["RUS", "negative"] == 1


# ============================================================================ the seed articles


@pytest.fixture(scope="module")
def seeds(lexicon):
    actors = pytest.importorskip("analysis.actors")
    if not hasattr(actors, "find_mentions"):
        pytest.skip("the actor matcher is not available")
    dictionary = actors.load_dictionary()
    out = {}
    for name in ("000_5cbbeaf474436774.txt", "004_527e663e24d0a76b.txt"):
        text = (ROOT / "seeds" / name).read_text(encoding="utf-8")
        sentences = split_sentences(text)
        mentions = actors.find_mentions(text, language="es", dictionary=dictionary, sentences=sentences)
        out[name[:3]] = extract_stances(text, language="es", sentences=sentences, mentions=mentions, lexicon=lexicon)
    return out


@pytest.mark.parametrize(
    "seed, holder, target, polarity, cue, evidence, quote",
    [
        # Rutte, in a quote opened in the sentence before ("Mark Rutte, dijo que “China ...")
        ("000", "mark-rutte", "CHN", "negative", "hace la vista gorda", "Beijing no puede pretender", True),
        # "una amenaza directa": the exchanges of missile technology, between Russia and North Korea
        ("000", "mark-rutte", "RUS", "negative", "amenaza directa", "una amenaza directa", True),
        ("000", "mark-rutte", "PRK", "negative", "amenaza directa", "una amenaza directa", True),
        # "Esto marca una escalada ...", escribió Borrell: "esto" is the North Korean deployment
        ("000", "josep-borrell", "PRK", "negative", "escalada de la mayor gravedad", "Esto marca una escalada", True),
        ("004", "vladimir-putin", "PRK", "positive", "Agradecimiento", "Putin expresado Agradecimiento", False),
        ("004", "PRK", "RUS", "positive", "Apoyo", "Corea del Norte reaccionó rápidamente Apoyo", False),
        ("004", "PRK", "RUS", "positive", "apoyo técnico", "Corea del Norte enviado Unidades de apoyo", False),
        ("004", "PRK", "RUS", "positive", "Entrega de municiones", "Entrega de municiones a Rusia", False),
        ("004", "PRK", "RUS", "positive", "apoyo", "el apoyo de Corea del Norte para la guerra de Rusia", False),
    ],
)
def test_seed_stances(seeds, seed, holder, target, polarity, cue, evidence, quote):
    found = [s for s in seeds[seed] if (s.holder_id, s.target_id, s.polarity, s.cue) == (holder, target, polarity, cue)]
    assert found, f"{holder} -> {target} ({polarity}, {cue!r}) not in {sorted(short(seeds[seed]))}"
    assert evidence in found[0].evidence
    assert found[0].quote is quote


def test_seed_material_and_verbal_cooperation_of_north_korea_with_russia(seeds):
    classes = {s.quad_class for s in seeds["004"] if (s.holder_id, s.target_id, s.polarity) == ("PRK", "RUS", "positive")}
    assert {"material_cooperation", "verbal_cooperation"} <= classes


def test_seed_invasion_is_russia_against_ukraine_not_north_korea_for_ukraine(seeds):
    pairs = short(seeds["004"])
    assert "RUS>UKR-" in pairs and "PRK>UKR+" not in pairs
