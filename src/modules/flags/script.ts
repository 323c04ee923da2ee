// The flags module as a script file (dist/tracklet-flags.min.js): hands its exports to the core
// that loaded it (modules/loadScript.ts reads them once the script ran).
import { startFlags } from './flags';

(window as any)['tracklet:flags'] = { startFlags };
