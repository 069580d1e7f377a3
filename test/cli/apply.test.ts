/**
 * `waldur-credits apply` at scale and against servers that do not do what they were asked, run as
 * an operator runs it: a child process against the fake Waldur over HTTP. A change file of any size
 * is read in two streamed passes (every row checked before the first request, then applied a batch
 * at a time), so memory stays bounded: the million-row file below runs under a 256 MB heap.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeServer } from '../../src/testing/server.js';
import type { FakeServer } from '../../src/testing/server.js';
import { bin, built, cleanEnv, runCli } from '../support/cli.js';

/** Runs the command as a user does (with node flags before the bin, e.g. a heap limit). */
const cli = (args: readonly string[], env: Record<string, string>, cwd: string, node: readonly string[] = []) =>
  runCli(args, { env, cwd, node, timeout: 600_000, maxBuffer: 256 * 1024 * 1024 });

const canonical = (hex: string) => hex.replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');
/** The `i`th of many distinct credit UUIDs, as 32 hex digits. */
const nthUuid = (i: number) => `${i.toString(16).padStart(12, '0')}4000800000000000abcd`;

describe.runIf(built)('waldur-credits apply: files of any size, outcomes as the server shows them', () => {
  let served: FakeServer;
  let env: Record<string, string>;
  let work: string;
  const requests = () => served.fake.requests.length;

  beforeAll(async () => {
    // 12,000 credits: a file naming all of them is two batches of the second pass (10,000 each).
    served = await startFakeServer({ credits: 12_000, token: 'scale' });
    env = { WALDUR_URL: served.baseUrl, WALDUR_TOKEN: 'scale' };
    work = mkdtempSync(join(tmpdir(), 'waldur-credits-apply-'));
  });
  afterAll(async () => {
    await (served as FakeServer | undefined)?.close(); // unset if beforeAll failed
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('a million rows under a 256 MB heap: every row checked, and a credit named twice found on the last line, before any request', async () => {
    const rows = Array.from({ length: 1_000_000 }, (_, i) => `${nthUuid(i + 1)},${i % 1000}.5`);
    writeFileSync(join(work, 'million.csv'), `uuid,value\n${rows.join('\n')}\n${nthUuid(1)},1\n`);
    const before = requests();
    const run = await cli(['apply', 'million.csv', '--yes'], env, work, ['--max-old-space-size=256']);
    expect(run).toEqual({
      code: 2,
      stdout: '',
      stderr: `waldur-credits apply: million.csv line 1000002 (uuid ${nthUuid(1)}): uuid: names the same credit as line 2; what to do: fix that row, then run again (nothing was sent)\n`,
    });
    expect(requests()).toBe(before);
  }, 600_000);

  it('JSON is streamed too: 100,000 items under a 32 MB heap, a bad amount on the last item named, nothing sent', async () => {
    const items = Array.from({ length: 100_000 }, (_, i) =>
      JSON.stringify({ uuid: nthUuid(i + 1), value: `${i}.25`, project_name: 'ignored, read-only' }),
    );
    writeFileSync(join(work, 'many.json'), `[\n${items.join(',\n')},\n{"uuid": "${nthUuid(200_000)}", "value": "1.000001"}\n]\n`);
    const before = requests();
    const run = await cli(['apply', 'many.json'], env, work, ['--max-old-space-size=32']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^waldur-credits apply: many\.json \[100000\] \(uuid [0-9a-f]{32}\): value: has 6 decimal places/);
    expect(requests()).toBe(before);
  }, 300_000);

  it('a file larger than a batch: planned and applied batch by batch, in file order, counted whole; a second run sends nothing', async () => {
    const credits = served.fake.credits;
    // Every credit, at its value, except every 1,000th, which is lowered; a duplicate across batches is refused first.
    const line = (c: (typeof credits)[number], i: number) => `${c.uuid},${i % 1000 === 0 ? '1.5' : c.value}`;
    const file = join(work, 'all.csv');
    writeFileSync(join(work, 'dup.csv'), `uuid,value\n${credits.map(line).join('\n')}\n${credits[2]!.uuid},1\n`);
    const dup = await cli(['apply', 'dup.csv'], env, work);
    expect(dup.stderr).toMatch(/^waldur-credits apply: dup\.csv line 12002 .*: uuid: names the same credit as line 4;/);
    writeFileSync(file, `uuid,value\n${credits.map(line).join('\n')}\n`);
    const changed = credits.filter((_, i) => i % 1000 === 0).map((c) => canonical(c.uuid));

    const before = requests();
    const plan = await cli(['apply', 'all.csv', '--format', 'json'], env, work);
    expect(plan.code).toBe(0);
    const report = JSON.parse(plan.stdout) as { changes: { where: string; uuid: string; outcome: string }[]; counts: Record<string, number> };
    expect(report.changes).toHaveLength(12_000);
    expect(report.changes.map((c) => c.where)).toEqual(credits.map((_, i) => `line ${i + 2}`));
    expect(report.changes.map((c) => c.uuid)).toEqual(credits.map((c) => canonical(c.uuid)));
    expect(report.changes.filter((c) => c.outcome === 'planned').map((c) => c.uuid)).toEqual(changed);
    expect(report.counts).toEqual({ changed: 12, unchanged: 11_988, notApplied: 0, unknown: 0, notSent: 0 });
    // Two batches, each read by a count and a walk (10,000 and 2,000 credits of 12,000 are many),
    // of up to 40 pages (it stops once it has seen the batch's credits), never one GET per credit.
    const reads = served.fake.requests.slice(before);
    expect(reads.filter((r) => r.method === 'HEAD')).toHaveLength(2);
    const pages = reads.filter((r) => r.method === 'GET');
    expect(pages.every((r) => r.url.includes('/api/project-credits/?'))).toBe(true);
    expect(pages.length).toBeGreaterThanOrEqual(2 * 34);
    expect(pages.length).toBeLessThanOrEqual(2 * 40);
    expect(reads.filter((r) => r.method === 'PATCH')).toHaveLength(0);

    const applied = await cli(['apply', 'all.csv', '--yes'], env, work);
    expect(applied.code).toBe(0);
    expect(applied.stdout).toMatch(/\nApplied all\.csv: 12 credits changed, 11988 already as wanted\.\n$/);
    for (const uuid of changed) expect(applied.stdout).toMatch(new RegExp(`^${uuid}  .+  value  `, 'm'));
    expect(served.fake.requests.filter((r) => r.method === 'PATCH')).toHaveLength(12);
    const again = await cli(['apply', 'all.csv', '--yes'], env, work);
    expect(again).toEqual({
      code: 0,
      stdout: 'Nothing to do: all 12000 credits of all.csv already have the wanted values; nothing was sent.\n',
      stderr: '',
    });
    expect(served.fake.requests.filter((r) => r.method === 'PATCH')).toHaveLength(12);
  }, 300_000);

  it('a server that fails after the first batch was applied: that batch is reported, the rest is not sent (exit 3)', async () => {
    const credits = served.fake.credits;
    writeFileSync(join(work, 'stop.csv'), `uuid,value\n${credits.map((c, i) => `${c.uuid},${i % 1000 === 1 ? '2.5' : c.value}`).join('\n')}\n`);
    const fake = served.fake as { fetch: typeof fetch };
    const original = fake.fetch;
    let counts = 0;
    fake.fetch = async (input, init) =>
      init?.method === 'HEAD' && ++counts > 1 ? Response.json({ detail: 'Service unavailable.' }, { status: 503 }) : original(input, init);
    const patches = () => served.fake.requests.filter((r) => r.method === 'PATCH').length;
    const before = patches();
    try {
      const run = await cli(['apply', 'stop.csv', '--yes'], env, work);
      expect(run.code).toBe(3);
      // The first 10,000 rows hold 10 changes: applied, and shown; the last 2,000 rows were not sent.
      expect(patches() - before).toBe(10);
      expect(run.stdout).toMatch(
        /\nApplied stop\.csv: 10 credits changed, 9990 already as wanted, 2000 not sent\.\nNot sent \(stopped\): [0-9a-f-]{36}(, [0-9a-f-]{36}){9}, and 1990 more\n$/,
      );
      expect(run.stderr).toMatch(/^waldur-credits apply: stopped: WaldurServerError: HEAD .* → 503/m);
      expect(run.stderr).toMatch(/^waldur-credits apply: 2000 not sent \(stopped\); what to do: .* run the same file again/m);
    } finally {
      fake.fetch = original;
    }
    const rest = await cli(['apply', 'stop.csv', '--yes'], env, work);
    expect(rest.stdout).toMatch(/\nApplied stop\.csv: 2 credits changed, 11998 already as wanted\.\n$/);
  }, 300_000);

  it('stdout closed mid-run (… | head): the batch done is kept, the rest is not sent, exit 3 with the counts on stderr, never 0', async () => {
    const credits = served.fake.credits;
    writeFileSync(join(work, 'pipe.csv'), `uuid,value\n${credits.map((c, i) => `${c.uuid},${i % 1000 === 2 ? '3.5' : c.value}`).join('\n')}\n`);
    const patches = () => served.fake.requests.filter((r) => r.method === 'PATCH').length;
    const before = patches();
    const child = spawn(process.execPath, [bin, 'apply', 'pipe.csv', '--yes'], {
      env: { ...cleanEnv, ...env },
      cwd: work,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // The reader goes away before the first batch's report is written.
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code).toBe(3);
    // The first batch of 10,000 rows (10 changes) was applied before its report could not be written; the last 2,000 rows were not sent.
    expect(patches() - before).toBe(10);
    expect(stderr).toMatch(/^waldur-credits apply: stopped: Error: stdout was closed: the rest of the report could not be written$/m);
    expect(stderr).toMatch(/^waldur-credits apply: 2000 not sent \(stopped\); what to do: .* run the same file again/m);
    const rest = await cli(['apply', 'pipe.csv', '--yes'], env, work);
    expect(rest.stdout).toMatch(/\nApplied pipe\.csv: 2 credits changed, 11998 already as wanted\.\n$/);
  }, 300_000);

  it('a write that may have taken and cannot be read back: "Unknown", exit 3, never "failed"; the next run finds it applied and sends nothing', async () => {
    const [a] = served.fake.credits.slice(300);
    const fake = served.fake as { fetch: typeof fetch };
    const original = fake.fetch;
    let wrote = false;
    // The server takes the PATCH but a gateway answers 502; the read-back then meets a 500.
    fake.fetch = async (input, init) => {
      const url = typeof input === 'string' ? input : (input as Request).url;
      if (init?.method === 'PATCH') {
        await original(input, init);
        wrote = true;
        return Response.json({ detail: 'Bad gateway' }, { status: 502 });
      }
      if (wrote && !url.includes('?')) return Response.json({ detail: 'Server Error (500)' }, { status: 500 });
      return original(input, init);
    };
    const patches = () => served.fake.requests.filter((r) => r.method === 'PATCH').length;
    const before = patches();
    writeFileSync(join(work, 'unknown.csv'), `uuid,expected_consumption\n${a!.uuid},7.25\n`);
    try {
      const run = await cli(['apply', 'unknown.csv', '--yes'], env, work);
      expect(run.code).toBe(3);
      expect(run.stdout).toMatch(
        new RegExp(
          `^Unknown \\(sent, and nothing could confirm whether the server took them; run the same file again to find out\\):\\n  ${canonical(a!.uuid)} \\(.+\\): WaldurServerError: PATCH .* → 502 .*; reading it back failed too: WaldurServerError: GET .* → 500 `,
          'm',
        ),
      );
      expect(run.stdout).toMatch(/\nApplied unknown\.csv: 0 credits changed, 0 already as wanted, 1 unknown\.\n$/);
      expect(run.stderr).toMatch(/^waldur-credits apply: 1 change with an unknown outcome; what to do: /);
    } finally {
      fake.fetch = original;
    }
    expect(served.fake.credit(a!.uuid)!.expected_consumption).toBe('7.25000');
    const again = await cli(['apply', 'unknown.csv', '--yes'], env, work);
    expect(again.stdout).toBe('Nothing to do: the credit of unknown.csv already has the wanted values; nothing was sent.\n');
    expect(patches() - before).toBe(1);
  }, 60_000);

  it('a change file that cannot be read (a folder) is a usage error, at once, for CSV and JSON', async () => {
    mkdirSync(join(work, 'folder.csv'));
    mkdirSync(join(work, 'folder.json'));
    const runs = await Promise.all(['folder.csv', 'folder.json'].map((name) => cli(['apply', name], env, work)));
    for (const run of runs)
      expect(run).toMatchObject({
        code: 2,
        stdout: '',
        stderr: expect.stringMatching(/^waldur-credits apply: EISDIR: .*; what to do: check the path/),
      });
  }, 60_000);

  it('a field this server does not know is refused in the plan (exit 3); the rest is applied; a second run sends nothing', async () => {
    const [a, b] = served.fake.credits.slice(100);
    writeFileSync(join(work, 'legacy-field.csv'), `uuid,expected_consumption,use_organisation_credit\n${a!.uuid},12.5,\n${b!.uuid},,false\n`);
    const patches = () => served.fake.requests.filter((r) => r.method === 'PATCH').length;
    const before = patches();
    for (let run = 0; run < 2; run++) {
      const result = await cli(['apply', 'legacy-field.csv', '--yes'], env, work);
      expect(result.code).toBe(3);
      expect(result.stdout).toContain(
        `Not applied (the server does not hold these changes):\n  ${canonical(b!.uuid)} (${b!.project_name}): WaldurInputError: use_organisation_credit: the server's credit does not carry this field`,
      );
      expect(result.stdout).toMatch(
        run === 0
          ? /\nApplied legacy-field\.csv: 1 credit changed, 0 already as wanted, 1 not applied\.\n$/
          : /\nApplied legacy-field\.csv: 0 credits changed, 1 already as wanted, 1 not applied\.\n$/,
      );
      expect(result.stderr).toMatch(/^waldur-credits apply: 1 change not applied; what to do: /);
    }
    expect(patches() - before).toBe(1);
  }, 60_000);

  it('a server that answers the write with the old value: not applied, with what it kept (exit 3), never "applied"', async () => {
    const [a] = served.fake.credits.slice(200);
    const fake = served.fake as { fetch: typeof fetch };
    const original = fake.fetch;
    // The server takes the PATCH, but answers it, and later reads, with the old credit.
    fake.fetch = async (input, init) =>
      init?.method === 'PATCH'
        ? original(typeof input === 'string' ? input : (input as Request).url, { headers: init.headers })
        : original(input, init);
    try {
      writeFileSync(join(work, 'ignored.csv'), `uuid,value\n${a!.uuid},3.25\n`);
      const run = await cli(['apply', 'ignored.csv', '--yes', '--format', 'json'], env, work);
      expect(run.code).toBe(3);
      const report = JSON.parse(run.stdout) as { changes: Record<string, unknown>[] };
      expect(report.changes).toEqual([
        expect.objectContaining({
          uuid: canonical(a!.uuid),
          outcome: 'notApplied',
          kept: { value: a!.value.replace(/\.?0+$/, '') },
          after: { value: '3.25' },
        }),
      ]);
      const text = await cli(['apply', 'ignored.csv', '--yes'], env, work);
      expect(text.stdout).toContain(`: the server answered the write but holds value ${a!.value.replace(/\.?0+$/, '')} (wanted 3.25)\n`);
    } finally {
      fake.fetch = original;
    }
  }, 60_000);
});
