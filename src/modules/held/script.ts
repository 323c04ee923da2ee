// The held module as a script file (dist/tracklet-held.min.js): hands its exports to the core
// that loaded it (modules/loadScript.ts reads them once the script ran).
import { fold, take, adopt } from './held';

(window as any)['tracklet:held'] = { fold, take, adopt };
