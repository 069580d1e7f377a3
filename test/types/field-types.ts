/**
 * The exact type of each field of `ProjectCredit` (issue 13, item 1), pinned: which fields are
 * required (sent by every server version seen) and what an optional one may hold. Reading code
 * is in credit-fields.ts; this file only makes the contract precise.
 */
import type { Decimal, MinimalConsumptionLogic, ProjectCredit } from 'waldur-project-credits';

/** `true` when A and B are the same type (not merely assignable either way). */
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
/** The keys of T that an object of type T must have. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- `{} extends Pick<T, K>` is how an optional key is told from a required one
type RequiredKeys<T> = { [K in keyof T]-?: {} extends Pick<T, K> ? never : K }[keyof T];
function pin<T extends true>(): T | undefined {
  return undefined;
}

// Required: always sent, and `extraFields`, the SDK's own place for unknown fields.
type AlwaysSent = 'uuid' | 'url' | 'value' | 'project' | 'project_name' | 'project_uuid' | 'project_slug';
pin<Same<RequiredKeys<ProjectCredit>, AlwaysSent | 'extraFields'>>();
pin<Same<ProjectCredit['value'], Decimal>>();
pin<Same<ProjectCredit['uuid'] | ProjectCredit['url'] | ProjectCredit['project'], string>>();
pin<Same<ProjectCredit['project_name'] | ProjectCredit['project_uuid'] | ProjectCredit['project_slug'], string>>();
pin<Same<ProjectCredit['extraFields'], Readonly<Record<string, unknown>>>>();

// Optional (indexed access adds `undefined` for an optional field).
pin<Same<ProjectCredit['customer_credit'], Decimal | null | undefined>>();
pin<Same<ProjectCredit['spendable_value'], Decimal | undefined>>();
pin<Same<ProjectCredit['creditable_cost_this_month'], Decimal | null | undefined>>();
pin<Same<ProjectCredit['is_limited_by_organization_credit'], boolean | undefined>>();
pin<Same<ProjectCredit['use_organisation_credit'], boolean | undefined>>();
pin<Same<ProjectCredit['minimal_consumption_logic'], MinimalConsumptionLogic | (string & {}) | undefined>>();
