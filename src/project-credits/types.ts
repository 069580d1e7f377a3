/**
 * A project credit and what a caller gives for one: the public types of the resource. What each
 * field is (kind, limits, which servers send it) is said once, in `fields.ts`.
 */
import type { ProjectCreditOrderingEnum } from '../../generated/types.gen.js';
import type { Decimal, DecimalInput } from '../core/decimal.js';

/**
 * How the minimal consumption is computed. Newer servers may send values not listed here.
 *
 * @group Values
 */
export type MinimalConsumptionLogic = 'fixed' | 'linear';

/**
 * An offering the credit can be spent on, as the server sends it.
 *
 * @group Values
 */
export interface NestedPublicOffering {
  /** The offering's UUID, lowercase hyphenated. */
  uuid?: string;
  /** The offering's API URL. */
  url?: string;
  /** The offering type, e.g. `OpenStack.Tenant`. */
  type?: string;
  /** The offering's name. */
  name?: string;
  /** Fields the server sent that this version of the SDK does not know, unchanged. */
  readonly extraFields: Readonly<Record<string, unknown>>;
}

/**
 * A project credit as read from the server. Decimals are `Decimal`s, UUIDs are lowercase
 * hyphenated.
 *
 * The required fields are sent by every Waldur version seen (a server that leaves one out is
 * refused with a `WaldurResponseError` naming it). The optional ones are absent on some servers:
 * Waldur before 8.x has none of the 8.x fields (`customer_*`, `end_date`, the consumption fields)
 * and sends `use_organisation_credit` instead; organization-level fields are hidden from
 * project-level users; newer servers add `spendable_value`, `creditable_cost_this_month` and
 * `is_limited_by_organization_credit`. Fields this SDK does not know are kept in `extraFields`;
 * enum values it does not know are kept as sent.
 *
 * Amounts the server stores (`value`, `expected_consumption`, `grace_coefficient`) are exact, or
 * the read is refused. Amounts it computes (`customer_credit`, `allocated_customer_credit`,
 * `consumption_last_month`, `minimal_consumption`, `spendable_value`,
 * `creditable_cost_this_month`) are sent by Waldur as JSON numbers (Python's `float()` of the
 * decimal); such a number is read as the decimal the server wrote, the shortest one that
 * round-trips the double, whatever its number of digits.
 *
 * @group Values
 */
export interface ProjectCredit {
  /** The credit's UUID, lowercase hyphenated. Sent by every server. */
  uuid: string;
  /** The credit's API URL, as the server built it. Sent by every server. */
  url: string;
  /** The money allocated to the project, exactly as stored. Sent by every server. */
  value: Decimal;
  /** The project's API URL. Sent by every server. */
  project: string;
  /** The project's name. Sent by every server. */
  project_name: string;
  /** The project's UUID, lowercase hyphenated. Sent by every server. */
  project_uuid: string;
  /** The project's slug. Sent by every server. */
  project_slug: string;
  /** The organization's name. Absent before Waldur 8.x. */
  customer_name?: string;
  /** The organization's slug. Absent before Waldur 8.x. */
  customer_slug?: string;
  /** The organization's UUID, lowercase hyphenated. Absent before Waldur 8.x. */
  customer_uuid?: string;
  /**
   * The organization's whole credit; `null` when it has none. Hidden from project-level users.
   * Computed: real servers send a JSON number, read as the decimal the server wrote.
   */
  customer_credit?: Decimal | null;
  /**
   * The share of the organization's credit allocated to projects. Hidden from project-level users.
   * Computed: real servers send a JSON number, read as the decimal the server wrote.
   */
  allocated_customer_credit?: Decimal | null;
  /**
   * What the project consumed last month; often `null`. Computed: real servers send a JSON
   * number of up to 17 significant digits, read as the decimal the server wrote.
   */
  consumption_last_month?: Decimal | null;
  /** Offerings the organization's credit applies to. Hidden from project-level users. */
  offerings?: NestedPublicOffering[];
  /** The last day of the credit (`YYYY-MM-DD`), or `null` for none. Absent before Waldur 8.x. */
  end_date?: string | null;
  /** The expected monthly consumption. Absent before Waldur 8.x. */
  expected_consumption?: Decimal;
  /**
   * The minimal consumption the server computed. Absent before Waldur 8.x. A JSON number is read
   * as the decimal the server wrote.
   */
  minimal_consumption?: Decimal | null;
  /** How the minimal consumption is computed (`fixed`, `linear`, or a newer server's value). Absent before Waldur 8.x. */
  minimal_consumption_logic?: MinimalConsumptionLogic | (string & {});
  /** The grace coefficient, a whole number. Absent before Waldur 8.x. */
  grace_coefficient?: Decimal;
  /** Whether the credit is applied as minimal consumption. Absent before Waldur 8.x. */
  apply_as_minimal_consumption?: boolean;
  /** Whether unused credit counts as spent when the project ends. Absent before Waldur 8.x. */
  mark_unused_credit_as_spent_on_project_termination?: boolean;
  /** What the project can still spend, computed by the server. Sent by newer servers only. */
  spendable_value?: Decimal;
  /** This month's cost that the credit covers, or `null`, computed by the server. Sent by newer servers only. */
  creditable_cost_this_month?: Decimal | null;
  /** Whether the organization's credit limits this credit. Sent by newer servers only. */
  is_limited_by_organization_credit?: boolean;
  /** Whether the project draws on the organization's credit. Sent by servers before 8.x only. */
  use_organisation_credit?: boolean;
  /**
   * Fields the server sent that this version of the SDK does not know (a newer server's
   * additions), unchanged. Never sent back by `update` or `patch`.
   */
  readonly extraFields: Readonly<Record<string, unknown>>;
}

