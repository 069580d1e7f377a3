#!/usr/bin/env node
// `node bench/apply-read.mjs` (after `npm run build`): how `applyChanges` should read the credits
// a change file names, measured against the fake Waldur over HTTP with a latency on every request.
// Two ways, exactly as applyChanges runs them: one GET per named credit (10 in flight), or a walk
// of every credit the token can see (300 a page, 10 pages in flight) that stops once it has seen
// them all. The named credits are spread over the whole list, as an edited export's are.
// Prints, for each total and latency, the median wall time of each way and the largest number of
// named credits for which the GETs are not slower: the rule in src/project-credits/apply/read.ts (GETS_PER_WALKED_PAGE)
// comes from it. APPLY_READ_LATENCY=20,50 APPLY_READ_TOTALS=300,3000,10000 APPLY_READ_ROUNDS=3.
import { fork } from 'node:child_process';
import { createWaldurClient } from '../dist/index.js';
import { startFakeServer } from '../dist/testing-server.js';

// The fake runs in a child process (as a server would: its CPU is not the client's), adding the
// latency to every request it answers.
if (process.argv[2] === 'serve') {
  const served = await startFakeServer({ credits: Number(process.argv[3]), token: 'bench' });
  const original = served.fake.fetch;
  let latency = 0;
  served.fake.fetch = async (input, init) => {
    await new Promise((resolve) => setTimeout(resolve, latency));
    return original(input, init);
  };
  process.on('message', (message) => {
    latency = message.latency;
    process.send({ ready: true });
  });
  process.send({ baseUrl: served.baseUrl, uuids: served.fake.credits.map((c) => c.uuid) });
  await new Promise(() => {});
}

const LATENCIES = (process.env.APPLY_READ_LATENCY ?? '20,50').split(',').map(Number);
const TOTALS = (process.env.APPLY_READ_TOTALS ?? '300,1000,3000,10000').split(',').map(Number);
const ROUNDS = Number(process.env.APPLY_READ_ROUNDS ?? 3);
const NAMED = [5, 10, 15, 20, 30, 40, 60, 80, 120, 160, 240, 320];
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function timed(fn) {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

/** One GET per credit, 10 in flight: applyChanges' one-by-one read. */
async function byGets(waldur, uuids) {
  let next = 0;
  const worker = async () => {
    while (next < uuids.length) await waldur.projectCredits.get(uuids[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(10, uuids.length) }, worker));
}

/** A count, then the walk that stops once every named credit was seen: applyChanges' walk. */
async function byWalk(waldur, uuids) {
  await waldur.projectCredits.count();
  const wanted = new Set(uuids);
  let found = 0;
  for await (const credit of waldur.projectCredits.list()) {
    if (wanted.has(credit.uuid) && ++found === wanted.size) break;
  }
}

const rows = [];
for (const total of TOTALS) {
  const child = fork(new URL(import.meta.url).pathname, ['serve', String(total)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const next = () => new Promise((resolve) => child.once('message', resolve));
  const { baseUrl, uuids: hexes } = await next();
  const waldur = createWaldurClient({ baseUrl, token: 'bench' });
  const all = hexes.map((hex) => hex.replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5'));
  for (const ms of LATENCIES) {
    child.send({ latency: ms });
    await next();
    // Warm both ways up (JIT, connections) before measuring.
    await byGets(waldur, all.slice(0, 20));
    await byWalk(waldur, all.slice(-1));
    const pages = Math.ceil(total / 300);
    let breakEven = 0;
    const line = [];
    for (const named of NAMED.filter((n) => n <= total)) {
      // Spread over the list: the last one named is near its end, so the walk reads (nearly) all of it.
      const uuids = Array.from({ length: named }, (_, i) => all[Math.floor(((i + 1) * (total - 1)) / named)]);
      const gets = [];
      const walks = [];
      for (let r = 0; r < ROUNDS; r++) {
        gets.push(await timed(() => byGets(waldur, uuids)));
        walks.push(await timed(() => byWalk(waldur, uuids)));
      }
      const [g, w] = [median(gets), median(walks)];
      if (g <= w) breakEven = named;
      line.push(`${named}: ${Math.round(g)}/${Math.round(w)}`);
    }
    rows.push({ total, pages, latencyMs: ms, breakEven, perPage: Math.round((breakEven / pages) * 10) / 10 });
    process.stderr.write(`total ${total} (${pages} pages), latency ${ms} ms — named: GETs/walk ms — ${line.join(', ')}\n`);
  }
  child.kill();
}
console.table(rows);
