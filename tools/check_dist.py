"""Build the sdist and wheel as a release would, check them, and try them out.

Run from anywhere (CI runs it from ``.ci/run``)::

    python tools/check_dist.py [--keep DIR]

The steps, each reported on its own line; the script exits non-zero when any
check fails and ends with ``check_dist: N passed, 0 failed`` when all pass:

1. ``python -m build``: the sdist, then the wheel built *from the sdist*, so
   a file the sdist leaves out is missing from the wheel as well.
2. ``twine check --strict`` on both (metadata and the README as rendered).
3. Contents: the wheel holds every file under ``src/ithrive`` (found by
   walking the folder, so new modules and data files need no list here), the
   licence text and the right version and licence metadata; the sdist holds
   the licence, the citation file, and every file under ``src/ithrive``,
   ``tests``, ``docs``, ``examples`` and ``tools``.
4. A fresh virtual environment with only the wheel (and its runtime
   dependencies) installed, outside the repository and without
   ``PYTHONPATH``: ``ithrive --version``, ``ithrive demo`` and
   ``ithrive rules verify`` run; every module imports (a package's internal
   modules too, as some are loaded only by the call that needs them) and
   every name in a public module's ``__all__`` resolves; every packaged data file is read (TOML and
   JSON parsed, rulesets loaded and verified, instruments and example
   documents read with the library's own loaders); the version agrees
   everywhere.
5. ``CITATION.cff`` validated by ``cffconvert``, the Citation File Format's
   reference validator, in a virtual environment of its own (it pins an old
   ``jsonschema`` that the test extra cannot share).
6. The sdist's own tests, from the unpacked sdist, against the sdist's own
   ``src``: the subset in :data:`SDIST_TESTS`, chosen because it reads what
   the sdist must carry beside the package (the docs site built strictly,
   every docs page's doctests and console transcripts, the docstring
   examples, JSON Schemas, examples, fixtures, the error catalogue, the
   citation file, the source documents when found) and pins the framework,
   the ruleset's verification and the scoring decisions, in about 40 s of
   CPU. The whole suite (about two minutes) already runs in CI from the
   checkout; running it again here would double CI's longest step.
   ``tests/test_cli.py`` (about 30 s, most of it starting processes) is left
   out: the installed wheel's command line is tried in step 4, and the docs'
   console transcripts run here.

Everything happens in a temporary folder, removed at the end, and the
commands it runs make their own temporary files inside it (``TMPDIR``).
``--keep DIR`` works in ``DIR`` instead and keeps it; it empties only a new
or empty folder or one an earlier ``--keep`` run made, and refuses any
other. It needs ``build``, ``twine`` and ``pytest`` (the test extra) in
the Python that runs it, and a package index for the fresh environments.

The smoke test of step 4 is this same file, run as ``check_dist.py --smoke``
by the fresh environment's Python: it needs nothing but the standard library
and the installed ``ithrive``.
"""

from __future__ import annotations

import argparse
import contextlib
import email.parser
import importlib
import json
import os
import pkgutil
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import tomllib
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path, PurePosixPath
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = "ithrive"

#: Folders of the checkout the sdist must carry whole.
SDIST_FOLDERS = ("src/ithrive", "tests", "docs", "examples", "tools")
#: Single files the sdist must carry.
SDIST_FILES = (
    "LICENSE",
    "CITATION.cff",
    "README.md",
    "CHANGELOG.md",
    "pyproject.toml",
    "conftest.py",
    "mkdocs.yml",
)

#: The sdist's own tests run from the unpacked sdist (see step 6 above).
SDIST_TESTS = (
    "tests/test_release.py",
    "tests/test_docs.py",
    "tests/test_docs_cli.py",
    "tests/test_docs_site.py",
    "tests/test_error_catalogue.py",
    "tests/test_schema.py",
    "tests/test_cases.py",
    "tests/test_decisions.py",
    "tests/test_verify.py",
    "tests/test_framework.py",
    "tests/test_instruments.py",
    "tests/test_instrument_links.py",
    "README.md",
    "docs",
    "src/ithrive",
)

#: The reference validator of CITATION.cff (step 5).
CFFCONVERT = "cffconvert==2.0.0"


# --------------------------------------------------------------------------- file lists


def is_shipped(relative: PurePosixPath) -> bool:
    """Whether a file of the checkout belongs in a distribution: not bytecode, not a cache."""
    if any(part == "__pycache__" or part.startswith(".") for part in relative.parts):
        return False
    return relative.suffix not in {".pyc", ".pyo"}


