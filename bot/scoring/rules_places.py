"""Doxxing cues as people write them here: house numbers, bare street addresses with an apartment, house
descriptions, vehicle plates and a relative's account or the children's school, tied to an officer or a private
person (English and Spanish), with the author's own home, reports and emergencies left alone."""

from __future__ import annotations

from typing import TYPE_CHECKING

import re2

from bot.scoring.normalize import Normalized, lexicon
from bot.scoring.rule_kit import add, rx

if TYPE_CHECKING:
    from bot.scoring.rules import RuleResult

_COLOURS = (
    r"(?:blanca|blanco|azul|roja|rojo|verde|amarilla|amarillo|gris|cafe|beige|rosa|rosada|negra|negro|morada|"
    r"anaranjada|plateada|plateado|white|blue|red|green|yellow|gray|grey|tan|brown|pink|black|purple|orange|silver)"
)
# Someone's home: the verb or phrase that ties a place to a person ("vive en", "su casa es", "lives at").
RESIDENCE = rx(
    r"\b(?:lives|live|living|stays|staying|resides|sleeps|vive|viven|se queda|se quedan|duerme|"
    r"(?:his|her|their|su) (?:house|home|casa|apartment|apartamento|depto|departamento|traila) (?:is|es|esta)|"
    r"house is|home is|casa es|la casa del?|(?:el|la|los|las) de la casa|(?:el|la) del? (?:departamento|depto|apartamento|apt|"
    r"apto|interior|int))\b"
)
# A house number: "numero 1612", "# 1440", "no 915"; or a number right after "la/el/en/at/on" and before a street
# name ("vive en la 4512 Roadrunner", "el 610 de la Amador", "lives at 2720 Foothills").
HOUSE_NUMBER = rx(r"\b(?:numero|num|no|#) ?(\d{2,5})\b")
BARE_NUMBER_STREET = rx(
    r"\b(?:la|el|en|at|on|is|es|off) (\d{2,5}) (?:de la |del |de )?(?:calle |avenida |av |camino )?(?:[nsew] )?([a-z]{3,})\b"
)
STREET_THEN_NUMBER = rx(r"\b(?:la|calle|avenida|av|camino) [a-z]{3,}(?: [a-z]{3,})? (\d{2,5})\b")
# Words after a number that make it a quantity, a time or a year, not a house number.
NOT_A_STREET = frozenset(
    [
        "years",
        "year",
        "anos",
        "ano",
        "minutes",
        "minutos",
        "mins",
        "hours",
        "horas",
        "hrs",
        "days",
        "dias",
        "weeks",
        "semanas",
        "months",
        "meses",
        "pm",
        "am",
        "tonight",
        "dollars",
        "dolares",
        "bucks",
        "pesos",
        "people",
        "personas",
        "guys",
        "veces",
        "times",
        "miles",
        "millas",
        "mph",
        "grados",
        "degrees",
        "percent",
        "manana",
        "noche",
        "tarde",
        "cops",
        "officers",
        "patrols",
        "patrullas",
        "cars",
        "carros",
        "kids",
        "ninos",
        "and",
        "the",
    ]
)
# A number and a street name with or without a suffix, then an apartment ("3309 s espina apt 4", "2318 int 3"), or
# the apartment first ("departamento 7 de la 2205 boutz").
APARTMENT_ADDRESS = rx(
    r"\b\d{2,6} (?:[nsew] )?(?:[a-z]+ ){0,3}(?:apt|apartment|apto|depto|departamento|int|interior|unit|unidad|#) ?#? ?(?:\d{1,4}[a-z]?|[a-h])\b"
    r"|\b(?:apt|apartment|apto|depto|departamento|int|interior|unit|unidad) #? ?\d{1,4}[a-z]? (?:de la |del |de |at |on |en la |en el |en )?\d{2,6} [a-z]{3,}\b"
)
HOUSE_DESCRIPTION = rx(
    rf"\b(?:casa|house|home|traila|trailer|the one|la|el)(?: \w+){{0,2}} {_COLOURS}\b"
    rf"|\b{_COLOURS} (?:house|home|trailer|gate|door|fence|trim|stucco|brick)\b"
    rf"|\b(?:porton|reja|barda|puerta|cerca|cochera) (?:color )?{_COLOURS}\b"
    r"|\b(?:casa|house) (?:de adobe|de ladrillo|de dos pisos|two story|stucco|adobe|brick)\b"
    r"|\b(?:with the|con el|con la|con un|con una) (?:\w+ ){0,2}(?:porton|reja|barda|cochera|gate|fence|door|hoop|boat|trim|troca|truck)\b"
)
# Plates: US (8ABC123, ABC-1234, 123-ABC) and Mexican (ABC-12-34, AB-1234-C, ABC-123-A) shapes; letters and digits both.
PLATE_SHAPE = rx(
    r"\b(?:\d[a-z]{3} ?\d{3}|[a-z]{3} ?\d{3,4}|\d{3} ?[a-z]{3}|[a-z]{3} ?\d{2} ?\d{2}|[a-z]{2} ?\d{4} ?[a-z]|"
    r"[a-z]{3} ?\d{3} ?[a-z]|\d{1,2}[a-z]{2,3} ?\d{2,3})\b"
)
NOT_PLATE_LETTERS = frozenset(
    [
        "the",
        "and",
        "apt",
        "por",
        "las",
        "los",
        "del",
        "con",
        "sin",
        "ave",
        "hwy",
        "mph",
        "are",
        "was",
        "has",
        "had",
        "una",
        "uno",
        "num",
        "hay",
        "son",
        "que",
        "est",
        "int",
        "dep",
        "are",
        "for",
        "off",
        "not",
        "now",
        "top",
        "pic",
        "hrs",
        "min",
        "yrs",
        "age",
    ]
)
PLATE_WORD = rx(r"\b(?:placa|placas|plate|plates|tag|tags|matricula|license|licence|lic)\b")
VEHICLE = rx(
    r"\b(?:nissan|toyota|honda|ford|chevy|chevrolet|dodge|ram|gmc|jeep|kia|hyundai|mazda|bmw|subaru|tesla|vw|jetta|"
    r"tacoma|tundra|tahoe|silverado|sierra|f150|explorer|escape|camry|corolla|civic|accord|altima|sentra|charger|"
    r"challenger|durango|mustang|camaro|malibu|impala|suburban|yukon|wrangler|cherokee|rav4|crv|truck|troca|carro|"
    r"camioneta|car|ride|suv)\b"
)
RELATIVE = rx(
    r"\b(?:wife|husband|son|daughter|kid|kids|children|child|mom|mother|dad|father|girlfriend|boyfriend|brother|"
    r"sister|esposa|esposo|hija|hijo|hijos|hijas|ninos|mama|papa|novia|novio|hermana|hermano|vieja)\b"
)
ACCOUNT = rx(
    r"\b(?:tiktok|tik tok|instagram|insta|ig|facebook|fb|face|snapchat|snap|twitter|page|account|profile|perfil|"
    r"cuenta|pagina)\b"
)
HANDLE = rx(r"@[a-z0-9_.]{3,}")
SCHOOL = rx(
    r"\b(?:school|escuela|elementary|middle|high|primaria|secundaria|prepa|kinder|daycare|guarderia|classroom|salon)\b"
)
CHILDREN_SCHOOL = rx(
    r"\b(?:his|her|their|su|sus) (?:kids|kid|children|son|daughter|hijos|hijas|hijo|hija|ninos)(?: s)? (?:school|escuela)\b"
    r"|\b(?:escuela|primaria|secundaria|kinder|school) (?:de|of) (?:sus|su|los|las|his|her|their) (?:hijos|hijas|hijo|hija|ninos|kids|children)\b"
)
# Who it is about: an officer, an informant or another private person pointed at, a pronoun, or a titled name.
OFFICER = rx(
    r"\b(?:officer|ofc|deputy|cop|cops|sgt|sergeant|detective|det|chief|cpl|corporal|lieutenant|pig|oficial|agente|"
    r"policia|sargento|jefe|teniente|comandante|cabo|puerco|cerdo|chota|jura|poli)\b"
)
PERSON_POINTED_AT = rx(
    r"\b(?:snitch|snitched|rat|chismosa|chismoso|soplon|soplona|rata|he|she|him|his|her|"
    r"the (?:lady|guy|woman|man|girl|dude|neighbor|neighbour|one) (?:who|that)|"
    r"(?:la|el) (?:senora|senor|vieja|vecina|vecino|muchacha|muchacho|chava|chavo|tipo|vato) que|(?:la|el|los|las) que|"
    r"called the cops|called the police|llamo a la policia|hablo a la policia|denuncio|echo la policia)\b"
)
_TITLED = rx(r"\b(?:" + "|".join(lexicon("titles.txt")) + r")\b")
# The author's own home, car or family ("mi casa", "my car", "mi abuelita vive", "I live"): never doxxing.
SELF_OWNED = rx(
    r"\b(?:i|we|yo|nosotros)(?: \w+)? (?:live|lives|vivo|vivimos|stay)\b|\b(?:vivo|vivimos)\b"
    r"|\b(?:my|our|mi|mis|nuestra|nuestro|nuestros)(?: \w+)? (?:vive|viven|lives|live|house|home|casa|apartment|"
    r"apartamento|depto|departamento|car|truck|troca|carro|camioneta|placas|plates|plate|tag|ride|kids|hijos|school|escuela)\b"
)
# A report to the police or a call for help gives an address or plate so that someone comes: not doxxing.
REPORT_OR_EMERGENCY = rx(
    r"\b(?:help|ayuda|auxilio|fire|on fire|incendio|humo|smoke|se esta quemando|911|manden a alguien|send someone|"
    r"screaming|gritando|stolen|robaron|se robaron|me robaron|hit and run|took off|se dio a la fuga|chocaron|abandoned|"
    r"abandonado|lost|perdi|suspect|sospechoso|amber alert|missing|desaparecido|reckless|drunk|borracho)\b"
)


