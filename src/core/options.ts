/**
 * The options of a client and of a request, as a caller gives them: their types, their checks (a
 * bad option is a {@link WaldurInputError} naming it, before anything is sent), and the settings a
 * client resolves them to.
 */
import { describe } from './describe.js';
import { WaldurInputError } from './errors.js';
import type { WaldurError } from './errors.js';
import { MAX_CONCURRENCY } from './paging/sizes.js';

/**
 * The token, or a function asked for it before every request (for rotating or short-lived tokens).
 * The key alone: visible ASCII without spaces, no `Token `/`Bearer ` prefix (that is `tokenType`),
 * no trailing newline; anything else is refused with a {@link WaldurInputError} naming the mistake.
 *
 * @group Client
 */
export type TokenSource = string | (() => string | Promise<string>);

/**
 * Options every method takes as its last argument.
 *
 * @group Client
 */
export interface RequestOptions {
  /** Aborts the operation, backoff waits included: it then rejects with a `WaldurAbortError`. */
  signal?: AbortSignal | undefined;
  /** Milliseconds one attempt (until its body is read) may take; overrides the client's. */
  timeoutMs?: number | undefined;
  /** Extra request headers; they add to the client's. `Authorization` is set from the token only. */
  headers?: Record<string, string> | undefined;
  /**
   * Retries of a failed request (0 to 10); overrides the client's. GET, HEAD, PUT and DELETE are
   * retried after any transient failure; POST and PATCH only after a 429 (never processed).
   */
  maxRetries?: number | undefined;
  /** The most bytes a response body may have once decoded; overrides the client's. Over it: `WaldurResponseError`. */
  maxResponseBytes?: number | undefined;
}

/**
 * An attempt about to be sent, as the `onRequest` hook sees it.
 *
 * @group Client
 */
export interface RequestEvent {
  /** HTTP method. */
  method: string;
  /** Request URL (it never carries the token). */
  url: string;
  /** 1 for the first attempt, 2 for the first retry, … */
  attempt: number;
}

/**
 * An attempt that ended, as the `onResponse` hook sees it.
 *
 * @group Client
 */
export interface ResponseEvent extends RequestEvent {
  /** HTTP status, or `null` when no answer came (network error, timeout, abort). */
  status: number | null;
  /** Milliseconds from sending to the end of the body (or the failure). */
  durationMs: number;
  /** The failure of this attempt, if it failed. */
  error?: WaldurError;
  /**
   * Milliseconds until the next attempt, when the SDK will retry. After a 401 with a token
   * function it is 0: the next attempt asks the function again and goes ahead only with a new token.
   */
  retryInMs?: number;
}

/**
 * Observability hooks of a client. Nothing is logged by default. A hook is called synchronously
 * and not awaited; what it throws, and the rejection of the promise it returns, are ignored: the
 * request goes on as if it had returned.
 *
 * @group Client
 */
export interface Hooks {
  /** Called before each attempt. */
  onRequest?: (event: RequestEvent) => void;
  /** Called after each attempt, with its outcome. */
  onResponse?: (event: ResponseEvent) => void;
}

/** What a transport needs to know about its client; fixed when the client is created. */
export interface TransportSettings {
  /** Normalized base URL, without a trailing slash. */
  baseUrl: string;
  token: TokenSource;
  tokenType: 'Token' | 'Bearer';
  headers: Record<string, string>;
  timeoutMs: number;
  maxRetries: number;
  /** First backoff in milliseconds (doubled on each retry, with jitter). */
  retryBackoffMs: number;
  /** The most bytes a response body may have, decoded. */
  maxResponseBytes: number;
  /** The caller's `fetch`; the global one (looked up at each request) when absent. */
  fetch: typeof fetch | undefined;
  hooks: Hooks;
}

/** The largest timeout timers support (about 24.8 days). */
const MAX_TIMEOUT_MS = 2_147_483_647;

