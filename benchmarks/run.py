"""Run the ithrive speed benchmarks and write ``benchmarks/RESULTS.md``.

    python -m pip install -e '.[bench]'
    python benchmarks/run.py            # the full run, a few minutes on 2 cores
    python benchmarks/run.py --quick    # small sizes, a smoke test
    python benchmarks/run.py --profile  # where ithrive.score spends its time

Everything runs in one process on the same workload. Before anything is
timed, every implementation must give the same 22 levels as ithrive on every
assessment (and every batch row); the run stops at the first disagreement.
Times are medians over repeats, the implementations taking turns within each
repeat; garbage collection is off while a loop is timed, as in ``timeit``.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime
import gc
import io
import os
import platform
import pstats
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from importlib import metadata, resources
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: make the benchmarks package importable
    sys.path.insert(0, str(ROOT))

import ithrive  # noqa: E402
from benchmarks import handwritten, peers, workload  # noqa: E402
from ithrive.rules import DEFAULT_RULESET_FILE, load_ruleset  # noqa: E402

#: Optional extras that ``import ithrive`` must not import.
EXTRAS = ("numpy", "pandas", "scipy", "narwhals", "matplotlib", "polars", "pyarrow")
DISTRIBUTIONS = (
    "ithrive",
    "attrs",
    "cattrs",
    "numpy",
    "pandas",
    "polars",
    "narwhals",
    "zen-engine",
    "rule-engine",
    "json-logic-qubit",
)

# The targets.
TYPED_MAX = 6.0  # x the hand-written baseline
DICTS_MAX = 20.0
BATCH_MIN_RATE = 1_000_000  # assessments per second
BATCH_MAX_RATIO = 2.0  # x numpy.searchsorted
TYPED_VS_PEER = 5.0  # at least this many times faster than the fastest peer
IMPORT_MAX = 1.5  # x import attrs, cattrs
LOAD_MAX_MS = 20.0


class Disagreement(SystemExit):
    """An implementation disagrees with ithrive: nothing is timed."""


# ---------------------------------------------------------------------- helpers


def levels_of(card: Any) -> tuple[int | None, ...]:
    """A scorecard's 22 levels, in the tool's order."""
    return tuple(None if r.level is None else int(r.level) for r in card)


def _as_tuple(got: dict[str, int | None]) -> tuple[int | None, ...]:
    return tuple(got[item] for item in workload.ITEMS)


def check(name: str, expected: Sequence[Any], got: Sequence[Any], inputs: Sequence[Any]) -> None:
    """Stop the run if any result differs from ithrive's."""
    bad = [i for i, (a, b) in enumerate(zip(expected, got, strict=True)) if a != b]
    if bad:
        i = bad[0]
        diff = [
            (item, a, b)
            for item, a, b in zip(workload.ITEMS, expected[i], got[i], strict=True)
            if a != b
        ]
        raise Disagreement(
            f"{name} disagrees with ithrive on {len(bad)} of {len(expected)} assessments; "
            f"first: #{i} (item, ithrive, {name}) {diff}; evidence {inputs[i]!r}"
        )


def loop_time(fn: Callable[[Any], Any], inputs: Sequence[Any]) -> float:
    """Seconds to call ``fn`` on every input once, garbage collection off."""
    was = gc.isenabled()
    gc.disable()
    try:
        start = time.perf_counter()
        for x in inputs:
            fn(x)
        return time.perf_counter() - start
    finally:
        if was:
            gc.enable()


def call_time(fn: Callable[[], Any]) -> float:
    was = gc.isenabled()
    gc.disable()
    try:
        start = time.perf_counter()
        fn()
        return time.perf_counter() - start
    finally:
        if was:
            gc.enable()


def fmt_time(seconds: float) -> str:
    if seconds >= 1:
        return f"{seconds:.2f} s"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.2f} ms"
    return f"{seconds * 1e6:.1f} µs"


def fmt_ratio(x: float) -> str:
    return f"{x:.1f}x" if x >= 10 else f"{x:.2f}x"


def met(ok: bool) -> str:
    return "met" if ok else "**not met**"


