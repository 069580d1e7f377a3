/**
 * Credits written out: a table (for people), CSV through csv-stringify, JSON, NDJSON. Amounts are
 * exact decimal strings in every format. CSV and NDJSON stream: a credit is written when it
 * arrives, and a slow reader (a pipe, a disk) holds the walk back instead of filling memory.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Writable } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { ProjectCredit } from 'waldur-project-credits';
import { ALL_FIELDS, creditJson, csvFields, DECIMAL_FIELDS, TABLE_FIELDS, textValue } from './fields.js';
import type { Field } from './fields.js';
import type { Format } from './args.js';

/** A table: a header, then rows, columns two spaces apart; right-aligned where `right` says so. */
export function renderTable(header: readonly string[], rows: readonly (readonly string[])[], right: readonly boolean[] = []): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (right[i] ? cell.padStart(widths[i]!) : i === cells.length - 1 ? cell : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].map((l) => `${l}\n`).join('');
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
async function pump(chunks: AsyncIterable<string>, sink: Sink): Promise<void> {
  await pipeline(Readable.from(chunks, { objectMode: false }), sink.out, { end: sink.end });
}

/**
 * Writes the credits in one of the streamed formats (`csv`, `ndjson`, `json`) as they come.
 * Answers how many were written.
 */
export async function streamCredits(credits: AsyncIterable<ProjectCredit>, format: Exclude<Format, 'table'>, fields: readonly Field[] | undefined, sink: Sink): Promise<number> {
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
    await pipeline(Readable.from(rows()), stringify({ header: true, columns: [...columns] }), sink.out, { end: sink.end });
    return count;
  }
  async function* lines(): AsyncGenerator<string> {
    if (format === 'json') yield '[';
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      const json = JSON.stringify(creditJson(next.value, fields), null, format === 'json' ? 2 : undefined);
      if (format === 'json') yield `${count === 0 ? '\n' : ',\n'}${json.replace(/^/gm, '  ')}`;
      else yield `${json}\n`;
      count++;
    }
    if (format === 'json') yield count === 0 ? ']\n' : '\n]\n';
  }
  await pump(lines(), sink);
  return count;
}

/** Writes text to the sink (and closes a file). */
export async function writeText(text: string, sink: Sink): Promise<void> {
  await pump(
    (async function* () {
      yield text;
    })(),
    sink,
  );
}

/** An async iterable over an array. */
export async function* fromArray<T>(items: readonly T[]): AsyncGenerator<T> {
  yield* items;
}
