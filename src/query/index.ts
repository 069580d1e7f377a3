/**
 * `waldur-project-credits/query`: the SDK's exact, typed credits through TanStack Query v5 (React,
 * Vue, Solid or Svelte Query alike). Query and mutation options with keys that hold the client's
 * base URL and canonical UUIDs, so two deployments never share a cache entry and either UUID form
 * hits the same one. Needs only `@tanstack/query-core` v5's types; nothing of it is imported at run time.
 *
 * @example
 * ```ts
 * import { useQuery, useQueryClient, useMutation } from '@tanstack/react-query';
 * import { projectCreditsQueries } from 'waldur-project-credits/query';
 *
 * const credits = projectCreditsQueries(waldur);
 * const { data: page } = useQuery(credits.list({ customer_uuid, page: 1 }));
 * const create = useMutation(credits.create(useQueryClient()));
 * ```
 *
 * @module waldur-project-credits/query
 */
import type { DataTag, InfiniteData, MutationObserverOptions, QueryClient, QueryFunctionContext } from '@tanstack/query-core';
import { Decimal } from 'waldur-project-credits';
import type { ProjectCredit, ProjectCreditInput, ProjectCreditPatch, ProjectCreditQuery, WaldurClient, WaldurError } from 'waldur-project-credits';

/**
 * One page of credits as the cache keeps it: plain data (no methods), so it survives
 * `dehydrate`/`hydrate` with {@link serializeQueryData}.
 *
 * @group Query
 */
export interface CreditsPage {
  /** The credits of this page, in server order. */
  items: ProjectCredit[];
  /** All credits matching the filters; `null` when the server hides `X-Result-Count`. */
  total: number | null;
  /** This page's number, from 1. */
  page: number;
  /** The page size the server applied. */
  pageSize: number;
  /** The last page's number, when known. */
  lastPage: number | null;
  /** The next page's number; `null` on the last page. */
  nextPage: number | null;
}

/** A filter set as keys hold it: no `undefined`, canonical UUIDs, keys sorted, orderings a list. */
type KeyQuery = Readonly<Record<string, unknown>>;

/**
 * The key hierarchy of one client, for invalidation: `all` (everything of this client), `lists()`
 * (every list, page, infinite list and walk), `list(query)`, `infinite(query)`, `walk(query)`,
 * `counts()`, `count(query)`, `details()`, `detail(uuid)`.
 *
 * @group Query
 */
export interface ProjectCreditsKeys {
  /** Everything of this client: `['waldur-project-credits', baseUrl]`. */
  readonly all: readonly ['waldur-project-credits', string];
  /** Every list of this client: pages, infinite lists and walks. */
  lists(): readonly unknown[];
  /** One awaited page of `list(query)`. */
  list(query?: ProjectCreditQuery): readonly unknown[];
  /** The infinite list of `query`. */
  infinite(query?: ProjectCreditQuery): readonly unknown[];
  /** Every credit of `query` (`listAll`). */
  walk(query?: ProjectCreditQuery): readonly unknown[];
  /** Every count of this client. */
  counts(): readonly unknown[];
  /** The count of `query`. */
  count(query?: ProjectCreditQuery): readonly unknown[];
  /** Every single credit of this client. */
  details(): readonly unknown[];
  /** One credit, by UUID in either form. */
  detail(uuid: string): readonly unknown[];
}

/**
 * Options of one query, ready for `useQuery` (or `queryClient.fetchQuery`): a typed key and a
 * `queryFn` that passes TanStack's `signal` to the SDK. `retry` is `false`: the SDK already
 * retries idempotent requests itself. `structuralSharing` keeps unchanged credits (`Decimal`s
 * compared by value) so components re-render only for what changed.
 *
 * @group Query
 */
export interface CreditQueryOptions<TData> {
  /** The key, tagged with the data type. */
  queryKey: DataTag<readonly unknown[], TData, WaldurError>;
  /** Fetches through the SDK, with TanStack's abort signal. */
  queryFn: (context: QueryFunctionContext<readonly unknown[]>) => Promise<TData>;
  /** `false`: retries are the SDK's (see the README). Override by spreading your own. */
  retry: false;
  /** Keeps what did not change, comparing `Decimal`s by value. */
  structuralSharing: (oldData: unknown, newData: unknown) => unknown;
}

/**
 * Options of an infinite query, ready for `useInfiniteQuery`: pages of typed credits.
 *
 * @group Query
 */
export interface CreditInfiniteQueryOptions {
  /** The key, tagged with the data type. */
  queryKey: DataTag<readonly unknown[], InfiniteData<CreditsPage, number>, WaldurError>;
  /** Fetches page `pageParam` through the SDK, with TanStack's abort signal. */
  queryFn: (context: QueryFunctionContext<readonly unknown[], number>) => Promise<CreditsPage>;
  /** The first page: the query's `page`, else 1. */
  initialPageParam: number;
  /** The next page's number from the last page; `undefined` at the end. */
  getNextPageParam: (lastPage: CreditsPage) => number | undefined;
  /** `false`: retries are the SDK's. */
  retry: false;
  /** Keeps what did not change, comparing `Decimal`s by value. */
  structuralSharing: (oldData: unknown, newData: unknown) => unknown;
}

