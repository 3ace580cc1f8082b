"""The compiled Schematron rewritten to visit the document once.

lxml's ISO skeleton compiles each ``<sch:pattern>`` to an XSLT mode that walks
the whole document, and inside each ``<svrl:active-pattern>`` it applies the
default templates too, which walk it again and write nothing. For the
project's six patterns that is twelve walks of every element, each leaving a
``<svrl:fired-rule>`` in the report for every element a rule matched (two
for each TEI element: the pointer and date rules match ``tei:*``). libxslt's
walk costs more per element as a document grows (about 0.2 µs per element at
50 KB, 0.7 µs at 10 MB), so twelve walks made validation's s/MB grow by a
third from 50 KB to 10 MB.

The rewrite keeps every rule template as compiled (its match, priority,
variables, asserts and messages; only a guarded rule's tests lose the guard,
below) and changes how they are reached:

* the pattern modes no longer recurse; one walk of the elements applies each
  pattern's mode to the element at hand, in the patterns' order;
* a pattern whose rules name their elements is applied only at elements of
  those names, and a pattern of one rule whose asserts all read
  ``not(E) or …`` only where some E holds (its guard). Guards that only ask
  for attributes wait behind one test of ``@*``; a rule whose asserts share
  one E is reached only where E holds, so each of its tests drops
  ``not(E) or`` (the report still quotes the test as written);
* the default-mode walks inside ``<svrl:active-pattern>`` and the
  ``<svrl:fired-rule>`` records are dropped (nothing reads them);
* every ``<svrl:failed-assert>`` and ``<svrl:successful-report>`` carries the
  position of its pattern (:data:`PATTERN_ORDER`), so that the report can be
  read in the skeleton's order: pattern by pattern, each in document order.

Each element still meets each pattern's first matching rule exactly once, so
the failures are the skeleton's own. A compiled validator of another shape (a
future skeleton) is left as it is (:func:`visit_once` returns ``None``).
"""

from __future__ import annotations

import copy
import re

from lxml import etree

XSL = "http://www.w3.org/1999/XSL/Transform"
SVRL = "http://purl.oclc.org/dsdl/svrl"
_X = f"{{{XSL}}}"
_S = f"{{{SVRL}}}"

# The attribute of a failure in the report that gives its pattern's position.
PATTERN_ORDER = "pattern-order"
_WALK_MODE = "visit-every-element-once"
_CHILDREN = "*|comment()|processing-instruction()"
# The skeleton's fallback in each pattern mode, widened to the document node
# (whose built-in template would walk on) and emptied.
_DEFAULT_MATCH = "/|@*|node()"


def visit_once(validator: etree._ElementTree) -> etree._ElementTree | None:
    """A copy of the skeleton's ``validator`` that walks the document once; ``None``
    when the validator is not shaped as the rewrite expects."""
    rewritten = copy.deepcopy(validator)
    stylesheet = rewritten.getroot()
    report = _report_element(stylesheet)
    if report is None:
        return None
    pattern_modes = [
        str(apply.get("mode"))
        for apply in report.iterchildren(f"{_X}apply-templates")
        if apply.get("select") == "/" and apply.get("mode")
    ]
    templates = [t for t in stylesheet.iterchildren(f"{_X}template") if t.get("mode") in pattern_modes]
    if not pattern_modes or not all(_is_rule(t) or _is_default(t) for t in templates):
        return None
    # Read before the fallbacks are widened and the rules' recursion removed:
    named = _modes_by_element_name(templates, pattern_modes)
    guards = {mode: conditions for mode in pattern_modes if (conditions := _guard_conditions(templates, mode))}
    for mode, conditions in guards.items():
        if len(conditions) == 1:
            _drop_guard_from_tests(templates, mode, conditions[0])
    for apply in list(report.iterchildren(f"{_X}apply-templates")):
        report.remove(apply)
    for active_pattern in report.iterchildren(f"{_S}active-pattern"):
        for apply in active_pattern.findall(f"{_X}apply-templates"):
            active_pattern.remove(apply)
    for template in templates:
        if _is_default(template):
            # Now reached by the one walk only: it stops at what no rule matches.
            template.set("match", _DEFAULT_MATCH)
            for child in list(template):
                template.remove(child)
            continue
        template.remove(template[-1])  # the recursion into the children
        for fired in template.findall(f"{_S}fired-rule"):
            template.remove(fired)
        position = str(pattern_modes.index(str(template.get("mode"))))
        for failure in template.iter(f"{_S}failed-assert", f"{_S}successful-report"):
            failure.set(PATTERN_ORDER, position)
    # The skeleton's walks start at the document node and visit elements,
    # comments and processing instructions (never text or attributes).
    everywhere = [mode for mode in pattern_modes if not any(mode in modes for modes in named.values())]
    _walk_template(stylesheet, "/|node()", everywhere, guards)
    for name, modes in named.items():
        # Above the walk for any node (priority -0.5 for node()): an element of this
        # name gets its own patterns as well as those that may match any element.
        applied = [mode for mode in pattern_modes if mode in modes or mode in everywhere]
        _walk_template(stylesheet, name, applied, guards)
    etree.SubElement(report, f"{_X}apply-templates", select="/", mode=_WALK_MODE)
    return rewritten


