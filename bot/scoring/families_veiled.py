"""Generated English and Spanish training families: veiled menace to officials, long stereotypes, idioms."""

# A blind round (tests/data/fresh_2026_12c.jsonl, scored once before these families existed) left three
# failure classes. (1) Menace toward officials, judges, the DA or the council with no violent word: a
# deadline ("won't make it to a holiday"), a pity ("it would be a shame if something happened"), a gift
# ("something special for the ones who voted"). Its mirror is the same holiday, gift or pity said harmlessly.
# (2) Stereotypes of women, gay people, disabled people and immigrants in long sentences with no slur: the
# short trait families did not reach them. Its mirror is the same stereotype rejected. (3) Violent idioms
# and praise of officers ("killed it at the torch run", "traffic is murder", "me muero de risa") read as
# threats. None of these templates copies a case of the blind set: they are written for the failure classes,
# with the families' own slots.
#
# Same machinery as bot.scoring.families; families.generate() includes these families unless extra=False.

from __future__ import annotations

from bot.scoring.families import CLEAN, CLEAN_UNRATED, L_GROUP_ATTACK, L_MENACE, Family, _bilingual
from bot.scoring.families_community import COMMUNITY_SLOTS

# Fewer fillings per template than the violence families: the families stay under 9,000 texts in all.
PER_TEMPLATE = 6

VEILED_SLOTS: dict[str, dict[str, tuple[str, ...]]] = {
    "en": COMMUNITY_SLOTS["en"] | {
        "holiday": ("Christmas", "Thanksgiving", "New Year's", "Easter", "the Fourth of July", "Halloween"),
        "judge": ("Judge Alvarez", "the judge", "the DA", "Councilor Flores", "the council members",
                  "the commissioners", "the district attorney", "Judge Whitfield"),
        "voters": ("the ones who voted yes", "the council members who voted for it", "the judge who signed it",
                   "everyone on the board", "the DA's people", "the commissioners who approved it"),
    },
    "es": COMMUNITY_SLOTS["es"] | {
        "holiday": ("Navidad", "el Día de Gracias", "Año Nuevo", "Semana Santa", "el 4 de julio",
                    "el Día de Muertos"),
        "judge": ("la jueza Álvarez", "el juez", "el fiscal", "la concejal Flores", "los del cabildo",
                  "los comisionados", "el fiscal del distrito", "el juez Whitfield"),
        "voters": ("los que votaron a favor", "los concejales que lo aprobaron", "el juez que lo firmó",
                   "todos los de la junta", "la gente del fiscal", "los comisionados que votaron"),
    },
}  # fmt: skip

VEILED_OFFICIAL = Family(name="veiled_official", stays_up=False, labels=L_MENACE, per_template=PER_TEMPLATE,
    description="Menace to officials, judges, the DA or the council with no violent word: deadlines, pities, 'gifts'.",
    templates=_bilingual("""
        {judge} won't make it to {holiday}, that's a promise.
        I don't think {judge} will be around for {holiday}. Mark my words.
        It would be a real shame if something happened to {judge} on the way home.
        I'm bringing something special to the next meeting for {voters}.
        Got a little surprise for {voters}. They'll know it when they see it.
        Enjoy {holiday}, {judge}. It'll be your last one.
        {judge} should spend a lot of time with family this {holiday}. While there's time.
        Nice house {judge} has on {street}. Be a pity if anything happened to it.
        {voters} are going to get what they deserve, and it won't be in court.
        Tell {official} I know which car is his and which way he drives home.
        Counting the days until {judge} learns what happens to people who sign things like that.
        {official} has until {day} to fix this. After that it's out of my hands, and he won't like it.
        Let's see how brave {judge} is when nobody's there to protect them.
        Somebody is going to pay {voters} a visit soon. Not a friendly one.
        Accidents happen to people like {judge} all the time, you know.
    --- es
        {judge} no llega a {holiday}, se los prometo.
        No creo que {judge} esté aquí para {holiday}. Acuérdense de mí.
        Sería una lástima que le pasara algo a {judge} de camino a casa.
        Para la próxima junta les llevo algo especial a {voters}.
        Tengo una sorpresita para {voters}. Ya lo van a ver.
        Que disfrute {holiday}, {judge}. Va a ser la última.
        Que aproveche a su familia {judge} en {holiday}. Mientras se pueda.
        Bonita casa la de {judge} en {street}. Qué pena sería que le pasara algo.
        {voters} se van a llevar lo que se merecen, y no va a ser en la corte.
        Díganle a {official} que ya sé cuál es su carro y por dónde se va a su casa.
        Ya faltan pocos días para que {judge} aprenda lo que le pasa a los que firman esas cosas.
        {official} tiene hasta {day} para arreglarlo. Después ya no respondo, y no le va a gustar.
        A ver qué tan valiente es {judge} cuando no tenga quién lo cuide.
        Alguien les va a hacer una visita a {voters} muy pronto. Y no de cortesía.
        A la gente como {judge} le pasan accidentes todo el tiempo, fíjense.
"""), extra_slots=VEILED_SLOTS)  # fmt: skip

