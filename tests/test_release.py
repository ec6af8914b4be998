"""The release: licence, citation file, one version, and complete distributions.

The citation file is validated against the Citation File Format 1.2.0 JSON
Schema, kept in ``tests/fixtures`` (copied unchanged from the cffconvert 2.0.0
wheel; see the NOTICE file beside it), so the check runs offline. CI also runs
cffconvert itself on it (``tools/check_dist.py``).

The wheel and sdist are built in-process with hatchling, the project's build
backend, and compared with the checkout by walking ``src/ithrive``: a module
or data file added anywhere under it is expected in the wheel without being
listed here. ``tools/check_dist.py`` does the same on a real ``python -m build``
and then installs and tries the wheel.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import re
import subprocess
import sys
import tempfile
import tomllib
import zipfile
from contextlib import redirect_stderr, redirect_stdout
from importlib import metadata
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft7Validator, FormatChecker
from tests.sources import (
    APPROACH_SOURCE,
    CHECKLIST_SOURCE,
    REPORT_SOURCE,
    STANDARDS_SOURCE,
    TOOL_SOURCE,
    needs_sources,
    source_lines,
)
from tests.tools import load_tool

import ithrive
from ithrive.cli import main

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
SCHEMA_SHA256 = "0b8d22140da702d766df318dcff3a91af2f39521298dcf36d76315fd99cc169b"
CHECK_DIST = load_tool("check_dist")
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))

#: The five source documents (``shared/seeds``) and the title each is cited by.
SOURCES = {
    TOOL_SOURCE: "THRIVE Implementation Assessment Tool",
    CHECKLIST_SOURCE: (
        "i-THRIVE Toolkit: Implementation Checklist for a “THRIVE-like” system: Workshop"
    ),
    APPROACH_SOURCE: "i-THRIVE Approach to Implementation",
    STANDARDS_SOURCE: "GM i-THRIVE Standards",
    REPORT_SOURCE: "i-THRIVE: Year One of Implementation",
}


def _dates_as_text(node: Any) -> Any:
    """YAML dates as ``YYYY-MM-DD`` text, as the CFF schema asks validators to do."""
    if isinstance(node, dict):
        return {key: _dates_as_text(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_dates_as_text(value) for value in node]
    if isinstance(node, dt.date):
        return node.isoformat()
    return node


CITATION: dict[str, Any] = _dates_as_text(
    yaml.safe_load((ROOT / "CITATION.cff").read_text("utf-8"))
)


# --------------------------------------------------------------------------- licence


def test_licence_file_is_the_mit_licence_the_metadata_declares() -> None:
    """LICENSE holds the MIT text, and pyproject declares MIT and ships that file."""
    text = (ROOT / "LICENSE").read_text("utf-8")
    assert text.startswith("MIT License\n")
    assert "Permission is hereby granted, free of charge" in text
    assert "MIT" == PYPROJECT["project"]["license"]
    assert ["LICENSE"] == PYPROJECT["project"]["license-files"]


# --------------------------------------------------------------------------- citation


def test_cff_schema_fixture_is_the_unchanged_1_2_0_schema() -> None:
    """The schema used below is byte for byte the CFF 1.2.0 schema shipped by cffconvert."""
    raw = (FIXTURES / "cff-1.2.0.schema.json").read_bytes()
    assert SCHEMA_SHA256 == hashlib.sha256(raw).hexdigest()
    assert "https://citation-file-format.github.io/1.2.0/schema.json" == json.loads(raw)["$id"]


def test_citation_file_is_valid_cff_1_2_0() -> None:
    """CITATION.cff passes the CFF 1.2.0 JSON Schema, formats (dates, URLs) included."""
    schema = json.loads((FIXTURES / "cff-1.2.0.schema.json").read_text("utf-8"))
    validator = Draft7Validator(schema, format_checker=FormatChecker())
    problems = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(CITATION)]
    assert [] == problems
    assert "1.2.0" == CITATION["cff-version"]


def test_schema_check_rejects_a_citation_without_authors() -> None:
    """The validator is live: the same file without its authors fails the schema."""
    schema = json.loads((FIXTURES / "cff-1.2.0.schema.json").read_text("utf-8"))
    broken = {key: value for key, value in CITATION.items() if key != "authors"}
    messages = [e.message for e in Draft7Validator(schema).iter_errors(broken)]
    assert ["'authors' is a required property"] == messages


def test_citation_names_the_software_as_the_package_metadata_does() -> None:
    """Version, licence, authors and keywords of CITATION.cff agree with the package."""
    project = PYPROJECT["project"]
    assert ithrive.__version__ == CITATION["version"]
    assert project["license"] == CITATION["license"]
    assert [a["name"] for a in project["authors"]] == [a["name"] for a in CITATION["authors"]]
    assert project["keywords"] == CITATION["keywords"]
    assert "software" == CITATION["type"]
    assert CITATION["title"].startswith("ithrive")
    assert len(CITATION["abstract"]) > 200


def test_citation_release_date_is_a_real_date_not_in_the_future() -> None:
    """``date-released`` is a calendar date no later than today."""
    released = dt.date.fromisoformat(CITATION["date-released"])
    assert released <= dt.date.today()


def test_citation_release_date_matches_the_changelog_section_of_its_version() -> None:
    """Once the changelog has a section for the cited version, their dates agree."""
    changelog = (ROOT / "CHANGELOG.md").read_text("utf-8")
    sections = dict(re.findall(r"^## \[([^\]]+)\] - (\d{4}-\d{2}-\d{2})$", changelog, re.M))
    expected = sections.get(CITATION["version"], CITATION["date-released"])
    assert expected == CITATION["date-released"]


def test_citation_references_the_five_thrive_source_documents() -> None:
    """Each source document is a reference, by its title, with its file named in the notes."""
    references = {ref["title"]: ref for ref in CITATION["references"]}
    assert sorted(SOURCES.values()) == sorted(references)
    for filename, title in SOURCES.items():
        assert filename in references[title]["notes"]


@needs_sources
def test_each_reference_title_is_the_title_its_source_document_gives() -> None:
    """The cited titles are the documents' own (read from ``shared/seeds``)."""
    for filename, title in SOURCES.items():
        assert title in " ".join(" ".join(source_lines(filename)).split()), filename


