/**
 * `waldur-project-credits/query`: the SDK's exact, typed credits through TanStack Query v5 (React,
 * Vue, Solid or Svelte Query alike). Query and mutation options whose keys hold the client's base
 * URL, a scope (one per client unless you name the signed-in user) and canonical UUIDs: two
 * deployments or two clients (two credentials) never share a cache entry, and either UUID form hits
 * the same one. Needs only `@tanstack/query-core` v5's types; nothing of it is imported at run time.
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
import type { DataTag, InfiniteData, MutationObserverOptions, QueryClient, QueryFunctionContext, QueryKey } from '@tanstack/query-core';
import { canonicalUuid, Decimal, WaldurInputError, WaldurNotFoundError } from 'waldur-project-credits';
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

/**
 * A query key tagged with the data its entry holds (TanStack's `DataTag`), so that
 * `queryClient.getQueryData(key)` and `setQueryData(key, …)` are typed.
 *
 * @group Query
 */
export type CreditKey<TData> = DataTag<QueryKey, TData, WaldurError>;

/**
 * Options of {@link projectCreditsQueries}.
 *
 * @group Query
 */
export interface ProjectCreditsQueriesOptions {
  /**
   * Whose credits the cache entries hold: a stable name of the signed-in user, such as their user
   * UUID or username, never their token (nor anything made from it). Keys hold it in clear.
   *
   * Without it each client object gets a scope of its own, for as long as it lives: two clients
   * (two credentials) never share an entry, and neither do a server and a browser. Name the same
   * scope on both to hydrate a server-rendered cache in the browser.
   */
  scope?: string | undefined;
}

/**
 * The key hierarchy of one client and scope, for invalidation: `all` (everything of this client
 * and scope), `lists()` (every list, page, infinite list and walk), `list(query)`, `infinite(query)`,
 * `walk(query)`, `counts()`, `count(query)`, `details()`, `detail(uuid)`. The keys of single entries
 * are typed: `queryClient.getQueryData(credits.keys.detail(uuid))` is a `ProjectCredit | undefined`.
 *
 * @group Query
 */
export interface ProjectCreditsKeys {
  /** Everything of this client and scope: `['waldur-project-credits', baseUrl, scope]`. */
  readonly all: QueryKey;
  /** Every list of this client: pages, infinite lists and walks. */
  lists(): QueryKey;
  /** One awaited page of `list(query)`. */
  list(query?: ProjectCreditQuery): CreditKey<CreditsPage>;
  /** The infinite list of `query`. */
  infinite(query?: ProjectCreditQuery): CreditKey<InfiniteData<CreditsPage, number>>;
  /** Every credit of `query` (`listAll`). */
  walk(query?: ProjectCreditQuery): CreditKey<ProjectCredit[]>;
  /** Every count of this client. */
  counts(): QueryKey;
  /** The count of `query`; its `page` and `page_size` are left out (they change no count). */
  count(query?: ProjectCreditQuery): CreditKey<number>;
  /** Every single credit of this client. */
  details(): QueryKey;
  /**
   * One credit, by UUID in either form or by its `url` on this client's deployment. Anything else
   * (a URL of another deployment) keys an entry of its own, which the SDK refuses to fetch.
   */
  detail(uuid: string): CreditKey<ProjectCredit>;
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
  queryKey: CreditKey<TData>;
  /** Fetches through the SDK, with TanStack's abort signal. */
  queryFn: (context: QueryFunctionContext) => Promise<TData>;
  /**
   * Hands the data on unchanged once its amounts are checked to be `Decimal`s: a cache hydrated
   * without {@link deserializeQueryData} holds strings instead, and the query is then in `error`
   * with a `WaldurInputError` saying so (rather than a `.toFixed` that throws while rendering).
   * Your own `select` replaces this check; call this one first in it to keep it.
   */
  select: (data: TData) => TData;
  /** `false`: retries are the SDK's (see the README). Override by spreading your own. */
  retry: false;
  /** Keeps what did not change, comparing `Decimal`s by value. */
  structuralSharing: (oldData: unknown, newData: unknown) => unknown;
}

/**
 * Options of an infinite query, ready for `useInfiniteQuery`: pages of typed credits, as the SDK's
 * own pages behave (a 404 `Invalid page.` past the first page is the end), each credit once.
 *
 * @group Query
 */
