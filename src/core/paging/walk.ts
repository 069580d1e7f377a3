/**
 * Walks over every page of a list, generic over its items: several pages in flight once the end is
 * known, every item at most once (by the key its resource gives it), and an end whatever the
 * server says.
 */
import { anySignal } from '../abort.js';
import { notify } from '../callbacks.js';
import { fetchPageOrEnd } from './page.js';
import type { FetchPage, OnHead, Page } from './page.js';
import { checkFunction, checkOption } from '../options.js';
import { DEFAULT_CONCURRENCY } from './sizes.js';

/**
 * Pages a walk may fetch past the last page that the first page's total (or `last` link)
 * announced: room for items created during the walk. A server that announces still more is
 * not followed further: the walk fails with a `WaldurResponseError`.
 */
const WALK_SLACK_PAGES = 2;
/** Consecutive non-empty pages with no item not seen before after which a walk gives up (a server that ignores `page`). */
const STALE_PAGES = 2;

/**
 * Progress of a walk, after each page.
 *
 * @group Pages
 */
export interface WalkProgress {
  /** Items (credits) yielded so far. */
  fetched: number;
  /** The latest total the server reported; `null` when it hides `X-Result-Count`. */
  total: number | null;
}

/**
 * The server's total changed during a walk: items (credits) were created or deleted meanwhile.
 *
 * @group Pages
 */
export interface WalkDrift {
  /** The total when the walk started. */
  expected: number;
  /** The total reported with `page`. */
  actual: number;
  /** The page whose answer reported the new total. */
  page: number;
}

/**
 * How to walk many pages: options of `listAll`, and of `list` when it is iterated.
 *
 * @group Pages
 */
export interface WalkOptions {
  /** Pages in flight at once, from 1 to 32. Default 10. */
  concurrency?: number | undefined;
  /** Stop after this many items (credits); no page beyond those needed is fetched. */
  limit?: number | undefined;
  /**
   * Called after each page with the count so far and the latest total. Not awaited; what it
   * throws or rejects with is ignored, and the walk goes on.
   */
  onProgress?: ((progress: WalkProgress) => void) | undefined;
  /**
   * Called when the total changes mid-walk (items created or deleted meanwhile). The walk still
   * yields each item at most once; with offset paging, an item that moved across a page boundary
   * may be missed, so a caller that needs a snapshot should walk again. Not awaited; what it
   * throws or rejects with is ignored, and the walk goes on.
   */
  onDrift?: ((drift: WalkDrift) => void) | undefined;
}

/** Walk options, checked. */
export type CheckedWalkOptions = Required<Pick<WalkOptions, 'concurrency'>> & WalkOptions;

/** How a walk gets its first page (the one awaited before, or a new request). */
export type FirstPage<T> = (signal: AbortSignal, onHead: OnHead) => Promise<Page<T>>;

/** Builds the error that ends a walk the server would never let end, naming the page request. */
export type WalkFailure = (page: number, pageSize: number, problem: string) => Error;

/** What a walk knows of its items, from their resource. */
export interface WalkItems<T> {
  /** The item's identity (a credit's UUID): an item whose key was yielded before is not yielded again. */
  key: (item: T) => string;
  /** The items, in the plural, as the walk's errors name them (`credits`). */
  plural: string;
}

/** Checks walk options; unknown ones are an error. */
export function checkWalkOptions(options: WalkOptions): CheckedWalkOptions {
  const { concurrency = DEFAULT_CONCURRENCY, limit, onProgress, onDrift } = options;
  checkOption('concurrency', concurrency);
  if (limit !== undefined) checkOption('limit', limit);
  checkFunction('onProgress', onProgress);
  checkFunction('onDrift', onDrift);
  return { concurrency, limit, onProgress, onDrift };
}

/**
 * Walks every page from `first` on and yields, page by page, the items not seen before, in
 * server order (a whole page per step: no promise per item on the way). Once the last
 * page number is known (from the total or the `Link` header) up to `concurrency` pages are in
 * flight; pages are yielded in order and at most `concurrency` are held at once. Stopping early
 * (`break`, `limit`, an error or the signal) aborts the requests still in flight.
 *
 * Every walk ends, whatever the server says: it fails (through `fail`) after
 * {@link STALE_PAGES} pages in a row bring no new item (a server or proxy that ignores `page`),
 * and never asks for more than {@link WALK_SLACK_PAGES} pages past the last one announced.
 */
