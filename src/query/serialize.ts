// The hydration serializers (SSR, persisted caches): each Decimal tagged in JSON and read back
// exactly, and the check that a hydrated cache holds Decimals again.
import { Decimal, WaldurInputError } from 'waldur-project-credits';
import { isPlain, put } from './plain.js';

/** The tag a serialized `Decimal` carries; no server field is named so. */
const DECIMAL_TAG = '$waldurDecimal';
/**
 * The longest tagged decimal read back: every amount the SDK reads (at most 100 characters as the
 * server wrote it, within ±1e40) is shorter written out in plain digits.
 */
const TAGGED_LENGTH = 150;
/** The magnitudes the SDK reads: none beyond ±1e40 or finer than 1e-40. */
const TAGGED_EXPONENT = 40;

/**
 * Query data made JSON-safe for `dehydrate` (SSR, persisted caches): each `Decimal` becomes
 * `{ "$waldurDecimal": "<exact digits>" }`; {@link deserializeQueryData} reverses it.
 *
 * @example
 * ```ts
 * const state = dehydrate(queryClient, { serializeData: serializeQueryData });
 * hydrate(browserClient, JSON.parse(JSON.stringify(state)), { defaultOptions: { deserializeData: deserializeQueryData } });
 * ```
 *
 * @group Query
 */
export function serializeQueryData(data: unknown): unknown {
  if (Decimal.isDecimal(data)) return { [DECIMAL_TAG]: data.toFixed() };
  if (Array.isArray(data)) return data.map(serializeQueryData);
  if (!isPlain(data)) return data;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(data)) put(out, key, serializeQueryData(data[key]));
  return out;
}

/**
 * Query data read back from {@link serializeQueryData}'s form: the `Decimal`s are `Decimal`s again,
 * exact. A tagged decimal is read with the limits the SDK reads amounts with: plain digits
 * (`-12.5`; no `NaN`, `Infinity` or exponent), within ±1e40; anything else (or a tag beside other
 * keys) throws a `WaldurInputError`, so `hydrate` fails rather than hold a wrong amount. A `__proto__`
 * key is an own property, never a prototype.
 *
 * @group Query
 */
export function deserializeQueryData(data: unknown): unknown {
  if (Array.isArray(data)) return data.map(deserializeQueryData);
  if (!isPlain(data)) return data;
  if (Object.hasOwn(data, DECIMAL_TAG)) return tagged(data);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(data)) put(out, key, deserializeQueryData(data[key]));
  return out;
}

function tagged(data: Record<string, unknown>): Decimal {
  const text = data[DECIMAL_TAG];
  if (Object.keys(data).length === 1 && typeof text === 'string' && text.length <= TAGGED_LENGTH && /^-?\d+(\.\d+)?$/.test(text)) {
    const d = new Decimal(text);
    if (d.isZero() || Math.abs(d.e) <= TAGGED_EXPONENT) return d;
  }
  const shown = typeof text === 'string' && text.length <= 40 ? JSON.stringify(text) : typeof text;
  throw new WaldurInputError(
    DECIMAL_TAG,
    `expected plain decimal digits within ±1e${TAGGED_EXPONENT} (as the SDK reads amounts), alone in their object, got ${shown}`,
  );
}

/**
 * Data handed on unchanged once its amounts are `Decimal`s (the first credit's `value` stands for
 * all: every amount goes through the same serializer). Strings there mean a cache hydrated without
 * {@link deserializeQueryData}.
 */
export function checked<T>(data: T): T {
  const items = (data as { items?: unknown } | null)?.items;
  const credit: unknown = Array.isArray(data) ? data[0] : Array.isArray(items) ? items[0] : data;
  if (isPlain(credit) && 'value' in credit && !Decimal.isDecimal(credit.value)) {
    throw new WaldurInputError(
      'deserializeData',
      'cached amounts are strings, not Decimals: the cache was hydrated without deserializeQueryData (give it to hydrate, and serializeQueryData to dehydrate)',
    );
  }
  return data;
}
