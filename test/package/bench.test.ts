/**
 * `npm run bench` cannot rot: one small round of it (BENCH_SMOKE=1) runs here from a clean
 * `.tmp/bench`, as on a fresh clone. Its figures mean nothing and are not asserted: timings belong
 * to the benchmark itself, never to a test.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = new URL('../..', import.meta.url).pathname;

describe.runIf(existsSync(join(root, 'dist/index.js')))('npm run bench (smoke)', () => {
  it('runs every figure end to end from a clean .tmp/bench and writes its results', async () => {
    rmSync(join(root, '.tmp/bench'), { recursive: true, force: true });
    const dir = mkdtempSync(join(tmpdir(), 'bench-smoke-'));
    const out = join(dir, 'results.json');
    try {
      await run(process.execPath, ['bench/run.mjs'], { cwd: root, env: { ...process.env, BENCH_SMOKE: '1', BENCH_OUT: out } });
      const results = JSON.parse(readFileSync(out, 'utf8')) as { smoke: boolean; figures: Record<string, unknown> };
      expect(results.smoke).toBe(true);
      expect(Object.keys(results.figures)).toEqual(['perCall', 'parse300', 'walk3000', 'memory30000', 'bundle']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);

  it('bench/source-text.mjs (the reviver question of issue 22) runs one round in this Node', async () => {
    const { stdout } = await run(process.execPath, ['bench/source-text.mjs'], { cwd: root, env: { ...process.env, BENCH_ROUNDS: '1' } });
    expect(stdout).toContain(`node ${process.version}`);
    expect(stdout).toMatch(/ratio CPU/);
  }, 180_000);
});
