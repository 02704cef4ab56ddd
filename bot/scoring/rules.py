"""Structural rules (personal information, spam, media, juveniles, crimes and emergencies, allegations, profanity)
and the protected-speech context signals the model reads, English and Spanish."""

from __future__ import annotations

from dataclasses import dataclass, field

import re2

from bot.scoring.base import CATEGORY_SIGNALS, CONTEXT_SIGNALS, ScoreInput
from bot.scoring.normalize import Normalized, fold_plain, lexicon, lexicon_table
from bot.scoring.rule_kit import OFFICIAL_ADDRESS_PREFIXES, PHONE_RX, SELF_CONTACT
from bot.scoring.rule_kit import add as _add
from bot.scoring.rule_kit import alt as _alt
from bot.scoring.rule_kit import official_phone as _official_phone
from bot.scoring.rule_kit import rx as _rx
from bot.scoring.rule_kit import words_rx as _words_rx
from bot.scoring.rules_places import SELF_OWNED, personal_places
from bot.scoring.rules_spam import detect_spam

# The language of a comment (threats, hate, harassment, sexual content) is the model's to judge: the rules never
# score it. They keep what a model should not guess (numbers, addresses, links, media, the juvenile statute, the
# cues of crimes and emergencies) and the context signals, which are model inputs, never vetoes.
LANGUAGE_SIGNALS = frozenset({"threat", "hate", "harassment", "sexual"})
RULE_SIGNALS: tuple[str, ...] = (
    tuple(s for s in CATEGORY_SIGNALS if s not in LANGUAGE_SIGNALS) + CONTEXT_SIGNALS
)
MEDIA_KINDS_NEEDING_AUTHORIZATION = frozenset({"photo", "video", "gif", "other"})


INFL = r"(?:s|es|ed|ing|in|er|ers|y|z)?"
NEGATION_RX = _words_rx("negators.txt")
NEWS_RX = _words_rx("news.txt")
_GROUP = _alt(lexicon("groups.txt"))
GROUP_MENTION = _rx(rf"\b{_GROUP}\b")
SLUR_RX = _words_rx("slurs.txt", INFL)
# Slurs that are slurs in any context (the "strong" rows): a model input, so the learned heads see a Spanish
# or spelled-out slur the training tweets never showed them. Never a reason to remove on its own.
STRONG_SLUR_RX = _rx(
    r"\b"
    + _alt(fold_plain(row[0]).strip() for row in lexicon_table("slurs.txt") if row[-1:] == ("strong",))
    + rf"{INFL}\b"
)
VULGAR_RX = _rx(rf"\b{_alt(lexicon('vulgar.txt'))}{INFL}\b|\bmiddlefinger\b")
OBSCENE_RX = _words_rx("obscene.txt", INFL)
# "12", "blue" and "badge" name the police only in a phrase ("fuck 12", "thin blue line"), never alone.
INSTITUTION_RX = _rx(
    rf"\b{_alt(t for t in lexicon('institution.txt') if t not in ('12', 'blue', 'badge', 'badges'))}\b"
)
FIGURES_OF_SPEECH = _rx(r"\b(?:" + "|".join(lexicon("figures_of_speech.txt")) + r")\b")
TITLES = lexicon("titles.txt")
NON_NAMES = frozenset(lexicon("non_names.txt"))
STREET_SUFFIX = lexicon("street_suffixes.txt")
NOT_AN_AGE_UNIT = frozenset(lexicon("not_age_units.txt"))
BUSINESS_RX = _words_rx("businesses.txt")
MENTION_RX = _rx(r"(?:^|\s)@[A-Za-z0-9_.]{2,}")
SECOND_PERSON_RX = _rx(r"\b(?:you|u|ya|youre|your|ur|yall|te|tu|ti|usted|ustedes)\b")
SECOND_PERSON_NO_YA_RX = _rx(r"\b(?:you|u|youre|your|ur|yall|te|tu|ti|usted|ustedes)\b")
# Function words that only Spanish has: enough to read a "ya" as "already".
SPANISH_RX = _rx(r"\b(?:que|pero|porque|los|las|del|esta|estan|muy|nada|nadie|se|mi|su|una|por|para|con)\b")


@dataclass(kw_only=True, slots=True)
class RuleResult:
    """Rule scores for one comment, the evidence behind them, and the features other rules read."""

    scores: dict[str, float]
    evidence: dict[str, list[str]] = field(default_factory=dict)
    second_person: bool = False  # addressed to "you"
    person_target: bool = False  # about one identified person (not the institution)
    group_mention: bool = False  # a protected group is named
    news: bool = False  # reads like discussion of an event


