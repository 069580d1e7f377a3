/**
 * The programs in examples/, and the README's Quick start, run as a user runs them, so they cannot
 * rot (needs dist/, built by `npm test`).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { transform } from 'esbuild';
import { describe, expect, it, vi } from 'vitest';
import { readmeBlocks } from '../scripts/readme-snippets.mjs';
import { createWaldurClient } from '../src/index.js';
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

describe.runIf(existsSync(`${root}dist/testing.js`))('README.md, Quick start', () => {
  it('runs as the README says: the fake Waldur started by its command, then the saved file with the env and argument shown', async () => {
    const section = readmeBlocks().filter((block) => block.section === 'Quick start');
    const code = section.filter((block) => block.lang === 'ts');
    const commands = section.filter((block) => block.lang === 'sh').flatMap((block) => block.code.split('\n'));
    expect(code).toHaveLength(1);
    // npx waldur-project-credits-fake <args>, then ENV=… npx tsx <file> <args>.
    const fakeArgs = commands.find((line) => line.startsWith('npx waldur-project-credits-fake '))?.split(' ').slice(2);
    const runLine = /^((?:[A-Z_]+=\S+ )+)npx tsx (\S+\.mts) (.*)$/.exec(commands.find((line) => line.includes('npx tsx ')) ?? '');
    expect(fakeArgs, 'the command that starts the fake').toBeDefined();
    expect(runLine, 'the command that runs the file').not.toBeNull();
    const [, envText, file, args] = runLine!;

    // tsx runs a .mts file by transforming it with esbuild, as here. Written inside this package, so
    // that `waldur-project-credits` resolves to its built entry as an installed package would.
    const dir = join(root, '.tmp/readme-quick-start');
    mkdirSync(dir, { recursive: true });
    const { code: js } = await transform(code[0]!.code, { loader: 'ts', format: 'esm', target: 'node20', sourcefile: file });
    writeFileSync(join(dir, file!.replace(/\.mts$/, '.mjs')), js);

    // The fake, on a free port instead of the README's fixed one.
    const port = fakeArgs!.indexOf('--port');
    const fake = spawn(process.execPath, [`${root}bin/waldur-project-credits-fake.mjs`, ...fakeArgs!.map((arg, i) => (i === port + 1 ? '0' : arg))], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      let printed = '';
      const baseUrl = await new Promise<string>((resolve, reject) => {
        fake.stdout.on('data', (chunk: Buffer) => {
          printed += chunk.toString();
          const match = /^baseUrl: (\S+)$/m.exec(printed);
          if (match && printed.includes('Ctrl-C to stop.')) resolve(match[1]!);
        });
        fake.on('exit', (status) => reject(new Error(`the fake exited (${status}) before printing its baseUrl: ${printed}`)));
      });
      const env = Object.fromEntries(envText!.trim().split(' ').map((pair) => pair.split('=') as [string, string]));
      expect(Object.keys(env)).toEqual(['WALDUR_URL', 'WALDUR_TOKEN']);
      expect(env.WALDUR_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      // The project the README names is one the fake prints as having no credit.
      for (const arg of args!.split(' ')) expect(printed).toContain(`  ${arg}  `);

      const { stdout, stderr } = await run(process.execPath, [join(dir, file!.replace(/\.mts$/, '.mjs')), ...args!.split(' ')], {
        cwd: root,
        env: { ...process.env, ...env, WALDUR_URL: baseUrl },
      });
      expect(stderr).toBe('');
      const lines = stdout.trimEnd().split('\n');
      expect(lines).toHaveLength(20);
      for (const line of lines) expect(line).toMatch(/^\S.* \d+\.\d\d$/);
      // It created, patched and deleted one credit (each awaited: a failure would have ended it with
      // an error): the fake holds as many credits as it started with.
      const started = Number(/\((?:profile \w+, )?(\d+) credits\)/.exec(printed)?.[1]);
      const waldur = createWaldurClient({ baseUrl, token: env.WALDUR_TOKEN! });
      expect(await waldur.projectCredits.count()).toBe(started);
      expect(await waldur.projectCredits.count({ project_uuid: args! })).toBe(0);
    } finally {
      fake.kill('SIGTERM');
    }
  });
});
