/**
 * waldur-project-credits/zod: the schemas accept and refuse exactly what the SDK's own input checks
 * (writeCredit, as create/update/patch call it) do, on generated inputs both valid and nearly so.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { writeCredit } from '../../src/project-credits/write.js';
import { Decimal } from '../../src/core/decimal.js';
import { WaldurInputError } from '../../src/core/errors.js';
import { projectCreditInputSchema, projectCreditPatchSchema, projectCreditSchemas } from '../../src/zod/index.js';

const BASE = 'https://waldur.example';

/** What the SDK makes of an input: accepted, or refused on a field. */
function sdk(input: unknown, partial: boolean, logics: readonly string[]): { accepted: true } | { accepted: false; field: string } {
  try {
    writeCredit(input, BASE, partial as false, { logics: new Set(logics) });
    return { accepted: true };
  } catch (error) {
    if (!(error instanceof WaldurInputError)) throw error;
    return { accepted: false, field: error.field };
  }
}

/** What a schema makes of it: accepted, or refused with issues on these fields (`input` for the whole). */
function schema(
  input: unknown,
  partial: boolean,
  logics: readonly string[],
): { accepted: true } | { accepted: false; fields: string[]; messages: string[] } {
  const { input: create, patch } = projectCreditSchemas({ minimalConsumptionLogics: logics });
  const result = (partial ? patch : create).safeParse(input);
  if (result.success) return { accepted: true };
  const { issues } = result.error;
  return {
    accepted: false,
    fields: issues.map((issue) => (issue.path.length ? String(issue.path[0]) : 'input')),
    messages: issues.map((issue) => issue.message),
  };
}

// ---------------------------------------------------------------------------------------------
// Values, valid and nearly so

const digits = (min: number, max: number) => fc.stringMatching(new RegExp(`^\\d{${min},${max}}$`));
/** Decimal text near the limits: signs, leading and trailing zeros, 10–12 integer digits, 4–6 places. */
const decimalText = fc
  .tuple(fc.constantFrom('', '', '-', '+'), fc.constantFrom('', '0', '000'), digits(0, 12), fc.option(digits(0, 7), { nil: undefined }))
  .map(([sign, zeros, int, frac]) => `${sign}${zeros}${int || '0'}${frac === undefined ? '' : `.${frac}`}`);
