// Work the console does while it is idle, one item per idle moment: a batch of it in one idle callback
// is one long task in the way of what the page draws meanwhile (live values).

/**
 * Runs `work` on each item in turn, each in its own idle moment and the next once the last has settled;
 * resolves when all have. A failed item does not stop the rest (its owner reports it where it is used).
 */
export function oneByOneWhenIdle<T>(
  items: readonly T[],
  work: (item: T) => Promise<unknown>,
  whenIdle: (fn: () => void) => void,
): Promise<void> {
  const queue = [...items];
  return new Promise((resolve) => {
    const next = (): void => {
      if (queue.length === 0) return resolve();
      void work(queue.shift() as T)
        .catch(() => undefined)
        .then(() => whenIdle(next));
    };
    whenIdle(next);
  });
}
