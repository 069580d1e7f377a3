/**
 * One exchange with the server: attempts (transport/attempt.ts) repeated while the retry policy
 * allows, each reported to the client's hooks; the answer of the one that succeeded, or the typed
 * error of the last.
 */
import { notify } from '../callbacks.js';
import {
  WaldurAbortError,
  WaldurApiError,
  WaldurAuthenticationError,
  WaldurNetworkError,
  WaldurResponseError,
  WaldurTimeoutError,
} from '../errors.js';
import type { WaldurError } from '../errors.js';
import type { TransportSettings } from '../options.js';
import { isIdempotent, isRetryable, retryDelay, sleep } from '../retry.js';
import { attemptOnce, StaleToken } from './attempt.js';
import type { Answer, ExchangeOptions, Outgoing } from './attempt.js';

export type { Answer, ExchangeOptions } from './attempt.js';

/**
 * Runs one exchange, retrying what is safe to retry. `request` says what to send (method, URL,
 * body) and names it for errors and hooks, never with a secret. The token is asked for in every
 * attempt, so a rotated token is used at once.
 */
export async function exchange(settings: TransportSettings, request: Outgoing, options: ExchangeOptions): Promise<Answer> {
  const maxRetries = options.maxRetries ?? settings.maxRetries;
  // The caller's signal, which may be shared by any number of calls and live for ever: it is only
  // ever followed through core/abort.ts, which leaves nothing on it once the call has ended.
  const { signal } = options;
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
      const answer = await attemptOnce(settings, request, options, attempt, rejected?.authorization, (sent) => {
        authorization = sent;
      });
      report(answer.response.status);
      return answer;
    } catch (thrown) {
      const error = thrown as WaldurError;
      if (mayHaveActed && options.doneAfterRetry?.(error)) {
        report(statusOf(error), error);
        return { body: undefined, response: new Response(null, { status: 204 }), request, redact: (text) => text };
      }
      if (mayHaveReachedServer(error)) mayHaveActed = true;
      let retryInMs: number | undefined;
      if (attempt <= maxRetries && isRetryable(request.method, error)) {
        retryInMs = retryDelay(error, attempt, settings.retryBackoffMs);
      } else if (
        // A 401 is tried again only with a different token: once, when the provider has rotated it.
        error instanceof WaldurAuthenticationError &&
        rejected === undefined &&
        authorization !== undefined &&
        typeof settings.token === 'function' &&
        isIdempotent(request.method)
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
