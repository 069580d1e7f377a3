// The public types of waldur-project-credits/query: the cached page, the typed keys, the options of
// projectCreditsQueries, and the query and mutation options it returns. Declarations only.
import type { DataTag, InfiniteData, MutationObserverOptions, QueryClient, QueryFunctionContext, QueryKey } from '@tanstack/query-core';
import type { ProjectCredit, ProjectCreditInput, ProjectCreditPatch, ProjectCreditQuery, WaldurError } from 'waldur-project-credits';

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
