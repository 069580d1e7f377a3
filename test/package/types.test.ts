/**
 * Type tests (issue 13, item 6): consumer code compiled against the BUILT package, the way a
 * strict app compiles it (`strict`, `exactOptionalPropertyTypes`, `noUncheckedIndexedAccess`, no
 * `skipLibCheck`), with TypeScript 6 and with TypeScript 7:
 *
 * - test/types/*.ts: reading credits, the round trip, `undefined` in optional inputs, and the
 *   mistakes that must not compile (`// @ts-expect-error`);
 * - every ```ts block of README.md, written to .tmp/types/readme/ by scripts/readme-snippets.mjs.
 *
 * The package is imported by its own name and resolved through package.json `exports`, so the
 * compilers read dist/*.d.ts (made by `npm run build`, which `npm test` runs before this suite),
 * never src/: each run lists its files, and the test checks which declarations were read.
 *
 * By hand: `npm run build && node scripts/readme-snippets.mjs`, then
 * `node node_modules/typescript/bin/tsc -p test/types/tsconfig.json` (TypeScript 6) or
 * `node node_modules/typescript7/bin/tsc -p test/types/tsconfig.json` (TypeScript 7), and the
 * same with test/types/tsconfig.bundler.json. (`npx tsc` is ambiguous here: both packages
 * install a `tsc`.)
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROCESS_TEST_TIMEOUT_MS, runProcess } from '../support/processes.js';

const root = new URL('../..', import.meta.url).pathname;
// tsc runs take turns (test/support/processes.ts): the concurrent tests start six at once.
const run = runProcess;

const COMPILERS = [
  { name: 'TypeScript 6', tsc: 'node_modules/typescript/bin/tsc', major: 6 },
  { name: 'TypeScript 7', tsc: 'node_modules/typescript7/bin/tsc', major: 7 },
] as const;
const CONFIGS = [
  // A Node app (`nodenext`, Node's types): test/types/*.ts and the README snippets.
  { config: 'test/types/tsconfig.json', readme: true },
  // A browser app (`bundler`, no Node types): test/types/*.ts.
  { config: 'test/types/tsconfig.bundler.json', readme: false },
] as const;
const DECLARATIONS = ['dist/index.d.ts', 'dist/testing.d.ts', 'dist/testing-msw.d.ts', 'dist/testing-server.d.ts', 'dist/zod.d.ts'];
const MUST_FAIL = 'test/types/must-fail.ts';
/** Fences README.md may use for what is not TypeScript; any other is an error, not a silent skip. */
const NOT_TYPESCRIPT = new Set(['sh', 'bash', 'shell', 'js', 'javascript', 'json', 'yaml', 'text', '(none)']);
const SLOW = PROCESS_TEST_TIMEOUT_MS;
/** `[name, compiler]` rows, so that test names read "… with TypeScript 6". */
const EACH_COMPILER = COMPILERS.map((compiler) => [compiler.name, compiler] as const);

interface Compiled {
  code: number;
  /** Diagnostics as printed (`--pretty false`), the list of files taken out. */
  diagnostics: string;
  /** Every file of the program, relative to the repository. */
  files: string[];
}

async function tsc(compiler: string, args: string[]): Promise<Compiled> {
  let code = 0;
  let stdout: string;
  try {
    const argv = [compiler, ...args, '--pretty', 'false', '--listFiles'];
    ({ stdout } = await run(process.execPath, argv, { cwd: root, maxBuffer: 64 * 1024 * 1024 }));
  } catch (error) {
    const failed = error as { code?: unknown; stdout?: string; stderr?: string; message: string };
    if (typeof failed.code !== 'number') throw error;
    code = failed.code;
    stdout = `${failed.stdout ?? ''}${failed.stderr ?? ''}`;
  }
  const lines = stdout.split('\n').filter((line) => line !== '');
  // `--listFiles` prints absolute paths; diagnostics start with a path relative to the cwd.
  const isListed = (line: string) => line.startsWith('/') && !/\(\d+,\d+\): /.test(line);
  return {
    code,
    diagnostics: lines.filter((line) => !isListed(line)).join('\n'),
    files: lines.filter(isListed).map((file) => relative(root, file)),
  };
}

