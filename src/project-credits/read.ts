/**
 * Reading: a project credit as the server sends it becomes a {@link ProjectCredit}, each field
 * read as its row of `fields.ts` says, or the answer is refused with a {@link ShapeError}.
 */
import { fromComputedAmount, fromWireDecimal, NotADecimal } from '../core/decimal.js';
import type { Decimal } from '../core/decimal.js';
import { describe } from '../core/describe.js';
import { canonicalUuid } from '../core/uuid.js';
import { CREDIT_FIELDS, LOGICS, REQUIRED_FIELDS } from './fields.js';
import type { CreditField } from './fields.js';
import type { NestedPublicOffering, ProjectCredit } from './types.js';

/** A response that is not what the API promises; the caller turns it into a WaldurResponseError. */
export class ShapeError extends Error {}

/**
 * What one client remembers of its server: the enum values it has sent that this SDK does not
 * know, so that a credit read from a newer server can be sent back as it is, while a typo in a
 * caller's own input is still refused before any request.
 */
export interface ServerVocabulary {
  /** `minimal_consumption_logic` values read from the server besides `fixed` and `linear`. */
  readonly logics: Set<string>;
}

/** Creates the empty vocabulary of a new client. */
export function newVocabulary(): ServerVocabulary {
  return { logics: new Set() };
}

/**
 * What the reading of one answer shares between its credits: the client's vocabulary, and the
 * amounts and UUIDs already read (a page repeats its organization's amounts and UUIDs on every
 * credit; a `Decimal` is immutable, so one instance serves them all).
 */
export interface ReadContext {
  readonly vocabulary: ServerVocabulary | undefined;
  readonly decimals: Map<unknown, Decimal>;
  readonly uuids: Map<unknown, string>;
}

/** A fresh context for reading one answer. */
export function readContext(vocabulary?: ServerVocabulary): ReadContext {
  return { vocabulary, decimals: new Map(), uuids: new Map() };
}

const NO_EXTRA_FIELDS: Readonly<Record<string, unknown>> = Object.freeze(Object.create(null) as Record<string, unknown>);

function wrongType(where: string, field: string, value: unknown, expected: string): ShapeError {
  return new ShapeError(`${where}.${field} is ${describe(value)}, not ${expected}`);
}

function readOwnUuid(value: unknown, where: string, field: string): string {
  const uuid = canonicalUuid(value);
  if (uuid === undefined) throw wrongType(where, field, value, 'a UUID');
  return uuid;
}

function readOwnDecimal(value: unknown, where: string, field: string, computed: boolean): Decimal {
  if (value === null) throw new ShapeError(`${where}.${field} is null, not a decimal`);
  try {
    return (computed ? fromComputedAmount(value) : fromWireDecimal(value)) as Decimal;
  } catch (error) {
    throw new ShapeError(`${where}.${field} is ${error instanceof NotADecimal ? error.message : 'not a decimal'}`);
  }
}

function readUuid(context: ReadContext, value: unknown, where: string, field: string): string {
  let uuid = context.uuids.get(value);
  if (uuid === undefined) {
    uuid = readOwnUuid(value, where, field);
    context.uuids.set(value, uuid);
  }
  return uuid;
}

/**
 * A decimal through the context's cache. A stored field (`computed` false) reads a JSON number
 * past the cache: the cache may hold it read as a computed amount, which a stored field refuses
 * when it has more than 15 significant digits.
 */
function readDecimal(context: ReadContext, value: unknown, where: string, field: string, computed: boolean): Decimal {
  if (!computed && typeof value === 'number') return readOwnDecimal(value, where, field, false);
  let decimal = context.decimals.get(value);
  if (decimal === undefined) {
    decimal = readOwnDecimal(value, where, field, computed);
    context.decimals.set(value, decimal);
  }
  return decimal;
}

/**
 * Each known field's row, by wire name: how it is read, and whether it may be `null`. Copied to
 * one object shape (the table's rows omit what they do not state): the read of every field of
 * every credit then looks its row up through one hidden class, about 5% of a page's read.
 */
