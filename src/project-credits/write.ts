/**
 * Writing: a caller's input becomes the exact body and query the server expects, or a
 * {@link WaldurInputError} before any request. Each field is checked as its row of `fields.ts`
 * says.
 */
import type { PatchedProjectCreditRequest, ProjectCreditRequest, ProjectCreditsListData } from '../../generated/types.gen.js';
import { Decimal, toWireDecimal } from '../core/decimal.js';
import { WaldurInputError } from '../core/errors.js';
import { SERVER_MAX_PAGE_SIZE } from '../core/paging/sizes.js';
import { describe } from '../core/describe.js';
import { canonicalUuid, parseUuidInput } from '../core/uuid.js';
import { fieldRow, LOGICS, READ_ONLY_FIELDS } from './fields.js';
import type { ServerVocabulary } from './read.js';
import type { ProjectCreditOrdering } from './types.js';

type WireQuery = NonNullable<ProjectCreditsListData['query']>;

/** The orderings the server accepts, every value of the document's enum (the check below proves it). */
const ORDERING_VALUES = [
  'value',
  '-value',
  'end_date',
  '-end_date',
  'expected_consumption',
  '-expected_consumption',
  'project_name',
  '-project_name',
] as const satisfies readonly ProjectCreditOrdering[];
const _everyOrdering: [Exclude<ProjectCreditOrdering, (typeof ORDERING_VALUES)[number]>] extends [never] ? true : never = true;
const ORDERINGS: ReadonlySet<string> = new Set(ORDERING_VALUES);

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
  return body;
}

function writeField(field: string, value: unknown, baseUrl: string, vocabulary: ServerVocabulary | undefined): unknown {
  const row = fieldRow(field);
  if (!row?.writable) throw new WaldurInputError(field, 'is not a writable field of a project credit');
  switch (row.kind) {
    case 'decimal':
      if (row.limits) return toWireDecimal(value, field, row.limits);
      break;
    case 'boolean':
      return checked(field, value, booleanProblem(value));
    case 'project':
      return projectUrl(value, baseUrl);
    case 'date':
      return checked(field, value, dateProblem(value));
    case 'enum':
      return checked(field, value, logicProblem(value, vocabulary?.logics));
  }
  throw new WaldurInputError(field, 'is not a writable field of a project credit');
}

/** `value`, or a {@link WaldurInputError} of `field` when there is a `problem` with it. */
function checked(field: string, value: unknown, problem: string | undefined): unknown {
  if (problem !== undefined) throw new WaldurInputError(field, problem);
  return value;
}

// The checks below are shared with the zod entry (src/zod/), whose schemas must accept and refuse
// exactly what writeCredit does: they use no decimal.js and no error class.

/** The path of a project's API URL; group 1 is its UUID as written. */
const PROJECT_PATH = /\/api\/projects\/([^/]+)\/?$/;

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
  // The calendar repeats every 400 years: a year of 2000–2399 stands in for it, as Date.UTC reads
  // years 0–99 as 1900–1999. Python's dates start at 0001-01-01.
  const date = new Date(Date.UTC(2000 + (year % 400), month - 1, day));
  return year >= 1 && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** What is wrong with `value` as a true-or-false field; `undefined` when nothing is. */
export function booleanProblem(value: unknown): string | undefined {
  return typeof value === 'boolean' ? undefined : `expected true or false, got ${describe(value)}`;
}

/** What is wrong with `value` as `end_date` (a calendar date, or `null` for none); `undefined` when nothing is. */
export function dateProblem(value: unknown): string | undefined {
  return value === null || isCalendarDate(value) ? undefined : `expected a calendar date YYYY-MM-DD or null, got ${describe(value)}`;
}

/**
 * What is wrong with `value` as `minimal_consumption_logic`: `fixed`, `linear`, or one of `logics`,
 * the values this server has sent; `undefined` when nothing is.
 */
export function logicProblem(value: unknown, logics: ReadonlySet<string> | undefined): string | undefined {
  if (typeof value === 'string' && (LOGICS.has(value) || logics?.has(value))) return undefined;
  const read = logics?.size ? ` (or a value this server sent: ${[...logics].map((v) => JSON.stringify(v)).join(', ')})` : '';
  return `expected "fixed" or "linear"${read}, got ${describe(value)}`;
}

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
  const list: unknown[] | undefined = typeof value === 'string' ? [value] : Array.isArray(value) ? value : undefined;
  if (!list) throw new WaldurInputError('o', `expected an ordering or a list of them, got ${describe(value)}`);
  for (const item of list) {
    if (typeof item !== 'string' || !ORDERINGS.has(item)) {
      throw new WaldurInputError('o', `expected one of ${[...ORDERINGS].join(', ')}, got ${describe(item)}`);
    }
  }
  return [...list] as ProjectCreditOrdering[];
}
