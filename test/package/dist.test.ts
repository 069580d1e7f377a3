/**
 * The built package (dist/, made by `npm run build` before this suite runs in `npm test`)
 * loads both ways Node loads packages, and the loaded client talks HTTP.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { BASE_URL, CREDIT_HEX, wireCredit } from '../support/fixtures.js';
import { PROCESS_TEST_TIMEOUT_MS, runProcess } from '../support/processes.js';
import { server } from '../support/server.js';

// Tests that start processes, on a loaded 2-core machine: see test/support/processes.ts.
vi.setConfig({ testTimeout: PROCESS_TEST_TIMEOUT_MS, hookTimeout: PROCESS_TEST_TIMEOUT_MS });

const dist = new URL('../../dist/', import.meta.url);

describe.runIf(existsSync(new URL('index.js', dist)))('dist/', () => {
  it('imports as ESM and works', async () => {
    const esm = (await import(new URL('index.js', dist).href)) as typeof import('../../src/index.js');
    server.use(http.get(`${BASE_URL}/api/project-credits/:uuid/`, () => HttpResponse.json(wireCredit())));
    const waldur = esm.createWaldurClient({ baseUrl: BASE_URL, token: 't' });
    const credit = await waldur.projectCredits.get(CREDIT_HEX);
    expect(String(credit.value)).toMatch(/^1500(\.0+)?$/);
  });

  it('requires as CommonJS and exposes the same API', () => {
    const cjs = createRequire(import.meta.url)(new URL('index.cjs', dist).pathname) as typeof import('../../src/index.js');
    expect(typeof cjs.createWaldurClient).toBe('function');
    expect(existsSync(new URL('index.d.ts', dist))).toBe(true);
    expect(existsSync(new URL('index.d.cts', dist))).toBe(true);
  });
});

describe.runIf(existsSync(new URL('testing.js', dist)))('waldur-project-credits/testing from the built package', () => {
  const script = `
    const { createWaldurClient } = await import('waldur-project-credits');
    const { createFakeWaldur } = await import('waldur-project-credits/testing');
    const fake = createFakeWaldur({ credits: 120, token: 'test' });
    const waldur = createWaldurClient({ baseUrl: fake.baseUrl, token: 'test', fetch: fake.fetch });
    const all = await waldur.projectCredits.listAll({ page_size: 50 });
    const made = await waldur.projectCredits.create({ project: 'abcdefabcdef4abc8abcabcdefabcdef', value: '9.5' });
    console.log(JSON.stringify({ n: all.length, value: made.value.toFixed(2), stored: fake.credits.length }));
  `;

  it.each([
    ['ESM', ['--input-type=module', '-e', script]],
    ['CommonJS', ['-e', `(async () => { ${script.replaceAll('await import(', 'require(')} })()`]],
  ])('a user importing it as %s drives the client with it', async (_kind, args) => {
    const { stdout } = await runProcess(process.execPath, args, { cwd: new URL('../..', import.meta.url).pathname });
    expect(JSON.parse(stdout)).toEqual({ n: 120, value: '9.50', stored: 121 });
  });
});

describe.runIf(existsSync(new URL('zod.js', dist)))('waldur-project-credits/zod from the built package', () => {
  const script = `
    const { projectCreditInputSchema, projectCreditSchemas } = await import('waldur-project-credits/zod');
    const good = projectCreditInputSchema.safeParse({ project: 'abcdefabcdef4abc8abcabcdefabcdef', value: '9.5' });
    const bad = projectCreditSchemas().patch.safeParse({ value: '1.123456', colour: 'red' });
    console.log(JSON.stringify({ good: good.success, issues: bad.error.issues.map((i) => i.path.join('.')) }));
  `;

  it.each([
    ['ESM', ['--input-type=module', '-e', script]],
    ['CommonJS', ['-e', `(async () => { ${script.replaceAll('await import(', 'require(')} })()`]],
  ])('a form importing it as %s checks its values', async (_kind, args) => {
    const { stdout } = await runProcess(process.execPath, args, { cwd: new URL('../..', import.meta.url).pathname });
    expect(JSON.parse(stdout)).toEqual({ good: true, issues: ['value', 'colour'] });
  });

  it('loads zod/mini and nothing else: no decimal.js, no ky, no SDK', () => {
    const built = readFileSync(new URL('zod.js', dist), 'utf8');
    expect([...built.matchAll(/^import .* from '([^']+)';$/gm)].map((m) => m[1])).toEqual(['zod/mini']);
    expect(built).not.toMatch(/import 'decimal\.js'|from 'ky'/);
  });
});

describe.runIf(existsSync(new URL('testing-msw.js', dist)))('waldur-project-credits/testing/msw from the built package', () => {
  const script = `
    const { setupServer } = await import('msw/node');
    const { createWaldurClient } = await import('waldur-project-credits');
    const { createFakeWaldur } = await import('waldur-project-credits/testing');
    const { mswHandlers } = await import('waldur-project-credits/testing/msw');
    const fake = createFakeWaldur({ credits: 7, token: 'test' });
    const server = setupServer(...mswHandlers(fake));
    server.listen({ onUnhandledRequest: 'error' });
    const waldur = createWaldurClient({ baseUrl: fake.baseUrl, token: 'test' });
    const all = await waldur.projectCredits.listAll({ page_size: 5 });
    server.close();
    console.log(JSON.stringify({ n: all.length, requests: fake.requests.length }));
  `;

  it.each([
    ['ESM', ['--input-type=module', '-e', script]],
    ['CommonJS', ['-e', `(async () => { ${script.replaceAll('await import(', 'require(')} })()`]],
  ])('a user importing it as %s serves the fake through MSW', async (_kind, args) => {
    const { stdout } = await runProcess(process.execPath, args, { cwd: new URL('../..', import.meta.url).pathname });
    expect(JSON.parse(stdout)).toEqual({ n: 7, requests: 2 });
  });
});

describe.runIf(existsSync(new URL('testing-server.js', dist)))('waldur-project-credits/testing/server from the built package', () => {
  const script = `
    const { createWaldurClient } = await import('waldur-project-credits');
    const { startFakeServer } = await import('waldur-project-credits/testing/server');
    const server = await startFakeServer({ credits: 9, token: 'test' });
    try {
      const waldur = createWaldurClient({ baseUrl: server.baseUrl, token: 'test' });
      const all = await waldur.projectCredits.listAll({ page_size: 4 });
      const cors = (await fetch(server.baseUrl + '/api/project-credits/', { headers: { Authorization: 'Token test' } })).headers.get('Access-Control-Expose-Headers');
      console.log(JSON.stringify({ origin: /^http:\\/\\/127\\.0\\.0\\.1:\\d+$/.test(server.origin), n: all.length, requests: server.fake.requests.length, cors }));
    } finally {
      await server.close();
    }
  `;

  it.each([
    ['ESM', ['--input-type=module', '-e', script]],
    ['CommonJS', ['-e', `(async () => { ${script.replaceAll('await import(', 'require(')} })()`]],
  ])('a user importing it as %s serves the fake over HTTP', async (_kind, args) => {
    const { stdout } = await runProcess(process.execPath, args, { cwd: new URL('../..', import.meta.url).pathname });
    expect(JSON.parse(stdout)).toEqual({ origin: true, n: 9, requests: 4, cors: 'Link, X-Result-Count' });
  });
});
