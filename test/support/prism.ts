/**
 * Prism (`@stoplight/prism-cli`, a dev dependency) serving an OpenAPI document as a mock server on
 * 127.0.0.1: the contract test (test/project-credits/prism.test.ts) sends the SDK's requests to it and Prism
 * answers 422 with the list of violations when a request does not fit the document.
 *
 * Prism runs in static mode (no `--dynamic`: the same request gets the same answer on every run)
 * and without `--errors`. In `prism mock`, requests are always validated, with or without that
 * flag (an invalid request is a 422 either way); `--errors` only turns a violation in Prism's OWN
 * response into a 500, and static placeholders such as `"value": "string"` break the document's
 * decimal patterns, so with it every valid request carrying a body would come back as a 500.
 *
 * Prism is its own process group (`detached`), stopped as a group by `stop()`. Being its own group,
 * it would survive a test run that is interrupted (Ctrl-C reaches the runner's group, not Prism's)
 * or whose worker is killed: so Prism also watches a pipe from this process, and when the pipe
 * closes (this process is gone, however it ended) it kills its own group. Nothing is left behind.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { PROCESS_KILL_MS } from './processes.js';

/** The CLI of the installed `@stoplight/prism-cli` (run with this Node, not through a shell). */
const PRISM_CLI = fileURLToPath(new URL('../../node_modules/@stoplight/prism-cli/dist/index.js', import.meta.url));

const HOST = '127.0.0.1';

/**
 * Loaded into Prism's Node before Prism itself (`--import`): when its stdin, a pipe from the test
 * process, reaches its end, the test process has gone, and Prism's whole group is killed.
 */
const GUARD = `process.stdin.on('data', () => {});
process.stdin.on('end', () => process.kill(-process.pid, 'SIGKILL'));
process.stdin.on('error', () => process.kill(-process.pid, 'SIGKILL'));`;

export interface PrismServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** Milliseconds from spawning Prism to its "Prism is listening" line. */
  startupMs: number;
  /** What Prism printed so far (stdout and stderr, colours removed). */
  output(): string;
  /** Stops Prism and every process of its group; resolves once none is left. */
  stop(): Promise<void>;
}

export interface PrismOptions {
  /** How long to wait for the "Prism is listening" line; {@link PROCESS_KILL_MS} when absent (a loaded machine is slow). */
  timeoutMs?: number;
  /** More arguments of `prism mock` (e.g. `['--dynamic', '--seed', '1']`). */
  args?: readonly string[];
}

/** Starts `prism mock` on 127.0.0.1 and a free port, serving `document` (a file path). */
export async function startPrism(document: string, options: PrismOptions = {}): Promise<PrismServer> {
  if (!existsSync(PRISM_CLI)) throw new Error(`Prism is not installed: ${PRISM_CLI} is missing (npm install)`);
  if (!existsSync(document)) throw new Error(`no OpenAPI document at ${document}`);
  // The port is free when picked but could be taken before Prism binds it: then try another.
  for (let attempt = 1; ; attempt++) {
    try {
      return await launch(document, await freePort(), options);
    } catch (error) {
      if (!(error instanceof PortTaken) || attempt === 3) throw error;
    }
  }
}

class PortTaken extends Error {}

/** A port no one listens on right now, from a throwaway server on 127.0.0.1. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, HOST, () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

function launch(document: string, port: number, options: PrismOptions): Promise<PrismServer> {
  const timeoutMs = options.timeoutMs ?? PROCESS_KILL_MS;
  const args = [PRISM_CLI, 'mock', '-h', HOST, '-p', String(port), ...(options.args ?? []), document];
  const started = performance.now();
  const child = spawn(process.execPath, [`--import=data:text/javascript,${encodeURIComponent(GUARD)}`, ...args], {
    detached: true, // its own process group, killed as a whole by stop()
    stdio: ['pipe', 'pipe', 'pipe'], // stdin: the pipe GUARD watches; never written, closed when this process ends
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // If the test process ends without stop() (a crash, a hook that never ran), Prism goes with it.
  const onExit = () => killGroup(child, 'SIGKILL');
  process.once('exit', onExit);

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      process.removeListener('exit', onExit);
      if (child.pid === undefined) return; // never started
      killGroup(child, 'SIGTERM');
      if (!(await within(exited, 5_000))) killGroup(child, 'SIGKILL');
      await exited;
      // The leader is gone; a child it forked (`--multiprocess`) would still be in the group.
      for (let i = 0; i < 50 && groupAlive(child); i++) {
        killGroup(child, 'SIGKILL');
        await sleep(20);
      }
      if (groupAlive(child)) throw new Error(`Prism's process group ${child.pid} would not die`);
    })());

  return new Promise<PrismServer>((resolve, reject) => {
    const fail = (error: Error) => {
      clearTimeout(timer);
      void stop().then(
        () => reject(error),
        () => reject(error),
      );
    };
    const timer = setTimeout(
      () =>
        fail(new Error(`Prism did not say "Prism is listening" within ${timeoutMs / 1000} s (${args.slice(1).join(' ')}); its output:\n${output}`)),
      timeoutMs,
    );
    let ready = false;
    const read = (chunk: Buffer) => {
      // eslint-disable-next-line no-control-regex -- strips the ANSI colour codes (ESC [ … m) of Prism's log
      output += chunk.toString('utf8').replace(/\u001b\[[0-9;]*m/g, '');
      if (ready) return; // after start-up the output is only kept, for failure reports
      const listening = /Prism is listening on (http:\/\/\S+)/.exec(output);
      if (!listening) return;
      ready = true;
      clearTimeout(timer);
      const origin = listening[1]!.replace(/\/$/, '');
      if (origin !== `http://${HOST}:${port}`) {
        fail(new Error(`Prism listens on ${origin}, not on http://${HOST}:${port} as asked; its output:\n${output}`));
        return;
      }
      resolve({ origin, startupMs: Math.round(performance.now() - started), output: () => output, stop });
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.once('error', (error) => fail(new Error(`Prism could not be started: ${error.message}`)));
    child.once('exit', (code, signal) => {
      if (stopping || ready) return;
      clearTimeout(timer);
      const why = `Prism exited (${signal ?? `code ${code}`}) before listening on ${HOST}:${port}; its output:\n${output}`;
      fail(/EADDRINUSE/.test(output) ? new PortTaken(why) : new Error(why));
    });
  });
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // ESRCH: the group is already gone.
  }
}

/** Whether any process of the child's group is still alive (signal 0 only checks). */
function groupAlive(child: ChildProcess): boolean {
  if (child.pid === undefined) return false;
  try {
    process.kill(-child.pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function within(promise: Promise<void>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([promise.then(() => true as const), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