export async function* walkPages<T>(
  first: FirstPage<T>,
  fetchPage: FetchPage<T>,
  items: WalkItems<T>,
  options: CheckedWalkOptions,
  signal: AbortSignal | undefined,
  fail: WalkFailure,
): AsyncGenerator<T[], void, undefined> {
  const { concurrency, limit = Number.POSITIVE_INFINITY, onProgress, onDrift } = options;
  if (limit === 0) return;
  const controller = new AbortController();
  // A signal of the walk's own: nothing is added to the caller's signal, which many walks may share.
  const walkSignal = signal ? anySignal([signal, controller.signal]) : controller.signal;

  const { key } = items;
  const seen = new Set<string>();
  let fetched = 0;
  let expectedTotal: number | null = null;
  let lastTotal: number | null = null;
  let stale = 0;
  /** The items of `page` not yielded before, cut at the limit. */
  const fresh = (page: Page<T>): T[] => {
    if (page.total !== null) {
      if (expectedTotal === null) expectedTotal = page.total;
      else if (page.total !== lastTotal) notify(onDrift, { expected: expectedTotal, actual: page.total, page: page.page });
      lastTotal = page.total;
    }
    const out: T[] = [];
    for (const item of page.items) {
      if (fetched + out.length >= limit) break;
      // One lookup: the set grows only for an item not seen before.
      const size = seen.size;
      if (seen.add(key(item)).size !== size) out.push(item);
    }
    fetched += out.length;
    stale = page.items.length > 0 && out.length === 0 && fetched < limit ? stale + 1 : 0;
    if (stale >= STALE_PAGES) {
      throw fail(
        page.page,
        page.pageSize,
        `${STALE_PAGES} pages in a row brought only ${items.plural} already seen: the server (or a proxy) seems to ignore the page parameter, so the walk stopped`,
      );
    }
    notify(onProgress, { fetched, total: page.total });
    return out;
  };

  const inFlight = new Map<number, Promise<Page<T>>>();
  const launch = (p: number, size: number) => {
    const pending = fetchPageOrEnd(fetchPage, p, size, walkSignal);
    pending.catch(() => undefined); // awaited below; this only silences an early abort
    inFlight.set(p, pending);
  };
  try {
    // The first page's headers tell the total: the next pages start then, not after its body
    // (if the server caps the page size, its pages are the same whatever size was asked).
    let started = false;
    const onHead: OnHead = ({ page: at, pageSize: asked, total, links }) => {
      if (started) return; // a retried first request
      started = true;
      const last = total !== null ? Math.ceil(total / asked) : (links?.last ?? null);
      if (last === null || total === 0) return;
      for (let p = at + 1; p <= Math.min(last, at + concurrency) && (p - at) * asked < limit; p++) launch(p, asked);
    };
    let page = await first(walkSignal, onHead);
    yield fresh(page);
    const { lastPage, pageSize: size, page: start } = page;
    const pageLimit = lastPage === null ? Number.POSITIVE_INFINITY : lastPage + WALK_SLACK_PAGES;
    if (lastPage !== null && page.hasNextPage() && fetched < limit) {
      const before = fetched;
      // Page p starts at item before + (p - start - 1) * size: fetch it only if the limit reaches it.
      const wanted = (p: number) => p <= lastPage && before + (p - start - 1) * size < limit;
      let nextToStart = page.page + 1;
      for (let next = page.page + 1; next <= lastPage && fetched < limit; next++) {
        for (; nextToStart < next + concurrency && wanted(nextToStart); nextToStart++) {
          if (!inFlight.has(nextToStart)) launch(nextToStart, size);
        }
        const pending = inFlight.get(next);
        if (!pending) break;
        inFlight.delete(next);
        const current = await pending;
        page = current;
        yield fresh(current);
        if (current.items.length === 0) break; // the list shrank below this page
      }
    }
    // Without a known end (no total, no `last` link), or when the list grew meanwhile: one by one.
    while (fetched < limit && page.items.length > 0 && page.hasNextPage()) {
      if (page.page + 1 > pageLimit) {
        throw fail(
          page.page + 1,
          page.pageSize,
          `the server announced ${lastPage} pages, then kept announcing more past ${WALK_SLACK_PAGES} extra pages; the walk stopped (walk again for a fresh total)`,
        );
      }
      page = await page.getNextPage();
      yield fresh(page);
    }
  } finally {
    controller.abort(new Error('the walk ended'));
  }
}
