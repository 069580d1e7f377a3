/**
 * `AbortSignal.any` where the runtime has it, and the same behaviour where it does not: the
 * `edge-runtime` of Vercel and Next.js middleware, Chrome before 116, Firefox before 124 and
 * Safari before 17.4. (Every engine that parses this package's ES2022 has WeakRef and
 * FinalizationRegistry: Safari 15, Chrome 84, Firefox 79.)
 */

/**
 * A signal that aborts, with the same reason, as soon as any of `signals` does (at once when one
 * already has). Like `AbortSignal.any`, it is not kept alive by its sources: a signal shared by
 * many calls does not keep a listener per call for ever.
 */
export function anySignal(signals: AbortSignal[]): AbortSignal {
  return AbortSignal.any ? AbortSignal.any(signals) : followSignals(signals);
}

/** Removes a collected fallback signal's listeners from its sources (one that aborted has removed them already). */
let unhookWhenCollected: FinalizationRegistry<() => void> | undefined;
/** Each fallback signal's controller, kept alive by the signal and by nothing else. */
let controllers: WeakMap<AbortSignal, AbortController> | undefined;

/**
 * The fallback of {@link anySignal}, exported for its test. Each source gets one listener that
 * reaches the new signal through a weak reference only; the listeners are removed when the new
 * signal aborts, and when it is garbage-collected.
 */
export function followSignals(signals: readonly AbortSignal[]): AbortSignal {
  const controller = new AbortController();
  const { signal } = controller;
  const aborted = signals.find((source) => source.aborted);
  if (aborted) {
    controller.abort(aborted.reason);
  } else {
    unhookWhenCollected ??= new FinalizationRegistry((unhook) => unhook());
    unhookWhenCollected.register(signal, hookSources(signals, new WeakRef(controller)));
    (controllers ??= new WeakMap()).set(signal, controller);
  }
  return signal;
}

/**
 * Adds one listener to each source and answers the function that removes them all. A function of
 * its own, so that the listeners see the controller only through `target`: closures of one scope
 * share what they capture, and a listener holding the controller would keep it alive.
 */
function hookSources(signals: readonly AbortSignal[], target: WeakRef<AbortController>): () => void {
  const unhook = () => {
    for (const [source, onAbort] of hooks) source.removeEventListener('abort', onAbort);
  };
  const hooks = signals.map((source) => [source, () => (unhook(), target.deref()?.abort(source.reason))] as const);
  for (const [source, onAbort] of hooks) source.addEventListener('abort', onAbort, { once: true });
  return unhook;
}
