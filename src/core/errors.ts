/**
 * Every failure of the SDK is one of these classes. All extend {@link WaldurError}, which extends
 * `Error`. None of them ever holds the API token: not in the message, the stack, a property or a
 * `cause`.
 */
import { clip } from './describe.js';
import { MAX_MESSAGE, nestedDeeperThan, readErrorBody, summary } from './error-body.js';
import type { FieldErrors } from './error-body.js';
import { causeMessage, safeCause } from './redact.js';

export type { FieldErrors } from './error-body.js';

/**
 * The base class of every error this SDK throws. Its message is at most 2,000 characters.
 *
 * @group Errors
 */
export class WaldurError extends Error {
  /** The class name, also in `String(error)` and logs. */
  override name = 'WaldurError';

  constructor(message: string, options?: { cause?: unknown }) {
    super(clip(message, MAX_MESSAGE), options);
  }
}

/**
 * Bad input, found before any request was sent: a malformed UUID, a decimal the server could not
 * store exactly, an unknown field, a bad option.
 *
 * @example
 * ```ts
 * try { await waldur.projectCredits.patch(uuid, { value: '1.123456' }); }
 * catch (e) { if (e instanceof WaldurInputError) console.log(e.field, e.reason); }
 * ```
 *
 * @group Errors
 */
export class WaldurInputError extends WaldurError {
  /** The class name, also in `String(error)` and logs. */
  override name = 'WaldurInputError';
  /** The argument or field at fault, e.g. `value`, `uuid`, `options.baseUrl`. */
  declare readonly field: string;
  /** Why it was refused, without the field name. */
  declare readonly reason: string;

  constructor(field: string, reason: string) {
    super(`${clip(field, 100)}: ${reason}`);
    this.field = clip(field, 100);
    this.reason = clip(reason, MAX_MESSAGE);
  }
}

/**
 * What an error knows about the request it came from. The URL never carries a secret.
 *
 * @group Errors
 */
export interface RequestInfo {
  /** HTTP method, upper case. */
  method: string;
  /** The full request URL (the token travels in a header, never in a URL). */
  url: string;
}

/**
 * The server answered with an HTTP error status. Subclasses name the common meanings.
 *
 * @group Errors
 */
export class WaldurApiError extends WaldurError {
  /** The class name, also in `String(error)` and logs. */
  override name = 'WaldurApiError';
  /** The HTTP status code. */
  declare readonly status: number;
  /** DRF's `detail` message, when the body has one. */
  declare readonly detail: string | undefined;
  /** DRF's per-field messages (`non_field_errors` for the whole request, also for a bare list). */
  declare readonly fieldErrors: FieldErrors;
  /**
   * The response body: parsed JSON, or the text when it was not JSON. A body nested deeper than
   * 32 levels is replaced by a note saying so (`JSON.stringify` of the error must not overflow).
   */
  declare readonly body: unknown;
  /** HTTP method of the failed request. */
  declare readonly method: string;
  /** URL of the failed request. */
  declare readonly url: string;
  /** How long the server asked to wait before trying again (`Retry-After`), in milliseconds. */
  declare readonly retryAfterMs: number | undefined;

  constructor(status: number, body: unknown, request: RequestInfo, statusText = '', retryAfterMs?: number) {
    const { detail, fieldErrors } = readErrorBody(body);
    super(summary(`${request.method} ${request.url} → ${status}${statusText ? ` ${statusText}` : ''}`, detail, fieldErrors, body));
    this.status = status;
    this.detail = detail;
    this.fieldErrors = fieldErrors;
    this.body = nestedDeeperThan(body, 32) ? '(left out: nested more than 32 levels deep)' : body;
    this.method = request.method;
    this.url = request.url;
    this.retryAfterMs = retryAfterMs;
  }
}

/**
 * 400: the server refused the request's content; see `fieldErrors`.
 *
 * @group Errors
 */
export class WaldurBadRequestError extends WaldurApiError {
  /** The class name, also in `String(error)` and logs. */
  override name = 'WaldurBadRequestError';
}
/**
 * 401: no valid credentials (a missing, wrong or expired token).
 *
 * @group Errors
 */
export class WaldurAuthenticationError extends WaldurApiError {
  /** The class name, also in `String(error)` and logs. */
  override name = 'WaldurAuthenticationError';
}
/**
 * 403: the token is valid but may not do this.
 *
 * @group Errors
 */
export class WaldurPermissionDeniedError extends WaldurApiError {
  /** The class name, also in `String(error)` and logs. */
  override name = 'WaldurPermissionDeniedError';
}
/**
 * 404: no such credit (or, for a list, a page out of range).
 *
 * @group Errors
 */
