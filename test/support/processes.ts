/**
 * Child processes in the tests, sized for a loaded 2-core CI machine (test/cli/commands.test.ts once timed
 * out at vitest's 5 s while starting 19 processes at once):
 *
 * - at most {@link PROCESS_SLOTS} of a test file's processes run at once; the others wait for a
 *   slot, so a test that starts many does not slow each of them down to a crawl;
 * - a file whose tests start processes or a browser calls
 *   `vi.setConfig({ testTimeout: PROCESS_TEST_TIMEOUT_MS, hookTimeout: PROCESS_TEST_TIMEOUT_MS })`
 *   at its top, instead of vitest's 5 s (10 s for hooks);
 * - one process is killed after {@link PROCESS_KILL_MS}, well inside a test's time, so that a hung
 *   process fails its test with its output rather than a bare timeout.
 *
 * On 2 cores vitest runs one test file at a time (`maxWorkers` defaults to the cores less one), so
 * the slots bound the whole run's processes. These limits only end what hangs; how long anything
 * takes is never asserted.
 */
import { execFile } from 'node:child_process';
import type { ExecFileOptions } from 'node:child_process';
import { availableParallelism } from 'node:os';

/** Processes of one test file running at once: the machine's cores, at least 2 and at most 4. */
export const PROCESS_SLOTS = Math.max(2, Math.min(4, availableParallelism()));

/** The time of a test (or hook) that starts processes or a browser. */
export const PROCESS_TEST_TIMEOUT_MS = 240_000;

/** The time one process gets before it is killed (SIGTERM). */
export const PROCESS_KILL_MS = 120_000;

let running = 0;
const waiting: (() => void)[] = [];

/** Runs `start` (which starts one process and settles when it has ended) once a slot is free. */
export async function inSlot<T>(start: () => Promise<T>): Promise<T> {
  if (running < PROCESS_SLOTS) running++;
  else await new Promise<void>((resolve) => waiting.push(resolve));
  try {
    return await start();
  } finally {
    // The slot goes to the next in line, or is freed.
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}

/** What a process printed. */
export interface Output {
  stdout: string;
  stderr: string;
}

/**
 * `execFile` as a promise, in a slot, killed after {@link PROCESS_KILL_MS} unless `options.timeout`
 * says otherwise. Rejects as `util.promisify(execFile)` does: an error with `code`, `stdout` and `stderr`.
 */
export function runProcess(file: string, args: readonly string[], options: ExecFileOptions = {}): Promise<Output> {
  return inSlot(
    () =>
      new Promise<Output>((resolve, reject) => {
        execFile(file, args, { timeout: PROCESS_KILL_MS, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8', ...options }, (error, stdout, stderr) => {
          if (error instanceof Error) reject(Object.assign(error, { stdout: String(stdout), stderr: String(stderr) }));
          else resolve({ stdout: String(stdout), stderr: String(stderr) });
        });
      }),
  );
}
