/**
 * The fields of a credit as the command prints them. Amounts are written with every digit they
 * have (`Decimal.toFixed()`: never rounded, never in exponent form), in every format.
 */
import { Decimal } from 'waldur-project-credits';
import type { NestedPublicOffering, ProjectCredit } from 'waldur-project-credits';
// The fields table is pure data (no class, no state): taken from the sources, as the zod entry
// does, not from the package entry, where it would be public API.
import { CREDIT_FIELD_NAMES, CREDIT_FIELDS, fieldsWhere, serversOf, WRITABLE_FIELDS } from '../project-credits/fields.js';
import type { CreditFieldName } from '../project-credits/fields.js';

/** Every field `--fields` accepts, in the order `get` and JSON output show them: the fields table's. */
export const ALL_FIELDS: readonly CreditFieldName[] = CREDIT_FIELD_NAMES;

/** A field `--fields` accepts. */
export type Field = CreditFieldName;

/** What a table shows unless `--fields` says otherwise: one credit a line on a terminal. */
export const TABLE_FIELDS: readonly Field[] = ['uuid', 'project_name', 'customer_name', 'value', 'end_date', 'minimal_consumption_logic'];

/** Writable fields that only servers before Waldur 8.x send (`use_organisation_credit`). */
const LEGACY_WRITABLE: readonly Field[] = WRITABLE_FIELDS.filter((name) => !serversOf(CREDIT_FIELDS[name]).includes('8.x'));

/**
 * What CSV holds unless `--fields` says otherwise: who the credit is for, and every writable
 * field (the project as `project_uuid`), so that an export, edited, is a change file for `apply`
 * (which ignores the read-only columns). The writable fields of servers before Waldur 8.x
 * (`use_organisation_credit`) are added when the server sends them.
 */
export const CSV_FIELDS: readonly Field[] = [
  'uuid',
  'project_uuid',
  'project_name',
  'customer_uuid',
  'customer_name',
  ...WRITABLE_FIELDS.filter((name) => CREDIT_FIELDS[name].kind !== 'project' && !LEGACY_WRITABLE.includes(name)),
];

/** The CSV columns for credits like `first` (the first credit of the output, if any). */
export function csvFields(first: ProjectCredit | undefined): Field[] {
  return [...CSV_FIELDS, ...LEGACY_WRITABLE.filter((name) => first?.[name] !== undefined)];
}

const KNOWN: ReadonlySet<string> = new Set(ALL_FIELDS);

/** Whether `name` is a field `--fields` accepts. */
export function isField(name: string): name is Field {
  return KNOWN.has(name);
}

/** Amounts, stored or computed: right-aligned in a table. */
export const DECIMAL_FIELDS: ReadonlySet<Field> = new Set(fieldsWhere((f) => f.kind === 'decimal' || f.kind === 'amount'));

/**
 * Text: the fields whose value is whatever text the server sent (names, slugs, URLs, and the date
 * and logic, which the SDK passes through unchecked). In CSV their cells are always quoted and,
 * unless `--csv-raw-text`, neutralised when a spreadsheet would run them as a formula. UUIDs and
 * booleans are checked when read, so they never start like a formula; amounts are never changed.
 */
export const TEXT_FIELDS: ReadonlySet<Field> = new Set(
  fieldsWhere((f) => f.kind !== 'uuid' && f.kind !== 'boolean' && f.kind !== 'decimal' && f.kind !== 'amount'),
);

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
  switch (typeof value) {
    case 'undefined':
      return null;
    case 'string':
    case 'boolean':
    case 'number':
      return value;
    case 'bigint':
    case 'symbol':
    case 'function':
      return String(value);
    case 'object': {
      if (value === null) return null;
      if (Decimal.isDecimal(value)) return value.toFixed();
      if (Array.isArray(value)) return value.map(toJson);
      const out: { [key: string]: Json } = {};
      for (const [k, v] of Object.entries(value)) if (k !== 'extraFields' && v !== undefined) out[k] = toJson(v);
      return out;
    }
  }
}

/** A field's value as text for a table or CSV: exact amounts, `true`/`false`, empty for null or absent. */
export function textValue(credit: ProjectCredit, field: Field): string {
  const value = credit[field];
  if (value === undefined || value === null) return '';
  if (CREDIT_FIELDS[field].kind === 'offerings') return (value as NestedPublicOffering[]).map((o) => o.name ?? o.uuid ?? '').join('; ');
  return text(value);
}

/** Any single value as text: amounts exact, booleans `true`/`false`, `null` as `null`. */
export function text(value: unknown): string {
  if (value === undefined) return '';
  const json = toJson(value);
  return typeof json === 'object' ? JSON.stringify(json) : String(json);
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
