#!/usr/bin/env node
// Fails when generated/ differs from what `npm run generate` makes of openapi/ today.
// It regenerates into a temporary folder (the working tree is never touched) and compares
// every file both ways, so a stale, edited, missing or extra file is reported by name.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const out = mkdtempSync(join(tmpdir(), 'waldur-generated-'));

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

try {
  const run = spawnSync(join(root, 'node_modules/.bin/openapi-ts'), [], {
    cwd: root,
    env: { ...process.env, WALDUR_GENERATE_OUT: out },
    encoding: 'utf8',
  });
  if (run.status !== 0) {
    process.stderr.write(run.stdout + run.stderr);
    console.error('check:generated: the generator failed.');
    process.exit(1);
  }
  const committed = join(root, 'generated');
  const want = new Map(files(out).map((f) => [relative(out, f), readFileSync(f, 'utf8')]));
  const have = new Map(files(committed).map((f) => [relative(committed, f), readFileSync(f, 'utf8')]));
  const problems = [];
  for (const [name, text] of want) {
    if (!have.has(name)) problems.push(`missing: generated/${name}`);
    else if (have.get(name) !== text) problems.push(`stale:   generated/${name}`);
  }
  for (const name of have.keys()) if (!want.has(name)) problems.push(`extra:   generated/${name}`);
  if (problems.length > 0) {
    console.error(problems.join('\n'));
    console.error('check:generated: generated/ is out of date. Run `npm run generate` and commit the result.');
    process.exit(1);
  }
  console.log(`check:generated: generated/ matches openapi/ (${want.size} files).`);
} finally {
  rmSync(out, { recursive: true, force: true });
}
