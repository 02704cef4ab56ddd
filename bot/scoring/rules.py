"""Rule-based detectors for every Attachment A category and the protected-speech context, English and Spanish."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass, field

import re2

from bot.scoring.base import CATEGORY_SIGNALS, CONTEXT_SIGNALS, ScoreInput
from bot.scoring.normalize import Normalized, lexicon, lexicon_table

# Public numbers and places of the department itself: posting them is never doxxing.
OFFICIAL_PHONES = frozenset({"911", "5755260795", "5260795", "988", "311"})
OFFICIAL_ADDRESS_PREFIXES = ("217 e picacho", "217 east picacho", "217 picacho")
OFFICIAL_DOMAINS = (
    "lascruces.gov",
    "las-cruces.org",
    "lascruces.org",
    "lcpd",
    "nm.gov",
    ".gov",
    "crimestoppers",
    "lcsun-news.com",
    "krwg.org",
    "kfoxtv.com",
    "ktsm.com",
    "abqjournal.com",
)
MEDIA_KINDS_NEEDING_AUTHORIZATION = frozenset({"photo", "video", "gif", "other"})


def _alt(words: Iterable[str]) -> str:
    """A non-capturing alternation, longest first so that phrases win over their prefixes."""
    unique = sorted(set(words), key=len, reverse=True)
    return "(?:" + "|".join(re2.escape(w).replace("\\ ", " ") for w in unique) + ")"


def _rx(pattern: str) -> re2._Regexp:
    if len(pattern) <= _BIG_PATTERN:
        return re2.compile(pattern)
    # The largest alternations (threat and hate grammars) outgrow RE2's default 8 MB DFA budget on some
    # comments and fall back to the slower NFA; a larger budget keeps them on the DFA (memory is used lazily).
    options = re2.Options()
    options.max_mem = 32 << 20
    return re2.compile(pattern, options)


_BIG_PATTERN = 8000


W = r"(?: [a-z0-9']+)"  # one more word in the folded text (which has no punctuation but sentence dots)

# --- vocabulary -------------------------------------------------------------------------------------------
NEGATORS = (
    "not",
    "never",
    "dont",
    "wont",
    "wouldnt",
    "wouldn't",
    "won't",
    "don't",
    "cant",
    "no",
    "nobody",
    "noone",
    "isnt",
    "aint",
    "didnt",
    "shouldnt",
    "nunca",
    "nadie",
    "jamas",
    "ni",
    "nor",
    "without",
    "stop",
    "against",
)
VIOLENT_EN = (
    r"kill(?:s|ed|ing)?",
    r"murder(?:s|ed|ing)?",
    r"shoot(?:s|ing)?",
    r"shot",
    r"stab(?:s|bed|bing)?",
    r"slit",
    r"strangle",
    r"choke",
    r"hang(?:ed|ing)?",
    r"lynch(?:ed|ing)?",
    r"execute",
    r"behead",
    r"torch",
    r"burn(?:ing|ed)?(?: down)?",
    r"bomb(?:ing|ed)?",
    r"blow(?:ing)?(?: \w+){0,2} up",
    r"run(?: \w+){0,2} over",
    r"beat(?:ing)?(?: up)?",
    r"hurt",
    r"attack",
    r"smoke",
    r"cap",
    r"pop",
    r"gun(?: \w+)? down",
    r"take(?: \w+)? out",
    r"put (?:a |one |some )?(?:bullet|bullets|cap|round|hole|holes|slug)s?",
    r"end",
    r"waste",
    r"snipe",
    r"ambush",
    r"rape",
    r"torture",
    r"murk",
    r"whack",
    r"slaughter",
    r"massacre",
    r"gut",
    r"bleed",
    r"drown",
    r"stomp",
    r"curb stomp",
    r"string(?: \w+)? up",
    r"light(?: \w+)? up",
    r"spray",
    r"gas",
    r"unload(?: on)?",
    r"fuck(?: \w+)? up",
    r"mess(?: \w+)? up",
    r"die",
)
# Spanish verbs of violence come from lexicons/violent_es.tsv and are conjugated here, so that every tense and
# pronoun a threat is written in ("mátalo", "los vamos a quebrar", "te plomeo", "quiebrenlo") matches.
_ES_ENDINGS = {
    "ar": "ar|are|aras|ara|aremos|aran|aria|arian|ando|amos|an|as|a|o|e|es|emos|en|ado|ada|ados|adas|aba|aban",
    "er": "er|ere|eras|era|eremos|eran|eria|iendo|emos|en|es|e|o|a|as|amos|an|ido|ida|idos",
    "ir": "ir|ire|iras|ira|iremos|iran|iria|iendo|imos|en|es|e|o|a|as|amos|an|ido|ida|idos",
}
# Object pronouns glued to the verb ("matalo", "darle", "quiebrenlos"): a person is the object.
_ES_ENCLITIC = r"(?:selo|sela|selos|selas|melo|mela|telo|tela|noslo|los|las|lo|la|les|le|te|nos)"
_ES_CLITIC = r"(?:te|lo|la|los|las|le|les)"
_ES_ENCLITIC_OTHERS = r"(?:selo|sela|selos|selas|melo|mela|telo|tela|noslo|los|las|lo|la|les|le|nos)"


def _es_verb(infinitive: str, stems: str) -> str:
    """All the conjugations of one Spanish verb as a regex (without pronouns)."""
    stem, ending = infinitive[:-2], infinitive[-2:]
    forms = [rf"{stem}(?:{_ES_ENDINGS[ending]})"]
    # Spelling changes before e (ahorque, cuelgue, descuartice) and stem changes (quiebro, revientan).
    if ending == "ar" and stem[-1] in "cgz":
        changed = stem[:-1] + {"c": "qu", "g": "gu", "z": "c"}[stem[-1]]
        forms.append(rf"{changed}(?:e|es|emos|en)")
    for extra in filter(None, (x.strip() for x in stems.split(","))):
        forms.append(rf"{extra}(?:o|as|a|an|e|es|en|amos|ue|uen)")
    return "|".join(forms)


@functools.cache
def _es_verbs(strength: str) -> str:
    rows = [r for r in lexicon_table("violent_es.tsv") if len(r) >= 2 and r[1] == strength]
    return "(?:" + "|".join(_es_verb(r[0], r[2] if len(r) > 2 else "") for r in rows) + ")"


_ES_STRONG_VERB = _es_verbs("strong")
_ES_OBJECT_VERB = _es_verbs("object")
# Fixed phrases that are violent whatever the verb form: "darle piso", "meterle un plomazo", "partirle la madre".
_ES_DAR = r"(?:dar|doy|da|dan|damos|de|den|demos|dare|daremos|daran|dando|dale|denle|dimos|dieron|dio)"
_ES_BLOW = (
    r"(?:un |una |unos |unas |dos |tres |sus |su |el |un buen |unos buenos )?(?:plomazo|balazo|tiro|putazo|chingazo|"
    r"madrazo|navajazo|cuchillazo|fierrazo|cachazo|cuetazo|filerazo|plomo|bala|pedrada|batazo)s?"
)
VIOLENT_ES_PHRASES = (
    rf"{_ES_DAR}{_ES_ENCLITIC}? (?:piso|cuello|matarile|en la madre|en su madre|{_ES_BLOW})",
    rf"(?:meter|meto|mete|meten|metemos|metere|meteremos|meteran|metiendo|metan|mete|meta){_ES_ENCLITIC}? {_ES_BLOW}",
    rf"(?:pegar|pego|pega|pegan|peguen|pegue|pegare|pegaremos|pegaran|pegando){_ES_ENCLITIC}? {_ES_BLOW}",
    rf"(?:poner|pongo|pone|ponen|ponga|pongan|pondre|pondremos|pondran|poniendo|ponemos){_ES_ENCLITIC}? {_ES_BLOW}",
    rf"(?:partir|parto|parte|parten|partimos|partire|partiremos|partiran|partan|parta|rompo|romper|rompe|rompen|"
    rf"rompemos|rompere|romperemos|romperan|rompan|rompa|reventar|reviento|revienta|revientan|reventamos|reventare|"
    rf"volar|vuelo|vuela|vuelan|volamos|volare){_ES_ENCLITIC}? (?:toda |todo |bien )?(?:la madre|su madre|tu madre|"
    rf"sus madres|la cara|el hocico|la jeta|la boca|los dientes|la cabeza|el craneo|los sesos|el culo|la torre|el alma)",
    r"(?:va|van|vas) a cargar (?:la chingada|el payaso|la verga|la fregada|la muerte|el diablo|pifas)",
    r"(?:prender|prenderle|prendan|prendamos|prendo|echar|echarle|echen|echemos|aventar|aventarle|avienten|aventamos)"
    r"(?: \w+)? (?:fuego|gasolina|una molotov|molotovs|un cerillo|cerillos)",
    r"(?:ya )?(?:estas|estan) (?:muerto|muertos|muerta|muertas|frito|fritos)",
    r"(?:un|una|unos|dos|tres|mis) (?:plomazo|balazo|plomazos|balazos|tiros|plomo)s? (?:pa|para) (?:ese|esa|esos|el|la|los|ti|ustedes|cada)",
)
# Verbs whose first person is everyday talk ("te levanto a las 6", "te cuelgo", "te pego el chicle").
_ES_NOT_A_PROMISE = frozenset({"levantar", "volar", "colgar", "quemar", "chingar", "pegar"})


def _es_rows() -> list[tuple[str, str, str]]:
    return [(r[0], r[1], r[2] if len(r) > 2 else "") for r in lexicon_table("violent_es.tsv") if len(r) >= 2]


def _es_first_person() -> str:
    """ "mato", "quiebro", "plomeamos", "matare": the present and future a promise is made in."""
    forms = []
    for infinitive, _, extras in _es_rows():
        if infinitive in _ES_NOT_A_PROMISE:
            continue
        stem, ending = infinitive[:-2], infinitive[-2]
        forms.append(rf"{stem}(?:o|{ending}mos|{ending}re|{ending}remos)")
        forms.extend(rf"{x.strip()}o" for x in extras.split(",") if x.strip())
    return "|".join(forms)


def _es_imperative(singular: bool) -> str:
    """ "maten", "quiebren", "ahorquen" (and with `singular` "mata", which needs its pronoun: "matalo")."""
    forms = []
    for infinitive, _, extras in _es_rows():
        stem, ending = infinitive[:-2], infinitive[-2:]
        if ending == "ar":
            forms.append(rf"{stem}(?:a|en|emos)" if singular else rf"{stem}(?:en|emos)")
        else:
            forms.append(rf"{stem}(?:e|an|amos)" if singular else rf"{stem}(?:an|amos)")
        if ending == "ar" and stem[-1] in "cgz":
            forms.append(stem[:-1] + {"c": "qu", "g": "gu", "z": "c"}[stem[-1]] + "en")
        tails = "(?:a|en|e|an|uen)" if singular else "(?:en|an|uen)"
        forms.extend(rf"{x.strip()}{tails}" for x in extras.split(",") if x.strip())
    return "|".join(forms)


_ES_FIRST_PERSON = _es_first_person()
_ES_BLOW_PHRASE = "(?:" + "|".join(VIOLENT_ES_PHRASES[:4]) + ")"
_ES_IMPERATIVE = _es_imperative(singular=True)
_ES_IMPERATIVE_PLURAL = _es_imperative(singular=False)
# A violent act on a person in Spanish: a strong verb in any form, an everyday verb with a pronoun glued on, or a
# fixed phrase.
VIOLENT_ES = (
    _ES_STRONG_VERB + rf"{_ES_ENCLITIC}?",
    _ES_OBJECT_VERB + _ES_ENCLITIC,
    *VIOLENT_ES_PHRASES,
)
TARGET_WORDS = (
    "he",
    "she",
    "hes",
    "shes",
    "you",
    "u",
    "ya",
    "yall",
    "your",
    "ur",
    "him",
    "her",
    "them",
    "everyone",
    "everybody",
    "somebody",
    "someone",
    "cop",
    "cops",
    "pig",
    "pigs",
    "police",
    "policeman",
    "policemen",
    "officer",
    "officers",
    "deputy",
    "deputies",
    "sheriff",
    "chief",
    "mayor",
    "judge",
    "detective",
    "sergeant",
    "sgt",
    "lt",
    "captain",
    "family",
    "kids",
    "wife",
    "husband",
    "children",
    "people",
    "station",
    "precinct",
    "department",
    "building",
    "headquarters",
    "hq",
    "neighbor",
    "neighbors",
    "neighbour",
    "ex",
    "boss",
    "guy",
    "man",
    "woman",
    "lady",
    "dude",
    "girl",
    "boy",
    "this",
    "that",
    "these",
    "those",
    "lcpd",
    "pd",
    "swat",
    "troopers",
    "badge",
    "city hall",
    "courthouse",
    "school",
    "church",
    "walmart",
    "mall",
    "all",
    "every",
    "each",
    "some",
    "his",
    "their",
    "policia",
    "policias",
    "puerco",
    "puercos",
    "chota",
    "jura",
    "oficial",
    "oficiales",
    "agente",
    "agentes",
    "ustedes",
    "todos",
    "te",
    "lo",
    "la",
    "los",
    "las",
    "le",
    "les",
    "ti",
    "ese",
    "esa",
    "esos",
    "tu",
    "tus",
    "su",
    "sus",
    "estacion",
    "comisaria",
    "jefatura",
    "mf",
    "bitch",
    "fucker",
    "motherfucker",
    "bastard",
    "immigrants",
    "illegals",
    "mexicans",
    "jews",
    "muslims",
    "gays",
    "blacks",
)
INTENT_EN = (
    "i will",
    "i ll",
    "ill",
    "i'll",
    "i am going to",
    "im going to",
    "i'm going to",
    "im gonna",
    "i'm gonna",
    "i am gonna",
    "imma",
    "ima",
    "im finna",
    "finna",
    "gonna",
    "i wanna",
    "i want to",
    "we will",
    "well",
    "we are going to",
    "were going to",
    "were gonna",
    "we gonna",
    "we're gonna",
    "i would love to",
    "id love to",
    "i'd love to",
    "i swear i",
    "i swear ill",
    "i should",
    "im about to",
    "about to",
    "bout to",
    "i plan to",
    "i'm gonna go",
    "i will personally",
    "ill personally",
    "i can't wait to",
    "i cant wait to",
    "i intend to",
    "im coming to",
    "im coming",
    "i'm coming",
    "we are coming",
    "were coming",
    "i will be coming",
    "lets",
    "let's",
    "let us",
    "we're going to",
)
CALL_EN = (
    "someone should",
    "somebody should",
    "someone needs to",
    "somebody needs to",
    "someone ought to",
    "somebody oughta",
    "someone gotta",
    "somebody gotta",
    "we need to",
    "we should",
    "we must",
    "we gotta",
    "we have to",
    "time to",
    "its time to",
    "it's time to",
    "everyone should",
    "yall should",
    "y'all should",
    "people should",
    "someone has to",
    "somebody has to",
)
DESERVE_EN = (
    "should be",
    "should all be",
    "need to be",
    "needs to be",
    "deserve to be",
    "deserves to be",
    "ought to be",
    "must be",
    "should get",
    "should all get",
    "deserve to get",
    "deserves to get",
    "need to get",
)
PASSIVE_HARM_EN = (
    "shot",
    "killed",
    "hanged",
    "hung",
    "lynched",
    "executed",
    "murdered",
    "burned",
    "burnt",
    "stabbed",
    "beaten",
    "shot dead",
    "put down",
    "gunned down",
    "strung up",
    "taken out",
    "wiped out",
    "exterminated",
    "dead",
    "shot in the head",
    "bombed",
)
WISH_EN = (
    r"(?:i )?hope (?:you|u|ya|they|he|she|that cop|that pig|that officer|the officer|the cop|every cop|all cops|cops|pigs|all of you|yall|every officer|every pig|all the cops|those cops|the chief)(?: \w+){0,4} (?:die|dies|get shot|gets shot|get killed|gets killed|burn|burns|rot|choke|bleed out|get what|catch a bullet|catches a bullet)",
    r"(?:i )?wish (?:you|u|they|he|she|that cop|cops|pigs|all cops)(?: all)? (?:were|was|would) (?:dead|die|get shot)",
    r"(?:you|u|they|cops|pigs)(?: all)? deserve to die",
    r"death to (?:all )?(?:cops|pigs|police|the police|officers|lcpd|you)",
    r"dead cops?(?: are| is)? (?:good|the best)",
    r"good cop is a dead cop",
    r"only good cop is a dead",
)
SECOND_PERSON_EN = (
    r"(?:youre|you are|your|ur|you r) (?:dead|next|a dead man|done for|finished|gonna die|going to die|gonna pay|going to pay|gonna bleed)",
    r"(?:you|u) (?:will|gonna|are going to|are gonna|r gonna) (?:die|pay|bleed|regret|get what)",
    r"watch (?:your|ur|yo) back",
    r"(?:youll|you will|yall will|u will|you all will|you are gonna|youre gonna|are gonna|are going to|is gonna|is going to) get what(?:s| is)? coming",
    r"(?:is|are|gonna|going to|will) pay (?:in blood|with (?:his|her|their|your) (?:life|lives|blood))",
    r"your days are numbered",
    r"sleep with one eye open",
    r"(?:you|u) wont see (?:it|me) coming",
    r"count your days",
    r"(?:ill|i will|im gonna|we will|well) (?:find|get|hunt|come for|come after|catch|see) (?:you|u|ya|him|her|them|your)",
    r"(?:ill|i will|im gonna|we will|well|im going to) (?:find|track down|get|look up) (?:your|ur|his|her) (?:house|home|address|family|kids|car|work)",
    r"(?:your|ur) (?:family|kids|wife|children|house) (?:is|are|will be) next",
    r"(?:its|it is) only a matter of time before (?:you|someone)",
)
PLACES_EN = (
    "station",
    "police station",
    "precinct",
    "department",
    "headquarters",
    "hq",
    "city hall",
    "courthouse",
    "building",
    "substation",
    "school",
    "church",
    "mall",
    "walmart",
    "office",
    "jail",
    "lcpd",
    "estacion",
    "comisaria",
    "jefatura",
    "escuela",
    "iglesia",
    "alcaldia",
    "edificio",
)
IDIOMS = (
    r"shoot(?:ing|s)? (?:me|us|him|her|them|you)(?: a| an| over a| over an)? (?:quick )?(?:email|e mail|message|msg|text|dm|pm|line|note|call|invite|link|reply|request)",
    r"(?:shoot|shooting|shoots|shot)(?: some)? (?:hoops|pool|baskets|photos|pictures|pics|video|footage|the breeze|a video|film|a film|the shit|straight|first|for)",
    r"photo shoot",
    r"shooting range",
    r"shooting star",
    r"killing (?:it|me|time)",
    r"kill(?:ed)? (?:time|the lights|the engine|the bill|the ordinance|the proposal|the motion|the idea|the vibe|it|the mood|two birds)",
    r"killer (?:deal|app|job|workout|sale|view|burger|game|song|price|presentation|speech|talk|smile|outfit|performance|show)",
    r"(?:heat|cold|traffic|rent|prices|inflation|policy|law|tax|taxes|weather|drought|fentanyl|drugs|stress|virus|flu|covid|smoke|dust) (?:is|are|will|gonna|is going to|is gonna|could|can) (?:kill|killing)",
    r"dressed to kill",
    r"(?:this|that|the|your|their|these|inflation|traffic|heat|gas prices|policy|law|tax|taxes|rent) (?:\w+ )?(?:is|are) killing",
    r"killing (?:our|my|the|this|small) (?:town|city|business|businesses|economy|community|vibe|neighborhood|downtown)",
    r"blow(?:ing|n)? up (?:my|the|your|our) (?:phone|inbox|notifications|comments|feed|dms)",
    r"bomb(?:ed)? (?:the|my|that) (?:test|exam|interview|audition)",
    r"(?:da|the) bomb",
    r"photo bomb",
    r"smoke (?:a|some|weed|cigarettes|cigs|a cig)",
    r"pop (?:a|some) (?:pill|pills|tag|tags|balloon|wheelie|question)",
    r"take (?:you|him|her|them) out (?:to|for) (?:dinner|lunch|coffee|breakfast|a drink)",
    r"end (?:of|the|this|my|our|your)",
    r"hang (?:out|in there|up|on)",
    r"beat (?:the traffic|the heat|the rush|the odds|the record|it|that)",
    r"die (?:laughing|of laughter)",
    r"dying (?:of laughter|laughing)",
    r"to die for",
    r"spray (?:paint|painted|painting)",
    r"gas (?:station|prices|money|tank|up)",
    r"run (?:it|the numbers) over",
    r"mess(?:ed)? up (?:the|my|your|their) (?:report|paperwork|case|order|system)",
    r"cargar (?:el|la|mi) (?:celular|telefono|carro)",
    # Spanish figures of speech with violent verbs: "me mata el calor", "matando el tiempo", "me muero de risa",
    # "ese video me mató", "hay que quemar calorias", "se la rifó".
    r"(?:me|nos|te|le|les) (?:mata|matan|mato|mataron|mataste|esta matando|estan matando) (?:el|la|los|las|este|esta|"
    r"ese|esa|mi|tu|su|de|con) ?(?:\w+ )?(?:calor|frio|hambre|sueno|risa|curiosidad|trafico|ansiedad|flojera|dolor|"
    r"espalda|pies|cabeza|renta|gasolina|chiste|chistes|video|meme|memes|comentario|comentarios|cancion|ternura|celos|"
    r"nervios|tristeza|sed|cansancio|trabajo|precios|ganas)",
    r"(?:este|ese|esta|esa|el|la|tu|su|que|tus|sus) (?:\w+ )?(?:video|chiste|meme|comentario|cancion|foto|post|calor|frio|"
    r"trafico|renta|precio|precios|trabajo|escuela|tarea) (?:me|nos) (?:mato|mata|matan|mataron|esta matando)",
    r"(?:matar|matando|mate|matamos|mato) (?:el|un|un poco el|un rato el) (?:tiempo|rato|hambre|antojo|aburrimiento|ratito)",
    r"(?:calor|frio|trafico|renta|precios|gasolina|inflacion|jefe|jefa|escuela|tarea|trabajo|chamba|risa|suegra|vieja|"
    r"mama|amá|apa|papa) (?:nos|me|te|los|les) (?:va|van) a (?:matar|acabar)",
    r"matar dos pajaros(?: de un tiro)?",
    r"(?:me|nos|se) (?:muero|muere|morimos|mueren|moria|mori|murio|estoy muriendo|estaba muriendo) (?:de|del) (?:la )?"
    r"(?:risa|hambre|sed|sueno|calor|frio|ganas|verguenza|envidia|amor|miedo|aburrimiento|cansancio|pena|nervios|"
    r"tristeza|susto|antojo|curiosidad)",
    r"(?:quemar|quemando|quemo|quemamos|queme) (?:unas |las |mas |un poco de |muchas |esas )?(?:calorias|grasa|energia|"
    r"incienso|copal|las naves|cartuchos|llanta|llantas|un cd|la comida|el arroz|las tortillas|frijoles)",
    r"(?:matarse|me mato|se mata|nos matamos|se matan|matandome|matandose) (?:trabajando|estudiando|en el trabajo|de risa)",
    r"(?:se me murio|se le murio|se nos murio|se murio) (?:el|la|mi|su) (?:celular|cel|telefono|bateria|pila|carro|"
    r"troca|compu|computadora|laptop|planta|plantas|tele)",
    r"(?:una|es una|que) bomba de (?:noticia|chisme|info|informacion)",
    r"(?:se la|me la|te la|nos la) (?:rifo|rifaste|rifaron|rife|rifamos|rifan|rifa)",
    r"(?:volar|vuelo|volamos) (?:a|pa|para|hacia|de) (?:\w+)",
    r"(?:levantar|levanto|levante|levantamos|levantaron|poner|pongo|puse) (?:una |la |el |un )?(?:denuncia|queja|reporte)",
    r"matar el tiempo",
    r"me mata de risa",
    r"me mataste de risa",
    r"me muero de risa",
    # "this bill deserves to die in committee": legislation and policies "die"; people in them do not.
    r"(?:bill|bills|ordinance|ordinances|proposal|proposals|law|measure|amendment|policy|program|budget|idea|plan|"
    r"resolution|contract|initiative|tax) (?:\w+ )?(?:needs?|deserves?|should|ought) to (?:die|be killed|be shot down)",
    # "bullet points", "bulletproof vests", "bite the bullet": the word, not the weapon.
    r"bullet ?(?:points?|proof|train|list|journal|journaling|pointed)|bite the bullet|dodged? (?:a|that|the) bullet|"
    r"(?:silver|magic) bullet",
    # "this officer deserves a medal", "se merece un aumento": what someone deserves can be praise, not harm.
    r"(?:deserves?|deserved|deserving|earned|has earned|have earned|should get|needs?) (?:a |an |the |some |his |her |their |"
    r"our |more |all the |every )?(?:\w+ )?(?:medal|medals|raise|raises|promotion|award|awards|respect|thanks|credit|"
    r"recognition|commendation|pat on the back|day off|vacation|bonus|better|applause|shout out|shoutout|gratitude|praise|"
    r"honor|reward|appreciation|thank you|hug|hero)",
    r"(?:merece|merecen|se merece|se merecen|merecia) (?:una |un |el |la |su |todo el |mucho |mas )?(?:medalla|aumento|"
    r"reconocimiento|respeto|premio|ascenso|descanso|aplauso|agradecimiento|gracias)",
    r"(?:youre|you are|ur|you r) dead to (?:me|us)",
    r"(?:youre|you are) killing me",
    r"(?:die|dying|died|dead) on (?:that|this|the|my|our) hill",
    r"(?:i|im|we|ill|i will|i would|id|we will|well) (?:\w+ )?(?:die|dying) (?:for|of|laughing|happy|trying|before|on|a happy|in peace)",
    # "my mom is gonna kill me when she sees this": a relative or boss "killing" the speaker is a figure of speech.
    r"(?:mom|moms|mother|mama|ma|dad|dads|father|papa|pops|parents|boss|teacher|coach|wife|husband|girlfriend|"
    r"boyfriend|gf|bf|grandma|granny|abuela|abuelo|mi mama|mi papa|jefe|esposa|esposo|vieja|sister|brother)"
    r"(?: is| s| will| would| are)?(?: literally| actually| so)? (?:gonna|going to|about to|bout to|will|would|gon|finna|va a|me va a)"
    r"(?: literally| actually)? (?:kill|murder|matar) me",
)
NEWS_MARKERS = (
    "was arrested",
    "were arrested",
    "has been arrested",
    "got arrested",
    "was charged",
    "were charged",
    "was sentenced",
    "was convicted",
    "is charged",
    "charged with",
    "accused of",
    "allegedly",
    "according to",
    "police say",
    "police said",
    "the suspect",
    "suspect",
    "news",
    "article",
    "report says",
    "trial",
    "sentenced",
    "fue arrestado",
    "fue detenido",
    "lo arrestaron",
    "segun",
    "noticias",
    "acusado de",
    "was killed in",
    "in the line of duty",
    "rip",
    "rest in peace",
    "condolences",
    "prayers",
    "descanse en paz",
)

# --- compiled patterns ------------------------------------------------------------------------------------
_VIOLENT = "(?:" + "|".join(VIOLENT_EN + VIOLENT_ES) + ")"
_TARGET = _alt(TARGET_WORDS)
_PLACE = _alt(PLACES_EN)
_ES_ACT = "(?:" + "|".join(VIOLENT_ES) + ")"
# Who a Spanish threat is aimed at: the police by any of their names, a person pointed at, or "all of them".
ES_PERSON_WORDS = (
    "policia", "policias", "poli", "polis", "placa", "placas", "chota", "jura", "tira", "cuico", "cuicos", "puerco",
    "puercos", "cerdo", "cerdos", "marrano", "marranos", "cochino", "cochinos", "oficial", "oficiales", "agente",
    "agentes", "sargento", "detective", "comandante", "jefe", "juez", "alcalde", "migra", "patrulla", "patrulleros",
    "todos", "todas", "ese", "esa", "esos", "esas", "estos", "ellos", "ellas", "ella", "usted",
    "ustedes", "ti", "mi ex", "tu ex", "su ex", "vecino", "vecina", "vato", "bato", "morro", "wey", "guey", "cabron",
    "pendejo", "vieja", "esposa", "esposo", "familia", "hijos", "lcpd", "cop", "cops", "pigs", "sheriff", "deputy",
)  # fmt: skip
_ES_PERSON = _alt(ES_PERSON_WORDS)
ES_PLACE_WORDS = (
    "estacion", "comisaria", "jefatura", "patrulla", "patrullas", "subestacion", "corte", "alcaldia", "edificio",
    "casa del", "casa de", "su casa", "tu casa", "sus casas", "cantón", "canton", "delegacion", "carcel", "station",
    "lcpd", "escuela", "iglesia",
)  # fmt: skip
_ES_PLACE = _alt(ES_PLACE_WORDS)
# An everyday verb ("quemar", "quebrar", "levantar") aimed at a person or a police place.
_ES_OBJECT_ACT = (
    rf"(?:{_ES_OBJECT_VERB} (?:a |al )(?:\w+ )?{_ES_PERSON}"
    rf"|{_ES_OBJECT_VERB} (?:la |el |los |las |esa |esta |su |sus |toda la |todas las )?{_ES_PLACE})"
)
# Future or wished intent in Spanish: "voy a", "vamos a", "quiero", "tengo ganas de", "ya mero".
# What follows an everyday verb whose object is the person already named ("te voy a quebrar pinche placa",
# "lo vamos a levantar saliendo de su turno"), as opposed to a thing ("le voy a pegar una calcomania").
_ES_AFTER_PERSON_VERB = (
    r"(?:a|al|con|en|hasta|bien|tan|por|pa|para|y|ya|si|cuando|nomas|todo|toda|todos|pinche|pinches|wey|guey|cabron|"
    r"cabrones|puto|putos|culero|culeros|pendejo|pendejos|hijo|hijos|ese|esa|esos|saliendo|afuera|enfrente|manana|hoy|"
    r"esta|este|ahorita|orita|luego|ahi|alla|aqui|rata|ratas|perro|perros|puerco|puercos|placa|chota|jura|cerdo|cerdos)"
)
_ES_INTENT = (
    r"(?:voy a|vamos a|van a|va a|vas a|quiero|queremos|tengo que|tenemos que|tengo ganas de|me dan ganas de|"
    r"ire a|iremos a|vengo a|venimos a|ya merito|ya mero|pienso|pensamos)"
)

THREAT_STRONG = _rx(
    r"\b(?:"
    + "|".join(
        [
            # intent + violent verb + target: "i will shoot the next cop i see"
            rf"{_alt(INTENT_EN)}{W}{{0,3}} (?:{_VIOLENT})\b{W}{{0,4}} {_TARGET}\b",
            rf"{_alt(INTENT_EN)}{W}{{0,3}} (?:{_VIOLENT}) (?:you|u|ya|yall|him|her|them|every|all|some|that|this|the|a)\b",
            # "shoot the next cop i see", "next pig that pulls me over is getting shot"
            rf"(?:{_VIOLENT}){W}{{0,3}} next (?:cop|pig|officer|deputy|cops|pigs|one|policia|puerco)",
            r"next (?:cop|pig|officer|deputy|one)(?: \w+){1,6} (?:is|gets|will|gonna|is gonna) (?:get |be |getting )?(?:shot|killed|dead|smoked|capped|popped|stabbed|run over|blasted)",
            # intent without a named target: "i'm going to start shooting"
            rf"{_alt(INTENT_EN)}{W}{{0,3}} (?:start shooting|open fire|shoot (?:it|this place|the place|everyone|everybody|all of you|yall) up|shoot everyone|shoot everybody|go postal|shoot up|kill everyone|kill everybody|kill yall|kill all of you)",
            r"next (?:cop|pig|officer|deputy|one|cops|pigs|officers)(?: \w+){0,8} (?:gets|get|is getting|will get|catches|eats|is catching) (?:a |one |some |hot )?(?:bullet|bullets|slug|round|lead|shot|smoked|capped|popped|killed|dead|stabbed)",
            rf"(?:planted|hid|left|placed|put) (?:something|a device|a package|a surprise|a present)(?: \w+){{0,3}} (?:at|in|under|inside) (?:the |your )?{_PLACE}",
            # conditional: "if you ... i will ..."
            rf"if (?:you|u|they|he|she|another|any)(?: \w+){{1,8}} (?:ill|i will|im gonna|i'll|we will|i swear)(?: \w+){{0,3}} (?:{_VIOLENT})",
            # Spanish: "voy a matar a ese policia", "te voy a quebrar", "le voy a dar piso", "quiero matarlos"
            rf"(?:{_ES_CLITIC} )?{_ES_INTENT} (?:ir a )?{_ES_ACT}",
            rf"{_ES_INTENT} (?:ir a )?{_ES_OBJECT_ACT}",
            rf"(?:te|lo|los|la|las|les|le) (?:voy|vamos|van|vas|va) a (?:ir a )?{_ES_OBJECT_VERB}(?:$| \.| {_ES_AFTER_PERSON_VERB}\b)",
            # Purpose: "lo andan buscando pa darle cuello", "voy pa la estacion pa quebrarlos"
            rf"(?:buscando|buscan|busco|buscamos|esperando|espero|voy|vamos|van|andan|ando|vengo|venimos|salgo|salimos)(?: \w+){{0,4}} (?:pa|para) (?:{_ES_ACT})",
            # Weapons as the manner: "hay que recibirlos a balazos"
            rf"(?:{_ES_INTENT}|hay que|deberiamos|deberian)(?: \w+){{0,2}} a (?:balazos|plomazos|tiros|plomo|cuchilladas|machetazos|cuchillazos|navajazos|balas|bala)",
            # The present as a promise: "te mato", "te plomeo", "le meto un plomazo", "te parto la madre"
            rf"te (?:{_ES_FIRST_PERSON})",
            rf"{_ES_CLITIC} {_ES_BLOW_PHRASE}",
            # places: bomb threats and arson
            rf"(?:there is|theres|there's|there are|i put|i planted|i left|we planted|we put|placed|hid|i hid|planted) (?:a |an |some )?(?:bomb|bombs|explosive|explosives|device|ied)s?{W}{{0,3}} (?:in|at|under|inside|near|outside)\b",
            rf"(?:bomb|blow up|blow \w+ up|burn down|burn|torch|shoot up|firebomb|attack|raid|storm|light up)(?: the| your| that| this| ur| their| every| a)?(?: \w+)? {_PLACE}\b",
            rf"{_PLACE}(?: \w+){{0,3}} (?:will|is gonna|gonna|is going to) (?:blow|burn|go boom|explode|get shot up)",
            r"(?:hay|puse|pusimos|dejamos|deje) una bomba en",
            rf"(?:vamos|voy|van) a (?:quemar|volar|balacear|atacar) (?:la|el|su|esa|esta)? ?{_PLACE}",
            r"(?:youre|you are|your|you r|u r|ur) (?:dead|a dead man|next|finished)(?: \w+){0,3} (?:when|if|once|after|tonight|tomorrow|soon|bitch|pig|cop)",
            r"(?:ya )?(?:estas|estan) muertos?",
            r"(?:bullet|bullets|rounds|round|one|slug|shell) (?:with|that has|that got) (?:your|ur|his|her|their) name on (?:it|them)",
            r"(?:se|te) (?:van|va) a morir",
            r"(?:ill|i will|im gonna|i am going to|we will|im going to) (?:find|hunt|track) (?:you|u|him|her|them)(?: \w+){0,4} (?:and|then) (?:\w+ ){0,2}(?:"
            + _VIOLENT
            + ")",
        ]
    )
    + r")\b"
)
THREAT_CALL = _rx(
    r"\b(?:"
    + "|".join(
        [
            rf"{_alt(CALL_EN)}{W}{{0,2}} (?:{_VIOLENT}){W}{{0,3}} {_TARGET}\b",
            rf"(?:cops|pigs|police|officers|they|you|u|he|she|them|that cop|that pig|the officer|that officer|the chief|every cop|all cops|immigrants|illegals|mexicans|jews|muslims|gays|blacks|ustedes|todos)(?: all)? {_alt(DESERVE_EN)} {_alt(PASSIVE_HARM_EN)}\b",
            # "that cop deserves a bullet", "he needs a bullet in his head": lethal harm as what a person deserves
            # ("officers need bullets to train", "the list needs a bullet point" are not: "need" takes only one
            # bullet, and the phrase must end or go on to where it hits).
            rf"(?:(?:that|this|the|every|those|these|all|some) (?:\w+ )?)?(?:{_TARGET}|officer \w+)(?: all)? "
            r"(?:(?:deserves?|has earned|is asking for|should get|should catch|ought to get|oughta get)(?: nothing but)? "
            r"(?:(?:a |an |one |some )?(?:bullet|bullets|slug|slugs|hot one|noose|bala)|to die|to be hanged|to hang)|"
            r"needs? (?:a |one )(?:bullet|slug|hot one|noose))"
            r"(?:$| \. \w+| (?:in|to|through|between) (?:the|his|her|their|your|ur|him|them|em|that|this|each|every)\b|"
            r" for (?:what|that|this|killing|shooting|doing|it)\b| (?:period|too|fr|asap|already|tbh|honestly|imo|ngl|lol|"
            r"lmao|today|tonight|soon)\b)",
            rf"(?:hay que|deberian|deberiamos|alguien deberia|alguien tiene que|que alguien|alguien que|ojala alguien|a ver si alguien|se merecen que|merecen que) (?:les |los |lo |la |le )?(?:{_ES_ACT}|{_ES_OBJECT_ACT})",
            # Imperatives: "matenlos a todos", "quiebrenlo", "balaceen la estacion"
            # ("matate" is "kill yourself": self-harm incitement, judged as harassment, not a threat to others)
            rf"(?:{_ES_IMPERATIVE}){_ES_ENCLITIC_OTHERS}",
            rf"(?:{_ES_IMPERATIVE_PLURAL}) (?:a |al )?(?:todos |todas |los |las |esos |esas |a esos |ese |esa |la |el )?{_ES_PERSON}",
            rf"(?:{_ES_IMPERATIVE_PLURAL}) (?:la |el |esa |esta |su |sus |toda la )?{_ES_PLACE}",
            r"muerte a (?:los |la |todos los |todas las )?(?:policias|polis|puercos|chota|jura|tira|placas|cuicos|oficiales|cerdos|marranos|agentes)",
            # "todos los polis merecen un balazo": harm as what someone deserves.
            rf"{_ES_PERSON}(?: \w+){{0,3}} (?:merece|merecen|se merece|se merecen|ocupa|ocupan|necesita|necesitan|les hace falta|le hace falta) "
            r"(?:un |una |unos |unas |su |sus |que les den |que le den |que les metan |que le metan )?(?:balazo|plomazo|tiro|bala|plomo|"
            r"balazos|plomazos|tiros|balas|que los maten|que lo maten|morir|una bomba|la horca|un cuetazo)",
        ]
    )
    + r")\b"
    # An imperative at the start of a sentence: "kill all cops", "shoot every pig".
    + rf"|(?:^|\. )(?:{_VIOLENT})(?: (?:all|every|the|those|these|more|some|them|em|yo|that|this|a|any))?(?: \w+)? "
    r"(?:cops|pigs|police|officers|cop|pig|officer|deputies|deputy|chief|mayor|judge|immigrants|illegals|mexicans|jews|muslims|gays|policias|puercos)\b"
)
THREAT_WISH = _rx(
    r"\b(?:"
    + "|".join(WISH_EN)
    + rf"|ojala (?:que )?(?:a (?:\w+ ){{1,3}})?(?:te|se|los|lo|les|le|la) (?:mueras|mueran|muera|{_ES_ACT}|{_ES_OBJECT_VERB})"
    + rf"|ojala (?:que )?(?:alguien |algun dia |un dia )?(?:le|les|lo|los|la|te) (?:peguen|pegue|den|de|metan|meta) {_ES_BLOW})\b"
)
THREAT_SECOND = _rx(
    r"\b(?:"
    + "|".join(SECOND_PERSON_EN)
    + r"|cuidate la espalda|cuidense la espalda|(?:tus|sus) dias estan contados|(?:te|le|les|los|lo) (?:va|van) a cargar"
    + r"|(?:te|lo|la|los|las) (?:voy|vamos) a (?:buscar|encontrar|cazar|esperar)(?: \w+){0,3} (?:afuera|saliendo|solo|sola|solito|"
    + r"en la noche|de noche|tu casa|su casa|pa que|para que|y vas a ver|y van a ver|ya veras)"
    + r"|te vamos a encontrar|ya te toca|ya te toco|ya le toco|ya les toco|(?:te|le|les) (?:va|van) a ir (?:muy )?mal"
    + r"|(?:ya )?(?:te|le|les) (?:llego|llega|va a llegar) (?:tu|su) hora|no (?:la|lo) (?:va|vas|van) a contar)\b"
)
VIOLENT_NEAR_TARGET = _rx(rf"\b(?:{_VIOLENT})\b{W}{{0,4}} {_TARGET}\b")
WEAPON_NEAR_TARGET = _rx(
    r"\b(?:gun|knife|bomb|explode|skull|coffin|grave)(?: (?:gun|knife|bomb|explode|skull|coffin|grave|blood|fire|axe))*"
    r"(?: \w+){0,3} (?:police|cop|cops|pig|pigs|you|u|station|lcpd|officer|officers|chief|policia|policias|puercos|"
    r"sgt|sargento|oficial|oficiales|agente|agentes|placa|placas|chota|chotas|jura|cuicos|polis|policias|usted|ustedes|"
    r"estacion)\b"
    r"|\b(?:police|cop|cops|pig|pigs|you|u|station|lcpd|officer|officers|chief|policia|policias|puercos|placa|placas|chota|"
    r"chotas|jura|cuicos|polis|oficiales|agentes|sargento|oficial|agente)(?: \w+){0,3} (?:gun|knife|bomb|explode|skull|coffin)"
    r"(?: (?:gun|knife|bomb|explode|skull|coffin))+\b"
)
# A third party's armed crime told in the past tense ("he robbed three stores with a gun"): discussion of an
# event, so the weapon is not one pointed at anyone on the page.
PAST_ARMED_CRIME = _rx(
    r"\b(?:he|she|they|hes|shes|the (?:\w+ )?(?:suspect|guy|man|woman|kid|shooter|robber|driver|dude|lady|teen)|someone|"
    r"somebody|a (?:\w+ )?(?:man|guy|woman|kid|dude|teen)|suspect|el|ella|ellos|el tipo|el sospechoso)(?: \w+){0,2} "
    r"(?:robbed|held up|stuck up|carjacked|threatened|attacked|shot|pulled|pointed|waved|brandished|had|was carrying|"
    r"was holding|came at|charged at|went after|killed|hit|stabbed|assaulted|was armed|showed up|walked in|ran at|"
    r"asalto|robo|amenazo|ataco|traia|saco|apunto)(?: \w+){0,5} (?:with|con|holding)? ?(?:a |an |his |her |their |the |"
    r"una |un |su )?(?:gun|knife|pistol|rifle|weapon|machete|bat|shotgun|pistola|cuchillo|arma|navaja)\b"
)
WEAPON_EMOJI_RUN = _rx(
    r"\b(?:gun|knife|bomb)(?: (?:gun|knife|bomb|explode|skull|coffin|pig|police|fire)){1,}\b"
)
IDIOM_RX = _rx(r"\b(?:" + "|".join(IDIOMS) + r")\b")
# A punishment the courts hand down, asked for ("the shooter should get the death penalty", "hope he rots in jail",
# "que le den cadena perpetua"): advocacy of a lawful sentence, not a threat. Blanked like an idiom, so a real
# threat in the same comment ("someone should shoot him, the death penalty is too slow") is still read.
LAWFUL_PUNISHMENT = _rx(
    r"\b(?:(?:the )?death (?:penalty|sentence|row)|sentenced to death|capital punishment|lethal injection|"
    r"(?:the )?electric chair|(?:gets?|getting|get|give him|give her|give them|fry in) the chair|"
    r"(?:be |get |gets |being )?(?:executed|put to death) by the (?:state|courts?|government)|"
    r"life (?:in prison|in jail|behind bars|without (?:the possibility of )?parole|sentence|sentences)|"
    r"(?:rot|rots|rotting) (?:in|behind) (?:jail|prison|a cell|bars|la carcel)|"
    r"pena (?:de muerte|capital)|cadena perpetua|silla electrica|inyeccion letal|"
    r"(?:se pudra|se pudran|pudrirse|pudrirte) en (?:la )?(?:carcel|prision|bote))\b"
)
FUTURE_RX = _rx(
    r"\b(?:will|ill|gonna|going to|imma|ima|finna|should|shall|gotta|wanna|want to|need to|lets|"
    r"voy|vamos|van a|vas a|hay que|deberian|quiero|ojala)\b"
)
NEWS_RX = _rx(r"\b" + _alt(NEWS_MARKERS) + r"\b")
NEGATION_RX = _rx(r"\b" + _alt(NEGATORS) + r"\b")
NEGATED_STATEMENT = _rx(
    r"\b(?:i|we|nobody|no one|noone|im|i am|i would|i will|yo|nosotros)(?: \w+){0,2} (?:not|never|dont|do not|wont|would never|will never|didnt|nunca|no)(?: \w+){0,3} "
    r"(?:hate|threaten|threatening|hurt|kill|shoot|harm|wish|want|advocate|condone|support|mean|saying|matar|lastimar|odio|odiar|amenazar|amenazando|hacer dano|deseo)"
    r"|\bno (?:voy|vamos|quiero|queremos|odio|odiamos|estoy) (?:a )?(?:matar|lastimar|hacer|amenazar|odiar|amenazando)|\bnadie (?:va|deberia) a? ?(?:matar|lastimar)"
    r"|\b(?:this is not|this isnt|not a|im not making a|i am not making a|not) threat"
    r"|\b(?:nobody|no one|noone) (?:should|deserves to|wants to) (?:\w+ )?(?:die|be killed|be shot|get shot|get hurt|be hurt|kill|shoot)"
)

# Harassment / stalking / abuse of a person
STALKING = _rx(
    r"\b(?:"
    + "|".join(
        [
            r"(?:i|we) know where (?:you|u|ya|your|ur|he|she|they|his|her|officer \w+|(?:that|this|the) (?:\w+ )?(?:officer|cop|"
            r"deputy|pig|sergeant|sgt|detective|chief|judge|guy|lady|one|dude|bitch|bastard))(?: \w+){0,2} (?:live|lives|sleep|sleeps|work|works|park|parks|stay|stays|go|goes|are|is)",
            r"(?:i|we) know (?:what|which) (?:school|car|house|street|truck|church|gym)",
            r"(?:i|we) know (?:you|u) live",
            r"(?:i|we) (?:found|have|got|know) (?:your|ur) (?:linkedin|facebook|instagram|address|house|home|husbands|wifes|kids|family|workplace|employer|boss|number)",
            r"(?:i|we) know (?:your|ur|his|her) (?:work |daily |whole )?(?:schedule|routine|shifts?|address|plate|car|truck|kids|wife|husband|family|school)",
            r"(?:ill|i will|well|we will|im gonna|im going to) (?:come|stop|swing|drop) by",
            r"(?:parked|sitting|waiting|been|camped) (?:outside|in front of|across from) (?:your|ur) (?:\w+ )?(?:house|home|daycare|school|work|place|door)",
            r"(?:i|we) know where (?:you|u) live",
            r"(?:i am|im|i've been|ive been|we are|were|we've been|weve been) (?:watching|following|outside|parked outside|waiting outside) (?:you|u|your|ur|him|her|them|his|their)",
            r"(?:i|we) (?:see|saw|followed|follow) (?:you|u|your|ur)(?: \w+){0,3} (?:every|at|home|from|after|leaving|to)",
            r"(?:ill|i will|well|we will|im gonna|i'll) be (?:waiting|outside|there|at your|by your)(?: \w+){0,3} (?:you|your|ur|house|home|shift|work)",
            r"see (?:you|u|ya) (?:after|when|at|outside)(?: \w+){0,2} (?:your|ur) (?:shift|work|house|home|job)",
            r"(?:your|ur|his|her) (?:kids|children|daughter|son|wife|husband|family)(?: \w+){0,3} (?:go to|goes to|attend|attends|are at|is at|play at|walk home|leave at)",
            r"(?:nice|pretty|lovely|cute) (?:house|car|truck|family|kids|wife|daughter|son)(?: you| u)? (?:have|got|there)",
            r"(?:it|would) (?:would be|be) a shame if (?:something|anything)",
            r"(?:i am|im) watching (?:your|ur) (?:kids|children|family|wife|house)",
            r"(?:se|sabemos|ya se|ya sabemos) donde (?:vives|viven|vive|trabajas|trabaja|estudian|duermes)",
            r"(?:se|sabemos|ya se|ya sabemos) (?:en|a) (?:que|cual) (?:escuela|casa|calle|trabajo|iglesia)",
            r"(?:got|have|keeping|keep|put) (?:eyes|an eye|a camera|cameras) on (?:your|ur|his|her|their) (?:place|house|home|family|kids|wife|car|truck)",
            r"(?:go|going|show up|come|coming|pay a visit|visit) (?:to |at )?(?:your|ur|his|her) (?:house|home|place|door|work|job|kids school)",
            r"(?:conozco|conocemos) a (?:tu|tus|su|sus) (?:familia|hijos|esposa|hijas)",
            r"te (?:estoy|estamos) (?:vigilando|siguiendo|observando)",
            r"(?:vi|vimos|he visto) a (?:tus|tu) (?:hijos|hija|hijo|esposa|familia)",
            r"(?:te|lo) (?:voy|vamos) a estar esperando",
        ]
    )
    + r")\b"
)
# Pile-ons and intimidation without insults: sending people to someone's inbox, threatening their job or family,
# insults about a bystander in the third person.
HARASS_FRAMES = _rx(
    r"\b(?:"
    + "|".join(
        [
            r"(?:everybody|everyone|yall|lets|let s|go|guys|todos)(?: go)? (?:flood|spam|report|bombard|harass|troll|blow up|dm|message|raid|mass report) (?:her|his|their|this \w+|that \w+|the \w+|\w+s) (?:inbox|page|dms|profile|account|phone|comments|job|business|reviews|ig|fb|insta)",
            r"(?:send|sending|sent|forward|forwarding|show|showing|call|calling|contact|contacting|email|emailing|tell|telling)(?: it| this| them| everything| these| all of it| all this| screenshots)? (?:to )?(?:ur|your|his|her) (?:job|boss|employer|work|wife|husband|mom|family|church|school|pastor|parole officer|po)",
            r"(?:i|we) (?:screenshot|screenshotted|saved|have|got) (?:everything|all|every)(?: \w+){0,3} (?:ur|your|you|u)",
            r"(?:ur|your|youre|you are) (?:done|finished|over) (?:here|in this town|lol|bitch|\.|$)",
            r"(?:does|do) (?:your|ur) (?:wife|husband|boss|mom|family|girlfriend|boyfriend|kids|pastor|church|employer) know",
            r"imagine being (?:this|so|that) (?:stupid|dumb|ugly|pathetic|fat|worthless|useless|desperate)|"
            r"(?:found|looked up|got) (?:\w+ ){0,2}(?:mom|mother|dad|wife|husband|boss|job|employer|family|kids) on (?:facebook|fb|ig|instagram|linkedin|tiktok)|"
            r"crawl back (?:to|into|under)|(?:nobody|no one) (?:cares|asked) (?:about )?(?:your|ur|u|you)",
            r"(?:esa|ese|la|el|esta|este) (?:senora|senor|vieja|viejo|morra|morro|chava|chavo|muchacha|muchacho|ruca|ruco|tipa|tipo|"
            r"vato|bato|mujer|hombre|chamaca|gorda|gordo|vecina|vecino|ruca)(?: \w+){0,6} (?:parece|es|esta|se ve) (?:una |un |bien |tan |"
            r"toda |todo |como )?(?:marrana|marrano|vaca|ballena|cerda|puerca|chango|changa|rata|bruja|gorda|fea|feo|asquerosa|asqueroso|"
            r"cochina|mugrosa|naca|piruja|zorra|perra|puta|bruta|mensa|pendeja|idiota|estupida)|"
            r"que asco de (?:vieja|senora|senor|tipo|tipa|persona|mujer|hombre|vato|morra|ruca|gente)|"
            r"(?:she|he|shes|hes|that (?:lady|woman|man|guy|girl|dude|chick|bitch|kid))(?: \w+){0,8} (?:is|looks|s) (?:like )?(?:the |such |a |an |so )?(?:\w+ )?(?:ugliest|fattest|dumbest|nastiest|walrus|whale|cow|heifer|hag|pig|skank|slut|whore|troll|creep|lowlife|crackhead|tweaker|junkie)",
        ]
    )
    + r")\b"
)
SELF_HARM_INCITE = _rx(
    r"\b(?:off (?:yourself|urself)|unalive (?:yourself|urself)|kill (?:yourself|urself|yoself|your self|ur self)|kys|go die|neck yourself|drink bleach|hang yourself|end yourself|end your life|"
    r"slit your wrists|matate|suicidate|ahorcate|go jump off a|"
    r"(?:go |should |just )?(?:drink|chug|eat|swallow|gargle)(?: some| a| more| a bottle of| a cup of)? (?:bleach|tide pods?|rat poison|antifreeze|cloro))\b"
)
INSULTS = (
    "idiot",
    "idiots",
    "stupid",
    "dumb",
    "moron",
    "morons",
    "loser",
    "losers",
    "ugly",
    "fat",
    "pathetic",
    "worthless",
    "trash",
    "scum",
    "garbage",
    "clown",
    "clowns",
    "coward",
    "cowards",
    "disgusting",
    "disgrace",
    "piece of shit",
    "piece of crap",
    "bitch",
    "bitches",
    "whore",
    "slut",
    "skank",
    "hoe",
    "cunt",
    "retard",
    "retarded",
    "asshole",
    "dumbass",
    "jackass",
    "bastard",
    "motherfucker",
    "fucker",
    "dipshit",
    "douchebag",
    "prick",
    "dick",
    "dickhead",
    "pendejo",
    "pendeja",
    "idiota",
    "estupido",
    "estupida",
    "imbecil",
    "baboso",
    "babosa",
    "puta",
    "perra",
    "zorra",
    "gorda",
    "gordo",
    "naco",
    "naca",
    "cabron",
    "cabrona",
    "culero",
    "culera",
    "mamon",
    "pinche",
    "basura",
    "lacra",
    "thug",
    "thugs",
    "animal",
    "animals",
    "liar",
    "liars",
    "joke",
    "incompetent",
    "useless",
    "bully",
    "bullies",
    "hag",
    "washed up",
    "walrus",
    "whale",
    "heifer",
    "cow",
    "troll",
    "creep",
    "lowlife",
    "low life",
    "scumbag",
    "dirtbag",
    "crackhead",
    "crack head",
    "tweaker",
    "junkie",
    "degenerate",
    "fatass",
    "fat ass",
    "slob",
    "ugliest",
    "dumbest",
    "fattest",
    "chismosa",
    "mugrosa",
    "marrana",
    "inbred",
    "loca",
    "pendeja",
    "hillbilly",
    "neckbeard",
    "incel",
    "bimbo",
    "sapa",
    "asquerosa",
    "asqueroso",
    "muerto de hambre",
    "muerta de hambre",
    "mensa",
    "menso",
    "tarado",
    "tarada",
    "bruta",
    "bruto",
    "fea",
    "cerda",
    "puerca",
    "vaca",
    "ballena",
    "ridicula",
    "ridiculo",
    "arrastrada",
    "arrastrado",
    "lambiscon",
    "lambiscona",
    "huevona",
    "inutil",
    "payaso",
    "payasa",
    "mugroso",
    "ratera",
    "ratero",
    "malparido",
    "malparida",
    "cornudo",
    "ignorante",
    "tonto",
    "tonta",
    "chismoso",
    "piruja",
    "gata",
    "vieja chismosa",
    "naco",
)
SEXUAL_INSULTS = ("whore", "slut", "skank", "hoe", "cunt", "puta", "perra", "zorra")
_INSULT = _alt(INSULTS)
DIRECT_INSULT = _rx(
    rf"\b(?:you|u|youre|you are|ur|you r|your|ya|eres|tu|usted es|you're)(?: \w+){{0,3}} {_INSULT}\b|\b{_INSULT} (?:you|u|ya)\b"
    rf"|\bfuck (?:you|u|off)\b|\bvete a la (?:verga|chingada|mierda)\b|\bchinga tu madre\b"
)
MENTION_RX = _rx(r"(?:^|\s)@[A-Za-z0-9_.]{2,}")
INSULT_RX = _rx(rf"\b{_INSULT}\b")

# Doxxing
PHONE_RX = _rx(r"(?:\+?1[\s.\-]?)?\(?\b\d{3}\)?[\s.\-]*\d{3}[\s.\-]*\d{4}\b|\b\d{3}[\s.\-]\d{4}\b")
EMAIL_RX = _rx(r"\b[a-z0-9._%+\-]+@[a-z0-9\-]+(?:\.[a-z0-9\-]+)*\.[a-z]{2,}\b")
STREET_SUFFIX = (
    "st",
    "street",
    "ave",
    "avenue",
    "av",
    "rd",
    "road",
    "dr",
    "drive",
    "blvd",
    "boulevard",
    "ln",
    "lane",
    "ct",
    "court",
    "cir",
    "circle",
    "way",
    "pl",
    "place",
    "pkwy",
    "parkway",
    "hwy",
    "highway",
    "trl",
    "trail",
    "loop",
    "ter",
    "terrace",
    "calle",
    "avenida",
    "camino",
    "paseo",
)
ADDRESS_RX = _rx(
    rf"\b\d{{2,6}} (?:[nsew] |north |south |east |west )?(?:[a-z0-9]+ ){{1,3}}{_alt(STREET_SUFFIX)}\b"
    rf"|\b(?:calle|avenida|camino) [a-z]+(?: [a-z]+)? (?:numero |no |#)?\d{{1,5}}\b"
    rf"|\b\d{{2,6}} (?:calle|avenida|camino|paseo) (?:de |del |la |los )?[a-z]+\b"
)
# An address without a street suffix ("lives at 3310 Majestic Ridge", "Mark Ellison, 4421 Desert Willow"): a house
# number and one to three words right after a residence cue, or right after a person's name (checked on cased text).
BARE_ADDRESS_RX = _rx(
    r"\b(?:lives|live|living|stays|staying|resides|house is|home is|address is|addy is|casa es|vive|viven) (?:at|on|en|in)? ?"
    r"\d{2,6} (?:[nsew] )?[a-z]+(?: [a-z]+){0,2}\b"
)
NAME_THEN_NUMBER_RX = _rx(
    r"\b[A-Z][a-z]+ [A-Z][a-z]+,? \d{3,6} (?:[NSEW]\.? )?[A-Z][a-z]+(?: [A-Z][a-z]+)?\b"
)
PLATE_RX = _rx(
    r"\b(?:plate|plates|tag|tags|license|licence|placa|placas|lic)(?: number| no| num| is| are| es| son| #)*[\s:#]+"
    r"(?:[a-z]{1,3}[\s\-]?\d{2,4}[a-z]?|\d{1,4}[\s\-]?[a-z]{2,4}\d{0,2}|[a-z0-9]{5,8})\b"
    # "la placa del carro del detective Ortiz es NM ABC-4821": a plate a few words after the word for it (letters and
    # digits both, so a badge number "placa 123" is not a vehicle plate).
    r"|\b(?:placa|placas|plate|plates|tag|tags)(?: [a-z]+){1,7} (?:nm |tx |az |chih )?(?:[a-z]{3}[\s\-]?\d{3,4}|\d{3}[\s\-]?[a-z]{3})\b"
)
PERSON_PII_CUE = _rx(
    r"\b(?:"
    + "|".join(
        [
            r"(?:lives|live|living|resides|reside|stays|staying|sleeps) (?:at|on|in|off|over on|over at|near|by)",
            r"(?:his|her|their|the officers|officers|that cops|cops|the cops|your|ur|the deputys|deputys|chiefs|the chiefs|\w+s) (?:home |personal |cell |house |real |private )?(?:address|addy|house|home|phone|number|cell|plate|plates|license plate|car|truck|email|wife|husband|kids|kid|daughter|son|children|grandkids|girlfriend|boyfriend|school|job|work|mom|mother|dad)",
            r"(?:works|working|work) (?:at|for|in|over at|the night shift at)",
            r"(?:goes|go|attends|attend) to school (?:at|in)",
            r"home address",
            r"(?:personal|private|real|alt|secret) (?:instagram|facebook|ig|fb|twitter|tiktok|snapchat|account|page|profile|email|cell)",
            r"(?:his|her|their) (?:number|cell|phone) is",
            r"call (?:him|her|them) at",
            r"text (?:him|her|them) at",
            r"(?:drives|drive|driving) a",
            r"(?:pay|paying|give|let s give|lets give) (?:him|her|them) a visit",
            r"(?:go|pay) visit (?:him|her|them)",
            r"(?:vive|viven|trabaja|trabajan|se queda|se quedan|duerme|duermen) (?:en|por|cerca|enfrente|atras|junto|al lado|a un lado)",
            r"su (?:casa|direccion|numero|telefono|celular|carro|troca|placa|esposa|familia)",
            r"sus hijos (?:van|estudian)",
            r"(?:su|la) casa (?:esta|es) en",
            r"casa del? (?:policia|oficial|agente|jefe|sargento|detective|puerco)(?: \w+){0,4} (?:esta|queda|es) en",
            r"(?:el|la) (?:numero|telefono|celular) de",
        ]
    )
    + r")\b"
)
SELF_CONTACT_NUMBER = _rx(
    r"\b(?:call|text|whatsapp|dm|contact|llama|llamar|marca|marcar)(?: me| us)?(?: at| on| al)? ?[+(]?\d"
)
SELF_CONTACT = _rx(
    r"\b(?:call|text|message|contact|reach|whatsapp|telegram|dm|email|write|hit up|hmu)(?: me| us)\b|\b(?:escribeme|llamame|marcame|mandame|contactame)\b"
    r"|\b(?:my|our|mi|nuestro) (?:number|cell|phone|whatsapp|telefono|numero|email)\b"
)
CRIME_CONTEXT = _rx(
    r"\b(?:robbery|robbed|burglary|burglarized|break in|broke into|broken into|stolen|stole|theft|shoplift|shooting|stabbing|crash|accident|hit and run|arrested|suspect|happened|reported|incident|fire|robo|robaron|asalto|accidente|balacera|choque|sospechoso|suspicious|vandalized|dealing|selling drugs|vendiendo)\b"
)
BUSINESS_RX = _rx(
    r"\b(?:walmart|target|circle k|allsup|allsups|stripes|mcdonalds|walgreens|cvs|home depot|lowes|sams|costco|bank|store|gas station|mall|park|restaurant|bar|church|school|hospital|apartments|apartment complex|motel|hotel|dollar general|family dollar|smiths|albertsons|taco bell|sonic|whataburger|k mart|kmart|ross|tienda|gasolinera)\b"
)


# Hate
def _slur_table() -> tuple[tuple[str, str, str], ...]:
    rows = []
    for row in lexicon_table("slurs.txt"):
        if len(row) >= 3:
            rows.append((row[0], row[1], row[2]))
    return tuple(rows)


GROUP_WORDS = lexicon("groups.txt")
_GROUP = _alt(GROUP_WORDS)
DEHUMANIZING = (
    "animals",
    "animal",
    "vermin",
    "subhuman",
    "sub human",
    "parasites",
    "parasite",
    "rats",
    "roaches",
    "cockroaches",
    "savages",
    "trash",
    "garbage",
    "filth",
    "scum",
    "a disease",
    "disease",
    "diseased",
    "criminals",
    "rapists",
    "terrorists",
    "inferior",
    "dogs",
    "monkeys",
    "apes",
    "invaders",
    "an infestation",
    "infestation",
    "a plague",
    "plague",
    "leeches",
    "freaks",
    "abominations",
    "an abomination",
    "pedophiles",
    "groomers",
    "degenerates",
    "mentally ill",
    "not human",
    "not people",
    "evil",
    "the problem",
    "ruining this country",
    "ruining our town",
    "animales",
    "basura",
    "ratas",
    "criminales",
    "lacras",
    "escoria",
    "plaga",
    "cucarachas",
    "violadores",
    "delincuentes",
    "perros",
    "changos",
    "inferiores",
    "una plaga",
    "terroristas",
    "terrorists",
    "enfermedad",
    "una enfermedad",
    "groomers",
    "a cancer",
    "cancer",
    "thug",
    "thugs",
    "perverts",
    "pervert",
    "predators",
    "borrachos",
    "mugrosos",
    "apestosos",
    "cochinos",
    "huevones",
    "salvajes",
    "enfermos",
    "enfermos mentales",
    "unos enfermos",
    "aberraciones",
    "una aberracion",
    "anormales",
    "degenerados",
    "fenomenos",
    "monstruos",
    "simios",
    "monos",
    "pedofilos",
    "no son gente",
    "no son humanos",
    "no son personas",
    "una peste",
    "peste",
    "parasitos",
    "sanguijuelas",
    "invasores",
    "ilegales",
    "flojos",
    "rateros",
    "ladrones",
    "sucios",
    "violentos",
)
HATE_ATTACK = _rx(
    r"\b(?:"
    + "|".join(
        [
            rf"(?:all |the |these |those |fucking |damn |dirty |filthy |stupid |todos los |los |esos |estos |pinches |malditos )?{_GROUP}(?: people| folks)? (?:are|r|is|son|todos son|are all|all are|r all|=)(?: all| just| nothing but| like| such| a bunch of| bunch of| puros| unos| una| todos)? {_alt(DEHUMANIZING)}\b",
            r"go back (?:to )?(?:mexico|your country|your own country|where you came from|africa|china|your shithole|the border|across the border)",
            r"(?:regresate|regresense|vete|vayanse|largate|larguense) (?:a|para) (?:tu|su|mexico|africa|sus) ?(?:pais|paises|tierra)?",
            rf"(?:deport|kill|exterminate|gas|get rid of|ban|round up|lock up|shoot|hang|purge|eliminate|sterilize|deportar|matar|sacar a|echar a)(?: all| every| the| those| these| all the| all of the| a todos los| todos los| a los)? {_GROUP}\b",
            rf"{_GROUP} (?:should|must|need to|needs to|deben|deberian)(?: all)? (?:be )?(?:deported|go back|die|be shot|be killed|be banned|be gassed|be hanged|be sterilized|leave|get out|burn|rot|ser deportados|morir|largarse|irse)",
            rf"no {_GROUP} (?:allowed|welcome)",
            rf"(?:hate|despise|odio a los|odio a las|odio a) (?:all )?{_GROUP}",
            rf"(?:typical|of course it was|of course its|always the|siempre los) {_GROUP}",
            rf"(?:problem|problems) (?:with|in) (?:this|our) (?:city|town|country|state) (?:is|are) (?:all )?(?:the |these |those )?{_GROUP}",
            rf"{_GROUP}(?: \w+){{0,6}} (?:send|ship|deport|kick|throw|get) (?:them|em|all of them|these people)(?: all)? (?:back|out|away)",
            rf"{_GROUP}(?: \w+){{0,8}} (?:these|those) people (?:are|r) (?:all )?(?:a |an )?{_alt(DEHUMANIZING)}",
            rf"{_GROUP} (?:shouldnt|should not|cant|can t|shouldn t) (?:be allowed|be cops|be police|be officers|vote|drive|work|be in charge|lead)",
            rf"{_GROUP} (?:run|control|own) (?:the )?(?:police|government|banks|media|world|country|city)",
            rf"{_GROUP} (?:don t|dont|do not|doesnt) belong (?:here|in this country|in america|in our town|in this town|aqui)",
            rf"{_GROUP}(?: people)? (?:shouldnt|should not|should never|cant|must not) be allowed",
            rf"{_GROUP} {_alt(DEHUMANIZING)}\b",
            rf"(?:los|las) {_GROUP} (?:son|son una|son un) (?:enfermedad|cancer|lacra|peste|asco|plaga)",
            rf"(?:los |las |esos |estos |pinches )?{_GROUP} (?:son|son puro|son pura|son unos|son unas) (?:pura |puro |puros |unos |unas )?{_alt(DEHUMANIZING)}",
        ]
    )
    + r")\b"
)
# Violence called for against a protected group ("all Mexicans are animals and should be shot", "someone should kill
# all the Muslims", "a todos los inmigrantes hay que matarlos"): a threat against the group and hate at once.
_GROUP_HARM_PASSIVE = (
    r"(?:shot|killed|hanged|hung|gassed|lynched|burned|burnt|exterminated|executed|murdered|slaughtered|wiped out|"
    r"put down|shot dead|lined up and shot|deported in (?:boxes|body bags|coffins|pieces))"
)
_GROUP_HARM_ACTIVE = (
    r"(?:kill|shoot|gas|hang|lynch|exterminate|murder|slaughter|wipe out|burn|execute|gun down)"
)
_ES_GROUP_HARM = (
    r"(?:matar(?:los|las)?|fusilar(?:los|las)?|quemar(?:los|las)?|colgar(?:los|las)?|exterminar(?:los|las)?|"
    r"balacear(?:los|las)?|eliminar(?:los|las)?|acabar con (?:ellos|ellas))"
)
GROUP_VIOLENCE = _rx(
    r"\b(?:"
    + "|".join(
        [
            rf"{_GROUP}(?: \w+){{0,8}} (?:should|must|need to|needs to|ought to|oughta|deserve to|deserves to|gotta|have to|"
            rf"has to|better)(?: all| just| each| every one| every last one)? (?:all )?(?:be|get) {_GROUP_HARM_PASSIVE}",
            rf"{_GROUP}(?: \w+){{0,8}} (?:should|must|deserve to|deserves to|need to|gotta|ought to) (?:all )?die",
            rf"{_GROUP}(?: \w+){{0,6}} deported in (?:boxes|body bags|coffins|pieces)",
            rf"(?:should|must|need to|gotta|lets|let s|ought to|time to|will|ill|gonna|going to|wanna|hope (?:someone|somebody))"
            rf"(?: \w+){{0,2}} {_GROUP_HARM_ACTIVE}(?: all| every| the| those| these| all the| all of the| all those| all these)? "
            rf"(?:\w+ )?{_GROUP}",
            rf"(?:a )?(?:todos )?(?:los|las|esos|estos|pinches|a los|a las) {_GROUP}(?: \w+){{0,5}} (?:hay que|deberian|deben|"
            rf"tienen que|se merecen|merecen|habria que) (?:{_ES_GROUP_HARM}|morir|ser fusilados|ser asesinados|una bala|plomo)",
            rf"(?:hay que|deberian|habria que|vamos a|voy a) {_ES_GROUP_HARM} (?:a )?(?:todos )?(?:los |las |esos |estos )?"
            rf"(?:pinches )?{_GROUP}",
        ]
    )
    + r")\b"
)
GROUP_MENTION = _rx(rf"\b{_GROUP}\b")
DEHUMANIZING_RX = _rx(rf"\b{_alt(DEHUMANIZING)}\b")
# Dehumanising language that needs no group word ("breeding like roaches") or sits near one across a sentence
# ("the shooter was an illegal. these people are animals"): flag level, a human decides.
HATE_SOFT = _rx(
    r"\b(?:"
    + "|".join(
        [
            r"breed(?:ing|s)? like (?:roaches|rats|rabbits|animals|cockroaches|flies|dogs|vermin)",
            # Spanish: a group likened to animals, called sick or not people, or cursed with an intensifier.
            rf"{_GROUP}(?: \w+){{0,6}} (?:parece|parecen|son como|es como|huele a|huelen a) (?:un |una |unos |unas )?(?:chango|changos|"
            r"mono|monos|simio|simios|gorila|gorilas|animal|animales|rata|ratas|cucaracha|cucarachas|perro|perros|puerco|puercos|mierda)",
            rf"{_GROUP}(?: \w+){{0,4}} (?:nomas|solo|nada mas|nomas no|no) sirven (?:pa|para) (?:nada|pedir|robar|estorbar|drogarse|"
            r"emborracharse|tener hijos|vivir del gobierno|mantenidos)",
            r"(?:no son|ni son|no es) (?:gente|humanos|personas|seres humanos)|se reproducen como (?:ratas|conejos|cucarachas|animales)",
            rf"(?:pinches|pinche|malditos|malditas|putos|sucios|sucias|cochinos|asquerosos|mugrosos|apestosos) {_GROUP}\b",
            r"(?:send|ship|deport) (?:them|em|these people|those people|all of them)(?: all)? back (?:across|over|where|to (?:their|where|mexico|africa|guatemala|honduras|haiti|el salvador|china|india|the border|venezuela|cuba|asia|the middle east))",
            r"(?:theyre|they are|these people are|those people are|they r) (?:not even|not|less than) (?:human|people|humans)|subhuman",
            rf"{_GROUP}(?: \w+){{0,8}} (?:disgusting |filthy |sick |dirty )?(?:degenerates|groomers|pedophiles|perverts|animals|vermin|parasites|savages|freaks|abominations)\b",
            r"third world (?:people|savages|trash|animals|filth|scum|vermin|crime|criminals)|(?:the |an )?invasion (?:at|on|across|of) (?:the|our) (?:border|country)|great replacement",
            r"(?:jewish|jew|jews|zionist|zionists) (?:money|bankers|media|control|elites|globalists|agenda|lobby) (?:funding|controls|control|runs|run|behind|owns|own|paying)",
            r"(?:send|ship|kick|throw|deport)(?: \w+){0,4} back (?:across|over|to) (?:the )?(?:river|border|rio|mexico|africa|their country|where they came from)",
            rf"(?:of course|typical|figures|naturally|obviously|no wonder)(?: \w+){{0,4}} (?:was|is|were|are|its|it s) (?:an? |the |all )?{_GROUP}(?: again| lol| smh)?(?: \.|$)",
            rf"{_GROUP}(?: [\w.]+){{0,10}} (?:these|those) (?:people|folks|ones) (?:are|r|is) (?:all |just )?(?:a |an )?{_alt(DEHUMANIZING)}",
            rf"(?:all|the|these|those) (?:the )?{_GROUP} (?:moving in|coming in|flooding|pouring in|taking over|invading|infesting|breeding|moving here|coming here)",
            rf"{_GROUP}(?: \w+){{0,8}} {_alt(DEHUMANIZING)} (?:all of (?:em|them)|every (?:one|last one) of (?:em|them)|the lot of them|each and every one)",
            rf"{_GROUP}(?: \w+){{0,3}} (?:ruining|destroying|infesting|invading|taking over) (?:this|our|the) (?:town|city|country|state|neighborhood|community)",
            rf"{_GROUP} (?:need|needs|should|must|better) (?:to )?stay (?:away from|out of|the hell away from) (?:our|my|the) (?:kids|children|schools|bathrooms|town|neighborhood)",
        ]
    )
    + r")\b"
)
COUNTER_SPEECH = _rx(
    r"\b(?:"
    + "|".join(
        [
            r"(?:called|call|calling|called me|yelled|yelling|screamed|shouted|said|saying|says|wrote|writing|spray painted|painted|used|uses|using|heard|hear) (?:me|him|her|us|them|my \w+|our \w+|his \w+|her \w+|a |an |the word|that word|slurs?|out)",
            r"stop (?:calling|saying|using|posting|writing|with)",
            r"(?:is|was|its|it s|thats|that s|that is) (?:a )?(?:slur|racist|hate speech|bigoted|bigotry|not ok|not okay|unacceptable|disgusting|hateful|homophobic|transphobic)",
            r"not (?:ok|okay|acceptable|cool|funny) to (?:call|say|use)",
            r"(?:reported|report|reporting) (?:this|him|her|them|it|that)",
            r"shame on",
            r"(?:hate crime|racism|racist|bigot|bigots|bigotry|homophobia|homophobic|transphobia|transphobic|antisemitism|antisemitic|slur|slurs|hate speech|discrimination)",
            r"(?:condemn|denounce|reject|stand against|speak out against|won t tolerate|wont tolerate|will not tolerate|no place for)",
            r"(?:me|nos|le|les) (?:dijo|dijeron|grito|gritaron|llamo|llamaron|insulto|insultaron)",
            r"racista|racismo|discriminacion|no esta bien|no es aceptable|que verguenza",
            r"(?:the|a) (?:word|term|phrase) [a-z]+",
            r"quote",
            r"quoting",
        ]
    )
    + r")\b"
)
SELF_IDENTITY = _rx(
    r"\b(?:"
    + "|".join(
        [
            rf"as an? (?:\w+ ){{0,2}}{_GROUP}",
            rf"(?:i am|im|i'm|we are|were|we're)(?: a| an)?(?: proud| proud to be| also)?(?: \w+)? {_GROUP}\b",
            rf"(?:soy|somos)(?: un| una| orgulloso| orgullosa| orgullosamente)? (?:\w+ )?{_GROUP}\b",
            rf"como (?:un |una )?{_GROUP}\b",
            rf"(?:my fellow|us|we) {_GROUP}\b",
            r"as an? (?:immigrant|woman|mother|father|veteran|dreamer|latina|latino|chicano|chicana)",
            r"soy (?:inmigrante|mexicano|mexicana|latino|latina|chicano|chicana|gay|lesbiana|trans|mujer|indigena|negro|negra|musulman|judio|judia)",
            r"(?:we|us) (?:queers|gays|dykes|trans folks|brown folks|black folks)",
            r"my (?:people|community|raza|gente)",
            r"mi (?:gente|raza|comunidad)",
        ]
    )
    + r")\b"
)

# Sexual, obscenity, vulgarity
SEXUAL_PHRASES = _rx(
    r"\b(?:send (?:me |us )?(?:nudes|pics|noods|noodz|nudez|nude pics|naked pics|pix)|suck (?:my|me|his|her|your)(?: \w+)? (?:dick|cock|balls|tits|pussy|off)|"
    r"(?:want to|wanna|gonna|let me|lemme|i would|i'd|id) (?:fuck|bang|screw|smash|eat|lick|ride)(?: \w+){0,2} (?:you|u|her|him|that|your)|"
    r"(?:check out|click|watch) (?:my|our) (?:onlyfans|of|nudes|videos)|my (?:onlyfans|of|fansly)(?: is| page| link)?|sit on (?:my|your) face|"
    r"(?:mandame|manda|pasame|pasa|enseñame|ensename) (?:tu |tus |el |un )?(?:fotos|nudes|packs?)|(?:quiero|te quiero) (?:coger|cogerte|chingarte)|"
    r"(?:te|se|le) la (?:meto|metia|meteria|metiera|chupo|chuparia|mamo|mamaria|dejo ir)(?: toda| todita)?|"
    r"(?:que |q )?(?:rico|rica|buen|buena|ricas|ricos|sabroso|sabrosa|tremendo|tremenda) (?:culo|culito|nalgas|nalguitas|tetas|"
    r"chichis|pechos|trasero|pompis|pompas|cuerpazo)|"
    r"(?:chupar|chuparle|chuparte|mamar|mamarle|mamarte|comerle|comerte|lamerle|lamerte)(?: \w+){0,2} (?:la verga|el pito|las tetas|"
    r"las chichis|la panocha|la pucha|el culo|la cosita|todo)|"
    r"(?:eggplant|peach|tongue)(?: (?:eggplant|peach|splash|tongue))+|"
    r"(?:see|watch) me (?:naked|nude|undress|undressing|strip|stripping)|"
    r"my (?:spicy|naughty|hot|private|exclusive|nsfw|18|xxx|lewd) (?:pics|pictures|content|page|videos|vids|photos|snap)|"
    r"(?:handcuff|cuff|tie|chain|strap) (?:me|you|u|him|her) (?:up )?to (?:the|my|his|her|your|ur) bed)\b"
)
# Flirting aimed at an officer's body or the power to search ("can frisk me anytime"): sexualised, flag level.
SEXUAL_SOFT = _rx(
    r"\b(?:frisk|search|strip search|pat down|pat me down|handcuff|cuff|spank|arrest|ride)(?: me)?(?: \w+){0,2} "
    r"(?:anytime|any time|all night|daddy|mami|papi|baby|babe|all day|whenever|tonight|if you know what i mean|wink|smirk)"
    r"|\b(?:anytime|any time|all night|in the back of (?:his|her|your|the) (?:car|cruiser))(?: \w+){0,3} (?:if (?:you|u) know what i mean|iykwim|wink wink|hot face|drool)\b"
    r"|\b(?:daddy|mami|papi) (?:officer|oficial|cop)\b|\b(?:officer|oficial|cop) (?:daddy|zaddy)\b"
    r"|\b(?:esta|estas|esta bien|estas bien) (?:bien |muy )?(?:bueno|buena|rica|rico|sabroso|sabrosa|mamacita|papacito)\b"
    r"|\b(?:le|te) (?:hago|haria|hacia) (?:de todo|lo que quiera|lo que quieras)\b|\b(?:mamacita|papacito|mamasita|papasito)\b"
    r"|\b(?:esposeme|esposame|espose me|arresteme|arrestame|reviseme|revisame|registreme|castigame|castigueme|cateeme)(?: \w+){0,4} "
    r"(?:lo que quiera|lo que quieras|papi|mami|guapo|guapa|cuando quiera|toda la noche|peach|eggplant|tongue|hagame|hazme)\b"
    r"|\b(?:hagame|hazme|haganme) (?:lo que quiera|lo que quieras|suya|tuya|el amor|de todo)\b"
)
# Explicit acts described on a person ("I'd bend her over the hood", "sit on his face") and showing one's body:
# sexual at flag level. Paid pictures with any sexual cue are solicitation.
SEXUAL_ACT = _rx(
    r"\b(?:bend|bent|bending) (?:her|him|you|u|ya|them|that \w+|this \w+|the \w+) over (?:the|a|my|his|her|your|ur|that|this|and|"
    r"like|in|on|right)\b|\bsit (?:on|in) (?:his|her|their|ur|that \w+s) face\b|"
    r"\b(?:show|shows|showing|ensenar|ensenarte|ensenarle|te enseno|le enseno) (?:you|u|ya|him|her|them|yall)? ?(?:what s|whats|what is|what i got|lo que tengo|lo que hay) "
    r"(?:under|underneath|bajo|debajo de) (?:these|this|my|mi|mis|estos|este) (?:\w+ )?(?:shorts|skirt|clothes|dress|uniform|panties|"
    r"shirt|pants|jeans|towel|ropa|falda|vestido|short|shorts)\b|"
    r"\b(?:strip search|strip|undress|desvisteme|desnudame)(?: me| you| him| her)? (?:slowly|slow|real slow|despacio|despacito)\b"
)
PAID_PICS = _rx(
    r"\b(?:pics|pictures|photos|vids|videos|content|fotos|videos|nudes|packs?)(?: \w+){0,2} (?:for|por|only|solo) \$ ?\d+"
    r"|\$ ?\d+ (?:for|por) (?:my |mis |the )?(?:pics|pictures|photos|vids|videos|nudes|fotos|packs?)\b"
)
_VULGAR = _alt(lexicon("vulgar.txt"))
_OBSCENE = _alt(lexicon("obscene.txt"))
_SEXUAL = _alt(lexicon("sexual.txt"))
INFL = r"(?:s|es|ed|ing|in|er|ers|y|z)?"
VULGAR_RX = _rx(rf"\b{_VULGAR}{INFL}\b|\bmiddlefinger\b")
OBSCENE_RX = _rx(rf"\b{_OBSCENE}{INFL}\b")
SEXUAL_RX = _rx(rf"\b{_SEXUAL}{INFL}\b")

# Allegations against named people (needs case: run on Normalized.cased)
TITLES = (
    "Officer",
    "Ofc",
    "Off",
    "Sgt",
    "Sergeant",
    "Deputy",
    "Dep",
    "Detective",
    "Det",
    "Lt",
    "Lieutenant",
    "Captain",
    "Capt",
    "Cpt",
    "Chief",
    "Corporal",
    "Cpl",
    "Agent",
    "Trooper",
    "Sheriff",
    "Mayor",
    "Judge",
    "Councilman",
    "Councilwoman",
    "Councilor",
    "Commissioner",
    "DA",
    "Oficial",
    "Agente",
    "Comandante",
    "Sargento",
    "sargento",
    "Teniente",
    "teniente",
    "Capitan",
    "comandante",
    "Jefe",
    "Alcalde",
    "officer",
    "sgt",
    "deputy",
    "detective",
    "chief",
    "oficial",
    "agente",
)
NON_NAMES = frozenset(
    {
        "Las",
        "Cruces",
        "Police",
        "Department",
        "New",
        "Mexico",
        "The",
        "This",
        "That",
        "LCPD",
        "Walmart",
        "County",
        "City",
        "Hall",
        "High",
        "School",
        "Street",
        "Main",
        "Avenue",
        "Road",
        "Dona",
        "Ana",
        "State",
        "University",
        "God",
        "Jesus",
        "Facebook",
        "Sheriff",
        "Office",
        "I",
        "He",
        "She",
        "They",
        "We",
        "You",
        "My",
        "His",
        "Her",
        "Mr",
        "Mrs",
        "Ms",
        "Dr",
        "Officer",
        "Deputy",
        "Chief",
        "Sgt",
        "Sergeant",
        "Detective",
        "Lt",
        "Captain",
        "Stop",
        "Why",
        "What",
        "How",
        "When",
        "Where",
        "Who",
        "Please",
        "Thank",
        "Thanks",
        "Happy",
        "Merry",
        "Christmas",
        "Sunday",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "Black",
        "Lives",
        "Matter",
        "Blue",
        "Back",
        "El",
        "La",
        "Los",
        "Un",
        "Una",
        "Fuck",
        "Shit",
        "Circle",
        "Home",
        "Depot",
        "Stripes",
        "Mesilla",
        "Valley",
        "Organ",
        "Mountain",
        "Onate",
        "Mayfield",
        "Centennial",
        "Lohman",
        "Solano",
        "Picacho",
        "Telshor",
        "Rio",
        "Grande",
        "Arrowhead",
        "Park",
        "Drive",
        "Ave",
        "St",
        "Rd",
        "Ofc",
        "Det",
        "Dep",
        "Oficial",
        "Agente",
        "Alcalde",
        "Jefe",
        "Mayor",
        "Judge",
        "Councilman",
        "Councilwoman",
        "PD",
        "ACAB",
        "Sam",
        "Is",
        "Are",
        "And",
        "But",
        "Not",
        "No",
        "Yes",
        "Si",
        "Hay",
        "En",
        "De",
        "Del",
        "Que",
        "Y",
        "Thin",
        "Line",
        "America",
        "American",
        "United",
        "States",
        "US",
        "USA",
        "Texas",
        "El Paso",
        "Paso",
        "Albuquerque",
    }
)
TITLED_NAME = _rx(r"\b" + _alt(TITLES) + r"\.? (?:[A-Z][a-z]+|[a-z]{3,})(?: [A-Z][a-z]+)?\b")
PLAIN_NAME = _rx(r"\b[A-Z][a-z]{1,15}(?: [A-Z]\.)? [A-Z][a-z]{1,15}(?:-[A-Z][a-z]+)?\b")
BADGE_RX = _rx(r"\bbadge (?:number |no |num |#)?\d{2,6}\b|\bplaca (?:numero |#)?\d{2,6}\b")
MISCONDUCT = _rx(
    r"\b(?:"
    + "|".join(
        [
            r"beats|beat up|beat (?:his|her|my|a|an|the|him|someone|people|that|this)|beats his|beats her|abuses|abused|hits his|hits her|hit his|hit her",
            r"rapes|raped|rapist|molests|molested|molester|pedo|pedophile|predator|groomer|groomed",
            r"steals|stole|stealing|thief|embezzl\w*|extort\w*|bribe|bribes|bribed|takes bribes|kickbacks?",
            r"(?:sells|sell|selling|deals|dealing|deal) (?:coke|dope|meth|weed|pills|crack)|coke|sells drugs|sell drugs|selling drugs|deals drugs|dealing drugs|drug dealer|dealer|does drugs|on drugs|cocaine|meth|heroin|fentanyl",
            r"planted|plants evidence|planting evidence|fabricat\w*|falsif\w*|lied under oath|lies under oath|perjury|perjured",
            r"cheats on|cheating on|affair with|sleeping with",
            r"pocket\w*|skimming|skims|fraud|drove drunk|driving drunk|drives drunk|drunk at work|on the take|takes money|took money",
            r"assaulted|assaults|harassed|harasses|stalks|stalked|stalking|sexually",
            r"dui|drunk on duty|drinks on duty|drunk driving|wife beater|abuser|murderer|killer|criminal|crook|crooked|domestic violence",
            r"covered up|cover up|covers up|killed|murdered|choked|tased|tazed|framed|arrested for",
            r"(?:was|is|were|gets|got|shows up|showed up|came to work) (?:drunk|high|wasted|hammered|intoxicated|blackout drunk)|drove (?:home )?(?:drunk|wasted|intoxicated|high)",
            r"sold (?:the |my |our |his |her )?(?:drugs|dope|meth|guns|evidence|weed|pills)|(?:seized|confiscated) (?:\w+ ){0,3}and (?:sold|kept)|kept the (?:money|cash|drugs)|"
            r"put (?:his |her |their )?hands on|lied (?:about|in|to|under|on)|lies (?:about|in|to|on)|lying (?:about|in|under|on)|tampered|tampers",
            r"golpea|golpeo|golpeaba|abusa|abuso|viola|violo|violador|roba|robo|ladron|ratero|narco|vende drogas|vende droga|vendia drogas|pedofilo|acosa|acoso|soborno|sobornos|mordida|mordidas|corrupto|mintio|engana a su",
            # Spanish misconduct said of a named officer: beating a partner, stealing seized drugs, driving drunk,
            # being covered for, planting evidence.
            r"(?:le|les) (?:pega|pegaba|pego|pegan) a (?:su|sus)|se (?:roba|robo|roban|robaron|quedaba|queda|quedo) (?:la|el|los|las|con la|con el)",
            r"(?:vende|vendia|vendio|venden) (?:la |el |las )?(?:droga|drogas|mota|cristal|armas|evidencia)",
            r"(?:manejaba|maneja|manejando|andaba|anda|estaba|llego|llega|trabaja|trabajaba) (?:bien |todo |toda )?(?:borracho|borracha|pedo|peda|"
            r"drogado|drogada|hasta atras|ebrio|ebria|marihuano|crudo|cruda|high)",
            r"(?:la|lo|los|las) (?:taparon|tapan|tapaban|encubrieron|encubren|cubrieron|protegieron)|encubr\w+",
            r"(?:sembro|sembraron|planto|plantaron|puso|pusieron) (?:droga|drogas|evidencia|pruebas|un arma|una pistola)",
            r"(?:cobra|cobraba|recibe|recibia|agarra|pide|pedia) (?:mordidas|sobornos|lana|dinero|feria|moche|moches)",
            r"extorsion\w*|golpeador|(?:abuso|abusa|abusaba) de (?:una|un|su|la|mi|sus)|(?:violo|acoso|acosa|acosaba|amenazo|golpeo) a",
        ]
    )
    + r")\b"
)

# Crime reports and emergencies
CRIME_REPORT = _rx(
    r"\b(?:"
    + "|".join(
        [
            r"(?:my|our|mi|nuestro|nuestra|my neighbors|my moms|my dads|my sons|my daughters|my wifes|my husbands)(?: \w+){0,2} (?:car|truck|house|home|bike|bicycle|phone|wallet|purse|catalytic converter|converter|package|packages|tools|trailer|dog|mailbox|tires|windows|garage|shed|store|business|atv|motorcycle|laptop|generator)s? (?:was|were|got|has been|have been|is been|just got)(?: \w+){0,2} (?:stolen|broken into|vandalized|taken|keyed|hit|robbed|burglarized|damaged|slashed|shot at|smashed|egged|tagged)",
            r"(?:someone|somebody|someones|somebodys|some guy|some dude|a guy|a man|a woman|some kids|people|they|thieves)(?: \w+){0,2} (?:stole|broke into|took|vandalized|keyed|slashed|robbed|broke in|stealing from|has been stealing|keeps stealing|have been stealing|hit my|rear ended|shot at|tagged|spray painted|smashed|grabbed|snatched|shattered|stealing|taking|dumped|damaged|busted)",
            r"(?:i|we|my son|my daughter|my wife|my husband|my mom|my dad|my kid)(?: \w+){0,1} (?:was|were|got|have been|has been|just got) (?:robbed|mugged|assaulted|attacked|scammed|jumped|carjacked|burglarized|threatened|hit by|stalked|harassed|followed)",
            r"(?:i|we) (?:want|would like|need|wanted|am trying|tried) to (?:report|file a report|make a report)",
            r"how (?:do|can) (?:i|we) (?:report|file a report)",
            r"(?:report|reporting) (?:a|an) (?:crime|theft|burglary|break in|robbery|assault|drunk driver|scam|stolen)",
            r"(?:drug house|trap house|drug dealing|selling drugs|dealing drugs|selling meth|selling fentanyl|doing drugs|shooting up|squatters|squatting|camping|trespassing|casing (?:houses|cars|the neighborhood))(?: \w+){0,4} (?:on|at|in|by|near|behind|across)",
            r"(?:theres|there is|there are|there's)(?: a| some| these)?(?: \w+){0,2} (?:guy|guys|man|men|woman|women|people|kids|someone|car|truck|van|dude) (?:that )?(?:keeps |has been |have been |always )?(?:selling|dealing|breaking|stealing|casing|trespassing|speeding|racing|dumping)",
            r"(?:my neighbor|my neighbour|the neighbors|my roommate|my ex)(?: \w+){0,2} (?:is|has been|keeps|are|have been) (?:selling|dealing|growing|stealing|beating|hitting|threatening|harassing|stalking)",
            r"hit and run",
            r"exposed (?:himself|herself|themselves)|flashed (?:my|me|us|her|him)|se exhibio|indecent exposure",
            r"(?:chop shop|illegal dumping|dumping trash|dumping garbage|drug deals|prostitution|stolen cars|stolen car|meth lab|grow house)",
            r"(?:was|got|been) (?:hacked|scammed) (?:by|out of)",
            r"(?:me|nos|le|les) (?:robaron|asaltaron|golpearon|estafaron|amenazaron|quitaron|arrebataron|bajaron|chocaron|"
            r"vaciaron|desvalijaron|saquearon|rayaron|poncharon|grafitearon|forzaron|abrieron|limpiaron|volaron|tumbaron)",
            r"(?:rompieron|quebraron|estrellaron|rompio|quebro) (?:el |la |los |las |mi |mis |su |sus |nuestra |nuestro )?(?:vidrio|vidrios|"
            r"ventana|ventanas|puerta|chapa|parabrisas|espejo|espejos|carro|troca|cerca|buzon|candado)",
            r"(?:dice|dicen|decia|dijo|dijeron) (?:que )?(?:es|son|era|eran) (?:del|de la|de los) (?:irs|banco|policia|sheriff|seguro social|"
            r"migracion|corte|pnm|compania de luz|gobierno)(?: \w+){0,8} (?:pide|piden|pidio|pidieron|quiere|quieren|pedia) (?:dinero|pago|"
            r"tarjetas|gift cards|mi numero|datos|mi seguro)",
            r"(?:carro|troca|camioneta|vehiculo|van) abandonad[oa]|sin placas",
            # Animal cruelty: "tienen perros amarrados sin agua desde hace dias".
            r"(?:perro|perros|perrito|perritos|gato|gatos|caballo|caballos|animales|dog|dogs|puppy|puppies|horse|horses)(?: \w+){0,3} "
            r"(?:amarrad[oa]s?|encerrad[oa]s?|sin agua|sin comida|abandonad[oa]s?|chained|tied up|without water|with no water|no water|starving)"
            r"|maltrat\w* (?:a )?(?:un |los |su |sus |el |la )?(?:perro|perros|animal|animales|gato|gatos|caballo|caballos)",
            r"(?:robaron|se robaron|se llevaron) (?:mi|mis|nuestro|nuestra|el|la|los|las)",
            r"(?:my|our|mi|nuestra|nuestro)(?: \w+){0,2} (?:is|are|was|were|esta|estan) (?:gone|missing|kicked in|smashed|broken into|busted|desaparecid[oa]s?)",
            r"(?:someone|somebody|someones|somebodys|people|they|some guy|a guy)(?: \w+)? (?:has been|have been|keeps|keep|is|are) (?:stealing|siphoning|breaking|taking|vandalizing|dumping|tagging|trespassing|prowling|casing)",
            r"(?:me|nos|le|les) (?:amenazo|amenazaron|persiguio|siguio|golpeo|asalto|robo)",
            r"(?:alguien|algien|unos|unas) (?:se llevo|se robo|robo|se llevaron|se robaron|rompio|rompieron|quebro|quebraron)",
            r"(?:i think|probably|pretty sure) (?:it s|its|it is|they re|theyre|it was) stolen|abandoned (?:car|vehicle|truck)",
            r"(?:whoever|who ever|the person who|the guy who|the dude who|the people who|the lady who|the kids who|whoever it was that) (?:took|stole|broke|keyed|slashed|smashed|jacked|swiped|snatched|busted|spray painted|tagged|hit my|backed into|dented|egged)",
            r"(?:got|get|had|have had|has had) (?:my|our|mi|their|his|her) (?:\w+ ){0,2}(?:stolen|taken|jacked|swiped|snatched|broken into|keyed|vandalized|slashed|smashed|busted|robbed)",
            r"(?:stole|siphoned|smashed|broke into|keyed|slashed|vandalized|spray painted|emptied|cleaned out|ransacked|jacked|swiped|snatched|stripped|shattered|drilled)(?: \w+){0,6} (?:my|our|mi|nuestro|nuestra|nuestros)",
            r"(?:pretending|pretended) to be (?:from|with)|(?:posing|posed) as (?:a|an|the)|impersonating (?:a|an|the)",
            r"(?:doing|does|do|did) (?:donuts|burnouts|doughnuts)|street racing|drag racing|racing (?:up and down|every night|on)",
            r"(?:checking|trying|pulling|jiggling) (?:car |all the |the )?(?:door handles|car doors|doors on cars)",
            r"(?:poner|levantar|hacer) (?:la|una|el|un) (?:denuncia|reporte)|(?:me|nos) hackearon|(?:hacked|hackeo)(?: \w+){0,2} (?:account|cuenta)",
            r"(?:packages|package|mail|tools|bikes|bike|plants|decorations|paquetes)(?: \w+){0,2} (?:keep|keeps)? ?(?:disappearing|going missing|getting stolen|vanishing|desapareciendo)",
            r"dumping (?:\w+ ){0,3}(?:trash|garbage|couches|mattresses|tires|junk|furniture|basura)",
            r"(?:get|have|got) (?:this|it|him|them) investigated|(?:wired|sent|paid|gave) (?:them|him|her|a scammer|someone|somebody)(?: \w+)? (?:\d|money|cash|gift cards)",
            r"abandoned(?: \w+){0,2} (?:car|vehicle|truck|van|suv|sedan|altima|camry|civic)|(?:with|has) no (?:license )?plates",
            r"(?:my|our|mi)(?: \w+){0,3} (?:got|was|were|is|are) (?:jacked|swiped|snatched|lifted|ripped off|taken|stolen|gone)(?: again)?",
            r"(?:has been|have been|keeps|keep|been|are|is|were) (?:going thru|going through|breaking into|stealing|prowling|casing|vandalizing|tagging|dumping|jiggling)(?: \w+){0,2} (?:cars|car|trucks|houses|homes|mailboxes|packages|porches|yards|garages|sheds|our|my|the)",
            r"(?:house|apartment|trailer|place|spot|casa|traila)(?: \w+){0,5} (?:where|that|donde) (?:they|people|he|she|guys|venden|vende)(?: \w+)? (?:sell|sells|selling|deal|deals|dealing|cook|cooks|cooking)?(?: \w+)? (?:fentanyl|fetty|meth|drugs|dope|crack|heroin|coke|pills|blues|cristal|droga|drogas|mota|fentanilo)",
            r"entraron a (?:mi|nuestra|la) (?:casa|carro|troca|tienda|negocio)",
            r"(?:quiero|queremos|como puedo|como) (?:reportar|denunciar|hacer una denuncia)",
            r"(?:hay|estan|andan)(?: \w+){0,3} (?:vendiendo|robando|traficando) (?:droga|drogas|cosas|carros)?",
            r"(?:venden|vende|vendiendo|vendian|vendia|distribuyen|mueven)(?: \w+){0,2} (?:droga|drogas|cristal|mota|fentanilo|fenta|"
            r"pastillas|perico|coca|cocaina|chiva|heroina|pasta|foco|blues)",
            r"(?:andan|estan|anda|esta|siguen|sigue|vienen|viene|se la pasan|se pasan)(?: \w+)? (?:rayando|grafiteando|pintando|"
            r"quebrando|robando|vandalizando|tirando basura|metiendose|rompiendo|ponchando|vendiendo|traficando|"
            r"robandose|desvalijando|acechando|cachando carros|abriendo carros|picando llantas)",
            r"(?:ponchan|poncharon|picaron|rayaron|grafitearon|pintarrajearon|desvalijaron|"
            r"vandalizaron)(?: \w+){0,2} (?:mi|mis|las|los|la|el|nuestra|nuestro|nuestras|nuestros)",
        ]
    )
    + r")\b"
)
NOW_MARKERS = _rx(
    r"\b(?:right now|rn|happening now|as we speak|currently|at this moment|this minute|this second|hurry|asap|please help|help us|help me|send (?:someone|help|a unit|police|cops|an officer|somebody|a cop|a car)|someone call|somebody call|call 911|just (?:grabbed|snatched|took|shot|stabbed|broke|hit|crashed|pulled|robbed|attacked|jumped|tried|ran|fired|flipped|rolled|collapsed|fell)|right outside|still here|still there|still inside|still in there|sigue aqui|siguen aqui|todavia esta|ahora|ahorita|ahora mismo|en este momento|ayuda|ayudenme|manden|urgente|rapido|just now|now|auxilio|socorro|orita|horita|"
    r"ya mismo|esta pasando|estan pasando|en este instante)\b"
)
DANGER = _rx(
    r"\b(?:"
    + "|".join(
        [
            r"(?:is|are|s|re|keeps|keep) (?:breaking|trying to break|trying to get|kicking|climbing) (?:in|into)",
            r"(?:breaking|break) in(?:to)?",
            r"(?:man|guy|guys|woman|women|person|someone|somebody|dude|dudes|people|kid|kids|men|lady|teens|two \w+|three \w+) (?:with|has|have|holding|waving|pointing|carrying|got) (?:a |an |some )?(?:gun|guns|knife|knives|weapon|weapons|rifle|rifles|pistol|pistols|machete|machetes|bat|bats|shotgun|shotguns|ar|ars)",
            r"shots fired|shooting|gunshots|gun shots|gunfire|being shot at|shots",
            r"(?:is|are|s|re) being (?:attacked|beaten|stabbed|robbed|kidnapped|followed|shot|assaulted|raped|chased|hurt)",
            r"(?:is|are|s|re) (?:fighting|beating|hitting|attacking|stabbing|chasing|choking|dragging|robbing|kidnapping|shooting|following)",
            r"(?:on fire|house fire|is burning|smoke coming)",
            r"(?:overdos\w*|not breathing|unconscious|bleeding|passed out|having a seizure)",
            r"(?:kidnap\w*|abduct\w*|took a (?:kid|child|girl|boy)|amber alert)",
            r"(?:grabbed|snatched|took|dragged|pulled|forced) (?:a |the |my |this |that |some )?(?:little |young )?(?:girl|boy|kid|child|woman|baby|lady|teen)",
            r"(?:screaming|hitting|smashing|breaking|trying to open|trying to break|attacking|threatening|waving|swinging|throwing) (?:\w+ ){0,2}(?:cars|car|windows|doors|people|a bat|a gun|a knife|rocks|things|everyone)",
            r"(?:someone|somebody|a man|a guy|a person|people|a stranger|some guy|two guys|alguien|un hombre|un tipo) (?:is |are |s |esta |estan )?(?:in|inside|en|dentro de) (?:my|our|the|mi|nuestra|nuestro|el|la) (?:house|home|backyard|back yard|yard|garage|apartment|car|patio|casa|yarda|cochera)",
            # Spanish: an intruder, someone hiding, a fire with people inside, a body that does not respond.
            r"(?:se metio|se metieron|se esta metiendo|se estan metiendo|se quiere meter|se quieren meter|quieren entrar|quiere entrar|"
            r"esta tratando de entrar|estan tratando de entrar) (?:a|en) (?:mi|la|nuestra|nuestro|el|su) (?:casa|cochera|yarda|patio|"
            r"traila|apartamento|cuarto|carro|troca|negocio)",
            r"(?:estoy|estamos|esta|estan) (?:escondid[oa]s?|encerrad[oa]s?)",
            r"(?:no despierta|no reacciona|no se mueve|se desmayo|se esta desmayando|convulsionando|esta convulsionando|sobredosis|"
            r"se esta ahogando|se ahoga|se esta muriendo|no puede respirar|no respira|esta morado|esta morada)",
            r"(?:en llamas|se esta incendiando|se esta quemando|se quema|hay fuego|hay humo)",
            r"(?:sigue|siguen|hay gente|hay alguien|hay ninos|hay un nino|hay una senora|hay un senor|quedo|quedaron) (?:adentro|atrapad[oa]s?|dentro)",
            r"(?:le|la|lo|les) (?:esta|estan) (?:pegando|golpeando|ahorcando|arrastrando|apuntando|amenazando|picando|disparando)",
            r"(?:se estan|estan|se andan|andan|se agarraron|se dieron|se estan dando|se dan)(?: \w+)? a (?:cuchillazos|balazos|machetazos|"
            r"golpes|navajazos|putazos|madrazos|batazos)",
            r"se (?:oyen|escuchan|oye|escucha) (?:balazos|disparos|tiros|gritos|golpes|vidrios)",
            r"(?:trae|traen|tiene|tienen|saco|sacaron|anda con|andan con) (?:una |un )?(?:pistola|cuchillo|arma|machete|rifle|cuerno|fierro|navaja)",
            r"trying (?:the|all the|every|our|my)(?: back| front| side| car| garage)? (?:doors|door|windows|window|car doors)|(?:pulled|pointing|pointed|waving) (?:a |his |her )?(?:gun|knife|pistol|rifle)",
            r"(?:atrapad[oa]s?|herid[oa]s?|inconsciente|sangrando|no respira)",
            r"(?:kid|child|toddler|baby|little girl|little boy) (?:wandering|walking|alone) (?:\w+ ){0,2}(?:alone|highway|road|street|freeway|interstate)",
            r"(?:golpeando|pegando|amenazando|persiguiendo) a (?:su|una|un|la|el|mi)",
            r"(?:screaming for help|yelling for help|pidiendo ayuda)",
            r"(?:lady|woman|man|guy|kid|child|baby|someone|somebody|neighbor|girl|boy|people|vecina|vecino|senora|nino|nina) (?:screaming|yelling for help|crying for help|gritando|pidiendo ayuda)",
            r"(?:hear|hearing|heard|escucho|oigo) (?:thumping|banging|screaming|yelling|someone screaming|crying|golpes|gritos)",
            r"(?:fell|fallen|jumped|drove|went|cayo|se cayo) (?:in|into|en) (?:the |a |el |la )?(?:canal|river|pool|ditch|well|arroyo|acequia|rio)",
            r"(?:cant|can t|cannot|no (?:se )?puede) (?:get up|stand up|levantar|levantarse|pararse)|(?:no|not) (?:contesta|responde|answering)",
            r"(?:power line|powerline|power lines|live wire|live wires|cable)s? (?:down|sparking|on fire|en el suelo)|gas leak|fuga de gas",
            r"(?:someones|somebodys|theres someone|there s someone|theres somebody|there is someone|someone is|somebody is) (?:in|inside|on) (?:my|our|the) (?:house|home|backyard|back yard|yard|garage|apartment|porch|roof|attic|shed)",
            r"(?:tried|trying|try) to (?:pull|grab|drag|take|snatch|force|lure) (?:a |the |my |this |some |that )?(?:little |young )?(?:girl|boy|kid|child|woman|lady|teen|student)",
            r"(?:cut|cutting|hurt|hurting|stabbed|burned) (?:herself|himself|themselves|myself)|(?:tried|trying|wants|going|threatening|says hes going|says shes going) to (?:kill|hurt|end|cut) (?:herself|himself|themselves|myself|his life|her life)",
            r"(?:is|are|esta|estan) (?:screaming|gritando|crying for help|yelling for help|pidiendo auxilio)",
            r"(?:wont|won t|doesnt|does not|no) (?:let|la deja|lo deja|me deja|nos deja|los deja)(?: \w+)? (?:leave|out|go|salir|ir|irse)",
            r"(?:wandered off|walked out|walked off|ran away|wandered away|se salio|se fue)(?: \w+){0,8} (?:cant find|can t find|cannot find|no lo encontramos|no la encontramos|dementia|alzheimers|autistic|autism|demencia)",
            r"(?:cant|can t|cannot|can not) find (?:him|her|them)(?: anywhere)?",
            # Present danger described indirectly: a person hurting someone, a body that does not move, a
            # child missing or alone, someone being followed or hiding, smoke pouring out.
            r"(?:is|are|s|re|keeps|keep) (?:hurting|strangling|punching|kicking|slapping|dragging|choking|threatening|banging on|pounding on|kicking in)",
            r"(?:heard|hear|hearing) (?:glass breaking|gunshots|gun shots|shots|a gunshot|screaming|screams|a scream|someone screaming|a woman screaming|a kid screaming|a baby crying|gritos|balazos|disparos)",
            r"(?:banging|pounding|kicking|beating) on (?:the|my|our|her|his|mi) (?:door|doors|window|windows|puerta|ventana)",
            r"(?:im|i am|we are|were|were all|shes|hes) (?:hiding|locked|locking ourselves|trapped) (?:in|inside|under)",
            r"(?:he|she|they|driver|person|guy|man|woman|lady|kid|child|baby|someone|somebody|mom|dad|brother|sister|son|daughter|husband|wife|friend|grandma|grandpa|hes|shes|theyre|victim|senor|senora|nino|nina|bebe)(?: is| s| are| esta)? (?:isnt|is not|aint|not|wont|won t|hasnt|cant|no) (?:moving|breathing|responding|answering|waking up|wake up|opening the door|se mueve|respira|responde|despierta|contesta)",
            r"(?:car|truck|vehicle|suv|van|semi|bus|motorcycle|carro|troca)(?: just)? (?:flipped|rolled|rolled over|overturned|on its roof|caught fire|is on fire|in the canal|in the ditch|went into the canal|se volteo|se volco)",
            r"(?:flipped|rolled|overturned) (?:car|truck|vehicle|suv|van)",
            r"(?:smoke|flames|fire|humo|llamas) (?:pouring|billowing|coming out|coming from|everywhere|shooting out|saliendo)",
            r"(?:smell|smells|smelling) (?:gas|smoke|something burning)|(?:huele|olor) a (?:gas|humo)",
            r"(?:hasnt|hasn t|has not|didnt|did not|havent|no ha|no han) (?:come|came|made it|gotten|got|returned|regresado|llegado|vuelto)(?: back)? (?:home|back|a casa|a la casa)",
            r"(?:is|are|has been|have been|went|gone|esta|estan) (?:missing|desaparecid[oa]s?)|cant find (?:my|our) (?:son|daughter|kid|child|baby|mom|dad|grandma|grandpa|grandson|granddaughter|brother|sister)|no (?:encuentro|encontramos|aparece) (?:a )?(?:mi|mis|nuestro|nuestra)?",
            r"(?:is|are|s|re|been|keeps|has been|have been|guy|car|truck|van|someone|somebody|man|dude|esta|estan|me viene|me vienen) (?:following|chasing|stalking|persiguiendo|siguiendo) (?:me|us|my|mi|nos|a mi)",
            r"(?:kid|child|toddler|baby|little girl|little boy|nino|nina|bebe|ninito|ninita|chiquito|chiquita)(?: is| s| esta)? (?:wandering|walking|alone|running|caminando|solo|sola|solito|solita|solitos)(?: \w+){0,5} (?:alone|highway|road|street|freeway|interstate|carretera|autopista|calle|solo|sola|i \d+|la \d+|caminando|en medio)",
            r"(?:car )?(?:accident|crash|wreck)(?: [a-z0-9.]+){0,6} (?:people|someone|person|kids|injured|hurt|trapped)",
            r"(?:people|someone|person|kids|driver|a kid|a child|somebody|the driver)(?: is| are| s)? (?:trapped|injured|badly hurt|bleeding|unconscious|stuck in)",
            r"(?:hombre|tipo|persona|alguien|mujer|muchacho|senor)(?: \w+){0,2} con (?:una |un )?(?:pistola|arma|cuchillo|rifle|machete)",
            r"disparos|balazos|balacera|estan disparando|esta disparando",
            r"(?:se estan|estan) (?:peleando|golpeando|robando|metiendo)",
            r"(?:esta|estan) (?:golpeando|robando|atacando|pegando|siguiendo|quemando)",
            r"(?:se|esta) (?:quemando|metiendo a)",
            r"incendio",
            r"(?:entrando|metiendose) a",
            r"(?:tratando|intentando|queriendo) (?:de )?(?:meterse|meter|entrar|abrir la puerta|forzar la puerta)",
            r"accidente(?: \w+){0,3} (?:heridos|herido|atrapado|atrapados)",
        ]
    )
    + r")\b"
)
PAST_OR_HYPOTHETICAL = _rx(
    r"\b(?:yesterday|last night|last week|last month|last year|ago|earlier today|earlier|this morning|the other day|back in|used to|ayer|anoche|la semana pasada|hace|"
    r"what (?:should|do|would) (?:i|you|we) do if|if someone|if somebody|in case|what happens if|how do you|si alguien|que hago si|"
    r"was arrested|were arrested|police say|suspect|the man who|the woman who|sentenced|charged|article|news|according to|movie|show|game|"
    r"drill|training|practice|simulacro|noticias|periodico|reportaje|segun|pelicula|serie|novela|hace \w+ (?:anos|meses|semanas)|"
    r"(?:in|since|back in|en|desde) (?:19|20)\d\d)\b"
)
THIRD_PARTY_NOW = _rx(
    r"\b(?:there is|theres|there are|there's|hay|someone is|somebody is|a man is|a guy is|un hombre|una mujer|alguien esta|someones|my neighbor is|my neighbors|in my|outside my|on my street|en mi|afuera de)\b"
)

# Spam
URL_RX = _rx(
    r"(?:https?://|www\.)[^\s]+|\b[a-z0-9\-]+\.(?:com|net|org|xyz|io|ly|me|info|biz|top|club|site|online|shop|co|gov|us|link|click)(?:/[^\s]*)?\b"
)
# Selling goods or services on the page: commercial solicitation (flag; a human decides).
SALE_OFFER = _rx(
    r"\b(?:selling|for sale|vendo|vendemos|se vende|se venden|rento|renting out|now booking|taking orders|se aceptan pedidos)"
    r"(?: \w+){0,6} (?:\d+k|\d+ ?(?:obo|firm)|obo|or best offer|\d+ (?:por|for) \$? ?\d+|\$ ?\d+)"
    r"|\b(?:ofrezco|ofrecemos|se ofrece|se ofrecen|hago|hacemos|se hacen) (?:servicios? de |trabajos de )?(?:limpieza|limpiezas|"
    r"jardineria|yardas|mudanzas|pintura|remodelacion|plomeria|reparaciones|unas|tatuajes|pasteles|fletes|taxes|impuestos|seguros|"
    r"cortes de pelo|techos|cercas|tamales)\b"
    r"|\b(?:precios (?:bajos|economicos|accesibles|comodos)|buenos precios|presupuesto gratis|cotizacion gratis|estimados gratis)\b"
    r"|\b(?:entrega a domicilio|delivery available|free delivery|free estimates?|free inspection|free consultation|licensed and insured|licensed insured|dm for prices)\b"
    r"|^(?:looking for|need|needing|buscas|necesitas) (?:a |an |un |una )?(?:reliable|affordable|cheap|professional|licensed|good|trusted|quality) \w+"
    r"|\b(?:anyone|anybody|alguien) (?:looking for|need|needs|needing|busca|necesita) (?:a |an |un |una )?(?:reliable|affordable|cheap|professional|licensed|good|trusted|quality) \w+"
)
JOB_SCAM = _rx(
    r"\b(?:(?:only|just) need (?:a|your) (?:phone|laptop|smartphone|computer|wifi)|(?:\d+|few|couple|two|three) (?:hrs|hours) a day|"
    r"no experience (?:needed|required|necessary)|extra (?:money|cash|income) for the holidays|who wants to make|"
    r"(?:comment|type|reply) (?:info|yes|interested|me))\b"
)
ROMANCE_SCAM = _rx(
    r"\b(?:(?:hi|hello|hey|hola) (?:dear|my dear|beautiful|handsome|sweetheart)|i (?:love|like|admire) your (?:profile|pics|pictures|smile)|"
    r"can we be friends|(?:write|text|message|contact|add) me (?:on|at|via) (?:whatsapp|telegram|hangouts|signal|kik|wechat|google chat)|"
    r"(?:hola|hey|buenas|buenos dias) (?:guapo|guapa|hermosa|hermoso|mi amor|carino|querido|querida|bebe|corazon|amor|preciosa|precioso)|"
    r"me (?:gusta|encanta|encanto|gusto) (?:mucho )?tu (?:perfil|sonrisa|foto|fotos|cara)|(?:podemos|quieres|queremos) ser amig[oa]s|"
    r"(?:agregame|escribeme|hablame|contactame|buscame) (?:en|por|al|a mi) (?:whatsapp|telegram|hangouts|signal|instagram|ig|snap|privado))\b"
)
MONEY_OFFER = _rx(
    r"(?:"
    + "|".join(
        (a if a.startswith("\\$") else r"\b" + a)
        for a in [
            r"\$ ?\d[\d,]*k?(?: usd| dollars)? ?(?:per|a|an|/|every|each|in a) ?(?:day|week|hour|month|daily|weekly|hr|wk|days|weeks)",
            r"(?:earn|earning|make|making|made|gane|gana|ganar|ganando) (?:up to |over |about |)?\$ ?\d+",
            r"(?:earn|make|making|gana|ganar)(?: some)?(?: extra| easy| quick| fast| real| serious| big)? (?:money|cash|dinero|income|profits?)",
            r"(?:youve|you have|you ve|you re|youre|you are) been (?:chosen|selected|picked)|gift ?card|claim (?:at|here|now|it)|"
            r"(?:get|gain|grow) (?:you )?\d+k? (?:followers|likes|views|subscribers)|need followers|6 figures|six figures|comment info|proven system|"
            r"(?:paid|pays|made|sent) me \$ ?\d+|investment plan|trading plan|\d+ ?% off|today only|cheap (?:\w+ ){0,2}(?:sunglasses|watches|shoes|bags|pills|meds|jerseys)",
            r"work(?:ing)? from home",
            r"(?:make|earn|making|earning) \$\$+ \w+",
            r"passive income",
            r"financial freedom",
            r"invest(?:ment|ing|ed)? (?:platform|manager|opportunity|account|with)",
            r"forex|bitcoin|btc|crypto|cryptocurrency|usdt|ethereum|nft|binary options|trading account|account manager|mining pool|cripto|criptomonedas?",
            r"amarres?|tarot|brujeria|limpias|lectura de cartas|regreso (?:a tu|de) pareja|(?:amarres|trabajos|resultados) garantizados",
            r"giveaway|free (?:iphone|gift card|giftcard|money|followers|crypto)",
            r"grants? (?:available|approved)|you (?:qualify|have been selected|are eligible|won)|claim your (?:prize|grant|reward|money)|apply (?:now|here|today) (?:at|on)",
            r"cash ?app|venmo me|paypal me|zelle me",
            r"sugar (?:daddy|mommy|baby)",
            r"loan (?:offer|approval|approved)|credit repair|fix your credit",
            r"trabajo desde casa|dinero facil|inversion|invierte|ganancias|desde (?:tu |la )?casa|duplica (?:tu|su) dinero|"
            r"gana(?:r)? (?:dinero|lana|feria)(?: extra| facil| rapido)?|ingresos extra|sin experiencia|solo necesitas (?:tu|un) (?:celular|telefono)",
            r"(?:recover|recovered|recovery of|get back) (?:my|your|lost|stolen) (?:funds|money|account|crypto|bitcoin)",
            r"recuper(?:a|ar|amos|o|e) (?:tu|su|sus|tus) (?:cuenta|cuentas|dinero|fondos|bitcoin|facebook|perfil|instagram)|cuentas? hackead[ao]s?|"
            r"(?:somos|soy) (?:expertos?|hackers?|especialistas?)",
            r"hacker|hack (?:any|your) account",
            r"limited (?:time )?offer|act now|100% (?:guaranteed|legit)|guaranteed (?:profit|returns|income)",
            r"(?:buy|cheap) (?:followers|likes|views)",
            r"(?:selling|for sale|vendo)(?: brand)?(?: new)? (?:iphones?|phones|ps5|laptops|watches|tickets|gift cards)(?: \w+){0,3} \$ ?\d+|win a (?:free|new)|like and share|click here",
            r"(?:simple|easy) (?:online )?(?:tasks|jobs|work)|ask me how|message me for (?:more )?(?:info|details)",
            r"double your (?:money|investment|bitcoin)|free quote|call now",
            r"prestamos?|dinero rapido|fast cash|quick cash|no credit check|sin revisar credito|sin checar credito",
        ]
    )
    + r")\b"
)
# Goods or services advertised ("cheap car insurance quotes", "seguros de auto baratos"): commercial solicitation.
COMMERCIAL_OFFER = _rx(
    r"\b(?:(?:cheap|cheapest|affordable|low cost|lowest|discounted|discount|best|great|low) (?:\w+ ){0,2}(?:insurance|quotes?|"
    r"rates|loans?|tax prep|tax returns|repairs|rentals|roofing|plumbing|hvac|lawn care|cleaning|movers|moving|towing|"
    r"solar|tires|auto glass|windshields?|bail bonds?|locksmith)|(?:free|quick|instant) (?:\w+ )?(?:quotes?|estimates?|"
    r"consultations?)|(?:car|auto|home|life|health|renters|truck) insurance quotes?|insurance quotes?|"
    r"seguros? (?:de auto |de carro |de casa )?(?:baratos?|economicos?)|aseguranzas? baratas?|cotizacion(?:es)? gratis|"
    r"presupuestos? gratis|(?:taxes|income tax|taxas) (?:baratas?|economicas?))\b"
)
CONTACT_ME = _rx(
    r"\b(?:"
    + "|".join(
        [
            r"(?:call|text|whatsapp|telegram) (?:me |us )?(?:at |on )?\d{3}|d ?m me|inbox me|pm me|message me|text me|hmu|hit me up|whatsapp|whats app|telegram|signal me|wickr|snapchat me|add me on",
            r"contact (?:me|him|her|mr|mrs|ms|dr|them|us)\b",
            r"reach (?:out to )?(?:me|him|her|us) (?:on|via|at|through)",
            r"click (?:the|my|this) link|link in (?:my )?bio|check (?:out )?my (?:profile|page|bio)|follow (?:me|my page)|visit my (?:page|site|profile)",
            r"thanks to (?:mr|mrs|ms|dr|the great)|(?:he|she) (?:helped|help) me (?:recover|get back|invest|earn|make)",
            r"escribeme|mandame (?:mensaje|whatsapp|un mensaje|dm)|contactame|agregame|escribenos|escribanos|contactanos|mandanos|llamanos|hablanos",
            r"(?:info|informes|informacion|precios|pedidos|detalles|pregunta|pregunten|pidan|ordenes)(?: \w+)? (?:por|al|en) (?:inbox|dm|privado|whatsapp|mensaje)|"
            r"(?:manda|mandame|mandenme|mande|escribenos|mandanos|envia|enviame)(?: un)? (?:inbox|mensaje|msj|dm|whatsapp)",
            r"(?:message|dm|pm|inbox|text|call|contact|email|msg) (?:me|us) for (?:rates|prices|pricing|a quote|quotes|info|details|more info|appointments|booking|bookings|orders|price|more)",
        ]
    )
    + r")\b"
)

PRIVATE_CHANNEL = _rx(r"\b(?:inbox|dm|dms|pm|whatsapp|whats|telegram|privado|mensaje|msj)\b")
REPORT_WORDS_RX = _rx(
    r"\b(?:fue el que|fue la que|fueron los que|fueron las que|el que (?:disparo|robo|mato|apunalo|golpeo|quemo)|disparo|"
    r"apunalo|balaceo|se robo|robo|lo agarraron|la agarraron|los agarraron|esposado|esposada|correccional|juvenil|reformatorio|"
    r"expulsado|expulsada|lo expulsaron|la expulsaron|consignado|"
    r"(?:trajo|traia|llevo|llevaba|saco) (?:una |la |un |el )?(?:pistola|arma|cuchillo|navaja|droga|drogas|vape|mota)|"
    r"agarraron|agarrado|agarrada|atraparon|pescaron|chase|pursuit|called in|stolen|joyride|robbing|robar|robando|"
    r"brought (?:a|the) (?:gun|knife|weapon)|caught with|with a gun|expelled|vandaliz\w*|stole|fight|fought|threat|threats|arrested|arrest|charged|detained|booked|busted|caught|suspect|suspects|in custody|cited|juvie|jail|detention|arrestaron|detuvieron|detenido|detenida|arrestado|arrestada|sospechoso|was picked up|picked up|picked (?:him|her|them) up|perp|shooter|did it|who did|the one who|responsible|involved)\b"
)
MINOR_RX = _rx(
    r"\b(?:1[0-7]|[5-9]) ?(?:year|yr)s? ?old\b|\b(?:1[0-7]|[5-9]) ?(?:yo|y o)\b|\b(?:juvenile|juveniles|minor|minors|teen|teens|teenager|teenagers|teenage|"
    r"kid|kids|boy|boys|girl|girls|student|students|freshman|sophomore|junior|8th grader|7th grader|middle schooler|high schooler|highschooler|"
    r"chavo|chava|chavos|chavas|morro|morra|morros|morras|plebe|plebes|chamaquito|chamaquita|"
    r"menor|menores|menor de edad|adolescente|adolescentes|chamaco|chamacos|chamaca|chamacas|nino|ninos|nina|ninas|estudiante|estudiantes|muchachos)\b|\bde (?:1[0-7]|[5-9]) anos\b"
    r"|\b(?:chavo|chava|muchachita|muchachito|muchacha|muchacho|nino|nina|chamaco|chamaca|morro|morra|chamaquita|chamaquito|plebe) de (?:1[0-7]|[5-9])\b"
    r"|\b(?:el|la) de (?:1[0-7]|[5-9])\b|\b(?:tiene|tenia|apenas tiene|con) (?:1[0-7]|[5-9])(?: anos| anitos)?\b"
    r"|\b(?:secundaria|prepa|preparatoria|middle school|junior high|high school)\b"
)
SCHOOL_RX = _rx(
    r"\b(?:onate|mayfield|centennial|las cruces|organ mountain|arrowhead|rio grande|picacho|vista|lynn|zia|camino real|sierra|white sands|"
    r"gadsden|santa teresa|chaparral|mesilla valley|alta vista|sonoma|hermosa|mesa)(?: \w+)? (?:high|middle|prep|elementary|ms|hs|academy|school)\b"
    r"|\b(?:goes to|attends|student at|from|en la|va a la|de la) (?:[a-z]+ ){1,2}(?:high|middle|elementary|school|prepa|secundaria|preparatoria)\b"
)
# An age said as a predicate ("she's 16", "he is only 15", "just turned 14"); the word after it is checked in
# _detect_juvenile so that "he's 15 minutes late" is not an age.
AGE_PREDICATE = _rx(
    r"\b(?:shes|hes|she is|he is|theyre|they are|who is|whos|is only|is just|only|just turned|turned|aged|age|edad de) "
    r"(?:only |just |barely )?(1[0-7]|[5-9])(?: (\w+))?"
)
NOT_AN_AGE_UNIT = frozenset(
    {
        "minutes",
        "mins",
        "min",
        "hours",
        "hrs",
        "days",
        "weeks",
        "months",
        "feet",
        "ft",
        "inches",
        "miles",
        "mph",
        "percent",
        "times",
        "points",
        "dollars",
        "bucks",
        "cars",
        "officers",
        "cops",
        "people",
        "of",
        "out",
        "am",
        "pm",
        "oclock",
        "deep",
        "shots",
        "rounds",
        "calls",
        "blocks",
        "units",
        "k",
    }
)
NAMED_RX = _rx(r"\b(?:named|name is|his name|her name|their names|se llama|nombre es|llamado|llamada)\b")
RELATIVE_ID = _rx(r"\b(?:son of|daughter of|kid of|brother of|sister of|hijo de|hija de)\b")
# On cased text: "the Gonzales boy", "my neighbors daughter Kaylee".
FAMILY_NAME_RX = _rx(
    r"\b(?:the|los|las|el|la) [A-Z][a-z]+ (?:boy|girl|kid|kids|boys|girls|brothers|sisters|twins|chamaco|chamaca)\b"
    r"|\b(?:daughter|son|nephew|niece|grandson|granddaughter|stepson|stepdaughter|hija|hijo|sobrino|sobrina) [A-Z][a-z]+\b"
    r"|\b(?:de|del) (?:los|las|la) [A-Z][a-z]+\b|\b(?:hijo|hija|nieto|nieta|sobrino|sobrina) de (?:la |el |don |dona )?(?:Sra|Sr|Senora|Senor|Don|Dona)\.? [A-Z][a-z]+\b"
)
LOCAL_SCHOOL_RX = _rx(
    r"\b(?:from|at|goes to|attends|en la|va en la|va a la|de la) (?:onate|mayfield|centennial|organ mountain|arrowhead|"
    r"las cruces high|gadsden|chaparral|santa teresa|zia|lynn|sierra|vista|picacho|camino real|alta vista|mesilla valley)\b"
)

# Small patterns used on every comment, compiled once (re2.search(str) re-looks-up its cache each call).
SECOND_PERSON_RX = _rx(r"\b(?:you|u|ya|youre|your|ur|yall|te|tu|ti|usted|ustedes)\b")
TARGET_RX = _rx(rf"\b{_TARGET}\b")
TARGET_NO_ARTICLE_RX = _rx(
    rf"\b{_alt(w for w in TARGET_WORDS if w not in ('la', 'las', 'los', 'lo', 'su', 'sus', 'tu', 'tus'))}\b"
)
ES_PROCLITIC_RX = _rx(r"\b(?:lo|la|los|las) (?:voy|vamos|van|va|vas) a\b")
SECOND_PERSON_NO_YA_RX = _rx(r"\b(?:you|u|youre|your|ur|yall|te|tu|ti|usted|ustedes)\b")
# Function words that only Spanish has: enough to read a "ya" as "already".
SPANISH_RX = _rx(r"\b(?:que|pero|porque|los|las|del|esta|estan|muy|nada|nadie|se|mi|su|una|por|para|con)\b")
PAST_BREAK_IN_RX = _rx(r"\b(?:broke|broken) in(?:to)?\b")
HOSTILE_INTENSIFIER = _rx(r"\b(?:fucking|fuckin|fkn|dirty|damn|stupid|filthy|pinches|pinche|malditos)\b")


@dataclass(slots=True)
class RuleResult:
    """Rule scores for one comment plus the evidence behind them and the features the combiner uses."""

    scores: dict[str, float]
    evidence: dict[str, list[str]] = field(default_factory=dict)
    violent_target: bool = False  # a violent verb near a target, whatever the intent
    group_mention: bool = False  # a protected group is named
    second_person: bool = False  # addressed to "you"
    person_target: bool = False  # a named or addressed individual (not the institution)
    idiom: bool = False  # a violent word used idiomatically ("shoot me an email")
    news: bool = False  # reads like discussion of an event
    future: bool = False  # future, modal or imperative wording ("will", "gonna", "should", "voy a")
    threat_composed: bool = False  # violence, a target and intent in one sentence (no exact pattern)
    threat_directed: bool = False  # ... said by "I/we" or to "you"
    named_abuse: bool = False  # insults or curses aimed at a named official: reviewed, never hidden for this
    recounted: bool = False  # a third party's past armed crime told as an event, not aimed at anyone here
    quoted_violence: bool = False  # the only violence is someone else's words, quoted or condemned
    sentenced: bool = False  # a lawful punishment by the courts is asked for ("should get the death penalty")
    joking: bool = (
        False  # laughter ("jajaja", "lol"): a threat is for a human to judge, never hidden by the machine
    )


def _add(result: RuleResult, signal: str, score: float, why: str) -> None:
    if score > result.scores.get(signal, 0.0):
        result.scores[signal] = score
    result.evidence.setdefault(signal, []).append(why)


CLAUSE_BREAKS = frozenset(
    {".", "if", "and", "but", "then", "so", "or", "because", "cuz", "pero", "si", "y", "porque"}
)


def _negated_before(text: str, start: int, window_words: int = 2) -> bool:
    """A negator within a few words before position `start`, in the same clause."""
    before = text[:start].rsplit(" . ", 1)[-1].split()[-window_words:]
    for i in range(len(before) - 1, -1, -1):
        if before[i] in CLAUSE_BREAKS:
            before = before[i + 1 :]
            break
    return bool(before) and NEGATION_RX.search(" ".join(before)) is not None


@functools.cache
def _slur_regexes() -> tuple[tuple[re2._Regexp, str, str], ...]:
    strong = [t for t, _, sev in _slur_table() if sev == "strong"]
    weak = [t for t, _, sev in _slur_table() if sev != "strong"]
    out = []
    if strong:
        out.append((_rx(rf"\b{_alt(strong)}{INFL}\b"), "strong", "slur"))
    if weak:
        out.append((_rx(rf"\b{_alt(weak)}{INFL}\b"), "weak", "slur"))
    return tuple(out)


INSTITUTION_RX = _rx(
    r"\b(?:"
    + _alt(t for t in lexicon("institution.txt") if t not in ("12", "blue", "badge", "badges"))
    + r")\b"
)


def detect(norm: Normalized, item: ScoreInput) -> RuleResult:
    """Run every detector over one normalised comment."""
    text = norm.folded
    result = RuleResult(scores={s: 0.0 for s in CATEGORY_SIGNALS + CONTEXT_SIGNALS})
    if text:
        # Idioms are blanked out first so that "shoot me an email" never reaches the threat patterns.
        cleaned = text
        if IDIOM_RX.search(text):
            result.idiom = True
            cleaned = IDIOM_RX.sub(" idiom ", text)
        if LAWFUL_PUNISHMENT.search(cleaned):
            result.sentenced = True
            cleaned = LAWFUL_PUNISHMENT.sub(" sentence ", cleaned)
        result.news = NEWS_RX.search(text) is not None
        result.future = FUTURE_RX.search(text) is not None
        second = SECOND_PERSON_RX.search(text)
        # "ya" is English "you" but Spanish "already": in a Spanish comment it addresses nobody.
        if second and second.group(0) == "ya" and SPANISH_RX.search(text):
            second = SECOND_PERSON_NO_YA_RX.search(text)
        result.second_person = second is not None
        _detect_context(norm, result)
        _detect_threat(cleaned, result)
        _detect_harassment(norm, text, result)
        _detect_retribution(text, result)
        _detect_home_menace(text, result)
        _detect_doxxing(norm, text, result)
        _detect_hate(norm, text, result)
        _detect_sexual_obscene_vulgar(norm, text, result)
        _detect_allegation(norm, cleaned, result)
        _detect_crime_and_emergency(norm, cleaned, result)
        _detect_spam(norm, text, result)
        _detect_juvenile(norm, text, result)
        _finish_context(norm, result)
    _detect_media(item, result)
    return result


ADDRESSING_PAGE = _rx(
    r"\b(?:you guys|yall|you people|you all|all of you|ustedes|todos ustedes|fuck 12|f 12|fuck the 12|chinguen a su madre)\b"
)


def _detect_context(norm: Normalized, result: RuleResult) -> None:
    text = norm.folded
    inst = INSTITUTION_RX.findall(text)
    if inst:
        _add(result, "institution_target", 0.9, f"institution: {inst[0]}")
    elif MENTION_RX.search(norm.cased) is None:
        # On the department's own page, "you guys" / "ustedes" without an @reply addresses the department.
        m = ADDRESSING_PAGE.search(text)
        if m:
            _add(result, "institution_target", 0.7, f"addresses the page: {m.group(0)}")
    if COUNTER_SPEECH.search(text) or '"' in norm.plain or "“" in norm.original:
        m = COUNTER_SPEECH.search(text)
        result.scores["counter_speech"] = 0.5 if m else 0.3  # raised to 0.9 below when hate is quoted
        if m:
            result.evidence.setdefault("counter_speech", []).append(m.group(0))
    m = SELF_IDENTITY.search(text)
    if m:
        _add(result, "self_identity", 0.85, m.group(0))
    m = NEGATED_STATEMENT.search(text)
    if m:
        _add(result, "negated", 0.9, m.group(0))


SEE_YOU_AT_EVENT = _rx(
    r"(?:ill|i will|we will|well|im gonna|i'll) see (?:you|u|ya|yall|you all|you guys) (?:soon |there |tomorrow |tonight )?"
    r"(?:at|in) (?:the |next |tonights |"
    r"tomorrows |this |our )?(?:\w+ )?(?:council|meeting|hearing|court|courthouse|polls|game|event|town hall|forum|"
    r"school board|church|meet and greet|coffee with a cop|open house|parade|festival|fair|rally|vigil|commission|"
    r"junta|reunion|cabildo|corte)\b"
)


def _detect_threat(text: str, result: RuleResult) -> None:
    negated = result.scores.get("negated", 0.0) >= 0.8

    def live(m: re2._Match) -> bool:
        return not _negated_before(text, m.start()) and not NEGATION_RX.search(m.group(0))

    for rx, score, label in (
        (THREAT_STRONG, 0.95, "threat"),
        (THREAT_CALL, 0.88, "call to violence"),
        (THREAT_SECOND, 0.75, "intimidation"),
        (THREAT_WISH, 0.7, "wish of harm"),
    ):
        for m in rx.finditer(text):
            if rx is THREAT_SECOND and SEE_YOU_AT_EVENT.match(text, m.start()):
                # "I'll see you at the council meeting": a date at a public event, not a promise to find someone.
                continue
            if live(m):
                found = m.group(0)
                if ES_EVERYDAY_VERB_RX.search(found) and not VIOLENT_WORD_RX.search(found):
                    # "te voy a quebrar", "la vamos a quemar": violent with a person as object, but the same verbs
                    # are everyday Spanish; a human decides (urgently) rather than the machine hiding it.
                    score = min(score, 0.8)
                _add(result, "threat", score, f"{label}: {found}")
                break
            result.scores["negated"] = max(result.scores.get("negated", 0.0), 0.9)
    m = VIOLENT_NEAR_TARGET.search(text)
    if m and not _negated_before(text, m.start()):
        result.violent_target = True
        _add(
            result,
            "threat",
            0.25 if (result.news or negated) else 0.3,
            f"violent word near target: {m.group(0)}",
        )
    m = WEAPON_NEAR_TARGET.search(text) or WEAPON_EMOJI_RUN.search(text)
    recounted = PAST_ARMED_CRIME.search(text)
    if recounted and not result.future:
        result.recounted = True
    if m and recounted and recounted.start() <= m.start() < recounted.end():
        m = None
    if m and not _negated_before(text, m.start()):
        result.violent_target = True
        _add(result, "threat", 0.6, f"weapon near target: {m.group(0)}")
    if not negated and not result.news:
        _compose_threat(text, result)
        _implicit_threat(text, result)
        _slang_threat(text, result)
    if negated and result.scores["threat"] < 0.9:
        result.scores["threat"] = min(result.scores["threat"], 0.2)
    if JOKING_RX.search(text):
        # "voy a matar a mi hermano si se come mis tamales jajaja": laughter makes intent doubtful; a threat
        # with a laugh still goes to a human (urgently), never hidden by the machine alone.
        result.joking = True
        result.scores["threat"] = min(result.scores["threat"], 0.8)


_EN_KILL = "|".join(VIOLENT_EN[:12])
# Words that make a Spanish violent phrase unambiguous; without one, an everyday verb with a person as object
# ("quebrar", "levantar", "quemar") is flagged, not hidden.
VIOLENT_WORD_RX = _rx(
    rf"\b(?:{_ES_STRONG_VERB}{_ES_ENCLITIC}?|{_ES_BLOW_PHRASE}|{_EN_KILL}|muerte|muertos?|bomba|balazos?|"
    r"plomazos?|tiros?|estacion|comisaria)\b"
)
ES_EVERYDAY_VERB_RX = _rx(rf"\b(?:{_ES_OBJECT_VERB}{_ES_ENCLITIC}?|{_ES_IMPERATIVE}|{_ES_FIRST_PERSON})\b")
JOKING_RX = _rx(
    r"\b(?:(?:ja|je|ji|ha|he|xa){2,}[jah]*|lol|lmao|lmfao|rofl|jk|jp|es broma|just kidding|no es cierto|😂|🤣)\b"
)


# Compositional threat cues: a violent act, a target and intent in one sentence, however phrased. Past-tense
# forms ("killed", "shot") are left out on purpose: they describe events; "get killed" is caught by its verb.
VIOLENCE_CUE = _rx(
    r"\b(?:kill|kills|killing|die|dies|dead|death|deaths|shoot|shooting|bullet|bullets|gun|guns|rifle|ar|ak|glock|pistol|"
    r"aim|aiming|stab|stabbing|knife|bomb|bombs|explode|explosive|blow|blown|burn|burning|torch|gasoline|hang|noose|"
    r"body bag|body bags|in the ground|six feet under|grave|coffin|end you|end him|end her|end them|hurt|hurting|beat|"
    r"bleed|murder|lynch|slit|choke|strangle|run over|smoke|smoked|pop|popped|cap|capped|blast|blasted|"
    r"get (?:killed|shot|stabbed|hurt|blown|smoked|popped|capped|hanged|hung|lit up)|"
    r"gets (?:killed|shot|stabbed|hurt|blown|smoked|popped|capped|hanged|hung)|be (?:killed|shot|dead|hanged|hung)|"
    r"end up (?:dead|in a body bag|in the ground|in a box)|rounds|ammo|mag|magazine|on fire|set fire|set \w+ on fire|"
    r"never walk again|never see (?:your|ur) (?:kids|family|wife)|not leaving|wont leave|not walking out|not going home|"
    r"shot them|shot em|killed them|killed em|shoot them|line them up|lined up|"
    r"gauge|shotgun|9mm|45|glock|ar15|ar 15|ak47|ak 47|molotov|molotovs|machete|blade|strap|strapped|piece|grenade|pipe bomb|"
    r"blood|bloody|funeral|funerals|baseball bat|bat|lesson|roll up on|not going home|wont go home|"
    r"open fire|opening fire|light (?:it|the place) up|eyes closed|car bomb|cuerno|"
    r"levantar|levantarlo|desaparecer|nadie lo va a encontrar|nadie los va a encontrar|whats coming|pay for this|pay in|"
    r"lit up|light (?:you|u|yall|em|them|him) up|break (?:his|your|ur|her|their) (?:jaw|neck|legs|face|bones|skull|arms)|"
    r"throat cut|cut (?:his|your|ur|her|their) throat|slit|curb stomp|beat (?:you|u|him|her|them) (?:to death|half to death|senseless)|"
    r"matar|mato|maten|matarlos|matarte|muerto|muertos|muerte|morir|mueran|muera|balazo|balazos|bala|balas|tiro|tiros|"
    r"bomba|granada|cuerno de chivo|plomo|plomazo|fierro|molotov|arreglar cuentas|ajustar cuentas|la 9|la nueve|la 45|la 40|"
    r"la escuadra|la fusca|cuete|cuerno|"
    r"pistola|cuchillo|fuego|prender fuego|quemar|sangre|golpear|ahorcar|colgar|disparar|disparo|vivo|vivos|"
    r"gun|knife|skull|coffin)\b"
)
INTENT_CUE = _rx(
    r"\b(?:will|ill|gonna|going to|imma|ima|finna|about to|bout to|hope|hoping|wish|should|must|better|pray|"
    r"see what happens|one of these days|one day|next time|soon|tonight|tomorrow|watch|wait|waiting|coming for|"
    r"keep (?:it up|harassing|messing|playing|fucking)|or else|youll|yall will|im bringing|bringing my|got something for|"
    r"make sure|swear|if we|if u|if you|would be better if|gonna be|with (?:your|ur) name|"
    r"bring|bringing|next protest|next time|dont be surprised|wont be surprised|might be me|could be me|find out|"
    r"ought to|oughta|mark my words|ready to|headline|we got|is going to|are going to|gonna get|"
    r"im done talking|just saying|before saturday|tengo|traigo|ya veras|"
    r"better stay|stay out|or yall|or you|or else|aventar|echar|"
    r"voy|vamos|va a|van a|vas a|ojala|hay que|deberian|vas a ver|ya veras|ni modo|le toca|les toca)\b"
)
DIRECTED_CUE = _rx(
    r"\b(?:i|im|ill|ima|imma|id|ive|we|were|well|weve|my|me|yo|voy|vamos|te|ti|tu|you|u|ya|your|ur|youll|yall|"
    r"ustedes|usted)\b"
)
PAST_EVENT = _rx(
    r"\b(?:was|were|got|been|had|has been|have been|fue|fueron) (?:killed|shot|murdered|stabbed|beaten|hurt|arrested)\b"
)
NOT_ALIVE = _rx(
    r"\b(?:no (?:va|vas|van|vamos) a (?:llegar|salir|amanecer|regresar) (?:vivos?|con vida)|"
    r"(?:wont|will not|aint gonna|isnt going to|not going to|never gonna) (?:make it|get|go) home (?:alive|tonight|in one piece)|"
    r"(?:wont|will not|aint gonna|not gonna|not going to) (?:live|survive) (?:to see|past|through|the night|long))\b"
)


# Implicit threats: menace worded without a violent verb ("see what happens", "something bad is gonna happen to
# your family", "you won't be smiling when they find you in the arroyo"). Each pattern is a grammatical frame,
# not a phrase list; they score at flag level (a human looks, urgently) and never hide on their own.
_PERSON_OBJ = r"(?:you|u|ya|yall|him|her|them|em|ur|your|his|their|that \w+|this \w+|the \w+|every \w+|these \w+|those \w+)"
IMPLICIT_THREAT = _rx(
    r"\b(?:"
    + "|".join(
        [
            # "something (real) bad is gonna happen to your family", "dont be surprised when something happens to"
            r"(?:something|somethin|somethin|sumthin|anything|smth)(?: \w+){0,2} (?:gonna|is gonna|is going to|going to|will|might|could|would|may|happens|happen) (?:happen )?to "
            + _PERSON_OBJ,
            r"(?:dont|do not|wont|will not) be surprised (?:when|if) (?:something|someone|somebody|your|ur|his|her|the|that|one)",
            r"(?:or|or else|and|n|then|just) (?:see|watch) what happens(?: to| when| next)?",
            r"keep (?:it up|talking|messing|harassing|pushing|playing|running your mouth|fucking around|it going)(?: \w+){0,6} (?:and|&|n) (?:see|watch|find out)",
            r"(?:better )?pray (?:i|we|nobody|no one)(?: \w+)? (?:dont|never|doesnt|do not|wont) (?:catch|see|find|run into|get)",
            r"(?:catch|get|see|find|run into|meet|caught)(?: up with)? "
            + _PERSON_OBJ
            + r"(?: \w+){0,2} (?:off duty|out of uniform|without (?:a|the|your|his|her|ur) (?:badge|gun|uniform|vest)|after (?:your|his|her|ur|their) shift|alone|in (?:a|the) dark)",
            r"how tough (?:you|u|he|she|they|yall)(?: \w+)? (?:are|is|r) without",
            r"(?:wont|will not|aint|never|not gonna|wont be|aint gonna|no more|not) (?:be )?(?:walking|walk|smiling|smile|talking|talk|breathing|breathe|standing|laughing)(?: \w+){0,2} (?:again|ever again|no more|when|for long)",
            r"nobody (?:gonna|will|is gonna|is going to|would|gon) (?:recognize|find|hear from|identify) "
            + _PERSON_OBJ,
            r"(?:find|found|finds) (?:you|u|him|her|them|your body|his body|her body|ur body|ya)(?: \w+){0,2} (?:in|at|under|on the side of) (?:a |the |some )?(?:\w+ )?(?:arroyo|ditch|desert|river|canal|trunk|dumpster|landfill|ground|morgue|field)",
            r"(?:gonna|going to|will|ll|could|might|gon|finna|about to|bout to) end up (?:in|on|at) (?:a |the |some )?(?:\w+ )?(?:ditch|arroyo|morgue|body bag|box|grave|wheelchair|river|desert|obituaries|obituary|casket|coffin)",
            r"(?:hope|pray|praying|wish|make sure|next \w+)(?: \w+){0,5} (?:is|be|will be|gonna be) (?:your|ur|his|her|their) (?:last|final) (?:one|call|shift|stop|breath|ride|night|mistake|traffic stop)",
            r"(?:bring|need|order|get|buy|start ordering)(?: the| some| extra| more)? body bags",
            r"(?:starts?|begin|begins|start) (?:burying|dropping|picking off|taking out|hunting)(?: \w+)? (?:cops|pigs|officers|police|deputies|yall|you|them)",
            r"(?:be|get|gets|being|all) lined up against (?:a|the) wall|line (?:them|em|all of them|(?:all )?(?:the|these|those|every) \w+) up against (?:a|the) wall",
            r"(?:do|doing|did) to (?:\w+ ){0,2}(?:cops|police|officers|pigs|them|him|her|you|u|yall|deputies|the chief) what (?:they|he|she|you|cops|the cops|police|them) (?:did|do|done) to",
            r"(?:bullet|bullets|round|rounds|one|each one|every one|slug|shell|mag)(?: \w+){0,4} (?:got|has|have|with|had) (?:a |your |ur |his |her |their |an |the )?(?:name|names|badge number|badge numbers|badge|number) on (?:it|em|them|each)",
            r"(?:present|surprise|gift|package|regalo|regalito|sorpresa|paquete)(?: \w+){0,3} (?:que explota|that (?:goes boom|explodes|will explode|blows up|go boom)|explota|goes boom)",
            r"(?:got|has|have|hes got|shes got|youve got|you got|u got) (?:till|until|untill|til|tell) (?:\w+ ){0,2}(?:\. )?(?:after that|or else|then its on|or (?:we|i|yall|its))",
            r"(?:its|thats|it is|that is) a promise",
            r"(?:i|we) know (?:what|which|where|when)(?: \w+){0,2} (?:your|ur|his|her|their|you|u|he|she) (?:\w+ )?(?:drives|drive|parks|park|lives|live|sleeps|sleep|works|work|shops|goes|go|eats|gets off|leaves)",
            r"(?:ya |ya lo |ya la |ya los |ya las |lo |la |los |las |te )?(?:tenemos|tengo|tienen) (?:bien )?(?:ubicad[oa]s?|checad[oa]s?|fichad[oa]s?)",
            r"(?:ya se|ya sabemos|sabemos|se bien) donde (?:vive|viven|vives|duerme|duermen|duermes|trabaja|trabajan|trabajas|estaciona|estacionan|estacionas|estudian|estudia|juegan|come|comen)",
            r"(?:wont|will not|aint gonna|isnt going to|not going to|never gonna|aint|not|never|is not|isnt) (?:make it|get|go|making it|going|gonna go|gonna make it|getting|coming) (?:back )?home(?: to (?:his|her|their|your|ur)| tonight| alive| in one piece| again| \.|$)",
            r"no (?:va|vas|van) a (?:llegar|regresar|volver) a (?:su|tu|sus) casa",
            r"(?:se va|se van|te vas) a arrepentir|(?:les|le|te) (?:llego|llega) (?:su|tu) hora",
            r"(?:go|goes|going|gonna go) up in flames|(?:light|lite|lighting)(?: \w+)? up (?:that|the|this|a|his|her|your|ur) (?:cruiser|cop car|patrol car|squad car|station|precinct|substation|house|building|car|truck|unit)",
            r"(?:recognize|identify) (?:your|ur|his|her|their) (?:face|body)",
            # "every one of you will pay", "van a pagar caro"
            r"(?:you|u|yall|ya|they|he|she|them|everyone|all of you|one of you|each of you|every one of you|every last one)(?: \w+){0,5} (?:will|gonna|is gonna|are gonna|going to|is going to|are going to|r gonna) pay\b(?: (?:for (?:this|it|that|what)|in blood|with))?",
            r"(?:va|van|vas) a pagar(?:lo|la|las|los)? (?:caro|con sangre|con su vida|con la vida)",
            r"(?:tiene|tienes|tienen|tiene ya|ya tiene|ya tienes|ya tienen) (?:los )?dias contados|(?:van|vas|va) a ver de lo que (?:soy|somos) capa(?:z|ces)",
            r"(?:better|should|gotta|need to) (?:be in another state|leave town|get out of town|move out|move away|skip town|sleep with|start wearing (?:a |their |your |ur )?(?:vest|vests|body armor|armor)|not show (?:his|her|your|ur|their) face)",
            r"(?:tough|brave|valiente|valientes|big man|bad|badass|chingon|gangster|hard)(?: \w+){0,4} (?:sin|without) (?:el |la |his |the |your |ur |su |tu |their )?(?:uniforme|placa|badge|uniform|gun|pistola|vest|arma|partner|backup)",
            r"(?:que|when|if|till|until|once|cuando) (?:lo|la|los|te|i|we) (?:vea|veamos|agarre|agarremos|encuentre|see|catch|find|get)(?: \w+){0,2} (?:solo|sola|solito|alone|by (?:himself|herself|yourself))",
            r"alone at night|by (?:himself|herself|yourself|themselves) at night|solo en la noche",
            r"(?:lo mismo|lo que le paso (?:a|al)(?: \w+){1,4}) (?:le|les|te) (?:va a|van a|puede|podria|vaya a) (?:pasar|suceder)|"
            r"return the favor|eye for an eye|taste of (?:his|her|their|your|ur) own medicine|see how (?:he|she|they|you|u) like(?:s)? it|same thing (?:happens|happen|will happen) to",
            r"(?:handle|deal with|take care of|settle)(?: \w+){0,3} (?:ourselves|myself|themselves|personally|our own way|the old way)|street justice|take matters into (?:our|my|their) own hands|hacer justicia por (?:nuestra|mi) propia mano",
            r"(?:would|d|id|i d) hate (?:for|to see) (?:\w+ ){0,6}(?:to have an accident|have an accident|get hurt|to get hurt|something happen|anything happen|end up)",
            r"(?:think|thinks|thought) (?:ur|you|youre|your|he|hes|she|shes|they|theyre|u) (?:are |r |is )?(?:safe|untouchable|protected|invincible)(?: \w+){0,3} (?:behind|with|because of|in) (?:that|the|your|ur|his|her|those) (?:badge|uniform|gun|vest|car|cruiser)",
            r"(?:badge|badges|vest|vests|uniform|uniforms) (?:dont|doesnt|wont|cant|do not|will not) (?:stop|protect|save) (?:everything|bullets|you|u|them|him|her)",
            r"(?:i|ive|we|weve|i ve|we ve)(?: got| have| own| bought| keep)(?: \w+){0,2} (?:scope|sniper|rifle|ar|ak|glock|shotgun|ammo|rounds)(?: \w+){0,3} (?:and|for|with) (?:a lot of |plenty of |all the )?(?:patience|time|you|your|yall|them|cops|pigs)",
            r"(?:the day|when) (?:they|i|we)(?: \w+){0,3} (?:let me out|get out|get released|release me|get me out)(?: \w+){0,4} (?:is the day|yall|you|cops|pigs|officers)",
        ]
    )
    + r")\b"
)
# Menace is often a bag of hints rather than a sentence: a time limit, an insinuation, a "shame if", a harm-adjacent
# word. Two distinct hints (one of them a menace cue) aimed at a person or the police make a flag for a human.
MENACE_CUE = _rx(
    r"\b(?:ya valio madre|ya valio verga|ya valiste|ya valieron|cuestion de tiempo|un dia de estos|cuando menos (?:lo )?(?:esperes|esperen|espere)|"
    r"cuidese|cuidate|cuidense|aguas|al rato|ya merito|se lo buscaron|se lo busco|ya le toca|ya les toca|"
    r"tick tock|your time is coming|(?:his|her|your|ur|their) time is (?:coming|up|running out)|"
    r"ya veran|ya vera|"
    r"(?:days|time) (?:is |are )?(?:numbered|running out)|dias contados|just saying|just sayin|be a shame|"
    r"come find out|find out soon|youll see|you will see|wait and see|one of these days|nomas esperate|esperate|"
    r"ya veras|van a ver|vas a ver|lo que soy capaz|what im capable of|what i am capable of|not going quietly|"
    r"last warning|your warning|consider this a warning|remember my name|be waiting|ill be waiting|"
    r"accidents happen|things happen|people disappear|disappear all the time|hope your|would hate for|"
    r"better watch|watch out|careful|cuidado|cute|nice (?:house|car|truck|family|kids|wife|daughter))\b"
)
HARM_ADJACENT = _rx(
    r"\b(?:fire|burn|burns|burning|caught fire|brakes|accident|accidents|disappear|disappears|desert|canal|hurt|"
    r"regret|lesson|bleed|hospital|funeral|bury|body|capable|quietly|stop working|shame|gone|missing|wont forget|"
    r"long time|not stopping|alone|dark|waiting|outside|shift change|find out|dias contados|arrepentir|little girl|"
    r"little boy|ur kids|your kids|your daughter|ur daughter|your son|your wife|ur wife|"
    r"se muere|se mueren|te mueres|morir|entierro|velorio|panteon|sangre|solito|solita|knife|gun|skull|coffin|"
    r"sale a las|en la noche|de noche|a oscuras)\b"
)
MENACE_PERSON = _rx(
    r"\b(?:you|u|ur|your|yall|ya|officer|officers|deputy|deputies|sgt|sergeant|detective|chief|cop|cops|pig|pigs|"
    r"lcpd|cruiser|substation|station|precinct|jura|puerco|cochino|oficial|policia|policias|te|tu|tus|le|les|"
    r"chota|placa|placas|tira|cuico|cuicos|poli|polis|agente|agentes|sargento|teniente|comandante|usted|ustedes|patrulla)\b"
)


# Fire-starting tools said next to a police building: arson by implication.
ARSON_HINT = _rx(
    r"\b(?:matches|match|gasoline|gas can|lighter|accelerant|molotov|kerosene|lighter fluid)\b(?: [\w.]+){0,12} "
    r"(?:substation|station|precinct|courthouse|city hall|headquarters|cruiser|cruisers|patrol cars?|cop cars?)\b"
    r"|\b(?:substation|station|precinct|courthouse|city hall|headquarters)\b(?: [\w.]+){0,8} (?:made of wood|flammable|burns|would burn|go up|matches|gasoline)\b"
)
# Frames of menace that need a person (or the police, or a building) in the same comment before they count.
MENACE_TARGET = _rx(
    r"\b(?:you|u|ya|yall|your|ur|youre|he|she|hes|shes|him|her|his|they|them|their|em|cop|cops|pig|pigs|police|"
    r"officer|officers|deputy|deputies|sheriff|chief|sgt|sergeant|detective|lt|captain|mayor|judge|lcpd|pd|department|"
    r"station|precinct|substation|courthouse|city hall|cruiser|cruisers|patrol|family|kids|wife|husband|children|"
    r"jura|chota|policia|policias|puerco|puercos|oficial|oficiales|agente|agentes|patrulla|patrullas|te|lo|la|los|"
    r"las|le|les|tu|tus|su|sus|ustedes|badge|badges)\b"
)
# Idle words that make a menace frame harmless: a court, an election, karma, a game.
MENACE_BENIGN = _rx(
    r"\b(?:court|courts|hearing|lawsuit|lawsuits|lawyer|attorney|judge|jury|election|elections|vote|voters|voting|ballot|"
    r"polls|november|karma|council meeting|city council|in the news|game|games|season|playoffs|team|score|"
    r"weather|storm|forecast|ticket|tickets|dinner|birthday|party|surprise party|tax|taxes|bill|bills|budget|votar|voto|elecciones|votes)\b"
)
# Places the police work from; "X deserves a pipe bomb" about them is a threat.
PLACE_HARM = _rx(
    rf"\b{_PLACE}(?: \w+){{0,3}} (?:deserves?|needs?|should get|could use|is asking for) (?:a |an |some )?(?:pipe bomb|bomb|molotov|match|fire|firebomb|explosion|torch|grenade)s?\b"
    rf"|\b(?:pipe bomb|molotov|firebomb|bomb)s? (?:for|on|at|in) (?:the |that |this |your )?{_PLACE}\b"
)


POLICE_PROPERTY = _rx(
    r"\b(?:squad cars?|cop cars?|police cars?|cruisers?|patrol cars?|patrol units?|patrullas?|unidades|the substation|"
    r"the precinct|the station|la estacion|la comisaria)\b"
)
# Calls for accountability ("officers who kill should be charged") are criticism, not threats.
ACCOUNTABILITY = _rx(
    r"\b(?:held|hold|charged|charge|fired|fire them|arrested|prosecuted|prosecute|jailed|investigated|accountable|"
    r"liable|sued|sue|convicted|in prison|to prison|behind bars|lose (?:their|his|her) (?:job|badge)|resign|"
    r"removed|suspended|disciplined|responsible|justice|juzgados|castigados|en la carcel|despedidos|renuncie)\b"
)


# Street slang for a gun or a shooting, with intent and someone on the other end ("I'm bringing my 9 for you",
# "deserves to get capped, I'd do it myself", "gonna light that cruiser up with whoever is sitting in it"). A number
# is a gun only when nothing follows it but the person it is for ("my 9 year old", "my phone is at 9%" never match).
_SLANG_GUN = r"(?:9|nine|9mm|glock|strap|blick|chopper|stick|heat|piece|40|45|38|357|ak|ar|draco|gat|burner|toolie|pole|mac)"
_SLANG_SHOT = r"(?:capped|smoked|popped|clapped|blasted|lit up|whacked|wacked|iced|dropped|bodied|sprayed|aired out|domed|merked)"
_SLANG_OBJECT = (
    rf"(?:you|u|ya|yall|him|her|them|em|them \w+|ur ass|your ass|his ass|that \w+|this \w+|these \w+|those \w+|every \w+|{_TARGET}|"
    rf"(?:the|your|ur|his|her) {_TARGET})"
)
SLANG_THREAT = _rx(
    r"\b(?:im|i m|i am|ill|i ll|i will|gonna|going to|finna|bout to|about to|we re|were|well|we ll|imma|ima)"
    r"(?: \w+)? (?:bring|bringing|pack|packing|grab|grabbing|pull up with|pulling up with|come with|coming with|"
    rf"load|loading|use|using) (?:my|the|a|our|that) {_SLANG_GUN}(?: for| on| at| to see)? {_SLANG_OBJECT}\b"
    r"|\b(?:gonna|going to|finna|bout to|about to|ill|i ll|im gonna|imma|ima|we re gonna|were gonna|well|we ll|lets|let s)"
    r" (?:light|lite|spray|shoot|air out) (?:that|this|the|his|her|their|your|ur) (?:\w+ ){0,2}(?:up |down |out )?"
    r"(?:with|and) (?:whoever|whoevers|whoever s|everyone|everybody|anyone|anybody|whos ever|who ever)"
    rf"|\b(?:gonna|going to|finna|bout to|about to|ill|i ll|im gonna|imma|ima|lets|let s) (?:light|lite|spray|air) "
    rf"(?:{_SLANG_OBJECT}) (?:up|out)\b"
)
SLANG_HARM = _rx(
    rf"\b(?:deserves?|deserved|should|needs?|ought) to (?:get|be) {_SLANG_SHOT}\b|\b(?:get|getting|be) {_SLANG_SHOT}\b"
)
DO_IT_MYSELF = _rx(
    r"\b(?:id|i d|i would|ill|i ll|i will|im gonna|imma|i can|i could) (?:do it|handle it|take care of it|be the one|"
    r"volunteer|pull the trigger)(?: \w+)?\b|\b(?:do it|did it) myself\b"
)
# A menace cue next to where a person lives ("his house isn't that far from mine. tick tock").
HOME_MENACE = _rx(
    r"\b(?:his|her|their|your|ur|the officers|that cops|the cops|the chiefs|chiefs) (?:house|home|place|crib|address|family)\b"
    r"(?: \w+){0,8} (?:far from|close to|near|down the street|around the corner|walking distance|minutes from|blocks from)"
    r"|\b(?:i know where|found out where) (?:he|she|they|you|u) (?:lives?|sleeps?|stays?)\b"
)
MENACE_TIME = _rx(
    r"\b(?:tick tock|tic toc|tick tick|clock is ticking|soon|see you soon|be seeing|waiting|just saying|just sayin)\b"
)


def _slang_threat(text: str, result: RuleResult) -> None:
    """Slang weapons and shootings promised to someone, and menace at a person's home: see SLANG_THREAT."""
    m = SLANG_THREAT.search(text)
    if m and not _negated_before(text, m.start()):
        _add(result, "threat", 0.92, f"slang threat: {m.group(0)}")
        result.violent_target = True
    harm = SLANG_HARM.search(text)
    if harm and not _negated_before(text, harm.start()):
        own = DO_IT_MYSELF.search(text)
        if own and not _negated_before(text, own.start()):
            _add(result, "threat", 0.92, f"{harm.group(0)}, {own.group(0)}")
            result.violent_target = True
        elif (
            harm.group(0).startswith(("deserve", "should", "need", "ought"))
            and MENACE_TARGET.search(text)
            and not MENACE_BENIGN.search(text)
        ):
            _add(result, "threat", 0.65, f"shooting wished: {harm.group(0)}")
            result.violent_target = True
    home = HOME_MENACE.search(text)
    when = MENACE_TIME.search(text)
    if home and when and not MENACE_BENIGN.search(text) and not _negated_before(text, home.start()):
        _add(result, "threat", 0.6, f"menace at a home: {home.group(0)} ... {when.group(0)}")
        result.violent_target = True


