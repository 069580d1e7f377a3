/**
 * One HTTP exchange with the server, through a generated SDK function: credentials and headers
 * attached, timeout and abort applied to the whole exchange (body included), and every outcome
 * turned into either the parsed JSON body or a typed error.
 */
import type { Client } from '../generated/client/index.js';
import {
  apiErrorFor,
  WaldurAbortError,
  WaldurApiError,
  WaldurAuthenticationError,
  WaldurError,
  WaldurInputError,
  WaldurNetworkError,
  WaldurResponseError,
  WaldurTimeoutError,
} from './errors.js';
import type { RequestInfo } from './errors.js';
import { isIdempotent, isRetryable, parseRetryAfter, retryDelay, sleep } from './retry.js';
import { describe } from './uuid.js';

/** The token, or a function asked for it before every request (for rotating or short-lived tokens). */
export type TokenSource = string | (() => string | Promise<string>);

/** Options every method takes as its last argument. */
export interface RequestOptions {
  /** Aborts the operation, backoff waits included: it then rejects with a `WaldurAbortError`. */
  signal?: AbortSignal;
  /** Milliseconds one attempt (until its body is read) may take; overrides the client's. */
  timeoutMs?: number;
  /** Extra request headers; they add to the client's. `Authorization` is set from the token only. */
  headers?: Record<string, string>;
  /** Retries of a failed GET, HEAD, PUT or DELETE (0 to 10); overrides the client's. POST and PATCH are never retried. */
  maxRetries?: number;
}

/** An attempt about to be sent, as the `onRequest` hook sees it. */
export interface RequestEvent {
  /** HTTP method. */
  method: string;
  /** Request URL (it never carries the token). */
  url: string;
  /** 1 for the first attempt, 2 for the first retry, … */
  attempt: number;
}

/** An attempt that ended, as the `onResponse` hook sees it. */
export interface ResponseEvent extends RequestEvent {
  /** HTTP status, or `null` when no answer came (network error, timeout, abort). */
  status: number | null;
  /** Milliseconds from sending to the end of the body (or the failure). */
  durationMs: number;
  /** The failure of this attempt, if it failed. */
  error?: WaldurError;
  /** Milliseconds until the next attempt, when the SDK will retry. */
  retryInMs?: number;
}

/** Observability hooks of a client. Nothing is logged by default; errors thrown by a hook are ignored. */
export interface Hooks {
  /** Called before each attempt. */
  onRequest?: (event: RequestEvent) => void;
  /** Called after each attempt, with its outcome. */
  onResponse?: (event: ResponseEvent) => void;
}

/** What a transport needs to know about its client; fixed when the client is created. */
export interface TransportSettings {
  /** The generated ky client of this Waldur client (never shared between clients). */
  client: Client;
  /** Normalized base URL, without a trailing slash. */
  baseUrl: string;
  token: TokenSource;
  tokenType: 'Token' | 'Bearer';
  headers: Record<string, string>;
  timeoutMs: number;
  maxRetries: number;
  /** First backoff in milliseconds (doubled on each retry, with jitter). */
  retryBackoffMs: number;
  hooks: Hooks;
}

/** What an exchange gives the generated function it runs. */
export interface CallOptions {
  client: Client;
  headers: Record<string, string>;
  signal: AbortSignal;
  parseAs: 'text';
  throwOnError: false;
}

/** A generated SDK function's answer with `throwOnError: false`, seen loosely. */
export interface CallResult {
  data?: unknown;
  error?: unknown;
  response?: Response;
}

/** The answer of a successful exchange. */
export interface Answer {
  /** The parsed JSON body; `undefined` for an empty body (204, HEAD). */
  body: unknown;
  response: Response;
  request: RequestInfo;
}

/** The largest timeout timers support (about 24.8 days). */
const MAX_TIMEOUT_MS = 2_147_483_647;

/** Checks a timeout option: a whole number of milliseconds from 1 up to about 24 days. */
export function checkTimeout(value: unknown, field: string): number {
  if (!Number.isSafeInteger(value) || (value as number) < 1 || (value as number) > MAX_TIMEOUT_MS) {
    throw new WaldurInputError(field, `expected whole milliseconds from 1 to ${MAX_TIMEOUT_MS}, got ${describe(value)}`);
  }
  return value as number;
}

/** Checks a retry count: a whole number from 0 to 10. */
export function checkMaxRetries(value: unknown, field: string): number {
  if (!Number.isSafeInteger(value) || (value as number) < 0 || (value as number) > 10) {
    throw new WaldurInputError(field, `expected a whole number from 0 to 10, got ${describe(value)}`);
  }
  return value as number;
}

