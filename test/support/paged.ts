/**
 * A paging mock of `GET /api/project-credits/` for the paging tests: Django paginator semantics
 * (404 `Invalid page.` past the end, `page_size` capped), switchable headers, latency, and a
 * count of requests in flight.
 */
import { delay, http, HttpResponse } from 'msw';
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
  /** The origin written into Link URLs (a proxy or a hostile server may write another). */
  linkOrigin?: string;
  /** Milliseconds before each answer. */
  latencyMs?: number;
  /** Called before each answer with the page asked for; may change `credits`. */
  beforeAnswer?: (page: number, credits: Record<string, unknown>[]) => void;
}

export interface Paged {
  credits: Record<string, unknown>[];
  /** Each request's page and page_size, in arrival order. */
  requests: { page: number; pageSize: number; url: string }[];
  /** Most requests in flight at once. */
  maxInFlight: number;
}

export const hexId = (i: number) => i.toString(16).padStart(32, '0');
export const canonicalId = (i: number) => hexId(i).replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');

export function servePages(options: PagedOptions): Paged {
  const { maxPageSize = 300, countHeader = true, linkHeader = true, linkOrigin = BASE_URL, latencyMs = 0 } = options;
  const state: Paged = {
    credits: Array.from({ length: options.count }, (_, i) => wireCredit({ uuid: hexId(i + 1), value: `${i + 1}.00000` })),
    requests: [],
    maxInFlight: 0,
  };
  let inFlight = 0;
  server.use(
    http.get(`${BASE_URL}/api/project-credits/`, async ({ request }) => {
      inFlight++;
      state.maxInFlight = Math.max(state.maxInFlight, inFlight);
      try {
        const url = new URL(request.url);
        const page = Number(url.searchParams.get('page') ?? '1');
        const size = Math.min(Number(url.searchParams.get('page_size') ?? '10'), maxPageSize);
        state.requests.push({ page, pageSize: Number(url.searchParams.get('page_size')), url: request.url });
        if (latencyMs > 0) await delay(latencyMs);
        options.beforeAnswer?.(page, state.credits);
        const total = state.credits.length;
        const pages = Math.max(1, Math.ceil(total / size));
        if (page > pages) return HttpResponse.json({ detail: 'Invalid page.' }, { status: 404 });
        const headers = new Headers();
        if (countHeader) headers.set('X-Result-Count', String(total));
        if (linkHeader) {
          const link = (p: number) => {
            const u = new URL(`${linkOrigin}${url.pathname}${url.search}`);
            if (p === 1) u.searchParams.delete('page');
            else u.searchParams.set('page', String(p));
            return u.toString();
          };
          const rels = [`<${link(1)}>; rel="first"`];
          if (page > 1) rels.push(`<${link(page - 1)}>; rel="prev"`);
          if (page < pages) rels.push(`<${link(page + 1)}>; rel="next"`);
          rels.push(`<${link(pages)}>; rel="last"`);
          headers.set('Link', rels.join(', '));
        }
        return HttpResponse.json(state.credits.slice((page - 1) * size, page * size), { headers });
      } finally {
        inFlight--;
      }
    }),
  );
  return state;
}
