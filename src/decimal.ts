/**
 * Money and other decimals. The wire carries strings (`"100.00000"`), sometimes JSON numbers;
 * callers hold `Decimal`s. Nothing is ever rounded on the way in or out.
 */
import { Decimal as DecimalJs } from 'decimal.js';
import { WaldurInputError } from './errors.js';
import { describe } from './uuid.js';

/**
 * decimal.js's `Decimal`, re-exported so that an app and this SDK share one class. Every amount
 * the SDK returns is one; compare with `.equals()`/`.gt()`, format with `.toFixed(2)`.
 *
 * @example
 * ```ts
 * import { Decimal } from 'waldur-project-credits';
 * const total = credits.reduce((sum, c) => sum.plus(c.value ?? 0), new Decimal(0));
 * ```
 */
export const Decimal = DecimalJs;
/** An exact decimal number (decimal.js). */
export type Decimal = DecimalJs;

/** A decimal as a caller may give it: a `Decimal`, a plain decimal string (`"100.5"`), or a finite number. */
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

/** Money fields: `DecimalField(max_digits=16, decimal_places=5)` on the server. */
export const MONEY: DecimalLimits = { integerDigits: 11, decimalPlaces: 5, allowNegative: false };
/** Money that may go below zero (`expected_consumption`). */
export const SIGNED_MONEY: DecimalLimits = { ...MONEY, allowNegative: true };
/** `grace_coefficient`: a whole number of at most 3 digits. */
export const GRACE_COEFFICIENT: DecimalLimits = { integerDigits: 3, decimalPlaces: 0, allowNegative: false };

const PLAIN_DECIMAL = /^[+-]?\d+(\.\d+)?$/;

/**
 * Checks a caller's decimal against the server's limits and returns it as the plain decimal
 * string the server expects (no exponent, no rounding). Throws {@link WaldurInputError}.
 */
export function toWireDecimal(value: unknown, field: string, limits: DecimalLimits): string {
  const d = toDecimal(value, field);
  if (d.isNegative() && !d.isZero() && !limits.allowNegative) {
    throw new WaldurInputError(field, `must not be negative, got ${d.toFixed()}`);
  }
  if (d.decimalPlaces() > limits.decimalPlaces) {
    throw new WaldurInputError(
      field,
      limits.decimalPlaces === 0
        ? `must be a whole number, got ${d.toFixed()}`
        : `has ${d.decimalPlaces()} decimal places, the server stores at most ${limits.decimalPlaces} (refusing to round ${d.toFixed()})`,
    );
  }
  if (d.abs().gte(new Decimal(10).pow(limits.integerDigits))) {
    throw new WaldurInputError(field, `has more than ${limits.integerDigits} digits before the decimal point (${d.toFixed()})`);
  }
  return d.isZero() ? '0' : d.toFixed();
}

function toDecimal(value: unknown, field: string): Decimal {
  if (Decimal.isDecimal(value)) {
    const d = value as Decimal;
    if (!d.isFinite()) throw new WaldurInputError(field, `must be a finite decimal, got ${d.toString()}`);
    return new Decimal(d);
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

/**
 * Reads a decimal the server sent: a decimal string exactly as written, a JSON number through its
 * shortest round-trip text, `null` as `null`. `undefined` when the value is none of those.
 */
export function fromWireDecimal(value: unknown): Decimal | null | undefined {
  if (typeof value === 'string') {
    // DRF's own form first (one cheap test on the hot path), then any other decimal notation.
    if (DRF_DECIMAL.test(value)) return new DecimalJs(value);
    const text = value.trim();
    return WIRE_DECIMAL.test(text) ? new DecimalJs(text) : undefined;
  }
  if (value === null) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? new DecimalJs(value) : undefined;
  return undefined;
}

const DRF_DECIMAL = /^-?\d+\.\d+$/;
const WIRE_DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

