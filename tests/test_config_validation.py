"""Config validation names the key for list items of the wrong type, ports out of range and unknown log levels."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from bot.cli import main
from bot.config import ConfigError, load_settings

PAGE = "[[pages]]\nname = 'fb'\nplatform = 'facebook'\npage_id = '1'\ntoken_env = 'T'\n"
EMAIL = "[alerts.email]\nhost = 'smtp.test'\n"


@pytest.mark.parametrize(
    "body, message",
    [
        (PAGE + "authorized_authors = [1, 2]\n", "pages[0].authorized_authors[0]: expected str, got int"),
        (EMAIL + "recipients = [5, '']\n", "alerts.email.recipients[0]: expected str, got int"),
        (EMAIL + "recipients = ['sgt@lcpd.test', '']\n", "alerts.email.recipients[1]: must not be empty"),
        (EMAIL + "recipients = ['a@b.test']\nport = 70000\n", "alerts.email.port: 70000 is not a TCP port"),
        ("[web]\nport = 70000\n", "web.port: 70000 is not a TCP port"),
        ("[modbot]\nlog_level = 'VERBOSE'\n", "modbot.log_level: 'VERBOSE' is not one of"),
    ],
)
def test_bad_values_are_config_errors_naming_the_key(tmp_path, body, message):
    cfg = tmp_path / "modbot.toml"
    cfg.write_text(body)
    with pytest.raises(ConfigError, match=message.replace("[", r"\[").replace("]", r"\]")):
        load_settings(cfg)


def test_run_with_an_unknown_log_level_exits_2_not_a_crash(tmp_path, monkeypatch):
    monkeypatch.setenv("T", "token")
    cfg = tmp_path / "modbot.toml"
    cfg.write_text("[modbot]\nlog_level = 'VERBOSE'\n" + PAGE)
    result = CliRunner().invoke(main, ["run", "--config", str(cfg), "--once"])
    assert result.exit_code == 2, result.output
    assert "modbot.log_level" in result.output


def test_good_lists_and_ports_still_load(tmp_path):
    cfg = tmp_path / "modbot.toml"
    cfg.write_text(
        PAGE + "authorized_authors = ['Chief Ortiz']\n" + EMAIL + "recipients = ['a@b.test']\nport = 465\n"
    )
    settings = load_settings(cfg)
    assert settings.pages[0].authorized_authors == frozenset({"Chief Ortiz"})
    assert settings.alerts.email is not None and settings.alerts.email.port == 465
