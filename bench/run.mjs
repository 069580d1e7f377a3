#!/usr/bin/env node
// `npm run bench`: how fast the SDK is, side by side with what users would otherwise write.
// Every figure is measured in this one run, against a local node:http server (bench/server.mjs),
// in alternating rounds; the median is reported, and comparisons are ratios of medians.
// Results print as a table and go to bench/results.json; bench/README.md explains them.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { build } from 'esbuild';
import { createWaldurClient } from '../dist/index.js';
import { credit, startServerProcess as startServer } from './server.mjs';

const root = new URL('..', import.meta.url).pathname;
// BENCH_SMOKE=1: one small round of everything, to prove the benchmark still runs (npm test does
// this); its figures mean nothing. BENCH_OUT: where to write the results instead of bench/results.json.
const SMOKE = process.env.BENCH_SMOKE === '1';
const ROUNDS = SMOKE ? 1 : Number(process.env.BENCH_ROUNDS ?? 7);
const SCALE = SMOKE ? 0.1 : 1;
const OUT = process.env.BENCH_OUT ?? `${root}bench/results.json`;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round = (x, digits = 2) => Number(x.toFixed(digits));
const results = { date: new Date().toISOString(), node: process.version, cpus: os.cpus().length, rounds: ROUNDS, smoke: SMOKE, figures: {} };
const log = (text) => process.stderr.write(`${text}\n`);

// The generated function alone, as a client generated from the OpenAPI document (waldur-js-client
// style) is used; and the SDK's own wire → domain conversion, to time it without any I/O.
// `outbase` pins where each entry lands (esbuild would otherwise pick the entries' common folder).
const out = `${root}.tmp/bench/build`;
mkdirSync(out, { recursive: true });
await build({
  entryPoints: [`${root}generated/index.ts`, `${root}generated/client/index.ts`, `${root}src/credit.ts`],
  outbase: root,
  bundle: true,
  format: 'esm',
  platform: 'node',
  external: ['ky'],
  outdir: out,
  logLevel: 'error',
});
const generated = await import(`${out}/generated/index.js`);
const { createClient, createConfig } = await import(`${out}/generated/client/index.js`);
const { readCredit } = await import(`${out}/src/credit.js`);

/** µs per call of each implementation: blocks of `calls` calls, alternating, `ROUNDS` times. */
async function perCall(impls, calls) {
  const samples = Object.fromEntries(Object.keys(impls).map((k) => [k, []]));
  for (const fn of Object.values(impls)) for (let i = 0; i < calls; i++) await fn(); // warm-up
  for (let r = 0; r < ROUNDS; r++) {
    for (const [name, fn] of Object.entries(impls)) {
      const start = performance.now();
      for (let i = 0; i < calls; i++) await fn();
      samples[name].push(((performance.now() - start) * 1000) / calls);
    }
  }
  return Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]));
}

// 1. Per-call overhead of get().
{
  log('1/5 per-call overhead …');
  const server = await startServer({ count: 10 });
  const id = '00000000000000000000000000000005';
  const url = `${server.origin}/api/project-credits/${id}/`;
  const waldur = createWaldurClient({ baseUrl: server.origin, token: 'bench' });
  const client = createClient(createConfig({ baseUrl: server.origin, kyOptions: { retry: 0 } }));
  const us = await perCall(
    {
      'bare fetch + JSON.parse': async () => JSON.parse(await (await fetch(url, { headers: { Authorization: 'Token bench' } })).text()),
      'generated function alone': async () => (await generated.projectCreditsRetrieve({ client, path: { uuid: id }, headers: { Authorization: 'Token bench' } })).data,
      'projectCredits.get': () => waldur.projectCredits.get(id),
    },
    Math.round(300 * SCALE),
  );
  await server.close();
  results.figures.perCall = {
    microseconds: Object.fromEntries(Object.entries(us).map(([k, v]) => [k, round(v, 0)])),
    sdkVsBareFetch: round(us['projectCredits.get'] / us['bare fetch + JSON.parse']),
    sdkVsGenerated: round(us['projectCredits.get'] / us['generated function alone']),
    target: 'sdkVsBareFetch <= 1.5',
  };
}

// 2. Parse cost of a 300-item page: JSON text → typed credits with Decimals, vs JSON.parse alone.
{
  log('2/5 parse cost …');
  const text = JSON.stringify(Array.from({ length: 300 }, (_, i) => credit(i + 1, 'https://waldur.test')));
  const us = await perCall(
    {
      'JSON.parse alone': async () => JSON.parse(text),
      'JSON.parse + readCredit (typed, Decimals)': async () => JSON.parse(text).map((c) => readCredit(c)),
    },
    Math.max(1, Math.round(40 * SCALE)),
  );
  results.figures.parse300 = {
    microseconds: Object.fromEntries(Object.entries(us).map(([k, v]) => [k, round(v, 0)])),
    sdkVsJsonParse: round(us['JSON.parse + readCredit (typed, Decimals)'] / us['JSON.parse alone']),
    microsecondsPerCreditAdded: round((us['JSON.parse + readCredit (typed, Decimals)'] - us['JSON.parse alone']) / 300),
    bytes: text.length,
  };
}

