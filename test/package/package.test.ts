/**
 * What `npm pack` ships. From a fresh clone (no dist/), `prepack` builds first, so the tarball is
 * never the five files of an unbuilt checkout; the file list is asserted exactly.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { expect, it } from 'vitest';
import { PROCESS_TEST_TIMEOUT_MS, runProcess } from '../support/processes.js';

const run = runProcess;
const root = new URL('../..', import.meta.url).pathname;
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** Every file the package must ship, and nothing else. */
const SHIPPED = [
  'LICENSE',
  'README.md',
  'bin/waldur-credits.mjs',
  'bin/waldur-project-credits-fake.mjs',
  // The commands the bins start: Node only, ESM only, no types (not export paths).
  'dist/cli.js',
  'dist/cli.js.map',
  'dist/fake-server.js',
  'dist/fake-server.js.map',
  ...['index', 'query', 'testing', 'testing-msw', 'testing-server', 'zod'].flatMap((entry) =>
    ['.cjs', '.cjs.map', '.d.cts', '.d.ts', '.js', '.js.map'].map((ext) => `dist/${entry}${ext}`),
  ),
  'openapi/project-credits.yaml',
  'package.json',
  'query/package.json',
  'testing/msw/package.json',
  'testing/package.json',
  'testing/server/package.json',
  'zod/package.json',
].sort();

async function packedFiles(cwd: string, ignoreScripts: boolean): Promise<string[]> {
  const args = ['pack', '--dry-run', '--json', '--loglevel=error', ...(ignoreScripts ? ['--ignore-scripts'] : [])];
  const { stdout } = await run(npm, args, { cwd, maxBuffer: 16 * 1024 * 1024 });
  // With scripts, the build's own output comes before npm's JSON.
  const json = JSON.parse(stdout.slice(stdout.indexOf('[\n'))) as { files: { path: string }[] }[];
  return json[0]!.files.map((f) => f.path).sort();
}

it(
  'from a fresh clone without dist/, npm pack builds first and ships exactly the package files',
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pack-fresh-'));
    try {
      // The checkout as git sees it (tracked and new files, nothing ignored: no dist/, no .tmp/).
      const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8' })
        .split('\n')
        .filter((f) => f && existsSync(join(root, f)));
      for (const file of files) {
        mkdirSync(dirname(join(dir, file)), { recursive: true });
        cpSync(join(root, file), join(dir, file));
      }
      symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
      expect(existsSync(join(dir, 'dist'))).toBe(false);
      expect(await packedFiles(dir, false)).toEqual(SHIPPED);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
  PROCESS_TEST_TIMEOUT_MS,
);

it('the fake server and the waldur-credits command are bins of the package, pointing at shipped, executable files', async () => {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { bin: Record<string, string> };
  expect(pkg.bin).toEqual({ 'waldur-project-credits-fake': 'bin/waldur-project-credits-fake.mjs', 'waldur-credits': 'bin/waldur-credits.mjs' });
  for (const file of Object.values(pkg.bin)) {
    expect(SHIPPED).toContain(file);
    expect(statSync(join(root, file)).mode & 0o111).not.toBe(0);
    expect(readFileSync(join(root, file), 'utf8').startsWith('#!/usr/bin/env node')).toBe(true);
  }
});

it('npm install on a fresh clone leaves package-lock.json as committed (it once lacked the waldur-credits bin)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lockfile-'));
  try {
    for (const file of ['package.json', 'package-lock.json']) cpSync(join(root, file), join(dir, file));
    // What `npm install` writes to the lockfile, from package.json and the lockfile alone: offline,
    // with an empty cache, no scripts, no node_modules.
    const args = ['install', '--package-lock-only', '--ignore-scripts', '--offline', '--no-audit', '--no-fund', '--loglevel=error'];
    await run(npm, [...args, '--cache', join(dir, '.npm-cache')], { cwd: dir }).catch((error: unknown) => {
      const { stderr } = error as { stderr?: string };
      // npm would have to fetch: package.json asks for a package the lockfile does not hold.
      if (stderr?.includes('ENOTCACHED'))
        expect.fail(`package-lock.json is behind package.json: run npm install and commit package-lock.json\n${stderr}`);
      throw error;
    });
    const committed = readFileSync(join(root, 'package-lock.json'), 'utf8').split('\n');
    const written = readFileSync(join(dir, 'package-lock.json'), 'utf8').split('\n');
    const first = committed.findIndex((line, i) => line !== written[i]);
    const where =
      first === -1 && committed.length === written.length
        ? 'none'
        : `line ${first + 1}: ${JSON.stringify(committed.slice(first, first + 3))} became ${JSON.stringify(written.slice(first, first + 3))}`;
    expect(where, 'the first difference: run npm install and commit package-lock.json').toBe('none');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
