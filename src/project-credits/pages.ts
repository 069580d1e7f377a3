/**
 * The paging engine's pages and page promises, as the package exports them: of credits unless
 * told otherwise, so that `Page` and `PagePromise` name what `projectCredits.list` answers.
 */
import type { Page as PageOf } from '../core/paging/page.js';
import { PagePromise as PagePromiseOf } from '../core/paging/promise.js';
import type { ProjectCredit } from './types.js';

/**
 * One page of a list, with what is needed to go on: of credits unless `T` says otherwise.
 *
 * @typeParam T - the items of the list; `ProjectCredit` by default.
 * @group Pages
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- the engine's page, with its default item
export interface Page<T = ProjectCredit> extends PageOf<T> {}

/**
 * What `list()` returns: await it for one {@link Page}, or iterate it with `for await` for every
 * credit of every page from there on. Nothing is requested until one of the two happens; awaiting
 * first and iterating later reuses the page already fetched.
 *
 * @typeParam T - the items of the list; `ProjectCredit` by default.
 * @group Pages
 */
export class PagePromise<T = ProjectCredit> extends PagePromiseOf<T> {}
