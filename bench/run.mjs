#!/usr/bin/env node
// `npm run bench`: how fast the SDK is, side by side with what users would otherwise use: the
// official client's shape (a hey-api fetch client, bench/peer.mjs) and a bare fetch.
// Every figure is measured in this one run, against a local node:http server (bench/server.mjs),
// in alternating rounds; the median is reported, and comparisons are ratios of medians.
// Results print as a table and go to bench/results.json; bench/README.md explains them.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';
import os from 'node:os';
import { build } from 'esbuild';
import ky from 'ky';
import { createWaldurClient } from '../dist/index.js';
import { loadPeer, peerPool, peerSequential } from './peer.mjs';
import { credit, startServerProcess as startServer } from './server.mjs';

const root = new URL('..', import.meta.url).pathname;
// BENCH_SMOKE=1: one small round of everything, to prove the benchmark still runs (npm test does
// this); its figures mean nothing. BENCH_OUT: where to write the results instead of bench/results.json.
const SMOKE = process.env.BENCH_SMOKE === '1';
const ROUNDS = SMOKE ? 1 : Number(process.env.BENCH_ROUNDS ?? 7);
const SCALE = SMOKE ? 0.1 : 1;
const OUT = process.env.BENCH_OUT ?? `${root}bench/results.json`;
const KY_BARE = { retry: 0, timeout: false, throwHttpErrors: false, redirect: 'manual' };
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
  entryPoints: [`${root}src/project-credits/read.ts`],
  outbase: root,
  bundle: true,
  format: 'esm',
  platform: 'node',
  outdir: out,
  logLevel: 'error',
});
const { readCredit, readContext } = await import(`${out}/src/project-credits/read.js`);
const peer = await loadPeer(root, out);

/** `items` starting at index `r` (mod length), wrapping around. */
const rotate = (items, r) => items.map((_, i) => items[(i + r) % items.length]);

/** Wall and CPU time of `fn`, in µs. */
async function measure(fn) {
  const cpu = process.cpuUsage();
  const start = performance.now();
  await fn();
  const used = process.cpuUsage(cpu);
  return { wall: (performance.now() - start) * 1000, cpu: used.user + used.system };
}

/**
 * µs per call (wall and CPU) of each implementation: blocks of `calls` calls, the implementations
 * alternating, `ROUNDS` times; the median block of each.
 */
async function perCall(impls, calls) {
  const samples = Object.fromEntries(Object.keys(impls).map((k) => [k, { wall: [], cpu: [] }]));
  for (const fn of Object.values(impls)) for (let i = 0; i < calls; i++) await fn(); // warm-up
  const entries = Object.entries(impls);
  for (let r = 0; r < ROUNDS; r++) {
    // Each round starts with the next implementation, so none always runs right after another's garbage.
    for (const [name, fn] of rotate(entries, r)) {
      const { wall, cpu } = await measure(async () => {
        for (let i = 0; i < calls; i++) await fn();
      });
      samples[name].wall.push(wall / calls);
      samples[name].cpu.push(cpu / calls);
    }
  }
  return Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, { wall: round(median(v.wall), 1), cpu: round(median(v.cpu), 1) }]));
}

// 1. One get(), per call: CPU is what the SDK costs the app; wall includes the loopback round trip.
{
  log('1/5 one get(), per call …');
  const server = await startServer({ count: 10 });
  const id = '00000000-0000-0000-0000-000000000005';
  const url = `${server.origin}/api/project-credits/${id}/`;
  const waldur = createWaldurClient({ baseUrl: server.origin, token: 'bench' });
  peer.client.setConfig({ baseUrl: server.origin, headers: { Authorization: 'Token bench' } });
  const us = await perCall(
    {
      'bare fetch + JSON.parse': async () => JSON.parse(await (await fetch(url, { headers: { Authorization: 'Token bench' } })).text()),
      'peer (waldur-js-client style)': async () => (await peer.projectCreditsRetrieve({ path: { uuid: id } })).data,
      // The floor under the SDK's transport: one ky request as the SDK makes it, nothing else.
      'ky alone': async () => {
        const controller = new AbortController();
        const response = await ky(url, {
          ...KY_BARE,
          headers: { Authorization: 'Token bench' },
          fetch: (input) => fetch(input, { signal: controller.signal }),
        });
        return JSON.parse(await response.text());
      },
      'projectCredits.get': () => waldur.projectCredits.get(id),
    },
    Math.round(300 * SCALE),
  );
  await server.close();
  const sdk = us['projectCredits.get'];
  const official = us['peer (waldur-js-client style)'];
  results.figures.perCall = {
    microseconds: us,
    sdkVsPeerCpu: round(sdk.cpu / official.cpu),
    sdkVsPeerWall: round(sdk.wall / official.wall),
    peerVsBareCpu: round(official.cpu / us['bare fetch + JSON.parse'].cpu),
    kyAloneVsPeerCpu: round(us['ky alone'].cpu / official.cpu),
    sdkVsKyAloneCpu: round(sdk.cpu / us['ky alone'].cpu),
    // Issue 23: ky is the design's transport, so the SDK is measured against one ky request as it sends it.
    target: 'sdkVsKyAloneCpu <= 1.15',
  };
}

