// The recorder module as a script file (dist/tracklet-recorder.min.js): hands its export to the
// core that loaded it (modules/loadScript.ts reads it once the script ran).
import { startRecorder } from './recorder';

(window as any)['tracklet:recorder'] = { startRecorder };