def files_under(folder: Path, *, prefix: str = "") -> set[str]:
    """Every shipped file under ``folder``, as POSIX paths relative to it, with ``prefix``."""
    found = set()
    for path in folder.rglob("*"):
        relative = PurePosixPath(path.relative_to(folder).as_posix())
        if path.is_file() and is_shipped(relative):
            found.add(f"{prefix}{relative}")
    return found


def package_files(src: Path) -> set[str]:
    """The files a wheel must hold for the package in ``src/ithrive``, as wheel paths."""
    return files_under(src / PACKAGE, prefix=f"{PACKAGE}/")


def wheel_names(wheel: Path) -> set[str]:
    """The file names inside a wheel."""
    with zipfile.ZipFile(wheel) as archive:
        return {name for name in archive.namelist() if not name.endswith("/")}


def missing_from_wheel(src: Path, wheel: Path) -> list[str]:
    """Files under ``src/ithrive`` (modules, data files, ``py.typed``) that the wheel lacks."""
    return sorted(package_files(src) - wheel_names(wheel))


def sdist_names(sdist: Path) -> set[str]:
    """The file names inside an sdist, without its top folder (``ithrive-X.Y/``)."""
    with tarfile.open(sdist) as archive:
        names = {member.name for member in archive.getmembers() if member.isfile()}
    return {name.split("/", 1)[1] for name in names if "/" in name}


def missing_from_sdist(root: Path, sdist: Path) -> list[str]:
    """Files of the checkout that the sdist must carry but lacks."""
    wanted = {name for name in SDIST_FILES if (root / name).is_file()}
    for folder in SDIST_FOLDERS:
        if (root / folder).is_dir():
            wanted |= files_under(root / folder, prefix=f"{folder}/")
    return sorted(wanted - sdist_names(sdist))


def wheel_metadata(wheel: Path) -> email.message.Message:
    """The core metadata (``METADATA``) of a wheel."""
    with zipfile.ZipFile(wheel) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        return email.parser.Parser().parsestr(archive.read(name).decode("utf-8"))


def metadata_problems(wheel: Path, version: str) -> list[str]:
    """What is wrong with the wheel's version, licence and licence file."""
    meta = wheel_metadata(wheel)
    problems = []
    if meta["Version"] != version:
        problems.append(f"metadata Version is {meta['Version']!r}, __version__ is {version!r}")
    if meta["License-Expression"] != "MIT":
        problems.append(f"License-Expression is {meta['License-Expression']!r}, not 'MIT'")
    if "LICENSE" not in (meta.get_all("License-File") or []):
        problems.append("no License-File: LICENSE in the metadata")
    licences = [n for n in wheel_names(wheel) if n.endswith(".dist-info/licenses/LICENSE")]
    if not licences:
        problems.append("the wheel has no .dist-info/licenses/LICENSE")
    return problems


def source_version(root: Path) -> str:
    """The version the build reads: ``[tool.hatch.version]`` of pyproject applied to its file."""
    config = tomllib.loads((root / "pyproject.toml").read_text("utf-8"))["tool"]["hatch"]["version"]
    text = (root / config["path"]).read_text("utf-8")
    found = re.search(config["pattern"], text, re.MULTILINE)
    if found is None:
        raise SystemExit(f"check_dist: no version in {config['path']} matches the hatch pattern")
    return str(found.group("version"))


# --------------------------------------------------------------------------- smoke test


def package_modules() -> list[str]:
    """Every module of the installed package, internal ones included (not ``__main__``).

    A package loads some of its internal modules only when a call needs
    them (the command line's commands), so importing the public modules
    alone would leave their code unimported.
    """
    package = importlib.import_module(PACKAGE)
    names = [PACKAGE]
    for info in pkgutil.walk_packages(package.__path__, f"{PACKAGE}."):
        if info.name != f"{PACKAGE}.__main__":  # runs the command line
            names.append(info.name)
    return sorted(names)


def is_public(module: str) -> bool:
    """Whether no part of a module's dotted name starts with ``_``."""
    return not any(part.startswith("_") for part in module.split("."))


def data_files() -> Iterator[tuple[str, Any]]:
    """Every packaged file that is not Python, as ``(path, resource)``."""
    from importlib import resources

    def walk(node: Any, path: str) -> Iterator[tuple[str, Any]]:
        for child in node.iterdir():
            name = f"{path}/{child.name}"
            if child.is_dir():
                if child.name != "__pycache__":
                    yield from walk(child, name)
            elif not child.name.endswith((".py", ".pyc", ".pyo")):
                yield name, child

    yield from walk(resources.files(PACKAGE), PACKAGE)


