"""environment.yml (conda) and pyproject.toml (pip) must ask for the same packages."""

import re
import tomllib

import yaml

from egov_report.paths import PROJECT_ROOT

CONDA_ONLY = {"python", "pip", "pango", "fonts-conda-ecosystem"}  # provided by pip/Debian outside conda


def _split(spec: str) -> tuple[str, str]:
    name, version = re.match(r"([A-Za-z0-9_.\-]+)\s*(.*)", spec).groups()
    return name.lower().replace("_", "-"), version.replace(" ", "")


def test_environment_yml_matches_pyproject():
    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = [*project["dependencies"], *(s for extra in project["optional-dependencies"].values() for s in extra)]
    pip_side = dict(_split(s) for s in wanted)
    environment = yaml.safe_load((PROJECT_ROOT / "environment.yml").read_text(encoding="utf-8"))
    conda_side = dict(_split(s) for s in environment["dependencies"] if isinstance(s, str))
    for name in CONDA_ONLY:
        conda_side.pop(name, None)
    assert conda_side == pip_side
