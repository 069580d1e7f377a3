/**
 * Waldur's facts about page sizes, and the walk's defaults: taken by the paging engine and by each
 * resource's query checks alike (so neither imports the other for them).
 */

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
/** The most pages a caller may ask to have in flight at once. */
export const MAX_CONCURRENCY = 32;
