/**
 * The plan of `applyChanges`: a checked row, and the fields of it that differ from the credit as
 * the server holds it (compared as each field's kind says: amounts by value, the project by UUID).
 */
import { Decimal } from '../../core/decimal.js';
import { fieldRow } from '../fields.js';
import type { ProjectCredit, ProjectCreditPatch } from '../types.js';
import { projectUuid } from '../write.js';
import type { PlannedChange } from './types.js';

/** A row checked: its credit and the wire form of each field it sets (the form the comparison uses). */
export interface Row {
  uuid: string;
  input: ProjectCreditPatch;
  wire: Record<string, unknown>;
}

/** Whether `credit`, as read, carries `field` (a server that does not know a field leaves it out). */
export function carries(credit: ProjectCredit, field: string): boolean {
  return (credit as unknown as Record<string, unknown>)[field] !== undefined;
}

/** The fields of `row` that differ from `credit`; `undefined` when none does. */
export function difference(row: Row, credit: ProjectCredit): PlannedChange | undefined {
  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = {};
  const server = credit as unknown as Record<string, unknown>;
  for (const [field, wire] of Object.entries(row.wire)) {
    let now: unknown = server[field];
    let wantedValue: unknown = wire;
    let same: boolean;
    const kind = fieldRow(field)?.kind;
    if (kind === 'decimal') {
      wantedValue = new Decimal(wire as string);
      same = Decimal.isDecimal(now) && now.eq(wantedValue as Decimal);
    } else if (kind === 'project') {
      now = credit.project_uuid;
      wantedValue = projectUuid(wire as string);
      same = now === wantedValue;
    } else {
      same = now === wire;
    }
    if (!same) {
      before[field] = now;
      after[field] = wantedValue;
    }
  }
  return Object.keys(after).length > 0 ? { uuid: row.uuid, project_name: credit.project_name, before, after } : undefined;
}

/** The given fields of `source`. */
export function pick<T extends object>(source: T, fields: readonly string[]): T {
  const out: Record<string, unknown> = {};
  for (const field of fields) out[field] = (source as Record<string, unknown>)[field];
  return out as T;
}
