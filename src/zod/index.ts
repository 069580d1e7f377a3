/**
 * `waldur-project-credits/zod`: zod/mini schemas of what `create`, `update` and `patch` accept,
 * for checking a form in the browser before anything is sent. They accept and refuse exactly what
 * the SDK's own input checks do (a property test holds them to it), with messages worded as the
 * SDK's, each on its field; a schema returns its input unchanged, to be passed to the SDK.
 *
 * The limits the server stores are checked by the schemas generated from the OpenAPI document
 * (on the text the SDK would send); what the SDK accepts beyond the wire form (numbers, `Decimal`s,
 * `"+5"`, `"0100.50000"`, a project's UUID instead of its URL, enum values the server sent) and
 * what it refuses beyond the document (an unknown field, 2027-02-30) are checked here.
 *
 * Needs `zod` 4 (an optional peer dependency of this package); nothing else is loaded, not even
 * decimal.js.
 *
 * @example
 * ```ts
 * import { projectCreditInputSchema } from 'waldur-project-credits/zod';
 * const checked = projectCreditInputSchema.safeParse({ project: projectUuid, value: '100.123456' });
 * // checked.error.issues: [{ path: ['value'], message: 'has 6 decimal places, the server stores at most 5 (refusing to round 100.123456)', … }]
 * ```
 *
 * @module waldur-project-credits/zod
 */
import * as z from 'zod/mini';
import type { ProjectCreditInput, ProjectCreditPatch } from 'waldur-project-credits';
import { zGraceCoefficient, zMoney, zSignedMoney } from '../../generated/zod.gen.js';
import { BOOLEAN_INPUTS, DECIMAL_LIMITS, READ_ONLY_FIELDS, WRITABLE_FIELDS } from '../project-credits/fields.js';
import type { FieldsOfKind } from '../project-credits/fields.js';
import { booleanProblem, dateProblem, logicProblem, projectUuid } from '../project-credits/write.js';
import type { DecimalLimits } from '../core/decimal.js';
import { describe } from '../core/describe.js';

/**
 * A zod/mini schema of a credit input: it parses a value of type `T` (form values are strings,
 * which every field but the booleans accepts) and returns it unchanged.
 *
 * @group Zod
 */
export type ProjectCreditSchema<T> = z.ZodMiniType<T, T>;

/**
 * Options of {@link projectCreditSchemas}.
 *
 * @group Zod
 */
export interface ProjectCreditSchemaOptions {
  /**
   * `minimal_consumption_logic` values to accept besides `fixed` and `linear`: those your server
   * sent (a client accepts the values it has read, so that a credit from a newer server can be
   * sent back as it is), e.g. `[credit.minimal_consumption_logic]` of the credit being edited.
   */
  minimalConsumptionLogics?: Iterable<string> | undefined;
}

/**
 * The schemas of one form: `input` for `create` and `update` (a project is required), `patch` for
 * `patch` (every field optional).
 *
 * @group Zod
 */
export interface ProjectCreditSchemas {
  /** What `projectCredits.create(input)` and `projectCredits.update(uuid, input)` accept. */
  input: ProjectCreditSchema<ProjectCreditInput>;
  /** What `projectCredits.patch(uuid, patch)` accepts. */
  patch: ProjectCreditSchema<ProjectCreditPatch>;
}

/** A decimal.js `Decimal`, recognized as decimal.js itself does (`Decimal.isDecimal`), without loading it. */
interface DecimalLike {
  readonly e: number;
  isFinite(): boolean;
  isNegative(): boolean;
  isZero(): boolean;
  decimalPlaces(): number;
  toFixed(): string;
  toString(): string;
}
const isDecimalLike = (value: unknown): value is DecimalLike =>
  typeof value === 'object' && value !== null && (value as { toStringTag?: unknown }).toStringTag === '[object Decimal]';