// 3. Walking 3,000 credits at 20 ms latency.
{
  log('3/5 walking 3,000 credits at 20 ms latency …');
  const COUNT = 3000 * SCALE;
  const server = await startServer({ count: COUNT, latencyMs: 20 });
  const waldur = createWaldurClient({ baseUrl: server.origin, token: 'bench' });
  const timeWalk = async (fn) => {
    const start = performance.now();
    const n = await fn();
    if (n !== COUNT) throw new Error(`walked ${n} of ${COUNT}`);
    return performance.now() - start;
  };
  const sequential = async () => {
    // What Stripe, Octokit and the Python client do: one page after the other.
    let page = await waldur.projectCredits.list({ page_size: 100 });
    let n = page.items.length;
    while (page.hasNextPage()) {
      page = await page.getNextPage();
      n += page.items.length;
    }
    return n;
  };
  const concurrent = async () => (await waldur.projectCredits.listAll({ page_size: 100 })).length;
  await timeWalk(concurrent);
  const ms = { sequential: [], listAll: [] };
  for (let r = 0; r < Math.min(ROUNDS, 5); r++) {
    ms.sequential.push(await timeWalk(sequential));
    ms.listAll.push(await timeWalk(concurrent));
  }
  await server.close();
  results.figures.walk3000 = {
    milliseconds: { 'sequential page by page': round(median(ms.sequential), 0), 'listAll (default concurrency)': round(median(ms.listAll), 0) },
    speedup: round(median(ms.sequential) / median(ms.listAll)),
    target: 'speedup >= 4',
  };
}

// 4. Peak heap walking 30,000 credits: streamed with for await vs collected with listAll.
{
  log('4/5 memory, 30,000 credits …');
  const COUNT = 30000 * SCALE;
  const server = await startServer({ count: COUNT });
  const runChild = (mode) =>
    new Promise((resolve, reject) => {
      import('node:child_process').then(({ execFile }) =>
        execFile(process.execPath, ['--expose-gc', `${root}bench/memory-child.mjs`, mode, server.origin, String(COUNT)], (error, stdout) =>
          error ? reject(error) : resolve(JSON.parse(stdout)),
        ),
      );
    });
  const peaks = { stream: [], listAll: [] };
  for (let r = 0; r < (SMOKE ? 1 : 3); r++) {
    peaks.stream.push((await runChild('stream')).peakMB);
    peaks.listAll.push((await runChild('listAll')).peakMB);
  }
  await server.close();
  results.figures.memory30000 = {
    peakHeapMB: { 'for await (streaming)': round(median(peaks.stream), 1), listAll: round(median(peaks.listAll), 1) },
    listAllVsStream: round(median(peaks.listAll) / median(peaks.stream), 1),
  };
}

// 5. Bundle size, from the size budget.
{
  log('5/5 bundle size …');
  const [entry] = JSON.parse(execFileSync(`${root}node_modules/.bin/size-limit`, ['--json'], { cwd: root, encoding: 'utf8' }));
  const require = createRequire(import.meta.url);
  const budget = require(`${root}.size-limit.cjs`)[0].limit;
  results.figures.bundle = { name: entry.name, gzipBytes: entry.size, budget, passed: entry.passed };
}

const f = results.figures;
console.table([
  { measure: 'get(): SDK µs/call', value: f.perCall.microseconds['projectCredits.get'], compare: `bare fetch ${f.perCall.microseconds['bare fetch + JSON.parse']}, generated ${f.perCall.microseconds['generated function alone']}`, ratio: `${f.perCall.sdkVsBareFetch}× bare (target ≤ 1.5)` },
  { measure: '300-item page → typed credits, µs', value: f.parse300.microseconds['JSON.parse + readCredit (typed, Decimals)'], compare: `JSON.parse ${f.parse300.microseconds['JSON.parse alone']}`, ratio: `${f.parse300.sdkVsJsonParse}× JSON.parse (+${f.parse300.microsecondsPerCreditAdded} µs/credit)` },
  { measure: 'walk 3,000 credits @20 ms, ms', value: f.walk3000.milliseconds['listAll (default concurrency)'], compare: `sequential ${f.walk3000.milliseconds['sequential page by page']}`, ratio: `${f.walk3000.speedup}× faster (target ≥ 4)` },
  { measure: 'peak heap, 30,000 credits, MB', value: f.memory30000.peakHeapMB['for await (streaming)'], compare: `listAll ${f.memory30000.peakHeapMB.listAll}`, ratio: `${f.memory30000.listAllVsStream}× less when streaming` },
  { measure: 'bundle (list + get), gzip bytes', value: f.bundle.gzipBytes, compare: `budget ${f.bundle.budget}`, ratio: f.bundle.passed ? 'within budget' : 'OVER BUDGET' },
]);
writeFileSync(OUT, `${JSON.stringify(results, null, 2)}\n`);
log(`written to ${OUT}`);
