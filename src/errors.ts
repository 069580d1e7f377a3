/**
 * Every failure of the SDK is one of these classes. All extend {@link WaldurError}, which extends
 * `Error`. None of them ever holds the API token: not in the message, the stack, a property or a
 * `cause`.
 */

/** The base class of every error this SDK throws. */
export class WaldurError extends Error {
  /** The class name, also in `String(error)` and logs. */
  override name = 'WaldurError';
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
 */
export class WaldurInputError extends WaldurError {
  /** The class name, also in `String(error)` and logs. */
  override name = 'WaldurInputError';
  /** The argument or field at fault, e.g. `value`, `uuid`, `options.baseUrl`. */
  readonly field: string;
  /** Why it was refused, without the field name. */
  readonly reason: string;

  constructor(field: string, reason: string) {
    super(`${field}: ${reason}`);
    this.field = field;
    this.reason = reason;
  }
}

/** What an error knows about the request it came from. The URL never carries a secret. */
export interface RequestInfo {
  /** HTTP method, upper case. */
  method: string;
  /** The full request URL (the token travels in a header, never in a URL). */
  url: string;
}

/** Per-field messages from a DRF validation error; whole-object messages are under `non_field_errors`. */
export type FieldErrors = Record<string, string[]>;

/** The server answered with an HTTP error status. Subclasses name the common meanings. */
export class WaldurApiError extends WaldurError {
  /** The class name, also in `String(error)` and logs. */
  override name = 'WaldurApiError';
  /** The HTTP status code. */
  readonly status: number;
  /** DRF's `detail` message, when the body has one. */
  readonly detail: string | undefined;
  /** DRF's per-field messages (`non_field_errors` for the whole request, also for a bare list). */
  readonly fieldErrors: FieldErrors;
  /** The response body: parsed JSON, or the text when it was not JSON. */
  readonly body: unknown;
  /** HTTP method of the failed request. */
  readonly method: string;
  /** URL of the failed request. */
  readonly url: string;
  /** How long the server asked to wait before trying again (`Retry-After`), in milliseconds. */
  readonly retryAfterMs: number | undefined;

  constructor(status: number, body: unknown, request: RequestInfo, statusText = '', retryAfterMs?: number) {
    const { detail, fieldErrors } = readDrfBody(body);
    super(describeApiError(status, statusText, request, detail, fieldErrors, body));
    this.status = status;
    this.detail = detail;
    this.fieldErrors = fieldErrors;
    this.body = body;
    this.method = request.method;
    this.url = request.url;
    this.retryAfterMs = retryAfterMs;
  }
}

/** 400: the server refused the request's content; see `fieldErrors`. */
export class WaldurBadRequestError extends WaldurApiError {
  /** The class name, also in `String(error)` and logs. */
  override name = 'WaldurBadRequestError';
}
/** 401: no valid credentials (a missing, wrong or expired token). */
export class WaldurAuthenticationError extends WaldurApiError {
  /** The class name, also in `String(error)` and logs. */
  override name = 'WaldurAuthenticationError';
}
/** 403: the token is valid but may not do this. */
export class WaldurPermissionDeniedError extends WaldurApiError {
  /** The class name, also in `String(error)` and logs. */
  override name = 'WaldurPermissionDeniedError';
}
/** 404: no such credit (or, for a list, a page out of range). */
export class WaldurNotFoundError extends WaldurApiError {
  /** The class name, also in `String(error)` and logs. */
  override name = 'WaldurNotFoundError';
}
/** 409: the request conflicts with the current state. */
export class WaldurConflictError extends WaldurApiError {
  /** The class name, also in `String(error)` and logs. */
  override name = 'WaldurConflictError';
}
/** 429: too many requests; wait before trying again. */
export class WaldurRateLimitError extends WaldurApiError {
  /** The class name, also in `String(error)` and logs. */
  override name = 'WaldurRateLimitError';
}
/** 5xx: the server (or a proxy in front of it) failed. */
export class WaldurServerError extends WaldurApiError {
  /** The class name, also in `String(error)` and logs. */
  override name = 'WaldurServerError';
}

/** The request never got an HTTP answer: DNS, refused or reset connection, CORS, TLS. */
export class WaldurNetworkError extends WaldurError {
  /** The class name, also in `String(error)` and logs. */
  override name = 'WaldurNetworkError';
  /** HTTP method of the failed request. */
  readonly method: string;
  /** URL of the failed request. */
  readonly url: string;

  constructor(request: RequestInfo, cause: unknown) {
    super(`${request.method} ${request.url} failed: ${causeMessage(cause)}`, { cause: safeCause(cause) });
    this.method = request.method;
    this.url = request.url;
  }
}

/** No answer within `timeoutMs`. */
export class WaldurTimeoutError extends WaldurError {
  /** The class name, also in `String(error)` and logs. */
  override name = 'WaldurTimeoutError';
  /** HTTP method of the request that timed out. */
  readonly method: string;
  /** URL of the request that timed out. */
  readonly url: string;
  /** The limit that was reached, in milliseconds. */
  readonly timeoutMs: number;

