/**
 * The SDK in a real browser: Debian's Chromium, headless, driven by playwright-core. The page is
 * the SDK's built ESM entry bundled by esbuild, served from one origin; the fake Waldur's HTTP
 * server answers from another (CORS). A screenshot goes to artifacts/ (git-ignored).
 * CI installs chromium (.ci/run); without it this suite is skipped locally, saying so loudly with
 * the command to install it, and fails in CI.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startFakeServer } from '../../src/testing/server.js';
import { readmeBlocks } from '../../scripts/readme-snippets.mjs';
import { PROCESS_KILL_MS, PROCESS_TEST_TIMEOUT_MS } from '../support/processes.js';

// A browser and bundles, on a loaded 2-core machine: see test/support/processes.ts.
vi.setConfig({ testTimeout: PROCESS_TEST_TIMEOUT_MS, hookTimeout: PROCESS_TEST_TIMEOUT_MS });

/** Debian's Chromium; `WALDUR_TEST_CHROMIUM` points elsewhere (the skip notice is tested that way). */
const CHROMIUM = process.env.WALDUR_TEST_CHROMIUM ?? '/usr/bin/chromium';
const root = new URL('../..', import.meta.url).pathname;
const ready = existsSync(CHROMIUM) && existsSync(`${root}dist/index.js`);
const missing = !existsSync(CHROMIUM)
  ? `${CHROMIUM} is missing; install Debian's Chromium: sudo apt-get update && sudo apt-get install -y chromium`
  : 'dist/ is missing; run npm run build';

// Skipped tests must be seen: say it loudly, with what to install. CI installs Chromium and never skips.
if (!ready && !process.env.CI) {
  console.warn(`\n*** SKIPPED: the real-browser tests of test/package/browser.test.ts: ${missing} ***\n`);
}
describe.skipIf(ready || process.env.CI)('in headless Chromium (skipped)', () => {
  it.skip(`SKIPPED because ${missing}`, () => undefined);
});

