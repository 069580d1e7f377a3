/**
 * `anySignal` (src/core/abort.ts): `AbortSignal.any` where the runtime has it, a fallback where it does
 * not (edge-runtime, Chrome < 116, Firefox < 124, Safari < 17.4). The fallback is tested directly,
 * and the SDK is run with `AbortSignal.any` removed, as those runtimes have it.
 */
import { setMaxListeners } from 'node:events';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { anySignal, followSignals } from '../src/core/abort.js';
import { createWaldurClient, WaldurAbortError, WaldurError } from '../src/index.js';
import { createFakeWaldur } from '../src/testing/index.js';

/** A signal that counts the abort listeners it holds. */
function countingSignal() {
  const controller = new AbortController();
  const { signal } = controller;
  let listeners = 0;
  const add = signal.addEventListener.bind(signal);
  const remove = signal.removeEventListener.bind(signal);
  signal.addEventListener = ((type: string, listener: EventListener, options?: AddEventListenerOptions) => {
    if (type === 'abort') listeners++;
    add(type, listener, options);
  }) as typeof signal.addEventListener;
  signal.removeEventListener = ((type: string, listener: EventListener, options?: EventListenerOptions) => {
    if (type === 'abort') listeners--;
    remove(type, listener, options);
  }) as typeof signal.removeEventListener;
  return { controller, signal, listeners: () => listeners };
}

describe('followSignals (the fallback of AbortSignal.any)', () => {
  it('aborts when any source aborts, with that source’s reason, once', () => {
    const a = new AbortController();
    const b = new AbortController();
    const follower = followSignals([a.signal, b.signal]);
    const seen: unknown[] = [];
    follower.addEventListener('abort', () => seen.push(follower.reason));
    expect(follower.aborted).toBe(false);
    const reason = new Error('b first');
    b.abort(reason);
    a.abort(new Error('a later'));
    expect(follower.aborted).toBe(true);
    expect(seen).toEqual([reason]);
  });

  it('is aborted at once, with the reason, when a source already is', () => {
    const reason = new Error('before');
    const follower = followSignals([new AbortController().signal, AbortSignal.abort(reason)]);
    expect(follower.aborted).toBe(true);
    expect(follower.reason).toBe(reason);
  });

  it('removes its listeners from every source once it has aborted', () => {
    const a = countingSignal();
    const b = countingSignal();
    followSignals([a.signal, b.signal]);
    expect([a.listeners(), b.listeners()]).toEqual([1, 1]);
    a.controller.abort();
    expect([a.listeners(), b.listeners()]).toEqual([0, 0]);
  });

  it('removes its listeners from a long-lived source once it is garbage-collected', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const shared = countingSignal();
    setMaxListeners(100, shared.signal); // 50 followers at once is this test's point, not a leak
    for (let i = 0; i < 50; i++) followSignals([shared.signal]);
    expect(shared.listeners()).toBe(50);
    // Finalizers run after a collection, on a later turn: collect and yield until they have.
    for (let round = 0; round < 200 && shared.listeners() > 0; round++) {
      gc();
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(shared.listeners()).toBe(0);
    // The shared signal still works, and aborting it throws nothing.
    shared.controller.abort();
    expect(shared.signal.aborted).toBe(true);
  }, 60_000);

  it('still aborts a follower kept alive after many collections', async () => {
    const gc = runInNewContext('gc') as () => void;
    const source = new AbortController();
    const follower = followSignals([source.signal]);
    for (let round = 0; round < 5; round++) {
      gc();
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    source.abort(new Error('late'));
    expect(follower.aborted).toBe(true);
    expect((follower.reason as Error).message).toBe('late');
  }, 60_000);
});

describe('anySignal', () => {
  afterEach(() => vi.restoreAllMocks());

  it('uses AbortSignal.any where the runtime has it', () => {
    const spy = vi.spyOn(AbortSignal, 'any');
    const source = new AbortController();
    anySignal([source.signal]);
    expect(spy).toHaveBeenCalledOnce();
  });
});

describe('the SDK where AbortSignal.any is missing (edge-runtime, older browsers)', () => {
  const native = AbortSignal.any;
  const withoutAny = async (run: () => Promise<void>) => {
    // @ts-expect-error: removed, as those runtimes lack it
    delete AbortSignal.any;
    try {
      expect(typeof (AbortSignal as { any?: unknown }).any).toBe('undefined');
      await run();
    } finally {
      AbortSignal.any = native;
    }
  };

  it('walks and reads with a signal', () =>
    withoutAny(async () => {
      const fake = createFakeWaldur({ credits: 120, token: 't' });
      const waldur = createWaldurClient({ baseUrl: fake.baseUrl, token: 't', fetch: fake.fetch });
      const { signal } = new AbortController();
      const all = await waldur.projectCredits.listAll({ page_size: 25 }, { signal, concurrency: 3 });
      expect(new Set(all.map((c) => c.uuid)).size).toBe(120);
      const one = await waldur.projectCredits.get(all[7]!.uuid, { signal });
      expect(one.uuid).toBe(all[7]!.uuid);
    }));

  it('ends a walk aborted by the caller with a WaldurAbortError', () =>
    withoutAny(async () => {
      const fake = createFakeWaldur({ credits: 120, token: 't' });
      const waldur = createWaldurClient({ baseUrl: fake.baseUrl, token: 't', fetch: fake.fetch });
      const controller = new AbortController();
      let seen = 0;
      let error: unknown;
      try {
        for await (const credit of waldur.projectCredits.list({ page_size: 10 }, { signal: controller.signal, concurrency: 2 })) {
          void credit;
          if (++seen === 15) controller.abort(new Error('enough'));
        }
      } catch (thrown) {
        error = thrown;
      }
      expect(error).toBeInstanceOf(WaldurAbortError);
      expect(error).toBeInstanceOf(WaldurError);
      expect(seen).toBeLessThan(120);
    }));

  it('ends a request in flight when the caller aborts', () =>
    withoutAny(async () => {
      const controller = new AbortController();
      let sent!: () => void;
      const arrived = new Promise<void>((resolve) => (sent = resolve));
      // A server that never answers, and ends the request when its signal aborts.
      const hanging: typeof fetch = (_input, init) =>
        new Promise((_, reject) => {
          sent();
          init?.signal?.addEventListener('abort', () => reject(init.signal!.reason));
        });
      const waldur = createWaldurClient({ baseUrl: 'https://waldur.test', token: 't', fetch: hanging, maxRetries: 0 });
      const pending = waldur.projectCredits.count({}, { signal: controller.signal });
      await arrived;
      controller.abort(new Error('user left'));
      await expect(pending).rejects.toBeInstanceOf(WaldurAbortError);
    }));
});
