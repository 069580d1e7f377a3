/**
 * The methods of `waldur.projectCredits` as a user sees them: their signatures and TSDoc.
 * `resource.ts` implements them.
 */
import type { ApplyOptions, ApplyReport, CreditUpdate } from './apply/index.js';
import type { PagePromise } from './pages.js';
import type { ProjectCredit, ProjectCreditInput, ProjectCreditPatch, ProjectCreditQuery } from './types.js';
import type { RequestOptions } from '../core/options.js';
import type { WalkOptions } from '../core/paging/walk.js';

/**
 * Options of `list` and `listAll`: those of every request, plus how to walk pages.
 *
 * @group Resource
 */
export type ListOptions = RequestOptions & WalkOptions;

/**
 * The project credits resource of one client.
 *
 * @group Resource
 */
export interface ProjectCreditsResource {
  /**
   * One credit. `GET /api/project-credits/{uuid}/`.
   * @param uuid - the credit's UUID (hyphenated or 32 hex digits, any case) or its `url`.
   */
  get(uuid: string, options?: RequestOptions): Promise<ProjectCredit>;
  /** How many credits match the filters (`HEAD`, `X-Result-Count`). */
  count(query?: ProjectCreditQuery, options?: RequestOptions): Promise<number>;
  /**
   * Credits matching the filters, `GET /api/project-credits/`. Await it for one {@link Page}
   * (`page_size` defaults to 100); iterate it with `for await` for every credit from that page on,
   * each once, with up to `concurrency` pages in flight (`page_size` then defaults to 300, Waldur's
   * largest page: the fewest round trips). The walk options apply to iteration only.
   *
   * @example
   * ```ts
   * const page = await waldur.projectCredits.list({ customer_uuid, page_size: 50 });
   * for await (const credit of waldur.projectCredits.list({ customer_uuid })) console.log(credit.uuid);
   * ```
   */
  list(query?: ProjectCreditQuery, options?: ListOptions): PagePromise;
  /**
   * Every credit matching the filters, in server order, each once: the walk of `list`, collected
   * (`page_size` defaults to 300).
   *
   * @example
   * ```ts
   * const all = await waldur.projectCredits.listAll({ customer_uuid }, {
   *   concurrency: 4, limit: 500, onProgress: ({ fetched, total }) => console.log(fetched, total),
   * });
   * ```
   */
  listAll(query?: ProjectCreditQuery, options?: ListOptions): Promise<ProjectCredit[]>;
  /** Creates a credit. `POST /api/project-credits/`. Sent again only after a 429, which the server never processed. */
  create(input: ProjectCreditInput, options?: RequestOptions): Promise<ProjectCredit>;
  /**
   * Replaces a credit's writable fields (`PUT`): `project` is required; fields left out keep their
   * values. A credit read with `get` or `list` can be passed as it is: only its writable fields are sent.
   * @param uuid - the credit's UUID or its `url`.
   */
  update(uuid: string, input: ProjectCreditInput, options?: RequestOptions): Promise<ProjectCredit>;
  /**
   * Changes the given fields only (`PATCH`).
   * @param uuid - the credit's UUID or its `url`.
   */
  patch(uuid: string, input: ProjectCreditPatch, options?: RequestOptions): Promise<ProjectCredit>;
  /**
   * Deletes a credit. `DELETE /api/project-credits/{uuid}/`.
   * @param uuid - the credit's UUID or its `url`.
   */
  delete(uuid: string, options?: RequestOptions): Promise<void>;
  /**
   * Sets many credits to wanted absolute values, planned, then written, and reported as the
   * server's answers show it. Every row is checked before the first request (a bad row fails the
   * whole plan, naming it: `changes[2].value`). The named credits are read one GET each when they
   * are few for the credits there are (at most 10, or at most 4 per page a walk would fetch), else
   * by one walk in pages; a change of a field those credits do not carry (the server does not know
   * it) is refused in the plan, `notApplied`, nothing sent. A credit already at the wanted values
   * gets nothing sent; each other gets one `PATCH` of its changed fields, and counts as `applied`
   * only when the answer (or, when no readable answer came, a read-back) shows every wanted field
   * at its wanted value; `notApplied` when the server refused it or kept other values; `unknown`
   * when nothing could confirm it (sent again by a later run only if it did not take). An abort
   * (`signal`) starts no further write; writes in flight finish. With `dryRun` nothing is sent.
   *
   * It rejects only before its first write (a bad row, an abort or a failure while reading the
   * credits): once a write has been sent, it resolves with the report.
   *
   * @example
   * ```ts
   * const plan = await waldur.projectCredits.applyChanges([{ uuid, value: '1500' }, { uuid: other, end_date: null }], { dryRun: true });
   * for (const { uuid, project_name, before, after } of plan.planned) console.log(uuid, project_name, before, '→', after);
   * const report = await waldur.projectCredits.applyChanges(changes);   // report.applied, .notApplied, .unknown, …
   * ```
   */
  applyChanges(changes: readonly CreditUpdate[], options?: ApplyOptions): Promise<ApplyReport>;
  /**
   * Checks changes as `applyChanges` does before its first request, and sends nothing: a bad row,
   * or a credit named twice, throws a `WaldurInputError` naming the row (`changes[2].value`).
   * Answers each change's credit as its canonical UUID, in order. For checking a large change
   * file in parts before applying any of it.
   */
  checkChanges(changes: readonly CreditUpdate[]): string[];
}
