/**
 * The `waldur-credits` command run as a user runs it, for the tests: a child process of the bin,
 * with none of the user's own WALDUR_* settings, started in a slot (./processes.ts).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { inSlot, PROCESS_KILL_MS } from './processes.js';

/** The repository's root. */
export const root = new URL('../..', import.meta.url).pathname;
/** The command's bin. */
export const bin = join(root, 'bin/waldur-credits.mjs');
/** Whether the command and the fake server are built (`npm run build`): the suites that run them need it. */
export const built = existsSync(join(root, 'dist/cli.js')) && existsSync(join(root, 'dist/testing.js'));
/** The environment without the user's own WALDUR_* settings. */
export const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('WALDUR_')));

/** What a run came to: its exit status (`null` when killed) and output. */
export interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** How to run it. */
export interface RunOptions {
  /** Added to the clean environment. */
  env?: Record<string, string> | undefined;
  /** The working directory; the repository's root by default. */
  cwd?: string | undefined;
  /** Another program than the bin (a copy of it, a script). */
  program?: string | undefined;
  /** Node's own flags, before the program (a heap limit). */
  node?: readonly string[] | undefined;
  /** When the process is killed; {@link PROCESS_KILL_MS} by default. */
  timeout?: number | undefined;
  /** The most output kept, in bytes; 16 MiB by default. */
  maxBuffer?: number | undefined;
}

/** Runs the command with `args`; resolves with its exit status and output (never rejects). */
export function runCli(args: readonly string[], options: RunOptions = {}): Promise<Ran> {
  return inSlot(
    () =>
      new Promise<Ran>((resolve) => {
        execFile(
          process.execPath,
          [...(options.node ?? []), options.program ?? bin, ...args],
          {
            env: { ...cleanEnv, ...options.env },
            cwd: options.cwd ?? root,
            timeout: options.timeout ?? PROCESS_KILL_MS,
            maxBuffer: options.maxBuffer ?? 16 * 1024 * 1024,
          },
          (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr }),
        );
      }),
  );
}
