import type { Finding } from "../types";
import { sortFindings, type PolicyReport, type WriterContext } from "./model";

// Characters XML 1.0 cannot carry (built from a string: eslint forbids control characters in regex literals).
const NOT_XML_CHAR = new RegExp("[^\\t\\n\\r\\u0020-\\uD7FF\\uE000-\\uFFFD\\u{10000}-\\u{10FFFF}]", "gu");

// Text that needs no escaping: printable ASCII without & < > " ' (almost every finding's text).
const PLAIN_XML = /^[\x20-\x21\x23-\x25\x28-\x3b\x3d\x3f-\x7e\n]*$/;

/** XML 1.0 text: escape markup, drop characters XML cannot carry. */
export function xmlEscape(s: string): string {
  if (PLAIN_XML.test(s)) return s;
  return s
    .replace(NOT_XML_CHAR, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

/**
 * JUnit XML (the Ant/Jenkins schema CI systems read): one test suite per policy, one test case per resource
 * finding; failures as <failure>, errors (the check could not run or collect) as <error>, manual, suppressed and
 * not-evaluated findings as <skipped> with the reason.
 */
export function writeJunit(report: PolicyReport, ctx: WriterContext): string {
  return [...junitChunks(report, ctx)].join("");
}

/** The same XML in chunks (one per test case), so that the evidence bundle can stream it. */
export function* junitChunks(report: PolicyReport, ctx: WriterContext): Generator<string> {
  const sorted = sortFindings(report.findings);
  const byPolicy = new Map<string, Finding[]>();
  for (const f of sorted) {
    const list = byPolicy.get(f.policy);
    if (list === undefined) byPolicy.set(f.policy, [f]);
    else list.push(f);
  }
  const count = (list: readonly Finding[]) => ({
    tests: list.length,
    failures: list.filter((x) => x.status === "fail").length,
    errors: list.filter((x) => x.status === "error").length,
    skipped: list.filter((x) => x.status === "manual" || x.status === "suppressed" || x.status === "not-evaluated").length,
  });
  const suites = ctx.checks.filter((c) => byPolicy.has(c.id)).map((c) => ({ check: c, list: byPolicy.get(c.id)!, n: count(byPolicy.get(c.id)!) }));
  const total = suites.reduce((t, s) => ({ tests: t.tests + s.n.tests, failures: t.failures + s.n.failures, errors: t.errors + s.n.errors, skipped: t.skipped + s.n.skipped }), {
    tests: 0,
    failures: 0,
    errors: 0,
    skipped: 0,
  });
  yield `<?xml version="1.0" encoding="UTF-8"?>\n`;
  yield `<testsuites name="emailmate-ops policy check" tests="${total.tests}" failures="${total.failures}" errors="${total.errors}" skipped="${total.skipped}" time="0">\n`;
  for (const { check, list, n } of suites) {
    yield `  <testsuite name="${xmlEscape(check.id)}" tests="${n.tests}" failures="${n.failures}" errors="${n.errors}" skipped="${n.skipped}" time="0">\n`;
    for (const x of list) yield testCase(check.id, x) + "\n";
    yield `  </testsuite>\n`;
  }
  yield `</testsuites>\n`;
}

function testCase(policy: string, x: Finding): string {
  const name = xmlEscape(`${x.name}${x.tenant !== undefined ? ` (tenant ${x.tenant})` : ""}`);
  const open = `    <testcase classname="${xmlEscape(policy)}" name="${name}" time="0">`;
  const details = () => xmlEscape(`${x.message}\nresource: ${x.urn}\nseverity: ${x.severity}; enforcement: ${x.enforcement}; controls: ${x.controls.join(", ")}`);
  switch (x.status) {
    case "fail":
      return `${open}\n      <failure message="${xmlEscape(x.message)}" type="${x.enforcement}">${details()}</failure>\n    </testcase>`;
    case "error":
      return `${open}\n      <error message="${xmlEscape(x.message)}" type="error">${details()}</error>\n    </testcase>`;
    case "not-evaluated":
      return `${open}\n      <skipped message="${xmlEscape(x.message)}"/>\n    </testcase>`;
    case "manual":
      return `${open}\n      <skipped message="${xmlEscape(`manual: ${x.message}`)}"/>\n    </testcase>`;
    case "suppressed":
      return `${open}\n      <skipped message="${xmlEscape(`suppressed until ${x.suppression?.expires}: ${x.suppression?.reason} — ${x.message}`)}"/>\n    </testcase>`;
    case "pass":
      return `${open}</testcase>`;
  }
}
