"""Generated English and Spanish training families: what must stay up on a police page, and its harmful mirror."""

# Each family is a handful of hand-written templates (police-page wording from Las Cruces, NM) times slot
# fillers: protected groups, places, officers, commenters. Templates, not sentences, are split between train
# and val: about 20% of the templates of every family and language go to val, picked by a SHA-256 hash of the
# template text, so validation measures wording the model has not seen.
#
# Spelling variants are families of their own: variant_swap, variant_drop, variant_spaced, variant_joined and
# variant_leet come from a sample of the harmful examples and keep their labels; variant_benign comes from a
# smaller sample of the must-stay-up examples (the five kinds mixed) and keeps their zeros. A variant inherits
# the split of the template it came from.
#
# Labels use the attribute names of bot.scoring.train; a missing key means "unknown" and is masked in training.

from __future__ import annotations

import hashlib
import random
import re
import string
import unicodedata
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

ATTRIBUTES: tuple[str, ...] = ("toxicity", "severe_toxicity", "insult", "identity_attack", "threat", "sexual")
LANGS: tuple[str, ...] = ("en", "es")
VAL_FRACTION = 0.2
DEFAULT_SEED = 13
# Share of base examples that also get a misspelled copy: most harmful evasions are misspelled on purpose;
# a few misspelled harmless comments keep "misspelled" from meaning "harmful".
HARMFUL_VARIANT_RATE = 0.3
BENIGN_VARIANT_RATE = 0.06
VARIANT_KINDS: tuple[str, ...] = ("swap", "drop", "spaced", "joined", "leet")


@dataclass(kw_only=True, frozen=True, slots=True)
class FamilyExample:
    text: str
    labels: dict[str, float]  # subset of ATTRIBUTES; a missing key is unknown (masked in training)
    family: str  # e.g. "counter_speech"
    lang: str  # "en" | "es"
    split: str  # "train" | "val"


def _labels(**given: float) -> dict[str, float]:
    return {a: float(given[a]) for a in ATTRIBUTES if a in given}


_ZERO = {a: 0.0 for a in ATTRIBUTES}
CLEAN = dict(_ZERO)
# Profanity or epithets against an institution: clearly not an insult, attack or threat, but whether it is
# "toxic" is a matter of taste, so toxicity stays unknown.
CLEAN_UNRATED = {a: 0.0 for a in ATTRIBUTES if a != "toxicity"}
L_GROUP_ATTACK = _labels(toxicity=1, identity_attack=1, threat=0, sexual=0)
L_GROUP_THREAT = _labels(toxicity=1, severe_toxicity=1, identity_attack=1, threat=1, sexual=0)
L_THREAT = _labels(toxicity=1, severe_toxicity=1, threat=1, identity_attack=0, sexual=0)
L_MENACE = _labels(toxicity=1, threat=1, identity_attack=0, sexual=0)
L_INSULT = _labels(toxicity=1, insult=1, identity_attack=0, threat=0, sexual=0)
L_SEXUAL = _labels(toxicity=1, insult=1, sexual=1, identity_attack=0, threat=0)


# ---------------------------------------------------------------------------------------------------
# Protected groups. ES phrases carry their article; its gender drives {o} ("tod{o}s") agreement.


@dataclass(kw_only=True, frozen=True, slots=True)
class Group:
    key: str
    category: str
    en: tuple[str, ...]  # plural noun phrases: "Muslims"
    en_adj: str  # attributive: "Muslim neighbors"
    en_self: tuple[str, ...]  # "a Muslim woman" (as in "As a Muslim woman, ...")
    es: tuple[tuple[str, str], ...]  # ("los musulmanes", "m")
    es_self: tuple[tuple[str, str], ...]  # ("musulmana", "f") (as in "Soy musulmana")


def _group(key: str, category: str, en: str, adj: str, en_self: str, es: str, es_self: str) -> Group:
    def es_pairs(spec: str, by_article: bool) -> tuple[tuple[str, str], ...]:
        out = []
        for item in spec.split("|"):
            if by_article:
                out.append((item, "f" if item.startswith("las ") else "m"))
            else:
                word, _, gender = item.partition(":")
                out.append((word, gender or "m"))
        return tuple(out)

    return Group(
        key=key, category=category, en=tuple(en.split("|")), en_adj=adj, en_self=tuple(en_self.split("|")),
        es=es_pairs(es, True), es_self=es_pairs(es_self, False),
    )  # fmt: skip


GROUPS: tuple[Group, ...] = (
    _group("black", "race", "Black people|Black folks|African Americans", "Black",
           "a Black man|a Black woman|a Black mom", "los negros|los afroamericanos|las personas negras",
           "afroamericano|negra:f|afroamericana:f"),
    _group("white", "race", "white people|white folks|white guys", "white",
           "a white guy|a white woman", "los blancos|los güeros|las personas blancas", "güero|blanca:f"),
    _group("mexican", "ethnicity", "Mexicans|Mexican people|Mexican Americans", "Mexican",
           "a Mexican American|a Mexican woman|a Mexican dad", "los mexicanos|las mexicanas",
           "mexicano|mexicana:f|mexicoamericano"),
    _group("latino", "ethnicity", "Latinos|Latinas|Latino people", "Latino",
           "a Latina|a Latino dad", "los latinos|las latinas", "latino|latina:f"),
    _group("hispanic", "ethnicity", "Hispanics|Hispanic people", "Hispanic",
           "a Hispanic woman|a Hispanic veteran", "los hispanos|las hispanas", "hispano|hispana:f"),
    _group("asian", "race", "Asians|Asian people|Asian Americans", "Asian",
           "an Asian American|a Korean American woman", "los asiáticos|los chinos|las personas asiáticas",
           "asiático|asiática:f"),
    _group("native", "race", "Native Americans|Native people|Indigenous people", "Native",
           "a Native woman|a Mescalero Apache man", "los indígenas|los nativos americanos|las personas indígenas",
           "indígena:f|indígena:m|nativo americano"),
    _group("arab", "ethnicity", "Arabs|Arab Americans|Arab people", "Arab",
           "an Arab American|an Arab woman", "los árabes|las familias árabes", "árabe|árabe:f"),
    _group("immigrant", "nationality", "immigrants|migrants|undocumented immigrants|refugees|asylum seekers",
           "immigrant", "an immigrant|a DACA recipient|a refugee",
           "los inmigrantes|los migrantes|los indocumentados|los refugiados|los centroamericanos",
           "inmigrante|inmigrante:f|indocumentado|refugiada:f"),
    _group("muslim", "religion", "Muslims|Muslim people|Muslim families", "Muslim",
           "a Muslim|a Muslim woman", "los musulmanes|las musulmanas", "musulmán|musulmana:f"),
    _group("jewish", "religion", "Jews|Jewish people|Jewish families", "Jewish",
           "a Jewish mom|a Jewish man", "los judíos|las familias judías", "judío|judía:f"),
    _group("christian", "religion", "Christians|evangelicals", "Christian",
           "a Christian|an evangelical pastor", "los cristianos|los evangélicos", "cristiano|cristiana:f"),
    _group("catholic", "religion", "Catholics|Catholic people", "Catholic",
           "a Catholic|a lifelong Catholic", "los católicos|las católicas", "católico|católica:f"),
    _group("women", "gender", "women|ladies", "women", "a woman|a single mom",
           "las mujeres|las señoras", "mujer:f|madre soltera:f"),
    _group("men", "gender", "men|guys", "male", "a man|a dad", "los hombres|los señores", "hombre|papá"),
    _group("gay", "sexual_orientation", "gay people|gay men|gays", "gay", "a gay man|a gay dad",
           "los gays|los homosexuales|las personas gay", "gay|gay:f"),
    _group("lesbian", "sexual_orientation", "lesbians|lesbian couples", "lesbian", "a lesbian|a lesbian mom",
           "las lesbianas|las parejas lesbianas", "lesbiana:f"),
    _group("bisexual", "sexual_orientation", "bisexual people|bi people", "bisexual",
           "a bisexual woman|a bi guy", "los bisexuales|las personas bisexuales", "bisexual|bisexual:f"),
    _group("queer", "sexual_orientation", "queer people|queer folks", "queer", "a queer person|a queer Latina",
           "las personas queer|los chavos queer", "queer:f|queer"),
    _group("trans", "gender_identity", "trans people|transgender people|trans women|trans men", "trans",
           "a trans woman|a trans man", "las personas trans|las mujeres trans|los hombres trans|los transgénero",
           "mujer trans:f|hombre trans"),
    _group("disabled", "disability", "disabled people|people with disabilities|people in wheelchairs",
           "disabled", "a disabled vet|a wheelchair user",
           "las personas con discapacidad|los discapacitados|los que andan en silla de ruedas",
           "discapacitado|discapacitada:f"),
    _group("deaf", "disability", "deaf people|Deaf folks", "deaf", "a deaf resident|a Deaf mom",
           "los sordos|las personas sordas", "sordo|sorda:f"),
    _group("blind", "disability", "blind people", "blind", "a blind man|a blind woman",
           "los ciegos|las personas ciegas", "ciego|ciega:f"),
    _group("autistic", "disability", "autistic people|autistic adults", "autistic",
           "an autistic adult|an autistic guy", "los autistas|las personas autistas", "autista|autista:f"),
    _group("elderly", "age", "old people|elderly people|seniors", "older", "a senior|a retired grandpa",
           "los ancianos|los viejitos|las personas mayores", "abuelo|abuela:f|jubilado"),
    _group("homeless", "housing", "homeless people|the homeless|people living on the street", "formerly homeless",
           "someone who was homeless|a formerly homeless vet", "las personas sin hogar|los indigentes|los sin techo",
           "indigente|persona sin hogar:f"),
)  # fmt: skip


