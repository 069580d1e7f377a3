/**
 * `waldur-project-credits/query` as a TanStack Query app types it (issue 22): the keys are tagged
 * with their data (TanStack's `DataTag`), so reading the cache needs no cast; the options and
 * mutations fit query-core's observers; a scope is a string.
 */
import { InfiniteQueryObserver, MutationObserver, QueryClient, QueryObserver } from '@tanstack/query-core';
import type { InfiniteData } from '@tanstack/query-core';
import { createWaldurClient, Decimal, type ProjectCredit, type WaldurError } from 'waldur-project-credits';
import { projectCreditsQueries, type CreditsPage, type ProjectCreditsQueries } from 'waldur-project-credits/query';

/** `true` only when `A` and `B` are the same type (not merely assignable either way). */
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const same = <A, B>(_proof: Same<A, B>): void => undefined;

const waldur = createWaldurClient({ baseUrl: 'https://waldur.example.com', token: () => 'key' });
const credits: ProjectCreditsQueries = projectCreditsQueries(waldur, { scope: 'user-7' });
const queryClient = new QueryClient();
const uuid = '8f2e4b1c9d0a4e6f8a7b6c5d4e3f2a1b';

// The line: a typed entry, its value a Decimal.
const value = queryClient.getQueryData(credits.keys.detail(uuid))?.value;
same<typeof value, Decimal | undefined>(true);
const page = queryClient.getQueryData(credits.keys.list({ page: 2 }));
same<typeof page, CreditsPage | undefined>(true);
const count = queryClient.getQueryData(credits.keys.count());
same<typeof count, number | undefined>(true);
const everything = queryClient.getQueryData(credits.keys.walk());
same<typeof everything, ProjectCredit[] | undefined>(true);
const pages = queryClient.getQueryData(credits.keys.infinite({ page_size: 20 }));
same<typeof pages, InfiniteData<CreditsPage, number> | undefined>(true);
queryClient.setQueryData(credits.keys.count(), (old) => (old ?? 0) + 1);

// The options fit query-core's observers, with the SDK's error type.
const detail = new QueryObserver(queryClient, credits.get(uuid)).getCurrentResult();
same<typeof detail.data, ProjectCredit | undefined>(true);
same<typeof detail.error, WaldurError | null>(true);
const more = new InfiniteQueryObserver(queryClient, credits.infinite({ page_size: 20 })).getCurrentResult();
export const loaded: number = more.data?.pages.flatMap((page) => page.items).length ?? 0;

// A mutation with your own callbacks spread in: the SDK's cache updates live in `mutationFn`.
const patch = new MutationObserver(queryClient, { ...credits.patch(queryClient), onSuccess: (credit) => console.log(credit.value.toFixed(2)) });
await patch.mutate({ uuid, input: { value: new Decimal('10.5') } });

// @ts-expect-error a scope is a string naming the signed-in user
projectCreditsQueries(waldur, { scope: 7 });
