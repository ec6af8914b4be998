"""Arguments of the wrong type give an ithrive error naming the parameter, never a foreign one.

Issue 8: a caller who passes ``None``, a number, text, a list, a dict, a
stray object or a plausible ithrive object of the wrong kind (a scorecard
where a ruleset is expected) gets a normal result or an
:class:`ithrive.IthriveError` whose ``field`` names the parameter and whose
``value`` is the argument, never a bare ``TypeError``, ``AttributeError``,
``KeyError``, ``ValueError`` or ``IndexError``.

What is called: every name in ``__all__`` of the modules in ``MODULES``, so
a new public name is probed as soon as it is exported:

- functions, with each argument in turn replaced by each junk value while
  the others keep a valid value (from ``VALID`` by parameter name, from
  ``VALID_FOR`` for ``function.parameter``, else the default);
- public methods and classmethods (and ``__getitem__``, ``__contains__``)
  of every class, called on an instance from ``INSTANCES``;
- the constructors of the classes a user builds (``INPUT_CLASSES``: the
  evidence classes, ``EvidenceSet``, ``Assessment``,
  ``AssessmentCollection``, ``Workshop``, ``WorkshopRating``,
  ``ReportSection``).

The rule for the other constructors: a class the library builds and hands
back (results, tables and their rows, the framework, ruleset and instrument
models, responses, findings, exceptions) is not a way for data to come in,
so its constructor is out of scope; data reaches those classes through the
functions that build them (``score``, ``load_ruleset``, ``read_response``,
...), which are probed here. Enums are out of scope too: ``Level(5)``
raising ``ValueError`` is the enum protocol. ``ithrive.studies.batch``,
``ithrive.evidence.measures`` and ``ithrive.cli`` have owners of their own and are
not probed here.

A test also fails when a public callable cannot be probed because a
required argument has no valid value here, or a class with methods has no
instance, so nothing is skipped silently.
"""

from __future__ import annotations

import enum
import importlib
import inspect
import numbers
from collections.abc import Callable, Iterator
from fractions import Fraction
from pathlib import Path
from typing import Any

import attrs
import matplotlib
import numpy as np
import pandas as pd
import pytest

matplotlib.use("Agg")

import matplotlib.pyplot as plt

import ithrive
import ithrive.analysis.planning
import ithrive.studies.funnel
import ithrive.studies.intervals
import ithrive.studies.spc
from ithrive.analysis.uncertainty import item_uncertainty
from ithrive.instruments import (
    aggregate_responses,
    default_approach,
    default_checklist,
    default_gm_standards,
    gap_analysis,
    progress,
    read_response,
)
from ithrive.rules import Interval
from ithrive.scorecard.report import ReportSection
from ithrive.studies.assessment import Assessment, AssessmentCollection
from ithrive.studies.raters import Workshop, WorkshopRating

MODULES = (
    "ithrive",
    "ithrive.rules",
    "ithrive.analysis.uncertainty",
    "ithrive.analysis.improvement",
    "ithrive.studies.assessment",
    "ithrive.studies.raters",
    "ithrive.studies.trends",
    "ithrive.studies.groups",
    "ithrive.instruments",
    "ithrive.outputs.schema",
    "ithrive.outputs.template",
    "ithrive.scorecard.report",
    "ithrive.outputs.plot",
    "ithrive.base.dates",
    "ithrive.studies.intervals",
    "ithrive.studies.funnel",
    "ithrive.studies.spc",
    "ithrive.analysis.planning",
    "ithrive.outputs.boardpack",
    "ithrive.evidence.reading",
    "ithrive.scorecard.document",
    "ithrive.scorecard.table",
    "ithrive.evidence",
)

# --------------------------------------------------------------------------- valid values

