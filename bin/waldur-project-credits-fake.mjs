#!/usr/bin/env node
// waldur-project-credits-fake: the fake Waldur of `waldur-project-credits/testing` over HTTP. The
// command (its help included) is src/testing/command.ts, built into dist/fake-server.js: in a
// clone, `npm run build` first, or `npm run fake-server`, which builds.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const built = new URL('../dist/fake-server.js', import.meta.url);
if (existsSync(built)) {
  const { main } = await import(built.href);
  process.exitCode = await main(process.argv.slice(2));
} else {
  process.stderr.write(
    `waldur-project-credits-fake: ${fileURLToPath(built)} is missing; what to do: build the package first (npm run build), or run \`npm run fake-server\`, which builds\n`,
  );
  process.exitCode = 1;
}
