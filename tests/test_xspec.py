"""XSLT unit tests in the XSLT world: the scenarios of ``tests/xspec/*.xspec``.

The scenarios use XSpec's vocabulary (description, scenario, context, call,
param, expect) so that a publisher who works in XSLT can read and extend
them; this runner executes the subset they use through Saxon (saxonche), one
generated driver stylesheet per scenario, built with lxml:

* ``x:context mode="M"`` — apply templates in mode M to the context nodes
  (held in a temporary document, as a real document's nodes are), or with
  ``select="."`` to that document itself;
* ``x:call function="f:NAME"`` with ``x:param`` children — call the function
  on each param's element;
* ``x:expect test="XPath"`` — an XPath 3.1 boolean over ``$x:result``;
  ``x:expect`` with content — the result must equal it, whitespace between
  elements aside.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import etree
from saxonche import PySaxonProcessor

HERE = Path(__file__).parent / "xspec"
X = "http://www.jenitennison.com/xslt/xspec"
XSL = "http://www.w3.org/1999/XSL/Transform"
RUN = "xspec-run"


@dataclass(frozen=True)
class Expect:
    label: str
    test: str | None
    content: list[etree._Element]


@dataclass(frozen=True)
class Scenario:
    label: str
    stylesheet: Path
    scenario: etree._Element

    @property
    def expects(self) -> list[Expect]:
        return [
            Expect(
                expect.get("label", ""), expect.get("test"), [child for child in expect if isinstance(child.tag, str)]
            )
            for expect in self.scenario.findall(f"{{{X}}}expect")
        ]


def scenarios() -> Iterator[Scenario]:
    for path in sorted(HERE.glob("*.xspec")):
        description = etree.parse(str(path)).getroot()
        stylesheet = (path.parent / description.get("stylesheet", "")).resolve()
        yield from _walk(description, (path.stem,), stylesheet)


def _walk(element: etree._Element, labels: tuple[str, ...], stylesheet: Path) -> Iterator[Scenario]:
    """Nested scenarios; a scenario with expectations runs, labelled by its path."""
    for scenario in element.findall(f"{{{X}}}scenario"):
        label = (*labels, scenario.get("label", "?"))
        if scenario.find(f"{{{X}}}expect") is not None:
            yield Scenario(f"{label[0]}: {' / '.join(label[1:])}", stylesheet, scenario)
        yield from _walk(scenario, label, stylesheet)


def _literal(element: etree._Element) -> etree._Element:
    """A copy fit to stand in a stylesheet as a literal result: braces in attributes are not AVTs."""
    copy = etree.fromstring(etree.tostring(element))
    for node in copy.iter():
        if isinstance(node.tag, str):
            for name, value in node.attrib.items():
                node.set(name, value.replace("{", "{{").replace("}", "}}"))
    return copy


def driver(scenario: Scenario) -> bytes:
    xsl = f"{{{XSL}}}"
    root = etree.Element(
        xsl + "stylesheet",
        nsmap={"xsl": XSL, "x": X, "f": "urn:x-tei-encoder:functions"},
        version="3.0",
        **{"exclude-result-prefixes": "#all"},
    )
    etree.SubElement(root, xsl + "import", href=scenario.stylesheet.as_uri())
    etree.SubElement(root, xsl + "output", method="xml", indent="no")
    template = etree.SubElement(root, xsl + "template", name=RUN)
    context = scenario.scenario.find(f"{{{X}}}context")
    call = scenario.scenario.find(f"{{{X}}}call")
    result = etree.Element(xsl + "variable", name="x:result", **{"as": "item()*"})
    if context is not None:
        holder = etree.SubElement(template, xsl + "variable", name="x:context")  # a temporary document
        for child in context:
            if isinstance(child.tag, str):
                holder.append(_literal(child))
        # select="." applies templates to the temporary document itself (a template for "/")
        target = "$x:context" if context.get("select") == "." else "$x:context/node()"
        etree.SubElement(result, xsl + "apply-templates", select=target, mode=context.get("mode", "#default"))
    elif call is not None:
        arguments = []
        for index, parameter in enumerate(call.findall(f"{{{X}}}param"), start=1):
            holder = etree.SubElement(template, xsl + "variable", name=f"x:param{index}")
            for child in parameter:
                if isinstance(child.tag, str):
                    holder.append(_literal(child))
            arguments.append(f"$x:param{index}/*")
        etree.SubElement(result, xsl + "sequence", select=f"{call.get('function')}({', '.join(arguments)})")
    else:
        raise ValueError(f"{scenario.label}: neither x:context nor x:call")
    template.append(result)
    output = etree.SubElement(template, f"{{{X}}}outcome")
    etree.SubElement(etree.SubElement(output, f"{{{X}}}value"), xsl + "sequence", select="$x:result")
    for index, expect in enumerate(scenario.expects):
        if expect.test is not None:
            check = etree.SubElement(output, f"{{{X}}}check", index=str(index))
            etree.SubElement(check, xsl + "value-of", select=f"boolean({expect.test})")
    return etree.tostring(root)


def _normalized(nodes: list[etree._Element]) -> list[bytes]:
    """Elements as canonical XML, with whitespace-only text between elements dropped."""
    canonical = []
    for node in nodes:
        copy = etree.fromstring(etree.tostring(node))
        for element in copy.iter():
            if element.text is not None and not element.text.strip() and len(element):
                element.text = None
            if element.tail is not None and not element.tail.strip():
                element.tail = None
        copy.tail = None
        canonical.append(re.sub(rb"\s+xmlns(:\w+)?=\"[^\"]*\"", b"", etree.tostring(copy, method="c14n")))
    return canonical


SCENARIOS = list(scenarios())


@pytest.fixture(scope="module")
def compiler() -> Iterator[object]:
    with PySaxonProcessor(license=False) as processor:
        yield processor.new_xslt30_processor()


def test_there_are_scenarios_to_run() -> None:
    assert len(SCENARIOS) >= 8


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[scenario.label for scenario in SCENARIOS])
def test_scenario(scenario: Scenario, compiler: object) -> None:
    executable = compiler.compile_stylesheet(stylesheet_text=driver(scenario).decode())  # type: ignore[attr-defined]
    outcome = etree.fromstring(executable.call_template_returning_string(RUN).encode())
    value = outcome.find(f"{{{X}}}value")
    assert value is not None
    for index, expect in enumerate(scenario.expects):
        if expect.test is not None:
            check = outcome.find(f"{{{X}}}check[@index='{index}']")
            assert check is not None and check.text == "true", (
                f"{expect.label}: {expect.test}\n{etree.tostring(value)!r}"
            )
        else:
            produced = [child for child in value if isinstance(child.tag, str)]
            assert _normalized(produced) == _normalized(expect.content), expect.label
