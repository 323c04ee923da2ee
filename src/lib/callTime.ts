// The time a call was made. A call held while a module loads runs later (or at page hide);
// its event keeps the time of the call, not of the run.

let held = 0;

export const callTime = (): number => held || Date.now();

/** Runs `fn` as if called at `t`; returns what it returns (a held flush()'s promise). */
export function asAt<T>(t: number, fn: () => T): T {
  const outer = held;
  held = t;
  try {
    return fn();
  } finally {
    held = outer;
  }
}