VEILED_MIRROR = Family(name="veiled_mirror", stays_up=True, labels=CLEAN, per_template=PER_TEMPLATE,
    description="The veiled-menace family's holidays, gifts and pities said harmlessly, officials and volunteers named.",
    templates=_bilingual("""
        Can't wait for {holiday}, the lights on {street} are already up.
        I'm bringing something special for the volunteers at {place}, homemade biscochitos.
        Got a little surprise for the officers working {holiday}, tamales from my mom.
        It would be a shame if the toy drive at {place} ended early, please donate.
        Enjoy {holiday}, {judge}, and thank you for your service to the county.
        I hope {judge} gets to spend {holiday} with family this year, they've worked hard.
        Counting the days until {holiday}, my kids already wrote their letters.
        {official} promised the new park would open by {holiday}, let's hold him to it at the ballot box.
        We're paying {voters} a visit at the town hall on {day} to ask questions. Come with us.
        Something special is coming to {place} for {holiday}: a free concert for families.
        It's a pity {judge} won't be at the parade this year, the kids loved the candy.
        Mark my words, {voters} will lose the next election over this vote.
    --- es
        Ya quiero que llegue {holiday}, las luces de {street} ya están puestas.
        Les llevo algo especial a los voluntarios de {place}, biscochitos caseros.
        Tengo una sorpresita para los oficiales que trabajan en {holiday}, tamales de mi mamá.
        Sería una lástima que se acabara la colecta de juguetes en {place}, por favor donen.
        Que disfrute {holiday}, {judge}, y gracias por su servicio al condado.
        Ojalá {judge} pueda pasar {holiday} con su familia este año, ha trabajado mucho.
        Ya faltan pocos días para {holiday}, mis hijos ya escribieron sus cartas.
        {official} prometió abrir el parque nuevo para {holiday}, que lo cumpla o no votamos por él.
        Vamos a visitar a {voters} en la junta {day} para hacer preguntas. Acompáñennos.
        Viene algo especial a {place} para {holiday}: un concierto gratis para las familias.
        Qué lástima que {judge} no vaya al desfile este año, a los niños les encantaban los dulces.
        Acuérdense de mí, {voters} van a perder la próxima elección por este voto.
"""), extra_slots=VEILED_SLOTS)  # fmt: skip

