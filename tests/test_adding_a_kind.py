"""Worked example: a new evidence kind, scored through every interface.

``tests/likert_kind.py`` declares a 1-5 Likert staff survey (:data:`LIKERT`)
and a local ruleset that bands it for meso.3b. Registered, the kind is
scored by ``ithrive.score`` (dicts, typed objects, exact fractions as text,
every problem reported), by batch scoring (equal to the scalar score), and
described by the evidence schema, the template and the boundary cases; the
command line finds it through the ``ithrive.kinds`` entry point group. The
developers guide ("Adding an evidence kind") walks through the same steps.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.likert_kind import LIKERT, RULESET_TOML, LikertSurvey

import ithrive
from ithrive.errors import InvalidEvidenceError
from ithrive.evidence import KINDS
from ithrive.evidence.kinds import KIND_REGISTRY, kind, register_kind, unregister_kind
from ithrive.outputs.schema import evidence_schema
from ithrive.outputs.template import evidence_template
from ithrive.rules import Ruleset
from ithrive.rules.cases import boundary_cases

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def likert() -> Iterator[Ruleset]:
    """The Likert kind registered for the test, and the local ruleset that uses it."""
    register_kind(LIKERT)
    try:
        yield ithrive.load_ruleset(tomllib.loads(RULESET_TOML))
    finally:
        unregister_kind("likert")


def piece(mean: Any, respondents: Any) -> dict[str, Any]:
    return {"kind": "likert", "mean": mean, "respondents": respondents}


class TestRegistering:
    """A kind is declared once; what is incomplete or clashes is refused where it is registered."""

    def test_registering_makes_the_kind_known_and_unregistering_forgets_it(self) -> None:
        """While registered, the kind and its class are known everywhere; then not."""
        register_kind(LIKERT)
        try:
            assert (kind("likert"), KINDS["likert"]) == (LIKERT, LikertSurvey)
        finally:
            unregister_kind("likert")
        assert ("likert" in KIND_REGISTRY, "likert" in KINDS) == (False, False)

    def test_a_kind_registered_twice_is_refused(self, likert: Ruleset) -> None:
        """The name is taken: invalid_kind, naming the field."""
        with pytest.raises(InvalidEvidenceError) as info:
            register_kind(LIKERT)
        assert [(e.code, e.field) for e in info.value.errors] == [("invalid_kind", "name")]

    def test_an_incomplete_declaration_lists_every_gap(self) -> None:
        """A measured kind without help for a field and with no boundary cases is refused whole."""
        import attrs

        broken = attrs.evolve(LIKERT, help={"mean": "the mean"}, case=kind("rating").case)
        with pytest.raises(InvalidEvidenceError) as info:
            register_kind(broken)
        assert {e.field for e in info.value.errors} == {"help", "case"}
        assert "likert" not in KIND_REGISTRY


class TestScore:
    """``ithrive.score`` decides the new kind on the one decision path."""

    @pytest.mark.parametrize(
        ("mean", "respondents", "level", "decided_by"),
        [
            (3.5, 40, 3, "band [3.25, 4)"),
            (3.25, 40, 3, "band [3.25, 4)"),
            (3.2499999999999996, 40, 2, "band [2.5, 3.25)"),
            ("17/4", 4, 2, "gate few_staff"),
            (5, 10, 4, "band [4, 5]"),
        ],
    )
    def test_dicts_are_banded_exactly_and_gated(
        self, likert: Ruleset, mean: Any, respondents: int, level: int, decided_by: str
    ) -> None:
        """Bands and the cap come from the local ruleset; fractions as text are exact."""
        result = ithrive.score({"meso.3b": piece(mean, respondents)}, likert)["meso.3b"]
        assert (result.level, result.decided_by) == (level, decided_by)
        assert result.explanation.startswith(f"meso.3b level {level}")

    def test_typed_objects_score_as_dicts_do(self, likert: Ruleset) -> None:
        """A LikertSurvey object and its dict give equal scorecards."""
        typed = ithrive.score({"meso.3b": LikertSurvey(mean=3.5, respondents=40)}, likert)
        assert typed == ithrive.score({"meso.3b": piece(3.5, 40)}, likert)

    def test_every_problem_is_reported(self, likert: Ruleset) -> None:
        """The class's checks, the rule's checks and the kind's place all report together."""
        with pytest.raises(InvalidEvidenceError) as info:
            ithrive.score(
                {"meso.3b": piece(7, 0), "micro.2": piece(3, 12), "meso.2": piece(3, 12)},
                likert,
            )
        assert [(e.item, e.field, e.code) for e in info.value.errors] == [
            ("meso.2", "kind", "kind_not_accepted"),
            ("meso.3b", "mean", "out_of_range"),
            ("meso.3b", "respondents", "out_of_range"),
            ("micro.2", "kind", "kind_not_accepted"),
        ]

    def test_the_scorecard_round_trips(self, likert: Ruleset) -> None:
        """to_dict and from_dict keep the new kind's evidence and words."""
        card = ithrive.score({"meso.3b": piece("17/4", 4)}, likert)
        assert ithrive.Scorecard.from_dict(card.to_dict()) == card


