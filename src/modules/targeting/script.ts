// The property-filter evaluator (lib/targeting.ts) as a script file
// (dist/tracklet-targeting.min.js): a module like the others, loaded by the core's loader when
// the flags module asks for it (a first-time event with property filters), so it comes with the
// core's nonce, Trusted Types policy and SRI pin.
import { filtersPass } from '../../lib/targeting';

(window as any)['tracklet:targeting'] = { filtersPass };
