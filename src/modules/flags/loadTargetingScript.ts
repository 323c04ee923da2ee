// Where the property-filter evaluator comes from in the script-tag build (it replaces
// loadTargeting.ts there): dist/tracklet-targeting.min.js, from the folder the flags module's own
// script came from, with that script's nonce, and pinned by its SRI hash when the flags module
// was pinned. It hands its export over on window['tracklet:targeting']. Under enforced Trusted
// Types a plain URL is refused: the load fails and filtered first-time events are skipped.

import type { FiltersPass } from './loadTargeting';

/** The evaluator file's SRI hash, written in by the build (rollup.config.mjs). */
declare const __TARGETING_SRI__: string;

let self: HTMLScriptElement | null = null;

/** Notes the flags module's own script element (called by its script entry as it runs). */
export function captureScript(): void {
  self = document.currentScript as HTMLScriptElement | null;
}

export const loadTargeting = (): Promise<FiltersPass> =>
  new Promise((resolve, reject) => {
    const w = window as any;
    const key = 'tracklet:targeting';
    if (!self || !self.src) throw new Error('the flags module has no script URL to load tracklet-targeting.min.js beside');
    const url = self.src.replace(/[^/]*$/, 'tracklet-targeting.min.js');
    const s = document.createElement('script');
    const done = () => {
      clearTimeout(t);
      const m = w[key];
      delete w[key];
      m ? resolve(m.filtersPass) : reject(new Error('could not load ' + url));
    };
    const t = setTimeout(done, 10_000); // a server that never answers
    s.onload = s.onerror = done;
    s.nonce = self.nonce;
    if (self.integrity) (s.integrity = __TARGETING_SRI__), (s.crossOrigin = 'anonymous');
    s.src = url;
    document.head.appendChild(s);
  });
