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
} from '../generated/types.gen.js';
import { Decimal, fromWireDecimal, GRACE_COEFFICIENT, MONEY, NotADecimal, SIGNED_MONEY, toWireDecimal } from './decimal.js';
import type { DecimalInput, DecimalLimits } from './decimal.js';
import { WaldurInputError } from './errors.js';
import { canonicalUuid, describe, parseUuidInput, wireUuid } from './uuid.js';

/** How the minimal consumption is computed. Newer servers may send values not listed here. */
export type MinimalConsumptionLogic = 'fixed' | 'linear';

/** An offering the credit can be spent on, as the server sends it (extra fields are kept). */
export interface NestedPublicOffering {
  /** The offering's UUID, lowercase hyphenated. */
  uuid?: string;
  /** The offering's API URL. */
  url?: string;
  /** The offering type, e.g. `OpenStack.Tenant`. */
  type?: string;
  /** The offering's name. */
  name?: string;
  /** Fields added by newer servers, unchanged. */
  readonly [field: string]: unknown;
}

/**
 * A project credit as read from the server. Decimals are `Decimal`s, UUIDs are lowercase
 * hyphenated. Any field but `uuid` may be missing: servers hide organization-level fields
 * (`customer_credit`, `allocated_customer_credit`, …) from project-level users. Fields that newer
 * servers add are kept unchanged in `extraFields`; enum values this SDK does not know are kept as sent.
 */
export interface ProjectCredit {
  /** The credit's UUID, lowercase hyphenated. */
  uuid: string;
  /** The credit's API URL, as the server built it. */
  url?: string;
  /** The money allocated to the project. */
  value?: Decimal;
  /** The project's API URL. */
  project?: string;
  /** The project's name. */
  project_name?: string;
  /** The project's UUID, lowercase hyphenated. */
  project_uuid?: string;
  /** The project's slug. */
  project_slug?: string;
  /** The organization's name. */
  customer_name?: string;
  /** The organization's slug. */
  customer_slug?: string;
  /** The organization's UUID, lowercase hyphenated. */
  customer_uuid?: string;
  /** The organization's whole credit; `null` when it has none. */
  customer_credit?: Decimal | null;
  /** The share of the organization's credit allocated to projects. */
  allocated_customer_credit?: Decimal | null;
  /** What the project consumed last month. */
  consumption_last_month?: Decimal | null;
  /** Offerings the organization's credit applies to. */
  offerings?: NestedPublicOffering[];
  /** The last day of the credit (`YYYY-MM-DD`), or `null` for none. */
  end_date?: string | null;
  /** The expected monthly consumption. */
  expected_consumption?: Decimal;
  /** The minimal consumption the server computed. */
  minimal_consumption?: Decimal | null;
  /** How the minimal consumption is computed (`fixed`, `linear`, or a newer server's value). */
  minimal_consumption_logic?: MinimalConsumptionLogic | (string & {});
  /** The grace coefficient. */
  grace_coefficient?: Decimal;
  /** Whether the credit is applied as minimal consumption. */
  apply_as_minimal_consumption?: boolean;
  /** Whether unused credit counts as spent when the project ends. */
  mark_unused_credit_as_spent_on_project_termination?: boolean;
  /**
   * Fields the server sent that this version of the SDK does not know (a newer server's
   * additions), unchanged. Never sent back by `update` or `patch`.
   */
  readonly extraFields: Readonly<Record<string, unknown>>;
}

/** The writable fields of a credit, for `create` and `update` (PUT). */
export interface ProjectCreditInput {
  /** The project: its UUID (hex or hyphenated) or its API URL `{baseUrl}/api/projects/{uuid}/`. */
  project: string;
  /** The money allocated: at least 0, at most 11 integer digits and 5 decimal places. */
  value?: DecimalInput;
  /** The last day of the credit, `YYYY-MM-DD` (a real calendar date), or `null` for none. */
  end_date?: string | null;
  /** The expected monthly consumption: at most 11 integer digits and 5 decimal places. */
  expected_consumption?: DecimalInput;
  /** How the minimal consumption is computed. */
  minimal_consumption_logic?: MinimalConsumptionLogic;
  /** A whole number from 0 to 999. */
  grace_coefficient?: DecimalInput;
  /** Whether the credit is applied as minimal consumption. */
  apply_as_minimal_consumption?: boolean;
  /** Whether unused credit counts as spent when the project ends. */
  mark_unused_credit_as_spent_on_project_termination?: boolean;
}

/** Some writable fields, for `patch`: only the fields given are sent. */
export type ProjectCreditPatch = Partial<ProjectCreditInput>;

/** An ordering of a list: a field, `-` in front for descending. */
export type ProjectCreditOrdering =
  | 'value' | '-value' | 'end_date' | '-end_date' | 'expected_consumption' | '-expected_consumption' | 'project_name' | '-project_name';

/** Compile-time proof that the orderings above are the OpenAPI document's, no more, no less. */
type SameOrderings = [ProjectCreditOrdering] extends [ProjectCreditOrderingEnum]
  ? [ProjectCreditOrderingEnum] extends [ProjectCreditOrdering] ? true : never
  : never;
