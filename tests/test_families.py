"""The generated training families: deterministic, split by template, both languages, every group, clean labels."""

import json
import random
import re
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from bot.scoring import families
from bot.scoring.families import (
    ATTRIBUTES,
    GROUPS,
    LANGS,
    VARIANT_KINDS,
    FamilyExample,
    all_families,
    family_table,
    fold,
    generate,
    group_terms,
    misspell,
    val_templates,
)
from bot.scoring.families_violence import VIOLENCE_FAMILIES

FAMILIES = all_families()  # the base families and the violence families, as generate() expands them

DATA = Path(__file__).parent / "data"
BASE_MIN, BASE_MAX = 40, 450  # per family and language
VARIANT_MIN, VARIANT_MAX = 20, 200


@pytest.fixture(scope="module")
def examples() -> list[FamilyExample]:
    return generate(13)


def _stays_up() -> dict[str, bool]:
    return {row["family"]: row["stays_up"] for row in family_table()}


def test_deterministic_for_a_seed(examples):
    assert generate(13) == examples
    other = generate(14)
    assert other != examples  # the seed matters...
    assert len(other) > 0.9 * len(examples)  # ...but only for the fillers, not the sizes


def test_every_family_in_both_languages_and_both_splits(examples):
    seen = Counter((ex.family, ex.lang, ex.split) for ex in examples)
    names = [f.name for f in FAMILIES] + list(families.VARIANT_DESCRIPTIONS)
    for name in names:
        for lang in LANGS:
            for split in ("train", "val"):
                assert seen[(name, lang, split)] > 0, (name, lang, split)
    assert {ex.family for ex in examples} == set(names)
    assert {ex.lang for ex in examples} == set(LANGS)


def test_violence_families_in_both_languages_and_splits_and_only_with_extra(examples):
    seen = Counter((ex.family, ex.lang, ex.split) for ex in examples)
    names = {f.name for f in VIOLENCE_FAMILIES}
    assert {"violence_reported", "force_criticism", "lawful_punishment", "violence_condemned", "hyperbole", "everyday_schedules",
            "veiled_menace", "stalking_menace", "conditional_threat"} == names  # fmt: skip
    for name in names:
        for lang in LANGS:
            assert 80 <= seen[(name, lang, "train")] + seen[(name, lang, "val")] <= 200, (name, lang)
            assert seen[(name, lang, "train")] > 0 and seen[(name, lang, "val")] > 0, (name, lang)
    assert not names & {ex.family for ex in generate(13, extra=False)}
    assert not names & {row["family"] for row in family_table(extra=False)}


def test_about_a_fifth_of_templates_go_to_val():
    for fam in FAMILIES:
        for lang in LANGS:
            templates = fam.templates[lang]
            held = val_templates(templates)
            assert held < set(templates)
            assert 0.1 <= len(held) / len(templates) <= 0.3, (fam.name, lang)
            # chosen by a stable hash: the same whatever order the templates are listed in
            assert val_templates(list(reversed(templates))) == held


def test_template_split_is_not_python_hash():
    # sha256 of "x" starts 2d711642...: the split is fixed across processes and machines.
    assert families.stable_hash("x") == int("2d711642b726b044", 16)


def test_no_text_in_both_splits(examples):
    by_split = defaultdict(set)
    for ex in examples:
        by_split[ex.split].add(fold(ex.text).strip(" .!?"))
    assert not by_split["train"] & by_split["val"]
    assert set(by_split) == {"train", "val"}


def test_no_text_twice(examples):
    texts = Counter(ex.text for ex in examples)
    assert [t for t, n in texts.items() if n > 1] == []


def test_val_texts_come_from_val_templates(examples):
    """A val example's wording must be unseen: its template appears in no train example."""
    for fam in FAMILIES:
        for lang in LANGS:
            held = val_templates(fam.templates[lang])
            for template in fam.templates[lang]:
                # the template's fixed words (longest literal run) identify it among its family's texts
                literal = max(re.split(r"\{[^}]*\}", template), key=len).strip(' .,!?¿¡"')
                if len(literal) < 12:
                    continue
                key = fold(families._strip_accents(literal))
                splits = {
                    ex.split
                    for ex in examples
                    if ex.family == fam.name and ex.lang == lang and key in fold(ex.text)
                }
                expected = {"val"} if template in held else {"train"}
                assert splits <= expected, (fam.name, template, splits)


def test_labels_are_known_attributes_with_binary_values(examples):
    for ex in examples:
        assert ex.labels, ex
        assert set(ex.labels) <= set(ATTRIBUTES), ex
        assert all(v in (0.0, 1.0) for v in ex.labels.values()), ex
        assert ex.split in ("train", "val") and ex.lang in LANGS


def test_must_stay_up_families_are_zero_on_every_harm(examples):
    stays_up = _stays_up()
    for ex in examples:
        if stays_up[ex.family]:
            for attr in ("identity_attack", "threat", "insult", "sexual", "severe_toxicity"):
                assert ex.labels[attr] == 0.0, ex
            assert ex.labels.get("toxicity", 0.0) == 0.0, ex


def test_harmful_families_carry_their_harm(examples):
    required = {
        "implicit_derogation": ("identity_attack",),
        "dehumanisation": ("identity_attack",),
        "group_threat": ("threat", "identity_attack"),
        "officer_threat": ("threat",),
        "menace_warning": ("threat",),
        "aimed_insult": ("insult",),
        "target_person": ("insult",),
        "sexual_harassment": ("sexual", "insult"),
        "veiled_menace": ("threat",),
        "stalking_menace": ("threat",),
        "conditional_threat": ("threat",),
    }
    stays_up = _stays_up()
    for ex in examples:
        if not stays_up[ex.family]:
            assert ex.labels["toxicity"] == 1.0, ex
        for attr in required.get(ex.family, ()):
            assert ex.labels[attr] == 1.0, ex
    assert not any(stays_up[name] for name in required)


