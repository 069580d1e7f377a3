#!/usr/bin/env node
// `npm start`: the SDK doing its job. With no WALDUR_URL it runs against an embedded fake Waldur
// (300 realistic credits, in this process); with WALDUR_URL and WALDUR_TOKEN it runs the read-only
// part against that server. Uses only the public API of the built package.
import { createWaldurClient, Decimal, WaldurInputError, WaldurNotFoundError } from '../dist/index.js';
import { createFakeWaldur } from '../dist/testing.js';

if (process.argv.includes('--help')) {
  console.log(`Usage: npm start
  Walks through waldur-project-credits against an embedded fake Waldur: count, page through all
  credits, top credits by value, then create, patch, two typed errors, delete.
Environment:
  WALDUR_URL         a real Waldur to read from instead (read-only part only)
  WALDUR_TOKEN       its API token (required with WALDUR_URL)
  WALDUR_TOKEN_TYPE  Token (default) or Bearer`);
  process.exit(0);
}

const live = process.env.WALDUR_URL;
if (live && !process.env.WALDUR_TOKEN) {
  console.error('WALDUR_URL is set but WALDUR_TOKEN is not: set both, or neither for the embedded fake.');
  process.exit(2);
}
const fake = live ? undefined : createFakeWaldur({ credits: 300, token: 'demo-token' });
const waldur = createWaldurClient(
  fake
    ? { baseUrl: fake.baseUrl, token: 'demo-token', fetch: fake.fetch }
    : { baseUrl: live, token: process.env.WALDUR_TOKEN, tokenType: process.env.WALDUR_TOKEN_TYPE ?? 'Token' },
);
const tty = process.stdout.isTTY;
const line = (text = '') => console.log(text);

line(`waldur-project-credits against ${fake ? `an embedded fake Waldur (${fake.baseUrl})` : waldur.baseUrl}`);
line();

const total = await waldur.projectCredits.count();
line(`1. count: ${total} project credits (HEAD, X-Result-Count)`);

let shown = 0;
const all = await waldur.projectCredits.listAll(
  { page_size: 50 },
  {
    onProgress: ({ fetched, total: t }) => {
      const text = `   paging: ${String(fetched).padStart(5)} / ${t ?? '?'} credits`;
      if (tty) process.stdout.write(`\r${text}`);
      else if (fetched === t || ++shown % 2 === 1) line(text);
    },
  },
);
if (tty) process.stdout.write('\n');
const sum = all.reduce((acc, c) => acc.plus(c.value), new Decimal(0));
const floatSum = all.reduce((acc, c) => acc + Number(c.value), 0);
line(`2. walked ${all.length} credits in pages of 50, up to 8 in flight; allocated in all: ${sum.toFixed(5)}`);
line(`   (the same sum in floats would be ${floatSum}: money is never a float here)`);
line();

const top = await waldur.projectCredits.list({ o: ['-value'], page_size: 5 });
line('3. top 5 credits by value (o=-value):');
const rows = top.items.map((c) => [c.project_name, c.customer_name ?? '', c.value.toFixed(5), c.end_date ?? 'none', c.minimal_consumption_logic ?? '']);
const head = ['project', 'organization', 'value', 'end date', 'logic'];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const fmt = (r) => '   ' + r.map((cell, i) => (i === 2 ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join('  ');
line(fmt(head));
line('   ' + widths.map((w) => '-'.repeat(w)).join('  '));
for (const r of rows) line(fmt(r));
line();

if (!fake) {
  line('Read-only against a real server: create, patch and delete are shown only with the embedded fake.');
  process.exit(0);
}

const project = '5b1f0c2e-7d3a-4e9b-8c6d-2f4a1b3c5d7e';
const made = await waldur.projectCredits.create({ project, value: '1250.75', end_date: '2027-12-31', minimal_consumption_logic: 'linear' });
line(`4. created ${made.uuid} for project ${made.project_uuid}: value ${made.value.toFixed(2)}, ends ${made.end_date}`);
const patched = await waldur.projectCredits.patch(made.uuid, { value: new Decimal('1500.00001') });
line(`5. patched value → ${patched.value.toFixed(5)} (sent as "1500.00001", exactly)`);

try {
  await waldur.projectCredits.patch(made.uuid, { value: 0.1 + 0.2 });
} catch (error) {
  if (!(error instanceof WaldurInputError)) throw error;
  line(`6. bad input is refused before any request: ${error.name} (${error.field}): ${error.reason}`);
}
try {
  await waldur.projectCredits.get('00000000000040008000000000000000');
} catch (error) {
  if (!(error instanceof WaldurNotFoundError)) throw error;
  line(`7. a missing credit: ${error.name}, status ${error.status}, detail "${error.detail}"`);
}
await waldur.projectCredits.delete(made.uuid);
line(`8. deleted ${made.uuid}; ${await waldur.projectCredits.count()} credits remain`);
