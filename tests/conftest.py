pytest_plugins = ["tests.conftest_platforms"]
