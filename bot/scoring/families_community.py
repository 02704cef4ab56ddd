"""Generated English and Spanish training families: the police named kindly, stereotypes, and their mirrors."""

# A blind round (tests/data/fresh_2026_12b.jsonl, scored once before these families existed) showed three
# gaps that no earlier family covered. (1) Naming an officer or the department was itself read as menace:
# a congratulation on a promotion scored toxicity 0.97 and threat 0.48, so thanks, praise, events and plain
# questions about the police must be taught as harmless. (2) Derogation by trait ("X are lazy drunks", "X are
# too emotional to be officers", "X control the banks") went unseen: the derogation families speak of disease
# and vermin, not of traits. Its mirror, the same traits denied or condemned, is taught alongside so the
# model learns the aim, not the adjectives. (3) Questions about force, weapons and crime statistics are policy
# talk, not threats. None of these templates copies a case of the blind set: they are written for the
# behaviour, with the families' own slots.
#
# Same machinery as bot.scoring.families; families.generate() includes these families unless extra=False.

from __future__ import annotations

from bot.scoring.families import CLEAN, CLEAN_UNRATED, L_GROUP_ATTACK, L_MENACE, Family, _bilingual
from bot.scoring.families_violence import PER_TEMPLATE, VIOLENCE_SLOTS

# Traits for the stereotype families and their mirror, so the pair shares its vocabulary.
COMMUNITY_SLOTS: dict[str, dict[str, tuple[str, ...]]] = {
    "en": VIOLENCE_SLOTS["en"] | {
        "trait": ("lazy", "dirty", "stupid", "violent", "dishonest", "drunks", "thieves", "greedy",
                  "too emotional", "born criminals", "sneaky", "freeloaders"),
        "job": ("cops", "judges", "firefighters", "teachers", "dispatchers", "detectives", "nurses"),
        "rank": ("sergeant", "lieutenant", "detective", "corporal", "captain"),
    },
    "es": VIOLENCE_SLOTS["es"] | {
        "trait": ("flojos", "sucios", "tontos", "violentos", "mentirosos", "borrachos", "rateros", "tacaños",
                  "criminales de nacimiento", "mantenidos", "huevones", "cochinos"),
        "job": ("policías", "jueces", "bomberos", "maestros", "detectives", "enfermeros"),
        "rank": ("sargento", "teniente", "detective", "cabo", "capitán"),
    },
}  # fmt: skip

COMMUNITY_POLICE = Family(name="community_police", stays_up=True, labels=CLEAN, per_template=PER_TEMPLATE,
    description="Officers and the department named kindly: thanks, congratulations, praise, events and plain questions.",
    templates=_bilingual("""
        Congratulations {officer} on making {rank}, well deserved.
        Thank you {officer} for staying with my mom after the crash on {road}.
        {officer} was so patient with my son at {place}, he wants to be a cop now.
        Proud of {inst} for the coat drive, my kids loved helping.
        Welcome to the new recruits, stay safe out there.
        Happy retirement {officer}, thirty years of service to this town.
        Does {inst} still do ride-alongs? My nephew is thinking about becoming an officer.
        Shout out to the officers who found my grandpa when he wandered off from {place}.
        {officer} visited my daughter's class and she hasn't stopped talking about it.
        Who was the officer at {place} on {day}? I want to send a thank-you card.
        Good work {inst}, the new crosswalk patrol at {school} made a real difference.
        Praying for the officer who got hurt on {road}, hope he recovers fast.
        How do I apply to be a dispatcher with {inst}?
        {officer} and the K9 were a hit at {place}, thanks for coming out.
        The new chief seems to actually listen, I'll give him a chance.
    --- es
        Felicidades oficial {officer} por llegar a {rank}, se lo ganó.
        Gracias oficial {officer} por quedarse con mi mamá después del choque en {road}.
        El oficial {officer} fue muy paciente con mi hijo en {place}, ahora quiere ser policía.
        Orgullosos de {police} por la colecta de cobijas, a mis hijos les encantó ayudar.
        Bienvenidos los nuevos cadetes, cuídense mucho allá afuera.
        Feliz jubilación oficial {officer}, treinta años sirviendo al pueblo.
        ¿Todavía se puede acompañar a una patrulla? Mi sobrino quiere ser policía.
        Un saludo a los oficiales que encontraron a mi abuelito cuando se perdió cerca de {place}.
        El oficial {officer} fue a la clase de mi hija y no deja de hablar de eso.
        ¿Quién era el oficial que estaba en {place} {day}? Le quiero mandar una tarjeta de agradecimiento.
        Buen trabajo {police}, los oficiales en el cruce de {school} sí hacen la diferencia.
        Oramos por el oficial que salió herido en {road}, que se recupere pronto.
        ¿Cómo aplico para ser despachadora de {police}?
        El oficial {officer} y su perro fueron la sensación en {place}, gracias por venir.
        El nuevo jefe sí parece escuchar, le voy a dar una oportunidad.
"""), extra_slots=COMMUNITY_SLOTS)  # fmt: skip