const sameOrderings: SameOrderings = true;
void sameOrderings;

/** Filters and paging of `list` and `count`. */
export interface ProjectCreditQuery {
  /** Organization name (server-side match). */
  customer_name?: string;
  /** Organization slug. */
  customer_slug?: string;
  /** Organization UUID, hex or hyphenated. */
  customer_uuid?: string;
  /** Project name (server-side match). */
  project_name?: string;
  /** Project UUID, hex or hyphenated. */
  project_uuid?: string;
  /** Free-text search. */
  query?: string;
  /** Ordering: one value or several, sent comma-joined (`o=-value,end_date`). */
  o?: ProjectCreditOrdering | readonly ProjectCreditOrdering[];
  /** The page to fetch, from 1. */
  page?: number;
  /** Items per page, from 1 (the server caps it at 300). */
  page_size?: number;
}

type WireQuery = NonNullable<ProjectCreditsListData['query']>;

const ORDERINGS: ReadonlySet<string> = new Set<ProjectCreditOrdering>([
  'value', '-value', 'end_date', '-end_date', 'expected_consumption', '-expected_consumption', 'project_name', '-project_name',
]);
const LOGICS: ReadonlySet<string> = new Set<MinimalConsumptionLogic>(['fixed', 'linear']);

// ---------------------------------------------------------------------------------------------
// Reading

/** A response that is not what the API promises; the caller turns it into a WaldurResponseError. */
export class ShapeError extends Error {}

/** Reads one known field of a credit; throws {@link ShapeError} naming `path` when it has the wrong type. */
type FieldReader = (value: unknown, path: string) => unknown;

const readUuid: FieldReader = (value, path) => {
  const uuid = canonicalUuid(value);
  if (uuid === undefined) throw new ShapeError(`${path} is ${describe(value)}, not a UUID`);
  return uuid;
};
const readDecimal: FieldReader = (value, path) => {
  try {
    return fromWireDecimal(value);
  } catch (error) {
    throw new ShapeError(`${path} is ${error instanceof NotADecimal ? error.message : 'not a decimal'}`);
  }
};
const readString: FieldReader = (value, path) => {
  if (typeof value !== 'string') throw new ShapeError(`${path} is ${describe(value)}, not a string`);
  return value;
};
const readBoolean: FieldReader = (value, path) => {
  if (typeof value !== 'boolean') throw new ShapeError(`${path} is ${describe(value)}, not a boolean`);
  return value;
};
const readDate: FieldReader = (value, path) => (value === null ? null : readString(value, path));

/** The fields this SDK knows, each with its reader; every other field goes to `extraFields`. */
const READERS: ReadonlyMap<string, FieldReader> = new Map<string, FieldReader>([
  ['uuid', readUuid],
  ['url', readString],
  ['value', readDecimal],
  ['project', readString],
  ['project_name', readString],
  ['project_uuid', readUuid],
  ['project_slug', readString],
  ['customer_name', readString],
  ['customer_slug', readString],
  ['customer_uuid', readUuid],
  ['customer_credit', readDecimal],
  ['allocated_customer_credit', readDecimal],
  ['consumption_last_month', readDecimal],
  ['offerings', (value, path) => readOfferings(value, path)],
  ['end_date', readDate],
  ['expected_consumption', readDecimal],
  ['minimal_consumption', readDecimal],
  ['minimal_consumption_logic', readString],
  ['grace_coefficient', readDecimal],
  ['apply_as_minimal_consumption', readBoolean],
  ['mark_unused_credit_as_spent_on_project_termination', readBoolean],
]);

const NO_EXTRA_FIELDS: Readonly<Record<string, unknown>> = Object.freeze(Object.create(null) as Record<string, unknown>);

/**
 * Reads one credit from the server. Liberal: missing fields stay missing, enum values this SDK
 * does not know pass through, fields it does not know are kept in `extraFields`. Strict about
 * what it converts: a known field of the wrong type is a {@link ShapeError}, never a silent
 * `undefined`, and an amount is exact or refused.
 */
export function readCredit(raw: unknown, where = 'credit'): ProjectCredit {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ShapeError(`${where} is ${describe(raw)}, not an object`);
  }
  const wire = raw as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  let extra: Record<string, unknown> | undefined;
  for (const field in wire) {
    const read = READERS.get(field);
    if (read) out[field] = read(wire[field], `${where}.${field}`);
    // A prototype-less object: a `__proto__` key from the server is just a key.
    else (extra ??= Object.create(null) as Record<string, unknown>)[field] = wire[field];
  }
  if (out.uuid === undefined) throw new ShapeError(`${where}.uuid is missing: the server does not look like a compatible Waldur`);
  out.extraFields = extra ?? NO_EXTRA_FIELDS;
  return out as unknown as ProjectCredit;
}

