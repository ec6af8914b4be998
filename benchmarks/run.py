"""Run the ithrive speed benchmarks and write ``benchmarks/RESULTS.md``.

    python -m pip install -e '.[bench]'
    python benchmarks/run.py            # the full run: about 2 minutes on 2 cores
    python benchmarks/run.py --huge     # also 10,000,000 batch rows (about 6 GB of memory)
    python benchmarks/run.py --quick    # small sizes, a smoke test
    python benchmarks/run.py --profile  # where score-and-read spends its time

Every row times a whole task a user performs, and every ratio is between
rows measured in the same process and run:

- per assessment, from one assessment's evidence to its 22 item levels, 17
  principles and verdict, read off the result (``benchmarks/tasks.py``), for
  ithrive, the hand-written baseline and every peer engine;
- batch, from evidence columns to result columns, against the fastest numpy
  reference for the same 22 levels (``benchmarks/vectorised.py``);
- start-up, as whole fresh processes with bytecode caches warm.

Before anything is timed every implementation must give the same results as
ithrive (per assessment: levels, principles and verdict; batch: the levels
of every row); the run stops at the first disagreement. Times are the best
of several repeats, as ``timeit`` advises (on a shared machine the fastest
repeat is the one least slowed by other processes), the implementations
taking turns within each repeat; garbage collection is off while a loop is
timed.
"""

from __future__ import annotations

import argparse
import compileall
import cProfile
import datetime
import gc
import io
import json
import os
import platform
import pstats
import re
import shutil
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable, Sequence
from importlib import metadata, resources
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: make the benchmarks package importable
    sys.path.insert(0, str(ROOT))

import ithrive  # noqa: E402
from benchmarks import handwritten, peers, tasks, workload  # noqa: E402
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
#: The evidence document the command line scores.
CLI_FILE = ROOT / "examples" / "northvale.json"

# The targets of issue 11 (ratios within one run).
SCORE_READ_MAX = 3.0  # score(dicts) + read, x hand-written
TYPED_BUILD_MAX = 3.0  # build typed objects + score + read, x hand-written
VS_ZEN_MIN = 2.0  # at least this many times faster than zen-engine, same task
JSON_MAX = 8.0  # score + to_json(), x hand-written
ARRAYS_MAX = 1.5  # score_arrays, x the numpy reference
FRAMES_MAX = 2.0  # score_table on a pandas or polars frame, x the numpy reference
GAPS_MAX = 2.5  # the same with 10% of evidence missing, x the reference on those columns
HUGE_PER_ROW_MAX = 1.3  # time per row at 10M rows, x at 1M rows
BYTES_PER_ROW_MAX = 150  # peak memory beyond the input, per row
CLI_MAX = 4.0  # `ithrive score FILE`, x `python -c pass`
IMPORT_MAX = 1.2  # `import ithrive`, x `import attrs, cattrs`
LOAD_MAX_MS = 20.0  # load and verify the packaged ruleset

# Row names, used in the report and by the targets.
HAND = "hand-written Python: levels, principles, verdict"
DICTS = "ithrive.score(dicts), read levels, principles, verdict"
TYPED_BUILD = "build typed evidence, ithrive.score, read"
TYPED = "ithrive.score(typed, built beforehand), read"
JSON_ROW = "ithrive.score(dicts).to_json()"
SCORE_ONLY = "ithrive.score(dicts), nothing read"
REF = "numpy reference: comparison sums (levels only)"
SEARCHSORTED = "numpy.searchsorted (levels only)"
ARRAYS = "ithrive scorer().score_arrays, numpy in and out"


class Disagreement(SystemExit):
    """An implementation disagrees with ithrive: nothing is timed."""


# ---------------------------------------------------------------------- helpers


