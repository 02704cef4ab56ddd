"""Generated English and Spanish training families: violent words that stay up, and menace without them."""

# The threat head had learned "violent word = threat": it fired on news, memorials, criticism of police
# shootings, calls for prison and idioms, and missed menace that names no violence at all (a countdown, a
# schedule, a child's school). These families pull the two apart: five must-stay-up families full of
# shootings, stabbings and "kill", and three harmful ones where the harm is in the aim, not the vocabulary.
#
# Same machinery as bot.scoring.families (templates x slot fillers, template-level split by stable hash,
# casual typing, Spanish with and without accents); families.generate() includes these families unless
# called with extra=False, so dedup, variants and the split guarantees cover them too.

from __future__ import annotations

from bot.scoring.families import (
    CLEAN_UNRATED,
    DEFAULT_SEED,
    L_MENACE,
    LANGS,
    Family,
    FamilyExample,
    _bilingual,
    _expand,
    keep_first,
)

# Slots these families need beyond families.SLOTS. EN kin are male so "him/his" agree; ES kin are male and
# carry "mi" so "a {kin}" reads "a mi abuelo". ES cars have no article so "su {car}" agrees with either gender.
VIOLENCE_SLOTS: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {
        "kin": ("my grandpa", "my uncle", "my cousin", "my older brother", "my dad", "my stepdad",
                "my best friend", "my godfather"),
        "year": ("1979", "1994", "1998", "2003", "2008", "2011", "2016"),
        "day": ("Friday", "Saturday", "Sunday", "Monday", "Thursday"),
        "n": ("three", "five", "six", "ten", "twelve"),
        "fallen": ("Officer Jaramillo", "Deputy Fierro", "Officer Benavidez", "Sgt. Trujillo",
                   "Officer Quintana", "Deputy Armijo"),
        "school": ("Mayfield High", "Lynn Middle School", "Hermosa Heights Elementary", "Centennial High",
                   "Sierra Middle School", "Oñate High", "Valley View Elementary"),
        "car": ("gray Tahoe", "white F-150", "black Charger", "red Camry", "blue Silverado", "silver Jeep"),
        "time": ("6:15", "6:40", "7:30", "5:45", "8:10", "10:20"),
        "team": ("the Aggies", "Mayfield", "Centennial", "the Chihuahuas", "UTEP", "Las Cruces High"),
        "police": ("the department", "LCPD", "this police department", "DASO", "the sheriff's office"),
    },
    "es": {
        "kin": ("mi abuelo", "mi tío", "mi primo", "mi carnal", "mi papá", "mi padrino", "mi compa",
                "mi hermano"),
        "year": ("1979", "1994", "1998", "2003", "2008", "2011", "2016"),
        "day": ("el viernes", "el sábado", "el domingo", "el lunes", "el jueves"),
        "n": ("tres", "cinco", "seis", "diez", "doce"),
        "fallen": ("el oficial Jaramillo", "el agente Fierro", "el oficial Benavidez", "el sargento Trujillo",
                   "el oficial Quintana", "el agente Armijo"),
        "school": ("la Mayfield", "la secundaria Lynn", "la primaria Hermosa Heights", "la Centennial",
                   "la secundaria Sierra", "la Oñate", "la primaria Valley View"),
        "car": ("Tahoe gris", "troca blanca", "Charger negro", "Camry rojo", "Silverado azul", "Jeep plateado"),
        "time": ("las 6:15", "las 6:40", "las 7:30", "las 5:45", "las 8:10", "las 10:20"),
        "team": ("los Aggies", "los de la Mayfield", "los de la Centennial", "los Chihuahuas", "UTEP"),
        "police": ("el departamento", "la policía de Las Cruces", "la oficina del sheriff", "LCPD"),
    },
}  # fmt: skip

# Per-template fillings: ~16 templates x 9 keeps each family and language within 80-200 after dedup.
PER_TEMPLATE = 9

