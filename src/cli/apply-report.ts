/**
 * What `waldur-credits apply` prints of a batch's report: each row's outcome as a before → after
 * table for people or a JSON line, what did not go as planned and why, and the closing counts.
 */
import type { ApplyReport, NotAppliedChange, PlannedChange, UnknownChange } from 'waldur-project-credits';
import { oneLine } from './errors.js';
import { text, toJson } from './fields.js';
import type { Json } from './fields.js';
import { renderTable } from './output.js';
import { jsonText } from './safe.js';

/** What one row of the file came to. */
export type Outcome =
  | { kind: 'planned' | 'applied'; change: PlannedChange }
  | { kind: 'unchanged' }
  | { kind: 'notApplied'; entry: NotAppliedChange }
  | { kind: 'unknown'; entry: UnknownChange }
  | { kind: 'notSent' };

/** The counts of a whole run, kept as the batches go by. */
export interface Counts {
  changed: number;
  unchanged: number;
  notApplied: number;
  unknown: number;
  notSent: number;
}

export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** A value before or after: exact amounts, `null`, and `(none)` for a field the server did not send. */
const shown = (value: unknown) => (value === undefined ? '(none)' : text(value));
/** Each row's outcome in a batch's report, by credit. */
export function outcomes(report: ApplyReport): Map<string, Outcome> {
  const out = new Map<string, Outcome>();
  for (const change of report.dryRun ? report.planned : report.applied) out.set(change.uuid, { kind: report.dryRun ? 'planned' : 'applied', change });
  for (const uuid of report.unchanged) out.set(uuid, { kind: 'unchanged' });
  for (const entry of report.notApplied) out.set(entry.uuid, { kind: 'notApplied', entry });
  for (const entry of report.unknown) out.set(entry.uuid, { kind: 'unknown', entry });
  for (const uuid of report.skipped) out.set(uuid, { kind: 'notSent' });
  return out;
}

/** A credit for people: its UUID, and its project's name when it is known. */
const credit = (uuid: string, change: PlannedChange | undefined) => (change ? `${uuid} (${change.project_name})` : uuid);

/** Why a change is not applied, on one line. */
function notAppliedReason(entry: NotAppliedChange): string {
  if (entry.error) return `${entry.error.name}: ${oneLine(entry.error.message)}`;
  const kept = Object.entries(entry.kept ?? {}).map(([field, value]) => `${field} ${shown(value)} (wanted ${shown(entry.change?.after[field])})`);
  return `the server answered the write but holds ${kept.join(', ')}`;
}

/** Why a change's outcome is unknown, on one line. */
function unknownReason(entry: UnknownChange): string {
  const write = `${entry.error.name}: ${oneLine(entry.error.message)}`;
  return entry.readBackError
    ? `${write}; reading it back failed too: ${entry.readBackError.name}: ${oneLine(entry.readBackError.message)}`
    : `${write}; read back after every re-send, the values were not there yet (a write in flight may still land)`;
}

