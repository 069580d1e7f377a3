// Structural sharing that knows Decimals: the query options' `structuralSharing`.
import { Decimal } from 'waldur-project-credits';
import { isPlain, put } from './plain.js';

/**
 * Data with unchanged parts kept from `previous` (as TanStack's own structural sharing does),
 * where two `Decimal`s are the same when their values are.
 */
export function share(previous: unknown, next: unknown): unknown {
  if (previous === next) return previous;
  if (Decimal.isDecimal(previous) && Decimal.isDecimal(next)) return previous.eq(next) ? previous : next;
  if (Array.isArray(previous) && Array.isArray(next)) {
    const out = next.map((item, i) => share(previous[i], item));
    return previous.length === next.length && out.every((item, i) => item === previous[i]) ? previous : out;
  }
  if (!isPlain(previous) || !isPlain(next)) return next;
  const keys = Object.keys(next);
  const out: Record<string, unknown> = {};
  let same = keys.length === Object.keys(previous).length;
  for (const key of keys) {
    const had = Object.hasOwn(previous, key);
    const value = share(had ? previous[key] : undefined, next[key]);
    put(out, key, value);
    same &&= had && value === previous[key];
  }
  return same ? previous : out;
}