VIOLENCE_REPORTED = Family(name="violence_reported", stays_up=True, labels=CLEAN_UNRATED, per_template=PER_TEMPLATE,
    description="Violence reported, remembered or mourned: news, past events, memorials, family history.",
    templates=_bilingual("""
        {kin} was a deputy for {n} years and still has the scar from a knife attack on {road} in {year}.
        Back in {year} the gas station on {road} got robbed at gunpoint, and {kin} was behind the counter.
        Police say two people were wounded when shots were fired near {place} overnight.
        A vigil for {fallen}, killed in the line of duty, will be held at {place} on {day}.
        Rest easy, {fallen}. It's been {n} years since that night on {road} and this town has not forgotten you.
        The trial of the man accused of stabbing a clerk at {place} starts {day}.
        {kin} survived a carjacking on {road} in {year}; the officer who showed up probably saved his life.
        According to {police}, the suspect in the shooting at {place} was arrested without incident.
        {kin} was murdered in {year} and the case is still open. Call Crime Stoppers if you know anything.
        The memorial motorcycle ride for {fallen} goes down {road} on {day} morning.
        Flags at {place} are at half staff for {fallen}, shot during a traffic stop in {year}.
        Just watched the documentary about the {year} bank robbery shootout downtown, rough to see.
        The young man stabbed on {road} is out of the hospital, {police} says.
        I was held up at knifepoint outside {place} in {year}. Took me years to walk there alone again.
        They engraved {fallen}'s name on the memorial wall by city hall. Gone, never forgotten.
        A deputy was hit by a fleeing driver on {road} and is in critical condition, per the report.
        {kin} served {n} years with {police} and took two bullets on duty. Proud of him every day.
    --- es
        {kin} fue ayudante del sheriff {n} años y todavía tiene la cicatriz de una puñalada que le dieron en {road} en {year}.
        En {year} asaltaron a mano armada la gasolinera de {road} y {kin} estaba en la caja.
        La policía dice que dos personas salieron heridas por disparos cerca de {place} anoche.
        Habrá una vigilia en {place} {day} por {fallen}, que murió en servicio.
        Descanse en paz {fallen}. Ya van {n} años de lo de {road} y el pueblo no lo olvida.
        {day} empieza el juicio contra el hombre acusado de apuñalar al cajero de {place}.
        A {kin} lo asaltaron con pistola en {road} en {year} y el oficial que llegó le salvó la vida.
        Según {police}, el sospechoso de la balacera en {place} ya fue detenido sin incidentes.
        A {kin} lo mataron en {year} y el caso sigue sin resolverse. Si saben algo llamen a Crime Stoppers.
        La rodada en moto en memoria de {fallen} va a pasar por {road} {day} en la mañana.
        Las banderas de {place} están a media asta por {fallen}, al que balearon en una parada de tránsito en {year}.
        Vi el documental del asalto al banco de {year} en el centro, qué fuerte estuvo.
        Ya dieron de alta al muchacho que apuñalaron en {road}, dice {police}.
        Me asaltaron con navaja afuera de {place} en {year}, tardé años en volver a caminar por ahí.
        Grabaron el nombre de {fallen} en el muro de los caidos junto a la alcaldia. Nunca lo olvidaremos.
        Atropellaron a un agente en {road} cuando un conductor iba huyendo, está grave según el reporte.
        {kin} trabajó {n} años en {police} y le dieron dos balazos en servicio. Sigue aquí, gracias a Dios.
"""), extra_slots=VIOLENCE_SLOTS)  # fmt: skip

