/**
 * One contract for every callback a caller gives the SDK (the client's `onRequest` and
 * `onResponse`, a walk's `onProgress` and `onDrift`, `applyChanges`' `onProgress`): called, never
 * awaited, and what it throws or rejects with is ignored. So each kind, throwing and rejecting,
 * must leave the operation's result whole, its work done, and no unhandled rejection behind.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWaldurClient } from '../../src/index.js';
import type { ListOptions, WaldurClientOptions } from '../../src/index.js';
import { createFakeWaldur } from '../../src/testing/index.js';

const boom = () => new Error('boom: a callback bug');
const failures = {
  throws: () => {
    throw boom();
  },
  rejects: async () => Promise.reject(boom()),
} as const;
type Failure = keyof typeof failures;

let unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
beforeEach(() => {
  unhandled = [];
  process.on('unhandledRejection', onUnhandled);
});
afterEach(async () => {
  // A rejection becomes "unhandled" a turn after nothing handled it.
  await new Promise((resolve) => setTimeout(resolve, 20));
  process.off('unhandledRejection', onUnhandled);
  expect(unhandled, 'unhandled rejections').toEqual([]);
});

/** A fake with `count` credits, whose total grows by one after the first page is served (a drift). */
function setup(count: number, options: Partial<WaldurClientOptions> = {}) {
  const fake = createFakeWaldur({ credits: count, token: 'cb' });
  let pages = 0;
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const response = await fake.fetch(input, init);
    if (new Request(input, init).url.includes('?') && ++pages === 1) {
      fake.credits.push({ ...fake.credits[0]!, uuid: 'f'.repeat(32), project_uuid: 'e'.repeat(32) });
    }
    return response;
  };
  const waldur = createWaldurClient({ baseUrl: fake.baseUrl, token: 'cb', fetch, ...options });
  return { fake, waldur };
}

/** Wraps a failure so that the test knows it was called. */
function counted(failure: Failure) {
  const spy = { calls: 0, fn: (..._: unknown[]) => (spy.calls++, failures[failure]()) };
  return spy;
}

describe.each(['throws', 'rejects'] as const)('a callback that %s', (failure) => {
  it('onRequest and onResponse: every request completes; a walk yields every credit', async () => {
    const onRequest = counted(failure);
    const onResponse = counted(failure);
    const { waldur, fake } = setup(650, { onRequest: onRequest.fn, onResponse: onResponse.fn });
    const credit = await waldur.projectCredits.get(fake.credits[3]!.uuid);
    expect(credit.project_name).toBe(fake.credits[3]!.project_name);
    expect(await waldur.projectCredits.listAll({}, { concurrency: 1 })).toHaveLength(651);
    expect([onRequest.calls, onResponse.calls]).toEqual([4, 4]);
  });

  it.each(['onProgress', 'onDrift'] as const)('a walk’s %s: listAll and for await still yield every credit', async (name) => {
    const callback = counted(failure);
    const { waldur } = setup(650);
    const options: ListOptions = { concurrency: 1, [name]: callback.fn };
    expect(await waldur.projectCredits.listAll({}, options)).toHaveLength(651);
    let n = 0;
    for await (const _ of setup(650).waldur.projectCredits.list({}, options)) n++;
    expect(n).toBe(651);
    expect(callback.calls).toBeGreaterThanOrEqual(2);
  });

  it('applyChanges’ onProgress, called after PATCHes were sent: the report is returned, every change applied', async () => {
    const onProgress = counted(failure);
    const { waldur, fake } = setup(40);
    const changes = fake.credits.slice(0, 12).map((c) => ({ uuid: c.uuid, expected_consumption: '1.5' }));
    const report = await waldur.projectCredits.applyChanges(changes, { onProgress: onProgress.fn, concurrency: 2 });
    expect(report.applied).toHaveLength(12);
    expect(fake.requests.filter((r) => r.method === 'PATCH')).toHaveLength(12);
    for (const { uuid } of changes) expect(fake.credit(uuid)!.expected_consumption).toBe('1.50000');
    // Every read and every write was reported, each call failing.
    expect(onProgress.calls).toBeGreaterThanOrEqual(1 + 12);
  });
});