def test_police_criticism_is_not_insult_attack_or_threat(examples):
    rows = [ex for ex in examples if ex.family in ("police_criticism", "target_institution")]
    assert rows
    for ex in rows:
        assert ex.labels["insult"] == ex.labels["identity_attack"] == ex.labels["threat"] == 0.0


def test_sizes_within_bounds(examples):
    counts = Counter((ex.family, ex.lang) for ex in examples)
    for (name, lang), n in counts.items():
        low, high = (VARIANT_MIN, VARIANT_MAX) if name.startswith("variant_") else (BASE_MIN, BASE_MAX)
        assert low <= n <= high, (name, lang, n)
    # The families stay a minority beside ~64k real labeled comments (about 11% at 8,100).
    assert 3000 <= len(examples) <= 9000


def test_family_table_matches_generate(examples):
    rows = family_table()
    counts = Counter((ex.family, ex.lang, ex.split) for ex in examples)
    assert (
        len(rows)
        == len({(r["family"], r["lang"]) for r in rows})
        == len({(e.family, e.lang) for e in examples})
    )
    for row in rows:
        assert set(row) == {"family", "lang", "stays_up", "n_train", "n_val", "description"}
        assert row["n_train"] == counts[(row["family"], row["lang"], "train")]
        assert row["n_val"] == counts[(row["family"], row["lang"], "val")]
        assert row["description"].strip()


def _mentions(text: str, group, lang: str) -> bool:
    folded = fold(text)
    return any(re.search(rf"(?<!\w){re.escape(term)}(?!\w)", folded) for term in group_terms(group, lang))


def test_every_group_in_a_stay_up_and_a_harmful_family_in_each_language(examples):
    stays_up = _stays_up()
    base = [ex for ex in examples if not ex.family.startswith("variant_")]
    for lang in LANGS:
        for group in GROUPS:
            up = {
                ex.family
                for ex in base
                if ex.lang == lang and stays_up[ex.family] and _mentions(ex.text, group, lang)
            }
            down = {
                ex.family
                for ex in base
                if ex.lang == lang and not stays_up[ex.family] and _mentions(ex.text, group, lang)
            }
            assert up, (group.key, lang, "no must-stay-up example")
            assert down, (group.key, lang, "no harmful example")


def test_every_group_in_counter_speech_negation_and_dehumanisation(examples):
    """The pairs the model most needs: the same group condemned, negated, and attacked."""
    for lang in LANGS:
        for name in ("counter_speech", "negated_hate", "dehumanisation", "group_threat"):
            texts = [ex.text for ex in examples if ex.family == name and ex.lang == lang]
            missing = [g.key for g in GROUPS if not any(_mentions(t, g, lang) for t in texts)]
            assert missing == [], (name, lang)


def test_spanish_is_written_with_and_without_accents(examples):
    spanish = [ex.text for ex in examples if ex.lang == "es"]
    accented = [t for t in spanish if t != families._strip_accents(t)]
    assert 0.2 < len(accented) / len(spanish) < 0.8


def test_institution_and_person_contrast_share_templates(examples):
    inst = {ex.split for ex in examples if ex.family == "target_institution"}
    person = {ex.split for ex in examples if ex.family == "target_person"}
    assert inst == person == {"train", "val"}
    for lang in LANGS:
        assert families.TARGET_INSTITUTION.templates[lang] == families.TARGET_PERSON.templates[lang]


@pytest.mark.parametrize("kind", VARIANT_KINDS)
def test_misspell_changes_the_key_word(kind):
    rng = random.Random(0)
    text = "Mexicans are vermin."
    out = misspell(text, kind, ("Mexicans",), rng)
    assert out and out != text
    if kind == "spaced":
        assert "M e x i c a n s" in out
    elif kind == "leet":
        assert re.search(r"M3x1c[4@]n[5$]", out)
    elif kind == "joined":
        assert out == "mexicansarevermin"
    else:
        assert "vermin" in out and "Mexicans" not in out
        assert len(out) == len(text) - (kind == "drop")


def test_joined_variant_joins_the_key_word_with_its_neighbours():
    out = misspell("Kill all cops starting with Officer Lee tonight.", "joined", ("cops",), random.Random(0))
    assert out is not None and out.startswith("killallcops ")


def test_variants_keep_the_labels_of_their_source(examples):
    stays_up = _stays_up()
    variants = [ex for ex in examples if ex.family.startswith("variant_")]
    assert variants
    for ex in variants:
        if stays_up[ex.family]:
            assert ex.family == "variant_benign" and ex.labels.get("threat") == 0.0
        else:
            assert ex.labels["toxicity"] == 1.0


def _evaluation_texts() -> set[str]:
    texts = set()
    # rglob: evaluation sets are being regrouped by behaviour under tests/data/<behaviour>/
    for path in sorted(DATA.rglob("*.jsonl")):
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    texts.add(fold(json.loads(line)["text"]).strip(" .!?"))
    return texts


def test_no_family_text_is_in_the_evaluation_sets(examples):
    """tests/data holds evaluation sets (one blind): training on their texts would void them."""
    evaluation = _evaluation_texts()
    assert evaluation  # the check below must compare against something
    leaked = [ex.text for ex in examples if fold(ex.text).strip(" .!?") in evaluation]
    assert leaked == []
    # nor contain a whole evaluation comment of some length (a sentence with a greeting tacked on)
    long_texts = [t for t in evaluation if len(t) >= 30]
    folded = [(ex.text, fold(ex.text)) for ex in examples]
    contained = [text for text, f in folded if any(t in f for t in long_texts)]
    assert contained == []
