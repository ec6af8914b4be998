"""Threshold mutation: move each threshold of the packaged ruleset and check a test fails.

For every numeric bound of every band interval, measure domain and gate
condition in ``src/ithrive/rules/thrive-assessment.toml``, mutants move that
bound a little, one at a time: +-1 for whole-number quantities (counts,
encounters), +-1, +-0.5 and +-0.01 for percents and means. Where moving one
bound alone only opens a gap or an overlap, a coordinated mutant moves the
same edge in the neighbouring band (or the domain) too. Further mutants hand
each shared edge to the other band (open/closed swapped), make each gate's
upper edge inclusive, give each gate another effect and cap the cap gate at
another level.

Each mutant is first loaded in process: one the loader refuses
(:class:`ithrive.RulesetError`: a gap, an overlap, a bound outside the
domain) is killed cheaply. Every other mutant is written into a temporary
copy of ``src/`` and the tests that cover the rules are run against it with
pytest in a subprocess (``PYTHONPATH`` pointing at the copy; the repository
is never written to). A mutant no test fails is a *survivor*: a threshold
that could change unnoticed. The script lists survivors and exits 1 if there
are any.

Usage (from the repository root)::

    python tools/mutate_thresholds.py                  # every mutant (several minutes)
    python tools/mutate_thresholds.py --sample 5       # 5 mutants drawn at random (seed 0)
    python tools/mutate_thresholds.py --jobs 4         # 4 pytest runs at a time
    python tools/mutate_thresholds.py --match micro.7  # only the mutants of micro.7
    python tools/mutate_thresholds.py --list           # print the mutants and stop

``tests/test_threshold_sensitivity.py`` imports the mutant generation from
here and runs every mutant in process against a literal model of the
interpretation register; ``tests/test_mutate_thresholds.py`` runs this
script on a small seeded sample.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import copy
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import tomllib
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
RULESET = Path("src", "ithrive", "rules", "thrive-assessment.toml")

#: The tests that cover the rules, run against each mutant in this order; pytest
#: stops at the first failure, so the fastest to fail comes first: the literal
#: model of the interpretation register, probed near every edge.
RULE_TESTS = (
    "tests/test_threshold_sensitivity.py",
    "tests/test_decisions.py",
    "tests/test_bands.py",
    "tests/test_cases.py",
)
#: The in-process mutation run inside the tests: redundant against a mutant.
DESELECT = ("tests/test_threshold_sensitivity.py::TestNoThresholdMutantSurvives",)

Path_ = tuple[Any, ...]

# ----------------------------------------------------------------------------- the ruleset as data

_NUMBER = r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)"
_INTERVAL = re.compile(rf"^\s*([\[(])\s*({_NUMBER})\s*,\s*({_NUMBER})\s*([\])])\s*$")


@dataclass(frozen=True)
class Interval:
    """An interval as written in the ruleset: two bounds, each end open or closed."""

    lower: Fraction
    upper: Fraction
    lower_closed: bool
    upper_closed: bool

    @classmethod
    def parse(cls, text: str) -> Interval:
        match = _INTERVAL.match(text)
        if match is None:
            raise ValueError(f"not an interval: {text!r}")
        left, low, high, right = match.groups()
        return cls(Fraction(low), Fraction(high), left == "[", right == "]")

    def bound(self, side: int) -> Fraction:
        return self.lower if side == 0 else self.upper

    def moved(self, side: int, delta: Fraction) -> Interval:
        if side == 0:
            return Interval(self.lower + delta, self.upper, self.lower_closed, self.upper_closed)
        return Interval(self.lower, self.upper + delta, self.lower_closed, self.upper_closed)

    def flipped(self, side: int) -> Interval:
        if side == 0:
            return Interval(self.lower, self.upper, not self.lower_closed, self.upper_closed)
        return Interval(self.lower, self.upper, self.lower_closed, not self.upper_closed)

    def __str__(self) -> str:
        def fmt(v: Fraction) -> str:
            if v.denominator == 1:
                return str(v.numerator)
            text = repr(float(v))
            if Fraction(text) != v:
                raise ValueError(f"{v} has no short decimal form")
            return text

        left = "[" if self.lower_closed else "("
        right = "]" if self.upper_closed else ")"
        return f"{left}{fmt(self.lower)}, {fmt(self.upper)}{right}"


@dataclass(frozen=True)
class Bound:
    """One numeric bound of one interval string in the ruleset dict."""

    item: str
    path: Path_  # keys from the top of the dict to the interval string
    side: int  # 0: lower bound, 1: upper bound
    whole: bool  # the bounded quantity takes whole numbers only

    def interval(self, data: dict[str, Any]) -> Interval:
        return Interval.parse(get(data, self.path))

    def __str__(self) -> str:
        where = ".".join(str(p) for p in self.path[2:])
        return f"{self.item} {where} {'lower' if self.side == 0 else 'upper'}"


def get(data: Any, path: Path_) -> Any:
    """The value at ``path`` (keys and indexes) inside nested dicts and lists."""
    for key in path:
        data = data[key]
    return data


def put(data: Any, path: Path_, value: Any) -> None:
    """Set the value at ``path`` inside nested dicts and lists."""
    for key in path[:-1]:
        data = data[key]
    data[path[-1]] = value


_WHOLE_GATE_FIELDS = frozenset({"encounters", "respondents", "eligible", "denominator"})


@dataclass(frozen=True)
class MeasureBounds:
    """The interval paths of one measure: its domain, its bands in order, its gates."""

    item: str
    name: str
    whole: bool
    domain: Path_
    bands: tuple[Path_, ...]
    gates: tuple[tuple[Path_, str, str], ...]  # (path of `when`, gate id, gate field)


def measures(data: dict[str, Any]) -> list[MeasureBounds]:
    """Every measure of every item, with the paths of its interval strings."""
    out = []
    for item, body in data["items"].items():
        for mi, m in enumerate(body.get("measures", [])):
            base: Path_ = ("items", item, "measures", mi)
            out.append(
                MeasureBounds(
                    item=item,
                    name=m["name"],
                    whole=m["kind"] == "count",
                    domain=(*base, "domain"),
                    bands=tuple((*base, "bands", bi, "interval") for bi in range(len(m["bands"]))),
                    gates=tuple(
                        ((*base, "gates", gi, "when"), g["id"], g["field"])
                        for gi, g in enumerate(m.get("gates", []))
                    ),
                )
            )
    return out


def all_bounds(data: dict[str, Any]) -> list[Bound]:
    """Every numeric bound of every domain, band and gate interval."""
    out: list[Bound] = []
    for m in measures(data):
        for path in (m.domain, *m.bands):
            out.extend(Bound(m.item, path, side, m.whole) for side in (0, 1))
        for path, _, field in m.gates:
            out.extend(Bound(m.item, path, side, field in _WHOLE_GATE_FIELDS) for side in (0, 1))
    return out


def shared_edges(data: dict[str, Any]) -> list[tuple[Bound, Bound]]:
    """Pairs of bounds that are one edge: adjacent bands, and domain ends with the end bands.

    For real-valued bands the two bounds are equal (``[40, 60)`` and
    ``[60, 80)``); for whole-number bands they are one apart (``[2, 2]`` and
    ``[3, 3]``).
    """
    out = []
    for m in measures(data):
        lowers = [Bound(m.item, p, 0, m.whole) for p in m.bands]
        uppers = [Bound(m.item, p, 1, m.whole) for p in m.bands]
        step = 1 if m.whole else 0
        for upper, lower in zip(uppers, lowers[1:], strict=False):
            hi, lo = upper.interval(data).upper, lower.interval(data).lower
            if hi + step != lo:
                raise ValueError(f"{m.item} {m.name}: bands do not meet at {hi} / {lo}")
            out.append((upper, lower))
        out.append((Bound(m.item, m.domain, 0, m.whole), lowers[0]))
        out.append((Bound(m.item, m.domain, 1, m.whole), uppers[-1]))
    return out


def deltas(bound: Bound) -> tuple[Fraction, ...]:
    """How far mutants move a bound: +-1 for whole numbers; +-1, +-0.5, +-0.01 otherwise."""
    if bound.whole:
        return (Fraction(1), Fraction(-1))
    return tuple(
        d * sign for d in (Fraction(1), Fraction(1, 2), Fraction(1, 100)) for sign in (1, -1)
    )


@dataclass(frozen=True)
class Mutant:
    """The ruleset with one edit: some interval strings replaced, or a gate changed."""

    item: str
    label: str
    edit: Callable[[dict[str, Any]], None]
    focus: tuple[Fraction, ...]  # values near the change, where a test should look first

    def build(self, data: dict[str, Any]) -> dict[str, Any]:
        """A new dict: ``data``, with a private copy of the mutated item edited."""
        items = dict(data["items"])
        items[self.item] = copy.deepcopy(items[self.item])
        out = {**data, "items": items}
        self.edit(out)
        return out


def _replace(changes: list[tuple[Path_, str]]) -> Callable[[dict[str, Any]], None]:
    def edit(data: dict[str, Any]) -> None:
        for path, text in changes:
            put(data, path, text)

    return edit


def moved(data: dict[str, Any], bounds: tuple[Bound, ...], delta: Fraction) -> Mutant:
    """The mutant that moves each of ``bounds`` by ``delta``."""
    changes = []
    focus = []
    for b in bounds:
        iv = b.interval(data)
        changes.append((b.path, str(iv.moved(b.side, delta))))
        focus += [iv.bound(b.side), iv.bound(b.side) + delta]
    label = " & ".join(str(b) for b in bounds) + f" moved by {delta}"
    return Mutant(bounds[0].item, label, _replace(changes), tuple(focus))


def flipped(data: dict[str, Any], bounds: tuple[Bound, ...]) -> Mutant:
    """The mutant that swaps the open/closed end at each of ``bounds``."""
    changes = []
    focus = []
    for b in bounds:
        iv = b.interval(data)
        changes.append((b.path, str(iv.flipped(b.side))))
        focus.append(iv.bound(b.side))
    label = " & ".join(str(b) for b in bounds) + " open/closed swapped"
    return Mutant(bounds[0].item, label, _replace(changes), tuple(focus))


def single_bound_mutants(data: dict[str, Any]) -> Iterator[Mutant]:
    """Each bound of each domain, band and gate moved alone."""
    for bound in all_bounds(data):
        for delta in deltas(bound):
            yield moved(data, (bound,), delta)


def coordinated_mutants(data: dict[str, Any]) -> Iterator[Mutant]:
    """Each shared edge moved in both neighbouring bands (or band and domain) together."""
    for a, b in shared_edges(data):
        for delta in deltas(a):
            yield moved(data, (a, b), delta)


def closedness_mutants(data: dict[str, Any]) -> Iterator[Mutant]:
    """Each shared real edge handed to the other band; each gate's upper edge made inclusive."""
    for a, b in shared_edges(data):
        if not a.whole:
            yield flipped(data, (a, b))
    for m in measures(data):
        for path, _, _ in m.gates:
            yield flipped(data, (Bound(m.item, path, 1, False),))


