// The key hierarchy of one client and scope: every key starts with ['waldur-project-credits',
// baseUrl, scope], holds its filters in one canonical form, and a credit by its canonical UUID.
import type { InfiniteData, QueryKey } from '@tanstack/query-core';
import { canonicalUuid } from 'waldur-project-credits';
import type { ProjectCredit, ProjectCreditQuery, WaldurClient } from 'waldur-project-credits';
import type { CreditKey, CreditsPage, ProjectCreditsKeys } from './types.js';

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
export const unpaged = ({ page, page_size, ...filters }: ProjectCreditQuery = {}): ProjectCreditQuery => filters;

/** The scope of each client given no `scope`: a number of its own, for as long as the client lives. */
const clientScopes = new WeakMap<WaldurClient, number>();
let lastClientScope = 0;

/** The keys of `client`'s credits in `scope` (a checked one), or in the client's own scope when none is named. */
export function creditKeys(client: WaldurClient, scope: string | undefined): ProjectCreditsKeys {
  let clientScope = clientScopes.get(client);
  if (scope === undefined && clientScope === undefined) clientScopes.set(client, (clientScope = ++lastClientScope));
  const all = ['waldur-project-credits', client.baseUrl, scope === undefined ? { client: clientScope } : { scope }] as const;
  const creditsUrl = `${client.baseUrl}/api/project-credits/`;
  /** A credit's canonical UUID from its UUID or its URL on this deployment; anything else as given, for the SDK to refuse. */
  const creditId = (value: string): string =>
    canonicalUuid(value) ??
    (typeof value === 'string' && value.startsWith(creditsUrl) ? canonicalUuid(value.slice(creditsUrl.length).replace(/\/$/, '')) : undefined) ??
    value;
  return {
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
}