LONG_STEREOTYPE = Family(name="long_stereotype", stays_up=False, labels=L_GROUP_ATTACK, per_template=PER_TEMPLATE,
    description="Stereotypes of women, gay people, disabled people and immigrants in long sentences, no slur needed.",
    templates=_bilingual("""
        Honestly women just don't have the temperament for police work, they get hysterical the minute things at {place} get tense.
        This is what happens when {inst} hires women, they cry instead of doing the job and the rest of us pay for it.
        Gay people shouldn't be allowed near kids at {school}, everyone knows what they're really after.
        I don't care what the law says, gays are sick in the head and they shouldn't be wearing a badge for {inst}.
        Disabled people are a drain on this town, they sit at home collecting checks while the rest of us work.
        Why is {inst} wasting money on ramps at {place}? Cripples should stay home where they belong.
        Immigrants come here to have babies and live off welfare, look at {place} on any {day}.
        Every time immigrants move into a neighborhood like the one by {place}, crime goes up. They're just like that.
        These people from Mexico don't want to work, they want handouts and they bring drugs with them.
        Women drivers are the reason {road} is a mess every morning, they can't handle a car.
        Autistic kids shouldn't be in regular classes at {school}, they're basically animals and they hold everyone back.
        A gay officer is a joke, no criminal is going to respect a man like that.
        Refugees are all rapists waiting for their chance, keep your daughters away from {place}.
        Women belong in the kitchen, not running {inst}, and this mess proves it.
    --- es
        La verdad las mujeres no tienen el carácter para ser policías, se ponen histéricas en cuanto se calientan las cosas en {place}.
        Esto pasa cuando {inst} contrata mujeres, lloran en vez de trabajar y los demás pagamos los platos rotos.
        Los jotos no deberían estar cerca de los niños de {school}, todos saben lo que andan buscando.
        Me vale lo que diga la ley, los jotos están enfermos de la cabeza y no deberían traer placa en {inst}.
        Los discapacitados son una carga para el pueblo, se quedan en su casa cobrando cheques mientras los demás trabajamos.
        ¿Para qué gasta {inst} en rampas en {place}? Los lisiados deberían quedarse en su casa.
        Los inmigrantes vienen nomás a tener hijos y vivir del welfare, vean cómo está {place} cualquier día.
        Cada vez que llegan inmigrantes a una colonia como la de {place}, sube el crimen. Así son ellos.
        Esos que vienen del sur no quieren trabajar, quieren todo regalado y traen la droga con ellos.
        Las mujeres al volante son la razón por la que {road} es un desastre cada mañana, no saben manejar.
        Los niños autistas no deberían estar en clases normales en {school}, son como animalitos y atrasan a todos.
        Un policía joto es un chiste, ningún criminal le va a tener respeto a alguien así.
        Los refugiados son violadores esperando su oportunidad, cuiden a sus hijas en {place}.
        Las mujeres son para la cocina, no para dirigir {inst}, y este desastre lo demuestra.
"""), extra_slots=VEILED_SLOTS)  # fmt: skip

LONG_STEREOTYPE_REJECTED = Family(name="long_stereotype_rejected", stays_up=True, labels=CLEAN, per_template=PER_TEMPLATE,
    description="The long stereotypes rejected: women, gay people, disabled people and immigrants defended, same words.",
    templates=_bilingual("""
        People who say women don't have the temperament for police work should meet the women officers at {inst}.
        The idea that gay people are a danger to kids at {school} is an old lie, and it hurt a lot of good teachers.
        Disabled people are not a drain on this town, {kin} uses a wheelchair and works full time at {place}.
        Thank you {inst} for the new ramps at {place}, my wheelchair-using neighbor can finally get in.
        Immigrants don't come here to live off welfare, most of them at {place} work two jobs.
        Crime didn't go up when immigrants moved in by {place}, the numbers from {inst} show it went down.
        Saying women drivers are the problem on {road} is just sexist, the crash data says otherwise.
        Autistic kids belong in regular classes at {school} with support, my son is proof of that.
        A gay officer helped my family after the break-in, and he was the most professional one there.
        Calling refugees rapists is hate speech, and {inst} should say so.
        My {kin} used to say women belong in the kitchen until a woman captain saved his life.
        Gay people can wear a badge for {inst} like anyone else, and the law agrees.
        I'm tired of people blaming immigrants for everything that goes wrong at {place}.
    --- es
        Los que dicen que las mujeres no tienen carácter para ser policías deberían conocer a las oficiales de {inst}.
        Eso de que los gays son un peligro para los niños de {school} es una mentira vieja que le hizo daño a muchos maestros.
        Las personas con discapacidad no son una carga, {kin} usa silla de ruedas y trabaja tiempo completo en {place}.
        Gracias {inst} por las rampas nuevas en {place}, mi vecina en silla de ruedas por fin puede entrar.
        Los inmigrantes no vienen a vivir del welfare, la mayoría en {place} tiene dos trabajos.
        El crimen no subió cuando llegaron inmigrantes cerca de {place}, los números de {inst} dicen que bajó.
        Decir que las mujeres al volante son el problema en {road} es puro machismo, los datos dicen otra cosa.
        Los niños autistas tienen su lugar en clases normales en {school} con apoyo, mi hijo es la prueba.
        Un oficial gay ayudó a mi familia después del robo y fue el más profesional de todos.
        Llamar violadores a los refugiados es discurso de odio, y {inst} debería decirlo.
        {kin} decía que las mujeres eran para la cocina hasta que una capitana le salvó la vida.
        Los gays pueden traer placa en {inst} como cualquiera, y la ley lo dice.
        Ya me cansé de que le echen la culpa a los inmigrantes de todo lo que pasa en {place}.
"""), extra_slots=VEILED_SLOTS)  # fmt: skip

