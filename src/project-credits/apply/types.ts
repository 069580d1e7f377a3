/**
 * The public types of `projectCredits.applyChanges` (changes, options, the report), and what it
 * needs of its resource: a narrow interface, so that the resource imports applyChanges and
 * applyChanges imports nothing of the resource.
 */
import type { RequestOptions } from '../../core/options.js';
import type { WalkOptions } from '../../core/paging/walk.js';
import type { WaldurError } from '../../core/errors.js';
import type { ProjectCredit, ProjectCreditPatch, ProjectCreditQuery } from '../types.js';

/**
 * One change of `applyChanges`: a credit (its UUID in either form, or its `url`) and the wanted
 * absolute values of some of its writable fields.
 *
 * @group Resource
 */
export interface CreditUpdate extends ProjectCreditPatch {
  /** The credit: its UUID (either form) or its `url`. */
  uuid: string;
}

/**
 * Progress of `applyChanges`: reading the current credits, then writing.
 *
 * @group Resource
 */
export interface ApplyProgress {
  /** `read` while the current credits are read, `write` while changes are sent. */
  phase: 'read' | 'write';
  /** Credits read (one by one, or in pages), or changes written, so far. */
  done: number;
  /** How many there are in all, when known. */
  total: number | null;
}

/**
 * Options of `applyChanges`: those of every request, plus how to run the changes.
 *
 * @group Resource
 */
export interface ApplyOptions extends RequestOptions {
  /** Plan only: read and compare, send nothing. Default false. */
  dryRun?: boolean | undefined;
  /** Writes in flight at once, from 1 to 16. Default 4. */
  concurrency?: number | undefined;
  /**
   * Called as credits are read and as changes are written. Not awaited; what it throws or rejects
   * with is ignored, and the run goes on: the report is always returned.
   */
  onProgress?: ((progress: ApplyProgress) => void) | undefined;
}

/**
 * One credit's change: the changed fields only, before and after. Amounts are `Decimal`s, the
 * project is its canonical UUID, `end_date` a date string or `null`.
 *
 * @group Resource
 */
export interface PlannedChange {
  /** The credit's UUID, canonical. */
  uuid: string;
  /** The credit's project's name, as read (for people: UUIDs alone say little). */
  project_name: string;
  /** The changed fields' values on the server before the change (`undefined` where the server sent none). */
  before: Record<string, unknown>;
  /** The changed fields' wanted values. */
  after: Record<string, unknown>;
}

/**
 * A change the server does not hold: nothing was sent for it, the server refused it, or it
 * answered the write with other values than the wanted ones.
 *
 * @group Resource
 */
export interface NotAppliedChange {
  /** The credit's UUID, canonical. */
  uuid: string;
  /** The change as planned; `undefined` when the credit could not be read (then `error` says why). */
  change: PlannedChange | undefined;
  /**
   * Why, when an error says it: the credit could not be read (`WaldurNotFoundError`, …), the plan
   * refused a field the server does not know (`WaldurInputError`), the server refused the write
   * (`WaldurBadRequestError` with DRF's messages, a 429 that outlasted the retries, …).
   * `undefined` when the server answered the write without an error: then see `kept`.
   */
  error: WaldurError | undefined;
  /**
   * When the server answered the write without an error but holds other values: each wanted field
   * it did not take, with the value it holds (`undefined` where its answer has none). `undefined`
   * otherwise.
   */
  kept: Record<string, unknown> | undefined;
}

/**
 * A change that was sent and may or may not have taken: the write got no readable answer (a
 * timeout, a lost connection, a 5xx, a broken body) and reading the credit back could not confirm
 * it. Running the same changes again reads the credit and sends the change only if it did not take.
 *
 * @group Resource
 */
export interface UnknownChange {
  /** The credit's UUID, canonical. */
  uuid: string;
  /** The change as planned and sent. */
  change: PlannedChange;
  /** The failure of the last write. */
  error: WaldurError;
  /**
   * The failure of the read-back that followed it; `undefined` when the read-back answered but the
   * values were still not there after every re-send (a write in flight may still land).
   */
  readBackError: WaldurError | undefined;
}

/**
 * What `applyChanges` did, credit by credit, as the server's answers show it: nothing in it is
 * guessed. Every change given is in exactly one of `unchanged`, `notApplied` and, in a dry run,
 * `planned`; in a real run, `applied`, `unknown` or `skipped`. Lists follow the order of the
 * changes given.
 *
 * @group Resource
 */
export interface ApplyReport {
  /** Whether this was a dry run (nothing sent). */
  dryRun: boolean;
  /** The changes that differ from the server, as planned (in a real run too). */
  planned: PlannedChange[];
  /**
   * The changes the server holds: the answer to the write, or a read-back after a write without a
   * readable answer, shows every wanted field at its wanted value. Empty in a dry run.
   */
  applied: PlannedChange[];
  /** The credits the server already held at the wanted values: nothing was sent for them. */
  unchanged: string[];
  /**
   * The changes the server does not hold: the credit could not be read, the plan refused a field
   * the server does not know (nothing was sent), the server refused the write, or it answered with
   * other values than the wanted ones (`kept`).
   */
  notApplied: NotAppliedChange[];
  /** The changes sent whose outcome nothing could confirm: they may have taken. */
  unknown: UnknownChange[];
  /** Changes not sent because the run was aborted. */
  skipped: string[];
  /** Whether the signal stopped the run; `skipped` lists what was not sent. */
  aborted: boolean;
}

/** What `applyChanges` reads and writes through: the methods of the credits resource it calls. */
export interface CreditStore {
  /** Every credit matching `query`, walked in pages. */
  list(query: ProjectCreditQuery, options: RequestOptions & WalkOptions): AsyncIterable<ProjectCredit>;
  /** One credit. */
  get(uuid: string, options: RequestOptions): Promise<ProjectCredit>;
  /** Changes some fields of a credit; answers the credit as the server holds it. */
  patch(uuid: string, input: ProjectCreditPatch, options: RequestOptions): Promise<ProjectCredit>;
  /** How many credits match `query`. */
  count(query: ProjectCreditQuery, options: RequestOptions): Promise<number>;
}

/** What `applyChanges` needs of its resource and client. */
export interface ApplyContext {
  resource: CreditStore;
  /** A credit named by the caller, as its canonical UUID (a `WaldurInputError` otherwise). */
  creditId: (value: unknown) => string;
  /** Checks a patch as `patch` would send it; throws `WaldurInputError` naming the field. */
  checkPatch: (input: unknown) => Record<string, unknown>;
}