EVIDENCE = {
    "micro.2": {"kind": "proportion", "numerator": 17, "denominator": 30},
    "meso.2": {"kind": "count", "count": 2},
    "micro.3a": {"kind": "survey", "agree": 30, "respondents": 40, "eligible": 50},
}
CARD = ithrive.score(EVIDENCE, None)
LATER = ithrive.score({**EVIDENCE, "meso.2": {"kind": "count", "count": 4}})
RULESET = ithrive.default_ruleset()
ASSESSMENT = Assessment(scorecard=CARD, locality="A", date="2017-03", method="self_assessment")
COLLECTION = AssessmentCollection(
    [
        ASSESSMENT,
        Assessment(scorecard=LATER, locality="A", date="2018-03", method="self_assessment"),
        Assessment(scorecard=CARD, locality="B", date="2017-03", method="self_assessment"),
        Assessment(scorecard=LATER, locality="B", date="2018-03", method="self_assessment"),
    ]
)
CHECKLIST = default_checklist()
RESPONSE_DOC = {"instrument": "checklist", "answers": {"ck.01": "in_place", "ck.05": "not_started"}}
RESPONSE = read_response(RESPONSE_DOC)
SUMMARY = aggregate_responses(
    [read_response({**RESPONSE_DOC, "area": area}) for area in ("north", "south")]
)
RATINGS = [
    WorkshopRating(rater="R1", item="micro.2", level=3, sector="health"),
    WorkshopRating(rater="R2", item="micro.2", level=2, sector="education"),
]
WORKSHOP = Workshop(ratings=RATINGS, locality="A", date="2017-03")
PLAN = default_approach().respond({"step.0.1": "in_place"})
FRAME = COLLECTION.to_frame("pandas")
PACKAGED = Path(ithrive.__file__).parent / "instruments"
EVIDENCE_TABLE = pd.DataFrame(
    {"locality": ["A"], "date": ["2017-03"], "micro.2.numerator": [17], "micro.2.denominator": [30]}
)

#: A valid value of each parameter, by name.
VALID: dict[str, Callable[[Path], Any]] = {
    "card": lambda _: CARD,
    "scorecard": lambda _: CARD,
    "cards": lambda _: [CARD, LATER],
    "before": lambda _: CARD,
    "after": lambda _: LATER,
    "self_assessment": lambda _: ASSESSMENT,
    "evaluation": lambda _: Assessment(
        scorecard=LATER, locality="A", date="2017-03", method="independent_evaluation"
    ),
    "ruleset": lambda _: RULESET,
    "evidence": lambda _: dict(EVIDENCE),
    "collection": lambda _: COLLECTION,
    "assessments": lambda _: list(COLLECTION),
    "response": lambda _: RESPONSE,
    "responses": lambda _: [RESPONSE],
    "instrument": lambda _: CHECKLIST,
    "checklist": lambda _: CHECKLIST,
    "item_id": lambda _: "micro.2",
    "principle_id": lambda _: "micro.3",
    "system_id": lambda _: "micro",
    "item": lambda _: "micro.2",
    "items": lambda _: ["micro.2", "meso.2"],
    "names": lambda _: ["micro.2", "meso"],
    "locality": lambda _: "A",
    "date": lambda _: "2017-03",
    "start": lambda _: "2017-03",
    "end": lambda _: "2018-03",
    "method": lambda _: "self_assessment",
    "groups": lambda _: {"A": "accelerator", "B": "comparison"},
    "reference": lambda _: "comparison",
    "rows": lambda _: COLLECTION.to_rows(),
    "records": lambda _: [{"rater": "R1", "item": "micro.2", "level": 3}],
    "ratings": lambda _: list(RATINGS),
    "rater": lambda _: "R1",
    "level": lambda _: 3,
    "levels": lambda _: {"R1": [3] * 22},
    "frame": lambda _: FRAME,
    "target": lambda tmp: tmp / "out.file",
    "data": lambda _: dict(RESPONSE_DOC),
    "answers": lambda _: {"ck.01": "in_place"},
    "statuses": lambda _: ["in_place", None],
    "status": lambda _: "in_place",
    "entry_id": lambda _: "ck.01",
    "action_id": lambda _: "ck.01",
    "step_id": lambda _: "0.1",
    "standard_id": lambda _: default_gm_standards().entries[0].id,
    "group_id": lambda _: "checklist",
    "number": lambda _: 1,
    "name": lambda _: "north",
    "area": lambda _: "north",
    "text": lambda _: "[0, 1)",
    "title": lambda _: "Notes",
    "schema": lambda _: {"type": "object"},
    "rule": lambda _: RULESET.rule("micro.2"),
    "successes": lambda _: 3,
    "trials": lambda _: 10,
    "expected": lambda _: 60,
    "margin": lambda _: 10,
    "num": lambda _: 1,
    "den": lambda _: 2,
    "value": lambda _: 0.5,
    "criterion_id": lambda _: "x",
    "index": lambda _: 0,
    "numerator": lambda _: 18,
    "denominator": lambda _: 30,
    "count": lambda _: 2,
    "agree": lambda _: 3,
    "respondents": lambda _: 4,
    "eligible": lambda _: 5,
    "mean": lambda _: 8.5,
    "offered_percent": lambda _: 80,
    "criteria": lambda _: {"policy": True},
    "predicate": lambda _: lambda row: True,
}

