import { sortFindings, type PolicyReport, type WriterContext } from "./model";

// Characters XML 1.0 cannot carry (built from a string: eslint forbids control characters in regex literals).
const NOT_XML_CHAR = new RegExp("[^\\t\\n\\r\\u0020-\\uD7FF\\uE000-\\uFFFD\\u{10000}-\\u{10FFFF}]", "gu");

/** XML 1.0 text: escape markup, drop characters XML cannot carry. */
export function xmlEscape(s: string): string {
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
 * finding; failures as <failure>, manual and suppressed findings as <skipped> with the reason.
 */
export function writeJunit(report: PolicyReport, ctx: WriterContext): string {
  const sorted = sortFindings(report.findings);
  const suites: string[] = [];
  let total = 0;
  let failures = 0;
  let skipped = 0;
  let errors = 0;
  for (const check of ctx.checks) {
    const list = sorted.filter((f) => f.policy === check.id);
    if (list.length === 0) continue;
    const f = list.filter((x) => x.status === "fail").length;
    const s = list.filter((x) => x.status === "manual" || x.status === "suppressed").length;
    const e = list.filter((x) => x.status === "error").length;
    total += list.length;
    errors += e;
    failures += f;
    skipped += s;
    const cases = list.map((x) => {
      const name = xmlEscape(`${x.name}${x.tenant !== undefined ? ` (tenant ${x.tenant})` : ""}`);
      const open = `    <testcase classname="${xmlEscape(check.id)}" name="${name}" time="0">`;
      const details = xmlEscape(`${x.message}\nresource: ${x.urn}\nseverity: ${x.severity}; enforcement: ${x.enforcement}; controls: ${x.controls.join(", ")}`);
      if (x.status === "fail") return `${open}\n      <failure message="${xmlEscape(x.message)}" type="${x.enforcement}">${details}</failure>\n    </testcase>`;
      if (x.status === "error") return `${open}\n      <error message="${xmlEscape(x.message)}" type="collection">${details}</error>\n    </testcase>`;
      if (x.status === "manual") return `${open}\n      <skipped message="${xmlEscape(`manual: ${x.message}`)}"/>\n    </testcase>`;
      if (x.status === "suppressed") {
        return `${open}\n      <skipped message="${xmlEscape(`suppressed until ${x.suppression?.expires}: ${x.suppression?.reason} — ${x.message}`)}"/>\n    </testcase>`;
      }
      return `${open}</testcase>`;
    });
    suites.push(
      `  <testsuite name="${xmlEscape(check.id)}" tests="${list.length}" failures="${f}" errors="${e}" skipped="${s}" time="0">\n${cases.join("\n")}\n  </testsuite>`,
    );
  }
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="emailmate-ops policy check" tests="${total}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="0">`,
    ...suites,
    `</testsuites>`,
    "",
  ].join("\n");
}