/**
 * The variables of the `update` and `patch` mutations.
 *
 * @group Query
 */
export interface CreditChange<TInput> {
  /** The credit's UUID (either form) or its `url`. */
  uuid: string;
  /** The fields to send. */
  input: TInput;
}

/**
 * Query and mutation options for one client; see {@link projectCreditsQueries}.
 *
 * @group Query
 */
export interface ProjectCreditsQueries {
  /** The key hierarchy, for invalidation. */
  readonly keys: ProjectCreditsKeys;
  /** One page (`page`, `page_size` in the query). */
  list(query?: ProjectCreditQuery): CreditQueryOptions<CreditsPage>;
  /** One credit, by UUID in either form or by its `url`. */
  get(uuid: string): CreditQueryOptions<ProjectCredit>;
  /** How many credits match. */
  count(query?: ProjectCreditQuery): CreditQueryOptions<number>;
  /** Every credit that matches (`listAll`). */
  all(query?: ProjectCreditQuery): CreditQueryOptions<ProjectCredit[]>;
  /** Page after page, for "load more". */
  infinite(query?: ProjectCreditQuery): CreditInfiniteQueryOptions;
  /** Creates a credit; on success it is cached as its detail and the lists and counts are invalidated. */
  create(queryClient: QueryClient): MutationObserverOptions<ProjectCredit, WaldurError, ProjectCreditInput>;
  /** Replaces a credit (`PUT`); on success its detail is updated and the lists invalidated. */
  update(queryClient: QueryClient): MutationObserverOptions<ProjectCredit, WaldurError, CreditChange<ProjectCreditInput>>;
  /** Changes some fields (`PATCH`); on success its detail is updated and the lists invalidated. */
  patch(queryClient: QueryClient): MutationObserverOptions<ProjectCredit, WaldurError, CreditChange<ProjectCreditPatch>>;
  /** Deletes a credit; on success its detail is removed and the lists and counts invalidated. */
  delete(queryClient: QueryClient): MutationObserverOptions<void, WaldurError, string>;
}

const UUID = /^([0-9a-f]{8})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{12})$/i;
const CREDIT_URL = /\/api\/project-credits\/([0-9a-f-]{32,36})\/?$/i;

/**
 * A UUID's canonical form (a credit URL gives its UUID); anything else as given, for the SDK to
 * refuse. The same form as the SDK's own `canonicalUuid`, which is not public: importing it here
 * would make the build split a chunk shared by both entry points.
 */
function canonical(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const m = UUID.exec(value) ?? UUID.exec(CREDIT_URL.exec(value)?.[1] ?? '');
  return m ? `${m[1]}-${m[2]}-${m[3]}-${m[4]}-${m[5]}`.toLowerCase() : value;
}

/** A query as keys hold it, so equal filters make equal keys whatever their spelling. */
function keyQuery(query: ProjectCreditQuery = {}): KeyQuery {
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(query).sort()) {
    const value = (query as Record<string, unknown>)[name];
    if (value === undefined) continue;
    out[name] = name.endsWith('_uuid') ? canonical(value) : name === 'o' && typeof value === 'string' ? [value] : value;
  }
  return out;
}

/**
 * Data with unchanged parts kept from `previous` (as TanStack's own structural sharing does),
 * where two `Decimal`s are the same when their values are.
 */
function share(previous: unknown, next: unknown): unknown {
  if (previous === next) return previous;
  if (Decimal.isDecimal(previous) && Decimal.isDecimal(next)) return (previous as Decimal).eq(next as Decimal) ? previous : next;
  if (Array.isArray(previous) && Array.isArray(next)) {
    const out = next.map((item, i) => share(previous[i], item));
    return previous.length === next.length && out.every((item, i) => item === previous[i]) ? previous : out;
  }
  if (!isPlain(previous) || !isPlain(next)) return next;
  const keys = Object.keys(next);
  const out: Record<string, unknown> = {};
  let same = keys.length === Object.keys(previous).length;
  for (const key of keys) {
    out[key] = share(previous[key], next[key]);
    same &&= out[key] === previous[key] && Object.hasOwn(previous, key);
  }
  return same ? previous : out;
}

