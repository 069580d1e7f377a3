/**
 * What the fake holds and what it is given: the public types of `waldur-project-credits/testing`.
 */

/**
 * An offering of an organization's credit, as the server renders it.
 *
 * @group Testing
 */
export interface FakeOffering {
  /** Offering UUID, 32 hex digits. */
  uuid: string;
  /** Offering API URL. */
  url: string;
  /** Offering type, e.g. `OpenStack.Tenant`. */
  type: string;
  /** Offering name. */
  name: string;
}

/**
 * An organization (a Waldur customer) of the fake, with its customer credit.
 *
 * @group Testing
 */
export interface FakeOrganization {
  /** Organization UUID, 32 hex digits. */
  uuid: string;
  /** Organization name. */
  name: string;
  /** Organization slug. */
  slug: string;
  /**
   * The organization's customer credit, a decimal string; `null` when it has none. The sum of its
   * project credits is checked against it on every write, and without one the organization's
   * project credits are hidden and new ones refused (`["Customer credit does not exist."]`).
   */
  credit: string | null;
  /** The offerings the organization's credit applies to (rendered as each credit's `offerings`). */
  offerings: FakeOffering[];
}

/**
 * A project the fake knows that has no credit (yet): somewhere to create one.
 *
 * @group Testing
 */
export interface FakeProject {
  /** Project UUID, 32 hex digits. */
  uuid: string;
  /** Project name. */
  name: string;
  /** Project slug. */
  slug: string;
  /** The UUID of the project's organization, 32 hex digits. */
  customer_uuid: string;
}

/**
 * A credit as the fake stores it: hex UUIDs, decimal strings. Organization-level fields
 * (`customer_credit`, `allocated_customer_credit`, `offerings`) and computed ones
 * (`minimal_consumption`, `spendable_value`, `is_limited_by_organization_credit`) are not stored:
 * they are computed from {@link FakeOrganization} when a credit is rendered. Which fields a
 * response carries depends on the profile.
 *
 * @group Testing
 */
export interface FakeCredit {
  /** The credit UUID, 32 hex digits. */
  uuid: string;
  /** The credit's API URL (rendered from `uuid`). */
  url: string;
  /** The allocated money, a decimal string with 5 places. */
  value: string;
  /** The project's API URL (rendered from `project_uuid`). */
  project: string;
  /** The project's name. */
  project_name: string;
  /** The project's UUID, 32 hex digits. */
  project_uuid: string;
  /** The project's slug. */
  project_slug: string;
  /** The organization's name. */
  customer_name: string;
  /** The organization's slug. */
  customer_slug: string;
  /** The organization's UUID, 32 hex digits: the key into the fake's organizations. */
  customer_uuid: string;
  /** Last month's consumption: `null` (no invoice last month, the usual case), or an amount. */
  consumption_last_month: number | string | null;
  /** `YYYY-MM-DD` or `null`. */
  end_date: string | null;
  /** A decimal string with 5 places. */
  expected_consumption: string;
  /** `fixed` or `linear`. */
  minimal_consumption_logic: string;
  /** A whole number as a string. */
  grace_coefficient: string;
  /** A flag of the credit. */
  apply_as_minimal_consumption: boolean;
  /** A flag of the credit. */
  mark_unused_credit_as_spent_on_project_termination: boolean;
  /** The 2024-10 flag (profile `legacy` only). */
  use_organisation_credit: boolean;
  /** This month's cost the credit covers, a decimal string, or `null` (profile `newer` only). */
  creditable_cost_this_month: string | null;
  /** Any further field, rendered as given after the known ones. */
  [field: string]: unknown;
}

/**
 * Which Waldur the fake emulates.
 *
 * @group Testing
 */
export type FakeProfile = 'legacy' | 'current' | 'newer';

/**
 * A staff user: sees and writes everything. The fake's main `token` is one.
 *
 * @group Testing
 */
export interface FakeStaffUser {
  /** The role. */
  role: 'staff';
}

/**
 * An organization owner: sees and writes the credits of their organizations.
 *
 * @group Testing
 */
export interface FakeOwnerUser {
  /** The role. */
  role: 'owner';
  /** UUIDs of the organizations owned (hex or hyphenated). */
  organizations: readonly string[];
}

