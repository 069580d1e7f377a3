/**
 * The API reference (typedoc) opens on a real overview: the README as its front page, the modules
 * named as users import them, and the exports grouped by what they are for.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PROCESS_TEST_TIMEOUT_MS, runProcess } from '../support/processes.js';

const run = runProcess;
const root = new URL('../..', import.meta.url).pathname;
let out: string;
const page = (path: string) => readFileSync(join(out, path), 'utf8');
const headings = (html: string) => [...html.matchAll(/<h2 class="tsd-anchor-link" id="[^"]*">([^<]*)/g)].map((m) => m[1]);

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'docs-'));
  await run(process.execPath, ['node_modules/typedoc/bin/typedoc', '--out', out], { cwd: root });
}, PROCESS_TEST_TIMEOUT_MS);
afterAll(() => rmSync(out, { recursive: true, force: true }));

it('the front page is the README', () => {
  const index = page('index.html');
  expect(index).toContain('id="quick-start"');
  expect(index).toContain('Testing your app with the fake Waldur');
});

it('the modules are named as they are imported', () => {
  expect(readdirSync(join(out, 'modules')).sort()).toEqual([
    'waldur-project-credits.html',
    'waldur-project-credits_query.html',
    'waldur-project-credits_testing.html',
    'waldur-project-credits_testing_msw.html',
    'waldur-project-credits_testing_server.html',
    'waldur-project-credits_zod.html',
  ]);
  expect(page('modules.html')).toContain('waldur-project-credits/testing');
  expect(page('modules.html')).toContain('waldur-project-credits/query');
  expect(page('modules.html')).toContain('waldur-project-credits/zod');
  expect(page('modules.html')).toContain('waldur-project-credits/testing/msw');
  expect(page('modules.html')).toContain('waldur-project-credits/testing/server');
});

it('the main module groups its exports: client, resource, pages, values, errors', () => {
  expect(headings(page('modules/waldur-project-credits.html'))).toEqual(['Client', 'Resource', 'Pages', 'Values', 'Errors']);
});

it('the testing, query and zod modules have their own groups', () => {
  expect(headings(page('modules/waldur-project-credits_testing.html'))).toEqual(['Testing']);
  expect(headings(page('modules/waldur-project-credits_testing_msw.html'))).toEqual(['Testing']);
  expect(headings(page('modules/waldur-project-credits_testing_server.html'))).toEqual(['Testing']);
  expect(headings(page('modules/waldur-project-credits_query.html'))).toEqual(['Query']);
  expect(headings(page('modules/waldur-project-credits_zod.html'))).toEqual(['Zod']);
});