/** One batch's part of the plan or report, for people: the changes as a before → after table, then what did not go as planned. */
export function batchText(rows: readonly { uuid: string; outcome: Outcome }[], dryRun: boolean, verbose: boolean): string {
  const table: string[][] = [];
  const notApplied: string[] = [];
  const unknown: string[] = [];
  const unchanged: string[] = [];
  for (const { uuid, outcome } of rows) {
    if (outcome.kind === 'planned' || outcome.kind === 'applied') {
      Object.keys(outcome.change.after).forEach((field, i) => {
        const { before, after, project_name } = outcome.change;
        table.push([i === 0 ? uuid : '', i === 0 ? project_name : '', field, shown(before[field]), '→', shown(after[field])]);
      });
    } else if (outcome.kind === 'notApplied') notApplied.push(`  ${credit(uuid, outcome.entry.change)}: ${notAppliedReason(outcome.entry)}`);
    else if (outcome.kind === 'unknown') unknown.push(`  ${credit(uuid, outcome.entry.change)}: ${unknownReason(outcome.entry)}`);
    else if (outcome.kind === 'unchanged') unchanged.push(`  ${uuid}`);
  }
  const out: string[] = [];
  if (table.length > 0) out.push(renderTable(['credit', 'project', 'field', 'before', '', 'after'], table).trimEnd());
  if (notApplied.length > 0) {
    out.push(
      [dryRun ? 'Cannot be planned (nothing would be sent):' : 'Not applied (the server does not hold these changes):', ...notApplied].join('\n'),
    );
  }
  if (unknown.length > 0) {
    out.push(['Unknown (sent, and nothing could confirm whether the server took them; run the same file again to find out):', ...unknown].join('\n'));
  }
  if (verbose && unchanged.length > 0) out.push(['Already as wanted (nothing sent):', ...unchanged].join('\n'));
  return out.map((part) => `${part}\n\n`).join('');
}

/** The counts, for people: the last lines of the plan or report. */
export function summaryText(counts: Counts, dryRun: boolean, file: string, command: string, notSent: readonly string[], why: string): string {
  const { changed, unchanged, notApplied, unknown } = counts;
  if (changed === 0 && notApplied === 0 && unknown === 0 && counts.notSent === 0) {
    const all = unchanged === 1 ? 'the credit' : `all ${unchanged} credits`;
    return `Nothing to do: ${all} of ${file} already ${unchanged === 1 ? 'has' : 'have'} the wanted values; nothing was sent.\n`;
  }
  const parts = [
    `${unchanged} already as wanted`,
    ...(notApplied > 0 ? [`${notApplied} ${dryRun ? 'cannot be planned' : 'not applied'}`] : []),
    ...(unknown > 0 ? [`${unknown} unknown`] : []),
    ...(counts.notSent > 0 ? [`${counts.notSent} ${dryRun ? 'not planned' : 'not sent'}`] : []),
  ];
  const out = [
    dryRun
      ? `Plan for ${file} (dry run: nothing was sent): ${plural(changed, 'credit')} to change, ${parts.join(', ')}.`
      : `Applied ${file}: ${plural(changed, 'credit')} changed, ${parts.join(', ')}.`,
  ];
  if (counts.notSent > 0) {
    const more = counts.notSent - notSent.length;
    out.push(`${dryRun ? 'Not planned' : 'Not sent'} (${why}): ${notSent.join(', ')}${more > 0 ? `, and ${more} more` : ''}`);
  }
  if (dryRun && changed > 0) out.push(`To apply it: ${command} --yes`);
  return `${out.join('\n')}\n`;
}

/** An error as JSON: its name, message and HTTP status. */
export function errorJson(error: Error): Json {
  return { name: error.name, message: error.message, status: (error as { status?: number }).status ?? null };
}

/** One row's outcome as a JSON line: amounts as exact strings. */
export function rowJson(where: string, uuid: string, outcome: Outcome): string {
  const entry: { [key: string]: Json } = { where, uuid, outcome: outcome.kind };
  const change =
    outcome.kind === 'planned' || outcome.kind === 'applied'
      ? outcome.change
      : outcome.kind === 'notApplied' || outcome.kind === 'unknown'
        ? outcome.entry.change
        : undefined;
  if (change) Object.assign(entry, { project_name: change.project_name, before: toJson(change.before), after: toJson(change.after) });
  if (outcome.kind === 'notApplied') {
    if (outcome.entry.error) entry.error = errorJson(outcome.entry.error);
    if (outcome.entry.kept) entry.kept = toJson(outcome.entry.kept);
  }
  if (outcome.kind === 'unknown') {
    entry.error = errorJson(outcome.entry.error);
    entry.readBackError = outcome.entry.readBackError ? errorJson(outcome.entry.readBackError) : null;
  }
  return jsonText(entry);
}
