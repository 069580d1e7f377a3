/** `createWaldurClient`: one client per Waldur deployment and credential. */
import { WaldurInputError } from './core/errors.js';
import { projectCreditsResource } from './project-credits/resource.js';
import type { ProjectCreditsResource } from './project-credits/methods.js';
import { describe } from './core/describe.js';
import { checkFunction, checkOption, DEFAULTS } from './core/options.js';
import type { Hooks, TokenSource, TransportSettings } from './core/options.js';
import { tokenProblem } from './core/token.js';

/**
 * Options of {@link createWaldurClient}.
 *
 * @group Client
 */
export interface WaldurClientOptions {
  /** The Waldur deployment, `http(s)://host[/prefix]`; a trailing slash is fine. */
  baseUrl: string;
  /** The API token, or a function asked for it before every request (sync or async). */
  token: TokenSource;
  /**
   * `'Token'` (default) sends `Authorization: Token <key>` (an API token or a personal access
   * token); `'Bearer'` sends `Authorization: Bearer <jwt>` (OIDC). Any case is accepted (`'bearer'`).
   */
  tokenType?: 'Token' | 'Bearer' | (string & {}) | undefined;
  /** The `fetch` to use instead of the global one (a test double, an instrumented fetch, …). */
  fetch?: typeof fetch | undefined;
  /** Headers sent with every request. `Authorization` comes from `token` only. */
  headers?: Record<string, string> | undefined;
  /** Milliseconds one attempt may take, until its body is read. Default 30000. */
  timeoutMs?: number | undefined;
  /**
   * Retries of a failed request, from 0 to 10. Default 2. GET, HEAD, PUT and DELETE are retried
   * after a network error, a timeout, 408, 429, 502, 503 or 504; POST and PATCH only after a 429,
   * which the server never processed (it throttles before the view runs).
   */
  maxRetries?: number | undefined;
  /** The first backoff in milliseconds, doubled on each retry, with jitter, at most 8 s. Default 500. `Retry-After` wins. */
  retryBackoffMs?: number | undefined;
  /**
   * The most bytes a response body may have once decoded (a small gzip body can inflate to
   * gigabytes). Over it, the connection is closed and the call fails with `WaldurResponseError`.
   * Default 33554432 (32 MiB, about 60,000 credits).
   */
  maxResponseBytes?: number | undefined;
  /**
   * Called before each attempt (method, URL, attempt). For logs and metrics; nothing logs by
   * default. Not awaited; what it throws or rejects with is ignored.
   */
  onRequest?: Hooks['onRequest'] | undefined;
  /**
   * Called after each attempt (status, duration, error, whether and when a retry follows). Not
   * awaited; what it throws or rejects with is ignored.
   */
  onResponse?: Hooks['onResponse'] | undefined;
}

/**
 * A client for one Waldur deployment. Clients share no state: one per tenant is safe.
 *
 * @group Client
 */
export interface WaldurClient {
  /** `/api/project-credits/`. */
  readonly projectCredits: ProjectCreditsResource;
  /** The normalized base URL requests go to (no trailing slash). */
  readonly baseUrl: string;
}

const OPTION_NAMES: ReadonlySet<string> = new Set([
  'baseUrl',
  'token',
  'tokenType',
  'fetch',
  'headers',
  'onRequest',
  'onResponse',
  ...Object.keys(DEFAULTS),
]);

/**
 * Creates a client. Checks every option at once and throws {@link WaldurInputError} for a bad one.
 *
 * @example
 * ```ts
 * const waldur = createWaldurClient({ baseUrl: 'https://waldur.example.com', token: process.env.WALDUR_TOKEN! });
 * const credit = await waldur.projectCredits.get('8f2e4b1c9d0a4e6f8a7b6c5d4e3f2a1b');
 * console.log(credit.value.toFixed(2));
 * ```
 *
 * @group Client
 */
export function createWaldurClient(options: WaldurClientOptions): WaldurClient {
  // Checked as what a JavaScript caller may pass.
  const given: unknown = options;
  if (given === null || typeof given !== 'object') {
    throw new WaldurInputError('options', `expected an object, got ${describe(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (!OPTION_NAMES.has(key)) throw new WaldurInputError(`options.${key}`, 'is not an option of createWaldurClient');
  }
  const baseUrl = checkBaseUrl(options.baseUrl);
  const { token } = options;
  if (typeof token !== 'function' && (typeof token !== 'string' || token.length === 0)) {
    throw new WaldurInputError('options.token', 'expected a non-empty string or a function that returns one');
  }
  const rawType = options.tokenType ?? 'Token';
  const tokenType = typeof rawType === 'string' ? TOKEN_TYPES.get(rawType.toLowerCase()) : undefined;
  if (tokenType === undefined) {
    throw new WaldurInputError('options.tokenType', `expected "Token" or "Bearer" (any case), got ${describe(rawType)}`);
  }
  // Described by lengths and positions only: the message must never show the token.
  const problem = typeof token === 'string' ? tokenProblem(token, tokenType) : undefined;
  if (problem !== undefined) throw new WaldurInputError('options.token', problem);
  for (const name of ['fetch', 'onRequest', 'onResponse'] as const) checkFunction(name, options[name]);
  const settings: TransportSettings = {
    baseUrl,
    token,
    tokenType,
    headers: checkOption('headers', options.headers) as Record<string, string>,
    ...DEFAULTS,
    fetch: options.fetch,
    hooks: { onRequest: options.onRequest, onResponse: options.onResponse },
  };
  for (const name of Object.keys(DEFAULTS) as (keyof typeof DEFAULTS)[]) {
    if (options[name] !== undefined) settings[name] = checkOption(name, options[name]) as number;
  }
  return { baseUrl, projectCredits: projectCreditsResource(settings) };
}

const TOKEN_TYPES: ReadonlyMap<string, 'Token' | 'Bearer'> = new Map([
  ['token', 'Token'],
  ['bearer', 'Bearer'],
]);

/** A path the SDK adds itself; a base URL ending in one would send requests to `/api/api/…`. */
const API_SUFFIX = /\/api(?:\/project-credits)?\/*$/i;

function checkBaseUrl(value: unknown): string {
  let url: URL | undefined;
  try {
    url = typeof value === 'string' ? new URL(value) : undefined;
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    throw new WaldurInputError('options.baseUrl', `expected an http(s) URL like https://waldur.example.com, got ${describe(value)}`);
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new WaldurInputError('options.baseUrl', 'must not contain credentials, a query or a fragment');
  }
  const base = `${url.origin}${url.pathname}`.replace(/\/+$/, '');
  if (API_SUFFIX.test(url.pathname)) {
    const suggestion = `${url.origin}${url.pathname.replace(API_SUFFIX, '')}`;
    throw new WaldurInputError(
      'options.baseUrl',
      `is the API's address: the SDK adds /api/project-credits/ itself. Use baseUrl: ${JSON.stringify(suggestion)}`,
    );
  }
  return base;
}
