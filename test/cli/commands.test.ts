/**
 * The waldur-credits command (bin/waldur-credits.mjs, the package's bin), run as a user runs it:
 * a child process against the fake Waldur over HTTP (`startFakeServer`). The commands need
 * dist/cli.js (built by `npm test`), `--help` too; without it, the bin says how to build, which a
 * copy of the bin in a directory without dist/ shows.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { WRITABLE_FIELDS } from '../../src/cli/changes.js';
import { ALL_FIELDS } from '../../src/cli/fields.js';
import { Progress } from '../../src/cli/progress.js';
import type { FakeCredit } from '../../src/testing/index.js';
import { startFakeServer } from '../../src/testing/server.js';
import type { FakeServer } from '../../src/testing/server.js';
import { bin, built, cleanEnv, root, runCli } from '../support/cli.js';
import { PROCESS_KILL_MS, PROCESS_TEST_TIMEOUT_MS } from '../support/processes.js';

// Tests that start processes, on a loaded 2-core machine: see test/support/processes.ts.
vi.setConfig({ testTimeout: PROCESS_TEST_TIMEOUT_MS, hookTimeout: PROCESS_TEST_TIMEOUT_MS });

const COMMANDS = ['count', 'list', 'get', 'export', 'apply'] as const;

/** Runs the command as a user does; resolves with its exit status and output (never rejects), in a slot. */
const cli = runCli;

/** Canonical (hyphenated) form of a fake's hex UUID. */
const canonical = (hex: string) => hex.replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');

describe('bin/waldur-credits.mjs without a build', () => {
  const bare = mkdtempSync(join(tmpdir(), 'waldur-credits-bin-'));
  mkdirSync(join(bare, 'bin'));
  const copy = join(bare, 'bin/waldur-credits.mjs');
  copyFileSync(bin, copy);
  afterAll(() => rmSync(bare, { recursive: true, force: true }));

  it('says in one line how to build (npm run build), exit 2, whatever it is asked: help too', async () => {
    expect(existsSync(join(bare, 'dist'))).toBe(false);
    const runs = await Promise.all([
      cli(['--help'], { program: copy }),
      cli(['list', '--help'], { program: copy }),
      cli(['--version'], { program: copy }),
      cli([], { program: copy }),
      cli(['count'], { program: copy, env: { WALDUR_URL: 'http://127.0.0.1:9', WALDUR_TOKEN: 't' } }),
    ]);
    for (const run of runs) {
      expect(run).toEqual({
        code: 2,
        stdout: '',
        stderr: `waldur-credits: ${join(bare, 'dist/cli.js')} is missing; what to do: build the package first (npm run build)\n`,
      });
    }
  });
});