/** Checks extra headers: string values, and no `Authorization` (the token has its own option). */
export function checkHeaders(value: unknown, field: string): Record<string, string> {
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new WaldurInputError(field, `expected an object of header names to strings, got ${describe(value)}`);
  }
  const out: Record<string, string> = {};
  for (const [name, v] of Object.entries(value)) {
    if (name.toLowerCase() === 'authorization') {
      throw new WaldurInputError(`${field}.${name}`, 'is set from the `token` option; do not pass it as a header');
    }
    // A header value is a ByteString without control characters (tab allowed): anything else
    // would make fetch throw before sending, which is the caller's error, not the network's.
    if (typeof v !== 'string' || !/^[\t\x20-\x7e\x80-\xff]*$/.test(v) || !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) {
      throw new WaldurInputError(`${field}.${name}`, 'expected a valid header name and a value of visible Latin-1 characters on one line');
    }
    out[name] = v;
  }
  return out;
}

/** Checks request options; unknown options are an error, so a misspelt `signal` is not silently ignored. */
export function checkRequestOptions(value: unknown): RequestOptions {
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new WaldurInputError('options', `expected an object, got ${describe(value)}`);
  }
  const options = value as Record<string, unknown>;
  for (const key of Object.keys(options)) {
    if (!['signal', 'timeoutMs', 'headers', 'maxRetries'].includes(key)) throw new WaldurInputError(`options.${key}`, 'is not a request option');
  }
  if (options.signal !== undefined && !isAbortSignal(options.signal)) {
    throw new WaldurInputError('options.signal', `expected an AbortSignal, got ${describe(options.signal)}`);
  }
  return {
    signal: options.signal as AbortSignal | undefined,
    timeoutMs: options.timeoutMs === undefined ? undefined : checkTimeout(options.timeoutMs, 'options.timeoutMs'),
    headers: checkHeaders(options.headers, 'options.headers'),
    maxRetries: options.maxRetries === undefined ? undefined : checkMaxRetries(options.maxRetries, 'options.maxRetries'),
  };
}

function isAbortSignal(value: unknown): value is AbortSignal {
  return typeof value === 'object' && value !== null && 'aborted' in value && typeof (value as AbortSignal).addEventListener === 'function';
}

/**
 * Runs one exchange, retrying what is safe to retry. `request` names it for errors and hooks
 * (method and URL, never a secret); `run` calls the generated SDK function with the options it
 * is given. The token is asked for before every attempt, so a rotated token is used at once.
 */
export async function exchange(
  settings: TransportSettings,
  request: RequestInfo,
  options: RequestOptions,
  run: (call: CallOptions) => Promise<CallResult>,
  /** Says whether a failure of a retry (attempt 2 or later) means the operation had succeeded. */
  doneAfterRetry?: (error: WaldurError) => boolean,
): Promise<Answer> {
  const maxRetries = options.maxRetries ?? settings.maxRetries;
  const what = `${request.method} ${request.url}`;
  let refreshedToken = false;
  for (let attempt = 1; ; attempt++) {
    if (options.signal?.aborted) throw new WaldurAbortError(what, options.signal.reason);
    const authorization = await authorizationHeader(settings);
    call(settings.hooks.onRequest, { ...request, attempt });
    const started = Date.now();
    try {
      const answer = await attemptOnce(settings, request, options, authorization, run);
      call(settings.hooks.onResponse, { ...request, attempt, status: answer.response.status, durationMs: Date.now() - started });
      return answer;
    } catch (thrown) {
      const error = thrown as WaldurError;
      if (attempt > 1 && doneAfterRetry?.(error)) {
        call(settings.hooks.onResponse, { ...request, attempt, status: statusOf(error), durationMs: Date.now() - started, error });
        return { body: undefined, response: new Response(null, { status: 204 }), request };
      }
      let retryInMs: number | undefined;
      if (attempt <= maxRetries && isRetryable(request.method, error)) {
        retryInMs = retryDelay(error, attempt, settings.retryBackoffMs);
      } else if (
        // A 401 is tried again only with a different token: once, when the provider has rotated it.
        error instanceof WaldurAuthenticationError && !refreshedToken && typeof settings.token === 'function' && isIdempotent(request.method)
      ) {
        refreshedToken = true;
        if ((await authorizationHeader(settings)) !== authorization) retryInMs = 0;
      }
      call(settings.hooks.onResponse, {
        ...request,
        attempt,
        status: statusOf(error),
        durationMs: Date.now() - started,
        error,
        ...(retryInMs === undefined ? {} : { retryInMs }),
      });
      if (retryInMs === undefined) throw error;
      await sleep(retryInMs, options.signal, what);
    }
  }
}

