"""Reproducible training of the bundled toxicity model from the labeled data in shared/data."""

from __future__ import annotations

import csv
import itertools
import json
import os
import re
import time
import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from bot.scoring.encoder import DIM, EmbeddingCache, SentenceEncoder, encoder_version
from bot.scoring.families import ATTRIBUTES as FAMILY_ATTRIBUTES
from bot.scoring.features import FEATURE_VERSION, FeatureSpec, featurize, normalize_comment
from bot.scoring.model import (
    CONTEXT_INPUTS,
    MODEL_FORMAT,
    context_matrix,
    load_model_file,
    mlp_logits,
    save_artifact,
)

# The six language heads, then two heads only the hand-written police-page comments label (bot/scoring/corpus.py):
# whether a comment reports a crime, or an emergency happening now, to the page instead of to dispatch.
LANGUAGE_ATTRIBUTES: tuple[str, ...] = FAMILY_ATTRIBUTES
REPORT_ATTRIBUTES: tuple[str, ...] = ("report_crime", "report_emergency")
ATTRIBUTES: tuple[str, ...] = LANGUAGE_ATTRIBUTES + REPORT_ATTRIBUTES
NA = np.nan  # masked: this source does not label this attribute
SEED = 158  # General Order 158; any fixed value works, it just must not change between runs
DEFAULT_C = 4.0
# Davidson sampled tweets by offensive keywords, so 77% are "offensive"; at full weight that one source
# sets the model's prior and plain comments start out looking toxic. Its offensive rows count 0.3 each.
DAVIDSON_OFFENSIVE_WEIGHT = 0.3
# Generated neutral sentences (identity mentions, civic comments) are few next to ~60k tweets.
AUGMENT_WEIGHT = 3.0
# Each generated family example stands for a behaviour the tweets barely show (counter-speech, Spanish,
# menace worded as a warning); a little extra weight keeps a few thousand of them from drowning in 60k tweets.
FAMILY_WEIGHT = 2.0
# Hand-written police-page comments (bot/scoring/corpus.py) are the only training text shaped like what the
# daemon reads; a couple of thousand of them beside ~60k tweets need weight to be heard.
CORPUS_WEIGHT = 4.0
# The embedding block is 512 dense unit-length dimensions beside two L2-normalised sparse n-gram blocks; under
# one shared L2 penalty the sparse blocks would memorise surface words first. Scaling a block up lowers its
# effective penalty; these were chosen on the validation split (model card, "Training").
EMBED_SCALE = 3.0
# Hidden units of the small per-head MLP over [embedding, context] whose logit is added to the linear head's:
# it reads interactions a linear head cannot (a violent verb in a past-tense report, a group word under
# negation). Measured on the behaviour sets: threat AUC 0.909 -> 0.931, identity attack 0.935 -> 0.959.
MLP_HIDDEN = 128
CONTEXT_SCALE = 1.0


@dataclass(kw_only=True)
class Example:
    text: str
    labels: dict[str, float]
    source: str
    split: str  # "train" | "val"
    weight: float = 1.0


@dataclass(kw_only=True)
class TrainingReport:
    counts: dict[str, Any] = field(default_factory=dict)
    metrics: dict[str, Any] = field(default_factory=dict)
    bias: dict[str, Any] = field(default_factory=dict)
    seconds: float = 0.0


def _labels(**given: float) -> dict[str, float]:
    return {a: float(given[a]) if a in given else NA for a in ATTRIBUTES}


# ---------------------------------------------------------------------------------------------------
# Source data: each source is mapped only onto the attributes it actually labels; the rest stay NA.


def _split_rng(n: int, frac: float, seed: int) -> np.ndarray:
    """Boolean mask of validation rows for sources without an official validation split."""
    rng = np.random.default_rng(seed)
    mask = np.zeros(n, dtype=bool)
    mask[rng.permutation(n)[: int(round(n * frac))]] = True
    return mask