describe.runIf(built)('waldur-credits --help and usage errors (the built command)', () => {
  it('--help answers for the command and for every subcommand, exit 0', async () => {
    const runs = await Promise.all([
      cli(['--help']),
      cli(['-h']),
      cli(['help']),
      ...COMMANDS.map((c) => cli([c, '--help'])),
      ...COMMANDS.map((c) => cli(['help', c])),
      // Help wins over anything else on the line, even a mistake.
      cli(['list', '--bogus', '--format', 'xml', '-h']),
    ]);
    for (const run of runs) expect(run).toMatchObject({ code: 0, stderr: '' });
    const [main, short, word, ...rest] = runs;
    expect(main.stdout).toMatch(/^Usage: waldur-credits <command> \[options\]/);
    expect(short.stdout).toBe(main.stdout);
    expect(word.stdout).toBe(main.stdout);
    for (const command of COMMANDS) expect(main.stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
    for (const option of ['--url', '--token', '--token-type', 'WALDUR_URL', 'WALDUR_TOKEN', 'WALDUR_TOKEN_TYPE', 'Exit status'])
      expect(main.stdout).toContain(option);
    COMMANDS.forEach((command, i) => {
      expect(rest[i]!.stdout).toMatch(new RegExp(`^Usage: waldur-credits ${command}\\b`));
      expect(rest[i + COMMANDS.length]!.stdout).toBe(rest[i]!.stdout);
    });
    const help = Object.fromEntries(COMMANDS.map((c, i) => [c, rest[i]!.stdout]));
    for (const flag of [
      '--customer-uuid',
      '--customer-name',
      '--customer-slug',
      '--project-uuid',
      '--project-name',
      '--query',
      '--order',
      '--page',
      '--page-size',
      '--all',
      '--format',
      '--fields',
      '--quiet',
    ]) {
      expect(help.list).toContain(flag);
    }
    for (const flag of ['--format', '--output', '--fields', '--customer-uuid']) expect(help.export).toContain(flag);
    for (const flag of ['--yes', '--concurrency', '--format']) expect(help.apply).toContain(flag);
    // Every field --fields takes, and every field a change can set, is named in the help.
    for (const field of ALL_FIELDS) expect(help.list!.replaceAll(/\s+/g, ' ')).toMatch(new RegExp(`\\b${field}\\b`));
    for (const field of WRITABLE_FIELDS) expect(help.apply).toMatch(new RegExp(`\\b${field}\\b`));
    expect(rest.at(-1)!.stdout).toBe(help.list);
  });

  it('--version prints the package version', async () => {
    const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
    expect(await cli(['--version'])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('a missing or unknown command is a usage error (2)', async () => {
    const [none, unknown, flagFirst, unknownTopic] = await Promise.all([cli([]), cli(['lsit']), cli(['--all', 'list']), cli(['help', 'lsit'])]);
    expect(none).toMatchObject({ code: 2, stdout: '', stderr: 'waldur-credits: a command is missing; what to do: see waldur-credits --help\n' });
    expect(unknown).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(
        /^waldur-credits: unknown command "lsit"; the commands are count, list, get, export, apply; what to do: see waldur-credits --help\n$/,
      ),
    });
    expect(flagFirst).toMatchObject({
      code: 2,
      stderr: 'waldur-credits: the command comes first, got "--all"; what to do: see waldur-credits --help\n',
    });
    expect(unknownTopic).toMatchObject({ code: 2, stderr: expect.stringMatching(/^waldur-credits: no command "lsit"; the commands are /) });
  });
});

describe('Progress (the line on stderr)', () => {
  it('draws count, total, percentage and rate on a terminal, at most ten times a second, and leaves a summary', () => {
    let clock = 0;
    const written: string[] = [];
    const tty = { isTTY: true, columns: 100, write: (t: string) => written.push(t) };
    const progress = new Progress(tty, 'exporting', false, () => clock);
    clock = 2000;
    progress.update(300, 1200);
    clock = 2050;
    progress.update(600, 1200); // too soon: not drawn
    clock = 4000;
    progress.update(1200, 1200);
    progress.finish('exported 1200 credits in 4.0 s');
    expect(written).toEqual([
      '\r\x1b[Kexporting [#####...............] 300/1200 credits 25%, 150/s',
      '\r\x1b[Kexporting [####################] 1200/1200 credits 100%, 300/s',
      '\r\x1b[K',
      'exported 1200 credits in 4.0 s\n',
    ]);
    clock = 0;
    const unknownTotal = new Progress(tty, 'reading', false, () => clock);
    unknownTotal.update(5, null);
    expect(unknownTotal.line()).toBe('reading 5 credits'); // no rate over less than half a second
    clock = 1000;
    expect(unknownTotal.line()).toBe('reading 5 credits, 5/s');
  });

  it('draws nothing into a pipe or a file, nor with --quiet', () => {
    const written: string[] = [];
    for (const [stream, quiet] of [
      [{ isTTY: false, write: (t: string) => written.push(t) }, false],
      [{ isTTY: true, write: (t: string) => written.push(t) }, true],
    ] as const) {
      const progress = new Progress(stream, 'reading', quiet);
      progress.update(1, 2);
      progress.finish('done');
      expect(progress.enabled).toBe(false);
    }
    expect(written).toEqual([]);
  });
});

describe.runIf(built)('waldur-credits against the fake Waldur over HTTP', () => {
  const BIG = '0f0f0f0f0f0f4f0f8f0f0f0f0f0f0f0f';
  const LONE = '1e1e1e1e1e1e4e1e8e1e1e1e1e1e1e1e';
  const LONE_ORG = '2d2d2d2d2d2d4d2d8d2d2d2d2d2d2d2d';
  let served: FakeServer;
  let env: Record<string, string>;
  let work: string;
  const patches = () => served.fake.requests.filter((r) => r.method === 'PATCH').length;

  beforeAll(async () => {
    // 24 generated credits, one with the largest amount the server stores and a name CSV must
    // quote, and one that is the only credit of an organization with a small customer credit.
    const credits: Partial<FakeCredit>[] = [
      { uuid: BIG, value: '99999999999.99999', expected_consumption: '0.00001', project_name: 'Big, "quoted" project' },
      ...Array.from({ length: 23 }, () => ({})),
      { uuid: LONE, value: '100.00000', customer_uuid: LONE_ORG, customer_name: 'Small Org', customer_slug: 'small', customer_credit: '1000.00000' },
    ];
    served = await startFakeServer({ credits, token: 'cli-token' });
    env = { WALDUR_URL: served.baseUrl, WALDUR_TOKEN: 'cli-token' };
    work = mkdtempSync(join(tmpdir(), 'waldur-credits-'));
  });
  afterAll(async () => {
    await (served as FakeServer | undefined)?.close(); // unset if beforeAll failed
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('count: one number; filters as flags; the connection from flags as well as from the environment', async () => {
    const [all, one, flags] = await Promise.all([
      cli(['count'], { env }),
      cli(['count', '--customer-uuid', LONE_ORG], { env }),
      cli(['count', '--url', served.baseUrl, '--token', 'cli-token', '--token-type', 'token']),
    ]);
    expect(all).toEqual({ code: 0, stdout: '25\n', stderr: '' });
    expect(one).toEqual({ code: 0, stdout: '1\n', stderr: '' });
    expect(flags).toEqual({ code: 0, stdout: '25\n', stderr: '' });
  });

  it('list: CSV when piped (csv-stringify quoting, exact amounts), no progress on a piped stderr', async () => {
    const run = await cli(['list', '--all', '--page-size', '10'], { env });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const [header] = run.stdout.split('\n');
    expect(header).toBe(
      'uuid,project_uuid,project_name,customer_uuid,customer_name,value,end_date,expected_consumption,minimal_consumption_logic,grace_coefficient,apply_as_minimal_consumption,mark_unused_credit_as_spent_on_project_termination',
    );
    const rows = parse<Record<string, string>>(run.stdout, { columns: true });
    expect(rows).toHaveLength(25);
    expect(new Set(rows.map((r) => r.uuid)).size).toBe(25);
    const big = rows.find((r) => r.uuid === canonical(BIG))!;
    expect(big).toMatchObject({ value: '99999999999.99999', expected_consumption: '0.00001', project_name: 'Big, "quoted" project' });
    expect(run.stdout).toContain(',"Big, ""quoted"" project",');
    expect(run.stdout).toContain(',99999999999.99999,');
    // Every amount exactly as the server stores it (trailing zeros aside), never through a float.
    for (const row of rows) {
      const stored = served.fake.credit(row.uuid!)!.value;
      expect(row.value).toBe(stored.replace(/\.?0+$/, ''));
    }
  });

  it('list: one page as a table, with where it is; --order -value, --fields', async () => {
    const run = await cli(['list', '--format', 'table', '--page-size', '10', '--order', '-value', '--fields', 'uuid,value,customer_name'], { env });
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^uuid {46}value {2}customer_name$/);
    expect(lines).toHaveLength(12);
    expect(lines[1]).toBe(`${canonical(BIG)}  99999999999.99999  ${served.fake.credit(BIG)!.customer_name}`);
    // Amounts right-aligned.
    const end = lines[0]!.indexOf('value') + 'value'.length;
    for (const line of lines.slice(1, 11)) expect(line.slice(end - 1, end + 1)).toMatch(/^\d $/);
    expect(lines[11]).toBe('page 1 of 3: 10 of 25 credits; next: --page 2, or --all for every page');
    const page3 = await cli(['list', '--format=table', '--page-size=10', '--page=3', '--order=-value,project_name'], { env });
    expect(page3.stdout.trimEnd().split('\n')).toHaveLength(7);
    expect(page3.stdout).toMatch(/page 3 of 3: 5 of 25 credits\n$/);
  });

  it('list: JSON and NDJSON with amounts as exact strings; --fields names every field asked for', async () => {
    const [json, ndjson, all] = await Promise.all([
      cli(
        ['list', '--format', 'json', '--order', '-value', '--page-size', '2', '--fields', 'uuid,value,expected_consumption,end_date,spendable_value'],
        { env },
      ),
      cli(['list', '--format', 'ndjson', '--all', '--page-size', '7'], { env }),
      cli(['list', '--format', 'json', '--all', '--page-size', '7', '--customer-name', 'Small'], { env }),
    ]);
    expect(json.code).toBe(0);
    expect((JSON.parse(json.stdout) as unknown[])[0]).toEqual({
      uuid: canonical(BIG),
      value: '99999999999.99999',
      expected_consumption: '0.00001',
      end_date: expect.anything(),
      spendable_value: null,
    });
    expect(JSON.parse(json.stdout)).toHaveLength(2);
    const lines = ndjson.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(25);
    const big = lines.find((c) => c.uuid === canonical(BIG))!;
    expect(big).toMatchObject({ value: '99999999999.99999', project_name: 'Big, "quoted" project', customer_credit: expect.any(String) });
    expect(Object.keys(big)).toContain('offerings');
    expect(ndjson.stderr).toBe('');
    expect(JSON.parse(all.stdout)).toEqual([expect.objectContaining({ uuid: canonical(LONE), value: '100', customer_credit: '1000' })]);
  });

  it('get <uuid|url>: JSON when piped, a field table, NDJSON, CSV', async () => {
    const url = `${served.baseUrl}/api/project-credits/${BIG}/`;
    const [json, table, ndjson, csv] = await Promise.all([
      cli(['get', BIG.toUpperCase()], { env }),
      cli(['get', url, '--format', 'table'], { env }),
      cli(['get', canonical(BIG), '--format', 'ndjson', '--fields', 'uuid,value'], { env }),
      cli(['get', BIG, '--format', 'csv', '--fields', 'project_name,value'], { env }),
    ]);
    expect(JSON.parse(json.stdout)).toMatchObject({ uuid: canonical(BIG), value: '99999999999.99999', url });
    expect(json.stdout).toMatch(/^\{\n {2}"uuid"/);
    expect(table.stdout).toMatch(/^field +value\nuuid +0f0f0f0f-0f0f-4f0f-8f0f-0f0f0f0f0f0f\n/);
    expect(table.stdout).toMatch(/^value +99999999999\.99999$/m);
    expect(ndjson.stdout).toBe(`{"uuid":"${canonical(BIG)}","value":"99999999999.99999"}\n`);
    expect(csv.stdout).toBe('project_name,value\n"Big, ""quoted"" project",99999999999.99999\n');
  });

  it('export: every credit as CSV to stdout, or as NDJSON to --output FILE (no half file left behind)', async () => {
    const stdout = await cli(['export'], { env });
    expect(stdout).toMatchObject({ code: 0, stderr: '' });
    const rows = parse<Record<string, string>>(stdout.stdout, { columns: true });
    expect(rows).toHaveLength(25);
    expect(rows.find((r) => r.uuid === canonical(BIG))!.value).toBe('99999999999.99999');

    const file = join(work, 'credits.ndjson');
    const toFile = await cli(['export', '--format', 'ndjson', '--output', file, '--page-size', '4'], { env });
    expect(toFile).toEqual({ code: 0, stdout: '', stderr: '' });
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(25);
    expect(lines.map((l) => (JSON.parse(l) as { value: unknown }).value)).toContain('99999999999.99999');

    // A failed export leaves the previous file as it was, and no temporary file.
    writeFileSync(join(work, 'keep.csv'), 'old\n');
    const failed = await cli(['export', '-o', join(work, 'keep.csv')], { env: { ...env, WALDUR_TOKEN: 'wrong' } });
    expect(failed.code).toBe(1);
    expect(readFileSync(join(work, 'keep.csv'), 'utf8')).toBe('old\n');
    expect(readdirSync(work).filter((f) => f.includes('partial'))).toEqual([]);
    const nowhere = await cli(['export', '-o', join(work, 'no/such/dir.csv')], { env });
    expect(nowhere).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(
        /^waldur-credits export: --output .* cannot write there \(ENOENT\); what to do: check that the folder exists and is writable\n$/,
      ),
    });
  });

  it('a reader that goes away early (… | head) is not an error', async () => {
    const child = spawn(process.execPath, [bin, 'export'], { env: { ...cleanEnv, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  });

  it('exit 1: a wrong token is one line saying what to do, without the token', async () => {
    const runs = await Promise.all([
      cli(['count'], { env: { ...env, WALDUR_TOKEN: 'wrong-token' } }),
      cli(['list', '--all'], { env: { ...env, WALDUR_TOKEN: 'wrong-token' } }),
      cli(['get', BIG], { env: { ...env, WALDUR_TOKEN: 'wrong-token' } }),
    ]);
    for (const run of runs) {
      expect(run.code).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(
        /^waldur-credits (count|list|get): WaldurAuthenticationError: (HEAD|GET) http:\/\/127\.0\.0\.1:\d+\/api\/project-credits\/\S* → 401 Unauthorized.*; what to do: check the token \(WALDUR_TOKEN or --token.*\n$/,
      );
      expect(run.stderr).not.toContain('wrong-token');
    }
    const missing = await cli(['get', '00000000000040008000000000000000'], { env });
    expect(missing).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/WaldurNotFoundError: .* 404 Not Found.*; what to do: no credit with this UUID is visible to this token/),
    });
  });

  it('exit 2: bad flags, bad UUIDs, a missing connection; one line each, and no request sent', async () => {
    const before = served.fake.requests.length;
    const cases: [string[], RegExp, Record<string, string>?][] = [
      [['list', '--bogus'], /^waldur-credits list: unknown option --bogus; what to do: see waldur-credits list --help$/],
      [['list', '--format', 'xml'], /^waldur-credits list: --format must be table, json, ndjson or csv, got "xml"/],
      [['list', '--fields', 'uuid,vaule'], /^waldur-credits list: --fields: "vaule" is not a field; the fields are uuid, url,/],
      [['list', '--page-size', '500'], /^waldur-credits list: --page-size: expected a whole number from 1 to 300/],
      [['list', '--page', 'two'], /^waldur-credits list: --page must be a whole number, got "two"/],
      [['list', '--order', '-valeu'], /^waldur-credits list: --order: expected one of value, -value/],
      [['list', '--order'], /^waldur-credits list: --order needs a value/],
      [['count', '--customer-uuid', 'xyz'], /^waldur-credits count: --customer-uuid: expected a UUID/],
      [['get', 'not-a-uuid'], /^waldur-credits get: <uuid\|url>: expected a credit UUID/],
      [
        ['get', 'https://elsewhere.example/api/project-credits/0f0f0f0f0f0f4f0f8f0f0f0f0f0f0f0f/'],
        /^waldur-credits get: <uuid\|url>: is a URL on https:\/\/elsewhere\.example/,
      ],
      [['get'], /^waldur-credits get: <uuid\|url> is missing/],
      [['get', BIG, BIG], /^waldur-credits get: one <uuid\|url> only, got 2/],
      [['export', '--format', 'table'], /^waldur-credits export: --format must be csv or ndjson/],
      [['apply', 'changes.txt'], /^waldur-credits apply: "changes.txt": a change file is .csv or .json/],
      [['apply', 'missing.csv'], /^waldur-credits apply: ENOENT: .*; what to do: check the path/],
      [['count'], /^waldur-credits count: no server: set WALDUR_URL/, { WALDUR_URL: '' }],
      [['count'], /^waldur-credits count: no token: set WALDUR_TOKEN/, { WALDUR_TOKEN: '' }],
      [['count', '--url', 'http://127.0.0.1:1/api/'], /^waldur-credits count: --url \(WALDUR_URL\): .*Use --url http:\/\/127\.0\.0\.1:1/],
      [['count', '--token-type', 'Basic'], /^waldur-credits count: --token-type \(WALDUR_TOKEN_TYPE\): expected "Token" or "Bearer"/],
      // The token pasted with its scheme: the fix is said as the command's flag and variable, not the SDK's option.
      [
        ['count', '--token', 'Bearer eyJ.abc.def'],
        /^waldur-credits count: --token \(WALDUR_TOKEN\): starts with "Bearer": give the key alone and set --token-type Bearer \(or WALDUR_TOKEN_TYPE=Bearer\);/,
      ],
      [
        ['count'],
        /^waldur-credits count: --token \(WALDUR_TOKEN\): starts with "Token": give the key alone and set --token-type Token \(or WALDUR_TOKEN_TYPE=Token\);/,
        { WALDUR_TOKEN: 'Token 0123abc', WALDUR_TOKEN_TYPE: 'Bearer' },
      ],
    ];
    const runs = await Promise.all(cases.map(([args, , extra]) => cli(args, { env: { ...env, ...extra }, cwd: work })));
    runs.forEach((run, i) => {
      expect(run.code, cases[i]![0].join(' ')).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr.trimEnd()).toMatch(cases[i]![1]);
      expect(run.stderr.split('\n')).toHaveLength(2); // one line
      expect(run.stderr).toContain('; what to do: ');
    });
    expect(served.fake.requests.length).toBe(before);
  });

  it('a server before 8.x: CSV adds use_organisation_credit, which apply can set', async () => {
    const legacy = await startFakeServer({ profile: 'legacy', credits: 3, token: 'old' });
    try {
      const legacyEnv = { WALDUR_URL: legacy.baseUrl, WALDUR_TOKEN: 'old' };
      const list = await cli(['list'], { env: legacyEnv });
      expect(list.stdout.split('\n')[0]).toMatch(/,mark_unused_credit_as_spent_on_project_termination,use_organisation_credit$/);
      const [first] = parse<Record<string, string>>(list.stdout, { columns: true });
      expect(first).toMatchObject({ use_organisation_credit: 'true', end_date: '' });
      writeFileSync(join(work, 'legacy.csv'), `uuid,use_organisation_credit\n${first!.uuid},false\n`);
      const applied = await cli(['apply', 'legacy.csv', '--yes'], { env: legacyEnv, cwd: work });
      expect(applied.stdout).toMatch(/use_organisation_credit +true +→ {2}false$/m);
      expect(legacy.fake.credit(first!.uuid!)!.use_organisation_credit).toBe(false);
    } finally {
      await legacy.close();
    }
  }, 30_000);

  it('apply: a dry run prints the plan and sends nothing; --yes applies it; a second --yes has nothing to do', async () => {
    const [a, b, c] = served.fake.credits.filter((x) => x.customer_uuid !== LONE_ORG && x.uuid !== BIG);
    const file = join(work, 'changes.csv');
    writeFileSync(
      file,
      [
        'uuid,value,end_date,apply_as_minimal_consumption,project_name',
        `${a!.uuid},1234.5,,,anything (read-only: ignored)`,
        `${canonical(b!.uuid)},,null,${!b!.apply_as_minimal_consumption},`,
        `${c!.uuid},${c!.value},,,`,
        '',
      ].join('\n'),
    );
    const before = patches();
    const plan = await cli(['apply', file], { env, cwd: work });
    expect(plan).toMatchObject({ code: 0, stderr: '' });
    // The table first (each credit with its project's name), the counts last: the plan streams.
    expect(plan.stdout).toMatch(/^credit +project +field +before +after\n/);
    expect(plan.stdout).toContain(
      `\nPlan for ${file} (dry run: nothing was sent): 2 credits to change, 1 already as wanted.\nTo apply it: waldur-credits apply ${file} --yes\n`,
    );
    expect(plan.stdout).toMatch(
      new RegExp(`^${canonical(a!.uuid)}  ${a!.project_name} +value +${a!.value.replace(/\.?0+$/, '').replace('.', '\\.')} +→  1234\\.5$`, 'm'),
    );
    expect(plan.stdout).toMatch(new RegExp(`^${canonical(b!.uuid)}  ${b!.project_name} +end_date +\\S+ +→ {2}null$`, 'm'));
    expect(plan.stdout).toMatch(
      new RegExp(`^ +apply_as_minimal_consumption +${b!.apply_as_minimal_consumption} +→ {2}${!b!.apply_as_minimal_consumption}$`, 'm'),
    );
    // The credit already as wanted is counted, not listed, unless --verbose.
    expect(plan.stdout).not.toContain(canonical(c!.uuid));
    const verbose = await cli(['apply', file, '--verbose'], { env, cwd: work });
    expect(verbose.stdout).toContain(`\nAlready as wanted (nothing sent):\n  ${canonical(c!.uuid)}\n`);
    expect(patches()).toBe(before);
    expect(served.fake.credit(a!.uuid)!.value).not.toBe('1234.50000');

    const applied = await cli(['apply', file, '--yes'], { env, cwd: work });
    expect(applied).toMatchObject({ code: 0, stderr: '' });
    expect(applied.stdout).toMatch(/\nApplied .*changes\.csv: 2 credits changed, 1 already as wanted\.\n$/);
    expect(patches()).toBe(before + 2);
    expect(served.fake.credit(a!.uuid)).toMatchObject({ value: '1234.50000' });
    expect(served.fake.credit(b!.uuid)).toMatchObject({ end_date: null, apply_as_minimal_consumption: !b!.apply_as_minimal_consumption });

    const again = await cli(['apply', file, '--yes'], { env, cwd: work });
    expect(again).toEqual({
      code: 0,
      stdout: `Nothing to do: all 3 credits of ${file} already have the wanted values; nothing was sent.\n`,
      stderr: '',
    });
    expect(patches()).toBe(before + 2);

    // The same as JSON, for scripts: amounts as exact strings.
    const json = join(work, 'changes.json');
    writeFileSync(
      json,
      JSON.stringify([
        { uuid: a!.uuid, value: '99999.00001', grace_coefficient: '3' },
        { uuid: c!.uuid, end_date: null },
      ]),
    );
    const report = await cli(['apply', json, '--format', 'json'], { env, cwd: work });
    expect(JSON.parse(report.stdout)).toEqual({
      file: 'changes.json',
      dryRun: true,
      changes: [
        {
          where: '[0]',
          uuid: canonical(a!.uuid),
          outcome: 'planned',
          project_name: a!.project_name,
          before: { value: '1234.5', grace_coefficient: expect.any(String) },
          after: { value: '99999.00001', grace_coefficient: '3' },
        },
        {
          where: '[1]',
          uuid: canonical(c!.uuid),
          outcome: 'planned',
          project_name: c!.project_name,
          before: { end_date: c!.end_date },
          after: { end_date: null },
        },
      ],
      counts: { changed: 2, unchanged: 0, notApplied: 0, unknown: 0, notSent: 0 },
      aborted: false,
      stoppedBy: null,
    });
  }, 30_000);

  it('apply: a bad row is a usage error (2) naming its file line or index, before any request', async () => {
    const [a, b] = served.fake.credits;
    const cases: [string, string, RegExp][] = [
      [
        'decimals.csv',
        `uuid,value\n${a!.uuid},10\n${b!.uuid},1.123456\n`,
        /^waldur-credits apply: decimals\.csv line 3 \(uuid [0-9a-f]{32}\): value: has 6 decimal places.*; what to do: fix that row, then run again \(nothing was sent\)$/,
      ],
      ['uuid.csv', `value,uuid\n1,${a!.uuid}\n2,zz\n`, /^waldur-credits apply: uuid\.csv line 3 \(uuid zz\): uuid: expected a credit UUID/],
      [
        'twice.csv',
        `uuid,value\n${a!.uuid},1\n\n${canonical(a!.uuid)},2\n`,
        /^waldur-credits apply: twice\.csv line 4 \(uuid [0-9a-f-]{36}\): uuid: names the same credit as line 2; what to do/,
      ],
      [
        'twice.json',
        JSON.stringify([{ uuid: a!.uuid }, { uuid: b!.uuid }, { uuid: a!.uuid.toUpperCase() }]),
        /^waldur-credits apply: twice\.json \[2\] .*: uuid: names the same credit as \[0\]; what to do/,
      ],
      ['open.json', `[{"uuid": "${a!.uuid}"}`, /^waldur-credits apply: open\.json: not valid JSON: the file ends before the array is closed with \]/],
      [
        'trailing.json',
        `[{"uuid": "${a!.uuid}"}] x`,
        /^waldur-credits apply: trailing\.json: not valid JSON: unexpected text after the end of the array/,
      ],
      ['item.json', `[{"uuid": "${a!.uuid}"}, {"uuid": "${b!.uuid}", }]`, /^waldur-credits apply: item\.json \[1\]: not valid JSON: /],
      ['hole.json', `[{"uuid": "${a!.uuid}"},, {"uuid": "${b!.uuid}"}]`, /^waldur-credits apply: hole\.json: not valid JSON: item \[1\] is missing/],
      ['object.json', `{"uuid": "${a!.uuid}"}`, /^waldur-credits apply: object\.json: expected an array of changes/],
      [
        'flag.csv',
        `uuid,apply_as_minimal_consumption\n${a!.uuid},yes\n`,
        /^waldur-credits apply: flag\.csv line 2: apply_as_minimal_consumption must be true or false, got "yes"/,
      ],
      ['column.csv', `uuid,vaule\n${a!.uuid},1\n`, /^waldur-credits apply: column\.csv: "vaule" is not a field a change can set/],
      ['date.csv', `uuid,end_date\n${a!.uuid},2027-02-30\n`, /^waldur-credits apply: date\.csv line 2 .*: end_date: expected a calendar date/],
      [
        'number.json',
        JSON.stringify([{ uuid: a!.uuid, value: 0.1 }]),
        /^waldur-credits apply: number\.json \[0\]: value is the JSON number 0\.1; write amounts as strings/,
      ],
      [
        'logic.json',
        JSON.stringify([{ uuid: a!.uuid }, { uuid: b!.uuid, minimal_consumption_logic: 'lineer' }]),
        /^waldur-credits apply: logic\.json \[1\] \(uuid [0-9a-f]{32}\): minimal_consumption_logic: /,
      ],
      ['empty.csv', 'uuid,value\n', /^waldur-credits apply: empty\.csv holds no changes/],
    ];
    for (const [name, text] of cases) writeFileSync(join(work, name), text);
    const before = served.fake.requests.length;
    const runs = await Promise.all(cases.map(([name]) => cli(['apply', name, '--yes'], { env, cwd: work })));
    runs.forEach((run, i) => {
      expect(run.code, cases[i]![0]).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr.trimEnd()).toMatch(cases[i]![2]);
      expect(run.stderr.split('\n')).toHaveLength(2);
    });
    expect(served.fake.requests.length).toBe(before);
    const concurrency = await cli(['apply', 'flag.csv', '--concurrency', '99'], { env, cwd: work });
    expect(concurrency.code).toBe(2);
  }, 60_000);

  it('apply: exit 3 when a change fails (the server refuses it, or the credit does not exist); the rest is applied', async () => {
    const [a] = served.fake.credits.filter((x) => x.customer_uuid !== LONE_ORG && x.uuid !== BIG);
    const file = join(work, 'over.csv');
    // LONE is its organization's only credit: over the customer credit, Waldur refuses it (a bare-list 400).
    writeFileSync(file, `uuid,value\n${LONE},5000\n${a!.uuid},777\n00000000000040008000000000000000,1\n`);
    const run = await cli(['apply', file, '--yes'], { env, cwd: work });
    expect(run.code).toBe(3);
    expect(run.stdout).toMatch(/^Applied .*over\.csv: 1 credit changed, 0 already as wanted, 2 not applied\.$/m);
    expect(run.stdout).toContain('\nNot applied (the server does not hold these changes):\n');
    expect(run.stdout).toContain(
      `  ${canonical(LONE)} (${served.fake.credit(LONE)!.project_name}): WaldurBadRequestError: PATCH ${served.baseUrl}/api/project-credits/${canonical(LONE)}/ → 400 Bad Request: non_field_errors: The sum of project credits cannot exceed the credit for organization.`,
    );
    expect(run.stdout).toMatch(/^ {2}00000000-0000-4000-8000-000000000000: WaldurNotFoundError: .*404/m);
    expect(run.stderr).toBe(
      'waldur-credits apply: 2 changes not applied; what to do: fix what the report says, then run the same file again: it reads the credits again and sends only what the server does not hold\n',
    );
    expect(served.fake.credit(LONE)!.value).toBe('100.00000');
    expect(served.fake.credit(a!.uuid)!.value).toBe('777.00000');
    // The dry run says so too: what cannot be planned is exit 3.
    const plan = await cli(['apply', file], { env, cwd: work });
    expect(plan.code).toBe(3);
    expect(plan.stdout).toContain('\nCannot be planned (nothing would be sent):\n  00000000-0000-4000-8000-000000000000: WaldurNotFoundError: ');
  }, 30_000);

  it('apply: Ctrl-C during --yes sends no new change; the report says what was applied and what was not (exit 3); running again finishes', async () => {
    const targets = served.fake.credits.filter((x) => x.customer_uuid !== LONE_ORG && x.uuid !== BIG).slice(0, 6);
    const file = join(work, 'interrupted.csv');
    writeFileSync(file, ['uuid,expected_consumption', ...targets.map((t, i) => `${t.uuid},${i + 1}.12345`), ''].join('\n'));
    // Slow writes, so that the interruption lands midway.
    const fake = served.fake as { fetch: typeof fetch };
    const original = fake.fetch;
    fake.fetch = async (input, init) => {
      if (init?.method === 'PATCH') await new Promise((r) => setTimeout(r, 400));
      return original(input, init);
    };
    const before = patches();
    try {
      const child = spawn(process.execPath, [bin, 'apply', file, '--yes', '--concurrency', '1'], {
        env: { ...cleanEnv, ...env },
        cwd: work,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
      // Interrupt once the first write has reached the server.
      const deadline = Date.now() + PROCESS_KILL_MS;
      while (served.fake.requests.filter((r) => r.method === 'PATCH').length === before && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 20));
      child.kill('SIGINT');
      expect(await exited).toBe(3);
      const applied = patches() - before;
      expect(applied).toBeGreaterThanOrEqual(1);
      expect(applied).toBeLessThan(6);
      expect(stdout).toMatch(
        new RegExp(`^Applied .*interrupted\\.csv: ${applied} credits? changed, 0 already as wanted, ${6 - applied} not sent\\.$`, 'm'),
      );
      expect(stdout).toMatch(/^Not sent \(interrupted\): /m);
      expect(stderr).toContain('interrupted: stopping; no new change is sent');
      expect(stderr).toMatch(/waldur-credits apply: \d+ not sent \(interrupted\); what to do: .*run the same file again/);
    } finally {
      fake.fetch = original;
    }
    const sentBefore = patches();
    const rest = await cli(['apply', file, '--yes'], { env, cwd: work });
    expect(rest.code).toBe(0);
    // Only what was not sent is sent now.
    expect(patches() - sentBefore).toBe(6 - (sentBefore - before));
    targets.forEach((t, i) => expect(served.fake.credit(t.uuid)!.expected_consumption).toBe(`${i + 1}.12345`));
  });
});

describe.runIf(built)('the README session', () => {
  it('is what the command prints: count, list, the plan, the apply, the second apply with nothing to do', async () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('### The waldur-credits command'));
    const block = /```text\n([\s\S]*?)```/.exec(section)![1]!;
    // Each `$ command` with what it printed.
    const steps = block
      .split(/^\$ /m)
      .filter(Boolean)
      .map((step) => {
        const [command, ...output] = step.split('\n');
        return { command: command!, output: output.join('\n') };
      });
    const served = await startFakeServer({ credits: 250, token: 'test' });
    const dir = mkdtempSync(join(tmpdir(), 'waldur-credits-readme-'));
    try {
      const env = { WALDUR_URL: served.baseUrl, WALDUR_TOKEN: 'test' };
      const checked: string[] = [];
      for (const { command, output } of steps) {
        if (command.startsWith('cat ')) writeFileSync(join(dir, command.slice(4)), output);
        if (!/^waldur-credits (count|list|apply) /.test(command)) continue;
        const args = command.split(' ').slice(1);
        // The session ran in a terminal, where a list is a table.
        const run = await cli(args[0] === 'list' ? [...args, '--format', 'table'] : args, { env, cwd: dir });
        expect({ command, code: run.code, stdout: run.stdout }).toEqual({ command, code: 0, stdout: output });
        checked.push(command);
      }
      expect(checked).toEqual([
        'waldur-credits count --customer-name Tartu',
        'waldur-credits list --customer-name Tartu --order -value --page-size 3',
        'waldur-credits apply changes.csv',
        'waldur-credits apply changes.csv --yes',
        'waldur-credits apply changes.csv --yes',
      ]);
    } finally {
      await served.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