def detect(norm: Normalized, item: ScoreInput) -> RuleResult:
    """Run every rule over one normalised comment."""
    text = norm.folded
    result = RuleResult(scores=dict.fromkeys(RULE_SIGNALS, 0.0))
    if text:
        # Figures of speech are blanked first so that "shooting range" never reads as shots fired.
        cleaned = FIGURES_OF_SPEECH.sub(" idiom ", text) if FIGURES_OF_SPEECH.search(text) else text
        result.news = NEWS_RX.search(text) is not None
        second = SECOND_PERSON_RX.search(text)
        # "ya" is English "you" but Spanish "already": in a Spanish comment it addresses nobody.
        if second and second.group(0) == "ya" and SPANISH_RX.search(text):
            second = SECOND_PERSON_NO_YA_RX.search(text)
        result.second_person = second is not None
        result.group_mention = GROUP_MENTION.search(text) is not None
        _detect_context(norm, result)
        _detect_doxxing(norm, text, result)
        _detect_profanity(norm, text, result)
        _detect_allegation(norm, cleaned, result)
        _detect_crime_and_emergency(norm, cleaned, result)
        detect_spam(norm, text, result)
        _detect_juvenile(norm, text, result)
        _finish_context(norm, result)
    _detect_media(item, result)
    return result


# --- context signals (model inputs) -------------------------------------------------------------------------
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
NEGATED_STATEMENT = _rx(
    r"\b(?:i|we|nobody|no one|noone|im|i am|i would|i will|yo|nosotros)(?: \w+){0,2} (?:not|never|dont|do not|wont|would never|will never|didnt|nunca|no)(?: \w+){0,3} "
    r"(?:hate|threaten|threatening|hurt|kill|shoot|harm|wish|want|advocate|condone|support|mean|saying|matar|lastimar|odio|odiar|amenazar|amenazando|hacer dano|deseo)"
    r"|\bno (?:odio|odiamos) a\b|\bno (?:voy|vamos|quiero|queremos|odio|odiamos|estoy) (?:a )?(?:matar|lastimar|hacer|amenazar|odiar|amenazando)|\bnadie (?:va|deberia) a? ?(?:matar|lastimar)"
    r"|\b(?:this is not|this isnt|not a|im not making a|i am not making a|not) threat"
    r"|\b(?:nobody|no one|noone) (?:should|deserves to|wants to) (?:\w+ )?(?:die|be killed|be shot|get shot|get hurt|be hurt|kill|shoot)"
)
# On the department's own page, "you guys" / "ustedes" without an @reply addresses the department.
ADDRESSING_PAGE = _rx(
    r"\b(?:you guys|yall|you people|you all|all of you|ustedes|todos ustedes|fuck 12|f 12|fuck the 12|chinguen a su madre)\b"
)
# A quotation: double quotes, or single quotes that open and close at word edges (not apostrophes).
QUOTED_RX = _rx(r"\"[^\"]{1,200}\"|(?:^|[\s(:])'[^']{1,60}'(?:$|[\s.,!?;:)])")
# "they keep saying that ...", "he posted that ...": the words that follow are someone else's.
REPORTED_SPEECH = _rx(
    r"\b(?:saying|say|says|said|to say|claiming|claim|claims|calling|think that|believe that|posted|wrote|writes|tweeted|"
    r"shouting|yelling|chanting|dicen|dijo|decir|escribio|gritando)(?: that| que)?(?: \w+){0,2}$"
)
# A private life pointed at ("I know where you live", "eyes on your place", "donde vives"): the comment is about one
# person, not the institution, whoever that person works for.
PERSONAL_LIFE = _rx(
    r"\b(?:where (?:you|u|ya|he|she|they|(?:that|this|the) \w+|officer \w+) (?:\w+ )?(?:live|lives|sleep|sleeps|park|"
    r"parks|stay|stays)|(?:know|found|have|got|find|find out|eyes on|outside|nice|cute|watching|waiting by|waiting outside|"
    r"visit at) (?:your|ur|his|her) (?:\w+ )?(?:address|house|home|place|car|truck|kids|kid s|wife|husband|family|"
    r"children|schedule|routine|daycare|school)|nice (?:house|car|truck|family|kids) (?:you|u) (?:have|got)|(?:your|ur|"
    r"his|her) (?:kids|children|daughter|son|wife|husband)(?: \w+){0,3} (?:go to|goes to|attend|attends|walk home)|"
    r"visit at home|donde (?:vives|vive|viven|duermes|trabajas|estudian)|(?:conozco|conocemos|vi|vimos) a (?:tu|tus|su|"
    r"sus) (?:familia|hijos|hijas|hija|hijo|esposa|esposo)|(?:que|cual) escuela (?:estan|van|estudian) (?:tus|sus) hijos)\b"
)
# Hateful slogans that name no group ("go back to Mexico"): inside a quotation they are someone else's words.
QUOTED_HATE = _words_rx("quoted_hate.txt")
OFFICIAL_HANDLE = _rx(r"police|pd|sheriff|city|gov|policia")
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