/**
 * The writable fields of a credit, for `create` and `update` (PUT). A {@link ProjectCredit}
 * read from the server is one: `update(credit.uuid, credit)` sends its writable fields only.
 * A field given as `undefined` is not sent.
 *
 * @group Values
 */
export interface ProjectCreditInput {
  /** The project: its UUID (hex or hyphenated) or its API URL `{baseUrl}/api/projects/{uuid}/`. */
  project: string;
  /** The money allocated: at least 0, at most 11 integer digits and 5 decimal places. */
  value?: DecimalInput | undefined;
  /** The last day of the credit, `YYYY-MM-DD` (a real calendar date), or `null` for none. */
  end_date?: string | null | undefined;
  /** The expected monthly consumption: at most 11 integer digits and 5 decimal places. */
  expected_consumption?: DecimalInput | undefined;
  /**
   * How the minimal consumption is computed: `fixed` or `linear`, or another value this client
   * has read from its server (so a credit from a newer server can be sent back as it is).
   */
  minimal_consumption_logic?: MinimalConsumptionLogic | (string & {}) | undefined;
  /** A whole number from 0 to 999. */
  grace_coefficient?: DecimalInput | undefined;
  /** Whether the credit is applied as minimal consumption. */
  apply_as_minimal_consumption?: boolean | undefined;
  /** Whether unused credit counts as spent when the project ends. */
  mark_unused_credit_as_spent_on_project_termination?: boolean | undefined;
  /** Whether the project draws on the organization's credit (servers before 8.x only). */
  use_organisation_credit?: boolean | undefined;
}

/**
 * Some writable fields, for `patch`: only the fields given (and not `undefined`) are sent.
 *
 * @group Values
 */
export type ProjectCreditPatch = { [K in keyof ProjectCreditInput]?: ProjectCreditInput[K] | undefined };

/**
 * An ordering of a list: a field, `-` in front for descending.
 *
 * @group Values
 */
export type ProjectCreditOrdering =
  'value' | '-value' | 'end_date' | '-end_date' | 'expected_consumption' | '-expected_consumption' | 'project_name' | '-project_name';

/** Compile-time proof that the orderings above are the OpenAPI document's, no more, no less. */
type SameOrderings = [ProjectCreditOrdering] extends [ProjectCreditOrderingEnum]
  ? [ProjectCreditOrderingEnum] extends [ProjectCreditOrdering]
    ? true
    : never
  : never;
const _sameOrderings: SameOrderings = true;

/**
 * Filters and paging of `list` and `count`. A filter given as `undefined` is not sent.
 *
 * @group Values
 */
export interface ProjectCreditQuery {
  /** Organization name (server-side match). */
  customer_name?: string | undefined;
  /** Organization slug. */
  customer_slug?: string | undefined;
  /** Organization UUID, hex or hyphenated. */
  customer_uuid?: string | undefined;
  /** Project name (server-side match). */
  project_name?: string | undefined;
  /** Project UUID, hex or hyphenated. */
  project_uuid?: string | undefined;
  /** Free-text search. */
  query?: string | undefined;
  /** Ordering: one value or several, sent comma-joined (`o=-value,end_date`). */
  o?: ProjectCreditOrdering | readonly ProjectCreditOrdering[] | undefined;
  /** The page to fetch, from 1. */
  page?: number | undefined;
  /** Items per page, from 1 to 300 (Waldur's largest page; more is refused before any request). */
  page_size?: number | undefined;
}
