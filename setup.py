"""Build hook: the wheel carries the deployment files (policy, example config, systemd units) in bot/_shipped/.

They stay at the top of the checkout, where people edit them; `modbot init DIR` writes them out from an
installed wheel. Everything else about the build is in pyproject.toml.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
# (folder of the checkout, the files of it that ship)
SHIPPED = {
    "moderation_policies": ["*.yaml", "*.yml", "*.txt", "*.md"],
    "config": ["*.example.toml", "*.service"],
}


class BuildWithDeploymentFiles(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads them from the checkout itself
        target = Path(self.build_lib) / "bot" / "_shipped"
        shutil.rmtree(target, ignore_errors=True)
        for folder, patterns in SHIPPED.items():
            (target / folder).mkdir(parents=True)
            for pattern in patterns:
                for src in sorted((HERE / folder).glob(pattern)):
                    shutil.copy2(src, target / folder / src.name)


setup(cmdclass={"build_py": BuildWithDeploymentFiles})
