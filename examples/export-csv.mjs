#!/usr/bin/env node
// Exports every credit of one organization to CSV, exactly (no float ever touches an amount).
//
//   node examples/export-csv.mjs [customer-uuid] > credits.csv
//
// Without WALDUR_URL it runs against the embedded fake Waldur; with WALDUR_URL and WALDUR_TOKEN it
// reads that server. Progress goes to stderr, the CSV to stdout. The CSV is written by
// csv-stringify (the `csv` project's writer, as `waldur-credits export` uses): quoting is its job.
// The columns are those of `waldur-credits export`, so the file, edited, is a change file for
// `waldur-credits apply` (which ignores the read-only columns, such as the names).
// For every credit of a server, without code: `waldur-credits export --customer-uuid <uuid>`.
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import { createWaldurClient } from 'waldur-project-credits';
import { createFakeWaldur } from 'waldur-project-credits/testing';

const customer = process.argv[2] ?? 'a9b8c7d6e5f44321b0a9f8e7d6c5b4a3'; // the fake's University of Tartu
const fake = process.env.WALDUR_URL ? undefined : createFakeWaldur({ credits: 500 });
const waldur = createWaldurClient(
  fake ? { baseUrl: fake.baseUrl, token: 'test', fetch: fake.fetch } : { baseUrl: process.env.WALDUR_URL, token: process.env.WALDUR_TOKEN },
);

const columns = [
  'uuid',
  'project_uuid',
  'project_name',
  'customer_uuid',
  'customer_name',
  'value',
  'end_date',
  'expected_consumption',
  'minimal_consumption_logic',
];
const text = new Set(['project_name', 'customer_name', 'end_date', 'minimal_consumption_logic']);
const decimal = (d) => (d ? d.toFixed() : ''); // exact digits, never an exponent

// Project members choose the names, and the file is meant for a spreadsheet: a text cell that a
// spreadsheet would run as a formula (=, +, -, @, tab, CR first) gets a leading ' (csv-stringify's
// escape_formulas, OWASP's rule), and text is quoted. Amounts are left exact: a negative amount
// keeps its -.
const cast = {
  string: (value, { column, header }) => (!header && text.has(column) && value !== '' ? { value, quoted: true, escape_formulas: true } : value),
};

// `… | head` closes the pipe early: that is not an error.
process.stdout.on('error', (error) => (error.code === 'EPIPE' ? process.exit(0) : Promise.reject(error)));
const csv = stringify({ header: true, columns, cast });
csv.pipe(process.stdout); // pipe() never closes stdout
let rows = 0;
for await (const credit of waldur.projectCredits.list({ customer_uuid: customer, o: ['project_name'], page_size: 100 })) {
  const row = {
    uuid: credit.uuid,
    project_uuid: credit.project_uuid,
    project_name: credit.project_name,
    customer_uuid: credit.customer_uuid ?? '',
    customer_name: credit.customer_name ?? '',
    value: decimal(credit.value),
    end_date: credit.end_date ?? '',
    expected_consumption: decimal(credit.expected_consumption),
    minimal_consumption_logic: credit.minimal_consumption_logic ?? '',
  };
  // write() answers false while the reader is behind: wait for it, so memory stays flat.
  if (!csv.write(row)) await once(csv, 'drain');
  rows++;
}
csv.end();
await finished(csv);
process.stderr.write(`exported ${rows} credits of organization ${customer}\n`);
