/**
 * `waldur-credits apply`: a change file through `projectCredits.applyChanges`, in two passes over
 * the file so that memory stays bounded whatever its size. The first pass checks every row (and
 * finds a credit named twice) before any request; the second plans and applies the file a batch
 * at a time and prints each batch's part of the plan or report as it is done, then the counts and
 * the exit status the report calls for.
 */
import { stat } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import type { ApplyReport, WaldurClient } from 'waldur-project-credits';
import { WaldurAbortError, WaldurInputError } from 'waldur-project-credits';
import type { ApplyArgs } from './args.js';
import type { ChangeBatch, ChangeFile } from './changes.js';
import { changeFile, positionOf } from './changes.js';
import { EXIT, UsageError, flagError, oneLine } from './errors.js';
import type { Json } from './fields.js';
import { Progress } from './progress.js';
import type { ProgressStream } from './progress.js';
import { closedPipe, writeText } from './output.js';
import { jsonText } from './safe.js';
import { CreditSet } from './seen.js';
import { batchText, errorJson, outcomes, plural, rowJson, summaryText } from './apply-report.js';
import type { Counts, Outcome } from './apply-report.js';

/**
 * Changes planned and applied at once. Memory holds one batch (its rows, their credits, its
 * report): about 3 KB a change, 30 MB a batch. An export of up to this many credits, edited, is
 * one batch: its credits are read in one go (one walk, or one GET each when they are few).
 */
const BATCH_SIZE = 10_000;

/** Where `apply` writes, and how it hears Ctrl-C. */
export interface ApplyIo {
  stdout: Writable;
  stderr: ProgressStream;
  /** Calls `stop` on Ctrl-C until the returned function is called. */
  onInterrupt(stop: () => void): () => void;
}

/** An SDK row error (`changes[2].value`, `… as changes[0]`) said with the rows' places in the file. */
function rowError(error: WaldurInputError, batch: ChangeBatch, file: ChangeFile): UsageError | undefined {
  const match = /^changes\[(\d+)\]\.?(.*)$/.exec(error.field);
  if (!match) return undefined;
  const at = (index: number) => {
    const position = batch.positions[index];
    return position === undefined ? `[${index}]` : file.where(position);
  };
  const index = Number(match[1]);
  const uuid = batch.changes[index]?.uuid;
  const field = match[2] ? `${match[2]}: ` : '';
  const reason = error.reason.replace(/\bchanges\[(\d+)\]/g, (_, k: string) => at(Number(k)));
  return rowUsage(file, at(index), uuid, `${field}${reason}`);
}

/** The usage error of a bad row: the file, the row's place in it and its credit, then what is wrong. */
function rowUsage(file: ChangeFile, where: string, uuid: string | undefined, problem: string): UsageError {
  return new UsageError(`${file.name} ${where}${uuid ? ` (uuid ${uuid})` : ''}: ${problem}`, 'fix that row, then run again (nothing was sent)');
}

/** The canonical UUIDs of a batch's credits; a bad row is a usage error naming its place in the file. */
function checkBatch(waldur: WaldurClient, batch: ChangeBatch, file: ChangeFile): string[] {
  try {
    return waldur.projectCredits.checkChanges(batch.changes);
  } catch (error) {
    if (error instanceof WaldurInputError) throw rowError(error, batch, file) ?? flagError(error);
    throw error;
  }
}

/** The first pass: every row checked, and no credit named twice, before any request. Answers how many rows there are. */
async function checkFile(waldur: WaldurClient, file: ChangeFile, progress: Progress): Promise<number> {
  const seen = new CreditSet();
  let count = 0;
  for await (const batch of file.batches(BATCH_SIZE)) {
    checkBatch(waldur, batch, file).forEach((uuid, i) => {
      const position = positionOf(batch, i);
      const first = seen.add(uuid, position);
      if (first !== undefined) {
        throw rowUsage(file, file.where(position), batch.changes[i]?.uuid ?? uuid, `uuid: names the same credit as ${file.where(first)}`);
      }
    });
    count += batch.changes.length;
    progress.update(count, null);
  }
  if (count === 0) throw new UsageError(`${file.name} holds no changes`, 'add a row per credit to change');
  return count;
}

