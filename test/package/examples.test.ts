/**
 * The programs in examples/, and the README's Quick start, run as a user runs them, so they cannot
 * rot (needs dist/, built by `npm test`).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { transform } from 'esbuild';
import { describe, expect, it, vi } from 'vitest';
import { readmeBlocks } from '../../scripts/readme-snippets.mjs';
import { startFakeServer } from '../../src/testing/server.js';
import { createWaldurClient } from '../../src/index.js';
import { createFakeWaldur } from '../../src/testing/index.js';
import { PROCESS_TEST_TIMEOUT_MS, runProcess } from '../support/processes.js';

// Tests that start processes, on a loaded 2-core machine: see test/support/processes.ts.
vi.setConfig({ testTimeout: PROCESS_TEST_TIMEOUT_MS, hookTimeout: PROCESS_TEST_TIMEOUT_MS });

const run = runProcess;
const root = new URL('../..', import.meta.url).pathname;
const env = { ...process.env, WALDUR_URL: '' };

describe.runIf(existsSync(`${root}dist/testing.js`))('examples/', () => {
  it('export-csv.mjs writes one exact CSV row per credit of the organization', async () => {
    const customer = '3c4d5e6f7a8b4c9d8e0f1a2b3c4d5e6f';
    const { stdout, stderr } = await run(process.execPath, ['examples/export-csv.mjs', customer], { cwd: root, env });
    const [header] = stdout.split('\n');
    // The columns of `waldur-credits export`: an edited file is a change file for apply.
    expect(header).toBe('uuid,project_uuid,project_name,customer_uuid,customer_name,value,end_date,expected_consumption,minimal_consumption_logic');
    const rows = parse<Record<string, string>>(stdout, { columns: true });
    const expected = createFakeWaldur({ credits: 500 }).credits.filter((c) => c.customer_uuid === customer);
    expect(rows).toHaveLength(expected.length);
    expect(rows.every((r) => r.customer_name === 'Tallinn University of Technology')).toBe(true);
    expect(stdout).toContain(',"Tallinn University of Technology",');
    const values = rows.map((r) => r.value).sort();
    expect(values).toEqual(expected.map((c) => c.value.replace(/\.?0+$/, '')).sort());
    expect(stderr).toContain(`exported ${expected.length} credits`);
  });

  it.runIf(existsSync(`${root}dist/cli.js`))(
    'export-csv.mjs: its CSV, edited, applies with waldur-credits apply; a formula name is neutralised',
    { timeout: 60_000 },
    async () => {
      const customer = 'a9b8c7d6e5f44321b0a9f8e7d6c5b4a3';
      const served = await startFakeServer({
        token: 'example-token',
        credits: [
          {
            project_name: '=HYPERLINK("https://evil.example","x")',
            customer_uuid: customer,
            customer_name: 'University of Tartu',
            value: '10.00000',
          },
          { project_name: 'Genome assembly', customer_uuid: customer, customer_name: 'University of Tartu', value: '20.00000' },
        ],
      });
      const work = mkdtempSync(join(tmpdir(), 'export-csv-'));
      try {
        const serverEnv = { ...env, WALDUR_URL: served.baseUrl, WALDUR_TOKEN: 'example-token' };
        const { stdout } = await run(process.execPath, ['examples/export-csv.mjs', customer], { cwd: root, env: serverEnv });
        const rows = parse<Record<string, string>>(stdout, { columns: true });
        expect(rows.map((r) => r.project_name).sort()).toEqual(['\'=HYPERLINK("https://evil.example","x")', 'Genome assembly']);
        // Edited as a person would: one amount and one end date changed, everything else kept.
        for (const row of rows) {
          row.value = String(Number(row.value) + 1);
          if (row.project_name === 'Genome assembly') row.end_date = '2028-01-31';
        }
        writeFileSync(join(work, 'edited.csv'), stringify(rows, { header: true }));
        const apply = (...args: string[]) =>
          run(process.execPath, [join(root, 'bin/waldur-credits.mjs'), 'apply', 'edited.csv', ...args], { cwd: work, env: serverEnv });
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
    },
  );

  it('node-service.mjs serves two tenants with their own clients and logs through the hook', async () => {
    const { stdout } = await run(process.execPath, ['examples/node-service.mjs'], { cwd: root, env });
    expect(stdout).toMatch(/^tartu: 40 credits, \d+\.\d{2} allocated$/m);
    expect(stdout).toMatch(/^tallinn: 25 credits, \d+\.\d{2} allocated$/m);
    expect(stdout).toMatch(/^\[tartu\] GET \/api\/project-credits\/ → 200 in \d+ ms$/m);
  });
});

describe.runIf(existsSync(`${root}dist/fake-server.js`))('README.md, Quick start', () => {
  it('runs as the README says: the fake Waldur started by its command, then the saved file with the env and argument shown', async () => {
    const section = readmeBlocks().filter((block) => block.section === 'Quick start');
    const code = section.filter((block) => block.lang === 'ts');
    const commands = section.filter((block) => block.lang === 'sh').flatMap((block) => block.code.split('\n'));
    expect(code).toHaveLength(1);
    // npx waldur-project-credits-fake <args>, then ENV=… npx tsx <file> <args>.
    const fakeArgs = commands
      .find((line) => line.startsWith('npx waldur-project-credits-fake '))
      ?.split(' ')
      .slice(2);
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
      const env = Object.fromEntries(
        envText!
          .trim()
          .split(' ')
          .map((pair) => pair.split('=') as [string, string]),
      );
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
