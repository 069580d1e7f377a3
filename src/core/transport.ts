/**
 * One HTTP exchange with the server, sent through ky: credentials and headers attached, timeout
 * and abort applied to the whole exchange (body included), and every outcome turned into either
 * the parsed JSON body or a typed error.
 */
import ky from 'ky';
import { anySignal } from './abort.js';
import {
  apiErrorFor,
  clip,
  redact,
  redactJson,
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
import { notify } from './callbacks.js';
import { describe } from './uuid.js';

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

/** One request to send: what errors and hooks name it by, and its JSON body. */
export interface Outgoing extends RequestInfo {
  /** The JSON body (POST, PUT, PATCH). */
  body?: unknown;
}

/** The answer of a successful exchange. */
export interface Answer {
  /** The parsed JSON body; `undefined` for an empty body (204, HEAD). */
  body: unknown;
  response: Response;
  request: RequestInfo;
  /** Cuts the token of this exchange out of a text (for an error that quotes the body). */
  redact: (text: string) => string;
}

/** The largest timeout timers support (about 24.8 days). */
const MAX_TIMEOUT_MS = 2_147_483_647;
/** The default of `maxResponseBytes`: 32 MiB, about 60,000 credits of a real server. */
export const DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

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

/** Checks a response size limit: a whole number of bytes, at least 1. */
export function checkMaxResponseBytes(value: unknown, field: string): number {
  if (!Number.isSafeInteger(value) || (value as number) < 1) {
    throw new WaldurInputError(field, `expected a whole number of bytes of at least 1, got ${describe(value)}`);
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
  if (options.signal !== undefined && !isAbortSignal(options.signal)) {
    throw new WaldurInputError('options.signal', `expected an AbortSignal, got ${describe(options.signal)}`);
  }
  const checked: RequestOptions = {};
  if (options.signal !== undefined) checked.signal = options.signal as AbortSignal;
  if (options.timeoutMs !== undefined) checked.timeoutMs = checkTimeout(options.timeoutMs, 'options.timeoutMs');
  if (options.headers !== undefined) checked.headers = checkHeaders(options.headers, 'options.headers');
  if (options.maxRetries !== undefined) checked.maxRetries = checkMaxRetries(options.maxRetries, 'options.maxRetries');
  if (options.maxResponseBytes !== undefined) checked.maxResponseBytes = checkMaxResponseBytes(options.maxResponseBytes, 'options.maxResponseBytes');
  return checked;
}

function isAbortSignal(value: unknown): value is AbortSignal {
  return typeof value === 'object' && value !== null && 'aborted' in value && typeof (value as AbortSignal).addEventListener === 'function';
}

/**
 * Runs one exchange, retrying what is safe to retry. `request` says what to send (method, URL,
 * body) and names it for errors and hooks, never with a secret. The token is asked for in every
 * attempt, so a rotated token is used at once.
 */
export async function exchange(
  settings: TransportSettings,
  request: Outgoing,
  options: RequestOptions,
  /**
   * Says whether a failure of a retry means the operation had succeeded, given that an earlier
   * attempt may have reached the server (DELETE: a 404 after a lost answer).
   */
  doneAfterRetry?: (error: WaldurError) => boolean,
  /** Told each successful answer's response as soon as its headers arrive, before the body is read. */
  onHeaders?: (response: Response) => void,
): Promise<Answer> {
  const maxRetries = options.maxRetries ?? settings.maxRetries;
  // One signal of this call's own follows the caller's: listeners go on it, never on the
  // caller's signal, which may be shared by any number of calls.
  const signal = options.signal ? anySignal([options.signal]) : undefined;
  /** After a 401 with a token function: the rejected header, and the 401 to answer if the token stays the same. */
  let rejected: { authorization: string; error: WaldurError } | undefined;
  let mayHaveActed = false;
  for (let attempt = 1; ; attempt++) {
    if (signal?.aborted) throw new WaldurAbortError(`${request.method} ${request.url}`, signal.reason);
    const started = Date.now();
    const { onResponse } = settings.hooks;
    const report = (status: number | null, error?: WaldurError, retryInMs?: number) => {
      if (!onResponse) return;
      notify(onResponse, {
        method: request.method,
        url: request.url,
        attempt,
        status,
        durationMs: Date.now() - started,
        ...(error === undefined ? {} : { error }),
        ...(retryInMs === undefined ? {} : { retryInMs }),
      });
    };
    let authorization: string | undefined;
    try {
      const answer = await attemptOnce(settings, request, options, signal, attempt, rejected?.authorization, (sent) => {
        authorization = sent;
      }, onHeaders);
      report(answer.response.status);
      return answer;
    } catch (thrown) {
      const error = thrown as WaldurError;
      if (mayHaveActed && doneAfterRetry?.(error)) {
        report(statusOf(error), error);
        return { body: undefined, response: new Response(null, { status: 204 }), request, redact: (text) => text };
      }
      if (mayHaveReachedServer(error)) mayHaveActed = true;
      let retryInMs: number | undefined;
      if (attempt <= maxRetries && isRetryable(request.method, error)) {
        retryInMs = retryDelay(error, attempt, settings.retryBackoffMs);
      } else if (
        // A 401 is tried again only with a different token: once, when the provider has rotated it.
        error instanceof WaldurAuthenticationError && rejected === undefined && authorization !== undefined &&
        typeof settings.token === 'function' && isIdempotent(request.method)
      ) {
        rejected = { authorization, error };
        retryInMs = 0;
      } else if (error instanceof StaleToken && rejected) {
        throw rejected.error;
      }
      report(statusOf(error), error, retryInMs);
      if (retryInMs === undefined) throw error;
      await sleep(retryInMs, signal, `${request.method} ${request.url}`);
    }
  }
}

/** The attempt after a 401 found the token provider still answering the rejected token: the 401 stands. */
class StaleToken extends WaldurError {}

/** The HTTP status a failure came with, `null` when no answer came. */
function statusOf(error: WaldurError): number | null {
  return error instanceof WaldurApiError || error instanceof WaldurResponseError ? error.status : null;
}

/** Error codes of a connection that was never made: the request cannot have reached the server. */
const NOT_SENT_CODES: ReadonlySet<string> = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT']);

/**
 * Whether the server may have acted on a request that failed with `error`: it timed out or lost
 * its connection after it may have been sent, or a gateway gave up waiting for the server
 * (502, 504). A 429, a 503 or a refused connection mean the server did not act.
 */
function mayHaveReachedServer(error: WaldurError): boolean {
  if (error instanceof WaldurTimeoutError) return true;
  if (error instanceof WaldurNetworkError) {
    for (let cause: unknown = error.cause, depth = 0; cause instanceof Error && depth < 5; cause = cause.cause, depth++) {
      const code = (cause as { code?: unknown }).code;
      if (typeof code === 'string' && NOT_SENT_CODES.has(code)) return false;
    }
    return true;
  }
  return error instanceof WaldurApiError && (error.status === 502 || error.status === 504);
}

/**
 * One attempt. Its timeout and the caller's signal cover everything in it: asking for the token,
 * sending, and reading the body. Ending it ends the request itself: the attempt's own signal is
 * given to `fetch` (not a clone's, whose link undici keeps only weakly), and the body is cancelled.
 */
async function attemptOnce(
  settings: TransportSettings,
  request: Outgoing,
  options: RequestOptions,
  callSignal: AbortSignal | undefined,
  attempt: number,
  rejectedToken: string | undefined,
  onAuthorization: (authorization: string) => void,
  onHeaders: ((response: Response) => void) | undefined,
): Promise<Answer> {
  const timeoutMs = options.timeoutMs ?? settings.timeoutMs;
  const maxBytes = options.maxResponseBytes ?? settings.maxResponseBytes;
  // The attempt's own controller: its signal goes to fetch; the timeout and the caller's abort
  // stop it, reject `ended` (which everything awaited below races, so the attempt ends on time
  // even when a token provider, a custom fetch or a mocked body ignore the signal) and cancel
  // the body, which closes the connection.
  const controller = new AbortController();
  const { signal } = controller;
  let body: ReadableStream<Uint8Array> | null = null;
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  let fail: (reason: unknown) => void = () => undefined;
  const ended = new Promise<never>((_, reject) => {
    fail = reject;
  });
  ended.catch(() => undefined);
  const stop = (reason: unknown) => {
    if (signal.aborted) return;
    controller.abort(reason);
    fail(reason);
    void (reader ?? body)?.cancel(reason).catch(() => undefined);
  };
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    stop(new Error(`timed out after ${timeoutMs} ms`));
  }, timeoutMs);
  // On the call's own signal (one listener at a time), never on the caller's.
  const onCallAbort = () => stop(callSignal?.reason);
  if (callSignal?.aborted) onCallAbort();
  else callSignal?.addEventListener('abort', onCallAbort, { once: true });
  let authorization = '';
  try {
    // A fixed token needs no waiting; a token function is raced like everything else.
    authorization = typeof settings.token === 'string' ? `${settings.tokenType} ${settings.token}` : await Promise.race([authorizationHeader(settings.token, settings.tokenType), ended]);
    onAuthorization(authorization);
    if (rejectedToken !== undefined && authorization === rejectedToken) {
      throw new StaleToken('the token provider answered the token the server just refused');
    }
    if (settings.hooks.onRequest) notify(settings.hooks.onRequest, { method: request.method, url: request.url, attempt });
    const headers: Record<string, string> = { ...settings.headers, ...options.headers, Authorization: authorization };
    if (request.body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await Promise.race([
      ky(request.url, {
        ...KY_OPTIONS,
        method: request.method,
        headers,
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        // The attempt's own signal goes to the real fetch, not through ky's clone of the request
        // (undici keeps a clone's abort link only weakly: after a GC the socket would stay open).
        fetch: async (input) => {
          const answer = await (settings.fetch ?? globalThis.fetch)(input, { signal });
          body = answer.body;
          if (signal.aborted) throw signal.reason;
          return answer;
        },
      }),
      ended,
    ]);
    body = response.body;
    if (response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400)) throw redirected(response, request, tokenOf(authorization));
    if (response.ok && onHeaders) onHeaders(response);
    const text = await Promise.race([
      readText(response, maxBytes, request, signal, (r) => {
        reader = r;
      }),
      ended,
    ]);
    const secret = tokenOf(authorization);
    if (!response.ok) throw apiError(response, text, request, secret);
    return { body: parseJson(text, response, request, secret), response, request, redact: (t) => redact(t, secret) };
  } catch (error) {
    // Ends whatever is still running of this attempt: the request, a late response, a body.
    stop(new Error('the attempt failed'));
    throw classifyThrown(error, request, { timedOut, timeoutMs, userSignal: callSignal, secret: tokenOf(authorization) });
  } finally {
    clearTimeout(timer);
    callSignal?.removeEventListener('abort', onCallAbort);
  }
}

