/**
 * A change file for `apply`, read into the changes `projectCredits.applyChanges` takes. CSV is read
 * by csv-parse, JSON by `JSON.parse`. Amounts stay the strings they were written as: never a
 * number, so never rounded. Each change remembers where it was written (`changes.csv line 4`,
 * `changes.json [2]`), so an error names the row a person can find.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { CsvError, parse } from 'csv-parse/sync';
import type { CreditUpdate, ProjectCreditPatch } from 'waldur-project-credits';
import { UsageError } from './errors.js';
import { ALL_FIELDS, DECIMAL_FIELDS } from './fields.js';
import type { Field } from './fields.js';
import { restore } from './safe.js';

/** One change: the credit, and the absolute values wanted for some of its writable fields. */
export type Change = CreditUpdate;

/** The fields a change may set. */
export const WRITABLE_FIELDS = [
  'value',
  'end_date',
  'expected_consumption',
  'minimal_consumption_logic',
  'grace_coefficient',
  'apply_as_minimal_consumption',
  'mark_unused_credit_as_spent_on_project_termination',
  'use_organisation_credit',
  'project',
] as const satisfies readonly (keyof ProjectCreditPatch)[];

type Writable = (typeof WRITABLE_FIELDS)[number];

const WRITABLE: ReadonlySet<string> = new Set(WRITABLE_FIELDS);
const BOOLEANS: ReadonlySet<string> = new Set(['apply_as_minimal_consumption', 'mark_unused_credit_as_spent_on_project_termination', 'use_organisation_credit']);
/** Columns an export writes that cannot be set: ignored, so an edited export is a change file. */
const READ_ONLY: ReadonlySet<string> = new Set(ALL_FIELDS.filter((f) => f !== 'uuid' && !WRITABLE.has(f)));

/** The changes of a file, and where each was written. */
export interface ChangeFile {
  /** The file's name, as given. */
  name: string;
  changes: Change[];
  /** `line 4` (CSV) or `[2]` (JSON), by change. */
  where: string[];
}

function unknownColumn(name: string, file: string): UsageError {
  return new UsageError(
    `${file}: ${JSON.stringify(name)} is not a field a change can set; the columns are uuid and ${WRITABLE_FIELDS.join(', ')}`,
    'fix the header, then run again',
  );
}

/** Reads a CSV change file: a header with `uuid` and writable fields; an empty cell is not part of the change. */
export function parseCsvChanges(text: string, name: string): ChangeFile {
  const file = basename(name);
  let header: string[] = [];
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(text, {
      bom: true,
      trim: true,
      skip_empty_lines: true,
      info: true,
      columns: (names: string[]) => {
        header = names.map((n) => String(n).trim());
        const seen = new Set<string>();
        for (const column of header) {
          if (seen.has(column)) throw new UsageError(`${file}: the column ${JSON.stringify(column)} appears twice`, 'fix the header, then run again');
          seen.add(column);
          if (column !== 'uuid' && !WRITABLE.has(column) && !READ_ONLY.has(column)) throw unknownColumn(column, file);
        }
        if (!seen.has('uuid')) throw new UsageError(`${file}: the header has no uuid column (it names the credit of each row)`, 'add one, then run again');
        return header;
      },
    }) as unknown as typeof records;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    if (error instanceof CsvError) throw new UsageError(`${file}: not valid CSV: ${error.message}`, 'fix the file, then run again');
    throw error;
  }
  const changes: Change[] = [];
  const where: string[] = [];
  for (const { record, info } of records) {
    const at = `line ${info.lines}`;
    const change: Record<string, unknown> = { uuid: record.uuid ?? '' };
    for (const column of header) {
      const cell = record[column] ?? '';
      if (column === 'uuid' || !WRITABLE.has(column) || cell === '') continue;
      change[column] = csvCell(column as Writable, cell, `${file} ${at}`);
    }
    if (change.uuid === '') throw new UsageError(`${file} ${at}: the uuid is empty`, 'give the credit of every row, then run again');
    changes.push(change as unknown as Change);
    where.push(at);
  }
  return { name: file, changes, where };
}

function csvCell(column: Writable, cell: string, at: string): unknown {
  // A text cell the export neutralised ('=…, '-…) is the server's text again; amounts are as written.
  if (!DECIMAL_FIELDS.has(column as Field)) cell = restore(cell);
  if (BOOLEANS.has(column)) {
    if (/^true$/i.test(cell)) return true;
    if (/^false$/i.test(cell)) return false;
    throw new UsageError(`${at}: ${column} must be true or false, got ${JSON.stringify(cell)}`, 'fix that row, then run again');
  }
  if (column === 'end_date' && /^null$/i.test(cell)) return null;
  return cell;
}

/** Reads a JSON change file: an array of objects with `uuid` and writable fields; amounts as strings. */
export function parseJsonChanges(text: string, name: string): ChangeFile {
  const file = basename(name);
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new UsageError(`${file}: not valid JSON: ${error instanceof Error ? error.message : String(error)}`, 'fix the file, then run again');
  }
  if (!Array.isArray(data)) throw new UsageError(`${file}: expected an array of changes ([{"uuid": "…", "value": "100.50"}, …])`, 'fix the file, then run again');
  const changes: Change[] = [];
  const where: string[] = [];
  data.forEach((item: unknown, i) => {
    const at = `[${i}]`;
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      throw new UsageError(`${file} ${at}: expected an object with a uuid and the fields to set`, 'fix that item, then run again');
    }
    const change: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(item)) {
      if (key !== 'uuid' && !WRITABLE.has(key)) {
        if (READ_ONLY.has(key)) continue;
        throw unknownColumn(key, `${file} ${at}`);
      }
      if (DECIMAL_FIELDS.has(key as Field) && typeof value === 'number') {
        throw new UsageError(
          `${file} ${at}: ${key} is the JSON number ${JSON.stringify(value)}; write amounts as strings ("${String(value)}"), which are never rounded`,
          'quote the amount, then run again',
        );
      }
      change[key] = value;
    }
    if (typeof change.uuid !== 'string' || change.uuid === '') throw new UsageError(`${file} ${at}: no uuid`, 'give the credit of every item, then run again');
    changes.push(change as unknown as Change);
    where.push(at);
  });
  return { name: file, changes, where };
}

/** Reads `path`: `.json` as JSON, `.csv` as CSV. */
export async function readChangeFile(path: string): Promise<ChangeFile> {
  const lower = path.toLowerCase();
  if (!lower.endsWith('.csv') && !lower.endsWith('.json')) {
    throw new UsageError(`${JSON.stringify(path)}: a change file is .csv or .json`, 'name it so, then run again');
  }
  const text = await readFile(path, 'utf8');
  const file = lower.endsWith('.json') ? parseJsonChanges(text, path) : parseCsvChanges(text, path);
  if (file.changes.length === 0) throw new UsageError(`${file.name} holds no changes`, 'add a row per credit to change');
  return file;
}
