/**
 * `projectCredits.applyChanges`: bulk changes that are planned, then written, and reported as only
 * the server's answers allow. Each change names the wanted absolute values of some writable
 * fields; setting absolute values is idempotent, so a write whose outcome is unknown is checked by
 * reading the credit back and sent again only if it did not take.
 */
import { notify } from '../../core/callbacks.js';
import { WaldurInputError } from '../../core/errors.js';
import { atOnce } from '../../core/pool.js';
import { checkApplyOptions, checkRows } from './check.js';
import { carries, difference } from './plan.js';
import type { Row } from './plan.js';
import { readCredits } from './read.js';
import type { ApplyContext, ApplyReport, PlannedChange } from './types.js';
import { write } from './write.js';

export { checkChanges } from './check.js';
export type * from './types.js';

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
    let written = 0;
    await atOnce(plans, concurrency, async ({ row, plan }) => {
      if (request.signal?.aborted) {
        report.aborted = true;
        report.skipped.push(row.uuid);
        return;
      }
      const outcome = await write(context, row, plan, request);
      if (outcome.kind === 'applied') report.applied.push(plan);
      else if (outcome.kind === 'unknown')
        report.unknown.push({ uuid: row.uuid, change: plan, error: outcome.error, readBackError: outcome.readBackError });
      else report.notApplied.push({ uuid: row.uuid, change: plan, error: outcome.error, kept: outcome.kept });
      notify(onProgress, { phase: 'write', done: ++written, total: plans.length });
    });
  }
  // Reports list changes in the order given.
  const order = new Map(rows.map((row, i) => [row.uuid, i]));
  const rank = (uuid: string) => order.get(uuid) ?? rows.length;
  const byOrder = (a: { uuid: string }, b: { uuid: string }) => rank(a.uuid) - rank(b.uuid);
  report.applied.sort(byOrder);
  report.notApplied.sort(byOrder);
  report.unknown.sort(byOrder);
  report.skipped.sort((a, b) => rank(a) - rank(b));
  return report;
}
