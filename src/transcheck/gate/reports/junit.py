"""JUnit XML: one testsuite per corpus, one testcase per corpus file and gate.

Failed gates are <failure>, gates that could not be evaluated are <skipped>,
warnings pass with the message in <system-out>.

Every name and message comes from user files; characters XML 1.0 cannot
carry at all (ESC and the other C0 controls but TAB/LF/CR, U+FFFE/U+FFFF,
lone surrogates) are written as visible ``\x1b``-style escapes, so the report
stays well-formed whatever a corpus name contains. ElementTree escapes
``<``, ``&`` and quotes itself.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import defaultdict

from transcheck.gate.results import FileResult
from transcheck.gate.runner import CheckReport

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """``text`` with the characters XML 1.0 forbids shown as ``\\x..`` escapes."""
    return _NOT_XML.sub(lambda m: repr(m.group())[1:-1], text)


def _sanitize(root: ET.Element) -> None:
    for element in root.iter():
        for key, value in element.attrib.items():
            element.set(key, xml_safe(value))
        if element.text:
            element.text = xml_safe(element.text)


def render_junit(report: CheckReport) -> str:
    by_corpus: dict[str, list[FileResult]] = defaultdict(list)
    for result in report.results:
        by_corpus[result.corpus].append(result)
    root = ET.Element("testsuites", name="transcheck check")
    total = failures = skipped = 0
    for corpus, results in by_corpus.items():
        suite = ET.SubElement(root, "testsuite", name=corpus)
        s_total = s_fail = s_skip = 0
        for result in results:
            outcomes = result.outcomes or []
            if not outcomes:
                case = ET.SubElement(
                    suite, "testcase", classname=f"{corpus}.{result.rel}", name="no gates"
                )
                ET.SubElement(case, "system-out").text = "no thresholds declared"
                s_total += 1
            for outcome in outcomes:
                s_total += 1
                case = ET.SubElement(
                    suite, "testcase", classname=f"{corpus}.{result.rel}", name=outcome.gate
                )
                case.set("file", result.path)
                if outcome.status == "fail":
                    s_fail += 1
                    failure = ET.SubElement(case, "failure", message=outcome.message)
                    failure.set("type", outcome.kind)
                    failure.text = f"{result.key}: {outcome.message}"
                elif outcome.status == "skip":
                    s_skip += 1
                    ET.SubElement(case, "skipped", message=outcome.message)
                else:
                    ET.SubElement(case, "system-out").text = (
                        f"{outcome.status.upper()}: {outcome.message}"
                    )
        suite.set("tests", str(s_total))
        suite.set("failures", str(s_fail))
        suite.set("skipped", str(s_skip))
        suite.set("errors", "0")
        total, failures, skipped = total + s_total, failures + s_fail, skipped + s_skip
    root.set("tests", str(total))
    root.set("failures", str(failures))
    root.set("skipped", str(skipped))
    root.set("errors", "0")
    _sanitize(root)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
