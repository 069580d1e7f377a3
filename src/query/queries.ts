// The query options of one client: a page, a credit, a count, every credit, and the infinite list
// (its pages ended as the SDK's own, each credit once across them).
import type { InfiniteData } from '@tanstack/query-core';
import { WaldurNotFoundError } from 'waldur-project-credits';
import type { ProjectCreditQuery, WaldurClient } from 'waldur-project-credits';
import { unpaged } from './keys.js';
import { checked } from './serialize.js';
import { share } from './sharing.js';
import type { CreditKey, CreditQueryOptions, CreditsPage, ProjectCreditsKeys, ProjectCreditsQueries } from './types.js';

/** The query options of {@link ProjectCreditsQueries}, fetching through `resource` under `keys`. */
export function creditQueries(
  resource: WaldurClient['projectCredits'],
  keys: ProjectCreditsKeys,
): Pick<ProjectCreditsQueries, 'list' | 'get' | 'count' | 'all' | 'infinite'> {
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
  return {
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
  };
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
