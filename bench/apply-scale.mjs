#!/usr/bin/env node
// `node bench/apply-scale.mjs [rows] [heapMB]` (after `npm run build`): `waldur-credits apply` on a
// change file of `rows` rows (default 1,000,000), as a dry run, under `node --max-old-space-size`
// (default 256), against bench/server.mjs in its own process holding as many credits (a GET of any
// credit answers it; the count is `rows`). Every row names its own credit at its current value,
// except every 100,000th (a change): so both passes read the whole file, and the second reads
// every credit (one GET each: 10,000 rows a batch are few for a million credits). Prints wall and
// CPU time, the peak resident memory (GNU time), and the command's last lines. Linux only (/usr/bin/time).
import { execFile } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { promisify } from 'node:util';
import { credit, startServerProcess } from './server.mjs';

const root = new URL('..', import.meta.url).pathname;
const rows = Number(process.argv[2] ?? 1_000_000);
const heap = Number(process.argv[3] ?? 256);
const dir = `${root}.tmp/bench`;
mkdirSync(dir, { recursive: true });
const file = `${dir}/apply-scale.csv`;

const out = createWriteStream(file);
let chunk = 'uuid,value\n';
for (let i = 1; i <= rows; i++) {
  const c = credit(i, '');
  chunk += `${c.uuid},${i % 100_000 === 0 ? '1.5' : c.value}\n`;
  if (chunk.length > 1 << 16) {
    if (!out.write(chunk)) await new Promise((resolve) => out.once('drain', resolve));
    chunk = '';
  }
}
await new Promise((resolve) => out.end(chunk, resolve));

const server = await startServerProcess({ count: rows });
const started = Date.now();
let result;
try {
  result = await promisify(execFile)(
    '/usr/bin/time',
    ['-v', process.execPath, `--max-old-space-size=${heap}`, `${root}bin/waldur-credits.mjs`, 'apply', file],
    {
      env: { ...process.env, WALDUR_URL: server.origin, WALDUR_TOKEN: 'bench' },
      maxBuffer: 64 * 1024 * 1024,
    },
  );
} catch (error) {
  result = error;
}
await server.close();
const field = (name) => new RegExp(`${name}: (.*)`).exec(result.stderr ?? '')?.[1]?.trim();
const kb = Number(field('Maximum resident set size \\(kbytes\\)'));
console.log(
  JSON.stringify(
    {
      rows,
      heapLimitMB: heap,
      exit: result.code ?? 0,
      wallSeconds: (Date.now() - started) / 1000,
      cpuSeconds: Number(field('User time \\(seconds\\)')) + Number(field('System time \\(seconds\\)')),
      peakRssMB: Math.round(kb / 1024),
      lastLines: String(result.stdout ?? '')
        .trimEnd()
        .split('\n')
        .slice(-2),
    },
    null,
    2,
  ),
);