FORCE_CRITICISM = Family(name="force_criticism", stays_up=True, labels=CLEAN_UNRATED, per_template=PER_TEMPLATE,
    description="Criticism of police shootings and use of force, however angry: aimed at conduct, no threat.",
    templates=_bilingual("""
        {officer} fired {n} rounds at a teenager holding a phone and {police} calls it justified?
        Tasing a grandmother at {place} is not policing, it's abuse, and {official} should say so.
        Deputies beat a handcuffed man on {road} and not one of them has been charged.
        They shot a man having a mental health crisis on {road}. Send counselors, not SWAT.
        Choking a kid over a broken taillight on {road}. {police} should be sued into the ground.
        {officer} shot a family's dog during a wrong-address raid on {street}. Disgusting.
        The bodycam shows {officer} firing into a moving car on {road}. Reckless, and somebody died.
        Why did it take {n} officers to tackle and tase one skinny 16-year-old at {place}?
        Excessive force is excessive force, I don't care how {official} spins it.
        {kin} got slammed face-first onto a patrol car at {place} for asking why he was stopped.
        {police} killed a man who had called 911 for help himself. Let that sink in.
        Pepper spraying protesters who were sitting on the ground at {place} was cowardly and cruel.
        Rubber bullets at point blank on {road}, a kid lost an eye, and {official} said nothing.
        A man died in a holding cell after officers piled on him, and {police} still won't release the video.
        Emptying a magazine into a stalled car on {road} is "following procedure"? Explain that, {official}.
        Police violence is real in this county, and pretending otherwise is how the next shooting happens.
    --- es
        El oficial {officer} le disparó {n} veces a un muchacho que traía un celular y {police} dice que fue justificado.
        Darle con el taser a una abuelita en {place} no es trabajo policial, es abuso, y {official} lo sabe.
        Los agentes golpearon a un hombre esposado en {road} y ni uno ha sido acusado.
        Balacearon a un señor que estaba en crisis mental en {road}. Manden consejeros, no rifles.
        Ahorcaron a un chamaco por una calavera rota en {road}. Que demanden a {police} hasta que no le quede ni un peso.
        El oficial {officer} mató al perro de una familia en un cateo a la casa equivocada en {street}. Qué asco.
        En el video de la cámara se ve al oficial {officer} disparándole a un carro en movimiento en {road}. Murió alguien.
        ¿Por qué se necesitaron {n} policías para tumbar y electrocutar a un chavo de 16 años en {place}?
        Uso excesivo de fuerza es uso excesivo de fuerza, no importa cómo lo quiera pintar {official}.
        A {kin} lo aventaron contra la patrulla en {place} nomás por preguntar por qué lo pararon.
        {police} mató a un hombre que él mismo había llamado al 911 pidiendo ayuda. Piénsenlo.
        Echarles gas pimienta a manifestantes sentados en el piso en {place} fue de cobardes.
        Balas de goma a quemarropa en {road}, un muchacho perdió un ojo y {official} ni dijo nada.
        Un hombre murió en una celda después de que varios oficiales se le echaron encima y {police} no suelta el video.
        ¿Vaciarle el cargador a un carro descompuesto en {road} es "seguir el protocolo"? Que lo explique {official}.
        La violencia policiaca en este condado es real, y hacerse de la vista gorda es como pasa la próxima balacera.
"""), extra_slots=VIOLENCE_SLOTS)  # fmt: skip

