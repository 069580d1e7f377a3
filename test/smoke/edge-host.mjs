// Runs the edge bundle in the `edge-runtime` package (what Vercel and Next.js run middleware in
// during development and tests): a VM with only the edge primitives, no Node globals.
// argv: <edge-runtime module dir> <bundle file>; the config comes in WALDUR_SMOKE_CONFIG.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const [runtimeDir, bundle] = process.argv.slice(2);
const { EdgeRuntime } = createRequire(import.meta.url)(runtimeDir);
const runtime = new EdgeRuntime({
  extend: (context) => {
    context.__SMOKE_CONFIG = process.env.WALDUR_SMOKE_CONFIG;
    context.__smokeReport = (line) => console.log(`SMOKE ${line}`);
    return context;
  },
});
runtime.evaluate(readFileSync(bundle, 'utf8'));
await runtime.context.__smokeDone;
