/**
 * Credits written out: a table (for people), CSV through csv-stringify, JSON, NDJSON. Amounts are
 * exact decimal strings in every format. CSV and NDJSON stream: a credit is written when it
 * arrives, and a slow reader (a pipe, a disk) holds the walk back instead of filling memory.
 * Whatever the server sent, a table shows control characters escaped, CSV text cannot run as a
 * formula, and JSON strings parse back unchanged (see safe.ts).
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Writable } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { ProjectCredit } from 'waldur-project-credits';
import { ALL_FIELDS, creditJson, csvFields, DECIMAL_FIELDS, TABLE_FIELDS, TEXT_FIELDS, textValue } from './fields.js';
import type { Field } from './fields.js';
import type { Format } from './args.js';
import { displayWidth, jsonText, neutralise, printable } from './safe.js';

/**
 * A table: a header, then rows, columns two spaces apart; right-aligned where `right` says so.
 * Cells are shown {@link printable} (a control character as its escape: one row a line, whatever
 * a name holds) and measured in terminal columns (CJK and emoji take two), so columns line up.
 */
export function renderTable(header: readonly string[], rows: readonly (readonly string[])[], right: readonly boolean[] = []): string {
  const shown = [header, ...rows].map((cells) => cells.map((cell) => printable(cell)));
  // A loop, not Math.max(...): a table of every credit may have more rows than a call has arguments.
  const widths = header.map(() => 0);
  for (const cells of shown) cells.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, displayWidth(cell))));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => {
        const pad = ' '.repeat(Math.max(0, (widths[i] ?? 0) - displayWidth(cell)));
        return right[i] ? `${pad}${cell}` : i === cells.length - 1 ? cell : `${cell}${pad}`;
      })
      .join('  ')
      .trimEnd();
  return shown.map((cells) => `${line(cells)}\n`).join('');
}

/** Credits as a table, one a line. */
export function creditTable(credits: readonly ProjectCredit[], fields: readonly Field[] = TABLE_FIELDS): string {
  if (credits.length === 0) return '(no credits)\n';
  return renderTable(
    fields,
    credits.map((c) => fields.map((f) => textValue(c, f))),
    fields.map((f) => DECIMAL_FIELDS.has(f)),
  );
}

/** One credit as a table, one field a line (every field the server sent, unless `fields` says). */
export function fieldTable(credit: ProjectCredit, fields?: readonly Field[]): string {
  const shown = fields ?? ALL_FIELDS.filter((f) => credit[f] !== undefined);
  return renderTable(
    ['field', 'value'],
    shown.map((f) => [f, credit[f] === null ? 'null' : textValue(credit, f)]),
  );
}

/** Where credits go, and whether that is the end of it (stdout is left open; a file is closed). */
export interface Sink {
  out: Writable;
  end: boolean;
}

/** Writes `chunks` to the sink, waiting for it to drain. */
async function pump(chunks: Iterable<string> | AsyncIterable<string>, sink: Sink): Promise<void> {
  await pipeline(Readable.from(chunks, { objectMode: false }), sink.out, { end: sink.end });
}

/**
 * Writes the credits in one of the streamed formats (`csv`, `ndjson`, `json`) as they come.
 * Answers how many were written.
 */
export async function streamCredits(
  credits: AsyncIterable<ProjectCredit>,
  format: Exclude<Format, 'table'>,
  fields: readonly Field[] | undefined,
  sink: Sink,
  options: CsvOptions = {},
): Promise<number> {
  let count = 0;
  const iterator = credits[Symbol.asyncIterator]();
  if (format === 'csv') {
    // The columns come from the first credit (use_organisation_credit only when the server has it).
    const first = await iterator.next();
    const columns = fields ?? csvFields(first.done ? undefined : first.value);
    async function* rows(): AsyncGenerator<Record<string, string>> {
      let next = first;
      while (!next.done) {
        count++;
        yield Object.fromEntries(columns.map((f) => [f, textValue(next.value as ProjectCredit, f)]));
        next = await iterator.next();
      }
    }
    await pipeline(Readable.from(rows()), stringify({ header: true, columns: [...columns], cast: { string: csvCell(options) } }), sink.out, {
      end: sink.end,
    });
    return count;
  }
  async function* lines(): AsyncGenerator<string> {
    if (format === 'json') yield '[';
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      const json = jsonText(creditJson(next.value, fields), format === 'json' ? 2 : undefined);
      // Indented line by line: JSON.stringify breaks lines with \n only (never inside a string).
      if (format === 'json') yield `${count === 0 ? '\n' : ',\n'}  ${json.replaceAll('\n', '\n  ')}`;
      else yield `${json}\n`;
      count++;
    }
    if (format === 'json') yield count === 0 ? ']\n' : '\n]\n';
  }
  await pump(lines(), sink);
  return count;
}

/** How CSV cells are written. */
export interface CsvOptions {
  /** `--csv-raw-text`: text cells exactly as the server sent them, even those a spreadsheet would run as a formula. */
  rawText?: boolean;
  /** The CSV goes to a terminal (not a file or a pipe): control characters are shown escaped, as in a table. */
  terminal?: boolean;
}

/**
 * How each CSV cell is written. Amounts are never changed: a negative amount keeps its `-`, every
 * digit stays. Any other cell that a spreadsheet would run as a formula gets a leading `'`
 * (unless `rawText`), and the cells of text columns are always quoted, so that a `;` or a tab in
 * a name cannot start a new cell in a spreadsheet that splits on those (OWASP's CSV injection
 * advice). On a terminal, control characters are shown escaped too (a terminal is no file: nothing
 * parses it). The header is ours and left as it is.
 */
function csvCell(options: CsvOptions) {
  return (value: string, context: { header?: boolean; column?: string | number }): string | { value: string; quoted: boolean } => {
    if (context.header || DECIMAL_FIELDS.has(context.column as Field)) return value;
    const text = options.rawText ? value : neutralise(value);
    const cell = options.terminal ? printable(text) : text;
    return TEXT_FIELDS.has(context.column as Field) && cell !== '' ? { value: cell, quoted: true } : cell;
  };
}

/**
 * Whether a failure is only the reader of stdout going away (`… | head`): the end of a listing,
 * not an error; `apply` stops sending there (its report can no longer be written).
 */
export function closedPipe(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'EPIPE' || code === 'ERR_STREAM_PREMATURE_CLOSE' || code === 'ERR_STREAM_DESTROYED';
}

/** Writes text to the sink (and closes a file). */
export async function writeText(text: string, sink: Sink): Promise<void> {
  await pump([text], sink);
}

/** An async iterable over an array. */
// eslint-disable-next-line @typescript-eslint/require-await -- an async generator is how an array becomes an AsyncIterable; nothing to await
export async function* fromArray<T>(items: readonly T[]): AsyncGenerator<T> {
  yield* items;
}