def _es_bare(phrase: str) -> str:
    """'los musulmanes' -> 'musulmanes' (for 'lleno de musulmanes')."""
    head, _, rest = phrase.partition(" ")
    return rest if head in ("los", "las") else phrase


def group_terms(group: Group, lang: str) -> tuple[str, ...]:
    """Surface forms of a group in one language, accent-folded and lower-cased (for coverage checks)."""
    if lang == "en":
        forms = [*group.en, group.en_adj, *group.en_self]
    else:
        forms = [_es_bare(p) for p, _ in group.es] + [w for w, _ in group.es_self]
    return tuple(fold(f) for f in forms)


def fold(text: str) -> str:
    """Lower case without accents: the key under which two texts count as the same."""
    nfd = unicodedata.normalize("NFD", text.casefold())
    return "".join(c for c in nfd if unicodedata.category(c) != "Mn")


# ---------------------------------------------------------------------------------------------------
# Slot fillers shared by the templates.

SLOTS: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {
        "place": ("the Walmart on Telshor", "Young Park", "the Mesilla plaza", "the Circle K on Lohman",
                  "the farmers market on Main", "the NMSU campus", "the transit center", "Apodaca Park",
                  "the library on Branigan", "the Picacho Walgreens"),
        "road": ("Lohman", "Picacho", "Valley Drive", "Main Street", "El Paseo", "I-25 at University",
                 "Solano", "Roadrunner Pkwy", "I-10 by the outlet", "Motel Blvd"),
        "event": ("the flood", "the Picacho fire", "the power outage", "last week's storm", "the big crash on Lohman",
                  "the monsoon", "the water main break"),
        "officer": ("Officer Ramirez", "Sgt. Baca", "Officer Lee", "Deputy Chavez", "Officer Thompson",
                    "Detective Nunez", "Officer Gallegos"),
        "user": ("@mike_lc", "@sandra_g575", "@RealTonyNM", "@karen.d", "@jjmartinez", "@lcgrl88",
                 "@tumbleweed_dan", "@organ_mtn_mom"),
        "name": ("Mike", "Sandra", "Tony", "Karen", "Jesse", "Brenda", "Ray", "Dolores"),
        "woman": ("Sandra", "Karen", "Brenda", "Dolores", "The lady in the first comment", "Lupe"),
        "fullname": ("Brenda Lopez on Elm", "Ray Ortega from my work", "Tony Medina down the street",
                     "Karen Hill next door", "Jesse Romero from church"),
        "inst": ("the department", "LCPD", "the city council", "this police department", "DASO",
                 "the mayor's office", "the sheriff's office", "city hall", "the police union"),
        "official": ("the chief", "the sheriff", "the mayor", "the DA", "the city manager", "the police chief"),
        "who": ("neighbors", "volunteers", "residents", "veterans", "coworkers", "business owners"),
        "street": ("Espina St", "Hadley Ave", "Solano Dr", "Alameda Blvd", "Mesa Grande Dr"),
        "food": ("burger", "green chile stew", "brisket", "enchilada plate", "taco truck"),
        "person": ("@mike_lc", "@sandra_g575", "the guy who posted above", "the lady in the first comment",
                   "@RealTonyNM", "that commenter Jesse R.", "my neighbor Brenda on Elm St", "@karen.d"),
    },
    "es": {
        "place": ("el Walmart de la Telshor", "el parque Young", "la plaza de Mesilla", "el Circle K de la Lohman",
                  "el mercado de la Main", "la NMSU", "la central de camiones", "el parque Apodaca",
                  "la biblioteca de la Branigan", "la tiendita de la Solano"),
        "road": ("la Lohman", "la Picacho", "la Valley", "la Main", "El Paseo", "la I-25", "la Solano",
                 "la Motel", "la I-10", "la Amador"),
        "event": ("la inundación", "el incendio de la Picacho", "el apagón", "la tormenta de la semana pasada",
                  "el choque en la Lohman", "las lluvias"),
        "officer": ("Ramírez", "Baca", "Chávez", "Gallegos", "Núñez", "Thompson", "Lee"),
        "user": ("@mike_lc", "@sandra_g575", "@RealTonyNM", "@la_guera_575", "@jjmartinez", "@lcgrl88",
                 "@el_compa_beto", "@mama_de_3"),
        "name": ("Beto", "Sandra", "Toño", "Lupita", "Chuy", "Brenda", "Ray", "Dolores"),
        "woman": ("Sandra", "Lupita", "Brenda", "Dolores", "La güera del comentario de arriba", "Karen"),
        "fullname": ("Brenda López la de la Elm", "Ray Ortega del trabajo", "Toño Medina el de la esquina",
                     "la señora Hill de al lado", "Chuy Romero de la iglesia"),
        "inst": ("el departamento", "la policía de Las Cruces", "el cabildo", "la oficina del sheriff",
                 "el municipio", "la alcaldía", "LCPD", "el sindicato de policías"),
        "official": ("el jefe", "el sheriff", "el alcalde", "el fiscal", "el administrador de la ciudad"),
        "street": ("la Espina", "la Hadley", "la Solano", "la Alameda", "la Mesa Grande"),
        "food": ("las enchiladas", "los chiles rellenos", "los tacos de la troca", "las hamburguesas"),
        "person": ("@mike_lc", "@sandra_g575", "el señor que comentó arriba", "la señora del primer comentario",
                   "@RealTonyNM", "el tal Chuy de los comentarios", "mi vecina Brenda de la Elm", "@la_guera_575"),
    },
}  # fmt: skip


