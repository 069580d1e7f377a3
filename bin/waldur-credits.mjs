#!/usr/bin/env node
// waldur-credits: the project credits of a Waldur from the command line. The command (its help
// included) is src/cli/, built into dist/cli.js: in a clone, `npm run build` first.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const built = new URL('../dist/cli.js', import.meta.url);
if (existsSync(built)) {
  const { run } = await import(built.href);
  process.exitCode = await run(process.argv.slice(2));
} else {
  process.stderr.write(`waldur-credits: ${fileURLToPath(built)} is missing; what to do: build the package first (npm run build)\n`);
  process.exitCode = 2;
}
