/**
 * The fake Waldur's HTTP server command, bin/waldur-project-credits-fake.mjs (the package's `bin`,
 * which starts dist/fake-server.js, built from src/testing/command.ts by `npm test`), run as a user
 * runs it: a child process, its printed baseUrl given to the SDK. Without dist/ the bin says how
 * to build, which a copy of the bin in a directory without dist/ shows.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createWaldurClient, WaldurPermissionDeniedError } from '../../src/index.js';
import { PROCESS_TEST_TIMEOUT_MS, runProcess } from '../support/processes.js';

// Tests that start processes, on a loaded 2-core machine: see test/support/processes.ts.
vi.setConfig({ testTimeout: PROCESS_TEST_TIMEOUT_MS, hookTimeout: PROCESS_TEST_TIMEOUT_MS });

const run = runProcess;
const root = new URL('../..', import.meta.url).pathname;
const bin = join(root, 'bin/waldur-project-credits-fake.mjs');
const built = existsSync(join(root, 'dist/fake-server.js')) && existsSync(join(root, 'dist/testing-server.js'));

/** Starts the bin with these arguments; resolves once it has printed its baseUrl. */
function serve(args: string[]) {
  const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const ready = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /^baseUrl: (\S+)$/m.exec(stdout);
      if (match && stdout.includes('Ctrl-C to stop.')) resolve(match[1]!);
    });
    void exited.then(({ code }) => reject(new Error(`the fake server exited (${code}) before printing its baseUrl: ${stderr}`)));
  });
  return { child, ready, exited, output: () => stdout };
}