def gate_effect_mutants(data: dict[str, Any]) -> Iterator[Mutant]:
    """Each gate with another effect, and a cap gate capping at another level."""
    for m in measures(data):
        for path, gate_id, _ in m.gates:
            gate_path = path[:-1]
            gate = get(data, gate_path)
            when = Interval.parse(gate["when"])
            for effect in ("cap", "warn", "insufficient_evidence"):
                if effect != gate["effect"]:
                    level = 1 if effect == "cap" else None
                    yield _gate_mutant(m.item, gate_path, gate_id, effect, level, when=when)
            if gate["effect"] == "cap":
                for level in (2, 3, 4):
                    yield _gate_mutant(m.item, gate_path, gate_id, "cap", level, when=when)


def _gate_mutant(
    item: str, gate_path: Path_, gate_id: str, effect: str, level: int | None, *, when: Interval
) -> Mutant:
    def edit(data: dict[str, Any]) -> None:
        gate = get(data, gate_path)
        gate["effect"] = effect
        gate.pop("level", None)
        if level is not None:
            gate["level"] = level

    label = f"{item} gate {gate_id} as {effect}" + (f" at level {level}" if level else "")
    return Mutant(item, label, edit, (when.lower, when.upper))


#: The kinds of mutant, by name, in the order they are generated.
GENERATORS: dict[str, Callable[[dict[str, Any]], Iterator[Mutant]]] = {
    "single": single_bound_mutants,
    "coordinated": coordinated_mutants,
    "closedness": closedness_mutants,
    "gate": gate_effect_mutants,
}