def test_docs_say_how_to_cite() -> None:
    """A docs page points at CITATION.cff and gives the software's title as cited."""
    title = CITATION["title"].removeprefix("ithrive: ")
    pages = [
        page.relative_to(ROOT).as_posix()
        for page in sorted((ROOT / "docs").rglob("*.md"))
        if "CITATION.cff" in (text := " ".join(page.read_text("utf-8").split()))
        and title in text.replace("*", "")
    ]
    assert pages, "no docs page says how to cite ithrive"


# --------------------------------------------------------------------------- one version


def test_version_comes_from_the_package_alone() -> None:
    """pyproject has no version of its own: hatch reads ``__version__`` from the package."""
    project = PYPROJECT["project"]
    assert "version" not in project
    assert ["version"] == project["dynamic"]
    assert "src/ithrive/_version.py" == PYPROJECT["tool"]["hatch"]["version"]["path"]
    assert ithrive.__version__ == CHECK_DIST.source_version(ROOT)


def test_command_line_version_is_the_package_version() -> None:
    """``ithrive --version`` prints ``ithrive`` and ``ithrive.__version__``."""
    out = io.StringIO()
    with redirect_stdout(out), pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert 0 == exit_info.value.code
    assert f"ithrive {ithrive.__version__}\n" == out.getvalue()


def test_installed_metadata_version_is_the_package_version() -> None:
    """The installed distribution's metadata carries the same version."""
    assert ithrive.__version__ == metadata.version("ithrive")


# --------------------------------------------------------------------------- distributions


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A wheel and an sdist built in-process from the checkout by hatchling."""
    from hatchling.builders.sdist import SdistBuilder
    from hatchling.builders.wheel import WheelBuilder

    out = tmp_path_factory.mktemp("dist")
    wheel = next(iter(WheelBuilder(str(ROOT)).build(directory=str(out), versions=["standard"])))
    sdist = next(iter(SdistBuilder(str(ROOT)).build(directory=str(out), versions=["standard"])))
    return {"wheel": Path(wheel), "sdist": Path(sdist)}


def test_wheel_holds_every_module_and_data_file_under_src(built: dict[str, Path]) -> None:
    """Every file found under ``src/ithrive`` (data, ``py.typed``, modules) is in the wheel."""
    expected = CHECK_DIST.package_files(ROOT / "src")
    assert "ithrive/py.typed" in expected
    assert "ithrive/rules/thrive-assessment.toml" in expected
    assert [] == CHECK_DIST.missing_from_wheel(ROOT / "src", built["wheel"])


def test_wheel_metadata_carries_version_licence_and_licence_file(built: dict[str, Path]) -> None:
    """The wheel's METADATA has the package version and ``License-Expression: MIT``."""
    assert [] == CHECK_DIST.metadata_problems(built["wheel"], ithrive.__version__)


def test_sdist_holds_licence_citation_package_tests_and_docs(built: dict[str, Path]) -> None:
    """The sdist carries what building and testing from it needs."""
    names = CHECK_DIST.sdist_names(built["sdist"])
    assert {"LICENSE", "CITATION.cff", "pyproject.toml"} <= names
    assert [] == CHECK_DIST.missing_from_sdist(ROOT, built["sdist"])


def test_the_installed_smoke_test_imports_every_module_internal_ones_too() -> None:
    """Every ``.py`` file of the package is imported by the smoke test (``__main__`` aside),
    so code a package loads only on demand (the command line's commands) is checked too."""
    import ithrive

    root = Path(ithrive.__file__).resolve().parent
    files = {
        ".".join(("ithrive", *p.relative_to(root).with_suffix("").parts)).removesuffix(".__init__")
        for p in root.rglob("*.py")
    }
    assert files - {"ithrive.__main__"} == set(CHECK_DIST.package_modules())
    assert CHECK_DIST.is_public("ithrive.cli")
    assert not CHECK_DIST.is_public("ithrive.cli._score")