function filesIn(dir: string, keep: (name: string) => boolean): string[] {
  return readdirSync(join(root, dir), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && keep(entry.name))
    .map((entry) => relative(root, join(entry.parentPath, entry.name)));
}

/** Line (1-based) of each `// @ts-expect-error [TS… TS…] why` in must-fail.ts, with the codes it names. */
function expectedFailures(source: string): Map<number, string[]> {
  const expected = new Map<number, string[]>();
  source.split('\n').forEach((line, i) => {
    if (!/^\s*\/\/\s*@ts-expect-error/.test(line)) return;
    const codes = /^\s*\/\/ @ts-expect-error \[((?:TS\d+ ?)+)\] \S/.exec(line)?.[1]?.trim().split(' ');
    if (!codes) throw new Error(`${MUST_FAIL}:${i + 1}: write the directive as // @ts-expect-error [TS1234 …] why it must fail`);
    expected.set(i + 2, codes);
  });
  return expected;
}

let snippets: string[] = [];

beforeAll(async () => {
  const missing = DECLARATIONS.filter((file) => !existsSync(join(root, file)));
  if (missing.length > 0) {
    throw new Error(`${missing.join(' and ')} missing: run \`npm run build\` first (\`npm test\` builds before the unit tests)`);
  }
  const built = Math.min(...DECLARATIONS.map((file) => statSync(join(root, file)).mtimeMs));
  const newer = [...filesIn('src', (name) => name.endsWith('.ts')), ...filesIn('generated', (name) => name.endsWith('.ts'))].filter(
    (file) => statSync(join(root, file)).mtimeMs > built,
  );
  if (newer.length > 0) {
    throw new Error(`dist/ is older than ${newer.slice(0, 3).join(', ')}${newer.length > 3 ? ', …' : ''}: run \`npm run build\` first`);
  }

  const { stdout } = await run(process.execPath, ['scripts/readme-snippets.mjs', '--json'], { cwd: root });
  const readme = JSON.parse(stdout) as { written: { file: string }[]; skipped: { line: number; lang: string }[] };
  const unknown = readme.skipped.filter((block) => !NOT_TYPESCRIPT.has(block.lang));
  if (unknown.length > 0) {
    const blocks = unknown.map((block) => `\`\`\`${block.lang} at line ${block.line}`).join(', ');
    throw new Error(`README.md blocks neither compiled nor known to be another language: ${blocks}`);
  }
  snippets = readme.written.map((block) => block.file);

  // must-fail.ts without its directives, so that every error it holds is printed.
  const bare = join(root, '.tmp/types/must-fail');
  rmSync(bare, { recursive: true, force: true });
  mkdirSync(bare, { recursive: true });
  const source = readFileSync(join(root, MUST_FAIL), 'utf8');
  writeFileSync(join(bare, 'must-fail.ts'), source.replaceAll('// @ts-expect-error', '// (expect-error)'));
  writeFileSync(
    join(bare, 'tsconfig.json'),
    JSON.stringify({ extends: '../../../test/types/tsconfig.bundler.json', include: [], files: ['must-fail.ts'] }),
  );
}, SLOW);

