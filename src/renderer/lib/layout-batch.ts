// Layout reads (clientWidth, …) and the writes that depend on them, batched: a dashboard of charts where
// each chart reads its box right after another chart changed the page lays the page out once per chart
// (the 12-widget dashboard spent most of its script time in those forced layouts). Jobs queued in one
// task run together in a microtask: every read first (one layout), then every write.

interface Job {
  read: () => unknown;
  write: (value: unknown) => void;
  cancelled: boolean;
}

let queue: Job[] = [];

function flush(): void {
  const batch = queue;
  queue = [];
  const values = batch.map((j) => (j.cancelled ? undefined : j.read()));
  batch.forEach((j, i) => {
    if (!j.cancelled) j.write(values[i]);
  });
}

/** Runs `read` with the other queued reads, then `write` with its value; returns a cancel. */
export function measureThen<T>(read: () => T, write: (value: T) => void): () => void {
  const job: Job = { read, write: write as (value: unknown) => void, cancelled: false };
  if (queue.length === 0) queueMicrotask(flush);
  queue.push(job);
  return () => {
    job.cancelled = true;
  };
}

const watched = new Map<Element, () => void>();
let observer: ResizeObserver | null = null;

/**
 * Calls `onResize` when `el`'s box changes (and once when it is first laid out). One observer for every
 * element, so the callbacks of one layout land in one batch of measureThen.
 */
export function observeSize(el: Element, onResize: () => void): () => void {
  observer ??= new ResizeObserver((entries) => {
    for (const e of entries) watched.get(e.target)?.();
  });
  watched.set(el, onResize);
  observer.observe(el);
  return () => {
    watched.delete(el);
    observer?.unobserve(el);
  };
}
