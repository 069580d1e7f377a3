/**
 * `projectCredits.applyChanges`: bulk changes that are planned, then written, and reported as only
 * the server's answers allow. Each change names the wanted absolute values of some writable
 * fields; setting absolute values is idempotent, so a write whose outcome is unknown is checked by
 * reading the credit back and sent again only if it did not take.
 */
import { PROJECT_PATH } from './credit.js';
import type { ProjectCredit, ProjectCreditPatch } from './credit.js';
import { Decimal } from '../core/decimal.js';
import {
  WaldurApiError,
  WaldurAuthenticationError,
  WaldurError,
  WaldurInputError,
  WaldurNetworkError,
  WaldurResponseError,
  WaldurTimeoutError,
} from '../core/errors.js';
import { notify } from '../core/callbacks.js';
import { DEFAULT_CONCURRENCY as READ_CONCURRENCY, WALK_PAGE_SIZE } from '../core/paging.js';
import type { ListOptions, ProjectCreditsResource } from './resource.js';
import { describe } from '../core/describe.js';
import { checkRequestOptions } from '../core/options.js';
import type { RequestOptions } from '../core/options.js';
import { canonicalUuid } from '../core/uuid.js';

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

/** What `applyChanges` needs of its resource and client. */
export interface ApplyContext {
  resource: Pick<ProjectCreditsResource, 'list' | 'get' | 'patch' | 'count'>;
  /** A credit named by the caller, as its canonical UUID (a `WaldurInputError` otherwise). */
  creditId: (value: unknown) => string;
  /** Checks a patch as `patch` would send it; throws `WaldurInputError` naming the field. */
  checkPatch: (input: unknown) => Record<string, unknown>;
}

const DECIMALS: ReadonlySet<string> = new Set(['value', 'expected_consumption', 'grace_coefficient']);
/** How many times an unconfirmed write is read back and sent again before its outcome counts as unknown. */
const CONFIRMATIONS = 2;
/**
 * When to read the named credits one GET each rather than walk every credit the token can see:
 * when there are at most this many of them per page the walk would fetch (see
 * {@link readsOneByOne}). Measured against the fake over HTTP with 20 and 50 ms of latency
 * (bench/apply-read.mjs): 10 GETs in flight took as long as the walk's 10 pages in flight at
 * 10–20 credits per page for 300 credits, 7.5 for 1,000, 4–6 for 3,000, 3.5–4.7 for 10,000.
 */
export const GETS_PER_WALKED_PAGE = 4;

/** A row checked: its credit and the wire form of each field it sets (the form the comparison uses). */
interface Row {
  uuid: string;
  input: ProjectCreditPatch;
  wire: Record<string, unknown>;
}

/** How one write ended. */
type Outcome =
  | { kind: 'applied' }
  | { kind: 'notApplied'; error?: WaldurError; kept?: Record<string, unknown> }
  | { kind: 'unknown'; error: WaldurError; readBackError?: WaldurError };

/** Checks `changes` as `applyChanges` does before its first request; answers each change's canonical UUID. */
export function checkChanges(context: ApplyContext, changes: unknown): string[] {
  return checkRows(context, changes).map((row) => row.uuid);
}

