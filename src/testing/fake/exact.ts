/**
 * Exact decimals: the fake stores and adds money exactly, as PostgreSQL's numeric does, with
 * bigints of its own (an oracle shares no code with the SDK it checks).
 */

/** An exact decimal: `units / 10^scale`. */
export interface Exact {
  units: bigint;
  scale: number;
}

/**
 * A plain decimal string (optional sign, no exponent) as an exact decimal; `undefined` if it is not
 * one. A stored value that is not a string (a seed's number, `undefined`) is read as `String` writes it.
 */
export function exactOf(value: unknown): Exact | undefined {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(String(value).trim());
  if (!m || `${m[2]}${m[3] ?? ''}` === '') return undefined;
  const frac = m[3] ?? '';
  return { units: BigInt(`${m[2] || '0'}${frac}`) * (m[1] === '-' ? -1n : 1n), scale: frac.length };
}

/** `a`'s units at a larger `scale`. */
function rescale(a: Exact, scale: number): bigint {
  return a.units * 10n ** BigInt(scale - a.scale);
}

/** `a + b`, exactly. */
export function plus(a: Exact, b: Exact): Exact {
  const scale = Math.max(a.scale, b.scale);
  return { units: rescale(a, scale) + rescale(b, scale), scale };
}

/** -1, 0 or 1 as `a` is less than, equal to or greater than `b`. */
export function compare(a: Exact, b: Exact): number {
  const scale = Math.max(a.scale, b.scale);
  const [x, y] = [rescale(a, scale), rescale(b, scale)];
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Plain decimal text: with exactly `places` places when given (never fewer than needed), else without trailing zeros. */
export function toPlain(a: Exact, places?: number): string {
  const scale = places !== undefined && places > a.scale ? places : a.scale;
  const units = rescale(a, scale);
  const digits = (units < 0n ? -units : units).toString().padStart(scale + 1, '0');
  let int = digits.slice(0, digits.length - scale);
  let frac = digits.slice(digits.length - scale);
  if (places === undefined) frac = frac.replace(/0+$/, '');
  int = int.replace(/^0+(?=\d)/, '');
  return `${units < 0n ? '-' : ''}${int}${frac ? `.${frac}` : ''}`;
}

/** A money amount given in an option (string or number) as a decimal string with 5 places. */
export function moneyText(value: unknown): string {
  const e = exactOf(value);
  if (!e) throw new TypeError(`an organization credit must be a decimal, got ${JSON.stringify(value)}`);
  return toPlain(e, 5);
}

/** A decimal as DRF renders a DecimalField: a string with exactly `places` decimal places. */
export function decimalText(text: string, places: number): string {
  const e = exactOf(text);
  if (!e) throw new TypeError(`not a decimal: ${JSON.stringify(text)}`);
  return toPlain(e, places);
}