# ---------------------------------------------------------------------------------------------------
# Families. Templates: one per line; {g}/{G} a group, {s} a self-description, other slots from SLOTS.


def _bilingual(block: str) -> dict[str, tuple[str, ...]]:
    """English templates, a '--- es' line, Spanish templates: one template per line."""
    en, _, es = block.partition("--- es")
    return {
        lang: tuple(t.strip() for t in part.splitlines() if t.strip())
        for lang, part in (("en", en), ("es", es))
    }


@dataclass(kw_only=True, frozen=True, slots=True)
class Family:
    name: str
    stays_up: bool
    labels: Mapping[str, float]
    per_template: int  # distinct fillings drawn per template (fewer when the slots allow fewer)
    description: str
    templates: Mapping[str, tuple[str, ...]]
    extra_slots: Mapping[str, Mapping[str, tuple[str, ...]]] = field(default_factory=dict)


COUNTER_SPEECH = Family(name="counter_speech", stays_up=True, labels=CLEAN, per_template=9,
    description="Quoting or condemning hate, quoted slurs included: the speaker opposes the attack.",
    templates=_bilingual("""
        Someone in the comments called {g} "vermin". That's disgusting and it doesn't belong here.
        Saying {g} are animals is bigoted garbage and has no place on this page.
        {user} just wrote that {g} should be run out of town. Reported. Nobody should talk like that.
        I'm tired of seeing people say {g} are a disease. Knock it off, this is our community too.
        To whoever posted that {g} are parasites: that is hate speech, plain and simple.
        Comments like "{g} are all criminals" are exactly why people don't trust this page.
        Calling {g} cockroaches isn't "just an opinion", it's dehumanizing and you should be ashamed.
        My kid read a comment here saying {g} should be shot. Please moderate this page.
        Whoever spray painted "go home {g}" on the wall by {place} needs to be found.
        Telling {g} they don't belong in Las Cruces is bigotry. We all belong here.
        The guy at {place} yelling that {g} are subhuman was arrested, and good.
        "{g} breed like rats" is the kind of thing people said before every atrocity in history. Stop.
        Reminder: if you comment that {g} are a plague you will be blocked, and you should be.
        People calling {g} "invaders" in these comments need to look in a mirror.
        It is never ok to say {g} deserve to die. Not here, not anywhere.
        Someone keyed "{slur}" into my neighbor's truck. That word is vile and whoever did it should be charged.
        Saw "{slur}" written in the comments above. Please delete it, that slur is hateful.
    --- es
        Alguien en los comentarios les dijo "cucarachas" a {G}. Qué asco, eso no debe estar aquí.
        Decir que {G} son animales es racismo y no tiene lugar en esta página.
        {user} acaba de escribir que hay que sacar a {G} del pueblo. Ya lo reporté, nadie debe hablar así.
        Ya estoy harta de leer que {G} son una plaga. Ya párenle, esta comunidad también es suya.
        Al que puso que {G} son parásitos: eso es discurso de odio y punto.
        Comentarios como "tod{o}s {G} son criminales" son la razón por la que nadie confía en esta página.
        Llamar ratas a {G} no es "opinión", es deshumanizar y debería darte vergüenza.
        Mi hijo leyó aquí un comentario que decía que a {G} hay que balacearl{o}s. Por favor moderen esto.
        El que pintó "fuera {g}" en la pared de {place} tiene que responder por eso.
        Decirles a {G} que no pertenecen a Las Cruces es odio. Aquí cabemos todos.
        Arrestaron al señor que gritaba en {place} que {G} no son humanos, y qué bueno.
        "{G} se reproducen como ratas" es lo que se decía antes de cada masacre de la historia. Ya basta.
        Si comentan que {G} son basura los van a bloquear, y está bien.
        No es normal que se diga que {G} merecen morir. Ni aquí ni en ningún lado.
        Alguien le rayó "{slur}" a la troca de mi vecino. Esa palabra es asquerosa y al que fue lo deben acusar.
        Vi que alguien escribió "{slur}" arriba. Bórrenlo por favor, es un insulto racista.
        No manches, ¿en serio alguien dijo que {G} son una enfermedad? Qué vergüenza de comentario.
"""))  # fmt: skip

NEGATED_HATE = Family(name="negated_hate", stays_up=True, labels=CLEAN, per_template=9,
    description="Hateful claims negated or denied: the words of an attack, the opposite meaning.",
    templates=_bilingual("""
        I don't hate {g}. I never have.
        Nobody should say {g} are sick.
        It's not true that {g} are criminals, the numbers show the opposite.
        {g} are not vermin, they're our neighbors.
        I would never tell {g} to leave Las Cruces.
        No one here thinks {g} are a threat to anybody.
        {g} are not the reason crime went up, stop blaming them.
        I don't think {g} are dangerous at all.
        There is nothing wrong with {g}, period.
        Not one of the {g} I know has ever caused trouble at {place}.
        It's a lie that {g} are lazy.
        I refuse to believe {g} are any worse than the rest of us.
        Just because the suspect was one of the {g} doesn't mean {g} are violent.
        We should never treat {g} like second-class citizens.
        {g} don't deserve to be harassed at {place}, nobody does.
    --- es
        No odio a {G}, nunca los he odiado.
        Nadie debería decir que {G} están enferm{o}s.
        No es cierto que {G} sean criminales, los números dicen lo contrario.
        {G} no son una plaga, son nuestros vecinos.
        Yo jamás les diría a {G} que se vayan de Las Cruces.
        Aquí nadie piensa que {G} sean un peligro para nadie.
        {G} no tienen la culpa de que haya subido el crimen, dejen de echarles la culpa.
        No creo que {G} sean peligros{o}s para nada.
        No tiene nada de malo que alguien sea {s}, y ya.
        {G} que conozco nunca han causado problemas en {place}.
        Es mentira que {G} sean floj{o}s.
        Que el sospechoso sea de {G} no quiere decir que tod{o}s sean violent{o}s.
        Nunca deberíamos tratar a {G} como ciudadanos de segunda.
        {G} no merecen que l{o}s acosen en {place}, nadie lo merece.
        No digo que {G} sean malos, digo que el oficial {officer} actuó mal.
"""))  # fmt: skip

IDENTITY_NEUTRAL = Family(name="identity_neutral", stays_up=True, labels=CLEAN, per_template=9,
    description="Plain statements and questions that name a protected group.",
    templates=_bilingual("""
        My neighbors are {g}.
        Are there any resources for {g} who lost power during {event}?
        How many {g} live in Doña Ana County?
        There were a lot of {g} at the town hall last night.
        The new liaison officer will meet with {g} on the east mesa next week.
        Does the department track how many {g} file complaints?
        The {g} I work with were talking about the checkpoint on {road}.
        Is the community meeting at {place} open to {g} from outside city limits?
        My landlord rents mostly to {g}, and the break-ins are the same as anywhere.
        The survey asks if you identify with {g}, is that optional?
        Lots of {adj} {who} use the bus stop at {place}.
        Are there {adj} officers on the force?
        Where do {adj} {who} go to report a stolen car if they don't drive?
        The census says {g} are about a tenth of the city.
    --- es
        Mis vecinos son {g}, llevan años en la cuadra.
        ¿Hay apoyos para {G} que se quedaron sin luz con {event}?
        ¿Cuánt{o}s {g} viven en el condado de Doña Ana?
        Había {g} en la junta de anoche, bastantes.
        El oficial de enlace se va a reunir con {G} del East Mesa la próxima semana.
        ¿El departamento lleva la cuenta de cuántas quejas ponen {G}?
        Con {G} de mi trabajo estábamos platicando del retén en {road}.
        ¿La junta en {place} también es para {G} que viven fuera de la ciudad?
        En mi colonia viven much{o}s {g} y los robos son igual que en todos lados.
        La encuesta pregunta si uno es {s}, ¿es obligatorio contestar?
        Según el censo, {G} son como la décima parte de la ciudad.
        ¿Hay oficiales que sean {g}?
        ¿A dónde van {G} a reportar un robo si no tienen carro?
"""))  # fmt: skip

