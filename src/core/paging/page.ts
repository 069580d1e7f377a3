/**
 * One page of a list, generic over its items: what the server answered, the page size it applied,
 * whether a later page exists, and how to fetch it.
 */
import { WaldurInputError, WaldurNotFoundError } from '../errors.js';
import type { PageLinks } from './link.js';
import { SERVER_MAX_PAGE_SIZE } from './sizes.js';

/**
 * One page of a list, with what is needed to go on.
 *
 * @typeParam T - the items of the list.
 * @group Pages
 */
export interface Page<T> {
  /** The items of this page, in server order. */
  readonly items: T[];
  /** All items matching the filters (`X-Result-Count`); `null` when the server hid the header. */
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
  getNextPage(): Promise<Page<T>>;
}

/** What one page request answered, before it becomes a {@link Page}. */
export interface PageAnswer<T> {
  items: T[];
  total: number | null;
  links: PageLinks | null;
}

/**
 * Told a page's total and links as soon as its headers arrive, before its body is read: a walk
 * starts the next pages then, while the first one's body is still on its way.
 */
export type OnHead = (head: { page: number; pageSize: number; total: number | null; links: PageLinks | null }) => void;

/** Fetches page `page` with `pageSize` items; the walk's signal goes with it. Supplied by the resource. */
export type FetchPage<T> = (page: number, pageSize: number, signal: AbortSignal | undefined, onHead?: OnHead) => Promise<PageAnswer<T>>;

/** Builds a {@link Page} from an answer: works out the applied page size and whether more follow. */
export function makePage<T>(answer: PageAnswer<T>, page: number, requested: number, fetchPage: FetchPage<T>, signal?: AbortSignal): Page<T> {
  const { items, total, links } = answer;
  const n = items.length;
  let pageSize = requested;
  if (n > 0 && n < requested) {
    // A short page is the last one, unless the server capped the size: then it was full.
    const capped = links !== null ? links.next !== undefined : total !== null ? n !== total - (page - 1) * requested : n >= SERVER_MAX_PAGE_SIZE;
    if (capped) pageSize = n;
  }
  const hasNextPage = (): boolean => {
    if (links !== null) return links.next !== undefined && links.next > page;
    if (total !== null) return (page - 1) * pageSize + n < total;
    return n > 0 && n >= pageSize;
  };
  const lastPage =
    total !== null
      ? Math.max(page, Math.ceil(total / pageSize))
      : links?.last !== undefined
        ? Math.max(page, links.last)
        : !hasNextPage()
          ? page
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
export async function fetchPageOrEnd<T>(fetchPage: FetchPage<T>, page: number, pageSize: number, signal?: AbortSignal): Promise<Page<T>> {
  try {
    return makePage(await fetchPage(page, pageSize, signal), page, pageSize, fetchPage, signal);
  } catch (error) {
    if (page > 1 && error instanceof WaldurNotFoundError) {
      return makePage<T>({ items: [], total: null, links: {} }, page, pageSize, fetchPage, signal);
    }
    throw error;
  }
}
