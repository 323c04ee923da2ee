// Where modules come from in the script-tag build (it replaces load.ts there): a <script> from
// the directory the core itself came from (or config `lib_base_path`, as upstream), carrying
// the core's nonce, its URL vouched for by the one `tracklet` Trusted Types policy, and pinned
// by its own SRI hash when the core was pinned. (A core pasted inline has no URL: set
// `lib_base_path`.) The module file hands its exports over on a
// window property named after it, read once its load event fired.

import { win } from '../lib/env';
import type { Config } from '../types';

/** Each module file's SRI hash, written in by the build (rollup.config.mjs) after the modules are built. */
declare const __MODULE_SRI__: Record<string, string>;

// How the running core was loaded, and the Trusted Types policy to use (the snippet's, if any).
let src = '';
let nonce: string | undefined;
let pinned = '';
let policy: { createScriptURL(u: string): unknown } | undefined;

/** Notes how the running core was loaded; `tt`: the snippet's `tracklet` policy, if it made one. */
export function capture(tt: unknown): void {
  const s = document.currentScript as HTMLScriptElement | null;
  if (s) (src = s.src), (nonce = s.nonce), (pinned = s.integrity);
  policy = tt as typeof policy;
}

export const catchDom = undefined;

export const load = (name: string, cfg: Config): Promise<any> =>
  new Promise((resolve, reject) => {
    const w = win() as any;
    const base = String(cfg.lib_base_path || src.replace(/[^/]*$/, '')).replace(/\/?$/, '/');
    const url = `${base}tracklet-${name}.min.js`;
    const key = 'tracklet:' + name;
    const s = w.document.createElement('script');
    const done = () => {
      clearTimeout(t);
      const m = w[key];
      delete w[key];
      m ? resolve(m) : reject(url);
    };
    const t = setTimeout(done, 10_000); // a server that never answers
    s.onload = s.onerror = done;
    s.nonce = nonce;
    if (pinned) (s.integrity = __MODULE_SRI__[name]), (s.crossOrigin = 'anonymous');
    // Only the `tracklet` policy: the snippet's when it made one, else ours, made once. (Under
    // an enforced policy a plain string throws: the promise rejects, the calls go on.)
    if (!policy && w.trustedTypes) policy = w.trustedTypes.createPolicy('tracklet', { createScriptURL: (u: string) => (!u.indexOf(base) && !/\.\.|%2e/i.test(u) ? u : '') });
    s.src = policy ? policy.createScriptURL(url) : url;
    w.document.head.appendChild(s);
  });