function isPlain(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Query and mutation options for one client. Keys start with `['waldur-project-credits',
 * client.baseUrl]`, so the clients of two deployments never share an entry.
 *
 * @example
 * ```ts
 * const credits = projectCreditsQueries(waldur);
 * await queryClient.fetchQuery(credits.get(uuid));
 * await queryClient.invalidateQueries({ queryKey: credits.keys.lists() });
 * ```
 *
 * @group Query
 */
export function projectCreditsQueries(client: WaldurClient): ProjectCreditsQueries {
  const resource = client.projectCredits;
  const all = ['waldur-project-credits', client.baseUrl] as const;
  const keys: ProjectCreditsKeys = {
    all,
    lists: () => [...all, 'lists'],
    list: (query) => [...all, 'lists', 'page', keyQuery(query)],
    infinite: (query) => [...all, 'lists', 'infinite', keyQuery(query)],
    walk: (query) => [...all, 'lists', 'all', keyQuery(query)],
    counts: () => [...all, 'counts'],
    count: (query) => [...all, 'counts', keyQuery(query)],
    details: () => [...all, 'detail'],
    detail: (uuid) => [...all, 'detail', canonical(uuid)],
  };
  const options = <T>(queryKey: readonly unknown[], queryFn: (signal: AbortSignal) => Promise<T>): CreditQueryOptions<T> => ({
    queryKey: queryKey as DataTag<readonly unknown[], T, WaldurError>,
    queryFn: ({ signal }) => queryFn(signal),
    retry: false,
    structuralSharing: share,
  });
  const page = async (query: ProjectCreditQuery, number: number | undefined, signal: AbortSignal): Promise<CreditsPage> => {
    const { items, total, page, pageSize, lastPage, hasNextPage } = await resource.list({ ...query, page: number ?? query.page }, { signal });
    return { items, total, page, pageSize, lastPage, nextPage: hasNextPage() ? page + 1 : null };
  };
  // Lists and counts may all have changed; the promise makes the mutation wait for the refetch.
  const refresh = (queryClient: QueryClient) =>
    Promise.all([queryClient.invalidateQueries({ queryKey: keys.lists() }), queryClient.invalidateQueries({ queryKey: keys.counts() })]);
  const written = (queryClient: QueryClient) => (credit: ProjectCredit) => {
    queryClient.setQueryData(keys.detail(credit.uuid), credit);
    return refresh(queryClient);
  };
  return {
    keys,
    list: (query = {}) => options(keys.list(query), (signal) => page(query, undefined, signal)),
    get: (uuid) => options(keys.detail(uuid), (signal) => resource.get(uuid, { signal })),
    count: (query) => options(keys.count(query), (signal) => resource.count(query, { signal })),
    all: (query) => options(keys.walk(query), (signal) => resource.listAll(query, { signal })),
    infinite: (query = {}) => ({
      queryKey: keys.infinite(query) as DataTag<readonly unknown[], InfiniteData<CreditsPage, number>, WaldurError>,
      queryFn: ({ pageParam, signal }) => page(query, pageParam, signal),
      initialPageParam: query.page ?? 1,
      getNextPageParam: (last) => last.nextPage ?? undefined,
      retry: false,
      structuralSharing: share,
    }),
    create: (queryClient) => ({ mutationFn: (input) => resource.create(input), onSuccess: written(queryClient) }),
    update: (queryClient) => ({ mutationFn: ({ uuid, input }) => resource.update(uuid, input), onSuccess: written(queryClient) }),
    patch: (queryClient) => ({ mutationFn: ({ uuid, input }) => resource.patch(uuid, input), onSuccess: written(queryClient) }),
    delete: (queryClient) => ({
      mutationFn: (uuid) => resource.delete(uuid),
      onSuccess: (_, uuid) => {
        queryClient.removeQueries({ queryKey: keys.detail(uuid) });
        return refresh(queryClient);
      },
    }),
  };
}

/** The tag a serialized `Decimal` carries; no server field is named so. */
const DECIMAL_TAG = '$waldurDecimal';

/**
 * Query data made JSON-safe for `dehydrate` (SSR, persisted caches): each `Decimal` becomes
 * `{ "$waldurDecimal": "<exact digits>" }`; {@link deserializeQueryData} reverses it.
 *
 * @example
 * ```ts
 * const state = dehydrate(queryClient, { serializeData: serializeQueryData });
 * hydrate(browserClient, JSON.parse(JSON.stringify(state)), { defaultOptions: { deserializeData: deserializeQueryData } });
 * ```
 *
 * @group Query
 */
export function serializeQueryData(data: unknown): unknown {
  if (Decimal.isDecimal(data)) return { [DECIMAL_TAG]: (data as Decimal).toFixed() };
  if (Array.isArray(data)) return data.map(serializeQueryData);
  if (!isPlain(data)) return data;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(data)) out[key] = serializeQueryData(data[key]);
  return out;
}

/**
 * Query data read back from {@link serializeQueryData}'s form: the `Decimal`s are `Decimal`s again,
 * exact.
 *
 * @group Query
 */
export function deserializeQueryData(data: unknown): unknown {
  if (Array.isArray(data)) return data.map(deserializeQueryData);
  if (!isPlain(data)) return data;
  const keys = Object.keys(data);
  if (keys.length === 1 && keys[0] === DECIMAL_TAG && typeof data[DECIMAL_TAG] === 'string') return new Decimal(data[DECIMAL_TAG]);
  const out: Record<string, unknown> = {};
  for (const key of keys) out[key] = deserializeQueryData(data[key]);
  return out;
}
