import { MANAGED_BY } from "../infra/model";
import { platformNames, tenantNames, tenantResourceNames, TENANT_ID_PATTERN } from "../tenants";
import type { LiveScope } from "../aws/collectors/scope";

/**
 * Reading names back: which tenant a deployed resource belongs to, from its name. Names are still built only by
 * src/tenants/names.ts: each pattern is that function applied to a marker, split around the marker, and every
 * candidate id is checked by building the name again.
 */
const MARK = "\u0000";

type Template = (id: string) => string;

function reader(template: Template): (name: string) => string | undefined {
  const [pre = "", post = ""] = template(MARK).split(MARK);
  return (name) => {
    if (!name.startsWith(pre) || !name.endsWith(post) || name.length <= pre.length + post.length) return undefined;
    const id = name.slice(pre.length, name.length - post.length);
    return TENANT_ID_PATTERN.test(id) && template(id) === name ? id : undefined;
  };
}

/** The tenant a resource of each kind belongs to, by its name; undefined for platform or foreign names. */
export const tenantOf = {
  alias: reader((id) => tenantNames(id).kmsAlias),
  logGroup: reader((id) => tenantNames(id).auditLogGroup),
  topic: reader((id) => tenantResourceNames(id).alertsTopic),
  configurationSet: reader((id) => tenantNames(id).configurationSet),
} as const;

/** The longest common prefix of some names (the namespace the project's resources share). */
function commonPrefix(names: readonly string[]): string {
  let p = names[0] ?? "";
  for (const n of names) while (!n.startsWith(p)) p = p.slice(0, -1);
  return p;
}

const template = (t: Template) => t(MARK).split(MARK)[0] ?? "";

/** What the collectors treat as the project's: its name prefixes, and tags managed-by=emailmate-ops or tenant. */
export const PROJECT_SCOPE: LiveScope = {
  aliasPrefix: commonPrefix([platformNames.kmsAlias, template((id) => tenantNames(id).kmsAlias)]),
  logGroupPrefix: commonPrefix([platformNames.auditLogGroup, template((id) => tenantNames(id).auditLogGroup)]),
  topicPrefix: commonPrefix([platformNames.alertsTopic, template((id) => tenantResourceNames(id).alertsTopic)]),
  owns: (tags) => tags["managed-by"] === MANAGED_BY || tags.tenant !== undefined,
  ownsSesName: (name) => tenantOf.configurationSet(name) !== undefined,
};
