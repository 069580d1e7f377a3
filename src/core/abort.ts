/**
 * Following a caller's `AbortSignal` without leaving anything on it. A signal may be shared by any
 * number of calls and live as long as the process (a service's shutdown signal): it holds one
 * listener of the SDK's while calls follow it, whatever their number (Node warns past 10), and
 * nothing once they have ended. (`AbortSignal.any` is not used: Node 20 keeps a reference on the
 * source for every signal ever derived from it, about 65 bytes a call; and the edge-runtime,
 * Chrome before 116, Firefox before 124 and Safari before 17.4 lack it.)
 */

/** The subscribers of each followed signal, and the one listener that calls them. */
const followed = new WeakMap<AbortSignal, { listeners: Set<() => void>; fire: () => void }>();

/**
 * Calls `listener` when `signal` aborts (at once when it has); answers the function that
 * unsubscribes it, which a call runs when it ends. Each subscription is a function of its own (a
 * closure of the call); it reads the reason from the signal.
 */
export function onAbort(signal: AbortSignal, listener: () => void): () => void {
  if (signal.aborted) {
    listener();
    return () => undefined;
  }
  let entry = followed.get(signal);
  if (!entry) {
    const listeners = new Set<() => void>();
    const fire = () => {
      for (const each of listeners) each();
    };
    entry = { listeners, fire };
    followed.set(signal, entry);
    signal.addEventListener('abort', fire, { once: true });
  }
  const { listeners, fire } = entry;
  listeners.add(listener);
  return () => {
    if (listeners.delete(listener) && listeners.size === 0) {
      followed.delete(signal);
      signal.removeEventListener('abort', fire);
    }
  };
}

/**
 * A signal that aborts, with the same reason, as soon as any of `signals` does (at once when one
 * already has), as `AbortSignal.any` does; then it unsubscribes from them all. Until then it
 * stays subscribed, so give it a source of your own that you abort when you are done with it (a
 * walk aborts its own controller when it ends): nothing is then left on the others.
 */
export function anySignal(signals: readonly AbortSignal[]): AbortSignal {
  const controller = new AbortController();
  const offs = signals.map((source) => onAbort(source, () => controller.abort(source.reason)));
  onAbort(controller.signal, () => {
    for (const off of offs) off();
  });
  return controller.signal;
}
