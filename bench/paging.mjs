#!/usr/bin/env node
// Walking 3,000 credits at 20 ms server latency: listAll with concurrency 4 against sequential
// paging (concurrency 1: one page after the other, as Stripe, Octokit and the Python client page).
// Both sides run in the same process against the same server, alternating, several rounds; the
// figure is the ratio of the medians.
import { createWaldurClient } from '../dist/index.js';
import { startServer } from './server.mjs';

const COUNT = 3000;
const PAGE_SIZE = 100;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

const server = await startServer({ count: COUNT, latencyMs: 20 });
const waldur = createWaldurClient({ baseUrl: server.origin, token: 'bench' });

async function time(fn) {
  const start = performance.now();
  const n = (await fn()).length;
  if (n !== COUNT) throw new Error(`expected ${COUNT} credits, got ${n}`);
  return performance.now() - start;
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const runs = { sequential: [], concurrent: [] };
await time(() => waldur.projectCredits.listAll({ page_size: PAGE_SIZE }, { concurrency: 4 })); // warm-up
for (let round = 0; round < ROUNDS; round++) {
  runs.sequential.push(await time(() => waldur.projectCredits.listAll({ page_size: PAGE_SIZE }, { concurrency: 1 })));
  runs.concurrent.push(await time(() => waldur.projectCredits.listAll({ page_size: PAGE_SIZE }, { concurrency: 4 })));
}
await server.close();

const seq = median(runs.sequential);
const con = median(runs.concurrent);
const result = {
  benchmark: `walk ${COUNT} credits, page_size ${PAGE_SIZE}, 20 ms latency, ${ROUNDS} rounds`,
  sequentialMs: Math.round(seq),
  concurrency4Ms: Math.round(con),
  speedup: Number((seq / con).toFixed(2)),
};
console.table([result]);
export default result;
