/**
 * Tools for the hardening suite (test/core/hardening.test.ts): hostile node:http servers on 127.0.0.1
 * that watch their own sockets, an isolated copy of the SDK running in a worker thread, and
 * catchers for process-level events (unhandled rejections, warnings).
 *
 * Why a worker thread: some defects can only be shown where MSW is absent (MSW's fetch
 * interceptor tees every response it passes through, which keeps a connection alive whatever the
 * SDK does), or need a forced garbage collection, or block the event loop for minutes (a
 * gigabyte-long `toFixed()`). A worker has its own `fetch`, its own heap (with a memory limit)
 * and can be terminated however busy it is, so a test of such a defect still ends in seconds.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { build } from 'esbuild';

// ---------------------------------------------------------------------------------------------
// Hostile servers

/** One request a hostile server received, and what became of its connection. */
export interface Exchange {
  /** 1 for the first request, … */
  n: number;
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  /** The request body as text (read before the handler runs). */
  body: string;
  /** `Date.now()` when the request arrived. */
  receivedAt: number;
  /** `Date.now()` when its socket closed; `undefined` while it is open. */
  closedAt?: number;
  /** Whether the server itself ended the connection (a hostile body that stopped by itself, or close()). */
  closedByServer: boolean;
  /** Resolves when the socket closes. */
  closed: Promise<void>;
}

export interface HostileServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  exchanges: Exchange[];
  /** Ends every connection and stops listening. */
  close(): Promise<void>;
}

type Handler = (req: IncomingMessage, res: ServerResponse, exchange: Exchange) => void;

