/** UUIDs as Waldur writes them (32 hex digits, or hyphenated) and as this SDK returns them. */
import { describe } from './describe.js';
import { WaldurInputError } from './errors.js';

const UUID = /^([0-9a-f]{8})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{12})$/i;
/** Where the 32 hex digits go in the hyphenated form; the hyphens are written once, here. */
const HYPHENATED = new Uint8Array(36).fill(45);
const ASCII = new TextDecoder();

/**
 * The canonical form of a UUID written hyphenated or as 32 hex digits, in any case:
 * lowercase and hyphenated (`8f2e4b1c-9d0a-4e6f-8a7b-6c5d4e3f2a1b`), the form of every UUID the
 * SDK returns. `undefined` when `value` is not a UUID.
 *
 * @example
 * ```ts
 * import { canonicalUuid } from 'waldur-project-credits';
 * canonicalUuid('8F2E4B1C9D0A4E6F8A7B6C5D4E3F2A1B'); // '8f2e4b1c-9d0a-4e6f-8a7b-6c5d4e3f2a1b'
 * const mine = credits.filter((c) => c.project_uuid === canonicalUuid(projectIdFromRoute));
 * ```
 *
 * @group Values
 */
export function canonicalUuid(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  // Waldur's usual form, 32 lowercase hex digits: checked and hyphenated in one pass, into one
  // string (slicing and joining would leave five pieces of garbage per UUID; a walk reads thousands).
  if (value.length === 32) {
    for (let i = 0, j = 0; i < 32; i++, j++) {
      const c = value.charCodeAt(i);
      if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return slowCanonicalUuid(value);
      if (j === 8 || j === 13 || j === 18 || j === 23) j++;
      HYPHENATED[j] = c;
    }
    return ASCII.decode(HYPHENATED);
  }
  return slowCanonicalUuid(value);
}

function slowCanonicalUuid(value: string): string | undefined {
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
