// The autotrack module as a script file (dist/tracklet-autotrack.min.js): hands its exports to
// the core that loaded it (modules/loadScript.ts reads them once the script ran).
import { follow, trackDom } from './autotrack';

(window as any)['tracklet:autotrack'] = { follow, trackDom };
