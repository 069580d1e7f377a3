/** The programs in examples/ run as a user runs them, so they cannot rot (needs dist/, built by `npm test`). */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { createFakeWaldur } from '../src/testing/index.js';
import { startFakeServer } from '../scripts/fake-server.mjs';

const run = promisify(execFile);
const root = new URL('..', import.meta.url).pathname;
const env = { ...process.env, WALDUR_URL: '' };

describe.runIf(existsSync(`${root}dist/testing.js`))('examples/', () => {
  it('export-csv.mjs writes one exact CSV row per credit of the organization', async () => {
    const customer = '3c4d5e6f7a8b4c9d8e0f1a2b3c4d5e6f';
    const { stdout, stderr } = await run(process.execPath, ['examples/export-csv.mjs', customer], { cwd: root, env });
    const [header] = stdout.split('\n');
    // The columns of `waldur-credits export`: an edited file is a change file for apply.
    expect(header).toBe('uuid,project_uuid,project_name,customer_uuid,customer_name,value,end_date,expected_consumption,minimal_consumption_logic');
    const rows = parse(stdout, { columns: true }) as Record<string, string>[];
    const expected = createFakeWaldur({ credits: 500 }).credits.filter((c) => c.customer_uuid === customer);
    expect(rows).toHaveLength(expected.length);
    expect(rows.every((r) => r.customer_name === 'Tallinn University of Technology')).toBe(true);
    expect(stdout).toContain(',"Tallinn University of Technology",');
    const values = rows.map((r) => r.value).sort();
    expect(values).toEqual(expected.map((c) => c.value.replace(/\.?0+$/, '')).sort());
    expect(stderr).toContain(`exported ${expected.length} credits`);
  });

  it.runIf(existsSync(`${root}dist/cli.js`))('export-csv.mjs: its CSV, edited, applies with waldur-credits apply; a formula name is neutralised', { timeout: 60_000 }, async () => {
    const customer = 'a9b8c7d6e5f44321b0a9f8e7d6c5b4a3';
    const served = await startFakeServer({
      token: 'example-token',
      credits: [
        { project_name: '=HYPERLINK("https://evil.example","x")', customer_uuid: customer, customer_name: 'University of Tartu', value: '10.00000' },
        { project_name: 'Genome assembly', customer_uuid: customer, customer_name: 'University of Tartu', value: '20.00000' },
      ],
    });
    const work = mkdtempSync(join(tmpdir(), 'export-csv-'));
    try {
      const serverEnv = { ...env, WALDUR_URL: served.baseUrl, WALDUR_TOKEN: 'example-token' };
      const { stdout } = await run(process.execPath, ['examples/export-csv.mjs', customer], { cwd: root, env: serverEnv });
      const rows = parse(stdout, { columns: true }) as Record<string, string>[];
      expect(rows.map((r) => r.project_name).sort()).toEqual(["'=HYPERLINK(\"https://evil.example\",\"x\")", 'Genome assembly']);
      // Edited as a person would: one amount and one end date changed, everything else kept.
      for (const row of rows) {
        row.value = String(Number(row.value) + 1);
        if (row.project_name === 'Genome assembly') row.end_date = '2028-01-31';
      }
      writeFileSync(join(work, 'edited.csv'), stringify(rows, { header: true }));
      const apply = (...args: string[]) => run(process.execPath, [join(root, 'bin/waldur-credits.mjs'), 'apply', 'edited.csv', ...args], { cwd: work, env: serverEnv });
      const plan = await apply();
      expect(plan.stdout).toMatch(/^Plan for edited\.csv \(dry run: nothing was sent\): 2 credits to change, 0 already as wanted\.$/m);
      await apply('--yes');
      const [evil, genome] = served.fake.credits;
      expect(evil).toMatchObject({ value: '11.00000', project_name: '=HYPERLINK("https://evil.example","x")' });
      expect(genome).toMatchObject({ value: '21.00000', end_date: '2028-01-31' });
    } finally {
      await served.close();
      rmSync(work, { recursive: true, force: true });
    }
  });

  it('node-service.mjs serves two tenants with their own clients and logs through the hook', async () => {
    const { stdout } = await run(process.execPath, ['examples/node-service.mjs'], { cwd: root, env });
    expect(stdout).toMatch(/^tartu: 40 credits, \d+\.\d{2} allocated$/m);
    expect(stdout).toMatch(/^tallinn: 25 credits, \d+\.\d{2} allocated$/m);
    expect(stdout).toMatch(/^\[tartu\] GET \/api\/project-credits\/ → 200 in \d+ ms$/m);
  });
});