  constructor(request: RequestInfo, timeoutMs: number) {
    super(`${request.method} ${request.url} timed out after ${timeoutMs} ms`);
    this.method = request.method;
    this.url = request.url;
    this.timeoutMs = timeoutMs;
  }
}

/** The caller's `AbortSignal` ended the operation. `cause` is the signal's reason. */
export class WaldurAbortError extends WaldurError {
  /** The class name, also in `String(error)` and logs. */
  override name = 'WaldurAbortError';

  constructor(what: string, reason: unknown) {
    super(`${what} was aborted${reason instanceof Error && reason.message ? `: ${reason.message}` : ''}`, {
      cause: safeCause(reason),
    });
  }
}

/** The server answered, but not with what the API promises: not JSON, or the wrong shape. */
export class WaldurResponseError extends WaldurError {
  /** The class name, also in `String(error)` and logs. */
  override name = 'WaldurResponseError';
  /** HTTP status of the answer. */
  readonly status: number;
  /** HTTP method of the request. */
  readonly method: string;
  /** URL of the request. */
  readonly url: string;

  constructor(request: RequestInfo, status: number, problem: string, cause?: unknown) {
    super(`${request.method} ${request.url} → ${status}: ${problem}`, cause === undefined ? undefined : { cause: safeCause(cause) });
    this.status = status;
    this.method = request.method;
    this.url = request.url;
  }
}

/** Maps an HTTP error status to the class that names its meaning. */
export function apiErrorFor(status: number, body: unknown, request: RequestInfo, statusText?: string, retryAfterMs?: number): WaldurApiError {
  const Class =
    status === 400 ? WaldurBadRequestError
    : status === 401 ? WaldurAuthenticationError
    : status === 403 ? WaldurPermissionDeniedError
    : status === 404 ? WaldurNotFoundError
    : status === 409 ? WaldurConflictError
    : status === 429 ? WaldurRateLimitError
    : status >= 500 ? WaldurServerError
    : WaldurApiError;
  return new Class(status, body, request, statusText, retryAfterMs);
}

function readDrfBody(body: unknown): { detail: string | undefined; fieldErrors: FieldErrors } {
  const fieldErrors: FieldErrors = {};
  if (Array.isArray(body)) {
    if (body.length > 0) fieldErrors.non_field_errors = body.map(messageText);
    return { detail: undefined, fieldErrors };
  }
  if (body === null || typeof body !== 'object') return { detail: undefined, fieldErrors };
  let detail: string | undefined;
  for (const [key, value] of Object.entries(body)) {
    if (key === 'detail' && typeof value === 'string') detail = value;
    else flattenMessages(key, value, fieldErrors);
  }
  return { detail, fieldErrors };
}

/** DRF nests messages for nested fields: `{"offerings": {"0": ["..."]}}` becomes `offerings.0`. */
function flattenMessages(path: string, value: unknown, into: FieldErrors): void {
  if (Array.isArray(value) && value.every((v) => typeof v !== 'object' || v === null)) {
    into[path] = value.map(messageText);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => flattenMessages(`${path}.${i}`, v, into));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) flattenMessages(`${path}.${key}`, v, into);
  } else {
    into[path] = [messageText(value)];
  }
}

function messageText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
}

function describeApiError(
  status: number,
  statusText: string,
  request: RequestInfo,
  detail: string | undefined,
  fieldErrors: FieldErrors,
  body: unknown,
): string {
  const head = `${request.method} ${request.url} → ${status}${statusText ? ` ${statusText}` : ''}`;
  const parts = Object.entries(fieldErrors).map(([field, messages]) => `${field}: ${messages.join(' ')}`);
  if (detail !== undefined) parts.unshift(detail);
  if (parts.length === 0 && typeof body === 'string' && body.length > 0) parts.push('the body is not JSON');
  return parts.length > 0 ? `${head}: ${parts.join('; ')}` : head;
}

function causeMessage(cause: unknown): string {
  if (!(cause instanceof Error)) return String(cause);
  const inner = cause.cause instanceof Error && cause.cause.message ? ` (${cause.cause.message})` : '';
  return `${cause.message}${inner}`;
}

/**
 * Keeps a cause only when it cannot carry the request: ky's and fetch's errors can hold the
 * `Request`, whose headers hold the token, so those are replaced by a plain copy of their text.
 */
function safeCause(cause: unknown): unknown {
  if (!(cause instanceof Error)) return cause;
  if (!('request' in cause) && !('response' in cause) && !('options' in cause)) return cause;
  const copy = new Error(cause.message);
  copy.name = cause.name;
  return copy;
}
