#!/usr/bin/env node
// `npm run fake-server -- [options]`: the package's bin, bin/waldur-project-credits-fake.mjs, run
// from a clone (the npm script builds dist/ first). `--help` lists the options.
//
// Also imported by the tests (the browser test, the demo test): `startFakeServer` starts the fake
// Waldur over HTTP on 127.0.0.1 and resolves to `{ origin, baseUrl, fake, close }`.
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { main } from '../bin/waldur-project-credits-fake.mjs';

export { startFakeServer } from '../bin/waldur-project-credits-fake.mjs';

if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main();
}
