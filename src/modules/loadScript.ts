// Where modules come from in the script-tag build (it replaces load.ts there): a <script> from
// the directory the core itself came from (or config `lib_base_path`, as upstream), carrying
// the core's nonce, its URL vouched for by the one `tracklet` Trusted Types policy, and pinned
// by its own SRI hash (listed in dist/tracklet-sri.min.js) when the core was pinned. (A core
// pasted inline has no URL: set `lib_base_path`.) The module file hands its exports over on a
// window property named after it, read once its load event fired.

import { win } from '../lib/env';
import type { Config } from '../types';

/**
 * The SRI hash of dist/tracklet-sri.min.js, written in by the build (rollup.config.mjs): the file
 * that lists every module file's own hash. A pinned core carries this one hash, not one per
 * module (each is 44 random characters no compression shortens), and reads the list before its
 * first module; an unpinned core never loads it.
 */
declare const __SRI_MANIFEST__: string;

// How the running core was loaded, and the Trusted Types policy to use (the snippet's, if any).
let src = '';
let nonce: string | undefined;
let pinned = '';
let policy: { createScriptURL(u: string): unknown } | undefined;
/** The one URL our own policy vouches for: the module file being loaded now. */
let wanted = '';

/** Notes how the running core was loaded; `tt`: the snippet's `tracklet` policy, if it made one. */
export function capture(tt: unknown): void {
  const s = document.currentScript as HTMLScriptElement | null;
  if (s) (src = s.src), (nonce = s.nonce), (pinned = s.integrity);
  policy = tt as typeof policy;
}

export const catchDom = undefined;

/** The module files' hashes (the manifest's hand-over), read once, when the core was pinned. */
let hashes: Promise<Record<string, string>> | undefined;

export const load = (name: string, cfg: Config): Promise<any> =>
  pinned ? (hashes = hashes || file('sri', cfg, __SRI_MANIFEST__)).then((h) => file(name, cfg, h[name])) : file(name, cfg);

/** Loads `tracklet-<name>.min.js` with the core's nonce and policy, pinned by `integrity` when given. */
const file = (name: string, cfg: Config, integrity?: string): Promise<any> =>
  new Promise((resolve, reject) => {
    const w = win() as any;
    const base = String(cfg.lib_base_path || src.replace(/[^/]*$/, '')).replace(/\/?$/, '/');
    // `recorder_src` (upstream's key) names the recorder file, resolved against the page (a
    // Trusted Types policy sees whole URLs): the same SRI hash applies to it.
    const own = name == 'recorder' && cfg.recorder_src;
    const url = own ? new URL(own as string, location.href).href : `${base}tracklet-${name}.min.js`;
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
    if (integrity) (s.integrity = integrity), (s.crossOrigin = 'anonymous');
    // Only the `tracklet` policy: the snippet's when it made one (module files in the bundle's
    // folder only), else ours, made once, which vouches for the URL computed here only. (Under
    // an enforced policy a plain string throws: the promise rejects, the calls go on.)
    if (!policy && w.trustedTypes) policy = w.trustedTypes.createPolicy('tracklet', { createScriptURL: (u: string) => (u == wanted && !/\.\.|%2e/i.test(u) ? u : '') });
    s.src = policy ? policy.createScriptURL((wanted = url)) : url;
    w.document.head.appendChild(s);
  });