const PLAIN_DECIMAL = /^[+-]?\d+(\.\d+)?$/;
/** A plain decimal, or a number's shortest round-trip text (`1e-7`, `1.5e+21`). */
const DECIMAL_TEXT = /^([+-]?)(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/;

/** The text a decimal is shown with in a message: short, whatever its size. */
const show = (text: string) => (text.length <= 40 ? text : `a ${text.length}-character decimal`);

/**
 * The SDK's check of one decimal input (`toWireDecimal`) without decimal.js: the plain decimal text
 * it would send, or the message it would refuse the value with.
 */
function wireDecimal(value: unknown, limits: DecimalLimits): { wire: string } | { message: string } {
  if (isDecimalLike(value)) {
    if (!value.isFinite()) return { message: `must be a finite decimal, got ${String(value)}` };
    if (value.isZero()) return { wire: '0' };
    if (value.isNegative() && !limits.allowNegative) return { message: `must not be negative, got ${show(String(value))}` };
    if (value.e >= limits.integerDigits)
      return { message: `has more than ${limits.integerDigits} digits before the decimal point (${show(String(value))})` };
    if (value.decimalPlaces() > limits.decimalPlaces) return { message: tooManyPlaces(limits, value.decimalPlaces(), String(value)) };
    return { wire: value.toFixed() };
  }
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return { message: `must be a finite number, got ${value}` };
    text = String(value);
  } else if (typeof value === 'string') {
    if (!PLAIN_DECIMAL.test(value)) return { message: `expected a plain decimal string like "100.5", got ${describe(value)}` };
    text = value;
  } else {
    return { message: `expected a Decimal, a decimal string or a number, got ${describe(value)}` };
  }
  // Both texts match: a plain decimal, or a finite number's shortest round-trip text.
  const [, sign, integer = '', fraction = '', power = 0] = DECIMAL_TEXT.exec(text) ?? [];
  const digits = integer + fraction;
  // Digits before `point` are the integer part; `first` and `last` are the outer non-zero digits.
  const point = integer.length + Number(power);
  const first = digits.search(/[1-9]/);
  if (first < 0) return { wire: '0' };
  const last = digits.search(/[1-9]0*$/);
  const negative = sign === '-';
  const exponent = point - first - 1;
  const places = Math.max(0, last + 1 - point);
  if (negative && !limits.allowNegative) return { message: `must not be negative, got ${show(text)}` };
  if (exponent >= limits.integerDigits) return { message: `has more than ${limits.integerDigits} digits before the decimal point (${show(text)})` };
  if (places > limits.decimalPlaces) return { message: tooManyPlaces(limits, places, text) };
  // Within the limits, so short: the significant digits, shifted into place.
  const significant = digits.slice(first, last + 1);
  const whole = point - first;
  const int = whole <= 0 ? '0' : whole >= significant.length ? significant + '0'.repeat(whole - significant.length) : significant.slice(0, whole);
  const frac = whole >= significant.length ? '' : whole <= 0 ? '0'.repeat(-whole) + significant : significant.slice(whole);
  return { wire: `${negative ? '-' : ''}${int}${frac ? `.${frac}` : ''}` };
}

function tooManyPlaces(limits: DecimalLimits, places: number, text: string): string {
  return limits.decimalPlaces === 0
    ? `must be a whole number, got ${show(text)}`
    : `has ${places} decimal places, the server stores at most ${limits.decimalPlaces} (refusing to round ${show(text)})`;
}

/** The generated schema of what the SDK sends for each decimal field (each one: the type says so). */
const DECIMAL_WIRE: Readonly<Record<FieldsOfKind<'decimal'>, z.ZodMiniType<string>>> = {
  value: zMoney,
  expected_consumption: zSignedMoney,
  grace_coefficient: zGraceCoefficient,
};

/**
 * The check of one field (never `undefined`) as the SDK makes it: the message it would refuse the
 * value with, or `undefined` (the SDK's own checks where they are shared). A decimal is checked by
 * its generated schema too, on the text the SDK would send.
 */