export interface CreditInfiniteQueryOptions {
  /** The key, tagged with the data type. */
  queryKey: CreditKey<InfiniteData<CreditsPage, number>>;
  /**
   * Fetches page `pageParam` through the SDK, with TanStack's abort signal. A 404 for a page after
   * the first (the list ended on a full page, or shrank) is an empty last page, as the SDK's
   * `getNextPage()` answers it, not an error.
   */
  queryFn: (context: QueryFunctionContext<QueryKey, number>) => Promise<CreditsPage>;
  /** The first page: the query's `page`, else 1. */
  initialPageParam: number;
  /** The next page's number from the last page; `undefined` at the end. */
  getNextPageParam: (lastPage: CreditsPage) => number | undefined;
  /** The page before the first one loaded; `undefined` from page 1. */
  getPreviousPageParam: (firstPage: CreditsPage) => number | undefined;
  /**
   * Each credit once across the pages: a credit a later page repeats (credits were created or
   * deleted between two fetches, so the pages moved) is left out of that page; the cache keeps the
   * pages as the server sent them. Also checks the amounts as {@link CreditQueryOptions.select}
   * does. Your own `select` replaces this one; call this one first in it to keep it.
   */
  select: (data: InfiniteData<CreditsPage, number>) => InfiniteData<CreditsPage, number>;
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
 * The mutations update the cache inside their `mutationFn`, so your own `onSuccess`, `onMutate`
 * or `onSettled` (spread into the options or given to `mutate`) adds to those updates and cannot
 * replace them; they run once the cache holds the answer. The cache keeps the last write of a
 * credit: when two writes of one credit are answered out of order, the answer to the one started
 * first is not applied (its entry is marked stale instead, and refetched where on screen).
 *
 * @group Query
 */
export interface ProjectCreditsQueries {
  /** The key hierarchy, for invalidation. */
  readonly keys: ProjectCreditsKeys;
  /** One page (`page`, `page_size` in the query). */
  list(query?: ProjectCreditQuery): CreditQueryOptions<CreditsPage>;
  /** One credit, by UUID in either form or by its `url` (on this client's deployment: the SDK refuses another's). */
  get(uuid: string): CreditQueryOptions<ProjectCredit>;
  /** How many credits match; `page` and `page_size` are ignored. */
  count(query?: ProjectCreditQuery): CreditQueryOptions<number>;
  /** Every credit that matches (`listAll`). */
  all(query?: ProjectCreditQuery): CreditQueryOptions<ProjectCredit[]>;
  /** Page after page, for "load more" (and "load previous" from a later first page). */
  infinite(query?: ProjectCreditQuery): CreditInfiniteQueryOptions;
  /** Creates a credit; it is cached as its detail, and the lists and counts are invalidated. */
  create(queryClient: QueryClient): MutationObserverOptions<ProjectCredit, WaldurError, ProjectCreditInput>;
  /** Replaces a credit (`PUT`); its detail is updated, and the lists and counts are invalidated. */
  update(queryClient: QueryClient): MutationObserverOptions<ProjectCredit, WaldurError, CreditChange<ProjectCreditInput>>;
  /** Changes some fields (`PATCH`); its detail is updated, and the lists and counts are invalidated. */
  patch(queryClient: QueryClient): MutationObserverOptions<ProjectCredit, WaldurError, CreditChange<ProjectCreditPatch>>;
  /** Deletes a credit; its detail is removed, and the lists and counts are invalidated. */
  delete(queryClient: QueryClient): MutationObserverOptions<void, WaldurError, string>;
}

/** A filter set as keys hold it, so equal filters make equal keys whatever their spelling: no `undefined`, canonical UUIDs, keys sorted, orderings a list. */
function keyQuery(query: ProjectCreditQuery = {}): Readonly<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(query).sort()) {
    const value = (query as Record<string, unknown>)[name];
    if (value === undefined) continue;
    out[name] = name.endsWith('_uuid') ? (canonicalUuid(value) ?? value) : name === 'o' && typeof value === 'string' ? [value] : value;
  }
  return out;
}

/** A query without its paging: what a count depends on. */
const unpaged = ({ page, page_size, ...filters }: ProjectCreditQuery = {}): ProjectCreditQuery => filters;

