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

/**
 * One field of a credit. A row states only what differs from the common field: read-only, optional,
 * never `null`, its own on each credit, and sent by every release.
 */
export interface CreditField {
  readonly kind: FieldKind;
  /** `create`, `update` and `patch` send it (a field without it is read-only: ignored in their input). */
  readonly writable?: true;
  /** Every Waldur release seen sends it: a credit without it is refused as incompatible. */
  readonly required?: true;
  /**
   * The releases that send it, when not every one (organization-level fields may still be hidden
   * from a project-level user): see {@link serversOf}.
   */
  readonly servers?: readonly ServerRelease[];
  /** The server may send `null`. */
  readonly nullable?: true;
  /**
   * Many credits of a page carry the same value (their organization's, or a common setting): read
   * once per page, through the page's cache.
   */
  readonly repeats?: true;
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
  uuid: { kind: 'uuid', required: true },
  url: { kind: 'text', required: true },
  project: { kind: 'project', required: true, writable: true },
  project_uuid: { kind: 'uuid', required: true },
  project_name: { kind: 'text', required: true },
  project_slug: { kind: 'text', required: true },
  customer_uuid: { kind: 'uuid', repeats: true, servers: SINCE_8 },
  customer_name: { kind: 'text', servers: SINCE_8 },
  customer_slug: { kind: 'text', servers: SINCE_8 },
  value: { kind: 'decimal', required: true, writable: true, limits: MONEY },
  end_date: { kind: 'date', writable: true, nullable: true, servers: SINCE_8 },
  expected_consumption: { kind: 'decimal', writable: true, repeats: true, servers: SINCE_8, limits: SIGNED_MONEY },
  minimal_consumption: { kind: 'amount', nullable: true, repeats: true, servers: SINCE_8 },
  minimal_consumption_logic: { kind: 'enum', writable: true, servers: SINCE_8, values: LOGIC_VALUES },
  grace_coefficient: { kind: 'decimal', writable: true, repeats: true, servers: SINCE_8, limits: GRACE_COEFFICIENT },
  apply_as_minimal_consumption: { kind: 'boolean', writable: true, servers: SINCE_8 },
  mark_unused_credit_as_spent_on_project_termination: { kind: 'boolean', writable: true, servers: SINCE_8 },
  use_organisation_credit: { kind: 'boolean', writable: true, servers: LEGACY },
  customer_credit: { kind: 'amount', nullable: true, repeats: true },
  allocated_customer_credit: { kind: 'amount', nullable: true, repeats: true },
  consumption_last_month: { kind: 'amount', nullable: true, repeats: true },
  spendable_value: { kind: 'amount', servers: NEWER },
  creditable_cost_this_month: { kind: 'amount', nullable: true, repeats: true, servers: NEWER },
  is_limited_by_organization_credit: { kind: 'boolean', servers: NEWER },
  offerings: { kind: 'offerings' },
} as const satisfies Record<string, CreditField>;

/** The releases that send a field. */
export function serversOf(field: CreditField): readonly ServerRelease[] {
  return field.servers ?? ALL;
}

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

/** The row of the field named `name`; `undefined` for a name that is none (an own key only: never `__proto__`'s). */
export function fieldRow(name: string): CreditField | undefined {
  return Object.hasOwn(CREDIT_FIELDS, name) ? CREDIT_FIELDS[name as CreditFieldName] : undefined;
}

/** The names of the fields whose row matches `test`, in the table's order. */
// Pure: a list a bundle does not use (BOOLEAN_INPUTS in an app's) is left out of it.
export /* @__NO_SIDE_EFFECTS__ */ function fieldsWhere(test: (field: CreditField) => boolean | undefined): CreditFieldName[] {
  return CREDIT_FIELD_NAMES.filter((name) => test(CREDIT_FIELDS[name]));
}

/** A writable field's name. */
export type WritableFieldName = keyof ProjectCreditInput;

/** The fields `create`, `update` and `patch` send, in the table's order. */
export const WRITABLE_FIELDS = fieldsWhere((f) => f.writable) as WritableFieldName[];

type WritableInTable = { [K in CreditFieldName]: (typeof CREDIT_FIELDS)[K] extends { writable: true } ? K : never }[CreditFieldName];
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
export const BOOLEAN_INPUTS: ReadonlySet<string> = /* @__PURE__ */ new Set(fieldsWhere((f) => f.writable && f.kind === 'boolean'));

/** The decimal fields a caller writes, and what the server stores of each. */
export const DECIMAL_LIMITS: Readonly<Record<string, DecimalLimits>> = Object.fromEntries(
  CREDIT_FIELD_NAMES.flatMap((name) => {
    const limits = (CREDIT_FIELDS[name] as CreditField).limits;
    return limits ? [[name, limits]] : [];
  }),
);

/** The `minimal_consumption_logic` values every server knows. */
export const LOGICS: ReadonlySet<string> = new Set(LOGIC_VALUES);
