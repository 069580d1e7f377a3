/**
 * DRF, django-filter and Django as the fake needs them: how a field is parsed, how a query
 * parameter and a UUID are read, how a Link URL is built, and the framework's messages, word for
 * word (Python's own type names and `str()` included).
 */
import type { Exact } from './exact.js';
import { toPlain } from './exact.js';
import type { Writable } from './profiles.js';

/** A response the routing builds, before headers common to all: DRF's `Response`. */
export class Answer {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {}
}

/** DRF's 404 of a detail URL it cannot find (or that the user may not see). */
export const NOT_FOUND = 'No ProjectCredit matches the given query.';
/** DRF's 403. */
export const FORBIDDEN = 'You do not have permission to perform this action.';

/** DRF's message for a field it refuses. */
export interface FieldError {
  error: string;
}

/** One writable field as DRF parses it: the value to store, or DRF's message. */
export function acceptField(kind: Exclude<Writable, { kind: 'project' }>, raw: unknown): string | boolean | null | FieldError {
  switch (kind.kind) {
    case 'decimal': {
      const parsed = drfDecimal(raw, kind.maxDigits, kind.places, kind.min0);
      return 'error' in parsed ? parsed : toPlain(parsed, kind.places);
    }
    case 'date': {
      if (raw === null) return null;
      // DRF's DateField with ISO 8601: Django's parse_date (YYYY-M-D too), a real calendar date.
      const [, year = '', month = '', day = ''] = (typeof raw === 'string' && /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(raw)) || [];
      const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
      if (year === '' || date.getUTCMonth() !== Number(month) - 1 || date.getUTCDate() !== Number(day) || Number(year) < 1) {
        return { error: 'Date has wrong format. Use one of these formats instead: YYYY-MM-DD.' };
      }
      return `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
    }
    case 'choice': {
      const text = pythonStr(raw);
      return kind.choices.includes(text) ? text : { error: `"${text}" is not a valid choice.` };
    }
    case 'boolean': {
      // DRF's BooleanField: TRUE_VALUES and FALSE_VALUES.
      if (raw === true || raw === 1 || (typeof raw === 'string' && TRUE_TEXT.has(raw))) return true;
      if (raw === false || raw === 0 || (typeof raw === 'string' && FALSE_TEXT.has(raw))) return false;
      return { error: 'Must be a valid boolean.' };
    }
  }
}

const TRUE_TEXT = new Set(['t', 'T', 'y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON', '1']);
const FALSE_TEXT = new Set(['f', 'F', 'n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF', '0']);

/**
 * DRF's DecimalField: `Decimal(str(data).strip())`, then validate_precision on the digits Python's
 * Decimal keeps (leading zeros dropped, trailing ones kept), then the MinValueValidator. Messages
 * from max_digits and decimal_places: captures "POST value with 6 decimal places", "POST value as
 * a JSON number with 12 integer digits", "POST negative value".
 */
function drfDecimal(raw: unknown, maxDigits: number, places: number, min0: boolean): Exact | FieldError {
  const text =
    typeof raw === 'number'
      ? Number.isInteger(raw) && Math.abs(raw) < 1e21
        ? BigInt(raw).toString()
        : String(raw)
      : typeof raw === 'string'
        ? raw.trim()
        : undefined;
  if (text !== undefined && text.length > 1000) return { error: 'String value too large.' };
  const m = text === undefined ? null : /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!m || `${m[2]}${m[3] ?? ''}` === '') return { error: 'A valid number is required.' };
  const [, sign = '', int = '', frac = '', exp = '0'] = m;
  const exponent = Number(exp) - frac.length;
  const coefficient = `${int}${frac}`.replace(/^0+(?=\d)/, '');
  const n = coefficient === '0' ? 1 : coefficient.length;
  let total: number, whole: number, decimals: number;
  if (exponent >= 0) [total, whole, decimals] = [n + exponent, n + exponent, 0];
  else if (n > -exponent) [total, whole, decimals] = [n, n + exponent, -exponent];
  else [total, whole, decimals] = [-exponent, 0, -exponent];
  if (total > maxDigits) return { error: `Ensure that there are no more than ${maxDigits} digits in total.` };
  if (decimals > places) return { error: `Ensure that there are no more than ${places} decimal places.` };
  if (whole > maxDigits - places) return { error: `Ensure that there are no more than ${maxDigits - places} digits before the decimal point.` };
  // quantize to `places`: exact, since there are no more places than that
  const units = BigInt(coefficient) * 10n ** BigInt(exponent + places) * (sign === '-' ? -1n : 1n);
  if (min0 && units < 0n) return { error: 'Ensure this value is greater than or equal to 0.' };
  return { units, scale: places };
}

/** A UUID as Python's `uuid.UUID()` reads it (hyphens anywhere, braces, `urn:uuid:`, any case), as 32 lower-case hex digits. */
export function hexUuid(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value
    .trim()
    .replace(/urn:|uuid:/gi, '')
    .replace(/^\{|\}$/g, '')
    .replaceAll('-', '');
  return /^[0-9a-f]{32}$/i.test(text) ? text.toLowerCase() : undefined;
}

/** Python's `int()` of a query parameter (surrounding spaces and a sign allowed), else `undefined`. */
export function pythonInt(text: string | undefined): number | undefined {
  const t = text?.trim();
  return t !== undefined && /^[+-]?\d+$/.test(t) ? Number(t) : undefined;
}

/** Python's type name of a JSON value, for DRF's messages. */
export function pythonType(value: unknown): string {
  if (value === null) return 'NoneType';
  if (Array.isArray(value)) return 'list';
  switch (typeof value) {
    case 'string':
      return 'str';
    case 'boolean':
      return 'bool';
    case 'number':
      return Number.isInteger(value) ? 'int' : 'float';
    default:
      return 'dict';
  }
}

/** Python's `str()` of a JSON value, for DRF's messages. */
function pythonStr(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  return typeof value === 'number' ? String(value) : JSON.stringify(value);
}

/**
 * A Link URL as DRF's replace_query_param / remove_query_param build it: the query re-encoded
 * with its keys sorted (capture: GET o=-value&page_size=2 has `?o=-value&page=2&page_size=2`,
 * and `o=-value%2Cproject_name`); page 1 has no `page`.
 */
export function pageUrl(url: URL, page: number): string {
  const groups = new Map<string, string[]>();
  for (const [key, value] of url.searchParams) {
    if (key === 'page') continue;
    groups.set(key, [...(groups.get(key) ?? []), value]);
  }
  if (page !== 1) groups.set('page', [String(page)]);
  const query = [...groups]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .flatMap(([key, values]) => values.map((value) => `${quotePlus(key)}=${quotePlus(value)}`))
    .join('&');
  return `${url.origin}${url.pathname}${query ? `?${query}` : ''}`;
}

/** Python's `urllib.parse.quote_plus`. */
function quotePlus(text: string): string {
  return encodeURIComponent(text)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replaceAll('%20', '+');
}