/** The scope of each client given no `scope`: a number of its own, for as long as the client lives. */
const clientScopes = new WeakMap<WaldurClient, number>();
let lastClientScope = 0;
/** Writes started, in order: a write's number says which of two writes of one credit is newer. */
let writesStarted = 0;
/** Per query client, the writes of each credit in flight and the newest one applied to the cache; an entry lives while a write of its credit is in flight. */
const writeLogs = new WeakMap<QueryClient, Map<string, { pending: number; applied: number }>>();

/**
 * Query and mutation options for one client. Keys start with `['waldur-project-credits',
 * client.baseUrl, scope]`: the clients of two deployments, and two clients of one deployment,
 * never share an entry unless they name the same `scope`.
 *
 * Throws a `WaldurInputError` for an unknown option or a `scope` that is not a non-empty string.
 *
 * @example
 * ```ts
 * const credits = projectCreditsQueries(waldur, { scope: session.userUuid });
 * await queryClient.fetchQuery(credits.get(uuid));
 * await queryClient.invalidateQueries({ queryKey: credits.keys.lists() });
 * ```
 *
 * @group Query
 */
export function projectCreditsQueries(client: WaldurClient, options: ProjectCreditsQueriesOptions = {}): ProjectCreditsQueries {
  for (const name of Object.keys(options)) {
    if (name !== 'scope') throw new WaldurInputError(`options.${name}`, 'is not an option of projectCreditsQueries');
  }
  const { scope } = options;
  // The value is never shown: a scope set to a token by mistake must not reach a message.
  if (scope !== undefined && (typeof scope !== 'string' || scope === '')) {
    throw new WaldurInputError('options.scope', 'expected a non-empty string naming the signed-in user, never the token');
  }
  let clientScope = clientScopes.get(client);
  if (scope === undefined && clientScope === undefined) clientScopes.set(client, (clientScope = ++lastClientScope));
  const resource = client.projectCredits;
  const all = ['waldur-project-credits', client.baseUrl, scope === undefined ? { client: clientScope } : { scope }] as const;
  const creditsUrl = `${client.baseUrl}/api/project-credits/`;
  /** A credit's canonical UUID from its UUID or its URL on this deployment; anything else as given, for the SDK to refuse. */
  const creditId = (value: string): string =>
    canonicalUuid(value) ??
    (typeof value === 'string' && value.startsWith(creditsUrl) ? canonicalUuid(value.slice(creditsUrl.length).replace(/\/$/, '')) : undefined) ??
    value;
  const keys: ProjectCreditsKeys = {
    all,
    lists: () => [...all, 'lists'],
    list: (query) => [...all, 'lists', 'page', keyQuery(query)] as QueryKey as CreditKey<CreditsPage>,
    infinite: (query) => [...all, 'lists', 'infinite', keyQuery(query)] as QueryKey as CreditKey<InfiniteData<CreditsPage, number>>,
    walk: (query) => [...all, 'lists', 'all', keyQuery(query)] as QueryKey as CreditKey<ProjectCredit[]>,
    counts: () => [...all, 'counts'],
    count: (query) => [...all, 'counts', keyQuery(unpaged(query))] as QueryKey as CreditKey<number>,
    details: () => [...all, 'detail'],
    detail: (uuid) => [...all, 'detail', creditId(uuid)] as QueryKey as CreditKey<ProjectCredit>,
  };
  const queryOptions = <T>(queryKey: CreditKey<T>, queryFn: (signal: AbortSignal) => Promise<T>): CreditQueryOptions<T> => ({
    queryKey,
    queryFn: ({ signal }) => queryFn(signal),
    select: checked,
    retry: false,
    structuralSharing: share,
  });
  const page = async (query: ProjectCreditQuery, number: number | undefined, signal: AbortSignal): Promise<CreditsPage> => {
    try {
      const answer = await resource.list({ ...query, page: number ?? query.page }, { signal });
      const { items, total, page, pageSize, lastPage } = answer;
      return { items, total, page, pageSize, lastPage, nextPage: answer.hasNextPage() ? page + 1 : null };
    } catch (error) {
      // As the SDK's getNextPage(): a 404 ("Invalid page.") past the first page ends the list, which
      // ended on a full page (a next page is only a guess when the paging headers are hidden) or shrank.
      // The page size is then the query's, else the SDK's default for one page (100).
      if (number !== undefined && number > 1 && error instanceof WaldurNotFoundError) {
        return { items: [], total: null, page: number, pageSize: query.page_size ?? 100, lastPage: number, nextPage: null };
      }
      throw error;
    }
  };
  // Lists and counts may all have changed; the promise makes the mutation wait for the refetch.
  const refresh = (queryClient: QueryClient) =>
    Promise.all([queryClient.invalidateQueries({ queryKey: keys.lists() }), queryClient.invalidateQueries({ queryKey: keys.counts() })]);
  /**
   * Sends a write of credit `uuid` (none for a create), applies its answer to the cache unless the
   * answer of a write of that credit started later is applied already (then the entry is marked
   * stale instead), and refreshes the lists and counts.
   */
  const write = async <T>(queryClient: QueryClient, uuid: string | undefined, send: () => Promise<T>, apply: (answer: T) => void): Promise<T> => {
    const number = ++writesStarted;
    const log = writeLogs.get(queryClient) ?? new Map<string, { pending: number; applied: number }>();
    writeLogs.set(queryClient, log);
    const id = uuid === undefined ? undefined : JSON.stringify(keys.detail(uuid));
    const entry = (id !== undefined && log.get(id)) || { pending: 0, applied: 0 };
    if (id !== undefined) log.set(id, entry);
    entry.pending++;
    try {
      const answer = await send();
      if (number > entry.applied) {
        entry.applied = number;
        apply(answer);
      } else if (uuid !== undefined) void queryClient.invalidateQueries({ queryKey: keys.detail(uuid), exact: true });
      await refresh(queryClient);
      return answer;
    } finally {
      if (--entry.pending === 0 && id !== undefined) log.delete(id);
    }
  };
  const cache = (queryClient: QueryClient) => (credit: ProjectCredit) => queryClient.setQueryData(keys.detail(credit.uuid), credit);
  return {
    keys,
    list: (query = {}) => queryOptions(keys.list(query), (signal) => page(query, undefined, signal)),
    get: (uuid) => queryOptions(keys.detail(uuid), (signal) => resource.get(uuid, { signal })),
    count: (query) => queryOptions(keys.count(query), (signal) => resource.count(unpaged(query), { signal })),
    all: (query) => queryOptions(keys.walk(query), (signal) => resource.listAll(query, { signal })),
    infinite: (query = {}) => ({
      queryKey: keys.infinite(query),
      queryFn: ({ pageParam, signal }) => page(query, pageParam, signal),
      initialPageParam: query.page ?? 1,
      getNextPageParam: (last) => last.nextPage ?? undefined,
      getPreviousPageParam: (first) => (first.page > 1 ? first.page - 1 : undefined),
      select: unique,
      retry: false,
      structuralSharing: share,
    }),
    create: (queryClient) => ({ mutationFn: (input) => write(queryClient, undefined, () => resource.create(input), cache(queryClient)) }),
    update: (queryClient) => ({ mutationFn: ({ uuid, input }) => write(queryClient, uuid, () => resource.update(uuid, input), cache(queryClient)) }),
    patch: (queryClient) => ({ mutationFn: ({ uuid, input }) => write(queryClient, uuid, () => resource.patch(uuid, input), cache(queryClient)) }),
    delete: (queryClient) => ({
      mutationFn: (uuid) =>
        write(
          queryClient,
          uuid,
          () => resource.delete(uuid),
          () => queryClient.removeQueries({ queryKey: keys.detail(uuid) }),
        ),
    }),
  };
}