IDENTITY_POSITIVE = Family(name="identity_positive", stays_up=True, labels=CLEAN, per_template=9,
    description="Praise, thanks and warmth toward a protected group.",
    templates=_bilingual("""
        Our {adj} {who} helped us bail water after {event}.
        {g} on our street organised the whole food drive at {place}. Thank you!
        Thank you for hiring more {adj} officers, it makes a difference.
        {g} in this town show up every single time someone needs help.
        Shout out to the {adj} {who} who cleaned up {road} after the storm.
        Proud to live in a city where {g} feel at home.
        Some of the best people I know are {g}.
        Our {adj} {who} brought burritos to the firefighters, what a community.
        Glad the department is doing outreach with {g}, more of this please.
        Love seeing {g} at the Christmas on the Plaza luminarias every year.
        {g} make Las Cruces better, simple as that.
        The {adj} volunteers at the shelter on Amador are the real heroes.
        Grateful for the {adj} nurses who took care of my mom after the crash on {road}.
    --- es
        La pareja de {g} de al lado nos ayudó a sacar el agua después de {event}.
        {G} organizaron toda la colecta de comida en {place}. ¡Gracias!
        Gracias por contratar más oficiales que sean {g}, sí se nota.
        {G} de este pueblo siempre le echan la mano a quien lo necesita.
        Un saludo a {G} que limpiaron {road} después de la tormenta.
        Qué orgullo vivir en una ciudad donde {G} se sienten en casa.
        Algunos de los mejores vecinos que tengo son {g}.
        {G} del barrio les llevaron burritos a los bomberos, qué bonita comunidad.
        Qué bueno que el departamento trabaje con {G}, más de esto por favor.
        Me encanta ver a {G} en las luminarias de la plaza cada año.
        {G} hacen mejor a Las Cruces, así de simple.
        {G} que ayudan en el albergue de la Amador son l{o}s verdader{o}s héroes.
        Gracias a {G} que cuidaron a mi mamá después del choque en {road}.
"""))  # fmt: skip

SELF_IDENTITY = Family(name="self_identity", stays_up=True, labels=CLEAN, per_template=10,
    description="People describing themselves by a protected identity.",
    templates=_bilingual("""
        As {s}, I felt safe reporting what happened to me.
        I'm {s} and I've lived on the east side for twenty years.
        Speaking as {s}: the new crosswalk on {road} is a huge improvement.
        As {s} I was nervous calling the police, but the officer was respectful.
        I'm {s} and I want to know what the department does about hate crimes.
        I am {s} and proud of it. See y'all at the parade.
        As {s}, thank you {officer} for treating my family with dignity.
        I'm {s} who got pulled over on {road} last week and honestly it went fine.
        Being {s} in Las Cruces has mostly been good for me.
        I'm {s}, and I volunteer at {place} every Saturday.
        As {s}, I'd like to see more officers trained for calls like mine.
    --- es
        Como {s}, me sentí segur{so} al reportar lo que me pasó.
        Soy {s} y llevo veinte años viviendo en el lado este.
        Soy {s} y orgullos{so}.
        Como {s} me daba miedo llamar a la policía, pero el oficial fue muy respetuoso.
        Soy {s} y quiero saber qué hace el departamento con los crímenes de odio.
        Soy {s}, nos vemos en el desfile.
        Como {s}, gracias oficial {officer} por tratar a mi familia con respeto.
        Soy {s}, me pararon en {road} la semana pasada y la verdad todo bien.
        Ser {s} en Las Cruces ha sido bueno para mí casi siempre.
        Soy {s} y soy voluntari{so} en {place} todos los sábados.
        Como {s}, me gustaría que entrenaran a más oficiales para llamadas como la mía.
"""))  # fmt: skip

RECLAIMED = Family(name="reclaimed", stays_up=True, labels=CLEAN, per_template=10,
    description="In-group reclaimed words used warmly by members of the group.",
    templates=_bilingual("""
        Us queers are hosting the vigil at {place} tonight, everyone welcome.
        Dykes on bikes will be leading the pride ride down {road} again this year!
        The gays have arrived at {place} and we brought snacks.
        We're here, we're queer, and we're picking up trash on {road} Saturday.
        Proud Chicano here, thanks to {officer} for helping my abuela.
        Crip pride! Us wheelchair folks finally got the ramp at {place}.
        Queer and proud, and grateful {officer} kept the drag brunch safe.
        Us old farts at the senior center want more patrols on {road}.
        Pocho and proud, my Spanish is bad but my enchiladas are great.
        Shout out to the baby dykes who ran the car wash fundraiser at {place}.
        Just a bunch of queers and allies cleaning up {place}, come join.
    --- es
        Los jotos de Las Cruces vamos a organizar la vigilia en {place}, todos bienvenidos.
        Somos bien maricas y vamos a marchar por {road} el sábado, ¿y qué?
        Las tortilleras del barrio vamos a vender tamales en {place} para la colecta.
        Pocho y orgulloso, hablo mocho pero ahí nos vemos en {place}.
        Chicana y orgullosa, gracias al oficial {officer} por ayudar a mi abuela.
        Las viejitas del centro de jubilados pedimos más patrullas en {road}.
        Aquí andamos los jotos limpiando {place}, vénganse.
        Somos queer, somos de aquí y vamos a estar en {place} el domingo.
        La raza del Mesquite sacamos la basura de {road}, así se hace.
        Ya llegamos las maricas a la kermés de {place}, traemos botanas.
"""))  # fmt: skip

PROFANITY_UNAIMED = Family(name="profanity_unaimed", stays_up=True, labels=CLEAN_UNRATED, per_template=8,
    description="Profanity not aimed at anyone: weather, traffic, relief, surprise.",
    templates=_bilingual("""
        This is bullshit, {road} is still closed.
        Holy shit, look at the smoke over {road}.
        Damn, the traffic on {road} is fucking insane today.
        What the hell happened at {place}?
        Shit, I hope everyone got out of {event} ok.
        Fuck, that wreck on {road} looks bad. Hope they're alright.
        It's hot as hell out here, stay hydrated y'all.
        Goddamn, {event} flooded my whole street again.
        Crap, my car got towed from {place}.
        Hell yeah, they caught the guy stealing catalytic converters near {place}!
        Fucking finally, the light at {road} got fixed.
        Damn straight, more patrols on {road} please.
        Holy crap, the hail at {place} just now.
        Well that's a shitty way to start the morning, {road} backed up to the interstate.
        No fucking way, the {food} place on {road} is closing?
    --- es
        Qué pinche calor hace hoy.
        No mames, otra vez el tráfico en {road}.
        A la verga, ¿ya vieron el humo por {road}?
        Chingado, otra vez se fue la luz por {event}.
        Qué desmadre hay en {place}, ¿qué pasó?
        Ya valió, cerraron {road} otra vez.
        Pinche lluvia, se inundó toda la calle con {event}.
        No manches, qué fuerte el choque en {road}, ojalá estén bien.
        Puta madre, se me ponchó la llanta en {road}.
        Qué chingón que agarraron al ratero de {place}.
        Está de la chingada el tráfico en {road}.
        Me lleva, se llevaron mi carro de {place} con la grúa.
        Híjole, qué granizada cayó en {place}, no mames.
        Ni madres, ¿en serio van a cerrar {place}?
"""))  # fmt: skip

