// The default export of `tracklet/lite`: an uninitialized primary lite instance. Constructing it
// touches no browser API, so importing has no effects.

import { Lite } from './Lite';
import type { TrackletLite } from '../types';

const primary = /* @__PURE__ */ new Lite('mixpanel') as unknown as TrackletLite;
export default primary;