/** Runs `changes`; see `ProjectCreditsResource.applyChanges`. */
export async function applyChanges(context: ApplyContext, changes: unknown, options: unknown = {}): Promise<ApplyReport> {
  const { dryRun, concurrency, onProgress, request } = checkApplyOptions(options);
  const rows = checkRows(context, changes);
  const report: ApplyReport = { dryRun, planned: [], applied: [], unchanged: [], notApplied: [], unknown: [], skipped: [], aborted: false };
  if (rows.length === 0) return report;

  // Read: before any write; what fails here rejects, and then nothing was sent.
  const current = await readCredits(context, rows, request, onProgress, report);

  // Plan: the fields that differ; a field the server's credits do not carry is refused here.
  const plans: { row: Row; plan: PlannedChange }[] = [];
  for (const row of rows) {
    const credit = current.get(row.uuid);
    if (!credit) continue;
    const plan = difference(row, credit);
    const unknownField = Object.keys(row.wire).find((field) => !carries(credit, field));
    if (unknownField !== undefined) {
      report.notApplied.push({
        uuid: row.uuid,
        change: plan,
        error: new WaldurInputError(
          unknownField,
          `the server's credit does not carry this field, so the server does not know it (it would ignore it); nothing was sent for this credit`,
        ),
        kept: undefined,
      });
    } else if (plan) {
      report.planned.push(plan);
      plans.push({ row, plan });
    } else report.unchanged.push(row.uuid);
  }

  // Write: up to `concurrency` at once; after an abort no new write starts.
  if (!dryRun) {
    let next = 0;
    let written = 0;
    const worker = async () => {
      while (next < plans.length) {
        const { row, plan } = plans[next++]!;
        if (request.signal?.aborted) {
          report.aborted = true;
          report.skipped.push(row.uuid);
          continue;
        }
        const outcome = await write(context, row, plan, request);
        if (outcome.kind === 'applied') report.applied.push(plan);
        else if (outcome.kind === 'unknown') report.unknown.push({ uuid: row.uuid, change: plan, error: outcome.error, readBackError: outcome.readBackError });
        else report.notApplied.push({ uuid: row.uuid, change: plan, error: outcome.error, kept: outcome.kept });
        notify(onProgress, { phase: 'write', done: ++written, total: plans.length });
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, plans.length) }, worker));
  }
  // Reports list changes in the order given.
  const order = new Map(rows.map((row, i) => [row.uuid, i]));
  const byOrder = (a: { uuid: string }, b: { uuid: string }) => order.get(a.uuid)! - order.get(b.uuid)!;
  report.applied.sort(byOrder);
  report.notApplied.sort(byOrder);
  report.unknown.sort(byOrder);
  report.skipped.sort((a, b) => order.get(a)! - order.get(b)!);
  return report;
}

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
async function readCredits(
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
    const walk: ListOptions = {
      ...request,
      onProgress: ({ fetched, total: all }) => notify(onProgress, { phase: 'read', done: fetched, total: all }),
    };
    for await (const credit of context.resource.list({}, walk)) {
      if (wanted.has(credit.uuid)) current.set(credit.uuid, credit);
      if (current.size === wanted.size) break;
    }
    missing = rows.filter((row) => !current.has(row.uuid));
  }
  let next = 0;
  let read = 0;
  let failed = false;
  const worker = async () => {
    while (next < missing.length && !failed) {
      const row = missing[next++]!;
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
    }
  };
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, missing.length) }, worker));
  return current;
}

/**
 * Sends one change and finds out what the server holds. The answer to the PATCH says it; a write
 * without a readable answer (no answer, a timeout, a broken body, a 5xx) is checked by reading the
 * credit back, and what did not take is sent again, at most {@link CONFIRMATIONS} times. The
 * writes are never given the caller's signal: a write in flight is finished, so the report can
 * say what it did.
 */
async function write(context: ApplyContext, row: Row, plan: PlannedChange, request: RequestOptions): Promise<Outcome> {
  const writeOptions: RequestOptions = { ...request, signal: undefined };
  /** Every planned field, at its wanted value: what the server must show for the change to be applied. */
  const wanted: Row = { ...row, wire: pick(row.wire, Object.keys(plan.after)) };
  let fields = Object.keys(plan.after);
  for (let attempt = 0; ; attempt++) {
    let error: WaldurError;
    try {
      const answer = await context.resource.patch(row.uuid, pick(row.input, fields), writeOptions);
      if (answer.uuid === row.uuid) {
        const left = difference(wanted, answer);
        return left ? { kind: 'notApplied', kept: left.before } : { kind: 'applied' };
      }
      error = new WaldurError(`the answer to the PATCH of credit ${row.uuid} is credit ${answer.uuid}: it says nothing of this change`);
    } catch (thrown) {
      error = thrown as WaldurError;
      if (!uncertain(error)) return { kind: 'notApplied', error };
    }
    let credit: ProjectCredit;
    try {
      credit = await context.resource.get(row.uuid, writeOptions);
    } catch (readBackError) {
      return { kind: 'unknown', error, readBackError: readBackError as WaldurError };
    }
    const left = difference(wanted, credit);
    if (!left) return { kind: 'applied' };
    if (attempt >= CONFIRMATIONS) return { kind: 'unknown', error };
    fields = Object.keys(left.after);
  }
}