LAWFUL_PUNISHMENT = Family(name="lawful_punishment", stays_up=True, labels=CLEAN_UNRATED, per_template=PER_TEMPLATE,
    description="Demands for lawful punishment: prison, the death penalty, firing, prosecution, decertification.",
    templates=_bilingual("""
        The driver who ran down that kid on {road} deserves every day of a life sentence.
        Fire {officer}, take the badge, and let a jury decide the rest.
        Whoever pistol-whipped the clerk at {place} should spend the next {n} years in a cell.
        Hope the judge throws the book at the guy who fired at deputies on {road}.
        {n} years is not enough for what he did at {place}. Give him the maximum.
        Charge {officer} with manslaughter. No plea deal.
        An officer who beats a suspect should be fired and prosecuted like anybody else.
        Whoever killed that family on {road} deserves the death penalty, and I don't say that lightly.
        {official} should be removed from office and prosecuted for the cover-up.
        Indict {officer}. Grand jury, trial, sentence. That's what accountability looks like.
        The deputies who lied on the report about {place} need to be fired and charged with perjury.
        I want the man who shot {kin} in {year} to die in prison, not walk out on parole.
        Revoke his bond. Someone who stabbed a man at {place} shouldn't be out by {day}.
        The state should seek the harshest sentence the law allows for whoever hurt that baby on {street}.
        Decertify {officer} so he never works in law enforcement in New Mexico again.
        Put the carjacker from {road} away for good, {n} years at least.
    --- es
        El que atropelló a ese niño en {road} se merece cadena perpetua, cada día de ella.
        Que le quiten la placa al oficial {officer} y que un jurado decida lo demás.
        Al que le pegó con la pistola al cajero de {place} que le den {n} años de cárcel.
        Ojalá el juez le dé con todo al que le disparó a los agentes en {road}.
        {n} años no alcanzan para lo que hizo en {place}. Que le den la pena máxima.
        Que acusen al oficial {officer} de homicidio. Nada de acuerdos con la fiscalía.
        Un policía que golpea a un detenido debe ser despedido y procesado como cualquier otro.
        El que mató a esa familia en {road} merece la pena de muerte, y no lo digo a la ligera.
        Que destituyan a {official} y lo procesen por el encubrimiento.
        Que un gran jurado acuse al oficial {officer}. Juicio y sentencia, así se rinden cuentas.
        Los agentes que mintieron en el reporte de {place} tienen que ser despedidos y acusados de perjurio.
        Quiero que el que le disparó a {kin} en {year} se muera en la cárcel, sin libertad condicional.
        Que le revoquen la fianza, el que apuñaló a un hombre en {place} no debe salir {day}.
        Que el estado pida la sentencia mas dura que permita la ley para el que lastimo a ese bebe en {street}.
        Que le quiten la certificación al oficial {officer} para que nunca vuelva a ser policía en Nuevo México.
        Que encierren al robacarros de {road} por mucho tiempo, {n} años mínimo.
"""), extra_slots=VIOLENCE_SLOTS)  # fmt: skip

VIOLENCE_CONDEMNED = Family(name="violence_condemned", stays_up=True, labels=CLEAN_UNRATED, per_template=PER_TEMPLATE,
    description="Violence condemned or disowned: 'I would never', calls for calm, denouncing attacks on anyone.",
    templates=_bilingual("""
        Hurting officers is never the answer, no matter how angry you are at {inst}.
        I would never lay a hand on anyone. I just want answers about what happened on {road}.
        Whoever threw rocks at the patrol car on {road} isn't helping anybody. Violence fixes nothing.
        Please, nobody go to {place} looking for revenge. Let the courts do their job.
        Angry, yes. Violent, never. See you at the council meeting on {day}.
        Threatening {officer}'s family is disgusting, whatever you think of the arrest.
        No one should ever wish death on a cop, or on anybody, {user}.
        Shooting at deputies on {road} gets bystanders killed too. Stop it.
        I have zero intention of harming {officer} or anyone else. I want a lawyer and a hearing.
        Revenge won't bring {kin} back. Please keep the vigil at {place} peaceful.
        {user}, delete the comment saying cops should be shot. That's not who we are.
        I condemn the attack on the officer at {place}. Nobody deserves to be hurt like that.
        Don't answer violence with violence. March peacefully down {road} on {day}.
        A gun is not the answer to a bad arrest. Filing a complaint with {inst} is.
        I lost {kin} to a shooting in {year}. I don't want any family to go through that, cops' families included.
        Even after what they did to {kin}, I'd never hurt an officer. Justice, not payback.
    --- es
        Lastimar a los policías nunca es la solución, por más coraje que le tengas a {inst}.
        Yo jamás le pondría una mano encima a nadie. Nomás quiero respuestas de lo que pasó en {road}.
        El que le aventó piedras a la patrulla en {road} no ayuda a nadie. La violencia no arregla nada.
        Por favor, que nadie vaya a {place} buscando venganza. Dejen que los tribunales hagan su trabajo.
        Enojado sí, violento nunca. Nos vemos en la junta del cabildo {day}.
        Amenazar a la familia del oficial {officer} es asqueroso, pienses lo que pienses del arresto.
        Nadie debería desearle la muerte a un policía, ni a nadie, {user}.
        Dispararles a los agentes en {road} también mata a gente inocente. Ya basta.
        No tengo ninguna intención de hacerle daño al oficial {officer} ni a nadie. Quiero un abogado y una audiencia.
        La venganza no nos va a regresar a {kin}. Por favor que la vigilia en {place} sea en paz.
        {user}, borra el comentario que dice que hay que balacear policías. Así no somos aquí.
        Condeno el ataque contra el oficial en {place}. Nadie merece que lo lastimen así.
        No respondan a la violencia con más violencia. Marchemos en paz por {road} {day}.
        Las armas no son la respuesta a un mal arresto, la respuesta es poner una queja en {inst}.
        Perdí a {kin} en una balacera en {year}. No quiero que ninguna familia pase por eso, ni la de un policía.
        Aunque me duele lo que le hicieron a {kin}, no pienso lastimar a nadie. Justicia, no venganza.
"""), extra_slots=VIOLENCE_SLOTS)  # fmt: skip

