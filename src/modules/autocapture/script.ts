// The autocapture module as a script file (dist/tracklet-autocapture.min.js): hands its export
// over on a window property, where the script-tag core's module loader reads it (and the test
// pages do, until that loader exists).
import { startAutocapture } from './autocapture';

(window as any)['tracklet:autocapture'] = { startAutocapture };
