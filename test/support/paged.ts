/**
 * A paging scenario for the paging tests: the fake Waldur (`src/testing`) serves the list, and
 * this harness adds what a scenario needs around it: latency, a count of requests in flight,
 * Link URLs rewritten to another origin (a proxy, or a hostile server), and a hook that changes
 * the list between requests.
 */
import { delay, http } from 'msw';
import { createFakeWaldur } from '../../src/testing/index.js';
import type { FakeCredit } from '../../src/testing/index.js';
import { BASE_URL, wireCredit } from './fixtures.js';
import { server } from './server.js';

export interface PagedOptions {
  /** How many credits the list holds at first. */
  count: number;
  /** The server's largest page. */
  maxPageSize?: number;
  /** Send `X-Result-Count`. */
  countHeader?: boolean;
  /** Send the `Link` header. */
  linkHeader?: boolean;
  /** The origin written into Link URLs. */
  linkOrigin?: string;
  /** Milliseconds before each answer. */
  latencyMs?: number;
  /** Called before each answer with the page asked for; may change `credits`. */
  beforeAnswer?: (page: number, credits: FakeCredit[]) => void;
}

export interface Paged {
  credits: FakeCredit[];
  /** Each request's page and page_size, in arrival order. */
  requests: { page: number; pageSize: number; url: string }[];
  /** Most requests in flight at once. */
  maxInFlight: number;
}

/** The token the paging tests' client sends. */
export const PAGING_TOKEN = 'paging-token';
export const hexId = (i: number) => i.toString(16).padStart(32, '0');
export const canonicalId = (i: number) => hexId(i).replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');

export function servePages(options: PagedOptions): Paged {
  const fake = createFakeWaldur({
    baseUrl: BASE_URL,
    token: PAGING_TOKEN,
    credits: Array.from({ length: options.count }, (_, i) => wireCredit({ uuid: hexId(i + 1), value: `${i + 1}.00000` }) as Partial<FakeCredit>),
    countHeader: options.countHeader ?? true,
    linkHeader: options.linkHeader ?? true,
    maxPageSize: options.maxPageSize ?? 300,
  });
  const state: Paged = { credits: fake.credits, requests: [], maxInFlight: 0 };
  let inFlight = 0;
  server.use(
    http.get(`${BASE_URL}/api/project-credits/`, async ({ request }) => {
      inFlight++;
      state.maxInFlight = Math.max(state.maxInFlight, inFlight);
      try {
        const url = new URL(request.url);
        const page = Number(url.searchParams.get('page') ?? '1');
        state.requests.push({ page, pageSize: Number(url.searchParams.get('page_size')), url: request.url });
        if (options.latencyMs) await delay(options.latencyMs);
        options.beforeAnswer?.(page, fake.credits);
        const response = await fake.fetch(request.url, { headers: request.headers });
        const link = response.headers.get('Link');
        if (link && options.linkOrigin) response.headers.set('Link', link.replaceAll(BASE_URL, options.linkOrigin));
        return response;
      } finally {
        inFlight--;
      }
    }),
  );
  return state;
}