HYPERBOLE = Family(name="hyperbole", stays_up=True, labels=CLEAN_UNRATED, per_template=PER_TEMPLATE,
    description="Idiom, exaggeration and banter with violent words: killing time, dying of laughter, joking among friends.",
    templates=_bilingual("""
        My boss is going to murder me if I'm late again because of {road}.
        This commute on {road} is slowly killing me.
        That {food} from {place} was so good I'd take a bullet for the cook.
        {name} lol I'll strangle you if you tell anyone about my karaoke at {place}.
        We got slaughtered by {team} last night, brutal.
        That chemistry final absolutely destroyed me, {name}.
        Dead tired after the {event} cleanup, going to bed.
        {name} you're killing me with these memes, I can't breathe lmao.
        My abuela is going to skin me alive if she finds out I skipped mass for {place} lol.
        The salsa at {place} is so hot it should be illegal, I nearly died.
        {name} if you eat my leftover {food} I swear I'll end you lmao.
        Shoot, I forgot the meeting at {place} was today.
        Knock 'em dead at the audition tomorrow, {name}!
        Gonna kill two birds with one stone and renew my plates at {place} on the way.
        My phone died right as the alert about {road} came through.
        {team} murdered us in the fourth quarter, I'm in shambles.
        This dust storm on {road} is trying to take me out, can't see a thing.
    --- es
        Mi jefa me va a matar si llego tarde otra vez por el tráfico de {road}.
        Ando que me muero de hambre, ¿qué taquería sigue abierta cerca de {place}?
        Mataría por {food} ahorita.
        {name} jajaja te voy a ahorcar si le cuentas a alguien lo del karaoke en {place}.
        Nos dieron una paliza {team} anoche, qué vergüenza.
        Ese examen final me destrozó, {name}.
        Quedé muerto después de limpiar todo lo de {event}.
        {name} me vas a matar con tus memes jajaja ya no puedo.
        Mi abuela me va a colgar si se entera que no fui a misa por andar en {place} jaja.
        La salsa de {place} está que mata, casi me muero jaja.
        {name} si te acabas {food} te mato jajaja.
        Vamos a matar dos pájaros de un tiro y pasamos a {place} de regreso.
        Se me murió el celular justo cuando llegó la alerta de {road}.
        Nomás ando matando el rato en {place} mientras me arreglan la troca.
        La cruda me está matando después de la boda en {place}, {name}.
        {team} nos masacraron en el último cuarto, ando destrozado.
        Casi me da un infarto cuando vi el precio de la gasolina en {place}.
"""), extra_slots=VIOLENCE_SLOTS)  # fmt: skip

