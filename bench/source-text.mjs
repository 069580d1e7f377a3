#!/usr/bin/env node
// What reading a computed amount's own digits would cost (TC39 "JSON.parse source text access": a
// reviver's third argument holds the literal's text). Issue 22: a JSON number the server computed is
// read as its shortest round-trip digits, or as the literal's own digits where the runtime gives
// JSON.parse the source text, but only if that costs the common read nothing measurable.
//
// `node bench/source-text.mjs [runtime binary …]` measures a 300-credit page (bench/server.mjs's
// credits, as `npm run bench` reads them) in this Node and in each runtime given (node, bun, deno),
// each in its own process: JSON.parse + the SDK's reading, without and with a source-text reviver,
// side by side in alternating rounds; the ratio of medians is what the reviver costs.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { basename } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const out = `${root}.tmp/bench/source-text`;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
/** The fields the server computes: a JSON number there would be read from its literal's text. */
const COMPUTED = new Set([
  'customer_credit',
  'allocated_customer_credit',
  'consumption_last_month',
  'minimal_consumption',
  'spendable_value',
  'creditable_cost_this_month',
]);

if (process.argv[2] === '--child') {
  const { readCredit, readContext } = await import(`${out}/src/project-credits/read.js`);
  const { credit } = await import('./server.mjs');
  const text = JSON.stringify(Array.from({ length: 300 }, (_, i) => credit(i + 1, 'https://waldur.test')));
  const source = (key, value, context) => (typeof value === 'number' && COMPUTED.has(key) ? (context?.source ?? value) : value);
  const read = (credits) => {
    const context = readContext();
    return credits.map((c, i) => readCredit(c, `items.${i}`, context));
  };
  const variants = {
    'JSON.parse + read': () => read(JSON.parse(text)),
    'JSON.parse(text, source reviver) + read': () => read(JSON.parse(text, source)),
  };
  // The reviver must see the source text here, or the comparison means nothing.
  const sample = JSON.parse(text, (key, value, context) => (key === 'minimal_consumption' ? (context?.source ?? 'none') : value));
  const supported = sample[0].minimal_consumption === '12.5';
  const cpu = () => (typeof process.cpuUsage === 'function' ? process.cpuUsage() : undefined);
  const samples = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
  const calls = 40;
  for (const fn of Object.values(variants)) for (let i = 0; i < calls; i++) fn(); // warm-up
  const entries = Object.entries(variants);
  for (let r = 0; r < ROUNDS; r++) {
    for (const [name, fn] of r % 2 ? entries : [...entries].reverse()) {
      const before = cpu();
      const start = performance.now();
      for (let i = 0; i < calls; i++) fn();
      const wall = (performance.now() - start) * 1000;
      const used = before ? process.cpuUsage(before) : undefined;
      samples[name].push({ wall: wall / calls, cpu: used ? (used.user + used.system) / calls : undefined });
    }
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const figures = Object.fromEntries(
    Object.entries(samples).map(([k, v]) => [
      k,
      { wall: median(v.map((s) => s.wall)), cpu: v[0].cpu === undefined ? undefined : median(v.map((s) => s.cpu)) },
    ]),
  );
  console.log(JSON.stringify({ supported, bytes: text.length, figures }));
} else {
  const { build } = await import('esbuild');
  mkdirSync(out, { recursive: true });
  await build({
    entryPoints: [`${root}src/project-credits/read.ts`],
    outbase: root,
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    outdir: out,
    logLevel: 'error',
  });
  const runtimes = [process.execPath, ...process.argv.slice(2)];
  const rows = [];
  for (const runtime of runtimes) {
    const name = basename(runtime);
    const args = name.startsWith('deno')
      ? ['run', '--allow-read', '--allow-env', '--allow-sys', import.meta.filename ?? new URL(import.meta.url).pathname, '--child']
      : [new URL(import.meta.url).pathname, '--child'];
    const version = execFileSync(runtime, ['--version'], { encoding: 'utf8' })
      .split('\n')[0]
      .trim()
      .replace(/^deno /, '');
    const result = JSON.parse(execFileSync(runtime, args, { encoding: 'utf8', cwd: root, env: { ...process.env, BENCH_ROUNDS: String(ROUNDS) } }));
    const [plain, withSource] = Object.values(result.figures);
    const ratio = (key) => (plain[key] === undefined ? '' : (withSource[key] / plain[key]).toFixed(2));
    rows.push({
      runtime: `${name} ${version}`,
      'source text': result.supported ? 'yes' : 'no',
      'µs/page, plain (CPU)': Math.round(plain.cpu ?? plain.wall),
      'µs/page, with source (CPU)': Math.round(withSource.cpu ?? withSource.wall),
      'ratio CPU': ratio('cpu'),
      'ratio wall': ratio('wall'),
    });
  }
  console.table(rows);
}