def _wheel_without(path: Path, src: Path, left_out: str) -> Path:
    """A wheel-shaped zip of every file under ``src/ithrive`` but ``left_out``."""
    with zipfile.ZipFile(path, "w") as archive:
        for name in CHECK_DIST.package_files(src):
            if name != left_out:
                archive.writestr(name, b"")
    return path


def test_a_data_file_left_out_of_the_wheel_is_reported(tmp_path: Path) -> None:
    """Leaving the packaged ruleset out of a wheel makes the check name it."""
    wheel = _wheel_without(tmp_path / "x.whl", ROOT / "src", "ithrive/rules/thrive-assessment.toml")
    assert ["ithrive/rules/thrive-assessment.toml"] == CHECK_DIST.missing_from_wheel(
        ROOT / "src", wheel
    )


def test_a_new_data_file_anywhere_under_the_package_is_expected(tmp_path: Path) -> None:
    """Data files are found by walking the package, not from a list: a new one counts too."""
    package = tmp_path / "src" / "ithrive"
    (package / "extra" / "__pycache__").mkdir(parents=True)
    (package / "__init__.py").write_text("", "utf-8")
    (package / "extra" / "table.csv").write_text("a,b\n", "utf-8")
    (package / "extra" / "__pycache__" / "x.cpython-311.pyc").write_bytes(b"")
    wheel = tmp_path / "x.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        archive.writestr("ithrive/__init__.py", b"")
    assert ["ithrive/extra/table.csv"] == CHECK_DIST.missing_from_wheel(tmp_path / "src", wheel)


# --------------------------------------------------------------------------- check_dist itself


def test_keep_refuses_a_folder_it_did_not_make_and_deletes_nothing(tmp_path: Path) -> None:
    """``check_dist.py --keep DIR`` on a folder with other files in it stops before building.

    It used to empty DIR first, so ``--keep .`` deleted the checkout.
    """
    (tmp_path / "precious.txt").write_text("keep me", "utf-8")
    err = io.StringIO()
    with redirect_stderr(err):
        assert 2 == CHECK_DIST.main(["--keep", str(tmp_path)])
    assert "keep me" == (tmp_path / "precious.txt").read_text("utf-8")
    assert "not a new or empty folder" in err.getvalue()


def test_keep_reuses_a_folder_an_earlier_run_kept(tmp_path: Path) -> None:
    """A new folder is made and marked; a marked folder is emptied again for the next run."""
    folder = tmp_path / "kept"
    assert folder == CHECK_DIST.keep_folder(folder)
    (folder / "dist").mkdir()
    assert folder == CHECK_DIST.keep_folder(folder)
    assert [CHECK_DIST.KEEP_MARKER] == [p.name for p in folder.iterdir()]
    assert CHECK_DIST.keep_folder(tmp_path) is None


def test_commands_run_by_check_dist_make_their_temporary_files_in_its_work_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Inside the check, ``TMPDIR`` is the work folder's ``tmp``; afterwards it is as it was.

    pytest, pip and build each leave or make folders in the system's
    temporary directory; pointed into the work folder, they go with it.
    """
    monkeypatch.setenv("TMPDIR", "/somewhere/else")
    with CHECK_DIST.temporary_files_in(tmp_path / "tmp") as folder:
        assert str(folder) == os.environ["TMPDIR"]
        assert str(folder) == tempfile.gettempdir()
        done = subprocess.run(
            [sys.executable, "-c", "import tempfile; print(tempfile.gettempdir())"],
            capture_output=True,
            text=True,
            check=True,
        )
        assert str(folder) == done.stdout.strip()
    assert "/somewhere/else" == os.environ["TMPDIR"]


def test_ci_script_removes_the_temporary_folders_it_makes() -> None:
    """Each ``mktemp -d`` folder of ``.ci/run`` (the docs site) is removed on exit by a trap."""
    script = (ROOT / ".ci" / "run").read_text("utf-8")
    made = re.findall(r'^(\w+)="\$\(mktemp -d\)"$', script, re.MULTILINE)
    assert made, "the docs site is no longer built into a temporary folder: update this test"
    traps = " ".join(re.findall(r"^trap (.+) EXIT$", script, re.MULTILINE))
    assert [] == [name for name in made if f'rm -rf "${name}"' not in traps]
    assert "$(mktemp" not in script.replace('="$(mktemp -d)"', "")


def test_check_dist_without_build_or_twine_says_to_install_the_test_extra(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without ``build`` (or ``twine``, ``pytest``) it stops at once and names the extra."""
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "build" else real(name, *a)
    )
    err = io.StringIO()
    with redirect_stderr(err):
        assert 2 == CHECK_DIST.main(["--keep", str(tmp_path / "kept")])
    assert "build not installed" in err.getvalue()
    assert "pip install -e '.[test]'" in err.getvalue()
    assert not (tmp_path / "kept").exists()