/** What ky is told on every request: it only sends; retries, timeouts and redirects are decided here. */
const KY_OPTIONS = {
  timeout: false,
  retry: 0,
  // A redirect could carry the Authorization header to another origin: never follow one.
  redirect: 'manual',
  throwHttpErrors: false,
} as const;

/**
 * Reads a body as text, at most `maxBytes` bytes of it (decoded: a small gzip body can inflate to
 * gigabytes). Over the limit, the body is cancelled (the connection closes) and the read fails.
 */
async function readText(
  response: Response,
  maxBytes: number,
  request: RequestInfo,
  signal: AbortSignal,
  onReader?: (reader: ReadableStreamDefaultReader<Uint8Array>) => void,
): Promise<string> {
  if (!response.body) return '';
  const tooLarge = (size: string) =>
    new WaldurResponseError(request, response.status, `the body is larger than maxResponseBytes (${maxBytes} bytes): ${size}; the connection was closed`);
  const declared = response.headers.get('Content-Length');
  const encoded = (response.headers.get('Content-Encoding') ?? 'identity') !== 'identity';
  if (declared !== null && !encoded && Number(declared) > maxBytes) {
    void response.body.cancel().catch(() => undefined);
    throw tooLarge(`Content-Length is ${clip(declared, 20)}`);
  }
  const reader = response.body.getReader();
  onReader?.(reader);
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      void reader.cancel().catch(() => undefined);
      throw tooLarge(`more than ${maxBytes} bytes arrived`);
    }
    chunks.push(value);
  }
  // A cancelled read ends as if the body were complete: the signal says it was not.
  if (signal.aborted) throw signal.reason;
  if (chunks.length === 1) return DECODER.decode(chunks[0]);
  const all = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    all.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return DECODER.decode(all);
}