describe.runIf(ready || process.env.CI)('in headless Chromium', () => {
  let browser: Browser;
  let page: { origin: string; close: () => Promise<void> };

  beforeAll(async () => {
    const bundle = await build({
      entryPoints: [`${root}test/package/browser/app.ts`],
      bundle: true,
      format: 'esm',
      platform: 'browser',
      minify: true,
      write: false,
      // The page imports the package by name: here that is the built ESM entry, as an app gets it.
      alias: { 'waldur-project-credits': `${root}dist/index.js` },
    });
    const script = bundle.outputFiles[0]!.text;
    const example = await build({
      entryPoints: [`${root}examples/browser/main.js`],
      bundle: true,
      format: 'esm',
      platform: 'browser',
      write: false,
      alias: { 'waldur-project-credits': `${root}dist/index.js` },
    });
    const exampleHtml = readFileSync(`${root}examples/browser/index.html`, 'utf8');
    // examples/react-query: React 18 and @tanstack/react-query 5 over the built query entry.
    const reactQuery = await build({
      entryPoints: [`${root}examples/react-query/main.jsx`],
      bundle: true,
      format: 'esm',
      platform: 'browser',
      minify: true,
      jsx: 'automatic',
      define: { 'process.env.NODE_ENV': '"production"' },
      write: false,
      alias: { 'waldur-project-credits': `${root}dist/index.js`, 'waldur-project-credits/query': `${root}dist/query.js` },
    });
    const reactQueryHtml = readFileSync(`${root}examples/react-query/index.html`, 'utf8');
    // README.md's "For frontend apps" sample, as the README has it, over what it assumes (test/package/browser/readme-frontend.ts).
    const readmeSample = readmeBlocks().filter((block) => block.section === 'For frontend apps' && block.lang === 'ts');
    if (readmeSample.length !== 1)
      throw new Error(`README.md's "For frontend apps" has ${readmeSample.length} \`\`\`ts blocks; this test runs exactly one`);
    const readme = await build({
      stdin: {
        contents: [
          "import { customer_uuid, nextButton, render, waldur } from './readme-frontend.ts';",
          "import type { Page } from 'waldur-project-credits';",
          readmeSample[0]!.code,
        ].join('\n'),
        loader: 'ts',
        resolveDir: `${root}test/package/browser`,
        sourcefile: `README.md:${readmeSample[0]!.line}`,
      },
      bundle: true,
      format: 'esm',
      platform: 'browser',
      write: false,
      alias: { 'waldur-project-credits': `${root}dist/index.js` },
    });
    const server = createServer((req, res) => {
      if (req.url === '/app.js') {
        res.writeHead(200, { 'Content-Type': 'text/javascript' });
        return res.end(script);
      }
      if (req.url === '/example/main.js') {
        res.writeHead(200, { 'Content-Type': 'text/javascript' });
        return res.end(example.outputFiles[0]!.text);
      }
      if (req.url === '/readme/main.js') {
        res.writeHead(200, { 'Content-Type': 'text/javascript' });
        return res.end(readme.outputFiles[0]!.text);
      }
      if (req.url?.startsWith('/readme/')) {
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
        return res.end(`<!doctype html><html><head><title>README sample</title></head><body>
          <p id="caption"></p><table id="credits"></table><button id="next">Next page</button><p id="failure"></p>
          <script type="module" src="/readme/main.js"></script></body></html>`);
      }
      if (req.url === '/react-query/main.js') {
        res.writeHead(200, { 'Content-Type': 'text/javascript' });
        return res.end(reactQuery.outputFiles[0]!.text);
      }
      if (req.url?.startsWith('/react-query/')) {
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
        return res.end(reactQueryHtml);
      }
      if (req.url?.startsWith('/example/')) {
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
        return res.end(exampleHtml);
      }
      const config = new URL(req.url ?? '/', 'http://x').searchParams;
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><html><head><title>Credits</title>
        <style>body{font:14px system-ui;margin:24px} td,th{padding:2px 10px;text-align:left} .value{text-align:right;font-family:monospace}</style>
        <script>window.WALDUR = ${JSON.stringify({ baseUrl: config.get('api'), token: 'browser-token' })};</script></head><body>
        <h1>Project credits</h1>
        <p>total <b id="total"></b>, next page <b id="has-next"></b>, walked <b id="walked"></b> (unique <b id="unique"></b>), sum <b id="sum"></b></p>
        <p>progress <span id="progress"></span></p>
        <table id="credits"></table>
        <p>created <span id="created"></span>; patched <span id="patched"></span></p>
        <p>after delete: <span id="missing"></span>; bad input: <span id="bad-input"></span>; count <span id="count-after"></span></p>
        <p id="failure"></p>
        <script type="module" src="/app.js"></script></body></html>`);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    page = {
      origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
    };
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });

  /** A tab whose waits (clicks, selectors, functions) allow for a loaded machine, instead of Playwright's 30 s. */
  async function newTab() {
    const tab = await browser.newPage();
    tab.setDefaultTimeout(PROCESS_KILL_MS);
    return tab;
  }

  afterAll(async () => {
    // A failed beforeAll leaves them unset.
    await (browser as Browser | undefined)?.close();
    await (page as typeof page | undefined)?.close();
  });

  async function run(exposeHeaders: boolean, screenshot?: string) {
    const api = await startFakeServer({ credits: 35, token: 'browser-token', exposeHeaders, seed: 3 });
    try {
      const tab = await newTab();
      await tab.goto(`${page.origin}/?api=${encodeURIComponent(api.origin)}`);
      await tab.waitForSelector('body[data-done="true"]');
      const text = async (id: string) => (await tab.textContent(`#${id}`))?.trim() ?? '';
      const result = {
        failure: await text('failure'),
        total: await text('total'),
        hasNext: await text('has-next'),
        walked: await text('walked'),
        unique: await text('unique'),
        progress: await text('progress'),
        sum: await text('sum'),
        firstValue: (await tab.textContent('#credits tr:nth-child(2) .value'))?.trim(),
        created: await text('created'),
        patched: await text('patched'),
        missing: await text('missing'),
        badInput: await text('bad-input'),
        countAfter: await text('count-after'),
      };
      if (screenshot) {
        mkdirSync(`${root}artifacts`, { recursive: true });
        await tab.screenshot({ path: `${root}artifacts/${screenshot}`, fullPage: true });
      }
      await tab.close();
      return { result, fake: api.fake, origin: api.origin };
    } finally {
      await api.close();
    }
  }

  it('lists with paging, shows decimals exactly, creates and deletes, and shows typed errors, across origins', async () => {
    const { result, fake } = await run(true, 'browser.png');
    const sorted = [...fake.credits].sort((a, b) => Number(b.value) - Number(a.value));
    const exactSum = fake.credits.reduce((acc, c) => acc + BigInt(c.value.replace('.', '')), 0n).toString();
    expect(result.failure).toBe('');
    expect(result).toMatchObject({ total: '35', hasNext: 'true', walked: '35', unique: '35', progress: '10/35 20/35 30/35 35/35' });
    expect(result.sum).toBe(`${exactSum.slice(0, -5)}.${exactSum.slice(-5)}`);
    expect(result.firstValue).toBe(sorted[0]!.value);
    expect(result.created).toMatch(/^[0-9a-f-]{36} 0\.10000 2028-02-29$/);
    expect(result.patched).toBe('99999999999.99999');
    expect(result).toMatchObject({ missing: 'WaldurNotFoundError 404', badInput: 'WaldurInputError value', countAfter: '35' });
    expect(fake.requests.some((r) => r.method === 'POST')).toBe(true);
  });

  it('still walks every page when the server does not expose Link and X-Result-Count to the browser', async () => {
    const { result, fake } = await run(false);
    expect(result.failure).toBe('');
    expect(result).toMatchObject({ total: 'null', walked: '35', unique: '35', progress: '10/? 20/? 30/? 35/?' });
    // The fake did send the headers; only CORS hid them from the page.
    expect(fake.countHeader).toBe(true);
    expect(result.countAfter).toBe('WaldurResponseError');
  });

  it('examples/react-query: paging, load more, a create that refreshes the table, typed errors on screen', async () => {
    const api = await startFakeServer({ credits: 25, token: 'rq-token', seed: 7 });
    try {
      const tab = await newTab();
      await tab.goto(`${page.origin}/react-query/?api=${encodeURIComponent(api.origin)}&token=rq-token`);
      await tab.waitForSelector('#status');
      expect(await tab.textContent('#status')).toBe('Page 1 of 3, 25 credits');
      const sorted = [...api.fake.credits].sort((a, b) => Number(b.value) - Number(a.value));
      expect(await tab.textContent('#credits tr:nth-child(2) td.money')).toBe(sorted[0]!.value.replace(/(\.\d\d)\d+$/, '$1'));
      await tab.click('#next');
      await tab.waitForFunction(() => document.getElementById('status')?.textContent.startsWith('Page 2'));
      expect(await tab.locator('#credits tr').count()).toBe(11);

      expect(await tab.textContent('#loaded')).toBe('10 loaded');
      await tab.click('#load-more');
      await tab.waitForFunction(() => document.getElementById('loaded')?.textContent === '20 loaded');
      await tab.click('#load-more');
      await tab.waitForFunction(() => document.getElementById('loaded')?.textContent === '25 loaded');
      expect(await tab.isDisabled('#load-more')).toBe(true);

      // A bad value is a typed error on screen, and nothing is sent.
      const project = api.fake.projects.find((p) => !api.fake.credits.some((c) => c.project_uuid === p.uuid))!;
      await tab.fill('#project', project.uuid);
      await tab.fill('#value', '1.123456');
      await tab.click('#create button');
      await tab.waitForSelector('#create-error');
      expect(await tab.textContent('#create-error')).toMatch(/^WaldurInputError: value: has 6 decimal places/);
      expect(api.fake.requests.some((r) => r.method === 'POST')).toBe(false);

      // A good one is created, and the table (on screen) refreshes to the new total.
      await tab.fill('#value', '0.10000');
      await tab.click('#create button');
      await tab.waitForSelector('#created');
      expect(await tab.textContent('#created')).toBe('created 0.10000');
      await tab.waitForFunction(() => document.getElementById('status')?.textContent === 'Page 2 of 3, 26 credits');

      await tab.click('#missing');
      await tab.waitForSelector('#missing-error');
      expect(await tab.textContent('#missing-error')).toMatch(
        /^WaldurNotFoundError: GET .* → 404 Not Found: No ProjectCredit matches the given query\.$/,
      );
      mkdirSync(`${root}artifacts`, { recursive: true });
      await tab.screenshot({ path: `${root}artifacts/react-query.png`, fullPage: true });
      await tab.close();
    } finally {
      await api.close();
    }
  });

  it('examples/react-query: "load more" without the paging headers (CORS) ends on the 404 past a full last page, without an error', async () => {
    const api = await startFakeServer({ credits: 20, token: 'rq-token', seed: 7, exposeHeaders: false });
    try {
      const tab = await browser.newPage();
      await tab.goto(`${page.origin}/react-query/?api=${encodeURIComponent(api.origin)}&token=rq-token`);
      await tab.waitForFunction(() => document.getElementById('loaded')?.textContent === '10 loaded', undefined, { timeout: 20_000 });
      await tab.click('#load-more');
      await tab.waitForFunction(() => document.getElementById('loaded')?.textContent === '20 loaded');
      // Page 2 is full and nothing says it is the last: the page asks for page 3, which is a 404.
      expect(await tab.isDisabled('#load-more')).toBe(false);
      await tab.click('#load-more');
      await expect.poll(() => api.fake.requests.some((r) => r.status === 404 && /[?&]page=3\b/.test(r.url)), { timeout: 20_000 }).toBe(true);
      await tab.waitForSelector('#loaded[data-fetching="false"]');
      expect(await tab.isDisabled('#load-more')).toBe(true);
      expect(await tab.textContent('#loaded')).toBe('20 loaded');
      expect(await tab.$('#load-more-error')).toBeNull();
      await tab.close();
    } finally {
      await api.close();
    }
  }, 60_000);

  it('examples/browser: the credits page a frontend would ship, paging with its Next button', async () => {
    const api = await startFakeServer({ credits: 35, token: 'page-token', seed: 5 });
    try {
      const tab = await newTab();
      await tab.goto(`${page.origin}/example/?api=${encodeURIComponent(api.origin)}&token=page-token`);
      await tab.waitForSelector('body[data-ready="true"]');
      expect(await tab.textContent('#status')).toBe('Page 1 of 2, 35 credits');
      expect(await tab.locator('#credits tr').count()).toBe(21);
      const top = [...api.fake.credits].sort((a, b) => Number(b.value) - Number(a.value))[0]!;
      expect(await tab.textContent('#credits tr:nth-child(2) td.money')).toBe(top.value.replace(/(\.\d\d)\d+$/, '$1'));
      await tab.click('#more');
      await tab.waitForFunction(() => document.getElementById('status')?.textContent.startsWith('Page 2'));
      expect(await tab.locator('#credits tr').count()).toBe(16);
      expect(await tab.isHidden('#more')).toBe(true);
      await tab.close();
    } finally {
      await api.close();
    }
  });

  it('README.md "For frontend apps": the sample runs as written, its Next button walking to the last page', async () => {
    const api = await startFakeServer({ credits: 220, token: 'readme-token', seed: 11 });
    try {
      const customer = api.fake.credits[0]!.customer_uuid;
      const values = api.fake.credits.filter((c) => c.customer_uuid === customer).map((c) => c.value);
      const expected = [...values].sort((a, b) => Number(b) - Number(a));
      const lastPage = Math.ceil(values.length / 20);
      expect(lastPage, 'the fake gives the organization at least three pages of 20').toBeGreaterThanOrEqual(3);

      const tab = await newTab();
      await tab.goto(`${page.origin}/readme/?api=${encodeURIComponent(api.origin)}&token=readme-token&customer=${customer}`);
      const failure = async () => (await tab.textContent('#failure'))?.trim() ?? '';
      const shown: { caption: string; values: string[] }[] = [];
      for (let renders = 1; renders <= lastPage + 1; renders++) {
        await tab.waitForFunction(
          (n) => Number(document.body.dataset.renders) >= n || document.getElementById('failure')?.textContent !== '',
          renders,
        );
        expect(await failure()).toBe('');
        shown.push({ caption: (await tab.textContent('#caption')) ?? '', values: await tab.locator('#credits tr td').allTextContents() });
        if (await tab.isHidden('#next')) break;
        await tab.click('#next');
      }
      expect(shown.map((s) => s.caption)).toEqual(Array.from({ length: lastPage }, (_, i) => `Page ${i + 1} of ${lastPage}`));
      expect(shown.flatMap((s) => s.values)).toEqual(expected);
      expect(await tab.isHidden('#next')).toBe(true);
      const requests = api.fake.requests.filter((r) => r.method === 'GET');
      expect(requests.map((r) => new URL(r.url).searchParams.get('customer_uuid')?.replaceAll('-', ''))).toEqual(Array(lastPage).fill(customer));
      await tab.close();
    } finally {
      await api.close();
    }
  });
});
