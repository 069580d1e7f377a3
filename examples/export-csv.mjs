#!/usr/bin/env node
// Exports every credit of one organization to CSV, exactly (no float ever touches an amount).
//
//   node examples/export-csv.mjs [customer-uuid] > credits.csv
//
// Without WALDUR_URL it runs against the embedded fake Waldur; with WALDUR_URL and WALDUR_TOKEN it
// reads that server. Progress goes to stderr, the CSV to stdout.
import { createWaldurClient } from 'waldur-project-credits';
import { createFakeWaldur } from 'waldur-project-credits/testing';

const customer = process.argv[2] ?? 'a9b8c7d6e5f44321b0a9f8e7d6c5b4a3'; // the fake's University of Tartu
const fake = process.env.WALDUR_URL ? undefined : createFakeWaldur({ credits: 500 });
const waldur = createWaldurClient(
  fake ? { baseUrl: fake.baseUrl, token: 'test', fetch: fake.fetch } : { baseUrl: process.env.WALDUR_URL, token: process.env.WALDUR_TOKEN },
);

const columns = ['uuid', 'project', 'organization', 'value', 'expected_consumption', 'end_date', 'minimal_consumption_logic'];
const cell = (text) => (/[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);
const decimal = (d) => (d ? d.toFixed() : ''); // exact digits, never an exponent

// `… | head` closes the pipe early: that is not an error.
process.stdout.on('error', (error) => (error.code === 'EPIPE' ? process.exit(0) : Promise.reject(error)));
process.stdout.write(`${columns.join(',')}\n`);
let rows = 0;
for await (const credit of waldur.projectCredits.list({ customer_uuid: customer, o: ['project_name'], page_size: 100 })) {
  const row = [credit.uuid, credit.project_name ?? '', credit.customer_name ?? '', decimal(credit.value), decimal(credit.expected_consumption), credit.end_date ?? '', credit.minimal_consumption_logic ?? ''];
  process.stdout.write(`${row.map((v) => cell(String(v))).join(',')}\n`);
  rows++;
}
process.stderr.write(`exported ${rows} credits of organization ${customer}\n`);
