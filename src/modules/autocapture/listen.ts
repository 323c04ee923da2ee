// Listeners that never throw into the page and are all removed by stop().

export type Listen = (target: EventTarget, type: string, fn: (ev: any) => void, options?: AddEventListenerOptions) => () => void;

/** `fn` made safe to run from a listener or timer: what it throws is reported, never rethrown. */
export type Safe = <A>(what: string, fn: (arg: A) => void) => (arg?: A) => void;

/** `listen` adds a guarded listener and returns its removal; `stop` removes every one still on. */
export function listeners(report: (message: string, error?: unknown) => void): { _listen: Listen; _safe: Safe; _stop(): void } {
  const live = new Set<() => void>();
  const safe: Safe = (what, fn) => (arg?: any) => {
    try {
      fn(arg);
    } catch (err) {
      report(`autocapture: ${what} failed`, err);
    }
  };
  const listen: Listen = (target, type, fn, options = {}) => {
    const guarded = safe(type + ' handler', fn);
    target.addEventListener(type, guarded, options);
    const off = () => {
      live.delete(off);
      target.removeEventListener(type, guarded, options);
    };
    live.add(off);
    return off;
  };
  return { _listen: listen, _safe: safe, _stop: () => live.forEach((off) => off()) };
}
