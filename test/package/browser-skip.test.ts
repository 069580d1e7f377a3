/** Without Chromium the browser tests are skipped, and the run says so loudly with how to install it. */
import { expect, it } from 'vitest';
import { PROCESS_TEST_TIMEOUT_MS, runProcess } from '../support/processes.js';

const run = runProcess;
const root = new URL('../..', import.meta.url).pathname;

it(
  'a run without Chromium names the skipped suite and the command that installs Chromium',
  async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, WALDUR_TEST_CHROMIUM: '/nonexistent/chromium' };
    delete env.CI;
    delete env.VITEST;
    const { stdout, stderr } = await run(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', 'test/package/browser.test.ts'], {
      cwd: root,
      env,
    });
    const output = `${stdout}\n${stderr}`;
    expect(output).toContain('*** SKIPPED: the real-browser tests of test/package/browser.test.ts: /nonexistent/chromium is missing');
    expect(output).toContain('sudo apt-get install -y chromium');
  },
  PROCESS_TEST_TIMEOUT_MS,
);
