/**
 * Money and other decimals. The wire carries strings (`"100.00000"`), sometimes JSON numbers;
 * callers hold `Decimal`s. The SDK never rounds on the way in or out: a JSON number the server
 * computed is read as the decimal the server wrote, any other is exact or refused.
 */
import { Decimal as DecimalJs } from 'decimal.js';
import { WaldurInputError } from './errors.js';
import { describe } from './describe.js';

/**
 * decimal.js's `Decimal`, re-exported so that an app and this SDK share one class. Every amount
 * the SDK returns is one; compare with `.equals()`/`.gt()`, format with `.toFixed(2)`.
 *
 * @example
 * ```ts
 * import { Decimal } from 'waldur-project-credits';
 * const total = credits.reduce((sum, c) => sum.plus(c.value), new Decimal(0));
 * ```
 *
 * @group Values
 */
export const Decimal = DecimalJs;
/**
 * An exact decimal number (decimal.js).
 *
 * @group Values
 */
export type Decimal = DecimalJs;

/**
 * A decimal as a caller may give it: a `Decimal`, a plain decimal string (`"100.5"`), or a finite number.
 *
 * @group Values
 */
export type DecimalInput = Decimal | string | number;

/** What the server can store for one decimal field. */
export interface DecimalLimits {
  /** Most digits before the point. */
  integerDigits: number;
  /** Most digits after the point. */
  decimalPlaces: number;
  /** Whether a value below zero is allowed. */
  allowNegative: boolean;
}

const PLAIN_DECIMAL = /^[+-]?\d+(\.\d+)?$/;

/** A decimal for an error message: exact when short, else its first digits and its magnitude (never a huge string). */
function showDecimal(d: Decimal): string {
  if (!d.isFinite()) return d.toString();
  if (d.sd() <= 40 && d.e >= -40 && d.e <= 40) return d.toFixed();
  return `≈${d.toSignificantDigits(12).toExponential()} (${d.sd()} significant digits)`;
}

/**
 * Checks a caller's decimal against the server's limits and returns it as the plain decimal
 * string the server expects (no exponent, no rounding). Throws {@link WaldurInputError}.
 * Magnitudes are checked before anything is formatted, so `1e999999999` fails at once.
 */
export function toWireDecimal(value: unknown, field: string, limits: DecimalLimits): string {
  const d = toDecimal(value, field);
  if (d.isNegative() && !d.isZero() && !limits.allowNegative) {
    throw new WaldurInputError(field, `must not be negative, got ${showDecimal(d)}`);
  }
  // `e` is the exponent: the value has e + 1 digits before the point.
  if (!d.isZero() && d.e >= limits.integerDigits) {
    throw new WaldurInputError(field, `has more than ${limits.integerDigits} digits before the decimal point (${showDecimal(d)})`);
  }
  const places = d.decimalPlaces();
  if (places > limits.decimalPlaces) {
    throw new WaldurInputError(
      field,
      limits.decimalPlaces === 0
        ? `must be a whole number, got ${showDecimal(d)}`
        : `has ${places} decimal places, the server stores at most ${limits.decimalPlaces} (refusing to round ${showDecimal(d)})`,
    );
  }
  return d.isZero() ? '0' : d.toFixed();
}

function toDecimal(value: unknown, field: string): Decimal {
  if (Decimal.isDecimal(value)) {
    if (!value.isFinite()) throw new WaldurInputError(field, `must be a finite decimal, got ${value.toString()}`);
    return new Decimal(value);
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new WaldurInputError(field, `must be a finite number, got ${value}`);
    // decimal.js reads a number through its shortest round-trip text: 0.1 stays 0.1,
    // while 0.1 + 0.2 (0.30000000000000004) keeps all its digits and fails the limits.
    return new Decimal(value);
  }
  if (typeof value === 'string') {
    if (!PLAIN_DECIMAL.test(value)) {
      throw new WaldurInputError(field, `expected a plain decimal string like "100.5", got ${describe(value)}`);
    }
    return new Decimal(value);
  }
  throw new WaldurInputError(field, `expected a Decimal, a decimal string or a number, got ${describe(value)}`);
}

/** Why a value the server sent is not a decimal this SDK can hold exactly; thrown by {@link fromWireDecimal}. */
export class NotADecimal extends Error {}

/** The largest magnitude read from the server: anything beyond ±10^40 (or finer than 10^-40) is no amount of money. */
const READ_EXPONENT = 40;
/** The longest decimal text read from the server. */
const READ_LENGTH = 100;
/** A JSON number with more significant digits may have been rounded by `JSON.parse` (read only where the server computed it). */
const EXACT_DOUBLE_DIGITS = 15;

/**
 * A `Decimal` from text already known to be a plain decimal (`-?digits[.digits]`, at most
 * {@link READ_LENGTH} characters): the same value `new Decimal(text)` builds (the property tests
 * of `fromWireDecimal` hold the two equal, digit words included), in about half the time, which
 * matters when a page brings thousands of amounts.
 */