POLICY_QUESTIONS = Family(name="policy_questions", stays_up=True, labels=CLEAN_UNRATED, per_template=PER_TEMPLATE,
    description="Questions and debate about force, weapons, tactics and crime figures: policy talk, not menace.",
    templates=_bilingual("""
        Why does {inst} still carry rifles in every patrol car? Honest question.
        How many assaults were reported near {place} last year? We need better lighting.
        What is the policy on using tasers on people in a mental health crisis?
        Do officers get de-escalation training before they carry a gun on patrol?
        Can {inst} publish how many times force was used at traffic stops?
        Are officers allowed to shoot at moving cars? Other cities banned it.
        The stabbing on {road} last month shows we need more patrols at night.
        Why were rubber bullets used at the protest? Who approved that?
        How long does the bodycam footage of a shooting have to be kept?
        Is there a gun buyback this year? My {kin} wants to turn in his old shotgun.
        What's the response time for an armed robbery call on the east mesa?
        Should officers be armed at school events? I'm honestly torn.
    --- es
        ¿Por qué {police} sigue llevando rifles en cada patrulla? Pregunta honesta.
        ¿Cuántos asaltos reportaron cerca de {place} el año pasado? Hace falta más luz.
        ¿Cuál es la regla para usar el taser con alguien en crisis de salud mental?
        ¿Los oficiales reciben entrenamiento para calmar situaciones antes de andar armados?
        ¿Puede {police} publicar cuántas veces usaron la fuerza en las paradas de tráfico?
        ¿Los policías pueden dispararle a un carro en movimiento? Otras ciudades lo prohibieron.
        El apuñalamiento en {road} el mes pasado demuestra que hacen falta más patrullas de noche.
        ¿Por qué usaron balas de goma en la protesta? ¿Quién lo autorizó?
        ¿Cuánto tiempo guardan el video de las cámaras corporales de un tiroteo?
        ¿Va a haber intercambio de armas este año? Mi {kin} quiere entregar su escopeta vieja.
        ¿Cuánto tardan en llegar a una llamada de robo a mano armada en el este?
        ¿Deberían andar armados los oficiales en los eventos de la escuela? No sé qué pensar.
"""), extra_slots=COMMUNITY_SLOTS)  # fmt: skip

STEREOTYPE = Family(name="stereotype", stays_up=False, labels=L_GROUP_ATTACK, per_template=PER_TEMPLATE,
    description="Derogation by trait: a group called lazy, dirty, criminal, too emotional, scheming, with or without a slur.",
    templates=_bilingual("""
        {g} are all {trait}, everybody knows it.
        Typical {g}, {trait} as always.
        {g} are too {trait} to be {job}.
        {g} shouldn't be {job}, they're {trait} by nature.
        It's a fact that {g} are {trait}, look at the numbers.
        {g} run the banks and the news, and now they want {inst} too.
        Every one of those {g} at {place} is {trait}.
        {g} can't think for themselves, that's why they vote the way they do.
        Never hire {g}, they're {trait} and they steal.
        {g} are {trait}, it's in their blood.
        What do you expect from {g}? {trait} and proud of it.
        {adj} {job} are a joke, they only got hired to fill a quota.
    --- es
        {G} son tod{o}s {trait}, todo el mundo lo sabe.
        Típico de {g}, {trait} como siempre.
        {G} no sirven para {job}, son {trait}.
        {G} no deberían ser {job}, son {trait} por naturaleza.
        Es un hecho que {G} son {trait}, nomás vean los números.
        {G} controlan los bancos y las noticias, y ahora quieren a la policía.
        Tod{o}s es{o}s {g} de {place} son {trait}.
        {G} no piensan por sí mism{o}s, por eso votan como votan.
        Nunca contraten a {g}, son {trait} y roban.
        {G} son {trait}, lo traen en la sangre.
        ¿Qué esperaban de {g}? {trait} de toda la vida.
        {G} son una bola de {trait}, siempre ha sido así.
"""), extra_slots=COMMUNITY_SLOTS)  # fmt: skip