def _implicit_threat(text: str, result: RuleResult) -> None:
    """Menace without violent words, or harm wished on a police building: flag level, for a human."""
    m = ARSON_HINT.search(text)
    if m and not _negated_before(text, m.start()):
        _add(result, "threat", 0.7, f"arson hint at a police place: {m.group(0)}")
        result.violent_target = True
        return
    m = PLACE_HARM.search(text)
    if m and not _negated_before(text, m.start()):
        _add(result, "threat", 0.8, f"harm wished on a place: {m.group(0)}")
        result.violent_target = True
        return
    cue = MENACE_CUE.search(text)
    if cue and MENACE_PERSON.search(text) and not MENACE_BENIGN.search(text):
        cues = [(c.start(), c.end(), c.group(0)) for c in MENACE_CUE.finditer(text)]
        # A harm word inside a cue phrase ("be a shame") is the same hint, not a second one.
        harms = {
            h.group(0)
            for h in HARM_ADJACENT.finditer(text)
            if not any(a <= h.start() < b for a, b, _ in cues)
        }
        hints = {c for _, _, c in cues} | harms
        if (harms or len(cues) >= 2) and len(hints) >= 2 and not _negated_before(text, cue.start()):
            _add(result, "threat", 0.55, f"menacing hints: {', '.join(sorted(hints)[:4])}")
            result.violent_target = True
    for m in IMPLICIT_THREAT.finditer(text):
        if _negated_before(text, m.start()) and not m.group(0).startswith(
            ("wont", "will not", "aint", "no ")
        ):
            continue
        benign = MENACE_BENIGN.search(text)
        if (benign and not _negated_before(text, benign.start(), 3)) or not MENACE_TARGET.search(text):
            continue
        _add(result, "threat", 0.7, f"implicit threat: {m.group(0)}")
        result.violent_target = True
        return


