// The property-filter evaluator (lib/targeting.ts) as a script file
// (dist/tracklet-targeting.min.js): a module like the others, loaded by the core's loader when
// the flags module (a first-time event with property filters) or the recorder (a trigger with
// property filters) asks for it through its ModuleHost, so it comes with the core's nonce,
// Trusted Types policy and SRI pin.
import { filtersPass } from '../../lib/targeting';

(window as any)['tracklet:targeting'] = { filtersPass };