const DECODER = new TextDecoder();

/** The token of an `Authorization` header, without its scheme: what must be cut out of anything a server or a fetch echoes. */
function tokenOf(authorization: string): string {
  return authorization.slice(authorization.indexOf(' ') + 1);
}

/** Visible ASCII without spaces: what a token may be made of (checked for a fixed token when the client is made). */
const TOKEN_CHARACTERS = /^[\x21-\x7e]+$/;

const CHARACTER_NAMES: Readonly<Record<string, string>> = { ' ': 'a space', '\t': 'a tab', '\n': 'a newline', '\r': 'a carriage return' };

/** A character that cannot be in a token, by name and code point (`a newline (U+000A)`): nothing of the token itself. */
function characterName(character: string): string {
  const code = `U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
  const name = CHARACTER_NAMES[character];
  return name ? `${name} (${code})` : code;
}

/**
 * Why a string is not a token, or undefined when it is one: the actual mistake and what to do
 * about it (whitespace to trim, an `Authorization` scheme to drop in favour of `tokenType`, the
 * first character that cannot be in a token by position and code point). Never shows the token.
 */
export function tokenProblem(token: string, tokenType: 'Token' | 'Bearer'): string | undefined {
  if (TOKEN_CHARACTERS.test(token)) return undefined;
  const key = token.trim();
  if (!key) return token ? 'is only whitespace' : 'is empty';
  const problems: string[] = [];
  const start = token.indexOf(key);
  if (key !== token) {
    const trailing = start + key.length < token.length;
    problems.push(`${trailing ? 'ends' : 'starts'} with ${characterName(trailing ? token.at(-1)! : token[0]!)}: trim it`);
  }
  const scheme = /^(token|bearer)\s+/i.exec(key);
  if (scheme) {
    const type = scheme[1]!.length > 5 ? 'Bearer' : 'Token';
    problems.push(`starts with "${scheme[1]}": give the key alone${type === tokenType ? '' : ` and set tokenType: '${type}'`}`);
  }
  const offset = start + (scheme?.[0].length ?? 0);
  const bad = /[^\x21-\x7e]/u.exec(key.slice(offset - start));
  if (bad) problems.push(`character ${[...token.slice(0, offset + bad.index)].length + 1} is ${characterName(bad[0])}, not visible ASCII`);
  return problems.join('; ');
}

/** The `Authorization` header from a token function's answer, checked. */
async function authorizationHeader(provider: () => string | Promise<string>, tokenType: 'Token' | 'Bearer'): Promise<string> {
  let token: unknown;
  try {
    token = await provider();
  } catch (error) {
    throw new WaldurError(`the token provider failed: ${error instanceof Error ? clip(error.message, 500) : 'it threw a non-Error'}`, {
      cause: error,
    });
  }
  // Described by type, length and positions only: the message must never show the token.
  if (typeof token !== 'string') {
    throw new WaldurInputError('token', `the token provider answered ${token === null ? 'null' : typeof token}, not a string`);
  }
  const problem = tokenProblem(token, tokenType);
  if (problem !== undefined) throw new WaldurInputError('token', `the token provider's answer ${problem}`);
  return `${tokenType} ${token}`;
}

