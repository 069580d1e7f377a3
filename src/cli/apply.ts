/**
 * `waldur-credits apply`: a change file through `projectCredits.applyChanges`, the plan (dry run)
 * or the report printed as before → after tables, and the exit status the report calls for.
 */
import type { ApplyReport, PlannedChange, WaldurClient } from 'waldur-project-credits';
import { WaldurAbortError, WaldurInputError } from 'waldur-project-credits';
import type { ApplyArgs } from './args.js';
import type { ChangeFile } from './changes.js';
import { readChangeFile } from './changes.js';
import { EXIT, UsageError, flagError, oneLine } from './errors.js';
import { text, toJson } from './fields.js';
import type { Json } from './fields.js';
import { Progress } from './progress.js';
import type { ProgressStream } from './progress.js';
import { renderTable } from './output.js';

/** Where `apply` writes, and how it hears Ctrl-C. */
export interface ApplyIo {
  stdout: { write(text: string): unknown };
  stderr: ProgressStream;
  /** Calls `stop` on Ctrl-C until the returned function is called. */
  onInterrupt(stop: () => void): () => void;
}

/** A row named by the SDK (`changes[2].value`) said with its place in the file. */
function rowError(error: WaldurInputError, file: ChangeFile): UsageError | undefined {
  const match = /^changes\[(\d+)\]\.?(.*)$/.exec(error.field);
  if (!match) return undefined;
  const index = Number(match[1]);
  const where = file.where[index] ?? `[${index}]`;
  const uuid = file.changes[index]?.uuid;
  const field = match[2] ? `${match[2]}: ` : '';
  return new UsageError(`${file.name} ${where}${uuid ? ` (uuid ${uuid})` : ''}: ${field}${error.reason}`, 'fix that row, then run again (nothing was sent)');
}

/** A value before or after: exact amounts, `null`, and `(none)` for a field the server did not send. */
const shown = (value: unknown) => (value === undefined ? '(none)' : text(value));

