// Where modules come from in the ES module build: dynamic imports, so a bundler puts each in a
// chunk of its own, fetched only when a call needs it. (The script-tag build swaps this file
// for loadScript.ts; the CommonJS build inlines the imports, but for the recorder's, which
// stays a require() of dist/tracklet-recorder.cjs, made only when a session is recorded.)

import type { Config } from '../types';

export { catchDom } from './autotrack/catch';

const MODULES: Record<string, () => Promise<unknown>> = {
  autotrack: () => import('./autotrack/autotrack'),
  autocapture: () => import('./autocapture/autocapture'),
  flags: () => import('./flags/flags'),
  recorder: () => import('./recorder/recorder'),
  targeting: () => import('../lib/targeting'),
  held: () => import('./held/held'),
};

export const load = (name: string, _cfg: Config): Promise<any> => MODULES[name]();