def _compose_threat(text: str, result: RuleResult) -> None:
    """Violence + target + intent in one sentence: at least a human look, whatever the exact words."""
    m = NOT_ALIVE.search(text)
    if m:
        _add(result, "threat", 0.9, f"threat: {m.group(0)}")
        result.threat_directed = True
        return
    for sentence in text.split(" . "):
        violence = VIOLENCE_CUE.search(sentence)
        if not violence or IDIOM_RX.search(sentence):
            continue
        intent = INTENT_CUE.search(sentence)
        # Spanish "la/los/las/lo/su/tu" are articles and possessives far more often than the person a threat is
        # aimed at ("hay que golpear la puerta"); they count only as pronouns before the verb ("la vamos a...").
        target = TARGET_NO_ARTICLE_RX.search(sentence) or ES_PROCLITIC_RX.search(sentence)
        if not target:
            target = POLICE_PROPERTY.search(sentence)
        if not (intent and target) or PAST_EVENT.search(sentence) or NEGATED_STATEMENT.search(sentence):
            continue
        if ACCOUNTABILITY.search(sentence) and not DIRECTED_CUE.search(sentence):
            continue
        if _negated_before(sentence, violence.start()) and _negated_before(sentence, intent.start()):
            continue
        result.threat_composed = True
        result.violent_target = True
        if DIRECTED_CUE.search(sentence):
            result.threat_directed = True
        _add(result, "threat", 0.55, f"violence + target + intent: {violence.group(0)} / {intent.group(0)}")
        return