/** The before → after rows of some planned changes. */
export function changeTable(changes: readonly PlannedChange[]): string {
  const rows: string[][] = [];
  for (const change of changes) {
    Object.keys(change.after).forEach((field, i) => {
      rows.push([i === 0 ? change.uuid : '', field, shown(change.before[field]), '→', shown(change.after[field])]);
    });
  }
  return renderTable(['credit', 'field', 'before', '', 'after'], rows);
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** A short list of UUIDs: at most `max`, then how many more. */
function uuids(list: readonly string[], max = 10): string {
  const shown = list.slice(0, max).join(', ');
  return list.length > max ? `${shown}, and ${list.length - max} more` : shown;
}

/** The report as people read it. */
export function reportText(report: ApplyReport, file: string): string {
  const out: string[] = [];
  const changes = report.dryRun ? report.planned : report.applied;
  const unchanged = report.unchanged.length;
  if (changes.length === 0 && report.failed.length === 0 && report.skipped.length === 0) {
    const all = unchanged === 1 ? 'the credit' : `all ${unchanged} credits`;
    return `Nothing to do: ${all} of ${file} already ${unchanged === 1 ? 'has' : 'have'} the wanted values; nothing was sent.\n`;
  }
  const counts = [`${unchanged} already as wanted`, ...(report.failed.length > 0 ? [`${report.failed.length} failed`] : []), ...(report.skipped.length > 0 ? [`${report.skipped.length} not sent`] : [])];
  out.push(
    report.dryRun
      ? `Plan for ${file} (dry run: nothing was sent): ${plural(changes.length, 'credit')} to change, ${counts.join(', ')}.`
      : `Applied ${file}: ${plural(changes.length, 'credit')} changed, ${counts.join(', ')}.`,
  );
  if (changes.length > 0) out.push('', changeTable(changes).trimEnd());
  if (report.failed.length > 0) {
    out.push('', report.dryRun ? 'Cannot be planned:' : 'Failed (not changed):');
    for (const { uuid, error } of report.failed) out.push(`  ${uuid}: ${error.name}: ${oneLine(error.message)}`);
  }
  if (report.skipped.length > 0) out.push('', `Not sent (interrupted): ${uuids(report.skipped)}`);
  if (unchanged > 0) out.push('', `Already as wanted (nothing sent): ${uuids(report.unchanged)}`);
  if (report.dryRun && changes.length > 0) out.push('', `To apply it: waldur-credits apply ${file} --yes`);
  return `${out.join('\n')}\n`;
}

/** The report as JSON: amounts as exact strings, errors as their name, message and status. */
export function reportJson(report: ApplyReport): Json {
  const change = (c: PlannedChange): Json => ({ uuid: c.uuid, before: toJson(c.before), after: toJson(c.after) });
  return {
    dryRun: report.dryRun,
    planned: report.planned.map(change),
    applied: report.applied.map(change),
    unchanged: [...report.unchanged],
    failed: report.failed.map(({ uuid, error }) => ({
      uuid,
      error: { name: error.name, message: error.message, status: (error as { status?: number }).status ?? null },
    })),
    skipped: [...report.skipped],
    aborted: report.aborted,
  };
}

/** The exit status of an apply: 3 when a change failed (or, in a dry run, cannot be planned: its credit is missing) or was not sent. */
export function applyExit(report: ApplyReport): number {
  return report.failed.length > 0 || report.skipped.length > 0 ? EXIT.changes : EXIT.ok;
}

/** Runs `apply`. Returns the exit status; throws what `main` reports (usage and API errors). */
export async function runApply(waldur: WaldurClient, args: ApplyArgs, io: ApplyIo): Promise<number> {
  const file = await readChangeFile(args.file);
  const progress = new Progress(io.stderr, 'reading', args.quiet);
  let phase: 'read' | 'write' = 'read';
  const controller = new AbortController();
  let interrupted = false;
  const release = args.yes
    ? io.onInterrupt(() => {
        interrupted = true;
        progress.finish();
        io.stderr.write('waldur-credits apply: interrupted: stopping; no new change is sent, those in flight finish (Ctrl-C again quits at once)\n');
        controller.abort(new Error('interrupted (Ctrl-C)'));
      })
    : () => {};
  let report: ApplyReport;
  try {
    report = await waldur.projectCredits.applyChanges(file.changes, {
      dryRun: !args.yes,
      ...(args.concurrency !== undefined ? { concurrency: args.concurrency } : {}),
      signal: controller.signal,
      onProgress: ({ phase: now, done, total }) => {
        if (now !== phase) {
          phase = now;
          progress.finish();
          progress.phase('writing');
        }
        progress.update(done, total);
      },
    });
  } catch (error) {
    progress.finish();
    if (error instanceof WaldurInputError) throw rowError(error, file) ?? flagError(error);
    if (error instanceof WaldurAbortError && interrupted) {
      io.stderr.write('waldur-credits apply: interrupted while reading the credits: nothing was changed; run it again when you are ready\n');
      return EXIT.changes;
    }
    throw error;
  } finally {
    release();
  }
  progress.finish();
  io.stdout.write(args.format === 'json' ? `${JSON.stringify(reportJson(report), null, 2)}\n` : reportText(report, args.file));
  const code = applyExit(report);
  if (code === EXIT.changes) {
    const problems = [
      report.failed.length > 0 ? `${plural(report.failed.length, 'change')} ${report.dryRun ? 'cannot be planned' : 'failed'}` : '',
      report.skipped.length > 0 ? `${report.skipped.length} not sent (interrupted)` : '',
    ]
      .filter(Boolean)
      .join(', ');
    io.stderr.write(`waldur-credits apply: ${problems}; what to do: fix what the report says, then run the same file again (what is done is not sent twice)\n`);
  }
  return code;
}
