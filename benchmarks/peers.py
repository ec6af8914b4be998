"""Peer rule engines expressing the same bands, generated from the loaded ruleset.

Each item's rule becomes one decision tree in a small intermediate form
(:func:`item_tree`): the measure's presence, the survey with no respondents
(D15), the gates that withhold a level or cap it, the band table, then the
next measure (macro.5 takes the lower of two, D9), then the indicator
criteria (D14), and the panel rating wherever no measured evidence gives a
level (D12). Warnings change no level, so warning gates are left out. The tree
is rendered three ways, so none of them can drift from the ruleset:

- GoRules **zen-engine**: one decision graph, one decision table per item
  (hit policy ``first``), columns such as ``numerator * 100 / denominator``
  and band cells such as ``$ < 60``;
- **rule-engine**: one expression per assessment, an array of 22 nested
  conditional expressions, with counts compared by cross-multiplication;
- **JSON-logic** (``json-logic-qubit``): a list of 22 ``if`` rules, counts
  compared by cross-multiplication.

Every peer reads a flat JSON-like record (:func:`flat`): one key per
evidence field, such as ``micro_2_notes_audit_numerator`` or
``macro_1_policy_exists``, holding only the fields given.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Iterator, Mapping
from fractions import Fraction
from typing import Any

from ithrive.model import FRAMEWORK
from ithrive.rules import CriteriaRule, GateEffect, Measure, Ruleset, default_ruleset
from ithrive.rules.interval import Interval

__all__ = [
    "JsonLogicPeer",
    "RuleEnginePeer",
    "ZenPeer",
    "available",
    "flat",
    "item_tree",
]

ITEMS: tuple[str, ...] = tuple(FRAMEWORK.item_ids)

# The intermediate form.
#   condition atoms: ("isnull", f) ("notnull", f) ("in", f, values) ("null_or_in", f, values)
#                    ("cmp", quantity, op, bound) with quantity ("plain", f) or ("ratio", num, den),
#                    the ratio meaning 100 * num / den, and bound an exact Fraction
#   trees: ("if", [(atoms, tree), ...], else_tree) and ("leaf", ("const", v) | ("var", f))
Tree = tuple[Any, ...]
Atom = tuple[Any, ...]

_NULLABLE = frozenset({"encounters"})


def key(item: str) -> str:
    """An item id as an identifier: ``micro.3a`` -> ``micro_3a``."""
    return item.replace(".", "_")


def field(item: str, measure: str, name: str) -> str:
    return f"{key(item)}_{measure}_{name}"


def rating_field(item: str) -> str:
    return f"{key(item)}_rating"


def criterion_field(item: str, criterion: str) -> str:
    return f"{key(item)}_{criterion}"


def flat(evidence: Mapping[str, Any], ruleset: Ruleset | None = None) -> dict[str, Any]:
    """One assessment's JSON-like evidence as the flat record every peer reads."""
    rules = default_ruleset() if ruleset is None else ruleset
    out: dict[str, Any] = {}
    for item, entry in evidence.items():
        rule = rules.rule(item)
        for piece in entry if isinstance(entry, list) else [entry]:
            kind = piece["kind"]
            if kind == "rating":
                out[rating_field(item)] = int(piece["level"])
            elif kind == "indicators":
                for name, value in piece["criteria"].items():
                    out[criterion_field(item, name)] = value
            else:
                name = piece.get("measure")
                if name is None:
                    (m,) = [m for m in rule.measures if m.kind == kind]
                    name = m.name
                for k, v in piece.items():
                    if k not in ("kind", "measure"):
                        out[field(item, name, k)] = v
    return out


# ---------------------------------------------------------------------- the trees


def _interval_atoms(quantity: tuple[Any, ...], interval: Interval) -> list[Atom]:
    return [
        ("cmp", quantity, ">=" if interval.lower_closed else ">", interval.lower),
        ("cmp", quantity, "<=" if interval.upper_closed else "<", interval.upper),
    ]