# Retribution promised to a person ("I'm going to make him pay", "me las vas a pagar"); paying a bill, damages or
# a settlement is money, not menace.
RETRIBUTION = _rx(
    r"\b(?:(?:make|making|made sure|see to it) (?:you|u|ya|yall|him|her|them|em|every one of (?:you|them)|(?:that|this|the|those|these|"
    r"every) (?:\w+ )?(?:cop|cops|pig|pigs|officer|officers|deputy|deputies|sergeant|sgt|detective|chief|guy|lady|bitch|"
    r"bastard|judge)|officer \w+) pay\b(?: (?:for (?:this|it|that|what)|dearly|in blood|with))?|"
    r"(?:me|nos) (?:las|la) (?:va|vas|van|vaya|vayan) a pagar|(?:me|nos) las (?:pagas|paga|pagan)|"
    r"(?:se|te) (?:la|las) (?:voy|vamos) a cobrar)"
)
RETRIBUTION_MONEY = _rx(
    r"\bpay (?:for )?(?:the |a |his |her |their |our |my |your |all the |back )?(?:lawsuit|damages|settlement|bill|bills|fine|"
    r"fines|ticket|tickets|taxes|tax|restitution|legal|court|attorney|lawyers?|medical|repairs|costs|fees|rent|child support|"
    r"back|overtime|salaries|salary|premiums?|it back|what (?:they|he|she) owe)\b"
)