def load_data_file(path: str, resource: Any) -> str:
    """Read one packaged file the way the library does; say what was done with it."""
    from importlib import resources

    import ithrive

    raw = resource.read_bytes()
    if path.endswith("/py.typed"):
        return "marker present"
    if path.endswith(".toml"):
        data = tomllib.loads(raw.decode("utf-8"))
        if path.startswith(f"{PACKAGE}/rules/"):
            with resources.as_file(resource) as real:
                ruleset = ithrive.load_ruleset(real)
            return f"ruleset {ruleset.name} {ruleset.version} loaded and verified"
        return f"TOML, {len(data)} top-level keys"
    if path.endswith(".json"):
        data = json.loads(raw.decode("utf-8"))
        if isinstance(data, dict) and "evidence" in data:
            card = ithrive.score(data)
            return f"evidence document scored ({sum(1 for r in card if r.level)} items rated)"
        if isinstance(data, dict) and "responses" in data:
            from ithrive.instruments import read_response

            responses = [read_response(r) for r in data["responses"]]
            return f"{len(responses)} instrument responses read"
        return "JSON parsed"
    if path.endswith((".jsonl", ".ndjson")):
        rows = [json.loads(line) for line in raw.decode("utf-8").splitlines() if line.strip()]
        return f"JSON Lines, {len(rows)} rows parsed"
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return f"{len(raw)} bytes (binary) read"
    return f"{len(raw)} bytes of UTF-8 text read"


def smoke() -> int:
    """Run inside the fresh environment: imports, data files and the version."""
    from importlib import metadata

    import ithrive

    failures = 0
    location = Path(ithrive.__file__).resolve()
    if not location.is_relative_to(Path(sys.prefix).resolve()):
        print(f"FAIL ithrive imported from {location}, outside {sys.prefix}")
        return 1
    print(f"ok   ithrive imported from {location.parent}")

    installed = metadata.version(PACKAGE)
    if installed == ithrive.__version__:
        print(f"ok   __version__ and package metadata agree: {installed}")
    else:
        failures += 1
        print(f"FAIL __version__ {ithrive.__version__} but metadata {installed}")

    modules = package_modules()
    broken = 0
    for name in modules:
        try:
            module = importlib.import_module(name)
            for exported in getattr(module, "__all__", ()) if is_public(name) else ():
                getattr(module, exported)
        except Exception as err:  # report every module, not just the first
            broken += 1
            print(f"FAIL import {name}: {type(err).__name__}: {err}")
    failures += broken
    if not broken:
        public = sum(1 for name in modules if is_public(name))
        print(
            f"ok   {len(modules)} modules imported ({public} public), "
            "every public __all__ name resolved"
        )

    for path, resource in data_files():
        try:
            print(f"ok   {path}: {load_data_file(path, resource)}")
        except Exception as err:
            failures += 1
            print(f"FAIL {path}: {type(err).__name__}: {err}")
    from ithrive.instruments import default_approach, default_checklist, default_gm_standards

    instruments = (default_checklist(), default_approach(), default_gm_standards())
    print(
        f"ok   framework of {len(ithrive.FRAMEWORK)} items and "
        f"{len(instruments)} packaged instruments load"
    )
    return 1 if failures else 0


# --------------------------------------------------------------------------- the checks


class Checks:
    """Runs commands and records each check's outcome; a failure does not stop later checks."""

    def __init__(self) -> None:
        self.passed = 0
        self.failed: list[str] = []

    def record(self, name: str, problems: Iterable[str]) -> bool:
        problems = list(problems)
        if problems:
            self.failed.append(name)
            print(f"check_dist: FAIL {name}")
            for problem in problems:
                print(f"    {problem}")
            return False
        self.passed += 1
        print(f"check_dist: ok   {name}")
        return True

    def run(
        self,
        name: str,
        command: list[str],
        *,
        cwd: Path | None = None,
        env: dict[str, str] | None = None,
        show: bool = False,
        last: int | None = None,
    ) -> subprocess.CompletedProcess[str]:
        """Run ``command``; a non-zero exit is a failed check, with its output shown.

        ``show`` prints the output of a command that passed too (its ``last``
        lines only, when given).
        """
        done = subprocess.run(
            command, cwd=cwd, env=env, capture_output=True, text=True, check=False
        )
        output = (done.stdout + done.stderr).strip()
        problems = [] if done.returncode == 0 else [f"exit {done.returncode}", output[-6000:]]
        self.record(name, problems)
        if show and done.returncode == 0 and output:
            lines = output.splitlines()[-last:] if last else output.splitlines()
            print("    " + "\n    ".join(lines))
        return done