#: Valid values for a parameter whose meaning depends on the callable, by ``qualname.parameter``.
VALID_FOR: dict[str, Callable[[Path], Any]] = {
    "structure_scorecard.data": lambda _: CARD.to_dict(),
    "structure_evidence.data": lambda _: EVIDENCE["micro.2"],
    "unstructure_evidence.evidence": lambda _: ithrive.Proportion(17, 30),
    "describe.evidence": lambda _: ithrive.Proportion(17, 30),
    "exact_number.value": lambda _: Fraction(20, 3),
    "ratio_text.value": lambda _: Fraction(20, 3),
    "load_ruleset.source": lambda _: {
        "ruleset": {"name": "local", "version": "1", "extends": "default"}
    },
    "assess.source": lambda _: CARD,
    "AssessmentCollection.from_jsonl.source": lambda tmp: _saved(tmp, "jsonl"),
    "AssessmentCollection.from_csv.source": lambda tmp: _saved(tmp, "csv"),
    "AssessmentCollection.from_parquet.source": lambda tmp: _saved(tmp, "parquet"),
    "AssessmentCollection.from_evidence_table.frame": lambda _: EVIDENCE_TABLE,
    "AssessmentCollection.from_evidence_table.locality": lambda _: "locality",
    "AssessmentCollection.from_evidence_table.date": lambda _: "date",
    "Workshop.from_frame.frame": lambda _: pd.DataFrame(
        {"rater": ["R1"], "item": ["micro.2"], "level": [3]}
    ),
    "Workshop.levels.item_id": lambda _: "micro.2",
    "Workshop.from_matrix.items": lambda _: None,
    "Workshop.from_matrix.sectors": lambda _: {"R1": "health"},
    "ItemUncertainty.probability.level": lambda _: 3,
    "Item.descriptor.level": lambda _: 3,
    "item_uncertainty.evidence": lambda _: EVIDENCE["micro.2"],
    "what_it_would_take.evidence": lambda _: EVIDENCE["micro.2"],
    "consensus_level.levels": lambda _: [2, 3, 3],
    "Scorecard.from_dict.data": lambda _: CARD.to_dict(),
    "Response.from_dict.data": lambda _: RESPONSE.to_dict(),
    "GroupProgress.count.status": lambda _: "in_place",
    "Progress.group.group_id": lambda _: "checklist",
    "EntryTally.area.name": lambda _: "north",
    "Criterion.supports.value": lambda _: "some_agencies",
    "Criterion.needed_for.level": lambda _: 3,
    "ItemRule.measure.name": lambda _: "notes_audit",
    "IntervalTable.of_one_measure.item": lambda _: "micro.2",
    "IntervalTable.of_one_measure.measure": lambda _: "notes_audit",
    "ReportSection.items": lambda _: {"micro.2": "fine"},
    "ReportSection.text.item_id": lambda _: "micro.2",
    "Rating.level": lambda _: 3,
    "CollaboRATE.encounters": lambda _: 100,
    "Approach.phase.number": lambda _: 1,
    "Standards.section.number": lambda _: 1,
    "Standards.standard.standard_id": lambda _: default_gm_standards().entries[0].id,
    "Approach.step.step_id": lambda _: default_approach().entries[0].id,
    "EvidenceSet.__getitem__.item_id": lambda _: "micro.2",
    "parse_date.text": lambda _: "2017-03",
    "plot_trajectories.cards": lambda _: [
        ithrive.score({"locality": "A", "date": date, "evidence": EVIDENCE})
        for date in ("2017-03", "2018-03")
    ],
    "gap_analysis.responses": lambda _: RESPONSE,
    "aggregate_responses.responses": lambda _: [
        read_response({**RESPONSE_DOC, "area": area}) for area in ("north", "south")
    ],
    "load_checklist.source": lambda _: PACKAGED / "checklist.toml",
    "load_approach.source": lambda _: PACKAGED / "approach.toml",
    "load_standards.source": lambda _: PACKAGED / "gm_standards.toml",
    "Approach.entry.entry_id": lambda _: default_approach().entries[0].id,
    "Approach.respond.answers": lambda _: {default_approach().entries[0].id: "in_place"},
    "iso_date.value": lambda _: "2017-03",
    "date_key.value": lambda _: "2017-Q1",
    "start_of.value": lambda _: "2017-03-31",
    "evidence_columns.evidence": lambda _: [ithrive.Proportion(numerator=18, denominator=30)],
    "sources_of.source": lambda _: COLLECTION,
    "interval_table.source": lambda _: COLLECTION,
    "funnel.source": lambda _: COLLECTION,
    "funnel.target": lambda _: None,
    "binomial_limits.target": lambda _: 60,
    "arcsine_limits.target": lambda _: 60,
    "plot_funnel.funnel": lambda _: _funnel(),
    "plot_spc.chart": lambda _: ithrive.studies.spc.p_chart([3, 4], [10, 10]),
    "save_figure.fig": lambda _: plt.figure(),
    "save_figure.target": lambda tmp: tmp / "out.png",
    "xmr.values": lambda _: [50, 60, 55],
    "p_chart.successes": lambda _: [3, 4],
    "p_chart.trials": lambda _: [10, 10],
    "level_agreement.notes": lambda _: 30,
    "sample_for_width.width": lambda _: 20,
    "audit_plan.expected": lambda _: [60],
    "Standards.entry.entry_id": lambda _: default_gm_standards().entries[0].id,
    "Standards.respond.answers": lambda _: {default_gm_standards().entries[0].id: "in_place"},
    "EntryTally.planning.rule": lambda _: "no_dissent",
    "WorkshopSummary.planning.rule": lambda _: "no_dissent",
    "WorkshopSummary.consensus.rule": lambda _: "plurality",
    "gap_analysis.rule": lambda _: "no_dissent",
    "compare_workshops.before": lambda _: RESPONSE,
    "compare_workshops.after": lambda _: SUMMARY,
    "compare_workshops.rule": lambda _: "no_dissent",
    "facilitator_summary.summary": lambda _: SUMMARY,
    "plan_position.plan": lambda _: PLAN,
    "plan_position.checklist": lambda _: RESPONSE,
    "plan_position.instrument": lambda _: default_approach(),
    "answer_template.instrument": lambda _: "checklist",
    "read_answers.sources": lambda tmp: _answers(tmp),  # noqa: PLW0108 (defined below)
    "board_pack.workshop": lambda _: SUMMARY,
    "board_pack.plan": lambda _: PLAN,
    "board_pack.standards": lambda _: default_gm_standards().respond({}),
    "board_pack.before": lambda _: RESPONSE,
    "board_pack.rule": lambda _: "no_dissent",
}


