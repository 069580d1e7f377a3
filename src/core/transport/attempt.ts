/**
 * One attempt of an exchange, sent through ky: the token asked for, headers attached, the timeout
 * and the caller's abort applied to all of it (body included), and its outcome turned into the
 * parsed body or a typed error.
 */
import ky from 'ky';
import { onAbort } from '../abort.js';
import { notify } from '../callbacks.js';
import { clip } from '../describe.js';
import { WaldurAbortError, WaldurError, WaldurNetworkError, WaldurResponseError, WaldurTimeoutError } from '../errors.js';
import type { RequestInfo } from '../errors.js';
import type { RequestOptions, TransportSettings } from '../options.js';
import { redact } from '../redact.js';
import { authorizationHeader, tokenOf } from '../token.js';
import { apiError, parseJson, readText } from './body.js';

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

/** How one exchange is run: the caller's request options, and what the operation adds. */
export interface ExchangeOptions extends RequestOptions {
  /**
   * Says whether a failure of a retry means the operation had succeeded, given that an earlier
   * attempt may have reached the server (DELETE: a 404 after a lost answer).
   */
  doneAfterRetry?: ((error: WaldurError) => boolean) | undefined;
  /** Told each successful answer's response as soon as its headers arrive, before the body is read. */
  onHeaders?: ((response: Response) => void) | undefined;
}

/** The attempt after a 401 found the token provider still answering the rejected token: the 401 stands. */
export class StaleToken extends WaldurError {}

/**
 * One attempt. Its timeout and the caller's signal cover everything in it: asking for the token,
 * sending, and reading the body. Ending it ends the request itself: the attempt's own signal is
 * given to `fetch` (not a clone's, whose link undici keeps only weakly), and the body is cancelled.
 */
export async function attemptOnce(
  settings: TransportSettings,
  request: Outgoing,
  options: ExchangeOptions,
  attempt: number,
  rejectedToken: string | undefined,
  onAuthorization: (authorization: string) => void,
): Promise<Answer> {
  const { signal: callSignal, onHeaders } = options;
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
  // Set by the timer: typed boolean, or the checker takes it for always false in the catch below.
  let timedOut = false as boolean;
  const timer = setTimeout(() => {
    timedOut = true;
    stop(new Error(`timed out after ${timeoutMs} ms`));
  }, timeoutMs);
  const unfollow = callSignal ? onAbort(callSignal, () => stop(callSignal.reason)) : undefined;
  /** The token this attempt sends, cut out of anything the server echoes. */
  let secret = '';
  try {
    // A fixed token needs no waiting; a token function is raced like everything else.
    const authorization =
      typeof settings.token === 'string'
        ? `${settings.tokenType} ${settings.token}`
        : await Promise.race([authorizationHeader(settings.token, settings.tokenType), ended]);
    secret = tokenOf(authorization);
    onAuthorization(authorization);
    if (rejectedToken !== undefined && authorization === rejectedToken) {
      throw new StaleToken('the same token again');
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
    if (response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400)) throw redirected(response, request, secret);
    if (response.ok && onHeaders) onHeaders(response);
    const text = await Promise.race([
      readText(response, maxBytes, request, signal, (r) => {
        reader = r;
      }),
      ended,
    ]);
    if (!response.ok) throw apiError(response, text, request, secret);
    return { body: parseJson(text, response, request, secret), response, request, redact: (t) => redact(t, secret) };
  } catch (error) {
    // Ends whatever is still running of this attempt: the request, a late response, a body.
    stop(new Error('the attempt failed'));
    if (error instanceof WaldurError) throw error;
    if (timedOut) throw new WaldurTimeoutError(request, timeoutMs);
    if (callSignal?.aborted) throw new WaldurAbortError(`${request.method} ${request.url}`, callSignal.reason);
    // Anything else fetch throws (TypeError "fetch failed", a reset body stream, CORS) is the network's.
    throw new WaldurNetworkError(request, error instanceof Error ? error : new Error(String(error)), secret);
  } finally {
    clearTimeout(timer);
    unfollow?.();
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

/** The error of a redirect, which is never followed. Its `Location` may echo the token: cut out. */
function redirected(response: Response, request: RequestInfo, secret: string): WaldurResponseError {
  const header = response.headers.get('Location');
  const location = header === null ? null : redact(header, secret);
  return new WaldurResponseError(
    request,
    response.status,
    `redirected${location ? ` to ${clip(location, 200)}` : ''}: not followed, so the token goes to baseUrl only; set baseUrl to where the API answers`,
  );
}
