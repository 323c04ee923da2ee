// The one exit for problems: nothing the library meets is ever thrown into the host page.
// Errors always reach `error_reporter`; the console only hears about them with `debug: true`,
// except for the few mistakes a developer must see (`loud`), such as a refused secret.
//
// A problem is a numbered code and its variable parts (docs/messages.md has one entry per code;
// a code never changes meaning once shipped). The sentences are a module of their own
// (modules/messages/), fetched only for a page that reads them: `debug: true` or an
// `error_reporter`. Until it arrives, reports are held (bounded) and then written in order with
// their sentence; without it, a loud problem still reaches the console as code, link and parts.

import type { Response } from '../types';

export interface ReportTarget {
  debug?: unknown;
  error_reporter?: unknown;
}

/** A code of docs/messages.md, or (modules loaded on demand) a sentence of their own. */
export type Code = number | string;
type Text = (code: number, args: unknown[]) => string;
/** A report waiting for the sentences: target, code, parts, error or detail, kind (0 report, 1 loud, 2 log). */
type Held = [ReportTarget, Code, unknown[], unknown, number];

/** Written in by the build (rollup.config.mjs): docs/messages.md of the published version. */
declare const __DOCS_URL__: string;
const DOCS = typeof __DOCS_URL__ == 'string' ? __DOCS_URL__ : 'https://cdn.jsdelivr.net/npm/tracklet/docs/messages.md';
const MAX_HELD = 100;

let text: Text | undefined;
let held: Held[] | undefined;
let failed = false;
let loader: (() => Promise<Text>) | undefined;

/** The default `error_reporter` (config.ts): set, it asks for nothing. */
export const noReporter = (): void => {};

/** Does this target read the sentences (debug, or an error_reporter of its own)? */
export const wantsText = (t: ReportTarget): boolean => !!t.debug || (typeof t.error_reporter == 'function' && t.error_reporter !== noReporter);

/** How to fetch the sentences (modules/messages/want.ts); set before any config is read. */
export const useLoader = (fetch: () => Promise<Text>): void => void (loader = fetch);

/** Starts fetching the sentences, once; reports are held until they arrive or fail. */
export function fetchText(): void {
  if (text || held || failed || !loader) return;
  const hold: Held[] = (held = []);
  const arrive = (t?: Text) => {
    text = t;
    failed = !t;
    held = undefined;
    for (const h of hold) write(h);
  };
  loader().then(arrive, () => arrive());
}

/** The sentence of `code`, or (no sentences here) the code, its link and its parts. */
function message(code: Code, args: unknown[]): string {
  if (typeof code == 'string') return code;
  if (text) return text(code, args);
  return [code, DOCS + '#' + code, ...args.map((a) => (a === undefined ? '' : String(a)))].join(' ').trimEnd();
}

/** `console[method]` with our prefix; a broken console must not break tracking. */
function out(method: 'error' | 'log', message: string, extra: unknown): void {
  try {
    console[method]('[tracklet] ' + message, ...(extra === undefined ? [] : [extra]));
  } catch {
    // ignore
  }
}

function write([target, code, args, extra, kind]: Held): void {
  try {
    // (A part that cannot become text, such as an object without a prototype, throws here.)
    const m = message(code, args);
    if (kind > 1) return target.debug ? out('log', m, extra) : undefined;
    if (target.debug || kind) out('error', m, extra);
    if (typeof target.error_reporter == 'function' && target.error_reporter !== noReporter) target.error_reporter(m, extra);
  } catch {
    // a throwing reporter is the host's problem, not the page's
  }
}

function send(h: Held): void {
  const t = h[0];
  if (wantsText(t)) fetchText();
  // Held with the two options it needs only: a config being merged may still carry a secret.
  if (!held || held.length >= MAX_HELD) return write(h);
  h[0] = { debug: t.debug, error_reporter: t.error_reporter };
  held.push(h);
}

/** A problem: to `error_reporter`, and to the console with `debug: true`. */
export const report = (target: ReportTarget, code: Code, args: unknown[] = [], error?: unknown): void => send([target, code, args, error, 0]);

/** A mistake the developer must see: reported, and on the console even without `debug`. */
export const warn = (target: ReportTarget, code: Code, args: unknown[] = []): void => send([target, code, args, undefined, 1]);

/** A note for the debug log only. */
export const debugLog = (target: ReportTarget, code: Code, args: unknown[] = [], detail?: unknown): void => {
  if (target.debug) send([target, code, args, detail, 2]);
};

/** The caller's callback, made safe: whatever it throws is reported, never propagated. */
export function safeCallback(config: ReportTarget, fn: unknown): ((status: Response | -1, data?: unknown) => void) | undefined {
  if (typeof fn != 'function') return undefined;
  return (status, data) => {
    try {
      fn(status, data);
    } catch (e) {
      report(config, 1, [], e);
    }
  };
}