/** Runs `apply`. Returns the exit status; throws what `main` reports (usage and API errors). */
export async function runApply(waldur: WaldurClient, args: ApplyArgs, io: ApplyIo): Promise<number> {
  const file = changeFile(args.file);
  const json = args.format === 'json';
  const dryRun = !args.yes;
  const sink = { out: io.stdout, end: false };
  const progress = new Progress(io.stderr, 'checking', args.quiet);

  // First pass: every row checked before any request.
  const stamp = await stat(args.file);
  let rows: number;
  try {
    rows = await checkFile(waldur, file, progress);
  } finally {
    progress.finish();
  }
  const now = await stat(args.file);
  if (now.size !== stamp.size || now.mtimeMs !== stamp.mtimeMs) {
    throw new UsageError(`${file.name} changed while it was being checked`, 'run again once it is written (nothing was sent)');
  }

  // Second pass: a batch at a time, each batch's part printed when it is done. Each batch has a
  // signal of its own: every request links a signal to it (AbortSignal.any), and Node 20 keeps a
  // trace of each link for as long as the signal lives.
  let controller = new AbortController();
  // Set by the Ctrl-C callback: typed boolean, or the checker takes it for always false after this line.
  let interrupted = false as boolean;
  const release = args.yes
    ? io.onInterrupt(() => {
        interrupted = true;
        progress.finish();
        io.stderr.write('waldur-credits apply: interrupted: stopping; no new change is sent, those in flight finish (Ctrl-C again quits at once)\n');
        controller.abort(new Error('interrupted (Ctrl-C)'));
      })
    : () => {};
  const counts: Counts = { changed: 0, unchanged: 0, notApplied: 0, unknown: 0, notSent: 0 };
  const notSent: string[] = [];
  /** What stopped the run before its end, after some of it was done. */
  let stopped: Error | undefined;
  let seen = 0;
  let written = false;
  /**
   * Writes part of the report. When stdout's reader has gone (`… | head`), the run stops as on a
   * failure: no later batch is sent, since its report could not be shown; the counts go to stderr.
   */
  let closed = false as boolean;
  const emit = async (text: string) => {
    if (closed) return;
    try {
      await writeText(text, sink);
    } catch (error) {
      if (!closedPipe(error)) throw error;
      closed = true;
      stopped ??= new Error('stdout was closed: the rest of the report could not be written');
    }
  };
  /** The start of the JSON report, written with the first batch's rows (a failure before them leaves stdout empty). */
  const jsonHead = `{\n  "file": ${jsonText(file.name)},\n  "dryRun": ${dryRun},\n  "changes": [`;
  const batches = file.batches(BATCH_SIZE);
  try {
    for (;;) {
      let batch: ChangeBatch;
      let uuids: string[];
      try {
        const step = await batches.next();
        if (step.done) break;
        batch = step.value;
        uuids = checkBatch(waldur, batch, file);
      } catch (error) {
        // The file was changed after the first pass (under the same size and time), or can no
        // longer be read: what is done is reported, the rest is not sent.
        if (!written) throw error;
        stopped = new Error(`${file.name} could not be read again: ${error instanceof Error ? error.message : String(error)}`);
        break;
      }
      const first = seen;
      seen += uuids.length;
      let report: ApplyReport | undefined;
      if (!interrupted && !stopped) {
        controller = new AbortController();
        let phase: 'read' | 'write' = 'read';
        const label = (doing: string) => (rows > BATCH_SIZE ? `${doing} (rows ${first + 1}–${seen} of ${rows})` : doing);
        progress.phase(label('reading'));
        try {
          report = await waldur.projectCredits.applyChanges(batch.changes, {
            dryRun,
            ...(args.concurrency !== undefined ? { concurrency: args.concurrency } : {}),
            signal: controller.signal,
            onProgress: ({ phase: now, done, total }) => {
              if (now !== phase) {
                phase = now;
                progress.finish();
                progress.phase(label('writing'));
              }
              progress.update(done, total);
            },
          });
        } catch (error) {
          // Only Ctrl-C aborts a batch's signal.
          const stop = error instanceof WaldurAbortError && controller.signal.aborted;
          // Nothing done yet: the run fails as a whole (exit 2 or 1), or stops on Ctrl-C with nothing changed.
          if (!written && error instanceof WaldurInputError) throw rowError(error, batch, file) ?? flagError(error);
          if (!written && !stop) throw error;
          if (!stop) stopped = error as Error;
        } finally {
          progress.finish();
        }
      }
      const byCredit = report ? outcomes(report) : new Map<string, Outcome>();
      const results = uuids.map((uuid): { uuid: string; outcome: Outcome } => ({ uuid, outcome: byCredit.get(uuid) ?? { kind: 'notSent' } }));
      for (const { uuid, outcome } of results) {
        if (outcome.kind === 'planned' || outcome.kind === 'applied') counts.changed++;
        else if (outcome.kind === 'notSent') {
          counts.notSent++;
          if (notSent.length < 10) notSent.push(uuid);
        } else counts[outcome.kind]++;
      }
      if (json) {
        const lines = results.map(
          ({ uuid, outcome }, i) => `${written || i > 0 ? ',' : ''}\n    ${rowJson(file.where(positionOf(batch, i)), uuid, outcome)}`,
        );
        await emit(`${written ? '' : jsonHead}${lines.join('')}`);
      } else if (report) {
        await emit(batchText(results, dryRun, args.verbose));
      }
      written = true;
    }
  } finally {
    release();
    progress.finish();
    await batches.return(undefined);
  }
  if (seen < rows) {
    // Rows a stop left unread: not sent.
    counts.notSent += rows - seen;
  }
  const command = `waldur-credits apply ${args.file}`;
  const why = interrupted ? 'interrupted' : 'stopped';
  if (json) {
    const tail: { [key: string]: Json } = { counts: { ...counts }, aborted: interrupted, stoppedBy: stopped ? errorJson(stopped) : null };
    await emit(
      `${written ? '' : jsonHead}\n  ],\n${Object.entries(tail)
        .map(([k, v]) => `  ${jsonText(k)}: ${jsonText(v)}`)
        .join(',\n')}\n}\n`,
    );
  } else {
    await emit(summaryText(counts, dryRun, args.file, command, notSent, why));
  }
  const problems = [
    counts.notApplied > 0 ? `${plural(counts.notApplied, 'change')} ${dryRun ? 'cannot be planned' : 'not applied'}` : '',
    counts.unknown > 0 ? `${plural(counts.unknown, 'change')} with an unknown outcome` : '',
    counts.notSent > 0 ? `${counts.notSent} ${dryRun ? 'not planned' : 'not sent'} (${why})` : '',
  ].filter(Boolean);
  if (stopped) io.stderr.write(`waldur-credits apply: stopped: ${stopped.name}: ${oneLine(stopped.message)}\n`);
  if (problems.length === 0) return EXIT.ok;
  io.stderr.write(
    `waldur-credits apply: ${problems.join(', ')}; what to do: fix what the report says, then run the same file again: it reads the credits again and sends only what the server does not hold\n`,
  );
  return EXIT.changes;
}
