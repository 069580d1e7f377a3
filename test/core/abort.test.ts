/**
 * Following a caller's signal (src/core/abort.ts): one listener on it however many calls follow it,
 * nothing left on it once they have ended, and `anySignal` without `AbortSignal.any` (which Node 20
 * makes leak, and the edge-runtime, Chrome < 116, Firefox < 124 and Safari < 17.4 lack). The SDK
 * is also run with `AbortSignal.any` removed, as those runtimes have it.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { anySignal, onAbort } from '../../src/core/abort.js';
import { createWaldurClient, WaldurAbortError, WaldurError } from '../../src/index.js';
import { createFakeWaldur } from '../../src/testing/index.js';

/**
 * How many entries the runtime's own collections on `signal` hold (Node keeps its listeners, and
 * the signals `AbortSignal.any` derived from it, in Maps and Sets under symbol keys).
 */
function heldBy(signal: AbortSignal): number {
  let held = 0;
  for (const key of Object.getOwnPropertySymbols(signal)) {
    const value = (signal as unknown as Record<symbol, { size?: unknown } | undefined>)[key];
    if (typeof value?.size === 'number') held += value.size;
  }
  return held;
}

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

describe('onAbort: one listener on a followed signal, however many calls follow it', () => {
  it('calls each subscriber once when the signal aborts, through one listener', () => {
    const source = countingSignal();
    const seen: string[] = [];
    onAbort(source.signal, () => seen.push('a'));
    onAbort(source.signal, () => seen.push('b'));
    const off = onAbort(source.signal, () => seen.push('c'));
    expect(source.listeners()).toBe(1);
    off();
    source.controller.abort();
    source.controller.abort();
    expect(seen).toEqual(['a', 'b']);
  });

  it('removes its listener once the last subscriber is gone, and subscribes again afterwards', () => {
    const source = countingSignal();
    const offs = Array.from({ length: 50 }, () => onAbort(source.signal, () => undefined));
    expect(source.listeners()).toBe(1);
    for (const off of offs) off();
    expect(source.listeners()).toBe(0);
    let called = 0;
    onAbort(source.signal, () => called++);
    source.controller.abort();
    expect(called).toBe(1);
  });

  it('calls a subscriber at once when the signal has already aborted, and adds nothing to it', () => {
    const source = countingSignal();
    source.controller.abort(new Error('before'));
    let called = 0;
    onAbort(source.signal, () => called++)();
    expect(called).toBe(1);
    expect(source.listeners()).toBe(0);
  });
});

describe('anySignal (AbortSignal.any, unsubscribing from every source once it has aborted)', () => {
  it('aborts when any source aborts, with that source’s reason, once', () => {
    const a = new AbortController();
    const b = new AbortController();
    const follower = anySignal([a.signal, b.signal]);
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
    const follower = anySignal([new AbortController().signal, AbortSignal.abort(reason)]);
    expect(follower.aborted).toBe(true);
    expect(follower.reason).toBe(reason);
  });

  it('removes its listeners from every source once it has aborted', () => {
    const a = countingSignal();
    const b = countingSignal();
    anySignal([a.signal, b.signal]);
    expect([a.listeners(), b.listeners()]).toEqual([1, 1]);
    a.controller.abort();
    expect([a.listeners(), b.listeners()]).toEqual([0, 0]);
  });

  it('leaves nothing on a long-lived source once each follower has aborted, through a source of its own', () => {
    const shared = countingSignal();
    const own = Array.from({ length: 50 }, () => new AbortController());
    const followers = own.map((controller) => anySignal([shared.signal, controller.signal]));
    expect(shared.listeners()).toBe(1); // one listener for all 50: no MaxListenersExceededWarning
    for (const controller of own) controller.abort(new Error('done'));
    expect(followers.every((follower) => follower.aborted)).toBe(true);
    expect(shared.listeners()).toBe(0);
    expect(heldBy(shared.signal)).toBe(0);
    // The shared signal still works, and aborting it throws nothing.
    shared.controller.abort();
    expect(shared.signal.aborted).toBe(true);
  });

  it('still aborts a follower after many collections', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const source = new AbortController();
    const follower = anySignal([source.signal]);
    for (let round = 0; round < 5; round++) {
      gc();
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    source.abort(new Error('late'));
    expect(follower.aborted).toBe(true);
    expect((follower.reason as Error).message).toBe('late');
  }, 60_000);
});

describe('a long-lived signal shared by many calls keeps nothing of them once they have ended', () => {
  // Node 20's AbortSignal.any (which the transport used for every call) keeps a reference on the
  // source for every signal derived from it, for the source's whole life: about 65 bytes a call on
  // a service's shutdown signal. These count what the signal holds after the calls: its listeners,
  // and the entries of the runtime's own collections on it (heldBy).
  const fake = createFakeWaldur({ credits: 30, token: 't' });
  const waldur = createWaldurClient({ baseUrl: fake.baseUrl, token: 't', fetch: fake.fetch });

  it('heldBy sees what AbortSignal.any keeps on a source (the check below can fail)', () => {
    const source = new AbortController().signal;
    for (let i = 0; i < 10; i++) AbortSignal.any([source]);
    expect(heldBy(source)).toBeGreaterThanOrEqual(10);
  });

  it('100 get() calls, one after the other and 20 at once', async () => {
    const shared = countingSignal();
    const [first] = await waldur.projectCredits.listAll({ page_size: 30 });
    for (let i = 0; i < 80; i++) await waldur.projectCredits.get(first!.uuid, { signal: shared.signal });
    await Promise.all(Array.from({ length: 20 }, () => waldur.projectCredits.get(first!.uuid, { signal: shared.signal })));
    expect(shared.listeners()).toBe(0);
    expect(heldBy(shared.signal)).toBe(0);
  });

  it('20 walks, and calls that failed or waited in a retry backoff', async () => {
    const shared = countingSignal();
    for (let i = 0; i < 20; i++) await waldur.projectCredits.listAll({ page_size: 7 }, { signal: shared.signal, concurrency: 2 });
    let attempts = 0;
    const flaky = createWaldurClient({
      baseUrl: 'https://waldur.test',
      token: 't',
      maxRetries: 1,
      retryBackoffMs: 1,
      fetch: async () =>
        ++attempts % 2 === 1 ? new Response('{"detail":"busy"}', { status: 503 }) : new Response('{"detail":"gone"}', { status: 404 }),
    });
    for (let i = 0; i < 10; i++) await flaky.projectCredits.count({}, { signal: shared.signal }).catch(() => undefined);
    expect(attempts).toBe(20);
    expect(shared.listeners()).toBe(0);
    expect(heldBy(shared.signal)).toBe(0);
  });
});

describe('the SDK where AbortSignal.any is missing (edge-runtime, older browsers)', () => {
  // The property as it was, put back as it was.
  const native = Object.getOwnPropertyDescriptor(AbortSignal, 'any');
  const withoutAny = async (run: () => Promise<void>) => {
    // @ts-expect-error: removed, as those runtimes lack it
    delete AbortSignal.any;
    try {
      expect(typeof (AbortSignal as { any?: unknown }).any).toBe('undefined');
      await run();
    } finally {
      if (native) Object.defineProperty(AbortSignal, 'any', native);
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
        for await (const _credit of waldur.projectCredits.list({ page_size: 10 }, { signal: controller.signal, concurrency: 2 })) {
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