def _answers(tmp: Path) -> Path:
    path = tmp / "answers.csv"
    path.write_text("respondent,area,ck.01\nA,north,in place\n", "utf-8")
    return path


def _saved(tmp: Path, kind: str) -> Path:
    path = tmp / f"saved.{kind}"
    getattr(COLLECTION, f"to_{kind}")(path)
    return path


def _uncertainty() -> Any:
    return item_uncertainty("micro.2", EVIDENCE["micro.2"])


#: An instance of each class whose methods are probed.
INSTANCES: dict[str, Callable[[], Any]] = {
    "Framework": lambda: ithrive.FRAMEWORK,
    "Item": lambda: ithrive.FRAMEWORK.item("micro.2"),
    "Scorecard": lambda: CARD,
    "EvidenceSet": lambda: ithrive.read_evidence(EVIDENCE),
    "Ruleset": lambda: RULESET,
    "ItemRule": lambda: RULESET.rule("micro.2"),
    "CriteriaRule": lambda: next(r.indicators for r in RULESET.rules if r.indicators),
    "Criterion": lambda: next(
        c for r in RULESET.rules if r.indicators for c in r.indicators.criteria if c.is_ordinal
    ),
    "Interval": lambda: Interval.parse("[0, 1)"),
    "ItemUncertainty": _uncertainty,
    "Assessment": lambda: ASSESSMENT,
    "AssessmentCollection": lambda: COLLECTION,
    "Workshop": lambda: WORKSHOP,
    "ConsensusTable": WORKSHOP.consensus,
    "MethodComparison": lambda: ithrive.studies.raters.compare_methods(CARD, LATER),
    "ChangeTable": lambda: ithrive.studies.trends.change(CARD, LATER),
    "TrajectoryTable": lambda: ithrive.studies.trends.trajectory(COLLECTION),
    "FirstReachedTable": lambda: ithrive.studies.trends.first_reached(COLLECTION),
    "GroupLevelTable": lambda: _comparison().levels,
    "GroupChangeTable": lambda: _comparison().change,
    "Checklist": lambda: CHECKLIST,
    "Approach": default_approach,
    "Standards": default_gm_standards,
    "InstrumentBase": lambda: CHECKLIST,
    "Response": lambda: RESPONSE,
    "WorkshopSummary": lambda: SUMMARY,
    "EntryTally": lambda: SUMMARY.entries[0],
    "StatusTally": lambda: SUMMARY.entries[0].overall,
    "GapAnalysis": lambda: gap_analysis(CARD, RESPONSE),
    "Progress": lambda: progress(RESPONSE),
    "GroupProgress": lambda: progress(RESPONSE).total,
    "ReportSection": lambda: ReportSection("Notes", items={"micro.2": "fine"}),
    "GroupIntervalTable": lambda: _comparison(intervals=True).intervals,
    "ItemAgreementTable": WORKSHOP.item_agreement,
    "IntervalTable": lambda: ithrive.studies.intervals.interval_table(COLLECTION),
    "Funnel": lambda: _funnel(),  # noqa: PLW0108 (_funnel is defined below)
    "FunnelTable": lambda: _funnel().rows,
    "SPCChart": lambda: ithrive.studies.spc.p_chart([3, 4], [10, 10]),
    "SPCTable": lambda: ithrive.studies.spc.p_chart([3, 4], [10, 10]).rows,
    "AuditPlanTable": lambda: ithrive.analysis.planning.audit_plan("micro.2", [70]),
}


