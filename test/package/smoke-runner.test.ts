/**
 * The runtime smoke's runner (scripts/smoke.mjs, `npm run smoke`): a runtime that cannot be had is
 * a loud, named skip locally and a failure in CI. (The smoke itself runs in `npm test` after the
 * unit tests, as `npm run smoke`.)
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const run = promisify(execFile);
const root = new URL('../..', import.meta.url).pathname;

/** Runs the runner with no runtime installed (an empty cache), locally or as CI. */
async function smoke(args: string[], ci: boolean): Promise<{ code: number; output: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, WALDUR_RUNTIMES_DIR: '/nonexistent/waldur-runtimes' };
  delete env.CI;
  if (ci) env.CI = 'true';
  try {
    const { stdout, stderr } = await run(process.execPath, ['scripts/smoke.mjs', ...args], { cwd: root, env });
    return { code: 0, output: `${stdout}\n${stderr}` };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: `${failed.stdout}\n${failed.stderr}` };
  }
}

it('locally, a missing runtime is skipped loudly, by name, with the command that installs it', async () => {
  const { code, output } = await smoke(['deno', 'workerd'], false);
  expect(code).toBe(0);
  expect(output).toContain('*** SKIPPED: the Deno (npm: specifiers) smoke: /nonexistent/waldur-runtimes/');
  expect(output).toContain('*** SKIPPED: the workerd (Worker module, no nodejs_compat) smoke:');
  expect(output).toContain('is missing: node scripts/install-runtimes.mjs');
  expect(output).toMatch(/^smoke: 0 passed, 0 failed, 2 skipped$/m);
}, 60_000);

it('in CI, a missing runtime fails the run', async () => {
  const { code, output } = await smoke(['bun'], true);
  expect(code).toBe(1);
  expect(output).not.toContain('SKIPPED');
  expect(output).toMatch(/^Bun\s+-\s+-\s+-\s+MISSING$/m);
  expect(output).toMatch(/^smoke: 0 passed, 1 failed$/m);
}, 60_000);

it('an unknown runtime name is refused with the list of names', async () => {
  const { code, output } = await smoke(['safari'], false);
  expect(code).toBe(1);
  expect(output).toContain(
    'no runtime named safari; the names: webkit, firefox, chromium, workerd, deno, bun, edge-runtime, node24, node22, node-cjs, node-esm',
  );
}, 60_000);
