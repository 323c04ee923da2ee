// The script-tag entry (dist/tracklet.min.js). Adopts the queue left by a stub, ours or
// Mixpanel's official snippet, replays it, and installs the live instances on `window.mixpanel`.

import { Instance } from './instance/Instance';
import { start } from './instance/start';
import { replay } from './instance/replay';
import { report } from './lib/report';
// Modules: where they load from, and the stub's queue waiting for the ones it needs.
import { capture } from './modules/loadScript';
import { fetchModule, dropped } from './modules/need';
import { wanted } from './modules/autotrack/wanted';

const NAME = 'mixpanel';

(function adopt(w: any) {
  if (!w) return;
  // `npx tracklet snippet --global <name>` installs the stub under another global name.
  const global = typeof w.TRACKLET_GLOBAL == 'string' ? w.TRACKLET_GLOBAL : NAME;
  const stub = w[global];
  // Loaded twice (two tags, a tag manager): the live instance stays as it is.
  if (stub && stub.__loaded) return report({ debug: stub.get_config && stub.get_config('debug') }, 45);
  const queue: any = Array.isArray(stub) ? stub : [];
  // A second copy arriving while the first waits for a module (the stub is still in place).
  if (queue['_tk']) return;
  queue['_tk'] = 1;
  capture(queue['_tt']);
  // A queue that needs a module waits, still the stub, until it is here (or failed, or the page
  // is going): its calls then replay with the module at hand, as if it had been in the bundle.
  let go = () => {
    go = () => {};
    w.removeEventListener('pagehide', leave, true);
    install(w, global, queue);
  };
  const leave = () => dropped(go);
  if (!wanted(queue)) return go();
  w.addEventListener('pagehide', leave, true);
  fetchModule('autotrack', (queue['_i'][0] || [])[1] || {}).then(() => go(), () => go());
})(typeof window == 'object' ? window : undefined);

/** Starts the instances the stub queued, replays their calls and puts the primary on `w[global]`. */
function install(w: any, global: string, queue: any): void {
  const primary = new Instance(NAME);
  // The last step of each instance started here, run once `window.mixpanel` is in place.
  const ready: (() => void)[] = [];
  for (const entry of Array.isArray(queue['_i']) ? queue['_i'] : []) {
    if (!Array.isArray(entry)) continue;
    const [token, config, name] = entry;
    // The stub records the primary's init under its global's name.
    const isPrimary = name == null || name === NAME || name === global;
    if (!isPrimary && primary[name] instanceof Instance) continue;
    const inst = isPrimary ? primary : new Instance(String(name));
    if (isPrimary && inst.__loaded) continue;
    const done = start(inst, token, config, true);
    if (!done) continue;
    const calls = isPrimary ? queue : queue[name];
    if (calls) {
      replay(inst.people, calls.people, inst._cfg);
      replay(inst, calls, inst._cfg);
    }
    if (!isPrimary) primary[name] = inst;
    ready.push(done);
  }
  // Calls queued on a primary that was never initialized wait for a later init().
  if (!primary.__loaded && queue.length) primary._pending.push(() => replay(primary.people, queue.people, primary._cfg), () => replay(primary, queue, primary._cfg));
  w[global] = primary;
  for (const done of ready) done();
}