def _others_words_about_a_group(norm: Normalized, text: str) -> str | None:
    """A protected group named inside a quotation or right after "saying", "posted", "dicen": someone else's words."""
    for quote in QUOTED_RX.finditer(norm.plain):
        if GROUP_MENTION.search(quote.group(0)) or QUOTED_HATE.search(quote.group(0)):
            return quote.group(0).strip()
    if SELF_IDENTITY.search(text):
        return None  # "quería decir que soy gay": the speaker's own words about themselves
    for m in GROUP_MENTION.finditer(text):
        if REPORTED_SPEECH.search(text[: m.start()].rstrip()):
            return m.group(0)
    return None


def _detect_context(norm: Normalized, result: RuleResult) -> None:
    text = norm.folded
    mentions = [m.group(0).strip()[1:].lower() for m in MENTION_RX.finditer(norm.cased)]
    inst = INSTITUTION_RX.search(text)
    if inst:
        _add(result, "institution_target", 0.9, f"institution: {inst.group(0)}")
    elif not mentions:
        m = ADDRESSING_PAGE.search(text)
        if m:
            _add(result, "institution_target", 0.7, f"addresses the page: {m.group(0)}")
    # A private life pointed at, or "you" said in an @reply to a commenter (not the department's account): the
    # comment is aimed at one person.
    if PERSONAL_LIFE.search(text) or (
        result.second_person and any(OFFICIAL_HANDLE.search(h) is None for h in mentions)
    ):
        result.person_target = True
    # Counter-speech: condemnation words (0.5), double quotes alone (0.3), and strongest, hateful words that are
    # someone else's: a slur quoted or condemned, a group named in a quotation or reported speech, a quotation
    # condemned (0.9).
    cue = COUNTER_SPEECH.search(text)
    quoted = QUOTED_RX.search(norm.plain) is not None
    slur = SLUR_RX.search(text)
    strong = STRONG_SLUR_RX.search(text)
    if strong:
        _add(result, "slur", 1.0, f"slur: {strong.group(0)}")
    others = _others_words_about_a_group(norm, text)
    if slur and (cue or quoted):
        _add(result, "counter_speech", 0.9, f"slur quoted or condemned: {slur.group(0)}")
    elif others and (cue or quoted):
        _add(result, "counter_speech", 0.9, f"someone else's words about a group: {others}")
    elif cue and quoted:
        _add(result, "counter_speech", 0.9, f"a quotation condemned: {cue.group(0)}")
    elif cue or others:
        _add(
            result, "counter_speech", 0.5, cue.group(0) if cue else f"reported speech about a group: {others}"
        )
    elif '"' in norm.plain or "\u201c" in norm.original:
        result.scores["counter_speech"] = 0.3
    m = SELF_IDENTITY.search(text)
    if m:
        _add(result, "self_identity", 0.85, m.group(0))
    negated = NEGATED_STATEMENT.search(text)
    if negated:
        _add(result, "negated", 0.9, negated.group(0))
    else:
        claim = _negated_group_claim(text)
        if claim:
            _add(result, "negated", 0.9, f"negated claim about a group: {claim}")


# Negators that, before a group, are hostility ("crimes against Mexicans") or a ban ("no Muslims allowed"), not a
# negated claim; determiners between a negator and the group ("not all the", "no todos los") are skipped.
_NOT_NEGATING_A_GROUP = frozenset({"against", "without"})
_BAN_AFTER_GROUP = _rx(r"^ (?:allowed|welcome|more|mas|aqui|here)\b")
_DETERMINERS = frozenset({"all", "the", "these", "those", "todos", "todas", "los", "las", "estos", "esos"})


def _negated_group_claim(text: str) -> str | None:
    """A claim about a protected group with a negator just before it: "not all immigrants", "don't call Mexicans"."""
    for m in GROUP_MENTION.finditer(text):
        words = text[: m.start()].rsplit(" . ", 1)[-1].split()
        while words and words[-1] in _DETERMINERS:
            words.pop()
        before = words[-2:]
        for i in range(len(before) - 1, -1, -1):
            if before[i] in CLAUSE_BREAKS:
                before = before[i + 1 :]
                break
        if (
            not before
            or _NOT_NEGATING_A_GROUP.intersection(before)
            or _BAN_AFTER_GROUP.search(text[m.end() :])
        ):
            continue
        if NEGATION_RX.search(" ".join(before)):
            return text[m.start() - len(" ".join(before)) - 1 : m.end()].strip()
    return None