/**
 * A project member or manager. With profile `newer` they read their projects' credits, without
 * the organization-level fields; before that release a project credit was organization-scoped and
 * they see an empty list. Writes: 403 on what they can see, 404 on what they cannot.
 *
 * @group Testing
 */
export interface FakeProjectUser {
  /** The role. */
  role: 'project';
  /** UUIDs of the user's projects (hex or hyphenated). */
  projects: readonly string[];
}

/**
 * A user with no role anywhere: empty lists, 403 on create, 404 on a credit's URL.
 *
 * @group Testing
 */
export interface FakeNoRoleUser {
  /** The role. */
  role: 'none';
}

/**
 * Who a token belongs to.
 *
 * @group Testing
 */
export type FakeUser = FakeStaffUser | FakeOwnerUser | FakeProjectUser | FakeNoRoleUser;

/**
 * Options of `createFakeWaldur`.
 *
 * @group Testing
 */
export interface FakeWaldurOptions {
  /**
   * Which Waldur to emulate. `'current'` (default): Waldur 8.x as its 8.0.9 OpenAPI document
   * describes it. `'legacy'`: the release of 2024-10 (no 8.x fields, `use_organisation_credit`,
   * `value` at most 6 digits before the point, fewer orderings and filters). `'newer'`: 8.x plus
   * `spendable_value`, `creditable_cost_this_month` and `is_limited_by_organization_credit`,
   * project members reading their credits, end dates on the first of a month.
   */
  profile?: FakeProfile | undefined;
  /** How many realistic credits to start with (deterministic), or the credits themselves (partial). Default 0. */
  credits?: number | Partial<FakeCredit>[] | undefined;
  /**
   * The organizations, each with its customer credit. Default: four organizations with a credit
   * (amounts with room above what their generated credits allocate) and one without.
   */
  organizations?: Partial<FakeOrganization>[] | undefined;
  /** Projects without a credit. Default: one in each default organization. */
  projects?: Partial<FakeProject>[] | undefined;
  /**
   * A project UUID the fake has never seen: `'create'` (default) takes it as a new project of the
   * first organization with a credit; `'reject'` answers as Waldur does,
   * `{"project": ["Invalid hyperlink - Object does not exist."]}`.
   */
  unknownProjects?: 'create' | 'reject' | undefined;
  /** The staff token (`Token <token>` or `Bearer <token>`, any case of the keyword). Default `'test'`. */
  token?: string | undefined;
  /** Further tokens, each with its user's role. */
  users?: Readonly<Record<string, FakeUser>> | undefined;
  /** The origin (and optional path prefix) the fake answers for. Default `'https://waldur.test'`. */
  baseUrl?: string | undefined;
  /** Leave out `customer_credit`, `allocated_customer_credit` and `offerings` for every token. Default false. */
  hideOrganizationFields?: boolean | undefined;
  /**
   * Send `customer_credit`, `allocated_customer_credit`, `consumption_last_month`,
   * `minimal_consumption` as their exact decimal strings. Default false: JSON numbers, as real
   * servers send them (DRF writes `float(Decimal)`): the nearest double, so an amount of more than
   * 15 significant digits (an allocation near the 11-digit limit, a consumption of
   * `-123456.1234567891`) arrives as its shortest round-trip digits, which the SDK reads.
   */
  decimalsAsStrings?: boolean | undefined;
  /** Send `X-Result-Count` (default true). A browser without CORS exposure sees neither header. */
  countHeader?: boolean | undefined;
  /** Send the `Link` header (default true). */
  linkHeader?: boolean | undefined;
  /** The page size when a request names none. Default 10, as Waldur. */
  defaultPageSize?: number | undefined;
  /** The largest page the fake serves, silently. Default 300, as Waldur. */
  maxPageSize?: number | undefined;
  /** Seed of the generated credits. Default 1. */
  seed?: number | undefined;
}

/**
 * One request the fake answered.
 *
 * @group Testing
 */
export interface FakeRequest {
  /** HTTP method. */
  method: string;
  /** The full request URL. */
  url: string;
  /** The status the fake answered. */
  status: number;
  /** The request headers, names in lower case; `authorization` redacted to its scheme (`Token ***`). */
  headers: Record<string, string>;
  /** The request body: parsed JSON, the raw text when it is not JSON, `undefined` when empty. */
  body: unknown;
}
