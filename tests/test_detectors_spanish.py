"""Spanish and Spanglish through the full scorer and the shipped policy: conjugated threats, everyday verbs that
are not threats, regional idioms, institution-aimed vulgarity, and every category in the voice of the page."""

from __future__ import annotations

import pytest

from bot.moderation import Moderator
from bot.scoring.base import ScoreInput
from bot.scoring.normalize import normalize
from bot.scoring.rules import detect

REMOVING = {"hide", "delete"}


def judge(moderator: Moderator, text: str) -> tuple[str, bool, str | None]:
    verdict = moderator.judge_batch([ScoreInput(text=text)])[0]
    return verdict.action.value, verdict.urgent, verdict.rule_id


@pytest.mark.parametrize(
    "text",
    [
        # every tense and glued pronoun of a verb from lexicons/violent_es.tsv
        "mátalos a todos, son unos puercos",
        "quiero matarlos a todos los de la patrulla",
        "te plomeo si te vuelvo a ver pinche chota",
        "le voy a dar piso al primer placa que me pare",
        "le meto un plomazo al próximo cuico",
        "los vamos a b4l4c3ar a todos",
        "los vamos a p l o m e a r",
        "que alguien le ponga una bala en la cabeza al jefe",
        "todos los polis merecen un balazo",
        "balaceen la comisaria",
        "ojala que a ese cuico lo atropellen saliendo de la estacion",
        "diganle al oficial Varela que lo andan buscando pa darle cuello",
        "a los de la migra hay que recibirlos a balazos",
        "lo que le paso al oficial de Albuquerque le va a pasar a uno de ustedes, ya veran",
    ],
)
def test_spanish_threats_are_caught_and_urgent(moderator: Moderator, text: str) -> None:
    action, urgent, _ = judge(moderator, text)
    assert action in REMOVING | {"flag"}, text
    assert urgent, text


@pytest.mark.parametrize(
    "text",
    [
        "te voy a quebrar pinche placa, ya verás",
        "a ese oficial lo vamos a levantar saliendo de su turno",
    ],
)
def test_everyday_verbs_with_a_person_as_object_go_to_a_human(moderator: Moderator, text: str) -> None:
    # "quebrar", "levantar" are threats here, but the same verbs are everyday Spanish: flagged urgently, not hidden.
    action, urgent, rule = judge(moderator, text)
    assert (action, urgent, rule) == ("flag", True, "threat-possible")


@pytest.mark.parametrize(
    "text",
    [
        "mañana voy a volar a Denver a ver a mi hija",
        "voy a quemar unas calorias en el gym",
        "hay que quemar calorias despues de las tamaladas jaja",
        "hay que golpear la puerta fuerte porque el timbre no sirve",
        "le voy a pegar una calcomania a la troca",
        "voy a levantar una queja formal contra el oficial",
        "me mata el calor, 108 grados hoy en Cruces",
        "nomas estoy aqui matando el tiempo leyendo los comentarios",
        "me muero de risa con este post jajaja",
        "ese video me mató 😂😂",
        "el oficial que ayudo a mi abuela se la rifó, gracias",
        "el concierto estuvo de poca madre anoche",
        "se me murio el celular, alguien sabe si ya abrieron la Lohman?",
        "quiero matar el antojo con unos tacos",
        "no quiero matar a nadie, solo quiero que me devuelvan mi troca",
        "le rompieron la madre al equipo de Oñate anoche, 35 a 0",
        "el video de la balacera en la Solano esta en las noticias, que miedo",
        "este calor nos va a matar a todos",
    ],
)
def test_everyday_spanish_is_left_alone(moderator: Moderator, text: str) -> None:
    action, _, rule = judge(moderator, text)
    assert action == "allow", (text, rule)


def test_a_laughing_threat_goes_to_a_human_not_hidden(moderator: Moderator) -> None:
    action, urgent, _ = judge(moderator, "voy a matar a mi hermano si se come mis tamales otra vez jajaja")
    assert (action, urgent) == ("flag", True)
    # Without the laugh, the same words are hidden.
    assert judge(moderator, "voy a matar a mi hermano si se come mis tamales otra vez")[0] in REMOVING


