/**
 * The built package (dist/, made by `npm run build` before this suite runs in `npm test`)
 * loads both ways Node loads packages, and the loaded client talks HTTP.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { BASE_URL, CREDIT_HEX, wireCredit } from './support/fixtures.js';
import { server } from './support/server.js';

const dist = new URL('../dist/', import.meta.url);

describe.runIf(existsSync(new URL('index.js', dist)))('dist/', () => {
  it('imports as ESM and works', async () => {
    const esm = await import(new URL('index.js', dist).href);
    server.use(http.get(`${BASE_URL}/api/project-credits/:uuid/`, () => HttpResponse.json(wireCredit())));
    const waldur = esm.createWaldurClient({ baseUrl: BASE_URL, token: 't' });
    const credit = await waldur.projectCredits.get(CREDIT_HEX);
    expect(String(credit.value)).toMatch(/^1500(\.0+)?$/);
  });

  it('requires as CommonJS and exposes the same API', () => {
    const cjs = createRequire(import.meta.url)(new URL('index.cjs', dist).pathname);
    expect(typeof cjs.createWaldurClient).toBe('function');
    expect(existsSync(new URL('index.d.ts', dist))).toBe(true);
    expect(existsSync(new URL('index.d.cts', dist))).toBe(true);
  });
});
