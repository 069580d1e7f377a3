/**
 * Pages of a list, and walks over all of them: one page when awaited, every item when iterated,
 * several pages in flight once the end is known, every credit at most once, and no request ever
 * to an origin other than the client's base URL (Link headers give a page number, nothing more).
 */
import type { ProjectCredit } from '../project-credits/credit.js';
import { anySignal } from './abort.js';
import { WaldurInputError, WaldurNotFoundError } from './errors.js';
import { notify } from './callbacks.js';
import { describe } from './describe.js';

/**
 * Waldur's largest page: it silently answers at most this many items, whatever `page_size` asks,
 * so a larger `page_size` is refused before any request. A server configured with a smaller
 * maximum is still detected during a walk.
 */
export const SERVER_MAX_PAGE_SIZE = 300;
/** The page size sent when the caller names none and awaits one page. */
export const DEFAULT_PAGE_SIZE = 100;
/**
 * The page size of a walk (`listAll`, `for await`) when the caller names none: Waldur's largest,
 * so the fewest round trips (3,000 credits are 10 requests, not 30).
 */
export const WALK_PAGE_SIZE = SERVER_MAX_PAGE_SIZE;
/**
 * Pages in flight at once during a walk, unless the caller says otherwise. With 300-credit pages,
 * ten let a walk of 3,000 credits take two round trips: the first page, then the nine others at
 * once (`npm run bench`). A browser on HTTP/1.1 queues the requests past its six connections per
 * origin, which costs nothing.
 */
export const DEFAULT_CONCURRENCY = 10;
const MAX_CONCURRENCY = 32;
/**
 * Pages a walk may fetch past the last page that the first page's total (or `last` link)
 * announced: room for credits created during the walk. A server that announces still more is
 * not followed further: the walk fails with a `WaldurResponseError`.
 */
const WALK_SLACK_PAGES = 2;
/** Consecutive non-empty pages with no credit not seen before after which a walk gives up (a server that ignores `page`). */
const STALE_PAGES = 2;

/**
 * Progress of a walk, after each page.
 *
 * @group Pages
 */
export interface WalkProgress {
  /** Credits yielded so far. */
  fetched: number;
  /** The latest total the server reported; `null` when it hides `X-Result-Count`. */
  total: number | null;
}

/**
 * The server's total changed during a walk: credits were created or deleted meanwhile.
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
  /** Stop after this many credits; no page beyond those needed is fetched. */
  limit?: number | undefined;
  /**
   * Called after each page with the count so far and the latest total. Not awaited; what it
   * throws or rejects with is ignored, and the walk goes on.
   */
  onProgress?: ((progress: WalkProgress) => void) | undefined;
  /**
   * Called when the total changes mid-walk (credits created or deleted meanwhile). The walk
   * still yields each credit at most once; with offset paging, a credit that moved across a page
   * boundary may be missed, so a caller that needs a snapshot should walk again. Not awaited;
   * what it throws or rejects with is ignored, and the walk goes on.
   */
  onDrift?: ((drift: WalkDrift) => void) | undefined;
}

/**
 * One page of a list, with what is needed to go on.
 *
 * @group Pages
 */
export interface Page {
  /** The credits of this page, in server order. */
  readonly items: ProjectCredit[];
  /** All credits matching the filters (`X-Result-Count`); `null` when the server hid the header. */
  readonly total: number | null;
  /** This page's number, from 1. */
  readonly page: number;
  /**
   * The page size the server applied: the `page_size` sent, or less when the server capped it
   * (Waldur answers at most 300 items a page).
   */
  readonly pageSize: number;
  /** The number of the last page, when the server tells it (`X-Result-Count` or a `last` link). */
  readonly lastPage: number | null;
  /** Whether a later page exists (from the `Link` header, else the total, else the page being full). */
  hasNextPage(): boolean;
  /**
   * Fetches the next page with the same filters. A page that turns out to be past the end (the
   * list shrank) comes back empty. Throws a `WaldurInputError` when `hasNextPage()` is false.
   */
  getNextPage(): Promise<Page>;
}

/** The page numbers a `Link` header offers; its URLs themselves are never requested. */
export interface PageLinks {
  next?: number;
  last?: number;
}

/** What one page request answered, before it becomes a {@link Page}. */
export interface PageAnswer {
  items: ProjectCredit[];
  total: number | null;
  links: PageLinks | null;
}

/** Fetches page `page` with `pageSize` items; the walk's signal goes with it. */
export type FetchPage = (page: number, pageSize: number, signal: AbortSignal | undefined, onHead?: OnHead) => Promise<PageAnswer>;

/**
 * Told a page's total and links as soon as its headers arrive, before its body is read: a walk
 * starts the next pages then, while the first one's body is still on its way.
 */
export type OnHead = (head: { page: number; pageSize: number; total: number | null; links: PageLinks | null }) => void;

/** How a walk gets its first page (the one awaited before, or a new request). */
export type FirstPage = (signal: AbortSignal, onHead: OnHead) => Promise<Page>;

