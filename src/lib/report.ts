// The one exit for problems: nothing the library meets is ever thrown into the host page.
// Errors always reach `error_reporter`; the console only hears about them with `debug: true`,
// except for the few mistakes a developer must see (`loud`), such as a refused secret.

import type { Response } from '../types';

export interface ReportTarget {
  debug?: unknown;
  error_reporter?: unknown;
}

/** `console[method]` with our prefix; a broken console must not break tracking. */
function out(method: 'error' | 'log', message: string, extra: unknown): void {
  try {
    console[method]('[tracklet] ' + message, ...(extra === undefined ? [] : [extra]));
  } catch {
    // ignore
  }
}

export function report(config: ReportTarget, message: string, error?: unknown, loud?: boolean): void {
  if (config.debug || loud) out('error', message, error);
  try {
    if (typeof config.error_reporter == 'function') config.error_reporter(message, error);
  } catch {
    // a throwing reporter is the host's problem, not the page's
  }
}

/** A mistake the developer must see: reported, and on the console even without `debug`. */
export const warn = (config: ReportTarget, message: string): void => report(config, message, undefined, true);

export function debugLog(config: ReportTarget, message: string, detail?: unknown): void {
  if (config.debug) out('log', message, detail);
}

/** The caller's callback, made safe: whatever it throws is reported, never propagated. */
export function safeCallback(config: ReportTarget, fn: unknown): ((status: Response | -1, data?: unknown) => void) | undefined {
  if (typeof fn != 'function') return undefined;
  return (status, data) => {
    try {
      fn(status, data);
    } catch (e) {
      report(config, 'your callback threw', e);
    }
  };
}