def _funnel() -> Any:
    return ithrive.studies.funnel.funnel(COLLECTION, "micro.2", date="2017-03")


def _comparison(*, intervals: bool = False) -> Any:
    from ithrive.studies.groups import compare_groups

    return compare_groups(
        COLLECTION,
        {"A": "accelerator", "B": "comparison"},
        reference="comparison",
        intervals=intervals,
    )


#: Classes whose constructor a user calls (see the module docstring).
INPUT_CLASSES = {
    "Proportion",
    "Count",
    "Survey",
    "Rating",
    "CollaboRATE",
    "Indicators",
    "EvidenceSet",
    "Assessment",
    "AssessmentCollection",
    "Workshop",
    "WorkshopRating",
    "ReportSection",
}

#: Methods not probed, each with its reason.
NOT_PROBED = {
    # Builds the error for an id already known to be wrong; it takes any object.
    "Framework.unknown_item",
    "InstrumentBase.unknown_entry",
    # Change the process-wide registry of evidence classes, unchecked by design:
    # ``register_kind`` checks a whole declaration first and calls them.
    "add_evidence_class",
    "remove_evidence_class",
}

#: Foreign errors that remain in modules other engineers own, by ``callable.parameter``:
#: each is expected to fail (strictly: a fix there makes this test say so) until then.
OWNED_ELSEWHERE: dict[str, str] = {}