def check(name: str, expected: Sequence[Any], got: Sequence[Any], inputs: Sequence[Any]) -> None:
    """Stop the run if any outcome differs from ithrive's."""
    bad = [i for i, (a, b) in enumerate(zip(expected, got, strict=True)) if a != b]
    if not bad:
        return
    i = bad[0]
    want, have = expected[i], got[i]
    where = []
    for part, labels in ((0, workload.ITEMS), (1, [f"principle {n}" for n in range(17)])):
        where += [
            (label, a, b)
            for label, a, b in zip(labels, want[part], have[part], strict=True)
            if a != b
        ]
    if want[2] != have[2]:
        where.append(("verdict", want[2], have[2]))
    raise Disagreement(
        f"{name} disagrees with ithrive on {len(bad)} of {len(expected)} assessments; "
        f"first: #{i} (what, ithrive, {name}) {where}; evidence {inputs[i]!r}"
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
    """Seconds for one call of ``fn``, garbage collection off (the result is dropped after)."""
    was = gc.isenabled()
    gc.disable()
    try:
        start = time.perf_counter()
        result = fn()
        elapsed = time.perf_counter() - start
        del result
        return elapsed
    finally:
        if was:
            gc.enable()


def _rss_kib(field: str) -> int:
    match = re.search(rf"^{field}:\s+(\d+) kB", Path("/proc/self/status").read_text(), re.M)
    return int(match.group(1)) if match else 0


def peak_memory(fn: Callable[[], Any]) -> tuple[int, int | None]:
    """Peak bytes one call allocates beyond what exists before it: traced, and by RSS.

    The first figure is tracemalloc's peak (numpy registers its buffers with
    it; memory allocated by Rust, as in polars, is invisible to it). The
    second is the growth of the process's resident set high-water mark
    (``VmHWM``, reset first through ``/proc/self/clear_refs``; Linux only,
    else None); it sees every allocator but can under-count memory the
    allocator had already taken from the system and kept.
    """
    gc.collect()
    rss = None
    try:
        Path("/proc/self/clear_refs").write_text("5")
        rss_before = _rss_kib("VmRSS")
    except OSError:
        rss_before = None
    tracemalloc.start()
    try:
        result = fn()
        _, traced = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    if rss_before is not None:
        rss = max(0, _rss_kib("VmHWM") - rss_before) * 1024
    del result
    return traced, rss


def fmt_time(seconds: float) -> str:
    if seconds >= 1:
        return f"{seconds:.2f} s"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.2f} ms"
    return f"{seconds * 1e6:.1f} µs"


def fmt_ratio(x: float) -> str:
    return f"{x:.1f}x" if x >= 10 else f"{x:.2f}x"


def fmt_bytes(b: float | None) -> str:
    return "n/a" if b is None else f"{b:,.0f}"


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


def _json_outcome(text: str) -> tuple[Any, ...]:
    """Levels, principles and verdict read back from a scorecard's JSON."""
    data = json.loads(text)
    return (
        tuple(data["items"][i]["level"] for i in workload.ITEMS),
        tuple((p["level"], p["thrive_like"]) for p in data["principles"].values()),
        data["thrive_like"],
    )


