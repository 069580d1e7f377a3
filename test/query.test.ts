/**
 * `waldur-project-credits/query` with @tanstack/query-core alone (what React, Vue, Solid and
 * Svelte Query build on), against the fake Waldur: keys, query functions with TanStack's signal,
 * infinite pages, mutations that update the cache, and dehydrate/hydrate with exact Decimals.
 */
import { dehydrate, hydrate, InfiniteQueryObserver, MutationObserver, QueryClient, QueryObserver } from '@tanstack/query-core';
import type { InfiniteData } from '@tanstack/query-core';
import { afterEach, describe, expect, it } from 'vitest';
import { createWaldurClient, Decimal, WaldurNotFoundError } from '../src/index.js';
import type { ProjectCredit } from '../src/index.js';
import { deserializeQueryData, projectCreditsQueries, serializeQueryData } from '../src/query/index.js';
import type { CreditsPage } from '../src/query/index.js';
import { createFakeWaldur } from '../src/testing/index.js';

function setup(baseUrl = 'https://waldur.test') {
  const fake = createFakeWaldur({ credits: 25, baseUrl });
  const requests: { url: string; signal: AbortSignal | null | undefined }[] = [];
  const fetch: typeof globalThis.fetch = (input, init) => {
    requests.push({ url: input instanceof Request ? input.url : String(input), signal: init?.signal });
    return fake.fetch(input, init);
  };
  const waldur = createWaldurClient({ baseUrl: fake.baseUrl, token: 'test', fetch, maxRetries: 0 });
  const queryClient = new QueryClient({ defaultOptions: { queries: { gcTime: Number.POSITIVE_INFINITY } } });
  return { fake, waldur, queries: projectCreditsQueries(waldur), queryClient, requests };
}

const clients: QueryClient[] = [];
afterEach(() => {
  for (const client of clients.splice(0)) client.clear();
});

describe('keys', () => {
  it('hold the base URL, canonical UUIDs and the filters in a stable form', () => {
    const { queries } = setup();
    const hex = '0C1D2E3F40514A6B8C7D9E0F1A2B3C4D';
    const hyphenated = '0c1d2e3f-4051-4a6b-8c7d-9e0f1a2b3c4d';
    expect(queries.keys.detail(hex)).toEqual(queries.keys.detail(hyphenated));
    expect(queries.keys.detail(`https://waldur.test/api/project-credits/${hex}/`)).toEqual(queries.keys.detail(hyphenated));
    expect(queries.keys.list({ project_uuid: hex, o: '-value', page_size: undefined })).toEqual(
      queries.keys.list({ o: ['-value'], project_uuid: hyphenated }),
    );
    expect(queries.keys.all).toEqual(['waldur-project-credits', 'https://waldur.test']);
    expect(queries.keys.list().slice(0, 3)).toEqual(queries.keys.lists());
    expect(queries.keys.infinite().slice(0, 3)).toEqual(queries.keys.lists());
    expect(queries.keys.walk().slice(0, 3)).toEqual(queries.keys.lists());
  });

  it('two deployments never share an entry', () => {
    const a = setup('https://a.example.com').queries;
    const b = setup('https://b.example.com').queries;
    const uuid = '0c1d2e3f-4051-4a6b-8c7d-9e0f1a2b3c4d';
    expect(a.keys.detail(uuid)).not.toEqual(b.keys.detail(uuid));
    expect(a.list().queryKey).not.toEqual(b.list().queryKey);
  });
});

describe('queries', () => {
  it('get, list, count and all fetch typed credits through the SDK, with TanStack’s signal', async () => {
    const { fake, queries, queryClient, requests } = setup();
    clients.push(queryClient);
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
    expect(await queryClient.fetchQuery({ ...queries.get(uuid.toUpperCase()), staleTime: Number.POSITIVE_INFINITY })).toBe(credit);
    expect(requests.length).toBe(before);
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

  it('infinite pages carry typed credits and end on the last page', async () => {
    const { queries, queryClient } = setup();
    const observer = new InfiniteQueryObserver(queryClient, queries.infinite({ page_size: 10 }));
    await observer.refetch();
    await observer.fetchNextPage();
    const result = await observer.fetchNextPage();
    const data = result.data as InfiniteData<CreditsPage, number>;
    expect(data.pages.map((p) => p.items.length)).toEqual([10, 10, 5]);
    expect(data.pageParams).toEqual([1, 2, 3]);
    expect(data.pages[2]!.items[0]!.value).toBeInstanceOf(Decimal);
    expect(result.hasNextPage).toBe(false);
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
});

describe('mutations', () => {
  const run = <T, V>(queryClient: QueryClient, options: ConstructorParameters<typeof MutationObserver<T, Error, V>>[1], variables: V) =>
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
    expect((queryClient.getQueryData(queries.keys.detail(uuid)) as ProjectCredit).value.toFixed()).toBe('42.00001');
    await run(queryClient, queries.update(queryClient), { uuid, input: { ...patched, value: '43' } });
    expect((queryClient.getQueryData(queries.keys.detail(uuid)) as ProjectCredit).value.toFixed()).toBe('43');
    await run(queryClient, queries.delete(queryClient), uuid);
    expect(queryClient.getQueryData(queries.keys.detail(uuid))).toBeUndefined();
    expect(await queryClient.fetchQuery(queries.count())).toBe(24);
  });
});

describe('dehydrate and hydrate', () => {
  it('credits survive JSON with their Decimals exact', async () => {
    const { fake, queries, queryClient } = setup();
    fake.credits[0]!.value = '99999999999.99999';
    await queryClient.fetchQuery(queries.list({ page_size: 3 }));
    const json = JSON.stringify(dehydrate(queryClient, { serializeData: serializeQueryData }));
    const browser = new QueryClient();
    hydrate(browser, JSON.parse(json), { defaultOptions: { deserializeData: deserializeQueryData } });
    const page = browser.getQueryData(queries.list({ page_size: 3 }).queryKey)!;
    expect(page.items[0]!.value).toBeInstanceOf(Decimal);
    expect(page.items[0]!.value.toFixed()).toBe('99999999999.99999');
    expect(page.items[0]!.extraFields).toEqual({});
  });

  it('a Decimal anywhere round-trips; other values are untouched', () => {
    const data = { a: [new Decimal('0.1'), 'x', 1, null], b: { c: new Decimal('-5e-5') } };
    const back = deserializeQueryData(JSON.parse(JSON.stringify(serializeQueryData(data)))) as typeof data;
    expect(back.a[0]).toEqual(new Decimal('0.1'));
    expect((back.b.c as Decimal).toFixed()).toBe('-0.00005');
    expect(back.a.slice(1)).toEqual(['x', 1, null]);
  });
});