def _bands(measure: Measure, quantity: tuple[Any, ...], on_level: Callable[[int], Tree]) -> Tree:
    """The band table as a first-match chain on upper bounds (the bands partition the domain)."""
    bands = sorted(measure.bands, key=lambda b: (b.interval.lower, not b.interval.lower_closed))
    for a, b in itertools.pairwise(bands):
        if measure.integer:  # counts: whole numbers only, so [0, 1] then [2, 2] meet
            meet = a.interval.integers().stop == b.interval.integers().start
        else:
            meet = (
                a.interval.upper == b.interval.lower
                and a.interval.upper_closed != b.interval.lower_closed
            )
        if not meet:
            raise ValueError(f"{measure.name}: bands do not partition the domain")
    rows = [
        (
            [("cmp", quantity, "<=" if b.interval.upper_closed else "<", b.interval.upper)],
            on_level(int(b.level)),
        )
        for b in bands[:-1]
    ]
    return ("if", rows, on_level(int(bands[-1].level)))


def _gated(  # noqa: PLR0917 - the continuation style reads best positionally
    measure: Measure,
    quantity: tuple[Any, ...],
    gate_values: Mapping[str, tuple[Any, ...]],
    on_level: Callable[[int], Tree],
    on_null: Tree,
    first: list[tuple[list[Atom], Tree]] | None = None,
) -> Tree:
    """Gates that withhold a level, then gates that cap it, then the bands."""

    def fires(gate: Any) -> list[Atom]:
        q = gate_values[gate.field]
        atoms: list[Atom] = [("notnull", q[1])] if gate.field in _NULLABLE else []
        return atoms + _interval_atoms(q, gate.when)

    rows = list(first or [])
    for gate in measure.gates:
        if gate.effect is GateEffect.INSUFFICIENT and gate.field in gate_values:
            rows.append((fires(gate), on_null))
    caps = [
        g
        for g in measure.gates
        if g.effect is GateEffect.CAP and g.field in gate_values and g.level is not None
    ]

    def capped(i: int, cap: int) -> Tree:
        if i == len(caps):
            return _bands(measure, quantity, lambda level: on_level(min(level, cap)))
        gate = caps[i]
        return ("if", [(fires(gate), capped(i + 1, min(cap, int(gate.level))))], capped(i + 1, cap))

    body = capped(0, 4)
    return ("if", rows, body) if rows else body


def measure_tree(
    item: str, measure: Measure, on_level: Callable[[int], Tree], on_null: Tree
) -> Tree:
    """One measure's decision: ``on_level(level)`` where it gives a level, else ``on_null``."""

    def f(name: str) -> str:
        return field(item, measure.name, name)

    if measure.kind == "proportion":
        num, den, pct = f("numerator"), f("denominator"), f("percent")
        counts = _gated(
            measure, ("ratio", num, den), {"denominator": ("plain", den)}, on_level, on_null
        )
        percent = _gated(measure, ("plain", pct), {}, on_level, on_null)  # no denominator to gate
        return ("if", [([("notnull", num)], counts), ([("notnull", pct)], percent)], on_null)
    if measure.kind == "survey":
        agree, resp, elig = f("agree"), f("respondents"), f("eligible")
        gates = {
            "completion": ("ratio", resp, elig),
            "respondents": ("plain", resp),
            "eligible": ("plain", elig),
        }
        nobody = [([("cmp", ("plain", resp), "==", Fraction(0))], on_null)]  # D15
        body = _gated(measure, ("ratio", agree, resp), gates, on_level, on_null, nobody)
        return ("if", [([("notnull", agree)], body)], on_null)
    if measure.kind == "count":
        count = f("count")
        body = _gated(measure, ("plain", count), {}, on_level, on_null)
        return ("if", [([("notnull", count)], body)], on_null)
    if measure.kind == "collaborate":
        mean = f("mean")
        gates = {
            "offered_percent": ("plain", f("offered_percent")),
            "encounters": ("plain", f("encounters")),
        }
        body = _gated(measure, ("plain", mean), gates, on_level, on_null)
        return ("if", [([("notnull", mean)], body)], on_null)
    raise NotImplementedError(f"no peer form for {measure.kind} evidence")


def _allowed(criterion: Any, level: int) -> list[Any]:
    """The values of ``criterion`` that allow ``level``."""
    if not criterion.is_ordinal:
        return [True]
    need = criterion.needed_for(level)
    return list(criterion.values[criterion.values.index(need) :])


