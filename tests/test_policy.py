"""Policy as data: whole-file validation, the viewpoint guard, and the pure decision engine."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from bot.domain import ActionKind
from bot.policy import PolicyError, decide, load_policy
from bot.scoring.base import CATEGORY_SIGNALS, ScoreInput

REPO = Path(__file__).resolve().parent.parent
SHIPPED = REPO / "moderation_policies"


def write_policy(tmp_path: Path, body: str) -> Path:
    d = tmp_path / "pol"
    d.mkdir(exist_ok=True)
    (d / "rules.yaml").write_text(textwrap.dedent(body))
    return d


RULE_OK = """
rules:
  - id: threat-violence
    title: Threat
    clause: "No threats."
    category: threat
    when: {all: [{signal: threat, min: 0.85}]}
    action: hide
    urgent: true
"""


def test_shipped_policy_is_valid_without_overrides():
    pol = load_policy(SHIPPED)
    assert len(pol.rules) >= 15
    assert all(r.viewpoint_override is None for r in pol.rules)
    assert len(pol.version) == 16
    categories = {r.category for r in pol.rules}
    for needed in CATEGORY_SIGNALS:
        assert needed in categories, needed


def test_shipped_policy_never_removes_for_delicate_categories():
    pol = load_policy(SHIPPED)
    for r in pol.rules:
        if r.category in ("vulgarity", "allegation", "juvenile_info", "obscenity"):
            assert r.action is ActionKind.FLAG, r.id


def test_policy_version_changes_with_the_text(tmp_path):
    a = load_policy(write_policy(tmp_path, RULE_OK))
    b = load_policy(write_policy(tmp_path, RULE_OK.replace("0.85", "0.86")))
    assert a.version != b.version


def test_every_error_is_reported_with_file_rule_and_field(tmp_path, capfd):
    d = write_policy(
        tmp_path,
        """
        rules:
          - id: bad-one
            title: Bad
            clause: "x"
            category: threat
            when: {all: [{signal: threat, min: 1.5}, {signal: nonsense, min: 0.2}]}
            action: obliterate
            colour: red
          - id: bad-two
            title: Bad pattern
            clause: "x"
            category: spam
            when: {any: [{pattern: "(unclosed"}, {pattern: "(a+)+\\\\1"}]}
            action: reply
        """,
    )
    with pytest.raises(PolicyError) as exc:
        load_policy(d)
    errors = exc.value.errors
    text = "\n".join(errors)
    assert "rule bad-one.when.all[0].min: threshold must be between 0 and 1" in text
    assert "rule bad-one.when.all[1].signal: unknown signal 'nonsense'" in text
    assert "rule bad-one.action: must be one of" in text
    assert "rule bad-one: unknown key(s) ['colour']" in text
    assert "rule bad-two.when.any[0].pattern: does not compile under RE2" in text
    # Backreferences cannot be linear-time: RE2 refuses them, so no comment can stall the daemon.
    assert "rule bad-two.when.any[1].pattern: does not compile under RE2" in text
    assert "rule bad-two.reply: a rule whose action is 'reply' needs reply text" in text
    assert all("rules.yaml" in e for e in errors)
    # one clear message per error: RE2's text as plain words, and none of RE2's own logging on stderr
    assert "b'" not in text and 'b"' not in text
    assert "re2.cc" not in capfd.readouterr().err


def test_duplicate_ids_and_bad_yaml(tmp_path):
    d = write_policy(tmp_path, RULE_OK + RULE_OK.replace("rules:\n", ""))
    with pytest.raises(PolicyError, match="duplicate rule id"):
        load_policy(d)
    (d / "rules.yaml").write_text("rules: [unclosed")
    with pytest.raises(PolicyError, match="not valid YAML"):
        load_policy(d)


@pytest.mark.parametrize("term", ["pig", "pigs", "copper", "ACAB", "defund", "corrupt", "abolish"])
def test_viewpoint_guard_rejects_keyword_rules_on_police_epithets(tmp_path, term):
    d = write_policy(
        tmp_path,
        f"""
        rules:
          - id: no-{term.lower()}
            title: Filter
            clause: "Civility."
            category: vulgarity
            when: {{any: [{{keywords: ["{term}", "idiot"]}}]}}
            action: hide
        """,
    )
    with pytest.raises(PolicyError) as exc:
        load_policy(d)
    assert f"rule no-{term.lower()}" in str(exc.value)
    assert "viewpoint guard" in str(exc.value)


def test_viewpoint_guard_catches_patterns_too(tmp_path):
    d = write_policy(
        tmp_path,
        """
        rules:
          - id: oink
            title: Filter
            clause: "Civility."
            category: vulgarity
            when: {any: [{pattern: "\\\\bp[i1]gs?\\\\b"}]}
            action: hide
        """,
    )
    with pytest.raises(PolicyError, match="rule oink.*viewpoint guard"):
        load_policy(d)


def test_viewpoint_guard_allows_flagging_and_written_overrides(tmp_path):
    flag = write_policy(
        tmp_path,
        """
        rules:
          - id: watch-pigs
            title: Watch
            clause: "Civility."
            category: vulgarity
            when: {any: [{keywords: ["pigs"]}]}
            action: flag
        """,
    )
    assert load_policy(flag).rules[0].action is ActionKind.FLAG
    override = write_policy(
        tmp_path,
        """
        rules:
          - id: pig-farm-spam
            title: Livestock spam
            clause: "Spam."
            category: spam
            when: {all: [{keywords: ["pigs for sale"]}, {signal: spam, min: 0.5}]}
            action: hide
            viewpoint_override: "Approved by the City Attorney 2026-10-01: targets livestock sale spam, not opinion."
        """,
    )
    assert load_policy(override).rules[0].viewpoint_override


def make(text: str = "", media: tuple[str, ...] = (), authorized: bool = False) -> ScoreInput:
    return ScoreInput(text=text, media=media, author_authorized=authorized)


def test_engine_most_severe_wins_and_urgency_is_ored():
    pol = load_policy(SHIPPED)
    v = decide(pol, make("x"), {"threat": 0.995, "vulgarity": 0.9})
    assert v.action is ActionKind.HIDE and v.urgent and v.rule_id == "threat-violence"
    assert "threat" in v.categories and "vulgarity" in v.categories
    assert "Attachment A" in v.reason and v.clause in v.reason
    assert v.policy_version == pol.version


def test_engine_routes_delicate_and_low_confidence_to_humans():
    pol = load_policy(SHIPPED)
    assert decide(pol, make(), {"threat": 0.6}).action is ActionKind.FLAG
    assert decide(pol, make(), {"threat": 0.6}).urgent
    assert decide(pol, make(), {"allegation": 0.99}).action is ActionKind.FLAG
    assert decide(pol, make(), {"vulgarity": 0.99}).action is ActionKind.FLAG
    assert decide(pol, make(), {"juvenile_info": 0.99}).action is ActionKind.FLAG


def test_crime_words_get_the_911_reply_only_when_the_model_reads_a_report():
    """The cues see crime words in a complaint about last month's response too: without the model's agreement a
    person decides whether to answer, and nobody gets a scripted reply to a thank-you."""
    pol = load_policy(SHIPPED)
    confirmed = decide(pol, make(), {"crime_report": 0.85, "report_crime": 0.9})
    assert confirmed.action is ActionKind.REPLY and confirmed.rule_id == "crime-report"
    unconfirmed = decide(pol, make(), {"crime_report": 0.85, "report_crime": 0.0})
    assert unconfirmed.action is ActionKind.FLAG and unconfirmed.rule_id == "crime-report-unconfirmed"
    assert unconfirmed.reply is None and not unconfirmed.urgent


def test_engine_unless_keeps_protected_speech_up():
    pol = load_policy(SHIPPED)
    harsh = {"harassment": 0.999, "institution_target": 0.9}
    assert decide(pol, make(), harsh).action is ActionKind.FLAG  # criticism of the institution: a human looks
    assert decide(pol, make(), {"harassment": 0.999}).action is ActionKind.HIDE
    # Counter-speech is a model input now, not a veto: the hate score already carries it.
    assert (
        decide(pol, make(), {"hate": 0.95, "toxicity": 0.8, "counter_speech": 0.9}).action is ActionKind.HIDE
    )
    # An identity-attack score without toxicity (a negated claim) goes to a person, never hidden unseen.
    assert decide(pol, make(), {"hate": 0.95, "toxicity": 0.2}).action is ActionKind.FLAG


def test_engine_reply_for_crime_reports_and_allow_for_nothing():
    pol = load_policy(SHIPPED)
    v = decide(pol, make(), {"crime_report": 0.9, "report_crime": 0.5})
    assert v.action is ActionKind.REPLY and "575-526-0795" in (v.reply or "")
    e = decide(pol, make(), {"emergency": 0.9})
    assert e.urgent and "911" in (e.reply or "")
    a = decide(pol, make("thank you officers"), {"toxicity": 0.01})
    assert a.action is ActionKind.ALLOW and a.rule_id is None and a.matches == ()


def test_dry_run_rules_are_recorded_but_never_decide(tmp_path):
    d = write_policy(tmp_path, RULE_OK.replace("urgent: true", "urgent: true\n    dry_run: true"))
    v = decide(load_policy(d), make(), {"threat": 0.99})
    assert v.action is ActionKind.ALLOW
    assert [m.rule_id for m in v.matches] == ["threat-violence"]
    assert "dry-run" in v.reason


def test_keyword_pattern_and_media_conditions_on_folded_text(tmp_path):
    d = write_policy(
        tmp_path,
        """
        rules:
          - id: promo
            title: Promo
            clause: "Spam."
            category: spam
            when:
              any:
                - {keywords: ["crypto giveaway"]}
                - {pattern: "whats?app\\\\s*\\\\+?\\\\d{6,}"}
          - id: media
            title: Media
            clause: "Media."
            category: unauthorized_media
            when: {all: [{media: [photo, video]}, {author_authorized: false}]}
            action: hide
        """.replace("          - id: media", "            action: hide\n          - id: media"),
    )
    pol = load_policy(d)
    assert decide(pol, make("Join the ＣＲＹＰＴＯ GIVEAWAY now"), {}).rule_id == "promo"
    assert decide(pol, make("whatsapp +1555123456"), {}).rule_id == "promo"
    assert decide(pol, make("cryptography is neat"), {}).action is ActionKind.ALLOW
    assert decide(pol, make("look", media=("photo",)), {}).rule_id == "media"
    assert decide(pol, make("look", media=("photo",), authorized=True), {}).action is ActionKind.ALLOW


def test_vulgarity_aimed_at_the_department_goes_to_a_human_never_removed():
    pol = load_policy(SHIPPED)
    v = decide(pol, make("this is bs, f the police"), {"vulgarity": 0.75, "institution_target": 0.9})
    assert v.action is ActionKind.FLAG and v.rule_id == "vulgarity-at-department" and not v.urgent
    assert decide(pol, make("what a mess"), {"vulgarity": 0.75}).action is ActionKind.ALLOW