/** The whole-number options of a client, a request and a walk: the least and the most each may be, and what it counts. */
const WHOLE_NUMBERS = {
  timeoutMs: [1, MAX_TIMEOUT_MS, ' of milliseconds'],
  retryBackoffMs: [1, MAX_TIMEOUT_MS, ' of milliseconds'],
  maxRetries: [0, 10, ''],
  maxResponseBytes: [1, Infinity, ' of bytes'],
  concurrency: [1, MAX_CONCURRENCY, ''],
  limit: [0, Infinity, ''],
} as const satisfies Readonly<Record<string, readonly [least: number, most: number, unit: string]>>;

/** The defaults of a client's whole-number options. */
export const DEFAULTS = { timeoutMs: 30_000, maxRetries: 2, retryBackoffMs: 500, maxResponseBytes: 32 * 1024 * 1024 } as const;

/**
 * Checks option `name` of a client or a request (named `options.<name>` in the error): `headers`
 * and `signal` as they must be, the others as whole numbers within their limits.
 */
export function checkOption(name: 'headers' | 'signal' | keyof typeof WHOLE_NUMBERS, value: unknown): unknown {
  const field = `options.${name}`;
  if (name === 'headers') return checkHeaders(value, field);
  if (name === 'signal') {
    if (isAbortSignal(value)) return value;
    throw new WaldurInputError(field, `expected an AbortSignal, got ${describe(value)}`);
  }
  const [least, most, unit] = WHOLE_NUMBERS[name];
  if (Number.isSafeInteger(value) && (value as number) >= least && (value as number) <= most) return value;
  throw new WaldurInputError(
    field,
    `expected a whole number${unit} ${most < Infinity ? `from ${least} to ${most}` : `of at least ${least}`}, got ${describe(value)}`,
  );
}

/** Checks that option `name`, when given, is a function (a hook, a callback, a `fetch`). */
export function checkFunction(name: string, value: unknown): void {
  if (value !== undefined && typeof value !== 'function')
    throw new WaldurInputError(`options.${name}`, `expected a function, got ${describe(value)}`);
}

/** Checks extra headers: string values, and no `Authorization` (the token has its own option). */
function checkHeaders(value: unknown, field: string): Record<string, string> {
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new WaldurInputError(field, `expected an object of header names to strings, got ${describe(value)}`);
  }
  const out: Record<string, string> = {};
  for (const [name, v] of Object.entries(value)) {
    if (name.toLowerCase() === 'authorization') {
      throw new WaldurInputError(`${field}.${name}`, 'comes from the `token` option, not from headers');
    }
    // A header value is a ByteString without control characters (tab allowed): anything else
    // would make fetch throw before sending, which is the caller's error, not the network's.
    if (typeof v !== 'string' || !/^[\t\x20-\x7e\x80-\xff]*$/.test(v) || !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) {
      throw new WaldurInputError(`${field}.${name}`, 'expected a header name and a one-line value of visible Latin-1 characters');
    }
    out[name] = v;
  }
  return out;
}

const REQUEST_OPTIONS: ReadonlySet<string> = new Set(['signal', 'timeoutMs', 'headers', 'maxRetries', 'maxResponseBytes']);

/** Checks request options; unknown options are an error, so a misspelt `signal` is not silently ignored. */
export function checkRequestOptions(value: unknown): RequestOptions {
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new WaldurInputError('options', `expected an object, got ${describe(value)}`);
  }
  const options = value as Record<string, unknown>;
  for (const key of Object.keys(options)) {
    if (!REQUEST_OPTIONS.has(key)) throw new WaldurInputError(`options.${key}`, 'is not a request option');
  }
  const checked: Record<string, unknown> = {};
  // Each key is a request option (checked above).
  for (const key of Object.keys(options) as (keyof RequestOptions)[]) if (options[key] !== undefined) checked[key] = checkOption(key, options[key]);
  return checked;
}

function isAbortSignal(value: unknown): value is AbortSignal {
  return typeof value === 'object' && value !== null && 'aborted' in value && typeof (value as AbortSignal).addEventListener === 'function';
}