def per_assessment(args: argparse.Namespace, out: dict[str, Any]) -> None:
    n = args.assessments
    print(f"workload: {n} assessments, seed {args.seed}", flush=True)
    dicts = workload.assessments(n, seed=args.seed)
    recipes = [workload.recipe(e) for e in dicts]
    typed = [workload.build(r) for r in recipes]

    print("checking agreement (levels, principles, verdict)...", flush=True)
    expected = [tasks.score_read(e) for e in dicts]
    check("hand-written", expected, [handwritten.assess(e) for e in dicts], dicts)
    check("ithrive (typed)", expected, [tasks.score_read(t) for t in typed], dicts)
    check(
        "ithrive (typed, built)",
        expected,
        [tasks.typed_build_score_read(r) for r in recipes],
        dicts,
    )
    check("ithrive (to_json)", expected, [_json_outcome(tasks.score_json(e)) for e in dicts], dicts)
    cards = [ithrive.score(e) for e in dicts]
    out["coverage"] = workload.coverage(dicts, cards)
    sample = next(c for c in cards if c["micro.2"].level is not None)
    out["explanation"] = sample["micro.2"].explanation

    runners: list[tuple[str, Callable[[Any], Any], Sequence[Any]]] = [
        (HAND, handwritten.assess, dicts),
        (DICTS, tasks.score_read, dicts),
        (TYPED_BUILD, tasks.typed_build_score_read, recipes),
        (TYPED, tasks.score_read, typed),
        (JSON_ROW, tasks.score_json, dicts),
        (SCORE_ONLY, tasks.score_only, dicts),
    ]
    records = [peers.flat(e) for e in dicts]
    out["peers"] = {}
    out["peer_names"] = {}
    for dist, cls in peers.PEERS:
        if peers.available()[dist] is None:
            out["peers"][dist] = "not installed"
            print(f"  {dist}: not installed, skipped", flush=True)
            continue
        task = tasks.PeerTask(cls())
        prepared = [task.prepare(r) for r in records]
        check(task.name, expected, [task(p) for p in prepared], dicts)
        out["peers"][dist] = f"agrees on all {n}"
        out["peer_names"][dist] = task.name
        runners.append((task.name, task, prepared))

    print(f"timing {len(runners)} tasks x {args.repeats} repeats...", flush=True)
    for _, fn, inputs in runners:  # warm up
        loop_time(fn, inputs[: max(1, len(inputs) // 10)])
    times: dict[str, list[float]] = {name: [] for name, _, _ in runners}
    for _ in range(args.repeats):
        for name, fn, inputs in runners:
            times[name].append(loop_time(fn, inputs) / len(inputs))
    out["per_assessment"] = {name: min(ts) for name, ts in times.items()}


# ---------------------------------------------------------------------- batch


def _frames(columns: dict[str, Any]) -> dict[str, Any]:
    frames: dict[str, Any] = {}
    try:
        import pandas as pd

        frames["pandas"] = pd.DataFrame(columns)
    except ImportError:
        pass
    try:
        import polars as pl

        frames["polars"] = pl.DataFrame(columns, nan_to_null=True)  # gaps as nulls
    except ImportError:
        pass
    return frames


def _frame_levels(lib: str, res: Any) -> dict[str, Any]:
    if lib == "pandas":
        return {i: res[f"{i}.level"].to_numpy(dtype="int8", na_value=0) for i in workload.ITEMS}
    return {i: res[f"{i}.level"].fill_null(0).to_numpy() for i in workload.ITEMS}


def _slice_name(rows: int) -> str:
    return f"{ARRAYS}, first {rows:,} rows of the same columns"


def _batch_size(
    args: argparse.Namespace, n: int, frames_too: bool, slice_rows: int = 0
) -> dict[str, Any]:
    """Time one size; ``slice_rows``: also score the first rows, in turn, for time per row."""
    import numpy as np

    from benchmarks import vectorised
    from ithrive.studies.batch import evidence_columns, score_table, scorer

    print(f"batch: {n:,} rows...", flush=True)
    complete = workload.batch_columns(n, seed=args.seed)
    unknown = set(complete) - set(evidence_columns())
    if unknown:
        raise SystemExit(f"batch columns outside ithrive's convention: {sorted(unknown)}")
    gappy = workload.with_gaps(complete, 0.1, seed=args.seed)
    plan = vectorised.compile_plan()
    names = workload.column_names()
    result: dict[str, Any] = {"rows": n, "columns": len(complete), "variants": {}, "sizes": {}}
    for variant, columns, gaps in (("complete", complete, False), ("10% missing", gappy, True)):
        runners: list[tuple[str, Callable[[], Any], Callable[[Any], Any] | None]] = [
            (REF, lambda c=columns, g=gaps: vectorised.levels(c, plan, names, gaps=g), None),
        ]
        if not gaps and frames_too:  # searchsorted is shown at the main sizes only
            runners.append(
                (
                    SEARCHSORTED,
                    lambda c=columns: vectorised.levels_searchsorted(c, plan, names),
                    lambda res: res,
                )
            )
        runners.append(
            (
                ARRAYS,
                lambda c=columns: scorer().score_arrays(c),
                lambda res: {i: res[f"{i}.level"] for i in workload.ITEMS},
            )
        )
        if slice_rows:  # the same moment on the machine: per-row times compare fairly
            head = {k: v[:slice_rows] for k, v in columns.items()}  # views, no copy
            runners.append(
                (
                    _slice_name(slice_rows),
                    lambda c=head: scorer().score_arrays(c),
                    lambda res: {i: res[f"{i}.level"] for i in workload.ITEMS},
                )
            )
            result["sizes"][_slice_name(slice_rows)] = slice_rows
        frames = _frames(columns) if frames_too else {}
        for lib, frame in frames.items():
            runners.append(
                (
                    f"ithrive score_table, {lib} DataFrame in and out",
                    lambda frame=frame: score_table(frame),
                    lambda res, lib=lib: _frame_levels(lib, res),
                )
            )
        reference = runners[0][1]()
        for name, fn, levels in runners[1:]:
            assert levels is not None
            got = levels(fn())
            for item in workload.ITEMS:
                have = np.asarray(got[item], dtype=np.int8)
                want = reference[item][: len(have)]
                if not np.array_equal(have, want):
                    rows = np.flatnonzero(have != want)
                    raise Disagreement(
                        f"{name} ({variant}) disagrees with the numpy reference on {item}, "
                        f"{rows.size} rows, first {rows[:5].tolist()}"
                    )
        del reference
        repeats = (
            args.batch_repeats * 5
            if n < 100_000
            else args.batch_repeats
            if frames_too
            else min(3, args.batch_repeats)
        )
        print(f"  {variant}: agree on every row; timing {len(runners)} x {repeats}...", flush=True)
        times: dict[str, list[float]] = {name: [] for name, _, _ in runners}
        for fn in (r[1] for r in runners):  # warm up
            call_time(fn)
        for _ in range(repeats):
            for name, fn, _ in runners:
                times[name].append(call_time(fn))
        memory = {name: peak_memory(fn) for name, fn, _ in runners}
        result["variants"][variant] = {
            "times": {name: min(ts) for name, ts in times.items()},
            "memory": memory,
        }
        del frames, runners
        gc.collect()
    return result


def batch(args: argparse.Namespace, out: dict[str, Any]) -> None:
    try:
        import numpy  # noqa: F401
    except ImportError:
        out["batch"] = None
        print("batch: numpy not installed, skipped", flush=True)
        return
    sizes = sorted(set(args.rows))
    out["batch"] = [_batch_size(args, n, frames_too=True) for n in sizes]
    out["huge"] = (
        _batch_size(args, args.huge, frames_too=False, slice_rows=sizes[-1]) if args.huge else None
    )


# ---------------------------------------------------------------------- processes


def _env() -> dict[str, str]:
    """The environment for child processes: this ithrive first, bytecode caches used."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    src = str(Path(ithrive.__file__).resolve().parent.parent)
    env["PYTHONPATH"] = os.pathsep.join([src, env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    return env


def _cli() -> list[str]:
    """The ``ithrive`` command installed next to this Python, else ``python -m ithrive``."""
    script = Path(sys.executable).parent / "ithrive"
    if script.exists():
        return [str(script)]
    found = shutil.which("ithrive")
    return [found] if found else [sys.executable, "-m", "ithrive"]


def _wall(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    return time.perf_counter() - start


def processes(args: argparse.Namespace, out: dict[str, Any]) -> None:
    """Whole-process wall times, in turn, after one warm-up each; bytecode caches warm."""
    env = _env()
    package = Path(ithrive.__file__).resolve().parent
    compiled = compileall.compile_dir(str(package), quiet=1)  # write any missing .pyc
    py = sys.executable
    cmds = {
        "python -c pass": [py, "-c", "pass"],
        "import attrs": [py, "-c", "import attrs"],
        "import attrs, cattrs": [py, "-c", "import attrs, cattrs"],
        "import ithrive": [py, "-c", "import ithrive"],
        "import ithrive; ithrive.score": [py, "-c", "import ithrive; ithrive.score"],
        "ithrive score examples/northvale.json": [*_cli(), "score", str(CLI_FILE)],
    }
    print(f"processes: {len(cmds)} commands x {args.process_runs} runs...", flush=True)
    for cmd in cmds.values():
        _wall(cmd, env)  # warm-up: file system caches, and any .pyc still to write
    runs: dict[str, list[float]] = {label: [] for label in cmds}
    for _ in range(args.process_runs):
        for label, cmd in cmds.items():
            runs[label].append(_wall(cmd, env))
    out["processes"] = {label: min(ts) for label, ts in runs.items()}
    out["bytecode"] = "warm" if compiled else "could not be written"
    probe = (
        f"import sys, ithrive; print(','.join(m for m in {EXTRAS!r} if m in sys.modules) or 'none')"
    )
    done = subprocess.run([py, "-c", probe], capture_output=True, text=True, check=True, env=env)
    out["extras_imported"] = done.stdout.strip()
    path = str(resources.files("ithrive.rules") / DEFAULT_RULESET_FILE)
    cold = (
        "import time; from ithrive.rules import load_ruleset; "
        f"t = time.perf_counter(); load_ruleset({path!r}); print(time.perf_counter() - t)"
    )
    out["load_cold"] = min(
        float(
            subprocess.run(
                [py, "-c", cold], capture_output=True, text=True, check=True, env=env
            ).stdout
        )
        for _ in range(max(1, args.process_runs // 3))
    )


def ruleset_load(args: argparse.Namespace, out: dict[str, Any]) -> None:
    path = str(resources.files("ithrive.rules") / DEFAULT_RULESET_FILE)
    load_ruleset(path)
    out["load"] = min(call_time(lambda: load_ruleset(path)) for _ in range(21))


# ---------------------------------------------------------------------- report


class _Targets:
    """The targets checked in a run, each with what was measured and whether it was met."""

    def __init__(self) -> None:
        self.rows: list[tuple[str, str, bool]] = []

    def __call__(self, *parts: tuple[str, str, bool]) -> str:
        self.rows.extend(parts)
        return "; ".join(f"{target}: {met(ok)}" for target, _, ok in parts)


def _per_assessment_lines(out: dict[str, Any], targets: _Targets) -> list[str]:
    per = out["per_assessment"]
    base = per[HAND]
    zen = out["peer_names"].get("zen-engine")
    zen_t = per.get(zen) if zen else None
    lines = [
        "## Per assessment: evidence in, levels, principles and verdict read",
        "",
        "| task | per assessment | vs hand-written | target |",
        "|---|---:|---:|---|",
    ]
    for name, t in per.items():
        target = ""
        if name == DICTS:
            parts = [
                (
                    f"score + read ≤ {SCORE_READ_MAX:g}x hand-written",
                    fmt_ratio(t / base),
                    t <= SCORE_READ_MAX * base,
                )
            ]
            if zen_t:
                parts.append(
                    (
                        f"score + read ≥ {VS_ZEN_MIN:g}x as fast as zen-engine, same task",
                        f"{fmt_ratio(zen_t / t)} as fast",
                        t * VS_ZEN_MIN <= zen_t,
                    )
                )
            target = targets(*parts)
        elif name == TYPED_BUILD:
            target = targets(
                (
                    f"typed, objects built inside the timing, ≤ {TYPED_BUILD_MAX:g}x hand-written",
                    fmt_ratio(t / base),
                    t <= TYPED_BUILD_MAX * base,
                )
            )
        elif name == JSON_ROW:
            target = targets(
                (
                    f"score + to_json() ≤ {JSON_MAX:g}x hand-written",
                    fmt_ratio(t / base),
                    t <= JSON_MAX * base,
                )
            )
        lines.append(f"| {name} | {fmt_time(t)} | {fmt_ratio(t / base)} | {target} |")
    if zen_t:
        lines += [
            "",
            f"Against zen-engine on the same task, ithrive runs at {fmt_ratio(zen_t / per[DICTS])} "
            f"its speed from dicts, {fmt_ratio(zen_t / per[TYPED_BUILD])} building typed "
            f"evidence and {fmt_ratio(zen_t / per[TYPED])} with typed evidence built beforehand.",
        ]
    return lines


def _batch_lines(out: dict[str, Any], targets: _Targets) -> list[str]:
    sizes = out.get("batch")
    if not sizes:
        return ["## Batch", "", "Skipped: numpy is not installed."]
    lines = [
        "## Batch: evidence columns in, result columns out",
        "",
        "Peak memory is beyond the input columns (which exist before the call), per row: "
        "*traced* is tracemalloc's peak (numpy's buffers; polars' Rust allocations are "
        "invisible to it), *RSS* the growth of the resident-set high-water mark.",
        "",
    ]
    main = sizes[-1]
    for size in [*sizes, *([out["huge"]] if out.get("huge") else [])]:
        n = size["rows"]
        for variant, res in size["variants"].items():
            times = res["times"]
            ref = times[REF]
            lines += [
                f"### {n:,} rows, {size['columns']} numeric evidence columns, {variant}",
                "",
                "| implementation | time | per row | vs reference | peak bytes/row traced | "
                "peak bytes/row RSS | target |",
                "|---|---:|---:|---:|---:|---:|---|",
            ]
            for name, t in times.items():
                traced, rss = res["memory"][name]
                rows = size["sizes"].get(name, n)
                target = ""
                judged = size is main
                if judged and name == ARRAYS and variant == "complete":
                    target = targets(
                        (
                            f"score_arrays ≤ {ARRAYS_MAX:g}x the numpy reference ({n:,} rows)",
                            fmt_ratio(t / ref),
                            t <= ARRAYS_MAX * ref,
                        )
                    )
                elif judged and name.startswith("ithrive score_table") and variant == "complete":
                    lib = name.split(", ")[1].split()[0]
                    target = targets(
                        (
                            f"{lib} frame ≤ {FRAMES_MAX:g}x the numpy reference ({n:,} rows)",
                            fmt_ratio(t / ref),
                            t <= FRAMES_MAX * ref,
                        )
                    )
                elif judged and name not in (REF, SEARCHSORTED) and variant != "complete":
                    what = (
                        "score_arrays"
                        if name == ARRAYS
                        else name.split(", ")[1].split()[0] + " frame"
                    )
                    target = targets(
                        (
                            f"{what}, 10% missing, ≤ {GAPS_MAX:g}x the reference ({n:,} rows)",
                            fmt_ratio(t / ref),
                            t <= GAPS_MAX * ref,
                        )
                    )
                elif size is out.get("huge") and name == ARRAYS:
                    head = _slice_name(main["rows"])
                    small = times[head] / main["rows"]
                    per_row = t / n
                    target = targets(
                        (
                            f"score_arrays ({variant}) per row at {n:,} rows ≤ "
                            f"{HUGE_PER_ROW_MAX:g}x at {main['rows']:,}",
                            fmt_ratio(per_row / small),
                            per_row <= HUGE_PER_ROW_MAX * small,
                        ),
                        (
                            f"score_arrays ({variant}) peak memory ≤ {BYTES_PER_ROW_MAX} "
                            f"bytes/row at {n:,} rows",
                            f"{traced / n:,.0f} bytes/row",
                            traced / n <= BYTES_PER_ROW_MAX,
                        ),
                    )
                lines.append(
                    f"| {name} | {fmt_time(t)} | {t / rows * 1e9:,.1f} ns | "
                    f"{fmt_ratio((t / rows) / (ref / n))} | {fmt_bytes(traced / rows)} | "
                    f"{fmt_bytes(None if rss is None else rss / rows)} | {target} |"
                )
            lines.append("")
    if not out.get("huge"):
        lines += [
            "10,000,000 rows were not run (`--huge` runs them), so the targets on time per "
            "row and memory at that size are not judged here.",
            "",
        ]
    return lines


def _process_lines(args: argparse.Namespace, out: dict[str, Any], targets: _Targets) -> list[str]:
    p = out["processes"]
    base, deps = p["python -c pass"], p["import attrs, cattrs"]
    lines = [
        "## Start-up: whole processes",
        "",
        f"Wall time of a fresh process, best of {args.process_runs} runs taken in turn "
        f"after one warm-up each; bytecode caches {out['bytecode']} (`compileall` before "
        "timing, `PYTHONDONTWRITEBYTECODE` removed for the children).",
        "",
        "| command | wall time | vs `python -c pass` | vs `import attrs, cattrs` | target |",
        "|---|---:|---:|---:|---|",
    ]
    for label, t in p.items():
        target = ""
        if label == "import ithrive":
            target = targets(
                (
                    f"`import ithrive` ≤ {IMPORT_MAX:g}x `import attrs, cattrs`",
                    fmt_ratio(t / deps),
                    t <= IMPORT_MAX * deps,
                )
            )
        elif label == "import ithrive; ithrive.score":
            target = targets(
                (
                    f"ready to score (`import ithrive; ithrive.score`) ≤ {IMPORT_MAX:g}x "
                    "`import attrs, cattrs`",
                    fmt_ratio(t / deps),
                    t <= IMPORT_MAX * deps,
                )
            )
        elif label.startswith("ithrive score"):
            target = targets(
                (
                    f"`ithrive score FILE` ≤ {CLI_MAX:g}x `python -c pass`",
                    fmt_ratio(t / base),
                    t <= CLI_MAX * base,
                )
            )
        shown = label if label.startswith("ithrive score") else f'python -c "{label}"'
        if label == "python -c pass":
            shown = "python -c pass"
        lines.append(
            f"| `{shown}` | {fmt_time(t)} | {fmt_ratio(t / base)} | {fmt_ratio(t / deps)} "
            f"| {target} |"
        )
    lines += [
        "",
        "| measure | value | target |",
        "|---|---:|---|",
        f"| optional extras in `sys.modules` after `import ithrive` | {out['extras_imported']} | "
        + targets(
            ("no optional extra imported", out["extras_imported"], out["extras_imported"] == "none")
        )
        + " |",
        "| `load_ruleset(<packaged TOML>)`, load and verify (warm, 21 runs) | "
        f"{fmt_time(out['load'])} | "
        + targets(
            (
                f"ruleset load < {LOAD_MAX_MS:g} ms",
                fmt_time(out["load"]),
                out["load"] * 1e3 < LOAD_MAX_MS,
            )
        )
        + " |",
        f"| the same, first call in a fresh process | {fmt_time(out['load_cold'])} | |",
    ]
    return lines


def report(args: argparse.Namespace, facts: dict[str, str], out: dict[str, Any]) -> str:
    targets = _Targets()
    cov = out["coverage"]
    lines = [
        "# Benchmark results",
        "",
        # Markers for the docs page, which includes this file from here to the end marker.
        "<!-- --8<-- [start:results] -->",
        "",
        "Written by `python benchmarks/run.py"
        + (" --quick" if args.quick else "")
        + (" --huge" if args.huge else "")
        + "`; what each row times is on the performance page of the documentation "
        "(`docs/explanation/performance.md`). Times are the best of the repeats; every "
        "ratio is between rows of this run, in one process (start-up: processes run in "
        "turn).",
        "",
        "## Machine",
        "",
        "| | |",
        "|---|---|",
    ]
    lines += [f"| {k} | {v} |" for k, v in facts.items()]
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
        "Every task gave the same 22 levels, 17 principles (level and verdict) and overall "
        "verdict as `ithrive.score` on every assessment before anything was timed"
        + (
            "; peers: " + "; ".join(f"{d} {s}" for d, s in out["peers"].items())
            if out["peers"]
            else ""
        )
        + ". Every batch implementation gave the numpy reference's level on every row "
        "of every item.",
        "",
    ]
    lines += _per_assessment_lines(out, targets)
    lines.append("")
    lines += _batch_lines(out, targets)
    lines += _process_lines(args, out, targets)
    lines += [
        "",
        "## Targets",
        "",
        f"{sum(ok for _, _, ok in targets.rows)} of {len(targets.rows)} met in this run; "
        "the reason for each miss is on the performance page.",
        "",
        "| target | measured | |",
        "|---|---|---|",
    ]
    lines += [f"| {target} | {measured} | {met(ok)} |" for target, measured, ok in targets.rows]
    lines += [
        "",
        f'One explanation, read outside the timing: "{out["explanation"]}"',
        "",
        "<!-- --8<-- [end:results] -->",
    ]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------- profile


def profile(args: argparse.Namespace) -> None:
    """Print where score-and-read spends its time, typed and from dicts."""
    dicts = workload.assessments(args.assessments, seed=args.seed)
    typed = [workload.typed(e) for e in dicts]
    for label, inputs in (("typed evidence", typed), ("JSON-like dicts", dicts)):
        for x in inputs[:50]:
            tasks.score_read(x)
        prof = cProfile.Profile()
        prof.enable()
        for x in inputs:
            tasks.score_read(x)
        prof.disable()
        for key in ("cumulative", "tottime"):
            buf = io.StringIO()
            pstats.Stats(prof, stream=buf).strip_dirs().sort_stats(key).print_stats(15)
            print(f"\n=== score and read, {label}, {len(inputs)} assessments: top 15 by {key} ===")
            print(buf.getvalue().strip())


# ---------------------------------------------------------------------- main


def parse(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes: a smoke test")
    parser.add_argument(
        "--huge",
        nargs="?",
        type=int,
        const=10_000_000,
        default=0,
        help="also score this many batch rows (default 10,000,000; about 6 GB of memory)",
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=Path(__file__).resolve().parent / "RESULTS.md",
        help="where to write the Markdown results (default: benchmarks/RESULTS.md)",
    )
    parser.add_argument("--assessments", type=int, help="assessments in the workload")
    parser.add_argument("--rows", type=int, nargs="+", help="batch sizes (default 10000 1000000)")
    parser.add_argument("--repeats", type=int, help="timed repeats per task")
    parser.add_argument("--process-runs", type=int, help="runs of each start-up command")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--profile", action="store_true", help="profile score-and-read and print; time nothing"
    )
    args = parser.parse_args(argv)
    quick = args.quick
    args.assessments = args.assessments or (200 if quick else 500)
    args.rows = args.rows or ([2_000, 50_000] if quick else [10_000, 1_000_000])
    args.repeats = args.repeats or (3 if quick else 5)
    args.batch_repeats = 1 if args.repeats < 3 else 3 if quick else 5
    args.process_runs = args.process_runs or (3 if quick else 15)
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
    processes(args, out)
    text = report(args, facts, out)
    print()
    print(text)
    args.output.write_text(text, encoding="utf-8")
    print(f"wrote {args.output} in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