VEILED_MENACE = Family(name="veiled_menace", stays_up=False, labels=L_MENACE, per_template=PER_TEMPLATE,
    description="Menace without a violent verb: warnings, wishes of harm, countdowns, 'watch your back'.",
    templates=_bilingual("""
        Hope you don't make it home from {road} tonight, {officer}.
        Accidents happen on {road} all the time, {officer}. Just saying.
        Tick tock, {officer}. Only {n} days left.
        Keep looking over your shoulder, {officer}. You'll want to.
        Something bad is coming for {inst}, and it's coming soon.
        You won't even see it coming, {officer}.
        What happened at {place} will be repaid, {officer}. Remember my face.
        If I were you I'd start saying goodbye to your family, {officer}.
        One of these nights someone will be waiting for you outside {place}, {officer}.
        Only a matter of time before one of you at {inst} gets what's coming.
        I hope someone puts {officer} in the hospital, and I hope it's soon.
        Circle {day} on your calendar, {officer}. You'll remember it.
        Be careful starting your car in the mornings, {officer}.
        The people you hurt have long memories and a lot of friends, {officer}.
        I've waited {n} years for this, {officer}. Almost time.
        Wouldn't want anything to happen to that {car} of yours, {officer}.
        Enjoy your weekend, {user}. Could be your last quiet one.
    --- es
        Ojalá no llegue a su casa esta noche, oficial {officer}.
        En {road} pasan accidentes todo el tiempo, oficial {officer}. Nomás digo.
        Tic tac, oficial {officer}. Quedan {n} días.
        Siga mirando para atrás, oficial {officer}, le conviene.
        Algo feo le viene a {inst}, y viene pronto.
        Ni lo va a ver venir, oficial {officer}.
        Lo de {place} se va a cobrar, oficial {officer}. Acuérdese de mi cara.
        Yo que usted ya me iba despidiendo de su familia, oficial {officer}.
        Una de estas noches alguien lo va a estar esperando afuera de {place}, oficial {officer}.
        Nomás es cuestión de tiempo para que a uno de {inst} le toque lo suyo.
        Ojalá alguien mande al oficial {officer} al hospital, y que sea pronto.
        Apunte {day} en su calendario, oficial {officer}. Se va a acordar.
        Tenga cuidado cuando prenda su carro en las mañanas, oficial {officer}.
        La gente que usted lastimó tiene buena memoria y muchos amigos, oficial {officer}.
        Llevo {n} años esperando esto, oficial {officer}. Ya casi.
        No vaya a ser que le pase algo a su {car}, oficial {officer}.
        Disfruta tu fin de semana, {user}. A lo mejor es el último tranquilo.
"""), extra_slots=VIOLENCE_SLOTS)  # fmt: skip