/** Whether the server may have acted on a write that failed with `error`, so that only reading tells. */
function uncertain(error: WaldurError): boolean {
  return (
    error instanceof WaldurNetworkError ||
    error instanceof WaldurTimeoutError ||
    error instanceof WaldurResponseError ||
    (error instanceof WaldurApiError && error.status >= 500)
  );
}

/** Whether `credit`, as read, carries `field` (a server that does not know a field leaves it out). */
function carries(credit: ProjectCredit, field: string): boolean {
  return field === 'project' || (credit as unknown as Record<string, unknown>)[field] !== undefined;
}

/** The fields of `row` that differ from `credit`; `undefined` when none does. */
function difference(row: Row, credit: ProjectCredit): PlannedChange | undefined {
  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = {};
  const server = credit as unknown as Record<string, unknown>;
  for (const [field, wire] of Object.entries(row.wire)) {
    let now: unknown = server[field];
    let wantedValue: unknown = wire;
    let same: boolean;
    if (DECIMALS.has(field)) {
      wantedValue = new Decimal(wire as string);
      same = Decimal.isDecimal(now) && (now as Decimal).eq(wantedValue as Decimal);
    } else if (field === 'project') {
      now = credit.project_uuid;
      wantedValue = canonicalUuid(PROJECT_PATH.exec(wire as string)?.[1]);
      same = now === wantedValue;
    } else {
      same = now === wire;
    }
    if (!same) {
      before[field] = now;
      after[field] = wantedValue;
    }
  }
  return Object.keys(after).length > 0 ? { uuid: row.uuid, project_name: credit.project_name, before, after } : undefined;
}

function pick<T extends object>(source: T, fields: readonly string[]): T {
  const out: Record<string, unknown> = {};
  for (const field of fields) out[field] = (source as Record<string, unknown>)[field];
  return out as T;
}

/** Checks every row before anything is sent; a bad row fails the whole plan, naming it. */
function checkRows(context: ApplyContext, changes: unknown): Row[] {
  if (!Array.isArray(changes)) throw new WaldurInputError('changes', `expected a list of changes, got ${describe(changes)}`);
  const seen = new Map<string, number>();
  return changes.map((change: unknown, i) => {
    const where = `changes[${i}]`;
    if (change === null || typeof change !== 'object' || Array.isArray(change)) {
      throw new WaldurInputError(where, `expected an object with a uuid and the fields to set, got ${describe(change)}`);
    }
    const { uuid: raw, ...input } = change as Record<string, unknown>;
    let uuid: string;
    let wire: Record<string, unknown>;
    try {
      uuid = context.creditId(raw);
      wire = context.checkPatch(input);
    } catch (error) {
      if (error instanceof WaldurInputError) throw new WaldurInputError(`${where}.${error.field}`, error.reason);
      throw error;
    }
    const earlier = seen.get(uuid);
    if (earlier !== undefined) throw new WaldurInputError(`${where}.uuid`, `names the same credit as changes[${earlier}]`);
    seen.set(uuid, i);
    return { uuid, input: input as ProjectCreditPatch, wire };
  });
}

function checkApplyOptions(value: unknown): { dryRun: boolean; concurrency: number; onProgress: ApplyOptions['onProgress']; request: RequestOptions } {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new WaldurInputError('options', `expected an object, got ${describe(value)}`);
  }
  const { dryRun = false, concurrency = 4, onProgress, ...rest } = value as ApplyOptions;
  if (typeof dryRun !== 'boolean') throw new WaldurInputError('options.dryRun', `expected true or false, got ${describe(dryRun)}`);
  if (!Number.isSafeInteger(concurrency) || concurrency < 1 || concurrency > 16) {
    throw new WaldurInputError('options.concurrency', `expected a whole number from 1 to 16, got ${describe(concurrency)}`);
  }
  if (onProgress !== undefined && typeof onProgress !== 'function') {
    throw new WaldurInputError('options.onProgress', `expected a function, got ${describe(onProgress)}`);
  }
  return { dryRun, concurrency, onProgress, request: checkRequestOptions(rest) };
}