IDIOM_PRAISE = Family(name="idiom_praise", stays_up=True, labels=CLEAN_UNRATED, per_template=PER_TEMPLATE,
    description="Violent idioms and praise of officers together: 'killed it at the torch run', 'traffic is murder'.",
    templates=_bilingual("""
        {officer} absolutely killed it at the torch run on {day}, so proud of our officers.
        Traffic on {road} is murder this morning, thank you to the officers directing it.
        The officers at {place} crushed the chili cook-off, that green chile was to die for.
        {officer} slayed the karaoke at the fundraiser, I'm still dying.
        The cops beat the firefighters in the charity game, they destroyed them 42 to 10.
        This heat is killing me, bless the officers standing out on {road} all day.
        I nearly died laughing when {officer} did the dance with the kids at {school}.
        {inst} knocked it out of the park with the toy drive this year.
        That recruitment video is fire, {officer} nailed it.
        My feet are killing me after the 5K with {inst}, but worth it.
        {officer} shot the best photos at the parade, he should go pro.
        The K9 demo at {place} blew the kids away, they loved it.
        Our sergeant is a beast on the basketball court, he murdered us on {day}.
    --- es
        El oficial {officer} se la rifó en la carrera de la antorcha {day}, qué orgullo.
        El tráfico en {road} está de muerte hoy, gracias a los oficiales que lo están dirigiendo.
        Me muero de risa con el video del oficial {officer} bailando con los niños en {school}.
        Los policías le ganaron a los bomberos en el partido de caridad, los masacraron 42 a 10.
        Este calor me está matando, bendiciones a los oficiales parados en {road} todo el día.
        El chile verde de los oficiales en {place} estaba para morirse, ganaron el concurso.
        El oficial {officer} mató en el karaoke de la recaudación, todavía me estoy riendo.
        {inst} la rompió con la colecta de juguetes este año.
        Ese video de reclutamiento está bien chido, el oficial {officer} se lució.
        Me muero del cansancio después de la carrera con {inst}, pero valió la pena.
        La demostración de los perros en {place} dejó a los niños con la boca abierta.
        Nuestro sargento es una bestia en la cancha, nos aplastó {day}.
        Ya me morí de la risa con el oficial {officer} disfrazado de Santa.
"""), extra_slots=VEILED_SLOTS)  # fmt: skip

VEILED_FAMILIES: tuple[Family, ...] = (
    VEILED_OFFICIAL, VEILED_MIRROR, LONG_STEREOTYPE, LONG_STEREOTYPE_REJECTED, IDIOM_PRAISE,
)  # fmt: skip