# Knowing where someone is, is the threat: no harm is named, so insult and severity stay unknown.
STALKING_MENACE = Family(name="stalking_menace", stays_up=False, labels=L_MENACE, per_template=PER_TEMPLATE,
    description="Letting an officer or commenter know they are watched: home, car, children, schedule, workplace.",
    templates=_bilingual("""
        {officer}, your {car} was parked outside {place} again last night. We noticed.
        Watched you drop the kids off at {school} this morning, {officer}.
        {officer} clocks out at {time} and takes {road} home. Good to know.
        Your wife does her shopping at {place} every {day}, doesn't she, {officer}?
        Nice porch on {street}, {officer}. The one with the swing.
        Got pictures of {officer}'s house on {street}. Address going up soon.
        {officer}'s daughter has practice at {school} on {day}s. Everybody knows.
        Followed that {car} home from the station. {officer} never checks his mirrors.
        I know your schedule better than your sergeant does, {officer}.
        {user} you walk your dog past {place} at {time} every morning. See you there.
        Here's where {officer} lives: {street}, the {car} in the driveway. Do what you want with that.
        Your son plays Little League at {place}, right {officer}? Cute kid.
        Sat two tables over from you at {place} on {day}, {officer}. You never looked up.
        {user} found your work. {place}, second shift, right?
        {officer} lives by the park off {street} and drives a {car}. Just sharing.
        We know what time your kid gets off the bus on {street}, {officer}.
    --- es
        Oficial {officer}, anoche otra vez vimos su {car} afuera de {place}.
        Lo vi dejando a sus hijos en {school} esta mañana, oficial {officer}.
        El oficial {officer} sale a {time} y se va por {road} a su casa. Bueno saberlo.
        Su esposa va al mandado a {place} {day}, ¿verdad oficial {officer}?
        Qué bonito porche en {street}, oficial {officer}. El de la mecedora.
        Ya tenemos fotos de la casa del oficial {officer} en {street}. Al rato subimos la dirección.
        La hija del oficial {officer} tiene práctica en {school} {day}. Todo mundo sabe.
        Seguimos su {car} desde la comandancia hasta su casa. El oficial {officer} ni se fija en el espejo.
        Me sé su horario mejor que su sargento, oficial {officer}.
        {user} sacas a tu perro por {place} a {time} todas las mañanas. Ahí nos vemos.
        Aquí vive el oficial {officer}: en {street}, con su {car} en la cochera. Hagan lo que quieran.
        Su hijo juega béisbol en {place}, ¿verdad oficial {officer}? Qué bonito niño.
        Estuve sentado a dos mesas de usted en {place} {day}, oficial {officer}. Ni levantó la vista.
        {user} ya supe dónde trabajas. {place}, segundo turno, ¿verdad?
        El oficial {officer} vive por el parque de {street} y trae su {car}. Nomás para que sepan.
        Sabemos a qué hora se baja su hijo del camión en {street}, oficial {officer}.
"""), extra_slots=VIOLENCE_SLOTS)  # fmt: skip

CONDITIONAL_THREAT = Family(name="conditional_threat", stays_up=False, labels=L_MENACE, per_template=PER_TEMPLATE,
    description="Threats on a condition: 'if you ... again, I'll ...', aimed at officers, officials and commenters.",
    templates=_bilingual("""
        Pull me over on {road} one more time and I'll put you in the ground, {officer}.
        Lay a finger on {kin} at the next stop and your jaw gets broken, {officer}. Promise.
        Come near my house on {street} again and you'll leave in an ambulance.
        If {police} raids my block again, somebody is getting shot.
        Next time you show up at {place}, {officer}, I'm bringing my gun.
        {user} say that one more time and I'll find you and beat you senseless.
        If they don't release the footage by {day}, we burn {inst} to the ground.
        If {officer} testifies against {kin}, he won't live to see the verdict.
        Keep patrolling my street and one of you is going home in a bag, {officer}.
        One more arrest on {street} and I start shooting at patrol cars.
        Show your face at {place} again and I'll stab you, {officer}.
        If {kin} isn't home by tonight, {officer} won't make it home either.
        You ever cuff my son again, I'll choke you with your own belt, {officer}.
        {user} post my picture one more time and I'll smash your face in.
        If I see {officer} at {place} on {day}, I'm running him over.
        Tow my {car} again and I'll torch your house, {officer}.
    --- es
        Párame otra vez en {road} y te entierro, oficial {officer}.
        Ponle un dedo encima a {kin} en la próxima parada y te rompo la quijada, oficial {officer}.
        Acércate otra vez a mi casa en {street} y sales en ambulancia.
        Si {police} vuelve a catear mi cuadra, alguien va a salir baleado.
        La próxima vez que te aparezcas en {place}, oficial {officer}, llevo la pistola.
        {user} repite eso y te busco y te madreo.
        Si no sueltan el video para {day}, le prendemos fuego a {inst}.
        Si el oficial {officer} declara contra {kin}, no va a llegar vivo a la sentencia.
        Sigan patrullando mi calle y uno de ustedes va a salir en bolsa, oficial {officer}.
        Un arresto más en {street} y empiezo a balacear patrullas.
        Vuelve a aparecerte en {place} y te pico, oficial {officer}.
        Si {kin} no llega a la casa hoy, el oficial {officer} tampoco llega a la suya.
        Si le vuelves a poner las esposas a mi hijo, te ahorco con tu propio cinturón, oficial {officer}.
        {user} vuelve a subir mi foto y te parto la cara.
        Si veo al oficial {officer} en {place} {day}, lo atropello.
        Vuelvan a llevarse mi {car} con la grúa y le quemo la casa, oficial {officer}.
"""), extra_slots=VIOLENCE_SLOTS)  # fmt: skip

