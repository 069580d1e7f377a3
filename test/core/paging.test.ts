/** Paging: one page awaited, every page iterated or collected, whatever headers the server shows. */
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { createWaldurClient, WaldurAbortError, WaldurInputError } from '../../src/index.js';
import type { WalkDrift, WalkProgress } from '../../src/index.js';
import type { FakeCredit } from '../../src/testing/index.js';
import { BASE_URL, wireCredit } from '../support/fixtures.js';
import { canonicalId, hexId, PAGING_TOKEN, servePages } from '../support/paged.js';
import { recordRequests } from '../support/record.js';
import { server } from '../support/server.js';

const TOKEN = PAGING_TOKEN;
const waldur = createWaldurClient({ baseUrl: BASE_URL, token: TOKEN });
const ids = (n: number, from = 1) => Array.from({ length: n }, (_, i) => canonicalId(i + from));

const MODES = {
  'both headers': { countHeader: true, linkHeader: true },
  'no Link': { countHeader: true, linkHeader: false },
  'no X-Result-Count': { countHeader: false, linkHeader: true },
  'no headers': { countHeader: false, linkHeader: false },
} as const;

describe.each(Object.entries(MODES))('walking with %s', (mode, headers) => {
  it.each([
    [0, 100],
    [1, 100],
    [100, 100],
    [1000, 100],
    [1000, 7],
  ])('%i credits at page_size %i: each once, in order', async (count, pageSize) => {
    const paged = servePages({ count, ...headers });
    const all = await waldur.projectCredits.listAll({ page_size: pageSize });
    expect(all.map((c) => c.uuid)).toEqual(ids(count));
    const pages = Math.max(1, Math.ceil(count / pageSize));
    // Without any header, a full last page can only be told from a 404 on the page after it.
    const extra = mode === 'no headers' && count > 0 && count % pageSize === 0 ? 1 : 0;
    expect(paged.requests.map((r) => r.page).sort((a, b) => a - b)).toEqual(Array.from({ length: pages + extra }, (_, i) => i + 1));
  });

  // Waldur's cap is 300 and a larger page_size is refused up front; a server configured with a
  // smaller cap is noticed from the headers (without any, a short page can only mean the end).
  it.runIf(mode !== 'no headers')('a server capping below page_size (200 asked, 150 served) still gets every credit', async () => {
    const paged = servePages({ count: 1000, maxPageSize: 150, ...headers });
    const all = await waldur.projectCredits.listAll({ page_size: 200 });
    expect(all.map((c) => c.uuid)).toEqual(ids(1000));
    expect(paged.requests[0]!.pageSize).toBe(200);
    // Pages started on the first page's headers ask 200 too (the server's pages are the same at
    // any size it caps); those started after it had been read ask the 150 it applied.
    expect(paged.requests.slice(1).every((r) => r.pageSize === 150 || r.pageSize === 200)).toBe(true);
  });

  it('for await streams the same credits as listAll', async () => {
    servePages({ count: 250, ...headers });
    const streamed: string[] = [];
    for await (const credit of waldur.projectCredits.list({ page_size: 30 })) streamed.push(credit.uuid);
    expect(streamed).toEqual(ids(250));
  });
});