/**
 * Data handed on unchanged once its amounts are `Decimal`s (the first credit's `value` stands for
 * all: every amount goes through the same serializer). Strings there mean a cache hydrated without
 * {@link deserializeQueryData}.
 */
function checked<T>(data: T): T {
  const items = (data as { items?: unknown } | null)?.items;
  const credit: unknown = Array.isArray(data) ? data[0] : Array.isArray(items) ? items[0] : data;
  if (isPlain(credit) && 'value' in credit && !Decimal.isDecimal(credit.value)) {
    throw new WaldurInputError(
      'deserializeData',
      'cached amounts are strings, not Decimals: the cache was hydrated without deserializeQueryData (give it to hydrate, and serializeQueryData to dehydrate)',
    );
  }
  return data;
}

/**
 * Pages with each credit once: a credit an earlier page holds is left out of a later one. (The new
 * objects cost no re-render: TanStack passes what `select` returns through {@link share}.)
 */
function unique(data: InfiniteData<CreditsPage, number>): InfiniteData<CreditsPage, number> {
  const seen = new Set<string>();
  return {
    ...data,
    pages: data.pages.map((page) => ({ ...page, items: checked(page).items.filter((credit) => seen.size < seen.add(credit.uuid).size) })),
  };
}

/**
 * Data with unchanged parts kept from `previous` (as TanStack's own structural sharing does),
 * where two `Decimal`s are the same when their values are.
 */
