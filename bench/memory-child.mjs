// Runs one walk of a large list in its own process and reports the live heap it needed:
// `node --expose-gc bench/memory-child.mjs <stream|listAll> <origin> <count>`.
// Every 500 credits it collects garbage and samples heapUsed, so the figure is what the walk
// keeps alive, not what the collector has not reached yet.
import { createWaldurClient } from '../dist/index.js';

const [mode, origin, count] = process.argv.slice(2);
const waldur = createWaldurClient({ baseUrl: origin, token: 'bench' });
globalThis.gc();
const baseline = process.memoryUsage().heapUsed;
let peak = baseline;
const sample = () => {
  globalThis.gc();
  peak = Math.max(peak, process.memoryUsage().heapUsed);
};
let n = 0;
if (mode === 'stream') {
  for await (const credit of waldur.projectCredits.list()) {
    if (credit.value) n++;
    if (n % 500 === 0) sample();
  }
} else {
  let pages = 0;
  const all = await waldur.projectCredits.listAll({}, { onProgress: () => ++pages % 5 === 0 && sample() });
  sample();
  n = all.filter((c) => c.value).length;
}
if (n !== Number(count)) throw new Error(`walked ${n}, expected ${count}`);
process.stdout.write(JSON.stringify({ mode, credits: n, peakMB: (peak - baseline) / 1048576 }));