# A rule context that is a path of plain names (``tei:pb``, ``tei:TEI/tei:teiHeader``):
# it can match only elements named as its last step. No predicate, wildcard, union or axis.
_NAME_PATH = re.compile(r"(?:[\w.-]+:)?[\w.-]+(?:/(?:[\w.-]+:)?[\w.-]+)*")


def _modes_by_element_name(templates: list[etree._Element], pattern_modes: list[str]) -> dict[str, set[str]]:
    """For each element name, the pattern modes whose every rule can match only elements of given names.

    Applying such a mode to any other node reaches only its empty fallback, so the walk
    applies it where it can match and nowhere else: of the six patterns, the header,
    folio, note and editorial ones meet an element or two of the hundreds they were
    applied to (libxslt's template look-up and call for each was ~a sixth of the Schematron).
    A mode with any other rule context (``tei:*``, a predicate) is applied everywhere.
    """
    names_of: dict[str, set[str]] = {mode: set() for mode in pattern_modes}
    for template in templates:
        mode = str(template.get("mode"))
        match = template.get("match") or ""
        if _is_default(template) or mode not in names_of:
            continue
        if _NAME_PATH.fullmatch(match):
            names_of[mode].add(match.rsplit("/", 1)[-1])
        else:
            del names_of[mode]  # applied everywhere
    by_name: dict[str, set[str]] = {}
    for mode, names in names_of.items():
        for name in sorted(names):  # the same stylesheet, byte for byte, every time
            by_name.setdefault(name, set()).add(mode)
    # Two prefixes may name one namespace: two walk templates for one element would conflict.
    local_names = [name.rsplit(":", 1)[-1] for name in by_name]
    return by_name if len(set(local_names)) == len(local_names) else {}


def _walk_template(stylesheet: etree._Element, match: str, modes: list[str], guards: dict[str, list[str]]) -> None:
    walk = etree.SubElement(stylesheet, f"{_X}template", match=match, mode=_WALK_MODE)
    attributed: etree._Element | None = None  # the open xsl:if test="@*", if any
    for mode in modes:
        parent = walk
        if mode in guards and all(_ATTRIBUTE_TESTS.fullmatch(condition) for condition in guards[mode]):
            # Guards that only ask for attributes are false at an element with none (about
            # two in five of a converted document's), where one test of @* now stands for
            # all of them: 304 against 312 M instructions for 1 MB of corpus text.
            if attributed is None:
                attributed = etree.SubElement(walk, f"{_X}if", test="@*")
            parent = attributed
        else:
            attributed = None  # the patterns keep their order
        if mode in guards:
            # An xsl:if, not a select with a predicate: libxslt evaluates a test faster than it
            # builds a node set (0.44 against 0.63 ms a document, 0.50 with neither).
            parent = etree.SubElement(parent, f"{_X}if", test=" or ".join(guards[mode]))
        etree.SubElement(parent, f"{_X}apply-templates", select=".", mode=mode)
    etree.SubElement(walk, f"{_X}apply-templates", select=_CHILDREN, mode=_WALK_MODE)


# A guard's condition made only of attribute tests, ``(@when)`` or ``(@ref | @target)``, which
# no node without an attribute passes (a namespace declaration is not an attribute in XPath).
_ATTRIBUTE_TESTS = re.compile(r"\(\s*@[\w.:-]+(?:\s*(?:\||or)\s*@[\w.:-]+)*\s*\)")