STEREOTYPE_DENIED = Family(name="stereotype_denied", stays_up=True, labels=CLEAN, per_template=PER_TEMPLATE,
    description="The stereotype family's traits denied, refuted or condemned: same words, the opposite aim.",
    templates=_bilingual("""
        It's not true that {g} are {trait}, stop spreading that.
        Saying {g} are {trait} is just bigotry, plain and simple.
        {g} aren't {trait}, they're our neighbors and they work hard.
        My {kin} used to say {g} were {trait} until he actually got to know some.
        People who claim {g} are {trait} have never met one.
        {g} make great {job}, and the ones here prove it.
        The comment calling {g} {trait} should be ashamed of itself.
        No group is {trait} by nature, {g} included.
        I'm tired of hearing that {g} are {trait}. It's a lie.
        There's no statistic showing {g} are {trait}, look it up.
    --- es
        No es cierto que {G} sean {trait}, dejen de decir eso.
        Decir que {G} son {trait} es puro racismo.
        {G} no son {trait}, son nuestros vecinos y trabajan duro.
        Mi {kin} decía que {G} eran {trait} hasta que conoció a algun{o}s.
        Los que dicen que {G} son {trait} nunca han conocido a un{o}.
        {G} son muy buen{o}s {job}, y l{o}s de aquí lo demuestran.
        Qué vergüenza el comentario que dice que {G} son {trait}.
        Ningún grupo es {trait} por naturaleza, tampoco {G}.
        Ya me cansé de oír que {G} son {trait}. Es mentira.
        No hay ningún dato que diga que {G} son {trait}, búsquenlo.
"""), extra_slots=COMMUNITY_SLOTS)  # fmt: skip

HINTED_MENACE = Family(name="hinted_menace", stays_up=False, labels=L_MENACE, per_template=PER_TEMPLATE,
    description="Menace as advice or a conditional ('if I were you...'): harm implied to a named person, no violent word.",
    templates=_bilingual("""
        If I were {officer} I'd start checking my mirrors on the way home.
        I'd sleep with one eye open if I worked at {inst}.
        If I were the judge on this case I'd get a good alarm system. Just saying.
        Wouldn't want to be {official} when this is all over. Count on it.
        Somebody should remind {officer} that everybody has to go home sometime.
        If I were you {officer} I wouldn't let my kids play outside for a while.
        {officer} better enjoy the weekend, it might be the last quiet one.
        I'd think twice about parking that {car} on {road} overnight, {officer}.
        If I were {official} I'd stop taking the same way home every day.
        People like {officer} have a way of running out of luck. Soon.
    --- es
        Yo que el oficial {officer} empezaba a fijarme en el espejo de camino a casa.
        Yo dormiría con un ojo abierto si trabajara en {police}.
        Si yo fuera el juez de este caso me ponía una buena alarma. Nomás digo.
        No quisiera estar en los zapatos de {official} cuando esto acabe. Ya verán.
        Alguien debería recordarle al oficial {officer} que todos tienen que llegar a casa algún día.
        Yo que usted, oficial {officer}, no dejaba a los niños jugar afuera un tiempo.
        Que disfrute el fin de semana el oficial {officer}, a lo mejor es el último tranquilo.
        Yo lo pensaría dos veces antes de dejar su {car} en {road} toda la noche, oficial {officer}.
        Si yo fuera {official} dejaba de irme por el mismo camino todos los días.
        A la gente como el oficial {officer} se le acaba la suerte. Pronto.
"""), extra_slots=COMMUNITY_SLOTS)  # fmt: skip

COMMUNITY_FAMILIES: tuple[Family, ...] = (
    COMMUNITY_POLICE, POLICY_QUESTIONS, STEREOTYPE, STEREOTYPE_DENIED, HINTED_MENACE,
)  # fmt: skip