POLICE_CRITICISM = Family(name="police_criticism", stays_up=True, labels=CLEAN_UNRATED, per_template=7,
    description="Harsh criticism of police, officials and government, epithets and lawful punishment demands included.",
    templates=_bilingual("""
        ACAB, and that includes the ones who look the other way.
        {inst} is a corrupt fascist department and everyone in this town knows it.
        {official} is a clown and should resign today.
        Defund LCPD and put the money into mental health calls.
        Pigs protecting pigs, same as always.
        {officer} should be fired and prosecuted for what he did on {road}.
        {officer} should be charged, convicted and sentenced to life.
        The death penalty for the killer is deserved, I hope the jury gives it.
        Oink oink, another cover-up from {inst}.
        {inst} lies every time there's a shooting. Release the bodycam, you cowards.
        These pigs ticket working people on {road} while the real crime goes on.
        {official} is a spineless liar who protects bad cops.
        Fuck the police. {inst} has earned every bit of distrust it gets.
        {inst} is a gang with badges and a PR team.
        Lock up the officers who beat that man at {place}. Throw away the key.
        Vote {official} out. Incompetent, arrogant and useless.
        Another lawsuit, another payout. {inst} is a disgrace to this city.
    --- es
        Puercos corruptos, como siempre.
        La policía es una vergüenza para Las Cruces.
        {inst} es un nido de corruptos, aquí todos lo sabemos.
        Que corran al oficial {officer} y lo metan a la cárcel.
        {official} es un payaso y debe renunciar ya.
        Cerdos, siempre tapándose entre ellos.
        Ojalá le den cadena perpetua al asesino, se lo merece.
        La pena de muerte para el asesino sería justicia.
        Fuera los corruptos de {inst}.
        Quiten el presupuesto a LCPD y que lo usen en salud mental.
        Pinches puercos, nomás sirven para multar en {road}.
        ACAB, todos los policías son iguales.
        {official} es un mentiroso cobarde que protege a los malos policías.
        {inst} es una pandilla con placa.
        Que enjuicien a los oficiales que golpearon al señor en {place}.
        Otra demanda y otro pago. {inst} es una vergüenza.
        Suelten el video de la cámara, cobardes, ¿qué esconden?
"""))  # fmt: skip

VIOLENT_IDIOM = Family(name="violent_idiom", stays_up=True, labels=CLEAN, per_template=8,
    description="Violent words used idiomatically, and news reports of violent events.",
    templates=_bilingual("""
        That {food} from the place on {road} killed it.
        Shoot me a message if you saw anything near {place}.
        The suspect was shot by deputies last night near {road}, according to DASO.
        I'm dying, this post is hilarious.
        {officer} absolutely killed it at the community 5k.
        My feet are killing me after the parade on {road}.
        Police said a man was stabbed outside {place} around 2 a.m.
        One person was killed in the crash on {road} this morning.
        Deputies exchanged gunfire with a suspect near {place}; no officers were hurt.
        I could murder a green chile cheeseburger right now.
        The Aggies destroyed UTEP last night.
        That band blew the roof off {place}.
        The {food} at the fair is to die for.
        Officers responded to a shooting on {road}; the victim is in stable condition.
        Took a shot at the recruitment test, wish me luck.
    --- es
        Me muero de risa con los comentarios de este post, jajaja.
        Esa banda la rompió anoche en {place}.
        Mándame mensaje si viste algo por {place}.
        Según DASO, el sospechoso recibió un disparo de los agentes anoche cerca de {road}.
        El tráfico de {road} me está matando.
        {food} de ese lugar están de muerte.
        Murió un hombre en el choque de {road} esta mañana.
        Le dispararon a un hombre afuera de {place}, dice el reporte.
        Estoy muerta de cansancio después del desfile.
        Los Aggies destrozaron a UTEP.
        El oficial {officer} se la rifó en la carrera de la comunidad.
        Hubo balazos cerca de {place}, la policía dice que no hay heridos.
        Me mató de la risa el video del perrito en la patrulla.
        Apuñalaron a un muchacho en {road}, ya detuvieron al responsable.
"""))  # fmt: skip

IMPLICIT_DEROGATION = Family(name="implicit_derogation", stays_up=False, labels=L_GROUP_ATTACK, per_template=8,
    description="Derogation of a group without a slur: stereotypes, exclusion, contempt.",
    templates=_bilingual("""
        {g} are a disease on this town.
        Everything went downhill once {g} moved onto the east mesa.
        {g} don't belong in Las Cruces.
        You can always tell when {g} move in, the crime goes up.
        {g} are the reason this city is falling apart.
        Keep {g} out of our neighborhoods.
        {g} should go back to wherever they crawled out of.
        Nothing good has ever come from {g}.
        {g} can't be trusted with anything.
        We'd have half the crime if there were fewer {g} in town.
        Of course it was one of those {g} again.
        I'd never rent to {g}, they wreck the place.
        {g} ruin every neighborhood they touch.
        Hire fewer {adj} officers and the department might work.
        {g} are all liars and thieves, every last one.
    --- es
        {G} son una enfermedad para este pueblo.
        Desde que llegaron {G} el barrio se echó a perder.
        {G} no deberían vivir en Las Cruces.
        {G} nomás vienen a robar.
        {G} tienen la culpa de todo lo malo que pasa aquí.
        No se puede confiar en {G} para nada.
        Habría la mitad de crimen si hubiera menos {g} en el pueblo.
        Claro que fue alguien de {G}, como siempre.
        Nunca le rentaría a {G}, destrozan todo.
        {G} ensucian todo lo que tocan.
        {G} no sirven para nada.
        Hay que sacar a {G} de nuestras colonias.
        {G} son tod{o}s un{o}s mentiros{o}s y ratas.
        Que se regresen {G} por donde vinieron.
        Donde hay {g} hay problemas, así de fácil.
"""))  # fmt: skip

DEHUMANISATION = Family(name="dehumanisation", stays_up=False, labels=L_GROUP_ATTACK, per_template=8,
    description="A group called vermin, animals, parasites, filth: not people.",
    templates=_bilingual("""
        {g} are vermin.
        {g} are animals and should be treated like animals.
        {g} are parasites living off our taxes.
        {g} are cockroaches, they're everywhere now.
        {g} are subhuman.
        {g} breed like rats.
        {g} are a plague on Las Cruces.
        {g} are filthy animals.
        {g} aren't even human.
        That part of town is infested with {g}.
        {g} are garbage, not people.
        {g} are like a swarm of locusts.
        {g} are a cancer, cut them out.
        Those {g} at {place} are like stray dogs.
    --- es
        {G} son unas cucarachas.
        {G} son animales y hay que tratarl{o}s como animales.
        {G} son parásitos que viven de nuestros impuestos.
        {G} son una plaga.
        {G} son basura, no son personas.
        {G} se reproducen como ratas.
        {G} ni siquiera son human{o}s.
        Esa parte del pueblo está infestada de {g}.
        {G} son una peste para Las Cruces.
        {G} son unos animales asquerosos.
        {G} son como perros callejeros.
        {G} son un cáncer, hay que arrancarl{o}s.
        {G} son unas alimañas.
        Es{o}s {g} de {place} son pura plaga.
"""))  # fmt: skip