function fieldProblem(name: string, logics: ReadonlySet<string>): (value: unknown) => string | undefined {
  const limits = DECIMAL_LIMITS[name];
  const wire = Object.hasOwn(DECIMAL_WIRE, name) ? DECIMAL_WIRE[name as FieldsOfKind<'decimal'>] : undefined;
  if (limits && wire) {
    return (value) => {
      const decimal = wireDecimal(value, limits);
      if ('message' in decimal) return decimal.message;
      return wire.safeParse(decimal.wire).success ? undefined : `is not a decimal the server stores, got ${describe(value)}`;
    };
  }
  if (BOOLEAN_INPUTS.has(name)) return booleanProblem;
  switch (name) {
    case 'project':
      // The SDK sends `{baseUrl}/api/projects/{uuid}/`; the client's base URL is not known here.
      return (value) =>
        typeof value !== 'string'
          ? `expected a project UUID or URL, got ${describe(value)}`
          : projectUuid(value) === undefined
            ? `expected a project UUID or a URL like https://waldur.example/api/projects/{uuid}/, got ${describe(value)}`
            : undefined;
    case 'end_date':
      return dateProblem;
    case 'minimal_consumption_logic':
      return (value) => logicProblem(value, logics);
    default:
      throw new TypeError(`no check for the field ${name}`);
  }
}

/**
 * A schema that checks an input as `writeCredit` does: an object whose own fields are writable
 * (each checked), read-only (ignored, so a credit read from the server passes) or `undefined`
 * (never sent); every problem is an issue on its field. It returns the input itself.
 */
function schema(partial: boolean, logics: ReadonlySet<string>) {
  const problems = new Map<string, (value: unknown) => string | undefined>(WRITABLE_FIELDS.map((name) => [name, fieldProblem(name, logics)]));
  return z.custom<Record<string, unknown>>().check(
    // Typed unknown: a caller's input is checked, not trusted.
    z.superRefine((input: unknown, ctx) => {
      if (input === null || typeof input !== 'object' || Array.isArray(input) || isDecimalLike(input)) {
        ctx.addIssue({ code: 'custom', message: `expected an object of credit fields, got ${describe(input)}`, input });
        return;
      }
      let project = false;
      for (const [name, value] of Object.entries(input)) {
        if (value === undefined || READ_ONLY_FIELDS.has(name)) continue;
        if (name === 'project') project = true;
        const problem = problems.get(name);
        const message = problem ? problem(value) : 'is not a writable field of a project credit';
        if (message !== undefined) ctx.addIssue({ code: 'custom', message, path: [name], input: value });
      }
      if (!partial && !project)
        ctx.addIssue({ code: 'custom', message: 'is required: a project UUID or its API URL', path: ['project'], input: undefined });
    }),
  );
}

/**
 * The schemas of the credit inputs, accepting the given `minimal_consumption_logic` values too.
 * Without options, {@link projectCreditInputSchema} and {@link projectCreditPatchSchema} are the same.
 *
 * @example
 * ```ts
 * const { patch } = projectCreditSchemas({ minimalConsumptionLogics: [credit.minimal_consumption_logic ?? 'fixed'] });
 * ```
 *
 * @group Zod
 */
export function projectCreditSchemas(options: ProjectCreditSchemaOptions = {}): ProjectCreditSchemas {
  const logics: ReadonlySet<string> = new Set(options.minimalConsumptionLogics ?? []);
  return {
    input: schema(false, logics) as unknown as ProjectCreditSchema<ProjectCreditInput>,
    patch: schema(true, logics),
  };
}

const schemas = projectCreditSchemas();

/**
 * What `projectCredits.create(input)` and `projectCredits.update(uuid, input)` accept: a project
 * (its UUID or API URL) and any writable field; decimals as `Decimal`s, decimal strings or finite
 * numbers within the server's limits; `end_date` a calendar date or `null`; no unknown field.
 *
 * @group Zod
 */
export const projectCreditInputSchema: ProjectCreditSchema<ProjectCreditInput> = schemas.input;

/**
 * What `projectCredits.patch(uuid, patch)` accepts: the fields of {@link projectCreditInputSchema},
 * each optional.
 *
 * @group Zod
 */
export const projectCreditPatchSchema: ProjectCreditSchema<ProjectCreditPatch> = schemas.patch;