#: Parameters whose error names no field by contract, by ``callable.parameter``, with why.
NO_FIELD: dict[str, str] = {
    # One piece of evidence, placed by its caller: "without item ids: the caller
    # places them" (its docstring); the wrong type is still ``wrong_type``.
    "structure_evidence.data": "the caller names the item and field",
}

#: Parameters that are file paths: an ``OSError`` for a path that cannot be
#: opened is what ``open`` raises, not a wrong type, and is allowed.
PATHS = {"source", "target"}

# --------------------------------------------------------------------------- junk


def _junk() -> list[tuple[str, Callable[[], Any]]]:
    return [
        ("None", lambda: None),
        ("True", lambda: True),
        ("5", lambda: 5),
        ("'x'", lambda: "x"),
        ("1.5", lambda: 1.5),
        ("[]", list),
        ("{}", dict),
        ("object()", object),
        ("Scorecard", lambda: CARD),
        ("Ruleset", lambda: RULESET),
    ]


JUNK = _junk()

# --------------------------------------------------------------------------- the probe


@attrs.frozen
class Target:
    """A callable to probe: its id (``Class.method`` or ``function``), getter and signature."""

    id: str
    get: Callable[[], Callable[..., Any]]
    signature: inspect.Signature
    qualname: str


def _public_methods(cls: type) -> Iterator[tuple[str, Any]]:
    for name in sorted(dir(cls)):
        if name.startswith("_") and name not in ("__getitem__", "__contains__"):
            continue
        raw = inspect.getattr_static(cls, name)
        if isinstance(raw, (property, staticmethod)) or not callable(getattr(cls, name)):
            continue
        owner = next(k for k in cls.__mro__ if name in vars(k))
        if owner.__module__ == "builtins" or not owner.__module__.startswith("ithrive"):
            continue
        yield name, raw


def _targets() -> list[Target]:
    out: dict[str, Target] = {}
    classes: dict[str, type] = {}
    for module_name in MODULES:
        module = importlib.import_module(module_name)
        for name in module.__all__:
            obj = getattr(module, name)
            if inspect.isclass(obj):
                if issubclass(obj, (BaseException, enum.Enum)):
                    continue
                # Two modules may export classes of one name (improvement.Step,
                # instruments.Step): the second is told apart by its module.
                label = name if classes.setdefault(name, obj) is obj else f"{module_name}.{name}"
                if name in INPUT_CLASSES:
                    out[name] = Target(
                        name, lambda obj=obj: obj, inspect.signature(obj), obj.__qualname__
                    )
                for method, raw in _public_methods(obj):
                    qual = f"{label}.{method}"
                    if qual in NOT_PROBED:
                        continue
                    if isinstance(raw, classmethod):
                        get = lambda obj=obj, method=method: getattr(obj, method)  # noqa: E731
                        sig = inspect.signature(getattr(obj, method))
                    else:
                        sig = inspect.signature(raw)
                        sig = sig.replace(parameters=list(sig.parameters.values())[1:])
                        factory = INSTANCES.get(label)
                        if factory is None:
                            if sig.parameters:
                                out[qual] = Target(qual, _no_instance(obj), sig, qual)
                            continue
                        get = lambda factory=factory, method=method: getattr(factory(), method)  # noqa: E731
                    if sig.parameters:
                        out[qual] = Target(qual, get, sig, qual)
            elif callable(obj) and inspect.isfunction(obj) and name not in NOT_PROBED:
                out[obj.__qualname__] = Target(
                    obj.__qualname__, lambda obj=obj: obj, inspect.signature(obj), obj.__qualname__
                )
    return sorted(out.values(), key=lambda t: t.id)


