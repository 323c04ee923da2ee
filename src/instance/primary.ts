// The default export of the ES module: an uninitialized primary instance, as `mixpanel-browser`
// exports one. Constructing it touches no browser API, so importing tracklet has no effects.

import { Instance } from './Instance';
import type { Tracklet } from '../types';

const primary = /* @__PURE__ */ new Instance('mixpanel') as unknown as Tracklet;
export default primary;