describe('one page at a time', () => {
  it('answers items, total, page, pageSize, lastPage and goes on with getNextPage', async () => {
    servePages({ count: 25 });
    const first = await waldur.projectCredits.list({ page_size: 10 });
    expect(first).toMatchObject({ total: 25, page: 1, pageSize: 10, lastPage: 3 });
    expect(first.items.map((c) => c.uuid)).toEqual(ids(10));
    expect(first.hasNextPage()).toBe(true);
    const second = await first.getNextPage();
    const third = await second.getNextPage();
    expect(third.items.map((c) => c.uuid)).toEqual(ids(5, 21));
    expect(third.hasNextPage()).toBe(false);
    await expect(third.getNextPage()).rejects.toBeInstanceOf(WaldurInputError);
  });

  it('reports the applied page size when the server caps it', async () => {
    servePages({ count: 1000, maxPageSize: 250 });
    const first = await waldur.projectCredits.list({ page_size: 300 });
    expect(first.items).toHaveLength(250);
    expect(first).toMatchObject({ pageSize: 250, lastPage: 4 });
    expect(first.hasNextPage()).toBe(true);
  });

  it('notices a capped page size from the total alone, also when starting after page 1', async () => {
    servePages({ count: 650, maxPageSize: 200, linkHeader: false });
    const second = await waldur.projectCredits.list({ page: 2, page_size: 300 });
    expect(second).toMatchObject({ pageSize: 200, total: 650 });
    expect(second.hasNextPage()).toBe(true);
    const rest: string[] = [];
    for await (const credit of waldur.projectCredits.list({ page: 2, page_size: 300 })) rest.push(credit.uuid);
    expect(rest).toEqual(ids(450, 201));
  });

  it.each([301, 1000])('refuses page_size %i before any request, naming the limit of 300', async (size) => {
    const seen = recordRequests();
    const error = await waldur.projectCredits.list({ page_size: size }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaldurInputError);
    expect((error as WaldurInputError).message).toMatch(/page_size: expected a whole number from 1 to 300 \(Waldur's largest page\)/);
    await expect(waldur.projectCredits.listAll({ page_size: size })).rejects.toBeInstanceOf(WaldurInputError);
    await expect(waldur.projectCredits.count({ page_size: size })).rejects.toBeInstanceOf(WaldurInputError);
    expect(seen).toHaveLength(0);
  });

  it('without headers, a full page has a next one, which may turn out empty at the end', async () => {
    servePages({ count: 20, countHeader: false, linkHeader: false });
    const first = await waldur.projectCredits.list({ page_size: 10 });
    expect(first.total).toBeNull();
    expect(first.lastPage).toBeNull();
    const second = await first.getNextPage();
    expect(second.hasNextPage()).toBe(true);
    const third = await second.getNextPage();
    expect(third.items).toEqual([]);
    expect(third.hasNextPage()).toBe(false);
  });

  it('awaiting and then iterating the same list fetches the first page once', async () => {
    const paged = servePages({ count: 15 });
    const list = waldur.projectCredits.list({ page_size: 10 });
    expect((await list).items).toHaveLength(10);
    const all: string[] = [];
    for await (const credit of list) all.push(credit.uuid);
    expect(all).toEqual(ids(15));
    expect(paged.requests.map((r) => r.page)).toEqual([1, 2]);
  });

  it('starts a walk at the page asked for', async () => {
    servePages({ count: 50 });
    const rest = [];
    for await (const credit of waldur.projectCredits.list({ page: 3, page_size: 10 })) rest.push(credit.uuid);
    expect(rest).toEqual(ids(30, 21));
  });

  it('nothing is requested until the list is awaited or iterated', async () => {
    const paged = servePages({ count: 5 });
    const list = waldur.projectCredits.list();
    await new Promise((r) => setTimeout(r, 10));
    expect(paged.requests).toHaveLength(0);
    await list;
    expect(paged.requests).toHaveLength(1);
  });
});

describe('the token never leaves baseUrl', () => {
  it.each([
    ['another origin', 'https://evil.test'],
    ['http instead of https', 'http://waldur.test'],
    ['an internal proxy host', 'http://10.0.0.7:8000'],
  ])('Link URLs on %s only lend their page number', async (_name, origin) => {
    const elsewhere: string[] = [];
    server.use(
      http.all(`${origin}/*`, ({ request }) => {
        elsewhere.push(`${request.method} ${request.url} ${request.headers.get('Authorization')}`);
        return HttpResponse.json([]);
      }),
    );
    const paged = servePages({ count: 95, countHeader: false, linkOrigin: origin });
    const all = await waldur.projectCredits.listAll({ page_size: 10 });
    expect(all).toHaveLength(95);
    expect(elsewhere).toEqual([]);
    expect(paged.requests.every((r) => new URL(r.url).origin === BASE_URL)).toBe(true);
  });

  it('ignores a Link header whose next page goes backwards (no loop)', async () => {
    let requests = 0;
    server.use(
      http.get(`${BASE_URL}/api/project-credits/`, () => {
        requests++;
        return HttpResponse.json([wireCredit()], { headers: { Link: `<${BASE_URL}/api/project-credits/?page=1>; rel="next"` } });
      }),
    );
    expect(await waldur.projectCredits.listAll()).toHaveLength(1);
    expect(requests).toBe(1);
  });
});

describe('changes during a walk', () => {
  it('credits inserted mid-walk shift pages: none is yielded twice, and the drift is reported', async () => {
    let inserted = false;
    servePages({
      count: 1000,
      beforeAnswer: (page, credits) => {
        if (page === 3 && !inserted) {
          inserted = true;
          credits.unshift(...Array.from({ length: 5 }, (_, i) => wireCredit({ uuid: hexId(5000 + i) }) as FakeCredit));
        }
      },
    });
    const drifts: WalkDrift[] = [];
    const all = await waldur.projectCredits.listAll({ page_size: 100 }, { concurrency: 1, onDrift: (d) => drifts.push(d) });
    const uuids = all.map((c) => c.uuid);
    expect(new Set(uuids).size).toBe(uuids.length);
    expect(uuids).toEqual(expect.arrayContaining(ids(1000)));
    expect(drifts[0]).toEqual({ expected: 1000, actual: 1005, page: 3 });
  });

  it('credits deleted mid-walk end the walk early without an error', async () => {
    servePages({
      count: 300,
      beforeAnswer: (page, credits) => {
        if (page === 2) credits.splice(0, 150);
      },
    });
    const drifts: WalkDrift[] = [];
    const all = await waldur.projectCredits.listAll({ page_size: 100 }, { concurrency: 1, onDrift: (d) => drifts.push(d) });
    expect(new Set(all.map((c) => c.uuid)).size).toBe(all.length);
    expect(drifts[0]).toMatchObject({ expected: 300, actual: 150 });
  });
});

describe('walk options', () => {
  it('limit stops the walk and fetches no page beyond those needed', async () => {
    const paged = servePages({ count: 1000 });
    const some = await waldur.projectCredits.listAll({ page_size: 100 }, { limit: 250 });
    expect(some.map((c) => c.uuid)).toEqual(ids(250));
    expect(paged.requests.map((r) => r.page).sort()).toEqual([1, 2, 3]);
  });

  it('limit 0 sends nothing', async () => {
    const seen = recordRequests();
    expect(await waldur.projectCredits.listAll({}, { limit: 0 })).toEqual([]);
    expect(seen).toHaveLength(0);
  });

  it.each([1, 3, 4])('concurrency %i bounds the pages in flight (counted in the mock)', async (concurrency) => {
    const paged = servePages({ count: 1000, latencyMs: 15 });
    const all = await waldur.projectCredits.listAll({ page_size: 50 }, { concurrency });
    expect(all).toHaveLength(1000);
    expect(paged.maxInFlight).toBe(concurrency);
  });

  it('a walk starts the next pages on the first page’s headers, before its body has arrived', async () => {
    const paged = servePages({ count: 1000, latencyMs: 10 });
    let secondStartedBeforeFirstRead = false;
    const all = await waldur.projectCredits.listAll(
      { page_size: 100 },
      {
        onProgress: ({ fetched }) => {
          // The first progress call comes once page 1 is read: page 2 is already on its way.
          if (fetched === 100) secondStartedBeforeFirstRead = paged.requests.some((r) => r.page === 2);
        },
      },
    );
    expect(all).toHaveLength(1000);
    expect(secondStartedBeforeFirstRead).toBe(true);
    expect(paged.requests.map((r) => r.page).sort((a, b) => a - b)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
  });

  it('the default concurrency is 10', async () => {
    const paged = servePages({ count: 1000, latencyMs: 15 });
    await waldur.projectCredits.listAll({ page_size: 50 });
    expect(paged.maxInFlight).toBe(10);
  });

  it('a walk without page_size asks for 300 credits a page; one awaited page for 100', async () => {
    const paged = servePages({ count: 1000 });
    await waldur.projectCredits.listAll();
    expect(paged.requests.map((r) => r.pageSize)).toEqual([300, 300, 300, 300]);
    for await (const _ of waldur.projectCredits.list({ customer_name: 'x' })) break;
    expect(paged.requests.at(-1)!.pageSize).toBe(300);
    await waldur.projectCredits.list();
    expect(paged.requests.at(-1)!.pageSize).toBe(100);
  });

  it('onProgress reports each page with the count so far and the total', async () => {
    servePages({ count: 250 });
    const progress: WalkProgress[] = [];
    await waldur.projectCredits.listAll({ page_size: 100 }, { onProgress: (p) => progress.push(p) });
    expect(progress).toEqual([
      { fetched: 100, total: 250 },
      { fetched: 200, total: 250 },
      { fetched: 250, total: 250 },
    ]);
  });

  it('sends every filter and the ordering with every page', async () => {
    const paged = servePages({ count: 30 });
    await waldur.projectCredits.listAll({ customer_name: 'UT', o: ['-value', 'end_date'], page_size: 10 });
    for (const { url } of paged.requests) {
      const q = new URL(url).searchParams;
      expect([q.get('customer_name'), q.get('o')]).toEqual(['UT', '-value,end_date']);
    }
  });

  it.each([
    [{ concurrency: 0 }, 'options.concurrency'],
    [{ concurrency: 2.5 }, 'options.concurrency'],
    [{ limit: -1 }, 'options.limit'],
    [{ onProgress: 'log' }, 'options.onProgress'],
    [{ concurency: 2 }, 'options.concurency'],
  ])('refuses %j before any request', async (options, field) => {
    const seen = recordRequests();
    await expect(waldur.projectCredits.listAll({}, options as never)).rejects.toMatchObject({ field });
    await expect(waldur.projectCredits.list({}, options as never)).rejects.toBeInstanceOf(WaldurInputError);
    expect(seen).toHaveLength(0);
  });
});

describe('stopping a walk', () => {
  it('the signal aborts the whole walk at once, requests in flight included', async () => {
    // 100 pages; the abort comes from the walk's own progress (after its second page), not a
    // timer, so a loaded machine cannot let the walk run further before it: what was sent is the
    // pages read and those in flight (at most the default concurrency of 10), never the rest.
    const paged = servePages({ count: 5_000, latencyMs: 40 });
    const controller = new AbortController();
    const error = await waldur.projectCredits
      .listAll({ page_size: 50 }, { signal: controller.signal, onProgress: ({ fetched }) => fetched >= 100 && controller.abort(new Error('enough')) })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaldurAbortError);
    const sent = paged.requests.length;
    await new Promise((r) => setTimeout(r, 120));
    expect(paged.requests.length).toBe(sent);
    expect(sent).toBeLessThanOrEqual(2 + 10 + 1);
  });

  it('breaking out of for await stops fetching', async () => {
    const paged = servePages({ count: 1000, latencyMs: 10 });
    let n = 0;
    for await (const _ of waldur.projectCredits.list({ page_size: 10 })) if (++n === 15) break;
    const sent = paged.requests.length;
    await new Promise((r) => setTimeout(r, 60));
    expect(paged.requests.length).toBe(sent);
    expect(sent).toBeLessThanOrEqual(1 + 10); // the first page and the default concurrency
  });
});

describe('Link header parsing', async () => {
  const { parseLinkHeader } = await import('../../src/core/paging/link.js');

  it('reads next and last page numbers, quoted or not, with several rels in one link', () => {
    expect(
      parseLinkHeader(
        '<https://a.test/api/project-credits/?page=2&page_size=10>; rel="next", <https://a.test/api/project-credits/?page=9>; rel=last',
      ),
    ).toEqual({ next: 2, last: 9 });
    expect(parseLinkHeader('<https://a.test/x?page=4>; rel="next last"')).toEqual({ next: 4, last: 4 });
  });

  it('treats a link without page as page 1 and ignores junk', () => {
    expect(parseLinkHeader('<https://a.test/x?page_size=5>; rel="last"')).toEqual({ last: 1 });
    expect(parseLinkHeader('<https://a.test/x?page=abc>; rel="next", garbage, <>; rel=next')).toEqual({ next: 1 });
    expect(parseLinkHeader('<https://a.test/x?page=0>; rel="next"')).toEqual({});
    expect(parseLinkHeader(null)).toBeNull();
  });
});