function readOfferings(raw: unknown, where: string): NestedPublicOffering[] {
  if (!Array.isArray(raw)) throw new ShapeError(`${where} is ${describe(raw)}, not an array`);
  return raw.map((item, i) => {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      throw new ShapeError(`${where}.${i} is ${describe(item)}, not an object`);
    }
    const offering = item as Record<string, unknown>;
    if (!('uuid' in offering)) return offering;
    const uuid = canonicalUuid(offering.uuid);
    if (uuid === undefined) throw new ShapeError(`${where}.${i}.uuid is ${describe(offering.uuid)}, not a UUID`);
    offering.uuid = uuid;
    return offering;
  });
}

// ---------------------------------------------------------------------------------------------
// Writing

/**
 * Fields the server renders but never accepts, and `extraFields`: ignored in input, so a read
 * credit can be sent back as it is.
 */
const READ_ONLY_FIELDS: ReadonlySet<string> = new Set([
  'uuid', 'url', 'project_name', 'project_uuid', 'project_slug', 'customer_name', 'customer_slug', 'customer_uuid',
  'customer_credit', 'allocated_customer_credit', 'consumption_last_month', 'offerings', 'minimal_consumption',
  'spendable_value', 'creditable_cost_this_month', 'is_limited_by_organization_credit', 'extraFields',
]);

const DECIMAL_LIMITS: Record<string, DecimalLimits> = {
  value: MONEY,
  expected_consumption: SIGNED_MONEY,
  grace_coefficient: GRACE_COEFFICIENT,
};

/**
 * Turns a caller's input into the body of a create or update: every field checked, decimals as
 * plain strings, the project as its API URL. With `partial`, only the fields given are sent and
 * `project` may be left out. Unknown fields are an error: nothing the caller wrote is dropped.
 */
export function writeCredit(input: unknown, baseUrl: string, partial: true): PatchedProjectCreditRequest;
export function writeCredit(input: unknown, baseUrl: string, partial: false): ProjectCreditRequest;
export function writeCredit(input: unknown, baseUrl: string, partial: boolean): PatchedProjectCreditRequest {
  if (input === null || typeof input !== 'object' || Array.isArray(input) || Decimal.isDecimal(input)) {
    throw new WaldurInputError('input', `expected an object of credit fields, got ${describe(input)}`);
  }
  const body: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(input)) {
    if (value === undefined || READ_ONLY_FIELDS.has(field)) continue;
    body[field] = writeField(field, value, baseUrl);
  }
  if (!partial && body.project === undefined) {
    throw new WaldurInputError('project', 'is required: a project UUID or its API URL');
  }
  return body as PatchedProjectCreditRequest;
}

function writeField(field: string, value: unknown, baseUrl: string): unknown {
  const limits = DECIMAL_LIMITS[field];
  if (limits) return toWireDecimal(value, field, limits);
  switch (field) {
    case 'project':
      return projectUrl(value, baseUrl);
    case 'end_date':
      return value === null ? null : calendarDate(value, field);
    case 'minimal_consumption_logic':
      if (typeof value === 'string' && LOGICS.has(value)) return value;
      throw new WaldurInputError(field, `expected "fixed" or "linear", got ${describe(value)}`);
    case 'apply_as_minimal_consumption':
    case 'mark_unused_credit_as_spent_on_project_termination':
      if (typeof value === 'boolean') return value;
      throw new WaldurInputError(field, `expected true or false, got ${describe(value)}`);
    default:
      throw new WaldurInputError(field, 'is not a writable field of a project credit');
  }
}

const PROJECT_PATH = /\/api\/projects\/([^/]+)\/?$/;

/** A project UUID, or a project URL of the shape `…/api/projects/{uuid}/`, as `{baseUrl}/api/projects/{hex}/`. */
function projectUrl(value: unknown, baseUrl: string): string {
  if (typeof value !== 'string') {
    throw new WaldurInputError('project', `expected a project UUID or URL, got ${describe(value)}`);
  }
  let uuid = canonicalUuid(value);
  if (uuid === undefined) {
    let url: URL | undefined;
    try {
      url = new URL(value);
    } catch {
      url = undefined;
    }
    const match = url && /^https?:$/.test(url.protocol) && !url.search && !url.hash ? PROJECT_PATH.exec(url.pathname) : null;
    uuid = match ? canonicalUuid(match[1]) : undefined;
    if (uuid === undefined) {
      throw new WaldurInputError('project', `expected a project UUID or a URL like ${baseUrl}/api/projects/{uuid}/, got ${describe(value)}`);
    }
  }
  return `${baseUrl}/api/projects/${wireUuid(uuid)}/`;
}

/** A real calendar date `YYYY-MM-DD` (no 2027-02-30), else a {@link WaldurInputError}. */
function calendarDate(value: unknown, field: string): string {
  const m = typeof value === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) : null;
  if (m) {
    const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const date = new Date(Date.UTC(year, month - 1, day));
    if (date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day && year >= 1) {
      return value as string;
    }
  }
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
      out[key] = wireUuid(parseUuidInput(value, key));
    } else if (key === 'o') {
      out.o = writeOrdering(value);
    } else if (key === 'page' || key === 'page_size') {
      if (!Number.isSafeInteger(value) || (value as number) < 1) {
        throw new WaldurInputError(key, `expected a whole number of at least 1, got ${describe(value)}`);
      }
      out[key] = value as number;
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