const decimalLike = fc.oneof(
  { weight: 6, arbitrary: decimalText },
  { weight: 2, arbitrary: decimalText.map((t) => new Decimal(t)) },
  { weight: 2, arbitrary: fc.oneof(fc.double(), fc.integer(), fc.constantFrom(0.1, 0.1 + 0.2, 1e-7, 1e21, 99999999999.99998, -0, 1e11, 1e10)) },
  {
    weight: 1,
    arbitrary: fc.constantFrom<unknown>(
      '',
      ' 1',
      '1 ',
      '1e3',
      '1.',
      '.5',
      '0x10',
      'abc',
      null,
      true,
      {},
      [],
      new Decimal(NaN),
      new Decimal(Infinity),
      new Decimal('1e999999999'),
      new Decimal('-1e-999999999'),
    ),
  },
);
const graceLike = fc.oneof(decimalLike, digits(1, 4), fc.constantFrom('999', '1000', '10.0', '10.00000', '10.5', '-1', '-0', 999, 1000, 2.5));
const uuid = fc.uuid().chain((u) => fc.constantFrom(u, u.toUpperCase(), u.replaceAll('-', ''), `${u}x`, u.slice(1), u.replace('-', '')));
const project = fc.oneof(
  uuid,
  fc
    .tuple(
      fc.constantFrom(
        'https://waldur.example',
        'http://other.example:8080',
        'ftp://waldur.example',
        'https://waldur.example/prefix',
        'waldur.example',
      ),
      fc.constantFrom('/api/projects/', '/api/project/', '/projects/', '/api/projects/x/'),
      uuid,
      fc.constantFrom('/', '', '/?', '/#', '/?a=1', '/#top', '//', ' '),
    )
    .map(([origin, path, id, tail]) => `${origin}${path}${id}${tail}`),
  fc.constantFrom<unknown>('', null, 42, {}),
);
const date = fc.oneof(
  fc
    .tuple(fc.integer({ min: 0, max: 10000 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }))
    .map(([y, m, d]) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`),
  fc.constantFrom<unknown>(
    null,
    '2024-02-29',
    '2023-02-29',
    '2100-02-29',
    '2000-02-29',
    '0050-06-01',
    '0100-01-01',
    '2027-1-01',
    '2027-01-01T00:00',
    '',
    20270101,
    new Date(0),
  ),
);
const logic = fc.oneof(fc.constantFrom<unknown>('fixed', 'linear', 'stepwise', 'Fixed', 'fixed ', '', null, 1), fc.string({ maxLength: 8 }));
const flag = fc.constantFrom<unknown>(true, false, 'true', 'false', 0, 1, null, 'on');
const anything = fc.oneof(fc.anything(), fc.string());

/** Every writable field with its values, read-only fields with anything, and fields no credit has. */
const fields = {
  project,
  value: decimalLike,
  expected_consumption: decimalLike,
  grace_coefficient: graceLike,
  end_date: date,
  minimal_consumption_logic: logic,
  apply_as_minimal_consumption: flag,
  mark_unused_credit_as_spent_on_project_termination: flag,
  use_organisation_credit: flag,
  uuid: anything,
  customer_credit: anything,
  extraFields: anything,
  colour: anything,
  ['__proto__']: fc.constantFrom<unknown>({ value: 'x' }, 1),
  constructor: anything,
};
/** An object with these own fields, built as JSON.parse builds one (a `__proto__` key is a key). */
const own = (entries: [string, unknown][]) => {
  const object: Record<string, unknown> = {};
  for (const [key, value] of entries) Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  return object;
};
/** An input: a few fields, each possibly `undefined` (never sent, never checked); rarely not an object at all. */
const input = fc.oneof(
  {
    weight: 20,
    arbitrary: fc
      .uniqueArray(fc.constantFrom(...(Object.keys(fields) as (keyof typeof fields)[])), { maxLength: 6 })
      .chain((keys) =>
        fc.tuple(...keys.map((key) => fc.option(fields[key], { nil: undefined, freq: 6 }).map((value): [string, unknown] => [key, value]))),
      )
      .map(own),
  },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(null, [], 'credit', 42, new Decimal(1), new Date(0)) },
);
/** Usually a valid project, so that the other fields decide. */
const withProject = fc
  .tuple(input, fc.oneof({ weight: 4, arbitrary: uuid }, { weight: 1, arbitrary: project }))
  .map(([i, p]) =>
    i !== null && typeof i === 'object' && !Array.isArray(i) && !(i instanceof Decimal) && !(i instanceof Date) && !Object.hasOwn(i, 'project')
      ? own([['project', p], ...Object.entries(i)])
      : i,
  );
const logics = fc.array(fc.oneof(fc.constantFrom('stepwise', 'Fixed'), fc.string({ maxLength: 8 })), { maxLength: 3 });

describe('the zod schemas and the SDK agree on what is accepted', () => {
  it.each([
    ['create/update (input)', false, withProject],
    ['patch', true, input],
  ] as const)(
    '%s: same verdict, and a refusal names the field the SDK names',
    (_name, partial, inputs) => {
      fc.assert(
        fc.property(inputs, logics, (value, vocabulary) => {
          const expected = sdk(value, partial, vocabulary);
          const actual = schema(value, partial, vocabulary);
          expect(actual.accepted).toBe(expected.accepted);
          if (!expected.accepted && !actual.accepted) {
            expect(actual.fields).toContain(expected.field);
            // The generated wire schemas are a backstop: the entry's own checks explain every refusal.
            expect(actual.messages.filter((m) => m.startsWith('is not a decimal the server stores'))).toEqual([]);
          }
        }),
        { numRuns: 2000 },
      );
      // Thousands of generated inputs on a loaded CI machine: no tight limit.
    },
    120_000,
  );

  it('both accept many of the generated inputs and refuse many: the agreement is not only on refusals', { timeout: 60_000 }, () => {
    const samples = fc.sample(fc.tuple(withProject, logics), { numRuns: 2000, seed: 22 });
    const accepted = samples.filter(([value, vocabulary]) => sdk(value, false, vocabulary).accepted).length;
    expect(accepted).toBeGreaterThan(200);
    expect(accepted).toBeLessThan(1800);
  });

  it('single values at the edges of every limit', () => {
    const project = '8f2e4b1c9d0a4e6f8a7b6c5d4e3f2a1b';
    const cases: [Record<string, unknown>, boolean][] = [
      [{ value: '99999999999.99999' }, true],
      [{ value: '100000000000' }, false],
      [{ value: '000099999999999.9999900' }, true],
      [{ value: '0.000001' }, false],
      [{ value: '-0.00000' }, true],
      [{ value: '-0.00001' }, false],
      [{ expected_consumption: '-99999999999.99999' }, true],
      [{ value: 0.1 + 0.2 }, false],
      [{ value: 1e-5 }, true],
      [{ value: 1e-7 }, false],
      [{ value: new Decimal('1e999999999') }, false],
      [{ grace_coefficient: '999.00000' }, true],
      [{ grace_coefficient: '999.5' }, false],
      [{ end_date: '2024-02-29' }, true],
      [{ end_date: '2023-02-29' }, false],
      // Years 1–99 are dates too (Python's start at 0001-01-01); year 0 and day 0 are not.
      [{ end_date: '0001-01-01' }, true],
      [{ end_date: '0004-02-29' }, true],
      [{ end_date: '0099-12-31' }, true],
      [{ end_date: '0100-02-29' }, false],
      [{ end_date: '2000-02-29' }, true],
      [{ end_date: '0000-01-01' }, false],
      [{ end_date: '2027-04-31' }, false],
      [{ end_date: '2027-01-00' }, false],
      [{ end_date: null }, true],
      [{ minimal_consumption_logic: 'stepwise' }, false],
      [{ project: `${BASE}/api/projects/${project}/` }, true],
      [{ project: `${BASE}/api/projects/${project}/?page=2` }, false],
      [{ colour: 'red' }, false],
      [{ colour: undefined }, true],
      [{ uuid: 'anything', customer_credit: 12.5, extraFields: { a: 1 } }, true],
    ];
    for (const [fields, ok] of cases) {
      const value = { project, ...fields };
      expect([fields, projectCreditInputSchema.safeParse(value).success]).toEqual([fields, ok]);
      expect([fields, sdk(value, false, []).accepted]).toEqual([fields, ok]);
    }
  });
});

describe('as a form uses them', () => {
  it('form values (strings) come back unchanged, ready for create()', () => {
    const form = {
      project: '8f2e4b1c-9d0a-4e6f-8a7b-6c5d4e3f2a1b',
      value: '1500.5',
      end_date: '2027-12-31',
      minimal_consumption_logic: 'linear',
      apply_as_minimal_consumption: true,
    };
    const parsed = projectCreditInputSchema.parse(form);
    expect(parsed).toEqual(form);
    expect(writeCredit(parsed, BASE, false)).toMatchObject({
      value: '1500.5',
      project: `${BASE}/api/projects/8f2e4b1c-9d0a-4e6f-8a7b-6c5d4e3f2a1b/`,
    });
  });

  it('every problem is an issue on its field, at once, with the message the SDK gives', () => {
    const bad = { value: '100.123456', grace_coefficient: '2.5', end_date: '2027-02-30', colour: 'red' };
    const result = projectCreditPatchSchema.safeParse(bad);
    expect(result.success).toBe(false);
    const issues = result.error!.issues.map((i) => [i.path.join('.'), i.message]);
    expect(issues).toEqual([
      ['value', 'has 6 decimal places, the server stores at most 5 (refusing to round 100.123456)'],
      ['grace_coefficient', 'must be a whole number, got 2.5'],
      ['end_date', 'expected a calendar date YYYY-MM-DD or null, got "2027-02-30"'],
      ['colour', 'is not a writable field of a project credit'],
    ]);
    // The SDK stops at the first; each alone is refused with the same words.
    for (const [field, message] of issues) {
      expect(() => writeCredit({ [field!]: bad[field as keyof typeof bad] }, BASE, true)).toThrow(`${field}: ${message}`);
    }
  });

  it('a create without a project says it is required, on the project field', () => {
    const result = projectCreditInputSchema.safeParse({ value: '1' });
    expect(result.error!.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['project', 'is required: a project UUID or its API URL']]);
  });

  it('a value the server sent for minimal_consumption_logic is accepted when given', () => {
    expect(projectCreditPatchSchema.safeParse({ minimal_consumption_logic: 'stepwise' }).success).toBe(false);
    expect(projectCreditSchemas({ minimalConsumptionLogics: ['stepwise'] }).patch.safeParse({ minimal_consumption_logic: 'stepwise' }).success).toBe(
      true,
    );
  });
});