def _no_instance(cls: type) -> Callable[[], Any]:
    def get() -> Any:
        pytest.fail(f"no instance of {cls.__name__} in INSTANCES")

    return get


TARGETS = _targets()


def _valid(target: Target, param: inspect.Parameter, tmp: Path) -> Any:
    key = f"{target.qualname}.{param.name}"
    short = key.split(".", 1)[-1] if "." in target.qualname else key
    for candidate in (key, short):
        if candidate in VALID_FOR:
            return VALID_FOR[candidate](tmp)
    if param.name in VALID:
        return VALID[param.name](tmp)
    return param.default


def _cases() -> Iterator[Any]:
    for target in TARGETS:
        for param in target.signature.parameters.values():
            if param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD):
                continue
            yield pytest.param(target, param.name, id=f"{target.id}.{param.name}")


def _call(target: Target, args: dict[str, Any]) -> Any:
    function = target.get()
    positional = []
    keywords = {}
    for param in target.signature.parameters.values():
        if param.name not in args:
            continue
        if param.kind in (param.POSITIONAL_ONLY,):
            positional.append(args[param.name])
        else:
            keywords[param.name] = args[param.name]
    try:
        return function(*positional, **keywords)
    finally:
        plt.close("all")


def _arguments(target: Target, tmp: Path) -> dict[str, Any]:
    args = {}
    for param in target.signature.parameters.values():
        if param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD):
            continue
        value = _valid(target, param, tmp)
        if value is inspect.Parameter.empty:
            pytest.fail(f"{target.id}: no valid value for {param.name!r} in VALID or VALID_FOR")
        args[param.name] = value
    return args


def _short(value: object) -> str:
    text = str(value)
    return text if len(text) <= 100 else text[:97] + "..."