# Seeking out the addressee's home ("I'm going to find out where you live", "I'll find your house", "voy a averiguar
# dónde vives") and a promised visit or reunion ("pay you a visit", "we'll be seeing you soon", "te voy a hacer una
# visita"). Finding someone's home, said to them, is menace; with a promised visit or a known address it is a threat.
HOME_HUNT = _rx(
    r"\b(?:(?:ill|well|gonna|going to|will|imma|ima|about to|bout to|finna) (?:\w+ ){0,2}"
    r"(?:find out|figure out|look up|track down|find|search up|dig up|get) "
    r"(?:where (?:you|u|ya|yall) (?:live|stay|sleep)|(?:your|ur) (?:home |house |street |home address )?(?:address|house|home|crib)|"
    r"where (?:your|ur) (?:house|home|family|kids|wife) (?:is|are|lives?))|"
    r"(?:voy|vamos) a (?:averiguar|saber|investigar|buscar|encontrar|dar con) (?:donde (?:vives|vive usted|viven|duermes)|"
    r"tu (?:casa|domicilio|direccion)))\b"
)
PROMISED_VISIT = _rx(
    r"\b(?:(?:pay (?:you|u|ya|yall) a (?:\w+ )?visit|visit (?:you|u|ya|yall)|caerte|visitarte) (?:at|to|in|en) "
    r"(?:your |ur |tu )?(?:home|house|place|door|crib|casa)|"
    r"pay (?:you|u|ya|yall|him|her|them|your family|ur family) a (?:little |nice |friendly |personal |late night |surprise )?visit|"
    r"(?:visit|see|seeing|surprise) (?:you|u|ya|yall) (?:at|at your|in your) (?:home|house|place|door|crib)|"
    r"(?:be seeing|see) (?:you|u|ya|yall) (?:real |very )?soon|"
    r"(?:ill|i will|well|we will|im gonna|were gonna|im going to|were going to|gonna) (?:come |go )?visit (?:you|u|ya|yall)|"
    r"(?:hacer|hacerte|hacerle|hacerles|te voy a hacer|les voy a hacer) una (?:visita|visitita)|"
    r"(?:te|los|lo|la) (?:voy|vamos) a (?:visitar|caer)|(?:caerte|visitarte) (?:en tu casa)?|nos vemos (?:muy )?pronto)\b"
)
KNOWN_ADDRESS = _rx(
    r"\b(?:(?:i|we) (?:know|have|got|found) (?:your|ur) (?:home |house )?address|"
    r"(?:ya )?(?:se|sabemos|tengo|tenemos) (?:tu|su) (?:direccion|domicilio))\b"
)
HOME_WORD = _rx(r"\b(?:home|house|place|door|crib|casa)\b")
# A visit with a lawful or friendly purpose is not menace.
BENIGN_VISIT = _rx(
    r"\b(?:file|report|complaint|queja|denuncia|records request|at the station|in the lobby|at the fair|open house|"
    r"for coffee|thank you card|cookies|to thank|to apologize|to say thanks)\b"
)