def _guard_conditions(templates: list[etree._Element], mode: str) -> list[str] | None:
    """For a pattern of one rule whose every assert reads ``not(E) or …``: each distinct
    ``(E)``, where alone the walk applies ``mode`` (their disjunction is its guard); else
    None (applied at every node).

    Elsewhere each assert holds and the rule writes nothing, so leaving it out changes
    no report. The pointer and date rules meet every TEI element and begin their tests
    with ``not(@ref | @target | @resp | @who)`` and ``not(@when)``: most elements have
    none of those, and a rule applied to each was ~two thirds of the Schematron's time.
    """
    rules = [t for t in templates if t.get("mode") == mode and not _is_default(t)]
    if len(rules) != 1:
        return None  # with two rules, the second may fire where the first's asserts hold
    conditions: list[str] = []
    for child in _asserts(rules[0]):
        when = child.find(f"{_X}when")
        condition = _negated_first_operand(when.get("test") or "") if when is not None else None
        shaped = child.tag == f"{_X}choose" and len(child) == 2 and when is not None and len(when) == 0
        if not shaped or condition is None:
            return None  # a report, a variable, an assert of another form: applied everywhere
        if f"({condition})" not in conditions:
            conditions.append(f"({condition})")
    # Where the rule's context does not match, the mode's fallback writes nothing either.
    return conditions or None


def _asserts(rule: etree._Element) -> list[etree._Element]:
    # The last child is the recursion the walk replaces.
    return [child for child in rule[:-1] if not isinstance(child, etree._Comment) and child.tag != f"{_S}fired-rule"]


def _drop_guard_from_tests(templates: list[etree._Element], mode: str, condition: str) -> None:
    """Each ``not(E) or REST`` of the rule of ``mode`` tested as ``REST`` alone.

    The rule is reached only where its guard, ``(E)`` (the one condition of all its
    asserts), holds, so ``not(E)`` is false there: the pointer rule tested the four
    attributes again at each of the ~4,000 elements with a pointer in 1 MB of corpus
    text. The report's copy of the test (``svrl:failed-assert/@test``) is kept as written.
    """
    (rule,) = (t for t in templates if t.get("mode") == mode and not _is_default(t))
    for choose in _asserts(rule):
        when = choose.find(f"{_X}when")
        split = _split_negated_first_operand(when.get("test") or "") if when is not None else None
        if when is not None and split is not None and f"({split[0]})" == condition:
            when.set("test", split[1] or "false()")  # not(E) alone fails wherever E holds


def _negated_first_operand(test: str) -> str | None:
    """``E`` of a test ``not(E) or …`` (or ``not(E)``), true wherever the test can fail; else None."""
    split = _split_negated_first_operand(test)
    return split[0] if split is not None else None


def _split_negated_first_operand(test: str) -> tuple[str, str] | None:
    """``(E, REST)`` of a test ``not(E) or REST`` (``REST`` empty for ``not(E)``); else None."""
    text = test.strip()
    if not text.startswith("not("):
        return None
    depth, quote = 0, ""
    for index, character in enumerate(text):
        if quote:
            quote = "" if character == quote else quote
        elif character in "'\"":
            quote = character
        elif character == "(":
            depth += 1
        elif character == ")":
            depth -= 1
            if depth == 0:
                rest = text[index + 1 :].lstrip()
                # "or" is XPath's loosest operator: not(E) or A and B is not(E) or (A and B).
                if rest and not re.match(r"or[\s(]", rest):
                    return None
                return text[4:index], rest[2:].strip()
    return None


def _report_element(stylesheet: etree._Element) -> etree._Element | None:
    for template in stylesheet.iterchildren(f"{_X}template"):
        if template.get("match") == "/" and template.get("mode") is None:
            return next(template.iterchildren(f"{_S}schematron-output"), None)
    return None


def _is_rule(template: etree._Element) -> bool:
    # A rule's template ends by applying its own mode to the children.
    last = template[-1] if len(template) else None
    return (
        last is not None
        and last.tag == f"{_X}apply-templates"
        and last.get("mode") == template.get("mode")
        and last.get("select") == _CHILDREN
        and template.get("match") not in ("text()", "@*|node()")
    )


def _is_default(template: etree._Element) -> bool:
    # Text is skipped and every other node passed on: the walk this replaces.
    return template.get("match") in ("text()", "@*|node()")