def _near(a: re2._Match, b: re2._Match, words: int = 14) -> bool:
    gap = b.start() - a.end() if b.start() >= a.end() else a.start() - b.end()
    return gap <= words * 8


def _pointed_at_someone(norm: Normalized, text: str) -> bool:
    return (
        OFFICER.search(text) is not None
        or PERSON_POINTED_AT.search(text) is not None
        or _TITLED.search(norm.cased) is not None
    )


def _found(result: RuleResult, score: float, why: str) -> None:
    add(result, "doxxing", score, why)
    result.person_target = True


def _house_numbers(text: str, official_prefixes: tuple[str, ...]) -> list[re2._Match]:
    found = [m for m in HOUSE_NUMBER.finditer(text)]
    found += [m for m in BARE_NUMBER_STREET.finditer(text) if m.group(2) not in NOT_A_STREET]
    found += list(STREET_THEN_NUMBER.finditer(text))
    return [m for m in found if not m.group(0).split(" ", 1)[-1].startswith(official_prefixes)]


def personal_places(
    norm: Normalized, text: str, result: RuleResult, official_prefixes: tuple[str, ...]
) -> list[str]:
    """Score the places, plates and relatives' accounts tied to a person in `text` (folded) as doxxing, and
    return them as personal information for the general rule (which may raise, never lower, the score)."""
    if SELF_OWNED.search(text) or REPORT_OR_EMERGENCY.search(text):
        return []
    pointed = _pointed_at_someone(norm, text)
    pii: list[str] = []
    for m in APARTMENT_ADDRESS.finditer(text):
        if not m.group(0).startswith(official_prefixes):
            pii.append(f"address {m.group(0)}")
    residence = RESIDENCE.search(text)
    if residence:
        numbers = [m for m in _house_numbers(text, official_prefixes) if _near(residence, m)]
        described = [m for m in HOUSE_DESCRIPTION.finditer(text) if _near(residence, m)]
        pii += [f"house number {m.group(0)} with '{residence.group(0)}'" for m in numbers[:1]]
        pii += [f"house described: {m.group(0)} with '{residence.group(0)}'" for m in described[:1]]
    vehicle_context = PLATE_WORD.search(text) or VEHICLE.search(text)
    if vehicle_context:
        for m in PLATE_SHAPE.finditer(text):
            letters = "".join(ch for ch in m.group(0) if ch.isalpha())
            if letters not in NOT_PLATE_LETTERS and _near(vehicle_context, m, 8):
                pii.append(f"plate {m.group(0)}")
                break
    relative = RELATIVE.search(text)
    account = ACCOUNT.search(text)
    if (
        relative
        and account
        and _near(relative, account, 6)
        and (HANDLE.search(norm.plain) or SCHOOL.search(text))
    ):
        pii.append(f"a relative's account: {relative.group(0)} ... {account.group(0)}")
    children_school = CHILDREN_SCHOOL.search(text)
    if children_school:
        pii.append(f"the children's school: {children_school.group(0)}")
    if pii and pointed:
        _found(result, 0.85, f"{pii[0]} about a person")
    return pii
