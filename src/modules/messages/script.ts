// The messages module as a script file (dist/tracklet-messages.min.js): hands its exports to the
// core that loaded it (modules/loadScript.ts reads them once the script ran).
import { text } from '../../lib/messages.mjs';

(window as any)['tracklet:messages'] = { text };