describe('type tests: consumer code against dist/*.d.ts', () => {
  it('README.md has TypeScript blocks, and each became a module', () => {
    expect(snippets.length).toBeGreaterThan(0);
    for (const file of snippets) expect(existsSync(join(root, file)), file).toBe(true);
  });

  it.concurrent.each(EACH_COMPILER)('%s is the compiler it says', async (_name, { tsc: compiler, major }) => {
    const { stdout } = await run(process.execPath, [compiler, '--version'], { cwd: root });
    expect(stdout).toMatch(new RegExp(`^Version ${major}\\.`));
  });

  describe.concurrent.each(CONFIGS.map((c) => [c.config, c] as const))('%s', (_config, { config, readme }) => {
    it.each(EACH_COMPILER)(
      'compiles with %s, reading the built declarations only',
      async (name, { tsc: compiler }) => {
        const { code, diagnostics, files } = await tsc(compiler, ['-p', config]);
        const wanted = [...DECLARATIONS, ...filesIn('test/types', (file) => file.endsWith('.ts')), ...(readme ? snippets : [])];
        expect(
          wanted.filter((file) => !files.includes(file)),
          'files the program should hold but does not',
        ).toEqual([]);
        expect(
          files.filter((file) => /^(src|generated)\//.test(file)),
          'sources read instead of dist/',
        ).toEqual([]);
        if (code !== 0 || diagnostics !== '') {
          expect.fail(`${name}: tsc -p ${config} exited with ${code}:\n${diagnostics}`);
        }
      },
      SLOW,
    );
  });

  describe.concurrent('must-fail.ts', () => {
    it.each(EACH_COMPILER)(
      'with %s, each line under a directive fails for the reason it names, no other line',
      async (name, { tsc: compiler }) => {
        const expected = expectedFailures(readFileSync(join(root, MUST_FAIL), 'utf8'));
        expect(expected.size).toBeGreaterThan(0);
        const { diagnostics } = await tsc(compiler, ['-p', '.tmp/types/must-fail/tsconfig.json']);
        const found = new Map<number, string[]>();
        const others: string[] = [];
        for (const line of diagnostics.split('\n')) {
          const error = /^(.+?)\((\d+),\d+\): error (TS\d+): /.exec(line);
          if (!error) continue;
          if (error[1] !== '.tmp/types/must-fail/must-fail.ts') others.push(line);
          else found.set(Number(error[2]), [...(found.get(Number(error[2])) ?? []), error[3] ?? '']);
        }
        const problems: string[] = [...others];
        for (const [line, codes] of expected) {
          const got = found.get(line) ?? [];
          // Every error of the line must be one it names: a typo in the test itself (an unknown name) is not the reason.
          if (got.length === 0 || got.some((code) => !codes.includes(code))) {
            problems.push(`line ${line}: expected ${codes.join(' or ')}, got ${got.join(', ') || 'no error'}`);
          }
        }
        for (const line of found.keys()) if (!expected.has(line)) problems.push(`line ${line}: an error no directive expects`);
        if (problems.length > 0) expect.fail(`${name}, ${MUST_FAIL} without its directives:\n${problems.join('\n')}\n\n${diagnostics}`);
      },
      SLOW,
    );
  });
});

/**
 * msw is an optional peer dependency: an app that uses the fake's `fetch` only, without msw
 * installed, compiles against the built declarations (strict, no skipLibCheck), as ESM and as
 * CommonJS. The app lives outside this repository (whose node_modules hold msw), with the
 * package's declarations and decimal.js as its only node_modules; the `testing/msw` entry there
 * fails for the one reason that msw is missing, which shows that msw really is absent.
 */
describe('waldur-project-credits/testing in an app without msw', () => {
  const STRICT = {
    target: 'ES2022',
    lib: ['ES2022', 'DOM'],
    types: [],
    strict: true,
    exactOptionalPropertyTypes: true,
    noUncheckedIndexedAccess: true,
    skipLibCheck: false,
    skipDefaultLibCheck: true,
    noEmit: true,
  };
  const APP = `
    import { createWaldurClient } from 'waldur-project-credits';
    import { createFakeWaldur } from 'waldur-project-credits/testing';
    import type { FakeCredit, FakeWaldur } from 'waldur-project-credits/testing';
    const fake: FakeWaldur = createFakeWaldur({ credits: 3, token: 'test' });
    const waldur = createWaldurClient({ baseUrl: fake.baseUrl, token: 'test', fetch: fake.fetch });
    export const count: Promise<number> = waldur.projectCredits.count();
    export const stored: FakeCredit[] = fake.credits;
  `;
  let app: string;

  beforeAll(() => {
    app = mkdtempSync(join(tmpdir(), 'waldur-app-without-msw-'));
    const pkg = join(app, 'node_modules/waldur-project-credits');
    for (const dir of ['dist', 'testing/msw', 'query']) mkdirSync(join(pkg, dir), { recursive: true });
    for (const file of ['package.json', 'testing/package.json', 'testing/msw/package.json', 'query/package.json'])
      copyFileSync(join(root, file), join(pkg, file));
    for (const file of readdirSync(join(root, 'dist'))) {
      if (/\.d\.c?ts$/.test(file)) copyFileSync(join(root, 'dist', file), join(pkg, 'dist', file));
    }
    symlinkSync(join(root, 'node_modules/decimal.js'), join(app, 'node_modules/decimal.js'));
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
    writeFileSync(join(app, 'app.ts'), APP);
    writeFileSync(join(app, 'app.mts'), APP);
    writeFileSync(join(app, 'app.cts'), APP);
    writeFileSync(join(app, 'with-msw.ts'), "import { mswHandlers } from 'waldur-project-credits/testing/msw';\nexport const use = mswHandlers;\n");
    const config = (name: string, options: object, files: string[]) =>
      writeFileSync(join(app, name), JSON.stringify({ compilerOptions: { ...STRICT, ...options }, files }));
    config('tsconfig.bundler.json', { module: 'esnext', moduleResolution: 'bundler' }, ['app.ts']);
    config('tsconfig.node.json', { module: 'nodenext', moduleResolution: 'nodenext' }, ['app.mts', 'app.cts']);
    config('tsconfig.msw.json', { module: 'esnext', moduleResolution: 'bundler' }, ['with-msw.ts']);
  });
  afterAll(() => rmSync(app, { recursive: true, force: true }));

  it('has no msw anywhere it could be resolved from', () => {
    for (let dir = app; ; dir = join(dir, '..')) {
      expect(existsSync(join(dir, 'node_modules/msw')), dir).toBe(false);
      if (dir === '/') break;
    }
  });

  it.each(
    EACH_COMPILER.flatMap(([name, compiler]) => ['tsconfig.bundler.json', 'tsconfig.node.json'].map((config) => [name, config, compiler] as const)),
  )(
    'an app using fake.fetch compiles with %s (%s)',
    async (name, config, { tsc: compiler }) => {
      const { code, diagnostics, files } = await tsc(compiler, ['-p', join(app, config)]);
      const read = files.map((file) => file.replace(/^.*\/node_modules\/waldur-project-credits\//, 'waldur-project-credits/'));
      const wanted = config === 'tsconfig.node.json' ? ['dist/testing.d.ts', 'dist/testing.d.cts'] : ['dist/testing.d.ts'];
      for (const file of wanted) expect(read, 'the built declarations are what is compiled').toContain(`waldur-project-credits/${file}`);
      expect(
        read.filter((file) => /(^|\/)(msw|src|generated)\//.test(file)),
        'no msw, no sources',
      ).toEqual([]);
      if (code !== 0 || diagnostics !== '') expect.fail(`${name}: tsc -p ${config} exited with ${code}:\n${diagnostics}`);
    },
    SLOW,
  );

  it.each(EACH_COMPILER)(
    'the testing/msw entry there fails only because msw is missing (%s)',
    async (_name, { tsc: compiler }) => {
      const { code, diagnostics } = await tsc(compiler, ['-p', join(app, 'tsconfig.msw.json')]);
      expect(code).not.toBe(0);
      const errors = diagnostics.split('\n').filter((line) => / error TS\d+: /.test(line));
      expect(errors.length).toBeGreaterThan(0);
      for (const error of errors) expect(error).toMatch(/dist\/testing-msw\.d\.ts\(\d+,\d+\): error TS2307: Cannot find module 'msw'/);
    },
    SLOW,
  );
});