def _detect_home_menace(text: str, result: RuleResult) -> None:
    """Seeking out the addressee's home, or a visit promised next to their address: a threat against a person."""
    if result.scores.get("negated", 0.0) >= 0.8 or result.news:
        return
    hunt = HOME_HUNT.search(text)
    if hunt and _negated_before(text, hunt.start()):
        hunt = None
    known = KNOWN_ADDRESS.search(text) or STALKING.search(text)
    if known and _negated_before(text, known.start()):
        known = None
    visit = PROMISED_VISIT.search(text)
    if visit and (_negated_before(text, visit.start()) or BENIGN_VISIT.search(text)):
        visit = None
    if visit and HOME_WORD.search(visit.group(0)):
        known = known or visit
    if not (hunt or (known and visit)):
        return
    found = " / ".join(m.group(0) for m in (hunt or known, visit) if m)
    result.person_target = True
    result.violent_target = True
    result.threat_directed = True
    _add(result, "harassment", 0.92, f"stalking/intimidation: {found}")
    # Hunting for the home alone is menace that a human should judge quickly; with a promised visit or the home
    # address in hand it is a threat to turn up, hidden. Laughter keeps it with a human.
    score = 0.9 if visit or (hunt and known) else 0.86
    _add(result, "threat", 0.8 if result.joking else score, f"stalking + menace: {found}")


