/** The programs in examples/ run as a user runs them, so they cannot rot (needs dist/, built by `npm test`). */
import { existsSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { createFakeWaldur } from '../src/testing/index.js';
import { PROCESS_TEST_TIMEOUT_MS, runProcess } from './support/processes.js';

// Tests that start processes, on a loaded 2-core machine: see test/support/processes.ts.
vi.setConfig({ testTimeout: PROCESS_TEST_TIMEOUT_MS, hookTimeout: PROCESS_TEST_TIMEOUT_MS });

const run = runProcess;
const root = new URL('..', import.meta.url).pathname;
const env = { ...process.env, WALDUR_URL: '' };

describe.runIf(existsSync(`${root}dist/testing.js`))('examples/', () => {
  it('export-csv.mjs writes one exact CSV row per credit of the organization', async () => {
    const customer = '3c4d5e6f7a8b4c9d8e0f1a2b3c4d5e6f';
    const { stdout, stderr } = await run(process.execPath, ['examples/export-csv.mjs', customer], { cwd: root, env });
    const [header, ...rows] = stdout.trim().split('\n');
    expect(header).toBe('uuid,project,organization,value,expected_consumption,end_date,minimal_consumption_logic');
    const expected = createFakeWaldur({ credits: 500 }).credits.filter((c) => c.customer_uuid === customer);
    expect(rows).toHaveLength(expected.length);
    expect(rows.every((r) => r.includes(',Tallinn University of Technology,'))).toBe(true);
    const values = rows.map((r) => r.split(',')[3]).sort();
    expect(values).toEqual(expected.map((c) => c.value.replace(/\.?0+$/, '')).sort());
    expect(stderr).toContain(`exported ${expected.length} credits`);
  });

  it('node-service.mjs serves two tenants with their own clients and logs through the hook', async () => {
    const { stdout } = await run(process.execPath, ['examples/node-service.mjs'], { cwd: root, env });
    expect(stdout).toMatch(/^tartu: 40 credits, \d+\.\d{2} allocated$/m);
    expect(stdout).toMatch(/^tallinn: 25 credits, \d+\.\d{2} allocated$/m);
    expect(stdout).toMatch(/^\[tartu\] GET \/api\/project-credits\/ → 200 in \d+ ms$/m);
  });
});
