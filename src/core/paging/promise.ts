/**
 * What a list call returns: one page when awaited, every item of every page from there on when
 * iterated. Generic over the items.
 */
import type { OnHead, Page } from './page.js';
import type { FirstPage } from './walk.js';

/** Key of the page-at-a-time walk of a {@link PagePromise}; not exported from the package. */
export const WALK_PAGES: unique symbol = Symbol('walkPages');

/** Loads the first page: for a walk (`walk`), or to be awaited. */
export type LoadPage<T> = (signal: AbortSignal | undefined, walk: boolean, onHead?: OnHead) => Promise<Page<T>>;

/** Walks the pages from the first on, a page of new items at a time. */
export type WalkFrom<T> = (first: FirstPage<T>) => AsyncGenerator<T[], void, undefined>;

/**
 * What `list()` returns: await it for one {@link Page}, or iterate it with `for await` for every
 * item of every page from there on. Nothing is requested until one of the two happens; awaiting
 * first and iterating later reuses the page already fetched.
 *
 * @typeParam T - the items of the list.
 * @group Pages
 */
export class PagePromise<T> implements PromiseLike<Page<T>>, AsyncIterable<T> {
  #first: Promise<Page<T>> | undefined;
  readonly #load: LoadPage<T>;
  readonly #pages: WalkFrom<T>;

  /** @internal Built by a resource's `list`. */
  constructor(load: LoadPage<T>, pages: WalkFrom<T>) {
    this.#load = load;
    this.#pages = pages;
  }

  #page(): Promise<Page<T>> {
    this.#first ??= this.#load(undefined, false);
    return this.#first;
  }

  /** Fetches (once) and resolves to the first page. */
  then<A = Page<T>, B = never>(
    onFulfilled?: ((page: Page<T>) => A | PromiseLike<A>) | null,
    onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    return this.#page().then(onFulfilled, onRejected);
  }

  /** Like `Promise.prototype.catch`. */
  catch<B = never>(onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null): Promise<Page<T> | B> {
    return this.#page().catch(onRejected);
  }

  /** Like `Promise.prototype.finally`. */
  finally(onFinally?: (() => void) | null): Promise<Page<T>> {
    return this.#page().finally(onFinally);
  }

  /**
   * Every item of this page and all later ones, each once, in server order. (A plain iterator
   * over the walk's pages rather than an async generator: an item costs one resolved promise,
   * not a generator step.) Leaving the loop early ends the walk and aborts its requests.
   */
  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    const pages = this[WALK_PAGES]();
    // The current page's items: its iterator's own results are handed on.
    let items: Iterator<T, undefined> = [].values();
    const iterator: AsyncIterableIterator<T> = {
      async next() {
        for (;;) {
          const item = items.next();
          if (!item.done) return item;
          const step = await pages.next();
          if (step.done) return { done: true, value: undefined };
          items = step.value.values();
        }
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
  [WALK_PAGES](): AsyncGenerator<T[], void, undefined> {
    return this.#pages((signal, onHead) => this.#first ?? this.#load(signal, true, onHead));
  }

  /** @internal */
  get [Symbol.toStringTag](): string {
    return 'PagePromise';
  }
}
