/**
 * The fields of a project credit, once: what each one holds, whether a caller may write it, and
 * which Waldur releases send it. The reader, the writer, `applyChanges`, the zod entry and the
 * `waldur-credits` command all derive their field lists from {@link CREDIT_FIELDS}; nothing here
 * loads decimal.js or throws (the zod entry and the command import it as pure data).
 */
import type { DecimalLimits } from '../core/decimal.js';
import type { MinimalConsumptionLogic, ProjectCredit, ProjectCreditInput } from './types.js';

/**
 * The Waldur releases whose wire form differs: `legacy` (before 8.x, captured 2024-10), `8.x`
 * (the 8.0.9 document) and `newer` (the serializer of later releases).
 */
export type ServerRelease = 'legacy' | '8.x' | 'newer';

/**
 * What a field holds, as the SDK reads, writes and shows it:
 * - `uuid`: a UUID, read to its canonical form (lowercase, hyphenated);
 * - `text`: text the server wrote (a name, a slug, a URL), passed through;
 * - `project`: the project's API URL; written as the project's UUID or URL, compared by `project_uuid`;
 * - `date`: a date `YYYY-MM-DD` or `null`, passed through when read, a real calendar date when written;
 * - `enum`: one of `values`, or a newer server's value (kept as sent);
 * - `boolean`: `true` or `false`;
 * - `decimal`: an amount the server stores (a DRF DecimalField, sent as a string): exact or
 *   refused when read, checked against `limits` when written;
 * - `amount`: an amount the server computes (a JSON number, Python's `float()`), read as the
 *   decimal the server wrote; never written;
 * - `offerings`: the offerings the credit applies to, each `{ uuid, url, type, name }`.
 */
export type FieldKind = 'uuid' | 'text' | 'project' | 'date' | 'enum' | 'boolean' | 'decimal' | 'amount' | 'offerings';

/** One field of a credit. */
export interface CreditField {
  readonly kind: FieldKind;
  /** Whether `create`, `update` and `patch` send it (else it is ignored in their input). */
  readonly writable: boolean;
  /** Whether every Waldur release seen sends it: a credit without it is refused as incompatible. */
  readonly required: boolean;
  /** The releases that send it (organization-level fields may still be hidden from a project-level user). */
  readonly servers: readonly ServerRelease[];
  /** Whether the server may send `null`. */
  readonly nullable: boolean;
  /**
   * Whether many credits of a page carry the same value (their organization's, or a common
   * setting): read once per page, through the page's cache.
   */
  readonly repeats: boolean;
  /** What the server stores of a `decimal`. */
  readonly limits?: DecimalLimits;
  /** The values of an `enum` that every server knows. */
  readonly values?: readonly string[];
}

/** Money fields: `DecimalField(max_digits=16, decimal_places=5)` on the server. */
export const MONEY: DecimalLimits = { integerDigits: 11, decimalPlaces: 5, allowNegative: false };
/** Money that may go below zero (`expected_consumption`). */
export const SIGNED_MONEY: DecimalLimits = { ...MONEY, allowNegative: true };
/** `grace_coefficient`: a whole number of at most 3 digits. */
export const GRACE_COEFFICIENT: DecimalLimits = { integerDigits: 3, decimalPlaces: 0, allowNegative: false };

const ALL = ['legacy', '8.x', 'newer'] as const satisfies readonly ServerRelease[];
const SINCE_8 = ['8.x', 'newer'] as const satisfies readonly ServerRelease[];
const NEWER = ['newer'] as const satisfies readonly ServerRelease[];
const LEGACY = ['legacy'] as const satisfies readonly ServerRelease[];
const LOGIC_VALUES = ['fixed', 'linear'] as const satisfies readonly MinimalConsumptionLogic[];

/**
 * Every field of a project credit, in the order a person reads one (and the command shows it): who
 * it is for, the money and its settings, then what the server computes. `extraFields` is not a
 * field: it holds what a newer server sends that this table does not know.
 */
