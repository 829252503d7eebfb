import type { Tenant } from "../tenants/load";
import { formatDuration } from "./deadlines";
import type { GdprRole, Runbook } from "./schema";
import { gdprRoleOf } from "./status";
import type { IncidentState } from "./state";

/** Who the authority may contact (Art. 33(3)(b)); the security page's address unless configured. */
export const DEFAULT_CONTACT_POINT = "security@emailmate.dev";

export interface NoticeDraft {
  readonly name: string;
  readonly to: readonly string[];
  readonly subject: string;
  readonly text: string;
}

const TBD = "_to be completed (Art. 33(4): information may be provided in phases)_";

function param(state: IncidentState, name: string): string | undefined {
  const v = state.meta.params[name];
  return v === undefined ? undefined : Array.isArray(v) ? v.join(", ") : String(v);
}

/** Measures taken (steps done in contain/eradicate/recover) and proposed (steps still open). */
function measures(runbook: Runbook, state: IncidentState): { taken: string[]; proposed: string[] } {
  const taken: string[] = [];
  const proposed: string[] = [];
  for (const step of runbook.steps) {
    if (!["contain", "eradicate", "recover"].includes(step.phase)) continue;
    const st = state.steps.get(step.id);
    if (st && (st.status === "succeeded" || st.status === "confirmed")) taken.push(`${step.title} (${st.doneAt ?? ""})`);
    else if (st?.status !== "skipped") proposed.push(step.title);
  }
  return { taken, proposed };
}

const list = (items: readonly string[]) => (items.length === 0 ? "- none yet" : items.map((i) => `- ${i}`).join("\n"));

/**
 * The Art. 33(3) notice to the supervisory authority, drafted from the incident: (a) nature, categories and approximate
 * numbers of data subjects and records, (b) contact point, (c) likely consequences, (d) measures; with reasons for
 * delay when past 72 hours (Art. 33(1)). Pure.
 */
export function authorityNotice(runbook: Runbook, state: IncidentState, tenants: readonly Tenant[], contactPoint: string, now: Date): NoticeDraft {
  const m = state.meta;
  const late = now.getTime() - Date.parse(m.awareAt) - 72 * 3_600_000;
  const { taken, proposed } = measures(runbook, state);
  const text = [
    `# Personal data breach notification (GDPR Art. 33) — ${m.id}`,
    "",
    `DRAFT prepared ${now.toISOString()} — review before sending.`,
    "",
    `- Controller: EmailMate (controller of the personal data concerned)`,
    `- Became aware: ${m.awareAt}`,
    `- Incident: ${m.title} (${m.severity}), runbook ${m.runbook}`,
    `- Tenants (controllers) affected: ${tenants.map((t) => `${t.name} (${t.id})`).join(", ") || "none identified"}`,
    "",
    "## (a) Nature of the breach",
    param(state, "summary") ?? runbook.description.trim(),
    "",
    `- Categories of data subjects: ${param(state, "subjectCategories") ?? TBD}`,
    `- Approximate number of data subjects: ${param(state, "subjectsApprox") ?? TBD}`,
    `- Categories of personal data records: ${param(state, "dataCategories") ?? TBD}`,
    `- Approximate number of records: ${param(state, "recordsApprox") ?? TBD}`,
    "",
    "## (b) Data protection officer or other contact point",
    contactPoint,
    "",
    "## (c) Likely consequences",
    param(state, "consequences") ?? TBD,
    "",
    "## (d) Measures taken or proposed",
    "Taken:",
    list(taken),
    "",
    "Proposed:",
    list(proposed),
    ...(late > 0 ? ["", "## Reasons for the delay (Art. 33(1))", `This notification is ${formatDuration(late)} later than 72 hours after awareness. Reasons: ${TBD}`] : []),
    "",
  ].join("\n");
  return { name: "authority-art33.md", to: ["<supervisory authority>"], subject: `Personal data breach notification ${m.id}`, text };
}

