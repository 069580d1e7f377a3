/** UUIDs as Waldur writes them (32 hex digits, or hyphenated) and as this SDK returns them. */
import { WaldurInputError } from './errors.js';

const HEX32 = /^[0-9a-f]{32}$/;
const UUID = /^([0-9a-f]{8})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{12})$/i;

/**
 * The canonical form of a UUID written hyphenated or as 32 hex digits, in any case:
 * lowercase and hyphenated (`8f2e4b1c-9d0a-4e6f-8a7b-6c5d4e3f2a1b`). `undefined` when `value`
 * is not a UUID.
 */
export function canonicalUuid(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  // Waldur's usual form, 32 lowercase hex digits, without a capture-group match.
  if (value.length === 32 && HEX32.test(value)) {
    return `${value.slice(0, 8)}-${value.slice(8, 12)}-${value.slice(12, 16)}-${value.slice(16, 20)}-${value.slice(20)}`;
  }
  const m = UUID.exec(value);
  return m ? `${m[1]}-${m[2]}-${m[3]}-${m[4]}-${m[5]}`.toLowerCase() : undefined;
}

/** A UUID from the caller, checked: returns its canonical form or throws {@link WaldurInputError}. */
export function parseUuidInput(value: unknown, field: string): string {
  const uuid = canonicalUuid(value);
  if (uuid === undefined) {
    throw new WaldurInputError(field, `expected a UUID (32 hex digits, hyphens optional), got ${describe(value)}`);
  }
  return uuid;
}


/** A short, safe description of a bad value for an error message. */
export function describe(value: unknown): string {
  if (typeof value === 'string') return value.length > 60 ? `a ${value.length}-character string` : JSON.stringify(value);
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return `${typeof value} ${String(value)}`;
  return typeof value;
}
