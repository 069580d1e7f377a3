/**
 * `waldur-project-credits/testing`: a fake Waldur to test apps against, without a server.
 *
 * @example
 * ```ts
 * import { createWaldurClient } from 'waldur-project-credits';
 * import { createFakeWaldur } from 'waldur-project-credits/testing';
 *
 * const fake = createFakeWaldur({ credits: 250, token: 'test' });
 * const waldur = createWaldurClient({ baseUrl: fake.baseUrl, token: 'test', fetch: fake.fetch });
 * expect(await waldur.projectCredits.count()).toBe(250);
 * ```
 *
 * @packageDocumentation
 */
import type { RequestHandler } from 'msw';
import { FakeWaldurState } from './fake.js';
import type { FakeCredit, FakeOffering, FakeRequest, FakeWaldurOptions } from './fake.js';

export type { FakeCredit, FakeOffering, FakeRequest, FakeWaldurOptions };

/** A running fake Waldur. Its state is yours to read and change between requests. */
export interface FakeWaldur {
  /** The origin (and prefix) the fake answers for: pass it as `baseUrl`. */
  readonly baseUrl: string;
  /** A `fetch` serving the fake: pass it as the client's `fetch`. Needs no MSW. Other URLs fail like an unreachable host. */
  readonly fetch: typeof fetch;
  /** MSW request handlers serving the same fake, for apps that already use MSW (`server.use(...fake.handlers)`). Needs `msw` installed. */
  readonly handlers: RequestHandler[];
  /** The credits as the server stores them (hex UUIDs, decimal strings): assert against them, or change them. */
  credits: FakeCredit[];
  /** Every request answered, in order (method, URL, status). */
  readonly requests: FakeRequest[];
  /** Hide organization-level fields (`customer_credit`, `allocated_customer_credit`, `offerings`), as for a project-level user. */
  hideOrganizationFields: boolean;
  /** Send `X-Result-Count` (turn off to test what a browser sees without CORS exposure). */
  countHeader: boolean;
  /** Send the `Link` header. */
  linkHeader: boolean;
}

/**
 * Creates an in-memory fake of Waldur's `/api/project-credits/`. It behaves like the real
 * server: hex UUIDs, decimals as strings, `X-Result-Count` and absolute `Link` URLs, `page` /
 * `page_size` (capped at 300, 404 `Invalid page.`), the list filters and `o` ordering, `HEAD`
 * counts, DRF-shaped 400s, 401 without the token. A project UUID it does not know is accepted as
 * a new project; each project has at most one credit.
 */
export function createFakeWaldur(options: FakeWaldurOptions = {}): FakeWaldur {
  const state = new FakeWaldurState(options);
  let handlers: RequestHandler[] | undefined;
  const fakeFetch: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    if (!request.url.startsWith(`${state.baseUrl}/`)) {
      throw new TypeError(`fetch failed: the fake Waldur serves ${state.baseUrl} only, not ${new URL(request.url).origin}`);
    }
    if (init?.signal?.aborted || request.signal.aborted) throw request.signal.reason ?? new DOMException('aborted', 'AbortError');
    return state.handle(request);
  };
  return {
    baseUrl: state.baseUrl,
    fetch: fakeFetch,
    get handlers() {
      handlers ??= mswHandlers(state);
      return handlers;
    },
    get credits() {
      return state.credits;
    },
    set credits(value) {
      state.credits = value;
    },
    requests: state.requests,
    get hideOrganizationFields() {
      return state.hideOrganizationFields;
    },
    set hideOrganizationFields(value) {
      state.hideOrganizationFields = value;
    },
    get countHeader() {
      return state.countHeader;
    },
    set countHeader(value) {
      state.countHeader = value;
    },
    get linkHeader() {
      return state.linkHeader;
    },
    set linkHeader(value) {
      state.linkHeader = value;
    },
  };
}

/**
 * MSW is an optional peer dependency: it is loaded only when `handlers` is read, synchronously,
 * through the runtime's `require` (CommonJS) or `module.createRequire` (Node ESM).
 */
function mswHandlers(state: FakeWaldurState): RequestHandler[] {
  const msw = loadMsw();
  return [msw.http.all(`${state.baseUrl}/api/project-credits/*`, ({ request }) => state.handle(request))];
}

// `module` is CommonJS's own; named so that bundlers do not swap in a `require` shim.
declare const module: { require?: (id: string) => unknown } | undefined;

function loadMsw(): typeof import('msw') {
  const nodeProcess = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const load =
    typeof module === 'object' && typeof module?.require === 'function'
      ? (id: string) => module!.require!(id)
      : (nodeProcess?.getBuiltinModule?.('node:module') as { createRequire?: (from: string) => (id: string) => unknown } | undefined)?.createRequire?.(
          import.meta.url,
        );
  try {
    if (load) return load('msw') as typeof import('msw');
  } catch {
    // reported below
  }
  throw new Error('fake.handlers needs the `msw` package (npm install -D msw); fake.fetch works without it.');
}