def clean_env(**extra: str) -> dict[str, str]:
    """The environment without anything that would point Python at the checkout."""
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "PYTHONHOME"}}
    env.pop("VIRTUAL_ENV", None)
    env.update(extra)
    return env


def venv_python(folder: Path) -> Path:
    """The interpreter of the virtual environment in ``folder``."""
    scripts = "Scripts" if os.name == "nt" else "bin"
    return folder / scripts / ("python.exe" if os.name == "nt" else "python")


def make_venv(checks: Checks, folder: Path, *packages: str) -> Path | None:
    """A fresh virtual environment with ``packages`` installed; ``None`` if that failed."""
    done = checks.run(
        f"virtual environment {folder.name}", [sys.executable, "-m", "venv", str(folder)]
    )
    if done.returncode != 0:
        return None
    python = venv_python(folder)
    pip = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    done = checks.run(
        f"install {' '.join(Path(p).name for p in packages)}", [*pip, *packages], env=clean_env()
    )
    return python if done.returncode == 0 else None


def find_sources(root: Path) -> Path | None:
    """The THRIVE source documents (``shared/seeds`` beside the checkout), if on this machine."""
    env = os.environ.get("ITHRIVE_SOURCES")
    if env:
        return Path(env)
    for parent in root.parents:
        if (parent / "shared" / "seeds" / "README.md").is_file():
            return parent / "shared" / "seeds"
    return None


def check(root: Path, work: Path) -> Checks:
    """All six steps, in ``work``; see the module docstring."""
    checks = Checks()
    version = source_version(root)
    dist = work / "dist"

    # 1. build
    done = checks.run(
        "python -m build (sdist, then the wheel from it)",
        [sys.executable, "-m", "build", "--outdir", str(dist), str(root)],
    )
    wheels, sdists = sorted(dist.glob("*.whl")), sorted(dist.glob("*.tar.gz"))
    if done.returncode != 0 or len(wheels) != 1 or len(sdists) != 1:
        checks.record("one wheel and one sdist built", [f"found {wheels + sdists}"])
        return checks
    wheel, sdist = wheels[0], sdists[0]

    # 2. twine
    checks.run(
        "twine check --strict",
        [sys.executable, "-m", "twine", "check", "--strict", str(wheel), str(sdist)],
    )

    # 3. contents and metadata
    checks.record(
        f"{wheel.name} holds every file under src/{PACKAGE}",
        [f"missing: {name}" for name in missing_from_wheel(root / "src", wheel)],
    )
    checks.record(
        f"{wheel.name} metadata: version {version}, licence MIT, LICENSE",
        metadata_problems(wheel, version),
    )
    checks.record(
        f"{sdist.name} holds the licence, citation, package, tests and docs",
        [f"missing: {name}" for name in missing_from_sdist(root, sdist)],
    )

    # 4. the wheel alone, in a fresh environment, outside the checkout
    python = make_venv(checks, work / "venv-wheel", str(wheel))
    if python is not None:
        away = work / "elsewhere"
        away.mkdir()
        env = clean_env()
        ithrive = [str(python), "-m", PACKAGE]
        got = checks.run("ithrive --version", [*ithrive, "--version"], cwd=away, env=env)
        checks.record(
            "ithrive --version agrees with __version__",
            []
            if got.stdout.split() == [PACKAGE, version]
            else [f"printed {got.stdout.strip()!r}, expected 'ithrive {version}'"],
        )
        entry = venv_python(work / "venv-wheel").parent / PACKAGE
        checks.run("ithrive demo (installed script)", [str(entry), "demo"], cwd=away, env=env)
        checks.run(
            "ithrive rules verify", [*ithrive, "rules", "verify"], cwd=away, env=env, show=True
        )
        checks.run(
            "every module imports; every packaged data file loads",
            [str(python), str(Path(__file__).resolve()), "--smoke"],
            cwd=away,
            env=env,
            show=True,
        )

    # 5. the citation file, by the reference validator
    cff_python = make_venv(checks, work / "venv-cffconvert", CFFCONVERT)
    if cff_python is not None:
        checks.run(
            "cffconvert --validate CITATION.cff",
            [
                str(cff_python),
                "-m",
                "cffconvert.cli.cli",
                "--validate",
                "--infile",
                str(root / "CITATION.cff"),
            ],
            env=clean_env(),
            show=True,
        )

    # 6. the sdist's own tests, from the unpacked sdist
    unpacked = work / "sdist"
    with tarfile.open(sdist) as archive:
        if hasattr(tarfile, "data_filter"):  # Python 3.11.4 and later
            archive.extractall(unpacked, filter="data")
        else:  # earlier 3.11: no filter, and none needed for the sdist just built
            archive.extractall(unpacked)
    (top,) = unpacked.iterdir()
    extra = {"PYTHONPATH": str(top / "src")}
    sources = find_sources(root)
    if sources is not None:
        extra["ITHRIVE_SOURCES"] = str(sources)
    env = clean_env(**extra)
    where = checks.run(
        "the sdist's tests import the sdist's own src",
        [sys.executable, "-c", f"import {PACKAGE}; print({PACKAGE}.__file__)"],
        cwd=top,
        env=env,
    )
    if where.returncode == 0 and not Path(where.stdout.strip()).resolve().is_relative_to(top):
        checks.record("sdist src first on the path", [f"imported {where.stdout.strip()}"])
    checks.run(
        f"pytest from the unpacked sdist ({len(SDIST_TESTS)} paths)",
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *SDIST_TESTS],
        cwd=top,
        env=env,
        show=True,
        last=1,
    )
    return checks


