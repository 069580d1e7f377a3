/** `npm start` and the fake server script, run as a user runs them (needs dist/, built by `npm test`). */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = new URL('..', import.meta.url).pathname;
const built = existsSync(new URL('../dist/testing.js', import.meta.url));

describe.runIf(built)('npm start (scripts/demo.mjs)', () => {
  it('walks through every step against the embedded fake and exits 0', async () => {
    const { stdout } = await run(process.execPath, ['scripts/demo.mjs'], { cwd: root, env: { ...process.env, WALDUR_URL: '' } });
    expect(stdout).toContain('1. count: 300 project credits');
    expect(stdout).toMatch(/2\. walked 300 credits/);
    expect(stdout).toMatch(/3\. top 5 credits by value/);
    expect(stdout).toMatch(/6\. bad input is refused before any request: WaldurInputError \(value\)/);
    expect(stdout).toMatch(/7\. a missing credit: WaldurNotFoundError, status 404/);
    expect(stdout).toMatch(/8\. deleted [0-9a-f-]{36}; 300 credits remain/);
  }, 20_000);

  it('runs the read-only part against WALDUR_URL (here: the fake server over HTTP)', async () => {
    const { startFakeServer } = await import('../scripts/fake-server.mjs');
    const served = await startFakeServer({ credits: 42, token: 'live-token' });
    try {
      const { stdout } = await run(process.execPath, ['scripts/demo.mjs'], {
        cwd: root,
        env: { ...process.env, WALDUR_URL: served.origin, WALDUR_TOKEN: 'live-token' },
      });
      expect(stdout).toContain('1. count: 42 project credits');
      expect(stdout).toContain('Read-only against a real server');
      expect(served.fake.requests.every((r) => r.method === 'GET' || r.method === 'HEAD')).toBe(true);
    } finally {
      await served.close();
    }
  }, 20_000);

  it('--help explains the environment', async () => {
    const { stdout } = await run(process.execPath, ['scripts/demo.mjs', '--help'], { cwd: root });
    expect(stdout).toMatch(/WALDUR_URL/);
  });
});
