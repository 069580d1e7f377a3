// The mutation options of one client: each write applies its answer to the cache inside its
// `mutationFn`, the last write of a credit wins, and the lists and counts are refreshed.
import type { QueryClient } from '@tanstack/query-core';
import type { ProjectCredit, WaldurClient } from 'waldur-project-credits';
import type { ProjectCreditsKeys, ProjectCreditsQueries } from './types.js';

/** Writes started, in order: a write's number says which of two writes of one credit is newer. */
let writesStarted = 0;
/** Per query client, the writes of each credit in flight and the newest one applied to the cache; an entry lives while a write of its credit is in flight. */
const writeLogs = new WeakMap<QueryClient, Map<string, { pending: number; applied: number }>>();

/** The mutation options of {@link ProjectCreditsQueries}, writing through `resource` and caching under `keys`. */
export function creditMutations(
  resource: WaldurClient['projectCredits'],
  keys: ProjectCreditsKeys,
): Pick<ProjectCreditsQueries, 'create' | 'update' | 'patch' | 'delete'> {
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
