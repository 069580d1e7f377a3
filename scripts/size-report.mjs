#!/usr/bin/env node
// Where the bytes of a frontend bundle go: bundles `createWaldurClient` + list + get from dist/
// as an app would (esbuild, minified, browser), then reports each package's share of the minified
// output and the whole bundle's gzip and brotli sizes. `npm run size` enforces the budget itself.
import { build } from 'esbuild';
import { brotliCompressSync, gzipSync } from 'node:zlib';

const entry = `
  import { createWaldurClient } from './dist/index.js';
  const waldur = createWaldurClient({ baseUrl: 'https://waldur.example.com', token: 't' });
  export const page = waldur.projectCredits.list({ page_size: 10 });
  export const one = waldur.projectCredits.get('8f2e4b1c9d0a4e6f8a7b6c5d4e3f2a1b');
`;
const result = await build({
  stdin: { contents: entry, resolveDir: new URL('..', import.meta.url).pathname, loader: 'js' },
  bundle: true,
  minify: true,
  format: 'esm',
  platform: 'browser',
  write: false,
  metafile: true,
});
const code = result.outputFiles[0].contents;
const shares = new Map();
for (const [path, { bytesInOutput }] of Object.entries(Object.values(result.metafile.outputs)[0].inputs)) {
  const pkg =
    /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1] ??
    (path.includes('generated') ? '(generated client)' : path.startsWith('dist') ? '(this SDK)' : '(app)');
  shares.set(pkg, (shares.get(pkg) ?? 0) + bytesInOutput);
}
const total = code.length;
const gz = gzipSync(code, { level: 9 }).length;
const br = brotliCompressSync(code).length;
const rows = [...shares]
  .sort((a, b) => b[1] - a[1])
  .map(([pkg, bytes]) => ({
    package: pkg,
    'minified bytes': bytes,
    share: `${((bytes / total) * 100).toFixed(1)}%`,
    '≈ gzip bytes': Math.round((bytes / total) * gz),
  }));
console.table(rows);
console.log(`bundle: ${total} B minified, ${gz} B gzip, ${br} B brotli`);
export default { minified: total, gzip: gz, brotli: br, packages: Object.fromEntries(shares) };