def _detect_retribution(text: str, result: RuleResult) -> None:
    """Retribution promised to a person: flag level alone, a threat to hide when the author also says where they live."""
    m = RETRIBUTION.search(text)
    if not m or _negated_before(text, m.start()) or result.scores.get("negated", 0.0) >= 0.8 or result.news:
        return
    benign = MENACE_BENIGN.search(text)
    if RETRIBUTION_MONEY.search(text) or (benign and not _negated_before(text, benign.start(), 3)):
        return
    result.violent_target = True
    stalk = STALKING.search(text)
    if stalk and not _negated_before(text, stalk.start()):
        # Knowing where someone lives, said next to a promise of payback, is a threat against that person.
        _add(result, "threat", 0.9, f"stalking + retribution: {stalk.group(0)} / {m.group(0)}")
        result.threat_directed = True
    else:
        _add(result, "threat", 0.6, f"retribution promised: {m.group(0)}")


def _detect_harassment(norm: Normalized, text: str, result: RuleResult) -> None:
    m = STALKING.search(text)
    if m and not _negated_before(text, m.start()):
        _add(result, "harassment", 0.92, f"stalking/intimidation: {m.group(0)}")
        result.person_target = True
    m = SELF_HARM_INCITE.search(text)
    if m and not _negated_before(text, m.start()):
        _add(result, "harassment", 0.9, f"incites self-harm: {m.group(0)}")
        result.person_target = True
    m = HARASS_FRAMES.search(text)
    if m and not _negated_before(text, m.start()):
        _add(result, "harassment", 0.65, f"harassment of a person: {m.group(0)}")
        result.person_target = True
    m = DIRECT_INSULT.search(text)
    if m:
        sexual = any(w in m.group(0).split() for w in SEXUAL_INSULTS)
        mention = MENTION_RX.search(norm.cased) is not None
        score = 0.5
        if sexual:
            score = 0.75
        if mention:
            score += 0.1
            result.person_target = True
        _add(result, "harassment", score, f"insult aimed at someone: {m.group(0)}")
    elif result.scores["institution_target"] < 0.5 and MENTION_RX.search(norm.cased):
        # "@Marcos Baca pinche naco muerto de hambre": an insult with a person tagged, no pronoun needed.
        m = INSULT_RX.search(text)
        if m:
            _add(result, "harassment", 0.6, f"insult at a tagged person: {m.group(0)}")
            result.person_target = True
    _detect_named_abuse(norm, text, result)


# Profanity that curses a person out ("fuck you", "vete a la verga") as opposed to swearing about a thing.
CURSE_AT = _rx(
    r"\b(?:fuck|screw|f) (?:you|u|off|him|her)\b|\bvete a la (?:verga|chingada|mierda)\b|\bchinga tu madre\b"
)


def _detect_named_abuse(norm: Normalized, text: str, result: RuleResult) -> None:
    """Insults or curses aimed at a named officer: harsh criticism of them stays up, but a human sees abuse of a person.

    Sets `named_abuse` rather than `person_target`: the comment is still about a public official, so it is never
    hidden for this (the policy's harassment hide rule stays barred by the institution target).
    """
    named = next(
        (
            n
            for n in TITLED_NAME.finditer(norm.cased)
            if n.group(0).split()[1][:1].isupper() and n.group(0).split()[1].lower() not in NON_NAMES
        ),
        None,
    )
    if named is None or QUOTED_RX.search(norm.cased):
        return
    aimed = DIRECT_INSULT.search(text) or CURSE_AT.search(text)
    if aimed is None and result.second_person:
        aimed = INSULT_RX.search(text)
    if aimed is None or _negated_before(text, aimed.start()):
        return
    result.named_abuse = True
    _add(result, "harassment", 0.6, f"abuse aimed at {named.group(0)}: {aimed.group(0)}")


def _digitize(plain: str) -> str:
    """'575.680.21O4' -> '575.680.2104': letters that look like digits inside a number-like token."""
    if not any(ch.isdigit() for ch in plain):
        return plain
    out = []
    for token in plain.split(" "):
        digits = sum(ch.isdigit() for ch in token)
        core = len(token.strip(".,;:!?()[]\"'"))
        if digits >= 5 or (core >= 3 and digits >= core - 1):
            token = token.replace("o", "0").replace("l", "1").replace("i", "1")
        out.append(token)
    return " ".join(out)


def _official_phone(digits: str) -> bool:
    return digits in OFFICIAL_PHONES or digits[-10:] in OFFICIAL_PHONES or digits[-7:] in OFFICIAL_PHONES


NUMBER_WORDS = {
    "zero": "0", "oh": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6",
    "seven": "7", "eight": "8", "nine": "9", "cero": "0", "uno": "1", "dos": "2", "tres": "3", "cuatro": "4",
    "cinco": "5", "seis": "6", "siete": "7", "ocho": "8", "nueve": "9",
}  # fmt: skip


def _spelled_digits(tokens: tuple[str, ...]) -> str | None:
    """A phone number written out in words or digits mixed ("five seven five, three eight two ..."), if any."""
    run: list[str] = []
    for token in (*tokens, "."):
        if token in NUMBER_WORDS or (token.isdigit() and len(token) <= 4):
            run.append(NUMBER_WORDS.get(token, token))
            continue
        digits = "".join(run)
        if (
            len(digits) >= 7
            and any(t in NUMBER_WORDS for t in run if not t.isdigit())
            or (len(digits) >= 7 and len(run) >= 4)
        ):
            return digits
        run = []
    return None


SOCIAL_HANDLE = _rx(
    r"\b(?:handle|ig|instagram|insta|tiktok|tik tok|facebook|fb|snap|snapchat|twitter|account|page|profile)"
    r"(?: is| es| its)?:? ?@[a-z0-9_.]{3,}"
)
# Roles held by one person: "the chief" identifies someone as surely as a name.
UNIQUE_OFFICIAL = _rx(
    r"\b(?:the chief|el chief|el jefe de (?:la )?policia|el jefe|the mayor|el alcalde|the sheriff|el sheriff)\b"
)
SCHEDULE_CUE = _rx(
    r"\b(?:(?:recoge|recojo|deja|lleva|pasa por|va por) a (?:sus|su) (?:hijos|hija|hijo|ninos|ninas|esposa|esposo|nietos)"
    r"(?: \w+){0,3} (?:en|a) (?:la |el )?(?:escuela|daycare|guarderia|prepa|secundaria|primaria|kinder)|"
    r"(?:sale|entra|llega) (?:de trabajar |del trabajo |de su turno )?(?:a las \d+|todas las noches|todas las mananas|en la noche))\b"
    r"|\b(?:coaches|coach|volunteers|works out|lifts|plays|drinks|eats|shops|goes|picks up|drops off|walks)"
    r"(?: \w+){0,6} (?:every |on )?(?:mondays|tuesdays|wednesdays|thursdays|fridays|saturdays|sundays|weekends|"
    r"every (?:morning|night|day|weekend|sunday|saturday)|after (?:his|her) shift)\b"
    r"|\b(?:go say hi|say hi to (?:him|her)|pay (?:him|her|them) a visit|go visit (?:him|her)|stop by (?:his|her))\b"
)
RELATIVE_BUSINESS = _rx(
    r"\b(?:wife|husband|son|daughter|mom|mother|dad|father|brother|sister|girlfriend|boyfriend|esposa|esposo)"
    r"(?: \w+){0,5} (?:runs|owns|manages|works at|teaches at|works the|tiene|maneja) (?:the |a |an |la |el |una |un )?\w+"
)
RELATIVE_PLACE_ES = _rx(
    r"\b(?:la|el|los|las) (?:esposa|esposo|vieja|novia|novio|hijos|hija|hijo|hijas|mama|papa|familia|suegra|hermana|hermano)"
    r" (?:del|de la|de el|de) (?:oficial|agente|policia|sargento|detective|jefe|comandante|teniente|placa|puerco|chota|jura|cerdo|poli|deputy|"
    r"officer|sgt|cop)(?: \w+){0,2} (?:trabaja|trabajan|vive|viven|estudia|estudian|va|van|juega|juegan|atiende) (?:en|a|por)\b"
)
RELATIVE_PLACE = _rx(
    r"\b(?:his|her|their|the officers|officers|the cops|cops|deputys|sgt \w+s|officer \w+s|chiefs|the chiefs|su|sus)"
    r" (?:wife|husband|kids|kid|daughter|son|girlfriend|boyfriend|mom|mother|dad|family|children|esposa|esposo|hijos|hija|hijo)"
    r"(?: \w+){0,2} (?:works|work|working|goes|go|lives|live|stays|attends|attend|trabaja|estudia|estudian|va|van|vive)"
    r" (?:at|to|on|in|en|a)\b"
)


def _detect_doxxing(norm: Normalized, text: str, result: RuleResult) -> None:
    plain = norm.plain
    _detect_identity_numbers(norm, text, result)
    pii: list[str] = []
    for m in PHONE_RX.finditer(_digitize(plain)):
        digits = "".join(ch for ch in m.group(0) if ch.isdigit())
        if not _official_phone(digits):
            pii.append(f"phone {m.group(0).strip()}")
    for m in ADDRESS_RX.finditer(text):
        if not m.group(0).startswith(OFFICIAL_ADDRESS_PREFIXES):
            pii.append(f"address {m.group(0)}")
    for m in BARE_ADDRESS_RX.finditer(text):
        pii.append(f"address {m.group(0)}")
    m_named = NAME_THEN_NUMBER_RX.search(norm.cased)
    if m_named and not any(w in NON_NAMES for w in m_named.group(0).split()[:2]):
        pii.append(f"address {m_named.group(0)}")
    for m in PLATE_RX.finditer(text):
        if any(ch.isdigit() for ch in m.group(0)):
            pii.append(f"plate {m.group(0)}")
    for m in EMAIL_RX.finditer(plain):
        pii.append(f"email {m.group(0)}")
    spelled = _spelled_digits(norm.tokens)
    if spelled and not _official_phone(spelled):
        pii.append(f"phone spelled out {spelled}")
    m = SOCIAL_HANDLE.search(norm.plain)
    if m and not SELF_CONTACT.search(text):
        pii.append(f"account {m.group(0)}")
    cue = PERSON_PII_CUE.search(text)
    self_contact = SELF_CONTACT.search(text) is not None or SELF_CONTACT_NUMBER.search(plain) is not None
    crime = CRIME_CONTEXT.search(text) is not None or BUSINESS_RX.search(text) is not None
    named = TITLED_NAME.search(norm.cased) is not None or _has_plain_name(norm.cased)
    if pii:
        if cue and not (self_contact and not named):
            _add(result, "doxxing", 0.95, f"{pii[0]} with '{cue.group(0)}'")
            result.person_target = True
        elif self_contact:
            _add(result, "doxxing", 0.15, f"{pii[0]} (the author's own contact)")
        elif crime:
            _add(result, "doxxing", 0.3, f"{pii[0]} in a crime/business context")
        elif named:
            _add(result, "doxxing", 0.85, f"{pii[0]} next to a named person")
            result.person_target = True
        elif pii[0].startswith(("phone", "email")):
            _add(result, "doxxing", 0.55, pii[0])
        else:
            _add(result, "doxxing", 0.4, pii[0])
    schedule = SCHEDULE_CUE.search(text)
    if (
        schedule
        and (named or UNIQUE_OFFICIAL.search(text))
        and not pii
        and re2.search(
            r"\b(?:officer|deputy|cop|sgt|detective|chief|pig|he|she|oficial|agente|jefe|sargento)\b", text
        )
    ):
        _add(result, "doxxing", 0.7, f"where a named person can be found: {schedule.group(0)}")
        result.person_target = True
    relative = (
        RELATIVE_PLACE.search(text)
        or RELATIVE_PLACE_ES.search(text)
        or (
            RELATIVE_BUSINESS.search(text)
            if re2.search(r"\b(?:officer|deputy|cop|sgt|detective|chief|pig|oficial|policia)\b", text)
            else None
        )
    )
    if relative and not pii:
        _add(result, "doxxing", 0.7, f"where an officer's relative is: {relative.group(0)}")
        result.person_target = True
    if pii:
        pass
    elif cue:
        # "Officer Smith lives on Elm by the park": a place tied to a person, no number needed.
        place = re2.search(
            r"\b(?:lives|live|living|resides|stays|vive|viven|works|work|working|trabaja|goes to school|attends|attend|go to|goes to|drives a|su casa|sus hijos van a|estudian en|house is|home is|casa es|casa esta)\b"
            r"(?: \w+){0,2} (?:at|on|in|off|by|near|en|a)?(?: the)? ?(?:[a-z]+ ){0,3}(?:street|st|ave|avenue|road|rd|drive|dr|lane|ln|court|ct|circle|way|loop|blvd|boulevard|parkway|pkwy|trail|trl|calle|avenida|walmart|elementary|academy|daycare|preschool|ranch|target|school|hospital|apartments|elementary|high|middle|store|office|red|white|black|silver|blue|gray|grey|truck|tahoe|f150|f 150|silverado|camaro|civic|car|house|casa|escuela|near|by|behind|across)\b",
            text,
        )
        if place and (
            named
            or re2.search(
                r"\b(?:his|her|their|officer|deputy|cop|sgt|detective|chief|su|sus|oficial|agente|policia|sargento|"
                r"puerco|cerdo|placa|chota|jura|poli|teniente|comandante)\b",
                text,
            )
        ):
            _add(result, "doxxing", 0.85, f"where a named person lives/works: {place.group(0)}")
            result.person_target = True