def _finish_context(norm: Normalized, result: RuleResult) -> None:
    # Harm aimed at one person (doxxing, a named officer, their home) is not criticism of the institution.
    if result.person_target and result.scores["institution_target"] > 0:
        result.scores["institution_target"] = min(result.scores["institution_target"], 0.3)
    if result.scores["emergency"] < 0.7 and (
        result.scores["juvenile_info"] >= 0.6
        or result.scores["allegation"] >= 0.6
        or LONG_PAST.search(norm.folded) is not None
        or RHETORICAL_COMPLAINT.search(norm.folded) is not None
        or ALREADY_REPORTED.search(norm.folded) is not None
        or ASKING_WHAT_IF.search(norm.folded) is not None
    ):
        # About an identified juvenile or a named officer, long past, or asked as a what-if: not a crime reported
        # to dispatch.
        result.scores["crime_report"] = min(result.scores["crime_report"], 0.5)
    # An address in an emergency happening now is where help must go, not doxxing: a person still sees it. Only
    # the sure paths (0.88 and up: a collapse, a danger with a now marker, a missing child now), not tense alone.
    if result.scores["emergency"] >= 0.88 and result.scores["doxxing"] > 0.5:
        result.scores["doxxing"] = 0.5
        result.evidence.setdefault("doxxing", []).append("address given with an emergency: capped at review")
    # A phone number inside a scam advert is the scammer's own contact, not someone else's.
    if result.scores["spam"] >= 0.6 and result.scores["doxxing"] < 0.9:
        result.scores["doxxing"] = min(result.scores["doxxing"], 0.3)


# --- doxxing: personal information about someone else ---------------------------------------------------
EMAIL_RX = _rx(r"\b[a-z0-9._%+\-]+@[a-z0-9\-]+(?:\.[a-z0-9\-]+)*\.[a-z]{2,}\b")
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
CRIME_CONTEXT = _words_rx("crime_words.txt")
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
    # a routine with its time and no verb: "gym at 5:30 every morning", "al gimnasio a las 6"
    r"|\b(?:gym|gimnasio|church|iglesia|misa|jogs|jogging|runs|corre)(?: \w+){0,4} (?:at|a las) \d{1,2}(?: \d\d)?(?: am| pm)?"
    r"(?: \w+){0,2} (?:every|each|todas|todos|cada|on|los)\b"
)
RELATIVE_BUSINESS = _rx(
    r"\b(?:wife|husband|son|daughter|mom|mother|dad|father|brother|sister|girlfriend|boyfriend|esposa|esposo)"
    r"(?: \w+){0,5} (?:runs|owns|manages|works at|teaches at|works the|tiene|maneja) (?:the |a |an |la |el |una |un )?\w+"
)
RELATIVE_PLACE_ES = _rx(
    r"\b(?:la|el|los|las) (?:esposa|esposo|vieja|novia|novio|hijos|hija|hijo|hijas|mama|papa|familia|suegra|hermana|hermano)"
    r" (?:del|de la|de el|de) (?:oficial|agente|policia|sargento|detective|jefe|comandante|teniente|placa|puerco|chota|jura|cerdo|poli|deputy|"
    r"officer|sgt|cop|chief|sheriff|alcalde|mayor|alcaldesa|juez|jueza|fiscal)(?: \w+){0,2} (?:trabaja|trabajan|vive|viven|estudia|estudian|va|van|"
    r"juega|juegan|atiende) (?:en|a|por)\b"
)
# An undercover officer said to be someone ("the undercover in the video is ...", "X is a narc", "se llama ...").
UNDERCOVER_NAMED = _rx(
    r"\b(?:undercover|plain ?clothes|plainclothes|narc|narco|encubierto|encubierta|de civil|infiltrado|infiltrada)"
    r"(?: \w+){0,6} (?:is|es|se llama|name is|real name|goes by|nombre es|is really|es el|es la)\b"
    r"|\b(?:is|es) (?:an |a |un |una |el |la )?(?:undercover|narc|encubierto|encubierta|infiltrado|infiltrada)\b"
)
# Where someone can be found at work: a workplace with a shift or a post there ("trabaja en la Pepsi de la Valley,
# turno de noche"; "works the register at the Dollar General, nights"), about someone else, not the author.
WORK_SHIFT = _rx(
    r"\b(?:works|working|work|trabaja|trabajan)(?: \w+){0,2} (?:at|en|in|for|off)(?: \w+){1,6}?"
    r"(?: |, ?)(?:turno(?: de)? (?:noche|dia|manana|tarde)|(?:the )?(?:night|day|morning|graveyard) shift|nights|graveyard|"
    r"weekends|on (?:his|her) days off|en la caja|de noche|en la noche|en las noches|los fines de semana)\b"
    r"|\b(?:works|working) (?:the )?(?:register|counter|graveyard|nights|security|door)(?: \w+){0,3} (?:at|en|in)\b"
    r"|\b(?:works|working|trabaja)(?: (?:mon|tue|tues|wed|weds|thu|thur|thurs|fri|sat|sun|weekend|weekday|\d+|to|thru|a)){1,4}"
    r" (?:overnights|overnight|nights|graveyard|evenings|mornings|days|de noche|en la noche)\b"
)
SOMEONE_ELSE_AT_WORK = _rx(
    r"\b(?:the (?:lady|guy|dude|woman|man|girl|one|officer|cop|witness|snitch) (?:who|that)|that (?:witness|snitch|lady|guy|dude)|"
    r"(?:el|la) (?:que|vato que|morra que|vieja que|senora que|senor que|tipo que|oficial que|testigo|soplon|soplona|chismosa)|"
    r"se llama|his name is|her name is|officer|deputy|oficial|agente)\b"
)
# The author's own job, or a relative's told first ("my son works nights at the Lowes ..."): not someone exposed.
OWN_WORK = _rx(
    r"\b(?:i|we|yo) (?:work|trabajo|trabajamos)\b|\b(?:trabajo|trabajamos)\b|^\W*(?:my|our|mi|mis) \w+ (?:works|trabaja)\b"
)
RELATIVE_PLACE = _rx(
    r"\b(?:his|her|their|the officers|officers|the cops|cops|deputys|sgt \w+s|officer \w+s|chiefs|the chiefs|su|sus)"
    r" (?:wife|husband|kids|kid|daughter|son|girlfriend|boyfriend|mom|mother|dad|family|children|esposa|esposo|hijos|hija|hijo)"
    r"(?: \w+){0,2} (?:works|work|working|goes|go|lives|live|stays|attends|attend|trabaja|estudia|estudian|va|van|vive)"
    r" (?:at|to|on|in|en|a)\b"
)
NUMBER_WORDS = {
    "zero": "0", "oh": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6",
    "seven": "7", "eight": "8", "nine": "9", "cero": "0", "uno": "1", "dos": "2", "tres": "3", "cuatro": "4",
    "cinco": "5", "seis": "6", "siete": "7", "ocho": "8", "nueve": "9",
}  # fmt: skip


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