describe.runIf(built)('bin/waldur-project-credits-fake.mjs, served', () => {
  it('prints the baseUrl (the origin, not the collection URL) and the SDK works against it; SIGTERM stops it with 0', async () => {
    const { child, ready, exited, output } = serve(['--port', '0', '--credits', '12', '--token', 'secret', '--seed', '4']);
    const baseUrl = await ready;
    try {
      expect(baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(output()).toContain(`createWaldurClient({ baseUrl: '${baseUrl}', token: 'secret' })`);
      expect(output()).toContain('Citizen science (Open Science Lab, no customer credit)');
      const waldur = createWaldurClient({ baseUrl, token: 'secret' });
      expect(await waldur.projectCredits.count()).toBe(12);
      const all = await waldur.projectCredits.listAll({ page_size: 5 });
      expect(all).toHaveLength(12);
      expect(all[0]!.customer_credit).toBeDefined();
      const made = await waldur.projectCredits.create({ project: 'b1a2c3d4e5f64789a0b1c2d3e4f5a6b7', value: '10.5' });
      expect(made.project_name).toBe('Pilot study');
      // A CORS preflight is answered, and the paging headers are exposed.
      const preflight = await fetch(`${baseUrl}/api/project-credits/`, { method: 'OPTIONS', headers: { Origin: 'http://app.test' } });
      expect(preflight.status).toBe(204);
      const listed = await fetch(`${baseUrl}/api/project-credits/`, { headers: { Authorization: 'Token secret', Origin: 'http://app.test' } });
      expect(listed.headers.get('Access-Control-Expose-Headers')).toBe('Link, X-Result-Count');
      expect(listed.headers.get('Access-Control-Allow-Origin')).toBe('http://app.test');
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toEqual({ code: 0, signal: null });
  });

  it('serves a profile and role tokens: legacy fields, a user without roles, a project member', async () => {
    const project = 'c2b3d4e5-f6a7-4890-b1c2-d3e4f5a6b7c8';
    const { child, ready, exited, output } = serve([
      '--port=0',
      '--credits=8',
      '--profile',
      'legacy',
      '--no-role-token',
      'nobody',
      '--project-token',
      `member=${project}`,
      '--decimals-as-strings',
    ]);
    const baseUrl = await ready;
    try {
      expect(output()).toContain('tokens: test (staff), member (project), nobody (no role)');
      const staff = createWaldurClient({ baseUrl, token: 'test' });
      const [first] = (await staff.projectCredits.list({ page_size: 1 })).items;
      expect(first!.use_organisation_credit).toBe(true);
      expect(first!.end_date).toBeUndefined();
      const raw = (await (await fetch(`${baseUrl}/api/project-credits/?page_size=1`, { headers: { Authorization: 'Token test' } })).json()) as Record<
        string,
        unknown
      >[];
      expect(raw[0]!.customer_credit).toMatch(/^\d+\.\d{5}$/);
      const nobody = createWaldurClient({ baseUrl, token: 'nobody' });
      expect(await nobody.projectCredits.count()).toBe(0);
      await expect(nobody.projectCredits.create({ project, value: 1 })).rejects.toBeInstanceOf(WaldurPermissionDeniedError);
      // Before the newer release a project member sees no project credits.
      expect(await createWaldurClient({ baseUrl, token: 'member' }).projectCredits.count()).toBe(0);
    } finally {
      child.kill('SIGTERM');
    }
    expect((await exited).code).toBe(0);
  });

  it('says so when the port is taken', async () => {
    const first = serve(['--port', '0']);
    const baseUrl = await first.ready;
    try {
      const port = new URL(baseUrl).port;
      const second = await run(process.execPath, [bin, '--port', port]).catch((e: unknown) => e as { code: number; stderr: string });
      expect(second).toMatchObject({ code: 1, stderr: expect.stringContaining(`port ${port} on 127.0.0.1 is in use`) });
    } finally {
      first.child.kill('SIGTERM');
    }
    await first.exited;
  });
});

describe.runIf(built)('bin/waldur-project-credits-fake.mjs, its help and argument errors', () => {
  it('--help answers at once, exit 0', async () => {
    const { stdout, stderr } = await run(process.execPath, [bin, '--help']);
    expect(stderr).toBe('');
    expect(stdout).toMatch(/^Usage: waldur-project-credits-fake \[options\]/);
    for (const option of [
      '--port',
      '--host',
      '--credits',
      '--token',
      '--profile',
      '--project-token',
      '--no-role-token',
      '--owner-token',
      '--no-expose',
      '--hide-org',
    ]) {
      expect(stdout).toContain(option);
    }
    expect(stdout).toContain("createWaldurClient({ baseUrl: 'http://127.0.0.1:8765', token: 'test' })");
    expect((await run(process.execPath, [bin, '-h'])).stdout).toBe(stdout);
  });

  it('refuses a bad argument with exit 2, before serving anything', async () => {
    for (const args of [
      ['--profile', 'old'],
      ['--port', 'abc'],
      ['--port', '70000'],
      ['--colour'],
      ['--project-token', 'alice'],
      ['--owner-token', 'bob=xyz'],
      ['--token'],
    ]) {
      const failure = await run(process.execPath, [bin, ...args]).catch((e: unknown) => e as { code: number; stderr: string });
      expect(failure).toMatchObject({ code: 2, stderr: expect.stringMatching(/^waldur-project-credits-fake: .+ \(see --help\)\n$/) });
    }
  });
});

describe('bin/waldur-project-credits-fake.mjs without a build', () => {
  const bare = mkdtempSync(join(tmpdir(), 'waldur-fake-bin-'));
  mkdirSync(join(bare, 'bin'));
  const copy = join(bare, 'bin/waldur-project-credits-fake.mjs');
  copyFileSync(bin, copy);
  afterAll(() => rmSync(bare, { recursive: true, force: true }));

  it('says in one line how to build (npm run build, or npm run fake-server), exit 1, whatever it is asked: help too', async () => {
    expect(existsSync(join(bare, 'dist'))).toBe(false);
    for (const args of [['--help'], ['--port', '0'], ['--colour']]) {
      const failure = await run(process.execPath, [copy, ...args]).catch((e: unknown) => e as { code: number; stdout: string; stderr: string });
      expect(failure).toMatchObject({
        code: 1,
        stdout: '',
        stderr: `waldur-project-credits-fake: ${join(bare, 'dist/fake-server.js')} is missing; what to do: build the package first (npm run build), or run \`npm run fake-server\`, which builds\n`,
      });
    }
  });

  it('npm run fake-server builds, then runs the bin', () => {
    const { scripts } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(scripts['fake-server']!.split(' && ')).toEqual(['npm run build', 'node bin/waldur-project-credits-fake.mjs']);
  });
});
