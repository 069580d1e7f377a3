/**
 * A change file for `apply`, read as a stream into the changes `projectCredits.applyChanges` takes,
 * a batch at a time: memory holds one batch, whatever the size of the file. CSV is read by
 * csv-parse; JSON (an array of objects) is cut into its items here, each read by `JSON.parse`.
 * Amounts stay the strings they were written as: never a number, so never rounded. Each change
 * keeps where it was written (`changes.csv line 4`, `changes.json [2]`), so an error names the row
 * a person can find.
 */
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { CsvError, parse } from 'csv-parse';
import type { CreditUpdate } from 'waldur-project-credits';
import { BOOLEAN_INPUTS, CREDIT_FIELDS, WRITABLE_FIELDS as WRITABLE_IN_TABLE } from '../project-credits/fields.js';
import type { WritableFieldName } from '../project-credits/fields.js';
import { UsageError } from './errors.js';
import { ALL_FIELDS, DECIMAL_FIELDS } from './fields.js';
import type { Field } from './fields.js';
import { restore } from './safe.js';

/** One change: the credit, and the absolute values wanted for some of its writable fields. */
export type Change = CreditUpdate;

/** The fields a change may set, as messages list them: the credit's own settings, then the project it moves to. */
export const WRITABLE_FIELDS: readonly WritableFieldName[] = [
  ...WRITABLE_IN_TABLE.filter((name) => CREDIT_FIELDS[name].kind !== 'project'),
  ...WRITABLE_IN_TABLE.filter((name) => CREDIT_FIELDS[name].kind === 'project'),
];

type Writable = WritableFieldName;

const WRITABLE: ReadonlySet<string> = new Set(WRITABLE_FIELDS);
/** Columns an export writes that cannot be set: ignored, so an edited export is a change file. */
const READ_ONLY: ReadonlySet<string> = new Set(ALL_FIELDS.filter((f) => f !== 'uuid' && !WRITABLE.has(f)));
/** The longest row (or JSON item) read: a change is a few hundred bytes, so more is not a change file. */
const MAX_ROW_BYTES = 1 << 20;

/** Some consecutive changes of a file, and where each was written. */
export interface ChangeBatch {
  changes: Change[];
  /** By change: its line (CSV, the row's last line) or its index in the array (JSON). */
  positions: number[];
}

/** Where a batch's change number `index` was written. */
export function positionOf(batch: ChangeBatch, index: number): number {
  const position = batch.positions[index];
  if (position === undefined) throw new RangeError(`a batch of ${batch.positions.length} changes has no change ${index}`);
  return position;
}

/** A change file, read as often as asked, a batch at a time. */
export interface ChangeFile {
  /** The file's name without its folder, as errors say it. */
  name: string;
  /** Where a change was written, as people read it: `line 4` (CSV) or `[2]` (JSON). */
  where(position: number): string;
  /** Reads the file from the start, in batches of at most `size` changes. */
  batches(size: number): AsyncGenerator<ChangeBatch, void, undefined>;
}

function unknownColumn(name: string, file: string): UsageError {
  return new UsageError(
    `${file}: ${JSON.stringify(name)} is not a field a change can set; the columns are uuid and ${WRITABLE_FIELDS.join(', ')}`,
    'fix the header, then run again',
  );
}

/** A change file at `path`: `.json` as JSON, `.csv` as CSV. Nothing is read until `batches` is iterated. */
export function changeFile(path: string): ChangeFile {
  const lower = path.toLowerCase();
  if (!lower.endsWith('.csv') && !lower.endsWith('.json')) {
    throw new UsageError(`${JSON.stringify(path)}: a change file is .csv or .json`, 'name it so, then run again');
  }
  const name = basename(path);
  const json = lower.endsWith('.json');
  return {
    name,
    where: json ? (i) => `[${i}]` : (line) => `line ${line}`,
    batches: (size) => batched(json ? jsonChanges(path, name) : csvChanges(path, name), size),
  };
}

async function* batched(rows: AsyncIterable<[Change, number]>, size: number): AsyncGenerator<ChangeBatch, void, undefined> {
  let batch: ChangeBatch = { changes: [], positions: [] };
  for await (const [change, position] of rows) {
    batch.changes.push(change);
    batch.positions.push(position);
    if (batch.changes.length >= size) {
      yield batch;
      batch = { changes: [], positions: [] };
    }
  }
  if (batch.changes.length > 0) yield batch;
}

/** The rows of a CSV change file: a header with `uuid` and writable fields; an empty cell is not part of the change. */
async function* csvChanges(path: string, file: string): AsyncGenerator<[Change, number]> {
  let header: string[] = [];
  const source = createReadStream(path);
  const parser = source.pipe(
    parse({
      bom: true,
      trim: true,
      skip_empty_lines: true,
      info: true,
      max_record_size: MAX_ROW_BYTES,
      columns: (names: string[]) => {
        header = names.map((n) => n.trim());
        const seen = new Set<string>();
        for (const column of header) {
          if (seen.has(column)) throw new UsageError(`${file}: the column ${JSON.stringify(column)} appears twice`, 'fix the header, then run again');
          seen.add(column);
          if (column !== 'uuid' && !WRITABLE.has(column) && !READ_ONLY.has(column)) throw unknownColumn(column, file);
        }
        if (!seen.has('uuid'))
          throw new UsageError(`${file}: the header has no uuid column (it names the credit of each row)`, 'add one, then run again');
        return header;
      },
    }),
  );
  // A file that cannot be read (a folder, a permission) fails the reading, instead of leaving it waiting.
  source.once('error', (error) => parser.destroy(error));
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
      const change: Record<string, unknown> = { uuid: record.uuid ?? '' };
      for (const column of header) {
        const cell = record[column] ?? '';
        if (column === 'uuid' || !WRITABLE.has(column) || cell === '') continue;
        change[column] = csvCell(column as Writable, cell, file, info.lines);
      }
      if (change.uuid === '') throw new UsageError(`${file} line ${info.lines}: the uuid is empty`, 'give the credit of every row, then run again');
      yield [change as unknown as Change, info.lines];
    }
  } catch (error) {
    if (error instanceof CsvError) throw new UsageError(`${file}: not valid CSV: ${error.message}`, 'fix the file, then run again');
    throw error;
  } finally {
    parser.destroy();
    source.destroy();
  }
}