GROUP_THREAT = Family(name="group_threat", stays_up=False, labels=L_GROUP_THREAT, per_template=8,
    description="Threats of violence against a protected group.",
    templates=_bilingual("""
        Someone should shoot every one of the {g} at {place}.
        We're going to clean this neighborhood of {g}.
        Time to round up the {g} and burn them out.
        If I see any {g} at {place} tomorrow they're getting hurt.
        Let's go hunt some {g} this weekend.
        {g} need to be wiped out.
        I'll run over any {g} blocking {road}.
        Bring your guns, the {g} are meeting at {place} tonight.
        Every one of those {g} deserves a bullet.
        Burn their houses down and drive the {g} out.
        The {g} will get what's coming Saturday, bring bats.
        I hope someone bombs {place} while the {g} are there.
        Gonna start shooting {g} on sight.
        Next one of those {g} who moves onto my street is getting their house torched.
    --- es
        Vamos a limpiar este barrio de {g}.
        Alguien debería balacear a {G} de {place}.
        Hay que quemarles las casas a {G}.
        Si veo a {G} en {place} mañana, se l{o}s va a llevar la chingada.
        Traigan sus armas, {G} se juntan en {place} esta noche.
        A {G} hay que exterminarl{o}s.
        Vamos a cazar {g} este fin de semana.
        Ojalá alguien ponga una bomba en {place} cuando estén {G}.
        {G} van a pagar, vamos con bates el sábado.
        A tod{o}s {G} les hace falta un balazo.
        Voy a atropellar a {G} que bloquean {road}.
        Hay que sacar a {G} a balazos de Las Cruces.
        Si se muda otra familia de {g} a mi calle, le quemo la casa.
        Vamos a matar a {G} un{o} por un{o}.
"""))  # fmt: skip

OFFICER_THREAT = Family(name="officer_threat", stays_up=False, labels=L_THREAT, per_template=9,
    description="Threats of violence against officers, officials and police buildings.",
    templates=_bilingual("""
        Next cop who stops me on {road} gets a bullet.
        I'm going to put a bullet in {officer}.
        Somebody should burn down {inst} with everyone inside.
        I know where {officer} lives and I'm going over there tonight.
        Pull me over on {road} again and I'll kill one of you pigs.
        We're going to blow up the substation on {road}.
        I'll run over the next deputy at the checkpoint on {road}.
        Gonna start shooting at patrol cars on {road}.
        Whoever arrested my brother at {place} is a dead man.
        {official} needs a bullet in the head.
        Let's burn city hall down with {official} inside.
        I'm bringing my rifle to {place} and taking out every cop I see.
        Kill all cops, starting with {officer}.
        {officer}, I'm going to find you and end you.
    --- es
        Le voy a meter un balazo al oficial {officer}.
        Al próximo policía que me pare en {road} le meto un plomazo.
        Vamos a quemar {inst} con todos adentro.
        Sé dónde vive el oficial {officer} y voy para allá esta noche.
        Ese puerco que arrestó a mi carnal en {place} ya está muerto.
        Vamos a balacear las patrullas en {road}.
        Hay que darle un tiro en la cabeza a {official}.
        Voy a atropellar al próximo agente del retén de {road}.
        Les vamos a poner una bomba en la comandancia.
        Si me vuelven a parar en {road}, mato a uno de ustedes.
        Voy a llevar el rifle a {place} y me voy a echar a todos los policías que vea.
        Maten a todos los policías, empiecen con {officer}.
        Oficial {officer}, te voy a encontrar y te voy a matar.
        Hay que quemar la alcaldía con {official} adentro.
"""))  # fmt: skip

MENACE_WARNING = Family(name="menace_warning", stays_up=False, labels=L_MENACE, per_template=9,
    description="Menace worded as a warning, a wish or a veiled hint: no verb of violence needed.",
    templates=_bilingual("""
        Enjoy your shift while you can, some of you won't make it home.
        We know where you park, {officer}.
        We know which school {officer}'s kids go to.
        Would be a shame if something happened to your family, {officer}.
        Watch your back on night shift, {officer}.
        Sleep with one eye open, {officer}.
        Your badge won't protect you forever, {officer}.
        Tell {officer} to check under his car before he drives home.
        I wouldn't drive down {road} alone if I were a cop this weekend.
        Things are about to get real ugly for you pigs on {road}. Soon.
        Nice house on {street}, officer. Be a shame if it burned.
        {user} we know where you live. See you soon.
        Some of you at {inst} are going to learn the hard way. Count the days.
        Hug your kids tonight, {officer}. Just saying.
    --- es
        Cuídense mucho, que no todos van a regresar a casa esta noche.
        Sería una pena que le pasara algo a su familia.
        Sabemos dónde se estacionan en {place}.
        Disfruten su turno mientras puedan, oficial {officer}.
        Sabemos a qué escuela van los hijos de {officer}.
        Duerma con un ojo abierto, oficial {officer}.
        Esa placa no lo va a proteger para siempre, oficial {officer}.
        Yo que usted revisaba debajo de la patrulla antes de arrancar, oficial {officer}.
        Qué bonita casa tiene en {street}, oficial. Sería una lástima que se quemara.
        Un día de estos les va a tocar a ustedes en {road}.
        Ya les llegará su hora, puercos de {inst}.
        {user} ya sabemos dónde vives, al rato nos vemos.
        Abrace a sus hijos esta noche, oficial {officer}. Nomás digo.
        Yo no andaría solo por {road} si fuera policía este fin.
"""))  # fmt: skip

AIMED_INSULT = Family(name="aimed_insult", stays_up=False, labels=L_INSULT, per_template=8,
    description="Insults aimed at a person: another commenter or a named private person.",
    templates=_bilingual("""
        {user} you're a fucking idiot.
        Shut up {user}, nobody asked you, moron.
        {user} is the dumbest person in this whole comment section.
        You're pathetic, {name}. Get a life.
        {user} go back under your bridge, troll.
        What a braindead take, {user}.
        {user} you are a worthless piece of trash.
        {fullname} is a lying scumbag, everyone on the block knows it.
        {user} nobody likes you, loser.
        Imagine being as stupid as {user}.
        {user} get off the internet you clown.
        {name}, you ugly waste of space, nobody cares what you think.
        {user} your mom should've raised you better, you absolute jackass.
    --- es
        {user} eres un pendejo.
        Cállate {user}, nadie te preguntó, idiota.
        {user} es la persona más estúpida de todos los comentarios.
        Das lástima, {name}. Búscate una vida.
        {user} eres una basura de persona.
        Qué comentario tan imbécil, {user}.
        {user} nadie te quiere, perdedor.
        {fullname} es un pinche mentiroso y ratero, toda la cuadra lo sabe.
        {user} vete a la verga, payaso.
        {user} tienes el cerebro de una piedra.
        {name}, estás bien menso, nadie te pidió tu opinión.
        {user} qué naco y qué ignorante eres.
        {user} cierra el hocico, baboso.
"""))  # fmt: skip

SEXUAL_HARASSMENT = Family(name="sexual_harassment", stays_up=False, labels=L_SEXUAL, per_template=8,
    description="Sexual comments aimed at a person.",
    templates=_bilingual("""
        {user} send me pics, I know you want it.
        Officer {officer} can frisk me anytime, nice ass.
        {user} I'd bend you over that patrol car.
        Hey {user}, show us those tits.
        Nice legs in your profile pic {user}, I'd love to get you alone.
        {woman} from the comments looks like she'd be good in bed.
        {user} sit on my face.
        That female officer at the press conference, damn I'd smash.
        {user} come over tonight and I'll show you what a real man does.
        {woman} dresses like she's begging for it.
    --- es
        {user} mándame fotos, mamacita.
        Qué buenas nalgas tiene la oficial {officer}.
        {user} te hacía de todo en la patrulla.
        Enséñanos las chichis, {user}.
        {user} estás bien buena, te quiero a solas.
        A la oficial {officer} me la cogía.
        {user} qué rico culo, pásame tu número.
        {woman} se viste como si anduviera pidiendo que se la cojan.
        {user} ven a mi casa y te enseño lo que es un hombre.
        La chava de la conferencia de prensa está para darle toda la noche.
"""))  # fmt: skip