def criteria_tree(
    item: str, rule: CriteriaRule, on_level: Callable[[int], Tree], on_null: Tree
) -> Tree:
    """Indicator criteria (D14) as first-match rows.

    First, for each criterion, "missing while every given criterion allows its
    level": then a missing criterion could lower the level, so no level. Then
    level 4, 3, 2: every criterion needed for the level allows it. Else level 1.
    """
    crits = rule.criteria
    f = {c.id: criterion_field(item, c.id) for c in crits}
    rows: list[tuple[list[Atom], Tree]] = []
    for c in crits:
        at = int(c.first_level)
        atoms: list[Atom] = [("isnull", f[c.id])]
        atoms += [
            ("null_or_in", f[d.id], _allowed(d, at))
            for d in crits
            if d is not c and int(d.first_level) <= at
        ]
        rows.append((atoms, on_null))
    for level in (4, 3, 2):
        atoms = [("in", f[c.id], _allowed(c, level)) for c in crits if int(c.first_level) <= level]
        rows.append((atoms, on_level(level)))
    return ("if", rows, on_level(1))


def item_tree(item: str, ruleset: Ruleset | None = None) -> Tree:
    """The whole decision for one item: measures (lowest level), criteria, then the rating."""
    rules = default_ruleset() if ruleset is None else ruleset
    rule = rules.rule(item)
    sources: list[Callable[[Callable[[int], Tree], Tree], Tree]] = [
        (lambda on_level, on_null, m=m: measure_tree(item, m, on_level, on_null))
        for m in rule.measures
    ]
    if rule.indicators is not None:
        indicators = rule.indicators
        sources.append(lambda on_level, on_null: criteria_tree(item, indicators, on_level, on_null))

    def chain(i: int, current: int | None) -> Tree:
        if i == len(sources):
            if current is None:
                return ("leaf", ("var", rating_field(item)))
            return ("leaf", ("const", current))
        return sources[i](
            lambda level: chain(i + 1, level if current is None else min(current, level)),
            chain(i + 1, current),
        )

    return chain(0, None)


def _rows(tree: Tree, prefix: tuple[Atom, ...] = ()) -> Iterator[tuple[tuple[Atom, ...], Tree]]:
    """The tree as first-match rows: each path's conditions, in order."""
    if tree[0] == "leaf":
        yield prefix, tree[1]
        return
    for atoms, sub in tree[1]:
        yield from _rows(sub, prefix + tuple(atoms))
    yield from _rows(tree[2], prefix)


def tree_fields(tree: Tree) -> set[str]:
    """Every input field a tree reads."""
    if tree[0] == "leaf":
        return {tree[1][1]} if tree[1][0] == "var" else set()
    out = tree_fields(tree[2])
    for atoms, sub in tree[1]:
        out |= tree_fields(sub)
        for atom in atoms:
            if atom[0] == "cmp":
                out.update(atom[1][1:])
            else:
                out.add(atom[1])
    return out


def _number(value: Fraction) -> str:
    """A bound as a literal; only whole or terminating decimal bounds are supported."""
    if value.denominator == 1:
        return str(value.numerator)
    text = float(value)
    if Fraction(text) != value:
        raise NotImplementedError(f"bound {value} is not exact as a decimal literal")
    return repr(text)


def available() -> dict[str, str | None]:
    """Each peer's package version, or ``None`` when it is not installed."""
    from importlib.metadata import PackageNotFoundError, version

    out: dict[str, str | None] = {}
    for dist in ("zen-engine", "rule-engine", "json-logic-qubit"):
        try:
            out[dist] = version(dist)
        except PackageNotFoundError:
            out[dist] = None
    return out


# ---------------------------------------------------------------------- zen-engine


def _zen_value(value: Any) -> str:
    return json.dumps(value)


def _zen_subject(atom: Atom) -> str:
    if atom[0] == "cmp":
        q = atom[1]
        return q[1] if q[0] == "plain" else f"{q[1]} * 100 / {q[2]}"
    return atom[1]


def _zen_cell(atom: Atom) -> str:
    op = atom[0]
    if op == "isnull":
        return "$ == null"
    if op == "notnull":
        return "$ != null"
    if op == "cmp":
        return f"$ {atom[2]} {_number(atom[3])}"
    values = atom[2]
    test = f"$ == {_zen_value(values[0])}" if len(values) == 1 else f"$ in {_zen_value(values)}"
    # No parentheses: zen's cell parser rejects a cell that starts with "(".
    return test if op == "in" else f"$ == null or {test}"


