/**
 * Which resources of the account are the project's: the collectors read those in depth and skip the rest (other
 * teams' keys, log groups and topics). Given by the caller, which knows the project's names.
 */
export interface LiveScope {
  /** KMS aliases of the project start with this (e.g. `alias/emailmate/`). */
  readonly aliasPrefix: string;
  /** Log groups of the project start with this (DescribeLogGroups' name prefix). */
  readonly logGroupPrefix: string;
  /** SNS topics of the project are named with this prefix. */
  readonly topicPrefix: string;
  /** Whether a resource's tags mark it as the project's (e.g. managed-by, tenant). */
  owns(tags: Readonly<Record<string, string>>): boolean;
  /** Whether a configuration set (or SES tenant) name is the project's. */
  ownsSesName(name: string): boolean;
}
