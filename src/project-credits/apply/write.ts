/**
 * One write of `applyChanges`, and what the server holds after it: the answer to the PATCH says
 * it, else a read-back does; what did not take is sent again, a bounded number of times.
 */
import { WaldurApiError, WaldurError, WaldurNetworkError, WaldurResponseError, WaldurTimeoutError } from '../../core/errors.js';
import type { RequestOptions } from '../../core/options.js';
import type { ProjectCredit } from '../types.js';
import { difference, pick } from './plan.js';
import type { Row } from './plan.js';
import type { ApplyContext, PlannedChange } from './types.js';

/** How many times an unconfirmed write is read back and sent again before its outcome counts as unknown. */
const CONFIRMATIONS = 2;

/** How one write ended. */
type Outcome =
  | { kind: 'applied' }
  | { kind: 'notApplied'; error?: WaldurError; kept?: Record<string, unknown> }
  | { kind: 'unknown'; error: WaldurError; readBackError?: WaldurError };

/**
 * Sends one change and finds out what the server holds. The answer to the PATCH says it; a write
 * without a readable answer (no answer, a timeout, a broken body, a 5xx) is checked by reading the
 * credit back, and what did not take is sent again, at most {@link CONFIRMATIONS} times. The
 * writes are never given the caller's signal: a write in flight is finished, so the report can
 * say what it did.
 */
export async function write(context: ApplyContext, row: Row, plan: PlannedChange, request: RequestOptions): Promise<Outcome> {
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
