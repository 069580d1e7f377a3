/**
 * The one contract of every callback a caller gives the SDK: the client's `onRequest` and
 * `onResponse` hooks, a walk's `onProgress` and `onDrift`, and `applyChanges`' `onProgress`.
 */

/**
 * Calls a caller's callback with `event`. It is called synchronously and never awaited; what it
 * throws, and the rejection of a promise it returns, are ignored: the operation goes on as if it
 * had returned. So a callback can neither fail nor stop an operation, lose work already done, lose
 * a report, nor crash the process with an unhandled rejection. (To stop an operation, abort its
 * `signal`.)
 */
export function notify<E>(callback: ((event: E) => unknown) | undefined, event: E): void {
  if (callback === undefined) return;
  try {
    const result = callback(event);
    if (result !== null && (typeof result === 'object' || typeof result === 'function')) {
      const then: unknown = (result as { then?: unknown }).then;
      if (typeof then === 'function') then.call(result, undefined, () => undefined);
    }
  } catch {
    // ignored: see above
  }
}