def load_davidson(data_dir: Path, seed: int) -> list[Example]:
    with open(data_dir / "davidson" / "labeled_data.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    val = _split_rng(len(rows), 0.1, seed)
    out = []
    for row, is_val in zip(rows, val, strict=True):
        cls = int(row["class"])
        if cls == 0:  # hate speech: an identity attack, insulting, toxic; "severe" per Jigsaw's sense
            labels = _labels(toxicity=1, severe_toxicity=1, insult=1, identity_attack=1)
        elif cls == 1:  # offensive language (mostly slurs/derogatory address at a person), not hate
            labels = _labels(toxicity=1, severe_toxicity=0, insult=1, identity_attack=0)
        else:  # neither offensive nor hateful: safe negative for every attribute
            labels = _labels(toxicity=0, severe_toxicity=0, insult=0, identity_attack=0, threat=0)
        weight = DAVIDSON_OFFENSIVE_WEIGHT if cls == 1 else 1.0
        out.append(
            Example(
                text=row["tweet"],
                labels=labels,
                source="davidson",
                split="val" if is_val else "train",
                weight=weight,
            )
        )
    return out


def load_tweeteval(data_dir: Path, task: str) -> list[Example]:
    out = []
    for split in ("train", "val"):
        base = data_dir / "tweeteval" / task
        texts = (base / f"{split}_text.txt").read_text(encoding="utf-8").splitlines()
        labels = (base / f"{split}_labels.txt").read_text(encoding="utf-8").split()
        if len(texts) != len(labels):
            raise ValueError(f"tweeteval/{task}/{split}: {len(texts)} texts but {len(labels)} labels")
        for text, lab in zip(texts, labels, strict=True):
            y = int(lab)
            if task == "hate":
                # HatEval "not hate" tweets may still be offensive, so HatEval labels identity_attack
                # only: positives without matching negatives would teach "immigration topic = toxic".
                lab_map = _labels(identity_attack=y)
            else:
                # OLID offensive: ~88% targeted (insults/threats), the rest untargeted profanity.
                lab_map = _labels(toxicity=1, insult=1) if y else _labels(toxicity=0, insult=0, threat=0)
                if not y:
                    lab_map["severe_toxicity"] = 0.0
            out.append(Example(text=text, labels=lab_map, source=f"tweeteval_{task}", split=split))
    return out


def load_threatgram(data_dir: Path, seed: int) -> list[Example]:
    rows = json.loads((data_dir / "threatgram" / "labeled_15076.json").read_text(encoding="utf-8"))
    val = _split_rng(len(rows), 0.1, seed + 1)
    out = []
    for row, is_val in zip(rows, val, strict=True):
        y = int(row["Label"])
        # Only attributes with both classes in this source: "toxicity" positives alone would teach
        # the model that this source's vocabulary ("hospital", "senate") is toxic.
        # 2 is a violent threat or wish of violence; 1 (calls for prosecution/jail) is not violent.
        labels = _labels(threat=int(y == 2), severe_toxicity=int(y == 2))
        out.append(
            Example(
                text=str(row["reply"]), labels=labels, source="threatgram", split="val" if is_val else "train"
            )
        )
    return out


# ---------------------------------------------------------------------------------------------------
# Generated augmentation. Kept small and plain; the model card states what it is for.

IDENTITY_TERMS_TRAIN = (
    "gay", "lesbian", "transgender", "trans", "bisexual", "muslim", "jewish", "christian", "catholic",
    "hindu", "buddhist", "atheist", "black", "white", "asian", "latino", "latina", "mexican", "hispanic",
    "native american", "immigrant", "refugee", "african american", "arab", "chinese", "disabled", "deaf",
    "blind", "feminist", "female", "male", "old", "young", "indian", "korean", "mormon", "nonbinary",
)  # fmt: skip
# Held out of training entirely so the bias measure also checks unseen terms.
IDENTITY_TERMS_HELD_OUT = ("queer", "sikh", "somali", "vietnamese", "puerto rican", "pagan", "autistic")
IDENTITY_TEMPLATES_TRAIN = (
    "i am a proud {id} person",
    "i am a proud {id} man",
    "i am a proud {id} woman",
    "my {id} neighbors brought us food",
    "our {id} friends came over for dinner",
    "the {id} community center is hosting a vigil tonight",
    "as a {id} parent i want safer streets",
    "{id} people live and work in las cruces",
    "we celebrated the holiday with our {id} coworkers",
    "thank you officers for protecting {id} families too",
)
IDENTITY_TEMPLATES_EVAL = (
    "my coworker is {id}",
    "i grew up in a {id} family",
    "{id} folks volunteer at the food bank every week",
    "being {id} is part of who i am",
    "our new neighbor is {id} and very kind",
    "the {id} student won the science fair",
)
IDENTITY_TERMS_ES = (
    "gay", "lesbiana", "trans", "musulmana", "judia", "catolica", "negra", "indigena", "mexicana",
    "latina", "inmigrante", "refugiada", "asiatica", "evangelica",
)  # fmt: skip
IDENTITY_TEMPLATES_ES = (
    "soy {id} y orgullosa",
    "mis vecinas {id} nos trajeron comida",
    "mi familia es {id} y vivimos en las cruces",
    "gracias oficiales por cuidar a las familias {id}",
)
# Spanish offensive/threatening lines so the model is not blind to the commonest Spanish forms.
SPANISH_INSULTS = (
    "eres un idiota", "callate imbecil", "que estupido eres", "eres una basura de persona",
    "pinche pendejo", "vete a la mierda", "eres un pendejo", "hijo de puta", "maldito cabron",
    "que asco de persona eres", "eres una idiota y una inutil", "cierra la boca estupida",
)  # fmt: skip
SPANISH_THREATS = (
    "te voy a matar", "te vamos a matar", "voy a quemar tu casa", "te voy a pegar un tiro",
    "se donde vives y voy a ir por ti", "te vamos a encontrar y te vas a arrepentir",
    "ojala te maten", "merecen una bala en la cabeza", "vamos a quemar la comisaria",
    "te voy a romper la cara",
)  # fmt: skip
SPANISH_NEUTRAL = (
    "la policia debe rendir cuentas", "exigimos justicia para la familia", "gracias por la informacion",
    "a que hora abre la oficina", "hubo un accidente en la calle principal", "buen trabajo oficiales",
    "la policia es corrupta y lo sabemos todos", "quiero presentar una queja formal",
    "deberian despedir al jefe de policia", "el alcalde tiene que renunciar",
)  # fmt: skip
# Harsh criticism of police is protected speech: it must not read as a threat or an identity attack.
POLICE_CRITICISM = (
    "these pigs are corrupt", "defund the police", "acab", "the sheriff should be fired",
    "i will sue the department", "we will vote you out", "that officer should go to jail for this",
    "cops lie all the time", "fuck the police", "the chief is a coward and a liar",
    "this department is a disgrace", "release the bodycam footage", "oink oink pigs",
    "you people are a gang with badges", "abolish the police", "prosecute the officers who did this",
)  # fmt: skip
THREATS_EN = (
    "i am going to shoot {t}", "{t} deserves a bullet", "i will kill {t}", "someone should shoot {t}",
    "i know where {t} lives and i am coming", "we will burn down {p}", "i hope {t} gets killed",
    "going to put a bullet in {t}", "i will blow up {p}", "watch your back {t} we are coming for you",
)  # fmt: skip
THREAT_TARGETS = (
    "you",
    "that officer",
    "the chief",
    "the sheriff",
    "every cop",
    "the mayor",
    "officer smith",
)
THREAT_PLACES = ("the station", "the police station", "city hall", "the courthouse")
# Implicit threats as they are worded on police pages: menace without a violent verb. Composed from frames and
# targets so that the model learns the frame, not one sentence. None of these lines appears in the test sets.
IMPLICIT_THREATS_EN = (
    "something bad is going to happen to {t} real soon", "dont be surprised if something happens to {t}",
    "keep it up and we will see what happens to {t}", "{t} is not going to make it home one of these nights",
    "{t} is gonna end up in a ditch somewhere", "they will find {t} in the desert someday",
    "nobody will recognize {t} after we are done", "i know what car {t} drives and where it sleeps",
    "i know which gym {t} goes to every morning", "{t} better pray we never meet off duty",
    "lets see how brave {t} is without the badge and the gun", "{t} will pay for this personally not in court",
    "got one round with the name of {t} on it", "better order some body bags for {t}",
    "i would hate for {t} to have an accident on the way home", "{t} should be careful in dark parking lots",
    "we will take care of {t} ourselves since nobody else will", "{t} has until friday or else",
    "{t} shot my dog so i will return the favor", "i have a rifle and lots of patience for {t}",
    "its only a matter of time for {t}", "{t} is living on borrowed time",
)  # fmt: skip
IMPLICIT_TARGETS = (
    "you",
    "that officer",
    "the chief",
    "officer lopez",
    "that deputy",
    "your family",
    "every cop",
)
IMPLICIT_PLACE_THREATS = (
    "{p} would burn real nice", "gasoline is cheap and {p} is old wood", "{p} deserves a molotov",
    "{p} is going up in flames one night", "someone should leave a package at {p} that goes boom",
)  # fmt: skip
IMPLICIT_THREATS_ES = (
    "ya sabemos donde duerme {e}", "{e} no va a llegar a su casa un dia de estos", "{e} va a pagar caro",
    "a ver si {e} es tan valiente sin la placa", "ya tenemos ubicado a {e}", "a {e} le va a llegar su hora",
)  # fmt: skip
IMPLICIT_TARGETS_ES = ("ese oficial", "el jefe", "ese puerco", "el agente ramirez")
# Violent words used as figures of speech, harsh but lawful criticism, and news about violence: not threats.
FIGURATIVE_AND_CRITICAL = (
    "shoot us a text when the road reopens", "shoot me an email about the fundraiser", "im dying this video",
    "im dead skull skull this is hilarious", "that officer killed it at the parade", "yall are killing it",
    "my wife is going to kill me for being late", "my boss will murder me if i miss another shift",
    "the commute on the interstate is murder", "those enchiladas were to die for", "i bombed my exam lol",
    "this humidity is going to kill someone check on the elderly", "my notifications are blowing up",
    "you will pay for this at the ballot box", "you will answer for this in court", "see you at the hearing",
    "voters will remember this in november", "the city is going to pay millions in settlements",
    "karma always comes around for crooked cops", "i hope he loses his badge and his pension",
    "i dont want him hurt i want him prosecuted", "no one wants violence we want accountability",
    "the man who stabbed the clerk got twenty years", "i hope they catch whoever shot that teenager",
    "is the bomb threat at the school real", "how many more shootings will it take",
    "prayers that every officer gets home safe", "stay safe out there tonight deputies",
    "the officers who killed him belong in prison", "we will be at the council meeting to demand answers",
    "the chief will get what he deserves at the election", "pigs gonna pig", "cops cant be trusted",
    "te vas a arrepentir de votar por el", "ojala que corran al jefe", "que descanse en paz el oficial",
)  # fmt: skip
# Ordinary comments in the deployment domain (a police page): the tweet sources have few of these,
# and without them short, plain questions inherit the offensive-heavy prior of the tweets.
CIVIC_TEMPLATES = (
    "what time does the {office} open", "how do i get a copy of a police report from the {office}",
    "is {street} closed today", "thank you officers for {deed}", "there was a crash on {street}",
    "my car was broken into last night on {street}", "man arrested for dui on {street}",
    "why did it take so long to respond on {street}", "who do i call about a noise complaint on {street}",
    "great job by the {office} staff", "the {office} was very helpful today",
    "is the {office} open on the holiday", "traffic is backed up on {street} again",
    "the lights on {street} have been out for a week", "when is the next community meeting at the {office}",
    "this is a waste of taxpayer money", "i disagree with this policy", "please slow down on {street}",
    "suspect in custody after the incident on {street}", "lost dog found near {street}",
)  # fmt: skip
CIVIC_FILLS = {
    "office": ("records office", "police station", "front desk", "department", "city hall"),
    "street": ("main street", "university avenue", "el paseo", "lohman", "picacho", "the interstate"),
    "deed": ("your help", "keeping us safe", "the quick response", "finding my bike", "your service"),
}
SEXUAL_NEGATIVE = (
    "registered sex offender arrested downtown", "the sex offender registry is public",
    "sexual assault victims can call the hotline", "report sexual harassment to the department",
    "the suspect was charged with sexual assault", "same sex couples are welcome",
)  # fmt: skip
# Explicit-sexual lexicon for weak `sexual` labels (no source labels sexual content). Insults that
# happen to be anatomical ("dick" alone) are deliberately absent: they are insults, not sexual content.
SEXUAL_LEXICON = (
    r"porn\w*", r"nudes?", r"naked (?:pics?|photos?|pictures?)", r"horny", r"blow ?jobs?", r"hand ?jobs?",
    r"cum(?:ming|shot)?", r"orgasms?", r"dildos?", r"boobs?", r"boobies", r"tits", r"titties", r"sext(?:ing)?",
    r"suck (?:my|his|your) (?:dick|cock)", r"dick pics?", r"cocks?", r"(?:eat|eating|wet) (?:my |her )?pussy",
    r"fuck(?:ing|ed)? (?:me|her|him) (?:hard|good)", r"(?:have|had|having) sex", r"sex with", r"sexy",
    r"onlyfans", r"xxx", r"milfs?", r"threesome", r"strippers?",
)  # fmt: skip
_SEXUAL_RE = re.compile(r"\b(?:" + "|".join(SEXUAL_LEXICON) + r")\b")


def weak_sexual_label(text: str) -> float:
    return 1.0 if _SEXUAL_RE.search(normalize_comment(text)) else 0.0


IDENTITY_EVAL_ES = (
    "mi compañera de trabajo es {id}",
    "creci en una familia {id}",
    "nuestra vecina nueva es {id} y muy amable",
    "ser {id} es parte de quien soy",
)
IDENTITY_TERMS_EVAL_ES = IDENTITY_TERMS_ES + ("queer", "sorda", "autista", "salvadoreña", "bisexual")


def identity_eval_set() -> tuple[list[str], list[str]]:
    """Harmless identity sentences (frames unseen in training, some terms too), with the term of each."""
    texts, terms = [], []
    for tpl, term in itertools.product(
        IDENTITY_TEMPLATES_EVAL, IDENTITY_TERMS_TRAIN + IDENTITY_TERMS_HELD_OUT
    ):
        texts.append(tpl.format(id=term))
        terms.append(f"en:{term}")
    for tpl, term in itertools.product(IDENTITY_EVAL_ES, IDENTITY_TERMS_EVAL_ES):
        texts.append(tpl.format(id=term))
        terms.append(f"es:{term}")
    return texts, terms


def identity_eval_texts() -> list[str]:
    return identity_eval_set()[0]


def augmentation(identity: bool = True) -> list[Example]:
    zeros = {a: 0.0 for a in ATTRIBUTES}
    out: list[Example] = []
    if identity:
        for tpl, term in itertools.product(IDENTITY_TEMPLATES_TRAIN, IDENTITY_TERMS_TRAIN):
            out.append(
                Example(
                    text=tpl.format(id=term),
                    labels=dict(zeros),
                    source="aug_identity",
                    split="train",
                    weight=AUGMENT_WEIGHT,
                )
            )
    for tpl, term in itertools.product(IDENTITY_TEMPLATES_ES, IDENTITY_TERMS_ES):
        out.append(Example(text=tpl.format(id=term), labels=dict(zeros), source="aug_spanish", split="train"))
    for text in SPANISH_NEUTRAL:
        out.append(
            Example(
                text=text,
                labels=_labels(identity_attack=0, threat=0, sexual=0),
                source="aug_spanish",
                split="train",
            )
        )
    for text in SPANISH_INSULTS:
        out.append(
            Example(
                text=text,
                labels=_labels(toxicity=1, insult=1, threat=0, identity_attack=0),
                source="aug_spanish",
                split="train",
            )
        )
    for text in SPANISH_THREATS:
        out.append(
            Example(
                text=text,
                labels=_labels(toxicity=1, threat=1, severe_toxicity=1),
                source="aug_spanish",
                split="train",
            )
        )
    for text in POLICE_CRITICISM:
        out.append(
            Example(
                text=text,
                labels=_labels(threat=0, identity_attack=0, sexual=0),
                source="aug_police",
                split="train",
            )
        )
    for tpl in THREATS_EN:
        fills = THREAT_PLACES if "{p}" in tpl else THREAT_TARGETS
        for fill in fills:
            text = tpl.format(t=fill, p=fill)
            out.append(
                Example(
                    text=text,
                    labels=_labels(toxicity=1, threat=1, severe_toxicity=1),
                    source="aug_threat",
                    split="train",
                )
            )
    for tpl, target in itertools.product(IMPLICIT_THREATS_EN, IMPLICIT_TARGETS):
        text = tpl.format(t=target)
        out.append(
            Example(
                text=text,
                labels=_labels(threat=1, severe_toxicity=1),
                source="aug_implicit_threat",
                split="train",
            )
        )
    for tpl, place in itertools.product(IMPLICIT_PLACE_THREATS, THREAT_PLACES):
        text = tpl.format(p=place)
        out.append(
            Example(
                text=text,
                labels=_labels(threat=1, severe_toxicity=1),
                source="aug_implicit_threat",
                split="train",
            )
        )
    for tpl, target in itertools.product(IMPLICIT_THREATS_ES, IMPLICIT_TARGETS_ES):
        text = tpl.format(e=target)
        out.append(
            Example(
                text=text,
                labels=_labels(threat=1, severe_toxicity=1),
                source="aug_implicit_threat",
                split="train",
            )
        )
    for text in FIGURATIVE_AND_CRITICAL:
        out.append(
            Example(
                text=text,
                labels=_labels(threat=0, severe_toxicity=0, identity_attack=0, sexual=0),
                source="aug_figurative",
                split="train",
                weight=AUGMENT_WEIGHT,
            )
        )
    for tpl in CIVIC_TEMPLATES:
        slot = next((k for k in CIVIC_FILLS if "{" + k + "}" in tpl), None)
        for fill in CIVIC_FILLS[slot] if slot else ("",):
            text = tpl.format(**{slot: fill}) if slot else tpl
            out.append(
                Example(
                    text=text, labels=dict(zeros), source="aug_civic", split="train", weight=AUGMENT_WEIGHT
                )
            )
    for text in SEXUAL_NEGATIVE:
        out.append(
            Example(
                text=text,
                labels=_labels(sexual=0, threat=0, identity_attack=0),
                source="aug_sexual",
                split="train",
            )
        )
    return out


def load_families(seed: int = SEED) -> list[Example]:
    """Our generated English and Spanish families (bot/scoring/families): what must stay up and its mirror."""
    from bot.scoring.families import generate

    out = []
    for fam in generate(seed):
        labels = _labels(**{a: v for a, v in fam.labels.items() if a in ATTRIBUTES})
        out.append(
            Example(
                text=fam.text,
                labels=labels,
                source=f"family_{fam.family}_{fam.lang}",
                split=fam.split,
                weight=FAMILY_WEIGHT,
            )
        )
    return out


def load_corpus_examples() -> list[Example]:
    """Hand-written police-page comments, labelled by their Attachment A category (bot/scoring/corpus.py)."""
    from bot.scoring.corpus import load_corpus

    return [
        Example(text=c.text, labels=_labels(**c.labels), source=c.source, split=c.split, weight=CORPUS_WEIGHT)
        for c in load_corpus()
    ]


def load_examples(
    data_dir: Path,
    seed: int = SEED,
    identity_augmentation: bool = True,
    families: bool = True,
    corpus: bool = True,
) -> list[Example]:
    examples = (
        load_davidson(data_dir, seed)
        + load_tweeteval(data_dir, "hate")
        + load_tweeteval(data_dir, "offensive")
        + load_threatgram(data_dir, seed)
    )
    for ex in examples:
        ex.labels["sexual"] = weak_sexual_label(ex.text)
    examples += augmentation(identity=identity_augmentation)
    if families:
        examples += load_families(seed)
    if corpus:
        examples += load_corpus_examples()
    return examples


# ---------------------------------------------------------------------------------------------------
# Fitting, calibration and metrics.


@dataclass
class Inputs:
    """The three input blocks for a list of texts, as training and evaluation use them."""

    ngrams: Any  # scipy csr (n, spec.n_features)
    embeddings: np.ndarray  # (n, 512) float32, or (n, 0) without the encoder
    context: np.ndarray  # (n, len(CONTEXT_INPUTS))

    def design(self, embed_scale: float, context_scale: float) -> Any:
        from scipy import sparse  # training-only dependency

        blocks = [self.ngrams]
        if self.embeddings.shape[1]:
            blocks.append(sparse.csr_matrix(self.embeddings.astype(np.float64) * embed_scale))
        if self.context.shape[1]:
            blocks.append(sparse.csr_matrix(self.context.astype(np.float64) * context_scale))
        return sparse.hstack(blocks, format="csr")

    def subset(self, idx: np.ndarray) -> Inputs:
        return Inputs(self.ngrams[idx], self.embeddings[idx], self.context[idx])


def _ngram_design(texts: Sequence[str], spec: FeatureSpec) -> Any:
    from scipy import sparse  # training-only dependency

    rows, cols, values = featurize(texts, spec)
    return sparse.csr_matrix((values, (rows, cols)), shape=(len(texts), spec.n_features), dtype=np.float64)


def build_inputs(
    texts: Sequence[str], spec: FeatureSpec, cache: EmbeddingCache | None, use_encoder: bool = True
) -> Inputs:
    if use_encoder:
        encoder = SentenceEncoder()
        emb = cache.embed(texts, encoder) if cache is not None else encoder.encode(texts)
        # Rounded to what float16 holds: BLAS thread counts change the last bits, and the artifact must not.
        emb = emb.astype(np.float16).astype(np.float32)
    else:
        emb = np.zeros((len(texts), 0), dtype=np.float32)
    return Inputs(_ngram_design(texts, spec), emb, context_matrix(texts))


def _fit_head(x: Any, y: np.ndarray, sw: np.ndarray, c: float, seed: int) -> tuple[np.ndarray, float]:
    from sklearn.linear_model import LogisticRegression  # training-only dependency

    if len(np.unique(y)) < 2:
        # Only in tiny smoke runs: nothing to separate, so a constant near the observed class.
        return np.zeros(x.shape[1]), (-6.0 if len(y) == 0 or y[0] == 0 else 6.0)

    clf = LogisticRegression(C=c, solver="liblinear", max_iter=200, tol=1e-4, random_state=seed)
    clf.fit(x, y, sample_weight=sw)
    return clf.coef_[0].astype(np.float64), float(clf.intercept_[0])


def _stack(
    z_linear: np.ndarray, z_mlp: np.ndarray, y: np.ndarray, sw: np.ndarray
) -> tuple[float, float, float]:
    """Weights of the linear and MLP logits and the intercept, from a two-input logistic regression."""
    from sklearn.linear_model import LogisticRegression  # training-only dependency

    if len(np.unique(y)) < 2:
        return 1.0, 0.0, 0.0
    clf = LogisticRegression(C=10.0, max_iter=1000)
    clf.fit(np.column_stack([z_linear, z_mlp]), (y > 0).astype(int), sample_weight=sw)
    a_linear, a_mlp = (float(v) for v in clf.coef_[0])
    # A negative weight would invert a head's ranking; it only happens on tiny or degenerate data.
    a_linear, a_mlp = max(a_linear, 1e-3), max(a_mlp, 0.0)
    return a_linear, a_mlp, float(clf.intercept_[0])


def _fit_platt(z: np.ndarray, y: np.ndarray, sw: np.ndarray) -> tuple[float, float]:
    """Weighted Platt scaling with Platt's smoothed targets, by Newton's method on two parameters."""
    n_pos = float(sw[y > 0].sum())
    n_neg = float(sw[y == 0].sum())
    if n_pos == 0 or n_neg == 0:
        return 1.0, 0.0
    t = np.where(y > 0, (n_pos + 1) / (n_pos + 2), 1 / (n_neg + 2))
    a, b = 1.0, 0.0
    for _ in range(100):
        p = 1 / (1 + np.exp(-(a * z + b)))
        g = np.array([np.sum(sw * (p - t) * z), np.sum(sw * (p - t))])
        w = sw * p * (1 - p) + 1e-12
        hess = np.array([[np.sum(w * z * z), np.sum(w * z)], [np.sum(w * z), np.sum(w)]]) + 1e-9 * np.eye(2)
        step = np.linalg.solve(hess, g)
        a, b = a - step[0], b - step[1]
        if np.abs(step).max() < 1e-10:
            break
    return float(a), float(b)


def _roc_auc(y: np.ndarray, p: np.ndarray) -> float:
    order = np.argsort(p, kind="mergesort")
    ranks = np.empty(len(p))
    # Average ranks for ties.
    sorted_p = p[order]
    _, first, counts = np.unique(sorted_p, return_index=True, return_counts=True)
    avg = first + (counts - 1) / 2.0 + 1
    ranks[order] = np.repeat(avg, counts)
    n_pos = y.sum()
    n_neg = len(y) - n_pos
    if n_pos == 0 or n_neg == 0:
        return float("nan")
    return float((ranks[y > 0].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def _best_threshold(y: np.ndarray, p: np.ndarray) -> float:
    best_t, best_f = 0.5, -1.0
    for t in np.linspace(0.05, 0.95, 91):
        f = _f1(y, p >= t)
        if f > best_f:
            best_t, best_f = float(t), f
    return round(best_t, 2)


def _f1(y: np.ndarray, pred: np.ndarray) -> float:
    tp = float(np.sum(pred & (y > 0)))
    fp = float(np.sum(pred & (y == 0)))
    fn = float(np.sum(~pred & (y > 0)))
    return 0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn)


def _ece(y: np.ndarray, p: np.ndarray, bins: int = 10) -> float:
    idx = np.minimum((p * bins).astype(int), bins - 1)
    total = 0.0
    for b in range(bins):
        m = idx == b
        if m.any():
            total += m.sum() / len(p) * abs(p[m].mean() - y[m].mean())
    return float(total)


def evaluate(y: np.ndarray, p: np.ndarray, threshold: float) -> dict[str, float]:
    if len(y) == 0:
        return {"n": 0}
    pred = p >= threshold
    tp = float(np.sum(pred & (y > 0)))
    return {
        "n": int(len(y)),
        "positives": int(y.sum()),
        "roc_auc": round(_roc_auc(y, p), 4),
        "threshold": threshold,
        "f1": round(_f1(y, pred), 4),
        "precision": round(tp / max(float(pred.sum()), 1.0), 4),
        "recall": round(tp / max(float(y.sum()), 1.0), 4),
        "brier": round(float(np.mean((p - y) ** 2)), 4),
        "ece": round(_ece(y, p), 4),
    }


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-np.clip(z, -30, 30)))