@pytest.mark.parametrize("target", [pytest.param(t, id=t.id) for t in TARGETS])
def test_valid_arguments_work(
    target: Target, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The valid values of the tables work, so each junk value is the only thing wrong."""
    monkeypatch.chdir(tmp_path)
    _call(target, _arguments(target, tmp_path))


@pytest.mark.parametrize(("target", "name"), list(_cases()))
def test_wrong_argument_gives_ithrive_error(
    target: Target, name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each junk value in this argument gives a result or an IthriveError naming it."""
    monkeypatch.chdir(tmp_path)
    problems = []
    for label, make in JUNK:
        args = _arguments(target, tmp_path)
        junk = make()
        args[name] = junk
        try:
            _call(target, args)
        except ithrive.IthriveError as err:
            first = err.errors[0] if isinstance(err, ithrive.InvalidEvidenceError) else err
            if not first.field and not first.item and f"{target.id}.{name}" not in NO_FIELD:
                problems.append(
                    f"{name}={label}: {type(err).__name__} names no field: {_short(err)}"
                )
            elif first.code == "wrong_type" and first.value is not junk and first.field == name:
                problems.append(f"{name}={label}: wrong_type value is {_short(first.value)}")
        except OSError:
            if name not in PATHS:
                raise
        except Exception as err:
            problems.append(f"{name}={label}: {type(err).__name__}: {_short(err)}")
    owner = OWNED_ELSEWHERE.get(f"{target.id}.{name}")
    if owner is not None:
        assert problems, f"fixed: remove {target.id}.{name} from OWNED_ELSEWHERE"
        pytest.xfail(owner)
    assert not problems, "\n".join(problems)


# --------------------------------------------------------------------------- whole numbers


@pytest.mark.parametrize("whole", [np.int64(3), np.int8(3), np.uint16(3)])
def test_numpy_integers_are_levels(whole: numbers.Integral) -> None:
    """Whole numbers of any Integral type (numpy's too), not bool, are accepted as levels."""
    rating = WorkshopRating(rater="R1", item="micro.2", level=whole)
    assert ithrive.Level.THREE == rating.level
    workshop = Workshop.from_matrix({"R1": [whole] * 22})
    assert ithrive.Level.THREE == workshop.levels("micro.2")[0]
    assert ithrive.Level.THREE == ithrive.studies.raters.consensus_level([whole, 4])
    assert ithrive.Level.THREE == ithrive.FRAMEWORK.item("micro.2").descriptor(whole).level
    table = ithrive.studies.trends.first_reached(COLLECTION, level=whole)
    assert ("A", "meso.2", "2018-03") in [(r.locality, r.id, r.date) for r in table]


def test_numpy_integers_are_counts_and_ranges() -> None:
    """Counts and ranges given as numpy integers work as Python integers do."""
    from ithrive.analysis.uncertainty import jeffreys_interval

    expected = jeffreys_interval(18, 30)
    assert expected == jeffreys_interval(np.int64(18), np.int32(30))
    expected_rows = WORKSHOP.consensus(conflict_range=1).rows
    assert expected_rows == WORKSHOP.consensus(conflict_range=np.int64(1)).rows


def test_an_index_past_the_end_is_an_ithrive_error_and_an_index_error() -> None:
    """``collection[99]`` is an UnknownAssessmentError, and still an IndexError for sequences."""
    with pytest.raises(ithrive.UnknownAssessmentError) as caught:
        COLLECTION[99]
    assert isinstance(caught.value, IndexError)
    expected = ("unknown_assessment", "index", 99)
    assert expected == (caught.value.code, caught.value.field, caught.value.value)


def test_a_wrong_type_names_the_parameter_and_the_value() -> None:
    """The issue's examples: each error says which parameter, and carries the value given."""
    from ithrive.analysis.improvement import action_list
    from ithrive.instruments import read_response

    cases = [
        (lambda: action_list(CARD, ruleset="x"), "ruleset", "x"),  # type: ignore[arg-type]
        (lambda: read_response(RESPONSE_DOC, instrument=5), "instrument", 5),  # type: ignore[arg-type]
        (lambda: gap_analysis(CARD, RESPONSE).item(5), "item_id", 5),  # type: ignore[arg-type]
        (lambda: SUMMARY.entry(5), "entry_id", 5),  # type: ignore[arg-type]
        (lambda: AssessmentCollection.from_frame(5), "frame", 5),
        (lambda: ithrive.verify("x"), "ruleset", "x"),  # type: ignore[arg-type]
    ]
    got = []
    for call, _, _ in cases:
        with pytest.raises(ithrive.EvidenceError) as caught:
            call()
        got.append((caught.value.code, caught.value.field, caught.value.value))
    assert [("wrong_type", field, value) for _, field, value in cases] == got


@pytest.mark.parametrize(
    "junk", [None, 5, "x", {"kind": "count", "count": 3}, RULESET], ids=lambda v: type(v).__name__
)
def test_unstructuring_something_else_names_the_parameter(junk: object) -> None:
    """``unstructure_scorecard`` and ``unstructure_evidence`` of a wrong type: no AttributeError."""
    from ithrive.evidence.reading import unstructure_evidence
    from ithrive.scorecard.document import unstructure_scorecard

    got = []
    for call in (unstructure_scorecard, unstructure_evidence):
        with pytest.raises(ithrive.EvidenceError) as caught:
            call(junk)  # type: ignore[operator]
        got.append((caught.value.code, caught.value.field, caught.value.value is junk))
    assert [("wrong_type", "card", True), ("wrong_type", "evidence", True)] == got