export const CREDIT_FIELDS = {
  uuid: { kind: 'uuid', required: true, writable: false, nullable: false, repeats: false, servers: ALL },
  url: { kind: 'text', required: true, writable: false, nullable: false, repeats: false, servers: ALL },
  project: { kind: 'project', required: true, writable: true, nullable: false, repeats: false, servers: ALL },
  project_uuid: { kind: 'uuid', required: true, writable: false, nullable: false, repeats: false, servers: ALL },
  project_name: { kind: 'text', required: true, writable: false, nullable: false, repeats: false, servers: ALL },
  project_slug: { kind: 'text', required: true, writable: false, nullable: false, repeats: false, servers: ALL },
  customer_uuid: { kind: 'uuid', required: false, writable: false, nullable: false, repeats: true, servers: SINCE_8 },
  customer_name: { kind: 'text', required: false, writable: false, nullable: false, repeats: false, servers: SINCE_8 },
  customer_slug: { kind: 'text', required: false, writable: false, nullable: false, repeats: false, servers: SINCE_8 },
  value: { kind: 'decimal', required: true, writable: true, nullable: false, repeats: false, servers: ALL, limits: MONEY },
  end_date: { kind: 'date', required: false, writable: true, nullable: true, repeats: false, servers: SINCE_8 },
  expected_consumption: { kind: 'decimal', required: false, writable: true, nullable: false, repeats: true, servers: SINCE_8, limits: SIGNED_MONEY },
  minimal_consumption: { kind: 'amount', required: false, writable: false, nullable: true, repeats: true, servers: SINCE_8 },
  minimal_consumption_logic: {
    kind: 'enum',
    required: false,
    writable: true,
    nullable: false,
    repeats: false,
    servers: SINCE_8,
    values: LOGIC_VALUES,
  },
  grace_coefficient: {
    kind: 'decimal',
    required: false,
    writable: true,
    nullable: false,
    repeats: true,
    servers: SINCE_8,
    limits: GRACE_COEFFICIENT,
  },
  apply_as_minimal_consumption: { kind: 'boolean', required: false, writable: true, nullable: false, repeats: false, servers: SINCE_8 },
  mark_unused_credit_as_spent_on_project_termination: {
    kind: 'boolean',
    required: false,
    writable: true,
    nullable: false,
    repeats: false,
    servers: SINCE_8,
  },
  use_organisation_credit: { kind: 'boolean', required: false, writable: true, nullable: false, repeats: false, servers: LEGACY },
  customer_credit: { kind: 'amount', required: false, writable: false, nullable: true, repeats: true, servers: ALL },
  allocated_customer_credit: { kind: 'amount', required: false, writable: false, nullable: true, repeats: true, servers: ALL },
  consumption_last_month: { kind: 'amount', required: false, writable: false, nullable: true, repeats: true, servers: ALL },
  spendable_value: { kind: 'amount', required: false, writable: false, nullable: false, repeats: false, servers: NEWER },
  creditable_cost_this_month: { kind: 'amount', required: false, writable: false, nullable: true, repeats: true, servers: NEWER },
  is_limited_by_organization_credit: { kind: 'boolean', required: false, writable: false, nullable: false, repeats: false, servers: NEWER },
  offerings: { kind: 'offerings', required: false, writable: false, nullable: false, repeats: false, servers: ALL },
} as const satisfies Record<string, CreditField>;

/** The name of a field of a credit. */
export type CreditFieldName = keyof typeof CREDIT_FIELDS;

/** Compile-time proof that the table has every field of {@link ProjectCredit}, no more, no less. */
type SameFields = [CreditFieldName] extends [Exclude<keyof ProjectCredit, 'extraFields'>]
  ? [Exclude<keyof ProjectCredit, 'extraFields'>] extends [CreditFieldName]
    ? true
    : never
  : never;
const _sameFields: SameFields = true;

/** The names of the fields of one kind. */
export type FieldsOfKind<K extends FieldKind> = { [N in CreditFieldName]: (typeof CREDIT_FIELDS)[N]['kind'] extends K ? N : never }[CreditFieldName];

/** The names of every field, in the table's order. */
export const CREDIT_FIELD_NAMES = Object.keys(CREDIT_FIELDS) as CreditFieldName[];

/** The names of the fields whose row matches `test`, in the table's order. */
export function fieldsWhere(test: (field: CreditField) => boolean): CreditFieldName[] {
  return CREDIT_FIELD_NAMES.filter((name) => test(CREDIT_FIELDS[name]));
}

/** A writable field's name. */
export type WritableFieldName = keyof ProjectCreditInput;

/** The fields `create`, `update` and `patch` send, in the table's order. */
export const WRITABLE_FIELDS = fieldsWhere((f) => f.writable) as WritableFieldName[];

type WritableInTable = { [K in CreditFieldName]: (typeof CREDIT_FIELDS)[K]['writable'] extends true ? K : never }[CreditFieldName];
/** Compile-time proof that the writable fields are {@link ProjectCreditInput}'s, no more, no less. */
type SameWritable = [WritableInTable] extends [WritableFieldName] ? ([WritableFieldName] extends [WritableInTable] ? true : never) : never;
const _sameWritable: SameWritable = true;

/** The fields every Waldur release seen sends (wire captures of 2024-10 and the 8.x documents). */
export const REQUIRED_FIELDS: readonly CreditFieldName[] = fieldsWhere((f) => f.required);

/**
 * Fields the server renders but never accepts, and `extraFields`: ignored in input, so a read
 * credit can be sent back as it is.
 */
export const READ_ONLY_FIELDS: ReadonlySet<string> = new Set([...fieldsWhere((f) => !f.writable), 'extraFields']);

/** Writable fields whose value is true or false. */
export const BOOLEAN_INPUTS: ReadonlySet<string> = new Set(fieldsWhere((f) => f.writable && f.kind === 'boolean'));

/** The decimal fields a caller writes, and what the server stores of each. */
export const DECIMAL_LIMITS: Readonly<Record<string, DecimalLimits>> = Object.fromEntries(
  CREDIT_FIELD_NAMES.flatMap((name) => {
    const limits = (CREDIT_FIELDS[name] as CreditField).limits;
    return limits ? [[name, limits]] : [];
  }),
);

/** The `minimal_consumption_logic` values every server knows. */
export const LOGICS: ReadonlySet<string> = new Set(LOGIC_VALUES);