export class WaldurNotFoundError extends WaldurApiError {
  /** The class name, also in `String(error)` and logs. */
  override name = 'WaldurNotFoundError';
}
/**
 * 409: the request conflicts with the current state.
 *
 * @group Errors
 */
export class WaldurConflictError extends WaldurApiError {
  /** The class name, also in `String(error)` and logs. */
  override name = 'WaldurConflictError';
}
/**
 * 429: too many requests; wait before trying again.
 *
 * @group Errors
 */
export class WaldurRateLimitError extends WaldurApiError {
  /** The class name, also in `String(error)` and logs. */
  override name = 'WaldurRateLimitError';
}
/**
 * 5xx: the server (or a proxy in front of it) failed.
 *
 * @group Errors
 */
export class WaldurServerError extends WaldurApiError {
  /** The class name, also in `String(error)` and logs. */
  override name = 'WaldurServerError';
}

/**
 * The request never got an HTTP answer: DNS, refused or reset connection, CORS, TLS.
 *
 * @group Errors
 */
export class WaldurNetworkError extends WaldurError {
  /** The class name, also in `String(error)` and logs. */
  override name = 'WaldurNetworkError';
  /** HTTP method of the failed request. */
  declare readonly method: string;
  /** URL of the failed request. */
  declare readonly url: string;

  /** `secret`, when given, is cut out of every message of the cause chain (a custom fetch may echo headers). */
  constructor(request: RequestInfo, cause: unknown, secret?: string) {
    super(`${request.method} ${request.url} failed: ${causeMessage(cause, secret)}`, { cause: safeCause(cause, secret) });
    this.method = request.method;
    this.url = request.url;
  }
}

/**
 * No answer within `timeoutMs`.
 *
 * @group Errors
 */
export class WaldurTimeoutError extends WaldurError {
  /** The class name, also in `String(error)` and logs. */
  override name = 'WaldurTimeoutError';
  /** HTTP method of the request that timed out. */
  declare readonly method: string;
  /** URL of the request that timed out. */
  declare readonly url: string;
  /** The limit that was reached, in milliseconds. */
  declare readonly timeoutMs: number;

  constructor(request: RequestInfo, timeoutMs: number) {
    super(`${request.method} ${request.url} timed out after ${timeoutMs} ms`);
    this.method = request.method;
    this.url = request.url;
    this.timeoutMs = timeoutMs;
  }
}

/**
 * The caller's `AbortSignal` ended the operation. `cause` is the signal's reason.
 *
 * @group Errors
 */
export class WaldurAbortError extends WaldurError {
  /** The class name, also in `String(error)` and logs. */
  override name = 'WaldurAbortError';

  constructor(what: string, reason: unknown) {
    // The reason is the caller's own value, kept as it is (a caller may compare it).
    super(`${what} was aborted${reason instanceof Error && reason.message ? `: ${reason.message}` : ''}`, { cause: reason });
  }
}

/**
 * The server answered, but not with what the API promises: not JSON, or the wrong shape.
 *
 * @group Errors
 */
export class WaldurResponseError extends WaldurError {
  /** The class name, also in `String(error)` and logs. */
  override name = 'WaldurResponseError';
  /** HTTP status of the answer. */
  declare readonly status: number;
  /** HTTP method of the request. */
  declare readonly method: string;
  /** URL of the request. */
  declare readonly url: string;

  constructor(request: RequestInfo, status: number, problem: string, cause?: unknown) {
    super(`${request.method} ${request.url} → ${status}: ${problem}`, cause === undefined ? undefined : { cause: safeCause(cause) });
    this.status = status;
    this.method = request.method;
    this.url = request.url;
  }
}

/** The error class of each status that has its own (a 5xx is a {@link WaldurServerError}). */
const CLASS_OF_STATUS: ReadonlyMap<number, typeof WaldurApiError> = new Map<number, typeof WaldurApiError>([
  [400, WaldurBadRequestError],
  [401, WaldurAuthenticationError],
  [403, WaldurPermissionDeniedError],
  [404, WaldurNotFoundError],
  [409, WaldurConflictError],
  [429, WaldurRateLimitError],
]);

/**
 * Maps an HTTP error status to the class that names its meaning. Whatever the body (any depth,
 * any keys), the answer is that class.
 */
export function apiErrorFor(status: number, body: unknown, request: RequestInfo, statusText?: string, retryAfterMs?: number): WaldurApiError {
  const Class = CLASS_OF_STATUS.get(status) ?? (status >= 500 ? WaldurServerError : WaldurApiError);
  try {
    return new Class(status, body, request, statusText, retryAfterMs);
  } catch {
    // A body this code cannot read (none is known; this is the promise that there never is one).
    return new Class(status, undefined, request, statusText, retryAfterMs);
  }
}