# ---------------------------------------------------------------------- machine


def machine() -> dict[str, str]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        usable = os.cpu_count() or 0
    versions = []
    for dist in DISTRIBUTIONS:
        try:
            versions.append(f"{dist} {metadata.version(dist)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{dist} (not installed)")
    try:
        commit = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        commit = "unknown"
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "n/a"
    return {
        "CPU": cpu,
        "cores": f"{os.cpu_count()} ({usable} usable by this process)",
        "memory": _memory(),
        "OS": platform.platform(),
        "Python": f"{platform.python_implementation()} {platform.python_version()}",
        "packages": ", ".join(versions),
        "ithrive source": f"{Path(ithrive.__file__).parent} (git {commit})",
        "load average at start": load,
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


def _memory() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                return f"{int(line.split()[1]) / 2**20:.1f} GiB"
    except OSError:
        pass
    return "unknown"


# ---------------------------------------------------------------------- per assessment


def per_assessment(args: argparse.Namespace, out: dict[str, Any]) -> None:
    n = args.assessments
    print(f"workload: {n} assessments, seed {args.seed}", flush=True)
    dicts = workload.assessments(n, seed=args.seed)
    typed = [workload.typed(e) for e in dicts]

    print("checking agreement (ithrive from dicts, typed, hand-written, peers)...", flush=True)
    cards = [ithrive.score(e) for e in dicts]
    expected = [levels_of(c) for c in cards]
    check("ithrive (typed)", expected, [levels_of(ithrive.score(t)) for t in typed], dicts)
    check("hand-written", expected, [_as_tuple(handwritten.levels(e)) for e in dicts], dicts)
    out["coverage"] = workload.coverage(dicts, cards)
    # Explanations come with the result: read one, outside any timing.
    sample = next(c for c in cards if c["micro.2"].level is not None)
    out["explanation"] = sample["micro.2"].explanation

    records = [peers.flat(e) for e in dicts]
    runners: list[tuple[str, Callable[[Any], Any], Sequence[Any]]] = [
        ("hand-written Python (if/elif)", handwritten.levels, dicts),
        ("ithrive.score, typed evidence", ithrive.score, typed),
        ("ithrive.score, JSON-like dicts", ithrive.score, dicts),
    ]
    out["peers"] = {}
    for dist, cls in peers.PEERS:
        if peers.available()[dist] is None:
            out["peers"][dist] = "not installed"
            print(f"  {dist}: not installed, skipped", flush=True)
            continue
        peer = cls()
        prepared = [peer.prepare(r) for r in records]
        check(peer.name, expected, [peer.levels(peer.evaluate(p)) for p in prepared], dicts)
        out["peers"][dist] = f"agrees on all {n}"
        runners.append((peer.name, peer.evaluate, prepared))

    print(f"timing {len(runners)} implementations x {args.repeats} repeats...", flush=True)
    for _, fn, inputs in runners:  # warm up
        loop_time(fn, inputs[: max(1, n // 10)])
    times: dict[str, list[float]] = {name: [] for name, _, _ in runners}
    for _ in range(args.repeats):
        for name, fn, inputs in runners:
            times[name].append(loop_time(fn, inputs) / len(inputs))
    out["per_assessment"] = {name: statistics.median(ts) for name, ts in times.items()}
    out["per_assessment_spread"] = {name: (min(ts), max(ts)) for name, ts in times.items()}
    out["peer_names"] = [name for name, _, _ in runners[3:]]


# ---------------------------------------------------------------------- batch


def batch(args: argparse.Namespace, out: dict[str, Any]) -> None:
    try:
        import numpy as np
    except ImportError:
        out["batch"] = None
        print("batch: numpy not installed, skipped", flush=True)
        return
    from benchmarks import vectorised
    from ithrive.batch import evidence_columns, score_table, scorer

    n = args.rows
    print(f"batch: {n:,} rows...", flush=True)
    columns = workload.batch_columns(n, seed=args.seed)
    unknown = set(columns) - set(evidence_columns())
    if unknown:
        raise SystemExit(f"batch columns outside ithrive's convention: {sorted(unknown)}")
    plan = vectorised.compile_plan()
    names = workload.column_names()
    reference = vectorised.levels(columns, plan, names)
    bs = scorer()

    runners: list[tuple[str, Callable[[], Any], Callable[[Any], Any]]] = [
        ("numpy.searchsorted (levels only)", lambda: vectorised.levels(columns, plan, names), None),
        (
            "ithrive BatchScorer.score_arrays (numpy in, numpy out)",
            lambda: bs.score_arrays(columns),
            lambda res: {i: res[f"{i}.level"] for i in workload.ITEMS},
        ),
    ]
    frames: dict[str, Any] = {}
    try:
        import pandas as pd

        frames["pandas"] = pd.DataFrame(columns)
    except ImportError:
        pass
    try:
        import polars as pl

        frames["polars"] = pl.DataFrame(columns)
    except ImportError:
        pass

    def pandas_levels(res: Any) -> dict[str, Any]:
        return {i: res[f"{i}.level"].to_numpy(dtype="int8", na_value=0) for i in workload.ITEMS}

    def polars_levels(res: Any) -> dict[str, Any]:
        return {i: res[f"{i}.level"].fill_null(0).to_numpy() for i in workload.ITEMS}

    for lib, frame in frames.items():
        runners.append(
            (
                f"ithrive score_table, {lib} DataFrame in and out",
                lambda frame=frame: score_table(frame),
                pandas_levels if lib == "pandas" else polars_levels,
            )
        )
    print("  checking agreement on every row...", flush=True)
    for name, fn, levels in runners[1:]:
        got = levels(fn())
        for item in workload.ITEMS:
            if not np.array_equal(np.asarray(got[item], dtype=np.int8), reference[item]):
                rows = np.flatnonzero(np.asarray(got[item], dtype=np.int8) != reference[item])
                raise Disagreement(
                    f"{name} disagrees with numpy.searchsorted on {item}, "
                    f"{rows.size} rows, first {rows[:5].tolist()}"
                )
    print(f"  timing {len(runners)} x {args.batch_repeats} repeats...", flush=True)
    times: dict[str, list[float]] = {name: [] for name, _, _ in runners}
    for _ in range(args.batch_repeats):
        for name, fn, _ in runners:
            times[name].append(call_time(fn))
    out["batch"] = {
        "rows": n,
        "columns": len(columns),
        "times": {name: statistics.median(ts) for name, ts in times.items()},
        "reference": runners[0][0],
        "distribution": {
            item: np.bincount(reference[item], minlength=5).tolist() for item in workload.ITEMS
        },
    }


# ---------------------------------------------------------------------- import and load


def _subprocess_seconds(code: str) -> float:
    env = dict(os.environ)
    src = str(Path(ithrive.__file__).resolve().parent.parent)
    env["PYTHONPATH"] = os.pathsep.join([src, env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    return float(done.stdout.strip().splitlines()[-1])


def import_cost(args: argparse.Namespace, out: dict[str, Any]) -> None:
    print(f"import time: {args.import_runs} fresh processes each...", flush=True)
    timer = "import time; t = time.perf_counter(); {}; print(time.perf_counter() - t)"
    # The engine (scoring, rules, cattrs) loads on first use: time that as well.
    code = {
        "ithrive": "import ithrive",
        "attrs, cattrs": "import attrs, cattrs",
        "ithrive, engine loaded": "import ithrive; ithrive.score",
    }
    both: dict[str, list[float]] = {label: [] for label in code}
    for _ in range(args.import_runs):
        for label, runs in both.items():
            runs.append(_subprocess_seconds(timer.format(code[label])))
    out["import"] = {mods: statistics.median(ts) for mods, ts in both.items()}
    probe = (
        "import sys, ithrive; "
        f"print(','.join(m for m in {EXTRAS!r} if m in sys.modules) or 'none'); print(0)"
    )
    env = dict(os.environ)
    src = str(Path(ithrive.__file__).resolve().parent.parent)
    env["PYTHONPATH"] = os.pathsep.join([src, env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, env=env
    )
    out["extras_imported"] = done.stdout.strip().splitlines()[0]
    path = str(resources.files("ithrive.rules") / DEFAULT_RULESET_FILE)
    cold = (
        "import time; from ithrive.rules import load_ruleset; "
        f"t = time.perf_counter(); load_ruleset({path!r}); print(time.perf_counter() - t)"
    )
    out["load_cold"] = statistics.median(
        _subprocess_seconds(cold) for _ in range(max(3, args.import_runs // 2))
    )


def ruleset_load(args: argparse.Namespace, out: dict[str, Any]) -> None:
    path = str(resources.files("ithrive.rules") / DEFAULT_RULESET_FILE)
    load_ruleset(path)
    out["load"] = statistics.median(call_time(lambda: load_ruleset(path)) for _ in range(21))
    out["load_path"] = path


# ---------------------------------------------------------------------- report


def report(args: argparse.Namespace, facts: dict[str, str], out: dict[str, Any]) -> str:
    per = out["per_assessment"]
    base = per["hand-written Python (if/elif)"]
    typed_t = per["ithrive.score, typed evidence"]
    dicts_t = per["ithrive.score, JSON-like dicts"]
    peer_times = {name: per[name] for name in out["peer_names"]}
    fastest_peer = min(peer_times, key=peer_times.get) if peer_times else None
    fp = peer_times.get(fastest_peer) if fastest_peer else None
    lines = [
        "# Benchmark results",
        "",
        # Markers for the docs page, which includes this file from here to the end marker.
        "<!-- --8<-- [start:results] -->",
        "",
        "Written by `python benchmarks/run.py"
        + (" --quick" if args.quick else "")
        + "`; what is measured and how is on the performance page of the documentation "
        "(`docs/explanation/performance.md`). Times are medians; ratios are to the "
        "hand-written baseline (per assessment) or to `numpy.searchsorted` (batch), "
        "measured in the same run.",
        "",
        "## Machine",
        "",
        "| | |",
        "|---|---|",
    ]
    lines += [f"| {k} | {v} |" for k, v in facts.items()]
    cov = out["coverage"]
    lines += [
        "",
        "## Workload",
        "",
        f"{args.assessments} generated assessments (seed {args.seed}), each with evidence "
        "for up to 22 items: panel ratings, measured evidence (audits as counts and as "
        "percents, staff surveys, the MINDFUL count, CollaboRATE), indicator criteria, "
        "ratings alongside measured evidence, items left out, and insufficient evidence. "
        "About a third of measured pieces are the ruleset's own boundary cases "
        "(`ithrive.rules.cases.boundary_cases`: just below, at and just above every edge).",
        "",
        f"- bands reached: {cov['bands'][0]} of {cov['bands'][1]} "
        f"(every band of every measure); item levels reached: {cov['levels'][0]} of "
        f"{cov['levels'][1]};",
        f"- evidence kinds per item: {cov['kinds'][0]} of {cov['kinds'][1]} accepted; "
        f"gates fired: {cov['gates'][0]} of {cov['gates'][1]};",
        f"- insufficient evidence on {len(cov['insufficient'])} items "
        f"({', '.join(cov['insufficient'])}); items not assessed on all "
        f"{cov['not_assessed']} items.",
        "",
        "Every implementation gave the same 22 levels as `ithrive.score` on every "
        "assessment before anything was timed"
        + (
            "; peers: " + "; ".join(f"{d} {s}" for d, s in out["peers"].items())
            if out["peers"]
            else ""
        )
        + ".",
        "",
        "## Per assessment (22 items)",
        "",
        "| implementation | median per assessment | vs hand-written | target |",
        "|---|---:|---:|---|",
    ]
    peer = fastest_peer.split(" (")[0] if fastest_peer else None
    checks: list[tuple[str, str, bool]] = []  # (target, measured, met)

    def verdicts(*parts: tuple[str, str, bool]) -> str:
        checks.extend(parts)
        return "; ".join(f"{target}: {met(ok)}" for target, _, ok in parts)

    for name, t in per.items():
        target = ""
        if name == "ithrive.score, typed evidence":
            parts = [
                (f"typed ≤ {TYPED_MAX:g}x hand-written", fmt_ratio(t / base), t <= TYPED_MAX * base)
            ]
            if fp:
                parts.append(
                    (
                        f"typed ≥ {TYPED_VS_PEER:g}x faster than {peer}",
                        f"{fmt_ratio(fp / t)} as fast",
                        t * TYPED_VS_PEER <= fp,
                    )
                )
            target = verdicts(*parts)
        elif name == "ithrive.score, JSON-like dicts":
            parts = [
                (f"dicts ≤ {DICTS_MAX:g}x hand-written", fmt_ratio(t / base), t <= DICTS_MAX * base)
            ]
            if fp:
                parts.append((f"dicts faster than {peer}", f"{fmt_ratio(fp / t)} as fast", t < fp))
            target = verdicts(*parts)
        lines.append(f"| {name} | {fmt_time(t)} | {fmt_ratio(t / base)} | {target} |")
    if fp:
        lines += [
            "",
            f"Fastest peer: {fastest_peer}, {fmt_time(fp)}. Against it, ithrive from dicts "
            f"runs at {fmt_ratio(fp / dicts_t)} its speed, with typed evidence at "
            f"{fmt_ratio(fp / typed_t)}.",
        ]
    b = out.get("batch")
    if b:
        ref = b["times"][b["reference"]]
        lines += [
            "",
            f"## Batch ({b['rows']:,} rows, {b['columns']} numeric evidence columns)",
            "",
            "| implementation | median | assessments/s | vs searchsorted | target |",
            "|---|---:|---:|---:|---|",
        ]
        for name, t in b["times"].items():
            rate = b["rows"] / t
            target = ""
            if name.startswith("ithrive score_table"):
                lib = name.split(", ")[1].split()[0]
                target = verdicts(
                    (f"{lib} ≥ {BATCH_MIN_RATE:,}/s", f"{rate:,.0f}/s", rate >= BATCH_MIN_RATE),
                    (
                        f"{lib} ≤ {BATCH_MAX_RATIO:g}x searchsorted",
                        fmt_ratio(t / ref),
                        t <= BATCH_MAX_RATIO * ref,
                    ),
                )
            lines.append(
                f"| {name} | {fmt_time(t)} | {rate:,.0f} | {fmt_ratio(t / ref)} | {target} |"
            )
    imp = out["import"]
    ratio = imp["ithrive"] / imp["attrs, cattrs"]
    lines += [
        "",
        "## Import and ruleset load",
        "",
        "| measure | median | target |",
        "|---|---:|---|",
        f"| `import ithrive` (fresh process, {args.import_runs} runs) | "
        f"{fmt_time(imp['ithrive'])} | |",
        f"| `import attrs, cattrs` (fresh process, {args.import_runs} runs) | "
        f"{fmt_time(imp['attrs, cattrs'])} | |",
        f"| `import ithrive; ithrive.score` (the engine loaded too) | "
        f"{fmt_time(imp['ithrive, engine loaded'])} | "
        f"{fmt_ratio(imp['ithrive, engine loaded'] / imp['attrs, cattrs'])} attrs and cattrs |",
        f"| ratio | {fmt_ratio(ratio)} | "
        + verdicts(
            (f"import ≤ {IMPORT_MAX:g}x attrs and cattrs", fmt_ratio(ratio), ratio <= IMPORT_MAX)
        )
        + " |",
        f"| optional extras in `sys.modules` after `import ithrive` | {out['extras_imported']} | "
        + verdicts(
            ("no optional extra imported", out["extras_imported"], out["extras_imported"] == "none")
        )
        + " |",
        f"| `load_ruleset(<packaged TOML>)`, load and verify (warm, 21 runs) | "
        f"{fmt_time(out['load'])} | "
        + verdicts(
            (
                f"ruleset load < {LOAD_MAX_MS:g} ms",
                fmt_time(out["load"]),
                out["load"] * 1e3 < LOAD_MAX_MS,
            )
        )
        + " |",
        f"| the same, first call in a fresh process | {fmt_time(out['load_cold'])} | |",
        "",
        "## Targets",
        "",
        f"{sum(ok for _, _, ok in checks)} of {len(checks)} met.",
        "",
        "| target | measured | |",
        "|---|---|---|",
    ]
    lines += [f"| {target} | {measured} | {met(ok)} |" for target, measured, ok in checks]
    lines += [
        "",
        "## Notes",
        "",
        "- The hand-written baseline (`benchmarks/handwritten.py`) reads the same JSON-like "
        "dicts, validates nothing and writes no explanation: the pure-Python limit.",
        "- `ithrive.score` validates all evidence and builds the full scorecard (items, "
        "principles, systems, verdict) with an explanation per item; one was read outside "
        f'the timing: "{out["explanation"]}"',
        "- Typed evidence is an `EvidenceSet` of evidence objects built before timing.",
        "- Peers are generated from the loaded ruleset (`benchmarks/peers.py`) and read a "
        "flat record of the evidence fields, prepared before timing: zen-engine as JSON "
        "text (from Python floats it rounds to 15 digits, so 79.99999999999999 would "
        "become 80), rule-engine with every field present (a missing name costs it a "
        "ranked 'did you mean' search). Their workload is the full one: whole-number "
        "edges and the denominators used here need no exact rational arithmetic, which "
        "none of them has (zen-engine divides in 28-digit decimals; rule-engine and "
        'JSON-logic cross-multiply). Evidence given as exact fractions (`"200/3"`) is '
        "left out of the shared workload for that reason.",
        "- Batch: `score_table` validates every column, computes statuses, verdicts and "
        "principles, and builds the output frame; the searchsorted reference computes the "
        "22 levels from numpy arrays and nothing else.",
        "",
        "<!-- --8<-- [end:results] -->",
    ]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------- profile


def profile(args: argparse.Namespace) -> None:
    """Print where ``ithrive.score`` spends its time, typed and from dicts."""
    dicts = workload.assessments(args.assessments, seed=args.seed)
    typed = [workload.typed(e) for e in dicts]
    for label, inputs in (("typed evidence", typed), ("JSON-like dicts", dicts)):
        for x in inputs[:50]:
            ithrive.score(x)
        prof = cProfile.Profile()
        prof.enable()
        for x in inputs:
            ithrive.score(x)
        prof.disable()
        for key in ("cumulative", "tottime"):
            buf = io.StringIO()
            pstats.Stats(prof, stream=buf).strip_dirs().sort_stats(key).print_stats(15)
            print(f"\n=== ithrive.score, {label}, {len(inputs)} assessments: top 15 by {key} ===")
            print(buf.getvalue().strip())


# ---------------------------------------------------------------------- main


def parse(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes: a smoke test")
    parser.add_argument(
        "--output",
        type=Path,
        default=Path(__file__).resolve().parent / "RESULTS.md",
        help="where to write the Markdown results (default: benchmarks/RESULTS.md)",
    )
    parser.add_argument("--assessments", type=int, help="assessments in the workload")
    parser.add_argument("--rows", type=int, help="rows in the batch table")
    parser.add_argument("--repeats", type=int, help="timed repeats per implementation")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--profile", action="store_true", help="profile ithrive.score and print; time nothing"
    )
    args = parser.parse_args(argv)
    quick = args.quick
    args.assessments = args.assessments or (200 if quick else 2000)
    args.rows = args.rows or (20_000 if quick else 1_000_000)
    args.repeats = args.repeats or (3 if quick else 7)
    args.batch_repeats = 3 if quick else 5
    args.import_runs = 5 if quick else 15
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse(argv)
    if args.profile:
        profile(args)
        return 0
    started = time.perf_counter()
    facts = machine()
    out: dict[str, Any] = {}
    per_assessment(args, out)
    batch(args, out)
    ruleset_load(args, out)
    import_cost(args, out)
    text = report(args, facts, out)
    print()
    print(text)
    args.output.write_text(text, encoding="utf-8")
    print(f"wrote {args.output} in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
