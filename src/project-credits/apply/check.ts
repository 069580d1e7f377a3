/** The checks `applyChanges` makes before its first request: every row, and the options. */
import { WaldurInputError } from '../../core/errors.js';
import { checkRequestOptions } from '../../core/options.js';
import type { RequestOptions } from '../../core/options.js';
import { describe } from '../../core/describe.js';
import type { Row } from './plan.js';
import type { ApplyContext, ApplyOptions } from './types.js';

/** Checks `changes` as `applyChanges` does before its first request; answers each change's canonical UUID. */
export function checkChanges(context: ApplyContext, changes: unknown): string[] {
  return checkRows(context, changes).map((row) => row.uuid);
}

/** Checks every row before anything is sent; a bad row fails the whole plan, naming it. */
export function checkRows(context: ApplyContext, changes: unknown): Row[] {
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
    return { uuid, input, wire };
  });
}

export function checkApplyOptions(value: unknown): {
  dryRun: boolean;
  concurrency: number;
  onProgress: ApplyOptions['onProgress'];
  request: RequestOptions;
} {
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
