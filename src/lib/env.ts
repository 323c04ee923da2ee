// Safe access to browser globals: undefined under server-side rendering, in workers without a
// DOM, or where a sandbox makes the getter itself throw.

export const win = (): (Window & typeof globalThis) | undefined =>
  typeof window == 'object' && window ? window : undefined;

export const doc = (): Document | undefined => {
  const w = win();
  return w && w.document;
};

/** Runs `fn`, returning `fallback` if it throws (storage, cookies and sandboxed frames do). */
export function attempt<T>(fn: () => T, fallback: T): T {
  try {
    return fn();
  } catch {
    return fallback;
  }
}

export const now = (): number => Date.now();

export const offline = (): boolean => attempt(() => win()!.navigator.onLine === false, false);
