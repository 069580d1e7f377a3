#!/usr/bin/env node
// Exports every credit of one organization to CSV, exactly (no float ever touches an amount).
//
//   node examples/export-csv.mjs [customer-uuid] > credits.csv
//
// Without WALDUR_URL it runs against the embedded fake Waldur; with WALDUR_URL and WALDUR_TOKEN it
// reads that server. Progress goes to stderr, the CSV to stdout. The CSV is written by
// csv-stringify (the `csv` project's writer, as `waldur-credits export` uses): quoting is its job.
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

const columns = ['uuid', 'project', 'organization', 'value', 'expected_consumption', 'end_date', 'minimal_consumption_logic'];
const decimal = (d) => (d ? d.toFixed() : ''); // exact digits, never an exponent

// `… | head` closes the pipe early: that is not an error.
process.stdout.on('error', (error) => (error.code === 'EPIPE' ? process.exit(0) : Promise.reject(error)));
const csv = stringify({ header: true, columns });
csv.pipe(process.stdout); // pipe() never closes stdout
let rows = 0;
for await (const credit of waldur.projectCredits.list({ customer_uuid: customer, o: ['project_name'], page_size: 100 })) {
  const row = [credit.uuid, credit.project_name, credit.customer_name ?? '', decimal(credit.value), decimal(credit.expected_consumption), credit.end_date ?? '', credit.minimal_consumption_logic ?? ''];
  // write() answers false while the reader is behind: wait for it, so memory stays flat.
  if (!csv.write(row)) await once(csv, 'drain');
  rows++;
}
csv.end();
await finished(csv);
process.stderr.write(`exported ${rows} credits of organization ${customer}\n`);