def fit_heads(
    examples: Sequence[Example],
    inputs: Inputs,
    spec: FeatureSpec,
    attributes: Sequence[str],
    c: float,
    seed: int,
    log: Callable[[str], None],
    embed_scale: float = EMBED_SCALE,
    context_scale: float = CONTEXT_SCALE,
    mlp_hidden: int = MLP_HIDDEN,
) -> Heads:
    """Fit one logistic regression (plus, with `mlp_hidden`, a small MLP) per attribute on train rows, calibrate and evaluate on val rows.

    Validation rows are split in two halves: Platt scaling and the threshold are fit on one half and
    every reported metric comes from the other, so the figures are not measured on fitted data.
    """
    is_train = np.array([e.split == "train" for e in examples])
    train = [e for e in examples if e.split == "train"]
    val = [e for e in examples if e.split == "val"]
    rng = np.random.default_rng(seed + 2)
    calib_mask = np.zeros(len(val), dtype=bool)
    calib_mask[rng.permutation(len(val))[: len(val) // 2]] = True
    design = inputs.design(embed_scale, context_scale)
    x_train = design[np.flatnonzero(is_train)]
    x_val = design[np.flatnonzero(~is_train)]
    n_emb = inputs.embeddings.shape[1]
    n_ctx = inputs.context.shape[1]
    heads = Heads(
        weights=np.zeros((spec.n_features, len(attributes))),
        embed_weights=np.zeros((n_emb, len(attributes))),
        context_weights=np.zeros((n_ctx, len(attributes))),
        bias=np.zeros(len(attributes)),
        calibration=np.zeros((len(attributes), 2)),
    )
    dense = np.hstack([inputs.embeddings, inputs.context]).astype(np.float32)
    use_mlp = mlp_hidden > 0 and dense.shape[1] > 0
    if use_mlp:
        heads.mlp = MLPBlock.empty(len(attributes), dense.shape[1], mlp_hidden)
    dense_train, dense_val = dense[is_train], dense[~is_train]
    sources = np.array([e.source for e in val])
    for j, attr in enumerate(attributes):
        y_tr = np.array([e.labels[attr] for e in train])
        keep = ~np.isnan(y_tr)
        started = time.perf_counter()
        sw_tr = np.array([e.weight for e in train])
        w, b = _fit_head(x_train[keep], y_tr[keep].astype(int), sw_tr[keep], c, seed)
        # Round to what the artifact stores, so calibration and metrics describe the shipped model.
        w_ng = w[: spec.n_features].astype(np.float16).astype(np.float64)
        w_emb = (w[spec.n_features : spec.n_features + n_emb] * embed_scale).astype(np.float32)
        w_ctx = (w[spec.n_features + n_emb :] * context_scale).astype(np.float32)
        w = np.concatenate([w_ng, w_emb / embed_scale, w_ctx / context_scale]) if n_emb or n_ctx else w_ng
        heads.weights[:, j], heads.bias[j] = w_ng, b
        heads.embed_weights[:, j] = w_emb
        heads.context_weights[:, j] = w_ctx
        y_val = np.array([e.labels[attr] for e in val])
        z_val = x_val @ w + b
        labelled = ~np.isnan(y_val)
        cal = labelled & calib_mask
        rep = labelled & ~calib_mask
        sw_val = np.array([e.weight for e in val])
        if heads.mlp is not None:
            heads.mlp.fit(j, dense_train[keep], y_tr[keep].astype(int), sw_tr[keep], seed)
            # Stacking: a two-input logistic fit on the calibration half weighs the linear and the MLP logits
            # and is the calibration, so an overconfident MLP can neither swamp the linear head nor saturate.
            z_mlp = heads.mlp.logit(j, dense_val)
            a, a_mlp, c0 = _stack(z_val[cal], z_mlp[cal], y_val[cal], sw_val[cal])
            heads.mlp.scale(j, a_mlp / a)
            z_val = z_val + heads.mlp.logit(j, dense_val)
        else:
            a, c0 = _fit_platt(z_val[cal], y_val[cal], sw_val[cal])
        heads.calibration[j] = (a, c0)
        p_val = _sigmoid(a * z_val + c0)
        heads.thresholds[attr] = _best_threshold(y_val[cal], p_val[cal])
        heads.metrics[attr] = evaluate(y_val[rep], p_val[rep], heads.thresholds[attr])
        heads.metrics[attr]["by_source"] = {}
        for src in sorted(set(sources[rep])):
            m = rep & (sources == src)
            if 0 < y_val[m].sum() < m.sum():
                heads.metrics[attr]["by_source"][src] = {
                    "n": int(m.sum()),
                    "roc_auc": round(_roc_auc(y_val[m], p_val[m]), 4),
                }
            elif m.sum():
                # A family with one class only (all must-stay-up, say): report how much of it is right.
                right = (p_val[m] >= heads.thresholds[attr]) == (y_val[m] > 0)
                heads.metrics[attr]["by_source"][src] = {
                    "n": int(m.sum()),
                    "accuracy": round(float(right.mean()), 4),
                }
        log(
            f"  {attr}: {int(keep.sum())} train rows, {time.perf_counter() - started:.1f}s, "
            f"{f'MLP weight {heads.mlp.weight[j]:.2f}, ' if heads.mlp is not None else ''}"
            f"val AUC {heads.metrics[attr]['roc_auc']}, F1 {heads.metrics[attr]['f1']} @ {heads.thresholds[attr]}"
        )
    return heads


@dataclass(kw_only=True)
class Heads:
    weights: np.ndarray
    embed_weights: np.ndarray
    context_weights: np.ndarray
    bias: np.ndarray
    calibration: np.ndarray
    metrics: dict[str, Any] = field(default_factory=dict)
    thresholds: dict[str, float] = field(default_factory=dict)
    mlp: MLPBlock | None = None

    def probabilities(self, inputs: Inputs) -> np.ndarray:
        z = inputs.ngrams @ self.weights + self.bias
        if inputs.embeddings.shape[1]:
            z = z + inputs.embeddings.astype(np.float64) @ self.embed_weights
        if inputs.context.shape[1]:
            z = z + inputs.context.astype(np.float64) @ self.context_weights
        if self.mlp is not None:
            dense = np.hstack([inputs.embeddings, inputs.context]).astype(np.float32)
            z = z + np.stack([self.mlp.logit(j, dense) for j in range(z.shape[1])], axis=1)
        return np.asarray(_sigmoid(z * self.calibration[:, 0] + self.calibration[:, 1]))


@dataclass(kw_only=True)
class MLPBlock:
    """One-hidden-layer ReLU MLP per head over [embedding, context]; weights stored as the artifact holds them."""

    w1: np.ndarray  # (heads, inputs, hidden)
    b1: np.ndarray  # (heads, hidden)
    w2: np.ndarray  # (heads, hidden)
    b2: np.ndarray  # (heads,)
    weight: np.ndarray = field(default_factory=lambda: np.zeros(0))  # the stacking weight per head (report)

    @classmethod
    def empty(cls, heads: int, inputs: int, hidden: int) -> MLPBlock:
        return cls(
            w1=np.zeros((heads, inputs, hidden), np.float32),
            b1=np.zeros((heads, hidden), np.float32),
            w2=np.zeros((heads, hidden), np.float32),
            b2=np.zeros(heads, np.float32),
            weight=np.ones(heads),
        )

    def fit(self, j: int, x: np.ndarray, y: np.ndarray, sw: np.ndarray, seed: int) -> None:
        from sklearn.exceptions import ConvergenceWarning  # training-only dependency
        from sklearn.neural_network import MLPClassifier

        if len(np.unique(y)) < 2:
            return  # a head with one class learns nothing here; the linear head's bias carries it
        clf = MLPClassifier(
            (self.w1.shape[2],), alpha=1e-3, early_stopping=True, random_state=seed, max_iter=60
        )
        with warnings.catch_warnings():
            # The iteration cap is deliberate (time, and early stopping does the rest): not a defect to report.
            warnings.simplefilter("ignore", ConvergenceWarning)
            clf.fit(x, y, sample_weight=sw)
        # Rounded to float16 like the artifact, so calibration describes the shipped weights.
        self.w1[j] = clf.coefs_[0].astype(np.float16).astype(np.float32)
        self.b1[j] = clf.intercepts_[0]
        self.w2[j] = clf.coefs_[1][:, 0]
        self.b2[j] = clf.intercepts_[1][0]

    def scale(self, j: int, factor: float) -> None:
        """Scale head j's output logit (ReLU is positively homogeneous, so the output layer carries it)."""
        self.weight[j] = factor
        self.w2[j] *= factor
        self.b2[j] *= factor

    def logit(self, j: int, x: np.ndarray) -> np.ndarray:
        k = slice(j, j + 1)
        return mlp_logits(x, self.w1[k], self.b1[k], self.w2[k], self.b2[k])[:, 0].astype(np.float64)


def bias_measure(
    probs: np.ndarray, attributes: Sequence[str], thresholds: dict[str, float]
) -> dict[str, dict[str, float]]:
    """Mean probability and share above the chosen threshold on neutral identity sentences."""
    out = {}
    for j, attr in enumerate(attributes):
        if attr in ("toxicity", "identity_attack", "insult") and len(probs):
            col = probs[:, j]
            out[attr] = {
                "mean": round(float(col.mean()), 4),
                "max": round(float(col.max()), 4),
                "share_flagged": round(float((col >= thresholds[attr]).mean()), 4),
            }
    return out


def bias_by_term(
    probs: np.ndarray, terms: Sequence[str], attributes: Sequence[str], thresholds: dict[str, float]
) -> dict[str, dict[str, float]]:
    """Per identity term: the share of its harmless sentences any of the abuse heads would flag."""
    cols = [attributes.index(a) for a in ("toxicity", "insult", "identity_attack") if a in attributes]
    limits = np.array([thresholds[attributes[j]] for j in cols])
    flagged: np.ndarray = np.asarray((probs[:, cols] >= limits).any(axis=1))
    out: dict[str, dict[str, float]] = {}
    term_arr = np.array(terms)
    for term in sorted(set(terms)):
        m = term_arr == term
        out[term] = {
            "n": int(m.sum()),
            "share_flagged": round(float(flagged[m].mean()), 4),
            "max_identity_attack": round(float(probs[m, attributes.index("identity_attack")].max()), 4),
        }
    return out


def default_cache_path() -> Path:
    base = os.environ.get("MODBOT_CACHE_DIR") or os.path.join(os.path.expanduser("~"), ".cache", "modbot")
    return Path(base) / f"embeddings-{encoder_version()}.npz"


def train_model(
    data_dir: Path,
    out_path: Path,
    seed: int = SEED,
    c: float = DEFAULT_C,
    spec: FeatureSpec | None = None,
    sample: int | None = None,
    bias_report: bool = True,
    log: Callable[[str], None] = print,
    cache_path: Path | None = None,
    families: bool = True,
    embed_scale: float = EMBED_SCALE,
    context_scale: float = CONTEXT_SCALE,
) -> TrainingReport:
    """Train every head, calibrate, evaluate, write the artifact and return the report."""
    started = time.perf_counter()
    spec = spec or FeatureSpec()
    examples = load_examples(data_dir, seed, families=families)
    if sample is not None:
        # A stratification-free subsample for smoke tests; keeps both splits represented.
        rng = np.random.default_rng(seed)
        idx = np.sort(rng.permutation(len(examples))[:sample])
        examples = [examples[i] for i in idx]
    report = TrainingReport()
    report.counts = _counts(examples)
    cache = EmbeddingCache(cache_path or default_cache_path())
    log(f"training on {len(examples)} examples: {spec.n_features} hashed features + {DIM}-dim embeddings")
    inputs = build_inputs([e.text for e in examples], spec, cache)
    log(f"  inputs ready in {time.perf_counter() - started:.1f}s")
    heads = fit_heads(examples, inputs, spec, ATTRIBUTES, c, seed, log, embed_scale, context_scale)
    report.metrics = heads.metrics
    report.metrics["context_weights"] = {
        name: {attr: round(float(heads.context_weights[i, j]), 3) for j, attr in enumerate(ATTRIBUTES)}
        for i, name in enumerate(CONTEXT_INPUTS)
    }
    eval_texts, eval_terms = identity_eval_set()
    eval_inputs = build_inputs(eval_texts, spec, cache)
    probs = heads.probabilities(eval_inputs)
    report.bias = {
        "n_sentences": len(eval_texts),
        "final": bias_measure(probs, ATTRIBUTES, heads.thresholds),
        "by_term": bias_by_term(probs, eval_terms, ATTRIBUTES, heads.thresholds),
    }
    if bias_report:
        log("bias report: refitting the abuse heads without the families and identity augmentation")
        keep = np.array(
            [not (e.source.startswith("family_") or e.source == "aug_identity") for e in examples]
        )
        base = [e for e, k in zip(examples, keep, strict=True) if k]
        names = ("toxicity", "insult", "identity_attack")
        base_heads = fit_heads(
            base, inputs.subset(np.flatnonzero(keep)), spec, names, c, seed, log, embed_scale, context_scale
        )
        base_probs = base_heads.probabilities(eval_inputs)
        report.bias["without_families"] = bias_measure(base_probs, names, base_heads.thresholds)
        report.bias["by_term_without_families"] = bias_by_term(
            base_probs, eval_terms, names, base_heads.thresholds
        )
    report.seconds = round(time.perf_counter() - started, 1)
    meta = {
        "format": MODEL_FORMAT,
        "attributes": list(ATTRIBUTES),
        "feature_version": FEATURE_VERSION,
        "feature_spec": asdict(spec),
        "encoder": encoder_version(),
        "context_inputs": list(CONTEXT_INPUTS),
        "thresholds": heads.thresholds,
        "seed": seed,
        "C": c,
        "embed_scale": embed_scale,
        "mlp_hidden": MLP_HIDDEN if heads.mlp is not None else 0,
        "context_scale": context_scale,
        "training_counts": report.counts,
    }
    save_artifact(
        out_path,
        {
            "weights": heads.weights.astype(np.float16),
            "embed_weights": heads.embed_weights.astype(np.float32),
            "context_weights": heads.context_weights.astype(np.float32),
            "bias": heads.bias.astype(np.float32),
            "calibration": heads.calibration.astype(np.float32),
            **(
                {
                    "mlp_w1": heads.mlp.w1.astype(np.float16),
                    "mlp_b1": heads.mlp.b1,
                    "mlp_w2": heads.mlp.w2,
                    "mlp_b2": heads.mlp.b2,
                }
                if heads.mlp is not None
                else {}
            ),
        },
        meta,
    )
    return report


def _counts(examples: Iterable[Example]) -> dict[str, Any]:
    counts: dict[str, Any] = {}
    for ex in examples:
        src = counts.setdefault(ex.source, {"train": 0, "val": 0})
        src[ex.split] += 1
        for attr, y in ex.labels.items():
            if not np.isnan(y):
                key = f"{attr}_{'pos' if y else 'neg'}"
                src[key] = src.get(key, 0) + 1
    return counts


def default_data_dir() -> Path:
    env = os.environ.get("MODBOT_TRAIN_DATA")
    if env:
        return Path(env)
    # The project's checkout sits beside shared/ (…/main and …/shared/data).
    return Path(__file__).resolve().parents[3] / "shared" / "data"


def write_training_metrics(report: TrainingReport, artifact: Path, metrics_out: Path) -> str:
    """Write the training report beside the artifact as JSON (with the model version it produced and the
    training time as `training_seconds`); returns that version."""
    model = load_model_file(artifact)
    payload = {"version": model.version, "seconds": report.seconds, **asdict(report)}
    payload.pop("seconds", None)
    payload["training_seconds"] = report.seconds
    metrics_out.write_text(json.dumps(payload, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return model.version