def zen_graph(ruleset: Ruleset | None = None) -> dict[str, Any]:
    """The ruleset as one GoRules JSON decision model: a decision table per item."""
    rules = default_ruleset() if ruleset is None else ruleset
    nodes: list[dict[str, Any]] = [
        {"id": "request", "type": "inputNode", "name": "Request", "position": {"x": 0, "y": 0}},
        {
            "id": "response",
            "type": "outputNode",
            "name": "Response",
            "position": {"x": 600, "y": 0},
        },
    ]
    edges = []
    for n, item in enumerate(ITEMS):
        tid = f"t{n}"
        rows = list(_rows(item_tree(item, rules)))
        subjects: dict[str, str] = {}
        for atoms, _ in rows:
            for atom in atoms:
                subjects.setdefault(_zen_subject(atom), f"{tid}_c{len(subjects)}")
        out_id = f"{tid}_out"
        table_rows = []
        for r, (atoms, leaf) in enumerate(rows):
            cells: dict[str, list[str]] = {}
            for atom in atoms:
                cells.setdefault(subjects[_zen_subject(atom)], []).append(_zen_cell(atom))
            row = {"_id": f"{tid}_r{r}"}
            for column in subjects.values():
                tests = cells.get(column, [])
                if len(tests) > 1 and any(" or " in t for t in tests):
                    raise NotImplementedError("an 'or' cell must be alone in its column")
                row[column] = " and ".join(tests)
            row[out_id] = (
                "null" if leaf == ("const", None) else str(leaf[1])
            )  # a constant level, or the rating field's name
            table_rows.append(row)
        nodes.append(
            {
                "id": tid,
                "type": "decisionTableNode",
                "name": item,
                "position": {"x": 300, "y": 100 * n},
                "content": {
                    "hitPolicy": "first",
                    "inputs": [
                        {"id": cid, "name": expr, "type": "expression", "field": expr}
                        for expr, cid in subjects.items()
                    ],
                    "outputs": [
                        {"id": out_id, "name": item, "type": "expression", "field": key(item)}
                    ],
                    "rules": table_rows,
                },
            }
        )
        edges.append({"id": f"{tid}_in", "sourceId": "request", "targetId": tid, "type": "edge"})
        edges.append({"id": f"{tid}_to", "sourceId": tid, "targetId": "response", "type": "edge"})
    return {"contentType": "application/vnd.gorules.decision", "nodes": nodes, "edges": edges}


class ZenPeer:
    """GoRules zen-engine (Rust) evaluating the decision graph.

    Input is the flat record as JSON text, prepared before timing: zen reads
    a Python float through a 15-digit decimal (79.99999999999999 becomes 80),
    while from JSON text it keeps the shortest decimal that round-trips, which
    lies on the same side of every whole-number edge as the float.
    """

    name = "zen-engine (decision tables)"

    def __init__(self, ruleset: Ruleset | None = None) -> None:
        import zen

        self.graph = zen_graph(ruleset)
        self.engine = zen.ZenEngine(
            {"loader": {"type": "static", "content": {"thrive": self.graph}}}
        )

    def prepare(self, record: Mapping[str, Any]) -> str:
        return json.dumps(record)

    def evaluate(self, prepared: str) -> Any:
        return self.engine.evaluate("thrive", prepared)

    def levels(self, result: Any) -> tuple[int | None, ...]:
        got = result["result"]
        return tuple(_int(got.get(key(item))) for item in ITEMS)


def _int(value: Any) -> int | None:
    return None if value is None else int(value)


# ---------------------------------------------------------------------- rule-engine


def _re_value(value: Any) -> str:
    if value is True:
        return "true"
    if value is False:
        return "false"
    return json.dumps(value)


def _re_atom(atom: Atom) -> str:
    op = atom[0]
    if op == "isnull":
        return f"{atom[1]} == null"
    if op == "notnull":
        return f"{atom[1]} != null"
    if op == "cmp":
        q, cmp, bound = atom[1], atom[2], atom[3]
        if q[0] == "plain":
            return f"{q[1]} {cmp} {_number(bound)}"
        return f"{q[1]} * {100 * bound.denominator} {cmp} {q[2]} * {bound.numerator}"
    values = atom[2]
    if len(values) == 1:
        test = f"{atom[1]} == {_re_value(values[0])}"
    else:
        test = f"{atom[1]} in [{', '.join(map(_re_value, values))}]"
    return test if op == "in" else f"({atom[1]} == null or {test})"


