// The property-filter evaluator as a script file (dist/tracklet-targeting.min.js): hands its
// export to the flags module that loaded it (./loadTargetingScript.ts).
import { filtersPass } from '../../lib/targeting';

(window as any)['tracklet:targeting'] = { filtersPass };
