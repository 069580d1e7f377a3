/**
 * `waldur-project-credits/query` with @tanstack/query-core alone (what React, Vue, Solid and
 * Svelte Query build on), against the fake Waldur: keys (deployments, credentials and scopes kept
 * apart), query functions with TanStack's signal, infinite pages that end as the SDK's pages do,
 * mutations that keep the last write, and dehydrate/hydrate with exact, checked Decimals.
 */
import { dehydrate, hydrate, InfiniteQueryObserver, MutationObserver, QueryClient, QueryObserver } from '@tanstack/query-core';
import type { DehydratedState, InfiniteData, MutationObserverOptions } from '@tanstack/query-core';
import { afterEach, describe, expect, it } from 'vitest';
import { createWaldurClient, Decimal, WaldurInputError, WaldurNotFoundError } from '../../src/index.js';
import type { ProjectCredit, WaldurClient } from '../../src/index.js';
import { deserializeQueryData, projectCreditsQueries, serializeQueryData } from '../../src/query/index.js';
import type { CreditsPage } from '../../src/query/index.js';
import { createFakeWaldur } from '../../src/testing/index.js';
import type { FakeWaldur, FakeWaldurOptions } from '../../src/testing/index.js';

const FOREVER = Number.POSITIVE_INFINITY;

interface Seen {
  method: string;
  url: string;
  signal: AbortSignal | null | undefined;
}

/** A client of `fake` with `token`, recording what it sends into `requests`. */
function clientOf(fake: FakeWaldur, token: string | (() => string), requests: Seen[] = [], send: typeof fetch = fake.fetch): WaldurClient {
  const fetch: typeof globalThis.fetch = (input, init) => {
    const request = input instanceof Request ? input : new Request(input, init);
    requests.push({ method: request.method, url: request.url, signal: init?.signal });
    return send(input, init);
  };
  return createWaldurClient({ baseUrl: fake.baseUrl, token, fetch, maxRetries: 0 });
}

function setup(options: FakeWaldurOptions = {}, send?: (fake: FakeWaldur) => typeof fetch) {
  const fake = createFakeWaldur({ credits: 25, ...options });
  const requests: Seen[] = [];
  const waldur = clientOf(fake, 'test', requests, send?.(fake));
  const queryClient = new QueryClient({ defaultOptions: { queries: { gcTime: FOREVER } } });
  clients.push(queryClient);
  return { fake, waldur, queries: projectCreditsQueries(waldur), queryClient, requests };
}

const clients: QueryClient[] = [];
afterEach(() => {
  for (const client of clients.splice(0)) client.clear();
});

const pagesOf = (data: unknown) => (data as InfiniteData<CreditsPage, number>).pages;

describe('keys', () => {
  it('hold the base URL, a scope, canonical UUIDs and the filters in a stable form', () => {
    const { queries } = setup();
    const hex = '0C1D2E3F40514A6B8C7D9E0F1A2B3C4D';
    const hyphenated = '0c1d2e3f-4051-4a6b-8c7d-9e0f1a2b3c4d';
    expect(queries.keys.detail(hex)).toEqual(queries.keys.detail(hyphenated));
    expect(queries.keys.detail(`https://waldur.test/api/project-credits/${hex}/`)).toEqual(queries.keys.detail(hyphenated));
    expect(queries.keys.list({ project_uuid: hex, o: '-value', page_size: undefined })).toEqual(
      queries.keys.list({ o: ['-value'], project_uuid: hyphenated }),
    );
    expect(queries.keys.all).toEqual(['waldur-project-credits', 'https://waldur.test', { client: expect.any(Number) }]);
    expect(queries.keys.lists().slice(0, 3)).toEqual(queries.keys.all);
    for (const key of [queries.keys.list(), queries.keys.infinite(), queries.keys.walk()]) expect(key.slice(0, 4)).toEqual(queries.keys.lists());
    expect(queries.keys.count().slice(0, 4)).toEqual(queries.keys.counts());
    expect(queries.keys.detail(hex).slice(0, 4)).toEqual(queries.keys.details());
  });

  it('two deployments never share an entry', () => {
    const a = setup({ baseUrl: 'https://a.example.com' }).queries;
    const b = setup({ baseUrl: 'https://b.example.com' }).queries;
    const uuid = '0c1d2e3f-4051-4a6b-8c7d-9e0f1a2b3c4d';
    expect(a.keys.detail(uuid)).not.toEqual(b.keys.detail(uuid));
    expect(a.list().queryKey).not.toEqual(b.list().queryKey);
  });

  it('one client gives the same keys on every call (a component may build its options at each render)', () => {
    const { waldur, queries } = setup();
    const again = projectCreditsQueries(waldur);
    expect(again.keys.all).toEqual(queries.keys.all);
    expect(again.list({ page_size: 5 }).queryKey).toEqual(queries.list({ page_size: 5 }).queryKey);
  });

  it('count keys leave out page and page_size, and the count ignores them', async () => {
    const { queries, queryClient, requests } = setup();
    expect(queries.keys.count({ customer_name: 'a', page: 9, page_size: 5 })).toEqual(queries.keys.count({ customer_name: 'a' }));
    expect(queries.count({ page: 9, page_size: 5 }).queryKey).toEqual(queries.count().queryKey);
    // Page 9 of 5 does not exist: sent, it would be a 404.
    expect(await queryClient.fetchQuery(queries.count({ page: 9, page_size: 5 }))).toBe(25);
    expect(requests[0]!.url).not.toMatch(/page/);
  });
});