#: Modules the checks run with this Python (the test extra installs them).
TOOLS = ("build", "twine", "pytest")


def missing_tools() -> list[str]:
    """Which of :data:`TOOLS` this Python cannot import."""
    import importlib.util

    return [name for name in TOOLS if importlib.util.find_spec(name) is None]


#: Written into a ``--keep`` folder, so that a later run may empty that folder again.
KEEP_MARKER = ".check_dist"


def keep_folder(folder: Path) -> Path | None:
    """``folder`` emptied for a ``--keep`` run, or ``None`` if it holds anything else.

    Only a folder that is new, empty, or made by an earlier ``--keep`` run (it
    holds :data:`KEEP_MARKER`) is emptied: ``--keep .`` or ``--keep dist``
    must not delete a checkout or a release's files.
    """
    folder = folder.resolve()
    if folder.exists():
        if not folder.is_dir():
            return None
        if any(folder.iterdir()) and not (folder / KEEP_MARKER).is_file():
            return None
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    (folder / KEEP_MARKER).write_text("made by tools/check_dist.py --keep\n", "utf-8")
    return folder


@contextlib.contextmanager
def temporary_files_in(folder: Path) -> Iterator[Path]:
    """Point ``TMPDIR`` (this process and every command it runs) at ``folder``.

    The builds, installs and the sdist's tests make temporary files of their
    own (pytest keeps its last three runs' folders); inside the work folder
    they go when it is removed.
    """
    folder.mkdir(exist_ok=True)
    saved = os.environ.get("TMPDIR")
    os.environ["TMPDIR"] = str(folder)
    tempfile.tempdir = None
    try:
        yield folder
    finally:
        if saved is None:
            os.environ.pop("TMPDIR", None)
        else:
            os.environ["TMPDIR"] = saved
        tempfile.tempdir = None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--keep",
        type=Path,
        metavar="DIR",
        help="build and test in DIR (new, empty, or kept by an earlier run) and keep it",
    )
    parser.add_argument("--smoke", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.smoke:
        return smoke()
    absent = missing_tools()
    if absent:
        print(
            f"check_dist: {', '.join(absent)} not installed for {sys.executable}; "
            "install the test extra first: python -m pip install -e '.[test]'",
            file=sys.stderr,
        )
        return 2
    started = time.monotonic()
    if args.keep is not None:
        work = keep_folder(args.keep)
        if work is None:
            print(
                f"check_dist: --keep {args.keep}: not a new or empty folder, nor one kept by an "
                "earlier run; give another folder",
                file=sys.stderr,
            )
            return 2
        with temporary_files_in(work / "tmp"):
            checks = check(ROOT, work)
    else:
        with (
            tempfile.TemporaryDirectory(prefix="check_dist-") as folder,
            temporary_files_in(Path(folder) / "tmp"),
        ):
            checks = check(ROOT, Path(folder))
    print(f"check_dist: took {time.monotonic() - started:.0f} s")
    if checks.failed:
        print("check_dist: failed: " + "; ".join(checks.failed))
    print(f"check_dist: {checks.passed} passed, {len(checks.failed)} failed")
    return 1 if checks.failed else 0


if __name__ == "__main__":
    sys.exit(main())
