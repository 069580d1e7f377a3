/**
 * The read rule of `applyChanges`: the named credits, read one GET each when they are few for the
 * credits there are, else by one walk that keeps only them.
 */
import { notify } from '../../core/callbacks.js';
import { atOnce } from '../../core/pool.js';
import { WaldurApiError, WaldurAuthenticationError, WaldurResponseError } from '../../core/errors.js';
import { DEFAULT_CONCURRENCY as READ_CONCURRENCY, WALK_PAGE_SIZE } from '../../core/paging/sizes.js';
import type { WalkOptions } from '../../core/paging/walk.js';
import type { RequestOptions } from '../../core/options.js';
import type { ProjectCredit } from '../types.js';
import type { Row } from './plan.js';
import type { ApplyContext, ApplyOptions, ApplyReport } from './types.js';

/**
 * When to read the named credits one GET each rather than walk every credit the token can see:
 * when there are at most this many of them per page the walk would fetch (see
 * {@link readsOneByOne}). Measured against the fake over HTTP with 20 and 50 ms of latency
 * (bench/apply-read.mjs): 10 GETs in flight took as long as the walk's 10 pages in flight at
 * 10–20 credits per page for 300 credits, 7.5 for 1,000, 4–6 for 3,000, 3.5–4.7 for 10,000.
 */
export const GETS_PER_WALKED_PAGE = 4;

/**
 * Whether the named credits are read one GET each rather than by walking every credit the token
 * can see: when they are no more than the GETs that go out at once (one round trip, no count
 * needed), or no more than {@link GETS_PER_WALKED_PAGE} per page of the walk.
 */
export function readsOneByOne(named: number, total: number | null): boolean {
  if (named <= READ_CONCURRENCY) return true;
  return total !== null && named <= GETS_PER_WALKED_PAGE * Math.ceil(total / WALK_PAGE_SIZE);
}

/**
 * Reads the credits of `rows`: a few of them one GET each; many (for the credits there are) by one
 * walk that keeps only them, then a GET for each credit the walk did not see. A credit the server
 * refuses to show (404, 403, …) is `notApplied` with its error; any other failure (no answer, a
 * 5xx after the retries, a refused token, an abort, a failed walk) rejects: nothing has been sent.
 */
export async function readCredits(
  context: ApplyContext,
  rows: readonly Row[],
  request: RequestOptions,
  onProgress: ApplyOptions['onProgress'],
  report: ApplyReport,
): Promise<Map<string, ProjectCredit>> {
  const current = new Map<string, ProjectCredit>();
  let total: number | null = null;
  if (rows.length > READ_CONCURRENCY) {
    try {
      total = await context.resource.count({}, request);
    } catch (error) {
      // A server that hides the count (a browser without CORS exposure) is walked.
      if (!(error instanceof WaldurResponseError)) throw error;
    }
  }
  let missing: readonly Row[] = rows;
  if (!readsOneByOne(rows.length, total)) {
    const wanted = new Set(rows.map((row) => row.uuid));
    const walk: RequestOptions & WalkOptions = {
      ...request,
      onProgress: ({ fetched, total: all }) => notify(onProgress, { phase: 'read', done: fetched, total: all }),
    };
    for await (const credit of context.resource.list({}, walk)) {
      if (wanted.has(credit.uuid)) current.set(credit.uuid, credit);
      if (current.size === wanted.size) break;
    }
    missing = rows.filter((row) => !current.has(row.uuid));
  }
  let read = 0;
  let failed = false;
  await atOnce(missing, READ_CONCURRENCY, async (row) => {
    if (failed) return;
    try {
      current.set(row.uuid, await context.resource.get(row.uuid, request));
    } catch (error) {
      // A refusal of this credit (404, 403, …) is its row's; anything else (no answer, a 5xx, a
      // broken body, a refused token, an abort) is the read's, as it would be for a walk.
      if (!(error instanceof WaldurApiError) || error.status >= 500 || error instanceof WaldurAuthenticationError) {
        failed = true;
        throw error;
      }
      report.notApplied.push({ uuid: row.uuid, change: undefined, error, kept: undefined });
    }
    notify(onProgress, { phase: 'read', done: ++read, total: missing.length });
  });
  return current;
}
