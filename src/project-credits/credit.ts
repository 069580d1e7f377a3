/**
 * The one place where wire values become domain values and back: a project credit as the
 * server sends it becomes a {@link ProjectCredit}; a caller's input becomes the exact body and
 * query the server expects, or a {@link WaldurInputError}.
 */
import type {
  PatchedProjectCreditRequest,
  ProjectCreditOrderingEnum,
  ProjectCreditRequest,
  ProjectCreditsListData,
} from '../../generated/types.gen.js';
import { Decimal, fromComputedAmount, fromWireDecimal, GRACE_COEFFICIENT, MONEY, NotADecimal, SIGNED_MONEY, toWireDecimal } from '../core/decimal.js';
import type { DecimalInput, DecimalLimits } from '../core/decimal.js';
import { WaldurInputError } from '../core/errors.js';
import { SERVER_MAX_PAGE_SIZE } from '../core/paging.js';
import { describe } from '../core/describe.js';
import { canonicalUuid, parseUuidInput } from '../core/uuid.js';

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
  | 'value' | '-value' | 'end_date' | '-end_date' | 'expected_consumption' | '-expected_consumption' | 'project_name' | '-project_name';

/** Compile-time proof that the orderings above are the OpenAPI document's, no more, no less. */
type SameOrderings = [ProjectCreditOrdering] extends [ProjectCreditOrderingEnum]
  ? [ProjectCreditOrderingEnum] extends [ProjectCreditOrdering] ? true : never
  : never;
const sameOrderings: SameOrderings = true;
void sameOrderings;

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

type WireQuery = NonNullable<ProjectCreditsListData['query']>;

const ORDERINGS: ReadonlySet<string> = new Set<ProjectCreditOrdering>([
  'value', '-value', 'end_date', '-end_date', 'expected_consumption', '-expected_consumption', 'project_name', '-project_name',
]);
/** The `minimal_consumption_logic` values every server knows. */
export const LOGICS: ReadonlySet<string> = new Set<MinimalConsumptionLogic>(['fixed', 'linear']);

// ---------------------------------------------------------------------------------------------
// Reading

/** A response that is not what the API promises; the caller turns it into a WaldurResponseError. */
export class ShapeError extends Error {}

/**
 * What one client remembers of its server: the enum values it has sent that this SDK does not
 * know, so that a credit read from a newer server can be sent back as it is, while a typo in a
 * caller's own input is still refused before any request.
 */
export interface ServerVocabulary {
  /** `minimal_consumption_logic` values read from the server besides `fixed` and `linear`. */
  readonly logics: Set<string>;
}

/** Creates the empty vocabulary of a new client. */
export function newVocabulary(): ServerVocabulary {
  return { logics: new Set() };
}

/**
 * What the reading of one answer shares between its credits: the client's vocabulary, and the
 * amounts and UUIDs already read (a page repeats its organization's amounts and UUIDs on every
 * credit; a `Decimal` is immutable, so one instance serves them all).
 */
export interface ReadContext {
  readonly vocabulary: ServerVocabulary | undefined;
  readonly decimals: Map<unknown, Decimal>;
  readonly uuids: Map<unknown, string>;
}

/** A fresh context for reading one answer. */
export function readContext(vocabulary?: ServerVocabulary): ReadContext {
  return { vocabulary, decimals: new Map(), uuids: new Map() };
}

/** The fields every Waldur version seen sends (wire captures of 2024-10 and the 8.x documents). */
const REQUIRED_FIELDS = ['uuid', 'url', 'value', 'project', 'project_name', 'project_uuid', 'project_slug'] as const;

const NO_EXTRA_FIELDS: Readonly<Record<string, unknown>> = Object.freeze(Object.create(null) as Record<string, unknown>);

function wrongType(where: string, field: string, value: unknown, expected: string): ShapeError {
  return new ShapeError(`${where}.${field} is ${describe(value)}, not ${expected}`);
}

function readOwnUuid(value: unknown, where: string, field: string): string {
  const uuid = canonicalUuid(value);
  if (uuid === undefined) throw wrongType(where, field, value, 'a UUID');
  return uuid;
}

function readOwnDecimal(value: unknown, where: string, field: string, computed: boolean): Decimal {
  if (value === null) throw new ShapeError(`${where}.${field} is null, not a decimal`);
  try {
    return (computed ? fromComputedAmount(value) : fromWireDecimal(value)) as Decimal;
  } catch (error) {
    throw new ShapeError(`${where}.${field} is ${error instanceof NotADecimal ? error.message : 'not a decimal'}`);
  }
}