/** Builds the error that ends a walk the server would never let end, naming the page request. */
export type WalkFailure = (page: number, pageSize: number, problem: string) => Error;

/**
 * Reads the page numbers out of an RFC 8288 `Link` header. Only the `page` query parameter of
 * each link is used: the scheme, host and path the server wrote are ignored (behind a proxy they
 * can be wrong, and a hostile server could point them anywhere).
 */
export function parseLinkHeader(header: string | null): PageLinks | null {
  if (header === null) return null;
  const links: PageLinks = {};
  for (const match of header.matchAll(/<([^>]*)>((?:\s*;\s*[^;,]*)*)/g)) {
    const rels = /;\s*rel\s*=\s*(?:"([^"]*)"|([^\s;,]+))/i.exec(match[2] ?? '');
    const page = pageNumberOf(match[1] ?? '');
    for (const rel of (rels?.[1] ?? rels?.[2] ?? '').toLowerCase().split(/\s+/)) {
      if ((rel === 'next' || rel === 'last') && page !== undefined) links[rel] = page;
    }
  }
  return links;
}

function pageNumberOf(url: string): number | undefined {
  let raw: string | null;
  try {
    raw = new URL(url, 'http://link.invalid').searchParams.get('page');
  } catch {
    return undefined;
  }
  // Django leaves `page` out of the link to page 1.
  if (raw === null) return 1;
  return /^\d{1,9}$/.test(raw) && Number(raw) >= 1 ? Number(raw) : undefined;
}

/** Builds a {@link Page} from an answer: works out the applied page size and whether more follow. */
export function makePage(answer: PageAnswer, page: number, requested: number, fetchPage: FetchPage, signal?: AbortSignal): Page {
  const { items, total, links } = answer;
  const n = items.length;
  let pageSize = requested;
  if (n > 0 && n < requested) {
    // A short page is the last one, unless the server capped the size: then it was full.
    const capped =
      links !== null ? links.next !== undefined
      : total !== null ? n !== total - (page - 1) * requested
      : n >= SERVER_MAX_PAGE_SIZE;
    if (capped) pageSize = n;
  }
  const hasNextPage = (): boolean => {
    if (links !== null) return links.next !== undefined && links.next > page;
    if (total !== null) return (page - 1) * pageSize + n < total;
    return n > 0 && n >= pageSize;
  };
  const lastPage =
    total !== null ? Math.max(page, Math.ceil(total / pageSize))
    : links?.last !== undefined ? Math.max(page, links.last)
    : !hasNextPage() ? page
    : null;
  return {
    items,
    total,
    page,
    pageSize,
    lastPage,
    hasNextPage,
    async getNextPage() {
      if (!hasNextPage()) throw new WaldurInputError('getNextPage', 'there is no next page; check hasNextPage() first');
      const next = links?.next ?? page + 1;
      return fetchPageOrEnd(fetchPage, next, pageSize, signal);
    },
  };
}

/** Fetches a page; a 404 past the first page means the list ended early (it shrank): an empty page. */
async function fetchPageOrEnd(fetchPage: FetchPage, page: number, pageSize: number, signal?: AbortSignal): Promise<Page> {
  try {
    return makePage(await fetchPage(page, pageSize, signal), page, pageSize, fetchPage, signal);
  } catch (error) {
    if (page > 1 && error instanceof WaldurNotFoundError) {
      return makePage({ items: [], total: null, links: {} }, page, pageSize, fetchPage, signal);
    }
    throw error;
  }
}

/** Checks walk options; unknown ones are an error. */
export function checkWalkOptions(options: WalkOptions): Required<Pick<WalkOptions, 'concurrency'>> & WalkOptions {
  const { concurrency = DEFAULT_CONCURRENCY, limit, onProgress, onDrift } = options;
  if (!Number.isSafeInteger(concurrency) || concurrency < 1 || concurrency > MAX_CONCURRENCY) {
    throw new WaldurInputError('options.concurrency', `expected a whole number from 1 to ${MAX_CONCURRENCY}, got ${describe(concurrency)}`);
  }
  if (limit !== undefined && (!Number.isSafeInteger(limit) || limit < 0)) {
    throw new WaldurInputError('options.limit', `expected a whole number of at least 0, got ${describe(limit)}`);
  }
  for (const [name, fn] of [['onProgress', onProgress], ['onDrift', onDrift]] as const) {
    if (fn !== undefined && typeof fn !== 'function') throw new WaldurInputError(`options.${name}`, `expected a function, got ${describe(fn)}`);
  }
  return { concurrency, limit, onProgress, onDrift };
}

/**
 * Walks every page from `first` on and yields, page by page, the credits not seen before, in
 * server order (a whole page per step: no promise per credit on the way). Once the last
 * page number is known (from the total or the `Link` header) up to `concurrency` pages are in
 * flight; pages are yielded in order and at most `concurrency` are held at once. Stopping early
 * (`break`, `limit`, an error or the signal) aborts the requests still in flight.
 *
 * Every walk ends, whatever the server says: it fails (through `fail`) after
 * {@link STALE_PAGES} pages in a row bring no new credit (a server or proxy that ignores `page`),
 * and never asks for more than {@link WALK_SLACK_PAGES} pages past the last one announced.
 */
