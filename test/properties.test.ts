/** Property tests of the decimal and UUID parsers and serializers: exact round-trips, junk refused. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { zGraceCoefficient, zMoney, zSignedMoney } from '../generated/zod.gen.js';
import { Decimal, fromWireDecimal, GRACE_COEFFICIENT, MONEY, NotADecimal, SIGNED_MONEY, toWireDecimal } from '../src/decimal.js';
import { WaldurInputError } from '../src/errors.js';
import { canonicalUuid, parseUuidInput } from '../src/uuid.js';

/** A decimal string the server can store: up to 11 integer digits, up to 5 decimal places. */
const storable = fc
  .tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 99_999_999_999n }), fc.stringMatching(/^\d{0,5}$/))
  .map(([negative, int, frac]) => `${negative ? '-' : ''}${int}${frac ? `.${frac}` : ''}`);

function refusesOrConforms(run: () => string, pattern: { safeParse: (v: unknown) => { success: boolean } }) {
  try {
    const wire = run();
    expect(pattern.safeParse(wire).success).toBe(true);
  } catch (error) {
    expect(error).toBeInstanceOf(WaldurInputError);
  }
}

describe('decimals', () => {
  it('a storable decimal string goes out with exactly its value, in the form the API document allows', () => {
    fc.assert(
      fc.property(storable, (text) => {
        const wire = toWireDecimal(text, 'expected_consumption', SIGNED_MONEY);
        expect(new Decimal(wire).equals(new Decimal(text))).toBe(true);
        expect(wire).not.toMatch(/e/i);
        expect(zSignedMoney.safeParse(wire).success).toBe(true);
        expect(fromWireDecimal(wire)!.equals(new Decimal(text))).toBe(true);
      }),
    );
  });

  it('a decimal read from the wire is built exactly as decimal.js builds it (same words, exponent and sign)', () => {
    // fromWireDecimal builds plain decimals in decimal.js's own representation, without its
    // parser: any difference in the digit words would make later arithmetic wrong.
    const plain = fc
      .tuple(fc.boolean(), fc.stringMatching(/^\d{1,40}$/), fc.stringMatching(/^\d{1,40}$/))
      .map(([negative, int, frac]) => `${negative ? '-' : ''}${int}.${frac}`);
    fc.assert(
      fc.property(plain, (text) => {
        const read = fromWireDecimal(text) as unknown as { d: number[]; e: number; s: number };
        const reference = new Decimal(text) as unknown as { d: number[]; e: number; s: number };
        expect({ d: [...read.d], e: read.e, s: read.s }).toEqual({ d: reference.d, e: reference.e, s: reference.s });
        expect(read.d.length).toBe(reference.d.length);
        expect((read as unknown as Decimal).times(3).plus('0.00001').toFixed()).toBe(new Decimal(text).times(3).plus('0.00001').toFixed());
      }),
      { numRuns: 2000 },
    );
  });

  it('a Decimal and its string give the same wire text', () => {
    fc.assert(
      fc.property(storable, (text) => {
        expect(toWireDecimal(new Decimal(text), 'x', SIGNED_MONEY)).toBe(toWireDecimal(text, 'x', SIGNED_MONEY));
      }),
    );
  });

  it('server-rendered decimals (5 places, as DRF writes them) read back and go out unchanged in value', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 9_999_999_999_999_999n }), (units) => {
        const rendered = `${units / 100_000n}.${(units % 100_000n).toString().padStart(5, '0')}`;
        const read = fromWireDecimal(rendered)!;
        expect(read.toFixed(5)).toBe(rendered);
        expect(new Decimal(toWireDecimal(read, 'value', MONEY)).toFixed(5)).toBe(rendered);
      }),
    );
  });

  it('too many decimal places are refused, never rounded', () => {
    fc.assert(
      fc.property(storable, fc.integer({ min: 1, max: 9 }), (text, digit) => {
        const longer = `${text}${text.includes('.') ? '' : '.'}${'0'.repeat(Math.max(0, 5 - (text.split('.')[1]?.length ?? 0)))}${digit}`;
        expect(() => toWireDecimal(longer, 'value', SIGNED_MONEY)).toThrow(/decimal places/);
      }),
    );
  });

  it('finite numbers go out as their shortest round-trip text, or are refused', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (n) => {
        try {
          const wire = toWireDecimal(n, 'expected_consumption', SIGNED_MONEY);
          expect(new Decimal(wire).equals(new Decimal(n))).toBe(true);
          expect(Number(wire)).toBe(Object.is(n, -0) ? 0 : n);
        } catch (error) {
          expect(error).toBeInstanceOf(WaldurInputError);
        }
      }),
    );
  });

  it('anything at all either becomes a document-conforming decimal or a WaldurInputError', () => {
    const junk = fc.oneof(fc.anything(), fc.string(), fc.double(), fc.stringMatching(/^[-+\d.eE ]{0,20}$/));
    fc.assert(
      fc.property(junk, (value) => {
        refusesOrConforms(() => toWireDecimal(value, 'value', MONEY), zMoney);
        refusesOrConforms(() => toWireDecimal(value, 'expected_consumption', SIGNED_MONEY), zSignedMoney);
        refusesOrConforms(() => toWireDecimal(value, 'grace_coefficient', GRACE_COEFFICIENT), zGraceCoefficient);
      }),
      { numRuns: 2000 },
    );
  });

  it('reading anything the server might send gives a finite Decimal, null, or a NotADecimal saying why', () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), fc.double(), fc.string({ unit: fc.constantFrom(...'0123456789.-+eE ') })), (value) => {
        let read: unknown;
        try {
          read = fromWireDecimal(value);
        } catch (error) {
          expect(error).toBeInstanceOf(NotADecimal);
          expect((error as Error).message.length).toBeLessThan(300);
          return;
        }
        expect(read === null || Decimal.isDecimal(read)).toBe(true);
        if (Decimal.isDecimal(read)) expect(read.isFinite()).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('UUIDs', () => {
  const anyCase = (s: string, upper: boolean[]) => [...s].map((c, i) => (upper[i % upper.length] ? c.toUpperCase() : c)).join('');

  it('hex and hyphenated forms, in any case, have one canonical form, the one sent on the wire', () => {
    fc.assert(
      fc.property(fc.uuid(), fc.array(fc.boolean(), { minLength: 1 }), (uuid, upper) => {
        const canonical = uuid.toLowerCase();
        expect(canonicalUuid(anyCase(uuid, upper))).toBe(canonical);
        expect(canonicalUuid(anyCase(uuid.replaceAll('-', ''), upper))).toBe(canonical);
        expect(canonical).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
        expect(parseUuidInput(anyCase(uuid.replaceAll('-', ''), upper), 'uuid')).toBe(canonical);
      }),
    );
  });

  it('junk is a WaldurInputError, and whatever is accepted is a canonical UUID', () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), fc.string(), fc.stringMatching(/^[0-9a-fA-F-]{30,40}$/)), (value) => {
        try {
          expect(parseUuidInput(value, 'uuid')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
        } catch (error) {
          expect(error).toBeInstanceOf(WaldurInputError);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