const ROWS: ReadonlyMap<string, Pick<CreditField, 'kind' | 'nullable' | 'repeats'>> = new Map(
  Object.entries(CREDIT_FIELDS).map(([name, row]: [string, CreditField]) => [name, { kind: row.kind, nullable: row.nullable, repeats: row.repeats }]),
);

/**
 * Reads one credit from the server, converting the freshly parsed object in place (it is owned by
 * no one else). Liberal: optional fields may be missing, enum values this SDK does not know pass
 * through, fields it does not know move to `extraFields`. Strict about what it converts: a missing
 * required field or a known field of the wrong type is a {@link ShapeError}, never a silent
 * `undefined`; a stored amount is exact or refused, and a JSON number the server computed is the
 * decimal the server wrote (its shortest round-trip digits).
 */
export function readCredit(raw: unknown, where = 'credit', context: ReadContext = readContext()): ProjectCredit {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ShapeError(`${where} is ${describe(raw)}, not an object`);
  }
  const wire = raw as Record<string, unknown>;
  let extra: Record<string, unknown> | undefined;
  for (const field in wire) {
    const value = wire[field];
    const row = ROWS.get(field);
    if (row === undefined) {
      // A prototype-less object: a `__proto__` key from the server is just a key.
      (extra ??= Object.create(null) as Record<string, unknown>)[field] = value;
      continue;
    }
    if (value === null && row.nullable) continue;
    switch (row.kind) {
      // A credit's own UUIDs and amounts are read directly; those that repeat across the credits
      // of a page (the organization's), through the context's cache.
      case 'uuid':
        wire[field] = row.repeats ? readUuid(context, value, where, field) : readOwnUuid(value, where, field);
        break;
      // Stored decimals (sent back by update): a JSON number is read only when it cannot have been
      // rounded. Amounts the server computed (read-only): a JSON number is the decimal the server wrote.
      case 'decimal':
      case 'amount': {
        const computed = row.kind === 'amount';
        wire[field] = row.repeats ? readDecimal(context, value, where, field, computed) : readOwnDecimal(value, where, field, computed);
        break;
      }
      case 'text':
      case 'project':
      case 'date':
        if (typeof value !== 'string') throw wrongType(where, field, value, 'a string');
        break;
      case 'enum':
        if (typeof value !== 'string') throw wrongType(where, field, value, 'a string');
        // Remembered (a bounded few) so that the credit can be sent back to the server that sent it.
        if (!LOGICS.has(value) && context.vocabulary && context.vocabulary.logics.size < 32 && value.length <= 64) {
          context.vocabulary.logics.add(value);
        }
        break;
      case 'boolean':
        if (typeof value !== 'boolean') throw wrongType(where, field, value, 'a boolean');
        break;
      case 'offerings':
        wire[field] = readOfferings(context, value, `${where}.offerings`);
    }
  }
  for (const field of REQUIRED_FIELDS) {
    if (wire[field] === undefined) {
      throw new ShapeError(`${where}.${field} is missing: every Waldur sends it, so this server does not look compatible (check baseUrl)`);
    }
  }
  if (extra) for (const field in extra) delete wire[field];
  wire.extraFields = extra ?? NO_EXTRA_FIELDS;
  return wire as unknown as ProjectCredit;
}

function readOfferings(context: ReadContext, raw: unknown, where: string): NestedPublicOffering[] {
  if (!Array.isArray(raw)) throw new ShapeError(`${where} is ${describe(raw)}, not an array`);
  for (let i = 0; i < raw.length; i++) {
    const item: unknown = raw[i];
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      throw new ShapeError(`${where}.${i} is ${describe(item)}, not an object`);
    }
    const offering = item as Record<string, unknown>;
    let extra: Record<string, unknown> | undefined;
    for (const field in offering) {
      const value = offering[field];
      if (field === 'uuid') offering.uuid = readUuid(context, value, `${where}.${i}`, field);
      else if (field === 'url' || field === 'type' || field === 'name') {
        if (typeof value !== 'string') throw wrongType(`${where}.${i}`, field, value, 'a string');
      } else (extra ??= Object.create(null) as Record<string, unknown>)[field] = value;
    }
    if (extra) for (const field in extra) delete offering[field];
    offering.extraFields = extra ?? NO_EXTRA_FIELDS;
  }
  return raw as NestedPublicOffering[];
}
