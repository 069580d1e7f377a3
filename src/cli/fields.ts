/**
 * The fields of a credit as the command prints them. Amounts are written with every digit they
 * have (`Decimal.toFixed()`: never rounded, never in exponent form), in every format.
 */
import { Decimal } from 'waldur-project-credits';
import type { NestedPublicOffering, ProjectCredit } from 'waldur-project-credits';

/** Every field `--fields` accepts, in the order `get` and JSON output show them. */
export const ALL_FIELDS = [
  'uuid',
  'url',
  'project',
  'project_uuid',
  'project_name',
  'project_slug',
  'customer_uuid',
  'customer_name',
  'customer_slug',
  'value',
  'end_date',
  'expected_consumption',
  'minimal_consumption',
  'minimal_consumption_logic',
  'grace_coefficient',
  'apply_as_minimal_consumption',
  'mark_unused_credit_as_spent_on_project_termination',
  'use_organisation_credit',
  'customer_credit',
  'allocated_customer_credit',
  'consumption_last_month',
  'spendable_value',
  'creditable_cost_this_month',
  'is_limited_by_organization_credit',
  'offerings',
] as const satisfies readonly (keyof ProjectCredit)[];

/** A field `--fields` accepts. */
export type Field = (typeof ALL_FIELDS)[number];

/** What a table shows unless `--fields` says otherwise: one credit a line on a terminal. */
export const TABLE_FIELDS: readonly Field[] = ['uuid', 'project_name', 'customer_name', 'value', 'end_date', 'minimal_consumption_logic'];

/**
 * What CSV holds unless `--fields` says otherwise: who the credit is for, and every writable
 * field, so that an export, edited, is a change file for `apply` (which ignores the read-only
 * columns). `use_organisation_credit` is added when the server sends it (before Waldur 8.x).
 */
export const CSV_FIELDS: readonly Field[] = [
  'uuid',
  'project_uuid',
  'project_name',
  'customer_uuid',
  'customer_name',
  'value',
  'end_date',
  'expected_consumption',
  'minimal_consumption_logic',
  'grace_coefficient',
  'apply_as_minimal_consumption',
  'mark_unused_credit_as_spent_on_project_termination',
];

/** The CSV columns for credits like `first` (the first credit of the output, if any). */
export function csvFields(first: ProjectCredit | undefined): Field[] {
  return first?.use_organisation_credit !== undefined ? [...CSV_FIELDS, 'use_organisation_credit'] : [...CSV_FIELDS];
}

const KNOWN: ReadonlySet<string> = new Set(ALL_FIELDS);

/** Whether `name` is a field `--fields` accepts. */
export function isField(name: string): name is Field {
  return KNOWN.has(name);
}

/** Amounts: right-aligned in a table. */
export const DECIMAL_FIELDS: ReadonlySet<Field> = new Set<Field>([
  'value',
  'expected_consumption',
  'minimal_consumption',
  'grace_coefficient',
  'customer_credit',
  'allocated_customer_credit',
  'consumption_last_month',
  'spendable_value',
  'creditable_cost_this_month',
]);

/**
 * Text: the fields whose value is whatever text the server sent (names, slugs, URLs, and the date
 * and logic, which the SDK passes through unchecked). In CSV their cells are always quoted and,
 * unless `--csv-raw-text`, neutralised when a spreadsheet would run them as a formula. UUIDs and
 * booleans are checked when read, so they never start like a formula; amounts are never changed.
 */
export const TEXT_FIELDS: ReadonlySet<Field> = new Set<Field>([
  'url',
  'project',
  'project_name',
  'project_slug',
  'customer_name',
  'customer_slug',
  'end_date',
  'minimal_consumption_logic',
  'offerings',
]);

/** A JSON value. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** A field's value as JSON: an amount is its exact decimal string; `undefined` when the server did not send the field. */
export function jsonValue(credit: ProjectCredit, field: Field): Json | undefined {
  const value = credit[field];
  if (value === undefined) return undefined;
  return toJson(value);
}

/** Any value read from a credit (or planned for one) as JSON, amounts as exact decimal strings. */
export function toJson(value: unknown): Json {
  if (value === null || value === undefined) return null;
  if (Decimal.isDecimal(value)) return (value as Decimal).toFixed();
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return value;
  if (Array.isArray(value)) return value.map(toJson);
  if (typeof value === 'object') {
    const out: { [key: string]: Json } = {};
    for (const [k, v] of Object.entries(value)) if (k !== 'extraFields' && v !== undefined) out[k] = toJson(v);
    return out;
  }
  return String(value);
}

/** A field's value as text for a table or CSV: exact amounts, `true`/`false`, empty for null or absent. */
export function textValue(credit: ProjectCredit, field: Field): string {
  const value = credit[field];
  if (value === undefined || value === null) return '';
  if (field === 'offerings') return (value as NestedPublicOffering[]).map((o) => o.name ?? o.uuid ?? '').join('; ');
  return text(value);
}

/** Any single value as text: amounts exact, booleans `true`/`false`, `null` as `null`. */
export function text(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return '';
  if (Decimal.isDecimal(value)) return (value as Decimal).toFixed();
  if (typeof value === 'string') return value;
  return typeof value === 'object' ? JSON.stringify(toJson(value)) : String(value);
}

/** The credit as one JSON object: the fields asked for, or every field the server sent. */
export function creditJson(credit: ProjectCredit, fields: readonly Field[] | undefined): { [key: string]: Json } {
  const out: { [key: string]: Json } = {};
  for (const field of fields ?? ALL_FIELDS) {
    const value = jsonValue(credit, field);
    if (value !== undefined) out[field] = value;
    else if (fields) out[field] = null;
  }
  return out;
}
