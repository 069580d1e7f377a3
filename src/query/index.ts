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
// A type import first: dist/query.d.ts keeps the comment above with the first import, and an import of a value only would drop it.
import type { WaldurClient } from 'waldur-project-credits';
import { WaldurInputError } from 'waldur-project-credits';
import { creditKeys } from './keys.js';
import { creditMutations } from './mutations.js';
import { creditQueries } from './queries.js';
import type { ProjectCreditsQueries, ProjectCreditsQueriesOptions } from './types.js';

export { deserializeQueryData, serializeQueryData } from './serialize.js';
export type {
  CreditChange,
  CreditInfiniteQueryOptions,
  CreditKey,
  CreditQueryOptions,
  CreditsPage,
  ProjectCreditsKeys,
  ProjectCreditsQueries,
  ProjectCreditsQueriesOptions,
} from './types.js';

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
  const keys = creditKeys(client, scope);
  const resource = client.projectCredits;
  return { keys, ...creditQueries(resource, keys), ...creditMutations(resource, keys) };
}