# The same insult aimed at the institution (stays up) and at a commenter or private person (insult 1).
# Both families use one template list, so each template sits in the same split on both sides.
CONTRAST_TEMPLATES = _bilingual("""
        {T} is a joke.
        {T} is a complete disgrace.
        {T} is full of shit.
        {T} is pathetic and useless.
        {T} is the dumbest thing in this city.
        {T} is garbage, plain and simple.
        {T} is a clown show.
        What a spineless coward {T} is.
        {T} should be ashamed, what a pathetic excuse.
        Nobody takes {T} seriously anymore, what a joke.
        {T} is a bunch of lying idiots.
        Honestly {T} is the worst, trash through and through.
    --- es
        {T} es un chiste.
        {T} es una vergüenza.
        {T} es una basura.
        {T} no sirve para nada.
        Qué asco da {T}.
        {T} da pena ajena.
        {T} es lo más patético de Las Cruces.
        {T} es un payaso.
        Qué inútil es {T}.
        Nadie toma en serio a {T}, qué ridiculez.
        {T} es un montón de mentiras y estupideces.
        La neta {T} es lo peor, pura basura.
""")  # fmt: skip
TARGET_INSTITUTION = Family(
    name="target_institution", stays_up=True, labels=CLEAN_UNRATED, per_template=8,
    description="Contrast pair, institution side: an insult aimed at the department, council or city stays up.",
    templates=CONTRAST_TEMPLATES,
    extra_slots={lang: {"T": SLOTS[lang]["inst"]} for lang in LANGS},
)  # fmt: skip
TARGET_PERSON = Family(
    name="target_person", stays_up=False, labels=L_INSULT, per_template=8,
    description="Contrast pair, person side: the same insult aimed at a commenter or a private person.",
    templates=CONTRAST_TEMPLATES,
    extra_slots={lang: {"T": SLOTS[lang]["person"]} for lang in LANGS},
)  # fmt: skip

FAMILIES: tuple[Family, ...] = (
    COUNTER_SPEECH, NEGATED_HATE, IDENTITY_NEUTRAL, IDENTITY_POSITIVE, SELF_IDENTITY, RECLAIMED,
    PROFANITY_UNAIMED, POLICE_CRITICISM, VIOLENT_IDIOM, TARGET_INSTITUTION,
    IMPLICIT_DEROGATION, DEHUMANISATION, GROUP_THREAT, OFFICER_THREAT, MENACE_WARNING, AIMED_INSULT,
    SEXUAL_HARASSMENT, TARGET_PERSON,
)  # fmt: skip
VARIANT_DESCRIPTIONS: dict[str, str] = {
    "variant_swap": "Harmful examples with two adjacent letters of a key word swapped.",
    "variant_drop": "Harmful examples with one letter of a key word dropped.",
    "variant_spaced": "Harmful examples with the letters of a key word spaced out.",
    "variant_joined": "Harmful examples with a key word joined to its neighbours (killallcops).",
    "variant_leet": "Harmful examples with a key word in leet (a->4/@, e->3, i->1, o->0, s->5/$).",
    "variant_benign": "Must-stay-up examples misspelled the same five ways, labels unchanged.",
}

# Slurs quoted in counter-speech (condemned, never used): the words must not by themselves mean "hide".
QUOTED_SLURS: dict[str, tuple[str, ...]] = {
    "en": ("wetback", "illegals go home", "towelhead", "fag", "tranny", "retard", "beaner", "savage"),
    "es": ("mojado", "indio pata rajada", "maricón", "mongolito", "sudaca", "joto de mierda", "naco"),
}  # fmt: skip


# ---------------------------------------------------------------------------------------------------
# Expansion.


def stable_hash(text: str) -> int:
    """A hash that does not change between runs or machines (python's hash() is salted)."""
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "big")


def val_templates(templates: Sequence[str], fraction: float = VAL_FRACTION) -> frozenset[str]:
    """The templates held out for validation: the lowest-hashed ~fraction of them, at least one."""
    n_val = max(1, round(len(templates) * fraction))
    return frozenset(sorted(templates, key=stable_hash)[:n_val])


def _slot_names(template: str) -> list[str]:
    return [name for _, name, _, _ in string.Formatter().parse(template) if name]


@dataclass(kw_only=True, slots=True)
class _Draft:
    text: str
    family: Family
    lang: str
    split: str
    keys: tuple[str, ...]  # words a variant should misspell (the group, the target)


_NOT_HEADS = frozenset(
    {"the", "people", "folks", "with", "formerly", "personas", "familias", "parejas", "chavos", "sin"}
)


def _head(phrase: str) -> str:
    """The word of a group phrase that names the group: 'people with disabilities' -> 'disabilities'."""
    words = [w for w in phrase.split() if w.lower() not in _NOT_HEADS]
    return words[0] if words else phrase.split()[-1]


_GROUP_SLOTS = frozenset({"g", "G", "adj", "s", "o", "so"})


def _fill(
    template: str, fam: Family, lang: str, group: Group, rng: random.Random
) -> tuple[str, tuple[str, ...]]:
    names = _slot_names(template)
    if lang == "en":
        values = {"g": rng.choice(group.en), "adj": group.en_adj, "s": rng.choice(group.en_self)}
        keys = [_head(values[k]) for k in ("g", "adj") if k in names]
    else:
        (phrase, gender), (self_word, self_gender) = rng.choice(group.es), rng.choice(group.es_self)
        values = {"G": phrase, "g": _es_bare(phrase), "s": self_word}
        values |= {"o": "o" if gender == "m" else "a", "so": "o" if self_gender == "m" else "a"}
        keys = [_head(_es_bare(phrase))] if {"g", "G"} & set(names) else []
    extra = fam.extra_slots.get(lang, {})
    for name in names:
        if name in _GROUP_SLOTS:
            continue
        if name in extra:
            values[name] = rng.choice(extra[name])
        elif name == "slur":
            values[name] = rng.choice(QUOTED_SLURS[lang])
        else:
            values[name] = rng.choice(SLOTS[lang][name])
    text = template.format(**values)
    if lang == "es":
        text = text.replace(" a el ", " al ").replace(" de el ", " del ")
    return text[:1].upper() + text[1:], tuple(keys)


def _strip_accents(text: str) -> str:
    # Many people type Spanish without accents (and ü as u) but keep ñ.
    out = []
    for ch in text:
        if ch in "ñÑ":
            out.append(ch)
            continue
        nfd = unicodedata.normalize("NFD", ch)
        out.append("".join(c for c in nfd if unicodedata.category(c) != "Mn"))
    return "".join(out)


def _casual(text: str, lang: str, rng: random.Random) -> str:
    """How comments are really typed: sometimes all lower case, no final stop, Spanish without accents."""
    if lang == "es" and rng.random() < 0.4:
        text = _strip_accents(text)
    if rng.random() < 0.25:
        text = text.lower()
    if rng.random() < 0.3 and text.endswith("."):
        text = text[:-1]
    return text


