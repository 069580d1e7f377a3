/**
 * The retry policy: which failures are tried again, and after how long. Safe for money: an
 * idempotent method (GET, HEAD, PUT, DELETE) is sent again after any transient failure; POST and
 * PATCH only after a 429, which the server never processed (DRF throttles in `initial()`, before
 * the view runs; a proxy's rate limit stops the request before the server).
 */
import { onAbort } from './abort.js';
import { WaldurAbortError, WaldurApiError, WaldurNetworkError, WaldurTimeoutError } from './errors.js';
import type { WaldurError } from './errors.js';

/** Methods whose repetition has the effect of one request. POST and PATCH are not among them. */
const IDEMPOTENT: ReadonlySet<string> = new Set(['GET', 'HEAD', 'PUT', 'DELETE']);
/** Statuses that say "try again later": timeout, rate limit, and a proxy or server that is busy or down. */
const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([408, 429, 502, 503, 504]);

/** The longest wait between attempts: a `Retry-After` asking for more is not waited for (the error surfaces). */
const MAX_RETRY_DELAY_MS = 60_000;
/** The longest backoff without `Retry-After`. */
const MAX_BACKOFF_MS = 8_000;

/** Whether `method` may be sent again after `error` without risking a second effect. */
export function isRetryable(method: string, error: WaldurError): boolean {
  // A 429 was refused before anything ran: sending it again cannot do anything twice.
  if (error instanceof WaldurApiError && error.status === 429) return true;
  if (!IDEMPOTENT.has(method)) return false;
  if (error instanceof WaldurNetworkError || error instanceof WaldurTimeoutError) return true;
  return error instanceof WaldurApiError && RETRYABLE_STATUSES.has(error.status);
}

/** Whether `method` may be sent again at all (for a 401 answered by a fresh token). */
export function isIdempotent(method: string): boolean {
  return IDEMPOTENT.has(method);
}

/**
 * Milliseconds to wait before attempt `attempt + 1`: the server's `Retry-After` when it gave one,
 * else exponential backoff from `baseMs` with jitter (each wait between half and all of
 * `baseMs * 2^(attempt-1)`, at most 8 s). `undefined` when the server asks for a longer wait than
 * {@link MAX_RETRY_DELAY_MS}: then the error surfaces, with `retryAfterMs` for the caller.
 */
export function retryDelay(error: WaldurError, attempt: number, baseMs: number, random: () => number = Math.random): number | undefined {
  if (error instanceof WaldurApiError && error.retryAfterMs !== undefined) {
    return error.retryAfterMs <= MAX_RETRY_DELAY_MS ? error.retryAfterMs : undefined;
  }
  const ceiling = Math.min(MAX_BACKOFF_MS, baseMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/**
 * Reads `Retry-After`: delay-seconds (`"120"`) or an HTTP-date (`"Wed, 21 Oct 2026 07:28:00 GMT"`),
 * as milliseconds from `now`. `undefined` when absent or unreadable.
 */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Waits `ms`, or rejects with a {@link WaldurAbortError} the moment `signal` fires. */
export function sleep(ms: number, signal: AbortSignal | undefined, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let off: () => void = () => undefined;
    const timer = setTimeout(() => {
      off();
      resolve();
    }, ms);
    if (signal) {
      off = onAbort(signal, () => {
        clearTimeout(timer);
        reject(new WaldurAbortError(what, signal.reason));
      });
    }
  });
}
