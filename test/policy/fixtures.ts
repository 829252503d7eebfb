import type { ResourceRecord } from "../../src/core/resource";
import { STACK, PROJECT } from "./support";

const ACCOUNT = "111111111111";
const REGION = "eu-west-1";
const TENANT_COMPONENT = "emailmate:tenant:Tenant";

const childUrn = (component: string, type: string, name: string) => `urn:pulumi:${STACK}::${PROJECT}::${component}$${type}::${name}`;

/** One tenant's isolation-relevant resources as the offline plan records them (inputs, plus outputs with ids and ARNs). */
export function tenantRecords(id: string): ResourceRecord[] {
  const parent = `urn:pulumi:${STACK}::${PROJECT}::${TENANT_COMPONENT}::${id}`;
  const tags = { tenant: id, "managed-by": "emailmate-ops", "data-classification": "confidential" };
  const keyArn = `arn:aws:kms:${REGION}:${ACCOUNT}:key/mock-key-${id}-key`;
  const setArn = `arn:aws:ses:${REGION}:${ACCOUNT}:configuration-set/tenant-${id}`;
  const identityArn = `arn:aws:ses:${REGION}:${ACCOUNT}:identity/mail.${id}.example`;
  const child = (type: string, role: string, props: Record<string, unknown>, outputs: Record<string, unknown> = {}, resourceId?: string): ResourceRecord => ({
    urn: childUrn(TENANT_COMPONENT, type, `${id}-${role}`),
    type,
    name: `${id}-${role}`,
    tenant: id,
    props,
    outputs: { ...props, ...outputs },
    ...(resourceId !== undefined ? { id: resourceId } : {}),
    parent,
  });
  return [
    { urn: parent, type: TENANT_COMPONENT, name: id, tenant: id, props: {}, outputs: { keyArn } },
    child("aws:kms/key:Key", "key", { keyUsage: "ENCRYPT_DECRYPT", customerMasterKeySpec: "SYMMETRIC_DEFAULT", enableKeyRotation: true, tags }, { arn: keyArn, keyId: `mock-key-${id}-key` }, `mock-key-${id}-key`),
    child("aws:kms/alias:Alias", "key-alias", { name: `alias/emailmate/tenant/${id}`, targetKeyId: `mock-key-${id}-key` }),
    child("aws:cloudwatch/logGroup:LogGroup", "audit-log-group", { name: `/emailmate/tenants/${id}/audit`, retentionInDays: 365, kmsKeyId: keyArn, tags }),
    child("aws:cloudwatch/logGroup:LogGroup", "ses-events-log-group", { name: `/emailmate/tenants/${id}/ses-events`, retentionInDays: 365, kmsKeyId: keyArn, tags }),
    child("aws:sesv2/configurationSet:ConfigurationSet", "configuration-set", { configurationSetName: `tenant-${id}`, deliveryOptions: { tlsPolicy: "REQUIRE" }, tags }, { arn: setArn }),
    child("aws:sesv2/tenant:Tenant", "ses-tenant", { tenantName: id, tags }, { arn: `arn:aws:ses:${REGION}:${ACCOUNT}:tenant/${id}/t-${id}` }),
    child("aws:sesv2/tenantResourceAssociation:TenantResourceAssociation", "configuration-set-association", { tenantName: id, resourceArn: setArn }),
    child("aws:sesv2/emailIdentity:EmailIdentity", `identity-mail.${id}.example`, { emailIdentity: `mail.${id}.example`, configurationSetName: `tenant-${id}`, tags }, { arn: identityArn }),
    child("aws:sesv2/tenantResourceAssociation:TenantResourceAssociation", `identity-mail.${id}.example-association`, { tenantName: id, resourceArn: identityArn }),
    child("aws:sesv2/configurationSetEventDestination:ConfigurationSetEventDestination", "event-destination", { configurationSetName: `tenant-${id}`, eventDestinationName: `tenant-${id}-events` }),
    child("aws:sns/topic:Topic", "alerts-topic", { name: `emailmate-tenant-${id}-alerts`, kmsMasterKeyId: keyArn, tags }, { arn: `arn:aws:sns:${REGION}:${ACCOUNT}:emailmate-tenant-${id}-alerts` }),
  ];
}

/** The platform's Vercel project with its HSTS route (`null`: a route without the header). */
export function vercelRecords(hsts: string | null = "max-age=63072000; includeSubDomains; preload", src = "/(.*)"): ResourceRecord[] {
  const parent = `urn:pulumi:${STACK}::${PROJECT}::emailmate:platform:Platform::platform`;
  const project: ResourceRecord = {
    urn: childUrn("emailmate:platform:Platform", "vercel:index/project:Project", "platform-vercel-project"),
    type: "vercel:index/project:Project",
    name: "platform-vercel-project",
    props: { name: "emailmate", framework: "nextjs" },
    id: "prj_1",
    parent,
  };
  const routeProps = { projectId: "prj_1", name: "hsts", route: { src, ...(hsts !== null ? { headers: { "Strict-Transport-Security": hsts } } : {}) } };
  const route: ResourceRecord = {
    urn: childUrn("emailmate:platform:Platform", "vercel:index/projectRoute:ProjectRoute", "platform-vercel-hsts-route"),
    type: "vercel:index/projectRoute:ProjectRoute",
    name: "platform-vercel-hsts-route",
    props: routeProps,
    id: "rt_1",
    parent,
  };
  return [project, route];
}

/** Replaces one record (by name) with a changed copy. */
export function change(records: readonly ResourceRecord[], name: string, edit: (r: ResourceRecord) => ResourceRecord): ResourceRecord[] {
  let hit = false;
  const out = records.map((r) => {
    if (r.name !== name) return r;
    hit = true;
    return edit(r);
  });
  if (!hit) throw new Error(`no record named ${name}`);
  return out;
}

/** Sets a prop in both inputs and outputs (as a real change would). */
export function setProp(r: ResourceRecord, key: string, value: unknown): ResourceRecord {
  const props = { ...r.props };
  const outputs = { ...(r.outputs ?? {}) };
  if (value === undefined) {
    delete props[key];
    delete outputs[key];
  } else {
    props[key] = value;
    outputs[key] = value;
  }
  return { ...r, props, outputs };
}
