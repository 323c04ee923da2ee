// The stub pasted into <head> (built alone into dist/snippet.min.js). It makes `window.mixpanel`
// a queue that records every call, `people.*` and `get_group(...).*` included, for the primary
// instance and named ones, then loads the bundle, which replays the queue in Mixpanel's order.
// The queue has the shape of Mixpanel's official snippet (an array of [method, ...args] with
// `_i` for init calls), so the bundle adopts either one with the same code.
//
// A Proxy instead of a list of method names: every method is queued, including ones added
// later, and the stub stays a few hundred bytes.

declare const __BUNDLE_URL__: string;

((w: any, d: Document, name: string) => {
  let m = w[name];
  // A second copy of the snippet, or a bundle already running: leave everything as it is.
  if (m && (m['__SV'] || m['__loaded'])) return;
  const record = (push: (call: unknown[]) => void, target: object) =>
    new Proxy(target, {
      get: (t: any, k) =>
        // Real members, private names and the probes of await / JSON.stringify stay untouched.
        typeof k != 'string' || k in t || k[0] == '_' || k == 'then' || k == 'toJSON'
          ? t[k]
          : (...a: unknown[]) => void push([k, ...a]),
    });
  const queue = (q: any): any => {
    const people = q.people || [];
    q.people = record((c) => people.push(c), people);
    q.get_group = (...g: unknown[]) => record((c) => q.push([['get_group', ...g], c]), {});
    return record((c) => q.push(c), q);
  };
  m = w[name] = queue(Array.isArray(m) ? m : []);
  m['_i'] = [];
  m.init = (token: string, config?: object, instance?: string) => {
    if (instance && !(instance in m)) m[instance] = queue([]);
    m['_i'].push([token, config, instance || name]);
  };
  m['__SV'] = 1.2;
  const s = d.createElement('script');
  const url = w.MIXPANEL_CUSTOM_LIB_URL || __BUNDLE_URL__;
  // Under a strict CSP the inserted script needs this script's nonce...
  // (No currentScript, e.g. a module script: the nonce is then "undefined", harmless.)
  s.nonce = ((d.currentScript || {}) as HTMLScriptElement).nonce!;
  try {
    // ...and where Trusted Types are enforced, the one `tracklet` policy. It vouches for this URL
    // (asked first, while `s.src` is empty) and then for URLs in the bundle's folder: handed to
    // the bundle on the queue, it serves the bundle's modules too. A dot-dot segment (also
    // percent-encoded: browsers resolve `%2e%2e` as `..`) would climb out of the folder.
    s.src = (m['_tt'] = w.trustedTypes.createPolicy('tracklet', { createScriptURL: (u: string) => (u.indexOf(s.src.replace(/[^/]*$/, '')) || /\.\.|%2e/i.test(u) ? '' : u) })).createScriptURL(url);
  } catch {
    s.src = url;
  }
  // Subresource Integrity, when the page pins the bundle (`npx tracklet snippet` sets this).
  // (crossorigin="" is the anonymous mode, as "anonymous" is, in fewer bytes.)
  if (w.TRACKLET_SRI) (s.integrity = w.TRACKLET_SRI), (s.crossOrigin = '');
  // Inserted scripts load async by default; <head> always exists in an HTML document.
  d.head.append(s);
})(window, document, 'mixpanel');
