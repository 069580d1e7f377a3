#!/usr/bin/env node
// `npm start`: the SDK doing its job. With no WALDUR_URL it runs against an embedded fake Waldur
// (300 realistic credits, in this process); with WALDUR_URL and WALDUR_TOKEN it runs the read-only
// part against that server. Uses only the public API of the built package.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

// --help answers at once: before any build or import of the package.
if (process.argv.includes('--help') || process.argv.includes('-h')) {
  console.log(`Usage: npm start [-- --help]
  Walks through waldur-project-credits against an embedded fake Waldur: count, page through all
  credits, top credits by value, then create, patch, two typed errors, delete. Builds the package
  first when dist/ is missing or older than src/.
Environment:
  WALDUR_URL         a real Waldur to read from instead (read-only part only), e.g.
                     https://waldur.example.com (the deployment, without /api)
  WALDUR_TOKEN       its API token (required with WALDUR_URL)
  WALDUR_TOKEN_TYPE  Token (default) or Bearer
Exit status: 0 done, 1 the server refused or failed, 2 bad settings.`);
  process.exit(0);
}

const root = new URL('..', import.meta.url).pathname;
/** The newest modification time under `dir`, in milliseconds (0 when absent). */
const newest = (dir) =>
  !existsSync(dir)
    ? 0
    : readdirSync(dir, { withFileTypes: true, recursive: true }).reduce(
        (t, e) => (e.isFile() ? Math.max(t, statSync(join(e.parentPath, e.name)).mtimeMs) : t),
        0,
      );
const built = join(root, 'dist/index.js');
if (!existsSync(built) || statSync(built).mtimeMs < Math.max(newest(join(root, 'src')), newest(join(root, 'generated')))) {
  console.error('building the package first (npm run build)…');
  execFileSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', '-s', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
}
const { createWaldurClient, Decimal, WaldurError, WaldurInputError, WaldurNotFoundError } = await import('../dist/index.js');
const { createFakeWaldur } = await import('../dist/testing.js');

/** What to do about each kind of failure, for the one line an error becomes. */
const HINTS = {
  WaldurInputError: 'fix the setting named above',
  WaldurAuthenticationError: 'check WALDUR_TOKEN (the API token of your Waldur user profile) and WALDUR_TOKEN_TYPE (Token or Bearer)',
  WaldurPermissionDeniedError: 'the token is valid but may not read project credits: ask for a role in an organization',
  WaldurNotFoundError: 'check WALDUR_URL: the deployment address, e.g. https://waldur.example.com, without /api',
  WaldurNetworkError: 'check that WALDUR_URL is reachable from here (DNS, proxy, TLS)',
  WaldurTimeoutError: 'the server did not answer in time: try again, or check WALDUR_URL',
  WaldurResponseError: 'check that WALDUR_URL is a Waldur API and that no proxy rewrites its answers',
  WaldurServerError: 'the server failed: try again later',
};

/** Any failure as one readable line (never a stack or an inspected object), then the exit status. */
function fail(error) {
  if (!(error instanceof WaldurError)) throw error;
  const hint = HINTS[error.name] ?? 'see the message above';
  console.error(`error: ${error.name}: ${error.message}\n  what to do: ${hint}`);
  process.exit(error instanceof WaldurInputError ? 2 : 1);
}

const live = process.env.WALDUR_URL;
if (live && !process.env.WALDUR_TOKEN) {
  console.error('WALDUR_URL is set but WALDUR_TOKEN is not: set both, or neither for the embedded fake.');
  process.exit(2);
}
const fake = live ? undefined : createFakeWaldur({ credits: 300, token: 'demo-token' });
let waldur;
try {
  waldur = createWaldurClient(
    fake
      ? { baseUrl: fake.baseUrl, token: 'demo-token', fetch: fake.fetch }
      : { baseUrl: live, token: process.env.WALDUR_TOKEN, tokenType: process.env.WALDUR_TOKEN_TYPE || 'Token', maxRetries: 1 },
  );
} catch (error) {
  fail(error);
}
try {
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
  line(`2. walked ${all.length} credits in pages of 50, up to 10 in flight; allocated in all: ${sum.toFixed(5)}`);
  line(`   (the same sum in floats would be ${floatSum}: money is never a float here)`);
  line();

  const top = await waldur.projectCredits.list({ o: ['-value'], page_size: 5 });
  line('3. top 5 credits by value (o=-value):');
  const rows = top.items.map((c) => [
    c.project_name,
    c.customer_name ?? '',
    c.value.toFixed(5),
    c.end_date ?? 'none',
    c.minimal_consumption_logic ?? '',
  ]);
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
} catch (error) {
  fail(error);
}
