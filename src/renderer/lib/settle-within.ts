/**
 * Settles when `p` settles (its value or error dropped) or after `limitMs`, whichever comes first: for a
 * wait that may improve what is shown but must never hold it up for long (main.tsx's first render).
 */
export function settleWithin(p: Promise<unknown>, limitMs: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, limitMs)));
  const done = p.then(
    () => undefined,
    () => undefined,
  );
  return Promise.race([done, late]).finally(() => clearTimeout(timer));
}