/** A cell of `column` as the SDK takes it; a mistake names `file` and its line (the text is built only then: this runs for every cell). */
function csvCell(column: Writable, cell: string, file: string, line: number): unknown {
  // A text cell the export neutralised ('=…, '-…) is the server's text again; amounts are as written.
  if (!DECIMAL_FIELDS.has(column)) cell = restore(cell);
  if (BOOLEAN_INPUTS.has(column)) {
    if (/^true$/i.test(cell)) return true;
    if (/^false$/i.test(cell)) return false;
    throw new UsageError(`${file} line ${line}: ${column} must be true or false, got ${JSON.stringify(cell)}`, 'fix that row, then run again');
  }
  if (column === 'end_date' && /^null$/i.test(cell)) return null;
  return cell;
}

/** The items of a JSON change file: an array of objects with `uuid` and writable fields; amounts as strings. */
async function* jsonChanges(path: string, file: string): AsyncGenerator<[Change, number]> {
  const stream = createReadStream(path, { encoding: 'utf8' });
  try {
    let i = 0;
    for await (const text of jsonArrayItems(stream as AsyncIterable<string>, file)) {
      yield [jsonChange(text, i, file), i];
      i++;
    }
  } finally {
    stream.destroy();
  }
}

function jsonChange(text: string, i: number, file: string): Change {
  const at = `${file} [${i}]`;
  let item: unknown;
  try {
    item = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${at}: not valid JSON: ${error instanceof Error ? error.message : String(error)}`, 'fix the file, then run again');
  }
  if (item === null || typeof item !== 'object' || Array.isArray(item)) {
    throw new UsageError(`${at}: expected an object with a uuid and the fields to set`, 'fix that item, then run again');
  }
  const change: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(item)) {
    if (key !== 'uuid' && !WRITABLE.has(key)) {
      if (READ_ONLY.has(key)) continue;
      throw unknownColumn(key, at);
    }
    if (DECIMAL_FIELDS.has(key as Field) && typeof value === 'number') {
      throw new UsageError(
        `${at}: ${key} is the JSON number ${JSON.stringify(value)}; write amounts as strings ("${String(value)}"), which are never rounded`,
        'quote the amount, then run again',
      );
    }
    change[key] = value;
  }
  if (typeof change.uuid !== 'string' || change.uuid === '') throw new UsageError(`${at}: no uuid`, 'give the credit of every item, then run again');
  return change as unknown as Change;
}

/**
 * Cuts a JSON array, arriving in chunks, into the texts of its items, without holding more than
 * one item: strings and nesting are followed, so a `,` or `]` inside an item does not cut it.
 * Each item's own syntax is left to `JSON.parse`; what is around the items (the brackets, the
 * commas, nothing after the end) is checked here.
 */
async function* jsonArrayItems(chunks: AsyncIterable<string>, file: string): AsyncGenerator<string> {
  const invalid = (problem: string) => new UsageError(`${file}: not valid JSON: ${problem}`, 'fix the file, then run again');
  const notArray = () =>
    new UsageError(`${file}: expected an array of changes ([{"uuid": "…", "value": "100.50"}, …])`, 'fix the file, then run again');
  /** Before the `[`; before an item (or the `]` of an empty array); in an item; after the `]`. */
  let state = 'start' as 'start' | 'before' | 'item' | 'end';
  let items = 0;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let carried = '';
  let first = true;
  for await (let chunk of chunks) {
    if (first) {
      chunk = chunk.replace(/^\uFEFF/, '');
      first = false;
    }
    let start = 0;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (state === 'item') {
        if (inString) {
          if (escaped) escaped = false;
          else if (c === 0x5c)
            escaped = true; // \
          else if (c === 0x22) inString = false; // "
          continue;
        }
        if (c === 0x22) inString = true;
        else if (c === 0x7b || c === 0x5b)
          depth++; // { [
        else if (c === 0x7d || c === 0x5d) {
          // } ]
          if (depth > 0) depth--;
          else {
            // the array's own `]`, right after an item
            yield carried + chunk.slice(start, i);
            carried = '';
            items++;
            state = 'end';
          }
        } else if (c === 0x2c && depth === 0) {
          // ,
          yield carried + chunk.slice(start, i);
          carried = '';
          items++;
          state = 'before';
        }
        continue;
      }
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) continue;
      if (state === 'start') {
        if (c !== 0x5b) throw notArray();
        state = 'before';
      } else if (state === 'before') {
        if (c === 0x5d && items === 0) state = 'end';
        else if (c === 0x5d || c === 0x2c) throw invalid(`item [${items}] is missing`);
        else {
          state = 'item';
          start = i;
          depth = 0;
          inString = false;
          escaped = false;
          i--; // read this character as part of the item
        }
      } else {
        throw invalid(`unexpected text after the end of the array`);
      }
    }
    if (state === 'item') {
      carried += chunk.slice(start);
      if (carried.length > MAX_ROW_BYTES) throw invalid(`item [${items}] is longer than ${MAX_ROW_BYTES} characters: not a change`);
    }
  }
  if (state === 'start') throw notArray();
  if (state !== 'end') throw invalid('the file ends before the array is closed with ]');
}
