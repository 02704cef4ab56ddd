"""Pacer and rate-header parsing, on a fake clock; secret redaction."""

from __future__ import annotations

import json
import logging

import pytest

from bot.domain import Platform
from bot.platforms._http import install_log_scrubber, redact, register_secret
from bot.platforms.base import RateLimited
from bot.platforms.pacing import Pacer, RateInfo, graph_rate_info, reddit_rate_info, x_rate_info


def test_pacer_blocks_until_reset_when_budget_is_spent(fake_clock):
    pacer = Pacer(Platform.X, clock=fake_clock, sleep=fake_clock.sleep)
    pacer.observe(RateInfo(remaining=0, limit=450, reset_at=fake_clock() + 900))
    with pytest.raises(RateLimited) as info:
        pacer.before_request()
    assert info.value.retry_at == fake_clock() + 900
    fake_clock.advance(900)
    pacer.before_request()
    assert fake_clock.sleeps == []


def test_limit_lifts_at_the_advertised_reset_else_a_minute_from_now(fake_clock):
    pacer = Pacer(Platform.X, clock=fake_clock, sleep=fake_clock.sleep)
    pacer.observe(RateInfo(remaining=0, limit=50, reset_at=fake_clock() + 900), bucket="hide")
    assert pacer.limit_lifts_at("hide") == fake_clock() + 900
    # No reset was advertised for this bucket: wait a minute, and refuse requests until then.
    now = fake_clock()
    assert pacer.limit_lifts_at("search") == now + 60
    with pytest.raises(RateLimited):
        pacer.before_request("search")
    pacer.before_request("")  # other buckets are not held
    fake_clock.advance(60)
    pacer.before_request("search")


def test_pacer_spreads_the_last_of_the_budget_over_the_window(fake_clock):
    pacer = Pacer(Platform.REDDIT, clock=fake_clock, sleep=fake_clock.sleep, max_pause=100)
    pacer.observe(RateInfo(remaining=500, limit=1000, reset_at=fake_clock() + 600))
    pacer.before_request()
    assert fake_clock.sleeps == []  # plenty left: no pause
    pacer.observe(RateInfo(remaining=9, limit=1000, reset_at=fake_clock() + 600))
    pacer.before_request()
    assert fake_clock.sleeps == [pytest.approx(60.0)]  # 600 s over the 10 remaining slots


def test_pacer_pause_is_capped(fake_clock):
    pacer = Pacer(Platform.FACEBOOK, clock=fake_clock, sleep=fake_clock.sleep, max_pause=5)
    pacer.observe(RateInfo(remaining=2, limit=100, reset_at=fake_clock() + 3600))
    pacer.before_request()
    assert fake_clock.sleeps == [5]


def test_header_parsers():
    now = 1_000_000.0
    x = x_rate_info(
        {"x-rate-limit-limit": "450", "x-rate-limit-remaining": "3", "x-rate-limit-reset": "1000900"}, now
    )
    assert x == RateInfo(remaining=3, limit=450, reset_at=1_000_900)
    r = reddit_rate_info(
        {"x-ratelimit-remaining": "595.0", "x-ratelimit-used": "5", "x-ratelimit-reset": "300"}, now
    )
    assert r == RateInfo(remaining=595, limit=600, reset_at=now + 300)
    usage = {"x-app-usage": json.dumps({"call_count": 95, "total_cputime": 10, "total_time": 12})}
    assert graph_rate_info(usage, now).remaining == 5
    spent = {
        "x-business-use-case-usage": json.dumps(
            {"1": [{"type": "pages", "call_count": 100, "estimated_time_to_regain_access": 7}]}
        )
    }
    assert graph_rate_info(spent, now) == RateInfo(remaining=0, limit=100, reset_at=now + 420)
    assert graph_rate_info({"x-app-usage": "not json"}, now) == RateInfo()
    assert x_rate_info({}, now) == RateInfo()


def test_redact_removes_tokens_from_urls_headers_and_registered_secrets(caplog):
    register_secret("s3cr3t-value-123")
    assert "s3cr3t" not in redact("failed: s3cr3t-value-123")
    assert redact("GET /x?access_token=abc123&after=1") == "GET /x?access_token=[redacted]&after=1"
    assert "tok" not in redact("{'Authorization': 'Bearer tokABC'}")
    install_log_scrubber()
    caplog.set_level(logging.DEBUG)
    logging.getLogger("tweepy.client").debug("Headers: %s", {"Authorization": "Bearer s3cr3t-value-123"})
    assert "s3cr3t" not in caplog.text and "[redacted]" in caplog.text