class TestBatch:
    """Batch scoring reads the kind's columns from its declaration, and equals the scalar score."""

    def test_batch_levels_equal_scalar_levels(self, likert: Ruleset) -> None:
        """Each row's level is the one ``ithrive.score`` gives the same evidence."""
        np = pytest.importorskip("numpy")
        from ithrive.studies import batch

        rows = [(3.5, 40), (4.25, 4), (4.0, 12), (2.0, 30), (3.2499999999999996, 40)]
        scorer = batch.scorer(likert)
        assert [c for c in scorer.evidence_columns() if c.startswith("meso.3b")] == [
            "meso.3b.mean",
            "meso.3b.respondents",
            "meso.3b.rating",
        ]
        out = scorer.score_arrays(
            {
                "meso.3b.mean": np.array([m for m, _ in rows]),
                "meso.3b.respondents": np.array([r for _, r in rows]),
            }
        )
        scalar = [
            int(ithrive.score({"meso.3b": piece(m, r)}, likert)["meso.3b"].level or 0)
            for m, r in rows
        ]
        assert out["meso.3b.level"].tolist() == scalar


class TestDescriptions:
    """Schema, template and boundary cases describe the kind from its declaration."""

    def test_the_schema_has_the_kind_and_narrows_it_for_the_item(self, likert: Ruleset) -> None:
        """The kind's fields, and meso.3b's measure with the mean's domain."""
        schema = evidence_schema(likert)
        assert schema["$defs"]["likert"]["properties"]["mean"]["maximum"] == 5
        assert schema["$defs"]["likert"]["required"] == ["kind", "mean", "respondents"]
        item = schema["$defs"]["meso.3b"]
        narrowed = [part for part in json.dumps(item).split('"allOf"') if "likert" in part]
        assert narrowed

    def test_the_template_shows_an_example_that_scores(self, likert: Ruleset) -> None:
        """The template's example for the kind is valid evidence for the item."""
        doc = evidence_template(["meso.3b"], ruleset=likert)
        help_ = doc["_help"]
        examples = help_["items"]["meso.3b"]["examples"]
        example = next(e for e in examples if e["kind"] == "likert")
        assert help_["kinds"]["likert"] == dict(LIKERT.help)
        assert ithrive.score({"meso.3b": example}, likert)["meso.3b"].level == 2

    def test_every_boundary_case_scores_as_it_says(self, likert: Ruleset) -> None:
        """The kind builds cases at every band and gate edge; each scores as expected."""
        cases = [c for c in boundary_cases(likert) if c.item == "meso.3b"]
        assert {c.what.split(":")[0] for c in cases} >= {"band edge 4 (float)", "gate few_staff"}
        for case in cases:
            got = ithrive.score({case.item: dict(case.evidence)}, likert)[case.item]
            assert (got.level, got.status.value) == (case.level, case.status), case


@pytest.fixture
def installed_plugin(tmp_path: Path) -> dict[str, str]:
    """An environment in which a package declares the kind in the ``ithrive.kinds`` group.

    The package is the distribution metadata an installer would write: a
    ``*.dist-info`` folder whose entry point names :data:`LIKERT`.
    """
    info = tmp_path / "site" / "ithrive_likert-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: ithrive-likert\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text("[ithrive.kinds]\nlikert = tests.likert_kind:LIKERT\n")
    path = os.pathsep.join([str(ROOT / "src"), str(ROOT), str(tmp_path / "site")])
    return {**os.environ, "PYTHONPATH": path}


def score_on_the_command_line(
    tmp_path: Path, env: dict[str, str], *options: str
) -> subprocess.CompletedProcess[str]:
    """``ithrive score`` run on one meso.3b piece of the new kind, with the local ruleset."""
    (tmp_path / "local.toml").write_text(RULESET_TOML)
    # The command line reads evidence documents: the items go under "evidence".
    document = {"evidence": {"meso.3b": piece(3.5, 40)}}
    (tmp_path / "evidence.json").write_text(json.dumps(document))
    command = [sys.executable, "-m", "ithrive", "score", str(tmp_path / "evidence.json")]
    return subprocess.run(
        [*command, "--ruleset", str(tmp_path / "local.toml"), *options],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


class TestCommandLine:
    """``ithrive score`` with a local ruleset finds the kind through its entry point."""

    def test_the_command_line_scores_the_new_kind(
        self, installed_plugin: dict[str, str], tmp_path: Path
    ) -> None:
        """The ruleset verifies, the evidence scores, and the JSON scorecard has the level."""
        done = score_on_the_command_line(tmp_path, installed_plugin, "--format", "json")
        assert done.returncode == 0, done.stderr
        item = json.loads(done.stdout)["items"]["meso.3b"]
        assert (item["level"], item["evidence"]) == (3, [piece(3.5, 40)])

    def test_without_the_package_the_kind_is_unknown(self, tmp_path: Path) -> None:
        """No entry point, no kind: the local ruleset names an unknown kind (exit status 1 or 2)."""
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)])}
        done = score_on_the_command_line(tmp_path, env)
        assert done.returncode != 0
        assert "unknown_kind" in done.stderr