export async function startHostileServer(handle: Handler): Promise<HostileServer> {
  const exchanges: Exchange[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let markClosed!: () => void;
      const exchange: Exchange = {
        n: exchanges.length + 1,
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        receivedAt: Date.now(),
        closedByServer: false,
        closed: new Promise<void>((resolve) => (markClosed = resolve)),
      };
      exchanges.push(exchange);
      const socket = req.socket;
      if (socket.destroyed) {
        exchange.closedAt = Date.now();
        markClosed();
      } else {
        socket.once('close', () => {
          exchange.closedAt ??= Date.now();
          markClosed();
        });
      }
      handle(req, res, exchange);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    exchanges,
    close: () =>
      new Promise<void>((resolve) => {
        for (const exchange of exchanges) if (exchange.closedAt === undefined) exchange.closedByServer = true;
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

export interface EndlessBodyOptions {
  /** Text sent first (e.g. the start of a JSON object). */
  prefix?: string;
  /** The server stops by itself after this long, destroying the socket. Default 3000 ms. */
  stopAfterMs?: number;
  /** The server stops by itself after this many bytes. Default 256 MiB. */
  maxBytes?: number;
  /**
   * Most bytes a second; within it, 64 KiB chunks go as fast as the socket drains. The default,
   * 16 MiB/s, keeps 300 ms of body far below the SDK's default `maxResponseBytes` (32 MiB), so a
   * timeout test ends by its timeout, and keeps a leaked download's memory small.
   */
  bytesPerSecond?: number;
  /** What one chunk is made of (default spaces, which keep a JSON string valid). */
  fill?: number;
  /**
   * With a suffix, the body is finite: after `maxBytes` the suffix is sent and the response ends
   * normally (the connection stays open, keep-alive), making a complete, valid answer.
   */
  suffix?: string;
}

const CHUNK = 64 * 1024;

/**
 * Sends an endless body on `res` (headers must already be written or are written here as 200
 * JSON). It stops by itself after `stopAfterMs` or `maxBytes` and then destroys the socket,
 * marking the exchange as closed by the server; it also stops when the client goes away.
 * With `suffix`, it is a huge but finite body instead (see {@link EndlessBodyOptions.suffix}).
 */
export function endlessBody(res: ServerResponse, exchange: Exchange, options: EndlessBodyOptions = {}): void {
  const { prefix = '', suffix, stopAfterMs = 3000, maxBytes = 256 * 1024 * 1024, bytesPerSecond = 16 * 1024 * 1024, fill = 0x20 } = options;
  if (!res.headersSent) res.writeHead(200, { 'Content-Type': 'application/json' });
  const chunk = Buffer.alloc(CHUNK, fill);
  const started = Date.now();
  let sent = 0;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const stop = () => {
    stopped = true;
    clearTimeout(timer);
  };
  res.once('close', stop);
  const pump = () => {
    timer = undefined;
    if (stopped) return;
    for (;;) {
      const elapsed = Date.now() - started;
      if (suffix !== undefined && sent >= maxBytes) {
        stop();
        res.end(suffix);
        return;
      }
      if (elapsed >= stopAfterMs || sent >= maxBytes) {
        stop();
        exchange.closedByServer = exchange.closedAt === undefined;
        res.socket?.destroy();
        return;
      }
      const allowed = ((elapsed + 10) / 1000) * bytesPerSecond;
      if (sent + CHUNK > allowed) {
        timer = setTimeout(pump, 10);
        return;
      }
      sent += CHUNK;
      if (!res.write(chunk)) {
        res.once('drain', pump);
        return;
      }
    }
  };
  if (prefix) res.write(prefix);
  pump();
}

/** Waits until `exchange`'s socket closes or `deadline` (a `Date.now()` value) passes. */
export async function closedBy(exchange: Exchange, deadline: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([exchange.closed, new Promise<void>((resolve) => (timer = setTimeout(resolve, Math.max(0, deadline - Date.now()))))]);
  clearTimeout(timer);
}

// ---------------------------------------------------------------------------------------------
// The SDK in a worker thread

/** What a scenario running in a worker gets. */
export interface IsolatedContext<D> {
  /** The SDK, bundled from src/index.ts (the same code the other tests import). */
  sdk: typeof import('../../src/index.js');
  /** Forces a full garbage collection of the worker's heap. */
  gc: () => void;
  sleep: (ms: number) => Promise<void>;
  /** A structured-clone-safe summary of an error: the SDK classes it is an instance of, name, message (cut), message length. */
  summary: (error: unknown) => ErrorSummary;
  /**
   * Hands `value` to the test's `onCheckpoint` (in the main thread) and waits until it returns:
   * the worker, and any connection its SDK left open, stays alive meanwhile.
   */
  checkpoint: (value: unknown) => Promise<void>;
  data: D;
}

export interface ErrorSummary {
  /** The SDK's exported error classes it is an instance of (plus `Error`), e.g. `['WaldurError', 'WaldurTimeoutError', 'Error']`. */
  classes: string[];
  name: string;
  /** The first 500 characters of the message. */
  message: string;
  messageLength: number;
}

export type IsolatedResult<R> = { outcome: 'returned'; value: R } | { outcome: 'threw'; error: string } | { outcome: 'hung'; afterMs: number };

let bundleDir: string | undefined;
let bundled: Promise<{ bundle: string; worker: string }> | undefined;

const WORKER_SOURCE = `
import { parentPort, workerData } from 'node:worker_threads';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc');
// A transform may have added esbuild's name helper to the scenario's source.
globalThis.__name ??= (target) => target;
const sdk = await import(workerData.bundle);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const errorClasses = Object.entries(sdk).filter(([name, value]) => typeof value === 'function' && /^Waldur\\w*Error$/.test(name));
const summary = (error) => {
  const classes = errorClasses.filter(([, Class]) => error instanceof Class).map(([name]) => name);
  if (error instanceof Error) classes.push('Error');
  const message = error instanceof Error ? String(error.message) : String(error);
  return { classes, name: String(error?.name ?? typeof error), message: message.slice(0, 500), messageLength: message.length };
};
const checkpoint = (value) =>
  new Promise((resolve) => {
    parentPort.once('message', () => resolve());
    parentPort.postMessage({ checkpoint: value });
  });
const scenario = (0, eval)('(' + workerData.source + ')');
try {
  const value = await scenario({ sdk, gc, sleep, summary, checkpoint, data: workerData.data });
  parentPort.postMessage({ outcome: 'returned', value });
} catch (error) {
  parentPort.postMessage({ outcome: 'threw', error: String(error?.stack ?? error).slice(0, 2000) });
}
`;

/** Bundles the SDK once per test file (call it in `beforeAll`), into a temporary directory removed by {@link disposeIsolation}. */
export function sdkBundle(): Promise<{ bundle: string; worker: string }> {
  bundled ??= (async () => {
    bundleDir = await mkdtemp(join(tmpdir(), 'waldur-hardening-'));
    const bundle = join(bundleDir, 'sdk.mjs');
    const worker = join(bundleDir, 'worker.mjs');
    await build({
      entryPoints: [fileURLToPath(new URL('../../src/index.ts', import.meta.url))],
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      outfile: bundle,
      logLevel: 'silent',
    });
    await writeFile(worker, WORKER_SOURCE);
    return { bundle: pathToFileURL(bundle).href, worker };
  })();
  return bundled;
}

const running = new Set<Worker>();

/**
 * Runs `scenario` in a fresh worker thread with its own copy of the SDK and returns what it
 * returned (structured-cloned). The scenario must use only its argument and globals: it is sent
 * to the worker as source text. After `deadlineMs` the worker is terminated however busy it is
 * and the result is `hung`; past `maxOldGenerationSizeMb` of heap it dies (`threw`), not the test process.
 */
export async function isolated<D, R>(
  scenario: (context: IsolatedContext<D>) => Promise<R>,
  data: D,
  {
    deadlineMs = 4000,
    maxOldGenerationSizeMb = 512,
    onCheckpoint = async () => undefined,
  }: { deadlineMs?: number; maxOldGenerationSizeMb?: number; onCheckpoint?: (value: unknown) => Promise<void> } = {},
): Promise<IsolatedResult<R>> {
  const { bundle, worker: file } = await sdkBundle();
  const worker = new Worker(file, {
    workerData: { bundle, source: scenario.toString(), data },
    resourceLimits: { maxOldGenerationSizeMb },
    stdout: true,
    stderr: true,
  });
  running.add(worker);
  const started = Date.now();
  try {
    return await new Promise<IsolatedResult<R>>((resolve) => {
      const timer = setTimeout(() => resolve({ outcome: 'hung', afterMs: Date.now() - started }), deadlineMs);
      worker.on('message', (message: IsolatedResult<R> | { checkpoint: unknown }) => {
        if ('checkpoint' in message) {
          void onCheckpoint(message.checkpoint).finally(() => worker.postMessage('continue'));
          return;
        }
        clearTimeout(timer);
        resolve(message);
      });
      worker.once('error', (error) => {
        clearTimeout(timer);
        resolve({ outcome: 'threw', error: String(error) });
      });
      worker.once('exit', (code) => {
        clearTimeout(timer);
        resolve({ outcome: 'threw', error: `the worker exited with code ${code} before answering` });
      });
    });
  } finally {
    running.delete(worker);
    await worker.terminate();
  }
}

/** Terminates any worker still running and removes the bundle; for `afterAll`. */
export async function disposeIsolation(): Promise<void> {
  await Promise.all([...running].map((w) => w.terminate()));
  running.clear();
  if (bundleDir) await rm(bundleDir, { recursive: true, force: true });
  bundleDir = undefined;
  bundled = undefined;
}

/** The value a scenario returned; fails the test with a readable reason when it threw or hung. */
export function returned<R>(result: IsolatedResult<R>): R {
  if (result.outcome === 'returned') return result.value;
  throw new Error(
    result.outcome === 'hung'
      ? `the SDK call did not end: the worker was still busy after ${result.afterMs} ms and was terminated`
      : `the scenario failed in its worker: ${result.error}`,
  );
}

// ---------------------------------------------------------------------------------------------
// Process-level events

/**
 * Collects 'unhandledRejection' events until the returned `stop()` is called. Vitest's own
 * listeners are set aside meanwhile (and restored by stop()), so an unhandled rejection fails the
 * test that caused it instead of the whole run.
 */
export function catchUnhandledRejections(): { reasons: unknown[]; stop: () => void } {
  const reasons: unknown[] = [];
  const previous = process.listeners('unhandledRejection');
  process.removeAllListeners('unhandledRejection');
  const listener = (reason: unknown) => reasons.push(reason);
  process.on('unhandledRejection', listener);
  return {
    reasons,
    stop: () => {
      process.off('unhandledRejection', listener);
      for (const l of previous) process.on('unhandledRejection', l);
    },
  };
}

/** Collects process warnings of the given name until `stop()`. */
export function catchWarnings(name: string): { warnings: Error[]; stop: () => void } {
  const warnings: Error[] = [];
  const listener = (warning: Error) => {
    if (warning.name === name) warnings.push(warning);
  };
  process.on('warning', listener);
  return { warnings, stop: () => process.off('warning', listener) };
}

/** What a promise did within `ms`: its value, its rejection, or still pending. */
export async function settleWithin<T>(
  promise: Promise<T>,
  ms: number,
): Promise<{ state: 'resolved'; value: T } | { state: 'rejected'; error: unknown } | { state: 'pending' }> {
  let timer: NodeJS.Timeout | undefined;
  const pending = new Promise<{ state: 'pending' }>((resolve) => (timer = setTimeout(() => resolve({ state: 'pending' }), ms)));
  try {
    return await Promise.race([
      promise.then(
        (value) => ({ state: 'resolved' as const, value }),
        (error: unknown) => ({ state: 'rejected' as const, error }),
      ),
      pending,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
