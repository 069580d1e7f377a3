/** `npm start` and the fake server script, run as a user runs them (needs dist/, built by `npm test`). */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { PROCESS_TEST_TIMEOUT_MS, runProcess } from '../support/processes.js';

// Tests that start processes, on a loaded 2-core machine: see test/support/processes.ts.
vi.setConfig({ testTimeout: PROCESS_TEST_TIMEOUT_MS, hookTimeout: PROCESS_TEST_TIMEOUT_MS });

const run = runProcess;
const root = new URL('../..', import.meta.url).pathname;
const built = existsSync(new URL('../../dist/testing.js', import.meta.url));

describe.runIf(built)('npm start (scripts/demo.mjs)', () => {
  it('walks through every step against the embedded fake and exits 0', async () => {
    const { stdout } = await run(process.execPath, ['scripts/demo.mjs'], { cwd: root, env: { ...process.env, WALDUR_URL: '' } });
    expect(stdout).toContain('1. count: 300 project credits');
    expect(stdout).toMatch(/2\. walked 300 credits/);
    expect(stdout).toMatch(/3\. top 5 credits by value/);
    expect(stdout).toMatch(/6\. bad input is refused before any request: WaldurInputError \(value\)/);
    expect(stdout).toMatch(/7\. a missing credit: WaldurNotFoundError, status 404/);
    expect(stdout).toMatch(/8\. deleted [0-9a-f-]{36}; 300 credits remain/);
  });

  it('runs the read-only part against WALDUR_URL (here: the fake server over HTTP)', async () => {
    const { startFakeServer } = await import('../../src/testing/server.js');
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
  });

  it('--help explains the environment', async () => {
    const { stdout } = await run(process.execPath, ['scripts/demo.mjs', '--help'], { cwd: root });
    expect(stdout).toMatch(/WALDUR_URL/);
  });

  it('a wrong token is one readable line saying what to do, exit status 1, no stack', async () => {
    const { startFakeServer } = await import('../../src/testing/server.js');
    const served = await startFakeServer({ credits: 3, token: 'right-token' });
    try {
      const failed = await run(process.execPath, ['scripts/demo.mjs'], {
        cwd: root,
        env: { ...process.env, WALDUR_URL: served.origin, WALDUR_TOKEN: 'wrong-token' },
      }).then(
        () => undefined,
        (e: unknown) => e as { code: number; stderr: string },
      );
      expect(failed?.code).toBe(1);
      const lines = failed!.stderr.trim().split('\n');
      // The first request is the count (HEAD: a 401 without a body).
      expect(lines[0]).toMatch(/^error: WaldurAuthenticationError: HEAD http:\/\/127\.0\.0\.1:\d+\/api\/project-credits\/ → 401 Unauthorized$/);
      expect(lines[1]).toMatch(/what to do: check WALDUR_TOKEN/);
      expect(lines).toHaveLength(2);
      expect(failed!.stderr).not.toContain('wrong-token');
    } finally {
      await served.close();
    }
  });

  it('a WALDUR_URL ending in /api is refused with the base URL to use, exit status 2', async () => {
    const failed = await run(process.execPath, ['scripts/demo.mjs'], {
      cwd: root,
      env: { ...process.env, WALDUR_URL: 'https://waldur.example.com/api/', WALDUR_TOKEN: 't' },
    }).then(
      () => undefined,
      (e: unknown) => e as { code: number; stderr: string },
    );
    expect(failed?.code).toBe(2);
    expect(failed!.stderr).toContain('Use baseUrl: "https://waldur.example.com"');
  });
});

describe('npm start --help without a build', () => {
  it('answers at once from a copy of the script with no dist/ beside it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'demo-help-'));
    try {
      mkdirSync(join(dir, 'scripts'));
      copyFileSync(join(root, 'scripts/demo.mjs'), join(dir, 'scripts/demo.mjs'));
      const { stdout } = await run(process.execPath, [join(dir, 'scripts/demo.mjs'), '--help']);
      expect(stdout).toMatch(/^Usage: npm start/);
      expect(existsSync(join(dir, 'dist'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