def _expand(fam: Family, lang: str, seed: int) -> list[_Draft]:
    rng = random.Random(f"{seed}:{fam.name}:{lang}")
    templates = fam.templates[lang]
    held_out = val_templates(templates)
    # Groups are dealt in a shuffled rotation so that every group is used before any is used twice.
    order = list(GROUPS)
    rng.shuffle(order)
    turn = 0
    drafts: list[_Draft] = []
    for template in templates:
        split = "val" if template in held_out else "train"
        uses_group = bool(_GROUP_SLOTS & set(_slot_names(template)))
        seen: set[str] = set()
        for _ in range(fam.per_template * 4):
            if len(seen) >= fam.per_template:
                break
            group = order[turn % len(order)]
            text, keys = _fill(template, fam, lang, group, rng)
            key = fold(text)
            if key in seen:
                continue
            seen.add(key)
            if uses_group:
                turn += 1
            drafts.append(
                _Draft(text=_casual(text, lang, rng), family=fam, lang=lang, split=split, keys=keys)
            )
    return drafts


# ---------------------------------------------------------------------------------------------------
# Spelling variants.

_KEYWORDS = frozenset(
    """cop cops pig pigs bullet shoot shooting kill dead burn bomb idiot moron trash loser clown stupid joke
    vermin parasites cockroaches animals rats subhuman plague disease garbage cancer hunt wiped torched coward
    jackass scumbag tits smash police officer deputy rifle guns bats disgrace pathetic useless dumbest idiots
    balazo plomazo balacear matar mato muerto quemar quemo bomba pendejo idiota basura estupida cucarachas
    plaga parasitos animales ratas nalgas chichis culo buena policia policias puercos exterminarlos cazar
    exterminarlas balazos payaso perdedor imbecil patrulla patrullas tiro cogia chiste verguenza inutil
    patetico mentiras estupideces""".split()  # noqa: SIM905 (a word list reads better as text)
)
_LEET = {"a": ("4", "@"), "e": ("3",), "i": ("1",), "o": ("0",), "s": ("5", "$")}
_WORD = re.compile(r"[^\W\d_]+")
_HANDLE = re.compile(r"@\S+")  # an @handle is a name, not the word an evader would disguise


def _key_position(text: str, keys: Sequence[str], rng: random.Random) -> tuple[int, int] | None:
    """Character span of the word to misspell: a key slot value, else a keyword, else the longest word."""
    handles = [m.span() for m in _HANDLE.finditer(text)]
    words = [
        m
        for m in _WORD.finditer(text)
        if len(m.group()) >= 4 and not any(a <= m.start() < b for a, b in handles)
    ]
    if not words:
        return None
    wanted = {fold(k) for k in keys}
    for pool in (
        [m for m in words if fold(m.group()) in wanted],
        [m for m in words if fold(m.group()) in _KEYWORDS],
    ):
        if pool:
            m = rng.choice(pool)
            return m.start(), m.end()
    m = max(words, key=lambda w: len(w.group()))
    return m.start(), m.end()


def misspell(text: str, kind: str, keys: Sequence[str], rng: random.Random) -> str | None:
    """The text with its key word misspelled one way; None when the text has no word to misspell."""
    span = _key_position(text, keys, rng)
    if span is None:
        return None
    start, end = span
    word = text[start:end]
    if kind == "swap":
        spots = [i for i in range(1, len(word) - 1) if word[i] != word[i + 1]]
        if not spots:
            return None
        i = rng.choice(spots)
        new = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    elif kind == "drop":
        i = rng.randrange(1, len(word) - 1)
        new = word[:i] + word[i + 1 :]
    elif kind == "spaced":
        new = " ".join(word)
    elif kind == "leet":
        new = "".join(rng.choice(_LEET[c.lower()]) if c.lower() in _LEET else c for c in word)
        if new == word:
            return None
    elif kind == "joined":
        tokens = text.split()
        bare = [t.strip(string.punctuation + "¿¡") for t in tokens]
        if len(tokens) <= 5:
            return "".join(bare).lower() or None
        # the key word and the two words before it (or after it, at the start), as in "killallcops"
        at = next((i for i, t in enumerate(bare) if t == word), None)
        if at is None:
            return None
        lo = max(0, at - 2)
        hi = min(len(tokens), lo + 3)
        joined = "".join(bare[lo:hi]).lower()
        return " ".join([*tokens[:lo], joined, *tokens[hi:]])
    else:
        raise ValueError(f"unknown variant kind {kind!r}; expected one of {VARIANT_KINDS}")
    return text[:start] + new + text[end:]


def _variants(drafts: Sequence[_Draft], seed: int) -> list[FamilyExample]:
    rng = random.Random(f"{seed}:variants")
    out: list[FamilyExample] = []
    turn = 0
    for d in drafts:
        rate = BENIGN_VARIANT_RATE if d.family.stays_up else HARMFUL_VARIANT_RATE
        if rng.random() >= rate:
            continue
        # Cycle through the kinds so each gets its share; skip forward when one does not apply.
        for step in range(len(VARIANT_KINDS)):
            kind = VARIANT_KINDS[(turn + step) % len(VARIANT_KINDS)]
            text = misspell(d.text, kind, d.keys, rng)
            if text and text != d.text:
                turn += step + 1
                family = "variant_benign" if d.family.stays_up else f"variant_{kind}"
                out.append(
                    FamilyExample(
                        text=text, labels=dict(d.family.labels), family=family, lang=d.lang, split=d.split
                    )
                )
                break
    return out


# ---------------------------------------------------------------------------------------------------
# Public API.


def keep_first(examples: Sequence[FamilyExample]) -> list[FamilyExample]:
    """Each text (up to case, accents and end punctuation) once: train wins over val, earlier over later."""
    # Train wins so the splits never share a text; the first family wins so one text never carries two sets
    # of labels.
    first: dict[str, int] = {}
    for i, ex in sorted(enumerate(examples), key=lambda p: (p[1].split != "train", p[0])):
        first.setdefault(fold(ex.text).strip(" .!?"), i)
    keep = set(first.values())
    return [ex for i, ex in enumerate(examples) if i in keep]


def all_families(extra: bool = True) -> tuple[Family, ...]:
    """The families generate() expands: these, plus (extra) those of families_violence, _community and _veiled."""
    if not extra:
        return FAMILIES
    # Both modules import this one: import late.
    from bot.scoring.families_community import COMMUNITY_FAMILIES
    from bot.scoring.families_veiled import VEILED_FAMILIES
    from bot.scoring.families_violence import VIOLENCE_FAMILIES

    return FAMILIES + VIOLENCE_FAMILIES + COMMUNITY_FAMILIES + VEILED_FAMILIES


def generate(seed: int = DEFAULT_SEED, extra: bool = True) -> list[FamilyExample]:
    """Every family in both languages, deterministic for a seed; no text (folded) is in both splits."""
    drafts = [d for fam in all_families(extra) for lang in LANGS for d in _expand(fam, lang, seed)]
    examples = [
        FamilyExample(
            text=d.text, labels=dict(d.family.labels), family=d.family.name, lang=d.lang, split=d.split
        )
        for d in drafts
    ]
    examples += _variants(drafts, seed)
    return keep_first(examples)


def family_table(seed: int = DEFAULT_SEED, extra: bool = True) -> list[dict[str, Any]]:
    """One row per (family, lang) for the model card: whether it must stay up, its sizes, what it is."""
    counts = Counter((ex.family, ex.lang, ex.split) for ex in generate(seed, extra))
    meta: dict[str, tuple[bool, str]] = {f.name: (f.stays_up, f.description) for f in all_families(extra)}
    for name, description in VARIANT_DESCRIPTIONS.items():
        meta[name] = (name == "variant_benign", description)
    return [
        {
            "family": name, "lang": lang, "stays_up": stays_up,
            "n_train": counts[(name, lang, "train")], "n_val": counts[(name, lang, "val")],
            "description": description,
        }
        for name, (stays_up, description) in meta.items()
        for lang in LANGS
    ]  # fmt: skip