def _re_tree(tree: Tree) -> str:
    if tree[0] == "leaf":
        value = tree[1][1]
        return "null" if value is None else str(value)
    out = _re_tree(tree[2])
    for atoms, sub in reversed(tree[1]):
        cond = " and ".join(_re_atom(a) for a in atoms) or "true"
        out = f"(({cond}) ? {_re_tree(sub)} : {out})"
    return out


def rule_engine_text(ruleset: Ruleset | None = None) -> str:
    """The ruleset as one rule-engine expression: an array of the 22 levels."""
    return "[" + ", ".join(_re_tree(item_tree(item, ruleset)) for item in ITEMS) + "]"


class RuleEnginePeer:
    """rule-engine (pure Python) evaluating one expression per assessment.

    Input is the flat record with every field present, null where not given.
    """

    name = "rule-engine (expressions)"

    def __init__(self, ruleset: Ruleset | None = None) -> None:
        import rule_engine

        self.text = rule_engine_text(ruleset)
        self.rule = rule_engine.Rule(self.text, context=rule_engine.Context(default_value=None))
        names: set[str] = set()
        for item in ITEMS:
            names |= tree_fields(item_tree(item, ruleset))
        self.fields = dict.fromkeys(sorted(names))

    def prepare(self, record: Mapping[str, Any]) -> dict[str, Any]:
        # Every field present (null when not given): rule-engine resolves a
        # missing name by ranking every known name for a "did you mean"
        # suggestion before falling back to the default, which costs ~100x.
        return {**self.fields, **record}

    def evaluate(self, prepared: dict[str, Any]) -> Any:
        return self.rule.evaluate(prepared)

    def levels(self, result: Any) -> tuple[int | None, ...]:
        return tuple(_int(v) for v in result)


# ---------------------------------------------------------------------- JSON-logic


def _jl_atom(atom: Atom) -> Any:
    op = atom[0]
    if op == "isnull":
        return {"===": [{"var": atom[1]}, None]}
    if op == "notnull":
        return {"!==": [{"var": atom[1]}, None]}
    if op == "cmp":
        q, cmp, bound = atom[1], atom[2], atom[3]
        cmp = {"==": "==="}.get(cmp, cmp)
        if q[0] == "plain":
            value = bound.numerator if bound.denominator == 1 else float(_number(bound))
            return {cmp: [{"var": q[1]}, value]}
        return {
            cmp: [
                {"*": [{"var": q[1]}, 100 * bound.denominator]},
                {"*": [{"var": q[2]}, bound.numerator]},
            ]
        }
    values = atom[2]
    if len(values) == 1:
        test: Any = {"===": [{"var": atom[1]}, values[0]]}
    else:
        test = {"in": [{"var": atom[1]}, list(values)]}
    return test if op == "in" else {"or": [{"===": [{"var": atom[1]}, None]}, test]}


def _jl_tree(tree: Tree) -> Any:
    if tree[0] == "leaf":
        kind, value = tree[1]
        return {"var": value} if kind == "var" else value
    args: list[Any] = []
    for atoms, sub in tree[1]:
        conds = [_jl_atom(a) for a in atoms]
        args += [conds[0] if len(conds) == 1 else {"and": conds} if conds else True, _jl_tree(sub)]
    args.append(_jl_tree(tree[2]))
    return {"if": args}


def json_logic_rules(ruleset: Ruleset | None = None) -> list[Any]:
    """The ruleset as JSON-logic: a list of 22 rules, one per item, each giving its level."""
    return [_jl_tree(item_tree(item, ruleset)) for item in ITEMS]


class JsonLogicPeer:
    """json-logic-qubit (pure Python) evaluating the 22 rules as one list."""

    name = "JSON-logic (json-logic-qubit)"

    def __init__(self, ruleset: Ruleset | None = None) -> None:
        from json_logic import jsonLogic

        self.rules = json_logic_rules(ruleset)
        self._run = jsonLogic

    def prepare(self, record: Mapping[str, Any]) -> dict[str, Any]:
        return dict(record)

    def evaluate(self, prepared: dict[str, Any]) -> Any:
        return self._run(self.rules, prepared)

    def levels(self, result: Any) -> tuple[int | None, ...]:
        return tuple(_int(v) for v in result)


#: The peers, in the order the benchmark reports them, with the package each needs.
PEERS: tuple[tuple[str, type[Any]], ...] = (
    ("zen-engine", ZenPeer),
    ("rule-engine", RuleEnginePeer),
    ("json-logic-qubit", JsonLogicPeer),
)