/** The opening paragraph of a tenant notice: the article that actually applies to EmailMate's role, or none. */
function tenantBasis(role: GdprRole, tenant: Tenant): string {
  switch (role) {
    case "processor":
      return `As your processor (GDPR Art. 33(2)) we are informing you, the controller, without undue delay of a personal data breach that affects your account (tenant ${tenant.id}). The notification of your supervisory authority (Art. 33(1), within 72 hours of your becoming aware) is yours to decide; we will give you the information you need for it.`;
    case "controller":
      return `We are informing you of a personal data breach that affects your account (tenant ${tenant.id}). EmailMate is the controller of the data concerned and notifies the supervisory authority itself (GDPR Art. 33(1)).`;
    case "none":
      return `We are informing you of a security incident that affects your account (tenant ${tenant.id}), as our security page promises to customers affected by a security incident. It is not a personal data breach as far as we know.`;
  }
}

/** The notice to one affected tenant, to its security and DPO contacts, labelled by the article that applies. Pure. */
export function tenantNotice(runbook: Runbook, state: IncidentState, tenant: Tenant, contactPoint: string, now: Date, role: GdprRole): NoticeDraft {
  const m = state.meta;
  // Not a personal-data breach: no GDPR article on the page, not even in a placeholder.
  const tbd = role === "none" ? "_to be completed_" : TBD;
  const to = [tenant.contacts.security, ...(tenant.contacts.dpo === undefined ? [] : [tenant.contacts.dpo])];
  const { taken, proposed } = measures(runbook, state);
  const text = [
    `To: ${to.join(", ")}`,
    `Subject: ${role === "processor" ? "Personal data breach notice (GDPR Art. 33(2))" : role === "controller" ? "Personal data breach notice" : "Security incident notice"} ${m.id} — ${tenant.name}`,
    "",
    `DRAFT prepared ${now.toISOString()} — review before sending.`,
    "",
    `Dear ${tenant.name} security team${tenant.contacts.dpo === undefined ? "" : " and data protection officer"},`,
    "",
    tenantBasis(role, tenant),
    "",
    `- What happened: ${param(state, "summary") ?? m.title}`,
    `- When we became aware: ${m.awareAt}`,
    `- Data concerned: ${param(state, "dataCategories") ?? tbd}`,
    `- Approximate number of data subjects: ${param(state, "subjectsApprox") ?? tbd}`,
    `- Likely consequences: ${param(state, "consequences") ?? tbd}`,
    "",
    "What we have done:",
    list(taken),
    "",
    "What we will do next:",
    list(proposed),
    "",
    `We will send updates as we learn more. Contact: ${contactPoint} (reference ${m.id}).`,
    "",
  ].join("\n");
  const subject = role === "processor" ? `Personal data breach notice (GDPR Art. 33(2)) ${m.id}` : role === "controller" ? `Personal data breach notice ${m.id}` : `Security incident notice ${m.id}`;
  return { name: `tenant-${tenant.id}.md`, to, subject, text };
}

/**
 * All drafts for an audience: the authority notice, the tenant notices, or both. The Art. 33(3) notice to the
 * authority is drafted only when EmailMate is the controller: as processor the authority clock is the tenant's, and an
 * incident that is not a personal-data breach gets no GDPR notice at all. Pure.
 */
export function draftNotices(
  audience: string,
  runbook: Runbook,
  state: IncidentState,
  tenants: readonly Tenant[],
  contactPoint: string,
  now: Date,
): NoticeDraft[] {
  const role = gdprRoleOf(runbook, state);
  const out: NoticeDraft[] = [];
  if ((audience === "authority" || audience === "all") && role === "controller") out.push(authorityNotice(runbook, state, tenants, contactPoint, now));
  if (audience === "tenants" || audience === "all") out.push(...tenants.map((t) => tenantNotice(runbook, state, t, contactPoint, now, role)));
  return out;
}