@pytest.mark.parametrize(
    "text",
    [
        "pinches cerdos corruptos, siempre abusando de la gente",
        "la chota nomás sirve para acosar a la raza",
        "ACAB, todos los polis son iguales",
        "fuck la policia, bola de culeros",
        "la chota vale verga aqui en Cruces",
        "que se vayan a la verga todos los politicos de esta ciudad",
        "soy indocumentado y orgulloso, aqui pago mis taxes",
        "me gritaron 'pinche mojado' en el Albertsons y eso es puro racismo",
        "los indocumentados no son criminales, son trabajadores",
        "no odio a los policias, odio el abuso de poder",
    ],
)
def test_criticism_vulgarity_identity_and_counter_speech_stay_up(moderator: Moderator, text: str) -> None:
    action, _, rule = judge(moderator, text)
    assert action in {"allow", "flag"}, (text, rule)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("AYUDA hay un hombre con pistola afuera del circle k ahorita", "emergency"),
        ("call 911 ahorita there's a man con pistola en el parque", "emergency"),
        ("auxilio alguien se metio a mi casa, estoy escondida en el baño", "emergency"),
        ("my tio no respira y no despierta, que hago??", "emergency"),
        ("mi abuelita se cayo y no reacciona, ya llame pero nadie contesta", "emergency"),
        ("hay un carro en llamas en la Valley y el señor sigue adentro", "emergency"),
        ("en la casa de la esquina venden cristal todo el dia", "crime_report"),
        ("unos chavos andan rayando las paredes del parque cada noche", "crime_report"),
        ("nos vaciaron la traila mientras estabamos en misa", "crime_report"),
        ("la placa del carro del detective Ortiz es NM ABC-4821, pa que lo reconozcan", "doxxing"),
        ("la esposa del agente Ramirez trabaja en el Dillards del mall", "doxxing"),
        ("ese pinche negro de la foto parece chango", "hate"),
        ("pinches indios patarrajadas", "hate"),
        ("los trans son unos enfermos mentales, no son gente", "hate"),
        ("@Marcos Baca pinche naco muerto de hambre", "harassment"),
        ("esa señora de la foto parece una marrana, que asco de vieja", "harassment"),
        ("que rico culo tiene la agente, se la chupo toda", "sexual"),
        ("el oficial Gurule le pega a su esposa, todo el barrio lo sabe", "allegation"),
        ("la agente Dominguez manejaba borracha y sus compañeros la taparon", "allegation"),
        ("Vendo carnitas los domingos $12 el litro, entrega a domicilio, inbox", "spam"),
        ("Hola guapo, me gusta tu perfil, agregame en telegram", "spam"),
        ("el plebe de los Gallegos, el de 16, fue el que disparó en la fiesta", "juvenile_info"),
        ("el chief en la tarde recoge a sus hijos en la escuela Hermosa Heights", "doxxing"),
        ("los negros son unos flojos y rateros", "hate"),
        ("me estan llegando mensajes de uno que dice que es del IRS y me pide dinero", "crime_report"),
        ("Tarot y amarres garantizados, regreso a tu pareja en 3 dias, WhatsApp 656-123-4567", "spam"),
    ],
)
def test_every_category_in_spanish(moderator: Moderator, text: str, category: str) -> None:
    verdict = moderator.judge_batch([ScoreInput(text=text)])[0]
    assert verdict.action.value != "allow", (text, category)
    assert category in verdict.categories, (text, verdict.rule_id)


def test_ya_is_already_in_a_spanish_comment() -> None:
    spanish = detect(normalize("se cayo y no reacciona, ya llame"), ScoreInput(text=""))
    english = detect(normalize("ya gonna regret this"), ScoreInput(text=""))
    assert not spanish.second_person
    assert english.second_person


def test_spanish_articles_are_not_threat_targets() -> None:
    door = detect(normalize("hay que golpear la puerta fuerte"), ScoreInput(text=""))
    person = detect(normalize("la vamos a golpear cuando salga"), ScoreInput(text=""))
    assert not door.threat_composed
    assert person.threat_composed