export async function* walkPages(
  first: FirstPage,
  fetchPage: FetchPage,
  options: ReturnType<typeof checkWalkOptions>,
  signal: AbortSignal | undefined,
  fail: WalkFailure,
): AsyncGenerator<ProjectCredit[], void, undefined> {
  const { concurrency, limit = Number.POSITIVE_INFINITY, onProgress, onDrift } = options;
  if (limit === 0) return;
  const controller = new AbortController();
  // A signal of the walk's own: nothing is added to the caller's signal, which many walks may share.
  const walkSignal = signal ? anySignal([signal, controller.signal]) : controller.signal;

  const seen = new Set<string>();
  let fetched = 0;
  let expectedTotal: number | null = null;
  let lastTotal: number | null = null;
  let stale = 0;
  /** The credits of `page` not yielded before, cut at the limit. */
  const fresh = (page: Page): ProjectCredit[] => {
    if (page.total !== null) {
      if (expectedTotal === null) expectedTotal = page.total;
      else if (page.total !== lastTotal) notify(onDrift, { expected: expectedTotal, actual: page.total, page: page.page });
      lastTotal = page.total;
    }
    const out: ProjectCredit[] = [];
    for (const item of page.items) {
      if (fetched + out.length >= limit) break;
      // One lookup: the set grows only for a credit not seen before.
      const size = seen.size;
      if (seen.add(item.uuid).size !== size) out.push(item);
    }
    fetched += out.length;
    stale = page.items.length > 0 && out.length === 0 && fetched < limit ? stale + 1 : 0;
    if (stale >= STALE_PAGES) {
      throw fail(
        page.page,
        page.pageSize,
        `${STALE_PAGES} pages in a row brought only credits already seen: the server (or a proxy) seems to ignore the page parameter, so the walk stopped`,
      );
    }
    notify(onProgress, { fetched, total: page.total });
    return out;
  };

  const inFlight = new Map<number, Promise<Page>>();
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

/** Key of the page-at-a-time walk of a {@link PagePromise}; not exported from the package. */
export const WALK_PAGES: unique symbol = Symbol('walkPages');

/**
 * What `list()` returns: await it for one {@link Page}, or iterate it with `for await` for every
 * credit of every page from there on. Nothing is requested until one of the two happens; awaiting
 * first and iterating later reuses the page already fetched.
 *
 * @group Pages
 */
export class PagePromise implements PromiseLike<Page>, AsyncIterable<ProjectCredit> {
  #first: Promise<Page> | undefined;
  readonly #load: (signal: AbortSignal | undefined, walk: boolean, onHead?: OnHead) => Promise<Page>;
  readonly #pages: (first: FirstPage) => AsyncGenerator<ProjectCredit[], void, undefined>;

  /** @internal Built by `projectCredits.list`. */
  constructor(
    load: (signal: AbortSignal | undefined, walk: boolean, onHead?: OnHead) => Promise<Page>,
    pages: (first: FirstPage) => AsyncGenerator<ProjectCredit[], void, undefined>,
  ) {
    this.#load = load;
    this.#pages = pages;
  }

  #page(): Promise<Page> {
    this.#first ??= this.#load(undefined, false);
    return this.#first;
  }

  /** Fetches (once) and resolves to the first page. */
  then<A = Page, B = never>(onFulfilled?: ((page: Page) => A | PromiseLike<A>) | null, onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null): Promise<A | B> {
    return this.#page().then(onFulfilled, onRejected);
  }

  /** Like `Promise.prototype.catch`. */
  catch<B = never>(onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null): Promise<Page | B> {
    return this.#page().catch(onRejected);
  }

  /** Like `Promise.prototype.finally`. */
  finally(onFinally?: (() => void) | null): Promise<Page> {
    return this.#page().finally(onFinally);
  }

  /**
   * Every credit of this page and all later ones, each once, in server order. (A plain iterator
   * over the walk's pages rather than an async generator: a credit costs one resolved promise,
   * not a generator step.) Leaving the loop early ends the walk and aborts its requests.
   */
  [Symbol.asyncIterator](): AsyncIterableIterator<ProjectCredit> {
    const pages = this[WALK_PAGES]();
    let credits: ProjectCredit[] = [];
    let i = 0;
    const iterator: AsyncIterableIterator<ProjectCredit> = {
      async next() {
        while (i >= credits.length) {
          const step = await pages.next();
          if (step.done) return { done: true, value: undefined };
          credits = step.value;
          i = 0;
        }
        return { done: false, value: credits[i++]! };
      },
      async return() {
        await pages.return(undefined);
        return { done: true, value: undefined };
      },
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  }

  /** @internal The walk a page at a time, for `listAll`. */
  [WALK_PAGES](): AsyncGenerator<ProjectCredit[], void, undefined> {
    return this.#pages((signal, onHead) => this.#first ?? this.#load(signal, true, onHead));
  }

  /** @internal */
  get [Symbol.toStringTag](): string {
    return 'PagePromise';
  }
}