function plainDecimal(text: string): Decimal {
  const x = Object.create(DecimalJs.prototype) as { constructor: unknown; s: number; e: number; d: number[] };
  x.constructor = DecimalJs;
  const negative = text.charCodeAt(0) === 45;
  x.s = negative ? -1 : 1;
  const start = negative ? 1 : 0;
  const dot = text.indexOf('.');
  // The digits, the dot left out, are numbered from 0; those from `point` on are decimals.
  const point = (dot < 0 ? text.length : dot) - start;
  const count = text.length - start - (dot < 0 ? 0 : 1);
  let first = 0;
  while (first < count && digitAt(text, start, point, first) === 0) first++;
  if (first === count) {
    x.e = 0;
    x.d = [0];
    return x as unknown as Decimal;
  }
  let end = count;
  while (digitAt(text, start, point, end - 1) === 0) end--;
  // decimal.js keeps digits in words of 7, aligned on the exponent. The array is made exactly as
  // large as it must be (a walk reads thousands of amounts).
  const e = point - first - 1;
  x.e = e;
  let left = (e + 1) % 7;
  if (left <= 0) left += 7;
  const d: number[] = new Array<number>(1 + Math.ceil(Math.max(0, end - first - left) / 7));
  let k = 0;
  let word = 0;
  for (let i = first; i < end; i++) {
    word = word * 10 + digitAt(text, start, point, i);
    if (--left === 0) {
      d[k++] = word;
      word = 0;
      left = 7;
    }
  }
  if (left !== 7) d[k] = word * 10 ** left;
  x.d = d;
  return x as unknown as Decimal;
}

/** Digit `i` of a plain decimal whose digits start at `start` and whose dot follows digit `point - 1`. */
function digitAt(text: string, start: number, point: number, i: number): number {
  return text.charCodeAt(start + i + (i >= point ? 1 : 0)) - 48;
}

/**
 * Reads a decimal the server stores (`value`, `expected_consumption`, `grace_coefficient`): a
 * decimal string exactly as written, `null` as `null`, a JSON number only when it cannot have been
 * rounded on the way (at most 15 significant digits: such a field is sent back by `update`, so a
 * rounded figure would be written back as if it were the stored one).
 * Throws {@link NotADecimal} saying why for anything else: not a decimal, out of range, too long.
 */
export function fromWireDecimal(value: unknown): Decimal | null {
  return readWireDecimal(value, false);
}

/**
 * Reads an amount the server computed (`customer_credit`, `consumption_last_month`, …): a decimal
 * string exactly as written, like {@link fromWireDecimal}, but a JSON number of any precision as
 * the decimal the server wrote. Waldur's JSON encoder writes such an amount as `float(Decimal)`,
 * that is the shortest decimal that round-trips the double (Python's `repr`); `String(number)`
 * gives the same digits, so the number is read as that decimal. Still refused: non-finite numbers
 * and amounts beyond ±10^40.
 */
export function fromComputedAmount(value: unknown): Decimal | null {
  return readWireDecimal(value, true);
}

function readWireDecimal(value: unknown, computed: boolean): Decimal | null {
  if (typeof value === 'string') {
    // DRF's own form first (one cheap test on the hot path), then any other decimal notation.
    if (value.length <= READ_LENGTH && DRF_DECIMAL.test(value)) return inRange(plainDecimal(value));
    const text = value.trim();
    const m = text.length <= READ_LENGTH ? WIRE_DECIMAL.exec(text) : null;
    if (!m)
      throw new NotADecimal(
        text.length > READ_LENGTH ? `a ${text.length}-character string, too long for an amount` : `${describe(value)}, not a decimal`,
      );
    // The exponent is checked as text: decimal.js would turn 1e-99999999999999999 into 0.
    if (m[2] !== undefined && m[2].replace(/^[eE][+-]?0*/, '').length > 4) throw new NotADecimal(`${describe(value)}, out of range`);
    return inRange(new DecimalJs(text));
  }
  if (value === null) return null;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new NotADecimal(`${describe(value)}, not a decimal`);
    // The shortest round-trip digits (ECMAScript's Number::toString, as Python's repr).
    const text = String(value);
    // At most 15 characters means at most 15 digits: the common case needs no counting.
    if (text.length <= EXACT_DOUBLE_DIGITS && PLAIN_DECIMAL.test(text)) return inRange(plainDecimal(text));
    if (!computed && significantDigits(text) > EXACT_DOUBLE_DIGITS) {
      throw new NotADecimal(
        `the JSON number ${text}, which has more than ${EXACT_DOUBLE_DIGITS} significant digits and may have been rounded on the way; ask the server for decimal strings`,
      );
    }
    return inRange(new DecimalJs(text));
  }
  throw new NotADecimal(`${describe(value)}, not a decimal`);
}

function inRange(d: Decimal): Decimal {
  if (!d.isZero() && (d.e > READ_EXPONENT || d.e < -READ_EXPONENT)) {
    throw new NotADecimal(`${showDecimal(d)}, out of range (beyond ±1e${READ_EXPONENT})`);
  }
  return d;
}

/** Significant digits of a double's shortest round-trip text. */
function significantDigits(text: string): number {
  // split always answers one part at least: `?? ''` only types it.
  const mantissa = (text.replace('-', '').split('e')[0] ?? '').replace('.', '');
  return mantissa.replace(/^0+/, '').replace(/0+$/, '').length;
}

const DRF_DECIMAL = /^-?\d+\.\d+$/;
const WIRE_DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
