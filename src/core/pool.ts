/**
 * A worker pool: each of some items through one async task, a bounded number at once.
 */

/**
 * Runs `work` on each of `items`, up to `concurrency` at once: one queue for all the workers, each
 * takes the next item when it is free. Rejects with the first failure (the other workers end
 * with the item they are on).
 */
export async function atOnce<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  const queue = items.values();
  const worker = async () => {
    for (const item of queue) await work(item);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}
