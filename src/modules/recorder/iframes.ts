// Cross-origin iframes (`record_allowed_iframe_origins`, as mixpanel-browser 2.84): a page and the
// iframes it embeds from the listed origins make one replay. The embedding page answers a
// handshake (postMessage, checked by origin and token) with its replay id and distinct id; an
// iframe asks its parent for them (at once, then 9 more times, 50 ms doubling), and once
// answered records under that replay id, its rrweb passing its events (masked by its own
// config) to the parent's rrweb, which places them in the iframe's node. The parent's rrweb
// takes such events only from the listed origins.

const REQUEST = 'mp_iframe_handshake_request';
const RESPONSE = 'mp_iframe_handshake_response';

/** The origins of the list that are origins (an entry that is not a URL, or opaque, is reported and skipped). */
export function allowedOrigins(list: unknown, report: (m: string) => void): string[] {
  if (!Array.isArray(list)) {
    if (list) report('session replay: record_allowed_iframe_origins must be an array of origins; cross-origin iframes are not recorded');
    return [];
  }
  const out: string[] = [];
  for (const entry of list) {
    let origin = 'null';
    try {
      origin = new URL(entry).origin;
    } catch {
      // reported below
    }
    if (origin == 'null') report(`session replay: ${entry} in record_allowed_iframe_origins is not an origin; skipped`);
    else out.push(origin);
  }
  return out;
}

export interface Frames {
  token: unknown;
  /** This page's replay id and distinct id, if it records. */
  ids(): [replayId: string, distinctId: unknown] | null;
  /** The parent answered: record under its replay id. */
  joined(replayId: string, distinctId: unknown): void;
}

/** Starts listening (and, in an iframe, asking the parent); returns the undo. */
export function linkFrames(origins: string[], f: Frames): () => void {
  const listen = (fn: (ev: MessageEvent) => void, capture?: boolean) => {
    addEventListener('message', fn, capture);
    return () => removeEventListener('message', fn, capture);
  };
  const ours = (ev: MessageEvent, type: string) => origins.indexOf(ev.origin) >= 0 && ev.data && ev.data.type == type && ev.data.token === f.token;
  const undo = [
    // rrweb's own listener takes iframe events from any origin: only the listed ones reach it.
    listen((ev) => {
      if (ev.data && ev.data.type == 'rrweb' && origins.indexOf(ev.origin) < 0) ev.stopImmediatePropagation();
    }, true),
    listen((ev) => {
      const ids = ours(ev, REQUEST) && f.ids();
      if (ids && ev.source) (ev.source as Window).postMessage({ type: RESPONSE, token: f.token, replayId: ids[0], distinctId: ids[1] }, ev.origin);
    }),
  ];
  if (parent != window) {
    let answered = false;
    const off = listen((ev) => {
      if (answered || !ours(ev, RESPONSE) || !ev.data.replayId) return;
      answered = true;
      off();
      f.joined(String(ev.data.replayId), ev.data.distinctId);
    });
    undo.push(off);
    const ask = (tries: number, wait: number) => {
      if (answered) return;
      for (const o of origins) {
        try {
          parent.postMessage({ type: REQUEST, token: f.token }, o);
        } catch {
          // the parent is not of that origin
        }
      }
      if (tries > 1) setTimeout(() => ask(tries - 1, wait * 2), wait);
    };
    ask(10, 50);
  }
  return () => undo.forEach((u) => u());
}