# A Social Security number: three, two and four digits. A phone number is 3-3-4 and a case number starts with a
# year, so neither has this shape; the cue words make it certain and a date of birth next to it makes it identity.
SSN_RX = _rx(r"(?:^|[^\d\-/])(\d{3})[\- .](\d{2})[\- .](\d{4})(?:$|[^\d\-/])")
SSN_BARE_RX = _rx(
    r"\b(?:ssn|ss#|ss no|social security|soc sec|seguro social)\W{0,3}(?:#|no|number|is|es|numero)?\W{0,3}\d{9}\b"
)
SSN_CUE = _rx(r"\b(?:ssn|ss|social security|social|soc sec|seguro social|ss number|numero de seguro)\b")
DOB_CUE = _rx(
    r"\b(?:dob|d o b|date of birth|born|birthday|bday|b day|fecha de nacimiento|nacio|nacimiento)\b"
)
CASE_NUMBER_CUE = _rx(
    r"\b(?:case|report|incident|citation|ticket|reference|ref|claim|order|tracking|caso|reporte)\b"
)


def _detect_identity_numbers(norm: Normalized, text: str, result: RuleResult) -> None:
    """A Social Security number posted about someone, alone or with a date of birth: identity theft material."""
    plain = norm.plain
    ssn = SSN_RX.search(plain)
    if ssn and ssn.group(1) in ("000", "666") or (ssn and ssn.group(1).startswith("9")):
        ssn = None  # never issued: not a Social Security number
    bare = SSN_BARE_RX.search(plain)
    if ssn is None and bare is None:
        return
    cue = SSN_CUE.search(text) is not None
    dob = DOB_CUE.search(text) is not None
    found = ssn.group(0).strip(" ,.;:()") if ssn else bare.group(0) if bare else ""
    if bare or cue or dob:
        _add(
            result,
            "doxxing",
            0.95,
            f"Social Security number {found}" + (" with a date of birth" if dob else ""),
        )
        result.person_target = True
    elif not CASE_NUMBER_CUE.search(text):
        _add(result, "doxxing", 0.55, f"a number shaped like a Social Security number: {found}")


def _has_plain_name(cased: str) -> bool:
    for m in PLAIN_NAME.finditer(cased):
        first, _, last = m.group(0).partition(" ")
        last = last.split()[-1] if last else ""
        if first not in NON_NAMES and last not in NON_NAMES:
            return True
    return False


# A quotation: double quotes, or single quotes that open and close at word edges (not apostrophes).
QUOTED_RX = _rx(r"\"[^\"]{1,200}\"|(?:^|[\s(:])'[^']{1,60}'(?:$|[\s.,!?;:)])")


def _detect_hate(norm: Normalized, text: str, result: RuleResult) -> None:
    protected_ctx = result.scores["self_identity"] >= 0.7
    quoted = QUOTED_RX.search(norm.plain) is not None
    counter = result.scores["counter_speech"] >= 0.5
    result.group_mention = GROUP_MENTION.search(text) is not None
    for rx, severity, _ in _slur_regexes():
        m = rx.search(text)
        if not m:
            continue
        if counter or quoted:
            result.scores["counter_speech"] = 0.9
            _add(result, "hate", 0.4, f"slur quoted or condemned: {m.group(0)}")
        elif protected_ctx:
            _add(result, "hate", 0.3, f"in-group usage: {m.group(0)}")
        else:
            _add(result, "hate", 0.93 if severity == "strong" else 0.5, f"slur: {m.group(0)}")
    m = HATE_SOFT.search(text)
    if m and not (counter or quoted or protected_ctx) and not _negated_before(text, m.start()):
        _add(result, "hate", 0.7, f"dehumanising: {m.group(0)}")
    weak_hostile = HOSTILE_INTENSIFIER.search(text)
    weak_hostile = weak_hostile or DEHUMANIZING_RX.search(text)
    if weak_hostile and not (counter or quoted or protected_ctx):
        for rx, severity, _ in _slur_regexes():
            m = rx.search(text)
            if m and severity != "strong":
                _add(result, "hate", 0.7, f"slur with hostility: {m.group(0)}")
    m = HATE_ATTACK.search(text)
    if m:
        reported = re2.search(
            r"\b(?:saying|say|says|said|to say|claiming|claim|claims|calling|think that|believe that|dicen|decir que)"
            r"(?: that| que)?$",
            text[: m.start()].rstrip(),
        )
        if reported:
            counter = True
            result.scores["counter_speech"] = 0.9
        if _negated_before(text, m.start()) or result.scores["negated"] >= 0.8:
            result.scores["negated"] = 0.9
            _add(result, "hate", 0.2, f"negated: {m.group(0)}")
        elif counter or quoted:
            result.scores["counter_speech"] = 0.9
            _add(result, "hate", 0.45, f"identity attack quoted or condemned: {m.group(0)}")
        else:
            _add(result, "hate", 0.92, f"identity attack: {m.group(0)}")
    _detect_group_violence(text, quoted or counter, result)


# "they keep saying that ...", "he posted that ...": the words that follow are someone else's.
REPORTED_SPEECH = _rx(
    r"\b(?:saying|say|says|said|to say|claiming|claim|claims|calling|think that|believe that|posted|wrote|writes|tweeted|"
    r"shouting|yelling|chanting|dicen|dijo|decir|escribio|gritando)(?: that| que)?(?: \w+){0,2}$"
)


def _detect_group_violence(text: str, quoted: bool, result: RuleResult) -> None:
    """Violence called for against a protected group: both a threat and hate, unless quoted, condemned or negated."""
    m = GROUP_VIOLENCE.search(text)
    if not m:
        return
    if _negated_before(text, m.start()) or result.scores["negated"] >= 0.8:
        return
    if result.scores["self_identity"] >= 0.7:
        return
    reported = REPORTED_SPEECH.search(text[: m.start()].rstrip())
    if quoted or reported or result.scores["counter_speech"] >= 0.5:
        result.scores["counter_speech"] = 0.9
        _add(result, "hate", 0.45, f"violence against a group quoted or condemned: {m.group(0)}")
        rest = text[: m.start()] + " . " + text[m.end() :]
        if not any(rx.search(rest) for rx in (THREAT_STRONG, THREAT_CALL, THREAT_SECOND, THREAT_WISH)):
            # The only violence in the comment is the one being reported: nobody here is threatening anyone.
            result.quoted_violence = True
            result.scores["threat"] = min(result.scores["threat"], 0.45)
        return
    _add(result, "hate", 0.93, f"violence called for against a group: {m.group(0)}")
    # Laughter still sends it to a human, as with every other threat, but not to the machine's hide.
    _add(result, "threat", 0.8 if result.joking else 0.92, f"violence against a group: {m.group(0)}")
    result.violent_target = True


def _detect_sexual_obscene_vulgar(norm: Normalized, text: str, result: RuleResult) -> None:
    sexual_hits = SEXUAL_RX.findall(text)
    phrase = SEXUAL_PHRASES.search(text)
    obscene_hits = OBSCENE_RX.findall(text)
    vulgar_hits = VULGAR_RX.findall(text)
    soft = SEXUAL_SOFT.search(text)
    if soft:
        _add(result, "sexual", 0.65, f"sexualised: {soft.group(0)}")
    act = SEXUAL_ACT.search(text)
    if act and not _negated_before(text, act.start()):
        _add(result, "sexual", 0.75, f"sexual act described: {act.group(0)}")
    paid = PAID_PICS.search(norm.plain) or PAID_PICS.search(text)
    if paid and (act or soft or phrase or sexual_hits):
        _add(result, "sexual", 0.95, f"sexual solicitation: {paid.group(0)}")
    if phrase:
        _add(result, "sexual", 0.92, f"sexual: {phrase.group(0)}")
        if OBSCENE_RX.search(phrase.group(0)):
            _add(result, "obscenity", 0.8, f"graphic: {phrase.group(0)}")
    if sexual_hits:
        n = len(set(sexual_hits))
        _add(
            result,
            "sexual",
            0.92 if n >= 2 else 0.65,
            f"sexual terms: {', '.join(sorted(set(sexual_hits))[:3])}",
        )
    if obscene_hits:
        n = len(set(obscene_hits))
        if any(" " in hit for hit in obscene_hits):
            _add(result, "obscenity", 0.8, f"graphic phrase: {obscene_hits[0]}")
        _add(
            result,
            "obscenity",
            0.75 if n >= 2 else 0.6,
            f"obscene terms: {', '.join(sorted(set(obscene_hits))[:3])}",
        )
        _add(result, "sexual", 0.5, "graphic anatomical terms")
    profane = len(vulgar_hits) + len(obscene_hits)
    if profane:
        score = 0.6 if profane == 1 else 0.75 if profane == 2 else 0.85
        _add(result, "vulgarity", score, f"{profane} profane word(s)")
        tokens = max(1, len(norm.tokens))
        if profane >= 5 and profane / tokens >= 0.25:
            _add(result, "obscenity", 0.72, "gratuitously profane")
        else:
            _add(result, "obscenity", 0.2, "profanity")


def _detect_allegation(norm: Normalized, text: str, result: RuleResult) -> None:
    miscon = MISCONDUCT.search(text)
    if not miscon:
        return
    cased = norm.cased
    named = TITLED_NAME.search(cased)
    badge = BADGE_RX.search(text)
    plain_name = _has_plain_name(cased)
    news = (
        result.news
        and re2.search(r"\b(?:was|were) (?:arrested|charged|convicted|sentenced)\b", text) is not None
    )
    if (named and named.group(0).split()[-1][:1].isupper()) or badge or plain_name:
        who = named.group(0) if named else badge.group(0) if badge else "a named person"
        _add(result, "allegation", 0.45 if news else 0.8, f"{who}: {miscon.group(0)}")
        result.person_target = True
    elif re2.search(r"\b(?:that|this|the|one|an|a) (?:officer|cop|deputy|detective|sergeant|sgt)\b", text):
        _add(result, "allegation", 0.35, f"unnamed officer: {miscon.group(0)}")
    else:
        _add(result, "allegation", 0.15, f"general: {miscon.group(0)}")


# Words of danger that, said "right now", make an emergency however the sentence is built.
DANGER_WORD = _rx(
    r"\b(?:gun|guns|rifle|pistol|shotgun|knife|knives|machete|weapon|armed|fire|smoke|flames|blood|bleeding|hurt|injured|"
    r"not responding|unresponsive|unconscious|not breathing|fell|collapsed|overdose|overdosing|seizure|fight|fighting|"
    r"attack|attacking|robbing|robbery|breaking in|intruder|kidnap\w*|missing|crash|accident|trapped|drowning|"
    r"wont wake up|won t wake up|cant wake|took (?:a bunch of |too many |some )?pills|ahogando|se ahoga|no despierta|"
    r"shots|shooting|stabbed|beating|threatening|pistola|cuchillo|cuchillos|arma|armado|armados|fuego|incendio|humo|"
    r"sangre|sangrando|herido|herida|heridos|inconsciente|pelea|peleando|asaltando|robando|asalto|choque|accidente|"
    r"atrapado|atrapada|secuestr\w*|disparos|golpeando)\b"
)
URGENT_NOW = _rx(
    r"\b(?:i dont know what to do|what do i do|no se que hacer|right now|happening now|as we speak|rn|at this moment|this minute|send help|please send|please help|help us|"
    r"hurry|asap|ahora mismo|en este momento|ahorita|ahorita mismo|manden ayuda|manden a alguien|ayuda|urgente|"
    r"auxilio|socorro|que hago|que hacemos|ayudenme|ayudennos|vengan rapido|vengan pronto|orita|horita|esta pasando|"
    r"manden (?:a )?(?:la )?(?:policia|patrulla|ambulancia|alguien|una patrulla|una ambulancia)|llamen (?:al |a )?(?:911|la policia)|"
    r"still inside|still here|still there|still in there|is happening)\b"
)


STANDING_HAZARD = _rx(
    r"\b(?:(?:power line|powerline|power lines|live wire|live wires)s? (?:down|sparking|on fire|on the road|in the street)|"
    r"gas leak|fuga de gas|smell(?:s|ing)? (?:gas|natural gas)|cable(?:s)? (?:caido|caidos|tirado|tirados) (?:echando chispas)?)\b"
)
RECENT_AGO = _rx(
    r"\b(?:\d{1,2}|a few|few|couple|a couple|an|one|two|three|five|ten|fifteen|twenty|thirty|forty) "
    r"(?:minutes|mins|min|minute|hour|hours|hrs|hr|seconds|secs) ago\b"
)


# Someone else collapsing or needing CPR, reported on the page: a medical emergency whatever the tense ("a woman
# fainted in the parking lot" is posted while it happens). Hypotheticals, long-past stories and the author's own
# near-fainting ("I almost fainted at the price") are left out.
MEDICAL_COLLAPSE = _rx(
    r"\b(?:(?:man|woman|guy|lady|kid|child|boy|girl|person|someone|somebody|baby|toddler|student|player|runner|driver|"
    r"neighbor|customer|worker|cashier|grandpa|grandma|senior|officer|teen|teenager|gentleman|homeless \w+|hombre|mujer|"
    r"senor|senora|senorita|nino|nina|muchacho|muchacha|alguien|viejito|viejita|abuelito|abuelita|bebe)"
    r"(?: just| has| is| s| esta)? (?:collapsed|collapsing|fainted|fainting|passed out|went down and|went limp|is seizing|"
    r"(?:is )?having (?:a )?(?:seizure|heart attack|stroke|seizures)|is unresponsive|stopped breathing|turning blue|"
    r"se desmayo|se desplomo|se esta desmayando|le dio un infarto|le esta dando un infarto|convulsionando|se puso morad[oa])|"
    r"(?:doing|giving|performing|started|needs|need|start|haciendo|hacen|le estan haciendo|dandole) (?:cpr|rcp|"
    r"chest compressions|compresiones)|(?:need|needs|send|call|bring|llamen|necesitamos) (?:an? |una )?(?:ambulance|ambulancia|"
    r"paramedics|aed|defibrillator|desfibrilador))\b"
)
# A child or a vulnerable person gone missing just now ("my 6 yr old wandered off at Young Park 10 min ago", "se me
# perdio mi hijo en el mall"): every minute counts, so it is an emergency when said with recency or a plea.
_MISSING_WHO = (
    r"(?:son|daughter|kid|kids|child|children|boy|girl|toddler|baby|grandma|grandpa|grandmother|grandfather|mom|dad|"
    r"mother|father|brother|sister|nephew|niece|grandson|granddaughter|husband|wife|\d{1,2} ?(?:yr|yrs|year|years|y o|yo) old|"
    r"hijo|hija|nino|nina|nieto|nieta|abuelo|abuela|abuelito|abuelita|mama|papa|hermano|hermana|bebe|esposo|esposa)"
)
MISSING_PERSON = _rx(
    rf"\b{_MISSING_WHO}(?: \w+){{0,4}} (?:wandered off|wandered away|walked off|walked away|ran off|ran away|got lost|"
    r"is lost|went missing|is missing|got separated|disappeared|se perdio|se me perdio|desaparecio|se salio|se fue)\b|"
    rf"\b(?:cant|can t|cannot|can not) find (?:my|our) (?:\w+ ){{0,2}}{_MISSING_WHO}\b|"
    rf"\b(?:no encuentro|no encontramos|no aparece|se me perdio|se nos perdio) (?:a )?(?:mi|mis|nuestro|nuestra)? ?{_MISSING_WHO}\b"
)
MISSING_RECENCY = _rx(
    r"\b(?:last seen|last saw|wearing|red shirt|shirt|please help|help me|help us|right now|just now|please|ayuda|"
    r"ayudenme|por favor|ahorita|traia|traia puesta|llevaba|he s|hes|she s|shes|autistic|dementia|alzheimers|"
    r"autista|demencia|nonverbal|non verbal)\b"
)
NOT_AN_EMERGENCY = _rx(
    r"\b(?:almost|nearly|about to|gonna|going to|casi|when i saw|when i got|at the price|lol|lmao|jaja\w*|if|what if|"
    r"in case|class|training|certified|certification|course|curso|clase)\b"
)


def _detect_crime_and_emergency(norm: Normalized, text: str, result: RuleResult) -> None:
    medical = MEDICAL_COLLAPSE.search(text)
    if (
        medical
        and not result.news
        and not PAST_OR_HYPOTHETICAL.search(text)
        and not NOT_AN_EMERGENCY.search(text)
        and not _negated_before(text, medical.start(), 2)
    ):
        _add(result, "emergency", 0.88, f"medical emergency: {medical.group(0)}")
    danger = DANGER.search(text)
    now = NOW_MARKERS.search(text)
    past = PAST_OR_HYPOTHETICAL.search(text)
    if past and past.group(0) == "ago" and RECENT_AGO.search(text):
        # "about an hour ago" is still happening; "two weeks ago" is not.
        past = None
    missing = MISSING_PERSON.search(text)
    if (
        missing
        and not past
        and not result.news
        and (RECENT_AGO.search(text) or MISSING_RECENCY.search(text) or now)
        and not _negated_before(text, missing.start(), 2)
    ):
        _add(result, "emergency", 0.9, f"missing person now: {missing.group(0)}")
    urgent_now = URGENT_NOW.search(text)
    danger_word = DANGER_WORD.search(text)
    if urgent_now and danger_word and not past and not result.news:
        _add(result, "emergency", 0.88, f"{danger_word.group(0)} ({urgent_now.group(0)})")
    third = THIRD_PARTY_NOW.search(text)
    past_break_in = PAST_BREAK_IN_RX.search(text)
    if past_break_in and now and not past:
        _add(result, "emergency", 0.9, f"{past_break_in.group(0)} ({now.group(0)})")
    hazard = STANDING_HAZARD.search(text)
    if hazard and not past and not result.news:
        # A downed live wire or a gas leak is dangerous until someone comes, whatever the tense.
        _add(result, "emergency", 0.85, f"standing hazard: {hazard.group(0)}")
    if danger and not _negated_before(text, danger.start(), 2):
        if now and not past:
            _add(result, "emergency", 0.95, f"{danger.group(0)} ({now.group(0)})")
        elif (
            (third or result.second_person is False)
            and not past
            and re2.search(
                r"\b(?:is|are|s|re|isnt|arent|shes|hes|theyre|im|wont|cant|esta|estan|hay|theres|there is|being|keeps|se estan|se esta|con|"
                r"estoy|estamos|sigue|siguen|respira|despierta|reacciona|contesta|responde|puede|trae|traen|anda|andan|tiene|tienen)\b",
                text,
            )
        ):
            _add(result, "emergency", 0.85, f"happening: {danger.group(0)}")
        elif past and not result.news:
            _add(result, "crime_report", 0.6, f"past incident: {danger.group(0)}")
        else:
            _add(result, "emergency", 0.3, f"danger words: {danger.group(0)}")
    m = CRIME_REPORT.search(text)
    if m and not _negated_before(text, m.start(), 2):
        _add(result, "crime_report", 0.85, f"crime reported: {m.group(0)}")
        if (
            now
            and not past
            and re2.search(r"\b(?:right now|happening now|ahora mismo|en este momento|as we speak)\b", text)
        ):
            _add(result, "emergency", 0.8, f"reported as happening now: {m.group(0)}")


# A prize won in a draw nobody entered ("Ganaste un iPhone 16!! reclama tu premio", "you've won a $500 gift card,
# claim here"), and dating-site bait ("Hot singles in Doña Ana County want to meet you tonight"): scam openers that
# only ever come with a link to follow.
PRIZE_BAIT = _rx(
    r"\b(?:ganaste|ganastes|has ganado|usted ha ganado|eres el ganador|eres la ganadora|fuiste seleccionad[oa]|"
    r"you won|you ve won|youve won|you have won|you re a winner|youre a winner|you are a winner|you ve been selected|"
    r"youve been selected|you have been selected|congratulations you|congrats you|felicidades ganaste|felicidades usted)"
    r"(?: \w+){0,6} (?:iphone|ipad|samsung|galaxy|ps5|playstation|xbox|airpods|macbook|premio|premios|prize|prizes|"
    r"gift card|giftcard|tarjeta de regalo|tarjeta|cash|dinero|efectivo|\d+ ?(?:dollars|dolares|usd)|\d+)\b"
    r"|\b(?:reclama|reclame|reclamar|cobra|cobre|claim|redeem) (?:tu |su |your |el |the )?(?:premio|prize|reward|recompensa|regalo|gift)\b"
)
DATING_BAIT = _rx(
    r"\b(?:hot|sexy|lonely|horny|naughty|single|local|beautiful|chicas|mujeres) (?:\w+ )?(?:singles|girls|women|moms|milfs|"
    r"ladies|babes|chicks|solteras|calientes|guapas|sexys)(?: \w+){0,8} (?:want|wants|wanna|looking|waiting|near you|"
    r"in your area|to meet|to chat|to hook up|tonight|quieren|buscan|cerca de ti|esta noche)\b"
    r"|\b(?:meet|find|date|hook up with|chat with) (?:hot|sexy|lonely|horny|local|naughty) (?:\w+ )?(?:singles|girls|women|moms|"
    r"milfs|ladies)\b|\b(?:hookup|hook up|sex|casual dating) tonight\b"
)


def _detect_spam(norm: Normalized, text: str, result: RuleResult) -> None:
    parts: list[tuple[float, str]] = []
    bait = PRIZE_BAIT.search(text) or DATING_BAIT.search(text)
    if bait:
        parts.append((0.6, f"scam bait: {bait.group(0)}"))
    for m in URL_RX.finditer(norm.plain):
        if not any(d in m.group(0) for d in OFFICIAL_DOMAINS):
            parts.append((0.35, f"link {m.group(0)}"))
            break
    offers = {m.group(0) for m in MONEY_OFFER.finditer(text)} | {
        m.group(0) for m in MONEY_OFFER.finditer(norm.plain)
    }
    if offers:
        parts.append((0.55, f"money offer: {sorted(offers)[0]}"))
    if len(offers) >= 2:
        parts.append((0.4, "several money offers"))
    m = CONTACT_ME.search(text)
    if m:
        parts.append((0.45, f"contact-me: {m.group(0)}"))
    commercial = COMMERCIAL_OFFER.search(text)
    if commercial:
        parts.append((0.5, f"commercial offer: {commercial.group(0)}"))
    m = JOB_SCAM.search(text)
    if m:
        parts.append((0.45, f"job-offer bait: {m.group(0)}"))
    m = ROMANCE_SCAM.search(text)
    if m:
        parts.append((0.45, f"romance-scam opener: {m.group(0)}"))
    m = SALE_OFFER.search(norm.plain.replace(",", "")) or SALE_OFFER.search(text)
    if m:
        parts.append((0.45, f"sale offer: {m.group(0)}"))
        private = PRIVATE_CHANNEL.search(text) or PHONE_RX.search(norm.plain)
        if private and not CONTACT_ME.search(text):
            # "vendo tamales $20, inbox": a sale with a private channel to close it is solicitation.
            parts.append((0.3, f"private channel: {private.group(0)}"))
    if len(norm.tokens) >= 12:
        counts: dict[str, int] = {}
        for i in range(len(norm.tokens) - 2):
            shingle = " ".join(norm.tokens[i : i + 3])
            counts[shingle] = counts.get(shingle, 0) + 1
        top = max(counts.values())
        if top >= 4 or (top >= 3 and top * 3 >= len(norm.tokens) // 2):
            parts.append((0.65, "repeated text"))
    if (
        SELF_CONTACT.search(text)
        and PHONE_RX.search(norm.plain)
        and (MONEY_OFFER.search(text) or URL_RX.search(norm.plain) or commercial)
        and any(
            not _official_phone("".join(ch for ch in p.group(0) if ch.isdigit()))
            for p in PHONE_RX.finditer(norm.plain)
        )
    ):
        parts.append((0.4, "phone number with an offer"))
    if not parts:
        return
    miss = 1.0
    for score, _ in parts:
        miss *= 1.0 - score
    score = 1.0 - miss
    if len(parts) >= 2 and any(why.startswith(("money", "scam bait")) for _, why in parts):
        score = max(score, 0.93)
    _add(result, "spam", min(score, 0.99), "; ".join(why for _, why in parts))


def _detect_juvenile(norm: Normalized, text: str, result: RuleResult) -> None:
    minor: re2._Match | None = MINOR_RX.search(text)
    if not minor:
        minor = next(
            (a for a in AGE_PREDICATE.finditer(text) if (a.group(2) or "") not in NOT_AN_AGE_UNIT), None
        )
    if not minor:
        return
    arrest = REPORT_WORDS_RX.search(text)
    school = SCHOOL_RX.search(text)
    name = (
        _has_plain_name(norm.cased)
        or NAMED_RX.search(text) is not None
        or RELATIVE_ID.search(text) is not None
        or FAMILY_NAME_RX.search(norm.cased) is not None
    )
    school = school or LOCAL_SCHOOL_RX.search(text)
    address = ADDRESS_RX.search(text) is not None
    identifiers = [w for w, ok in (("school", school), ("name", name), ("address", address)) if ok]
    if arrest and identifiers:
        _add(result, "juvenile_info", 0.9, f"{minor.group(0)} + {arrest.group(0)} + {', '.join(identifiers)}")
    elif arrest:
        _add(result, "juvenile_info", 0.25, f"{minor.group(0)} + {arrest.group(0)}")
    elif identifiers:
        _add(result, "juvenile_info", 0.2, f"{minor.group(0)} + {', '.join(identifiers)}")


def _detect_media(item: ScoreInput, result: RuleResult) -> None:
    kinds = [k for k in item.media if k in MEDIA_KINDS_NEEDING_AUTHORIZATION]
    if kinds and not item.author_authorized:
        _add(result, "unauthorized_media", 0.97, f"{', '.join(kinds)} from an account not on the allowlist")


# "Where were you when my car got stolen": a complaint about the response, not a report.
RHETORICAL_COMPLAINT = _rx(
    r"\b(?:where (?:were|was) (?:you|u|yall|ya|the cops|the police|lcpd|they|the pigs)|"
    r"donde (?:estaban|estaba|andaban) (?:ustedes|la policia|los policias|cuando))\b"
)
LONG_PAST = _rx(
    r"\b(?:last year|a year ago|years ago|months ago|couple years|few years|back in (?:19|20)\d\d|in (?:19|20)\d\d|el ano pasado|hace anos|hace meses)\b"
)


def _finish_context(norm: Normalized, result: RuleResult) -> None:
    # Harm aimed at one person (stalking, doxxing, a named officer) is not criticism of the institution.
    if result.person_target and result.scores["institution_target"] > 0:
        result.scores["institution_target"] = min(result.scores["institution_target"], 0.3)
    if result.scores["emergency"] < 0.7 and (
        result.scores["juvenile_info"] >= 0.6
        or result.scores["allegation"] >= 0.6
        or LONG_PAST.search(norm.folded) is not None
        or RHETORICAL_COMPLAINT.search(norm.folded) is not None
    ):
        # About an identified juvenile or a named officer, or long past: not a crime reported to dispatch.
        result.scores["crime_report"] = min(result.scores["crime_report"], 0.5)
    # A phone number inside a scam advert is the scammer's own contact, not someone else's.
    if result.scores["spam"] >= 0.6 and result.scores["doxxing"] < 0.9:
        result.scores["doxxing"] = min(result.scores["doxxing"], 0.3)
    if result.scores["counter_speech"] < 0.9 and result.scores["hate"] < 0.3:
        # Condemnation words without any hateful content: still counter-speech, but weaker evidence.
        result.scores["counter_speech"] = min(result.scores["counter_speech"], 0.5)
