// The one exit for problems: nothing the library meets is ever thrown into the host page.
// Errors always reach `error_reporter`; the console only hears about them with `debug: true`,
// except for the few mistakes a developer must see (`loud`), such as a refused secret.

export interface ReportTarget {
  debug?: unknown;
  error_reporter?: unknown;
}

const PREFIX = '[tracklet] ';

export function report(config: ReportTarget, message: string, error?: unknown, loud?: boolean): void {
  try {
    if (config.debug || loud) console.error(PREFIX + message, ...(error === undefined ? [] : [error]));
    if (typeof config.error_reporter == 'function') config.error_reporter(message, error);
  } catch {
    // a broken console or reporter must not break tracking
  }
}

export function debugLog(config: ReportTarget, message: string, detail?: unknown): void {
  try {
    if (config.debug) console.log(PREFIX + message, ...(detail === undefined ? [] : [detail]));
  } catch {
    // ignore
  }
}

/** The caller's callback, made safe: whatever it throws is reported, never propagated. */
export function safeCallback(config: ReportTarget, fn: unknown): ((status: number, data?: unknown) => void) | undefined {
  if (typeof fn != 'function') return undefined;
  return (status, data) => {
    try {
      fn(status, data);
    } catch (e) {
      report(config, 'a callback passed to tracklet threw', e);
    }
  };
}
