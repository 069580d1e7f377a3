/**
 * `projectCredits.applyChanges`: bulk changes that are planned, reported, and never applied twice.
 * Each change names the wanted absolute values of some writable fields; setting absolute values
 * is idempotent, so a write whose outcome is unknown is checked by reading the credit back and
 * sent again only if it did not take.
 */
import { PROJECT_PATH } from './credit.js';
import type { ProjectCredit, ProjectCreditPatch } from './credit.js';
import { Decimal } from './decimal.js';
import {
  WaldurAbortError,
  WaldurApiError,
  WaldurError,
  WaldurInputError,
  WaldurNetworkError,
  WaldurResponseError,
  WaldurTimeoutError,
} from './errors.js';
import { notify } from './notify.js';
import type { ListOptions, ProjectCreditsResource } from './project-credits.js';
import { checkRequestOptions } from './transport.js';
import type { RequestOptions } from './transport.js';
import { canonicalUuid, describe } from './uuid.js';

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
 * A change that did not take, with the typed error that says why.
 *
 * @group Resource
 */
export interface FailedChange {
  /** The credit's UUID, canonical. */
  uuid: string;
  /** Why: a `WaldurNotFoundError`, a `WaldurBadRequestError` with DRF's messages, … */
  error: WaldurError;
}

/**
 * Progress of `applyChanges`: reading the current credits, then writing.
 *
 * @group Resource
 */
export interface ApplyProgress {
  /** `read` while the current credits are read (in pages), `write` while changes are sent. */
  phase: 'read' | 'write';
  /** Credits read, or changes sent, so far. */
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
  /** Called as credits are read and as changes are sent. A promise it returns is not awaited. */
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
  /** The changed fields' values on the server before the change (`undefined` where the server sent none). */
  before: Record<string, unknown>;
  /** The changed fields' wanted values. */
  after: Record<string, unknown>;
}

/**
 * What `applyChanges` did, credit by credit. Every change given is in exactly one of `applied`
 * (or `planned` in a dry run), `unchanged`, `failed` and `skipped`.
 *
 * @group Resource
 */
export interface ApplyReport {
  /** Whether this was a dry run (nothing sent). */
  dryRun: boolean;
  /** The changes that differ from the server, as planned (in a real run too). */
  planned: PlannedChange[];
  /** The changes sent and confirmed (empty in a dry run). */
  applied: PlannedChange[];
  /** The credits already at the wanted values: nothing was sent for them. */
  unchanged: string[];
  /** The changes that did not take, each with its typed error. */
  failed: FailedChange[];
  /** Changes not sent because the run was aborted. */
  skipped: string[];
  /** Whether the signal stopped the run; `skipped` lists what was not sent. */
  aborted: boolean;
}

/** What `applyChanges` needs of its resource and client. */
export interface ApplyContext {
  resource: Pick<ProjectCreditsResource, 'list' | 'get' | 'patch'>;
  /** A credit named by the caller, as its canonical UUID (a `WaldurInputError` otherwise). */
  creditId: (value: unknown) => string;
  /** Checks a patch as `patch` would send it; throws `WaldurInputError` naming the field. */
  checkPatch: (input: unknown) => Record<string, unknown>;
}

const DECIMALS: ReadonlySet<string> = new Set(['value', 'expected_consumption', 'grace_coefficient']);
/** How many times an unconfirmed write is read back and sent again before it counts as failed. */
const CONFIRMATIONS = 2;

/** A row checked: its credit and the wire form of each field it sets (the form the comparison uses). */
interface Row {
  uuid: string;
  input: ProjectCreditPatch;
  wire: Record<string, unknown>;
}

/** Runs `changes`; see `ProjectCreditsResource.applyChanges`. */
export async function applyChanges(context: ApplyContext, changes: unknown, options: unknown = {}): Promise<ApplyReport> {
  const { dryRun, concurrency, onProgress, request } = checkApplyOptions(options);
  const rows = checkRows(context, changes);
  const report: ApplyReport = { dryRun, planned: [], applied: [], unchanged: [], failed: [], skipped: [], aborted: false };
  if (rows.length === 0) return report;

  // Read: one walk, keeping only the wanted credits; a credit the walk did not see is read directly.
  const wanted = new Map(rows.map((row) => [row.uuid, row]));
  const current = new Map<string, ProjectCredit>();
  const walk: ListOptions = {
    ...request,
    onProgress: ({ fetched, total }) => notify(onProgress, { phase: 'read', done: fetched, total }),
  };
  for await (const credit of context.resource.list({}, walk)) {
    if (wanted.has(credit.uuid)) current.set(credit.uuid, credit);
    if (current.size === wanted.size) break;
  }
  for (const row of rows) {
    if (current.has(row.uuid)) continue;
    try {
      current.set(row.uuid, await context.resource.get(row.uuid, request));
    } catch (error) {
      if (error instanceof WaldurAbortError) throw error;
      report.failed.push({ uuid: row.uuid, error: error as WaldurError });
    }
  }

  // Plan: the fields that differ.
  const plans: { row: Row; plan: PlannedChange }[] = [];
  for (const row of rows) {
    const credit = current.get(row.uuid);
    if (!credit) continue;
    const plan = difference(row, credit);
    if (plan) {
      report.planned.push(plan);
      plans.push({ row, plan });
    } else report.unchanged.push(row.uuid);
  }
  if (dryRun) return report;

  // Apply: up to `concurrency` writes at once; after an abort no new write starts.
  let next = 0;
  let sent = 0;
  const worker = async () => {
    while (next < plans.length) {
      const { row, plan } = plans[next++]!;
      if (request.signal?.aborted) {
        report.aborted = true;
        report.skipped.push(row.uuid);
        continue;
      }
      const error = await write(context, row, plan, request);
      if (error) report.failed.push({ uuid: row.uuid, error });
      else report.applied.push(plan);
      notify(onProgress, { phase: 'write', done: ++sent, total: plans.length });
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, plans.length) }, worker));
  // Reports list changes in the order given.
  const order = new Map(rows.map((row, i) => [row.uuid, i]));
  report.applied.sort((a, b) => order.get(a.uuid)! - order.get(b.uuid)!);
  report.failed.sort((a, b) => order.get(a.uuid)! - order.get(b.uuid)!);
  return report;
}

/**
 * Sends one change and confirms it. A write whose outcome is unknown (no answer, a timeout, an
 * unreadable answer, a 5xx) is checked by reading the credit back; what did not take is sent
 * again, at most {@link CONFIRMATIONS} times. The writes are never given the caller's signal: a
 * write in flight is finished, so the report can say what it did. Answers the error, if it failed.
 */
async function write(context: ApplyContext, row: Row, plan: PlannedChange, request: RequestOptions): Promise<WaldurError | undefined> {
  const writeOptions: RequestOptions = { ...request, signal: undefined };
  let fields = Object.keys(plan.after);
  for (let attempt = 0; ; attempt++) {
    let error: WaldurError;
    try {
      await context.resource.patch(row.uuid, pick(row.input, fields), writeOptions);
      return undefined;
    } catch (thrown) {
      error = thrown as WaldurError;
    }
    if (!uncertain(error) || attempt >= CONFIRMATIONS) return error;
    let credit: ProjectCredit;
    try {
      credit = await context.resource.get(row.uuid, writeOptions);
    } catch {
      return error;
    }
    const left = difference({ ...row, wire: pick(row.wire, fields) }, credit);
    if (!left) return undefined;
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
  return Object.keys(after).length > 0 ? { uuid: row.uuid, before, after } : undefined;
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