// 2. A 300-credit page → typed credits (Decimals, canonical UUIDs, checks), no I/O.
{
  log('2/5 conversion of a 300-credit page …');
  const text = JSON.stringify(Array.from({ length: 300 }, (_, i) => credit(i + 1, 'https://waldur.test')));
  const us = await perCall(
    {
      'JSON.parse alone': async () => JSON.parse(text),
      'JSON.parse + the SDK reading': async () => {
        const context = readContext();
        return JSON.parse(text).map((c, i) => readCredit(c, `items.${i}`, context));
      },
    },
    Math.max(1, Math.round(40 * SCALE)),
  );
  const added = us['JSON.parse + the SDK reading'].cpu - us['JSON.parse alone'].cpu;
  results.figures.parse300 = {
    microseconds: us,
    sdkVsJsonParse: round(us['JSON.parse + the SDK reading'].cpu / us['JSON.parse alone'].cpu),
    microsecondsPerCreditAdded: round(added / 300),
    bytes: text.length,
  };
}

// 3. Walking 3,000 credits at 20 ms latency: the SDK with its defaults against the peer at
// page_size 100, page by page and in an 8-wide pool.
{
  log('3/5 walking 3,000 credits at 20 ms latency …');
  const COUNT = 3000 * SCALE;
  const server = await startServer({ count: COUNT, latencyMs: 20 });
  const waldur = createWaldurClient({ baseUrl: server.origin, token: 'bench' });
  peer.client.setConfig({ baseUrl: server.origin, headers: { Authorization: 'Token bench' } });
  const walks = {
    'SDK listAll (defaults)': async () => (await waldur.projectCredits.listAll()).length,
    'SDK for await (defaults)': async () => {
      let n = 0;
      for await (const _ of waldur.projectCredits.list()) n++;
      return n;
    },
    'peer, 8-wide pool, page_size 100': async () => (await peerPool(peer, 100)).length,
    'peer, page by page, page_size 100': async () => (await peerSequential(peer, 100)).length,
  };
  const samples = Object.fromEntries(Object.keys(walks).map((k) => [k, { wall: [], cpu: [] }]));
  for (const walk of Object.values(walks)) await walk(); // warm-up
  for (let r = 0; r < Math.max(3, Math.min(ROUNDS, 7)); r++) {
    for (const [name, walk] of rotate(Object.entries(walks), r)) {
      let n = 0;
      const { wall, cpu } = await measure(async () => {
        n = await walk();
      });
      if (n !== COUNT) throw new Error(`${name} walked ${n} of ${COUNT}`);
      samples[name].wall.push(wall / 1000);
      samples[name].cpu.push(cpu / 1000);
    }
  }
  await server.close();
  const ms = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, { wall: round(median(v.wall), 0), cpu: round(median(v.cpu), 0) }]));
  const pool = ms['peer, 8-wide pool, page_size 100'].wall;
  results.figures.walk3000 = {
    milliseconds: ms,
    listAllVsPool: round(pool / ms['SDK listAll (defaults)'].wall),
    forAwaitVsPool: round(pool / ms['SDK for await (defaults)'].wall),
    listAllVsSequential: round(ms['peer, page by page, page_size 100'].wall / ms['SDK listAll (defaults)'].wall),
    target: 'listAllVsPool and forAwaitVsPool >= 1.3, listAllVsSequential >= 6',
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

// 5. Bundle sizes: what a frontend pays for list + get, all dependencies; and the SDK's own share.
{
  log('5/5 bundle size …');
  const [entry] = JSON.parse(execFileSync(`${root}node_modules/.bin/size-limit`, ['--json'], { cwd: root, encoding: 'utf8' }));
  const require = createRequire(import.meta.url);
  const budget = require(`${root}.size-limit.cjs`)[0].limit;
  const gzipOf = async (contents, resolveDir, external = []) => {
    const built = await build({
      stdin: { contents, resolveDir, loader: 'ts' },
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'browser',
      write: false,
      external,
    });
    return gzipSync(built.outputFiles[0].contents, { level: 9 }).length;
  };
  const sdkApp = `import { createWaldurClient } from './dist/index.js';
    const w = createWaldurClient({ baseUrl: 'https://waldur.example.com', token: 't' });
    export const page = w.projectCredits.list({ page_size: 10 }); export const one = w.projectCredits.get('8f2e4b1c9d0a4e6f8a7b6c5d4e3f2a1b');`;
  const peerApp = `import { client } from './client.gen.js'; import { projectCreditsList, projectCreditsRetrieve } from './sdk.gen.js';
    client.setConfig({ baseUrl: 'https://waldur.example.com', headers: { Authorization: 'Token t' } });
    export const page = projectCreditsList({ query: { page_size: 10 } }); export const one = projectCreditsRetrieve({ path: { uuid: '8f2e4b1c-9d0a-4e6f-8a7b-6c5d4e3f2a1b' } });`;
  results.figures.bundle = {
    gzipBytes: {
      'SDK app (list + get, all dependencies)': entry.size,
      'SDK own code + generated client (without decimal.js and ky)': await gzipOf(sdkApp, root, ['decimal.js', 'ky']),
      'peer app (list + get)': await gzipOf(peerApp, `${out}/peer`),
    },
    budget,
    passed: entry.passed,
    target: 'SDK app <= 30 kB, SDK own code + generated <= 13 kB',
  };
}

const f = results.figures;
const pc = f.perCall.microseconds;
const w = f.walk3000.milliseconds;
const b = f.bundle.gzipBytes;
console.table([
  {
    measure: 'get(), CPU µs/call',
    SDK: pc['projectCredits.get'].cpu,
    peer: pc['peer (waldur-js-client style)'].cpu,
    ratio: `${f.perCall.sdkVsKyAloneCpu}× ky alone (target ≤ 1.15); ${f.perCall.sdkVsPeerCpu}× peer; ky alone ${f.perCall.kyAloneVsPeerCpu}× peer; bare fetch ${pc['bare fetch + JSON.parse'].cpu}`,
  },
  {
    measure: 'get(), wall µs/call',
    SDK: pc['projectCredits.get'].wall,
    peer: pc['peer (waldur-js-client style)'].wall,
    ratio: `${f.perCall.sdkVsPeerWall}× peer`,
  },
  {
    measure: '300-credit page → typed, CPU µs',
    SDK: f.parse300.microseconds['JSON.parse + the SDK reading'].cpu,
    peer: f.parse300.microseconds['JSON.parse alone'].cpu,
    ratio: `${f.parse300.sdkVsJsonParse}× JSON.parse (+${f.parse300.microsecondsPerCreditAdded} µs/credit)`,
  },
  {
    measure: 'walk 3,000 @20 ms, listAll, ms',
    SDK: w['SDK listAll (defaults)'].wall,
    peer: w['peer, 8-wide pool, page_size 100'].wall,
    ratio: `${f.walk3000.listAllVsPool}× faster than the pool (≥ 1.3), ${f.walk3000.listAllVsSequential}× page by page (≥ 6)`,
  },
  {
    measure: 'walk 3,000 @20 ms, for await, ms',
    SDK: w['SDK for await (defaults)'].wall,
    peer: w['peer, 8-wide pool, page_size 100'].wall,
    ratio: `${f.walk3000.forAwaitVsPool}× faster than the pool (≥ 1.3)`,
  },
  {
    measure: 'walk 3,000, CPU ms',
    SDK: w['SDK listAll (defaults)'].cpu,
    peer: w['peer, 8-wide pool, page_size 100'].cpu,
    ratio: `page by page: ${w['peer, page by page, page_size 100'].cpu}`,
  },
  {
    measure: 'peak heap, 30,000 credits, MB',
    SDK: f.memory30000.peakHeapMB['for await (streaming)'],
    peer: '',
    ratio: `listAll ${f.memory30000.peakHeapMB.listAll}`,
  },
  {
    measure: 'bundle, list + get, gzip B',
    SDK: b['SDK app (list + get, all dependencies)'],
    peer: b['peer app (list + get)'],
    ratio: `SDK own + generated ${b['SDK own code + generated client (without decimal.js and ky)']} (target ≤ 13 kB; app ≤ 30 kB); budget ${f.bundle.budget}`,
  },
]);
writeFileSync(OUT, `${JSON.stringify(results, null, 2)}\n`);
log(`written to ${OUT}`);
