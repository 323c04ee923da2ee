// The time a call was made. A call held while a module loads runs later (or at page hide);
// its event keeps the time of the call, not of the run.

let held = 0;

export const callTime = (): number => held || Date.now();

/** Runs `fn` as if called at `t`. */
export function asAt(t: number, fn: () => void): void {
  const outer = held;
  held = t;
  try {
    fn();
  } finally {
    held = outer;
  }
}