function readUuid(context: ReadContext, value: unknown, where: string, field: string): string {
  let uuid = context.uuids.get(value);
  if (uuid === undefined) {
    uuid = readOwnUuid(value, where, field);
    context.uuids.set(value, uuid);
  }
  return uuid;
}

/**
 * A decimal through the context's cache. A stored field (`computed` false) reads a JSON number
 * past the cache: the cache may hold it read as a computed amount, which a stored field refuses
 * when it has more than 15 significant digits.
 */
function readDecimal(context: ReadContext, value: unknown, where: string, field: string, computed: boolean): Decimal | null {
  if (computed && value === null) return null;
  if (!computed && typeof value === 'number') return readOwnDecimal(value, where, field, false);
  let decimal = context.decimals.get(value);
  if (decimal === undefined) {
    decimal = readOwnDecimal(value, where, field, computed);
    context.decimals.set(value, decimal);
  }
  return decimal;
}

/**
 * Reads one credit from the server, converting the freshly parsed object in place (it is owned by
 * no one else). Liberal: optional fields may be missing, enum values this SDK does not know pass
 * through, fields it does not know move to `extraFields`. Strict about what it converts: a missing
 * required field or a known field of the wrong type is a {@link ShapeError}, never a silent
 * `undefined`; a stored amount is exact or refused, and a JSON number the server computed is the
 * decimal the server wrote (its shortest round-trip digits).
 */
export function readCredit(raw: unknown, where = 'credit', context: ReadContext = readContext()): ProjectCredit {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ShapeError(`${where} is ${describe(raw)}, not an object`);
  }
  const wire = raw as Record<string, unknown>;
  let extra: Record<string, unknown> | undefined;
  for (const field in wire) {
    const value = wire[field];
    switch (field) {
      // A credit's own UUIDs and amounts are read directly; the organization's, shared by the
      // credits of a page, through the context's cache.
      case 'uuid':
      case 'project_uuid':
        wire[field] = readOwnUuid(value, where, field);
        break;
      case 'customer_uuid':
        wire[field] = readUuid(context, value, where, field);
        break;
      // Stored decimals (sent back by update): a JSON number is read only when it cannot have been rounded.
      case 'value':
        wire[field] = readOwnDecimal(value, where, field, false);
        break;
      case 'expected_consumption':
      case 'grace_coefficient':
        wire[field] = readDecimal(context, value, where, field, false);
        break;
      // Amounts the server computed (read-only): a JSON number is the decimal the server wrote.
      case 'spendable_value':
        wire[field] = readOwnDecimal(value, where, field, true);
        break;
      case 'customer_credit':
      case 'allocated_customer_credit':
      case 'consumption_last_month':
      case 'minimal_consumption':
      case 'creditable_cost_this_month':
        wire[field] = readDecimal(context, value, where, field, true);
        break;
      case 'url':
      case 'project':
      case 'project_name':
      case 'project_slug':
      case 'customer_name':
      case 'customer_slug':
        if (typeof value !== 'string') throw wrongType(where, field, value, 'a string');
        break;
      case 'end_date':
        if (value !== null && typeof value !== 'string') throw wrongType(where, field, value, 'a string');
        break;
      case 'minimal_consumption_logic':
        if (typeof value !== 'string') throw wrongType(where, field, value, 'a string');
        // Remembered (a bounded few) so that the credit can be sent back to the server that sent it.
        if (!LOGICS.has(value) && context.vocabulary && context.vocabulary.logics.size < 32 && value.length <= 64) {
          context.vocabulary.logics.add(value);
        }
        break;
      case 'apply_as_minimal_consumption':
      case 'mark_unused_credit_as_spent_on_project_termination':
      case 'is_limited_by_organization_credit':
      case 'use_organisation_credit':
        if (typeof value !== 'boolean') throw wrongType(where, field, value, 'a boolean');
        break;
      case 'offerings':
        wire.offerings = readOfferings(context, value, `${where}.offerings`);
        break;
      default:
        // A prototype-less object: a `__proto__` key from the server is just a key.
        (extra ??= Object.create(null) as Record<string, unknown>)[field] = value;
    }
  }
  for (const field of REQUIRED_FIELDS) {
    if (wire[field] === undefined) {
      throw new ShapeError(`${where}.${field} is missing: every Waldur sends it, so this server does not look compatible (check baseUrl)`);
    }
  }
  if (extra) for (const field in extra) delete wire[field];
  wire.extraFields = extra ?? NO_EXTRA_FIELDS;
  return wire as unknown as ProjectCredit;
}

