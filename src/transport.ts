/**
 * One HTTP exchange with the server, through a generated SDK function: credentials and headers
 * attached, timeout and abort applied to the whole exchange (body included), and every outcome
 * turned into either the parsed JSON body or a typed error.
 */
import type { Client } from '../generated/client/index.js';
import {
  apiErrorFor,
  WaldurAbortError,
  WaldurError,
  WaldurInputError,
  WaldurNetworkError,
  WaldurResponseError,
  WaldurTimeoutError,
} from './errors.js';
import type { RequestInfo } from './errors.js';
import { describe } from './uuid.js';

/** The token, or a function asked for it before every request (for rotating or short-lived tokens). */
export type TokenSource = string | (() => string | Promise<string>);

/** Options every method takes as its last argument. */
export interface RequestOptions {
  /** Aborts the operation: it then rejects with a `WaldurAbortError`. */
  signal?: AbortSignal;
  /** Milliseconds the whole exchange (until the body is read) may take; overrides the client's. */
  timeoutMs?: number;
  /** Extra request headers; they add to the client's. `Authorization` is set from the token only. */
  headers?: Record<string, string>;
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
    if (typeof v !== 'string' || /[\r\n\0]/.test(v) || !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) {
      throw new WaldurInputError(`${field}.${name}`, 'expected a valid header name with a single-line string value');
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
    if (!['signal', 'timeoutMs', 'headers'].includes(key)) throw new WaldurInputError(`options.${key}`, 'is not a request option');
  }
  if (options.signal !== undefined && !isAbortSignal(options.signal)) {
    throw new WaldurInputError('options.signal', `expected an AbortSignal, got ${describe(options.signal)}`);
  }
  return {
    signal: options.signal as AbortSignal | undefined,
    timeoutMs: options.timeoutMs === undefined ? undefined : checkTimeout(options.timeoutMs, 'options.timeoutMs'),
    headers: checkHeaders(options.headers, 'options.headers'),
  };
}

function isAbortSignal(value: unknown): value is AbortSignal {
  return typeof value === 'object' && value !== null && 'aborted' in value && typeof (value as AbortSignal).addEventListener === 'function';
}

/**
 * Runs one exchange. `request` names it for errors (method and URL, never a secret); `run` calls
 * the generated SDK function with the options it is given.
 */
export async function exchange(
  settings: TransportSettings,
  request: RequestInfo,
  options: RequestOptions,
  run: (call: CallOptions) => Promise<CallResult>,
): Promise<Answer> {
  const userSignal = options.signal;
  if (userSignal?.aborted) throw new WaldurAbortError(`${request.method} ${request.url}`, userSignal.reason);
  const authorization = await authorizationHeader(settings);

  const timeoutMs = options.timeoutMs ?? settings.timeoutMs;
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
      // The race ends the exchange when the signal fires even where the body does not listen
      // to it (a custom fetch, a mocked body): a stalled body cannot outlive its timeout.
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
  if (isZodError(error)) {
    // The generated request validator holds the OpenAPI document's rules; src/ checks first, so
    // this is a second net, not the first line.
    const issue = error.issues[0];
    const field = issue?.path.filter((p) => p !== 'body' && p !== 'query' && p !== 'path').join('.') || 'input';
    return new WaldurInputError(field, `refused by the API document: ${issue?.message ?? 'invalid'}`);
  }
  if (error instanceof TypeError || (error instanceof Error && /fetch|network|socket|ECONN/i.test(`${error.name} ${error.message}`))) {
    return new WaldurNetworkError(request, error);
  }
  return new WaldurNetworkError(request, error instanceof Error ? error : new Error(String(error)));
}

function isZodError(error: unknown): error is { issues: { path: PropertyKey[]; message: string }[] } {
  return error instanceof Error && Array.isArray((error as { issues?: unknown }).issues) && /ZodError/.test(error.name);
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
  if (!response.ok) throw apiErrorFor(response.status, result.error, request, response.statusText);
  const text = typeof result.data === 'string' ? result.data : '';
  if (text === '') return { body: undefined, response, request };
  try {
    return { body: JSON.parse(text), response, request };
  } catch (error) {
    const type = response.headers.get('Content-Type') ?? 'no Content-Type';
    throw new WaldurResponseError(request, response.status, `the body is not valid JSON (${type}, ${text.length} characters)`, error);
  }
}