describe('credentials and scopes', () => {
  /** One deployment, a staff token and a token of a user with no role: the staff sees 25 credits, the other none. */
  function twoUsers() {
    const fake = createFakeWaldur({ credits: 25, token: 'staff-token', users: { 'nobody-token': { role: 'none' } } });
    const staffRequests: Seen[] = [];
    const nobodyRequests: Seen[] = [];
    const staff = projectCreditsQueries(clientOf(fake, 'staff-token', staffRequests));
    const nobody = projectCreditsQueries(clientOf(fake, 'nobody-token', nobodyRequests));
    const queryClient = new QueryClient({ defaultOptions: { queries: { gcTime: FOREVER } } });
    clients.push(queryClient);
    return { fake, staff, nobody, queryClient, staffRequests, nobodyRequests };
  }

  it('a staff client and a no-role client on one deployment never share an entry', async () => {
    const { fake, staff, nobody, queryClient, nobodyRequests } = twoUsers();
    const uuid = fake.credits[0]!.uuid;
    expect((await queryClient.fetchQuery(staff.list())).total).toBe(25);
    expect(await queryClient.fetchQuery(staff.count())).toBe(25);
    expect(await queryClient.fetchQuery(staff.all())).toHaveLength(25);
    expect((await queryClient.fetchQuery(staff.get(uuid))).uuid).toMatch(/^[0-9a-f-]{36}$/);
    const infinite = new InfiniteQueryObserver(queryClient, staff.infinite({ page_size: 10 }));
    await infinite.refetch();

    // Fresh data under the staff's keys does not answer the other user: each asks the server.
    const fresh = { staleTime: FOREVER };
    expect((await queryClient.fetchQuery({ ...nobody.list(), ...fresh })).total).toBe(0);
    expect(await queryClient.fetchQuery({ ...nobody.count(), ...fresh })).toBe(0);
    expect(await queryClient.fetchQuery({ ...nobody.all(), ...fresh })).toEqual([]);
    await expect(queryClient.fetchQuery({ ...nobody.get(uuid), ...fresh })).rejects.toBeInstanceOf(WaldurNotFoundError);
    const theirs = await new InfiniteQueryObserver(queryClient, { ...nobody.infinite({ page_size: 10 }), ...fresh }).refetch();
    expect(pagesOf(theirs.data)[0]!.items).toEqual([]);
    expect(nobodyRequests).toHaveLength(5);
    // The staff's entries are still theirs.
    expect(queryClient.getQueryData(staff.keys.list())!.total).toBe(25);
  });

  it('no key holds the token', () => {
    const { staff, nobody, fake } = twoUsers();
    const keys = [staff, nobody].flatMap((q) => [
      q.keys.all,
      q.list().queryKey,
      q.infinite().queryKey,
      q.all().queryKey,
      q.count().queryKey,
      q.get(fake.credits[0]!.uuid).queryKey,
    ]);
    const text = JSON.stringify(keys);
    expect(text).not.toMatch(/staff-token|nobody-token/);
    // What tells the two apart is a number per client object, nothing computed from a credential.
    expect([staff.keys.all[2], nobody.keys.all[2]]).toEqual([{ client: expect.any(Number) }, { client: expect.any(Number) }]);
  });

  it('SSR: a server and a browser client naming the same scope share entries through dehydrate/hydrate', async () => {
    const fake = createFakeWaldur({ credits: 25 });
    const server = new QueryClient();
    const onServer = projectCreditsQueries(clientOf(fake, 'test'), { scope: 'user-7' });
    const uuid = fake.credits[2]!.uuid;
    await server.fetchQuery(onServer.list({ page_size: 5 }));
    await server.fetchQuery(onServer.get(uuid));
    await server.fetchQuery(onServer.count());
    const state = JSON.parse(JSON.stringify(dehydrate(server, { serializeData: serializeQueryData }))) as DehydratedState;

    const browser = new QueryClient();
    clients.push(server, browser);
    hydrate(browser, state, { defaultOptions: { deserializeData: deserializeQueryData } });
    const requests: Seen[] = [];
    // Another client object, with the token as a browser gets it.
    const inBrowser = projectCreditsQueries(
      clientOf(fake, () => 'test', requests),
      { scope: 'user-7' },
    );
    const fresh = { staleTime: FOREVER };
    const page = await browser.fetchQuery({ ...inBrowser.list({ page_size: 5 }), ...fresh });
    expect(page.items[0]!.value).toBeInstanceOf(Decimal);
    expect((await browser.fetchQuery({ ...inBrowser.get(uuid.toUpperCase()), ...fresh })).uuid).toBe(page.items[2]!.uuid);
    expect(await browser.fetchQuery({ ...inBrowser.count(), ...fresh })).toBe(25);
    expect(requests).toEqual([]);

    // Without a shared scope the browser's client is another client: nothing of the server's is used.
    const unscoped = projectCreditsQueries(clientOf(fake, () => 'test', requests));
    expect(browser.getQueryData(unscoped.keys.list({ page_size: 5 }))).toBeUndefined();
    await browser.fetchQuery({ ...unscoped.list({ page_size: 5 }), ...fresh });
    expect(requests).toHaveLength(1);
  });

  it('one client whose token changes at logout: queryClient.clear() leaves the next user nothing of the previous one', async () => {
    const fake = createFakeWaldur({ credits: 25, token: 'staff-token', users: { 'nobody-token': { role: 'none' } } });
    let token = 'staff-token';
    const waldur = clientOf(fake, () => token);
    const queryClient = new QueryClient({ defaultOptions: { queries: { gcTime: FOREVER, staleTime: FOREVER } } });
    clients.push(queryClient);
    const credits = projectCreditsQueries(waldur);
    expect((await queryClient.fetchQuery(credits.list())).total).toBe(25);
    // One client, one scope: without the README's logout step the next user would get these.
    token = 'nobody-token';
    expect((await queryClient.fetchQuery(credits.list())).total).toBe(25);
    queryClient.clear();
    expect((await queryClient.fetchQuery(credits.list())).total).toBe(0);
    // A scope per signed-in user keeps them apart even without it.
    const staff = projectCreditsQueries(waldur, { scope: 'staff' });
    const nobody = projectCreditsQueries(waldur, { scope: 'nobody' });
    token = 'staff-token';
    expect((await queryClient.fetchQuery(staff.list())).total).toBe(25);
    token = 'nobody-token';
    expect((await queryClient.fetchQuery(nobody.list())).total).toBe(0);
  });

  it('a scope is a non-empty string, never shown in an error; other options are refused', () => {
    const { waldur } = setup();
    for (const scope of ['', 42, null, { id: 1 }]) {
      const error = (() => {
        try {
          projectCreditsQueries(waldur, { scope } as never);
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(WaldurInputError);
      expect((error as WaldurInputError).field).toBe('options.scope');
    }
    expect(() => projectCreditsQueries(waldur, { scope: 12345678901234 } as never)).toThrow(/^options\.scope: expected a non-empty string[^0-9]*$/);
    expect(() => projectCreditsQueries(waldur, { scop: 'user-7' } as never)).toThrow(/^options\.scop: is not an option/);
  });
});

describe('queries', () => {
  it('get, list, count and all fetch typed credits through the SDK, with TanStack’s signal', async () => {
    const { fake, queries, queryClient, requests } = setup();
    const uuid = fake.credits[3]!.uuid;
    const credit = await queryClient.fetchQuery(queries.get(uuid));
    expect(credit.value).toBeInstanceOf(Decimal);
    expect(requests.at(-1)!.signal).toBeInstanceOf(AbortSignal);
    const page = await queryClient.fetchQuery(queries.list({ page: 2, page_size: 10 }));
    expect(page).toMatchObject({ page: 2, pageSize: 10, total: 25, lastPage: 3, nextPage: 3 });
    expect(page.items).toHaveLength(10);
    expect(await queryClient.fetchQuery(queries.count())).toBe(25);
    expect(await queryClient.fetchQuery(queries.all())).toHaveLength(25);
    // Either UUID form is the same entry: no second request.
    const before = requests.length;
    expect(await queryClient.fetchQuery({ ...queries.get(uuid.toUpperCase()), staleTime: FOREVER })).toBe(credit);
    expect(requests.length).toBe(before);
    // Typed keys: the entry is a ProjectCredit, its value a Decimal.
    expect(queryClient.getQueryData(queries.keys.detail(uuid))?.value.toFixed()).toBe(credit.value.toFixed());
  });

  it('get of a credit URL of another deployment is refused as the SDK refuses it, never answered from this deployment’s cache', async () => {
    const { fake, queries, queryClient, requests } = setup();
    const uuid = fake.credits[0]!.uuid;
    await queryClient.fetchQuery(queries.get(uuid));
    for (const url of [
      `https://other.example.com/api/project-credits/${uuid}/`,
      `https://waldur.test.evil.example/api/project-credits/${uuid}/`,
      `https://waldur.test/api/project-credits/${uuid}/?x=1`,
    ]) {
      expect(queries.keys.detail(url)).not.toEqual(queries.keys.detail(uuid));
      const error = await queryClient.fetchQuery({ ...queries.get(url), staleTime: FOREVER }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WaldurInputError);
      expect(error).toMatchObject({ field: 'uuid' });
    }
    expect(requests).toHaveLength(1);
  });

  it('a cancelled query aborts its request', async () => {
    const { fake, queries, queryClient, requests } = setup();
    const observer = new QueryObserver(queryClient, queries.get(fake.credits[0]!.uuid));
    const unsubscribe = observer.subscribe(() => undefined);
    await queryClient.cancelQueries({ queryKey: queries.keys.details() });
    unsubscribe();
    expect(requests[0]!.signal!.aborted).toBe(true);
  });

  it('errors are the SDK’s typed errors, not retried by TanStack (the SDK retries itself)', async () => {
    const { queries, queryClient, requests } = setup();
    const error = await queryClient.fetchQuery(queries.get('00000000-0000-4000-8000-000000000000')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaldurNotFoundError);
    expect(requests).toHaveLength(1);
  });

  it('structural sharing keeps unchanged credits (Decimals compared by value) and replaces changed ones', async () => {
    const { fake, queries, queryClient } = setup();
    const options = queries.list({ page_size: 5 });
    const first = await queryClient.fetchQuery(options);
    fake.credits[1]!.value = '1.00000';
    await queryClient.refetchQueries({ queryKey: options.queryKey });
    const second = queryClient.getQueryData(options.queryKey)!;
    expect(second.items[0]).toBe(first.items[0]);
    expect(second.items[1]).not.toBe(first.items[1]);
    expect(second.items[1]!.value.toFixed(2)).toBe('1.00');
  });

  it('structural sharing keeps a `__proto__` key an own property, never a prototype', async () => {
    const { fake, queries, queryClient } = setup();
    const key = queries.keys.detail(fake.credits[0]!.uuid);
    const credit = await queryClient.fetchQuery(queries.get(fake.credits[0]!.uuid));
    // A previous version to share with, then one whose object holds a `__proto__` key (as JSON.parse makes it).
    queryClient.setQueryData(key, { ...credit, extra: { a: 1 } } as ProjectCredit);
    const changed = JSON.parse(`{"extra": {"__proto__": {"polluted": true}}}`) as Record<string, unknown>;
    queryClient.setQueryData(key, { ...credit, ...changed });
    const shared: unknown = queryClient.getQueryData(key);
    const { extra } = shared as { extra: Record<string, unknown> };
    expect(Object.getPrototypeOf(extra)).toBe(Object.prototype);
    expect(extra.polluted).toBeUndefined();
    expect(Object.hasOwn(extra, '__proto__')).toBe(true);
  });
});

describe('infinite lists', () => {
  it('carry typed credits, keep the pages already shown, and end on the last page', async () => {
    const { queries, queryClient } = setup();
    const observer = new InfiniteQueryObserver(queryClient, queries.infinite({ page_size: 10 }));
    await observer.refetch();
    const first = pagesOf(observer.getCurrentResult().data)[0];
    await observer.fetchNextPage();
    const result = await observer.fetchNextPage();
    const pages = pagesOf(result.data);
    // The pages already shown keep their objects (memoized rows do not re-render).
    expect(pages[0]).toBe(first);
    expect(pages.map((p) => p.items.length)).toEqual([10, 10, 5]);
    expect((result.data as InfiniteData<CreditsPage, number>).pageParams).toEqual([1, 2, 3]);
    expect(pages[2]!.items[0]!.value).toBeInstanceOf(Decimal);
    expect(result.hasNextPage).toBe(false);
  });

  it('with hidden paging headers and a total that is a multiple of the page size, the 404 past the end is the end, not an error', async () => {
    const { queries, queryClient, fake } = setup({ credits: 20, countHeader: false, linkHeader: false });
    const observer = new InfiniteQueryObserver(queryClient, queries.infinite({ page_size: 10 }));
    await observer.refetch();
    let result = await observer.fetchNextPage();
    // Page 2 is full: without a total or a Link header, a page 3 may exist.
    expect(result.hasNextPage).toBe(true);
    result = await observer.fetchNextPage();
    expect(fake.requests.at(-1)).toMatchObject({ status: 404 });
    expect(result.status).toBe('success');
    expect(result.error).toBeNull();
    expect(result.hasNextPage).toBe(false);
    expect(pagesOf(result.data).flatMap((p) => p.items)).toHaveLength(20);
    expect(pagesOf(result.data).at(-1)).toMatchObject({ items: [], page: 3, nextPage: null });
  });

  it('when the list shrank between two "load more", the 404 past the new end is the end', async () => {
    const { queries, queryClient, fake } = setup({ credits: 25, countHeader: false, linkHeader: false });
    const observer = new InfiniteQueryObserver(queryClient, queries.infinite({ page_size: 10 }));
    await observer.refetch();
    await observer.fetchNextPage();
    fake.credits.splice(0, 6);
    const result = await observer.fetchNextPage();
    expect(fake.requests.at(-1)).toMatchObject({ status: 404 });
    expect(result.status).toBe('success');
    expect(result.hasNextPage).toBe(false);
    expect(observer.getCurrentResult().isError).toBe(false);
  });

  it('a page asked for on its own (list) still fails with the SDK’s WaldurNotFoundError past the end', async () => {
    const { queries, queryClient } = setup({ credits: 20 });
    await expect(queryClient.fetchQuery(queries.list({ page: 3, page_size: 10 }))).rejects.toBeInstanceOf(WaldurNotFoundError);
  });

  it('each credit once across pages: a credit created between two "load more" is not shown twice', async () => {
    const { queries, queryClient, waldur, fake } = setup();
    const observer = new InfiniteQueryObserver(queryClient, queries.infinite({ o: ['-value'], page_size: 10 }));
    await observer.refetch();
    const lastOfPageOne = pagesOf(observer.getCurrentResult().data)[0]!.items[9]!.uuid;
    const project = fake.projects.find((p) => !fake.credits.some((c) => c.project_uuid === p.uuid))!;
    await waldur.projectCredits.create({ project: project.uuid, value: '99999999999' });
    const result = await observer.fetchNextPage();
    // The server's page 2 starts with what was the last credit of page 1.
    const raw = queryClient.getQueryData(queries.keys.infinite({ o: ['-value'], page_size: 10 }))!;
    expect(raw.pages[1]!.items[0]!.uuid).toBe(lastOfPageOne);
    const uuids = pagesOf(result.data).flatMap((p) => p.items.map((c) => c.uuid));
    expect(uuids).toHaveLength(19);
    expect(new Set(uuids).size).toBe(uuids.length);
    expect(uuids.indexOf(lastOfPageOne)).toBe(9);
  });

  it('from a later first page, previous pages load before it until page 1', async () => {
    const { queries, queryClient } = setup();
    const observer = new InfiniteQueryObserver(queryClient, queries.infinite({ page: 3, page_size: 5 }));
    await observer.refetch();
    expect(observer.getCurrentResult().hasPreviousPage).toBe(true);
    await observer.fetchPreviousPage();
    const result = await observer.fetchPreviousPage();
    expect((result.data as InfiniteData<CreditsPage, number>).pageParams).toEqual([1, 2, 3]);
    expect(pagesOf(result.data).flatMap((p) => p.items)).toHaveLength(15);
    expect(result.hasPreviousPage).toBe(false);
    expect(result.hasNextPage).toBe(true);
  });
});

describe('mutations', () => {
  const run = <T, V>(queryClient: QueryClient, options: MutationObserverOptions<T, Error, V>, variables: V) =>
    new MutationObserver<T, Error, V>(queryClient, options).mutate(variables);

  it('create caches the new credit and refreshes the lists and counts on screen (and marks the others stale)', async () => {
    const { fake, queries, queryClient } = setup();
    // On screen: an observed count. Off screen: a page fetched once.
    const count = new QueryObserver(queryClient, queries.count());
    const unsubscribe = count.subscribe(() => undefined);
    await count.refetch();
    await queryClient.fetchQuery(queries.list());
    const project = fake.projects.find((p) => !fake.credits.some((c) => c.project_uuid === p.uuid))!;
    const made = await run(queryClient, queries.create(queryClient), { project: project.uuid, value: '10.5' });
    expect(queryClient.getQueryData(queries.keys.detail(made.uuid))).toBe(made);
    expect(count.getCurrentResult().data).toBe(26);
    expect(queryClient.getQueryState(queries.list().queryKey)!.isInvalidated).toBe(true);
    unsubscribe();
  });

  it('patch and update write the detail entry; delete removes it; lists are invalidated', async () => {
    const { fake, queries, queryClient } = setup();
    const uuid = fake.credits[0]!.uuid;
    await queryClient.fetchQuery(queries.get(uuid));
    const patched = await run(queryClient, queries.patch(queryClient), { uuid, input: { value: new Decimal('42.00001') } });
    expect(queryClient.getQueryData(queries.keys.detail(uuid))!.value.toFixed()).toBe('42.00001');
    await run(queryClient, queries.update(queryClient), { uuid, input: { ...patched, value: '43' } });
    expect(queryClient.getQueryData(queries.keys.detail(uuid))!.value.toFixed()).toBe('43');
    await run(queryClient, queries.delete(queryClient), uuid);
    expect(queryClient.getQueryData(queries.keys.detail(uuid))).toBeUndefined();
    expect(await queryClient.fetchQuery(queries.count())).toBe(24);
  });

  /** A fetch whose first PATCH is answered only once `release` is called; `applied` resolves when the server has applied it. */
  function delayFirstPatch() {
    let release!: () => void;
    let applied!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const done = new Promise<void>((resolve) => (applied = resolve));
    let patches = 0;
    const send =
      (fake: FakeWaldur): typeof fetch =>
      async (input, init) => {
        const method = (input instanceof Request ? input.method : init?.method) ?? 'GET';
        const response = await fake.fetch(input, init);
        if (method === 'PATCH' && ++patches === 1) {
          applied();
          await released;
        }
        return response;
      };
    return { send, release, applied: done };
  }

  it('two patches of one credit answered out of order leave the newer one (the one started last) in the cache', async () => {
    const delayed = delayFirstPatch();
    const { fake, queries, queryClient } = setup({}, delayed.send);
    const uuid = fake.credits[0]!.uuid;
    const detail = new QueryObserver(queryClient, queries.get(uuid));
    await detail.refetch();
    const older = run(queryClient, queries.patch(queryClient), { uuid, input: { value: '1' } });
    await delayed.applied;
    const newer = await run(queryClient, queries.patch(queryClient), { uuid: uuid.replaceAll('-', ''), input: { value: '2' } });
    expect(newer.value.toFixed()).toBe('2');
    expect(queryClient.getQueryData(queries.keys.detail(uuid))!.value.toFixed()).toBe('2');
    delayed.release();
    expect((await older).value.toFixed()).toBe('1');
    expect(queryClient.getQueryData(queries.keys.detail(uuid))!.value.toFixed()).toBe('2');
    // The late answer marks the entry stale: what is on screen is read again from the server.
    expect(queryClient.getQueryState(queries.keys.detail(uuid))!.isInvalidated).toBe(true);
  });

  it('answered in order, the later patch is the one cached', async () => {
    const { fake, queries, queryClient } = setup();
    const uuid = fake.credits[0]!.uuid;
    await run(queryClient, queries.patch(queryClient), { uuid, input: { value: '1' } });
    await run(queryClient, queries.patch(queryClient), { uuid, input: { value: '2' } });
    expect(queryClient.getQueryData(queries.keys.detail(uuid))!.value.toFixed()).toBe('2');
    expect(queryClient.getQueryState(queries.keys.detail(uuid))!.isInvalidated).toBe(false);
  });

  it('a patch answered after a later delete does not bring the deleted credit back', async () => {
    const delayed = delayFirstPatch();
    const { fake, queries, queryClient } = setup({}, delayed.send);
    const uuid = fake.credits[0]!.uuid;
    await queryClient.fetchQuery(queries.get(uuid));
    const patch = run(queryClient, queries.patch(queryClient), { uuid, input: { value: '1' } });
    await delayed.applied;
    await run(queryClient, queries.delete(queryClient), uuid);
    delayed.release();
    await patch;
    expect(queryClient.getQueryData(queries.keys.detail(uuid))).toBeUndefined();
  });

  it('your own onSuccess, spread into the options or given to mutate, adds to the cache updates and sees them done', async () => {
    const { fake, queries, queryClient } = setup();
    const uuid = fake.credits[0]!.uuid;
    const seen: string[] = [];
    const mine = (where: string) => () => {
      seen.push(`${where} ${queryClient.getQueryData(queries.keys.detail(uuid))?.value.toFixed()}`);
    };
    const observer = new MutationObserver(queryClient, { ...queries.patch(queryClient), onSuccess: mine('options'), onSettled: mine('settled') });
    // A mounted component: `mutate`'s own callbacks are called for a subscribed observer only.
    const unsubscribe = observer.subscribe(() => undefined);
    await observer.mutate({ uuid, input: { value: '7' } }, { onSuccess: mine('mutate') });
    unsubscribe();
    expect(seen).toEqual(['options 7', 'settled 7', 'mutate 7']);
    expect(queryClient.getQueryData(queries.keys.detail(uuid))!.value.toFixed()).toBe('7');
  });
});

describe('dehydrate and hydrate', () => {
  it('credits survive JSON with their Decimals exact', async () => {
    const { fake, queries, queryClient } = setup();
    fake.credits[0]!.value = '99999999999.99999';
    await queryClient.fetchQuery(queries.list({ page_size: 3 }));
    const json = JSON.stringify(dehydrate(queryClient, { serializeData: serializeQueryData }));
    const browser = new QueryClient();
    hydrate(browser, JSON.parse(json) as DehydratedState, { defaultOptions: { deserializeData: deserializeQueryData } });
    const page = browser.getQueryData(queries.list({ page_size: 3 }).queryKey)!;
    expect(page.items[0]!.value).toBeInstanceOf(Decimal);
    expect(page.items[0]!.value.toFixed()).toBe('99999999999.99999');
    expect(page.items[0]!.extraFields).toEqual({});
  });

  it('a Decimal anywhere round-trips; other values are untouched', () => {
    const data = { a: [new Decimal('0.1'), 'x', 1, null], b: { c: new Decimal('-5e-5') } };
    const back = deserializeQueryData(JSON.parse(JSON.stringify(serializeQueryData(data)))) as typeof data;
    expect(back.a[0]).toEqual(new Decimal('0.1'));
    expect(back.b.c.toFixed()).toBe('-0.00005');
    expect(back.a.slice(1)).toEqual(['x', 1, null]);
  });

  it('tagged decimals are read with the SDK’s limits: no NaN, Infinity, exponent, absurd magnitude or stray keys', () => {
    const tag = (value: unknown) => ({ $waldurDecimal: value });
    for (const bad of [
      tag('NaN'),
      tag('Infinity'),
      tag('-Infinity'),
      tag('1e5'),
      tag('1e999999999'),
      tag(' 1'),
      tag('0x10'),
      tag(''),
      tag(5),
      tag(null),
      tag(`1${'0'.repeat(41)}`),
      tag(`0.${'0'.repeat(40)}1`),
      tag(`1.${'1'.repeat(200)}`),
      { $waldurDecimal: '1', other: 2 },
    ]) {
      expect(() => deserializeQueryData({ credit: { value: bad } }), JSON.stringify(bad)).toThrow(WaldurInputError);
    }
    // The extremes the SDK reads come back.
    const largest = `${'9'.repeat(41)}.5`;
    const finest = `-0.${'0'.repeat(39)}1`;
    for (const good of [largest, finest, '0', '-0.5', '100.00000']) {
      expect((deserializeQueryData(tag(good)) as Decimal).eq(new Decimal(good))).toBe(true);
    }
  });

  it('hydrating a state with a bad tagged decimal fails instead of holding a wrong amount', () => {
    const { queries } = setup();
    const state = {
      mutations: [],
      queries: [
        {
          queryKey: queries.keys.count(),
          queryHash: JSON.stringify(queries.keys.count()),
          state: { data: { $waldurDecimal: 'NaN' }, status: 'success', dataUpdatedAt: 1 },
        },
      ],
    };
    expect(() => hydrate(new QueryClient(), state as never, { defaultOptions: { deserializeData: deserializeQueryData } })).toThrow(WaldurInputError);
  });

  it('a `__proto__` key is read back as an own property, never a prototype', () => {
    const back = deserializeQueryData(JSON.parse('{"a": {"__proto__": {"polluted": true}, "b": 1}}')) as { a: Record<string, unknown> };
    expect(Object.getPrototypeOf(back.a)).toBe(Object.prototype);
    expect(back.a.polluted).toBeUndefined();
    expect(Object.hasOwn(back.a, '__proto__')).toBe(true);
    const extra = Object.create(null) as Record<string, unknown>;
    Object.defineProperty(extra, '__proto__', { value: { polluted: true }, enumerable: true });
    const serialized = serializeQueryData({ extraFields: extra }) as { extraFields: Record<string, unknown> };
    expect(Object.hasOwn(serialized.extraFields, '__proto__')).toBe(true);
    expect(serialized.extraFields.polluted).toBeUndefined();
  });

  it('without the serializers, a query says so with a WaldurInputError instead of handing out strings typed as Decimal', async () => {
    const { fake, queries, queryClient } = setup();
    const uuid = fake.credits[0]!.uuid;
    const options = [queries.list({ page_size: 3 }), queries.get(uuid), queries.all()];
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- three data types in one loop; not unnecessary (tsc fails without it)
    for (const o of options) await queryClient.fetchQuery(o as never);
    await new InfiniteQueryObserver(queryClient, queries.infinite({ page_size: 3 })).refetch();
    const plain = JSON.parse(JSON.stringify(dehydrate(queryClient))) as DehydratedState;
    const serialized = JSON.parse(JSON.stringify(dehydrate(queryClient, { serializeData: serializeQueryData }))) as DehydratedState;

    const browser = new QueryClient({ defaultOptions: { queries: { staleTime: FOREVER } } });
    clients.push(browser);
    hydrate(browser, plain);
    for (const o of options) {
      const result = new QueryObserver(browser, o as never).getCurrentResult();
      expect(result.status).toBe('error');
      expect(result.data).toBeUndefined();
      expect(result.error).toBeInstanceOf(WaldurInputError);
      expect(String(result.error)).toMatch(/without deserializeQueryData/);
    }
    expect(new InfiniteQueryObserver(browser, queries.infinite({ page_size: 3 })).getCurrentResult().error).toBeInstanceOf(WaldurInputError);

    const good = new QueryClient({ defaultOptions: { queries: { staleTime: FOREVER } } });
    clients.push(good);
    hydrate(good, serialized, { defaultOptions: { deserializeData: deserializeQueryData } });
    for (const o of options) expect(new QueryObserver(good, o as never).getCurrentResult().status).toBe('success');
    expect(pagesOf(new InfiniteQueryObserver(good, queries.infinite({ page_size: 3 })).getCurrentResult().data)[0]!.items).toHaveLength(3);
  });
});