function readOfferings(context: ReadContext, raw: unknown, where: string): NestedPublicOffering[] {
  if (!Array.isArray(raw)) throw new ShapeError(`${where} is ${describe(raw)}, not an array`);
  for (let i = 0; i < raw.length; i++) {
    const item: unknown = raw[i];
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      throw new ShapeError(`${where}.${i} is ${describe(item)}, not an object`);
    }
    const offering = item as Record<string, unknown>;
    let extra: Record<string, unknown> | undefined;
    for (const field in offering) {
      const value = offering[field];
      if (field === 'uuid') offering.uuid = readUuid(context, value, `${where}.${i}`, field);
      else if (field === 'url' || field === 'type' || field === 'name') {
        if (typeof value !== 'string') throw wrongType(`${where}.${i}`, field, value, 'a string');
      } else (extra ??= Object.create(null) as Record<string, unknown>)[field] = value;
    }
    if (extra) for (const field in extra) delete offering[field];
    offering.extraFields = extra ?? NO_EXTRA_FIELDS;
  }
  return raw as NestedPublicOffering[];
}

// ---------------------------------------------------------------------------------------------
// Writing

// The checks below are shared with the zod entry (src/zod/), whose schemas must accept and refuse
// exactly what writeCredit does: they use no decimal.js and no error class.

/**
 * Fields the server renders but never accepts, and `extraFields`: ignored in input, so a read
 * credit can be sent back as it is.
 */
export const READ_ONLY_FIELDS: ReadonlySet<string> = new Set([
  'uuid', 'url', 'project_name', 'project_uuid', 'project_slug', 'customer_name', 'customer_slug', 'customer_uuid',
  'customer_credit', 'allocated_customer_credit', 'consumption_last_month', 'offerings', 'minimal_consumption',
  'spendable_value', 'creditable_cost_this_month', 'is_limited_by_organization_credit', 'extraFields',
]);
/** Writable fields whose value is true or false. */
export const BOOLEAN_INPUTS: ReadonlySet<string> = new Set([
  'apply_as_minimal_consumption', 'mark_unused_credit_as_spent_on_project_termination', 'use_organisation_credit',
]);

/** The decimal fields and what the server stores of each. */
export const DECIMAL_LIMITS: Readonly<Record<string, DecimalLimits>> = {
  value: MONEY,
  expected_consumption: SIGNED_MONEY,
  grace_coefficient: GRACE_COEFFICIENT,
};

/**
 * Turns a caller's input into the body of a create or update: every field checked, decimals as
 * plain strings, the project as its API URL. With `partial`, only the fields given are sent and
 * `project` may be left out. Unknown fields are an error: nothing the caller wrote is dropped.
 */
export function writeCredit(input: unknown, baseUrl: string, partial: true, vocabulary?: ServerVocabulary): PatchedProjectCreditRequest;
export function writeCredit(input: unknown, baseUrl: string, partial: false, vocabulary?: ServerVocabulary): ProjectCreditRequest;
export function writeCredit(input: unknown, baseUrl: string, partial: boolean, vocabulary?: ServerVocabulary): PatchedProjectCreditRequest {
  if (input === null || typeof input !== 'object' || Array.isArray(input) || Decimal.isDecimal(input)) {
    throw new WaldurInputError('input', `expected an object of credit fields, got ${describe(input)}`);
  }
  const body: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(input)) {
    if (value === undefined || READ_ONLY_FIELDS.has(field)) continue;
    body[field] = writeField(field, value, baseUrl, vocabulary);
  }
  if (!partial && body.project === undefined) {
    throw new WaldurInputError('project', 'is required: a project UUID or its API URL');
  }
  return body as PatchedProjectCreditRequest;
}

function writeField(field: string, value: unknown, baseUrl: string, vocabulary: ServerVocabulary | undefined): unknown {
  const limits = Object.hasOwn(DECIMAL_LIMITS, field) ? DECIMAL_LIMITS[field] : undefined;
  if (limits) return toWireDecimal(value, field, limits);
  if (BOOLEAN_INPUTS.has(field)) {
    if (typeof value === 'boolean') return value;
    throw new WaldurInputError(field, `expected true or false, got ${describe(value)}`);
  }
  switch (field) {
    case 'project':
      return projectUrl(value, baseUrl);
    case 'end_date':
      return value === null ? null : calendarDate(value, field);
    case 'minimal_consumption_logic':
      if (typeof value === 'string' && (LOGICS.has(value) || vocabulary?.logics.has(value))) return value;
      throw new WaldurInputError(
        field,
        `expected "fixed" or "linear"${vocabulary?.logics.size ? ` (or a value this server sent: ${[...vocabulary.logics].map((v) => JSON.stringify(v)).join(', ')})` : ''}, got ${describe(value)}`,
      );
    default:
      throw new WaldurInputError(field, 'is not a writable field of a project credit');
  }
}

