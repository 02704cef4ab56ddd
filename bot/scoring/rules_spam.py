"""Spam: links, money offers and scam bait, commercial solicitation, contact-me and sale offers, repeated text;
combined as independent cues into one spam score (a human reviews anything below the hide level)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.scoring.normalize import Normalized
from bot.scoring.rule_kit import OFFICIAL_DOMAINS, PHONE_RX, SELF_CONTACT
from bot.scoring.rule_kit import add as _add
from bot.scoring.rule_kit import official_phone as _official_phone
from bot.scoring.rule_kit import rx as _rx

if TYPE_CHECKING:
    from bot.scoring.rules import RuleResult

_TLDS = (
    r"(?:com|net|org|xyz|io|ly|me|info|biz|top|club|site|online|shop|store|app|live|vip|co|gov|us|link|click)"
)
URL_RX = _rx(rf"(?:https?://|www\.)[^\s]+|\b[a-z0-9\-]+\.{_TLDS}(?:/[^\s]*)?\b")
# Links written to slip past a filter: "bit . ly / x", "deals dot com", "shades[dot]store", "w w w", "h t t p s : / /".
# A bare dot joins only when spaced before it ("bit . ly", "bit .ly"): "those links. Info at ..." is a sentence.
_SPACED_DOT = _rx(
    rf"(?:\s+\.\s*|\s*(?:\[\.\]|\(\.\)|\(dot\)|\[dot\]|\(punto\)|\[punto\]|\bdot\b|\bpunto\b)\s*)({_TLDS})\b"
)
_SPACED_SLASH = _rx(rf"(\.{_TLDS}) ?/ ?")
_SPELLED_SCHEME = _rx(r"\bh ?t ?t ?p ?(s?) ?: ?/ ?/ ?|\bw w w\b ?\.? ?")
# A price or a discount together with the push to buy now: an advert ("$19.99 solo hoy", "70% de descuento, compra ya").
_PRICE = r"(?:\$ ?\d+|\d+ ?(?:dolares|dlls|dls|dollars|bucks|usd)\b|\d+ ?% ?(?:off|de descuento|descuento))"
_PUSH = (
    r"(?:solo hoy|today only|hoy nada mas|nomas hoy|this week only|esta semana nada mas|limited time|tiempo limitado|"
    r"while supplies last|hasta agotar|envio gratis|free shipping|order now|ordena ya|pidelos?|compra ya|shop now|"
    r"use code|usa el codigo|codigo de descuento|originales|big sale|gran venta|liquidacion|clearance)"
)
PRICE = _rx(_PRICE)
DEAL = _rx(
    rf"{_PRICE}(?: \S+){{0,8}} {_PUSH}|{_PUSH}(?: \S+){{0,8}} {_PRICE}|\b(?:big sale|gran venta|oferta)(?: \S+){{0,6}} {_PUSH}"
)


_SPACED_AT = _rx(rf"(\w) ?@ ?([a-z0-9\-]+\.{_TLDS})\b")


def _join_spelled(plain: str) -> str:
    """Runs of four or more single characters joined back: "r e c o v e r 9 1 @ g m a i l" -> "recover91@gmail"."""
    out: list[str] = []
    run: list[str] = []
    for piece in plain.split(" "):
        if len(piece) == 1 and (piece.isalnum() or piece in "@."):
            run.append(piece)
            continue
        out.extend(["".join(run)] if len(run) >= 4 else run)
        run = []
        out.append(piece)
    out.extend(["".join(run)] if len(run) >= 4 else run)
    return " ".join(out)


def _official_link(url: str) -> bool:
    """The department's and the city's own sites, by host: "regalos-lcpd.com" and "bit.ly/xmas-lcpd" only borrow
    the name (a fake giveaway in the department's name is a common scam on police pages), and so does a host
    that only begins with it ("lcpd.shop"): only the listed domains and their subdomains are official."""
    host = url.split("://", 1)[-1].split("/", 1)[0].removeprefix("www.")
    return any(
        host == d.strip(".") or host.endswith(d if d.startswith(".") else "." + d) for d in OFFICIAL_DOMAINS
    )


def unmasked_links(plain: str) -> str:
    """`plain` with spaced, bracketed and spelled-out links and addresses joined back ("bit . ly / x" ->
    "bit.ly/x", "help77 @ gmail . com" -> "help77@gmail.com")."""
    joined = _SPELLED_SCHEME.sub(lambda m: f"http{m.group(1)}://" if m.group(0)[0] == "h" else "www.", plain)
    joined = _join_spelled(joined)
    joined = _SPACED_DOT.sub(r".\1", joined)
    joined = _SPACED_AT.sub(r"\1@\2", joined)
    return _SPACED_SLASH.sub(r"\1/", joined)


# What a link is there for: to be downloaded, installed or signed up to ("descarga gratis la app en ...").
LINK_PUSH = _rx(
    r"\b(?:descarga|descargue|descargar|descargala|download|install|instala|instalar|installs|sign up|signup|registrate|"
    r"registrese|inscribete|suscribete|subscribe)\b"
)
# A stranger's testimonial for a "recovery" service: the second scam a scam victim meets in the comments.
RECOVERY_TESTIMONIAL = _rx(
    r"\b(?:got (?:my|mine|all my|it all|our) (?:\w+ )?back|got mine back|recovered (?:my|all my|our) (?:money|funds|account|crypto|bitcoin)|"
    r"recupere (?:mi|todo mi) (?:dinero|cuenta)|me ayudo a recuperar|me (?:regresaron|devolvieron) (?:mi|todo mi) dinero|"
    r"highly recommend|se los recomiendo|se las recomiendo|les recomiendo|100 recommend)\b"
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
# Papers, licences and records "fixed" for a fee ("licencia sin examen 100% garantizado", "record expunged in 48hrs,
# guaranteed", "quitamos multas sin ir a corte"): a scam offer, never a question about how to get them.
DOCUMENT_FIX = _rx(
    r"\b(?:licencias?|licenses?|licences?|papeles|green cards?|documentos|records?|expunge\w*|multas|tickets|puntos|points|"
    r"credit scores?|credito|dwi|dui)(?:\W+\w+){0,6}\W+(?:sin examen|sin exam|no test|without (?:a |the )?test|sin ir a corte|"
    r"without (?:going to )?court|no court|garantizad\w*|guarantee\w*|100 ?% ?(?:legal|garantizado|seguro|guaranteed|real)|in \d+ ?(?:hrs|hours|days)|en \d+ ?(?:horas|dias)|"
    r"same day|mismo dia|rapido y seguro)"
    r"|\b(?:quitamos|borramos|limpiamos|arreglamos|sacamos|tramitamos|we remove|we erase|we clear|we fix|we get) (?:\w+ ){0,3}"
    r"(?:multas|puntos|records?|antecedentes|licencias?|papeles|tickets|points|dwi|dui|credit)\b"
)
# A prize to "claim here" with a link, and a notice that "your page has been reported ... verify your account":
# the lure of a fake giveaway (often in the department's own name) and of account phishing.
CLAIM_HERE = _rx(
    r"\b(?:claim|reclama|reclame|reclamar|redeem|canjea|cobra) (?:it |yours |the |tu |su |el )?(?:here|aqui|now|ahora|ya|today|hoy)\b"
    r"|\b(?:free|gratis) (?:\w+ ){0,2}(?:gift ?cards?|tarjetas? de regalo)\b"
    # "fill in your details here": a link that asks for personal data
    r"|\b(?:llena|llene|llenen|completa|complete|fill (?:in|out)|enter|submit) (?:tus|sus|your) (?:datos|informacion|info|details)\b"
)
ACCOUNT_PHISH = _rx(
    r"\b(?:your|tu|su) (?:facebook |fb |instagram |ig )?(?:page|account|cuenta|pagina|perfil) (?:has been|was|will be|ha sido|"
    r"sera|fue|va a ser) (?:\w+ ){0,2}(?:reported|flagged|disabled|suspended|deleted|restricted|removed|locked|reportada|"
    r"suspendida|eliminada|desactivada|bloqueada|cerrada)"
    r"|\b(?:verify|confirm|verifica|confirma|valida) (?:your|tu|su) (?:account|identity|page|cuenta|identidad|pagina)\b"
    # a fine or warrant to pay through a link: "unpaid traffic fine ... pay within 24h to avoid arrest"
    r"|\b(?:unpaid|outstanding|overdue|pending) (?:\w+ )?(?:fines?|tickets?|citations?|tolls?|warrants?) (?:detected|found|"
    r"registered|on (?:your|tu|su))\b"
    r"|\b(?:your|you have (?:an? )?|tiene (?:una? )?|tienes (?:una? )?|su |tu )(?:unpaid|outstanding|overdue|pending) (?:\w+ )?"
    r"(?:fines?|tickets?|citations?|tolls?|warrants?)\b"
    r"|\b(?:tiene|tienes|su|tu) (?:una? )?(?:multas?|infracciones?|infraccion) (?:\w+ )?(?:pendientes?|sin pagar|vencidas?)\b"
    r"|\b(?:to avoid|avoid|evitar|evite|para evitar) (?:an |a |the |su |una |la )?(?:arrest|warrant|arresto|orden de arresto|detencion)\b"
)
DATING_BAIT = _rx(
    r"\b(?:hot|sexy|lonely|horny|naughty|single|local|beautiful|chicas|mujeres) (?:\w+ )?(?:singles|girls|women|moms|milfs|"
    r"ladies|babes|chicks|solteras|calientes|guapas|sexys)(?: \w+){0,8} (?:want|wants|wanna|looking|waiting|near you|"
    r"in your area|to meet|to chat|to hook up|tonight|quieren|buscan|cerca de ti|esta noche)\b"
    r"|\b(?:meet|find|date|hook up with|chat with) (?:hot|sexy|lonely|horny|local|naughty) (?:\w+ )?(?:singles|girls|women|moms|"
    r"milfs|ladies)\b|\b(?:hookup|hook up|sex|casual dating) tonight\b"
)


def detect_spam(norm: Normalized, text: str, result: RuleResult) -> None:
    parts: list[tuple[float, str]] = []
    bait = PRIZE_BAIT.search(text) or DATING_BAIT.search(text)
    if bait:
        parts.append((0.6, f"scam bait: {bait.group(0)}"))
    fix = DOCUMENT_FIX.search(text)
    if fix and not bait:
        parts.append((0.5, f"scam bait: papers fixed {fix.group(0)}"))
    links = unmasked_links(norm.plain)
    link = next((m for m in URL_RX.finditer(links) if not _official_link(m.group(0))), None)
    if link:
        parts.append((0.35, f"link {link.group(0)}"))
        lure = (CLAIM_HERE.search(text) if not bait else None) or ACCOUNT_PHISH.search(text)
        if lure:
            parts.append((0.6, f"scam bait: {lure.group(0)}"))
        push = LINK_PUSH.search(text)
        if push:
            parts.append((0.45, f"link to {push.group(0)}"))
        testimonial = RECOVERY_TESTIMONIAL.search(text)
        if testimonial:
            parts.append((0.45, f"recovery testimonial: {testimonial.group(0)}"))
    # A price with a link to buy, or a buy-now deal with a private channel, is an advert; a price alone is talk.
    deal = DEAL.search(text) or (PRICE.search(text) if link else None)
    if deal and (link or PRIVATE_CHANNEL.search(text)):
        parts.append((0.45, f"advert: {deal.group(0)}"))
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
        and (MONEY_OFFER.search(text) or URL_RX.search(links) or commercial)
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
