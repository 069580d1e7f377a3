#!/usr/bin/env node
// The runtime smoke (`npm run smoke`): the packed package, installed into a throwaway consumer as
// a user installs it, runs test/smoke/smoke.mjs in every runtime users run it in, against the
// package's fake Waldur served over HTTP on 127.0.0.1 (one fake per runtime, with CORS).
//
//   npm run smoke                       every runtime (needs dist/: npm run build)
//   node scripts/smoke.mjs deno webkit  only these (names as in the table)
//   WALDUR_SMOKE_JOBS=2                 runtimes at once (default 3)
//   WALDUR_SMOKE_VERBOSE=1              every step's answer and each runtime's output too
//
// Runtimes come from `node scripts/install-runtimes.mjs` (npm platform packages, no install
// scripts) and Debian (`--apt`: chromium, firefox-esr, webkit2gtk-driver, xvfb, xauth). A runtime that
// cannot be had is a loud, named skip locally and a failure in CI (CI set). Prints a table
// (runtime, version, steps passed, seconds) and writes it to artifacts/smoke.json.
import { execFile, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { binaries, runtimesDir } from './install-runtimes.mjs';
import { installPacked } from './packed-app.mjs';

const root = new URL('..', import.meta.url).pathname;
const STEPS = 16;
/** The longest one runtime may take, browser start included (the machine is loaded: generous). */
const RUNTIME_DEADLINE_MS = 300_000;
const TOKEN = 'smoke-token';
const CI = Boolean(process.env.CI);
const bin = binaries();
const execAsync = promisify(execFile);

/** What `cmd --version` prints (first line), or `null`. */
async function versionOf(cmd, args = ['--version'], pattern = /(\d[\w.-]*)/) {
  try {
    const { stdout } = await execAsync(cmd, args, { timeout: 30_000 });
    return pattern.exec(stdout)?.[1] ?? stdout.trim().split('\n')[0];
  } catch {
    return null;
  }
}
const installHint = 'node scripts/install-runtimes.mjs';
const aptHint = 'node scripts/install-runtimes.mjs --apt (as root)';
const needs = (file, hint) => (existsSync(file) ? null : `${file} is missing: ${hint}`);

/**
 * The runtimes. `missing()` says why one cannot run here (null when it can); `run(ctx)` runs the
 * smoke and resolves once it has ended (results arrive through ctx.report).
 */
const RUNTIMES = [
  {
    name: 'webkit',
    label: 'WebKitGTK (MiniBrowser, Xvfb)',
    browser: true,
    missing: () =>
      needs(bin.xvfbRun, aptHint) ?? needs('/usr/bin/xauth', aptHint) ?? (webkitBrowser() ? null : `WebKitGTK's MiniBrowser is missing: ${aptHint}`),
    version: () => versionOf('dpkg-query', ['-W', '-f', '${Version}', 'libwebkit2gtk-4.1-0'], /^([\d.]+)/),
    run: (ctx) => runWebKit(ctx),
  },
  {
    name: 'firefox',
    label: 'Firefox ESR',
    browser: true,
    missing: () => needs(bin.firefox, aptHint),
    version: () => versionOf(bin.firefox),
    run: (ctx) => runFirefox(ctx),
  },
  {
    name: 'chromium',
    label: 'Chromium',
    browser: true,
    missing: () => needs(bin.chromium, aptHint),
    version: () => versionOf(bin.chromium, ['--version'], /Chromium (\d[\d.]*)/),
    run: (ctx) => runChromium(ctx),
  },
  {
    name: 'workerd',
    label: 'workerd (Worker module, no nodejs_compat)',
    missing: () => needs(bin.workerd, installHint),
    version: () => versionOf(bin.workerd),
    run: (ctx) => runWorkerd(ctx),
  },
  {
    name: 'deno',
    label: 'Deno (npm: specifiers)',
    missing: () => needs(bin.deno, installHint),
    version: () => versionOf(bin.deno),
    run: (ctx) =>
      runProcess(ctx, bin.deno, ['run', '--allow-net=127.0.0.1', '--allow-env=WALDUR_SMOKE_CONFIG', `--allow-read=${ctx.app}`, 'deno.mjs'], {
        DENO_DIR: join(ctx.work, 'deno-dir'),
        DENO_NO_UPDATE_CHECK: '1',
        NO_COLOR: '1',
      }),
  },
  {
    name: 'bun',
    label: 'Bun',
    missing: () => needs(bin.bun, installHint),
    version: () => versionOf(bin.bun),
    run: (ctx) => runProcess(ctx, bin.bun, ['node.mjs']),
  },
  {
    name: 'edge-runtime',
    label: 'edge-runtime (Vercel/Next.js middleware)',
    missing: () => needs(bin.edgeRuntime, installHint),
    version: async () => JSON.parse(readFileSync(join(bin.edgeRuntime, 'package.json'), 'utf8')).version,
    run: (ctx) => runProcess(ctx, process.execPath, [join(root, 'test/smoke/edge-host.mjs'), bin.edgeRuntime, join(ctx.app, 'edge.bundle.js')]),
  },
  {
    name: 'node24',
    label: 'Node 24 (ESM)',
    missing: () => needs(bin.node24, installHint),
    version: () => versionOf(bin.node24),
    run: (ctx) => runProcess(ctx, bin.node24, ['node.mjs']),
  },
  {
    name: 'node22',
    label: 'Node 22 (ESM)',
    missing: () => needs(bin.node22, installHint),
    version: () => versionOf(bin.node22),
    run: (ctx) => runProcess(ctx, bin.node22, ['node.mjs']),
  },
  {
    name: 'node-cjs',
    label: `Node ${process.versions.node.split('.')[0]} (CJS)`,
    missing: () => null,
    version: async () => process.versions.node,
    run: (ctx) => runProcess(ctx, process.execPath, ['node.cjs']),
  },
  {
    name: 'node-esm',
    label: `Node ${process.versions.node.split('.')[0]} (ESM)`,
    missing: () => null,
    version: async () => process.versions.node,
    run: (ctx) => runProcess(ctx, process.execPath, ['node.mjs']),
  },
];

/** WebKitGTK's MiniBrowser (libwebkit2gtk-4.1-0 ships it outside PATH). */
function webkitBrowser() {
  for (const dir of ['/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1', '/usr/lib/aarch64-linux-gnu/webkit2gtk-4.1', '/usr/libexec/webkit2gtk-4.1']) {
    if (existsSync(join(dir, 'MiniBrowser'))) return join(dir, 'MiniBrowser');
  }
  return null;
}

/** Starts a child in its own process group, so that ending it ends its children too. */
function start(ctx, cmd, args, env = {}) {
  const child = spawn(cmd, args, { cwd: ctx.app, env: { ...process.env, PWD: ctx.app, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let buffered = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk) => {
    buffered += chunk;
    let at;
    while ((at = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, at);
      buffered = buffered.slice(at + 1);
      if (line.startsWith('SMOKE ')) ctx.report(JSON.parse(line.slice(6)));
      else ctx.log(line);
    }
  });
  child.stderr.on('data', (chunk) => ctx.log(String(chunk).trimEnd()));
  const exited = new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  ctx.onEnd(() => {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  });
  return { child, exited };
}

/** A runtime that runs the smoke as a program and prints its steps. */
async function runProcess(ctx, cmd, args, env = {}) {
  const { exited } = start(ctx, cmd, args, { ...env, WALDUR_SMOKE_CONFIG: JSON.stringify(ctx.config) });
  const { code, signal } = await exited;
  if (code !== 0) ctx.log(`exited with ${code ?? signal}`);
}

/** A free TCP port on 127.0.0.1 (for workerd, whose config names its port). */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function runWorkerd(ctx) {
  const date = (await versionOf(bin.workerd, ['--version'], /(\d{4}-\d{2}-\d{2})/)) ?? '2026-01-01';
  let response;
  // workerd's config names its port: a free one, found just before; tried again if it was taken meanwhile.
  for (let attempt = 1; !response; attempt++) {
    const port = await freePort();
    // The default outbound network refuses loopback; the API is on 127.0.0.1.
    writeFileSync(
      join(ctx.app, 'workerd.capnp'),
      `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "main", worker = .smokeWorker),
    (name = "internet", network = (allow = ["public", "local"])),
  ],
  sockets = [(name = "http", address = "127.0.0.1:${port}", http = (), service = "main")],
);
const smokeWorker :Workerd.Worker = (
  modules = [(name = "worker.js", esModule = embed "worker.bundle.js")],
  compatibilityDate = "${date}",
  globalOutbound = "internet",
);
`,
    );
    const { exited } = start(ctx, bin.workerd, ['serve', 'workerd.capnp', '--verbose']);
    let gone = false;
    void exited.then(({ code, signal }) => {
      gone = true;
      if (!response) ctx.log(`workerd exited with ${code ?? signal}`);
    });
    for (let tries = 0; !response && !gone; tries++) {
      try {
        response = await fetch(`http://127.0.0.1:${port}/`, { method: 'POST', body: JSON.stringify(ctx.config) });
      } catch (error) {
        if (tries > 600) throw new Error(`workerd did not listen on ${port}: ${error.message}`, { cause: error });
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    if (!response && attempt >= 3) return;
  }
  const decoder = new TextDecoder();
  let buffered = '';
  for await (const chunk of response.body) {
    buffered += decoder.decode(chunk, { stream: true });
    let at;
    while ((at = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, at);
      buffered = buffered.slice(at + 1);
      if (line.startsWith('SMOKE ')) ctx.report(JSON.parse(line.slice(6)));
    }
  }
}

/** A browser runtime: the page at ctx.pageUrl reports to the page server; resolves when it says done. */
async function runBrowser(ctx, cmd, args, env = {}) {
  const { exited } = start(ctx, cmd, args, env);
  const outcome = await Promise.race([ctx.pageDone, exited.then(({ code, signal }) => ({ exited: code ?? signal }))]);
  if (outcome?.exited !== undefined) ctx.log(`the browser exited with ${outcome.exited} before the page finished`);
}

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

function runChromium(ctx) {
  return runBrowser(ctx, bin.chromium, [...CHROMIUM_ARGS, `--user-data-dir=${join(ctx.work, 'chromium-profile')}`, ctx.pageUrl]);
}

function runFirefox(ctx) {
  const profile = join(ctx.work, 'firefox-profile');
  mkdirSync(profile, { recursive: true });
  const prefs = {
    'browser.shell.checkDefaultBrowser': false,
    'browser.startup.homepage_override.mstone': 'ignore',
    'startup.homepage_welcome_url': 'about:blank',
    'datareporting.policy.dataSubmissionEnabled': false,
    'toolkit.telemetry.reportingpolicy.firstRun': false,
    'app.update.enabled': false,
    'browser.aboutwelcome.enabled': false,
  };
  writeFileSync(
    join(profile, 'user.js'),
    Object.entries(prefs)
      .map(([k, v]) => `user_pref(${JSON.stringify(k)}, ${JSON.stringify(v)});\n`)
      .join(''),
  );
  return runBrowser(ctx, bin.firefox, ['--headless', '--no-remote', '--profile', profile, ctx.pageUrl], { MOZ_CRASHREPORTER_DISABLE: '1' });
}

function runWebKit(ctx) {
  // WebKitGTK has no headless mode: an Xvfb display of its own (xvfb-run -a picks a free one).
  return runBrowser(ctx, bin.xvfbRun, ['-a', '-s', '-screen 0 1280x1024x24', webkitBrowser(), ctx.pageUrl], {
    WEBKIT_DISABLE_COMPOSITING_MODE: '1',
  });
}

/**
 * The hanging API: answers CORS preflights, never answers anything else, and counts, per
 * runtime and step, the requests that arrived and the connections that closed (the abort and
 * timeout steps check both). `GET /status/<runtime>/<step>` tells.
 */
function startHangServer() {
  const seen = new Map();
  const server = createServer((req, res) => {
    const cors = {
      'Access-Control-Allow-Origin': '*',
      'Access-Control-Allow-Headers': 'Authorization, Content-Type',
      'Access-Control-Allow-Methods': 'GET, HEAD, OPTIONS',
    };
    const [, first, runtime, step] = (req.url ?? '').split('/');
    if (req.method === 'OPTIONS') return res.writeHead(204, cors).end();
    if (first === 'status') {
      res.writeHead(200, { ...cors, 'Content-Type': 'application/json' });
      return res.end(JSON.stringify(seen.get(`${runtime}/${step}`) ?? { arrived: 0, closed: 0 }));
    }
    const key = `${first}/${runtime}`;
    const entry = seen.get(key) ?? { arrived: 0, closed: 0 };
    seen.set(key, entry);
    entry.arrived++;
    res.on('close', () => entry.closed++);
  });
  return listen(server);
}

/** Serves each browser's page (/<runtime>/) and takes its reports, from an origin other than the API's. */
function startPageServer(pages) {
  const server = createServer(async (req, res) => {
    const [, runtime, what] = (req.url ?? '').split('/');
    const page = pages.get(runtime);
    if (!page) return res.writeHead(404).end();
    if (req.method === 'POST') {
      let body = '';
      for await (const chunk of req) body += chunk;
      res.writeHead(204).end();
      const data = JSON.parse(body || '{}');
      if (what === 'report') page.report(data);
      else if (what === 'hello') page.hello(data);
      else if (what === 'done') page.done();
      return undefined;
    }
    if (what === 'smoke.js') {
      res.writeHead(200, { 'Content-Type': 'text/javascript' });
      return res.end(page.script);
    }
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    return res.end(`<!doctype html><html><head><title>waldur-project-credits smoke: ${runtime}</title>
<script type="application/json" id="config">${JSON.stringify(page.config).replaceAll('<', '\\u003c')}</script>
<script type="module" src="smoke.js"></script></head><body>smoke</body></html>`);
  });
  return listen(server);
}

async function listen(server) {
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

/** An exact sum of decimal strings with 5 places, as a string with 5 places. */
function sumOf(values) {
  const total = values.reduce((sum, v) => {
    const [whole, frac = ''] = v.split('.');
    return sum + BigInt(whole + frac.padEnd(5, '0').slice(0, 5));
  }, 0n);
  const text = total.toString().padStart(6, '0');
  return `${text.slice(0, -5)}.${text.slice(-5)}`;
}

/** Packs the package and installs the tarball into a consumer directory, as a user would. */
async function consumer(work) {
  const app = installPacked(work, 'smoke-consumer');
  for (const file of [
    'smoke.mjs',
    'entries/node.mjs',
    'entries/node.cjs',
    'entries/deno.mjs',
    'entries/worker.mjs',
    'entries/edge.mjs',
    'entries/browser.mjs',
  ]) {
    copyFileSync(join(root, 'test/smoke', file), join(app, file.replace('entries/', '')));
  }
  // The installed package's fake server: its testing/server entry, imported by name from the app.
  writeFileSync(join(app, 'fake-server.mjs'), "export { startFakeServer } from 'waldur-project-credits/testing/server';\n");
  // Bundled as each platform's tooling bundles: wrangler (workerd, worker, browser conditions),
  // Next.js for edge middleware (edge-light), a browser app.
  const bundle = (entry, outfile, options) =>
    build({
      entryPoints: [join(app, entry)],
      outfile: join(app, outfile),
      bundle: true,
      absWorkingDir: app,
      logLevel: 'error',
      target: 'es2022',
      ...options,
    });
  await Promise.all([
    bundle('worker.mjs', 'worker.bundle.js', { format: 'esm', platform: 'browser', conditions: ['workerd', 'worker', 'browser'] }),
    bundle('edge.mjs', 'edge.bundle.js', { format: 'iife', platform: 'browser', conditions: ['edge-light', 'worker', 'browser'] }),
    bundle('browser.mjs', 'browser.bundle.js', { format: 'esm', platform: 'browser' }),
  ]);
  return app;
}

async function main() {
  const only = new Set(process.argv.slice(2));
  for (const name of only)
    if (!RUNTIMES.some((r) => r.name === name)) throw new Error(`no runtime named ${name}; the names: ${RUNTIMES.map((r) => r.name).join(', ')}`);
  const chosen = RUNTIMES.filter((r) => only.size === 0 || only.has(r.name));
  const jobs = Number(process.env.WALDUR_SMOKE_JOBS ?? 3);
  const began = Date.now();
  const work = mkdtempSync(join(tmpdir(), 'waldur-smoke-'));
  const closers = [];
  const rows = [];
  try {
    const missing = chosen.map((r) => r.missing());
    const versions = await Promise.all(chosen.map((r, i) => (missing[i] ? null : r.version())));
    // Nothing is packed or served when no chosen runtime can run.
    const runnable = missing.some((reason) => reason === null);
    const app = runnable ? await consumer(work) : null;
    if (app)
      console.log(
        `smoke: packed package installed in ${app} (${((Date.now() - began) / 1000).toFixed(1)} s); runtimes from ${runtimesDir()}; ${jobs} at once`,
      );
    const { startFakeServer } = app ? await import(join(app, 'fake-server.mjs')) : {};
    const hang = app ? await startHangServer() : null;
    if (hang) closers.push(hang.close);
    const pages = new Map();
    const pageServer = app ? await startPageServer(pages) : null;
    if (pageServer) closers.push(pageServer.close);
    const browserScript = app ? readFileSync(join(app, 'browser.bundle.js'), 'utf8') : '';

    const runOne = async (runtime, index) => {
      const row = {
        runtime: runtime.name,
        label: runtime.label,
        version: versions[index],
        passed: 0,
        steps: STEPS,
        seconds: 0,
        status: 'ok',
        failures: [],
        log: [],
      };
      rows.push(row);
      if (missing[index]) {
        row.status = CI ? 'MISSING' : 'SKIPPED';
        row.failures.push(missing[index]);
        if (!CI) console.warn(`\n*** SKIPPED: the ${runtime.label} smoke: ${missing[index]} ***\n`);
        return;
      }
      const served = await startFakeServer({ credits: 300, token: TOKEN, seed: 1 });
      const { fake } = served;
      // A project without a credit, of an organization with a customer credit (Waldur needs one).
      const funded = new Set(fake.organizations.filter((o) => o.credit !== null).map((o) => o.uuid));
      const free = fake.projects.find((p) => funded.has(p.customer_uuid)) ?? fake.projects[0];
      const config = {
        runtime: runtime.name,
        baseUrl: served.baseUrl,
        hangUrl: hang.origin,
        token: TOKEN,
        credits: fake.credits.length,
        valueSum: sumOf(fake.credits.map((c) => c.value)),
        known: { uuid: fake.credits[0].uuid, value: fake.credits[0].value },
        other: { uuid: fake.credits[1].uuid, value: fake.credits[1].value },
        takenProject: fake.credits[2].project_uuid,
        freeProject: free.uuid,
      };
      const results = new Map();
      const ends = [];
      let finishPage;
      const ctx = {
        app,
        work: mkdtempSync(join(work, `${runtime.name}-`)),
        config,
        report: (result) => results.set(result.step, result),
        log: (line) => line && row.log.push(line),
        onEnd: (fn) => ends.push(fn),
        pageUrl: `${pageServer.origin}/${runtime.name}/`,
        pageDone: new Promise((resolve) => (finishPage = resolve)),
      };
      if (runtime.browser) {
        pages.set(runtime.name, {
          config,
          script: browserScript,
          report: ctx.report,
          hello: ({ userAgent }) => ctx.log(`userAgent: ${userAgent}`),
          done: () => finishPage(),
        });
      }
      const started = Date.now();
      let timer;
      try {
        await Promise.race([
          runtime.run(ctx),
          new Promise(
            (_, reject) => (timer = setTimeout(() => reject(new Error(`did not finish in ${RUNTIME_DEADLINE_MS / 1000} s`)), RUNTIME_DEADLINE_MS)),
          ),
        ]);
      } catch (error) {
        row.failures.push(`runner: ${error.message}`);
      } finally {
        clearTimeout(timer);
        row.seconds = (Date.now() - started) / 1000;
        for (const end of ends) end();
        await served.close();
      }
      for (const result of results.values()) {
        if (result.ok) row.passed++;
        else row.failures.push(`${result.step}: ${result.error}`);
      }
      if (results.size < STEPS) row.failures.push(`only ${results.size} of ${STEPS} steps reported`);
      row.steps = Math.max(STEPS, results.size);
      if (row.failures.length > 0) row.status = 'FAILED';
      row.results = [...results.values()];
      console.log(`smoke: ${runtime.name} ${row.status === 'ok' ? 'passed' : 'FAILED'} ${row.passed}/${row.steps} in ${row.seconds.toFixed(1)} s`);
    };

    // A pool: the slowest (browsers) start first.
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.max(1, Math.min(jobs, chosen.length)) }, async () => {
        while (next < chosen.length) {
          const i = next++;
          await runOne(chosen[i], i);
        }
      }),
    );
  } finally {
    for (const close of closers) await close();
    rmSync(work, { recursive: true, force: true });
  }

  const order = new Map(chosen.map((r, i) => [r.name, i]));
  rows.sort((a, b) => order.get(b.runtime) - order.get(a.runtime));
  const table = [
    ['runtime', 'version', 'steps passed', 'seconds', ''],
    ...rows.map((r) => [
      r.label,
      r.version ?? '-',
      r.status === 'SKIPPED' || r.status === 'MISSING' ? '-' : `${r.passed}/${r.steps}`,
      r.status === 'ok' || r.status === 'FAILED' ? r.seconds.toFixed(1) : '-',
      r.status === 'ok' ? '' : r.status,
    ]),
  ];
  const widths = table[0].map((_, i) => Math.max(...table.map((line) => String(line[i]).length)));
  console.log('');
  for (const [i, line] of table.entries()) {
    console.log(
      line
        .map((cell, j) => String(cell).padEnd(widths[j]))
        .join('  ')
        .trimEnd(),
    );
    if (i === 0)
      console.log(
        widths
          .map((w) => '-'.repeat(w))
          .join('  ')
          .trimEnd(),
      );
  }
  const total = (Date.now() - began) / 1000;
  console.log(`\nsmoke: ${total.toFixed(1)} s in all`);
  if (process.env.WALDUR_SMOKE_VERBOSE) {
    for (const row of rows) {
      console.log(`\n${row.label}:`);
      for (const r of row.results ?? []) console.log(`  ${r.ok ? '✓' : '✗'} ${r.step} (${r.ms} ms): ${r.ok ? r.detail : r.error}`);
      for (const line of row.log) console.log(`  | ${line}`);
    }
  }
  for (const row of rows.filter((r) => r.failures.length > 0)) {
    console.log(`\n${row.label}: ${row.status}`);
    for (const failure of row.failures) console.log(`  ✗ ${failure}`);
    if (row.status === 'FAILED' && row.log.length > 0) console.log(`  output:\n    ${row.log.slice(-20).join('\n    ')}`);
  }
  if (rows.some((r) => r.status === 'ok' || r.status === 'FAILED')) {
    mkdirSync(join(root, 'artifacts'), { recursive: true });
    writeFileSync(join(root, 'artifacts/smoke.json'), `${JSON.stringify({ seconds: total, rows }, null, 2)}\n`);
  }
  const bad = rows.filter((r) => r.status === 'FAILED' || r.status === 'MISSING');
  const passed = rows.filter((r) => r.status === 'ok').length;
  const skipped = rows.filter((r) => r.status === 'SKIPPED').length;
  // The plain closing line CI reads.
  console.log(`\nsmoke: ${passed} passed, ${bad.length} failed${skipped ? `, ${skipped} skipped` : ''}`);
  return bad.length === 0 ? 0 : 1;
}

process.exitCode = await main();