def all_mutants(data: dict[str, Any]) -> list[Mutant]:
    """Every mutant of every kind, in a fixed order."""
    return [m for generate in GENERATORS.values() for m in generate(data)]


# ----------------------------------------------------------------------------- writing TOML

_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


def _string(text: str) -> str:
    # A JSON string is a TOML basic string, but for DEL, which TOML wants escaped.
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def _key(key: str) -> str:
    return key if _BARE_KEY.match(key) else _string(key)


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_key(k)} = {_value(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"cannot write {type(value).__name__} as TOML")


def to_toml(data: dict[str, Any]) -> str:
    """``data`` as TOML text: a table per nested mapping, everything else inline.

    >>> to_toml({"ruleset": {"name": "x"}, "items": {"a.1": {"bands": [{"level": 1}]}}})
    '[ruleset]\\nname = "x"\\n\\n[items."a.1"]\\nbands = [{level = 1}]\\n'
    """
    lines: list[str] = []

    def table(path: list[str], body: dict[str, Any]) -> None:
        scalars = {k: v for k, v in body.items() if not isinstance(v, dict)}
        if path and (scalars or not body):
            if lines:
                lines.append("")
            lines.append("[" + ".".join(_key(p) for p in path) + "]")
        lines.extend(f"{_key(k)} = {_value(v)}" for k, v in scalars.items())
        for k, v in body.items():
            if isinstance(v, dict):
                table([*path, k], v)

    table([], data)
    text = "\n".join(lines) + "\n"
    if tomllib.loads(text) != data:  # pragma: no cover - a guard on this little writer
        raise ValueError("the TOML written does not read back as the data")
    return text


# ----------------------------------------------------------------------------- running


@dataclass(frozen=True)
class Outcome:
    """What became of one mutant: ``refused`` at load, ``killed`` by a test, or ``survived``."""

    mutant: str
    result: str
    by: str  # the finding code, or the first failing test
    seconds: float


def _load(data: dict[str, Any]) -> str | None:
    """``None`` when ``data`` loads as a ruleset, else the code of its first finding."""
    import ithrive

    try:
        ithrive.load_ruleset(data)
    except ithrive.RulesetError as err:
        return err.findings[0].code if err.findings else "invalid_ruleset"
    return None


def _pytest(copy_root: Path, tests: Sequence[str]) -> tuple[int, str]:
    """Run ``tests`` against the package in ``copy_root/src``; the exit code and the output."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join((str(copy_root / "src"), str(ROOT)))
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env["HYPOTHESIS_PROFILE"] = "mutation"
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-x",
        "-q",
        "-rfE",
        "--no-header",
        "-p",
        "no:cacheprovider",
        *(f"--deselect={d}" for d in DESELECT),
        *tests,
    ]
    got = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=1200, check=False
    )
    return got.returncode, got.stdout + got.stderr


def _first_failure(output: str) -> str:
    for line in output.splitlines():
        if line.startswith(("FAILED ", "ERROR ")):
            return line.split(" ", 1)[1].split(" - ", 1)[0]
    return "pytest failed"


class _Copies:
    """One temporary copy of ``src/`` per job, handed out one at a time."""

    def __init__(self, folder: Path, jobs: int) -> None:
        self._free = []
        for k in range(jobs):
            target = folder / f"job{k}"
            shutil.copytree(
                ROOT / "src", target / "src", ignore=shutil.ignore_patterns("__pycache__")
            )
            self._free.append(target)
        self._lock = threading.Lock()
        self._ready = threading.Semaphore(jobs)

    def take(self) -> Path:
        self._ready.acquire()
        with self._lock:
            return self._free.pop()

    def give(self, copy_root: Path) -> None:
        with self._lock:
            self._free.append(copy_root)
        self._ready.release()


def check_baseline(copies: _Copies, tests: Sequence[str], *, run_tests: bool) -> str | None:
    """``None`` when the unmutated copy is the one imported and (``run_tests``) passes the
    tests; else why not. Without this, a broken setup would look like every mutant killed."""
    copy_root = copies.take()
    try:
        env = dict(os.environ, PYTHONPATH=str(copy_root / "src"))
        where = subprocess.run(
            [sys.executable, "-c", "import ithrive; print(ithrive.__file__)"],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
        if not where.startswith(str(copy_root)):
            return f"the copy is not the package imported (got {where!r})"
        if not run_tests:
            return None
        code, output = _pytest(copy_root, tests)
        if code != 0:
            return "the tests fail on the unmutated ruleset:\n" + output[-3000:]
        return None
    finally:
        copies.give(copy_root)


def run_mutant(
    mutant: Mutant, data: dict[str, Any], copies: _Copies, tests: Sequence[str]
) -> Outcome:
    """Load ``mutant``; if it loads, write it into a copy and run the tests against it."""
    start = time.perf_counter()
    built = mutant.build(data)
    code = _load(built)
    if code is not None:
        return Outcome(mutant.label, "refused", code, time.perf_counter() - start)
    text = to_toml(built)
    copy_root = copies.take()
    try:
        (copy_root / RULESET).write_text(text, "utf-8")
        exit_code, output = _pytest(copy_root, tests)
    finally:
        copies.give(copy_root)
    seconds = time.perf_counter() - start
    if exit_code == 0:
        return Outcome(mutant.label, "survived", "", seconds)
    return Outcome(mutant.label, "killed", _first_failure(output), seconds)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the mutants; print a summary and the survivors; exit 1 if any survived."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sample", type=int, metavar="N", help="run N mutants drawn at random")
    parser.add_argument("--seed", type=int, default=0, help="seed for --sample (default 0)")
    parser.add_argument("--jobs", type=int, default=2, help="pytest runs at a time (default 2)")
    parser.add_argument(
        "--tests", nargs="+", default=list(RULE_TESTS), help="the test files to run"
    )
    parser.add_argument(
        "--match", metavar="TEXT", help="only the mutants whose label contains TEXT"
    )
    parser.add_argument(
        "--skip-baseline",
        action="store_true",
        help="do not first run the tests against the unmutated ruleset (they must pass there)",
    )
    parser.add_argument("--list", action="store_true", help="print the mutants and stop")
    parser.add_argument("--verbose", "-v", action="store_true", help="print every mutant's fate")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(ROOT / "src"))  # the loader of this checkout decides "refused"
    data = tomllib.loads((ROOT / RULESET).read_text("utf-8"))
    mutants = all_mutants(data)
    if args.match is not None:
        mutants = [m for m in mutants if args.match in m.label]
    if args.sample is not None:
        mutants = random.Random(args.seed).sample(mutants, min(args.sample, len(mutants)))
    if args.list:
        for m in mutants:
            print(m.label)
        return 0

    start = time.perf_counter()
    outcomes: list[Outcome] = []
    with tempfile.TemporaryDirectory(prefix="ithrive-mutants-") as folder:
        copies = _Copies(Path(folder), max(1, args.jobs))
        problem = check_baseline(copies, args.tests, run_tests=not args.skip_baseline)
        if problem is not None:
            print(f"cannot run the mutants: {problem}", file=sys.stderr)
            return 2
        with concurrent.futures.ThreadPoolExecutor(max(1, args.jobs)) as pool:
            futures = [pool.submit(run_mutant, m, data, copies, args.tests) for m in mutants]
            for n, future in enumerate(concurrent.futures.as_completed(futures), start=1):
                outcome = future.result()
                outcomes.append(outcome)
                if args.verbose or outcome.result == "survived":
                    print(
                        f"[{n}/{len(mutants)}] {outcome.result:<8} {outcome.mutant}"
                        + (f"  ({outcome.by})" if outcome.by else ""),
                        flush=True,
                    )
    elapsed = time.perf_counter() - start
    counts = Counter(o.result for o in outcomes)
    killers = Counter(o.by.split("::")[0] for o in outcomes if o.result == "killed")
    print(
        f"{len(outcomes)} mutants: {counts['refused']} refused when loaded, "
        f"{counts['killed']} killed by a test, {counts['survived']} survived "
        f"({elapsed:.0f} s, {args.jobs} job{'s' if args.jobs != 1 else ''})"
    )
    ran = [o.seconds for o in outcomes if o.result != "refused"]
    if ran:
        print(
            f"  tests run against {len(ran)} mutants, {sum(ran) / len(ran):.1f} s each on average"
        )
    for where, n in killers.most_common():
        print(f"  killed first by {where}: {n}")
    survivors = sorted(o.mutant for o in outcomes if o.result == "survived")
    for label in survivors:
        print(f"SURVIVED: {label}")
    return 1 if survivors else 0


if __name__ == "__main__":
    sys.exit(main())