/** The HTTP status a failure came with, `null` when no answer came. */
function statusOf(error: WaldurError): number | null {
  return error instanceof WaldurApiError || error instanceof WaldurResponseError ? error.status : null;
}

/** Calls a hook; a hook that throws must not break a request that moves money. */
function call<E>(hook: ((event: E) => void) | undefined, event: E): void {
  try {
    hook?.(event);
  } catch {
    // ignored, as documented on Hooks
  }
}

/** One attempt: the timeout and the caller's signal cover it until its body is read. */
async function attemptOnce(
  settings: TransportSettings,
  request: RequestInfo,
  options: RequestOptions,
  authorization: string,
  run: (call: CallOptions) => Promise<CallResult>,
): Promise<Answer> {
  const userSignal = options.signal;
  const timeoutMs = options.timeoutMs ?? settings.timeoutMs;
  // One controller per attempt: the timeout and the caller's abort cancel this attempt's request
  // and body, so a timed-out attempt never keeps its connection while the next one runs.
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new Error(`timed out after ${timeoutMs} ms`));
  }, timeoutMs);
  const onAbort = () => controller.abort(userSignal?.reason);
  userSignal?.addEventListener('abort', onAbort, { once: true });
  try {
    let result: CallResult;
    try {
      // The race also ends the attempt where fetch ignores the signal (a custom fetch, a mocked body).
      result = await Promise.race([
        run({
          client: settings.client,
          headers: { ...settings.headers, ...options.headers, Authorization: authorization },
          signal: controller.signal,
          parseAs: 'text',
          throwOnError: false,
        }),
        rejectOnAbort(controller.signal),
      ]);
    } catch (error) {
      throw classifyThrown(error, request, { timedOut, timeoutMs, userSignal });
    }
    return readAnswer(result, request);
  } finally {
    clearTimeout(timer);
    userSignal?.removeEventListener('abort', onAbort);
  }
}

function rejectOnAbort(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}

async function authorizationHeader(settings: TransportSettings): Promise<string> {
  let token: unknown;
  try {
    token = typeof settings.token === 'function' ? await settings.token() : settings.token;
  } catch (error) {
    throw new WaldurError(`the token provider failed: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
  // Described by type and length only: the message must never show the token.
  if (typeof token !== 'string' || !/^[\x21-\x7e]+$/.test(token)) {
    throw new WaldurInputError(
      'token',
      typeof token === 'string'
        ? `must be a non-empty string of visible ASCII characters (got ${token.length} characters that are not)`
        : `expected a string, got ${token === null ? 'null' : typeof token}`,
    );
  }
  return `${settings.tokenType} ${token}`;
}

function classifyThrown(
  error: unknown,
  request: RequestInfo,
  state: { timedOut: boolean; timeoutMs: number; userSignal: AbortSignal | undefined },
): WaldurError {
  if (error instanceof WaldurError) return error;
  if (state.timedOut) return new WaldurTimeoutError(request, state.timeoutMs);
  if (state.userSignal?.aborted) return new WaldurAbortError(`${request.method} ${request.url}`, state.userSignal.reason);
  // Anything else fetch throws (TypeError "fetch failed", a reset body stream, CORS) is the network's.
  return new WaldurNetworkError(request, error instanceof Error ? error : new Error(String(error)));
}

function readAnswer(result: CallResult, request: RequestInfo): Answer {
  const { response } = result;
  if (!response) throw new WaldurResponseError(request, 0, 'no response');
  if (response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400)) {
    const location = response.headers.get('Location');
    throw new WaldurResponseError(
      request,
      response.status,
      `the server redirected${location ? ` to ${location}` : ''}; redirects are not followed, so the token only ever goes to baseUrl. Set baseUrl to the address the API answers at.`,
    );
  }
  if (!response.ok) {
    throw apiErrorFor(response.status, result.error, request, response.statusText, parseRetryAfter(response.headers.get('Retry-After')));
  }
  const text = typeof result.data === 'string' ? result.data : '';
  if (text === '') return { body: undefined, response, request };
  try {
    return { body: JSON.parse(text), response, request };
  } catch (error) {
    const type = response.headers.get('Content-Type') ?? 'no Content-Type';
    throw new WaldurResponseError(request, response.status, `the body is not valid JSON (${type}, ${text.length} characters)`, error);
  }
}