# The author's own home, said in the first person ("I live at", "vivimos en", "my address is"); not "my friend lives".
OWN_HOME = _rx(
    r"\b(?:i|we|yo|nosotros) (?:live|stay|vivo|vivimos)\b|^(?:vivo|vivimos)\b|[,.] (?:vivo|vivimos)\b"
    r"|\b(?:my|our|mi|nuestra|nuestro) (?:house|home|casa|apartment|apartamento|address|direccion|domicilio)\b"
)


def _detect_doxxing(norm: Normalized, text: str, result: RuleResult) -> None:
    plain = norm.plain
    _detect_identity_numbers(norm, text, result)
    pii: list[str] = personal_places(norm, text, result, OFFICIAL_ADDRESS_PREFIXES)
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
    # The plain text too: folding reads a plate's digits as letters ("6PLM 927" -> "gplm 927").
    plates = {m.group(0).strip(" ,.") for rx_text in (text, plain) for m in PLATE_RX.finditer(rx_text)}
    for plate in sorted(plates):
        if any(ch.isdigit() for ch in plate):
            pii.append(f"plate {plate}")
    for m in EMAIL_RX.finditer(plain):
        pii.append(f"email {m.group(0)}")
    spelled = _spelled_digits(norm.tokens)
    if spelled and not _official_phone(spelled):
        pii.append(f"phone spelled out {spelled}")
    m = SOCIAL_HANDLE.search(norm.plain)
    if m and not SELF_CONTACT.search(text):
        pii.append(f"account {m.group(0)}")
    cue = PERSON_PII_CUE.search(text)
    # The author's own contact or home ("call me at", "I live at", "mi casa"): theirs to give, unless someone is named.
    self_contact = (
        any(rx.search(text) for rx in (SELF_CONTACT, OWN_HOME))
        or SELF_CONTACT_NUMBER.search(plain) is not None
    )
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
    undercover = UNDERCOVER_NAMED.search(text)
    if undercover and (named or NAMED_RX.search(text)):
        # Naming an undercover officer puts them in danger whatever else is said (fresh-k: "the undercover guy in
        # the pic is <name>, Facebook name ...").
        _add(result, "doxxing", 0.9, f"an undercover officer named: {undercover.group(0)}")
        result.person_target = True
    work = WORK_SHIFT.search(text)
    if work and not pii and SOMEONE_ELSE_AT_WORK.search(text) and not OWN_WORK.search(text):
        _add(result, "doxxing", 0.7, f"where someone can be found at work: {work.group(0)}")
        result.person_target = True
    if relative and not pii:
        _add(result, "doxxing", 0.7, f"where an officer's relative is: {relative.group(0)}")
        result.person_target = True
    if cue and not pii:
        # "Officer Smith lives on Elm by the park": a place tied to a person, no number needed.
        place = re2.search(
            r"\b(?:lives|live|living|resides|stays|vive|viven|works|work|working|trabaja|goes to school|attends|attend|go to|goes to|drives a|su casa|sus hijos van a|estudian en|house is|home is|casa es|casa esta)\b"
            r"(?: \w+){0,2} (?:at|on|in|off|by|near|en|a)?(?: the)? ?(?:[a-z]+ ){0,3}(?:street|st|ave|avenue|road|rd|drive|dr|lane|ln|court|ct|circle|way|loop|blvd|boulevard|parkway|pkwy|trail|trl|calle|avenida|walmart|elementary|academy|daycare|preschool|ranch|target|school|hospital|apartments|elementary|high|middle|store|office|red|white|black|silver|blue|gray|grey|truck|tahoe|f150|f 150|silverado|camaro|civic|car|house|casa|escuela|near|by|behind|across)\b",
            text,
        )
        # "@Maria is he still armed? My daughter lives near there": the author's own family, not the named person's.
        if (
            place
            and not SELF_OWNED.search(text)
            and (
                named
                or re2.search(
                    r"\b(?:his|her|their|officer|deputy|cop|sgt|detective|chief|su|sus|oficial|agente|policia|sargento|"
                    r"puerco|cerdo|placa|chota|jura|poli|teniente|comandante)\b",
                    text,
                )
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


# --- allegations against named people ------------------------------------------------------------------
TITLED_NAME = _rx(r"\b" + _alt(TITLES) + r"\.? (?:[A-Z][a-z]+|[a-z]{3,})(?: [A-Z][a-z]+)?\b")
PLAIN_NAME = _rx(r"\b[A-Z][a-z]{1,15}(?: [A-Z]\.)? [A-Z][a-z]{1,15}(?:-[A-Z][a-z]+)?\b")
BADGE_RX = _rx(r"\bbadge (?:number |no |num |#)?\d{2,6}\b|\bplaca (?:numero |#)?\d{2,6}\b")


def _has_plain_name(cased: str) -> bool:
    for m in PLAIN_NAME.finditer(cased):
        first, _, last = m.group(0).partition(" ")
        last = last.split()[-1] if last else ""
        if first not in NON_NAMES and last not in NON_NAMES:
            return True
    return False


MISCONDUCT = _rx(
    r"\b(?:"
    + "|".join(
        [
            r"beats|beat up|beat (?:his|her|my|a|an|the|him|someone|people|that|this)|beats his|beats her|abuses|abused|hits his|hits her|hit his|hit her",
            r"rapes|raped|rapist|molests|molested|molester|pedo|pedophile|predator|groomer|groomed",
            # "X is the one breaking into the trucks", "es el que se robo ...": a named person pointed at for a crime.
            r"(?:is|was|are|were|es|era|son|fue) (?:the one|the ones|el que|la que|los que|quien)(?: who| that)? (?:\w+ ){0,2}"
            r"(?:stole|steals|stealing|broke|breaks|breaking|burned|burnt|set|shot|stabbed|robbed|robs|robbing|sells|selling|"
            r"dealing|tagging|vandalized|robo|roba|robando|quemo|quema|vende|vendiendo|balaceo|disparo|mato|golpeo|golpea)",
            r"burned down|burnt down|set fire to|(?:le )?prendio fuego|slaps|slapped|smacks (?:the|her|his) kids|hits the kids",
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
    # "If the chief lied about the overtime he should be charged": a condition, not an accusation stated as fact.
    # ("Si, ..." is a yes, not an if.)
    conditional = re2.search(r"\b(?:if|si|whether)(?: \w+){0,6} $", text[: miscon.start()]) is not None and (
        re2.search(r"\bs[ií] *[,.!]", norm.plain) is None
    )
    if (named and named.group(0).split()[-1][:1].isupper()) or badge or plain_name:
        who = named.group(0) if named else badge.group(0) if badge else "a named person"
        score = 0.35 if conditional else 0.45 if news else 0.8
        _add(result, "allegation", score, f"{who}: {miscon.group(0)}{' (if ...)' if conditional else ''}")
        result.person_target = True
    elif re2.search(r"\b(?:that|this|the|one|an|a) (?:officer|cop|deputy|detective|sergeant|sgt)\b", text):
        _add(result, "allegation", 0.35, f"unnamed officer: {miscon.group(0)}")
    else:
        _add(result, "allegation", 0.15, f"general: {miscon.group(0)}")


# --- crimes reported and emergencies happening now ---------------------------------------------------------
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
    rf"\b(?:{_alt(lexicon('now_markers.txt'))}|send (?:someone|help|a unit|police|cops|an officer|somebody|a cop|a car)|"
    r"just (?:grabbed|snatched|took|shot|stabbed|broke|hit|crashed|pulled|robbed|attacked|jumped|tried|ran|fired|flipped|"
    r"rolled|collapsed|fell))\b"
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
    r"\b(?:yesterday|last night|last week|last month|last year|ago|earlier today|earlier|this morning|the other day|back in|used to|ayer|anoche|la semana pasada|el mes pasado|el ano pasado|el otro dia|hace|"
    r"what (?:should|do|would) (?:i|you|we) do if|if someone|if somebody|if (?:i|you|we) (?:see|saw|ever see|hear|notice)|in case|si (?:veo|ves|vemos|miro|escucho)|what happens if|how do you|si alguien|que hago si|"
    r"was arrested|were arrested|police say|suspect|the man who|the woman who|sentenced|charged|article|news|according to|movie|show|game|"
    r"drill|training|practice|simulacro|noticias|periodico|reportaje|segun|pelicula|serie|novela|hace \w+ (?:anos|meses|semanas)|"
    r"(?:in|since|back in|en|desde) (?:19|20)\d\d)\b"
)
THIRD_PARTY_NOW = _rx(
    r"\b(?:there is|theres|there are|there's|hay|someone is|somebody is|a man is|a guy is|un hombre|una mujer|alguien esta|someones|my neighbor is|my neighbors|in my|outside my|on my street|en mi|afuera de)\b"
)
PAST_BREAK_IN_RX = _rx(r"\b(?:broke|broken) in(?:to)?\b")
# Words of danger that, said "right now", make an emergency however the sentence is built.
DANGER_WORD = _words_rx("danger_words.txt")
URGENT_NOW = _rx(
    rf"\b(?:{_alt(lexicon('urgent_now.txt'))}|manden (?:a )?(?:la )?(?:policia|patrulla|ambulancia|alguien|una patrulla|"
    r"una ambulancia)|llamen (?:al |a )?(?:911|la policia))\b"
)
FIRE_SPREADING = _rx(
    r"\b(?:se (?:esta |estan )?quema\w*|(?:esta|estan) ardiendo|on fire|fuego|incendio|llamas|flames|brush fire|"
    r"grass fire|wild ?fire)(?: \w+){0,10} (?:ya va|va|van|se va|se viene|viene|esta|is|its|getting|spreading|heading|moving|"
    r"coming|llegando|acercando|acercandose|pegado|pegando)(?: \w+){0,2} (?:para|hacia|a|cerca de|close to|near|toward|towards|"
    r"to|into|up to|junto a)(?: las| los| la| el| the| our| my| mi| nuestra| nuestras)? ?(?:casas|casa|houses|house|homes|"
    r"home|bardas|barda|fence|fences|yards|yard|patio|patios|traila|trailas|trailers|apartments|apartamentos|escuela|school)\b"
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
MISSING_RECENCY = _words_rx("missing_recency.txt")
HABITUAL = _words_rx("habitual.txt")
NOT_AN_EMERGENCY = _rx(rf"\b(?:{_alt(lexicon('not_an_emergency.txt'))}|jaja\w*)\b")


def _detect_crime_and_emergency(norm: Normalized, text: str, result: RuleResult) -> None:
    medical = MEDICAL_COLLAPSE.search(text)
    now = NOW_MARKERS.search(text)
    # "Every time there's a shooting ...": a habit, not a danger now (unless a now marker says so).
    habitual = HABITUAL.search(text) is not None and now is None
    if now and not result.news and not PAST_OR_HYPOTHETICAL.search(text):
        # Read with the model's report_crime head by the policy: a crime told as happening now is a 911 matter.
        _add(result, "happening_now", 1.0, f"now: {now.group(0)}")
    if (
        medical
        and not (result.news or habitual)
        and not PAST_OR_HYPOTHETICAL.search(text)
        and not NOT_AN_EMERGENCY.search(text)
        and not _negated_before(text, medical.start(), 2)
    ):
        _add(result, "emergency", 0.88, f"medical emergency: {medical.group(0)}")
    danger = DANGER.search(text)
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
    fire = FIRE_SPREADING.search(text)
    if fire and not past and not result.news:
        # A fire moving toward houses is an emergency whatever the tense or the marker ("ya va para las casas").
        _add(result, "emergency", 0.88, f"fire spreading: {fire.group(0)}")
    hazard = STANDING_HAZARD.search(text)
    if hazard and not past and not result.news:
        # A downed live wire or a gas leak is dangerous until someone comes, whatever the tense.
        _add(result, "emergency", 0.85, f"standing hazard: {hazard.group(0)}")
    if danger and not _negated_before(text, danger.start(), 2):
        if now and not past:
            _add(result, "emergency", 0.95, f"{danger.group(0)} ({now.group(0)})")
        elif (
            (third or result.second_person is False)
            and not (past or habitual)
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


# "Where were you when my car got stolen": a complaint about the response, not a report.
RHETORICAL_COMPLAINT = _rx(
    r"\b(?:where (?:were|was) (?:you|u|yall|ya|the cops|the police|lcpd|they|the pigs)|"
    r"donde (?:estaban|estaba|andaban) (?:ustedes|la policia|los policias|cuando))\b"
)
# "Ya hice reporte", "I already filed a report", "case #26-...": the crime has reached the police already.
ALREADY_REPORTED = _rx(
    r"\b(?:ya (?:hice|hicimos|puse|pusimos|levante|levantamos) (?:el |un |mi )?(?:reporte|denuncia)|ya (?:reporte|reportamos|"
    r"denuncie|denunciamos|llame|llamamos)|(?:i|we) (?:already )?(?:filed|made) (?:a|the) (?:police )?report|already reported|"
    r"(?:case|report|caso|reporte) (?:number |numero |no |num )?(?:is )?\d{2}[ -]\d{4,})\b"
)
# "If I see someone trying car doors, do I call 911?": a question about reporting, not a report.
ASKING_WHAT_IF = _rx(
    r"\b(?:if (?:i|you|we) (?:ever )?(?:see|saw|notice|hear)|what (?:should|do) (?:i|we) do if|si (?:veo|ves|vemos|escucho)|que hago si)\b"
)
LONG_PAST = _rx(
    r"\b(?:last year|a year ago|years ago|months ago|couple years|few years|back in (?:19|20)\d\d|in (?:19|20)\d\d|el ano pasado|hace anos|hace meses)\b"
)
# --- juveniles in arrests (NM 32A-2-32.1) and media ------------------------------------------------------
REPORT_WORDS_RX = _rx(
    rf"\b(?:{_alt(lexicon('arrest_words.txt'))}|el que (?:disparo|robo|mato|apunalo|golpeo|quemo)|(?:trajo|traia|llevo|"
    r"llevaba|saco) (?:una |la |un |el )?(?:pistola|arma|cuchillo|navaja|droga|drogas|vape|mota)|brought (?:a|the) "
    r"(?:gun|knife|weapon)|vandaliz\w*|picked (?:him|her|them) up|(?:set|started|lit) (?:the|a|that) (?:\w+ )?fire)\b"
)
MINOR_RX = _rx(
    r"\b(?:1[0-7]|[5-9]) ?(?:year|yr)s? ?olds?\b|\b(?:1[0-7]|[5-9]) ?(?:yo|y o)\b|\b(?:juvenile|juveniles|minor|minors|teen|teens|teenager|teenagers|teenage|"
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
NAMED_RX = _rx(r"\b(?:named|name is|his name|her name|their names|se llama|nombre es|llamado|llamada)\b")
RELATIVE_ID = _rx(
    r"\b(?:sons? of|daughters? of|kids? of|children of|brothers? of|sisters? of|hij[oa]s? de|herman[oa]s? de|sobrin[oa]s? de)\b"
)
# On cased text: "the Gonzales boy", "my neighbors daughter Kaylee".
FAMILY_NAME_RX = _rx(
    r"\b(?:the|los|las|el|la)(?: (?:youngest|oldest|eldest|middle|little|younger|older|baby))? [A-Z][a-z]+ (?:boy|girl|kid|kids|boys|"
    r"girls|brothers|sisters|twins|chamaco|chamaca)\b"
    r"|\b(?:daughter|son|nephew|niece|grandson|granddaughter|stepson|stepdaughter|hija|hijo|sobrino|sobrina) [A-Z][a-z]+\b"
    r"|\b(?:de|del) (?:los|las|la) [A-Z][a-z]+\b|\b(?:hijo|hija|nieto|nieta|sobrino|sobrina) de (?:la |el |don |dona )?(?:Sra|Sr|Senora|Senor|Don|Dona)\.? [A-Z][a-z]+\b"
)
LOCAL_SCHOOL_RX = _rx(
    r"\b(?:from|at|goes to|attends|en la|va en la|va a la|va a|estudia en|de la) (?:onate|mayfield|centennial|organ mountain|arrowhead|"
    r"las cruces high|gadsden|chaparral|santa teresa|zia|lynn|sierra|vista|picacho|camino real|alta vista|mesilla valley)\b"
)


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


# --- vulgarity and obscenity ------------------------------------------------------------------------------------
def _detect_profanity(norm: Normalized, text: str, result: RuleResult) -> None:
    """Profane words counted: vulgar alone is never a removal reason; graphic or gratuitous is obscene."""
    obscene = OBSCENE_RX.findall(text)
    profane = len(VULGAR_RX.findall(text)) + len(obscene)
    if obscene:
        if any(" " in hit for hit in obscene):
            _add(result, "obscenity", 0.8, f"graphic phrase: {obscene[0]}")
        terms = sorted(set(obscene))
        _add(result, "obscenity", 0.75 if len(terms) >= 2 else 0.6, f"obscene terms: {', '.join(terms[:3])}")
    if profane:
        score = 0.6 if profane == 1 else 0.75 if profane == 2 else 0.85
        _add(result, "vulgarity", score, f"{profane} profane word(s)")
        if profane >= 5 and profane / max(1, len(norm.tokens)) >= 0.25:
            _add(result, "obscenity", 0.72, "gratuitously profane")
        else:
            _add(result, "obscenity", 0.2, "profanity")
