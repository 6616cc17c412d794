"""Rule packs: regex rules kept as data files, validated and precompiled.

A pack is a TOML file under ``transcheck/data/rules`` (or a user path)::

    [pack]
    id = "de-en"            # snake/kebab id, unique
    version = "1"
    source = "de"           # language whose interference the rules catch
    target = "en"           # language of the text the rules run on

    [[rule]]
    id = "never_seen_before"            # snake_case, unique in the pack
    pattern = 'as (?:he|she) (?:has|had) never seen (?:it|them) before'
    category = "Style/Awkward"          # MQM path
    severity = "major"                  # minor | major | critical
    message = "calque of German 'wie er sie noch nie gesehen hat'"
    suggestion = "unlike any he has seen"   # optional
    ignore_case = true                  # optional, default false
    weight = 1.0                        # optional: evidence for the source guess
    requires = ["seen"]                 # optional speed hint: every match contains
                                        # one of these (lowercased); a wrong hint
                                        # hides matches, so only state the obvious
    focus = 1                           # optional: the flag spans capture group 1
                                        # (the evidence), not the whole match

    [classes]                           # optional: named word classes
    DET = ["the", "a", "an", "this"]    # a word list (matched as whole words)
    PART = '[a-z]{2,30}(?:ed|en)'       # or a regex for one word

Patterns name classes as ``<DET>`` and lemmas as ``<lemma:warn>`` (expands to
warn, warns, warned, warning; ``<lemma:go|went|gone>`` lists irregular forms),
so a rule is written over word classes instead of one literal phrase. Classes
are expanded before screening, so the screening sees the final regex.

Every pattern is screened before use (see :func:`screen_pattern`): no
unbounded repeats (``*``, ``+``, ``{n,}``), only small nested repeats and no
backreferences, so a pack cannot backtrack catastrophically and a 1 MB
segment is scanned in linear time. A rule's regex runs only when the literal
text its pattern requires occurs in the segment (see :func:`required_literal`).
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from transcheck.errors import ConfigError
from transcheck.model import SEVERITIES, Severity

try:  # Python 3.11+: the parser moved under re._parser
    from re import _constants as _sre_constants  # type: ignore[attr-defined]
    from re import _parser as _sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    import sre_constants as _sre_constants  # type: ignore[no-redef]
    import sre_parse as _sre_parse  # type: ignore[no-redef]

RULES_DIR = Path(__file__).resolve().parent.parent / "data" / "rules"
MAX_REPEAT_BOUND = 200
MAX_NESTED_WORK = 100_000
_RULE_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_PACK_ID = re.compile(r"^[a-z][a-z0-9_-]*$")
_RULE_KEYS = {
    "id",
    "pattern",
    "category",
    "severity",
    "message",
    "suggestion",
    "ignore_case",
    "weight",
    "requires",
    "focus",
}
_PACK_KEYS = {"id", "version", "source", "target", "description"}
_CLASS_NAME = re.compile(r"^[A-Z][A-Z0-9_]*$")
# <NAME> or <lemma:word|form|...>; "(?<" (lookbehind) is never a class.
_PLACEHOLDER = re.compile(r"(?<!\(\?)<(?:([A-Z][A-Z0-9_]*)|lemma:([a-z|' -]{1,200}))>")


@dataclass(frozen=True, slots=True)
class Rule:
    """One validated rule of a pack."""

    id: str
    pattern: str
    category: str
    severity: Severity
    message: str
    suggestion: str | None = None
    ignore_case: bool = False
    weight: float = 1.0
    requires: tuple[str, ...] = ()
    # Capture group whose span is the flag's span (0: the whole match), so a
    # flag points at the evidence words, not at the context the rule needs.
    focus: int = 0


@dataclass(frozen=True, slots=True)
class RuleMatch:
    rule: Rule
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class RulePack:
    """A validated pack with its rules combined into one compiled regex."""

    id: str
    version: str
    source: str | None
    target: str
    rules: tuple[Rule, ...]
    path: str
    description: str = ""

    def __post_init__(self) -> None:
        compiled = []
        for rule in self.rules:
            flags = re.IGNORECASE if rule.ignore_case else 0
            literal = required_literal(rule.pattern)
            hints = (literal,) if literal else tuple(rule.requires)
            # One required literal (the usual case) is tested without a generator.
            single = hints[0] if len(hints) == 1 else None
            compiled.append((rule, re.compile(rule.pattern, flags), single, hints))
        object.__setattr__(self, "_compiled", tuple(compiled))

    def finditer(self, text: str) -> Iterator[RuleMatch]:
        """Every rule match in ``text``, rule by rule (rules may overlap).

        A rule runs only when the literal its pattern requires occurs in the
        lowercased text: one C-level substring test instead of a regex scan.
        """
        lowered = text.lower()
        for rule, regex, single, hints in self._compiled:  # type: ignore[attr-defined]
            if single is not None:
                if single not in lowered:
                    continue
            elif hints and not any(h in lowered for h in hints):
                continue
            for m in regex.finditer(text):
                start, end = m.span(rule.focus)
                if end > start:
                    yield RuleMatch(rule, start, end, m.group(rule.focus))

    @property
    def signature(self) -> str:
        return f"{self.id}@{self.version}"


def screen_pattern(pattern: str, where: str) -> None:
    """Raise ConfigError when ``pattern`` is invalid or could backtrack badly.

    Rejected: syntax errors, unbounded repeats, repeats bounded above
    MAX_REPEAT_BOUND, nested repeats whose worst case exceeds
    MAX_NESTED_WORK (or nest more than one level), backreferences,
    named groups (they would clash when rules are combined).
    """
    try:
        re.compile(pattern)
        parsed = _sre_parse.parse(pattern)
    except re.error as exc:
        raise ConfigError(where, f"invalid pattern: {exc}") from None
    if "(?P<" in pattern:
        raise ConfigError(where, "named groups are not allowed in rule patterns")
    _walk(parsed, where, outer=1)
    _ambiguous_repeats(parsed, where)


_ANY = None  # "could be any character" in a first-character set
_AMBIGUOUS_BOUND = 8  # 2**8 tries of an ambiguous body: still instant


def _first_chars(items: object) -> set[int] | None:
    """Code points a match of ``items`` can start with (None: any, or empty match)."""
    for op, arg in items:  # type: ignore[attr-defined]
        if op == _sre_constants.LITERAL:
            return {arg}
        if op == _sre_constants.IN:
            chars: set[int] = set()
            for kind, value in arg:
                if kind == _sre_constants.LITERAL:
                    chars.add(value)
                elif kind == _sre_constants.RANGE and value[1] - value[0] < 512:
                    chars.update(range(value[0], value[1] + 1))
                else:
                    return _ANY  # categories, negation, big ranges
            return chars
        if op == _sre_constants.SUBPATTERN:
            return _first_chars(arg[-1])
        if op in (_sre_constants.AT, _sre_constants.ASSERT, _sre_constants.ASSERT_NOT):
            continue  # zero-width: the next item decides
        return _ANY
    return _ANY  # can match the empty string


def _ambiguous_repeats(items: object, where: str, inside: int = 1) -> None:
    """Refuse a repeat over an alternation whose branches can start alike.

    ``(?:a|a){1,200}$`` has no nested repeat, so ``_walk`` lets it through,
    yet each iteration can take either branch: 2**200 tries on a failing
    input (over 10 s on 29 characters). Branches that start with different
    characters are fine (only one can match at each step).
    """
    for op, arg in items:  # type: ignore[attr-defined]
        if op in _REPEATS or (op is not None and op == _POSSESSIVE):
            _lo, hi, body = arg
            _ambiguous_repeats(body, where, inside * max(hi, 1))
        elif op == _sre_constants.SUBPATTERN:
            _ambiguous_repeats(arg[-1], where, inside)
        elif op == _sre_constants.BRANCH:
            if inside > _AMBIGUOUS_BOUND:
                seen: set[int] = set()
                for branch in arg[1]:
                    first = _first_chars(branch)
                    if first is _ANY or seen & first:
                        raise ConfigError(
                            where,
                            "a repeated alternation whose branches can match the same "
                            "text could backtrack catastrophically (e.g. (?:a|a){1,200}); "
                            "make the branches start differently or bound the repeat "
                            f"at {_AMBIGUOUS_BOUND}",
                        )
                    seen |= first
            for branch in arg[1]:
                _ambiguous_repeats(branch, where, inside)
        elif op in (_sre_constants.ASSERT, _sre_constants.ASSERT_NOT):
            _ambiguous_repeats(arg[1], where, inside)


_REPEATS = (_sre_constants.MAX_REPEAT, _sre_constants.MIN_REPEAT)
_POSSESSIVE = getattr(_sre_constants, "POSSESSIVE_REPEAT", None)


def _walk(items: object, where: str, outer: int, depth: int = 0) -> None:
    """Walk the parsed pattern; ``outer`` is the bound of the enclosing repeat.

    A repeat bounded by ``hi`` nested in one bounded by ``outer`` can try
    about ``hi ** outer`` splits per start position; that must stay under
    MAX_NESTED_WORK, and repeats may nest only one level deep.
    """
    for op, arg in items:  # type: ignore[attr-defined]
        if op in _REPEATS or (op is not None and op == _POSSESSIVE):
            _lo, hi, sub = arg
            if hi == _sre_constants.MAXREPEAT:
                raise ConfigError(
                    where,
                    "unbounded repeat (*, + or {n,}) could backtrack catastrophically; "
                    f"use a bounded repeat such as {{1,{MAX_REPEAT_BOUND // 4}}}",
                )
            if hi > MAX_REPEAT_BOUND:
                raise ConfigError(where, f"repeat bound {hi} is over {MAX_REPEAT_BOUND}")
            if hi > 1 and outer > 1 and (depth >= 2 or (hi + 1) ** outer > MAX_NESTED_WORK):
                raise ConfigError(
                    where,
                    "nested repeat could backtrack catastrophically (e.g. (a{1,50}){1,50}); "
                    "reduce the bounds or un-nest",
                )
            nested = depth + 1 if hi > 1 else depth
            _walk(sub, where, max(outer, hi) if hi > 1 else outer, nested)
        elif op in (_sre_constants.GROUPREF, _sre_constants.GROUPREF_EXISTS):
            raise ConfigError(where, "backreferences are not allowed in rule patterns")
        elif op == _sre_constants.SUBPATTERN:
            _walk(arg[-1], where, outer, depth)
        elif op == _sre_constants.BRANCH:
            for branch in arg[1]:
                _walk(branch, where, outer, depth)
        elif op in (_sre_constants.ASSERT, _sre_constants.ASSERT_NOT):
            _walk(arg[1], where, outer, depth)
        elif op == getattr(_sre_constants, "ATOMIC_GROUP", None):
            _walk(arg, where, outer, depth)


def required_literal(pattern: str) -> str:
    """The longest literal run every match of ``pattern`` must contain, lowercased.

    Only top-level literals count (not those inside groups, branches or
    repeats), so the literal is necessary; '' when there is none.
    """
    try:
        parsed = _sre_parse.parse(pattern)
    except re.error:
        return ""
    best, run = "", []
    for op, arg in parsed:
        if op == _sre_constants.LITERAL:
            run.append(chr(arg))
            continue
        if len("".join(run)) > len(best):
            best = "".join(run)
        run = []
    if len("".join(run)) > len(best):
        best = "".join(run)
    return best.lower() if best.strip() else ""


def parse_pack(data: dict[str, object], path: str) -> RulePack:
    """Validate the parsed TOML of a pack; errors name the file and rule id."""
    head = data.get("pack")
    if not isinstance(head, dict):
        raise ConfigError(path, "missing [pack] table")
    unknown = set(head) - _PACK_KEYS
    if unknown:
        raise ConfigError(path, "unknown key in [pack]", key=sorted(unknown)[0])
    pack_id = head.get("id")
    if not isinstance(pack_id, str) or not _PACK_ID.match(pack_id):
        raise ConfigError(path, "[pack] id must be a lowercase id such as 'de-en'", key="id")
    target = head.get("target")
    if not isinstance(target, str) or not target:
        raise ConfigError(path, "[pack] needs a target language", key="target")
    source = head.get("source")
    if source is not None and not isinstance(source, str):
        raise ConfigError(path, "[pack] source must be a language code", key="source")
    raw_rules = data.get("rule", [])
    if not isinstance(raw_rules, list):
        raise ConfigError(path, "'rule' must be an array of tables ([[rule]])")
    classes = _parse_classes(data.get("classes", {}), path)
    extra = set(data) - {"pack", "rule", "classes"}
    if extra:
        raise ConfigError(path, "unknown top-level key", key=sorted(extra)[0])
    rules: list[Rule] = []
    seen: set[str] = set()
    for index, raw in enumerate(raw_rules):
        rules.append(_parse_rule(raw, index, path, seen, classes))
    return RulePack(
        id=pack_id,
        version=str(head.get("version", "0")),
        source=source,
        target=target,
        rules=tuple(rules),
        path=path,
        description=str(head.get("description", "")),
    )


def _parse_classes(raw: object, path: str) -> dict[str, str]:
    """``[classes]``: NAME -> one-word regex (a list of words becomes an alternation)."""
    if not isinstance(raw, dict):
        raise ConfigError(path, "[classes] must be a table")
    classes: dict[str, str] = {}
    for name, value in raw.items():
        where = f"{path}: class '{name}'"
        if not _CLASS_NAME.match(name):
            raise ConfigError(where, "class names are UPPER_CASE")
        if isinstance(value, list) and value and all(isinstance(v, str) and v for v in value):
            # Longest first, so "in front of" is tried before "in".
            words = sorted(value, key=len, reverse=True)
            classes[name] = "(?:" + "|".join(re.escape(w) for w in words) + ")"
        elif isinstance(value, str) and value:
            screen_pattern(value, where)
            classes[name] = f"(?:{value})"
        else:
            raise ConfigError(where, "a class is a non-empty word list or a regex string")
    return classes


def lemma_forms(spec: str) -> list[str]:
    """The forms of ``<lemma:...>``: 'warn' -> warn, warns, warned, warning.

    Regular English inflection only (final -e dropped before -ed/-ing, -y ->
    -ies/-ied after a consonant, -es after s/x/z/ch/sh); irregular verbs list
    their forms: ``<lemma:see|saw|seen>`` (the first gets the regular endings).
    """
    first, *rest = [w.strip() for w in spec.split("|") if w.strip()]
    forms = [first]
    if " " not in first:
        stem = first[:-1] if first.endswith("e") else first
        if first.endswith("y") and len(first) > 2 and first[-2] not in "aeiou":
            forms += [first[:-1] + "ies", first[:-1] + "ied", first + "ing"]
        else:
            plural = "es" if first.endswith(("s", "x", "z", "ch", "sh")) else "s"
            forms += [first + plural, stem + "ed", stem + "ing"]
    return sorted(set(forms + rest), key=len, reverse=True)


def expand_classes(pattern: str, classes: dict[str, str], where: str) -> str:
    """Replace ``<NAME>`` and ``<lemma:...>`` placeholders; unknown names are errors."""

    def replace(m: re.Match[str]) -> str:
        name, lemma = m.group(1), m.group(2)
        if lemma is not None:
            return "(?:" + "|".join(re.escape(f) for f in lemma_forms(lemma)) + ")"
        if name not in classes:
            raise ConfigError(where, f"unknown word class <{name}> (define it under [classes])")
        return classes[name]

    return _PLACEHOLDER.sub(replace, pattern)


def _parse_rule(
    raw: object, index: int, path: str, seen: set[str], classes: dict[str, str] | None = None
) -> Rule:
    if not isinstance(raw, dict):
        raise ConfigError(path, f"rule #{index + 1} is not a table")
    rule_id = raw.get("id")
    if not isinstance(rule_id, str) or not _RULE_ID.match(rule_id):
        raise ConfigError(path, f"rule #{index + 1}: id must be snake_case", key="id")
    where = f"{path}: rule '{rule_id}'"
    if rule_id in seen:
        raise ConfigError(where, "duplicate rule id")
    seen.add(rule_id)
    unknown = set(raw) - _RULE_KEYS
    if unknown:
        raise ConfigError(where, "unknown key", key=sorted(unknown)[0])
    pattern = raw.get("pattern")
    if not isinstance(pattern, str) or not pattern:
        raise ConfigError(where, "missing pattern")
    pattern = expand_classes(pattern, classes or {}, where)
    screen_pattern(pattern, where)
    severity = raw.get("severity", "minor")
    if severity not in SEVERITIES:
        raise ConfigError(where, f"severity must be one of {', '.join(SEVERITIES)}")
    category = raw.get("category", "Style/Awkward")
    message = raw.get("message")
    if not isinstance(category, str) or not isinstance(message, str) or not message:
        raise ConfigError(where, "needs a category and a message")
    suggestion = raw.get("suggestion")
    if suggestion is not None and not isinstance(suggestion, str):
        raise ConfigError(where, "suggestion must be a string", key="suggestion")
    requires = raw.get("requires", [])
    if not isinstance(requires, list) or not all(isinstance(r, str) and r for r in requires):
        raise ConfigError(where, "requires must be a list of non-empty strings", key="requires")
    focus = raw.get("focus", 0)
    if not isinstance(focus, int) or isinstance(focus, bool) or focus < 0:
        raise ConfigError(where, "focus must be a group number >= 0", key="focus")
    if focus > re.compile(pattern).groups:
        raise ConfigError(where, f"focus {focus} names no group of the pattern", key="focus")
    weight = raw.get("weight", 1.0)
    if not isinstance(weight, int | float) or weight < 0:
        raise ConfigError(where, "weight must be a number >= 0", key="weight")
    return Rule(
        id=rule_id,
        pattern=pattern,
        category=category,
        severity=severity,
        message=message,
        suggestion=suggestion,
        ignore_case=bool(raw.get("ignore_case", False)),
        weight=float(weight),
        requires=tuple(r.lower() for r in requires),
        focus=focus,
    )


def load_pack(path: str | os.PathLike[str]) -> RulePack:
    """Read, validate and compile one pack file."""
    name = os.fspath(path)
    try:
        with open(name, "rb") as handle:
            data = tomllib.load(handle)
    except FileNotFoundError:
        raise ConfigError(name, "no such rule pack") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(name, f"not valid TOML: {exc}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(name, f"cannot read rule pack: {exc}") from None
    return parse_pack(data, name)


@lru_cache(maxsize=1)
def builtin_pair_packs() -> tuple[RulePack, ...]:
    """Every built-in language-pair pack (``data/rules/pairs/*.toml``)."""
    return tuple(load_pack(p) for p in sorted((RULES_DIR / "pairs").glob("*.toml")))


def packs_for(target: str, source: str | None = None) -> tuple[RulePack, ...]:
    """Built-in packs whose rules run on ``target`` text.

    With a known ``source`` only that pair's packs; without one all packs for
    the target run, so the source-language guess can weigh their evidence.
    """
    target = base_lang(target)
    packs = [p for p in builtin_pair_packs() if base_lang(p.target) == target]
    if source:
        # The known pair's packs plus the source-independent ones ("any-en").
        packs = [p for p in packs if not p.source or base_lang(p.source) == base_lang(source)]
    return tuple(packs)


def base_lang(lang: str) -> str:
    """'pt_BR' / 'pt-BR' -> 'pt'."""
    return lang.replace("-", "_").split("_", 1)[0].lower()