/** The path of a project's API URL; group 1 is its UUID as written. */
export const PROJECT_PATH = /\/api\/projects\/([^/]+)\/?$/;

/**
 * The canonical UUID of a project given as its UUID (hex or hyphenated) or as a URL of the shape
 * `http(s)://…/api/projects/{uuid}/` (no query, no fragment); `undefined` for anything else.
 */
export function projectUuid(value: string): string | undefined {
  const uuid = canonicalUuid(value);
  if (uuid !== undefined) return uuid;
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  const match = /^https?:$/.test(url.protocol) && !url.search && !url.hash ? PROJECT_PATH.exec(url.pathname) : null;
  return match ? canonicalUuid(match[1]) : undefined;
}

/** A project UUID, or a project URL of the shape `…/api/projects/{uuid}/`, as `{baseUrl}/api/projects/{hex}/`. */
function projectUrl(value: unknown, baseUrl: string): string {
  if (typeof value !== 'string') {
    throw new WaldurInputError('project', `expected a project UUID or URL, got ${describe(value)}`);
  }
  const uuid = projectUuid(value);
  if (uuid === undefined) {
    throw new WaldurInputError('project', `expected a project UUID or a URL like ${baseUrl}/api/projects/{uuid}/, got ${describe(value)}`);
  }
  return `${baseUrl}/api/projects/${uuid}/`;
}

/** Whether `value` is a real calendar date `YYYY-MM-DD` (no 2027-02-30). */
export function isCalendarDate(value: unknown): value is string {
  const m = typeof value === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) : null;
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day && year >= 1;
}

/** A real calendar date `YYYY-MM-DD`, else a {@link WaldurInputError}. */
function calendarDate(value: unknown, field: string): string {
  if (isCalendarDate(value)) return value;
  throw new WaldurInputError(field, `expected a calendar date YYYY-MM-DD or null, got ${describe(value)}`);
}

// ---------------------------------------------------------------------------------------------
// Queries

const STRING_FILTERS = ['customer_name', 'customer_slug', 'project_name', 'query'] as const;

/** Checks list/count filters and returns the query to send. Unknown filters are an error. */
export function writeQuery(query: unknown): WireQuery {
  if (query === undefined) return {};
  if (query === null || typeof query !== 'object' || Array.isArray(query)) {
    throw new WaldurInputError('query', `expected an object of filters, got ${describe(query)}`);
  }
  const out: WireQuery = {};
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    if ((STRING_FILTERS as readonly string[]).includes(key)) {
      if (typeof value !== 'string') throw new WaldurInputError(key, `expected a string, got ${describe(value)}`);
      out[key as (typeof STRING_FILTERS)[number]] = value;
    } else if (key === 'customer_uuid' || key === 'project_uuid') {
      out[key] = parseUuidInput(value, key);
    } else if (key === 'o') {
      out.o = writeOrdering(value);
    } else if (key === 'page') {
      if (!Number.isSafeInteger(value) || (value as number) < 1) {
        throw new WaldurInputError(key, `expected a whole number of at least 1, got ${describe(value)}`);
      }
      out.page = value as number;
    } else if (key === 'page_size') {
      // Waldur answers at most 300 a page, silently: asking for more would look like fewer credits.
      if (!Number.isSafeInteger(value) || (value as number) < 1 || (value as number) > SERVER_MAX_PAGE_SIZE) {
        throw new WaldurInputError(key, `expected a whole number from 1 to ${SERVER_MAX_PAGE_SIZE} (Waldur's largest page), got ${describe(value)}`);
      }
      out.page_size = value as number;
    } else {
      throw new WaldurInputError(key, 'is not a filter of project credits');
    }
  }
  return out;
}

function writeOrdering(value: unknown): ProjectCreditOrdering[] {
  const list = typeof value === 'string' ? [value] : Array.isArray(value) ? value : undefined;
  if (!list) throw new WaldurInputError('o', `expected an ordering or a list of them, got ${describe(value)}`);
  for (const item of list) {
    if (typeof item !== 'string' || !ORDERINGS.has(item)) {
      throw new WaldurInputError('o', `expected one of ${[...ORDERINGS].join(', ')}, got ${describe(item)}`);
    }
  }
  return [...list] as ProjectCreditOrdering[];
}