EVERYDAY_SCHEDULES = Family(name="everyday_schedules", stays_up=True, labels=CLEAN_UNRATED, per_template=PER_TEMPLATE,
    description="Announcements, times, places and plans with the menace families' slots: a day, a car or a name is no threat.",
    templates=_bilingual("""
        The National Night Out starts at 10am on {day}, parking is behind {place}.
        Is {road} going to be closed for the car show on {day}?
        What time does the Veterans Day parade start? We want to bring the kids.
        See you all at {place} on {day}, we're bringing tamales.
        Fireworks start at 9 tonight, stay safe everyone.
        Reminder: the toy drive is this {day} at {place}, drop off by noon.
        {officer} will be at {place} on {day} to talk to the neighborhood watch.
        Thank you {officer} for helping me jump my {car} on {road} this morning.
        The parade goes down {road} at noon, plan another route.
        We'll be waiting for you at the movie night, {officer}, the kids made a sign.
        Only {n} days left until the career fair, can't wait.
        Circle {day} on your calendar: free car seat checks at {place}.
        My {kin} gets home from the base on {day}, first time in {n} years.
        {user} the meeting at {place} got moved to {day} at 6.
        Anyone know if {place} is open on {day}? Need to renew my plates.
        Heads up, {road} is backed up all the way past {place} right now.
        Big thanks to {inst} for the safety talk at my kid's school.
    --- es
        El trunk-or-treat empieza a las 10 {day}, hay estacionamiento atrás de {place}.
        ¿Van a cerrar {road} por el café con un policía d{day}?
        ¿A qué hora empieza la carrera de 5K? Queremos llevar a los niños.
        Nos vemos en {place} {day}, vamos a llevar tamales.
        Los cohetes empiezan a las 9 esta noche, cuídense todos.
        Recuerden que la colecta de juguetes es {day} en {place}, antes del mediodía.
        El oficial {officer} va a estar en {place} {day} para platicar con los vecinos.
        Gracias oficial {officer} por ayudarme a pasar corriente a mi {car} en {road} hoy.
        El desfile pasa por {road} al mediodía, busquen otra ruta.
        Lo esperamos en la feria de regreso a clases, oficial {officer}, los niños le hicieron un cartel.
        Faltan {n} días para el desfile navideño, qué emoción.
        Apunten {day}: revisión gratis de sillas para el carro en {place}.
        Mi {kin} llega de la base {day}, después de {n} años.
        {user} la junta en {place} se cambió {day} a las 6.
        ¿Alguien sabe si {place} abre {day}? Tengo que renovar las placas.
        Aguas, {road} está parado hasta pasando {place} ahorita.
        Muchas gracias a {inst} por la plática de seguridad en la escuela de mi hijo.
"""), extra_slots=VIOLENCE_SLOTS)  # fmt: skip

VIOLENCE_FAMILIES: tuple[Family, ...] = (
    VIOLENCE_REPORTED, FORCE_CRITICISM, LAWFUL_PUNISHMENT, VIOLENCE_CONDEMNED, HYPERBOLE, EVERYDAY_SCHEDULES,
    VEILED_MENACE, STALKING_MENACE, CONDITIONAL_THREAT,
)  # fmt: skip


def generate_violence(seed: int = DEFAULT_SEED) -> list[FamilyExample]:
    """These families alone, both languages, no variants; deterministic, no text (folded) in both splits."""
    drafts = [d for fam in VIOLENCE_FAMILIES for lang in LANGS for d in _expand(fam, lang, seed)]
    return keep_first(
        [
            FamilyExample(
                text=d.text, labels=dict(d.family.labels), family=d.family.name, lang=d.lang, split=d.split
            )
            for d in drafts
        ]
    )