function share(previous: unknown, next: unknown): unknown {
  if (previous === next) return previous;
  if (Decimal.isDecimal(previous) && Decimal.isDecimal(next)) return previous.eq(next) ? previous : next;
  if (Array.isArray(previous) && Array.isArray(next)) {
    const out = next.map((item, i) => share(previous[i], item));
    return previous.length === next.length && out.every((item, i) => item === previous[i]) ? previous : out;
  }
  if (!isPlain(previous) || !isPlain(next)) return next;
  const keys = Object.keys(next);
  const out: Record<string, unknown> = {};
  let same = keys.length === Object.keys(previous).length;
  for (const key of keys) {
    const had = Object.hasOwn(previous, key);
    const value = share(had ? previous[key] : undefined, next[key]);
    put(out, key, value);
    same &&= had && value === previous[key];
  }
  return same ? previous : out;
}

function isPlain(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** `out[key] = value`, where a `__proto__` key is an own property like any other, never the prototype. */
function put(out: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  else out[key] = value;
}

/** The tag a serialized `Decimal` carries; no server field is named so. */
const DECIMAL_TAG = '$waldurDecimal';
/**
 * The longest tagged decimal read back: every amount the SDK reads (at most 100 characters as the
 * server wrote it, within ±1e40) is shorter written out in plain digits.
 */
const TAGGED_LENGTH = 150;
/** The magnitudes the SDK reads: none beyond ±1e40 or finer than 1e-40. */
const TAGGED_EXPONENT = 40;

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
  if (Decimal.isDecimal(data)) return { [DECIMAL_TAG]: data.toFixed() };
  if (Array.isArray(data)) return data.map(serializeQueryData);
  if (!isPlain(data)) return data;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(data)) put(out, key, serializeQueryData(data[key]));
  return out;
}

/**
 * Query data read back from {@link serializeQueryData}'s form: the `Decimal`s are `Decimal`s again,
 * exact. A tagged decimal is read with the limits the SDK reads amounts with: plain digits
 * (`-12.5`; no `NaN`, `Infinity` or exponent), within ±1e40; anything else (or a tag beside other
 * keys) throws a `WaldurInputError`, so `hydrate` fails rather than hold a wrong amount. A `__proto__`
 * key is an own property, never a prototype.
 *
 * @group Query
 */
export function deserializeQueryData(data: unknown): unknown {
  if (Array.isArray(data)) return data.map(deserializeQueryData);
  if (!isPlain(data)) return data;
  if (Object.hasOwn(data, DECIMAL_TAG)) return tagged(data);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(data)) put(out, key, deserializeQueryData(data[key]));
  return out;
}

function tagged(data: Record<string, unknown>): Decimal {
  const text = data[DECIMAL_TAG];
  if (Object.keys(data).length === 1 && typeof text === 'string' && text.length <= TAGGED_LENGTH && /^-?\d+(\.\d+)?$/.test(text)) {
    const d = new Decimal(text);
    if (d.isZero() || Math.abs(d.e) <= TAGGED_EXPONENT) return d;
  }
  const shown = typeof text === 'string' && text.length <= 40 ? JSON.stringify(text) : typeof text;
  throw new WaldurInputError(
    DECIMAL_TAG,
    `expected plain decimal digits within ±1e${TAGGED_EXPONENT} (as the SDK reads amounts), alone in their object, got ${shown}`,
  );
}