function classifyThrown(
  error: unknown,
  request: RequestInfo,
  state: { timedOut: boolean; timeoutMs: number; userSignal: AbortSignal | undefined; secret: string },
): WaldurError {
  if (error instanceof WaldurError) return error;
  if (state.timedOut) return new WaldurTimeoutError(request, state.timeoutMs);
  if (state.userSignal?.aborted) return new WaldurAbortError(`${request.method} ${request.url}`, state.userSignal.reason);
  // Anything else fetch throws (TypeError "fetch failed", a reset body stream, CORS) is the network's.
  return new WaldurNetworkError(request, error instanceof Error ? error : new Error(String(error)), state.secret);
}

/** The error of a redirect, which is never followed. Its `Location` may echo the token: cut out. */
function redirected(response: Response, request: RequestInfo, secret: string): WaldurResponseError {
  const header = response.headers.get('Location');
  const location = header === null ? null : redact(header, secret);
  return new WaldurResponseError(
    request,
    response.status,
    `the server redirected${location ? ` to ${clip(location, 200)}` : ''}; redirects are not followed, so the token only ever goes to baseUrl. Set baseUrl to the address the API answers at.`,
  );
}

/**
 * The typed error of an HTTP error status; the body as parsed JSON, or as text when it is not
 * JSON. The token is cut out of everything the server chose: the body after decoding (a JSON
 * string may spell it in `\uXXXX` escapes), its keys, and the status text.
 */
function apiError(response: Response, text: string, request: RequestInfo, secret: string): WaldurApiError {
  let body: unknown;
  try {
    body = text === '' ? undefined : redactJson(JSON.parse(text), secret);
  } catch {
    // kept as text (an HTML page from a proxy, say)
    body = redact(text, secret);
  }
  return apiErrorFor(response.status, body, request, redact(response.statusText, secret), parseRetryAfter(response.headers.get('Retry-After')));
}

function parseJson(text: string, response: Response, request: RequestInfo, secret: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    const type = redact(response.headers.get('Content-Type') ?? 'no Content-Type', secret);
    // JSON.parse quotes the start of the text it failed on, which may be the start of an echoed
    // token (a prefix escapes redaction): the excerpt is left out.
    const message = error instanceof Error ? error.message.replace(/"[\s\S]*"(\.\.\.)?/, '(the text)') : 'invalid JSON';
    const cause = new SyntaxError(redact(message, secret));
    throw new WaldurResponseError(request, response.status, `the body is not valid JSON (${clip(type, 100)}, ${text.length} characters)`, cause);
  }
}
