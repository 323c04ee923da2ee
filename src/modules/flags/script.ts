// The flags module as a script file (dist/tracklet-flags.min.js): hands its exports to the core
// that loaded it (modules/loadScript.ts reads them once the script ran), and notes its own
// script element, beside which it loads its property-filter evaluator when needed.
import { startFlags } from './flags';
import { captureScript } from './loadTargetingScript';

captureScript();
(window as any)['tracklet:flags'] = { startFlags };
