pytest_plugins = ["tests.conftest_platforms", "tests.conftest_webhook", "tests.conftest_scoring"]
